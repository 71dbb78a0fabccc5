/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PFCP session procedures: Establishment (allocate the UP F-SEID and the
 * F-TEIDs the control plane asks us to choose, check and map the rules,
 * install the gateway session), Modification (apply removals, updates and
 * creations to the stored rules, then the difference to the gateway
 * session), Deletion, their error answers (TS 29.244 section 7.6), and
 * the sliced purge of a restarted peer's sessions. The rules are stored
 * encoded (a Session Modification Request of Create IEs), compact and
 * ready to replicate. Context: control.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "ctl_pfcp_int.h"
#include "ctl_pfcp_map.h"
#include "sess/ctl_sess.h"

static uint8_t enc_buf[PFCP_MSG_MAX];

/* A refused request: the cause and what to name in the answer. */
struct sess_fail {
	uint8_t			cause;
	uint16_t		offending_ie;	/* 0: none */
	bool			has_rule;
	struct pfcp_failed_rule	rule;
	const char		*why;
};

static void
fail_rule(struct sess_fail *f, uint8_t type, uint32_t id, const char *why)
{
	f->cause = PFCP_CAUSE_RULE_FAILURE;
	f->has_rule = true;
	f->rule.type = type;
	f->rule.id = id;
	f->why = why;
}

/* Answer a session request with @f; header SEID @seid. */
static void
sess_answer_fail(const struct pfcp_addr *from, uint64_t key, uint8_t type,
		 uint64_t seid, uint32_t seq, const struct sess_fail *f)
{
	pfcp_msg_init(&pfcp_resp, type + 1, seid, seq);
	pfcp_resp.cause = f->cause;
	pfcp_resp.present = PFCP_F_CAUSE;
	if (type == PFCP_MSG_SESS_EST_REQ) {
		pfcp_resp.node_id = pfcp_srv.node;
		pfcp_resp.present |= PFCP_F_NODE_ID;
	}
	if (f->offending_ie != 0) {
		pfcp_resp.offending_ie = f->offending_ie;
		pfcp_resp.present |= PFCP_F_OFFENDING_IE;
	}
	if (f->has_rule && type != PFCP_MSG_SESS_DEL_REQ) {
		pfcp_resp.failed_rule = f->rule;
		pfcp_resp.present |= PFCP_F_FAILED_RULE;
	}
	if (type == PFCP_MSG_SESS_EST_REQ)
		pfcp_srv.st.est_fail++;
	else if (type == PFCP_MSG_SESS_MOD_REQ)
		pfcp_srv.st.mod_fail++;
	else
		pfcp_srv.st.del_fail++;
	pfcp_send_msg(from, &pfcp_resp, key);
}

void
pfcp_sess_answer_error(const struct pfcp_addr *from, uint64_t key,
		       const struct pfcp_err_info *ei)
{
	struct sess_fail f = { .cause = pfcp_err_cause(ei->err) };
	const struct pfcp_sess *s = NULL;
	uint64_t seid = 0;

	if (ei->err == PFCP_E_MISSING || ei->err == PFCP_E_IE_LEN ||
	    ei->err == PFCP_E_IE_VALUE || ei->err == PFCP_E_IE_TRUNC)
		f.offending_ie = ei->top_type != 0 ? ei->top_type :
				 ei->ie_type;
	/* The header SEID of the answer is the CP's, when we know it. */
	if (ei->msg_type != PFCP_MSG_SESS_EST_REQ && pfcp_req.hdr.has_seid)
		s = ctl_pfcp_idx_get(&pfcp_srv.by_up, pfcp_req.hdr.seid);
	if (s != NULL)
		seid = s->cp_seid;
	sess_answer_fail(from, key, ei->msg_type, seid, ei->seq, &f);
}

/* --- local TEIDs ------------------------------------------------------ */

static bool
teid_used(uint32_t teid)
{
	struct sess_table *t = ctl_sess_table();

	return ctl_pfcp_idx_get(&pfcp_srv.by_teid, teid) != NULL ||
	       (t != NULL && sess_table_lookup_teid(t, teid) != NULL);
}

/* The next free TEID after the high-water mark (0: none found). */
static uint32_t
teid_alloc(void)
{
	unsigned int tries;

	for (tries = 0; tries < (1u << 20); tries++) {
		uint32_t v = pfcp_srv.teid_next++;

		if (pfcp_srv.teid_next == 0)
			pfcp_srv.teid_next = 1;
		if (v != 0 && !teid_used(v))
			return v;
	}
	return 0;
}

/* TEIDs taken by the request being handled, given back if it fails. */
struct teid_txn {
	unsigned int	n;
	uint32_t	teid[PFCP_MAX_PDR];
	unsigned int	n_created;
	uint16_t	created[PFCP_MAX_PDR];
};

static void
teid_txn_undo(struct teid_txn *x)
{
	while (x->n > 0)
		ctl_pfcp_idx_del(&pfcp_srv.by_teid, x->teid[--x->n]);
}

/*
 * Give every PDR of @r whose F-TEID has CH a TEID (one per CHOOSE ID) and
 * our access address; check the F-TEIDs the control plane chose itself.
 */
static int
fteid_resolve(struct pfcp_sess *s, struct pfcp_msg *r, struct teid_txn *x,
	      struct sess_fail *f)
{
	uint8_t ch_id[PFCP_MAX_PDR];
	uint32_t ch_teid[PFCP_MAX_PDR];
	unsigned int n_ch = 0, i, k;

