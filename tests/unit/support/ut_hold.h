/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Flags that a reader thread holding an RCU-protected object and a control
 * thread retiring it hand each other in the "never waits" tests, and a
 * wait for a flag bounded by count (never by time); test code only.
 */
#ifndef UT_HOLD_H
#define UT_HOLD_H

#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>

/* Polls of a flag (each with sched_yield) before giving up. */
#define UT_HOLD_SPINS	5000000u

struct ut_hold {
	atomic_bool	inside;		/* reader holds the object */
	atomic_bool	leave;		/* reader may pass a quiescent state */
	atomic_bool	ctl_done;	/* the control calls returned */
	atomic_uint	ctl_pending;	/* objects pending, seen by control */
	unsigned int	n_bad;		/* reader saw a changed object */
};

/**
 * Wait until @flag is set, at most UT_HOLD_SPINS polls.
 * Context: any test thread.
 * @return whether it was set
 */
static inline bool
ut_hold_spin(atomic_bool *flag)
{
	unsigned int n;

	for (n = 0; n < UT_HOLD_SPINS; n++) {
		if (atomic_load(flag))
			return true;
		sched_yield();
	}
	return false;
}

#endif /* UT_HOLD_H */
