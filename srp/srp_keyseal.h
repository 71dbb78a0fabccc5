/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The printed form of the SRP authentication key ("authentication
 * encrypted key HEX"): a reversible, deterministic encoding so that the
 * running configuration, --check-config and telemetry never show the key
 * in clear, yet print and parse round-trip and both chassis print the same
 * text for the same key (the SRP configuration digest compares it). It is
 * obfuscation with a fixed, public transform, as in other network
 * operating systems: it keeps the key out of screens, logs and tickets,
 * not away from someone who holds the configuration file. Pure.
 * Context: any.
 */
#ifndef SRP_KEYSEAL_H
#define SRP_KEYSEAL_H

#include <stddef.h>

/* Bytes added around the key: 8-byte nonce before, 4-byte check after. */
#define SRP_KEYSEAL_OVERHEAD	12u
/* Hex text for a key of @n bytes, terminating NUL included. */
#define SRP_KEYSEAL_HEX_LEN(n)	(2u * ((n) + SRP_KEYSEAL_OVERHEAD) + 1u)

/**
 * Encode @key (NUL-terminated, 1..255 bytes) as lower-case hex.
 * Context: any.
 * @return 0, -EINVAL for an empty or over-long key, -ENOSPC if @out_len is
 *	below SRP_KEYSEAL_HEX_LEN(strlen(key))
 */
int srp_key_seal(const char *key, char *out, size_t out_len);

/**
 * Decode what srp_key_seal printed into @key (NUL-terminated).
 * Context: any.
 * @return 0, -EINVAL for text that is not even-length hex of a plausible
 *	size, -EBADMSG when the check does not match (a typo or altered
 *	text), -ENOSPC if @key_len is too small
 */
int srp_key_unseal(const char *hex, char *key, size_t key_len);

#endif /* SRP_KEYSEAL_H */
