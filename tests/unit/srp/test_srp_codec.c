/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the SRP codec: every vector of tests/vectors/srp (written by
 * an independent Python encoder), round trips of every message type, every
 * truncation, encoder refusals and random mutations. Runs without EAL.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "srp_audit.h"
#include "srp_auth.h"
#include "srp_codec.h"
#include "../vectors/srp/srp_vec.h"
#include "support/ut_rand.h"
#include "support/ut_run.h"

#define BIT(t)	SRP_TLV_BIT(SRP_TLV_##t)

static enum srp_codec_err
err_by_name(const char *name)
{
	int e;

	for (e = 0; e < SRP_CODEC_E_MAX; e++)
		if (strcmp(srp_codec_err_name(e), name) == 0)
			return e;
	return SRP_CODEC_E_MAX;
}

static enum srp_auth_err
auth_err_by_name(const char *name)
{
	int e;

	for (e = 0; e < SRP_AUTH_E_MAX; e++)
		if (strcmp(srp_auth_err_name(e), name) == 0)
			return e;
	return SRP_AUTH_E_MAX;
}

static enum srp_audit_err
audit_err_by_name(const char *name)
{
	int e;

	for (e = 0; e < SRP_AUDIT_E_MAX; e++)
		if (strcmp(srp_audit_err_name(e), name) == 0)
			return e;
	return SRP_AUDIT_E_MAX;
}

static void
check_num(const struct ut_vec *v, const char *key, long long got)
{
	const char *s = ut_vec_get(v, key);

	if (s == NULL)
		return;
	if (strtoll(s, NULL, 0) != got)
		fprintf(stderr, "\n  %s: %s want %s got %lld", v->name, key, s,
			got);
	CU_ASSERT_EQUAL(strtoll(s, NULL, 0), got);
}

struct vec_stats {
	unsigned int	n_ok;
	unsigned int	n_canonical;
	unsigned int	n_auth;
	bool		seen[SRP_CODEC_E_MAX];
	bool		audit_seen[SRP_AUDIT_E_MAX];
};

/* Audit messages: the payload check (audit_expect) and its fields. */
static void
vec_audit(const struct ut_vec *v, struct vec_stats *st,
	  const struct srp_msg *m)
{
	const char *s = ut_vec_get(v, "audit_expect");
	enum srp_audit_err want, got;
	struct srp_audit a;

	if (s == NULL)
		return;
	want = audit_err_by_name(s);
	CU_ASSERT_FATAL(want != SRP_AUDIT_E_MAX);
	st->audit_seen[want] = true;
	got = srp_audit_decode(m->type, m->payload, m->payload_len, &a);
	if (got != want)
		fprintf(stderr, "\n  %s: audit want %s got %s", v->name,
			srp_audit_err_name(want), srp_audit_err_name(got));
	CU_ASSERT_EQUAL(got, want);
	if (got != SRP_AUDIT_OK)
		return;
	check_num(v, "audit_id", a.id);
	check_num(v, "audit_flags", a.flags);
	check_num(v, "audit_n", a.n);
}

