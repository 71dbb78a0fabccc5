/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CUnit tests of the post-switchover audit's checks and purge
 * (control/srp/ctl_takeover_audit.c) with EAL up (suite "eal"): each
 * reason the table gives, the purge through the delete path with and
 * without graceful cleanup, and the "debug session-corrupt" hook (its
 * refusals change nothing). The PFCP reasons' rule checks are in
 * test_pfcp_map. Context: test main thread.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include <rte_lcore.h>

#include "core/ctl_api.h"
#include "sess/ctl_sess.h"
#include "srp/ctl_takeover_audit.h"
#include "sess_table.h"
#include "support/ut_api.h"
#include "support/ut_eal.h"

#define CAP	32

static struct sess_table *tbl;

/* Every peer is reachable through neighbour 5 (a fake: no neighbour
 * table exists, so a notice finds no resolved neighbour). */
static int
fake_nh_get(uint8_t af, const uint8_t *a, uint16_t *nh_id)
{
	(void)af;
	(void)a;
	*nh_id = 5;
	return 0;
}

static void
fake_nh_put(uint16_t nh_id)
{
	(void)nh_id;
}

static void
mk(uint32_t teid, bool tunnel)
{
	struct sess_params p;
	char err[CTL_SESS_ERR_LEN];

	memset(&p, 0, sizeof(p));
	p.teid_local = teid;
	p.has_ue4 = true;
	p.ue4[0] = 10;
	p.ue4[3] = (uint8_t)teid;
	if (tunnel) {
		p.peer_af = 4;
		p.peer_addr[0] = 192;
		p.peer_addr[3] = 1;
		p.teid_remote = 0x1000 + teid;
	} else {
		p.flags = SESS_F_DL_DROP;
	}
	CU_ASSERT_EQUAL_FATAL(ctl_sess_create(&p, err, sizeof(err)), 0);
}

static void
test_ctl_audit_reason_names(void)
{
	unsigned int r;

	for (r = CTL_PURGE_TABLE; r < CTL_PURGE_REASON_MAX; r++)
		CU_ASSERT_EQUAL(ctl_purge_reason_parse(
			ctl_purge_reason_str((enum ctl_purge_reason)r)), r);
	CU_ASSERT_EQUAL(ctl_purge_reason_parse("ok"), CTL_PURGE_OK);
	CU_ASSERT_EQUAL(ctl_purge_reason_parse("bogus"), CTL_PURGE_OK);
	CU_ASSERT_STRING_EQUAL(ctl_purge_reason_str(CTL_PURGE_REASON_MAX),
			       "?");
}

/* The table's reasons: its rules broken, or the slot not holding it. */
static void
test_ctl_audit_check_table(void)
{
	const struct sess *x;

	mk(11, true);
	x = sess_table_lookup_teid(tbl, 11);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(ctl_purge_check(x, x->slot), CTL_PURGE_OK);
	CU_ASSERT_EQUAL(ctl_purge_check(x, x->slot + 1), CTL_PURGE_TABLE);
	/* Not a PFCP session: the PFCP damage is refused. */
	CU_ASSERT_EQUAL(ctl_purge_corrupt(11, CTL_PURGE_PFCP_RULES), -ENOENT);
	CU_ASSERT_EQUAL(ctl_purge_corrupt(11, CTL_PURGE_PFCP_MISMATCH),
			-ENOENT);
	CU_ASSERT_EQUAL(ctl_purge_corrupt(999, CTL_PURGE_TABLE), -ENOENT);
	CU_ASSERT_EQUAL(ctl_purge_corrupt(11, CTL_PURGE_OK), -EINVAL);
	CU_ASSERT_EQUAL(ctl_purge_corrupt(11, CTL_PURGE_TABLE), 0);
	x = sess_table_lookup_teid(tbl, 11);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(ctl_purge_check(x, x->slot), CTL_PURGE_TABLE);
	CU_ASSERT_EQUAL(sess_table_count(tbl), 1);
}

