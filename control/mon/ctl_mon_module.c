/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mon module: service monitors, after srp (which registers for their
 * verdicts and tells them the role). Context: control (main lcore).
 */
#include "core/ctl_module.h"
#include "ctl_mon_int.h"

static int
mon_init(const struct ctl_module_ctx *ctx)
{
	return ctl_mon_init(ctx->conf, ctx->loop);
}

static struct ctl_module mon_module = {
	.name = "mon",
	.rank = CTL_MODULE_RANK_MON,
	.init = mon_init,
	.fini = ctl_mon_fini,
	.reconf = ctl_mon_reconf,
};
CTL_MODULE_REGISTER(mon_module)
