/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PFCP message codec (3GPP TS 29.244 Release 17): strict, bounds-checked
 * decode of one message into a struct pfcp_msg, grouped rule IEs nested,
 * and encode of the same structure. Byte strings (network instance, flow
 * description, FQDN, opaque QER/URR/BAR bodies) point into the decoded
 * buffer, which must outlive the structure. Pure code, no allocation.
 * Context: any.
 */
#ifndef PFCP_CODEC_H
#define PFCP_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pfcp_proto.h"

/* Fixed limits per message (per grouped IE for the inner ones). */
#define PFCP_MAX_PDR		16	/* Create, Update, Created, Remove PDR */
#define PFCP_MAX_FAR		16	/* Create, Update, Remove FAR */
#define PFCP_MAX_URR		8	/* Create, Remove URR */
#define PFCP_MAX_QER		8	/* Create, Remove QER */
#define PFCP_MAX_SDF		4	/* SDF Filters in one PDI */
#define PFCP_MAX_PDR_REFS	4	/* URR IDs, QER IDs in one PDR */
#define PFCP_FEATURES_MAX	8	/* octets of UP/CP Function Features */

/* Why a message was refused (decode) or could not be built (encode). */
enum pfcp_err {
	PFCP_OK = 0,
	PFCP_E_SHORT,		/* fewer bytes than the header needs */
	PFCP_E_VERSION,		/* header version not 1: Version Not Supported */
	PFCP_E_LEN,		/* message length disagrees with the bytes */
	PFCP_E_HDR,		/* S flag wrong for the type, spare bits set */
	PFCP_E_TYPE,		/* message type unknown: ignore the message */
	PFCP_E_IE_TRUNC,	/* IE header or value runs past its container */
	PFCP_E_IE_LEN,		/* IE value too short for its type */
	PFCP_E_IE_VALUE,	/* IE value out of range */
	PFCP_E_MISSING,		/* mandatory IE absent */
	PFCP_E_TOO_MANY,	/* more rules or filters than the limits */
	PFCP_E_NOSPACE,		/* encode: output buffer too small */
	PFCP_E_INVAL,		/* encode: bad argument */
	PFCP_E_MAX,
};

/* Decoded header (section 7.2.2). */
struct pfcp_hdr {
	uint64_t	seid;		/* host order; 0 if !has_seid */
	uint32_t	seq;		/* 24 bits */
	uint16_t	msg_len;	/* whole message: 4 + length field */
	uint8_t		version;
	uint8_t		type;		/* enum pfcp_msg_type */
	uint8_t		prio;		/* 0..15, meaningful if mp */
	bool		has_seid;	/* S flag */
	bool		mp;		/* MP flag */
	bool		fo;		/* FO flag */
};

/* Where a refused message went wrong, to answer with Cause + Offending IE. */
struct pfcp_err_info {
	enum pfcp_err	err;
	uint16_t	ie_type;	/* innermost IE at fault, 0 if header */
	uint16_t	top_type;	/* top-level IE holding it, 0 if header */
	uint8_t		msg_type;	/* from the header when it was readable */
	uint32_t	seq;		/* from the header when it was readable */
};

/* A byte string inside the decoded buffer (or the caller's on encode). */
struct pfcp_bytes {
	const uint8_t	*p;
	uint16_t	len;
};

struct pfcp_node_id {
	uint8_t			type;		/* PFCP_NODE_ID_* */
	uint8_t			v4[4];		/* network order */
	uint8_t			v6[16];
	struct pfcp_bytes	fqdn;		/* DNS labels, as on the wire */
};

struct pfcp_fseid {
	uint64_t	seid;		/* host order */
	uint8_t		flags;		/* PFCP_FSEID_V4 / _V6 */
	uint8_t		v4[4];
	uint8_t		v6[16];
};

struct pfcp_fteid {
	uint32_t	teid;		/* host order; only if !CH */
	uint8_t		flags;		/* PFCP_FTEID_* */
	uint8_t		choose_id;	/* only if CHID */
	uint8_t		v4[4];
	uint8_t		v6[16];
};

