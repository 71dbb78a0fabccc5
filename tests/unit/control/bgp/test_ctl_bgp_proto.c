/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the BIRD "show protocols all" reader (ctl_bgp_proto):
 * replies captured from a real BIRD 2.0.12 over its control socket
 * (tests/vectors/bgp/: one session Established, one Active, one Idle;
 * the same with the Established one disabled), and malformed replies.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "bgp/ctl_bgp_proto.h"
#include "support/ut_run.h"

#define TEST_ALARM_S	30

static char *
vec_load(const char *name, size_t *len)
{
	const char *dir = getenv("SRPGW_VECTORS");
	char path[1024];
	char *buf = NULL;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/bgp/%s",
		 dir != NULL ? dir : "tests/vectors", name);
	f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = '\0';
			*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

static struct srp_addr
v4(const char *s)
{
	struct srp_addr a;

	memset(&a, 0, sizeof(a));
	a.family = AF_INET;
	CU_ASSERT_EQUAL(inet_pton(AF_INET, s, &a.v4), 1);
	return a;
}

static void
test_ctl_bgp_peers_parse_mixed(void)
{
	struct ctl_bgp_peer p[8];
	const struct ctl_bgp_peer *q;
	struct srp_addr a;
	size_t len = 0;
	char *r = vec_load("show_protocols_all_mixed.txt", &len);
	int n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	n = ctl_bgp_peers_parse(r, len, p, 8);
	CU_ASSERT_EQUAL(n, 3);	/* device and static skipped */
	CU_ASSERT_STRING_EQUAL(p[0].proto, "upstream");
	CU_ASSERT_STRING_EQUAL(p[0].state, "Established");
	CU_ASSERT(p[0].established);
	CU_ASSERT_STRING_EQUAL(p[1].proto, "upstream2");
	CU_ASSERT_STRING_EQUAL(p[1].state, "Active");
	CU_ASSERT(!p[1].established);
	CU_ASSERT_STRING_EQUAL(p[2].proto, "nobody");
	CU_ASSERT_STRING_EQUAL(p[2].state, "Idle");
	a = v4("10.98.1.2");
	q = ctl_bgp_peer_find(p, 3, &a);
	CU_ASSERT(q == &p[0]);
	a = v4("10.98.3.2");
	q = ctl_bgp_peer_find(p, 3, &a);
	CU_ASSERT(q == &p[1]);
	a = v4("10.98.1.3");
	CU_ASSERT(ctl_bgp_peer_find(p, 3, &a) == &p[2]);
	a = v4("10.98.9.9");
	CU_ASSERT_PTR_NULL(ctl_bgp_peer_find(p, 3, &a));
	/* Fewer slots than protocols: all counted, the first ones kept. */
	CU_ASSERT_EQUAL(ctl_bgp_peers_parse(r, len, p, 1), 3);
	CU_ASSERT_STRING_EQUAL(p[0].proto, "upstream");
	free(r);
}

static void
test_ctl_bgp_peers_parse_disabled(void)
{
	struct ctl_bgp_peer p[8];
	struct srp_addr a = v4("10.98.1.2");
	size_t len = 0;
	char *r = vec_load("show_protocols_all_disabled.txt", &len);
	const struct ctl_bgp_peer *q;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(ctl_bgp_peers_parse(r, len, p, 8), 3);
	q = ctl_bgp_peer_find(p, 3, &a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_STRING_EQUAL(q->state, "Down");
	CU_ASSERT(!q->established);
	free(r);
}

static void
test_ctl_bgp_peers_parse_edge(void)
{
	static const char v6[] =
		"2002-Name       Proto      Table      State  Since  Info\n"
		"1002-up6       BGP        ---        up     18:07  Established\n"
		"1006-  BGP state:          Established\n"
		"     Neighbor address: fe80::1%eth0\n"
		"     Neighbor AS:      65000\n"
		"0000 \n";
	static const char none[] = "0000 \n";
	static const char err[] = "9001 syntax error, unexpected CF_SYM\n";
	static const char junk[] = "hello\n0000 \n";
	struct ctl_bgp_peer p[2];
	struct srp_addr a;

	memset(&a, 0, sizeof(a));
	a.family = AF_INET6;
	CU_ASSERT_EQUAL(inet_pton(AF_INET6, "fe80::1", &a.v6), 1);
	CU_ASSERT_EQUAL(ctl_bgp_peers_parse(v6, sizeof(v6) - 1, p, 2), 1);
	CU_ASSERT(p[0].established);
	CU_ASSERT(ctl_bgp_peer_find(p, 1, &a) == &p[0]);
	CU_ASSERT_EQUAL(ctl_bgp_peers_parse(none, sizeof(none) - 1, p, 2), 0);
	CU_ASSERT_EQUAL(ctl_bgp_peers_parse(err, sizeof(err) - 1, p, 2),
			-EINVAL);
	CU_ASSERT_EQUAL(ctl_bgp_peers_parse(junk, sizeof(junk) - 1, p, 2),
			-EINVAL);
	CU_ASSERT_EQUAL(ctl_bgp_peers_parse(NULL, 0, p, 2), -EINVAL);
	/* A truncated reply: what is there, nothing past the end; a line
	 * cut inside its code is not a reply line. */
	CU_ASSERT_EQUAL(ctl_bgp_peers_parse(v6, (size_t)(strchr(v6, '\n') -
							 v6 + 1), p, 2), 0);
	CU_ASSERT_EQUAL(ctl_bgp_peers_parse(v6, (size_t)(strchr(v6, '\n') -
							 v6 + 3), p, 2),
			-EINVAL);
}

static CU_TestInfo tests[] = {
	{ "test_ctl_bgp_peers_parse_mixed", test_ctl_bgp_peers_parse_mixed },
	{ "test_ctl_bgp_peers_parse_disabled",
	  test_ctl_bgp_peers_parse_disabled },
	{ "test_ctl_bgp_peers_parse_edge", test_ctl_bgp_peers_parse_edge },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_bgp_proto", NULL, NULL, NULL, NULL, tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	alarm(TEST_ALARM_S);
	return ut_run(suites);
}
