/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the SRP must-match configuration (ctl_srp_digest): which
 * settings change the digest, which do not, and the line diff of
 * srp validate-configuration. Runs without EAL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "conf/ctl_conf.h"
#include "srp/ctl_srp_digest.h"
#include "support/ut_run.h"

/* A pair member; %s slots: mode, priority, bind, peer, extra SRP line,
 * pool line, non-SRP address. */
static const char conf_fmt[] =
	"config\n"
	"  context ingress\n"
	"    interface s1u\n"
	"      ip address 192.0.2.1 255.255.255.0 srp-activate\n"
	"    #exit\n"
	"    interface sgi\n"
	"      ip address %s\n"
	"    #exit\n"
	"    %s\n"
	"  #exit\n"
	"  context srp\n"
	"    service-redundancy-protocol\n"
	"      chassis-mode %s\n"
	"      priority %s\n"
	"      bind address %s\n"
	"      peer-ip-address %s\n"
	"      hello-interval 1\n"
	"      dead-interval 3\n"
	"      %s\n"
	"    #exit\n"
	"  #exit\n"
	"end\n";

struct pair_side {
	const char	*mode;
	const char	*prio;
	const char	*bind;
	const char	*peer;
	const char	*extra;		/* one SRP line */
	const char	*pool;
	const char	*sgi;		/* non-srp-activate address */
};

static const struct pair_side base = {
	"primary", "10", "10.0.0.1", "10.0.0.2",
	"checkpoint session duration 30",
	"ip pool ue 10.45.0.0 255.255.0.0 public 0 srp-activate",
	"198.51.100.1/24",
};

static struct ctl_conf *
conf_of(const struct pair_side *s)
{
	struct ctl_conf *c = malloc(sizeof(*c));
	char text[4096], err[CTL_ERR_LEN];

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	snprintf(text, sizeof(text), conf_fmt, s->sgi, s->pool, s->mode,
		 s->prio, s->bind, s->peer, s->extra);
	ctl_conf_init(c);
	if (ctl_conf_parse(text, "t.cfg", c, err, sizeof(err)) != 0) {
		fprintf(stderr, "\n%s\n", err);
		CU_FAIL_FATAL("configuration does not parse");
	}
	return c;
}

static void
digest_of(const struct pair_side *s, uint8_t d[CTL_SRP_DIGEST_LEN],
	  char **text)
{
	struct ctl_conf *c = conf_of(s);
	size_t len = 0;

	CU_ASSERT_EQUAL_FATAL(ctl_srp_digest_compute(c, text, &len, d), 0);
	CU_ASSERT_EQUAL(strlen(*text), len);
	free(c);
}

/* Collects the diff lines as "+ line" (only here) / "- line" (peer). */
struct diff_acc {
	char	buf[4096];
	int	n;
};

static void
diff_cb(void *arg, bool local, const char *line)
{
	struct diff_acc *a = arg;
	size_t used = strlen(a->buf);

	snprintf(a->buf + used, sizeof(a->buf) - used, "%c %s\n",
		 local ? '+' : '-', line);
	a->n++;
}

static void
test_ctl_srp_digest_per_chassis_lines_ignored(void)
{
	struct pair_side b = base;
	uint8_t d1[CTL_SRP_DIGEST_LEN], d2[CTL_SRP_DIGEST_LEN];
	char *t1, *t2;

	b.mode = "backup";
	b.prio = "20";
	b.bind = "10.0.0.2 port 6000";
	b.peer = "10.0.0.1 port 6001";
	digest_of(&base, d1, &t1);
	digest_of(&b, d2, &t2);
	CU_ASSERT_EQUAL(memcmp(d1, d2, sizeof(d1)), 0);
	CU_ASSERT_STRING_EQUAL(t1, t2);
	CU_ASSERT_EQUAL(ctl_srp_digest_diff(t1, t2, NULL, NULL), 0);
	/* None of the per-chassis words is in the text. */
	CU_ASSERT_PTR_NULL(strstr(t1, "chassis-mode"));
	CU_ASSERT_PTR_NULL(strstr(t1, "priority"));
	CU_ASSERT_PTR_NULL(strstr(t1, "10.0.0."));
	/* What must match is there. */
	CU_ASSERT_PTR_NOT_NULL(strstr(t1, "service-redundancy-protocol"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t1, "checkpoint session duration 30"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t1, "ip pool ue"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t1, "192.0.2.1"));
	free(t1);
	free(t2);
}

