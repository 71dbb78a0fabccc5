/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Audit message payloads (docs/srp-protocol.md section 4.9): the writer
 * used by both chassis and the reader that refuses anything out of shape
 * before the audit looks at it. Pure. Context: any.
 */
#include <arpa/inet.h>
#include <string.h>

#include "srp_audit.h"
#include "srp_proto.h"

static const struct {
	const char	*name;
	const char	*text;
} aerr[SRP_AUDIT_E_MAX] = {
	[SRP_AUDIT_OK] = { "ok", "no error" },
	[SRP_AUDIT_E_TYPE] = { "type", "not an audit message" },
	[SRP_AUDIT_E_SHORT] = { "short", "payload shorter than its head" },
	[SRP_AUDIT_E_LEN] = { "len",
		"payload length does not match its entry count" },
	[SRP_AUDIT_E_COUNT] = { "count", "no entry or too many entries" },
	[SRP_AUDIT_E_FLAGS] = { "flags", "undefined flag set" },
	[SRP_AUDIT_E_RANGE] = { "range",
		"bucket range empty, too high, unsorted or overlapping" },
	[SRP_AUDIT_E_TEID] = { "teid", "item with TEID 0" },
	[SRP_AUDIT_E_NOSPACE] = { "nospace", "output buffer too small" },
};

const char *
srp_audit_err_name(enum srp_audit_err err)
{
	return (unsigned int)err < SRP_AUDIT_E_MAX ? aerr[err].name : "?";
}

const char *
srp_audit_err_str(enum srp_audit_err err)
{
	return (unsigned int)err < SRP_AUDIT_E_MAX ? aerr[err].text :
	       "unknown error";
}

/* Network-order fields, read and written whatever the alignment. */
static uint32_t
rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return ntohl(v);
}

static void
wr32(uint8_t *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, sizeof(v));
}

static uint64_t
rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) << 32 | rd32(p + 4);
}

static void
wr64(uint8_t *p, uint64_t v)
{
	wr32(p, (uint32_t)(v >> 32));
	wr32(p + 4, (uint32_t)v);
}

uint32_t
srp_audit_entry_len(uint8_t type)
{
	switch (type) {
	case SRP_MSG_AUDIT_QUERY:
	case SRP_MSG_AUDIT_FETCH:
		return SRP_AUDIT_RANGE_LEN;
	case SRP_MSG_AUDIT_DIGESTS:
		return SRP_AUDIT_DIGEST_LEN;
	case SRP_MSG_AUDIT_ITEMS:
		return SRP_AUDIT_ITEM_LEN;
	default:
		return 0;
	}
}

uint32_t
srp_audit_max(uint8_t type)
{
	if (srp_audit_entry_len(type) == 0)
		return 0;
	return type == SRP_MSG_AUDIT_ITEMS ? SRP_AUDIT_ITEMS_MAX :
	       SRP_AUDIT_RANGES_MAX;
}

/* Flags each type defines. */
static uint32_t
audit_flags_ok(uint8_t type)
{
	if (type == SRP_MSG_AUDIT_FETCH)
		return SRP_AUDIT_F_SYNC;
	if (type == SRP_MSG_AUDIT_ITEMS)
		return SRP_AUDIT_F_LAST;
	return 0;
}

enum srp_audit_err
srp_audit_decode(uint8_t type, const uint8_t *p, size_t len,
		 struct srp_audit *a)
{
	uint32_t el = srp_audit_entry_len(type), i, lo, hi, prev_hi = 0;
	uint32_t teid;
	uint64_t fp;

	memset(a, 0, sizeof(*a));
	if (el == 0)
		return SRP_AUDIT_E_TYPE;
	if (p == NULL || len < SRP_AUDIT_HEAD_LEN)
		return SRP_AUDIT_E_SHORT;
	a->type = type;
	a->id = rd32(p);
	a->flags = rd32(p + 4);
	a->n = rd32(p + 8);
	a->ent = p + SRP_AUDIT_HEAD_LEN;
	/* An ITEMS may be empty (a last one, or ranges without sessions). */
	if (a->n > srp_audit_max(type) ||
	    (a->n == 0 && type != SRP_MSG_AUDIT_ITEMS))
		return SRP_AUDIT_E_COUNT;
	if (len != SRP_AUDIT_HEAD_LEN + (size_t)a->n * el)
		return SRP_AUDIT_E_LEN;
	if ((a->flags & ~audit_flags_ok(type)) != 0)
		return SRP_AUDIT_E_FLAGS;
	for (i = 0; i < a->n; i++) {
		if (type == SRP_MSG_AUDIT_ITEMS) {
			srp_audit_item(a, i, &teid, &fp);
			if (teid == 0)
				return SRP_AUDIT_E_TEID;
			continue;
		}
		srp_audit_range(a, i, &lo, &hi);
		if (lo >= hi || hi > SRP_AUDIT_BUCKETS || lo < prev_hi)
			return SRP_AUDIT_E_RANGE;
		prev_hi = hi;
	}
	return SRP_AUDIT_OK;
}

