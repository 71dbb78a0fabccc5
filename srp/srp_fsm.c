/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP role state machine: every (state, event) cell of a const table names
 * its handler; handlers change state, want and counters and return actions
 * for the control-lcore glue. Pure code, no clock, no I/O. Context: control.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "srp_fsm.h"

typedef enum srp_fsm_state
srp_fsm_handler_fn(struct srp_fsm *f, uint64_t now,
		   const struct srp_fsm_input *in, struct srp_fsm_actions *a);

struct srp_fsm_cell {
	srp_fsm_handler_fn	*fn;
	const char		*name;
};

/* ---- helpers ---------------------------------------------------------- */

static bool
is_standby(uint8_t st)
{
	return st == SRP_ST_STANDBY_SYNCING || st == SRP_ST_STANDBY_READY;
}

static bool
is_undecided(uint8_t st)
{
	return st == SRP_ST_INIT || st == SRP_ST_CONNECTING ||
	       st == SRP_ST_NEGOTIATING;
}

static void
local_node(const struct srp_fsm *f, struct srp_elect_node *n)
{
	memcpy(n->node_id, f->conf.node_id, SRP_NODE_ID_LEN);
	n->route_modifier = f->route_modifier;
	n->mode = f->conf.mode;
	n->priority = f->conf.priority;
}

static void
refuse(struct srp_fsm *f, struct srp_fsm_actions *a, enum srp_fsm_refusal r)
{
	f->stats.n_refusal[r]++;
	f->last_refusal = r;
	a->mask |= SRP_ACT_REPORT_REFUSAL;
	a->refusal = r;
}

static void
announce_rm(struct srp_fsm *f, struct srp_fsm_actions *a)
{
	a->mask |= SRP_ACT_ANNOUNCE_RM;
	a->route_modifier = f->route_modifier;
}

/* Start becoming active: generation bumped on every promotion. */
static enum srp_fsm_state
promote(struct srp_fsm *f, struct srp_fsm_actions *a, enum srp_fsm_cause c)
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
static enum srp_fsm_state
fence(struct srp_fsm *f, struct srp_fsm_actions *a, enum srp_fsm_cause c,
      enum srp_fsm_state to)
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

/*
 * Join as standby of an active (or better) peer; no data-plane work is
 * needed. A node already standby stays as it is and sends no hello, so two
 * standbys that cannot promote do not answer each other's hellos forever.
 */
static enum srp_fsm_state
join_standby(struct srp_fsm *f, struct srp_fsm_actions *a)
{
	uint32_t rm = f->route_modifier;

	if (rm <= f->peer.node.route_modifier)
		rm = srp_rm_on_demote(rm, f->peer.node.route_modifier,
				      f->conf.mode);
	if (is_standby(f->state)) {
		if (rm != f->route_modifier) {
			f->route_modifier = rm;
			announce_rm(f, a);
		}
		return f->state;
	}
	f->route_modifier = rm;
	a->mask |= SRP_ACT_SEND_HELLO;
	announce_rm(f, a);
	return SRP_ST_STANDBY_SYNCING;
}

