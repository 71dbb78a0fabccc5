/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PFCP messages: header decode and encode, the table of message types with
 * the IEs each may carry and must carry, the top-level IE walk and the
 * encoder, error names and the cause each error is answered with.
 * Pure. Context: any.
 */
#include <string.h>

#include "pfcp_codec_int.h"

#define MSG_IES_MAX	24

/* What a message type carries (TS 29.244 clause 7.4 and 7.5 tables). */
struct msg_def {
	const char	*name;
	uint16_t	allowed[MSG_IES_MAX];	/* 0-terminated */
	uint16_t	mandatory[4];		/* 0-terminated */
	bool		seid;
};

#define SESS_REQ_RULES \
	PFCP_IE_CREATE_PDR, PFCP_IE_CREATE_FAR, PFCP_IE_CREATE_URR, \
	PFCP_IE_CREATE_QER, PFCP_IE_CREATE_BAR

static const struct msg_def msg_defs[] = {
	[PFCP_MSG_HEARTBEAT_REQ] = { "heartbeat_req",
		{ PFCP_IE_RECOVERY_TS }, { PFCP_IE_RECOVERY_TS }, false },
	[PFCP_MSG_HEARTBEAT_RESP] = { "heartbeat_resp",
		{ PFCP_IE_RECOVERY_TS }, { PFCP_IE_RECOVERY_TS }, false },
	[PFCP_MSG_ASSOC_SETUP_REQ] = { "assoc_setup_req",
		{ PFCP_IE_NODE_ID, PFCP_IE_RECOVERY_TS, PFCP_IE_UP_FEATURES,
		  PFCP_IE_CP_FEATURES, PFCP_IE_SESS_RETENTION_INFO },
		{ PFCP_IE_NODE_ID, PFCP_IE_RECOVERY_TS }, false },
	[PFCP_MSG_ASSOC_SETUP_RESP] = { "assoc_setup_resp",
		{ PFCP_IE_NODE_ID, PFCP_IE_CAUSE, PFCP_IE_RECOVERY_TS,
		  PFCP_IE_UP_FEATURES, PFCP_IE_CP_FEATURES,
		  PFCP_IE_PFCPASRSP_FLAGS },
		{ PFCP_IE_NODE_ID, PFCP_IE_CAUSE, PFCP_IE_RECOVERY_TS },
		false },
	[PFCP_MSG_ASSOC_RELEASE_REQ] = { "assoc_release_req",
		{ PFCP_IE_NODE_ID }, { PFCP_IE_NODE_ID }, false },
	[PFCP_MSG_ASSOC_RELEASE_RESP] = { "assoc_release_resp",
		{ PFCP_IE_NODE_ID, PFCP_IE_CAUSE },
		{ PFCP_IE_NODE_ID, PFCP_IE_CAUSE }, false },
	[PFCP_MSG_VERSION_NOT_SUPP] = { "version_not_supported", { 0 },
		{ 0 }, false },
	[PFCP_MSG_NODE_REPORT_REQ] = { "node_report_req",
		{ PFCP_IE_NODE_ID, PFCP_IE_NODE_REPORT_TYPE },
		{ PFCP_IE_NODE_ID, PFCP_IE_NODE_REPORT_TYPE }, false },
	[PFCP_MSG_NODE_REPORT_RESP] = { "node_report_resp",
		{ PFCP_IE_NODE_ID, PFCP_IE_CAUSE, PFCP_IE_OFFENDING_IE },
		{ PFCP_IE_NODE_ID, PFCP_IE_CAUSE }, false },
	[PFCP_MSG_SESS_EST_REQ] = { "session_establishment_req",
		{ PFCP_IE_NODE_ID, PFCP_IE_F_SEID, SESS_REQ_RULES,
		  PFCP_IE_PDN_TYPE, PFCP_IE_PFCPSEREQ_FLAGS },
		{ PFCP_IE_NODE_ID, PFCP_IE_F_SEID, PFCP_IE_CREATE_PDR,
		  PFCP_IE_CREATE_FAR }, true },
	[PFCP_MSG_SESS_EST_RESP] = { "session_establishment_resp",
		{ PFCP_IE_NODE_ID, PFCP_IE_CAUSE, PFCP_IE_OFFENDING_IE,
		  PFCP_IE_F_SEID, PFCP_IE_CREATED_PDR,
		  PFCP_IE_FAILED_RULE_ID },
		{ PFCP_IE_NODE_ID, PFCP_IE_CAUSE }, true },
	[PFCP_MSG_SESS_MOD_REQ] = { "session_modification_req",
		{ PFCP_IE_F_SEID, PFCP_IE_REMOVE_PDR, PFCP_IE_REMOVE_FAR,
		  PFCP_IE_REMOVE_URR, PFCP_IE_REMOVE_QER, SESS_REQ_RULES,
		  PFCP_IE_UPDATE_PDR, PFCP_IE_UPDATE_FAR,
		  PFCP_IE_PFCPSMREQ_FLAGS },
		{ 0 }, true },
	[PFCP_MSG_SESS_MOD_RESP] = { "session_modification_resp",
		{ PFCP_IE_CAUSE, PFCP_IE_OFFENDING_IE, PFCP_IE_CREATED_PDR,
		  PFCP_IE_FAILED_RULE_ID },
		{ PFCP_IE_CAUSE }, true },
	[PFCP_MSG_SESS_DEL_REQ] = { "session_deletion_req", { 0 }, { 0 },
		true },
	[PFCP_MSG_SESS_DEL_RESP] = { "session_deletion_resp",
		{ PFCP_IE_CAUSE, PFCP_IE_OFFENDING_IE },
		{ PFCP_IE_CAUSE }, true },
	[PFCP_MSG_SESS_REPORT_REQ] = { "session_report_req",
		{ PFCP_IE_REPORT_TYPE }, { PFCP_IE_REPORT_TYPE }, true },
	[PFCP_MSG_SESS_REPORT_RESP] = { "session_report_resp",
		{ PFCP_IE_CAUSE, PFCP_IE_OFFENDING_IE },
		{ PFCP_IE_CAUSE }, true },
};

