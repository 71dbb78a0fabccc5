/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Forwarding state from the configuration (ports, addresses, static
 * neighbours; static routes in ctl_route.c), the chassis flag and data
 * mode, slow-path start-up, and show ip arp / show ipv6 neighbors.
 * ctl_fwd_register() also registers show dataplane statistics
 * (ctl_show_dp.c) and the route show commands (ctl_route.c).
 * Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_lcore.h>

#include "conf/ctl_addr.h"
#include "core/ctl_api.h"
#include "ctl_fwd.h"
#include "ctl_fwd_int.h"
#include "ctl_nbr.h"
#include "core/ctl_log.h"
#include "core/ctl_reply.h"
#include "ctl_show_dp.h"
#include "ctl_punt.h"
#include "ctl_route.h"
#include "dp_fwd.h"
#include "dp_lifecycle.h"
#include "dp_ckpt_ring.h"

static bool fwd_punt_started;
/* Micro-checkpoint interval (ms, 0 = off): kept for rebuilt states. */
static uint32_t fwd_mc_refresh_ms;

/* TSC ticks of a micro-checkpoint interval of @ms (0 = off). */
static uint64_t
fwd_mc_tsc(uint32_t ms)
{
	if (ms == 0)
		return DP_CKPT_RING_OFF;
	return (uint64_t)ms * rte_get_tsc_hz() / 1000;
}

/* Family (4/6) and raw bytes of a configured address. */
uint8_t
ctl_fwd_addr_raw(const struct srp_addr *a, uint8_t *out)
{
	memset(out, 0, 16);
	if (a->family == AF_INET) {
		memcpy(out, &a->v4, 4);
		return 4;
	}
	if (a->family == AF_INET6) {
		memcpy(out, &a->v6, 16);
		return 6;
	}
	return 0;
}

static const struct ctl_iface *
fwd_iface_find(const struct ctl_conf *conf, const char *ctx, const char *name)
{
	unsigned int c;
	unsigned int i;

	for (c = 0; c < conf->n_contexts; c++) {
		if (ctx != NULL && strcmp(conf->contexts[c].name, ctx) != 0)
			continue;
		for (i = 0; i < conf->contexts[c].n_ifaces; i++)
			if (strcmp(conf->contexts[c].ifaces[i].name, name) == 0)
				return &conf->contexts[c].ifaces[i];
	}
	return NULL;
}

/* The configuration's port block of data-plane port index @idx. */
static const struct ctl_port *
fwd_port_find(const struct ctl_conf *conf, unsigned int idx)
{
	const struct dp_port_conf *pc = dp_port_conf_get(idx);
	unsigned int i;

	if (pc == NULL)
		return NULL;
	for (i = 0; i < conf->n_ports; i++)
		if (strcmp(conf->ports[i].name, pc->name) == 0)
			return &conf->ports[i];
	return NULL;
}

/* Data-plane port bound to interface @ifname of context @ctx, or -1. */
int
ctl_fwd_iface_port(const struct ctl_conf *conf, const char *ctx,
		   const char *ifname)
{
	const struct ctl_port *pt;
	unsigned int i;

	for (i = 0; i < dp_port_count(); i++) {
		pt = fwd_port_find(conf, i);
		if (pt != NULL && strcmp(pt->bind_iface, ifname) == 0 &&
		    strcmp(pt->bind_context, ctx) == 0 && dp_port_is_started(i))
			return (int)i;
	}
	return -1;
}

static bool
fwd_prefix_match(uint8_t af, const uint8_t *a, const uint8_t *b, uint8_t plen)
{
	unsigned int len = af == 4 ? 4 : 16;
	unsigned int i;
	uint8_t mask;

	for (i = 0; i < len && plen > 0; i++) {
		mask = plen >= 8 ? 0xff : (uint8_t)(0xff << (8 - plen));
		if ((a[i] & mask) != (b[i] & mask))
			return false;
		plen = plen >= 8 ? (uint8_t)(plen - 8) : 0;
	}
	return true;
}

