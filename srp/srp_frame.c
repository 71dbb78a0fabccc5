/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP stream framing: header checks on the first bytes, then a buffer sized
 * to the announced length (never above the configured maximum).
 * Context: control.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "srp_frame.h"

int
srp_frame_init(struct srp_frame *fr, uint32_t max_len)
{
	if (fr == NULL || max_len < SRP_HDR_LEN || max_len > SRP_MSG_MAX)
		return -EINVAL;
	memset(fr, 0, sizeof(*fr));
	fr->max_len = max_len;
	return 0;
}

void
srp_frame_fini(struct srp_frame *fr)
{
	if (fr == NULL)
		return;
	free(fr->buf);
	fr->buf = NULL;
	fr->cap = 0;
	srp_frame_reset(fr);
}

void
srp_frame_reset(struct srp_frame *fr)
{
	if (fr == NULL)
		return;
	fr->have = 0;
	fr->want = 0;
	fr->ready = 0;
	fr->alloc_pending = 0;
	fr->peer_version = 0;
	fr->err = SRP_CODEC_OK;
}

/* Release the delivered message; shrink a buffer a big message grew. */
static void
frame_release(struct srp_frame *fr)
{
	fr->ready = 0;
	fr->have = 0;
	fr->want = 0;
	if (fr->cap > SRP_FRAME_KEEP_LEN) {
		free(fr->buf);
		fr->buf = NULL;
		fr->cap = 0;
	}
}

static int
frame_fail(struct srp_frame *fr, enum srp_codec_err err)
{
	fr->err = err;
	return -EPROTO;
}

/* Check what the header bytes received so far already tell. */
static int
frame_check_hdr(struct srp_frame *fr)
{
	uint32_t len;

	if (fr->have >= 1) {
		fr->peer_version = fr->hdr[0];
		if (fr->hdr[0] != SRP_PROTO_VERSION)
			return frame_fail(fr, SRP_CODEC_E_VERSION);
	}
	if (fr->have < 8)
		return 0;
	len = (uint32_t)fr->hdr[4] << 24 | (uint32_t)fr->hdr[5] << 16 |
	      (uint32_t)fr->hdr[6] << 8 | fr->hdr[7];
	if (len < SRP_HDR_LEN)
		return frame_fail(fr, SRP_CODEC_E_LEN);
	if (len > fr->max_len)
		return frame_fail(fr, SRP_CODEC_E_TOO_BIG);
	fr->want = len;
	return 0;
}

/* Make room for the whole message once the header is complete. */
static int
frame_alloc(struct srp_frame *fr)
{
	size_t sz = fr->want < SRP_FRAME_KEEP_LEN ? SRP_FRAME_KEEP_LEN :
		    fr->want;
	uint8_t *p;

	if (sz > fr->max_len)
		sz = fr->want;
	if (fr->cap < sz) {
		p = realloc(fr->buf, sz);
		if (p == NULL)
			return -ENOMEM;
		fr->buf = p;
		fr->cap = sz;
	}
	memcpy(fr->buf, fr->hdr, SRP_HDR_LEN);
	return 0;
}

int
srp_frame_push(struct srp_frame *fr, const uint8_t *data, size_t len,
	       size_t *used)
{
	size_t n, off = 0;
	int ret;

	if (fr == NULL || used == NULL || (data == NULL && len > 0))
		return -EINVAL;
	*used = 0;
	if (fr->err != SRP_CODEC_OK)
		return -EPROTO;
	if (fr->ready)
		frame_release(fr);
	while (off < len || (fr->want != 0 && fr->have == fr->want)) {
		if (fr->have < SRP_HDR_LEN) {
			/* Stop at byte 1 and 8 to check version and length. */
			n = fr->have < 1 ? 1 : fr->have < 8 ? 8 - fr->have :
			    SRP_HDR_LEN - fr->have;
			if (n > len - off)
				n = len - off;
			memcpy(fr->hdr + fr->have, data + off, n);
			fr->have += n;
			off += n;
			ret = frame_check_hdr(fr);
			if (ret < 0)
				goto out;
			if (fr->have < SRP_HDR_LEN)
				continue;
			fr->alloc_pending = 1;
		}
		/* After -ENOMEM the header stays: a later push retries. */
		if (fr->alloc_pending) {
			ret = frame_alloc(fr);
			if (ret < 0)
				goto out;
			fr->alloc_pending = 0;
		}
		if (fr->have == fr->want) {
			fr->ready = 1;
			ret = 1;
			goto out;
		}
		n = fr->want - fr->have;
		if (n > len - off)
			n = len - off;
		memcpy(fr->buf + fr->have, data + off, n);
		fr->have += n;
		off += n;
	}
	ret = 0;
out:
	*used = off;
	return ret;
}

const uint8_t *
srp_frame_msg(const struct srp_frame *fr, size_t *len)
{
	if (fr == NULL || !fr->ready) {
		if (len != NULL)
			*len = 0;
		return NULL;
	}
	if (len != NULL)
		*len = fr->want;
	return fr->buf;
}

enum srp_codec_err
srp_frame_err(const struct srp_frame *fr)
{
	return fr->err;
}

uint8_t
srp_frame_peer_version(const struct srp_frame *fr)
{
	return fr->peer_version;
}
