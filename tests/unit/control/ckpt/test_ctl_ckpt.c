/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CUnit tests of session replication (suite "eal"): an active ctl_ckpt on
 * one session table and a standby ctl_ckpt applying through ctl_sess into
 * another, joined by a fake transport that encodes and decodes every
 * message and can drop, corrupt or refuse (-ENOBUFS) them; fake clocks;
 * a dp_ckpt_ring set filled by the test as the workers would (micro-checkpoints).
 * Context: test main thread.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include <rte_cycles.h>
#include <rte_lcore.h>

#include "core/ctl_api.h"
#include "ckpt/ctl_ckpt.h"
#include "ckpt/ctl_ckpt_int.h"
#include "core/ctl_reply.h"
#include "sess/ctl_sess.h"
#include "sess/ctl_sess_rec.h"
#include "dp_ckpt_ring.h"
#include "sess_table.h"
#include "srp_audit.h"
#include "srp_ckpt_comp.h"
#include "srp_ckpt_rec.h"
#include "srp_conf.h"
#include "support/ut_api.h"
#include "support/ut_eal.h"

#define CAP		8192
#define QMAX		4096
#define T0_MS		1700000000000ull	/* fake wall clock start */

static struct sess_table *ta, *tb;	/* active, standby */
static struct ctl_ckpt ca, cb;
static struct srp_conf conf_a, conf_b;
static uint64_t wall_now = T0_MS, mono_now = 1000;

/* Messages in flight, encoded; [0]: active -> standby, [1]: back. */
static struct {
	uint8_t		*buf[QMAX];
	size_t		len[QMAX];
	unsigned int	head, n;
} q[2];

/* Fault injection on the active -> standby direction. */
static int corrupt_chunk = -1;	/* corrupt chunk N (-2: every chunk) */
static int bad_chunks_seen;
static int enobufs_every;	/* refuse every N-th send */
static unsigned int n_sends;
static unsigned int n_ready_b, n_unready_b;
static struct dp_ckpt_ring *mc;		/* the active's "workers" */
static uint32_t mc_set_last = 77;	/* last refresh interval given */
static unsigned int mc_set_calls;

static int
fake_nh_get(uint8_t af, const uint8_t *a, uint16_t *nh_id)
{
	(void)a;
	*nh_id = af;
	return 0;
}

static void
fake_nh_put(uint16_t nh_id)
{
	(void)nh_id;
}

static uint64_t
f_wall(void *arg)
{
	(void)arg;
	return wall_now;
}

static uint64_t
f_now(void *arg)
{
	(void)arg;
	return mono_now;
}

static int
q_push(unsigned int dir, struct srp_msg *m)
{
	uint8_t *buf = malloc(SRP_MSG_MAX);
	size_t len;

	CU_ASSERT_FATAL(buf != NULL);
	CU_ASSERT_FATAL(q[dir].n < QMAX);
	if (srp_msg_encode(m, buf, SRP_MSG_MAX, &len) != SRP_CODEC_OK) {
		free(buf);
		CU_FAIL("encode");
		return -EINVAL;
	}
	q[dir].buf[(q[dir].head + q[dir].n) % QMAX] = buf;
	q[dir].len[(q[dir].head + q[dir].n) % QMAX] = len;
	q[dir].n++;
	return 0;
}

/* Timer records seen in the active's batches (gating of the kind). */
static unsigned int n_timer_recs_sent;

/* Count the SRP_REC_EXT_SESS_TIMERS records of a chunk or delta. */
static void
scan_timers(const struct srp_msg *m)
{
	static uint8_t raw[CTL_CKPT_BATCH_MAX];
	const uint8_t *b = m->payload;
	size_t len = m->payload_len;
	struct srp_rec_reader rd;
	struct srp_rec r;
	bool more = true;

	if (m->type != SRP_MSG_CKPT_CHUNK && m->type != SRP_MSG_SESS_DELTA)
		return;
	if (m->present & SRP_TLV_BIT(SRP_TLV_COMP_ID)) {
		CU_ASSERT_EQUAL_FATAL(srp_comp_decompress(
			(enum srp_wire_comp)m->comp_id, m->payload,
			m->payload_len, raw, m->uncomp_len), 0);
		b = raw;
		len = m->uncomp_len;
	}
	if (srp_rec_reader_init(&rd, b, len) != SRP_REC_OK || rd.count == 0)
		return;
	while (more && srp_rec_next(&rd, &r, &more) == SRP_REC_OK)
		if (r.op == SRP_REC_EXT &&
		    r.ext_kind == SRP_REC_EXT_SESS_TIMERS)
			n_timer_recs_sent++;
}

static int
send_a(void *arg, struct srp_msg *m, bool control)
{
	(void)arg;
	(void)control;
	n_sends++;
	scan_timers(m);
	if (enobufs_every > 0 && n_sends % (unsigned int)enobufs_every == 0)
		return -ENOBUFS;
	if (m->type == SRP_MSG_CKPT_CHUNK && corrupt_chunk != -1 &&
	    (bad_chunks_seen++ == corrupt_chunk || corrupt_chunk == -2)) {
		/* Flip bytes of the compressed payload (a copy). */
		static uint8_t copy[CTL_CKPT_BATCH_MAX * 2];
		struct srp_msg c = *m;

		memcpy(copy, m->payload, m->payload_len);
		copy[m->payload_len / 2] ^= 0x5a;
		copy[m->payload_len / 3] ^= 0xa5;
		c.payload = copy;
		return q_push(0, &c);
	}
	return q_push(0, m);
}

static int
send_b(void *arg, struct srp_msg *m, bool control)
{
	(void)arg;
	(void)control;
	return q_push(1, m);
}

static void
ready_b(void *arg)
{
	(void)arg;
	n_ready_b++;
}

static void
unready_b(void *arg)
{
	(void)arg;
	n_unready_b++;
}

/* Stands for ctl_fwd_mc_set(). */
static int
fake_mc_set(uint32_t refresh_ms)
{
	mc_set_last = refresh_ms;
	mc_set_calls++;
	return 0;
}

static const struct ctl_ckpt_ops ops_a = {
	.send = send_a, .wall_ms = f_wall, .now_ms = f_now,
};
static const struct ctl_ckpt_ops ops_b = {
	.send = send_b, .ready = ready_b, .unready = unready_b,
	.wall_ms = f_wall, .now_ms = f_now,
};

/* Deliver the oldest message queued in direction @dir, if any. */
static bool
deliver(unsigned int dir)
{
	struct srp_msg m;
	uint8_t *buf;

	if (q[dir].n == 0)
		return false;
	buf = q[dir].buf[q[dir].head];
	CU_ASSERT_EQUAL(srp_msg_decode(buf, q[dir].len[q[dir].head], &m),
			SRP_CODEC_OK);
	q[dir].head = (q[dir].head + 1) % QMAX;
	q[dir].n--;
	ctl_ckpt_msg(dir == 0 ? &cb : &ca, &m);
	free(buf);
	return true;
}

/* Deliver everything queued, both ways. @return messages delivered. */
static unsigned int
pump(void)
{
	unsigned int dir, n = 0;

	for (dir = 0; dir < 2; dir++)
		while (deliver(dir))
			n++;
	return n;
}

/* Poll and deliver until nothing moves. */
static void
settle(void)
{
	unsigned int i;

	for (i = 0; i < 100000; i++) {
		mono_now++;
		ctl_ckpt_poll(&ca);
		ctl_ckpt_poll(&cb);
		if (pump() == 0 && !ca.tx_running && !ca.out_full &&
		    !ca.restart_pending &&
		    ca.pend[0].n == 0 && ca.pend[1].n == 0 &&
		    ca.cnt[0].n == 0 && ca.cnt[1].n == 0 &&
		    ca.trail.n == 0 && !cb.rx_sweeping && !cb.rx_busy &&
		    cb.rxq.n == 0)
			return;
	}
	CU_FAIL("did not settle");
}

static void
mk(struct sess_params *p, uint32_t i)
{
	memset(p, 0, sizeof(*p));
	p->teid_local = 0x1000 + i;
	p->teid_remote = 0x9000 + i;
	if (i % 3 == 0) {
		p->peer_af = 6;
		p->peer_addr[0] = 0x20;
		p->peer_addr[1] = 0x01;
		p->peer_addr[15] = (uint8_t)(i % 7 + 1);
	} else {
		p->peer_af = 4;
		p->peer_addr[0] = 192;
		p->peer_addr[3] = (uint8_t)(i % 5 + 1);
	}
	if (i % 4 != 1) {
		p->has_ue4 = true;
		p->ue4[0] = 10;
		p->ue4[1] = (uint8_t)(i >> 16);
		p->ue4[2] = (uint8_t)(i >> 8);
		p->ue4[3] = (uint8_t)i;
	}
	if (i % 4 != 0) {
		p->has_ue6 = true;
		p->ue6[0] = 0x20;
		p->ue6[1] = 0x01;
		p->ue6[14] = (uint8_t)(i >> 8);
		p->ue6[15] = (uint8_t)i;
	}
	if (i % 5 == 0) {
		p->has_qfi = true;
		p->qfi = (uint8_t)(i % 64);
	}
	if (i % 11 == 0)
		p->flags |= SESS_F_VOLTE;
	if (i % 13 == 0)
		p->flags |= SESS_F_ERR_IND;
	if (i % 17 == 3)
		p->flags |= SESS_F_UL_DROP;
	/* Rule drops; some dl-drop sessions have no downlink tunnel yet. */
	if (i % 19 == 0)
		p->flags |= SESS_F_DL_DROP;
	if (i % 38 == 19) {
		p->teid_remote = 0;
		p->peer_af = 0;
		memset(p->peer_addr, 0, sizeof(p->peer_addr));
	}
}

static void
add_a(uint32_t i, uint64_t created_ms)
{
	struct sess_params p;

	mk(&p, i);
	CU_ASSERT_EQUAL(sess_table_add_at(ta, &p, created_ms), 0);
}

static int
del_cb(const struct sess *s, void *arg)
{
	uint32_t *teids = arg;

	teids[teids[0]++ + 1] = s->p.teid_local;
	return 0;
}

static void
table_clear(struct sess_table *t)
{
	static uint32_t teids[CAP + 1];
	uint32_t i;

	teids[0] = 0;
	sess_table_walk(t, del_cb, teids);
	for (i = 0; i < teids[0]; i++)
		sess_table_del(t, teids[i + 1]);
	sess_table_reclaim_wait(t);
}

