/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of SRP authentication: RFC 4231 HMAC-SHA256 vectors, sign and
 * verify between two ends, wrong key, replays, tampering, nonce binding
 * and the signing preconditions. Runs without EAL.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "srp_auth.h"
#include "srp_codec.h"
#include "support/ut_run.h"

static void
unhex(const char *s, uint8_t *out)
{
	unsigned int b;
	size_t i;

	for (i = 0; i < strlen(s) / 2; i++) {
		CU_ASSERT_EQUAL_FATAL(sscanf(s + 2 * i, "%2x", &b), 1);
		out[i] = (uint8_t)b;
	}
}

/* RFC 4231 section 4: test cases 1-7 for HMAC-SHA-256. */
static void
test_srp_auth_rfc4231_vectors(void)
{
	static const char *const tc7_data =
		"This is a test using a larger than block-size key and a "
		"larger than block-size data. The key needs to be hashed "
		"before being used by the HMAC algorithm.";
	static const char *const tc6_data =
		"Test Using Larger Than Block-Size Key - Hash Key First";
	uint8_t key[131], data[200], want[32], out[32];
	unsigned int i;

	memset(key, 0x0b, 20);
	CU_ASSERT_EQUAL(srp_hmac_sha256(key, 20, (const uint8_t *)"Hi There",
					8, out), 0);
	unhex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	      want);
	CU_ASSERT(memcmp(out, want, 32) == 0);

	CU_ASSERT_EQUAL(srp_hmac_sha256((const uint8_t *)"Jefe", 4,
		(const uint8_t *)"what do ya want for nothing?", 28, out), 0);
	unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	      want);
	CU_ASSERT(memcmp(out, want, 32) == 0);

	memset(key, 0xaa, 20);
	memset(data, 0xdd, 50);
	CU_ASSERT_EQUAL(srp_hmac_sha256(key, 20, data, 50, out), 0);
	unhex("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
	      want);
	CU_ASSERT(memcmp(out, want, 32) == 0);

	for (i = 0; i < 25; i++)
		key[i] = (uint8_t)(i + 1);
	memset(data, 0xcd, 50);
	CU_ASSERT_EQUAL(srp_hmac_sha256(key, 25, data, 50, out), 0);
	unhex("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
	      want);
	CU_ASSERT(memcmp(out, want, 32) == 0);

	/* Test case 5 compares the first 128 bits only. */
	memset(key, 0x0c, 20);
	CU_ASSERT_EQUAL(srp_hmac_sha256(key, 20,
		(const uint8_t *)"Test With Truncation", 20, out), 0);
	unhex("a3b6167473100ee06e0c796c2955552b", want);
	CU_ASSERT(memcmp(out, want, 16) == 0);

	memset(key, 0xaa, 131);
	CU_ASSERT_EQUAL(srp_hmac_sha256(key, 131, (const uint8_t *)tc6_data,
					strlen(tc6_data), out), 0);
	unhex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	      want);
	CU_ASSERT(memcmp(out, want, 32) == 0);

	CU_ASSERT_EQUAL(srp_hmac_sha256(key, 131, (const uint8_t *)tc7_data,
					strlen(tc7_data), out), 0);
	unhex("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
	      want);
	CU_ASSERT(memcmp(out, want, 32) == 0);

	/* Empty key and message are valid HMAC inputs. */
	CU_ASSERT_EQUAL(srp_hmac_sha256(NULL, 0, NULL, 0, out), 0);
	unhex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad",
	      want);
	CU_ASSERT(memcmp(out, want, 32) == 0);
}

static const uint8_t psk[] = "shared secret of both chassis";
static const uint8_t nonce_a[SRP_NONCE_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8,
						9, 10, 11, 12, 13, 14, 15, 16 };
static const uint8_t nonce_b[SRP_NONCE_LEN] = { 0xb0, 0xb1, 0xb2, 0xb3 };
static const uint8_t nonce_c[SRP_NONCE_LEN] = { 0xc0, 0xc1, 0xc2, 0xc3 };