static void
vec_one(const struct ut_vec *v, void *arg)
{
	struct vec_stats *st = arg;
	enum srp_codec_err want, got;
	struct srp_auth auth;
	enum srp_auth_err ae;
	uint8_t *msg, *psk, *nonce, *out;
	size_t len = 0, psk_len = 0, nonce_len = 0, out_len;
	struct srp_msg m, m2;
	const char *s;

	msg = srp_vec_hex(v, "msg", &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
	want = err_by_name(ut_vec_get(v, "expect"));
	CU_ASSERT_FATAL(want != SRP_CODEC_E_MAX);
	st->seen[want] = true;
	got = srp_msg_decode(msg, len, &m);
	if (got != want)
		fprintf(stderr, "\n  %s: want %s got %s", v->name,
			srp_codec_err_name(want), srp_codec_err_name(got));
	CU_ASSERT_EQUAL(got, want);
	s = ut_vec_get(v, "type");
	if (s != NULL && got == SRP_CODEC_OK)
		CU_ASSERT_STRING_EQUAL(srp_msg_type_name(m.type), s);
	if (got == SRP_CODEC_OK) {
		st->n_ok++;
		check_num(v, "generation", m.generation);
		check_num(v, "priority", m.hello.priority);
		check_num(v, "route_modifier", m.hello.route_modifier);
		check_num(v, "hello_ms", m.hello.hello_ms);
		check_num(v, "dead_ms", m.hello.dead_ms);
		check_num(v, "reason", m.reason);
		check_num(v, "force", m.force);
		check_num(v, "epoch", m.epoch);
		check_num(v, "count", m.count);
		check_num(v, "comp_id", m.comp_id);
		check_num(v, "uncomp_len", m.uncomp_len);
		check_num(v, "payload_len", m.payload_len);
		check_num(v, "cmd_id", m.cmd_id);
		check_num(v, "monitors", m.hello.monitors);
		if (ut_vec_get(v, "monitors") != NULL)
			CU_ASSERT(m.present & BIT(MONITORS));
		check_num(v, "features", m.hello.caps);
		if (ut_vec_get(v, "features") != NULL)
			CU_ASSERT(m.present & BIT(CAPS));
		s = ut_vec_get(v, "sw_version");
		if (s != NULL)
			CU_ASSERT_STRING_EQUAL(m.hello.sw_version, s);
		vec_audit(v, st, &m);
	}
	/* Canonical vectors: our encoder must produce the same bytes. */
	if (got == SRP_CODEC_OK && ut_vec_get(v, "canonical") != NULL) {
		st->n_canonical++;
		out = malloc(len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(out);
		m2 = m;
		CU_ASSERT_EQUAL(srp_msg_encode(&m2, out, len, &out_len),
				SRP_CODEC_OK);
		CU_ASSERT_EQUAL(out_len, len);
		if (out_len == len && memcmp(out, msg, len) != 0)
			fprintf(stderr, "\n  %s: re-encoding differs", v->name);
		CU_ASSERT(out_len == len && memcmp(out, msg, len) == 0);
		free(out);
	}
	/* Authentication vectors: the receiver's key and nonce. */
	s = ut_vec_get(v, "auth_expect");
	if (s != NULL) {
		st->n_auth++;
		psk = srp_vec_hex(v, "psk", &psk_len);
		nonce = srp_vec_hex(v, "rx_nonce", &nonce_len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(psk);
		CU_ASSERT_PTR_NOT_NULL_FATAL(nonce);
		CU_ASSERT_EQUAL_FATAL(nonce_len, SRP_NONCE_LEN);
		CU_ASSERT_EQUAL_FATAL(srp_auth_init(&auth, psk, psk_len,
						    nonce), 0);
		ae = srp_auth_verify(&auth, msg, len);
		if (ae != auth_err_by_name(s))
			fprintf(stderr, "\n  %s: auth want %s got %s", v->name,
				s, srp_auth_err_name(ae));
		CU_ASSERT_EQUAL(ae, auth_err_by_name(s));
		srp_auth_fini(&auth);
		free(psk);
		free(nonce);
	}
	free(msg);
}

static void
test_srp_codec_vectors(void)
{
	struct vec_stats st = { 0 };
	int n, e;

	n = srp_vec_foreach(vec_one, &st);
	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT(st.n_ok >= 10);
	CU_ASSERT(st.n_canonical >= 10);
	CU_ASSERT(st.n_auth >= 5);
	/* Every decode refusal has a vector (encode-only ones excepted). */
	for (e = 0; e < SRP_CODEC_E_MAX; e++) {
		if (e == SRP_CODEC_E_NOSPACE || e == SRP_CODEC_E_INVAL)
			continue;
		if (!st.seen[e])
			fprintf(stderr, "\n  no vector for %s",
				srp_codec_err_name(e));
		CU_ASSERT(st.seen[e]);
	}
	/* And every audit payload refusal (writer-only ones excepted). */
	for (e = 0; e < SRP_AUDIT_E_MAX; e++) {
		if (e == SRP_AUDIT_E_NOSPACE || e == SRP_AUDIT_E_TYPE)
			continue;
		if (!st.audit_seen[e])
			fprintf(stderr, "\n  no vector for audit %s",
				srp_audit_err_name(e));
		CU_ASSERT(st.audit_seen[e]);
	}
}

/* The audit payload writer and reader agree; limits are enforced. */
static void
test_srp_codec_audit_payload(void)
{
	static uint8_t buf[SRP_AUDIT_PAYLOAD_MAX];
	struct srp_audit w, d;
	uint32_t lo, hi, n, teid, i;
	uint64_t sum, fp;

	CU_ASSERT_EQUAL(srp_audit_writer_init(&w, SRP_MSG_HELLO, 1, 0, buf,
					      sizeof(buf)), SRP_AUDIT_E_TYPE);
	CU_ASSERT_EQUAL(srp_audit_writer_init(&w, SRP_MSG_AUDIT_DIGESTS, 7, 0,
					      buf, sizeof(buf)), SRP_AUDIT_OK);
	CU_ASSERT_EQUAL(srp_audit_put_range(&w, 0, 1), SRP_AUDIT_E_TYPE);
	CU_ASSERT_EQUAL(srp_audit_put_digest(&w, 0, 4096, 12, 0x1122334455ull),
			SRP_AUDIT_OK);
	CU_ASSERT_EQUAL(srp_audit_put_digest(&w, 4096, 65536, 0, 0),
			SRP_AUDIT_OK);
	CU_ASSERT_EQUAL(srp_audit_decode(SRP_MSG_AUDIT_DIGESTS, buf,
					 srp_audit_len(&w), &d), SRP_AUDIT_OK);
	CU_ASSERT_EQUAL(d.id, 7);
	CU_ASSERT_EQUAL(d.n, 2);
	srp_audit_range(&d, 0, &lo, &hi);
	srp_audit_digest(&d, 0, &n, &sum);
	CU_ASSERT(lo == 0 && hi == 4096 && n == 12 && sum == 0x1122334455ull);
	/* Every truncation is refused. */
	for (i = 0; i < srp_audit_len(&w); i++)
		CU_ASSERT_NOT_EQUAL(srp_audit_decode(SRP_MSG_AUDIT_DIGESTS, buf,
						     i, &d), SRP_AUDIT_OK);
	/* Items up to the maximum, not one more. */
	srp_audit_writer_init(&w, SRP_MSG_AUDIT_ITEMS, 9, 0, buf, sizeof(buf));
	for (i = 0; i < SRP_AUDIT_ITEMS_MAX; i++)
		CU_ASSERT_EQUAL(srp_audit_put_item(&w, i + 1, i * 3ull),
				SRP_AUDIT_OK);
	CU_ASSERT_EQUAL(srp_audit_put_item(&w, 1, 1), SRP_AUDIT_E_COUNT);
	srp_audit_flags_set(&w, SRP_AUDIT_F_LAST);
	CU_ASSERT_EQUAL(srp_audit_decode(SRP_MSG_AUDIT_ITEMS, buf,
					 srp_audit_len(&w), &d), SRP_AUDIT_OK);
	CU_ASSERT_EQUAL(d.flags, SRP_AUDIT_F_LAST);
	srp_audit_item(&d, SRP_AUDIT_ITEMS_MAX - 1, &teid, &fp);
	CU_ASSERT(teid == SRP_AUDIT_ITEMS_MAX &&
		  fp == (SRP_AUDIT_ITEMS_MAX - 1) * 3ull);
	/* A small buffer: no room. */
	srp_audit_writer_init(&w, SRP_MSG_AUDIT_QUERY, 1, 0, buf,
			      SRP_AUDIT_HEAD_LEN + 4);
	CU_ASSERT_EQUAL(srp_audit_put_range(&w, 0, 1), SRP_AUDIT_E_NOSPACE);
	CU_ASSERT_STRING_EQUAL(srp_audit_err_name(SRP_AUDIT_E_RANGE), "range");
}

/* A filled message of each type, every optional TLV present. */
static const uint8_t payload[] = "opaque session batch";
static const uint8_t config_text[] = "chassis-mode primary\nhello-interval 3\n";

static void
fill(struct srp_msg *m, uint8_t type)
{
	struct srp_hello *h = &m->hello;

	srp_msg_init(m, type);
	m->seq = 0x01020304;
	m->ack = 0xa0b0c0d0;
	switch (type) {
	case SRP_MSG_HELLO:
		m->generation = 42;
		h->mode = SRP_WMODE_BACKUP;
		h->priority = 255;
		h->state = SRP_WSTATE_STANDBY_READY;
		h->route_modifier = 0xfffffffe;
		memset(h->config_digest, 0x5a, SRP_DIGEST_LEN);
		memcpy(h->node_id, "\x02\x11\x22\x33\x44\x55", 6);
		memset(h->nonce, 0xc3, SRP_NONCE_LEN);
		h->hello_ms = 10;
		h->dead_ms = 30;
		h->comp_caps = SRP_COMP_CAP_LZ4;
		h->db_recovery = SRP_WDBREC_AGGRESSIVE;
		snprintf(h->sw_version, sizeof(h->sw_version), "%s",
			 "srpgw 0.1.0 (build 7)");
		h->monitors = SRP_MONS_AAA;
		m->present = BIT(NONCE) | BIT(MONITORS);
		break;
	case SRP_MSG_REFUSE:
		m->reason = SRP_REFUSE_VERSION;
		m->generation = 3;
		m->ver_lo = 1;
		m->ver_hi = 1;
		snprintf(m->text, sizeof(m->text), "%s", "peer speaks v2");
		m->present = BIT(GENERATION) | BIT(TEXT) | BIT(VERSION_RANGE);
		break;
	case SRP_MSG_SWITCHOVER_REQUEST:
	case SRP_MSG_SWITCHOVER_ACK:
		m->generation = 9;
		m->reason = type == SRP_MSG_SWITCHOVER_ACK ?
			SRP_SWRES_IN_PROGRESS : SRP_SWCAUSE_MONITOR_BGP;
		m->force = 1;
		snprintf(m->text, sizeof(m->text), "%s", "bgp monitor down");
		m->present = BIT(TEXT);
		break;
	case SRP_MSG_CONFIG:
		m->generation = 9;
		memset(h->config_digest, 0xa5, SRP_DIGEST_LEN);
		m->payload = config_text;
		m->payload_len = sizeof(config_text) - 1;
		m->present = BIT(GENERATION);
		break;
	case SRP_MSG_CKPT_BEGIN:
		m->generation = 9;
		m->epoch = 77;
		m->count = 1000000;
		m->present = BIT(GENERATION);
		break;
	case SRP_MSG_CKPT_CHUNK:
		m->generation = 9;
		m->epoch = 77;
		m->count = 12;
		m->comp_id = SRP_WCOMP_ZLIB;
		m->uncomp_len = 65536;
		m->payload = payload;
		m->payload_len = sizeof(payload);
		m->present = BIT(GENERATION) | BIT(COUNT);
		break;
	case SRP_MSG_CKPT_END:
		m->generation = 9;
		m->epoch = 77;
		m->present = BIT(GENERATION);
		break;
	case SRP_MSG_SESS_DELTA:
		m->generation = 9;
		m->count = 2;
		m->payload = payload;
		m->payload_len = sizeof(payload);
		m->present = BIT(GENERATION) | BIT(COUNT);
		break;
	case SRP_MSG_NACK:
		m->reason = SRP_NACK_DECOMPRESS;
		m->cmd_id = 255;
		m->epoch = 77;
		m->generation = 9;
		m->present = BIT(GENERATION) | BIT(EPOCH);
		break;
	case SRP_MSG_READY:
		m->generation = 9;
		m->epoch = 77;
		m->present = BIT(GENERATION) | BIT(EPOCH);
		break;
	}
}

static const uint8_t all_types[] = {
	SRP_MSG_HELLO, SRP_MSG_REFUSE, SRP_MSG_SWITCHOVER_REQUEST,
	SRP_MSG_SWITCHOVER_ACK, SRP_MSG_CONFIG, SRP_MSG_CKPT_BEGIN,
	SRP_MSG_CKPT_CHUNK,
	SRP_MSG_CKPT_END, SRP_MSG_SESS_DELTA, SRP_MSG_NACK, SRP_MSG_READY,
};

/* Compare what survives a round trip (decode also sets len/present). */
static void
check_same(const struct srp_msg *a, const struct srp_msg *b)
{
	CU_ASSERT_EQUAL(a->type, b->type);
	CU_ASSERT_EQUAL(a->seq, b->seq);
	CU_ASSERT_EQUAL(a->ack, b->ack);
	CU_ASSERT_EQUAL(a->generation, b->generation);
	CU_ASSERT_EQUAL(a->epoch, b->epoch);
	CU_ASSERT_EQUAL(a->count, b->count);
	CU_ASSERT_EQUAL(a->uncomp_len, b->uncomp_len);
	CU_ASSERT_EQUAL(a->reason, b->reason);
	CU_ASSERT_EQUAL(a->force, b->force);
	CU_ASSERT_EQUAL(a->cmd_id, b->cmd_id);
	CU_ASSERT_EQUAL(a->comp_id, b->comp_id);
	CU_ASSERT_EQUAL(a->ver_lo, b->ver_lo);
	CU_ASSERT_EQUAL(a->ver_hi, b->ver_hi);
	CU_ASSERT_STRING_EQUAL(a->text, b->text);
	CU_ASSERT_EQUAL(a->payload_len, b->payload_len);
	if (a->payload_len > 0 && a->payload_len == b->payload_len)
		CU_ASSERT(memcmp(a->payload, b->payload, a->payload_len) == 0);
	CU_ASSERT(memcmp(&a->hello, &b->hello, sizeof(a->hello)) == 0);
}

static void
test_srp_codec_roundtrip_every_type(void)
{
	uint32_t hlen, seq, ack;
	uint8_t version, type;
	uint8_t buf[2048];
	struct srp_msg m, d;
	uint16_t flags;
	unsigned int i;
	size_t len;

	for (i = 0; i < sizeof(all_types); i++) {
		fill(&m, all_types[i]);
		CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, sizeof(buf),
						     &len), SRP_CODEC_OK);
		srp_hdr_read(buf, &version, &type, &flags, &hlen, &seq, &ack);
		CU_ASSERT_EQUAL(version, SRP_PROTO_VERSION);
		CU_ASSERT_EQUAL(type, all_types[i]);
		CU_ASSERT_EQUAL(flags, 0);
		CU_ASSERT_EQUAL(hlen, len);
		CU_ASSERT_EQUAL(seq, 0x01020304);
		CU_ASSERT_EQUAL(ack, 0xa0b0c0d0);
		CU_ASSERT_EQUAL_FATAL(srp_msg_decode(buf, len, &d),
				      SRP_CODEC_OK);
		CU_ASSERT_EQUAL(d.len, len);
		CU_ASSERT_EQUAL(d.flags, 0);
		check_same(&m, &d);
		/* Optional TLVs asked for come back as present. */
		CU_ASSERT_EQUAL(d.present & m.present, m.present);
	}
}

/* Only required TLVs: optional fields stay absent and zero. */
static void
test_srp_codec_roundtrip_required_only(void)
{
	uint8_t buf[2048];
	struct srp_msg m, d;
	unsigned int i;
	size_t len;

	for (i = 0; i < sizeof(all_types); i++) {
		fill(&m, all_types[i]);
		m.present = 0;
		CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, sizeof(buf),
						     &len), SRP_CODEC_OK);
		CU_ASSERT_EQUAL_FATAL(srp_msg_decode(buf, len, &d),
				      SRP_CODEC_OK);
		CU_ASSERT_FALSE(d.present & BIT(TEXT));
		CU_ASSERT_FALSE(d.present & BIT(NONCE));
		CU_ASSERT_FALSE(d.present & BIT(MONITORS));
		CU_ASSERT_EQUAL(d.hello.monitors, 0);
		CU_ASSERT_EQUAL(d.text[0], '\0');
		if (all_types[i] == SRP_MSG_READY)
			CU_ASSERT_EQUAL(len, SRP_HDR_LEN);
		if (all_types[i] != SRP_MSG_HELLO &&
		    all_types[i] != SRP_MSG_SWITCHOVER_REQUEST &&
		    all_types[i] != SRP_MSG_SWITCHOVER_ACK)
			CU_ASSERT_FALSE(d.present & BIT(GENERATION));
	}
}

