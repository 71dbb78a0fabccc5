/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CUnit tests (suite "eal") of the data-path hardening: decapsulated
 * packets never leave through an access port, uplink source checks,
 * neighbour learning limits, punt priorities and the downlink MTU check.
 * Frames go to the (not launched) worker from the test thread through the
 * support/ut_fwd.h fixture. Context: test main thread.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "core/ctl_loop.h"
#include "gtpu_fwd.h"
#include "support/ut_eal.h"
#include "support/ut_fwd.h"
#include "support/ut_run.h"

/* Uplink G-PDU of @teid from outer @osrc (family @oaf) carrying an inner
 * UDP packet @isrc -> @idst (family @iaf) into @frame; @return its length. */
static size_t
ul_frame(uint8_t *frame, uint32_t teid, uint8_t oaf, const uint8_t *osrc,
	 uint8_t iaf, const uint8_t *isrc, const uint8_t *idst)
{
	uint8_t gtp[256];
	size_t il, gl;

	il = put_inner(gtp + 8, iaf, isrc, idst, 64);
	gl = put_gtp(gtp, 255, teid, (uint16_t)il, -1, 0);
	return put_gtpu_frame(frame, mac_acc, oaf == 4 ? MAC_ENB4 : MAC_ENB6,
			      oaf, osrc, oaf == 4 ? GW4 : GW6, 40000, gtp,
			      gl + il);
}

/* Nothing left on either port nor on the punt ring. */
static void
expect_quiet(void)
{
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 0);
	CU_ASSERT_EQUAL(ut_ring_count(RING_CORE), 0);
	CU_ASSERT_EQUAL(dp_msg_ring_count(0, true), 0);
}

/*
 * Item: a decapsulated packet is never routed back to the access side,
 * neither to a resolved neighbour there (an eNodeB: GTP-in-GTP) nor to an
 * unresolved on-link address (no neighbour entry is made for it).
 */
static void
test_dp_harden_uplink_to_access_dropped(void)
{
	static const uint8_t other4[4] = { 198, 51, 100, 77 };
	static const uint8_t other6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x0a,
					    0, 1, [15] = 0x77 };
	uint8_t frame[MAXPKT];
	uint64_t d0 = drops(DP_DROP_UL_TO_ACCESS);
	uint64_t ul0 = cnt(DP_CNT_GPDU_UL);
	uint16_t id;
	size_t fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	fl = ul_frame(frame, TEID_A, 4, ENB4, 4, UE4_A, ENB4);
	inject(P_ACC, frame, fl);
	expect_quiet();
	fl = ul_frame(frame, TEID_A, 4, ENB4, 4, UE4_A, other4);
	inject(P_ACC, frame, fl);
	expect_quiet();
	fl = ul_frame(frame, TEID_A, 4, ENB4, 6, UE6_A_HOST, ENB6);
	inject(P_ACC, frame, fl);
	expect_quiet();
	fl = ul_frame(frame, TEID_A, 4, ENB4, 6, UE6_A_HOST, other6);
	inject(P_ACC, frame, fl);
	expect_quiet();
	CU_ASSERT_EQUAL(drops(DP_DROP_UL_TO_ACCESS) - d0, 4);
	CU_ASSERT_EQUAL(cnt(DP_CNT_GPDU_UL), ul0);
	CU_ASSERT_EQUAL(dp_fwd_nh_lookup(4, other4, &id), -ENOENT);
	CU_ASSERT_EQUAL(dp_fwd_nh_lookup(6, other6, &id), -ENOENT);
	/* The core side still works. */
	fl = ul_frame(frame, TEID_A, 4, ENB4, 4, UE4_A, SRV4);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(ut_ring_drain(RING_CORE), 1);
}

/* Item: the outer source must be the session's peer. */
static void
test_dp_harden_uplink_peer_source_checked(void)
{
	static const uint8_t rogue4[4] = { 198, 51, 100, 21 };
	uint8_t frame[MAXPKT];
	uint64_t d0 = drops(DP_DROP_UL_PEER_SRC);
	size_t fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	/* Session A's peer is ENB4: another eNodeB cannot use its TEID. */
	fl = ul_frame(frame, TEID_A, 4, rogue4, 4, UE4_A, SRV4);
	inject(P_ACC, frame, fl);
	expect_quiet();
	/* Session B's peer is IPv6: the same TEID over IPv4 is refused. */
	fl = ul_frame(frame, TEID_B, 4, ENB4, 4, UE4_B, SRV4);
	inject(P_ACC, frame, fl);
	expect_quiet();
	CU_ASSERT_EQUAL(drops(DP_DROP_UL_PEER_SRC) - d0, 2);
	fl = ul_frame(frame, TEID_B, 6, ENB6, 4, UE4_B, SRV4);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(ut_ring_drain(RING_CORE), 1);
}

