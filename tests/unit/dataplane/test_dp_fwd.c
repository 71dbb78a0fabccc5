/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CUnit tests of the forwarding path with EAL up (suite "eal"): uplink
 * decapsulation and downlink encapsulation byte-exact on net_ring ports,
 * punting and the control slow path (ARP, ND, ICMP, GTP-U echo, Error
 * Indication), neighbour resolution and drop counters. Packets are handed
 * to dp_lcore_handle_burst() of the (not launched) worker from the test
 * thread, so every step is deterministic. Context: test main thread.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <urcu-qsbr.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_cycles.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "core/ctl_api.h"
#include "conf/ctl_conf.h"
#include "net/ctl_fwd.h"
#include "core/ctl_loop.h"
#include "core/ctl_reply.h"
#include "net/ctl_punt.h"
#include "dp_fwd.h"
#include "dp_lcore.h"
#include "dp_lifecycle.h"
#include "dp_ckpt_ring.h"
#include "dp_msg.h"
#include "dp_stats.h"
#include "gtpu_fwd.h"
#include "dp_rcu.h"
#include "sess_table.h"
#include "support/ut_eal.h"
#include "support/ut_hold.h"
#include "support/ut_ring.h"
#include "support/ut_run.h"

#include "support/ut_fwd.h"


/*
 * Forwarding state built from the configuration.
 */

static void
test_dp_fwd_state_from_conf(void)
{
	const struct dp_fwd_state *fs = dp_fwd_state_get();
	struct dp_fwd_route routes[16];
	struct ctl_nbr_info nh;
	uint16_t id;
	unsigned int n;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fs);
	CU_ASSERT_TRUE(fs->active);
	CU_ASSERT_EQUAL(fs->ports[P_ACC].role, DP_ROLE_ACCESS);
	CU_ASSERT_EQUAL(fs->ports[P_CORE].role, DP_ROLE_CORE);
	CU_ASSERT_EQUAL(memcmp(fs->ports[P_ACC].mac.addr_bytes, mac_acc, 6), 0);
	/* Loopback addresses of the context, then the bound interface. */
	CU_ASSERT_EQUAL(fs->ports[P_ACC].n_addrs, 4);
	CU_ASSERT_TRUE(dp_fwd_is_local(fs, P_ACC, 4, GW4));
	CU_ASSERT_TRUE(dp_fwd_is_local(fs, P_ACC, 4, ACC4));
	CU_ASSERT_TRUE(dp_fwd_is_local(fs, P_ACC, 6, GW6));
	CU_ASSERT_FALSE(dp_fwd_is_local(fs, P_CORE, 4, GW4));
	CU_ASSERT_FALSE(dp_fwd_is_local(fs, P_ACC, 4, ENB4));
	CU_ASSERT_EQUAL(fs->ports[P_ACC].src4, 0);
	/* Connected: 198.51.100/24, 2001:db8:a:1::/64, 203.0.113/24,
	 * 2001:db8:c::/64; static: two defaults. */
	n = dp_fwd_routes(routes, 16);
	CU_ASSERT_EQUAL(n, 6);
	CU_ASSERT_EQUAL(fs->n_routes4, 3);
	CU_ASSERT_EQUAL(fs->n_routes6, 3);
	CU_ASSERT_EQUAL_FATAL(dp_fwd_nh_lookup(4, ENB4, &id), 0);
	CU_ASSERT_EQUAL(ctl_nbr_info_get(id, &nh), 0);
	CU_ASSERT_EQUAL(nh.state, CTL_NBR_ST_STATIC);
	CU_ASSERT_TRUE(nh.valid);
	CU_ASSERT_EQUAL(nh.port_idx, P_ACC);
	CU_ASSERT_EQUAL(memcmp(nh.mac, MAC_ENB4, 6), 0);
	CU_ASSERT_EQUAL(nh.refcnt, 1);	/* session A */
	CU_ASSERT_EQUAL_FATAL(dp_fwd_nh_lookup(4, ENB4_UNRES, &id), 0);
	CU_ASSERT_EQUAL(ctl_nbr_info_get(id, &nh), 0);
	CU_ASSERT_EQUAL(nh.state, CTL_NBR_ST_INCOMPLETE);
	CU_ASSERT_FALSE(nh.valid);
}

static void
test_dp_fwd_peer_nh_refcount(void)
{
	static const uint8_t far[4] = { 192, 0, 2, 200 };
	static const uint8_t tmp[4] = { 198, 51, 100, 77 };
	struct ctl_nbr_info nh;
	uint16_t a, b, id;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	/* Off-link peers resolve to the default route's gateway. */
	CU_ASSERT_EQUAL(ctl_nbr_peer_get(4, far, &a), 0);
	CU_ASSERT_EQUAL(dp_fwd_nh_lookup(4, (const uint8_t[]){ 203, 0, 113,
							      254 }, &id), 0);
	CU_ASSERT_EQUAL(a, id);
	ctl_nbr_peer_put(a);
	/* On-link: an entry per address, freed with the last reference. */
	CU_ASSERT_EQUAL(ctl_nbr_peer_get(4, tmp, &a), 0);
	CU_ASSERT_EQUAL(ctl_nbr_peer_get(4, tmp, &b), 0);
	CU_ASSERT_EQUAL(a, b);
	CU_ASSERT_EQUAL(ctl_nbr_info_get(a, &nh), 0);
	CU_ASSERT_EQUAL(nh.refcnt, 2);
	ctl_nbr_peer_put(a);
	CU_ASSERT_EQUAL(dp_fwd_nh_lookup(4, tmp, &id), 0);
	ctl_nbr_peer_put(a);
	CU_ASSERT_EQUAL(dp_fwd_nh_lookup(4, tmp, &id), -ENOENT);
	CU_ASSERT_EQUAL(ctl_nbr_info_get(a, &nh), -ENOENT);
}

