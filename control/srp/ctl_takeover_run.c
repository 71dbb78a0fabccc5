/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Runs the post-switchover phases (ctl_takeover.h) for the SRP service:
 * starts them on the data-plane flip, checks each end condition on every
 * checkpoint poll (old active flushed, GARP sent and BGP confirmed, the
 * sliced session audit), publishes the data mode they allow and serves
 * srp terminate-post-process. End conditions: docs/srp-operations.md.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "bgp/ctl_bgp.h"
#include "net/ctl_fwd.h"
#include "pfcp/ctl_pfcp.h"
#include "core/ctl_loop.h"
#include "sess/ctl_sess.h"
#include "ctl_srp.h"
#include "dp_fwd.h"
#include "sess_table.h"

/* Session slots audited per poll. */
#define POST_AUDIT_SLICE	4096u
/* Sessions purged (and notified) per poll at most: each is a delete and
 * maybe a frame on worker 0's tx ring. */
#define POST_AUDIT_PURGE_MAX	64u
/* PFCP sessions checked per poll at most: each decodes its stored rules. */
#define POST_AUDIT_PFCP_MAX	256u

uint8_t
ctl_takeover_flip(struct ctl_srp *s, bool active)
{
	const struct srp_conf *sc = &s->conf->srp;
	struct ctl_takeover_opts o = {
		.allow_all = sc->allow_all_data,
		.allow_volte = sc->allow_volte_data,
		.volte_maint_acct = sc->volte_maintain_accounting,
		.control_outage_opt = sc->control_outage_opt,
	};
	uint64_t now = ctl_loop_now_ms();
	bool planned;

	if (!active) {
		ctl_takeover_stop(&s->post, now);
		s->dp_mode = DP_DATA_NONE;
		return s->dp_mode;
	}
	/* A start-up election takes over nothing: no phases. Nor does a
	 * chassis that never heard a peer since it started and becomes
	 * active alone at the dead interval: there is no old active whose
	 * state it could have, so nothing to flush or audit. */
	if (s->fsm.cause == SRP_CAUSE_ELECTION || !s->peer_hello_seen) {
		s->dp_mode = DP_DATA_ALL;
		return s->dp_mode;
	}
	/* Planned: the old active handed over (and flushed); else it is
	 * gone and there is nothing of it to wait for. */
	planned = s->fsm.cause == SRP_CAUSE_MANUAL ||
		  s->fsm.cause == SRP_CAUSE_MONITOR;
	ctl_takeover_start(&s->post, &o, planned, now);
	if (!planned) {
		ctl_takeover_cond(&s->post, CTL_TAKEOVER_CRIT_FLUSH);
		ctl_takeover_cond(&s->post, CTL_TAKEOVER_ACCT_FLUSH);
	}
	s->audit_slot = 0;
	s->audit_n = 0;
	s->audit_bad = 0;
	memset(&s->purge_st, 0, sizeof(s->purge_st));
	s->purge_st.graceful = s->conf->graceful_cleanup;
	s->dp_mode = ctl_takeover_data_mode(&s->post);
	SRP_LOG(NOTICE, "post-switchover phases started (%s, data %s)",
		planned ? "planned" : "takeover",
		ctl_fwd_data_mode_str(s->dp_mode));
	return s->dp_mode;
}

/*
 * The old active's last checkpoint traffic is in: it reports itself
 * standby (it fenced before that hello, after queueing its deltas) or the
 * link is gone, and no full checkpoint is half applied here.
 */
static bool
post_peer_flushed(const struct ctl_srp *s)
{
	uint8_t ps = s->fsm.peer.state;

	if (s->ckpt_init && (s->ckpt.rx_in_epoch || s->ckpt.rx_sweeping))
		return false;
	if (!s->fsm.peer.connected)
		return true;
	return s->fsm.peer.seen && (ps == SRP_WSTATE_STANDBY_READY ||
				    ps == SRP_WSTATE_STANDBY_SYNCING);
}

/* GARP's first round went out with the flip; BGP must be confirmed. */
static bool
post_net_converged(void)
{
	struct ctl_bgp_stats st;

	ctl_bgp_stats_get(&st);
	return !st.configured || st.in_sync;
}

