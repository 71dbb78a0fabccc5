/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the checkpoint payload layer: session record batches
 * (round trips, every truncation, every refusal, the counters record) and the zlib/LZ4
 * compression with its negotiation table. Runs without EAL.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "srp_ckpt_comp.h"
#include "srp_ckpt_rec.h"
#include "support/ut_run.h"

static uint64_t rng = 88172645463325252ull;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A valid random record. */
static void
rec_random(struct srp_rec *r)
{
	unsigned int i;

	memset(r, 0, sizeof(*r));
	if (rnd() % 5 == 0) {
		r->op = SRP_REC_DELETE;
		r->teid_local = (uint32_t)(rnd() | 1);
		return;
	}
	if (rnd() % 4 == 0) {
		r->op = SRP_REC_COUNTERS;
		r->teid_local = (uint32_t)(rnd() | 1);
		r->last_activity_ms = rnd();
		r->ul_pkts = rnd();
		r->ul_bytes = rnd();
		r->dl_pkts = rnd();
		r->dl_bytes = rnd();
		return;
	}
	r->op = SRP_REC_UPSERT;
	r->peer_af = rnd() & 1 ? 4 : 6;
	r->flags = (uint8_t)(rnd() & SRP_REC_F_KNOWN);
	if (!(r->flags & (SRP_REC_F_UE4 | SRP_REC_F_UE6)))
		r->flags |= SRP_REC_F_UE4;
	if (r->flags & SRP_REC_F_QFI)
		r->qfi = (uint8_t)(rnd() % 64);
	r->teid_local = (uint32_t)(rnd() | 1);
	r->teid_remote = (uint32_t)(rnd() | 1);
	r->created_ms = rnd();
	r->last_activity_ms = rnd();
	r->ul_pkts = rnd();
	r->ul_bytes = rnd();
	r->dl_pkts = rnd();
	r->dl_bytes = rnd();
	/* Some dl-drop sessions have no downlink tunnel yet. */
	if ((r->flags & SRP_REC_F_DL_DROP) && rnd() % 2 == 0) {
		r->peer_af = 0;
		r->teid_remote = 0;
	}
	for (i = 0; i < (r->peer_af == 4 ? 4u : r->peer_af == 6 ? 16u : 0u);
	     i++)
		r->peer_addr[i] = (uint8_t)rnd();
	if (r->flags & SRP_REC_F_UE4)
		for (i = 0; i < 4; i++)
			r->ue4[i] = (uint8_t)rnd();
	if (r->flags & SRP_REC_F_UE6)
		for (i = 0; i < 16; i++)
			r->ue6[i] = (uint8_t)rnd();
}

static void
rec_upsert4(struct srp_rec *r)
{
	memset(r, 0, sizeof(*r));
	r->op = SRP_REC_UPSERT;
	r->peer_af = 4;
	r->flags = SRP_REC_F_UE4 | SRP_REC_F_QFI;
	r->qfi = 9;
	r->teid_local = 0x01020304;
	r->teid_remote = 0x0a0b0c0d;
	r->created_ms = 0x1122334455667788ull;
	r->peer_addr[0] = 192;
	r->peer_addr[2] = 2;
	r->peer_addr[3] = 20;
	r->ue4[0] = 10;
	r->ue4[3] = 1;
}

static void
test_rec_round_trip(void)
{
	static uint8_t buf[1 << 16];
	struct srp_rec in[500], out;
	struct srp_rec_writer w;
	struct srp_rec_reader rd;
	uint32_t count, i;
	bool more = true;

	CU_ASSERT_EQUAL_FATAL(srp_rec_writer_init(&w, buf, sizeof(buf)),
			      SRP_REC_OK);
	for (i = 0; i < 500; i++) {
		rec_random(&in[i]);
		CU_ASSERT_EQUAL_FATAL(srp_rec_put(&w, &in[i]), SRP_REC_OK);
	}
	CU_ASSERT_EQUAL(w.count, 500);
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len, &count), SRP_REC_OK);
	CU_ASSERT_EQUAL(count, 500);
	CU_ASSERT_EQUAL_FATAL(srp_rec_reader_init(&rd, buf, w.len), SRP_REC_OK);
	for (i = 0; more; i++) {
		CU_ASSERT_EQUAL_FATAL(srp_rec_next(&rd, &out, &more),
				      SRP_REC_OK);
		CU_ASSERT_EQUAL(memcmp(&out, &in[i], sizeof(out)), 0);
	}
	CU_ASSERT_EQUAL(i, 500);
	/* Reading past the end is refused. */
	CU_ASSERT_EQUAL(srp_rec_next(&rd, &out, &more), SRP_REC_E_COUNT);
	/* An empty batch is valid. */
	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, buf, sizeof(buf)), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len, &count), SRP_REC_OK);
	CU_ASSERT_EQUAL(count, 0);
}