static void
test_dp_fwd_lpm_longest_prefix_wins(void)
{
	static const uint8_t p8[4] = { 10, 0, 0, 0 };
	static const uint8_t p16[4] = { 10, 1, 0, 0 };
	static const uint8_t p24[4] = { 10, 1, 2, 0 };
	static const uint8_t p26[4] = { 10, 1, 2, 64 };
	static const uint8_t p6_48[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
	static const uint8_t p6_60[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0,
					   0x10 };
	struct dp_fwd_state *st = dp_fwd_state_new(0);
	uint8_t a[16] = { 0 };
	uint32_t v;

	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(dp_fwd_lpm_lookup(&st->lpm4, p8, 4, &v), -ENOENT);
	/* Neighbour ids 0..4 exist (static entries, session peers). Routes
	 * inserted out of order on purpose: /24, /8, /26, /16, /0. */
	CU_ASSERT_EQUAL(dp_fwd_route_add(st, 4, p24, 24, 0), 0);
	CU_ASSERT_EQUAL(dp_fwd_route_add(st, 4, p8, 8, 1), 0);
	CU_ASSERT_EQUAL(dp_fwd_route_add(st, 4, p26, 26, 2), 0);
	CU_ASSERT_EQUAL(dp_fwd_route_add(st, 4, p16, 16, 3), 0);
	CU_ASSERT_EQUAL(dp_fwd_route_add(st, 4, a, 0, 4), 0);
	memcpy(a, (const uint8_t[]){ 10, 1, 2, 3 }, 4);
	CU_ASSERT_EQUAL(dp_fwd_lpm_lookup(&st->lpm4, a, 4, &v), 0);
	CU_ASSERT_EQUAL(v, 0);
	memcpy(a, (const uint8_t[]){ 10, 1, 2, 100 }, 4);
	CU_ASSERT_EQUAL(dp_fwd_lpm_lookup(&st->lpm4, a, 4, &v), 0);
	CU_ASSERT_EQUAL(v, 2);
	memcpy(a, (const uint8_t[]){ 10, 1, 2, 128 }, 4);
	CU_ASSERT_EQUAL(dp_fwd_lpm_lookup(&st->lpm4, a, 4, &v), 0);
	CU_ASSERT_EQUAL(v, 0);
	memcpy(a, (const uint8_t[]){ 10, 1, 9, 1 }, 4);
	CU_ASSERT_EQUAL(dp_fwd_lpm_lookup(&st->lpm4, a, 4, &v), 0);
	CU_ASSERT_EQUAL(v, 3);
	memcpy(a, (const uint8_t[]){ 10, 200, 0, 1 }, 4);
	CU_ASSERT_EQUAL(dp_fwd_lpm_lookup(&st->lpm4, a, 4, &v), 0);
	CU_ASSERT_EQUAL(v, 1);
	memcpy(a, (const uint8_t[]){ 11, 0, 0, 1 }, 4);
	CU_ASSERT_EQUAL(dp_fwd_lpm_lookup(&st->lpm4, a, 4, &v), 0);
	CU_ASSERT_EQUAL(v, 4);
	/* IPv6: /60 inside /48; nothing else matches. */
	CU_ASSERT_EQUAL(dp_fwd_route_add(st, 6, p6_60, 60, 2), 0);
	CU_ASSERT_EQUAL(dp_fwd_route_add(st, 6, p6_48, 48, 1), 0);
	memcpy(a, p6_60, 16);
	a[7] = 0x1f;
	a[15] = 1;
	CU_ASSERT_EQUAL(dp_fwd_lpm_lookup(&st->lpm6, a, 16, &v), 0);
	CU_ASSERT_EQUAL(v, 2);
	a[7] = 0x20;
	CU_ASSERT_EQUAL(dp_fwd_lpm_lookup(&st->lpm6, a, 16, &v), 0);
	CU_ASSERT_EQUAL(v, 1);
	a[5] = 2;
	CU_ASSERT_EQUAL(dp_fwd_lpm_lookup(&st->lpm6, a, 16, &v), -ENOENT);
	/* Bad input changes nothing. */
	CU_ASSERT_EQUAL(dp_fwd_route_add(st, 4, p8, 33, 1), -EINVAL);
	CU_ASSERT_EQUAL(dp_fwd_route_add(st, 5, p8, 8, 1), -EINVAL);
	CU_ASSERT_EQUAL(dp_fwd_route_add(st, 4, p8, 8, DP_FWD_MAX_NH), -EINVAL);
	CU_ASSERT_EQUAL(st->n_routes, 7);
	dp_fwd_state_free(st);
}

static void
test_dp_fwd_srp_activate_address_only_while_active(void)
{
	struct rte_ether_addr mac = { .addr_bytes = { 2, 0, 0, 0, 0, 1 } };
	struct dp_fwd_state *st = dp_fwd_state_new(0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(dp_fwd_port_set(st, 0, DP_ROLE_ACCESS, &mac), 0);
	CU_ASSERT_EQUAL(dp_fwd_port_set(st, DP_MAX_PORTS, DP_ROLE_ACCESS, &mac),
			-EINVAL);
	CU_ASSERT_EQUAL(dp_fwd_addr_add(st, 0, 4, GW4, 32, true), 0);
	CU_ASSERT_EQUAL(dp_fwd_addr_add(st, 0, 4, ACC4, 24, false), 0);
	CU_ASSERT_EQUAL(dp_fwd_addr_add(st, 0, 4, ACC4, 24, false), -EEXIST);
	CU_ASSERT_EQUAL(dp_fwd_addr_add(st, 0, 4, ACC4, 33, false), -EINVAL);
	CU_ASSERT_EQUAL(dp_fwd_addr_add(st, 0, 7, ACC4, 24, false), -EINVAL);
	CU_ASSERT_EQUAL(st->ports[0].n_addrs, 2);
	CU_ASSERT_TRUE(dp_fwd_is_local(st, 0, 4, GW4));
	st->active = false;
	CU_ASSERT_FALSE(dp_fwd_is_local(st, 0, 4, GW4));
	CU_ASSERT_TRUE(dp_fwd_is_local(st, 0, 4, ACC4));
	dp_fwd_state_free(st);
}

/*
 * Uplink.
 */

static void
uplink_case(uint8_t outer_af, uint32_t teid, uint8_t inner_af, int qfi,
	    uint32_t slot)
{
	uint8_t gtp[256], frame[MAXPKT], want[MAXPKT];
	const uint8_t *ue = inner_af == 4 ? UE4_A : UE6_A_HOST;
	const uint8_t *srv = inner_af == 4 ? SRV4 : SRV6;
	uint64_t ul0 = cnt(DP_CNT_GPDU_UL);
	struct sess_cnt before, after;
	size_t inner_len, gl, fl, wl_;

	if (teid == TEID_B)
		ue = UE4_B;
	if (teid == TEID_V)
		ue = UE4_V;
	sess_table_cnt_sum(dp_sess_table(), slot, &before);
	inner_len = put_inner(gtp + 16, inner_af, ue, srv, 64);
	gl = put_gtp(gtp, 255, teid, (uint16_t)inner_len, qfi, 1);
	if (gl == 8)
		memmove(gtp + 8, gtp + 16, inner_len);
	fl = put_gtpu_frame(frame, mac_acc, outer_af == 4 ? MAC_ENB4 : MAC_ENB6,
			    outer_af, outer_af == 4 ? ENB4 : ENB6,
			    outer_af == 4 ? GW4 : GW6, 40000, gtp,
			    gl + inner_len);
	inject(P_ACC, frame, fl);

	wl_ = put_eth(want, inner_af == 4 ? MAC_RTR4 : MAC_RTR6, mac_core,
		      inner_af == 4 ? 0x0800 : 0x86dd);
	wl_ += put_inner(want + wl_, inner_af, ue, srv, 63);
	expect_frame(RING_CORE, want, wl_);
	CU_ASSERT_EQUAL(ut_ring_count(RING_CORE), 0);
	CU_ASSERT_EQUAL(cnt(DP_CNT_GPDU_UL) - ul0, 1);
	sess_table_cnt_sum(dp_sess_table(), slot, &after);
	CU_ASSERT_EQUAL(after.ul_pkts - before.ul_pkts, 1);
	CU_ASSERT_EQUAL(after.ul_bytes - before.ul_bytes, inner_len);
	CU_ASSERT_NOT_EQUAL(after.last_tsc, 0);
}

static void
test_dp_fwd_uplink_v4_in_v4(void)
{
	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	uplink_case(4, TEID_A, 4, -1, slot_a);
}

static void
test_dp_fwd_uplink_v6_in_v4_with_qfi(void)
{
	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	uplink_case(4, TEID_A, 6, 5, slot_a);
}

static void
test_dp_fwd_uplink_v4_in_v6(void)
{
	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	uplink_case(6, TEID_B, 4, 9, slot_b);
}

static void
test_dp_fwd_uplink_ttl_expired_dropped(void)
{
	uint8_t gtp[256], frame[MAXPKT];
	uint64_t d0 = drops(DP_DROP_TTL_EXCEEDED);
	size_t il, gl, fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	il = put_inner(gtp + 8, 4, UE4_A, SRV4, 1);
	gl = put_gtp(gtp, 255, TEID_A, (uint16_t)il, -1, 0);
	fl = put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4, GW4, 40000, gtp,
			    gl + il);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(drops(DP_DROP_TTL_EXCEEDED) - d0, 1);
	CU_ASSERT_EQUAL(ut_ring_count(RING_CORE), 0);
}

static void
test_dp_fwd_uplink_malformed_dropped_by_reason(void)
{
	uint8_t gtp[256], frame[MAXPKT];
	uint64_t v0 = drops(DP_DROP_GTPU_BAD_GTPU_VERSION);
	uint64_t n0 = drops(DP_DROP_NOT_FOR_US);
	size_t il, gl, fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	il = put_inner(gtp + 8, 4, UE4_A, SRV4, 64);
	gl = put_gtp(gtp, 255, TEID_A, (uint16_t)il, -1, 0);
	gtp[0] = 0x50;	/* GTP version 2 */
	fl = put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4, GW4, 40000, gtp,
			    gl + il);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(drops(DP_DROP_GTPU_BAD_GTPU_VERSION) - v0, 1);
	/* Not to one of our addresses. */
	gtp[0] = 0x30;
	fl = put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4, SRV4, 40000, gtp,
			    gl + il);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(drops(DP_DROP_NOT_FOR_US) - n0, 1);
	CU_ASSERT_EQUAL(ut_ring_count(RING_CORE), 0);
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 0);
}

static void
test_dp_fwd_end_marker_consumed(void)
{
	uint8_t gtp[16], frame[MAXPKT];
	uint64_t e0 = cnt(DP_CNT_END_MARKER);
	size_t gl, fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	gl = put_gtp(gtp, 254, TEID_A, 0, -1, 0);
	fl = put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4, GW4, 2152, gtp,
			    gl);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(cnt(DP_CNT_END_MARKER) - e0, 1);
	CU_ASSERT_EQUAL(ut_ring_count(RING_CORE), 0);
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 0);
	CU_ASSERT_EQUAL(dp_msg_ring_count(0, true), 0);
}

/*
 * Downlink.
 */

static void
downlink_case(uint8_t inner_af, const uint8_t *ue, uint8_t outer_af,
	      uint32_t teid_r, int qfi, uint32_t slot)
{
	uint8_t in[MAXPKT], frame[MAXPKT], want[MAXPKT], inner[256];
	const uint8_t *srv = inner_af == 4 ? SRV4 : SRV6;
	uint64_t dl0 = cnt(DP_CNT_GPDU_DL);
	struct sess_cnt before, after;
	size_t il, fl, gl, wl_, ipo, udpo;
	uint16_t sport;
	uint8_t gtp[16];

	sess_table_cnt_sum(dp_sess_table(), slot, &before);
	fl = put_eth(frame, mac_core, inner_af == 4 ? MAC_RTR4 : MAC_RTR6,
		     inner_af == 4 ? 0x0800 : 0x86dd);
	il = put_inner(in, inner_af, srv, ue, 64);
	memcpy(frame + fl, in, il);
	fl += il;
	/* Ethernet padding must not reach the tunnel. */
	memset(frame + fl, 0xee, 8);
	inject(P_CORE, frame, fl + 8);

	put_inner(inner, inner_af, srv, ue, 63);
	sport = gtpu_fwd_sport(inner, (uint16_t)il);
	CU_ASSERT_TRUE(sport >= 0xc000);
	gl = put_gtp(gtp, 255, teid_r, (uint16_t)il, qfi, 0);
	wl_ = put_eth(want, outer_af == 4 ? MAC_ENB4 : MAC_ENB6, mac_acc,
		      outer_af == 4 ? 0x0800 : 0x86dd);
	ipo = wl_;
	wl_ += outer_af == 4 ? put_ip4(want + wl_, GW4, ENB4, 17, 64,
				       (uint16_t)(8 + gl + il), 0x4000) :
			       put_ip6(want + wl_, GW6, ENB6, 17, 64,
				       (uint16_t)(8 + gl + il));
	udpo = wl_;
	w16(want + udpo, sport);
	w16(want + udpo + 2, 2152);
	w16(want + udpo + 4, (uint16_t)(8 + gl + il));
	w16(want + udpo + 6, 0);
	memcpy(want + udpo + 8, gtp, gl);
	memcpy(want + udpo + 8 + gl, inner, il);
	wl_ = udpo + 8 + gl + il;
	if (outer_af == 6)
		ip6_l4_cksum(want + ipo, 6);
	expect_frame(RING_ACC, want, wl_);
	CU_ASSERT_EQUAL(cnt(DP_CNT_GPDU_DL) - dl0, 1);
	sess_table_cnt_sum(dp_sess_table(), slot, &after);
	CU_ASSERT_EQUAL(after.dl_pkts - before.dl_pkts, 1);
	CU_ASSERT_EQUAL(after.dl_bytes - before.dl_bytes, il);
}

static void
test_dp_fwd_downlink_v4_in_v4(void)
{
	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	downlink_case(4, UE4_A, 4, TEID_A_R, -1, slot_a);
}

static void
test_dp_fwd_downlink_v6_prefix_in_v4(void)
{
	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	/* The session holds 2001:db8:64:5::/64; any host in it matches. */
	downlink_case(6, UE6_A_HOST, 4, TEID_A_R, -1, slot_a);
}

static void
test_dp_fwd_downlink_v4_in_v6_with_qfi(void)
{
	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	downlink_case(4, UE4_B, 6, TEID_B_R, 9, slot_b);
}

