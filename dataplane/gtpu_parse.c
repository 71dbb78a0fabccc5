/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bounds-checked parser of outer IPv4/IPv6 + UDP + GTP-U v1 (3GPP TS 29.281)
 * and of plain IP headers; every read is checked against the buffer length
 * first. Context: any (the uplink hot path on workers).
 */
#include <string.h>

#include "gtpu_parse.h"

static const char *const gtpu_err_names[GTPU_ERR_MAX] = {
	[GTPU_OK] = "ok",
#define GTPU_DROP(e, n, h) [GTPU_ERR_##e] = #n,
#include "gtpu_drop.def"
#undef GTPU_DROP
};

static const char *const gtpu_err_helps[GTPU_ERR_MAX] = {
	[GTPU_OK] = "accepted",
#define GTPU_DROP(e, n, h) [GTPU_ERR_##e] = h,
#include "gtpu_drop.def"
#undef GTPU_DROP
};

const char *
gtpu_err_name(enum gtpu_err err)
{
	if ((unsigned int)err >= GTPU_ERR_MAX)
		return "unknown";
	return gtpu_err_names[err];
}

const char *
gtpu_err_help(enum gtpu_err err)
{
	if ((unsigned int)err >= GTPU_ERR_MAX)
		return "unknown reason";
	return gtpu_err_helps[err];
}

static inline uint16_t
ld16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
ld32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		(uint32_t)p[2] << 8 | p[3];
}

/* Common IP header checks; @avail >= 1 is the caller's job. */
struct ip_hdr_view {
	uint32_t	hdr_len;	/* IPv4 IHL * 4 or 40 */
	uint32_t	l3_len;		/* whole packet per the header */
	uint8_t		ver;
};

static inline enum gtpu_err
ip_hdr_check(const uint8_t *p, uint32_t avail, struct ip_hdr_view *v)
{
	v->ver = p[0] >> 4;
	if (v->ver == 4) {
		if (avail < sizeof(struct gtpu_ipv4_hdr))
			return GTPU_ERR_TRUNC_IP;
		v->hdr_len = (uint32_t)(p[0] & 0x0f) * 4;
		if (v->hdr_len < sizeof(struct gtpu_ipv4_hdr))
			return GTPU_ERR_BAD_IPV4_IHL;
		if (avail < v->hdr_len)
			return GTPU_ERR_TRUNC_IP;
		v->l3_len = ld16(p + 2);
		/* Trailing bytes (Ethernet padding) are allowed: the IP
		 * total length, not the frame length, bounds the packet. */
		if (v->l3_len < v->hdr_len || v->l3_len > avail)
			return GTPU_ERR_BAD_IP_LEN;
		return GTPU_OK;
	}
	if (v->ver == 6) {
		if (avail < sizeof(struct gtpu_ipv6_hdr))
			return GTPU_ERR_TRUNC_IP;
		v->hdr_len = sizeof(struct gtpu_ipv6_hdr);
		v->l3_len = v->hdr_len + ld16(p + 4);
		if (v->l3_len > avail)
			return GTPU_ERR_BAD_IP_LEN;
		return GTPU_OK;
	}
	return GTPU_ERR_BAD_IP_VERSION;
}

static inline void
ip_addrs_copy(const uint8_t *p, uint8_t ver, uint8_t src[16], uint8_t dst[16])
{
	if (ver == 4) {
		memcpy(src, p + offsetof(struct gtpu_ipv4_hdr, src), 4);
		memset(src + 4, 0, 12);
		memcpy(dst, p + offsetof(struct gtpu_ipv4_hdr, dst), 4);
		memset(dst + 4, 0, 12);
	} else {
		memcpy(src, p + offsetof(struct gtpu_ipv6_hdr, src), 16);
		memcpy(dst, p + offsetof(struct gtpu_ipv6_hdr, dst), 16);
	}
}

enum gtpu_err
gtpu_ip_parse(const uint8_t *buf, uint32_t len, uint32_t off,
	      struct gtpu_ip_info *info)
{
	struct ip_hdr_view v = { 0 };
	const uint8_t *p;
	enum gtpu_err err;

	if (off >= len)
		return GTPU_ERR_TRUNC_IP;
	p = buf + off;
	err = ip_hdr_check(p, len - off, &v);
	if (err != GTPU_OK)
		return err;
	if (v.l3_len > UINT16_MAX)
		return GTPU_ERR_BAD_IP_LEN;
	info->af = v.ver;
	info->proto = v.ver == 4 ? p[9] : p[6];
	info->l3_len = (uint16_t)v.l3_len;
	ip_addrs_copy(p, v.ver, info->src, info->dst);
	return GTPU_OK;
}

