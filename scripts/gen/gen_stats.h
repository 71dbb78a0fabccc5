/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Receive-side accounting of srpgw-gen, pure C: per-flow sequence windows
 * (lost, reordered, duplicated, longest run of lost numbers), a log-linear
 * latency histogram and a received-packets time series. Nothing here
 * allocates per packet. Context: the generator's rx lcore (one owner).
 */
#ifndef GEN_STATS_H
#define GEN_STATS_H

#include <stdbool.h>
#include <stdint.h>

/* Sequence numbers a flow remembers behind its highest one. */
#define GEN_WIN_BITS		64
/* Linear sub-buckets per power of two in the latency histogram. */
#define GEN_HIST_SUB_BITS	6
#define GEN_HIST_SUB		(1u << GEN_HIST_SUB_BITS)
#define GEN_HIST_N		((64 - GEN_HIST_SUB_BITS + 1) * GEN_HIST_SUB)

/* One flow (session x direction): what has been received of its sequence. */
struct gen_flow {
	uint64_t	next;		/* highest sequence seen + 1, 0 if none */
	uint64_t	bits;		/* bit k: sequence next-1-k received */
	uint64_t	run;		/* lost numbers in the open run */
};

/* Counters of one direction. */
struct gen_dir_stats {
	uint64_t	received;	/* packets with our marker, incl. dups */
	uint64_t	unique;		/* distinct sequence numbers received */
	uint64_t	reordered;	/* arrived after a higher sequence */
	uint64_t	duplicated;	/* sequence already received */
	uint64_t	late;		/* older than the window: not classifiable */
	uint64_t	bad_flow;	/* flow id outside the configured sessions */
	uint64_t	wrong_teid;	/* downlink in another session's tunnel */
	uint64_t	max_lost_run;	/* longest run of consecutive lost seqs */
	uint64_t	lat_min;	/* latency, TSC cycles */
	uint64_t	lat_max;
	uint64_t	lat_sum;
	uint64_t	first_rx_tsc;	/* 0 until the first packet */
	uint64_t	last_rx_tsc;
	uint64_t	max_gap_tsc;	/* longest time between two receptions */
	uint64_t	max_gap_end_tsc; /* when that gap ended */
	uint64_t	hist[GEN_HIST_N]; /* latency histogram, see gen_hist_idx */
};

/**
 * Histogram bucket of a value: exact below GEN_HIST_SUB, then
 * GEN_HIST_SUB buckets per power of two (under 1.6 % relative width).
 * Context: any.
 */
unsigned int gen_hist_idx(uint64_t v);

/**
 * Smallest value that falls into bucket @idx (so the bucket holds
 * [gen_hist_low(idx), gen_hist_low(idx + 1)) ).
 * Context: any.
 */
uint64_t gen_hist_low(unsigned int idx);

/**
 * Value at quantile @q_ppm (parts per million, 500000 = median) of the
 * histogram: the lower bound of the bucket holding it, clamped to
 * [@s->lat_min, @s->lat_max]. Context: any.
 * @return cycles, 0 when the histogram is empty
 */
uint64_t gen_hist_quantile(const struct gen_dir_stats *s, uint32_t q_ppm);

/**
 * Account one received sequence number of flow @f in direction @s.
 * Numbers that leave the window unreceived are lost: they extend the open
 * run of lost numbers, a received one closes it (updating max_lost_run).
 * Context: rx lcore.
 */
void gen_flow_rx(struct gen_dir_stats *s, struct gen_flow *f, uint64_t seq);

/**
 * Close the flow once transmission stopped: @n_sent numbers were sent, so
 * every number below it still missing is lost (tail losses included) and
 * the open run is closed. Call once per flow at the end.
 * Context: rx lcore, after the last packet.
 */
void gen_flow_finish(struct gen_dir_stats *s, struct gen_flow *f,
		     uint64_t n_sent);

/**
 * Account a packet's arrival at @now_tsc with latency @lat_tsc: min, max,
 * histogram, and the longest gap between two arrivals.
 * Context: rx lcore.
 */
void gen_dir_rx_time(struct gen_dir_stats *s, uint64_t now_tsc,
		     uint64_t lat_tsc);

/**
 * Count the flows of one direction that received nothing (@silent) and
 * those that received a packet with index @k or later (@after). Packet k
 * of a direction is flow k mod @n, sequence k div @n (round-robin), so
 * flow i got one when its highest sequence + 1 is above
 * ceil((k - i) / n). With @k = 0: every flow that received anything.
 * Context: any, after the last packet.
 */
void gen_flows_count(const struct gen_flow *flows, uint32_t n, uint64_t k,
		     uint64_t *silent, uint64_t *after);

#endif /* GEN_STATS_H */
