/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the SRP election rules: chassis mode, priority, the
 * reference chapter's MAC example, refusals, split-brain order and route
 * modifier arithmetic. Runs without EAL.
 */
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "srp_elect.h"
#include "support/ut_run.h"

static void
node(struct srp_elect_node *n, uint8_t mode, uint8_t prio, const char *mac,
     uint32_t rm)
{
	unsigned int b[SRP_NODE_ID_LEN];
	unsigned int i;

	memset(n, 0, sizeof(*n));
	n->mode = mode;
	n->priority = prio;
	n->route_modifier = rm;
	sscanf(mac, "%x-%x-%x-%x-%x-%x", &b[0], &b[1], &b[2], &b[3], &b[4],
	       &b[5]);
	for (i = 0; i < SRP_NODE_ID_LEN; i++)
		n->node_id[i] = (uint8_t)b[i];
}

static void
test_elect_mode_primary_wins(void)
{
	struct srp_elect_node p, b;

	/* Mode beats a better priority and a higher MAC. */
	node(&p, SRP_WMODE_PRIMARY, 200, "00-00-00-00-00-01", 10);
	node(&b, SRP_WMODE_BACKUP, 1, "00-00-00-ff-ff-ff", 11);
	CU_ASSERT_EQUAL(srp_elect_startup(&p, &b), SRP_ELECT_LOCAL);
	CU_ASSERT_EQUAL(srp_elect_startup(&b, &p), SRP_ELECT_PEER);
}

static void
test_elect_same_mode_lower_priority_wins(void)
{
	struct srp_elect_node a, b;

	node(&a, SRP_WMODE_PRIMARY, 10, "00-00-00-00-00-01", 10);
	node(&b, SRP_WMODE_PRIMARY, 20, "00-00-00-ff-ff-ff", 10);
	CU_ASSERT_EQUAL(srp_elect_startup(&a, &b), SRP_ELECT_LOCAL);
	CU_ASSERT_EQUAL(srp_elect_startup(&b, &a), SRP_ELECT_PEER);
	node(&a, SRP_WMODE_BACKUP, 10, "00-00-00-00-00-01", 11);
	node(&b, SRP_WMODE_BACKUP, 20, "00-00-00-ff-ff-ff", 11);
	CU_ASSERT_EQUAL(srp_elect_startup(&a, &b), SRP_ELECT_LOCAL);
}

static void
test_elect_chapter_mac_example(void)
{
	struct srp_elect_node a, b;

	/* Chapter: 00-02-43-03-1C-2B beats 00-02-43-03-01-3B. */
	node(&a, SRP_WMODE_PRIMARY, 125, "00-02-43-03-1C-2B", 10);
	node(&b, SRP_WMODE_PRIMARY, 125, "00-02-43-03-01-3B", 10);
	CU_ASSERT_EQUAL(srp_elect_startup(&a, &b), SRP_ELECT_LOCAL);
	CU_ASSERT_EQUAL(srp_elect_startup(&b, &a), SRP_ELECT_PEER);
	CU_ASSERT(srp_elect_node_id_cmp(a.node_id, b.node_id) > 0);
}

static void
test_elect_mac_vendor_octets_last(void)
{
	struct srp_elect_node a, b;

	/* Octets 4..6 decide before the vendor code does. */
	node(&a, SRP_WMODE_BACKUP, 5, "ff-ff-ff-00-00-01", 11);
	node(&b, SRP_WMODE_BACKUP, 5, "00-00-00-00-00-02", 11);
	CU_ASSERT_EQUAL(srp_elect_startup(&a, &b), SRP_ELECT_PEER);
	/* Same tail: the vendor code still separates them. */
	node(&b, SRP_WMODE_BACKUP, 5, "00-00-00-00-00-01", 11);
	CU_ASSERT_EQUAL(srp_elect_startup(&a, &b), SRP_ELECT_LOCAL);
}

static void
test_elect_full_tie_refused(void)
{
	struct srp_elect_node a, b;

	node(&a, SRP_WMODE_PRIMARY, 7, "00-02-43-03-1C-2B", 10);
	b = a;
	CU_ASSERT_EQUAL(srp_elect_startup(&a, &b), SRP_ELECT_TIE);
	CU_ASSERT_EQUAL(srp_elect_split_brain(&a, &b), SRP_ELECT_TIE);
}

