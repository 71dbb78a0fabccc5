/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of srp_conf: defaults, the DSCP name table both ways and the
 * cross-field rules of srp_conf_check(). Runs without EAL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <CUnit/Basic.h>

#include "srp_conf.h"
#include "support/ut_run.h"

/* The 21 per-hop behaviours and their code points, computed from the
 * RFC formulas rather than copied from the table under test. */
struct dscp_case {
	char	name[8];
	int	value;
};

static unsigned int
dscp_cases(struct dscp_case *c)
{
	unsigned int n = 0, x, y;

	for (x = 1; x <= 4; x++)
		for (y = 1; y <= 3; y++) {
			snprintf(c[n].name, sizeof(c[n].name), "af%u%u", x, y);
			c[n++].value = (int)(8 * x + 2 * y);	/* RFC 2597 */
		}
	snprintf(c[n].name, sizeof(c[n].name), "be");
	c[n++].value = 0;
	for (x = 1; x <= 7; x++) {
		snprintf(c[n].name, sizeof(c[n].name), "cs%u", x);
		c[n++].value = (int)(8 * x);			/* RFC 2474 */
	}
	snprintf(c[n].name, sizeof(c[n].name), "ef");
	c[n++].value = 46;					/* RFC 3246 */
	return n;
}

static void
test_srp_dscp_all_names_both_ways(void)
{
	struct dscp_case c[32];
	unsigned int n = dscp_cases(c), i;

	CU_ASSERT_EQUAL(n, 21);
	for (i = 0; i < n; i++) {
		const char *back;

		CU_ASSERT_EQUAL(srp_dscp_from_name(c[i].name), c[i].value);
		back = srp_dscp_name((uint8_t)c[i].value);
		CU_ASSERT_PTR_NOT_NULL_FATAL(back);
		CU_ASSERT_STRING_EQUAL(back, c[i].name);
	}
}

static void
test_srp_dscp_unknown_rejected(void)
{
	static const char *const bad[] = { "af14", "af51", "af10", "cs0",
		"cs8", "EF", "Be", "", "ef ", "46", "default" };
	unsigned int i, v, named = 0;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_EQUAL(srp_dscp_from_name(bad[i]), -EINVAL);
	CU_ASSERT_EQUAL(srp_dscp_from_name(NULL), -EINVAL);
	/* exactly 21 of the 64 code points have a name */
	for (v = 0; v < 64; v++)
		if (srp_dscp_name((uint8_t)v) != NULL)
			named++;
	CU_ASSERT_EQUAL(named, 21);
	CU_ASSERT_PTR_NULL(srp_dscp_name(1));
	CU_ASSERT_PTR_NULL(srp_dscp_name(44));
	CU_ASSERT_PTR_NULL(srp_dscp_name(200));
}

static void
test_srp_dscp_names_list_matches_table(void)
{
	char buf[256], *tok, *save = NULL;
	struct dscp_case c[32];
	unsigned int n = dscp_cases(c), count = 0, i;
	bool seen[21] = { false };

	snprintf(buf, sizeof(buf), "%s", srp_dscp_names());
	for (tok = strtok_r(buf, ", ", &save); tok != NULL;
	     tok = strtok_r(NULL, ", ", &save)) {
		count++;
		for (i = 0; i < n; i++)
			if (strcmp(c[i].name, tok) == 0) {
				CU_ASSERT_FALSE(seen[i]);
				seen[i] = true;
			}
		CU_ASSERT(srp_dscp_from_name(tok) >= 0);
	}
	CU_ASSERT_EQUAL(count, 21);
	for (i = 0; i < n; i++)
		CU_ASSERT_TRUE(seen[i]);
}

