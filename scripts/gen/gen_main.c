/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-gen: DPDK traffic generator for a GTP-U gateway. Sends GTP-U
 * uplink on the access port and plain IP downlink on the core port for N
 * sessions laid out like `session generate`, receives what the gateway
 * forwards and prints a JSON summary. Context: main lcore (tx, and rx when
 * no second lcore is given) and optionally one worker lcore (rx).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "gen_arp.h"
#include "gen_pkt.h"
#include "gen_stats.h"

#define GEN_DIR_UL	0
#define GEN_DIR_DL	1
#define GEN_N_DIR	2
#define GEN_BURST_MAX	256
#define GEN_N_DESC	1024
#define GEN_N_MBUF	8191
#define GEN_SERIES_CAP_S 600
#define GEN_SIDE_ACCESS	0	/* the side UL is sent on (same index) */
#define GEN_SIDE_CORE	1	/* the side DL is sent on */
#define GEN_ARP_PRE_MS	1000	/* longest wait for the MACs before t0 */
#define GEN_ARP_RETRY_MS 100	/* request interval in that wait */

static const char *const gen_dir_name[GEN_N_DIR] = { "uplink", "downlink" };

/* Everything the command line sets. */
struct gen_opts {
	uint16_t	port[GEN_N_DIR];	/* tx port: access for UL, core for DL */
	bool		mac_set[2];		/* access, core source MAC given */
	uint8_t		mac[2][6];
	uint32_t	n_sessions;
	uint32_t	local_teid;
	uint32_t	remote_teid;
	uint32_t	pool4;			/* host order network address */
	uint8_t		pool4_len;
	bool		pool4_set;
	uint64_t	pool6_hi;		/* upper 64 bits of the IPv6 pool */
	uint8_t		pool6_len;
	bool		pool6_set;
	bool		dir_on[GEN_N_DIR];
	uint64_t	rate_pps;		/* per direction, 0 = flat out */
	uint64_t	count;			/* per direction, 0 = no limit */
	double		duration_s;		/* 0 = no limit */
	uint32_t	drain_ms;
	uint32_t	burst;
	uint32_t	idle_sleep_us;
	uint32_t	link_wait_s;
	uint32_t	bucket_ms;
	bool		reflect;		/* frames come back unchanged */
	bool		resolve[2];		/* ARP for the gateway, per side */
	uint8_t		gw_ip[2][4];		/* --access-gw-ip, --core-gw-ip */
	bool		own_set[2];		/* an address to answer ARP for */
	uint8_t		own_ip[2][4];		/* --peer-addr (v4), --core-addr */
	uint32_t	arp_refresh_ms;		/* 0 = only at start */
	bool		gw_mac_set[2];		/* --access-gw-mac, --core-gw-mac */
	const char	*csv_path;
	struct gen_pkt_cfg pkt;
	struct gen_pkt_cfg rx_pkt;		/* what the rx side parses with */
};

/*
 * ARP state of one side. @mac is stored by the rx loop and loaded by the
 * tx loop (one word, no lock); the reply mailbox @ask is filled by rx and
 * emptied by tx (@ask_pending release/acquire), since only tx transmits.
 */
struct gen_arp_side {
	uint64_t	mac;		/* gen_mac_pack() of the gateway, 0 unknown */
	struct gen_arp_msg ask;		/* request to answer */
	uint32_t	ask_pending;
	/* rx loop */
	uint64_t	rx;		/* ARP frames received */
	uint64_t	rx_bad;		/* ARP we cannot use (not Ethernet/IPv4) */
	uint64_t	binds;		/* replies/gratuitous ARP for the gateway */
	uint64_t	mac_changes;	/* first learn included */
	uint64_t	last_change_tsc;
	uint64_t	asks_dropped;	/* a request came while one was pending */
	/* tx loop */
	uint64_t	requests_sent;
	uint64_t	replies_sent;
	uint64_t	next_req_tsc;
};

/* Run state shared by the tx and rx loops. */
struct gen_run {
	struct gen_opts	*o;
	struct rte_mempool *pool;
	uint64_t	hz;
	uint64_t	t0_tsc;		/* start of transmission */
	uint64_t	tx_end_tsc;	/* when tx stopped */
	uint64_t	sent[GEN_N_DIR];
	uint64_t	no_mac[GEN_N_DIR];	/* due while the gateway MAC was unknown */
	uint64_t	tx_mac[GEN_N_DIR];	/* packed gateway MAC in use, 0 none */
	uint64_t	gw_changes[GEN_N_DIR];	/* times it changed while sending */
	uint64_t	switch_k[GEN_N_DIR];	/* first packet index after the last */
	struct gen_arp_side arp[2];		/* per side */
	uint64_t	tx_alloc_fail;
	uint64_t	foreign;	/* frames without our marker */
	uint64_t	wrong_port;	/* our marker on the wrong side */
	struct gen_dir_stats *st[GEN_N_DIR];
	struct gen_flow	*flows[GEN_N_DIR];	/* n_sessions each */
	uint32_t	*series[GEN_N_DIR];	/* received per bucket */
	uint64_t	n_buckets;
	uint64_t	bucket_tsc;
	volatile bool	tx_done;	/* written by main, read by rx lcore */
	volatile bool	rx_stop;
};

static volatile sig_atomic_t gen_signalled;

static void
gen_on_signal(int sig)
{
	(void)sig;
	gen_signalled = 1;
}

static void
gen_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [EAL args] -- --sessions N --gw-addr A --peer-addr A\n"
		"           --server-addr A (--ue-ipv4-pool A/L | --ue-ipv6-pool P/L) [options]\n"
		"  --access-port P / --core-port P  port ids (default 0 / 1)\n"
		"  --access-mac MAC / --core-mac MAC source MACs (default: the port's)\n"
		"  --access-gw-mac MAC / --core-gw-mac MAC gateway MACs (default broadcast)\n"
		"  --access-gw-ip A / --core-gw-ip A  learn the gateway MAC by ARP (IPv4);\n"
		"                    nothing is sent on that side until it is known\n"
		"  --core-addr A     our IPv4 address on the core side (answers ARP)\n"
		"  --arp-refresh-ms MS  ARP request interval, 0 = only at start (default 1000)\n"
		"  --local-teid BASE / --remote-teid BASE  as in session generate (default 1)\n"
		"  --rate PPS        per direction, 0 = flat out (default 10000)\n"
		"  --size B          inner IP packet size 64..1500 (default 64)\n"
		"  --dir ul|dl|both  (default both)\n"
		"  --duration S      seconds of transmission (default 1 without --count)\n"
		"  --count N         packets per direction\n"
		"  --drain-ms MS     wait for late packets after tx stops (default 200)\n"
		"  --burst N         tx burst 1..%u (default 32)\n"
		"  --csv FILE        received pps per bucket as CSV\n"
		"  --bucket-ms 1|10  CSV bucket (default 10)\n"
		"  --idle-sleep-us US sleep when a loop turn did nothing (default 0)\n"
		"  --link-wait S     wait for link up (default 10)\n"
		"  --reflect         the device under test forwards frames unchanged\n"
		"                    (io-forward reference such as testpmd, a bridge)\n",
		prog, GEN_BURST_MAX);
}