	for (i = 0; i < r->n_create_pdr; i++) {
		struct pfcp_pdr *p = &r->create_pdr[i];
		struct pfcp_fteid *ft = &p->pdi.fteid;
		bool want4, want6;
		uint32_t teid = 0;

		if (!(p->pdi.present & PFCP_PDI_FTEID))
			continue;
		if (!(ft->flags & PFCP_FTEID_CH)) {
			void *owner;

			if (ft->teid == 0) {
				fail_rule(f, PFCP_RULE_PDR, p->pdr_id,
					  "F-TEID 0");
				return -EINVAL;
			}
			owner = ctl_pfcp_idx_get(&pfcp_srv.by_teid, ft->teid);
			if (owner == s)
				continue;
			if (owner != NULL || teid_used(ft->teid)) {
				fail_rule(f, PFCP_RULE_PDR, p->pdr_id,
					  "F-TEID already in use");
				return -EEXIST;
			}
			if (ctl_pfcp_idx_put(&pfcp_srv.by_teid, ft->teid,
					     s) < 0) {
				f->cause = PFCP_CAUSE_NO_RESOURCES;
				return -ENOMEM;
			}
			x->teid[x->n++] = ft->teid;
			continue;
		}
		want4 = (ft->flags & PFCP_FTEID_V4) != 0;
		want6 = (ft->flags & PFCP_FTEID_V6) != 0;
		if (!want4 && !want6) {
			want4 = pfcp_srv.has_ftup4;
			want6 = pfcp_srv.has_ftup6;
		}
		if ((want4 && !pfcp_srv.has_ftup4 && !want6) ||
		    (want6 && !pfcp_srv.has_ftup6 && !want4) ||
		    (!pfcp_srv.has_ftup4 && !pfcp_srv.has_ftup6)) {
			fail_rule(f, PFCP_RULE_PDR, p->pdr_id,
				  "no access address of the family asked");
			return -EADDRNOTAVAIL;
		}
		if (ft->flags & PFCP_FTEID_CHID)
			for (k = 0; k < n_ch; k++)
				if (ch_id[k] == ft->choose_id)
					teid = ch_teid[k];
		if (teid == 0) {
			teid = teid_alloc();
			if (teid == 0 || ctl_pfcp_idx_put(&pfcp_srv.by_teid,
							  teid, s) < 0) {
				f->cause = PFCP_CAUSE_NO_RESOURCES;
				f->why = "no free TEID";
				return -ENOSPC;
			}
			x->teid[x->n++] = teid;
			if (ft->flags & PFCP_FTEID_CHID) {
				ch_id[n_ch] = ft->choose_id;
				ch_teid[n_ch++] = teid;
			}
		}
		ft->teid = teid;
		ft->flags = 0;
		if (want4 && pfcp_srv.has_ftup4) {
			ft->flags |= PFCP_FTEID_V4;
			memcpy(ft->v4, pfcp_srv.ftup4, 4);
		}
		if (want6 && pfcp_srv.has_ftup6) {
			ft->flags |= PFCP_FTEID_V6;
			memcpy(ft->v6, pfcp_srv.ftup6, 16);
		}
		ft->choose_id = 0;
		x->created[x->n_created++] = p->pdr_id;
	}
	return 0;
}

/* Recompute @s's TEID list from @r; drop the ones no PDR holds now. */
static void
teid_commit(struct pfcp_sess *s, const struct pfcp_msg *r)
{
	uint32_t now[PFCP_MAX_PDR];
	unsigned int n = 0, i, k;

	for (i = 0; i < r->n_create_pdr; i++) {
		const struct pfcp_pdr *p = &r->create_pdr[i];

		if (!(p->pdi.present & PFCP_PDI_FTEID))
			continue;
		for (k = 0; k < n && now[k] != p->pdi.fteid.teid; k++)
			;
		if (k == n)
			now[n++] = p->pdi.fteid.teid;
	}
	for (i = 0; i < s->n_teid; i++) {
		for (k = 0; k < n && now[k] != s->teid[i]; k++)
			;
		if (k == n && ctl_pfcp_idx_get(&pfcp_srv.by_teid,
					       s->teid[i]) == s)
			ctl_pfcp_idx_del(&pfcp_srv.by_teid, s->teid[i]);
	}
	memcpy(s->teid, now, n * sizeof(now[0]));
	s->n_teid = (uint8_t)n;
}

/* --- the gateway session ---------------------------------------------- */

static enum ctl_sess_op
opt_op(bool had, bool has, bool same)
{
	if (!has)
		return had ? CTL_SESS_CLEAR : CTL_SESS_KEEP;
	return had && same ? CTL_SESS_KEEP : CTL_SESS_SET;
}

static enum ctl_sess_op
flag_op(uint8_t old, uint8_t new, uint8_t bit)
{
	if ((old & bit) == (new & bit))
		return CTL_SESS_KEEP;
	return new & bit ? CTL_SESS_SET : CTL_SESS_CLEAR;
}

