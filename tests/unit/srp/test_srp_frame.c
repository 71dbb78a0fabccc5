/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of SRP stream reassembly: a stream of every message type fed
 * byte by byte, in random splits and at once; undersize, oversize, bad
 * version and garbage input; bounded memory. Runs without EAL.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "srp_codec.h"
#include "srp_frame.h"
#include "support/ut_rand.h"
#include "support/ut_run.h"

#define N_MSGS		12
#define BIG_PAYLOAD	(200u * 1024)

/* A test stream: messages back to back, with their offsets. */
struct stream {
	uint8_t		*bytes;
	size_t		len;
	size_t		off[N_MSGS + 1];
};

static struct stream st;

static int
put_msg(struct srp_msg *m)
{
	size_t len;

	if (srp_msg_encode(m, st.bytes + st.len, SRP_MSG_MAX, &len) !=
	    SRP_CODEC_OK)
		return -1;
	st.len += len;
	return 0;
}

/* HELLO, READY (16 bytes), a big chunk, deltas, ... with seq 1..N_MSGS. */
static int
suite_init(void)
{
	static uint8_t small[100];
	struct srp_msg m;
	uint8_t *big;
	unsigned int i;

	st.bytes = malloc(N_MSGS * (size_t)SRP_MSG_MAX);
	big = malloc(BIG_PAYLOAD);
	if (st.bytes == NULL || big == NULL)
		return -1;
	for (i = 0; i < BIG_PAYLOAD; i++)
		big[i] = (uint8_t)(i * 7);
	for (i = 0; i < N_MSGS; i++) {
		st.off[i] = st.len;
		switch (i % 4) {
		case 0:
			srp_msg_init(&m, SRP_MSG_HELLO);
			m.hello.mode = SRP_WMODE_PRIMARY;
			m.hello.priority = 1;
			m.hello.hello_ms = 100;
			m.hello.dead_ms = 300;
			strcpy(m.hello.sw_version, "srpgw test");
			break;
		case 1:
			srp_msg_init(&m, SRP_MSG_READY);
			break;
		case 2:
			srp_msg_init(&m, SRP_MSG_CKPT_CHUNK);
			m.epoch = i;
			m.comp_id = SRP_WCOMP_NONE;
			m.payload = big;
			m.payload_len = i == 2 ? BIG_PAYLOAD : sizeof(small);
			m.uncomp_len = m.payload_len;
			break;
		default:
			srp_msg_init(&m, SRP_MSG_SESS_DELTA);
			m.payload = small;
			m.payload_len = sizeof(small);
			break;
		}
		m.seq = i + 1;
		if (put_msg(&m) < 0) {
			free(big);
			return -1;
		}
	}
	st.off[N_MSGS] = st.len;
	free(big);
	return 0;
}

static int
suite_clean(void)
{
	free(st.bytes);
	return 0;
}

static uint32_t rng_state = 12345;

static uint32_t
rnd(void)
{
	return ut_xorshift32(&rng_state);
}

/*
 * Feed the stream in pieces given by @piece (0 = all at once) and check
 * every message comes out whole, in order, decodable.
 */
static void
feed_stream(size_t (*piece)(void))
{
	struct srp_frame fr;
	const uint8_t *msg;
	size_t pos = 0, n, used, len;
	unsigned int got = 0;
	struct srp_msg m;
	int ret;

	CU_ASSERT_EQUAL_FATAL(srp_frame_init(&fr, SRP_MSG_MAX), 0);
	while (pos < st.len) {
		n = piece != NULL ? piece() : st.len;
		if (n > st.len - pos)
			n = st.len - pos;
		while (n > 0) {
			ret = srp_frame_push(&fr, st.bytes + pos, n, &used);
			CU_ASSERT_FATAL(ret == 0 || ret == 1);
			CU_ASSERT_FATAL(used <= n);
			pos += used;
			n -= used;
			if (ret == 0) {
				CU_ASSERT_EQUAL_FATAL(n, 0);
				continue;
			}
			msg = srp_frame_msg(&fr, &len);
			CU_ASSERT_FATAL(got < N_MSGS);
			CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
			CU_ASSERT_EQUAL_FATAL(len, st.off[got + 1] - st.off[got]);
			CU_ASSERT_EQUAL(pos, st.off[got + 1]);
			CU_ASSERT(memcmp(msg, st.bytes + st.off[got], len) == 0);
			CU_ASSERT_EQUAL(srp_msg_decode(msg, len, &m),
					SRP_CODEC_OK);
			CU_ASSERT_EQUAL(m.seq, got + 1);
			/* Bounded: never more than the largest message. */
			CU_ASSERT(fr.cap <= SRP_MSG_MAX);
			got++;
		}
	}
	CU_ASSERT_EQUAL(got, N_MSGS);
	/* Nothing pending: an empty push neither completes nor fails. */
	CU_ASSERT_EQUAL(srp_frame_push(&fr, NULL, 0, &used), 0);
	CU_ASSERT_PTR_NULL(srp_frame_msg(&fr, &len));
	CU_ASSERT_EQUAL(srp_frame_err(&fr), SRP_CODEC_OK);
	srp_frame_fini(&fr);
}

