/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-pfcpgen: builders of the SMF's requests and checks of the user
 * plane's responses (pure, over the PFCP codec). Context: generator thread.
 */
#include <string.h>

#include "pfcpgen_msg.h"

/* Network Instance "internet" as a DNS label, as Open5GS writes it. */
static const char pfcpgen_apn[] = "\x08internet";
/* The router solicitation filter of Open5GS's UP->CP PDR. */
static const char pfcpgen_rs_filter[] =
	"permit out 58 from ff02::2/128 to assigned";
/*
 * Create QER value (TS 29.244 Table 7.5.2.5-1): QER ID 1 (IE 109), Gate
 * Status UL/DL open (IE 25), MBR UL/DL 1048576 kbit/s in 5 octets each
 * (IE 26), QFI 1 (IE 124). Stored, not enforced, by srpgw.
 */
static const uint8_t pfcpgen_qer_body[] = {
	0x00, 0x6d, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x19, 0x00, 0x01, 0x00,
	0x00, 0x1a, 0x00, 0x0a, 0x00, 0x00, 0x10, 0x00, 0x00,
	0x00, 0x00, 0x10, 0x00, 0x00,
	0x00, 0x7c, 0x00, 0x01, 0x01,
};
#define PFCPGEN_QER_ID		1
#define PFCPGEN_BAR_ID		1
#define PFCPGEN_QFI		1
#define PFCPGEN_PREC_UE		255	/* uplink and downlink PDRs */
#define PFCPGEN_PREC_CP		1000	/* the PDRs to and from the CP */
/* TEID of the SMF's own GTP-U end (router solicitations go there). */
#define PFCPGEN_CP_TEID		1

static void
pfcpgen_put_v4(uint8_t *out, uint32_t host)
{
	out[0] = (uint8_t)(host >> 24);
	out[1] = (uint8_t)(host >> 16);
	out[2] = (uint8_t)(host >> 8);
	out[3] = (uint8_t)host;
}

static enum pfcp_err
pfcpgen_encode(struct pfcpgen_ctx *c, uint8_t *out, size_t cap, size_t *len)
{
	return pfcp_msg_encode(&c->msg, out, cap, len);
}

static void
pfcpgen_node_id(struct pfcpgen_ctx *c)
{
	c->msg.present |= PFCP_F_NODE_ID;
	c->msg.node_id.type = PFCP_NODE_ID_IPV4;
	memcpy(c->msg.node_id.v4, c->cp_v4, 4);
}

enum pfcp_err
pfcpgen_assoc_req(struct pfcpgen_ctx *c, uint32_t seq, bool cp_features,
		  uint8_t *out, size_t cap, size_t *len)
{
	pfcp_msg_init(&c->msg, PFCP_MSG_ASSOC_SETUP_REQ, 0, seq);
	pfcpgen_node_id(c);
	c->msg.present |= PFCP_F_RECOVERY_TS;
	c->msg.recovery_ts = c->recovery_ts;
	if (cp_features) {
		c->msg.present |= PFCP_F_CP_FEATURES;
		c->msg.cp_features_len = 1;
	}
	return pfcpgen_encode(c, out, cap, len);
}

/* One Create PDR with its PDI: source @src, Network Instance unless CP. */
static struct pfcp_pdr *
pfcpgen_pdr(struct pfcp_msg *m, uint16_t id, uint32_t prec, uint8_t src)
{
	struct pfcp_pdr *p = &m->create_pdr[m->n_create_pdr++];

	p->present = PFCP_PDR_ID | PFCP_PDR_PRECEDENCE | PFCP_PDR_PDI |
		     PFCP_PDR_FAR_ID;
	p->pdr_id = id;
	p->precedence = prec;
	p->far_id = id;		/* one FAR per PDR, same numbers */
	p->pdi.present = PFCP_PDI_SRC_IFACE;
	p->pdi.src_iface = src;
	if (src != PFCP_IFACE_CP_FUNCTION) {
		p->pdi.present |= PFCP_PDI_NET_INST;
		p->pdi.net_inst.p = (const uint8_t *)pfcpgen_apn;
		p->pdi.net_inst.len = sizeof(pfcpgen_apn) - 1;
	}
	return p;
}

/* Access PDR whose F-TEID the user plane chooses (CH=1, CHOOSE ID). */
static void
pfcpgen_pdr_choose(struct pfcp_pdr *p)
{
	p->pdi.present |= PFCP_PDI_FTEID;
	p->pdi.fteid.flags = PFCP_FTEID_CH | PFCP_FTEID_CHID | PFCP_FTEID_V4;
	p->pdi.fteid.choose_id = PFCPGEN_CHOOSE_ID;
	p->present |= PFCP_PDR_OHR;
	p->ohr_desc = PFCP_OHR_GTPU_UDP_IPV4;
}