static int
gen_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (s[0] == '-' || s[0] == '\0')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0' || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int
gen_parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v;
	int ret = gen_parse_u64(s, max, &v);

	if (ret == 0)
		*out = (uint32_t)v;
	return ret;
}

/* Address of either family; @af gets 4 or 6. */
static int
gen_parse_addr(const char *s, uint8_t *out, uint8_t *af)
{
	if (inet_pton(AF_INET, s, out) == 1) {
		*af = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*af = 6;
		return 0;
	}
	return -EINVAL;
}

static int
gen_parse_pool(const char *s, uint8_t want_af, uint8_t *addr, uint8_t *len)
{
	char buf[64];
	char *slash;
	uint32_t l = 0;
	uint8_t af;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash == NULL)
		return -EINVAL;
	*slash = '\0';
	if (gen_parse_addr(buf, addr, &af) < 0 || af != want_af ||
	    gen_parse_u32(slash + 1, want_af == 4 ? 32 : 64, &l) < 0 || l == 0)
		return -EINVAL;
	*len = (uint8_t)l;
	return 0;
}

static int
gen_parse_mac(const char *s, uint8_t *mac)
{
	struct rte_ether_addr ea;

	if (rte_ether_unformat_addr(s, &ea) < 0)
		return -EINVAL;
	memcpy(mac, ea.addr_bytes, 6);
	return 0;
}

enum {
	OPT_ACCESS_PORT = 256, OPT_CORE_PORT, OPT_ACCESS_MAC, OPT_CORE_MAC,
	OPT_ACCESS_GW_MAC, OPT_CORE_GW_MAC, OPT_GW_ADDR, OPT_PEER_ADDR,
	OPT_SERVER_ADDR, OPT_POOL4, OPT_POOL6, OPT_SESSIONS, OPT_LTEID,
	OPT_RTEID, OPT_RATE, OPT_SIZE, OPT_DIR, OPT_DURATION, OPT_COUNT,
	OPT_DRAIN, OPT_BURST, OPT_CSV, OPT_BUCKET, OPT_IDLE, OPT_LINK_WAIT,
	OPT_ACCESS_GW_IP, OPT_CORE_GW_IP, OPT_CORE_ADDR, OPT_ARP_REFRESH,
	OPT_REFLECT, OPT_HELP,
};

