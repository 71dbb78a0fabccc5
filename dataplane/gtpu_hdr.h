/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wire layouts of GTP-U v1 (3GPP TS 29.281), the PDU Session Container
 * (3GPP TS 38.415) and the minimal IPv4/IPv6/UDP headers the GTP-U code
 * needs, with compile-time layout checks. No DPDK. Context: any.
 */
#ifndef GTPU_HDR_H
#define GTPU_HDR_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

/* First octet of the GTP-U header, TS 29.281 section 5.1. */
#define GTPU_FLAGS_VERSION_MASK	0xe0	/* bits 8-6: version */
#define GTPU_FLAGS_VERSION_1	0x20	/* version 1 */
#define GTPU_FLAGS_PT		0x10	/* protocol type: 1 = GTP, 0 = GTP' */
#define GTPU_FLAGS_E		0x04	/* extension header present */
#define GTPU_FLAGS_S		0x02	/* sequence number present */
#define GTPU_FLAGS_PN		0x01	/* N-PDU number present */
#define GTPU_FLAGS_OPT		(GTPU_FLAGS_E | GTPU_FLAGS_S | GTPU_FLAGS_PN)
#define GTPU_FLAGS_V1		(GTPU_FLAGS_VERSION_1 | GTPU_FLAGS_PT)

/* Message types handled on GTP-U, TS 29.281 section 6.1 table 6.1-1. */
#define GTPU_MSG_ECHO_REQ	1
#define GTPU_MSG_ECHO_RESP	2
#define GTPU_MSG_ERR_IND	26
#define GTPU_MSG_SUPP_EXT_NOTIF	31
#define GTPU_MSG_END_MARKER	254
#define GTPU_MSG_GPDU		255

/* Next Extension Header Type values, TS 29.281 section 5.2.1 table 5.2.1-3. */
#define GTPU_EXT_NONE		0x00	/* no more extension headers */
#define GTPU_EXT_LONG_PDCP_OLD	0x03	/* Long PDCP PDU Number (old code) */
#define GTPU_EXT_SCI		0x20	/* Service Class Indicator */
#define GTPU_EXT_UDP_PORT	0x40	/* UDP Port */
#define GTPU_EXT_RAN_CONT	0x81	/* RAN Container */
#define GTPU_EXT_LONG_PDCP	0x82	/* Long PDCP PDU Number */
#define GTPU_EXT_XW_RAN_CONT	0x83	/* Xw RAN Container */
#define GTPU_EXT_NR_RAN_CONT	0x84	/* NR RAN Container */
#define GTPU_EXT_PDU_SESS	0x85	/* PDU Session Container */
#define GTPU_EXT_PDCP_PDU	0xc0	/* PDCP PDU Number */
/*
 * Bits 8 and 7 of the type say who must understand an extension header
 * (section 5.2.1): '10' and '11' mean the receiving endpoint must; an
 * endpoint that does not know such a type cannot process the packet.
 */
#define GTPU_EXT_COMPREHENSION_REQ	0x80
/* Extension header length unit in octets (section 5.2.1). */
#define GTPU_EXT_LEN_UNIT	4

/* PDU Session Container PDU types, TS 38.415 section 5.5.3.1. */
#define GTPU_PDU_TYPE_DL	0	/* DL PDU SESSION INFORMATION */
#define GTPU_PDU_TYPE_UL	1	/* UL PDU SESSION INFORMATION */
#define GTPU_QFI_MASK		0x3f

/* Information element types, TS 29.281 section 8.1 table 8.1-1. */
#define GTPU_IE_RECOVERY	14	/* TV, 1 octet value */
#define GTPU_IE_TEID_DATA_I	16	/* TV, 4 octet value */
#define GTPU_IE_PEER_ADDR	133	/* TLV, IPv4 or IPv6 address */
#define GTPU_IE_EXT_HDR_LIST	141	/* TLV, extension header type list */
#define GTPU_IE_PRIVATE_EXT	255	/* TLV */
/* Types below 128 are TV (fixed length), the others TLV (section 8.1). */
#define GTPU_IE_TLV_MIN		128

/* GTP-U mandatory header, TS 29.281 section 5.1 figure 5.1-1. */
struct gtpu_hdr {
	uint8_t		flags;		/* version, PT, spare, E, S, PN */
	uint8_t		msg_type;	/* GTPU_MSG_* */
	uint16_t	len_be;		/* octets after these 8, network order */
	uint32_t	teid_be;	/* tunnel endpoint id, network order */
} __attribute__((packed));
static_assert(sizeof(struct gtpu_hdr) == 8, "gtpu_hdr size");
static_assert(offsetof(struct gtpu_hdr, len_be) == 2, "gtpu_hdr len");
static_assert(offsetof(struct gtpu_hdr, teid_be) == 4, "gtpu_hdr teid");

