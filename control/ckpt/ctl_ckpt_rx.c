/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Standby side of session replication, its entry: each message in order
 * (CKPT_BEGIN opens an epoch; chunks and deltas go to ctl_ckpt_rx_apply.c,
 * CKPT_END to ctl_ckpt_rx_epoch.c) under a budget of records per poll,
 * and the FIFO of copied messages that wait behind work not done yet.
 * Context: control.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "ctl_ckpt.h"
#include "ctl_ckpt_int.h"

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
			ctl_ckpt_i_rx_stale(c, m);
			break;
		}
		if (ctl_ckpt_i_rx_batch_start(c, m) == 0)
			ctl_ckpt_i_rx_batch_slice(c, budget);
		break;
	case SRP_MSG_SESS_DELTA:
		c->stats.n_delta_rx++;
		if (m->present & SRP_TLV_BIT(SRP_TLV_COUNT))
			c->announced = m->count;
		if (ctl_ckpt_i_rx_batch_start(c, m) == 0)
			ctl_ckpt_i_rx_batch_slice(c, budget);
		break;
	case SRP_MSG_CKPT_END:
		ctl_ckpt_i_rx_end(c, m);
		break;
	case SRP_MSG_AUDIT_DIGESTS:
	case SRP_MSG_AUDIT_ITEMS:
		ctl_ckpt_i_audit_rx(c, m);
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
	size_t len = m->payload != NULL && !ctl_ckpt_i_rx_size_over(m) ?
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
	ctl_ckpt_i_rx_fail(c, m, CTL_CKPT_FAIL_RESOURCES, "out of memory");
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
			ctl_ckpt_i_rx_batch_slice(c, budget);
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
	    m->type != SRP_MSG_CKPT_END && m->type != SRP_MSG_SESS_DELTA &&
	    m->type != SRP_MSG_AUDIT_DIGESTS && m->type != SRP_MSG_AUDIT_ITEMS)
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