static const struct option gen_longopts[] = {
	{ "access-port", required_argument, NULL, OPT_ACCESS_PORT },
	{ "core-port", required_argument, NULL, OPT_CORE_PORT },
	{ "access-mac", required_argument, NULL, OPT_ACCESS_MAC },
	{ "core-mac", required_argument, NULL, OPT_CORE_MAC },
	{ "access-gw-mac", required_argument, NULL, OPT_ACCESS_GW_MAC },
	{ "core-gw-mac", required_argument, NULL, OPT_CORE_GW_MAC },
	{ "gw-addr", required_argument, NULL, OPT_GW_ADDR },
	{ "peer-addr", required_argument, NULL, OPT_PEER_ADDR },
	{ "server-addr", required_argument, NULL, OPT_SERVER_ADDR },
	{ "ue-ipv4-pool", required_argument, NULL, OPT_POOL4 },
	{ "ue-ipv6-pool", required_argument, NULL, OPT_POOL6 },
	{ "sessions", required_argument, NULL, OPT_SESSIONS },
	{ "local-teid", required_argument, NULL, OPT_LTEID },
	{ "remote-teid", required_argument, NULL, OPT_RTEID },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "dir", required_argument, NULL, OPT_DIR },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "drain-ms", required_argument, NULL, OPT_DRAIN },
	{ "burst", required_argument, NULL, OPT_BURST },
	{ "csv", required_argument, NULL, OPT_CSV },
	{ "bucket-ms", required_argument, NULL, OPT_BUCKET },
	{ "idle-sleep-us", required_argument, NULL, OPT_IDLE },
	{ "link-wait", required_argument, NULL, OPT_LINK_WAIT },
	{ "access-gw-ip", required_argument, NULL, OPT_ACCESS_GW_IP },
	{ "core-gw-ip", required_argument, NULL, OPT_CORE_GW_IP },
	{ "core-addr", required_argument, NULL, OPT_CORE_ADDR },
	{ "arp-refresh-ms", required_argument, NULL, OPT_ARP_REFRESH },
	{ "reflect", no_argument, NULL, OPT_REFLECT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Parse one option into @o; @af collects the gw, peer and server families. */
static int
gen_parse_one(struct gen_opts *o, int opt, const char *arg, uint8_t *af)
{
	uint8_t a[16];
	uint32_t u32 = 0;
	uint64_t u64;
	char *end;

	switch (opt) {
	case OPT_ACCESS_PORT:
	case OPT_CORE_PORT:
		if (gen_parse_u32(arg, RTE_MAX_ETHPORTS - 1, &u32) < 0)
			return -EINVAL;
		o->port[opt == OPT_ACCESS_PORT ? GEN_DIR_UL : GEN_DIR_DL] =
			(uint16_t)u32;
		return 0;
	case OPT_ACCESS_MAC:
	case OPT_CORE_MAC:
		o->mac_set[opt - OPT_ACCESS_MAC] = true;
		return gen_parse_mac(arg, o->mac[opt - OPT_ACCESS_MAC]);
	case OPT_ACCESS_GW_MAC:
		o->gw_mac_set[GEN_SIDE_ACCESS] = true;
		return gen_parse_mac(arg, o->pkt.access_gw_mac);
	case OPT_CORE_GW_MAC:
		o->gw_mac_set[GEN_SIDE_CORE] = true;
		return gen_parse_mac(arg, o->pkt.core_gw_mac);
	case OPT_ACCESS_GW_IP:
	case OPT_CORE_GW_IP:
		u32 = opt == OPT_ACCESS_GW_IP ? GEN_SIDE_ACCESS : GEN_SIDE_CORE;
		o->resolve[u32] = true;
		return inet_pton(AF_INET, arg, o->gw_ip[u32]) == 1 ? 0 : -EINVAL;
	case OPT_CORE_ADDR:
		o->own_set[GEN_SIDE_CORE] = true;
		return inet_pton(AF_INET, arg, o->own_ip[GEN_SIDE_CORE]) == 1 ?
			0 : -EINVAL;
	case OPT_ARP_REFRESH:
		return gen_parse_u32(arg, 3600000, &o->arp_refresh_ms);
	case OPT_GW_ADDR:
		return gen_parse_addr(arg, o->pkt.gw_addr, &af[0]);
	case OPT_PEER_ADDR:
		return gen_parse_addr(arg, o->pkt.access_addr, &af[1]);
	case OPT_SERVER_ADDR:
		return gen_parse_addr(arg, o->pkt.srv_addr, &af[2]);
	case OPT_POOL4:
		if (gen_parse_pool(arg, 4, a, &o->pool4_len) < 0)
			return -EINVAL;
		o->pool4 = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
			(uint32_t)a[2] << 8 | a[3];
		if (o->pool4_len < 32 &&
		    (o->pool4 & (UINT32_MAX >> o->pool4_len)) != 0)
			return -EINVAL;
		o->pool4_set = true;
		return 0;
	case OPT_POOL6:
		if (gen_parse_pool(arg, 6, a, &o->pool6_len) < 0)
			return -EINVAL;
		o->pool6_hi = 0;
		for (u32 = 0; u32 < 8; u32++)
			o->pool6_hi = o->pool6_hi << 8 | a[u32];
		for (u32 = 8; u32 < 16; u32++)
			if (a[u32] != 0)
				return -EINVAL;
		if (o->pool6_len < 64 &&
		    (o->pool6_hi & (UINT64_MAX >> o->pool6_len)) != 0)
			return -EINVAL;
		o->pool6_set = true;
		return 0;
	case OPT_SESSIONS:
		if (gen_parse_u32(arg, 0x7fffffff, &o->n_sessions) < 0 ||
		    o->n_sessions == 0)
			return -EINVAL;
		return 0;
	case OPT_LTEID:
	case OPT_RTEID:
		if (gen_parse_u32(arg, UINT32_MAX, &u32) < 0 || u32 == 0)
			return -EINVAL;
		*(opt == OPT_LTEID ? &o->local_teid : &o->remote_teid) = u32;
		return 0;
	case OPT_RATE:
		return gen_parse_u64(arg, UINT64_C(1) << 40, &o->rate_pps);
	case OPT_SIZE:
		if (gen_parse_u32(arg, GEN_INNER_MAX, &u32) < 0 ||
		    u32 < GEN_INNER_MIN)
			return -EINVAL;
		o->pkt.inner_len = (uint16_t)u32;
		return 0;
	case OPT_DIR:
		o->dir_on[GEN_DIR_UL] = strcmp(arg, "ul") == 0 ||
			strcmp(arg, "both") == 0;
		o->dir_on[GEN_DIR_DL] = strcmp(arg, "dl") == 0 ||
			strcmp(arg, "both") == 0;
		return o->dir_on[0] || o->dir_on[1] ? 0 : -EINVAL;
	case OPT_DURATION:
		errno = 0;
		o->duration_s = strtod(arg, &end);
		if (errno != 0 || *end != '\0' || end == arg ||
		    !(o->duration_s > 0 && o->duration_s <= 86400))
			return -EINVAL;
		return 0;
	case OPT_COUNT:
		if (gen_parse_u64(arg, UINT64_C(1) << 48, &u64) < 0 || u64 == 0)
			return -EINVAL;
		o->count = u64;
		return 0;
	case OPT_DRAIN:
		return gen_parse_u32(arg, 60000, &o->drain_ms);
	case OPT_BURST:
		if (gen_parse_u32(arg, GEN_BURST_MAX, &o->burst) < 0 ||
		    o->burst == 0)
			return -EINVAL;
		return 0;
	case OPT_CSV:
		o->csv_path = arg;
		return 0;
	case OPT_BUCKET:
		if (gen_parse_u32(arg, 10, &o->bucket_ms) < 0 ||
		    (o->bucket_ms != 1 && o->bucket_ms != 10))
			return -EINVAL;
		return 0;
	case OPT_IDLE:
		return gen_parse_u32(arg, 100000, &o->idle_sleep_us);
	case OPT_LINK_WAIT:
		return gen_parse_u32(arg, 3600, &o->link_wait_s);
	default:
		return -EINVAL;
	}
}

static int
gen_parse_args(struct gen_opts *o, int argc, char **argv)
{
	uint8_t af[3] = { 0, 0, 0 };	/* gw, peer, server */
	uint64_t cap, u64;
	int opt;

	memset(o, 0, sizeof(*o));
	o->port[GEN_DIR_UL] = 0;
	o->port[GEN_DIR_DL] = 1;
	o->local_teid = 1;
	o->remote_teid = 1;
	o->dir_on[GEN_DIR_UL] = o->dir_on[GEN_DIR_DL] = true;
	o->rate_pps = 10000;
	o->drain_ms = 200;
	o->burst = 32;
	o->link_wait_s = 10;
	o->bucket_ms = 10;
	o->arp_refresh_ms = 1000;
	o->pkt.inner_len = 64;
	o->pkt.ue_port = 5000;
	o->pkt.srv_port = 6000;
	memset(o->pkt.access_gw_mac, 0xff, 6);
	memset(o->pkt.core_gw_mac, 0xff, 6);

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", gen_longopts, NULL)) != -1) {
		if (opt == OPT_HELP) {
			gen_usage(argv[0]);
			exit(0);
		}
		if (opt == OPT_REFLECT) {
			o->reflect = true;
			continue;
		}
		if (opt == '?') {
			gen_usage(argv[0]);
			return -EINVAL;
		}
		if (gen_parse_one(o, opt, optarg, af) < 0) {
			fprintf(stderr, "srpgw-gen: bad value '%s' for --%s\n",
				optarg, gen_longopts[opt - OPT_ACCESS_PORT].name);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "srpgw-gen: unexpected argument '%s'\n",
			argv[optind]);
		return -EINVAL;
	}
	if (o->n_sessions == 0 || af[0] == 0 || af[1] == 0 || af[2] == 0) {
		fprintf(stderr, "srpgw-gen: --sessions, --gw-addr, --peer-addr "
			"and --server-addr are required\n");
		return -EINVAL;
	}
	if (af[0] != af[1]) {
		fprintf(stderr, "srpgw-gen: --gw-addr and --peer-addr must be "
			"of the same family\n");
		return -EINVAL;
	}
	o->pkt.outer_af = af[0];
	o->pkt.inner_af = af[2];
	for (u64 = 0; u64 < 2; u64++)
		if (o->resolve[u64] && o->gw_mac_set[u64]) {
			fprintf(stderr, "srpgw-gen: --%s-gw-ip and --%s-gw-mac "
				"exclude each other\n", u64 ? "core" : "access",
				u64 ? "core" : "access");
			return -EINVAL;
		}
	/* On the access side we answer ARP for our GTP-U address. */
	if (af[1] == 4) {
		o->own_set[GEN_SIDE_ACCESS] = true;
		memcpy(o->own_ip[GEN_SIDE_ACCESS], o->pkt.access_addr, 4);
	}
	if ((uint64_t)o->local_teid + o->n_sessions - 1 > UINT32_MAX ||
	    (uint64_t)o->remote_teid + o->n_sessions - 1 > UINT32_MAX) {
		fprintf(stderr, "srpgw-gen: TEIDs would pass 4294967295\n");
		return -EINVAL;
	}
	if (o->pkt.inner_af == 4) {
		if (!o->pool4_set) {
			fprintf(stderr, "srpgw-gen: an IPv4 --server-addr needs "
				"--ue-ipv4-pool\n");
			return -EINVAL;
		}
		/* Like session generate: network address + 1 + i. */
		cap = (UINT64_C(1) << (32 - o->pool4_len)) - 1;
		if (o->n_sessions > cap) {
			fprintf(stderr, "srpgw-gen: ue-ipv4-pool /%u holds %" PRIu64
				" addresses, %u requested\n", o->pool4_len, cap,
				o->n_sessions);
			return -EINVAL;
		}
	} else {
		if (!o->pool6_set) {
			fprintf(stderr, "srpgw-gen: an IPv6 --server-addr needs "
				"--ue-ipv6-pool\n");
			return -EINVAL;
		}
		cap = 64 - o->pool6_len >= 32 ? UINT64_MAX :
			UINT64_C(1) << (64 - o->pool6_len);
		if (o->n_sessions > cap) {
			fprintf(stderr, "srpgw-gen: ue-ipv6-pool /%u holds %" PRIu64
				" /64 prefixes, %u requested\n", o->pool6_len,
				cap, o->n_sessions);
			return -EINVAL;
		}
	}
	if (o->duration_s == 0 && o->count == 0)
		o->duration_s = 1;
	return gen_pkt_cfg_check(&o->pkt);
}

