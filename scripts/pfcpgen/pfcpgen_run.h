/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-pfcpgen: the state of one run (options, sessions, outstanding
 * requests, counters) shared by the event loop and the report.
 * Context: the generator's single thread.
 */
#ifndef PFCPGEN_RUN_H
#define PFCPGEN_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "pfcpgen_args.h"
#include "pfcpgen_msg.h"
#include "pfcpgen_stats.h"

/* Outcome of the Association Setup. */
enum pfcpgen_assoc_state {
	PFCPGEN_AS_NONE,	/* not answered (yet) */
	PFCPGEN_AS_ACCEPTED,
	PFCPGEN_AS_REFUSED,	/* a cause other than Accepted */
	PFCPGEN_AS_BAD,		/* Accepted without FTUP or Node ID */
	PFCPGEN_AS_TIMEOUT,
};

/* Counters of what came in that is not a matched response. */
struct pfcpgen_rx_stats {
	uint64_t	datagrams;	/* everything received */
	uint64_t	malformed;	/* refused by the decoder */
	uint64_t	unexpected;	/* unknown type, unsolicited request,
					 * response of the wrong type */
	uint64_t	late;		/* response to no outstanding request
					 * (answered already, timed out) */
	uint64_t	foreign;	/* from another address or port */
	uint64_t	hb_answered;	/* Heartbeat Requests answered */
	uint64_t	tx_errors;	/* sendto failures other than EAGAIN */
};

struct pfcpgen_run {
	struct pfcpgen_opts		opts;
	struct pfcpgen_phase_stats	ph[PFCPGEN_PH_MAX];
	struct pfcpgen_rx_stats		rx;
	enum pfcpgen_assoc_state	assoc;
	uint8_t				assoc_cause;
	uint8_t				up_features[PFCP_FEATURES_MAX];
	uint8_t				up_features_len;
	uint64_t			up_seid_first;	/* of session 0 */
	uint32_t			ul_teid_first;
	uint8_t				ul_v4_first[4];
	bool				interrupted;	/* SIGINT/SIGTERM */
};

/**
 * Print the report: text on stdout, or one JSON object with --json.
 * Sorts the latency samples.
 *
 * Context: generator thread.
 */
void pfcpgen_report(struct pfcpgen_run *r);

/** @return whether every request of every phase run was accepted. */
bool pfcpgen_all_accepted(const struct pfcpgen_run *r);

#endif /* PFCPGEN_RUN_H */
