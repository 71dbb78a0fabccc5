/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PFCP (3GPP TS 29.244 Release 17) wire constants: header layouts, message
 * types, IE types, cause values and IE flag bits used by the codec. Every
 * number was checked against tshark 4.0's PFCP dissector (tshark -G values).
 * Definitions only. Context: any.
 */
#ifndef PFCP_PROTO_H
#define PFCP_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define PFCP_UDP_PORT		8805
#define PFCP_VERSION		1

/* Header octet 1 (TS 29.244 section 7.2.2): version in bits 8-6. */
#define PFCP_HDR_VERSION_SHIFT	5
#define PFCP_HDR_F_FO		0x04	/* follow on: another message follows */
#define PFCP_HDR_F_MP		0x02	/* message priority present */
#define PFCP_HDR_F_S		0x01	/* SEID present */
#define PFCP_HDR_F_SPARE	0x18
#define PFCP_HDR_PRIO_SHIFT	4	/* priority: high nibble of last octet */

/* Header without SEID (node related messages, section 7.2.2.2). */
struct pfcp_hdr_node_wire {
	uint8_t		flags;		/* version, FO, MP, S (= 0) */
	uint8_t		type;		/* enum pfcp_msg_type */
	uint8_t		len_be[2];	/* octets after the first 4 */
	uint8_t		seq_be[3];	/* sequence number, 24 bits */
	uint8_t		spare;
};

/* Header with SEID (session related messages, section 7.2.2.3). */
struct pfcp_hdr_sess_wire {
	uint8_t		flags;		/* version, FO, MP, S (= 1) */
	uint8_t		type;		/* enum pfcp_msg_type */
	uint8_t		len_be[2];	/* octets after the first 4 */
	uint8_t		seid_be[8];	/* the receiver's SEID, 0 if unknown */
	uint8_t		seq_be[3];	/* sequence number, 24 bits */
	uint8_t		prio;		/* priority in bits 8-5 if MP, else 0 */
};

/* IE header (section 8.1.1); vendor IEs (type bit 16) add an enterprise ID. */
struct pfcp_ie_wire {
	uint8_t		type_be[2];	/* IE type */
	uint8_t		len_be[2];	/* octets after these 4 */
};

_Static_assert(sizeof(struct pfcp_hdr_node_wire) == 8, "PFCP node header");
_Static_assert(sizeof(struct pfcp_hdr_sess_wire) == 16, "PFCP session header");
_Static_assert(offsetof(struct pfcp_hdr_sess_wire, seid_be) == 4, "SEID");
_Static_assert(offsetof(struct pfcp_hdr_sess_wire, seq_be) == 12, "seq");
_Static_assert(offsetof(struct pfcp_hdr_node_wire, seq_be) == 4, "seq");
_Static_assert(sizeof(struct pfcp_ie_wire) == 4, "PFCP IE header");

#define PFCP_HDR_FIXED_LEN	4	/* octets not counted by the length */
#define PFCP_HDR_NODE_LEN	sizeof(struct pfcp_hdr_node_wire)
#define PFCP_HDR_SESS_LEN	sizeof(struct pfcp_hdr_sess_wire)
#define PFCP_IE_HDR_LEN		sizeof(struct pfcp_ie_wire)
#define PFCP_IE_VENDOR_BIT	0x8000	/* type >= 32768: enterprise ID */
#define PFCP_SEQ_MAX		0xffffffu
#define PFCP_MSG_MAX		(PFCP_HDR_FIXED_LEN + 0xffff)

/* Message types (Table 7.3-1). */
enum pfcp_msg_type {
	PFCP_MSG_HEARTBEAT_REQ		= 1,
	PFCP_MSG_HEARTBEAT_RESP		= 2,
	PFCP_MSG_ASSOC_SETUP_REQ	= 5,
	PFCP_MSG_ASSOC_SETUP_RESP	= 6,
	PFCP_MSG_ASSOC_RELEASE_REQ	= 9,
	PFCP_MSG_ASSOC_RELEASE_RESP	= 10,
	PFCP_MSG_VERSION_NOT_SUPP	= 11,
	PFCP_MSG_NODE_REPORT_REQ	= 12,
	PFCP_MSG_NODE_REPORT_RESP	= 13,
	PFCP_MSG_SESS_EST_REQ		= 50,
	PFCP_MSG_SESS_EST_RESP		= 51,
	PFCP_MSG_SESS_MOD_REQ		= 52,
	PFCP_MSG_SESS_MOD_RESP		= 53,
	PFCP_MSG_SESS_DEL_REQ		= 54,
	PFCP_MSG_SESS_DEL_RESP		= 55,
	PFCP_MSG_SESS_REPORT_REQ	= 56,
	PFCP_MSG_SESS_REPORT_RESP	= 57,
};

