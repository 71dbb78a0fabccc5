/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the GTP-U/IP parser: every scapy vector, every truncation
 * point of the good ones, every message and extension header type, and
 * in-memory malformed cases. Runs without EAL.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "gtpu_build.h"
#include "gtpu_parse.h"
#include "../vectors/gtpu/gtpu_vec.h"
#include "support/ut_run.h"

static enum gtpu_err
err_by_name(const char *name)
{
	int e;

	for (e = 0; e < GTPU_ERR_MAX; e++)
		if (strcmp(gtpu_err_name(e), name) == 0)
			return e;
	return GTPU_ERR_MAX;
}

/* Compare an integer field of @v with @got when the vector has it. */
static void
check_field(const struct ut_vec *v, const char *key, long long got)
{
	long long want;

	if (ut_vec_get(v, key) == NULL)
		return;
	want = ut_vec_int(v, key);
	if (want != got)
		fprintf(stderr, "\n  %s: %s want %lld got %lld", v->name, key,
			want, got);
	CU_ASSERT_EQUAL(want, got);
}

static void
check_addr(const struct ut_vec *v, const char *key, uint8_t af,
	   const uint8_t *got)
{
	const char *s = ut_vec_get(v, key);
	uint8_t want[16] = { 0 };

	if (s == NULL)
		return;
	CU_ASSERT_EQUAL_FATAL(inet_pton(af == 4 ? AF_INET : AF_INET6, s,
					want), 1);
	CU_ASSERT(memcmp(want, got, 16) == 0);
}

static bool seen[GTPU_ERR_MAX];

/* Result named by field @key of @v ("ok", "bad_..."), marked as covered. */
static enum gtpu_err
want_of(const struct ut_vec *v, const char *key)
{
	enum gtpu_err want = err_by_name(ut_vec_get(v, key));

	CU_ASSERT_FATAL(want != GTPU_ERR_MAX);
	seen[want] = true;
	return want;
}

/* Check a parser result, naming the vector (and @what) on a mismatch. */
static void
check_result(const struct ut_vec *v, const char *what, enum gtpu_err want,
	     enum gtpu_err got)
{
	if (got != want)
		fprintf(stderr, "\n  %s: %swant %s got %s", v->name, what,
			gtpu_err_name(want), gtpu_err_name(got));
	CU_ASSERT_EQUAL(got, want);
}

static void
parse_one(const struct ut_vec *v, void *arg)
{
	static uint8_t pkt[GTPU_VEC_MAX_BYTES];
	struct gtpu_info info;
	enum gtpu_err want, got;
	long long l3_off;
	uint8_t peer[16], peer_af;
	uint32_t teid;
	int len;

	(void)arg;
	len = gtpu_vec_hex(v, "packet", pkt);
	CU_ASSERT_FATAL(len >= 0);
	want = want_of(v, "expect");
	l3_off = ut_vec_int(v, "l3_off");
	memset(&info, 0xa5, sizeof(info));
	got = gtpu_outer_parse(pkt, (uint32_t)len,
			       l3_off < 0 ? 0 : (uint32_t)l3_off, &info);
	check_result(v, "", want, got);
	if (got != GTPU_OK || want != GTPU_OK)
		return;
	check_field(v, "msg_type", info.msg_type);
	check_field(v, "teid", info.teid);
	check_field(v, "outer_af", info.outer_af);
	check_field(v, "inner_af", info.inner_af);
	check_field(v, "seq", info.has_seq ? info.seq : -1);
	check_field(v, "qfi", info.has_qfi ? info.qfi : -1);
	check_field(v, "pdu_type", info.has_qfi ? info.pdu_type : -1);
	check_field(v, "payload_len", info.payload_len);
	CU_ASSERT(info.payload_off + info.payload_len == info.ip_end);
	CU_ASSERT(info.ip_end <= len);
	if (info.msg_type == GTPU_MSG_GPDU) {
		CU_ASSERT(info.inner_len > 0);
		CU_ASSERT(info.inner_len <= info.payload_len);
	}
	if (ut_vec_get(v, "err_ind_expect") == NULL)
		return;
	want = want_of(v, "err_ind_expect");
	teid = 0x5a5a5a5a;
	peer_af = 0x5a;
	memset(peer, 0x5a, sizeof(peer));
	got = gtpu_err_ind_parse(pkt, (uint32_t)len, &info, &teid, &peer_af,
				 peer);
	check_result(v, "err_ind ", want, got);
	if (got != GTPU_OK) {
		/* A refusal leaves the outputs untouched. */
		CU_ASSERT_EQUAL(teid, 0x5a5a5a5a);
		CU_ASSERT_EQUAL(peer_af, 0x5a);
		return;
	}
	check_field(v, "err_ind_teid", teid);
	check_addr(v, "err_ind_peer", peer_af, peer);
}

