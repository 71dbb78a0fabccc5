/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sample PFCP messages built with the codec: every message srpgw sends
 * (node procedures, session responses, Version Not Supported) and an
 * Open5GS-shaped Session Establishment Request (4 PDRs with CH=1 and
 * CHOOSE ID, UE IP, the router solicitation SDF filter, 4 FARs incl.
 * BUFF+NOCP, a QER, a BAR, PFCPSEReq-Flags). Shared by test_pfcp_codec,
 * pfcp_vec and the fuzz seeds. Test code only.
 */
#ifndef PFCP_SAMPLE_H
#define PFCP_SAMPLE_H

#include <string.h>

#include "pfcp/pfcp_codec.h"

/* Values the tshark check looks for (test_pfcp_tshark.sh). */
#define SAMPLE_RECOVERY_TS	0xe8f1a2b3u	/* NTP seconds */
#define SAMPLE_UP_SEID		0x0000000100000007ull
#define SAMPLE_CP_SEID		0x0000000000000001ull
#define SAMPLE_TEID		0x00001234u
#define SAMPLE_SEQ		0xabcdef

static const uint8_t sample_up_v4[4] = { 192, 0, 2, 10 };	/* our N4 */
static const uint8_t sample_up_v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0,
					  0, 0, 0, 0, 0, 0, 0, 0, 0x0a };
static const uint8_t sample_acc_v4[4] = { 198, 51, 100, 20 };	/* GTP-U */
static const uint8_t sample_cp_v4[4] = { 127, 0, 0, 4 };	/* SMF */
static const uint8_t sample_ue_v4[4] = { 10, 45, 0, 2 };
static const uint8_t sample_gnb_v4[4] = { 127, 0, 0, 7 };
static const char sample_rs_filter[] =
	"permit out 58 from ff02::2/128 to assigned";
static const char sample_apn[] = "\x08internet";	/* DNS label */
/* Create QER body: QER ID 1, Gate Status open/open, MBR 1/1 Mbit/s. */
static const uint8_t sample_qer_body[] = {
	0x00, 0x6d, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x19, 0x00, 0x01, 0x00,
	0x00, 0x1a, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x03, 0xe8,
	0x00, 0x00, 0x00, 0x03, 0xe8,
};

static inline void
sample_node_up(struct pfcp_msg *m)
{
	m->present |= PFCP_F_NODE_ID;
	m->node_id.type = PFCP_NODE_ID_IPV4;
	memcpy(m->node_id.v4, sample_up_v4, 4);
}

static inline void
sample_heartbeat(struct pfcp_msg *m, uint8_t type)
{
	pfcp_msg_init(m, type, 0, SAMPLE_SEQ);
	m->present = PFCP_F_RECOVERY_TS;
	m->recovery_ts = SAMPLE_RECOVERY_TS;
}

static inline void
sample_heartbeat_req(struct pfcp_msg *m)
{
	sample_heartbeat(m, PFCP_MSG_HEARTBEAT_REQ);
}

static inline void
sample_heartbeat_resp(struct pfcp_msg *m)
{
	sample_heartbeat(m, PFCP_MSG_HEARTBEAT_RESP);
}

/* Association Setup: ours advertises FTUP (we allocate F-TEIDs). */
static inline void
sample_assoc_common(struct pfcp_msg *m, uint8_t type)
{
	pfcp_msg_init(m, type, 0, SAMPLE_SEQ);
	sample_node_up(m);
	m->present |= PFCP_F_RECOVERY_TS | PFCP_F_UP_FEATURES;
	m->recovery_ts = SAMPLE_RECOVERY_TS;
	m->up_features_len = 2;
	m->up_features[0] = PFCP_UPF_F5_FTUP;
}

static inline void
sample_assoc_setup_req(struct pfcp_msg *m)
{
	sample_assoc_common(m, PFCP_MSG_ASSOC_SETUP_REQ);
}

static inline void
sample_assoc_setup_resp(struct pfcp_msg *m)
{
	sample_assoc_common(m, PFCP_MSG_ASSOC_SETUP_RESP);
	m->present |= PFCP_F_CAUSE;
	m->cause = PFCP_CAUSE_ACCEPTED;
}

static inline void
sample_assoc_release_resp(struct pfcp_msg *m)
{
	pfcp_msg_init(m, PFCP_MSG_ASSOC_RELEASE_RESP, 0, SAMPLE_SEQ);
	sample_node_up(m);
	m->present |= PFCP_F_CAUSE;
	m->cause = PFCP_CAUSE_ACCEPTED;
}