/* Item: the inner source must be the UE address or within its prefix. */
static void
test_dp_harden_uplink_ue_source_checked(void)
{
	static const uint8_t out6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x64, 0,
					  6, [15] = 1 };
	uint8_t frame[MAXPKT];
	uint64_t d0 = drops(DP_DROP_UL_UE_SRC);
	size_t fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	/* Another UE's address through session A. */
	fl = ul_frame(frame, TEID_A, 4, ENB4, 4, UE4_B, SRV4);
	inject(P_ACC, frame, fl);
	expect_quiet();
	/* An IPv6 source outside session A's /64. */
	fl = ul_frame(frame, TEID_A, 4, ENB4, 6, out6, SRV6);
	inject(P_ACC, frame, fl);
	expect_quiet();
	/* Session B has no IPv6 address at all. */
	fl = ul_frame(frame, TEID_B, 6, ENB6, 6, UE6_A_HOST, SRV6);
	inject(P_ACC, frame, fl);
	expect_quiet();
	CU_ASSERT_EQUAL(drops(DP_DROP_UL_UE_SRC) - d0, 3);
	/* Any host of the prefix is the UE's. */
	fl = ul_frame(frame, TEID_A, 4, ENB4, 6, UE6_A_HOST, SRV6);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(ut_ring_drain(RING_CORE), 1);
}

/* "no source-check" (published in the forwarding state) lets both pass. */
static void
test_dp_harden_source_check_off_forwards(void)
{
	static const uint8_t rogue4[4] = { 198, 51, 100, 21 };
	struct dp_fwd_state *st;
	uint8_t frame[MAXPKT];
	char err[256];
	uint64_t p0 = drops(DP_DROP_UL_PEER_SRC);
	uint64_t u0 = drops(DP_DROP_UL_UE_SRC);
	size_t fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	CU_ASSERT_TRUE(dp_fwd_state_get()->src_check);
	st = dp_fwd_state_clone(dp_fwd_state_get());
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	st->src_check = false;
	dp_fwd_publish(st);
	fl = ul_frame(frame, TEID_A, 4, rogue4, 4, UE4_B, SRV4);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(ut_ring_drain(RING_CORE), 1);
	CU_ASSERT_EQUAL(drops(DP_DROP_UL_PEER_SRC), p0);
	CU_ASSERT_EQUAL(drops(DP_DROP_UL_UE_SRC), u0);
	/* A rebuild from the configuration (source-check by default) turns
	 * the checks back on. */
	CU_ASSERT_EQUAL_FATAL(ctl_fwd_build(test_cc, err, sizeof(err)), 0);
	CU_ASSERT_TRUE(dp_fwd_state_get()->src_check);
	inject(P_ACC, frame, fl);
	expect_quiet();
	CU_ASSERT_EQUAL(drops(DP_DROP_UL_PEER_SRC) - p0, 1);
}

/* ARP reply for @sip (MAC @smac, Ethernet source @esrc) to ACC4. */
static size_t
arp_reply_frame(uint8_t *frame, const uint8_t *dmac, const uint8_t *esrc,
		const uint8_t *smac, const uint8_t *sip)
{
	size_t fl = put_eth(frame, dmac, esrc, 0x0806);

	memcpy(frame + fl, (const uint8_t[]){ 0, 1, 8, 0, 6, 4, 0, 2 }, 8);
	memcpy(frame + fl + 8, smac, 6);
	memcpy(frame + fl + 14, sip, 4);
	memcpy(frame + fl + 18, dmac, 6);
	memcpy(frame + fl + 24, ACC4, 4);
	return fl + 28;
}

/* Unsolicited neighbour advertisement of @target with target link-layer
 * address @ll (Ethernet source @esrc) to all nodes. */
static size_t
na_frame(uint8_t *frame, const uint8_t *esrc, const uint8_t *target,
	 const uint8_t *ll)
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };
	static const uint8_t all_nodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	size_t fl = put_eth(frame, all_nodes_mac, esrc, 0x86dd);
	size_t ipo = fl;

	fl += put_ip6(frame + fl, target, all_nodes, 58, 255, 32);
	memset(frame + fl, 0, 32);
	frame[fl] = 136;
	frame[fl + 4] = 0x20;	/* override, not solicited */
	memcpy(frame + fl + 8, target, 16);
	frame[fl + 24] = 2;
	frame[fl + 25] = 1;
	memcpy(frame + fl + 26, ll, 6);
	ip6_l4_cksum(frame + ipo, 2);
	return fl + 32;
}