static void
test_dp_fwd_downlink_no_session_dropped(void)
{
	static const uint8_t nobody[4] = { 10, 64, 9, 9 };
	uint8_t frame[MAXPKT];
	uint64_t d0 = drops(DP_DROP_NO_SESSION);
	size_t fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	fl = put_eth(frame, mac_core, MAC_RTR4, 0x0800);
	fl += put_inner(frame + fl, 4, SRV4, nobody, 64);
	inject(P_CORE, frame, fl);
	CU_ASSERT_EQUAL(drops(DP_DROP_NO_SESSION) - d0, 1);
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 0);
}

/* A standby chassis forwards nothing either way, and sends no Error
 * Indication for an unknown TEID; becoming active again restores it. */
static void
test_dp_fwd_standby_forwards_nothing(void)
{
	uint8_t gtp[256], frame[MAXPKT];
	uint64_t d0 = drops(DP_DROP_STANDBY);
	uint64_t ul0 = cnt(DP_CNT_GPDU_UL), dl0 = cnt(DP_CNT_GPDU_DL);
	uint64_t unk0 = cnt(DP_CNT_GPDU_NO_SESS);
	size_t il, gl, fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	CU_ASSERT_EQUAL_FATAL(ctl_fwd_active_set(false), 0);
	/* Uplink G-PDU of a session, and one of an unknown TEID. */
	il = put_inner(gtp + 8, 4, UE4_A, SRV4, 64);
	gl = put_gtp(gtp, 255, TEID_A, (uint16_t)il, -1, 0);
	fl = put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4, GW4, 40000, gtp,
			    gl + il);
	inject(P_ACC, frame, fl);
	gl = put_gtp(gtp, 255, 0x7777777, (uint16_t)il, -1, 0);
	fl = put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4, GW4, 40000, gtp,
			    gl + il);
	inject(P_ACC, frame, fl);
	/* Downlink to a session's UE. */
	fl = put_eth(frame, mac_core, MAC_RTR4, 0x0800);
	fl += put_inner(frame + fl, 4, SRV4, UE4_A, 64);
	inject(P_CORE, frame, fl);
	CU_ASSERT_EQUAL(drops(DP_DROP_STANDBY) - d0, 3);
	CU_ASSERT_EQUAL(ut_ring_count(RING_CORE), 0);
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 0);
	CU_ASSERT_EQUAL(cnt(DP_CNT_GPDU_UL), ul0);
	CU_ASSERT_EQUAL(cnt(DP_CNT_GPDU_DL), dl0);
	CU_ASSERT_EQUAL(cnt(DP_CNT_GPDU_NO_SESS), unk0);
	CU_ASSERT_EQUAL_FATAL(ctl_fwd_active_set(true), 0);
	uplink_case(4, TEID_A, 4, -1, slot_a);
	downlink_case(4, UE4_A, 4, TEID_A_R, -1, slot_a);
	CU_ASSERT_EQUAL(drops(DP_DROP_STANDBY) - d0, 3);
}

/* One uplink G-PDU frame of @teid (inner UE -> SRV4; UE4_V for
 * TEID_V, else UE4_A) into @frame. */
static size_t
gpdu_frame(uint8_t *frame, uint32_t teid)
{
	uint8_t gtp[256];
	size_t il, gl;

	il = put_inner(gtp + 8, 4, teid == TEID_V ? UE4_V : UE4_A, SRV4, 64);
	gl = put_gtp(gtp, 255, teid, (uint16_t)il, -1, 0);
	return put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4, GW4, 40000,
			      gtp, gl + il);
}

/* Hand @n frames to the worker as one burst. */
static void
inject_burst(uint16_t port, uint8_t (*frames)[MAXPKT], const size_t *lens,
	     unsigned int n)
{
	struct rte_mbuf *m[8];
	unsigned int i;
	uint8_t *d;

	for (i = 0; i < n; i++) {
		m[i] = rte_pktmbuf_alloc(dp_mbuf_pool());
		CU_ASSERT_PTR_NOT_NULL_FATAL(m[i]);
		d = (uint8_t *)rte_pktmbuf_append(m[i], (uint16_t)lens[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(d);
		memcpy(d, frames[i], lens[i]);
	}
	dp_lcore_handle_burst(wl(), port, m, (uint16_t)n);
	dp_lcore_tx_flush(wl());
}

/*
 * Post-switchover hold (data mode VOLTE): only sessions flagged
 * SESS_F_VOLTE forward, either way; the others are counted as
 * switchover_hold, also inside one mixed burst; the chassis stays active
 * (srp-activate addresses answer); data mode ALL forwards everything again.
 */
static void
test_dp_fwd_volte_mode_forwards_only_volte(void)
{
	static uint8_t frames[4][MAXPKT];
	struct sess_params p;
	const struct sess *s;
	uint64_t h0 = drops(DP_DROP_SWITCHOVER_HOLD);
	uint64_t st0 = drops(DP_DROP_STANDBY);
	uint64_t ul0, dl0;
	size_t lens[4];
	uint32_t slot_v;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	memset(&p, 0, sizeof(p));
	p.teid_local = TEID_V;
	p.teid_remote = TEID_V_R;
	p.peer_af = 4;
	memcpy(p.peer_addr, ENB4, 4);
	p.has_ue4 = true;
	memcpy(p.ue4, UE4_V, 4);
	p.flags = SESS_F_VOLTE;
	CU_ASSERT_EQUAL_FATAL(ctl_nbr_peer_get(4, ENB4, &p.nh_id), 0);
	CU_ASSERT_EQUAL_FATAL(sess_table_add(dp_sess_table(), &p), 0);
	s = sess_table_lookup_teid(dp_sess_table(), TEID_V);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	slot_v = s->slot;

	CU_ASSERT_EQUAL(ctl_fwd_chassis_set(false, DP_DATA_VOLTE), -EINVAL);
	CU_ASSERT_EQUAL(ctl_fwd_chassis_set(true, 7), -EINVAL);
	CU_ASSERT_EQUAL_FATAL(ctl_fwd_chassis_set(true, DP_DATA_VOLTE), 0);
	CU_ASSERT_TRUE(ctl_fwd_is_active());
	CU_ASSERT_EQUAL(ctl_fwd_data_mode(), DP_DATA_VOLTE);
	CU_ASSERT_STRING_EQUAL(ctl_fwd_data_mode_str(DP_DATA_VOLTE), "volte");

	/* The VoLTE session forwards both ways. */
	uplink_case(4, TEID_V, 4, -1, slot_v);
	downlink_case(4, UE4_V, 4, TEID_V_R, -1, slot_v);
	CU_ASSERT_EQUAL(drops(DP_DROP_SWITCHOVER_HOLD), h0);

	/* A mixed uplink burst: A held, V forwarded, A held. */
	ul0 = cnt(DP_CNT_GPDU_UL);
	lens[0] = gpdu_frame(frames[0], TEID_A);
	lens[1] = gpdu_frame(frames[1], TEID_V);
	lens[2] = gpdu_frame(frames[2], TEID_A);
	inject_burst(P_ACC, frames, lens, 3);
	CU_ASSERT_EQUAL(drops(DP_DROP_SWITCHOVER_HOLD) - h0, 2);
	CU_ASSERT_EQUAL(cnt(DP_CNT_GPDU_UL) - ul0, 1);
	CU_ASSERT_EQUAL(ut_ring_count(RING_CORE), 1);
	CU_ASSERT(take(RING_CORE, frames[3]) > 0);

	/* Downlink to a non-VoLTE session is held too. */
	dl0 = cnt(DP_CNT_GPDU_DL);
	lens[0] = put_eth(frames[0], mac_core, MAC_RTR4, 0x0800);
	lens[0] += put_inner(frames[0] + lens[0], 4, SRV4, UE4_A, 64);
	lens[1] = put_eth(frames[1], mac_core, MAC_RTR4, 0x0800);
	lens[1] += put_inner(frames[1] + lens[1], 4, SRV4, UE4_V, 64);
	inject_burst(P_CORE, frames, lens, 2);
	CU_ASSERT_EQUAL(drops(DP_DROP_SWITCHOVER_HOLD) - h0, 3);
	CU_ASSERT_EQUAL(cnt(DP_CNT_GPDU_DL) - dl0, 1);
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 1);
	CU_ASSERT(take(RING_ACC, frames[3]) > 0);
	CU_ASSERT_EQUAL(drops(DP_DROP_STANDBY), st0);

	/* NONE while active (default option during the phases): every
	 * G-PDU is held, and counted as a hold, not as standby. */
	CU_ASSERT_EQUAL_FATAL(ctl_fwd_chassis_set(true, DP_DATA_NONE), 0);
	lens[0] = gpdu_frame(frames[0], TEID_V);
	inject_burst(P_ACC, frames, lens, 1);
	CU_ASSERT_EQUAL(drops(DP_DROP_SWITCHOVER_HOLD) - h0, 4);
	CU_ASSERT_EQUAL(drops(DP_DROP_STANDBY), st0);
	CU_ASSERT_EQUAL(ut_ring_count(RING_CORE), 0);

	/* ALL: every session forwards again, nothing more held. */
	CU_ASSERT_EQUAL_FATAL(ctl_fwd_chassis_set(true, DP_DATA_ALL), 0);
	uplink_case(4, TEID_A, 4, -1, slot_a);
	downlink_case(4, UE4_A, 4, TEID_A_R, -1, slot_a);
	CU_ASSERT_EQUAL(drops(DP_DROP_SWITCHOVER_HOLD) - h0, 4);
	CU_ASSERT_EQUAL(sess_table_del(dp_sess_table(), TEID_V), 0);
	CU_ASSERT_EQUAL(ctl_fwd_data_mode(), DP_DATA_ALL);
}

/*
 * Rule drops (PFCP FAR DROP/BUFF): a session created with ul-drop and
 * dl-drop and no downlink tunnel has its G-PDUs counted as ul_rule_drop and
 * its downlink as dl_rule_drop; without ul-drop its uplink forwards from
 * any source (no peer to check yet); once it has a tunnel and no dl-drop
 * both ways forward and the peer is checked again; dl-drop with a tunnel
 * drops downlink only.
 */
static void
test_dp_fwd_rule_drop_flags(void)
{
	static uint8_t frames[2][MAXPKT];
	uint8_t gtp[256];
	uint64_t u0 = drops(DP_DROP_UL_RULE_DROP);
	uint64_t d0 = drops(DP_DROP_DL_RULE_DROP);
	uint64_t ps0, ul0 = cnt(DP_CNT_GPDU_UL), dl0 = cnt(DP_CNT_GPDU_DL);
	struct sess_params p;
	const struct sess *s;
	size_t lens[2], il, gl;
	uint32_t slot_v;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	memset(&p, 0, sizeof(p));
	p.teid_local = TEID_V;
	p.has_ue4 = true;
	memcpy(p.ue4, UE4_V, 4);
	p.flags = SESS_F_UL_DROP | SESS_F_DL_DROP;
	p.nh_id = DP_NH_NONE;
	CU_ASSERT_EQUAL_FATAL(sess_table_add(dp_sess_table(), &p), 0);
	s = sess_table_lookup_teid(dp_sess_table(), TEID_V);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	slot_v = s->slot;

	/* Both ways dropped by rule, each counted under its name. */
	lens[0] = gpdu_frame(frames[0], TEID_V);
	lens[1] = put_eth(frames[1], mac_core, MAC_RTR4, 0x0800);
	lens[1] += put_inner(frames[1] + lens[1], 4, SRV4, UE4_V, 64);
	inject_burst(P_ACC, frames, lens, 1);
	inject_burst(P_CORE, &frames[1], &lens[1], 1);
	CU_ASSERT_EQUAL(drops(DP_DROP_UL_RULE_DROP) - u0, 1);
	CU_ASSERT_EQUAL(drops(DP_DROP_DL_RULE_DROP) - d0, 1);
	CU_ASSERT_EQUAL(cnt(DP_CNT_GPDU_UL), ul0);
	CU_ASSERT_EQUAL(cnt(DP_CNT_GPDU_DL), dl0);
	CU_ASSERT_EQUAL(ut_ring_count(RING_CORE), 0);
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 0);

	/* Uplink allowed: forwarded from either peer (none to check). */
	CU_ASSERT_EQUAL(sess_table_flags_set(dp_sess_table(), TEID_V, 0,
					     SESS_F_UL_DROP), 0);
	uplink_case(4, TEID_V, 4, -1, slot_v);
	uplink_case(6, TEID_V, 4, -1, slot_v);
	lens[1] = put_eth(frames[1], mac_core, MAC_RTR4, 0x0800);
	lens[1] += put_inner(frames[1] + lens[1], 4, SRV4, UE4_V, 64);
	inject_burst(P_CORE, &frames[1], &lens[1], 1);
	CU_ASSERT_EQUAL(drops(DP_DROP_DL_RULE_DROP) - d0, 2);
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 0);

	/* The tunnel arrives, dl-drop goes: both ways forward. */
	p.flags = 0;
	p.teid_remote = TEID_V_R;
	p.peer_af = 4;
	memcpy(p.peer_addr, ENB4, 4);
	CU_ASSERT_EQUAL_FATAL(ctl_nbr_peer_get(4, ENB4, &p.nh_id), 0);
	CU_ASSERT_EQUAL_FATAL(sess_table_modify(dp_sess_table(), &p), 0);
	downlink_case(4, UE4_V, 4, TEID_V_R, -1, slot_v);
	uplink_case(4, TEID_V, 4, -1, slot_v);
	/* ... and the uplink source is held to the peer again. */
	ps0 = drops(DP_DROP_UL_PEER_SRC);
	il = put_inner(gtp + 8, 4, UE4_V, SRV4, 64);
	gl = put_gtp(gtp, 255, TEID_V, (uint16_t)il, -1, 0);
	lens[0] = put_gtpu_frame(frames[0], mac_acc, MAC_ENB4, 4, ENB4_UNRES,
				 GW4, 40000, gtp, gl + il);
	inject_burst(P_ACC, frames, lens, 1);
	CU_ASSERT_EQUAL(drops(DP_DROP_UL_PEER_SRC) - ps0, 1);
	CU_ASSERT_EQUAL(ut_ring_count(RING_CORE), 0);

	/* dl-drop with the tunnel kept: downlink only. */
	CU_ASSERT_EQUAL(sess_table_flags_set(dp_sess_table(), TEID_V,
					     SESS_F_DL_DROP, 0), 0);
	lens[1] = put_eth(frames[1], mac_core, MAC_RTR4, 0x0800);
	lens[1] += put_inner(frames[1] + lens[1], 4, SRV4, UE4_V, 64);
	inject_burst(P_CORE, &frames[1], &lens[1], 1);
	CU_ASSERT_EQUAL(drops(DP_DROP_DL_RULE_DROP) - d0, 3);
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 0);
	uplink_case(4, TEID_V, 4, -1, slot_v);
	CU_ASSERT_EQUAL(drops(DP_DROP_UL_RULE_DROP) - u0, 1);
	CU_ASSERT_EQUAL(sess_table_del(dp_sess_table(), TEID_V), 0);
	ctl_nbr_peer_put(p.nh_id);
}

