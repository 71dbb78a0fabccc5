/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Compression of checkpoint payloads: zlib (default) or LZ4, chosen once
 * per connection from what both sides are configured for (LZ4 only when
 * both ask for it). Pure code over caller buffers. Context: any.
 */
#ifndef SRP_CKPT_COMP_H
#define SRP_CKPT_COMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srp_proto.h"

/**
 * COMP_CAPS a chassis announces in its HELLO: zlib always; LZ4 too when
 * "checkpoint session compression lz4" is configured.
 * Context: any.
 */
uint8_t srp_comp_caps(bool lz4_configured);

/**
 * Algorithm of a connection: LZ4 when both announced it, else zlib.
 * Context: any.
 * @param local_caps what this chassis announced
 * @param peer_caps the peer's COMP_CAPS
 * @return SRP_WCOMP_LZ4 or SRP_WCOMP_ZLIB
 */
enum srp_wire_comp srp_comp_negotiate(uint8_t local_caps, uint8_t peer_caps);

/**
 * Largest output of srp_comp_compress() for @in_len bytes.
 * Context: any.
 * @return the bound, or 0 for an unknown algorithm or a length above
 *	   SRP_UNCOMP_MAX
 */
size_t srp_comp_bound(enum srp_wire_comp c, size_t in_len);

/**
 * Compress @in into @out.
 * Context: any.
 * @return 0 with *out_len set; -EINVAL (algorithm, NULL, @in_len 0 or
 *	   above SRP_UNCOMP_MAX); -ENOSPC (@cap too small); -EIO (library)
 */
int srp_comp_compress(enum srp_wire_comp c, const uint8_t *in, size_t in_len,
		      uint8_t *out, size_t cap, size_t *out_len);

/**
 * Decompress @in into exactly @out_len bytes (UNCOMP_LEN of the chunk).
 * Context: any.
 * @return 0; -EINVAL (algorithm, NULL, @out_len 0 or above
 *	   SRP_UNCOMP_MAX); -EBADMSG when the data is corrupt or does not
 *	   decompress to exactly @out_len bytes
 */
int srp_comp_decompress(enum srp_wire_comp c, const uint8_t *in,
			size_t in_len, uint8_t *out, size_t out_len);

/**
 * Whether the sizes a received batch declares fit what a sender that puts
 * at most @max_raw uncompressed bytes in a batch can produce: @out_len
 * (UNCOMP_LEN; for an uncompressed batch its payload length) at most
 * @max_raw, and @in_len (the payload on the wire) at most
 * srp_comp_bound(@c, @max_raw). Meant to run before any allocation or
 * decompression (a small payload cannot claim a large output).
 * Context: any.
 * @return 0; -EMSGSIZE when a size is over the limit; -EINVAL for an
 *	   unknown algorithm, @max_raw 0 or above SRP_UNCOMP_MAX
 */
int srp_comp_check_len(enum srp_wire_comp c, size_t in_len, size_t out_len,
		       size_t max_raw);

/** Name of an algorithm ("none", "zlib", "lz4"). Context: any. */
const char *srp_comp_name(enum srp_wire_comp c);

#endif /* SRP_CKPT_COMP_H */
