/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the configuration parser and printer (ctl_conf, ctl_addr):
 * the sample files of tests/vectors/conf, malformed variants, no/default
 * forms, the Sx/N4 commands and print/parse round trips. Runs without
 * EAL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <CUnit/Basic.h>

#include "conf/ctl_addr.h"
#include "conf/ctl_conf.h"
#include "support/ut_run.h"

#define ORIGIN	"t.cfg"

/* ---------------------------------------------------------------------
 * Helpers
 */

static const char *
vec_path(const char *name)
{
	static char path[1024];
	const char *dir = getenv("SRPGW_VECTORS");

	snprintf(path, sizeof(path), "%s/conf/%s",
		 dir != NULL ? dir : "tests/vectors", name);
	return path;
}

static struct ctl_conf *
conf_new(void)
{
	struct ctl_conf *c = malloc(sizeof(*c));

	if (c != NULL)
		ctl_conf_init(c);
	return c;
}

static struct ctl_conf *
load_sample(const char *name)
{
	struct ctl_conf *c = conf_new();
	char err[CTL_ERR_LEN];
	int ret;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	ret = ctl_conf_load(vec_path(name), c, err, sizeof(err));
	if (ret != 0) {
		fprintf(stderr, "\n%s: %s\n", name, err);
		CU_FAIL("sample does not parse");
		free(c);
		return NULL;
	}
	return c;
}

static struct ctl_conf *
parse_ok(const char *text)
{
	struct ctl_conf *c = conf_new();
	char err[CTL_ERR_LEN];
	int ret;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	ret = ctl_conf_parse(text, ORIGIN, c, err, sizeof(err));
	if (ret != 0) {
		fprintf(stderr, "\nunexpected error: %s\n--\n%s--\n", err, text);
		CU_FAIL("text does not parse");
		free(c);
		return NULL;
	}
	return c;
}

static char *
print_str(const struct ctl_conf *c, bool srp_only)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(ctl_conf_print(c, srp_only, f), 0);
	fclose(f);
	return buf;
}

/*
 * Parse text that must fail: returns the error; checks that the target
 * configuration is byte for byte what it was before.
 */
static int
parse_bad(const char *text, size_t len, char *err, size_t err_len)
{
	struct ctl_conf *c = malloc(sizeof(*c));
	struct ctl_conf *ref = malloc(sizeof(*ref));
	int ret;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
	memset(c, 0xa5, sizeof(*c));
	memcpy(ref, c, sizeof(*c));
	ret = ctl_conf_parse_mem(text, len, ORIGIN, c, err, err_len);
	CU_ASSERT_NOT_EQUAL(ret, 0);
	CU_ASSERT_EQUAL(memcmp(c, ref, sizeof(*c)), 0);
	free(ref);
	free(c);
	return ret;
}

static bool
addr_is(const struct srp_addr *a, const char *s)
{
	struct srp_addr b;

	memset(&b, 0, sizeof(b));
	if (strchr(s, ':') != NULL) {
		b.family = AF_INET6;
		inet_pton(AF_INET6, s, &b.v6);
	} else {
		b.family = AF_INET;
		inet_pton(AF_INET, s, &b.v4);
	}
	return srp_addr_equal(a, &b);
}

static bool
pfx_is(const struct ctl_prefix *p, const char *s, unsigned int plen)
{
	return p->plen == plen && addr_is(&p->addr, s);
}

static const struct ctl_context *
ctx_of(const struct ctl_conf *c, const char *name)
{
	unsigned int i;

	for (i = 0; i < c->n_contexts; i++)
		if (strcmp(c->contexts[i].name, name) == 0)
			return &c->contexts[i];
	return NULL;
}

/* ---------------------------------------------------------------------
 * ctl_addr
 */

static void
test_ctl_addr_parse_v4_v6(void)
{
	static const char *const bad[] = { "", "1.2.3", "1.2.3.4.5",
		"256.1.1.1", "01.2.3.4", "1.2.3.4 ", "a.b.c.d", "fe80::1%eth0",
		"2001:db8:::1", "::g", "1.2.3.4/24" };
	struct srp_addr a;
	char buf[CTL_ADDR_STR_LEN];
	unsigned int i;

	CU_ASSERT_EQUAL(ctl_addr_parse("192.0.2.1", &a), 0);
	CU_ASSERT_EQUAL(a.family, AF_INET);
	CU_ASSERT_STRING_EQUAL(ctl_addr_fmt(&a, buf, sizeof(buf)),
			       "192.0.2.1");
	CU_ASSERT_EQUAL(ctl_addr_parse("2001:DB8:0:0::1", &a), 0);
	CU_ASSERT_EQUAL(a.family, AF_INET6);
	CU_ASSERT_STRING_EQUAL(ctl_addr_fmt(&a, buf, sizeof(buf)),
			       "2001:db8::1");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		a.family = AF_INET;
		a.v4.s_addr = 7;
		CU_ASSERT_EQUAL(ctl_addr_parse(bad[i], &a), -EINVAL);
		CU_ASSERT_EQUAL(a.v4.s_addr, 7);	/* untouched */
	}
	CU_ASSERT_EQUAL(ctl_addr_parse(NULL, &a), -EINVAL);
	a.family = AF_UNSPEC;
	CU_ASSERT_STRING_EQUAL(ctl_addr_fmt(&a, buf, sizeof(buf)), "-");
}

static void
test_ctl_addr_prefix_and_mask(void)
{
	static const char *const bad[] = { "10.0.0.0", "/8", "10.0.0.0/",
		"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8x", "::/129",
		"10.0.0.0/1000", "x/8" };
	struct ctl_prefix p;
	char buf[CTL_ADDR_STR_LEN];
	uint8_t plen = 99;
	unsigned int i;

	CU_ASSERT_EQUAL(ctl_prefix_parse("10.0.0.0/8", &p), 0);
	CU_ASSERT_TRUE(pfx_is(&p, "10.0.0.0", 8));
	CU_ASSERT_STRING_EQUAL(ctl_prefix_fmt(&p, buf, sizeof(buf)),
			       "10.0.0.0/8");
	CU_ASSERT_EQUAL(ctl_prefix_parse("::/0", &p), 0);
	CU_ASSERT_EQUAL(p.plen, 0);
	CU_ASSERT_EQUAL(ctl_prefix_parse("2001:db8::/128", &p), 0);
	CU_ASSERT_EQUAL(p.plen, 128);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_EQUAL(ctl_prefix_parse(bad[i], &p), -EINVAL);

	CU_ASSERT_EQUAL(ctl_mask_parse("255.255.255.0", &plen), 0);
	CU_ASSERT_EQUAL(plen, 24);
	CU_ASSERT_EQUAL(ctl_mask_parse("255.255.240.0", &plen), 0);
	CU_ASSERT_EQUAL(plen, 20);
	CU_ASSERT_EQUAL(ctl_mask_parse("0.0.0.0", &plen), 0);
	CU_ASSERT_EQUAL(plen, 0);
	CU_ASSERT_EQUAL(ctl_mask_parse("255.255.255.255", &plen), 0);
	CU_ASSERT_EQUAL(plen, 32);
	CU_ASSERT_EQUAL(ctl_mask_parse("255.0.255.0", &plen), -EINVAL);
	CU_ASSERT_EQUAL(ctl_mask_parse("0.255.255.255", &plen), -EINVAL);
	CU_ASSERT_EQUAL(ctl_mask_parse("255.255.255.254", &plen), 0);
	CU_ASSERT_EQUAL(ctl_mask_parse("ffff::", &plen), -EINVAL);
	CU_ASSERT_STRING_EQUAL(ctl_mask_fmt(20, buf, sizeof(buf)),
			       "255.255.240.0");
	CU_ASSERT_STRING_EQUAL(ctl_mask_fmt(0, buf, sizeof(buf)), "0.0.0.0");
	CU_ASSERT_STRING_EQUAL(ctl_mask_fmt(32, buf, sizeof(buf)),
			       "255.255.255.255");
}

static void
test_ctl_addr_network_and_overlap(void)
{
	struct ctl_prefix a, b;

	ctl_prefix_parse("10.0.0.0/8", &a);
	CU_ASSERT_TRUE(ctl_prefix_is_network(&a));
	ctl_prefix_parse("10.0.0.1/8", &a);
	CU_ASSERT_FALSE(ctl_prefix_is_network(&a));
	ctl_prefix_parse("0.0.0.0/0", &a);
	CU_ASSERT_TRUE(ctl_prefix_is_network(&a));
	ctl_prefix_parse("2001:db8::/32", &a);
	CU_ASSERT_TRUE(ctl_prefix_is_network(&a));
	ctl_prefix_parse("2001:db8:8000::/33", &a);
	CU_ASSERT_TRUE(ctl_prefix_is_network(&a));
	ctl_prefix_parse("2001:db8:4000::/33", &a);
	CU_ASSERT_FALSE(ctl_prefix_is_network(&a));
	ctl_prefix_parse("2001:db8::1/128", &a);
	CU_ASSERT_TRUE(ctl_prefix_is_network(&a));

	ctl_prefix_parse("10.0.0.0/8", &a);
	ctl_prefix_parse("10.64.0.0/16", &b);
	CU_ASSERT_TRUE(ctl_prefix_overlap(&a, &b));
	CU_ASSERT_TRUE(ctl_prefix_overlap(&b, &a));
	ctl_prefix_parse("11.0.0.0/8", &b);
	CU_ASSERT_FALSE(ctl_prefix_overlap(&a, &b));
	ctl_prefix_parse("10.0.0.0/17", &a);
	ctl_prefix_parse("10.0.128.0/17", &b);
	CU_ASSERT_FALSE(ctl_prefix_overlap(&a, &b));
	ctl_prefix_parse("2001:db8::/32", &b);
	CU_ASSERT_FALSE(ctl_prefix_overlap(&a, &b));	/* families differ */
}

static void
test_ctl_addr_mac_forms(void)
{
	static const char *const bad[] = { "", "aa:bb:cc:dd:ee",
		"aa:bb:cc:dd:ee:ff:00", "aa:bb-cc:dd:ee:ff", "aabb.ccdd.eeff",
		"gg:bb:cc:dd:ee:ff", "a:bb:cc:dd:ee:fff", "aa:bb:cc:dd:ee:f" };
	uint8_t mac[6], want[6] = { 0x02, 0x00, 0x5e, 0x10, 0xab, 0xcd };
	char buf[CTL_ADDR_STR_LEN];
	unsigned int i;

	CU_ASSERT_EQUAL(ctl_mac_parse("02:00:5e:10:ab:cd", mac), 0);
	CU_ASSERT_EQUAL(memcmp(mac, want, 6), 0);
	memset(mac, 0, sizeof(mac));
	CU_ASSERT_EQUAL(ctl_mac_parse("02-00-5E-10-AB-CD", mac), 0);
	CU_ASSERT_EQUAL(memcmp(mac, want, 6), 0);
	CU_ASSERT_STRING_EQUAL(ctl_mac_fmt(mac, buf, sizeof(buf)),
			       "02:00:5e:10:ab:cd");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(mac, 0x11, sizeof(mac));
		CU_ASSERT_EQUAL(ctl_mac_parse(bad[i], mac), -EINVAL);
		CU_ASSERT_EQUAL(mac[0], 0x11);
	}
}

/* ---------------------------------------------------------------------
 * Sample files
 */

static void
test_ctl_conf_init_defaults(void)
{
	struct ctl_conf *c = malloc(sizeof(*c));
	unsigned int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	memset(c, 0x5a, sizeof(*c));
	ctl_conf_init(c);
	CU_ASSERT_EQUAL(c->n_contexts, 0);
	CU_ASSERT_EQUAL(c->n_ports, 0);
	CU_ASSERT_FALSE(c->srp.present);
	CU_ASSERT_EQUAL(c->srp.priority, 125);
	CU_ASSERT_EQUAL(c->dp.n_ports, 0);
	CU_ASSERT_EQUAL(c->dp.n_mbufs, 8191);
	CU_ASSERT_EQUAL(c->dp.n_rxd, 1024);
	CU_ASSERT_EQUAL(c->dp.n_txd, 1024);
	CU_ASSERT_EQUAL(c->dp.burst, 32);
	CU_ASSERT_EQUAL(c->dp.max_sessions, 1048576);
	CU_ASSERT_EQUAL(c->dp.idle_polls, 0);
	CU_ASSERT_EQUAL(c->dp.idle_sleep_us, 0);
	CU_ASSERT_FALSE(c->graceful_cleanup);
	CU_ASSERT_EQUAL(c->graceful_del_cause, CTL_DEL_CAUSE_UNSET);
	CU_ASSERT_FALSE(c->bulkstat_no_standby);
	for (i = 0; i < CTL_MAX_PORTS; i++)
		CU_ASSERT_TRUE(c->ports[i].shutdown);
	free(c);
}

static void
test_ctl_conf_sample_srp_bind(void)
{
	struct ctl_conf *c = load_sample("srp_bind.cfg");

	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->n_contexts, 1);
	CU_ASSERT_STRING_EQUAL(c->contexts[0].name, "srp_ctxt");
	CU_ASSERT_TRUE(c->srp.present);
	CU_ASSERT_STRING_EQUAL(c->srp.context, "srp_ctxt");
	CU_ASSERT_TRUE(addr_is(&c->srp.bind_addr, "192.0.2.1"));
	CU_ASSERT_EQUAL(c->srp.bind_port, 5422);
	CU_ASSERT_EQUAL(c->srp.peer_addr.family, AF_UNSPEC);
	free(c);
}

static void
test_ctl_conf_sample_srp_basic(void)
{
	struct ctl_conf *c = load_sample("srp_basic.cfg");

	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->srp.mode, SRP_MODE_PRIMARY);
	CU_ASSERT_EQUAL(c->srp.priority, 10);
	CU_ASSERT_TRUE(addr_is(&c->srp.peer_addr, "192.0.2.2"));
	CU_ASSERT_EQUAL(c->srp.peer_port, 5422);
	CU_ASSERT_EQUAL(c->srp.hello_ms, 10000);
	CU_ASSERT_EQUAL(c->srp.dead_ms, 30000);
	CU_ASSERT_FALSE(c->srp.hello_in_msec);
	CU_ASSERT_EQUAL(c->srp.delay_s, 60);
	CU_ASSERT_EQUAL(c->srp.ckpt_duration_ims_s, 30);
	CU_ASSERT_EQUAL(c->srp.ckpt_duration_non_ims_s, 30);
	free(c);
}

static void
test_ctl_conf_sample_srp_guard(void)
{
	struct ctl_conf *c = load_sample("srp_guard.cfg");

	if (c == NULL)
		return;
	CU_ASSERT_TRUE(c->srp.present);
	CU_ASSERT_EQUAL(c->srp.aaa_switchover.damping_s, 10);
	CU_ASSERT_EQUAL(c->srp.aaa_switchover.guard_s, 120);
	CU_ASSERT_EQUAL(c->srp.diameter_switchover.damping_s, 20);
	CU_ASSERT_EQUAL(c->srp.diameter_switchover.guard_s, 180);
	CU_ASSERT_EQUAL(c->srp.redundancy_aaa.damping_s, 30);
	CU_ASSERT_EQUAL(c->srp.redundancy_aaa.guard_s, 240);
	CU_ASSERT_EQUAL(c->srp.redundancy_bgp.damping_s, 40);
	CU_ASSERT_EQUAL(c->srp.redundancy_bgp.guard_s, 300);
	CU_ASSERT_EQUAL(c->srp.redundancy_diam.damping_s, 50);
	CU_ASSERT_EQUAL(c->srp.redundancy_diam.guard_s, 86400);
	free(c);
}

static void
test_ctl_conf_sample_srp_dscp(void)
{
	struct ctl_conf *c = load_sample("srp_dscp.cfg");

	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->srp.dscp_control, 34);	/* af41 */
	CU_ASSERT_EQUAL(c->srp.dscp_session, 40);	/* cs5 */
	free(c);
}