/*
 * Punt path and control replies.
 */

static void
test_dp_fwd_unknown_teid_punted_error_indication(void)
{
	uint8_t gtp[256], frame[MAXPKT], got[MAXPKT];
	uint64_t s0 = ctl_punt_cnt(CTL_PUNT_ERRIND_SENT);
	size_t il, gl, fl, len;
	uint8_t *g;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	il = put_inner(gtp + 8, 4, UE4_A, SRV4, 64);
	gl = put_gtp(gtp, 255, 0xdead, (uint16_t)il, -1, 0);
	fl = put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4, GW4, 40001, gtp,
			    gl + il);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(dp_msg_ring_count(0, true), 1);
	CU_ASSERT_EQUAL(ut_ring_count(RING_CORE), 0);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_ERRIND_SENT) - s0, 1);
	len = take(RING_ACC, got);
	CU_ASSERT_FATAL(len > 14 + 20 + 8 + 12);
	CU_ASSERT_EQUAL(memcmp(got, MAC_ENB4, 6), 0);
	CU_ASSERT_EQUAL(memcmp(got + 6, mac_acc, 6), 0);
	CU_ASSERT_EQUAL(memcmp(got + 14 + 12, GW4, 4), 0);
	CU_ASSERT_EQUAL(memcmp(got + 14 + 16, ENB4, 4), 0);
	g = got + 14 + 20 + 8;
	CU_ASSERT_EQUAL(g[1], 26);
	/* TEID Data I carries the unknown TEID; Peer Address is ours. */
	CU_ASSERT_PTR_NOT_NULL(memmem(g, len - 42, (const uint8_t[]){
		16, 0, 0, 0xde, 0xad }, 5));
	CU_ASSERT_PTR_NOT_NULL(memmem(g, len - 42, (const uint8_t[]){
		133, 0, 4, 198, 51, 100, 10 }, 7));
}

static void
test_dp_fwd_error_indication_rate_limited(void)
{
	uint8_t gtp[256], frame[MAXPKT];
	uint64_t s0 = ctl_punt_cnt(CTL_PUNT_ERRIND_SENT);
	uint64_t q0 = ctl_punt_cnt(CTL_PUNT_ERRIND_SUPPRESSED);
	size_t il, gl, fl;
	unsigned int i;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	ctl_punt_reset();
	s0 = 0;
	q0 = 0;
	il = put_inner(gtp + 8, 4, UE4_A, SRV4, 64);
	gl = put_gtp(gtp, 255, 0xbeef, (uint16_t)il, -1, 0);
	fl = put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4, GW4, 40001, gtp,
			    gl + il);
	for (i = 0; i < CTL_PUNT_ERRIND_RATE + 20; i++) {
		inject(P_ACC, frame, fl);
		slow_path();
		while (take(RING_ACC, frame + MAXPKT / 2) != 0)
			;
	}
	ut_fwd_expect_rate_limited(CTL_PUNT_ERRIND_SENT,
				   CTL_PUNT_ERRIND_SUPPRESSED, s0, q0,
				   CTL_PUNT_ERRIND_RATE,
				   CTL_PUNT_ERRIND_RATE + 20);
	ctl_punt_reset();
}

static void
test_dp_fwd_echo_request_answered(void)
{
	uint8_t gtp[16], frame[MAXPKT], want[MAXPKT];
	uint64_t e0 = cnt(DP_CNT_ECHO_REQ);
	size_t fl, wl_;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	memcpy(gtp, (const uint8_t[]){ 0x32, 1, 0, 4, 0, 0, 0, 0,
				       0x12, 0x34, 0, 0 }, 12);
	fl = put_gtpu_frame(frame, mac_acc, MAC_ENB6, 6, ENB6, GW6, 2152, gtp,
			    12);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(cnt(DP_CNT_ECHO_REQ) - e0, 1);
	CU_ASSERT_EQUAL(slow_path(), 1);
	memcpy(gtp, (const uint8_t[]){ 0x32, 2, 0, 6, 0, 0, 0, 0,
				       0x12, 0x34, 0, 0, 14, 0 }, 14);
	wl_ = put_gtpu_frame(want, MAC_ENB6, mac_acc, 6, GW6, ENB6, 2152, gtp,
			     14);
	expect_frame(RING_ACC, want, wl_);
}

static void
test_dp_fwd_arp_request_answered(void)
{
	uint8_t frame[MAXPKT], want[MAXPKT];
	uint64_t r0 = ctl_punt_cnt(CTL_PUNT_ARP_REPLY);
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	size_t fl, wl_;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	fl = put_eth(frame, bcast, MAC_ENB4, 0x0806);
	memcpy(frame + fl, (const uint8_t[]){ 0, 1, 8, 0, 6, 4, 0, 1 }, 8);
	memcpy(frame + fl + 8, MAC_ENB4, 6);
	memcpy(frame + fl + 14, ENB4, 4);
	memset(frame + fl + 18, 0, 6);
	memcpy(frame + fl + 24, ACC4, 4);
	fl += 28;
	memset(frame + fl, 0, 18);	/* padded to 60 bytes */
	inject(P_ACC, frame, fl + 18);
	CU_ASSERT_EQUAL(dp_msg_ring_count(0, true), 1);
	CU_ASSERT_EQUAL(slow_path(), 1);

	wl_ = put_eth(want, MAC_ENB4, mac_acc, 0x0806);
	memcpy(want + wl_, (const uint8_t[]){ 0, 1, 8, 0, 6, 4, 0, 2 }, 8);
	memcpy(want + wl_ + 8, mac_acc, 6);
	memcpy(want + wl_ + 14, ACC4, 4);
	memcpy(want + wl_ + 18, MAC_ENB4, 6);
	memcpy(want + wl_ + 24, ENB4, 4);
	wl_ += 28;
	expect_frame(RING_ACC, want, wl_);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_ARP_REPLY) - r0, 1);

	/* A request for an address that is not ours gets no answer. */
	memcpy(frame + 14 + 24, ENB4_UNRES, 4);
	inject(P_ACC, frame, fl + 18);
	slow_path();
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 0);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_ARP_REPLY) - r0, 1);
}

