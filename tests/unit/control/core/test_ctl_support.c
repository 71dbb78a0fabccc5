/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the pure parts of the support bundle: secret masking
 * (configuration lines and "Name : value" output) and the recent-log ring
 * (wrap-around, whole lines only, stamps, short copies).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "core/ctl_logring.h"
#include "core/ctl_support.h"
#include "support/ut_run.h"

#define TEST_ALARM_S	30

/* Mask @in; check the result is @want with @n values masked. */
static void
test_mask_is(const char *in, const char *want, unsigned int n)
{
	unsigned int got = 99;
	char *out = ctl_support_mask(in, &got);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_STRING_EQUAL(out, want);
	CU_ASSERT_EQUAL(got, n);
	free(out);
}

static void
test_ctl_support_mask_config_lines(void)
{
	test_mask_is("      authentication encrypted key 0a1b2c3d\n",
		     "      authentication encrypted key ********\n", 1);
	test_mask_is("authentication key alpha-key\n",
		     "authentication key ********\n", 1);
	test_mask_is("radius server 192.0.2.9 encrypted key 01ab port 1812\n"
		     "radius server 192.0.2.8 key plain port 1812\n",
		     "radius server 192.0.2.9 encrypted key ******** port 1812\n"
		     "radius server 192.0.2.8 key ******** port 1812\n", 2);
	test_mask_is("mn-ha-spi spi-number 256 encrypted secret 6c93f796 "
		     "hash-algorithm md5\n",
		     "mn-ha-spi spi-number 256 encrypted secret ******** "
		     "hash-algorithm md5\n", 1);
	/* The SNMP community is the trap receiver's password. */
	test_mask_is("  snmp target nms 192.0.2.7 port 162 community pub-1\n",
		     "  snmp target nms 192.0.2.7 port 162 community ********\n",
		     1);
}

static void
test_ctl_support_mask_reply_text(void)
{
	test_mask_is("  Key : abc\n  Password: x y\n",
		     "  Key : ********\n  Password: ******** y\n", 2);
	test_mask_is("secret=zzz\n", "secret=zzz\n", 0);
	test_mask_is("tab\tkey\tv1\n", "tab\tkey\t********\n", 1);
}

static void
test_ctl_support_mask_keeps_the_rest(void)
{
	/* A keyword at a line's end masks nothing on the next line. */
	test_mask_is("key\nvalue\n", "key\nvalue\n", 0);
	test_mask_is("keys hotkey monkey x\n", "keys hotkey monkey x\n", 0);
	test_mask_is("", "", 0);
	test_mask_is("no newline at the end key k", "no newline at the end "
		     "key ********", 1);
}

static void
test_ctl_logring_keeps_newest_whole_lines(void)
{
	struct ctl_logring r;
	char out[256];
	size_t n;
	int i;

	CU_ASSERT_EQUAL_FATAL(ctl_logring_init(&r, 64), 0);
	ctl_logring_put(&r, "one\n", 4, NULL);
	n = ctl_logring_copy(&r, out, sizeof(out));
	CU_ASSERT_EQUAL(n, 4);
	CU_ASSERT_STRING_EQUAL(out, "one\n");
	/* 20 lines of 10 bytes through a 64-byte ring: the last 5 whole
	 * lines that fit stay, the first cut one goes. */
	for (i = 0; i < 20; i++) {
		char line[16];

		snprintf(line, sizeof(line), "line %04d\n", i);
		ctl_logring_put(&r, line, strlen(line), NULL);
	}
	n = ctl_logring_copy(&r, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "line 0014\nline 0015\nline 0016\n"
			       "line 0017\nline 0018\nline 0019\n");
	CU_ASSERT_EQUAL(n, 60);
	/* A short destination keeps the newest whole lines. */
	n = ctl_logring_copy(&r, out, 25);
	CU_ASSERT_STRING_EQUAL(out, "line 0018\nline 0019\n");
	CU_ASSERT_EQUAL(ctl_logring_copy(&r, out, 1), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	ctl_logring_free(&r);
}

static void
test_ctl_logring_stamps_each_line(void)
{
	struct ctl_logring r;
	char out[256];

	CU_ASSERT_EQUAL_FATAL(ctl_logring_init(&r, 128), 0);
	/* A line written in two pieces gets one stamp. */
	ctl_logring_put(&r, "a ", 2, "T1");
	ctl_logring_put(&r, "b\nc\n", 4, "T2");
	ctl_logring_copy(&r, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "[T1] a b\n[T2] c\n");
	ctl_logring_free(&r);
	CU_ASSERT_EQUAL(ctl_logring_init(&r, 8), -EINVAL);
}

static void
test_ctl_logring_put_larger_than_ring(void)
{
	struct ctl_logring r;
	char big[300], out[256];

	CU_ASSERT_EQUAL_FATAL(ctl_logring_init(&r, 64), 0);
	memset(big, 'x', sizeof(big));
	big[149] = '\n';
	big[sizeof(big) - 1] = '\n';
	ctl_logring_put(&r, big, sizeof(big), NULL);
	/* The ring holds the tail of one long line: no whole line. */
	CU_ASSERT_EQUAL(ctl_logring_copy(&r, out, sizeof(out)), 0);
	ctl_logring_put(&r, "end\n", 4, NULL);
	CU_ASSERT_STRING_EQUAL((ctl_logring_copy(&r, out, sizeof(out)), out),
			       "end\n");
	ctl_logring_free(&r);
}

#define TEST(fn) { #fn, fn }

static CU_TestInfo test_ctl_support_tests[] = {
	TEST(test_ctl_support_mask_config_lines),
	TEST(test_ctl_support_mask_reply_text),
	TEST(test_ctl_support_mask_keeps_the_rest),
	TEST(test_ctl_logring_keeps_newest_whole_lines),
	TEST(test_ctl_logring_stamps_each_line),
	TEST(test_ctl_logring_put_larger_than_ring),
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo test_ctl_support_suites[] = {
	{ "ctl_support", NULL, NULL, NULL, NULL, test_ctl_support_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	alarm(TEST_ALARM_S);
	return ut_run(test_ctl_support_suites);
}
