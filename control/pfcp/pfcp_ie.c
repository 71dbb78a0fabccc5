/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PFCP IE level: the output buffer, the IE iterator and the value codecs of
 * the single IEs (Node ID, F-SEID, F-TEID, UE IP Address, SDF Filter, Outer
 * Header Creation, Failed Rule ID, feature bitmaps). Decoders accept octets
 * beyond those they know (TS 29.244 section 8.1.1: later releases may
 * extend an IE). Pure. Context: any.
 */
#include <string.h>

#include "pfcp_codec_int.h"

enum pfcp_err
pfcp_ie_fail(struct pfcp_err_info *ei, enum pfcp_err err, uint16_t ie_type)
{
	if (ei->ie_type == 0)
		ei->ie_type = ie_type;
	ei->err = err;
	return err;
}

uint16_t
pfcp_get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

uint32_t
pfcp_get_u24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

uint32_t
pfcp_get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | pfcp_get_u24(p + 1);
}

uint64_t
pfcp_get_u64(const uint8_t *p)
{
	return (uint64_t)pfcp_get_u32(p) << 32 | pfcp_get_u32(p + 4);
}

enum pfcp_err
pfcp_ie_next(const uint8_t *buf, size_t len, size_t *off, struct pfcp_ie *ie)
{
	size_t o = *off;
	size_t vlen;

	ie->type = 0;
	if (len - o < PFCP_IE_HDR_LEN) {
		if (len - o >= 2)
			ie->type = pfcp_get_u16(buf + o);
		return PFCP_E_IE_TRUNC;
	}
	ie->type = pfcp_get_u16(buf + o);
	vlen = pfcp_get_u16(buf + o + 2);
	if (vlen > len - o - PFCP_IE_HDR_LEN)
		return PFCP_E_IE_TRUNC;
	ie->vendor = (ie->type & PFCP_IE_VENDOR_BIT) != 0;
	ie->v = buf + o + PFCP_IE_HDR_LEN;
	ie->len = (uint16_t)vlen;
	*off = o + PFCP_IE_HDR_LEN + vlen;
	if (ie->vendor) {
		/* Section 8.1.1: the enterprise ID is counted in the length. */
		if (vlen < 2)
			return PFCP_E_IE_LEN;
		ie->v += 2;
		ie->len -= 2;
	}
	return PFCP_OK;
}

void
pfcp_w_bytes(struct pfcp_wbuf *w, const void *p, size_t n)
{
	if (w->overflow || n > w->cap - w->len) {
		w->overflow = true;
		return;
	}
	if (n > 0)
		memcpy(w->p + w->len, p, n);
	w->len += n;
}

void
pfcp_w_u8(struct pfcp_wbuf *w, uint8_t v)
{
	pfcp_w_bytes(w, &v, 1);
}

void
pfcp_w_u16(struct pfcp_wbuf *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	pfcp_w_bytes(w, b, sizeof(b));
}

