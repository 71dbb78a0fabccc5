/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP message authentication: HMAC-SHA256 trailer, nonce-bound keys and the
 * per-direction replay check, on raw message bytes. Context: control.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "srp_auth.h"

static const struct {
	const char	*name;
	const char	*text;
} auth_errs[SRP_AUTH_E_MAX] = {
	[SRP_AUTH_OK] = { "ok", "authenticated" },
	[SRP_AUTH_E_MISSING] = { "missing", "message carries no HMAC" },
	[SRP_AUTH_E_FORMAT] = { "format", "HMAC trailer malformed" },
	[SRP_AUTH_E_UNBOUND] = { "unbound",
		"HMAC not bound to this connection's nonce" },
	[SRP_AUTH_E_MAC] = { "mac", "HMAC mismatch (wrong key or altered)" },
	[SRP_AUTH_E_REPLAY] = { "replay",
		"sequence number not above the last accepted (replay)" },
	[SRP_AUTH_E_NONCE] = { "nonce",
		"HMAC bound to another connection's nonce (replayed)" },
};

const char *
srp_auth_err_str(enum srp_auth_err err)
{
	if ((unsigned int)err >= SRP_AUTH_E_MAX)
		return "unknown error";
	return auth_errs[err].text;
}

const char *
srp_auth_err_name(enum srp_auth_err err)
{
	if ((unsigned int)err >= SRP_AUTH_E_MAX)
		return "?";
	return auth_errs[err].name;
}

int
srp_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *data,
		size_t len, uint8_t out[SRP_HMAC_LEN])
{
	static const uint8_t empty;
	unsigned int out_len = 0;

	if (key_len > INT32_MAX)
		return -EINVAL;
	/* libcrypto wants non-NULL pointers even for empty inputs. */
	if (HMAC(EVP_sha256(), key != NULL ? key : &empty, (int)key_len,
		 data != NULL ? data : &empty, len, out, &out_len) == NULL ||
	    out_len != SRP_HMAC_LEN)
		return -EINVAL;
	return 0;
}

/* Key bound to @nonce: HMAC(PSK, label || nonce) (spec section 6.2). */
static int
auth_bind(const struct srp_auth *a, const uint8_t *nonce,
	  uint8_t key[SRP_HMAC_LEN])
{
	uint8_t in[sizeof(SRP_AUTH_BIND_LABEL) - 1 + SRP_NONCE_LEN];

	memcpy(in, SRP_AUTH_BIND_LABEL, sizeof(SRP_AUTH_BIND_LABEL) - 1);
	memcpy(in + sizeof(SRP_AUTH_BIND_LABEL) - 1, nonce, SRP_NONCE_LEN);
	return srp_hmac_sha256(a->psk, a->psk_len, in, sizeof(in), key);
}

int
srp_auth_init(struct srp_auth *a, const uint8_t *key, size_t key_len,
	      const uint8_t local_nonce[SRP_NONCE_LEN])
{
	int ret;

	if (a == NULL || key == NULL || local_nonce == NULL ||
	    key_len == 0 || key_len > SRP_AUTH_KEY_MAX)
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	memcpy(a->psk, key, key_len);
	a->psk_len = key_len;
	memcpy(a->local_nonce, local_nonce, SRP_NONCE_LEN);
	ret = auth_bind(a, a->local_nonce, a->rx_key);
	if (ret < 0)
		srp_auth_fini(a);
	return ret;
}

void
srp_auth_fini(struct srp_auth *a)
{
	if (a != NULL)
		OPENSSL_cleanse(a, sizeof(*a));
}

int
srp_auth_set_peer_nonce(struct srp_auth *a, const uint8_t nonce[SRP_NONCE_LEN])
{
	uint8_t key[SRP_HMAC_LEN];
	int ret;

	if (a == NULL || nonce == NULL)
		return -EINVAL;
	ret = auth_bind(a, nonce, key);
	if (ret < 0)
		return ret;
	if (a->tx_bound) {
		/* Same nonce again (each HELLO repeats it) is fine. */
		ret = CRYPTO_memcmp(key, a->tx_key, SRP_HMAC_LEN) == 0 ?
			0 : -EALREADY;
		OPENSSL_cleanse(key, sizeof(key));
		return ret;
	}
	memcpy(a->tx_key, key, SRP_HMAC_LEN);
	OPENSSL_cleanse(key, sizeof(key));
	a->tx_bound = true;
	return 0;
}

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void
wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * Messages that may be signed before a nonce binding exists: the nonce
 * itself and a refusal. A HELLO must cover the receiver's nonce so that a
 * recorded one is worthless on any other connection (spec section 6.2).
 */
static bool
auth_unbound_ok(uint8_t type)
{
	return type == SRP_MSG_NONCE || type == SRP_MSG_REFUSE;
}

