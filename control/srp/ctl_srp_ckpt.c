/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP service glue, session replication (ctl_ckpt*.c): its transport,
 * the readiness it reports to the role machine, and the early-transition
 * flush that waits for its queue. Context: control.
 */
#include <errno.h>
#include <string.h>

#include <rte_log.h>

#include "core/ctl_loop.h"
#include "ctl_srp.h"
#include "ctl_srp_int.h"

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
		ctl_srp_i_feed(s, SRP_EV_CKPT_DONE, NULL, NULL);
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
	ctl_srp_i_alarm(s, CTL_TRAP_CKPT_FAIL, "session copy incomplete, "
			"waiting for a full checkpoint");
	ctl_srp_i_feed(s, SRP_EV_CKPT_LOST, NULL, NULL);
}

static uint64_t
srp_ckpt_now(void *arg)
{
	(void)arg;
	return ctl_loop_now_ms();
}

const struct ctl_ckpt_ops ctl_srp_i_ckpt_ops = {
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
void
ctl_srp_i_flush_poll(struct ctl_srp *s)
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
	ctl_srp_i_feed(s, SRP_EV_FLUSH_DONE, NULL, NULL);
}
