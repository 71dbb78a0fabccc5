/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-pfcpgen's accounting, pure C: counters of one phase (requests
 * sent, answered, accepted, refused by cause, timeouts, retransmissions)
 * and its latency samples, one per answered request, with exact
 * nearest-rank percentiles. Context: the generator's thread.
 */
#ifndef PFCPGEN_STATS_H
#define PFCPGEN_STATS_H

#include <stddef.h>
#include <stdint.h>

/* The phases of a run, in the order they run. */
enum pfcpgen_phase {
	PFCPGEN_PH_ASSOC,	/* Association Setup */
	PFCPGEN_PH_EST,		/* Session Establishment */
	PFCPGEN_PH_MOD,		/* Session Modification */
	PFCPGEN_PH_DEL,		/* Session Deletion */
	PFCPGEN_PH_MAX,
};

struct pfcpgen_phase_stats {
	uint64_t	sent;		/* requests sent (first transmissions) */
	uint64_t	answered;	/* responses matched to a request */
	uint64_t	accepted;	/* cause 1 and the content we need */
	uint64_t	refused;	/* another cause (see by_cause) */
	uint64_t	bad;		/* cause 1 but content missing/wrong */
	uint64_t	timeouts;	/* no response after N1 retransmissions */
	uint64_t	retrans;	/* retransmissions (T1 expired) */
	uint64_t	skipped;	/* sessions not sent: not established */
	uint64_t	start_ns;	/* first request sent (monotonic) */
	uint64_t	end_ns;		/* last request answered or timed out */
	uint64_t	by_cause[256];	/* refused, by cause value */
	uint32_t	*lat_us;	/* latency samples, microseconds */
	size_t		n_lat;
	size_t		cap_lat;
};

/* Latency summary of a phase (microseconds; 0 without samples). */
struct pfcpgen_lat_summary {
	uint32_t	p50;
	uint32_t	p99;
	uint32_t	max;
};

/**
 * Make room for @n samples (so that accounting never allocates while the
 * run goes on).
 *
 * Context: generator thread.
 * @return 0 or -ENOMEM
 */
int pfcpgen_stats_reserve(struct pfcpgen_phase_stats *s, size_t n);

/** Free the samples. Context: generator thread. */
void pfcpgen_stats_free(struct pfcpgen_phase_stats *s);

/**
 * Record the latency of one answered request (samples past the reserved
 * room are grown into, or dropped if that fails).
 *
 * Context: generator thread.
 */
void pfcpgen_stats_lat(struct pfcpgen_phase_stats *s, uint64_t ns);

/**
 * The nearest-rank percentiles of the samples (sorts them in place).
 *
 * Context: generator thread.
 */
void pfcpgen_stats_summary(struct pfcpgen_phase_stats *s,
			   struct pfcpgen_lat_summary *sum);

/**
 * Nearest-rank percentile of @n sorted samples: the smallest sample with
 * at least @q_ppm parts per million of the samples at or below it.
 *
 * Context: any.
 * @return the sample, 0 when @n is 0
 */
uint32_t pfcpgen_percentile(const uint32_t *sorted, size_t n, uint32_t q_ppm);

/** @return the phase's name ("assoc", "est", "mod", "del"). Context: any. */
const char *pfcpgen_phase_name(enum pfcpgen_phase ph);

#endif /* PFCPGEN_STATS_H */
