/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP service glue, the role machine's actions: sending (hello, CONFIG,
 * switchover messages), the data-plane flip with its fencing that waits
 * for the workers, DP_DONE after a completed flip, feeding events and
 * logging transitions. Context: control.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include <rte_log.h>

#include "bgp/ctl_bgp.h"
#include "net/ctl_fwd.h"
#include "net/ctl_garp.h"
#include "core/ctl_loop.h"
#include "ctl_srp.h"
#include "ctl_srp_int.h"
#include "mon/ctl_mon.h"
#include "pfcp/ctl_pfcp.h"
#include "dp_fwd.h"

/* Bound on DP_DONE rounds after one input (each flip completes at once). */
#define SRP_MAX_FLIP_ROUNDS	4

/*
 * Sending.
 */

static int
srp_send(struct ctl_srp *s, struct srp_msg *m, enum srp_conn_class cls)
{
	int ret;

	if (!srp_conn_is_up(&s->conn))
		return -ENOTCONN;
	ret = srp_conn_send(&s->conn, m, cls);
	if (ret < 0) {
		s->stats.n_send_fail++;
		SRP_LOG(WARNING, "cannot send %s: %s",
			srp_msg_type_name(m->type), strerror(-ret));
	}
	return ret;
}

void
ctl_srp_i_hello_send(struct ctl_srp *s)
{
	struct srp_msg m;

	if (!srp_conn_is_up(&s->conn))
		return;
	srp_fsm_hello_fill(&s->fsm, &m, SRPGW_VERSION);
	/* What this chassis is configured for (chapter: LZ4 compression). */
	m.hello.comp_caps = s->ckpt.local_caps;
	srp_send(s, &m, SRP_CONN_CLASS_CONTROL);
}

void
ctl_srp_i_config_send(struct ctl_srp *s)
{
	struct srp_msg m;

	srp_msg_init(&m, SRP_MSG_CONFIG);
	m.payload = (const uint8_t *)s->local_text;
	m.payload_len = (uint32_t)s->local_len;
	memcpy(m.hello.config_digest, s->digest, SRP_DIGEST_LEN);
	m.generation = s->fsm.generation;
	m.present |= SRP_TLV_BIT(SRP_TLV_GENERATION);
	if (srp_send(s, &m, SRP_CONN_CLASS_CONTROL) == 0)
		s->stats.n_config_tx++;
}

/*
 * Data plane.
 */

/*
 * Publish the chassis flag. @return true when the flip is complete: at
 * once for an activation; a fencing only once no worker can still act on
 * the state before it (the peer is told after DP_DONE and then forwards
 * too). Otherwise srp_on_wake() polls and feeds DP_DONE later.
 */
/* Features above srp told of each flip (ctl_srp_role_watch). */
static ctl_srp_role_fn *role_watch[CTL_SRP_ROLE_WATCH_MAX];
static unsigned int n_role_watch;

int
ctl_srp_role_watch(ctl_srp_role_fn *fn)
{
	unsigned int i;

	for (i = 0; i < n_role_watch; i++)
		if (role_watch[i] == fn)
			return -EEXIST;
	if (n_role_watch == CTL_SRP_ROLE_WATCH_MAX)
		return -ENOSPC;
	role_watch[n_role_watch++] = fn;
	return 0;
}

void
ctl_srp_role_unwatch(ctl_srp_role_fn *fn)
{
	unsigned int i;

	for (i = 0; i < n_role_watch; i++)
		if (role_watch[i] == fn) {
			role_watch[i] = role_watch[--n_role_watch];
			return;
		}
}

bool
ctl_srp_i_dp_set(struct ctl_srp *s, bool active)
{
	unsigned int i;
	int ret;

	s->dp_settling = false;
	ret = ctl_fwd_chassis_set(active, ctl_takeover_flip(s, active));
	if (ret < 0) {
		s->stats.n_dp_flip_fail++;
		s->dp_retry = true;
		SRP_LOG(ERR, "data plane %s failed: %s (retrying)",
			active ? "activation" : "fencing", strerror(-ret));
		return false;
	}
	s->dp_retry = false;
	s->dp_active = active;
	s->stats.n_dp_flip++;
	SRP_LOG(NOTICE, "data plane %s", active ? "active" : "standby (fenced)");
	/* L2 and L3 redirection follow the flip (docs/redirection.md). */
	if (active)
		ctl_garp_activated();
	else
		ctl_garp_cancel();
	ctl_bgp_role(active);
	/* A copy known to be incomplete: the SMF may be told to restore. */
	if (active)
		ctl_pfcp_takeover(ctl_ckpt_copy_complete(&s->ckpt));
	for (i = 0; i < n_role_watch; i++)
		role_watch[i](active);
	/* A stalled worker never reaches a quiescent state: waiting for it
	 * would hold the handover its stall asked for (docs/monitors.md). */
	if (!active && !dp_fwd_settled(dp_fwd_published()) &&
	    !ctl_mon_worker_stalled()) {
		s->dp_settle_seq = dp_fwd_published();
		s->dp_settling = true;
		s->stats.n_dp_settle_wait++;
		return false;
	}
	return true;
}

/*
 * Actions.
 */

static void
srp_switch_msg_send(struct ctl_srp *s, uint8_t type, uint16_t reason,
		    uint8_t force)
{
	struct srp_msg m;

	srp_msg_init(&m, type);
	m.generation = s->fsm.generation;
	m.reason = reason;
	m.force = force;
	srp_send(s, &m, SRP_CONN_CLASS_CONTROL);
}

