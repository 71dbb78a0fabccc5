/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Worker lcore main loop (rx, per-burst handling, tx drain, idle back-off,
 * QSBR quiescent states) and its setup/teardown. Context: worker for the
 * loop, control for setup and teardown.
 */
#include <errno.h>
#include <string.h>

#include <urcu-qsbr.h>

#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_pause.h>

#include "dp_fwd.h"
#include "dp_lcore.h"
#include "dp_msg.h"
#include "gtpu_fwd.h"

static struct dp_lcore dp_lcores[RTE_MAX_LCORE];

/* A burst notes at most one slot per packet, all before one flush. */
_Static_assert(DP_BURST_MAX <= DP_CKPT_RING_BUF,
	       "a burst of micro-checkpoints must fit the per-lcore buffer");

/* Set by the control side to end every worker loop; read once per loop. */
static uint32_t dp_lcore_stop;

struct dp_lcore *
dp_lcore_get(unsigned int lcore_id)
{
	if (lcore_id >= RTE_MAX_LCORE)
		return NULL;
	return &dp_lcores[lcore_id];
}

void
dp_lcore_stop_set(bool stop)
{
	__atomic_store_n(&dp_lcore_stop, stop ? 1 : 0, __ATOMIC_RELEASE);
}

static inline bool
dp_lcore_stopping(void)
{
	return __atomic_load_n(&dp_lcore_stop, __ATOMIC_ACQUIRE) != 0;
}

/*
 * rte_eth_tx_buffer error callback: the port refused @n packets. Runs in
 * the context of whoever flushed the buffer (the owner worker).
 */
static void
dp_lcore_tx_refused(struct rte_mbuf **pkts, uint16_t n, void *arg)
{
	struct dp_lcore_txctx *ctx = arg;
	struct dp_lcore_stats *st = ctx->lc->stats;

	dp_stats_add(&st->cnt[DP_CNT_TX_DROPPED], n);
	dp_stats_add(&st->port[ctx->port_idx].drop, n);
	rte_pktmbuf_free_bulk(pkts, n);
}

int
dp_lcore_setup(unsigned int lcore_id, unsigned int worker_idx,
	       const struct dp_conf *conf, const uint16_t *port_ids,
	       const bool *started)
{
	struct rte_eth_dev_tx_buffer *txb;
	struct dp_lcore *lc;
	unsigned int i;
	int socket;
	int ret;

	if (lcore_id >= RTE_MAX_LCORE || worker_idx > UINT16_MAX ||
	    conf == NULL || port_ids == NULL || started == NULL ||
	    conf->burst == 0 || conf->burst > DP_BURST_MAX ||
	    conf->n_ports > DP_MAX_PORTS)
		return -EINVAL;
	lc = &dp_lcores[lcore_id];
	if (lc->ready)
		return -EBUSY;

	memset(lc, 0, sizeof(*lc));
	lc->stats = &dp_stats_lcore[lcore_id];
	lc->lcore_id = lcore_id;
	lc->worker_idx = worker_idx;
	lc->queue_id = (uint16_t)worker_idx;
	lc->burst = conf->burst;
	lc->idle_polls = conf->idle_polls;
	lc->idle_sleep_us = conf->idle_sleep_us;
	lc->drain_tsc = (rte_get_tsc_hz() + US_PER_S - 1) / US_PER_S *
			DP_TX_DRAIN_US;
	socket = (int)rte_lcore_to_socket_id(lcore_id);

	for (i = 0; i < conf->n_ports; i++) {
		if (!started[i])
			continue;
		txb = rte_zmalloc_socket("dp_txbuf",
					 RTE_ETH_TX_BUFFER_SIZE(conf->burst),
					 RTE_CACHE_LINE_SIZE, socket);
		if (txb == NULL) {
			ret = -ENOMEM;
			goto out_free_txb;
		}
		lc->txb[i] = txb;
		ret = rte_eth_tx_buffer_init(txb, conf->burst);
		if (ret != 0)
			goto out_free_txb;
		lc->txctx[i].lc = lc;
		lc->txctx[i].port_idx = (uint16_t)i;
		ret = rte_eth_tx_buffer_set_err_callback(
			txb, dp_lcore_tx_refused, &lc->txctx[i]);
		if (ret != 0)
			goto out_free_txb;
		lc->tx_port_id[i] = port_ids[i];
		lc->rxq[lc->n_rxq].port_id = port_ids[i];
		lc->rxq[lc->n_rxq].port_idx = (uint16_t)i;
		lc->n_rxq++;
	}
	lc->ready = true;
	return 0;

out_free_txb:
	for (i = 0; i < DP_MAX_PORTS; i++)
		rte_free(lc->txb[i]);
	memset(lc, 0, sizeof(*lc));
	return ret;
}

