/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Session records of the checkpoint stream: the bytes inside CKPT_CHUNK and
 * SESS_DELTA payloads (before compression). One record says "this session
 * now looks like this" (upsert), "this session is gone" (delete) or "this
 * session's counters and last activity are now these" (counters, the
 * workers' micro-checkpoint); a batch is a small header plus records. Pure code, strict bounds checks, no
 * allocation (docs/srp-protocol.md, "Session records"). Context: any.
 */
#ifndef SRP_CKPT_REC_H
#define SRP_CKPT_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Format of the records; first byte of every batch. */
#define SRP_REC_VERSION		1

/* Batch header: version u8, reserved u8 (0), reserved u16 (0), count u32. */
#define SRP_REC_BATCH_HDR_LEN	8u

/* Record operations. */
enum srp_rec_op {
	SRP_REC_UPSERT = 1,	/* create or replace the whole session */
	SRP_REC_DELETE = 2,	/* remove it */
	SRP_REC_COUNTERS = 3,	/* refresh counters and last activity */
	SRP_REC_EXT = 4,	/* a feature's state (PFCP), opaque here */
};

/* Kinds of SRP_REC_EXT records. */
enum srp_rec_ext_kind {
	SRP_REC_EXT_PFCP_SESS = 1,	/* a PFCP session, after the upsert
					 * of its local TEID */
	SRP_REC_EXT_PFCP_NODE = 2,	/* PFCP node state (local TEID 0) */
	SRP_REC_EXT_PFCP_GONE = 3,	/* the answer to a PFCP deletion,
					 * after the delete of its TEID */
	SRP_REC_EXT_SESS_TIMERS = 4,	/* a session's own timeouts, after
					 * its upsert; only to a peer whose
					 * hellos carry SRP_CAP_SESS_TIMERS */
};

/*
 * Payload of SRP_REC_EXT_SESS_TIMERS (docs/srp-protocol.md 12.2): version
 * u8 (SRP_REC_TIMERS_VERSION), reserved u8 + u16 (0), idle timeout u32,
 * absolute timeout u32 (seconds; 0: the receiver's configured default,
 * SRP_REC_TIMER_NONE: no timeout). Another layout takes another version
 * and another capability bit.
 */
#define SRP_REC_TIMERS_VERSION	1
#define SRP_REC_TIMERS_LEN	12u
#define SRP_REC_TIMER_NONE	0xffffffffu
#define SRP_REC_TIMER_MAX	2147483647u

/* Record flag bits (upsert). */
#define SRP_REC_F_UE4		0x01u	/* ue4 present */
#define SRP_REC_F_UE6		0x02u	/* ue6 present */
#define SRP_REC_F_QFI		0x04u	/* qfi present */
#define SRP_REC_F_VOLTE		0x08u	/* IMS/VoLTE bearer */
#define SRP_REC_F_ERR_IND	0x10u	/* peer sent an Error Indication */
#define SRP_REC_F_UL_DROP	0x20u	/* uplink dropped by rule */
#define SRP_REC_F_DL_DROP	0x40u	/* downlink dropped by rule; peer af
					 * 0 (no downlink tunnel) allowed */
#define SRP_REC_F_KNOWN		0x7fu

/* Fixed part of an upsert: op, flags, peer af, qfi, 2 TEIDs, 6 x u64. */
#define SRP_REC_UPSERT_FIXED	60u
/* A delete: op, 3 reserved bytes (0), local TEID. */
#define SRP_REC_DELETE_LEN	8u
/* Counters: op, 3 reserved bytes (0), local TEID, last activity, 4 x u64. */
#define SRP_REC_COUNTERS_LEN	48u
/* Largest upsert: fixed part + IPv6 peer + UE v4 + UE v6. */
#define SRP_REC_MAX_LEN		(SRP_REC_UPSERT_FIXED + 16u + 4u + 16u)
/* An extension: op, kind, length u16, local TEID, then @ext_len bytes. */
#define SRP_REC_EXT_HDR_LEN	8u
#define SRP_REC_EXT_MAX		16384u

/* One session as the standby needs it to take over. */
struct srp_rec {
	uint8_t		op;		/* enum srp_rec_op */
	uint8_t		flags;		/* SRP_REC_F_* (upsert) */
	uint8_t		peer_af;	/* 4 or 6 (upsert); 0: no downlink
					 * tunnel, only with SRP_REC_F_DL_DROP
					 * (then no peer address on the wire
					 * and teid_remote 0) */
	uint8_t		qfi;		/* 0..63, with SRP_REC_F_QFI */
	uint32_t	teid_local;	/* != 0 */
	uint32_t	teid_remote;	/* != 0 (upsert with a peer) */
	uint64_t	created_ms;	/* wall clock, ms since the epoch */
	uint64_t	last_activity_ms; /* wall clock of the last packet, 0
					 * (upsert, counters) */
	uint64_t	ul_pkts;	/* counters at the last refresh
					 * (upsert, counters) */
	uint64_t	ul_bytes;
	uint64_t	dl_pkts;
	uint64_t	dl_bytes;
	uint8_t		peer_addr[16];	/* 4 or 16 bytes used */
	uint8_t		ue4[4];
	uint8_t		ue6[16];
	/* SRP_REC_EXT: kind, bytes (into the batch when decoded). */
	uint8_t		ext_kind;	/* enum srp_rec_ext_kind */
	uint16_t	ext_len;	/* 1..SRP_REC_EXT_MAX */
	const uint8_t	*ext;
};