/* Ask the standby to take over (planned path); refusal when not possible. */
static enum srp_fsm_state
ask_switch(struct srp_fsm *f, uint64_t now, struct srp_fsm_actions *a,
	   bool force, uint16_t wire_cause)
{
	if (!f->peer.connected || !f->peer.seen) {
		refuse(f, a, SRP_REF_PEER_DOWN);
		return f->state;
	}
	if (f->peer.state != SRP_ST_STANDBY_READY &&
	    !(force && f->peer.state == SRP_ST_STANDBY_SYNCING)) {
		refuse(f, a, SRP_REF_PEER_NOT_READY);
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

static enum srp_fsm_state
h_invalid(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	  struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	(void)a;
	f->stats.n_invalid++;
	return f->state;
}

static enum srp_fsm_state
h_ignore(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	 struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	(void)a;
	f->stats.n_ignored++;
	return f->state;
}

static enum srp_fsm_state
h_start(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	struct srp_fsm_actions *a)
{
	(void)in;
	f->start_ms = now;
	if (f->conf.delay_ms > 0) {
		/* Chapter "Configuring SRP Context Parameters": delay first. */
		f->delay_over = false;
		f->delay_deadline_ms = now + f->conf.delay_ms;
		f->dead_deadline_ms = 0;
	} else {
		f->delay_over = true;
		f->dead_deadline_ms = now + f->conf.dead_ms;
	}
	if (f->conf.mode == SRP_WMODE_NONE) {
		f->pair_refused = true;
		refuse(f, a, SRP_REF_NO_MODE);
	}
	return SRP_ST_CONNECTING;
}

static enum srp_fsm_state
h_conn_up(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	  struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	f->peer.connected = true;
	f->peer.seen = false;
	/* A new connection brings a new full checkpoint and a new count. */
	f->dbrec.n_active_hellos = 0;
	f->dbrec.ckpt_complete = false;
	a->mask |= SRP_ACT_SEND_HELLO;
	return f->state == SRP_ST_CONNECTING ? SRP_ST_NEGOTIATING : f->state;
}

static enum srp_fsm_state
h_conn_down(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	    struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	(void)a;
	f->peer.connected = false;
	f->peer.seen = false;
	return f->state == SRP_ST_NEGOTIATING ? SRP_ST_CONNECTING : f->state;
}

static enum srp_fsm_state
h_sw_conn_down(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	       struct srp_fsm_actions *a)
{
	h_conn_down(f, now, in, a);
	switch (f->phase) {
	case SRP_PH_REQ_SENT:
		refuse(f, a, SRP_REF_PEER_DOWN);
		return SRP_ST_ACTIVE;
	case SRP_PH_WAIT_FENCE:
		/* Unsure whether the peer fenced: stay standby. */
		return SRP_ST_STANDBY_READY;
	case SRP_PH_FLUSHING:
		/* The peer took over already; nothing more can be sent. */
		f->switch_deadline_ms = 0;
		return fence(f, a, f->cause, SRP_ST_STANDBY_READY);
	default:
		return f->state;
	}
}

/* Both sides undecided or both standby: start-up election. */
static enum srp_fsm_state
elect(struct srp_fsm *f, struct srp_fsm_actions *a)
{
	struct srp_elect_node me;

	local_node(f, &me);
	switch (srp_elect_startup(&me, &f->peer.node)) {
	case SRP_ELECT_LOCAL:
		if (f->pair_refused)
			return join_standby(f, a);
		return promote(f, a, SRP_CAUSE_ELECTION);
	case SRP_ELECT_PEER:
		return join_standby(f, a);
	case SRP_ELECT_TIE:
		/* Misconfiguration: refuse and stay standby. */
		f->pair_refused = true;
		refuse(f, a, SRP_REF_TIE);
		a->mask |= SRP_ACT_SEND_REFUSE;
		a->refuse_reason = SRP_REFUSE_CONFIG;
		return join_standby(f, a);
	case SRP_ELECT_NO_MODE:
		break;
	}
	f->pair_refused = true;
	refuse(f, a, SRP_REF_NO_MODE);
	a->mask |= SRP_ACT_SEND_REFUSE;
	a->refuse_reason = SRP_REFUSE_MODE;
	return join_standby(f, a);
}

static enum srp_fsm_state
h_negotiate(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	    struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	if (is_undecided(f->peer.state))
		return elect(f, a);
	if (is_standby(f->peer.state)) {
		/* A standby without an active: take the role. */
		if (f->pair_refused)
			return join_standby(f, a);
		return promote(f, a, SRP_CAUSE_ELECTION);
	}
	/* Peer switching or in fault: wait for its next hello. */
	f->stats.n_ignored++;
	return f->state;
}

static enum srp_fsm_state
h_join_standby(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	       struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	/* A returning chassis meeting an active peer stays standby. */
	return join_standby(f, a);
}

static enum srp_fsm_state
h_standby_hello(struct srp_fsm *f, uint64_t now,
		const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	if (f->peer.state == SRP_ST_FAULT && !f->pair_refused)
		return promote(f, a, SRP_CAUSE_PEER_FAULT);
	if (is_standby(f->peer.state))
		return elect(f, a);
	f->stats.n_ignored++;
	return f->state;
}

static enum srp_fsm_state
h_active_hello(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	       struct srp_fsm_actions *a)
{
	uint32_t rm;

	(void)now;
	(void)in;
	/* STYLE.md 7: a higher generation from a promoting peer wins. */
	if (f->peer.state == SRP_ST_SWITCHING &&
	    f->peer.generation > f->generation) {
		f->generation = f->peer.generation;
		return fence(f, a, SRP_CAUSE_GENERATION,
			     SRP_ST_STANDBY_SYNCING);
	}
	if (is_standby(f->peer.state)) {
		rm = srp_rm_on_active(f->route_modifier,
				      f->peer.node.route_modifier);
		if (rm != f->route_modifier) {
			f->route_modifier = rm;
			announce_rm(f, a);
		}
	}
	return f->state;
}

static enum srp_fsm_state
split_brain(struct srp_fsm *f, struct srp_fsm_actions *a)
{
	struct srp_elect_node me;

	local_node(f, &me);
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
	return fence(f, a, SRP_CAUSE_SPLIT_BRAIN, SRP_ST_STANDBY_SYNCING);
}

static enum srp_fsm_state
h_split_brain(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	      struct srp_fsm_actions *a)
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

	if (f->switch_cause >= SRP_SWCAUSE_MONITOR_BGP &&
	    f->switch_cause <= SRP_SWCAUSE_MONITOR_DIAMETER)
		c = SRP_CAUSE_MONITOR;
	else if (f->switch_cause == SRP_SWCAUSE_LOCAL_FAULT)
		c = SRP_CAUSE_PEER_FAULT;
	to = promote(f, a, c);
	/* Chapter "AAA Monitor": AAA switchover is non-reversible. */
	f->aaa_nonrev = f->switch_cause == SRP_SWCAUSE_MONITOR_AAA;
	f->switch_deadline_ms = 0;
	return to;
}

static enum srp_fsm_state
h_sw_hello(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	   struct srp_fsm_actions *a)
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

static enum srp_fsm_state
h_sw_peer_active(struct srp_fsm *f, uint64_t now,
		 const struct srp_fsm_input *in, struct srp_fsm_actions *a)
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

static enum srp_fsm_state
h_promote_dead(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	       struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	f->peer.seen = false;
	if (f->pair_refused) {
		/* Misconfigured pair: never take the role alone. */
		refuse(f, a, f->last_refusal == SRP_REF_TIE ? SRP_REF_TIE :
							     SRP_REF_NO_MODE);
		return f->state;
	}
	return promote(f, a, SRP_CAUSE_DEAD_PEER);
}

static enum srp_fsm_state
h_sw_dead(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	  struct srp_fsm_actions *a)
{
	switch (f->phase) {
	case SRP_PH_WAIT_FENCE:
		f->switch_deadline_ms = 0;
		return h_promote_dead(f, now, in, a);
	case SRP_PH_REQ_SENT:
		refuse(f, a, SRP_REF_PEER_TIMEOUT);
		return SRP_ST_ACTIVE;
	default:
		f->stats.n_ignored++;
		return f->state;
	}
}

static enum srp_fsm_state
h_delay_over(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	     struct srp_fsm_actions *a)
{
	(void)in;
	(void)a;
	f->delay_over = true;
	f->delay_deadline_ms = 0;
	f->dead_deadline_ms = now + f->conf.dead_ms;
	return f->state;
}

/*
 * Database recovery (chapter "Reducing Sync-Up Time with Standby ICSR
 * Chassis"): a syncing standby is READY once it holds a complete
 * checkpoint and, in normal mode, has also heard SRP_DBREC_NORMAL_HELLOS
 * hellos from the active on this connection; aggressive mode needs only
 * the checkpoint. Whichever of the two comes last completes it.
 */
static enum srp_fsm_state
ready_if_complete(struct srp_fsm *f, uint64_t now, struct srp_fsm_actions *a)
{
	if (!f->dbrec.ckpt_complete)
		return f->state;
	if (f->conf.db_recovery == SRP_WDBREC_NORMAL &&
	    f->dbrec.n_active_hellos < SRP_DBREC_NORMAL_HELLOS)
		return f->state;
	f->dbrec.ready_hellos = f->dbrec.n_active_hellos;
	f->dbrec.ready_ms = now;
	/* Tell the active at once: planned switchovers may target us now. */
	a->mask |= SRP_ACT_SEND_HELLO;
	return SRP_ST_STANDBY_READY;
}

static enum srp_fsm_state
h_ckpt_ready(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	     struct srp_fsm_actions *a)
{
	enum srp_fsm_state to;

	(void)in;
	f->dbrec.ckpt_complete = true;
	f->dbrec.ckpt_done_ms = now;
	to = ready_if_complete(f, now, a);
	if (to == SRP_ST_STANDBY_SYNCING)
		f->stats.n_ckpt_early++;	/* remembered for the hellos */
	return to;
}

/* Hello from the active while syncing (counted by srp_fsm_event). */
static enum srp_fsm_state
h_sync_active_hello(struct srp_fsm *f, uint64_t now,
		    const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)in;
	return ready_if_complete(f, now, a);
}

