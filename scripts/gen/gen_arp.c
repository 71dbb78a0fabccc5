/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ARP of srpgw-gen: build and parse Ethernet/IPv4 ARP frames, decide what
 * a received one means for the generator. Pure C. Context: tx and rx
 * lcores.
 */
#include <errno.h>
#include <string.h>

#include "gen_arp.h"

#define ETH_LEN		14
#define ETH_P_ARP	0x0806
#define ETH_P_IPV4	0x0800
#define ETH_P_VLAN	0x8100
#define ARP_LEN		28

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

uint32_t
gen_arp_build(uint8_t *frame, const uint8_t *dst, const struct gen_arp_msg *a)
{
	uint8_t *p = frame + ETH_LEN;

	memset(frame, 0, GEN_ARP_FRAME_LEN);
	memcpy(frame, dst, 6);
	memcpy(frame + 6, a->sha, 6);
	put16(frame + 12, ETH_P_ARP);
	put16(p, 1);				/* Ethernet */
	put16(p + 2, ETH_P_IPV4);
	p[4] = 6;
	p[5] = 4;
	put16(p + 6, a->op);
	memcpy(p + 8, a->sha, 6);
	memcpy(p + 14, a->spa, 4);
	memcpy(p + 18, a->tha, 6);
	memcpy(p + 24, a->tpa, 4);
	return GEN_ARP_FRAME_LEN;
}

int
gen_arp_parse(const uint8_t *frame, uint32_t len, struct gen_arp_msg *a)
{
	uint32_t off = 12;
	const uint8_t *p;

	if (len < ETH_LEN)
		return -ENOENT;
	if (get16(frame + off) == ETH_P_VLAN) {
		off += 4;
		if (len < off + 2)
			return -ENOENT;
	}
	if (get16(frame + off) != ETH_P_ARP)
		return -ENOENT;
	off += 2;
	if (len < off + ARP_LEN)
		return -EINVAL;
	p = frame + off;
	if (get16(p) != 1 || get16(p + 2) != ETH_P_IPV4 || p[4] != 6 ||
	    p[5] != 4)
		return -EINVAL;
	a->op = get16(p + 6);
	if (a->op != GEN_ARP_OP_REQUEST && a->op != GEN_ARP_OP_REPLY)
		return -EINVAL;
	memcpy(a->sha, p + 8, 6);
	memcpy(a->spa, p + 14, 4);
	memcpy(a->tha, p + 18, 6);
	memcpy(a->tpa, p + 24, 4);
	return 0;
}

/* A MAC a station may have: not multicast/broadcast, not all zero. */
static bool
mac_unicast(const uint8_t *mac)
{
	static const uint8_t zero[6];

	return (mac[0] & 1) == 0 && memcmp(mac, zero, 6) != 0;
}

bool
gen_arp_binds(const struct gen_arp_msg *a, const uint8_t *ip)
{
	if (memcmp(a->spa, ip, 4) != 0 || !mac_unicast(a->sha))
		return false;
	if (a->op == GEN_ARP_OP_REPLY)
		return true;
	/* A request counts only when gratuitous (RFC 5227 announcement). */
	return memcmp(a->tpa, ip, 4) == 0;
}

bool
gen_arp_asks(const struct gen_arp_msg *a, const uint8_t *own_ip)
{
	return a->op == GEN_ARP_OP_REQUEST && memcmp(a->tpa, own_ip, 4) == 0 &&
		memcmp(a->spa, own_ip, 4) != 0 && mac_unicast(a->sha);
}

uint64_t
gen_mac_pack(const uint8_t *mac)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 6; i++)
		v = v << 8 | mac[i];
	return v | GEN_MAC_KNOWN;
}

int
gen_mac_unpack(uint64_t v, uint8_t *mac)
{
	int i;

	if (v == 0)
		return -ENOENT;
	for (i = 5; i >= 0; i--, v >>= 8)
		mac[i] = (uint8_t)v;
	return 0;
}
