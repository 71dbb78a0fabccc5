/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CUnit tests of the worker micro-checkpoint channels (dp_ckpt_ring) with EAL up
 * (suite "eal"): creation, ring order and drain, a full ring spilling into
 * the overflow bitmap (counted), sweeps that return each spilled slot once
 * and can resume with a small budget, and an empty flush. The worker side
 * is driven from the test thread. Context: test main thread.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include <rte_lcore.h>
#include <rte_ring.h>

#include "dp_ckpt_ring.h"
#include "support/ut_eal.h"

#define CAP	1000u	/* session slots: not a multiple of 64 */

static struct dp_ckpt_ring *
mk(unsigned int n_workers)
{
	struct dp_ckpt_ring *mc = dp_ckpt_ring_create(n_workers, CAP, (int)rte_socket_id());

	CU_ASSERT_PTR_NOT_NULL_FATAL(mc);
	return mc;
}

/* Worker side: note @n slots starting at @first (step @step), flush. */
static void
note_flush(struct dp_ckpt_ring_worker *w, uint32_t first, uint32_t step,
	   unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		dp_ckpt_ring_note(w, first + i * step);
	dp_ckpt_ring_flush(w);
}

static void
test_dp_mc_create_invalid(void)
{
	struct dp_ckpt_ring *a;
	struct dp_ckpt_ring *b;

	errno = 0;
	CU_ASSERT_PTR_NULL(dp_ckpt_ring_create(0, CAP, SOCKET_ID_ANY));
	CU_ASSERT_EQUAL(errno, EINVAL);
	errno = 0;
	CU_ASSERT_PTR_NULL(dp_ckpt_ring_create(1, 0, SOCKET_ID_ANY));
	CU_ASSERT_EQUAL(errno, EINVAL);
	dp_ckpt_ring_free(NULL);
	/* Two sets at once: ring names do not clash. */
	a = mk(2);
	b = mk(2);

	CU_ASSERT_EQUAL(a->n_workers, 2);
	CU_ASSERT_EQUAL(a->capacity, CAP);
	CU_ASSERT_EQUAL(a->w[0].n_words, (CAP + 63) / 64);
	CU_ASSERT_TRUE(rte_ring_get_capacity(a->w[1].ring) >=
		       DP_CKPT_RING_SIZE - 1);
	dp_ckpt_ring_free(a);
	dp_ckpt_ring_free(b);
}

