/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PFCP grouped rule IEs: Create/Update PDR with its PDI, Create/Update FAR
 * with its (Update) Forwarding Parameters, Created PDR, Remove PDR/FAR/URR/
 * QER, and Create URR/QER/BAR kept as opaque bodies with their id. Each
 * decoder walks the group's IEs with the same bounds checks as a message,
 * skips unknown and vendor IEs and checks the group's mandatory IEs.
 * Pure. Context: any.
 */
#include <string.h>

#include "pfcp_codec_int.h"

/* One-octet IE value under @mask. */
static enum pfcp_err
get_u8(const struct pfcp_ie *ie, uint8_t mask, uint8_t *dst)
{
	if (ie->len < 1)
		return PFCP_E_IE_LEN;
	*dst = ie->v[0] & mask;
	return PFCP_OK;
}

/* Network Instance: any octets, kept where they are. */
static enum pfcp_err
get_str(const struct pfcp_ie *ie, struct pfcp_bytes *b)
{
	b->p = ie->v;
	b->len = ie->len;
	return PFCP_OK;
}

/* Walk state of one group: next IE, or the error that stopped the walk. */
static enum pfcp_err
group_next(const struct pfcp_ie *grp, size_t *off, struct pfcp_ie *ie,
	   struct pfcp_err_info *ei)
{
	enum pfcp_err err;

	do {
		if (*off == grp->len)
			return PFCP_E_MAX;	/* end of the group */
		err = pfcp_ie_next(grp->v, grp->len, off, ie);
		if (err != PFCP_OK)
			return pfcp_ie_fail(ei, err, ie->type ? ie->type :
					    grp->type);
	} while (ie->vendor);
	return PFCP_OK;
}

/*
 * Walk a group: each IE goes through @body, which sets err and the
 * present bit it earns; the first error ends the walk, reported for the
 * IE (an inner group has already named its own IE).
 */
#define GROUP_WALK(grp, ei, present, body) do { \
	struct pfcp_ie ie; \
	enum pfcp_err gerr, err; \
	uint32_t bit; \
	size_t off = 0; \
	while ((gerr = group_next((grp), &off, &ie, (ei))) == PFCP_OK) { \
		err = PFCP_OK; \
		bit = 0; \
		body \
		if (err != PFCP_OK) \
			return pfcp_ie_fail((ei), err, ie.type); \
		(present) |= bit; \
	} \
	if (gerr != PFCP_E_MAX) \
		return gerr; \
} while (0)

static enum pfcp_err
get_pdi(const struct pfcp_ie *grp, struct pfcp_pdi *pdi,
	struct pfcp_err_info *ei)
{
	GROUP_WALK(grp, ei, pdi->present,
		switch (ie.type) {
		case PFCP_IE_SOURCE_IFACE:
			err = get_u8(&ie, 0x0f, &pdi->src_iface);
			bit = PFCP_PDI_SRC_IFACE;
			break;
		case PFCP_IE_F_TEID:
			err = pfcp_ie_get_fteid(&ie, &pdi->fteid);
			bit = PFCP_PDI_FTEID;
			break;
		case PFCP_IE_NETWORK_INSTANCE:
			err = get_str(&ie, &pdi->net_inst);
			bit = PFCP_PDI_NET_INST;
			break;
		case PFCP_IE_UE_IP_ADDR:
			err = pfcp_ie_get_ue_ip(&ie, &pdi->ue_ip);
			bit = PFCP_PDI_UE_IP;
			break;
		case PFCP_IE_SDF_FILTER:
			if (pdi->n_sdf == PFCP_MAX_SDF)
				err = PFCP_E_TOO_MANY;
			else
				err = pfcp_ie_get_sdf(&ie,
						      &pdi->sdf[pdi->n_sdf++]);
			break;
		case PFCP_IE_3GPP_IFACE_TYPE:
			err = get_u8(&ie, 0x3f, &pdi->iface_type);
			bit = PFCP_PDI_IFACE_TYPE;
			break;
		case PFCP_IE_QFI:
			err = get_u8(&ie, 0x3f, &pdi->qfi);
			bit = PFCP_PDI_QFI;
			break;
		default:
			break;
		}
	);
	if (!(pdi->present & PFCP_PDI_SRC_IFACE))
		return pfcp_ie_fail(ei, PFCP_E_MISSING, PFCP_IE_SOURCE_IFACE);
	return PFCP_OK;
}

