/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP role state machine, switchovers: promotion and fencing steps, the
 * planned path (request, ack, wait for fence, early-active flush), the
 * unplanned one (dead peer, split brain, local fault), monitor failures
 * with their guard and damping timers, and the validate-switchover
 * readiness. Handlers of the table in srp_fsm.c. Pure code.
 * Context: control.
 */
#include <stddef.h>
#include <string.h>

#include "srp_fsm_int.h"

/* ---- helpers ---------------------------------------------------------- */

/* Start becoming active: generation bumped on every promotion. */
enum srp_fsm_state
srp_fsm_i_promote(struct srp_fsm *f, struct srp_fsm_actions *a,
		  enum srp_fsm_cause c)
{
	if (f->peer.generation > f->generation)
		f->generation = f->peer.generation;
	f->generation++;
	f->cause = c;
	f->want = SRP_WANT_ACTIVE;
	f->phase = SRP_PH_PROMOTING;
	if (c != SRP_CAUSE_ELECTION)
		f->stats.n_switchover[c]++;
	a->mask |= SRP_ACT_BECOME_ACTIVE;
	return SRP_ST_SWITCHING;
}

/* Start giving the active role up: fence first, then standby. */
enum srp_fsm_state
srp_fsm_i_fence(struct srp_fsm *f, struct srp_fsm_actions *a,
		enum srp_fsm_cause c, enum srp_fsm_state to)
{
	f->cause = c;
	f->want = SRP_WANT_STANDBY;
	f->phase = SRP_PH_FENCING;
	f->fence_to = to;
	f->stats.n_switchover[c]++;
	f->route_modifier = srp_rm_on_demote(f->route_modifier,
					     f->peer.node.route_modifier,
					     f->conf.mode);
	a->mask |= SRP_ACT_BECOME_STANDBY;
	return SRP_ST_SWITCHING;
}

static bool
is_monitor_cause(uint16_t wire_cause)
{
	return wire_cause >= SRP_SWCAUSE_MONITOR_BGP &&
	       wire_cause <= SRP_SWCAUSE_MONITOR_DIAMETER;
}

/* Ask the standby to take over (planned path); refusal when not possible. */
static enum srp_fsm_state
ask_switch(struct srp_fsm *f, uint64_t now, struct srp_fsm_actions *a,
	   bool force, uint16_t wire_cause)
{
	if (!f->peer.connected || !f->peer.seen) {
		srp_fsm_i_refuse(f, a, SRP_REF_PEER_DOWN);
		return f->state;
	}
	if (f->peer.state != SRP_ST_STANDBY_READY &&
	    !(force && f->peer.state == SRP_ST_STANDBY_SYNCING)) {
		srp_fsm_i_refuse(f, a, SRP_REF_PEER_NOT_READY);
		return f->state;
	}
	/* A monitor failure moves service only to a healthy standby: the
	 * peer's hello says it is not, so do not even ask. */
	if (is_monitor_cause(wire_cause) && !force && f->peer.monitors != 0) {
		srp_fsm_i_refuse(f, a, SRP_REF_PEER_MONITORS);
		return f->state;
	}
	/* The operator hands the service to a chassis configured otherwise
	 * only when insisting (force); faults do not wait for that. */
	if (wire_cause == SRP_SWCAUSE_ADMIN && !force && f->config_mismatch) {
		srp_fsm_i_refuse(f, a, SRP_REF_CONFIG_MISMATCH);
		return f->state;
	}
	f->phase = SRP_PH_REQ_SENT;
	f->want = SRP_WANT_STANDBY;
	f->switch_cause = wire_cause;
	f->switch_deadline_ms = now + f->conf.switch_timeout_ms;
	a->mask |= SRP_ACT_SEND_SWITCH_REQ;
	a->switch_cause = wire_cause;
	a->force = force ? 1 : 0;
	return SRP_ST_SWITCHING;
}

static uint16_t
monitor_cause(enum srp_monitor_kind k)
{
	switch (k) {
	case SRP_MON_BGP:
		return SRP_SWCAUSE_MONITOR_BGP;
	case SRP_MON_AUTH_PROBE:
		return SRP_SWCAUSE_MONITOR_AAA;
	case SRP_MON_DIAMETER:
		return SRP_SWCAUSE_MONITOR_DIAMETER;
	}
	return SRP_SWCAUSE_MONITOR_BGP;
}