static void
test_ctl_conf_sample_srp_switchover(void)
{
	struct ctl_conf *c = load_sample("srp_switchover.cfg");

	if (c == NULL)
		return;
	CU_ASSERT_TRUE(c->srp.allow_all_data);
	CU_ASSERT_TRUE(c->srp.allow_volte_data);
	CU_ASSERT_TRUE(c->srp.volte_maintain_accounting);
	CU_ASSERT_TRUE(c->srp.allow_early_active);
	CU_ASSERT_TRUE(c->srp.control_outage_opt);
	CU_ASSERT_TRUE(c->graceful_cleanup);
	CU_ASSERT_EQUAL(c->graceful_del_cause, CTL_DEL_CAUSE_SYSTEM_FAILURE);
	free(c);
	c = load_sample("srp_switchover_volte.cfg");
	if (c == NULL)
		return;
	CU_ASSERT_FALSE(c->srp.allow_all_data);
	CU_ASSERT_TRUE(c->srp.allow_volte_data);
	CU_ASSERT_FALSE(c->srp.volte_maintain_accounting);
	CU_ASSERT_TRUE(c->srp.allow_early_active);
	CU_ASSERT_FALSE(c->srp.control_outage_opt);
	CU_ASSERT_TRUE(c->graceful_cleanup);
	CU_ASSERT_EQUAL(c->graceful_del_cause, CTL_DEL_CAUSE_UNSET);
	free(c);
}

static void
test_ctl_conf_sample_srp_interface(void)
{
	struct ctl_conf *c = load_sample("srp_interface.cfg");
	const struct ctl_context *x;
	const struct ctl_port *pt;

	if (c == NULL)
		return;
	x = ctx_of(c, "vpn_ctxt");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_FALSE(c->srp.present);
	CU_ASSERT_EQUAL(x->n_ifaces, 1);
	CU_ASSERT_STRING_EQUAL(x->ifaces[0].name, "srp_if");
	CU_ASSERT_FALSE(x->ifaces[0].loopback);
	CU_ASSERT_EQUAL(x->ifaces[0].n_addrs, 1);
	CU_ASSERT_TRUE(pfx_is(&x->ifaces[0].addrs[0].pfx, "198.51.100.1", 24));
	CU_ASSERT_FALSE(x->ifaces[0].addrs[0].mask_form);
	CU_ASSERT_FALSE(x->ifaces[0].addrs[0].srp_activate);
	CU_ASSERT_EQUAL(c->n_ports, 1);
	pt = &c->ports[0];
	CU_ASSERT_STRING_EQUAL(pt->name, "1/10");
	CU_ASSERT_STRING_EQUAL(pt->description,
			       "SRP link to the peer chassis");
	CU_ASSERT_EQUAL(pt->speed_mbps, 1000);
	CU_ASSERT_FALSE(pt->duplex_half);
	CU_ASSERT_FALSE(pt->shutdown);
	CU_ASSERT_STRING_EQUAL(pt->bind_iface, "srp_if");
	CU_ASSERT_STRING_EQUAL(pt->bind_context, "vpn_ctxt");
	CU_ASSERT_STRING_EQUAL(pt->device, "net_memif0");
	CU_ASSERT_TRUE(pt->role_set);
	CU_ASSERT_EQUAL(pt->role, DP_ROLE_CORE);
	CU_ASSERT_EQUAL(pt->mtu, 0);
	free(c);
}

static void
test_ctl_conf_sample_srp_nack(void)
{
	struct ctl_conf *c = load_sample("srp_nack.cfg");

	if (c == NULL)
		return;
	CU_ASSERT_TRUE(c->srp.nack_macro);
	CU_ASSERT_EQUAL(c->srp.nack_macro_max, 5);
	CU_ASSERT_TRUE(c->srp.nack_micro);
	CU_ASSERT_EQUAL(c->srp.nack_micro_max, 0);
	free(c);
}

static void
test_ctl_conf_sample_srp_periodic(void)
{
	struct ctl_conf *c = load_sample("srp_periodic.cfg");

	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->srp.ckpt_periodic_min, 1440);
	CU_ASSERT_FALSE(c->srp.ckpt_periodic_off);
	CU_ASSERT_EQUAL(c->srp.ckpt_refresh_ms, SRP_CKPT_REFRESH_DEFAULT_MS);
	free(c);
}

static void
test_ctl_conf_sample_srp_lz4_dbrec(void)
{
	struct ctl_conf *c = load_sample("srp_lz4.cfg");

	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->srp.compression, SRP_COMP_LZ4);
	CU_ASSERT_EQUAL(c->srp.db_recovery, SRP_DBREC_NORMAL);
	free(c);
	c = load_sample("srp_dbrec.cfg");
	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->srp.db_recovery, SRP_DBREC_AGGRESSIVE);
	CU_ASSERT_EQUAL(c->srp.compression, SRP_COMP_ZLIB);
	free(c);
}

static void
test_ctl_conf_sample_bgp_source(void)
{
	struct ctl_conf *c = load_sample("bgp_source.cfg");
	const struct ctl_context *x;

	if (c == NULL)
		return;
	x = ctx_of(c, "source");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_TRUE(x->bgp.present);
	CU_ASSERT_EQUAL(x->bgp.as, 64512);
	CU_ASSERT_EQUAL(x->bgp.n_net, 1);
	CU_ASSERT_TRUE(pfx_is(&x->bgp.net[0], "203.0.113.1", 32));
	CU_ASSERT_EQUAL(x->bgp.n_neigh, 1);
	CU_ASSERT_TRUE(addr_is(&x->bgp.neigh[0].addr, "192.0.2.254"));
	CU_ASSERT_EQUAL(x->bgp.neigh[0].remote_as, 64513);
	CU_ASSERT_STRING_EQUAL(c->srp.context, "srp_ctxt");
	CU_ASSERT_EQUAL(c->srp.n_monitors, 1);
	CU_ASSERT_EQUAL(c->srp.monitors[0].kind, SRP_MON_BGP);
	CU_ASSERT_STRING_EQUAL(c->srp.monitors[0].context, "source");
	CU_ASSERT_TRUE(addr_is(&c->srp.monitors[0].addr, "192.0.2.254"));
	CU_ASSERT_EQUAL(c->srp.monitors[0].group, 0);
	free(c);
}

static void
test_ctl_conf_sample_bgp_destination(void)
{
	struct ctl_conf *c = load_sample("bgp_destination.cfg");
	const struct ctl_context *x;

	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->n_contexts, 2);
	x = ctx_of(c, "destination");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_TRUE(x->subscriber_default);
	CU_ASSERT_EQUAL(x->bgp.n_net, 2);
	CU_ASSERT_TRUE(pfx_is(&x->bgp.net[0], "198.51.100.0", 24));
	CU_ASSERT_FALSE(x->bgp.net_mask_form[0]);
	CU_ASSERT_TRUE(pfx_is(&x->bgp.net[1], "10.10.0.0", 16));
	CU_ASSERT_TRUE(x->bgp.net_mask_form[1]);
	CU_ASSERT_EQUAL(x->bgp.n_neigh, 2);
	CU_ASSERT_TRUE(addr_is(&x->bgp.neigh[1].addr, "2001:db8:ffff::1"));
	CU_ASSERT_EQUAL(c->srp.n_monitors, 2);
	CU_ASSERT_TRUE(addr_is(&c->srp.monitors[1].addr, "2001:db8:ffff::1"));
	free(c);
}

static void
test_ctl_conf_sample_monitor_groups(void)
{
	static const char *const addrs[] = { "10.1.1.16", "10.1.1.17",
		"69.2.215.0", "69.2.215.1", "2001:4333:201:1102:103:2a1::",
		"2001:4333:201:1102:103:2a1:0:1" };
	struct ctl_conf *c = load_sample("srp_monitor_groups.cfg");
	const struct srp_monitor *m;
	unsigned int i;

	if (c == NULL)
		return;
	CU_ASSERT_EQUAL_FATAL(c->srp.n_monitors, 8);
	for (i = 0; i < 6; i++) {
		m = &c->srp.monitors[i];
		CU_ASSERT_EQUAL(m->kind, SRP_MON_BGP);
		CU_ASSERT_STRING_EQUAL(m->context, "PGWin");
		CU_ASSERT_TRUE(addr_is(&m->addr, addrs[i]));
		CU_ASSERT_EQUAL(m->group, i / 2 + 1);
	}
	m = &c->srp.monitors[6];
	CU_ASSERT_EQUAL(m->kind, SRP_MON_AUTH_PROBE);
	CU_ASSERT_STRING_EQUAL(m->context, "source");
	CU_ASSERT_TRUE(addr_is(&m->addr, "192.0.2.10"));
	CU_ASSERT_EQUAL(m->port, 1812);
	m = &c->srp.monitors[7];
	CU_ASSERT_EQUAL(m->kind, SRP_MON_DIAMETER);
	CU_ASSERT_STRING_EQUAL(m->endpoint, "gx.example");
	CU_ASSERT_STRING_EQUAL(m->peer, "pcrf1");
	free(c);
}

static void
test_ctl_conf_sample_bulkstat(void)
{
	struct ctl_conf *c = load_sample("bulkstat.cfg");

	if (c == NULL)
		return;
	CU_ASSERT_TRUE(c->bulkstat_no_standby);
	CU_ASSERT_EQUAL(c->n_contexts, 0);
	free(c);
}

static void
test_ctl_conf_sample_show_config_srp(void)
{
	struct ctl_conf *c = load_sample("show_config_srp.cfg");
	const struct ctl_context *x;
	const struct ctl_ha_service *ha;

	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->n_contexts, 3);
	x = ctx_of(c, "source");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(x->n_ifaces, 1);
	CU_ASSERT_TRUE(x->ifaces[0].loopback);
	CU_ASSERT_TRUE(pfx_is(&x->ifaces[0].addrs[0].pfx, "172.17.1.1", 32));
	CU_ASSERT_TRUE(x->ifaces[0].addrs[0].mask_form);
	CU_ASSERT_TRUE(x->ifaces[0].addrs[0].srp_activate);
	CU_ASSERT_TRUE(x->nas_ip_set);
	CU_ASSERT_TRUE(addr_is(&x->nas_ip, "172.17.1.1"));
	CU_ASSERT_EQUAL_FATAL(x->n_radius, 2);
	CU_ASSERT_EQUAL(x->radius[0].kind, CTL_RADIUS_AUTH);
	CU_ASSERT_TRUE(x->radius[0].key_encrypted);
	CU_ASSERT_STRING_EQUAL(x->radius[0].key, "01abd002c82b4a2c");
	CU_ASSERT_EQUAL(x->radius[0].port, 1812);
	CU_ASSERT_EQUAL(x->radius[1].kind, CTL_RADIUS_ACCT);
	CU_ASSERT_EQUAL(x->radius[1].port, 1813);
	CU_ASSERT_EQUAL_FATAL(x->n_ha, 1);
	ha = &x->ha[0];
	CU_ASSERT_STRING_EQUAL(ha->name, "ha-pdsn");
	CU_ASSERT_EQUAL(ha->n_mn_spi, 1);
	CU_ASSERT_EQUAL(ha->mn_spi[0].spi, 256);
	CU_ASSERT_EQUAL(ha->mn_spi[0].hash, CTL_HA_HASH_MD5);
	CU_ASSERT_STRING_EQUAL(ha->mn_spi[0].secret,
			       "6c93f7960b726b6f6c93f7960b726b6f");
	CU_ASSERT_EQUAL(ha->n_fa_spi, 1);
	CU_ASSERT_TRUE(pfx_is(&ha->fa_spi[0].remote, "192.168.82.0", 24));
	CU_ASSERT_STRING_EQUAL(ha->fa_spi[0].secret, "1088bdd6817f64df");
	CU_ASSERT_TRUE(ha->bind_set);
	CU_ASSERT_TRUE(addr_is(&ha->bind_addr, "172.17.1.1"));
	x = ctx_of(c, "destination");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL_FATAL(x->n_pools, 2);
	CU_ASSERT_STRING_EQUAL(x->pools[0].name, "dynamic");
	CU_ASSERT_TRUE(pfx_is(&x->pools[0].pfx, "172.18.0.0", 16));
	CU_ASSERT_EQUAL(x->pools[0].type, CTL_POOL_PUBLIC);
	CU_ASSERT_EQUAL(x->pools[0].type_priority, 0);
	CU_ASSERT_TRUE(x->pools[0].srp_activate);
	CU_ASSERT_STRING_EQUAL(x->pools[1].name, "static");
	CU_ASSERT_TRUE(pfx_is(&x->pools[1].pfx, "172.19.0.0", 20));
	CU_ASSERT_EQUAL(x->pools[1].type, CTL_POOL_STATIC);
	CU_ASSERT_TRUE(c->srp.present);
	CU_ASSERT_STRING_EQUAL(c->srp.context, "srp");
	free(c);
}

static void
test_ctl_conf_sample_audit(void)
{
	struct ctl_conf *c = load_sample("srp_audit.cfg");

	if (c == NULL)
		return;
	CU_ASSERT_TRUE(c->srp.audit_start_set);
	CU_ASSERT_EQUAL(c->srp.audit_start_hour, 6);
	CU_ASSERT_EQUAL(c->srp.audit_start_min, 0);
	CU_ASSERT_EQUAL(c->srp.audit_period_min, 90);
	free(c);
}

static void
test_ctl_conf_sample_srpgw_full(void)
{
	struct ctl_conf *c = load_sample("srpgw_full.cfg");
	const struct ctl_context *x;
	const struct srp_conf *s;

	if (c == NULL)
		return;
	s = &c->srp;
	CU_ASSERT_STRING_EQUAL(s->context, "srp");
	CU_ASSERT_EQUAL(s->mode, SRP_MODE_PRIMARY);
	CU_ASSERT_TRUE(addr_is(&s->bind_addr, "192.0.2.1"));
	CU_ASSERT_EQUAL(s->bind_port, 5500);
	CU_ASSERT_EQUAL(s->peer_port, 5500);
	CU_ASSERT_EQUAL(s->hello_ms, 500);
	CU_ASSERT_TRUE(s->hello_in_msec);
	CU_ASSERT_EQUAL(s->dead_ms, 2000);
	CU_ASSERT_TRUE(s->dead_in_msec);
	CU_ASSERT_EQUAL(s->ckpt_duration_ims_s, 10);
	CU_ASSERT_EQUAL(s->ckpt_duration_non_ims_s, 45);
	CU_ASSERT_EQUAL(s->ckpt_periodic_min, 60);
	CU_ASSERT_TRUE(s->nack_micro);
	CU_ASSERT_FALSE(s->nack_macro);
	CU_ASSERT_EQUAL(s->n_monitors, 4);
	CU_ASSERT_EQUAL(s->monitors[2].kind, SRP_MON_AUTH_PROBE);
	CU_ASSERT_EQUAL(s->monitors[2].port, 0);
	CU_ASSERT_EQUAL(s->monitors[3].peer[0], 'p');
	CU_ASSERT_EQUAL(s->redundancy_bgp.guard_s, 90);
	CU_ASSERT_EQUAL(s->dscp_control, 46);
	CU_ASSERT_EQUAL(s->dscp_session, 18);
	CU_ASSERT_EQUAL(s->audit_start_hour, 3);
	CU_ASSERT_EQUAL(s->audit_start_min, 30);
	CU_ASSERT_STRING_EQUAL(s->auth_key, "s3cret srp key");
	CU_ASSERT_EQUAL(c->graceful_del_cause, CTL_DEL_CAUSE_NONE);

	x = ctx_of(c, "srp");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_STRING_EQUAL(x->ifaces[0].description,
			       "ICSR link to the backup chassis");
	CU_ASSERT_TRUE(pfx_is(&x->ifaces[0].addrs[0].pfx, "192.0.2.1", 30));
	x = ctx_of(c, "access");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(x->ifaces[0].n_addrs, 2);
	CU_ASSERT_TRUE(pfx_is(&x->ifaces[0].addrs[1].pfx, "2001:db8:a::10",
			      128));
	CU_ASSERT_TRUE(x->ifaces[0].addrs[1].srp_activate);
	CU_ASSERT_EQUAL(x->n_routes, 1);
	CU_ASSERT_TRUE(pfx_is(&x->routes[0].pfx, "0.0.0.0", 0));
	CU_ASSERT_TRUE(x->routes[0].mask_form);
	CU_ASSERT_STRING_EQUAL(x->routes[0].iface, "access-port");
	x = ctx_of(c, "core");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(x->arps[0].mac[5], 0xfe);
	CU_ASSERT_EQUAL_FATAL(x->n_routes, 2);
	CU_ASSERT_TRUE(pfx_is(&x->routes[1].pfx, "::", 0));
	CU_ASSERT_TRUE(addr_is(&x->routes[1].nexthop, "2001:db8:c::fe"));
	CU_ASSERT_STRING_EQUAL(x->routes[1].iface, "sgi");
	CU_ASSERT_EQUAL_FATAL(x->n_arps, 2);
	CU_ASSERT_TRUE(addr_is(&x->arps[1].addr, "2001:db8:c::fe"));
	CU_ASSERT_EQUAL(x->arps[1].mac[5], 0xfd);
	CU_ASSERT_EQUAL(x->pools[0].type, CTL_POOL_PRIVATE);
	CU_ASSERT_FALSE(x->radius[0].key_encrypted);
	CU_ASSERT_EQUAL(x->bgp.n_net, 2);
	CU_ASSERT_TRUE(x->subscriber_default);

	CU_ASSERT_EQUAL_FATAL(c->n_ports, 3);
	CU_ASSERT_EQUAL(c->ports[0].mtu, 9000);
	CU_ASSERT_EQUAL(c->ports[0].role, DP_ROLE_ACCESS);
	CU_ASSERT_STRING_EQUAL(c->ports[1].device, "0000:00:08.0");
	CU_ASSERT_EQUAL(c->ports[1].role, DP_ROLE_CORE);
	CU_ASSERT_TRUE(c->ports[2].shutdown);
	CU_ASSERT_STRING_EQUAL(c->ports[2].description, "spare");
	CU_ASSERT_EQUAL(c->dp.max_sessions, 262144);
	CU_ASSERT_EQUAL(c->dp.n_mbufs, 16383);
	CU_ASSERT_EQUAL(c->dp.n_rxd, 512);
	CU_ASSERT_EQUAL(c->dp.n_txd, 2048);
	CU_ASSERT_EQUAL(c->dp.burst, 64);
	CU_ASSERT_EQUAL(c->dp.idle_polls, 1000);
	CU_ASSERT_EQUAL(c->dp.idle_sleep_us, 50);
	CU_ASSERT_TRUE(c->bulkstat_no_standby);
	free(c);
}

