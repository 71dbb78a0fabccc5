/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Standby side of session replication, epochs and failures: the end of a
 * full checkpoint (its cleanup sweep in slices, ready once applied,
 * unready when a later one fails), messages of other epochs, failures
 * counted and logged, and NACKs with their window. Context: control.
 */
#include <stdbool.h>
#include <stdint.h>

#include "ctl_ckpt.h"
#include "ctl_ckpt_int.h"
#include "core/ctl_log.h"
#include "pfcp/ctl_pfcp.h"
#include "sess/ctl_sess.h"

/* At most one failure log line per this period. */
#define RX_LOG_PERIOD_MS	1000u

static const uint16_t fail_nack[CTL_CKPT_FAIL_MAX] = {
	[CTL_CKPT_FAIL_ORDER] = SRP_NACK_ORDER,
	[CTL_CKPT_FAIL_DECOMPRESS] = SRP_NACK_DECOMPRESS,
	[CTL_CKPT_FAIL_DECODE] = SRP_NACK_MALFORMED,
	[CTL_CKPT_FAIL_APPLY] = SRP_NACK_APPLY,
	[CTL_CKPT_FAIL_RESOURCES] = SRP_NACK_RESOURCES,
	[CTL_CKPT_FAIL_TOO_BIG] = SRP_NACK_MALFORMED,
};

void
ctl_ckpt_i_rx_reset(struct ctl_ckpt *c)
{
	c->rx_sweeping = false;
	c->rx_sweep_slot = 0;
	c->rx_in_epoch = false;
	c->rx_failed = false;
	c->rx_lost_batch = false;
	c->rx_sweep_failed = false;
	c->rx_applied = 0;
	c->rx_count = 0;
	ctl_ckpt_set_clear(&c->seen);
}

/*
 * A standby that said ready no longer holds a complete copy (a later full
 * checkpoint failed): tell the glue once (back to STANDBY_SYNCING).
 */
static void
rx_unready(struct ctl_ckpt *c)
{
	c->copy_complete = false;
	if (!c->rx_ready)
		return;
	c->rx_ready = false;
	CTL_LOG(WARNING, "checkpoint: full checkpoint failed on a ready "
		"standby: the copy is incomplete");
	if (c->ops->unready != NULL)
		c->ops->unready(c->arg);
}

/* NACK (macro: full checkpoint, micro: delta), within max-response. */
static void
rx_nack(struct ctl_ckpt *c, bool macro, enum ctl_ckpt_fail why,
	uint8_t cmd_id)
{
	struct ctl_ckpt_nackw *nw = macro ? &c->nack_macro : &c->nack_micro;
	bool on = macro ? c->conf->nack_macro : c->conf->nack_micro;
	uint32_t max = macro ? c->conf->nack_macro_max :
		       c->conf->nack_micro_max;
	uint64_t now = ctl_ckpt_i_now(c);
	struct srp_msg m;

	if (!on)
		return;
	if (nw->n == 0 || now >= nw->start_ms + CTL_CKPT_NACK_WINDOW_MS) {
		nw->start_ms = now;
		nw->n = 0;
	}
	if (nw->n >= max) {
		c->stats.n_nack_suppressed++;
		return;
	}
	srp_msg_init(&m, SRP_MSG_NACK);
	m.reason = fail_nack[why];
	m.cmd_id = cmd_id;
	m.generation = c->generation;
	m.present = SRP_TLV_BIT(SRP_TLV_GENERATION);
	if (macro) {
		m.epoch = c->rx_epoch;
		m.present |= SRP_TLV_BIT(SRP_TLV_EPOCH);
	}
	if (c->ops->send(c->arg, &m, true) == 0) {
		nw->n++;
		c->stats.n_nack_tx++;
	}
}

/*
 * Count, log (rate-limited) and, for a delta, NACK a failure. @cmd_id: the
 * micro-checkpoint command that failed (a batch that does not decode is
 * charged to session-upsert).
 */
