/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the module list (core/ctl_module.c): rank order at start,
 * reverse order at stop, roll-back of the started modules when one fails,
 * and that the srpgw binary's features all registered. Runs without EAL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "core/ctl_module.h"
#include "support/ut_run.h"

#define LOG_MAX 32

static char trace[LOG_MAX][16];
static unsigned int n_trace;
static const char *fail_name;

static void
note(const char *what, const char *name)
{
	if (n_trace < LOG_MAX)
		snprintf(trace[n_trace++], sizeof(trace[0]), "%s:%s", what,
			 name);
}

#define TEST_MODULE(id, rk)						\
	static int							\
	id##_init(const struct ctl_module_ctx *ctx)			\
	{								\
		(void)ctx;						\
		note("init", #id);					\
		return fail_name != NULL &&				\
		       strcmp(fail_name, #id) == 0 ? -EIO : 0;		\
	}								\
	static void							\
	id##_fini(void)							\
	{								\
		note("fini", #id);					\
	}								\
	static struct ctl_module id##_mod = {				\
		.name = #id, .rank = (rk),				\
		.init = id##_init, .fini = id##_fini,			\
	};

/* Registered out of rank order on purpose; b1 and b2 share a rank. */
TEST_MODULE(c, 30)
TEST_MODULE(a, 10)
TEST_MODULE(b1, 20)
TEST_MODULE(b2, 20)

static int
module_suite_init(void)
{
	ctl_module_register(&c_mod);
	ctl_module_register(&a_mod);
	ctl_module_register(&b1_mod);
	ctl_module_register(&b2_mod);
	return 0;
}

static void
expect(const char *const *want, unsigned int n)
{
	unsigned int i;

	CU_ASSERT_EQUAL_FATAL(n_trace, n);
	for (i = 0; i < n; i++)
		CU_ASSERT_STRING_EQUAL(trace[i], want[i]);
}

static void
test_order(void)
{
	static const char *const want[] = {
		"init:a", "init:b1", "init:b2", "init:c",
		"fini:c", "fini:b2", "fini:b1", "fini:a",
	};
	struct ctl_module_ctx ctx = { 0 };

	n_trace = 0;
	fail_name = NULL;
	CU_ASSERT_EQUAL(ctl_modules_init(&ctx), 0);
	ctl_modules_fini();
	/* A second stop stops nothing. */
	ctl_modules_fini();
	expect(want, 8);
}

static void
test_rollback(void)
{
	static const char *const want[] = {
		"init:a", "init:b1", "init:b2", "fini:b1", "fini:a",
	};
	struct ctl_module_ctx ctx = { 0 };

	n_trace = 0;
	fail_name = "b2";
	CU_ASSERT_EQUAL(ctl_modules_init(&ctx), -EIO);
	/* The failed module is not stopped, and nothing else is left. */
	ctl_modules_fini();
	expect(want, 5);
}

static void
test_find(void)
{
	CU_ASSERT_PTR_EQUAL(ctl_module_find("b1"), &b1_mod);
	CU_ASSERT_PTR_NULL(ctl_module_find("nope"));
}

/* The gateway binary carries every feature's module (whole archive). */
static void
test_binary_registers_features(void)
{
	static const char *const names[] = {
		"cmds", "alarm", "net", "sess", "pfcp", "srp", "mon", "xdp", "api",
	};
	const char *nm = getenv("SRPGW_BIN");
	char cmd[4300], line[256];
	unsigned int i, found = 0;
	FILE *p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(nm);
	snprintf(cmd, sizeof(cmd), "nm '%s'", nm);
	p = popen(cmd, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	while (fgets(line, sizeof(line), p) != NULL)
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			char sym[64];

			snprintf(sym, sizeof(sym), " %s_module\n", names[i]);
			if (strstr(line, sym) != NULL)
				found |= 1u << i;
		}
	CU_ASSERT_EQUAL(pclose(p), 0);
	CU_ASSERT_EQUAL(found, (1u << (sizeof(names) / sizeof(names[0]))) - 1);
}

int
main(void)
{
	static CU_TestInfo tests[] = {
		{ "order", test_order },
		{ "rollback", test_rollback },
		{ "find", test_find },
		{ "binary_registers_features", test_binary_registers_features },
		CU_TEST_INFO_NULL,
	};
	static CU_SuiteInfo suites[] = {
		{ "ctl_module", module_suite_init, NULL, NULL, NULL, tests },
		CU_SUITE_INFO_NULL,
	};

	return ut_run(suites);
}