static bool
nh_valid(uint8_t af, const uint8_t *addr)
{
	struct ctl_nbr_info info;
	uint16_t id;

	return dp_fwd_nh_lookup(af, addr, &id) == 0 &&
	       ctl_nbr_info_get(id, &info) == 0 && info.valid;
}

/*
 * Item: ARP learning only from the neighbour's port and subnet; broadcast,
 * multicast and zero MACs refused and counted.
 */
static void
test_dp_harden_arp_learning_restricted(void)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
	static const uint8_t zero[6];
	uint8_t frame[MAXPKT];
	uint64_t b0 = ctl_punt_cnt(CTL_PUNT_BAD_SRC_MAC);
	uint64_t w0 = ctl_punt_cnt(CTL_PUNT_NH_WRONG_PORT);
	uint64_t l0 = ctl_punt_cnt(CTL_PUNT_NH_LEARNT);
	size_t fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	/* Session C's peer is incomplete until an acceptable answer. */
	CU_ASSERT_FALSE_FATAL(nh_valid(4, ENB4_UNRES));
	fl = arp_reply_frame(frame, mac_acc, MAC_ENB_UNRES, bcast, ENB4_UNRES);
	inject(P_ACC, frame, fl);
	fl = arp_reply_frame(frame, mac_acc, MAC_ENB_UNRES, mcast, ENB4_UNRES);
	inject(P_ACC, frame, fl);
	fl = arp_reply_frame(frame, mac_acc, MAC_ENB_UNRES, zero, ENB4_UNRES);
	inject(P_ACC, frame, fl);
	fl = arp_reply_frame(frame, mac_acc, mcast, MAC_ENB_UNRES, ENB4_UNRES);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(slow_path(), 4);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_BAD_SRC_MAC) - b0, 4);
	CU_ASSERT_FALSE(nh_valid(4, ENB4_UNRES));
	/* The right MAC from the wrong side (the core port). */
	fl = arp_reply_frame(frame, mac_core, MAC_ENB_UNRES, MAC_ENB_UNRES,
			     ENB4_UNRES);
	inject(P_CORE, frame, fl);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_NH_WRONG_PORT) - w0, 1);
	CU_ASSERT_FALSE(nh_valid(4, ENB4_UNRES));
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_NH_LEARNT), l0);
	/* From its own port and subnet it is learnt. */
	fl = arp_reply_frame(frame, mac_acc, MAC_ENB_UNRES, MAC_ENB_UNRES,
			     ENB4_UNRES);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_NH_LEARNT) - l0, 1);
	CU_ASSERT_TRUE(nh_valid(4, ENB4_UNRES));
	expect_quiet();
}

/* Item: the same for NA (target link-layer address option). */
static void
test_dp_harden_nd_learning_restricted(void)
{
	static const uint8_t host6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x0a,
					   0, 1, [15] = 0x40 };
	static const uint8_t host_mac[6] = { 2, 0, 0, 0, 1, 0x40 };
	static const uint8_t mcast6[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	uint8_t frame[MAXPKT];
	uint64_t b0 = ctl_punt_cnt(CTL_PUNT_BAD_SRC_MAC);
	uint64_t w0 = ctl_punt_cnt(CTL_PUNT_NH_WRONG_PORT);
	size_t fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	CU_ASSERT_EQUAL_FATAL(ctl_nbr_demand(6, host6, ctl_loop_now_ms()), 0);
	fl = na_frame(frame, host_mac, host6, mcast6);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_BAD_SRC_MAC) - b0, 1);
	CU_ASSERT_FALSE(nh_valid(6, host6));
	fl = na_frame(frame, host_mac, host6, host_mac);
	inject(P_CORE, frame, fl);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_NH_WRONG_PORT) - w0, 1);
	CU_ASSERT_FALSE(nh_valid(6, host6));
	fl = na_frame(frame, host_mac, host6, host_mac);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_TRUE(nh_valid(6, host6));
	expect_quiet();
}

/* Core-side frame of an IP packet @src -> @dst (family @af) of @total
 * bytes (UDP, zero payload) into @frame; @return the frame length. */