/* Append a URR or QER id to a PDR's list. */
static enum pfcp_err
add_ref(const struct pfcp_ie *ie, uint32_t *ids, uint8_t *n)
{
	if (*n == PFCP_MAX_PDR_REFS)
		return PFCP_E_TOO_MANY;
	return pfcp_ie_get_uint(ie, 4, &ids[(*n)++]);
}

/* Outer Header Removal: description, optional extension deletion octet. */
static enum pfcp_err
get_ohr(const struct pfcp_ie *ie, struct pfcp_pdr *pdr)
{
	if (ie->len < 1)
		return PFCP_E_IE_LEN;
	pdr->ohr_desc = ie->v[0];
	if (ie->len >= 2) {
		pdr->ohr_ext = ie->v[1];
		pdr->present |= PFCP_PDR_OHR_EXT;
	}
	return PFCP_OK;
}

enum pfcp_err
pfcp_rule_get_pdr(const struct pfcp_ie *grp, bool create,
		  struct pfcp_pdr *pdr, struct pfcp_err_info *ei)
{
	uint32_t v = 0;

	GROUP_WALK(grp, ei, pdr->present,
		switch (ie.type) {
		case PFCP_IE_PDR_ID:
			err = pfcp_ie_get_uint(&ie, 2, &v);
			pdr->pdr_id = (uint16_t)v;
			bit = PFCP_PDR_ID;
			break;
		case PFCP_IE_PRECEDENCE:
			err = pfcp_ie_get_uint(&ie, 4, &pdr->precedence);
			bit = PFCP_PDR_PRECEDENCE;
			break;
		case PFCP_IE_PDI:
			err = get_pdi(&ie, &pdr->pdi, ei);
			bit = PFCP_PDR_PDI;
			break;
		case PFCP_IE_OUTER_HDR_REMOVAL:
			err = get_ohr(&ie, pdr);
			bit = PFCP_PDR_OHR;
			break;
		case PFCP_IE_FAR_ID:
			err = pfcp_ie_get_uint(&ie, 4, &pdr->far_id);
			bit = PFCP_PDR_FAR_ID;
			break;
		case PFCP_IE_URR_ID:
			err = add_ref(&ie, pdr->urr_id, &pdr->n_urr);
			break;
		case PFCP_IE_QER_ID:
			err = add_ref(&ie, pdr->qer_id, &pdr->n_qer);
			break;
		default:
			break;
		}
	);
	if (!(pdr->present & PFCP_PDR_ID))
		return pfcp_ie_fail(ei, PFCP_E_MISSING, PFCP_IE_PDR_ID);
	if (create && !(pdr->present & PFCP_PDR_PDI))
		return pfcp_ie_fail(ei, PFCP_E_MISSING, PFCP_IE_PDI);
	return PFCP_OK;
}

