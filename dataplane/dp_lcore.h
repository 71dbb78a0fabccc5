/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Worker lcore state and main loop: rx bursts from every started port,
 * per-burst packet handling, buffered tx, idle back-off, QSBR reporting.
 * Context: worker, except the setup/teardown calls (control).
 */
#ifndef DP_LCORE_H
#define DP_LCORE_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_config.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "dp_conf.h"
#include "dp_ckpt_ring.h"
#include "dp_stats.h"

/* How long a packet may wait in a tx buffer before it is flushed. */
#define DP_TX_DRAIN_US	100
/* Loop iterations between two polls of the control -> worker tx ring. */
#define DP_TX_RING_POLL_LOOPS	64
/* Polls of the control tx ring a stopping worker makes before it exits. */
#define DP_TX_RING_EXIT_POLLS	64

/* Test requests of the control side to a worker (dp_lcore.test_req). */
#define DP_LCORE_TEST_STALL	0x1u	/* stop the loop test_stall_ms */
#define DP_LCORE_TEST_FLUSH	0x2u	/* flush test_pool's lcore cache */

struct rte_mempool;
struct rte_ring;
struct sess_table;

/* One rx queue a worker polls. */
struct dp_lcore_rxq {
	uint16_t	port_id;	/* ethdev port id */
	uint16_t	port_idx;	/* index in dp_conf.ports */
};

/* Argument of the tx-refusal callback of one tx buffer. */
struct dp_lcore_txctx {
	struct dp_lcore	*lc;
	uint16_t	port_idx;
};

/* State of one worker lcore; only that lcore touches it while it runs. */
struct dp_lcore {
	/* Hot: read or written on every loop iteration. */
	struct dp_lcore_stats		*stats;
	uint64_t			drain_tsc;	/* tx drain period */
	uint64_t			last_drain_tsc;
	uint32_t			n_idle;		/* empty loops in a row */
	uint32_t			idle_polls;	/* 0 = back-off off */
	uint32_t			idle_sleep_us;	/* 0 = rte_pause only */
	uint16_t			burst;
	uint16_t			queue_id;	/* rx and tx queue */
	uint16_t			n_rxq;
	struct dp_lcore_rxq		rxq[DP_MAX_PORTS];
	/* Indexed by port index; NULL for a port that is not started. */
	struct rte_eth_dev_tx_buffer	*txb[DP_MAX_PORTS];
	uint16_t			tx_port_id[DP_MAX_PORTS];
	struct sess_table		*sess;		/* NULL: no sessions */
	struct rte_ring			*punt_ring;	/* to control */
	struct rte_ring			*punt_nd_ring;	/* ARP/ND to control */
	struct rte_ring			*tx_ring;	/* from control */
	uint32_t			n_loops_tx;	/* since last poll */
	/* Micro-checkpoints: this worker's channel (NULL: none) and the
	 * refresh interval of the current burst (DP_CKPT_RING_OFF: never). */
	struct dp_ckpt_ring_worker		*mc;
	uint64_t			mc_refresh_tsc;
	/* Too big downlink packets: TSC before which none is punted (for
	 * an ICMP error) again; the others are only dropped. */
	uint64_t			too_big_next_tsc;
	/* Test hooks (local-fault tests): DP_LCORE_TEST_* bits the control
	 * side sets; read only when the tx ring is polled. */
	uint32_t			test_req;
	uint32_t			test_stall_ms;	/* with _STALL */
	/* Cold: set up by the control side. */
	struct rte_mempool		*test_pool;	/* with _FLUSH */
	struct dp_lcore_txctx		txctx[DP_MAX_PORTS];
	unsigned int			lcore_id;
	unsigned int			worker_idx;
	bool				ready;		/* dp_lcore_setup done */
} __rte_cache_aligned;

/**
 * State of lcore @lcore_id (valid memory for any id < RTE_MAX_LCORE; set
 * up only for workers after dp_init()).
 * Context: any; only the owner lcore may use it while workers run.
 * @return the state, or NULL if @lcore_id >= RTE_MAX_LCORE
 */
struct dp_lcore *dp_lcore_get(unsigned int lcore_id);

/**
 * Test hook: make worker @worker_idx stop its loop for @ms milliseconds
 * (a stalled worker, for the local-fault detector's tests). The worker
 * notices it at its next tx-ring poll.
 * Context: control.
 * @return 0, -ENOENT (no such worker), -EINVAL (@ms 0 or over 60000)
 */
int dp_lcore_test_stall(unsigned int worker_idx, uint32_t ms);

/**
 * Test hook: ask every worker to flush its cache of @mp back into the pool
 * (rte_mempool_cache_flush), so that no free mbuf hides in a worker's
 * cache (the mbuf-exhaustion tests' hold). Each worker does it at its next
 * tx-ring poll; asking again before then asks once.
 * Context: control.
 * @return number of workers asked, or -EINVAL if @mp is NULL
 */
int dp_lcore_test_flush(struct rte_mempool *mp);

