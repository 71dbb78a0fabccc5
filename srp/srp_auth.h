/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP message authentication with a pre-shared key: HMAC-SHA256 trailer on
 * every message, keys bound to each side's per-connection nonce, and a
 * strictly increasing sequence number per direction that refuses replays
 * (docs/srp-protocol.md section 6). HMAC from OpenSSL libcrypto.
 * Context: control (one struct srp_auth per connection).
 */
#ifndef SRP_AUTH_H
#define SRP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srp_proto.h"

/* Longest pre-shared key accepted, bytes (config "authentication key"). */
#define SRP_AUTH_KEY_MAX	128u
/* Bytes srp_auth_sign() appends: TLV header + HMAC. */
#define SRP_AUTH_TRAILER_LEN	(SRP_TLV_HDR_LEN + SRP_HMAC_LEN)
/* Label of the nonce-bound key derivation (spec section 6.2). */
#define SRP_AUTH_BIND_LABEL	"SRPv1-bind"

/* Why srp_auth_verify() refused a message. */
enum srp_auth_err {
	SRP_AUTH_OK = 0,
	SRP_AUTH_E_MISSING,	/* no SRP_F_AUTH flag: unauthenticated */
	SRP_AUTH_E_FORMAT,	/* too short, length or trailer malformed */
	SRP_AUTH_E_UNBOUND,	/* unbound MAC where a bound one is due */
	SRP_AUTH_E_MAC,		/* HMAC does not match: wrong key, tamper */
	SRP_AUTH_E_REPLAY,	/* seq not above the last accepted one */
	SRP_AUTH_E_NONCE,	/* bound to another connection's nonce */
	SRP_AUTH_E_MAX,
};

/* Authentication state of one connection (both directions). */
struct srp_auth {
	uint8_t		psk[SRP_AUTH_KEY_MAX];	/* pre-shared key */
	size_t		psk_len;
	uint8_t		rx_key[SRP_HMAC_LEN];	/* PSK bound to our nonce */
	uint8_t		tx_key[SRP_HMAC_LEN];	/* PSK bound to peer's */
	uint8_t		local_nonce[SRP_NONCE_LEN]; /* sent in our HELLO */
	uint32_t	tx_seq;			/* last seq signed */
	uint32_t	rx_seq;			/* last seq accepted */
	bool		tx_bound;		/* peer nonce known */
	bool		rx_bound_seen;		/* peer already bound */
	bool		rx_psk_seen;		/* an unbound one verified */
};

/**
 * HMAC-SHA256 (RFC 2104, FIPS 180-4) of @data under @key.
 * Context: any.
 * @param key key bytes (any length; may be NULL when @key_len is 0)
 * @param key_len key length
 * @param data message (may be NULL when @len is 0)
 * @param len message length
 * @param out 32-byte result
 * @return 0, or -EINVAL when libcrypto fails (should not happen)
 */
int srp_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *data,
		    size_t len, uint8_t out[SRP_HMAC_LEN]);

/**
 * Start a connection's authentication state. @local_nonce must be fresh
 * random bytes (getrandom()) for each connection and go into our HELLO.
 * Context: control.
 * @param a state to fill
 * @param key pre-shared key
 * @param key_len 1..SRP_AUTH_KEY_MAX
 * @param local_nonce SRP_NONCE_LEN bytes
 * @return 0, or -EINVAL for NULL pointers or a key length out of range
 */
int srp_auth_init(struct srp_auth *a, const uint8_t *key, size_t key_len,
		  const uint8_t local_nonce[SRP_NONCE_LEN]);

/**
 * Record the nonce from the peer's NONCE message (after srp_auth_verify()
 * accepted it); from now on our messages are signed with the key bound to
 * it. Each HELLO repeats it.
 * Context: control.
 * @return 0, or -EALREADY when a different nonce was set before (the peer
 *	   changed nonce within one connection: refuse it), -EINVAL for NULL
 */
int srp_auth_set_peer_nonce(struct srp_auth *a,
			    const uint8_t nonce[SRP_NONCE_LEN]);

/**
 * Append the HMAC trailer to an encoded message (srp_msg_encode() output),
 * set SRP_F_AUTH (and SRP_F_BOUND once the peer's nonce is known) and the
 * new length in the header. The header seq must be above the last signed.
 * Context: control.
 * @param a connection state
 * @param buf message, with room for SRP_AUTH_TRAILER_LEN more bytes
 * @param len message length (must equal the header length)
 * @param cap size of @buf
 * @param out_len set to the signed message length
 * @return 0; -EINVAL for a malformed header or one already signed;
 *	   -ERANGE when seq is 0 or not above the last signed one;
 *	   -ENOSPC when @cap is too small; -EMSGSIZE when the result would
 *	   exceed SRP_MSG_MAX; -EAGAIN for a type other than NONCE/REFUSE
 *	   before the peer's nonce is known
 */
int srp_auth_sign(struct srp_auth *a, uint8_t *buf, size_t len, size_t cap,
		  size_t *out_len);

/**
 * Check the trailer and sequence number of one whole received message
 * (srp_frame output) before decoding it. State changes only on success.
 * Only NONCE and REFUSE may be signed with the bare PSK (unbound): every
 * other message, the HELLO included, must be bound to our nonce, so a
 * message recorded on another connection never verifies here. A bound
 * message whose HMAC fails after the peer's unbound NONCE verified (so the
 * sender knows the key) is reported as SRP_AUTH_E_NONCE: a replay.
 * Context: control.
 * @param a connection state
 * @param buf message
 * @param len message length
 * @return SRP_AUTH_OK or the reason of the refusal
 */
enum srp_auth_err srp_auth_verify(struct srp_auth *a, const uint8_t *buf,
				  size_t len);

/**
 * One-line description of @err.
 * Context: any.
 */
const char *srp_auth_err_str(enum srp_auth_err err);

/**
 * Short stable name of @err ("ok", "mac", "replay", ...).
 * Context: any.
 */
const char *srp_auth_err_name(enum srp_auth_err err);

/**
 * Wipe the keys in @a.
 * Context: control.
 */
void srp_auth_fini(struct srp_auth *a);

#endif /* SRP_AUTH_H */