/* Encode a message of @type with @seq into @buf; return its length. */
static size_t
build(uint8_t *buf, size_t cap, uint8_t type, uint32_t seq)
{
	static const uint8_t pl[] = "change batch";
	struct srp_msg m;
	size_t len = 0;

	srp_msg_init(&m, type);
	m.seq = seq;
	switch (type) {
	case SRP_MSG_HELLO:
		m.hello.mode = SRP_WMODE_PRIMARY;
		m.hello.priority = 10;
		m.hello.hello_ms = 10;
		m.hello.dead_ms = 30;
		memcpy(m.hello.nonce, nonce_a, SRP_NONCE_LEN);
		m.present = SRP_TLV_BIT(SRP_TLV_NONCE);
		strcpy(m.hello.sw_version, "srpgw 0.1.0");
		break;
	case SRP_MSG_SESS_DELTA:
		m.payload = pl;
		m.payload_len = sizeof(pl);
		break;
	case SRP_MSG_REFUSE:
		m.reason = SRP_REFUSE_AUTH;
		break;
	case SRP_MSG_NONCE:
		memcpy(m.hello.nonce, nonce_a, SRP_NONCE_LEN);
		break;
	default:
		break;
	}
	CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, cap, &len),
			      SRP_CODEC_OK);
	return len;
}

/* Sign a fresh message; return the signed length. */
static size_t
signed_msg(struct srp_auth *a, uint8_t *buf, uint8_t type, uint32_t seq)
{
	size_t len, out = 0;

	len = build(buf, 512, type, seq);
	CU_ASSERT_EQUAL_FATAL(srp_auth_sign(a, buf, len, 512, &out), 0);
	CU_ASSERT_EQUAL(out, len + SRP_AUTH_TRAILER_LEN);
	return out;
}

/* A and B: nonces unbound, then bound hellos and traffic; all decodes. */
static void
test_srp_auth_handshake_and_traffic(void)
{
	struct srp_auth a, b;
	uint8_t buf[512];
	struct srp_msg m;
	size_t len;
	uint32_t seq;

	CU_ASSERT_EQUAL_FATAL(srp_auth_init(&a, psk, sizeof(psk), nonce_a), 0);
	CU_ASSERT_EQUAL_FATAL(srp_auth_init(&b, psk, sizeof(psk), nonce_b), 0);
	len = signed_msg(&a, buf, SRP_MSG_NONCE, 1);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, len), SRP_AUTH_OK);
	CU_ASSERT_EQUAL_FATAL(srp_msg_decode(buf, len, &m), SRP_CODEC_OK);
	CU_ASSERT_EQUAL(m.flags, SRP_F_AUTH);
	CU_ASSERT(m.present & SRP_TLV_BIT(SRP_TLV_AUTH_HMAC));
	CU_ASSERT_EQUAL(m.len, len);
	CU_ASSERT_EQUAL(srp_auth_set_peer_nonce(&b, m.hello.nonce), 0);
	/* The same nonce again (next hello) is fine, another one is not. */
	CU_ASSERT_EQUAL(srp_auth_set_peer_nonce(&b, nonce_a), 0);
	CU_ASSERT_EQUAL(srp_auth_set_peer_nonce(&b, nonce_c), -EALREADY);

	len = signed_msg(&b, buf, SRP_MSG_HELLO, 1);
	CU_ASSERT_EQUAL(srp_msg_decode(buf, len, &m), SRP_CODEC_OK);
	CU_ASSERT_EQUAL(m.flags, SRP_F_AUTH | SRP_F_BOUND);
	CU_ASSERT_EQUAL(srp_auth_verify(&a, buf, len), SRP_AUTH_OK);
	CU_ASSERT_EQUAL(srp_auth_set_peer_nonce(&a, nonce_b), 0);

	for (seq = 2; seq < 50; seq++) {
		len = signed_msg(&a, buf, SRP_MSG_SESS_DELTA, seq);
		CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, len), SRP_AUTH_OK);
		CU_ASSERT_EQUAL(srp_msg_decode(buf, len, &m), SRP_CODEC_OK);
		len = signed_msg(&b, buf, SRP_MSG_READY, seq);
		CU_ASSERT_EQUAL(srp_auth_verify(&a, buf, len), SRP_AUTH_OK);
	}
	CU_ASSERT_EQUAL(b.rx_seq, 49);
	srp_auth_fini(&a);
	srp_auth_fini(&b);
}