static void
test_rec_layout(void)
{
	static const uint8_t want[] = {
		1, 0, 0, 0, 0, 0, 0, 1,			/* batch: v1, 1 rec */
		1, 0x05, 4, 9,				/* upsert, ue4|qfi */
		1, 2, 3, 4, 0x0a, 0x0b, 0x0c, 0x0d,	/* TEIDs */
		0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
		0, 0, 0, 0, 0, 0, 0, 0,			/* last activity */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		192, 0, 2, 20, 10, 0, 0, 1,		/* peer, ue4 */
	};
	uint8_t buf[256];
	struct srp_rec_writer w;
	struct srp_rec r;

	rec_upsert4(&r);
	CU_ASSERT_EQUAL(srp_rec_len(&r), 68);
	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, buf, sizeof(buf)), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	CU_ASSERT_EQUAL_FATAL(w.len, sizeof(want));
	CU_ASSERT_EQUAL(memcmp(buf, want, sizeof(want)), 0);
}

/* A dl-drop session without a downlink tunnel: family 0, no address. */
static void
test_rec_layout_no_peer(void)
{
	static const uint8_t want[] = {
		1, 0, 0, 0, 0, 0, 0, 1,			/* batch: v1, 1 rec */
		1, 0x61, 0, 0,				/* ue4|ul|dl-drop */
		1, 2, 3, 4, 0, 0, 0, 0,			/* no remote TEID */
		0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
		0, 0, 0, 0, 0, 0, 0, 0,			/* last activity */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		10, 0, 0, 1,				/* ue4, no peer */
	};
	uint8_t buf[256];
	struct srp_rec_writer w;
	struct srp_rec r, out;
	bool more;
	struct srp_rec_reader rd;

	rec_upsert4(&r);
	r.flags = SRP_REC_F_UE4 | SRP_REC_F_UL_DROP | SRP_REC_F_DL_DROP;
	r.qfi = 0;
	r.peer_af = 0;
	r.teid_remote = 0;
	memset(r.peer_addr, 0, sizeof(r.peer_addr));
	CU_ASSERT_EQUAL(srp_rec_len(&r), 64);
	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, buf, sizeof(buf)), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	CU_ASSERT_EQUAL_FATAL(w.len, sizeof(want));
	CU_ASSERT_EQUAL(memcmp(buf, want, sizeof(want)), 0);
	CU_ASSERT_EQUAL_FATAL(srp_rec_reader_init(&rd, buf, w.len), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_next(&rd, &out, &more), SRP_REC_OK);
	CU_ASSERT_EQUAL(memcmp(&out, &r, sizeof(out)), 0);
	/* Without dl-drop the same bytes are refused. */
	buf[9] = 0x21;
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len, NULL), SRP_REC_E_AF);
}

static void
test_rec_truncated(void)
{
	uint8_t buf[4096];
	struct srp_rec_writer w;
	struct srp_rec r;
	size_t len;
	unsigned int i;

	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, buf, sizeof(buf)), SRP_REC_OK);
	for (i = 0; i < 20; i++) {
		rec_random(&r);
		CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	}
	/* Every cut is refused; none reads outside the given bytes. */
	for (len = 0; len < w.len; len++) {
		uint8_t *copy = malloc(len + 1);

		CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
		memcpy(copy, buf, len);
		CU_ASSERT_NOT_EQUAL(srp_rec_check(copy, len, NULL), SRP_REC_OK);
		free(copy);
	}
	/* One byte too many. */
	buf[w.len] = 0;
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len + 1, NULL), SRP_REC_E_COUNT);
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len, NULL), SRP_REC_OK);
}

