/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The post-switchover audit's checks, purge and notices, and the test
 * hook "debug session-corrupt" (ctl_takeover_audit.h). The sliced walk
 * that calls them is ctl_takeover_run.c. Context: control.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "core/ctl_api.h"
#include "core/ctl_reply.h"
#include "net/ctl_punt.h"
#include "pfcp/ctl_pfcp.h"
#include "pfcp/ctl_pfcp_map.h"
#include "sess/ctl_sess.h"
#include "ctl_srp.h"
#include "ctl_takeover_audit.h"
#include "dp_fwd.h"

/* The hook is refused unless the process runs with this set to 1. */
#define AUDIT_TEST_ENV		"SRPGW_TEST_HOOKS"
/* A flag bit no release defines (sess_table.h SESS_F_*). */
#define AUDIT_BAD_FLAG		0x80

static const char *const audit_reason_names[CTL_PURGE_REASON_MAX] = {
	[CTL_PURGE_OK] = "ok",
	[CTL_PURGE_TABLE] = "table",
	[CTL_PURGE_PFCP_RULES] = "pfcp-rules",
	[CTL_PURGE_PFCP_NO_FTEID] = "pfcp-no-fteid",
	[CTL_PURGE_PFCP_MISMATCH] = "pfcp-mismatch",
};

const char *
ctl_purge_reason_str(enum ctl_purge_reason r)
{
	return (unsigned int)r < CTL_PURGE_REASON_MAX ?
	       audit_reason_names[r] : "?";
}

enum ctl_purge_reason
ctl_purge_reason_parse(const char *name)
{
	unsigned int r;

	for (r = CTL_PURGE_TABLE; r < CTL_PURGE_REASON_MAX; r++)
		if (name != NULL && strcmp(name, audit_reason_names[r]) == 0)
			return (enum ctl_purge_reason)r;
	return CTL_PURGE_OK;
}

enum ctl_purge_reason
ctl_purge_check(const struct sess *x, uint32_t slot)
{
	int r;

	if (x->slot != slot || sess_table_params_check(&x->p) < 0)
		return CTL_PURGE_TABLE;
	r = ctl_pfcp_audit(x->p.teid_local, &x->p);
	switch (r) {
	case CTL_PFCP_AUDIT_RULES:
		return CTL_PURGE_PFCP_RULES;
	case CTL_PFCP_AUDIT_NO_FTEID:
		return CTL_PURGE_PFCP_NO_FTEID;
	case CTL_PFCP_AUDIT_MISMATCH:
		return CTL_PURGE_PFCP_MISMATCH;
	default:
		return CTL_PURGE_OK;	/* consistent, or not a PFCP one */
	}
}

/* Tell the eNodeB/gNodeB of a CLI session that its uplink TEID is gone. */
static void
audit_notify_errind(const struct sess_params *p, struct ctl_purge_stats *st)
{
	int ret;

	if (!sess_params_has_tunnel(p) || p->nh_id == DP_NH_NONE) {
		st->notify_unavailable++;
		return;
	}
	ret = ctl_punt_errind_send(p->nh_id, p->peer_af, p->peer_addr,
				   p->teid_local);
	if (ret == 0)
		st->notified_errind++;
	else if (ret == -EHOSTUNREACH || ret == -EADDRNOTAVAIL)
		st->notify_unavailable++;
	else
		st->notify_failed++;
}

/* Ask the SMF of a PFCP session to release it (answered later, counted
 * by the PFCP server). */
static void
audit_notify_pfcp(uint32_t teid, struct ctl_purge_stats *st)
{
	int ret = ctl_pfcp_audit_notify(teid);

	if (ret == 0)
		st->notified_pfcp++;
	else if (ret == -ENOTCONN || ret == -ENOENT)
		st->notify_unavailable++;
	else
		st->notify_failed++;
}

