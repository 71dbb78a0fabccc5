/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the XDP steering program of one port must hand to srpgw, computed
 * from the configuration: srpgw's addresses (every interface address of the
 * context the port is bound to) and, on core ports, the UE pools of every
 * context; srp-activated entries are marked. Pure code: no BPF, no DPDK.
 * Context: control.
 */
#ifndef CTL_XDP_PLAN_H
#define CTL_XDP_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/ctl_conf.h"

/* At most this many addresses plus pools per port (the maps' capacities). */
#define CTL_XDP_PLAN_MAX	256

enum ctl_xdp_kind {
	CTL_XDP_ADDR = 0,	/* an address of srpgw's (srpgw_addrs) */
	CTL_XDP_POOL,		/* a UE pool prefix (srpgw_pools) */
};

/* One map entry; IPv4 in the IPv4-mapped IPv6 form (see srpgw_xdp.h). */
struct ctl_xdp_entry {
	enum ctl_xdp_kind	kind;
	uint8_t			addr[16];
	uint8_t			plen;		/* 0..128 over addr (pools) */
	bool			srp_activate;	/* only while active */
};

struct ctl_xdp_plan {
	unsigned int		n_addrs;	/* CTL_XDP_ADDR entries */
	unsigned int		n_pools;	/* CTL_XDP_POOL entries */
	unsigned int		n;
	struct ctl_xdp_entry	e[CTL_XDP_PLAN_MAX];
};

/**
 * Build the steering plan of the port whose dpdk-device is @device: the
 * addresses of every interface (loopback ones included) of the context its
 * bound interface belongs to, and for a core port the pools of every
 * context. Duplicates are kept once.
 * Context: control (pure).
 * @param conf configuration
 * @param device DPDK device name of the port ("net_af_xdp0")
 * @param plan result (written only on success)
 * @return 0; -ENOENT when no port uses @device; -ENOSPC when more than
 *	CTL_XDP_PLAN_MAX entries would be needed; -EINVAL for NULL arguments;
 *	-ENOMEM
 */
int ctl_xdp_plan_build(const struct ctl_conf *conf, const char *device,
		       struct ctl_xdp_plan *plan);

/**
 * Whether @e belongs in the maps while the chassis is @active: entries that
 * are not srp-activated always, srp-activated ones only while active.
 * Context: any (pure).
 * @return true when the entry must be present
 */
bool ctl_xdp_entry_wanted(const struct ctl_xdp_entry *e, bool active);

#endif /* CTL_XDP_PLAN_H */
