/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "show reactor statistics": the control reactor's slow-callback detector
 * (callbacks over the threshold, by name, the longest of all).
 * Context: control (telemetry requests are relayed to it by core/ctl_api_tel.c).
 */
#include <errno.h>

#include <rte_common.h>

#include "ctl_api.h"
#include "ctl_loop.h"
#include "ctl_loop_cmd.h"
#include "ctl_reply.h"

static int
loop_show_statistics(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	static struct ctl_loop_slow_stats st;
	const struct ctl_loop *loop = arg;
	uint64_t now_ms = ctl_loop_now_ms();
	unsigned int i;

	(void)argv;
	if (argc != 0) {
		ctl_reply_error(out, "show reactor statistics takes no arguments");
		return -EINVAL;
	}
	ctl_loop_slow_get(loop, &st);
	ctl_reply_u64(out, "slow_threshold_us", st.threshold_us);
	ctl_reply_u64(out, "callbacks", st.n_callbacks);
	ctl_reply_u64(out, "slow_callbacks", st.n_slow);
	ctl_reply_u64(out, "slow_callbacks_unnamed", st.n_slow_unnamed);
	ctl_reply_u64(out, "longest_us", st.max_us);
	ctl_reply_str(out, "longest_callback",
		    st.max_name != NULL ? st.max_name : "");
	ctl_reply_arr_begin(out, "slow");
	for (i = 0; i < st.n_entries; i++) {
		const struct ctl_loop_slow_entry *e = &st.entries[i];

		ctl_reply_obj_begin(out, NULL);
		ctl_reply_str(out, "callback", e->name);
		ctl_reply_u64(out, "count", e->n_slow);
		ctl_reply_u64(out, "max_us", e->max_us);
		ctl_reply_u64(out, "last_us", e->last_us);
		ctl_reply_u64(out, "last_ago_ms", now_ms - e->last_ms);
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	return 0;
}

static struct ctl_cmd loop_cmds[] = {
	{
		.words = "show reactor statistics",
		.args = "",
		.help = "control reactor: callbacks over the slow threshold, by name",
		.fn = loop_show_statistics,
		.telemetry = true,
	},
};

int
ctl_loop_cmd_register(struct ctl_loop *loop)
{
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(loop_cmds); i++) {
		loop_cmds[i].arg = loop;
		ret = ctl_api_register(&loop_cmds[i]);
		if (ret < 0)
			return ret;
	}
	return 0;
}
