/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP wire format: the fixed 16-byte header, message types, the TLV registry
 * numbers, value enums and size limits (spec: docs/srp-protocol.md), with
 * compile-time layout checks. Definitions only. Context: any.
 */
#ifndef SRP_PROTO_H
#define SRP_PROTO_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

/* Protocol version carried in byte 0 of every header (spec section 2). */
#define SRP_PROTO_VERSION	1

/* Sizes and limits (spec section 7). */
#define SRP_HDR_LEN		16u		/* fixed header */
#define SRP_TLV_HDR_LEN		8u		/* type u32 + len u32 */
#define SRP_MSG_MAX		(1u << 20)	/* whole message, bytes */
#define SRP_DIGEST_LEN		32u		/* SHA-256 of the SRP config */
#define SRP_NODE_ID_LEN		6u		/* MAC address used as node id */
#define SRP_NONCE_LEN		16u		/* per-connection auth nonce */
#define SRP_HMAC_LEN		32u		/* HMAC-SHA256 output */
#define SRP_SW_VERSION_MAX	64u		/* software version string */
#define SRP_TEXT_MAX		255u		/* free-text detail string */
#define SRP_UNCOMP_MAX		(16u << 20)	/* uncompressed chunk bound */
#define SRP_CONFIG_TEXT_MAX	(64u << 10)	/* CONFIG payload text, bytes */
/* Largest opaque payload: leaves 256 bytes for header, TLVs and trailer. */
#define SRP_PAYLOAD_MAX		(SRP_MSG_MAX - 256u)

/* Header flags (spec section 2.1); bits not listed here must be zero. */
#define SRP_F_AUTH	0x0001u	/* last TLV is an HMAC-SHA256 trailer */
#define SRP_F_BOUND	0x0002u	/* the HMAC covers the receiver's nonce */
#define SRP_F_KNOWN	(SRP_F_AUTH | SRP_F_BOUND)

/*
 * Fixed message header, network byte order, no padding (spec section 2).
 * Bytes 0 (version) and 4..7 (len) keep their place in every future version,
 * so any receiver can delimit and refuse a message of another version.
 */
struct srp_hdr {
	uint8_t		version;	/* SRP_PROTO_VERSION */
	uint8_t		type;		/* enum srp_msg_type */
	uint16_t	flags_be;	/* SRP_F_* */
	uint32_t	len_be;		/* whole message incl. header, bytes */
	uint32_t	seq_be;		/* per-direction message number */
	uint32_t	ack_be;		/* last seq received from the peer */
};

static_assert(sizeof(struct srp_hdr) == SRP_HDR_LEN, "srp_hdr size");
static_assert(offsetof(struct srp_hdr, version) == 0, "version offset");
static_assert(offsetof(struct srp_hdr, type) == 1, "type offset");
static_assert(offsetof(struct srp_hdr, flags_be) == 2, "flags offset");
static_assert(offsetof(struct srp_hdr, len_be) == 4, "len offset");
static_assert(offsetof(struct srp_hdr, seq_be) == 8, "seq offset");
static_assert(offsetof(struct srp_hdr, ack_be) == 12, "ack offset");

/* TLV header, network byte order; the value follows, unpadded (spec 3). */
struct srp_tlv_hdr {
	uint32_t	type_be;	/* SRP_TLV_MUST | enum srp_tlv_type */
	uint32_t	len_be;		/* value length in bytes, header excluded */
};

static_assert(sizeof(struct srp_tlv_hdr) == SRP_TLV_HDR_LEN, "tlv size");
static_assert(offsetof(struct srp_tlv_hdr, len_be) == 4, "tlv len offset");

/* Bit 31 of a TLV type: refuse the message when the type is unknown. */
#define SRP_TLV_MUST		0x80000000u
#define SRP_TLV_TYPE_MASK	0x7fffffffu

