/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Payload of the SRP audit messages (AUDIT_QUERY, AUDIT_DIGESTS,
 * AUDIT_FETCH, AUDIT_ITEMS; docs/srp-protocol.md section 4.9): a 12-byte
 * head (audit id, flags, entry count) and fixed-size entries, all in
 * network order. Writer and checking reader, pure. Context: any.
 */
#ifndef SRP_AUDIT_H
#define SRP_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Head: audit id u32, flags u32, entries u32. */
#define SRP_AUDIT_HEAD_LEN	12u
/* Entry sizes: a range (lo u32, hi u32); a range with its count u32 and
 * digest u64; an item (local TEID u32, fingerprint u64). */
#define SRP_AUDIT_RANGE_LEN	8u
#define SRP_AUDIT_DIGEST_LEN	20u
#define SRP_AUDIT_ITEM_LEN	12u
/* Bucket space the ranges cut (sess_table_bucket: 16 bits). */
#define SRP_AUDIT_BUCKETS	65536u
/* Most entries of one message: ranges of a QUERY, FETCH or DIGESTS,
 * items of an ITEMS (both well under 64 KiB of payload). */
#define SRP_AUDIT_RANGES_MAX	256u
#define SRP_AUDIT_ITEMS_MAX	4096u
#define SRP_AUDIT_PAYLOAD_MAX	(SRP_AUDIT_HEAD_LEN + \
				 SRP_AUDIT_ITEMS_MAX * SRP_AUDIT_ITEM_LEN)

/* Flags: FETCH asks for the repair; ITEMS closes the answer to a FETCH. */
#define SRP_AUDIT_F_SYNC	0x1u	/* AUDIT_FETCH only */
#define SRP_AUDIT_F_LAST	0x1u	/* AUDIT_ITEMS only */

/* Why an audit payload was refused. */
enum srp_audit_err {
	SRP_AUDIT_OK = 0,
	SRP_AUDIT_E_TYPE,	/* not an audit message type */
	SRP_AUDIT_E_SHORT,	/* shorter than the head */
	SRP_AUDIT_E_LEN,	/* length is not head + count x entry */
	SRP_AUDIT_E_COUNT,	/* no entry, or more than the maximum */
	SRP_AUDIT_E_FLAGS,	/* a flag this type does not define */
	SRP_AUDIT_E_RANGE,	/* empty, past 65536, unsorted or overlapping */
	SRP_AUDIT_E_TEID,	/* item with TEID 0 */
	SRP_AUDIT_E_NOSPACE,	/* writer: no room */
	SRP_AUDIT_E_MAX,
};

/* A checked payload (decode) or one being built (writer). */
struct srp_audit {
	uint8_t		type;		/* SRP_MSG_AUDIT_* */
	uint32_t	id;		/* audit id, chosen by the standby */
	uint32_t	flags;		/* SRP_AUDIT_F_* */
	uint32_t	n;		/* entries */
	const uint8_t	*ent;		/* first entry (decode) */
	uint8_t		*buf;		/* writer: whole payload */
	size_t		cap;		/* writer: size of buf */
};

/** Entry size of message type @type, 0 for other types. Context: any. */
uint32_t srp_audit_entry_len(uint8_t type);

/**
 * Check payload @p of @len bytes of an audit message of type @type and
 * point @a at it. Ranges must be non-empty, within the bucket space, in
 * ascending order and disjoint; items must have a TEID. Context: any.
 * @return SRP_AUDIT_OK or the first rule broken
 */
enum srp_audit_err srp_audit_decode(uint8_t type, const uint8_t *p,
				    size_t len, struct srp_audit *a);

/** Range @i of a QUERY or FETCH (also the range of a DIGESTS entry). */
void srp_audit_range(const struct srp_audit *a, uint32_t i, uint32_t *lo,
		     uint32_t *hi);

/** Count and digest of DIGESTS entry @i. */
void srp_audit_digest(const struct srp_audit *a, uint32_t i, uint32_t *count,
		      uint64_t *sum);

/** TEID and fingerprint of ITEMS entry @i. */
void srp_audit_item(const struct srp_audit *a, uint32_t i, uint32_t *teid,
		    uint64_t *fp);

/**
 * Start a payload of type @type in @buf (@cap bytes), no entry yet.
 * @return SRP_AUDIT_OK, E_TYPE, E_NOSPACE (cap below the head)
 */
enum srp_audit_err srp_audit_writer_init(struct srp_audit *a, uint8_t type,
					 uint32_t id, uint32_t flags,
					 uint8_t *buf, size_t cap);

/** Replace the flags of the payload being written. */
void srp_audit_flags_set(struct srp_audit *a, uint32_t flags);

/** Append a range (QUERY, FETCH). @return OK or E_NOSPACE / E_COUNT. */
enum srp_audit_err srp_audit_put_range(struct srp_audit *a, uint32_t lo,
				       uint32_t hi);

/** Append a DIGESTS entry. @return OK or E_NOSPACE / E_COUNT. */
enum srp_audit_err srp_audit_put_digest(struct srp_audit *a, uint32_t lo,
					uint32_t hi, uint32_t count,
					uint64_t sum);

/** Append an ITEMS entry. @return OK or E_NOSPACE / E_COUNT. */
enum srp_audit_err srp_audit_put_item(struct srp_audit *a, uint32_t teid,
				      uint64_t fp);

/** Bytes written so far (head with the final count included). */
size_t srp_audit_len(const struct srp_audit *a);

/** Entries one message of @type can hold at most (0: not an audit type). */
uint32_t srp_audit_max(uint8_t type);

/** Short stable name of @err ("ok", "len", "range", ...). */
const char *srp_audit_err_name(enum srp_audit_err err);

/** One-line English description of @err. */
const char *srp_audit_err_str(enum srp_audit_err err);

#endif /* SRP_AUDIT_H */
