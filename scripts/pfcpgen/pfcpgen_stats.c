/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-pfcpgen: per-phase counters and exact latency percentiles.
 * Context: generator thread.
 */
#include <errno.h>
#include <stdlib.h>

#include "pfcpgen_stats.h"

int
pfcpgen_stats_reserve(struct pfcpgen_phase_stats *s, size_t n)
{
	uint32_t *p;

	if (n <= s->cap_lat)
		return 0;
	p = realloc(s->lat_us, n * sizeof(*p));
	if (p == NULL)
		return -ENOMEM;
	s->lat_us = p;
	s->cap_lat = n;
	return 0;
}

void
pfcpgen_stats_free(struct pfcpgen_phase_stats *s)
{
	free(s->lat_us);
	s->lat_us = NULL;
	s->n_lat = 0;
	s->cap_lat = 0;
}

void
pfcpgen_stats_lat(struct pfcpgen_phase_stats *s, uint64_t ns)
{
	uint64_t us = ns / 1000;

	if (s->n_lat == s->cap_lat &&
	    pfcpgen_stats_reserve(s, s->cap_lat ? s->cap_lat * 2 : 1024) < 0)
		return;
	s->lat_us[s->n_lat++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
}

static int
pfcpgen_u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

uint32_t
pfcpgen_percentile(const uint32_t *sorted, size_t n, uint32_t q_ppm)
{
	uint64_t rank;

	if (n == 0)
		return 0;
	/* ceil(q * n), at least 1 */
	rank = ((uint64_t)n * q_ppm + 999999) / 1000000;
	if (rank == 0)
		rank = 1;
	if (rank > n)
		rank = n;
	return sorted[rank - 1];
}

void
pfcpgen_stats_summary(struct pfcpgen_phase_stats *s,
		      struct pfcpgen_lat_summary *sum)
{
	qsort(s->lat_us, s->n_lat, sizeof(*s->lat_us), pfcpgen_u32_cmp);
	sum->p50 = pfcpgen_percentile(s->lat_us, s->n_lat, 500000);
	sum->p99 = pfcpgen_percentile(s->lat_us, s->n_lat, 990000);
	sum->max = s->n_lat ? s->lat_us[s->n_lat - 1] : 0;
}

const char *
pfcpgen_phase_name(enum pfcpgen_phase ph)
{
	static const char *const names[PFCPGEN_PH_MAX] = {
		[PFCPGEN_PH_ASSOC] = "assoc",
		[PFCPGEN_PH_EST] = "est",
		[PFCPGEN_PH_MOD] = "mod",
		[PFCPGEN_PH_DEL] = "del",
	};

	return (unsigned int)ph < PFCPGEN_PH_MAX ? names[ph] : "unknown";
}
