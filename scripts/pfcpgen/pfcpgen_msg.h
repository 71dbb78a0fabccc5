/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-pfcpgen's messages, pure C over the PFCP codec: the requests an
 * Open5GS v2.7-shaped SMF sends (Association Setup, Session Establishment
 * with 4 PDRs, Modification of the downlink FAR, Deletion), the Heartbeat
 * Response, and the checks of what the user plane answers. No sockets, no
 * clock. Context: the generator's thread (one owner of a context).
 */
#ifndef PFCPGEN_MSG_H
#define PFCPGEN_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pfcp/pfcp_codec.h"

/* CHOOSE ID of the uplink F-TEID, shared by the uplink and UP->CP PDRs. */
#define PFCPGEN_CHOOSE_ID	1
/* PDR and FAR ids of the 4 rules of every session (as Open5GS numbers). */
#define PFCPGEN_PDR_DL		1	/* Core, UE address */
#define PFCPGEN_PDR_UL		2	/* Access, F-TEID chosen by the UP */
#define PFCPGEN_PDR_UL_CP	3	/* Access, router solicitations */
#define PFCPGEN_PDR_DL_CP	4	/* CP function, router advertisements */
#define PFCPGEN_N_PDR		4

/* What is the same for every message of a run. */
struct pfcpgen_ctx {
	struct pfcp_msg	msg;		/* scratch for building and decoding */
	uint64_t	cp_seid_base;	/* CP SEID of session i: base + i */
	uint32_t	recovery_ts;	/* ours, NTP seconds */
	uint32_t	ue_base;	/* UE IPv4 of session 0, host order */
	uint32_t	gnb_teid_base;	/* gNB TEID of session i: base + i */
	uint8_t		cp_v4[4];	/* our Node ID and F-SEID address */
	uint8_t		gnb_v4[4];	/* gNB of the Modifications */
};

/* What the checks of a response found. */
enum pfcpgen_verdict {
	PFCPGEN_ACCEPTED,	/* cause 1 and the content we need */
	PFCPGEN_REFUSED,	/* a cause other than 1 */
	PFCPGEN_BAD,		/* cause 1 but content missing or wrong */
};

/* What an accepted Session Establishment Response gave us. */
struct pfcpgen_est_result {
	uint64_t	up_seid;	/* header SEID of later requests */
	uint32_t	ul_teid;	/* F-TEID of the uplink PDR, host order */
	uint8_t		ul_v4[4];	/* its IPv4 address */
};

/** CP SEID of session @idx. Context: any. */
static inline uint64_t
pfcpgen_cp_seid(const struct pfcpgen_ctx *c, uint32_t idx)
{
	return c->cp_seid_base + idx;
}

/**
 * Association Setup Request: Node ID (IPv4 = cp_v4), Recovery Time Stamp,
 * CP Function Features (one octet, none set) when @cp_features.
 *
 * Context: owner of @c.
 * @return PFCP_OK and *@len, or the encoder's error
 */
enum pfcp_err pfcpgen_assoc_req(struct pfcpgen_ctx *c, uint32_t seq,
				bool cp_features, uint8_t *out, size_t cap,
				size_t *len);

/**
 * Session Establishment Request of session @idx, shaped like Open5GS v2.7's
 * SMF with a user plane that has FTUP: 4 PDRs, 4 FARs (downlink BUFF+NOCP
 * with a BAR), a QER, a BAR, PDN type IPv4; CP F-SEID = pfcpgen_cp_seid().
 *
 * Context: owner of @c.
 * @return PFCP_OK and *@len, or the encoder's error
 */
enum pfcp_err pfcpgen_est_req(struct pfcpgen_ctx *c, uint32_t idx,
			      uint32_t seq, uint8_t *out, size_t cap,
			      size_t *len);

/**
 * Session Modification Request of session @idx (header SEID @up_seid):
 * Update FAR of the downlink FAR, apply action FORW, Update Forwarding
 * Parameters with Outer Header Creation GTP-U/UDP/IPv4 to gnb_v4 and TEID
 * gnb_teid_base + @idx.
 *
 * Context: owner of @c.
 * @return PFCP_OK and *@len, or the encoder's error
 */
enum pfcp_err pfcpgen_mod_req(struct pfcpgen_ctx *c, uint32_t idx,
			      uint64_t up_seid, uint32_t seq, uint8_t *out,
			      size_t cap, size_t *len);

/**
 * Session Deletion Request (header SEID @up_seid).
 *
 * Context: owner of @c.
 * @return PFCP_OK and *@len, or the encoder's error
 */
enum pfcp_err pfcpgen_del_req(struct pfcpgen_ctx *c, uint64_t up_seid,
			      uint32_t seq, uint8_t *out, size_t cap,
			      size_t *len);

/**
 * Heartbeat Response to the user plane's request @seq: our Recovery Time
 * Stamp.
 *
 * Context: owner of @c.
 * @return PFCP_OK and *@len, or the encoder's error
 */
enum pfcp_err pfcpgen_hb_resp(struct pfcpgen_ctx *c, uint32_t seq,
			      uint8_t *out, size_t cap, size_t *len);

/**
 * Check a decoded Association Setup Response: cause Accepted, a Node ID,
 * UP Function Features with FTUP (octet 5, the user plane allocates
 * F-TEIDs: the Establishments rely on it).
 *
 * Context: any.
 * @return the verdict
 */
enum pfcpgen_verdict pfcpgen_assoc_check(const struct pfcp_msg *m);

/**
 * Check a decoded Session Establishment Response of session @idx: cause
 * Accepted, header SEID = its CP SEID, a UP F-SEID with an IPv4 address and
 * a non-zero SEID, a Created PDR with an IPv4 F-TEID for both CH=1 PDRs
 * (uplink and UP->CP), the same F-TEID for both (one CHOOSE ID).
 *
 * Context: any.
 * @param res  filled when PFCPGEN_ACCEPTED
 * @return the verdict
 */
enum pfcpgen_verdict pfcpgen_est_check(const struct pfcpgen_ctx *c,
				       uint32_t idx, const struct pfcp_msg *m,
				       struct pfcpgen_est_result *res);

/**
 * Check a decoded Session Modification or Deletion Response of session
 * @idx: cause Accepted with the header SEID = its CP SEID.
 *
 * Context: any.
 * @return the verdict
 */
enum pfcpgen_verdict pfcpgen_cause_check(const struct pfcpgen_ctx *c,
					 uint32_t idx,
					 const struct pfcp_msg *m);

#endif /* PFCPGEN_MSG_H */
