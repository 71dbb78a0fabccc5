/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CUnit tests of the session writer and its commands with EAL up (suite
 * "eal"): parsing and validation through ctl_api_dispatch, create/modify/
 * delete, file load, generator, show output, the reclaim timer and a 1M
 * load/generate. The neighbour resolver is a fake. Context: test main
 * thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_lcore.h>

#include "core/ctl_api.h"
#include "core/ctl_loop.h"
#include "core/ctl_reply.h"
#include "sess/ctl_sess.h"
#include "sess/ctl_sess_rec.h"
#include "dp_fwd.h"
#include "sess_table.h"
#include "srp_ckpt_rec.h"
#include "support/ut_eal.h"

#define SMALL_CAP	64
#define BIG_N		1000000u

static struct sess_table *small_t;
static char tmpdir[64];

/* Fake neighbour resolver: 192.0.2.0/24 and 2001:db8:ff::/48 reachable. */
static int64_t nh_refs;
static unsigned int nh_gets;

static int
fake_nh_get(uint8_t af, const uint8_t *a, uint16_t *nh_id)
{
	static const uint8_t v6net[6] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0xff };

	if (af == 4 && !(a[0] == 192 && a[1] == 0 && a[2] == 2))
		return -ENETUNREACH;
	if (af == 6 && memcmp(a, v6net, 6) != 0)
		return -ENETUNREACH;
	*nh_id = (uint16_t)(af == 4 ? a[3] : 256 + a[15]);
	nh_refs++;
	nh_gets++;
	return 0;
}

static void
fake_nh_put(uint16_t nh_id)
{
	(void)nh_id;
	nh_refs--;
}

/* Run @cmd through the API in @fmt; output into @buf. */
static int
run(enum ctl_reply_fmt fmt, char *buf, size_t len, const char *cmd, ...)
	__attribute__((format(printf, 4, 5)));

static int
run(enum ctl_reply_fmt fmt, char *buf, size_t len, const char *cmd, ...)
{
	char line[2048];
	char *argv[CTL_API_MAX_WORDS];
	struct ctl_reply *out;
	const char *s;
	size_t n;
	va_list ap;
	int argc, ret;

	va_start(ap, cmd);
	vsnprintf(line, sizeof(line), cmd, ap);
	va_end(ap);
	argc = ctl_api_split(line, argv, CTL_API_MAX_WORDS);
	CU_ASSERT_FATAL(argc > 0);
	out = ctl_reply_new(fmt);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	ret = ctl_api_dispatch(argc, argv, out);
	s = ctl_reply_finish(out, &n);
	snprintf(buf, len, "%s", s);
	ctl_reply_free(out);
	return ret;
}

/* Run and expect failure @ret with @msg in the JSON error; no change. */
static void
expect_err(int want, const char *msg, const char *cmd)
{
	char buf[4096];
	uint32_t n0 = sess_table_count(small_t);
	int64_t r0 = nh_refs;
	int ret;

	ret = run(CTL_REPLY_JSON, buf, sizeof(buf), "%s", cmd);
	CU_ASSERT_EQUAL(ret, want);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"error\""));
	if (strstr(buf, msg) == NULL) {
		printf("\n  '%s': expected '%s' in: %s", cmd, msg, buf);
		CU_FAIL("error message");
	}
	CU_ASSERT_EQUAL(sess_table_count(small_t), n0);
	CU_ASSERT_EQUAL(nh_refs, r0);
}

static int
has(const char *buf, const char *s)
{
	if (strstr(buf, s) != NULL)
		return 1;
	printf("\n  expected '%s' in: %s", s, buf);
	return 0;
}

static void
reset(void)
{
	char err[CTL_SESS_ERR_LEN];

	CU_ASSERT(ctl_sess_delete_all(err, sizeof(err)) >= 0);
	ctl_sess_reclaim_now();
	CU_ASSERT_EQUAL(sess_table_count(small_t), 0);
	CU_ASSERT_EQUAL(nh_refs, 0);
}

static void
test_ctl_sess_teid_parse(void)
{
	static const char *const bad[] = {
		"0", "0x0", "4294967296", "0x100000000", "0x", "-1", "+1",
		"1a", "0x1g", "", " 1", "1 ", "99999999999999999999",
	};
	unsigned int i;
	uint32_t v = 7;

	CU_ASSERT_EQUAL(ctl_sess_teid_parse("1", &v), 0);
	CU_ASSERT_EQUAL(v, 1);
	CU_ASSERT_EQUAL(ctl_sess_teid_parse("0x1A", &v), 0);
	CU_ASSERT_EQUAL(v, 0x1a);
	CU_ASSERT_EQUAL(ctl_sess_teid_parse("0xffffffff", &v), 0);
	CU_ASSERT_EQUAL(v, UINT32_MAX);
	CU_ASSERT_EQUAL(ctl_sess_teid_parse("4294967295", &v), 0);
	CU_ASSERT_EQUAL(v, UINT32_MAX);
	for (i = 0; i < RTE_DIM(bad); i++) {
		v = 7;
		CU_ASSERT_EQUAL(ctl_sess_teid_parse(bad[i], &v), -EINVAL);
		CU_ASSERT_EQUAL(v, 7);
	}
}

static void
test_ctl_sess_create_show(void)
{
	char buf[4096];

	reset();
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 0x10 remote-teid 2000 peer 192.0.2.7 "
			    "ue-ipv4 10.0.0.1 ue-ipv6 2001:db8:1:2::/64 qfi 9 volte"),
			0);
	CU_ASSERT(has(buf, "\"result\": \"created\""));
	CU_ASSERT_EQUAL(sess_table_count(small_t), 1);
	CU_ASSERT_EQUAL(nh_refs, 1);

	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "show subscribers local-teid 16"), 0);
	CU_ASSERT(has(buf, "\"local_teid\": 16,"));
	CU_ASSERT(has(buf, "\"local_teid_hex\": \"0x00000010\""));
	CU_ASSERT(has(buf, "\"remote_teid\": 2000,"));
	CU_ASSERT(has(buf, "\"peer\": \"192.0.2.7\""));
	CU_ASSERT(has(buf, "\"ue_ipv4\": \"10.0.0.1\""));
	CU_ASSERT(has(buf, "\"ue_ipv6\": \"2001:db8:1:2::\""));
	CU_ASSERT(has(buf, "\"qfi\": 9,"));
	CU_ASSERT(has(buf, "\"volte\": true"));
	CU_ASSERT(has(buf, "\"error_indication\": false"));
	CU_ASSERT(has(buf, "\"neighbour_id\": 7,"));
	CU_ASSERT(has(buf, "\"uplink_packets\": 0,"));
	CU_ASSERT(has(buf, "\"last_activity\": \"never\""));
	CU_ASSERT(has(buf, "\"created\": \"20"));

	/* Counters of every worker are summed. */
	sess_table_cnt(small_t, 0)[sess_table_lookup_teid(small_t, 16)->slot]
		.ul_pkts = 3;
	sess_table_cnt(small_t, 1)[sess_table_lookup_teid(small_t, 16)->slot]
		.ul_pkts = 4;
	sess_table_cnt(small_t, 1)[sess_table_lookup_teid(small_t, 16)->slot]
		.last_tsc = rte_rdtsc();
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "show subscribers ue-address 10.0.0.1"), 0);
	CU_ASSERT(has(buf, "\"local_teid\": 16,"));
	CU_ASSERT(has(buf, "\"uplink_packets\": 7,"));
	CU_ASSERT(has(buf, " ms ago\""));
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "show subscribers ue-address 2001:db8:1:2::99"), 0);
	CU_ASSERT(has(buf, "\"local_teid\": 16,"));
	CU_ASSERT_EQUAL(run(CTL_REPLY_TEXT, buf, sizeof(buf),
			    "show subscribers local-teid 0x10"), 0);
	CU_ASSERT(has(buf, "Remote teid"));

	expect_err(-ENOENT, "no session with local-teid 17",
		   "show subscribers local-teid 17");
	expect_err(-EINVAL, "expected: show subscribers local-teid T",
		   "show subscribers local-teid zz");
	expect_err(-ENOENT, "no session with UE address 10.0.0.2",
		   "show subscribers ue-address 10.0.0.2");
	expect_err(-EINVAL, "expected: show subscribers ue-address A",
		   "show subscribers ue-address 10.0.0");
}