/* Fresh pair: both tables empty, a connection, roles, hellos. */
static void
pair_reset(void)
{
	ctl_ckpt_fini(&ca);
	ctl_ckpt_fini(&cb);
	table_clear(ta);
	table_clear(tb);
	pump();
	corrupt_chunk = -1;
	bad_chunks_seen = 0;
	enobufs_every = 0;
	n_ready_b = 0;
	n_unready_b = 0;
	CU_ASSERT_EQUAL_FATAL(ctl_ckpt_init(&ca, ta, &conf_a, &ops_a, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(ctl_ckpt_init(&cb, tb, &conf_b, &ops_b, NULL), 0);
	/* Work per poll bounded by count only: a preempted poll on a busy
	 * machine must not end a slice early and change what was sent. */
	ca.slice_ns = UINT64_MAX / 4;
	cb.slice_ns = UINT64_MAX / 4;
	ctl_ckpt_role(&ca, SRP_WSTATE_ACTIVE, 1);
	ctl_ckpt_role(&cb, SRP_WSTATE_STANDBY_SYNCING, 1);
}

static void
pair_connect(void)
{
	ctl_ckpt_link(&ca, true);
	ctl_ckpt_link(&cb, true);
	ctl_ckpt_hello(&cb, SRP_WSTATE_ACTIVE, ca.local_caps);
	ctl_ckpt_hello(&ca, SRP_WSTATE_STANDBY_SYNCING, cb.local_caps);
}

/* pair_reset(), then @n sessions on the active, old enough to replicate. */
static void
pair_old(uint32_t n)
{
	uint32_t i;

	pair_reset();
	for (i = 0; i < n; i++)
		add_a(i, T0_MS - 100000);
}

/* pair_old(@n), connected and synced. */
static void
pair_synced(uint32_t n)
{
	pair_old(n);
	pair_connect();
	settle();
}

static void
expect_digest_fresh(struct sess_table *t)
{
	uint32_t n_inc, n_walk;
	uint64_t d_inc = ctl_sess_digest(t, &n_inc);
	uint64_t d_walk = ctl_sess_digest_walk(t, &n_walk);

	CU_ASSERT_EQUAL(n_inc, n_walk);
	CU_ASSERT_EQUAL(d_inc, d_walk);
}

static void
expect_same(void)
{
	uint32_t na, nb;
	uint64_t da = ctl_sess_digest(ta, &na);
	uint64_t db = ctl_sess_digest(tb, &nb);

	CU_ASSERT_EQUAL(na, nb);
	CU_ASSERT_EQUAL(da, db);
	/* The running sums are what a walk finds, on both sides. */
	expect_digest_fresh(ta);
	expect_digest_fresh(tb);
	if (na != nb || da != db)
		printf("\n  active %u/%016lx standby %u/%016lx", na,
		       (unsigned long)da, nb, (unsigned long)db);
}

/* A full checkpoint reproduces every session, creation time included. */
static void
test_ctl_ckpt_full(void)
{
	const struct sess *s;
	uint32_t i;

	pair_reset();
	for (i = 0; i < 3000; i++)
		add_a(i, T0_MS - 100000 - i);
	ca.slice_records = 100;
	pair_connect();
	CU_ASSERT(ca.tx_running);
	settle();
	CU_ASSERT_EQUAL(n_ready_b, 1);
	CU_ASSERT_EQUAL(sess_table_count(tb), 3000);
	expect_same();
	s = sess_table_lookup_teid(tb, 0x1000 + 1234);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->created_ms, T0_MS - 100000 - 1234);
	CU_ASSERT(ca.stats.n_chunk_tx > 1);
	CU_ASSERT_EQUAL(cb.stats.n_full_applied, 1);
	CU_ASSERT_EQUAL(ca.stats.n_full_sent, 1);
	/* No second full checkpoint for the same syncing episode. */
	ctl_ckpt_hello(&ca, SRP_WSTATE_STANDBY_SYNCING, cb.local_caps);
	CU_ASSERT(!ca.tx_running);
}

/* Sessions 0..@n-1 of the active get their own timeouts (even: idle
 * 600 s; odd: absolute none). */
static void
own_timers_a(uint32_t n)
{
	struct sess_params p;
	uint32_t i;

	for (i = 0; i < n; i++) {
		p = sess_table_lookup_teid(ta, 0x1000 + i)->p;
		if (i % 2 == 0)
			p.idle_timeout_s = 600;
		else
			p.abs_timeout_s = SESS_TIMEOUT_NONE;
		CU_ASSERT_EQUAL(sess_table_modify(ta, &p), 0);
	}
}

/*
 * Per-session timeouts: sent (full checkpoint and deltas) only when both
 * sides understand SRP_CAP_SESS_TIMERS, applied after the upsert; an
 * upsert without them puts the defaults back. A peer without the bit (a
 * 0.1.0 standby) gets no timers record in any batch.
 */
static void
test_ctl_ckpt_timers(void)
{
	const struct sess *s;
	struct sess_params p;
	uint32_t i;

	/* A peer without the bit: none in the full checkpoint or deltas. */
	pair_old(200);
	own_timers_a(50);
	n_timer_recs_sent = 0;
	pair_connect();
	settle();
	CU_ASSERT_EQUAL(sess_table_count(tb), 200);
	own_timers_a(60);
	settle();
	CU_ASSERT_EQUAL(n_timer_recs_sent, 0);
	CU_ASSERT_EQUAL(ca.stats.n_timers_tx, 0);
	CU_ASSERT(ca.stats.n_timers_unshared >= 50);
	s = sess_table_lookup_teid(tb, 0x1000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->p.idle_timeout_s, 0);

	/* Both sides have it: the full checkpoint carries the 50. */
	pair_old(200);
	own_timers_a(50);
	n_timer_recs_sent = 0;
	ctl_ckpt_link(&ca, true);
	ctl_ckpt_link(&cb, true);
	ctl_ckpt_caps(&ca, SRP_CAP_SESS_TIMERS);
	ctl_ckpt_caps(&cb, SRP_CAP_SESS_TIMERS);
	ctl_ckpt_hello(&cb, SRP_WSTATE_ACTIVE, ca.local_caps);
	ctl_ckpt_hello(&ca, SRP_WSTATE_STANDBY_SYNCING, cb.local_caps);
	settle();
	CU_ASSERT_EQUAL(n_timer_recs_sent, 50);
	CU_ASSERT_EQUAL(ca.stats.n_timers_tx, 50);
	CU_ASSERT_EQUAL(cb.stats.n_timers_rx, 50);
	expect_same();
	for (i = 0; i < 200; i++) {
		s = sess_table_lookup_teid(tb, 0x1000 + i);
		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		CU_ASSERT_EQUAL(s->p.idle_timeout_s,
				i < 50 && i % 2 == 0 ? 600 : 0);
		CU_ASSERT_EQUAL(s->p.abs_timeout_s,
				i < 50 && i % 2 == 1 ? SESS_TIMEOUT_NONE : 0);
	}
	/* A delta: a new override, and one back to the defaults. */
	p = sess_table_lookup_teid(ta, 0x1000 + 100)->p;
	p.abs_timeout_s = 3600;
	CU_ASSERT_EQUAL(sess_table_modify(ta, &p), 0);
	p = sess_table_lookup_teid(ta, 0x1000)->p;
	p.idle_timeout_s = 0;
	CU_ASSERT_EQUAL(sess_table_modify(ta, &p), 0);
	settle();
	CU_ASSERT_EQUAL(sess_table_lookup_teid(tb, 0x1000 + 100)->p.abs_timeout_s,
			3600);
	CU_ASSERT_EQUAL(sess_table_lookup_teid(tb, 0x1000)->p.idle_timeout_s, 0);
	CU_ASSERT_EQUAL(n_timer_recs_sent, 51);
	/* Link down forgets the shared set until the next hello says. */
	ctl_ckpt_link(&ca, false);
	CU_ASSERT_EQUAL(ca.feat_caps, 0);
}

/* Changes during a full checkpoint end up right, stale ones removed. */
static void
test_ctl_ckpt_interleaved(void)
{
	struct sess_params p;
	uint32_t i;

	pair_reset();
	for (i = 0; i < 2000; i++)
		add_a(i, T0_MS - 100000);
	/* The standby holds a session the active no longer has. */
	mk(&p, 5000);
	CU_ASSERT_EQUAL(sess_table_add_at(tb, &p, T0_MS - 1), 0);
	ca.slice_records = 300;
	pair_connect();
	/* Created after the snapshot, before CKPT_BEGIN went out. */
	add_a(4500, T0_MS - 100000);
	ctl_ckpt_poll(&ca);
	pump();
	CU_ASSERT(cb.rx_in_epoch);
	CU_ASSERT(ca.tx_i > 0 && ca.tx_i < ca.tx_n);
	/* Delete one already sent, one not sent yet; modify both kinds. */
	CU_ASSERT_EQUAL(sess_table_del(ta, 0x1000 + 5), 0);
	CU_ASSERT_EQUAL(sess_table_del(ta, 0x1000 + 1900), 0);
	mk(&p, 7);
	p.teid_remote = 0xabcdef;
	CU_ASSERT_EQUAL(sess_table_modify(ta, &p), 0);
	mk(&p, 1800);
	p.qfi = 9;
	p.has_qfi = true;
	CU_ASSERT_EQUAL(sess_table_modify(ta, &p), 0);
	CU_ASSERT_EQUAL(sess_table_flags_set(ta, 0x1000 + 8, SESS_F_ERR_IND,
					     0), 0);
	/* A new session takes a deleted one's UE address. */
	mk(&p, 5);
	p.teid_local = 0x7777;
	p.teid_remote = 0x7777;
	CU_ASSERT_EQUAL(sess_table_add_at(ta, &p, T0_MS - 50000), 0);
	settle();
	CU_ASSERT_EQUAL(n_ready_b, 1);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(tb, 0x1000 + 5000));
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(tb, 0x1000 + 5));
	CU_ASSERT_EQUAL(cb.stats.n_cleanup, 1);
	expect_same();
	/* After the checkpoint, deltas keep the copy equal. */
	CU_ASSERT_EQUAL(sess_table_del(ta, 0x1000 + 10), 0);
	mk(&p, 11);
	p.teid_remote = 0x5555;
	CU_ASSERT_EQUAL(sess_table_modify(ta, &p), 0);
	add_a(4000, T0_MS - 1000000);
	settle();
	expect_same();
	CU_ASSERT(ca.stats.n_delta_tx > 0);
	/*
	 * Coalescing reorders: 22 is queued before 23, 23 is deleted and 22
	 * takes its UE address; the standby must evict its old 23.
	 */
	mk(&p, 22);
	p.teid_remote = 0x2222;
	CU_ASSERT_EQUAL(sess_table_modify(ta, &p), 0);
	CU_ASSERT_EQUAL(sess_table_flags_set(ta, 0x1000 + 23, SESS_F_ERR_IND,
					     0), 0);
	CU_ASSERT_EQUAL(sess_table_del(ta, 0x1000 + 23), 0);
	mk(&p, 22);
	p.teid_remote = 0x2222;
	memcpy(p.ue4, sess_table_lookup_teid(tb, 0x1000 + 23)->p.ue4, 4);
	CU_ASSERT_EQUAL(sess_table_modify(ta, &p), 0);
	settle();
	expect_same();
	CU_ASSERT(cb.stats.n_evicted >= 1);
}

/* A corrupt chunk changes nothing and the standby stays syncing. */
static void
test_ctl_ckpt_corrupt(void)
{
	uint8_t raw[256], z[512];
	struct srp_rec_writer w;
	struct srp_msg m;
	struct srp_rec r;
	const struct sess *s;
	size_t zlen;
	uint32_t i, n;

	pair_reset();
	for (i = 0; i < 3000; i++)
		add_a(i, T0_MS - 100000);
	corrupt_chunk = 1;
	pair_connect();
	settle();
	CU_ASSERT_EQUAL(n_ready_b, 0);
	CU_ASSERT_EQUAL(cb.stats.n_fail[CTL_CKPT_FAIL_DECOMPRESS] +
			cb.stats.n_fail[CTL_CKPT_FAIL_DECODE], 1);
	CU_ASSERT_EQUAL(cb.stats.n_full_failed, 1);
	n = sess_table_count(tb);
	CU_ASSERT(n > 0 && n < 3000);

	/* A batch with a good record then a bad one: nothing applied. */
	srp_rec_writer_init(&w, raw, sizeof(raw));
	s = sess_table_lookup_teid(ta, 0x1000 + 2999);
	ctl_sess_rec_from(NULL, s, 0, &r);
	r.teid_local = 0x4242;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	memset(&r, 0, sizeof(r));
	r.op = SRP_REC_DELETE;
	r.teid_local = 0x4343;
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	raw[w.len - 4] = 0;	/* delete of TEID 0x4300: still valid */
	raw[w.len - 1] = 0;
	raw[w.len - 2] = 0;	/* TEID 0: refused by the decoder */
	CU_ASSERT_EQUAL(srp_comp_compress(SRP_WCOMP_ZLIB, raw, w.len, z,
					  sizeof(z), &zlen), 0);
	srp_msg_init(&m, SRP_MSG_SESS_DELTA);
	m.payload = z;
	m.payload_len = (uint32_t)zlen;
	m.comp_id = SRP_WCOMP_ZLIB;
	m.uncomp_len = (uint32_t)w.len;
	m.present = SRP_TLV_BIT(SRP_TLV_COMP_ID) |
		    SRP_TLV_BIT(SRP_TLV_UNCOMP_LEN);
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(tb, 0x4242));
	CU_ASSERT_EQUAL(sess_table_count(tb), n);
	CU_ASSERT_EQUAL(cb.stats.n_fail[CTL_CKPT_FAIL_DECODE], 1);
	/* Wrong UNCOMP_LEN: refused too. */
	m.uncomp_len = (uint32_t)w.len + 1;
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
	CU_ASSERT_EQUAL(sess_table_count(tb), n);
	CU_ASSERT_EQUAL(cb.stats.n_fail[CTL_CKPT_FAIL_DECOMPRESS], 2);
	/* UNCOMP_LEN without COMP_ID: refused; neither: plain batch. */
	m.uncomp_len = (uint32_t)w.len;
	m.present = SRP_TLV_BIT(SRP_TLV_UNCOMP_LEN);
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
	CU_ASSERT_EQUAL(cb.stats.n_fail[CTL_CKPT_FAIL_DECOMPRESS], 3);
	raw[w.len - 2] = 0x43;	/* valid again: upsert 0x4242, delete */
	m.payload = raw;
	m.payload_len = (uint32_t)w.len;
	m.present = 0;
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
	CU_ASSERT_PTR_NOT_NULL(sess_table_lookup_teid(tb, 0x4242));
	/* (it may evict 2999, whose keys it carries) */
	CU_ASSERT(sess_table_count(tb) == n + 1 ||
		  sess_table_count(tb) == n);
	n = sess_table_count(tb);
	m.payload = z;
	m.payload_len = (uint32_t)zlen;
	m.present = SRP_TLV_BIT(SRP_TLV_COMP_ID) |
		    SRP_TLV_BIT(SRP_TLV_UNCOMP_LEN);
	/* A chunk outside an epoch is ignored (a stale one: counted, not
	 * a failure). */
	m.type = SRP_MSG_CKPT_CHUNK;
	m.uncomp_len = (uint32_t)w.len;
	m.epoch = 99;
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
	CU_ASSERT_EQUAL(cb.stats.n_fail[CTL_CKPT_FAIL_ORDER], 0);
	CU_ASSERT_EQUAL(cb.stats.n_rx_stale, 1);
	CU_ASSERT_EQUAL(sess_table_count(tb), n);
}