void
pfcp_w_u24(struct pfcp_wbuf *w, uint32_t v)
{
	uint8_t b[3] = { (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	pfcp_w_bytes(w, b, sizeof(b));
}

void
pfcp_w_u32(struct pfcp_wbuf *w, uint32_t v)
{
	pfcp_w_u16(w, (uint16_t)(v >> 16));
	pfcp_w_u16(w, (uint16_t)v);
}

void
pfcp_w_u64(struct pfcp_wbuf *w, uint64_t v)
{
	pfcp_w_u32(w, (uint32_t)(v >> 32));
	pfcp_w_u32(w, (uint32_t)v);
}

size_t
pfcp_ie_begin(struct pfcp_wbuf *w, uint16_t type)
{
	size_t at = w->len;

	pfcp_w_u16(w, type);
	pfcp_w_u16(w, 0);
	return at;
}

void
pfcp_ie_end(struct pfcp_wbuf *w, size_t at)
{
	size_t vlen = w->len - at - PFCP_IE_HDR_LEN;

	if (w->overflow)
		return;
	if (vlen > 0xffff) {
		w->overflow = true;
		return;
	}
	w->p[at + 2] = (uint8_t)(vlen >> 8);
	w->p[at + 3] = (uint8_t)vlen;
}

void
pfcp_ie_put_u8(struct pfcp_wbuf *w, uint16_t type, uint8_t v)
{
	pfcp_w_u16(w, type);
	pfcp_w_u16(w, 1);
	pfcp_w_u8(w, v);
}

void
pfcp_ie_put_u16(struct pfcp_wbuf *w, uint16_t type, uint16_t v)
{
	pfcp_w_u16(w, type);
	pfcp_w_u16(w, 2);
	pfcp_w_u16(w, v);
}

void
pfcp_ie_put_u32(struct pfcp_wbuf *w, uint16_t type, uint32_t v)
{
	pfcp_w_u16(w, type);
	pfcp_w_u16(w, 4);
	pfcp_w_u32(w, v);
}

void
pfcp_ie_put_bytes(struct pfcp_wbuf *w, uint16_t type,
		  const struct pfcp_bytes *b)
{
	pfcp_w_u16(w, type);
	pfcp_w_u16(w, b->len);
	pfcp_w_bytes(w, b->p, b->len);
}

enum pfcp_err
pfcp_ie_get_uint(const struct pfcp_ie *ie, size_t n, uint32_t *v)
{
	size_t i;

	if (ie->len < n)
		return PFCP_E_IE_LEN;
	*v = 0;
	for (i = 0; i < n; i++)
		*v = *v << 8 | ie->v[i];
	return PFCP_OK;
}

enum pfcp_err
pfcp_ie_get_node_id(const struct pfcp_ie *ie, struct pfcp_node_id *n)
{
	if (ie->len < 1)
		return PFCP_E_IE_LEN;
	n->type = ie->v[0] & 0x0f;
	switch (n->type) {
	case PFCP_NODE_ID_IPV4:
		if (ie->len < 1 + 4)
			return PFCP_E_IE_LEN;
		memcpy(n->v4, ie->v + 1, 4);
		return PFCP_OK;
	case PFCP_NODE_ID_IPV6:
		if (ie->len < 1 + 16)
			return PFCP_E_IE_LEN;
		memcpy(n->v6, ie->v + 1, 16);
		return PFCP_OK;
	case PFCP_NODE_ID_FQDN:
		if (ie->len < 2)
			return PFCP_E_IE_LEN;
		n->fqdn.p = ie->v + 1;
		n->fqdn.len = (uint16_t)(ie->len - 1);
		return PFCP_OK;
	default:
		return PFCP_E_IE_VALUE;
	}
}

void
pfcp_ie_put_node_id(struct pfcp_wbuf *w, const struct pfcp_node_id *n)
{
	size_t at = pfcp_ie_begin(w, PFCP_IE_NODE_ID);

	pfcp_w_u8(w, n->type);
	if (n->type == PFCP_NODE_ID_IPV4)
		pfcp_w_bytes(w, n->v4, 4);
	else if (n->type == PFCP_NODE_ID_IPV6)
		pfcp_w_bytes(w, n->v6, 16);
	else
		pfcp_w_bytes(w, n->fqdn.p, n->fqdn.len);
	pfcp_ie_end(w, at);
}

/* Length of the optional IPv4/IPv6 addresses selected by two flag bits. */
static size_t
addr_len(uint8_t flags, uint8_t v4_bit, uint8_t v6_bit)
{
	return ((flags & v4_bit) ? 4u : 0u) + ((flags & v6_bit) ? 16u : 0u);
}

/* Read the addresses at @p (IPv4 first, section 8.2.3 and 8.2.37). */
static void
addr_get(const uint8_t *p, uint8_t flags, uint8_t v4_bit, uint8_t v6_bit,
	 uint8_t *v4, uint8_t *v6)
{
	if (flags & v4_bit) {
		memcpy(v4, p, 4);
		p += 4;
	}
	if (flags & v6_bit)
		memcpy(v6, p, 16);
}

static void
addr_put(struct pfcp_wbuf *w, uint8_t flags, uint8_t v4_bit, uint8_t v6_bit,
	 const uint8_t *v4, const uint8_t *v6)
{
	if (flags & v4_bit)
		pfcp_w_bytes(w, v4, 4);
	if (flags & v6_bit)
		pfcp_w_bytes(w, v6, 16);
}

enum pfcp_err
pfcp_ie_get_fseid(const struct pfcp_ie *ie, struct pfcp_fseid *f)
{
	if (ie->len < 9)
		return PFCP_E_IE_LEN;
	f->flags = ie->v[0] & (PFCP_FSEID_V4 | PFCP_FSEID_V6);
	/* Section 8.2.37: at least one of V4 and V6 shall be set. */
	if (f->flags == 0)
		return PFCP_E_IE_VALUE;
	if (ie->len < 9 + addr_len(f->flags, PFCP_FSEID_V4, PFCP_FSEID_V6))
		return PFCP_E_IE_LEN;
	f->seid = pfcp_get_u64(ie->v + 1);
	addr_get(ie->v + 9, f->flags, PFCP_FSEID_V4, PFCP_FSEID_V6, f->v4,
		 f->v6);
	return PFCP_OK;
}

void
pfcp_ie_put_fseid(struct pfcp_wbuf *w, const struct pfcp_fseid *f)
{
	size_t at = pfcp_ie_begin(w, PFCP_IE_F_SEID);

	pfcp_w_u8(w, f->flags);
	pfcp_w_u64(w, f->seid);
	addr_put(w, f->flags, PFCP_FSEID_V4, PFCP_FSEID_V6, f->v4, f->v6);
	pfcp_ie_end(w, at);
}

enum pfcp_err
pfcp_ie_get_fteid(const struct pfcp_ie *ie, struct pfcp_fteid *f)
{
	if (ie->len < 1)
		return PFCP_E_IE_LEN;
	f->flags = ie->v[0] & 0x0f;
	if (f->flags & PFCP_FTEID_CH) {
		/* Section 8.2.3: CH=1 carries no TEID and no address. */
		if (f->flags & PFCP_FTEID_CHID) {
			if (ie->len < 2)
				return PFCP_E_IE_LEN;
			f->choose_id = ie->v[1];
		}
		return PFCP_OK;
	}
	if (f->flags & PFCP_FTEID_CHID)
		return PFCP_E_IE_VALUE;
	if ((f->flags & (PFCP_FTEID_V4 | PFCP_FTEID_V6)) == 0)
		return PFCP_E_IE_VALUE;
	if (ie->len < 5 + addr_len(f->flags, PFCP_FTEID_V4, PFCP_FTEID_V6))
		return PFCP_E_IE_LEN;
	f->teid = pfcp_get_u32(ie->v + 1);
	addr_get(ie->v + 5, f->flags, PFCP_FTEID_V4, PFCP_FTEID_V6, f->v4,
		 f->v6);
	return PFCP_OK;
}

void
pfcp_ie_put_fteid(struct pfcp_wbuf *w, const struct pfcp_fteid *f)
{
	size_t at = pfcp_ie_begin(w, PFCP_IE_F_TEID);

	pfcp_w_u8(w, f->flags);
	if (f->flags & PFCP_FTEID_CH) {
		if (f->flags & PFCP_FTEID_CHID)
			pfcp_w_u8(w, f->choose_id);
	} else {
		pfcp_w_u32(w, f->teid);
		addr_put(w, f->flags, PFCP_FTEID_V4, PFCP_FTEID_V6, f->v4,
			 f->v6);
	}
	pfcp_ie_end(w, at);
}

enum pfcp_err
pfcp_ie_get_ue_ip(const struct pfcp_ie *ie, struct pfcp_ue_ip *u)
{
	size_t need;

	if (ie->len < 1)
		return PFCP_E_IE_LEN;
	u->flags = ie->v[0] & 0x7f;
	/* Section 8.2.62: a chosen address carries no address of that kind. */
	if ((u->flags & PFCP_UEIP_CHV4) && (u->flags & PFCP_UEIP_V4) == 0)
		return PFCP_E_IE_VALUE;
	if ((u->flags & PFCP_UEIP_CHV6) && (u->flags & PFCP_UEIP_V6) == 0)
		return PFCP_E_IE_VALUE;
	need = 1;
	if ((u->flags & PFCP_UEIP_V4) && !(u->flags & PFCP_UEIP_CHV4))
		need += 4;
	if ((u->flags & PFCP_UEIP_V6) && !(u->flags & PFCP_UEIP_CHV6))
		need += 16;
	need += (u->flags & PFCP_UEIP_V6D) ? 1 : 0;
	need += (u->flags & PFCP_UEIP_V6PL) ? 1 : 0;
	if (ie->len < need)
		return PFCP_E_IE_LEN;
	need = 1;
	if ((u->flags & PFCP_UEIP_V4) && !(u->flags & PFCP_UEIP_CHV4)) {
		memcpy(u->v4, ie->v + need, 4);
		need += 4;
	}
	if ((u->flags & PFCP_UEIP_V6) && !(u->flags & PFCP_UEIP_CHV6)) {
		memcpy(u->v6, ie->v + need, 16);
		need += 16;
	}
	if (u->flags & PFCP_UEIP_V6D)
		u->v6d_bits = ie->v[need++];
	if (u->flags & PFCP_UEIP_V6PL)
		u->v6_plen = ie->v[need];
	return PFCP_OK;
}

void
pfcp_ie_put_ue_ip(struct pfcp_wbuf *w, const struct pfcp_ue_ip *u)
{
	size_t at = pfcp_ie_begin(w, PFCP_IE_UE_IP_ADDR);

	pfcp_w_u8(w, u->flags);
	if ((u->flags & PFCP_UEIP_V4) && !(u->flags & PFCP_UEIP_CHV4))
		pfcp_w_bytes(w, u->v4, 4);
	if ((u->flags & PFCP_UEIP_V6) && !(u->flags & PFCP_UEIP_CHV6))
		pfcp_w_bytes(w, u->v6, 16);
	if (u->flags & PFCP_UEIP_V6D)
		pfcp_w_u8(w, u->v6d_bits);
	if (u->flags & PFCP_UEIP_V6PL)
		pfcp_w_u8(w, u->v6_plen);
	pfcp_ie_end(w, at);
}

enum pfcp_err
pfcp_ie_get_sdf(const struct pfcp_ie *ie, struct pfcp_sdf *s)
{
	size_t o = 2;

	if (ie->len < 2)
		return PFCP_E_IE_LEN;
	s->flags = ie->v[0] & 0x1f;
	if (s->flags & PFCP_SDF_FD) {
		if (ie->len < o + 2)
			return PFCP_E_IE_LEN;
		s->fd.len = pfcp_get_u16(ie->v + o);
		o += 2;
		if (ie->len - o < s->fd.len)
			return PFCP_E_IE_LEN;
		s->fd.p = ie->v + o;
		o += s->fd.len;
	}
	if (s->flags & PFCP_SDF_TTC) {
		if (ie->len - o < 2)
			return PFCP_E_IE_LEN;
		s->ttc = pfcp_get_u16(ie->v + o);
		o += 2;
	}
	if (s->flags & PFCP_SDF_SPI) {
		if (ie->len - o < 4)
			return PFCP_E_IE_LEN;
		s->spi = pfcp_get_u32(ie->v + o);
		o += 4;
	}
	if (s->flags & PFCP_SDF_FL) {
		if (ie->len - o < 3)
			return PFCP_E_IE_LEN;
		s->flow_label = pfcp_get_u24(ie->v + o);
		o += 3;
	}
	if (s->flags & PFCP_SDF_BID) {
		if (ie->len - o < 4)
			return PFCP_E_IE_LEN;
		s->filter_id = pfcp_get_u32(ie->v + o);
	}
	return PFCP_OK;
}

void
pfcp_ie_put_sdf(struct pfcp_wbuf *w, const struct pfcp_sdf *s)
{
	size_t at = pfcp_ie_begin(w, PFCP_IE_SDF_FILTER);

	pfcp_w_u8(w, s->flags);
	pfcp_w_u8(w, 0);
	if (s->flags & PFCP_SDF_FD) {
		pfcp_w_u16(w, s->fd.len);
		pfcp_w_bytes(w, s->fd.p, s->fd.len);
	}
	if (s->flags & PFCP_SDF_TTC)
		pfcp_w_u16(w, s->ttc);
	if (s->flags & PFCP_SDF_SPI)
		pfcp_w_u32(w, s->spi);
	if (s->flags & PFCP_SDF_FL)
		pfcp_w_u24(w, s->flow_label);
	if (s->flags & PFCP_SDF_BID)
		pfcp_w_u32(w, s->filter_id);
	pfcp_ie_end(w, at);
}

/* Octets after the description that @desc asks for (section 8.2.56). */
static size_t
ohc_body_len(uint16_t desc)
{
	size_t n = 0;

	if (desc & (PFCP_OHC_GTPU_V4 | PFCP_OHC_GTPU_V6))
		n += 4;
	if (desc & (PFCP_OHC_GTPU_V4 | PFCP_OHC_UDP_V4 | PFCP_OHC_IPV4))
		n += 4;
	if (desc & (PFCP_OHC_GTPU_V6 | PFCP_OHC_UDP_V6 | PFCP_OHC_IPV6))
		n += 16;
	if (desc & (PFCP_OHC_UDP_V4 | PFCP_OHC_UDP_V6))
		n += 2;
	n += (desc & PFCP_OHC_CTAG) ? 3 : 0;
	n += (desc & PFCP_OHC_STAG) ? 3 : 0;
	return n;
}

enum pfcp_err
pfcp_ie_get_ohc(const struct pfcp_ie *ie, struct pfcp_ohc *o)
{
	const uint8_t *p = ie->v + 2;
	uint16_t d;

	if (ie->len < 2)
		return PFCP_E_IE_LEN;
	o->desc = pfcp_get_u16(ie->v);
	d = o->desc;
	if ((d & 0xff00) == 0)
		return PFCP_E_IE_VALUE;
	if ((size_t)ie->len - 2 < ohc_body_len(d))
		return PFCP_E_IE_LEN;
	if (d & (PFCP_OHC_GTPU_V4 | PFCP_OHC_GTPU_V6)) {
		o->teid = pfcp_get_u32(p);
		p += 4;
	}
	if (d & (PFCP_OHC_GTPU_V4 | PFCP_OHC_UDP_V4 | PFCP_OHC_IPV4)) {
		memcpy(o->v4, p, 4);
		p += 4;
	}
	if (d & (PFCP_OHC_GTPU_V6 | PFCP_OHC_UDP_V6 | PFCP_OHC_IPV6)) {
		memcpy(o->v6, p, 16);
		p += 16;
	}
	if (d & (PFCP_OHC_UDP_V4 | PFCP_OHC_UDP_V6)) {
		o->port = pfcp_get_u16(p);
		p += 2;
	}
	if (d & PFCP_OHC_CTAG) {
		memcpy(o->ctag, p, 3);
		p += 3;
	}
	if (d & PFCP_OHC_STAG)
		memcpy(o->stag, p, 3);
	return PFCP_OK;
}

void
pfcp_ie_put_ohc(struct pfcp_wbuf *w, const struct pfcp_ohc *o)
{
	size_t at = pfcp_ie_begin(w, PFCP_IE_OUTER_HDR_CREATION);
	uint16_t d = o->desc;

	pfcp_w_u16(w, d);
	if (d & (PFCP_OHC_GTPU_V4 | PFCP_OHC_GTPU_V6))
		pfcp_w_u32(w, o->teid);
	if (d & (PFCP_OHC_GTPU_V4 | PFCP_OHC_UDP_V4 | PFCP_OHC_IPV4))
		pfcp_w_bytes(w, o->v4, 4);
	if (d & (PFCP_OHC_GTPU_V6 | PFCP_OHC_UDP_V6 | PFCP_OHC_IPV6))
		pfcp_w_bytes(w, o->v6, 16);
	if (d & (PFCP_OHC_UDP_V4 | PFCP_OHC_UDP_V6))
		pfcp_w_u16(w, o->port);
	if (d & PFCP_OHC_CTAG)
		pfcp_w_bytes(w, o->ctag, 3);
	if (d & PFCP_OHC_STAG)
		pfcp_w_bytes(w, o->stag, 3);
	pfcp_ie_end(w, at);
}

/* Octets of a rule id of each Failed Rule ID type (section 8.2.80). */
static const uint8_t rule_id_len[] = {
	[PFCP_RULE_PDR] = 2, [PFCP_RULE_FAR] = 4, [PFCP_RULE_QER] = 4,
	[PFCP_RULE_URR] = 4, [PFCP_RULE_BAR] = 1,
};

enum pfcp_err
pfcp_ie_get_failed_rule(const struct pfcp_ie *ie, struct pfcp_failed_rule *r)
{
	struct pfcp_ie id;
	uint32_t v;

	if (ie->len < 1)
		return PFCP_E_IE_LEN;
	r->type = ie->v[0] & 0x1f;
	if (r->type > PFCP_RULE_BAR)
		return PFCP_E_IE_VALUE;
	id.v = ie->v + 1;
	id.len = (uint16_t)(ie->len - 1);
	if (pfcp_ie_get_uint(&id, rule_id_len[r->type], &v) != PFCP_OK)
		return PFCP_E_IE_LEN;
	r->id = v;
	return PFCP_OK;
}

void
pfcp_ie_put_failed_rule(struct pfcp_wbuf *w, const struct pfcp_failed_rule *r)
{
	size_t at = pfcp_ie_begin(w, PFCP_IE_FAILED_RULE_ID);
	uint8_t n = r->type <= PFCP_RULE_BAR ? rule_id_len[r->type] : 4;

	pfcp_w_u8(w, r->type);
	for (; n > 0; n--)
		pfcp_w_u8(w, (uint8_t)(r->id >> (8 * (n - 1))));
	pfcp_ie_end(w, at);
}

enum pfcp_err
pfcp_ie_get_features(const struct pfcp_ie *ie, uint8_t *dst,
		     uint8_t *dst_len)
{
	size_t n = ie->len < PFCP_FEATURES_MAX ? ie->len : PFCP_FEATURES_MAX;

	if (ie->len < 1)
		return PFCP_E_IE_LEN;
	memcpy(dst, ie->v, n);
	*dst_len = (uint8_t)n;
	return PFCP_OK;
}
