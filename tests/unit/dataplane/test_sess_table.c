/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CUnit tests of the session tables with EAL up (suite "eal"): add, lookup,
 * duplicates, modify, delete, reclaim and slot reuse, a QSBR reader racing
 * the writer, capacity, and 1M sessions created and deleted twice with the
 * memory back at its start. Context: test main thread + one reader thread.
 */
#include <errno.h>
#include <inttypes.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <urcu-qsbr.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "dp_rcu.h"
#include "sess_table.h"
#include "support/ut_eal.h"
#include "support/ut_hold.h"

#define N_WORKERS	2
#define BIG_N		1000000u

/* A session numbered @i: TEID i, remote TEID i + 1000, UE 10.x.y.z. */
static struct sess_params
mk(uint32_t i, bool ue4, bool ue6)
{
	struct sess_params p;

	memset(&p, 0, sizeof(p));
	p.teid_local = i;
	p.teid_remote = i + 1000;
	p.peer_af = 4;
	p.peer_addr[0] = 192;
	p.peer_addr[1] = 0;
	p.peer_addr[2] = 2;
	p.peer_addr[3] = 1;
	if (ue4) {
		p.has_ue4 = true;
		p.ue4[0] = 10;
		p.ue4[1] = (uint8_t)(i >> 16);
		p.ue4[2] = (uint8_t)(i >> 8);
		p.ue4[3] = (uint8_t)i;
	}
	if (ue6) {
		p.has_ue6 = true;
		p.ue6[0] = 0x20;
		p.ue6[1] = 0x01;
		p.ue6[2] = 0x0d;
		p.ue6[3] = 0xb8;
		p.ue6[4] = (uint8_t)(i >> 24);
		p.ue6[5] = (uint8_t)(i >> 16);
		p.ue6[6] = (uint8_t)(i >> 8);
		p.ue6[7] = (uint8_t)i;
	}
	return p;
}

static struct sess_table *
mk_table(uint32_t capacity)
{
	struct sess_table *t = sess_table_create(capacity, N_WORKERS,
						 (int)rte_socket_id());

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	return t;
}

static void
test_sess_table_create_invalid(void)
{
	errno = 0;
	CU_ASSERT_PTR_NULL(sess_table_create(0, 1, SOCKET_ID_ANY));
	CU_ASSERT_EQUAL(errno, EINVAL);
	errno = 0;
	CU_ASSERT_PTR_NULL(sess_table_create(16, 0, SOCKET_ID_ANY));
	CU_ASSERT_EQUAL(errno, EINVAL);
	errno = 0;
	CU_ASSERT_PTR_NULL(sess_table_create(SESS_MAX_CAPACITY + 1, 1,
					     SOCKET_ID_ANY));
	CU_ASSERT_EQUAL(errno, ENOSPC);
}

static void
test_sess_table_add_lookup(void)
{
	struct sess_table *t = mk_table(64);
	struct sess_params a = mk(1, true, false), b = mk(2, false, true),
			   c = mk(3, true, true);
	const struct sess *out[4];
	uint32_t teids[4] = { 1, 99, 3, 2 };
	uint32_t ue4[3];
	uint8_t ue6[3][16];
	uint64_t hits;

	CU_ASSERT_EQUAL(sess_table_add(t, &a), 0);
	CU_ASSERT_EQUAL(sess_table_add(t, &b), 0);
	CU_ASSERT_EQUAL(sess_table_add(t, &c), 0);
	CU_ASSERT_EQUAL(sess_table_count(t), 3);

	CU_ASSERT_PTR_NOT_NULL_FATAL(sess_table_lookup_teid(t, 1));
	CU_ASSERT_EQUAL(sess_table_lookup_teid(t, 1)->p.teid_remote, 1001);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(t, 4));
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_ue4(t, a.ue4),
			    sess_table_lookup_teid(t, 1));
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_ue6(t, b.ue6),
			    sess_table_lookup_teid(t, 2));
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_ue6(t, c.ue6),
			    sess_table_lookup_ue4(t, c.ue4));
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue6(t, a.ue6));
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue4(t, b.ue4));

	hits = sess_table_lookup_teid_bulk(t, teids, 4, out);
	CU_ASSERT_EQUAL(hits, 0xd);
	CU_ASSERT_PTR_NOT_NULL(out[0]);
	CU_ASSERT_PTR_NULL(out[1]);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out[2]);
	CU_ASSERT_EQUAL(out[2]->p.teid_local, 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out[3]);
	CU_ASSERT_EQUAL(out[3]->p.teid_local, 2);

	memcpy(&ue4[0], b.ue4, 4);	/* b has no IPv4: miss */
	memcpy(&ue4[1], c.ue4, 4);
	memcpy(&ue4[2], a.ue4, 4);
	hits = sess_table_lookup_ue4_bulk(t, ue4, 3, out);
	CU_ASSERT_EQUAL(hits, 0x6);
	CU_ASSERT_PTR_NULL(out[0]);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out[2]);
	CU_ASSERT_EQUAL(out[2]->p.teid_local, 1);

	memcpy(ue6[0], c.ue6, 16);
	memcpy(ue6[1], a.ue6, 16);
	memcpy(ue6[2], b.ue6, 16);
	hits = sess_table_lookup_ue6_bulk(t, (const uint8_t (*)[16])ue6, 3,
					  out);
	CU_ASSERT_EQUAL(hits, 0x5);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out[0]);
	CU_ASSERT_EQUAL(out[0]->p.teid_local, 3);
	CU_ASSERT_PTR_NULL(out[1]);
	sess_table_free(t);
}

static void
test_sess_table_add_invalid(void)
{
	struct sess_table *t = mk_table(16);
	struct sess_params p;

	p = mk(0, true, false);
	CU_ASSERT_EQUAL(sess_table_add(t, &p), -EINVAL);
	p = mk(5, true, false);
	p.teid_remote = 0;
	CU_ASSERT_EQUAL(sess_table_add(t, &p), -EINVAL);
	p = mk(5, false, false);
	CU_ASSERT_EQUAL(sess_table_add(t, &p), -EINVAL);
	p = mk(5, true, false);
	p.has_qfi = true;
	p.qfi = 64;
	CU_ASSERT_EQUAL(sess_table_add(t, &p), -EINVAL);
	p.qfi = 63;
	p.peer_af = 5;
	CU_ASSERT_EQUAL(sess_table_add(t, &p), -EINVAL);
	p.peer_af = 6;
	p.flags = 0x80;
	CU_ASSERT_EQUAL(sess_table_add(t, &p), -EINVAL);
	CU_ASSERT_EQUAL(sess_table_count(t), 0);
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue4(t, p.ue4));
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(t, 5));
	p.flags = SESS_F_VOLTE;
	CU_ASSERT_EQUAL(sess_table_add(t, &p), 0);
	CU_ASSERT_EQUAL(sess_table_lookup_teid(t, 5)->p.qfi, 63);
	sess_table_free(t);
}

static void
test_sess_table_duplicates_refused(void)
{
	struct sess_table *t = mk_table(16);
	struct sess_params a = mk(1, true, true), b;
	const struct sess *sa;
	struct sess_table_stats st;

	CU_ASSERT_EQUAL(sess_table_add(t, &a), 0);
	sa = sess_table_lookup_teid(t, 1);

	/* Same TEID, new addresses: none of them may appear. */
	b = mk(1, true, true);
	b.ue4[0] = 11;
	b.ue6[0] = 0x30;
	CU_ASSERT_EQUAL(sess_table_add(t, &b), -EEXIST);
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue4(t, b.ue4));
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue6(t, b.ue6));

	/* Same UE IPv4, new TEID and IPv6. */
	b = mk(2, true, true);
	memcpy(b.ue4, a.ue4, 4);
	CU_ASSERT_EQUAL(sess_table_add(t, &b), -EEXIST);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(t, 2));
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue6(t, b.ue6));

	/* Same UE IPv6 (the last table checked), new TEID and IPv4. */
	b = mk(3, true, true);
	memcpy(b.ue6, a.ue6, 16);
	CU_ASSERT_EQUAL(sess_table_add(t, &b), -EEXIST);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(t, 3));
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue4(t, b.ue4));

	CU_ASSERT_EQUAL(sess_table_count(t), 1);
	CU_ASSERT_EQUAL(sess_table_pending(t), 0);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_ue4(t, a.ue4), sa);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_ue6(t, a.ue6), sa);
	sess_table_stats_get(t, &st);
	CU_ASSERT_EQUAL(st.n_total, 1);
	CU_ASSERT_EQUAL(st.n_dual, 1);
	sess_table_free(t);
}

