/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the post-switchover phase sequencing (ctl_takeover):
 * order, end conditions, guards, srp terminate-post-process, the data
 * mode per switchover option, the create rule with and
 * without control-outage-optimization, and the session change gate per
 * chassis state. Runs without EAL.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "srp/ctl_takeover.h"
#include "dp_fwd.h"
#include "support/ut_run.h"

#define T0	1000u

static struct ctl_takeover post;

static void
start(bool all, bool volte, bool maint, bool coo)
{
	struct ctl_takeover_opts o = {
		.allow_all = all, .allow_volte = volte,
		.volte_maint_acct = maint, .control_outage_opt = coo,
		.guard_ms = 5000,
	};

	memset(&post, 0, sizeof(post));
	ctl_takeover_start(&post, &o, true, T0);
}

static void
test_ctl_srp_post_order_and_durations(void)
{
	CU_ASSERT_EQUAL(ctl_takeover_phase(&post), CTL_TAKEOVER_IDLE);
	start(false, false, false, false);
	CU_ASSERT_EQUAL(ctl_takeover_phase(&post), CTL_TAKEOVER_CRIT_FLUSH);
	/* A later phase's condition waits for its phase. */
	CU_ASSERT_EQUAL(ctl_takeover_cond(&post, CTL_TAKEOVER_NET_CONV), 0);
	CU_ASSERT_FALSE(ctl_takeover_step(&post, T0 + 10));
	CU_ASSERT_EQUAL(ctl_takeover_phase(&post), CTL_TAKEOVER_CRIT_FLUSH);
	CU_ASSERT_EQUAL(ctl_takeover_cond(&post, CTL_TAKEOVER_CRIT_FLUSH), 0);
	CU_ASSERT_TRUE(ctl_takeover_step(&post, T0 + 20));
	/* Convergence had its condition: ended at once; the accounting
	 * flush and the audit run side by side. */
	CU_ASSERT_EQUAL(ctl_takeover_phase(&post), CTL_TAKEOVER_ACCT_FLUSH);
	CU_ASSERT_TRUE(ctl_takeover_running(&post, CTL_TAKEOVER_ACCT_FLUSH));
	CU_ASSERT_TRUE(ctl_takeover_running(&post, CTL_TAKEOVER_AUDIT));
	CU_ASSERT_EQUAL(post.dur_ms[CTL_TAKEOVER_CRIT_FLUSH], 20);
	CU_ASSERT_EQUAL(post.dur_ms[CTL_TAKEOVER_NET_CONV], 0);
	CU_ASSERT_EQUAL(ctl_takeover_cond(&post, CTL_TAKEOVER_AUDIT), 0);
	CU_ASSERT_TRUE(ctl_takeover_step(&post, T0 + 50));
	CU_ASSERT_EQUAL(ctl_takeover_phase(&post), CTL_TAKEOVER_ACCT_FLUSH);
	CU_ASSERT_EQUAL(post.dur_ms[CTL_TAKEOVER_AUDIT], 30);
	CU_ASSERT_EQUAL(ctl_takeover_cond(&post, CTL_TAKEOVER_ACCT_FLUSH), 0);
	CU_ASSERT_TRUE(ctl_takeover_step(&post, T0 + 70));
	CU_ASSERT_EQUAL(ctl_takeover_phase(&post), CTL_TAKEOVER_DONE);
	CU_ASSERT_EQUAL(post.dur_ms[CTL_TAKEOVER_ACCT_FLUSH], 50);
	CU_ASSERT_FALSE(ctl_takeover_step(&post, T0 + 80));
	CU_ASSERT_EQUAL(post.n_timeouts, 0);
	CU_ASSERT_EQUAL(ctl_takeover_cond(&post, CTL_TAKEOVER_DONE), -EINVAL);
	CU_ASSERT_EQUAL(ctl_takeover_cond(&post, CTL_TAKEOVER_IDLE), -EINVAL);
	CU_ASSERT_EQUAL(ctl_takeover_terminate(&post, T0 + 90), -EALREADY);
	/* Leaving ACTIVE: idle, the last run's durations stay. */
	ctl_takeover_stop(&post, T0 + 100);
	CU_ASSERT_EQUAL(ctl_takeover_phase(&post), CTL_TAKEOVER_IDLE);
	CU_ASSERT_EQUAL(post.dur_ms[CTL_TAKEOVER_ACCT_FLUSH], 50);
	CU_ASSERT_STRING_EQUAL(ctl_takeover_phase_str(CTL_TAKEOVER_NET_CONV),
			       "network-convergence");
	CU_ASSERT_STRING_EQUAL(ctl_takeover_phase_str(CTL_TAKEOVER_MAX), "?");
}