static void
test_ctl_sess_create_refused(void)
{
	char buf[4096];

	reset();
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 1 remote-teid 1 peer 192.0.2.1 ue-ipv4 "
			    "10.0.0.1 ue-ipv6 2001:db8::1"),
			0);
	expect_err(-EINVAL, "missing local-teid; usage: session create local-teid T",
		   "session create");
	expect_err(-EINVAL, "bad local-teid '0': expected 1..4294967295",
		   "session create local-teid 0 remote-teid 1 peer 192.0.2.1 ue-ipv4 10.0.0.2");
	expect_err(-EINVAL, "bad remote-teid '0x100000000'",
		   "session create local-teid 2 remote-teid 0x100000000 peer 192.0.2.1 ue-ipv4 "
		   "10.0.0.2");
	expect_err(-EINVAL, "missing remote-teid",
		   "session create local-teid 2 peer 192.0.2.1 ue-ipv4 10.0.0.2");
	expect_err(-EINVAL, "missing peer",
		   "session create local-teid 2 remote-teid 3 ue-ipv4 10.0.0.2");
	expect_err(-EINVAL, "bad peer '192.0.2'",
		   "session create local-teid 2 remote-teid 3 peer 192.0.2 ue-ipv4 10.0.0.2");
	expect_err(-EINVAL, "bad ue-ipv4 '2001:db8::2': expected an IPv4 address",
		   "session create local-teid 2 remote-teid 3 peer 192.0.2.1 ue-ipv4 2001:db8::2");
	expect_err(-EINVAL, "bad ue-ipv6 '10.0.0.2'",
		   "session create local-teid 2 remote-teid 3 peer 192.0.2.1 ue-ipv6 10.0.0.2");
	expect_err(-EINVAL, "bad ue-ipv6 '2001:db8::5/64'",
		   "session create local-teid 2 remote-teid 3 peer 192.0.2.1 ue-ipv6 "
		   "2001:db8::5/64");
	expect_err(-EINVAL, "bad ue-ipv6 '2001:db8::/48'",
		   "session create local-teid 2 remote-teid 3 peer 192.0.2.1 ue-ipv6 "
		   "2001:db8::/48");
	expect_err(-EINVAL, "bad qfi '64': expected 0..63",
		   "session create local-teid 2 remote-teid 3 peer 192.0.2.1 ue-ipv4 10.0.0.2 "
		   "qfi 64");
	expect_err(-EINVAL, "bad qfi 'x'",
		   "session create local-teid 2 remote-teid 3 peer 192.0.2.1 ue-ipv4 10.0.0.2 "
		   "qfi x");
	expect_err(-EINVAL, "unknown word 'foo'",
		   "session create local-teid 2 remote-teid 3 peer 192.0.2.1 ue-ipv4 10.0.0.2 foo");
	expect_err(-EINVAL, "'local-teid' given twice",
		   "session create local-teid 2 local-teid 3 remote-teid 3 peer 192.0.2.1 "
		   "ue-ipv4 10.0.0.2");
	expect_err(-EINVAL, "'qfi' needs a value",
		   "session create local-teid 2 remote-teid 3 peer 192.0.2.1 ue-ipv4 10.0.0.2 qfi");
	expect_err(-EINVAL, "missing ue-ipv4 or ue-ipv6",
		   "session create local-teid 2 remote-teid 3 peer 192.0.2.1 volte");
	expect_err(-ENETUNREACH, "no route to peer 198.51.100.1",
		   "session create local-teid 2 remote-teid 3 peer 198.51.100.1 ue-ipv4 10.0.0.2");
	expect_err(-ENETUNREACH, "no route to peer 2001:db8:1::1",
		   "session create local-teid 2 remote-teid 3 peer 2001:db8:1::1 ue-ipv4 10.0.0.2");
	expect_err(-EEXIST, "local-teid 1 already exists",
		   "session create local-teid 1 remote-teid 3 peer 192.0.2.1 ue-ipv4 10.0.0.2");
	expect_err(-EEXIST, "ue-ipv4 10.0.0.1 already belongs to local-teid 1",
		   "session create local-teid 2 remote-teid 3 peer 192.0.2.1 ue-ipv4 10.0.0.1");
	expect_err(-EEXIST, "ue-ipv6 2001:db8::1 already belongs to local-teid 1",
		   "session create local-teid 2 remote-teid 3 peer 192.0.2.1 ue-ipv4 10.0.0.2 "
		   "ue-ipv6 2001:db8::1");
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(small_t, 2));
	CU_ASSERT_EQUAL(sess_table_pending(small_t), 0);
}

static void
test_ctl_sess_modify(void)
{
	char buf[4096];
	const struct sess *s;

	reset();
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 5 remote-teid 50 peer 192.0.2.1 ue-ipv4 "
			    "10.0.0.5 ue-ipv6 2001:db8::5 qfi 1"),
			0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 6 remote-teid 60 peer 192.0.2.1 ue-ipv4 "
			    "10.0.0.6"),
			0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session modify local-teid 5 remote-teid 0x55 peer 192.0.2.9 ue-ipv4 "
			    "none qfi none volte"),
			0);
	CU_ASSERT(has(buf, "\"result\": \"modified\""));
	s = sess_table_lookup_teid(small_t, 5);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->p.teid_remote, 0x55);
	CU_ASSERT_EQUAL(s->p.peer_addr[3], 9);
	CU_ASSERT_EQUAL(s->p.nh_id, 9);
	CU_ASSERT_FALSE(s->p.has_ue4);
	CU_ASSERT_FALSE(s->p.has_qfi);
	CU_ASSERT_TRUE(s->p.flags & SESS_F_VOLTE);
	CU_ASSERT_EQUAL(nh_refs, 2);
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue4(small_t,
						 (const uint8_t[]){ 10, 0, 0, 5 }));
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session modify local-teid 5 ue-ipv4 10.0.0.50 no-volte qfi 3"),
			0);
	s = sess_table_lookup_teid(small_t, 5);
	CU_ASSERT_FALSE(s->p.flags & SESS_F_VOLTE);
	CU_ASSERT_EQUAL(s->p.qfi, 3);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_ue4(small_t,
						  (const uint8_t[]){ 10, 0, 0, 50 }), s);

	expect_err(-EINVAL, "nothing to modify", "session modify local-teid 5");
	expect_err(-EINVAL, "missing local-teid",
		   "session modify remote-teid 5");
	expect_err(-EINVAL, "volte and no-volte exclude each other",
		   "session modify local-teid 5 volte no-volte");
	expect_err(-EINVAL, "bad ue-ipv4 'nope'",
		   "session modify local-teid 5 ue-ipv4 nope");
	expect_err(-EINVAL, "bad qfi '99': expected 0..63 or none",
		   "session modify local-teid 5 qfi 99");
	expect_err(-ENOENT, "no session with local-teid 7",
		   "session modify local-teid 7 qfi 1");
	expect_err(-EINVAL, "at least one UE address",
		   "session modify local-teid 6 ue-ipv4 none");
	expect_err(-EEXIST, "ue-ipv4 10.0.0.6 already belongs to local-teid 6",
		   "session modify local-teid 5 ue-ipv4 10.0.0.6");
	expect_err(-ENETUNREACH, "no route to peer 203.0.113.1",
		   "session modify local-teid 5 peer 203.0.113.1 remote-teid 1");
	s = sess_table_lookup_teid(small_t, 5);
	CU_ASSERT_EQUAL(s->p.teid_remote, 0x55);
	CU_ASSERT_EQUAL(s->p.nh_id, 9);
	/* Same peer again: no new reference. */
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session modify local-teid 5 peer 192.0.2.9"), 0);
	CU_ASSERT_EQUAL(nh_refs, 2);
}

static void
test_ctl_sess_delete(void)
{
	char buf[4096];

	reset();
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 1 remote-teid 1 peer 192.0.2.1 ue-ipv4 "
			    "10.0.0.1"),
			0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 2 remote-teid 2 peer 192.0.2.1 ue-ipv4 "
			    "10.0.0.2"),
			0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 3 remote-teid 3 peer 192.0.2.1 ue-ipv6 "
			    "2001:db8::3"),
			0);
	expect_err(-EINVAL, "expected: session delete local-teid T",
		   "session delete");
	expect_err(-EINVAL, "expected: session delete local-teid T",
		   "session delete local-teid");
	expect_err(-EINVAL, "expected: session delete local-teid T",
		   "session delete everything");
	expect_err(-EINVAL, "bad local-teid 'x1'",
		   "session delete local-teid x1");
	expect_err(-ENOENT, "no session with local-teid 9",
		   "session delete local-teid 9");
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session delete local-teid 2"), 0);
	CU_ASSERT(has(buf, "\"result\": \"deleted\""));
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(small_t, 2));
	CU_ASSERT_EQUAL(sess_table_count(small_t), 2);
	CU_ASSERT_EQUAL(nh_refs, 2);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session delete all"), 0);
	CU_ASSERT(has(buf, "\"deleted\": 2"));
	CU_ASSERT_EQUAL(sess_table_count(small_t), 0);
	CU_ASSERT_EQUAL(nh_refs, 0);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

/* Changes the gate saw, by kind. */
static unsigned int gate_calls[2];
/* Kinds the gate refuses (bit per enum ctl_sess_change). */
static unsigned int gate_refused;

/* A gate as SRP sets it: a standby refuses every change, the
 * post-switchover phases only new sessions. */
static int
gate_test(enum ctl_sess_change what, char *err, size_t err_len)
{
	gate_calls[what]++;
	if ((gate_refused & (1u << what)) == 0)
		return 0;
	snprintf(err, err_len, "chassis is TEST: refused");
	return -EROFS;
}

/* The gate set from above sess decides every change of every session
 * command, by kind; a refusal changes nothing. */
static void
test_ctl_sess_gate(void)
{
	static const char *const news[] = {
		"session create local-teid 5 remote-teid 5 peer 192.0.2.1 ue-ipv4 10.0.0.5",
		"session generate count 3 local-teid 100 remote-teid 1 peer 192.0.2.3 "
		"ue-ipv4-pool 10.9.0.0/24",
		NULL,	/* session load FILE */
	};
	static const char *const existing[] = {
		"session modify local-teid 5 remote-teid 6",
		"session delete local-teid 5",
		"session delete all",
	};
	char buf[4096], path[128], load[192];
	unsigned int i;

	reset();
	snprintf(path, sizeof(path), "%s/gate.txt", tmpdir);
	write_file(path, "local-teid 7 remote-teid 7 peer 192.0.2.1 ue-ipv4 10.0.0.7\n");
	snprintf(load, sizeof(load), "session load %s", path);
	memset(gate_calls, 0, sizeof(gate_calls));
	ctl_sess_gate_set(gate_test);
	/* New sessions refused, existing ones not. */
	gate_refused = 1u << CTL_SESS_CHANGE_NEW;
	for (i = 0; i < RTE_DIM(news); i++)
		expect_err(-EROFS, "chassis is TEST: refused",
			   news[i] != NULL ? news[i] : load);
	CU_ASSERT_EQUAL(gate_calls[CTL_SESS_CHANGE_NEW], RTE_DIM(news));
	/* A malformed create is answered before the gate is asked. */
	expect_err(-EINVAL, "", "session create local-teid 0");
	CU_ASSERT_EQUAL(gate_calls[CTL_SESS_CHANGE_NEW], RTE_DIM(news));
	gate_refused = 0;
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf), "%s", news[0]), 0);
	CU_ASSERT_EQUAL(sess_table_count(small_t), 1);
	/* Everything refused (a standby): the session stays as it was. */
	gate_refused = (1u << CTL_SESS_CHANGE_NEW) |
		       (1u << CTL_SESS_CHANGE_EXISTING);
	for (i = 0; i < RTE_DIM(existing); i++)
		expect_err(-EROFS, "chassis is TEST: refused", existing[i]);
	CU_ASSERT_EQUAL(gate_calls[CTL_SESS_CHANGE_EXISTING], RTE_DIM(existing));
	CU_ASSERT_EQUAL(sess_table_lookup_teid(small_t, 5)->p.teid_remote, 5);
	/* Let through: the same commands work. */
	gate_refused = 0;
	for (i = 0; i < RTE_DIM(existing); i++)
		CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf), "%s",
				    existing[i]), 0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf), "%s", load), 0);
	CU_ASSERT_EQUAL(sess_table_count(small_t), 1);
	CU_ASSERT_EQUAL(gate_calls[CTL_SESS_CHANGE_EXISTING],
			2 * RTE_DIM(existing));
	ctl_sess_gate_set(NULL);
	reset();
}