#define N_MSG_DEFS	(sizeof(msg_defs) / sizeof(msg_defs[0]))

static const struct msg_def *
msg_def_get(uint8_t type)
{
	if (type >= N_MSG_DEFS || msg_defs[type].name == NULL)
		return NULL;
	return &msg_defs[type];
}

static bool
ie_in(const uint16_t *list, size_t n, uint16_t type)
{
	size_t i;

	for (i = 0; i < n && list[i] != 0; i++)
		if (list[i] == type)
			return true;
	return false;
}

bool
pfcp_msg_type_has_seid(uint8_t type)
{
	const struct msg_def *d = msg_def_get(type);

	return d != NULL && d->seid;
}

bool
pfcp_msg_type_is_request(uint8_t type)
{
	switch (type) {
	case PFCP_MSG_HEARTBEAT_REQ:
	case PFCP_MSG_ASSOC_SETUP_REQ:
	case PFCP_MSG_ASSOC_RELEASE_REQ:
	case PFCP_MSG_NODE_REPORT_REQ:
	case PFCP_MSG_SESS_EST_REQ:
	case PFCP_MSG_SESS_MOD_REQ:
	case PFCP_MSG_SESS_DEL_REQ:
	case PFCP_MSG_SESS_REPORT_REQ:
		return true;
	default:
		return false;
	}
}

const char *
pfcp_msg_type_name(uint8_t type)
{
	const struct msg_def *d = msg_def_get(type);

	return d != NULL ? d->name : "unknown";
}