static void
ip_one(const struct ut_vec *v, void *arg)
{
	static uint8_t pkt[GTPU_VEC_MAX_BYTES];
	struct gtpu_ip_info info;
	enum gtpu_err want, got;
	int len;

	(void)arg;
	len = gtpu_vec_hex(v, "packet", pkt);
	CU_ASSERT_FATAL(len >= 0);
	want = want_of(v, "expect");
	got = gtpu_ip_parse(pkt, (uint32_t)len, 0, &info);
	check_result(v, "", want, got);
	if (got != GTPU_OK)
		return;
	check_field(v, "af", info.af);
	check_field(v, "proto", info.proto);
	check_field(v, "l3_len", info.l3_len);
}

static void
test_gtpu_parse_vectors(void)
{
	int n;

	n = gtpu_vec_foreach("parse", parse_one, NULL);
	CU_ASSERT(n >= 50);
	n = gtpu_vec_foreach("ip", ip_one, NULL);
	CU_ASSERT(n >= 3);
}

static void
test_gtpu_parse_vectors_cover_every_reason(void)
{
	int e;

	memset(seen, 0, sizeof(seen));
	CU_ASSERT(gtpu_vec_foreach("parse", parse_one, NULL) > 0);
	CU_ASSERT(gtpu_vec_foreach("ip", ip_one, NULL) > 0);
	for (e = 0; e < GTPU_ERR_MAX; e++) {
		if (!seen[e])
			fprintf(stderr, "\n  no vector expects %s",
				gtpu_err_name(e));
		CU_ASSERT(seen[e]);
	}
}

static void
st16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/*
 * Cut @pkt to @n bytes and rewrite the IP, UDP and GTP length fields (and
 * the IPv4 checksum) so that the outer layers agree with the cut: each
 * truncation then reaches the check of the layer it falls in.
 */
static void
cut_consistently(uint8_t *p, uint32_t n, const struct gtpu_info *good)
{
	uint32_t l4 = good->l4_off, g = good->gtp_off;

	if (good->outer_af == 4 && n >= 20) {
		st16(p + 2, n);
		st16(p + 10, 0);
		st16(p + 10, gtpu_ipv4_cksum(p, 20));
	} else if (good->outer_af == 6 && n >= 40) {
		st16(p + 4, n - 40);
	}
	if (n >= l4 + 8)
		st16(p + l4 + 4, n - l4);
	if (n >= g + 8)
		st16(p + g + 2, n - g - 8);
}

/* The reason a consistent cut at @n must give, from the good parse. */
static enum gtpu_err
cut_expect(uint32_t n, const struct gtpu_info *good)
{
	uint32_t ip_hl = good->l4_off - good->l3_off;

	if (n < ip_hl)
		return GTPU_ERR_TRUNC_IP;
	if (n < good->l4_off + 8u)
		return GTPU_ERR_TRUNC_UDP;
	if (n < good->gtp_off + 8u)
		return GTPU_ERR_TRUNC_GTPU;
	if ((good->gtp_flags & GTPU_FLAGS_OPT) && n < good->gtp_off + 12u)
		return GTPU_ERR_TRUNC_GTPU_OPT;
	if (n < good->payload_off)
		return GTPU_ERR_BAD_EXT_LEN;
	if (good->msg_type != GTPU_MSG_GPDU)
		return GTPU_OK;
	if (n == good->payload_off)
		return GTPU_ERR_INNER_NOT_IP;
	/* Inner header cut, or its total length beyond the cut payload. */
	return GTPU_ERR_INNER_TRUNC;
}

