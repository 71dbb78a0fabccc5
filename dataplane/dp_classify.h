/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Receive classification shared by both port roles (access and core/SGi):
 * what is GTP-U to a local address, what is transit IP, what is punted to
 * the control lcore (ARP, ND, ICMP/ICMPv6 echo to us) and what is dropped.
 * Static inline: it runs once per received packet, from gtpu_decap.c and
 * gtpu_encap.c. Context: worker (inside the QSBR read side).
 */
#ifndef DP_CLASSIFY_H
#define DP_CLASSIFY_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#include "dp_fwd.h"
#include "dp_lcore.h"
#include "dp_msg.h"
#include "gtpu_fwd.h"

/* Outcome of the classification of one received frame. */
enum dp_class {
	DP_CLASS_DONE = 0,	/* punted or dropped: nothing left to do */
	DP_CLASS_GTPU,		/* UDP 2152 to a local address (access) */
	DP_CLASS_TRANSIT,	/* IP packet not addressed to us */
};

#define DP_CLASSIFY_IPPROTO_ICMP_NUM		1
#define DP_CLASSIFY_IPPROTO_UDP_NUM		17
#define DP_CLASSIFY_IPPROTO_ICMPV6_NUM		58
#define DP_CLASSIFY_ICMP_ECHO_REQ_TYPE		8
#define DP_CLASSIFY_ICMP6_ECHO_REQ_TYPE		128
#define DP_CLASSIFY_ICMP6_NS_TYPE		135
#define DP_CLASSIFY_ICMP6_NA_TYPE		136
#define DP_CLASSIFY_ARP_MIN_LEN			28	/* Ethernet/IPv4 ARP body */

static inline uint16_t
dp_classify_rd16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

/* UDP destination port 2152 at L4 offset @l4 within @len bytes? */
static inline bool
dp_classify_is_gtpu_port(const uint8_t *d, uint32_t len, uint32_t l4)
{
	return l4 + 8 <= len && dp_classify_rd16(d + l4 + 2) == GTPU_UDP_PORT;
}

static inline enum dp_class
dp_classify_ip4(struct dp_lcore *lc, const struct dp_fwd_state *fs,
		uint16_t port_idx, struct rte_mbuf *m, const uint8_t *d,
		uint32_t len, uint16_t l3)
{
	const uint8_t *ip = d + l3;
	uint32_t ihl;

	if (len < (uint32_t)l3 + 20) {
		dp_lcore_drop(lc, port_idx, m,
			      gtpu_fwd_drop_reason(GTPU_ERR_TRUNC_IP));
		return DP_CLASS_DONE;
	}
	if ((ip[0] >> 4) != 4) {
		dp_lcore_drop(lc, port_idx, m,
			      gtpu_fwd_drop_reason(GTPU_ERR_BAD_IP_VERSION));
		return DP_CLASS_DONE;
	}
	if (!dp_fwd_is_local(fs, port_idx, 4, ip + 16))
		return DP_CLASS_TRANSIT;
	ihl = (uint32_t)(ip[0] & 0x0f) * 4;
	if (ip[9] == DP_CLASSIFY_IPPROTO_UDP_NUM &&
	    fs->ports[port_idx].role == DP_ROLE_ACCESS &&
	    dp_classify_is_gtpu_port(d, len, l3 + ihl))
		return DP_CLASS_GTPU;
	/* Fragments of an echo request are not answered. */
	if (ip[9] == DP_CLASSIFY_IPPROTO_ICMP_NUM && l3 + ihl + 8 <= len &&
	    (dp_classify_rd16(ip + 6) & 0x3fff) == 0 &&
	    ip[ihl] == DP_CLASSIFY_ICMP_ECHO_REQ_TYPE) {
		dp_msg_punt(lc, port_idx, m, DP_PUNT_ICMP_ECHO, l3);
		return DP_CLASS_DONE;
	}
	dp_lcore_drop(lc, port_idx, m, DP_DROP_TO_US_UNSUPPORTED);
	return DP_CLASS_DONE;
}

