/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the PFCP server's pure parts: the rule checks and the
 * mapping of a PFCP session's rules onto one gateway session
 * (ctl_pfcp_map.c), and the 64-bit key index (ctl_pfcp_idx.c) against a
 * reference under random insertions and deletions. Runs without EAL.
 */
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "ctl_pfcp_idx.h"
#include "ctl_pfcp_map.h"
#include "pfcp_sample.h"
#include "support/ut_rand.h"
#include "support/ut_run.h"

static struct pfcp_msg rules;
static struct ctl_pfcp_map map;
static struct ctl_pfcp_map_fail fail;

/* A QER body with QFI 9 after its ID. */
static const uint8_t qer_qfi9[] = {
	0x00, 0x6d, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x7c, 0x00, 0x01, 0x09,
};

/* The Open5GS-shaped rule set with its CH F-TEIDs resolved to TEID 0x55. */
static void
open5gs_rules(void)
{
	unsigned int i;

	sample_sess_est_req(&rules);
	for (i = 0; i < rules.n_create_pdr; i++) {
		struct pfcp_fteid *ft = &rules.create_pdr[i].pdi.fteid;

		if (!(rules.create_pdr[i].pdi.present & PFCP_PDI_FTEID))
			continue;
		ft->flags = PFCP_FTEID_V4;
		ft->teid = 0x55;
		ft->v4[0] = 192;
	}
}

/* The writable Create FAR with @id (the test's rules hold it). */
static struct pfcp_far *
far(uint32_t id)
{
	int i = ctl_pfcp_far_index(&rules, id);

	CU_ASSERT_FATAL(i >= 0);
	return &rules.create_far[i];
}

/* Rule lookups by ID: every rule's own index, -1 for unknown IDs. */
static void
test_pfcp_map_rule_index(void)
{
	unsigned int i;

	open5gs_rules();
	CU_ASSERT_FATAL(rules.n_create_pdr > 1 && rules.n_create_far > 1);
	for (i = 0; i < rules.n_create_pdr; i++)
		CU_ASSERT_EQUAL(ctl_pfcp_pdr_index(&rules,
				rules.create_pdr[i].pdr_id), (int)i);
	for (i = 0; i < rules.n_create_far; i++) {
		CU_ASSERT_EQUAL(ctl_pfcp_far_index(&rules,
				rules.create_far[i].far_id), (int)i);
		CU_ASSERT_PTR_EQUAL(ctl_pfcp_far_find(&rules,
				    rules.create_far[i].far_id),
				    &rules.create_far[i]);
	}
	CU_ASSERT_EQUAL(ctl_pfcp_pdr_index(&rules, 0xffff), -1);
	CU_ASSERT_EQUAL(ctl_pfcp_far_index(&rules, 0xffffffffu), -1);
	CU_ASSERT_PTR_NULL(ctl_pfcp_far_find(&rules, 0xffffffffu));
}

static void
test_pfcp_map_open5gs_before_gnb(void)
{
	open5gs_rules();
	CU_ASSERT_EQUAL_FATAL(ctl_pfcp_map_rules(&rules, &map, &fail), 0);
	CU_ASSERT_TRUE(map.install);
	CU_ASSERT_EQUAL(map.ul_pdr, 2);		/* not the RS PDR 3 */
	CU_ASSERT_EQUAL(map.dl_pdr, 1);
	CU_ASSERT_EQUAL(map.p.teid_local, 0x55);
	CU_ASSERT_TRUE(map.p.has_ue4);
	CU_ASSERT_EQUAL(memcmp(map.p.ue4, sample_ue_v4, 4), 0);
	CU_ASSERT_FALSE(map.p.has_ue6);
	/* FAR 1 is BUFF|NOCP without a tunnel: downlink dropped. */
	CU_ASSERT_EQUAL(map.p.flags & SESS_F_DL_DROP, SESS_F_DL_DROP);
	CU_ASSERT_EQUAL(map.p.flags & SESS_F_UL_DROP, 0);
	CU_ASSERT_EQUAL(map.p.peer_af, 0);
	CU_ASSERT_EQUAL(map.p.teid_remote, 0);
	/* The sample QER has no QFI. */
	CU_ASSERT_FALSE(map.p.has_qfi);
}

