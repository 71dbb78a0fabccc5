/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xdp module: XDP steering on AF_XDP ports, after SRP because it
 * installs what the role allows. Context: control (main lcore).
 */
#include "core/ctl_module.h"
#include "ctl_xdp.h"

static int
xdp_init(const struct ctl_module_ctx *ctx)
{
	return ctl_xdp_init(ctx->conf);
}

static struct ctl_module xdp_module = {
	.name = "xdp",
	.rank = CTL_MODULE_RANK_XDP,
	.init = xdp_init,
	.fini = ctl_xdp_fini,
};
CTL_MODULE_REGISTER(xdp_module)
