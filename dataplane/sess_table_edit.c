/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Session tables, the writer: checks, builds and publishes immutable
 * session objects (add, modify by copy and replace, flags, delete), keeps
 * the per-kind statistics, the running digest and the change hook.
 * Context: control (the single writer).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sess_table_int.h"

static uint64_t
sess_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
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

int
sess_table_params_check(const struct sess_params *p)
{
	static const uint8_t zero[16];

	if (p == NULL || p->teid_local == 0)
		return -EINVAL;
	if (!p->has_ue4 && !p->has_ue6)
		return -EINVAL;
	if (p->has_qfi && p->qfi > 63)
		return -EINVAL;
	if ((p->flags & ~SESS_FLAGS_ALL) != 0)
		return -EINVAL;
	if (!sess_params_has_tunnel(p)) {
		/* No downlink tunnel: only when downlink is dropped anyway,
		 * and absent as a whole (a digest hashes every byte). */
		if (!(p->flags & SESS_F_DL_DROP) || p->teid_remote != 0 ||
		    memcmp(p->peer_addr, zero, 16) != 0)
			return -EINVAL;
		return 0;
	}
	if (p->teid_remote == 0 || (p->peer_af != 4 && p->peer_af != 6))
		return -EINVAL;
	return 0;
}

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
	if (p->flags & SESS_F_UL_DROP)
		st->n_ul_drop += d;
	if (p->flags & SESS_F_DL_DROP)
		st->n_dl_drop += d;
	if (!sess_params_has_tunnel(p))
		st->n_no_tunnel += d;
}

/*
 * Add (@d > 0) or take out the fingerprint of @s from the digest and from
 * its TEID bucket's: every change of the table passes here, so the bucket
 * sums stay exact whoever made the change (commands, bulk jobs, the
 * replicated apply, expiry, cleanups).
 */
