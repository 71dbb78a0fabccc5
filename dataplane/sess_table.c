/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Session tables (TEID, UE IPv4, UE IPv6 rte_hash in lock-free read mode):
 * creation and release, lookups, counter slots, sizes and iteration.
 * Adding, modifying and deleting sessions is in sess_table_edit.c, the
 * control-only index by peer and remote TEID in sess_table_remote.c, QSBR
 * reclamation in sess_table_reclaim.c. Context: any (the bulk lookups and
 * sess_table_cnt run on workers, everything else on the control lcore).
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_random.h>

#include "sess_table_int.h"

static const char *const sess_key_tag[SESS_KEY_N] = { "t", "4", "6" };
static atomic_uint sess_table_seq;

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
	free(t->bkt_sum);
	free(t->bkt_n);
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
	dp_rcu_defer_init(&t->dq, sess_table_i_obj_release_node, t);
	return t;

out_destroy:
	sess_table_destroy(t);
	errno = err;
	return NULL;
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
		sess_table_i_obj_free(t,
				      container_of(data, struct sess_obj, s));
	sess_table_destroy(t);
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