static void
put_pdi(struct pfcp_wbuf *w, const struct pfcp_pdi *pdi)
{
	size_t at = pfcp_ie_begin(w, PFCP_IE_PDI);
	unsigned int i;

	if (pdi->present & PFCP_PDI_SRC_IFACE)
		pfcp_ie_put_u8(w, PFCP_IE_SOURCE_IFACE, pdi->src_iface);
	if (pdi->present & PFCP_PDI_FTEID)
		pfcp_ie_put_fteid(w, &pdi->fteid);
	if (pdi->present & PFCP_PDI_NET_INST)
		pfcp_ie_put_bytes(w, PFCP_IE_NETWORK_INSTANCE, &pdi->net_inst);
	if (pdi->present & PFCP_PDI_UE_IP)
		pfcp_ie_put_ue_ip(w, &pdi->ue_ip);
	for (i = 0; i < pdi->n_sdf && i < PFCP_MAX_SDF; i++)
		pfcp_ie_put_sdf(w, &pdi->sdf[i]);
	if (pdi->present & PFCP_PDI_IFACE_TYPE)
		pfcp_ie_put_u8(w, PFCP_IE_3GPP_IFACE_TYPE, pdi->iface_type);
	if (pdi->present & PFCP_PDI_QFI)
		pfcp_ie_put_u8(w, PFCP_IE_QFI, pdi->qfi);
	pfcp_ie_end(w, at);
}

void
pfcp_rule_put_pdr(struct pfcp_wbuf *w, uint16_t type,
		  const struct pfcp_pdr *pdr)
{
	size_t at = pfcp_ie_begin(w, type);
	unsigned int i;

	if (pdr->present & PFCP_PDR_ID)
		pfcp_ie_put_u16(w, PFCP_IE_PDR_ID, pdr->pdr_id);
	if (pdr->present & PFCP_PDR_PRECEDENCE)
		pfcp_ie_put_u32(w, PFCP_IE_PRECEDENCE, pdr->precedence);
	if (pdr->present & PFCP_PDR_PDI)
		put_pdi(w, &pdr->pdi);
	if (pdr->present & PFCP_PDR_OHR) {
		size_t o = pfcp_ie_begin(w, PFCP_IE_OUTER_HDR_REMOVAL);

		pfcp_w_u8(w, pdr->ohr_desc);
		if (pdr->present & PFCP_PDR_OHR_EXT)
			pfcp_w_u8(w, pdr->ohr_ext);
		pfcp_ie_end(w, o);
	}
	if (pdr->present & PFCP_PDR_FAR_ID)
		pfcp_ie_put_u32(w, PFCP_IE_FAR_ID, pdr->far_id);
	for (i = 0; i < pdr->n_urr && i < PFCP_MAX_PDR_REFS; i++)
		pfcp_ie_put_u32(w, PFCP_IE_URR_ID, pdr->urr_id[i]);
	for (i = 0; i < pdr->n_qer && i < PFCP_MAX_PDR_REFS; i++)
		pfcp_ie_put_u32(w, PFCP_IE_QER_ID, pdr->qer_id[i]);
	pfcp_ie_end(w, at);
}

static enum pfcp_err
get_fwd(const struct pfcp_ie *grp, bool create, struct pfcp_fwd *fwd,
	struct pfcp_err_info *ei)
{
	GROUP_WALK(grp, ei, fwd->present,
		switch (ie.type) {
		case PFCP_IE_DEST_IFACE:
			err = get_u8(&ie, 0x0f, &fwd->dst_iface);
			bit = PFCP_FWD_DST_IFACE;
			break;
		case PFCP_IE_NETWORK_INSTANCE:
			err = get_str(&ie, &fwd->net_inst);
			bit = PFCP_FWD_NET_INST;
			break;
		case PFCP_IE_OUTER_HDR_CREATION:
			err = pfcp_ie_get_ohc(&ie, &fwd->ohc);
			bit = PFCP_FWD_OHC;
			break;
		case PFCP_IE_3GPP_IFACE_TYPE:
			err = get_u8(&ie, 0x3f, &fwd->iface_type);
			bit = PFCP_FWD_IFACE_TYPE;
			break;
		default:
			break;
		}
	);
	if (create && !(fwd->present & PFCP_FWD_DST_IFACE))
		return pfcp_ie_fail(ei, PFCP_E_MISSING, PFCP_IE_DEST_IFACE);
	return PFCP_OK;
}

