/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PFCP rules to one gateway session (ctl_pfcp_map.h). Pure.
 * Context: any.
 */
#include <errno.h>
#include <string.h>

#include "ctl_pfcp_map.h"
#include "pfcp_codec_int.h"

static int
map_fail(struct ctl_pfcp_map_fail *f, uint8_t type, uint32_t id,
	 const char *why)
{
	f->rule_type = type;
	f->rule_id = id;
	f->why = why;
	return -EINVAL;
}

int
ctl_pfcp_pdr_index(const struct pfcp_msg *r, uint16_t id)
{
	unsigned int i;

	for (i = 0; i < r->n_create_pdr; i++)
		if (r->create_pdr[i].pdr_id == id)
			return (int)i;
	return -1;
}

int
ctl_pfcp_far_index(const struct pfcp_msg *r, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < r->n_create_far; i++)
		if (r->create_far[i].far_id == id)
			return (int)i;
	return -1;
}

const struct pfcp_far *
ctl_pfcp_far_find(const struct pfcp_msg *r, uint32_t id)
{
	int i = ctl_pfcp_far_index(r, id);

	return i < 0 ? NULL : &r->create_far[i];
}

static const struct pfcp_opaque_rule *
opaque_find(const struct pfcp_opaque_rule *a, unsigned int n, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (a[i].id == id)
			return &a[i];
	return NULL;
}

/* Unique IDs, and every reference of a PDR or FAR resolves. */
static int
map_check_refs(const struct pfcp_msg *r, struct ctl_pfcp_map_fail *f)
{
	unsigned int i, j;

	for (i = 0; i < r->n_create_far; i++) {
		const struct pfcp_far *a = &r->create_far[i];

		for (j = 0; j < i; j++)
			if (r->create_far[j].far_id == a->far_id)
				return map_fail(f, PFCP_RULE_FAR, a->far_id,
						"FAR ID used twice");
		if (!(a->present & PFCP_FAR_APPLY_ACTION))
			return map_fail(f, PFCP_RULE_FAR, a->far_id,
					"FAR without Apply Action");
		if ((a->present & PFCP_FAR_BAR_ID) &&
		    (!(r->present & PFCP_F_BAR) || r->bar.id != a->bar_id))
			return map_fail(f, PFCP_RULE_FAR, a->far_id,
					"FAR names a BAR that does not exist");
	}
	for (i = 0; i < r->n_create_pdr; i++) {
		const struct pfcp_pdr *p = &r->create_pdr[i];

		for (j = 0; j < i; j++)
			if (r->create_pdr[j].pdr_id == p->pdr_id)
				return map_fail(f, PFCP_RULE_PDR, p->pdr_id,
						"PDR ID used twice");
		if (!(p->present & PFCP_PDR_FAR_ID) ||
		    ctl_pfcp_far_find(r, p->far_id) == NULL)
			return map_fail(f, PFCP_RULE_PDR, p->pdr_id,
					"PDR names a FAR that does not exist");
		for (j = 0; j < p->n_qer; j++)
			if (opaque_find(r->create_qer, r->n_create_qer,
					p->qer_id[j]) == NULL)
				return map_fail(f, PFCP_RULE_PDR, p->pdr_id,
						"PDR names a QER that does not exist");
		for (j = 0; j < p->n_urr; j++)
			if (opaque_find(r->create_urr, r->n_create_urr,
					p->urr_id[j]) == NULL)
				return map_fail(f, PFCP_RULE_PDR, p->pdr_id,
						"PDR names a URR that does not exist");
		if (!(p->present & PFCP_PDR_PDI) ||
		    !(p->pdi.present & PFCP_PDI_SRC_IFACE))
			return map_fail(f, PFCP_RULE_PDR, p->pdr_id,
					"PDR without PDI source interface");
	}
	for (i = 0; i < r->n_create_qer; i++)
		for (j = 0; j < i; j++)
			if (r->create_qer[j].id == r->create_qer[i].id)
				return map_fail(f, PFCP_RULE_QER,
						r->create_qer[i].id,
						"QER ID used twice");
	for (i = 0; i < r->n_create_urr; i++)
		for (j = 0; j < i; j++)
			if (r->create_urr[j].id == r->create_urr[i].id)
				return map_fail(f, PFCP_RULE_URR,
						r->create_urr[i].id,
						"URR ID used twice");
	return 0;
}

