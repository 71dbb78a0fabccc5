/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Diameter base protocol codec for the watchdog monitor (RFC 6733): the
 * 20-byte header, the few AVPs of CER/CEA (257) and DWR/DWA (280), stream
 * framing and strict checks of answers. Pure: no sockets, no DPDK.
 * Context: any.
 */
#ifndef MON_DIAM_H
#define MON_DIAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MON_DIAM_VERSION	1
#define MON_DIAM_HDR_LEN	20	/* RFC 6733 section 3 */
#define MON_DIAM_MSG_MAX	4096	/* we refuse longer messages */
#define MON_DIAM_STR_MAX	128	/* DiameterIdentity, Product-Name */
#define MON_DIAM_MAX_IP		4	/* Host-IP-Address AVPs kept */

/* Command flags (RFC 6733 section 3). */
#define MON_DIAM_F_R		0x80	/* request */
#define MON_DIAM_F_P		0x40	/* proxiable */
#define MON_DIAM_F_E		0x20	/* error */
#define MON_DIAM_F_T		0x10	/* potentially retransmitted */

/* Command codes (RFC 6733 section 3.1). */
#define MON_DIAM_CMD_CE		257	/* Capabilities-Exchange */
#define MON_DIAM_CMD_DW		280	/* Device-Watchdog */

/* AVP codes (RFC 6733 section 4.5) and AVP flags (section 4.1). */
#define MON_DIAM_AVP_HOST_IP		257
#define MON_DIAM_AVP_AUTH_APP_ID	258
#define MON_DIAM_AVP_VENDOR_ID		266
#define MON_DIAM_AVP_RESULT_CODE	268
#define MON_DIAM_AVP_PRODUCT_NAME	269
#define MON_DIAM_AVP_ORIGIN_STATE_ID	278
#define MON_DIAM_AVP_ORIGIN_HOST	264
#define MON_DIAM_AVP_ORIGIN_REALM	296
#define MON_DIAM_AVP_F_V		0x80	/* Vendor-ID field present */
#define MON_DIAM_AVP_F_M		0x40	/* mandatory */
#define MON_DIAM_AVP_F_P		0x20	/* reserved (was end-to-end) */

#define MON_DIAM_SUCCESS		2001	/* DIAMETER_SUCCESS */

/* Which AVPs a message carries (struct mon_diam_msg.has). */
#define MON_DIAM_HAS_ORIGIN_HOST	(1u << 0)
#define MON_DIAM_HAS_ORIGIN_REALM	(1u << 1)
#define MON_DIAM_HAS_HOST_IP		(1u << 2)
#define MON_DIAM_HAS_VENDOR_ID		(1u << 3)
#define MON_DIAM_HAS_PRODUCT_NAME	(1u << 4)
#define MON_DIAM_HAS_RESULT_CODE	(1u << 5)
#define MON_DIAM_HAS_ORIGIN_STATE_ID	(1u << 6)
#define MON_DIAM_HAS_AUTH_APP_ID	(1u << 7)

/* An address of a Host-IP-Address AVP (RFC 6733 section 4.3.1). */
struct mon_diam_ip {
	uint16_t	family;		/* AF_INET or AF_INET6 */
	uint8_t		addr[16];	/* network order, 4 or 16 bytes */
};

/* One Diameter message as the monitor sees it: header and known AVPs. */
struct mon_diam_msg {
	uint32_t	cmd;			/* command code, 24 bits */
	uint32_t	app_id;			/* 0: base protocol */
	uint32_t	hbh;			/* hop-by-hop identifier */
	uint32_t	e2e;			/* end-to-end identifier */
	uint32_t	result_code;
	uint32_t	vendor_id;
	uint32_t	origin_state_id;
	uint32_t	auth_app_id;
	uint32_t	has;			/* MON_DIAM_HAS_* */
	uint8_t		flags;			/* MON_DIAM_F_* */
	uint8_t		n_ip;			/* Host-IP-Address AVPs */
	struct mon_diam_ip ip[MON_DIAM_MAX_IP];
	char		origin_host[MON_DIAM_STR_MAX];
	char		origin_realm[MON_DIAM_STR_MAX];
	char		product_name[MON_DIAM_STR_MAX];
};