static void
test_ctl_sess_load(void)
{
	char buf[4096], path[128], msg[256];

	reset();
	snprintf(path, sizeof(path), "%s/good.txt", tmpdir);
	write_file(path,
		   "# sessions for the test\n"
		   "\n"
		   "local-teid 0x100 remote-teid 1 peer 192.0.2.1 ue-ipv4 10.1.0.1   # first\n"
		   "\tlocal-teid 257 remote-teid 2 peer 2001:db8:ff::1 ue-ipv6 2001:db8:2::/64 "
		   "qfi 5\n"
		   "local-teid 258 remote-teid 3 peer 192.0.2.2 ue-ipv4 10.1.0.3 ue-ipv6 "
		   "2001:db8:3::1 volte\r\n");
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf), "session load %s",
			    path), 0);
	CU_ASSERT(has(buf, "\"loaded\": 3"));
	CU_ASSERT_EQUAL(sess_table_count(small_t), 3);
	CU_ASSERT_EQUAL(nh_refs, 3);
	CU_ASSERT_PTR_NOT_NULL(sess_table_lookup_teid(small_t, 257));
	CU_ASSERT_EQUAL(sess_table_lookup_teid(small_t, 257)->p.qfi, 5);

	/* Loading it again: the first line already exists. */
	snprintf(msg, sizeof(msg), "%s:3: local-teid 256 already exists", path);
	snprintf(buf, sizeof(buf), "session load %s", path);
	expect_err(-EEXIST, msg, buf);
	reset();

	snprintf(path, sizeof(path), "%s/bad.txt", tmpdir);
	write_file(path,
		   "local-teid 1 remote-teid 1 peer 192.0.2.1 ue-ipv4 10.1.0.1\n"
		   "local-teid 2 remote-teid 2 peer 192.0.2.1 ue-ipv4 10.1.0.2\n"
		   "local-teid 3 remote-teid 3 peer 192.0.2.1 ue-ipv4 10.1.0.3 qfi 70\n");
	snprintf(msg, sizeof(msg), "%s:3: bad qfi '70'", path);
	snprintf(buf, sizeof(buf), "session load %s", path);
	expect_err(-EINVAL, msg, buf);

	write_file(path,
		   "local-teid 1 remote-teid 1 peer 192.0.2.1 ue-ipv4 10.1.0.1\n"
		   "local-teid 2 remote-teid 2 peer 192.0.2.1 ue-ipv4 10.1.0.2\n"
		   "local-teid 3 remote-teid 3 peer 192.0.2.1 ue-ipv4 10.1.0.3\n"
		   "local-teid 2 remote-teid 4 peer 192.0.2.1 ue-ipv4 10.1.0.4\n");
	snprintf(msg, sizeof(msg), "%s:4: local-teid 2 repeats line 2", path);
	expect_err(-EEXIST, msg, buf);

	write_file(path,
		   "local-teid 1 remote-teid 1 peer 192.0.2.1 ue-ipv4 10.1.0.1\n"
		   "local-teid 2 remote-teid 2 peer 192.0.2.1 ue-ipv6 2001:db8::1\n"
		   "local-teid 3 remote-teid 3 peer 192.0.2.1 ue-ipv6 2001:db8::1\n");
	snprintf(msg, sizeof(msg), "%s:3: ue-ipv6 2001:db8::1 repeats line 2",
		 path);
	expect_err(-EEXIST, msg, buf);

	write_file(path,
		   "local-teid 1 remote-teid 1 peer 192.0.2.1 ue-ipv4 10.1.0.1\n"
		   "local-teid 2 remote-teid 2 peer 192.0.2.1 ue-ipv4 10.1.0.2\n"
		   "local-teid 3 remote-teid 3 peer 198.51.100.1 ue-ipv4 10.1.0.3\n");
	snprintf(msg, sizeof(msg), "%s:3: no route to peer 198.51.100.1", path);
	expect_err(-ENETUNREACH, msg, buf);

	write_file(path, "local-teid 1 remote-teid 1 peer 192.0.2.1 ue-ipv4 10.1.0.1 bogus\n");
	snprintf(msg, sizeof(msg), "%s:1: unknown word 'bogus'", path);
	expect_err(-EINVAL, msg, buf);

	snprintf(buf, sizeof(buf), "session load %s/missing.txt", tmpdir);
	expect_err(-ENOENT, "No such file or directory", buf);
	expect_err(-EINVAL, "expected: session load FILE", "session load");
	CU_ASSERT_EQUAL(sess_table_pending(small_t), 0);
}

/*
 * Rule-drop flags (PFCP FAR DROP/BUFF): ul-drop and dl-drop on create and
 * modify; a dl-drop session may be created without a downlink tunnel
 * (remote-teid and peer: both or neither), takes no neighbour reference,
 * does not collide with another such session, and shows "none"; it gets
 * its tunnel by a modify giving both, and loses dl-drop only with one; bad
 * combinations change nothing. The flags reach the replication record and
 * the digest; a replicated session without a tunnel is installed.
 */
