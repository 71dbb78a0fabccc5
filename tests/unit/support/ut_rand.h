/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Small deterministic pseudo-random generator for tests that mutate or cut
 * inputs: the same seed gives the same run; test code only.
 */
#ifndef UT_RAND_H
#define UT_RAND_H

#include <stdint.h>

/*
 * Next value of the 32-bit xorshift generator (Marsaglia, shifts 13/17/5)
 * whose state is *@state; the state must not be 0. Context: test thread.
 */
static inline uint32_t
ut_xorshift32(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

#endif /* UT_RAND_H */