/* Encode one good upsert, patch byte @off to @v, expect @e. */
static void
rec_bad(size_t off, uint8_t v, enum srp_rec_err e)
{
	uint8_t buf[256];
	struct srp_rec_writer w;
	struct srp_rec r;

	rec_upsert4(&r);
	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, buf, sizeof(buf)), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	buf[off] = v;
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len, NULL), e);
}

/* Extension records (PFCP state): round trip, kinds, lengths, rewind. */
static void
test_rec_ext(void)
{
	static const uint8_t data[5] = { 1, 2, 3, 4, 5 };
	uint8_t buf[256];
	struct srp_rec_writer w;
	struct srp_rec_reader rd;
	struct srp_rec r, got, up;
	size_t len0;
	bool more;

	memset(&r, 0, sizeof(r));
	r.op = SRP_REC_EXT;
	r.ext_kind = SRP_REC_EXT_PFCP_SESS;
	r.teid_local = 0x1234;
	r.ext = data;
	r.ext_len = sizeof(data);
	CU_ASSERT_EQUAL(srp_rec_len(&r), SRP_REC_EXT_HDR_LEN + sizeof(data));
	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, buf, sizeof(buf)), SRP_REC_OK);
	rec_upsert4(&up);
	CU_ASSERT_EQUAL(srp_rec_put(&w, &up), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len, NULL), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_reader_init(&rd, buf, w.len), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_next(&rd, &got, &more), SRP_REC_OK);
	CU_ASSERT_TRUE(more);
	CU_ASSERT_EQUAL(srp_rec_next(&rd, &got, &more), SRP_REC_OK);
	CU_ASSERT_FALSE(more);
	CU_ASSERT_EQUAL(got.op, SRP_REC_EXT);
	CU_ASSERT_EQUAL(got.ext_kind, SRP_REC_EXT_PFCP_SESS);
	CU_ASSERT_EQUAL(got.teid_local, 0x1234);
	CU_ASSERT_EQUAL_FATAL(got.ext_len, sizeof(data));
	CU_ASSERT_EQUAL(memcmp(got.ext, data, sizeof(data)), 0);
	/* One byte short of its declared length. */
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len - 1, NULL), SRP_REC_E_SHORT);
	/* Rewind drops the second record and fixes the count. */
	len0 = w.len;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	srp_rec_writer_rewind(&w, len0, 2);
	CU_ASSERT_EQUAL(w.len, len0);
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len, NULL), SRP_REC_OK);
	/* Refused: unknown kind, session kind on TEID 0, node kind on a
	 * TEID, empty, too long, no bytes. */
	r.ext_kind = 9;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_EXT);
	r.ext_kind = SRP_REC_EXT_PFCP_SESS;
	r.teid_local = 0;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_EXT);
	r.ext_kind = SRP_REC_EXT_PFCP_NODE;
	r.teid_local = 5;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_EXT);
	r.teid_local = 0;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	r.ext_len = 0;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_EXT);
	r.ext_len = SRP_REC_EXT_MAX + 1;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_EXT);
	r.ext_len = 1;
	r.ext = NULL;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_INVAL);
	CU_ASSERT_STRING_EQUAL(srp_rec_err_name(SRP_REC_E_EXT), "ext");
}

/*
 * Session timer records: the payload's fixed layout (a vector), a round
 * trip after an upsert, and every refusal (whole batch refused).
 */
