/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixture shared by the forwarding-path unit tests (test_dp_fwd,
 * test_dp_harden): a two-port configuration on net_ring ports, packet
 * builders independent of the code under test, and the harness that hands
 * frames to the (not launched) worker and runs the slow path. Test code
 * only, run from the test thread; include once per test executable.
 */
#ifndef UT_FWD_H
#define UT_FWD_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_common.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "conf/ctl_conf.h"
#include "net/ctl_fwd.h"
#include "net/ctl_nbr.h"
#include "net/ctl_punt.h"
#include "dp_fwd.h"
#include "dp_lcore.h"
#include "dp_lifecycle.h"
#include "dp_msg.h"
#include "dp_port.h"
#include "dp_stats.h"
#include "sess_table.h"
#include "ut_eal.h"
#include "ut_ring.h"
#include "ut_run.h"

#define RING_ACC	"ETH_RXTX0_net_ring0"
#define RING_CORE	"ETH_RXTX0_net_ring1"
#define P_ACC		0
#define P_CORE		1
#define MAXPKT		2048

static __rte_unused const char test_conf[] =
	"config\n"
	"  context access\n"
	"    interface s1u loopback\n"
	"      ip address 198.51.100.10/32\n"
	"      ipv6 address 2001:db8:a::10/128\n"
	"    #exit\n"
	"    interface access-port\n"
	"      ip address 198.51.100.1 255.255.255.0\n"
	"      ipv6 address 2001:db8:a:1::1/64\n"
	"    #exit\n"
	"    ip arp 198.51.100.20 02:00:00:00:01:20\n"
	"    ipv6 neighbor 2001:db8:a:1::20 02:00:00:00:01:21\n"
	"  #exit\n"
	"  context core\n"
	"    interface sgi\n"
	"      ip address 203.0.113.1/24\n"
	"      ipv6 address 2001:db8:c::1/64\n"
	"    #exit\n"
	"    ip route 0.0.0.0 0.0.0.0 203.0.113.254 sgi\n"
	"    ip arp 203.0.113.254 02:00:00:00:02:fe\n"
	"    ipv6 route ::/0 2001:db8:c::fe sgi\n"
	"    ipv6 neighbor 2001:db8:c::fe 02:00:00:00:02:fd\n"
	"  #exit\n"
	"  port ethernet 1/1\n"
	"    dpdk-device net_ring0\n"
	"    role access\n"
	"    bind interface access-port access\n"
	"    no shutdown\n"
	"  #exit\n"
	"  port ethernet 1/2\n"
	"    dpdk-device net_ring1\n"
	"    role core\n"
	"    bind interface sgi core\n"
	"    no shutdown\n"
	"  #exit\n"
	"  dataplane\n"
	"    max-sessions 1024\n"
	"    mbufs 4095\n"
	"    rx-descriptors 256\n"
	"    tx-descriptors 256\n"
	"  #exit\n"
	"end\n";

static __rte_unused const uint8_t ENB4[4] = { 198, 51, 100, 20 };
static __rte_unused const uint8_t ENB4_UNRES[4] = { 198, 51, 100, 30 };
static __rte_unused const uint8_t GW4[4] = { 198, 51, 100, 10 };
static __rte_unused const uint8_t ACC4[4] = { 198, 51, 100, 1 };
static __rte_unused const uint8_t ENB6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x0a, 0, 1,
				  [15] = 0x20 };
static __rte_unused const uint8_t GW6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x0a,
				 [15] = 0x10 };
static __rte_unused const uint8_t ACC6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x0a, 0, 1,
				  [15] = 0x01 };
static __rte_unused const uint8_t UE4_A[4] = { 10, 64, 0, 5 };
static __rte_unused const uint8_t UE4_B[4] = { 10, 64, 0, 6 };
static __rte_unused const uint8_t UE4_C[4] = { 10, 64, 0, 7 };
static __rte_unused const uint8_t UE4_V[4] = { 10, 64, 0, 8 };
static __rte_unused const uint8_t UE6_A[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x64, 0, 5 };
static __rte_unused const uint8_t UE6_A_HOST[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x64, 0, 5,
					[14] = 0xab, [15] = 0xcd };
static __rte_unused const uint8_t SRV4[4] = { 192, 0, 2, 99 };
static __rte_unused const uint8_t SRV6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x99,
				  [15] = 1 };
