/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Session tables (TEID, UE IPv4, UE IPv6 rte_hash in lock-free read mode,
 * plus a control-only hash by peer and remote TEID), immutable session
 * objects, counter slots and their QSBR reclamation; written by the control
 * lcore only, read by the workers.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_random.h>
#if defined(RTE_ARCH_X86) || defined(RTE_ARCH_ARM64)
#include <rte_hash_crc.h>
#define SESS_HASH_FN	rte_hash_crc
#else
#include <rte_jhash.h>
#define SESS_HASH_FN	rte_jhash
#endif

#include "dp_rcu.h"
#include "sess_table.h"

/* Keys of one session, in the order of sess_table.h (TEID, UE4, UE6). */
enum sess_key {
	SESS_KEY_TEID = 0,
	SESS_KEY_UE4,
	SESS_KEY_UE6,
	SESS_KEY_N,
};

#define SESS_POS_NONE	(-1)
#define SESS_FLAGS_ALL	(SESS_F_VOLTE | SESS_F_ERR_IND)

/*
 * A session object as allocated: the published part first (readers only
 * see struct sess), then what the writer needs to retire it.
 */
struct sess_obj {
	struct sess		s;
	struct dp_rcu_node	node;		/* waiting for a grace period */
	int32_t			pos[SESS_KEY_N]; /* key slots to free */
	uint32_t		free_slot;	/* slot to return, or NONE */
};

/*
 * One entry of the (peer, remote TEID) index, per counter slot: one cache
 * miss per chain step; the object is only read when the full hash matches.
 */
struct sess_rk_ent {
	uint32_t	next;	/* next slot in the chain, or NONE */
	uint32_t	hash;	/* of the key, unmasked */
	struct sess_obj	*obj;	/* current object of the slot */
};

struct sess_table {
	struct rte_hash		*h[SESS_KEY_N];
	struct sess_cnt		**cnt;		/* [n_workers][capacity] */
	/* Counters sessions brought with them, by slot (control only). */
	struct sess_cnt_base	*base;		/* [capacity] */
	unsigned int		n_workers;
	uint32_t		capacity;	/* counter slots: max + headroom */
	uint32_t		max_sess;	/* sessions allowed (max-sessions) */
	uint32_t		n_sess;
	/* Free counter slots: a stack of slot numbers. */
	uint32_t		*free_slots;
	uint32_t		n_free;
	/* Retired objects waiting for a grace period (never blocks). */
	struct dp_rcu_defer	dq;
	uint32_t		n_pending_slots;
	uint32_t		n_obj;		/* objects allocated, not freed */
	struct sess_table_stats	st;
	uint64_t		fixed_bytes;	/* hashes, counters, slot list */
	/*
	 * Sessions by (peer, remote TEID), for received Error Indications.
	 * Only the control lcore reads or writes it, so it needs no RCU:
	 * a chained hash threaded through the counter slots (a slot belongs
	 * to one live session), kept in libc memory, 16 bytes per slot plus
	 * 4 per bucket.
	 */
	uint32_t		*rk_head;	/* [rk_mask + 1] first slot */
	struct sess_rk_ent	*rk;		/* [capacity], by slot */
	uint32_t		rk_mask;
	uint32_t		rk_seed;	/* random per table */
	/* Told about every change (session replication). */
	sess_table_change_fn	*hook;
	void			*hook_arg;
	/* Running digest (sess_table_digest_set), sum over live sessions. */
	sess_table_digest_fn	*digest_fn;
	uint64_t		digest;
};

/*
 * Key of the remote table: bytes 0-3 remote TEID, 4 peer af, 8-23 peer
 * address (an IPv4 peer uses 4 bytes), the rest 0. Written with memcpy
 * only: the CRC reads it as 64-bit words, which a store through a
 * narrower member type would not be ordered with (strict aliasing).
 */
union sess_remote_key {
	uint64_t	u64[3];
	uint8_t		b[24];
};

static const uint32_t sess_key_len[SESS_KEY_N] = { 4, 4, 16 };
static const char *const sess_key_tag[SESS_KEY_N] = { "t", "4", "6" };
static atomic_uint sess_table_seq;

static void sess_obj_release_node(void *arg, struct dp_rcu_node *n);