static void
test_rec_timers(void)
{
	static const uint8_t vec[] = {
		0x04, 0x04, 0x00, 0x0c, 0x00, 0x00, 0x12, 0x34,	/* ext hdr */
		0x01, 0x00, 0x00, 0x00,				/* v1 */
		0x00, 0x00, 0x02, 0x58,				/* 600 */
		0xff, 0xff, 0xff, 0xff,				/* none */
	};
	struct srp_rec_timers tm = { .idle_s = 600,
				     .abs_s = SRP_REC_TIMER_NONE }, got_tm;
	uint8_t pay[SRP_REC_TIMERS_LEN], buf[256];
	struct srp_rec_writer w;
	struct srp_rec_reader rd;
	struct srp_rec r, got, up;
	size_t off;
	bool more;

	CU_ASSERT_EQUAL_FATAL(srp_rec_timers_encode(&tm, pay, sizeof(pay)),
			      SRP_REC_TIMERS_LEN);
	memset(&r, 0, sizeof(r));
	r.op = SRP_REC_EXT;
	r.ext_kind = SRP_REC_EXT_SESS_TIMERS;
	r.teid_local = 0x1234;
	r.ext = pay;
	r.ext_len = SRP_REC_TIMERS_LEN;
	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, buf, sizeof(buf)), SRP_REC_OK);
	rec_upsert4(&up);
	CU_ASSERT_EQUAL(srp_rec_put(&w, &up), SRP_REC_OK);
	off = w.len;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	CU_ASSERT_EQUAL_FATAL(w.len - off, sizeof(vec));
	CU_ASSERT_EQUAL(memcmp(buf + off, vec, sizeof(vec)), 0);
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len, NULL), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_reader_init(&rd, buf, w.len), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_next(&rd, &got, &more), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_next(&rd, &got, &more), SRP_REC_OK);
	CU_ASSERT_FALSE(more);
	CU_ASSERT_EQUAL(got.ext_kind, SRP_REC_EXT_SESS_TIMERS);
	CU_ASSERT_EQUAL(got.teid_local, 0x1234);
	CU_ASSERT_EQUAL(srp_rec_timers_decode(got.ext, got.ext_len, &got_tm),
			SRP_REC_OK);
	CU_ASSERT_EQUAL(got_tm.idle_s, 600);
	CU_ASSERT_EQUAL(got_tm.abs_s, SRP_REC_TIMER_NONE);
	/* A wrong version, reserved bits, a value out of range: the batch
	 * check refuses the whole batch. */
	buf[off + 8] = 2;
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len, NULL), SRP_REC_E_EXT);
	buf[off + 8] = 1;
	buf[off + 10] = 1;
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len, NULL), SRP_REC_E_RESERVED);
	buf[off + 10] = 0;
	buf[off + 12] = 0x80;
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len, NULL), SRP_REC_E_EXT);
	buf[off + 12] = 0;
	CU_ASSERT_EQUAL(srp_rec_check(buf, w.len, NULL), SRP_REC_OK);
	/* Encoder refusals: TEID 0, wrong length, out-of-range value. */
	r.teid_local = 0;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_EXT);
	r.teid_local = 7;
	r.ext_len = SRP_REC_TIMERS_LEN - 1;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_EXT);
	r.ext_len = SRP_REC_TIMERS_LEN;
	tm.abs_s = SRP_REC_TIMER_MAX + 1u;
	CU_ASSERT_EQUAL(srp_rec_timers_encode(&tm, pay, sizeof(pay)), 0);
	tm.abs_s = 1;
	CU_ASSERT_EQUAL(srp_rec_timers_encode(&tm, pay, 4), 0);
	CU_ASSERT_EQUAL(srp_rec_timers_decode(pay, 4, NULL), SRP_REC_E_EXT);
}