/* Modify the installed session toward @p. */
static int
gw_modify(const struct sess_params *o, const struct sess_params *p,
	  char *err, size_t err_len)
{
	struct ctl_sess_mod md;

	memset(&md, 0, sizeof(md));
	md.teid_local = p->teid_local;
	/* A rule without a tunnel keeps the one the session has. */
	if (p->peer_af != 0 && (p->peer_af != o->peer_af ||
	    memcmp(p->peer_addr, o->peer_addr, 16) != 0)) {
		md.set_peer = true;
		md.peer_af = p->peer_af;
		memcpy(md.peer_addr, p->peer_addr, 16);
	}
	if (p->peer_af != 0 && p->teid_remote != o->teid_remote) {
		md.set_remote = true;
		md.teid_remote = p->teid_remote;
	}
	if (md.set_peer && !md.set_remote && o->teid_remote != 0) {
		md.set_remote = true;
		md.teid_remote = p->teid_remote;
	}
	md.ue4_op = opt_op(o->has_ue4, p->has_ue4,
			   memcmp(o->ue4, p->ue4, 4) == 0);
	memcpy(md.ue4, p->ue4, 4);
	md.ue6_op = opt_op(o->has_ue6, p->has_ue6,
			   memcmp(o->ue6, p->ue6, 16) == 0);
	memcpy(md.ue6, p->ue6, 16);
	md.qfi_op = opt_op(o->has_qfi, p->has_qfi, o->qfi == p->qfi);
	md.qfi = p->qfi;
	md.ul_drop_op = flag_op(o->flags, p->flags, SESS_F_UL_DROP);
	md.dl_drop_op = flag_op(o->flags, p->flags, SESS_F_DL_DROP);
	return ctl_sess_modify(&md, err, err_len);
}

/* Make the gateway session what @m says. */
static int
gw_apply(struct pfcp_sess *s, const struct ctl_pfcp_map *m, char *err,
	 size_t err_len)
{
	const struct sess *cur = NULL;
	struct sess_table *t = ctl_sess_table();
	int ret;

	if (t != NULL && s->gw_teid != 0)
		cur = sess_table_lookup_teid(t, s->gw_teid);
	if (cur != NULL && (!m->install ||
			    cur->p.teid_local != m->p.teid_local)) {
		(void)ctl_sess_delete(s->gw_teid, err, err_len);
		cur = NULL;
	}
	s->gw_teid = cur != NULL ? cur->p.teid_local : 0;
	if (!m->install)
		return 0;
	if (cur != NULL) {
		struct sess_params o = cur->p;

		return gw_modify(&o, &m->p, err, err_len);
	}
	ret = ctl_sess_create(&m->p, err, err_len);
	if (ret == 0)
		s->gw_teid = m->p.teid_local;
	return ret;
}

/* The cause for a failed gateway change. */
static void
gw_fail(struct sess_fail *f, int ret, const struct ctl_pfcp_map *m,
	const char *err)
{
	f->why = err;
	switch (ret) {
	case -ENOSPC:
	case -ENOMEM:
	case -EBUSY:
	case -ENODEV:
		f->cause = PFCP_CAUSE_NO_RESOURCES;
		break;
	default:
		/* A UE address or a tunnel in use, no route to the peer. */
		fail_rule(f, PFCP_RULE_PDR, m->dl_pdr != 0 ? m->dl_pdr :
			  m->ul_pdr, err);
		break;
	}
}

/* --- storing the rules ------------------------------------------------- */

int
pfcp_sess_rules(const struct pfcp_sess *s, struct pfcp_msg *m)
{
	if (pfcp_msg_decode(s->rules, s->rules_len, m, NULL) != PFCP_OK)
		return -EIO;
	return 0;
}

int
pfcp_sess_rules_store(struct pfcp_sess *s, struct pfcp_msg *r)
{
	uint8_t *b;
	size_t n;

	r->hdr.type = PFCP_MSG_SESS_MOD_REQ;
	r->hdr.has_seid = true;
	r->hdr.seid = s->up_seid;
	r->hdr.seq = 0;
	r->fseid = s->cp_fseid;
	r->present = (r->present & PFCP_F_BAR) | PFCP_F_FSEID;
	r->n_update_pdr = r->n_update_far = r->n_created_pdr = 0;
	r->n_remove_pdr = r->n_remove_far = 0;
	r->n_remove_urr = r->n_remove_qer = 0;
	if (pfcp_msg_encode(r, enc_buf, sizeof(enc_buf), &n) != PFCP_OK)
		return -EINVAL;
	b = malloc(n);
	if (b == NULL)
		return -ENOMEM;
	memcpy(b, enc_buf, n);
	free(s->rules);
	s->rules = b;
	s->rules_len = (uint16_t)n;
	return 0;
}

/* --- answers ----------------------------------------------------------- */

static void
created_add(const struct pfcp_msg *r, const uint16_t *ids, unsigned int n)
{
	unsigned int i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < r->n_create_pdr; k++) {
			const struct pfcp_pdr *p = &r->create_pdr[k];
			struct pfcp_created_pdr *c;

			if (p->pdr_id != ids[i])
				continue;
			c = &pfcp_resp.created_pdr[pfcp_resp.n_created_pdr++];
			c->pdr_id = p->pdr_id;
			c->fteid = p->pdi.fteid;
			c->has_fteid = true;
			break;
		}
	}
}