/*
 * What the rx side expects. Through a gateway the access port receives
 * G-PDUs to the UE port and the core port plain IP to the server port.
 * Through an io-forwarder (--reflect) each port receives the other side's
 * frames as they were sent: plain IP to the UE port on the access port,
 * G-PDUs to the server port on the core port; swapping the two UDP ports
 * and the parsers covers both.
 */
static void
gen_rx_cfg_set(struct gen_opts *o)
{
	o->rx_pkt = o->pkt;
	if (o->reflect) {
		o->rx_pkt.ue_port = o->pkt.srv_port;
		o->rx_pkt.srv_port = o->pkt.ue_port;
	}
}

/* UE address of session @i: pool4 + 1 + i, or the i-th /64 of pool6 (::1). */
static inline void
gen_ue_addr(const struct gen_opts *o, uint32_t i, uint8_t *ue)
{
	uint64_t hi;
	uint32_t a;
	int k;

	if (o->pkt.inner_af == 4) {
		a = o->pool4 + 1 + i;
		ue[0] = (uint8_t)(a >> 24);
		ue[1] = (uint8_t)(a >> 16);
		ue[2] = (uint8_t)(a >> 8);
		ue[3] = (uint8_t)a;
		return;
	}
	/* The i-th /64 inside the pool: add i to the upper 64 bits. */
	hi = o->pool6_hi + i;
	for (k = 7; k >= 0; k--, hi >>= 8)
		ue[k] = (uint8_t)hi;
	memset(ue + 8, 0, 7);
	ue[15] = 1;
}

static int
gen_port_init(uint16_t port, struct rte_mempool *pool)
{
	struct rte_eth_conf conf;
	int ret;

	if (!rte_eth_dev_is_valid_port(port)) {
		fprintf(stderr, "srpgw-gen: port %u does not exist (%u ports)\n",
			port, rte_eth_dev_count_avail());
		return -ENODEV;
	}
	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(port, 1, 1, &conf);
	if (ret < 0) {
		fprintf(stderr, "srpgw-gen: rte_eth_dev_configure(%u): %s\n",
			port, rte_strerror(-ret));
		return ret;
	}
	ret = rte_eth_rx_queue_setup(port, 0, GEN_N_DESC,
				     rte_eth_dev_socket_id(port), NULL, pool);
	if (ret < 0) {
		fprintf(stderr, "srpgw-gen: rte_eth_rx_queue_setup(%u): %s\n",
			port, rte_strerror(-ret));
		return ret;
	}
	ret = rte_eth_tx_queue_setup(port, 0, GEN_N_DESC,
				     rte_eth_dev_socket_id(port), NULL);
	if (ret < 0) {
		fprintf(stderr, "srpgw-gen: rte_eth_tx_queue_setup(%u): %s\n",
			port, rte_strerror(-ret));
		return ret;
	}
	ret = rte_eth_dev_start(port);
	if (ret < 0) {
		fprintf(stderr, "srpgw-gen: rte_eth_dev_start(%u): %s\n",
			port, rte_strerror(-ret));
		return ret;
	}
	/* Not every PMD has a promiscuous mode (memif): not fatal. */
	rte_eth_promiscuous_enable(port);
	return 0;
}

static int
gen_link_wait(const uint16_t *ports, uint32_t wait_s)
{
	struct rte_eth_link link;
	uint64_t end = rte_get_timer_cycles() + wait_s * rte_get_timer_hz();
	bool up;
	int i;

	for (;;) {
		up = true;
		for (i = 0; i < GEN_N_DIR; i++) {
			memset(&link, 0, sizeof(link));
			if (rte_eth_link_get_nowait(ports[i], &link) < 0 ||
			    link.link_status != RTE_ETH_LINK_UP)
				up = false;
		}
		if (up)
			return 0;
		if (rte_get_timer_cycles() > end || gen_signalled) {
			fprintf(stderr, "srpgw-gen: link down after %u s\n",
				wait_s);
			return -ETIMEDOUT;
		}
		rte_delay_us_sleep(10000);
	}
}

/* Packets direction @d may have sent by @now (rate and count limits). */
static uint64_t
gen_tx_due(const struct gen_run *r, int d, uint64_t now)
{
	const struct gen_opts *o = r->o;
	uint64_t el = now - r->t0_tsc, due;

	if (o->rate_pps == 0)
		due = r->sent[d] + r->no_mac[d] + o->burst;
	else
		due = el / r->hz * o->rate_pps +
			el % r->hz * o->rate_pps / r->hz;
	if (o->count != 0 && due > o->count)
		due = o->count;
	return due;
}

/*
 * Copy the learnt gateway MAC of direction @d's side into the tx frame
 * template (only the tx loop reads o->pkt). Context: tx loop.
 * Returns false while the MAC is unknown.
 */