void
dp_lcore_tx_flush(struct dp_lcore *lc)
{
	uint16_t sent;
	unsigned int i;

	for (i = 0; i < DP_MAX_PORTS; i++) {
		if (lc->txb[i] == NULL)
			continue;
		sent = rte_eth_tx_buffer_flush(lc->tx_port_id[i], lc->queue_id,
					       lc->txb[i]);
		if (sent != 0) {
			dp_stats_add(&lc->stats->cnt[DP_CNT_TX], sent);
			dp_stats_add(&lc->stats->port[i].tx, sent);
		}
	}
}

void
dp_lcore_teardown(struct dp_lcore *lc)
{
	unsigned int i;

	if (lc == NULL || !lc->ready)
		return;
	/* Packets still buffered would leak their mbufs: send them first. */
	dp_lcore_tx_flush(lc);
	for (i = 0; i < DP_MAX_PORTS; i++)
		rte_free(lc->txb[i]);
	memset(lc, 0, sizeof(*lc));
}

uint16_t
dp_lcore_handle_burst(struct dp_lcore *lc, uint16_t port_idx,
		      struct rte_mbuf **pkts, uint16_t n)
{
	const struct dp_fwd_state *fs;
	uint16_t done;
	uint16_t k;
	uint16_t i;

	/* Read once per burst; valid until the next quiescent state. */
	fs = rcu_dereference(dp_fwd_cur);
	if (fs == NULL || port_idx >= DP_MAX_PORTS || !fs->ports[port_idx].used) {
		for (i = 0; i < n; i++)
			dp_lcore_drop(lc, port_idx, pkts[i], DP_DROP_NO_HANDLER);
		return n;
	}
	lc->mc_refresh_tsc = lc->mc != NULL ? fs->mc_refresh_tsc : DP_CKPT_RING_OFF;
	for (done = 0; done < n; done += k) {
		k = (uint16_t)RTE_MIN(n - done, DP_BURST_MAX);
		if (fs->ports[port_idx].role == DP_ROLE_ACCESS)
			gtpu_decap_burst(lc, fs, port_idx, pkts + done, k);
		else
			gtpu_encap_burst(lc, fs, port_idx, pkts + done, k);
		if (lc->mc != NULL)
			dp_ckpt_ring_flush(lc->mc);
	}
	return n;
}

/* Nothing arrived for a while: give the core away for a moment. */
static void
dp_lcore_back_off(struct dp_lcore *lc)
{
	dp_stats_add(&lc->stats->cnt[DP_CNT_IDLE_SLEEPS], 1);
	if (lc->idle_sleep_us == 0) {
		rte_pause();
		return;
	}
	/* Buffered packets must not wait out the sleep. */
	dp_lcore_tx_flush(lc);
	lc->last_drain_tsc = rte_rdtsc();
	/* Offline: a grace period must not wait for a sleeping worker. */
	rcu_thread_offline();
	rte_delay_us_sleep(lc->idle_sleep_us);
	rcu_thread_online();
}

/* Hand test request @bit to the worker of @lc (after its arguments). */
static void
dp_lcore_test_ask(struct dp_lcore *lc, uint32_t bit)
{
	__atomic_fetch_or(&lc->test_req, bit, __ATOMIC_RELEASE);
}

int
dp_lcore_test_stall(unsigned int worker_idx, uint32_t ms)
{
	unsigned int l;

	if (ms == 0 || ms > 60000)
		return -EINVAL;
	RTE_LCORE_FOREACH_WORKER(l) {
		struct dp_lcore *lc = dp_lcore_get(l);

		if (lc != NULL && lc->ready && lc->worker_idx == worker_idx) {
			__atomic_store_n(&lc->test_stall_ms, ms,
					 __ATOMIC_RELAXED);
			dp_lcore_test_ask(lc, DP_LCORE_TEST_STALL);
			return 0;
		}
	}
	return -ENOENT;
}

