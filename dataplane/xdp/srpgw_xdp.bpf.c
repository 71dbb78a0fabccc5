/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * XDP steering program for srpgw on net_af_xdp ports that the kernel also
 * uses: hands srpgw only what it must handle and passes everything else
 * (SRP TCP, BGP, SSH, ARP and ping for the kernel's own addresses) to the
 * kernel stack. Redirected to the AF_XDP socket of the receive queue:
 *  - IPv4/IPv6 GTP-U (UDP 2152) and ICMP/ICMPv6 to an address in
 *    srpgw_addrs (srpgw's interface addresses);
 *  - ARP whose target address is in srpgw_addrs, and IPv6 Neighbour
 *    Solicitations whose target is;
 *  - any IPv4/IPv6 packet to an address inside srpgw_pools (UE pools, filled
 *    on core ports).
 * srpgw fills the maps from its configuration and keeps srp-activated
 * entries only while the chassis is active (control/xdp/ctl_xdp.c). Built with
 * clang -target bpf; loaded by net_af_xdp through its xdp_prog= option,
 * which also fills xsks_map.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "srpgw_xdp.h"

#define ETH_P_ARP_BE	bpf_htons(ETH_P_ARP)
#define ETH_P_IP_BE	bpf_htons(ETH_P_IP)
#define ETH_P_IPV6_BE	bpf_htons(ETH_P_IPV6)
#define ICMPV6_NS	135

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, SRPGW_XDP_MAX_QUEUES);
	__type(key, __u32);
	__type(value, __u32);
} xsks_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SRPGW_XDP_MAX_ADDRS);
	__type(key, struct srpgw_xdp_addr_key);
	__type(value, __u32);
} srpgw_addrs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, SRPGW_XDP_MAX_POOLS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct srpgw_xdp_pool_key);
	__type(value, __u32);
} srpgw_pools SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SRPGW_XDP_N_COUNTERS);
	__type(key, __u32);
	__type(value, __u64);
} srpgw_stats SEC(".maps");

/* ARP for IPv4 over Ethernet, as on the wire. */
struct arp_eth4 {
	__be16	htype;
	__be16	ptype;
	__u8	hlen;
	__u8	plen;
	__be16	op;
	__u8	sha[6];
	__u8	spa[4];
	__u8	tha[6];
	__u8	tpa[4];
} __attribute__((packed));

static __always_inline void
count(__u32 idx)
{
	__u64 *c = bpf_map_lookup_elem(&srpgw_stats, &idx);

	if (c)
		*c += 1;
}

static __always_inline int
pass(void)
{
	count(SRPGW_XDP_PASSED);
	return XDP_PASS;
}

/* To srpgw's socket on this queue; dropped (counted) when there is none:
 * the kernel does not own srpgw's addresses. */
static __always_inline int
to_srpgw(struct xdp_md *ctx)
{
	int ret = bpf_redirect_map(&xsks_map, ctx->rx_queue_index, XDP_DROP);

	count(ret == XDP_REDIRECT ? SRPGW_XDP_REDIRECTED : SRPGW_XDP_DROPPED);
	return ret;
}

static __always_inline void
key_v4(struct srpgw_xdp_addr_key *k, const __u8 *a4)
{
	__builtin_memset(k->addr, 0, 10);
	k->addr[10] = 0xff;
	k->addr[11] = 0xff;
	__builtin_memcpy(&k->addr[12], a4, 4);
}

static __always_inline int
is_addr(const struct srpgw_xdp_addr_key *k)
{
	return bpf_map_lookup_elem(&srpgw_addrs, k) != NULL;
}

static __always_inline int
in_pool(const struct srpgw_xdp_addr_key *k, __u32 plen)
{
	struct srpgw_xdp_pool_key pk;

	pk.prefixlen = plen;
	__builtin_memcpy(pk.addr, k->addr, 16);
	return bpf_map_lookup_elem(&srpgw_pools, &pk) != NULL;
}

static __always_inline int
steer_arp(struct xdp_md *ctx, void *l3, void *end)
{
	struct arp_eth4 *arp = l3;
	struct srpgw_xdp_addr_key k;

	if ((void *)(arp + 1) > end)
		return pass();
	if (arp->htype != bpf_htons(1) || arp->ptype != ETH_P_IP_BE ||
	    arp->hlen != 6 || arp->plen != 4)
		return pass();
	key_v4(&k, arp->tpa);
	return is_addr(&k) ? to_srpgw(ctx) : pass();
}

static __always_inline int
steer_ipv4(struct xdp_md *ctx, void *l3, void *end)
{
	struct iphdr *ip = l3;
	struct srpgw_xdp_addr_key k;
	struct udphdr *udp;
	__u32 ihl;

	if ((void *)(ip + 1) > end || ip->version != 4)
		return pass();
	key_v4(&k, (const __u8 *)&ip->daddr);
	if (in_pool(&k, 128))
		return to_srpgw(ctx);
	if (!is_addr(&k))
		return pass();
	if (ip->protocol == IPPROTO_ICMP)
		return to_srpgw(ctx);
	if (ip->protocol != IPPROTO_UDP)
		return pass();
	/* Non-first fragments carry no UDP header: srpgw reassembles none. */
	if (ip->frag_off & bpf_htons(0x1fff))
		return pass();
	ihl = ip->ihl * 4u;
	if (ihl < sizeof(*ip))
		return pass();
	udp = (void *)((__u8 *)l3 + ihl);
	if ((void *)(udp + 1) > end)
		return pass();
	return udp->dest == bpf_htons(SRPGW_XDP_GTPU_PORT) ?
		to_srpgw(ctx) : pass();
}

static __always_inline int
steer_ipv6(struct xdp_md *ctx, void *l3, void *end)
{
	struct ipv6hdr *ip6 = l3;
	struct srpgw_xdp_addr_key k;
	struct udphdr *udp;
	__u8 *icmp;

	if ((void *)(ip6 + 1) > end)
		return pass();
	__builtin_memcpy(k.addr, &ip6->daddr, 16);
	if (in_pool(&k, 128))
		return to_srpgw(ctx);
	if (ip6->nexthdr == IPPROTO_ICMPV6) {
		icmp = (__u8 *)(ip6 + 1);
		/* type, code, checksum, reserved, then the target. */
		if ((void *)(icmp + 24) > end)
			return is_addr(&k) ? to_srpgw(ctx) : pass();
		if (icmp[0] == ICMPV6_NS) {
			__builtin_memcpy(k.addr, icmp + 8, 16);
			return is_addr(&k) ? to_srpgw(ctx) : pass();
		}
		return is_addr(&k) ? to_srpgw(ctx) : pass();
	}
	if (ip6->nexthdr != IPPROTO_UDP || !is_addr(&k))
		return pass();
	udp = (struct udphdr *)(ip6 + 1);
	if ((void *)(udp + 1) > end)
		return pass();
	return udp->dest == bpf_htons(SRPGW_XDP_GTPU_PORT) ?
		to_srpgw(ctx) : pass();
}

SEC("xdp")
int
srpgw_xdp_steer(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end)
		return pass();
	if (eth->h_proto == ETH_P_IP_BE)
		return steer_ipv4(ctx, eth + 1, end);
	if (eth->h_proto == ETH_P_IPV6_BE)
		return steer_ipv6(ctx, eth + 1, end);
	if (eth->h_proto == ETH_P_ARP_BE)
		return steer_arp(ctx, eth + 1, end);
	return pass();
}

char _license[] SEC("license") = "Dual BSD/GPL";