static void
test_srp_conf_init_defaults(void)
{
	struct srp_conf s;

	memset(&s, 0x5a, sizeof(s));
	srp_conf_init(&s);
	CU_ASSERT_FALSE(s.present);
	CU_ASSERT_EQUAL(s.mode, SRP_MODE_NONE);
	CU_ASSERT_EQUAL(s.priority, 125);
	CU_ASSERT_EQUAL(s.bind_addr.family, AF_UNSPEC);
	CU_ASSERT_EQUAL(s.peer_addr.family, AF_UNSPEC);
	CU_ASSERT_EQUAL(s.bind_port, 5422);
	CU_ASSERT_EQUAL(s.peer_port, 5422);
	CU_ASSERT_EQUAL(s.hello_ms, 3000);
	CU_ASSERT_EQUAL(s.dead_ms, 30000);
	CU_ASSERT_FALSE(s.hello_in_msec);
	CU_ASSERT_FALSE(s.dead_in_msec);
	CU_ASSERT_EQUAL(s.delay_s, 0);
	CU_ASSERT_EQUAL(s.ckpt_duration_ims_s, 60);
	CU_ASSERT_EQUAL(s.ckpt_duration_non_ims_s, 60);
	CU_ASSERT_EQUAL(s.ckpt_periodic_min, 45);
	CU_ASSERT_FALSE(s.ckpt_periodic_off);
	CU_ASSERT_FALSE(s.nack_micro);
	CU_ASSERT_FALSE(s.nack_macro);
	CU_ASSERT_EQUAL(s.nack_micro_max, 3);
	CU_ASSERT_EQUAL(s.nack_macro_max, 3);
	CU_ASSERT_EQUAL(s.compression, SRP_COMP_ZLIB);
	CU_ASSERT_EQUAL(s.n_monitors, 0);
	CU_ASSERT_EQUAL(s.aaa_switchover.guard_s, 60);
	CU_ASSERT_EQUAL(s.aaa_switchover.damping_s, 0);
	CU_ASSERT_EQUAL(s.diameter_switchover.guard_s, 60);
	CU_ASSERT_EQUAL(s.redundancy_aaa.guard_s, 60);
	CU_ASSERT_EQUAL(s.redundancy_bgp.guard_s, 60);
	CU_ASSERT_EQUAL(s.redundancy_diam.guard_s, 60);
	CU_ASSERT_EQUAL(s.redundancy_diam.damping_s, 0);
	CU_ASSERT_EQUAL(s.dscp_control, 0);
	CU_ASSERT_EQUAL(s.dscp_session, 0);
	CU_ASSERT_FALSE(s.allow_all_data);
	CU_ASSERT_FALSE(s.allow_volte_data);
	CU_ASSERT_FALSE(s.allow_early_active);
	CU_ASSERT_FALSE(s.control_outage_opt);
	CU_ASSERT_EQUAL(s.db_recovery, SRP_DBREC_NORMAL);
	CU_ASSERT_FALSE(s.audit_start_set);
	CU_ASSERT_EQUAL(s.audit_period_min, 60);
	CU_ASSERT_EQUAL(s.auth_key[0], '\0');
	CU_ASSERT_EQUAL(srp_conf_check(&s, NULL, 0), 0);
}

/* Run the check and return the rule it reports. */
static enum srp_conf_rule
rule_of(const struct srp_conf *s)
{
	enum srp_conf_rule rule = SRP_RULE_RANGE;
	char err[256];
	int ret;

	ret = srp_conf_check_rule(s, &rule, err, sizeof(err));
	if (ret == 0) {
		CU_ASSERT_EQUAL(rule, SRP_RULE_NONE);
		CU_ASSERT_EQUAL(err[0], '\0');
	} else {
		CU_ASSERT_EQUAL(ret, -EINVAL);
		CU_ASSERT_NOT_EQUAL(err[0], '\0');
		/* the plain variant agrees */
		CU_ASSERT_EQUAL(srp_conf_check(s, NULL, 0), -EINVAL);
	}
	return rule;
}

static void
test_srp_conf_check_dead_hello_seconds(void)
{
	struct srp_conf s;
	char err[256];

	srp_conf_init(&s);
	s.hello_ms = 10000;
	s.dead_ms = 29000;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_DEAD_HELLO);
	CU_ASSERT_EQUAL(srp_conf_check(&s, err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "dead-interval"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "30000"));
	s.dead_ms = 30000;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
	/* the defaults sit exactly on the boundary the other way round */
	s.hello_ms = 10001;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_DEAD_HELLO);
}

