/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the structured output (ctl_reply): exact TEXT and JSON
 * renderings, escaping, error and block output, and the telemetry backend
 * (which needs only librte_telemetry's data functions, no EAL).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include <rte_telemetry.h>

#include "core/ctl_reply.h"
#include "support/ut_run.h"

/*
 * A small strict JSON validator (RFC 8259 grammar), so that every JSON
 * rendering in these tests is checked for validity, not only compared.
 */
struct test_json {
	const char	*p;
	int		depth;
};

static bool test_json_value(struct test_json *j);

static void
test_json_ws(struct test_json *j)
{
	while (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r')
		j->p++;
}

static bool
test_json_hex4(const char *p)
{
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		      (c >= 'A' && c <= 'F')))
			return false;
	}
	return true;
}

static bool
test_json_string(struct test_json *j)
{
	if (*j->p != '"')
		return false;
	j->p++;
	while (*j->p != '"') {
		unsigned char c = (unsigned char)*j->p;

		if (c == '\0' || c < 0x20)
			return false;
		if (c == '\\') {
			j->p++;
			if (*j->p == 'u') {
				if (!test_json_hex4(j->p + 1))
					return false;
				j->p += 5;
				continue;
			}
			if (strchr("\"\\/bfnrt", *j->p) == NULL || *j->p == '\0')
				return false;
		}
		j->p++;
	}
	j->p++;
	return true;
}

