/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A growable set of local TEIDs that remembers insertion order: the
 * pending-change queue of the active (one entry per session) and the
 * "seen in this epoch" set of the standby. Plain heap memory, no DPDK.
 * Context: control.
 */
#ifndef CTL_CKPT_SET_H
#define CTL_CKPT_SET_H

#include <stdbool.h>
#include <stdint.h>

struct ctl_ckpt_set {
	uint32_t	*slot;		/* [mask + 1] TEID, 0 = empty */
	uint32_t	*order;		/* [n] slot index, insertion order */
	uint32_t	mask;		/* 0 before the first add */
	uint32_t	n;		/* TEIDs held */
};

/**
 * Add @teid (not 0) unless present.
 * Context: control.
 * @return 1 added, 0 already present, -EINVAL (0), -ENOMEM
 */
int ctl_ckpt_set_add(struct ctl_ckpt_set *s, uint32_t teid);

/**
 * Make room for @n TEIDs at once (one allocation, no rehash while they are
 * added: a set grown by doubling rehashes everything it holds each time).
 * Context: control.
 * @return 0, -ENOMEM (the set is unchanged)
 */
int ctl_ckpt_set_reserve(struct ctl_ckpt_set *s, uint32_t n);

/**
 * Empty the set by at most @max TEIDs (from the last added): for a set of
 * a million, a whole clear is several milliseconds of cache misses. Once
 * partly cleared, ctl_ckpt_set_has() is unreliable for what is left: call
 * it only on a set whose content is no longer looked up, until n is 0.
 * Context: control.
 * @return the TEIDs removed
 */
uint32_t ctl_ckpt_set_clear_max(struct ctl_ckpt_set *s, uint32_t max);

/** Whether @teid is held. Context: control. */
bool ctl_ckpt_set_has(const struct ctl_ckpt_set *s, uint32_t teid);

/** The @i-th TEID added (i < n). Context: control. */
static inline uint32_t
ctl_ckpt_set_at(const struct ctl_ckpt_set *s, uint32_t i)
{
	return s->slot[s->order[i]];
}

/** Forget every TEID (O(n), memory kept). Context: control. */
void ctl_ckpt_set_clear(struct ctl_ckpt_set *s);

/** Free the memory. Context: control. */
void ctl_ckpt_set_free(struct ctl_ckpt_set *s);

#endif /* CTL_CKPT_SET_H */