static unsigned int n_cuts;

static void
truncate_one(const struct ut_vec *v, void *arg)
{
	static uint8_t pkt[GTPU_VEC_MAX_BYTES];
	struct gtpu_info good, info;
	enum gtpu_err got, want;
	uint32_t n;
	int len;

	(void)arg;
	if (strcmp(ut_vec_get(v, "expect"), "ok") != 0 ||
	    ut_vec_get(v, "l3_off") != NULL)
		return;
	len = gtpu_vec_hex(v, "packet", pkt);
	CU_ASSERT_FATAL(len > 0);
	CU_ASSERT_FATAL(gtpu_outer_parse(pkt, (uint32_t)len, 0, &good) ==
			GTPU_OK);
	for (n = 0; n < (uint32_t)len; n++) {
		/* Plain cut: lengths now claim more than the buffer. The
		 * copy is exactly @n bytes so ASan sees any overread. */
		uint8_t *heap = malloc(n ? n : 1);

		CU_ASSERT_FATAL(heap != NULL);
		memcpy(heap, pkt, n);
		got = gtpu_outer_parse(heap, n, 0, &info);
		CU_ASSERT(got == GTPU_ERR_TRUNC_IP || got == GTPU_ERR_BAD_IP_LEN);
		/* Consistent cut: each layer's check is reached. */
		memcpy(heap, pkt, n);
		cut_consistently(heap, n, &good);
		want = cut_expect(n, &good);
		got = gtpu_outer_parse(heap, n, 0, &info);
		if (got != want)
			fprintf(stderr, "\n  %s cut at %u: want %s got %s",
				v->name, n, gtpu_err_name(want),
				gtpu_err_name(got));
		CU_ASSERT_EQUAL(got, want);
		free(heap);
		n_cuts++;
	}
}

static void
test_gtpu_parse_truncated_everywhere(void)
{
	n_cuts = 0;
	CU_ASSERT(gtpu_vec_foreach("parse", truncate_one, NULL) > 0);
	CU_ASSERT(n_cuts > 1000);
}

/*
 * In-memory packet: IPv4 outer, UDP 2152, GTP-U with @flags/@type/@teid,
 * then @rest (optional octets, extension headers, payload).
 */
static uint32_t
mk_pkt(uint8_t *p, uint8_t flags, uint8_t type, uint32_t teid,
       const uint8_t *rest, uint32_t rest_len)
{
	uint32_t n = 20 + 8 + 8 + rest_len;

	memset(p, 0, 36);
	p[0] = 0x45;
	st16(p + 2, n);
	p[8] = 64;
	p[9] = 17;
	p[12] = 192; p[15] = 1;
	p[16] = 198; p[19] = 2;
	st16(p + 20, 40000);
	st16(p + 22, 2152);
	st16(p + 24, n - 20);
	p[28] = flags;
	p[29] = type;
	st16(p + 30, rest_len);
	p[32] = (uint8_t)(teid >> 24);
	p[33] = (uint8_t)(teid >> 16);
	p[34] = (uint8_t)(teid >> 8);
	p[35] = (uint8_t)teid;
	memcpy(p + 36, rest, rest_len);
	st16(p + 10, gtpu_ipv4_cksum(p, 20));
	return n;
}

/* A 20-byte inner IPv4 header with nothing after it. */
static const uint8_t inner_min[20] = {
	0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2
};