static inline void
sample_node_report_req(struct pfcp_msg *m)
{
	pfcp_msg_init(m, PFCP_MSG_NODE_REPORT_REQ, 0, SAMPLE_SEQ);
	sample_node_up(m);
	m->present |= PFCP_F_NODE_REPORT_TYPE;
	m->node_report_type = 0x01;	/* UPFR: user plane path failure */
}

/* A session response that carries only a Cause. */
static inline void
sample_cause_only(struct pfcp_msg *m, uint8_t type, uint64_t seid,
		  uint8_t cause)
{
	pfcp_msg_init(m, type, seid, SAMPLE_SEQ);
	m->present = PFCP_F_CAUSE;
	m->cause = cause;
}

/* Establishment accepted: UP F-SEID and the F-TEID chosen for CHOOSE ID. */
static inline void
sample_sess_est_resp(struct pfcp_msg *m)
{
	static const uint16_t pdrs[] = { 2, 3 };	/* CH=1 ones */
	unsigned int i;

	pfcp_msg_init(m, PFCP_MSG_SESS_EST_RESP, SAMPLE_CP_SEID, SAMPLE_SEQ);
	sample_node_up(m);
	m->present |= PFCP_F_CAUSE | PFCP_F_FSEID;
	m->cause = PFCP_CAUSE_ACCEPTED;
	m->fseid.flags = PFCP_FSEID_V4;
	m->fseid.seid = SAMPLE_UP_SEID;
	memcpy(m->fseid.v4, sample_up_v4, 4);
	for (i = 0; i < 2; i++) {
		struct pfcp_created_pdr *c = &m->created_pdr[i];

		c->pdr_id = pdrs[i];
		c->has_fteid = true;
		c->fteid.flags = PFCP_FTEID_V4 | PFCP_FTEID_V6;
		c->fteid.teid = SAMPLE_TEID;
		memcpy(c->fteid.v4, sample_acc_v4, 4);
		memcpy(c->fteid.v6, sample_up_v6, 16);
	}
	m->n_created_pdr = 2;
}

/* Establishment refused: mandatory IE missing, with the Offending IE. */
static inline void
sample_sess_est_resp_missing(struct pfcp_msg *m)
{
	sample_cause_only(m, PFCP_MSG_SESS_EST_RESP, SAMPLE_CP_SEID,
			  PFCP_CAUSE_MANDATORY_MISSING);
	sample_node_up(m);
	m->present |= PFCP_F_OFFENDING_IE;
	m->offending_ie = PFCP_IE_F_SEID;
}

/* Establishment refused: a rule could not be created. */
static inline void
sample_sess_est_resp_rule_fail(struct pfcp_msg *m)
{
	sample_cause_only(m, PFCP_MSG_SESS_EST_RESP, SAMPLE_CP_SEID,
			  PFCP_CAUSE_RULE_FAILURE);
	sample_node_up(m);
	m->present |= PFCP_F_FAILED_RULE;
	m->failed_rule.type = PFCP_RULE_PDR;
	m->failed_rule.id = 3;
}

static inline void
sample_sess_mod_resp(struct pfcp_msg *m)
{
	sample_cause_only(m, PFCP_MSG_SESS_MOD_RESP, SAMPLE_CP_SEID,
			  PFCP_CAUSE_ACCEPTED);
}

/* Unknown session: answered with SEID 0 in the header. */
static inline void
sample_sess_mod_resp_not_found(struct pfcp_msg *m)
{
	sample_cause_only(m, PFCP_MSG_SESS_MOD_RESP, 0,
			  PFCP_CAUSE_SESS_NOT_FOUND);
}

static inline void
sample_sess_del_resp(struct pfcp_msg *m)
{
	sample_cause_only(m, PFCP_MSG_SESS_DEL_RESP, SAMPLE_CP_SEID,
			  PFCP_CAUSE_ACCEPTED);
}

static inline void
sample_version_not_supp(struct pfcp_msg *m)
{
	pfcp_msg_init(m, PFCP_MSG_VERSION_NOT_SUPP, 0, SAMPLE_SEQ);
}

/* The audit's graceful cleanup: ask the SMF to release the session. */
static inline void
sample_sess_report_req_uisr(struct pfcp_msg *m)
{
	pfcp_msg_init(m, PFCP_MSG_SESS_REPORT_REQ, SAMPLE_CP_SEID, SAMPLE_SEQ);
	m->report_type = PFCP_REPORT_UISR;
	m->present = PFCP_F_REPORT_TYPE;
}

