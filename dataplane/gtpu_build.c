/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Builders of outgoing GTP-U packets (encapsulation header, Echo Response,
 * Error Indication) and IP/UDP checksums, writing into caller buffers.
 * Context: any (encapsulation on workers, replies on the control lcore).
 */
#include <errno.h>
#include <string.h>

#include "gtpu_build.h"

static inline void
st16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
st32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint16_t
ld16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

uint32_t
gtpu_cksum_add(uint32_t sum, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t s = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	/* Fold to 16 bits so callers may add small terms without overflow. */
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint32_t)s;
}

uint16_t
gtpu_cksum_fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t
gtpu_ipv4_cksum(const uint8_t *ip4, unsigned int hdr_len)
{
	uint32_t sum;

	/* Skip the checksum field itself (bytes 10-11). */
	sum = gtpu_cksum_add(0, ip4, 10);
	if (hdr_len > 12)
		sum = gtpu_cksum_add(sum, ip4 + 12, hdr_len - 12);
	return gtpu_cksum_fold(sum);
}

uint16_t
gtpu_udp_cksum(uint8_t af, const uint8_t *src, const uint8_t *dst,
	       const uint8_t *udp, uint32_t udp_len)
{
	unsigned int alen = af == 4 ? 4 : 16;
	uint32_t sum;
	uint16_t c;

	/* Pseudo-header: addresses, protocol and UDP length (RFC 768,
	 * RFC 8200 section 8.1); the order of terms does not matter. */
	sum = gtpu_cksum_add(0, src, alen);
	sum = gtpu_cksum_add(sum, dst, alen);
	sum += GTPU_IPPROTO_UDP;
	sum += udp_len >> 16;
	sum += udp_len & 0xffff;
	sum = gtpu_cksum_add(sum, udp, 6);
	if (udp_len > 8)
		sum = gtpu_cksum_add(sum, udp + 8, udp_len - 8);
	c = gtpu_cksum_fold(sum);
	/* 0 means "no checksum" on the wire (RFC 768). */
	return c == 0 ? 0xffff : c;
}

/*
 * Outer IP + UDP header for @udp_len bytes of UDP (header included).
 * @return the IP header length (20 or 40)
 */
static unsigned int
ip_udp_write(uint8_t *out, uint8_t af, uint8_t tos, const uint8_t *src,
	     const uint8_t *dst, uint16_t sport, uint16_t dport,
	     uint16_t udp_len)
{
	uint8_t *udp;
	unsigned int hl;

	if (af == 4) {
		hl = sizeof(struct gtpu_ipv4_hdr);
		out[0] = 0x45;
		out[1] = tos;
		st16(out + 2, (uint16_t)(hl + udp_len));
		st16(out + 4, 0);
		/* DF set: with id 0 the datagram must be atomic (RFC 6864),
		 * and no fragments means no reassembly at the peer. */
		st16(out + 6, GTPU_IPV4_DF);
		out[8] = GTPU_OUTER_TTL;
		out[9] = GTPU_IPPROTO_UDP;
		memcpy(out + 12, src, 4);
		memcpy(out + 16, dst, 4);
		st16(out + 10, gtpu_ipv4_cksum(out, hl));
	} else {
		hl = sizeof(struct gtpu_ipv6_hdr);
		st32(out, 6u << 28 | (uint32_t)tos << 20);
		st16(out + 4, udp_len);
		out[6] = GTPU_IPPROTO_UDP;
		out[7] = GTPU_OUTER_TTL;
		memcpy(out + 8, src, 16);
		memcpy(out + 24, dst, 16);
	}
	udp = out + hl;
	st16(udp, sport);
	st16(udp + 2, dport);
	st16(udp + 4, udp_len);
	st16(udp + 6, 0);
	return hl;
}

/* Fill the UDP checksum of a contiguous IPv6 packet at @out. */
static void
udp6_cksum_fill(uint8_t *out)
{
	uint16_t udp_len = ld16(out + 4);

	st16(out + 46, gtpu_udp_cksum(6, out + 8, out + 24, out + 40,
				      udp_len));
}