static bool
gen_gw_mac_load(struct gen_run *r, int d)
{
	struct gen_opts *o = r->o;
	uint64_t mac;

	if (!o->resolve[d])
		return true;
	mac = __atomic_load_n(&r->arp[d].mac, __ATOMIC_RELAXED);
	if (mac != r->tx_mac[d]) {
		/* From packet sent[d] on, the new gateway gets the traffic. */
		if (r->tx_mac[d] != 0) {
			r->gw_changes[d]++;
			r->switch_k[d] = r->sent[d];
		}
		r->tx_mac[d] = mac;
	}
	return gen_mac_unpack(mac, d == GEN_DIR_UL ? o->pkt.access_gw_mac :
			      o->pkt.core_gw_mac) == 0;
}

/* Send one ARP frame on @side. Context: tx loop. Returns true if sent. */
static bool
gen_arp_send(struct gen_run *r, int side, const uint8_t *dst,
	     const struct gen_arp_msg *a)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(r->pool);
	uint8_t *buf;

	if (m == NULL) {
		r->tx_alloc_fail++;
		return false;
	}
	buf = (uint8_t *)rte_pktmbuf_append(m, GEN_ARP_FRAME_LEN);
	if (buf == NULL) {
		rte_pktmbuf_free(m);
		return false;
	}
	gen_arp_build(buf, dst, a);
	if (rte_eth_tx_burst(r->o->port[side], 0, &m, 1) != 1) {
		rte_pktmbuf_free(m);
		return false;
	}
	return true;
}

/*
 * ARP work of the tx loop: answer a posted request, and send a request for
 * the gateway address when due (@force: now, whatever the timer).
 * Context: tx loop.
 */
static void
gen_arp_tx(struct gen_run *r, uint64_t now, bool force)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const struct gen_opts *o = r->o;
	struct gen_arp_side *s;
	struct gen_arp_msg a;
	int side;

	for (side = 0; side < 2; side++) {
		s = &r->arp[side];
		if (__atomic_load_n(&s->ask_pending, __ATOMIC_ACQUIRE)) {
			memset(&a, 0, sizeof(a));
			a.op = GEN_ARP_OP_REPLY;
			memcpy(a.sha, o->mac[side], 6);
			memcpy(a.spa, o->own_ip[side], 4);
			memcpy(a.tha, s->ask.sha, 6);
			memcpy(a.tpa, s->ask.spa, 4);
			if (gen_arp_send(r, side, s->ask.sha, &a))
				s->replies_sent++;
			__atomic_store_n(&s->ask_pending, 0, __ATOMIC_RELEASE);
		}
		if (!o->resolve[side] || (!force && now < s->next_req_tsc))
			continue;
		memset(&a, 0, sizeof(a));
		a.op = GEN_ARP_OP_REQUEST;
		memcpy(a.sha, o->mac[side], 6);
		if (o->own_set[side])
			memcpy(a.spa, o->own_ip[side], 4);
		memcpy(a.tpa, o->gw_ip[side], 4);
		if (gen_arp_send(r, side, bcast, &a))
			s->requests_sent++;
		s->next_req_tsc = o->arp_refresh_ms == 0 ? UINT64_MAX :
			now + (uint64_t)o->arp_refresh_ms * r->hz / 1000;
	}
}

/*
 * An ARP frame received on @side: learn the gateway MAC from a reply or a
 * gratuitous ARP (a plain store), post a reply for a request for our own
 * address. Context: rx loop.
 * Returns false when the frame is not ARP.
 */
static bool
gen_arp_rx(struct gen_run *r, int side, const uint8_t *buf, uint32_t len,
	   uint64_t now)
{
	const struct gen_opts *o = r->o;
	struct gen_arp_side *s = &r->arp[side];
	struct gen_arp_msg a;
	uint64_t mac;
	int ret;

	ret = gen_arp_parse(buf, len, &a);
	if (ret == -ENOENT)
		return false;
	s->rx++;
	if (ret < 0) {
		s->rx_bad++;
		return true;
	}
	if (o->resolve[side] && gen_arp_binds(&a, o->gw_ip[side])) {
		s->binds++;
		mac = gen_mac_pack(a.sha);
		if (mac != s->mac) {
			__atomic_store_n(&s->mac, mac, __ATOMIC_RELAXED);
			s->mac_changes++;
			s->last_change_tsc = now;
		}
	}
	if (o->own_set[side] && gen_arp_asks(&a, o->own_ip[side])) {
		if (__atomic_load_n(&s->ask_pending, __ATOMIC_ACQUIRE)) {
			s->asks_dropped++;
		} else {
			s->ask = a;
			__atomic_store_n(&s->ask_pending, 1, __ATOMIC_RELEASE);
		}
	}
	return true;
}

/* One tx turn for both directions. Returns packets sent. */
static uint32_t
gen_tx_turn(struct gen_run *r, uint64_t now)
{
	const struct gen_opts *o = r->o;
	struct rte_mbuf *pkts[GEN_BURST_MAX];
	uint32_t n, j, len, total = 0;
	struct gen_mark m;
	uint8_t ue[16];
	uint16_t n_tx;
	uint64_t due, k;
	int d;

	for (d = 0; d < GEN_N_DIR; d++) {
		if (!o->dir_on[d])
			continue;
		due = gen_tx_due(r, d, now);
		if (due <= r->sent[d] + r->no_mac[d])
			continue;
		if (!gen_gw_mac_load(r, d)) {
			/* Slots pass unsent; sequence numbers stay dense. */
			r->no_mac[d] = due - r->sent[d];
			continue;
		}
		due -= r->no_mac[d];
		n = due - r->sent[d] > o->burst ? o->burst :
			(uint32_t)(due - r->sent[d]);
		if (rte_pktmbuf_alloc_bulk(r->pool, pkts, n) != 0) {
			r->tx_alloc_fail++;
			continue;
		}
		len = d == GEN_DIR_UL ? gen_pkt_ul_len(&o->pkt) :
			gen_pkt_dl_len(&o->pkt);
		m.tsc = (rte_rdtsc() - r->t0_tsc) & GEN_TSC_MASK;
		for (j = 0; j < n; j++) {
			uint8_t *buf = (uint8_t *)rte_pktmbuf_append(pkts[j],
								     (uint16_t)len);
			uint32_t i;

			if (buf == NULL) {
				/* Frame larger than the mbuf: cannot happen
				 * with the default buffer size; send nothing.
				 */
				rte_pktmbuf_free_bulk(pkts, n);
				return total;
			}
			k = r->sent[d] + j;
			i = (uint32_t)(k % o->n_sessions);
			m.flow = i | (d == GEN_DIR_DL ? GEN_FLOW_DL : 0);
			m.seq = (uint32_t)(k / o->n_sessions);
			gen_ue_addr(o, i, ue);
			if (d == GEN_DIR_UL)
				gen_pkt_build_ul(buf, &o->pkt, ue,
						 o->local_teid + i, &m);
			else
				gen_pkt_build_dl(buf, &o->pkt, ue, &m);
		}
		n_tx = rte_eth_tx_burst(o->port[d], 0, pkts, (uint16_t)n);
		/* Refused packets are rebuilt next turn with the same seqs. */
		if (n_tx < n)
			rte_pktmbuf_free_bulk(pkts + n_tx, n - n_tx);
		r->sent[d] += n_tx;
		total += n_tx;
	}
	return total;
}