/* One guard window: open when @ref is set and now < ref + guard. */
static void
guard_window(const struct srp_guard *g, bool set, uint64_t ref, uint64_t now,
	     bool *suppress, uint64_t *defer_ms)
{
	uint64_t dmp;

	if (!set || g->guard_s == 0 || now >= ref + (uint64_t)g->guard_s * 1000)
		return;
	if (g->damping_s == 0) {
		*suppress = true;
		return;
	}
	dmp = (uint64_t)g->damping_s * 1000;
	if (dmp > *defer_ms)
		*defer_ms = dmp;
}

/*
 * Guard semantics (docs/srp-roles.md "Guard timers"): a failure inside an
 * open window is suppressed when that window's damping is 0, else deferred
 * by the longest damping of the open windows.
 */
static void
guard_check(const struct srp_fsm *f, enum srp_monitor_kind k, uint64_t now,
	    bool *suppress, uint64_t *defer_ms)
{
	const struct srp_guard *red, *sw = NULL;

	*suppress = false;
	*defer_ms = 0;
	switch (k) {
	case SRP_MON_AUTH_PROBE:
		red = &f->conf.redundancy_aaa;
		sw = &f->conf.aaa_switchover;
		break;
	case SRP_MON_DIAMETER:
		red = &f->conf.redundancy_diam;
		sw = &f->conf.diameter_switchover;
		break;
	default:
		red = &f->conf.redundancy_bgp;
		break;
	}
	guard_window(red, f->recovered, f->recovery_ms, now, suppress,
		     defer_ms);
	if (sw != NULL)
		guard_window(sw, f->switched, f->switched_ms, now, suppress,
			     defer_ms);
}

/* ---- handlers --------------------------------------------------------- */

enum srp_fsm_state
srp_fsm_i_sw_conn_down(struct srp_fsm *f, uint64_t now,
		       const struct srp_fsm_input *in,
		       struct srp_fsm_actions *a)
{
	srp_fsm_i_conn_down(f, now, in, a);
	switch (f->phase) {
	case SRP_PH_REQ_SENT:
		srp_fsm_i_refuse(f, a, SRP_REF_PEER_DOWN);
		return SRP_ST_ACTIVE;
	case SRP_PH_WAIT_FENCE:
		/* Unsure whether the peer fenced: stay standby. */
		return SRP_ST_STANDBY_READY;
	case SRP_PH_FLUSHING:
		/* The peer took over already; nothing more can be sent. */
		f->switch_deadline_ms = 0;
		return srp_fsm_i_fence(f, a, f->cause, SRP_ST_STANDBY_READY);
	default:
		return f->state;
	}
}

static enum srp_fsm_state
split_brain(struct srp_fsm *f, struct srp_fsm_actions *a)
{
	struct srp_elect_node me;

	srp_fsm_i_local_node(f, &me);
	f->stats.n_split_brain++;
	if (srp_elect_split_brain(&me, &f->peer.node) == SRP_ELECT_LOCAL) {
		if (f->peer.generation >= f->generation)
			f->generation = f->peer.generation + 1;
		a->mask |= SRP_ACT_SEND_HELLO;
		return f->state;
	}
	/* Loser, or a tie (prefer standby): resync after the split. */
	if (f->peer.generation > f->generation)
		f->generation = f->peer.generation;
	return srp_fsm_i_fence(f, a, SRP_CAUSE_SPLIT_BRAIN,
			       SRP_ST_STANDBY_SYNCING);
}

enum srp_fsm_state
srp_fsm_i_split_brain(struct srp_fsm *f, uint64_t now,
		      const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	return split_brain(f, a);
}

/* Standby side of a planned switchover: promote for the request's cause. */
static enum srp_fsm_state
promote_planned(struct srp_fsm *f, struct srp_fsm_actions *a)
{
	enum srp_fsm_state to;
	enum srp_fsm_cause c = SRP_CAUSE_MANUAL;

	if (is_monitor_cause(f->switch_cause))
		c = SRP_CAUSE_MONITOR;
	else if (f->switch_cause == SRP_SWCAUSE_LOCAL_FAULT)
		c = SRP_CAUSE_PEER_FAULT;
	to = srp_fsm_i_promote(f, a, c);
	/* Chapter "AAA Monitor": AAA switchover is non-reversible. */
	f->aaa_nonrev = f->switch_cause == SRP_SWCAUSE_MONITOR_AAA;
	f->switch_deadline_ms = 0;
	return to;
}

