/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * XDP steering module (ctl_xdp.h): per steered port, the plan from the
 * configuration and the program's maps; role changes rewrite the
 * srp-activated entries. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>

#include "core/ctl_api.h"
#include "net/ctl_fwd.h"
#include "core/ctl_log.h"
#include "ctl_xdp.h"
#include "ctl_xdp_map.h"
#include "ctl_xdp_plan.h"
#include "dp_lifecycle.h"

#define XDP_PMD_NAME	"net_af_xdp"

struct xdp_port {
	char			name[CTL_NAME_LEN];
	char			device[DP_DEVICE_LEN];
	uint16_t		port_id;
	unsigned int		ifindex;
	struct ctl_xdp_maps	maps;
	struct ctl_xdp_plan	plan;
};

static struct {
	bool		init;
	bool		active;
	unsigned int	n_ports;
	struct xdp_port	*ports;		/* n_ports of them */
} xdp;

/* The af_xdp PMD reports its kernel interface in dev_info.if_index. */
static int
xdp_port_ifindex(uint16_t port_id, unsigned int *ifindex)
{
	struct rte_eth_dev_info info;
	int ret;

	ret = rte_eth_dev_info_get(port_id, &info);
	if (ret != 0)
		return ret;
	if (info.driver_name == NULL ||
	    strcmp(info.driver_name, XDP_PMD_NAME) != 0 || info.if_index == 0)
		return -ENODEV;
	*ifindex = info.if_index;
	return 0;
}

/* Set up steering of dp port @idx into @p; 1 when it is not steered. */
static int
xdp_port_open(const struct ctl_conf *conf, unsigned int idx,
	      struct xdp_port *p)
{
	struct dp_port_stats st;
	int ret;

	if (dp_port_stats_get(idx, &st) < 0)
		return 1;
	if (xdp_port_ifindex(st.port_id, &p->ifindex) != 0)
		return 1;
	snprintf(p->name, sizeof(p->name), "%s", st.name);
	snprintf(p->device, sizeof(p->device), "%s", st.device);
	p->port_id = st.port_id;
	ret = ctl_xdp_maps_find(p->ifindex, &p->maps);
	if (ret == -ENOENT || ret == -ENOTSUP) {
		CTL_LOG(WARNING, "port %s (%s): AF_XDP without srpgw's "
			"steering program (give the PMD xdp_prog=srpgw_xdp.bpf.o):"
			" every packet of its queues goes to srpgw, none to the "
			"kernel", p->name, p->device);
		return 1;
	}
	if (ret < 0) {
		CTL_LOG(ERR, "port %s (%s): cannot open the XDP program's maps "
			"on ifindex %u: %s", p->name, p->device, p->ifindex,
			strerror(-ret));
		return ret;
	}
	ret = ctl_xdp_plan_build(conf, p->device, &p->plan);
	if (ret < 0) {
		CTL_LOG(ERR, "port %s (%s): cannot build the XDP steering plan:"
			" %s", p->name, p->device, ret == -ENOSPC ?
			"more than 256 addresses and pools" : strerror(-ret));
		ctl_xdp_maps_close(&p->maps);
		return ret;
	}
	ret = ctl_xdp_maps_apply(&p->maps, &p->plan, xdp.active);
	if (ret < 0) {
		CTL_LOG(ERR, "port %s (%s): cannot fill the XDP maps: %s",
			p->name, p->device, strerror(-ret));
		ctl_xdp_maps_close(&p->maps);
		return ret;
	}
	CTL_LOG(NOTICE, "port %s (%s): XDP steering on ifindex %u (program "
		"%u): %u address(es), %u pool(s), %s", p->name, p->device,
		p->ifindex, p->maps.prog_id, p->plan.n_addrs, p->plan.n_pools,
		xdp.active ? "active" : "standby: srp-activated entries out");
	return 0;
}

int
ctl_xdp_init(const struct ctl_conf *conf)
{
	unsigned int i, n = dp_port_count();
	struct xdp_port *ports;
	int ret = 0;

	if (conf == NULL)
		return -EINVAL;
	ctl_xdp_fini();
	ports = calloc(n == 0 ? 1 : n, sizeof(*ports));
	if (ports == NULL)
		return -ENOMEM;
	xdp.ports = ports;
	xdp.n_ports = 0;
	xdp.active = ctl_fwd_is_active();
	for (i = 0; i < n; i++) {
		ctl_xdp_maps_reset(&ports[xdp.n_ports].maps);
		ret = xdp_port_open(conf, i, &ports[xdp.n_ports]);
		if (ret < 0)
			break;
		if (ret == 0)
			xdp.n_ports++;
		ret = 0;
	}
	xdp.init = true;
	if (ret == 0 && xdp.n_ports > 0) {
		ret = ctl_xdp_cmd_register();
		if (ret < 0)
			CTL_LOG(ERR, "cannot register the xdp commands: %s",
				strerror(-ret));
	}
	if (ret < 0)
		ctl_xdp_fini();
	return ret;
}

void
ctl_xdp_role(bool active)
{
	unsigned int i;
	int ret;

	if (xdp.init) {
		xdp.active = active;
		for (i = 0; i < xdp.n_ports; i++) {
			struct xdp_port *p = &xdp.ports[i];

			ret = ctl_xdp_maps_apply(&p->maps, &p->plan, active);
			if (ret < 0)
				CTL_LOG(ERR, "port %s: XDP maps not updated for "
					"the %s role: %s", p->name,
					active ? "active" : "standby",
					strerror(-ret));
		}
	}
}

unsigned int
ctl_xdp_port_count(void)
{
	return xdp.n_ports;
}

int
ctl_xdp_port_get(unsigned int idx, struct ctl_xdp_port_info *out)
{
	const struct xdp_port *p;
	int ret;

	if (idx >= xdp.n_ports || out == NULL)
		return -ENOENT;
	p = &xdp.ports[idx];
	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", p->name);
	snprintf(out->device, sizeof(out->device), "%s", p->device);
	out->port_id = p->port_id;
	out->ifindex = p->ifindex;
	out->prog_id = p->maps.prog_id;
	out->plan_addrs = p->plan.n_addrs;
	out->plan_pools = p->plan.n_pools;
	ret = ctl_xdp_maps_count(&p->maps, &out->map_addrs, &out->map_pools);
	if (ret == 0)
		ret = ctl_xdp_maps_stats(&p->maps, out->counters);
	return ret;
}

bool
ctl_xdp_out_port(struct ctl_reply *out, uint16_t port_id)
{
	uint64_t c[SRPGW_XDP_N_COUNTERS];
	unsigned int i;

	for (i = 0; i < xdp.n_ports; i++) {
		if (xdp.ports[i].port_id != port_id)
			continue;
		if (ctl_xdp_maps_stats(&xdp.ports[i].maps, c) < 0)
			return false;
		ctl_reply_u64(out, "xdp_redirected", c[SRPGW_XDP_REDIRECTED]);
		ctl_reply_u64(out, "xdp_passed", c[SRPGW_XDP_PASSED]);
		ctl_reply_u64(out, "xdp_dropped", c[SRPGW_XDP_DROPPED]);
		return true;
	}
	return false;
}

void
ctl_xdp_fini(void)
{
	unsigned int i;

	for (i = 0; i < xdp.n_ports; i++)
		ctl_xdp_maps_close(&xdp.ports[i].maps);
	free(xdp.ports);
	xdp.ports = NULL;
	xdp.n_ports = 0;
	xdp.init = false;
}
