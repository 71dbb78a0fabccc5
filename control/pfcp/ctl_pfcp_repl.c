/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PFCP state for the standby: the bytes of a PFCP session record (sent by
 * control/ckpt right after the upsert of the session's gateway TEID) and
 * of the node record (the pair's Recovery Time Stamp, the associations,
 * the allocators' high-water marks), and their application on the
 * standby, checked completely before anything changes. Versioned,
 * big-endian, documented in docs/pfcp.md ("Replication").
 * Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_pfcp_int.h"

#define REC_VERSION	1

/* --- a small bounded writer and reader ---------------------------------- */

struct wr {
	uint8_t	*p;
	size_t	cap, len;
	bool	over;
};

static void
w_bytes(struct wr *w, const void *b, size_t n)
{
	if (w->over || w->cap - w->len < n) {
		w->over = true;
		return;
	}
	memcpy(w->p + w->len, b, n);
	w->len += n;
}

static void
w_u(struct wr *w, uint64_t v, unsigned int n)
{
	uint8_t b[8];
	unsigned int i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	w_bytes(w, b, n);
}

struct rd {
	const uint8_t	*p;
	size_t		len, off;
	bool		bad;
};

static const uint8_t *
r_bytes(struct rd *r, size_t n)
{
	const uint8_t *b;

	if (r->bad || r->len - r->off < n) {
		r->bad = true;
		return NULL;
	}
	b = r->p + r->off;
	r->off += n;
	return b;
}

static uint64_t
r_u(struct rd *r, unsigned int n)
{
	const uint8_t *b = r_bytes(r, n);
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; b != NULL && i < n; i++)
		v = v << 8 | b[i];
	return v;
}

/* An address + port: family (0, 4, 6), 16 bytes, port. */
static void
w_addr(struct wr *w, const struct pfcp_addr *a)
{
	uint8_t ip[16] = { 0 };
	uint16_t port = 0;
	uint8_t af = 0;

	if (a->u.sa.sa_family == AF_INET) {
		af = 4;
		memcpy(ip, &a->u.in4.sin_addr, 4);
		port = ntohs(a->u.in4.sin_port);
	} else if (a->u.sa.sa_family == AF_INET6) {
		af = 6;
		memcpy(ip, &a->u.in6.sin6_addr, 16);
		port = ntohs(a->u.in6.sin6_port);
	}
	w_u(w, af, 1);
	w_bytes(w, ip, 16);
	w_u(w, port, 2);
}

static void
r_addr(struct rd *r, struct pfcp_addr *a)
{
	uint8_t af = (uint8_t)r_u(r, 1);
	const uint8_t *ip = r_bytes(r, 16);
	uint16_t port = (uint16_t)r_u(r, 2);

	memset(a, 0, sizeof(*a));
	if (ip == NULL)
		return;
	if (af == 4) {
		a->u.in4.sin_family = AF_INET;
		memcpy(&a->u.in4.sin_addr, ip, 4);
		a->u.in4.sin_port = htons(port);
		a->len = sizeof(a->u.in4);
	} else if (af == 6) {
		a->u.in6.sin6_family = AF_INET6;
		memcpy(&a->u.in6.sin6_addr, ip, 16);
		a->u.in6.sin6_port = htons(port);
		a->len = sizeof(a->u.in6);
	} else if (af != 0) {
		r->bad = true;
	}
}

/* --- the session record -------------------------------------------------- */

bool
ctl_pfcp_owns(uint32_t teid)
{
	const struct pfcp_sess *s;

	if (!pfcp_srv.enabled)
		return false;
	s = ctl_pfcp_idx_get(&pfcp_srv.by_teid, teid);
	return s != NULL && s->gw_teid == teid;
}

size_t
ctl_pfcp_rec_sess(uint32_t teid, uint8_t *buf, size_t cap)
{
	const struct pfcp_sess *s;
	struct wr w = { .p = buf, .cap = cap };
	unsigned int i;

	if (!ctl_pfcp_owns(teid))
		return 0;
	s = ctl_pfcp_idx_get(&pfcp_srv.by_teid, teid);
	w_u(&w, REC_VERSION, 1);
	w_u(&w, s->peer, 1);
	w_u(&w, s->n_created, 1);
	w_u(&w, 0, 1);
	w_u(&w, s->up_seid, 8);
	w_u(&w, s->cp_fseid.seid, 8);
	w_u(&w, s->cp_fseid.flags, 1);
	w_bytes(&w, s->cp_fseid.v4, 4);
	w_bytes(&w, s->cp_fseid.v6, 16);
	w_u(&w, pfcp_srv.teid_next, 4);
	w_u(&w, pfcp_srv.seid_next, 8);
	w_u(&w, s->created_ms, 8);
	w_u(&w, s->n_mod, 4);
	w_u(&w, s->gen, 4);
	for (i = 0; i < s->n_created; i++)
		w_u(&w, s->created[i], 2);
	w_u(&w, s->rules_len, 2);
	w_bytes(&w, s->rules, s->rules_len);
	w_addr(&w, &s->last_from);
	w_u(&w, s->last_seq, 4);
	w_u(&w, s->last_len, 2);
	w_bytes(&w, s->last_resp, s->last_len);
	return w.over ? 0 : w.len;
}

/* A decoded session record, checked before it is applied. */
struct rec_sess {
	uint8_t			peer, n_created;
	uint64_t		up_seid;
	struct pfcp_fseid	cp;
	uint32_t		teid_hwm;
	uint64_t		seid_hwm, created_ms;
	uint32_t		n_mod, gen;
	uint16_t		created[PFCP_MAX_PDR];
	const uint8_t		*rules;
	uint16_t		rules_len;
	struct pfcp_addr	last_from;
	uint32_t		last_seq;
	const uint8_t		*last;
	uint16_t		last_len;
};

static int
rec_sess_parse(const uint8_t *b, size_t n, struct rec_sess *x, char *err,
	       size_t err_len)
{
	struct rd r = { .p = b, .len = n };
	const uint8_t *v;
	unsigned int i;

	memset(x, 0, sizeof(*x));
	if (r_u(&r, 1) != REC_VERSION) {
		snprintf(err, err_len, "PFCP session record: unknown version");
		return -EPROTO;
	}
	x->peer = (uint8_t)r_u(&r, 1);
	x->n_created = (uint8_t)r_u(&r, 1);
	(void)r_u(&r, 1);
	x->up_seid = r_u(&r, 8);
	x->cp.seid = r_u(&r, 8);
	x->cp.flags = (uint8_t)r_u(&r, 1);
	v = r_bytes(&r, 4);
	if (v != NULL)
		memcpy(x->cp.v4, v, 4);
	v = r_bytes(&r, 16);
	if (v != NULL)
		memcpy(x->cp.v6, v, 16);
	x->teid_hwm = (uint32_t)r_u(&r, 4);
	x->seid_hwm = r_u(&r, 8);
	x->created_ms = r_u(&r, 8);
	x->n_mod = (uint32_t)r_u(&r, 4);
	x->gen = (uint32_t)r_u(&r, 4);
	if (x->n_created > PFCP_MAX_PDR)
		r.bad = true;
	for (i = 0; !r.bad && i < x->n_created; i++)
		x->created[i] = (uint16_t)r_u(&r, 2);
	x->rules_len = (uint16_t)r_u(&r, 2);
	x->rules = r_bytes(&r, x->rules_len);
	r_addr(&r, &x->last_from);
	x->last_seq = (uint32_t)r_u(&r, 4);
	x->last_len = (uint16_t)r_u(&r, 2);
	x->last = r_bytes(&r, x->last_len);
	if (r.bad || r.off != n) {
		snprintf(err, err_len, "PFCP session record: bad length");
		return -EPROTO;
	}
	if (x->peer >= pfcp_srv.n_peers || x->up_seid == 0) {
		snprintf(err, err_len, "PFCP session record: peer %u or UP "
			 "SEID 0 unknown here (configurations differ?)",
			 x->peer);
		return -EPROTO;
	}
	if (x->rules_len == 0 ||
	    pfcp_msg_decode(x->rules, x->rules_len, &pfcp_rules, NULL) !=
	    PFCP_OK) {
		snprintf(err, err_len, "PFCP session record: rules do not "
			 "decode");
		return -EPROTO;
	}
	return 0;
}

int
ctl_pfcp_repl_sess(uint32_t teid, const uint8_t *b, size_t n, char *err,
		   size_t err_len)
{
	struct pfcp_sess *s, *old;
	struct rec_sess x;
	uint8_t *rules, *last = NULL;
	int ret;

	if (!pfcp_srv.enabled) {
		snprintf(err, err_len, "PFCP session record but no sx-service "
			 "here (configurations differ?)");
		return -ENOENT;
	}
	ret = rec_sess_parse(b, n, &x, err, err_len);
	if (ret < 0)
		return ret;
	s = calloc(1, sizeof(*s));
	rules = malloc(x.rules_len);
	if (x.last_len > 0)
		last = malloc(x.last_len);
	if (s == NULL || rules == NULL || (x.last_len > 0 && last == NULL)) {
		free(s);
		free(rules);
		free(last);
		snprintf(err, err_len, "out of memory");
		return -ENOMEM;
	}
	/* What it replaces: the same UP SEID, or another on this TEID. */
	old = ctl_pfcp_idx_get(&pfcp_srv.by_up, x.up_seid);
	if (old != NULL)
		pfcp_sess_free(old, false);
	ctl_pfcp_repl_forget(teid);
	s->up_seid = x.up_seid;
	s->cp_seid = x.cp.seid;
	s->cp_fseid = x.cp;
	s->peer = x.peer;
	s->gen = x.gen;
	s->gw_teid = teid;
	s->created_ms = x.created_ms;
	s->n_mod = x.n_mod;
	s->n_created = x.n_created;
	memcpy(s->created, x.created, sizeof(s->created));
	memcpy(rules, x.rules, x.rules_len);
	s->rules = rules;
	s->rules_len = x.rules_len;
	if (last != NULL)
		memcpy(last, x.last, x.last_len);
	s->last_resp = last;
	s->last_len = x.last_len;
	s->last_from = x.last_from;
	s->last_seq = x.last_seq;
	pfcp_sess_index(s);
	pfcp_srv.fed = true;
	/* No reuse after a takeover. */
	if (x.teid_hwm > pfcp_srv.teid_next)
		pfcp_srv.teid_next = x.teid_hwm;
	if (x.seid_hwm > pfcp_srv.seid_next)
		pfcp_srv.seid_next = x.seid_hwm;
	/* Its last answer, for a retransmission after the takeover. */
	if (last != NULL && s->last_from.len != 0)
		pfcp_cache_put(pfcp_cache_key(&s->last_from, s->last_seq),
			       last, s->last_len);
	return 0;
}

void
ctl_pfcp_repl_forget(uint32_t teid)
{
	struct pfcp_sess *s;

	if (!pfcp_srv.enabled)
		return;
	s = ctl_pfcp_idx_get(&pfcp_srv.by_teid, teid);
	if (s != NULL && s->gw_teid == teid)
		pfcp_sess_free(s, false);
}

/* --- deletions ------------------------------------------------------------ */

void
pfcp_gone_add(uint32_t teid, const struct pfcp_addr *from, uint32_t seq)
{
	struct pfcp_gone *g;
	uintptr_t slot;

	if (pfcp_srv.gone == NULL) {
		pfcp_srv.gone = calloc(PFCP_GONE_MAX, sizeof(*g));
		if (pfcp_srv.gone == NULL)
			return;
	}
	slot = pfcp_srv.gone_next++ % PFCP_GONE_MAX;
	g = &pfcp_srv.gone[slot];
	/* The oldest entry makes room (its delete went long ago). */
	if (g->teid != 0 && (uintptr_t)ctl_pfcp_idx_get(&pfcp_srv.gone_idx,
							g->teid) == slot + 1)
		ctl_pfcp_idx_del(&pfcp_srv.gone_idx, g->teid);
	ctl_pfcp_idx_del(&pfcp_srv.gone_idx, teid);
	g->teid = teid;
	g->seq = seq;
	g->from = *from;
	(void)ctl_pfcp_idx_put(&pfcp_srv.gone_idx, teid, (void *)(slot + 1));
}

void
pfcp_gone_free(void)
{
	free(pfcp_srv.gone);
	pfcp_srv.gone = NULL;
	ctl_pfcp_idx_free(&pfcp_srv.gone_idx);
}

size_t
ctl_pfcp_rec_gone(uint32_t teid, uint8_t *buf, size_t cap)
{
	struct wr w = { .p = buf, .cap = cap };
	const struct pfcp_cache_ent *c;
	const struct pfcp_gone *g;
	uintptr_t slot;

	if (!pfcp_srv.enabled || pfcp_srv.gone == NULL)
		return 0;
	slot = (uintptr_t)ctl_pfcp_idx_get(&pfcp_srv.gone_idx, teid);
	if (slot == 0)
		return 0;
	g = &pfcp_srv.gone[slot - 1];
	c = pfcp_cache_get(pfcp_cache_key(&g->from, g->seq));
	if (c == NULL)
		return 0;
	w_u(&w, REC_VERSION, 1);
	w_addr(&w, &g->from);
	w_u(&w, g->seq, 4);
	w_u(&w, c->len, 2);
	w_bytes(&w, c->bytes, c->len);
	return w.over ? 0 : w.len;
}

int
ctl_pfcp_repl_gone(const uint8_t *b, size_t n, char *err, size_t err_len)
{
	struct rd r = { .p = b, .len = n };
	struct pfcp_addr from;
	const uint8_t *resp;
	uint32_t seq;
	uint16_t len;

	if (!pfcp_srv.enabled) {
		snprintf(err, err_len, "PFCP deletion record but no "
			 "sx-service here (configurations differ?)");
		return -ENOENT;
	}
	if (r_u(&r, 1) != REC_VERSION)
		r.bad = true;
	r_addr(&r, &from);
	seq = (uint32_t)r_u(&r, 4);
	len = (uint16_t)r_u(&r, 2);
	resp = r_bytes(&r, len);
	if (r.bad || r.off != n || len == 0 || from.len == 0) {
		snprintf(err, err_len, "PFCP deletion record: bad length or "
			 "value");
		return -EPROTO;
	}
	pfcp_cache_put(pfcp_cache_key(&from, seq), resp, len);
	return 0;
}

/* --- the node record ------------------------------------------------------ */

uint64_t
ctl_pfcp_node_gen(void)
{
	return pfcp_srv.enabled ? pfcp_srv.node_gen : 0;
}

size_t
ctl_pfcp_rec_node(uint8_t *buf, size_t cap)
{
	struct wr w = { .p = buf, .cap = cap };
	unsigned int i;

	if (!pfcp_srv.enabled)
		return 0;
	w_u(&w, REC_VERSION, 1);
	w_u(&w, pfcp_srv.n_peers, 1);
	w_u(&w, 0, 2);
	w_u(&w, pfcp_srv.rts, 4);
	w_u(&w, pfcp_srv.teid_next, 4);
	w_u(&w, pfcp_srv.seid_next, 8);
	for (i = 0; i < pfcp_srv.n_peers; i++) {
		const struct pfcp_peer *p = &pfcp_srv.peers[i];

		w_u(&w, p->state == PFCP_PEER_IDLE ? 0 : 1, 1);
		w_u(&w, p->node.type, 1);
		w_u(&w, p->node.type == PFCP_NODE_ID_FQDN ?
		    p->node.fqdn.len : 0, 1);
		w_u(&w, 0, 1);
		w_u(&w, p->rts, 4);
		w_u(&w, p->gen, 4);
		w_addr(&w, &p->addr);
		w_bytes(&w, p->node.v4, 4);
		w_bytes(&w, p->node.v6, 16);
		if (p->node.type == PFCP_NODE_ID_FQDN)
			w_bytes(&w, p->node.fqdn.p, p->node.fqdn.len);
	}
	return w.over ? 0 : w.len;
}

int
ctl_pfcp_repl_node(const uint8_t *b, size_t n, char *err, size_t err_len)
{
	struct rd r = { .p = b, .len = n };
	struct pfcp_peer tmp[PFCP_PEERS_MAX];
	uint32_t rts, teid_hwm;
	uint64_t seid_hwm;
	unsigned int i, n_peers;

	if (!pfcp_srv.enabled) {
		snprintf(err, err_len, "PFCP node record but no sx-service "
			 "here (configurations differ?)");
		return -ENOENT;
	}
	if (r_u(&r, 1) != REC_VERSION) {
		snprintf(err, err_len, "PFCP node record: unknown version");
		return -EPROTO;
	}
	n_peers = (unsigned int)r_u(&r, 1);
	(void)r_u(&r, 2);
	rts = (uint32_t)r_u(&r, 4);
	teid_hwm = (uint32_t)r_u(&r, 4);
	seid_hwm = r_u(&r, 8);
	if (n_peers != pfcp_srv.n_peers) {
		snprintf(err, err_len, "PFCP node record: %u peers, %u here "
			 "(configurations differ?)", n_peers,
			 pfcp_srv.n_peers);
		return -EPROTO;
	}
	memcpy(tmp, pfcp_srv.peers, n_peers * sizeof(tmp[0]));
	for (i = 0; !r.bad && i < n_peers; i++) {
		struct pfcp_peer *p = &tmp[i];
		const uint8_t *v;
		uint8_t assoc, flen;

		assoc = (uint8_t)r_u(&r, 1);
		p->node.type = (uint8_t)r_u(&r, 1);
		flen = (uint8_t)r_u(&r, 1);
		(void)r_u(&r, 1);
		p->rts = (uint32_t)r_u(&r, 4);
		p->gen = (uint32_t)r_u(&r, 4);
		r_addr(&r, &p->addr);
		v = r_bytes(&r, 4);
		if (v != NULL)
			memcpy(p->node.v4, v, 4);
		v = r_bytes(&r, 16);
		if (v != NULL)
			memcpy(p->node.v6, v, 16);
		if (p->node.type > PFCP_NODE_ID_FQDN || assoc > 1)
			r.bad = true;
		v = r_bytes(&r, flen);
		if (v != NULL)
			memcpy(p->fqdn, v, flen);
		p->node.fqdn.p = p->fqdn;
		p->node.fqdn.len = p->node.type == PFCP_NODE_ID_FQDN ? flen : 0;
		p->state = assoc ? PFCP_PEER_ASSOCIATED : PFCP_PEER_IDLE;
	}
	if (r.bad || r.off != n) {
		snprintf(err, err_len, "PFCP node record: bad length or value");
		return -EPROTO;
	}
	/* Checked: apply. The pair shows the SMF one Recovery Time Stamp. */
	for (i = 0; i < n_peers; i++) {
		struct pfcp_peer *p = &pfcp_srv.peers[i];

		p->state = tmp[i].state;
		p->node = tmp[i].node;
		memcpy(p->fqdn, tmp[i].fqdn, sizeof(p->fqdn));
		p->node.fqdn.p = p->fqdn;
		p->rts = tmp[i].rts;
		p->gen = tmp[i].gen;
		p->addr = tmp[i].addr;
	}
	pfcp_srv.rts = rts;
	pfcp_srv.fed = true;
	if (teid_hwm > pfcp_srv.teid_next)
		pfcp_srv.teid_next = teid_hwm;
	if (seid_hwm > pfcp_srv.seid_next)
		pfcp_srv.seid_next = seid_hwm;
	pfcp_srv.node_gen++;
	return 0;
}
