/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "show port statistics xdp": per steered port, the XDP program's counters
 * (redirected to srpgw, passed to the kernel, dropped) and how many
 * addresses and pools its maps hold now against the configuration.
 * Context: control (telemetry requests are relayed to it).
 */
#include <errno.h>
#include <string.h>

#include <rte_common.h>

#include "core/ctl_api.h"
#include "ctl_xdp.h"

static int
show_port_xdp(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	struct ctl_xdp_port_info pi;
	unsigned int i;
	int ret;

	(void)argv;
	(void)arg;
	if (argc != 0) {
		ctl_reply_error(out, "show port statistics xdp takes no arguments");
		return -EINVAL;
	}
	ctl_reply_arr_begin(out, "ports");
	for (i = 0; i < ctl_xdp_port_count(); i++) {
		ret = ctl_xdp_port_get(i, &pi);
		ctl_reply_obj_begin(out, NULL);
		ctl_reply_str(out, "port", pi.name);
		ctl_reply_str(out, "device", pi.device);
		ctl_reply_u64(out, "port_id", pi.port_id);
		ctl_reply_u64(out, "ifindex", pi.ifindex);
		ctl_reply_u64(out, "prog_id", pi.prog_id);
		if (ret < 0) {
			ctl_reply_str(out, "error", strerror(-ret));
		} else {
			ctl_reply_u64(out, "redirected",
				    pi.counters[SRPGW_XDP_REDIRECTED]);
			ctl_reply_u64(out, "passed", pi.counters[SRPGW_XDP_PASSED]);
			ctl_reply_u64(out, "dropped",
				    pi.counters[SRPGW_XDP_DROPPED]);
			ctl_reply_u64(out, "addresses", pi.map_addrs);
			ctl_reply_u64(out, "addresses_configured", pi.plan_addrs);
			ctl_reply_u64(out, "pools", pi.map_pools);
			ctl_reply_u64(out, "pools_configured", pi.plan_pools);
		}
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	return 0;
}

static const struct ctl_cmd xdp_cmds[] = {
	{
		.words = "show port statistics xdp",
		.args = "",
		.help = "XDP steering per AF_XDP port: redirected/passed/dropped, map entries",
		.fn = show_port_xdp,
		.telemetry = true,
	},
};

int
ctl_xdp_cmd_register(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(xdp_cmds); i++) {
		ret = ctl_api_register(&xdp_cmds[i]);
		if (ret < 0 && ret != -EEXIST)
			return ret;
	}
	return 0;
}
