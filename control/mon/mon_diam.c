/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Diameter base protocol codec (RFC 6733) for the watchdog monitor:
 * header, AVPs with padding, CER/CEA and DWR/DWA, strict decoding.
 * Pure. Context: any.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "mon_diam.h"

/* Header command flags that RFC 6733 section 3 reserves (r4..r7). */
#define HDR_F_RESERVED	0x0f
/* AVP flags that section 4.1 reserves (r). */
#define AVP_F_RESERVED	0x1f
#define AVP_HDR_LEN	8
#define AVP_HDR_V_LEN	12

static const char *const err_str[] = {
#define MON_DIAM_ERR_STR(n, s) s,
	MON_DIAM_ERRS(MON_DIAM_ERR_STR)
#undef MON_DIAM_ERR_STR
};

const char *
mon_diam_err_str(enum mon_diam_err e)
{
	return (unsigned int)e < MON_DIAM_E_COUNT ? err_str[e] : "?";
}

/* Network-order fields at any alignment; 24-bit ones are the low three
 * bytes of a 32-bit word (RFC 6733 message and AVP lengths, command). */
static uint32_t
rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return ntohl(v);
}

static uint32_t
rd24(const uint8_t *p)
{
	uint8_t b[4] = { 0, p[0], p[1], p[2] };

	return rd32(b);
}

static void
wr32(uint8_t *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, sizeof(v));
}

static void
wr24(uint8_t *p, uint32_t v)
{
	uint8_t b[4];

	wr32(b, v);
	memcpy(p, b + 1, 3);
}

enum mon_diam_err
mon_diam_frame_len(const uint8_t *buf, size_t avail, size_t *len)
{
	uint32_t l;

	if (avail < 4)
		return MON_DIAM_E_SHORT;
	if (buf[0] != MON_DIAM_VERSION)
		return MON_DIAM_E_VERSION;
	l = rd24(buf + 1);
	if (l < MON_DIAM_HDR_LEN || l > MON_DIAM_MSG_MAX || (l & 3) != 0)
		return MON_DIAM_E_LENGTH;
	*len = l;
	return MON_DIAM_E_OK;
}

/* Encoder cursor. */
struct enc {
	uint8_t		*buf;
	size_t		cap;
	size_t		off;
	bool		full;
};

/* Append one AVP (no Vendor-ID field) with @data of @dlen bytes, padded
 * with zeros to 4 bytes (RFC 6733 section 4). */
static void
avp_put(struct enc *e, uint32_t code, uint8_t flags, const void *data,
	size_t dlen)
{
	size_t pad = (4 - (dlen & 3)) & 3;

	if (e->full || e->cap - e->off < AVP_HDR_LEN + dlen + pad) {
		e->full = true;
		return;
	}
	wr32(e->buf + e->off, code);
	e->buf[e->off + 4] = flags;
	wr24(e->buf + e->off + 5, (uint32_t)(AVP_HDR_LEN + dlen));
	memcpy(e->buf + e->off + AVP_HDR_LEN, data, dlen);
	memset(e->buf + e->off + AVP_HDR_LEN + dlen, 0, pad);
	e->off += AVP_HDR_LEN + dlen + pad;
}

static void
avp_u32(struct enc *e, uint32_t code, uint8_t flags, uint32_t v)
{
	uint8_t b[4];

	wr32(b, v);
	avp_put(e, code, flags, b, sizeof(b));
}

/* A string of 1..MON_DIAM_STR_MAX-1 printable characters. */
static bool
str_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len >= MON_DIAM_STR_MAX)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

static bool
avp_str(struct enc *e, uint32_t code, uint8_t flags, const char *s)
{
	size_t len = strnlen(s, MON_DIAM_STR_MAX);

	if (!str_ok(s, len))
		return false;
	avp_put(e, code, flags, s, len);
	return true;
}