/*
 * The standby's copy is no longer complete (a full checkpoint failed to
 * apply): back to STANDBY_SYNCING. The hello announces it at once, so the
 * active starts a new full checkpoint for this syncing episode.
 */
static enum srp_fsm_state
h_ckpt_lost(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	    struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	f->dbrec.ckpt_complete = false;
	f->stats.n_ckpt_lost++;
	a->mask |= SRP_ACT_SEND_HELLO;
	return SRP_ST_STANDBY_SYNCING;
}

/* Syncing: a checkpoint kept for the hello wait is no longer complete. */
static enum srp_fsm_state
h_ckpt_forget(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	      struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	(void)a;
	if (f->dbrec.ckpt_complete)
		f->stats.n_ckpt_lost++;
	else
		f->stats.n_ignored++;
	f->dbrec.ckpt_complete = false;
	return f->state;
}

static enum srp_fsm_state
h_admin_switch(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	       struct srp_fsm_actions *a)
{
	enum srp_fsm_state to;

	to = ask_switch(f, now, a, in->force, SRP_SWCAUSE_ADMIN);
	if (to == SRP_ST_SWITCHING)
		f->aaa_nonrev = false;
	return to;
}

static enum srp_fsm_state
h_refuse_not_active(struct srp_fsm *f, uint64_t now,
		    const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	refuse(f, a, SRP_REF_NOT_ACTIVE);
	return f->state;
}

static enum srp_fsm_state
h_refuse_in_progress(struct srp_fsm *f, uint64_t now,
		     const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	refuse(f, a, SRP_REF_IN_PROGRESS);
	return f->state;
}

static enum srp_fsm_state
h_switch_req(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	     struct srp_fsm_actions *a)
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

static enum srp_fsm_state
h_switch_ack(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	     struct srp_fsm_actions *a)
{
	enum srp_fsm_cause c;

	if (f->phase != SRP_PH_REQ_SENT) {
		f->stats.n_ignored++;
		return f->state;
	}
	f->switch_deadline_ms = 0;
	if (in->msg->reason != SRP_SWRES_ACCEPTED) {
		refuse(f, a, SRP_REF_PEER_REFUSED);
		return SRP_ST_ACTIVE;
	}
	c = f->switch_cause == SRP_SWCAUSE_ADMIN ? SRP_CAUSE_MANUAL :
						   SRP_CAUSE_MONITOR;
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
	return fence(f, a, c, SRP_ST_STANDBY_READY);
}

static enum srp_fsm_state
h_flush_done(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	     struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	if (f->state != SRP_ST_SWITCHING || f->phase != SRP_PH_FLUSHING) {
		f->stats.n_ignored++;	/* late: fenced by the timer */
		return f->state;
	}
	f->switch_deadline_ms = 0;
	return fence(f, a, f->cause, SRP_ST_STANDBY_READY);
}

static enum srp_fsm_state
h_switch_timeout(struct srp_fsm *f, uint64_t now,
		 const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	switch (f->phase) {
	case SRP_PH_REQ_SENT:
		refuse(f, a, SRP_REF_PEER_TIMEOUT);
		return SRP_ST_ACTIVE;
	case SRP_PH_WAIT_FENCE:
		refuse(f, a, SRP_REF_PEER_TIMEOUT);
		return SRP_ST_STANDBY_READY;
	case SRP_PH_FLUSHING:
		/* The flush took too long: fence anyway. */
		return fence(f, a, f->cause, SRP_ST_STANDBY_READY);
	default:
		f->stats.n_ignored++;
		return f->state;
	}
}