/* NACK macro: answered with a new full checkpoint, max-response kept. */
static void
test_ctl_ckpt_nack(void)
{
	uint32_t i;

	conf_b.nack_macro = true;
	conf_b.nack_macro_max = 2;
	pair_reset();
	for (i = 0; i < 1500; i++)
		add_a(i, T0_MS - 100000);
	/* Every first chunk of each full checkpoint is corrupt. */
	corrupt_chunk = 0;
	pair_connect();
	settle();
	/* Failed, NACKed, the active sent a new one which passed. */
	CU_ASSERT_EQUAL(cb.stats.n_nack_tx, 1);
	CU_ASSERT_EQUAL(ca.stats.n_nack_rx, 1);
	CU_ASSERT_EQUAL(ca.stats.n_full_started, 2);
	CU_ASSERT_EQUAL(n_ready_b, 1);
	expect_same();

	/* Always corrupt: 2 NACKs in the window, then silence. */
	pair_reset();
	for (i = 0; i < 1500; i++)
		add_a(i, T0_MS - 100000);
	corrupt_chunk = -2;
	pair_connect();
	settle();
	CU_ASSERT_EQUAL(cb.stats.n_nack_tx, 2);
	CU_ASSERT_EQUAL(cb.stats.n_nack_suppressed, 1);
	CU_ASSERT_EQUAL(ca.stats.n_full_started, 3);
	CU_ASSERT_EQUAL(cb.stats.n_full_failed, 3);
	CU_ASSERT_EQUAL(n_ready_b, 0);
	/* A new window (10 minutes later) allows NACKs again. */
	mono_now += CTL_CKPT_NACK_WINDOW_MS;
	ctl_ckpt_full_start(&ca);
	settle();
	CU_ASSERT_EQUAL(cb.stats.n_nack_tx, 4);
	CU_ASSERT_EQUAL(cb.stats.n_nack_suppressed, 2);
	/* max-response 0: never. */
	conf_b.nack_macro_max = 0;
	ctl_ckpt_full_start(&ca);
	mono_now += CTL_CKPT_NACK_WINDOW_MS;
	settle();
	CU_ASSERT_EQUAL(cb.stats.n_nack_tx, 4);
	conf_b.nack_macro = false;
}

/* Young sessions are absent until they age; VoLTE uses the IMS value. */
static void
test_ctl_ckpt_duration(void)
{
	uint32_t i, nb;

	conf_a.ckpt_duration_non_ims_s = 60;
	conf_a.ckpt_duration_ims_s = 120;
	pair_reset();
	for (i = 0; i < 100; i++)
		add_a(i, wall_now - 200000);		/* old */
	for (i = 100; i < 200; i++)
		add_a(i, wall_now - 10000);		/* 10 s old */
	pair_connect();
	settle();
	CU_ASSERT_EQUAL(n_ready_b, 1);
	CU_ASSERT_EQUAL(sess_table_count(tb), 100);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(tb, 0x1000 + 150));
	/* 51 s later: non-IMS ones are 61 s old, VoLTE ones not yet. */
	wall_now += 51000;
	settle();
	nb = sess_table_count(tb);
	for (i = 100; i < 200; i++) {
		struct sess_params p;

		mk(&p, i);
		CU_ASSERT_EQUAL(sess_table_lookup_teid(tb, p.teid_local) !=
				NULL, !(p.flags & SESS_F_VOLTE));
	}
	CU_ASSERT(nb > 100 && nb < 200);
	CU_ASSERT(ca.stats.n_aged > 0);
	wall_now += 60000;
	settle();
	expect_same();
	/* Call loss at a takeover: what the active counted, minus held. */
	for (i = 300; i < 310; i++)
		add_a(i, wall_now);
	settle();
	mono_now += CTL_CKPT_COUNT_MS;
	settle();
	CU_ASSERT_EQUAL(cb.announced, sess_table_count(ta));
	ctl_ckpt_role(&cb, SRP_WSTATE_STANDBY_READY, 1);
	ctl_ckpt_role_cause(&cb, "local-fault");
	ctl_ckpt_role(&cb, SRP_WSTATE_ACTIVE, 2);
	CU_ASSERT_EQUAL(cb.loss.n_takeovers, 1);
	CU_ASSERT_STRING_EQUAL(cb.loss.cause, "local-fault");
	CU_ASSERT_EQUAL(cb.loss.lost, 10);
	CU_ASSERT_EQUAL(cb.loss.too_young, 10);
	conf_a.ckpt_duration_non_ims_s = 0;
	conf_a.ckpt_duration_ims_s = 0;
	wall_now += 1000000;
}

/* Compression: LZ4 only when both ask; the receiver takes COMP_ID. */
static void
test_ctl_ckpt_compression(void)
{
	uint32_t i;

	conf_a.compression = SRP_COMP_LZ4;
	pair_reset();
	for (i = 0; i < 500; i++)
		add_a(i, T0_MS - 100000);
	pair_connect();		/* standby: zlib only */
	CU_ASSERT_EQUAL(ca.comp, SRP_WCOMP_ZLIB);
	settle();
	CU_ASSERT(ca.stats.bytes_comp[SRP_WCOMP_ZLIB] > 0);
	CU_ASSERT_EQUAL(ca.stats.bytes_comp[SRP_WCOMP_LZ4], 0);
	expect_same();

	conf_b.compression = SRP_COMP_LZ4;
	pair_reset();
	for (i = 0; i < 500; i++)
		add_a(i, T0_MS - 100000);
	pair_connect();
	CU_ASSERT_EQUAL(ca.comp, SRP_WCOMP_LZ4);
	CU_ASSERT_EQUAL(cb.comp, SRP_WCOMP_LZ4);
	settle();
	CU_ASSERT(ca.stats.bytes_comp[SRP_WCOMP_LZ4] > 0);
	CU_ASSERT(ca.stats.bytes_comp[SRP_WCOMP_LZ4] <
		  ca.stats.bytes_raw[SRP_WCOMP_LZ4]);
	CU_ASSERT_EQUAL(n_ready_b, 1);
	expect_same();
	/* Agreed once per connection: a later hello changes nothing. */
	ctl_ckpt_hello(&ca, SRP_WSTATE_STANDBY_READY, SRP_COMP_CAP_ZLIB);
	CU_ASSERT_EQUAL(ca.comp, SRP_WCOMP_LZ4);
	conf_a.compression = SRP_COMP_ZLIB;
	conf_b.compression = SRP_COMP_ZLIB;
}

/* A full session queue (-ENOBUFS) delays but loses nothing. */
static void
test_ctl_ckpt_backoff(void)
{
	uint32_t i;

	pair_reset();
	for (i = 0; i < 2000; i++)
		add_a(i, T0_MS - 100000);
	enobufs_every = 2;
	ca.slice_records = 200;
	pair_connect();
	settle();
	CU_ASSERT(ca.stats.n_backoff > 0);
	CU_ASSERT_EQUAL(n_ready_b, 1);
	expect_same();
	/* Link loss mid-checkpoint abandons it; reconnect resyncs. */
	ctl_ckpt_full_start(&ca);
	ctl_ckpt_poll(&ca);
	ctl_ckpt_link(&ca, false);
	ctl_ckpt_link(&cb, false);
	CU_ASSERT(!ca.tx_running);
	while (q[0].n > 0) {
		free(q[0].buf[q[0].head]);
		q[0].head = (q[0].head + 1) % QMAX;
		q[0].n--;
	}
	for (i = 0; i < 100; i++)
		CU_ASSERT_EQUAL(sess_table_del(ta, 0x1000 + i), 0);
	ctl_ckpt_role(&cb, SRP_WSTATE_STANDBY_SYNCING, 1);
	n_ready_b = 0;
	pair_connect();
	settle();
	CU_ASSERT_EQUAL(n_ready_b, 1);
	expect_same();
	enobufs_every = 0;
	/* An active standby-to-be never applies the peer's sessions. */
	ctl_ckpt_role(&cb, SRP_WSTATE_ACTIVE, 2);
	CU_ASSERT_EQUAL(sess_table_del(ta, 0x1000 + 500), 0);
	settle();
	CU_ASSERT_PTR_NOT_NULL(sess_table_lookup_teid(tb, 0x1000 + 500));
	CU_ASSERT(cb.stats.n_ignored_active > 0);
}

/* Periodic full checkpoints; NACK micro; the sync state texts. */
static void
test_ctl_ckpt_periodic_micro(void)
{
	uint8_t raw[64], z[256];
	char buf[128];
	struct srp_rec_writer w;
	struct srp_msg m;
	uint32_t i, missing;
	size_t zlen;

	conf_a.ckpt_periodic_min = 30;
	conf_b.nack_micro = true;
	pair_reset();
	for (i = 0; i < 1000; i++)
		add_a(i, T0_MS - 100000);
	CU_ASSERT_STRING_EQUAL(ctl_ckpt_sync_str(&cb,
			       SRP_WSTATE_STANDBY_SYNCING, buf, sizeof(buf),
			       &missing), "syncing: waiting for the active's "
			       "checkpoint");
	ca.slice_records = 100;
	pair_connect();
	ctl_ckpt_poll(&ca);
	pump();
	CU_ASSERT_STRING_EQUAL(ctl_ckpt_sync_str(&cb,
			       SRP_WSTATE_STANDBY_SYNCING, buf, sizeof(buf),
			       &missing), "syncing: 100 of 1000 sessions "
			       "applied");
	CU_ASSERT_EQUAL(missing, 900);
	CU_ASSERT_STRING_EQUAL(ctl_ckpt_sync_str(&ca, SRP_WSTATE_ACTIVE, buf,
			       sizeof(buf), &missing), "active: full "
			       "checkpoint running, 100 of 1000 sessions sent");
	settle();
	CU_ASSERT_EQUAL(n_ready_b, 1);
	ctl_ckpt_hello(&ca, SRP_WSTATE_STANDBY_READY, cb.local_caps);
	CU_ASSERT_STRING_EQUAL(ctl_ckpt_sync_str(&ca, SRP_WSTATE_ACTIVE, buf,
			       sizeof(buf), &missing), "active: standby ready");
	/* 30 minutes later: a full checkpoint, the standby stays equal. */
	settle();
	CU_ASSERT_EQUAL(ca.stats.n_full_started, 1);
	mono_now += 30u * 60000u;
	settle();
	CU_ASSERT_EQUAL(ca.stats.n_full_started, 2);
	CU_ASSERT_EQUAL(cb.stats.n_full_applied, 2);
	expect_same();
	conf_a.ckpt_periodic_off = true;
	mono_now += 60u * 60000u;
	settle();
	CU_ASSERT_EQUAL(ca.stats.n_full_started, 2);
	/* A delta that does not decode: NACK micro, full checkpoint. */
	srp_rec_writer_init(&w, raw, sizeof(raw));
	raw[0] = 7;	/* unknown record format version */
	CU_ASSERT_EQUAL(srp_comp_compress(SRP_WCOMP_ZLIB, raw, w.len, z,
					  sizeof(z), &zlen), 0);
	srp_msg_init(&m, SRP_MSG_SESS_DELTA);
	m.payload = z;
	m.payload_len = (uint32_t)zlen;
	m.comp_id = SRP_WCOMP_ZLIB;
	m.uncomp_len = (uint32_t)w.len;
	m.present = SRP_TLV_BIT(SRP_TLV_COMP_ID) |
		    SRP_TLV_BIT(SRP_TLV_UNCOMP_LEN);
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
	CU_ASSERT_EQUAL(cb.stats.n_nack_tx, 1);
	settle();
	CU_ASSERT_EQUAL(ca.stats.n_nack_rx, 1);
	CU_ASSERT_EQUAL(ca.stats.n_full_started, 3);
	expect_same();
	/* srp disable nack micro-chkpt-cmd 2: no NACK for that id. */
	CU_ASSERT_EQUAL(ctl_ckpt_nack_enable(&cb, 1, false), -EINVAL);
	CU_ASSERT_EQUAL(ctl_ckpt_nack_enable(&cb, 5, false), -EINVAL);
	CU_ASSERT_EQUAL(ctl_ckpt_nack_enable(&cb, 2, false), 0);
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
	CU_ASSERT_EQUAL(cb.stats.n_nack_tx, 1);
	CU_ASSERT_EQUAL(ctl_ckpt_nack_enable(&cb, 2, true), 0);
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
	CU_ASSERT_EQUAL(cb.stats.n_nack_tx, 2);
	settle();
	/* Not a checkpoint message. */
	srp_msg_init(&m, SRP_MSG_HELLO);
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), -EPROTO);
	conf_b.nack_micro = false;
	conf_a.ckpt_periodic_off = false;
	conf_a.ckpt_periodic_min = SRP_CKPT_PERIODIC_DEFAULT;
}

/* The show commands: output, and bad arguments refused. */
static void
test_ctl_ckpt_cmds(void)
{
	char buf[8192];

	pair_synced(50);
	CU_ASSERT_EQUAL(ctl_ckpt_cmd_register(&cb), 0);
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "show srp checkpoint statistics"), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"full_checkpoints_applied\": 1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"records_applied_upsert\": 50"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"records_applied_counters\": 0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"workers_mc_ring_full\": 0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"compression\": \"zlib\""));
	CU_ASSERT_PTR_NULL(strstr(buf, "failures_by_reason"));
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "show srp checkpoint statistics verbose"), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "failures_by_reason"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"mc_overflow_sweeps\": 0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"counters\": 0"));
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "show srp checkpoint statistics loud"), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "unknown word 'loud'"));
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "show srp checkpoint info"), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "session-delete"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"id\": 4"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "session-counters"));
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "show srp checkpoint info x"), -EINVAL);
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "show srp call-loss statistics"), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"takeovers\": 0"));
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "show srp call-loss statistics now"), -EINVAL);
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf), "show subscribers digest"), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"sessions\": 50"));
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf), "show subscribers digest 1"),
			-EINVAL);
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "srp disable nack micro-chkpt-cmd 3"), 0);
	CU_ASSERT(cb.nack_off[3]);
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf), "show srp checkpoint info"), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"nack\": \"disabled\""));
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "srp enable nack micro-chkpt-cmd 3"), 0);
	CU_ASSERT(!cb.nack_off[3]);
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "srp disable nack micro-chkpt-cmd 4"), 0);
	CU_ASSERT(cb.nack_off[4]);
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "srp enable nack micro-chkpt-cmd 4"), 0);
	CU_ASSERT(!cb.nack_off[4]);
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "srp disable nack micro-chkpt-cmd 5"), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "4 session-counters"));
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "srp disable nack micro-chkpt-cmd 1"), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "not a micro-checkpoint command"));
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "srp disable nack micro-chkpt-cmd 2x"), -EINVAL);
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf),
			    "srp disable nack micro-chkpt-cmd"), -EINVAL);
	CU_ASSERT(!cb.nack_off[2] && !cb.nack_off[3]);
	CU_ASSERT_EQUAL(cb.stats.n_full_applied, 1);
	/* After fini the commands say SRP is not running. */
	ctl_ckpt_fini(&cb);
	CU_ASSERT_EQUAL(ut_api_run(buf, sizeof(buf), "show srp checkpoint info"),
			-ENODEV);
	CU_ASSERT_EQUAL(ctl_ckpt_init(&cb, tb, &conf_b, &ops_b, NULL), 0);
}