/* IE types (Table 8.1.2-1). */
enum pfcp_ie_type {
	PFCP_IE_CREATE_PDR		= 1,
	PFCP_IE_PDI			= 2,
	PFCP_IE_CREATE_FAR		= 3,
	PFCP_IE_FWD_PARAMS		= 4,
	PFCP_IE_CREATE_URR		= 6,
	PFCP_IE_CREATE_QER		= 7,
	PFCP_IE_CREATED_PDR		= 8,
	PFCP_IE_UPDATE_PDR		= 9,
	PFCP_IE_UPDATE_FAR		= 10,
	PFCP_IE_UPD_FWD_PARAMS		= 11,
	PFCP_IE_REMOVE_PDR		= 15,
	PFCP_IE_REMOVE_FAR		= 16,
	PFCP_IE_REMOVE_URR		= 17,
	PFCP_IE_REMOVE_QER		= 18,
	PFCP_IE_CAUSE			= 19,
	PFCP_IE_SOURCE_IFACE		= 20,
	PFCP_IE_F_TEID			= 21,
	PFCP_IE_NETWORK_INSTANCE	= 22,
	PFCP_IE_SDF_FILTER		= 23,
	PFCP_IE_GATE_STATUS		= 25,
	PFCP_IE_PRECEDENCE		= 29,
	PFCP_IE_REPORT_TYPE		= 39,
	PFCP_IE_OFFENDING_IE		= 40,
	PFCP_IE_DEST_IFACE		= 42,
	PFCP_IE_UP_FEATURES		= 43,
	PFCP_IE_APPLY_ACTION		= 44,
	PFCP_IE_PFCPSMREQ_FLAGS		= 49,
	PFCP_IE_PDR_ID			= 56,
	PFCP_IE_F_SEID			= 57,
	PFCP_IE_NODE_ID			= 60,
	PFCP_IE_URR_ID			= 81,
	PFCP_IE_OUTER_HDR_CREATION	= 84,
	PFCP_IE_CREATE_BAR		= 85,
	PFCP_IE_BAR_ID			= 88,
	PFCP_IE_CP_FEATURES		= 89,
	PFCP_IE_UE_IP_ADDR		= 93,
	PFCP_IE_OUTER_HDR_REMOVAL	= 95,
	PFCP_IE_RECOVERY_TS		= 96,
	PFCP_IE_NODE_REPORT_TYPE	= 101,
	PFCP_IE_FAR_ID			= 108,
	PFCP_IE_QER_ID			= 109,
	PFCP_IE_PDN_TYPE		= 113,
	PFCP_IE_FAILED_RULE_ID		= 114,
	PFCP_IE_QFI			= 124,
	PFCP_IE_3GPP_IFACE_TYPE		= 160,
	PFCP_IE_SESS_RETENTION_INFO	= 183,
	PFCP_IE_PFCPASRSP_FLAGS		= 184,
	PFCP_IE_PFCPSEREQ_FLAGS		= 186,
};

/* Cause values (Table 8.2.1-1). */
enum pfcp_cause {
	PFCP_CAUSE_ACCEPTED		= 1,
	PFCP_CAUSE_REJECTED		= 64,
	PFCP_CAUSE_SESS_NOT_FOUND	= 65,
	PFCP_CAUSE_MANDATORY_MISSING	= 66,
	PFCP_CAUSE_CONDITIONAL_MISSING	= 67,
	PFCP_CAUSE_INVALID_LENGTH	= 68,
	PFCP_CAUSE_MANDATORY_INCORRECT	= 69,
	PFCP_CAUSE_INVALID_FWD_POLICY	= 70,
	PFCP_CAUSE_INVALID_FTEID_ALLOC	= 71,
	PFCP_CAUSE_NO_ASSOCIATION	= 72,
	PFCP_CAUSE_RULE_FAILURE		= 73,
	PFCP_CAUSE_CONGESTION		= 74,
	PFCP_CAUSE_NO_RESOURCES		= 75,
	PFCP_CAUSE_SERVICE_NOT_SUPP	= 76,
	PFCP_CAUSE_SYSTEM_FAILURE	= 77,
	PFCP_CAUSE_RESTORATION_FAILURE	= 86,
};

