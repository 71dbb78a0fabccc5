/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pure slow-path handlers of neighbour discovery: ARP (RFC 826) and ND
 * (RFC 4861) frames punted by the workers (answer requests and
 * solicitations for a local address, learn the sender), and the ARP
 * requests / neighbour solicitations that resolve a neighbour. Context:
 * any (run by the control lcore).
 */
#include <errno.h>
#include <string.h>

#include "ctl_punt.h"
#include "ctl_punt_pkt.h"
#include "ctl_punt_pkt_int.h"

/* ARP: answer requests for a local address of the port; learn. */
void
ctl_punt_arp_rx(const struct dp_fwd_state *fs, uint16_t port,
		const uint8_t *frame, const uint8_t *a,
		struct ctl_punt_act *act)
{
	uint8_t *d;
	uint16_t op;

	if (rd16(a) != 1 || rd16(a + 2) != PKT_ETH_IPV4 || a[4] != 6 ||
	    a[5] != 4) {
		ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	op = rd16(a + 6);
	if (op != 1 && op != 2) {
		ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	if (ctl_punt_mac_bad(a + 8)) {
		/* Nobody to answer or learn: refuse the whole packet. */
		ctl_punt_act_cnt(act, CTL_PUNT_BAD_SRC_MAC);
		return;
	}
	ctl_punt_learn(fs, port, 4, a + 14, a + 8, act);
	if (op != 1)
		return;
	if (!dp_fwd_is_local(fs, port, 4, a + 24)) {
		ctl_punt_act_cnt(act, CTL_PUNT_IGNORED);
		return;
	}
	d = ctl_punt_eth(fs, port, frame + 6, PKT_ETH_ARP, act);
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
void
ctl_punt_arp_nd_rx(const struct dp_fwd_state *fs, uint16_t port,
		   const uint8_t *frame, const uint8_t *ip, uint32_t len,
		   struct ctl_punt_act *act)
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
		ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	plen = rd16(ip + 4);
	/* RFC 4861 sections 7.1.1 and 7.1.2: validity checks. */
	if (len < 40 + plen || plen < 24 || ip[6] != PKT_PROTO_ICMPV6 ||
	    ip[7] != PKT_ND_HOP_LIMIT || icmp[1] != 0 ||
	    (icmp[0] != PKT_ICMP6_NS && icmp[0] != PKT_ICMP6_NA) ||
	    !ctl_punt_icmp6_cksum_ok(ip, plen)) {
		ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	target = icmp + 8;
	ll = pkt_nd_lladdr(icmp + 24, plen - 24,
			   icmp[0] == PKT_ICMP6_NS ? 1 : 2, &bad);
	if (bad || target[0] == 0xff) {
		ctl_punt_act_cnt(act, CTL_PUNT_MALFORMED);
		return;
	}
	if (icmp[0] == PKT_ICMP6_NA) {
		if (ll != NULL)
			ctl_punt_learn(fs, port, 6, target, ll, act);
		else
			ctl_punt_act_cnt(act, CTL_PUNT_IGNORED);
		return;
	}
	dad = memcmp(ip + 8, unspec, 16) == 0;
	if (!dad && ll != NULL)
		ctl_punt_learn(fs, port, 6, ip + 8, ll, act);
	if (!dp_fwd_is_local(fs, port, 6, target)) {
		ctl_punt_act_cnt(act, CTL_PUNT_IGNORED);
		return;
	}
	if (!dad && ll != NULL && ctl_punt_mac_bad(ll))
		return;	/* counted by ctl_punt_learn: no answer either */
	/* RFC 4861 section 7.2.4: a DAD probe is answered to all nodes. */
	l4 = ctl_punt_ip(ctl_punt_eth(fs, port,
				      dad ? all_nodes_mac : frame + 6,
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
	ctl_punt_icmp_cksum(act->reply + PKT_ETH_LEN, 6, l4, 32);
	act->reply_cnt = CTL_PUNT_NA_SENT;
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
		d = ctl_punt_eth(fs, port, bcast, PKT_ETH_ARP, &act);
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
		d = ctl_punt_ip(ctl_punt_eth(fs, port, dmac, PKT_ETH_IPV6,
					     &act), 6,
				p->addrs[si].addr, snm, PKT_PROTO_ICMPV6,
				PKT_ND_HOP_LIMIT, 32, &act);
		d[0] = PKT_ICMP6_NS;
		memcpy(d + 8, addr, 16);
		d[24] = 1;	/* source link-layer address */
		d[25] = 1;
		memcpy(d + 26, p->mac.addr_bytes, 6);
		ctl_punt_icmp_cksum(act.reply + PKT_ETH_LEN, 6, d, 32);
	}
	if (act.reply_len > out_len)
		return -ENOSPC;
	memcpy(out, act.reply, act.reply_len);
	return act.reply_len;
}