enum pfcp_err
pfcp_hdr_decode(const uint8_t *buf, size_t len, struct pfcp_hdr *hdr)
{
	const struct msg_def *d;
	size_t hlen;

	memset(hdr, 0, sizeof(*hdr));
	if (len < PFCP_HDR_FIXED_LEN)
		return PFCP_E_SHORT;
	hdr->version = buf[0] >> PFCP_HDR_VERSION_SHIFT;
	hdr->fo = (buf[0] & PFCP_HDR_F_FO) != 0;
	hdr->mp = (buf[0] & PFCP_HDR_F_MP) != 0;
	hdr->has_seid = (buf[0] & PFCP_HDR_F_S) != 0;
	hdr->type = buf[1];
	hdr->msg_len = (uint16_t)(PFCP_HDR_FIXED_LEN + pfcp_get_u16(buf + 2));
	hlen = hdr->has_seid ? PFCP_HDR_SESS_LEN : PFCP_HDR_NODE_LEN;
	if (len >= hlen) {
		hdr->seq = pfcp_get_u24(buf + hlen - 4);
		if (hdr->has_seid) {
			hdr->seid = pfcp_get_u64(buf + 4);
			if (hdr->mp)
				hdr->prio = buf[15] >> PFCP_HDR_PRIO_SHIFT;
		}
	}
	/* Section 7.2.2.1: answer other versions with Version Not Supported. */
	if (hdr->version != PFCP_VERSION)
		return PFCP_E_VERSION;
	if (len < hlen)
		return PFCP_E_SHORT;
	if ((uint32_t)PFCP_HDR_FIXED_LEN + pfcp_get_u16(buf + 2) < hlen ||
	    hdr->msg_len > len || (!hdr->fo && hdr->msg_len != len))
		return PFCP_E_LEN;
	d = msg_def_get(hdr->type);
	if (d == NULL)
		return PFCP_E_TYPE;
	if (d->seid != hdr->has_seid)
		return PFCP_E_HDR;
	return PFCP_OK;
}

/* One top-level IE into @m. */
static enum pfcp_err
msg_get_ie(struct pfcp_msg *m, const struct pfcp_ie *ie,
	   struct pfcp_err_info *ei)
{
	enum pfcp_err err = PFCP_OK;
	uint32_t v = 0;