/* Every prefix of a valid message is refused, never over-read. */
static void
test_srp_codec_truncated_refused(void)
{
	uint8_t buf[2048], *cut;
	enum srp_codec_err e;
	struct srp_msg m, d;
	unsigned int i;
	size_t len, n;

	for (i = 0; i < sizeof(all_types); i++) {
		fill(&m, all_types[i]);
		CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, sizeof(buf),
						     &len), SRP_CODEC_OK);
		for (n = 0; n < len; n++) {
			/* Exact-size heap copy so ASan sees any over-read. */
			cut = malloc(n + 1);
			CU_ASSERT_PTR_NOT_NULL_FATAL(cut);
			memcpy(cut, buf, n);
			e = srp_msg_decode(cut, n, &d);
			CU_ASSERT(e == (n < SRP_HDR_LEN ? SRP_CODEC_E_SHORT :
					SRP_CODEC_E_LEN));
			/* Header says so too: a TLV is cut or missing. */
			if (n >= SRP_HDR_LEN) {
				cut[4] = (uint8_t)(n >> 24);
				cut[5] = (uint8_t)(n >> 16);
				cut[6] = (uint8_t)(n >> 8);
				cut[7] = (uint8_t)n;
				e = srp_msg_decode(cut, n, &d);
				CU_ASSERT(e == SRP_CODEC_E_TLV_TRUNC ||
					  e == SRP_CODEC_E_TLV_MISSING ||
					  (e == SRP_CODEC_OK &&
					   m.present != 0));
			}
			free(cut);
		}
	}
}