void
srp_audit_range(const struct srp_audit *a, uint32_t i, uint32_t *lo,
		uint32_t *hi)
{
	const uint8_t *e = a->ent + (size_t)i * srp_audit_entry_len(a->type);

	*lo = rd32(e);
	*hi = rd32(e + 4);
}

void
srp_audit_digest(const struct srp_audit *a, uint32_t i, uint32_t *count,
		 uint64_t *sum)
{
	const uint8_t *e = a->ent + (size_t)i * SRP_AUDIT_DIGEST_LEN;

	*count = rd32(e + 8);
	*sum = rd64(e + 12);
}

void
srp_audit_item(const struct srp_audit *a, uint32_t i, uint32_t *teid,
	       uint64_t *fp)
{
	const uint8_t *e = a->ent + (size_t)i * SRP_AUDIT_ITEM_LEN;

	*teid = rd32(e);
	*fp = rd64(e + 4);
}

enum srp_audit_err
srp_audit_writer_init(struct srp_audit *a, uint8_t type, uint32_t id,
		      uint32_t flags, uint8_t *buf, size_t cap)
{
	memset(a, 0, sizeof(*a));
	if (srp_audit_entry_len(type) == 0)
		return SRP_AUDIT_E_TYPE;
	if (buf == NULL || cap < SRP_AUDIT_HEAD_LEN)
		return SRP_AUDIT_E_NOSPACE;
	a->type = type;
	a->id = id;
	a->flags = flags;
	a->buf = buf;
	a->cap = cap;
	a->ent = buf + SRP_AUDIT_HEAD_LEN;
	wr32(buf, id);
	wr32(buf + 4, flags);
	wr32(buf + 8, 0);
	return SRP_AUDIT_OK;
}

void
srp_audit_flags_set(struct srp_audit *a, uint32_t flags)
{
	a->flags = flags;
	wr32(a->buf + 4, flags);
}

/*
 * Room for one more entry of a message of type @type (one of the two when
 * @alt is another type): its address, or NULL with *@err set.
 */
static uint8_t *
audit_slot(struct srp_audit *a, uint8_t type, uint8_t alt,
	   enum srp_audit_err *err)
{
	uint32_t el = srp_audit_entry_len(a->type);
	size_t off = SRP_AUDIT_HEAD_LEN + (size_t)a->n * el;

	if (a->type != type && a->type != alt) {
		*err = SRP_AUDIT_E_TYPE;
		return NULL;
	}
	if (a->n >= srp_audit_max(a->type)) {
		*err = SRP_AUDIT_E_COUNT;
		return NULL;
	}
	if (off + el > a->cap) {
		*err = SRP_AUDIT_E_NOSPACE;
		return NULL;
	}
	a->n++;
	wr32(a->buf + 8, a->n);
	*err = SRP_AUDIT_OK;
	return a->buf + off;
}

enum srp_audit_err
srp_audit_put_range(struct srp_audit *a, uint32_t lo, uint32_t hi)
{
	enum srp_audit_err err;
	uint8_t *e = audit_slot(a, SRP_MSG_AUDIT_QUERY, SRP_MSG_AUDIT_FETCH,
				&err);

	if (e != NULL) {
		wr32(e, lo);
		wr32(e + 4, hi);
	}
	return err;
}

enum srp_audit_err
srp_audit_put_digest(struct srp_audit *a, uint32_t lo, uint32_t hi,
		     uint32_t count, uint64_t sum)
{
	enum srp_audit_err err;
	uint8_t *e = audit_slot(a, SRP_MSG_AUDIT_DIGESTS,
				SRP_MSG_AUDIT_DIGESTS, &err);

	if (e != NULL) {
		wr32(e, lo);
		wr32(e + 4, hi);
		wr32(e + 8, count);
		wr64(e + 12, sum);
	}
	return err;
}

enum srp_audit_err
srp_audit_put_item(struct srp_audit *a, uint32_t teid, uint64_t fp)
{
	enum srp_audit_err err;
	uint8_t *e = audit_slot(a, SRP_MSG_AUDIT_ITEMS, SRP_MSG_AUDIT_ITEMS,
				&err);

	if (e != NULL) {
		wr32(e, teid);
		wr64(e + 4, fp);
	}
	return err;
}

size_t
srp_audit_len(const struct srp_audit *a)
{
	return SRP_AUDIT_HEAD_LEN +
	       (size_t)a->n * srp_audit_entry_len(a->type);
}