static void
test_elect_no_mode_refused(void)
{
	struct srp_elect_node a, b;

	node(&a, SRP_WMODE_NONE, 1, "00-00-00-00-00-09", 10);
	node(&b, SRP_WMODE_PRIMARY, 200, "00-00-00-00-00-01", 10);
	CU_ASSERT_EQUAL(srp_elect_startup(&a, &b), SRP_ELECT_NO_MODE);
	CU_ASSERT_EQUAL(srp_elect_startup(&b, &a), SRP_ELECT_NO_MODE);
	a.mode = 9;
	CU_ASSERT_EQUAL(srp_elect_startup(&b, &a), SRP_ELECT_NO_MODE);
}

static void
test_elect_split_brain_order(void)
{
	struct srp_elect_node a, b;

	/* Lower route modifier first, even against mode and priority. */
	node(&a, SRP_WMODE_BACKUP, 200, "00-00-00-00-00-01", 11);
	node(&b, SRP_WMODE_PRIMARY, 1, "00-00-00-ff-ff-ff", 12);
	CU_ASSERT_EQUAL(srp_elect_split_brain(&a, &b), SRP_ELECT_LOCAL);
	CU_ASSERT_EQUAL(srp_elect_split_brain(&b, &a), SRP_ELECT_PEER);
	/* Then priority. */
	b.route_modifier = 11;
	CU_ASSERT_EQUAL(srp_elect_split_brain(&a, &b), SRP_ELECT_PEER);
	/* Then MAC. */
	b.priority = 200;
	CU_ASSERT_EQUAL(srp_elect_split_brain(&a, &b), SRP_ELECT_PEER);
	CU_ASSERT_EQUAL(srp_elect_split_brain(&b, &a), SRP_ELECT_LOCAL);
}

static void
test_elect_rm_values(void)
{
	CU_ASSERT_EQUAL(srp_rm_initial(SRP_WMODE_PRIMARY), SRP_RM_INIT_PRIMARY);
	CU_ASSERT_EQUAL(srp_rm_initial(SRP_WMODE_BACKUP), SRP_RM_INIT_BACKUP);
	CU_ASSERT(SRP_RM_INIT_PRIMARY < SRP_RM_INIT_BACKUP);
	/* Demote: one above the higher value. */
	CU_ASSERT_EQUAL(srp_rm_on_demote(10, 11, SRP_WMODE_PRIMARY), 12);
	CU_ASSERT_EQUAL(srp_rm_on_demote(14, 11, SRP_WMODE_PRIMARY), 15);
	CU_ASSERT_EQUAL(srp_rm_on_demote(31, 20, SRP_WMODE_BACKUP), 32);
	/* Active keeps a lower value, else goes just below the standby. */
	CU_ASSERT_EQUAL(srp_rm_on_active(10, 12), 10);
	CU_ASSERT_EQUAL(srp_rm_on_active(20, 11), 10);
	CU_ASSERT_EQUAL(srp_rm_on_active(5, 1), SRP_RM_MIN);
}

static void
test_elect_rm_threshold_reset(void)
{
	/* Reaching the threshold resets to the role's initial value. */
	CU_ASSERT_EQUAL(srp_rm_on_demote(32, 20, SRP_WMODE_PRIMARY),
			SRP_RM_INIT_PRIMARY);
	CU_ASSERT_EQUAL(srp_rm_on_demote(11, 32, SRP_WMODE_BACKUP),
			SRP_RM_INIT_BACKUP);
	CU_ASSERT_EQUAL(srp_rm_on_demote(31, 31, SRP_WMODE_BACKUP), 32);
}

static void
test_elect_result_names(void)
{
	CU_ASSERT_STRING_EQUAL(srp_elect_result_str(SRP_ELECT_TIE), "tie");
	CU_ASSERT_STRING_EQUAL(srp_elect_result_str((enum srp_elect_result)99),
			       "?");
}

static CU_TestInfo elect_tests[] = {
	{ "test_elect_mode_primary_wins", test_elect_mode_primary_wins },
	{ "test_elect_same_mode_lower_priority_wins",
	  test_elect_same_mode_lower_priority_wins },
	{ "test_elect_chapter_mac_example", test_elect_chapter_mac_example },
	{ "test_elect_mac_vendor_octets_last",
	  test_elect_mac_vendor_octets_last },
	{ "test_elect_full_tie_refused", test_elect_full_tie_refused },
	{ "test_elect_no_mode_refused", test_elect_no_mode_refused },
	{ "test_elect_split_brain_order", test_elect_split_brain_order },
	{ "test_elect_rm_values", test_elect_rm_values },
	{ "test_elect_rm_threshold_reset", test_elect_rm_threshold_reset },
	{ "test_elect_result_names", test_elect_result_names },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "srp_elect", NULL, NULL, NULL, NULL, elect_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
