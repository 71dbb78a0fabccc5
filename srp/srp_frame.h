/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP stream framing: reassembles whole messages from TCP bytes delivered in
 * any split, refusing a bad version or length as soon as the header shows it
 * and before any allocation. Memory is bounded by the maximum message size.
 * Context: control (one reassembler per connection, not thread-safe).
 */
#ifndef SRP_FRAME_H
#define SRP_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "srp_codec.h"

/* Buffers above this are given back after the message that needed them. */
#define SRP_FRAME_KEEP_LEN	(64u * 1024)

/* Reassembly state of one connection's receive direction. */
struct srp_frame {
	uint8_t		*buf;		/* message being assembled */
	size_t		cap;		/* bytes allocated at buf */
	size_t		have;		/* bytes of the message received */
	uint32_t	want;		/* message length once header read */
	uint32_t	max_len;	/* largest message accepted */
	uint8_t		hdr[SRP_HDR_LEN]; /* header until len is known */
	uint8_t		peer_version;	/* version byte of the last header */
	uint8_t		ready;		/* a whole message waits at buf */
	uint8_t		alloc_pending;	/* header complete, buf not yet set */
	enum srp_codec_err err;		/* sticky error, SRP_CODEC_OK if none */
};

/**
 * Prepare @fr. No memory is allocated until a valid header arrives.
 * Context: control.
 * @param fr reassembler
 * @param max_len largest message accepted: SRP_HDR_LEN..SRP_MSG_MAX
 * @return 0, or -EINVAL for a NULL @fr or @max_len out of range
 */
int srp_frame_init(struct srp_frame *fr, uint32_t max_len);

/**
 * Free the buffer; @fr may be initialised again.
 * Context: control.
 */
void srp_frame_fini(struct srp_frame *fr);

/**
 * Drop any partial message and the sticky error (new connection).
 * Context: control.
 */
void srp_frame_reset(struct srp_frame *fr);

/**
 * Take bytes from @data until one whole message is assembled or @len is
 * used up. A message returned by the previous call is released first.
 * Loop: advance @data by *used and call again while bytes remain.
 * Errors are sticky: the stream cannot be resynchronised, close it (after
 * a REFUSE for SRP_CODEC_E_VERSION / E_TOO_BIG, see srp_frame_err()).
 * Context: control.
 * @param fr reassembler
 * @param data received bytes
 * @param len number of bytes at @data
 * @param used set to the number of bytes consumed
 * @return 1 when a message is ready (srp_frame_msg()), 0 when all of @data
 *	   was consumed without completing one, -EPROTO on a header error
 *	   (version, length below 16 or above the maximum), -ENOMEM when the
 *	   buffer cannot be allocated, -EINVAL for NULL arguments
 */
int srp_frame_push(struct srp_frame *fr, const uint8_t *data, size_t len,
		   size_t *used);

/**
 * The message completed by the last srp_frame_push() that returned 1; valid
 * until the next push, reset or fini.
 * Context: control.
 * @param fr reassembler
 * @param len set to the message length
 * @return pointer to the message, or NULL when none is ready
 */
const uint8_t *srp_frame_msg(const struct srp_frame *fr, size_t *len);

/**
 * Why the stream failed: SRP_CODEC_E_VERSION, E_LEN, E_TOO_BIG, or
 * SRP_CODEC_OK while healthy (allocation failure leaves it OK).
 * Context: control.
 */
enum srp_codec_err srp_frame_err(const struct srp_frame *fr);

/**
 * Version byte of the last header seen (to report in a version refusal).
 * Context: control.
 */
uint8_t srp_frame_peer_version(const struct srp_frame *fr);

#endif /* SRP_FRAME_H */
