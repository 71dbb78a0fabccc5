/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the parts of the SRP service glue (ctl_srp.c: service, reactor
 * entry points, start and stop; ctl_srp_act.c: actions; ctl_srp_link.c:
 * link callbacks; ctl_srp_ckpt.c: session replication callbacks) share;
 * not for other modules. Context: control.
 */
#ifndef CTL_SRP_INT_H
#define CTL_SRP_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "ctl_srp.h"

/* ctl_srp.c */

/** Arm the one-shot timer at the earliest deadline of FSM, link, retries. */
void ctl_srp_i_rearm(struct ctl_srp *s);

/** Reactor callback of every descriptor srp_conn asks us to watch. */
void ctl_srp_i_on_fd(struct ctl_loop *loop, int fd, uint32_t events,
		     void *arg);

/* ctl_srp_act.c */

/** Send a HELLO now (when the link is up). */
void ctl_srp_i_hello_send(struct ctl_srp *s);

/** Send the must-match configuration text (CONFIG). */
void ctl_srp_i_config_send(struct ctl_srp *s);

/**
 * Publish the chassis flag. @return true when the flip is complete (a
 * fencing may wait for the workers: dp_settling, polled by the wake timer).
 */
bool ctl_srp_i_dp_set(struct ctl_srp *s, bool active);

/** The peer's route modifier, or the other mode's boot value before any
 *  hello (the AS-path prepend follows it, ctl_bgp_prepend). */
uint32_t ctl_srp_i_peer_rm(const struct ctl_srp *s);

/**
 * Carry out @a (ascending bit order), a completed flip feeding DP_DONE;
 * a refusal goes to @report when not NULL, else to the log.
 */
void ctl_srp_i_actions_run(struct ctl_srp *s, struct srp_fsm_actions *a,
			   enum srp_fsm_refusal *report);

/** Feed @ev (with @in, may be NULL) to the machine and run its actions. */
void ctl_srp_i_feed(struct ctl_srp *s, enum srp_fsm_event ev,
		    const struct srp_fsm_input *in,
		    enum srp_fsm_refusal *report);

/** The machine's transition log (srp_fsm_log_fn): log line, history. */
void ctl_srp_i_on_transition(void *arg, const struct srp_fsm_transition *t);

/* ctl_srp_alarm.c */

/** Raise @trap (conf/ctl_trap.def) with the current state, @cause and
 *  the peer's address. */
void ctl_srp_i_alarm(struct ctl_srp *s, enum ctl_trap trap, const char *cause);

/** Raise the traps transition @t maps to (alarm/ctl_alarm_map.h). */
void ctl_srp_i_alarm_transition(struct ctl_srp *s,
				const struct srp_fsm_transition *t);

/* ctl_srp_link.c */

/** srp_conn_init() with the settings of @sc and the link callbacks. */
int ctl_srp_i_conn_setup(struct ctl_srp *s, const struct srp_conf *sc);

/* ctl_srp_ckpt.c */

/** Transport, readiness and clock given to ctl_ckpt_init(). */
extern const struct ctl_ckpt_ops ctl_srp_i_ckpt_ops;

/** Early transition flush, each checkpoint poll: FLUSH_DONE when over. */
void ctl_srp_i_flush_poll(struct ctl_srp *s);

#endif /* CTL_SRP_INT_H */