	switch (ie->type) {
	case PFCP_IE_CAUSE:
		err = pfcp_ie_get_uint(ie, 1, &v);
		m->cause = (uint8_t)v;
		m->present |= PFCP_F_CAUSE;
		break;
	case PFCP_IE_NODE_ID:
		err = pfcp_ie_get_node_id(ie, &m->node_id);
		m->present |= PFCP_F_NODE_ID;
		break;
	case PFCP_IE_RECOVERY_TS:
		err = pfcp_ie_get_uint(ie, 4, &m->recovery_ts);
		m->present |= PFCP_F_RECOVERY_TS;
		break;
	case PFCP_IE_UP_FEATURES:
		err = pfcp_ie_get_features(ie, m->up_features,
					   &m->up_features_len);
		m->present |= PFCP_F_UP_FEATURES;
		break;
	case PFCP_IE_CP_FEATURES:
		err = pfcp_ie_get_features(ie, m->cp_features,
					   &m->cp_features_len);
		m->present |= PFCP_F_CP_FEATURES;
		break;
	case PFCP_IE_F_SEID:
		err = pfcp_ie_get_fseid(ie, &m->fseid);
		m->present |= PFCP_F_FSEID;
		break;
	case PFCP_IE_OFFENDING_IE:
		err = pfcp_ie_get_uint(ie, 2, &v);
		m->offending_ie = (uint16_t)v;
		m->present |= PFCP_F_OFFENDING_IE;
		break;
	case PFCP_IE_FAILED_RULE_ID:
		err = pfcp_ie_get_failed_rule(ie, &m->failed_rule);
		m->present |= PFCP_F_FAILED_RULE;
		break;
	case PFCP_IE_PDN_TYPE:
		err = pfcp_ie_get_uint(ie, 1, &v);
		m->pdn_type = v & 0x07;
		m->present |= PFCP_F_PDN_TYPE;
		break;
	case PFCP_IE_PFCPSEREQ_FLAGS:
		err = pfcp_ie_get_uint(ie, 1, &v);
		m->sereq_flags = (uint8_t)v;
		m->present |= PFCP_F_SEREQ_FLAGS;
		break;
	case PFCP_IE_PFCPSMREQ_FLAGS:
		err = pfcp_ie_get_uint(ie, 1, &v);
		m->smreq_flags = (uint8_t)v;
		m->present |= PFCP_F_SMREQ_FLAGS;
		break;
	case PFCP_IE_NODE_REPORT_TYPE:
		err = pfcp_ie_get_uint(ie, 1, &v);
		m->node_report_type = (uint8_t)v;
		m->present |= PFCP_F_NODE_REPORT_TYPE;
		break;
	case PFCP_IE_REPORT_TYPE:
		err = pfcp_ie_get_uint(ie, 1, &v);
		m->report_type = (uint8_t)v;
		m->present |= PFCP_F_REPORT_TYPE;
		break;
	case PFCP_IE_SESS_RETENTION_INFO: {
		/* Grouped; only its presence matters to a user plane, but its
		 * IEs must still be framed right. */
		struct pfcp_ie sub;
		size_t off = 0;

		while (off < ie->len) {
			err = pfcp_ie_next(ie->v, ie->len, &off, &sub);
			if (err != PFCP_OK)
				return pfcp_ie_fail(ei, err, ie->type);
		}
		m->present |= PFCP_F_SESS_RETENTION;
		return PFCP_OK;
	}
	case PFCP_IE_PFCPASRSP_FLAGS:
		err = pfcp_ie_get_uint(ie, 1, &v);
		m->asrsp_flags = (uint8_t)v;
		m->present |= PFCP_F_ASRSP_FLAGS;
		break;
	case PFCP_IE_CREATE_BAR:
		m->present |= PFCP_F_BAR;
		return pfcp_rule_get_opaque(ie, PFCP_IE_BAR_ID, 1, &m->bar,
					    ei);
	case PFCP_IE_CREATE_PDR:
	case PFCP_IE_UPDATE_PDR: {
		bool create = ie->type == PFCP_IE_CREATE_PDR;
		uint8_t *n = create ? &m->n_create_pdr : &m->n_update_pdr;
		struct pfcp_pdr *a = create ? m->create_pdr : m->update_pdr;

		if (*n >= PFCP_MAX_PDR)
			return pfcp_ie_fail(ei, PFCP_E_TOO_MANY, ie->type);
		err = pfcp_rule_get_pdr(ie, create, &a[*n], ei);
		(*n)++;
		return err;
	}
	case PFCP_IE_CREATE_FAR:
	case PFCP_IE_UPDATE_FAR: {
		bool create = ie->type == PFCP_IE_CREATE_FAR;
		uint8_t *n = create ? &m->n_create_far : &m->n_update_far;
		struct pfcp_far *a = create ? m->create_far : m->update_far;

		if (*n >= PFCP_MAX_FAR)
			return pfcp_ie_fail(ei, PFCP_E_TOO_MANY, ie->type);
		err = pfcp_rule_get_far(ie, create, &a[*n], ei);
		(*n)++;
		return err;
	}
	case PFCP_IE_CREATED_PDR:
		if (m->n_created_pdr >= PFCP_MAX_PDR)
			return pfcp_ie_fail(ei, PFCP_E_TOO_MANY, ie->type);
		return pfcp_rule_get_created(ie,
			&m->created_pdr[m->n_created_pdr++], ei);
	case PFCP_IE_CREATE_URR:
		if (m->n_create_urr >= PFCP_MAX_URR)
			return pfcp_ie_fail(ei, PFCP_E_TOO_MANY, ie->type);
		return pfcp_rule_get_opaque(ie, PFCP_IE_URR_ID, 4,
			&m->create_urr[m->n_create_urr++], ei);
	case PFCP_IE_CREATE_QER:
		if (m->n_create_qer >= PFCP_MAX_QER)
			return pfcp_ie_fail(ei, PFCP_E_TOO_MANY, ie->type);
		return pfcp_rule_get_opaque(ie, PFCP_IE_QER_ID, 4,
			&m->create_qer[m->n_create_qer++], ei);
	case PFCP_IE_REMOVE_PDR:
		if (m->n_remove_pdr >= PFCP_MAX_PDR)
			return pfcp_ie_fail(ei, PFCP_E_TOO_MANY, ie->type);
		err = pfcp_rule_get_remove(ie, PFCP_IE_PDR_ID, 2, &v, ei);
		m->remove_pdr[m->n_remove_pdr++] = (uint16_t)v;
		return err;
	case PFCP_IE_REMOVE_FAR:
		if (m->n_remove_far >= PFCP_MAX_FAR)
			return pfcp_ie_fail(ei, PFCP_E_TOO_MANY, ie->type);
		return pfcp_rule_get_remove(ie, PFCP_IE_FAR_ID, 4,
			&m->remove_far[m->n_remove_far++], ei);
	case PFCP_IE_REMOVE_URR:
		if (m->n_remove_urr >= PFCP_MAX_URR)
			return pfcp_ie_fail(ei, PFCP_E_TOO_MANY, ie->type);
		return pfcp_rule_get_remove(ie, PFCP_IE_URR_ID, 4,
			&m->remove_urr[m->n_remove_urr++], ei);
	case PFCP_IE_REMOVE_QER:
		if (m->n_remove_qer >= PFCP_MAX_QER)
			return pfcp_ie_fail(ei, PFCP_E_TOO_MANY, ie->type);
		return pfcp_rule_get_remove(ie, PFCP_IE_QER_ID, 4,
			&m->remove_qer[m->n_remove_qer++], ei);
	default:
		m->n_unknown++;
		return PFCP_OK;
	}
	return err == PFCP_OK ? PFCP_OK : pfcp_ie_fail(ei, err, ie->type);
}