static void
test_ctl_ckpt_set(void)
{
	struct ctl_ckpt_set s = { 0 };
	uint32_t i, mask;

	for (i = 1; i <= 5000; i++)
		CU_ASSERT_EQUAL(ctl_ckpt_set_add(&s, i * 7919u), 1);
	CU_ASSERT_EQUAL(ctl_ckpt_set_add(&s, 7919u), 0);
	CU_ASSERT_EQUAL(ctl_ckpt_set_add(&s, 0), -EINVAL);
	CU_ASSERT_EQUAL(s.n, 5000);
	for (i = 1; i <= 5000; i++)
		CU_ASSERT_EQUAL(ctl_ckpt_set_at(&s, i - 1), i * 7919u);
	CU_ASSERT(ctl_ckpt_set_has(&s, 7919u * 77));
	CU_ASSERT(!ctl_ckpt_set_has(&s, 3));
	ctl_ckpt_set_clear(&s);
	CU_ASSERT(!ctl_ckpt_set_has(&s, 7919u * 77));
	CU_ASSERT_EQUAL(ctl_ckpt_set_add(&s, 3), 1);
	ctl_ckpt_set_free(&s);
	/* Reserved room: adding that many never resizes (no rehash). */
	CU_ASSERT_EQUAL(ctl_ckpt_set_reserve(&s, 100000), 0);
	mask = s.mask;
	CU_ASSERT(mask + 1 >= 200000);
	for (i = 1; i <= 100000; i++)
		CU_ASSERT_EQUAL(ctl_ckpt_set_add(&s, i), 1);
	CU_ASSERT_EQUAL(s.mask, mask);
	CU_ASSERT(ctl_ckpt_set_has(&s, 77777));
	CU_ASSERT_EQUAL(ctl_ckpt_set_reserve(&s, 10), 0);	/* no shrink */
	CU_ASSERT_EQUAL(s.mask, mask);
	CU_ASSERT_EQUAL(s.n, 100000);
	ctl_ckpt_set_free(&s);
}

/* Worker 0 of the active counted @pkts packets each way on session @i. */
static void
traffic_a(uint32_t i, uint64_t pkts)
{
	const struct sess *s = sess_table_lookup_teid(ta, 0x1000 + i);
	struct sess_cnt *cnt;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	cnt = &sess_table_cnt(ta, 0)[s->slot];
	cnt->ul_pkts += pkts;
	cnt->ul_bytes += pkts * 100;
	cnt->dl_pkts += 2 * pkts;
	cnt->dl_bytes += pkts * 1500;
	cnt->last_tsc = rte_rdtsc();
}

/* Worker 0 notes session @i's slot @n times (as forwarding would). */
static void
note_a(uint32_t i, unsigned int n)
{
	const struct sess *s = sess_table_lookup_teid(ta, 0x1000 + i);
	unsigned int k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	sess_table_cnt(ta, 0)[s->slot].ckpt_tsc = rte_rdtsc();
	for (k = 0; k < n; k++) {
		dp_ckpt_ring_note(&mc->w[0], s->slot);
		if (mc->w[0].n_buf == DP_CKPT_RING_BUF)
			dp_ckpt_ring_flush(&mc->w[0]);
	}
	dp_ckpt_ring_flush(&mc->w[0]);
}

/* Session @i's counters on the standby equal the active's. */
static bool
cnt_same(uint32_t i)
{
	const struct sess *sa = sess_table_lookup_teid(ta, 0x1000 + i);
	const struct sess *sb = sess_table_lookup_teid(tb, 0x1000 + i);
	struct sess_cnt a, b;

	if (sa == NULL || sb == NULL)
		return false;
	sess_table_cnt_sum(ta, sa->slot, &a);
	sess_table_cnt_sum(tb, sb->slot, &b);
	return a.ul_pkts == b.ul_pkts && a.ul_bytes == b.ul_bytes &&
	       a.dl_pkts == b.dl_pkts && a.dl_bytes == b.dl_bytes &&
	       a.ul_pkts != 0;
}

/* The standby's base last activity of session @i. */
static uint64_t
last_ms_b(uint32_t i)
{
	const struct sess *s = sess_table_lookup_teid(tb, 0x1000 + i);
	struct sess_cnt_base b;

	if (s == NULL || sess_table_cnt_base_get(tb, s->slot, &b) < 0)
		return 0;
	return b.last_ms;
}

/* A pair with the active's "workers" attached, synced. */
static void
mc_pair(uint32_t n)
{
	pair_old(n);
	/* Counters before the sync travel in the full checkpoint. */
	traffic_a(0, 5);
	/* Short: settle() waits for the trailing checks. */
	conf_a.ckpt_refresh_ms = 1;
	mc_set_calls = 0;
	CU_ASSERT_EQUAL(ctl_ckpt_ring_attach(&ca, mc, fake_mc_set), 0);
	/* No standby yet: the workers stay quiet. */
	CU_ASSERT_EQUAL(mc_set_last, 0);
	pair_connect();
	CU_ASSERT_EQUAL(mc_set_last, conf_a.ckpt_refresh_ms);
	settle();
	CU_ASSERT_EQUAL(n_ready_b, 1);
	CU_ASSERT(cnt_same(0));
}

/*
 * Worker refreshes end up as the standby's counters; many refreshes of a
 * session coalesce into one record; the upserts carry counters too; after
 * a takeover the standby's counters continue from there.
 */
static void
test_ctl_ckpt_mc_counters(void)
{
	const struct sess *s;
	struct sess_cnt sum;
	uint64_t tx0;
	uint32_t i;

	mc_pair(200);
	for (i = 0; i < 20; i++)
		traffic_a(i, i + 1);
	CU_ASSERT(!cnt_same(3));
	for (i = 0; i < 20; i++)
		note_a(i, 1);
	wall_now += 5;
	settle();
	for (i = 0; i < 20; i++)
		CU_ASSERT(cnt_same(i));
	CU_ASSERT_EQUAL(ca.stats.n_rec_tx[CTL_CKPT_CMD_COUNTERS], 20);
	CU_ASSERT_EQUAL(cb.stats.n_rec_rx[CTL_CKPT_CMD_COUNTERS], 20);
	/* Last activity: the worker's TSC as wall-clock ms. */
	CU_ASSERT(last_ms_b(3) <= wall_now && last_ms_b(3) + 1000 >= wall_now);
	/* 300 refreshes of one session: one record. */
	tx0 = ca.stats.n_rec_tx[CTL_CKPT_CMD_COUNTERS];
	traffic_a(7, 1000);
	note_a(7, 300);
	ctl_ckpt_poll(&ca);
	pump();
	CU_ASSERT_EQUAL(ca.stats.n_rec_tx[CTL_CKPT_CMD_COUNTERS], tx0 + 1);
	CU_ASSERT_EQUAL(ca.stats.n_mc_coalesced, 299);
	CU_ASSERT(cnt_same(7));
	CU_ASSERT(cb.stats.n_rec_fail == 0 && cb.stats.n_nack_tx == 0);
	CU_ASSERT_EQUAL(ca.stats.n_mc_trailing, 0);
	/* Packets within the interval after the refresh (no worker note),
	 * then silence: a trailing refresh one interval later. */
	traffic_a(7, 4);
	CU_ASSERT(!cnt_same(7));
	settle();
	CU_ASSERT(cnt_same(7));
	CU_ASSERT_EQUAL(ca.stats.n_mc_trailing, 1);
	CU_ASSERT_EQUAL(ca.stats.n_rec_tx[CTL_CKPT_CMD_COUNTERS], tx0 + 2);
	/* An upsert pending: no separate refresh, the upsert carries them. */
	traffic_a(8, 3);
	CU_ASSERT_EQUAL(sess_table_flags_set(ta, 0x1000 + 8, SESS_F_ERR_IND,
					     0), 0);
	note_a(8, 1);
	tx0 = ca.stats.n_rec_tx[CTL_CKPT_CMD_COUNTERS];
	settle();
	CU_ASSERT_EQUAL(ca.stats.n_mc_pending, 1);
	CU_ASSERT_EQUAL(ca.stats.n_rec_tx[CTL_CKPT_CMD_COUNTERS], tx0);
	CU_ASSERT(cnt_same(8));
	expect_same();
	/* A session gone by the time its slot is drained: nothing sent. */
	note_a(9, 1);
	CU_ASSERT_EQUAL(sess_table_del(ta, 0x1000 + 9), 0);
	settle();
	CU_ASSERT_EQUAL(ca.stats.n_mc_gone, 1);
	CU_ASSERT(cb.stats.n_rec_fail == 0);
	/* Link loss turns the workers' refresh off, reconnect on. */
	ctl_ckpt_link(&ca, false);
	CU_ASSERT_EQUAL(mc_set_last, 0);
	ctl_ckpt_link(&ca, true);
	ctl_ckpt_hello(&ca, SRP_WSTATE_STANDBY_READY, cb.local_caps);
	CU_ASSERT_EQUAL(mc_set_last, conf_a.ckpt_refresh_ms);
	settle();
	/* Takeover: the standby's workers count on from the copy. */
	ctl_ckpt_role(&ca, SRP_WSTATE_STANDBY_SYNCING, 2);
	CU_ASSERT_EQUAL(mc_set_last, 0);
	ctl_ckpt_role(&cb, SRP_WSTATE_ACTIVE, 2);
	s = sess_table_lookup_teid(tb, 0x1000 + 7);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	sess_table_cnt(tb, 0)[s->slot].ul_pkts += 10;
	sess_table_cnt_sum(tb, s->slot, &sum);
	CU_ASSERT_EQUAL(sum.ul_pkts, 8 + 1000 + 4 + 10);
	ctl_ckpt_ring_attach(&ca, NULL, NULL);
	conf_a.ckpt_refresh_ms = SRP_CKPT_REFRESH_DEFAULT_MS;
}

/*
 * Refreshes wait while the standby syncs: one for a session the chunks
 * have not reached yet would name a TEID the standby lacks.
 */
static void
test_ctl_ckpt_mc_held(void)
{
	uint32_t i;

	pair_reset();
	for (i = 0; i < 2000; i++)
		add_a(i, T0_MS - 100000);
	conf_a.ckpt_refresh_ms = 1;
	CU_ASSERT_EQUAL(ctl_ckpt_ring_attach(&ca, mc, fake_mc_set), 0);
	ca.slice_records = 100;
	pair_connect();
	ctl_ckpt_poll(&ca);
	pump();
	CU_ASSERT_FATAL(cb.rx_in_epoch);
	for (i = 1999; i > 0; i--)
		if (sess_table_lookup_teid(tb, 0x1000 + i) == NULL)
			break;
	traffic_a(i, 3);
	note_a(i, 1);
	ctl_ckpt_poll(&ca);
	pump();
	CU_ASSERT_EQUAL(ca.stats.n_rec_tx[CTL_CKPT_CMD_COUNTERS], 0);
	settle();
	CU_ASSERT_EQUAL(n_ready_b, 1);
	CU_ASSERT_EQUAL(cb.stats.n_rec_fail, 0);
	CU_ASSERT(cnt_same(i));
	ctl_ckpt_ring_attach(&ca, NULL, NULL);
	conf_a.ckpt_refresh_ms = SRP_CKPT_REFRESH_DEFAULT_MS;
}

/* A full ring: the slots go to the overflow bitmap, which is swept. */
static void
test_ctl_ckpt_mc_overflow(void)
{
	uint64_t full;
	unsigned int k;

	mc_pair(100);
	ca.slice_slots = 1000;
	traffic_a(1, 1);
	traffic_a(2, 2);
	/* Fill the ring with session 1, then session 2 overflows. */
	for (k = 0; dp_ckpt_ring_full(mc) == 0; k++) {
		note_a(1, DP_CKPT_RING_BUF);
		CU_ASSERT_FATAL(k <= DP_CKPT_RING_SIZE / DP_CKPT_RING_BUF);
	}
	full = dp_ckpt_ring_full(mc);
	note_a(2, 1);
	CU_ASSERT_EQUAL(dp_ckpt_ring_full(mc), full + 1);
	settle();
	CU_ASSERT(ca.stats.n_mc_sweeps >= 1);
	CU_ASSERT_EQUAL(ca.stats.n_mc_swept, 2);	/* one bit per slot */
	CU_ASSERT(ca.stats.n_mc_drains > 1);	/* bounded per poll */
	CU_ASSERT(cnt_same(1));
	CU_ASSERT(cnt_same(2));
	ca.slice_slots = CTL_CKPT_SLICE_SLOTS;
	ctl_ckpt_ring_attach(&ca, NULL, NULL);
	conf_a.ckpt_refresh_ms = SRP_CKPT_REFRESH_DEFAULT_MS;
}