static size_t
one(void)
{
	return 1;
}

static size_t
small_random(void)
{
	return 1 + rnd() % 40;
}

static size_t
any_random(void)
{
	return 1 + rnd() % (300 * 1024);
}

static void
test_srp_frame_byte_by_byte(void)
{
	feed_stream(one);
}

static void
test_srp_frame_random_splits(void)
{
	unsigned int i;

	for (i = 0; i < 20; i++)
		feed_stream(small_random);
	for (i = 0; i < 50; i++)
		feed_stream(any_random);
}

static void
test_srp_frame_whole_stream(void)
{
	feed_stream(NULL);
}

/* Header bytes 0..7 of a READY with the given version and length. */
static void
hdr(uint8_t *b, uint8_t version, uint32_t len)
{
	memset(b, 0, SRP_HDR_LEN);
	b[0] = version;
	b[1] = SRP_MSG_READY;
	b[4] = (uint8_t)(len >> 24);
	b[5] = (uint8_t)(len >> 16);
	b[6] = (uint8_t)(len >> 8);
	b[7] = (uint8_t)len;
}

/* Push @b byte by byte; return the first error and where it happened. */
static int
push_bytes(struct srp_frame *fr, const uint8_t *b, size_t n, size_t *at)
{
	size_t i, used;
	int ret;

	for (i = 0; i < n; i++) {
		ret = srp_frame_push(fr, b + i, 1, &used);
		if (ret < 0) {
			*at = i;
			CU_ASSERT_EQUAL(used, 1);
			return ret;
		}
	}
	*at = n;
	return 0;
}

static void
test_srp_frame_undersize_refused(void)
{
	struct srp_frame fr;
	uint8_t b[SRP_HDR_LEN];
	uint32_t len;
	size_t at;

	for (len = 0; len < SRP_HDR_LEN; len++) {
		srp_frame_init(&fr, SRP_MSG_MAX);
		hdr(b, SRP_PROTO_VERSION, len);
		CU_ASSERT_EQUAL(push_bytes(&fr, b, sizeof(b), &at), -EPROTO);
		/* Known as soon as the length field is complete. */
		CU_ASSERT_EQUAL(at, 7);
		CU_ASSERT_EQUAL(srp_frame_err(&fr), SRP_CODEC_E_LEN);
		CU_ASSERT_PTR_NULL(fr.buf);
		srp_frame_fini(&fr);
	}
}