static void
test_dp_fwd_icmp_echo_answered(void)
{
	uint8_t frame[MAXPKT], want[MAXPKT];
	uint64_t m0;
	uint8_t *ic;
	size_t fl, wl_;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	fl = put_eth(frame, mac_acc, MAC_ENB4, 0x0800);
	fl += put_ip4(frame + fl, ENB4, ACC4, 1, 60, 16, 0);
	ic = frame + fl;
	memcpy(ic, (const uint8_t[]){ 8, 0, 0, 0, 0, 7, 0, 1, 'p', 'i', 'n',
				      'g', '1', '2', '3', '4' }, 16);
	w16(ic + 2, ck_fold(ck_add(0, ic, 16)));
	fl += 16;
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(slow_path(), 1);
	wl_ = put_eth(want, MAC_ENB4, mac_acc, 0x0800);
	wl_ += put_ip4(want + wl_, ACC4, ENB4, 1, 64, 16, 0x4000);
	ic = want + wl_;
	memcpy(ic, (const uint8_t[]){ 0, 0, 0, 0, 0, 7, 0, 1, 'p', 'i', 'n',
				      'g', '1', '2', '3', '4' }, 16);
	w16(ic + 2, ck_fold(ck_add(0, ic, 16)));
	wl_ += 16;
	expect_frame(RING_ACC, want, wl_);

	/* A wrong ICMP checksum: refused, no reply. */
	m0 = ctl_punt_cnt(CTL_PUNT_MALFORMED);
	frame[14 + 20 + 2] ^= 0xff;
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 0);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_MALFORMED) - m0, 1);
}

static void
test_dp_fwd_ns_answered_with_na(void)
{
	uint8_t frame[MAXPKT], want[MAXPKT];
	uint8_t snm[16] = { 0xff, 0x02, [11] = 1, [12] = 0xff, [15] = 1 };
	static const uint8_t snm_mac[6] = { 0x33, 0x33, 0xff, 0, 0, 1 };
	size_t fl, ipo, wl_;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	fl = put_eth(frame, snm_mac, MAC_ENB6, 0x86dd);
	ipo = fl;
	fl += put_ip6(frame + fl, ENB6, snm, 58, 255, 32);
	memset(frame + fl, 0, 32);
	frame[fl] = 135;
	memcpy(frame + fl + 8, ACC6, 16);
	frame[fl + 24] = 1;
	frame[fl + 25] = 1;
	memcpy(frame + fl + 26, MAC_ENB6, 6);
	ip6_l4_cksum(frame + ipo, 2);
	fl += 32;
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(slow_path(), 1);

	wl_ = put_eth(want, MAC_ENB6, mac_acc, 0x86dd);
	ipo = wl_;
	wl_ += put_ip6(want + wl_, ACC6, ENB6, 58, 255, 32);
	memset(want + wl_, 0, 32);
	want[wl_] = 136;
	want[wl_ + 4] = 0xe0;	/* router, solicited, override */
	memcpy(want + wl_ + 8, ACC6, 16);
	want[wl_ + 24] = 2;
	want[wl_ + 25] = 1;
	memcpy(want + wl_ + 26, mac_acc, 6);
	ip6_l4_cksum(want + ipo, 2);
	wl_ += 32;
	expect_frame(RING_ACC, want, wl_);
}

static void
test_dp_fwd_neighbour_resolved_by_arp(void)
{
	uint8_t frame[MAXPKT], got[MAXPKT];
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint64_t u0 = drops(DP_DROP_NH_UNRESOLVED);
	uint64_t dl0;
	size_t fl, len;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	/* Session C's peer is unresolved: downlink waits. */
	fl = put_eth(frame, mac_core, MAC_RTR4, 0x0800);
	fl += put_inner(frame + fl, 4, SRV4, UE4_C, 64);
	inject(P_CORE, frame, fl);
	CU_ASSERT_EQUAL(drops(DP_DROP_NH_UNRESOLVED) - u0, 1);
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 0);

	/* Resolution sends an ARP request from our access address. */
	CU_ASSERT_EQUAL(ctl_punt_resolve(ctl_loop_now_ms()), 1);
	dp_msg_tx_poll(wl());
	dp_lcore_tx_flush(wl());
	len = take(RING_ACC, got);
	CU_ASSERT_EQUAL_FATAL(len, 42);
	CU_ASSERT_EQUAL(memcmp(got, bcast, 6), 0);
	CU_ASSERT_EQUAL(got[21], 1);
	CU_ASSERT_EQUAL(memcmp(got + 28, ACC4, 4), 0);
	CU_ASSERT_EQUAL(memcmp(got + 38, ENB4_UNRES, 4), 0);
	/* Not again before the retry interval. */
	CU_ASSERT_EQUAL(ctl_punt_resolve(ctl_loop_now_ms()), 0);

	/* The answer makes the neighbour usable. */
	fl = put_eth(frame, mac_acc, MAC_ENB_UNRES, 0x0806);
	memcpy(frame + fl, (const uint8_t[]){ 0, 1, 8, 0, 6, 4, 0, 2 }, 8);
	memcpy(frame + fl + 8, MAC_ENB_UNRES, 6);
	memcpy(frame + fl + 14, ENB4_UNRES, 4);
	memcpy(frame + fl + 18, mac_acc, 6);
	memcpy(frame + fl + 24, ACC4, 4);
	inject(P_ACC, frame, fl + 28);
	slow_path();
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_NH_LEARNT) >= 1, 1);

	dl0 = cnt(DP_CNT_GPDU_DL);
	fl = put_eth(frame, mac_core, MAC_RTR4, 0x0800);
	fl += put_inner(frame + fl, 4, SRV4, UE4_C, 64);
	inject(P_CORE, frame, fl);
	CU_ASSERT_EQUAL(cnt(DP_CNT_GPDU_DL) - dl0, 1);
	len = take(RING_ACC, got);
	CU_ASSERT_FATAL(len > 14);
	CU_ASSERT_EQUAL(memcmp(got, MAC_ENB_UNRES, 6), 0);
}

static void
test_dp_fwd_onlink_destination_resolved_by_nd(void)
{
	static const uint8_t host6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x0c,
					   [15] = 0x50 };
	static const uint8_t core6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x0c,
					   [15] = 0x01 };
	static const uint8_t host_mac[6] = { 2, 0, 0, 0, 2, 0x50 };
	uint8_t gtp[256], frame[MAXPKT], got[MAXPKT], want[MAXPKT];
	uint64_t u0 = drops(DP_DROP_NH_UNRESOLVED);
	size_t il, gl, fl, len, ipo, wl_;
	uint16_t id;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	/* Uplink to an on-link host of the core subnet nobody resolved. */
	il = put_inner(gtp + 8, 6, UE6_A_HOST, host6, 64);
	gl = put_gtp(gtp, 255, TEID_A, (uint16_t)il, -1, 0);
	fl = put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4, GW4, 40000, gtp,
			    gl + il);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(dp_msg_ring_count(0, true), 1);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_EQUAL_FATAL(dp_fwd_nh_lookup(6, host6, &id), 0);
	inject(P_ACC, frame, fl);
	CU_ASSERT_EQUAL(drops(DP_DROP_NH_UNRESOLVED) - u0, 1);

	/* A solicitation to its solicited-node group, from our address. */
	CU_ASSERT_EQUAL(ctl_punt_resolve(ctl_loop_now_ms()), 1);
	dp_msg_tx_poll(wl());
	dp_lcore_tx_flush(wl());
	len = take(RING_CORE, got);
	wl_ = put_eth(want, (const uint8_t[]){ 0x33, 0x33, 0xff, 0, 0, 0x50 },
		      mac_core, 0x86dd);
	ipo = wl_;
	wl_ += put_ip6(want + wl_, core6,
		       (const uint8_t[]){ 0xff, 0x02, [11] = 1, [12] = 0xff,
					  [15] = 0x50 }, 58, 255, 32);
	memset(want + wl_, 0, 32);
	want[wl_] = 135;
	memcpy(want + wl_ + 8, host6, 16);
	want[wl_ + 24] = 1;
	want[wl_ + 25] = 1;
	memcpy(want + wl_ + 26, mac_core, 6);
	ip6_l4_cksum(want + ipo, 2);
	wl_ += 32;
	CU_ASSERT_EQUAL(len, wl_);
	CU_ASSERT_EQUAL(memcmp(got, want, wl_), 0);

	/* Its advertisement makes it usable. */
	fl = put_eth(frame, mac_core, host_mac, 0x86dd);
	ipo = fl;
	fl += put_ip6(frame + fl, host6, core6, 58, 255, 32);
	memset(frame + fl, 0, 32);
	frame[fl] = 136;
	frame[fl + 4] = 0x60;
	memcpy(frame + fl + 8, host6, 16);
	frame[fl + 24] = 2;
	frame[fl + 25] = 1;
	memcpy(frame + fl + 26, host_mac, 6);
	ip6_l4_cksum(frame + ipo, 2);
	inject(P_CORE, frame, fl + 32);
	CU_ASSERT_EQUAL(slow_path(), 1);
	il = put_inner(gtp + 8, 6, UE6_A_HOST, host6, 64);
	fl = put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4, GW4, 40000, gtp,
			    gl + il);
	inject(P_ACC, frame, fl);
	len = take(RING_CORE, got);
	CU_ASSERT_EQUAL(len, 14 + il);
	CU_ASSERT_EQUAL(memcmp(got, host_mac, 6), 0);
}