/* PDR with a PDI; F-TEID CH=1 (+ CHOOSE ID) when @chid is not 0. */
static inline struct pfcp_pdr *
sample_pdr(struct pfcp_msg *m, uint16_t id, uint32_t prec, uint8_t src,
	   uint32_t far, uint8_t chid)
{
	struct pfcp_pdr *p = &m->create_pdr[m->n_create_pdr++];

	p->present = PFCP_PDR_ID | PFCP_PDR_PRECEDENCE | PFCP_PDR_PDI |
		     PFCP_PDR_FAR_ID;
	p->pdr_id = id;
	p->precedence = prec;
	p->far_id = far;
	p->pdi.present = PFCP_PDI_SRC_IFACE | PFCP_PDI_NET_INST;
	p->pdi.src_iface = src;
	p->pdi.net_inst.p = (const uint8_t *)sample_apn;
	p->pdi.net_inst.len = sizeof(sample_apn) - 1;
	if (chid != 0) {
		p->pdi.present |= PFCP_PDI_FTEID;
		p->pdi.fteid.flags = PFCP_FTEID_CH | PFCP_FTEID_CHID |
				     PFCP_FTEID_V4;
		p->pdi.fteid.choose_id = chid;
		p->present |= PFCP_PDR_OHR;
		p->ohr_desc = PFCP_OHR_GTPU_UDP_IPV4;
	}
	return p;
}

static inline struct pfcp_far *
sample_far(struct pfcp_msg *m, uint32_t id, uint16_t action, uint8_t dst)
{
	struct pfcp_far *f = &m->create_far[m->n_create_far++];

	f->present = PFCP_FAR_ID | PFCP_FAR_APPLY_ACTION;
	f->far_id = id;
	f->apply_action = action;
	f->aa_len = 2;
	if (action & PFCP_AA_FORW) {
		f->present |= PFCP_FAR_FWD;
		f->fwd.present = PFCP_FWD_DST_IFACE;
		f->fwd.dst_iface = dst;
	}
	return f;
}

/* What Open5GS v2.7's SMF sends when the user plane advertised FTUP. */
static inline void
sample_sess_est_req(struct pfcp_msg *m)
{
	struct pfcp_pdr *p;
	struct pfcp_far *f;

	pfcp_msg_init(m, PFCP_MSG_SESS_EST_REQ, 0, SAMPLE_SEQ);
	m->present = PFCP_F_NODE_ID | PFCP_F_FSEID | PFCP_F_BAR |
		     PFCP_F_PDN_TYPE | PFCP_F_SEREQ_FLAGS;
	m->node_id.type = PFCP_NODE_ID_IPV4;
	memcpy(m->node_id.v4, sample_cp_v4, 4);
	m->fseid.flags = PFCP_FSEID_V4;
	m->fseid.seid = SAMPLE_CP_SEID;
	memcpy(m->fseid.v4, sample_cp_v4, 4);
	/* Downlink: Core, to the UE address. */
	p = sample_pdr(m, 1, 255, PFCP_IFACE_CORE, 1, 0);
	p->pdi.present |= PFCP_PDI_UE_IP;
	p->pdi.ue_ip.flags = PFCP_UEIP_V4 | PFCP_UEIP_SD;
	memcpy(p->pdi.ue_ip.v4, sample_ue_v4, 4);
	p->qer_id[p->n_qer++] = 1;
	/* Uplink: Access, F-TEID chosen by us. */
	p = sample_pdr(m, 2, 255, PFCP_IFACE_ACCESS, 2, 1);
	p->pdi.present |= PFCP_PDI_QFI;
	p->pdi.qfi = 1;
	p->qer_id[p->n_qer++] = 1;
	/* UP -> CP: router solicitations, the same CHOOSE ID. */
	p = sample_pdr(m, 3, 1000, PFCP_IFACE_ACCESS, 3, 1);
	p->pdi.n_sdf = 1;
	p->pdi.sdf[0].flags = PFCP_SDF_FD;
	p->pdi.sdf[0].fd.p = (const uint8_t *)sample_rs_filter;
	p->pdi.sdf[0].fd.len = sizeof(sample_rs_filter) - 1;
	/* CP -> UP: router advertisements from the CP function. */
	p = sample_pdr(m, 4, 1000, PFCP_IFACE_CP_FUNCTION, 4, 0);
	p->pdi.present &= ~PFCP_PDI_NET_INST;
	/* No gNB yet: buffer downlink and notify the CP function. */
	f = sample_far(m, 1, PFCP_AA_BUFF | PFCP_AA_NOCP, 0);
	f->present |= PFCP_FAR_BAR_ID;
	f->bar_id = 1;
	sample_far(m, 2, PFCP_AA_FORW, PFCP_IFACE_CORE);
	f = sample_far(m, 3, PFCP_AA_FORW, PFCP_IFACE_CP_FUNCTION);
	f->fwd.present |= PFCP_FWD_OHC;
	f->fwd.ohc.desc = PFCP_OHC_GTPU_V4;
	f->fwd.ohc.teid = 1;
	memcpy(f->fwd.ohc.v4, sample_cp_v4, 4);
	f = sample_far(m, 4, PFCP_AA_FORW, PFCP_IFACE_ACCESS);
	f->fwd.present |= PFCP_FWD_OHC;
	f->fwd.ohc.desc = PFCP_OHC_GTPU_V4;
	f->fwd.ohc.teid = 0x00000101;
	memcpy(f->fwd.ohc.v4, sample_gnb_v4, 4);
	m->n_create_qer = 1;
	m->create_qer[0].id = 1;
	m->create_qer[0].body.p = sample_qer_body;
	m->create_qer[0].body.len = sizeof(sample_qer_body);
	m->bar.id = 1;
	m->pdn_type = 1;	/* IPv4 */
	m->sereq_flags = 0;
}