static size_t
big_frame(uint8_t *frame, uint8_t af, const uint8_t *src, const uint8_t *dst,
	  uint16_t total)
{
	size_t fl = put_eth(frame, mac_core, af == 4 ? MAC_RTR4 : MAC_RTR6,
			    af == 4 ? 0x0800 : 0x86dd);
	uint16_t hl = af == 4 ? 20 : 40;
	uint8_t *u = frame + fl + hl;

	memset(frame + fl, 0, total);
	if (af == 4)
		put_ip4(frame + fl, src, dst, 17, 64, (uint16_t)(total - hl), 0);
	else
		put_ip6(frame + fl, src, dst, 17, 64, (uint16_t)(total - hl));
	w16(u, 1234);
	w16(u + 2, 5001);
	w16(u + 4, (uint16_t)(total - hl));
	if (af == 6)
		ip6_l4_cksum(frame + fl, 6);
	return fl + total;
}

/* Forwarding state with the access port's MTU set to @mtu. */
static void
access_mtu_set(uint16_t mtu)
{
	struct dp_fwd_state *st = dp_fwd_state_clone(dp_fwd_state_get());

	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	st->ports[P_ACC].mtu = mtu;
	dp_fwd_publish(st);
}

/*
 * Independent decode of an ICMP error with scapy (Debian's python3): the
 * frame @f must be ICMP type 3 code 4 with next-hop MTU @mtu (IPv4) or
 * ICMPv6 Packet Too Big with MTU @mtu, with correct checksums, quoting
 * a packet to @quoted_dst. @return 0 ok, 1 wrong, -1 scapy unavailable.
 */
static int
scapy_check_too_big(const uint8_t *f, size_t len, unsigned int mtu,
		    const char *quoted_dst)
{
	static const char prog[] =
		"import sys\n"
		"from scapy.all import Ether, IP, ICMP, IPv6, "
		"ICMPv6PacketTooBig, IPerror, IPerror6\n"
		"p = Ether(bytes.fromhex(sys.argv[1]))\n"
		"mtu, dst = int(sys.argv[2]), sys.argv[3]\n"
		"if IP in p:\n"
		"    i = p[ICMP]\n"
		"    ok = (i.type == 3 and i.code == 4 and "
		"i.nexthopmtu == mtu and p[IPerror].dst == dst)\n"
		"    c = p[IP].copy(); c.chksum = None; c[ICMP].chksum = None\n"
		"    r = IP(bytes(c))\n"
		"    ok = ok and r.chksum == p[IP].chksum and "
		"r[ICMP].chksum == i.chksum\n"
		"else:\n"
		"    i = p[ICMPv6PacketTooBig]\n"
		"    ok = i.mtu == mtu and p[IPerror6].dst == dst\n"
		"    c = p[IPv6].copy(); c[ICMPv6PacketTooBig].cksum = None\n"
		"    ok = ok and IPv6(bytes(c))[ICMPv6PacketTooBig].cksum == "
		"i.cksum\n"
		"sys.exit(0 if ok else 1)\n";
	char cmd[16384];
	char path[64];
	size_t n;
	size_t i;
	FILE *pf;
	int st;

	if (access("/usr/bin/python3", X_OK) != 0 || 2 * len + 512 > sizeof(cmd))
		return -1;
	snprintf(path, sizeof(path), "/tmp/test_dp_harden_scapy_%d.py",
		 (int)getpid());
	pf = fopen(path, "w");
	if (pf == NULL)
		return -1;
	fputs(prog, pf);
	fclose(pf);
	n = (size_t)snprintf(cmd, sizeof(cmd),
			     "/usr/bin/python3 -c 'import scapy' 2>/dev/null "
			     "|| exit 77; /usr/bin/python3 %s ", path);
	for (i = 0; i < len; i++)
		n += (size_t)snprintf(cmd + n, sizeof(cmd) - n, "%02x", f[i]);
	snprintf(cmd + n, sizeof(cmd) - n, " %u %s", mtu, quoted_dst);
	st = system(cmd);
	unlink(path);
	if (st == -1 || !WIFEXITED(st))
		return 1;
	if (WEXITSTATUS(st) == 77)
		return -1;
	return WEXITSTATUS(st) == 0 ? 0 : 1;
}

