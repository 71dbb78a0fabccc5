/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Frames of srpgw-gen, pure C on byte buffers: build the uplink G-PDU
 * (access side) and the plain IP downlink packet (core side), each
 * carrying a 16-byte marker (flow id, sequence, TX timestamp), and find
 * the marker again in frames that come back from the gateway.
 * Context: the generator's tx and rx lcores.
 */
#ifndef GEN_PKT_H
#define GEN_PKT_H

#include <stdint.h>

/* First two payload bytes of every generated packet ("SG"). */
#define GEN_MAGIC		0x5347
/* Marker bytes at the start of the inner UDP payload. */
#define GEN_MARK_LEN		16
/* Flow id bit set for downlink; the other 31 bits are the session index. */
#define GEN_FLOW_DL		0x80000000u
/* TX timestamps are the low 48 bits of a TSC offset. */
#define GEN_TSC_MASK		((UINT64_C(1) << 48) - 1)
#define GEN_INNER_MIN		64
#define GEN_INNER_MAX		1500
/* Largest frame built: Ethernet + IPv6/UDP/GTP-U + inner. */
#define GEN_FRAME_MAX		(14 + 40 + 8 + 8 + GEN_INNER_MAX)

/* What one packet carries after the inner UDP header (network order). */
struct gen_mark {
	uint32_t	flow;		/* session index | GEN_FLOW_DL */
	uint32_t	seq;		/* per-flow sequence number from 0 */
	uint64_t	tsc;		/* TX time, GEN_TSC_MASK bits */
};

/* Fixed part of every packet. Addresses are 4 or 16 bytes per family. */
struct gen_pkt_cfg {
	uint8_t		outer_af;	/* 4 or 6: access-side GTP-U family */
	uint8_t		inner_af;	/* 4 or 6: UE address family */
	uint16_t	inner_len;	/* inner IP packet bytes, 64..1500 */
	uint16_t	ue_port;	/* inner UDP port on the UE side */
	uint16_t	srv_port;	/* inner UDP port on the server side */
	uint8_t		access_mac[6];	/* our access port */
	uint8_t		access_gw_mac[6]; /* gateway's access port */
	uint8_t		core_mac[6];	/* our core port */
	uint8_t		core_gw_mac[6];	/* gateway's core port */
	uint8_t		access_addr[16]; /* our GTP-U address (the peer) */
	uint8_t		gw_addr[16];	/* gateway GTP-U address */
	uint8_t		srv_addr[16];	/* the server behind the core side */
};

/**
 * Check the families and the inner size (an IPv6 inner packet needs
 * 40 + 8 + GEN_MARK_LEN = 64 bytes, IPv4 44: both fit the minimum).
 * Context: any.
 * @return 0 or -EINVAL
 */
int gen_pkt_cfg_check(const struct gen_pkt_cfg *c);

/** Frame length of an uplink G-PDU. Context: any. */
uint32_t gen_pkt_ul_len(const struct gen_pkt_cfg *c);

/** Frame length of a downlink packet. Context: any. */
uint32_t gen_pkt_dl_len(const struct gen_pkt_cfg *c);

/**
 * Write an uplink frame: Ethernet to the gateway's access MAC, outer IP
 * from access_addr to gw_addr, UDP 2152, GTP-U G-PDU with @teid, inner IP
 * from @ue to srv_addr, UDP, marker, zero padding.
 * Context: tx lcore.
 * @param frame gen_pkt_ul_len() writable bytes
 * @return bytes written, or -EINVAL (bad TEID 0)
 */
int gen_pkt_build_ul(uint8_t *frame, const struct gen_pkt_cfg *c,
		     const uint8_t *ue, uint32_t teid,
		     const struct gen_mark *m);

/**
 * Write a downlink frame: Ethernet to the gateway's core MAC, IP from
 * srv_addr to @ue, UDP, marker, zero padding.
 * Context: tx lcore.
 * @return bytes written
 */
int gen_pkt_build_dl(uint8_t *frame, const struct gen_pkt_cfg *c,
		     const uint8_t *ue, const struct gen_mark *m);

/**
 * Find the marker in a frame received on the core side (decapsulated
 * uplink: Ethernet, optional 802.1Q tag, IP, UDP to srv_port).
 * Context: rx lcore.
 * @return 0 with @m filled, -ENOENT for a frame that is not ours
 */
int gen_pkt_parse_core(const uint8_t *frame, uint32_t len,
		       const struct gen_pkt_cfg *c, struct gen_mark *m);

/**
 * Find the marker in a frame received on the access side (downlink
 * G-PDU: Ethernet, optional 802.1Q tag, outer IP/UDP/GTP-U with any
 * extension headers, inner IP, UDP to ue_port).
 * Context: rx lcore.
 * @param teid set to the G-PDU's TEID (host order) on success
 * @return 0 with @m filled, -ENOENT for a frame that is not ours
 */
int gen_pkt_parse_access(const uint8_t *frame, uint32_t len,
			 const struct gen_pkt_cfg *c, struct gen_mark *m,
			 uint32_t *teid);

#endif /* GEN_PKT_H */