static void
test_srp_auth_wrong_key_refused(void)
{
	static const uint8_t other[] = "shared secret of both chassiS";
	struct srp_auth a, b;
	uint8_t buf[512];
	size_t len;

	srp_auth_init(&a, psk, sizeof(psk), nonce_a);
	srp_auth_init(&b, other, sizeof(other), nonce_b);
	len = signed_msg(&a, buf, SRP_MSG_NONCE, 1);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, len), SRP_AUTH_E_MAC);
	/* A refusal changes nothing: the right key still accepts seq 1. */
	CU_ASSERT_EQUAL(b.rx_seq, 0);
	srp_auth_init(&b, psk, sizeof(psk), nonce_b);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, len), SRP_AUTH_OK);
	/*
	 * A prefix of the key is another key (not just dropping the NUL:
	 * HMAC pads short keys with zeros, so that would be the same key).
	 */
	srp_auth_init(&b, psk, sizeof(psk) - 2, nonce_b);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, len), SRP_AUTH_E_MAC);
	srp_auth_fini(&a);
	srp_auth_fini(&b);
}

static void
test_srp_auth_replay_refused(void)
{
	uint8_t m5[512], m4[512], m6[512];
	size_t l5, l4, l6;
	struct srp_auth a, a2, b;

	srp_auth_init(&a, psk, sizeof(psk), nonce_a);
	srp_auth_init(&a2, psk, sizeof(psk), nonce_a);
	srp_auth_init(&b, psk, sizeof(psk), nonce_b);
	l5 = signed_msg(&a, m5, SRP_MSG_NONCE, 5);
	l6 = signed_msg(&a, m6, SRP_MSG_NONCE, 6);
	/* Signed by a second sender state so seq 4 can still be made. */
	l4 = signed_msg(&a2, m4, SRP_MSG_NONCE, 4);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, m5, l5), SRP_AUTH_OK);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, m5, l5), SRP_AUTH_E_REPLAY);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, m4, l4), SRP_AUTH_E_REPLAY);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, m6, l6), SRP_AUTH_OK);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, m6, l6), SRP_AUTH_E_REPLAY);
	CU_ASSERT_EQUAL(b.rx_seq, 6);
	srp_auth_fini(&a);
	srp_auth_fini(&a2);
	srp_auth_fini(&b);
}

/* A message bound to an earlier connection's nonce fails on a new one. */
static void
test_srp_auth_cross_connection_replay_refused(void)
{
	struct srp_auth a, b_old, b_new;
	uint8_t buf[512];
	size_t len;

	srp_auth_init(&a, psk, sizeof(psk), nonce_a);
	srp_auth_init(&b_old, psk, sizeof(psk), nonce_b);
	srp_auth_init(&b_new, psk, sizeof(psk), nonce_c);
	srp_auth_set_peer_nonce(&a, nonce_b);
	len = signed_msg(&a, buf, SRP_MSG_SESS_DELTA, 7);
	CU_ASSERT_EQUAL(srp_auth_verify(&b_new, buf, len), SRP_AUTH_E_MAC);
	CU_ASSERT_EQUAL(srp_auth_verify(&b_old, buf, len), SRP_AUTH_OK);
	srp_auth_fini(&a);
	srp_auth_fini(&b_old);
	srp_auth_fini(&b_new);
}