/* Error Indication from ENB4 naming TEID @teid at IPv4 peer 198.51.100.@p4. */
static void
inject_err_ind(uint32_t teid, uint8_t p4)
{
	uint8_t gtp[64], frame[MAXPKT];
	size_t fl;

	memcpy(gtp, (const uint8_t[]){ 0x32, 26, 0, 16, 0, 0, 0, 0, 0, 1, 0, 0,
				       16, (uint8_t)(teid >> 24),
				       (uint8_t)(teid >> 16), (uint8_t)(teid >> 8),
				       (uint8_t)teid,
				       133, 0, 4, 198, 51, 100, p4 }, 24);
	fl = put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4, GW4, 2152, gtp,
			    24);
	inject(P_ACC, frame, fl);
}

static void
test_dp_fwd_error_indication_marks_session(void)
{
	const struct sess *s, *sa, *sb;
	uint64_t m0 = ctl_punt_cnt(CTL_PUNT_ERRIND_MARKED);
	uint64_t u0 = ctl_punt_cnt(CTL_PUNT_ERRIND_UNKNOWN);
	uint32_t n_pending;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	sa = sess_table_lookup_teid(dp_sess_table(), TEID_A);
	sb = sess_table_lookup_teid(dp_sess_table(), TEID_B);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sa);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sb);
	CU_ASSERT_FALSE(sa->p.flags & SESS_F_ERR_IND);
	n_pending = sess_table_pending(dp_sess_table());

	/*
	 * Unknown (peer, TEID): a TEID no session sends to, and A's remote
	 * TEID at another peer address. Counted as unknown, nothing changes.
	 */
	inject_err_ind(0x999, 20);
	inject_err_ind(TEID_A_R, 21);
	CU_ASSERT_EQUAL(slow_path(), 2);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_ERRIND_UNKNOWN) - u0, 2);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_ERRIND_MARKED) - m0, 0);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_teid(dp_sess_table(), TEID_A), sa);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_teid(dp_sess_table(), TEID_B), sb);
	CU_ASSERT_EQUAL(sess_table_pending(dp_sess_table()), n_pending);

	/* The peer does not know TEID_A_R, which it gave us for session A. */
	inject_err_ind(TEID_A_R, 20);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_ERRIND_MARKED) - m0, 1);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_ERRIND_UNKNOWN) - u0, 2);
	s = sess_table_lookup_teid(dp_sess_table(), TEID_A);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_TRUE(s->p.flags & SESS_F_ERR_IND);
	/* Found by its (peer, remote TEID) key, which points at the new object. */
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_remote(dp_sess_table(), 4,
						     s->p.peer_addr, TEID_A_R),
			    s);
	s = sess_table_lookup_teid(dp_sess_table(), TEID_B);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_FALSE(s->p.flags & SESS_F_ERR_IND);

	/* Repeated: counted again, the session stays marked. */
	inject_err_ind(TEID_A_R, 20);
	CU_ASSERT_EQUAL(slow_path(), 1);
	CU_ASSERT_EQUAL(ctl_punt_cnt(CTL_PUNT_ERRIND_MARKED) - m0, 2);
	s = sess_table_lookup_teid(dp_sess_table(), TEID_A);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_TRUE(s->p.flags & SESS_F_ERR_IND);
}

static void
test_dp_fwd_punt_ring_full_dropped(void)
{
	uint8_t frame[64];
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint64_t f0 = drops(DP_DROP_PUNT_RING_FULL);
	uint64_t p0 = cnt(DP_CNT_PUNTED);
	unsigned int i;
	size_t fl;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	fl = put_eth(frame, bcast, MAC_ENB4, 0x0806);
	memset(frame + fl, 0, 28);
	memcpy(frame + fl, (const uint8_t[]){ 0, 1, 8, 0, 6, 4, 0, 2 }, 8);
	for (i = 0; i < DP_MSG_PUNT_RING_SIZE + 5; i++)
		inject(P_ACC, frame, fl + 28);
	/* An rte_ring of size N holds N - 1. */
	CU_ASSERT_EQUAL(cnt(DP_CNT_PUNTED) - p0, DP_MSG_PUNT_RING_SIZE - 1);
	CU_ASSERT_EQUAL(drops(DP_DROP_PUNT_RING_FULL) - f0, 6);
	while (ctl_punt_poll(CTL_PUNT_BUDGET) != 0)
		;
	CU_ASSERT_EQUAL(dp_msg_ring_count(0, true), 0);
}

static void
test_dp_fwd_not_handled_ethertype_dropped(void)
{
	uint8_t frame[64];
	uint64_t d0 = drops(DP_DROP_ETHER_TYPE);
	uint64_t t0 = drops(DP_DROP_ETHER_TRUNC);

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	memset(frame, 0, sizeof(frame));
	put_eth(frame, mac_acc, MAC_ENB4, 0x88cc);	/* LLDP */
	inject(P_ACC, frame, 60);
	inject(P_CORE, frame, 10);
	CU_ASSERT_EQUAL(drops(DP_DROP_ETHER_TYPE) - d0, 1);
	CU_ASSERT_EQUAL(drops(DP_DROP_ETHER_TRUNC) - t0, 1);
}

/* Run the API command @cmd (JSON) into @buf; its return value. */
static int
api_run(const char *cmd, char *buf, size_t len)
{
	char line[256];
	char *argv[CTL_API_MAX_WORDS];
	struct ctl_reply *out;
	const char *s;
	size_t n;
	int argc, ret;

	snprintf(line, sizeof(line), "%s", cmd);
	argc = ctl_api_split(line, argv, CTL_API_MAX_WORDS);
	CU_ASSERT_FATAL(argc > 0);
	out = ctl_reply_new(CTL_REPLY_JSON);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	ret = ctl_api_dispatch(argc, argv, out);
	s = ctl_reply_finish(out, &n);
	snprintf(buf, len, "%s", s != NULL ? s : "");
	ctl_reply_free(out);
	return ret;
}

/*
 * The neighbour and route listings show only their own address family and
 * refuse arguments, naming the command.
 */
static void
test_dp_fwd_show_per_family(void)
{
	static const struct {
		const char	*cmd;
		const char	*has;
		const char	*not;
	} c[] = {
		{ "show ip arp", "203.0.113.254", "2001:db8:c::fe" },
		{ "show ipv6 neighbors", "2001:db8:c::fe", "203.0.113.254" },
		{ "show ip route", "203.0.113.254", "2001:db8:c::fe" },
		{ "show ipv6 route", "2001:db8:c::fe", "203.0.113.254" },
	};
	char buf[8192], cmd[64], msg[96];
	unsigned int i;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	CU_ASSERT_EQUAL_FATAL(ctl_fwd_register(), 0);
	for (i = 0; i < RTE_DIM(c); i++) {
		CU_ASSERT_EQUAL(api_run(c[i].cmd, buf, sizeof(buf)), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(buf, c[i].has));
		CU_ASSERT_PTR_NULL(strstr(buf, c[i].not));
		snprintf(cmd, sizeof(cmd), "%s extra", c[i].cmd);
		snprintf(msg, sizeof(msg), "%s takes no arguments", c[i].cmd);
		CU_ASSERT_EQUAL(api_run(cmd, buf, sizeof(buf)), -EINVAL);
		CU_ASSERT_PTR_NOT_NULL(strstr(buf, msg));
	}
}

/*
 * Worker micro-checkpoints.
 */

#define MC_N		8		/* sessions of the test */
#define MC_TEID		0x300
#define MC_HOUR_MS	3600000u	/* an interval no test run outlasts */

static uint32_t mc_slot[MC_N];

static struct dp_ckpt_ring_worker *
mc_w(void)
{
	return wl()->mc;
}

/* Pretend this worker last noted every test session two intervals ago. */
static void
mc_age(void)
{
	struct sess_cnt *c = sess_table_cnt(dp_sess_table(), wl()->worker_idx);
	uint64_t r = dp_fwd_state_get()->mc_refresh_tsc;
	unsigned int i;

	if (r == DP_CKPT_RING_OFF)
		r = (uint64_t)MC_HOUR_MS * rte_get_tsc_hz() / 1000;
	for (i = 0; i < MC_N; i++)
		c[mc_slot[i]].ckpt_tsc = rte_rdtsc() - 2 * r;
}

/*
 * One burst: @per packets of every test session, uplink on the access
 * port, then the same downlink on the core port; the forwarded packets
 * are thrown away.
 */
static void
mc_traffic(unsigned int per)
{
	struct rte_mbuf *ul[DP_BURST_MAX], *dl[DP_BURST_MAX];
	uint8_t gtp[256], frame[MAXPKT], ue[4] = { 10, 65, 0, 0 };
	unsigned int n = 0;
	unsigned int i, k;
	size_t il, gl, fl;
	uint8_t *d;

	CU_ASSERT_FATAL(MC_N * per <= DP_BURST_MAX);
	for (k = 0; k < per; k++) {
		for (i = 0; i < MC_N; i++, n++) {
			ue[3] = (uint8_t)(i + 1);
			il = put_inner(gtp + 8, 4, ue, SRV4, 64);
			gl = put_gtp(gtp, 255, MC_TEID + i, (uint16_t)il, -1,
				     0);
			fl = put_gtpu_frame(frame, mac_acc, MAC_ENB4, 4, ENB4,
					    GW4, 40000, gtp, gl + il);
			ul[n] = rte_pktmbuf_alloc(dp_mbuf_pool());
			CU_ASSERT_PTR_NOT_NULL_FATAL(ul[n]);
			d = (uint8_t *)rte_pktmbuf_append(ul[n], (uint16_t)fl);
			memcpy(d, frame, fl);
			fl = put_eth(frame, mac_core, MAC_RTR4, 0x0800);
			fl += put_inner(frame + fl, 4, SRV4, ue, 64);
			dl[n] = rte_pktmbuf_alloc(dp_mbuf_pool());
			CU_ASSERT_PTR_NOT_NULL_FATAL(dl[n]);
			d = (uint8_t *)rte_pktmbuf_append(dl[n], (uint16_t)fl);
			memcpy(d, frame, fl);
		}
	}
	dp_lcore_handle_burst(wl(), P_ACC, ul, (uint16_t)n);
	dp_lcore_handle_burst(wl(), P_CORE, dl, (uint16_t)n);
	dp_lcore_tx_flush(wl());
	ut_ring_drain(RING_ACC);
	ut_ring_drain(RING_CORE);
}

