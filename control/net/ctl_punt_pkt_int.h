/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to the pure slow-path handlers (ctl_punt_pkt.c, ctl_punt_arp.c,
 * ctl_punt_icmp.c, ctl_punt_gtpu.c): wire constants, the helpers they
 * share (ctl_punt_pkt.c) and the per-job handlers ctl_punt_pkt() calls.
 * Every function fills a struct ctl_punt_act (ctl_punt_pkt.h).
 * Context: any (run by the control lcore).
 */
#ifndef CTL_PUNT_PKT_INT_H
#define CTL_PUNT_PKT_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "ctl_punt.h"
#include "ctl_punt_pkt.h"
#include "dp_fwd.h"

#define PKT_ETH_LEN		14
#define PKT_ARP_LEN		28
#define PKT_ETH_ARP		0x0806
#define PKT_ETH_IPV4		0x0800
#define PKT_ETH_IPV6		0x86dd
#define PKT_PROTO_ICMP		1
#define PKT_PROTO_ICMPV6	58
#define PKT_ICMP_ECHO_REP	0
#define PKT_ICMP_UNREACH	3
#define PKT_ICMP_FRAG_NEEDED	4	/* code of type 3, RFC 1191 */
#define PKT_ICMP6_TOO_BIG	2
#define PKT_ICMP6_ECHO_REP	129
#define PKT_ICMP6_NS		135
#define PKT_ICMP6_NA		136
#define PKT_ND_HOP_LIMIT	255	/* RFC 4861 section 7.1 */
#define PKT_TTL			64
#define PKT_IPV6_MIN_MTU	1280	/* RFC 8200 section 5 */

static inline uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline void
wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Count @c in @act (up to CTL_PUNT_ACT_MAX_CNT counters). */
void ctl_punt_act_cnt(struct ctl_punt_act *act, enum ctl_punt_cnt c);

/* Broadcast and multicast (I/G bit set) or all-zero link-layer address. */
bool ctl_punt_mac_bad(const uint8_t *mac);

/*
 * Ask to learn @mac for @addr, received on @port: only from a neighbour in
 * a subnet of that port and with a unicast, non-zero MAC (the caller
 * checks that the entry lives on @port).
 */
void ctl_punt_learn(const struct dp_fwd_state *fs, uint16_t port, uint8_t af,
		    const uint8_t *addr, const uint8_t *mac,
		    struct ctl_punt_act *act);

/* Ethernet header of a reply from port @port to @dst; @return its end. */
uint8_t *ctl_punt_eth(const struct dp_fwd_state *fs, uint16_t port,
		      const uint8_t *dst, uint16_t type,
		      struct ctl_punt_act *act);

/*
 * IP header of a reply with @l4_len bytes after it (zeroed); @return the
 * L4 start, or NULL when the reply would not fit.
 */
uint8_t *ctl_punt_ip(uint8_t *l3, uint8_t af, const uint8_t *src,
		     const uint8_t *dst, uint8_t proto, uint8_t ttl,
		     uint32_t l4_len, struct ctl_punt_act *act);

/* ICMP checksum (IPv4: over the message; IPv6: with the pseudo header,
 * RFC 4443 section 2.3) of the message at @l4, @l4_len bytes. */
void ctl_punt_icmp_cksum(const uint8_t *l3, uint8_t af, uint8_t *l4,
			 uint32_t l4_len);

/* ICMPv6 checksum of the packet at @ip (@len bytes after @ip, payload
 * length checked by the caller) is right. */
bool ctl_punt_icmp6_cksum_ok(const uint8_t *ip, uint32_t plen);

/* ARP: answer requests for a local address of the port; learn.
 * (ctl_punt_arp.c) */
void ctl_punt_arp_rx(const struct dp_fwd_state *fs, uint16_t port,
		     const uint8_t *frame, const uint8_t *a,
		     struct ctl_punt_act *act);

/* NS for a local address -> NA with our MAC; NS/NA -> learn.
 * (ctl_punt_arp.c) */
void ctl_punt_arp_nd_rx(const struct dp_fwd_state *fs, uint16_t port,
			const uint8_t *frame, const uint8_t *ip, uint32_t len,
			struct ctl_punt_act *act);

/* ICMP / ICMPv6 echo request to a local address -> echo reply.
 * (ctl_punt_icmp.c) */
void ctl_punt_icmp_echo(const struct dp_fwd_state *fs, uint16_t port,
			const uint8_t *frame, const uint8_t *ip, uint32_t len,
			uint8_t af, struct ctl_punt_act *act);

/*
 * A downlink packet too big for the access port once encapsulated: ICMP
 * Destination Unreachable / Fragmentation Needed with the next-hop MTU
 * @mtu (RFC 792, RFC 1191) or ICMPv6 Packet Too Big (RFC 4443 section 3.2)
 * to its sender, from the core port's own address, quoting the packet.
 * (ctl_punt_icmp.c)
 */
void ctl_punt_icmp_too_big(const struct dp_fwd_state *fs, uint16_t port,
			   const uint8_t *frame, const uint8_t *ip,
			   uint32_t len, uint32_t mtu,
			   struct ctl_punt_act *act);

/* GTP-U Echo Request, G-PDU of an unknown TEID (@reason
 * DP_PUNT_GTPU_NO_SESS) or Error Indication. (ctl_punt_gtpu.c) */
void ctl_punt_gtpu_rx(const struct dp_fwd_state *fs, uint16_t port,
		      uint8_t reason, const uint8_t *frame, uint32_t len,
		      uint16_t l3, struct ctl_punt_act *act);

#endif /* CTL_PUNT_PKT_INT_H */
