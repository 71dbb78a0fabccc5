/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Forwarding state from the configuration (ports, addresses, static
 * neighbours, static routes), slow-path start-up, and the forwarding show
 * commands. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_lcore.h>
#include <rte_ring.h>

#include "conf/ctl_addr.h"
#include "core/ctl_api.h"
#include "ctl_fwd.h"
#include "ctl_nbr.h"
#include "core/ctl_log.h"
#include "core/ctl_reply.h"
#include "ctl_punt.h"
#include "dp_fwd.h"
#include "dp_lifecycle.h"
#include "dp_ckpt_ring.h"
#include "dp_msg.h"
#include "dp_stats.h"

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
static uint8_t
fwd_addr_raw(const struct srp_addr *a, uint8_t *out)
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
static int
fwd_iface_port(const struct ctl_conf *conf, const char *ctx,
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
		af = fwd_addr_raw(&ifc->addrs[j].pfx.addr, raw);
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
			af = fwd_addr_raw(&ap->addr, raw);
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

static int
fwd_build_routes(const struct ctl_conf *conf, struct dp_fwd_state *st,
		 char *err, size_t err_len)
{
	const struct ctl_context *ctx;
	const struct ctl_route *r;
	char pbuf[CTL_ADDR_STR_LEN];
	uint8_t pfx[16];
	uint8_t nh[16];
	unsigned int c;
	unsigned int i;
	uint16_t id;
	uint8_t af;
	int port;
	int ret;

	for (c = 0; c < conf->n_contexts; c++) {
		ctx = &conf->contexts[c];
		for (i = 0; i < ctx->n_routes; i++) {
			r = &ctx->routes[i];
			ctl_prefix_fmt(&r->pfx, pbuf, sizeof(pbuf));
			af = fwd_addr_raw(&r->pfx.addr, pfx);
			if (af == 0 || fwd_addr_raw(&r->nexthop, nh) != af) {
				snprintf(err, err_len, "route %s: next hop of "
					 "another family", pbuf);
				return -EINVAL;
			}
			port = fwd_iface_port(conf, ctx->name, r->iface);
			if (port < 0) {
				/* An interface without a started port carries
				 * nothing: its routes wait for a restart. */
				CTL_LOG(WARNING, "route %s via %s: interface "
					"is bound to no started port, skipped",
					pbuf, r->iface);
				continue;
			}
			ret = ctl_nbr_add(af, nh, (uint16_t)port, NULL, &id);
			if (ret == -EEXIST) {
				snprintf(err, err_len, "route %s: next hop is "
					 "already a neighbour on another port",
					 pbuf);
				return -EINVAL;
			}
			if (ret != 0) {
				snprintf(err, err_len, "route %s: %s", pbuf,
					 strerror(-ret));
				return ret;
			}
			ctl_nbr_gateway_set(id);
			ret = dp_fwd_route_add(st, af, pfx, r->pfx.plen, id);
			if (ret != 0 && ret != -EEXIST) {
				snprintf(err, err_len, "route %s: %s", pbuf,
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
		ret = fwd_build_routes(conf, st, err, err_len);
	if (ret != 0) {
		dp_fwd_state_free(st);
		return ret;
	}
	st->mc_refresh_tsc = fwd_mc_tsc(fwd_mc_refresh_ms);
	st->src_check = !conf->dp.src_check_off;
	dp_fwd_publish(st);
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

/* Micro-checkpoint counters of worker @w (zeros without a channel). */
static void
fwd_show_mc_worker(struct ctl_reply *out, const struct dp_ckpt_ring *mc,
		   unsigned int w)
{
	const struct dp_ckpt_ring_worker *mw = NULL;

	if (mc != NULL && w < mc->n_workers)
		mw = &mc->w[w];
	ctl_reply_u64(out, "mc_emitted",
		    mw != NULL ? dp_stats_read(&mw->n_emitted) : 0);
	ctl_reply_u64(out, "mc_ring_full",
		    mw != NULL ? dp_stats_read(&mw->n_ring_full) : 0);
	ctl_reply_u64(out, "mc_ring_waiting",
		    mw != NULL ? rte_ring_count(mw->ring) : 0);
}

static int
show_dp_statistics(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	static struct dp_stats_total t;
	const struct dp_ckpt_ring *mc = dp_ckpt_ring_get();
	uint32_t n_dem, n_dem_unres;
	unsigned int i;
	unsigned int w;
	int ret;

	(void)argv;
	(void)arg;
	ret = fwd_no_args(out, argc, "show dataplane statistics");
	if (ret != 0)
		return ret;
	ret = dp_stats_sum(&t);
	if (ret != 0) {
		ctl_reply_error(out, "cannot read counters: %s", strerror(-ret));
		return ret;
	}
	ctl_reply_obj_begin(out, "counters");
	for (i = 0; i < DP_CNT_MAX; i++)
		ctl_reply_u64(out, dp_stats_cnt_name(i), t.cnt[i]);
	/* Micro-checkpoints: slots put into the rings / spilled to the
	 * overflow bitmaps because a ring was full. */
	ctl_reply_u64(out, "mc_emitted", dp_ckpt_ring_emitted(mc));
	ctl_reply_u64(out, "mc_ring_full", dp_ckpt_ring_full(mc));
	ctl_reply_obj_end(out);
	ctl_reply_arr_begin(out, "drops");
	for (i = 0; i < DP_DROP_MAX; i++) {
		ctl_reply_obj_begin(out, NULL);
		ctl_reply_str(out, "reason", dp_stats_drop_name(i));
		ctl_reply_u64(out, "packets", t.drop[i]);
		ctl_reply_str(out, "help", dp_stats_drop_help(i));
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	ctl_reply_obj_begin(out, "slow_path");
	for (i = 0; i < CTL_PUNT_CNT_MAX; i++)
		ctl_reply_u64(out, ctl_punt_cnt_name(i), ctl_punt_cnt(i));
	ctl_reply_u64(out, "tx_ring_refused", dp_msg_tx_dropped());
	/* Neighbour entries made by traffic, in all and unresolved (capped
	 * at CTL_NBR_DEMAND_MAX and CTL_NBR_DEMAND_UNRES_MAX). */
	ctl_nbr_demand_count(&n_dem, &n_dem_unres);
	ctl_reply_u64(out, "neighbours_on_demand", n_dem);
	ctl_reply_u64(out, "neighbours_on_demand_unresolved", n_dem_unres);
	ctl_reply_obj_end(out);
	ctl_reply_arr_begin(out, "workers");
	for (w = 0; w < t.n_workers; w++) {
		ctl_reply_obj_begin(out, NULL);
		ctl_reply_u64(out, "lcore", t.workers[w].lcore_id);
		for (i = 0; i < DP_CNT_MAX; i++)
			ctl_reply_u64(out, dp_stats_cnt_name(i),
				    t.workers[w].cnt[i]);
		ctl_reply_u64(out, "punt_ring_waiting", dp_msg_ring_count(w, true));
		ctl_reply_u64(out, "tx_ring_waiting", dp_msg_ring_count(w, false));
		fwd_show_mc_worker(out, mc, w);
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	return 0;
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

static void
fwd_addr_out(struct ctl_reply *out, const char *key, uint8_t af,
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

static const char *
fwd_port_name(uint16_t idx)
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
		fwd_addr_out(out, "address", af, nh.addr, -1);
		ctl_reply_str(out, "mac", nh.valid ?
				ctl_mac_fmt(nh.mac, mbuf, sizeof(mbuf)) :
				"(incomplete)");
		ctl_reply_str(out, "port", fwd_port_name(nh.port_idx));
		ctl_reply_str(out, "state", fwd_nh_state_str(nh.state));
		ctl_reply_bool(out, "gateway", nh.is_gateway);
		ctl_reply_u64(out, "sessions", nh.refcnt);
		ctl_reply_u64(out, "tries", nh.tries);
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	return 0;
}

static int
fwd_show_routes(struct ctl_reply *out, uint8_t af)
{
	static struct dp_fwd_route routes[2 * DP_FWD_MAX_ROUTES];
	struct ctl_nbr_info nh;
	unsigned int n;
	unsigned int i;

	n = dp_fwd_routes(routes, RTE_DIM(routes));
	ctl_reply_arr_begin(out, "routes");
	for (i = 0; i < n; i++) {
		if (routes[i].af != af)
			continue;
		ctl_reply_obj_begin(out, NULL);
		fwd_addr_out(out, "prefix", af, routes[i].prefix,
			     routes[i].plen);
		if (routes[i].connected) {
			ctl_reply_str(out, "type", "connected");
			ctl_reply_str(out, "next_hop", "-");
		} else {
			ctl_reply_str(out, "type", "static");
			if (ctl_nbr_info_get(routes[i].nh_id, &nh) == 0)
				fwd_addr_out(out, "next_hop", af, nh.addr, -1);
			else
				ctl_reply_str(out, "next_hop", "-");
		}
		ctl_reply_str(out, "port", fwd_port_name(routes[i].port_idx));
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	return 0;
}

/* One per-family listing command: "show ip ..." or "show ipv6 ...". */
struct fwd_show_af {
	const char	*words;		/* the command, for its error message */
	int		(*list)(struct ctl_reply *out, uint8_t af);
	uint8_t		af;		/* 4 or 6 */
};

static struct fwd_show_af fwd_show_ip_arp = {
	"show ip arp", fwd_show_neigh, 4,
};
static struct fwd_show_af fwd_show_ipv6_neighbors = {
	"show ipv6 neighbors", fwd_show_neigh, 6,
};
static struct fwd_show_af fwd_show_ip_route = {
	"show ip route", fwd_show_routes, 4,
};
static struct fwd_show_af fwd_show_ipv6_route = {
	"show ipv6 route", fwd_show_routes, 6,
};

/* Handler of the per-family show commands; @arg is a struct fwd_show_af. */
static int
show_fwd_af(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	const struct fwd_show_af *s = arg;

	(void)argv;
	if (fwd_no_args(out, argc, s->words) != 0)
		return -EINVAL;
	return s->list(out, s->af);
}

static const struct ctl_cmd fwd_cmds[] = {
	{
		.words = "show dataplane statistics",
		.args = "",
		.help = "worker counters, drops by reason, slow-path counters",
		.fn = show_dp_statistics,
		.telemetry = true,
	},
	{
		.words = "show ip arp",
		.args = "",
		.help = "IPv4 neighbours: address, MAC, port, state",
		.fn = show_fwd_af,
		.arg = &fwd_show_ip_arp,
		.telemetry = true,
	},
	{
		.words = "show ipv6 neighbors",
		.args = "",
		.help = "IPv6 neighbours: address, MAC, port, state",
		.fn = show_fwd_af,
		.arg = &fwd_show_ipv6_neighbors,
		.telemetry = true,
	},
	{
		.words = "show ip route",
		.args = "",
		.help = "IPv4 routes of the forwarding state",
		.fn = show_fwd_af,
		.arg = &fwd_show_ip_route,
		.telemetry = true,
	},
	{
		.words = "show ipv6 route",
		.args = "",
		.help = "IPv6 routes of the forwarding state",
		.fn = show_fwd_af,
		.arg = &fwd_show_ipv6_route,
		.telemetry = true,
	},
};

int
ctl_fwd_register(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(fwd_cmds); i++) {
		ret = ctl_api_register(&fwd_cmds[i]);
		if (ret < 0 && ret != -EEXIST)
			return ret;
	}
	return 0;
}