static void
test_ctl_conf_to_dp_ports_and_settings(void)
{
	struct ctl_conf *c = load_sample("srpgw_full.cfg");
	struct dp_conf dp;

	if (c == NULL)
		return;
	memset(&dp, 0x77, sizeof(dp));
	ctl_conf_to_dp(c, &dp);
	/* port 1/3 is shut down without a device: not handed over */
	CU_ASSERT_EQUAL_FATAL(dp.n_ports, 2);
	CU_ASSERT_STRING_EQUAL(dp.ports[0].name, "1/1");
	CU_ASSERT_STRING_EQUAL(dp.ports[0].device, "net_memif0");
	CU_ASSERT_EQUAL(dp.ports[0].role, DP_ROLE_ACCESS);
	CU_ASSERT_EQUAL(dp.ports[0].mtu, 9000);
	CU_ASSERT_FALSE(dp.ports[0].shutdown);
	CU_ASSERT_STRING_EQUAL(dp.ports[1].device, "0000:00:08.0");
	CU_ASSERT_EQUAL(dp.ports[1].role, DP_ROLE_CORE);
	CU_ASSERT_EQUAL(dp.ports[1].mtu, 0);
	CU_ASSERT_EQUAL(dp.ports[2].name[0], '\0');
	CU_ASSERT_EQUAL(dp.n_mbufs, 16383);
	CU_ASSERT_EQUAL(dp.n_rxd, 512);
	CU_ASSERT_EQUAL(dp.n_txd, 2048);
	CU_ASSERT_EQUAL(dp.burst, 64);
	CU_ASSERT_EQUAL(dp.max_sessions, 262144);
	CU_ASSERT_EQUAL(dp.idle_polls, 1000);
	CU_ASSERT_EQUAL(dp.idle_sleep_us, 50);
	free(c);
	c = parse_ok("port ethernet 2/1\n dpdk-device net_null0\n");
	if (c == NULL)
		return;
	ctl_conf_to_dp(c, &dp);
	CU_ASSERT_EQUAL(dp.n_ports, 1);
	CU_ASSERT_TRUE(dp.ports[0].shutdown);	/* kept, but down */
	CU_ASSERT_EQUAL(dp.n_mbufs, 8191);
	free(c);
}

/* ---------------------------------------------------------------------
 * Round trips
 */

static const char *const samples[] = {
	"srp_bind.cfg", "srp_basic.cfg", "srp_guard.cfg", "srp_dscp.cfg",
	"srp_switchover.cfg", "srp_switchover_volte.cfg", "srp_interface.cfg",
	"srp_nack.cfg", "srp_periodic.cfg", "srp_lz4.cfg", "srp_dbrec.cfg",
	"bgp_source.cfg", "bgp_destination.cfg", "srp_monitor_groups.cfg",
	"bulkstat.cfg", "show_config_srp.cfg", "srp_audit.cfg",
	"srpgw_full.cfg", "srpgw_backup.cfg", "sx_n4.cfg",
};

static void
round_trip(const char *name, bool srp_only)
{
	struct ctl_conf *a, *b;
	char err[CTL_ERR_LEN];
	char *t1, *t2, *t3;

	a = load_sample(name);
	if (a == NULL)
		return;
	t1 = print_str(a, srp_only);
	b = conf_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	if (ctl_conf_parse(t1, "printed", b, err, sizeof(err)) != 0) {
		fprintf(stderr, "\n%s (%s): %s\n%s", name,
			srp_only ? "srp-only" : "full", err, t1);
		CU_FAIL("printed configuration does not parse");
	} else {
		t2 = print_str(b, srp_only);
		CU_ASSERT_STRING_EQUAL(t1, t2);
		/* the srp-only text holds nothing else: printed in full it
		 * is the same */
		if (srp_only) {
			t3 = print_str(b, false);
			CU_ASSERT_STRING_EQUAL(t1, t3);
			free(t3);
		}
		free(t2);
	}
	free(t1);
	free(b);
	free(a);
}

static void
test_ctl_conf_round_trip_full(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		round_trip(samples[i], false);
}

static void
test_ctl_conf_round_trip_srp_only(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		round_trip(samples[i], true);
}

static void
test_ctl_conf_print_srp_only_matches_sample(void)
{
	/* Every line of the reference's "show configuration srp" sample is
	 * SRP related: its srp-only print equals its full print. */
	struct ctl_conf *c = load_sample("show_config_srp.cfg");
	char *full, *srp;

	if (c == NULL)
		return;
	full = print_str(c, false);
	srp = print_str(c, true);
	CU_ASSERT_STRING_EQUAL(full, srp);
	free(full);
	free(srp);
	free(c);
}

static void
test_ctl_conf_print_srp_only_pair_differs_in_role_lines(void)
{
	struct ctl_conf *a = load_sample("srpgw_full.cfg");
	struct ctl_conf *b = load_sample("srpgw_backup.cfg");
	char *ta, *tb, *la, *lb, *sa = NULL, *sb = NULL;
	unsigned int diff = 0, lines = 0;

	if (a == NULL || b == NULL) {
		free(a);
		free(b);
		return;
	}
	ta = print_str(a, true);
	tb = print_str(b, true);
	la = strtok_r(ta, "\n", &sa);
	lb = strtok_r(tb, "\n", &sb);
	while (la != NULL && lb != NULL) {
		lines++;
		if (strcmp(la, lb) != 0) {
			diff++;
			CU_ASSERT(strstr(la, "chassis-mode") != NULL ||
				  strstr(la, "priority") != NULL ||
				  strstr(la, "peer-ip-address") != NULL ||
				  strstr(la, "bind address") != NULL);
		}
		la = strtok_r(NULL, "\n", &sa);
		lb = strtok_r(NULL, "\n", &sb);
	}
	CU_ASSERT_PTR_NULL(la);
	CU_ASSERT_PTR_NULL(lb);
	CU_ASSERT_EQUAL(diff, 4);
	CU_ASSERT(lines > 30);
	free(ta);
	free(tb);
	free(a);
	free(b);
}

static void
test_ctl_conf_print_exact_format(void)
{
	static const char *const in =
		"context gw\n"
		"interface lo1 loopback\n"
		"ip address 10.0.0.1 255.255.255.255 srp-activate\n"
		"ip address 10.0.0.2/32\n"
		"description \"not in srp-only\"\n"
		"exit\n"
		"interface eth\n"
		"ip address 10.1.0.1/24\n"
		"exit\n"
		"ip pool p1 10.2.0.0/16 srp-activate\n"
		"service-redundancy-protocol\n"
		"chassis-mode backup\n"
		"hello-interval 5\n"
		"dead-interval 15\n"
		"exit\n";
	static const char *const want =
		"config\n"
		"  context gw\n"
		"    interface lo1 loopback\n"
		"      description \"not in srp-only\"\n"
		"      ip address 10.0.0.1 255.255.255.255 srp-activate\n"
		"      ip address 10.0.0.2/32\n"
		"    #exit\n"
		"    interface eth\n"
		"      ip address 10.1.0.1/24\n"
		"    #exit\n"
		"    service-redundancy-protocol\n"
		"      chassis-mode backup\n"
		"      hello-interval 5\n"
		"      dead-interval 15\n"
		"    #exit\n"
		"    ip pool p1 10.2.0.0/16 srp-activate\n"
		"  #exit\n"
		"end\n";
	static const char *const want_srp =
		"config\n"
		"  context gw\n"
		"    interface lo1 loopback\n"
		"      ip address 10.0.0.1 255.255.255.255 srp-activate\n"
		"    #exit\n"
		"    service-redundancy-protocol\n"
		"      chassis-mode backup\n"
		"      hello-interval 5\n"
		"      dead-interval 15\n"
		"    #exit\n"
		"    ip pool p1 10.2.0.0/16 srp-activate\n"
		"  #exit\n"
		"end\n";
	struct ctl_conf *c = parse_ok(in);
	char *t;

	if (c == NULL)
		return;
	t = print_str(c, false);
	CU_ASSERT_STRING_EQUAL(t, want);
	free(t);
	t = print_str(c, true);
	CU_ASSERT_STRING_EQUAL(t, want_srp);
	free(t);
	free(c);
}

/* Session timer defaults: none by default (not printed); set, printed
 * back, and "default" returns to none. */
static void
test_ctl_conf_session_timers_parsed_and_printed(void)
{
	struct ctl_conf *d = parse_ok("dataplane\nexit\n");
	struct ctl_conf *c = parse_ok("dataplane\nsession idle-timeout 30\n"
				      "session absolute-timeout 3600\nexit\n");
	struct ctl_conf *z = parse_ok("dataplane\nsession idle-timeout 30\n"
				      "default session idle-timeout\nexit\n");
	struct ctl_conf *again;
	char *t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(z);
	CU_ASSERT_EQUAL(d->sess_idle_timeout_s, 0);
	CU_ASSERT_EQUAL(d->sess_abs_timeout_s, 0);
	CU_ASSERT_EQUAL(c->sess_idle_timeout_s, 30);
	CU_ASSERT_EQUAL(c->sess_abs_timeout_s, 3600);
	CU_ASSERT_EQUAL(z->sess_idle_timeout_s, 0);
	t = print_str(c, false);
	CU_ASSERT_STRING_EQUAL(t, "config\n  dataplane\n"
			       "    session idle-timeout 30\n"
			       "    session absolute-timeout 3600\n"
			       "  #exit\nend\n");
	again = parse_ok(t);
	CU_ASSERT_PTR_NOT_NULL(again);
	if (again != NULL)
		CU_ASSERT_EQUAL(again->sess_abs_timeout_s, 3600);
	free(t);
	free(again);
	free(z);
	free(c);
	free(d);
}

/* Uplink source checks: on by default (not printed), "no source-check"
 * turns them off and prints back, "source-check" restores the default. */
static void
test_ctl_conf_source_check_parsed_and_printed(void)
{
	struct ctl_conf *d = parse_ok("dataplane\nexit\n");
	struct ctl_conf *off = parse_ok("dataplane\nno source-check\nexit\n");
	struct ctl_conf *on = parse_ok("dataplane\nno source-check\n"
				       "source-check\nexit\n");
	struct ctl_conf *again;
	char *t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(off);
	CU_ASSERT_PTR_NOT_NULL_FATAL(on);
	CU_ASSERT_FALSE(d->dp.src_check_off);
	CU_ASSERT_TRUE(off->dp.src_check_off);
	CU_ASSERT_FALSE(on->dp.src_check_off);
	t = print_str(off, false);
	CU_ASSERT_STRING_EQUAL(t, "config\n  dataplane\n    no source-check\n"
			       "  #exit\nend\n");
	again = parse_ok(t);
	CU_ASSERT_PTR_NOT_NULL(again);
	if (again != NULL)
		CU_ASSERT_TRUE(again->dp.src_check_off);
	free(t);
	t = print_str(on, false);
	CU_ASSERT_STRING_EQUAL(t, "config\nend\n");
	free(t);
	free(again);
	free(d);
	free(off);
	free(on);
}

static void
test_ctl_conf_print_defaults_not_printed(void)
{
	struct ctl_conf *a, *b, *e;
	char *ta, *tb, *te;

	a = parse_ok("context s\nservice-redundancy-protocol\n");
	b = parse_ok("context s\nservice-redundancy-protocol\n"
		     "priority 125\nhello-interval 3\ndead-interval 30\n"
		     "checkpoint session duration 60\n"
		     "checkpoint session periodic-interval 45\n"
		     "checkpoint session compression zlib\n"
		     "dscp-marking control be\n"
		     "guard-timer aaa-switchover-timers guard-period 60\n"
		     "standby database-recovery normal\n"
		     "audit periodicity 60\n"
		     "bind address 192.0.2.1 port 5422\nno bind address\n"
		     "exit\nexit\n"
		     "dataplane\nburst 32\nmbufs 8191\nexit\n"
		     "bulkstat mode\ngather-on-standby\nexit\n");
	e = parse_ok("");
	if (a == NULL || b == NULL || e == NULL) {
		free(a);
		free(b);
		free(e);
		return;
	}
	ta = print_str(a, false);
	tb = print_str(b, false);
	te = print_str(e, false);
	CU_ASSERT_STRING_EQUAL(ta, tb);
	CU_ASSERT_STRING_EQUAL(ta, "config\n  context s\n"
			       "    service-redundancy-protocol\n    #exit\n"
			       "  #exit\nend\n");
	CU_ASSERT_STRING_EQUAL(te, "config\nend\n");
	free(ta);
	free(tb);
	free(te);
	free(a);
	free(b);
	free(e);
}

/* ---------------------------------------------------------------------
 * Lines, modes, no/default forms
 */

static void
test_ctl_conf_parse_comments_blanks_crlf(void)
{
	static const char *const in =
		"# leading comment\r\n"
		"\r\n"
		"configure\r\n"
		"\t context  a \t -noconfirm\r\n"
		"   # indented comment with \"odd quote\n"
		"#exitnot a marker, a comment\n"
		"    interface x\n"
		"      description \"two words\"\n"
		"    #exit   \n"
		"\n"
		"  service-redundancy-protocol\n"
		"  priority 7\n"
		"  #exit\n"
		"#exit\n"
		"end";
	struct ctl_conf *c = parse_ok(in);

	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->n_contexts, 1);
	CU_ASSERT_STRING_EQUAL(c->contexts[0].ifaces[0].description,
			       "two words");
	CU_ASSERT_EQUAL(c->srp.priority, 7);
	free(c);
}

static void
test_ctl_conf_parse_modes_end_and_reentry(void)
{
	static const char *const in =
		"config\n"
		"context a\n"
		"service-redundancy-protocol\n"
		"priority 7\n"
		"end\n"
		/* after end: back at the top; config may start again */
		"context b\n"
		"interface i1\n"
		"end\n"
		"config\n"
		"context a\n"
		"interface i2\n"
		"exit\n"
		"service-redundancy-protocol variable\n"
		"chassis-mode backup\n"
		"exit\n"
		"exit\n"
		"port ethernet 01/02\n"
		"description first\n"
		"exit\n"
		"port ethernet 1/2\n"
		"mtu 1500\n";
	struct ctl_conf *c = parse_ok(in);

	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->n_contexts, 2);
	CU_ASSERT_EQUAL(ctx_of(c, "a")->n_ifaces, 1);
	CU_ASSERT_STRING_EQUAL(ctx_of(c, "a")->ifaces[0].name, "i2");
	CU_ASSERT_EQUAL(c->srp.priority, 7);
	CU_ASSERT_EQUAL(c->srp.mode, SRP_MODE_BACKUP);
	CU_ASSERT_EQUAL(c->n_ports, 1);
	CU_ASSERT_STRING_EQUAL(c->ports[0].name, "1/2");
	CU_ASSERT_STRING_EQUAL(c->ports[0].description, "first");
	CU_ASSERT_EQUAL(c->ports[0].mtu, 1500);
	free(c);
}

