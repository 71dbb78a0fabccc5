/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Standby side of session replication: epochs of full checkpoints, chunk
 * and delta validation (decompression to the exact length, srp_rec_check
 * of the whole batch before anything is applied), application through
 * ctl_sess, the end-of-checkpoint cleanup, and NACKs with their window.
 * Context: control.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
};

void
ctl_ckpt_i_rx_reset(struct ctl_ckpt *c)
{
	c->rx_in_epoch = false;
	c->rx_failed = false;
	c->rx_applied = 0;
	c->rx_count = 0;
	ctl_ckpt_set_clear(&c->seen);
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

/* Check and apply one batch. @return 0 or the failure (counted). */
static int
rx_batch(struct ctl_ckpt *c, const struct srp_msg *m)
{
	char err[CTL_SESS_ERR_LEN] = "";
	struct srp_rec_reader rd;
	struct sess_params p;
	enum srp_rec_err e;
	struct srp_rec r;
	uint32_t count, ev;
	bool more = true;
	size_t len;
	int ret, bad = 0;

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
	/* The whole batch first: a bad one changes nothing. */
	e = srp_rec_check(c->dbuf, len, &count);
	if (e != SRP_REC_OK) {
		rx_fail(c, m, CTL_CKPT_FAIL_DECODE, srp_rec_err_name(e));
		return -EBADMSG;
	}
	if (srp_rec_reader_init(&rd, c->dbuf, len) != SRP_REC_OK)
		return -EBADMSG;
	while (count > 0 && more) {
		if (srp_rec_next(&rd, &r, &more) != SRP_REC_OK)
			break;
		if (r.op == SRP_REC_DELETE) {
			ret = ctl_sess_repl_delete(r.teid_local);
			if (ret == 0)
				c->stats.n_rec_rx[CTL_CKPT_CMD_DELETE]++;
		} else {
			rx_params(&r, &p);
			ret = ctl_sess_repl_upsert(&p, r.created_ms, &ev, err,
						   sizeof(err));
			c->stats.n_evicted += ev;
			if (ret == 0) {
				c->stats.n_rec_rx[CTL_CKPT_CMD_UPSERT]++;
				c->rx_applied++;
			}
		}
		if (ret < 0) {
			c->stats.n_rec_fail++;
			c->not_applied++;
			if (bad++ == 0)
				rx_fail_cmd(c, m, CTL_CKPT_FAIL_APPLY, err[0] ?
					    err : strerror(-ret),
					    r.op == SRP_REC_DELETE ?
					    CTL_CKPT_CMD_DELETE :
					    CTL_CKPT_CMD_UPSERT);
			continue;
		}
		if (c->rx_in_epoch &&
		    ctl_ckpt_set_add(&c->seen, r.teid_local) < 0 &&
		    bad++ == 0)
			rx_fail(c, m, CTL_CKPT_FAIL_RESOURCES, "seen set");
	}
	return bad ? -EIO : 0;
}

struct rx_sweep {
	struct ctl_ckpt	*c;
	uint32_t	*teids;
	uint32_t	n;
	uint32_t	cap;
	int		err;
};

static int
rx_sweep_cb(const struct sess *s, void *arg)
{
	struct rx_sweep *a = arg;
	uint32_t cap, *n;

	if (ctl_ckpt_set_has(&a->c->seen, s->p.teid_local))
		return 0;
	if (a->n == a->cap) {
		cap = a->cap == 0 ? 1024 : a->cap * 2;
		n = realloc(a->teids, (size_t)cap * sizeof(*n));
		if (n == NULL) {
			a->err = -ENOMEM;
			return 1;
		}
		a->teids = n;
		a->cap = cap;
	}
	a->teids[a->n++] = s->p.teid_local;
	return 0;
}

/* CKPT_END of a clean epoch: what the active did not name is gone. */
static int
rx_cleanup(struct ctl_ckpt *c)
{
	struct rx_sweep a = { .c = c };
	uint32_t i;

	sess_table_walk(c->t, rx_sweep_cb, &a);
	if (a.err == 0) {
		for (i = 0; i < a.n; i++)
			if (ctl_sess_repl_delete(a.teids[i]) == 0)
				c->stats.n_cleanup++;
	}
	free(a.teids);
	return a.err;
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
	if (rx_cleanup(c) < 0) {
		c->stats.n_full_failed++;
		rx_fail(c, m, CTL_CKPT_FAIL_RESOURCES, "cleanup");
		return;
	}
	ctl_ckpt_set_clear(&c->seen);
	c->stats.n_full_applied++;
	c->stats.last_full_rx_ms = ctl_ckpt_i_now(c) - c->rx_begin_ms;
	c->not_applied = 0;
	c->rx_ever_failed = false;
	CTL_LOG(NOTICE, "checkpoint: full checkpoint %u applied (%u sessions, "
		"%lu ms)", m->epoch, sess_table_count(c->t),
		(unsigned long)c->stats.last_full_rx_ms);
	if (c->ops->ready != NULL)
		c->ops->ready(c->arg);
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