/*
 * The peer's route modifier for the prepend: the last one heard, or
 * before any hello the boot value of the other chassis mode (a backup
 * assumes a primary, which starts lower: the chapter's "correct chassis
 * is still preferred" when the SRP link never came up).
 */
uint32_t
ctl_srp_i_peer_rm(const struct ctl_srp *s)
{
	if (s->fsm.peer.node.route_modifier != 0)
		return s->fsm.peer.node.route_modifier;
	return srp_rm_initial(s->fsm.conf.mode == SRP_WMODE_PRIMARY ?
			      SRP_WMODE_BACKUP : SRP_WMODE_PRIMARY);
}

/*
 * Carry out @a (ascending bit order); a completed flip feeds DP_DONE as a
 * separate event afterwards, whose actions are run the same way.
 */
void
ctl_srp_i_actions_run(struct ctl_srp *s, struct srp_fsm_actions *a,
		      enum srp_fsm_refusal *report)
{
	unsigned int round;
	bool flipped;

	/* The prepend follows the route modifiers (docs/redirection.md). */
	ctl_bgp_route_modifier(s->fsm.route_modifier);
	ctl_bgp_peer_route_modifier(ctl_srp_i_peer_rm(s));
	for (round = 0; round < SRP_MAX_FLIP_ROUNDS; round++) {
		flipped = false;
		if (a->mask & SRP_ACT_BECOME_STANDBY)
			flipped |= ctl_srp_i_dp_set(s, false);
		if (a->mask & SRP_ACT_BECOME_ACTIVE)
			flipped |= ctl_srp_i_dp_set(s, true);
		if (a->mask & SRP_ACT_ANNOUNCE_RM) {
			/* Written into the BGP speaker's include. */
			ctl_bgp_route_modifier(a->route_modifier);
			s->announced_rm = a->route_modifier;
			s->stats.n_rm_announce++;
			SRP_LOG(INFO, "route modifier %u", a->route_modifier);
		}
		if (a->mask & SRP_ACT_SEND_REFUSE) {
			SRP_LOG(WARNING, "refusing the peer: %s",
				srp_refuse_reason_str(a->refuse_reason));
			srp_conn_refuse(&s->conn, a->refuse_reason,
					srp_refuse_reason_str(a->refuse_reason));
		}
		if (a->mask & SRP_ACT_SEND_SWITCH_ACK)
			srp_switch_msg_send(s, SRP_MSG_SWITCHOVER_ACK,
					    a->ack_result, a->force);
		if (a->mask & SRP_ACT_SEND_SWITCH_REQ)
			srp_switch_msg_send(s, SRP_MSG_SWITCHOVER_REQUEST,
					    a->switch_cause, a->force);
		if (a->mask & SRP_ACT_SEND_HELLO)
			ctl_srp_i_hello_send(s);
		if (a->mask & SRP_ACT_FLUSH) {
			/* Early transition: keep forwarding, flush on the
			 * next checkpoint polls, then FLUSH_DONE. */
			s->flush_polls = CTL_SRP_FLUSH_POLLS;
			SRP_LOG(NOTICE, "peer active: flushing checkpoints "
				"before fencing");
		}
		if (a->mask & SRP_ACT_REPORT_REFUSAL) {
			s->last_refusal = a->refusal;
			s->last_refusal_ms = ctl_loop_now_ms();
			if (report != NULL)
				*report = a->refusal;
			else
				SRP_LOG(WARNING, "switchover refused: %s",
					srp_fsm_refusal_str(a->refusal));
		}
		if (!flipped)
			break;
		srp_fsm_event(&s->fsm, SRP_EV_DP_DONE, ctl_loop_now_ms(),
			      NULL, a);
	}
}

void
ctl_srp_i_feed(struct ctl_srp *s, enum srp_fsm_event ev,
	       const struct srp_fsm_input *in, enum srp_fsm_refusal *report)
{
	struct srp_fsm_actions a;

	if (srp_fsm_event(&s->fsm, ev, ctl_loop_now_ms(), in, &a) < 0) {
		SRP_LOG(ERR, "event %s refused by the role machine",
			srp_fsm_event_str(ev));
		return;
	}
	ctl_srp_i_actions_run(s, &a, report);
}

/* FSM transition log: one NOTICE line each, kept in the history. */
void
ctl_srp_i_on_transition(void *arg, const struct srp_fsm_transition *t)
{
	struct ctl_srp *s = arg;
	struct ctl_srp_change *c = &s->hist[s->n_hist % CTL_SRP_HISTORY];

	c->wall_s = (int64_t)time(NULL);
	c->t = *t;
	s->n_hist++;
	s->last_change_wall_s = c->wall_s;
	if (s->ckpt_init) {
		ctl_ckpt_role_cause(&s->ckpt, srp_fsm_cause_str(t->cause));
		ctl_ckpt_role(&s->ckpt, (uint8_t)t->to, t->generation);
	}
	SRP_LOG(NOTICE, "state %s -> %s (event %s, cause %s, want %s, "
		"generation %u)", srp_fsm_state_str(t->from),
		srp_fsm_state_str(t->to), srp_fsm_event_str(t->event),
		srp_fsm_cause_str(t->cause),
		t->want == SRP_WANT_ACTIVE ? "active" :
		t->want == SRP_WANT_STANDBY ? "standby" : "none",
		t->generation);
	ctl_srp_i_alarm_transition(s, t);
}