enum mon_diam_err
mon_diam_encode(const struct mon_diam_msg *m, uint8_t *buf, size_t cap,
		size_t *len)
{
	const uint8_t mf = MON_DIAM_AVP_F_M;
	struct enc e = { .buf = buf, .cap = cap, .off = MON_DIAM_HDR_LEN };
	unsigned int i;
	bool ok = true;

	if (cap < MON_DIAM_HDR_LEN)
		return MON_DIAM_E_NOSPACE;
	if (m->cmd > 0xffffff || (m->flags & HDR_F_RESERVED) != 0)
		return MON_DIAM_E_FLAGS;
	if (m->has & MON_DIAM_HAS_RESULT_CODE)
		avp_u32(&e, MON_DIAM_AVP_RESULT_CODE, mf, m->result_code);
	if (m->has & MON_DIAM_HAS_ORIGIN_HOST)
		ok &= avp_str(&e, MON_DIAM_AVP_ORIGIN_HOST, mf,
			      m->origin_host);
	if (m->has & MON_DIAM_HAS_ORIGIN_REALM)
		ok &= avp_str(&e, MON_DIAM_AVP_ORIGIN_REALM, mf,
			      m->origin_realm);
	if (m->has & MON_DIAM_HAS_HOST_IP) {
		for (i = 0; i < m->n_ip && i < MON_DIAM_MAX_IP; i++) {
			uint8_t b[18];
			bool v4 = m->ip[i].family == AF_INET;

			if (!v4 && m->ip[i].family != AF_INET6)
				return MON_DIAM_E_AVP_VALUE;
			/* Address: AddressType (IANA: 1 IPv4, 2 IPv6). */
			b[0] = 0;
			b[1] = v4 ? 1 : 2;
			memcpy(b + 2, m->ip[i].addr, v4 ? 4 : 16);
			avp_put(&e, MON_DIAM_AVP_HOST_IP, mf, b,
				v4 ? 6 : 18);
		}
	}
	if (m->has & MON_DIAM_HAS_VENDOR_ID)
		avp_u32(&e, MON_DIAM_AVP_VENDOR_ID, mf, m->vendor_id);
	/* Product-Name: the M bit MUST NOT be set (section 5.3.7). */
	if (m->has & MON_DIAM_HAS_PRODUCT_NAME)
		ok &= avp_str(&e, MON_DIAM_AVP_PRODUCT_NAME, 0,
			      m->product_name);
	if (m->has & MON_DIAM_HAS_ORIGIN_STATE_ID)
		avp_u32(&e, MON_DIAM_AVP_ORIGIN_STATE_ID, mf,
			m->origin_state_id);
	if (m->has & MON_DIAM_HAS_AUTH_APP_ID)
		avp_u32(&e, MON_DIAM_AVP_AUTH_APP_ID, mf, m->auth_app_id);
	if (!ok)
		return MON_DIAM_E_AVP_VALUE;
	if (e.full || e.off > MON_DIAM_MSG_MAX)
		return MON_DIAM_E_NOSPACE;
	buf[0] = MON_DIAM_VERSION;
	wr24(buf + 1, (uint32_t)e.off);
	buf[4] = m->flags;
	wr24(buf + 5, m->cmd);
	wr32(buf + 8, m->app_id);
	wr32(buf + 12, m->hbh);
	wr32(buf + 16, m->e2e);
	*len = e.off;
	return MON_DIAM_E_OK;
}

/* Copy a string AVP value into @out (NUL-terminated). */
static enum mon_diam_err
get_str(const uint8_t *d, size_t dlen, char *out)
{
	if (!str_ok((const char *)d, dlen))
		return MON_DIAM_E_AVP_VALUE;
	memcpy(out, d, dlen);
	out[dlen] = '\0';
	return MON_DIAM_E_OK;
}

/* One known AVP's value into @m. */
static enum mon_diam_err
avp_get(struct mon_diam_msg *m, uint32_t code, const uint8_t *d, size_t dlen)
{
	uint32_t bit;

	switch (code) {
	case MON_DIAM_AVP_ORIGIN_HOST:
		bit = MON_DIAM_HAS_ORIGIN_HOST;
		break;
	case MON_DIAM_AVP_ORIGIN_REALM:
		bit = MON_DIAM_HAS_ORIGIN_REALM;
		break;
	case MON_DIAM_AVP_HOST_IP:
		bit = MON_DIAM_HAS_HOST_IP;
		break;
	case MON_DIAM_AVP_VENDOR_ID:
		bit = MON_DIAM_HAS_VENDOR_ID;
		break;
	case MON_DIAM_AVP_PRODUCT_NAME:
		bit = MON_DIAM_HAS_PRODUCT_NAME;
		break;
	case MON_DIAM_AVP_RESULT_CODE:
		bit = MON_DIAM_HAS_RESULT_CODE;
		break;
	case MON_DIAM_AVP_ORIGIN_STATE_ID:
		bit = MON_DIAM_HAS_ORIGIN_STATE_ID;
		break;
	default:
		return MON_DIAM_E_OK;	/* not ours: skipped */
	}
	if (bit == MON_DIAM_HAS_HOST_IP) {
		struct mon_diam_ip *ip;
		uint16_t type;

		if (dlen < 2)
			return MON_DIAM_E_AVP_VALUE;
		type = (uint16_t)(d[0] << 8 | d[1]);
		if (!((type == 1 && dlen == 6) || (type == 2 && dlen == 18)))
			return MON_DIAM_E_AVP_VALUE;
		m->has |= bit;
		if (m->n_ip >= MON_DIAM_MAX_IP)
			return MON_DIAM_E_OK;	/* more are fine, not kept */
		ip = &m->ip[m->n_ip++];
		ip->family = type == 1 ? AF_INET : AF_INET6;
		memcpy(ip->addr, d + 2, dlen - 2);
		return MON_DIAM_E_OK;
	}
	if (m->has & bit)
		return MON_DIAM_E_AVP_DUP;
	m->has |= bit;
	switch (code) {
	case MON_DIAM_AVP_ORIGIN_HOST:
		return get_str(d, dlen, m->origin_host);
	case MON_DIAM_AVP_ORIGIN_REALM:
		return get_str(d, dlen, m->origin_realm);
	case MON_DIAM_AVP_PRODUCT_NAME:
		return get_str(d, dlen, m->product_name);
	default:
		break;
	}
	if (dlen != 4)
		return MON_DIAM_E_AVP_VALUE;
	if (code == MON_DIAM_AVP_VENDOR_ID)
		m->vendor_id = rd32(d);
	else if (code == MON_DIAM_AVP_RESULT_CODE)
		m->result_code = rd32(d);
	else
		m->origin_state_id = rd32(d);
	return MON_DIAM_E_OK;
}

