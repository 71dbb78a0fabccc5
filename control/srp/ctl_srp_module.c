/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The srp module: the SRP service (role machine, link, checkpoints, BGP
 * and gratuitous ARP on switchover). After the forwarding state it fences
 * and the sessions it counts; before the workers start, so they start not
 * active. Context: control (main lcore).
 */
#include <string.h>

#include "core/ctl_log.h"
#include "core/ctl_module.h"
#include "ctl_srp.h"

static int
srp_init(const struct ctl_module_ctx *ctx)
{
	int ret;

	ret = ctl_srp_init(ctx->conf, ctx->loop);
	if (ret < 0)
		CTL_LOG(ERR, "cannot start the SRP service: %s",
			strerror(-ret));
	return ret;
}

static struct ctl_module srp_module = {
	.name = "srp",
	.rank = CTL_MODULE_RANK_SRP,
	.init = srp_init,
	.fini = ctl_srp_fini,
};
CTL_MODULE_REGISTER(srp_module)
