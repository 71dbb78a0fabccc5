/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the service monitor framework (control/mon/ctl_mon.c):
 * the chapter's failure rules per kind (BGP: every peer of a context, or
 * every peer of one group; AAA: no server; Diameter: every peer of an
 * endpoint), the verdict hook told exactly on changes, counters, and
 * "show srp monitor" with its bad arguments. Runs without EAL and without
 * engines' peers (targets are driven through ctl_mon_report()).
 */
#include <errno.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "conf/ctl_conf.h"
#include "core/ctl_api.h"
#include "core/ctl_reply.h"
#include "mon/ctl_mon.h"
#include "mon/ctl_mon_int.h"
#include "support/ut_run.h"

#define CONF_TEXT \
	"config\n" \
	"  context srp\n" \
	"    service-redundancy-protocol\n" \
	"      chassis-mode primary\n" \
	"      bind address 192.0.2.1\n" \
	"      peer-ip-address 192.0.2.2\n" \
	"      monitor bgp context pgw 10.1.1.16 group 1\n" \
	"      monitor bgp context pgw 10.1.1.17 group 1\n" \
	"      monitor bgp context pgw 10.2.2.1 group 2\n" \
	"      monitor bgp context pgw 10.2.2.2 group 2\n" \
	"      monitor bgp context other 10.3.3.1\n" \
	"      monitor authentication-probe context aaa 10.4.4.1\n" \
	"      monitor authentication-probe context aaa 10.4.4.2 port 1645\n" \
	"    #exit\n" \
	"  #exit\n" \
	"end\n"

static struct ctl_conf conf;
static unsigned int n_verdicts;
static enum srp_monitor_kind last_kind;
static bool last_failed;

static void
verdict(enum srp_monitor_kind kind, bool failed)
{
	n_verdicts++;
	last_kind = kind;
	last_failed = failed;
}

/* Target of the line "ADDR" (kind's address), or a failed test. */
static unsigned int
target(const char *addr)
{
	unsigned int i;
	char buf[160];

	for (i = 0; i < ctl_mon_count(); i++) {
		ctl_mon_target_name(ctl_mon_target(i)->conf, buf, sizeof(buf));
		if (strstr(buf, addr) != NULL)
			return i;
	}
	CU_FAIL("no such target");
	return 0;
}