/* Optional octets present when any of E, S or PN is set (section 5.1). */
struct gtpu_hdr_opt {
	uint16_t	seq_be;		/* sequence number, valid when S */
	uint8_t		npdu;		/* N-PDU number, valid when PN */
	uint8_t		next_ext;	/* next extension header type, when E */
} __attribute__((packed));
static_assert(sizeof(struct gtpu_hdr_opt) == 4, "gtpu_hdr_opt size");

/*
 * Generic extension header (section 5.2.1): a length octet in units of
 * 4 octets (0 is invalid), content, and the next type in the last octet.
 */
struct gtpu_ext_hdr {
	uint8_t		len;		/* length in 4-octet units, >= 1 */
	uint8_t		content[];	/* len * 4 - 2 octets, then next type */
} __attribute__((packed));
static_assert(sizeof(struct gtpu_ext_hdr) == 1, "gtpu_ext_hdr size");

/* UDP Port extension header (section 5.2.2.1), 4 octets. */
struct gtpu_ext_udp_port {
	uint8_t		len;		/* 1 */
	uint16_t	port_be;	/* UDP source port of the trigger */
	uint8_t		next_ext;	/* next extension header type */
} __attribute__((packed));
static_assert(sizeof(struct gtpu_ext_udp_port) == 4, "udp port ext size");

/*
 * PDU Session Container (section 5.2.2.7) in its shortest form (TS 38.415
 * section 5.5.2.1/5.5.2.2): PDU type and QFI, 4 octets. Longer forms carry
 * optional fields selected by flags in the first two octets.
 */
struct gtpu_ext_pdu_sess {
	uint8_t		len;		/* 1 for the shortest form */
	uint8_t		type_flags;	/* bits 8-5 PDU type, 4-1 flags */
	uint8_t		qfi_flags;	/* DL: PPP, RQI; UL: flags; bits 6-1 QFI */
	uint8_t		next_ext;	/* next extension header type */
} __attribute__((packed));
static_assert(sizeof(struct gtpu_ext_pdu_sess) == 4, "pdu sess ext size");
static_assert(offsetof(struct gtpu_ext_pdu_sess, qfi_flags) == 2,
	      "pdu sess qfi");

/* IPv4 header without options (RFC 791). */
struct gtpu_ipv4_hdr {
	uint8_t		ver_ihl;	/* version (4) and header 32-bit words */
	uint8_t		tos;		/* DSCP and ECN */
	uint16_t	total_len_be;	/* header + payload octets */
	uint16_t	id_be;		/* identification */
	uint16_t	frag_be;	/* flags (DF 0x4000, MF 0x2000), offset */
	uint8_t		ttl;		/* time to live */
	uint8_t		proto;		/* payload protocol (17 = UDP) */
	uint16_t	csum_be;	/* header checksum */
	uint8_t		src[4];		/* source address */
	uint8_t		dst[4];		/* destination address */
} __attribute__((packed));
static_assert(sizeof(struct gtpu_ipv4_hdr) == 20, "ipv4 hdr size");
static_assert(offsetof(struct gtpu_ipv4_hdr, src) == 12, "ipv4 src");

#define GTPU_IPV4_DF		0x4000
#define GTPU_IPV4_MF		0x2000
#define GTPU_IPV4_OFF_MASK	0x1fff

/* IPv6 fixed header (RFC 8200 section 3). */
struct gtpu_ipv6_hdr {
	uint32_t	vtc_flow_be;	/* version 6, traffic class, flow label */
	uint16_t	payload_len_be;	/* octets after this header */
	uint8_t		next_hdr;	/* next header (17 = UDP) */
	uint8_t		hop_limit;	/* hop limit */
	uint8_t		src[16];	/* source address */
	uint8_t		dst[16];	/* destination address */
} __attribute__((packed));
static_assert(sizeof(struct gtpu_ipv6_hdr) == 40, "ipv6 hdr size");
static_assert(offsetof(struct gtpu_ipv6_hdr, src) == 8, "ipv6 src");

/* UDP header (RFC 768). */
struct gtpu_udp_hdr {
	uint16_t	sport_be;	/* source port */
	uint16_t	dport_be;	/* destination port */
	uint16_t	len_be;		/* header + payload octets */
	uint16_t	csum_be;	/* checksum; 0 = none (IPv4 only) */
} __attribute__((packed));
static_assert(sizeof(struct gtpu_udp_hdr) == 8, "udp hdr size");

#define GTPU_IPPROTO_UDP	17
#define GTPU_IPPROTO_FRAG6	44

#endif /* GTPU_HDR_H */
