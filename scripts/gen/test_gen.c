/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of srpgw-gen's pure parts: sequence accounting, latency
 * histogram, frame builders and marker lookup, ARP building, parsing and
 * learning decisions. Context: test main thread.
 */
#include <errno.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "gen_arp.h"
#include "gen_pkt.h"
#include "gen_stats.h"
#include "gtpu_build.h"

static struct gen_dir_stats st;

static void
stats_reset(struct gen_flow *f)
{
	memset(&st, 0, sizeof(st));
	memset(f, 0, sizeof(*f));
}

static void
test_gen_flow_in_order(void)
{
	struct gen_flow f;
	uint64_t s;

	stats_reset(&f);
	for (s = 0; s < 200; s++)
		gen_flow_rx(&st, &f, s);
	gen_flow_finish(&st, &f, 200);
	CU_ASSERT_EQUAL(st.received, 200);
	CU_ASSERT_EQUAL(st.unique, 200);
	CU_ASSERT_EQUAL(st.reordered, 0);
	CU_ASSERT_EQUAL(st.duplicated, 0);
	CU_ASSERT_EQUAL(st.max_lost_run, 0);
}

static void
test_gen_flow_lost_run(void)
{
	struct gen_flow f;
	uint64_t s;

	stats_reset(&f);
	for (s = 0; s < 100; s++)
		if (s < 10 || s >= 15)
			if (s != 40)
				gen_flow_rx(&st, &f, s);
	gen_flow_finish(&st, &f, 100);
	CU_ASSERT_EQUAL(st.unique, 94);
	CU_ASSERT_EQUAL(st.max_lost_run, 5);
	CU_ASSERT_EQUAL(st.reordered, 0);
}

static void
test_gen_flow_jump_beyond_window(void)
{
	struct gen_flow f;

	stats_reset(&f);
	gen_flow_rx(&st, &f, 0);
	gen_flow_rx(&st, &f, 1000);
	gen_flow_rx(&st, &f, 1001);
	gen_flow_finish(&st, &f, 1002);
	CU_ASSERT_EQUAL(st.unique, 3);
	CU_ASSERT_EQUAL(st.max_lost_run, 999);
}

static void
test_gen_flow_tail_loss(void)
{
	struct gen_flow f;
	uint64_t s;

	stats_reset(&f);
	for (s = 0; s < 10; s++)
		gen_flow_rx(&st, &f, s);
	gen_flow_finish(&st, &f, 30);
	CU_ASSERT_EQUAL(st.max_lost_run, 20);
}

static void
test_gen_flow_head_loss(void)
{
	struct gen_flow f;

	stats_reset(&f);
	gen_flow_rx(&st, &f, 3);
	gen_flow_finish(&st, &f, 4);
	CU_ASSERT_EQUAL(st.max_lost_run, 3);
	CU_ASSERT_EQUAL(st.reordered, 0);
}

static void
test_gen_flow_reorder_and_dup(void)
{
	struct gen_flow f;

	stats_reset(&f);
	gen_flow_rx(&st, &f, 0);
	gen_flow_rx(&st, &f, 2);
	gen_flow_rx(&st, &f, 1);	/* late but inside the window */
	gen_flow_rx(&st, &f, 1);	/* duplicate */
	gen_flow_rx(&st, &f, 2);	/* duplicate of the newest */
	gen_flow_finish(&st, &f, 3);
	CU_ASSERT_EQUAL(st.received, 5);
	CU_ASSERT_EQUAL(st.unique, 3);
	CU_ASSERT_EQUAL(st.reordered, 1);
	CU_ASSERT_EQUAL(st.duplicated, 2);
	CU_ASSERT_EQUAL(st.late, 0);
	/* A gap later filled inside the window is not a loss. */
	CU_ASSERT_EQUAL(st.max_lost_run, 0);
}

static void
test_gen_flow_late_beyond_window(void)
{
	struct gen_flow f;

	stats_reset(&f);
	gen_flow_rx(&st, &f, 0);
	gen_flow_rx(&st, &f, GEN_WIN_BITS + 10);
	gen_flow_rx(&st, &f, 5);
	CU_ASSERT_EQUAL(st.late, 1);
	CU_ASSERT_EQUAL(st.reordered, 1);
	CU_ASSERT_EQUAL(st.unique, 3);
	CU_ASSERT_EQUAL(st.duplicated, 0);
}