static void
test_srp_conf_check_dead_hello_msec(void)
{
	struct srp_conf s;

	srp_conf_init(&s);
	s.hello_in_msec = true;
	s.dead_in_msec = true;
	s.hello_ms = 500;
	s.dead_ms = 1499;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_DEAD_HELLO);
	s.dead_ms = 1500;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
	/* mixed forms compare in ms: hello 1 s, dead 2999 ms */
	s.hello_in_msec = false;
	s.hello_ms = 1000;
	s.dead_ms = 2999;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_DEAD_HELLO);
	s.dead_ms = 3000;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
	/* largest hello: 3 x 65535 s does not overflow */
	s.hello_ms = 65535u * 1000u;
	s.dead_ms = 65535u * 1000u;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_DEAD_HELLO);
}

static void
test_srp_conf_check_early_active_needs_allow(void)
{
	struct srp_conf s;

	srp_conf_init(&s);
	s.allow_early_active = true;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_EARLY_ACTIVE);
	s.allow_volte_data = true;
	s.volte_maintain_accounting = true;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_EARLY_ACTIVE);
	s.volte_maintain_accounting = false;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
	s.allow_volte_data = false;
	s.allow_all_data = true;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
	/* allow-all overrides volte with maintain-accounting */
	s.allow_volte_data = true;
	s.volte_maintain_accounting = true;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
	/* the allow modes alone are fine */
	s.allow_early_active = false;
	s.allow_all_data = false;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
}

static void
test_srp_conf_check_address_family(void)
{
	struct srp_conf s;

	srp_conf_init(&s);
	s.bind_addr.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1", &s.bind_addr.v4);
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
	s.peer_addr.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::2", &s.peer_addr.v6);
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_ADDR_FAMILY);
	s.bind_addr.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::1", &s.bind_addr.v6);
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
}

static void
test_srp_conf_check_ranges(void)
{
	struct srp_conf s;

	srp_conf_init(&s);
	s.priority = 0;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_RANGE);
	s.priority = 256;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_RANGE);
	s.priority = 255;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);

	s.ckpt_periodic_min = 50;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_RANGE);
	s.ckpt_periodic_min = 1455;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_RANGE);
	s.ckpt_periodic_min = 1440;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);

	s.audit_period_min = 59;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_RANGE);
	s.audit_period_min = 1441;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_RANGE);
	s.audit_period_min = 90;

	s.dscp_control = 1;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_RANGE);
	s.dscp_control = 46;
	s.redundancy_bgp.guard_s = 86401;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_RANGE);
	s.redundancy_bgp.guard_s = 86400;
	s.audit_start_set = true;
	s.audit_start_hour = 24;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_RANGE);
	s.audit_start_hour = 23;
	s.audit_start_min = 60;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_RANGE);
	s.audit_start_min = 59;
	s.hello_ms = 0;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_RANGE);
	s.hello_ms = 3000;
	s.nack_micro_max = 65536;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_RANGE);
	s.nack_micro_max = 65535;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
}

static void
test_srp_conf_check_monitors(void)
{
	struct srp_conf s;
	struct srp_monitor *m;

	srp_conf_init(&s);
	m = &s.monitors[0];
	m->kind = SRP_MON_BGP;
	snprintf(m->context, sizeof(m->context), "isp");
	m->addr.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.9", &m->addr.v4);
	m->group = 1;
	s.n_monitors = 1;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
	s.monitors[1] = *m;
	s.monitors[1].group = 2;	/* same neighbour, other group */
	s.n_monitors = 2;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_MONITOR);
	inet_pton(AF_INET, "192.0.2.10", &s.monitors[1].addr.v4);
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
	s.monitors[1].group = 11;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_MONITOR);
	s.monitors[1].group = 10;
	s.monitors[1].context[0] = '\0';
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_MONITOR);
	snprintf(s.monitors[1].context, sizeof(s.monitors[1].context), "isp");
	s.monitors[2].kind = SRP_MON_DIAMETER;
	snprintf(s.monitors[2].context, sizeof(s.monitors[2].context), "isp");
	s.n_monitors = 3;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_MONITOR);	/* no endpoint */
	snprintf(s.monitors[2].endpoint, sizeof(s.monitors[2].endpoint), "gx");
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
	s.n_monitors = SRP_CONF_MAX_MONITORS + 1;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_MONITOR);
}

