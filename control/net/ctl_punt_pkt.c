/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pure slow-path handlers, from punted frame bytes to actions and reply
 * frames: the dispatch by punt reason, neighbour misses and the helpers
 * the per-job files share (ctl_punt_pkt_int.h): reply Ethernet/IP
 * headers, ICMP checksums, learning. The jobs: ctl_punt_arp.c (ARP, RFC
 * 826; ND, RFC 4861; solicitations), ctl_punt_icmp.c (ICMP/ICMPv6 echo,
 * Fragmentation Needed / Packet Too Big), ctl_punt_gtpu.c (GTP-U Echo and
 * Error Indication, TS 29.281). Context: any (run by the control lcore).
 */
#include <string.h>

#include "ctl_punt.h"
#include "ctl_punt_pkt.h"
#include "ctl_punt_pkt_int.h"
#include "dp_msg.h"
#include "gtpu_build.h"

void
ctl_punt_act_cnt(struct ctl_punt_act *act, enum ctl_punt_cnt c)
{
	if (act->n_cnt < CTL_PUNT_ACT_MAX_CNT)
		act->cnt[act->n_cnt++] = (uint8_t)c;
}

/* Broadcast and multicast (I/G bit set) or all-zero link-layer address. */
bool
ctl_punt_mac_bad(const uint8_t *mac)
{
	static const uint8_t zero[6];

	return (mac[0] & 1) != 0 || memcmp(mac, zero, 6) == 0;
}

int
ctl_punt_pkt_subnet(const struct dp_fwd_port *p, uint8_t af,
		    const uint8_t *addr)
{
	const struct dp_fwd_addr *a;
	unsigned int i;
	unsigned int b;
	uint8_t mask;
	bool match;

	for (i = 0; i < p->n_addrs; i++) {
		a = &p->addrs[i];
		if (a->af != af || a->plen == (af == 4 ? 32 : 128))
			continue;
		match = true;
		for (b = 0; b < (unsigned int)(a->plen + 7) / 8; b++) {
			mask = a->plen >= 8 * (b + 1) ? 0xff :
			       (uint8_t)(0xff << (8 - (a->plen - 8 * b)));
			if ((a->addr[b] & mask) != (addr[b] & mask))
				match = false;
		}
		if (match)
			return (int)i;
	}
	return -1;
}

/*
 * Ask to learn @mac for @addr, received on @port: only from a neighbour in
 * a subnet of that port and with a unicast, non-zero MAC (the caller
 * checks that the entry lives on @port).
 */
void
ctl_punt_learn(const struct dp_fwd_state *fs, uint16_t port, uint8_t af,
	       const uint8_t *addr, const uint8_t *mac,
	       struct ctl_punt_act *act)
{
	if (ctl_punt_mac_bad(mac)) {
		ctl_punt_act_cnt(act, CTL_PUNT_BAD_SRC_MAC);
		return;
	}
	if (ctl_punt_pkt_subnet(&fs->ports[port], af, addr) < 0) {
		ctl_punt_act_cnt(act, CTL_PUNT_NH_WRONG_PORT);
		return;
	}
	act->learn = true;
	act->nh_af = af;
	memcpy(act->nh_addr, addr, af == 4 ? 4 : 16);
	memcpy(act->nh_mac, mac, 6);
}

/* Ethernet header of a reply from port @port to @dst; @return its end. */
uint8_t *
ctl_punt_eth(const struct dp_fwd_state *fs, uint16_t port,
	     const uint8_t *dst, uint16_t type, struct ctl_punt_act *act)
{
	memcpy(act->reply, dst, 6);
	memcpy(act->reply + 6, fs->ports[port].mac.addr_bytes, 6);
	wr16(act->reply + 12, type);
	return act->reply + PKT_ETH_LEN;
}

/*
 * IP header of a reply with @l4_len bytes after it (zeroed); @return the
 * L4 start, or NULL when the reply would not fit.
 */
uint8_t *
ctl_punt_ip(uint8_t *l3, uint8_t af, const uint8_t *src, const uint8_t *dst,
	    uint8_t proto, uint8_t ttl, uint32_t l4_len,
	    struct ctl_punt_act *act)
{
	uint32_t ip_len = af == 4 ? 20 : 40;

