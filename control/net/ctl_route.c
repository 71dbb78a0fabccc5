/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Static routes: added to the forwarding state from the configuration
 * (each via its next hop, a gateway neighbour on the port of the named
 * interface) and shown by show ip route / show ipv6 route. The routes
 * themselves live in the published dp_fwd state. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>

#include "conf/ctl_addr.h"
#include "core/ctl_api.h"
#include "core/ctl_log.h"
#include "core/ctl_reply.h"
#include "ctl_fwd_int.h"
#include "ctl_nbr.h"
#include "ctl_route.h"
#include "dp_fwd.h"

int
ctl_route_build(const struct ctl_conf *conf, struct dp_fwd_state *st,
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
			af = ctl_fwd_addr_raw(&r->pfx.addr, pfx);
			if (af == 0 || ctl_fwd_addr_raw(&r->nexthop, nh) != af) {
				snprintf(err, err_len, "route %s: next hop of "
					 "another family", pbuf);
				return -EINVAL;
			}
			port = ctl_fwd_iface_port(conf, ctx->name, r->iface);
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

static int
route_show(struct ctl_reply *out, uint8_t af)
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
		ctl_fwd_addr_out(out, "prefix", af, routes[i].prefix,
			     routes[i].plen);
		if (routes[i].connected) {
			ctl_reply_str(out, "type", "connected");
			ctl_reply_str(out, "next_hop", "-");
		} else {
			ctl_reply_str(out, "type", "static");
			if (ctl_nbr_info_get(routes[i].nh_id, &nh) == 0)
				ctl_fwd_addr_out(out, "next_hop", af, nh.addr, -1);
			else
				ctl_reply_str(out, "next_hop", "-");
		}
		ctl_reply_str(out, "port", ctl_fwd_port_name(routes[i].port_idx));
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	return 0;
}

static struct ctl_fwd_show_af route_show_ip = {
	"show ip route", route_show, 4,
};
static struct ctl_fwd_show_af route_show_ipv6 = {
	"show ipv6 route", route_show, 6,
};

static const struct ctl_cmd route_cmds[] = {
	{
		.words = "show ip route",
		.args = "",
		.help = "IPv4 routes of the forwarding state",
		.fn = ctl_fwd_show_af_cmd,
		.arg = &route_show_ip,
		.telemetry = true,
	},
	{
		.words = "show ipv6 route",
		.args = "",
		.help = "IPv6 routes of the forwarding state",
		.fn = ctl_fwd_show_af_cmd,
		.arg = &route_show_ipv6,
		.telemetry = true,
	},
};

int
ctl_route_register(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(route_cmds); i++) {
		ret = ctl_api_register(&route_cmds[i]);
		if (ret < 0 && ret != -EEXIST)
			return ret;
	}
	return 0;
}
