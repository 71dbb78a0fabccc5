/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Worker micro-checkpoint channels (dp_ckpt_ring.h): one SP/SC ring of session
 * slots and one overflow bitmap per worker. The worker side (flush) never
 * waits; the control side drains the rings and sweeps the bitmaps.
 * Context: worker for dp_ckpt_ring_flush_slow(), control for the rest.
 */
#include <errno.h>
#include <stdio.h>

#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "dp_ckpt_ring.h"
#include "dp_stats.h"

/* Ring names must be unique while they exist: number every set. */
static uint32_t dp_ckpt_ring_seq;

struct dp_ckpt_ring *
dp_ckpt_ring_create(unsigned int n_workers, uint32_t capacity, int socket)
{
	char name[RTE_RING_NAMESIZE];
	struct dp_ckpt_ring_worker *w;
	struct dp_ckpt_ring *mc;
	uint32_t seq;
	unsigned int i;

	if (n_workers == 0 || capacity == 0) {
		errno = EINVAL;
		return NULL;
	}
	mc = rte_zmalloc_socket("dp_ckpt_ring", sizeof(*mc), RTE_CACHE_LINE_SIZE,
				socket);
	if (mc == NULL)
		goto out_nomem;
	mc->w = rte_zmalloc_socket("dp_ckpt_ring_w", n_workers * sizeof(*mc->w),
				   RTE_CACHE_LINE_SIZE, socket);
	if (mc->w == NULL)
		goto out_free;
	mc->n_workers = n_workers;
	mc->capacity = capacity;
	seq = dp_ckpt_ring_seq++;
	for (i = 0; i < n_workers; i++) {
		w = &mc->w[i];
		w->n_words = (capacity + 63) / 64;
		w->over = rte_zmalloc_socket("dp_ckpt_ring_over",
					     (size_t)w->n_words *
					     sizeof(*w->over),
					     RTE_CACHE_LINE_SIZE, socket);
		if (w->over == NULL)
			goto out_free;
		snprintf(name, sizeof(name), "dp_ckpt_ring%u_%u", seq, i);
		w->ring = rte_ring_create_elem(name, sizeof(uint32_t),
					       DP_CKPT_RING_SIZE, socket,
					       RING_F_SP_ENQ | RING_F_SC_DEQ);
		if (w->ring == NULL)
			goto out_free;
	}
	return mc;

out_free:
	dp_ckpt_ring_free(mc);
out_nomem:
	errno = ENOMEM;
	return NULL;
}

void
dp_ckpt_ring_free(struct dp_ckpt_ring *mc)
{
	unsigned int i;

	if (mc == NULL)
		return;
	if (mc->w != NULL) {
		/* A failed create leaves the workers after it zeroed. */
		for (i = 0; i < mc->n_workers; i++) {
			rte_ring_free(mc->w[i].ring);
			rte_free(mc->w[i].over);
		}
		rte_free(mc->w);
	}
	rte_free(mc);
}

void
dp_ckpt_ring_flush_slow(struct dp_ckpt_ring_worker *w)
{
	unsigned int n;
	unsigned int i;
	uint32_t slot;

	n = rte_ring_sp_enqueue_burst_elem(w->ring, w->buf, sizeof(uint32_t),
					   w->n_buf, NULL);
	dp_stats_add(&w->n_emitted, n);
	if (unlikely(n < w->n_buf)) {
		/* Ring full: the control lcore sweeps these later. */
		for (i = n; i < w->n_buf; i++) {
			slot = w->buf[i];
			if (unlikely(slot / 64 >= w->n_words))
				continue;	/* not a slot of the table */
			__atomic_fetch_or(&w->over[slot / 64],
					  UINT64_C(1) << (slot % 64),
					  __ATOMIC_RELAXED);
		}
		dp_stats_add(&w->n_ring_full, w->n_buf - n);
		/* Release: a reader that sees the new generation sees the
		 * bits set before it. */
		__atomic_store_n(&w->over_gen,
				 __atomic_load_n(&w->over_gen,
						 __ATOMIC_RELAXED) + 1,
				 __ATOMIC_RELEASE);
	}
	w->n_buf = 0;
}

unsigned int
dp_ckpt_ring_drain(struct dp_ckpt_ring *mc, unsigned int worker, uint32_t *slots,
	    unsigned int max)
{
	if (mc == NULL || worker >= mc->n_workers || max == 0)
		return 0;
	return rte_ring_sc_dequeue_burst_elem(mc->w[worker].ring, slots,
					      sizeof(uint32_t), max, NULL);
}

bool
dp_ckpt_ring_sweep(struct dp_ckpt_ring *mc, unsigned int worker, uint32_t *cursor,
	    uint32_t *slots, unsigned int max, unsigned int *n_out)
{
	struct dp_ckpt_ring_worker *w;
	unsigned int n = 0;
	uint64_t bits;
	uint32_t i;

	*n_out = 0;
	if (mc == NULL || worker >= mc->n_workers) {
		*cursor = 0;
		return true;
	}
	w = &mc->w[worker];
	if (*cursor >= w->n_words)
		*cursor = 0;
	for (i = *cursor; i < w->n_words && n < max; i++) {
		if (__atomic_load_n(&w->over[i], __ATOMIC_RELAXED) == 0)
			continue;
		bits = __atomic_exchange_n(&w->over[i], 0, __ATOMIC_ACQUIRE);
		while (bits != 0 && n < max) {
			slots[n++] = i * 64 + (uint32_t)__builtin_ctzll(bits);
			bits &= bits - 1;
		}
		if (bits != 0) {
			/* @slots is full: give back the rest of the word
			 * (the worker may have set bits in it meanwhile) and
			 * resume at it. */
			__atomic_fetch_or(&w->over[i], bits, __ATOMIC_RELAXED);
			break;
		}
	}
	*n_out = n;
	if (i >= w->n_words) {
		*cursor = 0;
		return true;
	}
	*cursor = i;
	return false;
}

uint64_t
dp_ckpt_ring_emitted(const struct dp_ckpt_ring *mc)
{
	uint64_t sum = 0;
	unsigned int i;

	if (mc == NULL)
		return 0;
	for (i = 0; i < mc->n_workers; i++)
		sum += dp_stats_read(&mc->w[i].n_emitted);
	return sum;
}

uint64_t
dp_ckpt_ring_full(const struct dp_ckpt_ring *mc)
{
	uint64_t sum = 0;
	unsigned int i;

	if (mc == NULL)
		return 0;
	for (i = 0; i < mc->n_workers; i++)
		sum += dp_stats_read(&mc->w[i].n_ring_full);
	return sum;
}