/* Port whose connected subnets hold @addr (longest match), or -1. */
static int
fwd_onlink_port(const struct dp_fwd_state *st, uint8_t af, const uint8_t *addr)
{
	const struct dp_fwd_addr *a;
	int best = -1;
	int best_len = -1;
	unsigned int p;
	unsigned int i;

	for (p = 0; p < DP_MAX_PORTS; p++) {
		if (!st->ports[p].used)
			continue;
		for (i = 0; i < st->ports[p].n_addrs; i++) {
			a = &st->ports[p].addrs[i];
			if (a->af != af || (int)a->plen <= best_len ||
			    !fwd_prefix_match(af, a->addr, addr, a->plen))
				continue;
			best = (int)p;
			best_len = a->plen;
		}
	}
	return best;
}

static int
fwd_iface_addrs(struct dp_fwd_state *st, uint16_t port,
		const struct ctl_port *pt, const struct ctl_iface *ifc,
		char *err, size_t err_len)
{
	char abuf[CTL_ADDR_STR_LEN];
	uint8_t raw[16];
	unsigned int j;
	uint8_t af;
	int ret;

	for (j = 0; j < ifc->n_addrs; j++) {
		af = ctl_fwd_addr_raw(&ifc->addrs[j].pfx.addr, raw);
		ret = dp_fwd_addr_add(st, port, af, raw, ifc->addrs[j].pfx.plen,
				      ifc->addrs[j].srp_activate);
		if (ret != 0 && ret != -EEXIST) {
			snprintf(err, err_len, "port %s: address %s: %s",
				 pt->name,
				 ctl_prefix_fmt(&ifc->addrs[j].pfx, abuf,
						sizeof(abuf)),
				 strerror(-ret));
			return ret;
		}
	}
	return 0;
}

/* MTU packets leaving port index @idx must fit: the configured one, else
 * what the device reports, else Ethernet's 1500. */
static uint16_t
fwd_port_mtu(const struct ctl_port *pt, unsigned int idx)
{
	uint16_t mtu;

	if (pt->mtu != 0)
		return pt->mtu;
	if (dp_port_mtu_get(idx, &mtu) == 0 && mtu >= DP_CONF_MIN_MTU)
		return mtu;
	return RTE_ETHER_MTU;
}

/*
 * Local addresses of a port: those of the loopback interfaces of the bound
 * interface's context first (where GTP-U service addresses live, so they
 * are preferred as outer source), then those of the bound interface.
 */
static int
fwd_build_ports(const struct ctl_conf *conf, struct dp_fwd_state *st,
		char *err, size_t err_len)
{
	const struct ctl_context *ctx;
	const struct ctl_iface *ifc;
	const struct ctl_port *pt;
	struct rte_ether_addr mac;
	unsigned int c;
	unsigned int i;
	unsigned int j;
	int ret;

	for (i = 0; i < dp_port_count(); i++) {
		if (!dp_port_is_started(i))
			continue;
		pt = fwd_port_find(conf, i);
		if (pt == NULL)
			continue;
		ret = dp_port_mac_get(i, mac.addr_bytes);
		if (ret != 0) {
			snprintf(err, err_len, "port %s: cannot read its MAC: %s",
				 pt->name, strerror(-ret));
			return ret;
		}
		ret = dp_fwd_port_set(st, (uint16_t)i, (uint8_t)pt->role, &mac);
		if (ret != 0) {
			snprintf(err, err_len, "port %s: bad role", pt->name);
			return ret;
		}
		st->ports[i].mtu = fwd_port_mtu(pt, i);
		if (pt->bind_iface[0] == '\0')
			continue;
		for (c = 0; c < conf->n_contexts; c++) {
			ctx = &conf->contexts[c];
			if (strcmp(ctx->name, pt->bind_context) != 0)
				continue;
			for (j = 0; j < ctx->n_ifaces; j++) {
				if (!ctx->ifaces[j].loopback)
					continue;
				ret = fwd_iface_addrs(st, (uint16_t)i, pt,
						      &ctx->ifaces[j], err,
						      err_len);
				if (ret != 0)
					return ret;
			}
		}
		ifc = fwd_iface_find(conf, pt->bind_context, pt->bind_iface);
		if (ifc == NULL)
			continue;
		ret = fwd_iface_addrs(st, (uint16_t)i, pt, ifc, err, err_len);
		if (ret != 0)
			return ret;
	}
	return 0;
}