static void
test_rec_refusals(void)
{
	struct srp_rec_writer w;
	uint8_t buf[256];
	struct srp_rec r;

	rec_bad(0, 2, SRP_REC_E_VERSION);
	rec_bad(1, 1, SRP_REC_E_RESERVED);
	rec_bad(3, 1, SRP_REC_E_RESERVED);
	rec_bad(7, 2, SRP_REC_E_COUNT);		/* count says 2 */
	rec_bad(7, 0, SRP_REC_E_COUNT);		/* count 0, bytes left */
	rec_bad(8, 5, SRP_REC_E_OP);
	/* op 4 (extension): kind 0x0c unknown */
	rec_bad(8, 4, SRP_REC_E_EXT);
	rec_bad(8, 3, SRP_REC_E_RESERVED);	/* counters: flags byte */
	rec_bad(8, 0, SRP_REC_E_OP);
	rec_bad(9, 0x80, SRP_REC_E_FLAGS);
	rec_bad(9, 0x04, SRP_REC_E_NO_UE);	/* qfi only */
	rec_bad(9, 0x01, SRP_REC_E_QFI);	/* qfi 9 without its flag */
	rec_bad(10, 5, SRP_REC_E_AF);
	rec_bad(11, 64, SRP_REC_E_QFI);
	rec_bad(9, 0x07, SRP_REC_E_SHORT);	/* claims a UE v6 too */
	/* A zero TEID (both kinds of record). */
	{
		uint8_t z[] = { 1, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0 };
		uint8_t rz[] = { 1, 0, 0, 0, 0, 0, 0, 1, 2, 1, 0, 0, 0, 0, 0, 7 };

		CU_ASSERT_EQUAL(srp_rec_check(z, sizeof(z), NULL),
				SRP_REC_E_TEID);
		CU_ASSERT_EQUAL(srp_rec_check(rz, sizeof(rz), NULL),
				SRP_REC_E_RESERVED);
		rz[9] = 0;
		CU_ASSERT_EQUAL(srp_rec_check(rz, sizeof(rz), NULL),
				SRP_REC_OK);
	}
	/* The encoder refuses what the decoder would. */
	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, buf, sizeof(buf)), SRP_REC_OK);
	rec_upsert4(&r);
	r.teid_remote = 0;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_TEID);
	rec_upsert4(&r);
	r.flags = 0;
	r.qfi = 0;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_NO_UE);
	rec_upsert4(&r);
	r.peer_af = 0;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_AF);
	/* No peer: only with dl-drop, and then without a remote TEID. */
	r.flags |= SRP_REC_F_DL_DROP;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_TEID);
	rec_upsert4(&r);
	r.teid_remote = 0;
	r.flags |= SRP_REC_F_DL_DROP;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_TEID);
	CU_ASSERT_EQUAL(w.count, 0);
	CU_ASSERT_EQUAL(w.len, SRP_REC_BATCH_HDR_LEN);
	/* Full: the batch stays as it was. */
	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, buf, 70), SRP_REC_OK);
	rec_upsert4(&r);
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_NOSPACE);
	CU_ASSERT_EQUAL(w.len, SRP_REC_BATCH_HDR_LEN);
	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, buf, 4), SRP_REC_E_NOSPACE);
	CU_ASSERT_STRING_EQUAL(srp_rec_err_name(SRP_REC_E_NO_UE), "no_ue");
	CU_ASSERT_STRING_EQUAL(srp_rec_err_name(SRP_REC_E_MAX), "?");
}

static void
test_comp_negotiation(void)
{
	uint8_t z = srp_comp_caps(false), l = srp_comp_caps(true);

	CU_ASSERT_EQUAL(z, SRP_COMP_CAP_ZLIB);
	CU_ASSERT_EQUAL(l, SRP_COMP_CAP_ZLIB | SRP_COMP_CAP_LZ4);
	CU_ASSERT_EQUAL(srp_comp_negotiate(z, z), SRP_WCOMP_ZLIB);
	CU_ASSERT_EQUAL(srp_comp_negotiate(z, l), SRP_WCOMP_ZLIB);
	CU_ASSERT_EQUAL(srp_comp_negotiate(l, z), SRP_WCOMP_ZLIB);
	CU_ASSERT_EQUAL(srp_comp_negotiate(l, l), SRP_WCOMP_LZ4);
	CU_ASSERT_STRING_EQUAL(srp_comp_name(SRP_WCOMP_LZ4), "lz4");
}