static void
test_gen_hist_bounds(void)
{
	uint64_t v[] = { 0, 1, 63, 64, 65, 127, 128, 1000, 123456789,
			 UINT64_C(1) << 40, UINT64_MAX };
	unsigned int i, idx, prev = 0;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		idx = gen_hist_idx(v[i]);
		CU_ASSERT(idx < GEN_HIST_N);
		CU_ASSERT(gen_hist_low(idx) <= v[i]);
		if (idx + 1 < GEN_HIST_N)
			CU_ASSERT(v[i] < gen_hist_low(idx + 1));
		CU_ASSERT(idx >= prev);
		prev = idx;
	}
	/* Relative bucket width stays under 1/GEN_HIST_SUB. */
	idx = gen_hist_idx(1000000);
	CU_ASSERT((gen_hist_low(idx + 1) - gen_hist_low(idx)) * GEN_HIST_SUB <=
		  gen_hist_low(idx));
}

static void
test_gen_hist_quantiles(void)
{
	uint64_t v;

	memset(&st, 0, sizeof(st));
	CU_ASSERT_EQUAL(gen_hist_quantile(&st, 500000), 0);
	for (v = 1; v <= 1000; v++)
		gen_dir_rx_time(&st, 1000 + v * 10, v * 100);
	CU_ASSERT_EQUAL(st.lat_min, 100);
	CU_ASSERT_EQUAL(st.lat_max, 100000);
	/* Bucket lower bounds: within 1/64 below the exact value. */
	v = gen_hist_quantile(&st, 500000);
	CU_ASSERT(v <= 50000 && v >= 50000 - 50000 / 64);
	v = gen_hist_quantile(&st, 990000);
	CU_ASSERT(v <= 99000 && v >= 99000 - 99000 / 64);
	CU_ASSERT_EQUAL(gen_hist_quantile(&st, 1000000), gen_hist_low(
		gen_hist_idx(100000)));
	CU_ASSERT_EQUAL(st.max_gap_tsc, 10);
}

static void
test_gen_rx_time_gap(void)
{
	memset(&st, 0, sizeof(st));
	gen_dir_rx_time(&st, 100, 1);
	gen_dir_rx_time(&st, 110, 1);
	gen_dir_rx_time(&st, 5110, 1);
	gen_dir_rx_time(&st, 5120, 1);
	CU_ASSERT_EQUAL(st.max_gap_tsc, 5000);
	CU_ASSERT_EQUAL(st.max_gap_end_tsc, 5110);
}

static struct gen_pkt_cfg
cfg_make(uint8_t outer_af, uint8_t inner_af, uint16_t len)
{
	struct gen_pkt_cfg c;

	memset(&c, 0, sizeof(c));
	c.outer_af = outer_af;
	c.inner_af = inner_af;
	c.inner_len = len;
	c.ue_port = 5000;
	c.srv_port = 6000;
	memset(c.access_gw_mac, 0xaa, 6);
	memset(c.core_gw_mac, 0xcc, 6);
	c.access_addr[0] = 192;
	c.gw_addr[0] = 193;
	c.srv_addr[0] = 203;
	if (outer_af == 6) {
		c.access_addr[0] = 0x20;
		c.gw_addr[0] = 0x20;
		c.gw_addr[15] = 1;
	}
	if (inner_af == 6)
		c.srv_addr[15] = 7;
	return c;
}

static void
test_gen_pkt_cfg_check_sizes(void)
{
	struct gen_pkt_cfg c = cfg_make(4, 6, 64);

	CU_ASSERT_EQUAL(gen_pkt_cfg_check(&c), 0);
	c.inner_len = 63;
	CU_ASSERT_NOT_EQUAL(gen_pkt_cfg_check(&c), 0);
	c.inner_len = 1501;
	CU_ASSERT_NOT_EQUAL(gen_pkt_cfg_check(&c), 0);
	c.inner_len = 1500;
	c.outer_af = 5;
	CU_ASSERT_NOT_EQUAL(gen_pkt_cfg_check(&c), 0);
}