static void
test_ctl_conf_parse_srp_no_default_forms(void)
{
	static const char *const in =
		"context s\nservice-redundancy-protocol\n"
		"chassis-mode primary\nno chassis-mode\n"
		"priority 9\ndefault priority\n"
		"peer-ip-address 192.0.2.2 port 6000\nno peer-ip-address\n"
		"bind address 2001:db8::1 port 6001\n"
		"hello-interval msec 100\ndefault hello-interval\n"
		"dead-interval 90\ndefault dead-interval\n"
		"delay-interval 5\nno delay-interval\n"
		"checkpoint session duration ims-session 5\n"
		"checkpoint session duration non-ims-session 7\n"
		"default checkpoint session duration ims-session\n"
		"no checkpoint session periodic-interval\n"
		"checkpoint session nack macro\n"
		"no checkpoint session nack macro\n"
		"checkpoint session compression lz4\n"
		"default checkpoint session compression\n"
		"checkpoint session activity-refresh msec 250\n"
		"monitor bgp context x 192.0.2.9 group 4\n"
		"monitor bgp context x 192.0.2.10\n"
		"no monitor bgp context x 192.0.2.9 group 4\n"
		"monitor diameter context x endpoint e1\n"
		"no monitor diameter context x endpoint e1\n"
		"guard-timer aaa-switchover-timers damping-period 5\n"
		"guard-timer aaa-switchover-timers guard-period 6\n"
		"default guard-timer aaa-switchover-timers damping-period\n"
		"guard-timer srp-redundancy-timers diam guard-period 7\n"
		"guard-timer srp-redundancy-timers diam damping-period 8\n"
		"default guard-timer srp-redundancy-timers diam\n"
		"dscp-marking session ef\ndefault dscp-marking session\n"
		"dscp-marking control cs6\n"
		"switchover allow-all-data-traffic\n"
		"no switchover allow-all-data-traffic\n"
		"switchover allow-volte-data-traffic maintain-accounting\n"
		"no switchover allow-volte-data-traffic\n"
		"switchover control-outage-optimization\n"
		"standby database-recovery aggressive\n"
		"default standby database-recovery\n"
		"audit daily-start-time 23 59\nno audit daily-start-time\n"
		"audit periodicity 1440\ndefault audit periodicity\n"
		"authentication key 12345678\nno authentication key\n"
		"authentication key \"a longer key with spaces\"\n";
	struct ctl_conf *c = parse_ok(in);
	const struct srp_conf *s;

	if (c == NULL)
		return;
	s = &c->srp;
	CU_ASSERT_EQUAL(s->mode, SRP_MODE_NONE);
	CU_ASSERT_EQUAL(s->priority, 125);
	CU_ASSERT_EQUAL(s->peer_addr.family, AF_UNSPEC);
	CU_ASSERT_EQUAL(s->peer_port, 5422);
	CU_ASSERT_TRUE(addr_is(&s->bind_addr, "2001:db8::1"));
	CU_ASSERT_EQUAL(s->bind_port, 6001);
	CU_ASSERT_EQUAL(s->hello_ms, 3000);
	CU_ASSERT_FALSE(s->hello_in_msec);
	CU_ASSERT_EQUAL(s->dead_ms, 30000);
	CU_ASSERT_EQUAL(s->delay_s, 0);
	CU_ASSERT_EQUAL(s->ckpt_duration_ims_s, 60);
	CU_ASSERT_EQUAL(s->ckpt_duration_non_ims_s, 7);
	CU_ASSERT_TRUE(s->ckpt_periodic_off);
	CU_ASSERT_EQUAL(s->ckpt_refresh_ms, 250);
	CU_ASSERT_FALSE(s->nack_macro);
	CU_ASSERT_EQUAL(s->compression, SRP_COMP_ZLIB);
	CU_ASSERT_EQUAL_FATAL(s->n_monitors, 1);
	CU_ASSERT_TRUE(addr_is(&s->monitors[0].addr, "192.0.2.10"));
	CU_ASSERT_EQUAL(s->aaa_switchover.damping_s, 0);
	CU_ASSERT_EQUAL(s->aaa_switchover.guard_s, 6);
	CU_ASSERT_EQUAL(s->redundancy_diam.damping_s, 0);
	CU_ASSERT_EQUAL(s->redundancy_diam.guard_s, 60);
	CU_ASSERT_EQUAL(s->dscp_session, 0);
	CU_ASSERT_EQUAL(s->dscp_control, 48);
	CU_ASSERT_FALSE(s->allow_all_data);
	CU_ASSERT_FALSE(s->allow_volte_data);
	CU_ASSERT_FALSE(s->volte_maintain_accounting);
	CU_ASSERT_TRUE(s->control_outage_opt);
	CU_ASSERT_EQUAL(s->db_recovery, SRP_DBREC_NORMAL);
	CU_ASSERT_FALSE(s->audit_start_set);
	CU_ASSERT_EQUAL(s->audit_period_min, 60);
	CU_ASSERT_STRING_EQUAL(s->auth_key, "a longer key with spaces");
	free(c);

	c = parse_ok("context s\nservice-redundancy-protocol\npriority 3\n"
		     "exit\nno service-redundancy-protocol\n"
		     "exit\ncontext t\nservice-redundancy-protocol\n");
	if (c == NULL)
		return;
	CU_ASSERT_STRING_EQUAL(c->srp.context, "t");
	CU_ASSERT_EQUAL(c->srp.priority, 125);
	free(c);
}

static void
test_ctl_conf_parse_other_no_default_forms(void)
{
	static const char *const in =
		"require graceful-cleanup-during-audit-failure del-cause "
		"non-ims-apn none\n"
		"no require graceful-cleanup-during-audit-failure\n"
		"context c\n"
		"interface e\ndescription \"x y\"\nno description\nexit\n"
		"ip pool a 10.0.0.0/24\nip pool b 10.0.1.0 255.255.255.0 "
		"private 3\nno ip pool a\nip pool a2 10.0.0.0/25 public 10\n"
		"exit\n"
		"port ethernet 1/1\ndescription d\nno description\n"
		"dpdk-device net_null0\nno dpdk-device\nmtu 1400\nno mtu\n"
		"no shutdown\nshutdown\nbind interface e c\n"
		"no bind interface\nmedium speed 100 duplex half\n"
		"medium auto\nexit\n"
		"dataplane\nburst 8\ndefault burst\nmax-sessions 16777216\n"
		"idle-backoff empty-polls 10 sleep-us 0\nno idle-backoff\n"
		"rx-descriptors 4096\ndefault rx-descriptors\n"
		"tx-descriptors 64\nexit\n"
		"bulkstat mode\nno gather-on-standby\ngather-on-standby\nexit\n";
	struct ctl_conf *c = parse_ok(in);
	const struct ctl_context *x;

	if (c == NULL)
		return;
	CU_ASSERT_FALSE(c->graceful_cleanup);
	CU_ASSERT_EQUAL(c->graceful_del_cause, CTL_DEL_CAUSE_UNSET);
	x = ctx_of(c, "c");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(x->ifaces[0].description[0], '\0');
	CU_ASSERT_EQUAL_FATAL(x->n_pools, 2);
	CU_ASSERT_STRING_EQUAL(x->pools[0].name, "b");
	CU_ASSERT_EQUAL(x->pools[0].type, CTL_POOL_PRIVATE);
	CU_ASSERT_EQUAL(x->pools[0].type_priority, 3);
	CU_ASSERT_STRING_EQUAL(x->pools[1].name, "a2");
	CU_ASSERT_EQUAL(x->pools[1].type_priority, 10);
	CU_ASSERT_EQUAL(c->ports[0].description[0], '\0');
	CU_ASSERT_EQUAL(c->ports[0].device[0], '\0');
	CU_ASSERT_EQUAL(c->ports[0].mtu, 0);
	CU_ASSERT_TRUE(c->ports[0].shutdown);
	CU_ASSERT_EQUAL(c->ports[0].bind_iface[0], '\0');
	CU_ASSERT_EQUAL(c->ports[0].speed_mbps, 0);
	CU_ASSERT_FALSE(c->ports[0].duplex_half);
	CU_ASSERT_EQUAL(c->dp.burst, 32);
	CU_ASSERT_EQUAL(c->dp.max_sessions, 16777216);
	CU_ASSERT_EQUAL(c->dp.idle_polls, 0);
	CU_ASSERT_EQUAL(c->dp.n_rxd, 1024);
	CU_ASSERT_EQUAL(c->dp.n_txd, 64);
	CU_ASSERT_FALSE(c->bulkstat_no_standby);
	free(c);
}

static void
test_ctl_conf_parse_srp_rule_checked_at_block_end(void)
{
	/* Inside the block the values may pass through a state that breaks
	 * the rule; only the state at block end counts. */
	struct ctl_conf *c = parse_ok(
		"context s\nservice-redundancy-protocol\n"
		"hello-interval 20\n"	/* dead still 30: broken here */
		"dead-interval 60\n"
		"switchover allow-early-active-transition\n"
		"switchover allow-all-data-traffic\n"
		"exit\n");

	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->srp.hello_ms, 20000);
	CU_ASSERT_EQUAL(c->srp.dead_ms, 60000);
	free(c);
}

static void
test_ctl_conf_parse_nul_byte_rejected(void)
{
	static const char text[] = "context a\ninter\0face b\n";
	char err[CTL_ERR_LEN];

	CU_ASSERT_EQUAL(parse_bad(text, sizeof(text) - 1, err, sizeof(err)),
			-EINVAL);
	CU_ASSERT_EQUAL(strncmp(err, ORIGIN ":2: ", strlen(ORIGIN ":2: ")),
			0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "NUL"));
}

static void
test_ctl_conf_load_errors(void)
{
	char path[] = "/tmp/test_ctl_conf_XXXXXX";
	static const char bad[] = "config\ncontext a\n\0\n";
	struct ctl_conf *c = conf_new();
	char err[CTL_ERR_LEN];
	int fd;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(ctl_conf_load("/nonexistent/srpgw.cfg", c, err,
				      sizeof(err)), -ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "/nonexistent/srpgw.cfg"));
	CU_ASSERT_EQUAL(ctl_conf_load("/tmp", c, err, sizeof(err)), -EINVAL);
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, bad, sizeof(bad) - 1),
			(ssize_t)(sizeof(bad) - 1));
	close(fd);
	CU_ASSERT_EQUAL(ctl_conf_load(path, c, err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, ":3: NUL byte"));
	CU_ASSERT_EQUAL(strncmp(err, path, strlen(path)), 0);
	unlink(path);
	CU_ASSERT_EQUAL(c->n_contexts, 0);	/* untouched */
	free(c);
}

static void
test_ctl_conf_error_messages_name_expected_form(void)
{
	char err[CTL_ERR_LEN];
	static const char *const t1 =
		"context s\nservice-redundancy-protocol\npriority 300\n";
	static const char *const t2 =
		"config\ncontext s\nservice-redundancy-protocol\n"
		"hello-intervall 3\n";
	static const char *const t3 = "context s\npriority 3\n";

	parse_bad(t1, strlen(t1), err, sizeof(err));
	CU_ASSERT_STRING_EQUAL(err, "t.cfg:3: priority: expected an integer "
			       "1..255, got '300'");
	parse_bad(t2, strlen(t2), err, sizeof(err));
	CU_ASSERT_EQUAL(strncmp(err, "t.cfg:4: unknown command "
				"'hello-intervall' in "
				"service-redundancy-protocol mode; expected "
				"one of: chassis-mode, priority, ",
				strlen("t.cfg:4: unknown command "
				       "'hello-intervall' in "
				       "service-redundancy-protocol mode; "
				       "expected one of: chassis-mode, "
				       "priority, ")), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "hello-interval, dead-interval"));
	parse_bad(t3, strlen(t3), err, sizeof(err));
	CU_ASSERT_STRING_EQUAL(err, "t.cfg:2: 'priority' is a "
			       "service-redundancy-protocol command; use it "
			       "after 'service-redundancy-protocol'");
	/* no room for a message: still an error, nothing written */
	CU_ASSERT_EQUAL(ctl_conf_parse(t1, ORIGIN, NULL, NULL, 0), -EINVAL);
}

/* ---------------------------------------------------------------------
 * Malformed variants
 */

struct bad_case {
	const char	*text;
	unsigned int	line;	/* expected ORIGIN:LINE: */
	const char	*msg;	/* expected part of the message */
};

#define SRP "context s\nservice-redundancy-protocol\n"	/* lines 1-2 */
/* Printed form of the key "a longer key with spaces" (srp_keyseal). */
#define KEY_SEALED \
	"8a1725cc721febb0fdcce50554fb50672b3f81a2d30b3c0f88033d83d42991c0f97d884b"
#define KEY_SEALED_BAD \
	"8a1725cc721febb0fdccd50554fb50672b3f81a2d30b3c0f88033d83d42991c0f97d884b"
#define PORT_OK "dpdk-device net_null0\nrole access\n"

