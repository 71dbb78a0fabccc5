/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Forwarding state: building and RCU publication of ports, addresses and
 * LPM routes, and the part of the neighbour table the workers read (atomic
 * MAC/port words, use marks, the address -> id map) with the primitives
 * that write it and reuse an id after a grace period. Resolution,
 * references and ageing are control/net/ctl_nbr.c's.
 * Context: control, except the lookups noted "any".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urcu-qsbr.h>

#include <rte_common.h>
#include <rte_byteorder.h>
#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_jhash.h>
#include <rte_malloc.h>

#include "dp_fwd.h"
#include "dp_port.h"

#define DP_FWD_LPM_TBL_INIT	8

/* Key of the neighbour address map. */
struct dp_fwd_nh_key {
	uint8_t		af;
	uint8_t		pad[3];
	uint8_t		addr[16];
};

/* Dataplane side of one neighbour id: its map key and slot, and its
 * wait for a grace period once unmapped. */
struct dp_fwd_nh_slot {
	struct dp_fwd_nh_key	key;
	uint8_t			state;		/* enum dp_fwd_slot_state */
	uint16_t		port_idx;
	int32_t			hash_pos;
	struct dp_rcu_node	rcu_node;	/* DP_FWD_SLOT_RETIRED */
};

enum dp_fwd_slot_state {
	DP_FWD_SLOT_FREE = 0,
	DP_FWD_SLOT_MAPPED,
	DP_FWD_SLOT_RETIRED,	/* unmapped, id reused after a grace period */
};

/* What dp_fwd_reclaim() releases. */
enum dp_fwd_rcu_kind {
	DP_FWD_RCU_STATE = 0,
	DP_FWD_RCU_NH,
};

uint64_t dp_fwd_nh_words[DP_FWD_MAX_NH];
uint8_t dp_fwd_nh_used[DP_FWD_MAX_NH];
struct dp_fwd_state *dp_fwd_cur;

static struct rte_hash *dp_fwd_nh_map;
static struct dp_fwd_nh_slot *dp_fwd_nh_slots;	/* DP_FWD_MAX_NH entries */
static uint64_t dp_fwd_nh_inits;	/* dp_fwd_init() calls (epochs) */
static uint32_t dp_fwd_gen;
/* Replaced states and freed neighbours waiting for a grace period: one
 * queue each (the release function tells them apart by queue). */
static struct dp_rcu_defer dp_fwd_dq[2];
static bool dp_fwd_dq_ready;
/* Publishes so far, and the last one no worker can still be behind. */
static uint64_t dp_fwd_pub_seq;
static uint64_t dp_fwd_settled_seq;

static void
dp_fwd_state_release(void *arg, struct dp_rcu_node *n)
{
	struct dp_fwd_state *st = container_of(n, struct dp_fwd_state,
					       rcu_node);

	(void)arg;
	/* Grace periods end in order: no reader holds this state or any
	 * older one, so every worker is at publish replaced_by or later. */
	if (st->replaced_by > dp_fwd_settled_seq)
		dp_fwd_settled_seq = st->replaced_by;
	dp_fwd_state_free(st);
}

static void
dp_fwd_nh_release(void *arg, struct dp_rcu_node *n)
{
	struct dp_fwd_nh_slot *nh = container_of(n, struct dp_fwd_nh_slot,
						 rcu_node);

	(void)arg;
	if (nh->hash_pos >= 0 && dp_fwd_nh_map != NULL)
		rte_hash_free_key_with_position(dp_fwd_nh_map, nh->hash_pos);
	memset(nh, 0, sizeof(*nh));	/* DP_FWD_SLOT_FREE: id reusable */
}

/* The queues, set up on first use (states may be published before
 * dp_fwd_init()). */
static struct dp_rcu_defer *
dp_fwd_dq_get(enum dp_fwd_rcu_kind kind)
{
	if (!dp_fwd_dq_ready) {
		dp_rcu_defer_init(&dp_fwd_dq[DP_FWD_RCU_STATE],
				  dp_fwd_state_release, NULL);
		dp_rcu_defer_init(&dp_fwd_dq[DP_FWD_RCU_NH],
				  dp_fwd_nh_release, NULL);
		dp_fwd_dq_ready = true;
	}
	return &dp_fwd_dq[kind];
}

/* Run @fn (poll or drain) on both queues. */
static unsigned int
dp_fwd_dq_run(unsigned int (*fn)(struct dp_rcu_defer *d))
{
	if (!dp_fwd_dq_ready)
		return 0;
	return fn(&dp_fwd_dq[DP_FWD_RCU_STATE]) + fn(&dp_fwd_dq[DP_FWD_RCU_NH]);
}