static void
test_srp_conf_check_bgp_speaker(void)
{
	struct srp_conf s;
	char err[160];

	srp_conf_init(&s);
	CU_ASSERT_EQUAL(s.bgp.prepend_active, SRP_BGP_PREPEND_ACTIVE_DEFAULT);
	CU_ASSERT_EQUAL(s.bgp.prepend_standby,
			SRP_BGP_PREPEND_STANDBY_DEFAULT);
	CU_ASSERT(s.bgp.prepend_active < s.bgp.prepend_standby);
	CU_ASSERT_EQUAL(s.bgp.include_file[0], '\0');
	/* The active must advertise the shorter path. */
	s.bgp.prepend_active = 4;
	s.bgp.prepend_standby = 4;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_BGP_SPEAKER);
	CU_ASSERT_EQUAL(srp_conf_check(&s, err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "as-path-prepend"));
	s.bgp.prepend_standby = SRP_BGP_PREPEND_MAX + 1;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_BGP_SPEAKER);
	s.bgp.prepend_standby = SRP_BGP_PREPEND_MAX;
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
	/* A control socket needs the include it makes BIRD re-read. */
	snprintf(s.bgp.control_socket, sizeof(s.bgp.control_socket),
		 "/run/b.ctl");
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_BGP_SPEAKER);
	snprintf(s.bgp.include_file, sizeof(s.bgp.include_file), "/run/i");
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
	/* Starting BIRD needs a socket to reach it. */
	s.bgp.control_socket[0] = '\0';
	snprintf(s.bgp.bird_config, sizeof(s.bgp.bird_config), "/etc/b");
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_BGP_SPEAKER);
	snprintf(s.bgp.control_socket, sizeof(s.bgp.control_socket),
		 "/run/b.ctl");
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_NONE);
	/* Relative or unterminated paths. */
	snprintf(s.bgp.include_file, sizeof(s.bgp.include_file), "run/i");
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_BGP_SPEAKER);
	memset(s.bgp.include_file, '/', sizeof(s.bgp.include_file));
	CU_ASSERT_EQUAL(rule_of(&s), SRP_RULE_BGP_SPEAKER);
}

static void
test_srp_addr_equal_compares_family_and_bytes(void)
{
	struct srp_addr a, b;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	CU_ASSERT_TRUE(srp_addr_equal(&a, &b));
	a.family = AF_INET;
	inet_pton(AF_INET, "10.0.0.1", &a.v4);
	CU_ASSERT_FALSE(srp_addr_equal(&a, &b));
	b = a;
	CU_ASSERT_TRUE(srp_addr_equal(&a, &b));
	inet_pton(AF_INET, "10.0.0.2", &b.v4);
	CU_ASSERT_FALSE(srp_addr_equal(&a, &b));
	a.family = b.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::1", &a.v6);
	inet_pton(AF_INET6, "2001:db8::1", &b.v6);
	CU_ASSERT_TRUE(srp_addr_equal(&a, &b));
	b.v6.s6_addr[15] = 2;
	CU_ASSERT_FALSE(srp_addr_equal(&a, &b));
}

static CU_TestInfo dscp_tests[] = {
	{ "test_srp_dscp_all_names_both_ways",
	  test_srp_dscp_all_names_both_ways },
	{ "test_srp_dscp_unknown_rejected", test_srp_dscp_unknown_rejected },
	{ "test_srp_dscp_names_list_matches_table",
	  test_srp_dscp_names_list_matches_table },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo check_tests[] = {
	{ "test_srp_conf_init_defaults", test_srp_conf_init_defaults },
	{ "test_srp_conf_check_dead_hello_seconds",
	  test_srp_conf_check_dead_hello_seconds },
	{ "test_srp_conf_check_dead_hello_msec",
	  test_srp_conf_check_dead_hello_msec },
	{ "test_srp_conf_check_early_active_needs_allow",
	  test_srp_conf_check_early_active_needs_allow },
	{ "test_srp_conf_check_address_family",
	  test_srp_conf_check_address_family },
	{ "test_srp_conf_check_ranges", test_srp_conf_check_ranges },
	{ "test_srp_conf_check_monitors", test_srp_conf_check_monitors },
	{ "test_srp_conf_check_bgp_speaker",
	  test_srp_conf_check_bgp_speaker },
	{ "test_srp_addr_equal_compares_family_and_bytes",
	  test_srp_addr_equal_compares_family_and_bytes },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "srp_dscp", NULL, NULL, NULL, NULL, dscp_tests },
	{ "srp_conf_check", NULL, NULL, NULL, NULL, check_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