/* Message types (spec section 4). */
enum srp_msg_type {
	SRP_MSG_HELLO = 1,		/* periodic hello / heartbeat */
	SRP_MSG_REFUSE = 2,		/* peer refused; connection closes */
	SRP_MSG_SWITCHOVER_REQUEST = 3,	/* active asks standby to take over */
	SRP_MSG_SWITCHOVER_ACK = 4,	/* standby's answer */
	SRP_MSG_CONFIG = 5,		/* sender's must-match SRP config */
	SRP_MSG_NONCE = 6,		/* handshake: sender's conn. nonce */
	SRP_MSG_CKPT_BEGIN = 16,	/* full checkpoint starts */
	SRP_MSG_CKPT_CHUNK = 17,	/* one chunk of sessions */
	SRP_MSG_CKPT_END = 18,		/* full checkpoint complete */
	SRP_MSG_SESS_DELTA = 19,	/* batch of session changes */
	SRP_MSG_NACK = 20,		/* standby could not apply a command */
	SRP_MSG_READY = 21,		/* standby holds a complete copy */
	/* Audit (SRP_CAP_AUDIT only; payload layout in srp_audit.h). */
	SRP_MSG_AUDIT_QUERY = 22,	/* standby: digests of these ranges? */
	SRP_MSG_AUDIT_DIGESTS = 23,	/* active: count + digest per range */
	SRP_MSG_AUDIT_FETCH = 24,	/* standby: list these ranges */
	SRP_MSG_AUDIT_ITEMS = 25,	/* active: TEID + fingerprint list */
	SRP_MSG_TYPE_MAX = 32,		/* types are below this */
};

/*
 * TLV types (spec section 5). Numbers are stable; the registry in
 * srp_codec.c says which message types carry each one and its size.
 */
enum srp_tlv_type {
	SRP_TLV_GENERATION = 1,		/* u32, promotion counter */
	SRP_TLV_CHASSIS_MODE = 2,	/* u8, enum srp_wire_mode */
	SRP_TLV_PRIORITY = 3,		/* u8, 1..255, lower is better */
	SRP_TLV_STATE = 4,		/* u8, enum srp_wire_state */
	SRP_TLV_ROUTE_MODIFIER = 5,	/* u32 */
	SRP_TLV_CONFIG_DIGEST = 6,	/* 32 bytes, SHA-256 */
	SRP_TLV_SW_VERSION = 7,		/* 1..64 printable ASCII bytes */
	SRP_TLV_NODE_ID = 8,		/* 6 bytes, MAC address */
	SRP_TLV_HELLO_INTERVAL = 9,	/* u32, ms, >= 1 */
	SRP_TLV_DEAD_INTERVAL = 10,	/* u32, ms, >= 3 x hello */
	SRP_TLV_COMP_CAPS = 11,		/* u8, SRP_COMP_CAP_* mask */
	SRP_TLV_DB_RECOVERY = 12,	/* u8, enum srp_wire_dbrec */
	SRP_TLV_NONCE = 13,		/* 16 bytes, per connection */
	SRP_TLV_REASON = 14,		/* u16, meaning per message type */
	SRP_TLV_FORCE = 15,		/* u8, 0 or 1 */
	SRP_TLV_TEXT = 16,		/* 0..255 printable ASCII bytes */
	SRP_TLV_VERSION_RANGE = 17,	/* 2 x u8: lowest, highest version */
	SRP_TLV_EPOCH = 18,		/* u32, checkpoint epoch */
	SRP_TLV_COUNT = 19,		/* u32, sessions in a checkpoint */
	SRP_TLV_COMP_ID = 20,		/* u8, enum srp_wire_comp */
	SRP_TLV_UNCOMP_LEN = 21,	/* u32, bytes */
	SRP_TLV_PAYLOAD = 22,		/* opaque bytes */
	SRP_TLV_CMD_ID = 23,		/* u8, 1..255, checkpoint command */
	SRP_TLV_AUTH_HMAC = 24,		/* 32 bytes, always last */
	SRP_TLV_MONITORS = 25,		/* u8, SRP_MONS_* failed services */
	SRP_TLV_CAPS = 26,		/* u32, SRP_CAP_* features understood */
	SRP_TLV_MAX = 27,		/* known types are below this */
};

static_assert(SRP_TLV_MAX <= 32, "TLV presence mask is 32 bits");

/* Chassis mode on the wire (config "chassis-mode"). */
enum srp_wire_mode {
	SRP_WMODE_NONE = 0,
	SRP_WMODE_PRIMARY = 1,
	SRP_WMODE_BACKUP = 2,
};

/* Sender's role state on the wire (the FSM states of STYLE.md 7). */
enum srp_wire_state {
	SRP_WSTATE_INIT = 0,
	SRP_WSTATE_CONNECTING = 1,
	SRP_WSTATE_NEGOTIATING = 2,
	SRP_WSTATE_STANDBY_SYNCING = 3,
	SRP_WSTATE_STANDBY_READY = 4,
	SRP_WSTATE_ACTIVE = 5,
	SRP_WSTATE_SWITCHING = 6,
	SRP_WSTATE_FAULT = 7,
	SRP_WSTATE_MAX = 8,
};

/* Compression capability bits (HELLO). */
#define SRP_COMP_CAP_ZLIB	0x01u
#define SRP_COMP_CAP_LZ4	0x02u
#define SRP_COMP_CAP_ALL	(SRP_COMP_CAP_ZLIB | SRP_COMP_CAP_LZ4)