/* Once bound traffic was seen, an unbound (old) nonce is refused. */
static void
test_srp_auth_unbound_after_bound_refused(void)
{
	struct srp_auth a, a_old, b;
	uint8_t buf[512], old[512];
	size_t len, old_len;

	srp_auth_init(&a, psk, sizeof(psk), nonce_a);
	srp_auth_init(&a_old, psk, sizeof(psk), nonce_a);
	srp_auth_init(&b, psk, sizeof(psk), nonce_b);
	old_len = signed_msg(&a_old, old, SRP_MSG_NONCE, 100);
	srp_auth_set_peer_nonce(&a, nonce_b);
	len = signed_msg(&a, buf, SRP_MSG_HELLO, 1);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, len), SRP_AUTH_OK);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, old, old_len), SRP_AUTH_E_UNBOUND);
	/* Before any binding, the unbound nonce would have passed. */
	srp_auth_init(&b, psk, sizeof(psk), nonce_b);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, old, old_len), SRP_AUTH_OK);
	srp_auth_fini(&a);
	srp_auth_fini(&a_old);
	srp_auth_fini(&b);
}

/* A HELLO signed with the bare PSK is refused, even first on a connection:
 * it could have been recorded anywhere. */
static void
test_srp_auth_unbound_hello_refused(void)
{
	struct srp_auth b;
	uint8_t buf[512];
	size_t len;

	srp_auth_init(&b, psk, sizeof(psk), nonce_b);
	len = build(buf, sizeof(buf), SRP_MSG_HELLO, 1);
	/* Sign it by hand, as an older peer or an attacker would. */
	buf[3] |= SRP_F_AUTH;
	buf[4] = 0;
	buf[5] = 0;
	buf[6] = (uint8_t)((len + SRP_AUTH_TRAILER_LEN) >> 8);
	buf[7] = (uint8_t)(len + SRP_AUTH_TRAILER_LEN);
	buf[len] = 0x80;
	buf[len + 1] = 0;
	buf[len + 2] = 0;
	buf[len + 3] = SRP_TLV_AUTH_HMAC;
	buf[len + 4] = 0;
	buf[len + 5] = 0;
	buf[len + 6] = 0;
	buf[len + 7] = SRP_HMAC_LEN;
	CU_ASSERT_EQUAL_FATAL(srp_hmac_sha256(psk, sizeof(psk), buf, len + 8,
					      buf + len + 8), 0);
	len += SRP_AUTH_TRAILER_LEN;
	CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, len), SRP_AUTH_E_UNBOUND);
	CU_ASSERT_EQUAL(b.rx_seq, 0);
	srp_auth_fini(&b);
}

/*
 * A whole recorded handshake (NONCE, then the HELLO bound to the victim's
 * nonce of that time) replayed on a new connection: the NONCE passes (it
 * proves nothing), the HELLO is refused as a replay.
 */
static void
test_srp_auth_recorded_handshake_refused(void)
{
	struct srp_auth a, b_old, b_new;
	uint8_t n[512], h[512];
	size_t nl, hl;

	srp_auth_init(&a, psk, sizeof(psk), nonce_a);
	srp_auth_init(&b_old, psk, sizeof(psk), nonce_b);
	srp_auth_init(&b_new, psk, sizeof(psk), nonce_c);
	nl = signed_msg(&a, n, SRP_MSG_NONCE, 1);
	CU_ASSERT_EQUAL(srp_auth_set_peer_nonce(&a, nonce_b), 0);
	hl = signed_msg(&a, h, SRP_MSG_HELLO, 2);
	/* The original connection accepts both. */
	CU_ASSERT_EQUAL(srp_auth_verify(&b_old, n, nl), SRP_AUTH_OK);
	CU_ASSERT_EQUAL(srp_auth_verify(&b_old, h, hl), SRP_AUTH_OK);
	/* The replay on a new one: refused and named as such. */
	CU_ASSERT_EQUAL(srp_auth_verify(&b_new, n, nl), SRP_AUTH_OK);
	CU_ASSERT_EQUAL(srp_auth_verify(&b_new, h, hl), SRP_AUTH_E_NONCE);
	CU_ASSERT_FALSE(b_new.rx_bound_seen);
	CU_ASSERT_STRING_EQUAL(srp_auth_err_name(SRP_AUTH_E_NONCE), "nonce");
	srp_auth_fini(&a);
	srp_auth_fini(&b_old);
	srp_auth_fini(&b_new);
}

