/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The alarm module: started before srp and mon, which raise its traps.
 * Context: control (main lcore).
 */
#include "core/ctl_module.h"
#include "ctl_alarm_int.h"

static int
alarm_init(const struct ctl_module_ctx *ctx)
{
	return ctl_alarm_init(ctx->conf, ctx->loop);
}

static struct ctl_module alarm_module = {
	.name = "alarm",
	.rank = CTL_MODULE_RANK_ALARM,
	.init = alarm_init,
	.fini = ctl_alarm_fini,
};
CTL_MODULE_REGISTER(alarm_module)