/* A session younger than the duration is not refreshed (not sent yet). */
static void
test_ctl_ckpt_mc_young(void)
{
	struct sess_params p;

	conf_a.ckpt_duration_non_ims_s = 60;
	conf_a.ckpt_duration_ims_s = 60;
	mc_pair(10);
	mk(&p, 2000);
	p.flags = 0;
	CU_ASSERT_EQUAL(sess_table_add_at(ta, &p, wall_now), 0);
	traffic_a(2000, 4);
	note_a(2000, 1);
	settle();
	CU_ASSERT_EQUAL(ca.stats.n_mc_young, 1);
	CU_ASSERT_EQUAL(ca.stats.n_rec_tx[CTL_CKPT_CMD_COUNTERS], 0);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(tb, 0x1000 + 2000));
	/* Once old enough it goes whole, counters included. */
	wall_now += 61000;
	settle();
	CU_ASSERT(cnt_same(2000));
	CU_ASSERT_EQUAL(cb.stats.n_rec_fail, 0);
	conf_a.ckpt_duration_non_ims_s = 0;
	conf_a.ckpt_duration_ims_s = 0;
	ctl_ckpt_ring_attach(&ca, NULL, NULL);
	conf_a.ckpt_refresh_ms = SRP_CKPT_REFRESH_DEFAULT_MS;
}

/*
 * Delete session @i of the active and give its counter slot to a new
 * session @j created at @created_ms. @return the slot.
 */
static uint32_t
slot_pass(uint32_t i, uint32_t j, uint64_t created_ms)
{
	const struct sess *s = sess_table_lookup_teid(ta, 0x1000 + i);
	struct sess_params p;
	uint32_t slot;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	slot = s->slot;
	CU_ASSERT_EQUAL(sess_table_del(ta, 0x1000 + i), 0);
	sess_table_reclaim_wait(ta);
	mk(&p, j);
	p.flags = 0;
	CU_ASSERT_EQUAL(sess_table_add_at(ta, &p, created_ms), 0);
	s = sess_table_lookup_teid(ta, 0x1000 + j);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->slot, slot);
	return slot;
}

/*
 * A refresh is queued per counter slot; when the slot passes to another
 * session before the refresh is encoded, the record names the new holder
 * (never the deleted TEID) and goes only once the standby holds it.
 */
static void
test_ctl_ckpt_mc_slot_reuse(void)
{
	uint64_t tx0;

	conf_a.ckpt_duration_non_ims_s = 60;
	conf_a.ckpt_duration_ims_s = 60;
	mc_pair(20);
	/* Queued (drained, not yet encoded), then the slot changes hands
	 * to a young session the standby does not hold. */
	traffic_a(9, 3);
	note_a(9, 1);
	ctl_ckpt_i_mc_collect(&ca, wall_now, true, 1000);
	CU_ASSERT_EQUAL(ca.cnt[ca.cnt_in].n, 1);
	slot_pass(9, 3000, wall_now);
	tx0 = ca.stats.n_rec_tx[CTL_CKPT_CMD_COUNTERS];
	settle();
	CU_ASSERT_EQUAL(ca.stats.n_rec_tx[CTL_CKPT_CMD_COUNTERS], tx0);
	CU_ASSERT_EQUAL(ca.stats.n_mc_young, 1);
	CU_ASSERT_EQUAL(cb.stats.n_rec_fail, 0);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(tb, 0x1000 + 9));
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(tb, 0x1000 + 3000));
	/* Again, to an old session: its upsert goes first, then the
	 * refresh under its own TEID, which the standby applies. */
	traffic_a(10, 3);
	note_a(10, 1);
	ctl_ckpt_i_mc_collect(&ca, wall_now, true, 1000);
	slot_pass(10, 3001, T0_MS - 100000);
	traffic_a(3001, 2);
	settle();
	CU_ASSERT_EQUAL(ca.stats.n_rec_tx[CTL_CKPT_CMD_COUNTERS], tx0 + 1);
	CU_ASSERT_EQUAL(cb.stats.n_rec_fail, 0);
	CU_ASSERT_PTR_NULL(sess_table_lookup_teid(tb, 0x1000 + 10));
	CU_ASSERT(cnt_same(3001));
	/* The young one, once old enough, goes whole. */
	wall_now += 61000;
	settle();
	CU_ASSERT_PTR_NOT_NULL(sess_table_lookup_teid(tb, 0x1000 + 3000));
	CU_ASSERT_EQUAL(cb.stats.n_rec_fail, 0);
	expect_same();
	conf_a.ckpt_duration_non_ims_s = 0;
	conf_a.ckpt_duration_ims_s = 0;
	ctl_ckpt_ring_attach(&ca, NULL, NULL);
	conf_a.ckpt_refresh_ms = SRP_CKPT_REFRESH_DEFAULT_MS;
}

/* Send one SESS_DELTA holding a counters record for @teid to the standby. */
static void
counters_delta_b(uint32_t teid)
{
	uint8_t raw[128];
	struct srp_rec_writer w;
	struct srp_rec r;
	struct srp_msg m;

	memset(&r, 0, sizeof(r));
	r.op = SRP_REC_COUNTERS;
	r.teid_local = teid;
	r.ul_pkts = 1;
	srp_rec_writer_init(&w, raw, sizeof(raw));
	CU_ASSERT_EQUAL(srp_rec_put(&w, &r), SRP_REC_OK);
	srp_msg_init(&m, SRP_MSG_SESS_DELTA);
	m.payload = raw;
	m.payload_len = (uint32_t)w.len;
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
}

/* The command id of the last NACK the standby sent (-1: none queued). */
static int
last_nack_cmd(void)
{
	struct srp_msg m;
	int cmd = -1;

	while (q[1].n > 0) {
		CU_ASSERT_EQUAL(srp_msg_decode(q[1].buf[q[1].head],
					       q[1].len[q[1].head], &m),
				SRP_CODEC_OK);
		if (m.type == SRP_MSG_NACK)
			cmd = m.cmd_id;
		free(q[1].buf[q[1].head]);
		q[1].head = (q[1].head + 1) % QMAX;
		q[1].n--;
	}
	return cmd;
}