int
ctl_purge_session(const struct sess_params *p, enum ctl_purge_reason why,
		bool graceful, struct ctl_purge_stats *st)
{
	char err[CTL_SESS_ERR_LEN];
	bool pfcp = ctl_pfcp_owns(p->teid_local);
	int ret;

	if (graceful) {
		if (pfcp)
			audit_notify_pfcp(p->teid_local, st);
		else
			audit_notify_errind(p, st);
	}
	if (pfcp)
		ret = ctl_pfcp_audit_purge(p->teid_local);
	else
		ret = ctl_sess_delete(p->teid_local, err, sizeof(err));
	if (ret < 0) {
		st->purge_failed++;
		SRP_LOG(ERR, "audit: cannot purge local-teid %" PRIu32
			" (%s): %s", p->teid_local, ctl_purge_reason_str(why),
			strerror(-ret));
		return ret;
	}
	if ((unsigned int)why < CTL_PURGE_REASON_MAX)
		st->purged[why]++;
	SRP_LOG(INFO, "audit: local-teid %" PRIu32 " purged (%s)",
		p->teid_local, ctl_purge_reason_str(why));
	return 0;
}

int
ctl_purge_corrupt(uint32_t teid, enum ctl_purge_reason why)
{
	struct sess_table *t = ctl_sess_table();
	const struct sess *x;
	struct sess_params p;

	x = t != NULL ? sess_table_lookup_teid(t, teid) : NULL;
	if (x == NULL)
		return -ENOENT;
	p = x->p;
	switch (why) {
	case CTL_PURGE_TABLE:
		p.flags |= AUDIT_BAD_FLAG;
		return sess_table_test_replace(t, &p);
	case CTL_PURGE_PFCP_RULES:
		return ctl_pfcp_test_corrupt(teid, CTL_PFCP_AUDIT_RULES);
	case CTL_PURGE_PFCP_NO_FTEID:
		return ctl_pfcp_test_corrupt(teid, CTL_PFCP_AUDIT_NO_FTEID);
	case CTL_PURGE_PFCP_MISMATCH:
		if (!ctl_pfcp_owns(teid))
			return -ENOENT;
		p.flags ^= SESS_F_UL_DROP;
		return sess_table_test_replace(t, &p);
	default:
		return -EINVAL;
	}
}

/* debug session-corrupt TEID REASON (the audit tests' hook). */
static int
cmd_session_corrupt(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	const char *env = getenv(AUDIT_TEST_ENV);
	enum ctl_purge_reason why;
	uint32_t teid;
	int ret;

	(void)arg;
	if (argc != 2 || ctl_sess_teid_parse(argv[0], &teid) < 0 ||
	    (why = ctl_purge_reason_parse(argv[1])) == CTL_PURGE_OK) {
		ctl_reply_error(out, "expected: debug session-corrupt TEID "
				"table|pfcp-rules|pfcp-no-fteid|pfcp-mismatch");
		return -EINVAL;
	}
	if (env == NULL || strcmp(env, "1") != 0) {
		ctl_reply_error(out, "debug session-corrupt: refused unless "
				"srpgw runs with %s=1", AUDIT_TEST_ENV);
		return -EPERM;
	}
	ret = ctl_purge_corrupt(teid, why);
	if (ret < 0) {
		ctl_reply_error(out, "debug session-corrupt %s %s: %s", argv[0],
				argv[1], ret == -ENOENT ? (why == CTL_PURGE_TABLE ?
				"no such session" : "no such PFCP session") :
				strerror(-ret));
		return ret;
	}
	SRP_LOG(WARNING, "debug session-corrupt: local-teid %" PRIu32
		" made inconsistent (%s)", teid, ctl_purge_reason_str(why));
	ctl_reply_u64(out, "local_teid", teid);
	ctl_reply_str(out, "reason", ctl_purge_reason_str(why));
	return 0;
}

static const struct ctl_cmd audit_cmds[] = {
	{
		.words = "debug session-corrupt",
		.args = "TEID table|pfcp-rules|pfcp-no-fteid|pfcp-mismatch",
		.help = "test hook: make a session fail the post-switchover "
			"audit (needs SRPGW_TEST_HOOKS=1)",
		.fn = cmd_session_corrupt,
	},
};

int
ctl_purge_cmd_register(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(audit_cmds); i++) {
		ret = ctl_api_register(&audit_cmds[i]);
		if (ret < 0 && ret != -EEXIST)
			return ret;
	}
	return 0;
}