static void
test_ctl_sess_rule_drop(void)
{
	char buf[4096], path[128], err[CTL_SESS_ERR_LEN];
	struct sess_params p;
	const struct sess *s;
	struct srp_rec_writer w;
	struct srp_rec r;
	uint8_t rb[256];
	uint64_t d0;
	unsigned int g0;

	reset();
	g0 = nh_gets;
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 1 ue-ipv4 10.0.0.1 "
			    "ul-drop dl-drop"), 0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 2 ue-ipv4 10.0.0.2 dl-drop"),
			0);
	CU_ASSERT_EQUAL(sess_table_count(small_t), 2);
	CU_ASSERT_EQUAL(nh_refs, 0);
	CU_ASSERT_EQUAL(nh_gets, g0);
	s = sess_table_lookup_teid(small_t, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->p.flags, SESS_F_UL_DROP | SESS_F_DL_DROP);
	CU_ASSERT_EQUAL(s->p.peer_af, 0);
	CU_ASSERT_EQUAL(s->p.nh_id, DP_NH_NONE);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "show subscribers local-teid 1"), 0);
	CU_ASSERT(has(buf, "\"remote_teid\": \"none\""));
	CU_ASSERT(has(buf, "\"peer\": \"none\""));
	CU_ASSERT(has(buf, "\"ul_drop\": true"));
	CU_ASSERT(has(buf, "\"dl_drop\": true"));
	CU_ASSERT(has(buf, "\"neighbour_id\": \"none\""));
	CU_ASSERT_EQUAL(run(CTL_REPLY_TEXT, buf, sizeof(buf),
			    "show subscribers local-teid 2"), 0);
	CU_ASSERT(has(buf, "Dl drop"));
	CU_ASSERT(has(buf, "none"));

	/* The tunnel is optional only with dl-drop, and only whole. */
	expect_err(-EINVAL, "missing remote-teid",
		   "session create local-teid 3 ue-ipv4 10.0.0.3 ul-drop");
	expect_err(-EINVAL, "remote-teid and peer (the downlink tunnel) go "
		   "together", "session create local-teid 3 remote-teid 5 "
		   "ue-ipv4 10.0.0.3 dl-drop");
	expect_err(-EINVAL, "go together", "session create local-teid 3 "
		   "peer 192.0.2.1 ue-ipv4 10.0.0.3 dl-drop");
	expect_err(-EINVAL, "'dl-drop' given twice", "session create "
		   "local-teid 3 ue-ipv4 10.0.0.3 dl-drop dl-drop");

	/* Modify: no-dl-drop or half a tunnel on a session without one. */
	expect_err(-EINVAL, "local-teid 1 has no downlink tunnel: no-dl-drop "
		   "needs remote-teid and peer", "session modify local-teid 1 "
		   "no-dl-drop");
	expect_err(-EINVAL, "give remote-teid and peer together",
		   "session modify local-teid 1 remote-teid 70");
	expect_err(-EINVAL, "give remote-teid and peer together",
		   "session modify local-teid 1 peer 192.0.2.4 no-dl-drop");
	expect_err(-EINVAL, "ul-drop and no-ul-drop exclude each other",
		   "session modify local-teid 1 ul-drop no-ul-drop");
	expect_err(-EINVAL, "dl-drop and no-dl-drop exclude each other",
		   "session modify local-teid 1 no-dl-drop dl-drop");
	s = sess_table_lookup_teid(small_t, 1);
	CU_ASSERT_EQUAL(s->p.flags, SESS_F_UL_DROP | SESS_F_DL_DROP);
	CU_ASSERT_EQUAL(s->p.peer_af, 0);

	/* The tunnel arrives with no-dl-drop: one reference, indexed. */
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session modify local-teid 1 no-dl-drop no-ul-drop "
			    "remote-teid 70 peer 192.0.2.4"), 0);
	s = sess_table_lookup_teid(small_t, 1);
	CU_ASSERT_EQUAL(s->p.flags, 0);
	CU_ASSERT_EQUAL(s->p.nh_id, 4);
	CU_ASSERT_EQUAL(nh_refs, 1);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_remote(small_t, 4,
		(const uint8_t[]){ 192, 0, 2, 4 }, 70), s);
	/* A tunnel while dl-drop stays: fine, and the same key refused. */
	expect_err(-EEXIST, "remote-teid 70 (0x46) already used by local-teid 1",
		   "session modify local-teid 2 remote-teid 70 peer 192.0.2.4");
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session modify local-teid 2 remote-teid 80 "
			    "peer 192.0.2.5"), 0);
	s = sess_table_lookup_teid(small_t, 2);
	CU_ASSERT_EQUAL(s->p.flags, SESS_F_DL_DROP);
	CU_ASSERT_EQUAL(s->p.teid_remote, 80);
	CU_ASSERT_EQUAL(nh_refs, 2);
	/* Flags only: no neighbour change. */
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session modify local-teid 1 ul-drop dl-drop"), 0);
	CU_ASSERT_EQUAL(sess_table_lookup_teid(small_t, 1)->p.flags,
			SESS_F_UL_DROP | SESS_F_DL_DROP);
	CU_ASSERT_EQUAL(nh_refs, 2);

	/* Summary counts; deleting a session without a tunnel puts none. */
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 3 ue-ipv6 2001:db8::3 "
			    "dl-drop"), 0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "show subscribers summary"), 0);
	CU_ASSERT(has(buf, "\"ul_drop\": 1,"));
	CU_ASSERT(has(buf, "\"dl_drop\": 3,"));
	CU_ASSERT(has(buf, "\"no_downlink_tunnel\": 1,"));

	/* Replication record and digest carry the flags. */
	s = sess_table_lookup_teid(small_t, 3);
	ctl_sess_rec_from(NULL, s, 0, &r);
	CU_ASSERT_EQUAL(r.peer_af, 0);
	CU_ASSERT_EQUAL(r.teid_remote, 0);
	CU_ASSERT_TRUE(r.flags & SRP_REC_F_DL_DROP);
	CU_ASSERT_FALSE(r.flags & SRP_REC_F_UL_DROP);
	CU_ASSERT_EQUAL(srp_rec_writer_init(&w, rb, sizeof(rb)), SRP_REC_OK);
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	d0 = ctl_sess_digest_one(s);
	CU_ASSERT_EQUAL(ctl_sess_flags_set(3, SESS_F_UL_DROP, 0), 0);
	CU_ASSERT_NOT_EQUAL(ctl_sess_digest_one(sess_table_lookup_teid(small_t,
								       3)), d0);
	CU_ASSERT_EQUAL(ctl_sess_flags_set(3, 0, SESS_F_DL_DROP), -EINVAL);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session delete local-teid 3"), 0);
	CU_ASSERT_EQUAL(nh_refs, 2);

	/* A replicated session without a tunnel, then with one, then not. */
	memset(&p, 0, sizeof(p));
	p.teid_local = 9;
	p.has_ue4 = true;
	memcpy(p.ue4, (const uint8_t[]){ 10, 0, 0, 9 }, 4);
	p.flags = SESS_F_DL_DROP;
	CU_ASSERT_EQUAL(ctl_sess_repl_upsert(&p, 1000, NULL, err, sizeof(err)),
			0);
	CU_ASSERT_EQUAL(nh_refs, 2);
	p.peer_af = 4;
	memcpy(p.peer_addr, (const uint8_t[]){ 192, 0, 2, 9 }, 4);
	p.teid_remote = 90;
	CU_ASSERT_EQUAL(ctl_sess_repl_upsert(&p, 1000, NULL, err, sizeof(err)),
			0);
	CU_ASSERT_EQUAL(nh_refs, 3);
	CU_ASSERT_EQUAL(sess_table_lookup_teid(small_t, 9)->p.nh_id, 9);
	p.peer_af = 0;
	memset(p.peer_addr, 0, sizeof(p.peer_addr));
	p.teid_remote = 0;
	CU_ASSERT_EQUAL(ctl_sess_repl_upsert(&p, 1000, NULL, err, sizeof(err)),
			0);
	CU_ASSERT_EQUAL(nh_refs, 2);
	CU_ASSERT_EQUAL(sess_table_lookup_teid(small_t, 9)->p.nh_id,
			DP_NH_NONE);

	/* A load of sessions without a tunnel: no (peer, TEID) duplicate. */
	reset();
	snprintf(path, sizeof(path), "%s/nopeer.txt", tmpdir);
	write_file(path,
		   "local-teid 1 ue-ipv4 10.1.0.1 dl-drop\n"
		   "local-teid 2 ue-ipv4 10.1.0.2 dl-drop ul-drop\n"
		   "local-teid 3 remote-teid 3 peer 192.0.2.1 ue-ipv4 10.1.0.3 "
		   "dl-drop\n");
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf), "session load %s",
			    path), 0);
	CU_ASSERT(has(buf, "\"loaded\": 3"));
	CU_ASSERT_EQUAL(nh_refs, 1);
	reset();
}

/*
 * Only a regular file of bounded size is read: a FIFO with no writer would
 * block the reactor in open() or read(), /dev/zero would grow a line
 * without end. Each is refused before anything is read.
 */
static void
test_ctl_sess_load_not_regular(void)
{
	char path[PATH_MAX], buf[PATH_MAX + 32];
	unsigned int n0 = sess_table_count(small_t);
	int fd;

	snprintf(path, sizeof(path), "%s/fifo", tmpdir);
	CU_ASSERT_EQUAL_FATAL(mkfifo(path, 0600), 0);
	snprintf(buf, sizeof(buf), "session load %s", path);
	expect_err(-EINVAL, "not a regular file", buf);
	unlink(path);

	expect_err(-EINVAL, "/dev/zero: not a regular file",
		   "session load /dev/zero");
	snprintf(buf, sizeof(buf), "session load %s", tmpdir);
	expect_err(-EINVAL, "not a regular file", buf);

	/* A sparse file one byte over the limit: refused by its size. */
	snprintf(path, sizeof(path), "%s/huge.txt", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(ftruncate(fd, (off_t)CTL_SESS_LOAD_MAX_BYTES + 1), 0);
	close(fd);
	snprintf(buf, sizeof(buf), "session load %s", path);
	expect_err(-EFBIG, "more than the", buf);
	unlink(path);
	CU_ASSERT_EQUAL(sess_table_count(small_t), n0);
}

static void
test_ctl_sess_load_capacity(void)
{
	char buf[256], path[128];
	FILE *f;
	unsigned int i;

	reset();
	snprintf(path, sizeof(path), "%s/many.txt", tmpdir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (i = 1; i <= SMALL_CAP + 1; i++)
		fprintf(f, "local-teid %u remote-teid %u peer 192.0.2.1 ue-ipv4 10.2.0.%u\n",
			i, i, i);
	fclose(f);
	snprintf(buf, sizeof(buf), "session load %s", path);
	expect_err(-ENOSPC, "session table full: 65 requested, 64 free", buf);
}

/*
 * The standby's apply path at max-sessions with deletes not yet reclaimed
 * (the reactor's reclaim timer has not run): every replicated create that
 * keeps the count at max-sessions is applied, none refused as "full".
 */
static void
test_ctl_sess_repl_full_pending_reclaim(void)
{
	char err[CTL_SESS_ERR_LEN];
	struct ctl_sess_opts o = {
		.nh_get = fake_nh_get, .nh_put = fake_nh_put,
	};
	struct sess_params p = { 0 };
	struct ctl_loop *loop;
	unsigned int i, next = 1;

	reset();
	ctl_sess_fini();
	loop = ctl_loop_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	/* A reactor that does not run: nothing is reclaimed meanwhile. */
	CU_ASSERT_EQUAL(ctl_sess_init_opts(small_t, loop, &o), 0);
	p.peer_af = 4;
	memcpy(p.peer_addr, (const uint8_t[]){ 192, 0, 2, 1 }, 4);
	p.has_ue4 = true;
	for (i = 0; i < SMALL_CAP; i++, next++) {
		p.teid_local = p.teid_remote = next;
		memcpy(p.ue4, (const uint8_t[]){ 10, 9, next >> 8, next & 0xff },
		       4);
		CU_ASSERT_EQUAL(ctl_sess_repl_upsert(&p, 1000 + next, NULL, err,
						     sizeof(err)), 0);
	}
	CU_ASSERT_EQUAL(sess_table_count(small_t), SMALL_CAP);
	/* Churn at max-sessions: the active deleted and created 8. */
	for (i = 0; i < 8; i++, next++) {
		CU_ASSERT_EQUAL(ctl_sess_repl_delete(i + 1), 0);
		p.teid_local = p.teid_remote = next;
		memcpy(p.ue4, (const uint8_t[]){ 10, 9, next >> 8, next & 0xff },
		       4);
		err[0] = '\0';
		CU_ASSERT_EQUAL(ctl_sess_repl_upsert(&p, 1000 + next, NULL, err,
						     sizeof(err)), 0);
		if (err[0] != '\0')
			printf("\n  upsert %u: %s", next, err);
	}
	CU_ASSERT_EQUAL(sess_table_count(small_t), SMALL_CAP);
	CU_ASSERT_EQUAL(sess_table_pending_slots(small_t), 8);
	ctl_sess_fini();
	ctl_loop_free(loop);
	CU_ASSERT_EQUAL(ctl_sess_init_opts(small_t, NULL, &o), 0);
	reset();
}

static void
test_ctl_sess_generate(void)
{
	char buf[4096];
	const struct sess *s;

	reset();
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session generate count 20 local-teid 1000 remote-teid 0x2000 peer "
			    "192.0.2.3 ue-ipv4-pool 10.9.0.0/24 ue-ipv6-pool 2001:db8:100::/56 "
			    "qfi 7"),
			0);
	CU_ASSERT(has(buf, "\"generated\": 20"));
	CU_ASSERT_EQUAL(sess_table_count(small_t), 20);
	CU_ASSERT_EQUAL(nh_refs, 20);
	s = sess_table_lookup_teid(small_t, 1019);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->p.teid_remote, 0x2000 + 19);
	CU_ASSERT_EQUAL(s->p.qfi, 7);
	CU_ASSERT_EQUAL(s->p.ue4[3], 20);
	CU_ASSERT_EQUAL(s->p.ue6[7], 19);
	CU_ASSERT_EQUAL(s->p.ue6[6], 0);
	CU_ASSERT_EQUAL(s->p.ue6[4], 0x01);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "show subscribers ue-address 10.9.0.1"), 0);
	CU_ASSERT(has(buf, "\"local_teid\": 1000,"));

	expect_err(-EINVAL, "missing ue-ipv4-pool",
		   "session generate count 2 local-teid 1 remote-teid 1 peer 192.0.2.3");
	expect_err(-EINVAL, "bad count '0'",
		   "session generate count 0 local-teid 1 remote-teid 1 peer 192.0.2.3 "
		   "ue-ipv4-pool 10.8.0.0/24");
	expect_err(-EINVAL, "bad ue-ipv4-pool '10.8.0.0/32'",
		   "session generate count 1 local-teid 1 remote-teid 1 peer 192.0.2.3 "
		   "ue-ipv4-pool 10.8.0.0/32");
	expect_err(-EINVAL, "bad ue-ipv6-pool '2001:db8::/96'",
		   "session generate count 1 local-teid 1 remote-teid 1 peer 192.0.2.3 "
		   "ue-ipv4-pool 10.8.0.0/24 ue-ipv6-pool 2001:db8::/96");
	expect_err(-EINVAL, "ue-ipv4-pool /30 holds 3 addresses, 4 requested",
		   "session generate count 4 local-teid 1 remote-teid 1 peer 192.0.2.3 "
		   "ue-ipv4-pool 10.8.0.0/30");
	expect_err(-EINVAL, "ue-ipv6-pool /63 holds 2 /64 prefixes, 3 requested",
		   "session generate count 3 local-teid 1 remote-teid 1 peer 192.0.2.3 "
		   "ue-ipv4-pool 10.8.0.0/24 ue-ipv6-pool 2001:db8::/63");
	expect_err(-EINVAL, "run past 4294967295",
		   "session generate count 2 local-teid 0xffffffff remote-teid 1 peer 192.0.2.3 "
		   "ue-ipv4-pool 10.8.0.0/24");
	expect_err(-EEXIST, "session 10: local-teid 1000 already exists",
		   "session generate count 11 local-teid 990 remote-teid 1 peer 192.0.2.3 "
		   "ue-ipv4-pool 10.8.0.0/24");
	expect_err(-EEXIST, "session 0: ue-ipv4 10.9.0.1 already belongs to local-teid 1000",
		   "session generate count 5 local-teid 1 remote-teid 1 peer 192.0.2.3 "
		   "ue-ipv4-pool 10.9.0.0/16");
	expect_err(-ENETUNREACH, "no route to peer 203.0.113.3",
		   "session generate count 5 local-teid 1 remote-teid 1 peer 203.0.113.3 "
		   "ue-ipv4-pool 10.8.0.0/24");
	expect_err(-ENOSPC, "session table full: 45 requested, 44 free",
		   "session generate count 45 local-teid 1 remote-teid 1 peer 192.0.2.3 "
		   "ue-ipv4-pool 10.8.0.0/24");
	CU_ASSERT_EQUAL(sess_table_pending(small_t), 0);
}