static void
est_answer_ok(const struct pfcp_addr *from, uint64_t key,
	      const struct pfcp_sess *s, const struct pfcp_msg *r)
{
	pfcp_msg_init(&pfcp_resp, PFCP_MSG_SESS_EST_RESP, s->cp_seid,
		      pfcp_req.hdr.seq);
	pfcp_resp.node_id = pfcp_srv.node;
	pfcp_resp.cause = PFCP_CAUSE_ACCEPTED;
	pfcp_resp.fseid.seid = s->up_seid;
	if (pfcp_srv.bind4.len != 0) {
		pfcp_resp.fseid.flags |= PFCP_FSEID_V4;
		memcpy(pfcp_resp.fseid.v4, &pfcp_srv.bind4.u.in4.sin_addr, 4);
	}
	if (pfcp_srv.bind6.len != 0) {
		pfcp_resp.fseid.flags |= PFCP_FSEID_V6;
		memcpy(pfcp_resp.fseid.v6, &pfcp_srv.bind6.u.in6.sin6_addr,
		       16);
	}
	pfcp_resp.present = PFCP_F_NODE_ID | PFCP_F_CAUSE | PFCP_F_FSEID;
	created_add(r, s->created, s->n_created);
	pfcp_send_msg(from, &pfcp_resp, key);
}

/* --- sessions: index and lifetime --------------------------------------- */

static uint64_t
cp_key(uint16_t peer, uint64_t cp_seid)
{
	return ctl_pfcp_idx_mix((uint64_t)peer + 1, cp_seid);
}

static uint64_t
seid_alloc(void)
{
	while (pfcp_srv.seid_next == 0 ||
	       ctl_pfcp_idx_get(&pfcp_srv.by_up, pfcp_srv.seid_next) != NULL)
		pfcp_srv.seid_next++;
	return pfcp_srv.seid_next++;
}

static void
sess_link(struct pfcp_sess *s)
{
	struct pfcp_peer *p = &pfcp_srv.peers[s->peer];

	s->next = NULL;
	s->prev = p->sess_tail;
	if (p->sess_tail != NULL)
		p->sess_tail->next = s;
	else
		p->sess_head = s;
	p->sess_tail = s;
	p->n_sess++;
	pfcp_srv.n_sess++;
}

void
pfcp_sess_free(struct pfcp_sess *s, bool gateway_too)
{
	struct pfcp_peer *p = &pfcp_srv.peers[s->peer];
	char err[CTL_SESS_ERR_LEN];
	unsigned int i;

	if (gateway_too && s->gw_teid != 0)
		(void)ctl_sess_delete(s->gw_teid, err, sizeof(err));
	for (i = 0; i < s->n_teid; i++)
		if (ctl_pfcp_idx_get(&pfcp_srv.by_teid, s->teid[i]) == s)
			ctl_pfcp_idx_del(&pfcp_srv.by_teid, s->teid[i]);
	if (ctl_pfcp_idx_get(&pfcp_srv.by_up, s->up_seid) == s)
		ctl_pfcp_idx_del(&pfcp_srv.by_up, s->up_seid);
	if (ctl_pfcp_idx_get(&pfcp_srv.by_cp, cp_key(s->peer, s->cp_seid)) ==
	    s)
		ctl_pfcp_idx_del(&pfcp_srv.by_cp, cp_key(s->peer, s->cp_seid));
	if (s->prev != NULL)
		s->prev->next = s->next;
	else if (p->sess_head == s)
		p->sess_head = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	else if (p->sess_tail == s)
		p->sess_tail = s->prev;
	if (p->n_sess > 0)
		p->n_sess--;
	if (pfcp_srv.n_sess > 0)
		pfcp_srv.n_sess--;
	free(s->rules);
	free(s->last_resp);
	free(s);
}

void
pfcp_sess_last_set(struct pfcp_sess *s, const struct pfcp_addr *from,
		   uint32_t seq)
{
	uint8_t *b = pfcp_tx_len > 0 ? malloc(pfcp_tx_len) : NULL;

	free(s->last_resp);
	s->last_resp = b;
	s->last_len = b != NULL ? (uint16_t)pfcp_tx_len : 0;
	if (b != NULL)
		memcpy(b, pfcp_tx_buf, pfcp_tx_len);
	s->last_from = *from;
	s->last_seq = seq;
	/* The rules or the answer changed: replicate the session again. */
	if (s->gw_teid != 0)
		(void)ctl_sess_touch(s->gw_teid);
}

/* Index a session built from a replicated record (ctl_pfcp_repl.c): what
 * it names wins over stale entries. */
void
pfcp_sess_index(struct pfcp_sess *s, const struct pfcp_msg *r)
{
	uint64_t ck = cp_key(s->peer, s->cp_seid);
	unsigned int i;

	s->n_teid = 0;
	teid_commit(s, r);
	for (i = 0; i < s->n_teid; i++) {
		ctl_pfcp_idx_del(&pfcp_srv.by_teid, s->teid[i]);
		(void)ctl_pfcp_idx_put(&pfcp_srv.by_teid, s->teid[i], s);
	}
	ctl_pfcp_idx_del(&pfcp_srv.by_up, s->up_seid);
	(void)ctl_pfcp_idx_put(&pfcp_srv.by_up, s->up_seid, s);
	ctl_pfcp_idx_del(&pfcp_srv.by_cp, ck);
	(void)ctl_pfcp_idx_put(&pfcp_srv.by_cp, ck, s);
	sess_link(s);
}

