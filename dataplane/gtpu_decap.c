/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The uplink burst: GTP-U to a local address (classified by
 * dp_classify.h) is parsed, G-PDUs of known TEIDs are decapsulated and
 * routed to the core side, the other message types are counted, consumed
 * or punted. Context: worker.
 */
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#include "dp_classify.h"
#include "gtpu_fwd.h"
#include "sess_table.h"

/*
 * Route the inner packet of a G-PDU (or any routed packet) to @dst:
 * the neighbour word to use, or 0 after dropping/punting @m.
 */
static uint64_t
gtpu_fwd_route(struct dp_lcore *lc, const struct dp_fwd_state *fs,
	       uint16_t port_idx, struct rte_mbuf *m, uint8_t af,
	       const uint8_t *dst, uint16_t l3_off)
{
	uint32_t value;
	uint16_t id;
	uint64_t w;
	int ret;

	if (af == 4)
		ret = dp_fwd_lpm_lookup(&fs->lpm4, dst, 4, &value);
	else
		ret = dp_fwd_lpm_lookup(&fs->lpm6, dst, 16, &value);
	if (ret != 0) {
		dp_lcore_drop(lc, port_idx, m, DP_DROP_NO_ROUTE);
		return 0;
	}
	if (value & DP_FWD_LPM_CONNECTED) {
		/* Before the neighbour lookup: a destination on an access
		 * subnet gets no neighbour entry either. */
		if (fs->ports[value & ~DP_FWD_LPM_CONNECTED & 0xff].role ==
		    DP_ROLE_ACCESS) {
			dp_lcore_drop(lc, port_idx, m, DP_DROP_UL_TO_ACCESS);
			return 0;
		}
		if (dp_fwd_nh_lookup(af, dst, &id) != 0) {
			/* Control creates the entry and resolves it. */
			dp_msg_punt(lc, port_idx, m, DP_PUNT_NH_MISS, l3_off);
			return 0;
		}
		/* Keeps an on-demand entry from ageing out. */
		dp_fwd_nh_touch(id);
	} else {
		id = (uint16_t)value;
	}
	w = gtpu_fwd_nh_word(id);
	if (!(w & DP_FWD_NH_VALID)) {
		dp_lcore_drop(lc, port_idx, m, DP_DROP_NH_UNRESOLVED);
		return 0;
	}
	/* A decapsulated packet never goes back to the access network:
	 * no GTP-in-GTP to other eNodeBs, no UE reaching access hosts. */
	if (fs->ports[gtpu_fwd_nh_port(w)].role == DP_ROLE_ACCESS) {
		dp_lcore_drop(lc, port_idx, m, DP_DROP_UL_TO_ACCESS);
		return 0;
	}
	return w;
}

/*
 * Uplink source checks against the looked-up session: the outer source
 * must be the session's peer (eNodeB/gNodeB) when it has one, the inner
 * source its UE
 * IPv4 address, /128 IPv6 address or /64 prefix (a session keyed with
 * interface identifier 0 holds a prefix, see gtpu_encap_lookup6()).
 * @return DP_DROP_MAX when both match, else the drop reason
 */
static inline enum dp_drop_reason
gtpu_decap_src_check(const struct gtpu_info *gi, const uint8_t *inner,
		     const struct sess *s)
{
	static const uint8_t zero_iid[8];
	const struct sess_params *p = &s->p;

	/* A session without a downlink tunnel (dl-drop, gNodeB not known
	 * yet) has no peer address to hold the source to. */
	if ((gi->outer_af != p->peer_af ||
	     memcmp(gi->src, p->peer_addr, gi->outer_af == 4 ? 4 : 16) != 0) &&
	    sess_params_has_tunnel(p))
		return DP_DROP_UL_PEER_SRC;
	if (gi->inner_af == 4) {
		if (!p->has_ue4 || memcmp(inner + 12, p->ue4, 4) != 0)
			return DP_DROP_UL_UE_SRC;
		return DP_DROP_MAX;
	}
	if (!p->has_ue6 || memcmp(inner + 8, p->ue6, 8) != 0)
		return DP_DROP_UL_UE_SRC;
	if (memcmp(p->ue6 + 8, zero_iid, 8) != 0 &&
	    memcmp(inner + 16, p->ue6 + 8, 8) != 0)
		return DP_DROP_UL_UE_SRC;
	return DP_DROP_MAX;
}