#define MON_DIAM_ERRS(X) \
	X(OK, "ok") \
	X(SHORT, "shorter than its header or its length") \
	X(VERSION, "version is not 1") \
	X(LENGTH, "message length not a multiple of 4 or out of range") \
	X(FLAGS, "reserved or contradictory command flags") \
	X(AVP_LENGTH, "AVP length out of the message or too small") \
	X(AVP_FLAGS, "reserved AVP flag set") \
	X(AVP_PADDING, "AVP padding not zero") \
	X(AVP_VALUE, "AVP value of the wrong size or characters") \
	X(AVP_DUP, "AVP repeated") \
	X(AVP_MISSING, "mandatory AVP missing") \
	X(NOT_ANSWER, "not an answer") \
	X(NOT_REQUEST, "not a request") \
	X(COMMAND, "unexpected command code or application") \
	X(HBH, "hop-by-hop identifier does not match") \
	X(RESULT, "Result-Code is not DIAMETER_SUCCESS") \
	X(NOSPACE, "buffer too small")

enum mon_diam_err {
#define MON_DIAM_ERR_ENUM(n, s) MON_DIAM_E_##n,
	MON_DIAM_ERRS(MON_DIAM_ERR_ENUM)
#undef MON_DIAM_ERR_ENUM
	MON_DIAM_E_COUNT,
};

/** @return a short description of @e. Context: any. */
const char *mon_diam_err_str(enum mon_diam_err e);

/**
 * Length of the message starting at @buf, from its header, for stream
 * reassembly. Context: any.
 * @param avail  bytes available at @buf
 * @param len    set to the whole message's length when known
 * @return MON_DIAM_E_OK with *len set; MON_DIAM_E_SHORT when fewer than 4
 *	   bytes are available; MON_DIAM_E_VERSION or MON_DIAM_E_LENGTH when
 *	   the stream cannot be a Diameter stream (close the connection)
 */
enum mon_diam_err mon_diam_frame_len(const uint8_t *buf, size_t avail,
				     size_t *len);

/**
 * Encode @m: its header and the AVPs flagged in m->has, in the order of
 * the command's ABNF (Result-Code first in answers). Context: any.
 * @return MON_DIAM_E_OK with *len set, MON_DIAM_E_NOSPACE, or
 *	   MON_DIAM_E_AVP_VALUE for a string too long
 */
enum mon_diam_err mon_diam_encode(const struct mon_diam_msg *m, uint8_t *buf,
				  size_t cap, size_t *len);

/**
 * Decode exactly one message of @len bytes, strictly: version, length,
 * reserved flags, each AVP's length, flags, zero padding and value size;
 * known AVPs at most once (Host-IP-Address up to MON_DIAM_MAX_IP times).
 * Unknown AVPs are skipped. Context: any.
 * @return MON_DIAM_E_OK or the first error found
 */
enum mon_diam_err mon_diam_decode(const uint8_t *buf, size_t len,
				  struct mon_diam_msg *m);

/**
 * Whether @m is the successful answer to our request @cmd with hop-by-hop
 * @hbh: R clear, E clear, application 0, Origin-Host, Origin-Realm and
 * Result-Code present, Result-Code 2001. Context: any.
 * @return MON_DIAM_E_OK or the reason it is not
 */
enum mon_diam_err mon_diam_check_answer(const struct mon_diam_msg *m,
					uint32_t cmd, uint32_t hbh);

/**
 * Whether @m is a well-formed request of the base protocol (R set, E
 * clear, application 0, Origin-Host and Origin-Realm present).
 * Context: any.
 */
enum mon_diam_err mon_diam_check_request(const struct mon_diam_msg *m);

#endif /* MON_DIAM_H */