/* Apply Action: one octet before Release 16, two since. */
static enum pfcp_err
get_apply_action(const struct pfcp_ie *ie, struct pfcp_far *far)
{
	if (ie->len < 1)
		return PFCP_E_IE_LEN;
	far->apply_action = ie->v[0];
	far->aa_len = 1;
	if (ie->len >= 2) {
		far->apply_action |= (uint16_t)(ie->v[1] << 8);
		far->aa_len = 2;
	}
	return PFCP_OK;
}

enum pfcp_err
pfcp_rule_get_far(const struct pfcp_ie *grp, bool create,
		  struct pfcp_far *far, struct pfcp_err_info *ei)
{
	uint16_t fwd_type = create ? PFCP_IE_FWD_PARAMS :
				     PFCP_IE_UPD_FWD_PARAMS;

	GROUP_WALK(grp, ei, far->present,
		if (ie.type == fwd_type) {
			err = get_fwd(&ie, create, &far->fwd, ei);
			bit = PFCP_FAR_FWD;
		} else if (ie.type == PFCP_IE_FAR_ID) {
			err = pfcp_ie_get_uint(&ie, 4, &far->far_id);
			bit = PFCP_FAR_ID;
		} else if (ie.type == PFCP_IE_APPLY_ACTION) {
			err = get_apply_action(&ie, far);
			bit = PFCP_FAR_APPLY_ACTION;
		} else if (ie.type == PFCP_IE_BAR_ID) {
			err = get_u8(&ie, 0xff, &far->bar_id);
			bit = PFCP_FAR_BAR_ID;
		}
	);
	if (!(far->present & PFCP_FAR_ID))
		return pfcp_ie_fail(ei, PFCP_E_MISSING, PFCP_IE_FAR_ID);
	if (create && !(far->present & PFCP_FAR_APPLY_ACTION))
		return pfcp_ie_fail(ei, PFCP_E_MISSING, PFCP_IE_APPLY_ACTION);
	return PFCP_OK;
}

static void
put_fwd(struct pfcp_wbuf *w, uint16_t type, const struct pfcp_fwd *fwd)
{
	size_t at = pfcp_ie_begin(w, type);

	if (fwd->present & PFCP_FWD_DST_IFACE)
		pfcp_ie_put_u8(w, PFCP_IE_DEST_IFACE, fwd->dst_iface);
	if (fwd->present & PFCP_FWD_NET_INST)
		pfcp_ie_put_bytes(w, PFCP_IE_NETWORK_INSTANCE, &fwd->net_inst);
	if (fwd->present & PFCP_FWD_OHC)
		pfcp_ie_put_ohc(w, &fwd->ohc);
	if (fwd->present & PFCP_FWD_IFACE_TYPE)
		pfcp_ie_put_u8(w, PFCP_IE_3GPP_IFACE_TYPE, fwd->iface_type);
	pfcp_ie_end(w, at);
}

void
pfcp_rule_put_far(struct pfcp_wbuf *w, uint16_t type,
		  const struct pfcp_far *far)
{
	size_t at = pfcp_ie_begin(w, type);

	if (far->present & PFCP_FAR_ID)
		pfcp_ie_put_u32(w, PFCP_IE_FAR_ID, far->far_id);
	if (far->present & PFCP_FAR_APPLY_ACTION) {
		if (far->aa_len == 1)
			pfcp_ie_put_u8(w, PFCP_IE_APPLY_ACTION,
				       (uint8_t)far->apply_action);
		else
			pfcp_ie_put_u16(w, PFCP_IE_APPLY_ACTION,
					(uint16_t)(far->apply_action << 8 |
						   far->apply_action >> 8));
	}
	if (far->present & PFCP_FAR_FWD)
		put_fwd(w, type == PFCP_IE_CREATE_FAR ? PFCP_IE_FWD_PARAMS :
			PFCP_IE_UPD_FWD_PARAMS, &far->fwd);
	if (far->present & PFCP_FAR_BAR_ID)
		pfcp_ie_put_u8(w, PFCP_IE_BAR_ID, far->bar_id);
	pfcp_ie_end(w, at);
}

