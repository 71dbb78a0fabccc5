/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Insertion-ordered TEID set with linear probing (ctl_ckpt_set.h).
 * Context: control.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_ckpt_set.h"

#define SET_MIN_SLOTS	1024u

static inline uint32_t
set_hash(uint32_t teid)
{
	uint32_t h = teid * 2654435761u;

	return h ^ (h >> 15);
}

static uint32_t
set_find(const struct ctl_ckpt_set *s, uint32_t teid)
{
	uint32_t i = set_hash(teid) & s->mask;

	while (s->slot[i] != 0 && s->slot[i] != teid)
		i = (i + 1) & s->mask;
	return i;
}

/* Resize the table to @cap slots (a power of two, more than twice n);
 * rebuild the order positions. */
static int
set_resize(struct ctl_ckpt_set *s, uint32_t cap)
{
	struct ctl_ckpt_set n = { .mask = cap - 1, .n = s->n };
	uint32_t k, i;

	if (cap == 0)
		return -ENOMEM;
	n.slot = calloc(cap, sizeof(*n.slot));
	n.order = malloc((size_t)(cap / 2) * sizeof(*n.order));
	if (n.slot == NULL || n.order == NULL) {
		free(n.slot);
		free(n.order);
		return -ENOMEM;
	}
	for (k = 0; k < s->n; k++) {
		i = set_find(&n, ctl_ckpt_set_at(s, k));
		n.slot[i] = ctl_ckpt_set_at(s, k);
		n.order[k] = i;
	}
	free(s->slot);
	free(s->order);
	*s = n;
	return 0;
}

/* Double the table (or create it). */
static int
set_grow(struct ctl_ckpt_set *s)
{
	return set_resize(s, s->mask == 0 ? SET_MIN_SLOTS :
			  (s->mask + 1) * 2);
}

int
ctl_ckpt_set_reserve(struct ctl_ckpt_set *s, uint32_t n)
{
	uint32_t cap = SET_MIN_SLOTS;

	if (n == 0)
		return 0;
	/* Load at or under one half, as ctl_ckpt_set_add keeps it. */
	while (cap / 2 < n && cap < (1u << 31))
		cap *= 2;
	if (cap / 2 < n)
		return -ENOMEM;
	if (s->mask != 0 && cap <= s->mask + 1)
		return 0;
	return set_resize(s, cap);
}

int
ctl_ckpt_set_add(struct ctl_ckpt_set *s, uint32_t teid)
{
	uint32_t i;
	int ret;

	if (teid == 0)
		return -EINVAL;
	/* Keep the load at or under one half. */
	if (s->mask == 0 || s->n + 1 > (s->mask + 1) / 2) {
		if (s->mask != 0 && ctl_ckpt_set_has(s, teid))
			return 0;
		ret = set_grow(s);
		if (ret < 0)
			return ret;
	}
	i = set_find(s, teid);
	if (s->slot[i] == teid)
		return 0;
	s->slot[i] = teid;
	s->order[s->n++] = i;
	return 1;
}

bool
ctl_ckpt_set_has(const struct ctl_ckpt_set *s, uint32_t teid)
{
	if (s->mask == 0 || teid == 0)
		return false;
	return s->slot[set_find(s, teid)] == teid;
}

void
ctl_ckpt_set_clear(struct ctl_ckpt_set *s)
{
	uint32_t k;

	for (k = 0; k < s->n; k++)
		s->slot[s->order[k]] = 0;
	s->n = 0;
}

uint32_t
ctl_ckpt_set_clear_max(struct ctl_ckpt_set *s, uint32_t max)
{
	uint32_t k = 0;

	for (; k < max && s->n > 0; k++)
		s->slot[s->order[--s->n]] = 0;
	return k;
}

void
ctl_ckpt_set_free(struct ctl_ckpt_set *s)
{
	free(s->slot);
	free(s->order);
	memset(s, 0, sizeof(*s));
}
