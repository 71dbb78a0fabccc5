/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-gen: the command line (options after the EAL arguments, their
 * defaults and the checks that tie them together). Context: main lcore.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_ether.h>

#include "gen_run.h"

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

int
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
void
gen_rx_cfg_set(struct gen_opts *o)
{
	o->rx_pkt = o->pkt;
	if (o->reflect) {
		o->rx_pkt.ue_port = o->pkt.srv_port;
		o->rx_pkt.srv_port = o->pkt.ue_port;
	}
}
