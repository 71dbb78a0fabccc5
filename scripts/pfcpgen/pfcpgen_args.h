/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-pfcpgen's command line: the options, their defaults and the checks
 * that tie them together (pure, no sockets). Context: main thread.
 */
#ifndef PFCPGEN_ARGS_H
#define PFCPGEN_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "pfcpgen_stats.h"

#define PFCPGEN_SESSIONS_MAX	(1u << 24)	/* CP SEIDs, UE addresses */
#define PFCPGEN_WINDOW_MAX	65536u		/* outstanding requests */
#define PFCPGEN_RATE_MAX	10000000u	/* requests per second */

struct pfcpgen_opts {
	uint64_t	seed;
	uint32_t	sessions;	/* N */
	uint32_t	rate;		/* requests per second, 0 = flat out */
	uint32_t	window;		/* outstanding requests at the most */
	uint32_t	t1_ms;		/* retransmission timer */
	uint32_t	n1;		/* retransmissions before a timeout */
	uint32_t	ue_base;	/* UE IPv4 of session 0, host order */
	uint32_t	server_v4;	/* network order */
	uint32_t	local_v4;	/* network order, 0 = the route's */
	uint32_t	gnb_v4;		/* network order */
	uint16_t	server_port;	/* host order */
	uint16_t	local_port;	/* host order */
	bool		phase[PFCPGEN_PH_MAX];	/* phases to run */
	bool		json;		/* JSON report on stdout */
	bool		keep_going;	/* run the phases without association */
	bool		cp_features;	/* send CP Function Features */
};

/**
 * Parse argv into @o (defaults first). On error a one-line message naming
 * the option is written to @err.
 *
 * Context: main thread (getopt state).
 * @return 0, 1 when --help was asked (usage printed to stdout), -EINVAL
 */
int pfcpgen_args_parse(struct pfcpgen_opts *o, int argc, char **argv,
		       char *err, size_t err_len);

#endif /* PFCPGEN_ARGS_H */