static void
test_sess_table_modify_replaces(void)
{
	struct sess_table *t = mk_table(16);
	struct sess_params a = mk(1, true, false), other = mk(2, true, true);
	struct sess_params m;
	const struct sess *old, *n;
	struct sess_cnt sum;
	struct sess_table_stats st;
	uint32_t slot;
	uint64_t created;

	CU_ASSERT_EQUAL(sess_table_add(t, &a), 0);
	CU_ASSERT_EQUAL(sess_table_add(t, &other), 0);
	old = sess_table_lookup_teid(t, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	slot = old->slot;
	created = old->created_ms;
	sess_table_cnt(t, 0)[slot].ul_pkts = 5;
	sess_table_cnt(t, 1)[slot].ul_pkts = 7;
	sess_table_cnt(t, 1)[slot].dl_bytes = 1500;

	/* Move to a new IPv4, gain an IPv6 and a QFI. */
	m = mk(1, true, true);
	m.ue4[0] = 12;
	m.teid_remote = 4242;
	m.has_qfi = true;
	m.qfi = 9;
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), 0);
	n = sess_table_lookup_teid(t, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	CU_ASSERT_PTR_NOT_EQUAL(n, old);
	CU_ASSERT_EQUAL(n->slot, slot);
	CU_ASSERT_EQUAL(n->created_ms, created);
	CU_ASSERT_EQUAL(n->p.teid_remote, 4242);
	CU_ASSERT_EQUAL(n->p.qfi, 9);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_ue4(t, m.ue4), n);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_ue6(t, m.ue6), n);
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue4(t, a.ue4));
	CU_ASSERT_EQUAL(sess_table_pending(t), 1);
	sess_table_cnt_sum(t, slot, &sum);
	CU_ASSERT_EQUAL(sum.ul_pkts, 12);
	CU_ASSERT_EQUAL(sum.dl_bytes, 1500);
	sess_table_stats_get(t, &st);
	CU_ASSERT_EQUAL(st.n_dual, 2);
	CU_ASSERT_EQUAL(st.n_ipv4, 0);
	CU_ASSERT_EQUAL(st.n_qfi, 1);

	/* Taking another session's address is refused, nothing changes. */
	m.ue4[0] = other.ue4[0];
	memcpy(m.ue4, other.ue4, 4);
	m.teid_remote = 1;
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), -EEXIST);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_teid(t, 1), n);
	CU_ASSERT_EQUAL(n->p.teid_remote, 4242);
	CU_ASSERT_EQUAL(sess_table_pending(t), 1);

	/* Drop the IPv4: only the IPv6 key remains. */
	m = n->p;
	m.has_ue4 = false;
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), 0);
	n = sess_table_lookup_teid(t, 1);
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue4(t, n->p.ue4));
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_ue6(t, m.ue6), n);
	m.has_ue6 = false;
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), -EINVAL);

	m = mk(77, true, false);
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), -ENOENT);

	CU_ASSERT_EQUAL(sess_table_flags_set(t, 1, SESS_F_ERR_IND, 0), 0);
	CU_ASSERT_TRUE(sess_table_lookup_teid(t, 1)->p.flags & SESS_F_ERR_IND);
	CU_ASSERT_EQUAL(sess_table_lookup_teid(t, 1)->slot, slot);
	sess_table_stats_get(t, &st);
	CU_ASSERT_EQUAL(st.n_err_ind, 1);
	CU_ASSERT_EQUAL(sess_table_flags_set(t, 99, SESS_F_ERR_IND, 0),
			-ENOENT);
	CU_ASSERT_EQUAL(sess_table_reclaim_wait(t), 3);
	CU_ASSERT_EQUAL(sess_table_pending(t), 0);
	sess_table_cnt_sum(t, slot, &sum);
	CU_ASSERT_EQUAL(sum.ul_pkts, 12);
	sess_table_free(t);
}

static void
test_sess_table_delete_reclaim(void)
{
	struct sess_table *t = mk_table(16);
	struct sess_params a = mk(1, true, true);
	struct sess_table_stats st;

	CU_ASSERT_EQUAL(sess_table_add(t, &a), 0);
	CU_ASSERT_EQUAL(sess_table_free_slots(t), 15);
	CU_ASSERT_EQUAL(sess_table_del(t, 1), 0);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(t, 1));
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue4(t, a.ue4));
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue6(t, a.ue6));
	CU_ASSERT_EQUAL(sess_table_count(t), 0);
	CU_ASSERT_EQUAL(sess_table_pending(t), 1);
	/* The slot waits in the reclaim headroom, not in max-sessions. */
	CU_ASSERT_EQUAL(sess_table_pending_slots(t), 1);
	CU_ASSERT_EQUAL(sess_table_free_slots(t), 16);
	CU_ASSERT_EQUAL(sess_table_del(t, 1), -ENOENT);
	/* The keys may be added again at once (new key slots). */
	CU_ASSERT_EQUAL(sess_table_add(t, &a), 0);
	CU_ASSERT_EQUAL(sess_table_del(t, 1), 0);
	CU_ASSERT_EQUAL(sess_table_reclaim_wait(t), 2);
	CU_ASSERT_EQUAL(sess_table_reclaim_wait(t), 0);
	CU_ASSERT_EQUAL(sess_table_free_slots(t), 16);
	CU_ASSERT_EQUAL(sess_table_pending_slots(t), 0);
	CU_ASSERT_EQUAL(sess_table_n_objects(t), 0);
	sess_table_stats_get(t, &st);
	CU_ASSERT_EQUAL(st.n_total, 0);
	CU_ASSERT_EQUAL(st.n_dual, 0);
	sess_table_free(t);
}

static void
test_sess_table_slot_reuse_zeroed(void)
{
	struct sess_table *t = mk_table(2);
	struct sess_params a = mk(1, true, false), b = mk(2, true, false),
			   c = mk(3, true, false);
	const struct sess *s;
	struct sess_cnt sum;
	uint32_t slot;

	CU_ASSERT_EQUAL(sess_table_add(t, &a), 0);
	CU_ASSERT_EQUAL(sess_table_add(t, &b), 0);
	CU_ASSERT_EQUAL(sess_table_add(t, &c), -ENOSPC);
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue4(t, c.ue4));
	slot = sess_table_lookup_teid(t, 1)->slot;
	sess_table_cnt(t, 0)[slot].dl_pkts = 3;
	sess_table_cnt(t, 1)[slot].last_tsc = 99;
	CU_ASSERT_EQUAL(sess_table_del(t, 1), 0);
	/* Once its grace period is over, the slot is the next one used. */
	CU_ASSERT_EQUAL(sess_table_reclaim_wait(t), 1);
	CU_ASSERT_EQUAL(sess_table_add(t, &c), 0);
	s = sess_table_lookup_teid(t, 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->slot, slot);
	sess_table_cnt_sum(t, slot, &sum);
	CU_ASSERT_EQUAL(sum.dl_pkts, 0);
	CU_ASSERT_EQUAL(sum.last_tsc, 0);
	sess_table_free(t);
}