static __rte_unused const uint8_t MAC_ENB4[6] = { 2, 0, 0, 0, 1, 0x20 };
static __rte_unused const uint8_t MAC_ENB6[6] = { 2, 0, 0, 0, 1, 0x21 };
static __rte_unused const uint8_t MAC_RTR4[6] = { 2, 0, 0, 0, 2, 0xfe };
static __rte_unused const uint8_t MAC_RTR6[6] = { 2, 0, 0, 0, 2, 0xfd };
static __rte_unused const uint8_t MAC_ENB_UNRES[6] = { 2, 0, 0, 0, 1, 0x30 };

#define TEID_A		0x100
#define TEID_A_R	0x200
#define TEID_B		0x101
#define TEID_B_R	0x201
#define TEID_C		0x102
#define TEID_C_R	0x202
#define TEID_V		0x103	/* VoLTE session (added by its test) */
#define TEID_V_R	0x203

static __rte_unused unsigned int test_worker;
static __rte_unused struct ctl_conf *test_cc;
static __rte_unused int setup_ret = -1;
static __rte_unused uint8_t mac_acc[6];
static __rte_unused uint8_t mac_core[6];
static __rte_unused uint32_t slot_a;
static __rte_unused uint32_t slot_b;

/*
 * Packet construction (independent of the code under test).
 */