static void
test_gtpu_parse_every_msg_type(void)
{
	uint8_t p[128];
	struct gtpu_info info;
	enum gtpu_err got;
	uint32_t n;
	int t;

	for (t = 0; t < 256; t++) {
		n = mk_pkt(p, 0x30, (uint8_t)t, 7, inner_min, sizeof(inner_min));
		got = gtpu_outer_parse(p, n, 0, &info);
		switch (t) {
		case 1: case 2: case 26: case 31: case 254: case 255:
			CU_ASSERT_EQUAL(got, GTPU_OK);
			CU_ASSERT_EQUAL(info.msg_type, t);
			CU_ASSERT_EQUAL(info.payload_len, 20);
			break;
		default:
			CU_ASSERT_EQUAL(got, GTPU_ERR_UNKNOWN_MSG_TYPE);
		}
	}
}

static void
test_gtpu_parse_every_ext_type(void)
{
	uint8_t rest[64], p[128];
	struct gtpu_info info;
	enum gtpu_err got, want;
	uint32_t n;
	int t;

	for (t = 0; t < 256; t++) {
		/* Optional octets (E=1, next = t), one 4-octet header whose
		 * content is zero, then the inner packet. */
		memset(rest, 0, sizeof(rest));
		rest[3] = (uint8_t)t;
		rest[4] = 1;
		memcpy(rest + 8, inner_min, sizeof(inner_min));
		n = mk_pkt(p, 0x34, GTPU_MSG_GPDU, 7, rest, 8 + 20);
		got = gtpu_outer_parse(p, n, 0, &info);
		switch (t) {
		case 0x00:
			/* No extension header: the 4 octets are payload. */
			want = GTPU_ERR_INNER_NOT_IP;
			break;
		case 0x03: case 0x82:
			/* Long PDCP PDU Number is two units long. */
			want = GTPU_ERR_BAD_EXT_LEN;
			break;
		case 0x20: case 0x40: case 0x81: case 0x83: case 0x84:
		case 0x85: case 0xc0:
			want = GTPU_OK;
			break;
		default:
			want = t & 0x80 ? GTPU_ERR_UNKNOWN_EXT_REQUIRED :
					  GTPU_OK;
		}
		if (got != want)
			fprintf(stderr, "\n  ext 0x%02x: want %s got %s", t,
				gtpu_err_name(want), gtpu_err_name(got));
		CU_ASSERT_EQUAL(got, want);
		if (got == GTPU_OK) {
			CU_ASSERT_EQUAL(info.payload_off, 36 + 8);
			CU_ASSERT_EQUAL(info.has_qfi, t == 0x85);
			CU_ASSERT_EQUAL(info.inner_af, 4);
		}
	}
}

static void
test_gtpu_parse_next_type_ignored_without_e(void)
{
	uint8_t rest[32], p[96];
	struct gtpu_info info;
	uint32_t n;

	/* S=1 only: the next-type octet says 0x85 but must be ignored. */
	memset(rest, 0, sizeof(rest));
	rest[0] = 0x12;
	rest[1] = 0x34;
	rest[3] = 0x85;
	memcpy(rest + 4, inner_min, sizeof(inner_min));
	n = mk_pkt(p, 0x32, GTPU_MSG_GPDU, 9, rest, 24);
	CU_ASSERT_EQUAL(gtpu_outer_parse(p, n, 0, &info), GTPU_OK);
	CU_ASSERT(info.has_seq);
	CU_ASSERT_EQUAL(info.seq, 0x1234);
	CU_ASSERT(!info.has_qfi);
	CU_ASSERT_EQUAL(info.payload_off, 40);
	CU_ASSERT_EQUAL(info.inner_len, 20);
}

static void
test_gtpu_parse_ext_chain_bounded(void)
{
	uint8_t rest[1024], p[1100];
	struct gtpu_info info;
	uint32_t n, i;

	/* 200 unknown skippable headers in a row, then the inner packet. */
	memset(rest, 0, sizeof(rest));
	rest[3] = 0x21;
	for (i = 0; i < 200; i++) {
		rest[4 + 4 * i] = 1;
		rest[4 + 4 * i + 3] = i == 199 ? 0 : 0x21;
	}
	memcpy(rest + 4 + 800, inner_min, sizeof(inner_min));
	n = mk_pkt(p, 0x34, GTPU_MSG_GPDU, 9, rest, 824);
	CU_ASSERT_EQUAL(gtpu_outer_parse(p, n, 0, &info), GTPU_OK);
	CU_ASSERT_EQUAL(info.payload_len, 20);
	/* The last one pointing to yet another header: past the end. */
	rest[4 + 4 * 199 + 3] = 0x21;
	n = mk_pkt(p, 0x34, GTPU_MSG_GPDU, 9, rest, 804);
	CU_ASSERT_EQUAL(gtpu_outer_parse(p, n, 0, &info),
			GTPU_ERR_BAD_EXT_LEN);
}