/*
 * Base counters: kept per slot, added to the workers' counts by
 * sess_table_cnt_sum() (last_tsc stays the workers' latest, ckpt_tsc 0),
 * kept across a modify, zeroed when the slot goes to a new session; a slot
 * out of range is refused.
 */
static void
test_sess_table_cnt_base(void)
{
	struct sess_table *t = mk_table(2);
	struct sess_params a = mk(1, true, false), b = mk(2, true, false),
			   c = mk(3, true, false);
	struct sess_cnt_base base = {
		.ul_pkts = 10, .ul_bytes = 1000, .dl_pkts = 20,
		.dl_bytes = 2000, .last_ms = 1234,
	};
	struct sess_cnt_base got;
	struct sess_cnt sum;
	uint32_t slot;

	CU_ASSERT_EQUAL(sess_table_add(t, &a), 0);
	CU_ASSERT_EQUAL(sess_table_add(t, &b), 0);
	slot = sess_table_lookup_teid(t, 1)->slot;
	CU_ASSERT_EQUAL(sess_table_cnt_base_get(t, slot, &got), 0);
	CU_ASSERT_EQUAL(got.ul_pkts + got.dl_pkts + got.last_ms, 0);
	CU_ASSERT_EQUAL(sess_table_cnt_base_set(t, slot, &base), 0);
	sess_table_cnt(t, 0)[slot].ul_pkts = 1;
	sess_table_cnt(t, 0)[slot].ul_bytes = 100;
	sess_table_cnt(t, 1)[slot].dl_pkts = 2;
	sess_table_cnt(t, 1)[slot].dl_bytes = 200;
	sess_table_cnt(t, 1)[slot].last_tsc = 77;
	sess_table_cnt(t, 0)[slot].ckpt_tsc = 55;
	sess_table_cnt_sum(t, slot, &sum);
	CU_ASSERT_EQUAL(sum.ul_pkts, 11);
	CU_ASSERT_EQUAL(sum.ul_bytes, 1100);
	CU_ASSERT_EQUAL(sum.dl_pkts, 22);
	CU_ASSERT_EQUAL(sum.dl_bytes, 2200);
	CU_ASSERT_EQUAL(sum.last_tsc, 77);
	CU_ASSERT_EQUAL(sum.ckpt_tsc, 0);
	CU_ASSERT_EQUAL(sess_table_cnt_base_get(t, slot, &got), 0);
	CU_ASSERT_EQUAL(memcmp(&got, &base, sizeof(got)), 0);
	/* The other session is untouched. */
	sess_table_cnt_sum(t, sess_table_lookup_teid(t, 2)->slot, &sum);
	CU_ASSERT_EQUAL(sum.ul_pkts + sum.dl_pkts, 0);
	/* A modify keeps them. */
	a.flags = SESS_F_VOLTE;
	CU_ASSERT_EQUAL(sess_table_modify(t, &a), 0);
	sess_table_cnt_sum(t, slot, &sum);
	CU_ASSERT_EQUAL(sum.ul_pkts, 11);

	CU_ASSERT_EQUAL(sess_table_cnt_base_set(t, sess_table_capacity(t),
						&base), -EINVAL);
	CU_ASSERT_EQUAL(sess_table_cnt_base_get(t, sess_table_capacity(t),
						&got), -EINVAL);
	CU_ASSERT_EQUAL(sess_table_cnt_base_set(t, slot, NULL), -EINVAL);

	/* Delete, reclaim, reuse: the new session starts from zero. */
	CU_ASSERT_EQUAL(sess_table_del(t, 1), 0);
	CU_ASSERT_EQUAL(sess_table_reclaim_wait(t), 2);
	CU_ASSERT_EQUAL(sess_table_add(t, &c), 0);
	CU_ASSERT_EQUAL(sess_table_lookup_teid(t, 3)->slot, slot);
	CU_ASSERT_EQUAL(sess_table_cnt_base_get(t, slot, &got), 0);
	CU_ASSERT_EQUAL(got.ul_pkts + got.ul_bytes + got.dl_pkts +
			got.dl_bytes + got.last_ms, 0);
	CU_ASSERT_EQUAL(sess_table_cnt(t, 0)[slot].ckpt_tsc, 0);
	sess_table_cnt_sum(t, slot, &sum);
	CU_ASSERT_EQUAL(sum.ul_pkts + sum.ul_bytes + sum.dl_pkts +
			sum.dl_bytes + sum.last_tsc, 0);
	sess_table_free(t);
}

/*
 * sess_table_by_slot: the live session of a slot, its current object after
 * a modify, NULL while the slot waits for its grace period, when free, and
 * out of range.
 */
static void
test_sess_table_by_slot(void)
{
	struct sess_table *t = mk_table(4);
	struct sess_params a = mk(1, true, false), b = mk(2, false, true);
	const struct sess *s;
	uint32_t sa;
	uint32_t sb;

	CU_ASSERT_PTR_NULL(sess_table_by_slot(t, 0));
	CU_ASSERT_EQUAL(sess_table_add(t, &a), 0);
	CU_ASSERT_EQUAL(sess_table_add(t, &b), 0);
	sa = sess_table_lookup_teid(t, 1)->slot;
	sb = sess_table_lookup_teid(t, 2)->slot;
	s = sess_table_by_slot(t, sa);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->p.teid_local, 1);
	CU_ASSERT_EQUAL(sess_table_by_slot(t, sb)->p.teid_local, 2);
	a.teid_remote = 4242;
	CU_ASSERT_EQUAL(sess_table_modify(t, &a), 0);
	s = sess_table_by_slot(t, sa);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->p.teid_remote, 4242);
	CU_ASSERT_PTR_EQUAL(s, sess_table_lookup_teid(t, 1));
	CU_ASSERT_EQUAL(sess_table_del(t, 1), 0);
	CU_ASSERT_PTR_NULL(sess_table_by_slot(t, sa));	/* pending */
	sess_table_reclaim_wait(t);
	CU_ASSERT_PTR_NULL(sess_table_by_slot(t, sa));	/* free */
	CU_ASSERT_PTR_NULL(sess_table_by_slot(t, 3));	/* never used */
	CU_ASSERT_PTR_NULL(sess_table_by_slot(t, sess_table_capacity(t)));
	CU_ASSERT_PTR_NULL(sess_table_by_slot(t, SESS_SLOT_NONE));
	CU_ASSERT_PTR_NOT_NULL(sess_table_by_slot(t, sb));
	sess_table_free(t);
}

/*
 * Key slots of a changed UE address are held until the grace period ends:
 * modifying without reclaiming eventually exhausts the UE IPv4 table, and
 * the failed insert must leave the tables as they were.
 */
static void
test_sess_table_insert_failure_unwinds(void)
{
	struct sess_table *t = mk_table(2);
	struct sess_params a = mk(1, true, false), m, d;
	const struct sess *before;
	struct sess_table_stats st;
	unsigned int i;
	int ret = 0;

	CU_ASSERT_EQUAL(sess_table_add(t, &a), 0);
	m = a;
	for (i = 0; i < 1000; i++) {
		before = sess_table_lookup_teid(t, 1);
		m.ue4[3] = (uint8_t)(i % 200 + 2);
		m.ue4[2] = (uint8_t)(i / 200 + 1);
		ret = sess_table_modify(t, &m);
		if (ret != 0)
			break;
	}
	CU_ASSERT_EQUAL_FATAL(ret, -ENOSPC);
	/* The failed modify changed nothing. */
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_teid(t, 1), before);
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue4(t, m.ue4));
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_ue4(t, before->p.ue4), before);

	/* A dual-stack add: its IPv6 key goes in, then IPv4 fails. */
	d = mk(2, true, true);
	CU_ASSERT_EQUAL(sess_table_add(t, &d), -ENOSPC);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(t, 2));
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue6(t, d.ue6));
	CU_ASSERT_EQUAL(sess_table_count(t), 1);
	sess_table_stats_get(t, &st);
	CU_ASSERT_EQUAL(st.n_total, 1);
	CU_ASSERT_EQUAL(st.n_dual, 0);
	CU_ASSERT_EQUAL(st.n_ipv4, 1);

	/* After a grace period the key slots are back. */
	CU_ASSERT(sess_table_reclaim_wait(t) > 0);
	CU_ASSERT_EQUAL(sess_table_free_slots(t), 1);
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), 0);
	CU_ASSERT_EQUAL(sess_table_add(t, &d), 0);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_ue6(t, d.ue6),
			    sess_table_lookup_teid(t, 2));
	sess_table_free(t);
}

