/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the SRP role state machine with a fake clock: every
 * (state, event) cell of the table, start-up election, dead interval with
 * and without delay-interval, split brain, planned switchover between two
 * machines wired back to back, refusals, guard timers, route modifier and
 * generation rules, standby database recovery (normal: checkpoint and 7
 * hellos from the active; aggressive: checkpoint only; CKPT_LOST). Runs
 * without EAL.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "srp_codec.h"
#include "srp_fsm.h"
#include "support/ut_run.h"

#define T0		1000u	/* fake clock start, ms */
#define HELLO_MS	1000u
#define DEAD_MS		3000u

static const uint8_t mac_a[SRP_NODE_ID_LEN] = { 0, 2, 0x43, 3, 0x1c, 0x2b };
static const uint8_t mac_b[SRP_NODE_ID_LEN] = { 0, 2, 0x43, 3, 0x01, 0x3b };

/* ---- fixtures ---------------------------------------------------------- */

static void
conf_make(struct srp_fsm_conf *c, uint8_t mode, uint8_t prio,
	  const uint8_t *mac)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->node_id, mac, SRP_NODE_ID_LEN);
	memset(c->config_digest, 0x5a, SRP_DIGEST_LEN);
	c->mode = mode;
	c->priority = prio;
	c->hello_ms = HELLO_MS;
	c->dead_ms = DEAD_MS;
	c->switch_timeout_ms = DEAD_MS;
	/* One CKPT_DONE makes a standby READY here; the normal mode's hello
	 * wait has its own tests (test_fsm_dbrec_*). */
	c->db_recovery = SRP_WDBREC_AGGRESSIVE;
}

/* A hello as a peer with the given fields would send it. */
static void
hello_make(struct srp_msg *m, uint8_t state, uint8_t mode, uint8_t prio,
	   const uint8_t *mac, uint32_t rm, uint32_t gen)
{
	srp_msg_init(m, SRP_MSG_HELLO);
	m->generation = gen;
	m->hello.state = state;
	m->hello.mode = mode;
	m->hello.priority = prio;
	m->hello.route_modifier = rm;
	memcpy(m->hello.node_id, mac, SRP_NODE_ID_LEN);
	memset(m->hello.config_digest, 0x5a, SRP_DIGEST_LEN);
	m->hello.hello_ms = HELLO_MS;
	m->hello.dead_ms = DEAD_MS;
	strcpy(m->hello.sw_version, "test");
}

static int
ev(struct srp_fsm *f, enum srp_fsm_event e, uint64_t now,
   struct srp_fsm_actions *a)
{
	return srp_fsm_event(f, e, now, NULL, a);
}

static int
peer_hello(struct srp_fsm *f, uint64_t now, uint8_t state, uint32_t rm,
	   uint32_t gen, struct srp_fsm_actions *a)
{
	struct srp_msg m;

	hello_make(&m, state, SRP_WMODE_BACKUP, 100, mac_b, rm, gen);
	return srp_fsm_hello(f, now, &m, a);
}

/*
 * Drive a fresh primary machine (mac_a) into @st with real events; the
 * peer is a backup (mac_b). ACTIVE has a connected STANDBY_READY peer;
 * SWITCHING is the REQ_SENT phase of a manual switchover; FAULT comes
 * from CONNECTING with the link down.
 */
static void
drive_to(struct srp_fsm *f, enum srp_fsm_state st)
{
	struct srp_fsm_conf c;
	struct srp_fsm_actions a;
	uint64_t t = T0;

	conf_make(&c, SRP_WMODE_PRIMARY, 100, mac_a);
	CU_ASSERT_FATAL(srp_fsm_init(f, &c, NULL, NULL) == 0);
	if (st == SRP_ST_INIT)
		return;
	ev(f, SRP_EV_START, t, &a);
	if (st == SRP_ST_CONNECTING)
		return;
	if (st == SRP_ST_FAULT) {
		ev(f, SRP_EV_LOCAL_FAULT, t, &a);
		return;
	}
	ev(f, SRP_EV_CONN_UP, t, &a);
	if (st == SRP_ST_NEGOTIATING)
		return;
	if (st == SRP_ST_STANDBY_SYNCING || st == SRP_ST_STANDBY_READY) {
		peer_hello(f, t, SRP_WSTATE_ACTIVE, 11, 1, &a);
		if (st == SRP_ST_STANDBY_READY)
			ev(f, SRP_EV_CKPT_DONE, t, &a);
		return;
	}
	peer_hello(f, t, SRP_WSTATE_NEGOTIATING, 11, 0, &a);
	ev(f, SRP_EV_DP_DONE, t, &a);
	peer_hello(f, t, SRP_WSTATE_STANDBY_READY, 11, 0, &a);
	if (st == SRP_ST_ACTIVE)
		return;
	ev(f, SRP_EV_ADMIN_SWITCH, t, &a);
}

/* ---- every cell -------------------------------------------------------- */

#define I	SRP_ST_INIT
#define CN	SRP_ST_CONNECTING
#define NG	SRP_ST_NEGOTIATING
#define SS	SRP_ST_STANDBY_SYNCING
#define SR	SRP_ST_STANDBY_READY
#define AC	SRP_ST_ACTIVE
#define SW	SRP_ST_SWITCHING
#define FT	SRP_ST_FAULT

/*
 * Expected state after each event from each drive_to() state, written from
 * docs/srp-roles.md independently of the table in srp_fsm.c. Event order:
 * START CONN_UP CONN_DOWN HELLO PEER_ACTIVE HB_TIMEOUT DELAY_EXPIRED
 * CKPT_DONE CKPT_LOST ADMIN_SWITCH SWITCH_REQ SWITCH_ACK SWITCH_TIMEOUT
 * DP_DONE MONITOR_FAIL MONITOR_OK DAMP_EXPIRED LOCAL_FAULT FAULT_CLEAR
 * FLUSH_DONE HANDOVER (only an old active FLUSHING fences on it; drive_to(SW) is
 * not FLUSHING, so it is ignored everywhere here).
 */
static const enum srp_fsm_state expect_next[SRP_ST_MAX][SRP_EV_MAX] = {
	[I] =  { CN, I,  I,  I,  I,  I,  I,  I,  I,  I,  I,  I,  I,  I,  I,
		 I,  I,  I,  I,  I,  I },
	[CN] = { CN, NG, CN, CN, CN, SW, CN, CN, CN, CN, CN, CN, CN, CN, CN,
		 CN, CN, FT, CN, CN, CN },
	[NG] = { NG, NG, CN, SW, SS, SW, NG, NG, NG, NG, NG, NG, NG, NG, NG,
		 NG, NG, FT, NG, NG, NG },
	[SS] = { SS, SS, SS, SW, SS, SW, SS, SR, SS, SS, SS, SS, SS, SS, SS,
		 SS, SS, FT, SS, SS, SS },
	[SR] = { SR, SR, SR, SW, SR, SW, SR, SR, SS, SR, SW, SR, SR, SR, SR,
		 SR, SR, FT, SR, SR, SR },
	[AC] = { AC, AC, AC, AC, AC, AC, AC, AC, AC, SW, AC, AC, AC, AC, SW,
		 AC, SW, FT, AC, AC, SW },
	[SW] = { SW, SW, AC, SW, SW, AC, SW, SW, SW, SW, SW, SW, AC, SW, SW,
		 SW, SW, FT, SW, SW, SW },
	[FT] = { FT, FT, FT, FT, FT, FT, FT, FT, FT, FT, FT, FT, FT, FT, FT,
		 FT, FT, FT, CN, FT, FT },
};

static void
feed_default(struct srp_fsm *f, enum srp_fsm_event e, uint64_t now,
	     struct srp_fsm_actions *a)
{
	struct srp_fsm_input in;
	struct srp_msg m;

	memset(&in, 0, sizeof(in));
	in.monitor = SRP_MON_BGP;
	switch (e) {
	case SRP_EV_HELLO:
		hello_make(&m, SRP_WSTATE_STANDBY_READY, SRP_WMODE_BACKUP, 100,
			   mac_b, 11, 0);
		in.msg = &m;
		break;
	case SRP_EV_PEER_ACTIVE:
		hello_make(&m, SRP_WSTATE_ACTIVE, SRP_WMODE_BACKUP, 100, mac_b,
			   11, 0);
		in.msg = &m;
		break;
	case SRP_EV_SWITCH_REQ:
		srp_msg_init(&m, SRP_MSG_SWITCHOVER_REQUEST);
		m.reason = SRP_SWCAUSE_ADMIN;
		m.generation = 100;
		in.msg = &m;
		break;
	case SRP_EV_SWITCH_ACK:
		srp_msg_init(&m, SRP_MSG_SWITCHOVER_ACK);
		m.reason = SRP_SWRES_ACCEPTED;
		in.msg = &m;
		break;
	default:
		break;
	}
	CU_ASSERT_EQUAL(srp_fsm_event(f, e, now, &in, a), 0);
}

static void
test_fsm_every_cell(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;
	unsigned int s, e;

	for (s = 0; s < SRP_ST_MAX; s++) {
		for (e = 0; e < SRP_EV_MAX; e++) {
			const char *h = srp_fsm_handler_name(s, e);
			uint64_t inv, ign;

			CU_ASSERT_PTR_NOT_NULL_FATAL(h);
			drive_to(&f, s);
			CU_ASSERT_EQUAL_FATAL(f.state, s);
			inv = f.stats.n_invalid;
			ign = f.stats.n_ignored;
			feed_default(&f, e, T0 + 10, &a);
			if (f.state != expect_next[s][e])
				printf("\ncell %s x %s: got %s want %s (%s)",
				       srp_fsm_state_str(s),
				       srp_fsm_event_str(e),
				       srp_fsm_state_str(f.state),
				       srp_fsm_state_str(expect_next[s][e]),
				       h);
			CU_ASSERT_EQUAL(f.state, expect_next[s][e]);
			if (strcmp(h, "h_invalid") == 0) {
				CU_ASSERT_EQUAL(f.stats.n_invalid, inv + 1);
				CU_ASSERT_EQUAL(a.mask, 0);
				CU_ASSERT_EQUAL(f.state, s);
			} else if (strcmp(h, "h_ignore") == 0) {
				CU_ASSERT_EQUAL(f.stats.n_ignored, ign + 1);
				CU_ASSERT_EQUAL(a.mask, 0);
				CU_ASSERT_EQUAL(f.state, s);
			}
		}
	}
	CU_ASSERT_PTR_NULL(srp_fsm_handler_name(SRP_ST_MAX, 0));
	CU_ASSERT_PTR_NULL(srp_fsm_handler_name(0, SRP_EV_MAX));
}

/* ---- two machines back to back ---------------------------------------- */

enum qkind { Q_MSG, Q_DP_DONE, Q_FLUSH_DONE };

struct qent {
	enum qkind	kind;
	int		to;
	struct srp_msg	m;
};

struct node {
	struct srp_fsm	f;
	bool		dp_active;
};

struct pair {
	struct node	n[2];
	bool		link;		/* messages delivered */
	unsigned int	n_both_active;	/* invariant violations */
	unsigned int	n_refuse_tx;
	bool		no_flush;	/* SRP_ACT_FLUSH never completes */
	uint64_t	now;
	struct qent	q[64];
	unsigned int	head;
	unsigned int	tail;
};

static struct pair P;

static void
push(struct pair *p, enum qkind k, int to, const struct srp_msg *m)
{
	struct qent *e;

	CU_ASSERT_FATAL(p->tail - p->head < 64);
	e = &p->q[p->tail++ % 64];
	e->kind = k;
	e->to = to;
	if (m != NULL)
		e->m = *m;
}

