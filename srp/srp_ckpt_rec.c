/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Encoder and strict decoder of checkpoint session records (see
 * srp_ckpt_rec.h). Network byte order throughout. Context: any.
 */
#include <string.h>

#include "srp_ckpt_rec.h"

static const char *const srp_rec_err_names[SRP_REC_E_MAX] = {
	[SRP_REC_OK] = "ok",
	[SRP_REC_E_SHORT] = "short",
	[SRP_REC_E_VERSION] = "version",
	[SRP_REC_E_RESERVED] = "reserved",
	[SRP_REC_E_OP] = "op",
	[SRP_REC_E_FLAGS] = "flags",
	[SRP_REC_E_AF] = "af",
	[SRP_REC_E_TEID] = "teid",
	[SRP_REC_E_QFI] = "qfi",
	[SRP_REC_E_NO_UE] = "no_ue",
	[SRP_REC_E_EXT] = "ext",
	[SRP_REC_E_COUNT] = "count",
	[SRP_REC_E_NOSPACE] = "nospace",
	[SRP_REC_E_INVAL] = "inval",
};

const char *
srp_rec_err_name(enum srp_rec_err e)
{
	if ((unsigned int)e >= SRP_REC_E_MAX)
		return "?";
	return srp_rec_err_names[e];
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void
put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t
get64(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

/*
 * Bytes of the peer address of upsert @r: 4, 16, or 0 for a session
 * without a downlink tunnel (family 0, only with SRP_REC_F_DL_DROP); -1 for
 * a family the format does not allow.
 */
static int
srp_rec_peer_len(const struct srp_rec *r)
{
	if (r->peer_af == 4)
		return 4;
	if (r->peer_af == 6)
		return 16;
	if (r->peer_af == 0 && (r->flags & SRP_REC_F_DL_DROP))
		return 0;
	return -1;
}

/* A timeout on the wire: the default (0), seconds, or none. */
static bool
srp_rec_timer_ok(uint32_t v)
{
	return v <= SRP_REC_TIMER_MAX || v == SRP_REC_TIMER_NONE;
}

size_t
srp_rec_timers_encode(const struct srp_rec_timers *tm, uint8_t *buf,
		      size_t cap)
{
	if (tm == NULL || buf == NULL || cap < SRP_REC_TIMERS_LEN ||
	    !srp_rec_timer_ok(tm->idle_s) || !srp_rec_timer_ok(tm->abs_s))
		return 0;
	memset(buf, 0, SRP_REC_TIMERS_LEN);
	buf[0] = SRP_REC_TIMERS_VERSION;
	put32(buf + 4, tm->idle_s);
	put32(buf + 8, tm->abs_s);
	return SRP_REC_TIMERS_LEN;
}

enum srp_rec_err
srp_rec_timers_decode(const uint8_t *buf, size_t len,
		      struct srp_rec_timers *tm)
{
	struct srp_rec_timers v;

	if (buf == NULL || len != SRP_REC_TIMERS_LEN ||
	    buf[0] != SRP_REC_TIMERS_VERSION)
		return SRP_REC_E_EXT;
	if (buf[1] != 0 || buf[2] != 0 || buf[3] != 0)
		return SRP_REC_E_RESERVED;
	v.idle_s = get32(buf + 4);
	v.abs_s = get32(buf + 8);
	if (!srp_rec_timer_ok(v.idle_s) || !srp_rec_timer_ok(v.abs_s))
		return SRP_REC_E_EXT;
	if (tm != NULL)
		*tm = v;
	return SRP_REC_OK;
}

/* Rules shared by encoder and decoder for the fixed fields of @r. */
static enum srp_rec_err
srp_rec_validate(const struct srp_rec *r)
{
	if (r->op == SRP_REC_DELETE || r->op == SRP_REC_COUNTERS)
		return r->teid_local == 0 ? SRP_REC_E_TEID : SRP_REC_OK;
	if (r->op == SRP_REC_EXT) {
		if (r->ext_len == 0 || r->ext_len > SRP_REC_EXT_MAX)
			return SRP_REC_E_EXT;
		if (r->ext_kind == SRP_REC_EXT_PFCP_SESS ||
		    r->ext_kind == SRP_REC_EXT_PFCP_GONE)
			return r->teid_local != 0 ? SRP_REC_OK : SRP_REC_E_EXT;
		if (r->ext_kind == SRP_REC_EXT_PFCP_NODE)
			return r->teid_local == 0 ? SRP_REC_OK : SRP_REC_E_EXT;
		if (r->ext_kind == SRP_REC_EXT_SESS_TIMERS) {
			if (r->teid_local == 0)
				return SRP_REC_E_EXT;
			/* The payload is checked with the batch, so a bad
			 * one refuses the batch before anything applies. */
			return r->ext == NULL ? SRP_REC_OK :
			       srp_rec_timers_decode(r->ext, r->ext_len, NULL);
		}
		return SRP_REC_E_EXT;
	}
	if (r->op != SRP_REC_UPSERT)
		return SRP_REC_E_OP;
	if (r->flags & ~SRP_REC_F_KNOWN)
		return SRP_REC_E_FLAGS;
	if (srp_rec_peer_len(r) < 0)
		return SRP_REC_E_AF;
	/* A remote TEID exactly when there is a peer to send to. */
	if (r->teid_local == 0 || (r->teid_remote == 0) != (r->peer_af == 0))
		return SRP_REC_E_TEID;
	if (r->qfi > 63 || (!(r->flags & SRP_REC_F_QFI) && r->qfi != 0))
		return SRP_REC_E_QFI;
	if (!(r->flags & (SRP_REC_F_UE4 | SRP_REC_F_UE6)))
		return SRP_REC_E_NO_UE;
	return SRP_REC_OK;
}

size_t
srp_rec_len(const struct srp_rec *r)
{
	size_t len;

	if (r == NULL)
		return 0;
	if (r->op == SRP_REC_DELETE)
		return SRP_REC_DELETE_LEN;
	if (r->op == SRP_REC_COUNTERS)
		return SRP_REC_COUNTERS_LEN;
	if (r->op == SRP_REC_EXT)
		return SRP_REC_EXT_HDR_LEN + r->ext_len;
	if (r->op != SRP_REC_UPSERT || srp_rec_peer_len(r) < 0)
		return 0;
	len = SRP_REC_UPSERT_FIXED + (size_t)srp_rec_peer_len(r);
	if (r->flags & SRP_REC_F_UE4)
		len += 4;
	if (r->flags & SRP_REC_F_UE6)
		len += 16;
	return len;
}

enum srp_rec_err
srp_rec_writer_init(struct srp_rec_writer *w, uint8_t *buf, size_t cap)
{
	if (w == NULL || buf == NULL)
		return SRP_REC_E_INVAL;
	memset(w, 0, sizeof(*w));
	if (cap < SRP_REC_BATCH_HDR_LEN)
		return SRP_REC_E_NOSPACE;
	w->buf = buf;
	w->cap = cap;
	memset(buf, 0, SRP_REC_BATCH_HDR_LEN);
	buf[0] = SRP_REC_VERSION;
	w->len = SRP_REC_BATCH_HDR_LEN;
	return SRP_REC_OK;
}

enum srp_rec_err
srp_rec_put(struct srp_rec_writer *w, const struct srp_rec *r)
{
	enum srp_rec_err e;
	uint8_t *p;
	size_t len, alen;

	if (w == NULL || w->buf == NULL || r == NULL)
		return SRP_REC_E_INVAL;
	e = srp_rec_validate(r);
	if (e != SRP_REC_OK)
		return e;
	len = srp_rec_len(r);
	if (w->cap - w->len < len)
		return SRP_REC_E_NOSPACE;
	p = w->buf + w->len;
	memset(p, 0, len);
	p[0] = r->op;
	if (r->op == SRP_REC_DELETE) {
		put32(p + 4, r->teid_local);
	} else if (r->op == SRP_REC_EXT) {
		if (r->ext == NULL)
			return SRP_REC_E_INVAL;
		p[1] = r->ext_kind;
		p[2] = (uint8_t)(r->ext_len >> 8);
		p[3] = (uint8_t)r->ext_len;
		put32(p + 4, r->teid_local);
		memcpy(p + SRP_REC_EXT_HDR_LEN, r->ext, r->ext_len);
	} else if (r->op == SRP_REC_COUNTERS) {
		put32(p + 4, r->teid_local);
		put64(p + 8, r->last_activity_ms);
		put64(p + 16, r->ul_pkts);
		put64(p + 24, r->ul_bytes);
		put64(p + 32, r->dl_pkts);
		put64(p + 40, r->dl_bytes);
	} else {
		p[1] = r->flags;
		p[2] = r->peer_af;
		p[3] = r->qfi;
		put32(p + 4, r->teid_local);
		put32(p + 8, r->teid_remote);
		put64(p + 12, r->created_ms);
		put64(p + 20, r->last_activity_ms);
		put64(p + 28, r->ul_pkts);
		put64(p + 36, r->ul_bytes);
		put64(p + 44, r->dl_pkts);
		put64(p + 52, r->dl_bytes);
		p += SRP_REC_UPSERT_FIXED;
		alen = (size_t)srp_rec_peer_len(r);
		memcpy(p, r->peer_addr, alen);
		p += alen;
		if (r->flags & SRP_REC_F_UE4) {
			memcpy(p, r->ue4, 4);
			p += 4;
		}
		if (r->flags & SRP_REC_F_UE6)
			memcpy(p, r->ue6, 16);
	}
	w->len += len;
	w->count++;
	put32(w->buf + 4, w->count);
	return SRP_REC_OK;
}

void
srp_rec_writer_rewind(struct srp_rec_writer *w, size_t len, uint32_t count)
{
	if (w == NULL || w->buf == NULL || len < SRP_REC_BATCH_HDR_LEN ||
	    len > w->len || count > w->count)
		return;
	w->len = len;
	w->count = count;
	put32(w->buf + 4, count);
}

enum srp_rec_err
srp_rec_reader_init(struct srp_rec_reader *rd, const uint8_t *buf, size_t len)
{
	if (rd == NULL)
		return SRP_REC_E_INVAL;
	memset(rd, 0, sizeof(*rd));
	if (buf == NULL || len < SRP_REC_BATCH_HDR_LEN)
		return SRP_REC_E_SHORT;
	if (buf[0] != SRP_REC_VERSION)
		return SRP_REC_E_VERSION;
	if (buf[1] != 0 || buf[2] != 0 || buf[3] != 0)
		return SRP_REC_E_RESERVED;
	rd->buf = buf;
	rd->len = len;
	rd->off = SRP_REC_BATCH_HDR_LEN;
	rd->count = get32(buf + 4);
	return SRP_REC_OK;
}

enum srp_rec_err
srp_rec_next(struct srp_rec_reader *rd, struct srp_rec *r, bool *more)
{
	const uint8_t *p;
	enum srp_rec_err e;
	size_t left, need, alen;

	*more = false;
	if (rd == NULL || rd->buf == NULL || r == NULL)
		return SRP_REC_E_INVAL;
	left = rd->len - rd->off;
	if (rd->n_read == rd->count)
		return SRP_REC_E_COUNT;	/* read past the last record */
	if (left == 0)
		return SRP_REC_E_COUNT;
	p = rd->buf + rd->off;
	memset(r, 0, sizeof(*r));
	r->op = p[0];
	if (r->op == SRP_REC_DELETE) {
		if (left < SRP_REC_DELETE_LEN)
			return SRP_REC_E_SHORT;
		if (p[1] != 0 || p[2] != 0 || p[3] != 0)
			return SRP_REC_E_RESERVED;
		r->teid_local = get32(p + 4);
		need = SRP_REC_DELETE_LEN;
	} else if (r->op == SRP_REC_COUNTERS) {
		if (left < SRP_REC_COUNTERS_LEN)
			return SRP_REC_E_SHORT;
		if (p[1] != 0 || p[2] != 0 || p[3] != 0)
			return SRP_REC_E_RESERVED;
		r->teid_local = get32(p + 4);
		r->last_activity_ms = get64(p + 8);
		r->ul_pkts = get64(p + 16);
		r->ul_bytes = get64(p + 24);
		r->dl_pkts = get64(p + 32);
		r->dl_bytes = get64(p + 40);
		need = SRP_REC_COUNTERS_LEN;
	} else if (r->op == SRP_REC_EXT) {
		if (left < SRP_REC_EXT_HDR_LEN)
			return SRP_REC_E_SHORT;
		r->ext_kind = p[1];
		r->ext_len = (uint16_t)(p[2] << 8 | p[3]);
		r->teid_local = get32(p + 4);
		e = srp_rec_validate(r);
		if (e != SRP_REC_OK)
			return e;
		need = SRP_REC_EXT_HDR_LEN + r->ext_len;
		if (left < need)
			return SRP_REC_E_SHORT;
		r->ext = p + SRP_REC_EXT_HDR_LEN;
		e = srp_rec_validate(r);
		if (e != SRP_REC_OK)
			return e;
	} else if (r->op == SRP_REC_UPSERT) {
		if (left < SRP_REC_UPSERT_FIXED)
			return SRP_REC_E_SHORT;
		r->flags = p[1];
		r->peer_af = p[2];
		r->qfi = p[3];
		r->teid_local = get32(p + 4);
		r->teid_remote = get32(p + 8);
		r->created_ms = get64(p + 12);
		r->last_activity_ms = get64(p + 20);
		r->ul_pkts = get64(p + 28);
		r->ul_bytes = get64(p + 36);
		r->dl_pkts = get64(p + 44);
		r->dl_bytes = get64(p + 52);
		e = srp_rec_validate(r);
		if (e != SRP_REC_OK)
			return e;
		need = srp_rec_len(r);
		if (left < need)
			return SRP_REC_E_SHORT;
		p += SRP_REC_UPSERT_FIXED;
		alen = (size_t)srp_rec_peer_len(r);
		memcpy(r->peer_addr, p, alen);
		p += alen;
		if (r->flags & SRP_REC_F_UE4) {
			memcpy(r->ue4, p, 4);
			p += 4;
		}
		if (r->flags & SRP_REC_F_UE6)
			memcpy(r->ue6, p, 16);
	} else {
		return SRP_REC_E_OP;
	}
	e = srp_rec_validate(r);
	if (e != SRP_REC_OK)
		return e;
	rd->off += need;
	rd->n_read++;
	if (rd->n_read < rd->count) {
		*more = true;
		return SRP_REC_OK;
	}
	/* The last record must end the batch exactly. */
	return rd->off == rd->len ? SRP_REC_OK : SRP_REC_E_COUNT;
}

enum srp_rec_err
srp_rec_check(const uint8_t *buf, size_t len, uint32_t *count)
{
	struct srp_rec_reader rd;
	struct srp_rec r;
	enum srp_rec_err e;
	bool more = true;

	if (count != NULL)
		*count = 0;
	e = srp_rec_reader_init(&rd, buf, len);
	if (e != SRP_REC_OK)
		return e;
	if (rd.count == 0)
		return rd.off == len ? SRP_REC_OK : SRP_REC_E_COUNT;
	while (more) {
		e = srp_rec_next(&rd, &r, &more);
		if (e != SRP_REC_OK)
			return e;
	}
	if (count != NULL)
		*count = rd.count;
	return SRP_REC_OK;
}