static void
test_gtpu_parse_first_pdu_container_wins(void)
{
	uint8_t rest[32], p[96];
	struct gtpu_info info;
	uint32_t n;
	static const uint8_t ext[] = {
		0, 0, 0, 0x85,		/* optional octets, next 0x85 */
		1, 0x10, 0x07, 0x85,	/* UL, QFI 7, next 0x85 */
		1, 0x00, 0x3f, 0x00,	/* DL, QFI 63 */
	};

	memcpy(rest, ext, sizeof(ext));
	memcpy(rest + sizeof(ext), inner_min, sizeof(inner_min));
	n = mk_pkt(p, 0x34, GTPU_MSG_GPDU, 9, rest, sizeof(ext) + 20);
	CU_ASSERT_EQUAL(gtpu_outer_parse(p, n, 0, &info), GTPU_OK);
	CU_ASSERT(info.has_qfi);
	CU_ASSERT_EQUAL(info.qfi, 7);
	CU_ASSERT_EQUAL(info.pdu_type, 1);
	/* QFI keeps only 6 bits even with the flag bits set. */
	rest[6] = 0xc5;
	n = mk_pkt(p, 0x34, GTPU_MSG_GPDU, 9, rest, sizeof(ext) + 20);
	CU_ASSERT_EQUAL(gtpu_outer_parse(p, n, 0, &info), GTPU_OK);
	CU_ASSERT_EQUAL(info.qfi, 5);
}

static void
test_gtpu_parse_ipv4_csum_every_bit(void)
{
	uint8_t p[96];
	struct gtpu_info info;
	uint32_t n;
	int bit;

	n = mk_pkt(p, 0x30, GTPU_MSG_GPDU, 9, inner_min, 20);
	CU_ASSERT_EQUAL_FATAL(gtpu_outer_parse(p, n, 0, &info), GTPU_OK);
	/* A flip in TTL or addresses changes the sum: refused. */
	for (bit = 0; bit < 16; bit++) {
		p[10 + bit / 8] ^= (uint8_t)(1 << (bit % 8));
		CU_ASSERT_EQUAL(gtpu_outer_parse(p, n, 0, &info),
				GTPU_ERR_BAD_IPV4_CSUM);
		p[10 + bit / 8] ^= (uint8_t)(1 << (bit % 8));
	}
	p[8] ^= 1;
	CU_ASSERT_EQUAL(gtpu_outer_parse(p, n, 0, &info),
			GTPU_ERR_BAD_IPV4_CSUM);
	p[8] ^= 1;
	CU_ASSERT_EQUAL(gtpu_outer_parse(p, n, 0, &info), GTPU_OK);
}

