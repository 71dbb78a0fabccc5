/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * zlib and LZ4 behind one interface for checkpoint payloads (see
 * srp_ckpt_comp.h). Context: any.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include <lz4.h>
#include <zlib.h>

#include "srp_ckpt_comp.h"

/* zlib level: checkpoint batches are small; speed matters more. */
#define SRP_COMP_ZLIB_LEVEL	1

uint8_t
srp_comp_caps(bool lz4_configured)
{
	return lz4_configured ? SRP_COMP_CAP_ALL : SRP_COMP_CAP_ZLIB;
}

enum srp_wire_comp
srp_comp_negotiate(uint8_t local_caps, uint8_t peer_caps)
{
	if ((local_caps & SRP_COMP_CAP_LZ4) && (peer_caps & SRP_COMP_CAP_LZ4))
		return SRP_WCOMP_LZ4;
	return SRP_WCOMP_ZLIB;
}

const char *
srp_comp_name(enum srp_wire_comp c)
{
	switch (c) {
	case SRP_WCOMP_NONE:
		return "none";
	case SRP_WCOMP_ZLIB:
		return "zlib";
	case SRP_WCOMP_LZ4:
		return "lz4";
	default:
		return "?";
	}
}

size_t
srp_comp_bound(enum srp_wire_comp c, size_t in_len)
{
	if (in_len > SRP_UNCOMP_MAX)
		return 0;
	switch (c) {
	case SRP_WCOMP_NONE:
		return in_len;
	case SRP_WCOMP_ZLIB:
		return (size_t)compressBound((uLong)in_len);
	case SRP_WCOMP_LZ4:
		return (size_t)LZ4_compressBound((int)in_len);
	default:
		return 0;
	}
}

int
srp_comp_compress(enum srp_wire_comp c, const uint8_t *in, size_t in_len,
		  uint8_t *out, size_t cap, size_t *out_len)
{
	uLongf zlen;
	int n;

	if (in == NULL || out == NULL || out_len == NULL || in_len == 0 ||
	    in_len > SRP_UNCOMP_MAX)
		return -EINVAL;
	switch (c) {
	case SRP_WCOMP_NONE:
		if (cap < in_len)
			return -ENOSPC;
		memcpy(out, in, in_len);
		*out_len = in_len;
		return 0;
	case SRP_WCOMP_ZLIB:
		zlen = (uLongf)cap;
		n = compress2(out, &zlen, in, (uLong)in_len,
			      SRP_COMP_ZLIB_LEVEL);
		if (n == Z_BUF_ERROR)
			return -ENOSPC;
		if (n != Z_OK)
			return -EIO;
		*out_len = (size_t)zlen;
		return 0;
	case SRP_WCOMP_LZ4:
		n = LZ4_compress_default((const char *)in, (char *)out,
					 (int)in_len,
					 cap > INT_MAX ? INT_MAX : (int)cap);
		if (n <= 0)
			return -ENOSPC;
		*out_len = (size_t)n;
		return 0;
	default:
		return -EINVAL;
	}
}

int
srp_comp_decompress(enum srp_wire_comp c, const uint8_t *in, size_t in_len,
		    uint8_t *out, size_t out_len)
{
	uLongf zlen;
	uLong used;
	int n;

	if (in == NULL || out == NULL || out_len == 0 ||
	    out_len > SRP_UNCOMP_MAX || in_len > SRP_MSG_MAX)
		return -EINVAL;
	switch (c) {
	case SRP_WCOMP_NONE:
		if (in_len != out_len)
			return -EBADMSG;
		memcpy(out, in, in_len);
		return 0;
	case SRP_WCOMP_ZLIB:
		zlen = (uLongf)out_len;
		used = (uLong)in_len;
		/* uncompress2 also reports trailing garbage via used. */
		n = uncompress2(out, &zlen, in, &used);
		if (n != Z_OK || zlen != out_len || used != in_len)
			return -EBADMSG;
		return 0;
	case SRP_WCOMP_LZ4:
		n = LZ4_decompress_safe((const char *)in, (char *)out,
					(int)in_len, (int)out_len);
		if (n < 0 || (size_t)n != out_len)
			return -EBADMSG;
		return 0;
	default:
		return -EINVAL;
	}
}

int
srp_comp_check_len(enum srp_wire_comp c, size_t in_len, size_t out_len,
		   size_t max_raw)
{
	size_t bound;

	if (max_raw == 0 || max_raw > SRP_UNCOMP_MAX)
		return -EINVAL;
	bound = srp_comp_bound(c, max_raw);
	if (bound == 0)
		return -EINVAL;
	if (out_len > max_raw || in_len > bound)
		return -EMSGSIZE;
	return 0;
}
