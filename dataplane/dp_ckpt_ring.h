/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Worker micro-checkpoints (docs/checkpoint.md, "Micro-checkpoints from the
 * workers"): when a worker forwards a packet of a session whose counters it
 * has not reported for the refresh interval, it notes the session's counter
 * slot in a small per-lcore buffer, flushed once per burst into that
 * worker's single-producer/single-consumer ring. The control lcore drains
 * the rings, coalesces per session and sends counter refreshes to the
 * standby. A worker never waits: slots that do not fit in the ring are set
 * in the worker's overflow bitmap (and counted as mc_ring_full); the control
 * lcore sweeps the bitmap and refreshes those sessions, so nothing is lost,
 * only later. Context: as stated per call.
 */
#ifndef DP_CKPT_RING_H
#define DP_CKPT_RING_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_common.h>

/* Ring entries per worker (slots, 4 bytes each). */
#define DP_CKPT_RING_SIZE		16384u
/* Slots a worker buffers before it flushes them into its ring. */
#define DP_CKPT_RING_BUF		64u
/* "Off": no refresh is ever due. */
#define DP_CKPT_RING_OFF		UINT64_MAX

struct rte_ring;

/* One worker's side: its ring, its overflow bitmap and its local buffer.
 * Only the owner worker writes buf/n_buf/n_*; the control lcore reads the
 * counters and drains ring and bitmap. */
struct dp_ckpt_ring_worker {
	struct rte_ring	*ring;		/* SP/SC, uint32_t slots */
	uint64_t	*over;		/* bitmap by slot, capacity bits */
	uint32_t	n_words;	/* words in @over */
	uint32_t	n_buf;
	uint32_t	buf[DP_CKPT_RING_BUF];
	uint64_t	n_emitted;	/* slots put into the ring */
	uint64_t	n_ring_full;	/* slots set in @over instead */
	uint64_t	over_gen;	/* bumped after every overflow burst */
} __rte_cache_aligned;

/* The rings and bitmaps of every worker (created by dp_init()). */
struct dp_ckpt_ring {
	unsigned int		n_workers;
	uint32_t		capacity;	/* session slots */
	struct dp_ckpt_ring_worker	*w;		/* [n_workers] */
};

/**
 * Create rings and overflow bitmaps for @n_workers workers and @capacity
 * session slots on NUMA @socket.
 * Context: control, after EAL init.
 * @return the set, or NULL with errno set (EINVAL, ENOMEM)
 */
struct dp_ckpt_ring *dp_ckpt_ring_create(unsigned int n_workers, uint32_t capacity,
			   int socket);

/** Free everything (workers stopped). NULL is a no-op. Context: control. */
void dp_ckpt_ring_free(struct dp_ckpt_ring *mc);

/**
 * The set dp_init() created for the running data plane.
 * Context: control. @return it, or NULL before dp_init()/after shutdown
 */
struct dp_ckpt_ring *dp_ckpt_ring_get(void);

/**
 * Worker: note that slot @slot is due for a refresh. Buffered; call
 * dp_ckpt_ring_flush() after the burst.
 * Context: worker owning @w.
 */
static inline void
dp_ckpt_ring_note(struct dp_ckpt_ring_worker *w, uint32_t slot)
{
	if (unlikely(w->n_buf == DP_CKPT_RING_BUF))
		return;	/* cannot happen with bursts <= DP_CKPT_RING_BUF */
	w->buf[w->n_buf++] = slot;
}

/**
 * Worker: move the buffered slots into the ring; those that do not fit go
 * to the overflow bitmap. No-op when nothing is buffered.
 * Context: worker owning @w.
 */
void dp_ckpt_ring_flush_slow(struct dp_ckpt_ring_worker *w);

static inline void
dp_ckpt_ring_flush(struct dp_ckpt_ring_worker *w)
{
	if (w->n_buf != 0)
		dp_ckpt_ring_flush_slow(w);
}

/**
 * Control: take up to @max slots out of worker @worker's ring into @slots.
 * Context: control (the single consumer).
 * @return number of slots taken
 */
unsigned int dp_ckpt_ring_drain(struct dp_ckpt_ring *mc, unsigned int worker,
			 uint32_t *slots, unsigned int max);

/**
 * Control: take the set bits of worker @worker's overflow bitmap from word
 * *@cursor on, clearing each word it reads, until @max slots are out or the
 * end is reached (then *@cursor is back to 0 and true is returned).
 * Context: control.
 * @return true when the sweep reached the end of the bitmap
 */
bool dp_ckpt_ring_sweep(struct dp_ckpt_ring *mc, unsigned int worker, uint32_t *cursor,
		 uint32_t *slots, unsigned int max, unsigned int *n_out);

/** Sum of every worker's n_emitted / n_ring_full. Context: control. */
uint64_t dp_ckpt_ring_emitted(const struct dp_ckpt_ring *mc);
uint64_t dp_ckpt_ring_full(const struct dp_ckpt_ring *mc);

#endif /* DP_CKPT_RING_H */