static void
test_srp_codec_encode_nospace(void)
{
	uint8_t buf[2048];
	struct srp_msg m;
	unsigned int i;
	size_t len, n, out;

	for (i = 0; i < sizeof(all_types); i++) {
		fill(&m, all_types[i]);
		CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, sizeof(buf),
						     &len), SRP_CODEC_OK);
		for (n = 0; n < len; n++) {
			memset(buf, 0xee, sizeof(buf));
			CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, n, &out),
					SRP_CODEC_E_NOSPACE);
			/* Nothing written past the given capacity. */
			CU_ASSERT_EQUAL(buf[n], 0xee);
		}
		CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, len, &out),
				SRP_CODEC_OK);
		CU_ASSERT_EQUAL(out, len);
	}
}

/* The encoder refuses what the decoder would refuse. */
static void
test_srp_codec_encode_refuses_invalid(void)
{
	uint8_t buf[2048];
	struct srp_msg m;
	size_t len;

	fill(&m, SRP_MSG_HELLO);
	CU_ASSERT_EQUAL(srp_msg_encode(NULL, buf, sizeof(buf), &len),
			SRP_CODEC_E_INVAL);
	CU_ASSERT_EQUAL(srp_msg_encode(&m, NULL, sizeof(buf), &len),
			SRP_CODEC_E_INVAL);
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), NULL),
			SRP_CODEC_E_INVAL);
	m.hello.priority = 0;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_VALUE);
	fill(&m, SRP_MSG_HELLO);
	m.hello.dead_ms = 29;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_VALUE);
	fill(&m, SRP_MSG_HELLO);
	m.hello.sw_version[0] = '\0';
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_VALUE);
	fill(&m, SRP_MSG_HELLO);
	m.hello.sw_version[3] = '\t';
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_VALUE);
	fill(&m, SRP_MSG_HELLO);
	m.flags = SRP_F_AUTH;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_FLAGS);
	fill(&m, SRP_MSG_HELLO);
	m.present |= BIT(EPOCH);
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_TLV_UNKNOWN);
	fill(&m, SRP_MSG_READY);
	m.present |= BIT(AUTH_HMAC);
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_TLV_UNKNOWN);
	fill(&m, SRP_MSG_READY);
	m.type = 7;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_TYPE);
	m.type = 200;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_TYPE);
	fill(&m, SRP_MSG_SESS_DELTA);
	m.payload = NULL;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_VALUE);
	fill(&m, SRP_MSG_SESS_DELTA);
	m.payload_len = 0;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_VALUE);
	fill(&m, SRP_MSG_CKPT_CHUNK);
	m.comp_id = SRP_WCOMP_NONE;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_VALUE);
	m.uncomp_len = m.payload_len;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_OK);
	fill(&m, SRP_MSG_NACK);
	m.cmd_id = 0;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_VALUE);
	fill(&m, SRP_MSG_REFUSE);
	m.reason = SRP_REFUSE_MAX;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_VALUE);
	fill(&m, SRP_MSG_SWITCHOVER_ACK);
	m.force = 2;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_VALUE);
}