int
dp_lcore_test_flush(struct rte_mempool *mp)
{
	unsigned int l;
	int n = 0;

	if (mp == NULL)
		return -EINVAL;
	RTE_LCORE_FOREACH_WORKER(l) {
		struct dp_lcore *lc = dp_lcore_get(l);

		if (lc == NULL || !lc->ready)
			continue;
		__atomic_store_n(&lc->test_pool, mp, __ATOMIC_RELAXED);
		dp_lcore_test_ask(lc, DP_LCORE_TEST_FLUSH);
		n++;
	}
	return n;
}

/* The test hooks' requests: a stall (the loop does nothing for the time
 * asked), a flush of this lcore's mempool cache. */
static void __rte_noinline
dp_lcore_test_run(struct dp_lcore *lc)
{
	struct rte_mempool_cache *cache;
	struct rte_mempool *mp;
	uint32_t req;

	req = __atomic_exchange_n(&lc->test_req, 0, __ATOMIC_ACQUIRE);
	if (req & DP_LCORE_TEST_FLUSH) {
		mp = __atomic_load_n(&lc->test_pool, __ATOMIC_RELAXED);
		cache = rte_mempool_default_cache(mp, rte_lcore_id());
		if (cache != NULL)
			rte_mempool_cache_flush(cache, mp);
	}
	if (req & DP_LCORE_TEST_STALL)
		rte_delay_us_sleep(__atomic_load_n(&lc->test_stall_ms,
						   __ATOMIC_RELAXED) * 1000u);
}

int
dp_lcore_loop(void *arg)
{
	struct rte_mbuf *pkts[DP_BURST_MAX];
	struct dp_lcore *lc = arg;
	struct dp_lcore_stats *st;
	unsigned int n_rx_loop;
	uint64_t now;
	uint16_t n;
	uint16_t q;

	if (lc == NULL || !lc->ready)
		return -EINVAL;
	st = lc->stats;
	rcu_register_thread();
	lc->n_idle = 0;
	lc->last_drain_tsc = rte_rdtsc();

	while (!dp_lcore_stopping()) {
		n_rx_loop = 0;
		for (q = 0; q < lc->n_rxq; q++) {
			n = rte_eth_rx_burst(lc->rxq[q].port_id, lc->queue_id,
					     pkts, lc->burst);
			if (n == 0)
				continue;
			n_rx_loop += n;
			dp_stats_add(&st->cnt[DP_CNT_RX], n);
			dp_stats_add(&st->port[lc->rxq[q].port_idx].rx, n);
			dp_lcore_handle_burst(lc, lc->rxq[q].port_idx, pkts, n);
		}

		/* Control-built packets (ARP replies, echo responses, ...). */
		if (++lc->n_loops_tx >= DP_TX_RING_POLL_LOOPS ||
		    n_rx_loop == 0) {
			lc->n_loops_tx = 0;
			n_rx_loop += dp_msg_tx_poll(lc);
			if (unlikely(__atomic_load_n(&lc->test_req,
						     __ATOMIC_RELAXED) != 0))
				dp_lcore_test_run(lc);
		}

		/*
		 * Flush at the drain deadline, and at once when the round
		 * found nothing: then no burst is coming to fill the buffers
		 * and waiting would only add latency at low load.
		 */
		now = rte_rdtsc();
		if (n_rx_loop == 0 ||
		    now - lc->last_drain_tsc >= lc->drain_tsc) {
			dp_lcore_tx_flush(lc);
			lc->last_drain_tsc = now;
		}
		dp_stats_add(&st->cnt[DP_CNT_LOOPS], 1);
		/* No table pointer is held between iterations. */
		rcu_quiescent_state();

		if (dp_lcore_idle_check(lc, n_rx_loop))
			dp_lcore_back_off(lc);
	}

	/* Replies the control side already queued are sent, not stranded in
	 * the ring; bounded so a busy producer cannot hold the stop. */
	for (q = 0; q < DP_TX_RING_EXIT_POLLS && dp_msg_tx_poll(lc) != 0; q++)
		;
	dp_lcore_tx_flush(lc);
	rcu_thread_offline();
	rcu_unregister_thread();
	return 0;
}