/* Every single-bit change of a signed message is refused. */
static void
test_srp_auth_tampered_byte_refused(void)
{
	struct srp_auth a, b;
	uint8_t buf[512], mut[512];
	unsigned int bit;
	size_t len, i;

	srp_auth_init(&a, psk, sizeof(psk), nonce_a);
	srp_auth_set_peer_nonce(&a, nonce_b);
	len = signed_msg(&a, buf, SRP_MSG_SESS_DELTA, 3);
	for (i = 0; i < len; i++) {
		for (bit = 0; bit < 8; bit++) {
			srp_auth_init(&b, psk, sizeof(psk), nonce_b);
			memcpy(mut, buf, len);
			mut[i] ^= (uint8_t)(1u << bit);
			CU_ASSERT(srp_auth_verify(&b, mut, len) != SRP_AUTH_OK);
			CU_ASSERT_EQUAL(b.rx_seq, 0);
		}
	}
	srp_auth_init(&b, psk, sizeof(psk), nonce_b);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, len), SRP_AUTH_OK);
	srp_auth_fini(&a);
	srp_auth_fini(&b);
}

static void
test_srp_auth_missing_and_format_refused(void)
{
	struct srp_auth a, b;
	uint8_t buf[512];
	size_t len;

	srp_auth_init(&a, psk, sizeof(psk), nonce_a);
	srp_auth_init(&b, psk, sizeof(psk), nonce_b);
	len = build(buf, sizeof(buf), SRP_MSG_HELLO, 1);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, len), SRP_AUTH_E_MISSING);
	len = signed_msg(&a, buf, SRP_MSG_NONCE, 1);
	/* Shorter than the header says. */
	CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, len - 1), SRP_AUTH_E_FORMAT);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, 10), SRP_AUTH_E_FORMAT);
	CU_ASSERT_EQUAL(srp_auth_verify(&b, NULL, len), SRP_AUTH_E_FORMAT);
	/* Trailer TLV type or length changed. */
	buf[len - SRP_AUTH_TRAILER_LEN + 3] ^= 1;
	CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, len), SRP_AUTH_E_FORMAT);
	buf[len - SRP_AUTH_TRAILER_LEN + 3] ^= 1;
	buf[len - SRP_AUTH_TRAILER_LEN + 7] ^= 1;
	CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, len), SRP_AUTH_E_FORMAT);
	buf[len - SRP_AUTH_TRAILER_LEN + 7] ^= 1;
	CU_ASSERT_EQUAL(srp_auth_verify(&b, buf, len), SRP_AUTH_OK);
	srp_auth_fini(&a);
	srp_auth_fini(&b);
}

