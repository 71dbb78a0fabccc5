/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Session tables: the index by (peer, remote TEID) for received Error
 * Indications, a chained hash threaded through the counter slots, and the
 * lookups that use it. Context: control (no worker reads it).
 */
#include <string.h>

#include "sess_table_int.h"

static void
sess_remote_key_make(union sess_remote_key *rk, uint8_t af,
		     const uint8_t *addr, uint32_t teid_remote)
{
	memset(rk, 0, sizeof(*rk));
	memcpy(&rk->b[0], &teid_remote, 4);
	rk->b[4] = af;
	memcpy(&rk->b[8], addr, af == 4 ? 4 : 16);
}

bool
sess_table_i_remote_same(const struct sess_params *a,
			 const struct sess_params *b)
{
	union sess_remote_key ka, kb;

	sess_remote_key_make(&ka, a->peer_af, a->peer_addr, a->teid_remote);
	sess_remote_key_make(&kb, b->peer_af, b->peer_addr, b->teid_remote);
	return memcmp(&ka, &kb, sizeof(ka)) == 0;
}

static uint32_t
sess_remote_hash(const struct sess_table *t, const union sess_remote_key *rk)
{
	return SESS_HASH_FN(rk, sizeof(*rk), t->rk_seed);
}

/* Slot of the session with remote key @rk (hash @h), or SESS_SLOT_NONE. */
static uint32_t
sess_remote_find(const struct sess_table *t, const union sess_remote_key *rk,
		 uint32_t h)
{
	union sess_remote_key ok;
	const struct sess_params *p;
	const struct sess_rk_ent *e;
	uint32_t slot;

	for (slot = t->rk_head[h & t->rk_mask]; slot != SESS_SLOT_NONE;
	     slot = e->next) {
		e = &t->rk[slot];
		if (e->hash != h)
			continue;
		p = &e->obj->s.p;
		sess_remote_key_make(&ok, p->peer_af, p->peer_addr,
				     p->teid_remote);
		if (memcmp(&ok, rk, sizeof(ok)) == 0)
			return slot;
	}
	return SESS_SLOT_NONE;
}

bool
sess_table_i_remote_exists(const struct sess_table *t,
			   const struct sess_params *p)
{
	union sess_remote_key rk;

	if (!sess_params_has_tunnel(p))
		return false;

	sess_remote_key_make(&rk, p->peer_af, p->peer_addr, p->teid_remote);
	return sess_remote_find(t, &rk, sess_remote_hash(t, &rk)) !=
	       SESS_SLOT_NONE;
}

/* Chain @o under its remote key (cannot fail: the slot is the entry). */
void
sess_table_i_remote_link(struct sess_table *t, struct sess_obj *o)
{
	union sess_remote_key rk;
	struct sess_rk_ent *e = &t->rk[o->s.slot];
	uint32_t b;

	e->obj = o;
	if (!sess_params_has_tunnel(&o->s.p)) {
		/* Nothing to find it by; the slot still maps to it. */
		e->next = SESS_SLOT_NONE;
		e->hash = 0;
		return;
	}
	sess_remote_key_make(&rk, o->s.p.peer_af, o->s.p.peer_addr,
			     o->s.p.teid_remote);
	e->hash = sess_remote_hash(t, &rk);
	b = e->hash & t->rk_mask;
	e->next = t->rk_head[b];
	t->rk_head[b] = o->s.slot;
}

/* Take slot @slot out of its chain. */
void
sess_table_i_remote_unlink(struct sess_table *t, uint32_t slot)
{
	struct sess_rk_ent *e = &t->rk[slot];
	uint32_t *link;

	if (e->obj == NULL || !sess_params_has_tunnel(&e->obj->s.p))
		goto out_clear;	/* never chained */
	for (link = &t->rk_head[e->hash & t->rk_mask];
	     *link != SESS_SLOT_NONE; link = &t->rk[*link].next) {
		if (*link == slot) {
			*link = e->next;
			break;
		}
	}
out_clear:
	e->next = SESS_SLOT_NONE;
	e->obj = NULL;
}

const struct sess *
sess_table_lookup_remote(const struct sess_table *t, uint8_t af,
			 const uint8_t *peer_addr, uint32_t teid_remote)
{
	union sess_remote_key rk;
	uint32_t slot;

	if (t == NULL || peer_addr == NULL || (af != 4 && af != 6))
		return NULL;
	sess_remote_key_make(&rk, af, peer_addr, teid_remote);
	slot = sess_remote_find(t, &rk, sess_remote_hash(t, &rk));
	if (slot == SESS_SLOT_NONE)
		return NULL;
	return &t->rk[slot].obj->s;
}

const struct sess *
sess_table_by_slot(const struct sess_table *t, uint32_t slot)
{
	if (t == NULL || slot >= t->capacity || t->rk[slot].obj == NULL)
		return NULL;
	return &t->rk[slot].obj->s;
}