/* Take the ICMP error off the core ring and check it. */
static void
expect_too_big(uint8_t af, const uint8_t *in, size_t in_len, unsigned int mtu,
	       const char *dst_str)
{
	uint8_t got[MAXPKT];
	size_t quote = af == 4 ? 548 : 1232;
	size_t len = take(RING_CORE, got);
	size_t l4 = 14 + (af == 4 ? 20 : 40);
	int sc;

	if (quote > in_len - 14)
		quote = in_len - 14;
	CU_ASSERT_EQUAL_FATAL(len, l4 + 8 + quote);
	CU_ASSERT_EQUAL(memcmp(got, af == 4 ? MAC_RTR4 : MAC_RTR6, 6), 0);
	CU_ASSERT_EQUAL(memcmp(got + 6, mac_core, 6), 0);
	if (af == 4) {
		CU_ASSERT_EQUAL(memcmp(got + 14 + 12, (const uint8_t[]){
			203, 0, 113, 1 }, 4), 0);
		CU_ASSERT_EQUAL(memcmp(got + 14 + 16, SRV4, 4), 0);
		CU_ASSERT_EQUAL(got[l4], 3);
		CU_ASSERT_EQUAL(got[l4 + 1], 4);
		CU_ASSERT_EQUAL((unsigned int)(got[l4 + 6] << 8 | got[l4 + 7]), mtu);
	} else {
		CU_ASSERT_EQUAL(memcmp(got + 14 + 24, SRV6, 16), 0);
		CU_ASSERT_EQUAL(got[l4], 2);
		CU_ASSERT_EQUAL((unsigned int)(got[l4 + 4] << 24 |
					       got[l4 + 5] << 16 |
					       got[l4 + 6] << 8 | got[l4 + 7]),
				mtu);
	}
	/* The quote is the packet as received (TTL not decremented). */
	CU_ASSERT_EQUAL(memcmp(got + l4 + 8, in + 14, quote), 0);
	sc = scapy_check_too_big(got, len, mtu, dst_str);
	if (sc < 0)
		fprintf(stderr, "\n(scapy not available: decode skipped)\n");
	else
		CU_ASSERT_EQUAL(sc, 0);
}

/*
 * Item: a downlink packet that does not fit the access MTU once
 * encapsulated is dropped (too_big) and its sender gets an ICMP
 * fragmentation needed (next-hop MTU = MTU - 36 for an IPv4 outer header
 * without extension) or an ICMPv6 Packet Too Big; a fitting one forwards.
 */
static void
test_dp_harden_downlink_too_big_icmp(void)
{
	uint8_t frame[MAXPKT];
	uint64_t d0 = drops(DP_DROP_TOO_BIG);
	uint64_t s4 = ctl_punt_cnt(CTL_PUNT_TOO_BIG4_SENT);
	uint64_t s6 = ctl_punt_cnt(CTL_PUNT_TOO_BIG6_SENT);
	uint64_t dl0 = cnt(DP_CNT_GPDU_DL);
	size_t fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	access_mtu_set(600);
	wl()->too_big_next_tsc = 0;
	fl = big_frame(frame, 4, SRV4, UE4_A, 600 - 36 + 1);
	inject(P_CORE, frame, fl);
	CU_ASSERT_EQUAL(drops(DP_DROP_TOO_BIG) - d0, 1);
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 0);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_TOO_BIG4_SENT) - s4, 1);
	expect_too_big(4, frame, fl, 600 - 36, "10.64.0.5");
	/* Exactly the MTU once encapsulated: forwarded. */
	fl = big_frame(frame, 4, SRV4, UE4_A, 600 - 36);
	inject(P_CORE, frame, fl);
	CU_ASSERT_EQUAL(cnt(DP_CNT_GPDU_DL) - dl0, 1);
	CU_ASSERT_EQUAL(ut_ring_drain(RING_ACC), 1);
	/* While the worker's punt gap runs, only counted. */
	wl()->too_big_next_tsc = UINT64_MAX;
	fl = big_frame(frame, 4, SRV4, UE4_A, 700);
	inject(P_CORE, frame, fl);
	CU_ASSERT_EQUAL(drops(DP_DROP_TOO_BIG) - d0, 2);
	expect_quiet();
	/* IPv6 to the /64 of session A (IPv4 outer). */
	access_mtu_set(1400);
	wl()->too_big_next_tsc = 0;
	fl = big_frame(frame, 6, SRV6, UE6_A_HOST, 1400);
	inject(P_CORE, frame, fl);
	CU_ASSERT_EQUAL(drops(DP_DROP_TOO_BIG) - d0, 3);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_TOO_BIG6_SENT) - s6, 1);
	expect_too_big(6, frame, fl, 1400 - 36, "2001:db8:64:5::abcd");
	access_mtu_set(0);
	expect_quiet();
}