static const struct bad_case bad_cases[] = {
	/* diameter endpoint mode and the monitor diameter check */
	{ "context c\ndiameter endpoint e\nexit\n", 3,
	  "diameter endpoint 'e' has no origin realm" },
	{ "context c\ndiameter endpoint e\norigin realm r\nexit\n", 4,
	  "has no origin host; add 'origin host HOST address ADDRESS'" },
	{ "context c\ndiameter endpoint e\norigin host h\n", 3,
	  "origin host: missing 'address'" },
	{ "context c\ndiameter endpoint e\norigin host h address x\n", 3,
	  "origin host address" },
	{ "context c\ndiameter endpoint e\norigin place r\n", 3,
	  "origin: expected one of realm, host, got 'place'" },
	{ "context c\ndiameter endpoint e\nwatchdog-timeout 31\n", 3,
	  "watchdog-timeout: expected an integer 1..30, got '31'" },
	{ "context c\ndiameter endpoint e\nwatchdog-timeout 0\n", 3,
	  "expected an integer 1..30" },
	{ "context c\ndiameter endpoint e\npeer p realm r\n", 3, "peer" },
	{ "context c\ndiameter endpoint e\n"
	  "peer p realm r address 192.0.2.1 port 0\n", 3, "peer port" },
	{ "context c\ndiameter endpoint e\n"
	  "peer p realm r address 192.0.2.1 sctp\n", 3, "peer" },
	{ "context c\ndiameter endpoint e\n"
	  "peer p realm r address 192.0.2.1\n"
	  "peer p realm r address 192.0.2.2\n", 4,
	  "peer: 'p' is already a peer of diameter endpoint 'e'" },
	{ "context c\ndiameter endpoint\n", 2, "diameter endpoint" },
	{ "context c\norigin realm r\n", 2, "origin" },
	{ SRP "monitor diameter context c endpoint e\nexit\nexit\n", 3,
	  "monitor diameter: there is no context 'c'" },
	{ SRP "monitor diameter context s endpoint e\nexit\nexit\n", 3,
	  "monitor diameter: context 's' has no diameter endpoint 'e'" },
	{ SRP "monitor diameter context s endpoint e peer q\nexit\n"
	  "diameter endpoint e\norigin realm r\norigin host h address "
	  "192.0.2.1\npeer p realm r address 192.0.2.9\nexit\n", 3,
	  "diameter endpoint 'e' in context 's' has no peer 'q'" },
	{ SRP "monitor diameter context s endpoint e\nexit\n"
	  "diameter endpoint e\norigin realm r\norigin host h address "
	  "192.0.2.1\nexit\n", 3,
	  "diameter endpoint 'e' in context 's' has no peer" },
	/* wrong keyword */
	{ SRP "chassis-mode master\n", 3,
	  "chassis-mode: expected one of primary, backup, got 'master'" },
	{ SRP "checkpoint session foo 3\n", 3, "expected one of duration, "
	  "periodic-interval, nack, compression, activity-refresh, got 'foo'" },
	{ SRP "checkpoint session activity-refresh 0\n", 3,
	  "expected an integer 1..3600, got '0'" },
	{ SRP "checkpoint session activity-refresh msec 5\n", 3,
	  "activity-refresh msec: expected an integer 10..3600000, got '5'" },
	{ SRP "checkpoint session activity-refresh 10 20\n", 3,
	  "activity-refresh" },
	{ SRP "checkpoint sessions duration 3\n", 3,
	  "checkpoint: expected one of session, got 'sessions'" },
	{ SRP "checkpoint session compression gzip\n", 3,
	  "expected one of zlib, lz4, got 'gzip'" },
	{ SRP "standby database-recovery fast\n", 3,
	  "expected one of normal, aggressive" },
	{ SRP "switchover allow-everything\n", 3,
	  "switchover: expected one of allow-all-data-traffic" },
	{ SRP "guard-timer bgp-timers guard-period 5\n", 3,
	  "guard-timer: expected one of aaa-switchover-timers" },
	{ "require graceful-cleanup-during-audit-failure del-cause "
	  "non-ims-apn reboot\n", 1, "expected one of system-failure, none" },
	/* out of range */
	{ SRP "priority 300\n", 3, "expected an integer 1..255, got '300'" },
	{ SRP "priority 0\n", 3, "expected an integer 1..255, got '0'" },
	{ SRP "priority -1\n", 3, "got '-1'" },
	{ SRP "priority 0x10\n", 3, "got '0x10'" },
	{ SRP "hello-interval 65536\n", 3, "expected an integer 1..65535" },
	{ SRP "hello-interval msec 0\n", 3,
	  "hello-interval msec: expected an integer 1..65535, got '0'" },
	{ SRP "checkpoint session periodic-interval 50\n", 3,
	  "expected a multiple of 15 in 30..1440 minutes, got '50'" },
	{ SRP "checkpoint session periodic-interval 15\n", 3,
	  "expected an integer 30..1440, got '15'" },
	{ SRP "checkpoint session duration 65536\n", 3,
	  "expected an integer 0..65535" },
	{ SRP "checkpoint session duration fast\n", 3,
	  "expected ims-session, non-ims-session or an integer" },
	{ SRP "checkpoint session nack micro max-response 65536\n", 3,
	  "expected an integer 0..65535" },
	{ SRP "audit periodicity 59\n", 3, "expected an integer 60..1440" },
	{ SRP "audit periodicity 1441\n", 3, "got '1441'" },
	{ SRP "audit daily-start-time 24 00\n", 3, "hour: expected an "
	  "integer 0..23" },
	{ SRP "audit daily-start-time 06 60\n", 3, "minute: expected an "
	  "integer 0..59" },
	{ SRP "guard-timer aaa-switchover-timers guard-period 86401\n", 3,
	  "expected an integer 0..86400" },
	{ SRP "monitor bgp context x 192.0.2.1 group 11\n", 3,
	  "monitor bgp group: expected an integer 1..10" },
	{ SRP "authentication key short\n", 3,
	  "expected 8..127 printable characters, got 5" },
	/* The printed form of "a longer key with spaces", one digit off. */
	{ SRP "authentication encrypted key " KEY_SEALED_BAD "\n", 3,
	  "authentication encrypted key: check mismatch" },
	{ SRP "authentication encrypted key 0123\n", 3,
	  "not the hex form of a key of 8..127 characters" },
	{ SRP "authentication encrypted key xyz\n", 3,
	  "not the hex form" },
	{ SRP "authentication encrypted secret ab\n", 3,
	  "expected 'key', got 'secret'" },
	{ SRP "authentication encrypted key\n", 3,
	  "the hex text 'show configuration' printed" },
	{ "dataplane\nrx-descriptors 1000\n", 2,
	  "expected a power of two in 64..4096, got '1000'" },
	{ "dataplane\ntx-descriptors 8192\n", 2,
	  "expected an integer 64..4096" },
	{ "dataplane\nmbufs 1022\n", 2, "expected an integer 1023..1048575" },
	{ "dataplane\nburst 65\n", 2, "expected an integer 1..64" },
	{ "dataplane\nmax-sessions 16777217\n", 2,
	  "expected an integer 1..16777216" },
	{ "dataplane\nsession idle-timeout 2147483648\n", 2,
	  "expected an integer 0..2147483647" },
	{ "dataplane\nsession absolute-timeout 5 6\n", 2,
	  "session absolute-timeout" },
	{ "dataplane\nsession lifetime 5\n", 2, "session" },
	{ "dataplane\nidle-backoff empty-polls 0 sleep-us 10\n", 2,
	  "empty-polls: expected an integer 1..10000000" },
	{ "dataplane\nidle-backoff empty-polls 5 sleep-us 100001\n", 2,
	  "sleep-us: expected an integer 0..100000" },
	{ "port ethernet 1/1\nmtu 67\n", 2, "expected an integer 68..9600" },
	{ "port ethernet 0/1\n", 1, "expected SLOT/PORT with SLOT 1..64" },
	{ "port ethernet 1/65\n", 1, "got '1/65'" },
	{ "port ethernet 1-1\n", 1, "got '1-1'" },
	{ "context c\nrouter bgp 0\n", 2,
	  "expected an integer 1..4294967295" },
	{ "context c\nrouter bgp 4294967296\n", 2, "got '4294967296'" },
	{ "context c\nip pool p 10.0.0.0/24 public 11\n", 2,
	  "ip pool public: expected an integer 0..10" },
	{ "context c\nha-service h\nmn-ha-spi spi-number 255 encrypted secret "
	  "aa hash-algorithm md5\n", 3, "expected an integer 256..4294967295" },
	/* missing argument */
	{ SRP "priority\n", 3, "priority: missing an integer 1..255; usage: "
	  "priority 1..255 | default priority" },
	{ SRP "peer-ip-address\n", 3,
	  "peer-ip-address: missing an IPv4 or IPv6 address" },
	{ SRP "dscp-marking control\n", 3, "missing a DSCP name" },
	{ SRP "monitor bgp context x\n", 3, "missing an IPv4 or IPv6 address" },
	{ SRP "audit daily-start-time 06\n", 3, "minute: missing" },
	{ "context c\nip route 10.0.0.0/8\n", 2,
	  "ip route next hop: missing an IPv4 address" },
	{ "context c\ninterface e\nip address 10.0.0.1\n", 3,
	  "missing netmask after '10.0.0.1'" },
	{ "context\n", 1, "context: missing a name" },
	{ "no\n", 1, "'no' needs a command after it" },
	{ "context c\nno exit\n", 2, "'no exit' is not a command" },
	{ "context c\nrouter bgp 1\nnetwork\n", 3, "network: missing a "
	  "prefix ADDRESS/LENGTH or ADDRESS; usage:" },
	{ "port ethernet 1/1\nrole\n", 2, "role: missing one of access, core" },
	{ "context c\nha-service h\nfa-ha-spi remote-address 10.0.0.0/8 "
	  "spi-number 300 encrypted secret\n", 3, "missing a hex secret" },
	/* extra argument */
	{ SRP "priority 10 20\n", 3, "priority: unexpected '20' after the "
	  "command" },
	{ SRP "switchover allow-all-data-traffic now\n", 3, "unexpected 'now'" },
	{ SRP "peer-ip-address 192.0.2.1 port 80 x\n", 3, "unexpected 'x'" },
	{ SRP "bind address 192.0.2.1 prt 80\n", 3,
	  "bind address: expected 'port', got 'prt'" },
	{ "context c -noconfirm x\n", 1, "unexpected 'x'" },
	{ "context c\ninterface e\ndescription two words\n", 3,
	  "unexpected 'words'" },
	{ "end now\n", 1, "end: unexpected 'now'" },
	{ "context c\nexit 2\n", 2, "exit: unexpected '2'" },
	{ "dataplane x\n", 1, "dataplane: unexpected 'x'" },
	/* wrong mode */
	{ "context s\npriority 3\n", 2, "'priority' is a "
	  "service-redundancy-protocol command; use it after "
	  "'service-redundancy-protocol'" },
	{ "priority 3\n", 1, "use it after 'service-redundancy-protocol'" },
	{ "context c\nport ethernet 1/1\n", 2, "'port ethernet' is a global "
	  "configuration command, not a context command; leave context mode "
	  "with 'exit' first" },
	{ SRP "interface x\n", 3, "'interface' is a context command, not a "
	  "service-redundancy-protocol command; leave "
	  "service-redundancy-protocol mode with 'exit' first" },
	{ "context c\nport\n", 2, "'port' is a global configuration command" },
	{ "context c\nip foo\n", 2, "ip: expected one of pool, route, arp, "
	  "got 'foo'" },
	{ "context c\nip\n", 2, "ip: missing keyword; expected one of pool, "
	  "route, arp" },
	{ "context c\nip address 10.0.0.1/24\n", 2, "'ip address' is an "
	  "interface command; use it after 'interface NAME'" },
	{ "context c\ndescription x\n", 2, "'description' is an interface or "
	  "port ethernet command; use it after 'interface NAME' or 'port "
	  "ethernet SLOT/PORT'" },
	{ "gather-on-standby\n", 1, "'gather-on-standby' is a bulkstat "
	  "command; use it after 'bulkstat mode'" },
	{ "port ethernet 1/1\nbind address 10.0.0.1\n", 2,
	  "'bind address' is a service-redundancy-protocol or ha-service "
	  "command" },
	{ "context c\nmax-sessions 5\n", 2, "use it after 'dataplane'" },
	{ "context c\nsubscriber default\nip pool p 10.0.0.0/8\n", 3,
	  "'ip pool' is a context command, not a subscriber command" },
	{ "context c\nconfig\n", 2, "'config' is only valid at the top level" },
	{ "config\nconfigure\n", 2, "already in configuration mode" },
	/* unknown command */
	{ SRP "hello-intervall 3\n", 3, "unknown command 'hello-intervall' in "
	  "service-redundancy-protocol mode; expected one of: chassis-mode" },
	{ "context c\nha-service h\nauth-spi 5\n", 3,
	  "unknown command 'auth-spi' in ha-service mode; expected one of: "
	  "mn-ha-spi, fa-ha-spi, bind, exit, end" },
	{ "bogus\n", 1, "unknown command 'bogus' in global configuration mode" },
	/* bad address / mask / prefix */
	{ SRP "peer-ip-address 192.0.2.256\n", 3, "peer-ip-address: expected "
	  "an IPv4 or IPv6 address, got '192.0.2.256'" },
	{ "context c\ninterface e\nip address 10.0.0.1 255.0.255.0\n", 3,
	  "expected a contiguous netmask after 10.0.0.1, got '255.0.255.0'" },
	{ "context c\ninterface e\nip address 2001:db8::1/64\n", 3,
	  "ip address: expected an IPv4 prefix" },
	{ "context c\ninterface e\nipv6 address 10.0.0.1/8\n", 3,
	  "ipv6 address: expected an IPv6 prefix" },
	{ "context c\ninterface e\nip address 10.0.0.1/0\n", 3,
	  "prefix length 0 is below the minimum 1" },
	{ "context c\nip pool p 10.0.0.1/24\n", 2,
	  "ip pool: 10.0.0.1/24 has host bits set" },
	{ "context c\nip route 10.0.0.0 255.255.0.0 10.0.0.300 e\n", 2,
	  "next hop: expected an IPv4 address, got '10.0.0.300'" },
	{ "context c\nip arp 10.0.0.1 01:00:5e:00:00:01\n", 2,
	  "not a unicast MAC address" },
	{ "context c\nip arp 10.0.0.1 aa:bb:cc:dd:ee\n", 2,
	  "expected a MAC address" },
	{ "context c\nipv6 route 2001:db8::/32 10.0.0.1 e\n", 2,
	  "ipv6 route next hop: expected an IPv6 address" },
	{ "context c\nipv6 route 2001:db8::1/32 2001:db8::fe e\n", 2,
	  "ipv6 route" },
	{ "context c\nipv6 route 10.0.0.0/8 2001:db8::fe e\n", 2,
	  "ipv6 route" },
	{ "context c\nipv6 neighbor 10.0.0.1 02:00:00:00:00:01\n", 2,
	  "ipv6 neighbor: expected an IPv6 address" },
	{ "context c\nipv6 neighbor 2001:db8::1 ff:ff:ff:ff:ff:ff\n", 2,
	  "ipv6 neighbor: ff:ff:ff:ff:ff:ff is not a unicast MAC address" },
	{ "context c\nipv6 neighbor 2001:db8::1 02:00:00:00:00:01 x\n", 2,
	  "ipv6 neighbor" },
	{ "context c\nipv6 route ::/0 2001:db8::fe nosuch\nexit\n", 2,
	  "ipv6 route: context 'c' has no interface 'nosuch'" },
	{ "context c\nrouter bgp 1\nnetwork 10.0.0.1/24\n", 3,
	  "network: 10.0.0.1/24 has host bits set" },
	{ "context c\nrouter bgp 1\nnetwork 10.0.0.0 mask 255.0.0.255\n", 3,
	  "expected a contiguous netmask after 'mask'" },
	{ "context c\nradius server 10.0.0.1 encrypted key xyz\n", 2,
	  "an encrypted key is written in hex digits" },
	{ "context c\nradius timeout 0\n", 2,
	  "radius timeout: expected an integer 1..65535" },
	{ "context c\nradius timeout 3 4\n", 2, "radius timeout" },
	{ "context c\nradius max-retries 65536\n", 2,
	  "radius max-retries: expected an integer 0..65535" },
	{ "context c\nradius probe-interval\n", 2, "radius probe-interval" },
	{ "context c\nradius probe-username\n", 2,
	  "radius probe-username: missing a user name" },
	{ "context c\nradius probe-password a b\n", 2,
	  "radius probe-password" },
	{ "context c\nha-service h\nmn-ha-spi spi-number 300 encrypted secret "
	  "abc hash-algorithm md5\n", 3, "expected an even number" },
	/* cross-field rules at block end, pointing at the later line */
	{ SRP "hello-interval 10\ndead-interval 29\nexit\n", 4,
	  "dead-interval (29000 ms) must be at least 3 x hello-interval" },
	{ SRP "dead-interval 29\nhello-interval 10\nexit\nexit\n", 4,
	  "must be at least 3 x hello-interval" },
	{ SRP "hello-interval msec 500\ndead-interval msec 1000\n", 4,
	  "dead-interval (1000 ms)" },
	{ SRP "hello-interval 1\ndead-interval msec 2999\nend\n", 4,
	  "at least 3000 ms" },
	{ SRP "hello-interval 11\n", 3, "at least 33000 ms" },
	{ SRP "switchover allow-early-active-transition\nexit\n", 3,
	  "allow-early-active-transition needs" },
	{ SRP "switchover allow-early-active-transition\n"
	  "switchover allow-volte-data-traffic maintain-accounting\nend\n", 4,
	  "allow-early-active-transition needs" },
	{ SRP "switchover allow-all-data-traffic\n"
	  "switchover allow-early-active-transition\n"
	  "no switchover allow-all-data-traffic\npriority 5\nexit\n", 5,
	  "allow-early-active-transition needs" },
	{ SRP "bind address 192.0.2.1\npeer-ip-address 2001:db8::2\n"
	  "exit\n", 4, "both be IPv4 or both be IPv6" },
	/* duplicates and references */
	{ SRP "exit\nexit\ncontext t\nservice-redundancy-protocol\n", 6,
	  "already configured in context 's' (line 2); only one context may "
	  "hold it" },
	{ SRP "monitor bgp context x 192.0.2.1\n"
	  "monitor bgp context x 192.0.2.1 group 2\n", 4,
	  "context 'x' 192.0.2.1 is already monitored" },
	{ SRP "no monitor bgp context x 192.0.2.1\n", 3, "no such monitor" },
	{ SRP "monitor bgp context x 192.0.2.1 group 2\n"
	  "no monitor bgp context x 192.0.2.1 group 3\n", 4,
	  "is in group 2, not 3" },
	{ SRP "dscp-marking control af14\n", 3, "dscp-marking control: "
	  "expected one of af11, af12" },
	{ SRP "dscp-marking session EF\n", 3, "got 'EF'" },
	{ "context c\nip pool p 10.0.0.0/24\nip pool p 10.1.0.0/24\n", 3,
	  "pool 'p' already exists" },
	{ "context c\nip pool p 10.0.0.0/16\nip pool q 10.0.128.0/24\n", 3,
	  "10.0.128.0/24 overlaps pool 'p'" },
	{ "context c\nno ip pool p\n", 2, "context 'c' has no pool 'p'" },
	{ "context c\ninterface e loopback\nexit\ninterface e\n", 4,
	  "already exists as a loopback interface" },
	{ "context c\ninterface e\nip address 10.0.0.1/24\nexit\ninterface f\n"
	  "ip address 10.0.0.1/25\n", 6, "10.0.0.1 is already on interface "
	  "'e'" },
	{ "context c\nrouter bgp 1\nexit\nrouter bgp 2\n", 4,
	  "already runs BGP as AS 1" },
	{ "context c\nrouter bgp 1\nneighbor 10.0.0.1 remote-as 2\n"
	  "neighbor 10.0.0.1 remote-as 3\n", 4, "already a neighbor" },
	{ "context c\nip route 10.0.0.0/8 10.1.1.1 nosuch\nexit\n", 2,
	  "ip route: context 'c' has no interface 'nosuch'" },
	{ "context c\ninterface e\nexit\nexit\nport ethernet 1/1\n"
	  "bind interface y c\n", 6, "context 'c' has no interface 'y'" },
	{ "port ethernet 1/1\nbind interface e nosuch\n", 2,
	  "bind interface: there is no context 'nosuch'" },
	{ "context c\ninterface lo loopback\nexit\nexit\nport ethernet 1/1\n"
	  "bind interface lo c\n", 6, "is a loopback interface" },
	{ "context c\ninterface e\nexit\nexit\nport ethernet 1/1\n"
	  "bind interface e c\nexit\nport ethernet 1/2\nbind interface e c\n",
	  9, "is bound to both port 1/1 and port 1/2" },
	{ "port ethernet 1/1\nrole access\nno shutdown\nexit\n", 3,
	  "not shut down but has no dpdk-device" },
	{ "port ethernet 1/1\ndpdk-device net_null0\nno shutdown\n", 3,
	  "not shut down but has no role" },
	{ "port ethernet 1/1\n" PORT_OK "exit\nport ethernet 1/2\n"
	  "dpdk-device net_null0\n", 6, "'net_null0' is used by both port "
	  "1/1 and port 1/2" },
	{ "port ethernet 1/1\ndpdk-device -bad\n", 2,
	  "dpdk-device: expected a DPDK device name" },
	{ "context -c\n", 1, "context: expected a name" },
	{ "context c\nha-service h\nmn-ha-spi spi-number 300 encrypted secret "
	  "ab hash-algorithm md5\nmn-ha-spi spi-number 300 encrypted secret "
	  "cd hash-algorithm md5\n", 4, "spi-number 300 is already" },
	/* modes and exits */
	{ "exit\n", 1, "'exit' at the top level" },
	{ "#exit\n", 1, "'exit' at the top level" },
	{ "config\ncontext a\nexit\nend\nexit\n", 5, "'exit' at the top level" },
	{ "context c\nsubscriber default\nip context-name x\n", 3,
	  "unknown command 'ip' in subscriber mode; expected one of: exit, "
	  "end" },
	{ SRP "no priority\n", 3, "'no priority' is not accepted; usage: "
	  "priority 1..255 | default priority" },
	{ SRP "default chassis-mode\n", 3, "'default chassis-mode' is not "
	  "accepted" },
	{ SRP "no checkpoint session duration\n", 3,
	  "'no checkpoint session duration' is not accepted" },
	{ "context c\nno interface e\n", 2, "'no interface' is not accepted" },
	{ "context c\nno service-redundancy-protocol\n", 2,
	  "context 'c' has no service-redundancy-protocol" },
	/* lines */
	{ "context c\ninterface e\ndescription \"open\n", 3,
	  "unterminated double quote" },
	{ "context c\ninterface e\ndescription \"a\"b\n", 3,
	  "closing double quote must be followed by a space" },
	{ "context c\ninterface e\ndescription a\"b\"\n", 3,
	  "double quote inside a word" },
	{ "context c\x01\n", 1, "non-printable character 0x01 at column 10" },
	{ "context c\x7f\n", 1, "non-printable character 0x7f" },
	{ "# caf\xc3\xa9\n", 1, "non-ASCII byte 0xc3 at column 6" },
	{ "context c\r\r\n", 1, "non-printable character 0x0d" },
	{ "a b c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3 4 5 6 7\n",
	  1, "too many words on the line (max 32)" },
};