/* Whether @m carries the top-level IE @type (for the mandatory check). */
static bool
msg_has_ie(const struct pfcp_msg *m, uint16_t type)
{
	switch (type) {
	case PFCP_IE_CAUSE:
		return m->present & PFCP_F_CAUSE;
	case PFCP_IE_NODE_ID:
		return m->present & PFCP_F_NODE_ID;
	case PFCP_IE_RECOVERY_TS:
		return m->present & PFCP_F_RECOVERY_TS;
	case PFCP_IE_F_SEID:
		return m->present & PFCP_F_FSEID;
	case PFCP_IE_NODE_REPORT_TYPE:
		return m->present & PFCP_F_NODE_REPORT_TYPE;
	case PFCP_IE_REPORT_TYPE:
		return m->present & PFCP_F_REPORT_TYPE;
	case PFCP_IE_CREATE_PDR:
		return m->n_create_pdr > 0;
	case PFCP_IE_CREATE_FAR:
		return m->n_create_far > 0;
	default:
		return false;
	}
}

enum pfcp_err
pfcp_msg_decode(const uint8_t *buf, size_t len, struct pfcp_msg *m,
		struct pfcp_err_info *ei)
{
	struct pfcp_err_info local;
	const struct msg_def *d;
	struct pfcp_ie ie;
	enum pfcp_err err;
	size_t off, end;
	unsigned int i;

	if (ei == NULL)
		ei = &local;
	memset(ei, 0, sizeof(*ei));
	memset(m, 0, sizeof(*m));
	err = pfcp_hdr_decode(buf, len, &m->hdr);
	ei->msg_type = m->hdr.type;
	ei->seq = m->hdr.seq;
	if (err != PFCP_OK) {
		ei->err = err;
		goto out_fail;
	}
	d = msg_def_get(m->hdr.type);
	off = m->hdr.has_seid ? PFCP_HDR_SESS_LEN : PFCP_HDR_NODE_LEN;
	end = m->hdr.msg_len;
	while (off < end) {
		err = pfcp_ie_next(buf, end, &off, &ie);
		if (err != PFCP_OK) {
			pfcp_ie_fail(ei, err, ie.type);
			ei->top_type = ie.type;
			goto out_fail;
		}
		if (ie.vendor) {
			m->n_vendor++;
			continue;
		}
		if (!ie_in(d->allowed, MSG_IES_MAX, ie.type)) {
			m->n_unknown++;
			continue;
		}
		if (msg_get_ie(m, &ie, ei) != PFCP_OK) {
			ei->top_type = ie.type;
			goto out_fail;
		}
	}
	for (i = 0; i < 4 && d->mandatory[i] != 0; i++) {
		if (!msg_has_ie(m, d->mandatory[i])) {
			pfcp_ie_fail(ei, PFCP_E_MISSING, d->mandatory[i]);
			ei->top_type = d->mandatory[i];
			goto out_fail;
		}
	}
	return PFCP_OK;

out_fail:
	{
		struct pfcp_hdr hdr = m->hdr;

		memset(m, 0, sizeof(*m));
		m->hdr = hdr;
	}
	return ei->err;
}

