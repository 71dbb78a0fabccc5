/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pure slow-path handlers: ARP (RFC 826), ND (RFC 4861), ICMP/ICMPv6 echo,
 * ICMP fragmentation needed / ICMPv6 Packet Too Big, GTP-U Echo and Error
 * Indication (TS 29.281) and neighbour misses, from punted frame bytes to
 * actions and reply frames. Context: any (run by the control lcore).
 */
#include <errno.h>
#include <string.h>

#include "ctl_punt.h"
#include "ctl_punt_pkt.h"
#include "dp_msg.h"
#include "gtpu_build.h"
#include "gtpu_parse.h"

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

static void
act_cnt(struct ctl_punt_act *act, enum ctl_punt_cnt c)
{
	if (act->n_cnt < CTL_PUNT_ACT_MAX_CNT)
		act->cnt[act->n_cnt++] = (uint8_t)c;
}

/* Broadcast and multicast (I/G bit set) or all-zero link-layer address. */
static bool
pkt_mac_bad(const uint8_t *mac)
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
static void
pkt_learn(const struct dp_fwd_state *fs, uint16_t port, uint8_t af,
	  const uint8_t *addr, const uint8_t *mac, struct ctl_punt_act *act)
{
	if (pkt_mac_bad(mac)) {
		act_cnt(act, CTL_PUNT_BAD_SRC_MAC);
		return;
	}
	if (ctl_punt_pkt_subnet(&fs->ports[port], af, addr) < 0) {
		act_cnt(act, CTL_PUNT_NH_WRONG_PORT);
		return;
	}
	act->learn = true;
	act->nh_af = af;
	memcpy(act->nh_addr, addr, af == 4 ? 4 : 16);
	memcpy(act->nh_mac, mac, 6);
}

/* Ethernet header of a reply from port @port to @dst; @return its end. */
static uint8_t *
pkt_eth(const struct dp_fwd_state *fs, uint16_t port, const uint8_t *dst,
	uint16_t type, struct ctl_punt_act *act)
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
static uint8_t *
pkt_ip(uint8_t *l3, uint8_t af, const uint8_t *src, const uint8_t *dst,
       uint8_t proto, uint8_t ttl, uint32_t l4_len, struct ctl_punt_act *act)
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
static void
pkt_icmp_cksum(const uint8_t *l3, uint8_t af, uint8_t *l4, uint32_t l4_len)
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
static bool
pkt_icmp6_cksum_ok(const uint8_t *ip, uint32_t plen)
{
	uint32_t sum = gtpu_cksum_add(0, ip + 8, 32);

	sum += plen + PKT_PROTO_ICMPV6;
	sum = gtpu_cksum_add(sum, ip + 40, plen);
	return gtpu_cksum_fold(sum) == 0;
}