/* Counters for a session the standby lacks: failed, NACKed as id 4. */
static void
test_ctl_ckpt_mc_unknown(void)
{
	const struct sess *s;

	conf_b.nack_micro = true;
	pair_reset();
	add_a(1, T0_MS - 100000);
	pair_connect();
	settle();
	counters_delta_b(0x4242);
	CU_ASSERT_EQUAL(cb.stats.n_rec_fail_cmd[CTL_CKPT_CMD_COUNTERS], 1);
	CU_ASSERT_EQUAL(cb.stats.n_fail[CTL_CKPT_FAIL_APPLY], 1);
	CU_ASSERT_EQUAL(cb.stats.n_nack_tx, 1);
	CU_ASSERT_EQUAL(last_nack_cmd(), CTL_CKPT_CMD_COUNTERS);
	CU_ASSERT_EQUAL(cb.not_applied, 0);
	/* srp disable nack micro-chkpt-cmd 4 */
	CU_ASSERT_EQUAL(ctl_ckpt_nack_enable(&cb, CTL_CKPT_CMD_COUNTERS,
					     false), 0);
	counters_delta_b(0x4242);
	CU_ASSERT_EQUAL(cb.stats.n_rec_fail_cmd[CTL_CKPT_CMD_COUNTERS], 2);
	CU_ASSERT_EQUAL(cb.stats.n_nack_tx, 1);
	CU_ASSERT_EQUAL(last_nack_cmd(), -1);
	CU_ASSERT_EQUAL(ctl_ckpt_nack_enable(&cb, CTL_CKPT_CMD_COUNTERS,
					     true), 0);
	/* A known session takes the counters as its base. */
	counters_delta_b(0x1000 + 1);
	s = sess_table_lookup_teid(tb, 0x1000 + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(cb.stats.n_rec_rx[CTL_CKPT_CMD_COUNTERS], 1);
	CU_ASSERT_EQUAL(last_nack_cmd(), -1);
	conf_b.nack_micro = false;
}

/*
 * The full checkpoint's collection and the standby's END sweep run in
 * slices over several polls; sessions added and deleted between slices
 * (both sides of the slot cursor) still end with equal copies.
 */
static void
test_ctl_ckpt_slices(void)
{
	struct sess_params p;
	unsigned int polls = 0, sweep_polls = 0, ahead = 0;
	const struct sess *s;
	uint32_t i, extra = 3000;

	pair_reset();
	for (i = 0; i < 3000; i++)
		add_a(i, T0_MS - 100000);
	/* Stale sessions on the standby, to be swept at END. */
	for (i = 0; i < 50; i++) {
		mk(&p, 6000 + i);
		CU_ASSERT_EQUAL(sess_table_add_at(tb, &p, T0_MS - 1), 0);
	}
	ca.slice_slots = 256;
	cb.slice_slots = 16;	/* 512 polls: adds land ahead of it */
	ca.slice_records = 500;
	pair_connect();
	CU_ASSERT(ca.tx_collecting);
	while (ca.tx_collecting) {
		/* Churn between slices. */
		add_a(extra++, T0_MS - 90000);
		CU_ASSERT_EQUAL(sess_table_del(ta, 0x1000 + polls * 7), 0);
		mono_now++;
		ctl_ckpt_poll(&ca);
		polls++;
		CU_ASSERT_FATAL(polls < 1000);
	}
	CU_ASSERT(polls >= CAP / 256 - 2);
	/* Deliver until the END sweep runs, churning between its slices. */
	while (ca.tx_running || cb.rx_in_epoch || cb.rx_sweeping) {
		mono_now++;
		ctl_ckpt_poll(&ca);
		ctl_ckpt_poll(&cb);
		pump();
		CU_ASSERT_FATAL(++polls < 100000);
		if (!cb.rx_sweeping)
			continue;
		/* The session added last poll: applied now, ahead of the
		 * sweep's cursor (it must survive the sweep)? */
		s = sess_table_lookup_teid(tb, 0x1000 + extra - 1);
		if (sweep_polls++ > 0 && s != NULL && s->slot >= cb.rx_sweep_slot)
			ahead++;
		/* Adds only: a delete would free a slot behind the cursor
		 * that the next add takes. */
		add_a(extra++, T0_MS - 90000);
	}
	CU_ASSERT(sweep_polls >= 2);
	CU_ASSERT(ahead > 0);
	settle();
	CU_ASSERT_EQUAL(n_ready_b, 1);
	CU_ASSERT(cb.stats.n_cleanup >= 50);
	expect_same();
	ca.slice_slots = CTL_CKPT_SLICE_SLOTS;
	cb.slice_slots = CTL_CKPT_SLICE_SLOTS;
}

/* A ready standby whose periodic full checkpoint fails: unready. */
static void
test_ctl_ckpt_unready(void)
{
	uint32_t i;

	pair_reset();
	for (i = 0; i < 2000; i++)
		add_a(i, T0_MS - 100000);
	pair_connect();
	settle();
	CU_ASSERT_EQUAL(n_ready_b, 1);
	CU_ASSERT_EQUAL(n_unready_b, 0);
	ctl_ckpt_hello(&ca, SRP_WSTATE_STANDBY_READY, cb.local_caps);
	corrupt_chunk = 0;
	bad_chunks_seen = 0;
	CU_ASSERT_EQUAL(ctl_ckpt_full_start(&ca), 0);
	settle();
	CU_ASSERT_EQUAL(n_unready_b, 1);
	CU_ASSERT(cb.stats.n_full_failed >= 1);
	/* Told once; the next full checkpoint makes it ready again. */
	corrupt_chunk = -1;
	CU_ASSERT_EQUAL(ctl_ckpt_full_start(&ca), 0);
	settle();
	CU_ASSERT_EQUAL(n_unready_b, 1);
	CU_ASSERT_EQUAL(n_ready_b, 2);
	expect_same();
	/* A syncing standby that never was ready is not told. */
	pair_reset();
	add_a(1, T0_MS - 100000);
	corrupt_chunk = -2;
	pair_connect();
	settle();
	CU_ASSERT_EQUAL(n_ready_b, 0);
	CU_ASSERT_EQUAL(n_unready_b, 0);
	corrupt_chunk = -1;
}

/* Deterministic pseudo-random numbers (xorshift32). */
static uint32_t
rnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/*
 * The running digest equals a from-scratch walk after a random sequence of
 * creates, modifies, flag changes, deletes, replicated upserts/deletes, a
 * generate, a load and a delete-all, all through ctl_sess (the standby's
 * writer).
 */
static void
test_ctl_ckpt_digest_incremental(void)
{
	char *gen_words[] = { "count", "500", "local-teid", "0x200000",
			      "remote-teid", "0x300000", "peer", "192.0.0.9",
			      "ue-ipv4-pool", "100.0.0.0/16" };
	char err[CTL_SESS_ERR_LEN], path[] = "/tmp/t_ctl_ckpt_XXXXXX";
	struct ctl_sess_gen g;
	struct ctl_sess_mod md;
	FILE *f;
	struct sess_params p;
	uint32_t x = 12345, i, k, ev;

	pair_reset();
	for (i = 0; i < 3000; i++) {
		k = rnd(&x) % 600;
		mk(&p, k);
		switch (rnd(&x) % 7) {
		case 0:
		case 1:
			ctl_sess_create(&p, err, sizeof(err));
			break;
		case 2:
			memset(&md, 0, sizeof(md));
			md.teid_local = p.teid_local;
			md.set_remote = true;
			md.teid_remote = 0x50000 + rnd(&x) % 100000;
			md.qfi_op = rnd(&x) % 2 ? CTL_SESS_SET : CTL_SESS_CLEAR;
			md.qfi = (uint8_t)(rnd(&x) % 64);
			md.volte_op = rnd(&x) % 2 ? CTL_SESS_SET :
				      CTL_SESS_CLEAR;
			ctl_sess_modify(&md, err, sizeof(err));
			break;
		case 3:
			ctl_sess_flags_set(p.teid_local,
					   rnd(&x) % 2 ? SESS_F_ERR_IND : 0,
					   rnd(&x) % 2 ? SESS_F_ERR_IND : 0);
			break;
		case 4:
			ctl_sess_delete(p.teid_local, err, sizeof(err));
			break;
		case 5:
			ctl_sess_repl_upsert(&p, T0_MS + rnd(&x) % 1000, &ev,
					     err, sizeof(err));
			break;
		default:
			ctl_sess_repl_delete(p.teid_local);
			break;
		}
		if (i % 97 == 0)
			expect_digest_fresh(tb);
	}
	expect_digest_fresh(tb);
	CU_ASSERT(sess_table_count(tb) > 0);
	CU_ASSERT_EQUAL_FATAL(ctl_sess_parse_generate(10, gen_words, &g, err,
						      sizeof(err)), 0);
	CU_ASSERT_EQUAL(ctl_sess_generate(&g, err, sizeof(err)), 500);
	expect_digest_fresh(tb);
	f = fdopen(mkstemp(path), "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (i = 0; i < 50; i++)
		fprintf(f, "local-teid %u remote-teid %u peer 192.0.2.7 "
			"ue-ipv4 172.16.0.%u\n", 0x400000 + i, 0x400000 + i,
			i + 1);
	fclose(f);
	CU_ASSERT_EQUAL(ctl_sess_load(path, err, sizeof(err)), 50);
	unlink(path);
	expect_digest_fresh(tb);
	CU_ASSERT(ctl_sess_delete_all(err, sizeof(err)) > 0);
	expect_digest_fresh(tb);
	CU_ASSERT_EQUAL(ctl_sess_digest(tb, &k), 0);
	CU_ASSERT_EQUAL(k, 0);
	sess_table_reclaim(tb);
}

/* Reading the digest fingerprints and walks nothing, however large. */
static void
test_ctl_ckpt_digest_o1(void)
{
	uint64_t h0, w0, h1, w1, d;
	uint32_t i, n;

	pair_reset();
	for (i = 0; i < CAP / 2; i++)
		add_a(i, T0_MS);
	ctl_sess_digest_calls(&h0, &w0);
	d = ctl_sess_digest(ta, &n);
	for (i = 0; i < 1000; i++)
		CU_ASSERT_EQUAL(ctl_sess_digest(ta, NULL), d);
	ctl_sess_digest_calls(&h1, &w1);
	CU_ASSERT_EQUAL(n, CAP / 2);
	CU_ASSERT_EQUAL(h1, h0);
	CU_ASSERT_EQUAL(w1, w0);
	/* The walk (tests, audit) does visit every session. */
	CU_ASSERT_EQUAL(ctl_sess_digest_walk(ta, NULL), d);
	ctl_sess_digest_calls(NULL, &w1);
	CU_ASSERT_EQUAL(w1, w0 + CAP / 2);
	table_clear(ta);
}

/* Hand the standby a message built by the test (not through the codec). */
static void
rx_msg(uint8_t type, uint32_t epoch, const uint8_t *payload, uint32_t len)
{
	struct srp_msg m;

	srp_msg_init(&m, type);
	m.epoch = epoch;
	m.generation = 1;
	m.present = SRP_TLV_BIT(SRP_TLV_EPOCH) |
		    SRP_TLV_BIT(SRP_TLV_GENERATION);
	if (payload != NULL) {
		m.payload = payload;
		m.payload_len = len;
		m.present |= SRP_TLV_BIT(SRP_TLV_PAYLOAD);
	}
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
}

/* A batch of @n DELETE records for TEIDs @first.. (uncompressed). */
static uint32_t
mk_deletes(uint8_t *buf, uint32_t first, uint32_t n)
{
	struct srp_rec_writer w;
	struct srp_rec r;
	uint32_t i;

	CU_ASSERT_FATAL(srp_rec_writer_init(&w, buf, CTL_CKPT_BATCH_MAX) ==
			SRP_REC_OK);
	memset(&r, 0, sizeof(r));
	r.op = SRP_REC_DELETE;
	for (i = 0; i < n; i++) {
		r.teid_local = first + i;
		CU_ASSERT_FATAL(srp_rec_put(&w, &r) == SRP_REC_OK);
	}
	return (uint32_t)w.len;
}

/*
 * DELETEs for sessions the standby never had, inside a full checkpoint's
 * epoch, leave no trace: the seen set stays empty, they are counted.
 */
static void
test_ctl_ckpt_delete_unknown(void)
{
	static uint8_t buf[CTL_CKPT_BATCH_MAX];
	struct srp_msg m;
	uint32_t k, len;

	pair_reset();
	rx_msg(SRP_MSG_CKPT_BEGIN, 9, NULL, 0);
	CU_ASSERT(cb.rx_in_epoch);
	CU_ASSERT_EQUAL(cb.seen.mask, 0);	/* COUNT 0: nothing reserved */
	for (k = 0; k < 4; k++) {
		len = mk_deletes(buf, 0x700000 + k * 1500, 1500);
		rx_msg(SRP_MSG_SESS_DELTA, 0, buf, len);
		rx_msg(SRP_MSG_CKPT_CHUNK, 9, buf, len);
	}
	settle();
	CU_ASSERT_EQUAL(cb.stats.n_delete_unknown, 12000);
	CU_ASSERT_EQUAL(cb.stats.n_rec_rx[CTL_CKPT_CMD_DELETE], 12000);
	CU_ASSERT_EQUAL(cb.seen.n, 0);
	CU_ASSERT_EQUAL(cb.seen.mask, 0);	/* nothing allocated */
	CU_ASSERT(!cb.rx_failed);
	rx_msg(SRP_MSG_CKPT_END, 9, NULL, 0);
	settle();
	CU_ASSERT_EQUAL(n_ready_b, 1);
	/* A COUNT claiming 4 billion sessions reserves within the bound. */
	srp_msg_init(&m, SRP_MSG_CKPT_BEGIN);
	m.epoch = 10;
	m.count = UINT32_MAX;
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
	CU_ASSERT(cb.seen.mask + 1 <= 4u * 2u * CAP);
	CU_ASSERT(cb.seen.mask + 1 >= 2u * 2u * CAP);
	rx_msg(SRP_MSG_CKPT_END, 10, NULL, 0);
	settle();
}

/*
 * A batch declaring more than a sender ever puts in one (uncompressed
 * length, or compressed bytes over the bound of that) is refused before
 * any allocation or decompression, counted and NACKed.
 */
static void
test_ctl_ckpt_too_big(void)
{
	static uint8_t junk[SRP_MSG_MAX / 2];
	size_t bound = srp_comp_bound(SRP_WCOMP_ZLIB, CTL_CKPT_BATCH_MAX);
	uint64_t nack0, comp0;
	struct srp_msg m;
	size_t dcap0;

	pair_reset();
	pair_connect();
	settle();
	CU_ASSERT_FATAL(bound < sizeof(junk));
	conf_b.nack_micro = true;
	nack0 = cb.stats.n_nack_tx;
	comp0 = cb.stats.rx_bytes_comp;
	dcap0 = cb.dcap;
	/* 1: a small payload claiming a huge output. */
	srp_msg_init(&m, SRP_MSG_SESS_DELTA);
	m.present = SRP_TLV_BIT(SRP_TLV_COMP_ID) |
		    SRP_TLV_BIT(SRP_TLV_UNCOMP_LEN) |
		    SRP_TLV_BIT(SRP_TLV_PAYLOAD);
	m.comp_id = SRP_WCOMP_ZLIB;
	m.uncomp_len = CTL_CKPT_BATCH_MAX + 1;
	m.payload = junk;
	m.payload_len = 100;
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
	/* 2: more compressed bytes than the bound of the largest batch. */
	m.uncomp_len = 1000;
	m.payload_len = (uint32_t)bound + 1;
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
	/* 3: an uncompressed batch over the limit. */
	m.present = SRP_TLV_BIT(SRP_TLV_PAYLOAD);
	m.payload_len = CTL_CKPT_BATCH_MAX + 1;
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
	CU_ASSERT_EQUAL(cb.stats.n_rx_too_big, 3);
	CU_ASSERT_EQUAL(cb.stats.n_fail[CTL_CKPT_FAIL_TOO_BIG], 3);
	CU_ASSERT_EQUAL(cb.stats.n_fail[CTL_CKPT_FAIL_DECOMPRESS], 0);
	CU_ASSERT_EQUAL(cb.stats.rx_bytes_comp, comp0);
	CU_ASSERT_EQUAL(cb.dcap, dcap0);	/* nothing allocated */
	CU_ASSERT_EQUAL(cb.stats.n_nack_tx, nack0 + 3);
	/* 4: behind a batch still being applied: queued without its
	 * payload, refused in its turn. */
	cb.rx_slice_records = cb.rx_budget = 2;
	rx_msg(SRP_MSG_SESS_DELTA, 0, junk, mk_deletes(junk, 0x900000, 10));
	CU_ASSERT(cb.rx_busy);
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&cb, &m), 0);
	CU_ASSERT_EQUAL(cb.rxq.n, 1);
	CU_ASSERT_PTR_NULL(cb.rxq.e[cb.rxq.head]->m.payload);
	CU_ASSERT_EQUAL(cb.rxq.bytes, 0);
	CU_ASSERT_EQUAL(cb.stats.n_rx_too_big, 3);
	settle();
	CU_ASSERT_EQUAL(cb.stats.n_rx_too_big, 4);
	CU_ASSERT_EQUAL(cb.stats.n_fail[CTL_CKPT_FAIL_TOO_BIG], 4);
	conf_b.nack_micro = false;
}

/*
 * A peer that NACKs in a loop: the active restarts the full checkpoint at
 * most once per restart interval; the NACKs meanwhile are counted and
 * folded into one restart when the interval ends.
 */
static void
test_ctl_ckpt_nack_storm(void)
{
	uint64_t started, aborted;
	struct srp_msg m;
	uint32_t i;

	pair_synced(300);
	expect_same();
	CU_ASSERT_EQUAL(ca.stats.n_full_started, 1);
	/* Past the interval: the first NACK restarts at once. */
	mono_now += ca.restart_min_ms;
	started = ca.stats.n_full_started;
	aborted = ca.stats.n_full_aborted;
	srp_msg_init(&m, SRP_MSG_NACK);
	m.reason = SRP_NACK_APPLY;
	m.cmd_id = CTL_CKPT_CMD_FULL;
	for (i = 0; i < 200; i++) {
		CU_ASSERT_EQUAL(ctl_ckpt_msg(&ca, &m), 0);
		mono_now++;		/* 200 ms of NACKs, 1 ms apart */
		ctl_ckpt_poll(&ca);
		ctl_ckpt_poll(&cb);
		pump();
	}
	CU_ASSERT_EQUAL(ca.stats.n_nack_rx, 200);
	CU_ASSERT_EQUAL(ca.stats.n_full_started, started + 1);
	CU_ASSERT_EQUAL(ca.stats.n_restart_limited, 199);
	CU_ASSERT(ca.restart_pending);
	CU_ASSERT(ca.stats.n_full_aborted <= aborted + 1);
	/* The interval ends: one more restart covers all of them. */
	settle();
	CU_ASSERT_EQUAL(ca.stats.n_full_started, started + 2);
	CU_ASSERT(!ca.restart_pending);
	expect_same();
}

/* Records the standby applied or refused so far. */
static uint64_t
handled_b(void)
{
	return cb.stats.n_rec_rx[CTL_CKPT_CMD_UPSERT] +
	       cb.stats.n_rec_rx[CTL_CKPT_CMD_DELETE] +
	       cb.stats.n_rec_rx[CTL_CKPT_CMD_COUNTERS] + cb.stats.n_rec_fail;
}

/*
 * The standby applies big batches in slices: at most rx_slice_records
 * records from one poll to the next, however many messages arrive
 * meanwhile; what does not fit waits in order; ready only once
 * everything before CKPT_END is in.
 */
static void
test_ctl_ckpt_rx_slices(void)
{
	uint64_t before, step, max_step = 0;
	unsigned int polls = 0;
	uint32_t i;

	pair_old(3000);
	cb.rx_slice_records = cb.rx_budget = 100;
	pair_connect();
	/* The active sends everything before the standby runs a turn:
	 * chunks, END, and deltas that change sessions after BEGIN. */
	for (i = 0; i < 50; i++) {
		mono_now++;
		ctl_ckpt_poll(&ca);
	}
	for (i = 0; i < 40; i++) {
		CU_ASSERT_EQUAL(sess_table_del(ta, 0x1000 + i), 0);
		sess_table_flags_set(ta, 0x1000 + 100 + i, SESS_F_ERR_IND, 0);
		add_a(5000 + i, T0_MS - 100000);
	}
	for (i = 0; i < 50; i++) {
		mono_now++;
		ctl_ckpt_poll(&ca);
	}
	CU_ASSERT(q[0].n >= 5);
	for (before = handled_b(); deliver(0); before = handled_b()) {
		step = handled_b() - before;
		if (step > max_step)
			max_step = step;
	}
	/* One budget for all the arrivals between two polls. */
	CU_ASSERT(max_step <= 100);
	CU_ASSERT(max_step >= 50);
	CU_ASSERT(handled_b() <= 100);
	CU_ASSERT_EQUAL(n_ready_b, 0);
	CU_ASSERT(cb.rx_busy);
	CU_ASSERT(cb.rxq.n > 0);
	/* Each poll moves on by one slice, up to END and its sweep. */
	while ((cb.rx_busy || cb.rxq.n > 0) && polls < 1000) {
		before = handled_b();
		mono_now++;
		ctl_ckpt_poll(&cb);
		CU_ASSERT(handled_b() - before <= 100);
		polls++;
	}
	CU_ASSERT(polls >= 25);
	CU_ASSERT(polls < 1000);
	settle();
	CU_ASSERT_EQUAL(n_ready_b, 1);
	CU_ASSERT(cb.stats.n_rx_slices >= 25);
	CU_ASSERT(cb.stats.n_rxq_queued > 0);
	CU_ASSERT_EQUAL(cb.stats.n_rxq_full, 0);
	expect_same();
}

