/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The net module: forwarding state from the configuration (static routes,
 * addresses, neighbours) published before the workers start, and the slow
 * path. Context: control (main lcore).
 */
#include "core/ctl_module.h"
#include "ctl_fwd.h"

static int
net_init(const struct ctl_module_ctx *ctx)
{
	int ret;

	ret = ctl_fwd_init(ctx->conf, ctx->loop);
	if (ret < 0)
		ctl_fwd_fini();
	return ret;
}

static struct ctl_module net_module = {
	.name = "net",
	.rank = CTL_MODULE_RANK_NET,
	.init = net_init,
	.fini = ctl_fwd_fini,
	.reconf = ctl_fwd_reconf,
};
CTL_MODULE_REGISTER(net_module)
