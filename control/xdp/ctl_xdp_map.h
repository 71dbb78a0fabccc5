/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel side of XDP steering: find the maps of srpgw's XDP program
 * attached to an interface (by the program's id, no pinning needed), write
 * a steering plan into them and read the program's counters. Thin wrappers
 * over libbpf's syscall API. Context: control.
 */
#ifndef CTL_XDP_MAP_H
#define CTL_XDP_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include "ctl_xdp_plan.h"
#include "srpgw_xdp.h"

/* File descriptors of one program's maps (-1 when not open). */
struct ctl_xdp_maps {
	uint32_t	prog_id;	/* attached program, 0 when none */
	int		addrs_fd;	/* srpgw_addrs */
	int		pools_fd;	/* srpgw_pools */
	int		stats_fd;	/* srpgw_stats */
};

/** Set every descriptor of @m to -1. Context: any. */
void ctl_xdp_maps_reset(struct ctl_xdp_maps *m);

/**
 * Open the maps of the XDP program attached to interface @ifindex.
 * Context: control (needs CAP_BPF / root).
 * @param ifindex kernel interface index
 * @param m result; on failure every descriptor is -1
 * @return 0; -ENOENT when no XDP program is attached; -ENOTSUP when the
 *	attached program is not srpgw's (another name, or a map missing or of
 *	another type or size); -errno of the failing bpf() call
 */
int ctl_xdp_maps_find(unsigned int ifindex, struct ctl_xdp_maps *m);

/**
 * Make the maps hold what @plan wants while the chassis is @active: add
 * the wanted entries, delete the srp-activated ones when not @active.
 * Entries the plan does not name are left alone.
 * Context: control.
 * @return 0, or the first -errno of a map update/delete (the others are
 *	still attempted); -EINVAL for NULL arguments or closed maps
 */
int ctl_xdp_maps_apply(const struct ctl_xdp_maps *m,
		       const struct ctl_xdp_plan *plan, bool active);

/**
 * Read the program's counters, summed over CPUs, into @out (indexed by
 * enum srpgw_xdp_counter).
 * Context: any thread (read-only syscalls).
 * @return 0, -EINVAL for a closed map, -ENOMEM, or -errno of the lookup
 */
int ctl_xdp_maps_stats(const struct ctl_xdp_maps *m,
		       uint64_t out[SRPGW_XDP_N_COUNTERS]);

/**
 * Count the entries of srpgw_addrs and srpgw_pools, for "show" output and
 * tests.
 * Context: any thread.
 * @return 0 or -errno
 */
int ctl_xdp_maps_count(const struct ctl_xdp_maps *m, unsigned int *n_addrs,
		       unsigned int *n_pools);

/** Close the descriptors of @m (idempotent). Context: control. */
void ctl_xdp_maps_close(struct ctl_xdp_maps *m);

#endif /* CTL_XDP_MAP_H */
