/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of XDP steering's control side: the per-port plan built from a
 * configuration (ctl_xdp_plan: which addresses and pools, IPv4-mapped keys,
 * srp-activate marks, limits) and the map writer (ctl_xdp_map) on real BPF
 * maps of the program's shapes created here: srp-activated entries present
 * only while active, counters summed over CPUs, an interface without a
 * program. The map tests need root (CAP_BPF) and say so when skipped. Runs
 * without EAL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <net/if.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "conf/ctl_conf.h"
#include "xdp/ctl_xdp_map.h"
#include "xdp/ctl_xdp_plan.h"
#include "support/ut_run.h"

static const char conf_text[] =
	"config\n"
	"  context access\n"
	"    interface s1u loopback\n"
	"      ip address 192.0.2.10/32 srp-activate\n"
	"      ipv6 address 2001:db8:a::10/128\n"
	"    #exit\n"
	"    interface access-port\n"
	"      ip address 192.0.2.1 255.255.255.0\n"
	"    #exit\n"
	"  #exit\n"
	"  context core\n"
	"    interface sgi\n"
	"      ip address 198.51.100.1 255.255.255.0\n"
	"    #exit\n"
	"    ip pool ue 10.45.0.0 255.255.0.0 public 0 srp-activate\n"
	"    ip pool st 10.46.0.0/24 static\n"
	"  #exit\n"
	"  port ethernet 1/1\n"
	"    dpdk-device net_af_xdp0\n"
	"    role access\n"
	"    bind interface access-port access\n"
	"    no shutdown\n"
	"  #exit\n"
	"  port ethernet 1/2\n"
	"    dpdk-device net_af_xdp1\n"
	"    role core\n"
	"    bind interface sgi core\n"
	"    no shutdown\n"
	"  #exit\n"
	"end\n";

static struct ctl_conf *conf;
static struct ctl_xdp_plan plan;

