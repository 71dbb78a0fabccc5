/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of srpgw-pfcpgen's pure parts: every request it sends decoded
 * back by pfcp_msg_decode (the Open5GS shape of the Establishment), the
 * checks of the user plane's responses, percentiles and the command line.
 * Context: test main thread.
 */
#include <arpa/inet.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "pfcpgen_args.h"
#include "pfcpgen_msg.h"
#include "pfcpgen_stats.h"
#include "support/ut_run.h"

#define T_SEQ		0x123456
#define T_IDX		7
#define T_UP_SEID	0x42ull
#define T_TEID		0x1000

static struct pfcpgen_ctx ctx;
static struct pfcp_msg dec, resp;
static uint8_t buf[PFCP_MSG_MAX];
static const uint8_t cp_v4[4] = { 10, 96, 0, 2 };
static const uint8_t gnb_v4[4] = { 192, 0, 2, 20 };
static const uint8_t acc_v4[4] = { 192, 0, 2, 1 };

static int
ctx_init(void)
{
	memset(&ctx, 0, sizeof(ctx));
	ctx.cp_seid_base = 0xabcd000000000001ull;
	ctx.recovery_ts = 0xe9000001u;
	ctx.ue_base = 0x0a400001;	/* 10.64.0.1 */
	ctx.gnb_teid_base = 0x100;
	memcpy(ctx.cp_v4, cp_v4, 4);
	memcpy(ctx.gnb_v4, gnb_v4, 4);
	return 0;
}

/* Decode what a builder wrote; it must also be canonical. */
static void
decode_built(size_t len)
{
	uint8_t again[PFCP_MSG_MAX];
	size_t len2 = 0;

	CU_ASSERT_EQUAL_FATAL(pfcp_msg_decode(buf, len, &dec, NULL), PFCP_OK);
	CU_ASSERT_EQUAL(dec.hdr.seq, T_SEQ);
	CU_ASSERT_EQUAL(dec.hdr.msg_len, len);
	CU_ASSERT_EQUAL(dec.n_unknown + dec.n_vendor, 0);
	CU_ASSERT_EQUAL(pfcp_msg_encode(&dec, again, sizeof(again), &len2),
			PFCP_OK);
	CU_ASSERT_EQUAL(len2, len);
	CU_ASSERT(memcmp(buf, again, len) == 0);
}

static void
test_pfcpgen_assoc_req(void)
{
	size_t len = 0;

	CU_ASSERT_EQUAL_FATAL(pfcpgen_assoc_req(&ctx, T_SEQ, true, buf,
						sizeof(buf), &len), PFCP_OK);
	decode_built(len);
	CU_ASSERT_EQUAL(dec.hdr.type, PFCP_MSG_ASSOC_SETUP_REQ);
	CU_ASSERT_FALSE(dec.hdr.has_seid);
	CU_ASSERT_EQUAL(dec.node_id.type, PFCP_NODE_ID_IPV4);
	CU_ASSERT(memcmp(dec.node_id.v4, cp_v4, 4) == 0);
	CU_ASSERT_EQUAL(dec.recovery_ts, ctx.recovery_ts);
	CU_ASSERT(dec.present & PFCP_F_CP_FEATURES);
	CU_ASSERT_EQUAL_FATAL(pfcpgen_assoc_req(&ctx, T_SEQ, false, buf,
						sizeof(buf), &len), PFCP_OK);
	decode_built(len);
	CU_ASSERT_FALSE(dec.present & PFCP_F_CP_FEATURES);
}