/* Uplink frame, decapsulated by hand, must yield its marker on the core side. */
static void
ul_roundtrip(uint8_t outer_af, uint8_t inner_af, uint16_t len)
{
	struct gen_pkt_cfg c = cfg_make(outer_af, inner_af, len);
	struct gen_mark m = { .flow = 7, .seq = 123456, .tsc = 0xabcdef012345 };
	struct gen_mark got;
	uint8_t frame[GEN_FRAME_MAX], dec[GEN_FRAME_MAX], ue[16] = { 10, 0, 0, 8 };
	unsigned int hl = (unsigned int)gtpu_encap_hdr_len(outer_af, false);
	int n;

	if (inner_af == 6)
		ue[15] = 1;
	n = gen_pkt_build_ul(frame, &c, ue, 77, &m);
	CU_ASSERT_EQUAL(n, (int)gen_pkt_ul_len(&c));
	CU_ASSERT_EQUAL(n, 14 + (int)hl + len);
	/* Outer: GTP-U G-PDU with our TEID. */
	CU_ASSERT_EQUAL(frame[14 + hl - 7], 0xff);
	CU_ASSERT_EQUAL(frame[14 + hl - 1], 77);
	memcpy(dec, frame, 12);
	dec[12] = inner_af == 4 ? 0x08 : 0x86;
	dec[13] = inner_af == 4 ? 0x00 : 0xdd;
	memcpy(dec + 14, frame + 14 + hl, len);
	memset(&got, 0, sizeof(got));
	CU_ASSERT_EQUAL(gen_pkt_parse_core(dec, 14u + len, &c, &got), 0);
	CU_ASSERT_EQUAL(got.flow, m.flow);
	CU_ASSERT_EQUAL(got.seq, m.seq);
	CU_ASSERT_EQUAL(got.tsc, m.tsc);
	if (inner_af == 4)
		CU_ASSERT_EQUAL(gtpu_ipv4_cksum(dec + 14, 20),
				(uint16_t)(dec[24] << 8 | dec[25]));
	/* A truncated frame or a changed magic is not ours. */
	CU_ASSERT_EQUAL(gen_pkt_parse_core(dec, 14u + len - 1, &c, &got),
			-ENOENT);
	dec[14 + (inner_af == 4 ? 28 : 48)] ^= 1;
	CU_ASSERT_EQUAL(gen_pkt_parse_core(dec, 14u + len, &c, &got), -ENOENT);
}

static void
test_gen_pkt_ul_roundtrip(void)
{
	ul_roundtrip(4, 4, 64);
	ul_roundtrip(6, 4, 1500);
	ul_roundtrip(4, 6, 64);
	ul_roundtrip(6, 6, 200);
}

/* Downlink frame, encapsulated by hand, must yield its marker on the access side. */
static void
dl_roundtrip(uint8_t outer_af, uint8_t inner_af, uint16_t len)
{
	struct gen_pkt_cfg c = cfg_make(outer_af, inner_af, len);
	struct gen_mark m = { .flow = 9 | GEN_FLOW_DL, .seq = 5, .tsc = 42 };
	struct gtpu_encap_params p;
	struct gen_mark got;
	uint32_t teid = 0;
	uint8_t frame[GEN_FRAME_MAX], ue[16] = { 10, 0, 0, 9 };
	/* Room for the PDU Session Container the generator never builds. */
	uint8_t enc[GEN_FRAME_MAX + GTPU_ENCAP_GTP_QFI_LEN];
	int n, hl;

	n = gen_pkt_build_dl(frame, &c, ue, &m);
	CU_ASSERT_EQUAL(n, 14 + len);
	memset(&p, 0, sizeof(p));
	p.teid = 1234;
	p.udp_sport = 50000;
	p.outer_af = outer_af;
	p.has_qfi = true;
	p.qfi = 9;
	memcpy(p.src, c.gw_addr, 16);
	memcpy(p.dst, c.access_addr, 16);
	hl = gtpu_encap_build(enc + 14, &p, len);
	CU_ASSERT_FATAL(hl > 0);
	memcpy(enc, frame, 12);
	enc[12] = outer_af == 4 ? 0x08 : 0x86;
	enc[13] = outer_af == 4 ? 0x00 : 0xdd;
	memcpy(enc + 14 + hl, frame + 14, len);
	memset(&got, 0, sizeof(got));
	CU_ASSERT_EQUAL(gen_pkt_parse_access(enc, 14u + (uint32_t)hl + len, &c,
					     &got, &teid), 0);
	CU_ASSERT_EQUAL(teid, 1234);
	CU_ASSERT_EQUAL(got.flow, m.flow);
	CU_ASSERT_EQUAL(got.seq, m.seq);
	CU_ASSERT_EQUAL(got.tsc, m.tsc);
	/* The plain downlink frame itself is not a G-PDU. */
	CU_ASSERT_EQUAL(gen_pkt_parse_access(frame, (uint32_t)n, &c, &got,
					     &teid), -ENOENT);
}