unsigned int
dp_fwd_reclaim(void)
{
	return dp_fwd_dq_run(dp_rcu_defer_poll);
}

unsigned int
dp_fwd_reclaim_wait(void)
{
	return dp_fwd_dq_run(dp_rcu_defer_drain);
}

uint32_t
dp_fwd_reclaim_pending(void)
{
	if (!dp_fwd_dq_ready)
		return 0;
	return dp_rcu_defer_pending(&dp_fwd_dq[DP_FWD_RCU_STATE]) +
	       dp_rcu_defer_pending(&dp_fwd_dq[DP_FWD_RCU_NH]);
}

int
dp_fwd_init(int socket)
{
	struct rte_hash_parameters hp = {
		.name = "dp_fwd_nh",
		.entries = DP_FWD_MAX_NH,
		.key_len = sizeof(struct dp_fwd_nh_key),
		.hash_func = rte_jhash,
		.socket_id = socket,
		/* Workers read while control writes: lock-free readers, key
		 * slots given back only after a grace period. */
		.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF |
			      RTE_HASH_EXTRA_FLAGS_NO_FREE_ON_DEL,
	};

	if (dp_fwd_nh_map != NULL)
		return -EALREADY;
	dp_fwd_nh_slots = calloc(DP_FWD_MAX_NH, sizeof(*dp_fwd_nh_slots));
	if (dp_fwd_nh_slots == NULL)
		return -ENOMEM;
	dp_fwd_nh_map = rte_hash_create(&hp);
	if (dp_fwd_nh_map == NULL) {
		DP_LOG(ERR, "rte_hash_create(dp_fwd_nh): %s\n",
		       rte_strerror(rte_errno));
		free(dp_fwd_nh_slots);
		dp_fwd_nh_slots = NULL;
		return -ENOMEM;
	}
	memset(dp_fwd_nh_words, 0, sizeof(dp_fwd_nh_words));
	memset(dp_fwd_nh_used, 0, sizeof(dp_fwd_nh_used));
	/* Reclaim queues now, on the control thread (not lazily on some
	 * other thread that calls in first). */
	dp_fwd_dq_get(DP_FWD_RCU_STATE);
	dp_fwd_nh_inits++;
	return 0;
}

void
dp_fwd_state_free(struct dp_fwd_state *st)
{
	if (st == NULL)
		return;
	free(st->lpm4.tbl);
	free(st->lpm6.tbl);
	free(st->routes);
	free(st);
}

void
dp_fwd_fini(void)
{
	struct dp_fwd_state *old = dp_fwd_cur;

	rcu_assign_pointer(dp_fwd_cur, NULL);
	if (old != NULL)
		dp_rcu_defer_add(dp_fwd_dq_get(DP_FWD_RCU_STATE),
				 &old->rcu_node);
	/* Shutdown, off the live reactor: the one place that waits. */
	if (dp_fwd_dq_ready) {
		dp_rcu_defer_fini(&dp_fwd_dq[DP_FWD_RCU_STATE]);
		dp_rcu_defer_fini(&dp_fwd_dq[DP_FWD_RCU_NH]);
		dp_fwd_dq_ready = false;
	}
	rte_hash_free(dp_fwd_nh_map);
	dp_fwd_nh_map = NULL;
	free(dp_fwd_nh_slots);
	dp_fwd_nh_slots = NULL;
	memset(dp_fwd_nh_words, 0, sizeof(dp_fwd_nh_words));
}

static int
dp_fwd_lpm_init(struct dp_fwd_lpm *l)
{
	l->tbl = calloc(DP_FWD_LPM_TBL_INIT, sizeof(*l->tbl));
	if (l->tbl == NULL)
		return -ENOMEM;
	l->cap = DP_FWD_LPM_TBL_INIT;
	l->n_tbl = 1;
	return 0;
}

/* A new table below an entry inherits that entry's route. */
static int
dp_fwd_lpm_child(struct dp_fwd_lpm *l, uint32_t t, uint8_t idx)
{
	struct dp_fwd_lpm_ent (*n)[256];
	struct dp_fwd_lpm_ent inherit;
	uint32_t c;
	unsigned int i;

	if (l->n_tbl == l->cap) {
		n = realloc(l->tbl, 2 * l->cap * sizeof(*l->tbl));
		if (n == NULL)
			return -ENOMEM;
		l->tbl = n;
		l->cap *= 2;
	}
	c = l->n_tbl++;
	inherit = l->tbl[t][idx];
	inherit.child = 0;
	for (i = 0; i < 256; i++)
		l->tbl[c][i] = inherit;
	l->tbl[t][idx].child = c;
	return 0;
}