/* Slots come out of the ring in the order they were noted, per worker. */
static void
test_dp_mc_ring_order_and_drain(void)
{
	struct dp_ckpt_ring *mc = mk(2);
	uint32_t out[200];
	unsigned int n;
	unsigned int i;

	note_flush(&mc->w[0], 7, 3, 40);
	note_flush(&mc->w[0], 500, 1, 10);
	note_flush(&mc->w[1], 999, 0, 1);
	CU_ASSERT_EQUAL(mc->w[0].n_buf, 0);
	CU_ASSERT_EQUAL(mc->w[0].n_emitted, 50);
	CU_ASSERT_EQUAL(mc->w[1].n_emitted, 1);
	CU_ASSERT_EQUAL(dp_ckpt_ring_emitted(mc), 51);
	CU_ASSERT_EQUAL(dp_ckpt_ring_full(mc), 0);

	/* In two pieces: a drain takes at most @max. */
	n = dp_ckpt_ring_drain(mc, 0, out, 30);
	CU_ASSERT_EQUAL(n, 30);
	n += dp_ckpt_ring_drain(mc, 0, out + 30, 100);
	CU_ASSERT_EQUAL_FATAL(n, 50);
	for (i = 0; i < 40; i++)
		CU_ASSERT_EQUAL(out[i], 7 + 3 * i);
	for (i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(out[40 + i], 500 + i);
	CU_ASSERT_EQUAL(dp_ckpt_ring_drain(mc, 0, out, 100), 0);
	CU_ASSERT_EQUAL(dp_ckpt_ring_drain(mc, 1, out, 100), 1);
	CU_ASSERT_EQUAL(out[0], 999);
	/* Bad worker index, NULL set, zero budget: nothing. */
	CU_ASSERT_EQUAL(dp_ckpt_ring_drain(mc, 2, out, 100), 0);
	CU_ASSERT_EQUAL(dp_ckpt_ring_drain(NULL, 0, out, 100), 0);
	note_flush(&mc->w[1], 1, 0, 1);
	CU_ASSERT_EQUAL(dp_ckpt_ring_drain(mc, 1, out, 0), 0);
	CU_ASSERT_EQUAL(dp_ckpt_ring_drain(mc, 1, out, 1), 1);
	CU_ASSERT_EQUAL(dp_ckpt_ring_emitted(NULL), 0);
	dp_ckpt_ring_free(mc);
}

/* Fill the ring of worker 0 completely (slot 0 over and over). */
static unsigned int
fill_ring(struct dp_ckpt_ring *mc)
{
	unsigned int cap = rte_ring_get_capacity(mc->w[0].ring);
	unsigned int left = cap;
	unsigned int k;

	while (left > 0) {
		k = RTE_MIN(left, DP_CKPT_RING_BUF);
		note_flush(&mc->w[0], 0, 0, k);
		left -= k;
	}
	CU_ASSERT_EQUAL(rte_ring_free_count(mc->w[0].ring), 0);
	CU_ASSERT_EQUAL(mc->w[0].n_ring_full, 0);
	return cap;
}

/*
 * A full ring: what does not fit is set in the overflow bitmap and counted,
 * the generation moves, the worker's buffer is empty again; one sweep
 * returns exactly those slots (a slot noted twice once) and clears them.
 */
static void
test_dp_mc_ring_full_to_bitmap_and_sweep(void)
{
	static const uint32_t spill[] = { 1, 63, 64, 130, 640, CAP - 1 };
	struct dp_ckpt_ring *mc = mk(2);
	uint32_t out[CAP];
	unsigned int cap;
	uint32_t cursor = 0;
	unsigned int n = 99;
	unsigned int i;
	uint64_t gen;

	cap = fill_ring(mc);
	gen = mc->w[0].over_gen;
	for (i = 0; i < RTE_DIM(spill); i++)
		dp_ckpt_ring_note(&mc->w[0], spill[i]);
	dp_ckpt_ring_note(&mc->w[0], 64);	/* twice: one bit */
	dp_ckpt_ring_flush(&mc->w[0]);
	CU_ASSERT_EQUAL(mc->w[0].n_buf, 0);
	CU_ASSERT_EQUAL(mc->w[0].n_ring_full, RTE_DIM(spill) + 1);
	CU_ASSERT_EQUAL(dp_ckpt_ring_full(mc), RTE_DIM(spill) + 1);
	CU_ASSERT_EQUAL(dp_ckpt_ring_emitted(mc), cap);
	CU_ASSERT_TRUE(mc->w[0].over_gen > gen);
	CU_ASSERT_EQUAL(mc->w[1].n_ring_full, 0);

	/* Worker 1's bitmap is empty. */
	CU_ASSERT_TRUE(dp_ckpt_ring_sweep(mc, 1, &cursor, out, CAP, &n));
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(cursor, 0);

	CU_ASSERT_TRUE(dp_ckpt_ring_sweep(mc, 0, &cursor, out, CAP, &n));
	CU_ASSERT_EQUAL_FATAL(n, RTE_DIM(spill));
	for (i = 0; i < RTE_DIM(spill); i++)
		CU_ASSERT_EQUAL(out[i], spill[i]);
	CU_ASSERT_EQUAL(cursor, 0);
	for (i = 0; i < mc->w[0].n_words; i++)
		CU_ASSERT_EQUAL(mc->w[0].over[i], 0);
	/* Once only. */
	CU_ASSERT_TRUE(dp_ckpt_ring_sweep(mc, 0, &cursor, out, CAP, &n));
	CU_ASSERT_EQUAL(n, 0);

	/* The ring still holds its entries; once drained, it takes more. */
	n = 0;
	while (dp_ckpt_ring_drain(mc, 0, out, RTE_DIM(out)) != 0)
		n++;
	CU_ASSERT_TRUE(n > 0);
	note_flush(&mc->w[0], 5, 0, 1);
	CU_ASSERT_EQUAL(mc->w[0].n_ring_full, RTE_DIM(spill) + 1);
	CU_ASSERT_EQUAL(dp_ckpt_ring_drain(mc, 0, out, 4), 1);
	CU_ASSERT_EQUAL(out[0], 5);
	dp_ckpt_ring_free(mc);
}

/*
 * A sweep with a small budget stops, keeps its place and resumes; every
 * set slot comes out exactly once over the calls, the last call reports
 * the end and rewinds the cursor. Bits set behind the cursor during a
 * sweep are found by the next one.
 */
static void
test_dp_mc_sweep_resumable(void)
{
	struct dp_ckpt_ring *mc = mk(1);
	static uint32_t out[CAP];
	static bool seen[CAP];
	uint32_t cursor = 0;
	unsigned int total = 0;
	unsigned int calls = 0;
	unsigned int n;
	unsigned int i;
	bool injected = false;
	bool done = false;
	uint32_t set_n = 0;

	fill_ring(mc);
	/* 3 of every 7 slots: 429 slots, several per word. */
	for (i = 0; i < CAP; i++) {
		if (i % 7 < 3) {
			dp_ckpt_ring_note(&mc->w[0], i);
			set_n++;
			if (mc->w[0].n_buf == DP_CKPT_RING_BUF)
				dp_ckpt_ring_flush(&mc->w[0]);
		}
	}
	dp_ckpt_ring_flush(&mc->w[0]);
	CU_ASSERT_EQUAL(mc->w[0].n_ring_full, set_n);

	memset(seen, 0, sizeof(seen));
	while (!done && calls < 1000) {
		done = dp_ckpt_ring_sweep(mc, 0, &cursor, out, 5, &n);
		calls++;
		CU_ASSERT_TRUE(n <= 5);
		if (!done)
			CU_ASSERT_EQUAL(n, 5);
		for (i = 0; i < n; i++) {
			CU_ASSERT_FATAL(out[i] < CAP);
			CU_ASSERT_EQUAL(out[i] % 7 < 3, true);
			CU_ASSERT_FALSE(seen[out[i]]);
			seen[out[i]] = true;
		}
		total += n;
		if (!injected && !done && cursor >= 2) {
			/* Behind the cursor now: for the next sweep. */
			note_flush(&mc->w[0], 3, 0, 1);
			injected = true;
		}
	}
	CU_ASSERT_TRUE(done);
	CU_ASSERT_TRUE(injected);
	CU_ASSERT_EQUAL(cursor, 0);
	CU_ASSERT_EQUAL(total, set_n);
	CU_ASSERT_TRUE(calls >= set_n / 5);
	CU_ASSERT_TRUE(dp_ckpt_ring_sweep(mc, 0, &cursor, out, CAP, &n));
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(out[0], 3);
	/* Zero budget: no progress, nothing lost. */
	note_flush(&mc->w[0], 900, 0, 1);
	CU_ASSERT_FALSE(dp_ckpt_ring_sweep(mc, 0, &cursor, out, 0, &n));
	CU_ASSERT_EQUAL(n, 0);
	/* The budget ran out at word 14 of 16: not the end yet. */
	CU_ASSERT_FALSE(dp_ckpt_ring_sweep(mc, 0, &cursor, out, 1, &n));
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(out[0], 900);
	CU_ASSERT_EQUAL(cursor, 900 / 64 + 1);
	CU_ASSERT_TRUE(dp_ckpt_ring_sweep(mc, 0, &cursor, out, 1, &n));
	CU_ASSERT_EQUAL(n, 0);
	/* Bad worker index, cursor past the end. */
	cursor = 5;
	CU_ASSERT_TRUE(dp_ckpt_ring_sweep(mc, 1, &cursor, out, 10, &n));
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(cursor, 0);
	cursor = 1u << 30;
	CU_ASSERT_TRUE(dp_ckpt_ring_sweep(mc, 0, &cursor, out, 10, &n));
	CU_ASSERT_EQUAL(cursor, 0);
	dp_ckpt_ring_free(mc);
}

/* A flush with nothing buffered touches neither ring nor counters. */
static void
test_dp_mc_empty_flush_noop(void)
{
	struct dp_ckpt_ring *mc = mk(1);
	uint32_t out[4];

	dp_ckpt_ring_flush(&mc->w[0]);
	dp_ckpt_ring_flush_slow(&mc->w[0]);
	CU_ASSERT_EQUAL(mc->w[0].n_emitted, 0);
	CU_ASSERT_EQUAL(mc->w[0].n_ring_full, 0);
	CU_ASSERT_EQUAL(mc->w[0].over_gen, 0);
	CU_ASSERT_EQUAL(rte_ring_count(mc->w[0].ring), 0);
	CU_ASSERT_EQUAL(dp_ckpt_ring_drain(mc, 0, out, 4), 0);
	dp_ckpt_ring_free(mc);
}

static CU_TestInfo dp_ckpt_ring_tests[] = {
	{ "create_invalid", test_dp_mc_create_invalid },
	{ "ring_order_and_drain", test_dp_mc_ring_order_and_drain },
	{ "ring_full_to_bitmap_and_sweep",
	  test_dp_mc_ring_full_to_bitmap_and_sweep },
	{ "sweep_resumable", test_dp_mc_sweep_resumable },
	{ "empty_flush_noop", test_dp_mc_empty_flush_noop },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "dp_ckpt_ring", NULL, NULL, NULL, NULL, dp_ckpt_ring_tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	char *eal_args[] = { UT_EAL_ARGS_NO_PORTS, NULL };

	(void)argc;
	return ut_eal_main(argv[0], "t_dp_mc_", eal_args, suites);
}
