/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Frames of srpgw-gen: uplink G-PDU and downlink IP builders, marker
 * lookup in received frames. Pure C. Context: tx and rx lcores.
 */
#include <errno.h>
#include <string.h>

#include "gen_pkt.h"
#include "gtpu_build.h"
#include "gtpu_parse.h"

#define ETH_LEN		14
#define ETH_P_IPV4	0x0800
#define ETH_P_IPV6	0x86dd
#define ETH_P_VLAN	0x8100
#define IP_PROTO_UDP	17
#define INNER_TTL	64

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static unsigned int
addr_len(uint8_t af)
{
	return af == 4 ? 4 : 16;
}

int
gen_pkt_cfg_check(const struct gen_pkt_cfg *c)
{
	if ((c->outer_af != 4 && c->outer_af != 6) ||
	    (c->inner_af != 4 && c->inner_af != 6))
		return -EINVAL;
	if (c->inner_len < GEN_INNER_MIN || c->inner_len > GEN_INNER_MAX)
		return -EINVAL;
	return 0;
}

uint32_t
gen_pkt_ul_len(const struct gen_pkt_cfg *c)
{
	return ETH_LEN + (uint32_t)gtpu_encap_hdr_len(c->outer_af, false) +
		c->inner_len;
}

uint32_t
gen_pkt_dl_len(const struct gen_pkt_cfg *c)
{
	return ETH_LEN + c->inner_len;
}

static void
eth_put(uint8_t *frame, const uint8_t *dst, const uint8_t *src, uint8_t af)
{
	memcpy(frame, dst, 6);
	memcpy(frame + 6, src, 6);
	put16(frame + 12, af == 4 ? ETH_P_IPV4 : ETH_P_IPV6);
}

/* Inner IP + UDP + marker + zero padding, c->inner_len bytes at @ip. */
static void
inner_put(uint8_t *ip, const struct gen_pkt_cfg *c, const uint8_t *src,
	  const uint8_t *dst, uint16_t sport, uint16_t dport,
	  const struct gen_mark *m)
{
	unsigned int hl = c->inner_af == 4 ? 20 : 40, alen = addr_len(c->inner_af);
	uint16_t udp_len = (uint16_t)(c->inner_len - hl);
	uint8_t *udp = ip + hl, *pl = udp + 8;

	memset(ip, 0, c->inner_len);
	if (c->inner_af == 4) {
		ip[0] = 0x45;
		put16(ip + 2, c->inner_len);
		put16(ip + 6, 0x4000);		/* DF, id 0 (RFC 6864) */
		ip[8] = INNER_TTL;
		ip[9] = IP_PROTO_UDP;
		memcpy(ip + 12, src, alen);
		memcpy(ip + 16, dst, alen);
		put16(ip + 10, gtpu_ipv4_cksum(ip, 20));
	} else {
		ip[0] = 0x60;
		put16(ip + 4, udp_len);
		ip[6] = IP_PROTO_UDP;
		ip[7] = INNER_TTL;
		memcpy(ip + 8, src, alen);
		memcpy(ip + 24, dst, alen);
	}
	put16(udp, sport);
	put16(udp + 2, dport);
	put16(udp + 4, udp_len);
	put16(pl, GEN_MAGIC);
	put32(pl + 2, m->flow);
	put32(pl + 6, m->seq);
	put16(pl + 10, (uint16_t)(m->tsc >> 32));
	put32(pl + 12, (uint32_t)m->tsc);
	/* UDP over IPv6 must carry a checksum (RFC 8200 section 8.1). */
	if (c->inner_af == 6)
		put16(udp + 6, gtpu_udp_cksum(6, src, dst, udp, udp_len));
}