/* Decapsulate one G-PDU of session @s and send its inner packet. */
static void
gtpu_decap_one(struct dp_lcore *lc, const struct dp_fwd_state *fs,
	       uint16_t port_idx, struct rte_mbuf *m,
	       const struct gtpu_info *gi, const struct sess *s,
	       struct sess_cnt *cnt, uint64_t now)
{
	uint8_t *d = rte_pktmbuf_mtod(m, uint8_t *);
	uint8_t *inner = d + gi->payload_off;
	struct rte_ether_hdr *eh;
	enum dp_drop_reason why;
	uint8_t af = gi->inner_af;
	uint16_t out;
	uint64_t w;

	/* The parser checked the inner header and its length (inner_len). */
	if (fs->src_check) {
		why = gtpu_decap_src_check(gi, inner, s);
		if (unlikely(why != DP_DROP_MAX)) {
			dp_lcore_drop(lc, port_idx, m, why);
			return;
		}
	}
	if (!gtpu_fwd_ttl_dec(inner, af)) {
		dp_lcore_drop(lc, port_idx, m, DP_DROP_TTL_EXCEEDED);
		return;
	}
	w = gtpu_fwd_route(lc, fs, port_idx, m, af,
			   inner + (af == 4 ? 16 : 24), gi->payload_off);
	if (w == 0)
		return;
	out = gtpu_fwd_nh_port(w);
	/* Keep exactly an Ethernet header's room before the inner packet. */
	rte_pktmbuf_adj(m, (uint16_t)(gi->payload_off - RTE_ETHER_HDR_LEN));
	rte_pktmbuf_trim(m, (uint16_t)(rte_pktmbuf_data_len(m) -
				       RTE_ETHER_HDR_LEN - gi->inner_len));
	eh = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	gtpu_fwd_nh_mac(w, &eh->dst_addr);
	eh->src_addr = fs->ports[out].mac;
	eh->ether_type = rte_cpu_to_be_16(af == 4 ? RTE_ETHER_TYPE_IPV4 :
						    RTE_ETHER_TYPE_IPV6);
	gtpu_fwd_tx(lc, out, m, cnt, s->slot, true, gi->inner_len, now);
}

/*
 * VOLTE data mode: drop (as switchover_hold) the G-PDUs of sessions not
 * flagged SESS_F_VOLTE and compact the burst arrays over the rest. Unknown
 * TEIDs stay (they are punted as usual). @return packets kept
 */
static unsigned int
gtpu_decap_volte_filter(struct dp_lcore *lc, uint16_t port_idx,
			struct rte_mbuf **gp, struct gtpu_info *gi,
			uint8_t *key_of, unsigned int n_gp,
			const struct sess **res)
{
	unsigned int i;
	unsigned int k = 0;

	for (i = 0; i < n_gp; i++) {
		const struct sess *s = res[key_of[i]];

		if (s != NULL && !(s->p.flags & SESS_F_VOLTE)) {
			dp_lcore_drop(lc, port_idx, gp[i],
				      DP_DROP_SWITCHOVER_HOLD);
			continue;
		}
		if (k != i) {
			gp[k] = gp[i];
			gi[k] = gi[i];
			key_of[k] = key_of[i];
		}
		k++;
	}
	return k;
}