enum mon_diam_err
mon_diam_decode(const uint8_t *buf, size_t len, struct mon_diam_msg *m)
{
	enum mon_diam_err err;
	size_t off, mlen;

	memset(m, 0, sizeof(*m));
	if (len < MON_DIAM_HDR_LEN)
		return MON_DIAM_E_SHORT;
	err = mon_diam_frame_len(buf, len, &mlen);
	if (err != MON_DIAM_E_OK)
		return err;
	if (mlen != len)
		return mlen > len ? MON_DIAM_E_SHORT : MON_DIAM_E_LENGTH;
	m->flags = buf[4];
	m->cmd = rd24(buf + 5);
	m->app_id = rd32(buf + 8);
	m->hbh = rd32(buf + 12);
	m->e2e = rd32(buf + 16);
	/* Reserved bits are zero; E only in answers; T only in requests
	 * (RFC 6733 section 3). */
	if ((m->flags & HDR_F_RESERVED) != 0 ||
	    ((m->flags & MON_DIAM_F_R) && (m->flags & MON_DIAM_F_E)) ||
	    (!(m->flags & MON_DIAM_F_R) && (m->flags & MON_DIAM_F_T)))
		return MON_DIAM_E_FLAGS;
	for (off = MON_DIAM_HDR_LEN; off < len;) {
		size_t hlen = AVP_HDR_LEN, alen, pad, i;
		uint32_t code;
		uint8_t fl;

		if (len - off < AVP_HDR_LEN)
			return MON_DIAM_E_AVP_LENGTH;
		code = rd32(buf + off);
		fl = buf[off + 4];
		alen = rd24(buf + off + 5);
		if ((fl & AVP_F_RESERVED) != 0)
			return MON_DIAM_E_AVP_FLAGS;
		if (fl & MON_DIAM_AVP_F_V)
			hlen = AVP_HDR_V_LEN;
		if (alen < hlen || alen > len - off)
			return MON_DIAM_E_AVP_LENGTH;
		pad = (4 - (alen & 3)) & 3;
		if (pad > len - off - alen)
			return MON_DIAM_E_AVP_LENGTH;
		for (i = 0; i < pad; i++)
			if (buf[off + alen + i] != 0)
				return MON_DIAM_E_AVP_PADDING;
		/* Vendor-specific AVPs are not the base protocol's. */
		if (hlen == AVP_HDR_LEN) {
			err = avp_get(m, code, buf + off + hlen, alen - hlen);
			if (err != MON_DIAM_E_OK)
				return err;
		}
		off += alen + pad;
	}
	return MON_DIAM_E_OK;
}

enum mon_diam_err
mon_diam_check_answer(const struct mon_diam_msg *m, uint32_t cmd,
		      uint32_t hbh)
{
	const uint32_t need = MON_DIAM_HAS_ORIGIN_HOST |
			      MON_DIAM_HAS_ORIGIN_REALM |
			      MON_DIAM_HAS_RESULT_CODE;

	if (m->flags & MON_DIAM_F_R)
		return MON_DIAM_E_NOT_ANSWER;
	if (m->cmd != cmd || m->app_id != 0)
		return MON_DIAM_E_COMMAND;
	if (m->hbh != hbh)
		return MON_DIAM_E_HBH;
	if ((m->has & need) != need)
		return MON_DIAM_E_AVP_MISSING;
	if (m->result_code != MON_DIAM_SUCCESS || (m->flags & MON_DIAM_F_E))
		return MON_DIAM_E_RESULT;
	return MON_DIAM_E_OK;
}

enum mon_diam_err
mon_diam_check_request(const struct mon_diam_msg *m)
{
	const uint32_t need = MON_DIAM_HAS_ORIGIN_HOST |
			      MON_DIAM_HAS_ORIGIN_REALM;

	if (!(m->flags & MON_DIAM_F_R))
		return MON_DIAM_E_NOT_REQUEST;
	if (m->app_id != 0)
		return MON_DIAM_E_COMMAND;
	if ((m->has & need) != need)
		return MON_DIAM_E_AVP_MISSING;
	return MON_DIAM_E_OK;
}