static void
test_ctl_conf_auth_key_never_printed_in_clear(void)
{
	static const char key[] = "a longer key with spaces";
	struct ctl_conf *a, *b;
	char *t1, *t2, *in;

	a = parse_ok(SRP "authentication key \"a longer key with spaces\"\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_STRING_EQUAL(a->srp.auth_key, key);
	t1 = print_str(a, false);
	CU_ASSERT_PTR_NULL(strstr(t1, "longer key"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t1, "authentication encrypted key "
				      KEY_SEALED "\n"));
	/* The printed form parses back to the same key, printed the same. */
	b = parse_ok(t1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_STRING_EQUAL(b->srp.auth_key, key);
	t2 = print_str(b, false);
	CU_ASSERT_STRING_EQUAL(t1, t2);
	free(t2);
	free(b);
	/* Upper-case hex is accepted too. */
	in = strdup(SRP "authentication encrypted key " KEY_SEALED "\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(in);
	for (t2 = strstr(in, KEY_SEALED); *t2 != '\n'; t2++)
		if (*t2 >= 'a' && *t2 <= 'f')
			*t2 = (char)(*t2 - 'a' + 'A');
	b = parse_ok(in);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_STRING_EQUAL(b->srp.auth_key, key);
	free(in);
	free(b);
	free(t1);
	free(a);
}

static void
test_ctl_conf_malformed_variants(void)
{
	char err[CTL_ERR_LEN], want[32];
	unsigned int i;

	CU_ASSERT(sizeof(bad_cases) / sizeof(bad_cases[0]) >= 40);
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *b = &bad_cases[i];
		int ret;

		err[0] = '\0';
		ret = parse_bad(b->text, strlen(b->text), err, sizeof(err));
		snprintf(want, sizeof(want), ORIGIN ":%u: ", b->line);
		if (ret != -EINVAL || strncmp(err, want, strlen(want)) != 0 ||
		    strstr(err, b->msg) == NULL) {
			fprintf(stderr, "\ncase %u: ret %d\n  got:  %s\n"
				"  want: %s...%s\n", i, ret, err, want,
				b->msg);
			CU_FAIL("malformed variant");
		}
	}
}

static void
test_ctl_conf_long_line_rejected(void)
{
	char *text = malloc(2200), err[CTL_ERR_LEN];
	size_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	/* exactly 1024 bytes: accepted (a comment) */
	n = (size_t)snprintf(text, 2200, "context c\n#");
	memset(text + n, 'x', 1023);
	text[n + 1023] = '\n';
	text[n + 1024] = '\0';
	{
		struct ctl_conf *c = parse_ok(text);

		free(c);
	}
	/* 1025 bytes on line 2 */
	text[n + 1023] = 'x';
	text[n + 1024] = '\n';
	text[n + 1025] = '\0';
	CU_ASSERT_EQUAL(parse_bad(text, strlen(text), err, sizeof(err)),
			-EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "t.cfg:2: line is 1025 bytes long"));
	free(text);
}

static void
test_ctl_conf_limits_reported(void)
{
	char *text = malloc(8192), err[CTL_ERR_LEN];
	size_t off = 0;
	unsigned int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (i = 0; i <= CTL_MAX_CONTEXTS; i++)
		off += (size_t)snprintf(text + off, 8192 - off,
					"context c%u\nexit\n", i);
	CU_ASSERT_EQUAL(parse_bad(text, off, err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "t.cfg:33: context: too many "
				      "contexts (max 16)"));
	off = (size_t)snprintf(text, 8192, SRP);
	for (i = 0; i <= SRP_CONF_MAX_MONITORS; i++)
		off += (size_t)snprintf(text + off, 8192 - off,
					"monitor bgp context x 10.0.0.%u\n", i);
	CU_ASSERT_EQUAL(parse_bad(text, off, err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "too many monitors (max 32)"));
	free(text);
}

static CU_TestInfo addr_tests[] = {
	{ "test_ctl_addr_parse_v4_v6", test_ctl_addr_parse_v4_v6 },
	{ "test_ctl_addr_prefix_and_mask", test_ctl_addr_prefix_and_mask },
	{ "test_ctl_addr_network_and_overlap",
	  test_ctl_addr_network_and_overlap },
	{ "test_ctl_addr_mac_forms", test_ctl_addr_mac_forms },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo sample_tests[] = {
	{ "test_ctl_conf_init_defaults", test_ctl_conf_init_defaults },
	{ "test_ctl_conf_sample_srp_bind", test_ctl_conf_sample_srp_bind },
	{ "test_ctl_conf_sample_srp_basic", test_ctl_conf_sample_srp_basic },
	{ "test_ctl_conf_sample_srp_guard", test_ctl_conf_sample_srp_guard },
	{ "test_ctl_conf_sample_srp_dscp", test_ctl_conf_sample_srp_dscp },
	{ "test_ctl_conf_sample_srp_switchover",
	  test_ctl_conf_sample_srp_switchover },
	{ "test_ctl_conf_sample_srp_interface",
	  test_ctl_conf_sample_srp_interface },
	{ "test_ctl_conf_sample_srp_nack", test_ctl_conf_sample_srp_nack },
	{ "test_ctl_conf_sample_srp_periodic",
	  test_ctl_conf_sample_srp_periodic },
	{ "test_ctl_conf_sample_srp_lz4_dbrec",
	  test_ctl_conf_sample_srp_lz4_dbrec },
	{ "test_ctl_conf_sample_bgp_source", test_ctl_conf_sample_bgp_source },
	{ "test_ctl_conf_sample_bgp_destination",
	  test_ctl_conf_sample_bgp_destination },
	{ "test_ctl_conf_sample_monitor_groups",
	  test_ctl_conf_sample_monitor_groups },
	{ "test_ctl_conf_sample_bulkstat", test_ctl_conf_sample_bulkstat },
	{ "test_ctl_conf_sample_show_config_srp",
	  test_ctl_conf_sample_show_config_srp },
	{ "test_ctl_conf_sample_audit", test_ctl_conf_sample_audit },
	{ "test_ctl_conf_sample_srpgw_full", test_ctl_conf_sample_srpgw_full },
	{ "test_ctl_conf_to_dp_ports_and_settings",
	  test_ctl_conf_to_dp_ports_and_settings },
	CU_TEST_INFO_NULL,
};


/* ---------------------------------------------------------------------
 * bgp-speaker (srpgw extension, docs/redirection.md)
 */

#define BGP_HEAD "context s\nservice-redundancy-protocol\n"

static void
test_ctl_conf_radius_probe_parse_print(void)
{
	struct ctl_conf *c = parse_ok("context aaa\n"
		"radius server 10.0.0.1 key s3cret port 1812\n"
		"radius timeout 2\n"
		"radius max-retries 0\n"
		"radius probe-interval 7\n"
		"radius probe-username probe\n"
		"radius probe-password \"pass word\"\n"
		"exit\n"
		"context plain\n"
		"radius server 10.0.0.2 key k\n"
		"exit\n");
	const struct ctl_context *a, *b;
	struct ctl_conf *d;
	char *text;

	if (c == NULL)
		return;
	a = &c->contexts[0];
	b = &c->contexts[1];
	CU_ASSERT_EQUAL(a->radius_timeout_s, 2);
	CU_ASSERT_TRUE(a->radius_max_retries_set);
	CU_ASSERT_EQUAL(a->radius_max_retries, 0);
	CU_ASSERT_EQUAL(a->radius_probe_interval_s, 7);
	CU_ASSERT_STRING_EQUAL(a->radius_probe_user, "probe");
	CU_ASSERT_STRING_EQUAL(a->radius_probe_password, "pass word");
	/* Defaults: nothing set, nothing printed. */
	CU_ASSERT_EQUAL(b->radius_timeout_s, 0);
	CU_ASSERT_FALSE(b->radius_max_retries_set);
	CU_ASSERT_EQUAL(b->radius_probe_interval_s, 0);
	CU_ASSERT_STRING_EQUAL(b->radius_probe_user, "");
	text = print_str(c, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "radius timeout 2\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "radius max-retries 0\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "radius probe-interval 7\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "radius probe-username probe\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text,
		"radius probe-password \"pass word\"\n"));
	d = parse_ok(text);
	if (d != NULL)
		CU_ASSERT_EQUAL(memcmp(&d->contexts[0], &c->contexts[0],
				       sizeof(c->contexts[0])), 0);
	free(d);
	free(text);
	free(c);
}

static void
test_ctl_conf_bgp_speaker_parse_print(void)
{
	struct ctl_conf *c = parse_ok(BGP_HEAD
		"bgp-speaker control-socket /run/srpgw/bird.ctl\n"
		"bgp-speaker include-file /run/srpgw/srp-bgp.conf\n"
		"bgp-speaker bird-config /etc/srpgw/bird.conf\n"
		"bgp-speaker as-path-prepend active 1 standby 6\n"
		"exit\n");
	struct ctl_conf *d;
	char *text;

	if (c == NULL)
		return;
	CU_ASSERT_STRING_EQUAL(c->srp.bgp.control_socket,
			       "/run/srpgw/bird.ctl");
	CU_ASSERT_STRING_EQUAL(c->srp.bgp.include_file,
			       "/run/srpgw/srp-bgp.conf");
	CU_ASSERT_STRING_EQUAL(c->srp.bgp.bird_config,
			       "/etc/srpgw/bird.conf");
	CU_ASSERT_EQUAL(c->srp.bgp.prepend_active, 1);
	CU_ASSERT_EQUAL(c->srp.bgp.prepend_standby, 6);
	text = print_str(c, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(text,
		"bgp-speaker control-socket /run/srpgw/bird.ctl\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text,
		"bgp-speaker include-file /run/srpgw/srp-bgp.conf\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text,
		"bgp-speaker bird-config /etc/srpgw/bird.conf\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text,
		"bgp-speaker as-path-prepend active 1 standby 6\n"));
	/* Round trip: the printed text parses to the same settings. */
	d = parse_ok(text);
	if (d != NULL)
		CU_ASSERT_EQUAL(memcmp(&d->srp.bgp, &c->srp.bgp,
				       sizeof(c->srp.bgp)), 0);
	free(d);
	free(text);
	free(c);
}

static void
test_ctl_conf_bgp_speaker_defaults_and_no_forms(void)
{
	struct ctl_conf *c = parse_ok(BGP_HEAD
		"bgp-speaker include-file /tmp/x.conf\n"
		"bgp-speaker control-socket /tmp/b.ctl\n"
		"bgp-speaker as-path-prepend active 2 standby 3\n"
		"no bgp-speaker control-socket\n"
		"default bgp-speaker as-path-prepend\n"
		"exit\n");
	char *text;

	if (c == NULL)
		return;
	CU_ASSERT_STRING_EQUAL(c->srp.bgp.control_socket, "");
	CU_ASSERT_STRING_EQUAL(c->srp.bgp.include_file, "/tmp/x.conf");
	CU_ASSERT_EQUAL(c->srp.bgp.prepend_active,
			SRP_BGP_PREPEND_ACTIVE_DEFAULT);
	CU_ASSERT_EQUAL(c->srp.bgp.prepend_standby,
			SRP_BGP_PREPEND_STANDBY_DEFAULT);
	text = print_str(c, false);
	CU_ASSERT_PTR_NULL(strstr(text, "as-path-prepend"));
	CU_ASSERT_PTR_NULL(strstr(text, "control-socket"));
	free(text);
	free(c);
	/* Nothing configured: nothing printed, defaults kept. */
	c = parse_ok(BGP_HEAD "exit\n");
	if (c == NULL)
		return;
	CU_ASSERT_STRING_EQUAL(c->srp.bgp.include_file, "");
	text = print_str(c, false);
	CU_ASSERT_PTR_NULL(strstr(text, "bgp-speaker"));
	free(text);
	free(c);
}

/* @text must fail with "t.cfg:@line: ..." containing @needle. */
static void
bgp_bad(const char *text, unsigned int line, const char *needle)
{
	char err[CTL_ERR_LEN];
	char want[32];

	CU_ASSERT_EQUAL(parse_bad(text, strlen(text), err, sizeof(err)),
			-EINVAL);
	snprintf(want, sizeof(want), ORIGIN ":%u: ", line);
	if (strncmp(err, want, strlen(want)) != 0 ||
	    strstr(err, needle) == NULL) {
		fprintf(stderr, "\nwanted %s...%s, got: %s\n", want, needle,
			err);
		CU_FAIL("wrong error");
	}
}

static void
test_ctl_conf_bgp_speaker_errors(void)
{
	bgp_bad(BGP_HEAD "bgp-speaker\nexit\n", 3, "control-socket");
	bgp_bad(BGP_HEAD "bgp-speaker socket /x\nexit\n", 3, "bgp-speaker");
	bgp_bad(BGP_HEAD "bgp-speaker include-file\nexit\n", 3,
		"bgp-speaker include-file");
	bgp_bad(BGP_HEAD "bgp-speaker include-file run/x.conf\nexit\n", 3,
		"absolute path");
	bgp_bad(BGP_HEAD "bgp-speaker include-file /a b\nexit\n", 3,
		"bgp-speaker include-file");
	bgp_bad(BGP_HEAD "bgp-speaker control-socket /a/"
		"0123456789012345678901234567890123456789012345678901234567"
		"8901234567890123456789012345678901234567890123456789\nexit\n",
		3, "bgp-speaker control-socket");
	bgp_bad(BGP_HEAD "bgp-speaker as-path-prepend active 3 standby 3\n"
		"exit\n", 3, "must prepend less");
	bgp_bad(BGP_HEAD "bgp-speaker as-path-prepend active 0 standby 17\n"
		"exit\n", 3, "standby");
	bgp_bad(BGP_HEAD "bgp-speaker as-path-prepend standby 3 active 0\n"
		"exit\n", 3, "as-path-prepend");
	bgp_bad(BGP_HEAD "bgp-speaker as-path-prepend active 0\nexit\n", 3,
		"'standby'");
	bgp_bad(BGP_HEAD "bgp-speaker as-path-prepend active 0 standby 2 x\n"
		"exit\n", 3, "as-path-prepend");
	bgp_bad(BGP_HEAD "no bgp-speaker as-path-prepend\nexit\n", 3,
		"is not accepted");
	bgp_bad(BGP_HEAD "default bgp-speaker include-file\nexit\n", 3,
		"is not accepted");
	bgp_bad(BGP_HEAD "no bgp-speaker include-file /x\nexit\n", 3,
		"include-file");
	/* Cross-line rules point at the last bgp-speaker line. */
	bgp_bad(BGP_HEAD "bgp-speaker control-socket /run/b.ctl\n"
		"priority 10\nexit\n", 3, "needs a bgp-speaker include-file");
	bgp_bad(BGP_HEAD "bgp-speaker include-file /run/i.conf\n"
		"bgp-speaker bird-config /etc/b.conf\nexit\n", 4,
		"needs a bgp-speaker control-socket");
}

/* ---------------------------------------------------------------------
 * Sx/N4: control-plane-group, sx-service, user-plane-service
 */

static void
test_ctl_conf_sample_sx_n4(void)
{
	struct ctl_conf *c = load_sample("sx_n4.cfg");
	const struct ctl_context *x;
	const struct ctl_cp_group *g;
	char *srp;

	if (c == NULL)
		return;
	CU_ASSERT_EQUAL_FATAL(c->n_cp_groups, 1);
	g = &c->cp_groups[0];
	CU_ASSERT_STRING_EQUAL(g->name, "default");
	CU_ASSERT_EQUAL_FATAL(g->n_peers, 4);
	CU_ASSERT_EQUAL(g->peers[0].type, CTL_NODE_ID_IPV4);
	CU_ASSERT_TRUE(addr_is(&g->peers[0].addr, "192.0.2.50"));
	CU_ASSERT_TRUE(addr_is(&g->peers[1].addr, "192.0.2.51"));
	CU_ASSERT_EQUAL(g->peers[2].type, CTL_NODE_ID_IPV6);
	CU_ASSERT_TRUE(addr_is(&g->peers[2].addr, "2001:db8::50"));
	CU_ASSERT_EQUAL(g->peers[3].type, CTL_NODE_ID_FQDN);
	/* DNS names are case-insensitive: stored lower case */
	CU_ASSERT_STRING_EQUAL(g->peers[3].fqdn, "smf1.example.net");
	x = ctx_of(c, "ingress");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_TRUE(x->sx.present);
	CU_ASSERT_STRING_EQUAL(x->sx.name, "sx-n4");
	CU_ASSERT_TRUE(addr_is(&x->sx.bind_v4, "192.0.2.10"));
	CU_ASSERT_EQUAL(x->sx.bind_v6.family, AF_UNSPEC);
	CU_ASSERT_EQUAL(x->sx.hb_interval_s, 10);
	CU_ASSERT_EQUAL(x->sx.hb_retx_timeout_s,
			CTL_SX_HB_RETX_TIMEOUT_DEFAULT);
	CU_ASSERT_EQUAL(x->sx.hb_max_retx, 3);
	CU_ASSERT_TRUE(x->up.present);
	CU_ASSERT_STRING_EQUAL(x->up.name, "up");
	CU_ASSERT_STRING_EQUAL(x->up.sx_service, "sx-n4");
	CU_ASSERT_STRING_EQUAL(x->up.cp_group, "default");
	/* one N4 endpoint per pair: part of the must-match text */
	srp = print_str(c, true);
	CU_ASSERT_PTR_NOT_NULL(strstr(srp, "\n  control-plane-group default\n"
				      "    peer-node-id ipv4-address "
				      "192.0.2.50\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(srp, "\n    sx-service sx-n4\n"
				      "      instance-type userplane\n"
				      "      bind ipv4-address 192.0.2.10\n"
				      "      sx-protocol heartbeat interval 10\n"
				      "      sx-protocol heartbeat "
				      "max-retransmissions 3\n    #exit\n"
				      "    user-plane-service up\n"
				      "      associate sx-service sx-n4\n"
				      "      associate control-plane-group "
				      "default\n    #exit\n  #exit\nend\n"));
	free(srp);
	free(c);
}

/* ---------------------------------------------------------------------
 * diameter endpoint NAME (the Diameter monitor's endpoints and peers)
 */

#define DIAM_OK \
	"context c\ndiameter endpoint gx\norigin realm ex.org\n" \
	"origin host gw.ex.org address 192.0.2.1\n" \
	"peer pcrf1 realm ex.org address 192.0.2.20\n" \
	"peer pcrf2 realm other.org address 2001:db8::20 port 3869\n"

static void
test_ctl_conf_diam_forms(void)
{
	const struct ctl_diam_endpoint *e;
	struct ctl_conf *c, *c2;
	char err[CTL_ERR_LEN];
	char *text, *text2;

	c = parse_ok(DIAM_OK "exit\nexit\ncontext s\n"
		     "service-redundancy-protocol\n"
		     "monitor diameter context c endpoint gx\n"
		     "monitor diameter context c endpoint gx peer pcrf2\n");
	if (c == NULL)
		return;
	CU_ASSERT_EQUAL_FATAL(c->contexts[0].n_diam, 1);
	e = &c->contexts[0].diam[0];
	CU_ASSERT_STRING_EQUAL(e->name, "gx");
	CU_ASSERT_STRING_EQUAL(e->realm, "ex.org");
	CU_ASSERT_STRING_EQUAL(e->host, "gw.ex.org");
	CU_ASSERT_TRUE(addr_is(&e->host_addr, "192.0.2.1"));
	CU_ASSERT_EQUAL(e->watchdog_s, CTL_DIAM_WATCHDOG_DEFAULT);
	CU_ASSERT_EQUAL_FATAL(e->n_peers, 2);
	CU_ASSERT_STRING_EQUAL(e->peers[0].name, "pcrf1");
	CU_ASSERT_EQUAL(e->peers[0].port, CTL_DIAM_PORT_DEFAULT);
	CU_ASSERT_STRING_EQUAL(e->peers[1].realm, "other.org");
	CU_ASSERT_TRUE(addr_is(&e->peers[1].addr, "2001:db8::20"));
	CU_ASSERT_EQUAL(e->peers[1].port, 3869);
	text = print_str(c, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "    diameter endpoint gx\n"
		"      origin realm ex.org\n"
		"      origin host gw.ex.org address 192.0.2.1\n"
		"      peer pcrf1 realm ex.org address 192.0.2.20\n"
		"      peer pcrf2 realm other.org address 2001:db8::20 "
		"port 3869\n"
		"    #exit\n"));
	CU_ASSERT_PTR_NULL(strstr(text, "watchdog-timeout"));
	/* What is printed parses back to the same text. */
	c2 = conf_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(c2);
	CU_ASSERT_EQUAL(ctl_conf_parse(text, ORIGIN, c2, err, sizeof(err)), 0);
	text2 = print_str(c2, false);
	CU_ASSERT_STRING_EQUAL(text, text2);
	free(text2);
	free(text);
	free(c2);
	free(c);
	/* watchdog-timeout, default, re-entry adds peers */
	c = parse_ok(DIAM_OK "watchdog-timeout 2\nexit\n"
		     "diameter endpoint gx\nwatchdog-timeout 5\n"
		     "peer pcrf3 realm ex.org address 192.0.2.21\nexit\n"
		     "diameter endpoint rf\norigin realm r\n"
		     "origin host h address 192.0.2.1\n"
		     "watchdog-timeout 9\ndefault watchdog-timeout\n");
	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->contexts[0].n_diam, 2);
	CU_ASSERT_EQUAL(c->contexts[0].diam[0].watchdog_s, 5);
	CU_ASSERT_EQUAL(c->contexts[0].diam[0].n_peers, 3);
	CU_ASSERT_EQUAL(c->contexts[0].diam[1].watchdog_s,
			CTL_DIAM_WATCHDOG_DEFAULT);
	text = print_str(c, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "      watchdog-timeout 5\n"
				      "    #exit\n"));
	free(text);
	free(c);
}