/* One rx turn on both ports. Returns frames received. */
static uint32_t
gen_rx_turn(struct gen_run *r)
{
	const struct gen_opts *o = r->o;
	struct rte_mbuf *pkts[GEN_BURST_MAX];
	uint64_t now, now48, b;
	struct gen_mark m;
	uint32_t total = 0, idx, teid = 0;
	uint16_t n, j;
	int side, d, ret;
	bool gtp;

	/* side 0: access port (receives downlink), 1: core port (uplink). */
	for (side = 0; side < 2; side++) {
		n = rte_eth_rx_burst(o->port[side], 0, pkts, 32);
		if (n == 0)
			continue;
		now = rte_rdtsc();
		now48 = (now - r->t0_tsc) & GEN_TSC_MASK;
		b = (now - r->t0_tsc) / r->bucket_tsc;
		for (j = 0; j < n; j++) {
			const uint8_t *buf = rte_pktmbuf_mtod(pkts[j],
							      const uint8_t *);
			uint32_t len = rte_pktmbuf_data_len(pkts[j]);

			if (gen_arp_rx(r, side, buf, len, now))
				continue;
			/* G-PDUs on the access side, or on the core side
			 * when frames come back unchanged.
			 */
			gtp = (side == 0) != o->reflect;
			ret = gtp ?
				gen_pkt_parse_access(buf, len, &o->rx_pkt, &m,
						     &teid) :
				gen_pkt_parse_core(buf, len, &o->rx_pkt, &m);
			if (ret < 0) {
				r->foreign++;
				continue;
			}
			d = (m.flow & GEN_FLOW_DL) ? GEN_DIR_DL : GEN_DIR_UL;
			if (d != (side == 0 ? GEN_DIR_DL : GEN_DIR_UL)) {
				r->wrong_port++;
				continue;
			}
			idx = m.flow & ~GEN_FLOW_DL;
			if (idx >= o->n_sessions || !o->dir_on[d]) {
				r->st[d]->bad_flow++;
				continue;
			}
			/* Downlink must come in the session's own tunnel;
			 * reflected uplink still carries the local TEID.
			 */
			if (gtp && teid != (side == 0 ? o->remote_teid :
					    o->local_teid) + idx) {
				r->st[d]->wrong_teid++;
				continue;
			}
			gen_flow_rx(r->st[d], &r->flows[d][idx], m.seq);
			gen_dir_rx_time(r->st[d], now,
					(now48 - m.tsc) & GEN_TSC_MASK);
			if (r->series[d] != NULL && b < r->n_buckets)
				r->series[d][b]++;
		}
		rte_pktmbuf_free_bulk(pkts, n);
		total += n;
	}
	return total;
}

/*
 * Before t0: ask for the gateway MACs and wait until both are known, at
 * most GEN_ARP_PRE_MS (then the run starts anyway and counts what it could
 * not send). Context: main lcore, before the rx lcore starts.
 */
static void
gen_arp_resolve(struct gen_run *r)
{
	const struct gen_opts *o = r->o;
	uint64_t start = rte_rdtsc(), now = start, retry = start;
	uint64_t end = start + GEN_ARP_PRE_MS * r->hz / 1000;
	int side;
	bool known;

	if (!o->resolve[GEN_SIDE_ACCESS] && !o->resolve[GEN_SIDE_CORE])
		return;
	while (now < end && !gen_signalled) {
		known = true;
		for (side = 0; side < 2; side++)
			if (o->resolve[side] && r->arp[side].mac == 0)
				known = false;
		if (known)
			return;
		gen_arp_tx(r, now, now >= retry);
		if (now >= retry)
			retry = now + GEN_ARP_RETRY_MS * r->hz / 1000;
		if (gen_rx_turn(r) == 0)
			rte_delay_us_sleep(100);
		now = rte_rdtsc();
	}
}

static int
gen_rx_lcore(void *arg)
{
	struct gen_run *r = arg;

	while (!r->rx_stop) {
		if (gen_rx_turn(r) == 0 && r->o->idle_sleep_us != 0)
			rte_delay_us_sleep(r->o->idle_sleep_us);
	}
	return 0;
}

/* Transmit until a limit or a signal; rx inline when @rx_inline. */
static void
gen_run_loop(struct gen_run *r, bool rx_inline)
{
	const struct gen_opts *o = r->o;
	uint64_t end = UINT64_MAX, now, drain_end;
	uint32_t work;
	bool done;
	int d;

	if (o->duration_s > 0)
		end = r->t0_tsc + (uint64_t)(o->duration_s * (double)r->hz);
	for (;;) {
		now = rte_rdtsc();
		if (now >= end || gen_signalled)
			break;
		done = o->count != 0;
		for (d = 0; d < GEN_N_DIR; d++)
			if (o->dir_on[d] && r->sent[d] + r->no_mac[d] < o->count)
				done = false;
		if (done)
			break;
		gen_arp_tx(r, now, false);
		work = gen_tx_turn(r, now);
		if (rx_inline)
			work += gen_rx_turn(r);
		if (work == 0 && o->idle_sleep_us != 0)
			rte_delay_us_sleep(o->idle_sleep_us);
	}
	r->tx_end_tsc = rte_rdtsc();
	r->tx_done = true;
	drain_end = r->tx_end_tsc + (uint64_t)o->drain_ms * r->hz / 1000;
	while (rte_rdtsc() < drain_end) {
		work = rx_inline ? gen_rx_turn(r) : 0;
		if (work == 0)
			rte_delay_us_sleep(o->idle_sleep_us != 0 ?
					   o->idle_sleep_us : 100);
	}
}

static double
gen_ns(const struct gen_run *r, uint64_t cycles)
{
	return (double)cycles * 1e9 / (double)r->hz;
}

