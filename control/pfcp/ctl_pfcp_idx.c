/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 64-bit key to pointer index with linear probing (ctl_pfcp_idx.h).
 * Context: control.
 */
#include <errno.h>
#include <stdlib.h>

#include "ctl_pfcp_idx.h"

#define IDX_MIN_SLOTS	64u

static inline size_t
idx_hash(uint64_t k)
{
	k ^= k >> 33;
	k *= UINT64_C(0xff51afd7ed558ccd);
	k ^= k >> 33;
	k *= UINT64_C(0xc4ceb9fe1a85ec53);
	k ^= k >> 33;
	return (size_t)k;
}

uint64_t
ctl_pfcp_idx_mix(uint64_t a, uint64_t b)
{
	uint64_t h = idx_hash(a * UINT64_C(0x9e3779b97f4a7c15) ^ b);

	h ^= idx_hash(b + UINT64_C(0x632be59bd9b4e019));
	return h != 0 ? h : 1;
}

static int
idx_alloc(struct ctl_pfcp_idx *x, size_t slots)
{
	x->slot = calloc(slots, sizeof(*x->slot));
	if (x->slot == NULL)
		return -ENOMEM;
	x->mask = slots - 1;
	x->n = 0;
	return 0;
}

int
ctl_pfcp_idx_init(struct ctl_pfcp_idx *x, size_t hint)
{
	size_t slots = IDX_MIN_SLOTS;

	while (slots < hint * 2 && slots < ((size_t)1 << 40))
		slots <<= 1;
	return idx_alloc(x, slots);
}

void
ctl_pfcp_idx_free(struct ctl_pfcp_idx *x)
{
	free(x->slot);
	x->slot = NULL;
	x->mask = 0;
	x->n = 0;
}

static size_t
idx_find(const struct ctl_pfcp_idx *x, uint64_t key)
{
	size_t i = idx_hash(key) & x->mask;

	while (x->slot[i].key != 0 && x->slot[i].key != key)
		i = (i + 1) & x->mask;
	return i;
}

void *
ctl_pfcp_idx_get(const struct ctl_pfcp_idx *x, uint64_t key)
{
	size_t i;

	if (key == 0 || x->slot == NULL)
		return NULL;
	i = idx_find(x, key);
	return x->slot[i].key == key ? x->slot[i].val : NULL;
}

static int
idx_grow(struct ctl_pfcp_idx *x)
{
	struct ctl_pfcp_idx old = *x;
	size_t i;

	if (idx_alloc(x, (old.mask + 1) * 2) < 0) {
		*x = old;
		return -ENOMEM;
	}
	for (i = 0; i <= old.mask; i++) {
		if (old.slot[i].key != 0) {
			size_t j = idx_find(x, old.slot[i].key);

			x->slot[j] = old.slot[i];
			x->n++;
		}
	}
	free(old.slot);
	return 0;
}

int
ctl_pfcp_idx_put(struct ctl_pfcp_idx *x, uint64_t key, void *val)
{
	size_t i;

	if (key == 0)
		return -EINVAL;
	if (x->slot == NULL && idx_alloc(x, IDX_MIN_SLOTS) < 0)
		return -ENOMEM;
	if ((x->n + 1) * 2 > x->mask + 1 && idx_grow(x) < 0)
		return -ENOMEM;
	i = idx_find(x, key);
	if (x->slot[i].key == key)
		return -EEXIST;
	x->slot[i].key = key;
	x->slot[i].val = val;
	x->n++;
	return 0;
}

void *
ctl_pfcp_idx_del(struct ctl_pfcp_idx *x, uint64_t key)
{
	size_t i, j, home;
	void *val;

	if (key == 0 || x->slot == NULL)
		return NULL;
	i = idx_find(x, key);
	if (x->slot[i].key != key)
		return NULL;
	val = x->slot[i].val;
	/* Backward shift: move later entries of the run into the hole. */
	j = i;
	for (;;) {
		j = (j + 1) & x->mask;
		if (x->slot[j].key == 0)
			break;
		home = idx_hash(x->slot[j].key) & x->mask;
		/* Leave j when its home lies cyclically in (i, j]. */
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		x->slot[i] = x->slot[j];
		i = j;
	}
	x->slot[i].key = 0;
	x->slot[i].val = NULL;
	x->n--;
	return val;
}