#define SX_OK \
	"control-plane-group g\npeer-node-id ipv4-address 192.0.2.50\nexit\n" \
	"context c\nsx-service s\nbind ipv4-address 192.0.2.10\nexit\n" \
	"user-plane-service u\nassociate sx-service s\n" \
	"associate control-plane-group g\nexit\n"	/* lines 1-11 */

static void
test_ctl_conf_sx_forms(void)
{
	struct ctl_conf *c;
	char *text;

	/* defaults; instance-type optional; dual-stack bind */
	c = parse_ok("context c\nsx-service s\n"
		     "bind ipv4-address 192.0.2.10 ipv6-address 2001:db8::a\n"
		     "sx-protocol heartbeat interval 30\n"
		     "default sx-protocol heartbeat interval\n");
	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->contexts[0].sx.hb_interval_s,
			CTL_SX_HB_INTERVAL_DEFAULT);
	CU_ASSERT_EQUAL(c->contexts[0].sx.hb_max_retx,
			CTL_SX_HB_MAX_RETX_DEFAULT);
	CU_ASSERT_TRUE(addr_is(&c->contexts[0].sx.bind_v6, "2001:db8::a"));
	text = print_str(c, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "    sx-service s\n"
		"      instance-type userplane\n"
		"      bind ipv4-address 192.0.2.10 ipv6-address 2001:db8::a\n"
		"    #exit\n"));
	CU_ASSERT_PTR_NULL(strstr(text, "heartbeat"));
	CU_ASSERT_PTR_NULL(strstr(text, "restart-on-incomplete-takeover"));
	CU_ASSERT_TRUE(c->contexts[0].sx.restart_if_incomplete);
	free(text);
	free(c);
	/* restart-on-incomplete-takeover: on by default, no turns it off */
	c = parse_ok("context c\nsx-service s\nbind ipv4-address 192.0.2.10\n"
		     "no sx-protocol restart-on-incomplete-takeover\n");
	if (c == NULL)
		return;
	CU_ASSERT_FALSE(c->contexts[0].sx.restart_if_incomplete);
	text = print_str(c, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(text,
		"      no sx-protocol restart-on-incomplete-takeover\n"));
	free(text);
	free(c);
	c = parse_ok("context c\nsx-service s\nbind ipv4-address 192.0.2.10\n"
		     "no sx-protocol restart-on-incomplete-takeover\n"
		     "default sx-protocol restart-on-incomplete-takeover\n");
	if (c == NULL)
		return;
	CU_ASSERT_TRUE(c->contexts[0].sx.restart_if_incomplete);
	free(c);
	/* a bind line replaces the whole binding; no bind removes one */
	c = parse_ok("context c\nsx-service s\n"
		     "bind ipv4-address 192.0.2.10 ipv6-address 2001:db8::a\n"
		     "bind ipv6-address 2001:db8::b\n"
		     "bind ipv4-address 192.0.2.11 ipv6-address 2001:db8::c\n"
		     "no bind ipv4-address\n");
	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->contexts[0].sx.bind_v4.family, AF_UNSPEC);
	CU_ASSERT_TRUE(addr_is(&c->contexts[0].sx.bind_v6, "2001:db8::c"));
	text = print_str(c, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "bind ipv6-address 2001:db8::c\n"));
	free(text);
	free(c);
	/* re-entry adds up; no forms remove; an unused sx-service is fine */
	c = parse_ok(SX_OK "sx-service s\nsx-protocol heartbeat "
		     "max-retransmissions 0\nexit\nexit\n"
		     "control-plane-group g\n"
		     "peer-node-id fqdn a-1.b\npeer-node-id fqdn x.y\n"
		     "no peer-node-id ipv4-address 192.0.2.50\n"
		     "no peer-node-id fqdn A-1.B\nexit\n"
		     "control-plane-group h\nexit\nno control-plane-group h\n"
		     "context c\nuser-plane-service u\n"
		     "no associate sx-service\nassociate sx-service s\nexit\n"
		     "no user-plane-service u\nexit\n"
		     "context d\nsx-service t\nbind ipv4-address 10.0.0.1\n");
	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->n_cp_groups, 1);
	CU_ASSERT_EQUAL_FATAL(c->cp_groups[0].n_peers, 1);
	CU_ASSERT_STRING_EQUAL(c->cp_groups[0].peers[0].fqdn, "x.y");
	CU_ASSERT_EQUAL(c->contexts[0].sx.hb_max_retx, 0);
	CU_ASSERT_FALSE(c->contexts[0].up.present);
	CU_ASSERT_TRUE(c->contexts[1].sx.present);
	free(c);
	c = parse_ok(SX_OK "no user-plane-service u\nno sx-service s\n");
	if (c == NULL)
		return;
	CU_ASSERT_FALSE(c->contexts[0].sx.present);
	text = print_str(c, false);
	CU_ASSERT_PTR_NULL(strstr(text, "sx-service"));
	free(text);
	free(c);
}