/*
 * A standby that cannot keep up holds at most CTL_CKPT_RXQ_MAX messages:
 * at the bound the oldest waiting work is done at once (counted) instead
 * of growing memory or losing a message; everything ends applied.
 */
static void
test_ctl_ckpt_rx_queue_full(void)
{
	static uint8_t buf[CTL_CKPT_BATCH_MAX];
	uint32_t k, len, n = CTL_CKPT_RXQ_MAX * 2;

	pair_reset();
	cb.rx_slice_records = cb.rx_budget = 1;
	rx_msg(SRP_MSG_CKPT_BEGIN, 4, NULL, 0);
	for (k = 0; k < n; k++) {
		len = mk_deletes(buf, 0x800000 + k * 10, 10);
		rx_msg(SRP_MSG_CKPT_CHUNK, 4, buf, len);
		CU_ASSERT(cb.rxq.n <= CTL_CKPT_RXQ_MAX);
	}
	rx_msg(SRP_MSG_CKPT_END, 4, NULL, 0);
	CU_ASSERT_EQUAL(cb.stats.rxq_max, CTL_CKPT_RXQ_MAX);
	CU_ASSERT(cb.stats.n_rxq_full > 0);
	CU_ASSERT(cb.stats.n_rec_rx[CTL_CKPT_CMD_DELETE] < 10 * n);
	CU_ASSERT_EQUAL(n_ready_b, 0);
	settle();
	CU_ASSERT_EQUAL(cb.rxq.n, 0);
	CU_ASSERT_EQUAL(cb.stats.n_rec_rx[CTL_CKPT_CMD_DELETE], 10 * n);
	CU_ASSERT_EQUAL(cb.stats.n_fail[CTL_CKPT_FAIL_RESOURCES], 0);
	CU_ASSERT_EQUAL(n_ready_b, 1);
}

/* The connection went: what was in flight on it is lost, both ways. */
static void
q_drop_all(void)
{
	unsigned int dir;

	for (dir = 0; dir < 2; dir++)
		for (; q[dir].n > 0; q[dir].n--) {
			free(q[dir].buf[q[dir].head]);
			q[dir].head = (q[dir].head + 1) % QMAX;
		}
}

/* Poll both sides @n times (1 ms apart) and deliver what moved. */
static void
run_polls(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		mono_now++;
		ctl_ckpt_poll(&ca);
		ctl_ckpt_poll(&cb);
		pump();
	}
}

/*
 * The standby flaps (dead peer: ACTIVE, then split-brain: back to
 * STANDBY_SYNCING) in the middle of a full checkpoint, while the active
 * deletes sessions. @seen: the active sees the flap in a hello (peer
 * ACTIVE), else it only ever sees a standby. Then: the standby converges
 * by itself (ready, same sessions as the active).
 */
static void
flap_mid_checkpoint(bool seen, uint32_t gen)
{
	unsigned int ready = n_ready_b;
	uint32_t i;

	/* A full checkpoint in small slices: BEGIN and some chunks in. */
	ca.slice_records = 200;
	CU_ASSERT_EQUAL(ctl_ckpt_full_start(&ca), 0);
	run_polls(4);
	CU_ASSERT(ca.tx_running);
	CU_ASSERT(cb.rx_in_epoch);
	/* The standby takes over (dead peer); what arrives meanwhile, a
	 * chunk and deltas deleting sessions, is not for an ACTIVE node. */
	ctl_ckpt_role(&cb, SRP_WSTATE_SWITCHING, gen);
	ctl_ckpt_role(&cb, SRP_WSTATE_ACTIVE, gen);
	if (seen)
		ctl_ckpt_hello(&ca, SRP_WSTATE_ACTIVE, cb.local_caps);
	for (i = 0; i < 300; i++)
		CU_ASSERT_EQUAL(sess_table_del(ta, 0x1000 + gen * 300 + i), 0);
	run_polls(2);
	/* Split brain: back to standby, syncing. */
	ctl_ckpt_role(&cb, SRP_WSTATE_SWITCHING, gen + 1);
	ctl_ckpt_role(&cb, SRP_WSTATE_STANDBY_SYNCING, gen + 1);
	ctl_ckpt_hello(&cb, SRP_WSTATE_ACTIVE, ca.local_caps);
	ctl_ckpt_hello(&ca, SRP_WSTATE_STANDBY_SYNCING, cb.local_caps);
	/* Hellos keep saying syncing until the standby is ready. */
	for (i = 0; i < 5000 && n_ready_b == ready; i++) {
		run_polls(1);
		if (i % 10 == 0)
			ctl_ckpt_hello(&ca, SRP_WSTATE_STANDBY_SYNCING,
				       cb.local_caps);
	}
	settle();
	CU_ASSERT_EQUAL(n_ready_b, ready + 1);
	CU_ASSERT(!cb.rx_failed);
	expect_same();
}

/*
 * The wedge seen under load (hello 10 ms, dead 30 ms): after flaps in the
 * middle of full checkpoints the standby stayed STANDBY_SYNCING for ever
 * ("CKPT_CHUNK not applied: order", "full checkpoint failed: order") and
 * kept sessions the active had deleted. Now chunks and ENDs of an epoch
 * the standby is not in are ignored (counted), an END of an epoch it
 * missed asks for a new full checkpoint, and the active abandons a full
 * checkpoint when its peer leaves the standby states.
 */
static void
test_ctl_ckpt_flap_wedge(void)
{
	static uint8_t buf[CTL_CKPT_BATCH_MAX];
	uint32_t len, missing;
	struct srp_msg m;
	uint64_t started;
	char txt[96];

	pair_synced(3000);
	expect_same();
	/* NACKs off (the default): the standby must converge anyway. */
	CU_ASSERT(!conf_b.nack_macro);
	/* The active never sees the flap. */
	flap_mid_checkpoint(false, 2);
	CU_ASSERT(cb.stats.n_rx_stale > 0);
	CU_ASSERT(cb.stats.n_resync_req >= 1);
	CU_ASSERT_EQUAL(cb.stats.n_fail[CTL_CKPT_FAIL_ORDER], 0);
	/* The active sees it. */
	flap_mid_checkpoint(true, 4);
	/* Again, a NACK and restarts within the rate limit included. */
	flap_mid_checkpoint(false, 6);
	flap_mid_checkpoint(true, 8);
	CU_ASSERT_EQUAL(cb.stats.n_fail[CTL_CKPT_FAIL_ORDER], 0);
	/* Restarts came within the rate limit (deferred, then done); the
	 * flaps the active saw abandoned its full checkpoint, the others
	 * were caught by the standby's resync request. */
	CU_ASSERT(ca.stats.n_restart_limited >= 1);
	CU_ASSERT(ca.stats.n_full_aborted >= 2);
	CU_ASSERT(cb.stats.n_resync_req >= 2);
	/* A NACK of an epoch older than the last one started changes
	 * nothing (that one replaces it). */
	srp_msg_init(&m, SRP_MSG_NACK);
	m.reason = SRP_NACK_ORDER;
	m.cmd_id = CTL_CKPT_CMD_FULL;
	m.epoch = ca.tx_epoch - 1;
	m.present = SRP_TLV_BIT(SRP_TLV_EPOCH);
	started = ca.stats.n_full_started;
	CU_ASSERT_EQUAL(ctl_ckpt_msg(&ca, &m), 0);
	CU_ASSERT_EQUAL(ca.stats.n_nack_stale, 1);
	CU_ASSERT(!ca.restart_pending && !ca.tx_running);
	settle();
	CU_ASSERT_EQUAL(ca.stats.n_full_started, started);
	CU_ASSERT_STRING_EQUAL(ctl_ckpt_sync_str(&cb,
			       SRP_WSTATE_STANDBY_READY, txt, sizeof(txt),
			       &missing), "ready");

	/* Link down in the middle of a full checkpoint: what was in flight
	 * on the old connection is gone; the new one resyncs. */
	CU_ASSERT_EQUAL(ctl_ckpt_full_start(&ca), 0);
	run_polls(3);
	CU_ASSERT(ca.tx_running);
	ctl_ckpt_link(&ca, false);
	ctl_ckpt_link(&cb, false);
	ctl_ckpt_role(&cb, SRP_WSTATE_STANDBY_SYNCING, 9);
	q_drop_all();
	CU_ASSERT_EQUAL(sess_table_del(ta, 0x1000 + 2900), 0);
	pair_connect();
	settle();
	expect_same();

	/* Stale messages of an older epoch inside the current one do not
	 * fail it: BEGIN 1000, a chunk and END of 999, then 1000's own. */
	rx_msg(SRP_MSG_CKPT_BEGIN, 1000, NULL, 0);
	len = mk_deletes(buf, 0x700000, 5);
	rx_msg(SRP_MSG_CKPT_CHUNK, 999, buf, len);
	rx_msg(SRP_MSG_CKPT_END, 999, NULL, 0);
	CU_ASSERT(cb.rx_in_epoch);
	CU_ASSERT(!cb.rx_failed);
	rx_msg(SRP_MSG_CKPT_CHUNK, 1000, buf, len);
	rx_msg(SRP_MSG_CKPT_END, 1000, NULL, 0);
	settle();
	CU_ASSERT(!cb.rx_failed);
	CU_ASSERT_EQUAL(cb.stats.n_fail[CTL_CKPT_FAIL_ORDER], 0);
	ca.slice_records = CTL_CKPT_SLICE_RECORDS;
}

/*
 * A standby full of sessions the active deleted (what a wedge left
 * behind): a full checkpoint's new sessions do not fit, records fail to
 * apply. The sessions the epoch did not name are swept all the same
 * before the NACK, so the next full checkpoint fits and applies; without
 * that sweep every retry failed the same way.
 */
static void
test_ctl_ckpt_full_of_stale(void)
{
	struct sess_params p;
	uint32_t i, cap, n_stale;

	pair_old(1000);
	conf_b.nack_macro = true;
	conf_b.nack_macro_max = 3;
	cap = sess_table_max(tb);	/* max-sessions */
	n_stale = cap - 500;
	for (i = 0; i < n_stale; i++) {
		mk(&p, 10000 + i);
		CU_ASSERT_EQUAL_FATAL(sess_table_add_at(tb, &p, T0_MS - 1), 0);
	}
	pair_connect();
	settle();
	CU_ASSERT(cb.stats.n_full_failed >= 1);
	CU_ASSERT(cb.stats.n_fail[CTL_CKPT_FAIL_APPLY] >= 1);
	CU_ASSERT(cb.stats.n_cleanup >= n_stale);
	CU_ASSERT(cb.stats.n_full_applied >= 1);
	CU_ASSERT_EQUAL(n_ready_b, 1);
	expect_same();
	conf_b.nack_macro = false;
}

static int
suite_init(void)
{
	struct ctl_sess_opts o = { .nh_get = fake_nh_get,
				   .nh_put = fake_nh_put };

	ctl_api_reset();
	srp_conf_init(&conf_a);
	srp_conf_init(&conf_b);
	conf_a.ckpt_duration_ims_s = 0;
	conf_a.ckpt_duration_non_ims_s = 0;
	ta = sess_table_create(CAP, 1, (int)rte_socket_id());
	tb = sess_table_create(CAP, 1, (int)rte_socket_id());
	mc = dp_ckpt_ring_create(1, CAP, (int)rte_socket_id());
	if (ta == NULL || tb == NULL || mc == NULL)
		return -1;
	return ctl_sess_init_opts(tb, NULL, &o) == 0 ? 0 : -1;
}

static int
suite_clean(void)
{
	ctl_ckpt_fini(&ca);
	ctl_ckpt_fini(&cb);
	pump();
	ctl_sess_fini();
	sess_table_free(ta);
	sess_table_free(tb);
	dp_ckpt_ring_free(mc);
	ctl_api_reset();
	return 0;
}

/*
 * A burst of changes on the active: the change set is sized for the whole
 * table at its first use (no rehash while it grows), and once drained it
 * is emptied a bounded number of entries per poll, not all in one turn.
 */
static void
test_ctl_ckpt_set_slices(void)
{
	const uint32_t n = 3000, clear_max = 100;
	uint32_t i, before, after, most = 0;
	unsigned int k;

	pair_synced(n);
	CU_ASSERT_EQUAL_FATAL(n_ready_b, 1);
	ca.set_clear_max = clear_max;
	ca.slice_records = 500;
	ca.max_slice_recs = 0;
	for (i = 0; i < n; i++)
		CU_ASSERT_EQUAL(sess_table_flags_set(ta, 0x1000 + i,
						     SESS_F_ERR_IND, 0), 0);
	/* Each one old enough to replicate (VoLTE ones are not yet). */
	CU_ASSERT(ca.pend[ca.pend_in].n > 20 * clear_max);
	CU_ASSERT(ca.pend[ca.pend_in].mask + 1 >=
		  2 * sess_table_capacity(ta));
	for (k = 0; k < 1000; k++) {
		before = ca.pend[0].n + ca.pend[1].n;
		if (before == 0)
			break;
		mono_now++;
		ctl_ckpt_poll(&ca);
		ctl_ckpt_poll(&cb);
		pump();
		after = ca.pend[0].n + ca.pend[1].n;
		if (before > after && before - after > most)
			most = before - after;
	}
	CU_ASSERT_EQUAL(ca.pend[0].n + ca.pend[1].n, 0);
	CU_ASSERT(most > 0 && most <= clear_max);
	CU_ASSERT(ca.max_slice_recs <= ca.slice_records);
	settle();
	expect_same();
}