static void
test_gtpu_parse_outer_fields(void)
{
	uint8_t p[96];
	struct gtpu_info info;
	uint32_t n;

	n = mk_pkt(p, 0x30, GTPU_MSG_GPDU, 0xfedcba98, inner_min, 20);
	CU_ASSERT_EQUAL_FATAL(gtpu_outer_parse(p, n, 0, &info), GTPU_OK);
	CU_ASSERT_EQUAL(info.l3_off, 0);
	CU_ASSERT_EQUAL(info.l4_off, 20);
	CU_ASSERT_EQUAL(info.gtp_off, 28);
	CU_ASSERT_EQUAL(info.payload_off, 36);
	CU_ASSERT_EQUAL(info.payload_len, 20);
	CU_ASSERT_EQUAL(info.outer_af, 4);
	CU_ASSERT_EQUAL(info.teid, 0xfedcba98);
	CU_ASSERT_EQUAL(info.udp_sport, 40000);
	CU_ASSERT_EQUAL(info.gtp_flags, 0x30);
	CU_ASSERT(!info.has_seq);
	CU_ASSERT_EQUAL(info.src[0], 192);
	CU_ASSERT_EQUAL(info.src[3], 1);
	CU_ASSERT_EQUAL(info.dst[0], 198);
	CU_ASSERT_EQUAL(info.src[4], 0);
	/* l3_off at or past the end of the buffer. */
	CU_ASSERT_EQUAL(gtpu_outer_parse(p, n, n, &info), GTPU_ERR_TRUNC_IP);
	CU_ASSERT_EQUAL(gtpu_outer_parse(p, n, n + 100, &info),
			GTPU_ERR_TRUNC_IP);
	CU_ASSERT_EQUAL(gtpu_outer_parse(p, 0, 0, &info), GTPU_ERR_TRUNC_IP);
}

static void
test_gtpu_parse_inner_longer_payload_kept(void)
{
	uint8_t rest[40], p[96];
	struct gtpu_info info;
	uint32_t n;

	/* Inner says 20 bytes, T-PDU has 24: accepted, inner_len tells. */
	memcpy(rest, inner_min, 20);
	memset(rest + 20, 0xee, 4);
	n = mk_pkt(p, 0x30, GTPU_MSG_GPDU, 9, rest, 24);
	CU_ASSERT_EQUAL(gtpu_outer_parse(p, n, 0, &info), GTPU_OK);
	CU_ASSERT_EQUAL(info.payload_len, 24);
	CU_ASSERT_EQUAL(info.inner_len, 20);
}

static void
test_gtpu_ip_parse_bounds(void)
{
	struct gtpu_ip_info info;
	uint8_t p[64];

	memcpy(p, inner_min, 20);
	CU_ASSERT_EQUAL(gtpu_ip_parse(p, 20, 0, &info), GTPU_OK);
	CU_ASSERT_EQUAL(info.af, 4);
	CU_ASSERT_EQUAL(info.proto, 17);
	CU_ASSERT_EQUAL(info.l3_len, 20);
	CU_ASSERT_EQUAL(info.src[3], 1);
	CU_ASSERT_EQUAL(info.dst[3], 2);
	CU_ASSERT_EQUAL(gtpu_ip_parse(p, 19, 0, &info), GTPU_ERR_TRUNC_IP);
	CU_ASSERT_EQUAL(gtpu_ip_parse(p, 20, 20, &info), GTPU_ERR_TRUNC_IP);
	CU_ASSERT_EQUAL(gtpu_ip_parse(p, 20, 1, &info),
			GTPU_ERR_BAD_IP_VERSION);
	p[0] = 0x46;	/* IHL 6: 24 bytes of header, only 20 there */
	CU_ASSERT_EQUAL(gtpu_ip_parse(p, 20, 0, &info), GTPU_ERR_TRUNC_IP);
	p[0] = 0x45;
	p[3] = 21;	/* total length one past the buffer */
	CU_ASSERT_EQUAL(gtpu_ip_parse(p, 20, 0, &info), GTPU_ERR_BAD_IP_LEN);
}