/* One Create FAR; FORW gets Forwarding Parameters to @dst. */
static struct pfcp_far *
pfcpgen_far(struct pfcp_msg *m, uint32_t id, uint16_t action, uint8_t dst)
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

static void
pfcpgen_ohc_v4(struct pfcp_fwd *fwd, const uint8_t v4[4], uint32_t teid)
{
	fwd->present |= PFCP_FWD_OHC;
	fwd->ohc.desc = PFCP_OHC_GTPU_V4;
	fwd->ohc.teid = teid;
	memcpy(fwd->ohc.v4, v4, 4);
}

enum pfcp_err
pfcpgen_est_req(struct pfcpgen_ctx *c, uint32_t idx, uint32_t seq,
		uint8_t *out, size_t cap, size_t *len)
{
	struct pfcp_msg *m = &c->msg;
	struct pfcp_pdr *p;
	struct pfcp_far *f;

	/* Header SEID 0: the user plane has no SEID for it yet (7.2.2.4.2). */
	pfcp_msg_init(m, PFCP_MSG_SESS_EST_REQ, 0, seq);
	pfcpgen_node_id(c);
	m->present |= PFCP_F_FSEID | PFCP_F_BAR | PFCP_F_PDN_TYPE;
	m->fseid.flags = PFCP_FSEID_V4;
	m->fseid.seid = pfcpgen_cp_seid(c, idx);
	memcpy(m->fseid.v4, c->cp_v4, 4);

	p = pfcpgen_pdr(m, PFCPGEN_PDR_DL, PFCPGEN_PREC_UE, PFCP_IFACE_CORE);
	p->pdi.present |= PFCP_PDI_UE_IP;
	p->pdi.ue_ip.flags = PFCP_UEIP_V4 | PFCP_UEIP_SD;
	pfcpgen_put_v4(p->pdi.ue_ip.v4, c->ue_base + idx);
	p->qer_id[p->n_qer++] = PFCPGEN_QER_ID;

	p = pfcpgen_pdr(m, PFCPGEN_PDR_UL, PFCPGEN_PREC_UE, PFCP_IFACE_ACCESS);
	pfcpgen_pdr_choose(p);
	p->pdi.present |= PFCP_PDI_QFI;
	p->pdi.qfi = PFCPGEN_QFI;
	p->qer_id[p->n_qer++] = PFCPGEN_QER_ID;

	p = pfcpgen_pdr(m, PFCPGEN_PDR_UL_CP, PFCPGEN_PREC_CP,
			PFCP_IFACE_ACCESS);
	pfcpgen_pdr_choose(p);
	p->pdi.n_sdf = 1;
	p->pdi.sdf[0].flags = PFCP_SDF_FD;
	p->pdi.sdf[0].fd.p = (const uint8_t *)pfcpgen_rs_filter;
	p->pdi.sdf[0].fd.len = sizeof(pfcpgen_rs_filter) - 1;

	pfcpgen_pdr(m, PFCPGEN_PDR_DL_CP, PFCPGEN_PREC_CP,
		    PFCP_IFACE_CP_FUNCTION);

	/* No gNB F-TEID yet: buffer downlink and tell the CP function. */
	f = pfcpgen_far(m, PFCPGEN_PDR_DL, PFCP_AA_BUFF | PFCP_AA_NOCP, 0);
	f->present |= PFCP_FAR_BAR_ID;
	f->bar_id = PFCPGEN_BAR_ID;
	pfcpgen_far(m, PFCPGEN_PDR_UL, PFCP_AA_FORW, PFCP_IFACE_CORE);
	f = pfcpgen_far(m, PFCPGEN_PDR_UL_CP, PFCP_AA_FORW,
			PFCP_IFACE_CP_FUNCTION);
	pfcpgen_ohc_v4(&f->fwd, c->cp_v4, PFCPGEN_CP_TEID);
	pfcpgen_far(m, PFCPGEN_PDR_DL_CP, PFCP_AA_FORW, PFCP_IFACE_ACCESS);

	m->n_create_qer = 1;
	m->create_qer[0].id = PFCPGEN_QER_ID;
	m->create_qer[0].body.p = pfcpgen_qer_body;
	m->create_qer[0].body.len = sizeof(pfcpgen_qer_body);
	m->bar.id = PFCPGEN_BAR_ID;
	m->pdn_type = 1;	/* IPv4 (section 8.2.79) */
	return pfcpgen_encode(c, out, cap, len);
}