enum srp_fsm_state
srp_fsm_i_sw_hello(struct srp_fsm *f, uint64_t now,
		   const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	/* Planned path: promote only once the old active has fenced. */
	if (f->phase == SRP_PH_WAIT_FENCE &&
	    (is_standby(f->peer.state) || f->peer.state == SRP_ST_FAULT))
		return promote_planned(f, a);
	f->stats.n_ignored++;
	return f->state;
}

enum srp_fsm_state
srp_fsm_i_sw_peer_active(struct srp_fsm *f, uint64_t now,
			 const struct srp_fsm_input *in,
			 struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	if (f->phase == SRP_PH_REQ_SENT || f->phase == SRP_PH_PROMOTING)
		return split_brain(f, a);
	/* WAIT_FENCE / FENCING: the peer is expected to be active still;
	 * FLUSHING: it is expected to be active already (early transition,
	 * both forward until this node fences: not a split brain). */
	f->stats.n_ignored++;
	return f->state;
}

enum srp_fsm_state
srp_fsm_i_promote_dead(struct srp_fsm *f, uint64_t now,
		       const struct srp_fsm_input *in,
		       struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	f->peer.seen = false;
	if (f->pair_refused) {
		/* Misconfigured pair: never take the role alone. */
		srp_fsm_i_refuse(f, a, f->last_refusal == SRP_REF_TIE ?
				       SRP_REF_TIE : SRP_REF_NO_MODE);
		return f->state;
	}
	return srp_fsm_i_promote(f, a, SRP_CAUSE_DEAD_PEER);
}

enum srp_fsm_state
srp_fsm_i_sw_dead(struct srp_fsm *f, uint64_t now,
		  const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	switch (f->phase) {
	case SRP_PH_WAIT_FENCE:
		f->switch_deadline_ms = 0;
		return srp_fsm_i_promote_dead(f, now, in, a);
	case SRP_PH_REQ_SENT:
		srp_fsm_i_refuse(f, a, SRP_REF_PEER_TIMEOUT);
		return SRP_ST_ACTIVE;
	default:
		f->stats.n_ignored++;
		return f->state;
	}
}

enum srp_fsm_state
srp_fsm_i_admin_switch(struct srp_fsm *f, uint64_t now,
		       const struct srp_fsm_input *in,
		       struct srp_fsm_actions *a)
{
	enum srp_fsm_state to;

	to = ask_switch(f, now, a, in->force, SRP_SWCAUSE_ADMIN);
	if (to == SRP_ST_SWITCHING)
		f->aaa_nonrev = false;
	return to;
}

/* A local fault on the active: the ready standby takes over (cause local
 * fault); without one the active keeps the service (refusal counted). */
enum srp_fsm_state
srp_fsm_i_handover(struct srp_fsm *f, uint64_t now,
		   const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)in;
	return ask_switch(f, now, a, false, SRP_SWCAUSE_LOCAL_FAULT);
}

enum srp_fsm_state
srp_fsm_i_refuse_not_active(struct srp_fsm *f, uint64_t now,
			    const struct srp_fsm_input *in,
			    struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	srp_fsm_i_refuse(f, a, SRP_REF_NOT_ACTIVE);
	return f->state;
}

enum srp_fsm_state
srp_fsm_i_refuse_in_progress(struct srp_fsm *f, uint64_t now,
			     const struct srp_fsm_input *in,
			     struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	srp_fsm_i_refuse(f, a, SRP_REF_IN_PROGRESS);
	return f->state;
}

enum srp_fsm_state
srp_fsm_i_switch_req(struct srp_fsm *f, uint64_t now,
		     const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	const struct srp_msg *m = in->msg;
	uint16_t res = SRP_SWRES_ACCEPTED;

	a->mask |= SRP_ACT_SEND_SWITCH_ACK;
	if (f->state == SRP_ST_ACTIVE || is_undecided(f->state))
		res = SRP_SWRES_NOT_STANDBY;
	else if (f->state == SRP_ST_SWITCHING)
		res = SRP_SWRES_IN_PROGRESS;
	else if (f->state == SRP_ST_FAULT)
		res = SRP_SWRES_FAULT;
	else if (m->generation < f->generation)
		res = SRP_SWRES_GENERATION;
	else if (f->state == SRP_ST_STANDBY_SYNCING && !m->force)
		res = SRP_SWRES_NOT_READY;
	else if (f->monitors != 0 && !m->force &&
		 is_monitor_cause(m->reason))
		res = SRP_SWRES_MONITORS;
	a->ack_result = res;
	if (res != SRP_SWRES_ACCEPTED)
		return f->state;
	f->want = SRP_WANT_ACTIVE;
	f->switch_cause = m->reason;
	/* Early active transition: take over now, make before break; the
	 * old active keeps forwarding until it has flushed. */
	if (f->conf.early_active)
		return promote_planned(f, a);
	f->phase = SRP_PH_WAIT_FENCE;
	f->switch_deadline_ms = now + f->conf.switch_timeout_ms;
	return SRP_ST_SWITCHING;
}