static inline enum dp_class
dp_classify_ip6(struct dp_lcore *lc, const struct dp_fwd_state *fs,
		uint16_t port_idx, struct rte_mbuf *m, const uint8_t *d,
		uint32_t len, uint16_t l3)
{
	const uint8_t *ip = d + l3;
	bool local;
	uint8_t type;

	if (len < (uint32_t)l3 + 40) {
		dp_lcore_drop(lc, port_idx, m,
			      gtpu_fwd_drop_reason(GTPU_ERR_TRUNC_IP));
		return DP_CLASS_DONE;
	}
	if ((ip[0] >> 4) != 6) {
		dp_lcore_drop(lc, port_idx, m,
			      gtpu_fwd_drop_reason(GTPU_ERR_BAD_IP_VERSION));
		return DP_CLASS_DONE;
	}
	local = dp_fwd_is_local(fs, port_idx, 6, ip + 24);
	if (ip[6] == DP_CLASSIFY_IPPROTO_ICMPV6_NUM &&
	    (uint32_t)l3 + 40 + 4 <= len) {
		type = ip[40];
		/* NS goes to the solicited-node multicast group, NA to us or
		 * to all nodes: control checks the target. */
		if ((type == DP_CLASSIFY_ICMP6_NS_TYPE ||
		     type == DP_CLASSIFY_ICMP6_NA_TYPE) &&
		    (local || ip[24] == 0xff)) {
			dp_msg_punt(lc, port_idx, m, DP_PUNT_ND, l3);
			return DP_CLASS_DONE;
		}
		if (type == DP_CLASSIFY_ICMP6_ECHO_REQ_TYPE && local) {
			dp_msg_punt(lc, port_idx, m, DP_PUNT_ICMP6_ECHO, l3);
			return DP_CLASS_DONE;
		}
	}
	if (local) {
		if (ip[6] == DP_CLASSIFY_IPPROTO_UDP_NUM &&
		    fs->ports[port_idx].role == DP_ROLE_ACCESS &&
		    dp_classify_is_gtpu_port(d, len, (uint32_t)l3 + 40))
			return DP_CLASS_GTPU;
		dp_lcore_drop(lc, port_idx, m, DP_DROP_TO_US_UNSUPPORTED);
		return DP_CLASS_DONE;
	}
	if (ip[24] == 0xff) {
		/* Multicast (MLD, router solicitations, ...): not routed. */
		dp_lcore_drop(lc, port_idx, m, DP_DROP_NOT_FOR_US);
		return DP_CLASS_DONE;
	}
	return DP_CLASS_TRANSIT;
}

/**
 * Classify the frame @m received on port @port_idx: punt ARP, ND, ICMP and
 * ICMPv6 echo requests to local addresses; drop what is malformed, not
 * handled, or not for a local address where that is required; report GTP-U
 * to us and transit IP with the L3 offset and family.
 * Context: worker.
 */
static inline enum dp_class
dp_classify(struct dp_lcore *lc, const struct dp_fwd_state *fs,
	    uint16_t port_idx, struct rte_mbuf *m, uint16_t *l3_off,
	    uint8_t *af)
{
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
	uint32_t len = rte_pktmbuf_data_len(m);
	uint16_t l3 = RTE_ETHER_HDR_LEN;
	uint16_t type;

	if (unlikely(m->nb_segs != 1)) {
		dp_lcore_drop(lc, port_idx, m, DP_DROP_MULTI_SEG);
		return DP_CLASS_DONE;
	}
	if (len < RTE_ETHER_HDR_LEN) {
		dp_lcore_drop(lc, port_idx, m, DP_DROP_ETHER_TRUNC);
		return DP_CLASS_DONE;
	}
	type = dp_classify_rd16(d + 12);
	/* One 802.1Q tag is accepted on input (never added on output). */
	if (type == RTE_ETHER_TYPE_VLAN) {
		if (len < RTE_ETHER_HDR_LEN + 4) {
			dp_lcore_drop(lc, port_idx, m, DP_DROP_ETHER_TRUNC);
			return DP_CLASS_DONE;
		}
		type = dp_classify_rd16(d + 16);
		l3 += 4;
	}
	*l3_off = l3;
	switch (type) {
	case RTE_ETHER_TYPE_IPV4:
		*af = 4;
		return dp_classify_ip4(lc, fs, port_idx, m, d, len, l3);
	case RTE_ETHER_TYPE_IPV6:
		*af = 6;
		return dp_classify_ip6(lc, fs, port_idx, m, d, len, l3);
	case RTE_ETHER_TYPE_ARP:
		if (len < (uint32_t)l3 + DP_CLASSIFY_ARP_MIN_LEN) {
			dp_lcore_drop(lc, port_idx, m, DP_DROP_L2_TRUNC);
			return DP_CLASS_DONE;
		}
		dp_msg_punt(lc, port_idx, m, DP_PUNT_ARP, l3);
		return DP_CLASS_DONE;
	default:
		dp_lcore_drop(lc, port_idx, m, DP_DROP_ETHER_TYPE);
		return DP_CLASS_DONE;
	}
}

#endif /* DP_CLASSIFY_H */