static int
walk_count(const struct sess *s, void *arg)
{
	uint64_t *sum = arg;

	*sum += s->p.teid_local;
	return s->p.teid_local == 1000 ? 7 : 0;
}

static void
test_sess_table_walk(void)
{
	struct sess_table *t = mk_table(32);
	struct sess_params p;
	uint64_t sum = 0;
	uint32_t i;

	for (i = 1; i <= 10; i++) {
		p = mk(i, true, false);
		CU_ASSERT_EQUAL(sess_table_add(t, &p), 0);
	}
	CU_ASSERT_EQUAL(sess_table_walk(t, walk_count, &sum), 0);
	CU_ASSERT_EQUAL(sum, 55);
	p = mk(1000, true, false);
	CU_ASSERT_EQUAL(sess_table_add(t, &p), 0);
	sum = 0;
	CU_ASSERT_EQUAL(sess_table_walk(t, walk_count, &sum), 7);
	CU_ASSERT_TRUE(sess_table_mem_bytes(t) > sess_table_obj_bytes());
	sess_table_free(t);
}

/* lookup_remote with an IPv4 peer given as 4 bytes (rest ignored). */
static const struct sess *
remote4(const struct sess_table *t, uint8_t last, uint32_t teid)
{
	uint8_t a[16];

	/* Bytes past the IPv4 address are not part of the key. */
	memset(a, 0xee, sizeof(a));
	a[0] = 192;
	a[1] = 0;
	a[2] = 2;
	a[3] = last;
	return sess_table_lookup_remote(t, 4, a, teid);
}

static void
test_sess_table_remote_lookup(void)
{
	struct sess_table *t = mk_table(16);
	struct sess_params a = mk(1, true, false), b = mk(2, false, true), m;
	const struct sess *sa, *sb, *n;

	/* b: IPv6 peer 2001:db8:ff::2, same remote TEID pattern. */
	memset(b.peer_addr, 0, 16);
	b.peer_af = 6;
	b.peer_addr[0] = 0x20;
	b.peer_addr[1] = 0x01;
	b.peer_addr[2] = 0x0d;
	b.peer_addr[3] = 0xb8;
	b.peer_addr[15] = 2;
	CU_ASSERT_EQUAL(sess_table_add(t, &a), 0);
	CU_ASSERT_EQUAL(sess_table_add(t, &b), 0);
	sa = sess_table_lookup_teid(t, 1);
	sb = sess_table_lookup_teid(t, 2);
	CU_ASSERT_PTR_EQUAL(remote4(t, 1, 1001), sa);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_remote(t, 6, b.peer_addr, 1002),
			    sb);
	/* Wrong TEID, wrong peer, wrong family, bad family: misses. */
	CU_ASSERT_PTR_NULL(remote4(t, 1, 1002));
	CU_ASSERT_PTR_NULL(remote4(t, 2, 1001));
	CU_ASSERT_PTR_NULL(sess_table_lookup_remote(t, 6, a.peer_addr, 1001));
	CU_ASSERT_PTR_NULL(sess_table_lookup_remote(t, 4, b.peer_addr, 1002));
	CU_ASSERT_PTR_NULL(sess_table_lookup_remote(t, 5, a.peer_addr, 1001));

	/* Modify the remote TEID: old key gone, new key on the new object. */
	m = a;
	m.teid_remote = 5001;
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), 0);
	n = sess_table_lookup_teid(t, 1);
	CU_ASSERT_PTR_NULL(remote4(t, 1, 1001));
	CU_ASSERT_PTR_EQUAL(remote4(t, 1, 5001), n);
	/* Modify the peer: the key moves again. */
	m.peer_addr[3] = 9;
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), 0);
	n = sess_table_lookup_teid(t, 1);
	CU_ASSERT_PTR_NULL(remote4(t, 1, 5001));
	CU_ASSERT_PTR_EQUAL(remote4(t, 9, 5001), n);
	/* A modify keeping the key (and a flag change) repoints it. */
	m.has_qfi = true;
	m.qfi = 3;
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), 0);
	CU_ASSERT_EQUAL(sess_table_flags_set(t, 1, SESS_F_ERR_IND, 0), 0);
	n = sess_table_lookup_teid(t, 1);
	CU_ASSERT_PTR_EQUAL(remote4(t, 9, 5001), n);
	CU_ASSERT_EQUAL(remote4(t, 9, 5001)->p.flags, SESS_F_ERR_IND);
	/* The freed key is usable by another session. */
	m = mk(3, true, false);
	m.teid_remote = 1001;
	CU_ASSERT_EQUAL(sess_table_add(t, &m), 0);
	CU_ASSERT_PTR_EQUAL(remote4(t, 1, 1001), sess_table_lookup_teid(t, 3));

	/* Delete: gone at once (the object waits for the grace period). */
	CU_ASSERT_EQUAL(sess_table_del(t, 1), 0);
	CU_ASSERT_PTR_NULL(remote4(t, 9, 5001));
	CU_ASSERT_EQUAL(sess_table_del(t, 2), 0);
	CU_ASSERT_PTR_NULL(sess_table_lookup_remote(t, 6, b.peer_addr, 1002));
	CU_ASSERT_PTR_EQUAL(remote4(t, 1, 1001), sess_table_lookup_teid(t, 3));
	sess_table_reclaim_wait(t);
	CU_ASSERT_EQUAL(sess_table_add(t, &b), 0);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_remote(t, 6, b.peer_addr, 1002),
			    sess_table_lookup_teid(t, 2));
	sess_table_free(t);
}

/* @p without a downlink tunnel (dl-drop before the gNodeB is known). */
static void
no_tunnel(struct sess_params *p)
{
	p->flags |= SESS_F_DL_DROP;
	p->peer_af = 0;
	p->teid_remote = 0;
	memset(p->peer_addr, 0, sizeof(p->peer_addr));
}

/*
 * Rule-drop flags: a session without a downlink tunnel needs
 * SESS_F_DL_DROP, is not in the (peer, remote TEID) index (two of them do
 * not collide), still maps its slot, gets its tunnel by a modify, and
 * cannot lose SESS_F_DL_DROP while it has none; the totals follow.
 */