/* Find the id IE of @id_type in a group (the first wins); required. */
static enum pfcp_err
get_group_id(const struct pfcp_ie *grp, uint16_t id_type, size_t id_len,
	     uint32_t *id, struct pfcp_err_info *ei)
{
	uint32_t found = 0;

	GROUP_WALK(grp, ei, found,
		if (ie.type == id_type && !found) {
			err = pfcp_ie_get_uint(&ie, id_len, id);
			bit = 1;
		}
	);
	if (!found)
		return pfcp_ie_fail(ei, PFCP_E_MISSING, id_type);
	return PFCP_OK;
}

enum pfcp_err
pfcp_rule_get_opaque(const struct pfcp_ie *grp, uint16_t id_type,
		     size_t id_len, struct pfcp_opaque_rule *r,
		     struct pfcp_err_info *ei)
{
	if (get_group_id(grp, id_type, id_len, &r->id, ei) != PFCP_OK)
		return ei->err;
	r->body.p = grp->v;
	r->body.len = grp->len;
	return PFCP_OK;
}

/* An id IE of @id_len octets (1, 2 or 4). */
static void
put_id(struct pfcp_wbuf *w, uint16_t id_type, size_t id_len, uint32_t id)
{
	if (id_len == 1)
		pfcp_ie_put_u8(w, id_type, (uint8_t)id);
	else if (id_len == 2)
		pfcp_ie_put_u16(w, id_type, (uint16_t)id);
	else
		pfcp_ie_put_u32(w, id_type, id);
}

void
pfcp_rule_put_opaque(struct pfcp_wbuf *w, uint16_t type, uint16_t id_type,
		     size_t id_len, const struct pfcp_opaque_rule *r)
{
	size_t at = pfcp_ie_begin(w, type);

	if (r->body.len > 0)
		pfcp_w_bytes(w, r->body.p, r->body.len);
	else
		put_id(w, id_type, id_len, r->id);
	pfcp_ie_end(w, at);
}

enum pfcp_err
pfcp_rule_get_created(const struct pfcp_ie *grp, struct pfcp_created_pdr *c,
		      struct pfcp_err_info *ei)
{
	uint32_t found = 0;
	uint32_t v = 0;

	GROUP_WALK(grp, ei, found,
		if (ie.type == PFCP_IE_PDR_ID) {
			err = pfcp_ie_get_uint(&ie, 2, &v);
			c->pdr_id = (uint16_t)v;
			bit = 1;
		} else if (ie.type == PFCP_IE_F_TEID) {
			err = pfcp_ie_get_fteid(&ie, &c->fteid);
			c->has_fteid = true;
		}
	);
	if (!found)
		return pfcp_ie_fail(ei, PFCP_E_MISSING, PFCP_IE_PDR_ID);
	return PFCP_OK;
}

void
pfcp_rule_put_created(struct pfcp_wbuf *w, const struct pfcp_created_pdr *c)
{
	size_t at = pfcp_ie_begin(w, PFCP_IE_CREATED_PDR);

	pfcp_ie_put_u16(w, PFCP_IE_PDR_ID, c->pdr_id);
	if (c->has_fteid)
		pfcp_ie_put_fteid(w, &c->fteid);
	pfcp_ie_end(w, at);
}

enum pfcp_err
pfcp_rule_get_remove(const struct pfcp_ie *grp, uint16_t id_type,
		     size_t id_len, uint32_t *id, struct pfcp_err_info *ei)
{
	return get_group_id(grp, id_type, id_len, id, ei);
}

void
pfcp_rule_put_remove(struct pfcp_wbuf *w, uint16_t type, uint16_t id_type,
		     size_t id_len, uint32_t id)
{
	size_t at = pfcp_ie_begin(w, type);

	put_id(w, id_type, id_len, id);
	pfcp_ie_end(w, at);
}
