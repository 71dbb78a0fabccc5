/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the hello gap statistic (srp_hgap): intervals, the late
 * and dead-interval thresholds, link resets and clears. Runs without EAL.
 */
#include <CUnit/Basic.h>

#include "srp_hgap.h"
#include "support/ut_run.h"

static void
test_hgap_first_hello_no_gap(void)
{
	struct srp_hgap g = { 0 };

	CU_ASSERT_EQUAL(srp_hgap_note(&g, 1000, 10, 30), 0);
	CU_ASSERT_EQUAL(g.n_gaps, 0);
	CU_ASSERT_EQUAL(g.max_ms, 0);
	CU_ASSERT_EQUAL(g.last_ms, 1000);
}

static void
test_hgap_max_and_late(void)
{
	struct srp_hgap g = { 0 };

	srp_hgap_note(&g, 1000, 10, 30);
	CU_ASSERT_EQUAL(srp_hgap_note(&g, 1010, 10, 30), 10);
	/* Exactly 2 x hello is not late; one more millisecond is. */
	CU_ASSERT_EQUAL(srp_hgap_note(&g, 1030, 10, 30), 20);
	CU_ASSERT_EQUAL(g.n_late, 0);
	CU_ASSERT_EQUAL(srp_hgap_note(&g, 1051, 10, 30), 21);
	CU_ASSERT_EQUAL(g.n_late, 1);
	CU_ASSERT_EQUAL(g.n_over_dead, 0);
	CU_ASSERT_EQUAL(srp_hgap_note(&g, 1081, 10, 30), 30);
	CU_ASSERT_EQUAL(g.n_late, 2);
	CU_ASSERT_EQUAL(g.n_over_dead, 1);
	CU_ASSERT_EQUAL(srp_hgap_note(&g, 1086, 10, 30), 5);
	CU_ASSERT_EQUAL(g.n_gaps, 5);
	CU_ASSERT_EQUAL(g.max_ms, 30);
	CU_ASSERT_EQUAL(g.last_gap_ms, 5);
}

static void
test_hgap_no_dead_interval(void)
{
	struct srp_hgap g = { 0 };

	srp_hgap_note(&g, 1, 1000, 0);
	srp_hgap_note(&g, 100001, 1000, 0);
	CU_ASSERT_EQUAL(g.n_late, 1);
	CU_ASSERT_EQUAL(g.n_over_dead, 0);
}

static void
test_hgap_link_down_new_series(void)
{
	struct srp_hgap g = { 0 };

	srp_hgap_note(&g, 1000, 10, 30);
	srp_hgap_note(&g, 1010, 10, 30);
	srp_hgap_link_down(&g);
	/* The outage is no hello gap. */
	CU_ASSERT_EQUAL(srp_hgap_note(&g, 5000, 10, 30), 0);
	CU_ASSERT_EQUAL(g.max_ms, 10);
	CU_ASSERT_EQUAL(g.n_late, 0);
	CU_ASSERT_EQUAL(srp_hgap_note(&g, 5010, 10, 30), 10);
	CU_ASSERT_EQUAL(g.n_gaps, 2);
}

static void
test_hgap_reset_keeps_last(void)
{
	struct srp_hgap g = { 0 };

	srp_hgap_note(&g, 1000, 10, 30);
	srp_hgap_note(&g, 1100, 10, 30);
	CU_ASSERT_EQUAL(g.n_late, 1);
	srp_hgap_reset(&g);
	CU_ASSERT_EQUAL(g.n_gaps, 0);
	CU_ASSERT_EQUAL(g.n_late, 0);
	CU_ASSERT_EQUAL(g.max_ms, 0);
	/* A gap spanning the clear counts after it. */
	CU_ASSERT_EQUAL(srp_hgap_note(&g, 1125, 10, 30), 25);
	CU_ASSERT_EQUAL(g.max_ms, 25);
	CU_ASSERT_EQUAL(g.n_late, 1);
}

static void
test_hgap_clock_backwards_and_null(void)
{
	struct srp_hgap g = { 0 };

	srp_hgap_note(&g, 1000, 10, 30);
	CU_ASSERT_EQUAL(srp_hgap_note(&g, 900, 10, 30), 0);
	CU_ASSERT_EQUAL(g.n_gaps, 0);
	CU_ASSERT_EQUAL(srp_hgap_note(&g, 910, 10, 30), 10);
	CU_ASSERT_EQUAL(srp_hgap_note(NULL, 1, 10, 30), 0);
	srp_hgap_link_down(NULL);
	srp_hgap_reset(NULL);
}

static CU_TestInfo hgap_tests[] = {
	{ "test_hgap_first_hello_no_gap", test_hgap_first_hello_no_gap },
	{ "test_hgap_max_and_late", test_hgap_max_and_late },
	{ "test_hgap_no_dead_interval", test_hgap_no_dead_interval },
	{ "test_hgap_link_down_new_series", test_hgap_link_down_new_series },
	{ "test_hgap_reset_keeps_last", test_hgap_reset_keeps_last },
	{ "test_hgap_clock_backwards_and_null",
	  test_hgap_clock_backwards_and_null },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "srp_hgap", NULL, NULL, NULL, NULL, hgap_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