/* The Open5GS v2.7 SMF shape (tests/unit/control/pfcp's sample). */
static void
test_pfcpgen_est_req_open5gs_shape(void)
{
	const struct pfcp_pdr *p = dec.create_pdr;
	const struct pfcp_far *f = dec.create_far;
	static const char rs[] = "permit out 58 from ff02::2/128 to assigned";
	const uint8_t ue[4] = { 10, 64, 0, 1 + T_IDX };
	size_t len = 0;

	CU_ASSERT_EQUAL_FATAL(pfcpgen_est_req(&ctx, T_IDX, T_SEQ, buf,
					      sizeof(buf), &len), PFCP_OK);
	decode_built(len);
	CU_ASSERT_EQUAL(dec.hdr.type, PFCP_MSG_SESS_EST_REQ);
	CU_ASSERT(dec.hdr.has_seid);
	CU_ASSERT_EQUAL(dec.hdr.seid, 0);
	CU_ASSERT(memcmp(dec.node_id.v4, cp_v4, 4) == 0);
	CU_ASSERT_EQUAL(dec.fseid.seid, ctx.cp_seid_base + T_IDX);
	CU_ASSERT_EQUAL(dec.fseid.flags, PFCP_FSEID_V4);
	CU_ASSERT(memcmp(dec.fseid.v4, cp_v4, 4) == 0);
	CU_ASSERT_EQUAL_FATAL(dec.n_create_pdr, 4);
	CU_ASSERT_EQUAL_FATAL(dec.n_create_far, 4);
	/* downlink: Core, UE address, buffered with a BAR until a gNB */
	CU_ASSERT_EQUAL(p[0].pdr_id, PFCPGEN_PDR_DL);
	CU_ASSERT_EQUAL(p[0].pdi.src_iface, PFCP_IFACE_CORE);
	CU_ASSERT_EQUAL(p[0].pdi.ue_ip.flags, PFCP_UEIP_V4 | PFCP_UEIP_SD);
	CU_ASSERT(memcmp(p[0].pdi.ue_ip.v4, ue, 4) == 0);
	CU_ASSERT_EQUAL(p[0].far_id, 1);
	CU_ASSERT_EQUAL(f[0].apply_action, PFCP_AA_BUFF | PFCP_AA_NOCP);
	CU_ASSERT(f[0].present & PFCP_FAR_BAR_ID);
	CU_ASSERT_EQUAL(f[0].bar_id, dec.bar.id);
	CU_ASSERT(dec.present & PFCP_F_BAR);
	/* uplink and UP->CP: one F-TEID chosen by the user plane */
	CU_ASSERT_EQUAL(p[1].pdi.src_iface, PFCP_IFACE_ACCESS);
	CU_ASSERT_EQUAL(p[1].pdi.fteid.flags,
			PFCP_FTEID_CH | PFCP_FTEID_CHID | PFCP_FTEID_V4);
	CU_ASSERT_EQUAL(p[1].pdi.fteid.choose_id, PFCPGEN_CHOOSE_ID);
	CU_ASSERT(p[1].present & PFCP_PDR_OHR);
	CU_ASSERT_EQUAL(p[1].ohr_desc, PFCP_OHR_GTPU_UDP_IPV4);
	CU_ASSERT_EQUAL(p[1].pdi.n_sdf, 0);
	CU_ASSERT_EQUAL(f[1].apply_action, PFCP_AA_FORW);
	CU_ASSERT_EQUAL(f[1].fwd.dst_iface, PFCP_IFACE_CORE);
	CU_ASSERT_EQUAL(p[2].pdi.src_iface, PFCP_IFACE_ACCESS);
	CU_ASSERT_EQUAL(p[2].pdi.fteid.choose_id, PFCPGEN_CHOOSE_ID);
	CU_ASSERT_EQUAL_FATAL(p[2].pdi.n_sdf, 1);
	CU_ASSERT_EQUAL(p[2].pdi.sdf[0].fd.len, strlen(rs));
	CU_ASSERT(memcmp(p[2].pdi.sdf[0].fd.p, rs, strlen(rs)) == 0);
	CU_ASSERT_EQUAL(f[2].fwd.dst_iface, PFCP_IFACE_CP_FUNCTION);
	CU_ASSERT(f[2].fwd.present & PFCP_FWD_OHC);
	CU_ASSERT_EQUAL(f[2].fwd.ohc.desc, PFCP_OHC_GTPU_V4);
	CU_ASSERT(memcmp(f[2].fwd.ohc.v4, cp_v4, 4) == 0);
	/* CP->UP: from the CP function, forwarded to Access */
	CU_ASSERT_EQUAL(p[3].pdi.src_iface, PFCP_IFACE_CP_FUNCTION);
	CU_ASSERT_FALSE(p[3].pdi.present & PFCP_PDI_NET_INST);
	CU_ASSERT_EQUAL(f[3].apply_action, PFCP_AA_FORW);
	CU_ASSERT_EQUAL(f[3].fwd.dst_iface, PFCP_IFACE_ACCESS);
	CU_ASSERT_EQUAL(dec.n_create_qer, 1);
	CU_ASSERT_EQUAL(dec.create_qer[0].id, 1);
	CU_ASSERT_EQUAL(p[0].qer_id[0], 1);
	CU_ASSERT_EQUAL(dec.pdn_type, 1);
}

