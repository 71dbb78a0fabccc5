/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers on the rte_rings behind net_ring ports (looked up by name) shared
 * by the data-plane unit tests; test code only, run from the test thread.
 */
#ifndef UT_RING_H
#define UT_RING_H

#include <rte_mbuf.h>
#include <rte_ring.h>

/* Number of packets waiting on ring @name; 0 if there is no such ring. */
static inline unsigned int
ut_ring_count(const char *name)
{
	struct rte_ring *r = rte_ring_lookup(name);

	return r == NULL ? 0 : rte_ring_count(r);
}

/* Take every packet off ring @name and free it; return how many. */
static inline unsigned int
ut_ring_drain(const char *name)
{
	struct rte_ring *r = rte_ring_lookup(name);
	unsigned int n = 0;
	void *obj;

	if (r == NULL)
		return 0;
	while (rte_ring_dequeue(r, &obj) == 0) {
		rte_pktmbuf_free(obj);
		n++;
	}
	return n;
}

#endif /* UT_RING_H */