static void
test_ctl_sess_summary(void)
{
	char buf[4096];

	reset();
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 1 remote-teid 1 peer 192.0.2.1 ue-ipv4 "
			    "10.0.0.1 qfi 1"),
			0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 2 remote-teid 2 peer 192.0.2.1 ue-ipv6 "
			    "2001:db8::2 volte"),
			0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 3 remote-teid 3 peer 192.0.2.1 ue-ipv4 "
			    "10.0.0.3 ue-ipv6 2001:db8::3 volte qfi 5"),
			0);
	CU_ASSERT_EQUAL(sess_table_flags_set(small_t, 3, SESS_F_ERR_IND, 0), 0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session delete local-teid 1"), 0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 1 remote-teid 1 peer 192.0.2.1 ue-ipv4 "
			    "10.0.0.1"),
			0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "show subscribers summary"), 0);
	CU_ASSERT(has(buf, "\"total_subscribers\": 3,"));
	CU_ASSERT(has(buf, "\"ipv4_only\": 1,"));
	CU_ASSERT(has(buf, "\"ipv6_only\": 1,"));
	CU_ASSERT(has(buf, "\"dual_stack\": 1,"));
	CU_ASSERT(has(buf, "\"with_qfi\": 1,"));
	CU_ASSERT(has(buf, "\"volte\": 2,"));
	CU_ASSERT(has(buf, "\"error_indication_marked\": 1,"));
	CU_ASSERT(has(buf, "\"capacity\": 64,"));
	CU_ASSERT(has(buf, "\"free\": 61,"));
	CU_ASSERT(has(buf, "\"pending_reclaim\": 0,"));
	CU_ASSERT(has(buf, "\"memory_per_session_bytes\": "));
	expect_err(-EINVAL, "takes no arguments", "show subscribers summary x");
	CU_ASSERT_EQUAL(run(CTL_REPLY_TEXT, buf, sizeof(buf),
			    "show subscribers summary"), 0);
	CU_ASSERT(has(buf, "Total subscribers"));
}

/*
 * Stop the loop once nothing waits for reclaim (the reclaim timer polls
 * grace periods without waiting, so it may take a few turns), or after
 * STOP_MAX_FIRES checks: bounded by count, not by time.
 */
#define STOP_MAX_FIRES	2000
static unsigned int stop_fires;

static void
stop_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	if (sess_table_pending(small_t) == 0 || ++stop_fires >= STOP_MAX_FIRES)
		ctl_loop_stop(loop);
}