static void
test_pfcpgen_mod_del_hb(void)
{
	const struct pfcp_far *f = &dec.update_far[0];
	size_t len = 0;

	CU_ASSERT_EQUAL_FATAL(pfcpgen_mod_req(&ctx, T_IDX, T_UP_SEID, T_SEQ,
					      buf, sizeof(buf), &len),
			      PFCP_OK);
	decode_built(len);
	CU_ASSERT_EQUAL(dec.hdr.type, PFCP_MSG_SESS_MOD_REQ);
	CU_ASSERT_EQUAL(dec.hdr.seid, T_UP_SEID);
	CU_ASSERT_EQUAL_FATAL(dec.n_update_far, 1);
	CU_ASSERT_EQUAL(dec.n_create_pdr + dec.n_update_pdr, 0);
	CU_ASSERT_EQUAL(f->far_id, PFCPGEN_PDR_DL);
	CU_ASSERT_EQUAL(f->apply_action, PFCP_AA_FORW);
	CU_ASSERT(f->fwd.present & PFCP_FWD_OHC);
	CU_ASSERT_EQUAL(f->fwd.ohc.desc, PFCP_OHC_GTPU_V4);
	CU_ASSERT_EQUAL(f->fwd.ohc.teid, ctx.gnb_teid_base + T_IDX);
	CU_ASSERT(memcmp(f->fwd.ohc.v4, gnb_v4, 4) == 0);

	CU_ASSERT_EQUAL_FATAL(pfcpgen_del_req(&ctx, T_UP_SEID, T_SEQ, buf,
					      sizeof(buf), &len), PFCP_OK);
	decode_built(len);
	CU_ASSERT_EQUAL(dec.hdr.type, PFCP_MSG_SESS_DEL_REQ);
	CU_ASSERT_EQUAL(dec.hdr.seid, T_UP_SEID);
	CU_ASSERT_EQUAL(len, PFCP_HDR_SESS_LEN);

	CU_ASSERT_EQUAL_FATAL(pfcpgen_hb_resp(&ctx, T_SEQ, buf, sizeof(buf),
					      &len), PFCP_OK);
	decode_built(len);
	CU_ASSERT_EQUAL(dec.hdr.type, PFCP_MSG_HEARTBEAT_RESP);
	CU_ASSERT_EQUAL(dec.recovery_ts, ctx.recovery_ts);
}

/* Every builder refuses a buffer too small instead of overrunning it. */
static void
test_pfcpgen_no_space(void)
{
	size_t len = 0;

	CU_ASSERT_EQUAL(pfcpgen_est_req(&ctx, 0, T_SEQ, buf, 64, &len),
			PFCP_E_NOSPACE);
	CU_ASSERT_EQUAL(pfcpgen_mod_req(&ctx, 0, 1, T_SEQ, buf, 20, &len),
			PFCP_E_NOSPACE);
	CU_ASSERT_EQUAL(pfcpgen_del_req(&ctx, 1, T_SEQ, buf, 8, &len),
			PFCP_E_NOSPACE);
}