/* The largest payload fits with room for the auth trailer; one more not. */
static void
test_srp_codec_payload_limit(void)
{
	uint8_t *big, *buf;
	struct srp_msg m, d;
	size_t len;

	big = calloc(1, SRP_PAYLOAD_MAX + 1);
	buf = malloc(SRP_MSG_MAX);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	fill(&m, SRP_MSG_CKPT_CHUNK);
	m.payload = big;
	m.payload_len = SRP_PAYLOAD_MAX;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, SRP_MSG_MAX, &len),
			SRP_CODEC_OK);
	CU_ASSERT(len + SRP_AUTH_TRAILER_LEN <= SRP_MSG_MAX);
	CU_ASSERT_EQUAL(srp_msg_decode(buf, len, &d), SRP_CODEC_OK);
	CU_ASSERT_EQUAL(d.payload_len, SRP_PAYLOAD_MAX);
	CU_ASSERT_PTR_EQUAL(d.payload, buf + len - SRP_PAYLOAD_MAX);
	m.payload_len = SRP_PAYLOAD_MAX + 1;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, SRP_MSG_MAX, &len),
			SRP_CODEC_E_TOO_BIG);
	free(big);
	free(buf);
}

/* CONFIG text: 64 KiB of printable lines at most, both directions. */
static void
test_srp_codec_config_text(void)
{
	uint8_t *text, *buf;
	struct srp_msg m, d;
	size_t len;

	text = malloc(SRP_CONFIG_TEXT_MAX + 1);
	buf = malloc(SRP_CONFIG_TEXT_MAX + 1024);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	memset(text, 'x', SRP_CONFIG_TEXT_MAX + 1);
	text[10] = '\n';
	fill(&m, SRP_MSG_CONFIG);
	m.payload = text;
	m.payload_len = SRP_CONFIG_TEXT_MAX;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, SRP_CONFIG_TEXT_MAX + 1024,
				       &len), SRP_CODEC_OK);
	CU_ASSERT_EQUAL(srp_msg_decode(buf, len, &d), SRP_CODEC_OK);
	CU_ASSERT_EQUAL(d.type, SRP_MSG_CONFIG);
	CU_ASSERT_EQUAL(d.payload_len, SRP_CONFIG_TEXT_MAX);
	CU_ASSERT(memcmp(d.hello.config_digest, m.hello.config_digest,
			 SRP_DIGEST_LEN) == 0);
	/* One byte too many, a control character, a byte above 0x7e. */
	m.payload_len = SRP_CONFIG_TEXT_MAX + 1;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, SRP_CONFIG_TEXT_MAX + 1024,
				       &len), SRP_CODEC_E_TLV_LEN);
	m.payload_len = 100;
	text[5] = '\r';
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, SRP_CONFIG_TEXT_MAX + 1024,
				       &len), SRP_CODEC_E_VALUE);
	text[5] = 0x80;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, SRP_CONFIG_TEXT_MAX + 1024,
				       &len), SRP_CODEC_E_VALUE);
	/* The same text rule applies to no other message's payload. */
	fill(&m, SRP_MSG_SESS_DELTA);
	m.payload = text;
	m.payload_len = 100;
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, SRP_CONFIG_TEXT_MAX + 1024,
				       &len), SRP_CODEC_OK);
	free(text);
	free(buf);
}