int
gen_pkt_build_ul(uint8_t *frame, const struct gen_pkt_cfg *c,
		 const uint8_t *ue, uint32_t teid, const struct gen_mark *m)
{
	struct gtpu_encap_params p;
	uint8_t *hdr = frame + ETH_LEN, *inner;
	int hlen, ret;

	memset(&p, 0, sizeof(p));
	p.teid = teid;
	p.udp_sport = 2152;
	p.outer_af = c->outer_af;
	memcpy(p.src, c->access_addr, addr_len(c->outer_af));
	memcpy(p.dst, c->gw_addr, addr_len(c->outer_af));
	hlen = gtpu_encap_hdr_len(c->outer_af, false);
	if (hlen < 0)
		return hlen;
	inner = hdr + hlen;
	ret = gtpu_encap_build(hdr, &p, c->inner_len);
	if (ret < 0)
		return ret;
	eth_put(frame, c->access_gw_mac, c->access_mac, c->outer_af);
	inner_put(inner, c, ue, c->srv_addr, c->ue_port, c->srv_port, m);
	if (c->outer_af == 6) {
		ret = gtpu_encap_udp6_cksum(hdr, inner, c->inner_len);
		if (ret < 0)
			return ret;
	}
	return ETH_LEN + hlen + c->inner_len;
}

int
gen_pkt_build_dl(uint8_t *frame, const struct gen_pkt_cfg *c,
		 const uint8_t *ue, const struct gen_mark *m)
{
	eth_put(frame, c->core_gw_mac, c->core_mac, c->inner_af);
	inner_put(frame + ETH_LEN, c, c->srv_addr, ue, c->srv_port, c->ue_port,
		  m);
	return ETH_LEN + c->inner_len;
}

/* Offset of the L3 header after Ethernet and at most one 802.1Q tag. */
static int
l3_off(const uint8_t *frame, uint32_t len)
{
	uint32_t off = 12;

	if (len < ETH_LEN)
		return -ENOENT;
	if (get16(frame + off) == ETH_P_VLAN) {
		off += 4;
		if (len < off + 2)
			return -ENOENT;
	}
	off += 2;
	return (int)off;
}

/* Marker of an inner IP packet at @off whose UDP goes to @dport. */
static int
inner_mark(const uint8_t *buf, uint32_t len, uint32_t off, uint16_t dport,
	   struct gen_mark *m)
{
	struct gtpu_ip_info ip;
	uint32_t udp, end;
	const uint8_t *pl;

	if (gtpu_ip_parse(buf, len, off, &ip) != GTPU_OK ||
	    ip.proto != IP_PROTO_UDP)
		return -ENOENT;
	udp = off + (ip.af == 4 ? (buf[off] & 0x0fu) * 4u : 40u);
	end = off + ip.l3_len;
	if (udp + 8 + GEN_MARK_LEN > end || get16(buf + udp + 2) != dport)
		return -ENOENT;
	pl = buf + udp + 8;
	if (get16(pl) != GEN_MAGIC)
		return -ENOENT;
	m->flow = get32(pl + 2);
	m->seq = get32(pl + 6);
	m->tsc = (uint64_t)get16(pl + 10) << 32 | get32(pl + 12);
	return 0;
}

int
gen_pkt_parse_core(const uint8_t *frame, uint32_t len,
		   const struct gen_pkt_cfg *c, struct gen_mark *m)
{
	int off = l3_off(frame, len);

	if (off < 0)
		return off;
	return inner_mark(frame, len, (uint32_t)off, c->srv_port, m);
}

int
gen_pkt_parse_access(const uint8_t *frame, uint32_t len,
		     const struct gen_pkt_cfg *c, struct gen_mark *m,
		     uint32_t *teid)
{
	struct gtpu_info gi;
	int off = l3_off(frame, len);

	if (off < 0)
		return off;
	if (gtpu_outer_parse(frame, len, (uint32_t)off, &gi) != GTPU_OK ||
	    gi.msg_type != GTPU_MSG_GPDU)
		return -ENOENT;
	*teid = gi.teid;
	return inner_mark(frame, (uint32_t)(gi.payload_off + gi.payload_len),
			  gi.payload_off, c->ue_port, m);
}