void
pfcp_msg_init(struct pfcp_msg *m, uint8_t type, uint64_t seid, uint32_t seq)
{
	memset(m, 0, sizeof(*m));
	m->hdr.version = PFCP_VERSION;
	m->hdr.type = type;
	m->hdr.has_seid = pfcp_msg_type_has_seid(type);
	m->hdr.seid = seid;
	m->hdr.seq = seq;
}

/* Counts within the limits, so the encoder never reads past an array. */
static bool
msg_counts_ok(const struct pfcp_msg *m)
{
	unsigned int i;

	if (m->n_create_pdr > PFCP_MAX_PDR || m->n_update_pdr > PFCP_MAX_PDR ||
	    m->n_created_pdr > PFCP_MAX_PDR || m->n_remove_pdr > PFCP_MAX_PDR ||
	    m->n_create_far > PFCP_MAX_FAR || m->n_update_far > PFCP_MAX_FAR ||
	    m->n_remove_far > PFCP_MAX_FAR || m->n_create_urr > PFCP_MAX_URR ||
	    m->n_remove_urr > PFCP_MAX_URR || m->n_create_qer > PFCP_MAX_QER ||
	    m->n_remove_qer > PFCP_MAX_QER ||
	    m->up_features_len > PFCP_FEATURES_MAX ||
	    m->cp_features_len > PFCP_FEATURES_MAX)
		return false;
	for (i = 0; i < m->n_create_pdr; i++)
		if (m->create_pdr[i].pdi.n_sdf > PFCP_MAX_SDF ||
		    m->create_pdr[i].n_urr > PFCP_MAX_PDR_REFS ||
		    m->create_pdr[i].n_qer > PFCP_MAX_PDR_REFS)
			return false;
	for (i = 0; i < m->n_update_pdr; i++)
		if (m->update_pdr[i].pdi.n_sdf > PFCP_MAX_SDF ||
		    m->update_pdr[i].n_urr > PFCP_MAX_PDR_REFS ||
		    m->update_pdr[i].n_qer > PFCP_MAX_PDR_REFS)
			return false;
	return true;
}

static void
msg_put_hdr(struct pfcp_wbuf *w, const struct pfcp_msg *m, bool seid)
{
	uint8_t flags = PFCP_VERSION << PFCP_HDR_VERSION_SHIFT;

	if (seid)
		flags |= PFCP_HDR_F_S;
	if (seid && m->hdr.mp)
		flags |= PFCP_HDR_F_MP;
	pfcp_w_u8(w, flags);
	pfcp_w_u8(w, m->hdr.type);
	pfcp_w_u16(w, 0);
	if (seid)
		pfcp_w_u64(w, m->hdr.seid);
	pfcp_w_u24(w, m->hdr.seq);
	pfcp_w_u8(w, seid && m->hdr.mp ?
		  (uint8_t)(m->hdr.prio << PFCP_HDR_PRIO_SHIFT) : 0);
}