static int
suite_init(void)
{
	char err[CTL_ERR_LEN];

	conf = malloc(sizeof(*conf));
	if (conf == NULL)
		return 1;
	if (ctl_conf_parse(conf_text, "test", conf, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	return 0;
}

static int
suite_fini(void)
{
	free(conf);
	return 0;
}

static const uint8_t k_s1u[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
				   192, 0, 2, 10 };
static const uint8_t k_acc[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
				   192, 0, 2, 1 };
static const uint8_t k_v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x0a, 0, 0,
				  0, 0, 0, 0, 0, 0, 0, 0x10 };
static const uint8_t k_ue[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
				  10, 45, 0, 0 };

static const struct ctl_xdp_entry *
plan_find(const struct ctl_xdp_plan *p, enum ctl_xdp_kind kind,
	  const uint8_t addr[16])
{
	unsigned int i;

	for (i = 0; i < p->n; i++)
		if (p->e[i].kind == kind && memcmp(p->e[i].addr, addr, 16) == 0)
			return &p->e[i];
	return NULL;
}

static void
test_plan_access(void)
{
	const struct ctl_xdp_entry *e;

	CU_ASSERT_EQUAL_FATAL(ctl_xdp_plan_build(conf, "net_af_xdp0", &plan), 0);
	/* Every address of the access context, loopback ones included. */
	CU_ASSERT_EQUAL(plan.n_addrs, 3);
	CU_ASSERT_EQUAL(plan.n_pools, 0);
	CU_ASSERT_EQUAL(plan.n, 3);
	e = plan_find(&plan, CTL_XDP_ADDR, k_s1u);
	CU_ASSERT_FATAL(e != NULL);
	CU_ASSERT(e->srp_activate);
	CU_ASSERT_EQUAL(e->plen, 128);
	e = plan_find(&plan, CTL_XDP_ADDR, k_acc);
	CU_ASSERT_FATAL(e != NULL);
	CU_ASSERT(!e->srp_activate);
	CU_ASSERT(plan_find(&plan, CTL_XDP_ADDR, k_v6) != NULL);
}

static void
test_plan_core(void)
{
	const struct ctl_xdp_entry *e;

	CU_ASSERT_EQUAL_FATAL(ctl_xdp_plan_build(conf, "net_af_xdp1", &plan), 0);
	CU_ASSERT_EQUAL(plan.n_addrs, 1);	/* sgi */
	CU_ASSERT_EQUAL(plan.n_pools, 2);
	e = plan_find(&plan, CTL_XDP_POOL, k_ue);
	CU_ASSERT_FATAL(e != NULL);
	CU_ASSERT(e->srp_activate);
	CU_ASSERT_EQUAL(e->plen, 96 + 16);	/* IPv4 /16, mapped */
}

static void
test_plan_errors(void)
{
	struct ctl_xdp_plan p;
	char err[CTL_ERR_LEN];
	char *text;
	size_t len = 0, cap = 64 * 1024;
	unsigned int i, j;

	CU_ASSERT_EQUAL(ctl_xdp_plan_build(conf, "net_af_xdp7", &p), -ENOENT);
	CU_ASSERT_EQUAL(ctl_xdp_plan_build(NULL, "net_af_xdp0", &p), -EINVAL);
	CU_ASSERT_EQUAL(ctl_xdp_plan_build(conf, NULL, &p), -EINVAL);

	/* 32 interfaces x 8 addresses + a pool on a core port: 257. */
	text = malloc(cap);
	CU_ASSERT_FATAL(text != NULL);
	len += (size_t)snprintf(text + len, cap - len, "config\n  context c\n");
	for (i = 0; i < CTL_MAX_IFACES; i++) {
		len += (size_t)snprintf(text + len, cap - len,
					"    interface i%u\n", i);
		for (j = 0; j < CTL_MAX_ADDRS; j++)
			len += (size_t)snprintf(text + len, cap - len,
				"      ip address 10.%u.%u.1/24\n", i, j);
		len += (size_t)snprintf(text + len, cap - len, "    #exit\n");
	}
	len += (size_t)snprintf(text + len, cap - len,
		"    ip pool p 10.200.0.0/16\n  #exit\n"
		"  port ethernet 1/1\n    dpdk-device net_af_xdp0\n"
		"    role core\n    bind interface i0 c\n    no shutdown\n"
		"  #exit\nend\n");
	CU_ASSERT_FATAL(len < cap);
	memset(&p, 0, sizeof(p));
	CU_ASSERT_EQUAL_FATAL(ctl_conf_parse(text, "big", conf, err,
					     sizeof(err)), 0);
	CU_ASSERT_EQUAL(ctl_xdp_plan_build(conf, "net_af_xdp0", &p), -ENOSPC);
	CU_ASSERT_EQUAL(p.n, 0);	/* untouched on error */
	free(text);
	CU_ASSERT_EQUAL_FATAL(ctl_conf_parse(conf_text, "test", conf, err,
					     sizeof(err)), 0);
}

static void
test_entry_wanted(void)
{
	struct ctl_xdp_entry e = { .srp_activate = false };

	CU_ASSERT(ctl_xdp_entry_wanted(&e, true));
	CU_ASSERT(ctl_xdp_entry_wanted(&e, false));
	e.srp_activate = true;
	CU_ASSERT(ctl_xdp_entry_wanted(&e, true));
	CU_ASSERT(!ctl_xdp_entry_wanted(&e, false));
}

/* Maps of srpgw_xdp.bpf.o's shapes; false (skip) without CAP_BPF. */
static bool
maps_create(struct ctl_xdp_maps *m)
{
	LIBBPF_OPTS(bpf_map_create_opts, lpm, .map_flags = BPF_F_NO_PREALLOC);

	ctl_xdp_maps_reset(m);
	if (geteuid() != 0) {
		fprintf(stderr, "SKIPPED (needs root for BPF maps) ");
		return false;
	}
	m->addrs_fd = bpf_map_create(BPF_MAP_TYPE_HASH, SRPGW_XDP_ADDRS_MAP,
				     sizeof(struct srpgw_xdp_addr_key),
				     sizeof(__u32), SRPGW_XDP_MAX_ADDRS, NULL);
	m->pools_fd = bpf_map_create(BPF_MAP_TYPE_LPM_TRIE, SRPGW_XDP_POOLS_MAP,
				     sizeof(struct srpgw_xdp_pool_key),
				     sizeof(__u32), SRPGW_XDP_MAX_POOLS, &lpm);
	m->stats_fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY,
				     SRPGW_XDP_STATS_MAP, sizeof(__u32),
				     sizeof(__u64), SRPGW_XDP_N_COUNTERS, NULL);
	CU_ASSERT_FATAL(m->addrs_fd >= 0 && m->pools_fd >= 0 &&
			m->stats_fd >= 0);
	return true;
}

static bool
has_addr(const struct ctl_xdp_maps *m, const uint8_t a[16])
{
	struct srpgw_xdp_addr_key k;
	__u32 v;

	memcpy(k.addr, a, 16);
	return bpf_map_lookup_elem(m->addrs_fd, &k, &v) == 0;
}

/* Longest-prefix lookup of one host address, as the program does. */
static bool
in_pool(const struct ctl_xdp_maps *m, const uint8_t a[16])
{
	struct srpgw_xdp_pool_key k = { .prefixlen = 128 };
	__u32 v;

	memcpy(k.addr, a, 16);
	k.addr[15] = 5;
	return bpf_map_lookup_elem(m->pools_fd, &k, &v) == 0;
}