struct pfcp_sess *
pfcp_sess_by_teid(uint32_t teid)
{
	return ctl_pfcp_idx_get(&pfcp_srv.by_teid, teid);
}

/* The associated peer a session request comes from. */
static struct pfcp_peer *
sess_peer(const struct pfcp_addr *from)
{
	struct pfcp_peer *p = pfcp_peer_by_addr(from);

	if (p == NULL && (pfcp_req.present & PFCP_F_NODE_ID)) {
		p = pfcp_peer_by_node(&pfcp_req.node_id);
		if (p != NULL && p->state == PFCP_PEER_IDLE)
			p = NULL;
	}
	return p;
}

/* Copy the Create IEs of the request into the scratch rule set. */
static void
rules_from_req(struct pfcp_msg *r, const struct pfcp_msg *q)
{
	pfcp_msg_init(r, PFCP_MSG_SESS_MOD_REQ, 0, 0);
	r->n_create_pdr = q->n_create_pdr;
	memcpy(r->create_pdr, q->create_pdr,
	       q->n_create_pdr * sizeof(q->create_pdr[0]));
	r->n_create_far = q->n_create_far;
	memcpy(r->create_far, q->create_far,
	       q->n_create_far * sizeof(q->create_far[0]));
	r->n_create_urr = q->n_create_urr;
	memcpy(r->create_urr, q->create_urr,
	       q->n_create_urr * sizeof(q->create_urr[0]));
	r->n_create_qer = q->n_create_qer;
	memcpy(r->create_qer, q->create_qer,
	       q->n_create_qer * sizeof(q->create_qer[0]));
	if (q->present & PFCP_F_BAR) {
		r->bar = q->bar;
		r->present |= PFCP_F_BAR;
	}
}

static void
log_fail(const char *what, const struct pfcp_sess *s, const struct sess_fail *f)
{
	static uint64_t last_ms;
	uint64_t now = pfcp_now_ms();

	/* A control plane can trigger this: at most one line a second. */
	if (now - last_ms < 1000)
		return;
	last_ms = now;
	CTL_LOG(WARNING, "pfcp: %s of CP SEID 0x%" PRIx64 " refused "
		"(cause %u%s%s)", what, s != NULL ? s->cp_seid : 0, f->cause,
		f->why != NULL ? ": " : "", f->why != NULL ? f->why : "");
}

void
pfcp_on_sess_est(const struct pfcp_addr *from, uint64_t key)
{
	const struct pfcp_msg *q = &pfcp_req;
	struct pfcp_msg *r = &pfcp_rules;
	struct sess_fail f = { 0 };
	struct ctl_pfcp_map_fail mf;
	char err[CTL_SESS_ERR_LEN];
	struct ctl_pfcp_map m;
	struct teid_txn x = { 0 };
	struct pfcp_peer *p;
	struct pfcp_sess *s, *old;
	int ret;

	p = sess_peer(from);
	if (p == NULL) {
		f.cause = PFCP_CAUSE_NO_ASSOCIATION;
		sess_answer_fail(from, key, q->hdr.type, q->fseid.seid,
				 q->hdr.seq, &f);
		return;
	}
	old = ctl_pfcp_idx_get(&pfcp_srv.by_cp,
			       cp_key((uint16_t)(p - pfcp_srv.peers),
				      q->fseid.seid));
	if (old != NULL && old->gen != p->gen) {
		/* Left by the peer's previous life, waiting for the purge. */
		ctl_pfcp_idx_del(&pfcp_srv.by_cp, cp_key(old->peer,
							 old->cp_seid));
		old = NULL;
	}
	if (old != NULL) {
		/* Retransmitted (perhaps across a switchover) or restored:
		 * the session exists, answer with it. */
		pfcp_srv.st.est_dup++;
		if (pfcp_sess_rules(old, r) == 0) {
			est_answer_ok(from, key, old, r);
			return;
		}
		f.cause = PFCP_CAUSE_SYSTEM_FAILURE;
		sess_answer_fail(from, key, q->hdr.type, q->fseid.seid,
				 q->hdr.seq, &f);
		return;
	}
	if (ctl_sess_gate(CTL_SESS_CHANGE_NEW, err, sizeof(err)) < 0) {
		f.cause = PFCP_CAUSE_NO_RESOURCES;
		f.why = err;
		log_fail("establishment", NULL, &f);
		sess_answer_fail(from, key, q->hdr.type, q->fseid.seid,
				 q->hdr.seq, &f);
		return;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		f.cause = PFCP_CAUSE_NO_RESOURCES;
		sess_answer_fail(from, key, q->hdr.type, q->fseid.seid,
				 q->hdr.seq, &f);
		return;
	}
	s->peer = (uint16_t)(p - pfcp_srv.peers);
	s->gen = p->gen;
	s->cp_seid = q->fseid.seid;
	s->cp_fseid = q->fseid;
	s->up_seid = seid_alloc();
	s->created_ms = pfcp_now_ms();
	rules_from_req(r, q);
	if (fteid_resolve(s, r, &x, &f) < 0)
		goto fail;
	if (ctl_pfcp_map_rules(r, &m, &mf) < 0) {
		fail_rule(&f, mf.rule_type, mf.rule_id, mf.why);
		goto fail;
	}
	ret = pfcp_sess_rules_store(s, r);
	if (ret < 0) {
		f.cause = PFCP_CAUSE_NO_RESOURCES;
		goto fail;
	}
	ret = gw_apply(s, &m, err, sizeof(err));
	if (ret < 0) {
		gw_fail(&f, ret, &m, err);
		goto fail;
	}
	if (ctl_pfcp_idx_put(&pfcp_srv.by_up, s->up_seid, s) < 0 ||
	    ctl_pfcp_idx_put(&pfcp_srv.by_cp, cp_key(s->peer, s->cp_seid),
			     s) < 0) {
		ctl_pfcp_idx_del(&pfcp_srv.by_up, s->up_seid);
		if (s->gw_teid != 0)
			(void)ctl_sess_delete(s->gw_teid, err, sizeof(err));
		f.cause = PFCP_CAUSE_NO_RESOURCES;
		goto fail;
	}
	memcpy(s->created, x.created, x.n_created * sizeof(x.created[0]));
	s->n_created = (uint8_t)x.n_created;
	memcpy(s->teid, x.teid, x.n * sizeof(x.teid[0]));
	s->n_teid = (uint8_t)x.n;
	teid_commit(s, r);
	sess_link(s);
	pfcp_srv.st.est_ok++;
	est_answer_ok(from, key, s, r);
	pfcp_sess_last_set(s, from, q->hdr.seq);
	return;
fail:
	teid_txn_undo(&x);
	log_fail("establishment", s, &f);
	free(s->rules);
	free(s);
	sess_answer_fail(from, key, q->hdr.type, q->fseid.seid, q->hdr.seq,
			 &f);
}

