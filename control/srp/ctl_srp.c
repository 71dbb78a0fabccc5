/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP service glue on the control reactor: feeds srp_fsm from srp_conn,
 * the hello and deadline timers and operator commands, and carries out the
 * machine's actions in ascending bit order (docs/srp-roles.md section 1,
 * docs/srp-operations.md). Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>

#include <rte_log.h>

#include "core/ctl_api.h"
#include "bgp/ctl_bgp.h"
#include "net/ctl_fwd.h"
#include "net/ctl_garp.h"
#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "sess/ctl_sess.h"
#include "ctl_srp.h"
#include "xdp/ctl_xdp.h"
#include "dp_fwd.h"
#include "dp_lifecycle.h"
#include "sess_table.h"
#include "srp_ckpt_comp.h"

RTE_LOG_REGISTER(ctl_srp_logtype, user.gw.srp, INFO);

/* Bound on DP_DONE rounds after one input (each flip completes at once). */
#define SRP_MAX_FLIP_ROUNDS	4
/* Retry of a data-plane flip that failed (out of memory). */
#define SRP_FLIP_RETRY_MS	100u

static struct ctl_srp srp_svc = { .enabled = false };

static void srp_on_fd(struct ctl_loop *loop, int fd, uint32_t events,
		      void *arg);

struct ctl_srp *
ctl_srp_get(void)
{
	return &srp_svc;
}

const char *
ctl_srp_wstate_str(uint8_t wire_state)
{
	return srp_fsm_state_str((enum srp_fsm_state)wire_state);
}

/*
 * Timers.
 */

/* Arm the one-shot timer at the earliest deadline of FSM, link, retries. */
static void
srp_rearm(struct ctl_srp *s)
{
	uint64_t now = ctl_loop_now_ms();
	uint64_t d = srp_fsm_next_deadline(&s->fsm);
	uint64_t c;

	if (s->conn_init) {
		c = srp_conn_next_deadline(&s->conn);
		if (c < d)
			d = c;
	}
	if (s->start_retry_ms != 0 && s->start_retry_ms < d)
		d = s->start_retry_ms;
	if (s->dp_retry && now + SRP_FLIP_RETRY_MS < d)
		d = now + SRP_FLIP_RETRY_MS;
	if (s->dp_settling && now + 1 < d)
		d = now + 1;	/* workers pass a quiescent state each burst */
	if (s->wake_timer == NULL)
		return;
	if (d == UINT64_MAX) {
		ctl_loop_timer_stop(s->wake_timer);
		return;
	}
	/* 0 would disarm a timerfd: a due deadline fires after 1 ms. */
	if (ctl_loop_timer_set(s->wake_timer, d > now ? d - now : 1, 0) < 0)
		SRP_LOG(ERR, "cannot arm the SRP deadline timer");
}

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

static void
srp_hello_send(struct ctl_srp *s)
{
	struct srp_msg m;

	if (!srp_conn_is_up(&s->conn))
		return;
	srp_fsm_hello_fill(&s->fsm, &m, SRPGW_VERSION);
	/* What this chassis is configured for (chapter: LZ4 compression). */
	m.hello.comp_caps = s->ckpt.local_caps;
	srp_send(s, &m, SRP_CONN_CLASS_CONTROL);
}

