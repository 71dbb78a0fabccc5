/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pure slow-path handlers of ICMP and ICMPv6: echo requests to a local
 * address (echo replies) and downlink packets too big for the access port
 * (Fragmentation Needed, RFC 1191; Packet Too Big, RFC 4443). Context:
 * any (run by the control lcore).
 */
#include <string.h>

#include "ctl_punt.h"
#include "ctl_punt_pkt.h"
#include "ctl_punt_pkt_int.h"
#include "gtpu_build.h"

/* ICMP / ICMPv6 echo request to a local address -> echo reply. */
void
ctl_punt_icmp_echo(const struct dp_fwd_state *fs, uint16_t port,
		   const uint8_t *frame, const uint8_t *ip, uint32_t len,
		   uint8_t af, struct ctl_punt_act *act)
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
			ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
			return;
		}
		ctl_punt_eth(fs, port, frame + 6, PKT_ETH_IPV4, act);
		l4 = ctl_punt_ip(l3, 4, ip + 16, ip + 12, PKT_PROTO_ICMP,
				 PKT_TTL, tl - ihl, act);
		if (l4 == NULL) {
			ctl_punt_act_cnt(act, CTL_PUNT_NO_MBUF);
			return;
		}
		memcpy(l4, ip + ihl, tl - ihl);
		l4[0] = PKT_ICMP_ECHO_REP;
		ctl_punt_icmp_cksum(l3, 4, l4, tl - ihl);
		act->reply_cnt = CTL_PUNT_ICMP_REPLY;
		return;
	}
	tl = len >= 40 ? rd16(ip + 4) : 0;
	if (tl < 8 || 40 + tl > len || ip[6] != PKT_PROTO_ICMPV6 ||
	    !ctl_punt_icmp6_cksum_ok(ip, tl)) {
		ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	ctl_punt_eth(fs, port, frame + 6, PKT_ETH_IPV6, act);
	l4 = ctl_punt_ip(l3, 6, ip + 24, ip + 8, PKT_PROTO_ICMPV6, PKT_TTL, tl,
			 act);
	if (l4 == NULL) {
		ctl_punt_act_cnt(act, CTL_PUNT_NO_MBUF);
		return;
	}
	memcpy(l4, ip + 40, tl);
	l4[0] = PKT_ICMP6_ECHO_REP;
	ctl_punt_icmp_cksum(l3, 6, l4, tl);
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
void
ctl_punt_icmp_too_big(const struct dp_fwd_state *fs, uint16_t port,
		      const uint8_t *frame, const uint8_t *ip, uint32_t len,
		      uint32_t mtu, struct ctl_punt_act *act)
{
	const struct dp_fwd_port *p = &fs->ports[port];
	uint8_t *l3 = act->reply + PKT_ETH_LEN;
	uint8_t af = len >= 1 ? ip[0] >> 4 : 0;
	uint32_t quote;
	int8_t src;
	uint8_t *l4;

	if ((af == 4 && len < 20) || (af == 6 && len < 40) ||
	    (af != 4 && af != 6)) {
		ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	/* RFC 1812 section 4.3.2.7, RFC 4443 section 2.4 (e): no ICMP
	 * error about an ICMP error, a non-initial fragment, a packet to a
	 * multicast (or broadcast) address or from no unicast address. */
	if (pkt_is_icmp_error(ip, len, af) ||
	    (af == 4 && ((rd16(ip + 6) & 0x1fff) != 0 || ip[16] >= 224 ||
			 ip[12] >= 224 || ip[12] == 0)) ||
	    (af == 6 && (ip[24] == 0xff || ip[8] == 0xff))) {
		ctl_punt_act_cnt(act, CTL_PUNT_IGNORED);
		return;
	}
	src = af == 4 ? p->src4 : p->src6;
	if (src < 0) {
		ctl_punt_act_cnt(act, CTL_PUNT_IGNORED);
		return;
	}
	if (af == 6 && mtu < PKT_IPV6_MIN_MTU)
		mtu = PKT_IPV6_MIN_MTU;
	quote = af == 4 ? CTL_PUNT_ICMP4_QUOTE : CTL_PUNT_ICMP6_QUOTE;
	if (quote > len)
		quote = len;
	ctl_punt_eth(fs, port, frame + 6, af == 4 ? PKT_ETH_IPV4 : PKT_ETH_IPV6,
		     act);
	l4 = ctl_punt_ip(l3, af, p->addrs[src].addr, ip + (af == 4 ? 12 : 8),
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
	ctl_punt_icmp_cksum(l3, af, l4, 8 + quote);
	act->reply_cnt = af == 4 ? CTL_PUNT_TOO_BIG4_SENT :
				   CTL_PUNT_TOO_BIG6_SENT;
}