static int
fwd_build_neigh(const struct ctl_conf *conf, struct dp_fwd_state *st,
		char *err, size_t err_len)
{
	const struct ctl_arp *ap;
	char abuf[CTL_ADDR_STR_LEN];
	uint8_t raw[16];
	unsigned int c;
	unsigned int i;
	uint16_t id;
	uint8_t af;
	int port;
	int ret;

	for (c = 0; c < conf->n_contexts; c++) {
		for (i = 0; i < conf->contexts[c].n_arps; i++) {
			ap = &conf->contexts[c].arps[i];
			af = ctl_fwd_addr_raw(&ap->addr, raw);
			port = af != 0 ? fwd_onlink_port(st, af, raw) : -1;
			if (port < 0) {
				/* Its port may be shut down: not an error. */
				CTL_LOG(WARNING, "static neighbour %s is in no "
					"subnet of a started port, skipped",
					ctl_addr_fmt(&ap->addr, abuf,
						     sizeof(abuf)));
				continue;
			}
			ret = ctl_nbr_add(af, raw, (uint16_t)port, ap->mac,
					    &id);
			if (ret != 0) {
				snprintf(err, err_len, "static neighbour %s: %s",
					 ctl_addr_fmt(&ap->addr, abuf,
						      sizeof(abuf)),
					 strerror(-ret));
				return ret;
			}
		}
	}
	return 0;
}

int
ctl_fwd_build(const struct ctl_conf *conf, char *err, size_t err_len)
{
	const struct dp_fwd_state *cur;
	struct dp_fwd_state *st;
	int ret;

	st = dp_fwd_state_new((int)rte_socket_id());
	if (st == NULL) {
		snprintf(err, err_len, "cannot allocate the forwarding state");
		return -ENOMEM;
	}
	ret = fwd_build_ports(conf, st, err, err_len);
	if (ret == 0)
		ret = fwd_build_neigh(conf, st, err, err_len);
	if (ret == 0)
		ret = ctl_route_build(conf, st, err, err_len);
	if (ret != 0) {
		dp_fwd_state_free(st);
		return ret;
	}
	st->mc_refresh_tsc = fwd_mc_tsc(fwd_mc_refresh_ms);
	st->src_check = !conf->dp.src_check_off;
	/* A rebuild in service keeps what SRP decided. */
	cur = dp_fwd_state_get();
	if (cur != NULL) {
		st->active = cur->active;
		st->data_mode = cur->data_mode;
	}
	dp_fwd_publish(st);
	return 0;
}

/* Whether the static routes and neighbours of @a and @b are the same. */
static bool
fwd_static_same(const struct ctl_conf *a, const struct ctl_conf *b)
{
	const struct ctl_context *x, *y;
	unsigned int i;

	if (a->n_contexts != b->n_contexts)
		return false;
	for (i = 0; i < a->n_contexts; i++) {
		x = &a->contexts[i];
		y = &b->contexts[i];
		if (x->n_routes != y->n_routes || x->n_arps != y->n_arps ||
		    memcmp(x->routes, y->routes,
			   x->n_routes * sizeof(x->routes[0])) != 0 ||
		    memcmp(x->arps, y->arps,
			   x->n_arps * sizeof(x->arps[0])) != 0)
			return false;
	}
	return true;
}

int
ctl_fwd_reconf(const struct ctl_conf *was, const struct ctl_conf *conf,
	       char *err, size_t err_len)
{
	int ret;

	if (dp_fwd_state_get() == NULL || fwd_static_same(was, conf))
		return 0;
	/* A new state from the configuration, published at once; the
	 * workers drop the old one at their next quiescent state. */
	ret = ctl_fwd_build(conf, err, err_len);
	if (ret != 0)
		return ret < 0 ? ret : -EINVAL;
	CTL_LOG(NOTICE, "forwarding state rebuilt: static routes or "
		"neighbours changed");
	return 0;
}