static void
start(void)
{
	char err[512];

	CU_ASSERT_EQUAL_FATAL(ctl_conf_parse(CONF_TEXT, "t", &conf, err,
					     sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(ctl_mon_init(&conf, NULL), 0);
	CU_ASSERT_EQUAL(ctl_mon_count(), 7);
	n_verdicts = 0;
	ctl_mon_verdict_set(verdict);
}

static void
test_ctl_mon_bgp_groups(void)
{
	start();
	/* Everything up: nothing failed, nobody told. */
	ctl_mon_report(target("10.1.1.16"), CTL_MON_UP, "established");
	ctl_mon_report(target("10.1.1.17"), CTL_MON_UP, NULL);
	ctl_mon_report(target("10.2.2.1"), CTL_MON_UP, NULL);
	ctl_mon_report(target("10.2.2.2"), CTL_MON_UP, NULL);
	CU_ASSERT_FALSE(ctl_mon_failed(SRP_MON_BGP));
	CU_ASSERT_EQUAL(n_verdicts, 0);
	/* One of two peers of group 1 down: not failed. */
	ctl_mon_report(target("10.1.1.16"), CTL_MON_DOWN, "idle");
	CU_ASSERT_FALSE(ctl_mon_failed(SRP_MON_BGP));
	CU_ASSERT_EQUAL(n_verdicts, 0);
	CU_ASSERT_EQUAL(ctl_mon_target(target("10.1.1.16"))->n_down, 1);
	CU_ASSERT_STRING_EQUAL(ctl_mon_target(target("10.1.1.16"))->detail,
			       "idle");
	/* The whole group 1 down: failed, told once. */
	ctl_mon_report(target("10.1.1.17"), CTL_MON_DOWN, NULL);
	CU_ASSERT_TRUE(ctl_mon_failed(SRP_MON_BGP));
	CU_ASSERT_TRUE(ctl_mon_any_failed());
	CU_ASSERT_EQUAL(n_verdicts, 1);
	CU_ASSERT_EQUAL(last_kind, SRP_MON_BGP);
	CU_ASSERT_TRUE(last_failed);
	/* The same state again changes nothing. */
	ctl_mon_report(target("10.1.1.17"), CTL_MON_DOWN, NULL);
	CU_ASSERT_EQUAL(n_verdicts, 1);
	/* Group 1 back: recovered, told. */
	ctl_mon_report(target("10.1.1.16"), CTL_MON_UP, NULL);
	CU_ASSERT_FALSE(ctl_mon_failed(SRP_MON_BGP));
	CU_ASSERT_EQUAL(n_verdicts, 2);
	CU_ASSERT_FALSE(last_failed);
	/* Context "other" (one peer, no group): its peer down fails it. */
	ctl_mon_report(target("10.3.3.1"), CTL_MON_DOWN, NULL);
	CU_ASSERT_TRUE(ctl_mon_failed(SRP_MON_BGP));
	CU_ASSERT_EQUAL(n_verdicts, 3);
	ctl_mon_fini();
}

static void
test_ctl_mon_aaa_all_servers(void)
{
	start();
	/* Unknown (never probed) is not down. */
	ctl_mon_report(target("10.4.4.1"), CTL_MON_DOWN, "3 retries");
	CU_ASSERT_FALSE(ctl_mon_failed(SRP_MON_AUTH_PROBE));
	ctl_mon_report(target("10.4.4.2"), CTL_MON_DOWN, NULL);
	CU_ASSERT_TRUE(ctl_mon_failed(SRP_MON_AUTH_PROBE));
	CU_ASSERT_EQUAL(n_verdicts, 1);
	CU_ASSERT_EQUAL(last_kind, SRP_MON_AUTH_PROBE);
	/* A standby does not probe: idle is not down. */
	ctl_mon_report(target("10.4.4.2"), CTL_MON_IDLE, NULL);
	CU_ASSERT_FALSE(ctl_mon_failed(SRP_MON_AUTH_PROBE));
	CU_ASSERT_FALSE(ctl_mon_failed(SRP_MON_DIAMETER));
	/* Out of range: ignored. */
	ctl_mon_report(99, CTL_MON_DOWN, NULL);
	CU_ASSERT_PTR_NULL(ctl_mon_target(99));
	ctl_mon_fini();
}

static void
test_ctl_mon_show(void)
{
	char *argv_ok[] = { "show", "srp", "monitor", "bgp" };
	char *argv_bad[] = { "show", "srp", "monitor", "bogus" };
	struct ctl_reply *out;
	const char *text;
	size_t len;

	start();
	ctl_mon_report(target("10.2.2.1"), CTL_MON_DOWN, "active");
	out = ctl_reply_new(CTL_REPLY_JSON);
	CU_ASSERT_EQUAL(ctl_api_dispatch(4, argv_ok, out), 0);
	text = ctl_reply_finish(out, &len);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "pgw 10.2.2.1 group 2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"down\""));
	CU_ASSERT_PTR_NULL(strstr(text, "authentication-probe\","));
	ctl_reply_free(out);
	out = ctl_reply_new(CTL_REPLY_JSON);
	CU_ASSERT_TRUE(ctl_api_dispatch(4, argv_bad, out) < 0);
	text = ctl_reply_finish(out, &len);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "authentication-probe"));
	ctl_reply_free(out);
	ctl_mon_fini();
}

/* The mbuf-exhaustion rule: short below the floor or on rx_nombuf
 * growth, a fault only after CTL_MON_MBUF_CHECKS short checks in a row. */