static void
test_srp_frame_oversize_refused_before_alloc(void)
{
	static const uint32_t lens[] = { SRP_MSG_MAX + 1, 0x7fffffff,
					 0xffffffff };
	struct srp_frame fr;
	uint8_t b[SRP_HDR_LEN];
	unsigned int i;
	size_t at, used;

	for (i = 0; i < 3; i++) {
		srp_frame_init(&fr, SRP_MSG_MAX);
		hdr(b, SRP_PROTO_VERSION, lens[i]);
		CU_ASSERT_EQUAL(push_bytes(&fr, b, sizeof(b), &at), -EPROTO);
		CU_ASSERT_EQUAL(at, 7);
		CU_ASSERT_EQUAL(srp_frame_err(&fr), SRP_CODEC_E_TOO_BIG);
		CU_ASSERT_PTR_NULL(fr.buf);
		CU_ASSERT_EQUAL(fr.cap, 0);
		srp_frame_fini(&fr);
	}
	/* A smaller configured limit is enforced too, exactly. */
	srp_frame_init(&fr, 1024);
	hdr(b, SRP_PROTO_VERSION, 1025);
	CU_ASSERT_EQUAL(srp_frame_push(&fr, b, sizeof(b), &used), -EPROTO);
	CU_ASSERT_EQUAL(used, 8);
	CU_ASSERT_EQUAL(srp_frame_err(&fr), SRP_CODEC_E_TOO_BIG);
	srp_frame_reset(&fr);
	CU_ASSERT_EQUAL(srp_frame_err(&fr), SRP_CODEC_OK);
	hdr(b, SRP_PROTO_VERSION, 1024);
	CU_ASSERT_EQUAL(srp_frame_push(&fr, b, sizeof(b), &used), 0);
	CU_ASSERT_EQUAL(used, sizeof(b));
	CU_ASSERT(fr.cap <= 1024);
	srp_frame_fini(&fr);
}

static void
test_srp_frame_bad_version_refused(void)
{
	struct srp_frame fr;
	uint8_t b[SRP_HDR_LEN];
	size_t used;

	srp_frame_init(&fr, SRP_MSG_MAX);
	hdr(b, 2, SRP_HDR_LEN);
	/* The first byte is enough to know. */
	CU_ASSERT_EQUAL(srp_frame_push(&fr, b, sizeof(b), &used), -EPROTO);
	CU_ASSERT_EQUAL(used, 1);
	CU_ASSERT_EQUAL(srp_frame_err(&fr), SRP_CODEC_E_VERSION);
	CU_ASSERT_EQUAL(srp_frame_peer_version(&fr), 2);
	/* Sticky: nothing more is taken until reset. */
	CU_ASSERT_EQUAL(srp_frame_push(&fr, b + 1, 15, &used), -EPROTO);
	CU_ASSERT_EQUAL(used, 0);
	srp_frame_reset(&fr);
	hdr(b, SRP_PROTO_VERSION, SRP_HDR_LEN);
	CU_ASSERT_EQUAL(srp_frame_push(&fr, b, sizeof(b), &used), 1);
	CU_ASSERT_EQUAL(srp_frame_peer_version(&fr), SRP_PROTO_VERSION);
	srp_frame_fini(&fr);
}