static void
test_sess_table_rule_drop_no_tunnel(void)
{
	struct sess_table *t = mk_table(16);
	struct sess_params a = mk(1, true, false), b = mk(2, true, false), m;
	struct sess_table_stats st;
	const struct sess *s;

	/* Without the flag, or with half a tunnel: refused. */
	no_tunnel(&a);
	m = a;
	m.flags = 0;
	CU_ASSERT_EQUAL(sess_table_add(t, &m), -EINVAL);
	CU_ASSERT_EQUAL(sess_table_params_check(&m), -EINVAL);
	m = a;
	m.teid_remote = 7;
	CU_ASSERT_EQUAL(sess_table_add(t, &m), -EINVAL);
	m = a;
	m.peer_addr[0] = 1;
	CU_ASSERT_EQUAL(sess_table_add(t, &m), -EINVAL);
	m = mk(1, true, false);
	m.teid_remote = 0;
	m.flags = SESS_F_DL_DROP;
	CU_ASSERT_EQUAL(sess_table_add(t, &m), -EINVAL);
	m = mk(1, true, false);
	m.flags = 0x10;
	CU_ASSERT_EQUAL(sess_table_add(t, &m), -EINVAL);
	CU_ASSERT_EQUAL(sess_table_count(t), 0);

	/* Two sessions without a tunnel: no (peer, remote TEID) clash. */
	no_tunnel(&b);
	b.flags |= SESS_F_UL_DROP;
	CU_ASSERT_EQUAL(sess_table_params_check(&a), 0);
	CU_ASSERT_EQUAL(sess_table_add(t, &a), 0);
	CU_ASSERT_EQUAL(sess_table_add(t, &b), 0);
	s = sess_table_lookup_teid(t, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_FALSE(sess_params_has_tunnel(&s->p));
	CU_ASSERT_PTR_EQUAL(sess_table_by_slot(t, s->slot), s);
	CU_ASSERT_PTR_NULL(sess_table_lookup_remote(t, 4, a.peer_addr, 0));
	sess_table_stats_get(t, &st);
	CU_ASSERT_EQUAL(st.n_dl_drop, 2);
	CU_ASSERT_EQUAL(st.n_ul_drop, 1);
	CU_ASSERT_EQUAL(st.n_no_tunnel, 2);
	/* Clearing DL_DROP without a tunnel: refused, nothing changed. */
	CU_ASSERT_EQUAL(sess_table_flags_set(t, 1, 0, SESS_F_DL_DROP),
			-EINVAL);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_teid(t, 1), s);
	CU_ASSERT_EQUAL(sess_table_flags_set(t, 2, 0, SESS_F_UL_DROP), 0);

	/* The tunnel arrives (DL_DROP kept): indexed from now on. */
	m = mk(1, true, false);
	m.flags = SESS_F_DL_DROP;
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), 0);
	s = sess_table_lookup_teid(t, 1);
	CU_ASSERT_PTR_EQUAL(remote4(t, 1, 1001), s);
	CU_ASSERT_PTR_EQUAL(sess_table_by_slot(t, s->slot), s);
	/* Then DL_DROP goes, and the tunnel stays indexed. */
	CU_ASSERT_EQUAL(sess_table_flags_set(t, 1, 0, SESS_F_DL_DROP), 0);
	s = sess_table_lookup_teid(t, 1);
	CU_ASSERT_EQUAL(s->p.flags, 0);
	CU_ASSERT_PTR_EQUAL(remote4(t, 1, 1001), s);
	/* Back to no tunnel: the key is freed for another session. */
	m = a;
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), 0);
	CU_ASSERT_PTR_NULL(remote4(t, 1, 1001));
	m = mk(3, true, false);
	m.teid_remote = 1001;
	CU_ASSERT_EQUAL(sess_table_add(t, &m), 0);
	CU_ASSERT_PTR_EQUAL(remote4(t, 1, 1001), sess_table_lookup_teid(t, 3));
	sess_table_stats_get(t, &st);
	CU_ASSERT_EQUAL(st.n_dl_drop, 2);
	CU_ASSERT_EQUAL(st.n_ul_drop, 0);
	CU_ASSERT_EQUAL(st.n_no_tunnel, 2);

	/* Delete: the slots are free again, the other chains intact. */
	CU_ASSERT_EQUAL(sess_table_del(t, 1), 0);
	CU_ASSERT_EQUAL(sess_table_del(t, 2), 0);
	CU_ASSERT_PTR_EQUAL(remote4(t, 1, 1001), sess_table_lookup_teid(t, 3));
	sess_table_stats_get(t, &st);
	CU_ASSERT_EQUAL(st.n_dl_drop, 0);
	CU_ASSERT_EQUAL(st.n_no_tunnel, 0);
	CU_ASSERT_EQUAL(sess_table_reclaim_wait(t) > 0, true);
	CU_ASSERT_EQUAL(sess_table_add(t, &a), 0);
	sess_table_free(t);
}

static void
test_sess_table_remote_duplicate_refused(void)
{
	struct sess_table *t = mk_table(16);
	struct sess_params a = mk(1, true, true), b, c = mk(3, true, true), m;
	const struct sess *sa, *sc;
	struct sess_table_stats st;

	CU_ASSERT_EQUAL(sess_table_add(t, &a), 0);
	CU_ASSERT_EQUAL(sess_table_add(t, &c), 0);
	sa = sess_table_lookup_teid(t, 1);
	sc = sess_table_lookup_teid(t, 3);

	/* New TEID and UE addresses, but a's peer and remote TEID. */
	b = mk(2, true, true);
	b.teid_remote = a.teid_remote;
	CU_ASSERT_EQUAL(sess_table_add(t, &b), -EEXIST);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(t, 2));
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue4(t, b.ue4));
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue6(t, b.ue6));
	CU_ASSERT_PTR_EQUAL(remote4(t, 1, a.teid_remote), sa);
	CU_ASSERT_EQUAL(sess_table_count(t), 2);
	CU_ASSERT_EQUAL(sess_table_free_slots(t), 14);

	/* Modify c onto a's key, with new UE addresses: all refused. */
	m = c;
	m.teid_remote = a.teid_remote;
	m.ue4[0] = 11;
	m.ue6[0] = 0x30;
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), -EEXIST);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_teid(t, 3), sc);
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue4(t, m.ue4));
	CU_ASSERT_PTR_NULL(sess_table_lookup_ue6(t, m.ue6));
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_ue4(t, c.ue4), sc);
	CU_ASSERT_PTR_EQUAL(remote4(t, 1, c.teid_remote), sc);
	CU_ASSERT_PTR_EQUAL(remote4(t, 1, a.teid_remote), sa);
	/* Same by moving the peer: c to TEID 1001 at .2, then a to .2. */
	m = c;
	m.teid_remote = a.teid_remote;
	m.peer_addr[3] = 2;
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), 0);
	sc = sess_table_lookup_teid(t, 3);
	m = a;
	m.peer_addr[3] = 2;
	CU_ASSERT_EQUAL(sess_table_modify(t, &m), -EEXIST);
	CU_ASSERT_PTR_EQUAL(sess_table_lookup_teid(t, 1), sa);
	CU_ASSERT_PTR_EQUAL(remote4(t, 1, a.teid_remote), sa);
	CU_ASSERT_PTR_EQUAL(remote4(t, 2, a.teid_remote), sc);

	CU_ASSERT_EQUAL(sess_table_pending(t), 1);	/* c's old object */
	sess_table_stats_get(t, &st);
	CU_ASSERT_EQUAL(st.n_total, 2);
	CU_ASSERT_EQUAL(st.n_dual, 2);
	sess_table_free(t);
}

/* Reader thread: lookups inside the QSBR read side, like a worker. */
struct reader_ctx {
	struct sess_table	*t;
	atomic_bool		stop;
	atomic_bool		started;
	uint64_t		n_lookups;
	uint64_t		n_bad;
};

#define RACE_KEYS	32

static void *
reader_main(void *arg)
{
	struct reader_ctx *rc = arg;
	uint32_t teids[RACE_KEYS];
	const struct sess *out[RACE_KEYS];
	uint64_t hits;
	unsigned int i, rep;

	for (i = 0; i < RACE_KEYS; i++)
		teids[i] = i + 1;
	rcu_register_thread();
	atomic_store(&rc->started, true);
	while (!atomic_load(&rc->stop)) {
		hits = sess_table_lookup_teid_bulk(rc->t, teids, RACE_KEYS, out);
		/*
		 * Hold the pointers for a while, as a worker does for a
		 * burst: the writer must not free them before the
		 * quiescent state below (ASan reports a use after free).
		 */
		for (rep = 0; rep < 50; rep++) {
			for (i = 0; i < RACE_KEYS; i++) {
				const volatile struct sess *s = out[i];

				if (!(hits & (UINT64_C(1) << i)))
					continue;
				/* A freed, reused object breaks these. */
				if (s->p.teid_local != teids[i] ||
				    s->p.teid_remote != s->p.teid_local +
				    1000 + ((uint32_t)s->p.qfi << 16))
					rc->n_bad++;
			}
		}
		rc->n_lookups++;
		rcu_quiescent_state();
	}
	rcu_unregister_thread();
	return NULL;
}