/**
 * Prepare the state of worker lcore @lcore_id: queue @worker_idx on each
 * started port (@started[i] true for port index i), one tx buffer of
 * conf->burst packets per started port, counters at dp_stats_lcore.
 * Context: control, before the worker is launched.
 * @param lcore_id
 *   EAL lcore id of the worker
 * @param worker_idx
 *   0-based worker number: the rx/tx queue it uses on every port
 * @param conf
 *   data-plane settings (burst, idle back-off, number of ports)
 * @param port_ids
 *   ethdev port id of each configured port
 * @param started
 *   whether each configured port is started (and must be polled)
 * @return 0, -EINVAL for a bad lcore id or burst, -ENOMEM if a tx buffer
 *   cannot be allocated (nothing stays allocated)
 */
int dp_lcore_setup(unsigned int lcore_id, unsigned int worker_idx,
		   const struct dp_conf *conf, const uint16_t *port_ids,
		   const bool *started);

/**
 * Flush and free the tx buffers of @lc and mark it unused. Idempotent.
 * Context: control, after the worker has returned (or was never launched).
 */
void dp_lcore_teardown(struct dp_lcore *lc);

/**
 * Worker entry point for rte_eal_remote_launch(): @arg is the worker's
 * struct dp_lcore. Loops until dp_lcore_stop_set(true).
 * Context: worker.
 * @return 0, or -EINVAL if @arg is not a set-up lcore
 */
int dp_lcore_loop(void *arg);

/**
 * Set (true) or clear the flag that makes every dp_lcore_loop() return
 * after its current iteration.
 * Context: control.
 */
void dp_lcore_stop_set(bool stop);

/**
 * Handle a burst of @n packets received on port index @port_idx: classify
 * by the port's role in the forwarding state (dp_fwd.h) and decapsulate
 * (access port), encapsulate (core port), punt or drop each packet. Without
 * a published forwarding state every packet is dropped as
 * DP_DROP_NO_HANDLER. Sessions due for a micro-checkpoint (the state's
 * mc_refresh_tsc) are noted and flushed into lc->mc after every
 * DP_BURST_MAX packets.
 * Context: worker (inside the QSBR read side).
 * @return number of packets handled (always @n; each was consumed)
 */
uint16_t dp_lcore_handle_burst(struct dp_lcore *lc, uint16_t port_idx,
			       struct rte_mbuf **pkts, uint16_t n);

/**
 * Send every buffered packet now (all ports). Refused packets are freed
 * and counted as tx_dropped.
 * Context: worker (owner of @lc), or control once the worker stopped.
 */
void dp_lcore_tx_flush(struct dp_lcore *lc);

/**
 * Drop @m, received on (or meant for) port index @port_idx, for @reason:
 * count it per reason and per port, free it. The only way a worker drops.
 * Context: worker (owner of @lc).
 */
static inline void
dp_lcore_drop(struct dp_lcore *lc, uint16_t port_idx, struct rte_mbuf *m,
	      enum dp_drop_reason reason)
{
	RTE_ASSERT(reason < DP_DROP_MAX && port_idx < DP_MAX_PORTS);
	dp_stats_add(&lc->stats->drop[reason], 1);
	dp_stats_add(&lc->stats->port[port_idx].drop, 1);
	rte_pktmbuf_free(m);
}

/**
 * Queue @m for sending on port index @port_idx; the buffer is sent when it
 * holds a burst or at the next drain deadline. A port that is not started
 * drops the packet as DP_DROP_PORT_DOWN.
 * Context: worker (owner of @lc).
 */
static inline void
dp_lcore_tx(struct dp_lcore *lc, uint16_t port_idx, struct rte_mbuf *m)
{
	struct rte_eth_dev_tx_buffer *txb;
	uint16_t sent;

	RTE_ASSERT(port_idx < DP_MAX_PORTS);
	txb = lc->txb[port_idx];
	if (txb == NULL) {
		dp_lcore_drop(lc, port_idx, m, DP_DROP_PORT_DOWN);
		return;
	}
	sent = rte_eth_tx_buffer(lc->tx_port_id[port_idx], lc->queue_id, txb,
				 m);
	if (sent != 0) {
		dp_stats_add(&lc->stats->cnt[DP_CNT_TX], sent);
		dp_stats_add(&lc->stats->port[port_idx].tx, sent);
	}
}

/**
 * Account one loop iteration that received @n_rx packets for the idle
 * back-off: any packet resets the run of empty iterations.
 * Context: worker (owner of @lc).
 * @return true if the worker should back off now (idle_polls > 0 and at
 *   least idle_polls empty iterations in a row, this one included)
 */
static inline bool
dp_lcore_idle_check(struct dp_lcore *lc, unsigned int n_rx)
{
	if (lc->idle_polls == 0)
		return false;
	if (n_rx != 0) {
		lc->n_idle = 0;
		return false;
	}
	/* Saturate: a long idle period keeps backing off every iteration. */
	if (lc->n_idle < lc->idle_polls)
		lc->n_idle++;
	return lc->n_idle >= lc->idle_polls;
}

#endif /* DP_LCORE_H */
