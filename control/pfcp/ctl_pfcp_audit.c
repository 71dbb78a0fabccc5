/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PFCP side of the post-switchover audit (control/srp): checks a
 * gateway session held by a PFCP session against that session's stored
 * rules, purges an inconsistent one through the normal delete path, tells
 * its SMF first with graceful cleanup (a Session Report Request asking
 * for the release, resent on T1 until answered or N1 tries), and the test
 * hook that spoils a PFCP session's rules on purpose.
 * Context: control.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "ctl_pfcp.h"
#include "ctl_pfcp_int.h"
#include "ctl_pfcp_map.h"

/* Session Report Requests waiting for their answer, at most. */
#define REPORT_MAX		256u
/* Bytes of one (header with SEID, Report Type, Cause). */
#define REPORT_LEN_MAX		64u

/* One Session Report Request in flight. */
struct report {
	bool			used;
	uint8_t			tries;		/* sends so far */
	uint16_t		peer;		/* index in pfcp_srv.peers */
	uint32_t		seq;
	uint64_t		next_ms;	/* resend (or give up) then */
	struct pfcp_addr	to;
	uint16_t		len;
	uint8_t			bytes[REPORT_LEN_MAX];
};

static struct {
	struct report		r[REPORT_MAX];
	uint32_t		n;		/* used entries */
	struct ctl_timer	*timer;
	struct ctl_pfcp_report_stats st;
} rep;

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
	const struct pfcp_pdr *ul;
	unsigned int i;
	int k;

	if (s == NULL)
		return -ENOENT;
	if (pfcp_sess_rules(s, &pfcp_rules) < 0 ||
	    ctl_pfcp_map_rules(&pfcp_rules, &m, &f) < 0 || m.ul_pdr == 0)
		return -EINVAL;
	k = ctl_pfcp_pdr_index(&pfcp_rules, m.ul_pdr);
	if (k < 0)
		return -EINVAL;
	ul = &pfcp_rules.create_pdr[k];
	switch (what) {
	case CTL_PFCP_AUDIT_RULES:
		/* Drop the uplink PDR's FAR: the PDR names nothing. */
		k = ctl_pfcp_far_index(&pfcp_rules, ul->far_id);
		if (k < 0)
			return -EINVAL;
		pfcp_rules.create_far[k] =
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

/* --- Session Report Requests (graceful cleanup) --------------------------- */

static void report_timer_cb(struct ctl_loop *loop, struct ctl_timer *t,
			    void *arg);

static void
report_arm(void)
{
	uint64_t ms = pfcp_srv.hb_t1_ms != 0 ? pfcp_srv.hb_t1_ms : 3000;

	if (pfcp_srv.loop == NULL)
		return;
	if (rep.timer == NULL)
		rep.timer = ctl_loop_timer_add(pfcp_srv.loop, ms, 0,
					       report_timer_cb, NULL);
	else
		(void)ctl_loop_timer_set(rep.timer, ms, 0);
}

static void
report_free(struct report *r)
{
	r->used = false;
	if (rep.n > 0)
		rep.n--;
}

static void
report_send(struct report *r, uint64_t now_ms)
{
	pfcp_send_to(&r->to, r->bytes, r->len);
	r->tries++;
	r->next_ms = now_ms + (pfcp_srv.hb_t1_ms != 0 ? pfcp_srv.hb_t1_ms :
			       3000);
}

/* Resend what is due, give up after N1 resends (or once not serving). */
static void
report_timer_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	uint64_t now = pfcp_now_ms();
	unsigned int i;

	(void)loop;
	(void)t;
	(void)arg;
	for (i = 0; i < REPORT_MAX && rep.n > 0; i++) {
		struct report *r = &rep.r[i];

		if (!r->used || now < r->next_ms)
			continue;
		if (!ctl_pfcp_listening() || r->tries > pfcp_srv.hb_n1) {
			rep.st.timeouts++;
			CTL_LOG(WARNING, "pfcp: Session Report Request seq %u "
				"unanswered after %u sends", r->seq, r->tries);
			report_free(r);
			continue;
		}
		report_send(r, now);
		rep.st.retx++;
	}
	if (rep.n > 0)
		report_arm();
}

int
ctl_pfcp_audit_notify(uint32_t teid)
{
	struct pfcp_sess *s = audit_owner(teid);
	const struct pfcp_peer *p;
	struct report *r = NULL;
	unsigned int i;
	size_t n;

	if (s == NULL)
		return -ENOENT;
	p = &pfcp_srv.peers[s->peer];
	if (!ctl_pfcp_listening() || p->state != PFCP_PEER_ASSOCIATED ||
	    p->addr.len == 0)
		return -ENOTCONN;
	for (i = 0; i < REPORT_MAX && r == NULL; i++)
		if (!rep.r[i].used)
			r = &rep.r[i];
	if (r == NULL) {
		rep.st.no_room++;
		return -ENOBUFS;
	}
	/* TS 29.244 (Release 16): the UP function asks for the release with
	 * a Session Report Request whose Report Type has UISR set. Sent to
	 * the CP's SEID, at its PFCP port wherever it sent from. */
	pfcp_msg_init(&pfcp_resp, PFCP_MSG_SESS_REPORT_REQ, s->cp_seid,
		      pfcp_next_seq());
	pfcp_resp.report_type = PFCP_REPORT_UISR;
	pfcp_resp.present = PFCP_F_REPORT_TYPE;
	if (pfcp_msg_encode(&pfcp_resp, r->bytes, sizeof(r->bytes), &n) !=
	    PFCP_OK)
		return -EIO;
	r->used = true;
	r->tries = 0;
	r->peer = s->peer;
	r->seq = pfcp_resp.hdr.seq;
	r->len = (uint16_t)n;
	r->to = p->addr;
	if (r->to.u.sa.sa_family == AF_INET)
		r->to.u.in4.sin_port = htons(PFCP_UDP_PORT);
	else
		r->to.u.in6.sin6_port = htons(PFCP_UDP_PORT);
	rep.n++;
	report_send(r, pfcp_now_ms());
	rep.st.tx++;
	report_arm();
	return 0;
}

void
pfcp_on_report_resp(const struct pfcp_addr *from)
{
	const struct pfcp_peer *p = pfcp_peer_by_addr(from);
	unsigned int i;

	for (i = 0; i < REPORT_MAX && p != NULL; i++) {
		struct report *r = &rep.r[i];

		if (!r->used || r->seq != pfcp_req.hdr.seq ||
		    &pfcp_srv.peers[r->peer] != p)
			continue;
		if ((pfcp_req.present & PFCP_F_CAUSE) &&
		    pfcp_req.cause == PFCP_CAUSE_ACCEPTED)
			rep.st.accepted++;
		else
			rep.st.rejected++;
		report_free(r);
		return;
	}
	pfcp_srv.st.rx_unexpected++;
}

void
ctl_pfcp_report_stats_get(struct ctl_pfcp_report_stats *st)
{
	*st = rep.st;
	st->pending = rep.n;
}

void
pfcp_report_fini(void)
{
	if (rep.timer != NULL)
		ctl_loop_timer_del(rep.timer);
	memset(&rep, 0, sizeof(rep));
}