/* Set entry @idx of table @t (and what it covers below) for a route of
 * length @depth, unless a longer route owns it. */
static void
dp_fwd_lpm_set(struct dp_fwd_lpm *l, uint32_t t, unsigned int idx,
	       uint32_t value, uint8_t depth)
{
	struct dp_fwd_lpm_ent *e = &l->tbl[t][idx];
	unsigned int i;

	if (!e->valid || e->depth <= depth) {
		e->value = value;
		e->depth = depth;
		e->valid = 1;
	}
	if (e->child != 0)
		for (i = 0; i < 256; i++)
			dp_fwd_lpm_set(l, e->child, i, value, depth);
}

static int
dp_fwd_lpm_add(struct dp_fwd_lpm *l, const uint8_t *prefix, uint8_t plen,
	       uint32_t value)
{
	unsigned int level = 0;
	unsigned int start;
	unsigned int span;
	unsigned int r;
	unsigned int i;
	uint32_t t = 0;
	int ret;

	while (plen > 8 * (level + 1)) {
		if (l->tbl[t][prefix[level]].child == 0) {
			ret = dp_fwd_lpm_child(l, t, prefix[level]);
			if (ret != 0)
				return ret;
		}
		t = l->tbl[t][prefix[level]].child;
		level++;
	}
	r = plen - 8 * level;		/* 0..8 bits left at this level */
	span = 1u << (8 - r);
	start = r == 0 ? 0 : (prefix[level] & (0xffu << (8 - r)) & 0xff);
	for (i = start; i < start + span; i++)
		dp_fwd_lpm_set(l, t, i, value, plen);
	return 0;
}

struct dp_fwd_state *
dp_fwd_state_new(int socket)
{
	struct dp_fwd_state *st;
	unsigned int i;

	(void)socket;
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		goto out_nomem;
	st->routes = calloc(2 * DP_FWD_MAX_ROUTES, sizeof(*st->routes));
	if (st->routes == NULL)
		goto out_free;
	st->gen = ++dp_fwd_gen;
	st->active = true;
	st->data_mode = DP_DATA_ALL;
	st->src_check = true;
	st->mc_refresh_tsc = DP_CKPT_RING_OFF;
	for (i = 0; i < DP_MAX_PORTS; i++) {
		st->ports[i].src4 = -1;
		st->ports[i].src6 = -1;
	}
	if (dp_fwd_lpm_init(&st->lpm4) != 0 || dp_fwd_lpm_init(&st->lpm6) != 0)
		goto out_free;
	return st;

out_free:
	dp_fwd_state_free(st);
out_nomem:
	errno = ENOMEM;
	return NULL;
}

static int
dp_fwd_lpm_copy(struct dp_fwd_lpm *dst, const struct dp_fwd_lpm *src)
{
	dst->tbl = calloc(src->cap, sizeof(*dst->tbl));
	if (dst->tbl == NULL)
		return -ENOMEM;
	memcpy(dst->tbl, src->tbl, src->n_tbl * sizeof(*dst->tbl));
	dst->cap = src->cap;
	dst->n_tbl = src->n_tbl;
	return 0;
}

struct dp_fwd_state *
dp_fwd_state_clone(const struct dp_fwd_state *src)
{
	struct dp_fwd_state *st;

	if (src == NULL) {
		errno = EINVAL;
		return NULL;
	}
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		goto out_nomem;
	*st = *src;
	st->lpm4.tbl = NULL;
	st->lpm6.tbl = NULL;
	st->routes = calloc(2 * DP_FWD_MAX_ROUTES, sizeof(*st->routes));
	if (st->routes == NULL)
		goto out_free;
	memcpy(st->routes, src->routes, src->n_routes * sizeof(*st->routes));
	if (dp_fwd_lpm_copy(&st->lpm4, &src->lpm4) != 0 ||
	    dp_fwd_lpm_copy(&st->lpm6, &src->lpm6) != 0)
		goto out_free;
	st->gen = ++dp_fwd_gen;
	return st;

out_free:
	dp_fwd_state_free(st);
out_nomem:
	errno = ENOMEM;
	return NULL;
}