static void
test_pfcp_map_downlink_follows_far(void)
{
	struct pfcp_far *a;

	open5gs_rules();
	a = far(1);
	a->apply_action = PFCP_AA_FORW;
	a->present &= ~PFCP_FAR_BAR_ID;
	a->present |= PFCP_FAR_FWD;
	a->fwd.present = PFCP_FWD_DST_IFACE | PFCP_FWD_OHC;
	a->fwd.dst_iface = PFCP_IFACE_ACCESS;
	a->fwd.ohc.desc = PFCP_OHC_GTPU_V4;
	a->fwd.ohc.teid = 0x777;
	memcpy(a->fwd.ohc.v4, sample_gnb_v4, 4);
	rules.create_qer[0].body.p = qer_qfi9;
	rules.create_qer[0].body.len = sizeof(qer_qfi9);
	CU_ASSERT_EQUAL_FATAL(ctl_pfcp_map_rules(&rules, &map, &fail), 0);
	CU_ASSERT_TRUE(map.install);
	CU_ASSERT_EQUAL(map.p.flags & SESS_F_DL_DROP, 0);
	CU_ASSERT_EQUAL(map.p.peer_af, 4);
	CU_ASSERT_EQUAL(memcmp(map.p.peer_addr, sample_gnb_v4, 4), 0);
	CU_ASSERT_EQUAL(map.p.teid_remote, 0x777);
	CU_ASSERT_TRUE(map.p.has_qfi);
	CU_ASSERT_EQUAL(map.p.qfi, 9);
	/* BUFF again (UE idle): the tunnel is kept, downlink dropped. */
	a->apply_action = PFCP_AA_BUFF | PFCP_AA_NOCP;
	CU_ASSERT_EQUAL_FATAL(ctl_pfcp_map_rules(&rules, &map, &fail), 0);
	CU_ASSERT_EQUAL(map.p.flags & SESS_F_DL_DROP, SESS_F_DL_DROP);
	CU_ASSERT_EQUAL(map.p.teid_remote, 0x777);
	/* Uplink FAR DROP. */
	far(2)->apply_action = PFCP_AA_DROP;
	CU_ASSERT_EQUAL_FATAL(ctl_pfcp_map_rules(&rules, &map, &fail), 0);
	CU_ASSERT_EQUAL(map.p.flags & SESS_F_UL_DROP, SESS_F_UL_DROP);
}

static void
test_pfcp_map_nothing_to_install(void)
{
	unsigned int i;

	/* No UE address anywhere. */
	open5gs_rules();
	for (i = 0; i < rules.n_create_pdr; i++)
		rules.create_pdr[i].pdi.present &= ~PFCP_PDI_UE_IP;
	CU_ASSERT_EQUAL_FATAL(ctl_pfcp_map_rules(&rules, &map, &fail), 0);
	CU_ASSERT_FALSE(map.install);
	/* No uplink F-TEID. */
	open5gs_rules();
	for (i = 0; i < rules.n_create_pdr; i++)
		rules.create_pdr[i].pdi.present &= ~PFCP_PDI_FTEID;
	CU_ASSERT_EQUAL_FATAL(ctl_pfcp_map_rules(&rules, &map, &fail), 0);
	CU_ASSERT_FALSE(map.install);
}

static void
expect_fail(uint8_t type, uint32_t id)
{
	CU_ASSERT_EQUAL(ctl_pfcp_map_rules(&rules, &map, &fail), -EINVAL);
	CU_ASSERT_EQUAL(fail.rule_type, type);
	CU_ASSERT_EQUAL(fail.rule_id, id);
	CU_ASSERT_PTR_NOT_NULL(fail.why);
	CU_ASSERT_FALSE(map.install);
}

