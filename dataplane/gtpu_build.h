/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pure builders of outgoing GTP-U packets (G-PDU encapsulation header,
 * Echo Response, Error Indication) and the IP/UDP checksum helpers. They
 * write L3 onwards into caller buffers (the caller prepends L2) and never
 * allocate. Context: any (encapsulation runs on workers).
 */
#ifndef GTPU_BUILD_H
#define GTPU_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gtpu_hdr.h"
#include "gtpu_parse.h"

/* Outer header sizes built by gtpu_encap_build(). */
#define GTPU_ENCAP_GTP_LEN	8	/* mandatory header only */
#define GTPU_ENCAP_GTP_QFI_LEN	16	/* + optional octets + PDU container */
#define GTPU_ENCAP_MAX_LEN	(40 + 8 + GTPU_ENCAP_GTP_QFI_LEN)
/* Largest Echo Response / Error Indication these builders write. */
#define GTPU_REPLY_MAX_LEN	(40 + 8 + 12 + 4 + 5 + 19)
/* Hop limit / TTL of every outer header built here. */
#define GTPU_OUTER_TTL		64

/* What goes into the outer headers of a downlink G-PDU. */
struct gtpu_encap_params {
	uint32_t	teid;		/* remote (peer) TEID, host order, != 0 */
	uint16_t	udp_sport;	/* host order; e.g. inner flow hash */
	uint8_t		outer_af;	/* 4 or 6 */
	uint8_t		tos;		/* IPv4 TOS / IPv6 traffic class */
	bool		has_qfi;	/* add a DL PDU Session Container */
	uint8_t		qfi;		/* 0..63, used when has_qfi */
	uint8_t		src[16];	/* our address (4 or 16 bytes used) */
	uint8_t		dst[16];	/* peer address */
};

/* What goes into an Error Indication (TS 29.281 section 7.3.1). */
struct gtpu_err_ind_params {
	uint32_t	teid;		/* the TEID we do not know, host order */
	uint16_t	seq;		/* sequence number, host order */
	uint16_t	udp_port;	/* trigger's UDP source port, host order */
	bool		has_udp_port;	/* add the UDP Port extension header */
	uint8_t		af;		/* 4 or 6 */
	uint8_t		src[16];	/* our address: also the Peer Address IE */
	uint8_t		dst[16];	/* sender of the triggering G-PDU */
};

/**
 * Length of the outer header gtpu_encap_build() writes.
 * Context: any.
 * @param outer_af 4 or 6
 * @param has_qfi with the PDU Session Container
 * @return bytes (36, 44, 56 or 64), or -EINVAL for another family
 */
int gtpu_encap_hdr_len(uint8_t outer_af, bool has_qfi);

/**
 * Write outer IP + UDP (destination port 2152) + GTP-U G-PDU header in
 * front of an inner packet of @inner_len bytes. IPv4: DF set, id 0, TTL 64,
 * header checksum computed, UDP checksum 0. IPv6: hop limit 64 and the UDP
 * checksum left 0: it covers the inner packet, so the caller must then call
 * gtpu_encap_udp6_cksum() (or use a NIC checksum offload). GTP-U flags are
 * 0x30, or 0x34 followed by a DL PDU Session Container carrying the QFI.
 * Context: any (worker).
 * @param hdr gtpu_encap_hdr_len() writable bytes
 * @param p outer addresses, TEID, port and QFI
 * @param inner_len bytes of the inner packet that follows @hdr
 * @return bytes written, -EINVAL for a bad family, QFI above 63 or TEID 0,
 *	   -EMSGSIZE when the outer packet would exceed 65535 bytes
 */
int gtpu_encap_build(uint8_t *hdr, const struct gtpu_encap_params *p,
		     uint16_t inner_len);

/**
 * Fill the UDP checksum of an IPv6 outer header built by gtpu_encap_build()
 * (RFC 8200 section 8.1: mandatory for UDP over IPv6), summing the headers
 * at @hdr and the @inner_len bytes at @inner (which need not follow @hdr).
 * Context: any (worker).
 * @return 0, or -EINVAL when @hdr is not an IPv6 encapsulation header for
 *	   @inner_len inner bytes
 */
int gtpu_encap_udp6_cksum(uint8_t *hdr, const uint8_t *inner,
			  uint16_t inner_len);

/**
 * Build the Echo Response (TS 29.281 section 7.2.2) to a parsed Echo
 * Request: addresses and UDP ports swapped, the request's sequence number
 * (0 if it had none), S=1, TEID 0 and a Recovery IE whose restart counter
 * is 0 as section 7.2.2 requires. UDP checksum 0 for IPv4, computed for IPv6.
 * Context: any (control, punted packet).
 * @param out where to write, @out_len bytes available
 * @param req the request's parse result (msg_type must be Echo Request)
 * @return bytes written, -EINVAL if @req is not an Echo Request,
 *	   -ENOSPC if @out_len is too small
 */
int gtpu_echo_resp_build(uint8_t *out, size_t out_len,
			 const struct gtpu_info *req);

/**
 * Build an Error Indication (TS 29.281 sections 5.2.2.1, 7.3.1, 8.3, 8.4):
 * UDP 2152 to 2152, S=1 with @p->seq, TEID 0, optional UDP Port extension
 * header, IEs TEID Data I (@p->teid) and GTP-U Peer Address (@p->src).
 * Context: any (control).
 * @return bytes written, -EINVAL for a bad family, -ENOSPC if too small
 */
int gtpu_err_ind_build(uint8_t *out, size_t out_len,
		       const struct gtpu_err_ind_params *p);

/**
 * Fill Error Indication parameters for a G-PDU whose TEID is unknown:
 * destination = its sender, source = its destination (our address), TEID
 * = its TEID, UDP Port extension = its UDP source port.
 * Context: any.
 */
void gtpu_err_ind_params_from(struct gtpu_err_ind_params *p,
			      const struct gtpu_info *gpdu, uint16_t seq);

/**
 * Add @len bytes to a one's complement partial sum (RFC 1071) and return
 * it folded to 16 bits (not complemented), so small terms may be added to
 * the result directly. Only the last buffer summed into one checksum may
 * have an odd length (its last byte is padded with zero).
 * Context: any.
 */
uint32_t gtpu_cksum_add(uint32_t sum, const void *buf, size_t len);

/**
 * Fold a partial sum and complement it: the value to store (host order).
 * Context: any.
 */
uint16_t gtpu_cksum_fold(uint32_t sum);

/**
 * IPv4 header checksum over @hdr_len bytes, treating the checksum field
 * as 0. Context: any.
 * @return the value to store in the field, host order
 */
uint16_t gtpu_ipv4_cksum(const uint8_t *ip4, unsigned int hdr_len);

/**
 * UDP checksum with the IPv4 or IPv6 pseudo-header (RFC 768, RFC 8200
 * section 8.1), over the UDP header at @udp and @udp_len bytes (header +
 * payload, contiguous), treating the checksum field as 0. A result of 0
 * is returned as 0xffff.
 * Context: any.
 * @param af 4 or 6; @src and @dst are 4 or 16 bytes
 * @return the value to store, host order
 */
uint16_t gtpu_udp_cksum(uint8_t af, const uint8_t *src, const uint8_t *dst,
			const uint8_t *udp, uint32_t udp_len);

#endif /* GTPU_BUILD_H */