static void
comp_round_trip(enum srp_wire_comp c)
{
	static uint8_t in[200000], out[300000], back[200000];
	struct srp_rec_writer w;
	struct srp_rec r;
	size_t len, in_len;
	unsigned int i;

	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, in, sizeof(in)), SRP_REC_OK);
	for (i = 0; i < 2000; i++) {
		rec_upsert4(&r);
		r.teid_local = i + 1;
		CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	}
	in_len = w.len;
	CU_ASSERT(srp_comp_bound(c, in_len) <= sizeof(out));
	CU_ASSERT_EQUAL_FATAL(srp_comp_compress(c, in, in_len, out,
						sizeof(out), &len), 0);
	/* Records of one shape compress well. */
	CU_ASSERT(len < in_len / 4);
	memset(back, 0, sizeof(back));
	CU_ASSERT_EQUAL(srp_comp_decompress(c, out, len, back, in_len), 0);
	CU_ASSERT_EQUAL(memcmp(back, in, in_len), 0);
	/* Wrong announced length, truncation, corruption: refused. */
	CU_ASSERT_EQUAL(srp_comp_decompress(c, out, len, back, in_len - 1),
			-EBADMSG);
	CU_ASSERT_EQUAL(srp_comp_decompress(c, out, len, back, in_len + 1),
			-EBADMSG);
	CU_ASSERT_EQUAL(srp_comp_decompress(c, out, len / 2, back, in_len),
			-EBADMSG);
	out[len / 2] ^= 0x5a;
	out[len / 2 + 1] ^= 0xa5;
	if (srp_comp_decompress(c, out, len, back, in_len) == 0)
		/* LZ4 has no checksum: a flip may still decode; the record
		 * decoder or a wrong content then has to catch it. */
		CU_ASSERT_EQUAL(c, SRP_WCOMP_LZ4);
	/* Output too small to compress into. */
	CU_ASSERT_EQUAL(srp_comp_compress(c, in, in_len, out, 8, &len),
			-ENOSPC);
	/* Limits. */
	CU_ASSERT_EQUAL(srp_comp_compress(c, in, 0, out, sizeof(out), &len),
			-EINVAL);
	CU_ASSERT_EQUAL(srp_comp_decompress(c, out, 10, back, 0), -EINVAL);
	CU_ASSERT_EQUAL(srp_comp_decompress(c, out, 10, back,
					    SRP_UNCOMP_MAX + 1), -EINVAL);
	CU_ASSERT_EQUAL(srp_comp_bound(c, SRP_UNCOMP_MAX + 1), 0);
}

static void
test_comp_zlib(void)
{
	comp_round_trip(SRP_WCOMP_ZLIB);
}

static void
test_comp_lz4(void)
{
	comp_round_trip(SRP_WCOMP_LZ4);
}

static void
test_comp_bad_algorithm(void)
{
	uint8_t in[16] = { 1 }, out[64];
	size_t len;

	CU_ASSERT_EQUAL(srp_comp_compress(SRP_WCOMP_MAX, in, sizeof(in), out,
					  sizeof(out), &len), -EINVAL);
	CU_ASSERT_EQUAL(srp_comp_decompress(SRP_WCOMP_MAX, in, sizeof(in), out,
					    sizeof(out)), -EINVAL);
	CU_ASSERT_EQUAL(srp_comp_bound(SRP_WCOMP_MAX, 16), 0);
	/* "none" copies and checks the length. */
	CU_ASSERT_EQUAL(srp_comp_compress(SRP_WCOMP_NONE, in, sizeof(in), out,
					  sizeof(out), &len), 0);
	CU_ASSERT_EQUAL(len, sizeof(in));
	CU_ASSERT_EQUAL(srp_comp_decompress(SRP_WCOMP_NONE, out, 16, in, 15),
			-EBADMSG);
}

