/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xdp module: XDP steering on AF_XDP ports, after SRP because it
 * installs what the role allows and follows each role flip through SRP's
 * role watchers, and adds its counters to "show port statistics".
 * Context: control (main lcore).
 */
#include "core/ctl_module.h"
#include "core/ctl_show.h"
#include "ctl_xdp.h"
#include "srp/ctl_srp.h"

static int
xdp_init(const struct ctl_module_ctx *ctx)
{
	int ret;

	ret = ctl_xdp_init(ctx->conf);
	if (ret < 0)
		return ret;
	ret = ctl_srp_role_watch(ctl_xdp_role);
	if (ret < 0) {
		ctl_xdp_fini();
		return ret;
	}
	/* Steering counters in "show port statistics". */
	ctl_show_port_ext_set(ctl_xdp_out_port);
	return 0;
}

static void
xdp_fini(void)
{
	ctl_show_port_ext_set(NULL);
	ctl_srp_role_unwatch(ctl_xdp_role);
	ctl_xdp_fini();
}

static struct ctl_module xdp_module = {
	.name = "xdp",
	.rank = CTL_MODULE_RANK_XDP,
	.init = xdp_init,
	.fini = xdp_fini,
};
CTL_MODULE_REGISTER(xdp_module)
