/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hello gap statistic of the receiving side: the longest interval between
 * two consecutive hellos of one SRP connection and how many intervals were
 * late (over 2 x hello-interval) or reached the dead-interval. Pure code:
 * the caller passes the time. Context: control.
 */
#ifndef SRP_HGAP_H
#define SRP_HGAP_H

#include <stdint.h>

/* Gaps seen since the last reset; zero-initialised is a valid start. */
struct srp_hgap {
	uint64_t	last_ms;	/* last hello, 0 = none this connection */
	uint64_t	n_gaps;		/* intervals measured */
	uint64_t	n_late;		/* intervals > 2 x hello-interval */
	uint64_t	n_over_dead;	/* intervals >= dead-interval */
	uint64_t	max_ms;		/* longest interval */
	uint64_t	last_gap_ms;	/* the latest interval */
};

/**
 * Account a hello received at @now_ms.
 * Context: control.
 * @param g statistic
 * @param now_ms monotonic time of the hello
 * @param hello_ms configured hello-interval (late: gap > 2 x hello_ms)
 * @param dead_ms configured dead-interval (0: not counted)
 * @return the interval since the previous hello of the connection, 0 for
 *	   the first one (or a clock that went backwards)
 */
uint64_t srp_hgap_note(struct srp_hgap *g, uint64_t now_ms, uint32_t hello_ms,
		       uint32_t dead_ms);

/**
 * The link went down: the next hello starts a new series (the outage is
 * not a hello gap). Context: control.
 */
void srp_hgap_link_down(struct srp_hgap *g);

/**
 * Zero the counters and the maximum (clear srp hello-gaps); the time of
 * the last hello is kept, so a gap spanning the reset is still measured.
 * Context: control.
 */
void srp_hgap_reset(struct srp_hgap *g);

#endif /* SRP_HGAP_H */