/* Purges go through the delete path; notices only with graceful. */
static void
test_ctl_audit_purge(void)
{
	struct ctl_purge_stats st;
	const struct sess *x;
	struct sess_params p;

	memset(&st, 0, sizeof(st));
	x = sess_table_lookup_teid(tbl, 11);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	p = x->p;
	CU_ASSERT_EQUAL(ctl_purge_session(&p, CTL_PURGE_TABLE, false, &st), 0);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(tbl, 11));
	CU_ASSERT_EQUAL(st.purged[CTL_PURGE_TABLE], 1);
	CU_ASSERT_EQUAL(st.notified_errind + st.notify_unavailable +
			st.notify_failed, 0);
	/* Again: the session is gone, the delete refuses, counted. */
	CU_ASSERT_EQUAL(ctl_purge_session(&p, CTL_PURGE_TABLE, false, &st),
			-ENOENT);
	CU_ASSERT_EQUAL(st.purge_failed, 1);
	CU_ASSERT_EQUAL(st.purged[CTL_PURGE_TABLE], 1);
	/* Graceful: without a data plane the Error Indication cannot
	 * leave (failed); a session without a tunnel has no peer to tell. */
	mk(12, true);
	mk(13, false);
	p = sess_table_lookup_teid(tbl, 12)->p;
	CU_ASSERT_EQUAL(ctl_purge_session(&p, CTL_PURGE_TABLE, true, &st), 0);
	p = sess_table_lookup_teid(tbl, 13)->p;
	CU_ASSERT_EQUAL(ctl_purge_session(&p, CTL_PURGE_TABLE, true, &st), 0);
	CU_ASSERT_EQUAL(st.notify_failed, 1);
	CU_ASSERT_EQUAL(st.notify_unavailable, 1);
	CU_ASSERT_EQUAL(st.notified_errind, 0);
	CU_ASSERT_EQUAL(st.purged[CTL_PURGE_TABLE], 3);
	CU_ASSERT_EQUAL(sess_table_count(tbl), 0);
}

/* The hook: malformed and unswitched requests change nothing. */
static void
test_ctl_audit_hook(void)
{
	static const char *const bad[] = {
		"debug session-corrupt",
		"debug session-corrupt 21",
		"debug session-corrupt 21 nonsense",
		"debug session-corrupt x21 table",
		"debug session-corrupt 21 table extra",
	};
	char buf[1024];
	const struct sess *x;
	struct sess_params p0;
	unsigned int i;

	mk(21, true);
	p0 = sess_table_lookup_teid(tbl, 21)->p;
	for (i = 0; i < RTE_DIM(bad); i++) {
		CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf), bad[i]), -EINVAL);
		CU_ASSERT_PTR_NOT_NULL(strstr(buf, "expected: debug "
					      "session-corrupt"));
	}
	unsetenv("SRPGW_TEST_HOOKS");
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf), "debug session-corrupt 21 table"),
			-EPERM);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "SRPGW_TEST_HOOKS=1"));
	x = sess_table_lookup_teid(tbl, 21);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(memcmp(&x->p, &p0, sizeof(p0)), 0);
	setenv("SRPGW_TEST_HOOKS", "1", 1);
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "debug session-corrupt 22 table"), -ENOENT);
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "debug session-corrupt 21 pfcp-rules"), -ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "no such PFCP session"));
	x = sess_table_lookup_teid(tbl, 21);
	CU_ASSERT_EQUAL(memcmp(&x->p, &p0, sizeof(p0)), 0);
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "debug session-corrupt 21 table"), 0);
	x = sess_table_lookup_teid(tbl, 21);
	CU_ASSERT_EQUAL(ctl_purge_check(x, x->slot), CTL_PURGE_TABLE);
	unsetenv("SRPGW_TEST_HOOKS");
}

static int
suite_init(void)
{
	struct ctl_sess_opts o = { .nh_get = fake_nh_get,
				   .nh_put = fake_nh_put };

	ctl_api_reset();
	tbl = sess_table_create(CAP, 1, (int)rte_socket_id());
	if (tbl == NULL || ctl_sess_init_opts(tbl, NULL, &o) != 0)
		return -1;
	return ctl_purge_cmd_register() == 0 ? 0 : -1;
}

static int
suite_clean(void)
{
	ctl_sess_fini();
	sess_table_free(tbl);
	return 0;
}

static CU_TestInfo audit_tests[] = {
	{ "reason_names", test_ctl_audit_reason_names },
	{ "check_table", test_ctl_audit_check_table },
	{ "purge", test_ctl_audit_purge },
	{ "hook", test_ctl_audit_hook },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_audit", suite_init, suite_clean, NULL, NULL, audit_tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	char *eal_args[] = { UT_EAL_ARGS_NO_PORTS, NULL };

	(void)argc;
	return ut_eal_main(argv[0], "t_ctl_audit_", eal_args, suites);
}