/* Close every flow, then print one direction's JSON object. */
static void
gen_print_dir(struct gen_run *r, int d, bool last)
{
	const struct gen_opts *o = r->o;
	struct gen_dir_stats *s = r->st[d];
	double tx_s = (double)(r->tx_end_tsc - r->t0_tsc) / (double)r->hz;
	double rate, outage_ms;
	uint64_t lost, per, extra, silent, after;
	uint32_t i;

	/* Sessions through the gateway in use since the last MAC change. */
	silent = after = 0;
	if (o->dir_on[d])
		gen_flows_count(r->flows[d], o->n_sessions, r->switch_k[d],
				&silent, &after);
	if (o->dir_on[d]) {
		per = r->sent[d] / o->n_sessions;
		extra = r->sent[d] % o->n_sessions;
		for (i = 0; i < o->n_sessions; i++)
			gen_flow_finish(s, &r->flows[d][i], per + (i < extra));
	}
	lost = r->sent[d] > s->unique ? r->sent[d] - s->unique : 0;
	rate = o->rate_pps != 0 ? (double)o->rate_pps :
		(tx_s > 0 ? (double)r->sent[d] / tx_s : 0);
	/* Each flow gets one packet in n_sessions: its rate is rate / N. */
	outage_ms = rate > 0 ?
		(double)s->max_lost_run * o->n_sessions * 1000.0 / rate : 0;
	printf("  \"%s\": {\n", gen_dir_name[d]);
	printf("    \"enabled\": %s,\n", o->dir_on[d] ? "true" : "false");
	printf("    \"sent\": %" PRIu64 ",\n", r->sent[d]);
	printf("    \"not_sent_no_gw_mac\": %" PRIu64 ",\n", r->no_mac[d]);
	printf("    \"gw_changes\": %" PRIu64 ",\n", r->gw_changes[d]);
	printf("    \"flows_silent\": %" PRIu64 ",\n", silent);
	printf("    \"flows_rx_after_gw_change\": %" PRIu64 ",\n", after);
	printf("    \"tx_pps\": %.0f,\n",
	       tx_s > 0 ? (double)r->sent[d] / tx_s : 0.0);
	printf("    \"received\": %" PRIu64 ",\n", s->received);
	printf("    \"unique\": %" PRIu64 ",\n", s->unique);
	printf("    \"lost\": %" PRIu64 ",\n", lost);
	printf("    \"reordered\": %" PRIu64 ",\n", s->reordered);
	printf("    \"duplicated\": %" PRIu64 ",\n", s->duplicated);
	printf("    \"late\": %" PRIu64 ",\n", s->late);
	printf("    \"bad_flow\": %" PRIu64 ",\n", s->bad_flow);
	printf("    \"wrong_teid\": %" PRIu64 ",\n", s->wrong_teid);
	printf("    \"latency_ns\": { \"min\": %.0f, \"mean\": %.0f, "
	       "\"p50\": %.0f, \"p99\": %.0f, \"p99_9\": %.0f, \"max\": %.0f },\n",
	       gen_ns(r, s->lat_min),
	       s->received > 0 ?
	       gen_ns(r, s->lat_sum) / (double)s->received : 0.0,
	       gen_ns(r, gen_hist_quantile(s, 500000)),
	       gen_ns(r, gen_hist_quantile(s, 990000)),
	       gen_ns(r, gen_hist_quantile(s, 999000)),
	       gen_ns(r, s->lat_max));
	printf("    \"max_lost_run\": %" PRIu64 ",\n", s->max_lost_run);
	printf("    \"outage_seq_ms\": %.3f,\n", outage_ms);
	printf("    \"max_gap_ms\": %.3f,\n", gen_ns(r, s->max_gap_tsc) / 1e6);
	printf("    \"max_gap_end_ms\": %.3f\n",
	       s->max_gap_tsc != 0 ?
	       gen_ns(r, s->max_gap_end_tsc - r->t0_tsc) / 1e6 : 0.0);
	printf("  }%s\n", last ? "" : ",");
}