/* The session a modification or deletion names, if it is @from's. */
static struct pfcp_sess *
sess_named(const struct pfcp_addr *from)
{
	struct pfcp_sess *s = ctl_pfcp_idx_get(&pfcp_srv.by_up,
					       pfcp_req.hdr.seid);
	struct pfcp_peer *p = sess_peer(from);

	if (s == NULL || p == NULL || s->peer != p - pfcp_srv.peers ||
	    s->gen != p->gen)
		return NULL;
	return s;
}

/* --- modification ------------------------------------------------------ */

/* Remove element @i of an array of @n elements of @sz bytes. */
static void
arr_del(void *a, uint8_t *n, size_t sz, unsigned int i)
{
	uint8_t *b = a;

	memmove(b + i * sz, b + (i + 1) * sz, (size_t)(*n - i - 1) * sz);
	(*n)--;
}

/* Remove rule @id from @a; @return whether it was there. */
static bool
opaque_remove(struct pfcp_opaque_rule *a, uint8_t *n, uint32_t id)
{
	unsigned int k;

	for (k = 0; k < *n; k++)
		if (a[k].id == id) {
			arr_del(a, n, sizeof(a[0]), k);
			return true;
		}
	return false;
}

static int
mod_removes(struct pfcp_msg *r, const struct pfcp_msg *q,
	    struct sess_fail *f)
{
	unsigned int i;

	for (i = 0; i < q->n_remove_pdr; i++) {
		int k = ctl_pfcp_pdr_index(r, q->remove_pdr[i]);

		if (k < 0) {
			fail_rule(f, PFCP_RULE_PDR, q->remove_pdr[i],
				  "Remove PDR of an unknown PDR");
			return -ENOENT;
		}
		arr_del(r->create_pdr, &r->n_create_pdr,
			sizeof(r->create_pdr[0]), (unsigned int)k);
	}
	for (i = 0; i < q->n_remove_far; i++) {
		int k = ctl_pfcp_far_index(r, q->remove_far[i]);

		if (k < 0) {
			fail_rule(f, PFCP_RULE_FAR, q->remove_far[i],
				  "Remove FAR of an unknown FAR");
			return -ENOENT;
		}
		arr_del(r->create_far, &r->n_create_far,
			sizeof(r->create_far[0]), (unsigned int)k);
	}
	for (i = 0; i < q->n_remove_urr; i++)
		if (!opaque_remove(r->create_urr, &r->n_create_urr,
				   q->remove_urr[i])) {
			fail_rule(f, PFCP_RULE_URR, q->remove_urr[i],
				  "Remove URR of an unknown URR");
			return -ENOENT;
		}
	for (i = 0; i < q->n_remove_qer; i++)
		if (!opaque_remove(r->create_qer, &r->n_create_qer,
				   q->remove_qer[i])) {
			fail_rule(f, PFCP_RULE_QER, q->remove_qer[i],
				  "Remove QER of an unknown QER");
			return -ENOENT;
		}
	return 0;
}

static int
mod_updates(struct pfcp_msg *r, const struct pfcp_msg *q,
	    struct sess_fail *f)
{
	unsigned int i;