/* Lower precedence value wins; a PDR without one comes last. */
static bool
pdr_better(const struct pfcp_pdr *a, const struct pfcp_pdr *b)
{
	uint32_t pa = a->present & PFCP_PDR_PRECEDENCE ? a->precedence :
		      UINT32_MAX;
	uint32_t pb = b->present & PFCP_PDR_PRECEDENCE ? b->precedence :
		      UINT32_MAX;

	return pa < pb;
}

static bool
far_forwards(const struct pfcp_far *a)
{
	return (a->apply_action & PFCP_AA_FORW) != 0 &&
	       (a->apply_action & (PFCP_AA_DROP | PFCP_AA_BUFF)) == 0;
}

static bool
ohc_gtpu(const struct pfcp_far *a)
{
	return (a->present & PFCP_FAR_FWD) &&
	       (a->fwd.present & PFCP_FWD_OHC) &&
	       (a->fwd.ohc.desc & (PFCP_OHC_GTPU_V4 | PFCP_OHC_GTPU_V6));
}

/* Pick the uplink and downlink PDRs; refuse what we cannot forward. */
static int
map_pick(const struct pfcp_msg *r, const struct pfcp_pdr **ul,
	 const struct pfcp_pdr **dl, struct ctl_pfcp_map_fail *f)
{
	unsigned int i;

	*ul = NULL;
	*dl = NULL;
	for (i = 0; i < r->n_create_pdr; i++) {
		const struct pfcp_pdr *p = &r->create_pdr[i];
		const struct pfcp_far *a = ctl_pfcp_far_find(r, p->far_id);
		uint8_t src = p->pdi.src_iface;

		if (src == PFCP_IFACE_ACCESS && ohc_gtpu(a) &&
		    far_forwards(a) &&
		    a->fwd.dst_iface != PFCP_IFACE_CP_FUNCTION)
			return map_fail(f, PFCP_RULE_PDR, p->pdr_id,
					"GTP-U relay (SGW-U) is not supported");
		if (p->pdi.n_sdf > 0)
			continue;	/* stored, not enforced */
		if (src == PFCP_IFACE_ACCESS &&
		    (p->pdi.present & PFCP_PDI_FTEID)) {
			if (*ul == NULL || pdr_better(p, *ul))
				*ul = p;
		} else if ((src == PFCP_IFACE_CORE ||
			    src == PFCP_IFACE_SGI_LAN) &&
			   (p->pdi.present & PFCP_PDI_UE_IP)) {
			if (p->pdi.present & PFCP_PDI_FTEID)
				return map_fail(f, PFCP_RULE_PDR, p->pdr_id,
						"core-side F-TEID (SGW-U) is not supported");
			if (*dl == NULL || pdr_better(p, *dl))
				*dl = p;
		}
	}
	return 0;
}

static void
map_ue(const struct pfcp_ue_ip *u, struct sess_params *p)
{
	if ((u->flags & PFCP_UEIP_V4) && !p->has_ue4) {
		p->has_ue4 = true;
		memcpy(p->ue4, u->v4, 4);
	}
	if ((u->flags & PFCP_UEIP_V6) && !p->has_ue6) {
		p->has_ue6 = true;
		memcpy(p->ue6, u->v6, 16);
	}
}

bool
ctl_pfcp_qer_qfi(const struct pfcp_opaque_rule *qer, uint8_t *qfi)
{
	struct pfcp_ie ie;
	size_t off = 0;

	while (off < qer->body.len) {
		if (pfcp_ie_next(qer->body.p, qer->body.len, &off, &ie) !=
		    PFCP_OK)
			return false;
		if (!ie.vendor && ie.type == PFCP_IE_QFI && ie.len >= 1) {
			*qfi = ie.v[0] & 0x3f;
			return true;
		}
	}
	return false;
}

/* Downlink: FORW with GTP-U outer header creation, or dropped. */
static void
map_dl(const struct pfcp_msg *r, const struct pfcp_pdr *dl,
       struct sess_params *p)
{
	const struct pfcp_far *a = ctl_pfcp_far_find(r, dl->far_id);
	unsigned int i;