static void
apply(struct pair *p, int i, const struct srp_fsm_actions *a)
{
	struct srp_fsm *f = &p->n[i].f;
	struct srp_msg m;

	if (a->mask & SRP_ACT_BECOME_STANDBY) {
		p->n[i].dp_active = false;
		push(p, Q_DP_DONE, i, NULL);
	}
	if (a->mask & SRP_ACT_BECOME_ACTIVE) {
		p->n[i].dp_active = true;
		if (p->n[0].dp_active && p->n[1].dp_active)
			p->n_both_active++;
		push(p, Q_DP_DONE, i, NULL);
	}
	if (a->mask & SRP_ACT_SEND_REFUSE)
		p->n_refuse_tx++;
	if ((a->mask & SRP_ACT_FLUSH) && !p->no_flush)
		push(p, Q_FLUSH_DONE, i, NULL);
	if (!p->link)
		return;
	if (a->mask & SRP_ACT_SEND_SWITCH_ACK) {
		srp_msg_init(&m, SRP_MSG_SWITCHOVER_ACK);
		m.reason = a->ack_result;
		m.generation = f->generation;
		push(p, Q_MSG, 1 - i, &m);
	}
	if (a->mask & SRP_ACT_SEND_SWITCH_REQ) {
		srp_msg_init(&m, SRP_MSG_SWITCHOVER_REQUEST);
		m.reason = a->switch_cause;
		m.force = a->force;
		m.generation = f->generation;
		push(p, Q_MSG, 1 - i, &m);
	}
	if (a->mask & SRP_ACT_SEND_HELLO) {
		CU_ASSERT(srp_fsm_hello_fill(f, &m, "test") == 0);
		push(p, Q_MSG, 1 - i, &m);
	}
}

static void
pump(struct pair *p)
{
	struct srp_fsm_actions a;

	while (p->head != p->tail) {
		struct qent e = p->q[p->head++ % 64];
		struct srp_fsm *f = &p->n[e.to].f;
		struct srp_fsm_input in = { .msg = &e.m };

		if (e.kind == Q_DP_DONE) {
			srp_fsm_event(f, SRP_EV_DP_DONE, p->now, NULL, &a);
		} else if (e.kind == Q_FLUSH_DONE) {
			srp_fsm_event(f, SRP_EV_FLUSH_DONE, p->now, NULL, &a);
		} else if (!p->link) {
			continue;
		} else if (e.m.type == SRP_MSG_HELLO) {
			srp_fsm_hello(f, p->now, &e.m, &a);
		} else if (e.m.type == SRP_MSG_SWITCHOVER_REQUEST) {
			srp_fsm_event(f, SRP_EV_SWITCH_REQ, p->now, &in, &a);
		} else {
			srp_fsm_event(f, SRP_EV_SWITCH_ACK, p->now, &in, &a);
		}
		apply(p, e.to, &a);
	}
}

static void
pev(struct pair *p, int i, enum srp_fsm_event e, const struct srp_fsm_input *in)
{
	struct srp_fsm_actions a;

	CU_ASSERT(srp_fsm_event(&p->n[i].f, e, p->now, in, &a) == 0);
	apply(p, i, &a);
	pump(p);
}

/* Link up on both sides: each sends its hello before reading any. */
static void
reconnect(struct pair *p)
{
	struct srp_fsm_actions a;
	int i;

	p->link = true;
	for (i = 0; i < 2; i++) {
		CU_ASSERT(srp_fsm_event(&p->n[i].f, SRP_EV_CONN_UP, p->now,
					NULL, &a) == 0);
		apply(p, i, &a);
	}
	pump(p);
}

/* One hello each way (the periodic hello timer of the glue). */
static void
hellos(struct pair *p)
{
	struct srp_fsm_actions a;
	int i;

	for (i = 0; i < 2; i++) {
		memset(&a, 0, sizeof(a));
		a.mask = SRP_ACT_SEND_HELLO;
		apply(p, i, &a);
	}
	pump(p);
}

static void
tick(struct pair *p, int i)
{
	struct srp_fsm_actions a;

	srp_fsm_tick(&p->n[i].f, p->now, &a);
	apply(p, i, &a);
	pump(p);
}

/* Both started and connected; A = node 0 (mac_a), B = node 1 (mac_b). */
static void
pair_up(struct pair *p, uint8_t mode_a, uint8_t prio_a, uint8_t mode_b,
	uint8_t prio_b)
{
	struct srp_fsm_conf c;

	memset(p, 0, sizeof(*p));
	p->now = T0;
	p->link = true;
	conf_make(&c, mode_a, prio_a, mac_a);
	CU_ASSERT_FATAL(srp_fsm_init(&p->n[0].f, &c, NULL, NULL) == 0);
	conf_make(&c, mode_b, prio_b, mac_b);
	CU_ASSERT_FATAL(srp_fsm_init(&p->n[1].f, &c, NULL, NULL) == 0);
	pev(p, 0, SRP_EV_START, NULL);
	pev(p, 1, SRP_EV_START, NULL);
	reconnect(p);
	hellos(p);
}

static void
test_fsm_startup_primary_active(void)
{
	pair_up(&P, SRP_WMODE_BACKUP, 1, SRP_WMODE_PRIMARY, 200);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT(P.n[1].dp_active);
	CU_ASSERT(!P.n[0].dp_active);
	CU_ASSERT_EQUAL(P.n[1].f.generation, 1);
	CU_ASSERT(P.n[1].f.route_modifier < P.n[0].f.route_modifier);
	/* Election is not a switchover. */
	CU_ASSERT_EQUAL(P.n[1].f.stats.n_switchover[SRP_CAUSE_ELECTION], 0);
}

static void
test_fsm_startup_priority_then_chapter_mac(void)
{
	pair_up(&P, SRP_WMODE_PRIMARY, 50, SRP_WMODE_PRIMARY, 20);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_STANDBY_SYNCING);
	/* Same mode and priority: 00-02-43-03-1C-2B (A) wins. */
	pair_up(&P, SRP_WMODE_BACKUP, 7, SRP_WMODE_BACKUP, 7);
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT(P.n[0].f.route_modifier < P.n[1].f.route_modifier);
	CU_ASSERT_EQUAL(P.n_both_active, 0);
}

