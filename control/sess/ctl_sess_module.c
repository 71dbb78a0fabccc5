/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sess module: the single writer of the data plane's session tables.
 * Context: control (main lcore).
 */
#include <string.h>

#include "conf/ctl_conf.h"
#include "core/ctl_log.h"
#include "core/ctl_module.h"
#include "ctl_sess.h"
#include "dp_lifecycle.h"

static int
sess_init(const struct ctl_module_ctx *ctx)
{
	int ret;

	ctl_sess_timer_reset();
	ret = ctl_sess_init(dp_sess_table(), ctx->loop);
	if (ret < 0) {
		CTL_LOG(ERR, "cannot start the session manager: %s",
			strerror(-ret));
		return ret;
	}
	if (ctx->conf != NULL)
		ctl_sess_timer_defaults_set(ctx->conf->sess_idle_timeout_s,
					    ctx->conf->sess_abs_timeout_s);
	return 0;
}

/* In-service change: new session timer defaults (sessions with their
 * own timers keep them). */
static int
sess_reconf(const struct ctl_conf *was, const struct ctl_conf *conf,
	    char *err, size_t err_len)
{
	(void)was;
	(void)err;
	(void)err_len;
	ctl_sess_timer_defaults_set(conf->sess_idle_timeout_s,
				    conf->sess_abs_timeout_s);
	return 0;
}

static struct ctl_module sess_module = {
	.name = "sess",
	.rank = CTL_MODULE_RANK_SESS,
	.init = sess_init,
	.fini = ctl_sess_fini,
	.reconf = sess_reconf,
};
CTL_MODULE_REGISTER(sess_module)