static void
test_ctl_sess_reclaim_timer(void)
{
	char err[CTL_SESS_ERR_LEN];
	struct ctl_sess_opts o = {
		.nh_get = fake_nh_get, .nh_put = fake_nh_put, .reclaim_ms = 5,
		.sweep_ms = 40,
	};
	struct sess_params p;
	struct ctl_loop *loop;
	struct ctl_timer *stop;
	char *argv[] = {
		"local-teid", "9", "remote-teid", "9", "peer", "192.0.2.1",
		"ue-ipv4", "10.3.0.9",
	};

	reset();
	ctl_sess_fini();
	loop = ctl_loop_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(loop);
	CU_ASSERT_EQUAL(ctl_sess_init_opts(small_t, loop, &o), 0);
	CU_ASSERT_EQUAL(ctl_sess_init_opts(small_t, loop, &o), -EALREADY);
	CU_ASSERT_EQUAL(ctl_sess_parse_create(8, argv, &p, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(ctl_sess_create(&p, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(ctl_sess_delete(9, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(sess_table_pending(small_t), 1);
	/* The reclaim headroom holds the slot: the table is not fuller. */
	CU_ASSERT_EQUAL(sess_table_free_slots(small_t), SMALL_CAP);
	CU_ASSERT_EQUAL(sess_table_pending_slots(small_t), 1);
	stop_fires = 0;
	stop = ctl_loop_timer_add(loop, 5, 5, stop_cb, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(stop);
	CU_ASSERT_EQUAL(ctl_loop_run(loop), 0);
	CU_ASSERT_EQUAL(sess_table_pending(small_t), 0);
	CU_ASSERT_EQUAL(sess_table_pending_slots(small_t), 0);
	CU_ASSERT_EQUAL(sess_table_free_slots(small_t), SMALL_CAP);
	/* Twice: the one-shot timer is re-armed by the next change. */
	CU_ASSERT_EQUAL(ctl_sess_create(&p, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(ctl_sess_delete(9, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(sess_table_pending(small_t), 1);
	stop_fires = 0;
	CU_ASSERT_EQUAL(ctl_loop_timer_set(stop, 5, 5), 0);
	CU_ASSERT_EQUAL(ctl_loop_run(loop), 0);
	CU_ASSERT_EQUAL(sess_table_pending(small_t), 0);
	/* Through ctl_sess_flags_set: scheduled like any change. */
	CU_ASSERT_EQUAL(ctl_sess_create(&p, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(ctl_sess_flags_set(9, SESS_F_ERR_IND, 0), 0);
	CU_ASSERT_EQUAL(ctl_sess_flags_set(10, SESS_F_ERR_IND, 0), -ENOENT);
	CU_ASSERT_EQUAL(sess_table_pending(small_t), 1);
	stop_fires = 0;
	CU_ASSERT_EQUAL(ctl_loop_timer_set(stop, 5, 5), 0);
	CU_ASSERT_EQUAL(ctl_loop_run(loop), 0);
	CU_ASSERT_EQUAL(sess_table_pending(small_t), 0);
	/* A change behind the module's back is swept periodically. */
	CU_ASSERT_EQUAL(sess_table_flags_set(small_t, 9, 0, SESS_F_ERR_IND),
			0);
	CU_ASSERT_EQUAL(sess_table_pending(small_t), 1);
	stop_fires = 0;
	CU_ASSERT_EQUAL(ctl_loop_timer_set(stop, 5, 5), 0);
	CU_ASSERT_EQUAL(ctl_loop_run(loop), 0);
	CU_ASSERT_EQUAL(sess_table_pending(small_t), 0);
	CU_ASSERT_EQUAL(ctl_sess_delete(9, err, sizeof(err)), 0);
	ctl_loop_timer_del(stop);
	ctl_sess_fini();
	ctl_loop_free(loop);
	/* Back to synchronous reclaim for the other tests. */
	o.reclaim_ms = 0;
	CU_ASSERT_EQUAL(ctl_sess_init_opts(small_t, NULL, &o), 0);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_ctl_sess_million(void)
{
	struct ctl_sess_opts o = { .nh_get = fake_nh_get, .nh_put = fake_nh_put };
	char buf[4096], path[128], err[CTL_SESS_ERR_LEN];
	struct sess_table *big;
	double t0, t_gen, t_del, t_load;
	FILE *f;
	uint32_t i;

	reset();
	ctl_sess_fini();
	big = sess_table_create(BIG_N, 2, (int)rte_socket_id());
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	CU_ASSERT_EQUAL_FATAL(ctl_sess_init_opts(big, NULL, &o), 0);

	t0 = now_s();
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session generate count 1000000 local-teid 1 remote-teid 1 peer "
			    "192.0.2.1 ue-ipv4-pool 10.0.0.0/8 ue-ipv6-pool 2001:db8::/32 qfi 9"),
			0);
	t_gen = now_s() - t0;
	CU_ASSERT(has(buf, "\"generated\": 1000000"));
	CU_ASSERT_EQUAL(sess_table_count(big), BIG_N);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 2000000 remote-teid 2000000 peer 192.0.2.1 "
			    "ue-ipv4 11.0.0.1"),
			-ENOSPC);
	t0 = now_s();
	CU_ASSERT_EQUAL(ctl_sess_delete_all(err, sizeof(err)), (int)BIG_N);
	t_del = now_s() - t0;
	CU_ASSERT_EQUAL(sess_table_count(big), 0);
	CU_ASSERT_EQUAL(nh_refs, 0);

	snprintf(path, sizeof(path), "%s/million.txt", tmpdir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (i = 1; i <= BIG_N; i++)
		fprintf(f, "local-teid %u remote-teid %u peer 192.0.2.1 ue-ipv4 10.%u.%u.%u\n",
			i, i, (i >> 16) & 255, (i >> 8) & 255, i & 255);
	fclose(f);
	t0 = now_s();
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf), "session load %s",
			    path), 0);
	t_load = now_s() - t0;
	CU_ASSERT(has(buf, "\"loaded\": 1000000"));
	CU_ASSERT_EQUAL(sess_table_count(big), BIG_N);
	printf("\n  1M sessions: generate %.3f s, delete all %.3f s, load from file %.3f s\n",
	       t_gen, t_del, t_load);
	CU_ASSERT_EQUAL(ctl_sess_delete_all(err, sizeof(err)), (int)BIG_N);
	unlink(path);
	ctl_sess_fini();
	sess_table_free(big);
	CU_ASSERT_EQUAL(nh_refs, 0);
	CU_ASSERT_EQUAL(ctl_sess_init_opts(small_t, NULL, &o), 0);
}

/* Bulk operations in slices: what the reactor saw while one ran. */
struct bulk_obs {
	struct ctl_loop	*loop;
	struct sess_table *t;
	uint32_t	total;
	unsigned int	ticks_busy;	/* timer ran while the job ran */
	unsigned int	ticks_partial;	/* ... with a partly done table */
	unsigned int	busy_refusals;	/* create refused with -EBUSY */
	bool		done;
	int		ret;
	char		err[CTL_SESS_ERR_LEN];
};

static void
bulk_tick_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	struct bulk_obs *o = arg;
	struct sess_params p = { 0 };
	char err[CTL_SESS_ERR_LEN];
	uint32_t n;

	(void)loop;
	(void)t;
	if (!ctl_sess_bulk_busy())
		return;
	o->ticks_busy++;
	n = sess_table_count(o->t);
	if (n > 0 && n < o->total)
		o->ticks_partial++;
	p.teid_local = 0xfffffff0u;
	p.teid_remote = 1;
	p.peer_af = 4;
	p.peer_addr[0] = 192;
	p.peer_addr[2] = 2;
	p.peer_addr[3] = 1;
	p.has_ue4 = true;
	p.ue4[0] = 11;
	if (ctl_sess_create(&p, err, sizeof(err)) == -EBUSY &&
	    strstr(err, "is running") != NULL)
		o->busy_refusals++;
}

static void
bulk_done_cb(void *arg, int ret, const char *err, uint64_t elapsed_ms)
{
	struct bulk_obs *o = arg;

	(void)elapsed_ms;
	o->done = true;
	o->ret = ret;
	snprintf(o->err, sizeof(o->err), "%s", err);
	ctl_loop_stop(o->loop);
}

/* A table of @n sessions and a reactor, no session manager yet. */
static void
bulk_obs_setup(struct bulk_obs *o, uint32_t n)
{
	reset();
	ctl_sess_fini();
	o->t = sess_table_create(n, 2, (int)rte_socket_id());
	CU_ASSERT_PTR_NOT_NULL_FATAL(o->t);
	o->loop = ctl_loop_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(o->loop);
}

/* Run a delete all of the @n sessions of @o to its end. */
static void
bulk_delete_all_run(struct bulk_obs *o, uint32_t n)
{
	char err[CTL_SESS_ERR_LEN];

	CU_ASSERT_EQUAL_FATAL(ctl_sess_bulk_start(CTL_SESS_BULK_DELETE_ALL,
						  NULL, NULL, bulk_done_cb,
						  o, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(ctl_loop_run(o->loop), 0);
	CU_ASSERT_EQUAL(o->ret, (int)n);
	CU_ASSERT_EQUAL(sess_table_count(o->t), 0);
}

/* Generate @n sessions: TEIDs from 1, peer 192.0.2.1, UEs in 10/8. */
static void
bulk_gen_req(struct ctl_sess_gen *g, uint32_t n)
{
	memset(g, 0, sizeof(*g));
	g->count = n;
	g->teid_local_base = 1;
	g->teid_remote_base = 1;
	g->peer_af = 4;
	g->peer_addr[0] = 192;
	g->peer_addr[2] = 2;
	g->peer_addr[3] = 1;
	g->ue4_pool[0] = 10;
	g->ue4_plen = 8;
}

static void
test_ctl_sess_bulk_async(void)
{
	struct ctl_sess_opts opts = {
		.nh_get = fake_nh_get, .nh_put = fake_nh_put,
	};
	struct ctl_sess_gen g = { 0 };
	char err[CTL_SESS_ERR_LEN], path[128];
	struct bulk_obs o = { 0 };
	struct ctl_timer *tick;
	const uint32_t n = 300000;
	uint32_t i;
	FILE *f;

	bulk_obs_setup(&o, n);
	/* Without a reactor there is nothing to run the slices. */
	CU_ASSERT_EQUAL(ctl_sess_init_opts(o.t, NULL, &opts), 0);
	CU_ASSERT_EQUAL(ctl_sess_bulk_start(CTL_SESS_BULK_DELETE_ALL, NULL,
					    NULL, bulk_done_cb, &o, err,
					    sizeof(err)), -EOPNOTSUPP);
	ctl_sess_fini();
	CU_ASSERT_EQUAL_FATAL(ctl_sess_init_opts(o.t, o.loop, &opts), 0);
	tick = ctl_loop_timer_add(o.loop, 1, 1, bulk_tick_cb, &o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tick);

	/* Generate: the loop keeps running timers while sessions go in. */
	bulk_gen_req(&g, n);
	o.total = n;
	CU_ASSERT_EQUAL_FATAL(ctl_sess_bulk_start(CTL_SESS_BULK_GENERATE, NULL,
						  &g, bulk_done_cb, &o, err,
						  sizeof(err)), 0);
	CU_ASSERT(ctl_sess_bulk_busy());
	/* A second job and the synchronous calls wait their turn. */
	CU_ASSERT_EQUAL(ctl_sess_bulk_start(CTL_SESS_BULK_DELETE_ALL, NULL,
					    NULL, bulk_done_cb, &o, err,
					    sizeof(err)), -EBUSY);
	CU_ASSERT_EQUAL(ctl_sess_delete_all(err, sizeof(err)), -EBUSY);
	CU_ASSERT_FALSE(o.done);
	CU_ASSERT_EQUAL(ctl_loop_run(o.loop), 0);
	CU_ASSERT(o.done);
	CU_ASSERT_EQUAL(o.ret, (int)n);
	CU_ASSERT_EQUAL(sess_table_count(o.t), n);
	CU_ASSERT(o.ticks_busy > 0);
	CU_ASSERT(o.ticks_partial > 0);
	CU_ASSERT_EQUAL(o.busy_refusals, o.ticks_busy);
	CU_ASSERT_FALSE(ctl_sess_bulk_busy());
	CU_ASSERT_EQUAL(nh_refs, (int64_t)n);

	/* Delete all, in slices too. */
	memset(&o.ticks_busy, 0, sizeof(o) - offsetof(struct bulk_obs,
						      ticks_busy));
	bulk_delete_all_run(&o, n);
	CU_ASSERT(o.ticks_busy > 0);
	CU_ASSERT_EQUAL(nh_refs, 0);

	/* A load that fails on its last line leaves nothing behind. */
	snprintf(path, sizeof(path), "%s/bulk.txt", tmpdir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (i = 1; i < n; i++)
		fprintf(f, "local-teid %u remote-teid %u peer 192.0.2.1 ue-ipv4 10.%u.%u.%u\n",
			i, i, (i >> 16) & 255, (i >> 8) & 255, i & 255);
	fprintf(f, "local-teid %u remote-teid 9 peer 198.51.100.1 ue-ipv4 11.0.0.1\n",
		n);
	fclose(f);
	memset(&o.ticks_busy, 0, sizeof(o) - offsetof(struct bulk_obs,
						      ticks_busy));
	CU_ASSERT_EQUAL_FATAL(ctl_sess_bulk_start(CTL_SESS_BULK_LOAD, path,
						  NULL, bulk_done_cb, &o, err,
						  sizeof(err)), 0);
	CU_ASSERT_EQUAL(ctl_loop_run(o.loop), 0);
	CU_ASSERT_EQUAL(o.ret, -ENETUNREACH);
	CU_ASSERT(strstr(o.err, "bulk.txt:300000: no route to peer") != NULL);
	CU_ASSERT_EQUAL(sess_table_count(o.t), 0);
	CU_ASSERT_EQUAL(nh_refs, 0);
	CU_ASSERT(o.ticks_busy > 0);
	/* A load that cannot open its file fails before it starts. */
	CU_ASSERT_EQUAL(ctl_sess_bulk_start(CTL_SESS_BULK_LOAD, "/nonexistent/x",
					    NULL, bulk_done_cb, &o, err,
					    sizeof(err)), -ENOENT);
	CU_ASSERT_FALSE(ctl_sess_bulk_busy());
	unlink(path);

	ctl_loop_timer_del(tick);
	ctl_sess_fini();
	ctl_loop_free(o.loop);
	sess_table_free(o.t);
	CU_ASSERT_EQUAL(ctl_sess_init_opts(small_t, NULL, &opts), 0);
}

/*
 * Every slice of a generate and of a delete all does at most its item
 * budget, listing the sessions to delete included (it used to walk the
 * whole table in one step), and the jobs still complete.
 */
static void
test_ctl_sess_bulk_slice_bounded(void)
{
	struct ctl_sess_opts opts = {
		.nh_get = fake_nh_get, .nh_put = fake_nh_put,
	};
	struct ctl_sess_bulk_stats st0, st;
	struct ctl_sess_gen g = { 0 };
	char err[CTL_SESS_ERR_LEN];
	struct bulk_obs o = { 0 };
	const uint32_t n = 20000, max = 500;

	bulk_obs_setup(&o, n);
	CU_ASSERT_EQUAL_FATAL(ctl_sess_init_opts(o.t, o.loop, &opts), 0);
	ctl_sess_bulk_slice_set(max);

	bulk_gen_req(&g, n);
	o.total = n;
	ctl_sess_bulk_stats_get(&st0);
	CU_ASSERT_EQUAL_FATAL(ctl_sess_bulk_start(CTL_SESS_BULK_GENERATE, NULL,
						  &g, bulk_done_cb, &o, err,
						  sizeof(err)), 0);
	CU_ASSERT_EQUAL(ctl_loop_run(o.loop), 0);
	CU_ASSERT_EQUAL(o.ret, (int)n);
	ctl_sess_bulk_stats_get(&st);
	CU_ASSERT(st.max_slice_items <= max);
	/* Check and add: two items per session. */
	CU_ASSERT(st.n_items - st0.n_items >= 2 * (uint64_t)n);
	CU_ASSERT(st.n_slices - st0.n_slices >= 2 * n / max);

	o.done = false;
	st0 = st;
	bulk_delete_all_run(&o, n);
	ctl_sess_bulk_stats_get(&st);
	CU_ASSERT(st.max_slice_items <= max);
	/* List and delete: two items per session. */
	CU_ASSERT(st.n_items - st0.n_items >= 2 * (uint64_t)n);
	CU_ASSERT(st.n_slices - st0.n_slices >= 2 * n / max);
	CU_ASSERT_EQUAL(nh_refs, 0);

	ctl_sess_bulk_slice_set(0);
	ctl_sess_fini();
	ctl_loop_free(o.loop);
	sess_table_free(o.t);
	CU_ASSERT_EQUAL(ctl_sess_init_opts(small_t, NULL, &opts), 0);
}

static int
suite_init(void)
{
	struct ctl_sess_opts o = { .nh_get = fake_nh_get, .nh_put = fake_nh_put };

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/t_ctl_sess.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	ctl_api_reset();
	small_t = sess_table_create(SMALL_CAP, 2, (int)rte_socket_id());
	if (small_t == NULL)
		return -1;
	return ctl_sess_init_opts(small_t, NULL, &o) == 0 ? 0 : -1;
}

static int
suite_clean(void)
{
	char cmd[128];

	ctl_sess_fini();
	sess_table_free(small_t);
	ctl_api_reset();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Is the session at (@af, @peer, @teid) the one with local TEID @local? */
static int
remote_is(uint8_t af, const char *peer, uint32_t teid, uint32_t local)
{
	const struct sess *s;
	uint8_t a[16] = { 0 };

	CU_ASSERT_FATAL(inet_pton(af == 4 ? AF_INET : AF_INET6, peer, a) == 1);
	s = sess_table_lookup_remote(small_t, af, a, teid);
	if (local == 0)
		return s == NULL;
	return s != NULL && s->p.teid_local == local;
}

static void
test_ctl_sess_remote_duplicate_refused(void)
{
	char buf[4096], path[128], msg[256];
	const char *used =
		"peer 192.0.2.20 remote-teid 512 (0x200) already used by local-teid 256";

	reset();
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 0x100 remote-teid 0x200 peer 192.0.2.20 "
			    "ue-ipv4 10.3.0.1"), 0);
	/* Create: same peer and remote TEID. */
	expect_err(-EEXIST, used,
		   "session create local-teid 0x101 remote-teid 0x200 peer 192.0.2.20 "
		   "ue-ipv4 10.3.0.2");
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(small_t, 0x101));
	/* The same TEID at another peer (v4 or v6) is another key. */
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 0x101 remote-teid 0x200 peer 192.0.2.21 "
			    "ue-ipv4 10.3.0.2"), 0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 0x102 remote-teid 0x200 peer 2001:db8:ff::20 "
			    "ue-ipv4 10.3.0.3"), 0);
	CU_ASSERT(remote_is(4, "192.0.2.20", 0x200, 0x100));
	CU_ASSERT(remote_is(4, "192.0.2.21", 0x200, 0x101));
	CU_ASSERT(remote_is(6, "2001:db8:ff::20", 0x200, 0x102));

	/* Modify: moving to the used peer, or to the used remote TEID. */
	expect_err(-EEXIST, used,
		   "session modify local-teid 0x101 peer 192.0.2.20");
	CU_ASSERT_EQUAL(sess_table_lookup_teid(small_t, 0x101)->p.peer_addr[3],
			21);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session create local-teid 0x103 remote-teid 0x201 peer 192.0.2.20 "
			    "ue-ipv4 10.3.0.4"), 0);
	expect_err(-EEXIST, used,
		   "session modify local-teid 0x103 remote-teid 0x200");
	CU_ASSERT_EQUAL(sess_table_lookup_teid(small_t, 0x103)->p.teid_remote,
			0x201);
	CU_ASSERT(remote_is(4, "192.0.2.20", 0x201, 0x103));
	CU_ASSERT(remote_is(4, "192.0.2.20", 0x200, 0x100));
	/* Its own key is not a conflict; a move frees the old key. */
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session modify local-teid 0x100 remote-teid 0x200 peer 192.0.2.20"),
			0);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session modify local-teid 0x103 remote-teid 0x202"), 0);
	CU_ASSERT(remote_is(4, "192.0.2.20", 0x201, 0));
	CU_ASSERT(remote_is(4, "192.0.2.20", 0x202, 0x103));

	/* Load: against the table. */
	snprintf(path, sizeof(path), "%s/remote.txt", tmpdir);
	write_file(path,
		   "local-teid 0x300 remote-teid 0x300 peer 192.0.2.20 ue-ipv4 10.3.1.1\n"
		   "local-teid 0x301 remote-teid 0x200 peer 192.0.2.20 ue-ipv4 10.3.1.2\n");
	snprintf(msg, sizeof(msg), "%s:2: %s", path, used);
	snprintf(buf, sizeof(buf), "session load %s", path);
	expect_err(-EEXIST, msg, buf);
	CU_ASSERT(remote_is(4, "192.0.2.20", 0x300, 0));

	/* Load: within the file (IPv6 peer, not yet in the table). */
	write_file(path,
		   "local-teid 0x300 remote-teid 0x300 peer 2001:db8:ff::1 ue-ipv4 10.3.1.1\n"
		   "local-teid 0x301 remote-teid 0x300 peer 192.0.2.20 ue-ipv4 10.3.1.2\n"
		   "local-teid 0x302 remote-teid 0x300 peer 2001:db8:ff::1 ue-ipv4 10.3.1.3\n");
	snprintf(msg, sizeof(msg),
		 "%s:3: peer 2001:db8:ff::1 remote-teid 768 (0x300) repeats line 1",
		 path);
	expect_err(-EEXIST, msg, buf);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(small_t, 0x300));

	/* The same TEID at two peers loads. */
	write_file(path,
		   "local-teid 0x300 remote-teid 0x300 peer 2001:db8:ff::1 ue-ipv4 10.3.1.1\n"
		   "local-teid 0x301 remote-teid 0x300 peer 192.0.2.20 ue-ipv4 10.3.1.2\n");
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf), "session load %s",
			    path), 0);
	CU_ASSERT(has(buf, "\"loaded\": 2"));
	CU_ASSERT(remote_is(6, "2001:db8:ff::1", 0x300, 0x300));
	CU_ASSERT(remote_is(4, "192.0.2.20", 0x300, 0x301));

	/* Generate: the second session would send to 0x200 at the peer. */
	expect_err(-EEXIST, "session 1: peer 192.0.2.20 remote-teid 512 (0x200) "
		   "already used by local-teid 256",
		   "session generate count 3 local-teid 5000 remote-teid 0x1ff peer "
		   "192.0.2.20 ue-ipv4-pool 10.4.0.0/24");
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(small_t, 5000));
	CU_ASSERT_EQUAL(sess_table_pending(small_t), 0);
	unlink(path);
}