void
ctl_ckpt_i_rx_fail_cmd(struct ctl_ckpt *c, const struct srp_msg *m,
		       enum ctl_ckpt_fail why, const char *detail,
		       uint8_t cmd_id)
{
	uint64_t now = ctl_ckpt_i_now(c);
	bool macro = m->type != SRP_MSG_SESS_DELTA;

	c->stats.n_fail[why]++;
	c->rx_ever_failed = true;
	c->rx_last_fail = why;
	if (macro && c->rx_in_epoch && !c->rx_failed) {
		c->rx_failed = true;
		c->rx_fail_reason = why;
		rx_unready(c);
	}
	/* A batch (chunk or delta) refused whole during the epoch: its
	 * sessions are unseen although the active has them
	 * (ctl_ckpt_i_rx_end). */
	if (c->rx_in_epoch && why != CTL_CKPT_FAIL_APPLY)
		c->rx_lost_batch = true;
	if (now >= c->log_next_ms) {
		c->log_next_ms = now + RX_LOG_PERIOD_MS;
		CTL_LOG(WARNING, "checkpoint: %s not applied: %s (%s)",
			srp_msg_type_name(m->type), ctl_ckpt_fail_str(why),
			detail);
	}
	/* A full checkpoint is NACKed once, at its CKPT_END. */
	if (macro) {
		if (m->type == SRP_MSG_CKPT_END)
			rx_nack(c, true, why, CTL_CKPT_CMD_FULL);
		return;
	}
	/* srp disable nack micro-chkpt-cmd N (chapter). */
	if (cmd_id < CTL_CKPT_CMD_MAX && c->nack_off[cmd_id]) {
		c->stats.n_nack_suppressed++;
		return;
	}
	rx_nack(c, false, why, cmd_id);
}

void
ctl_ckpt_i_rx_fail(struct ctl_ckpt *c, const struct srp_msg *m,
		   enum ctl_ckpt_fail why, const char *detail)
{
	ctl_ckpt_i_rx_fail_cmd(c, m, why, detail, CTL_CKPT_CMD_UPSERT);
}

/* The sweep reached the last slot: the epoch is applied. */
static void
rx_applied(struct ctl_ckpt *c)
{
	c->rx_sweeping = false;
	ctl_ckpt_set_clear(&c->seen);
	if (c->rx_sweep_failed) {
		/* The sweep of a failed epoch: room made, still not ready;
		 * its NACK (as configured) now asks for the next one. */
		c->rx_sweep_failed = false;
		rx_nack(c, true, c->rx_fail_reason, CTL_CKPT_CMD_FULL);
		return;
	}
	c->stats.n_full_applied++;
	c->stats.last_full_rx_ms = ctl_ckpt_i_now(c) - c->rx_begin_ms;
	c->not_applied = 0;
	c->rx_ever_failed = false;
	CTL_LOG(NOTICE, "checkpoint: full checkpoint %u applied (%u sessions, "
		"%lu ms)", c->rx_end_epoch, sess_table_count(c->t),
		(unsigned long)c->stats.last_full_rx_ms);
	c->rx_ready = true;
	c->copy_complete = true;
	if (c->ops->ready != NULL)
		c->ops->ready(c->arg);
}

/*
 * The next slice of the END sweep: sessions the epoch did not name are
 * gone on the active. Slots are visited in order; a session added after
 * END (a delta) is marked seen, so deleting by slot stays right whatever
 * changes between slices (docs/checkpoint.md, "Slices").
 */
void
ctl_ckpt_i_rx_poll(struct ctl_ckpt *c)
{
	uint32_t cap, end, budget = c->slice_records;
	const struct sess *s;
	uint32_t teid;

	if (!c->rx_sweeping)
		return;
	cap = sess_table_capacity(c->t);
	end = c->rx_sweep_slot + c->slice_slots;
	if (end > cap || end < c->rx_sweep_slot)
		end = cap;
	for (; c->rx_sweep_slot < end && budget > 0; c->rx_sweep_slot++) {
		s = sess_table_by_slot(c->t, c->rx_sweep_slot);
		if (s == NULL || ctl_ckpt_set_has(&c->seen, s->p.teid_local))
			continue;
		budget--;
		teid = s->p.teid_local;
		if (ctl_sess_repl_delete(teid) == 0) {
			ctl_pfcp_repl_forget(teid);
			c->stats.n_cleanup++;
		}
	}
	if (c->rx_sweep_slot >= cap)
		rx_applied(c);
}