static void
assoc_resp(uint8_t cause, uint8_t feat0)
{
	pfcp_msg_init(&resp, PFCP_MSG_ASSOC_SETUP_RESP, 0, T_SEQ);
	resp.present = PFCP_F_CAUSE | PFCP_F_NODE_ID | PFCP_F_RECOVERY_TS |
		       PFCP_F_UP_FEATURES;
	resp.cause = cause;
	resp.node_id.type = PFCP_NODE_ID_IPV4;
	resp.up_features_len = 2;
	resp.up_features[0] = feat0;
}

static void
test_pfcpgen_assoc_check(void)
{
	assoc_resp(PFCP_CAUSE_ACCEPTED, PFCP_UPF_F5_FTUP);
	CU_ASSERT_EQUAL(pfcpgen_assoc_check(&resp), PFCPGEN_ACCEPTED);
	assoc_resp(PFCP_CAUSE_ACCEPTED, 0);
	CU_ASSERT_EQUAL(pfcpgen_assoc_check(&resp), PFCPGEN_BAD);
	assoc_resp(PFCP_CAUSE_ACCEPTED, PFCP_UPF_F5_FTUP);
	resp.present &= ~PFCP_F_UP_FEATURES;
	CU_ASSERT_EQUAL(pfcpgen_assoc_check(&resp), PFCPGEN_BAD);
	assoc_resp(PFCP_CAUSE_REJECTED, PFCP_UPF_F5_FTUP);
	CU_ASSERT_EQUAL(pfcpgen_assoc_check(&resp), PFCPGEN_REFUSED);
}

/* An Establishment Response as the spec'd server writes it, via bytes. */
static void
est_resp(uint8_t cause, uint64_t hdr_seid, unsigned int n_created,
	 uint32_t teid2)
{
	size_t len = 0;
	unsigned int i;

	pfcp_msg_init(&resp, PFCP_MSG_SESS_EST_RESP, hdr_seid, T_SEQ);
	resp.present = PFCP_F_CAUSE | PFCP_F_NODE_ID | PFCP_F_FSEID;
	resp.cause = cause;
	resp.node_id.type = PFCP_NODE_ID_IPV4;
	resp.fseid.flags = PFCP_FSEID_V4;
	resp.fseid.seid = T_UP_SEID;
	for (i = 0; i < n_created; i++) {
		struct pfcp_created_pdr *c = &resp.created_pdr[i];

		c->pdr_id = (uint16_t)(PFCPGEN_PDR_UL + i);
		c->has_fteid = true;
		c->fteid.flags = PFCP_FTEID_V4;
		c->fteid.teid = i == 0 ? T_TEID : teid2;
		memcpy(c->fteid.v4, acc_v4, 4);
	}
	resp.n_created_pdr = (uint8_t)n_created;
	CU_ASSERT_EQUAL_FATAL(pfcp_msg_encode(&resp, buf, sizeof(buf), &len),
			      PFCP_OK);
	CU_ASSERT_EQUAL_FATAL(pfcp_msg_decode(buf, len, &dec, NULL), PFCP_OK);
}