/* RFC 1071 sum of an option-less IPv4 header: valid when it folds to ~0. */
static inline bool
ipv4_hdr_csum_ok(const uint8_t *p)
{
	uint32_t sum = 0;
	unsigned int i;

	for (i = 0; i < sizeof(struct gtpu_ipv4_hdr); i += 2)
		sum += ld16(p + i);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

/* IPv6 extension headers (RFC 8200 section 4, IANA registry). */
static inline bool
ipv6_is_ext_hdr(uint8_t nh)
{
	switch (nh) {
	case 0:		/* Hop-by-Hop Options */
	case 43:	/* Routing */
	case 50:	/* ESP */
	case 51:	/* AH */
	case 60:	/* Destination Options */
	case 135:	/* Mobility */
	case 139:	/* HIP */
	case 140:	/* Shim6 */
	case 253:	/* experimental */
	case 254:	/* experimental */
		return true;
	default:
		return false;
	}
}

/* Outer IP: plain IPv4 (no options, not a fragment) or IPv6 + UDP. */
static inline enum gtpu_err
outer_ip_parse(const uint8_t *buf, uint32_t len, uint32_t l3_off,
	       struct gtpu_info *info, uint32_t *ip_end)
{
	struct ip_hdr_view v = { 0 };
	const uint8_t *p;
	enum gtpu_err err;

	if (l3_off >= len)
		return GTPU_ERR_TRUNC_IP;
	p = buf + l3_off;
	err = ip_hdr_check(p, len - l3_off, &v);
	if (err != GTPU_OK)
		return err;
	/* Offsets in gtpu_info are 16 bits wide: no mbuf holds more. */
	if (l3_off + v.l3_len > UINT16_MAX)
		return GTPU_ERR_BAD_IP_LEN;
	if (v.ver == 4) {
		if (v.hdr_len != sizeof(struct gtpu_ipv4_hdr))
			return GTPU_ERR_IPV4_OPTIONS;
		if (!ipv4_hdr_csum_ok(p))
			return GTPU_ERR_BAD_IPV4_CSUM;
		/* No reassembly: a fragment cannot be parsed past IP. */
		if (ld16(p + 6) & (GTPU_IPV4_MF | GTPU_IPV4_OFF_MASK))
			return GTPU_ERR_IP_FRAGMENT;
		if (p[9] != GTPU_IPPROTO_UDP)
			return GTPU_ERR_NOT_UDP;
	} else {
		if (p[6] != GTPU_IPPROTO_UDP) {
			if (p[6] == GTPU_IPPROTO_FRAG6)
				return GTPU_ERR_IP_FRAGMENT;
			if (ipv6_is_ext_hdr(p[6]))
				return GTPU_ERR_IPV6_EXT_HDR;
			return GTPU_ERR_NOT_UDP;
		}
	}
	info->l3_off = (uint16_t)l3_off;
	info->l4_off = (uint16_t)(l3_off + v.hdr_len);
	info->outer_af = v.ver;
	info->ip_end = (uint16_t)(l3_off + v.l3_len);
	ip_addrs_copy(p, v.ver, info->src, info->dst);
	*ip_end = l3_off + v.l3_len;
	return GTPU_OK;
}

static inline bool
gtpu_msg_type_known(uint8_t t)
{
	switch (t) {
	case GTPU_MSG_ECHO_REQ:
	case GTPU_MSG_ECHO_RESP:
	case GTPU_MSG_ERR_IND:
	case GTPU_MSG_SUPP_EXT_NOTIF:
	case GTPU_MSG_END_MARKER:
	case GTPU_MSG_GPDU:
		return true;
	default:
		return false;
	}
}

/*
 * Walk the extension header chain from @pos (first header of type @next)
 * to @end (TS 29.281 section 5.2). Each header is at least 4 octets, so the
 * loop runs at most (end - pos) / 4 times.
 */
static inline enum gtpu_err
gtpu_ext_parse(const uint8_t *buf, uint32_t *pos_io, uint32_t end,
	       uint8_t next, struct gtpu_info *info)
{
	uint32_t pos = *pos_io;
	uint32_t elen;
	uint8_t ptype;

	while (next != GTPU_EXT_NONE) {
		if (pos >= end)
			return GTPU_ERR_BAD_EXT_LEN;
		elen = (uint32_t)buf[pos] * GTPU_EXT_LEN_UNIT;
		if (elen == 0 || elen > end - pos)
			return GTPU_ERR_BAD_EXT_LEN;
		switch (next) {
		case GTPU_EXT_PDU_SESS:
			/* TS 38.415 5.5.2: PDU type in bits 8-5 of octet 1,
			 * QFI in bits 6-1 of octet 2 for both DL and UL. */
			ptype = buf[pos + 1] >> 4;
			if (ptype > GTPU_PDU_TYPE_UL)
				return GTPU_ERR_BAD_PDU_SESS_CONTAINER;
			if (!info->has_qfi) {
				info->has_qfi = true;
				info->pdu_type = ptype;
				info->qfi = buf[pos + 2] & GTPU_QFI_MASK;
			}
			break;
		case GTPU_EXT_UDP_PORT:
		case GTPU_EXT_SCI:
		case GTPU_EXT_PDCP_PDU:
			/* Fixed one-unit headers (section 5.2.2). */
			if (elen != GTPU_EXT_LEN_UNIT)
				return GTPU_ERR_BAD_EXT_LEN;
			break;
		case GTPU_EXT_LONG_PDCP:
		case GTPU_EXT_LONG_PDCP_OLD:
			/* Two units (section 5.2.2). */
			if (elen != 2 * GTPU_EXT_LEN_UNIT)
				return GTPU_ERR_BAD_EXT_LEN;
			break;
		case GTPU_EXT_RAN_CONT:
		case GTPU_EXT_XW_RAN_CONT:
		case GTPU_EXT_NR_RAN_CONT:
			/* Opaque to the gateway; skipped. */
			break;
		default:
			/* Section 5.2.1: bit 8 set = the receiving endpoint
			 * must comprehend it; otherwise it may be skipped. */
			if (next & GTPU_EXT_COMPREHENSION_REQ)
				return GTPU_ERR_UNKNOWN_EXT_REQUIRED;
			break;
		}
		next = buf[pos + elen - 1];
		pos += elen;
	}
	*pos_io = pos;
	return GTPU_OK;
}

/* G-PDU payload: a whole IPv4 or IPv6 packet (section 5.1 T-PDU). */
static inline enum gtpu_err
gtpu_inner_check(const uint8_t *p, uint32_t avail, struct gtpu_info *info)
{
	struct ip_hdr_view v = { 0 };
	enum gtpu_err err;

	if (avail == 0)
		return GTPU_ERR_INNER_NOT_IP;
	err = ip_hdr_check(p, avail, &v);
	switch (err) {
	case GTPU_OK:
		break;
	case GTPU_ERR_BAD_IP_VERSION:
		return GTPU_ERR_INNER_NOT_IP;
	case GTPU_ERR_TRUNC_IP:
		return GTPU_ERR_INNER_TRUNC;
	case GTPU_ERR_BAD_IP_LEN:
		/* Only an IPv4 total length below its header is malformed;
		 * anything else claims more bytes than the payload holds. */
		if (v.ver == 4 && v.l3_len < v.hdr_len)
			return GTPU_ERR_INNER_BAD_IP;
		return GTPU_ERR_INNER_TRUNC;
	default:
		return GTPU_ERR_INNER_BAD_IP;
	}
	info->inner_af = v.ver;
	info->inner_len = (uint16_t)v.l3_len;
	return GTPU_OK;
}

enum gtpu_err
gtpu_outer_parse(const uint8_t *buf, uint32_t len, uint32_t l3_off,
		 struct gtpu_info *info)
{
	uint32_t ip_end, l4_off, udp_len, gtp_off, gtp_len, pos, end;
	const uint8_t *g;
	enum gtpu_err err;
	uint8_t next = GTPU_EXT_NONE;

	err = outer_ip_parse(buf, len, l3_off, info, &ip_end);
	if (err != GTPU_OK)
		return err;

	l4_off = info->l4_off;
	if (ip_end - l4_off < sizeof(struct gtpu_udp_hdr))
		return GTPU_ERR_TRUNC_UDP;
	udp_len = ld16(buf + l4_off + 4);
	if (udp_len != ip_end - l4_off)
		return GTPU_ERR_BAD_UDP_LEN;
	if (ld16(buf + l4_off + 2) != GTPU_UDP_PORT)
		return GTPU_ERR_NOT_GTPU_PORT;
	info->udp_sport = ld16(buf + l4_off);

	gtp_off = l4_off + sizeof(struct gtpu_udp_hdr);
	if (ip_end - gtp_off < sizeof(struct gtpu_hdr))
		return GTPU_ERR_TRUNC_GTPU;
	g = buf + gtp_off;
	if ((g[0] & GTPU_FLAGS_VERSION_MASK) != GTPU_FLAGS_VERSION_1)
		return GTPU_ERR_BAD_GTPU_VERSION;
	if (!(g[0] & GTPU_FLAGS_PT))
		return GTPU_ERR_GTPU_PT_ZERO;
	if (!gtpu_msg_type_known(g[1]))
		return GTPU_ERR_UNKNOWN_MSG_TYPE;
	/* Section 5.1: length = octets after the mandatory 8, which here
	 * must be exactly the rest of the UDP payload. */
	gtp_len = ld16(g + 2);
	if (gtp_len != ip_end - gtp_off - sizeof(struct gtpu_hdr))
		return GTPU_ERR_BAD_GTPU_LEN;

	info->gtp_off = (uint16_t)gtp_off;
	info->gtp_flags = g[0];
	info->msg_type = g[1];
	info->teid = ld32(g + 4);
	info->has_seq = false;
	info->seq = 0;
	info->has_qfi = false;
	info->qfi = 0;
	info->pdu_type = 0;
	info->inner_af = 0;
	info->inner_len = 0;

	pos = gtp_off + sizeof(struct gtpu_hdr);
	end = ip_end;
	if (g[0] & GTPU_FLAGS_OPT) {
		/* The 4 optional octets exist when any of E, S, PN is set. */
		if (gtp_len < sizeof(struct gtpu_hdr_opt))
			return GTPU_ERR_TRUNC_GTPU_OPT;
		if (g[0] & GTPU_FLAGS_S) {
			info->has_seq = true;
			info->seq = ld16(g + 8);
		}
		/* Next type is only meaningful when E is set (5.1). */
		if (g[0] & GTPU_FLAGS_E)
			next = g[11];
		pos += sizeof(struct gtpu_hdr_opt);
	}
	err = gtpu_ext_parse(buf, &pos, end, next, info);
	if (err != GTPU_OK)
		return err;
	info->payload_off = (uint16_t)pos;
	info->payload_len = (uint16_t)(end - pos);

	if (info->msg_type == GTPU_MSG_GPDU) {
		/* Section 5.1: TEID 0 is only for messages outside a tunnel
		 * (echo, error indication, notification). */
		if (info->teid == 0)
			return GTPU_ERR_ZERO_TEID;
		return gtpu_inner_check(buf + pos, end - pos, info);
	}
	return GTPU_OK;
}

enum gtpu_err
gtpu_err_ind_parse(const uint8_t *buf, uint32_t len,
		   const struct gtpu_info *info, uint32_t *teid,
		   uint8_t *peer_af, uint8_t peer[16])
{
	uint32_t pos, end, vlen, teid_val = 0;
	bool has_teid = false, has_peer = false;
	const uint8_t *peer_p = NULL;
	uint8_t type, af = 0;

	if (info->msg_type != GTPU_MSG_ERR_IND)
		return GTPU_ERR_UNKNOWN_MSG_TYPE;
	pos = info->payload_off;
	end = pos + info->payload_len;
	if (end > len)
		return GTPU_ERR_TRUNC_GTPU;

	/* Section 8.1: type < 128 is TV with a length fixed by the type,
	 * otherwise TLV with a 2-octet length. */
	while (pos < end) {
		type = buf[pos];
		if (type < GTPU_IE_TLV_MIN) {
			if (type == GTPU_IE_RECOVERY)
				vlen = 1;
			else if (type == GTPU_IE_TEID_DATA_I)
				vlen = 4;
			else
				return GTPU_ERR_ERR_IND_BAD_IE;
			if (end - pos - 1 < vlen)
				return GTPU_ERR_ERR_IND_BAD_IE;
			if (type == GTPU_IE_TEID_DATA_I) {
				if (has_teid)
					return GTPU_ERR_ERR_IND_BAD_IE;
				has_teid = true;
				teid_val = ld32(buf + pos + 1);
			}
			pos += 1 + vlen;
			continue;
		}
		if (end - pos < 3)
			return GTPU_ERR_ERR_IND_BAD_IE;
		vlen = ld16(buf + pos + 1);
		if (end - pos - 3 < vlen)
			return GTPU_ERR_ERR_IND_BAD_IE;
		if (type == GTPU_IE_PEER_ADDR) {
			if (has_peer || (vlen != 4 && vlen != 16))
				return GTPU_ERR_ERR_IND_BAD_IE;
			has_peer = true;
			af = vlen == 4 ? 4 : 6;
			peer_p = buf + pos + 3;
		}
		pos += 3 + vlen;
	}
	if (!has_teid || !has_peer)
		return GTPU_ERR_ERR_IND_MISSING_IE;
	*teid = teid_val;
	*peer_af = af;
	memset(peer, 0, 16);
	memcpy(peer, peer_p, af == 4 ? 4 : 16);
	return GTPU_OK;
}