static void
test_ctl_srp_digest_non_srp_address_ignored(void)
{
	struct pair_side b = base;
	uint8_t d1[CTL_SRP_DIGEST_LEN], d2[CTL_SRP_DIGEST_LEN];
	char *t1, *t2;

	b.sgi = "198.51.100.2/24";
	digest_of(&base, d1, &t1);
	digest_of(&b, d2, &t2);
	CU_ASSERT_EQUAL(memcmp(d1, d2, sizeof(d1)), 0);
	free(t1);
	free(t2);
}

static void
test_ctl_srp_digest_key_not_in_text(void)
{
	struct pair_side a = base, b = base;
	uint8_t d1[CTL_SRP_DIGEST_LEN], d2[CTL_SRP_DIGEST_LEN];
	char *t1, *t2;

	a.extra = "authentication key secret-one";
	b.extra = "authentication key secret-two";
	digest_of(&a, d1, &t1);
	digest_of(&b, d2, &t2);
	CU_ASSERT_PTR_NULL(strstr(t1, "secret"));
	CU_ASSERT_EQUAL(memcmp(d1, d2, sizeof(d1)), 0);
	free(t1);
	free(t2);
}

static void
test_ctl_srp_digest_bgp_speaker_ignored(void)
{
	struct pair_side a = base, b = base;
	uint8_t d1[CTL_SRP_DIGEST_LEN], d2[CTL_SRP_DIGEST_LEN];
	char *t1, *t2;

	a.extra = "bgp-speaker include-file /run/a/srpgw-rm.conf";
	b.extra = "bgp-speaker include-file /run/b/srpgw-rm.conf";
	digest_of(&a, d1, &t1);
	digest_of(&b, d2, &t2);
	CU_ASSERT_PTR_NULL(strstr(t1, "bgp-speaker"));
	CU_ASSERT_EQUAL(memcmp(d1, d2, sizeof(d1)), 0);
	free(t1);
	free(t2);
}

/* Each of these changes one must-match setting: digest differs and the
 * diff names exactly the changed line on each side. */
static void
test_ctl_srp_digest_setting_changes(void)
{
	static const struct {
		const char	*extra;
		const char	*pool;
		const char	*here;	/* expected "+ ..." line */
		const char	*peer;	/* expected "- ..." line */
	} cases[] = {
		{ "checkpoint session duration 40", NULL,
		  "+ context srp / service-redundancy-protocol / checkpoint "
		  "session duration 30\n",
		  "- context srp / service-redundancy-protocol / checkpoint "
		  "session duration 40\n" },
		{ "dscp-marking control af41", NULL,
		  "+ context srp / service-redundancy-protocol / checkpoint "
		  "session duration 30\n",
		  "- context srp / service-redundancy-protocol / dscp-marking "
		  "control af41\n" },
		{ NULL, "ip pool ue 10.46.0.0 255.255.0.0 public 0 srp-activate",
		  "+ context ingress / ip pool ue 10.45.0.0 255.255.0.0 "
		  "public 0 srp-activate\n",
		  "- context ingress / ip pool ue 10.46.0.0 255.255.0.0 "
		  "public 0 srp-activate\n" },
	};
	uint8_t d1[CTL_SRP_DIGEST_LEN], d2[CTL_SRP_DIGEST_LEN];
	struct pair_side b;
	struct diff_acc acc;
	unsigned int i;
	char *t1, *t2;

	digest_of(&base, d1, &t1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		b = base;
		if (cases[i].extra != NULL)
			b.extra = cases[i].extra;
		if (cases[i].pool != NULL)
			b.pool = cases[i].pool;
		digest_of(&b, d2, &t2);
		CU_ASSERT_NOT_EQUAL(memcmp(d1, d2, sizeof(d1)), 0);
		memset(&acc, 0, sizeof(acc));
		CU_ASSERT_EQUAL(ctl_srp_digest_diff(t1, t2, diff_cb, &acc), 2);
		CU_ASSERT_EQUAL(acc.n, 2);
		CU_ASSERT_PTR_NOT_NULL(strstr(acc.buf, cases[i].here));
		CU_ASSERT_PTR_NOT_NULL(strstr(acc.buf, cases[i].peer));
		if (strstr(acc.buf, cases[i].peer) == NULL)
			fprintf(stderr, "\ncase %u diff:\n%s", i, acc.buf);
		free(t2);
	}
	free(t1);
}