/* The timers' rule: absolute from the start, idle from the last packet
 * (never before the start), absolute first, 0 is no timeout. */
struct timer_case {
	uint32_t		idle_s, abs_s;
	uint64_t		start, last, now;
	enum ctl_sess_expiry	want;
	int64_t			idle_left, abs_left;
};

static const struct timer_case cases[] = {
	/* No timeouts. */
	{ 0, 0, 1000, 0, 999999, CTL_SESS_EXP_NONE, -1, -1 },
	/* Absolute 10 s from 1000: 4 s left at 7000, over at 11000. */
	{ 0, 10, 1000, 0, 7000, CTL_SESS_EXP_NONE, -1, 4000 },
	{ 0, 10, 1000, 0, 11000, CTL_SESS_EXP_ABSOLUTE, -1, 0 },
	/* A restart (later start) gives the full lifetime again. */
	{ 0, 10, 9000, 0, 11000, CTL_SESS_EXP_NONE, -1, 8000 },
	/* Idle 3 s: packets push it back; older packets count as the
	 * start. */
	{ 3, 0, 1000, 5000, 7000, CTL_SESS_EXP_NONE, 1000, -1 },
	{ 3, 0, 1000, 5000, 8000, CTL_SESS_EXP_IDLE, 0, -1 },
	{ 3, 0, 6000, 100, 8000, CTL_SESS_EXP_NONE, 1000, -1 },
	/* Both over: absolute is the cause. */
	{ 3, 5, 1000, 0, 9000, CTL_SESS_EXP_ABSOLUTE, 0, 0 },
};