static inline uint32_t
ck_add(uint32_t s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static inline uint16_t
ck_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static inline void
w16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline size_t
put_eth(uint8_t *b, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
	memcpy(b, dst, 6);
	memcpy(b + 6, src, 6);
	w16(b + 12, type);
	return 14;
}

static inline size_t
put_ip4(uint8_t *b, const uint8_t *src, const uint8_t *dst, uint8_t proto,
	uint8_t ttl, uint16_t payload_len, uint16_t frag)
{
	memset(b, 0, 20);
	b[0] = 0x45;
	w16(b + 2, (uint16_t)(20 + payload_len));
	w16(b + 6, frag);
	b[8] = ttl;
	b[9] = proto;
	memcpy(b + 12, src, 4);
	memcpy(b + 16, dst, 4);
	w16(b + 10, ck_fold(ck_add(0, b, 20)));
	return 20;
}

static inline size_t
put_ip6(uint8_t *b, const uint8_t *src, const uint8_t *dst, uint8_t nxt,
	uint8_t hop, uint16_t payload_len)
{
	memset(b, 0, 40);
	b[0] = 0x60;
	w16(b + 4, payload_len);
	b[6] = nxt;
	b[7] = hop;
	memcpy(b + 8, src, 16);
	memcpy(b + 24, dst, 16);
	return 40;
}

/* L4 checksum over an IPv6 pseudo header; @ck_off: offset of the field. */
static inline void
ip6_l4_cksum(uint8_t *ip6, size_t ck_off)
{
	uint16_t len = (uint16_t)(ip6[4] << 8 | ip6[5]);
	uint32_t s = 0;
	uint16_t c;

	w16(ip6 + 40 + ck_off, 0);
	s = ck_add(s, ip6 + 8, 32);
	s += len + ip6[6];
	s = ck_add(s, ip6 + 40, len);
	c = ck_fold(s);
	if (c == 0 && ip6[6] == 17)
		c = 0xffff;
	w16(ip6 + 40 + ck_off, c);
}

/* Inner UDP packet (v4 or v6) with a 12-byte payload. */
static inline size_t
put_inner(uint8_t *b, uint8_t af, const uint8_t *src, const uint8_t *dst,
	  uint8_t ttl)
{
	size_t l3 = af == 4 ? put_ip4(b, src, dst, 17, ttl, 20, 0) :
			      put_ip6(b, src, dst, 17, ttl, 20);
	uint8_t *u = b + l3;

	w16(u, 1234);
	w16(u + 2, 80);
	w16(u + 4, 20);
	w16(u + 6, 0);
	memcpy(u + 8, "hello, world", 12);
	if (af == 6)
		ip6_l4_cksum(b, 6);
	return l3 + 20;
}

/* GTP-U G-PDU header; with @qfi >= 0 an UL/DL PDU Session Container. */
static inline size_t
put_gtp(uint8_t *b, uint8_t type, uint32_t teid, uint16_t payload_len,
	int qfi, uint8_t pdu_type)
{
	size_t n = 8;

	b[0] = qfi >= 0 ? 0x34 : 0x30;
	b[1] = type;
	b[4] = (uint8_t)(teid >> 24);
	b[5] = (uint8_t)(teid >> 16);
	b[6] = (uint8_t)(teid >> 8);
	b[7] = (uint8_t)teid;
	if (qfi >= 0) {
		memcpy(b + 8, (const uint8_t[]){ 0, 0, 0, 0x85, 1,
						 (uint8_t)(pdu_type << 4),
						 (uint8_t)qfi, 0 }, 8);
		n = 16;
	}
	w16(b + 2, (uint16_t)(n - 8 + payload_len));
	return n;
}

/* Outer eth + IP + UDP + GTP-U + payload; returns total length. */
static inline size_t
put_gtpu_frame(uint8_t *b, const uint8_t *dmac, const uint8_t *smac,
	       uint8_t af, const uint8_t *src, const uint8_t *dst,
	       uint16_t sport, const uint8_t *gtp, size_t gtp_len)
{
	size_t off = put_eth(b, dmac, smac, af == 4 ? 0x0800 : 0x86dd);
	size_t ipo = off;
	uint8_t *u;

	off += af == 4 ? put_ip4(b + off, src, dst, 17, 64,
				 (uint16_t)(8 + gtp_len), 0x4000) :
			 put_ip6(b + off, src, dst, 17, 64,
				 (uint16_t)(8 + gtp_len));
	u = b + off;
	w16(u, sport);
	w16(u + 2, 2152);
	w16(u + 4, (uint16_t)(8 + gtp_len));
	w16(u + 6, 0);
	memcpy(u + 8, gtp, gtp_len);
	if (af == 6)
		ip6_l4_cksum(b + ipo, 6);
	return off + 8 + gtp_len;
}

/*
 * Harness.
 */

static inline struct dp_lcore *
wl(void)
{
	return dp_lcore_get(test_worker);
}

static inline void
inject(uint16_t port, const uint8_t *bytes, size_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(dp_mbuf_pool());
	uint8_t *d;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	d = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	memcpy(d, bytes, len);
	dp_lcore_handle_burst(wl(), port, &m, 1);
	dp_lcore_tx_flush(wl());
}

/* Take one frame off @ring into @out; returns its length or 0. */
static inline size_t
take(const char *ring, uint8_t *out)
{
	struct rte_ring *r = rte_ring_lookup(ring);
	struct rte_mbuf *m;
	void *obj;
	size_t len;

	if (r == NULL || rte_ring_dequeue(r, &obj) != 0)
		return 0;
	m = obj;
	len = rte_pktmbuf_pkt_len(m);
	if (len > MAXPKT)
		len = MAXPKT;
	memcpy(out, rte_pktmbuf_mtod(m, const uint8_t *), len);
	rte_pktmbuf_free(m);
	return len;
}

/* Run the slow path: punt ring -> handler -> tx ring -> worker -> port. */
static inline unsigned int
slow_path(void)
{
	unsigned int n = ctl_punt_poll(CTL_PUNT_BUDGET);

	dp_msg_tx_poll(wl());
	dp_lcore_tx_flush(wl());
	return n;
}

static inline uint64_t
cnt(enum dp_cnt c)
{
	return dp_stats_read(&dp_stats_lcore[test_worker].cnt[c]);
}

static inline uint64_t
drops(enum dp_drop_reason r)
{
	return dp_stats_read(&dp_stats_lcore[test_worker].drop[r]);
}

static inline void
expect_frame(const char *ring, const uint8_t *want, size_t want_len)
{
	uint8_t got[MAXPKT];
	size_t len = take(ring, got);
	size_t i;

	CU_ASSERT_EQUAL(len, want_len);
	if (len == want_len && memcmp(got, want, len) != 0) {
		for (i = 0; i < len && got[i] == want[i]; i++)
			;
		fprintf(stderr, "\nframe differs at byte %zu: got %02x want "
			"%02x\n", i, got[i], want[i]);
		CU_FAIL("frame differs");
	}
}

static inline int
session_add(uint32_t tl, uint32_t tr, uint8_t af, const uint8_t *peer,
	    const uint8_t *ue4, const uint8_t *ue6, int qfi, uint32_t *slot)
{
	struct sess_params p;
	const struct sess *s;
	int ret;

	memset(&p, 0, sizeof(p));
	p.teid_local = tl;
	p.teid_remote = tr;
	p.peer_af = af;
	memcpy(p.peer_addr, peer, af == 4 ? 4 : 16);
	if (ue4 != NULL) {
		p.has_ue4 = true;
		memcpy(p.ue4, ue4, 4);
	}
	if (ue6 != NULL) {
		p.has_ue6 = true;
		memcpy(p.ue6, ue6, 16);
	}
	if (qfi >= 0) {
		p.has_qfi = true;
		p.qfi = (uint8_t)qfi;
	}
	ret = ctl_nbr_peer_get(af, peer, &p.nh_id);
	if (ret != 0)
		return ret;
	ret = sess_table_add(dp_sess_table(), &p);
	if (ret != 0)
		return ret;
	s = sess_table_lookup_teid(dp_sess_table(), tl);
	if (s == NULL)
		return -ENOENT;
	if (slot != NULL)
		*slot = s->slot;
	return 0;
}

static inline int
suite_init(void)
{
	struct dp_conf dpc;
	char err[CTL_ERR_LEN];
	int ret;

	test_cc = calloc(1, sizeof(*test_cc));
	if (test_cc == NULL)
		return -1;
	ret = ctl_conf_parse(test_conf, "test", test_cc, err, sizeof(err));
	if (ret != 0) {
		fprintf(stderr, "config: %s\n", err);
		return -1;
	}
	ctl_conf_to_dp(test_cc, &dpc);
	ret = dp_init(&dpc);
	if (ret != 0) {
		fprintf(stderr, "dp_init: %s\n", strerror(-ret));
		return -1;
	}
	ret = ctl_fwd_build(test_cc, err, sizeof(err));
	if (ret != 0) {
		fprintf(stderr, "ctl_fwd_build: %s\n", err);
		return -1;
	}
	if (dp_port_mac_get(P_ACC, mac_acc) != 0 ||
	    dp_port_mac_get(P_CORE, mac_core) != 0)
		return -1;
	ctl_punt_reset();
	ret = session_add(TEID_A, TEID_A_R, 4, ENB4, UE4_A, UE6_A, -1, &slot_a);
	if (ret == 0)
		ret = session_add(TEID_B, TEID_B_R, 6, ENB6, UE4_B, NULL, 9,
				  &slot_b);
	if (ret == 0)
		ret = session_add(TEID_C, TEID_C_R, 4, ENB4_UNRES, UE4_C, NULL,
				  -1, NULL);
	if (ret != 0) {
		fprintf(stderr, "session_add: %s\n", strerror(-ret));
		return -1;
	}
	setup_ret = 0;
	return 0;
}

static inline int
suite_fini(void)
{
	dp_shutdown();
	free(test_cc);
	return 0;
}

/*
 * After @n frames that each asked for a reply limited to @rate per second
 * (counters @sent and @supp, read as @s0 and @q0 before): at least @rate
 * sent (a little refill may happen meanwhile), some suppressed, none lost.
 */
static inline void
ut_fwd_expect_rate_limited(enum ctl_punt_cnt sent, enum ctl_punt_cnt supp,
			   uint64_t s0, uint64_t q0, unsigned int rate,
			   unsigned int n)
{
	CU_ASSERT_TRUE(ctl_punt_cnt(sent) - s0 >= rate);
	CU_ASSERT_TRUE(ctl_punt_cnt(supp) - q0 >= 1);
	CU_ASSERT_EQUAL(ctl_punt_cnt(sent) + ctl_punt_cnt(supp) - s0 - q0, n);
}

/*
 * Body of main(): EAL with the two net_ring ports (file prefix @prefix),
 * one worker lcore for the fixture, then the CUnit @suites.
 * @return the process exit status
 */
static inline int
ut_fwd_main(char *argv0, const char *prefix, CU_SuiteInfo *suites)
{
	char *eal_args[] = {
		"-l", "0,1", "--no-huge", "-m", "256", "--no-pci",
		"--vdev=net_ring0", "--vdev=net_ring1",
		"--log-level=lib.eal:warning", NULL,
	};
	int ret;

	if (ut_eal_init(argv0, prefix, eal_args) < 0)
		return 1;
	test_worker = rte_get_next_lcore(-1, 1, 0);
	if (test_worker >= RTE_MAX_LCORE) {
		fprintf(stderr, "need one worker lcore\n");
		ut_eal_cleanup();
		return 1;
	}
	ret = ut_run(suites);
	ut_eal_cleanup();
	return ret;
}

#endif /* UT_FWD_H */