/* Single top-level IEs, in the order of the clause 7 tables. */
static void
msg_put_single(struct pfcp_wbuf *w, const struct pfcp_msg *m)
{
	if (m->present & PFCP_F_NODE_ID)
		pfcp_ie_put_node_id(w, &m->node_id);
	if (m->present & PFCP_F_CAUSE)
		pfcp_ie_put_u8(w, PFCP_IE_CAUSE, m->cause);
	if (m->present & PFCP_F_OFFENDING_IE)
		pfcp_ie_put_u16(w, PFCP_IE_OFFENDING_IE, m->offending_ie);
	if (m->present & PFCP_F_RECOVERY_TS)
		pfcp_ie_put_u32(w, PFCP_IE_RECOVERY_TS, m->recovery_ts);
	if (m->present & PFCP_F_NODE_REPORT_TYPE)
		pfcp_ie_put_u8(w, PFCP_IE_NODE_REPORT_TYPE,
			       m->node_report_type);
	if (m->present & PFCP_F_REPORT_TYPE)
		pfcp_ie_put_u8(w, PFCP_IE_REPORT_TYPE, m->report_type);
	if (m->present & PFCP_F_UP_FEATURES) {
		struct pfcp_bytes b = { m->up_features, m->up_features_len };

		pfcp_ie_put_bytes(w, PFCP_IE_UP_FEATURES, &b);
	}
	if (m->present & PFCP_F_CP_FEATURES) {
		struct pfcp_bytes b = { m->cp_features, m->cp_features_len };

		pfcp_ie_put_bytes(w, PFCP_IE_CP_FEATURES, &b);
	}
	if (m->present & PFCP_F_SESS_RETENTION) {
		/* Only the presence is kept: an empty group. */
		struct pfcp_bytes none = { NULL, 0 };

		pfcp_ie_put_bytes(w, PFCP_IE_SESS_RETENTION_INFO, &none);
	}
	if (m->present & PFCP_F_FSEID)
		pfcp_ie_put_fseid(w, &m->fseid);
}

static void
msg_put_rules(struct pfcp_wbuf *w, const struct pfcp_msg *m)
{
	unsigned int i;

	for (i = 0; i < m->n_remove_pdr; i++)
		pfcp_rule_put_remove(w, PFCP_IE_REMOVE_PDR, PFCP_IE_PDR_ID, 2,
				     m->remove_pdr[i]);
	for (i = 0; i < m->n_remove_far; i++)
		pfcp_rule_put_remove(w, PFCP_IE_REMOVE_FAR, PFCP_IE_FAR_ID, 4,
				     m->remove_far[i]);
	for (i = 0; i < m->n_remove_urr; i++)
		pfcp_rule_put_remove(w, PFCP_IE_REMOVE_URR, PFCP_IE_URR_ID, 4,
				     m->remove_urr[i]);
	for (i = 0; i < m->n_remove_qer; i++)
		pfcp_rule_put_remove(w, PFCP_IE_REMOVE_QER, PFCP_IE_QER_ID, 4,
				     m->remove_qer[i]);
	for (i = 0; i < m->n_create_pdr; i++)
		pfcp_rule_put_pdr(w, PFCP_IE_CREATE_PDR, &m->create_pdr[i]);
	for (i = 0; i < m->n_create_far; i++)
		pfcp_rule_put_far(w, PFCP_IE_CREATE_FAR, &m->create_far[i]);
	for (i = 0; i < m->n_create_urr; i++)
		pfcp_rule_put_opaque(w, PFCP_IE_CREATE_URR, PFCP_IE_URR_ID, 4,
				     &m->create_urr[i]);
	for (i = 0; i < m->n_create_qer; i++)
		pfcp_rule_put_opaque(w, PFCP_IE_CREATE_QER, PFCP_IE_QER_ID, 4,
				     &m->create_qer[i]);
	if (m->present & PFCP_F_BAR)
		pfcp_rule_put_opaque(w, PFCP_IE_CREATE_BAR, PFCP_IE_BAR_ID, 1,
				     &m->bar);
	for (i = 0; i < m->n_update_pdr; i++)
		pfcp_rule_put_pdr(w, PFCP_IE_UPDATE_PDR, &m->update_pdr[i]);
	for (i = 0; i < m->n_update_far; i++)
		pfcp_rule_put_far(w, PFCP_IE_UPDATE_FAR, &m->update_far[i]);
	for (i = 0; i < m->n_created_pdr; i++)
		pfcp_rule_put_created(w, &m->created_pdr[i]);
	if (m->present & PFCP_F_FAILED_RULE)
		pfcp_ie_put_failed_rule(w, &m->failed_rule);
	if (m->present & PFCP_F_PDN_TYPE)
		pfcp_ie_put_u8(w, PFCP_IE_PDN_TYPE, m->pdn_type);
	if (m->present & PFCP_F_SEREQ_FLAGS)
		pfcp_ie_put_u8(w, PFCP_IE_PFCPSEREQ_FLAGS, m->sereq_flags);
	if (m->present & PFCP_F_SMREQ_FLAGS)
		pfcp_ie_put_u8(w, PFCP_IE_PFCPSMREQ_FLAGS, m->smreq_flags);
	if (m->present & PFCP_F_ASRSP_FLAGS)
		pfcp_ie_put_u8(w, PFCP_IE_PFCPASRSP_FLAGS, m->asrsp_flags);
}