/* Why a batch or record was refused. */
enum srp_rec_err {
	SRP_REC_OK = 0,
	SRP_REC_E_SHORT,	/* bytes end inside a header or record */
	SRP_REC_E_VERSION,	/* batch version not SRP_REC_VERSION */
	SRP_REC_E_RESERVED,	/* a reserved field is not zero */
	SRP_REC_E_OP,		/* unknown operation */
	SRP_REC_E_FLAGS,	/* unknown flag bit */
	SRP_REC_E_AF,		/* peer family not 4 or 6 (nor 0 with
				 * SRP_REC_F_DL_DROP) */
	SRP_REC_E_TEID,		/* a TEID is 0 (or a remote TEID
				 * without a peer) */
	SRP_REC_E_QFI,		/* qfi above 63, or set without its flag */
	SRP_REC_E_NO_UE,	/* upsert without any UE address */
	SRP_REC_E_EXT,		/* extension: unknown kind, bad length,
				 * TEID 0 for a session kind (or not 0
				 * for the node kind) */
	SRP_REC_E_COUNT,	/* records left over or missing for count */
	SRP_REC_E_NOSPACE,	/* encode: output too small */
	SRP_REC_E_INVAL,	/* encode: bad argument or record */
	SRP_REC_E_MAX,
};

/* Encoder of one batch into a caller's buffer. */
struct srp_rec_writer {
	uint8_t		*buf;
	size_t		cap;
	size_t		len;		/* bytes written, header included */
	uint32_t	count;		/* records written */
};

/**
 * Start a batch in @buf (writes the header with count 0).
 * Context: any.
 * @return SRP_REC_OK, SRP_REC_E_NOSPACE, SRP_REC_E_INVAL (NULL)
 */
enum srp_rec_err srp_rec_writer_init(struct srp_rec_writer *w, uint8_t *buf,
				     size_t cap);

/**
 * Append @r (checked like the decoder checks it) and update the count.
 * Context: any.
 * @return SRP_REC_OK; SRP_REC_E_NOSPACE when it does not fit (the batch is
 *	   unchanged: send it and start another); the rule @r breaks
 */
enum srp_rec_err srp_rec_put(struct srp_rec_writer *w, const struct srp_rec *r);

/**
 * Take the batch back to an earlier state (@len bytes, @count records, as
 * read from @w before srp_rec_put() calls): records that must travel
 * together are put both or neither.
 * Context: any.
 */
void srp_rec_writer_rewind(struct srp_rec_writer *w, size_t len,
			   uint32_t count);

/**
 * Bytes @r takes on the wire.
 * Context: any.
 * @return the length, or 0 for an invalid operation or family
 */
size_t srp_rec_len(const struct srp_rec *r);

/* Decoder over one batch. */
struct srp_rec_reader {
	const uint8_t	*buf;
	size_t		len;
	size_t		off;
	uint32_t	count;		/* from the header */
	uint32_t	n_read;
};

/**
 * Check the batch header of @buf.
 * Context: any.
 * @return SRP_REC_OK, SRP_REC_E_SHORT, SRP_REC_E_VERSION, SRP_REC_E_RESERVED
 */
enum srp_rec_err srp_rec_reader_init(struct srp_rec_reader *rd,
				     const uint8_t *buf, size_t len);

/**
 * Decode the next record into @r.
 * Context: any.
 * @return SRP_REC_OK with @r filled; SRP_REC_E_COUNT at the end when bytes
 *	   remain or records are missing; another error for a bad record.
 *	   *more is false after the last record (and on errors).
 */
enum srp_rec_err srp_rec_next(struct srp_rec_reader *rd, struct srp_rec *r,
			      bool *more);

/**
 * Decode and check a whole batch without keeping the records (used before
 * applying anything, so that a bad batch changes nothing).
 * Context: any.
 * @return SRP_REC_OK with *count set, or the first error
 */
enum srp_rec_err srp_rec_check(const uint8_t *buf, size_t len,
			       uint32_t *count);

/* A session's own timeouts (SRP_REC_EXT_SESS_TIMERS payload). */
struct srp_rec_timers {
	uint32_t	idle_s;		/* 0, 1..SRP_REC_TIMER_MAX or NONE */
	uint32_t	abs_s;		/* same */
};

/**
 * Write the SRP_REC_EXT_SESS_TIMERS payload of @tm into @buf.
 * Context: any.
 * @return SRP_REC_TIMERS_LEN; 0 when @buf is too small or a value is out
 *	   of range
 */
size_t srp_rec_timers_encode(const struct srp_rec_timers *tm, uint8_t *buf,
			     size_t cap);

/**
 * Read an SRP_REC_EXT_SESS_TIMERS payload.
 * Context: any.
 * @return SRP_REC_OK with @tm filled; SRP_REC_E_EXT for a wrong length,
 *	   version or value; SRP_REC_E_RESERVED for reserved bits set
 */
enum srp_rec_err srp_rec_timers_decode(const uint8_t *buf, size_t len,
				       struct srp_rec_timers *tm);

/** Short stable name of @e ("ok", "short", ...). Context: any. */
const char *srp_rec_err_name(enum srp_rec_err e);

#endif /* SRP_CKPT_REC_H */