static void
test_ctl_sess_timer_eval(void)
{
	struct ctl_sess_timer_left l;
	unsigned int i;

	CU_ASSERT_EQUAL(ctl_sess_timeout_eff(0, 30), 30);
	CU_ASSERT_EQUAL(ctl_sess_timeout_eff(5, 30), 5);
	CU_ASSERT_EQUAL(ctl_sess_timeout_eff(SESS_TIMEOUT_NONE, 30), 0);
	CU_ASSERT_EQUAL(ctl_sess_timeout_eff(0, 0), 0);

	for (i = 0; i < RTE_DIM(cases); i++) {
		const struct timer_case *c = &cases[i];

		CU_ASSERT_EQUAL(ctl_sess_timer_eval(c->idle_s, c->abs_s,
						    c->start, c->last, c->now,
						    &l), c->want);
		CU_ASSERT_EQUAL(l.idle_ms, c->idle_left);
		CU_ASSERT_EQUAL(l.abs_ms, c->abs_left);
	}
	/* The longest timeout does not overflow. */
	CU_ASSERT_EQUAL(ctl_sess_timer_eval(CTL_SESS_TIMEOUT_MAX,
					    CTL_SESS_TIMEOUT_MAX, 1, 0, 2, &l),
			CTL_SESS_EXP_NONE);
	CU_ASSERT(l.abs_ms > 0 && l.idle_ms > 0);
}

/* Count the sessions of small_t still there among @teids. */
static unsigned int
timer_alive(const uint32_t *teids, unsigned int n)
{
	unsigned int i, k = 0;

	for (i = 0; i < n; i++)
		if (sess_table_lookup_teid(small_t, teids[i]) != NULL)
			k++;
	return k;
}

/* Run a whole expiry pass at @now (slices of @max); @return turns. */
static unsigned int
timer_pass(uint64_t now, uint32_t max)
{
	unsigned int turns = 0;
	bool done = false;

	while (!done && turns < 1000) {
		ctl_sess_timer_step(now, max, &done);
		turns++;
	}
	return turns;
}

/*
 * Overrides through session create, defaults, the sliced pass, expiry
 * counters, no expiry on a standby, and the full-lifetime restart.
 */
static void
test_ctl_sess_timers(void)
{
	static const uint32_t teids[] = { 1, 2, 3, 4, 5 };
	/* Own timers of sessions 1..5: 1 takes the defaults, 4 has none. */
	static const char *const own[] = {
		"", "absolute-timeout 5", "idle-timeout 2",
		"idle-timeout 0 absolute-timeout 0",
		"idle-timeout 0 absolute-timeout 200",
	};
	/* What show subscribers says of 1 (defaults) and 4 (none). */
	static const struct {
		unsigned int	teid;
		const char	*want;
	} shown[] = {
		{ 1, "\"idle_timeout_s\": 60," },
		{ 1, "\"absolute_timeout_s\": 100," },
		{ 4, "\"idle_timeout_s\": 0," },
		{ 4, "\"idle_remaining_s\": -1," },
		{ 4, "\"absolute_remaining_s\": -1" },
	};
	struct ctl_sess_timer_stats st;
	struct ctl_sess_timer_stats st0;
	const struct sess *s;
	unsigned int i;
	uint64_t c;
	char buf[4096];

	reset();
	ctl_sess_timer_reset();
	expect_err(-EINVAL, "bad idle-timeout 'x'",
		   "session create local-teid 9 remote-teid 9 peer 192.0.2.1 "
		   "ue-ipv4 10.0.0.9 idle-timeout x");
	expect_err(-EINVAL, "bad absolute-timeout '2147483648'",
		   "session create local-teid 9 remote-teid 9 peer 192.0.2.1 "
		   "ue-ipv4 10.0.0.9 absolute-timeout 2147483648");
	expect_err(-EINVAL, "bad absolute-timeout '-1'",
		   "session create local-teid 9 remote-teid 9 peer 192.0.2.1 "
		   "ue-ipv4 10.0.0.9 absolute-timeout -1");
	for (i = 0; i < RTE_DIM(own); i++)
		CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
				    "session create local-teid %u remote-teid "
				    "%u peer 192.0.2.1 ue-ipv4 10.0.0.%u %s",
				    i + 1, i + 1, i + 1, own[i]), 0);
	CU_ASSERT_EQUAL(sess_table_lookup_teid(small_t, 4)->p.idle_timeout_s,
			SESS_TIMEOUT_NONE);
	/* Overrides survive a modify; a modify sets or clears them. */
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session modify local-teid 2 qfi 3"), 0);
	CU_ASSERT_EQUAL(sess_table_lookup_teid(small_t, 2)->p.abs_timeout_s, 5);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session modify local-teid 2 idle-timeout 7"), 0);
	CU_ASSERT_EQUAL(sess_table_lookup_teid(small_t, 2)->p.idle_timeout_s, 7);
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "session modify local-teid 2 idle-timeout default"),
			0);
	CU_ASSERT_EQUAL(sess_table_lookup_teid(small_t, 2)->p.idle_timeout_s, 0);
	CU_ASSERT_EQUAL(sess_table_lookup_teid(small_t, 2)->p.abs_timeout_s, 5);
	expect_err(-EINVAL, "bad absolute-timeout 'soon'",
		   "session modify local-teid 2 absolute-timeout soon");
	ctl_sess_timer_defaults_set(60, 100);
	for (i = 0; i < RTE_DIM(shown); i++) {
		CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
				    "show subscribers local-teid %u",
				    shown[i].teid), 0);
		CU_ASSERT(has(buf, shown[i].want));
	}

	/* All created at about c: nothing expires before 2 s. */
	c = sess_table_lookup_teid(small_t, 5)->created_ms;
	timer_pass(c, 0);
	CU_ASSERT_EQUAL(timer_alive(teids, 5), 5);
	/* A standby never expires anything. */
	ctl_sess_timer_standby();
	timer_pass(c + 1000000, 0);
	CU_ASSERT_EQUAL(timer_alive(teids, 5), 5);
	ctl_sess_timer_stats_get(&st0);
	CU_ASSERT_FALSE(st0.running);
	/* Becoming active restarts the timers from now (wall clock). */
	ctl_sess_timer_role(true);
	ctl_sess_timer_stats_get(&st);
	CU_ASSERT_TRUE(st.running);
	CU_ASSERT_EQUAL(st.n_restarts, 1);
	CU_ASSERT(st.last_restart_ms >= c);
	c = st.last_restart_ms;
	/* 3 idles out after 2 s (no packet), in slices of 2 sessions. */
	CU_ASSERT_EQUAL(timer_pass(c + 2500, 2), 3);
	CU_ASSERT_EQUAL(timer_alive(teids, 5), 4);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(small_t, 3));
	/* A packet keeps 2 from idling; 2's lifetime (5 s) ends anyway. */
	s = sess_table_lookup_teid(small_t, 1);
	sess_table_cnt(small_t, 0)[s->slot].last_tsc = rte_rdtsc();
	timer_pass(c + 5500, 0);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(small_t, 2));
	CU_ASSERT_EQUAL(timer_alive(teids, 5), 3);
	ctl_sess_timer_stats_get(&st);
	CU_ASSERT_EQUAL(st.n_idle, 1);
	CU_ASSERT_EQUAL(st.n_absolute, 1);
	CU_ASSERT(st.max_slice <= CTL_SESS_TIMER_SLICE);
	/* Defaults: 1 goes at 100 s absolute; 4 (none) and 5 (own 200 s)
	 * stay until 5's 200 s. */
	timer_pass(c + 150000, 0);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(small_t, 1));
	CU_ASSERT_EQUAL(timer_alive(teids, 5), 2);
	timer_pass(c + 250000, 0);
	CU_ASSERT_EQUAL(timer_alive(teids, 5), 1);
	CU_ASSERT_PTR_NOT_NULL(sess_table_lookup_teid(small_t, 4));
	CU_ASSERT_EQUAL(run(CTL_REPLY_JSON, buf, sizeof(buf),
			    "show subscribers timers"), 0);
	CU_ASSERT(has(buf, "\"expired_absolute\": 3,"));
	CU_ASSERT(has(buf, "\"expired_idle\": 1,"));
	CU_ASSERT(has(buf, "\"full_lifetime_restarts\": 1,"));
	expect_err(-EINVAL, "takes no arguments", "show subscribers timers x");
	ctl_sess_timer_reset();
	reset();
}

static CU_TestInfo ctl_sess_tests[] = {
	{ "timer_eval", test_ctl_sess_timer_eval },
	{ "timers", test_ctl_sess_timers },
	{ "teid_parse", test_ctl_sess_teid_parse },
	{ "create_show", test_ctl_sess_create_show },
	{ "create_refused", test_ctl_sess_create_refused },
	{ "modify", test_ctl_sess_modify },
	{ "delete", test_ctl_sess_delete },
	{ "load", test_ctl_sess_load },
	{ "load_capacity", test_ctl_sess_load_capacity },
	{ "load_not_regular", test_ctl_sess_load_not_regular },
	{ "generate", test_ctl_sess_generate },
	{ "gate", test_ctl_sess_gate },
	{ "summary", test_ctl_sess_summary },
	{ "rule_drop", test_ctl_sess_rule_drop },
	{ "remote_duplicate_refused", test_ctl_sess_remote_duplicate_refused },
	{ "reclaim_timer", test_ctl_sess_reclaim_timer },
	{ "repl_full_pending_reclaim",
	  test_ctl_sess_repl_full_pending_reclaim },
	{ "million", test_ctl_sess_million },
	{ "bulk_async", test_ctl_sess_bulk_async },
	{ "bulk_slice_bounded", test_ctl_sess_bulk_slice_bounded },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_sess", suite_init, suite_clean, NULL, NULL, ctl_sess_tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	char *eal_args[] = { UT_EAL_ARGS_NO_PORTS, NULL };

	(void)argc;
	return ut_eal_main(argv[0], "t_ctl_sess_", eal_args, suites);
}