/* Two 16-byte messages in one push come out one per call. */
static void
test_srp_frame_minimal_messages(void)
{
	struct srp_frame fr;
	uint8_t b[2 * SRP_HDR_LEN];
	const uint8_t *msg;
	size_t used, len;

	srp_frame_init(&fr, SRP_MSG_MAX);
	hdr(b, SRP_PROTO_VERSION, SRP_HDR_LEN);
	hdr(b + SRP_HDR_LEN, SRP_PROTO_VERSION, SRP_HDR_LEN);
	b[SRP_HDR_LEN + 11] = 2;	/* seq 2 */
	CU_ASSERT_EQUAL(srp_frame_push(&fr, b, sizeof(b), &used), 1);
	CU_ASSERT_EQUAL(used, SRP_HDR_LEN);
	msg = srp_frame_msg(&fr, &len);
	CU_ASSERT_EQUAL(len, SRP_HDR_LEN);
	CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
	CU_ASSERT_EQUAL(msg[11], 0);
	CU_ASSERT_EQUAL(srp_frame_push(&fr, b + used, sizeof(b) - used,
				       &used), 1);
	CU_ASSERT_EQUAL(used, SRP_HDR_LEN);
	msg = srp_frame_msg(&fr, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
	CU_ASSERT_EQUAL(msg[11], 2);
	CU_ASSERT_EQUAL(srp_frame_push(&fr, NULL, 0, &used), 0);
	CU_ASSERT_PTR_NULL(srp_frame_msg(&fr, &len));
	CU_ASSERT_EQUAL(len, 0);
	srp_frame_fini(&fr);
}

/* A big message grows the buffer; it is given back afterwards. */
static void
test_srp_frame_memory_released(void)
{
	struct srp_frame fr;
	size_t used, n;
	int ret;

	srp_frame_init(&fr, SRP_MSG_MAX);
	/* Message 2 is the big chunk. */
	n = st.off[3] - st.off[2];
	ret = srp_frame_push(&fr, st.bytes + st.off[2], n, &used);
	CU_ASSERT_EQUAL(ret, 1);
	CU_ASSERT(fr.cap >= n);
	CU_ASSERT_EQUAL(srp_frame_push(&fr, st.bytes + st.off[1],
				       st.off[2] - st.off[1], &used), 1);
	CU_ASSERT(fr.cap <= SRP_FRAME_KEEP_LEN);
	srp_frame_fini(&fr);
	CU_ASSERT_PTR_NULL(fr.buf);
}

/* Random bytes: refused or delimited, never a crash; errors are sticky. */
static void
test_srp_frame_garbage(void)
{
	uint8_t junk[4096];
	struct srp_frame fr;
	unsigned int i, k, n_err = 0;
	size_t pos, used, n;
	int ret;

	for (k = 0; k < 200; k++) {
		for (i = 0; i < sizeof(junk); i++)
			junk[i] = (uint8_t)rnd();
		/* Half the time start like a real header. */
		if (k % 2 == 0) {
			junk[0] = SRP_PROTO_VERSION;
			junk[4] = 0;
			junk[5] = 0;
		}
		srp_frame_init(&fr, SRP_MSG_MAX);
		for (pos = 0; pos < sizeof(junk); pos += used) {
			n = 1 + rnd() % 64;
			if (n > sizeof(junk) - pos)
				n = sizeof(junk) - pos;
			ret = srp_frame_push(&fr, junk + pos, n, &used);
			if (ret < 0) {
				CU_ASSERT_EQUAL(ret, -EPROTO);
				CU_ASSERT(srp_frame_err(&fr) != SRP_CODEC_OK);
				CU_ASSERT_EQUAL(srp_frame_push(&fr, junk, 1,
							       &used), -EPROTO);
				n_err++;
				break;
			}
		}
		srp_frame_fini(&fr);
	}
	CU_ASSERT(n_err >= 90);
}

static void
test_srp_frame_invalid_args(void)
{
	struct srp_frame fr;
	size_t used;

	CU_ASSERT_EQUAL(srp_frame_init(NULL, SRP_MSG_MAX), -EINVAL);
	CU_ASSERT_EQUAL(srp_frame_init(&fr, SRP_HDR_LEN - 1), -EINVAL);
	CU_ASSERT_EQUAL(srp_frame_init(&fr, SRP_MSG_MAX + 1), -EINVAL);
	CU_ASSERT_EQUAL(srp_frame_init(&fr, SRP_HDR_LEN), 0);
	CU_ASSERT_EQUAL(srp_frame_push(&fr, NULL, 1, &used), -EINVAL);
	CU_ASSERT_EQUAL(srp_frame_push(&fr, (const uint8_t *)"", 0, NULL),
			-EINVAL);
	CU_ASSERT_EQUAL(srp_frame_push(NULL, (const uint8_t *)"", 0, &used),
			-EINVAL);
	CU_ASSERT_PTR_NULL(srp_frame_msg(NULL, NULL));
	srp_frame_fini(&fr);
	srp_frame_fini(NULL);
	srp_frame_reset(NULL);
}

static CU_TestInfo frame_tests[] = {
	{ "byte_by_byte", test_srp_frame_byte_by_byte },
	{ "random_splits", test_srp_frame_random_splits },
	{ "whole_stream", test_srp_frame_whole_stream },
	{ "undersize_refused", test_srp_frame_undersize_refused },
	{ "oversize_refused_before_alloc",
	  test_srp_frame_oversize_refused_before_alloc },
	{ "bad_version_refused", test_srp_frame_bad_version_refused },
	{ "minimal_messages", test_srp_frame_minimal_messages },
	{ "memory_released", test_srp_frame_memory_released },
	{ "garbage", test_srp_frame_garbage },
	{ "invalid_args", test_srp_frame_invalid_args },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "srp_frame", suite_init, suite_clean, NULL, NULL, frame_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