/* Handover: the downlink FAR forwards to a new gNB. */
static inline void
sample_sess_mod_req(struct pfcp_msg *m)
{
	struct pfcp_far *f;

	pfcp_msg_init(m, PFCP_MSG_SESS_MOD_REQ, SAMPLE_UP_SEID, SAMPLE_SEQ);
	f = &m->update_far[m->n_update_far++];
	f->present = PFCP_FAR_ID | PFCP_FAR_APPLY_ACTION | PFCP_FAR_FWD;
	f->far_id = 1;
	f->apply_action = PFCP_AA_FORW;
	f->aa_len = 2;
	f->fwd.present = PFCP_FWD_OHC | PFCP_FWD_DST_IFACE;
	f->fwd.dst_iface = PFCP_IFACE_ACCESS;
	f->fwd.ohc.desc = PFCP_OHC_GTPU_V4;
	f->fwd.ohc.teid = 0x202;
	memcpy(f->fwd.ohc.v4, sample_gnb_v4, 4);
	m->update_pdr[0].present = PFCP_PDR_ID | PFCP_PDR_PRECEDENCE;
	m->update_pdr[0].pdr_id = 1;
	m->update_pdr[0].precedence = 200;
	m->n_update_pdr = 1;
	m->remove_pdr[m->n_remove_pdr++] = 4;
	m->remove_far[m->n_remove_far++] = 4;
	m->remove_urr[m->n_remove_urr++] = 9;
	m->remove_qer[m->n_remove_qer++] = 7;
}

static inline void
sample_sess_del_req(struct pfcp_msg *m)
{
	pfcp_msg_init(m, PFCP_MSG_SESS_DEL_REQ, SAMPLE_UP_SEID, SAMPLE_SEQ);
}

typedef void sample_build_fn(struct pfcp_msg *m);

/* One sample: @sent if srpgw sends it (checked with tshark). */
struct sample {
	const char		*name;
	sample_build_fn		*build;
	bool			sent;
};

static const struct sample samples[] = {
	{ "heartbeat_req", sample_heartbeat_req, true },
	{ "heartbeat_resp", sample_heartbeat_resp, true },
	{ "assoc_setup_req", sample_assoc_setup_req, true },
	{ "assoc_setup_resp", sample_assoc_setup_resp, true },
	{ "assoc_release_resp", sample_assoc_release_resp, true },
	{ "node_report_req", sample_node_report_req, true },
	{ "sess_est_resp", sample_sess_est_resp, true },
	{ "sess_est_resp_missing", sample_sess_est_resp_missing, true },
	{ "sess_est_resp_rule_fail", sample_sess_est_resp_rule_fail, true },
	{ "sess_mod_resp", sample_sess_mod_resp, true },
	{ "sess_mod_resp_not_found", sample_sess_mod_resp_not_found, true },
	{ "sess_del_resp", sample_sess_del_resp, true },
	{ "version_not_supp", sample_version_not_supp, true },
	{ "sess_report_req_uisr", sample_sess_report_req_uisr, true },
	{ "sess_est_req_open5gs", sample_sess_est_req, false },
	{ "sess_mod_req", sample_sess_mod_req, false },
	{ "sess_del_req", sample_sess_del_req, false },
};

#define N_SAMPLES	(sizeof(samples) / sizeof(samples[0]))

#endif /* PFCP_SAMPLE_H */
