/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Contract between the XDP steering program (srpgw_xdp.bpf.c) and srpgw's
 * control side (control/xdp/ctl_xdp*.c): map names, key and value layouts and
 * counter indices. Included by both the BPF object and user space, so it
 * uses only <linux/types.h> types.
 */
#ifndef SRPGW_XDP_H
#define SRPGW_XDP_H

#include <linux/types.h>

/* Program and map names as the kernel reports them (at most 15 chars). */
#define SRPGW_XDP_PROG_NAME	"srpgw_xdp_steer"
#define SRPGW_XDP_XSKS_MAP	"xsks_map"	/* name net_af_xdp requires */
#define SRPGW_XDP_ADDRS_MAP	"srpgw_addrs"
#define SRPGW_XDP_POOLS_MAP	"srpgw_pools"
#define SRPGW_XDP_STATS_MAP	"srpgw_stats"

/* Capacities. */
#define SRPGW_XDP_MAX_QUEUES	64
#define SRPGW_XDP_MAX_ADDRS	256
#define SRPGW_XDP_MAX_POOLS	256

/* UDP port of GTP-U (3GPP TS 29.281). */
#define SRPGW_XDP_GTPU_PORT	2152

/*
 * Address key of srpgw_addrs: an IPv6 address, or an IPv4 address in its
 * IPv4-mapped form ::ffff:a.b.c.d. Value: a __u32 (SRPGW_XDP_ADDR_*).
 */
struct srpgw_xdp_addr_key {
	__u8	addr[16];
};

/* Value flags of an srpgw_addrs entry (reserved for per-address policy). */
#define SRPGW_XDP_ADDR_OWNED	1u

/*
 * Key of the srpgw_pools LPM trie: @prefixlen over @addr, IPv4 pools in the
 * IPv4-mapped form (prefix length 96 + the IPv4 one). Value: a __u32, 1.
 */
struct srpgw_xdp_pool_key {
	__u32	prefixlen;
	__u8	addr[16];
};

/* srpgw_stats: per-CPU array of __u64 counters, these indices. */
enum srpgw_xdp_counter {
	SRPGW_XDP_REDIRECTED = 0,	/* handed to srpgw's AF_XDP socket */
	SRPGW_XDP_PASSED,		/* given to the kernel stack */
	SRPGW_XDP_DROPPED,		/* for srpgw, no socket on the queue */
	SRPGW_XDP_N_COUNTERS,
};

#endif /* SRPGW_XDP_H */