static void
test_gtpu_parse_over_64k_refused(void)
{
	uint32_t n = 100 + 40 + 65535;
	struct gtpu_ip_info ipi;
	struct gtpu_info info;
	uint8_t *p = calloc(1, n);

	CU_ASSERT_FATAL(p != NULL);
	/* IPv6 with the largest payload: 65575 bytes, more than the 16-bit
	 * lengths of the info structs can describe. */
	p[0] = 0x60;
	p[4] = 0xff;
	p[5] = 0xff;
	p[6] = 17;
	CU_ASSERT_EQUAL(gtpu_ip_parse(p, n, 0, &ipi), GTPU_ERR_BAD_IP_LEN);
	CU_ASSERT_EQUAL(gtpu_outer_parse(p, n, 0, &info),
			GTPU_ERR_BAD_IP_LEN);
	p[5] = 0xff - 40;
	CU_ASSERT_EQUAL(gtpu_ip_parse(p, n, 0, &ipi), GTPU_OK);
	CU_ASSERT_EQUAL(ipi.l3_len, 65535);
	/* IPv4 of 65500 bytes at offset 100: ends past 65535. */
	p[100] = 0x45;
	p[102] = 0xff;
	p[103] = 0xdc;
	p[108] = 64;
	p[109] = 17;
	p[110] = (uint8_t)(gtpu_ipv4_cksum(p + 100, 20) >> 8);
	p[111] = (uint8_t)gtpu_ipv4_cksum(p + 100, 20);
	CU_ASSERT_EQUAL(gtpu_outer_parse(p, n, 100, &info),
			GTPU_ERR_BAD_IP_LEN);
	free(p);
}

static void
test_gtpu_err_ind_parse_guards(void)
{
	uint8_t p[128], rest[32];
	struct gtpu_info info;
	uint8_t peer[16], af;
	uint32_t teid, n;
	static const uint8_t ies[] = {
		16, 0, 0, 0, 5, 133, 0, 4, 10, 0, 0, 1,
	};

	memcpy(rest, ies, sizeof(ies));
	n = mk_pkt(p, 0x30, GTPU_MSG_ERR_IND, 0, rest, sizeof(ies));
	CU_ASSERT_EQUAL_FATAL(gtpu_outer_parse(p, n, 0, &info), GTPU_OK);
	CU_ASSERT_EQUAL(gtpu_err_ind_parse(p, n, &info, &teid, &af, peer),
			GTPU_OK);
	CU_ASSERT_EQUAL(teid, 5);
	CU_ASSERT_EQUAL(af, 4);
	CU_ASSERT_EQUAL(peer[0], 10);
	CU_ASSERT_EQUAL(peer[3], 1);
	CU_ASSERT_EQUAL(peer[4], 0);
	/* Parse info that points past the buffer is refused. */
	CU_ASSERT_EQUAL(gtpu_err_ind_parse(p, n - 1, &info, &teid, &af, peer),
			GTPU_ERR_TRUNC_GTPU);
	/* Every cut of the IE list is refused, never read past. */
	for (info.payload_len = 0; info.payload_len < sizeof(ies);
	     info.payload_len++)
		CU_ASSERT_NOT_EQUAL(gtpu_err_ind_parse(p, n, &info, &teid,
						       &af, peer), GTPU_OK);
	/* Two TEID Data I: refused. */
	rest[5] = 16;
	n = mk_pkt(p, 0x30, GTPU_MSG_ERR_IND, 0, rest, 10);
	CU_ASSERT_EQUAL_FATAL(gtpu_outer_parse(p, n, 0, &info), GTPU_OK);
	CU_ASSERT_EQUAL(gtpu_err_ind_parse(p, n, &info, &teid, &af, peer),
			GTPU_ERR_ERR_IND_BAD_IE);
	info.msg_type = GTPU_MSG_ECHO_REQ;
	CU_ASSERT_EQUAL(gtpu_err_ind_parse(p, n, &info, &teid, &af, peer),
			GTPU_ERR_UNKNOWN_MSG_TYPE);
}