/* MONITORS (HELLO): the sender's service monitors that failed; a
 * receiver ignores the other bits (later versions may define them). */
#define SRP_MONS_BGP		0x01u
#define SRP_MONS_AAA		0x02u	/* authentication-probe */
#define SRP_MONS_DIAMETER	0x04u
#define SRP_MONS_KNOWN		(SRP_MONS_BGP | SRP_MONS_AAA | \
				 SRP_MONS_DIAMETER)

/*
 * CAPS (HELLO): the message types and checkpoint records the sender can
 * take beyond those of the first release. A peer that sends no CAPS
 * (srpgw 0.1) has none of them, and nothing it lacks is ever sent to it;
 * a receiver ignores the bits it does not know.
 */
#define SRP_CAP_AUDIT		0x00000001u	/* audit messages */
#define SRP_CAP_SESS_TIMERS	0x00000002u	/* session timer records */
#define SRP_CAPS_KNOWN		(SRP_CAP_AUDIT | SRP_CAP_SESS_TIMERS)

/* Compression of a checkpoint chunk. */
enum srp_wire_comp {
	SRP_WCOMP_NONE = 0,
	SRP_WCOMP_ZLIB = 1,
	SRP_WCOMP_LZ4 = 2,
	SRP_WCOMP_MAX = 3,
};

/* Database-recovery mode (config "switchover ... db-recovery"). */
enum srp_wire_dbrec {
	SRP_WDBREC_NORMAL = 0,
	SRP_WDBREC_AGGRESSIVE = 1,
	SRP_WDBREC_MAX = 2,
};

/* REASON of a REFUSE (spec section 4.2). */
enum srp_refuse_reason {
	SRP_REFUSE_VERSION = 1,		/* protocol version not supported */
	SRP_REFUSE_AUTH = 2,		/* missing or wrong HMAC, replay */
	SRP_REFUSE_DUP_CONN = 3,	/* other connection kept (tie rule) */
	SRP_REFUSE_CONFIG = 4,		/* SRP settings unusable together */
	SRP_REFUSE_MODE = 5,		/* chassis mode not configured */
	SRP_REFUSE_NODE_ID = 6,		/* peer uses our own node id */
	SRP_REFUSE_PROTOCOL = 7,	/* malformed or unexpected message */
	SRP_REFUSE_TOO_BIG = 8,		/* message over SRP_MSG_MAX */
	SRP_REFUSE_SHUTDOWN = 9,	/* administrative close */
	SRP_REFUSE_MAX = 10,
};

/* REASON of a SWITCHOVER_REQUEST: why the active gives up the role. */
enum srp_switch_cause {
	SRP_SWCAUSE_ADMIN = 1,		/* srp initiate-switchover */
	SRP_SWCAUSE_MONITOR_BGP = 2,
	SRP_SWCAUSE_MONITOR_AAA = 3,
	SRP_SWCAUSE_MONITOR_DIAMETER = 4,
	SRP_SWCAUSE_LOCAL_FAULT = 5,
	SRP_SWCAUSE_MAX = 6,
};

/* REASON of a SWITCHOVER_ACK: 0 accepts, anything else refuses. */
enum srp_switch_result {
	SRP_SWRES_ACCEPTED = 0,
	SRP_SWRES_NOT_STANDBY = 1,	/* receiver is not a standby */
	SRP_SWRES_NOT_READY = 2,	/* checkpoint incomplete, no force */
	SRP_SWRES_IN_PROGRESS = 3,	/* a switchover is already running */
	SRP_SWRES_GENERATION = 4,	/* request's generation is stale */
	SRP_SWRES_FAULT = 5,		/* receiver has a local fault */
	SRP_SWRES_MONITORS = 6,		/* a monitor-caused request, and the
					 * receiver's own monitors failed */
	SRP_SWRES_MAX = 7,
};

/* REASON of a NACK: why a checkpoint command was not applied. */
enum srp_nack_reason {
	SRP_NACK_MALFORMED = 1,		/* payload did not decode */
	SRP_NACK_DECOMPRESS = 2,	/* chunk did not decompress */
	SRP_NACK_UNKNOWN_CMD = 3,	/* command id not understood */
	SRP_NACK_APPLY = 4,		/* applying to the tables failed */
	SRP_NACK_RESOURCES = 5,		/* out of memory or table space */
	SRP_NACK_ORDER = 6,		/* epoch or sequence out of order */
	SRP_NACK_MAX = 7,
};

#endif /* SRP_PROTO_H */