static bool
test_json_number(struct test_json *j)
{
	const char *start;

	if (*j->p == '-')
		j->p++;
	start = j->p;
	if (*j->p == '0') {
		j->p++;
	} else {
		while (*j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	return j->p > start;
}

static bool
test_json_container(struct test_json *j, char close, bool obj)
{
	if (++j->depth > 64)
		return false;
	j->p++;
	test_json_ws(j);
	if (*j->p == close) {
		j->p++;
		j->depth--;
		return true;
	}
	for (;;) {
		test_json_ws(j);
		if (obj) {
			if (!test_json_string(j))
				return false;
			test_json_ws(j);
			if (*j->p++ != ':')
				return false;
		}
		if (!test_json_value(j))
			return false;
		test_json_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		if (*j->p != close)
			return false;
		j->p++;
		j->depth--;
		return true;
	}
}

static bool
test_json_value(struct test_json *j)
{
	test_json_ws(j);
	switch (*j->p) {
	case '{':
		return test_json_container(j, '}', true);
	case '[':
		return test_json_container(j, ']', false);
	case '"':
		return test_json_string(j);
	case 't':
		return strncmp(j->p, "true", 4) == 0 && (j->p += 4);
	case 'f':
		return strncmp(j->p, "false", 5) == 0 && (j->p += 5);
	case 'n':
		return strncmp(j->p, "null", 4) == 0 && (j->p += 4);
	default:
		return test_json_number(j);
	}
}

/* One JSON object and nothing else but whitespace. */
static bool
test_json_valid(const char *s)
{
	struct test_json j = { .p = s };

	test_json_ws(&j);
	if (*j.p != '{' || !test_json_value(&j))
		return false;
	test_json_ws(&j);
	return *j.p == '\0';
}

/* A representative show output. */
static void
test_fill(struct ctl_reply *out)
{
	ctl_reply_str(out, "name", "gw1");
	ctl_reply_u64(out, "rx_packets", 18446744073709551615ULL);
	ctl_reply_bool(out, "enabled", true);
	ctl_reply_obj_begin(out, "peer");
	ctl_reply_str(out, "address", "10.0.0.2");
	ctl_reply_i64(out, "offset", -5);
	ctl_reply_obj_end(out);
	ctl_reply_arr_begin(out, "ports");
	ctl_reply_obj_begin(out, NULL);
	ctl_reply_str(out, "name", "p0");
	ctl_reply_u64(out, "rx_packets", 1);
	ctl_reply_obj_end(out);
	ctl_reply_obj_begin(out, NULL);
	ctl_reply_str(out, "name", "p1");
	ctl_reply_u64(out, "rx_packets", 2);
	ctl_reply_obj_end(out);
	ctl_reply_arr_end(out);
	ctl_reply_arr_begin(out, "addresses");
	ctl_reply_str(out, "ignored", "10.0.0.1");
	ctl_reply_str(out, NULL, "10.0.0.3");
	ctl_reply_arr_end(out);
	ctl_reply_arr_begin(out, "empty");
	ctl_reply_arr_end(out);
}

static const char test_fill_text[] =
	"Name       : gw1\n"
	"Rx packets : 18446744073709551615\n"
	"Enabled    : yes\n"
	"Peer:\n"
	"  Address : 10.0.0.2\n"
	"  Offset  : -5\n"
	"Ports:\n"
	"  Name       : p0\n"
	"  Rx packets : 1\n"
	"\n"
	"  Name       : p1\n"
	"  Rx packets : 2\n"
	"Addresses  : 10.0.0.1, 10.0.0.3\n"
	"Empty      : (none)\n";

static const char test_fill_json[] =
	"{\n"
	"  \"name\": \"gw1\",\n"
	"  \"rx_packets\": 18446744073709551615,\n"
	"  \"enabled\": true,\n"
	"  \"peer\": {\n"
	"    \"address\": \"10.0.0.2\",\n"
	"    \"offset\": -5\n"
	"  },\n"
	"  \"ports\": [\n"
	"    {\n"
	"      \"name\": \"p0\",\n"
	"      \"rx_packets\": 1\n"
	"    },\n"
	"    {\n"
	"      \"name\": \"p1\",\n"
	"      \"rx_packets\": 2\n"
	"    }\n"
	"  ],\n"
	"  \"addresses\": [\n"
	"    \"10.0.0.1\",\n"
	"    \"10.0.0.3\"\n"
	"  ],\n"
	"  \"empty\": []\n"
	"}\n";

static void
test_ctl_out_text_nested(void)
{
	struct ctl_reply *out = ctl_reply_new(CTL_REPLY_TEXT);
	const char *s;
	size_t len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT(ctl_reply_fmt(out) == CTL_REPLY_TEXT);
	test_fill(out);
	s = ctl_reply_finish(out, &len);
	CU_ASSERT_STRING_EQUAL(s, test_fill_text);
	CU_ASSERT(len == strlen(test_fill_text));
	CU_ASSERT(!ctl_reply_failed(out));
	/* Idempotent. */
	CU_ASSERT_STRING_EQUAL(ctl_reply_finish(out, NULL), test_fill_text);
	ctl_reply_free(out);
}

static void
test_ctl_out_text_deep_and_mixed_arrays(void)
{
	static const char want[] =
		"A:\n"
		"  B:\n"
		"    Long key name : x\n"
		"    K             : 1\n"
		"  C : no\n"
		"List:\n"
		"  one\n"
		"\n"
		"  Z : 7\n"
		"\n"
		"  1, 2\n";
	struct ctl_reply *out = ctl_reply_new(CTL_REPLY_TEXT);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	ctl_reply_obj_begin(out, "a");
	ctl_reply_obj_begin(out, "b");
	ctl_reply_str(out, "long_key_name", "x");
	ctl_reply_u64(out, "k", 1);
	ctl_reply_obj_end(out);
	ctl_reply_bool(out, "c", false);
	ctl_reply_obj_end(out);
	ctl_reply_arr_begin(out, "list");
	ctl_reply_str(out, NULL, "one");
	ctl_reply_obj_begin(out, NULL);
	ctl_reply_u64(out, "z", 7);
	ctl_reply_obj_end(out);
	ctl_reply_arr_begin(out, NULL);
	ctl_reply_u64(out, NULL, 1);
	ctl_reply_u64(out, NULL, 2);
	ctl_reply_arr_end(out);
	ctl_reply_arr_end(out);
	CU_ASSERT_STRING_EQUAL(ctl_reply_finish(out, NULL), want);
	ctl_reply_free(out);
}

static void
test_ctl_out_text_control_chars_masked(void)
{
	struct ctl_reply *out = ctl_reply_new(CTL_REPLY_TEXT);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	ctl_reply_str(out, "v", "a\nb\x1b[0m");
	CU_ASSERT_STRING_EQUAL(ctl_reply_finish(out, NULL), "V : a?b?[0m\n");
	ctl_reply_free(out);
}

static void
test_ctl_out_json_nested(void)
{
	struct ctl_reply *out = ctl_reply_new(CTL_REPLY_JSON);
	const char *s;
	size_t len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	test_fill(out);
	s = ctl_reply_finish(out, &len);
	CU_ASSERT_STRING_EQUAL(s, test_fill_json);
	CU_ASSERT(len == strlen(test_fill_json));
	CU_ASSERT(test_json_valid(s));
	ctl_reply_free(out);
}

static void
test_ctl_out_json_escapes(void)
{
	static const char want[] =
		"{\n"
		"  \"s\": \"q\\\"b\\\\n\\u000at\\u0009c\\u0001d\\u007f\",\n"
		"  \"utf8\": \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\",\n"
		"  \"bad\": \"a\\ufffdb\\ufffd\\ufffdc\\ufffd\\ufffd\",\n"
		"  \"k\\\"ey\": \"v\"\n"
		"}\n";
	struct ctl_reply *out = ctl_reply_new(CTL_REPLY_JSON);
	const char *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	ctl_reply_str(out, "s", "q\"b\\n\nt\tc\x01" "d\x7f");
	ctl_reply_str(out, "utf8", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	/* Stray continuation, overlong '/', truncated sequence at the end:
	 * each byte that is not part of a valid sequence becomes U+FFFD. */
	ctl_reply_str(out, "bad", "a\x80" "b\xc0\xaf" "c\xe2\x82");
	ctl_reply_str(out, "k\"ey", "v");
	s = ctl_reply_finish(out, NULL);
	CU_ASSERT_STRING_EQUAL(s, want);
	CU_ASSERT(test_json_valid(s));
	ctl_reply_free(out);
}

static void
test_ctl_out_json_finish_closes_levels(void)
{
	static const char want[] =
		"{\n"
		"  \"a\": {\n"
		"    \"b\": [\n"
		"      {\n"
		"        \"x\": 1\n"
		"      }\n"
		"    ]\n"
		"  }\n"
		"}\n";
	struct ctl_reply *out = ctl_reply_new(CTL_REPLY_JSON);
	const char *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	ctl_reply_obj_begin(out, "a");
	ctl_reply_arr_begin(out, "b");
	ctl_reply_obj_begin(out, NULL);
	ctl_reply_u64(out, "x", 1);
	s = ctl_reply_finish(out, NULL);
	CU_ASSERT_STRING_EQUAL(s, want);
	CU_ASSERT(test_json_valid(s));
	/* Writes after finish change nothing. */
	ctl_reply_u64(out, "late", 2);
	CU_ASSERT_STRING_EQUAL(ctl_reply_finish(out, NULL), want);
	ctl_reply_free(out);
}

static void
test_ctl_out_json_unbalanced_end_ignored(void)
{
	struct ctl_reply *out = ctl_reply_new(CTL_REPLY_JSON);
	const char *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	ctl_reply_obj_end(out);
	ctl_reply_arr_end(out);
	ctl_reply_u64(out, "x", 1);
	s = ctl_reply_finish(out, NULL);
	CU_ASSERT_STRING_EQUAL(s, "{\n  \"x\": 1\n}\n");
	ctl_reply_free(out);
}

static void
test_ctl_out_json_empty(void)
{
	struct ctl_reply *out = ctl_reply_new(CTL_REPLY_JSON);
	struct ctl_reply *txt = ctl_reply_new(CTL_REPLY_TEXT);
	size_t len = 99;

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(txt);
	CU_ASSERT_STRING_EQUAL(ctl_reply_finish(out, NULL), "{}\n");
	CU_ASSERT_STRING_EQUAL(ctl_reply_finish(txt, &len), "");
	CU_ASSERT(len == 0);
	ctl_reply_free(out);
	ctl_reply_free(txt);
}

static void
test_ctl_out_depth_limit_keeps_json_valid(void)
{
	struct ctl_reply *out = ctl_reply_new(CTL_REPLY_JSON);
	const char *s;
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	for (i = 0; i < 40; i++)
		ctl_reply_obj_begin(out, "d");
	ctl_reply_u64(out, "deep", 1);
	for (i = 0; i < 40; i++)
		ctl_reply_obj_end(out);
	ctl_reply_u64(out, "after", 2);
	s = ctl_reply_finish(out, NULL);
	CU_ASSERT(test_json_valid(s));
	CU_ASSERT_PTR_NULL(strstr(s, "\"deep\""));
	/* The closing ends of dropped levels did not close real ones. */
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "\n  \"after\": 2\n}\n"));
	CU_ASSERT(ctl_reply_n_dropped(out) == 1);
	ctl_reply_free(out);
}

static void
test_ctl_out_error_replaces_output(void)
{
	struct ctl_reply *txt = ctl_reply_new(CTL_REPLY_TEXT);
	struct ctl_reply *js = ctl_reply_new(CTL_REPLY_JSON);
	const char *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(txt);
	CU_ASSERT_PTR_NOT_NULL_FATAL(js);
	test_fill(txt);
	test_fill(js);
	ctl_reply_obj_begin(js, "open");
	CU_ASSERT(!ctl_reply_has_error(js));
	ctl_reply_error(txt, "no such port '%s' (%d)", "p9", 9);
	ctl_reply_error(js, "bad \"%s\"", "x");
	CU_ASSERT(ctl_reply_has_error(js));
	/* Only the first error counts; later writes are ignored. */
	ctl_reply_error(txt, "second");
	ctl_reply_u64(txt, "late", 1);
	ctl_reply_obj_end(js);
	CU_ASSERT_STRING_EQUAL(ctl_reply_finish(txt, NULL),
			       "Error: no such port 'p9' (9)\n");
	s = ctl_reply_finish(js, NULL);
	CU_ASSERT_STRING_EQUAL(s, "{\n  \"error\": \"bad \\\"x\\\"\"\n}\n");
	CU_ASSERT(test_json_valid(s));
	ctl_reply_free(txt);
	ctl_reply_free(js);
}

static void
test_ctl_out_block_text_and_json(void)
{
	static const char conf[] = "config\n  context srp\n\tend\n";
	struct ctl_reply *txt = ctl_reply_new(CTL_REPLY_TEXT);
	struct ctl_reply *js = ctl_reply_new(CTL_REPLY_JSON);
	const char *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(txt);
	CU_ASSERT_PTR_NOT_NULL_FATAL(js);
	ctl_reply_u64(txt, "n", 1);
	ctl_reply_block(txt, "configuration", conf);
	ctl_reply_block(txt, "tail", "no newline");
	CU_ASSERT_STRING_EQUAL(ctl_reply_finish(txt, NULL),
			       "N : 1\nconfig\n  context srp\n\tend\nno newline\n");
	ctl_reply_block(js, "configuration", conf);
	ctl_reply_block(js, "none", "");
	s = ctl_reply_finish(js, NULL);
	CU_ASSERT_STRING_EQUAL(s,
		"{\n"
		"  \"configuration\": [\n"
		"    \"config\",\n"
		"    \"  context srp\",\n"
		"    \"\\u0009end\"\n"
		"  ],\n"
		"  \"none\": []\n"
		"}\n");
	CU_ASSERT(test_json_valid(s));
	ctl_reply_free(txt);
	ctl_reply_free(js);
}

static void
test_ctl_out_fmt_str_long(void)
{
	struct ctl_reply *out = ctl_reply_new(CTL_REPLY_TEXT);
	char want[400];
	char big[301];

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	memset(big, 'x', 300);
	big[300] = '\0';
	ctl_reply_fmt_str(out, "v", "%s-%u", big, 7U);
	snprintf(want, sizeof(want), "V : %s-7\n", big);
	CU_ASSERT_STRING_EQUAL(ctl_reply_finish(out, NULL), want);
	ctl_reply_free(out);
}

static void
test_ctl_out_utc(void)
{
	struct ctl_reply *out = ctl_reply_new(CTL_REPLY_JSON);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	ctl_reply_utc(out, "a", 1796601600, "never");	/* 2026-12-07 */
	ctl_reply_utc(out, "b", 0, "never");
	ctl_reply_utc(out, "c", 59, "-");
	CU_ASSERT_STRING_EQUAL(ctl_reply_finish(out, NULL),
			       "{\n  \"a\": \"2026-12-07T00:00:00Z\",\n"
			       "  \"b\": \"never\",\n"
			       "  \"c\": \"1970-01-01T00:00:59Z\"\n}\n");
	ctl_reply_free(out);
}

static void
test_ctl_out_new_rejects_tel_fmt(void)
{
	errno = 0;
	CU_ASSERT_PTR_NULL(ctl_reply_new(CTL_REPLY_TEL));
	CU_ASSERT(errno == EINVAL);
	errno = 0;
	CU_ASSERT_PTR_NULL(ctl_reply_new_tel(NULL));
	CU_ASSERT(errno == EINVAL);
}

/*
 * Telemetry: DPDK 22.11 has no getters for rte_tel_data, so these tests
 * check what is observable: nothing refused by telemetry (a refused name or
 * an illegal nesting would count as dropped), no failure, no crash. The
 * error path hands back every container, so no leak either.
 */
static void
test_ctl_out_tel_nested_accepted(void)
{
	struct rte_tel_data *d = rte_tel_data_alloc();
	struct ctl_reply *out;
	size_t len = 99;
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	out = ctl_reply_new_tel(d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT(ctl_reply_fmt(out) == CTL_REPLY_TEL);
	test_fill(out);
	/* Deeper than telemetry's one level: flattened, not refused. */
	ctl_reply_obj_begin(out, "srp");
	ctl_reply_obj_begin(out, "peer");
	ctl_reply_str(out, "state", "up");
	ctl_reply_arr_begin(out, "pools");
	ctl_reply_str(out, NULL, "a");
	ctl_reply_obj_begin(out, NULL);
	ctl_reply_u64(out, "n", 1);
	ctl_reply_obj_end(out);
	ctl_reply_arr_end(out);
	ctl_reply_obj_end(out);
	ctl_reply_obj_end(out);
	/* Odd key characters are mapped, not refused. */
	ctl_reply_u64(out, "rx-packets.total", 3);
	ctl_reply_i64(out, "wide", -5000000000LL);
	ctl_reply_block(out, "configuration", "line 1\nline 2\n");
	for (i = 0; i < 3; i++)
		ctl_reply_fmt_str(out, NULL, "%d", i);	/* key NULL in object */
	CU_ASSERT(!ctl_reply_failed(out));
	CU_ASSERT(ctl_reply_n_dropped(out) == 0);
	/*
	 * Normally telemetry frees the containers after sending them; here
	 * an error takes them back, so freeing d alone leaks nothing.
	 */
	ctl_reply_error(out, "done");
	CU_ASSERT_STRING_EQUAL(ctl_reply_finish(out, &len), "");
	CU_ASSERT(len == 0);
	CU_ASSERT(!ctl_reply_failed(out));
	ctl_reply_free(out);
	rte_tel_data_free(d);
}

static void
test_ctl_out_tel_mixed_array_counts_drops(void)
{
	struct rte_tel_data *d = rte_tel_data_alloc();
	struct ctl_reply *out;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	out = ctl_reply_new_tel(d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	ctl_reply_arr_begin(out, "nums");
	ctl_reply_u64(out, NULL, 1);
	ctl_reply_str(out, NULL, "not a number");	/* no place in a u64 array */
	ctl_reply_obj_begin(out, NULL);		/* nor a container */
	ctl_reply_u64(out, "x", 1);
	ctl_reply_obj_end(out);
	ctl_reply_arr_end(out);
	CU_ASSERT(ctl_reply_n_dropped(out) == 3);
	ctl_reply_error(out, "boom %d", 1);
	CU_ASSERT(ctl_reply_has_error(out));
	ctl_reply_finish(out, NULL);
	ctl_reply_free(out);

	/* After finish, an error changes nothing. */
	out = ctl_reply_new_tel(d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	ctl_reply_u64(out, "x", 1);
	ctl_reply_finish(out, NULL);
	ctl_reply_error(out, "ignored after finish");
	CU_ASSERT(!ctl_reply_has_error(out));
	ctl_reply_free(out);
	rte_tel_data_free(d);
}

#define TEST(fn) { #fn, fn }

static CU_TestInfo test_ctl_out_tests[] = {
	TEST(test_ctl_out_text_nested),
	TEST(test_ctl_out_text_deep_and_mixed_arrays),
	TEST(test_ctl_out_text_control_chars_masked),
	TEST(test_ctl_out_json_nested),
	TEST(test_ctl_out_json_escapes),
	TEST(test_ctl_out_json_finish_closes_levels),
	TEST(test_ctl_out_json_unbalanced_end_ignored),
	TEST(test_ctl_out_json_empty),
	TEST(test_ctl_out_depth_limit_keeps_json_valid),
	TEST(test_ctl_out_error_replaces_output),
	TEST(test_ctl_out_block_text_and_json),
	TEST(test_ctl_out_fmt_str_long),
	TEST(test_ctl_out_utc),
	TEST(test_ctl_out_new_rejects_tel_fmt),
	TEST(test_ctl_out_tel_nested_accepted),
	TEST(test_ctl_out_tel_mixed_array_counts_drops),
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo test_ctl_out_suites[] = {
	{ "ctl_reply", NULL, NULL, NULL, NULL, test_ctl_out_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(test_ctl_out_suites);
}