/*
 * A CKPT_CHUNK or CKPT_END of an epoch this standby is not in: left over
 * from a full checkpoint that was abandoned, or whose CKPT_BEGIN came
 * while this node was ACTIVE (a flap) or was forgotten by a role change.
 * It says nothing about the current epoch, which must not fail for it:
 * ignored, counted, logged at most once a second.
 */
void
ctl_ckpt_i_rx_stale(struct ctl_ckpt *c, const struct srp_msg *m)
{
	uint64_t now = ctl_ckpt_i_now(c);

	c->stats.n_rx_stale++;
	if (now >= c->log_stale_ms) {
		c->log_stale_ms = now + RX_LOG_PERIOD_MS;
		if (c->rx_in_epoch)
			CTL_LOG(NOTICE, "checkpoint: %s of epoch %u ignored "
				"(applying epoch %u)",
				srp_msg_type_name(m->type), m->epoch,
				c->rx_epoch);
		else
			CTL_LOG(NOTICE, "checkpoint: %s of epoch %u ignored "
				"(its CKPT_BEGIN was not received here)%s",
				srp_msg_type_name(m->type), m->epoch,
				m->type == SRP_MSG_CKPT_END && !c->rx_ready &&
				!c->rx_sweeping ? ": asking the active for a "
				"new full checkpoint" : "");
	}
}

/*
 * CKPT_END of a full checkpoint this standby missed (no epoch running):
 * the active believes it sent a complete copy, so nothing else would
 * bring the next one. Ask for it with a NACK (CMD_ID 1, out of order)
 * whatever "nack macro" and max-response say: this is not a failure of
 * the data but of the exchange, and the active limits restarts to one
 * per CTL_CKPT_RESTART_MIN_MS. At most one per missed CKPT_END.
 */
static void
rx_resync(struct ctl_ckpt *c, const struct srp_msg *m)
{
	struct srp_msg n;

	srp_msg_init(&n, SRP_MSG_NACK);
	n.reason = SRP_NACK_ORDER;
	n.cmd_id = CTL_CKPT_CMD_FULL;
	n.generation = c->generation;
	n.epoch = m->epoch;
	n.present = SRP_TLV_BIT(SRP_TLV_GENERATION) |
		    SRP_TLV_BIT(SRP_TLV_EPOCH);
	/* Logged by ctl_ckpt_i_rx_stale() (rate-limited). */
	if (c->ops->send(c->arg, &n, true) == 0) {
		c->stats.n_resync_req++;
		c->stats.n_nack_tx++;
	}
}

void
ctl_ckpt_i_rx_end(struct ctl_ckpt *c, const struct srp_msg *m)
{
	if (!c->rx_in_epoch || m->epoch != c->rx_epoch) {
		ctl_ckpt_i_rx_stale(c, m);
		/* Not while a copy is complete or being completed. */
		if (!c->rx_in_epoch && !c->rx_ready && !c->rx_sweeping)
			rx_resync(c, m);
		return;
	}
	c->rx_in_epoch = false;
	if (c->rx_failed) {
		c->stats.n_full_failed++;
		CTL_LOG(WARNING, "checkpoint: full checkpoint %u failed (%s): "
			"staying STANDBY_SYNCING", m->epoch,
			ctl_ckpt_fail_str(c->rx_fail_reason));
		c->rx_failed = false;
		/*
		 * Only records were refused (APPLY; no batch lost whole):
		 * the sessions the epoch did not name are still gone on the
		 * active. Sweep them first, or a standby full of them (the
		 * leftovers of a wedge) would fail every epoch the same way
		 * for want of room. The NACK follows the sweep.
		 */
		if (!c->rx_lost_batch) {
			c->rx_sweeping = true;
			c->rx_sweep_failed = true;
			c->rx_sweep_slot = 0;
			c->rx_end_epoch = m->epoch;
			ctl_ckpt_i_rx_poll(c);
			return;
		}
		rx_nack(c, true, c->rx_fail_reason, CTL_CKPT_CMD_FULL);
		return;
	}
	/* The first slice now, the rest from the polls. */
	c->rx_sweeping = true;
	c->rx_sweep_slot = 0;
	c->rx_end_epoch = m->epoch;
	ctl_ckpt_i_rx_poll(c);
}
