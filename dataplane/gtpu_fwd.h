/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to the worker forwarding path (gtpu_decap.c, gtpu_encap.c,
 * dp_lcore.c, dp_classify.h): the uplink and downlink burst handlers and
 * small header helpers.
 * Context: worker (inside the QSBR read side), except where noted.
 */
#ifndef GTPU_FWD_H
#define GTPU_FWD_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "dp_fwd.h"
#include "dp_lcore.h"
#include "dp_msg.h"
#include "dp_stats.h"
#include "gtpu_hdr.h"
#include "gtpu_parse.h"
#include "sess_table.h"

/* UDP source ports of encapsulated packets: 49152..65535 by flow. */
#define GTPU_FWD_SPORT_BASE	0xc000
#define GTPU_FWD_SPORT_MASK	0x3fff

/* Every parser refusal has its drop counter, in the same order. */
#define GTPU_DROP(e, n, h) \
	_Static_assert(DP_DROP_GTPU_##e == DP_DROP_GTPU_FIRST + GTPU_ERR_##e - 1, \
		       "dp_drop.def must list gtpu_drop.def contiguously");
#include "gtpu_drop.def"
#undef GTPU_DROP

/* Drop counter of a parser refusal (err != GTPU_OK). */
static inline enum dp_drop_reason
gtpu_fwd_drop_reason(enum gtpu_err err)
{
	return (enum dp_drop_reason)(DP_DROP_GTPU_FIRST + (unsigned int)err - 1);
}

/**
 * Uplink: handle a burst received on access port @port_idx.
 * Context: worker.
 */
void gtpu_decap_burst(struct dp_lcore *lc, const struct dp_fwd_state *fs,
		      uint16_t port_idx, struct rte_mbuf **pkts, uint16_t n);

/**
 * Downlink: handle a burst received on core port @port_idx.
 * Context: worker.
 */
void gtpu_encap_burst(struct dp_lcore *lc, const struct dp_fwd_state *fs,
		      uint16_t port_idx, struct rte_mbuf **pkts, uint16_t n);

/**
 * UDP source port for the flow of the inner IP packet @l3 (@len bytes):
 * 32-bit FNV-1a over source address, destination address, protocol and,
 * for TCP/UDP/SCTP, the four port bytes; folded to 49152..65535.
 * Context: any (pure).
 */
uint16_t gtpu_fwd_sport(const uint8_t *l3, uint16_t len);

/**
 * Decrement the TTL (IPv4, header checksum updated per RFC 1624) or hop
 * limit (IPv6) of the IP packet at @l3.
 * Context: any (pure).
 * @return false when the value is 1 or less (packet must be dropped)
 */
static inline bool
gtpu_fwd_ttl_dec(uint8_t *l3, uint8_t af)
{
	uint32_t sum;
	uint16_t old;
	uint16_t new;

	if (af == 6) {
		if (l3[7] <= 1)
			return false;
		l3[7]--;
		return true;
	}
	if (l3[8] <= 1)
		return false;
	old = (uint16_t)((l3[8] << 8) | l3[9]);
	l3[8]--;
	new = (uint16_t)((l3[8] << 8) | l3[9]);
	/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). */
	sum = (uint16_t)~((l3[10] << 8) | l3[11]);
	sum += (uint16_t)~old;
	sum += new;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (uint16_t)~sum;
	l3[10] = (uint8_t)(sum >> 8);
	l3[11] = (uint8_t)sum;
	return true;
}

/* Copy the MAC held in neighbour word @w to @mac. */
static inline void
gtpu_fwd_nh_mac(uint64_t w, struct rte_ether_addr *mac)
{
	unsigned int i;

	for (i = 0; i < RTE_ETHER_ADDR_LEN; i++)
		mac->addr_bytes[i] = (uint8_t)(w >> (8 * i));
}

/* Output port index held in neighbour word @w. */
static inline uint16_t
gtpu_fwd_nh_port(uint64_t w)
{
	return (uint16_t)((w >> DP_FWD_NH_PORT_SHIFT) & 0xff);
}

/* Current word of neighbour @id (0 = not usable). */
static inline uint64_t
gtpu_fwd_nh_word(uint16_t id)
{
	if (id >= DP_FWD_MAX_NH)
		return 0;
	return __atomic_load_n(&dp_fwd_nh_words[id], __ATOMIC_ACQUIRE);
}

/* Packets of a burst whose data is prefetched ahead of the current one. */
#define GTPU_FWD_PREFETCH	3

/* Start of a burst: prefetch the data of its first packets. */
static inline void
gtpu_fwd_prefetch_first(struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n && i < GTPU_FWD_PREFETCH; i++)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));
}

/* Before handling packet @i: prefetch the one GTPU_FWD_PREFETCH ahead. */
static inline void
gtpu_fwd_prefetch_next(struct rte_mbuf **pkts, uint16_t n, uint16_t i)
{
	if (i + GTPU_FWD_PREFETCH < n)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i + GTPU_FWD_PREFETCH],
					       void *));
}

/*
 * Last step of a forwarded packet: clear its offload flags, count it for
 * its session (@cnt: this worker's counter array, or NULL when there is
 * none; @slot: the session's slot in it) and for the worker, note the slot
 * for a micro-checkpoint when this worker last did so at least
 * lc->mc_refresh_tsc ago (dp_ckpt_ring.h; flushed after the burst), and buffer it
 * for port @out. @uplink is a constant at each call site, so its branches
 * fold away.
 * Context: worker.
 */
static inline void
gtpu_fwd_tx(struct dp_lcore *lc, uint16_t out, struct rte_mbuf *m,
	    struct sess_cnt *cnt, uint32_t slot, bool uplink, uint16_t bytes,
	    uint64_t now)
{
	m->ol_flags = 0;
	if (cnt != NULL) {
		cnt += slot;
		dp_stats_add(uplink ? &cnt->ul_pkts : &cnt->dl_pkts, 1);
		dp_stats_add(uplink ? &cnt->ul_bytes : &cnt->dl_bytes, bytes);
		__atomic_store_n(&cnt->last_tsc, now, __ATOMIC_RELAXED);
		/* Same cache line; never true while mc_refresh_tsc is
		 * DP_CKPT_RING_OFF (then lc->mc may be NULL). */
		if (unlikely(now - cnt->ckpt_tsc >= lc->mc_refresh_tsc)) {
			__atomic_store_n(&cnt->ckpt_tsc, now,
					 __ATOMIC_RELAXED);
			dp_ckpt_ring_note(lc->mc, slot);
		}
	}
	dp_stats_add(&lc->stats->cnt[uplink ? DP_CNT_GPDU_UL :
					      DP_CNT_GPDU_DL], 1);
	dp_lcore_tx(lc, out, m);
}

#endif /* GTPU_FWD_H */
