/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the three parts of the SRP role machine (srp_fsm.c: table, dispatch,
 * timers, election; srp_fsm_switch.c: switchovers; srp_fsm_dbrec.c:
 * database recovery) share; not for other modules. Context: control.
 */
#ifndef SRP_FSM_INT_H
#define SRP_FSM_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "srp_fsm.h"

/* One cell's handler: returns the next state, fills actions in @a. */
typedef enum srp_fsm_state
srp_fsm_handler_fn(struct srp_fsm *f, uint64_t now,
		   const struct srp_fsm_input *in, struct srp_fsm_actions *a);

static inline bool
is_standby(uint8_t st)
{
	return st == SRP_ST_STANDBY_SYNCING || st == SRP_ST_STANDBY_READY;
}

static inline bool
is_undecided(uint8_t st)
{
	return st == SRP_ST_INIT || st == SRP_ST_CONNECTING ||
	       st == SRP_ST_NEGOTIATING;
}

/* srp_fsm.c */

/** This node as the election sees it. */
void srp_fsm_i_local_node(const struct srp_fsm *f, struct srp_elect_node *n);

/** Count refusal @a r and report it in @a a. */
void srp_fsm_i_refuse(struct srp_fsm *f, struct srp_fsm_actions *a,
		      enum srp_fsm_refusal r);

/** Announce the current route modifier. */
void srp_fsm_i_announce_rm(struct srp_fsm *f, struct srp_fsm_actions *a);

/** CONN_DOWN outside SWITCHING (also the first step inside it). */
srp_fsm_handler_fn srp_fsm_i_conn_down;

/* srp_fsm_switch.c */

/** Start becoming active: generation bumped on every promotion. */
enum srp_fsm_state srp_fsm_i_promote(struct srp_fsm *f,
				     struct srp_fsm_actions *a,
				     enum srp_fsm_cause c);

/** Start giving the active role up: fence first, then @a to. */
enum srp_fsm_state srp_fsm_i_fence(struct srp_fsm *f,
				   struct srp_fsm_actions *a,
				   enum srp_fsm_cause c, enum srp_fsm_state to);

srp_fsm_handler_fn srp_fsm_i_sw_conn_down;
srp_fsm_handler_fn srp_fsm_i_split_brain;
srp_fsm_handler_fn srp_fsm_i_sw_hello;
srp_fsm_handler_fn srp_fsm_i_sw_peer_active;
srp_fsm_handler_fn srp_fsm_i_promote_dead;
srp_fsm_handler_fn srp_fsm_i_sw_dead;
srp_fsm_handler_fn srp_fsm_i_admin_switch;
srp_fsm_handler_fn srp_fsm_i_handover;
srp_fsm_handler_fn srp_fsm_i_refuse_not_active;
srp_fsm_handler_fn srp_fsm_i_refuse_in_progress;
srp_fsm_handler_fn srp_fsm_i_switch_req;
srp_fsm_handler_fn srp_fsm_i_switch_ack;
srp_fsm_handler_fn srp_fsm_i_flush_done;
srp_fsm_handler_fn srp_fsm_i_switch_timeout;
srp_fsm_handler_fn srp_fsm_i_dp_done;
srp_fsm_handler_fn srp_fsm_i_monitor_fail;
srp_fsm_handler_fn srp_fsm_i_monitor_ok;
srp_fsm_handler_fn srp_fsm_i_damp_expired;
srp_fsm_handler_fn srp_fsm_i_fault;
srp_fsm_handler_fn srp_fsm_i_recovered;

/* srp_fsm_dbrec.c */

srp_fsm_handler_fn srp_fsm_i_ckpt_ready;
srp_fsm_handler_fn srp_fsm_i_sync_active_hello;
srp_fsm_handler_fn srp_fsm_i_ckpt_lost;
srp_fsm_handler_fn srp_fsm_i_ckpt_forget;

#endif /* SRP_FSM_INT_H */
