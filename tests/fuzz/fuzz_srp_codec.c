/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the SRP codec and authentication: decodes each input
 * as one message, checks what an accepted message must satisfy, re-encodes
 * it (the result must decode to the same fields and re-encode byte for
 * byte), signs it and verifies the signature, and runs srp_auth_verify on
 * the raw input; an audit message's payload goes through the audit
 * reader and writer. Any broken invariant aborts. Test code only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "srp_audit.h"
#include "srp_auth.h"
#include "srp_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t psk[] = "fuzz key";
static const uint8_t nonce_a[SRP_NONCE_LEN] = { 0xa };
static const uint8_t nonce_b[SRP_NONCE_LEN] = { 0xb };

static void
check(int cond)
{
	if (!cond)
		abort();
}

static void
check_str(const char *s, size_t cap, size_t min)
{
	size_t n = strnlen(s, cap);
	size_t i;

	check(n < cap && n >= min);
	for (i = 0; i < n; i++)
		check(s[i] >= 0x20 && s[i] <= 0x7e);
}

/* Invariants of a message the decoder accepted. */
static void
check_msg(const struct srp_msg *m, const uint8_t *data, size_t size)
{
	check(m->len == size && size >= SRP_HDR_LEN && size <= SRP_MSG_MAX);
	check((m->flags & ~SRP_F_KNOWN) == 0);
	check(((m->flags & SRP_F_AUTH) != 0) ==
	      ((m->present & SRP_TLV_BIT(SRP_TLV_AUTH_HMAC)) != 0));
	check(strcmp(srp_msg_type_name(m->type), "UNKNOWN") != 0);
	if (m->present & SRP_TLV_BIT(SRP_TLV_PAYLOAD)) {
		check(m->payload >= data + SRP_HDR_LEN + SRP_TLV_HDR_LEN);
		check(m->payload_len > 0 &&
		      m->payload + m->payload_len <= data + size);
	} else {
		check(m->payload == NULL && m->payload_len == 0);
	}
	check_str(m->text, sizeof(m->text), 0);
	if (m->type == SRP_MSG_HELLO) {
		check_str(m->hello.sw_version, sizeof(m->hello.sw_version), 1);
		check(m->hello.priority >= 1);
		check(m->hello.state < SRP_WSTATE_MAX);
		check((uint64_t)m->hello.dead_ms >=
		      3 * (uint64_t)m->hello.hello_ms);
	}
	if (m->present & SRP_TLV_BIT(SRP_TLV_CMD_ID))
		check(m->cmd_id >= 1);
}

static void
check_same(const struct srp_msg *a, const struct srp_msg *b)
{
	check(a->type == b->type && a->seq == b->seq && a->ack == b->ack);
	check(a->generation == b->generation && a->epoch == b->epoch);
	check(a->count == b->count && a->uncomp_len == b->uncomp_len);
	check(a->reason == b->reason && a->force == b->force);
	check(a->cmd_id == b->cmd_id && a->comp_id == b->comp_id);
	check(a->ver_lo == b->ver_lo && a->ver_hi == b->ver_hi);
	check(strcmp(a->text, b->text) == 0);
	check(a->payload_len == b->payload_len);
	check(a->payload_len == 0 ||
	      memcmp(a->payload, b->payload, a->payload_len) == 0);
	check(memcmp(&a->hello, &b->hello, sizeof(a->hello)) == 0);
}