static void
srp_config_send(struct ctl_srp *s)
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
static bool
srp_dp_set(struct ctl_srp *s, bool active)
{
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
	ctl_xdp_role(active);
	if (!active && !dp_fwd_settled(dp_fwd_published())) {
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
 * Carry out @a (ascending bit order); a completed flip feeds DP_DONE as a
 * separate event afterwards, whose actions are run the same way.
 */
static void
srp_actions_run(struct ctl_srp *s, struct srp_fsm_actions *a,
		enum srp_fsm_refusal *report)
{
	unsigned int round;
	bool flipped;

	for (round = 0; round < SRP_MAX_FLIP_ROUNDS; round++) {
		flipped = false;
		if (a->mask & SRP_ACT_BECOME_STANDBY)
			flipped |= srp_dp_set(s, false);
		if (a->mask & SRP_ACT_BECOME_ACTIVE)
			flipped |= srp_dp_set(s, true);
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
			srp_hello_send(s);
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

static void
srp_feed(struct ctl_srp *s, enum srp_fsm_event ev,
	 const struct srp_fsm_input *in, enum srp_fsm_refusal *report)
{
	struct srp_fsm_actions a;

	if (srp_fsm_event(&s->fsm, ev, ctl_loop_now_ms(), in, &a) < 0) {
		SRP_LOG(ERR, "event %s refused by the role machine",
			srp_fsm_event_str(ev));
		return;
	}
	srp_actions_run(s, &a, report);
}

/* FSM transition log: one NOTICE line each, kept in the history. */
static void
srp_on_transition(void *arg, const struct srp_fsm_transition *t)
{
	struct ctl_srp *s = arg;
	struct ctl_srp_change *c = &s->hist[s->n_hist % CTL_SRP_HISTORY];

	c->wall_s = (int64_t)time(NULL);
	c->t = *t;
	s->n_hist++;
	s->last_change_wall_s = c->wall_s;
	if (s->ckpt_init)
		ctl_ckpt_role(&s->ckpt, (uint8_t)t->to, t->generation);
	SRP_LOG(NOTICE, "state %s -> %s (event %s, cause %s, want %s, "
		"generation %u)", srp_fsm_state_str(t->from),
		srp_fsm_state_str(t->to), srp_fsm_event_str(t->event),
		srp_fsm_cause_str(t->cause),
		t->want == SRP_WANT_ACTIVE ? "active" :
		t->want == SRP_WANT_STANDBY ? "standby" : "none",
		t->generation);
}

/*
 * Session replication (ctl_ckpt*.c): transport and readiness.
 */

static int
srp_ckpt_send(void *arg, struct srp_msg *m, bool control)
{
	struct ctl_srp *s = arg;
	int ret;

	if (!srp_conn_is_up(&s->conn))
		return -ENOTCONN;
	ret = srp_conn_send(&s->conn, m, control ? SRP_CONN_CLASS_CONTROL :
			    SRP_CONN_CLASS_SESSION);
	if (ret == -ENOBUFS)
		return ret;	/* the checkpoint code retries later */
	if (ret < 0) {
		s->stats.n_send_fail++;
		SRP_LOG(WARNING, "cannot send %s: %s",
			srp_msg_type_name(m->type), strerror(-ret));
		return ret;
	}
	if (m->type == SRP_MSG_CKPT_BEGIN)
		s->stats.n_ckpt_begin_tx++;
	else if (m->type == SRP_MSG_CKPT_END)
		s->stats.n_ckpt_end_tx++;
	return 0;
}

static void
srp_ckpt_ready(void *arg)
{
	struct ctl_srp *s = arg;

	if (s->fsm.state == SRP_ST_STANDBY_SYNCING) {
		s->stats.n_ckpt_done++;
		srp_feed(s, SRP_EV_CKPT_DONE, NULL, NULL);
	}
}

/* A READY standby's copy became incomplete: back to STANDBY_SYNCING. */
static void
srp_ckpt_unready(void *arg)
{
	struct ctl_srp *s = arg;

	if (s->fsm.state != SRP_ST_STANDBY_READY &&
	    s->fsm.state != SRP_ST_STANDBY_SYNCING)
		return;
	SRP_LOG(WARNING, "the session copy is no longer complete: "
		"waiting for a new full checkpoint");
	srp_feed(s, SRP_EV_CKPT_LOST, NULL, NULL);
}

static uint64_t
srp_ckpt_now(void *arg)
{
	(void)arg;
	return ctl_loop_now_ms();
}

static const struct ctl_ckpt_ops srp_ckpt_ops = {
	.send = srp_ckpt_send,
	.ready = srp_ckpt_ready,
	.unready = srp_ckpt_unready,
	.wall_ms = NULL,
	.now_ms = srp_ckpt_now,
};

/* Nothing of the active side waits to be sent. */
static bool
srp_ckpt_idle(const struct ctl_srp *s)
{
	const struct ctl_ckpt *c = &s->ckpt;

	return !s->ckpt_init || (!c->out_full && c->pend[0].n == 0 &&
				 c->pend[1].n == 0);
}

/* Early transition flush: FLUSH_DONE once the polls ran and the queue of
 * deltas is empty (the FSM's switch timer bounds it). */
static void
srp_flush_poll(struct ctl_srp *s)
{
	if (s->flush_polls == 0)
		return;
	if (s->fsm.state != SRP_ST_SWITCHING ||
	    s->fsm.phase != SRP_PH_FLUSHING) {
		s->flush_polls = 0;
		return;
	}
	if (s->flush_polls > 1) {
		s->flush_polls--;
		return;
	}
	if (!srp_ckpt_idle(s))
		return;
	s->flush_polls = 0;
	srp_feed(s, SRP_EV_FLUSH_DONE, NULL, NULL);
}

static void
srp_on_ckpt_timer(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct ctl_srp *s = arg;

	(void)loop;
	(void)t;
	/* Also with the link down: the aging queue keeps draining. */
	if (s->ckpt_init)
		ctl_ckpt_poll(&s->ckpt);
	srp_flush_poll(s);
	ctl_takeover_poll(s);
	srp_rearm(s);
}

/*
 * Link callbacks.
 */

static int
srp_watch(void *arg, int fd, uint32_t events)
{
	struct ctl_srp *s = arg;
	int free_slot = -1;
	int i, ret;

	for (i = 0; i < CTL_SRP_MAX_FDS; i++) {
		if (s->fds[i] == fd)
			break;
		if (s->fds[i] < 0 && free_slot < 0)
			free_slot = i;
	}
	if (events == 0) {
		if (i < CTL_SRP_MAX_FDS) {
			ctl_loop_fd_del(s->loop, fd);
			s->fds[i] = -1;
		}
		return 0;
	}
	if (i < CTL_SRP_MAX_FDS)
		return ctl_loop_fd_mod(s->loop, fd, events);
	if (free_slot < 0)
		return -ENOSPC;
	ret = ctl_loop_fd_add(s->loop, fd, events, srp_on_fd, s);
	if (ret < 0)
		return ret;
	s->fds[free_slot] = fd;
	return 0;
}

static void
srp_on_up(void *arg)
{
	struct ctl_srp *s = arg;

	s->stats.n_link_up++;
	s->up_since_ms = ctl_loop_now_ms();
	s->up_since_wall_s = (int64_t)time(NULL);
	if (s->ckpt_init)
		ctl_ckpt_link(&s->ckpt, true);
	SRP_LOG(NOTICE, "link up with the peer (%s connection)",
		s->conn.fd_outbound ? "outbound" : "inbound");
	/* CONN_UP asks for the hello that must come first. CONFIG goes
	 * when the peer's hello has verified it: an unverified peer gets
	 * nothing but the handshake (docs/srp-protocol.md section 6.5). */
	s->config_due = true;
	srp_feed(s, SRP_EV_CONN_UP, NULL, NULL);
	s->next_hello_ms = ctl_loop_now_ms() + s->fsm.conf.hello_ms;
}

static void
srp_on_down(void *arg, enum srp_conn_down why)
{
	struct ctl_srp *s = arg;

	s->stats.n_link_down++;
	s->up_since_ms = 0;
	srp_hgap_link_down(&s->hgap);
	if (s->ckpt_init)
		ctl_ckpt_link(&s->ckpt, false);
	SRP_LOG(NOTICE, "link down: %s", srp_conn_down_str(why));
	srp_feed(s, SRP_EV_CONN_DOWN, NULL, NULL);
}

static void
srp_on_config(struct ctl_srp *s, const struct srp_msg *m)
{
	char *text;

	text = malloc((size_t)m->payload_len + 1);
	if (text == NULL) {
		SRP_LOG(ERR, "peer configuration dropped: out of memory");
		return;
	}
	memcpy(text, m->payload, m->payload_len);
	text[m->payload_len] = '\0';
	free(s->peer_text);
	s->peer_text = text;
	memcpy(s->peer_digest, m->hello.config_digest, SRP_DIGEST_LEN);
	s->peer_config_ms = ctl_loop_now_ms();
	s->stats.n_config_rx++;
	if (memcmp(s->peer_digest, s->digest, SRP_DIGEST_LEN) != 0)
		SRP_LOG(WARNING, "peer SRP configuration differs (see srp "
			"validate-configuration)");
}

static void
srp_on_msg(void *arg, const struct srp_msg *m)
{
	struct ctl_srp *s = arg;
	struct srp_fsm_actions a;
	struct srp_fsm_input in = { .msg = m };

	switch (m->type) {
	case SRP_MSG_HELLO:
		memcpy(s->peer_sw_version, m->hello.sw_version,
		       sizeof(s->peer_sw_version));
		memcpy(s->peer_hello_digest, m->hello.config_digest,
		       SRP_DIGEST_LEN);
		s->peer_hello_seen = true;
		srp_hgap_note(&s->hgap, ctl_loop_now_ms(), s->fsm.conf.hello_ms,
			      s->fsm.conf.dead_ms);
		if (s->config_due && srp_conn_is_verified(&s->conn)) {
			s->config_due = false;
			srp_config_send(s);
		}
		if (srp_fsm_hello(&s->fsm, ctl_loop_now_ms(), m, &a) == 0)
			srp_actions_run(s, &a, NULL);
		if (s->ckpt_init && srp_conn_is_up(&s->conn))
			ctl_ckpt_hello(&s->ckpt, m->hello.state,
				       m->hello.comp_caps);
		break;
	case SRP_MSG_SWITCHOVER_REQUEST:
		srp_feed(s, SRP_EV_SWITCH_REQ, &in, NULL);
		break;
	case SRP_MSG_SWITCHOVER_ACK:
		srp_feed(s, SRP_EV_SWITCH_ACK, &in, NULL);
		break;
	case SRP_MSG_CONFIG:
		srp_on_config(s, m);
		break;
	case SRP_MSG_CKPT_BEGIN:
	case SRP_MSG_CKPT_CHUNK:
	case SRP_MSG_CKPT_END:
	case SRP_MSG_SESS_DELTA:
	case SRP_MSG_NACK:
	case SRP_MSG_READY:
		if (m->type == SRP_MSG_CKPT_BEGIN)
			s->stats.n_ckpt_begin_rx++;
		else if (m->type == SRP_MSG_CKPT_END)
			s->stats.n_ckpt_end_rx++;
		if (s->ckpt_init)
			ctl_ckpt_msg(&s->ckpt, m);
		break;
	default:
		s->stats.n_unexpected[m->type % SRP_MSG_TYPE_MAX]++;
		break;
	}
}

static void
srp_on_log(void *arg, int level, const char *text)
{
	(void)arg;
	if (strncmp(text, "SRP: ", 5) == 0)
		text += 5;
	rte_log((uint32_t)level, ctl_srp_logtype, "SRP: %s\n", text);
}

/*
 * Reactor entry points: each re-arms the deadline timer on the way out.
 */

static void
srp_on_fd(struct ctl_loop *loop, int fd, uint32_t events, void *arg)
{
	struct ctl_srp *s = arg;

	(void)loop;
	srp_conn_on_fd(&s->conn, fd, events, ctl_loop_now_ms());
	srp_rearm(s);
}

static void
srp_try_start(struct ctl_srp *s)
{
	int ret;

	ret = srp_conn_start(&s->conn, ctl_loop_now_ms());
	if (ret == 0 || ret == -EALREADY) {
		if (s->start_err != 0)
			SRP_LOG(NOTICE, "SRP link listening now");
		s->conn_started = true;
		s->start_err = 0;
		s->start_retry_ms = 0;
		return;
	}
	s->stats.n_start_fail++;
	if (ret != s->start_err)
		SRP_LOG(ERR, "cannot start the SRP link: %s (retrying every "
			"%u ms)", strerror(-ret), CTL_SRP_START_RETRY_MS);
	s->start_err = ret;
	s->start_retry_ms = ctl_loop_now_ms() + CTL_SRP_START_RETRY_MS;
}

static void
srp_on_wake(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct ctl_srp *s = arg;
	struct srp_fsm_actions a;
	uint64_t now = ctl_loop_now_ms();

	(void)loop;
	(void)t;
	if (s->dp_retry && srp_dp_set(s, !s->dp_active))
		srp_feed(s, SRP_EV_DP_DONE, NULL, NULL);
	if (s->dp_settling && dp_fwd_settled(s->dp_settle_seq)) {
		s->dp_settling = false;
		if (s->fsm.state == SRP_ST_SWITCHING)
			srp_feed(s, SRP_EV_DP_DONE, NULL, NULL);
	}
	if (!s->conn_started && s->start_retry_ms != 0 &&
	    now >= s->start_retry_ms)
		srp_try_start(s);
	if (s->conn_started)
		srp_conn_tick(&s->conn, now);
	if (srp_fsm_tick(&s->fsm, ctl_loop_now_ms(), &a) == 0)
		srp_actions_run(s, &a, NULL);
	srp_rearm(s);
}

static void
srp_on_hello_timer(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct ctl_srp *s = arg;

	(void)loop;
	(void)t;
	srp_hello_send(s);
	s->next_hello_ms = ctl_loop_now_ms() + s->fsm.conf.hello_ms;
	srp_rearm(s);
}

/*
 * Operator entry.
 */

int
ctl_srp_admin_switch(bool force, enum srp_fsm_refusal *refusal)
{
	struct ctl_srp *s = &srp_svc;
	struct srp_fsm_input in = { .force = force };
	enum srp_fsm_refusal ref = SRP_REF_NONE;

	if (refusal != NULL)
		*refusal = SRP_REF_NONE;
	if (!s->enabled)
		return -ENODEV;
	srp_feed(s, SRP_EV_ADMIN_SWITCH, &in, &ref);
	srp_rearm(s);
	if (refusal != NULL)
		*refusal = ref;
	if (ref != SRP_REF_NONE) {
		SRP_LOG(NOTICE, "operator switchover%s refused: %s",
			force ? " (force)" : "", srp_fsm_refusal_str(ref));
		return -EPERM;
	}
	SRP_LOG(NOTICE, "operator switchover%s started",
		force ? " (force)" : "");
	return 0;
}

/*
 * Start and stop.
 */

/* Node id: MAC of the first started port, else derived from the bind
 * address (locally administered, so it never equals a real MAC). */
static void
srp_node_id(struct ctl_srp *s, const struct srp_conf *sc)
{
	static const uint8_t zero[SRP_NODE_ID_LEN];
	const uint8_t *a;
	unsigned int i;

	for (i = 0; i < dp_port_count(); i++) {
		if (!dp_port_is_started(i) ||
		    dp_port_mac_get(i, s->node_id) != 0)
			continue;
		if (memcmp(s->node_id, zero, sizeof(zero)) != 0) {
			s->node_id_src = "port MAC";
			return;
		}
	}
	memset(s->node_id, 0, sizeof(s->node_id));
	s->node_id[0] = 0x02;
	if (sc->bind_addr.family == AF_INET) {
		a = (const uint8_t *)&sc->bind_addr.v4;
		memcpy(s->node_id + 2, a, 4);
	} else if (sc->bind_addr.family == AF_INET6) {
		a = (const uint8_t *)&sc->bind_addr.v6;
		memcpy(s->node_id + 1, a + 11, 5);
	}
	s->node_id_src = "bind address";
}

static int
srp_conn_setup(struct ctl_srp *s, const struct srp_conf *sc)
{
	static const struct srp_conn_ops ops = {
		.watch = srp_watch,
		.up = srp_on_up,
		.down = srp_on_down,
		.msg = srp_on_msg,
		.log = srp_on_log,
	};
	struct srp_conn_conf cc;

	memset(&cc, 0, sizeof(cc));
	cc.bind_addr = sc->bind_addr;
	cc.peer_addr = sc->peer_addr;
	cc.bind_port = sc->bind_port;
	cc.peer_port = sc->peer_port;
	cc.dscp[SRP_CONN_CLASS_CONTROL] = sc->dscp_control;
	cc.dscp[SRP_CONN_CLASS_SESSION] = sc->dscp_session;
	if (sc->auth_key[0] != '\0') {
		cc.key = (const uint8_t *)sc->auth_key;
		cc.key_len = strlen(sc->auth_key);
	} else {
		SRP_LOG(WARNING, "no authentication key: anyone who can use "
			"the peer's address can speak SRP to this chassis "
			"(configure \"authentication key\")");
	}
	/* A frozen peer must not hold the link: same limit as the FSM's. */
	cc.dead_ms = sc->dead_ms;
	return srp_conn_init(&s->conn, &cc, &ops, s);
}

/*
 * Undo what ctl_srp_init() built, in reverse: the link (a REFUSE shutdown
 * if it is up, then every socket), the timers, the checkpoint module and
 * the configuration texts. Safe on a partly built service.
 */
static void
srp_release(struct ctl_srp *s)
{
	if (s->conn_init) {
		srp_conn_stop(&s->conn);
		srp_conn_fini(&s->conn);
	}
	s->conn_init = false;
	s->conn_started = false;
	if (s->wake_timer != NULL)
		ctl_loop_timer_del(s->wake_timer);
	if (s->hello_timer != NULL)
		ctl_loop_timer_del(s->hello_timer);
	if (s->ckpt_timer != NULL)
		ctl_loop_timer_del(s->ckpt_timer);
	s->wake_timer = NULL;
	s->hello_timer = NULL;
	s->ckpt_timer = NULL;
	if (s->ckpt_init)
		ctl_ckpt_fini(&s->ckpt);
	s->ckpt_init = false;
	ctl_garp_fini();
	ctl_bgp_fini();
	free(s->local_text);
	free(s->peer_text);
	s->local_text = NULL;
	s->peer_text = NULL;
}

int
ctl_srp_init(const struct ctl_conf *conf, struct ctl_loop *loop)
{
	struct ctl_srp *s = &srp_svc;
	struct srp_fsm_conf fc;
	int i, ret;

	if (conf == NULL || loop == NULL)
		return -EINVAL;
	if (!conf->srp.present)
		return 0;
	memset(s, 0, sizeof(*s));
	for (i = 0; i < CTL_SRP_MAX_FDS; i++)
		s->fds[i] = -1;
	s->conf = conf;
	s->loop = loop;
	ret = ctl_srp_digest_compute(conf, &s->local_text, &s->local_len,
				     s->digest);
	if (ret < 0) {
		SRP_LOG(ERR, "cannot compute the configuration digest: %s",
			strerror(-ret));
		return ret;
	}
	srp_node_id(s, &conf->srp);
	ret = srp_fsm_conf_from(&fc, &conf->srp, s->node_id, s->digest);
	if (ret == 0)
		ret = srp_fsm_init(&s->fsm, &fc, srp_on_transition, s);
	if (ret < 0) {
		SRP_LOG(ERR, "SRP settings refused by the role machine");
		goto out_free;
	}
	/* Standby-like until the role machine says BECOME_ACTIVE. */
	ret = ctl_fwd_active_set(false);
	if (ret < 0) {
		SRP_LOG(ERR, "cannot fence the data plane: %s", strerror(-ret));
		goto out_free;
	}
	s->dp_active = false;
	ret = srp_conn_setup(s, &conf->srp);
	if (ret < 0) {
		SRP_LOG(ERR, "SRP link settings refused: %s", strerror(-ret));
		goto out_free;
	}
	s->conn_init = true;
	if (ctl_sess_table() != NULL) {
		ret = ctl_ckpt_init(&s->ckpt, ctl_sess_table(), &conf->srp,
				    &srp_ckpt_ops, s);
		if (ret < 0) {
			SRP_LOG(ERR, "cannot start session replication: %s",
				strerror(-ret));
			goto out_conn;
		}
		s->ckpt_init = true;
	} else {
		/* Hellos still announce what we are configured for. */
		s->ckpt.local_caps = srp_comp_caps(conf->srp.compression ==
						   SRP_COMP_LZ4);
		SRP_LOG(WARNING, "no session table: sessions are not "
			"replicated");
	}
	s->wake_timer = ctl_loop_timer_add(loop, 1000, 0, srp_on_wake, s);
	s->hello_timer = ctl_loop_timer_add(loop, fc.hello_ms, fc.hello_ms,
					    srp_on_hello_timer, s);
	s->ckpt_timer = ctl_loop_timer_add(loop, CTL_CKPT_POLL_MS,
					   CTL_CKPT_POLL_MS, srp_on_ckpt_timer,
					   s);
	if (s->wake_timer == NULL || s->hello_timer == NULL ||
	    s->ckpt_timer == NULL) {
		ret = -errno;
		SRP_LOG(ERR, "cannot create the SRP timers: %s",
			strerror(errno));
		goto out_conn;
	}
	ret = ctl_garp_init(loop);
	if (ret == 0)
		ret = ctl_bgp_init(&conf->srp.bgp, loop);
	if (ret < 0) {
		SRP_LOG(ERR, "cannot start L2/L3 redirection: %s",
			strerror(-ret));
		goto out_conn;
	}
	s->next_hello_ms = ctl_loop_now_ms() + fc.hello_ms;
	s->enabled = true;
	ret = ctl_srp_cmd_register();
	if (ret == 0)
		ret = ctl_ckpt_cmd_register(&s->ckpt);
	if (ret < 0) {
		SRP_LOG(ERR, "cannot register the srp commands: %s",
			strerror(-ret));
		goto out_conn;
	}
	srp_feed(s, SRP_EV_START, NULL, NULL);
	srp_try_start(s);
	srp_rearm(s);
	SRP_LOG(NOTICE, "SRP service started: %s, priority %u, node id "
		"%02x:%02x:%02x:%02x:%02x:%02x (%s)",
		conf->srp.mode == SRP_MODE_PRIMARY ? "primary" :
		conf->srp.mode == SRP_MODE_BACKUP ? "backup" : "no chassis-mode",
		conf->srp.priority, s->node_id[0], s->node_id[1],
		s->node_id[2], s->node_id[3], s->node_id[4], s->node_id[5],
		s->node_id_src);
	return 0;

out_conn:
	s->enabled = false;
	srp_release(s);
	return ret < 0 ? ret : -EINVAL;
out_free:
	free(s->local_text);
	s->local_text = NULL;
	return ret < 0 ? ret : -EINVAL;
}

void
ctl_srp_fini(void)
{
	struct ctl_srp *s = &srp_svc;

	if (!s->enabled)
		return;
	s->enabled = false;
	srp_release(s);
}