int
gtpu_encap_hdr_len(uint8_t outer_af, bool has_qfi)
{
	unsigned int gtp = has_qfi ? GTPU_ENCAP_GTP_QFI_LEN :
				     GTPU_ENCAP_GTP_LEN;

	if (outer_af == 4)
		return (int)(sizeof(struct gtpu_ipv4_hdr) +
			     sizeof(struct gtpu_udp_hdr) + gtp);
	if (outer_af == 6)
		return (int)(sizeof(struct gtpu_ipv6_hdr) +
			     sizeof(struct gtpu_udp_hdr) + gtp);
	return -EINVAL;
}

int
gtpu_encap_build(uint8_t *hdr, const struct gtpu_encap_params *p,
		 uint16_t inner_len)
{
	uint32_t gtp_len, udp_len, ip_hl;
	uint8_t *g;
	int hlen;

	hlen = gtpu_encap_hdr_len(p->outer_af, p->has_qfi);
	if (hlen < 0 || p->teid == 0 || (p->has_qfi && p->qfi > GTPU_QFI_MASK))
		return -EINVAL;
	gtp_len = p->has_qfi ? GTPU_ENCAP_GTP_QFI_LEN : GTPU_ENCAP_GTP_LEN;
	udp_len = sizeof(struct gtpu_udp_hdr) + gtp_len + inner_len;
	ip_hl = p->outer_af == 4 ? sizeof(struct gtpu_ipv4_hdr) : 0;
	/* IPv4 total length / IPv6 payload length are 16 bits. */
	if (ip_hl + udp_len > UINT16_MAX)
		return -EMSGSIZE;

	ip_hl = ip_udp_write(hdr, p->outer_af, p->tos, p->src, p->dst,
			     p->udp_sport, GTPU_UDP_PORT, (uint16_t)udp_len);
	g = hdr + ip_hl + sizeof(struct gtpu_udp_hdr);
	g[1] = GTPU_MSG_GPDU;
	st16(g + 2, (uint16_t)(gtp_len - sizeof(struct gtpu_hdr) + inner_len));
	st32(g + 4, p->teid);
	if (!p->has_qfi) {
		g[0] = GTPU_FLAGS_V1;
		return hlen;
	}
	g[0] = GTPU_FLAGS_V1 | GTPU_FLAGS_E;
	st16(g + 8, 0);
	g[10] = 0;
	g[11] = GTPU_EXT_PDU_SESS;
	/* DL PDU SESSION INFORMATION, TS 38.415 5.5.2.1: no PPP/RQI. */
	g[12] = 1;
	g[13] = GTPU_PDU_TYPE_DL << 4;
	g[14] = p->qfi & GTPU_QFI_MASK;
	g[15] = GTPU_EXT_NONE;
	return hlen;
}

int
gtpu_encap_udp6_cksum(uint8_t *hdr, const uint8_t *inner, uint16_t inner_len)
{
	uint32_t udp_len, gtp_len, sum;
	uint8_t *udp = hdr + sizeof(struct gtpu_ipv6_hdr);
	uint16_t c;

	if ((hdr[0] >> 4) != 6 || hdr[6] != GTPU_IPPROTO_UDP)
		return -EINVAL;
	gtp_len = udp[8] & GTPU_FLAGS_E ? GTPU_ENCAP_GTP_QFI_LEN :
					  GTPU_ENCAP_GTP_LEN;
	udp_len = ld16(hdr + 4);
	if (udp_len != sizeof(struct gtpu_udp_hdr) + gtp_len + inner_len ||
	    ld16(udp + 4) != udp_len)
		return -EINVAL;
	sum = gtpu_cksum_add(0, hdr + 8, 32);
	sum += GTPU_IPPROTO_UDP + udp_len;
	sum = gtpu_cksum_add(sum, udp, 6);
	sum = gtpu_cksum_add(sum, udp + 8, gtp_len);
	sum = gtpu_cksum_add(sum, inner, inner_len);
	c = gtpu_cksum_fold(sum);
	st16(udp + 6, c == 0 ? 0xffff : c);
	return 0;
}