enum pfcp_err
pfcp_msg_encode(const struct pfcp_msg *m, uint8_t *out, size_t cap,
		size_t *out_len)
{
	struct pfcp_wbuf w = { .p = out, .cap = cap };
	const struct msg_def *d;
	size_t body;

	d = msg_def_get(m->hdr.type);
	if (d == NULL)
		return PFCP_E_TYPE;
	if (m->hdr.seq > PFCP_SEQ_MAX || m->hdr.prio > 15 ||
	    !msg_counts_ok(m))
		return PFCP_E_INVAL;
	msg_put_hdr(&w, m, d->seid);
	if (m->hdr.type != PFCP_MSG_VERSION_NOT_SUPP) {
		msg_put_single(&w, m);
		msg_put_rules(&w, m);
	}
	if (w.overflow)
		return PFCP_E_NOSPACE;
	body = w.len - PFCP_HDR_FIXED_LEN;
	if (body > 0xffff)
		return PFCP_E_INVAL;
	out[2] = (uint8_t)(body >> 8);
	out[3] = (uint8_t)body;
	*out_len = w.len;
	return PFCP_OK;
}

static const struct {
	const char	*name;
	const char	*str;
	uint8_t		cause;
} err_defs[PFCP_E_MAX] = {
	[PFCP_OK] = { "ok", "no error", 0 },
	[PFCP_E_SHORT] = { "short", "shorter than a PFCP header",
		PFCP_CAUSE_INVALID_LENGTH },
	[PFCP_E_VERSION] = { "version", "PFCP version not supported", 0 },
	[PFCP_E_LEN] = { "len", "message length disagrees with the datagram",
		PFCP_CAUSE_INVALID_LENGTH },
	[PFCP_E_HDR] = { "hdr", "S flag wrong for the message type",
		PFCP_CAUSE_REJECTED },
	[PFCP_E_TYPE] = { "type", "unknown message type", 0 },
	[PFCP_E_IE_TRUNC] = { "ie_trunc", "IE runs past its message or group",
		PFCP_CAUSE_INVALID_LENGTH },
	[PFCP_E_IE_LEN] = { "ie_len", "IE too short for its type",
		PFCP_CAUSE_MANDATORY_INCORRECT },
	[PFCP_E_IE_VALUE] = { "ie_value", "IE value out of range",
		PFCP_CAUSE_MANDATORY_INCORRECT },
	[PFCP_E_MISSING] = { "missing", "mandatory IE missing",
		PFCP_CAUSE_MANDATORY_MISSING },
	[PFCP_E_TOO_MANY] = { "too_many", "more rules than the codec holds",
		PFCP_CAUSE_NO_RESOURCES },
	[PFCP_E_NOSPACE] = { "nospace", "output buffer too small",
		PFCP_CAUSE_SYSTEM_FAILURE },
	[PFCP_E_INVAL] = { "inval", "invalid message to encode",
		PFCP_CAUSE_SYSTEM_FAILURE },
};

uint8_t
pfcp_err_cause(enum pfcp_err err)
{
	return (unsigned int)err < PFCP_E_MAX ? err_defs[err].cause : 0;
}

const char *
pfcp_err_name(enum pfcp_err err)
{
	return (unsigned int)err < PFCP_E_MAX ? err_defs[err].name : "unknown";
}

const char *
pfcp_err_str(enum pfcp_err err)
{
	return (unsigned int)err < PFCP_E_MAX ? err_defs[err].str :
		"unknown error";
}