int
srp_auth_sign(struct srp_auth *a, uint8_t *buf, size_t len, size_t cap,
	      size_t *out_len)
{
	uint16_t flags;
	uint32_t seq;
	size_t n;
	int ret;

	if (a == NULL || buf == NULL || out_len == NULL ||
	    len < SRP_HDR_LEN || len > SRP_MSG_MAX || cap < len)
		return -EINVAL;
	flags = (uint16_t)(buf[2] << 8 | buf[3]);
	if (buf[0] != SRP_PROTO_VERSION || rd32(buf + 4) != len ||
	    (flags & SRP_F_KNOWN) != 0)
		return -EINVAL;
	seq = rd32(buf + 8);
	if (seq == 0 || seq <= a->tx_seq)
		return -ERANGE;
	if (!a->tx_bound && !auth_unbound_ok(buf[1]))
		return -EAGAIN;
	n = len + SRP_AUTH_TRAILER_LEN;
	if (n > SRP_MSG_MAX)
		return -EMSGSIZE;
	if (cap < n)
		return -ENOSPC;
	flags |= SRP_F_AUTH | (a->tx_bound ? SRP_F_BOUND : 0);
	buf[2] = (uint8_t)(flags >> 8);
	buf[3] = (uint8_t)flags;
	wr32(buf + 4, (uint32_t)n);
	wr32(buf + len, SRP_TLV_MUST | SRP_TLV_AUTH_HMAC);
	wr32(buf + len + 4, SRP_HMAC_LEN);
	if (a->tx_bound)
		ret = srp_hmac_sha256(a->tx_key, SRP_HMAC_LEN, buf,
				      n - SRP_HMAC_LEN, buf + n - SRP_HMAC_LEN);
	else
		ret = srp_hmac_sha256(a->psk, a->psk_len, buf,
				      n - SRP_HMAC_LEN, buf + n - SRP_HMAC_LEN);
	if (ret < 0) {
		/* Undo the header changes: the caller's buffer is as given. */
		flags &= (uint16_t)~(SRP_F_AUTH | SRP_F_BOUND);
		buf[2] = (uint8_t)(flags >> 8);
		buf[3] = (uint8_t)flags;
		wr32(buf + 4, (uint32_t)len);
		return ret;
	}
	a->tx_seq = seq;
	*out_len = n;
	return 0;
}

enum srp_auth_err
srp_auth_verify(struct srp_auth *a, const uint8_t *buf, size_t len)
{
	uint8_t mac[SRP_HMAC_LEN];
	const uint8_t *tlv;
	uint16_t flags;
	uint32_t seq;
	bool bound;
	int ret;

	if (a == NULL || buf == NULL || len < SRP_HDR_LEN)
		return SRP_AUTH_E_FORMAT;
	flags = (uint16_t)(buf[2] << 8 | buf[3]);
	if (!(flags & SRP_F_AUTH))
		return SRP_AUTH_E_MISSING;
	if (len < SRP_HDR_LEN + SRP_AUTH_TRAILER_LEN || rd32(buf + 4) != len)
		return SRP_AUTH_E_FORMAT;
	tlv = buf + len - SRP_AUTH_TRAILER_LEN;
	if ((rd32(tlv) & SRP_TLV_TYPE_MASK) != SRP_TLV_AUTH_HMAC ||
	    rd32(tlv + 4) != SRP_HMAC_LEN)
		return SRP_AUTH_E_FORMAT;
	bound = (flags & SRP_F_BOUND) != 0;
	/* Once the peer has bound to our nonce, unbound messages are replays. */
	if (!bound && (a->rx_bound_seen || !auth_unbound_ok(buf[1])))
		return SRP_AUTH_E_UNBOUND;
	if (bound)
		ret = srp_hmac_sha256(a->rx_key, SRP_HMAC_LEN, buf,
				      len - SRP_HMAC_LEN, mac);
	else
		ret = srp_hmac_sha256(a->psk, a->psk_len, buf,
				      len - SRP_HMAC_LEN, mac);
	if (ret < 0)
		return SRP_AUTH_E_MAC;
	if (CRYPTO_memcmp(mac, buf + len - SRP_HMAC_LEN, SRP_HMAC_LEN) != 0)
		/* The sender proved the key with its NONCE, yet this is not
		 * bound to our nonce: recorded from another connection. */
		return bound && a->rx_psk_seen ? SRP_AUTH_E_NONCE :
		       SRP_AUTH_E_MAC;
	seq = rd32(buf + 8);
	if (seq == 0 || seq <= a->rx_seq)
		return SRP_AUTH_E_REPLAY;
	a->rx_seq = seq;
	if (bound)
		a->rx_bound_seen = true;
	else
		a->rx_psk_seen = true;
	return SRP_AUTH_OK;
}