int
gtpu_echo_resp_build(uint8_t *out, size_t out_len,
		     const struct gtpu_info *req)
{
	/* GTP header, optional octets, Recovery IE (section 7.2.2). */
	const uint16_t udp_len = sizeof(struct gtpu_udp_hdr) + 8 + 4 + 2;
	unsigned int hl;
	uint8_t *g;

	if (req->msg_type != GTPU_MSG_ECHO_REQ ||
	    (req->outer_af != 4 && req->outer_af != 6))
		return -EINVAL;
	hl = req->outer_af == 4 ? sizeof(struct gtpu_ipv4_hdr) :
				  sizeof(struct gtpu_ipv6_hdr);
	if (out_len < hl + udp_len)
		return -ENOSPC;
	/* Section 4.4.2.2: ports of the request swapped. */
	ip_udp_write(out, req->outer_af, 0, req->dst, req->src, GTPU_UDP_PORT,
		     req->udp_sport, udp_len);
	g = out + hl + sizeof(struct gtpu_udp_hdr);
	g[0] = GTPU_FLAGS_V1 | GTPU_FLAGS_S;
	g[1] = GTPU_MSG_ECHO_RESP;
	st16(g + 2, 4 + 2);
	st32(g + 4, 0);
	st16(g + 8, req->has_seq ? req->seq : 0);
	g[10] = 0;
	g[11] = GTPU_EXT_NONE;
	g[12] = GTPU_IE_RECOVERY;
	/* Section 7.2.2: the restart counter shall be 0 on GTP-U. */
	g[13] = 0;
	if (req->outer_af == 6)
		udp6_cksum_fill(out);
	return (int)(hl + udp_len);
}

void
gtpu_err_ind_params_from(struct gtpu_err_ind_params *p,
			 const struct gtpu_info *gpdu, uint16_t seq)
{
	memset(p, 0, sizeof(*p));
	p->teid = gpdu->teid;
	p->seq = seq;
	p->udp_port = gpdu->udp_sport;
	p->has_udp_port = true;
	p->af = gpdu->outer_af;
	memcpy(p->src, gpdu->dst, sizeof(p->src));
	memcpy(p->dst, gpdu->src, sizeof(p->dst));
}

int
gtpu_err_ind_build(uint8_t *out, size_t out_len,
		   const struct gtpu_err_ind_params *p)
{
	unsigned int hl, alen, gtp_len;
	uint16_t udp_len;
	uint8_t *g, *ie;

	if (p->af != 4 && p->af != 6)
		return -EINVAL;
	hl = p->af == 4 ? sizeof(struct gtpu_ipv4_hdr) :
			  sizeof(struct gtpu_ipv6_hdr);
	alen = p->af == 4 ? 4 : 16;
	/* Header, optional octets, [UDP Port], TEID Data I, Peer Address. */
	gtp_len = 8 + 4 + (p->has_udp_port ? 4 : 0) + 5 + 3 + alen;
	udp_len = (uint16_t)(sizeof(struct gtpu_udp_hdr) + gtp_len);
	if (out_len < hl + udp_len)
		return -ENOSPC;
	/* Section 4.4.2: sent to the user plane port 2152. */
	ip_udp_write(out, p->af, 0, p->src, p->dst, GTPU_UDP_PORT,
		     GTPU_UDP_PORT, udp_len);
	g = out + hl + sizeof(struct gtpu_udp_hdr);
	g[0] = GTPU_FLAGS_V1 | GTPU_FLAGS_S |
		(p->has_udp_port ? GTPU_FLAGS_E : 0);
	g[1] = GTPU_MSG_ERR_IND;
	st16(g + 2, (uint16_t)(gtp_len - 8));
	st32(g + 4, 0);
	st16(g + 8, p->seq);
	g[10] = 0;
	g[11] = p->has_udp_port ? GTPU_EXT_UDP_PORT : GTPU_EXT_NONE;
	ie = g + 12;
	if (p->has_udp_port) {
		/* Section 5.2.2.1: source port of the triggering G-PDU. */
		ie[0] = 1;
		st16(ie + 1, p->udp_port);
		ie[3] = GTPU_EXT_NONE;
		ie += 4;
	}
	ie[0] = GTPU_IE_TEID_DATA_I;
	st32(ie + 1, p->teid);
	ie += 5;
	ie[0] = GTPU_IE_PEER_ADDR;
	st16(ie + 1, (uint16_t)alen);
	memcpy(ie + 3, p->src, alen);
	if (p->af == 6)
		udp6_cksum_fill(out);
	return (int)(hl + udp_len);
}