static void
test_ctl_mon_mbuf_rule(void)
{
	struct ctl_mon_mbuf_rule r = { .last_nombuf = 5 };
	unsigned int i;

	/* Plenty free, rx_nombuf still: never a fault. */
	for (i = 0; i < 10; i++)
		CU_ASSERT_FALSE(ctl_mon_mbuf_check(&r, 1000, 64, 5));
	/* Below the floor: a fault at the third check, not before. */
	CU_ASSERT_FALSE(ctl_mon_mbuf_check(&r, 63, 64, 5));
	CU_ASSERT_FALSE(ctl_mon_mbuf_check(&r, 0, 64, 5));
	CU_ASSERT_TRUE(ctl_mon_mbuf_check(&r, 10, 64, 5));
	CU_ASSERT_TRUE(ctl_mon_mbuf_check(&r, 10, 64, 5));
	/* One good check clears it; the count starts again. */
	CU_ASSERT_FALSE(ctl_mon_mbuf_check(&r, 64, 64, 5));
	CU_ASSERT_FALSE(ctl_mon_mbuf_check(&r, 0, 64, 5));
	CU_ASSERT_FALSE(ctl_mon_mbuf_check(&r, 64, 64, 5));
	/* Enough free (a worker cycling its cache shows no shortage in the
	 * store) but rx_nombuf grows every check: a fault. */
	CU_ASSERT_FALSE(ctl_mon_mbuf_check(&r, 500, 64, 6));
	CU_ASSERT_FALSE(ctl_mon_mbuf_check(&r, 500, 64, 9));
	CU_ASSERT_TRUE(ctl_mon_mbuf_check(&r, 500, 64, 10));
	/* rx_nombuf standing still: cleared. */
	CU_ASSERT_FALSE(ctl_mon_mbuf_check(&r, 500, 64, 10));
	/* A counter reset (smaller) is not growth. */
	CU_ASSERT_FALSE(ctl_mon_mbuf_check(&r, 500, 64, 0));
	CU_ASSERT_FALSE(ctl_mon_mbuf_check(&r, 500, 64, 0));
	CU_ASSERT_FALSE(ctl_mon_mbuf_check(&r, 500, 64, 0));
	CU_ASSERT_EQUAL(r.last_nombuf, 0);
}

/* Dispatch "debug mbuf-hold ARG..." and return its result. */
static int
mbuf_hold(int argc, char **argv)
{
	struct ctl_reply *out = ctl_reply_new(CTL_REPLY_JSON);
	int ret = ctl_api_dispatch(argc, argv, out);

	ctl_reply_free(out);
	return ret;
}

/* The test hook: bad arguments refused; "on" refused without a watched
 * pool (no data plane here); "off" with nothing held is harmless. */
static void
test_ctl_mon_mbuf_hold_args(void)
{
	char *none[] = { "debug", "mbuf-hold" };
	char *bogus[] = { "debug", "mbuf-hold", "maybe" };
	char *two[] = { "debug", "mbuf-hold", "on", "on" };
	char *on[] = { "debug", "mbuf-hold", "on" };
	char *off[] = { "debug", "mbuf-hold", "off" };

	start();
	CU_ASSERT_EQUAL(mbuf_hold(2, none), -EINVAL);
	CU_ASSERT_EQUAL(mbuf_hold(3, bogus), -EINVAL);
	CU_ASSERT_EQUAL(mbuf_hold(4, two), -EINVAL);
	CU_ASSERT_EQUAL(mbuf_hold(3, on), -EPERM);
	CU_ASSERT_EQUAL(mbuf_hold(3, off), 0);
	CU_ASSERT_EQUAL(mbuf_hold(3, off), 0);
	ctl_mon_fini();
}

static CU_TestInfo mon_tests[] = {
	{ "mbuf_rule", test_ctl_mon_mbuf_rule },
	{ "mbuf_hold_args", test_ctl_mon_mbuf_hold_args },
	{ "bgp_groups", test_ctl_mon_bgp_groups },
	{ "aaa_all_servers", test_ctl_mon_aaa_all_servers },
	{ "show", test_ctl_mon_show },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_mon", NULL, NULL, NULL, NULL, mon_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