static void
test_ctl_srp_digest_pool_removed(void)
{
	struct pair_side b = base;
	uint8_t d1[CTL_SRP_DIGEST_LEN], d2[CTL_SRP_DIGEST_LEN];
	struct diff_acc acc = { .n = 0 };
	char *t1, *t2;

	/* Same pool without srp-activate: no longer must-match. */
	b.pool = "ip pool ue 10.45.0.0 255.255.0.0 public 0";
	digest_of(&base, d1, &t1);
	digest_of(&b, d2, &t2);
	CU_ASSERT_NOT_EQUAL(memcmp(d1, d2, sizeof(d1)), 0);
	CU_ASSERT_EQUAL(ctl_srp_digest_diff(t1, t2, diff_cb, &acc), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(acc.buf, "+ context ingress / ip pool ue"));
	free(t1);
	free(t2);
}

static void
test_ctl_srp_digest_diff_order_and_nesting(void)
{
	const char *a =
		"config\n"
		"  context x\n"
		"    interface i\n"
		"      ip address 1.1.1.1/32 srp-activate\n"
		"    #exit\n"
		"    interface j\n"
		"      ip address 1.1.1.1/32 srp-activate\n"
		"    #exit\n"
		"  #exit\n"
		"end\n";
	const char *b =
		"config\n"
		"  context x\n"
		"    interface j\n"
		"      ip address 1.1.1.1/32 srp-activate\n"
		"    #exit\n"
		"    interface i\n"
		"      ip address 1.1.1.1/32 srp-activate\n"
		"    #exit\n"
		"  #exit\n"
		"end\n";
	const char *c =
		"config\n"
		"  context x\n"
		"    interface i\n"
		"      ip address 1.1.1.1/32 srp-activate\n"
		"      ip address 1.1.1.1/32 srp-activate\n"
		"    #exit\n"
		"  #exit\n"
		"end\n";
	const char *d =
		"config\n"
		"  context x\n"
		"    interface i\n"
		"      ip address 1.1.1.1/32 srp-activate\n"
		"    #exit\n"
		"  #exit\n"
		"end\n";
	struct diff_acc acc = { .n = 0 };

	CU_ASSERT_EQUAL(ctl_srp_digest_diff(a, b, NULL, NULL), 0);
	/* The same address under another interface is a difference. */
	CU_ASSERT_EQUAL(ctl_srp_digest_diff(a, c, diff_cb, &acc), 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(acc.buf,
		"+ context x / interface j / ip address 1.1.1.1/32 srp-activate\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(acc.buf, "+ context x / interface j\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(acc.buf,
		"- context x / interface i / ip address 1.1.1.1/32 srp-activate\n"));
	/* Lines count as often as they appear. */
	memset(&acc, 0, sizeof(acc));
	CU_ASSERT_EQUAL(ctl_srp_digest_diff(c, c, NULL, NULL), 0);
	CU_ASSERT_EQUAL(ctl_srp_digest_diff(c, d, diff_cb, &acc), 1);
	CU_ASSERT_STRING_EQUAL(acc.buf,
		"+ context x / interface i / ip address 1.1.1.1/32 srp-activate\n");
	CU_ASSERT_EQUAL(ctl_srp_digest_diff(NULL, b, NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(ctl_srp_digest_diff("", "", NULL, NULL), 0);
}

static void
test_ctl_srp_digest_sha256_known(void)
{
	/* SHA-256("abc"), FIPS 180-2 appendix B.1. */
	static const uint8_t abc[CTL_SRP_DIGEST_LEN] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
		0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
		0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
		0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	uint8_t d[CTL_SRP_DIGEST_LEN];

	CU_ASSERT_EQUAL(ctl_srp_digest_sha256("abc", 3, d), 0);
	CU_ASSERT_EQUAL(memcmp(d, abc, sizeof(d)), 0);
	CU_ASSERT_EQUAL(ctl_srp_digest_sha256(NULL, 3, d), -EINVAL);
	CU_ASSERT_EQUAL(ctl_srp_digest_text(NULL, NULL, NULL), -EINVAL);
}

static CU_TestInfo digest_tests[] = {
	{ "per_chassis_lines_ignored",
	  test_ctl_srp_digest_per_chassis_lines_ignored },
	{ "non_srp_address_ignored", test_ctl_srp_digest_non_srp_address_ignored },
	{ "key_not_in_text", test_ctl_srp_digest_key_not_in_text },
	{ "bgp_speaker_ignored", test_ctl_srp_digest_bgp_speaker_ignored },
	{ "setting_changes", test_ctl_srp_digest_setting_changes },
	{ "pool_removed", test_ctl_srp_digest_pool_removed },
	{ "diff_order_and_nesting", test_ctl_srp_digest_diff_order_and_nesting },
	{ "sha256_known", test_ctl_srp_digest_sha256_known },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_srp_digest", NULL, NULL, NULL, NULL, digest_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