struct pfcp_ue_ip {
	uint8_t		flags;		/* PFCP_UEIP_* */
	uint8_t		v6d_bits;	/* only if V6D */
	uint8_t		v6_plen;	/* only if V6PL */
	uint8_t		v4[4];
	uint8_t		v6[16];
};

struct pfcp_sdf {
	struct pfcp_bytes	fd;		/* flow description, if FD */
	uint32_t		spi;		/* if SPI */
	uint32_t		flow_label;	/* 24 bits, if FL */
	uint32_t		filter_id;	/* if BID */
	uint16_t		ttc;		/* if TTC */
	uint8_t			flags;		/* PFCP_SDF_* */
};

struct pfcp_ohc {
	uint32_t	teid;		/* host order, if GTP-U */
	uint16_t	desc;		/* PFCP_OHC_* (octets 5-6) */
	uint16_t	port;		/* host order, if UDP */
	uint8_t		v4[4];
	uint8_t		v6[16];
	uint8_t		ctag[3];
	uint8_t		stag[3];
};

/* PDI (Table 7.5.2.2-2): bits of pfcp_pdi.present. */
#define PFCP_PDI_SRC_IFACE	(1u << 0)
#define PFCP_PDI_FTEID		(1u << 1)
#define PFCP_PDI_NET_INST	(1u << 2)
#define PFCP_PDI_UE_IP		(1u << 3)
#define PFCP_PDI_IFACE_TYPE	(1u << 4)
#define PFCP_PDI_QFI		(1u << 5)

struct pfcp_pdi {
	struct pfcp_sdf		sdf[PFCP_MAX_SDF];
	struct pfcp_fteid	fteid;
	struct pfcp_ue_ip	ue_ip;
	struct pfcp_bytes	net_inst;
	uint32_t		present;
	uint8_t			src_iface;
	uint8_t			iface_type;	/* 3GPP Interface Type */
	uint8_t			qfi;
	uint8_t			n_sdf;
};

/* Create/Update PDR (Tables 7.5.2.2-1, 7.5.4.2-1): pfcp_pdr.present. */
#define PFCP_PDR_ID		(1u << 0)
#define PFCP_PDR_PRECEDENCE	(1u << 1)
#define PFCP_PDR_PDI		(1u << 2)
#define PFCP_PDR_OHR		(1u << 3)
#define PFCP_PDR_OHR_EXT	(1u << 4)	/* OHR has its second octet */
#define PFCP_PDR_FAR_ID		(1u << 5)

struct pfcp_pdr {
	struct pfcp_pdi	pdi;
	uint32_t	present;
	uint32_t	precedence;
	uint32_t	far_id;
	uint32_t	urr_id[PFCP_MAX_PDR_REFS];
	uint32_t	qer_id[PFCP_MAX_PDR_REFS];
	uint16_t	pdr_id;
	uint8_t		ohr_desc;	/* PFCP_OHR_* */
	uint8_t		ohr_ext;	/* GTP-U extension header deletion */
	uint8_t		n_urr;
	uint8_t		n_qer;
};

/* (Update) Forwarding Parameters (Table 7.5.2.3-2): pfcp_fwd.present. */
#define PFCP_FWD_DST_IFACE	(1u << 0)
#define PFCP_FWD_NET_INST	(1u << 1)
#define PFCP_FWD_OHC		(1u << 2)
#define PFCP_FWD_IFACE_TYPE	(1u << 3)

struct pfcp_fwd {
	struct pfcp_ohc		ohc;
	struct pfcp_bytes	net_inst;
	uint32_t		present;
	uint8_t			dst_iface;
	uint8_t			iface_type;
};

/* Create/Update FAR (Tables 7.5.2.3-1, 7.5.4.3-1): pfcp_far.present. */
#define PFCP_FAR_ID		(1u << 0)
#define PFCP_FAR_APPLY_ACTION	(1u << 1)
#define PFCP_FAR_FWD		(1u << 2)	/* (Update) Forwarding Params */
#define PFCP_FAR_BAR_ID		(1u << 3)