/* A refused message leaves only header fields in the output. */
static void
test_srp_codec_failure_clears_fields(void)
{
	uint8_t buf[2048];
	struct srp_msg m, d;
	size_t len;

	fill(&m, SRP_MSG_HELLO);
	m.present = 0;
	CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			      SRP_CODEC_OK);
	buf[len - 1] = 9;	/* db-recovery 9, the last TLV */
	memset(&d, 0x77, sizeof(d));
	CU_ASSERT_EQUAL(srp_msg_decode(buf, len, &d), SRP_CODEC_E_VALUE);
	CU_ASSERT_EQUAL(d.type, SRP_MSG_HELLO);
	CU_ASSERT_EQUAL(d.seq, m.seq);
	CU_ASSERT_EQUAL(d.present, 0);
	CU_ASSERT_EQUAL(d.generation, 0);
	CU_ASSERT_EQUAL(d.hello.priority, 0);
	CU_ASSERT_PTR_NULL(d.payload);
	CU_ASSERT_EQUAL(srp_msg_decode(NULL, 0, &d), SRP_CODEC_E_SHORT);
}

static uint32_t rng_state = 0x9e3779b9;

static uint32_t
rnd(void)
{
	return ut_xorshift32(&rng_state);
}

/*
 * Random byte changes: the decoder never crashes, and whatever it accepts
 * re-encodes to a message that decodes to the same fields.
 */
