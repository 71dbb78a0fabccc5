/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP role state machine, database recovery: when a syncing standby may
 * call itself STANDBY_READY (a complete checkpoint, plus in normal mode
 * enough hellos from the active) and what it does when its copy is no
 * longer complete. Handlers of the table in srp_fsm.c. Pure code.
 * Context: control.
 */
#include <stdbool.h>
#include <stdint.h>

#include "srp_fsm_int.h"

/* ---- handlers --------------------------------------------------------- */

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

enum srp_fsm_state
srp_fsm_i_ckpt_ready(struct srp_fsm *f, uint64_t now,
		     const struct srp_fsm_input *in, struct srp_fsm_actions *a)
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
enum srp_fsm_state
srp_fsm_i_sync_active_hello(struct srp_fsm *f, uint64_t now,
			    const struct srp_fsm_input *in,
			    struct srp_fsm_actions *a)
{
	(void)in;
	return ready_if_complete(f, now, a);
}

/*
 * The standby's copy is no longer complete (a full checkpoint failed to
 * apply): back to STANDBY_SYNCING. The hello announces it at once, so the
 * active starts a new full checkpoint for this syncing episode.
 */
enum srp_fsm_state
srp_fsm_i_ckpt_lost(struct srp_fsm *f, uint64_t now,
		    const struct srp_fsm_input *in, struct srp_fsm_actions *a)
{
	(void)now;
	(void)in;
	f->dbrec.ckpt_complete = false;
	f->stats.n_ckpt_lost++;
	a->mask |= SRP_ACT_SEND_HELLO;
	return SRP_ST_STANDBY_SYNCING;
}

/* Syncing: a checkpoint kept for the hello wait is no longer complete. */
enum srp_fsm_state
srp_fsm_i_ckpt_forget(struct srp_fsm *f, uint64_t now,
		      const struct srp_fsm_input *in, struct srp_fsm_actions *a)
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

/* ---- public ----------------------------------------------------------- */

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