int
dp_fwd_port_set(struct dp_fwd_state *st, uint16_t port_idx, uint8_t role,
		const struct rte_ether_addr *mac)
{
	struct dp_fwd_port *p;

	if (st == NULL || mac == NULL || port_idx >= DP_MAX_PORTS ||
	    (role != DP_ROLE_ACCESS && role != DP_ROLE_CORE))
		return -EINVAL;
	p = &st->ports[port_idx];
	p->used = true;
	p->role = role;
	p->mac = *mac;
	return 0;
}

/* Zero the host bits of @addr (family @af) after @plen bits. */
static void
dp_fwd_prefix_mask(uint8_t af, const uint8_t *addr, uint8_t plen,
		   uint8_t *out)
{
	unsigned int len = af == 4 ? 4 : 16;
	unsigned int i;

	for (i = 0; i < len; i++) {
		if (plen >= 8 * (i + 1))
			out[i] = addr[i];
		else if (plen <= 8 * i)
			out[i] = 0;
		else
			out[i] = addr[i] & (uint8_t)(0xff << (8 - (plen - 8 * i)));
	}
	for (; i < 16; i++)
		out[i] = 0;
}

static int
dp_fwd_route_store(struct dp_fwd_state *st, uint8_t af, const uint8_t *prefix,
	       uint8_t plen, uint32_t value, bool connected, uint16_t port_idx,
	       uint16_t nh_id)
{
	struct dp_fwd_route *r;
	uint8_t net[16];
	int ret;

	if (af != 4 && af != 6)
		return -EINVAL;
	if (plen > (af == 4 ? 32 : 128))
		return -EINVAL;
	if (st->n_routes >= 2 * DP_FWD_MAX_ROUTES)
		return -ENOSPC;
	dp_fwd_prefix_mask(af, prefix, plen, net);
	ret = dp_fwd_lpm_add(af == 4 ? &st->lpm4 : &st->lpm6, net, plen, value);
	if (ret != 0)
		return ret;
	if (af == 4)
		st->n_routes4++;
	else
		st->n_routes6++;
	r = &st->routes[st->n_routes++];
	r->af = af;
	r->plen = plen;
	r->connected = connected;
	r->port_idx = port_idx;
	r->nh_id = nh_id;
	memcpy(r->prefix, net, 16);
	return 0;
}

int
dp_fwd_addr_add(struct dp_fwd_state *st, uint16_t port_idx, uint8_t af,
		const uint8_t *addr, uint8_t plen, bool srp_activate)
{
	struct dp_fwd_addr *a;
	struct dp_fwd_port *p;
	int ret;

	if (st == NULL || addr == NULL || port_idx >= DP_MAX_PORTS ||
	    (af != 4 && af != 6) || plen > (af == 4 ? 32 : 128))
		return -EINVAL;
	if (dp_fwd_is_local(st, port_idx, af, addr))
		return -EEXIST;
	p = &st->ports[port_idx];
	if (p->n_addrs >= DP_FWD_MAX_ADDRS)
		return -ENOSPC;
	if (plen < (af == 4 ? 32 : 128)) {
		ret = dp_fwd_route_store(st, af, addr, plen,
				     DP_FWD_LPM_CONNECTED | port_idx, true,
				     port_idx, DP_NH_NONE);
		/* Two addresses in one subnet share its route. */
		if (ret != 0 && ret != -EEXIST)
			return ret;
	}
	a = &p->addrs[p->n_addrs];
	memset(a, 0, sizeof(*a));
	a->af = af;
	a->plen = plen;
	a->srp_activate = srp_activate;
	memcpy(a->addr, addr, af == 4 ? 4 : 16);
	if (af == 4 && p->src4 < 0)
		p->src4 = (int8_t)p->n_addrs;
	if (af == 6 && p->src6 < 0)
		p->src6 = (int8_t)p->n_addrs;
	p->n_addrs++;
	return 0;
}

int
dp_fwd_route_add(struct dp_fwd_state *st, uint8_t af, const uint8_t *prefix,
		 uint8_t plen, uint16_t nh_id)
{
	if (st == NULL || prefix == NULL || nh_id >= DP_FWD_MAX_NH ||
	    dp_fwd_nh_slots == NULL ||
	    dp_fwd_nh_slots[nh_id].state != DP_FWD_SLOT_MAPPED)
		return -EINVAL;
	return dp_fwd_route_store(st, af, prefix, plen, nh_id, false,
			      dp_fwd_nh_slots[nh_id].port_idx, nh_id);
}