static void
test_pfcp_map_refusals(void)
{
	/* A PDR naming a FAR that does not exist. */
	open5gs_rules();
	rules.create_pdr[2].far_id = 42;
	expect_fail(PFCP_RULE_PDR, rules.create_pdr[2].pdr_id);
	/* The same PDR ID twice. */
	open5gs_rules();
	rules.create_pdr[3].pdr_id = rules.create_pdr[1].pdr_id;
	expect_fail(PFCP_RULE_PDR, rules.create_pdr[1].pdr_id);
	/* The same FAR ID twice. */
	open5gs_rules();
	rules.create_far[3].far_id = rules.create_far[0].far_id;
	expect_fail(PFCP_RULE_FAR, rules.create_far[0].far_id);
	/* A FAR naming a BAR that does not exist. */
	open5gs_rules();
	rules.present &= ~PFCP_F_BAR;
	expect_fail(PFCP_RULE_FAR, 1);
	/* A PDR naming a QER that does not exist. */
	open5gs_rules();
	rules.create_pdr[0].qer_id[0] = 5;
	expect_fail(PFCP_RULE_PDR, rules.create_pdr[0].pdr_id);
	/* A FAR without an Apply Action. */
	open5gs_rules();
	far(2)->present &= ~PFCP_FAR_APPLY_ACTION;
	expect_fail(PFCP_RULE_FAR, 2);
	/* GTP-U to GTP-U relay (an SGW-U's uplink toward the PGW-U). */
	open5gs_rules();
	far(2)->present |= PFCP_FAR_FWD;
	far(2)->fwd.present |= PFCP_FWD_OHC;
	far(2)->fwd.ohc.desc = PFCP_OHC_GTPU_V4;
	far(2)->fwd.ohc.teid = 9;
	expect_fail(PFCP_RULE_PDR, 2);
}

/* The post-switchover audit: one finding per reason, none when in step. */
static void
test_pfcp_map_audit_reasons(void)
{
	struct sess_params inst;
	unsigned int i;

	/* In step: what the rules map to is what is installed. */
	open5gs_rules();
	CU_ASSERT_EQUAL_FATAL(ctl_pfcp_map_rules(&rules, &map, &fail), 0);
	inst = map.p;
	inst.nh_id = 7;			/* not the rules' business */
	inst.idle_timeout_s = 30;
	inst.flags |= SESS_F_VOLTE;
	CU_ASSERT_EQUAL(ctl_pfcp_map_audit(&rules, &inst, &fail),
			CTL_PFCP_AUDIT_OK);
	/* A dangling FAR reference. */
	rules.create_pdr[1].far_id = 42;
	CU_ASSERT_EQUAL(ctl_pfcp_map_audit(&rules, &inst, &fail),
			CTL_PFCP_AUDIT_RULES);
	CU_ASSERT_EQUAL(fail.rule_type, PFCP_RULE_PDR);
	/* A dangling QER and a dangling URR reference. */
	open5gs_rules();
	rules.create_pdr[0].qer_id[0] = 5;
	CU_ASSERT_EQUAL(ctl_pfcp_map_audit(&rules, &inst, &fail),
			CTL_PFCP_AUDIT_RULES);
	open5gs_rules();
	rules.create_pdr[0].n_urr = 1;
	rules.create_pdr[0].urr_id[0] = 77;
	CU_ASSERT_EQUAL(ctl_pfcp_map_audit(&rules, &inst, &fail),
			CTL_PFCP_AUDIT_RULES);
	/* No uplink F-TEID. */
	open5gs_rules();
	for (i = 0; i < rules.n_create_pdr; i++)
		rules.create_pdr[i].pdi.present &= ~PFCP_PDI_FTEID;
	CU_ASSERT_EQUAL(ctl_pfcp_map_audit(&rules, &inst, &fail),
			CTL_PFCP_AUDIT_NO_FTEID);
	/* Installed state that the rules do not say: each field. */
	open5gs_rules();
	inst = map.p;
	inst.flags |= SESS_F_UL_DROP;
	CU_ASSERT_EQUAL(ctl_pfcp_map_audit(&rules, &inst, &fail),
			CTL_PFCP_AUDIT_MISMATCH);
	inst = map.p;
	inst.teid_local++;
	CU_ASSERT_EQUAL(ctl_pfcp_map_audit(&rules, &inst, &fail),
			CTL_PFCP_AUDIT_MISMATCH);
	inst = map.p;
	inst.ue4[3] ^= 1;
	CU_ASSERT_EQUAL(ctl_pfcp_map_audit(&rules, &inst, &fail),
			CTL_PFCP_AUDIT_MISMATCH);
	inst = map.p;
	inst.has_qfi = true;
	CU_ASSERT_EQUAL(ctl_pfcp_map_audit(&rules, &inst, &fail),
			CTL_PFCP_AUDIT_MISMATCH);
	/* Rules that install nothing (no UE address) while a session is. */
	inst = map.p;
	for (i = 0; i < rules.n_create_pdr; i++)
		rules.create_pdr[i].pdi.present &= ~PFCP_PDI_UE_IP;
	CU_ASSERT_EQUAL(ctl_pfcp_map_audit(&rules, &inst, &fail),
			CTL_PFCP_AUDIT_MISMATCH);
}

