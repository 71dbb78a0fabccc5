/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Creation and control-side use of the per-worker punt (worker -> control)
 * and tx (control -> worker) SPSC rings. Context: control.
 */
#include <errno.h>
#include <stdio.h>

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "dp_lcore.h"
#include "dp_msg.h"
#include "dp_port.h"

struct dp_msg_worker {
	struct rte_ring		*punt;
	struct rte_ring		*punt_nd;	/* ARP and ND */
	struct rte_ring		*tx;
};

static struct dp_msg_worker dp_msg_w[RTE_MAX_LCORE];
static unsigned int dp_msg_n;
static uint64_t dp_msg_tx_drops;

static const char *const dp_punt_names[DP_PUNT_MAX] = {
#define DP_PUNT_NAME(e, n, h) [DP_PUNT_##e] = #n,
	DP_PUNT_LIST(DP_PUNT_NAME)
#undef DP_PUNT_NAME
};

static const char *const dp_punt_helps[DP_PUNT_MAX] = {
#define DP_PUNT_HELP(e, n, h) [DP_PUNT_##e] = h,
	DP_PUNT_LIST(DP_PUNT_HELP)
#undef DP_PUNT_HELP
};

const char *
dp_punt_name(unsigned int r)
{
	return r < DP_PUNT_MAX ? dp_punt_names[r] : NULL;
}

const char *
dp_punt_help(unsigned int r)
{
	return r < DP_PUNT_MAX ? dp_punt_helps[r] : NULL;
}

static void
dp_msg_ring_empty(struct rte_ring *r)
{
	void *obj;

	while (rte_ring_dequeue(r, &obj) == 0)
		rte_pktmbuf_free(obj);
}

void
dp_msg_free(void)
{
	unsigned int lcore_id;
	struct dp_lcore *lc;
	unsigned int i;

	RTE_LCORE_FOREACH_WORKER(lcore_id) {
		lc = dp_lcore_get(lcore_id);
		lc->punt_ring = NULL;
		lc->punt_nd_ring = NULL;
		lc->tx_ring = NULL;
	}
	for (i = 0; i < dp_msg_n; i++) {
		if (dp_msg_w[i].punt != NULL) {
			dp_msg_ring_empty(dp_msg_w[i].punt);
			rte_ring_free(dp_msg_w[i].punt);
		}
		if (dp_msg_w[i].punt_nd != NULL) {
			dp_msg_ring_empty(dp_msg_w[i].punt_nd);
			rte_ring_free(dp_msg_w[i].punt_nd);
		}
		if (dp_msg_w[i].tx != NULL) {
			dp_msg_ring_empty(dp_msg_w[i].tx);
			rte_ring_free(dp_msg_w[i].tx);
		}
		dp_msg_w[i].punt = NULL;
		dp_msg_w[i].punt_nd = NULL;
		dp_msg_w[i].tx = NULL;
	}
	dp_msg_n = 0;
}

int
dp_msg_init(unsigned int n_workers, int socket)
{
	unsigned int lcore_id;
	struct dp_lcore *lc;
	char name[RTE_RING_NAMESIZE];
	unsigned int i;

	if (dp_msg_n != 0)
		return -EALREADY;
	if (n_workers > RTE_MAX_LCORE)
		return -EINVAL;
	for (i = 0; i < n_workers; i++) {
		dp_msg_n = i + 1;
		snprintf(name, sizeof(name), "dp_punt_%u", i);
		dp_msg_w[i].punt = rte_ring_create(name, DP_MSG_PUNT_RING_SIZE,
						   socket,
						   RING_F_SP_ENQ | RING_F_SC_DEQ);
		snprintf(name, sizeof(name), "dp_puntnd_%u", i);
		dp_msg_w[i].punt_nd = rte_ring_create(name,
						      DP_MSG_PUNT_RING_SIZE,
						      socket,
						      RING_F_SP_ENQ |
						      RING_F_SC_DEQ);
		snprintf(name, sizeof(name), "dp_txr_%u", i);
		dp_msg_w[i].tx = rte_ring_create(name, DP_MSG_TX_RING_SIZE,
						 socket,
						 RING_F_SP_ENQ | RING_F_SC_DEQ);
		if (dp_msg_w[i].punt == NULL || dp_msg_w[i].punt_nd == NULL ||
		    dp_msg_w[i].tx == NULL) {
			DP_LOG(ERR, "rte_ring_create(worker %u rings): %s\n", i,
			       rte_strerror(rte_errno));
			dp_msg_free();
			return -ENOMEM;
		}
	}
	RTE_LCORE_FOREACH_WORKER(lcore_id) {
		lc = dp_lcore_get(lcore_id);
		if (!lc->ready || lc->worker_idx >= dp_msg_n)
			continue;
		lc->punt_ring = dp_msg_w[lc->worker_idx].punt;
		lc->punt_nd_ring = dp_msg_w[lc->worker_idx].punt_nd;
		lc->tx_ring = dp_msg_w[lc->worker_idx].tx;
	}
	return 0;
}

unsigned int
dp_msg_n_workers(void)
{
	return dp_msg_n;
}

unsigned int
dp_msg_punt_recv(unsigned int worker_idx, bool nd, struct rte_mbuf **pkts,
		 unsigned int n)
{
	if (worker_idx >= dp_msg_n || pkts == NULL)
		return 0;
	return rte_ring_sc_dequeue_burst(nd ? dp_msg_w[worker_idx].punt_nd :
					      dp_msg_w[worker_idx].punt,
					 (void **)pkts, n, NULL);
}

int
dp_msg_tx_send(unsigned int worker_idx, uint16_t port_idx, struct rte_mbuf *m)
{
	int ret;

	if (m == NULL)
		return -EINVAL;
	if (worker_idx >= dp_msg_n) {
		ret = -ENOENT;
		goto out_drop;
	}
	if (port_idx >= DP_MAX_PORTS) {
		ret = -EINVAL;
		goto out_drop;
	}
	dp_msg_meta_set(m, port_idx, 0, 0);
	if (rte_ring_sp_enqueue(dp_msg_w[worker_idx].tx, m) != 0) {
		ret = -ENOBUFS;
		goto out_drop;
	}
	return 0;

out_drop:
	__atomic_fetch_add(&dp_msg_tx_drops, 1, __ATOMIC_RELAXED);
	rte_pktmbuf_free(m);
	return ret;
}

uint64_t
dp_msg_tx_dropped(void)
{
	return __atomic_load_n(&dp_msg_tx_drops, __ATOMIC_RELAXED);
}

unsigned int
dp_msg_ring_count(unsigned int worker_idx, bool punt)
{
	if (worker_idx >= dp_msg_n)
		return 0;
	if (punt)
		return rte_ring_count(dp_msg_w[worker_idx].punt) +
		       rte_ring_count(dp_msg_w[worker_idx].punt_nd);
	return rte_ring_count(dp_msg_w[worker_idx].tx);
}