/* Both sides agreed the audit capability, the standby READY. */
static void
audit_pair(uint32_t n)
{
	pair_synced(n);
	ctl_ckpt_role(&cb, SRP_WSTATE_STANDBY_READY, 1);
	ctl_ckpt_hello(&ca, SRP_WSTATE_STANDBY_READY, cb.local_caps);
	ctl_ckpt_caps(&ca, SRP_CAP_AUDIT | SRP_CAP_SESS_TIMERS);
	ctl_ckpt_caps(&cb, SRP_CAP_AUDIT | SRP_CAP_SESS_TIMERS);
}

/* @n polls of both sides, delivering what they send. */
static void
audit_polls(unsigned int n)
{
	while (n-- > 0) {
		mono_now++;
		ctl_ckpt_poll(&ca);
		ctl_ckpt_poll(&cb);
		pump();
	}
}

/* Run an audit of the standby to its end (bounded by count). */
static int
audit_run(bool sync)
{
	char err[160];
	unsigned int i;
	int ret;

	ret = ctl_ckpt_audit_start(&cb, sync, false, err, sizeof(err));
	if (ret < 0)
		return ret;
	for (i = 0; i < 10000 && ctl_ckpt_audit_running(&cb); i++)
		audit_polls(1);
	CU_ASSERT_FALSE(ctl_ckpt_audit_running(&cb));
	settle();
	return 0;
}

/* Hand @type with payload @p (@len bytes) to @c as if received. */
static void
audit_inject(struct ctl_ckpt *c, uint8_t type, const uint8_t *p, size_t len)
{
	struct srp_msg m;

	srp_msg_init(&m, type);
	m.payload = p;
	m.payload_len = (uint32_t)len;
	ctl_ckpt_msg(c, &m);
}

/*
 * The audit: equal copies pass in one exchange; one differing session is
 * found in 4 rounds of 16 ranges; deltas dropped on purpose leave the
 * standby missing, stale and differing sessions that a plain audit
 * reports without changing anything and a sync audit repairs; refusals.
 */
static void
test_ctl_ckpt_audit(void)
{
	const struct ctl_audit_stats *st = &cb.au.st;
	uint8_t buf[64];
	struct sess_params p;
	struct srp_audit w;
	uint64_t db;
	char err[160];
	uint32_t nb;

	audit_pair(3000);
	/* Refused: the active, no capability, already running. */
	CU_ASSERT_EQUAL(ctl_ckpt_audit_start(&ca, false, false, err,
					     sizeof(err)), -EPERM);
	ctl_ckpt_caps(&cb, SRP_CAP_SESS_TIMERS);
	CU_ASSERT_EQUAL(ctl_ckpt_audit_start(&cb, false, false, err,
					     sizeof(err)), -EOPNOTSUPP);
	ctl_ckpt_caps(&cb, SRP_CAP_AUDIT);
	CU_ASSERT_EQUAL(ctl_ckpt_audit_start(&cb, false, false, err,
					     sizeof(err)), 0);
	CU_ASSERT_EQUAL(ctl_ckpt_audit_start(&cb, true, false, err,
					     sizeof(err)), -EBUSY);
	CU_ASSERT_EQUAL(st->n_run, 1);
	ctl_ckpt_i_audit_reset(&cb, "test");
	CU_ASSERT_EQUAL(st->n_failed, 1);
	settle();	/* the answer to the abandoned query: refused */
	CU_ASSERT_EQUAL(st->n_bad, 1);
	CU_ASSERT_EQUAL(ca.au.st.n_served, 1);

	/* Equal copies: one QUERY, one DIGESTS. */
	CU_ASSERT_EQUAL(audit_run(false), 0);
	CU_ASSERT_EQUAL(st->n_passed, 1);
	CU_ASSERT_EQUAL(st->msgs, 2);
	CU_ASSERT_EQUAL(st->ranges, 1);

	/* One session differs (its delta dropped): 4 rounds of 16. */
	ctl_ckpt_audit_drop_deltas(&ca, 1);
	mk(&p, 1234);
	p.teid_remote = 0x77777;
	CU_ASSERT_EQUAL(sess_table_modify(ta, &p), 0);
	settle();
	CU_ASSERT_EQUAL(ca.au.st.n_dropped, 1);
	CU_ASSERT_EQUAL(audit_run(false), 0);
	CU_ASSERT_EQUAL(st->ranges, 1 + 4 * 16);
	CU_ASSERT_EQUAL(st->buckets, 1);
	CU_ASSERT_EQUAL(st->msgs, 5 * 2 + 2);
	CU_ASSERT(st->differing == 1 && st->missing == 0 && st->stale == 0);

	/* Plus a delete and a create dropped. */
	ctl_ckpt_audit_drop_deltas(&ca, 2);
	CU_ASSERT_EQUAL(sess_table_del(ta, 0x1000 + 77), 0);
	add_a(5000, T0_MS - 100000);
	settle();
	db = ctl_sess_digest(tb, &nb);
	CU_ASSERT_EQUAL(audit_run(false), 0);
	CU_ASSERT(st->differing == 1 && st->missing == 1 && st->stale == 1);
	CU_ASSERT_EQUAL(st->repaired, 0);
	CU_ASSERT_EQUAL(ctl_sess_digest(tb, NULL), db);	/* nothing changed */
	CU_ASSERT_EQUAL(audit_run(true), 0);
	CU_ASSERT(st->differing == 1 && st->missing == 1 && st->stale == 1);
	CU_ASSERT_EQUAL(st->repaired, 3);
	expect_same();
	CU_ASSERT_EQUAL(audit_run(false), 0);
	CU_ASSERT(st->msgs == 2 && st->last_result != NULL &&
		  strncmp(st->last_result, "passed", 6) == 0);

	/* Many differences: rounds of more than 256 ranges span several
	 * queries (each sent in ascending order), every one repaired. */
	ctl_ckpt_audit_drop_deltas(&ca, 200);
	for (nb = 0; nb < 200; nb++) {
		mk(&p, 2000 + nb * 4);
		p.teid_remote = 0x50000 + nb;
		CU_ASSERT_EQUAL(sess_table_modify(ta, &p), 0);
	}
	settle();
	CU_ASSERT_EQUAL(audit_run(true), 0);
	CU_ASSERT_EQUAL(st->differing, 200);
	CU_ASSERT_EQUAL(st->repaired, 200);
	CU_ASSERT(st->ranges > 2 * SRP_AUDIT_RANGES_MAX);
	CU_ASSERT_EQUAL(cb.au.st.n_bad, 1);
	CU_ASSERT_EQUAL(ca.au.st.n_bad, 0);
	expect_same();

	/* Malformed or unexpected audit messages: refused, nothing moves. */
	db = ctl_sess_digest(tb, &nb);
	nb = (uint32_t)st->n_bad;
	audit_inject(&cb, SRP_MSG_AUDIT_ITEMS, buf, 5);
	srp_audit_writer_init(&w, SRP_MSG_AUDIT_ITEMS, cb.au.id + 9,
			      SRP_AUDIT_F_LAST, buf, sizeof(buf));
	srp_audit_put_item(&w, 0x1000 + 5, 1);
	audit_inject(&cb, SRP_MSG_AUDIT_ITEMS, buf, srp_audit_len(&w));
	srp_audit_writer_init(&w, SRP_MSG_AUDIT_QUERY, 1, 0, buf, sizeof(buf));
	srp_audit_put_range(&w, 0, 16);
	audit_inject(&cb, SRP_MSG_AUDIT_QUERY, buf, srp_audit_len(&w));
	settle();
	CU_ASSERT_EQUAL(st->n_bad, nb + 3u);
	CU_ASSERT_EQUAL(ctl_sess_digest(tb, NULL), db);
	CU_ASSERT_EQUAL(q[0].n + q[1].n, 0);
	/* Without the shared capability the active answers nothing. */
	nb = (uint32_t)ca.au.st.n_served;
	ctl_ckpt_caps(&ca, 0);
	audit_inject(&ca, SRP_MSG_AUDIT_QUERY, buf, srp_audit_len(&w));
	settle();
	CU_ASSERT_EQUAL(ca.au.st.n_bad, 1);
	CU_ASSERT_EQUAL(ca.au.st.n_served, nb);
	CU_ASSERT_EQUAL(q[0].n + q[1].n, 0);
}

/*
 * audit daily-start-time and periodicity: the standby starts an audit
 * that repairs (sync) at the start time (local time) and every period
 * after it.
 */
static void
test_ctl_ckpt_audit_schedule(void)
{
	const struct ctl_audit_stats *st = &cb.au.st;
	time_t t = (time_t)(T0_MS / 1000u) + 120;
	uint64_t saved = wall_now;
	struct sess_params p;
	struct tm tm;

	CU_ASSERT_PTR_NOT_NULL_FATAL(localtime_r(&t, &tm));
	conf_b.audit_start_set = true;
	conf_b.audit_start_hour = (uint8_t)tm.tm_hour;
	conf_b.audit_start_min = (uint8_t)tm.tm_min;
	conf_b.audit_period_min = 60;
	wall_now = T0_MS;
	audit_pair(500);
	settle();
	CU_ASSERT_EQUAL(st->n_run, 0);
	/* A modification whose delta is lost: the copies differ. */
	ctl_ckpt_audit_drop_deltas(&ca, 1);
	mk(&p, 123);
	p.teid_remote = 0x55555;
	CU_ASSERT_EQUAL(sess_table_modify(ta, &p), 0);
	settle();
	CU_ASSERT_NOT_EQUAL(ctl_sess_digest(tb, NULL), ctl_sess_digest(ta, NULL));
	/* Past the start time: one scheduled audit, which repairs it. */
	wall_now = T0_MS + 200000;
	audit_polls(1000);
	settle();
	CU_ASSERT_EQUAL(st->n_run, 1);
	CU_ASSERT(st->last_scheduled && st->last_sync);
	CU_ASSERT(st->differing == 1 && st->repaired == 1);
	CU_ASSERT_EQUAL(ctl_sess_digest(tb, NULL), ctl_sess_digest(ta, NULL));
	CU_ASSERT_EQUAL(st->n_failed, 1);	/* differences found */
	/* Nothing more until the period has passed. */
	wall_now += 50u * 60000u;
	settle();
	CU_ASSERT_EQUAL(st->n_run, 1);
	wall_now += 11u * 60000u;
	audit_polls(1000);
	CU_ASSERT_EQUAL(st->n_run, 2);
	conf_b.audit_start_set = false;
	wall_now = saved;
}

static CU_TestInfo ckpt_tests[] = {
	{ "audit_schedule", test_ctl_ckpt_audit_schedule },
	{ "audit", test_ctl_ckpt_audit },
	{ "set", test_ctl_ckpt_set },
	{ "full", test_ctl_ckpt_full },
	{ "timers", test_ctl_ckpt_timers },
	{ "set_slices", test_ctl_ckpt_set_slices },
	{ "interleaved", test_ctl_ckpt_interleaved },
	{ "corrupt", test_ctl_ckpt_corrupt },
	{ "nack", test_ctl_ckpt_nack },
	{ "duration", test_ctl_ckpt_duration },
	{ "compression", test_ctl_ckpt_compression },
	{ "backoff", test_ctl_ckpt_backoff },
	{ "periodic_micro", test_ctl_ckpt_periodic_micro },
	{ "cmds", test_ctl_ckpt_cmds },
	{ "mc_counters", test_ctl_ckpt_mc_counters },
	{ "mc_held", test_ctl_ckpt_mc_held },
	{ "mc_overflow", test_ctl_ckpt_mc_overflow },
	{ "mc_young", test_ctl_ckpt_mc_young },
	{ "mc_unknown", test_ctl_ckpt_mc_unknown },
	{ "mc_slot_reuse", test_ctl_ckpt_mc_slot_reuse },
	{ "slices", test_ctl_ckpt_slices },
	{ "unready", test_ctl_ckpt_unready },
	{ "digest_incremental", test_ctl_ckpt_digest_incremental },
	{ "digest_o1", test_ctl_ckpt_digest_o1 },
	{ "delete_unknown", test_ctl_ckpt_delete_unknown },
	{ "too_big", test_ctl_ckpt_too_big },
	{ "nack_storm", test_ctl_ckpt_nack_storm },
	{ "rx_slices", test_ctl_ckpt_rx_slices },
	{ "rx_queue_full", test_ctl_ckpt_rx_queue_full },
	{ "flap_wedge", test_ctl_ckpt_flap_wedge },
	{ "full_of_stale", test_ctl_ckpt_full_of_stale },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "ctl_ckpt", suite_init, suite_clean, NULL, NULL, ckpt_tests },
	CU_SUITE_INFO_NULL,
};

int
main(int argc, char **argv)
{
	char *eal_args[] = { UT_EAL_ARGS_NO_PORTS, NULL };

	(void)argc;
	return ut_eal_main(argv[0], "t_ctl_ckpt_", eal_args, suites);
}