static void
test_ctl_srp_post_guard_ends_phase(void)
{
	start(false, false, false, false);
	CU_ASSERT_FALSE(ctl_takeover_step(&post, T0 + 4999));
	CU_ASSERT_TRUE(ctl_takeover_step(&post, T0 + 5000));
	CU_ASSERT_TRUE(post.timed_out[CTL_TAKEOVER_CRIT_FLUSH]);
	CU_ASSERT_EQUAL(ctl_takeover_phase(&post), CTL_TAKEOVER_NET_CONV);
	CU_ASSERT_EQUAL(post.n_timeouts, 1);
}

static void
test_ctl_srp_post_terminate(void)
{
	start(false, false, false, false);
	CU_ASSERT_FALSE(ctl_takeover_create_ok(&post));
	CU_ASSERT_EQUAL(ctl_takeover_terminate(&post, T0 + 7), 0);
	CU_ASSERT_EQUAL(ctl_takeover_phase(&post), CTL_TAKEOVER_DONE);
	CU_ASSERT_TRUE(post.terminated);
	CU_ASSERT_EQUAL(post.n_terminated, 1);
	CU_ASSERT_TRUE(ctl_takeover_create_ok(&post));
	CU_ASSERT_EQUAL(ctl_takeover_data_mode(&post), DP_DATA_ALL);
}

/* Walk one run to the accounting flush + audit stage. */
static void
to_acct(void)
{
	ctl_takeover_cond(&post, CTL_TAKEOVER_CRIT_FLUSH);
	ctl_takeover_cond(&post, CTL_TAKEOVER_NET_CONV);
	ctl_takeover_step(&post, T0 + 1);
}

static void
test_ctl_srp_post_data_mode_per_option(void)
{
	/* Default: nothing until the accounting flush ends. */
	start(false, false, false, false);
	CU_ASSERT_EQUAL(ctl_takeover_data_mode(&post), DP_DATA_NONE);
	to_acct();
	CU_ASSERT_EQUAL(ctl_takeover_data_mode(&post), DP_DATA_NONE);
	ctl_takeover_cond(&post, CTL_TAKEOVER_ACCT_FLUSH);
	ctl_takeover_step(&post, T0 + 2);
	CU_ASSERT_EQUAL(ctl_takeover_data_mode(&post), DP_DATA_ALL);

	/* allow-all: everything from activation. */
	start(true, false, false, false);
	CU_ASSERT_EQUAL(ctl_takeover_data_mode(&post), DP_DATA_ALL);

	/* allow-volte: VoLTE from activation, all after the flush. */
	start(false, true, false, false);
	CU_ASSERT_EQUAL(ctl_takeover_data_mode(&post), DP_DATA_VOLTE);
	to_acct();
	CU_ASSERT_EQUAL(ctl_takeover_data_mode(&post), DP_DATA_VOLTE);
	ctl_takeover_cond(&post, CTL_TAKEOVER_ACCT_FLUSH);
	ctl_takeover_step(&post, T0 + 2);
	CU_ASSERT_EQUAL(ctl_takeover_data_mode(&post), DP_DATA_ALL);

	/* maintain-accounting: VoLTE after the critical flush. */
	start(false, true, true, false);
	CU_ASSERT_EQUAL(ctl_takeover_data_mode(&post), DP_DATA_NONE);
	to_acct();
	CU_ASSERT_EQUAL(ctl_takeover_data_mode(&post), DP_DATA_VOLTE);

	/* Standby again: idle = ALL here; the glue fences separately. */
	ctl_takeover_stop(&post, T0 + 3);
	CU_ASSERT_EQUAL(ctl_takeover_data_mode(&post), DP_DATA_ALL);
}

static void
test_ctl_srp_post_create_gate(void)
{
	/* Without the option: refused until every phase has ended. */
	start(false, false, false, false);
	to_acct();
	ctl_takeover_cond(&post, CTL_TAKEOVER_AUDIT);
	ctl_takeover_step(&post, T0 + 2);
	CU_ASSERT_FALSE(ctl_takeover_create_ok(&post));
	ctl_takeover_cond(&post, CTL_TAKEOVER_ACCT_FLUSH);
	ctl_takeover_step(&post, T0 + 3);
	CU_ASSERT_TRUE(ctl_takeover_create_ok(&post));

	/* control-outage-optimization: allowed once the audit ended, while
	 * the accounting flush still runs. */
	start(false, false, false, true);
	to_acct();
	CU_ASSERT_FALSE(ctl_takeover_create_ok(&post));
	ctl_takeover_cond(&post, CTL_TAKEOVER_AUDIT);
	ctl_takeover_step(&post, T0 + 2);
	CU_ASSERT_EQUAL(ctl_takeover_phase(&post), CTL_TAKEOVER_ACCT_FLUSH);
	CU_ASSERT_TRUE(ctl_takeover_create_ok(&post));
}

/* The session change gate: only an ACTIVE chassis changes sessions, and
 * there new ones follow the phases; the errors name the state or phase. */