void
dp_fwd_publish(struct dp_fwd_state *st)
{
	struct dp_fwd_state *old = dp_fwd_cur;

	rcu_assign_pointer(dp_fwd_cur, st);
	dp_fwd_pub_seq++;
	if (old == NULL)
		dp_fwd_settled_seq = dp_fwd_pub_seq;	/* nothing to leave */
	if (old != NULL) {
		old->replaced_by = dp_fwd_pub_seq;
		/* Workers drop their pointer at their next quiescent state;
		 * freed by a later poll, never waited for here. */
		dp_rcu_defer_add(dp_fwd_dq_get(DP_FWD_RCU_STATE),
				 &old->rcu_node);
		dp_rcu_defer_poll(&dp_fwd_dq[DP_FWD_RCU_STATE]);
	}
}

uint64_t
dp_fwd_published(void)
{
	return dp_fwd_pub_seq;
}

bool
dp_fwd_settled(uint64_t seq)
{
	if (dp_fwd_settled_seq < seq && dp_fwd_dq_ready)
		dp_rcu_defer_poll(&dp_fwd_dq[DP_FWD_RCU_STATE]);
	return dp_fwd_settled_seq >= seq;
}

const struct dp_fwd_state *
dp_fwd_state_get(void)
{
	return dp_fwd_cur;
}

unsigned int
dp_fwd_routes(struct dp_fwd_route *out, unsigned int max)
{
	const struct dp_fwd_state *st = dp_fwd_cur;
	unsigned int n;

	if (st == NULL || out == NULL)
		return 0;
	n = st->n_routes < max ? st->n_routes : max;
	memcpy(out, st->routes, n * sizeof(*out));
	return n;
}

/*
 * Neighbours: what workers read, written for control/net/ctl_nbr.c.
 */

static void
dp_fwd_key_make(struct dp_fwd_nh_key *k, uint8_t af, const uint8_t *addr)
{
	memset(k, 0, sizeof(*k));
	k->af = af;
	memcpy(k->addr, addr, af == 4 ? 4 : 16);
}

int
dp_fwd_nh_lookup(uint8_t af, const uint8_t *addr, uint16_t *id)
{
	struct dp_fwd_nh_key k;
	void *data;

	if (dp_fwd_nh_map == NULL || (af != 4 && af != 6))
		return -ENOENT;
	dp_fwd_key_make(&k, af, addr);
	if (rte_hash_lookup_data(dp_fwd_nh_map, &k, &data) < 0)
		return -ENOENT;
	*id = (uint16_t)(uintptr_t)data;
	return 0;
}

uint64_t
dp_fwd_nh_epoch(void)
{
	return dp_fwd_nh_map != NULL ? dp_fwd_nh_inits : 0;
}

int
dp_fwd_nh_map_add(uint8_t af, const uint8_t *addr, uint16_t port_idx,
		  uint16_t id)
{
	struct dp_fwd_nh_slot *nh;
	struct dp_fwd_nh_key k;
	int32_t pos;

	if (dp_fwd_nh_map == NULL || id >= DP_FWD_MAX_NH ||
	    (af != 4 && af != 6))
		return -EINVAL;
	dp_fwd_key_make(&k, af, addr);
	pos = rte_hash_add_key_data(dp_fwd_nh_map, &k, (void *)(uintptr_t)id);
	if (pos < 0)
		return pos == -ENOSPC ? -ENOSPC : -EINVAL;
	pos = rte_hash_lookup(dp_fwd_nh_map, &k);
	nh = &dp_fwd_nh_slots[id];
	nh->key = k;
	nh->hash_pos = pos;
	nh->port_idx = port_idx;
	nh->state = DP_FWD_SLOT_MAPPED;
	return 0;
}

void
dp_fwd_nh_unmap(uint16_t id)
{
	struct dp_fwd_nh_slot *nh;

	if (dp_fwd_nh_slots == NULL || id >= DP_FWD_MAX_NH ||
	    dp_fwd_nh_slots[id].state != DP_FWD_SLOT_MAPPED)
		return;
	nh = &dp_fwd_nh_slots[id];
	rte_hash_del_key(dp_fwd_nh_map, &nh->key);
	dp_fwd_nh_word_set(id, 0);
	nh->state = DP_FWD_SLOT_RETIRED;
	dp_rcu_defer_add(dp_fwd_dq_get(DP_FWD_RCU_NH), &nh->rcu_node);
}

bool
dp_fwd_nh_reusable(uint16_t id)
{
	return dp_fwd_nh_slots != NULL && id < DP_FWD_MAX_NH &&
	       dp_fwd_nh_slots[id].state == DP_FWD_SLOT_FREE;
}