/* Re-encode, decode again, sign, verify. */
static void
roundtrip(const struct srp_msg *m)
{
	static uint8_t out[SRP_MSG_MAX], out2[SRP_MSG_MAX];
	struct srp_auth a, b;
	struct srp_msg in, d, d2;
	size_t len, len2, slen;

	in = *m;
	in.flags = 0;
	in.present &= ~SRP_TLV_BIT(SRP_TLV_AUTH_HMAC);
	check(srp_msg_encode(&in, out, sizeof(out), &len) == SRP_CODEC_OK);
	check(srp_msg_decode(out, len, &d) == SRP_CODEC_OK);
	check_same(m, &d);
	/* The encoder's output is canonical: encoding it again is equal. */
	d.flags = 0;
	check(srp_msg_encode(&d, out2, sizeof(out2), &len2) == SRP_CODEC_OK);
	check(len2 == len && memcmp(out, out2, len) == 0);

	if (len + SRP_AUTH_TRAILER_LEN > SRP_MSG_MAX || in.seq == 0)
		return;
	check(srp_auth_init(&a, psk, sizeof(psk), nonce_a) == 0);
	check(srp_auth_init(&b, psk, sizeof(psk), nonce_b) == 0);
	if (in.type != SRP_MSG_NONCE && in.type != SRP_MSG_REFUSE)
		check(srp_auth_set_peer_nonce(&a, nonce_b) == 0);
	check(srp_auth_sign(&a, out, len, sizeof(out), &slen) == 0);
	check(slen == len + SRP_AUTH_TRAILER_LEN);
	check(srp_auth_verify(&b, out, slen) == SRP_AUTH_OK);
	check(srp_auth_verify(&b, out, slen) == SRP_AUTH_E_REPLAY);
	check(srp_msg_decode(out, slen, &d2) == SRP_CODEC_OK);
	check(d2.flags & SRP_F_AUTH);
	check_same(m, &d2);
	/* Any flipped bit is refused. */
	out[slen / 2] ^= 0x10;
	srp_auth_init(&b, psk, sizeof(psk), nonce_b);
	check(srp_auth_verify(&b, out, slen) != SRP_AUTH_OK);
	srp_auth_fini(&a);
	srp_auth_fini(&b);
}

/*
 * An audit message's payload: the reader accepts it or says why; what it
 * accepts rebuilds byte for byte through the writer.
 */
static void
audit_payload(const struct srp_msg *m)
{
	static uint8_t buf[SRP_AUDIT_PAYLOAD_MAX];
	enum srp_audit_err e;
	struct srp_audit d, w;
	uint32_t i, lo, hi, n, teid;
	uint64_t sum, fp;

	e = srp_audit_decode(m->type, m->payload, m->payload_len, &d);
	check((unsigned int)e < SRP_AUDIT_E_MAX);
	if (e != SRP_AUDIT_OK)
		return;
	check(srp_audit_writer_init(&w, d.type, d.id, d.flags, buf,
				    sizeof(buf)) == SRP_AUDIT_OK);
	for (i = 0; i < d.n; i++) {
		if (d.type == SRP_MSG_AUDIT_ITEMS) {
			srp_audit_item(&d, i, &teid, &fp);
			check(teid != 0);
			check(srp_audit_put_item(&w, teid, fp) ==
			      SRP_AUDIT_OK);
			continue;
		}
		srp_audit_range(&d, i, &lo, &hi);
		check(lo < hi && hi <= SRP_AUDIT_BUCKETS);
		if (d.type == SRP_MSG_AUDIT_DIGESTS) {
			srp_audit_digest(&d, i, &n, &sum);
			check(srp_audit_put_digest(&w, lo, hi, n, sum) ==
			      SRP_AUDIT_OK);
		} else {
			check(srp_audit_put_range(&w, lo, hi) ==
			      SRP_AUDIT_OK);
		}
	}
	check(srp_audit_len(&w) == m->payload_len &&
	      memcmp(buf, m->payload, m->payload_len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum srp_codec_err err;
	struct srp_auth auth;
	struct srp_msg m;

	err = srp_msg_decode(data, size, &m);
	check((unsigned int)err < SRP_CODEC_E_MAX);
	check(srp_codec_err_str(err) != NULL);
	if (err == SRP_CODEC_OK) {
		check_msg(&m, data, size);
		roundtrip(&m);
		if (srp_audit_entry_len(m.type) != 0)
			audit_payload(&m);
	} else {
		check(m.present == 0 && m.payload == NULL);
	}
	/* Verification on raw bytes must never crash, whatever they are. */
	check(srp_auth_init(&auth, psk, sizeof(psk), nonce_b) == 0);
	check((unsigned int)srp_auth_verify(&auth, data, size) <
	      SRP_AUTH_E_MAX);
	srp_auth_fini(&auth);
	return 0;
}
