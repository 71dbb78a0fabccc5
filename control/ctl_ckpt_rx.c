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

#include <rte_prefetch.h>

#include "ctl_ckpt.h"
#include "ctl_ckpt_int.h"
#include "ctl_log.h"
#include "ctl_sess.h"
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

/* Decompress the payload of @m into dbuf. @return its length or < 0. */
static int
rx_decompress(struct ctl_ckpt *c, const struct srp_msg *m, size_t *len)
{
	bool has_id = (m->present & SRP_TLV_BIT(SRP_TLV_COMP_ID)) != 0;
	bool has_len = (m->present & SRP_TLV_BIT(SRP_TLV_UNCOMP_LEN)) != 0;
	uint8_t *n;

	if (has_id != has_len)
		return -EBADMSG;	/* one without the other */
	/* Before any allocation or decompression: no sender of ours puts
	 * more than CTL_CKPT_BATCH_MAX raw bytes in a batch, so nothing
	 * bigger (declared or on the wire) is ever legitimate. */
	if (srp_comp_check_len(has_id ? (enum srp_wire_comp)m->comp_id :
			       SRP_WCOMP_NONE, m->payload_len,
			       has_id ? m->uncomp_len : m->payload_len,
			       CTL_CKPT_BATCH_MAX) == -EMSGSIZE)
		return -EMSGSIZE;
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

/* Check and apply one batch. @return 0 or the failure (counted). */
static int
rx_batch(struct ctl_ckpt *c, const struct srp_msg *m)
{
	char err[CTL_SESS_ERR_LEN] = "";
	struct rx_cnt_run cnt_run, *run = &cnt_run;
	struct srp_rec_reader rd;
	enum srp_rec_err e;
	struct srp_rec r;
	uint32_t count;
	uint8_t cmd;
	bool more = true;
	size_t len;
	int ret, bad = 0;

	ret = rx_decompress(c, m, &len);
	if (ret == -EMSGSIZE) {
		c->stats.n_rx_too_big++;
		snprintf(err, sizeof(err), "%u bytes (%u declared) over the "
			 "limit of %u", m->payload_len, m->uncomp_len,
			 CTL_CKPT_BATCH_MAX);
		rx_fail(c, m, CTL_CKPT_FAIL_TOO_BIG, err);
		return ret;
	}
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
	/* The whole batch first: a bad one changes nothing. */
	e = srp_rec_check(c->dbuf, len, &count);
	if (e != SRP_REC_OK) {
		rx_fail(c, m, CTL_CKPT_FAIL_DECODE, srp_rec_err_name(e));
		return -EBADMSG;
	}
	if (srp_rec_reader_init(&rd, c->dbuf, len) != SRP_REC_OK)
		return -EBADMSG;
	run->n = 0;
	while (count > 0 && more) {
		if (srp_rec_next(&rd, &r, &more) != SRP_REC_OK)
			break;
		if (r.op == SRP_REC_COUNTERS) {
			run->rec[run->n] = r;
			run->teid[run->n++] = r.teid_local;
			if (run->n == RX_CNT_BULK)
				rx_cnt_flush(c, m, run, &bad);
			continue;
		}
		/* Records before this one take effect first. */
		rx_cnt_flush(c, m, run, &bad);
		err[0] = '\0';
		ret = rx_apply(c, &r, err, sizeof(err));
		cmd = rx_cmd_of(&r);
		if (ret < 0) {
			c->stats.n_rec_fail++;
			c->stats.n_rec_fail_cmd[cmd]++;
			/* A refresh names no session the standby lacks. */
			if (cmd != CTL_CKPT_CMD_COUNTERS)
				c->not_applied++;
			if (bad++ == 0)
				rx_fail_cmd(c, m, CTL_CKPT_FAIL_APPLY, err[0] ?
					    err : strerror(-ret), cmd);
			continue;
		}
		/* Seen: during an epoch and while its END sweep runs. A
		 * DELETE leaves nothing to keep from the sweep: remembering
		 * it would let deletes of unknown sessions grow the set. */
		if (cmd == CTL_CKPT_CMD_UPSERT &&
		    (c->rx_in_epoch || c->rx_sweeping) &&
		    rx_seen_add(c, r.teid_local) < 0 && bad++ == 0)
			rx_fail(c, m, CTL_CKPT_FAIL_RESOURCES, "seen set");
	}
	rx_cnt_flush(c, m, run, &bad);
	return bad ? -EIO : 0;
}

/* The sweep reached the last slot: the epoch is applied. */
static void
rx_applied(struct ctl_ckpt *c)
{
	c->rx_sweeping = false;
	ctl_ckpt_set_clear(&c->seen);
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

static void
rx_end(struct ctl_ckpt *c, const struct srp_msg *m)
{
	if (!c->rx_in_epoch || m->epoch != c->rx_epoch) {
		rx_fail(c, m, CTL_CKPT_FAIL_ORDER, "CKPT_END of another epoch");
		return;
	}
	c->rx_in_epoch = false;
	if (c->rx_failed) {
		c->stats.n_full_failed++;
		CTL_LOG(WARNING, "checkpoint: full checkpoint %u failed (%s): "
			"staying STANDBY_SYNCING", m->epoch,
			ctl_ckpt_fail_str(c->rx_fail_reason));
		rx_nack(c, true, c->rx_fail_reason, CTL_CKPT_CMD_FULL);
		c->rx_failed = false;
		return;
	}
	/* The first slice now, the rest from the polls. */
	c->rx_sweeping = true;
	c->rx_sweep_slot = 0;
	c->rx_end_epoch = m->epoch;
	ctl_ckpt_i_rx_poll(c);
}

int
ctl_ckpt_i_rx_msg(struct ctl_ckpt *c, const struct srp_msg *m)
{
	/* An active chassis never takes the peer's sessions. */
	if (c->active) {
		c->stats.n_ignored_active++;
		return 0;
	}
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
		c->rx_failed = false;
		c->rx_begin_ms = ctl_ckpt_i_now(c);
		if (m->count > c->announced)
			c->announced = m->count;
		break;
	case SRP_MSG_CKPT_CHUNK:
		c->stats.n_chunk_rx++;
		if (!c->rx_in_epoch || m->epoch != c->rx_epoch) {
			rx_fail(c, m, CTL_CKPT_FAIL_ORDER, "chunk outside "
				"its epoch");
			break;
		}
		rx_batch(c, m);
		break;
	case SRP_MSG_SESS_DELTA:
		c->stats.n_delta_rx++;
		if (m->present & SRP_TLV_BIT(SRP_TLV_COUNT))
			c->announced = m->count;
		rx_batch(c, m);
		break;
	case SRP_MSG_CKPT_END:
		rx_end(c, m);
		break;
	default:
		return -EPROTO;
	}
	return 0;
}
