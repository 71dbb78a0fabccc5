/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The pfcp module: the N4/Sx server, after sess (it writes sessions
 * through it) and before srp (which tells it the role through its role
 * watchers). Context: control (main lcore).
 */
#include <string.h>

#include "core/ctl_log.h"
#include "core/ctl_module.h"
#include "ctl_pfcp.h"
#include "sess/ctl_sess.h"

static int
pfcp_init(const struct ctl_module_ctx *ctx)
{
	int ret = ctl_pfcp_init(ctx->conf, ctx->loop);

	if (ret < 0)
		CTL_LOG(ERR, "cannot start the PFCP server: %s",
			strerror(-ret));
	return ret;
}

static void
pfcp_fini(void)
{
	ctl_sess_show_ext_set(NULL);
	ctl_pfcp_fini();
}

static struct ctl_module pfcp_module = {
	.name = "pfcp",
	.rank = CTL_MODULE_RANK_PFCP,
	.init = pfcp_init,
	.fini = pfcp_fini,
};
CTL_MODULE_REGISTER(pfcp_module)