/* The ICMP errors are rate-limited on the control side too. */
static void
test_dp_harden_too_big_rate_limited(void)
{
	uint8_t frame[MAXPKT];
	uint64_t s0, q0;
	unsigned int i;
	size_t fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	ctl_punt_reset();
	s0 = ctl_punt_cnt(CTL_PUNT_TOO_BIG4_SENT);
	q0 = ctl_punt_cnt(CTL_PUNT_TOO_BIG_SUPPRESSED);
	access_mtu_set(600);
	fl = big_frame(frame, 4, SRV4, UE4_A, 700);
	for (i = 0; i < CTL_PUNT_TOO_BIG_RATE + 20; i++) {
		wl()->too_big_next_tsc = 0;
		inject(P_CORE, frame, fl);
		slow_path();
		ut_ring_drain(RING_CORE);
	}
	ut_fwd_expect_rate_limited(CTL_PUNT_TOO_BIG4_SENT,
				   CTL_PUNT_TOO_BIG_SUPPRESSED, s0, q0,
				   CTL_PUNT_TOO_BIG_RATE,
				   CTL_PUNT_TOO_BIG_RATE + 20);
	access_mtu_set(0);
	ctl_punt_reset();
	expect_quiet();
}

/* ARP request from ENB4 for ACC4 into @frame; @return its length. */
static size_t
arp_request_frame(uint8_t *frame)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	size_t fl = put_eth(frame, bcast, MAC_ENB4, 0x0806);

	memcpy(frame + fl, (const uint8_t[]){ 0, 1, 8, 0, 6, 4, 0, 1 }, 8);
	memcpy(frame + fl + 8, MAC_ENB4, 6);
	memcpy(frame + fl + 14, ENB4, 4);
	memset(frame + fl + 18, 0, 6);
	memcpy(frame + fl + 24, ACC4, 4);
	return fl + 28;
}

/*
 * Item: a flood of unknown-TEID G-PDUs that fills the punt ring does not
 * keep an ARP request from the control lcore: ARP/ND have their own ring,
 * drained first, even with a budget of one packet.
 */
static void
test_dp_harden_arp_not_starved_by_flood(void)
{
	uint8_t frame[MAXPKT];
	uint64_t f0 = drops(DP_DROP_PUNT_RING_FULL);
	uint64_t r0 = ctl_punt_cnt(CTL_PUNT_ARP_REPLY);
	uint8_t gtp[256];
	unsigned int i;
	size_t il, gl, fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	il = put_inner(gtp + 8, 4, UE4_A, SRV4, 64);
	gl = put_gtp(gtp, 255, 0xf100d, (uint16_t)il, -1, 0);
	fl = put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4, GW4, 40000, gtp,
			    gl + il);
	for (i = 0; i < DP_MSG_PUNT_RING_SIZE + 10; i++)
		inject(P_ACC, frame, fl);
	/* An rte_ring of size N holds N - 1. */
	CU_ASSERT_EQUAL(drops(DP_DROP_PUNT_RING_FULL) - f0, 11);
	fl = arp_request_frame(frame);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(drops(DP_DROP_PUNT_RING_FULL) - f0, 11);
	CU_ASSERT_EQUAL(ctl_punt_poll(1), 1);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_ARP_REPLY) - r0, 1);
	while (slow_path() != 0)
		ut_ring_drain(RING_ACC);
	ut_ring_drain(RING_ACC);
	ctl_punt_reset();
	expect_quiet();
}

/* ICMP echo request from SRV4 to the core address into @frame. */
static size_t
echo4_frame(uint8_t *frame)
{
	static const uint8_t core4[4] = { 203, 0, 113, 1 };
	size_t fl = put_eth(frame, mac_core, MAC_RTR4, 0x0800);
	uint8_t *icmp = frame + fl + 20;

	put_ip4(frame + fl, SRV4, core4, 1, 64, 16, 0);
	memset(icmp, 0, 16);
	icmp[0] = 8;
	icmp[5] = 1;
	memcpy(icmp + 8, "floodme!", 8);
	w16(icmp + 2, ck_fold(ck_add(0, icmp, 16)));
	return fl + 36;
}