static void
test_fsm_tie_refused_stays_standby(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm_input in;
	struct srp_fsm f;
	struct srp_msg m;

	drive_to(&f, SRP_ST_NEGOTIATING);
	/* Everything equal (only possible through a forged node id). */
	hello_make(&m, SRP_WSTATE_NEGOTIATING, SRP_WMODE_PRIMARY, 100, mac_a,
		   10, 0);
	memset(&in, 0, sizeof(in));
	in.msg = &m;
	CU_ASSERT_EQUAL(srp_fsm_event(&f, SRP_EV_HELLO, T0 + 1, &in, &a), 0);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT(a.mask & SRP_ACT_SEND_REFUSE);
	CU_ASSERT_EQUAL(a.refuse_reason, SRP_REFUSE_CONFIG);
	CU_ASSERT_EQUAL(f.stats.n_refusal[SRP_REF_TIE], 1);
	CU_ASSERT(f.pair_refused);
	/* Dead interval passes: still standby (prefer standby). */
	srp_fsm_tick(&f, T0 + 1 + DEAD_MS, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT_EQUAL(f.stats.n_refusal[SRP_REF_TIE], 2);
	/* Through srp_fsm_hello the same node id is refused earlier. */
	drive_to(&f, SRP_ST_NEGOTIATING);
	CU_ASSERT_EQUAL(srp_fsm_hello(&f, T0 + 1, &m, &a), 0);
	CU_ASSERT_EQUAL(f.state, SRP_ST_NEGOTIATING);
	CU_ASSERT_EQUAL(a.refuse_reason, SRP_REFUSE_NODE_ID);
	CU_ASSERT_EQUAL(f.stats.n_refusal[SRP_REF_NODE_ID], 1);
	CU_ASSERT(!f.peer.seen);
}

static void
test_fsm_no_mode_refuses_to_pair(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm_conf c;
	struct srp_fsm f;
	struct srp_msg m;

	/* Local chassis without chassis-mode: refuses, never active. */
	conf_make(&c, SRP_WMODE_NONE, 100, mac_a);
	CU_ASSERT_FATAL(srp_fsm_init(&f, &c, NULL, NULL) == 0);
	ev(&f, SRP_EV_START, T0, &a);
	CU_ASSERT_EQUAL(a.refusal, SRP_REF_NO_MODE);
	ev(&f, SRP_EV_CONN_UP, T0, &a);
	CU_ASSERT_EQUAL(peer_hello(&f, T0 + 1, SRP_WSTATE_NEGOTIATING, 11, 0,
				   &a), 0);
	CU_ASSERT(a.mask & SRP_ACT_SEND_REFUSE);
	CU_ASSERT_EQUAL(a.refuse_reason, SRP_REFUSE_MODE);
	CU_ASSERT_EQUAL(f.state, SRP_ST_NEGOTIATING);
	srp_fsm_tick(&f, T0 + 10 * DEAD_MS, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_NEGOTIATING);
	CU_ASSERT(!(a.mask & SRP_ACT_BECOME_ACTIVE));

	/* Peer without mode: refused, treated as absent -> we go active. */
	drive_to(&f, SRP_ST_NEGOTIATING);
	hello_make(&m, SRP_WSTATE_NEGOTIATING, SRP_WMODE_NONE, 1, mac_b, 11, 0);
	CU_ASSERT_EQUAL(srp_fsm_hello(&f, T0 + 1, &m, &a), 0);
	CU_ASSERT_EQUAL(a.refuse_reason, SRP_REFUSE_MODE);
	CU_ASSERT_EQUAL(f.state, SRP_ST_NEGOTIATING);
	srp_fsm_tick(&f, T0 + DEAD_MS, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT(a.mask & SRP_ACT_BECOME_ACTIVE);
}

static void
test_fsm_dead_interval_no_delay(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;

	drive_to(&f, SRP_ST_STANDBY_READY);	/* last hello at T0 */
	CU_ASSERT_EQUAL(srp_fsm_next_deadline(&f), T0 + DEAD_MS);
	peer_hello(&f, T0 + 2000, SRP_WSTATE_ACTIVE, 11, 1, &a);
	CU_ASSERT_EQUAL(srp_fsm_next_deadline(&f), T0 + 2000 + DEAD_MS);
	srp_fsm_tick(&f, T0 + 2000 + DEAD_MS - 1, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT_EQUAL(a.mask, 0);
	srp_fsm_tick(&f, T0 + 2000 + DEAD_MS, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT_EQUAL(f.want, SRP_WANT_ACTIVE);
	CU_ASSERT(a.mask & SRP_ACT_BECOME_ACTIVE);
	CU_ASSERT_EQUAL(f.generation, 2);	/* peer's 1, bumped */
	CU_ASSERT_EQUAL(f.stats.n_switchover[SRP_CAUSE_DEAD_PEER], 1);
	ev(&f, SRP_EV_DP_DONE, T0 + 5001, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(f.want, SRP_WANT_NONE);
	CU_ASSERT(a.mask & SRP_ACT_ANNOUNCE_RM);

	/* A lost link alone does not promote before the dead interval. */
	drive_to(&f, SRP_ST_STANDBY_SYNCING);
	ev(&f, SRP_EV_CONN_DOWN, T0 + 10, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	srp_fsm_tick(&f, T0 + DEAD_MS - 1, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	srp_fsm_tick(&f, T0 + DEAD_MS, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
}

static void
test_fsm_dead_interval_with_delay(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm_conf c;
	struct srp_fsm f;

	conf_make(&c, SRP_WMODE_BACKUP, 100, mac_a);
	c.delay_ms = 10000;
	CU_ASSERT_FATAL(srp_fsm_init(&f, &c, NULL, NULL) == 0);
	ev(&f, SRP_EV_START, T0, &a);
	CU_ASSERT_EQUAL(srp_fsm_next_deadline(&f), T0 + 10000);
	ev(&f, SRP_EV_CONN_UP, T0, &a);
	/* Hellos during the delay do not arm the dead timer. */
	peer_hello(&f, T0 + 100, SRP_WSTATE_ACTIVE, 10, 1, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	srp_fsm_tick(&f, T0 + 100 + DEAD_MS, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	srp_fsm_tick(&f, T0 + 9999, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	srp_fsm_tick(&f, T0 + 10000, &a);
	CU_ASSERT(f.delay_over);
	CU_ASSERT_EQUAL(srp_fsm_next_deadline(&f), T0 + 10000 + DEAD_MS);
	srp_fsm_tick(&f, T0 + 10000 + DEAD_MS - 1, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	srp_fsm_tick(&f, T0 + 10000 + DEAD_MS, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT_EQUAL(f.stats.n_switchover[SRP_CAUSE_DEAD_PEER], 1);

	/* Alone at start-up: active only after delay + dead. */
	CU_ASSERT_FATAL(srp_fsm_init(&f, &c, NULL, NULL) == 0);
	ev(&f, SRP_EV_START, T0, &a);
	srp_fsm_tick(&f, T0 + DEAD_MS, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_CONNECTING);
	srp_fsm_tick(&f, T0 + 10000, &a);
	srp_fsm_tick(&f, T0 + 10000 + DEAD_MS - 1, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_CONNECTING);
	srp_fsm_tick(&f, T0 + 10000 + DEAD_MS, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
}

static void
test_fsm_two_standbys_elect(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;
	struct srp_msg m;

	/* Both standby, nobody active: the election winner promotes. */
	drive_to(&f, SRP_ST_STANDBY_READY);
	peer_hello(&f, T0 + 1, SRP_WSTATE_STANDBY_READY, 12, 1, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT(a.mask & SRP_ACT_BECOME_ACTIVE);
	/* The loser stays as it is and does not answer with a hello. */
	drive_to(&f, SRP_ST_STANDBY_READY);
	hello_make(&m, SRP_WSTATE_STANDBY_READY, SRP_WMODE_PRIMARY, 1, mac_b,
		   12, 1);
	srp_fsm_hello(&f, T0 + 1, &m, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT(!(a.mask & (SRP_ACT_SEND_HELLO | SRP_ACT_BECOME_ACTIVE)));
	CU_ASSERT(f.route_modifier > 12);
	/* A winner that may not pair (no promotion) stays quiet as well. */
	drive_to(&f, SRP_ST_STANDBY_READY);
	f.pair_refused = true;
	peer_hello(&f, T0 + 1, SRP_WSTATE_STANDBY_READY, 12, 1, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT(!(a.mask & (SRP_ACT_SEND_HELLO | SRP_ACT_BECOME_ACTIVE)));
}

static void
test_fsm_returning_primary_stays_standby(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;

	/* A primary restarts and finds the backup active: non-revertive. */
	drive_to(&f, SRP_ST_NEGOTIATING);
	peer_hello(&f, T0 + 1, SRP_WSTATE_ACTIVE, 11, 4, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT(!(a.mask & SRP_ACT_BECOME_ACTIVE));
	CU_ASSERT(f.route_modifier > 11);
	CU_ASSERT(a.mask & SRP_ACT_ANNOUNCE_RM);
	CU_ASSERT_EQUAL(a.route_modifier, f.route_modifier);
}

static void
test_fsm_split_brain_previous_active_keeps(void)
{
	uint32_t gen_a;

	pair_up(&P, SRP_WMODE_PRIMARY, 100, SRP_WMODE_BACKUP, 100);
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_ACTIVE);
	/* Link lost; B promotes after the dead interval. */
	P.link = false;
	pev(&P, 0, SRP_EV_CONN_DOWN, NULL);
	pev(&P, 1, SRP_EV_CONN_DOWN, NULL);
	P.now += DEAD_MS;
	tick(&P, 1);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_ACTIVE);
	CU_ASSERT(P.n[0].dp_active && P.n[1].dp_active);
	CU_ASSERT(P.n[1].f.generation > P.n[0].f.generation);
	gen_a = P.n[0].f.generation;
	/* Link back: A had the lower route modifier and stays active. */
	P.now += 10;
	reconnect(&P);
	hellos(&P);
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT(P.n[0].dp_active && !P.n[1].dp_active);
	CU_ASSERT_EQUAL(P.n[1].f.stats.n_switchover[SRP_CAUSE_SPLIT_BRAIN], 1);
	CU_ASSERT_EQUAL(P.n[0].f.stats.n_split_brain, 1);
	CU_ASSERT_EQUAL(P.n[1].f.stats.n_split_brain, 1);
	CU_ASSERT(P.n[0].f.route_modifier < P.n[1].f.route_modifier);
	/* The keeper's generation moved above the loser's. */
	CU_ASSERT(P.n[0].f.generation > gen_a);
	CU_ASSERT(P.n[0].f.generation > P.n[1].f.generation);
}

static void
test_fsm_split_brain_priority_then_mac(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm_input in = { .msg = NULL };
	struct srp_fsm f;
	struct srp_msg m;

	/* Same modifier: lower priority number keeps the role. */
	drive_to(&f, SRP_ST_ACTIVE);	/* rm 10, prio 100 */
	hello_make(&m, SRP_WSTATE_ACTIVE, SRP_WMODE_BACKUP, 50, mac_b, 10, 3);
	srp_fsm_hello(&f, T0 + 5, &m, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT(a.mask & SRP_ACT_BECOME_STANDBY);
	ev(&f, SRP_EV_DP_DONE, T0 + 6, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT_EQUAL(f.generation, 3);

	drive_to(&f, SRP_ST_ACTIVE);
	hello_make(&m, SRP_WSTATE_ACTIVE, SRP_WMODE_BACKUP, 150, mac_b, 10, 3);
	srp_fsm_hello(&f, T0 + 5, &m, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	CU_ASSERT(a.mask & SRP_ACT_SEND_HELLO);
	CU_ASSERT_EQUAL(f.generation, 4);

	/* Same modifier and priority: higher MAC (ours) keeps. */
	drive_to(&f, SRP_ST_ACTIVE);
	hello_make(&m, SRP_WSTATE_ACTIVE, SRP_WMODE_BACKUP, 100, mac_b, 10, 0);
	srp_fsm_hello(&f, T0 + 5, &m, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(f.stats.n_split_brain, 1);
	/* Lower modifier on the peer beats everything else. */
	drive_to(&f, SRP_ST_ACTIVE);
	hello_make(&m, SRP_WSTATE_ACTIVE, SRP_WMODE_BACKUP, 200, mac_b, 9, 0);
	srp_fsm_hello(&f, T0 + 5, &m, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	/* Nothing differs (forged node id): unsure, so yield. */
	drive_to(&f, SRP_ST_ACTIVE);
	hello_make(&m, SRP_WSTATE_ACTIVE, SRP_WMODE_PRIMARY, 100, mac_a, 10, 0);
	in.msg = &m;
	srp_fsm_event(&f, SRP_EV_PEER_ACTIVE, T0 + 5, &in, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT(a.mask & SRP_ACT_BECOME_STANDBY);
}

static void
test_fsm_planned_switch_never_two_active(void)
{
	uint32_t gen;

	pair_up(&P, SRP_WMODE_PRIMARY, 100, SRP_WMODE_BACKUP, 100);
	pev(&P, 1, SRP_EV_CKPT_DONE, NULL);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_STANDBY_READY);
	gen = P.n[0].f.generation;
	P.now += 100;
	pev(&P, 0, SRP_EV_ADMIN_SWITCH, NULL);
	CU_ASSERT_EQUAL(P.n_both_active, 0);
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_ACTIVE);
	CU_ASSERT(!P.n[0].dp_active && P.n[1].dp_active);
	CU_ASSERT_EQUAL(P.n[1].f.generation, gen + 1);
	CU_ASSERT(P.n[1].f.route_modifier < P.n[0].f.route_modifier);
	CU_ASSERT_EQUAL(P.n[0].f.stats.n_switchover[SRP_CAUSE_MANUAL], 1);
	CU_ASSERT_EQUAL(P.n[1].f.stats.n_switchover[SRP_CAUSE_MANUAL], 1);
	/* And back again. */
	pev(&P, 1, SRP_EV_ADMIN_SWITCH, NULL);
	CU_ASSERT_EQUAL(P.n_both_active, 0);
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_STANDBY_READY);
}

/*
 * Early active transition (make before break): the standby promotes as it
 * accepts the request, the old active keeps forwarding (both active for a
 * moment, not a split brain), flushes, then fences; generation and route
 * modifier end as on the fence-first path. Without FLUSH_DONE the switch
 * timer fences the old active anyway.
 */
static void
test_fsm_planned_switch_early_active(void)
{
	uint32_t gen;
	int i;

	pair_up(&P, SRP_WMODE_PRIMARY, 100, SRP_WMODE_BACKUP, 100);
	for (i = 0; i < 2; i++)
		P.n[i].f.conf.early_active = true;
	pev(&P, 1, SRP_EV_CKPT_DONE, NULL);
	gen = P.n[0].f.generation;
	P.now += 100;
	pev(&P, 0, SRP_EV_ADMIN_SWITCH, NULL);
	CU_ASSERT(P.n_both_active >= 1);	/* the overlap happened */
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_ACTIVE);
	CU_ASSERT(!P.n[0].dp_active && P.n[1].dp_active);
	CU_ASSERT_EQUAL(P.n[1].f.generation, gen + 1);
	CU_ASSERT(P.n[1].f.route_modifier < P.n[0].f.route_modifier);
	for (i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL(P.n[i].f.stats.n_split_brain, 0);
		CU_ASSERT_EQUAL(P.n[i].f.stats.n_switchover[SRP_CAUSE_MANUAL],
				1);
	}
	/* Hellos afterwards change nothing. */
	hellos(&P);
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_ACTIVE);

	/* Back, with a flush that never ends: the switch timer fences. */
	P.no_flush = true;
	P.n_both_active = 0;
	pev(&P, 1, SRP_EV_ADMIN_SWITCH, NULL);
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_SWITCHING);
	CU_ASSERT_EQUAL(P.n[1].f.phase, SRP_PH_FLUSHING);
	CU_ASSERT(P.n[0].dp_active && P.n[1].dp_active);
	/* The new active's hellos do not make it a split brain. */
	hellos(&P);
	CU_ASSERT_EQUAL(P.n[1].f.phase, SRP_PH_FLUSHING);
	CU_ASSERT_EQUAL(P.n[1].f.stats.n_split_brain, 0);
	P.now += DEAD_MS + 1;
	tick(&P, 1);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT(!P.n[1].dp_active);
	/* A late FLUSH_DONE is ignored. */
	pev(&P, 1, SRP_EV_FLUSH_DONE, NULL);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_STANDBY_READY);
}

static void
test_fsm_planned_switch_standby_waits_for_fence(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm_input in;
	struct srp_fsm f;
	struct srp_msg m;

	drive_to(&f, SRP_ST_STANDBY_READY);
	srp_msg_init(&m, SRP_MSG_SWITCHOVER_REQUEST);
	m.reason = SRP_SWCAUSE_ADMIN;
	m.generation = 1;
	memset(&in, 0, sizeof(in));
	in.msg = &m;
	srp_fsm_event(&f, SRP_EV_SWITCH_REQ, T0 + 1, &in, &a);
	CU_ASSERT_EQUAL(a.ack_result, SRP_SWRES_ACCEPTED);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT(!(a.mask & SRP_ACT_BECOME_ACTIVE));
	/* Peer still active (fencing): no promotion yet. */
	peer_hello(&f, T0 + 2, SRP_WSTATE_ACTIVE, 11, 1, &a);
	CU_ASSERT(!(a.mask & SRP_ACT_BECOME_ACTIVE));
	peer_hello(&f, T0 + 3, SRP_WSTATE_SWITCHING, 11, 1, &a);
	CU_ASSERT(!(a.mask & SRP_ACT_BECOME_ACTIVE));
	peer_hello(&f, T0 + 4, SRP_WSTATE_STANDBY_READY, 12, 1, &a);
	CU_ASSERT(a.mask & SRP_ACT_BECOME_ACTIVE);
	/* The timeout aborts to standby when the peer never fences. */
	drive_to(&f, SRP_ST_STANDBY_READY);
	srp_fsm_event(&f, SRP_EV_SWITCH_REQ, T0 + 1, &in, &a);
	srp_fsm_tick(&f, T0 + DEAD_MS - 1, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	peer_hello(&f, T0 + DEAD_MS - 1, SRP_WSTATE_ACTIVE, 11, 1, &a);
	srp_fsm_tick(&f, T0 + 1 + DEAD_MS, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT_EQUAL(f.stats.n_refusal[SRP_REF_PEER_TIMEOUT], 1);
	/* Stale generation and not-ready refusals. */
	drive_to(&f, SRP_ST_STANDBY_READY);
	f.generation = 5;
	srp_fsm_event(&f, SRP_EV_SWITCH_REQ, T0 + 1, &in, &a);
	CU_ASSERT_EQUAL(a.ack_result, SRP_SWRES_GENERATION);
	drive_to(&f, SRP_ST_STANDBY_SYNCING);
	srp_fsm_event(&f, SRP_EV_SWITCH_REQ, T0 + 1, &in, &a);
	CU_ASSERT_EQUAL(a.ack_result, SRP_SWRES_NOT_READY);
	m.force = 1;
	srp_fsm_event(&f, SRP_EV_SWITCH_REQ, T0 + 1, &in, &a);
	CU_ASSERT_EQUAL(a.ack_result, SRP_SWRES_ACCEPTED);
	/* A standby whose own monitors failed refuses a monitor-caused
	 * request, accepts an operator's or a forced one. */
	drive_to(&f, SRP_ST_STANDBY_READY);
	srp_fsm_monitors_set(&f, SRP_MONS_BGP);
	m.force = 0;
	m.reason = SRP_SWCAUSE_MONITOR_BGP;
	srp_fsm_event(&f, SRP_EV_SWITCH_REQ, T0 + 1, &in, &a);
	CU_ASSERT_EQUAL(a.ack_result, SRP_SWRES_MONITORS);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
	m.reason = SRP_SWCAUSE_MONITOR_AAA;
	srp_fsm_event(&f, SRP_EV_SWITCH_REQ, T0 + 1, &in, &a);
	CU_ASSERT_EQUAL(a.ack_result, SRP_SWRES_MONITORS);
	m.reason = SRP_SWCAUSE_ADMIN;
	srp_fsm_event(&f, SRP_EV_SWITCH_REQ, T0 + 1, &in, &a);
	CU_ASSERT_EQUAL(a.ack_result, SRP_SWRES_ACCEPTED);
	drive_to(&f, SRP_ST_STANDBY_READY);
	srp_fsm_monitors_set(&f, 0);
	m.reason = SRP_SWCAUSE_MONITOR_DIAMETER;
	srp_fsm_event(&f, SRP_EV_SWITCH_REQ, T0 + 1, &in, &a);
	CU_ASSERT_EQUAL(a.ack_result, SRP_SWRES_ACCEPTED);
}

static void
test_fsm_admin_refusal_reasons(void)
{
	struct srp_fsm_readiness r;
	struct srp_fsm_actions a;
	struct srp_fsm_input in = { .force = false };
	struct srp_fsm_input inf = { .force = true };
	struct srp_msg m;
	struct srp_fsm f;

	drive_to(&f, SRP_ST_STANDBY_READY);
	srp_fsm_event(&f, SRP_EV_ADMIN_SWITCH, T0 + 1, &in, &a);
	CU_ASSERT_EQUAL(a.refusal, SRP_REF_NOT_ACTIVE);
	CU_ASSERT(a.mask & SRP_ACT_REPORT_REFUSAL);

	drive_to(&f, SRP_ST_ACTIVE);
	ev(&f, SRP_EV_CONN_DOWN, T0 + 1, &a);
	srp_fsm_validate(&f, &r);
	CU_ASSERT_EQUAL(r.verdict, SRP_REF_PEER_DOWN);
	srp_fsm_event(&f, SRP_EV_ADMIN_SWITCH, T0 + 1, &inf, &a);
	CU_ASSERT_EQUAL(a.refusal, SRP_REF_PEER_DOWN);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);

	drive_to(&f, SRP_ST_ACTIVE);
	peer_hello(&f, T0 + 1, SRP_WSTATE_STANDBY_SYNCING, 11, 1, &a);
	srp_fsm_validate(&f, &r);
	CU_ASSERT_EQUAL(r.verdict, SRP_REF_PEER_NOT_READY);
	CU_ASSERT_EQUAL(r.verdict_force, SRP_REF_NONE);
	srp_fsm_event(&f, SRP_EV_ADMIN_SWITCH, T0 + 1, &in, &a);
	CU_ASSERT_EQUAL(a.refusal, SRP_REF_PEER_NOT_READY);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	srp_fsm_event(&f, SRP_EV_ADMIN_SWITCH, T0 + 1, &inf, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT(a.mask & SRP_ACT_SEND_SWITCH_REQ);
	CU_ASSERT_EQUAL(a.force, 1);
	CU_ASSERT_EQUAL(a.switch_cause, SRP_SWCAUSE_ADMIN);
	srp_fsm_event(&f, SRP_EV_ADMIN_SWITCH, T0 + 1, &in, &a);
	CU_ASSERT_EQUAL(a.refusal, SRP_REF_IN_PROGRESS);
	/* Peer says no. */
	srp_msg_init(&m, SRP_MSG_SWITCHOVER_ACK);
	m.reason = SRP_SWRES_NOT_READY;
	in.msg = &m;
	srp_fsm_event(&f, SRP_EV_SWITCH_ACK, T0 + 2, &in, &a);
	CU_ASSERT_EQUAL(a.refusal, SRP_REF_PEER_REFUSED);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	CU_ASSERT(!(a.mask & SRP_ACT_BECOME_STANDBY));
	/* Peer silent: timeout, still active. */
	drive_to(&f, SRP_ST_SWITCHING);
	srp_fsm_tick(&f, T0 + DEAD_MS - 1, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	peer_hello(&f, T0 + DEAD_MS - 1, SRP_WSTATE_STANDBY_READY, 11, 0, &a);
	srp_fsm_tick(&f, T0 + DEAD_MS, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(f.stats.n_refusal[SRP_REF_PEER_TIMEOUT], 1);
	srp_fsm_validate(&f, &r);
	CU_ASSERT_EQUAL(r.verdict, SRP_REF_NONE);
	CU_ASSERT(r.local_active && r.peer_ready && r.config_match);
}

static void
set_guard(struct srp_guard *g, uint32_t guard_s, uint32_t damping_s)
{
	g->guard_s = guard_s;
	g->damping_s = damping_s;
}

static void
monitor(struct srp_fsm *f, enum srp_fsm_event e, enum srp_monitor_kind k,
	uint64_t now, struct srp_fsm_actions *a)
{
	struct srp_fsm_input in = { .monitor = k };

	CU_ASSERT(srp_fsm_event(f, e, now, &in, a) == 0);
}

static void
test_fsm_guard_suppress_without_damping(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;

	drive_to(&f, SRP_ST_ACTIVE);
	set_guard(&f.conf.redundancy_bgp, 60, 0);
	ev(&f, SRP_EV_FAULT_CLEAR, T0 + 100, &a);	/* local recovery */
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	monitor(&f, SRP_EV_MONITOR_FAIL, SRP_MON_BGP, T0 + 1000, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(a.refusal, SRP_REF_GUARD);
	CU_ASSERT_EQUAL(f.stats.n_monitor_suppressed, 1);
	/* Diameter has its own (unset) timers: switches at once. */
	monitor(&f, SRP_EV_MONITOR_FAIL, SRP_MON_DIAMETER, T0 + 1000, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT_EQUAL(a.switch_cause, SRP_SWCAUSE_MONITOR_DIAMETER);
	/* After the guard period the failure switches over. */
	drive_to(&f, SRP_ST_ACTIVE);
	set_guard(&f.conf.redundancy_bgp, 60, 0);
	ev(&f, SRP_EV_FAULT_CLEAR, T0 + 100, &a);
	monitor(&f, SRP_EV_MONITOR_FAIL, SRP_MON_BGP, T0 + 100 + 60000, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT(a.mask & SRP_ACT_SEND_SWITCH_REQ);
	CU_ASSERT_EQUAL(a.switch_cause, SRP_SWCAUSE_MONITOR_BGP);
}

static void
test_fsm_guard_defer_by_damping(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;

	drive_to(&f, SRP_ST_ACTIVE);
	set_guard(&f.conf.redundancy_bgp, 60, 5);
	ev(&f, SRP_EV_FAULT_CLEAR, T0 + 100, &a);
	monitor(&f, SRP_EV_MONITOR_FAIL, SRP_MON_BGP, T0 + 1000, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(f.stats.n_monitor_deferred, 1);
	CU_ASSERT_EQUAL(f.damp_deadline_ms, T0 + 1000 + 5000);
	CU_ASSERT(srp_fsm_next_deadline(&f) <= T0 + 1000 + 5000);
	srp_fsm_tick(&f, T0 + 5999, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	srp_fsm_tick(&f, T0 + 6000, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT_EQUAL(a.switch_cause, SRP_SWCAUSE_MONITOR_BGP);
	/* Recovered within the damping period: nothing happens. */
	drive_to(&f, SRP_ST_ACTIVE);
	set_guard(&f.conf.redundancy_bgp, 60, 5);
	ev(&f, SRP_EV_FAULT_CLEAR, T0 + 100, &a);
	monitor(&f, SRP_EV_MONITOR_FAIL, SRP_MON_BGP, T0 + 1000, &a);
	monitor(&f, SRP_EV_MONITOR_OK, SRP_MON_BGP, T0 + 2000, &a);
	srp_fsm_tick(&f, T0 + 6000, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(f.damp_deadline_ms, 0);
}

static void
test_fsm_guard_switchover_timers(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;

	/* Becomes active by a dead-peer switchover at T0 + DEAD_MS. */
	drive_to(&f, SRP_ST_STANDBY_READY);
	set_guard(&f.conf.aaa_switchover, 30, 0);
	srp_fsm_tick(&f, T0 + DEAD_MS, &a);
	ev(&f, SRP_EV_DP_DONE, T0 + DEAD_MS, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	f.peer.connected = true;
	peer_hello(&f, T0 + DEAD_MS + 10, SRP_WSTATE_STANDBY_READY, 12, 0, &a);
	/* AAA failure right after the switchover: suppressed. */
	monitor(&f, SRP_EV_MONITOR_FAIL, SRP_MON_AUTH_PROBE,
		T0 + DEAD_MS + 1000, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(a.refusal, SRP_REF_GUARD);
	/* The AAA switchover timers do not cover BGP. */
	monitor(&f, SRP_EV_MONITOR_FAIL, SRP_MON_BGP, T0 + DEAD_MS + 1000, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
}

static void
test_fsm_aaa_switchover_non_reversible(void)
{
	struct srp_fsm_actions a;

	pair_up(&P, SRP_WMODE_PRIMARY, 100, SRP_WMODE_BACKUP, 100);
	pev(&P, 1, SRP_EV_CKPT_DONE, NULL);
	monitor(&P.n[0].f, SRP_EV_MONITOR_FAIL, SRP_MON_AUTH_PROBE, P.now, &a);
	apply(&P, 0, &a);
	pump(&P);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_ACTIVE);
	CU_ASSERT(P.n[1].f.aaa_nonrev);
	CU_ASSERT_EQUAL(P.n[1].f.stats.n_switchover[SRP_CAUSE_MONITOR], 1);
	/* New active fails AAA too: stays active. */
	monitor(&P.n[1].f, SRP_EV_MONITOR_FAIL, SRP_MON_AUTH_PROBE, P.now, &a);
	CU_ASSERT_EQUAL(a.refusal, SRP_REF_AAA_NONREV);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_ACTIVE);
	/* A non-AAA failure still switches. */
	monitor(&P.n[1].f, SRP_EV_MONITOR_FAIL, SRP_MON_BGP, P.now, &a);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_SWITCHING);
	/* The clear command re-enables AAA switchover. */
	pair_up(&P, SRP_WMODE_PRIMARY, 100, SRP_WMODE_BACKUP, 100);
	pev(&P, 1, SRP_EV_CKPT_DONE, NULL);
	monitor(&P.n[0].f, SRP_EV_MONITOR_FAIL, SRP_MON_AUTH_PROBE, P.now, &a);
	apply(&P, 0, &a);
	pump(&P);
	srp_fsm_aaa_flag_clear(&P.n[1].f);
	monitor(&P.n[1].f, SRP_EV_MONITOR_FAIL, SRP_MON_AUTH_PROBE, P.now, &a);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_SWITCHING);
	/* A manual switchover clears it too. */
	pair_up(&P, SRP_WMODE_PRIMARY, 100, SRP_WMODE_BACKUP, 100);
	pev(&P, 1, SRP_EV_CKPT_DONE, NULL);
	monitor(&P.n[0].f, SRP_EV_MONITOR_FAIL, SRP_MON_AUTH_PROBE, P.now, &a);
	apply(&P, 0, &a);
	pump(&P);
	CU_ASSERT(P.n[1].f.aaa_nonrev);
	pev(&P, 1, SRP_EV_ADMIN_SWITCH, NULL);
	CU_ASSERT(!P.n[1].f.aaa_nonrev);
	CU_ASSERT(!P.n[0].f.aaa_nonrev);
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_ACTIVE);
}

static void
test_fsm_route_modifier_threshold(void)
{
	uint32_t prev, max_seen = 0;
	bool reset_seen = false;
	int i, act;

	pair_up(&P, SRP_WMODE_PRIMARY, 100, SRP_WMODE_BACKUP, 100);
	pev(&P, 1, SRP_EV_CKPT_DONE, NULL);
	act = 0;
	prev = P.n[1].f.route_modifier;
	for (i = 0; i < 40; i++) {
		pev(&P, act, SRP_EV_ADMIN_SWITCH, NULL);
		act = 1 - act;
		CU_ASSERT_EQUAL_FATAL(P.n[act].f.state, SRP_ST_ACTIVE);
		hellos(&P);
		/* The active always advertises the lower modifier. */
		CU_ASSERT(P.n[act].f.route_modifier <
			  P.n[1 - act].f.route_modifier);
		if (P.n[1 - act].f.route_modifier < prev)
			reset_seen = true;
		prev = P.n[1 - act].f.route_modifier;
		if (prev > max_seen)
			max_seen = prev;
	}
	CU_ASSERT(reset_seen);
	CU_ASSERT_EQUAL(max_seen, SRP_RM_THRESHOLD);
	CU_ASSERT_EQUAL(P.n_both_active, 0);
	CU_ASSERT(P.n[act].f.route_modifier >= SRP_RM_MIN);
}

static void
test_fsm_generation_demotes_active(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;

	drive_to(&f, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(f.generation, 1);
	/* Equal or lower generation from a switching peer: no effect. */
	peer_hello(&f, T0 + 1, SRP_WSTATE_SWITCHING, 11, 1, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	peer_hello(&f, T0 + 2, SRP_WSTATE_SWITCHING, 11, 6, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT_EQUAL(f.want, SRP_WANT_STANDBY);
	CU_ASSERT(a.mask & SRP_ACT_BECOME_STANDBY);
	CU_ASSERT_EQUAL(f.stats.n_switchover[SRP_CAUSE_GENERATION], 1);
	ev(&f, SRP_EV_DP_DONE, T0 + 3, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT_EQUAL(f.generation, 6);
}

static void
test_fsm_config_mismatch_flagged(void)
{
	struct srp_fsm_readiness r;
	struct srp_fsm_actions a;
	struct srp_fsm f;
	struct srp_msg m;

	drive_to(&f, SRP_ST_NEGOTIATING);
	hello_make(&m, SRP_WSTATE_NEGOTIATING, SRP_WMODE_BACKUP, 100, mac_b,
		   11, 0);
	m.hello.config_digest[0] ^= 1;
	srp_fsm_hello(&f, T0 + 1, &m, &a);
	CU_ASSERT(f.config_mismatch);
	CU_ASSERT_EQUAL(f.stats.n_config_mismatch, 1);
	/* Election not blocked. */
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	srp_fsm_validate(&f, &r);
	CU_ASSERT(!r.config_match);
	m.hello.config_digest[0] ^= 1;
	srp_fsm_hello(&f, T0 + 2, &m, &a);
	CU_ASSERT(!f.config_mismatch);
}

/* A planned switchover to a chassis whose configuration digest differs is
 * refused without force and goes through with it. */
static void
test_fsm_config_mismatch_blocks_switchover(void)
{
	struct srp_fsm_input plain = { .force = false };
	struct srp_fsm_input force = { .force = true };
	struct srp_fsm_readiness r;
	struct srp_fsm_actions a;
	struct srp_fsm_conf c;
	struct srp_fsm f;

	drive_to(&f, SRP_ST_ACTIVE);
	peer_hello(&f, T0 + 1, SRP_WSTATE_STANDBY_READY, 11, 1, &a);
	srp_fsm_validate(&f, &r);
	CU_ASSERT_EQUAL(r.verdict, SRP_REF_NONE);
	/* Our configuration changes in service: new digest at once. */
	c = f.conf;
	c.config_digest[3] ^= 0x40;
	CU_ASSERT_EQUAL(srp_fsm_conf_update(&f, &c), 0);
	CU_ASSERT(f.config_mismatch);
	CU_ASSERT_EQUAL(f.stats.n_config_mismatch, 1);
	srp_fsm_validate(&f, &r);
	CU_ASSERT(!r.config_match);
	CU_ASSERT_EQUAL(r.verdict, SRP_REF_CONFIG_MISMATCH);
	CU_ASSERT_EQUAL(r.verdict_force, SRP_REF_NONE);
	srp_fsm_event(&f, SRP_EV_ADMIN_SWITCH, T0 + 2, &plain, &a);
	CU_ASSERT_EQUAL(a.refusal, SRP_REF_CONFIG_MISMATCH);
	CU_ASSERT(a.mask & SRP_ACT_REPORT_REFUSAL);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	CU_ASSERT(!(a.mask & SRP_ACT_SEND_SWITCH_REQ));
	CU_ASSERT_STRING_EQUAL(srp_fsm_refusal_str(SRP_REF_CONFIG_MISMATCH),
			       "config-mismatch");
	/* A peer that is not ready is the first reason given. */
	peer_hello(&f, T0 + 2, SRP_WSTATE_STANDBY_SYNCING, 11, 1, &a);
	srp_fsm_event(&f, SRP_EV_ADMIN_SWITCH, T0 + 2, &plain, &a);
	CU_ASSERT_EQUAL(a.refusal, SRP_REF_PEER_NOT_READY);
	peer_hello(&f, T0 + 2, SRP_WSTATE_STANDBY_READY, 11, 1, &a);
	CU_ASSERT(f.config_mismatch);
	srp_fsm_event(&f, SRP_EV_ADMIN_SWITCH, T0 + 3, &force, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT(a.mask & SRP_ACT_SEND_SWITCH_REQ);
	/* Back to the same digest: match again, plain switch allowed. */
	drive_to(&f, SRP_ST_ACTIVE);
	peer_hello(&f, T0 + 1, SRP_WSTATE_STANDBY_READY, 11, 1, &a);
	c = f.conf;
	CU_ASSERT_EQUAL(srp_fsm_conf_update(&f, &c), 0);
	CU_ASSERT(!f.config_mismatch);
	srp_fsm_event(&f, SRP_EV_ADMIN_SWITCH, T0 + 2, &plain, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
}

/* In-service settings: priority and intervals change, the mode and the
 * node id cannot, bad intervals leave the machine untouched. */
static void
test_fsm_conf_update(void)
{
	struct srp_fsm_conf c;
	struct srp_fsm f;

	drive_to(&f, SRP_ST_ACTIVE);
	c = f.conf;
	c.priority = 7;
	c.hello_ms = 500;
	c.dead_ms = 1500;
	CU_ASSERT_EQUAL(srp_fsm_conf_update(&f, &c), 0);
	CU_ASSERT_EQUAL(f.conf.priority, 7);
	CU_ASSERT_EQUAL(f.conf.hello_ms, 500);
	CU_ASSERT_EQUAL(f.state, SRP_ST_ACTIVE);
	c = f.conf;
	c.dead_ms = 1000;
	CU_ASSERT_EQUAL(srp_fsm_conf_update(&f, &c), -EINVAL);
	c = f.conf;
	c.mode = c.mode == SRP_WMODE_PRIMARY ? SRP_WMODE_BACKUP :
		 SRP_WMODE_PRIMARY;
	CU_ASSERT_EQUAL(srp_fsm_conf_update(&f, &c), -EINVAL);
	c = f.conf;
	c.node_id[5] ^= 1;
	CU_ASSERT_EQUAL(srp_fsm_conf_update(&f, &c), -EINVAL);
	CU_ASSERT_EQUAL(f.conf.dead_ms, 1500);
	CU_ASSERT_EQUAL(srp_fsm_conf_update(NULL, &c), -EINVAL);
}

static void
test_fsm_fault_fences_and_peer_takes_over(void)
{
	pair_up(&P, SRP_WMODE_PRIMARY, 100, SRP_WMODE_BACKUP, 100);
	pev(&P, 0, SRP_EV_LOCAL_FAULT, NULL);
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_FAULT);
	CU_ASSERT(!P.n[0].dp_active);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(P.n[1].f.stats.n_switchover[SRP_CAUSE_PEER_FAULT], 1);
	CU_ASSERT_EQUAL(P.n[0].f.stats.n_switchover[SRP_CAUSE_LOCAL_FAULT], 1);
	CU_ASSERT_EQUAL(P.n_both_active, 0);
	/* Recovery: back as standby of the new active. */
	pev(&P, 0, SRP_EV_FAULT_CLEAR, NULL);
	hellos(&P);
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_ACTIVE);
}

static unsigned int n_logged;
static enum srp_fsm_state last_to;

static void
log_cb(void *arg, const struct srp_fsm_transition *t)
{
	(void)arg;
	n_logged++;
	last_to = t->to;
	CU_ASSERT(t->from != t->to);
}

static void
test_fsm_transitions_logged_and_counted(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm_conf c;
	struct srp_fsm f;
	uint64_t sum = 0;
	unsigned int s;

	conf_make(&c, SRP_WMODE_PRIMARY, 100, mac_a);
	CU_ASSERT_FATAL(srp_fsm_init(&f, &c, log_cb, NULL) == 0);
	n_logged = 0;
	ev(&f, SRP_EV_START, T0, &a);
	ev(&f, SRP_EV_CONN_UP, T0, &a);
	ev(&f, SRP_EV_CONN_UP, T0, &a);		/* no transition */
	peer_hello(&f, T0, SRP_WSTATE_NEGOTIATING, 11, 0, &a);
	ev(&f, SRP_EV_DP_DONE, T0 + 1, &a);
	CU_ASSERT_EQUAL(n_logged, 4);
	CU_ASSERT_EQUAL(last_to, SRP_ST_ACTIVE);
	for (s = 0; s < SRP_ST_MAX; s++)
		sum += f.stats.n_enter[s];
	CU_ASSERT_EQUAL(sum, 4);
	CU_ASSERT_EQUAL(f.stats.n_enter[SRP_ST_ACTIVE], 1);
	CU_ASSERT_EQUAL(f.last_change_ms, T0 + 1);
	CU_ASSERT_EQUAL(f.stats.n_hello_rx, 1);
}

static void
test_fsm_bad_input_rejected(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm_conf c;
	struct srp_fsm f, before;
	struct srp_msg m;

	conf_make(&c, SRP_WMODE_PRIMARY, 100, mac_a);
	c.dead_ms = 2 * HELLO_MS;
	CU_ASSERT_EQUAL(srp_fsm_init(&f, &c, NULL, NULL), -EINVAL);
	conf_make(&c, SRP_WMODE_PRIMARY, 0, mac_a);
	CU_ASSERT_EQUAL(srp_fsm_init(&f, &c, NULL, NULL), -EINVAL);
	conf_make(&c, 7, 100, mac_a);
	CU_ASSERT_EQUAL(srp_fsm_init(&f, &c, NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(srp_fsm_init(NULL, &c, NULL, NULL), -EINVAL);

	drive_to(&f, SRP_ST_NEGOTIATING);
	before = f;
	CU_ASSERT_EQUAL(srp_fsm_event(&f, SRP_EV_MAX, T0, NULL, &a), -EINVAL);
	CU_ASSERT_EQUAL(srp_fsm_event(&f, SRP_EV_HELLO, T0, NULL, &a),
			-EINVAL);
	CU_ASSERT_EQUAL(srp_fsm_event(&f, SRP_EV_START, T0, NULL, NULL),
			-EINVAL);
	srp_msg_init(&m, SRP_MSG_READY);
	CU_ASSERT_EQUAL(srp_fsm_hello(&f, T0, &m, &a), -EINVAL);
	CU_ASSERT(memcmp(&f, &before, sizeof(f)) == 0);
	CU_ASSERT_EQUAL(srp_fsm_tick(NULL, T0, &a), -EINVAL);
	CU_ASSERT_STRING_EQUAL(srp_fsm_state_str(SRP_ST_MAX), "?");
	CU_ASSERT_STRING_EQUAL(srp_fsm_event_str(SRP_EV_DP_DONE), "DP_DONE");
	CU_ASSERT_STRING_EQUAL(srp_fsm_cause_str(SRP_CAUSE_SPLIT_BRAIN),
			       "split-brain");
	CU_ASSERT_STRING_EQUAL(srp_fsm_refusal_str(SRP_REF_MAX), "?");
}

static void
test_fsm_conf_from_and_hello_roundtrip(void)
{
	uint8_t digest[SRP_DIGEST_LEN], buf[1024];
	struct srp_fsm_conf fc;
	struct srp_conf conf;
	struct srp_msg m, d;
	struct srp_fsm f;
	size_t len;

	memset(digest, 0x11, sizeof(digest));
	srp_conf_init(&conf);
	conf.mode = SRP_MODE_BACKUP;
	conf.priority = 9;
	conf.delay_s = 4;
	conf.redundancy_bgp.guard_s = 77;
	CU_ASSERT_EQUAL(srp_fsm_conf_from(&fc, &conf, mac_a, digest), 0);
	CU_ASSERT_EQUAL(fc.mode, SRP_WMODE_BACKUP);
	CU_ASSERT_EQUAL(fc.priority, 9);
	CU_ASSERT_EQUAL(fc.delay_ms, 4000);
	CU_ASSERT_EQUAL(fc.redundancy_bgp.guard_s, 77);
	CU_ASSERT_EQUAL(fc.dead_ms, conf.dead_ms);
	conf.priority = 0;
	CU_ASSERT_EQUAL(srp_fsm_conf_from(&fc, &conf, mac_a, digest), -EINVAL);
	conf.priority = 9;
	CU_ASSERT_EQUAL(srp_fsm_conf_from(&fc, &conf, mac_a, digest), 0);

	CU_ASSERT_FATAL(srp_fsm_init(&f, &fc, NULL, NULL) == 0);
	CU_ASSERT_EQUAL(srp_fsm_hello_fill(&f, &m, "1.2.3"), 0);
	CU_ASSERT_EQUAL(f.stats.n_hello_tx, 1);
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_OK);
	CU_ASSERT_EQUAL(srp_msg_decode(buf, len, &d), SRP_CODEC_OK);
	CU_ASSERT_EQUAL(d.hello.mode, SRP_WMODE_BACKUP);
	CU_ASSERT_EQUAL(d.hello.route_modifier, SRP_RM_INIT_BACKUP);
	CU_ASSERT_EQUAL(d.hello.state, SRP_WSTATE_INIT);
	CU_ASSERT(memcmp(d.hello.node_id, mac_a, SRP_NODE_ID_LEN) == 0);
	CU_ASSERT_STRING_EQUAL(d.hello.sw_version, "1.2.3");
}

/* ---- the peer's monitors (MONITORS in its hellos) ---------------------- */

/* A hello from the standby peer (mac_b) with @val in optional TLV @tlv
 * (MONITORS or CAPS); without it (an older peer) when @val is negative. */
static void
standby_hello_opt(struct srp_fsm *f, uint64_t now, unsigned int tlv,
		  int64_t val, struct srp_fsm_actions *a)
{
	struct srp_msg m;

	hello_make(&m, SRP_WSTATE_STANDBY_READY, SRP_WMODE_BACKUP, 100, mac_b,
		   11, 0);
	if (val >= 0) {
		if (tlv == SRP_TLV_MONITORS)
			m.hello.monitors = (uint8_t)val;
		else
			m.hello.caps = (uint32_t)val;
		m.present |= SRP_TLV_BIT(tlv);
	}
	CU_ASSERT(srp_fsm_hello(f, now, &m, a) == 0);
}

/* A hello from the standby reporting @mons failed (none: negative). */
static void
standby_hello_mons(struct srp_fsm *f, uint64_t now, int mons,
		   struct srp_fsm_actions *a)
{
	standby_hello_opt(f, now, SRP_TLV_MONITORS, mons, a);
}

/* MONITOR_FAIL on the active is refused locally, no request sent. */
static void
check_refused_locally(struct srp_fsm *f, const struct srp_fsm_actions *a,
		      uint64_t n_before)
{
	CU_ASSERT_EQUAL(f->state, SRP_ST_ACTIVE);
	CU_ASSERT(!(a->mask & SRP_ACT_SEND_SWITCH_REQ));
	CU_ASSERT(a->mask & SRP_ACT_REPORT_REFUSAL);
	CU_ASSERT_EQUAL(a->refusal, SRP_REF_PEER_MONITORS);
	CU_ASSERT_EQUAL(f->stats.n_refusal[SRP_REF_PEER_MONITORS],
			n_before + 1);
	CU_ASSERT_EQUAL(f->stats.n_refusal[SRP_REF_PEER_REFUSED], 0);
}

static void
test_fsm_peer_monitors_refuse_locally(void)
{
	struct srp_fsm_input force = { .force = true };
	struct srp_fsm_input plain = { .force = false };
	struct srp_fsm_actions a;
	struct srp_fsm f;

	/* The standby reports its BGP monitor failed: the active's own
	 * monitor failure (any kind) does not ask it to take over. */
	drive_to(&f, SRP_ST_ACTIVE);
	standby_hello_mons(&f, T0 + 1, SRP_MONS_BGP, &a);
	CU_ASSERT(f.peer.monitors_known);
	CU_ASSERT_EQUAL(f.peer.monitors, SRP_MONS_BGP);
	monitor(&f, SRP_EV_MONITOR_FAIL, SRP_MON_DIAMETER, T0 + 2, &a);
	check_refused_locally(&f, &a, 0);
	monitor(&f, SRP_EV_MONITOR_FAIL, SRP_MON_AUTH_PROBE, T0 + 3, &a);
	check_refused_locally(&f, &a, 1);
	CU_ASSERT_STRING_EQUAL(srp_fsm_refusal_str(SRP_REF_PEER_MONITORS),
			       "peer-monitors-failed");
	/* A damped failure that outlasts its damping: refused the same. */
	set_guard(&f.conf.redundancy_bgp, 60, 5);
	ev(&f, SRP_EV_FAULT_CLEAR, T0 + 100, &a);
	monitor(&f, SRP_EV_MONITOR_FAIL, SRP_MON_BGP, T0 + 1000, &a);
	CU_ASSERT_EQUAL(f.stats.n_monitor_deferred, 1);
	standby_hello_mons(&f, T0 + 2000, SRP_MONS_AAA, &a);
	srp_fsm_tick(&f, T0 + 6000, &a);
	check_refused_locally(&f, &a, 2);
	/* The operator's switchover, plain or forced, is not affected. */
	srp_fsm_event(&f, SRP_EV_ADMIN_SWITCH, T0 + 6001, &plain, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
	CU_ASSERT(a.mask & SRP_ACT_SEND_SWITCH_REQ);
	CU_ASSERT_EQUAL(a.switch_cause, SRP_SWCAUSE_ADMIN);
	CU_ASSERT_EQUAL(a.force, 0);
	drive_to(&f, SRP_ST_ACTIVE);
	standby_hello_mons(&f, T0 + 1, SRP_MONS_KNOWN, &a);
	srp_fsm_event(&f, SRP_EV_ADMIN_SWITCH, T0 + 2, &force, &a);
	CU_ASSERT(a.mask & SRP_ACT_SEND_SWITCH_REQ);
	CU_ASSERT_EQUAL(a.force, 1);
	/* Nor is a local fault's hand-over (not a monitor failure). */
	drive_to(&f, SRP_ST_ACTIVE);
	standby_hello_mons(&f, T0 + 1, SRP_MONS_DIAMETER, &a);
	ev(&f, SRP_EV_HANDOVER, T0 + 2, &a);
	CU_ASSERT(a.mask & SRP_ACT_SEND_SWITCH_REQ);
	CU_ASSERT_EQUAL(a.switch_cause, SRP_SWCAUSE_LOCAL_FAULT);
	CU_ASSERT_EQUAL(f.stats.n_refusal[SRP_REF_PEER_MONITORS], 0);
}

static void
test_fsm_peer_monitors_healthy_or_unknown_asks(void)
{
	static const int reports[] = { 0, 0x80, -1 };
	struct srp_fsm_actions a;
	struct srp_fsm f;
	size_t i;

	/* Healthy (0), only bits this version does not know, or no TLV (an
	 * older peer): the request goes out; the standby decides. */
	for (i = 0; i < sizeof(reports) / sizeof(reports[0]); i++) {
		drive_to(&f, SRP_ST_ACTIVE);
		standby_hello_mons(&f, T0 + 1, reports[i], &a);
		CU_ASSERT_EQUAL(f.peer.monitors, 0);
		CU_ASSERT_EQUAL(f.peer.monitors_known, reports[i] >= 0);
		monitor(&f, SRP_EV_MONITOR_FAIL, SRP_MON_BGP, T0 + 2, &a);
		CU_ASSERT_EQUAL(f.state, SRP_ST_SWITCHING);
		CU_ASSERT(a.mask & SRP_ACT_SEND_SWITCH_REQ);
		CU_ASSERT_EQUAL(a.switch_cause, SRP_SWCAUSE_MONITOR_BGP);
		CU_ASSERT_EQUAL(f.stats.n_refusal[SRP_REF_PEER_MONITORS], 0);
	}
	/* A failed report is replaced by the next hello, and forgotten
	 * with the link. */
	drive_to(&f, SRP_ST_ACTIVE);
	standby_hello_mons(&f, T0 + 1, SRP_MONS_BGP, &a);
	standby_hello_mons(&f, T0 + 2, 0, &a);
	monitor(&f, SRP_EV_MONITOR_FAIL, SRP_MON_BGP, T0 + 3, &a);
	CU_ASSERT(a.mask & SRP_ACT_SEND_SWITCH_REQ);
	drive_to(&f, SRP_ST_ACTIVE);
	standby_hello_mons(&f, T0 + 1, SRP_MONS_BGP, &a);
	ev(&f, SRP_EV_CONN_DOWN, T0 + 2, &a);
	CU_ASSERT_FALSE(f.peer.monitors_known);
	CU_ASSERT_EQUAL(f.peer.monitors, 0);
}

/* Our hellos carry our verdicts, known bits only, always present. */
static void
test_fsm_hello_carries_monitors(void)
{
	uint8_t buf[1024];
	struct srp_msg m, d;
	struct srp_fsm f;
	size_t len;

	drive_to(&f, SRP_ST_STANDBY_READY);
	CU_ASSERT_EQUAL(srp_fsm_hello_fill(&f, &m, "t"), 0);
	CU_ASSERT(m.present & SRP_TLV_BIT(SRP_TLV_MONITORS));
	CU_ASSERT_EQUAL(m.hello.monitors, 0);
	srp_fsm_monitors_set(&f, SRP_MONS_BGP | SRP_MONS_DIAMETER | 0x40);
	CU_ASSERT_EQUAL(srp_fsm_hello_fill(&f, &m, "t"), 0);
	CU_ASSERT_EQUAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			SRP_CODEC_OK);
	CU_ASSERT_EQUAL_FATAL(srp_msg_decode(buf, len, &d), SRP_CODEC_OK);
	CU_ASSERT(d.present & SRP_TLV_BIT(SRP_TLV_MONITORS));
	CU_ASSERT_EQUAL(d.hello.monitors, SRP_MONS_BGP | SRP_MONS_DIAMETER);
	CU_ASSERT_EQUAL(srp_fsm_monitor_bit(SRP_MON_BGP), SRP_MONS_BGP);
	CU_ASSERT_EQUAL(srp_fsm_monitor_bit(SRP_MON_AUTH_PROBE), SRP_MONS_AAA);
	CU_ASSERT_EQUAL(srp_fsm_monitor_bit(SRP_MON_DIAMETER),
			SRP_MONS_DIAMETER);
}

/* ---- standby database recovery ---------------------------------------- */

/* A backup (mac_b) with @dbrec meeting an active primary: STANDBY_SYNCING
 * after the active's first hello. */
static void
dbrec_syncing(struct srp_fsm *f, uint8_t dbrec)
{
	struct srp_fsm_conf c;
	struct srp_fsm_actions a;
	struct srp_msg m;

	conf_make(&c, SRP_WMODE_BACKUP, 100, mac_b);
	c.db_recovery = dbrec;
	CU_ASSERT_FATAL(srp_fsm_init(f, &c, NULL, NULL) == 0);
	ev(f, SRP_EV_START, T0, &a);
	ev(f, SRP_EV_CONN_UP, T0, &a);
	hello_make(&m, SRP_WSTATE_ACTIVE, SRP_WMODE_PRIMARY, 100, mac_a, 10, 1);
	CU_ASSERT(srp_fsm_hello(f, T0, &m, &a) == 0);
	CU_ASSERT_EQUAL_FATAL(f->state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT_EQUAL(f->dbrec.n_active_hellos, 1);
}

/* @n hellos from the active primary, one per HELLO_MS after @t. */
static uint64_t
active_hellos(struct srp_fsm *f, uint64_t t, unsigned int n,
	      struct srp_fsm_actions *a)
{
	struct srp_msg m;
	unsigned int i;

	hello_make(&m, SRP_WSTATE_ACTIVE, SRP_WMODE_PRIMARY, 100, mac_a, 10, 1);
	for (i = 0; i < n; i++) {
		t += HELLO_MS;
		CU_ASSERT(srp_fsm_hello(f, t, &m, a) == 0);
	}
	return t;
}

static void
test_fsm_dbrec_normal_ckpt_before_seventh_hello(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;
	struct srp_msg m;
	uint32_t hellos;
	uint64_t t;
	bool ckpt;

	dbrec_syncing(&f, SRP_WDBREC_NORMAL);
	CU_ASSERT(srp_fsm_ready_pending(&f, &ckpt, &hellos));
	CU_ASSERT(ckpt);
	CU_ASSERT_EQUAL(hellos, SRP_DBREC_NORMAL_HELLOS - 1);
	/* Checkpoint complete after one hello: remembered, still syncing. */
	ev(&f, SRP_EV_CKPT_DONE, T0 + 10, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT(!(a.mask & SRP_ACT_SEND_HELLO));
	CU_ASSERT_EQUAL(f.stats.n_ckpt_early, 1);
	CU_ASSERT(srp_fsm_ready_pending(&f, &ckpt, &hellos));
	CU_ASSERT(!ckpt);
	CU_ASSERT_EQUAL(hellos, 6);
	/* Hellos 2..6: not yet. */
	t = active_hellos(&f, T0, 5, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT(srp_fsm_ready_pending(&f, &ckpt, &hellos));
	CU_ASSERT_EQUAL(hellos, 1);
	/* The 7th completes it and announces READY at once. */
	t = active_hellos(&f, t, 1, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT(a.mask & SRP_ACT_SEND_HELLO);
	CU_ASSERT_EQUAL(f.dbrec.ready_hellos, SRP_DBREC_NORMAL_HELLOS);
	CU_ASSERT_EQUAL(f.dbrec.ready_ms, t);
	CU_ASSERT_EQUAL(f.dbrec.ckpt_done_ms, T0 + 10);
	CU_ASSERT(!srp_fsm_ready_pending(&f, &ckpt, &hellos));
	CU_ASSERT(srp_fsm_hello_fill(&f, &m, "t") == 0);
	CU_ASSERT_EQUAL(m.hello.db_recovery, SRP_WDBREC_NORMAL);
	CU_ASSERT_EQUAL(m.hello.state, SRP_WSTATE_STANDBY_READY);
}

static void
test_fsm_dbrec_normal_ckpt_after_seventh_hello(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;
	uint32_t hellos;
	bool ckpt;

	dbrec_syncing(&f, SRP_WDBREC_NORMAL);
	active_hellos(&f, T0, 9, &a);
	/* Hellos alone never make a standby READY. */
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT(srp_fsm_ready_pending(&f, &ckpt, &hellos));
	CU_ASSERT(ckpt);
	CU_ASSERT_EQUAL(hellos, 0);
	ev(&f, SRP_EV_CKPT_DONE, T0 + 20000, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT(a.mask & SRP_ACT_SEND_HELLO);
	CU_ASSERT_EQUAL(f.dbrec.ready_hellos, 10);
	CU_ASSERT_EQUAL(f.stats.n_ckpt_early, 0);
}

static void
test_fsm_dbrec_aggressive_ready_on_ckpt(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;
	struct srp_msg m;
	uint32_t hellos;
	bool ckpt;

	dbrec_syncing(&f, SRP_WDBREC_AGGRESSIVE);
	CU_ASSERT(srp_fsm_ready_pending(&f, &ckpt, &hellos));
	CU_ASSERT(ckpt);
	CU_ASSERT_EQUAL(hellos, 0);
	ev(&f, SRP_EV_CKPT_DONE, T0 + 10, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT(a.mask & SRP_ACT_SEND_HELLO);
	CU_ASSERT_EQUAL(f.dbrec.ready_hellos, 1);
	CU_ASSERT_EQUAL(f.dbrec.ready_ms, T0 + 10);
	CU_ASSERT(srp_fsm_hello_fill(&f, &m, "t") == 0);
	CU_ASSERT_EQUAL(m.hello.db_recovery, SRP_WDBREC_AGGRESSIVE);
}

static void
test_fsm_dbrec_reconnect_resets_count(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;
	struct srp_msg m;
	uint32_t hellos;
	uint64_t t;
	bool ckpt;

	dbrec_syncing(&f, SRP_WDBREC_NORMAL);
	t = active_hellos(&f, T0, 5, &a);		/* 6 on this link */
	ev(&f, SRP_EV_CKPT_DONE, t, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	ev(&f, SRP_EV_CONN_DOWN, t + 1, &a);
	ev(&f, SRP_EV_CONN_UP, t + 2, &a);
	/* New connection: count from zero, and a new checkpoint is due. */
	CU_ASSERT_EQUAL(f.dbrec.n_active_hellos, 0);
	CU_ASSERT(srp_fsm_ready_pending(&f, &ckpt, &hellos));
	CU_ASSERT(ckpt);
	CU_ASSERT_EQUAL(hellos, SRP_DBREC_NORMAL_HELLOS);
	t = active_hellos(&f, t + 2, 1, &a);	/* 7 in total, 1 here */
	ev(&f, SRP_EV_CKPT_DONE, t, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	t = active_hellos(&f, t, 5, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	active_hellos(&f, t, 1, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT_EQUAL(f.dbrec.ready_hellos, SRP_DBREC_NORMAL_HELLOS);
	/* Hellos of a peer that is not active do not count. */
	dbrec_syncing(&f, SRP_WDBREC_NORMAL);
	ev(&f, SRP_EV_CKPT_DONE, T0 + 1, &a);
	hello_make(&m, SRP_WSTATE_SWITCHING, SRP_WMODE_PRIMARY, 100, mac_a, 10,
		   1);
	t = T0 + 1;
	for (int i = 0; i < 10; i++) {
		t += HELLO_MS;
		CU_ASSERT(srp_fsm_hello(&f, t, &m, &a) == 0);
	}
	CU_ASSERT_EQUAL(f.stats.n_hello_rx, 11);
	CU_ASSERT_EQUAL(f.dbrec.n_active_hellos, 1);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
}

/*
 * A checkpoint kept while waiting for hellos belongs to that syncing
 * episode: a node that promoted in between (dead peer) and is fenced back
 * to syncing on the same connection needs a new one.
 */
static void
test_fsm_dbrec_new_episode_needs_new_ckpt(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;
	struct srp_msg m;
	uint64_t t;

	dbrec_syncing(&f, SRP_WDBREC_NORMAL);
	ev(&f, SRP_EV_CKPT_DONE, T0 + 1, &a);
	srp_fsm_tick(&f, T0 + DEAD_MS, &a);		/* peer silent */
	ev(&f, SRP_EV_DP_DONE, T0 + DEAD_MS, &a);
	CU_ASSERT_EQUAL_FATAL(f.state, SRP_ST_ACTIVE);
	/* The old active promotes too, with a higher generation. */
	hello_make(&m, SRP_WSTATE_SWITCHING, SRP_WMODE_PRIMARY, 100, mac_a, 10,
		   f.generation + 1);
	CU_ASSERT(srp_fsm_hello(&f, T0 + DEAD_MS + 1, &m, &a) == 0);
	ev(&f, SRP_EV_DP_DONE, T0 + DEAD_MS + 1, &a);
	CU_ASSERT_EQUAL_FATAL(f.state, SRP_ST_STANDBY_SYNCING);
	t = active_hellos(&f, T0 + DEAD_MS + 1, 8, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	ev(&f, SRP_EV_CKPT_DONE, t, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
}

static void
test_fsm_dbrec_ckpt_lost_then_ready_again(void)
{
	struct srp_fsm_actions a;
	struct srp_fsm f;
	struct srp_msg m;
	uint32_t hellos;
	uint64_t t;
	bool ckpt;

	dbrec_syncing(&f, SRP_WDBREC_NORMAL);
	t = active_hellos(&f, T0, 6, &a);
	ev(&f, SRP_EV_CKPT_DONE, t, &a);
	CU_ASSERT_EQUAL_FATAL(f.state, SRP_ST_STANDBY_READY);
	/* A later full checkpoint failed: back to syncing, announced. */
	ev(&f, SRP_EV_CKPT_LOST, t + 5, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT(a.mask & SRP_ACT_SEND_HELLO);
	CU_ASSERT_EQUAL(f.stats.n_ckpt_lost, 1);
	CU_ASSERT(srp_fsm_hello_fill(&f, &m, "t") == 0);
	CU_ASSERT_EQUAL(m.hello.state, SRP_WSTATE_STANDBY_SYNCING);
	CU_ASSERT(srp_fsm_ready_pending(&f, &ckpt, &hellos));
	CU_ASSERT(ckpt);
	/* Enough hellos on this connection already: the next complete
	 * checkpoint makes it READY again. */
	CU_ASSERT_EQUAL(hellos, 0);
	t = active_hellos(&f, t + 5, 3, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	ev(&f, SRP_EV_CKPT_DONE, t + 1, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT_EQUAL(f.dbrec.ready_hellos, 10);
	CU_ASSERT_EQUAL(f.stats.n_enter[SRP_ST_STANDBY_READY], 2);
	/* While waiting for the hellos, a lost copy is forgotten. */
	dbrec_syncing(&f, SRP_WDBREC_NORMAL);
	ev(&f, SRP_EV_CKPT_DONE, T0 + 1, &a);
	ev(&f, SRP_EV_CKPT_LOST, T0 + 2, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT_EQUAL(f.stats.n_ckpt_lost, 1);
	t = active_hellos(&f, T0 + 2, 8, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	ev(&f, SRP_EV_CKPT_DONE, t, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
	/* Aggressive mode goes back to syncing the same way. */
	dbrec_syncing(&f, SRP_WDBREC_AGGRESSIVE);
	ev(&f, SRP_EV_CKPT_DONE, T0 + 1, &a);
	ev(&f, SRP_EV_CKPT_LOST, T0 + 2, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_SYNCING);
	ev(&f, SRP_EV_CKPT_DONE, T0 + 3, &a);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
}

/* The active refuses a plain switchover to a standby that went back to
 * syncing; force still reaches it. */
static void
test_fsm_dbrec_switch_refused_after_ckpt_lost(void)
{
	struct srp_fsm_input plain = { .force = false };
	struct srp_fsm_actions a;

	pair_up(&P, SRP_WMODE_PRIMARY, 100, SRP_WMODE_BACKUP, 100);
	pev(&P, 1, SRP_EV_CKPT_DONE, NULL);
	CU_ASSERT_EQUAL_FATAL(P.n[0].f.peer.state, SRP_ST_STANDBY_READY);
	pev(&P, 1, SRP_EV_CKPT_LOST, NULL);
	CU_ASSERT_EQUAL(P.n[1].f.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT_EQUAL(P.n[0].f.peer.state, SRP_ST_STANDBY_SYNCING);
	CU_ASSERT(srp_fsm_event(&P.n[0].f, SRP_EV_ADMIN_SWITCH, P.now, &plain,
				&a) == 0);
	CU_ASSERT_EQUAL(a.refusal, SRP_REF_PEER_NOT_READY);
	CU_ASSERT_EQUAL(P.n[0].f.state, SRP_ST_ACTIVE);
}

static void
test_fsm_dbrec_conf(void)
{
	uint8_t digest[SRP_DIGEST_LEN];
	struct srp_fsm_conf fc;
	struct srp_conf conf;
	struct srp_fsm f;

	memset(digest, 0x11, sizeof(digest));
	srp_conf_init(&conf);
	conf.mode = SRP_MODE_BACKUP;
	CU_ASSERT_EQUAL(srp_fsm_conf_from(&fc, &conf, mac_a, digest), 0);
	CU_ASSERT_EQUAL(fc.db_recovery, SRP_WDBREC_NORMAL);
	conf.db_recovery = SRP_DBREC_AGGRESSIVE;
	CU_ASSERT_EQUAL(srp_fsm_conf_from(&fc, &conf, mac_a, digest), 0);
	CU_ASSERT_EQUAL(fc.db_recovery, SRP_WDBREC_AGGRESSIVE);
	fc.db_recovery = SRP_WDBREC_MAX;
	CU_ASSERT_EQUAL(srp_fsm_init(&f, &fc, NULL, NULL), -EINVAL);
	CU_ASSERT_STRING_EQUAL(srp_fsm_dbrec_str(SRP_WDBREC_NORMAL), "normal");
	CU_ASSERT_STRING_EQUAL(srp_fsm_dbrec_str(SRP_WDBREC_AGGRESSIVE),
			       "aggressive");
	CU_ASSERT_STRING_EQUAL(srp_fsm_event_str(SRP_EV_CKPT_LOST),
			       "CKPT_LOST");
}

/*
 * A SWITCHOVER_REQUEST (or ACK) from a peer whose hello was not accepted
 * on the current connection is ignored and counted: a ready standby asked
 * by such a peer stays standby and answers nothing.
 */
static void
test_fsm_switch_req_unverified_ignored(void)
{
	struct srp_fsm f;
	struct srp_fsm_actions a;
	struct srp_fsm_input in;
	struct srp_msg m;
	uint64_t t = T0;

	drive_to(&f, SRP_ST_STANDBY_READY);
	CU_ASSERT_EQUAL_FATAL(f.state, SRP_ST_STANDBY_READY);
	/* The link is replaced: no hello on the new connection yet. */
	CU_ASSERT_EQUAL(ev(&f, SRP_EV_CONN_DOWN, t, &a), 0);
	CU_ASSERT_EQUAL(ev(&f, SRP_EV_CONN_UP, t, &a), 0);
	memset(&in, 0, sizeof(in));
	srp_msg_init(&m, SRP_MSG_SWITCHOVER_REQUEST);
	m.reason = SRP_SWCAUSE_ADMIN;
	m.generation = 100;
	in.msg = &m;
	CU_ASSERT_EQUAL(srp_fsm_event(&f, SRP_EV_SWITCH_REQ, t, &in, &a), 0);
	CU_ASSERT_EQUAL(f.state, SRP_ST_STANDBY_READY);
	CU_ASSERT_EQUAL(a.mask, 0);
	CU_ASSERT_EQUAL(f.stats.n_unverified, 1);
	/* Once the peer's hello is in, the same request is honoured. */
	peer_hello(&f, t, SRP_WSTATE_ACTIVE, 11, 1, &a);
	srp_msg_init(&m, SRP_MSG_SWITCHOVER_REQUEST);
	m.reason = SRP_SWCAUSE_ADMIN;
	m.generation = 100;
	CU_ASSERT_EQUAL(srp_fsm_event(&f, SRP_EV_SWITCH_REQ, t, &in, &a), 0);
	CU_ASSERT(a.mask & SRP_ACT_SEND_SWITCH_ACK);
	CU_ASSERT_EQUAL(f.stats.n_unverified, 1);
}

/* ---- capabilities (CAPS in hellos) ------------------------------------- */

/*
 * Only features both sides announced are shared: an older peer (no CAPS)
 * shares none, unknown bits are dropped, a lowered local set limits what
 * is shared, a lost connection forgets the peer's set; our hellos carry
 * the local set with the CAPS presence bit.
 */
static void
test_fsm_caps_shared(void)
{
	struct srp_fsm_actions a;
	struct srp_msg m;
	struct srp_fsm f;

	drive_to(&f, SRP_ST_ACTIVE);
	CU_ASSERT_EQUAL(f.caps, SRP_CAPS_KNOWN);
	CU_ASSERT_EQUAL(srp_fsm_hello_fill(&f, &m, "t"), 0);
	CU_ASSERT(m.present & SRP_TLV_BIT(SRP_TLV_CAPS));
	CU_ASSERT_EQUAL(m.hello.caps, SRP_CAPS_KNOWN);
	standby_hello_opt(&f, T0 + 1, SRP_TLV_CAPS, -1, &a);
	CU_ASSERT_EQUAL(srp_fsm_caps_shared(&f), 0);
	standby_hello_opt(&f, T0 + 2, SRP_TLV_CAPS,
			  0xffff0000u | SRP_CAP_AUDIT, &a);
	CU_ASSERT_EQUAL(f.peer.caps, SRP_CAP_AUDIT);
	CU_ASSERT_EQUAL(srp_fsm_caps_shared(&f), SRP_CAP_AUDIT);
	standby_hello_opt(&f, T0 + 3, SRP_TLV_CAPS,
			  SRP_CAPS_KNOWN, &a);
	CU_ASSERT_EQUAL(srp_fsm_caps_shared(&f), SRP_CAPS_KNOWN);
	srp_fsm_caps_set(&f, SRP_CAP_SESS_TIMERS);
	CU_ASSERT_EQUAL(srp_fsm_caps_shared(&f), SRP_CAP_SESS_TIMERS);
	CU_ASSERT_EQUAL(srp_fsm_hello_fill(&f, &m, "t"), 0);
	CU_ASSERT_EQUAL(m.hello.caps, SRP_CAP_SESS_TIMERS);
	CU_ASSERT(ev(&f, SRP_EV_CONN_DOWN, T0 + 4, &a) == 0);
	CU_ASSERT_EQUAL(f.peer.caps, 0);
	CU_ASSERT_EQUAL(srp_fsm_caps_shared(&f), 0);
}

static CU_TestInfo fsm_tests[] = {
	{ "test_fsm_switch_req_unverified_ignored",
	  test_fsm_switch_req_unverified_ignored },
	{ "test_fsm_every_cell", test_fsm_every_cell },
	{ "test_fsm_planned_switch_early_active",
	  test_fsm_planned_switch_early_active },
	{ "test_fsm_startup_primary_active", test_fsm_startup_primary_active },
	{ "test_fsm_startup_priority_then_chapter_mac",
	  test_fsm_startup_priority_then_chapter_mac },
	{ "test_fsm_tie_refused_stays_standby",
	  test_fsm_tie_refused_stays_standby },
	{ "test_fsm_no_mode_refuses_to_pair",
	  test_fsm_no_mode_refuses_to_pair },
	{ "test_fsm_dead_interval_no_delay", test_fsm_dead_interval_no_delay },
	{ "test_fsm_dead_interval_with_delay",
	  test_fsm_dead_interval_with_delay },
	{ "test_fsm_two_standbys_elect", test_fsm_two_standbys_elect },
	{ "test_fsm_returning_primary_stays_standby",
	  test_fsm_returning_primary_stays_standby },
	{ "test_fsm_split_brain_previous_active_keeps",
	  test_fsm_split_brain_previous_active_keeps },
	{ "test_fsm_split_brain_priority_then_mac",
	  test_fsm_split_brain_priority_then_mac },
	{ "test_fsm_planned_switch_never_two_active",
	  test_fsm_planned_switch_never_two_active },
	{ "test_fsm_planned_switch_standby_waits_for_fence",
	  test_fsm_planned_switch_standby_waits_for_fence },
	{ "test_fsm_admin_refusal_reasons", test_fsm_admin_refusal_reasons },
	{ "test_fsm_guard_suppress_without_damping",
	  test_fsm_guard_suppress_without_damping },
	{ "test_fsm_guard_defer_by_damping", test_fsm_guard_defer_by_damping },
	{ "test_fsm_guard_switchover_timers",
	  test_fsm_guard_switchover_timers },
	{ "test_fsm_aaa_switchover_non_reversible",
	  test_fsm_aaa_switchover_non_reversible },
	{ "test_fsm_route_modifier_threshold",
	  test_fsm_route_modifier_threshold },
	{ "test_fsm_generation_demotes_active",
	  test_fsm_generation_demotes_active },
	{ "test_fsm_config_mismatch_flagged", test_fsm_config_mismatch_flagged },
	{ "test_fsm_config_mismatch_blocks_switchover",
	  test_fsm_config_mismatch_blocks_switchover },
	{ "test_fsm_conf_update", test_fsm_conf_update },
	{ "test_fsm_fault_fences_and_peer_takes_over",
	  test_fsm_fault_fences_and_peer_takes_over },
	{ "test_fsm_transitions_logged_and_counted",
	  test_fsm_transitions_logged_and_counted },
	{ "test_fsm_bad_input_rejected", test_fsm_bad_input_rejected },
	{ "test_fsm_conf_from_and_hello_roundtrip",
	  test_fsm_conf_from_and_hello_roundtrip },
	{ "test_fsm_dbrec_normal_ckpt_before_seventh_hello",
	  test_fsm_dbrec_normal_ckpt_before_seventh_hello },
	{ "test_fsm_dbrec_normal_ckpt_after_seventh_hello",
	  test_fsm_dbrec_normal_ckpt_after_seventh_hello },
	{ "test_fsm_dbrec_aggressive_ready_on_ckpt",
	  test_fsm_dbrec_aggressive_ready_on_ckpt },
	{ "test_fsm_dbrec_reconnect_resets_count",
	  test_fsm_dbrec_reconnect_resets_count },
	{ "test_fsm_dbrec_new_episode_needs_new_ckpt",
	  test_fsm_dbrec_new_episode_needs_new_ckpt },
	{ "test_fsm_dbrec_ckpt_lost_then_ready_again",
	  test_fsm_dbrec_ckpt_lost_then_ready_again },
	{ "test_fsm_dbrec_switch_refused_after_ckpt_lost",
	  test_fsm_dbrec_switch_refused_after_ckpt_lost },
	{ "test_fsm_dbrec_conf", test_fsm_dbrec_conf },
	{ "test_fsm_peer_monitors_refuse_locally",
	  test_fsm_peer_monitors_refuse_locally },
	{ "test_fsm_caps_shared", test_fsm_caps_shared },
	{ "test_fsm_peer_monitors_healthy_or_unknown_asks",
	  test_fsm_peer_monitors_healthy_or_unknown_asks },
	{ "test_fsm_hello_carries_monitors", test_fsm_hello_carries_monitors },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "srp_fsm", NULL, NULL, NULL, NULL, fsm_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	return ut_run(suites);
}
