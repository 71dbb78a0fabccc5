/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bounds-checked parse of an outer IPv4/IPv6 + UDP + GTP-U v1 packet
 * (3GPP TS 29.281) starting at its L3 header, and of a plain inner/core IP
 * header. Pure: works on a byte buffer, never reads past @len; fuzzed.
 * Context: any (worker on the hot path).
 */
#ifndef GTPU_PARSE_H
#define GTPU_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "gtpu_hdr.h"

#define GTPU_UDP_PORT		2152

/* Reasons a packet is refused, in the order the checks run. */
enum gtpu_err {
	GTPU_OK = 0,
#define GTPU_DROP(e, n, h) GTPU_ERR_##e,
#include "gtpu_drop.def"
#undef GTPU_DROP
	GTPU_ERR_MAX
};

/* Outcome of a successful outer parse. Offsets are from the buffer start. */
struct gtpu_info {
	uint16_t	l3_off;		/* outer IP header */
	uint16_t	l4_off;		/* UDP header */
	uint16_t	gtp_off;	/* GTP-U mandatory header */
	uint16_t	payload_off;	/* T-PDU (G-PDU) or first IE */
	uint16_t	payload_len;	/* bytes of T-PDU / IEs */
	uint8_t		outer_af;	/* 4 or 6 */
	uint8_t		msg_type;	/* GTPU_MSG_* */
	uint8_t		gtp_flags;	/* first octet (version, PT, E, S, PN) */
	uint8_t		inner_af;	/* G-PDU: 4, 6, or 0 (not IP) */
	uint32_t	teid;		/* host order */
	uint16_t	seq;		/* valid when has_seq */
	bool		has_seq;
	bool		has_qfi;	/* PDU Session Container seen */
	uint8_t		qfi;		/* 6 bits */
	uint8_t		pdu_type;	/* container: 0 DL, 1 UL */
	uint16_t	udp_sport;	/* host order */
	uint8_t		src[16];	/* outer source (4 or 16 bytes used) */
	uint8_t		dst[16];	/* outer destination */
	uint16_t	inner_len;	/* G-PDU: inner IP length per its header
					 * (<= payload_len; trim to it) */
	uint16_t	ip_end;		/* end of the outer IP packet per its
					 * header (Ethernet padding after it) */
};

/* Outcome of a plain IP header parse (core side, or inner packet). */
struct gtpu_ip_info {
	uint8_t		af;		/* 4 or 6 */
	uint8_t		proto;		/* IPv4 protocol / IPv6 next header */
	uint16_t	l3_len;		/* whole IP packet per its header */
	uint8_t		src[16];
	uint8_t		dst[16];
};

/**
 * Parse the outer IP/UDP/GTP-U headers at @buf[@l3_off], @len bytes in all.
 * Checks: IP version and header lengths against @len, IPv4 header checksum,
 * fragments and IPv4 options refused, UDP destination port 2152 and its
 * length, GTP-U version 1 and PT=1, GTP length against the packet, the
 * optional sequence/N-PDU/next-extension octets, every extension header's
 * length and the comprehension-required rule for unknown types.
 * Context: any.
 * @return GTPU_OK with @info filled, or the reason for refusing it (then
 *	   @info may be partly written and must not be used)
 */
enum gtpu_err gtpu_outer_parse(const uint8_t *buf, uint32_t len,
			       uint32_t l3_off, struct gtpu_info *info);

/**
 * Parse a plain IPv4/IPv6 header at @buf[@off] (@len bytes in all): version,
 * header length, total length within the buffer (bytes after it are
 * allowed). The IPv4 header checksum is not verified here; IPv4 options and
 * IPv6 extension headers are accepted (@info->proto is then the first one).
 * Context: any.
 * @return GTPU_OK or the reason
 */
enum gtpu_err gtpu_ip_parse(const uint8_t *buf, uint32_t len, uint32_t off,
			    struct gtpu_ip_info *info);

/** Short name of an error ("bad_version"); "ok" for GTPU_OK. */
const char *gtpu_err_name(enum gtpu_err err);

/** One-line description of an error; "accepted" for GTPU_OK. Context: any. */
const char *gtpu_err_help(enum gtpu_err err);

/**
 * Validate the information elements of an Error Indication parsed by
 * gtpu_outer_parse() (TS 29.281 sections 7.3.1, 8.3, 8.4): TEID Data I
 * (type 16) and GTP-U Peer Address (type 133, 4 or 16 octets) must both be
 * present, once each; Recovery and TLV elements such as Private Extension
 * are skipped; an unknown TV element (length unknowable) is refused.
 * Outputs are written only on success.
 * Context: any (control, punted packet).
 * @param buf, len the buffer given to gtpu_outer_parse()
 * @param info its result
 * @param teid TEID Data I, host order
 * @param peer_af 4 or 6
 * @param peer the peer address (4 or 16 bytes written, rest zeroed)
 * @return GTPU_OK, GTPU_ERR_UNKNOWN_MSG_TYPE when @info is not an Error
 *	   Indication, GTPU_ERR_TRUNC_GTPU when @info's payload is not inside
 *	   @len, GTPU_ERR_ERR_IND_BAD_IE or GTPU_ERR_ERR_IND_MISSING_IE
 */
enum gtpu_err gtpu_err_ind_parse(const uint8_t *buf, uint32_t len,
				 const struct gtpu_info *info, uint32_t *teid,
				 uint8_t *peer_af, uint8_t peer[16]);

#endif /* GTPU_PARSE_H */