/* Item: each punted type has its own token bucket on the control side. */
static void
test_dp_harden_punt_rate_limited_per_type(void)
{
	uint8_t frame[MAXPKT];
	uint64_t s0, q0, a0;
	unsigned int i;
	size_t fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	ctl_punt_reset();
	s0 = ctl_punt_cnt(CTL_PUNT_ICMP_REPLY);
	q0 = ctl_punt_cnt(CTL_PUNT_LIMITED_ECHO);
	fl = echo4_frame(frame);
	for (i = 0; i < CTL_PUNT_ECHO_RATE + 50; i++) {
		inject(P_CORE, frame, fl);
		slow_path();
		ut_ring_drain(RING_CORE);
	}
	ut_fwd_expect_rate_limited(CTL_PUNT_ICMP_REPLY, CTL_PUNT_LIMITED_ECHO,
				   s0, q0, CTL_PUNT_ECHO_RATE,
				   CTL_PUNT_ECHO_RATE + 50);
	/* ARP is still answered. */
	a0 = ctl_punt_cnt(CTL_PUNT_ARP_REPLY);
	fl = arp_request_frame(frame);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_ARP_REPLY) - a0, 1);
	ut_ring_drain(RING_ACC);
	ctl_punt_reset();
	expect_quiet();
}

/* Address 2001:db8:c::<hi>:<lo> of the core subnet. */
static void
core6_host(uint8_t *a, unsigned int n)
{
	static const uint8_t pfx[8] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x0c };

	memset(a, 0, 16);
	memcpy(a, pfx, 8);
	a[13] = 0x10;
	a[14] = (uint8_t)(n >> 8);
	a[15] = (uint8_t)n;
}

static void
solicit_none(uint16_t id, const struct ctl_nbr_info *nh, void *arg)
{
	(void)id;
	(void)nh;
	(void)arg;
}

/* Send what the control side queued on worker 0's tx ring and drop it. */
static void
tx_ring_drain(void)
{
	while (dp_msg_tx_poll(wl()) != 0)
		dp_lcore_tx_flush(wl());
	dp_lcore_tx_flush(wl());
	ut_ring_drain(RING_CORE);
	ut_ring_drain(RING_ACC);
}

/*
 * Item: uplink traffic to many addresses of a connected subnet creates at
 * most CTL_NBR_DEMAND_UNRES_MAX unresolved entries (the rest counted as
 * nh_demand_refused), resolution requests are rate-limited, and entries
 * that fail to resolve are freed instead of being retried for ever.
 */
static void
test_dp_harden_demand_entries_capped(void)
{
	const unsigned int n_pkts = CTL_NBR_DEMAND_UNRES_MAX + 10;
	uint8_t frame[MAXPKT], dst[16];
	uint32_t n_dem, n_unres, u0;
	uint64_t d0, r0, now, t;
	unsigned int i, n, total;
	uint16_t id;
	size_t fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	now = ctl_loop_now_ms();
	ctl_punt_reset();
	d0 = ctl_punt_cnt(CTL_PUNT_NH_DEMAND);
	r0 = ctl_punt_cnt(CTL_PUNT_NH_DEMAND_REFUSED);
	ctl_nbr_demand_count(&n_dem, &u0);
	for (i = 0; i < n_pkts; i++) {
		core6_host(dst, i);
		fl = ul_frame(frame, TEID_A, 4, ENB4, 6, UE6_A_HOST, dst);
		inject(P_ACC, frame, fl);
		slow_path();
	}
	ctl_nbr_demand_count(&n_dem, &n_unres);
	CU_ASSERT_EQUAL(n_unres, CTL_NBR_DEMAND_UNRES_MAX);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_NH_DEMAND) - d0,
			CTL_NBR_DEMAND_UNRES_MAX - u0);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_NH_DEMAND_REFUSED) - r0,
			n_pkts - (CTL_NBR_DEMAND_UNRES_MAX - u0));

	/* Solicitations: a burst per pass, the bucket's worth in all. */
	n = ctl_punt_resolve(now);
	CU_ASSERT_EQUAL(n, CTL_PUNT_SOLICIT_BURST);
	total = n;
	for (i = 0; i < 4; i++) {
		tx_ring_drain();
		total += ctl_punt_resolve(now);
	}
	CU_ASSERT_EQUAL(total, CTL_PUNT_SOLICIT_RATE);
	tx_ring_drain();

	/* Unanswered: failed after CTL_NBR_TRIES, then freed by ageing. */
	for (i = 0, t = now; i <= CTL_NBR_TRIES + 1; i++) {
		t += CTL_NBR_RETRY_MS;
		ctl_nbr_due(t, DP_FWD_MAX_NH, solicit_none, NULL);
	}
	CU_ASSERT_TRUE(ctl_nbr_age(t, DP_FWD_MAX_NH, DP_FWD_MAX_NH) >=
		       CTL_NBR_DEMAND_UNRES_MAX - u0);
	ctl_nbr_demand_count(&n_dem, &n_unres);
	CU_ASSERT_EQUAL(n_unres, 0);
	core6_host(dst, 0);
	CU_ASSERT_EQUAL(dp_fwd_nh_lookup(6, dst, &id), -ENOENT);
	CU_ASSERT_EQUAL(ctl_nbr_due(t + CTL_NBR_BACKOFF_MS, DP_FWD_MAX_NH,
				      solicit_none, NULL), 0);
	ctl_punt_reset();
	expect_quiet();
}

