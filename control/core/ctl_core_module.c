/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Core modules: the foundation show commands (version, configuration,
 * ports, reactor statistics, the support bundle) first, and the control
 * API with its telemetry mirror last, so that it serves only features that
 * are up and is the first thing stopped. Context: control (main lcore).
 */
#include <errno.h>
#include <string.h>

#include "ctl_api.h"
#include "ctl_log.h"
#include "ctl_loop_cmd.h"
#include "ctl_module.h"
#include "ctl_reconf.h"
#include "ctl_show.h"
#include "ctl_support.h"

static int
cmds_init(const struct ctl_module_ctx *ctx)
{
	int ret;

	ret = ctl_show_register(ctx->conf, ctx->config_path);
	if (ret == 0)
		ret = ctl_loop_cmd_register(ctx->loop);
	if (ret == 0)
		ret = ctl_support_register(ctx->loop, ctx->api_socket);
	if (ret == 0 && ctx->running != NULL)
		ret = ctl_reconf_register(ctx->running, ctx->config_path);
	if (ret < 0)
		CTL_LOG(ERR, "cannot register show commands: %s",
			strerror(-ret));
	return ret;
}

static struct ctl_module cmds_module = {
	.name = "cmds",
	.rank = CTL_MODULE_RANK_CMDS,
	.init = cmds_init,
	.fini = ctl_support_fini,
};
CTL_MODULE_REGISTER(cmds_module)

static int
api_init(const struct ctl_module_ctx *ctx)
{
	int ret;

	ret = ctl_api_listen(ctx->loop, ctx->api_socket);
	if (ret < 0) {
		CTL_LOG(ERR, "cannot serve the control API on %s: %s",
			ctx->api_socket, strerror(-ret));
		return ret;
	}
	ret = ctl_api_telemetry_register();
	if (ret < 0)
		CTL_LOG(WARNING, "telemetry endpoints not registered: %s",
			strerror(-ret));
	return 0;
}

static struct ctl_module api_module = {
	.name = "api",
	.rank = CTL_MODULE_RANK_API,
	.init = api_init,
	.fini = ctl_api_close,
};
CTL_MODULE_REGISTER(api_module)
