/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Receive-side accounting of srpgw-gen: sequence windows, latency
 * histogram, arrival gaps. Pure C. Context: the generator's rx lcore.
 */
#include "gen_stats.h"

unsigned int
gen_hist_idx(uint64_t v)
{
	unsigned int msb, shift;

	if (v < GEN_HIST_SUB)
		return (unsigned int)v;
	msb = 63 - (unsigned int)__builtin_clzll(v);
	shift = msb - GEN_HIST_SUB_BITS;
	return (shift + 1) * GEN_HIST_SUB +
		(unsigned int)((v >> shift) - GEN_HIST_SUB);
}

uint64_t
gen_hist_low(unsigned int idx)
{
	unsigned int shift;

	if (idx < GEN_HIST_SUB)
		return idx;
	if (idx >= GEN_HIST_N)
		return UINT64_MAX;
	shift = idx / GEN_HIST_SUB - 1;
	return (uint64_t)(idx % GEN_HIST_SUB + GEN_HIST_SUB) << shift;
}

uint64_t
gen_hist_quantile(const struct gen_dir_stats *s, uint32_t q_ppm)
{
	uint64_t total = 0, target, cum = 0, v;
	unsigned int i;

	for (i = 0; i < GEN_HIST_N; i++)
		total += s->hist[i];
	if (total == 0)
		return 0;
	/* Rank of the sample at the quantile, 1-based, rounded up. */
	target = (total * q_ppm + 999999) / 1000000;
	if (target == 0)
		target = 1;
	for (i = 0; i < GEN_HIST_N; i++) {
		cum += s->hist[i];
		if (cum >= target)
			break;
	}
	v = gen_hist_low(i);
	if (v < s->lat_min)
		v = s->lat_min;
	if (v > s->lat_max)
		v = s->lat_max;
	return v;
}

/* A number leaves the window: received closes the lost run, else extends it. */
static void
flow_out(struct gen_dir_stats *s, struct gen_flow *f, bool got)
{
	if (!got) {
		f->run++;
		return;
	}
	if (f->run > s->max_lost_run)
		s->max_lost_run = f->run;
	f->run = 0;
}

/*
 * Slide the window so that its newest slot is @new_next - 1. The numbers
 * that fall out are classified oldest first, so runs of losses are seen
 * in order; numbers skipped by a jump larger than the window leave at
 * once as lost. Bounded: at most GEN_WIN_BITS iterations.
 */
static void
flow_advance(struct gen_dir_stats *s, struct gen_flow *f, uint64_t new_next)
{
	uint64_t lo, leave_end, end, seq, a;

	lo = f->next > GEN_WIN_BITS ? f->next - GEN_WIN_BITS : 0;
	leave_end = new_next > GEN_WIN_BITS ? new_next - GEN_WIN_BITS : 0;
	end = leave_end < f->next ? leave_end : f->next;
	for (seq = lo; seq < end; seq++)
		flow_out(s, f, (f->bits >> (f->next - 1 - seq)) & 1);
	if (leave_end > f->next)
		f->run += leave_end - f->next;
	a = new_next - f->next;
	f->bits = a >= GEN_WIN_BITS ? 0 : f->bits << a;
	f->next = new_next;
}

void
gen_flow_rx(struct gen_dir_stats *s, struct gen_flow *f, uint64_t seq)
{
	uint64_t k;

	s->received++;
	if (seq >= f->next) {
		flow_advance(s, f, seq + 1);
		f->bits |= 1;
		s->unique++;
		return;
	}
	k = f->next - 1 - seq;
	if (k >= GEN_WIN_BITS) {
		/* Already counted lost when it left the window. */
		s->late++;
		s->reordered++;
		s->unique++;
		return;
	}
	if ((f->bits >> k) & 1) {
		s->duplicated++;
		return;
	}
	f->bits |= UINT64_C(1) << k;
	s->reordered++;
	s->unique++;
}

void
gen_flow_finish(struct gen_dir_stats *s, struct gen_flow *f, uint64_t n_sent)
{
	if (n_sent > f->next)
		flow_advance(s, f, n_sent);
	flow_advance(s, f, f->next + GEN_WIN_BITS);
	flow_out(s, f, true);
}

void
gen_dir_rx_time(struct gen_dir_stats *s, uint64_t now_tsc, uint64_t lat_tsc)
{
	uint64_t gap;

	if (s->first_rx_tsc == 0) {
		s->first_rx_tsc = now_tsc;
		s->lat_min = lat_tsc;
	} else {
		gap = now_tsc - s->last_rx_tsc;
		if (gap > s->max_gap_tsc) {
			s->max_gap_tsc = gap;
			s->max_gap_end_tsc = now_tsc;
		}
	}
	s->last_rx_tsc = now_tsc;
	if (lat_tsc < s->lat_min)
		s->lat_min = lat_tsc;
	if (lat_tsc > s->lat_max)
		s->lat_max = lat_tsc;
	s->lat_sum += lat_tsc;
	s->hist[gen_hist_idx(lat_tsc)]++;
}

void
gen_flows_count(const struct gen_flow *flows, uint32_t n, uint64_t k,
		uint64_t *silent, uint64_t *after)
{
	uint64_t first;
	uint32_t i;

	*silent = *after = 0;
	for (i = 0; i < n; i++) {
		first = k > i ? (k - i + n - 1) / n : 0;
		if (flows[i].next == 0)
			(*silent)++;
		else if (flows[i].next > first)
			(*after)++;
	}
}
