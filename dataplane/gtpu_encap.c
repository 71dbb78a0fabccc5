/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Downlink burst: IP packets received on a core port whose destination is
 * a session's UE address get outer IPv4/IPv6 + UDP + GTP-U headers (with a
 * PDU Session Container when the session has a QFI) and leave through the
 * access port of the session's neighbour. Context: worker.
 */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#include "gtpu_build.h"
#include "dp_classify.h"
#include "gtpu_fwd.h"
#include "sess_table.h"

#define GTPU_FWD_PREFETCH	3
#define FNV_OFFSET		2166136261u
#define FNV_PRIME		16777619u

static inline uint32_t
gtpu_fnv(uint32_t h, const uint8_t *p, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

uint16_t
gtpu_fwd_sport(const uint8_t *l3, uint16_t len)
{
	uint32_t h = FNV_OFFSET;
	unsigned int l4;
	uint8_t proto;

	if (len >= 20 && (l3[0] >> 4) == 4) {
		proto = l3[9];
		h = gtpu_fnv(h, l3 + 12, 8);
		l4 = (unsigned int)(l3[0] & 0x0f) * 4;
	} else if (len >= 40 && (l3[0] >> 4) == 6) {
		proto = l3[6];
		h = gtpu_fnv(h, l3 + 8, 32);
		l4 = 40;
	} else {
		return GTPU_FWD_SPORT_BASE;
	}
	h = gtpu_fnv(h, &proto, 1);
	/* TCP, UDP, SCTP: the port pair tells flows of one host pair apart. */
	if ((proto == 6 || proto == 17 || proto == 132) && l4 + 4 <= len)
		h = gtpu_fnv(h, l3 + l4, 4);
	h ^= h >> 16;
	return (uint16_t)(GTPU_FWD_SPORT_BASE | (h & GTPU_FWD_SPORT_MASK));
}

/* Write Ethernet + outer headers of session @s before the inner packet. */
static void
gtpu_encap_write(uint8_t *d, uint16_t hdr_len, const struct dp_fwd_state *fs,
		 uint16_t out, uint64_t w, const struct sess *s,
		 const uint8_t *src, uint16_t inner_len, uint16_t sport)
{
	struct rte_ether_hdr *eh = (struct rte_ether_hdr *)d;
	struct gtpu_encap_params ep;
	uint8_t *l3 = d + RTE_ETHER_HDR_LEN;

	ep.teid = s->p.teid_remote;
	ep.udp_sport = sport;
	ep.outer_af = s->p.peer_af;
	ep.tos = 0;
	ep.has_qfi = s->p.has_qfi;
	ep.qfi = s->p.qfi;
	memcpy(ep.src, src, 16);
	memcpy(ep.dst, s->p.peer_addr, 16);
	/* Sizes were checked by the caller: cannot fail. */
	gtpu_encap_build(l3, &ep, inner_len);
	if (ep.outer_af == 6)
		gtpu_encap_udp6_cksum(l3, d + hdr_len, inner_len);
	gtpu_fwd_nh_mac(w, &eh->dst_addr);
	eh->src_addr = fs->ports[out].mac;
	eh->ether_type = rte_cpu_to_be_16(ep.outer_af == 4 ?
					  RTE_ETHER_TYPE_IPV4 :
					  RTE_ETHER_TYPE_IPV6);
}

/*
 * UE IPv6 lookup: the /128 address first; a miss is retried with the
 * interface identifier cleared, the key of /64 prefix sessions.
 */
static void
gtpu_encap_lookup6(const struct sess_table *t, uint8_t (*key6)[16],
		   unsigned int n6, const struct sess **res6)
{
	const struct sess *res[DP_BURST_MAX];
	uint8_t pfx[DP_BURST_MAX][16];
	uint8_t idx[DP_BURST_MAX];
	unsigned int n_miss = 0;
	uint64_t hits;
	unsigned int i;

	hits = sess_table_lookup_ue6_bulk(t, (const uint8_t (*)[16])key6, n6,
					  res6);
	for (i = 0; i < n6; i++) {
		if (hits & (UINT64_C(1) << i))
			continue;
		res6[i] = NULL;
		memcpy(pfx[n_miss], key6[i], 8);
		memset(pfx[n_miss] + 8, 0, 8);
		idx[n_miss++] = (uint8_t)i;
	}
	if (n_miss == 0)
		return;
	hits = sess_table_lookup_ue6_bulk(t, (const uint8_t (*)[16])pfx, n_miss,
					  res);
	for (i = 0; i < n_miss; i++)
		if (hits & (UINT64_C(1) << i))
			res6[idx[i]] = res[i];
}

/*
 * Downlink packet (L3 at @l3) over the MTU once encapsulated: counted as
 * too_big; at most one per millisecond per worker is punted with the
 * next-hop MTU @mtu for the control lcore's ICMP error (fragmentation
 * needed / Packet Too Big), the others are freed.
 */
static void
gtpu_encap_too_big(struct dp_lcore *lc, uint16_t port_idx, struct rte_mbuf *m,
		   uint16_t l3, uint32_t mtu, uint64_t now)
{
	dp_stats_add(&lc->stats->drop[DP_DROP_TOO_BIG], 1);
	dp_stats_add(&lc->stats->port[port_idx].drop, 1);
	if (now < lc->too_big_next_tsc) {
		rte_pktmbuf_free(m);
		return;
	}
	lc->too_big_next_tsc = now + rte_get_tsc_hz() / 1000;
	dp_msg_meta_aux_set(m, mtu);
	dp_msg_punt(lc, port_idx, m, DP_PUNT_TOO_BIG, l3);
}

static void
gtpu_encap_one(struct dp_lcore *lc, const struct dp_fwd_state *fs,
	       uint16_t port_idx, struct rte_mbuf *m, uint16_t l3,
	       const struct gtpu_ip_info *ii, const struct sess *s,
	       struct sess_cnt *cnt, uint64_t now)
{
	const struct dp_fwd_port *op;
	const struct dp_fwd_addr *src;
	uint16_t hdr_len;
	uint16_t sport;
	uint16_t out;
	int8_t src_idx;
	uint64_t w;
	uint8_t *d;

	w = gtpu_fwd_nh_word(s->p.nh_id);
	if (!(w & DP_FWD_NH_VALID)) {
		dp_lcore_drop(lc, port_idx, m, DP_DROP_NH_UNRESOLVED);
		return;
	}
	out = gtpu_fwd_nh_port(w);
	op = &fs->ports[out];
	src_idx = s->p.peer_af == 4 ? op->src4 : op->src6;
	if (src_idx < 0 || (op->addrs[src_idx].srp_activate && !fs->active)) {
		dp_lcore_drop(lc, port_idx, m, DP_DROP_NO_SRC_ADDR);
		return;
	}
	src = &op->addrs[src_idx];
	hdr_len = (uint16_t)(RTE_ETHER_HDR_LEN +
			     gtpu_encap_hdr_len(s->p.peer_af, s->p.has_qfi));
	/* No fragmentation: the sender learns the MTU left for it. */
	if (unlikely(op->mtu != 0 && (uint32_t)hdr_len - RTE_ETHER_HDR_LEN +
				     ii->l3_len > op->mtu)) {
		gtpu_encap_too_big(lc, port_idx, m, l3,
				   op->mtu - (hdr_len - RTE_ETHER_HDR_LEN), now);
		return;
	}
	d = rte_pktmbuf_mtod(m, uint8_t *);
	if (!gtpu_fwd_ttl_dec(d + l3, ii->af)) {
		dp_lcore_drop(lc, port_idx, m, DP_DROP_TTL_EXCEEDED);
		return;
	}
	if (rte_pktmbuf_headroom(m) + l3 < hdr_len ||
	    (uint32_t)hdr_len + ii->l3_len > UINT16_MAX) {
		dp_lcore_drop(lc, port_idx, m, DP_DROP_NO_HEADROOM);
		return;
	}
	sport = gtpu_fwd_sport(d + l3, ii->l3_len);
	/* Ethernet padding after the IP packet is not part of the T-PDU. */
	rte_pktmbuf_trim(m, (uint16_t)(rte_pktmbuf_data_len(m) - l3 -
				       ii->l3_len));
	rte_pktmbuf_adj(m, l3);
	d = (uint8_t *)rte_pktmbuf_prepend(m, hdr_len);
	gtpu_encap_write(d, hdr_len, fs, out, w, s, src->addr, ii->l3_len,
			 sport);
	gtpu_fwd_tx(lc, out, m, cnt, s->slot, false, ii->l3_len, now);
}

/*
 * VOLTE data mode: drop (as switchover_hold) the T-PDUs of sessions not
 * flagged SESS_F_VOLTE and compact the burst arrays over the rest
 * (packets without a session stay and are dropped as no_session).
 * @return packets kept
 */
static unsigned int
gtpu_encap_volte_filter(struct dp_lcore *lc, uint16_t port_idx,
			struct rte_mbuf **tp, struct gtpu_ip_info *ii,
			uint16_t *l3s, uint8_t *key_of, unsigned int n_tp,
			const struct sess **res4, const struct sess **res6)
{
	unsigned int i;
	unsigned int k = 0;

	for (i = 0; i < n_tp; i++) {
		const struct sess *s = ii[i].af == 4 ? res4[key_of[i]] :
						       res6[key_of[i]];

		if (s != NULL && !(s->p.flags & SESS_F_VOLTE)) {
			dp_lcore_drop(lc, port_idx, tp[i],
				      DP_DROP_SWITCHOVER_HOLD);
			continue;
		}
		if (k != i) {
			tp[k] = tp[i];
			ii[k] = ii[i];
			l3s[k] = l3s[i];
			key_of[k] = key_of[i];
		}
		k++;
	}
	return k;
}

void
gtpu_encap_burst(struct dp_lcore *lc, const struct dp_fwd_state *fs,
		 uint16_t port_idx, struct rte_mbuf **pkts, uint16_t n)
{
	struct gtpu_ip_info ii[DP_BURST_MAX];
	struct rte_mbuf *tp[DP_BURST_MAX];
	const struct sess *res4[DP_BURST_MAX];
	const struct sess *res6[DP_BURST_MAX];
	uint8_t key6[DP_BURST_MAX][16];
	uint32_t key4[DP_BURST_MAX];
	uint16_t l3s[DP_BURST_MAX];
	uint8_t key_of[DP_BURST_MAX];
	struct sess_cnt *cnt = NULL;
	const struct sess *s;
	unsigned int n_tp = 0;
	unsigned int n4 = 0;
	unsigned int n6 = 0;
	struct rte_mbuf *m;
	enum gtpu_err err;
	uint32_t a4;
	uint64_t now;
	uint16_t l3;
	uint16_t i;
	uint8_t af;

	gtpu_fwd_prefetch_first(pkts, n);
	for (i = 0; i < n; i++) {
		m = pkts[i];
		gtpu_fwd_prefetch_next(pkts, n, i);
		if (dp_classify(lc, fs, port_idx, m, &l3, &af) !=
		    DP_CLASS_TRANSIT) {
			/* Punted or dropped (GTP-U is never "to us" here). */
			continue;
		}
		err = gtpu_ip_parse(rte_pktmbuf_mtod(m, const uint8_t *),
				    rte_pktmbuf_data_len(m), l3, &ii[n_tp]);
		if (err != GTPU_OK) {
			dp_lcore_drop(lc, port_idx, m, gtpu_fwd_drop_reason(err));
			continue;
		}
		/* Back-to-back packets to one UE share a key. */
		if (ii[n_tp].af == 4) {
			memcpy(&a4, ii[n_tp].dst, 4);
			if (n4 == 0 || key4[n4 - 1] != a4)
				key4[n4++] = a4;
			key_of[n_tp] = (uint8_t)(n4 - 1);
		} else {
			if (n6 == 0 || memcmp(key6[n6 - 1], ii[n_tp].dst, 16))
				memcpy(key6[n6++], ii[n_tp].dst, 16);
			key_of[n_tp] = (uint8_t)(n6 - 1);
		}
		l3s[n_tp] = l3;
		tp[n_tp++] = m;
	}
	if (n_tp == 0)
		return;
	/* A standby forwards no subscriber data (one check per burst). */
	if (unlikely(fs->data_mode == DP_DATA_NONE)) {
		/* An active chassis holding data in its post-switchover
		 * phases is not a standby: count it as a hold. */
		enum dp_drop_reason why = fs->active ? DP_DROP_SWITCHOVER_HOLD :
						DP_DROP_STANDBY;

		for (i = 0; i < n_tp; i++)
			dp_lcore_drop(lc, port_idx, tp[i], why);
		return;
	}

	memset(res4, 0, sizeof(res4[0]) * n4);
	memset(res6, 0, sizeof(res6[0]) * n6);
	if (lc->sess != NULL) {
		if (n4 != 0)
			sess_table_lookup_ue4_bulk(lc->sess, key4, n4, res4);
		if (n6 != 0)
			gtpu_encap_lookup6(lc->sess, key6, n6, res6);
		cnt = sess_table_cnt(lc->sess, lc->worker_idx);
	}
	/* Post-switchover hold: the per-packet VoLTE test runs only then. */
	if (unlikely(fs->data_mode == DP_DATA_VOLTE))
		n_tp = gtpu_encap_volte_filter(lc, port_idx, tp, ii, l3s,
					       key_of, n_tp, res4, res6);
	now = rte_rdtsc();
	for (i = 0; i < n_tp; i++) {
		s = ii[i].af == 4 ? res4[key_of[i]] : res6[key_of[i]];
		if (s == NULL) {
			dp_lcore_drop(lc, port_idx, tp[i], DP_DROP_NO_SESSION);
			continue;
		}
		/* PFCP FAR DROP/BUFF, or no tunnel yet: before anything
		 * reads the tunnel or neighbour of the session. */
		if (unlikely(s->p.flags & SESS_F_DL_DROP)) {
			dp_lcore_drop(lc, port_idx, tp[i],
				      DP_DROP_DL_RULE_DROP);
			continue;
		}
		gtpu_encap_one(lc, fs, port_idx, tp[i], l3s[i], &ii[i], s, cnt,
			       now);
	}
}
