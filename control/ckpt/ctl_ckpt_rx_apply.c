/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Standby side of session replication, applying batches: chunk and delta
 * validation (size limit before any allocation, decompression to the
 * exact length, srp_rec_check of the whole batch before anything is
 * applied), then application through ctl_sess in slices (counters as the
 * sessions' base counters, gathered for bulk lookups), remembering the
 * TEIDs an epoch names. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_prefetch.h>

#include "ctl_ckpt.h"
#include "ctl_ckpt_int.h"
#include "pfcp/ctl_pfcp.h"
#include "sess/ctl_sess.h"
#include "srp_ckpt_comp.h"

static void
rx_params(const struct srp_rec *r, struct sess_params *p)
{
	memset(p, 0, sizeof(*p));
	p->teid_local = r->teid_local;
	p->teid_remote = r->teid_remote;
	p->peer_af = r->peer_af;
	/* Family 0 (dl-drop, no downlink tunnel): no address, stays 0. */
	if (r->peer_af != 0)
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
			      0) |
			     (r->flags & SRP_REC_F_UL_DROP ? SESS_F_UL_DROP :
			      0) |
			     (r->flags & SRP_REC_F_DL_DROP ? SESS_F_DL_DROP :
			      0));
}

/*
 * No sender of ours puts more than CTL_CKPT_BATCH_MAX raw bytes in a
 * batch, so nothing bigger, declared or on the wire, is legitimate.
 */
bool
ctl_ckpt_i_rx_size_over(const struct srp_msg *m)
{
	bool has_id = (m->present & SRP_TLV_BIT(SRP_TLV_COMP_ID)) != 0;
	bool has_len = (m->present & SRP_TLV_BIT(SRP_TLV_UNCOMP_LEN)) != 0;

	return srp_comp_check_len(has_id ? (enum srp_wire_comp)m->comp_id :
				  SRP_WCOMP_NONE, m->payload_len,
				  has_len ? m->uncomp_len : m->payload_len,
				  CTL_CKPT_BATCH_MAX) == -EMSGSIZE;
}

/*
 * ctl_ckpt_i_rx_size_over(), checked before any allocation or decompression.
 * @return true when @m is refused (counted, logged, NACKed).
 */
static bool
rx_size_refused(struct ctl_ckpt *c, const struct srp_msg *m)
{
	bool has_len = (m->present & SRP_TLV_BIT(SRP_TLV_UNCOMP_LEN)) != 0;
	char err[96];

	if (!ctl_ckpt_i_rx_size_over(m))
		return false;
	c->stats.n_rx_too_big++;
	snprintf(err, sizeof(err), "%u bytes (%u declared) over the limit "
		 "of %u", m->payload_len, has_len ? m->uncomp_len :
		 m->payload_len, CTL_CKPT_BATCH_MAX);
	ctl_ckpt_i_rx_fail(c, m, CTL_CKPT_FAIL_TOO_BIG, err);
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
			ctl_ckpt_i_rx_fail_cmd(c, m, CTL_CKPT_FAIL_APPLY, err,
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

/*
 * A session's own timeouts, after its upsert (which installed it with the
 * defaults). The batch check already read the payload.
 */
static int
rx_timers(struct ctl_ckpt *c, const struct srp_rec *r, char *err,
	  size_t err_len)
{
	struct srp_rec_timers tm;
	int ret;

	if (srp_rec_timers_decode(r->ext, r->ext_len, &tm) != SRP_REC_OK) {
		snprintf(err, err_len, "bad timers record of local TEID %u",
			 r->teid_local);
		return -EPROTO;
	}
	ret = ctl_sess_repl_timers(r->teid_local, tm.idle_s, tm.abs_s, err,
				   err_len);
	if (ret == 0)
		c->stats.n_timers_rx++;
	return ret;
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
		if (ret == 0) {
			ctl_pfcp_repl_forget(r->teid_local);
			c->stats.n_rec_rx[CTL_CKPT_CMD_DELETE]++;
		}
		return ret;
	case SRP_REC_EXT:
		if (r->ext_kind == SRP_REC_EXT_SESS_TIMERS)
			return rx_timers(c, r, err, err_len);
		/* A PFCP session follows the upsert of its gateway session. */
		if (r->ext_kind == SRP_REC_EXT_PFCP_NODE)
			ret = ctl_pfcp_repl_node(r->ext, r->ext_len, err,
						 err_len);
		else if (r->ext_kind == SRP_REC_EXT_PFCP_GONE)
			ret = ctl_pfcp_repl_gone(r->ext, r->ext_len, err,
						 err_len);
		else if (sess_table_lookup_teid(c->t, r->teid_local) == NULL)
			ret = -ENOENT;
		else
			ret = ctl_pfcp_repl_sess(r->teid_local, r->ext,
						 r->ext_len, err, err_len);
		if (ret == 0)
			c->stats.n_rec_rx_ext++;
		else if (ret == -ENOENT && err[0] == '\0')
			snprintf(err, err_len, "PFCP record of unknown local "
				 "TEID %u", r->teid_local);
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
int
ctl_ckpt_i_rx_batch_start(struct ctl_ckpt *c, const struct srp_msg *m)
{
	enum srp_rec_err e;
	uint32_t count;
	size_t len;
	int ret;

	if (rx_size_refused(c, m))
		return -EMSGSIZE;
	ret = rx_decompress(c, m, &len);
	if (ret == -ENOMEM) {
		ctl_ckpt_i_rx_fail(c, m, CTL_CKPT_FAIL_RESOURCES,
				   "out of memory");
		return ret;
	}
	if (ret < 0) {
		ctl_ckpt_i_rx_fail(c, m, CTL_CKPT_FAIL_DECOMPRESS,
				   strerror(-ret));
		return ret;
	}
	c->stats.rx_bytes_raw += len;
	c->stats.rx_bytes_comp += m->payload_len;
	e = srp_rec_check(c->dbuf, len, &count);
	if (e != SRP_REC_OK) {
		ctl_ckpt_i_rx_fail(c, m, CTL_CKPT_FAIL_DECODE,
				   srp_rec_err_name(e));
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
void
ctl_ckpt_i_rx_batch_slice(struct ctl_ckpt *c, uint32_t *budget)
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
				ctl_ckpt_i_rx_fail_cmd(c, m,
						       CTL_CKPT_FAIL_APPLY,
						       err[0] ? err :
						       strerror(-ret), cmd);
			continue;
		}
		/* Seen: during an epoch and while its END sweep runs. A
		 * DELETE leaves nothing to keep from the sweep: remembering
		 * it would let deletes of unknown sessions grow the set. */
		if (r.op == SRP_REC_UPSERT &&
		    (c->rx_in_epoch || c->rx_sweeping) &&
		    rx_seen_add(c, r.teid_local) < 0 && c->rx_bad++ == 0)
			ctl_ckpt_i_rx_fail(c, m, CTL_CKPT_FAIL_RESOURCES,
					   "seen set");
	}
	/* Counters gathered in this slice apply in it: order is kept. */
	rx_cnt_flush(c, m, run, &c->rx_bad);
	if (c->rx_busy)
		c->stats.n_rx_slices++;
}