enum srp_fsm_state
srp_fsm_i_switch_ack(struct srp_fsm *f, uint64_t now,
		     const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	enum srp_fsm_cause c;

	if (f->phase != SRP_PH_REQ_SENT) {
		f->stats.n_ignored++;
		return f->state;
	}
	f->switch_deadline_ms = 0;
	if (in->msg->reason != SRP_SWRES_ACCEPTED) {
		srp_fsm_i_refuse(f, a, SRP_REF_PEER_REFUSED);
		return SRP_ST_ACTIVE;
	}
	c = f->switch_cause == SRP_SWCAUSE_ADMIN ? SRP_CAUSE_MANUAL :
	    f->switch_cause == SRP_SWCAUSE_LOCAL_FAULT ?
	    SRP_CAUSE_LOCAL_FAULT : SRP_CAUSE_MONITOR;
	if (f->conf.early_active) {
		/* The standby is active already: keep forwarding, send what
		 * is pending, fence on FLUSH_DONE (or the switch timer). */
		f->cause = c;
		f->phase = SRP_PH_FLUSHING;
		f->switch_deadline_ms = now + f->conf.switch_timeout_ms;
		a->mask |= SRP_ACT_FLUSH;
		return SRP_ST_SWITCHING;
	}
	/* Fence before the standby promotes: never two actives. */
	return srp_fsm_i_fence(f, a, c, SRP_ST_STANDBY_READY);
}

enum srp_fsm_state
srp_fsm_i_flush_done(struct srp_fsm *f, uint64_t now,
		     const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	if (f->state != SRP_ST_SWITCHING || f->phase != SRP_PH_FLUSHING) {
		f->stats.n_ignored++;	/* late: fenced by the timer */
		return f->state;
	}
	f->switch_deadline_ms = 0;
	return srp_fsm_i_fence(f, a, f->cause, SRP_ST_STANDBY_READY);
}

enum srp_fsm_state
srp_fsm_i_switch_timeout(struct srp_fsm *f, uint64_t now,
			 const struct srp_fsm_input *in,
			 struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	switch (f->phase) {
	case SRP_PH_REQ_SENT:
		srp_fsm_i_refuse(f, a, SRP_REF_PEER_TIMEOUT);
		return SRP_ST_ACTIVE;
	case SRP_PH_WAIT_FENCE:
		srp_fsm_i_refuse(f, a, SRP_REF_PEER_TIMEOUT);
		return SRP_ST_STANDBY_READY;
	case SRP_PH_FLUSHING:
		/* The flush took too long: fence anyway. */
		return srp_fsm_i_fence(f, a, f->cause, SRP_ST_STANDBY_READY);
	default:
		f->stats.n_ignored++;
		return f->state;
	}
}

enum srp_fsm_state
srp_fsm_i_dp_done(struct srp_fsm *f, uint64_t now,
		  const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)in;
	if (f->phase != SRP_PH_PROMOTING && f->phase != SRP_PH_FENCING) {
		f->stats.n_invalid++;
		return f->state;
	}
	if (f->cause != SRP_CAUSE_ELECTION) {
		f->switched = true;
		f->switched_ms = now;
	}
	a->mask |= SRP_ACT_SEND_HELLO;
	srp_fsm_i_announce_rm(f, a);
	return f->phase == SRP_PH_PROMOTING ? SRP_ST_ACTIVE : f->fence_to;
}

enum srp_fsm_state
srp_fsm_i_monitor_fail(struct srp_fsm *f, uint64_t now,
		       const struct srp_fsm_input *in,
		       struct srp_fsm_actions *a)
{
	enum srp_monitor_kind k = in->monitor;
	uint64_t defer_ms;
	bool suppress;

