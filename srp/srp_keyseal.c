/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reversible printed form of the SRP key: nonce || key XOR keystream ||
 * check, all derived with SHA-256 (see srp_keyseal.h). Context: any.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "srp_keyseal.h"

#define SEAL_NONCE_LEN	8u
#define SEAL_CHECK_LEN	4u
#define SEAL_KEY_MAX	255u

/* SHA-256 of @label, then @a and @b (either may be empty). */
static void
seal_hash(const char *label, const uint8_t *a, size_t a_len,
	  const uint8_t *b, size_t b_len, uint8_t out[SHA256_DIGEST_LENGTH])
{
	uint8_t buf[32 + SEAL_NONCE_LEN + SEAL_KEY_MAX + SEAL_CHECK_LEN];
	size_t l_len = strlen(label), n = 0;

	/* Callers pass a short label and at most a key and a nonce. */
	memcpy(buf, label, l_len);
	n += l_len;
	if (a_len != 0)
		memcpy(buf + n, a, a_len);
	n += a_len;
	if (b_len != 0)
		memcpy(buf + n, b, b_len);
	n += b_len;
	SHA256(buf, n, out);
	OPENSSL_cleanse(buf, n);
}

/* XOR @buf with the keystream of @nonce (blocks of SHA-256). */
static void
seal_xor(const uint8_t nonce[SEAL_NONCE_LEN], uint8_t *buf, size_t len)
{
	uint8_t blk[SHA256_DIGEST_LENGTH];
	uint8_t ctr;
	size_t i;

	for (i = 0; i < len; i++) {
		if (i % SHA256_DIGEST_LENGTH == 0) {
			ctr = (uint8_t)(i / SHA256_DIGEST_LENGTH);
			seal_hash("srpgw key stream", nonce, SEAL_NONCE_LEN,
				  &ctr, 1, blk);
		}
		buf[i] ^= blk[i % SHA256_DIGEST_LENGTH];
	}
	OPENSSL_cleanse(blk, sizeof(blk));
}

static void
seal_check(const uint8_t *nonce_ct, size_t len, uint8_t out[SEAL_CHECK_LEN])
{
	uint8_t h[SHA256_DIGEST_LENGTH];

	seal_hash("srpgw key check", nonce_ct, len, NULL, 0, h);
	memcpy(out, h, SEAL_CHECK_LEN);
}

int
srp_key_seal(const char *key, char *out, size_t out_len)
{
	static const char hexd[] = "0123456789abcdef";
	uint8_t raw[SEAL_NONCE_LEN + SEAL_KEY_MAX + SEAL_CHECK_LEN];
	uint8_t h[SHA256_DIGEST_LENGTH];
	size_t len, n, i;

	if (key == NULL || out == NULL)
		return -EINVAL;
	len = strlen(key);
	if (len == 0 || len > SEAL_KEY_MAX)
		return -EINVAL;
	if (out_len < SRP_KEYSEAL_HEX_LEN(len))
		return -ENOSPC;
	/* Deterministic nonce: the same key prints the same on both
	 * chassis, so the configuration digests compare equal. */
	seal_hash("srpgw key nonce", (const uint8_t *)key, len, NULL, 0, h);
	memcpy(raw, h, SEAL_NONCE_LEN);
	memcpy(raw + SEAL_NONCE_LEN, key, len);
	seal_xor(raw, raw + SEAL_NONCE_LEN, len);
	seal_check(raw, SEAL_NONCE_LEN + len, raw + SEAL_NONCE_LEN + len);
	n = len + SRP_KEYSEAL_OVERHEAD;
	for (i = 0; i < n; i++) {
		out[2 * i] = hexd[raw[i] >> 4];
		out[2 * i + 1] = hexd[raw[i] & 0xf];
	}
	out[2 * n] = '\0';
	OPENSSL_cleanse(raw, sizeof(raw));
	OPENSSL_cleanse(h, sizeof(h));
	return 0;
}

static int
seal_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
srp_key_unseal(const char *hex, char *key, size_t key_len)
{
	uint8_t raw[SEAL_NONCE_LEN + SEAL_KEY_MAX + SEAL_CHECK_LEN];
	uint8_t chk[SEAL_CHECK_LEN];
	size_t hex_len, n, len, i;
	int hi, lo, ret = 0;

	if (hex == NULL || key == NULL)
		return -EINVAL;
	hex_len = strlen(hex);
	if (hex_len % 2 != 0 || hex_len / 2 <= SRP_KEYSEAL_OVERHEAD ||
	    hex_len / 2 > sizeof(raw))
		return -EINVAL;
	n = hex_len / 2;
	for (i = 0; i < n; i++) {
		hi = seal_nibble(hex[2 * i]);
		lo = seal_nibble(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		raw[i] = (uint8_t)(hi << 4 | lo);
	}
	len = n - SRP_KEYSEAL_OVERHEAD;
	seal_check(raw, SEAL_NONCE_LEN + len, chk);
	if (CRYPTO_memcmp(chk, raw + SEAL_NONCE_LEN + len, SEAL_CHECK_LEN) != 0)
		ret = -EBADMSG;
	else if (key_len < len + 1)
		ret = -ENOSPC;
	if (ret == 0) {
		seal_xor(raw, raw + SEAL_NONCE_LEN, len);
		memcpy(key, raw + SEAL_NONCE_LEN, len);
		key[len] = '\0';
	}
	OPENSSL_cleanse(raw, sizeof(raw));
	return ret;
}
