/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP message codec: encodes a struct srp_msg into one wire message and
 * decodes one whole message back, checking every length, range and TLV rule
 * of docs/srp-protocol.md. Pure code, no allocation. Context: any.
 */
#ifndef SRP_CODEC_H
#define SRP_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srp_proto.h"

/* Why a message was refused (decode) or could not be built (encode). */
enum srp_codec_err {
	SRP_CODEC_OK = 0,
	SRP_CODEC_E_SHORT,		/* fewer bytes than a header */
	SRP_CODEC_E_VERSION,		/* header version not ours */
	SRP_CODEC_E_LEN,		/* header len < 16 or != bytes given */
	SRP_CODEC_E_TOO_BIG,		/* header len > SRP_MSG_MAX */
	SRP_CODEC_E_TYPE,		/* unknown message type */
	SRP_CODEC_E_FLAGS,		/* reserved header flag set */
	SRP_CODEC_E_TLV_TRUNC,		/* TLV header or value past the end */
	SRP_CODEC_E_TLV_UNKNOWN,	/* unknown TLV with the must bit */
	SRP_CODEC_E_TLV_DUP,		/* same TLV twice */
	SRP_CODEC_E_TLV_LEN,		/* TLV value length wrong for type */
	SRP_CODEC_E_TLV_MISSING,	/* required TLV absent */
	SRP_CODEC_E_VALUE,		/* TLV value out of range */
	SRP_CODEC_E_AUTH_TLV,		/* HMAC trailer not last / flag wrong */
	SRP_CODEC_E_NOSPACE,		/* encode: output buffer too small */
	SRP_CODEC_E_INVAL,		/* encode: bad argument */
	SRP_CODEC_E_MAX,
};

/* Fields of a HELLO (spec section 4.1); all required except the nonce,
 * the monitors and the capabilities (their presence bits say whether they
 * came). */
struct srp_hello {
	uint8_t		config_digest[SRP_DIGEST_LEN];	/* SHA-256 */
	uint8_t		node_id[SRP_NODE_ID_LEN];	/* MAC, tie-break */
	uint8_t		nonce[SRP_NONCE_LEN];	/* optional, auth binding */
	uint32_t	route_modifier;
	uint32_t	hello_ms;		/* hello interval, ms */
	uint32_t	dead_ms;		/* dead interval, ms */
	uint8_t		mode;			/* enum srp_wire_mode */
	uint8_t		priority;		/* 1..255, lower wins */
	uint8_t		state;			/* enum srp_wire_state */
	uint8_t		comp_caps;		/* SRP_COMP_CAP_* */
	uint8_t		db_recovery;		/* enum srp_wire_dbrec */
	uint8_t		monitors;		/* MONITORS, SRP_MONS_* */
	uint32_t	caps;			/* CAPS, SRP_CAP_* */
	char		sw_version[SRP_SW_VERSION_MAX + 1]; /* NUL-ended */
};

/*
 * One decoded (or to-be-encoded) message. Which fields mean something
 * depends on the type; @present has bit (1u << SRP_TLV_x) for every TLV
 * the message carries. On encode the required TLVs of the type are always
 * written and an optional one only when its bit is set in @present.
 */
struct srp_msg {
	uint8_t		type;		/* enum srp_msg_type */
	uint16_t	flags;		/* SRP_F_*; decode only, encode 0 */
	uint32_t	len;		/* decode: whole message length */
	uint32_t	seq;		/* header seq */
	uint32_t	ack;		/* header ack */
	uint32_t	present;	/* TLV presence mask */
	uint32_t	generation;	/* GENERATION */
	uint32_t	epoch;		/* EPOCH */
	uint32_t	count;		/* COUNT */
	uint32_t	uncomp_len;	/* UNCOMP_LEN, bytes */
	const uint8_t	*payload;	/* PAYLOAD; decode: points into input */
	uint32_t	payload_len;	/* PAYLOAD length, bytes */
	uint16_t	reason;		/* REASON, enum per type */
	uint8_t		force;		/* FORCE, 0 or 1 */
	uint8_t		cmd_id;		/* CMD_ID, 1..255 */
	uint8_t		comp_id;	/* COMP_ID, enum srp_wire_comp */
	uint8_t		ver_lo;		/* VERSION_RANGE lowest */
	uint8_t		ver_hi;		/* VERSION_RANGE highest */
	char		text[SRP_TEXT_MAX + 1];	/* TEXT, NUL-ended */
	struct srp_hello hello;		/* HELLO fields */
};

/** Presence bit of TLV type @t in struct srp_msg::present. */
#define SRP_TLV_BIT(t)	(1u << (t))

/**
 * Zero @m and set its type.
 * Context: any.
 * @param m message to reset
 * @param type enum srp_msg_type
 */
void srp_msg_init(struct srp_msg *m, uint8_t type);

/**
 * Encode @m as one message (header + TLVs in ascending type order, no auth
 * trailer: srp_auth_sign() adds it). Checks the same rules as the decoder,
 * so what it writes always decodes to the same fields.
 * Context: any.
 * @param m message to encode; m->flags must be 0
 * @param buf output buffer
 * @param cap size of @buf
 * @param out_len set to the message length on success
 * @return SRP_CODEC_OK, SRP_CODEC_E_NOSPACE when @cap is too small,
 *	   SRP_CODEC_E_INVAL for NULL pointers, or the rule that @m breaks
 *	   (E_TYPE, E_FLAGS, E_TLV_MISSING, E_TLV_UNKNOWN for a presence bit
 *	   the type does not allow, E_VALUE, E_TOO_BIG)
 */
enum srp_codec_err srp_msg_encode(const struct srp_msg *m, uint8_t *buf,
				  size_t cap, size_t *out_len);

/**
 * Decode one whole message of exactly @len bytes (as srp_frame delivers).
 * Never reads outside @buf. On error @m is left zeroed except for the
 * header fields that were read; m->payload points into @buf.
 * Context: any.
 * @param buf message bytes
 * @param len number of bytes in @buf
 * @param m decoded fields
 * @return SRP_CODEC_OK or the first rule broken (see enum srp_codec_err)
 */
enum srp_codec_err srp_msg_decode(const uint8_t *buf, size_t len,
				  struct srp_msg *m);

/**
 * One-line English description of @err (for logs and show commands).
 * Context: any.
 * @return a static string; "unknown error" for out-of-range values
 */
const char *srp_codec_err_str(enum srp_codec_err err);

/**
 * Short stable name of @err ("ok", "version", "tlv_len", ...), for counters
 * and test vectors.
 * Context: any.
 * @return a static string; "?" for out-of-range values
 */
const char *srp_codec_err_name(enum srp_codec_err err);

/**
 * Name of a message type ("HELLO", "CKPT_CHUNK", ...).
 * Context: any.
 * @return a static string; "UNKNOWN" for other values
 */
const char *srp_msg_type_name(uint8_t type);

/**
 * Name of a REFUSE reason ("version-mismatch", ...).
 * Context: any.
 * @return a static string; "unknown" for other values
 */
const char *srp_refuse_reason_str(uint16_t reason);

/**
 * Read the fields of a header without any check (for logging and for the
 * frame layer). @buf must hold at least SRP_HDR_LEN bytes.
 * Context: any.
 */
void srp_hdr_read(const uint8_t *buf, uint8_t *version, uint8_t *type,
		  uint16_t *flags, uint32_t *len, uint32_t *seq, uint32_t *ack);

#endif /* SRP_CODEC_H */