/* ARP: answer requests for a local address of the port; learn. */
static void
pkt_arp(const struct dp_fwd_state *fs, uint16_t port, const uint8_t *frame,
	const uint8_t *a, struct ctl_punt_act *act)
{
	uint8_t *d;
	uint16_t op;

	if (rd16(a) != 1 || rd16(a + 2) != PKT_ETH_IPV4 || a[4] != 6 ||
	    a[5] != 4) {
		act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	op = rd16(a + 6);
	if (op != 1 && op != 2) {
		act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	if (pkt_mac_bad(a + 8)) {
		/* Nobody to answer or learn: refuse the whole packet. */
		act_cnt(act, CTL_PUNT_BAD_SRC_MAC);
		return;
	}
	pkt_learn(fs, port, 4, a + 14, a + 8, act);
	if (op != 1)
		return;
	if (!dp_fwd_is_local(fs, port, 4, a + 24)) {
		act_cnt(act, CTL_PUNT_IGNORED);
		return;
	}
	d = pkt_eth(fs, port, frame + 6, PKT_ETH_ARP, act);
	memcpy(d, a, 6);			/* htype, ptype, hlen, plen */
	wr16(d + 6, 2);				/* reply */
	memcpy(d + 8, fs->ports[port].mac.addr_bytes, 6);
	memcpy(d + 14, a + 24, 4);		/* the address asked for */
	memcpy(d + 18, a + 8, 6);		/* back to the asker */
	memcpy(d + 24, a + 14, 4);
	act->reply_len = PKT_ETH_LEN + PKT_ARP_LEN;
	act->reply_cnt = CTL_PUNT_ARP_REPLY;
}

/* Walk ND options (RFC 4861 section 4.6) for a link-layer address. */
static const uint8_t *
pkt_nd_lladdr(const uint8_t *opt, uint32_t len, uint8_t type, bool *bad)
{
	const uint8_t *found = NULL;
	uint32_t olen;

	while (len >= 2) {
		olen = (uint32_t)opt[1] * 8;
		if (olen == 0 || olen > len) {
			*bad = true;
			return NULL;
		}
		if (opt[0] == type && olen >= 8)
			found = opt + 2;
		opt += olen;
		len -= olen;
	}
	return found;
}

/* NS for a local address -> NA with our MAC; NS/NA -> learn. */
static void
pkt_nd(const struct dp_fwd_state *fs, uint16_t port, const uint8_t *frame,
       const uint8_t *ip, uint32_t len, struct ctl_punt_act *act)
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };
	static const uint8_t all_nodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	static const uint8_t unspec[16];
	const uint8_t *icmp = ip + 40;
	const uint8_t *target;
	const uint8_t *ll;
	uint32_t plen;
	uint8_t *l4;
	bool bad = false;
	bool dad;

	if (len < 40 + 24) {
		act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	plen = rd16(ip + 4);
	/* RFC 4861 sections 7.1.1 and 7.1.2: validity checks. */
	if (len < 40 + plen || plen < 24 || ip[6] != PKT_PROTO_ICMPV6 ||
	    ip[7] != PKT_ND_HOP_LIMIT || icmp[1] != 0 ||
	    (icmp[0] != PKT_ICMP6_NS && icmp[0] != PKT_ICMP6_NA) ||
	    !pkt_icmp6_cksum_ok(ip, plen)) {
		act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	target = icmp + 8;
	ll = pkt_nd_lladdr(icmp + 24, plen - 24,
			   icmp[0] == PKT_ICMP6_NS ? 1 : 2, &bad);
	if (bad || target[0] == 0xff) {
		act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	if (icmp[0] == PKT_ICMP6_NA) {
		if (ll != NULL)
			pkt_learn(fs, port, 6, target, ll, act);
		else
			act_cnt(act, CTL_PUNT_IGNORED);
		return;
	}
	dad = memcmp(ip + 8, unspec, 16) == 0;
	if (!dad && ll != NULL)
		pkt_learn(fs, port, 6, ip + 8, ll, act);
	if (!dp_fwd_is_local(fs, port, 6, target)) {
		act_cnt(act, CTL_PUNT_IGNORED);
		return;
	}
	if (!dad && ll != NULL && pkt_mac_bad(ll))
		return;		/* counted by pkt_learn: no answer either */
	/* RFC 4861 section 7.2.4: a DAD probe is answered to all nodes. */
	l4 = pkt_ip(pkt_eth(fs, port, dad ? all_nodes_mac : frame + 6,
			    PKT_ETH_IPV6, act),
		    6, target, dad ? all_nodes : ip + 8, PKT_PROTO_ICMPV6,
		    PKT_ND_HOP_LIMIT, 32, act);
	l4[0] = PKT_ICMP6_NA;
	/* Router, Solicited (unless DAD), Override. */
	l4[4] = 0x80 | (dad ? 0 : 0x40) | 0x20;
	memcpy(l4 + 8, target, 16);
	l4[24] = 2;		/* target link-layer address */
	l4[25] = 1;
	memcpy(l4 + 26, fs->ports[port].mac.addr_bytes, 6);
	pkt_icmp_cksum(act->reply + PKT_ETH_LEN, 6, l4, 32);
	act->reply_cnt = CTL_PUNT_NA_SENT;
}

/* ICMP / ICMPv6 echo request to a local address -> echo reply. */
static void
pkt_echo(const struct dp_fwd_state *fs, uint16_t port, const uint8_t *frame,
	 const uint8_t *ip, uint32_t len, uint8_t af,
	 struct ctl_punt_act *act)
{
	uint8_t *l3 = act->reply + PKT_ETH_LEN;
	uint32_t ihl;
	uint32_t tl;
	uint8_t *l4;

	if (af == 4) {
		ihl = len >= 20 ? (uint32_t)(ip[0] & 0x0f) * 4 : 0;
		tl = len >= 20 ? rd16(ip + 2) : 0;
		if (ihl < 20 || tl < ihl + 8 || tl > len ||
		    gtpu_cksum_fold(gtpu_cksum_add(0, ip + ihl, tl - ihl)) !=
		    0) {
			act_cnt(act, CTL_PUNT_MALFORMED);
			return;
		}
		pkt_eth(fs, port, frame + 6, PKT_ETH_IPV4, act);
		l4 = pkt_ip(l3, 4, ip + 16, ip + 12, PKT_PROTO_ICMP, PKT_TTL,
			    tl - ihl, act);
		if (l4 == NULL) {
			act_cnt(act, CTL_PUNT_NO_MBUF);
			return;
		}
		memcpy(l4, ip + ihl, tl - ihl);
		l4[0] = PKT_ICMP_ECHO_REP;
		pkt_icmp_cksum(l3, 4, l4, tl - ihl);
		act->reply_cnt = CTL_PUNT_ICMP_REPLY;
		return;
	}
	tl = len >= 40 ? rd16(ip + 4) : 0;
	if (tl < 8 || 40 + tl > len || ip[6] != PKT_PROTO_ICMPV6 ||
	    !pkt_icmp6_cksum_ok(ip, tl)) {
		act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	pkt_eth(fs, port, frame + 6, PKT_ETH_IPV6, act);
	l4 = pkt_ip(l3, 6, ip + 24, ip + 8, PKT_PROTO_ICMPV6, PKT_TTL, tl, act);
	if (l4 == NULL) {
		act_cnt(act, CTL_PUNT_NO_MBUF);
		return;
	}
	memcpy(l4, ip + 40, tl);
	l4[0] = PKT_ICMP6_ECHO_REP;
	pkt_icmp_cksum(l3, 6, l4, tl);
	act->reply_cnt = CTL_PUNT_ICMP6_REPLY;
}

/* The IP packet @ip (@len bytes, family @af) carries an ICMP error
 * message (anything but echo request/reply); ICMPv6 errors are types
 * below 128 (RFC 4443 section 2.1). */
static bool
pkt_is_icmp_error(const uint8_t *ip, uint32_t len, uint8_t af)
{
	uint32_t ihl;

	if (af == 6)
		return ip[6] == PKT_PROTO_ICMPV6 && len > 40 && ip[40] < 128;
	ihl = (uint32_t)(ip[0] & 0x0f) * 4;
	return ip[9] == PKT_PROTO_ICMP && ihl >= 20 && len > ihl &&
	       ip[ihl] != 0 && ip[ihl] != 8;
}

/*
 * A downlink packet too big for the access port once encapsulated: ICMP
 * Destination Unreachable / Fragmentation Needed with the next-hop MTU
 * @mtu (RFC 792, RFC 1191) or ICMPv6 Packet Too Big (RFC 4443 section 3.2)
 * to its sender, from the core port's own address, quoting the packet.
 */
static void
pkt_too_big(const struct dp_fwd_state *fs, uint16_t port, const uint8_t *frame,
	    const uint8_t *ip, uint32_t len, uint32_t mtu,
	    struct ctl_punt_act *act)
{
	const struct dp_fwd_port *p = &fs->ports[port];
	uint8_t *l3 = act->reply + PKT_ETH_LEN;
	uint8_t af = len >= 1 ? ip[0] >> 4 : 0;
	uint32_t quote;
	int8_t src;
	uint8_t *l4;

	if ((af == 4 && len < 20) || (af == 6 && len < 40) ||
	    (af != 4 && af != 6)) {
		act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	/* RFC 1812 section 4.3.2.7, RFC 4443 section 2.4 (e): no ICMP
	 * error about an ICMP error, a non-initial fragment, a packet to a
	 * multicast (or broadcast) address or from no unicast address. */
	if (pkt_is_icmp_error(ip, len, af) ||
	    (af == 4 && ((rd16(ip + 6) & 0x1fff) != 0 || ip[16] >= 224 ||
			 ip[12] >= 224 || ip[12] == 0)) ||
	    (af == 6 && (ip[24] == 0xff || ip[8] == 0xff))) {
		act_cnt(act, CTL_PUNT_IGNORED);
		return;
	}
	src = af == 4 ? p->src4 : p->src6;
	if (src < 0) {
		act_cnt(act, CTL_PUNT_IGNORED);
		return;
	}
	if (af == 6 && mtu < PKT_IPV6_MIN_MTU)
		mtu = PKT_IPV6_MIN_MTU;
	quote = af == 4 ? CTL_PUNT_ICMP4_QUOTE : CTL_PUNT_ICMP6_QUOTE;
	if (quote > len)
		quote = len;
	pkt_eth(fs, port, frame + 6, af == 4 ? PKT_ETH_IPV4 : PKT_ETH_IPV6,
		act);
	l4 = pkt_ip(l3, af, p->addrs[src].addr, ip + (af == 4 ? 12 : 8),
		    af == 4 ? PKT_PROTO_ICMP : PKT_PROTO_ICMPV6, PKT_TTL,
		    8 + quote, act);
	if (af == 4) {
		l4[0] = PKT_ICMP_UNREACH;
		l4[1] = PKT_ICMP_FRAG_NEEDED;
		wr16(l4 + 6, (uint16_t)mtu);
	} else {
		l4[0] = PKT_ICMP6_TOO_BIG;
		l4[4] = (uint8_t)(mtu >> 24);
		l4[5] = (uint8_t)(mtu >> 16);
		l4[6] = (uint8_t)(mtu >> 8);
		l4[7] = (uint8_t)mtu;
	}
	memcpy(l4 + 8, ip, quote);
	pkt_icmp_cksum(l3, af, l4, 8 + quote);
	act->reply_cnt = af == 4 ? CTL_PUNT_TOO_BIG4_SENT :
				   CTL_PUNT_TOO_BIG6_SENT;
}

/* Frame of the IP packet @l3 (@len bytes, from gtpu_build) back to the
 * sender of @frame. */
static void
pkt_l3_reply(const struct dp_fwd_state *fs, uint16_t port,
	     const uint8_t *frame, const uint8_t *l3, int len,
	     enum ctl_punt_cnt ok, struct ctl_punt_act *act)
{
	uint8_t *d;

	if (len <= 0 || PKT_ETH_LEN + len > CTL_PUNT_REPLY_MAX) {
		act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	d = pkt_eth(fs, port, frame + 6,
		    (l3[0] >> 4) == 4 ? PKT_ETH_IPV4 : PKT_ETH_IPV6, act);
	memcpy(d, l3, (size_t)len);
	act->reply_len = (uint16_t)(PKT_ETH_LEN + len);
	act->reply_cnt = ok;
}

int
ctl_punt_pkt_errind(const struct dp_fwd_state *fs, uint16_t port,
		    const uint8_t *frame, uint32_t len, uint16_t l3,
		    uint16_t seq, struct ctl_punt_act *act)
{
	uint8_t buf[GTPU_REPLY_MAX_LEN];
	struct gtpu_err_ind_params ep;
	struct gtpu_info gi;

	if (fs == NULL || port >= DP_MAX_PORTS || l3 < PKT_ETH_LEN ||
	    l3 >= len || gtpu_outer_parse(frame, len, l3, &gi) != GTPU_OK ||
	    gi.msg_type != GTPU_MSG_GPDU)
		return -EINVAL;
	gtpu_err_ind_params_from(&ep, &gi, seq);
	pkt_l3_reply(fs, port, frame, buf,
		     gtpu_err_ind_build(buf, sizeof(buf), &ep),
		     CTL_PUNT_ERRIND_SENT, act);
	return 0;
}

static void
pkt_gtpu(const struct dp_fwd_state *fs, uint16_t port, uint8_t reason,
	 const uint8_t *frame, uint32_t len, uint16_t l3,
	 struct ctl_punt_act *act)
{
	uint8_t buf[GTPU_REPLY_MAX_LEN];
	struct gtpu_info gi;

	if (gtpu_outer_parse(frame, len, l3, &gi) != GTPU_OK) {
		act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	switch (reason) {
	case DP_PUNT_GTPU_ECHO_REQ:
		pkt_l3_reply(fs, port, frame, buf,
			     gtpu_echo_resp_build(buf, sizeof(buf), &gi),
			     CTL_PUNT_ECHO_RESP, act);
		break;
	case DP_PUNT_GTPU_NO_SESS:
		if (gi.msg_type != GTPU_MSG_GPDU) {
			act_cnt(act, CTL_PUNT_MALFORMED);
			break;
		}
		act->errind = true;
		break;
	default:
		memset(act->mark_addr, 0, sizeof(act->mark_addr));
		if (gtpu_err_ind_parse(frame, len, &gi, &act->mark_teid,
				       &act->mark_af, act->mark_addr) !=
		    GTPU_OK) {
			act_cnt(act, CTL_PUNT_MALFORMED);
			break;
		}
		act->mark = true;
		break;
	}
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
		act_cnt(act, CTL_PUNT_MALFORMED);
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
		act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	/* Every answer goes to the frame's source: never to a group. */
	if (pkt_mac_bad(frame + 6)) {
		act_cnt(act, CTL_PUNT_BAD_SRC_MAC);
		return;
	}
	ip = frame + l3;
	len -= l3;
	switch (reason) {
	case DP_PUNT_ARP:
		if (len < PKT_ARP_LEN) {
			act_cnt(act, CTL_PUNT_MALFORMED);
			break;
		}
		pkt_arp(fs, port, frame, ip, act);
		break;
	case DP_PUNT_ND:
		pkt_nd(fs, port, frame, ip, len, act);
		break;
	case DP_PUNT_ICMP_ECHO:
		pkt_echo(fs, port, frame, ip, len, 4, act);
		break;
	case DP_PUNT_ICMP6_ECHO:
		pkt_echo(fs, port, frame, ip, len, 6, act);
		break;
	case DP_PUNT_GTPU_ECHO_REQ:
	case DP_PUNT_GTPU_NO_SESS:
	case DP_PUNT_GTPU_ERR_IND:
		pkt_gtpu(fs, port, reason, frame, len + l3, l3, act);
		break;
	case DP_PUNT_NH_MISS:
		pkt_nh_miss(ip, len, act);
		break;
	case DP_PUNT_TOO_BIG:
		pkt_too_big(fs, port, frame, ip, len, aux, act);
		break;
	default:
		act_cnt(act, CTL_PUNT_MALFORMED);
		break;
	}
}

int
ctl_punt_pkt_solicit(const struct dp_fwd_state *fs, uint16_t port,
		     uint8_t af, const uint8_t *addr, uint8_t *out,
		     uint32_t out_len)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static struct ctl_punt_act act;
	const struct dp_fwd_port *p;
	uint8_t snm[16] = { 0xff, 0x02, [11] = 1, [12] = 0xff };
	uint8_t dmac[6] = { 0x33, 0x33, 0xff };
	uint8_t *d;
	int si;

	if (fs == NULL || port >= DP_MAX_PORTS || !fs->ports[port].used)
		return -ENOENT;
	p = &fs->ports[port];
	si = ctl_punt_pkt_subnet(p, af, addr);
	if (si < 0)
		si = af == 4 ? p->src4 : p->src6;
	if (si < 0)
		return -ENOENT;
	if (af == 4) {
		d = pkt_eth(fs, port, bcast, PKT_ETH_ARP, &act);
		wr16(d, 1);
		wr16(d + 2, PKT_ETH_IPV4);
		d[4] = 6;
		d[5] = 4;
		wr16(d + 6, 1);
		memcpy(d + 8, p->mac.addr_bytes, 6);
		memcpy(d + 14, p->addrs[si].addr, 4);
		memset(d + 18, 0, 6);
		memcpy(d + 24, addr, 4);
		act.reply_len = PKT_ETH_LEN + PKT_ARP_LEN;
	} else {
		/* RFC 4861 section 7.2.2: to the solicited-node group. */
		memcpy(snm + 13, addr + 13, 3);
		memcpy(dmac + 3, addr + 13, 3);
		d = pkt_ip(pkt_eth(fs, port, dmac, PKT_ETH_IPV6, &act), 6,
			   p->addrs[si].addr, snm, PKT_PROTO_ICMPV6,
			   PKT_ND_HOP_LIMIT, 32, &act);
		d[0] = PKT_ICMP6_NS;
		memcpy(d + 8, addr, 16);
		d[24] = 1;	/* source link-layer address */
		d[25] = 1;
		memcpy(d + 26, p->mac.addr_bytes, 6);
		pkt_icmp_cksum(act.reply + PKT_ETH_LEN, 6, d, 32);
	}
	if (act.reply_len > out_len)
		return -ENOSPC;
	memcpy(out, act.reply, act.reply_len);
	return act.reply_len;
}