static void
test_ctl_srp_post_change_gate(void)
{
	static const enum srp_fsm_state not_active[] = {
		SRP_ST_INIT, SRP_ST_CONNECTING, SRP_ST_NEGOTIATING,
		SRP_ST_STANDBY_SYNCING, SRP_ST_STANDBY_READY, SRP_ST_FAULT,
	};
	char err[128], want[128];
	unsigned int i;

	/* Idle phases (never switched over): not active refuses both
	 * kinds, active accepts both. */
	memset(&post, 0, sizeof(post));
	for (i = 0; i < sizeof(not_active) / sizeof(not_active[0]); i++) {
		snprintf(want, sizeof(want), "chassis is %s: session changes "
			 "are accepted on the active only",
			 srp_fsm_state_str(not_active[i]));
		CU_ASSERT_EQUAL(ctl_takeover_change_check(&post, not_active[i],
			SRP_PH_NONE, CTL_SESS_CHANGE_NEW, err, sizeof(err)),
			-EROFS);
		CU_ASSERT_STRING_EQUAL(err, want);
		CU_ASSERT_EQUAL(ctl_takeover_change_check(&post, not_active[i],
			SRP_PH_NONE, CTL_SESS_CHANGE_EXISTING, err,
			sizeof(err)), -EROFS);
	}
	/* SWITCHING names its phase, on either side of the handover. */
	CU_ASSERT_EQUAL(ctl_takeover_change_check(&post, SRP_ST_SWITCHING,
		SRP_PH_FENCING, CTL_SESS_CHANGE_EXISTING, err, sizeof(err)),
		-EROFS);
	CU_ASSERT_STRING_EQUAL(err, "chassis is SWITCHING (fencing): session "
			       "changes are accepted on the active only");
	CU_ASSERT_EQUAL(ctl_takeover_change_check(&post, SRP_ST_SWITCHING,
		SRP_PH_PROMOTING, CTL_SESS_CHANGE_NEW, err, sizeof(err)),
		-EROFS);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "SWITCHING (promoting)"));
	CU_ASSERT_EQUAL(ctl_takeover_change_check(&post, SRP_ST_ACTIVE,
		SRP_PH_NONE, CTL_SESS_CHANGE_NEW, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(ctl_takeover_change_check(&post, SRP_ST_ACTIVE,
		SRP_PH_NONE, CTL_SESS_CHANGE_EXISTING, NULL, 0), 0);

	/* ACTIVE during the phases: new sessions wait (the error names
	 * the phase), existing ones change; a standby still refuses. */
	start(false, false, false, false);
	CU_ASSERT_EQUAL(ctl_takeover_change_check(&post, SRP_ST_ACTIVE,
		SRP_PH_NONE, CTL_SESS_CHANGE_NEW, err, sizeof(err)), -EAGAIN);
	CU_ASSERT_STRING_EQUAL(err, "switchover post-processing: "
			       "critical-flush");
	CU_ASSERT_EQUAL(ctl_takeover_change_check(&post, SRP_ST_ACTIVE,
		SRP_PH_NONE, CTL_SESS_CHANGE_EXISTING, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(ctl_takeover_change_check(&post, SRP_ST_STANDBY_READY,
		SRP_PH_NONE, CTL_SESS_CHANGE_EXISTING, err, sizeof(err)),
		-EROFS);
	/* control-outage-optimization: new sessions once the audit ended,
	 * while the accounting flush runs. */
	start(false, false, false, true);
	to_acct();
	CU_ASSERT_EQUAL(ctl_takeover_change_check(&post, SRP_ST_ACTIVE,
		SRP_PH_NONE, CTL_SESS_CHANGE_NEW, err, sizeof(err)), -EAGAIN);
	CU_ASSERT_STRING_EQUAL(err, "switchover post-processing: "
			       "accounting-flush");
	ctl_takeover_cond(&post, CTL_TAKEOVER_AUDIT);
	ctl_takeover_step(&post, T0 + 2);
	CU_ASSERT_EQUAL(ctl_takeover_change_check(&post, SRP_ST_ACTIVE,
		SRP_PH_NONE, CTL_SESS_CHANGE_NEW, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(srp_fsm_phase_str(SRP_PH_NONE), "none");
}

static CU_TestInfo tests[] = {
	{ "test_ctl_srp_post_order_and_durations",
	  test_ctl_srp_post_order_and_durations },
	{ "test_ctl_srp_post_guard_ends_phase",
	  test_ctl_srp_post_guard_ends_phase },
	{ "test_ctl_srp_post_terminate", test_ctl_srp_post_terminate },
	{ "test_ctl_srp_post_data_mode_per_option",
	  test_ctl_srp_post_data_mode_per_option },
	{ "test_ctl_srp_post_create_gate", test_ctl_srp_post_create_gate },
	{ "test_ctl_srp_post_change_gate", test_ctl_srp_post_change_gate },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_takeover", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
