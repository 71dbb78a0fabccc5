/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A growable hash index from a non-zero 64-bit key to a pointer (linear
 * probing, backward-shift deletion), for the PFCP server's lookups by UP
 * SEID, by CP F-SEID and by local TEID. Pure code. Context: control.
 */
#ifndef CTL_PFCP_IDX_H
#define CTL_PFCP_IDX_H

#include <stddef.h>
#include <stdint.h>

/* Key and value side by side: a lookup touches one cache line. */
struct ctl_pfcp_idx_slot {
	uint64_t	key;		/* 0 = empty slot */
	void		*val;
};

struct ctl_pfcp_idx {
	struct ctl_pfcp_idx_slot *slot;
	size_t		mask;		/* slots - 1 (a power of two) */
	size_t		n;		/* keys held */
};

/** Empty index with room for about @hint keys. @return 0 or -ENOMEM */
int ctl_pfcp_idx_init(struct ctl_pfcp_idx *x, size_t hint);

/** Free the slots (not what the values point to). */
void ctl_pfcp_idx_free(struct ctl_pfcp_idx *x);

/** @return the value of @key, or NULL. */
void *ctl_pfcp_idx_get(const struct ctl_pfcp_idx *x, uint64_t key);

/**
 * Insert @key (non-zero) with @val, growing the table when half full.
 * @return 0, -EEXIST (present: not changed), -EINVAL (key 0), -ENOMEM
 */
int ctl_pfcp_idx_put(struct ctl_pfcp_idx *x, uint64_t key, void *val);

/** Remove @key. @return its value, or NULL when absent. */
void *ctl_pfcp_idx_del(struct ctl_pfcp_idx *x, uint64_t key);

/** A 64-bit mix of @a and @b (non-zero), for composite keys. */
uint64_t ctl_pfcp_idx_mix(uint64_t a, uint64_t b);

#endif /* CTL_PFCP_IDX_H */