/* Drain this worker's ring; how often each test session's slot came out
 * into @per_sess; returns the number of slots drained. */
static unsigned int
mc_drain(unsigned int *per_sess)
{
	uint32_t slots[DP_CKPT_RING_SIZE];
	unsigned int n = 0;
	unsigned int k;
	unsigned int i;
	unsigned int j;

	memset(per_sess, 0, MC_N * sizeof(*per_sess));
	while ((k = dp_ckpt_ring_drain(dp_ckpt_ring_get(), wl()->worker_idx, slots,
				RTE_DIM(slots))) != 0) {
		for (i = 0; i < k; i++)
			for (j = 0; j < MC_N; j++)
				if (slots[i] == mc_slot[j])
					per_sess[j]++;
		n += k;
	}
	return n;
}

/* "key": value in object/array @obj of a JSON reply (the first after
 * "@obj" and before "@end"), or UINT64_MAX when absent. */
static uint64_t
json_u64(const char *json, const char *obj, const char *end,
	 const char *key)
{
	char pat[64];
	const char *o;
	const char *e;
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\"", obj);
	o = strstr(json, pat);
	if (o == NULL)
		return UINT64_MAX;
	snprintf(pat, sizeof(pat), "\"%s\"", end);
	e = strstr(o, pat);
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(o, pat);
	if (p == NULL || (e != NULL && p > e))
		return UINT64_MAX;
	return strtoull(p + strlen(pat), NULL, 10);
}

/*
 * Off by default: no slot is noted however old the last note. With an
 * interval, a burst of several packets per session notes each session
 * once, both directions included; more packets within the interval note
 * nothing; the next interval notes each once again. A standby notes
 * nothing. The counters are shown in show dataplane statistics.
 */
static void
test_dp_fwd_micro_checkpoints(void)
{
	static char buf[1 << 16];
	const struct dp_ckpt_ring *mc = dp_ckpt_ring_get();
	struct dp_fwd_state *st;
	unsigned int per[MC_N];
	uint32_t gen;
	uint64_t e0;
	uint64_t hz;
	unsigned int i;
	uint8_t ue[4] = { 10, 65, 0, 0 };
	int ret = 0;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mc);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mc_w());
	CU_ASSERT_PTR_EQUAL(mc_w(), &mc->w[wl()->worker_idx]);
	for (i = 0; i < MC_N && ret == 0; i++) {
		ue[3] = (uint8_t)(i + 1);
		ret = session_add(MC_TEID + i, MC_TEID + 0x100 + i, 4, ENB4,
				  ue, NULL, -1, &mc_slot[i]);
	}
	CU_ASSERT_EQUAL_FATAL(ret, 0);
	mc_drain(per);
	e0 = dp_ckpt_ring_emitted(mc);

	/* Off (the default), also in a state built from scratch. */
	st = dp_fwd_state_new((int)rte_socket_id());
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(st->mc_refresh_tsc, DP_CKPT_RING_OFF);
	dp_fwd_state_free(st);
	CU_ASSERT_EQUAL(ctl_fwd_mc_get(), 0);
	CU_ASSERT_EQUAL(dp_fwd_state_get()->mc_refresh_tsc, DP_CKPT_RING_OFF);
	mc_age();
	mc_traffic(3);
	CU_ASSERT_EQUAL(mc_drain(per), 0);
	CU_ASSERT_EQUAL(dp_ckpt_ring_emitted(mc), e0);
	CU_ASSERT_EQUAL(mc_w()->n_buf, 0);

	/* On: once per session per interval, not per packet. */
	hz = rte_get_tsc_hz();
	gen = dp_fwd_state_get()->gen;
	CU_ASSERT_EQUAL_FATAL(ctl_fwd_mc_set(MC_HOUR_MS), 0);
	CU_ASSERT_EQUAL(ctl_fwd_mc_get(), MC_HOUR_MS);
	CU_ASSERT_TRUE(dp_fwd_state_get()->gen > gen);
	CU_ASSERT_EQUAL(dp_fwd_state_get()->mc_refresh_tsc,
			(uint64_t)MC_HOUR_MS * hz / 1000);
	/* The same value again publishes nothing. */
	gen = dp_fwd_state_get()->gen;
	CU_ASSERT_EQUAL(ctl_fwd_mc_set(MC_HOUR_MS), 0);
	CU_ASSERT_EQUAL(dp_fwd_state_get()->gen, gen);

	mc_age();
	mc_traffic(3);
	CU_ASSERT_EQUAL(mc_drain(per), MC_N);
	for (i = 0; i < MC_N; i++)
		CU_ASSERT_EQUAL(per[i], 1);
	CU_ASSERT_EQUAL(dp_ckpt_ring_emitted(mc) - e0, MC_N);
	CU_ASSERT_EQUAL(mc_w()->n_buf, 0);
	mc_traffic(2);
	CU_ASSERT_EQUAL(mc_drain(per), 0);
	/* Next interval. */
	mc_age();
	mc_traffic(1);
	CU_ASSERT_EQUAL(mc_drain(per), MC_N);
	for (i = 0; i < MC_N; i++)
		CU_ASSERT_EQUAL(per[i], 1);
	CU_ASSERT_EQUAL(dp_ckpt_ring_emitted(mc) - e0, 2 * MC_N);
	CU_ASSERT_EQUAL(dp_ckpt_ring_full(mc), 0);

	/* Shown, in total and per worker. */
	CU_ASSERT_EQUAL_FATAL(ctl_fwd_register(), 0);
	CU_ASSERT_EQUAL(api_run("show dataplane statistics", buf, sizeof(buf)),
			0);
	CU_ASSERT_EQUAL(json_u64(buf, "counters", "drops", "mc_emitted"),
			dp_ckpt_ring_emitted(mc));
	CU_ASSERT_EQUAL(json_u64(buf, "counters", "drops", "mc_ring_full"), 0);
	/* One worker: its counters are the totals. */
	CU_ASSERT_EQUAL(json_u64(buf, "workers", "", "mc_emitted"),
			dp_ckpt_ring_emitted(mc));
	CU_ASSERT_EQUAL(json_u64(buf, "workers", "", "mc_ring_full"), 0);
	CU_ASSERT_EQUAL(json_u64(buf, "workers", "", "mc_ring_waiting"), 0);

	/* A standby counts nothing, so notes nothing. */
	CU_ASSERT_EQUAL_FATAL(ctl_fwd_active_set(false), 0);
	mc_age();
	mc_traffic(2);
	CU_ASSERT_EQUAL(mc_drain(per), 0);
	CU_ASSERT_EQUAL_FATAL(ctl_fwd_active_set(true), 0);
	CU_ASSERT_EQUAL(dp_fwd_state_get()->mc_refresh_tsc,
			(uint64_t)MC_HOUR_MS * hz / 1000);

	/* Off again. */
	CU_ASSERT_EQUAL_FATAL(ctl_fwd_mc_set(0), 0);
	CU_ASSERT_EQUAL(dp_fwd_state_get()->mc_refresh_tsc, DP_CKPT_RING_OFF);
	mc_age();
	mc_traffic(1);
	CU_ASSERT_EQUAL(mc_drain(per), 0);
	CU_ASSERT_EQUAL(dp_ckpt_ring_emitted(mc) - e0, 2 * MC_N);

	for (i = 0; i < MC_N; i++) {
		const struct sess *s = sess_table_lookup_teid(dp_sess_table(),
							      MC_TEID + i);

		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		ctl_nbr_peer_put(s->p.nh_id);
		CU_ASSERT_EQUAL(sess_table_del(dp_sess_table(), MC_TEID + i),
				0);
	}
	sess_table_reclaim_wait(dp_sess_table());
}

static void
test_dp_fwd_no_mbuf_leak(void)
{
	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	CU_ASSERT_EQUAL(ut_ring_count(RING_ACC), 0);
	CU_ASSERT_EQUAL(ut_ring_count(RING_CORE), 0);
	CU_ASSERT_EQUAL(rte_mempool_in_use_count(dp_mbuf_pool()), 0);
}

/* ARP request for ACC4 from ENB4 into the rx side of the access ring. */
static void
ring_inject_arp_request(void)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct rte_ring *r = rte_ring_lookup(RING_ACC);
	struct rte_mbuf *m = rte_pktmbuf_alloc(dp_mbuf_pool());
	uint8_t *d;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	d = (uint8_t *)rte_pktmbuf_append(m, 42);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	put_eth(d, bcast, MAC_ENB4, 0x0806);
	memcpy(d + 14, (const uint8_t[]){ 0, 1, 8, 0, 6, 4, 0, 1 }, 8);
	memcpy(d + 22, MAC_ENB4, 6);
	memcpy(d + 28, ENB4, 4);
	memset(d + 32, 0, 6);
	memcpy(d + 38, ACC4, 4);
	CU_ASSERT_EQUAL_FATAL(rte_ring_enqueue(r, m), 0);
}

/* Run the slow path until @c moved past @from (bounded). */
static bool
wait_punt_cnt(enum ctl_punt_cnt c, uint64_t from)
{
	unsigned int ms;

	for (ms = 0; ms < 3000; ms++) {
		ctl_punt_poll(CTL_PUNT_BUDGET);
		if (ctl_punt_cnt(c) > from)
			return true;
		usleep(1000);
	}
	return false;
}

/*
 * With the worker running: its loop polls the tx ring, and a new
 * forwarding state can be published under it (grace period included).
 */