/* The "arp" object: per side what was learnt, asked and answered. */
static void
gen_print_arp(const struct gen_run *r)
{
	static const char *const side_name[2] = { "access", "core" };
	const struct gen_opts *o = r->o;
	const struct gen_arp_side *s;
	uint8_t mac[6];
	char ip[INET_ADDRSTRLEN];
	int side;

	printf("  \"arp\": {\n");
	for (side = 0; side < 2; side++) {
		s = &r->arp[side];
		printf("    \"%s\": { \"resolve\": %s, ", side_name[side],
		       o->resolve[side] ? "true" : "false");
		if (o->resolve[side]) {
			inet_ntop(AF_INET, o->gw_ip[side], ip, sizeof(ip));
			printf("\"gw_ip\": \"%s\", ", ip);
		}
		if (gen_mac_unpack(s->mac, mac) == 0)
			printf("\"gw_mac\": \"%02x:%02x:%02x:%02x:%02x:%02x\", ",
			       mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
		else
			printf("\"gw_mac\": null, ");
		printf("\"mac_changes\": %" PRIu64 ", \"last_change_ms\": %.3f, "
		       "\"binds\": %" PRIu64 ", \"requests_sent\": %" PRIu64
		       ", \"replies_sent\": %" PRIu64 ", \"rx\": %" PRIu64
		       ", \"rx_bad\": %" PRIu64 ", \"asks_dropped\": %" PRIu64
		       " }%s\n", s->mac_changes,
		       s->mac_changes != 0 && s->last_change_tsc > r->t0_tsc ?
		       gen_ns(r, s->last_change_tsc - r->t0_tsc) / 1e6 : 0.0,
		       s->binds, s->requests_sent, s->replies_sent, s->rx,
		       s->rx_bad, s->asks_dropped, side == 0 ? "," : "");
	}
	printf("  },\n");
}

static void
gen_print_json(struct gen_run *r, unsigned int n_lcores)
{
	const struct gen_opts *o = r->o;
	const char *dir = o->dir_on[0] && o->dir_on[1] ? "both" :
		(o->dir_on[0] ? "ul" : "dl");

	printf("{\n");
	printf("  \"sessions\": %u,\n", o->n_sessions);
	printf("  \"rate_pps\": %" PRIu64 ",\n", o->rate_pps);
	printf("  \"inner_size\": %u,\n", o->pkt.inner_len);
	printf("  \"outer_af\": %u,\n", o->pkt.outer_af);
	printf("  \"inner_af\": %u,\n", o->pkt.inner_af);
	printf("  \"dir\": \"%s\",\n", dir);
	printf("  \"lcores\": %u,\n", n_lcores);
	printf("  \"reflect\": %s,\n", o->reflect ? "true" : "false");
	printf("  \"tx_ms\": %.3f,\n",
	       gen_ns(r, r->tx_end_tsc - r->t0_tsc) / 1e6);
	printf("  \"foreign\": %" PRIu64 ",\n", r->foreign);
	printf("  \"wrong_port\": %" PRIu64 ",\n", r->wrong_port);
	printf("  \"tx_alloc_fail\": %" PRIu64 ",\n", r->tx_alloc_fail);
	gen_print_arp(r);
	gen_print_dir(r, GEN_DIR_UL, false);
	gen_print_dir(r, GEN_DIR_DL, true);
	printf("}\n");
	fflush(stdout);
}

static int
gen_write_csv(const struct gen_run *r)
{
	const struct gen_opts *o = r->o;
	uint64_t last = 0, b, mult = 1000 / o->bucket_ms;
	FILE *f;
	int d;

	f = fopen(o->csv_path, "w");
	if (f == NULL) {
		fprintf(stderr, "srpgw-gen: cannot write %s: %s\n",
			o->csv_path, strerror(errno));
		return -errno;
	}
	for (b = 0; b < r->n_buckets; b++)
		for (d = 0; d < GEN_N_DIR; d++)
			if (r->series[d][b] != 0)
				last = b + 1;
	fprintf(f, "t_ms,uplink_pps,downlink_pps\n");
	for (b = 0; b < last; b++)
		fprintf(f, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
			b * o->bucket_ms, r->series[0][b] * mult,
			r->series[1][b] * mult);
	if (fclose(f) != 0) {
		fprintf(stderr, "srpgw-gen: write %s: %s\n", o->csv_path,
			strerror(errno));
		return -EIO;
	}
	return 0;
}

/* Allocate the rx state: flows per direction, stats, optional series. */
static int
gen_run_alloc(struct gen_run *r)
{
	const struct gen_opts *o = r->o;
	double span_s;
	int d;

	r->bucket_tsc = r->hz * o->bucket_ms / 1000;
	if (o->duration_s > 0)
		span_s = o->duration_s;
	else if (o->rate_pps != 0)
		span_s = (double)o->count / (double)o->rate_pps;
	else
		span_s = GEN_SERIES_CAP_S;
	if (span_s > GEN_SERIES_CAP_S)
		span_s = GEN_SERIES_CAP_S;
	r->n_buckets = (uint64_t)((span_s + 1.0) * 1000.0 / o->bucket_ms) +
		o->drain_ms / o->bucket_ms + 1;
	for (d = 0; d < GEN_N_DIR; d++) {
		r->st[d] = calloc(1, sizeof(*r->st[d]));
		r->flows[d] = calloc(o->dir_on[d] ? o->n_sessions : 1,
				     sizeof(*r->flows[d]));
		if (r->st[d] == NULL || r->flows[d] == NULL)
			return -ENOMEM;
		if (o->csv_path != NULL) {
			r->series[d] = calloc(r->n_buckets,
					      sizeof(*r->series[d]));
			if (r->series[d] == NULL)
				return -ENOMEM;
		}
	}
	return 0;
}

static void
gen_run_free(struct gen_run *r)
{
	int d;

	for (d = 0; d < GEN_N_DIR; d++) {
		free(r->st[d]);
		free(r->flows[d]);
		free(r->series[d]);
	}
}

int
main(int argc, char **argv)
{
	struct rte_ether_addr ea;
	struct gen_opts o;
	struct gen_run r;
	unsigned int rx_lcore, n_lcores = 1;
	int ret, i, rc = 1;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "srpgw-gen: rte_eal_init: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	argc -= ret;
	argv += ret;
	argv[0] = (char *)"srpgw-gen";
	memset(&r, 0, sizeof(r));
	if (gen_parse_args(&o, argc, argv) < 0)
		goto out_eal;
	r.o = &o;
	r.hz = rte_get_tsc_hz();
	signal(SIGINT, gen_on_signal);
	signal(SIGTERM, gen_on_signal);
	/* A vanishing vhost-user/memif peer must not kill us. */
	signal(SIGPIPE, SIG_IGN);

	r.pool = rte_pktmbuf_pool_create("gen_pool", GEN_N_MBUF, 256, 0,
					 RTE_MBUF_DEFAULT_BUF_SIZE,
					 rte_socket_id());
	if (r.pool == NULL) {
		fprintf(stderr, "srpgw-gen: rte_pktmbuf_pool_create: %s\n",
			rte_strerror(rte_errno));
		goto out_eal;
	}
	if (o.port[0] == o.port[1]) {
		fprintf(stderr, "srpgw-gen: access and core ports must differ\n");
		goto out_pool;
	}
	for (i = 0; i < GEN_N_DIR; i++) {
		if (gen_port_init(o.port[i], r.pool) < 0)
			goto out_ports;
		if (o.mac_set[i]) {
			memcpy(ea.addr_bytes, o.mac[i], 6);
			ret = rte_eth_dev_default_mac_addr_set(o.port[i], &ea);
			if (ret < 0)
				fprintf(stderr, "srpgw-gen: port %u: cannot set "
					"MAC (%s), sending from it anyway\n",
					o.port[i], rte_strerror(-ret));
		} else {
			ret = rte_eth_macaddr_get(o.port[i], &ea);
			if (ret < 0) {
				fprintf(stderr, "srpgw-gen: rte_eth_macaddr_get"
					"(%u): %s\n", o.port[i],
					rte_strerror(-ret));
				goto out_ports;
			}
			memcpy(o.mac[i], ea.addr_bytes, 6);
		}
	}
	memcpy(o.pkt.access_mac, o.mac[0], 6);
	memcpy(o.pkt.core_mac, o.mac[1], 6);
	gen_rx_cfg_set(&o);
	if (gen_link_wait(o.port, o.link_wait_s) < 0)
		goto out_ports;
	if (gen_run_alloc(&r) < 0) {
		fprintf(stderr, "srpgw-gen: out of memory for %u sessions\n",
			o.n_sessions);
		goto out_state;
	}

	r.t0_tsc = rte_rdtsc();
	gen_arp_resolve(&r);
	/* Set before the rx lcore starts: it reads t0 without a barrier. */
	r.t0_tsc = rte_rdtsc();
	rx_lcore = rte_get_next_lcore(-1, 1, 0);
	if (rx_lcore < RTE_MAX_LCORE) {
		n_lcores = 2;
		ret = rte_eal_remote_launch(gen_rx_lcore, &r, rx_lcore);
		if (ret < 0) {
			fprintf(stderr, "srpgw-gen: rte_eal_remote_launch: %s\n",
				rte_strerror(-ret));
			goto out_state;
		}
	}
	gen_run_loop(&r, n_lcores == 1);
	if (n_lcores == 2) {
		r.rx_stop = true;
		rte_eal_wait_lcore(rx_lcore);
	}
	gen_print_json(&r, n_lcores);
	rc = 0;
	if (o.csv_path != NULL && gen_write_csv(&r) < 0)
		rc = 1;
out_state:
	gen_run_free(&r);
out_ports:
	for (i = 0; i < GEN_N_DIR; i++)
		if (rte_eth_dev_is_valid_port(o.port[i])) {
			rte_eth_dev_stop(o.port[i]);
			rte_eth_dev_close(o.port[i]);
		}
out_pool:
	rte_mempool_free(r.pool);
out_eal:
	rte_eal_cleanup();
	return rc;
}
