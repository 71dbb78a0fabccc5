/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hello gap statistic (srp_hgap.h): pure arithmetic on the times of
 * received hellos. Context: control.
 */
#include <stddef.h>

#include "srp_hgap.h"

uint64_t
srp_hgap_note(struct srp_hgap *g, uint64_t now_ms, uint32_t hello_ms,
	      uint32_t dead_ms)
{
	uint64_t gap;

	if (g == NULL)
		return 0;
	if (g->last_ms == 0 || now_ms < g->last_ms) {
		g->last_ms = now_ms;
		return 0;
	}
	gap = now_ms - g->last_ms;
	g->last_ms = now_ms;
	g->n_gaps++;
	g->last_gap_ms = gap;
	if (gap > g->max_ms)
		g->max_ms = gap;
	if (gap > 2 * (uint64_t)hello_ms)
		g->n_late++;
	if (dead_ms != 0 && gap >= dead_ms)
		g->n_over_dead++;
	return gap;
}

void
srp_hgap_link_down(struct srp_hgap *g)
{
	if (g != NULL)
		g->last_ms = 0;
}

void
srp_hgap_reset(struct srp_hgap *g)
{
	uint64_t last;

	if (g == NULL)
		return;
	last = g->last_ms;
	*g = (struct srp_hgap){ .last_ms = last };
}