int
ctl_fwd_init(const struct ctl_conf *conf, struct ctl_loop *loop)
{
	char err[256];
	int ret;

	ret = ctl_fwd_build(conf, err, sizeof(err));
	if (ret != 0) {
		CTL_LOG(ERR, "forwarding state: %s", err);
		return ret;
	}
	ret = ctl_fwd_register();
	if (ret != 0) {
		CTL_LOG(ERR, "cannot register forwarding commands: %s",
			strerror(-ret));
		return ret;
	}
	if (dp_worker_count() == 0)
		CTL_LOG(WARNING, "no worker lcore: ARP, ND, echo and GTP-U "
			"signalling are not answered");
	ret = ctl_punt_init(loop);
	if (ret != 0) {
		CTL_LOG(ERR, "cannot start the slow path: %s", strerror(-ret));
		return ret;
	}
	fwd_punt_started = true;
	return 0;
}

int
ctl_fwd_chassis_set(bool active, uint8_t mode)
{
	const struct dp_fwd_state *cur = dp_fwd_state_get();
	struct dp_fwd_state *st;

	if (mode > DP_DATA_ALL || (!active && mode != DP_DATA_NONE))
		return -EINVAL;
	if (cur == NULL)
		return -ENOENT;
	if (cur->active == active && cur->data_mode == mode)
		return 0;
	st = dp_fwd_state_clone(cur);
	if (st == NULL)
		return -ENOMEM;
	st->active = active;
	st->data_mode = mode;
	dp_fwd_publish(st);
	return 0;
}

int
ctl_fwd_active_set(bool active)
{
	return ctl_fwd_chassis_set(active, active ? DP_DATA_ALL :
				   DP_DATA_NONE);
}

uint8_t
ctl_fwd_data_mode(void)
{
	const struct dp_fwd_state *cur = dp_fwd_state_get();

	return cur == NULL ? DP_DATA_ALL : cur->data_mode;
}

const char *
ctl_fwd_data_mode_str(uint8_t mode)
{
	switch (mode) {
	case DP_DATA_NONE:
		return "none";
	case DP_DATA_VOLTE:
		return "volte";
	case DP_DATA_ALL:
		return "all";
	default:
		return "?";
	}
}

int
ctl_fwd_mc_set(uint32_t refresh_ms)
{
	const struct dp_fwd_state *cur = dp_fwd_state_get();
	uint64_t tsc = fwd_mc_tsc(refresh_ms);
	struct dp_fwd_state *st;

	if (cur == NULL || cur->mc_refresh_tsc == tsc) {
		fwd_mc_refresh_ms = refresh_ms;
		return 0;
	}
	st = dp_fwd_state_clone(cur);
	if (st == NULL)
		return -ENOMEM;
	st->mc_refresh_tsc = tsc;
	dp_fwd_publish(st);
	fwd_mc_refresh_ms = refresh_ms;
	return 0;
}

uint32_t
ctl_fwd_mc_get(void)
{
	return fwd_mc_refresh_ms;
}

bool
ctl_fwd_is_active(void)
{
	const struct dp_fwd_state *cur = dp_fwd_state_get();

	return cur == NULL || cur->active;
}

void
ctl_fwd_fini(void)
{
	if (fwd_punt_started)
		ctl_punt_fini();
	fwd_punt_started = false;
}

/*
 * Show commands.
 */

static int
fwd_no_args(struct ctl_reply *out, int argc, const char *words)
{
	if (argc == 0)
		return 0;
	ctl_reply_error(out, "%s takes no arguments", words);
	return -EINVAL;
}