static void
test_sess_table_reader_race(void)
{
	struct sess_table *t = mk_table(256);
	struct reader_ctx rc = { .t = t };
	struct sess_params p;
	pthread_t th;
	unsigned int round, i;

	pthread_attr_t attr;
	cpu_set_t cpus;
	long n_cpu = sysconf(_SC_NPROCESSORS_ONLN);

	/* EAL pinned this thread to one CPU: run the reader on the others. */
	CU_ASSERT_EQUAL_FATAL(pthread_attr_init(&attr), 0);
	if (n_cpu > 1) {
		CPU_ZERO(&cpus);
		for (i = 0; i < (unsigned int)n_cpu && i < CPU_SETSIZE; i++)
			if (i != rte_lcore_id())
				CPU_SET(i, &cpus);
		pthread_attr_setaffinity_np(&attr, sizeof(cpus), &cpus);
	}
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, &attr, reader_main, &rc), 0);
	pthread_attr_destroy(&attr);
	while (!atomic_load(&rc.started))
		usleep(100);
	for (round = 0; round < 300; round++) {
		for (i = 1; i <= RACE_KEYS; i++) {
			p = mk(i, true, (round & 1) != 0);
			switch ((round + i) % 3) {
			case 0:
				if (sess_table_add(t, &p) == -EEXIST)
					CU_ASSERT_EQUAL(sess_table_del(t, i), 0);
				break;
			case 1:
				p.has_qfi = true;
				p.qfi = (uint8_t)(round % 64);
				/* Unique per session: a peer TEID is a key. */
				p.teid_remote = i + 1000 + ((uint32_t)p.qfi << 16);
				if (sess_table_modify(t, &p) == -ENOENT)
					CU_ASSERT_EQUAL(sess_table_add(t, &p), 0);
				break;
			default:
				sess_table_del(t, i);
				break;
			}
		}
		/* Waiting: this loop churns faster than grace periods end. */
		sess_table_reclaim_wait(t);
	}
	atomic_store(&rc.stop, true);
	pthread_join(th, NULL);
	CU_ASSERT_TRUE(rc.n_lookups > 0);
	CU_ASSERT_EQUAL(rc.n_bad, 0);
	sess_table_free(t);
}

static uint64_t
rte_heap_used(void)
{
	struct rte_malloc_socket_stats ms;
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < rte_socket_count(); i++) {
		if (rte_malloc_get_socket_stats(rte_socket_id_by_idx(i),
						&ms) == 0)
			sum += ms.heap_allocsz_bytes;
	}
	return sum;
}