struct pfcp_far {
	struct pfcp_fwd	fwd;
	uint32_t	present;
	uint32_t	far_id;
	uint16_t	apply_action;	/* PFCP_AA_*, octet 5 low byte */
	uint8_t		aa_len;		/* 1 or 2 octets on the wire */
	uint8_t		bar_id;
};

/*
 * Create URR, Create QER, Create BAR: stored, not enforced yet. The id is
 * decoded; @body is the whole grouped value, re-emitted as is on encode
 * (when @body.len is 0 the encoder writes the id IE alone).
 */
struct pfcp_opaque_rule {
	struct pfcp_bytes	body;
	uint32_t		id;
};

/* Created PDR (Table 7.5.3.2-1). */
struct pfcp_created_pdr {
	struct pfcp_fteid	fteid;
	uint16_t		pdr_id;
	bool			has_fteid;
};

struct pfcp_failed_rule {
	uint32_t	id;
	uint8_t		type;		/* PFCP_RULE_* */
};

/* Top-level single IEs: bits of pfcp_msg.present. */
#define PFCP_F_CAUSE		(1u << 0)
#define PFCP_F_NODE_ID		(1u << 1)
#define PFCP_F_RECOVERY_TS	(1u << 2)
#define PFCP_F_UP_FEATURES	(1u << 3)
#define PFCP_F_CP_FEATURES	(1u << 4)
#define PFCP_F_FSEID		(1u << 5)
#define PFCP_F_OFFENDING_IE	(1u << 6)
#define PFCP_F_FAILED_RULE	(1u << 7)
#define PFCP_F_BAR		(1u << 8)
#define PFCP_F_PDN_TYPE		(1u << 9)
#define PFCP_F_SEREQ_FLAGS	(1u << 10)
#define PFCP_F_SMREQ_FLAGS	(1u << 11)
#define PFCP_F_NODE_REPORT_TYPE	(1u << 12)
#define PFCP_F_REPORT_TYPE	(1u << 13)
#define PFCP_F_SESS_RETENTION	(1u << 14)	/* presence only */
#define PFCP_F_ASRSP_FLAGS	(1u << 15)

/* One message. Which fields mean something depends on the type. */
struct pfcp_msg {
	struct pfcp_hdr		hdr;
	uint32_t		present;	/* PFCP_F_* */
	uint16_t		n_unknown;	/* unknown or unexpected IEs skipped */
	uint16_t		n_vendor;	/* vendor-specific IEs skipped */
	struct pfcp_node_id	node_id;
	struct pfcp_fseid	fseid;		/* CP F-SEID (req), UP (resp) */
	uint32_t		recovery_ts;	/* NTP seconds */
	uint16_t		offending_ie;
	uint8_t			cause;		/* enum pfcp_cause */
	uint8_t			pdn_type;
	uint8_t			sereq_flags;	/* PFCP_SEREQ_* */
	uint8_t			smreq_flags;
	uint8_t			node_report_type;
	uint8_t			report_type;
	uint8_t			asrsp_flags;	/* PFCP_ASRSP_* */
	uint8_t			up_features_len;
	uint8_t			cp_features_len;
	uint8_t			up_features[PFCP_FEATURES_MAX];
	uint8_t			cp_features[PFCP_FEATURES_MAX];
	struct pfcp_failed_rule	failed_rule;
	struct pfcp_opaque_rule	bar;		/* Create BAR, id 8 bits */

	uint8_t			n_create_pdr;
	uint8_t			n_update_pdr;
	uint8_t			n_created_pdr;
	uint8_t			n_remove_pdr;
	uint8_t			n_create_far;
	uint8_t			n_update_far;
	uint8_t			n_remove_far;
	uint8_t			n_create_urr;
	uint8_t			n_remove_urr;
	uint8_t			n_create_qer;
	uint8_t			n_remove_qer;
	struct pfcp_pdr		create_pdr[PFCP_MAX_PDR];
	struct pfcp_pdr		update_pdr[PFCP_MAX_PDR];
	struct pfcp_created_pdr	created_pdr[PFCP_MAX_PDR];
	uint16_t		remove_pdr[PFCP_MAX_PDR];
	struct pfcp_far		create_far[PFCP_MAX_FAR];
	struct pfcp_far		update_far[PFCP_MAX_FAR];
	uint32_t		remove_far[PFCP_MAX_FAR];
	struct pfcp_opaque_rule	create_urr[PFCP_MAX_URR];
	uint32_t		remove_urr[PFCP_MAX_URR];
	struct pfcp_opaque_rule	create_qer[PFCP_MAX_QER];
	uint32_t		remove_qer[PFCP_MAX_QER];
};