static void
test_pfcpgen_est_check(void)
{
	uint64_t seid = pfcpgen_cp_seid(&ctx, T_IDX);
	struct pfcpgen_est_result res;

	memset(&res, 0, sizeof(res));
	est_resp(PFCP_CAUSE_ACCEPTED, seid, 2, T_TEID);
	CU_ASSERT_EQUAL(pfcpgen_est_check(&ctx, T_IDX, &dec, &res),
			PFCPGEN_ACCEPTED);
	CU_ASSERT_EQUAL(res.up_seid, T_UP_SEID);
	CU_ASSERT_EQUAL(res.ul_teid, T_TEID);
	CU_ASSERT(memcmp(res.ul_v4, acc_v4, 4) == 0);
	/* another session's SEID in the header */
	CU_ASSERT_EQUAL(pfcpgen_est_check(&ctx, T_IDX + 1, &dec, &res),
			PFCPGEN_BAD);
	/* one CHOOSE ID, two F-TEIDs */
	est_resp(PFCP_CAUSE_ACCEPTED, seid, 2, T_TEID + 1);
	CU_ASSERT_EQUAL(pfcpgen_est_check(&ctx, T_IDX, &dec, &res),
			PFCPGEN_BAD);
	/* the UP->CP PDR has no Created PDR */
	est_resp(PFCP_CAUSE_ACCEPTED, seid, 1, T_TEID);
	CU_ASSERT_EQUAL(pfcpgen_est_check(&ctx, T_IDX, &dec, &res),
			PFCPGEN_BAD);
	/* no UP F-SEID */
	est_resp(PFCP_CAUSE_ACCEPTED, seid, 2, T_TEID);
	dec.present &= ~PFCP_F_FSEID;
	CU_ASSERT_EQUAL(pfcpgen_est_check(&ctx, T_IDX, &dec, &res),
			PFCPGEN_BAD);
	est_resp(PFCP_CAUSE_NO_ASSOCIATION, seid, 0, 0);
	CU_ASSERT_EQUAL(pfcpgen_est_check(&ctx, T_IDX, &dec, &res),
			PFCPGEN_REFUSED);
	CU_ASSERT_EQUAL(dec.cause, PFCP_CAUSE_NO_ASSOCIATION);
}

static void
test_pfcpgen_cause_check(void)
{
	pfcp_msg_init(&resp, PFCP_MSG_SESS_DEL_RESP,
		      pfcpgen_cp_seid(&ctx, T_IDX), T_SEQ);
	resp.present = PFCP_F_CAUSE;
	resp.cause = PFCP_CAUSE_ACCEPTED;
	CU_ASSERT_EQUAL(pfcpgen_cause_check(&ctx, T_IDX, &resp),
			PFCPGEN_ACCEPTED);
	CU_ASSERT_EQUAL(pfcpgen_cause_check(&ctx, 0, &resp), PFCPGEN_BAD);
	resp.cause = PFCP_CAUSE_SESS_NOT_FOUND;
	resp.hdr.seid = 0;
	CU_ASSERT_EQUAL(pfcpgen_cause_check(&ctx, T_IDX, &resp),
			PFCPGEN_REFUSED);
}

static void
test_pfcpgen_percentiles(void)
{
	struct pfcpgen_phase_stats s;
	struct pfcpgen_lat_summary sum;
	uint32_t one = 5, i;

	memset(&s, 0, sizeof(s));
	CU_ASSERT_EQUAL(pfcpgen_percentile(NULL, 0, 500000), 0);
	CU_ASSERT_EQUAL(pfcpgen_percentile(&one, 1, 990000), 5);
	for (i = 100; i >= 1; i--)
		pfcpgen_stats_lat(&s, (uint64_t)i * 1000 + 999);
	CU_ASSERT_EQUAL(s.n_lat, 100);
	pfcpgen_stats_summary(&s, &sum);
	CU_ASSERT_EQUAL(sum.p50, 50);
	CU_ASSERT_EQUAL(sum.p99, 99);
	CU_ASSERT_EQUAL(sum.max, 100);
	pfcpgen_stats_free(&s);
	CU_ASSERT_STRING_EQUAL(pfcpgen_phase_name(PFCPGEN_PH_EST), "est");
	CU_ASSERT_STRING_EQUAL(pfcpgen_phase_name(PFCPGEN_PH_MAX), "unknown");
}

/* Parse a NULL-terminated list of arguments after the program name. */
static int
parse(struct pfcpgen_opts *o, char *err, const char *a0, const char *a1,
      const char *a2, const char *a3)
{
	char *argv[6] = { (char *)"srpgw-pfcpgen", (char *)a0, (char *)a1,
			  (char *)a2, (char *)a3, NULL };
	int argc = 1;

	while (argc < 5 && argv[argc] != NULL)
		argc++;
	return pfcpgen_args_parse(o, argc, argv, err, 256);
}

