/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Rings between the workers and the control lcore: per worker two punt
 * rings (worker -> control: one for ARP and ND, drained first, so that a
 * flood of echo requests or unknown TEIDs cannot starve address
 * resolution; one for the other slow-path packets) and one tx ring
 * (control -> worker: packets the control side built and the worker sends
 * on a given port). All are single-producer single-consumer.
 * Context: worker for the inline enqueue/poll helpers, control otherwise.
 */
#ifndef DP_MSG_H
#define DP_MSG_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_ring.h>

#include "dp_lcore.h"
#include "dp_stats.h"

/* Ring sizes (entries; a power of two). */
#define DP_MSG_PUNT_RING_SIZE	1024
#define DP_MSG_TX_RING_SIZE	1024
/* Packets a worker takes off its tx ring per poll. */
#define DP_MSG_TX_POLL_BURST	32

/* Why a worker punted a packet (carried in the mbuf metadata). */
#define DP_PUNT_LIST(DP_PUNT) \
	DP_PUNT(ARP, arp, "ARP request or reply") \
	DP_PUNT(ND, nd, "IPv6 neighbour solicitation or advertisement") \
	DP_PUNT(ICMP_ECHO, icmp_echo, "ICMP echo request to a local address") \
	DP_PUNT(ICMP6_ECHO, icmp6_echo, \
		"ICMPv6 echo request to a local address") \
	DP_PUNT(GTPU_ECHO_REQ, gtpu_echo_req, "GTP-U Echo Request") \
	DP_PUNT(GTPU_ERR_IND, gtpu_err_ind, "GTP-U Error Indication") \
	DP_PUNT(GTPU_NO_SESS, gtpu_no_session, "G-PDU with an unknown TEID") \
	DP_PUNT(NH_MISS, nh_miss, \
		"packet to an on-link address without a neighbour entry") \
	DP_PUNT(TOO_BIG, too_big, \
		"downlink packet over the access MTU once encapsulated")

enum dp_punt_reason {
#define DP_PUNT_ENUM(e, n, h) DP_PUNT_##e,
	DP_PUNT_LIST(DP_PUNT_ENUM)
#undef DP_PUNT_ENUM
	DP_PUNT_MAX
};

/*
 * Metadata of a punted packet or of a packet on a tx ring, kept in the
 * mbuf's hash.usr word (free for applications once rx is done): bits 0-7
 * port index, 8-15 punt reason, 16-31 offset of the L3 header in the data.
 * Setters and getters below. Context: any.
 */
static inline void
dp_msg_meta_set(struct rte_mbuf *m, uint16_t port_idx, uint8_t reason,
		uint16_t l3_off)
{
	m->hash.usr = (uint32_t)(port_idx & 0xff) | ((uint32_t)reason << 8) |
		      ((uint32_t)l3_off << 16);
}

static inline uint16_t
dp_msg_meta_port(const struct rte_mbuf *m)
{
	return (uint16_t)(m->hash.usr & 0xff);
}

static inline uint8_t
dp_msg_meta_reason(const struct rte_mbuf *m)
{
	return (uint8_t)((m->hash.usr >> 8) & 0xff);
}

static inline uint16_t
dp_msg_meta_l3_off(const struct rte_mbuf *m)
{
	return (uint16_t)(m->hash.usr >> 16);
}

/*
 * Extra value of a punt reason (DP_PUNT_TOO_BIG: the next-hop MTU to
 * report), in the mbuf's hash.fdir.hi word, which hash.usr leaves free.
 */
static inline void
dp_msg_meta_aux_set(struct rte_mbuf *m, uint32_t aux)
{
	m->hash.fdir.hi = aux;
}

static inline uint32_t
dp_msg_meta_aux(const struct rte_mbuf *m)
{
	return m->hash.fdir.hi;
}

/**
 * Create the punt and tx rings of @n_workers workers on NUMA @socket and
 * attach them to the lcores already set up (dp_lcore_get()->worker_idx).
 * Zero workers create nothing.
 * Context: control, before the workers are launched.
 * @return 0, -EALREADY if already created, -ENOMEM (nothing stays created)
 */
int dp_msg_init(unsigned int n_workers, int socket);