	for (i = 0; i < q->n_update_pdr; i++) {
		const struct pfcp_pdr *u = &q->update_pdr[i];
		int k = ctl_pfcp_pdr_index(r, u->pdr_id);
		struct pfcp_pdr *p;

		if (k < 0) {
			fail_rule(f, PFCP_RULE_PDR, u->pdr_id,
				  "Update PDR of an unknown PDR");
			return -ENOENT;
		}
		p = &r->create_pdr[k];
		if (u->present & PFCP_PDR_PRECEDENCE)
			p->precedence = u->precedence;
		if (u->present & PFCP_PDR_PDI)
			p->pdi = u->pdi;
		if (u->present & PFCP_PDR_OHR) {
			p->ohr_desc = u->ohr_desc;
			p->ohr_ext = u->ohr_ext;
		}
		if (u->present & PFCP_PDR_FAR_ID)
			p->far_id = u->far_id;
		if (u->n_urr > 0) {
			memcpy(p->urr_id, u->urr_id, sizeof(p->urr_id));
			p->n_urr = u->n_urr;
		}
		if (u->n_qer > 0) {
			memcpy(p->qer_id, u->qer_id, sizeof(p->qer_id));
			p->n_qer = u->n_qer;
		}
		p->present |= u->present;
	}
	for (i = 0; i < q->n_update_far; i++) {
		const struct pfcp_far *u = &q->update_far[i];
		int k = ctl_pfcp_far_index(r, u->far_id);
		struct pfcp_far *a;

		if (k < 0) {
			fail_rule(f, PFCP_RULE_FAR, u->far_id,
				  "Update FAR of an unknown FAR");
			return -ENOENT;
		}
		a = &r->create_far[k];
		if (u->present & PFCP_FAR_APPLY_ACTION) {
			a->apply_action = u->apply_action;
			a->aa_len = u->aa_len;
		}
		if (u->present & PFCP_FAR_BAR_ID)
			a->bar_id = u->bar_id;
		if (u->present & PFCP_FAR_FWD) {
			const struct pfcp_fwd *w = &u->fwd;

			if (w->present & PFCP_FWD_DST_IFACE)
				a->fwd.dst_iface = w->dst_iface;
			if (w->present & PFCP_FWD_NET_INST)
				a->fwd.net_inst = w->net_inst;
			if (w->present & PFCP_FWD_OHC)
				a->fwd.ohc = w->ohc;
			if (w->present & PFCP_FWD_IFACE_TYPE)
				a->fwd.iface_type = w->iface_type;
			a->fwd.present |= w->present;
		}
		a->present |= u->present;
	}
	return 0;
}

static int
mod_creates(struct pfcp_msg *r, const struct pfcp_msg *q,
	    struct sess_fail *f)
{
	unsigned int i;

	if (r->n_create_pdr + q->n_create_pdr > PFCP_MAX_PDR ||
	    r->n_create_far + q->n_create_far > PFCP_MAX_FAR ||
	    r->n_create_urr + q->n_create_urr > PFCP_MAX_URR ||
	    r->n_create_qer + q->n_create_qer > PFCP_MAX_QER) {
		f->cause = PFCP_CAUSE_NO_RESOURCES;
		f->why = "more rules than a session holds";
		return -ENOSPC;
	}
	for (i = 0; i < q->n_create_pdr; i++)
		r->create_pdr[r->n_create_pdr++] = q->create_pdr[i];
	for (i = 0; i < q->n_create_far; i++)
		r->create_far[r->n_create_far++] = q->create_far[i];
	for (i = 0; i < q->n_create_urr; i++)
		r->create_urr[r->n_create_urr++] = q->create_urr[i];
	for (i = 0; i < q->n_create_qer; i++)
		r->create_qer[r->n_create_qer++] = q->create_qer[i];
	if (q->present & PFCP_F_BAR) {
		r->bar = q->bar;
		r->present |= PFCP_F_BAR;
	}
	return 0;
}

void
pfcp_on_sess_mod(const struct pfcp_addr *from, uint64_t key)
{
	const struct pfcp_msg *q = &pfcp_req;
	struct pfcp_msg *r = &pfcp_rules;
	struct sess_fail f = { 0 };
	struct ctl_pfcp_map_fail mf;
	char err[CTL_SESS_ERR_LEN];
	struct ctl_pfcp_map m;
	struct teid_txn x = { 0 };
	struct pfcp_sess *s;
	uint8_t *old_rules;
	uint16_t old_len;
	int ret;

	s = sess_named(from);
	if (s == NULL) {
		f.cause = PFCP_CAUSE_SESS_NOT_FOUND;
		sess_answer_fail(from, key, q->hdr.type, 0, q->hdr.seq, &f);
		return;
	}
	if (pfcp_sess_rules(s, r) < 0) {
		f.cause = PFCP_CAUSE_SYSTEM_FAILURE;
		goto fail;
	}
	if (mod_removes(r, q, &f) < 0 || mod_updates(r, q, &f) < 0 ||
	    mod_creates(r, q, &f) < 0 || fteid_resolve(s, r, &x, &f) < 0)
		goto fail;
	if (ctl_pfcp_map_rules(r, &m, &mf) < 0) {
		fail_rule(&f, mf.rule_type, mf.rule_id, mf.why);
		goto fail;
	}
	/* Encode first (it reads the old rules), then change the data
	 * plane; on a data-plane refusal the old rules come back. */
	old_rules = s->rules;
	old_len = s->rules_len;
	s->rules = NULL;
	ret = pfcp_sess_rules_store(s, r);
	if (ret < 0) {
		s->rules = old_rules;
		s->rules_len = old_len;
		f.cause = PFCP_CAUSE_NO_RESOURCES;
		goto fail;
	}
	ret = gw_apply(s, &m, err, sizeof(err));
	if (ret < 0) {
		free(s->rules);
		s->rules = old_rules;
		s->rules_len = old_len;
		gw_fail(&f, ret, &m, err);
		goto fail;
	}
	free(old_rules);
	for (ret = 0; ret < (int)x.n_created &&
	     s->n_created < PFCP_MAX_PDR; ret++)
		s->created[s->n_created++] = x.created[ret];
	/* New TEIDs are owned by @s already; forget the removed ones. */
	for (ret = 0; ret < (int)x.n && s->n_teid < PFCP_MAX_PDR; ret++)
		s->teid[s->n_teid++] = x.teid[ret];
	teid_commit(s, r);
	s->n_mod++;
	pfcp_srv.st.mod_ok++;
	/* Decode again for the answer: @r points into the freed rules. */
	pfcp_msg_init(&pfcp_resp, PFCP_MSG_SESS_MOD_RESP, s->cp_seid,
		      q->hdr.seq);
	pfcp_resp.cause = PFCP_CAUSE_ACCEPTED;
	pfcp_resp.present = PFCP_F_CAUSE;
	if (x.n_created > 0 && pfcp_sess_rules(s, r) == 0)
		created_add(r, x.created, x.n_created);
	pfcp_send_msg(from, &pfcp_resp, key);
	pfcp_sess_last_set(s, from, q->hdr.seq);
	return;
fail:
	teid_txn_undo(&x);
	log_fail("modification", s, &f);
	sess_answer_fail(from, key, q->hdr.type, s->cp_seid, q->hdr.seq, &f);
}