static void
test_dp_fwd_running_worker_answers_arp(void)
{
	char err[256];
	uint64_t r0 = ctl_punt_cnt(CTL_PUNT_ARP_REPLY);
	uint32_t gen0 = dp_fwd_state_get()->gen;
	struct dp_port_stats ps;
	unsigned int ms;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	CU_ASSERT_EQUAL_FATAL(dp_launch(), 0);
	ring_inject_arp_request();
	CU_ASSERT_TRUE(wait_punt_cnt(CTL_PUNT_ARP_REPLY, r0));
	/* The worker sent it (and reads it back from the loop ring: our own
	 * reply is punted again and ignored). */
	for (ms = 0; ms < 3000; ms++) {
		CU_ASSERT_EQUAL(dp_port_stats_get(P_ACC, &ps), 0);
		if (ps.sw_tx >= 1)
			break;
		usleep(1000);
	}
	CU_ASSERT_TRUE(ps.sw_tx >= 1);

	CU_ASSERT_EQUAL(ctl_fwd_build(test_cc, err, sizeof(err)), 0);
	CU_ASSERT_TRUE(dp_fwd_state_get()->gen > gen0);
	ring_inject_arp_request();
	CU_ASSERT_TRUE(wait_punt_cnt(CTL_PUNT_ARP_REPLY, r0 + 1));

	dp_lcore_stop_set(true);
	rte_eal_mp_wait_lcore();
	while (ctl_punt_poll(CTL_PUNT_BUDGET) != 0)
		;
	ut_ring_drain(RING_ACC);
	CU_ASSERT_EQUAL(rte_mempool_in_use_count(dp_mbuf_pool()), 0);
}

/*
 * The control side replaces the forwarding state and frees a neighbour
 * (last reference) while a reader is inside its read-side critical section
 * holding both: both calls return at once, the neighbour id is not given
 * to another address and nothing is freed until the reader has left. The
 * control side runs on its own thread so that a blocking wait shows as a
 * bounded failure, not a hang; waits are polls bounded by count.
 */
struct fwd_hold {
	struct ut_hold		h;
	uint16_t		nh_id;		/* the neighbour the reader holds */
	uint16_t		other_id;	/* given to a new address meanwhile */
	int			other_ret;
	uint32_t		gen;		/* of the state the reader holds */
};

static void *
fwd_hold_reader(void *arg)
{
	struct fwd_hold *h = arg;
	const volatile struct dp_fwd_state *st;
	uint16_t id = DP_NH_NONE;

	rcu_register_thread();
	st = dp_fwd_state_get();
	h->gen = st->gen;
	if (dp_fwd_nh_lookup(4, (const uint8_t[]){ 198, 51, 100, 77 }, &id) !=
	    0 || id != h->nh_id)
		h->h.n_bad++;
	atomic_store(&h->h.inside, true);
	ut_hold_spin(&h->h.leave);
	if (st->gen != h->gen)
		h->h.n_bad++;
	rcu_quiescent_state();
	rcu_unregister_thread();
	return NULL;
}

static void *
fwd_hold_ctl(void *arg)
{
	static const uint8_t other[4] = { 198, 51, 100, 78 };
	struct fwd_hold *h = arg;
	struct dp_fwd_state *st;

	dp_rcu_ctl_thread_enter();	/* as the control lcore: no reader */
	ut_hold_spin(&h->h.inside);
	st = dp_fwd_state_clone(dp_fwd_state_get());
	if (st != NULL)
		dp_fwd_publish(st);
	ctl_nbr_peer_put(h->nh_id);
	h->other_ret = ctl_nbr_peer_get(4, other, &h->other_id);
	atomic_store(&h->h.ctl_pending, dp_fwd_reclaim_pending());
	atomic_store(&h->h.ctl_done, true);
	dp_rcu_ctl_thread_exit();
	return NULL;
}

static void
test_dp_fwd_reclaim_never_waits(void)
{
	static const uint8_t tmp[4] = { 198, 51, 100, 77 };
	struct fwd_hold h = { .other_id = DP_NH_NONE };
	struct ctl_nbr_info nh;
	pthread_t rd, ctl;
	bool returned;
	unsigned int n;
	uint64_t seq;

	CU_ASSERT_EQUAL_FATAL(setup_ret, 0);
	dp_fwd_reclaim_wait();
	CU_ASSERT_EQUAL(dp_fwd_reclaim_pending(), 0);
	CU_ASSERT_EQUAL_FATAL(ctl_nbr_peer_get(4, tmp, &h.nh_id), 0);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&rd, NULL, fwd_hold_reader, &h),
			      0);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&ctl, NULL, fwd_hold_ctl, &h), 0);
	CU_ASSERT_TRUE(ut_hold_spin(&h.h.inside));
	returned = ut_hold_spin(&h.h.ctl_done);
	CU_ASSERT_TRUE(returned);
	/* The old state and the neighbour wait; the id went to no one. */
	CU_ASSERT_EQUAL(atomic_load(&h.h.ctl_pending), 2);
	CU_ASSERT_EQUAL(h.other_ret, 0);
	CU_ASSERT_NOT_EQUAL(h.other_id, h.nh_id);
	CU_ASSERT_EQUAL(ctl_nbr_info_get(h.nh_id, &nh), -ENOENT);
	CU_ASSERT_EQUAL(dp_fwd_nh_lookup(4, tmp, &h.other_id), -ENOENT);
	seq = dp_fwd_published();
	for (n = 0; returned && n < 1000; n++) {
		CU_ASSERT_EQUAL(dp_fwd_reclaim(), 0);
		/* A reader may still act on the old state: not settled. */
		CU_ASSERT_FALSE(dp_fwd_settled(seq));
	}
	CU_ASSERT_EQUAL(dp_fwd_reclaim_pending(), 2);
	atomic_store(&h.h.leave, true);
	pthread_join(rd, NULL);
	pthread_join(ctl, NULL);
	CU_ASSERT_EQUAL(h.h.n_bad, 0);
	/* Reader gone: polls release both (a poll never waits). */
	for (n = 0; n < UT_HOLD_SPINS && dp_fwd_reclaim_pending() != 0; n++) {
		dp_fwd_reclaim();
		sched_yield();
	}
	CU_ASSERT_EQUAL(dp_fwd_reclaim_pending(), 0);
	CU_ASSERT_TRUE(dp_fwd_settled(seq));
	CU_ASSERT_NOT_EQUAL(dp_fwd_state_get()->gen, h.gen);
	ctl_nbr_peer_put(h.other_id == DP_NH_NONE ? 0 : h.other_id);
	dp_fwd_reclaim_wait();
}

static CU_TestInfo fwd_tests[] = {
	{ "test_dp_fwd_state_from_conf", test_dp_fwd_state_from_conf },
	{ "test_dp_fwd_peer_nh_refcount", test_dp_fwd_peer_nh_refcount },
	{ "test_dp_fwd_reclaim_never_waits", test_dp_fwd_reclaim_never_waits },
	{ "test_dp_fwd_srp_activate_address_only_while_active",
	  test_dp_fwd_srp_activate_address_only_while_active },
	{ "test_dp_fwd_lpm_longest_prefix_wins",
	  test_dp_fwd_lpm_longest_prefix_wins },
	{ "test_dp_fwd_uplink_v4_in_v4", test_dp_fwd_uplink_v4_in_v4 },
	{ "test_dp_fwd_uplink_v6_in_v4_with_qfi",
	  test_dp_fwd_uplink_v6_in_v4_with_qfi },
	{ "test_dp_fwd_uplink_v4_in_v6", test_dp_fwd_uplink_v4_in_v6 },
	{ "test_dp_fwd_uplink_ttl_expired_dropped",
	  test_dp_fwd_uplink_ttl_expired_dropped },
	{ "test_dp_fwd_uplink_malformed_dropped_by_reason",
	  test_dp_fwd_uplink_malformed_dropped_by_reason },
	{ "test_dp_fwd_end_marker_consumed", test_dp_fwd_end_marker_consumed },
	{ "test_dp_fwd_downlink_v4_in_v4", test_dp_fwd_downlink_v4_in_v4 },
	{ "test_dp_fwd_downlink_v6_prefix_in_v4",
	  test_dp_fwd_downlink_v6_prefix_in_v4 },
	{ "test_dp_fwd_downlink_v4_in_v6_with_qfi",
	  test_dp_fwd_downlink_v4_in_v6_with_qfi },
	{ "test_dp_fwd_downlink_no_session_dropped",
	  test_dp_fwd_downlink_no_session_dropped },
	{ "test_dp_fwd_standby_forwards_nothing",
	  test_dp_fwd_standby_forwards_nothing },
	{ "test_dp_fwd_volte_mode_forwards_only_volte",
	  test_dp_fwd_volte_mode_forwards_only_volte },
	{ "test_dp_fwd_rule_drop_flags", test_dp_fwd_rule_drop_flags },
	{ "test_dp_fwd_micro_checkpoints", test_dp_fwd_micro_checkpoints },
	{ "test_dp_fwd_unknown_teid_punted_error_indication",
	  test_dp_fwd_unknown_teid_punted_error_indication },
	{ "test_dp_fwd_error_indication_rate_limited",
	  test_dp_fwd_error_indication_rate_limited },
	{ "test_dp_fwd_echo_request_answered",
	  test_dp_fwd_echo_request_answered },
	{ "test_dp_fwd_arp_request_answered", test_dp_fwd_arp_request_answered },
	{ "test_dp_fwd_icmp_echo_answered", test_dp_fwd_icmp_echo_answered },
	{ "test_dp_fwd_ns_answered_with_na", test_dp_fwd_ns_answered_with_na },
	{ "test_dp_fwd_neighbour_resolved_by_arp",
	  test_dp_fwd_neighbour_resolved_by_arp },
	{ "test_dp_fwd_onlink_destination_resolved_by_nd",
	  test_dp_fwd_onlink_destination_resolved_by_nd },
	{ "test_dp_fwd_error_indication_marks_session",
	  test_dp_fwd_error_indication_marks_session },
	{ "test_dp_fwd_punt_ring_full_dropped",
	  test_dp_fwd_punt_ring_full_dropped },
	{ "test_dp_fwd_not_handled_ethertype_dropped",
	  test_dp_fwd_not_handled_ethertype_dropped },
	{ "test_dp_fwd_show_per_family", test_dp_fwd_show_per_family },
	{ "test_dp_fwd_no_mbuf_leak", test_dp_fwd_no_mbuf_leak },
	{ "test_dp_fwd_running_worker_answers_arp",
	  test_dp_fwd_running_worker_answers_arp },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "dp_fwd", suite_init, suite_fini, NULL, NULL, fwd_tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	(void)argc;
	return ut_fwd_main(argv[0], "test_dp_fwd_", suites);
}