/**
 * Free both rings of every worker and every packet still in them.
 * Idempotent.
 * Context: control, with the workers stopped.
 */
void dp_msg_free(void);

/** Number of workers that have rings. Context: any. */
unsigned int dp_msg_n_workers(void);

/* ARP and ND travel on their own punt ring (Context: any). */
static inline bool
dp_msg_punt_is_nd(enum dp_punt_reason reason)
{
	return reason == DP_PUNT_ARP || reason == DP_PUNT_ND;
}

/**
 * Punt @m (received on port index @port_idx, L3 header at @l3_off) to the
 * control lcore for @reason, on the ARP/ND ring or the other one. A full
 * ring drops the packet (DP_DROP_PUNT_RING_FULL); a worker without rings
 * drops it too.
 * Context: worker (owner of @lc).
 */
static inline void
dp_msg_punt(struct dp_lcore *lc, uint16_t port_idx, struct rte_mbuf *m,
	    enum dp_punt_reason reason, uint16_t l3_off)
{
	struct rte_ring *r = dp_msg_punt_is_nd(reason) ? lc->punt_nd_ring :
							 lc->punt_ring;

	if (r == NULL) {
		dp_lcore_drop(lc, port_idx, m, DP_DROP_PUNT_RING_FULL);
		return;
	}
	dp_msg_meta_set(m, port_idx, (uint8_t)reason, l3_off);
	if (rte_ring_sp_enqueue(r, m) != 0) {
		dp_lcore_drop(lc, port_idx, m, DP_DROP_PUNT_RING_FULL);
		return;
	}
	dp_stats_add(&lc->stats->cnt[DP_CNT_PUNTED], 1);
}

/**
 * Send on their ports the packets the control side queued for this worker
 * (at most DP_MSG_TX_POLL_BURST per call).
 * Context: worker (owner of @lc).
 * @return number of packets taken off the ring
 */
static inline unsigned int
dp_msg_tx_poll(struct dp_lcore *lc)
{
	struct rte_mbuf *pkts[DP_MSG_TX_POLL_BURST];
	unsigned int n;
	unsigned int i;

	if (lc->tx_ring == NULL)
		return 0;
	n = rte_ring_sc_dequeue_burst(lc->tx_ring, (void **)pkts,
				      DP_MSG_TX_POLL_BURST, NULL);
	for (i = 0; i < n; i++) {
		dp_stats_add(&lc->stats->cnt[DP_CNT_CTL_TX], 1);
		dp_lcore_tx(lc, dp_msg_meta_port(pkts[i]), pkts[i]);
	}
	return n;
}

/**
 * Take up to @n punted packets off the ARP/ND punt ring (@nd true) or the
 * other punt ring of worker @worker_idx.
 * Context: control.
 * @return number of packets stored in @pkts (0 for a bad index)
 */
unsigned int dp_msg_punt_recv(unsigned int worker_idx, bool nd,
			      struct rte_mbuf **pkts, unsigned int n);

/**
 * Queue @m for worker @worker_idx to send on port index @port_idx. On
 * failure @m is freed and the refusal counted (dp_msg_tx_dropped()).
 * Context: control.
 * @return 0, -ENOENT for a worker without rings, -EINVAL for a bad port
 *   index, -ENOBUFS when the ring is full
 */
int dp_msg_tx_send(unsigned int worker_idx, uint16_t port_idx,
		   struct rte_mbuf *m);

/**
 * Packets dp_msg_tx_send() refused (ring full, no worker) since start.
 * Context: control.
 */
uint64_t dp_msg_tx_dropped(void);

/**
 * Packets now waiting in the two punt rings (@punt true) or the tx ring
 * of worker @worker_idx.
 * Context: any.
 * @return the count, 0 for a bad index
 */
unsigned int dp_msg_ring_count(unsigned int worker_idx, bool punt);

/**
 * Name and help text of punt reason @r, for show commands.
 * Context: any.
 * @return the string, or NULL if @r >= DP_PUNT_MAX
 */
const char *dp_punt_name(unsigned int r);
const char *dp_punt_help(unsigned int r);

#endif /* DP_MSG_H */
