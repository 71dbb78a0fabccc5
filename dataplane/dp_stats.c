/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Storage of the per-lcore data-plane counters, their names, and the sums
 * the control side shows. Context: control (workers only write counters).
 */
#include <errno.h>
#include <string.h>

#include <rte_lcore.h>

#include "dp_stats.h"

struct dp_lcore_stats dp_stats_lcore[RTE_MAX_LCORE];

static const char *const dp_cnt_names[DP_CNT_MAX] = {
#define DP_CNT_NAME(e, n, h) [DP_CNT_##e] = #n,
	DP_CNT_LIST(DP_CNT_NAME)
#undef DP_CNT_NAME
};

static const char *const dp_cnt_helps[DP_CNT_MAX] = {
#define DP_CNT_HELP(e, n, h) [DP_CNT_##e] = h,
	DP_CNT_LIST(DP_CNT_HELP)
#undef DP_CNT_HELP
};

static const char *const dp_drop_names[DP_DROP_MAX] = {
#define DP_DROP(e, n, h) [DP_DROP_##e] = #n,
#include "dp_drop.def"
#undef DP_DROP
};

static const char *const dp_drop_helps[DP_DROP_MAX] = {
#define DP_DROP(e, n, h) [DP_DROP_##e] = h,
#include "dp_drop.def"
#undef DP_DROP
};

void
dp_stats_reset(void)
{
	memset(dp_stats_lcore, 0, sizeof(dp_stats_lcore));
}

int
dp_stats_sum(struct dp_stats_total *out)
{
	const struct dp_lcore_stats *s;
	struct dp_stats_worker *w;
	unsigned int lcore_id;
	unsigned int i;

	if (out == NULL)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	RTE_LCORE_FOREACH_WORKER(lcore_id) {
		s = &dp_stats_lcore[lcore_id];
		w = &out->workers[out->n_workers++];
		w->lcore_id = lcore_id;
		for (i = 0; i < DP_CNT_MAX; i++) {
			w->cnt[i] = dp_stats_read(&s->cnt[i]);
			out->cnt[i] += w->cnt[i];
		}
		for (i = 0; i < DP_DROP_MAX; i++)
			out->drop[i] += dp_stats_read(&s->drop[i]);
	}
	return 0;
}

int
dp_stats_port_sum(unsigned int port_idx, struct dp_stats_port *out)
{
	const struct dp_stats_port *p;
	unsigned int lcore_id;

	if (out == NULL)
		return -EINVAL;
	if (port_idx >= DP_MAX_PORTS)
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	RTE_LCORE_FOREACH_WORKER(lcore_id) {
		p = &dp_stats_lcore[lcore_id].port[port_idx];
		out->rx += dp_stats_read(&p->rx);
		out->tx += dp_stats_read(&p->tx);
		out->drop += dp_stats_read(&p->drop);
	}
	return 0;
}

const char *
dp_stats_cnt_name(unsigned int c)
{
	return c < DP_CNT_MAX ? dp_cnt_names[c] : NULL;
}

const char *
dp_stats_cnt_help(unsigned int c)
{
	return c < DP_CNT_MAX ? dp_cnt_helps[c] : NULL;
}

const char *
dp_stats_drop_name(unsigned int r)
{
	return r < DP_DROP_MAX ? dp_drop_names[r] : NULL;
}

const char *
dp_stats_drop_help(unsigned int r)
{
	return r < DP_DROP_MAX ? dp_drop_helps[r] : NULL;
}
