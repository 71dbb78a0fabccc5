/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ARP of srpgw-gen, pure C on byte buffers: build requests and replies,
 * parse received ARP frames, decide whether a frame binds a gateway
 * address to a MAC (reply or gratuitous ARP) or asks for one of our own
 * addresses, and pack a MAC into one word that a lcore can store and
 * another load without a lock. Context: the generator's tx and rx lcores.
 */
#ifndef GEN_ARP_H
#define GEN_ARP_H

#include <stdbool.h>
#include <stdint.h>

/* ARP frames are built padded to the Ethernet minimum (without FCS). */
#define GEN_ARP_FRAME_LEN	60
#define GEN_ARP_OP_REQUEST	1
#define GEN_ARP_OP_REPLY	2
/* Set in a packed MAC: the MAC is known (0 means "not yet"). */
#define GEN_MAC_KNOWN		(UINT64_C(1) << 48)

/* The fields of an Ethernet/IPv4 ARP packet (RFC 826), network order. */
struct gen_arp_msg {
	uint16_t	op;		/* GEN_ARP_OP_REQUEST or _REPLY */
	uint8_t		sha[6];		/* sender MAC */
	uint8_t		spa[4];		/* sender IPv4 address */
	uint8_t		tha[6];		/* target MAC */
	uint8_t		tpa[4];		/* target IPv4 address */
};

/**
 * Write an ARP frame (Ethernet + 28 bytes, zero padded to
 * GEN_ARP_FRAME_LEN).
 * Context: tx lcore.
 * @param frame GEN_ARP_FRAME_LEN writable bytes
 * @param dst Ethernet destination (broadcast for a request)
 * @param a what the ARP packet says; a->sha is also the Ethernet source
 * @return GEN_ARP_FRAME_LEN
 */
uint32_t gen_arp_build(uint8_t *frame, const uint8_t *dst,
		       const struct gen_arp_msg *a);

/**
 * Parse an Ethernet frame (at most one 802.1Q tag) as Ethernet/IPv4 ARP.
 * Context: rx lcore.
 * @return 0 with @a filled; -ENOENT when the frame is not ARP; -EINVAL for
 *	ARP that is not Ethernet/IPv4 request or reply or is truncated
 */
int gen_arp_parse(const uint8_t *frame, uint32_t len, struct gen_arp_msg *a);

/**
 * Whether @a tells the MAC of @ip: a reply from @ip, or a gratuitous ARP
 * (request or reply whose sender and target address are both @ip), with a
 * unicast, non-zero sender MAC.
 * Context: rx lcore.
 * @return true when a->sha is @ip's MAC
 */
bool gen_arp_binds(const struct gen_arp_msg *a, const uint8_t *ip);

/**
 * Whether @a is a request for @own_ip that is not our own gratuitous ARP
 * (sender @own_ip).
 * Context: rx lcore.
 * @return true when a reply with our MAC is due
 */
bool gen_arp_asks(const struct gen_arp_msg *a, const uint8_t *own_ip);

/**
 * Pack a MAC into a word with GEN_MAC_KNOWN set.
 * Context: any.
 * @return the packed MAC, never 0
 */
uint64_t gen_mac_pack(const uint8_t *mac);

/**
 * Unpack a word from gen_mac_pack() into 6 bytes.
 * Context: any.
 * @return 0, or -ENOENT when @v is 0 (MAC unknown; @mac untouched)
 */
int gen_mac_unpack(uint64_t v, uint8_t *mac);

#endif /* GEN_ARP_H */