static void
test_srp_codec_mutations_consistent(void)
{
	uint8_t buf[2048], mut[2048], again[2048];
	struct srp_msg m, d, d2;
	unsigned int i, k, j, n_ok = 0;
	size_t len, len2;

	for (i = 0; i < sizeof(all_types); i++) {
		fill(&m, all_types[i]);
		CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, sizeof(buf),
						     &len), SRP_CODEC_OK);
		for (k = 0; k < 3000; k++) {
			memcpy(mut, buf, len);
			for (j = 0; j <= rnd() % 3; j++)
				mut[SRP_HDR_LEN + rnd() % (len - SRP_HDR_LEN)]
					^= (uint8_t)(1u << (rnd() % 8));
			if (srp_msg_decode(mut, len, &d) != SRP_CODEC_OK)
				continue;
			n_ok++;
			d.flags = 0;
			d.present &= ~BIT(AUTH_HMAC);
			CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&d, again,
							     sizeof(again),
							     &len2),
					      SRP_CODEC_OK);
			CU_ASSERT_EQUAL_FATAL(srp_msg_decode(again, len2, &d2),
					      SRP_CODEC_OK);
			check_same(&d, &d2);
		}
	}
	/* Value bytes change often without breaking any rule. */
	CU_ASSERT(n_ok > 100);
}

static void
test_srp_codec_err_names(void)
{
	int e, f;

	for (e = 0; e < SRP_CODEC_E_MAX; e++) {
		CU_ASSERT(strlen(srp_codec_err_str(e)) > 0);
		CU_ASSERT(strcmp(srp_codec_err_name(e), "?") != 0);
		for (f = 0; f < e; f++)
			CU_ASSERT(strcmp(srp_codec_err_name(e),
					 srp_codec_err_name(f)) != 0);
	}
	CU_ASSERT_STRING_EQUAL(srp_codec_err_name(SRP_CODEC_E_MAX), "?");
	CU_ASSERT_STRING_EQUAL(srp_codec_err_str(-1), "unknown error");
	CU_ASSERT_STRING_EQUAL(srp_msg_type_name(SRP_MSG_CKPT_CHUNK),
			       "CKPT_CHUNK");
	CU_ASSERT_STRING_EQUAL(srp_msg_type_name(0), "UNKNOWN");
	CU_ASSERT_STRING_EQUAL(srp_msg_type_name(255), "UNKNOWN");
	for (e = 1; e < SRP_REFUSE_MAX; e++)
		CU_ASSERT(strcmp(srp_refuse_reason_str(e), "unknown") != 0);
	CU_ASSERT_STRING_EQUAL(srp_refuse_reason_str(0), "unknown");
	CU_ASSERT_STRING_EQUAL(srp_refuse_reason_str(SRP_REFUSE_MAX),
			       "unknown");
}

/* Offset of the first TLV of type @t in an encoded message, or 0. */
static size_t
tlv_find(const uint8_t *buf, size_t len, uint32_t t)
{
	size_t off = SRP_HDR_LEN;
	uint32_t raw, tlen;

	while (len - off >= SRP_TLV_HDR_LEN) {
		raw = (uint32_t)buf[off] << 24 | (uint32_t)buf[off + 1] << 16 |
		      (uint32_t)buf[off + 2] << 8 | buf[off + 3];
		tlen = (uint32_t)buf[off + 4] << 24 |
		       (uint32_t)buf[off + 5] << 16 |
		       (uint32_t)buf[off + 6] << 8 | buf[off + 7];
		if ((raw & SRP_TLV_TYPE_MASK) == t)
			return off;
		off += SRP_TLV_HDR_LEN + tlen;
	}
	return 0;
}