static uint64_t
libc_used(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * libc bytes in use may move a little between two points for reasons that
 * are not ours (glibc arenas, EAL and liburcu threads, CUnit): allow this
 * much, far below what leaking even 1/256 of the sessions' objects costs.
 */
static uint64_t
libc_slack(void)
{
	return (uint64_t)BIG_N / 256 * sess_table_obj_bytes();
}

static void
test_sess_table_million_twice(void)
{
	uint64_t heap0, libc0, heap1, libc1, libc_r;
	struct sess_table *t;
	struct sess_params p;
	double t0, t_add, t_del, t_rec;
	unsigned int round;
	uint32_t i;
	int ret;

	heap0 = rte_heap_used();
	/* The per-session figure with one worker, for docs/sessions.md. */
	t = sess_table_create(BIG_N, 1, (int)rte_socket_id());
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	printf("\n  table for %u sessions, 1 worker: %" PRIu64 " bytes rte heap; %"
	       PRIu64 " bytes per session", BIG_N, rte_heap_used() - heap0,
	       sess_table_mem_bytes(t));
	sess_table_free(t);
	CU_ASSERT_EQUAL(rte_heap_used(), heap0);
	t = sess_table_create(BIG_N, N_WORKERS, (int)rte_socket_id());
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	printf("\n  table for %u sessions: %" PRIu64 " bytes rte heap; %" PRIu64
	       " bytes per session (tables + counters for %d workers + object)\n",
	       BIG_N, rte_heap_used() - heap0, sess_table_mem_bytes(t),
	       N_WORKERS);
	heap1 = rte_heap_used();
	libc1 = libc_used();
	for (round = 0; round < 2; round++) {
		t0 = now_s();
		for (i = 1; i <= BIG_N; i++) {
			p = mk(i, true, (i & 1) != 0);
			ret = sess_table_add(t, &p);
			if (ret != 0) {
				CU_FAIL("add failed");
				printf("add %u: %d\n", i, ret);
				break;
			}
		}
		t_add = now_s() - t0;
		CU_ASSERT_EQUAL(sess_table_count(t), BIG_N);
		p = mk(BIG_N + 1, true, false);
		CU_ASSERT_EQUAL(sess_table_add(t, &p), -ENOSPC);
		t0 = now_s();
		for (i = 1; i <= BIG_N; i++) {
			if (sess_table_del(t, i) != 0) {
				CU_FAIL("delete failed");
				break;
			}
		}
		t_del = now_s() - t0;
		CU_ASSERT_EQUAL(sess_table_pending(t), BIG_N);
		t0 = now_s();
		CU_ASSERT_EQUAL(sess_table_reclaim_wait(t), BIG_N);
		t_rec = now_s() - t0;
		printf("  round %u: add %.3f s, delete %.3f s, reclaim %.3f s\n",
		       round, t_add, t_del, t_rec);
		CU_ASSERT_EQUAL(sess_table_count(t), 0);
		CU_ASSERT_EQUAL(sess_table_free_slots(t), BIG_N);
		/* Exact: the table's own accounting of its objects. */
		CU_ASSERT_EQUAL(sess_table_n_objects(t), 0);
		CU_ASSERT_EQUAL(rte_heap_used(), heap1);
		/* Bounded, not exact: libc's figure is process-wide. */
		libc_r = libc_used();
		printf("  round %u: libc in use %+" PRId64 " bytes (slack %"
		       PRIu64 ")\n", round, (int64_t)(libc_r - libc1),
		       libc_slack());
		CU_ASSERT_TRUE(libc_r <= libc1 + libc_slack());
	}
	sess_table_free(t);
	CU_ASSERT_EQUAL(rte_heap_used(), heap0);
	libc0 = libc_used();
	CU_ASSERT_TRUE(libc0 <= libc1 + libc_slack());
}

/*
 * At max-sessions, deleting and creating sessions while the deleted ones
 * still wait for their grace period (no reclaim at all) never refuses a
 * create below the limit, for as many slots as the headroom holds; the
 * limit itself stays max-sessions. A standby in this state must accept
 * what its active (same max-sessions, maybe reclaimed sooner) accepted.
 */
#define CAP_MAX		16u
#define CAP_CHURN	8u	/* rounds any headroom must take */

static void
test_sess_table_full_with_pending_reclaim(void)
{
	struct sess_table *t = mk_table(CAP_MAX);
	uint32_t room = sess_table_headroom(CAP_MAX);
	struct sess_params p;
	uint32_t i, next = CAP_MAX + 1;

	CU_ASSERT_EQUAL(sess_table_max(t), CAP_MAX);
	CU_ASSERT_EQUAL(sess_table_capacity(t), CAP_MAX + room);
	CU_ASSERT_TRUE(room >= CAP_CHURN);
	for (i = 1; i <= CAP_MAX; i++) {
		p = mk(i, true, false);
		CU_ASSERT_EQUAL(sess_table_add(t, &p), 0);
	}
	p = mk(next, true, false);
	CU_ASSERT_EQUAL(sess_table_add(t, &p), -ENOSPC);	/* the limit */
	CU_ASSERT_EQUAL(sess_table_free_slots(t), 0);
	/* Churn at capacity, one delete and one create per round, nothing
	 * reclaimed: every create fits while the headroom lasts. */
	for (i = 1; i <= RTE_MAX(room, CAP_CHURN); i++) {
		CU_ASSERT_EQUAL(sess_table_del(t, i), 0);
		CU_ASSERT_EQUAL(sess_table_free_slots(t), 1);
		p = mk(next++, true, false);
		CU_ASSERT_EQUAL(sess_table_add(t, &p), 0);
		CU_ASSERT_EQUAL(sess_table_count(t), CAP_MAX);
		p = mk(next, true, false);
		CU_ASSERT_EQUAL(sess_table_add(t, &p), -ENOSPC);
	}
	CU_ASSERT_EQUAL(sess_table_pending_slots(t), room);
	/* Headroom used up: now the slots waiting for reclaim do count. */
	CU_ASSERT_EQUAL(sess_table_del(t, room + 1), 0);
	CU_ASSERT_EQUAL(sess_table_free_slots(t), 0);
	p = mk(next, true, false);
	CU_ASSERT_EQUAL(sess_table_add(t, &p), -ENOSPC);
	CU_ASSERT_EQUAL(sess_table_reclaim_wait(t), room + 1);
	CU_ASSERT_EQUAL(sess_table_add(t, &p), 0);
	CU_ASSERT_EQUAL(sess_table_count(t), CAP_MAX);
	CU_ASSERT_EQUAL(sess_table_n_objects(t), CAP_MAX);
	sess_table_free(t);
}

/*
 * The control side's delete and reclaim return while a reader is inside
 * its read-side critical section holding the session, and the object is
 * freed only after the reader has left. The control side runs on its own
 * thread so that a blocking wait (synchronize_rcu) shows as a bounded
 * failure rather than a hang; every wait is a poll bounded by count.
 */
struct hold_ctx {
	struct ut_hold		h;
	struct sess_table	*t;
	atomic_bool		left;		/* reader passed a QS */
};

static void *
hold_reader_main(void *arg)
{
	struct hold_ctx *hc = arg;
	const volatile struct sess *s;

	rcu_register_thread();
	s = sess_table_lookup_teid(hc->t, 7);
	atomic_store(&hc->h.inside, true);
	ut_hold_spin(&hc->h.leave);
	if (s == NULL || s->p.teid_local != 7)
		hc->h.n_bad++;
	rcu_quiescent_state();	/* leaves the read side: s is dropped */
	atomic_store(&hc->left, true);
	rcu_unregister_thread();
	return NULL;
}

static void *
hold_ctl_main(void *arg)
{
	struct hold_ctx *hc = arg;

	dp_rcu_ctl_thread_enter();	/* as the control lcore: no reader */
	ut_hold_spin(&hc->h.inside);
	sess_table_del(hc->t, 7);
	sess_table_reclaim(hc->t);
	atomic_store(&hc->h.ctl_pending, sess_table_pending(hc->t));
	atomic_store(&hc->h.ctl_done, true);
	dp_rcu_ctl_thread_exit();
	return NULL;
}

static void
test_sess_table_del_returns_while_reader_inside(void)
{
	struct sess_table *t = mk_table(16);
	struct hold_ctx hc = { .t = t };
	struct sess_params p = mk(7, true, true);
	pthread_t rd, ctl;
	bool returned;
	unsigned int n;

	CU_ASSERT_EQUAL(sess_table_add(t, &p), 0);
	CU_ASSERT_EQUAL(sess_table_n_objects(t), 1);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&rd, NULL, hold_reader_main, &hc),
			      0);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&ctl, NULL, hold_ctl_main, &hc),
			      0);
	CU_ASSERT_TRUE(ut_hold_spin(&hc.h.inside));
	returned = ut_hold_spin(&hc.h.ctl_done);
	/* Returned with the reader still inside, the object not freed. */
	CU_ASSERT_TRUE(returned);
	CU_ASSERT_FALSE(atomic_load(&hc.left));
	CU_ASSERT_EQUAL(atomic_load(&hc.h.ctl_pending), 1);
	/* More polls while the reader stays inside free nothing. */
	for (n = 0; returned && n < 1000; n++)
		CU_ASSERT_EQUAL(sess_table_reclaim(t), 0);
	CU_ASSERT_EQUAL(sess_table_pending(t), 1);
	CU_ASSERT_EQUAL(sess_table_n_objects(t), 1);
	atomic_store(&hc.h.leave, true);
	pthread_join(rd, NULL);
	pthread_join(ctl, NULL);
	CU_ASSERT_EQUAL(hc.h.n_bad, 0);
	/* Reader gone: polls free it (bounded, a poll never waits). */
	for (n = 0; n < UT_HOLD_SPINS && sess_table_pending(t) != 0; n++) {
		sess_table_reclaim(t);
		sched_yield();
	}
	CU_ASSERT_EQUAL(sess_table_pending(t), 0);
	CU_ASSERT_EQUAL(sess_table_n_objects(t), 0);
	CU_ASSERT_EQUAL(sess_table_free_slots(t), 16);
	sess_table_free(t);
}

/*
 * A delete of many sessions puts them all in one batch: a reclaim poll
 * frees at most its budget of them (the reactor stays responsive) and
 * says how many more are ready, and polls in a row free them all.
 */
static void
test_sess_table_reclaim_bounded(void)
{
	const uint32_t n_sess = 1000, max = 64;
	struct sess_table *t = mk_table(n_sess);
	struct sess_params p;
	bool sliced = false;
	unsigned int got, n;
	uint32_t i;

	for (i = 0; i < n_sess; i++) {
		p = mk(i + 1, true, false);
		CU_ASSERT_EQUAL_FATAL(sess_table_add(t, &p), 0);
	}
	sess_table_reclaim_max_set(t, max);
	for (i = 0; i < n_sess; i++)
		CU_ASSERT_EQUAL(sess_table_del(t, i + 1), 0);
	CU_ASSERT_EQUAL(sess_table_pending(t), n_sess);
	for (n = 0; n < UT_HOLD_SPINS && sess_table_pending(t) != 0; n++) {
		got = sess_table_reclaim(t);
		CU_ASSERT_TRUE(got <= max);
		if (sess_table_reclaim_ready(t) > 0)
			sliced = true;
		sched_yield();
	}
	CU_ASSERT_EQUAL(sess_table_pending(t), 0);
	CU_ASSERT_TRUE(sliced);
	CU_ASSERT_TRUE(sess_table_reclaim_max_seen(t) <= max);
	CU_ASSERT_EQUAL(sess_table_n_objects(t), 0);
	sess_table_free(t);
}

/* Fingerprint for the range digest tests: the session's own fields only
 * (never its creation time, which differs between two tables). */
static uint64_t
fp_params(const struct sess *s)
{
	const struct sess_params *p = &s->p;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ p->teid_local;

	h = (h ^ p->teid_remote) * 0xff51afd7ed558ccdull;
	h = (h ^ (uint64_t)p->ue4[1] << 16 ^ (uint64_t)p->ue4[2] << 8 ^
	     p->ue4[3]) * 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 29);
}

