/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RADIUS codec of the AAA monitor (authentication-probe): builds the
 * Access-Request probe (RFC 2865, User-Password hidden per section 5.2,
 * Message-Authenticator per RFC 3579 section 3.2) and checks an answer
 * strictly. Pure: no DPDK, no sockets, no clock; MD5 and HMAC-MD5 from
 * OpenSSL libcrypto. Context: any.
 */
#ifndef MON_RADIUS_H
#define MON_RADIUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MON_RADIUS_HDR_LEN	20	/* code, id, length, authenticator */
#define MON_RADIUS_AUTH_LEN	16	/* RFC 2865 section 3 */
#define MON_RADIUS_MIN_LEN	20	/* RFC 2865 section 3: Length */
#define MON_RADIUS_MAX_LEN	4096
#define MON_RADIUS_PASS_MAX	128	/* RFC 2865 section 5.2 */
#define MON_RADIUS_USER_MAX	253	/* one attribute's value */
#define MON_RADIUS_PORT_DEFAULT	1812	/* RFC 2865 section 3 (IANA) */

/* Codes (RFC 2865 section 4). */
enum mon_radius_code {
	MON_RADIUS_ACCESS_REQUEST = 1,
	MON_RADIUS_ACCESS_ACCEPT = 2,
	MON_RADIUS_ACCESS_REJECT = 3,
	MON_RADIUS_ACCESS_CHALLENGE = 11,
};

/* Attribute types used here (RFC 2865 section 5, RFC 3162, RFC 3579). */
enum mon_radius_attr {
	MON_RADIUS_A_USER_NAME = 1,
	MON_RADIUS_A_USER_PASSWORD = 2,
	MON_RADIUS_A_NAS_IP_ADDRESS = 4,
	MON_RADIUS_A_NAS_IPV6_ADDRESS = 95,
	MON_RADIUS_A_MESSAGE_AUTHENTICATOR = 80,
};

/* What an Access-Request probe carries. */
struct mon_radius_req {
	const uint8_t	*secret;	/* shared secret */
	const char	*user;		/* User-Name, 1..253 bytes */
	const char	*password;	/* User-Password, 1..128 bytes */
	size_t		secret_len;	/* >= 1 */
	uint8_t		auth[MON_RADIUS_AUTH_LEN]; /* Request Authenticator
						    * (random, caller's) */
	uint8_t		id;		/* Identifier */
	uint8_t		nas_family;	/* 0 (none), AF_INET, AF_INET6 */
	uint8_t		nas_ip[16];	/* network order; 4 bytes for v4 */
};

/* Why an answer was refused. */
enum mon_radius_err {
	MON_RADIUS_OK = 0,
	MON_RADIUS_E_SHORT,	/* fewer bytes than a header or its Length */
	MON_RADIUS_E_LENGTH,	/* Length field below 20 or above 4096 */
	MON_RADIUS_E_CODE,	/* not Accept, Reject or Challenge */
	MON_RADIUS_E_ID,	/* Identifier of another request */
	MON_RADIUS_E_ATTR,	/* attribute overruns or length < 2 */
	MON_RADIUS_E_AUTH,	/* Response Authenticator mismatch */
	MON_RADIUS_E_MSG_AUTH,	/* Message-Authenticator bad or mismatch */
	MON_RADIUS_E_MAX,
};

/**
 * Encode the Access-Request @r into @buf: User-Name, User-Password
 * (hidden with the secret and Request Authenticator, RFC 2865 section
 * 5.2), NAS-IP-Address or NAS-IPv6-Address when @r->nas_family is set,
 * and Message-Authenticator (HMAC-MD5 keyed with the secret over the
 * packet with that attribute's value zeroed, RFC 3579 section 3.2).
 * Context: any.
 * @return the packet length, -EINVAL (empty or over-long user, password
 *	or secret, bad family), -ENOSPC (@len too small), -EIO (libcrypto)
 */
int mon_radius_request_build(const struct mon_radius_req *r, uint8_t *buf,
			     size_t len);

/**
 * Check an answer to the request whose identifier is @id and Request
 * Authenticator @req_auth: header and Length (bytes past Length are
 * padding, RFC 2865 section 3), code, identifier, every attribute's
 * length, Response Authenticator = MD5(Code + ID + Length + RequestAuth
 * + Attributes + Secret), and a Message-Authenticator when present.
 * Context: any.
 * @param code set to the answer's code when MON_RADIUS_OK (may be NULL)
 * @return MON_RADIUS_OK or the reason of refusal
 */
enum mon_radius_err mon_radius_response_check(const uint8_t *pkt,
					      size_t len, uint8_t id,
					      const uint8_t *req_auth,
					      const uint8_t *secret,
					      size_t secret_len,
					      uint8_t *code);

/** @return "ok", "truncated", "bad-length", ... ("?" out of range).
 *  Context: any. */
const char *mon_radius_err_str(enum mon_radius_err e);

/** @return "access-accept", "access-reject", "access-challenge",
 *  "access-request" or "?". Context: any. */
const char *mon_radius_code_str(uint8_t code);

#endif /* MON_RADIUS_H */