/*
 * One slice of the audit walk: inconsistent sessions are purged (after a
 * notice to their peer with graceful cleanup), at most
 * POST_AUDIT_PURGE_MAX of them and POST_AUDIT_PFCP_MAX PFCP checks (rule
 * decodes) per slice.
 * @return true when the walk is complete
 */
static bool
post_audit_slice(struct ctl_srp *s)
{
	struct sess_table *t = ctl_sess_table();
	enum ctl_purge_reason why;
	const struct sess *x;
	struct sess_params p;
	uint32_t cap, end, n_purged = 0, n_pfcp = 0;

	if (t == NULL)
		return true;
	cap = sess_table_capacity(t);
	end = s->audit_slot + POST_AUDIT_SLICE;
	if (end > cap || end < s->audit_slot)
		end = cap;
	for (; s->audit_slot < end && n_purged < POST_AUDIT_PURGE_MAX &&
	       n_pfcp < POST_AUDIT_PFCP_MAX; s->audit_slot++) {
		x = sess_table_by_slot(t, s->audit_slot);
		if (x == NULL)
			continue;
		s->audit_n++;
		if (ctl_pfcp_owns(x->p.teid_local))
			n_pfcp++;
		why = ctl_purge_check(x, s->audit_slot);
		if (why == CTL_PURGE_OK)
			continue;
		s->audit_bad++;
		n_purged++;
		/* The delete retires @x: work on a copy. */
		p = x->p;
		(void)ctl_purge_session(&p, why, s->purge_st.graceful,
				      &s->purge_st);
	}
	return s->audit_slot >= cap;
}

/* Publish the data mode the phases allow now (retried on failure). */
static void
post_publish(struct ctl_srp *s)
{
	uint8_t mode = ctl_takeover_data_mode(&s->post);
	int ret;

	if (!s->dp_active || mode == s->dp_mode)
		return;
	ret = ctl_fwd_chassis_set(true, mode);
	if (ret < 0) {
		SRP_LOG(ERR, "data mode %s: %s (retrying)",
			ctl_fwd_data_mode_str(mode), strerror(-ret));
		return;
	}
	SRP_LOG(NOTICE, "data mode %s", ctl_fwd_data_mode_str(mode));
	s->dp_mode = mode;
}

void
ctl_takeover_poll(struct ctl_srp *s)
{
	enum ctl_takeover_phase ph = ctl_takeover_phase(&s->post);
	uint64_t now = ctl_loop_now_ms();

	if (ph == CTL_TAKEOVER_IDLE || ph == CTL_TAKEOVER_DONE) {
		post_publish(s);
		return;
	}
	if (s->post.planned && post_peer_flushed(s)) {
		ctl_takeover_cond(&s->post, CTL_TAKEOVER_CRIT_FLUSH);
		ctl_takeover_cond(&s->post, CTL_TAKEOVER_ACCT_FLUSH);
	}
	if (ctl_takeover_running(&s->post, CTL_TAKEOVER_NET_CONV) &&
	    post_net_converged())
		ctl_takeover_cond(&s->post, CTL_TAKEOVER_NET_CONV);
	if (ctl_takeover_running(&s->post, CTL_TAKEOVER_AUDIT) &&
	    post_audit_slice(s))
		ctl_takeover_cond(&s->post, CTL_TAKEOVER_AUDIT);
	if (ctl_takeover_step(&s->post, now)) {
		ph = ctl_takeover_phase(&s->post);
		SRP_LOG(NOTICE, "post-switchover phase %s",
			ctl_takeover_phase_str(ph));
		if (ph == CTL_TAKEOVER_DONE && s->audit_bad != 0)
			SRP_LOG(WARNING, "audit: %u of %u sessions "
				"inconsistent, purged", s->audit_bad,
				s->audit_n);
	}
	post_publish(s);
}

int
ctl_takeover_terminate_now(void)
{
	struct ctl_srp *s = ctl_srp_get();
	int ret;

	if (!s->enabled)
		return -ENODEV;
	ret = ctl_takeover_terminate(&s->post, ctl_loop_now_ms());
	if (ret < 0)
		return ret;
	SRP_LOG(NOTICE, "post-switchover processing terminated by the "
		"operator");
	post_publish(s);
	return 0;
}