	if (k == SRP_MON_AUTH_PROBE && f->aaa_nonrev) {
		srp_fsm_i_refuse(f, a, SRP_REF_AAA_NONREV);
		return f->state;
	}
	guard_check(f, k, now, &suppress, &defer_ms);
	if (suppress) {
		f->stats.n_monitor_suppressed++;
		srp_fsm_i_refuse(f, a, SRP_REF_GUARD);
		return f->state;
	}
	if (defer_ms > 0) {
		f->stats.n_monitor_deferred++;
		if (f->damp_deadline_ms == 0) {
			f->damp_deadline_ms = now + defer_ms;
			f->damp_kind = k;
		}
		return f->state;
	}
	return ask_switch(f, now, a, false, monitor_cause(k));
}

enum srp_fsm_state
srp_fsm_i_monitor_ok(struct srp_fsm *f, uint64_t now,
		     const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)now;
	(void)a;
	if (f->damp_deadline_ms != 0 && f->damp_kind == in->monitor)
		f->damp_deadline_ms = 0;
	else
		f->stats.n_ignored++;
	return f->state;
}

enum srp_fsm_state
srp_fsm_i_damp_expired(struct srp_fsm *f, uint64_t now,
		       const struct srp_fsm_input *in,
		       struct srp_fsm_actions *a)
{
	(void)in;
	/* Still failing after the damping period: switch now. */
	return ask_switch(f, now, a, false, monitor_cause(f->damp_kind));
}

enum srp_fsm_state
srp_fsm_i_fault(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
		struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	if (f->state == SRP_ST_ACTIVE || f->state == SRP_ST_SWITCHING) {
		/* Fence whatever the data plane was doing. */
		if (f->state == SRP_ST_ACTIVE ||
		    f->phase == SRP_PH_REQ_SENT || f->phase == SRP_PH_PROMOTING)
			f->stats.n_switchover[SRP_CAUSE_LOCAL_FAULT]++;
		a->mask |= SRP_ACT_BECOME_STANDBY;
	}
	f->damp_deadline_ms = 0;
	f->want = SRP_WANT_STANDBY;
	a->mask |= SRP_ACT_SEND_HELLO;
	return SRP_ST_FAULT;
}

enum srp_fsm_state
srp_fsm_i_recovered(struct srp_fsm *f, uint64_t now,
		    const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)in;
	/* Starts the srp-redundancy guard periods. */
	f->recovered = true;
	f->recovery_ms = now;
	if (f->state != SRP_ST_FAULT)
		return f->state;
	f->want = SRP_WANT_NONE;
	f->peer.seen = false;
	if (!f->peer.connected)
		return SRP_ST_CONNECTING;
	a->mask |= SRP_ACT_SEND_HELLO;
	return SRP_ST_NEGOTIATING;
}

/* ---- public ----------------------------------------------------------- */

void
srp_fsm_validate(const struct srp_fsm *f, struct srp_fsm_readiness *r)
{
	memset(r, 0, sizeof(*r));
	r->local_active = f->state == SRP_ST_ACTIVE;
	r->peer_connected = f->peer.connected && f->peer.seen;
	r->peer_ready = r->peer_connected &&
			f->peer.state == SRP_ST_STANDBY_READY;
	r->in_progress = f->state == SRP_ST_SWITCHING;
	r->aaa_nonrev = f->aaa_nonrev;
	r->config_match = !f->config_mismatch;
	if (r->in_progress)
		r->verdict = SRP_REF_IN_PROGRESS;
	else if (!r->local_active)
		r->verdict = SRP_REF_NOT_ACTIVE;
	else if (!r->peer_connected)
		r->verdict = SRP_REF_PEER_DOWN;
	else if (!r->peer_ready)
		r->verdict = SRP_REF_PEER_NOT_READY;
	r->verdict_force = r->verdict;
	if (r->verdict == SRP_REF_NONE && !r->config_match)
		r->verdict = SRP_REF_CONFIG_MISMATCH;
	if (r->verdict == SRP_REF_PEER_NOT_READY &&
	    f->peer.state == SRP_ST_STANDBY_SYNCING)
		r->verdict_force = SRP_REF_NONE;
}

void
srp_fsm_aaa_flag_clear(struct srp_fsm *f)
{
	f->aaa_nonrev = false;
}

void
srp_fsm_monitors_set(struct srp_fsm *f, uint8_t failed)
{
	f->monitors = failed & SRP_MONS_KNOWN;
}

uint8_t
srp_fsm_monitor_bit(enum srp_monitor_kind k)
{
	switch (k) {
	case SRP_MON_BGP:
		return SRP_MONS_BGP;
	case SRP_MON_AUTH_PROBE:
		return SRP_MONS_AAA;
	case SRP_MON_DIAMETER:
		return SRP_MONS_DIAMETER;
	}
	return 0;
}