/* Report Type (section 8.2.21), octet 5: UISR (Release 16), the UP
 * function asks the CP function to release the session. */
#define PFCP_REPORT_UISR	0x40

/* Node ID type (section 8.2.38). */
#define PFCP_NODE_ID_IPV4	0
#define PFCP_NODE_ID_IPV6	1
#define PFCP_NODE_ID_FQDN	2

/* F-SEID flags (section 8.2.37). */
#define PFCP_FSEID_V6		0x01
#define PFCP_FSEID_V4		0x02

/* F-TEID flags (section 8.2.3). */
#define PFCP_FTEID_V4		0x01
#define PFCP_FTEID_V6		0x02
#define PFCP_FTEID_CH		0x04
#define PFCP_FTEID_CHID		0x08

/* UE IP Address flags (section 8.2.62). */
#define PFCP_UEIP_V6		0x01
#define PFCP_UEIP_V4		0x02
#define PFCP_UEIP_SD		0x04	/* destination address */
#define PFCP_UEIP_V6D		0x08	/* IPv6 prefix delegation bits */
#define PFCP_UEIP_CHV4		0x10
#define PFCP_UEIP_CHV6		0x20
#define PFCP_UEIP_V6PL		0x40	/* IPv6 prefix length */

/* SDF Filter flags (section 8.2.5). */
#define PFCP_SDF_FD		0x01	/* flow description */
#define PFCP_SDF_TTC		0x02	/* ToS traffic class */
#define PFCP_SDF_SPI		0x04	/* security parameter index */
#define PFCP_SDF_FL		0x08	/* flow label */
#define PFCP_SDF_BID		0x10	/* SDF filter ID */

/* Interface values (sections 8.2.2 and 8.2.24). */
#define PFCP_IFACE_ACCESS	0
#define PFCP_IFACE_CORE		1
#define PFCP_IFACE_SGI_LAN	2
#define PFCP_IFACE_CP_FUNCTION	3

/* Apply Action, octet 5 then octet 6 (section 8.2.26). */
#define PFCP_AA_DROP		0x0001
#define PFCP_AA_FORW		0x0002
#define PFCP_AA_BUFF		0x0004
#define PFCP_AA_NOCP		0x0008
#define PFCP_AA_DUPL		0x0010

/* Outer Header Creation description, octets 5-6 (section 8.2.56). */
#define PFCP_OHC_GTPU_V4	0x0100
#define PFCP_OHC_GTPU_V6	0x0200
#define PFCP_OHC_UDP_V4		0x0400
#define PFCP_OHC_UDP_V6		0x0800
#define PFCP_OHC_IPV4		0x1000
#define PFCP_OHC_IPV6		0x2000
#define PFCP_OHC_CTAG		0x4000
#define PFCP_OHC_STAG		0x8000

/* Outer Header Removal description (section 8.2.64). */
#define PFCP_OHR_GTPU_UDP_IPV4	0
#define PFCP_OHR_GTPU_UDP_IPV6	1
#define PFCP_OHR_GTPU_UDP_IP	6

/* UP Function Features octet 5 (section 8.2.25). */
#define PFCP_UPF_F5_FTUP	0x10

/* PFCPASRsp-Flags (section 8.2.135): PFCP sessions retained. */
#define PFCP_ASRSP_PSREI	0x01

/* PFCPSEReq-Flags (section 8.2.136). */
#define PFCP_SEREQ_RESTI	0x01

/* Failed Rule ID rule type (section 8.2.80). */
#define PFCP_RULE_PDR		0
#define PFCP_RULE_FAR		1
#define PFCP_RULE_QER		2
#define PFCP_RULE_URR		3
#define PFCP_RULE_BAR		4

#endif /* PFCP_PROTO_H */