/* Every range of @step buckets, and the whole space, agree. */
static bool
ranges_equal(const struct sess_table *a, const struct sess_table *b,
	     uint32_t step)
{
	uint64_t sa, sb;
	uint32_t na, nb, lo;

	for (lo = 0; lo < SESS_TABLE_BUCKETS; lo += step) {
		if (sess_table_digest_range(a, lo, lo + step, &sa, &na) != 0 ||
		    sess_table_digest_range(b, lo, lo + step, &sb, &nb) != 0)
			return false;
		if (sa != sb || na != nb)
			return false;
	}
	return true;
}

/* Equal sets give equal range digests whatever the order of adds,
 * modifies and deletes, and the same as a table attached afterwards. */
static void
test_sess_table_range_digest_order(void)
{
	struct sess_table *a = mk_table(4096), *b = mk_table(4096);
	struct sess_table *c = mk_table(4096);
	struct sess_params p;
	uint64_t sum, root;
	uint32_t i, n;

	sess_table_digest_set(a, fp_params);
	sess_table_digest_set(b, fp_params);
	CU_ASSERT_EQUAL(sess_table_digest_range(a, 0, 0, &sum, &n), -EINVAL);
	CU_ASSERT_EQUAL(sess_table_digest_range(a, 1, SESS_TABLE_BUCKETS + 1,
						&sum, &n), -EINVAL);
	CU_ASSERT_EQUAL(sess_table_digest_range(c, 0, 1, &sum, &n), -ENODATA);
	for (i = 1; i <= 2000; i++) {
		p = mk(i, true, false);
		CU_ASSERT_EQUAL(sess_table_add(a, &p), 0);
		CU_ASSERT_EQUAL(sess_table_add(c, &p), 0);
	}
	for (i = 2; i <= 2000; i += 2) {
		p = mk(i, true, false);
		p.teid_remote = i + 500000;
		CU_ASSERT_EQUAL(sess_table_modify(a, &p), 0);
		CU_ASSERT_EQUAL(sess_table_modify(c, &p), 0);
	}
	for (i = 7; i <= 2000; i += 7) {
		CU_ASSERT_EQUAL(sess_table_del(a, i), 0);
		CU_ASSERT_EQUAL(sess_table_del(c, i), 0);
	}
	/* b: reverse order, deletes first, a session that comes and goes,
	 * modifies written twice. */
	for (i = 2000; i >= 1; i--) {
		p = mk(i, true, false);
		if (i % 2 == 0)
			p.teid_remote = i + 700000;
		CU_ASSERT_EQUAL(sess_table_add(b, &p), 0);
	}
	p = mk(3000, true, false);
	CU_ASSERT_EQUAL(sess_table_add(b, &p), 0);
	for (i = 7; i <= 2000; i += 7)
		CU_ASSERT_EQUAL(sess_table_del(b, i), 0);
	for (i = 2; i <= 2000; i += 2) {
		p = mk(i, true, false);
		p.teid_remote = i + 500000;
		CU_ASSERT_EQUAL(sess_table_modify(b, &p), i % 7 ? 0 : -ENOENT);
	}
	CU_ASSERT_EQUAL(sess_table_del(b, 3000), 0);
	CU_ASSERT_TRUE(ranges_equal(a, b, SESS_TABLE_BUCKETS));
	CU_ASSERT_TRUE(ranges_equal(a, b, 4096));
	CU_ASSERT_TRUE(ranges_equal(a, b, 1));
	/* The root is the running digest and the session count. */
	CU_ASSERT_EQUAL(sess_table_digest_range(a, 0, SESS_TABLE_BUCKETS,
						&root, &n), 0);
	CU_ASSERT_EQUAL(root, sess_table_digest(a, &i));
	CU_ASSERT_EQUAL(n, i);
	CU_ASSERT_EQUAL(n, 2000u - 2000u / 7u);
	/* Attached after the changes: the same buckets. */
	sess_table_digest_set(c, fp_params);
	CU_ASSERT_TRUE(ranges_equal(a, c, 1));
	/* Off and on again: rebuilt alike. */
	sess_table_digest_set(c, NULL);
	CU_ASSERT_EQUAL(sess_table_digest_range(c, 0, 1, &sum, &n), -ENODATA);
	sess_table_digest_set(c, fp_params);
	CU_ASSERT_TRUE(ranges_equal(a, c, 1));
	sess_table_free(a);
	sess_table_free(b);
	sess_table_free(c);
}

/* One differing session is found by splitting the mismatching range 16
 * ways: 4 rounds of 16 ranges down to its single bucket. */
static void
test_sess_table_range_digest_narrow(void)
{
	struct sess_table *a = mk_table(4096), *b = mk_table(4096);
	uint32_t i, lo = 0, hi = SESS_TABLE_BUCKETS, x, step, hits;
	uint32_t rounds = 0, compared = 1, na, nb, next_lo = 0;
	struct sess_params p;
	uint64_t sa, sb;

	sess_table_digest_set(a, fp_params);
	sess_table_digest_set(b, fp_params);
	for (i = 1; i <= 3000; i++) {
		p = mk(i, true, false);
		CU_ASSERT_EQUAL(sess_table_add(a, &p), 0);
		if (i == 1234)
			p.teid_remote = 99999;
		CU_ASSERT_EQUAL(sess_table_add(b, &p), 0);
	}
	CU_ASSERT_FALSE(ranges_equal(a, b, SESS_TABLE_BUCKETS));
	while (hi - lo > 1) {
		step = (hi - lo) / 16;
		hits = 0;
		for (x = lo; x < hi; x += step) {
			compared++;
			sess_table_digest_range(a, x, x + step, &sa, &na);
			sess_table_digest_range(b, x, x + step, &sb, &nb);
			if (sa != sb || na != nb) {
				hits++;
				next_lo = x;
			}
		}
		CU_ASSERT_EQUAL_FATAL(hits, 1);
		lo = next_lo;
		hi = next_lo + step;
		rounds++;
	}
	CU_ASSERT_EQUAL(rounds, 4);
	CU_ASSERT_EQUAL(compared, 1 + 4 * 16);
	CU_ASSERT_EQUAL(lo, sess_table_bucket(1234));
	sess_table_free(a);
	sess_table_free(b);
}

static CU_TestInfo sess_table_tests[] = {
	{ "range_digest_order", test_sess_table_range_digest_order },
	{ "range_digest_narrow", test_sess_table_range_digest_narrow },
	{ "create_invalid", test_sess_table_create_invalid },
	{ "add_lookup", test_sess_table_add_lookup },
	{ "add_invalid", test_sess_table_add_invalid },
	{ "duplicates_refused", test_sess_table_duplicates_refused },
	{ "modify_replaces", test_sess_table_modify_replaces },
	{ "delete_reclaim", test_sess_table_delete_reclaim },
	{ "slot_reuse_zeroed", test_sess_table_slot_reuse_zeroed },
	{ "cnt_base", test_sess_table_cnt_base },
	{ "by_slot", test_sess_table_by_slot },
	{ "full_with_pending_reclaim",
	  test_sess_table_full_with_pending_reclaim },
	{ "del_returns_while_reader_inside",
	  test_sess_table_del_returns_while_reader_inside },
	{ "insert_failure_unwinds", test_sess_table_insert_failure_unwinds },
	{ "walk", test_sess_table_walk },
	{ "remote_lookup", test_sess_table_remote_lookup },
	{ "remote_duplicate_refused", test_sess_table_remote_duplicate_refused },
	{ "rule_drop_no_tunnel", test_sess_table_rule_drop_no_tunnel },
	{ "reader_race", test_sess_table_reader_race },
	{ "million_twice", test_sess_table_million_twice },
	{ "reclaim_bounded", test_sess_table_reclaim_bounded },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "sess_table", NULL, NULL, NULL, NULL, sess_table_tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	char *eal_args[] = { UT_EAL_ARGS_NO_PORTS, NULL };

	(void)argc;
	return ut_eal_main(argv[0], "t_sess_table_", eal_args, suites);
}
