/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Standby side of session replication: epochs of full checkpoints, chunk
 * and delta validation (decompression to the exact length, srp_rec_check
 * of the whole batch before anything is applied), application through
 * ctl_sess (counters as the sessions' base counters), the end-of-checkpoint
 * cleanup in slices, unready when a later full checkpoint fails, and NACKs
 * with their window.
 * Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_prefetch.h>

#include "ctl_ckpt.h"
#include "ctl_ckpt_int.h"
#include "core/ctl_log.h"
#include "sess/ctl_sess.h"
#include "srp_ckpt_comp.h"

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
static void
rx_fail_cmd(struct ctl_ckpt *c, const struct srp_msg *m,
	    enum ctl_ckpt_fail why, const char *detail, uint8_t cmd_id)
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
	 * sessions are unseen although the active has them (rx_end). */
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

static void
rx_fail(struct ctl_ckpt *c, const struct srp_msg *m, enum ctl_ckpt_fail why,
	const char *detail)
{
	rx_fail_cmd(c, m, why, detail, CTL_CKPT_CMD_UPSERT);
}

static void
rx_params(const struct srp_rec *r, struct sess_params *p)
{
	memset(p, 0, sizeof(*p));
	p->teid_local = r->teid_local;
	p->teid_remote = r->teid_remote;
	p->peer_af = r->peer_af;
	memcpy(p->peer_addr, r->peer_addr, r->peer_af == 4 ? 4 : 16);
	p->has_ue4 = (r->flags & SRP_REC_F_UE4) != 0;
	if (p->has_ue4)
		memcpy(p->ue4, r->ue4, 4);
	p->has_ue6 = (r->flags & SRP_REC_F_UE6) != 0;
	if (p->has_ue6)
		memcpy(p->ue6, r->ue6, 16);
	p->has_qfi = (r->flags & SRP_REC_F_QFI) != 0;
	p->qfi = p->has_qfi ? r->qfi : 0;
	p->flags = (uint8_t)((r->flags & SRP_REC_F_VOLTE ? SESS_F_VOLTE : 0) |
			     (r->flags & SRP_REC_F_ERR_IND ? SESS_F_ERR_IND :
			      0));
}

/*
 * No sender of ours puts more than CTL_CKPT_BATCH_MAX raw bytes in a
 * batch, so nothing bigger, declared or on the wire, is legitimate.
 */
static bool
rx_size_over(const struct srp_msg *m)
{
	bool has_id = (m->present & SRP_TLV_BIT(SRP_TLV_COMP_ID)) != 0;
	bool has_len = (m->present & SRP_TLV_BIT(SRP_TLV_UNCOMP_LEN)) != 0;

	return srp_comp_check_len(has_id ? (enum srp_wire_comp)m->comp_id :
				  SRP_WCOMP_NONE, m->payload_len,
				  has_len ? m->uncomp_len : m->payload_len,
				  CTL_CKPT_BATCH_MAX) == -EMSGSIZE;
}

/*
 * rx_size_over(), checked before any allocation or decompression.
 * @return true when @m is refused (counted, logged, NACKed).
 */
static bool
rx_size_refused(struct ctl_ckpt *c, const struct srp_msg *m)
{
	bool has_len = (m->present & SRP_TLV_BIT(SRP_TLV_UNCOMP_LEN)) != 0;
	char err[96];

	if (!rx_size_over(m))
		return false;
	c->stats.n_rx_too_big++;
	snprintf(err, sizeof(err), "%u bytes (%u declared) over the limit "
		 "of %u", m->payload_len, has_len ? m->uncomp_len :
		 m->payload_len, CTL_CKPT_BATCH_MAX);
	rx_fail(c, m, CTL_CKPT_FAIL_TOO_BIG, err);
	return true;
}

/* Decompress the payload of @m into dbuf. @return its length or < 0. */
static int
rx_decompress(struct ctl_ckpt *c, const struct srp_msg *m, size_t *len)
{
	bool has_id = (m->present & SRP_TLV_BIT(SRP_TLV_COMP_ID)) != 0;
	bool has_len = (m->present & SRP_TLV_BIT(SRP_TLV_UNCOMP_LEN)) != 0;
	uint8_t *n;

	if (has_id != has_len)
		return -EBADMSG;	/* one without the other */
	if (!has_id) {
		/* Uncompressed batch. */
		*len = m->payload_len;
		if (c->dcap < *len) {
			n = realloc(c->dbuf, *len);
			if (n == NULL)
				return -ENOMEM;
			c->dbuf = n;
			c->dcap = *len;
		}
		memcpy(c->dbuf, m->payload, *len);
		return 0;
	}
	*len = m->uncomp_len;
	if (c->dcap < *len) {
		n = realloc(c->dbuf, *len);
		if (n == NULL)
			return -ENOMEM;
		c->dbuf = n;
		c->dcap = *len;
	}
	/* The receiver takes the algorithm the message names. */
	return srp_comp_decompress((enum srp_wire_comp)m->comp_id, m->payload,
				   m->payload_len, c->dbuf, *len);
}

/*
 * Make the counters of the session @s (NULL: this node lacks it) read
 * @r's totals (workers' counts here, if any, plus a base) and its last
 * activity @r's.
 * @return 0, or -ENOENT when this node has no such session
 */
static int
rx_counters_sess(struct ctl_ckpt *c, const struct sess *s,
		 const struct srp_rec *r)
{
	struct sess_cnt_base b, old;
	struct sess_cnt sum;

	if (s == NULL)
		return -ENOENT;
	/* What this node's workers counted (e.g. as a former active). */
	sess_table_cnt_sum(c->t, s->slot, &sum);
	if (sess_table_cnt_base_get(c->t, s->slot, &old) < 0)
		return -ENOENT;
	sum.ul_pkts -= old.ul_pkts;
	sum.ul_bytes -= old.ul_bytes;
	sum.dl_pkts -= old.dl_pkts;
	sum.dl_bytes -= old.dl_bytes;
	b.ul_pkts = r->ul_pkts > sum.ul_pkts ? r->ul_pkts - sum.ul_pkts : 0;
	b.ul_bytes = r->ul_bytes > sum.ul_bytes ? r->ul_bytes - sum.ul_bytes :
		     0;
	b.dl_pkts = r->dl_pkts > sum.dl_pkts ? r->dl_pkts - sum.dl_pkts : 0;
	b.dl_bytes = r->dl_bytes > sum.dl_bytes ? r->dl_bytes - sum.dl_bytes :
		     0;
	b.last_ms = r->last_activity_ms;
	return sess_table_cnt_base_set(c->t, s->slot, &b) < 0 ? -ENOENT : 0;
}

/* rx_counters_sess() for the session with local TEID @teid. */
static int
rx_counters(struct ctl_ckpt *c, uint32_t teid, const struct srp_rec *r)
{
	return rx_counters_sess(c, sess_table_lookup_teid(c->t, teid), r);
}

/*
 * COUNTERS records in a row of one batch, applied together: one bulk TEID
 * lookup for up to RX_CNT_BULK of them, then their workers' counters
 * prefetched before each is applied (counters change no index, so
 * gathering them keeps the batch's order of effects).
 */
#define RX_CNT_BULK	64u

struct rx_cnt_run {
	struct srp_rec	rec[RX_CNT_BULK];
	uint32_t	teid[RX_CNT_BULK];
	unsigned int	n;
};

/*
 * Apply the gathered COUNTERS records of @run (from message @m); failures
 * counted as rx_batch() counts them, @bad incremented per failure.
 */
static void
rx_cnt_flush(struct ctl_ckpt *c, const struct srp_msg *m,
	     struct rx_cnt_run *run, int *bad)
{
	const struct sess *s[RX_CNT_BULK];
	unsigned int i, w, nw = sess_table_n_workers(c->t);
	char err[CTL_SESS_ERR_LEN];

	if (run->n == 0)
		return;
	sess_table_lookup_teid_bulk(c->t, run->teid, run->n, s);
	for (i = 0; i < run->n; i++)
		if (s[i] != NULL)
			for (w = 0; w < nw; w++)
				rte_prefetch0(&sess_table_cnt(c->t, w)[s[i]->slot]);
	for (i = 0; i < run->n; i++) {
		if (rx_counters_sess(c, s[i], &run->rec[i]) == 0) {
			c->stats.n_rec_rx[CTL_CKPT_CMD_COUNTERS]++;
			continue;
		}
		c->stats.n_rec_fail++;
		c->stats.n_rec_fail_cmd[CTL_CKPT_CMD_COUNTERS]++;
		/* A refresh names no session the standby lacks: not counted
		 * as not applied. */
		if ((*bad)++ == 0) {
			snprintf(err, sizeof(err), "counters of unknown local "
				 "TEID %u", run->teid[i]);
			rx_fail_cmd(c, m, CTL_CKPT_FAIL_APPLY, err,
				    CTL_CKPT_CMD_COUNTERS);
		}
	}
	run->n = 0;
}

/*
 * Remember an upserted TEID for the END sweep. Bounded: at most twice the
 * table capacity (a set past that means churn the epoch cannot track);
 * then the epoch fails (counted), and the NACK brings a new one.
 * @return 0 or < 0
 */
static int
rx_seen_add(struct ctl_ckpt *c, uint32_t teid)
{
	if (c->seen.n >= 2ull * sess_table_capacity(c->t) &&
	    !ctl_ckpt_set_has(&c->seen, teid)) {
		c->stats.n_seen_full++;
		return -ENOSPC;
	}
	return ctl_ckpt_set_add(&c->seen, teid) < 0 ? -ENOMEM : 0;
}

/* Apply one record. @return 0 or < 0 with @err filled when known. */
static int
rx_apply(struct ctl_ckpt *c, const struct srp_rec *r, char *err,
	 size_t err_len)
{
	struct sess_params p;
	uint32_t ev;
	int ret;

	switch (r->op) {
	case SRP_REC_DELETE:
		/* Nothing is kept for an absent session, only counted. */
		if (sess_table_lookup_teid(c->t, r->teid_local) == NULL)
			c->stats.n_delete_unknown++;
		ret = ctl_sess_repl_delete(r->teid_local);
		if (ret == 0)
			c->stats.n_rec_rx[CTL_CKPT_CMD_DELETE]++;
		return ret;
	case SRP_REC_COUNTERS:
		ret = rx_counters(c, r->teid_local, r);
		if (ret == 0)
			c->stats.n_rec_rx[CTL_CKPT_CMD_COUNTERS]++;
		else
			snprintf(err, err_len, "counters of unknown local "
				 "TEID %u", r->teid_local);
		return ret;
	default:
		rx_params(r, &p);
		ret = ctl_sess_repl_upsert(&p, r->created_ms, &ev, err,
					   err_len);
		c->stats.n_evicted += ev;
		if (ret < 0)
			return ret;
		c->stats.n_rec_rx[CTL_CKPT_CMD_UPSERT]++;
		c->rx_applied++;
		/* The session brings its counters along. */
		rx_counters(c, r->teid_local, r);
		return 0;
	}
}

static uint8_t
rx_cmd_of(const struct srp_rec *r)
{
	if (r->op == SRP_REC_DELETE)
		return CTL_CKPT_CMD_DELETE;
	if (r->op == SRP_REC_COUNTERS)
		return CTL_CKPT_CMD_COUNTERS;
	return CTL_CKPT_CMD_UPSERT;
}

/*
 * Check a batch and make it the one being applied (rx_busy): sizes,
 * decompression into dbuf, srp_rec_check of the whole batch (a bad one
 * changes nothing). @return 0 or the failure (counted).
 */
static int
rx_batch_start(struct ctl_ckpt *c, const struct srp_msg *m)
{
	enum srp_rec_err e;
	uint32_t count;
	size_t len;
	int ret;

	if (rx_size_refused(c, m))
		return -EMSGSIZE;
	ret = rx_decompress(c, m, &len);
	if (ret == -ENOMEM) {
		rx_fail(c, m, CTL_CKPT_FAIL_RESOURCES, "out of memory");
		return ret;
	}
	if (ret < 0) {
		rx_fail(c, m, CTL_CKPT_FAIL_DECOMPRESS, strerror(-ret));
		return ret;
	}
	c->stats.rx_bytes_raw += len;
	c->stats.rx_bytes_comp += m->payload_len;
	e = srp_rec_check(c->dbuf, len, &count);
	if (e != SRP_REC_OK) {
		rx_fail(c, m, CTL_CKPT_FAIL_DECODE, srp_rec_err_name(e));
		return -EBADMSG;
	}
	if (srp_rec_reader_init(&c->rx_rd, c->dbuf, len) != SRP_REC_OK)
		return -EBADMSG;
	if (count == 0)
		return 0;
	c->rx_cur = *m;
	c->rx_cur.payload = NULL;	/* the caller's buffer: not kept */
	c->rx_bad = 0;
	c->rx_busy = true;
	return 0;
}

/*
 * Apply up to *@budget records of the current batch (charged to
 * *@budget); clears rx_busy after the last one.
 */
static void
rx_batch_slice(struct ctl_ckpt *c, uint32_t *budget)
{
	char err[CTL_SESS_ERR_LEN] = "";
	struct rx_cnt_run cnt_run, *run = &cnt_run;
	const struct srp_msg *m = &c->rx_cur;
	struct srp_rec r;
	bool more = true;
	uint8_t cmd;
	int ret;

	run->n = 0;
	while (c->rx_busy && *budget > 0) {
		if (srp_rec_next(&c->rx_rd, &r, &more) != SRP_REC_OK) {
			c->rx_busy = false;	/* checked: cannot happen */
			break;
		}
		if (!more)
			c->rx_busy = false;	/* the last record */
		(*budget)--;
		if (r.op == SRP_REC_COUNTERS) {
			run->rec[run->n] = r;
			run->teid[run->n++] = r.teid_local;
			if (run->n == RX_CNT_BULK)
				rx_cnt_flush(c, m, run, &c->rx_bad);
			continue;
		}
		/* Records before this one take effect first. */
		rx_cnt_flush(c, m, run, &c->rx_bad);
		err[0] = '\0';
		ret = rx_apply(c, &r, err, sizeof(err));
		cmd = rx_cmd_of(&r);
		if (ret < 0) {
			c->stats.n_rec_fail++;
			c->stats.n_rec_fail_cmd[cmd]++;
			/* A refresh names no session the standby lacks. */
			if (cmd != CTL_CKPT_CMD_COUNTERS)
				c->not_applied++;
			if (c->rx_bad++ == 0)
				rx_fail_cmd(c, m, CTL_CKPT_FAIL_APPLY, err[0] ?
					    err : strerror(-ret), cmd);
			continue;
		}
		/* Seen: during an epoch and while its END sweep runs. A
		 * DELETE leaves nothing to keep from the sweep: remembering
		 * it would let deletes of unknown sessions grow the set. */
		if (cmd == CTL_CKPT_CMD_UPSERT &&
		    (c->rx_in_epoch || c->rx_sweeping) &&
		    rx_seen_add(c, r.teid_local) < 0 && c->rx_bad++ == 0)
			rx_fail(c, m, CTL_CKPT_FAIL_RESOURCES, "seen set");
	}
	/* Counters gathered in this slice apply in it: order is kept. */
	rx_cnt_flush(c, m, run, &c->rx_bad);
	if (c->rx_busy)
		c->stats.n_rx_slices++;
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
		if (ctl_sess_repl_delete(s->p.teid_local) == 0)
			c->stats.n_cleanup++;
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
static void
rx_stale(struct ctl_ckpt *c, const struct srp_msg *m)
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
	/* Logged by rx_stale() (rate-limited). */
	if (c->ops->send(c->arg, &n, true) == 0) {
		c->stats.n_resync_req++;
		c->stats.n_nack_tx++;
	}
}

static void
rx_end(struct ctl_ckpt *c, const struct srp_msg *m)
{
	if (!c->rx_in_epoch || m->epoch != c->rx_epoch) {
		rx_stale(c, m);
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

/* One message, in order: the start of its effect (a batch: its first
 * slice of at most *@budget records). */
static int
rx_handle(struct ctl_ckpt *c, const struct srp_msg *m, uint32_t *budget)
{
	if (*budget > 0)
		(*budget)--;
	switch (m->type) {
	case SRP_MSG_CKPT_BEGIN:
		c->stats.n_full_begun++;
		/* A new epoch replaces an unfinished sweep. */
		c->rx_sweeping = false;
		ctl_ckpt_set_clear(&c->seen);
		c->rx_in_epoch = true;
		c->rx_epoch = m->epoch;
		c->rx_count = m->count;
		c->rx_applied = 0;
		/* Room for the epoch at once (no rehash on the way), within
		 * the seen set's bound whatever COUNT claims. */
		ctl_ckpt_set_reserve(&c->seen, (uint32_t)RTE_MIN(
			(uint64_t)m->count,
			2ull * sess_table_capacity(c->t)));
		c->rx_failed = false;
		c->rx_lost_batch = false;
		c->rx_sweep_failed = false;
		c->rx_begin_ms = ctl_ckpt_i_now(c);
		if (m->count > c->announced)
			c->announced = m->count;
		break;
	case SRP_MSG_CKPT_CHUNK:
		c->stats.n_chunk_rx++;
		/* Another epoch's: the current one goes on (its END is
		 * what asks for a new one if this standby missed one). */
		if (!c->rx_in_epoch || m->epoch != c->rx_epoch) {
			rx_stale(c, m);
			break;
		}
		if (rx_batch_start(c, m) == 0)
			rx_batch_slice(c, budget);
		break;
	case SRP_MSG_SESS_DELTA:
		c->stats.n_delta_rx++;
		if (m->present & SRP_TLV_BIT(SRP_TLV_COUNT))
			c->announced = m->count;
		if (rx_batch_start(c, m) == 0)
			rx_batch_slice(c, budget);
		break;
	case SRP_MSG_CKPT_END:
		rx_end(c, m);
		break;
	default:
		return -EPROTO;
	}
	return 0;
}

/* Most records one batch can hold (all deletes, the smallest). */
#define RX_BATCH_RECORDS_MAX \
	((CTL_CKPT_BATCH_MAX - SRP_REC_BATCH_HDR_LEN) / SRP_REC_DELETE_LEN)

static void
rxq_ent_free(struct ctl_ckpt_rxq *q, struct ctl_ckpt_rxq_ent *e)
{
	if (e->m.payload != NULL)
		q->bytes -= e->m.payload_len;
	free(e);
}

static void rx_drain(struct ctl_ckpt *c, uint32_t *budget);

/* Copy @m behind the work waiting. @return 0 or < 0 (counted). */
static int
rxq_push(struct ctl_ckpt *c, const struct srp_msg *m)
{
	struct ctl_ckpt_rxq *q = &c->rxq;
	struct ctl_ckpt_rxq_ent *e;
	/* A batch too big is not copied: it is refused in its turn (its
	 * place in the order decides which epoch it fails). */
	size_t len = m->payload != NULL && !rx_size_over(m) ?
		     m->payload_len : 0;
	uint32_t budget;

	/* Overload: the oldest waiting work is done now to make room (at
	 * most the rest of one batch and the start of the next each time),
	 * rather than refusing the message, which would cost a resync. */
	if (q->n == CTL_CKPT_RXQ_MAX || q->bytes + len > CTL_CKPT_RXQ_BYTES)
		c->stats.n_rxq_full++;
	while (q->n == CTL_CKPT_RXQ_MAX ||
	       (q->n > 0 && q->bytes + len > CTL_CKPT_RXQ_BYTES)) {
		budget = RX_BATCH_RECORDS_MAX + 1;
		rx_drain(c, &budget);
	}
	if (q->e == NULL) {
		q->e = calloc(CTL_CKPT_RXQ_MAX, sizeof(*q->e));
		if (q->e == NULL)
			goto out_nomem;
	}
	e = malloc(sizeof(*e) + len);
	if (e == NULL)
		goto out_nomem;
	e->m = *m;
	e->m.payload = NULL;
	if (len > 0) {
		memcpy(e->data, m->payload, len);
		e->m.payload = e->data;
	}
	q->bytes += len;
	q->e[(q->head + q->n) % CTL_CKPT_RXQ_MAX] = e;
	q->n++;
	c->stats.n_rxq_queued++;
	if (q->n > c->stats.rxq_max)
		c->stats.rxq_max = q->n;
	return 0;

out_nomem:
	rx_fail(c, m, CTL_CKPT_FAIL_RESOURCES, "out of memory");
	return -ENOMEM;
}

/* Apply waiting work, in order, up to *@budget records. */
static void
rx_drain(struct ctl_ckpt *c, uint32_t *budget)
{
	struct ctl_ckpt_rxq *q = &c->rxq;
	struct ctl_ckpt_rxq_ent *e;

	while (*budget > 0) {
		if (c->rx_busy) {
			rx_batch_slice(c, budget);
			continue;
		}
		if (q->n == 0)
			return;
		e = q->e[q->head];
		q->head = (q->head + 1) % CTL_CKPT_RXQ_MAX;
		q->n--;
		rx_handle(c, &e->m, budget);
		/* A batch now applying was decompressed into dbuf. */
		rxq_ent_free(q, e);
	}
}

void
ctl_ckpt_i_rx_drain(struct ctl_ckpt *c, uint32_t budget)
{
	rx_drain(c, &budget);
}

void
ctl_ckpt_i_rx_turn(struct ctl_ckpt *c)
{
	c->rx_budget = c->rx_slice_records;
	rx_drain(c, &c->rx_budget);
}

void
ctl_ckpt_i_rx_free(struct ctl_ckpt *c)
{
	struct ctl_ckpt_rxq *q = &c->rxq;

	while (q->n > 0) {
		rxq_ent_free(q, q->e[q->head]);
		q->head = (q->head + 1) % CTL_CKPT_RXQ_MAX;
		q->n--;
	}
	free(q->e);
	memset(q, 0, sizeof(*q));
	c->rx_busy = false;
}

int
ctl_ckpt_i_rx_msg(struct ctl_ckpt *c, const struct srp_msg *m)
{
	/* An active chassis never takes the peer's sessions. */
	if (c->active) {
		c->stats.n_ignored_active++;
		return 0;
	}
	if (m->type != SRP_MSG_CKPT_BEGIN && m->type != SRP_MSG_CKPT_CHUNK &&
	    m->type != SRP_MSG_CKPT_END && m->type != SRP_MSG_SESS_DELTA)
		return -EPROTO;
	/*
	 * One budget between two polls, shared by every message that
	 * arrives meanwhile (one socket read delivers many): what does not
	 * fit, or comes behind waiting work, is queued in order.
	 */
	if (c->rx_busy || c->rxq.n > 0 || c->rx_budget == 0) {
		rxq_push(c, m);
		rx_drain(c, &c->rx_budget);
		return 0;
	}
	rx_handle(c, m, &c->rx_budget);
	return 0;
}