static enum srp_fsm_state
h_dp_done(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	  struct srp_fsm_actions *a)
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
	announce_rm(f, a);
	return f->phase == SRP_PH_PROMOTING ? SRP_ST_ACTIVE : f->fence_to;
}

static enum srp_fsm_state
h_monitor_fail(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	       struct srp_fsm_actions *a)
{
	enum srp_monitor_kind k = in->monitor;
	uint64_t defer_ms;
	bool suppress;

	if (k == SRP_MON_AUTH_PROBE && f->aaa_nonrev) {
		refuse(f, a, SRP_REF_AAA_NONREV);
		return f->state;
	}
	guard_check(f, k, now, &suppress, &defer_ms);
	if (suppress) {
		f->stats.n_monitor_suppressed++;
		refuse(f, a, SRP_REF_GUARD);
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

static enum srp_fsm_state
h_monitor_ok(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	     struct srp_fsm_actions *a)
{
	(void)now;
	(void)a;
	if (f->damp_deadline_ms != 0 && f->damp_kind == in->monitor)
		f->damp_deadline_ms = 0;
	else
		f->stats.n_ignored++;
	return f->state;
}

static enum srp_fsm_state
h_damp_expired(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	       struct srp_fsm_actions *a)
{
	(void)in;
	/* Still failing after the damping period: switch now. */
	return ask_switch(f, now, a, false, monitor_cause(f->damp_kind));
}

static enum srp_fsm_state
h_fault(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
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

static enum srp_fsm_state
h_recovered(struct srp_fsm *f, uint64_t now, const struct srp_fsm_input *in,
	    struct srp_fsm_actions *a)
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

/* ---- the table -------------------------------------------------------- */

#define C(h)	{ h, #h }
#define INV	C(h_invalid)
#define IGN	C(h_ignore)

static const struct srp_fsm_cell fsm_table[SRP_ST_MAX][SRP_EV_MAX] = {
	[SRP_ST_INIT] = {
		[SRP_EV_START] = C(h_start),
		[SRP_EV_CONN_UP] = INV,
		[SRP_EV_CONN_DOWN] = INV,
		[SRP_EV_HELLO] = INV,
		[SRP_EV_PEER_ACTIVE] = INV,
		[SRP_EV_HB_TIMEOUT] = INV,
		[SRP_EV_DELAY_EXPIRED] = INV,
		[SRP_EV_CKPT_DONE] = INV,
		[SRP_EV_CKPT_LOST] = INV,
		[SRP_EV_ADMIN_SWITCH] = C(h_refuse_not_active),
		[SRP_EV_SWITCH_REQ] = INV,
		[SRP_EV_SWITCH_ACK] = INV,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = INV,
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = IGN,
		[SRP_EV_DAMP_EXPIRED] = INV,
		[SRP_EV_LOCAL_FAULT] = INV,
		[SRP_EV_FAULT_CLEAR] = INV,
		[SRP_EV_FLUSH_DONE] = INV,
	},
	[SRP_ST_CONNECTING] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = C(h_conn_down),
		[SRP_EV_HELLO] = INV,
		[SRP_EV_PEER_ACTIVE] = INV,
		[SRP_EV_HB_TIMEOUT] = C(h_promote_dead),
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = INV,
		[SRP_EV_CKPT_LOST] = INV,
		[SRP_EV_ADMIN_SWITCH] = C(h_refuse_not_active),
		[SRP_EV_SWITCH_REQ] = INV,
		[SRP_EV_SWITCH_ACK] = INV,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = INV,
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = C(h_monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = IGN,
		[SRP_EV_LOCAL_FAULT] = C(h_fault),
		[SRP_EV_FAULT_CLEAR] = C(h_recovered),
		[SRP_EV_FLUSH_DONE] = IGN,
	},
	[SRP_ST_NEGOTIATING] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = C(h_conn_down),
		[SRP_EV_HELLO] = C(h_negotiate),
		[SRP_EV_PEER_ACTIVE] = C(h_join_standby),
		[SRP_EV_HB_TIMEOUT] = C(h_promote_dead),
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = INV,
		[SRP_EV_CKPT_LOST] = INV,
		[SRP_EV_ADMIN_SWITCH] = C(h_refuse_not_active),
		[SRP_EV_SWITCH_REQ] = C(h_switch_req),
		[SRP_EV_SWITCH_ACK] = INV,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = INV,
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = C(h_monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = IGN,
		[SRP_EV_LOCAL_FAULT] = C(h_fault),
		[SRP_EV_FAULT_CLEAR] = C(h_recovered),
		[SRP_EV_FLUSH_DONE] = IGN,
	},
	[SRP_ST_STANDBY_SYNCING] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = C(h_conn_down),
		[SRP_EV_HELLO] = C(h_standby_hello),
		[SRP_EV_PEER_ACTIVE] = C(h_sync_active_hello),
		[SRP_EV_HB_TIMEOUT] = C(h_promote_dead),
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = C(h_ckpt_ready),
		[SRP_EV_CKPT_LOST] = C(h_ckpt_forget),
		[SRP_EV_ADMIN_SWITCH] = C(h_refuse_not_active),
		[SRP_EV_SWITCH_REQ] = C(h_switch_req),
		[SRP_EV_SWITCH_ACK] = INV,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = INV,
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = C(h_monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = IGN,
		[SRP_EV_LOCAL_FAULT] = C(h_fault),
		[SRP_EV_FAULT_CLEAR] = C(h_recovered),
		[SRP_EV_FLUSH_DONE] = IGN,
	},
	[SRP_ST_STANDBY_READY] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = C(h_conn_down),
		[SRP_EV_HELLO] = C(h_standby_hello),
		[SRP_EV_PEER_ACTIVE] = IGN,
		[SRP_EV_HB_TIMEOUT] = C(h_promote_dead),
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = IGN,
		[SRP_EV_CKPT_LOST] = C(h_ckpt_lost),
		[SRP_EV_ADMIN_SWITCH] = C(h_refuse_not_active),
		[SRP_EV_SWITCH_REQ] = C(h_switch_req),
		[SRP_EV_SWITCH_ACK] = INV,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = INV,
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = C(h_monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = IGN,
		[SRP_EV_LOCAL_FAULT] = C(h_fault),
		[SRP_EV_FAULT_CLEAR] = C(h_recovered),
		[SRP_EV_FLUSH_DONE] = IGN,
	},
	[SRP_ST_ACTIVE] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = C(h_conn_down),
		[SRP_EV_HELLO] = C(h_active_hello),
		[SRP_EV_PEER_ACTIVE] = C(h_split_brain),
		[SRP_EV_HB_TIMEOUT] = IGN,
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = INV,
		[SRP_EV_CKPT_LOST] = IGN,
		[SRP_EV_ADMIN_SWITCH] = C(h_admin_switch),
		[SRP_EV_SWITCH_REQ] = C(h_switch_req),
		[SRP_EV_SWITCH_ACK] = IGN,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = INV,
		[SRP_EV_MONITOR_FAIL] = C(h_monitor_fail),
		[SRP_EV_MONITOR_OK] = C(h_monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = C(h_damp_expired),
		[SRP_EV_LOCAL_FAULT] = C(h_fault),
		[SRP_EV_FAULT_CLEAR] = C(h_recovered),
		[SRP_EV_FLUSH_DONE] = IGN,
	},
	[SRP_ST_SWITCHING] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = C(h_sw_conn_down),
		[SRP_EV_HELLO] = C(h_sw_hello),
		[SRP_EV_PEER_ACTIVE] = C(h_sw_peer_active),
		[SRP_EV_HB_TIMEOUT] = C(h_sw_dead),
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = IGN,
		[SRP_EV_CKPT_LOST] = IGN,
		[SRP_EV_ADMIN_SWITCH] = C(h_refuse_in_progress),
		[SRP_EV_SWITCH_REQ] = C(h_switch_req),
		[SRP_EV_SWITCH_ACK] = C(h_switch_ack),
		[SRP_EV_SWITCH_TIMEOUT] = C(h_switch_timeout),
		[SRP_EV_DP_DONE] = C(h_dp_done),
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = C(h_monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = IGN,
		[SRP_EV_LOCAL_FAULT] = C(h_fault),
		[SRP_EV_FAULT_CLEAR] = C(h_recovered),
		[SRP_EV_FLUSH_DONE] = C(h_flush_done),
	},
	[SRP_ST_FAULT] = {
		[SRP_EV_START] = INV,
		[SRP_EV_CONN_UP] = C(h_conn_up),
		[SRP_EV_CONN_DOWN] = C(h_conn_down),
		[SRP_EV_HELLO] = IGN,
		[SRP_EV_PEER_ACTIVE] = IGN,
		[SRP_EV_HB_TIMEOUT] = IGN,
		[SRP_EV_DELAY_EXPIRED] = C(h_delay_over),
		[SRP_EV_CKPT_DONE] = IGN,
		[SRP_EV_CKPT_LOST] = IGN,
		[SRP_EV_ADMIN_SWITCH] = C(h_refuse_not_active),
		[SRP_EV_SWITCH_REQ] = C(h_switch_req),
		[SRP_EV_SWITCH_ACK] = IGN,
		[SRP_EV_SWITCH_TIMEOUT] = INV,
		[SRP_EV_DP_DONE] = IGN,
		[SRP_EV_MONITOR_FAIL] = IGN,
		[SRP_EV_MONITOR_OK] = C(h_monitor_ok),
		[SRP_EV_DAMP_EXPIRED] = IGN,
		[SRP_EV_LOCAL_FAULT] = IGN,
		[SRP_EV_FAULT_CLEAR] = C(h_recovered),
		[SRP_EV_FLUSH_DONE] = IGN,
	},
};

/* ---- public ----------------------------------------------------------- */

int
srp_fsm_conf_from(struct srp_fsm_conf *fc, const struct srp_conf *conf,
		  const uint8_t node_id[SRP_NODE_ID_LEN],
		  const uint8_t digest[SRP_DIGEST_LEN])
{
	if (fc == NULL || conf == NULL || node_id == NULL || digest == NULL)
		return -EINVAL;
	if (conf->priority < SRP_PRIORITY_MIN ||
	    conf->priority > SRP_PRIORITY_MAX || conf->hello_ms == 0 ||
	    conf->dead_ms == 0 || conf->dead_ms / 3 < conf->hello_ms)
		return -EINVAL;
	memset(fc, 0, sizeof(*fc));
	memcpy(fc->node_id, node_id, SRP_NODE_ID_LEN);
	memcpy(fc->config_digest, digest, SRP_DIGEST_LEN);
	switch (conf->mode) {
	case SRP_MODE_PRIMARY:
		fc->mode = SRP_WMODE_PRIMARY;
		break;
	case SRP_MODE_BACKUP:
		fc->mode = SRP_WMODE_BACKUP;
		break;
	default:
		fc->mode = SRP_WMODE_NONE;
		break;
	}
	fc->priority = (uint8_t)conf->priority;
	fc->db_recovery = conf->db_recovery == SRP_DBREC_AGGRESSIVE ?
			  SRP_WDBREC_AGGRESSIVE : SRP_WDBREC_NORMAL;
	fc->hello_ms = conf->hello_ms;
	fc->dead_ms = conf->dead_ms;
	fc->delay_ms = conf->delay_s * 1000u;
	fc->switch_timeout_ms = conf->dead_ms;
	fc->early_active = conf->allow_early_active &&
			   (conf->allow_all_data ||
			    (conf->allow_volte_data &&
			     !conf->volte_maintain_accounting));
	fc->aaa_switchover = conf->aaa_switchover;
	fc->diameter_switchover = conf->diameter_switchover;
	fc->redundancy_aaa = conf->redundancy_aaa;
	fc->redundancy_bgp = conf->redundancy_bgp;
	fc->redundancy_diam = conf->redundancy_diam;
	return 0;
}

int
srp_fsm_init(struct srp_fsm *f, const struct srp_fsm_conf *conf,
	     srp_fsm_log_fn *log_fn, void *log_arg)
{
	if (f == NULL || conf == NULL || conf->hello_ms == 0 ||
	    conf->dead_ms / 3 < conf->hello_ms || conf->priority == 0 ||
	    conf->mode > SRP_WMODE_BACKUP || conf->db_recovery >= SRP_WDBREC_MAX)
		return -EINVAL;
	memset(f, 0, sizeof(*f));
	f->conf = *conf;
	if (f->conf.switch_timeout_ms == 0)
		f->conf.switch_timeout_ms = conf->dead_ms;
	f->state = SRP_ST_INIT;
	f->fence_to = SRP_ST_STANDBY_SYNCING;
	f->route_modifier = srp_rm_initial(conf->mode);
	f->peer.state = SRP_ST_INIT;
	f->log_fn = log_fn;
	f->log_arg = log_arg;
	return 0;
}

static bool
event_needs_msg(enum srp_fsm_event ev)
{
	return ev == SRP_EV_HELLO || ev == SRP_EV_PEER_ACTIVE ||
	       ev == SRP_EV_SWITCH_REQ || ev == SRP_EV_SWITCH_ACK;
}

/* Record what a hello says about the peer (both hello events). */
static void
peer_record(struct srp_fsm *f, uint64_t now, const struct srp_msg *m)
{
	const struct srp_hello *h = &m->hello;
	bool mismatch;

	f->peer.seen = true;
	f->peer.state = h->state < SRP_WSTATE_MAX ? h->state : SRP_ST_FAULT;
	f->peer.generation = m->generation;
	memcpy(f->peer.node.node_id, h->node_id, SRP_NODE_ID_LEN);
	f->peer.node.route_modifier = h->route_modifier;
	f->peer.node.mode = h->mode;
	f->peer.node.priority = h->priority;
	f->peer.last_hello_ms = now;
	mismatch = memcmp(h->config_digest, f->conf.config_digest,
			  SRP_DIGEST_LEN) != 0;
	/* Flagged for show srp info; never blocks the election. */
	if (mismatch && !f->config_mismatch)
		f->stats.n_config_mismatch++;
	f->config_mismatch = mismatch;
	if (f->delay_over)
		f->dead_deadline_ms = now + f->conf.dead_ms;
}

int
srp_fsm_event(struct srp_fsm *f, enum srp_fsm_event ev, uint64_t now_ms,
	      const struct srp_fsm_input *in, struct srp_fsm_actions *out)
{
	static const struct srp_fsm_input none;
	const struct srp_fsm_cell *cell;
	struct srp_fsm_transition t;
	enum srp_fsm_state from, to;

	if (f == NULL || out == NULL || (unsigned int)ev >= SRP_EV_MAX)
		return -EINVAL;
	if (in == NULL)
		in = &none;
	if (event_needs_msg(ev) && in->msg == NULL)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if ((ev == SRP_EV_HELLO || ev == SRP_EV_PEER_ACTIVE) &&
	    f->state != SRP_ST_INIT)
		peer_record(f, now_ms, in->msg);
	/* Database recovery counts the active's hellos per connection. */
	if (ev == SRP_EV_PEER_ACTIVE && f->state != SRP_ST_INIT &&
	    f->dbrec.n_active_hellos < UINT32_MAX)
		f->dbrec.n_active_hellos++;
	from = f->state;
	cell = &fsm_table[from][ev];
	if (cell->fn == NULL)	/* table hole: refuse rather than guess */
		return -EINVAL;
	/* A switchover request or answer counts only from a peer whose hello
	 * was accepted on this connection: the link verifies that hello
	 * (docs/srp-protocol.md section 6.5), nothing else proves who sent. */
	if ((ev == SRP_EV_SWITCH_REQ || ev == SRP_EV_SWITCH_ACK) &&
	    !f->peer.seen && cell->fn != h_invalid && cell->fn != h_ignore) {
		f->stats.n_unverified++;
		return 0;
	}
	to = cell->fn(f, now_ms, in, out);
	if (to != SRP_ST_SWITCHING) {
		f->phase = SRP_PH_NONE;
		f->switch_deadline_ms = 0;
		if (to == SRP_ST_ACTIVE || is_standby(to))
			f->want = SRP_WANT_NONE;
	}
	if (to == from)
		return 0;
	/* A standby (re)starting to sync needs a new complete checkpoint. */
	if (to == SRP_ST_STANDBY_SYNCING)
		f->dbrec.ckpt_complete = false;
	f->state = to;
	f->last_change_ms = now_ms;
	f->stats.n_enter[to]++;
	if (f->log_fn != NULL) {
		t.now_ms = now_ms;
		t.from = from;
		t.to = to;
		t.event = ev;
		t.want = f->want;
		t.cause = f->cause;
		t.generation = f->generation;
		f->log_fn(f->log_arg, &t);
	}
	return 0;
}

int
srp_fsm_hello(struct srp_fsm *f, uint64_t now_ms, const struct srp_msg *m,
	      struct srp_fsm_actions *out)
{
	struct srp_fsm_input in = { .msg = m };
	enum srp_fsm_refusal r = SRP_REF_NONE;
	uint16_t wire = 0;

	if (f == NULL || m == NULL || out == NULL || m->type != SRP_MSG_HELLO)
		return -EINVAL;
	f->stats.n_hello_rx++;
	if (m->hello.mode != SRP_WMODE_PRIMARY &&
	    m->hello.mode != SRP_WMODE_BACKUP) {
		r = SRP_REF_NO_MODE;
		wire = SRP_REFUSE_MODE;
	} else if (f->conf.mode == SRP_WMODE_NONE) {
		r = SRP_REF_NO_MODE;
		wire = SRP_REFUSE_MODE;
	} else if (memcmp(m->hello.node_id, f->conf.node_id,
			  SRP_NODE_ID_LEN) == 0) {
		r = SRP_REF_NODE_ID;
		wire = SRP_REFUSE_NODE_ID;
	}
	if (r != SRP_REF_NONE) {
		/* Not paired: the peer stays unseen, no state changes. */
		memset(out, 0, sizeof(*out));
		refuse(f, out, r);
		out->mask |= SRP_ACT_SEND_REFUSE;
		out->refuse_reason = wire;
		return 0;
	}
	return srp_fsm_event(f, m->hello.state == SRP_WSTATE_ACTIVE ?
			     SRP_EV_PEER_ACTIVE : SRP_EV_HELLO, now_ms, &in,
			     out);
}

static void
merge(struct srp_fsm_actions *acc, const struct srp_fsm_actions *a)
{
	acc->mask |= a->mask;
	if (a->mask & SRP_ACT_ANNOUNCE_RM)
		acc->route_modifier = a->route_modifier;
	if (a->mask & SRP_ACT_SEND_REFUSE)
		acc->refuse_reason = a->refuse_reason;
	if (a->mask & SRP_ACT_SEND_SWITCH_ACK)
		acc->ack_result = a->ack_result;
	if (a->mask & SRP_ACT_SEND_SWITCH_REQ) {
		acc->switch_cause = a->switch_cause;
		acc->force = a->force;
	}
	if (a->mask & SRP_ACT_REPORT_REFUSAL)
		acc->refusal = a->refusal;
}

static void
fire(struct srp_fsm *f, uint64_t *deadline, enum srp_fsm_event ev,
     uint64_t now, struct srp_fsm_actions *acc)
{
	struct srp_fsm_actions a;

	if (*deadline == 0 || now < *deadline)
		return;
	*deadline = 0;
	srp_fsm_event(f, ev, now, NULL, &a);
	merge(acc, &a);
}

int
srp_fsm_tick(struct srp_fsm *f, uint64_t now_ms, struct srp_fsm_actions *out)
{
	if (f == NULL || out == NULL)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (f->state == SRP_ST_INIT)
		return 0;
	fire(f, &f->dead_deadline_ms, SRP_EV_HB_TIMEOUT, now_ms, out);
	fire(f, &f->delay_deadline_ms, SRP_EV_DELAY_EXPIRED, now_ms, out);
	fire(f, &f->switch_deadline_ms, SRP_EV_SWITCH_TIMEOUT, now_ms, out);
	fire(f, &f->damp_deadline_ms, SRP_EV_DAMP_EXPIRED, now_ms, out);
	return 0;
}

uint64_t
srp_fsm_next_deadline(const struct srp_fsm *f)
{
	const uint64_t d[] = { f->dead_deadline_ms, f->delay_deadline_ms,
			       f->switch_deadline_ms, f->damp_deadline_ms };
	uint64_t best = UINT64_MAX;
	size_t i;

	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		if (d[i] != 0 && d[i] < best)
			best = d[i];
	return best;
}

int
srp_fsm_hello_fill(struct srp_fsm *f, struct srp_msg *m, const char *sw_version)
{
	struct srp_hello *h;

	if (f == NULL || m == NULL || sw_version == NULL)
		return -EINVAL;
	srp_msg_init(m, SRP_MSG_HELLO);
	h = &m->hello;
	m->generation = f->generation;
	memcpy(h->config_digest, f->conf.config_digest, SRP_DIGEST_LEN);
	memcpy(h->node_id, f->conf.node_id, SRP_NODE_ID_LEN);
	h->route_modifier = f->route_modifier;
	h->hello_ms = f->conf.hello_ms;
	h->dead_ms = f->conf.dead_ms;
	h->mode = f->conf.mode;
	h->priority = f->conf.priority;
	h->state = (uint8_t)f->state;
	h->comp_caps = SRP_COMP_CAP_ALL;
	h->db_recovery = f->conf.db_recovery;
	strncpy(h->sw_version, sw_version, SRP_SW_VERSION_MAX);
	h->sw_version[SRP_SW_VERSION_MAX] = '\0';
	f->stats.n_hello_tx++;
	return 0;
}

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
	if (r->verdict == SRP_REF_PEER_NOT_READY &&
	    f->peer.state == SRP_ST_STANDBY_SYNCING)
		r->verdict_force = SRP_REF_NONE;
}

bool
srp_fsm_ready_pending(const struct srp_fsm *f, bool *need_ckpt,
		      uint32_t *need_hellos)
{
	*need_ckpt = false;
	*need_hellos = 0;
	if (f->state != SRP_ST_STANDBY_SYNCING)
		return false;
	*need_ckpt = !f->dbrec.ckpt_complete;
	if (f->conf.db_recovery == SRP_WDBREC_NORMAL &&
	    f->dbrec.n_active_hellos < SRP_DBREC_NORMAL_HELLOS)
		*need_hellos = SRP_DBREC_NORMAL_HELLOS -
			       f->dbrec.n_active_hellos;
	return true;
}

const char *
srp_fsm_dbrec_str(uint8_t db_recovery)
{
	switch (db_recovery) {
	case SRP_WDBREC_NORMAL:
		return "normal";
	case SRP_WDBREC_AGGRESSIVE:
		return "aggressive";
	default:
		return "?";
	}
}

void
srp_fsm_aaa_flag_clear(struct srp_fsm *f)
{
	f->aaa_nonrev = false;
}

const char *
srp_fsm_state_str(enum srp_fsm_state s)
{
	static const char *const names[SRP_ST_MAX] = {
		[SRP_ST_INIT] = "INIT",
		[SRP_ST_CONNECTING] = "CONNECTING",
		[SRP_ST_NEGOTIATING] = "NEGOTIATING",
		[SRP_ST_STANDBY_SYNCING] = "STANDBY_SYNCING",
		[SRP_ST_STANDBY_READY] = "STANDBY_READY",
		[SRP_ST_ACTIVE] = "ACTIVE",
		[SRP_ST_SWITCHING] = "SWITCHING",
		[SRP_ST_FAULT] = "FAULT",
	};

	return (unsigned int)s < SRP_ST_MAX ? names[s] : "?";
}

const char *
srp_fsm_event_str(enum srp_fsm_event e)
{
	static const char *const names[SRP_EV_MAX] = {
		[SRP_EV_START] = "START",
		[SRP_EV_CONN_UP] = "CONN_UP",
		[SRP_EV_CONN_DOWN] = "CONN_DOWN",
		[SRP_EV_HELLO] = "HELLO",
		[SRP_EV_PEER_ACTIVE] = "PEER_ACTIVE",
		[SRP_EV_HB_TIMEOUT] = "HB_TIMEOUT",
		[SRP_EV_DELAY_EXPIRED] = "DELAY_EXPIRED",
		[SRP_EV_CKPT_DONE] = "CKPT_DONE",
		[SRP_EV_CKPT_LOST] = "CKPT_LOST",
		[SRP_EV_ADMIN_SWITCH] = "ADMIN_SWITCH",
		[SRP_EV_SWITCH_REQ] = "SWITCH_REQ",
		[SRP_EV_SWITCH_ACK] = "SWITCH_ACK",
		[SRP_EV_SWITCH_TIMEOUT] = "SWITCH_TIMEOUT",
		[SRP_EV_DP_DONE] = "DP_DONE",
		[SRP_EV_MONITOR_FAIL] = "MONITOR_FAIL",
		[SRP_EV_MONITOR_OK] = "MONITOR_OK",
		[SRP_EV_DAMP_EXPIRED] = "DAMP_EXPIRED",
		[SRP_EV_LOCAL_FAULT] = "LOCAL_FAULT",
		[SRP_EV_FAULT_CLEAR] = "FAULT_CLEAR",
		[SRP_EV_FLUSH_DONE] = "FLUSH_DONE",
	};

	return (unsigned int)e < SRP_EV_MAX ? names[e] : "?";
}

const char *
srp_fsm_cause_str(enum srp_fsm_cause c)
{
	static const char *const names[SRP_CAUSE_MAX] = {
		[SRP_CAUSE_ELECTION] = "election",
		[SRP_CAUSE_DEAD_PEER] = "dead-peer",
		[SRP_CAUSE_MANUAL] = "manual",
		[SRP_CAUSE_MONITOR] = "monitor",
		[SRP_CAUSE_SPLIT_BRAIN] = "split-brain",
		[SRP_CAUSE_GENERATION] = "generation",
		[SRP_CAUSE_PEER_FAULT] = "peer-fault",
		[SRP_CAUSE_LOCAL_FAULT] = "local-fault",
	};

	return (unsigned int)c < SRP_CAUSE_MAX ? names[c] : "?";
}

const char *
srp_fsm_refusal_str(enum srp_fsm_refusal r)
{
	static const char *const names[SRP_REF_MAX] = {
		[SRP_REF_NONE] = "none",
		[SRP_REF_NOT_ACTIVE] = "not-active",
		[SRP_REF_PEER_DOWN] = "peer-down",
		[SRP_REF_PEER_NOT_READY] = "peer-not-ready",
		[SRP_REF_IN_PROGRESS] = "in-progress",
		[SRP_REF_AAA_NONREV] = "aaa-non-reversible",
		[SRP_REF_GUARD] = "guard-period",
		[SRP_REF_PEER_REFUSED] = "peer-refused",
		[SRP_REF_PEER_TIMEOUT] = "peer-timeout",
		[SRP_REF_NO_MODE] = "no-chassis-mode",
		[SRP_REF_TIE] = "election-tie",
		[SRP_REF_NODE_ID] = "same-node-id",
	};

	return (unsigned int)r < SRP_REF_MAX ? names[r] : "?";
}

const char *
srp_fsm_handler_name(enum srp_fsm_state s, enum srp_fsm_event e)
{
	if ((unsigned int)s >= SRP_ST_MAX || (unsigned int)e >= SRP_EV_MAX)
		return NULL;
	return fsm_table[s][e].name;
}