enum pfcp_err
pfcpgen_mod_req(struct pfcpgen_ctx *c, uint32_t idx, uint64_t up_seid,
		uint32_t seq, uint8_t *out, size_t cap, size_t *len)
{
	struct pfcp_msg *m = &c->msg;
	struct pfcp_far *f;

	pfcp_msg_init(m, PFCP_MSG_SESS_MOD_REQ, up_seid, seq);
	f = &m->update_far[m->n_update_far++];
	f->present = PFCP_FAR_ID | PFCP_FAR_APPLY_ACTION | PFCP_FAR_FWD;
	f->far_id = PFCPGEN_PDR_DL;
	f->apply_action = PFCP_AA_FORW;
	f->aa_len = 2;
	f->fwd.present = PFCP_FWD_DST_IFACE;
	f->fwd.dst_iface = PFCP_IFACE_ACCESS;
	pfcpgen_ohc_v4(&f->fwd, c->gnb_v4, c->gnb_teid_base + idx);
	return pfcpgen_encode(c, out, cap, len);
}

enum pfcp_err
pfcpgen_del_req(struct pfcpgen_ctx *c, uint64_t up_seid, uint32_t seq,
		uint8_t *out, size_t cap, size_t *len)
{
	pfcp_msg_init(&c->msg, PFCP_MSG_SESS_DEL_REQ, up_seid, seq);
	return pfcpgen_encode(c, out, cap, len);
}

enum pfcp_err
pfcpgen_hb_resp(struct pfcpgen_ctx *c, uint32_t seq, uint8_t *out,
		size_t cap, size_t *len)
{
	pfcp_msg_init(&c->msg, PFCP_MSG_HEARTBEAT_RESP, 0, seq);
	c->msg.present = PFCP_F_RECOVERY_TS;
	c->msg.recovery_ts = c->recovery_ts;
	return pfcpgen_encode(c, out, cap, len);
}

enum pfcpgen_verdict
pfcpgen_assoc_check(const struct pfcp_msg *m)
{
	if (m->cause != PFCP_CAUSE_ACCEPTED)
		return PFCPGEN_REFUSED;
	if (!(m->present & PFCP_F_NODE_ID) ||
	    !(m->present & PFCP_F_UP_FEATURES) || m->up_features_len < 1 ||
	    !(m->up_features[0] & PFCP_UPF_F5_FTUP))
		return PFCPGEN_BAD;
	return PFCPGEN_ACCEPTED;
}

/* The Created PDR of @pdr_id with an IPv4 F-TEID, or NULL. */
static const struct pfcp_fteid *
pfcpgen_created_fteid(const struct pfcp_msg *m, uint16_t pdr_id)
{
	unsigned int i;

	for (i = 0; i < m->n_created_pdr; i++) {
		const struct pfcp_created_pdr *cp = &m->created_pdr[i];

		if (cp->pdr_id != pdr_id)
			continue;
		if (!cp->has_fteid || !(cp->fteid.flags & PFCP_FTEID_V4) ||
		    (cp->fteid.flags & PFCP_FTEID_CH))
			return NULL;
		return &cp->fteid;
	}
	return NULL;
}

enum pfcpgen_verdict
pfcpgen_est_check(const struct pfcpgen_ctx *c, uint32_t idx,
		  const struct pfcp_msg *m, struct pfcpgen_est_result *res)
{
	const struct pfcp_fteid *ul, *ul_cp;

	if (m->cause != PFCP_CAUSE_ACCEPTED)
		return PFCPGEN_REFUSED;
	if (m->hdr.seid != pfcpgen_cp_seid(c, idx) ||
	    !(m->present & PFCP_F_FSEID) || m->fseid.seid == 0 ||
	    !(m->fseid.flags & PFCP_FSEID_V4))
		return PFCPGEN_BAD;
	ul = pfcpgen_created_fteid(m, PFCPGEN_PDR_UL);
	ul_cp = pfcpgen_created_fteid(m, PFCPGEN_PDR_UL_CP);
	if (ul == NULL || ul_cp == NULL || ul->teid == 0 ||
	    ul->teid != ul_cp->teid || memcmp(ul->v4, ul_cp->v4, 4) != 0)
		return PFCPGEN_BAD;
	res->up_seid = m->fseid.seid;
	res->ul_teid = ul->teid;
	memcpy(res->ul_v4, ul->v4, 4);
	return PFCPGEN_ACCEPTED;
}

enum pfcpgen_verdict
pfcpgen_cause_check(const struct pfcpgen_ctx *c, uint32_t idx,
		    const struct pfcp_msg *m)
{
	if (m->cause != PFCP_CAUSE_ACCEPTED)
		return PFCPGEN_REFUSED;
	if (m->hdr.seid != pfcpgen_cp_seid(c, idx))
		return PFCPGEN_BAD;
	return PFCPGEN_ACCEPTED;
}