static void
test_maps_role(void)
{
	struct ctl_xdp_maps m;
	unsigned int na, np;

	if (!maps_create(&m))
		return;
	/* Access port: standby first, then active, then standby again. */
	CU_ASSERT_EQUAL_FATAL(ctl_xdp_plan_build(conf, "net_af_xdp0", &plan), 0);
	CU_ASSERT_EQUAL(ctl_xdp_maps_apply(&m, &plan, false), 0);
	CU_ASSERT_EQUAL(ctl_xdp_maps_count(&m, &na, &np), 0);
	CU_ASSERT_EQUAL(na, 2);
	CU_ASSERT(!has_addr(&m, k_s1u));
	CU_ASSERT(has_addr(&m, k_acc));
	CU_ASSERT(has_addr(&m, k_v6));
	CU_ASSERT_EQUAL(ctl_xdp_maps_apply(&m, &plan, true), 0);
	CU_ASSERT_EQUAL(ctl_xdp_maps_count(&m, &na, &np), 0);
	CU_ASSERT_EQUAL(na, 3);
	CU_ASSERT(has_addr(&m, k_s1u));
	CU_ASSERT_EQUAL(ctl_xdp_maps_apply(&m, &plan, true), 0); /* again */
	CU_ASSERT_EQUAL(ctl_xdp_maps_apply(&m, &plan, false), 0);
	CU_ASSERT(!has_addr(&m, k_s1u));
	CU_ASSERT(has_addr(&m, k_acc));
	CU_ASSERT_EQUAL(ctl_xdp_maps_apply(&m, &plan, false), 0); /* again */

	/* Core port: the srp-activated pool follows the role. */
	CU_ASSERT_EQUAL_FATAL(ctl_xdp_plan_build(conf, "net_af_xdp1", &plan), 0);
	CU_ASSERT_EQUAL(ctl_xdp_maps_apply(&m, &plan, true), 0);
	CU_ASSERT(in_pool(&m, k_ue));
	CU_ASSERT_EQUAL(ctl_xdp_maps_count(&m, &na, &np), 0);
	CU_ASSERT_EQUAL(np, 2);
	CU_ASSERT_EQUAL(ctl_xdp_maps_apply(&m, &plan, false), 0);
	CU_ASSERT(!in_pool(&m, k_ue));
	CU_ASSERT_EQUAL(ctl_xdp_maps_count(&m, &na, &np), 0);
	CU_ASSERT_EQUAL(np, 1);
	CU_ASSERT_EQUAL(ctl_xdp_maps_apply(NULL, &plan, true), -EINVAL);
	ctl_xdp_maps_close(&m);
	CU_ASSERT_EQUAL(m.addrs_fd, -1);
	CU_ASSERT_EQUAL(ctl_xdp_maps_apply(&m, &plan, true), -EINVAL);
}

static void
test_maps_stats(void)
{
	uint64_t c[SRPGW_XDP_N_COUNTERS];
	struct ctl_xdp_maps m;
	int ncpu = libbpf_num_possible_cpus(), i;
	uint64_t *vals;
	__u32 k = SRPGW_XDP_PASSED;

	if (!maps_create(&m))
		return;
	CU_ASSERT_FATAL(ncpu > 0);
	vals = calloc((size_t)ncpu, sizeof(*vals));
	CU_ASSERT_FATAL(vals != NULL);
	for (i = 0; i < ncpu; i++)
		vals[i] = 10 + (uint64_t)i;
	CU_ASSERT_EQUAL(bpf_map_update_elem(m.stats_fd, &k, vals, BPF_ANY), 0);
	CU_ASSERT_EQUAL(ctl_xdp_maps_stats(&m, c), 0);
	CU_ASSERT_EQUAL(c[SRPGW_XDP_PASSED],
			(uint64_t)(10 * ncpu + ncpu * (ncpu - 1) / 2));
	CU_ASSERT_EQUAL(c[SRPGW_XDP_REDIRECTED], 0);
	CU_ASSERT_EQUAL(c[SRPGW_XDP_DROPPED], 0);
	free(vals);
	ctl_xdp_maps_close(&m);
	CU_ASSERT_EQUAL(ctl_xdp_maps_stats(&m, c), -EINVAL);
}

static void
test_maps_find_none(void)
{
	struct ctl_xdp_maps m;

	if (geteuid() != 0) {
		fprintf(stderr, "SKIPPED (needs root) ");
		return;
	}
	/* The loopback carries no XDP program (in a fresh test process). */
	CU_ASSERT_EQUAL(ctl_xdp_maps_find(if_nametoindex("lo"), &m), -ENOENT);
	CU_ASSERT_EQUAL(m.addrs_fd, -1);
	CU_ASSERT_EQUAL(m.prog_id, 0);
}

static CU_TestInfo plan_tests[] = {
	{ "test_plan_access", test_plan_access },
	{ "test_plan_core", test_plan_core },
	{ "test_plan_errors", test_plan_errors },
	{ "test_entry_wanted", test_entry_wanted },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo map_tests[] = {
	{ "test_maps_role", test_maps_role },
	{ "test_maps_stats", test_maps_stats },
	{ "test_maps_find_none", test_maps_find_none },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_xdp_plan", suite_init, suite_fini, NULL, NULL, plan_tests },
	{ "ctl_xdp_map", suite_init, suite_fini, NULL, NULL, map_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
