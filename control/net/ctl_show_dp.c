/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Handler of show dataplane statistics (worker counters, drops by reason,
 * slow-path and micro-checkpoint counters), next to the other foundation
 * show commands of ctl_show.c; registered with the command API and
 * telemetry by ctl_fwd_register() (net/ctl_fwd.c), as it always was.
 * Context: control (telemetry requests are relayed to it).
 */
#include <errno.h>
#include <string.h>

#include <rte_common.h>
#include <rte_ring.h>

#include "core/ctl_api.h"
#include "core/ctl_reply.h"
#include "ctl_show_dp.h"
#include "ctl_nbr.h"
#include "ctl_punt.h"
#include "dp_ckpt_ring.h"
#include "dp_msg.h"
#include "dp_stats.h"

/* Micro-checkpoint counters of worker @w (zeros without a channel). */
static void
show_dp_mc_worker(struct ctl_reply *out, const struct dp_ckpt_ring *mc,
		   unsigned int w)
{
	const struct dp_ckpt_ring_worker *mw = NULL;

	if (mc != NULL && w < mc->n_workers)
		mw = &mc->w[w];
	ctl_reply_u64(out, "mc_emitted",
		    mw != NULL ? dp_stats_read(&mw->n_emitted) : 0);
	ctl_reply_u64(out, "mc_ring_full",
		    mw != NULL ? dp_stats_read(&mw->n_ring_full) : 0);
	ctl_reply_u64(out, "mc_ring_waiting",
		    mw != NULL ? rte_ring_count(mw->ring) : 0);
}

static int
show_dp_statistics(struct ctl_reply *out, int argc, char **argv, void *arg)
{
	static struct dp_stats_total t;
	const struct dp_ckpt_ring *mc = dp_ckpt_ring_get();
	uint32_t n_dem, n_dem_unres;
	unsigned int i;
	unsigned int w;
	int ret;

	(void)argv;
	(void)arg;
	if (argc != 0) {
		ctl_reply_error(out, "show dataplane statistics takes no "
				"arguments");
		return -EINVAL;
	}
	ret = dp_stats_sum(&t);
	if (ret != 0) {
		ctl_reply_error(out, "cannot read counters: %s", strerror(-ret));
		return ret;
	}
	ctl_reply_obj_begin(out, "counters");
	for (i = 0; i < DP_CNT_MAX; i++)
		ctl_reply_u64(out, dp_stats_cnt_name(i), t.cnt[i]);
	/* Micro-checkpoints: slots put into the rings / spilled to the
	 * overflow bitmaps because a ring was full. */
	ctl_reply_u64(out, "mc_emitted", dp_ckpt_ring_emitted(mc));
	ctl_reply_u64(out, "mc_ring_full", dp_ckpt_ring_full(mc));
	ctl_reply_obj_end(out);
	ctl_reply_arr_begin(out, "drops");
	for (i = 0; i < DP_DROP_MAX; i++) {
		ctl_reply_obj_begin(out, NULL);
		ctl_reply_str(out, "reason", dp_stats_drop_name(i));
		ctl_reply_u64(out, "packets", t.drop[i]);
		ctl_reply_str(out, "help", dp_stats_drop_help(i));
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	ctl_reply_obj_begin(out, "slow_path");
	for (i = 0; i < CTL_PUNT_CNT_MAX; i++)
		ctl_reply_u64(out, ctl_punt_cnt_name(i), ctl_punt_cnt(i));
	ctl_reply_u64(out, "tx_ring_refused", dp_msg_tx_dropped());
	/* Neighbour entries made by traffic, in all and unresolved (capped
	 * at CTL_NBR_DEMAND_MAX and CTL_NBR_DEMAND_UNRES_MAX). */
	ctl_nbr_demand_count(&n_dem, &n_dem_unres);
	ctl_reply_u64(out, "neighbours_on_demand", n_dem);
	ctl_reply_u64(out, "neighbours_on_demand_unresolved", n_dem_unres);
	ctl_reply_obj_end(out);
	ctl_reply_arr_begin(out, "workers");
	for (w = 0; w < t.n_workers; w++) {
		ctl_reply_obj_begin(out, NULL);
		ctl_reply_u64(out, "lcore", t.workers[w].lcore_id);
		for (i = 0; i < DP_CNT_MAX; i++)
			ctl_reply_u64(out, dp_stats_cnt_name(i),
				    t.workers[w].cnt[i]);
		ctl_reply_u64(out, "punt_ring_waiting", dp_msg_ring_count(w, true));
		ctl_reply_u64(out, "tx_ring_waiting", dp_msg_ring_count(w, false));
		show_dp_mc_worker(out, mc, w);
		ctl_reply_obj_end(out);
	}
	ctl_reply_arr_end(out);
	return 0;
}

static const struct ctl_cmd show_dp_cmds[] = {
	{
		.words = "show dataplane statistics",
		.args = "",
		.help = "worker counters, drops by reason, slow-path counters",
		.fn = show_dp_statistics,
		.telemetry = true,
	},
};

int
ctl_show_dp_register(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(show_dp_cmds); i++) {
		ret = ctl_api_register(&show_dp_cmds[i]);
		if (ret < 0 && ret != -EEXIST)
			return ret;
	}
	return 0;
}