static void
test_ctl_conf_sx_errors(void)
{
	static const char long_label[] = "context c\nsx-service s\nexit\n"
		"exit\ncontrol-plane-group g\npeer-node-id fqdn "
		"a234567890123456789012345678901234567890123456789012345678901"
		"234.net\n";
	static const struct {
		const char	*head, *a, *b, *c;
		unsigned int	n, line;
		const char	*msg;
	} lim[] = {
		{ "control-plane-group g\n", "peer-node-id ipv4-address "
		  "10.0.0.", "\n", NULL, CTL_MAX_CP_PEERS,
		  CTL_MAX_CP_PEERS + 2, "too many peers in control-plane-group "
		  "'g' (max 16)" },
		{ "", "control-plane-group g", "\nexit\n", NULL,
		  CTL_MAX_CP_GROUPS, 2 * CTL_MAX_CP_GROUPS + 1,
		  "too many control-plane-groups (max 4)" },
		{ "", "context c", "\nsx-service s",
		  "\nbind ipv4-address 10.0.0.1\nend\n", CTL_MAX_SX_SERVICES,
		  4 * CTL_MAX_SX_SERVICES + 2, "too many sx-services (max 4)" },
		{ "", "context c", "\nuser-plane-service u", "\nend\n",
		  CTL_MAX_UP_SERVICES, 3 * CTL_MAX_UP_SERVICES + 2,
		  "too many user-plane-services (max 4)" },
	};
	char text[2048];
	size_t off, k;
	unsigned int i;

	bgp_bad("context c\nsx-service s\ninstance-type controlplane\n", 3,
		"instance-type: controlplane is not supported: srpgw is a "
		"user plane");
	bgp_bad("context c\nsx-service s\ninstance-type upf\n", 3,
		"expected one of userplane, controlplane");
	bgp_bad("context c\nsx-service s\nbind ipv4-address 2001:db8::1\n", 3,
		"bind ipv4-address: expected an IPv4 address");
	bgp_bad("context c\nsx-service s\nbind ipv4-address 224.0.0.1\n", 3,
		"224.0.0.1 is not a unicast address");
	bgp_bad("context c\nsx-service s\nbind ipv4-address 0.0.0.0\n", 3,
		"not a unicast address");
	bgp_bad("context c\nsx-service s\nbind ipv6-address ff02::1\n", 3,
		"not a unicast address");
	bgp_bad("context c\nsx-service s\nbind ipv4-address 192.0.2.1 x\n", 3,
		"expected 'ipv6-address'");
	bgp_bad("context c\nsx-service s\nbind address 192.0.2.1\n", 3,
		"'bind address' is a service-redundancy-protocol or "
		"ha-service command");
	bgp_bad("context c\nsx-service s\nbind port 1\n", 3,
		"bind: expected one of ipv4-address, ipv6-address, got "
		"'port'");
	bgp_bad("context c\nsx-service s\nsx-protocol heartbeat interval 0\n",
		3, "interval: expected an integer 1..3600, got '0'");
	bgp_bad("context c\nsx-service s\nsx-protocol heartbeat "
		"max-retransmissions 16\n", 3, "expected an integer 0..15");
	bgp_bad("context c\nsx-service s\nsx-protocol heartbeat "
		"retransmission-timeout 21\n", 3, "expected an integer 1..20");
	bgp_bad("context c\nsx-service s\nno sx-protocol heartbeat interval\n",
		3, "is not accepted");
	bgp_bad("context c\nsx-service s\nsx-protocol "
		"restart-on-incomplete-takeover now\n", 3,
		"sx-protocol restart-on-incomplete-takeover");
	bgp_bad("context c\nsx-service s!\n", 2, "sx-service: expected a name");
	bgp_bad("context c\nsx-service s\nexit\nsx-service t\n", 4,
		"context 'c' already has sx-service 's' (at most one per "
		"context)");
	bgp_bad("context c\nsx-service s\nexit\nexit\ncontext d\n"
		"sx-service s\n", 6, "'s' already exists in context 'c'");
	bgp_bad("context c\nuser-plane-service u\nexit\n"
		"user-plane-service v\n", 4, "already has user-plane-service");
	bgp_bad("context c\nno sx-service s\n", 2,
		"no sx-service: context 'c' has no sx-service 's'");
	bgp_bad("no control-plane-group g\n", 1, "there is no "
		"control-plane-group 'g'");
	bgp_bad("sx-service s\n", 1, "'sx-service' is a context command");
	bgp_bad("context c\nsx-service s\nassociate sx-service s\n", 3,
		"user-plane-service command; use it after "
		"'user-plane-service NAME'");
	bgp_bad("control-plane-group g\npeer-node-id ipv4-address 10.0.0.1\n"
		"peer-node-id ipv4-address 10.0.0.1\n", 3,
		"10.0.0.1 is already a peer of control-plane-group 'g'");
	bgp_bad("control-plane-group g\npeer-node-id fqdn A.b\n"
		"peer-node-id fqdn a.B\n", 3, "already a peer");
	bgp_bad("control-plane-group g\npeer-node-id ipv6-address 10.0.0.1\n",
		2, "expected an IPv6 address");
	bgp_bad("control-plane-group g\npeer-node-id fqdn -a.net\n", 2,
		"expected a DNS name");
	bgp_bad("control-plane-group g\npeer-node-id fqdn a..net\n", 2,
		"expected a DNS name");
	bgp_bad("control-plane-group g\npeer-node-id fqdn a.net.\n", 2,
		"expected a DNS name");
	bgp_bad("control-plane-group g\npeer-node-id fqdn 192.0.2.1\n", 2,
		"expected a DNS name");
	bgp_bad("control-plane-group g\npeer-node-id fqdn a_b.net\n", 2,
		"expected a DNS name");
	bgp_bad(long_label, 6, "expected a DNS name");
	bgp_bad("control-plane-group g\nno peer-node-id fqdn a.net\n", 2,
		"has no such peer");
	bgp_bad("control-plane-group g\npeer-node-id mac 1\n", 2,
		"peer-node-id: expected one of ipv4-address, ipv6-address, "
		"fqdn");
	/* end-of-file checks point at the line that made them wrong */
	bgp_bad("context c\nsx-service s\ninstance-type userplane\n", 2,
		"sx-service 's' in context 'c' has no bind address");
	bgp_bad(SX_OK "no sx-service s\n", 9,
		"associate sx-service: context 'c' has no sx-service 's'");
	bgp_bad(SX_OK "user-plane-service u\nassociate sx-service t\n", 13,
		"context 'c' has no sx-service 't'");
	bgp_bad(SX_OK "exit\ncontext d\nuser-plane-service v\n"
		"associate sx-service s\nassociate control-plane-group g\n",
		15, "context 'd' has no sx-service 's'");
	bgp_bad(SX_OK "user-plane-service u\n"
		"associate control-plane-group h\n", 13,
		"there is no control-plane-group 'h'");
	bgp_bad(SX_OK "exit\nno control-plane-group g\n", 10,
		"there is no control-plane-group 'g'");
	bgp_bad("context c\nsx-service s\nbind ipv4-address 10.0.0.1\nexit\n"
		"user-plane-service u\nassociate control-plane-group g\n", 5,
		"user-plane-service 'u' in context 'c' associates no "
		"sx-service");
	bgp_bad("context c\nsx-service s\nbind ipv4-address 10.0.0.1\nexit\n"
		"user-plane-service u\nassociate sx-service s\n", 5,
		"associates no control-plane-group");
	/* limits: HEAD, then N + 1 times "A<i>B[<i>C]" */
	for (k = 0; k < sizeof(lim) / sizeof(lim[0]); k++) {
		off = (size_t)snprintf(text, sizeof(text), "%s", lim[k].head);
		for (i = 1; i <= lim[k].n + 1; i++) {
			off += (size_t)snprintf(text + off, sizeof(text) - off,
						"%s%u%s", lim[k].a, i,
						lim[k].b);
			if (lim[k].c != NULL)
				off += (size_t)snprintf(text + off,
							sizeof(text) - off,
							"%u%s", i, lim[k].c);
		}
		bgp_bad(text, lim[k].line, lim[k].msg);
	}
}

/* local-fault (srpgw extension): parse, print back, refusals. */
static void
test_ctl_conf_local_fault(void)
{
	static const char *const srp =
		"context s\nservice-redundancy-protocol\n";
	static const char *const ports =
		"exit\nexit\nport ethernet 1/1\nexit\nport ethernet 1/2\n";
	struct ctl_conf *c;
	char text[1024];
	char *out;

	snprintf(text, sizeof(text), "%slocal-fault port 1/1\n"
		 "local-fault port 01/2\nlocal-fault worker-stall msec 200\n"
		 "local-fault mbuf-exhaustion\nno local-fault port 1/1\n"
		 "local-fault port 1/1\n%s", srp, ports);
	c = parse_ok(text);
	if (c == NULL)
		return;
	CU_ASSERT_EQUAL_FATAL(c->srp.lf_n_ports, 2);
	CU_ASSERT_STRING_EQUAL(c->srp.lf_ports[0], "1/2");
	CU_ASSERT_STRING_EQUAL(c->srp.lf_ports[1], "1/1");
	CU_ASSERT_EQUAL(c->srp.lf_stall_ms, 200);
	CU_ASSERT_TRUE(c->srp.lf_mbuf);
	out = print_str(c, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "      local-fault port 1/2\n"
		"      local-fault port 1/1\n"
		"      local-fault worker-stall msec 200\n"
		"      local-fault mbuf-exhaustion\n"));
	free(out);
	free(c);
	snprintf(text, sizeof(text), "%slocal-fault worker-stall msec 200\n"
		 "no local-fault worker-stall\nlocal-fault mbuf-exhaustion\n"
		 "no local-fault mbuf-exhaustion\n", srp);
	c = parse_ok(text);
	if (c == NULL)
		return;
	CU_ASSERT_EQUAL(c->srp.lf_stall_ms, 0);
	CU_ASSERT_FALSE(c->srp.lf_mbuf);
	free(c);
	snprintf(text, sizeof(text), "%slocal-fault port 1/3\n%s", srp, ports);
	bgp_bad(text, 3, "local-fault port 1/3: no such port");
	snprintf(text, sizeof(text), "%slocal-fault port 1-3\n", srp);
	bgp_bad(text, 3, "expected SLOT/PORT");
	snprintf(text, sizeof(text), "%slocal-fault port 65/1\n", srp);
	bgp_bad(text, 3, "expected SLOT/PORT");
	snprintf(text, sizeof(text), "%slocal-fault port 1/1\n"
		 "local-fault port 1/1\n", srp);
	bgp_bad(text, 4, "already monitored");
	snprintf(text, sizeof(text), "%sno local-fault port 1/1\n", srp);
	bgp_bad(text, 3, "not monitored");
	snprintf(text, sizeof(text), "%slocal-fault worker-stall msec 10\n",
		 srp);
	bgp_bad(text, 3, "50..60000");
	snprintf(text, sizeof(text), "%slocal-fault worker-stall 200\n", srp);
	bgp_bad(text, 3, "msec");
	snprintf(text, sizeof(text), "%slocal-fault cpu\n", srp);
	bgp_bad(text, 3, "expected one of port, worker-stall, "
		"mbuf-exhaustion");
}

/* SNMP trap lines: targets (numeric IPv4, default port 162), suppressed
 * traps; printed back (not in the SRP must-match text) and parsed again. */
static void
test_ctl_conf_snmp_parsed_and_printed(void)
{
	struct ctl_conf *c = parse_ok(
		"snmp target nms 192.0.2.7 community pub-1\n"
		"snmp target lab 198.51.100.1 port 10162 community x\n"
		"snmp target nms 192.0.2.8 community pub-2\n"
		"snmp trap suppress starSRPConnUp\n"
		"snmp trap suppress starSRPActive\n"
		"snmp trap enable starSRPActive\n"
		"snmp target gone 192.0.2.9 community y\n"
		"no snmp target gone\n");
	struct ctl_conf *again;
	char *t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL_FATAL(c->n_snmp_targets, 2);
	CU_ASSERT_STRING_EQUAL(c->snmp_targets[0].name, "nms");
	CU_ASSERT(addr_is(&c->snmp_targets[0].addr, "192.0.2.8"));
	CU_ASSERT_EQUAL(c->snmp_targets[0].port, 162);
	CU_ASSERT_STRING_EQUAL(c->snmp_targets[0].community, "pub-2");
	CU_ASSERT_EQUAL(c->snmp_targets[1].port, 10162);
	CU_ASSERT_EQUAL(c->snmp_suppressed, 1u << CTL_TRAP_CONN_UP);
	t = print_str(c, false);
	CU_ASSERT_STRING_EQUAL(t, "config\n"
			       "  snmp target nms 192.0.2.8 port 162 "
			       "community pub-2\n"
			       "  snmp target lab 198.51.100.1 port 10162 "
			       "community x\n"
			       "  snmp trap suppress starSRPConnUp\n"
			       "end\n");
	again = parse_ok(t);
	CU_ASSERT_PTR_NOT_NULL(again);
	if (again != NULL)
		CU_ASSERT_EQUAL(memcmp(again->snmp_targets, c->snmp_targets,
				       sizeof(c->snmp_targets)), 0);
	free(t);
	t = print_str(c, true);
	CU_ASSERT_PTR_NULL(strstr(t, "snmp"));
	free(t);
	free(again);
	free(c);
}

/* Each malformed SNMP line: FILE:LINE, the expected form, no change. */
static void
test_ctl_conf_snmp_errors(void)
{
	static const struct {
		const char	*text;
		const char	*want;
	} bad[] = {
		{ "snmp target nms nms.example community c\n", "t.cfg:1:" },
		{ "snmp target nms 2001:db8::1 community c\n", "t.cfg:1:" },
		{ "snmp target nms 192.0.2.7\n", "[port P] community C" },
		{ "snmp target nms 192.0.2.7 port 0 community c\n", "1..65535" },
		{ "snmp target nms 192.0.2.7 community\n", "COMMUNITY" },
		{ "snmp target nms 192.0.2.7 community "
		  "abcdefghijklmnopqrstuvwxyz0123456\n", "1..32 printable" },
		{ "snmp target nms 192.0.2.7 community c extra\n", "t.cfg:1:" },
		{ "snmp target 192.0.2.7\n", "t.cfg:1:" },
		{ "no snmp target nms\n", "no target named 'nms'" },
		{ "snmp trap suppress starSRPNothing\n", "unknown trap" },
		{ "snmp trap mute starSRPActive\n", "suppress, enable" },
		{ "snmp trap suppress\n", "TRAP-NAME" },
		{ "snmp target a 192.0.2.1 community c\n"
		  "snmp target b 192.0.2.1 community c\n"
		  "snmp target c 192.0.2.1 community c\n"
		  "snmp target d 192.0.2.1 community c\n"
		  "snmp target e 192.0.2.1 community c\n", "t.cfg:5: snmp "
		  "target: too many targets (max 4)" },
	};
	char err[CTL_ERR_LEN];
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		parse_bad(bad[i].text, strlen(bad[i].text), err, sizeof(err));
		if (strstr(err, bad[i].want) == NULL)
			fprintf(stderr, "\n%s-> %s\n", bad[i].text, err);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, bad[i].want));
		CU_ASSERT_EQUAL(strncmp(err, "t.cfg:", 6), 0);
	}
}

static CU_TestInfo parse_tests[] = {
	{ "test_ctl_conf_parse_comments_blanks_crlf",
	  test_ctl_conf_parse_comments_blanks_crlf },
	{ "test_ctl_conf_parse_modes_end_and_reentry",
	  test_ctl_conf_parse_modes_end_and_reentry },
	{ "test_ctl_conf_parse_srp_no_default_forms",
	  test_ctl_conf_parse_srp_no_default_forms },
	{ "test_ctl_conf_parse_other_no_default_forms",
	  test_ctl_conf_parse_other_no_default_forms },
	{ "test_ctl_conf_parse_srp_rule_checked_at_block_end",
	  test_ctl_conf_parse_srp_rule_checked_at_block_end },
	{ "test_ctl_conf_parse_nul_byte_rejected",
	  test_ctl_conf_parse_nul_byte_rejected },
	{ "test_ctl_conf_load_errors", test_ctl_conf_load_errors },
	{ "test_ctl_conf_error_messages_name_expected_form",
	  test_ctl_conf_error_messages_name_expected_form },
	{ "test_ctl_conf_malformed_variants",
	  test_ctl_conf_malformed_variants },
	{ "test_ctl_conf_auth_key_never_printed_in_clear",
	  test_ctl_conf_auth_key_never_printed_in_clear },
	{ "test_ctl_conf_long_line_rejected",
	  test_ctl_conf_long_line_rejected },
	{ "test_ctl_conf_limits_reported", test_ctl_conf_limits_reported },
	{ "test_ctl_conf_radius_probe_parse_print",
	  test_ctl_conf_radius_probe_parse_print },
	{ "test_ctl_conf_bgp_speaker_parse_print",
	  test_ctl_conf_bgp_speaker_parse_print },
	{ "test_ctl_conf_bgp_speaker_defaults_and_no_forms",
	  test_ctl_conf_bgp_speaker_defaults_and_no_forms },
	{ "test_ctl_conf_bgp_speaker_errors",
	  test_ctl_conf_bgp_speaker_errors },
	{ "test_ctl_conf_sample_sx_n4", test_ctl_conf_sample_sx_n4 },
	{ "test_ctl_conf_sx_forms", test_ctl_conf_sx_forms },
	{ "test_ctl_conf_local_fault", test_ctl_conf_local_fault },
	{ "test_ctl_conf_diam_forms", test_ctl_conf_diam_forms },
	{ "test_ctl_conf_sx_errors", test_ctl_conf_sx_errors },
	{ "test_ctl_conf_snmp_parsed_and_printed",
	  test_ctl_conf_snmp_parsed_and_printed },
	{ "test_ctl_conf_snmp_errors", test_ctl_conf_snmp_errors },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo print_tests[] = {
	{ "test_ctl_conf_round_trip_full", test_ctl_conf_round_trip_full },
	{ "test_ctl_conf_round_trip_srp_only",
	  test_ctl_conf_round_trip_srp_only },
	{ "test_ctl_conf_print_srp_only_matches_sample",
	  test_ctl_conf_print_srp_only_matches_sample },
	{ "test_ctl_conf_print_srp_only_pair_differs_in_role_lines",
	  test_ctl_conf_print_srp_only_pair_differs_in_role_lines },
	{ "test_ctl_conf_print_exact_format",
	  test_ctl_conf_print_exact_format },
	{ "test_ctl_conf_session_timers_parsed_and_printed",
	  test_ctl_conf_session_timers_parsed_and_printed },
	{ "test_ctl_conf_source_check_parsed_and_printed",
	  test_ctl_conf_source_check_parsed_and_printed },
	{ "test_ctl_conf_print_defaults_not_printed",
	  test_ctl_conf_print_defaults_not_printed },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_addr", NULL, NULL, NULL, NULL, addr_tests },
	{ "ctl_conf_samples", NULL, NULL, NULL, NULL, sample_tests },
	{ "ctl_conf_parse", NULL, NULL, NULL, NULL, parse_tests },
	{ "ctl_conf_print", NULL, NULL, NULL, NULL, print_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