static const char *
fwd_nh_state_str(enum ctl_nbr_state s)
{
	switch (s) {
	case CTL_NBR_ST_INCOMPLETE:
		return "incomplete";
	case CTL_NBR_ST_REACHABLE:
		return "reachable";
	case CTL_NBR_ST_STATIC:
		return "static";
	case CTL_NBR_ST_FAILED:
		return "failed";
	default:
		return "free";
	}
}

void
ctl_fwd_addr_out(struct ctl_reply *out, const char *key, uint8_t af,
		 const uint8_t *raw, int plen)
{
	struct srp_addr a;
	struct ctl_prefix p;
	char buf[CTL_ADDR_STR_LEN];

	memset(&a, 0, sizeof(a));
	if (af == 4) {
		a.family = AF_INET;
		memcpy(&a.v4, raw, 4);
	} else {
		a.family = AF_INET6;
		memcpy(&a.v6, raw, 16);
	}
	if (plen < 0) {
		ctl_reply_str(out, key, ctl_addr_fmt(&a, buf, sizeof(buf)));
		return;
	}
	p.addr = a;
	p.plen = (uint8_t)plen;
	ctl_reply_str(out, key, ctl_prefix_fmt(&p, buf, sizeof(buf)));
}

const char *
ctl_fwd_port_name(uint16_t idx)
{
	const struct dp_port_conf *pc = dp_port_conf_get(idx);

	return pc != NULL ? pc->name : "-";
}

static int
fwd_show_neigh(struct ctl_reply *out, uint8_t af)
{
	struct ctl_nbr_info nh;
	char mbuf[CTL_ADDR_STR_LEN];
	uint16_t i;

	ctl_reply_arr_begin(out, "neighbors");
	for (i = 0; i < ctl_nbr_limit(); i++) {
		if (ctl_nbr_info_get(i, &nh) != 0 || nh.af != af)
			continue;
		ctl_reply_obj_begin(out, NULL);
		ctl_fwd_addr_out(out, "address", af, nh.addr, -1);
		ctl_reply_str(out, "mac", nh.valid ?
				ctl_mac_fmt(nh.mac, mbuf, sizeof(mbuf)) :
				"(incomplete)");
		ctl_reply_str(out, "port", ctl_fwd_port_name(nh.port_idx));
		ctl_reply_str(out, "state", fwd_nh_state_str(nh.state));
		ctl_reply_bool(out, "gateway", nh.is_gateway);
		ctl_reply_u64(out, "sessions", nh.refcnt);
		ctl_reply_u64(out, "tries", nh.tries);
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	return 0;
}


static struct ctl_fwd_show_af fwd_show_ip_arp = {
	"show ip arp", fwd_show_neigh, 4,
};
static struct ctl_fwd_show_af fwd_show_ipv6_neighbors = {
	"show ipv6 neighbors", fwd_show_neigh, 6,
};
/* Handler of the per-family show commands (ctl_fwd_int.h). */
int
ctl_fwd_show_af_cmd(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	const struct ctl_fwd_show_af *s = arg;

	(void)argv;
	if (fwd_no_args(out, argc, s->words) != 0)
		return -EINVAL;
	return s->list(out, s->af);
}

static const struct ctl_cmd fwd_cmds[] = {
	{
		.words = "show ip arp",
		.args = "",
		.help = "IPv4 neighbours: address, MAC, port, state",
		.fn = ctl_fwd_show_af_cmd,
		.arg = &fwd_show_ip_arp,
		.telemetry = true,
	},
	{
		.words = "show ipv6 neighbors",
		.args = "",
		.help = "IPv6 neighbours: address, MAC, port, state",
		.fn = ctl_fwd_show_af_cmd,
		.arg = &fwd_show_ipv6_neighbors,
		.telemetry = true,
	},
};

int
ctl_fwd_register(void)
{
	unsigned int i;
	int ret;

	ret = ctl_show_dp_register();
	if (ret != 0)
		return ret;
	for (i = 0; i < RTE_DIM(fwd_cmds); i++) {
		ret = ctl_api_register(&fwd_cmds[i]);
		if (ret < 0 && ret != -EEXIST)
			return ret;
	}
	return ctl_route_register();
}