static void
test_srp_auth_sign_preconditions(void)
{
	struct srp_auth a;
	uint8_t buf[512], copy[512];
	size_t len, out;

	CU_ASSERT_EQUAL(srp_auth_init(&a, psk, 0, nonce_a), -EINVAL);
	CU_ASSERT_EQUAL(srp_auth_init(&a, psk, SRP_AUTH_KEY_MAX + 1, nonce_a),
			-EINVAL);
	CU_ASSERT_EQUAL(srp_auth_init(&a, NULL, 4, nonce_a), -EINVAL);
	CU_ASSERT_EQUAL(srp_auth_init(&a, psk, 4, NULL), -EINVAL);
	CU_ASSERT_EQUAL_FATAL(srp_auth_init(&a, psk, sizeof(psk), nonce_a), 0);

	/* Before the peer's nonce only NONCE and REFUSE may be signed:
	 * not even a HELLO, which must cover the receiver's nonce. */
	len = build(buf, sizeof(buf), SRP_MSG_SESS_DELTA, 1);
	memcpy(copy, buf, len);
	CU_ASSERT_EQUAL(srp_auth_sign(&a, buf, len, sizeof(buf), &out),
			-EAGAIN);
	CU_ASSERT(memcmp(copy, buf, len) == 0);
	len = build(buf, sizeof(buf), SRP_MSG_HELLO, 1);
	CU_ASSERT_EQUAL(srp_auth_sign(&a, buf, len, sizeof(buf), &out),
			-EAGAIN);
	len = build(buf, sizeof(buf), SRP_MSG_REFUSE, 1);
	CU_ASSERT_EQUAL(srp_auth_sign(&a, buf, len, sizeof(buf), &out), 0);
	/* Already signed. */
	CU_ASSERT_EQUAL(srp_auth_sign(&a, buf, out, sizeof(buf), &out),
			-EINVAL);
	/* seq must grow: 1 again, and 0, are refused. */
	len = build(buf, sizeof(buf), SRP_MSG_HELLO, 1);
	CU_ASSERT_EQUAL(srp_auth_sign(&a, buf, len, sizeof(buf), &out),
			-ERANGE);
	len = build(buf, sizeof(buf), SRP_MSG_HELLO, 0);
	CU_ASSERT_EQUAL(srp_auth_sign(&a, buf, len, sizeof(buf), &out),
			-ERANGE);
	/* No room for the trailer; the buffer is left as it was. */
	CU_ASSERT_EQUAL(srp_auth_set_peer_nonce(&a, nonce_b), 0);
	len = build(buf, sizeof(buf), SRP_MSG_HELLO, 2);
	memcpy(copy, buf, len);
	CU_ASSERT_EQUAL(srp_auth_sign(&a, buf, len, len + 39, &out), -ENOSPC);
	CU_ASSERT(memcmp(copy, buf, len) == 0);
	/* Length disagrees with the header. */
	CU_ASSERT_EQUAL(srp_auth_sign(&a, buf, len - 1, sizeof(buf), &out),
			-EINVAL);
	CU_ASSERT_EQUAL(srp_auth_sign(&a, buf, len, len + 40, &out), 0);
	CU_ASSERT_EQUAL(a.tx_seq, 2);
	/* Last possible seq signs; nothing can follow it. */
	len = build(buf, sizeof(buf), SRP_MSG_HELLO, UINT32_MAX);
	CU_ASSERT_EQUAL(srp_auth_sign(&a, buf, len, sizeof(buf), &out), 0);
	len = build(buf, sizeof(buf), SRP_MSG_HELLO, UINT32_MAX);
	CU_ASSERT_EQUAL(srp_auth_sign(&a, buf, len, sizeof(buf), &out),
			-ERANGE);
	srp_auth_fini(&a);
}

static void
test_srp_auth_err_names(void)
{
	int e, f;

	for (e = 0; e < SRP_AUTH_E_MAX; e++) {
		CU_ASSERT(strlen(srp_auth_err_str(e)) > 0);
		for (f = 0; f < e; f++)
			CU_ASSERT(strcmp(srp_auth_err_name(e),
					 srp_auth_err_name(f)) != 0);
	}
	CU_ASSERT_STRING_EQUAL(srp_auth_err_name(SRP_AUTH_E_MAX), "?");
	CU_ASSERT_STRING_EQUAL(srp_auth_err_str(SRP_AUTH_E_MAX),
			       "unknown error");
}

static CU_TestInfo auth_tests[] = {
	{ "rfc4231_vectors", test_srp_auth_rfc4231_vectors },
	{ "handshake_and_traffic", test_srp_auth_handshake_and_traffic },
	{ "wrong_key_refused", test_srp_auth_wrong_key_refused },
	{ "replay_refused", test_srp_auth_replay_refused },
	{ "cross_connection_replay_refused",
	  test_srp_auth_cross_connection_replay_refused },
	{ "unbound_after_bound_refused",
	  test_srp_auth_unbound_after_bound_refused },
	{ "tampered_byte_refused", test_srp_auth_tampered_byte_refused },
	{ "unbound_hello_refused", test_srp_auth_unbound_hello_refused },
	{ "recorded_handshake_refused",
	  test_srp_auth_recorded_handshake_refused },
	{ "missing_and_format_refused",
	  test_srp_auth_missing_and_format_refused },
	{ "sign_preconditions", test_srp_auth_sign_preconditions },
	{ "err_names", test_srp_auth_err_names },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "srp_auth", NULL, NULL, NULL, NULL, auth_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