/*
 * MONITORS (HELLO, type 25): sent with the must bit clear so a receiver
 * that predates it skips it; a hello without it decodes with the presence
 * bit clear; each bit survives a round trip.
 */
static void
test_srp_codec_hello_monitors(void)
{
	uint8_t buf[2048];
	struct srp_msg m, d;
	size_t len, off;
	unsigned int v;

	for (v = 0; v < 256; v++) {
		fill(&m, SRP_MSG_HELLO);
		m.hello.monitors = (uint8_t)v;
		CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, sizeof(buf),
						     &len), SRP_CODEC_OK);
		CU_ASSERT_EQUAL_FATAL(srp_msg_decode(buf, len, &d),
				      SRP_CODEC_OK);
		CU_ASSERT(d.present & BIT(MONITORS));
		CU_ASSERT_EQUAL(d.hello.monitors, v);
	}
	off = tlv_find(buf, len, SRP_TLV_MONITORS);
	CU_ASSERT_FATAL(off != 0);
	CU_ASSERT_EQUAL(buf[off] & 0x80, 0);	/* M clear */
	CU_ASSERT_EQUAL(buf[off + 7], 1);	/* one byte */
	/* Old sender: no MONITORS, nothing reported. */
	fill(&m, SRP_MSG_HELLO);
	m.hello.monitors = 0;
	m.present &= ~BIT(MONITORS);
	CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			      SRP_CODEC_OK);
	CU_ASSERT_EQUAL(tlv_find(buf, len, SRP_TLV_MONITORS), 0);
	CU_ASSERT_EQUAL_FATAL(srp_msg_decode(buf, len, &d), SRP_CODEC_OK);
	CU_ASSERT_FALSE(d.present & BIT(MONITORS));
	CU_ASSERT_EQUAL(d.hello.monitors, 0);
	/* Only HELLO carries it. */
	fill(&m, SRP_MSG_READY);
	m.present |= BIT(MONITORS);
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_TLV_UNKNOWN);
}

/*
 * CAPS (HELLO, type 26): four bytes, must bit clear so srpgw 0.1 skips it;
 * every bit survives a round trip; a hello without it has no presence bit.
 */
static void
test_srp_codec_hello_caps(void)
{
	static const uint32_t vals[] = { 0, SRP_CAP_AUDIT, SRP_CAPS_KNOWN,
					 0x80000000u, 0xffffffffu };
	uint8_t buf[2048];
	struct srp_msg m, d;
	size_t len, off, i;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		fill(&m, SRP_MSG_HELLO);
		m.hello.caps = vals[i];
		m.present |= BIT(CAPS);
		CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, sizeof(buf),
						     &len), SRP_CODEC_OK);
		CU_ASSERT_EQUAL_FATAL(srp_msg_decode(buf, len, &d),
				      SRP_CODEC_OK);
		CU_ASSERT(d.present & BIT(CAPS));
		CU_ASSERT_EQUAL(d.hello.caps, vals[i]);
	}
	off = tlv_find(buf, len, SRP_TLV_CAPS);
	CU_ASSERT_FATAL(off != 0);
	CU_ASSERT_EQUAL(buf[off] & 0x80, 0);	/* M clear */
	CU_ASSERT_EQUAL(buf[off + 7], 4);	/* four bytes */
	fill(&m, SRP_MSG_HELLO);
	m.present &= ~BIT(CAPS);
	CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			      SRP_CODEC_OK);
	CU_ASSERT_EQUAL(tlv_find(buf, len, SRP_TLV_CAPS), 0);
	CU_ASSERT_EQUAL_FATAL(srp_msg_decode(buf, len, &d), SRP_CODEC_OK);
	CU_ASSERT_FALSE(d.present & BIT(CAPS));
	fill(&m, SRP_MSG_NACK);
	m.present |= BIT(CAPS);
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_E_TLV_UNKNOWN);
}

static CU_TestInfo codec_tests[] = {
	{ "vectors", test_srp_codec_vectors },
	{ "roundtrip_every_type", test_srp_codec_roundtrip_every_type },
	{ "roundtrip_required_only", test_srp_codec_roundtrip_required_only },
	{ "truncated_refused", test_srp_codec_truncated_refused },
	{ "encode_nospace", test_srp_codec_encode_nospace },
	{ "encode_refuses_invalid", test_srp_codec_encode_refuses_invalid },
	{ "payload_limit", test_srp_codec_payload_limit },
	{ "config_text", test_srp_codec_config_text },
	{ "failure_clears_fields", test_srp_codec_failure_clears_fields },
	{ "mutations_consistent", test_srp_codec_mutations_consistent },
	{ "err_names", test_srp_codec_err_names },
	{ "hello_monitors", test_srp_codec_hello_monitors },
	{ "audit_payload", test_srp_codec_audit_payload },
	{ "hello_caps", test_srp_codec_hello_caps },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "srp_codec", NULL, NULL, NULL, NULL, codec_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
