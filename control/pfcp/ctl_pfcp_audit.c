/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PFCP side of the post-switchover audit (control/srp): checks a
 * gateway session held by a PFCP session against that session's stored
 * rules, purges an inconsistent one through the normal delete path, and
 * the test hook that spoils a PFCP session's rules on purpose.
 * Context: control.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "core/ctl_log.h"
#include "ctl_pfcp.h"
#include "ctl_pfcp_int.h"
#include "ctl_pfcp_map.h"

/* The PFCP session whose installed gateway session is @teid, or NULL. */
static struct pfcp_sess *
audit_owner(uint32_t teid)
{
	struct pfcp_sess *s;

	if (!pfcp_srv.enabled)
		return NULL;
	s = ctl_pfcp_idx_get(&pfcp_srv.by_teid, teid);
	return s != NULL && s->gw_teid == teid ? s : NULL;
}

int
ctl_pfcp_audit(uint32_t teid, const struct sess_params *installed)
{
	struct ctl_pfcp_map_fail f;
	struct pfcp_sess *s = audit_owner(teid);

	if (s == NULL)
		return -ENOENT;
	/* Stored rules that no longer decode name nothing valid. */
	if (pfcp_sess_rules(s, &pfcp_rules) < 0)
		return CTL_PFCP_AUDIT_RULES;
	return (int)ctl_pfcp_map_audit(&pfcp_rules, installed, &f);
}

int
ctl_pfcp_audit_purge(uint32_t teid)
{
	struct pfcp_sess *s = audit_owner(teid);

	if (s == NULL)
		return -ENOENT;
	/* The gateway delete replicates; the standby forgets the PFCP
	 * session with it (ctl_pfcp_repl_forget()). */
	pfcp_sess_free(s, true);
	pfcp_srv.st.purged++;
	return 0;
}

int
ctl_pfcp_test_corrupt(uint32_t teid, int what)
{
	struct pfcp_sess *s = audit_owner(teid);
	struct ctl_pfcp_map m;
	struct ctl_pfcp_map_fail f;
	struct pfcp_pdr *ul;
	unsigned int i;

	if (s == NULL)
		return -ENOENT;
	if (pfcp_sess_rules(s, &pfcp_rules) < 0 ||
	    ctl_pfcp_map_rules(&pfcp_rules, &m, &f) < 0 || m.ul_pdr == 0)
		return -EINVAL;
	ul = ctl_pfcp_pdr_find(&pfcp_rules, m.ul_pdr);
	switch (what) {
	case CTL_PFCP_AUDIT_RULES:
		/* Drop the uplink PDR's FAR: the PDR names nothing. */
		for (i = 0; i < pfcp_rules.n_create_far; i++)
			if (pfcp_rules.create_far[i].far_id == ul->far_id)
				break;
		if (i == pfcp_rules.n_create_far)
			return -EINVAL;
		pfcp_rules.create_far[i] =
			pfcp_rules.create_far[pfcp_rules.n_create_far - 1];
		pfcp_rules.n_create_far--;
		break;
	case CTL_PFCP_AUDIT_NO_FTEID:
		for (i = 0; i < pfcp_rules.n_create_pdr; i++)
			pfcp_rules.create_pdr[i].pdi.present &=
				~PFCP_PDI_FTEID;
		break;
	default:
		return -EINVAL;
	}
	/* Only the stored rules change: the gateway session, the indexes
	 * and the peer's state stay as they were. */
	return pfcp_sess_rules_store(s, &pfcp_rules);
}