void
gtpu_decap_burst(struct dp_lcore *lc, const struct dp_fwd_state *fs,
		 uint16_t port_idx, struct rte_mbuf **pkts, uint16_t n)
{
	struct gtpu_info gi[DP_BURST_MAX];
	struct rte_mbuf *gp[DP_BURST_MAX];
	const struct sess *res[DP_BURST_MAX];
	uint32_t keys[DP_BURST_MAX];
	uint8_t key_of[DP_BURST_MAX];
	struct sess_cnt *cnt = NULL;
	struct rte_mbuf *m;
	unsigned int n_gp = 0;
	unsigned int n_keys = 0;
	enum gtpu_err err;
	uint64_t now;
	uint16_t l3;
	uint16_t i;
	uint8_t af;

	gtpu_fwd_prefetch_first(pkts, n);
	for (i = 0; i < n; i++) {
		m = pkts[i];
		gtpu_fwd_prefetch_next(pkts, n, i);
		switch (dp_classify(lc, fs, port_idx, m, &l3, &af)) {
		case DP_CLASS_DONE:
			continue;
		case DP_CLASS_TRANSIT:
			dp_lcore_drop(lc, port_idx, m, DP_DROP_NOT_FOR_US);
			continue;
		case DP_CLASS_GTPU:
			break;
		}
		err = gtpu_outer_parse(rte_pktmbuf_mtod(m, const uint8_t *),
				       rte_pktmbuf_data_len(m), l3, &gi[n_gp]);
		if (err != GTPU_OK) {
			dp_lcore_drop(lc, port_idx, m, gtpu_fwd_drop_reason(err));
			continue;
		}
		switch (gi[n_gp].msg_type) {
		case GTPU_MSG_GPDU:
			/* The parser already refused non-IP or malformed
			 * inner packets. Back-to-back packets of one tunnel
			 * share a key. */
			if (n_keys == 0 || keys[n_keys - 1] != gi[n_gp].teid)
				keys[n_keys++] = gi[n_gp].teid;
			key_of[n_gp] = (uint8_t)(n_keys - 1);
			gp[n_gp++] = m;
			break;
		case GTPU_MSG_ECHO_REQ:
			dp_stats_add(&lc->stats->cnt[DP_CNT_ECHO_REQ], 1);
			dp_msg_punt(lc, port_idx, m, DP_PUNT_GTPU_ECHO_REQ, l3);
			break;
		case GTPU_MSG_ERR_IND:
			dp_stats_add(&lc->stats->cnt[DP_CNT_ERR_IND], 1);
			dp_msg_punt(lc, port_idx, m, DP_PUNT_GTPU_ERR_IND, l3);
			break;
		case GTPU_MSG_ECHO_RESP:
			dp_stats_add(&lc->stats->cnt[DP_CNT_ECHO_RESP], 1);
			rte_pktmbuf_free(m);
			break;
		case GTPU_MSG_END_MARKER:
			dp_stats_add(&lc->stats->cnt[DP_CNT_END_MARKER], 1);
			rte_pktmbuf_free(m);
			break;
		case GTPU_MSG_SUPP_EXT_NOTIF:
			dp_stats_add(&lc->stats->cnt[DP_CNT_SUPP_EXT], 1);
			rte_pktmbuf_free(m);
			break;
		default:
			dp_lcore_drop(lc, port_idx, m, DP_DROP_MSG_UNSUPPORTED);
			break;
		}
	}
	if (n_gp == 0)
		return;
	/*
	 * A standby forwards no subscriber data and answers no unknown TEID
	 * with an Error Indication: the active holds those sessions. One
	 * check per burst (the state is read once per burst).
	 */
	if (unlikely(fs->data_mode == DP_DATA_NONE)) {
		/* An active chassis holding data in its post-switchover
		 * phases is not a standby: count it as a hold. */
		enum dp_drop_reason why = fs->active ? DP_DROP_SWITCHOVER_HOLD :
						DP_DROP_STANDBY;

		for (i = 0; i < n_gp; i++)
			dp_lcore_drop(lc, port_idx, gp[i], why);
		return;
	}

	memset(res, 0, sizeof(res[0]) * n_keys);
	if (lc->sess != NULL) {
		sess_table_lookup_teid_bulk(lc->sess, keys, n_keys, res);
		cnt = sess_table_cnt(lc->sess, lc->worker_idx);
	}
	/* Post-switchover hold: the per-packet VoLTE test runs only then. */
	if (unlikely(fs->data_mode == DP_DATA_VOLTE))
		n_gp = gtpu_decap_volte_filter(lc, port_idx, gp, gi, key_of,
					       n_gp, res);
	now = rte_rdtsc();
	for (i = 0; i < n_gp; i++) {
		const struct sess *s = res[key_of[i]];

		if (s == NULL) {
			dp_stats_add(&lc->stats->cnt[DP_CNT_GPDU_NO_SESS], 1);
			dp_msg_punt(lc, port_idx, gp[i], DP_PUNT_GTPU_NO_SESS,
				    gi[i].l3_off);
			continue;
		}
		/* PFCP FAR DROP/BUFF: flags share the line of s->slot. */
		if (unlikely(s->p.flags & SESS_F_UL_DROP)) {
			dp_lcore_drop(lc, port_idx, gp[i],
				      DP_DROP_UL_RULE_DROP);
			continue;
		}
		gtpu_decap_one(lc, fs, port_idx, gp[i], &gi[i], s, cnt, now);
	}
}