static inline void
sess_digest_account(struct sess_table *t, const struct sess *s, int d)
{
	uint32_t b;
	uint64_t h;

	if (t->digest_fn == NULL)
		return;
	h = t->digest_fn(s);
	if (d < 0)
		h = 0 - h;
	t->digest += h;
	if (t->bkt_sum == NULL)
		return;
	b = sess_table_bucket(s->p.teid_local);
	t->bkt_sum[b] += h;
	t->bkt_n[b] += d > 0 ? 1u : UINT32_MAX;
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

int
sess_table_touch(struct sess_table *t, uint32_t teid_local)
{
	if (sess_table_lookup_teid(t, teid_local) == NULL)
		return -ENOENT;
	return sess_changed(t, teid_local, SESS_CHG_MOD, 0);
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
	sess_digest_account(arg, s, 1);
	return 0;
}

void
sess_table_digest_set(struct sess_table *t, sess_table_digest_fn *fn)
{
	if (t == NULL)
		return;
	t->digest_fn = fn;
	t->digest = 0;
	free(t->bkt_sum);
	free(t->bkt_n);
	t->bkt_sum = NULL;
	t->bkt_n = NULL;
	if (fn == NULL)
		return;
	t->bkt_sum = calloc(SESS_TABLE_BUCKETS, sizeof(*t->bkt_sum));
	t->bkt_n = calloc(SESS_TABLE_BUCKETS, sizeof(*t->bkt_n));
	if (t->bkt_sum == NULL || t->bkt_n == NULL) {
		/* Only the range digests are lost (audits refuse). */
		free(t->bkt_sum);
		free(t->bkt_n);
		t->bkt_sum = NULL;
		t->bkt_n = NULL;
	}
	sess_table_walk(t, sess_digest_cb, t);
}

int
sess_table_digest_range(const struct sess_table *t, uint32_t lo, uint32_t hi,
			uint64_t *sum, uint32_t *count)
{
	uint64_t acc = 0;
	uint32_t n = 0, b;

	if (t == NULL || lo >= hi || hi > SESS_TABLE_BUCKETS)
		return -EINVAL;
	if (t->bkt_sum == NULL)
		return -ENODATA;
	for (b = lo; b < hi; b++) {
		acc += t->bkt_sum[b];
		n += t->bkt_n[b];
	}
	*sum = acc;
	if (count != NULL)
		*count = n;
	return 0;
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
	ret = sess_table_params_check(p);
	if (ret < 0)
		return ret;
	/* Every table first, so a refusal changes nothing. */
	for (k = 0; k < SESS_KEY_N; k++) {
		key = sess_key_of(p, k, &kb);
		if (key != NULL && rte_hash_lookup(t->h[k], key) >= 0)
			return -EEXIST;
	}
	if (sess_table_i_remote_exists(t, p))
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
	sess_table_i_remote_link(t, o);
	t->n_sess++;
	sess_stats_account(t, p, 1);
	sess_digest_account(t, &o->s, 1);
	return sess_changed(t, p->teid_local, SESS_CHG_ADD, 0);

out_unwind:
	/* Readers may have seen the object: retire it like a delete. */
	sess_keys_unwind(t, o, inserted);
	o->free_slot = slot;
	sess_table_i_obj_retire(t, o);
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
	if (sess_table_i_remote_same(&old->s.p, &n->s.p)) {
		t->rk[n->s.slot].obj = n;
	} else {
		sess_table_i_remote_unlink(t, old->s.slot);
		sess_table_i_remote_link(t, n);
	}
	sess_stats_account(t, &old->s.p, -1);
	sess_stats_account(t, &n->s.p, 1);
	sess_digest_account(t, &old->s, -1);
	sess_digest_account(t, &n->s, 1);
	sess_table_i_obj_retire(t, old);
	return 0;

out_unwind:
	/* Point kept keys back at the old object, drop the new keys. */
	for (k = 0; k < SESS_KEY_N; k++) {
		key = sess_key_of(&n->s.p, k, &kb);
		if (key != NULL && sess_key_same(&old->s.p, &n->s.p, k))
			rte_hash_add_key_data(t->h[k], key, &old->s);
	}
	sess_keys_unwind(t, n, inserted);
	sess_table_i_obj_retire(t, n);
	return ret;
}

/*
 * Publish a copy of @old holding @p (UE keys checked by the caller): the
 * (peer, remote TEID) pair must stay unique.
 */
static int
sess_copy_replace(struct sess_table *t, struct sess_obj *old,
		  const struct sess_params *p)
{
	struct sess_obj *n;

	if (!sess_table_i_remote_same(&old->s.p, p) &&
	    sess_table_i_remote_exists(t, p))
		return -EEXIST;
	n = sess_obj_new(t);
	if (n == NULL)
		return -ENOMEM;
	n->s = old->s;
	n->s.p = *p;
	return sess_replace(t, old, n);
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
	struct sess_obj *old;
	const void *key;
	unsigned int k;
	void *data;
	int ret;

	if (t == NULL)
		return -EINVAL;
	ret = sess_table_params_check(p);
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
	return sess_changed(t, p->teid_local, SESS_CHG_MOD,
			    sess_copy_replace(t, old, p));
}

int
sess_table_flags_set(struct sess_table *t, uint32_t teid_local,
		     uint8_t set, uint8_t clear)
{
	struct sess_obj *old, *n;
	struct sess_params p;

	if (t == NULL)
		return -EINVAL;
	old = sess_find(t, teid_local);
	if (old == NULL)
		return -ENOENT;
	if ((set & ~SESS_FLAGS_ALL) != 0 || (clear & ~SESS_FLAGS_ALL) != 0)
		return -EINVAL;
	p = old->s.p;
	p.flags = (uint8_t)((p.flags | set) & ~clear);
	if (p.flags == old->s.p.flags)
		return 0;
	/* Clearing SESS_F_DL_DROP needs a downlink tunnel. */
	if (sess_table_params_check(&p) < 0)
		return -EINVAL;
	n = sess_obj_new(t);
	if (n == NULL)
		return -ENOMEM;
	n->s = old->s;
	n->s.p.flags = p.flags;
	return sess_changed(t, teid_local, SESS_CHG_MOD,
			    sess_replace(t, old, n));
}

int
sess_table_test_replace(struct sess_table *t, const struct sess_params *p)
{
	struct sess_obj *old;

	if (t == NULL || p == NULL)
		return -EINVAL;
	old = sess_find(t, p->teid_local);
	if (old == NULL)
		return -ENOENT;
	if (old->s.p.has_ue4 != p->has_ue4 || old->s.p.has_ue6 != p->has_ue6 ||
	    memcmp(old->s.p.ue4, p->ue4, 4) != 0 ||
	    memcmp(old->s.p.ue6, p->ue6, 16) != 0)
		return -EINVAL;
	/* No change hook: nothing replicates or reacts to a test's damage. */
	return sess_copy_replace(t, old, p);
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
	sess_table_i_remote_unlink(t, o->s.slot);
	o->free_slot = o->s.slot;
	t->n_sess--;
	sess_stats_account(t, &o->s.p, -1);
	sess_digest_account(t, &o->s, -1);
	sess_table_i_obj_retire(t, o);
	return sess_changed(t, teid_local, SESS_CHG_DEL, 0);
}