static void
test_pfcp_map_qer_qfi(void)
{
	struct pfcp_opaque_rule q = { { qer_qfi9, sizeof(qer_qfi9) }, 1 };
	struct pfcp_opaque_rule none = {
		{ sample_qer_body, sizeof(sample_qer_body) }, 1 };
	static const uint8_t trunc[] = { 0x00, 0x7c, 0x00, 0x05, 0x01 };
	struct pfcp_opaque_rule bad = { { trunc, sizeof(trunc) }, 1 };
	uint8_t qfi = 0;

	CU_ASSERT_TRUE(ctl_pfcp_qer_qfi(&q, &qfi));
	CU_ASSERT_EQUAL(qfi, 9);
	CU_ASSERT_FALSE(ctl_pfcp_qer_qfi(&none, &qfi));
	CU_ASSERT_FALSE(ctl_pfcp_qer_qfi(&bad, &qfi));
}

/* The index agrees with a plain array under random puts and deletes. */
static void
test_pfcp_idx_random(void)
{
	enum { KEYS = 5000, OPS = 200000 };
	static void *ref[KEYS];
	struct ctl_pfcp_idx x;
	uint32_t st = 12345;
	size_t n = 0;
	unsigned int i;

	memset(ref, 0, sizeof(ref));
	CU_ASSERT_EQUAL_FATAL(ctl_pfcp_idx_init(&x, 4), 0);
	CU_ASSERT_EQUAL(ctl_pfcp_idx_put(&x, 0, ref), -EINVAL);
	for (i = 0; i < OPS; i++) {
		uint32_t k = ut_xorshift32(&st) % KEYS;
		/* Keys that collide in the low bits stress the probing. */
		uint64_t key = ((uint64_t)k << 40) | 1;
		void *v = &ref[k];

		if (ut_xorshift32(&st) & 1) {
			int ret = ctl_pfcp_idx_put(&x, key, v);

			CU_ASSERT_EQUAL(ret, ref[k] != NULL ? -EEXIST : 0);
			if (ret == 0) {
				ref[k] = v;
				n++;
			}
		} else {
			void *got = ctl_pfcp_idx_del(&x, key);

			CU_ASSERT_PTR_EQUAL(got, ref[k]);
			if (got != NULL) {
				ref[k] = NULL;
				n--;
			}
		}
	}
	CU_ASSERT_EQUAL(x.n, n);
	for (i = 0; i < KEYS; i++)
		CU_ASSERT_PTR_EQUAL(ctl_pfcp_idx_get(&x,
				    ((uint64_t)i << 40) | 1), ref[i]);
	ctl_pfcp_idx_free(&x);
	CU_ASSERT_PTR_NULL(ctl_pfcp_idx_get(&x, 1));
	CU_ASSERT_NOT_EQUAL(ctl_pfcp_idx_mix(0, 0), 0);
	CU_ASSERT_NOT_EQUAL(ctl_pfcp_idx_mix(1, 2), ctl_pfcp_idx_mix(2, 1));
}

static CU_TestInfo map_tests[] = {
	{ "open5gs_before_gnb", test_pfcp_map_open5gs_before_gnb },
	{ "downlink_follows_far", test_pfcp_map_downlink_follows_far },
	{ "nothing_to_install", test_pfcp_map_nothing_to_install },
	{ "refusals", test_pfcp_map_refusals },
	{ "qer_qfi", test_pfcp_map_qer_qfi },
	{ "audit_reasons", test_pfcp_map_audit_reasons },
	{ "idx_random", test_pfcp_idx_random },
	{ "rule_index", test_pfcp_map_rule_index },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "pfcp_map", NULL, NULL, NULL, NULL, map_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