	if (PKT_ETH_LEN + ip_len + l4_len > CTL_PUNT_REPLY_MAX)
		return NULL;
	memset(l3, 0, ip_len + l4_len);
	act->reply_len = (uint16_t)(PKT_ETH_LEN + ip_len + l4_len);
	if (af == 4) {
		l3[0] = 0x45;
		wr16(l3 + 2, (uint16_t)(ip_len + l4_len));
		wr16(l3 + 6, 0x4000);	/* DF */
		l3[8] = ttl;
		l3[9] = proto;
		memcpy(l3 + 12, src, 4);
		memcpy(l3 + 16, dst, 4);
		wr16(l3 + 10, gtpu_ipv4_cksum(l3, 20));
	} else {
		l3[0] = 0x60;
		wr16(l3 + 4, (uint16_t)l4_len);
		l3[6] = proto;
		l3[7] = ttl;
		memcpy(l3 + 8, src, 16);
		memcpy(l3 + 24, dst, 16);
	}
	return l3 + ip_len;
}

/* ICMP checksum (IPv4: over the message; IPv6: with the pseudo header,
 * RFC 4443 section 2.3) of the message at @l4, @l4_len bytes. */
void
ctl_punt_icmp_cksum(const uint8_t *l3, uint8_t af, uint8_t *l4,
		    uint32_t l4_len)
{
	uint32_t sum = 0;

	wr16(l4 + 2, 0);
	if (af == 6) {
		sum = gtpu_cksum_add(sum, l3 + 8, 32);
		sum += l4_len + PKT_PROTO_ICMPV6;
	}
	sum = gtpu_cksum_add(sum, l4, l4_len);
	wr16(l4 + 2, gtpu_cksum_fold(sum));
}

/* ICMPv6 checksum of the packet at @ip (@len bytes after @ip, payload
 * length checked by the caller) is right. */
bool
ctl_punt_icmp6_cksum_ok(const uint8_t *ip, uint32_t plen)
{
	uint32_t sum = gtpu_cksum_add(0, ip + 8, 32);

	sum += plen + PKT_PROTO_ICMPV6;
	sum = gtpu_cksum_add(sum, ip + 40, plen);
	return gtpu_cksum_fold(sum) == 0;
}

/* Neighbour miss: the destination of the punted IP packet. */
static void
pkt_nh_miss(const uint8_t *ip, uint32_t len, struct ctl_punt_act *act)
{
	if (len >= 20 && (ip[0] >> 4) == 4) {
		act->nh_af = 4;
		memcpy(act->nh_addr, ip + 16, 4);
	} else if (len >= 40 && (ip[0] >> 4) == 6) {
		act->nh_af = 6;
		memcpy(act->nh_addr, ip + 24, 16);
	} else {
		ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	act->demand = true;
}

void
ctl_punt_pkt(const struct dp_fwd_state *fs, uint16_t port, uint8_t reason,
	     uint32_t aux, const uint8_t *frame, uint32_t len, uint16_t l3,
	     struct ctl_punt_act *act)
{
	const uint8_t *ip;

	act->n_cnt = 0;
	act->learn = false;
	act->demand = false;
	act->mark = false;
	act->errind = false;
	act->reply_len = 0;
	if (fs == NULL || port >= DP_MAX_PORTS || !fs->ports[port].used ||
	    l3 < PKT_ETH_LEN || l3 >= len) {
		ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	/* Every answer goes to the frame's source: never to a group. */
	if (ctl_punt_mac_bad(frame + 6)) {
		ctl_punt_act_cnt(act, CTL_PUNT_BAD_SRC_MAC);
		return;
	}
	ip = frame + l3;
	len -= l3;
	switch (reason) {
	case DP_PUNT_ARP:
		if (len < PKT_ARP_LEN) {
			ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
			break;
		}
		ctl_punt_arp_rx(fs, port, frame, ip, act);
		break;
	case DP_PUNT_ND:
		ctl_punt_arp_nd_rx(fs, port, frame, ip, len, act);
		break;
	case DP_PUNT_ICMP_ECHO:
		ctl_punt_icmp_echo(fs, port, frame, ip, len, 4, act);
		break;
	case DP_PUNT_ICMP6_ECHO:
		ctl_punt_icmp_echo(fs, port, frame, ip, len, 6, act);
		break;
	case DP_PUNT_GTPU_ECHO_REQ:
	case DP_PUNT_GTPU_NO_SESS:
	case DP_PUNT_GTPU_ERR_IND:
		ctl_punt_gtpu_rx(fs, port, reason, frame, len + l3, l3, act);
		break;
	case DP_PUNT_NH_MISS:
		pkt_nh_miss(ip, len, act);
		break;
	case DP_PUNT_TOO_BIG:
		ctl_punt_icmp_too_big(fs, port, frame, ip, len, aux, act);
		break;
	default:
		ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
		break;
	}
}