static void
test_pfcpgen_args(void)
{
	struct pfcpgen_opts o;
	char err[256];
	uint32_t be;

	CU_ASSERT_EQUAL(parse(&o, err, "--server", "10.96.0.1", NULL, NULL),
			0);
	CU_ASSERT_EQUAL(o.server_port, PFCP_UDP_PORT);
	CU_ASSERT_EQUAL(o.sessions, 1000);
	CU_ASSERT(o.phase[PFCPGEN_PH_EST] && o.phase[PFCPGEN_PH_DEL]);
	inet_pton(AF_INET, "10.96.0.1", &be);
	CU_ASSERT_EQUAL(o.server_v4, be);
	CU_ASSERT_EQUAL(parse(&o, err, "--server=127.0.0.1:9999",
			      "--phases=est,del", "--ue-pool=10.1.0.0/16",
			      "--sessions=65536"), 0);
	CU_ASSERT_EQUAL(o.server_port, 9999);
	CU_ASSERT(o.phase[PFCPGEN_PH_EST] && !o.phase[PFCPGEN_PH_MOD] &&
		  o.phase[PFCPGEN_PH_DEL]);
	CU_ASSERT_EQUAL(o.ue_base, 0x0a010000);

	/* each refusal names the option */
	CU_ASSERT(parse(&o, err, "--sessions", "10", NULL, NULL) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--server"));
	CU_ASSERT(parse(&o, err, "--server", "10.0.0.300", NULL, NULL) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--server"));
	CU_ASSERT(parse(&o, err, "--server", "1.2.3.4:0", NULL, NULL) < 0);
	CU_ASSERT(parse(&o, err, "--server=1.2.3.4", "--sessions=0", NULL,
			NULL) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--sessions"));
	CU_ASSERT(parse(&o, err, "--server=1.2.3.4", "--sessions=-1", NULL,
			NULL) < 0);
	CU_ASSERT(parse(&o, err, "--server=1.2.3.4", "--window=0", NULL,
			NULL) < 0);
	CU_ASSERT(parse(&o, err, "--server=1.2.3.4", "--rate=x", NULL,
			NULL) < 0);
	CU_ASSERT(parse(&o, err, "--server=1.2.3.4", "--phases=del,est",
			NULL, NULL) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--phases"));
	CU_ASSERT(parse(&o, err, "--server=1.2.3.4", "--phases=est,", NULL,
			NULL) < 0);
	CU_ASSERT(parse(&o, err, "--server=1.2.3.4", "--phases=foo", NULL,
			NULL) < 0);
	CU_ASSERT(parse(&o, err, "--server=1.2.3.4", "--ue-pool=10.1.0.1/24",
			"--sessions=300", NULL) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--ue-pool"));
	CU_ASSERT(parse(&o, err, "--server=1.2.3.4",
			"--ue-pool=255.255.255.0", "--sessions=300", NULL) < 0);
	CU_ASSERT(parse(&o, err, "--server=1.2.3.4", "--bogus", NULL,
			NULL) < 0);
	CU_ASSERT(parse(&o, err, "--server=1.2.3.4", "extra", NULL, NULL) <
		  0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "extra"));
}

static CU_TestInfo pfcpgen_tests[] = {
	{ "assoc_req", test_pfcpgen_assoc_req },
	{ "est_req_open5gs_shape", test_pfcpgen_est_req_open5gs_shape },
	{ "mod_del_hb", test_pfcpgen_mod_del_hb },
	{ "no_space", test_pfcpgen_no_space },
	{ "assoc_check", test_pfcpgen_assoc_check },
	{ "est_check", test_pfcpgen_est_check },
	{ "cause_check", test_pfcpgen_cause_check },
	{ "percentiles", test_pfcpgen_percentiles },
	{ "args", test_pfcpgen_args },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "pfcpgen", ctx_init, NULL, NULL, NULL, pfcpgen_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