/* The counters record: layout vector and its refusals. */
static void
test_rec_counters(void)
{
	static const uint8_t want[] = {
		1, 0, 0, 0, 0, 0, 0, 1,			/* batch: v1, 1 rec */
		3, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef,	/* counters, TEID */
		0, 0, 0x01, 0x8c, 0x2a, 0x4b, 0x5c, 0x6d, /* last activity */
		0, 0, 0, 0, 0, 0, 0, 10,		/* ul pkts */
		0, 0, 0, 0, 0, 0, 0x03, 0xe8,		/* ul bytes */
		0, 0, 0, 0, 0, 0, 0, 20,		/* dl pkts */
		0, 0, 0, 1, 0, 0, 0, 0,			/* dl bytes */
	};
	uint8_t buf[256], bad[sizeof(want)];
	struct srp_rec_writer w;
	struct srp_rec_reader rd;
	struct srp_rec r, out;
	bool more;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.op = SRP_REC_COUNTERS;
	r.teid_local = 0xdeadbeef;
	r.last_activity_ms = 0x018c2a4b5c6dull;
	r.ul_pkts = 10;
	r.ul_bytes = 1000;
	r.dl_pkts = 20;
	r.dl_bytes = 1ull << 32;
	CU_ASSERT_EQUAL(srp_rec_len(&r), SRP_REC_COUNTERS_LEN);
	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, buf, sizeof(buf)), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	CU_ASSERT_EQUAL_FATAL(w.len, sizeof(want));
	CU_ASSERT_EQUAL(memcmp(buf, want, sizeof(want)), 0);
	CU_ASSERT_EQUAL_FATAL(srp_rec_reader_init(&rd, want, sizeof(want)),
			      SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_next(&rd, &out, &more), SRP_REC_OK);
	CU_ASSERT_FALSE(more);
	CU_ASSERT_EQUAL(memcmp(&out, &r, sizeof(r)), 0);
	/* Each reserved byte must be 0. */
	for (i = 9; i < 12; i++) {
		memcpy(bad, want, sizeof(want));
		bad[i] = 1;
		CU_ASSERT_EQUAL(srp_rec_check(bad, sizeof(bad), NULL),
				SRP_REC_E_RESERVED);
	}
	/* TEID 0. */
	memcpy(bad, want, sizeof(want));
	memset(bad + 12, 0, 4);
	CU_ASSERT_EQUAL(srp_rec_check(bad, sizeof(bad), NULL), SRP_REC_E_TEID);
	/* Fixed length: one byte short, one byte more. */
	CU_ASSERT_EQUAL(srp_rec_check(want, sizeof(want) - 1, NULL),
			SRP_REC_E_SHORT);
	memcpy(buf, want, sizeof(want));
	buf[sizeof(want)] = 0;
	CU_ASSERT_EQUAL(srp_rec_check(buf, sizeof(want) + 1, NULL),
			SRP_REC_E_COUNT);
	/* Operation 5 is unknown. */
	memcpy(bad, want, sizeof(want));
	bad[8] = 5;
	CU_ASSERT_EQUAL(srp_rec_check(bad, sizeof(bad), NULL), SRP_REC_E_OP);
	/* The encoder refuses TEID 0 and a batch without room. */
	r.teid_local = 0;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_TEID);
	r.teid_local = 1;
	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, buf, 8 + 47), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_E_NOSPACE);
	CU_ASSERT_EQUAL(w.count, 0);
}

/* A declared size over the sender's own limit is refused by size alone. */
static void
test_comp_check_len(void)
{
	static const enum srp_wire_comp algs[] = {
		SRP_WCOMP_NONE, SRP_WCOMP_ZLIB, SRP_WCOMP_LZ4,
	};
	const size_t max = 64u << 10;
	unsigned int i;
	size_t bound;

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		bound = srp_comp_bound(algs[i], max);
		CU_ASSERT(bound >= max);
		CU_ASSERT_EQUAL(srp_comp_check_len(algs[i], bound, max, max),
				0);
		CU_ASSERT_EQUAL(srp_comp_check_len(algs[i], 1, 1, max), 0);
		CU_ASSERT_EQUAL(srp_comp_check_len(algs[i], bound + 1, max,
						   max), -EMSGSIZE);
		CU_ASSERT_EQUAL(srp_comp_check_len(algs[i], 10, max + 1, max),
				-EMSGSIZE);
		CU_ASSERT_EQUAL(srp_comp_check_len(algs[i], 10,
						   SRP_UNCOMP_MAX, max),
				-EMSGSIZE);
		CU_ASSERT_EQUAL(srp_comp_check_len(algs[i], 1, 1, 0), -EINVAL);
		CU_ASSERT_EQUAL(srp_comp_check_len(algs[i], 1, 1,
						   SRP_UNCOMP_MAX + 1),
				-EINVAL);
	}
	CU_ASSERT_EQUAL(srp_comp_check_len((enum srp_wire_comp)77, 1, 1, max),
			-EINVAL);
}

static CU_TestInfo rec_tests[] = {
	{ "rec_round_trip", test_rec_round_trip },
	{ "rec_layout", test_rec_layout },
	{ "rec_layout_no_peer", test_rec_layout_no_peer },
	{ "rec_truncated", test_rec_truncated },
	{ "rec_refusals", test_rec_refusals },
	{ "rec_ext", test_rec_ext },
	{ "rec_timers", test_rec_timers },
	{ "rec_counters", test_rec_counters },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo comp_tests[] = {
	{ "comp_negotiation", test_comp_negotiation },
	{ "comp_zlib", test_comp_zlib },
	{ "comp_lz4", test_comp_lz4 },
	{ "comp_bad_algorithm", test_comp_bad_algorithm },
	{ "comp_check_len", test_comp_check_len },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "srp_ckpt_rec", NULL, NULL, NULL, NULL, rec_tests },
	{ "srp_ckpt_comp", NULL, NULL, NULL, NULL, comp_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