	for (i = 0; i < dl->n_qer; i++) {
		const struct pfcp_opaque_rule *q =
			opaque_find(r->create_qer, r->n_create_qer,
				    dl->qer_id[i]);

		if (q != NULL && ctl_pfcp_qer_qfi(q, &p->qfi)) {
			p->has_qfi = true;
			break;
		}
	}
	if (ohc_gtpu(a)) {
		p->teid_remote = a->fwd.ohc.teid;
		if (a->fwd.ohc.desc & PFCP_OHC_GTPU_V4) {
			p->peer_af = 4;
			memcpy(p->peer_addr, a->fwd.ohc.v4, 4);
		} else {
			p->peer_af = 6;
			memcpy(p->peer_addr, a->fwd.ohc.v6, 16);
		}
	}
	if (p->teid_remote == 0) {
		/* TEID 0 is never a G-PDU tunnel: nothing to send to. */
		p->peer_af = 0;
		memset(p->peer_addr, 0, sizeof(p->peer_addr));
		p->flags |= SESS_F_DL_DROP;
	}
	/* BUFF and DROP keep the tunnel but send nothing down it. */
	if (!far_forwards(a))
		p->flags |= SESS_F_DL_DROP;
}

int
ctl_pfcp_map_rules(const struct pfcp_msg *r, struct ctl_pfcp_map *out,
		   struct ctl_pfcp_map_fail *f)
{
	const struct pfcp_pdr *ul, *dl;
	struct sess_params *p = &out->p;

	memset(out, 0, sizeof(*out));
	memset(f, 0, sizeof(*f));
	if (map_check_refs(r, f) < 0 || map_pick(r, &ul, &dl, f) < 0)
		return -EINVAL;
	if (ul == NULL || ul->pdi.fteid.teid == 0)
		return 0;
	out->ul_pdr = ul->pdr_id;
	p->teid_local = ul->pdi.fteid.teid;
	if (!far_forwards(ctl_pfcp_far_find(r, ul->far_id)))
		p->flags |= SESS_F_UL_DROP;
	if (dl != NULL) {
		out->dl_pdr = dl->pdr_id;
		map_ue(&dl->pdi.ue_ip, p);
		map_dl(r, dl, p);
	} else {
		p->flags |= SESS_F_DL_DROP;
	}
	if (ul->pdi.present & PFCP_PDI_UE_IP)
		map_ue(&ul->pdi.ue_ip, p);
	if (!p->has_ue4 && !p->has_ue6)
		return 0;
	out->install = true;
	return 0;
}

/* The fields of a gateway session that its PFCP rules decide. */
static bool
map_same(const struct sess_params *a, const struct sess_params *b)
{
	const uint8_t rule_flags = SESS_F_UL_DROP | SESS_F_DL_DROP;

	return a->teid_local == b->teid_local &&
	       a->teid_remote == b->teid_remote &&
	       a->peer_af == b->peer_af &&
	       memcmp(a->peer_addr, b->peer_addr, 16) == 0 &&
	       a->has_ue4 == b->has_ue4 &&
	       (!a->has_ue4 || memcmp(a->ue4, b->ue4, 4) == 0) &&
	       a->has_ue6 == b->has_ue6 &&
	       (!a->has_ue6 || memcmp(a->ue6, b->ue6, 16) == 0) &&
	       a->has_qfi == b->has_qfi &&
	       (!a->has_qfi || a->qfi == b->qfi) &&
	       (a->flags & rule_flags) == (b->flags & rule_flags);
}

enum ctl_pfcp_audit_res
ctl_pfcp_map_audit(const struct pfcp_msg *r, const struct sess_params *inst,
		   struct ctl_pfcp_map_fail *f)
{
	struct ctl_pfcp_map m;

	if (ctl_pfcp_map_rules(r, &m, f) < 0)
		return CTL_PFCP_AUDIT_RULES;
	if (m.ul_pdr == 0)
		return CTL_PFCP_AUDIT_NO_FTEID;
	if (!m.install || !map_same(&m.p, inst))
		return CTL_PFCP_AUDIT_MISMATCH;
	return CTL_PFCP_AUDIT_OK;
}