/**
 * Decode a PFCP header.
 *
 * Context: any.
 * @param buf  bytes of one datagram
 * @param len  their number
 * @param hdr  filled on PFCP_OK, and on PFCP_E_VERSION with type and seq
 * @return PFCP_OK, PFCP_E_SHORT, PFCP_E_VERSION (answer with Version Not
 *	   Supported), PFCP_E_LEN (length field past @len, or shorter than the
 *	   header, or trailing bytes without FO), PFCP_E_HDR (S flag wrong for
 *	   a known type), PFCP_E_TYPE (unknown type: the message is ignored)
 */
enum pfcp_err pfcp_hdr_decode(const uint8_t *buf, size_t len,
			      struct pfcp_hdr *hdr);

/**
 * Decode one message: the header, then every IE, grouped ones nested.
 * Unknown IEs, IEs not expected in this type and vendor-specific IEs are
 * skipped and counted; mandatory IEs of the type are checked.
 *
 * Context: any.
 * @param buf  one message (with FO, the first msg_len bytes are decoded)
 * @param len  bytes in @buf
 * @param m    result; zeroed first, meaningful only on PFCP_OK
 * @param ei   where it went wrong (may be NULL); ei->err is the return value
 * @return PFCP_OK or one of enum pfcp_err (see pfcp_err_cause)
 */
enum pfcp_err pfcp_msg_decode(const uint8_t *buf, size_t len,
			      struct pfcp_msg *m, struct pfcp_err_info *ei);

/**
 * Encode @m: header from m->hdr (type, seid, seq, mp/prio; the S flag from
 * the type), then the IEs present. Byte strings are copied from wherever
 * they point.
 *
 * Context: any.
 * @return PFCP_OK and *out_len, PFCP_E_NOSPACE, PFCP_E_TYPE (unknown type),
 *	   PFCP_E_INVAL (sequence over 24 bits, counts over the limits,
 *	   byte strings longer than an IE can hold)
 */
enum pfcp_err pfcp_msg_encode(const struct pfcp_msg *m, uint8_t *out,
			      size_t cap, size_t *out_len);

/**
 * Zero @m and set its header for a message of @type.
 *
 * Context: any.
 */
void pfcp_msg_init(struct pfcp_msg *m, uint8_t type, uint64_t seid,
		   uint32_t seq);

/** @return whether @type carries a SEID (session messages). Context: any. */
bool pfcp_msg_type_has_seid(uint8_t type);

/** @return whether @type is a request of ours (else a response). Context: any. */
bool pfcp_msg_type_is_request(uint8_t type);

/** @return the name of @type, "unknown" if not one of ours. Context: any. */
const char *pfcp_msg_type_name(uint8_t type);

/**
 * The cause to answer a refused request with (section 7.6): invalid length
 * for framing and truncation, mandatory IE missing, mandatory IE incorrect
 * for bad values, no resources for too many rules.
 *
 * Context: any.
 * @return a PFCP_CAUSE_* value, or 0 for PFCP_OK, PFCP_E_VERSION and
 *	   PFCP_E_TYPE (no Cause answer: Version Not Supported or ignore)
 */
uint8_t pfcp_err_cause(enum pfcp_err err);

/** @return short name of @err ("ie_trunc"). Context: any. */
const char *pfcp_err_name(enum pfcp_err err);

/** @return one-line description of @err. Context: any. */
const char *pfcp_err_str(enum pfcp_err err);

#endif /* PFCP_CODEC_H */
