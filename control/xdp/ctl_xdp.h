/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * XDP steering on net_af_xdp ports: for every port whose interface runs
 * srpgw's XDP program (dataplane/xdp/srpgw_xdp.bpf.c, given to the PMD with
 * xdp_prog=), fill the program's maps from the configuration at start-up
 * and add or remove the srp-activated addresses and pools when the chassis
 * role changes; report the program's counters ("show port statistics xdp").
 * Ports of other kinds are left alone. Context: control.
 */
#ifndef CTL_XDP_H
#define CTL_XDP_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/ctl_conf.h"
#include "core/ctl_reply.h"
#include "srpgw_xdp.h"

/* One steered port as reported by ctl_xdp_port_get(). */
struct ctl_xdp_port_info {
	char		name[CTL_NAME_LEN];	/* "1/1" */
	char		device[DP_DEVICE_LEN];	/* "net_af_xdp0" */
	uint16_t	port_id;		/* ethdev port id */
	unsigned int	ifindex;
	uint32_t	prog_id;
	unsigned int	plan_addrs;		/* addresses configured */
	unsigned int	plan_pools;		/* pools configured */
	unsigned int	map_addrs;		/* entries in the maps now */
	unsigned int	map_pools;
	uint64_t	counters[SRPGW_XDP_N_COUNTERS];
};

/**
 * Find the net_af_xdp ports running srpgw's program and fill their maps for
 * the current chassis flag (ctl_fwd_is_active()); register
 * "show port statistics xdp". A net_af_xdp port with another program (the
 * PMD's default one redirects everything) is logged and skipped.
 * Context: control, after dp_init() and ctl_srp_init(), before dp_launch().
 * @param conf running configuration; must outlive the module
 * @return 0 (also when no port is steered); a negative errno when a map
 *	of a steered port cannot be filled (-ENOSPC: too many addresses and
 *	pools) or the command cannot be registered (logged)
 */
int ctl_xdp_init(const struct ctl_conf *conf);

/**
 * Chassis role change: add (@active) or remove (standby) the srp-activated
 * addresses and pools in every steered port's maps. No-op before
 * ctl_xdp_init() or when nothing is steered. Failures are logged and
 * counted in the module; the next call retries every entry.
 * Context: control.
 */
void ctl_xdp_role(bool active);

/**
 * Number of steered ports. Context: control.
 * @return 0 before ctl_xdp_init()
 */
unsigned int ctl_xdp_port_count(void);

/**
 * Describe steered port @idx with its live counters and map sizes.
 * Context: control.
 * @return 0; -ENOENT when @idx is out of range; -errno of a map read
 */
int ctl_xdp_port_get(unsigned int idx, struct ctl_xdp_port_info *out);

/**
 * Add the XDP counters of ethdev @port_id (if it is steered) to the object
 * being written in @out, as xdp_redirected, xdp_passed, xdp_dropped: for a
 * caller that prints per-port statistics.
 * Context: control.
 * @return true when the port is steered and the fields were written
 */
bool ctl_xdp_out_port(struct ctl_reply *out, uint16_t port_id);

/**
 * Close every map and forget the ports. Context: control, at shutdown.
 */
void ctl_xdp_fini(void);

/**
 * Register "show port statistics xdp" (done by ctl_xdp_init()).
 * Context: control.
 * @return 0 or the error of ctl_api_register() other than -EEXIST
 */
int ctl_xdp_cmd_register(void);

#endif /* CTL_XDP_H */