static void
test_gen_pkt_dl_roundtrip(void)
{
	dl_roundtrip(4, 4, 64);
	dl_roundtrip(6, 6, 1500);
	dl_roundtrip(6, 4, 100);
}

static void
test_gen_pkt_udp6_cksum_valid(void)
{
	struct gen_pkt_cfg c = cfg_make(4, 6, 300);
	struct gen_mark m = { .flow = 1, .seq = 2, .tsc = 3 };
	uint8_t frame[GEN_FRAME_MAX], ue[16] = { 0x20, 1, 0xd, 0xb8 };
	uint16_t stored;
	uint8_t *ip;

	ue[15] = 1;
	gen_pkt_build_dl(frame, &c, ue, &m);
	ip = frame + 14;
	stored = (uint16_t)(ip[46] << 8 | ip[47]);
	ip[46] = ip[47] = 0;
	CU_ASSERT_NOT_EQUAL(stored, 0);
	CU_ASSERT_EQUAL(stored, gtpu_udp_cksum(6, ip + 8, ip + 24, ip + 40,
					       300 - 40));
}

static const uint8_t gw_ip[4] = { 192, 0, 2, 1 };
static const uint8_t own_ip[4] = { 192, 0, 2, 20 };
static const uint8_t gw_mac[6] = { 0x02, 0, 0, 0, 0xa1, 0x01 };
static const uint8_t own_mac[6] = { 0x02, 0, 0, 0, 0xaa, 0x02 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static struct gen_arp_msg
arp_make(uint16_t op, const uint8_t *sha, const uint8_t *spa,
	 const uint8_t *tpa)
{
	struct gen_arp_msg a;

	memset(&a, 0, sizeof(a));
	a.op = op;
	memcpy(a.sha, sha, 6);
	memcpy(a.spa, spa, 4);
	memcpy(a.tpa, tpa, 4);
	return a;
}

static void
test_gen_arp_build_parse(void)
{
	struct gen_arp_msg a = arp_make(GEN_ARP_OP_REQUEST, own_mac, own_ip,
					gw_ip), b;
	uint8_t f[GEN_ARP_FRAME_LEN + 4];

	CU_ASSERT_EQUAL(gen_arp_build(f, bcast, &a), GEN_ARP_FRAME_LEN);
	CU_ASSERT_EQUAL(memcmp(f, bcast, 6), 0);
	CU_ASSERT_EQUAL(memcmp(f + 6, own_mac, 6), 0);
	CU_ASSERT_EQUAL(f[12], 0x08);
	CU_ASSERT_EQUAL(f[13], 0x06);
	CU_ASSERT_EQUAL(f[20], 0);
	CU_ASSERT_EQUAL(f[21], 1);		/* request */
	CU_ASSERT_EQUAL(f[GEN_ARP_FRAME_LEN - 1], 0);	/* padding */
	memset(&b, 0x55, sizeof(b));
	CU_ASSERT_EQUAL(gen_arp_parse(f, GEN_ARP_FRAME_LEN, &b), 0);
	CU_ASSERT_EQUAL(b.op, GEN_ARP_OP_REQUEST);
	CU_ASSERT_EQUAL(memcmp(b.sha, own_mac, 6), 0);
	CU_ASSERT_EQUAL(memcmp(b.spa, own_ip, 4), 0);
	CU_ASSERT_EQUAL(memcmp(b.tpa, gw_ip, 4), 0);
	/* The same behind an 802.1Q tag. */
	memmove(f + 16, f + 12, GEN_ARP_FRAME_LEN - 12);
	f[12] = 0x81;
	f[13] = 0x00;
	f[14] = 0;
	f[15] = 7;
	CU_ASSERT_EQUAL(gen_arp_parse(f, GEN_ARP_FRAME_LEN + 4, &b), 0);
	CU_ASSERT_EQUAL(memcmp(b.tpa, gw_ip, 4), 0);
}

static void
test_gen_arp_parse_rejects(void)
{
	struct gen_arp_msg a = arp_make(GEN_ARP_OP_REPLY, gw_mac, gw_ip,
					own_ip), b;
	uint8_t f[GEN_ARP_FRAME_LEN];

	gen_arp_build(f, own_mac, &a);
	CU_ASSERT_EQUAL(gen_arp_parse(f, 13, &b), -ENOENT);
	CU_ASSERT_EQUAL(gen_arp_parse(f, 14 + 27, &b), -EINVAL); /* truncated */
	f[21] = 3;					/* RARP op */
	CU_ASSERT_EQUAL(gen_arp_parse(f, sizeof(f), &b), -EINVAL);
	f[21] = 2;
	f[19] = 16;					/* plen 16 */
	CU_ASSERT_EQUAL(gen_arp_parse(f, sizeof(f), &b), -EINVAL);
	f[19] = 4;
	f[15] = 6;					/* htype 6 */
	CU_ASSERT_EQUAL(gen_arp_parse(f, sizeof(f), &b), -EINVAL);
	f[15] = 1;
	CU_ASSERT_EQUAL(gen_arp_parse(f, sizeof(f), &b), 0);
	f[13] = 0x00;					/* IPv4, not ARP */
	CU_ASSERT_EQUAL(gen_arp_parse(f, sizeof(f), &b), -ENOENT);
}

static void
test_gen_arp_binds(void)
{
	static const uint8_t other[4] = { 192, 0, 2, 2 };
	static const uint8_t zero_mac[6];
	struct gen_arp_msg a;

	a = arp_make(GEN_ARP_OP_REPLY, gw_mac, gw_ip, own_ip);
	CU_ASSERT_TRUE(gen_arp_binds(&a, gw_ip));
	CU_ASSERT_FALSE(gen_arp_binds(&a, other));
	/* Gratuitous ARP, as a request and as a reply. */
	a = arp_make(GEN_ARP_OP_REQUEST, gw_mac, gw_ip, gw_ip);
	CU_ASSERT_TRUE(gen_arp_binds(&a, gw_ip));
	a.op = GEN_ARP_OP_REPLY;
	CU_ASSERT_TRUE(gen_arp_binds(&a, gw_ip));
	/* An ordinary request from the gateway is not a binding we take. */
	a = arp_make(GEN_ARP_OP_REQUEST, gw_mac, gw_ip, own_ip);
	CU_ASSERT_FALSE(gen_arp_binds(&a, gw_ip));
	/* A broadcast or zero sender MAC never binds. */
	a = arp_make(GEN_ARP_OP_REPLY, bcast, gw_ip, own_ip);
	CU_ASSERT_FALSE(gen_arp_binds(&a, gw_ip));
	a = arp_make(GEN_ARP_OP_REPLY, zero_mac, gw_ip, own_ip);
	CU_ASSERT_FALSE(gen_arp_binds(&a, gw_ip));
}

static void
test_gen_arp_asks(void)
{
	static const uint8_t other[4] = { 192, 0, 2, 30 };
	struct gen_arp_msg a;

	a = arp_make(GEN_ARP_OP_REQUEST, gw_mac, gw_ip, own_ip);
	CU_ASSERT_TRUE(gen_arp_asks(&a, own_ip));
	CU_ASSERT_FALSE(gen_arp_asks(&a, gw_ip));
	/* A request for another station's address. */
	a = arp_make(GEN_ARP_OP_REQUEST, gw_mac, gw_ip, other);
	CU_ASSERT_FALSE(gen_arp_asks(&a, own_ip));
	a = arp_make(GEN_ARP_OP_REQUEST, gw_mac, gw_ip, own_ip);
	a.op = GEN_ARP_OP_REPLY;
	CU_ASSERT_FALSE(gen_arp_asks(&a, own_ip));
	/* Our own announcement, or a request from a broadcast MAC: no. */
	a = arp_make(GEN_ARP_OP_REQUEST, own_mac, own_ip, own_ip);
	CU_ASSERT_FALSE(gen_arp_asks(&a, own_ip));
	a = arp_make(GEN_ARP_OP_REQUEST, bcast, gw_ip, own_ip);
	CU_ASSERT_FALSE(gen_arp_asks(&a, own_ip));
}

static void
test_gen_mac_pack(void)
{
	static const uint8_t zero_mac[6];
	uint8_t m[6] = { 1, 2, 3, 4, 5, 6 };
	uint64_t v = gen_mac_pack(gw_mac);

	CU_ASSERT_NOT_EQUAL(v, 0);
	CU_ASSERT_NOT_EQUAL(gen_mac_pack(zero_mac), 0);
	CU_ASSERT_NOT_EQUAL(gen_mac_pack(gw_mac), gen_mac_pack(own_mac));
	CU_ASSERT_EQUAL(gen_mac_unpack(v, m), 0);
	CU_ASSERT_EQUAL(memcmp(m, gw_mac, 6), 0);
	CU_ASSERT_EQUAL(gen_mac_unpack(0, m), -ENOENT);
	CU_ASSERT_EQUAL(memcmp(m, gw_mac, 6), 0);	/* untouched */
}

static void
test_gen_flows_count(void)
{
	struct gen_flow f[4];
	uint64_t silent, after;

	memset(f, 0, sizeof(f));
	/* k = 10 over 4 flows: the first packets at or after it are flow 2
	 * seq 2 (k 10), flow 3 seq 2 (11), flow 0 seq 3 (12), flow 1 seq 3.
	 */
	f[0].next = 4;		/* got seq 3: after */
	f[1].next = 3;		/* highest seq 2: before only */
	f[2].next = 3;		/* got seq 2: after */
	f[3].next = 0;		/* nothing */
	gen_flows_count(f, 4, 10, &silent, &after);
	CU_ASSERT_EQUAL(silent, 1);
	CU_ASSERT_EQUAL(after, 2);
	/* No change (k 0): every flow that received anything. */
	gen_flows_count(f, 4, 0, &silent, &after);
	CU_ASSERT_EQUAL(silent, 1);
	CU_ASSERT_EQUAL(after, 3);
	/* k below the flow index: from sequence 0 on. */
	gen_flows_count(f, 4, 1, &silent, &after);
	CU_ASSERT_EQUAL(after, 3);
	f[0].next = 1;		/* flow 0 only got seq 0, k 1 is flow 1 */
	gen_flows_count(f, 4, 1, &silent, &after);
	CU_ASSERT_EQUAL(after, 2);
}

static CU_TestInfo gen_arp_tests[] = {
	{ "test_gen_arp_build_parse", test_gen_arp_build_parse },
	{ "test_gen_arp_parse_rejects", test_gen_arp_parse_rejects },
	{ "test_gen_arp_binds", test_gen_arp_binds },
	{ "test_gen_arp_asks", test_gen_arp_asks },
	{ "test_gen_mac_pack", test_gen_mac_pack },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo gen_stats_tests[] = {
	{ "test_gen_flow_in_order", test_gen_flow_in_order },
	{ "test_gen_flow_lost_run", test_gen_flow_lost_run },
	{ "test_gen_flow_jump_beyond_window", test_gen_flow_jump_beyond_window },
	{ "test_gen_flow_tail_loss", test_gen_flow_tail_loss },
	{ "test_gen_flow_head_loss", test_gen_flow_head_loss },
	{ "test_gen_flow_reorder_and_dup", test_gen_flow_reorder_and_dup },
	{ "test_gen_flow_late_beyond_window", test_gen_flow_late_beyond_window },
	{ "test_gen_hist_bounds", test_gen_hist_bounds },
	{ "test_gen_hist_quantiles", test_gen_hist_quantiles },
	{ "test_gen_rx_time_gap", test_gen_rx_time_gap },
	{ "test_gen_flows_count", test_gen_flows_count },
	CU_TEST_INFO_NULL,
};

static CU_TestInfo gen_pkt_tests[] = {
	{ "test_gen_pkt_cfg_check_sizes", test_gen_pkt_cfg_check_sizes },
	{ "test_gen_pkt_ul_roundtrip", test_gen_pkt_ul_roundtrip },
	{ "test_gen_pkt_dl_roundtrip", test_gen_pkt_dl_roundtrip },
	{ "test_gen_pkt_udp6_cksum_valid", test_gen_pkt_udp6_cksum_valid },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo gen_suites[] = {
	{ "gen_stats", NULL, NULL, NULL, NULL, gen_stats_tests },
	{ "gen_pkt", NULL, NULL, NULL, NULL, gen_pkt_tests },
	{ "gen_arp", NULL, NULL, NULL, NULL, gen_arp_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	unsigned int n_fail;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	if (CU_register_suites(gen_suites) != CUE_SUCCESS) {
		CU_cleanup_registry();
		return 1;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	n_fail = CU_get_number_of_failures();
	CU_cleanup_registry();
	return n_fail > 0 ? 1 : 0;
}