/*
 * Item: an on-demand entry that workers use stays; once unused for
 * CTL_NBR_AGE_MS it is freed.
 */
static void
test_dp_harden_demand_entry_ages_out(void)
{
	static const uint8_t host_mac[6] = { 2, 0, 0, 0, 2, 0x77 };
	uint8_t frame[MAXPKT], dst[16];
	uint64_t t0 = ctl_loop_now_ms();
	uint16_t id;
	size_t fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	core6_host(dst, 0x777);
	CU_ASSERT_EQUAL_FATAL(ctl_nbr_demand(6, dst, t0), 0);
	fl = na_frame(frame, host_mac, dst, host_mac);
	inject(P_CORE, frame, fl);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_TRUE_FATAL(nh_valid(6, dst));
	/* Used just before the age limit: kept, its age restarts. */
	fl = ul_frame(frame, TEID_A, 4, ENB4, 6, UE6_A_HOST, dst);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(ut_ring_drain(RING_CORE), 1);
	ctl_nbr_age(t0 + CTL_NBR_AGE_MS, DP_FWD_MAX_NH, DP_FWD_MAX_NH);
	CU_ASSERT_EQUAL(dp_fwd_nh_lookup(6, dst, &id), 0);
	ctl_nbr_age(t0 + 2 * CTL_NBR_AGE_MS - 1, DP_FWD_MAX_NH,
		      DP_FWD_MAX_NH);
	CU_ASSERT_EQUAL(dp_fwd_nh_lookup(6, dst, &id), 0);
	/* Unused for the whole period: freed. */
	ctl_nbr_age(t0 + 2 * CTL_NBR_AGE_MS, DP_FWD_MAX_NH,
		      DP_FWD_MAX_NH);
	CU_ASSERT_EQUAL(dp_fwd_nh_lookup(6, dst, &id), -ENOENT);
	/* Static and gateway entries never age. */
	CU_ASSERT_TRUE(nh_valid(4, (const uint8_t[]){ 203, 0, 113, 254 }));
	CU_ASSERT_TRUE(nh_valid(4, ENB4));
	expect_quiet();
}

static void
test_dp_harden_no_mbuf_leak(void)
{
	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	expect_quiet();
	CU_ASSERT_EQUAL(rte_mempool_in_use_count(dp_mbuf_pool()), 0);
}

static CU_TestInfo harden_tests[] = {
	{ "test_dp_harden_uplink_to_access_dropped",
	  test_dp_harden_uplink_to_access_dropped },
	{ "test_dp_harden_uplink_peer_source_checked",
	  test_dp_harden_uplink_peer_source_checked },
	{ "test_dp_harden_uplink_ue_source_checked",
	  test_dp_harden_uplink_ue_source_checked },
	{ "test_dp_harden_source_check_off_forwards",
	  test_dp_harden_source_check_off_forwards },
	{ "test_dp_harden_arp_learning_restricted",
	  test_dp_harden_arp_learning_restricted },
	{ "test_dp_harden_nd_learning_restricted",
	  test_dp_harden_nd_learning_restricted },
	{ "test_dp_harden_downlink_too_big_icmp",
	  test_dp_harden_downlink_too_big_icmp },
	{ "test_dp_harden_too_big_rate_limited",
	  test_dp_harden_too_big_rate_limited },
	{ "test_dp_harden_arp_not_starved_by_flood",
	  test_dp_harden_arp_not_starved_by_flood },
	{ "test_dp_harden_punt_rate_limited_per_type",
	  test_dp_harden_punt_rate_limited_per_type },
	{ "test_dp_harden_demand_entries_capped",
	  test_dp_harden_demand_entries_capped },
	{ "test_dp_harden_demand_entry_ages_out",
	  test_dp_harden_demand_entry_ages_out },
	{ "test_dp_harden_no_mbuf_leak", test_dp_harden_no_mbuf_leak },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "dp_harden", suite_init, suite_fini, NULL, NULL, harden_tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	(void)argc;
	return ut_fwd_main(argv[0], "test_dp_harden_", suites);
}
