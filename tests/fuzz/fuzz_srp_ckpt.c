/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the checkpoint payload layer: decodes the input as a
 * session record batch (an accepted batch must re-encode byte for byte) and
 * decompresses it with zlib and LZ4 into a bounded buffer, decoding what
 * comes out. Any broken invariant aborts. Test code only.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "srp_ckpt_comp.h"
#include "srp_ckpt_rec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_OUT_MAX	(256u * 1024)

static uint8_t fuzz_out[FUZZ_OUT_MAX];
static uint8_t fuzz_re[FUZZ_OUT_MAX + 64];

static void
check(int cond)
{
	if (!cond)
		abort();
}

/* Decode @buf; an accepted batch re-encodes to the same bytes. */
static void
fuzz_batch(const uint8_t *buf, size_t len)
{
	struct srp_rec_writer w;
	struct srp_rec_reader rd;
	struct srp_rec r;
	uint32_t count;
	bool more = true;

	if (srp_rec_check(buf, len, &count) != SRP_REC_OK)
		return;
	check(srp_rec_writer_init(&w, fuzz_re, sizeof(fuzz_re)) ==
	      SRP_REC_OK);
	check(srp_rec_reader_init(&rd, buf, len) == SRP_REC_OK);
	while (count > 0 && more) {
		check(srp_rec_next(&rd, &r, &more) == SRP_REC_OK);
		check(r.op == SRP_REC_DELETE || r.op == SRP_REC_UPSERT ||
		      r.op == SRP_REC_COUNTERS || r.op == SRP_REC_EXT);
		/* Only the PFCP node record names no session. */
		check(r.teid_local != 0 ||
		      (r.op == SRP_REC_EXT &&
		       r.ext_kind == SRP_REC_EXT_PFCP_NODE));
		if (r.op == SRP_REC_EXT)
			check(r.ext != NULL && r.ext_len > 0 &&
			      r.ext_len <= SRP_REC_EXT_MAX &&
			      r.ext >= buf && r.ext + r.ext_len <= buf + len);
		/* A timers record was read whole by the batch check. */
		if (r.op == SRP_REC_EXT &&
		    r.ext_kind == SRP_REC_EXT_SESS_TIMERS)
			check(r.ext_len == SRP_REC_TIMERS_LEN &&
			      srp_rec_timers_decode(r.ext, r.ext_len, NULL) ==
			      SRP_REC_OK);
		check(srp_rec_put(&w, &r) == SRP_REC_OK);
	}
	check(w.count == count);
	check(w.len == len);
	check(memcmp(w.buf, buf, len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t want;

	fuzz_batch(data, size);
	if (size < 3)
		return 0;
	/* Two bytes choose the announced uncompressed length. */
	want = 1 + ((size_t)data[0] << 8 | data[1]) % FUZZ_OUT_MAX;
	if (srp_comp_decompress(SRP_WCOMP_ZLIB, data + 2, size - 2, fuzz_out,
				want) == 0)
		fuzz_batch(fuzz_out, want);
	if (srp_comp_decompress(SRP_WCOMP_LZ4, data + 2, size - 2, fuzz_out,
				want) == 0)
		fuzz_batch(fuzz_out, want);
	return 0;
}