/* Bytes allocated from the DPDK heaps of every socket. */
static uint64_t
sess_heap_used(void)
{
	struct rte_malloc_socket_stats ms;
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < rte_socket_count(); i++) {
		if (rte_malloc_get_socket_stats(rte_socket_id_by_idx(i),
						&ms) == 0)
			sum += ms.heap_allocsz_bytes;
	}
	return sum;
}

static uint64_t
sess_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void
sess_table_destroy(struct sess_table *t)
{
	unsigned int i;

	for (i = 0; i < SESS_KEY_N; i++)
		rte_hash_free(t->h[i]);
	if (t->cnt != NULL) {
		for (i = 0; i < t->n_workers; i++)
			rte_free(t->cnt[i]);
		free(t->cnt);
	}
	free(t->base);
	free(t->free_slots);
	free(t->rk_head);
	free(t->rk);
	free(t);
}

struct sess_table *
sess_table_create(uint32_t max_sess, unsigned int n_workers, int socket)
{
	uint32_t capacity = max_sess + sess_table_headroom(max_sess);
	struct rte_hash_parameters hp;
	struct sess_table *t;
	char name[RTE_HASH_NAMESIZE];
	uint64_t heap0;
	unsigned int seq, i;
	uint32_t entries;
	int err;

	if (max_sess == 0 || n_workers == 0 || n_workers > RTE_MAX_LCORE) {
		errno = EINVAL;
		return NULL;
	}
	if (max_sess > SESS_MAX_CAPACITY) {
		errno = ENOSPC;
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (t == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	heap0 = sess_heap_used();
	t->capacity = capacity;
	t->max_sess = max_sess;
	t->n_workers = n_workers;
	seq = atomic_fetch_add(&sess_table_seq, 1);

	/*
	 * A quarter more entries than counter slots (sessions plus the
	 * reclaim headroom): cuckoo inserts stay easy at this load, and a
	 * modify that changes a UE address needs a second key slot until
	 * the grace period ends.
	 */
	entries = capacity + capacity / 4 + 64;
	for (i = 0; i < SESS_KEY_N; i++) {
		snprintf(name, sizeof(name), "ss%u_%s", seq, sess_key_tag[i]);
		memset(&hp, 0, sizeof(hp));
		hp.name = name;
		hp.entries = entries;
		hp.key_len = sess_key_len[i];
		hp.hash_func = SESS_HASH_FN;
		hp.hash_func_init_val = 0;
		hp.socket_id = socket;
		hp.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF |
				RTE_HASH_EXTRA_FLAGS_NO_FREE_ON_DEL;
		t->h[i] = rte_hash_create(&hp);
		if (t->h[i] == NULL) {
			err = rte_errno == ENOSPC ? ENOSPC : ENOMEM;
			goto out_destroy;
		}
	}

	t->cnt = calloc(n_workers, sizeof(*t->cnt));
	if (t->cnt == NULL) {
		err = ENOMEM;
		goto out_destroy;
	}
	for (i = 0; i < n_workers; i++) {
		t->cnt[i] = rte_zmalloc_socket("sess_cnt",
					       (size_t)capacity *
					       sizeof(struct sess_cnt),
					       RTE_CACHE_LINE_SIZE, socket);
		if (t->cnt[i] == NULL) {
			err = ENOMEM;
			goto out_destroy;
		}
	}

	t->base = calloc(capacity, sizeof(*t->base));
	t->free_slots = malloc((size_t)capacity * sizeof(*t->free_slots));
	if (t->base == NULL || t->free_slots == NULL) {
		err = ENOMEM;
		goto out_destroy;
	}
	/* Stack: slot 0 is handed out first. */
	for (i = 0; i < capacity; i++)
		t->free_slots[i] = capacity - 1 - i;
	t->n_free = capacity;

	/* Remote key chains: about one bucket per session. */
	t->rk_mask = rte_align32pow2(capacity) - 1;
	t->rk_head = malloc(((size_t)t->rk_mask + 1) * sizeof(*t->rk_head));
	t->rk = calloc(capacity, sizeof(*t->rk));
	if (t->rk_head == NULL || t->rk == NULL) {
		err = ENOMEM;
		goto out_destroy;
	}
	for (i = 0; i <= t->rk_mask; i++)
		t->rk_head[i] = SESS_SLOT_NONE;
	t->rk_seed = (uint32_t)rte_rand();

	t->fixed_bytes = sess_heap_used() - heap0 +
			 (uint64_t)capacity * sizeof(*t->free_slots) +
			 (uint64_t)capacity * sizeof(*t->base) +
			 ((uint64_t)t->rk_mask + 1) * sizeof(*t->rk_head) +
			 (uint64_t)capacity * sizeof(*t->rk) +
			 n_workers * sizeof(*t->cnt) + sizeof(*t);
	dp_rcu_defer_init(&t->dq, sess_obj_release_node, t);
	return t;

out_destroy:
	sess_table_destroy(t);
	errno = err;
	return NULL;
}

static void
sess_obj_free(struct sess_table *t, struct sess_obj *o)
{
	t->n_obj--;
	free(o);
}

/* Free what the grace period protected: key slots, counter slot, object. */
static void
sess_obj_release_node(void *arg, struct dp_rcu_node *n)
{
	struct sess_obj *o = container_of(n, struct sess_obj, node);
	struct sess_table *t = arg;
	unsigned int k;

	for (k = 0; k < SESS_KEY_N; k++) {
		if (o->pos[k] != SESS_POS_NONE)
			rte_hash_free_key_with_position(t->h[k], o->pos[k]);
	}
	if (o->free_slot != SESS_SLOT_NONE) {
		t->free_slots[t->n_free++] = o->free_slot;
		t->n_pending_slots--;
	}
	sess_obj_free(t, o);
}

void
sess_table_free(struct sess_table *t)
{
	const void *key;
	void *data;
	uint32_t iter = 0;

	if (t == NULL)
		return;
	/* Shutdown, workers stopped: the only place that may wait. */
	dp_rcu_defer_fini(&t->dq);
	while (rte_hash_iterate(t->h[SESS_KEY_TEID], &key, &data, &iter) >= 0)
		sess_obj_free(t, container_of(data, struct sess_obj, s));
	sess_table_destroy(t);
}

/* Put @o on the pending list; it is freed by the next reclaim. */
static void
sess_obj_retire(struct sess_table *t, struct sess_obj *o)
{
	dp_rcu_defer_add(&t->dq, &o->node);
	if (o->free_slot != SESS_SLOT_NONE)
		t->n_pending_slots++;
}

static struct sess_obj *
sess_obj_new(struct sess_table *t)
{
	struct sess_obj *o = malloc(sizeof(*o));
	unsigned int k;

	if (o == NULL)
		return NULL;
	t->n_obj++;
	memset(o, 0, sizeof(*o));
	for (k = 0; k < SESS_KEY_N; k++)
		o->pos[k] = SESS_POS_NONE;
	o->free_slot = SESS_SLOT_NONE;
	return o;
}

static int
sess_params_check(const struct sess_params *p)
{
	if (p == NULL || p->teid_local == 0 || p->teid_remote == 0)
		return -EINVAL;
	if (!p->has_ue4 && !p->has_ue6)
		return -EINVAL;
	if (p->has_qfi && p->qfi > 63)
		return -EINVAL;
	if (p->peer_af != 4 && p->peer_af != 6)
		return -EINVAL;
	if ((p->flags & ~SESS_FLAGS_ALL) != 0)
		return -EINVAL;
	return 0;
}

/* A key copied to aligned storage: rte_hash_crc reads it in words. */
union sess_key_buf {
	uint64_t	u64[2];
	uint32_t	u32;
	uint8_t		b[16];
};

/* The key of @p in table @k (copied into @kb), or NULL when it has none. */
static const void *
sess_key_of(const struct sess_params *p, unsigned int k,
	    union sess_key_buf *kb)
{
	switch (k) {
	case SESS_KEY_TEID:
		kb->u32 = p->teid_local;
		return kb->b;
	case SESS_KEY_UE4:
		if (!p->has_ue4)
			return NULL;
		memcpy(kb->b, p->ue4, 4);
		return kb->b;
	case SESS_KEY_UE6:
		if (!p->has_ue6)
			return NULL;
		memcpy(kb->b, p->ue6, 16);
		return kb->b;
	default:
		return NULL;
	}
}

static bool
sess_key_same(const struct sess_params *a, const struct sess_params *b,
	      unsigned int k)
{
	union sess_key_buf ba, bb;
	const void *ka = sess_key_of(a, k, &ba), *kb = sess_key_of(b, k, &bb);

	if (ka == NULL || kb == NULL)
		return ka == kb;
	return memcmp(ka, kb, sess_key_len[k]) == 0;
}

static void
sess_stats_account(struct sess_table *t, const struct sess_params *p, int d)
{
	struct sess_table_stats *st = &t->st;

	if (p->has_ue4 && p->has_ue6)
		st->n_dual += d;
	else if (p->has_ue4)
		st->n_ipv4 += d;
	else
		st->n_ipv6 += d;
	if (p->has_qfi)
		st->n_qfi += d;
	if (p->flags & SESS_F_VOLTE)
		st->n_volte += d;
	if (p->flags & SESS_F_ERR_IND)
		st->n_err_ind += d;
}

/* Add (@d > 0) or take out the fingerprint of @s from the digest. */
static inline void
sess_digest_account(struct sess_table *t, const struct sess *s, int d)
{
	if (t->digest_fn == NULL)
		return;
	if (d > 0)
		t->digest += t->digest_fn(s);
	else
		t->digest -= t->digest_fn(s);
}

static void
sess_remote_key_make(union sess_remote_key *rk, uint8_t af,
		     const uint8_t *addr, uint32_t teid_remote)
{
	memset(rk, 0, sizeof(*rk));
	memcpy(&rk->b[0], &teid_remote, 4);
	rk->b[4] = af;
	memcpy(&rk->b[8], addr, af == 4 ? 4 : 16);
}

static bool
sess_remote_same(const struct sess_params *a, const struct sess_params *b)
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

static bool
sess_remote_exists(const struct sess_table *t, const struct sess_params *p)
{
	union sess_remote_key rk;

	sess_remote_key_make(&rk, p->peer_af, p->peer_addr, p->teid_remote);
	return sess_remote_find(t, &rk, sess_remote_hash(t, &rk)) !=
	       SESS_SLOT_NONE;
}

/* Chain @o under its remote key (cannot fail: the slot is the entry). */
static void
sess_remote_link(struct sess_table *t, struct sess_obj *o)
{
	union sess_remote_key rk;
	struct sess_rk_ent *e = &t->rk[o->s.slot];
	uint32_t b;

	sess_remote_key_make(&rk, o->s.p.peer_af, o->s.p.peer_addr,
			     o->s.p.teid_remote);
	e->hash = sess_remote_hash(t, &rk);
	e->obj = o;
	b = e->hash & t->rk_mask;
	e->next = t->rk_head[b];
	t->rk_head[b] = o->s.slot;
}

/* Take slot @slot out of its chain. */
static void
sess_remote_unlink(struct sess_table *t, uint32_t slot)
{
	struct sess_rk_ent *e = &t->rk[slot];
	uint32_t *link;

	for (link = &t->rk_head[e->hash & t->rk_mask];
	     *link != SESS_SLOT_NONE; link = &t->rk[*link].next) {
		if (*link == slot) {
			*link = e->next;
			break;
		}
	}
	e->next = SESS_SLOT_NONE;
	e->obj = NULL;
}

/* Remove the keys marked in @inserted, recording their slots in @o. */
static void
sess_keys_unwind(struct sess_table *t, struct sess_obj *o,
		 const bool *inserted)
{
	union sess_key_buf kb;
	unsigned int k;
	int32_t pos;

	for (k = 0; k < SESS_KEY_N; k++) {
		if (!inserted[k])
			continue;
		pos = rte_hash_del_key(t->h[k], sess_key_of(&o->s.p, k, &kb));
		if (pos >= 0)
			o->pos[k] = pos;
	}
}

/* Tell the change hook (control side, after a successful change). */
static inline int
sess_changed(struct sess_table *t, uint32_t teid_local,
	     enum sess_table_change what, int ret)
{
	if (ret == 0 && t->hook != NULL)
		t->hook(t->hook_arg, teid_local, what);
	return ret;
}

void
sess_table_hook_set(struct sess_table *t, sess_table_change_fn *fn,
		    void *arg)
{
	if (t == NULL)
		return;
	t->hook = fn;
	t->hook_arg = arg;
}

static int
sess_digest_cb(const struct sess *s, void *arg)
{
	struct sess_table *t = arg;

	t->digest += t->digest_fn(s);
	return 0;
}

void
sess_table_digest_set(struct sess_table *t, sess_table_digest_fn *fn)
{
	if (t == NULL)
		return;
	t->digest_fn = fn;
	t->digest = 0;
	if (fn != NULL)
		sess_table_walk(t, sess_digest_cb, t);
}

sess_table_digest_fn *
sess_table_digest_fn_get(const struct sess_table *t)
{
	return t != NULL ? t->digest_fn : NULL;
}

uint64_t
sess_table_digest(const struct sess_table *t, uint32_t *count)
{
	if (count != NULL)
		*count = t != NULL ? t->n_sess : 0;
	return t != NULL ? t->digest : 0;
}

int
sess_table_add(struct sess_table *t, const struct sess_params *p)
{
	return sess_table_add_at(t, p, 0);
}

int
sess_table_add_at(struct sess_table *t, const struct sess_params *p,
		  uint64_t created_ms)
{
	union sess_key_buf kb;
	bool inserted[SESS_KEY_N] = { false };
	struct sess_obj *o;
	const void *key;
	unsigned int k, w;
	uint32_t slot;
	int ret;

	if (t == NULL)
		return -EINVAL;
	ret = sess_params_check(p);
	if (ret < 0)
		return ret;
	/* Every table first, so a refusal changes nothing. */
	for (k = 0; k < SESS_KEY_N; k++) {
		key = sess_key_of(p, k, &kb);
		if (key != NULL && rte_hash_lookup(t->h[k], key) >= 0)
			return -EEXIST;
	}
	if (sess_remote_exists(t, p))
		return -EEXIST;
	/* The limit is max-sessions; the headroom beyond it holds slots
	 * still waiting for their grace period. */
	if (t->n_sess >= t->max_sess || t->n_free == 0)
		return -ENOSPC;
	o = sess_obj_new(t);
	if (o == NULL)
		return -ENOMEM;
	slot = t->free_slots[--t->n_free];
	/* No worker writes the slot any more: its grace period is over. */
	for (w = 0; w < t->n_workers; w++)
		memset(&t->cnt[w][slot], 0, sizeof(struct sess_cnt));
	memset(&t->base[slot], 0, sizeof(t->base[slot]));
	o->s.p = *p;
	o->s.slot = slot;
	o->s.created_ms = created_ms != 0 ? created_ms : sess_now_ms();

	/* UE keys before the TEID: the session becomes visible as a whole. */
	for (k = SESS_KEY_N; k-- > 0;) {
		key = sess_key_of(p, k, &kb);
		if (key == NULL)
			continue;
		ret = rte_hash_add_key_data(t->h[k], key, &o->s);
		if (ret < 0)
			goto out_unwind;
		inserted[k] = true;
	}
	/* Last: the one insert that cannot fail. */
	sess_remote_link(t, o);
	t->n_sess++;
	sess_stats_account(t, p, 1);
	sess_digest_account(t, &o->s, 1);
	return sess_changed(t, p->teid_local, SESS_CHG_ADD, 0);

out_unwind:
	/* Readers may have seen the object: retire it like a delete. */
	sess_keys_unwind(t, o, inserted);
	o->free_slot = slot;
	sess_obj_retire(t, o);
	return ret;
}

/* Publish @n as the replacement of @old (same local TEID). */
static int
sess_replace(struct sess_table *t, struct sess_obj *old, struct sess_obj *n)
{
	union sess_key_buf kb;
	bool inserted[SESS_KEY_N] = { false };
	const void *key;
	unsigned int k;
	int32_t pos;
	int ret;

	/* New keys first, pointing at the new object. */
	for (k = 0; k < SESS_KEY_N; k++) {
		key = sess_key_of(&n->s.p, k, &kb);
		if (key == NULL || sess_key_same(&old->s.p, &n->s.p, k))
			continue;
		ret = rte_hash_add_key_data(t->h[k], key, &n->s);
		if (ret < 0)
			goto out_unwind;
		inserted[k] = true;
	}
	/* Kept keys: an add on an existing key swaps the data atomically. */
	for (k = 0; k < SESS_KEY_N; k++) {
		key = sess_key_of(&n->s.p, k, &kb);
		if (key == NULL || !sess_key_same(&old->s.p, &n->s.p, k))
			continue;
		ret = rte_hash_add_key_data(t->h[k], key, &n->s);
		if (ret < 0) {
			/* Cannot happen for an existing key; keep old. */
			goto out_unwind;
		}
	}
	/* Keys the session no longer has. */
	for (k = 0; k < SESS_KEY_N; k++) {
		key = sess_key_of(&old->s.p, k, &kb);
		if (key == NULL || sess_key_same(&old->s.p, &n->s.p, k))
			continue;
		pos = rte_hash_del_key(t->h[k], key);
		if (pos >= 0)
			old->pos[k] = pos;
	}
	/* The remote chain: same slot, new object, maybe a new key. */
	if (sess_remote_same(&old->s.p, &n->s.p)) {
		t->rk[n->s.slot].obj = n;
	} else {
		sess_remote_unlink(t, old->s.slot);
		sess_remote_link(t, n);
	}
	sess_stats_account(t, &old->s.p, -1);
	sess_stats_account(t, &n->s.p, 1);
	sess_digest_account(t, &old->s, -1);
	sess_digest_account(t, &n->s, 1);
	sess_obj_retire(t, old);
	return 0;

out_unwind:
	/* Point kept keys back at the old object, drop the new keys. */
	for (k = 0; k < SESS_KEY_N; k++) {
		key = sess_key_of(&n->s.p, k, &kb);
		if (key != NULL && sess_key_same(&old->s.p, &n->s.p, k))
			rte_hash_add_key_data(t->h[k], key, &old->s);
	}
	sess_keys_unwind(t, n, inserted);
	sess_obj_retire(t, n);
	return ret;
}

static struct sess_obj *
sess_find(const struct sess_table *t, uint32_t teid)
{
	void *data;

	if (rte_hash_lookup_data(t->h[SESS_KEY_TEID], &teid, &data) < 0)
		return NULL;
	return data;
}

int
sess_table_modify(struct sess_table *t, const struct sess_params *p)
{
	union sess_key_buf kb;
	struct sess_obj *old, *n;
	const void *key;
	unsigned int k;
	void *data;
	int ret;

	if (t == NULL)
		return -EINVAL;
	ret = sess_params_check(p);
	if (ret < 0)
		return ret;
	old = sess_find(t, p->teid_local);
	if (old == NULL)
		return -ENOENT;
	for (k = SESS_KEY_UE4; k < SESS_KEY_N; k++) {
		key = sess_key_of(p, k, &kb);
		if (key == NULL || sess_key_same(&old->s.p, p, k))
			continue;
		if (rte_hash_lookup_data(t->h[k], key, &data) >= 0)
			return -EEXIST;
	}
	if (!sess_remote_same(&old->s.p, p) && sess_remote_exists(t, p))
		return -EEXIST;
	n = sess_obj_new(t);
	if (n == NULL)
		return -ENOMEM;
	n->s = old->s;
	n->s.p = *p;
	return sess_changed(t, p->teid_local, SESS_CHG_MOD,
			    sess_replace(t, old, n));
}

int
sess_table_flags_set(struct sess_table *t, uint32_t teid_local,
		     uint8_t set, uint8_t clear)
{
	struct sess_obj *old, *n;

	if (t == NULL)
		return -EINVAL;
	old = sess_find(t, teid_local);
	if (old == NULL)
		return -ENOENT;
	if ((set & ~SESS_FLAGS_ALL) != 0 || (clear & ~SESS_FLAGS_ALL) != 0)
		return -EINVAL;
	if ((uint8_t)((old->s.p.flags | set) & ~clear) == old->s.p.flags)
		return 0;
	n = sess_obj_new(t);
	if (n == NULL)
		return -ENOMEM;
	n->s = old->s;
	n->s.p.flags = (uint8_t)((old->s.p.flags | set) & ~clear);
	return sess_changed(t, teid_local, SESS_CHG_MOD,
			    sess_replace(t, old, n));
}

int
sess_table_del(struct sess_table *t, uint32_t teid_local)
{
	union sess_key_buf kb;
	struct sess_obj *o;
	const void *key;
	unsigned int k;
	int32_t pos;

	if (t == NULL)
		return -EINVAL;
	o = sess_find(t, teid_local);
	if (o == NULL)
		return -ENOENT;
	/* TEID first: the mirror of add. */
	for (k = 0; k < SESS_KEY_N; k++) {
		key = sess_key_of(&o->s.p, k, &kb);
		if (key == NULL)
			continue;
		pos = rte_hash_del_key(t->h[k], key);
		if (pos >= 0)
			o->pos[k] = pos;
	}
	sess_remote_unlink(t, o->s.slot);
	o->free_slot = o->s.slot;
	t->n_sess--;
	sess_stats_account(t, &o->s.p, -1);
	sess_digest_account(t, &o->s, -1);
	sess_obj_retire(t, o);
	return sess_changed(t, teid_local, SESS_CHG_DEL, 0);
}

unsigned int
sess_table_reclaim(struct sess_table *t)
{
	if (t == NULL)
		return 0;
	return dp_rcu_defer_poll(&t->dq);
}

unsigned int
sess_table_reclaim_wait(struct sess_table *t)
{
	if (t == NULL)
		return 0;
	return dp_rcu_defer_drain(&t->dq);
}

static uint64_t
sess_lookup_bulk(const struct rte_hash *h, const void **keys, unsigned int n,
		 const struct sess **out)
{
	uint64_t hits = 0;
	unsigned int i;

	if (n == 0)
		return 0;
	if (n > RTE_HASH_LOOKUP_BULK_MAX)
		n = RTE_HASH_LOOKUP_BULK_MAX;
	if (rte_hash_lookup_bulk_data(h, keys, n, &hits, (void **)out) < 0)
		hits = 0;
	/* Misses leave out[] untouched: make them NULL. */
	for (i = 0; i < n; i++) {
		if (!(hits & (UINT64_C(1) << i)))
			out[i] = NULL;
	}
	return hits;
}

uint64_t
sess_table_lookup_teid_bulk(const struct sess_table *t, const uint32_t *teids,
			    unsigned int n, const struct sess **out)
{
	const void *keys[RTE_HASH_LOOKUP_BULK_MAX];
	unsigned int i;

	for (i = 0; i < n && i < RTE_HASH_LOOKUP_BULK_MAX; i++)
		keys[i] = &teids[i];
	return sess_lookup_bulk(t->h[SESS_KEY_TEID], keys, i, out);
}

uint64_t
sess_table_lookup_ue4_bulk(const struct sess_table *t, const uint32_t *ue4_be,
			   unsigned int n, const struct sess **out)
{
	const void *keys[RTE_HASH_LOOKUP_BULK_MAX];
	unsigned int i;

	for (i = 0; i < n && i < RTE_HASH_LOOKUP_BULK_MAX; i++)
		keys[i] = &ue4_be[i];
	return sess_lookup_bulk(t->h[SESS_KEY_UE4], keys, i, out);
}

uint64_t
sess_table_lookup_ue6_bulk(const struct sess_table *t,
			   const uint8_t (*ue6)[16], unsigned int n,
			   const struct sess **out)
{
	const void *keys[RTE_HASH_LOOKUP_BULK_MAX];
	union sess_key_buf kb[RTE_HASH_LOOKUP_BULK_MAX];
	unsigned int i;

	/* Packet data need not be aligned; the CRC reads 8-byte words. */
	for (i = 0; i < n && i < RTE_HASH_LOOKUP_BULK_MAX; i++) {
		memcpy(kb[i].b, ue6[i], 16);
		keys[i] = kb[i].b;
	}
	return sess_lookup_bulk(t->h[SESS_KEY_UE6], keys, i, out);
}

static const struct sess *
sess_lookup_one(const struct rte_hash *h, const void *key, size_t len)
{
	union sess_key_buf kb;
	void *data;

	memcpy(kb.b, key, len);
	if (rte_hash_lookup_data(h, kb.b, &data) < 0)
		return NULL;
	return data;
}

const struct sess *
sess_table_lookup_teid(const struct sess_table *t, uint32_t teid)
{
	return sess_lookup_one(t->h[SESS_KEY_TEID], &teid, 4);
}

const struct sess *
sess_table_lookup_ue4(const struct sess_table *t, const uint8_t ue4[4])
{
	return sess_lookup_one(t->h[SESS_KEY_UE4], ue4, 4);
}

const struct sess *
sess_table_lookup_ue6(const struct sess_table *t, const uint8_t ue6[16])
{
	return sess_lookup_one(t->h[SESS_KEY_UE6], ue6, 16);
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

struct sess_cnt *
sess_table_cnt(const struct sess_table *t, unsigned int worker_idx)
{
	if (worker_idx >= t->n_workers)
		return NULL;
	return t->cnt[worker_idx];
}

void
sess_table_cnt_sum(const struct sess_table *t, uint32_t slot,
		   struct sess_cnt *sum)
{
	const struct sess_cnt *c;
	unsigned int w;

	memset(sum, 0, sizeof(*sum));
	if (slot >= t->capacity)
		return;
	sum->ul_pkts = t->base[slot].ul_pkts;
	sum->ul_bytes = t->base[slot].ul_bytes;
	sum->dl_pkts = t->base[slot].dl_pkts;
	sum->dl_bytes = t->base[slot].dl_bytes;
	for (w = 0; w < t->n_workers; w++) {
		c = &t->cnt[w][slot];
		sum->ul_pkts += c->ul_pkts;
		sum->ul_bytes += c->ul_bytes;
		sum->dl_pkts += c->dl_pkts;
		sum->dl_bytes += c->dl_bytes;
		if (c->last_tsc > sum->last_tsc)
			sum->last_tsc = c->last_tsc;
	}
}

int
sess_table_cnt_base_set(struct sess_table *t, uint32_t slot,
			const struct sess_cnt_base *b)
{
	if (t == NULL || b == NULL || slot >= t->capacity)
		return -EINVAL;
	t->base[slot] = *b;
	return 0;
}

int
sess_table_cnt_base_get(const struct sess_table *t, uint32_t slot,
			struct sess_cnt_base *b)
{
	if (t == NULL || b == NULL || slot >= t->capacity)
		return -EINVAL;
	*b = t->base[slot];
	return 0;
}

const struct sess *
sess_table_by_slot(const struct sess_table *t, uint32_t slot)
{
	if (t == NULL || slot >= t->capacity || t->rk[slot].obj == NULL)
		return NULL;
	return &t->rk[slot].obj->s;
}

uint32_t
sess_table_count(const struct sess_table *t)
{
	return t->n_sess;
}

uint32_t
sess_table_capacity(const struct sess_table *t)
{
	return t->capacity;
}

uint32_t
sess_table_max(const struct sess_table *t)
{
	return t->max_sess;
}

uint32_t
sess_table_headroom(uint32_t max_sess)
{
	return max_sess / 8 + SESS_HEADROOM_MIN;
}

uint32_t
sess_table_pending(const struct sess_table *t)
{
	return dp_rcu_defer_pending(&t->dq);
}

uint32_t
sess_table_reclaim_ready(const struct sess_table *t)
{
	return t == NULL ? 0 : dp_rcu_defer_ready(&t->dq);
}

void
sess_table_reclaim_max_set(struct sess_table *t, uint32_t max)
{
	if (t != NULL)
		t->dq.poll_max = max;
}

uint32_t
sess_table_reclaim_max_seen(const struct sess_table *t)
{
	return t == NULL ? 0 : t->dq.max_poll_released;
}

uint32_t
sess_table_n_objects(const struct sess_table *t)
{
	return t->n_obj;
}

uint32_t
sess_table_pending_slots(const struct sess_table *t)
{
	return t->n_pending_slots;
}

uint32_t
sess_table_free_slots(const struct sess_table *t)
{
	return RTE_MIN(t->max_sess - t->n_sess, t->n_free);
}

unsigned int
sess_table_n_workers(const struct sess_table *t)
{
	return t->n_workers;
}

void
sess_table_stats_get(const struct sess_table *t, struct sess_table_stats *st)
{
	*st = t->st;
	st->n_total = t->n_sess;
}

int
sess_table_walk(const struct sess_table *t,
		int (*fn)(const struct sess *s, void *arg), void *arg)
{
	const void *key;
	void *data;
	uint32_t iter = 0;
	int ret;

	while (rte_hash_iterate(t->h[SESS_KEY_TEID], &key, &data, &iter) >= 0) {
		ret = fn(data, arg);
		if (ret != 0)
			return ret;
	}
	return 0;
}

int
sess_table_iterate(const struct sess_table *t, uint32_t *iter,
		   const struct sess **s)
{
	const void *key;
	void *data;

	if (rte_hash_iterate(t->h[SESS_KEY_TEID], &key, &data, iter) < 0)
		return -ENOENT;
	*s = data;
	return 0;
}

uint64_t
sess_table_obj_bytes(void)
{
	/* glibc chunk: the request plus an 8-byte header, 16-byte aligned. */
	return RTE_ALIGN_CEIL(sizeof(struct sess_obj) + 8, 16);
}

uint64_t
sess_table_mem_bytes(const struct sess_table *t)
{
	return (t->fixed_bytes + t->max_sess - 1) / t->max_sess +
	       sess_table_obj_bytes();
}
