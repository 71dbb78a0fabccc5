/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the SRP receive path: the input is a TCP byte stream
 * fed to srp_frame in pieces whose sizes come from the input itself, each
 * message verified (HMAC, replay) and decoded. Splitting must not change
 * what comes out: the same stream fed at once gives the same messages and
 * the same error. Any broken invariant aborts. Test code only.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "srp_auth.h"
#include "srp_codec.h"
#include "srp_frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_MSGS	64

static const uint8_t psk[] = "fuzz key";
static const uint8_t nonce[SRP_NONCE_LEN] = { 0xb };

static void
check(int cond)
{
	if (!cond)
		abort();
}

struct result {
	size_t		n_msgs;
	size_t		off[MAX_MSGS];	/* offset of each message in input */
	size_t		len[MAX_MSGS];
	int		ret;		/* final push result: 0 or -EPROTO */
	enum srp_codec_err err;
	size_t		consumed;
};

/*
 * Feed @data with piece sizes drawn from @seed (0 = all at once); run
 * every message through auth verify and decode.
 */
static void
run(const uint8_t *data, size_t size, uint32_t max_len, uint32_t seed,
    struct result *r)
{
	struct srp_frame fr;
	struct srp_auth auth;
	const uint8_t *msg;
	size_t pos = 0, n, used, len;
	struct srp_msg m;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	check(srp_frame_init(&fr, max_len) == 0);
	check(srp_auth_init(&auth, psk, sizeof(psk), nonce) == 0);
	while (pos < size) {
		if (seed == 0) {
			n = size - pos;
		} else {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 97;
			if (n > size - pos)
				n = size - pos;
		}
		ret = srp_frame_push(&fr, data + pos, n, &used);
		check(used <= n);
		pos += used;
		if (ret < 0)
			break;
		if (ret == 0) {
			check(used == n);
			continue;
		}
		check(ret == 1);
		msg = srp_frame_msg(&fr, &len);
		check(msg != NULL && len >= SRP_HDR_LEN && len <= max_len);
		check(msg[0] == SRP_PROTO_VERSION);
		check(pos >= len && memcmp(msg, data + pos - len, len) == 0);
		if (r->n_msgs < MAX_MSGS) {
			r->off[r->n_msgs] = pos - len;
			r->len[r->n_msgs] = len;
		}
		r->n_msgs++;
		(void)srp_auth_verify(&auth, msg, len);
		if (srp_msg_decode(msg, len, &m) == SRP_CODEC_OK)
			check(m.len == len);
	}
	/* The last push may have completed the last message. */
	if (ret == 1)
		ret = 0;
	check(ret == 0 || ret == -EPROTO);
	r->ret = ret;
	r->err = srp_frame_err(&fr);
	check((ret == 0) == (r->err == SRP_CODEC_OK));
	r->consumed = pos;
	srp_auth_fini(&auth);
	srp_frame_fini(&fr);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result whole, split;
	uint32_t seed, max_len;
	size_t i;

	if (size < 3)
		return 0;
	/* Byte 0-1: split seed; byte 2: message size limit. */
	seed = (uint32_t)data[0] << 8 | data[1] | 1;
	max_len = data[2] & 0x80 ? SRP_MSG_MAX :
		  SRP_HDR_LEN + (uint32_t)data[2] * 8;
	data += 3;
	size -= 3;
	run(data, size, max_len, 0, &whole);
	run(data, size, max_len, seed, &split);
	check(whole.n_msgs == split.n_msgs);
	check(whole.ret == split.ret && whole.err == split.err);
	check(whole.consumed == split.consumed);
	for (i = 0; i < whole.n_msgs && i < MAX_MSGS; i++)
		check(whole.off[i] == split.off[i] &&
		      whole.len[i] == split.len[i]);
	return 0;
}