static void
test_gtpu_err_ind_parse_cut_ie(void)
{
	static const uint8_t ies[] = {
		133, 0, 4, 10, 0, 0, 1,		/* Peer Address */
		16, 0, 0, 0, 5,			/* TEID Data I */
		133, 0, 4, 10, 0, 0, 2,		/* a second Peer Address */
	};
	uint8_t p[128], peer[16], af;
	struct gtpu_info info;
	uint32_t teid, n, cut;

	n = mk_pkt(p, 0x30, GTPU_MSG_ERR_IND, 0, ies, 12);
	CU_ASSERT_EQUAL_FATAL(gtpu_outer_parse(p, n, 0, &info), GTPU_OK);
	CU_ASSERT_EQUAL(gtpu_err_ind_parse(p, n, &info, &teid, &af, peer),
			GTPU_OK);
	/* An IE cut by the end of the message is malformed, even when
	 * the bytes after it are in the buffer. */
	for (cut = 8; cut < 12; cut++) {
		info.payload_len = (uint16_t)cut;
		CU_ASSERT_EQUAL(gtpu_err_ind_parse(p, n, &info, &teid, &af,
						   peer),
				GTPU_ERR_ERR_IND_BAD_IE);
	}
	for (cut = 1; cut < 7; cut++) {
		info.payload_len = (uint16_t)cut;
		CU_ASSERT_EQUAL(gtpu_err_ind_parse(p, n, &info, &teid, &af,
						   peer),
				GTPU_ERR_ERR_IND_BAD_IE);
	}
	/* Two Peer Address IEs: refused. */
	n = mk_pkt(p, 0x30, GTPU_MSG_ERR_IND, 0, ies, sizeof(ies));
	CU_ASSERT_EQUAL_FATAL(gtpu_outer_parse(p, n, 0, &info), GTPU_OK);
	CU_ASSERT_EQUAL(gtpu_err_ind_parse(p, n, &info, &teid, &af, peer),
			GTPU_ERR_ERR_IND_BAD_IE);
}

static void
test_gtpu_err_names_unique(void)
{
	int a, b;
	const char *s;

	CU_ASSERT_STRING_EQUAL(gtpu_err_name(GTPU_OK), "ok");
	CU_ASSERT_STRING_EQUAL(gtpu_err_name(GTPU_ERR_MAX), "unknown");
	CU_ASSERT_STRING_EQUAL(gtpu_err_name((enum gtpu_err)-1), "unknown");
	for (a = 0; a < GTPU_ERR_MAX; a++) {
		s = gtpu_err_name(a);
		CU_ASSERT(s != NULL && s[0] != '\0');
		CU_ASSERT(strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
			  strlen(s));
		CU_ASSERT(strlen(gtpu_err_help(a)) > 5);
		for (b = a + 1; b < GTPU_ERR_MAX; b++)
			CU_ASSERT(strcmp(s, gtpu_err_name(b)) != 0);
	}
}

static CU_TestInfo parse_tests[] = {
	{ "test_gtpu_parse_vectors", test_gtpu_parse_vectors },
	{ "test_gtpu_parse_vectors_cover_every_reason",
	  test_gtpu_parse_vectors_cover_every_reason },
	{ "test_gtpu_parse_truncated_everywhere",
	  test_gtpu_parse_truncated_everywhere },
	{ "test_gtpu_parse_every_msg_type", test_gtpu_parse_every_msg_type },
	{ "test_gtpu_parse_every_ext_type", test_gtpu_parse_every_ext_type },
	{ "test_gtpu_parse_next_type_ignored_without_e",
	  test_gtpu_parse_next_type_ignored_without_e },
	{ "test_gtpu_parse_ext_chain_bounded",
	  test_gtpu_parse_ext_chain_bounded },
	{ "test_gtpu_parse_first_pdu_container_wins",
	  test_gtpu_parse_first_pdu_container_wins },
	{ "test_gtpu_parse_ipv4_csum_every_bit",
	  test_gtpu_parse_ipv4_csum_every_bit },
	{ "test_gtpu_parse_outer_fields", test_gtpu_parse_outer_fields },
	{ "test_gtpu_parse_inner_longer_payload_kept",
	  test_gtpu_parse_inner_longer_payload_kept },
	{ "test_gtpu_ip_parse_bounds", test_gtpu_ip_parse_bounds },
	{ "test_gtpu_parse_over_64k_refused",
	  test_gtpu_parse_over_64k_refused },
	{ "test_gtpu_err_ind_parse_guards", test_gtpu_err_ind_parse_guards },
	{ "test_gtpu_err_ind_parse_cut_ie", test_gtpu_err_ind_parse_cut_ie },
	{ "test_gtpu_err_names_unique", test_gtpu_err_names_unique },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "gtpu_parse", ut_vec_suite_init, NULL, NULL, NULL, parse_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