/* --- deletion and purges ------------------------------------------------ */

void
pfcp_on_sess_del(const struct pfcp_addr *from, uint64_t key)
{
	struct pfcp_sess *s = sess_named(from);
	struct sess_fail f = { 0 };
	uint64_t cp_seid;
	uint32_t gw;

	if (s == NULL) {
		f.cause = PFCP_CAUSE_SESS_NOT_FOUND;
		sess_answer_fail(from, key, pfcp_req.hdr.type, 0,
				 pfcp_req.hdr.seq, &f);
		return;
	}
	cp_seid = s->cp_seid;
	gw = s->gw_teid;
	pfcp_sess_free(s, true);
	pfcp_srv.st.del_ok++;
	pfcp_msg_init(&pfcp_resp, PFCP_MSG_SESS_DEL_RESP, cp_seid,
		      pfcp_req.hdr.seq);
	pfcp_resp.cause = PFCP_CAUSE_ACCEPTED;
	pfcp_resp.present = PFCP_F_CAUSE;
	pfcp_send_msg(from, &pfcp_resp, key);
	/* The standby learns the answer with the delete (retransmissions
	 * across a switchover). */
	if (gw != 0)
		pfcp_gone_add(gw, from, pfcp_req.hdr.seq);
}

/* Move @p's sessions to the purge list; a timer deletes them in slices
 * so the reactor keeps serving hellos and requests meanwhile. */
static void purge_arm(void);

static void
purge_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	unsigned int i, done = 0;

	(void)loop;
	(void)t;
	(void)arg;
	for (i = 0; i < pfcp_srv.n_peers; i++) {
		struct pfcp_peer *p = &pfcp_srv.peers[i];

		/* Sessions of older generations come first (appended). */
		while (p->purging && p->sess_head != NULL &&
		       p->sess_head->gen != p->gen &&
		       done < PFCP_PURGE_SLICE) {
			pfcp_sess_free(p->sess_head, true);
			p->n_purged++;
			pfcp_srv.st.purged++;
			done++;
		}
		if (p->purging && (p->sess_head == NULL ||
				   p->sess_head->gen == p->gen))
			p->purging = false;
	}
	for (i = 0; i < pfcp_srv.n_peers; i++)
		if (pfcp_srv.peers[i].purging) {
			purge_arm();
			return;
		}
}

static void
purge_arm(void)
{
	if (pfcp_srv.loop == NULL)
		return;
	if (pfcp_srv.purge_timer == NULL)
		pfcp_srv.purge_timer = ctl_loop_timer_add(pfcp_srv.loop, 1, 0,
							  purge_cb, NULL);
	else
		(void)ctl_loop_timer_set(pfcp_srv.purge_timer, 1, 0);
}

void
pfcp_purge_start(struct pfcp_peer *p)
{
	/*
	 * The sessions are gone from the peer's point of view: a new
	 * generation hides them from lookups at once (its new sessions may
	 * reuse CP SEIDs), and the deletion itself is sliced.
	 */
	p->gen++;
	if (p->sess_head == NULL)
		return;
	p->purging = true;
	if (pfcp_srv.loop == NULL) {
		while (p->sess_head != NULL && p->sess_head->gen != p->gen)
			pfcp_sess_free(p->sess_head, true);
		p->purging = false;
		return;
	}
	purge_arm();
}

void
pfcp_sess_free_all(void)
{
	unsigned int i;

	/* Process shutdown: the gateway sessions are left to their owner. */
	for (i = 0; i < pfcp_srv.n_peers; i++)
		while (pfcp_srv.peers[i].sess_head != NULL)
			pfcp_sess_free(pfcp_srv.peers[i].sess_head, false);
}
