/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the SRP link (srp_conn): two instances in one process over
 * real loopback TCP (127.0.0.1 and ::1), driven by a small poll() loop, plus
 * raw sockets playing a broken or foreign peer. Runs without EAL.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "srp_conn.h"
#include "srp_conn_int.h"
#include "support/ut_run.h"

/* Every wait is a count of poll rounds, each at most 10 ms and cut short
 * by any event or timer of the links: never a fixed time window. */
#define DRIVE_ROUNDS	4000	/* bound of every wait for a condition */
#define SETTLE_ROUNDS	30	/* rounds run to see that a state holds */
#define MAX_FDS		16
#define MAX_RX		1024

/* One srp_conn with the glue a test needs: fd table and records. */
struct side {
	struct srp_conn	c;
	const char	*name;
	struct {
		int		fd;
		uint32_t	events;
		uint32_t	serial;
	} w[MAX_FDS];
	uint32_t	serial;
	unsigned int	n_up;
	unsigned int	n_down[SRP_CONN_DOWN_MAX];
	unsigned int	n_rx;
	struct {
		uint8_t		type;
		uint16_t	flags;
		uint32_t	seq;
		uint32_t	ack;
		uint32_t	epoch;
	} rx[MAX_RX];
	bool		hello_on_up;	/* up() sends a HELLO */
	bool		end_on_up;	/* ... then a CKPT_END (control) */
	bool		stop_in_msg;	/* msg() stops the link */
	bool		reply;		/* msg() answers CKPT_END with READY */
};

static uint16_t port_base;

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
cb_watch(void *arg, int fd, uint32_t events)
{
	struct side *s = arg;
	int i, free_i = -1;

	for (i = 0; i < MAX_FDS; i++) {
		if (s->w[i].fd == fd && s->w[i].events != 0) {
			if (events == 0) {
				s->w[i].events = 0;
				s->w[i].fd = -1;
			} else {
				s->w[i].events = events;
			}
			return 0;
		}
		if (s->w[i].events == 0 && free_i < 0)
			free_i = i;
	}
	if (events == 0)
		return 0;
	if (free_i < 0)
		return -ENOSPC;
	s->w[free_i].fd = fd;
	s->w[free_i].events = events;
	s->w[free_i].serial = ++s->serial;
	return 0;
}

static void
hello_fill(struct srp_msg *m)
{
	srp_msg_init(m, SRP_MSG_HELLO);
	m->generation = 1;
	m->hello.mode = SRP_WMODE_PRIMARY;
	m->hello.priority = 10;
	m->hello.state = SRP_WSTATE_NEGOTIATING;
	m->hello.hello_ms = 1000;
	m->hello.dead_ms = 3000;
	snprintf(m->hello.sw_version, sizeof(m->hello.sw_version), "test");
}

static int
send_hello(struct side *s)
{
	struct srp_msg m;

	hello_fill(&m);
	return srp_conn_send(&s->c, &m, SRP_CONN_CLASS_CONTROL);
}

static int
send_end(struct side *s, uint32_t epoch, enum srp_conn_class cls)
{
	struct srp_msg m;

	srp_msg_init(&m, SRP_MSG_CKPT_END);
	m.epoch = epoch;
	return srp_conn_send(&s->c, &m, cls);
}

static void
cb_up(void *arg)
{
	struct side *s = arg;

	s->n_up++;
	if (s->hello_on_up)
		CU_ASSERT_EQUAL(send_hello(s), 0);
	if (s->end_on_up)
		CU_ASSERT_EQUAL(send_end(s, 99, SRP_CONN_CLASS_CONTROL), 0);
}

static void
cb_down(void *arg, enum srp_conn_down why)
{
	struct side *s = arg;

	s->n_down[why]++;
}

static void
cb_msg(void *arg, const struct srp_msg *m)
{
	struct side *s = arg;
	struct srp_msg r;

	if (s->n_rx < MAX_RX) {
		s->rx[s->n_rx].type = m->type;
		s->rx[s->n_rx].flags = m->flags;
		s->rx[s->n_rx].seq = m->seq;
		s->rx[s->n_rx].ack = m->ack;
		s->rx[s->n_rx].epoch = m->epoch;
	}
	s->n_rx++;
	if (s->stop_in_msg) {
		srp_conn_stop(&s->c);
		/* Nothing can be sent on a stopped link. */
		CU_ASSERT_EQUAL(send_hello(s), -ENOTCONN);
		return;
	}
	if (s->reply && m->type == SRP_MSG_CKPT_END) {
		srp_msg_init(&r, SRP_MSG_READY);
		r.epoch = m->epoch;
		r.present = SRP_TLV_BIT(SRP_TLV_EPOCH);
		CU_ASSERT_EQUAL(srp_conn_send(&s->c, &r,
					      SRP_CONN_CLASS_CONTROL), 0);
	}
}

static void
cb_log(void *arg, int level, const char *text)
{
	struct side *s = arg;

	if (getenv("SRP_CONN_TEST_LOG") != NULL)
		fprintf(stderr, "\n  [%s %d] %s", s->name, level, text);
}

static const struct srp_conn_ops ops = {
	.watch = cb_watch,
	.up = cb_up,
	.down = cb_down,
	.msg = cb_msg,
	.log = cb_log,
};

static void
addr_set(struct srp_addr *a, int family, const char *text)
{
	memset(a, 0, sizeof(*a));
	a->family = (sa_family_t)family;
	CU_ASSERT_EQUAL_FATAL(inet_pton(family, text, family == AF_INET ?
					(void *)&a->v4 : (void *)&a->v6), 1);
}

static void
conf_make(struct srp_conn_conf *cf, int family, uint16_t me, uint16_t peer)
{
	const char *lo = family == AF_INET ? "127.0.0.1" : "::1";

	memset(cf, 0, sizeof(*cf));
	addr_set(&cf->bind_addr, family, lo);
	addr_set(&cf->peer_addr, family, lo);
	cf->bind_port = me;
	cf->peer_port = peer;
	cf->backoff_min_ms = 20;
	cf->backoff_max_ms = 200;
	cf->connect_timeout_ms = 2000;
}

static void
side_init(struct side *s, const char *name, const struct srp_conn_conf *cf)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->name = name;
	for (i = 0; i < MAX_FDS; i++)
		s->w[i].fd = -1;
	s->hello_on_up = true;
	CU_ASSERT_EQUAL_FATAL(srp_conn_init(&s->c, cf, &ops, s), 0);
}

static void
side_fini(struct side *s)
{
	int i;

	srp_conn_stop(&s->c);
	srp_conn_fini(&s->c);
	/* Every descriptor was un-watched before it was closed. */
	for (i = 0; i < MAX_FDS; i++)
		CU_ASSERT_EQUAL(s->w[i].events, 0);
}

/* One round of poll() over every side's descriptors, then timers. */
static void
drive_once(struct side **sides, int n, int max_wait_ms)
{
	struct pollfd pfd[2 * MAX_FDS];
	struct {
		struct side	*s;
		int		slot;
		uint32_t	serial;
	} own[2 * MAX_FDS];
	uint64_t t = now_ms(), dl, next = UINT64_MAX;
	int i, k, np = 0, wait;
	uint32_t ev;

	for (i = 0; i < n; i++) {
		dl = srp_conn_next_deadline(&sides[i]->c);
		if (dl < next)
			next = dl;
		for (k = 0; k < MAX_FDS; k++) {
			if (sides[i]->w[k].events == 0)
				continue;
			pfd[np].fd = sides[i]->w[k].fd;
			pfd[np].events = (short)(
				(sides[i]->w[k].events & EPOLLIN ? POLLIN : 0) |
				(sides[i]->w[k].events & EPOLLOUT ? POLLOUT : 0));
			pfd[np].revents = 0;
			own[np].s = sides[i];
			own[np].slot = k;
			own[np].serial = sides[i]->w[k].serial;
			np++;
		}
	}
	wait = max_wait_ms;
	if (next <= t)
		wait = 0;
	else if (next - t < (uint64_t)wait)
		wait = (int)(next - t);
	poll(pfd, (nfds_t)np, wait);
	for (i = 0; i < np; i++) {
		if (pfd[i].revents == 0)
			continue;
		/* Skip events of a descriptor closed during this round. */
		if (own[i].s->w[own[i].slot].serial != own[i].serial ||
		    own[i].s->w[own[i].slot].events == 0)
			continue;
		ev = (pfd[i].revents & POLLIN ? EPOLLIN : 0) |
		     (pfd[i].revents & POLLOUT ? EPOLLOUT : 0) |
		     (pfd[i].revents & POLLHUP ? EPOLLHUP : 0) |
		     (pfd[i].revents & POLLERR ? EPOLLERR : 0);
		srp_conn_on_fd(&own[i].s->c, pfd[i].fd, ev, now_ms());
	}
	for (i = 0; i < n; i++)
		srp_conn_tick(&sides[i]->c, now_ms());
}

typedef bool (*cond_fn)(void *arg);

/* Drive until @cond holds, at most DRIVE_ROUNDS rounds.
 * @return whether it held */
static bool
drive_until(struct side **sides, int n, cond_fn cond, void *arg)
{
	unsigned int i;

	for (i = 0; i < DRIVE_ROUNDS; i++) {
		if (cond(arg))
			return true;
		drive_once(sides, n, 10);
	}
	return cond(arg);
}

/* Drive @rounds rounds whatever happens (lets stray events in flight be
 * handled before a state is checked again). */
static void
drive_rounds(struct side **sides, int n, unsigned int rounds)
{
	unsigned int i;

	for (i = 0; i < rounds; i++)
		drive_once(sides, n, 5);
}

struct pair {
	struct side	*a;
	struct side	*b;
};

static bool
same_socket(int fa, int fb)
{
	struct sockaddr_storage la, pb, lb, pa;
	socklen_t l1 = sizeof(la), l2 = sizeof(pb), l3 = sizeof(lb),
		  l4 = sizeof(pa);

	if (fa < 0 || fb < 0)
		return false;
	if (getsockname(fa, (struct sockaddr *)&la, &l1) < 0 ||
	    getpeername(fb, (struct sockaddr *)&pb, &l2) < 0 ||
	    getsockname(fb, (struct sockaddr *)&lb, &l3) < 0 ||
	    getpeername(fa, (struct sockaddr *)&pa, &l4) < 0)
		return false;
	return l1 == l2 && memcmp(&la, &pb, l1) == 0 && l3 == l4 &&
	       memcmp(&lb, &pa, l3) == 0;
}

static bool
cond_linked(void *arg)
{
	struct pair *p = arg;

	return srp_conn_is_up(&p->a->c) && srp_conn_is_up(&p->b->c) &&
	       same_socket(p->a->c.fd, p->b->c.fd) && p->a->n_rx > 0 &&
	       p->b->n_rx > 0;
}

/* About 70 ports per run: main() gives each process 80. */
static uint16_t
next_port(void)
{
	return port_base++;
}

static bool
side_settled(const struct side *s)
{
	unsigned int i;

	for (i = 0; i < SRP_CONN_LINGER_MAX; i++)
		if (s->c.linger[i].fd >= 0)
			return false;
	return s->c.out_fd < 0;
}

/* Linked, and nothing else open on either side. */
static bool
cond_settled(void *arg)
{
	struct pair *p = arg;

	return cond_linked(p) && side_settled(p->a) && side_settled(p->b);
}

/* Both sides started at once; optionally both connecting at once. */
static void
run_both_at_once(int family, bool force_collision)
{
	struct srp_conn_conf ca, cb;
	struct side a, b;
	struct side *all[2] = { &a, &b };
	struct pair p = { &a, &b };
	uint16_t pa = next_port(), pb = next_port();
	int fa, fb;

	conf_make(&ca, family, pa, pb);
	conf_make(&cb, family, pb, pa);
	side_init(&a, "a", &ca);
	side_init(&b, "b", &cb);
	/* Lower port, same address: a's outbound is the preferred one. */
	CU_ASSERT_TRUE(a.c.local_wins_tie);
	CU_ASSERT_FALSE(b.c.local_wins_tie);
	/* b listens first so that a's immediate connect finds it. */
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&b.c, now_ms()), 0);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&a.c, now_ms()), 0);
	CU_ASSERT_EQUAL(srp_conn_start(&b.c, now_ms()), -EALREADY);
	if (force_collision) {
		/* b connects now too, instead of yielding. */
		b.c.retry_ms = now_ms();
		srp_conn_tick(&b.c, now_ms());
	}
	CU_ASSERT_TRUE_FATAL(drive_until(all, 2, cond_linked, &p));
	/* No connection attempt or refused connection left in flight. */
	CU_ASSERT_TRUE(drive_until(all, 2, cond_settled, &p));
	drive_rounds(all, 2, SETTLE_ROUNDS);
	/* Still one link each side, and the same TCP connection. */
	CU_ASSERT_TRUE(cond_linked(&p));
	fa = a.c.fd;
	fb = b.c.fd;
	CU_ASSERT_TRUE(same_socket(fa, fb));
	/* The survivor is the one a initiated. */
	CU_ASSERT_TRUE(a.c.fd_outbound);
	CU_ASSERT_FALSE(b.c.fd_outbound);
	/* Every up that was reported down again was a replacement. */
	CU_ASSERT_EQUAL(a.n_up - a.n_down[SRP_CONN_DOWN_REPLACED], 1);
	CU_ASSERT_EQUAL(b.n_up - b.n_down[SRP_CONN_DOWN_REPLACED], 1);
	CU_ASSERT_EQUAL(a.c.stats.n_down[SRP_CONN_DOWN_REPLACED],
			a.n_down[SRP_CONN_DOWN_REPLACED]);
	if (force_collision) {
		CU_ASSERT(a.c.stats.n_duplicate + b.c.stats.n_duplicate >= 1);
	} else {
		CU_ASSERT_EQUAL(a.c.stats.n_duplicate +
				b.c.stats.n_duplicate, 0);
	}
	CU_ASSERT_EQUAL(a.rx[0].type, SRP_MSG_HELLO);
	CU_ASSERT_EQUAL(b.rx[0].type, SRP_MSG_HELLO);
	side_fini(&a);
	side_fini(&b);
}

static void
test_srp_conn_both_at_once_v4(void)
{
	run_both_at_once(AF_INET, false);
}

static void
test_srp_conn_both_at_once_v6(void)
{
	run_both_at_once(AF_INET6, false);
}

static void
test_srp_conn_collision(void)
{
	int i;

	/* Timing decides which connection completes first: try a few. */
	for (i = 0; i < 5; i++)
		run_both_at_once(AF_INET, true);
}

static bool cond_a_down(void *arg);

static bool
cond_up_b(void *arg)
{
	struct pair *p = arg;

	return cond_linked(p);
}

/* a has failed until its back-off reached the cap. */
static bool
cond_backoff_capped(void *arg)
{
	struct side *a = arg;

	return a->c.backoff_ms == a->c.conf.backoff_max_ms &&
	       a->c.out_fd < 0 && a->c.stats.n_connect_fail >= 2;
}

/* b starts late: a backs off meanwhile, then they link. */
static void
test_srp_conn_late_start(void)
{
	struct srp_conn_conf ca, cb;
	struct side a, b;
	struct side *all[2] = { &a, &b };
	struct pair p = { &a, &b };
	uint16_t pa = next_port(), pb = next_port();

	/* b has the lower port this time: a yields. */
	conf_make(&ca, AF_INET, pb, pa);
	conf_make(&cb, AF_INET, pa, pb);
	side_init(&a, "a", &ca);
	side_init(&b, "b", &cb);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&a.c, now_ms()), 0);
	CU_ASSERT_TRUE(drive_until(all, 1, cond_backoff_capped, &a));
	CU_ASSERT_FALSE(srp_conn_is_up(&a.c));
	CU_ASSERT(a.c.stats.n_connect >= 1);
	CU_ASSERT_EQUAL(a.c.stats.n_connect, a.c.stats.n_connect_fail +
			(a.c.out_fd >= 0 ? 1 : 0));
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&b.c, now_ms()), 0);
	CU_ASSERT_TRUE_FATAL(drive_until(all, 2, cond_up_b, &p));
	CU_ASSERT_EQUAL(a.n_up, 1);
	CU_ASSERT_EQUAL(b.n_up, 1);
	/* a's back-off had grown to the cap; the working link resets it. */
	srp_conn_stop(&b.c);
	CU_ASSERT_TRUE_FATAL(drive_until(all, 1, cond_a_down, &a));
	CU_ASSERT_EQUAL(a.c.backoff_ms, 2 * ca.backoff_min_ms);
	side_fini(&a);
	side_fini(&b);
}

static bool
cond_a_down(void *arg)
{
	struct side *a = arg;

	return !srp_conn_is_up(&a->c) && a->n_down[SRP_CONN_DOWN_REFUSED] > 0;
}

static bool
cond_connect_failed(void *arg)
{
	struct side *a = arg;

	return a->c.stats.n_connect_fail >= 1;
}

/* The peer stops: down(REFUSED by shutdown), then it comes back. */
static void
test_srp_conn_peer_stop_reconnect(void)
{
	struct srp_conn_conf ca, cb;
	struct side a, b;
	struct side *all[2] = { &a, &b };
	struct pair p = { &a, &b };
	uint16_t pa = next_port(), pb = next_port();

	conf_make(&ca, AF_INET, pa, pb);
	conf_make(&cb, AF_INET, pb, pa);
	side_init(&a, "a", &ca);
	side_init(&b, "b", &cb);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&a.c, now_ms()), 0);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&b.c, now_ms()), 0);
	CU_ASSERT_TRUE_FATAL(drive_until(all, 2, cond_linked, &p));
	srp_conn_stop(&b.c);
	CU_ASSERT_EQUAL(b.n_down[SRP_CONN_DOWN_LOCAL], 1);
	CU_ASSERT_EQUAL(b.c.state, SRP_CONN_ST_IDLE);
	CU_ASSERT_EQUAL(b.c.stats.n_refuse_tx[SRP_REFUSE_SHUTDOWN], 1);
	CU_ASSERT_TRUE_FATAL(drive_until(all, 1, cond_a_down, &a));
	CU_ASSERT_EQUAL(a.c.stats.n_refuse_rx[SRP_REFUSE_SHUTDOWN], 1);
	CU_ASSERT_EQUAL(a.c.state, SRP_CONN_ST_BACKOFF);
	/* The link had worked: back-off starts again from the minimum. */
	CU_ASSERT_EQUAL(a.c.backoff_ms, 2 * ca.backoff_min_ms);
	CU_ASSERT_TRUE(drive_until(all, 1, cond_connect_failed, &a));
	CU_ASSERT(a.c.stats.n_connect_fail >= 1);
	a.n_rx = 0;
	b.n_rx = 0;
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&b.c, now_ms()), 0);
	CU_ASSERT_TRUE_FATAL(drive_until(all, 2, cond_linked, &p));
	CU_ASSERT_EQUAL(a.n_up, 2);
	CU_ASSERT_EQUAL(b.n_up, 2);
	side_fini(&a);
	side_fini(&b);
}

struct count_cond {
	struct side	*s;
	unsigned int	n;
};

static bool
cond_rx(void *arg)
{
	struct count_cond *cc = arg;

	return cc->s->n_rx >= cc->n;
}

/* Start a linked pair (a wins the tie); keys optional. */
static void
pair_up(struct side *a, struct side *b, const char *ka, const char *kb)
{
	struct side *all[2] = { a, b };
	struct pair p = { a, b };
	struct srp_conn_conf ca, cb;
	uint16_t pa = next_port(), pb = next_port();

	conf_make(&ca, AF_INET, pa, pb);
	conf_make(&cb, AF_INET, pb, pa);
	if (ka != NULL) {
		ca.key = (const uint8_t *)ka;
		ca.key_len = strlen(ka);
	}
	if (kb != NULL) {
		cb.key = (const uint8_t *)kb;
		cb.key_len = strlen(kb);
	}
	side_init(a, "a", &ca);
	side_init(b, "b", &cb);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&b->c, now_ms()), 0);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&a->c, now_ms()), 0);
	CU_ASSERT_TRUE_FATAL(drive_until(all, 2, cond_linked, &p));
}

/* Messages both ways, in order, seq 1.. and ack = last seq received. */
static void
run_messages(const char *key)
{
	struct side a, b;
	struct side *all[2] = { &a, &b };
	struct count_cond cc;
	unsigned int i, n = 100;
	/* With a key each direction's seq 1 is the NONCE, never delivered. */
	uint32_t first = key != NULL ? 2 : 1;

	pair_up(&a, &b, key, key);
	b.reply = true;
	for (i = 1; i <= n; i++)
		CU_ASSERT_EQUAL(send_end(&a, i, i % 2 ? SRP_CONN_CLASS_SESSION :
					 SRP_CONN_CLASS_CONTROL), 0);
	cc.s = &b;
	cc.n = n + 1;
	CU_ASSERT_TRUE_FATAL(drive_until(all, 2, cond_rx, &cc));
	cc.s = &a;
	CU_ASSERT_TRUE_FATAL(drive_until(all, 2, cond_rx, &cc));
	for (i = 0; i <= n; i++) {
		/* Each direction numbers its messages 1, 2, 3, ... */
		CU_ASSERT_EQUAL(b.rx[i].seq, i + first);
		CU_ASSERT_EQUAL(a.rx[i].seq, i + first);
		if (key != NULL) {
			/* Everything delivered, the HELLO included, covers
			 * the receiver's nonce. */
			CU_ASSERT_EQUAL(b.rx[i].flags, SRP_F_AUTH |
					SRP_F_BOUND);
		} else {
			CU_ASSERT_EQUAL(b.rx[i].flags, 0);
		}
	}
	CU_ASSERT_EQUAL(a.rx[0].type, SRP_MSG_HELLO);
	CU_ASSERT_EQUAL(b.rx[0].type, SRP_MSG_HELLO);
	for (i = 1; i <= n; i++) {
		CU_ASSERT_EQUAL(b.rx[i].type, SRP_MSG_CKPT_END);
		CU_ASSERT_EQUAL(b.rx[i].epoch, i);
		CU_ASSERT_EQUAL(a.rx[i].type, SRP_MSG_READY);
		CU_ASSERT_EQUAL(a.rx[i].epoch, i);
		/* b answered each message after receiving it. */
		CU_ASSERT(a.rx[i].ack >= i + 1);
		CU_ASSERT(a.rx[i].ack >= a.rx[i - 1].ack);
	}
	CU_ASSERT_EQUAL(a.c.stats.n_msg_tx[SRP_MSG_CKPT_END], n);
	CU_ASSERT_EQUAL(a.c.stats.n_msg_tx[SRP_MSG_NONCE], key != NULL);
	CU_ASSERT_EQUAL(b.c.stats.n_msg_rx[SRP_MSG_NONCE], key != NULL);
	CU_ASSERT_EQUAL(b.c.stats.n_msg_rx[SRP_MSG_CKPT_END], n);
	CU_ASSERT_EQUAL(a.c.stats.n_msg_rx[SRP_MSG_READY], n);
	CU_ASSERT_EQUAL(srp_conn_queued(&a.c, SRP_CONN_CLASS_SESSION), 0);
	CU_ASSERT_EQUAL(srp_conn_queued(&a.c, SRP_CONN_CLASS_CONTROL), 0);
	side_fini(&a);
	side_fini(&b);
}

static void
test_srp_conn_messages_in_order(void)
{
	run_messages(NULL);
}

static void
test_srp_conn_auth_same_key(void)
{
	run_messages("correct horse battery staple");
}

struct refuse_cond {
	struct side	*rx_side;	/* counts the auth failure */
	struct side	*tx_side;	/* receives the REFUSE */
	enum srp_auth_err err;
};

static bool
cond_auth_refused(void *arg)
{
	struct refuse_cond *rc = arg;

	return rc->rx_side->c.stats.n_auth_fail[rc->err] > 0 &&
	       rc->tx_side->n_down[SRP_CONN_DOWN_REFUSED] +
	       rc->tx_side->n_down[SRP_CONN_DOWN_PROTOCOL] > 0;
}

/*
 * Only @a greets on up, and wants a CKPT_END out right after its HELLO:
 * b fails to verify what a sends first (its NONCE, or an unsigned HELLO)
 * and refuses; a's link goes down, by b's refusal or by its own (with
 * keys on both sides each finds the other's NONCE wrong). Before that
 * nothing but the handshake left either side.
 */
static void
run_auth_refused(const char *ka, const char *kb, enum srp_auth_err err)
{
	struct srp_conn_conf ca, cb;
	struct side a, b;
	struct side *all[2] = { &a, &b };
	struct refuse_cond rc = { &b, &a, err };
	uint16_t pa = next_port(), pb = next_port();

	conf_make(&ca, AF_INET, pa, pb);
	conf_make(&cb, AF_INET, pb, pa);
	if (ka != NULL) {
		ca.key = (const uint8_t *)ka;
		ca.key_len = strlen(ka);
	}
	if (kb != NULL) {
		cb.key = (const uint8_t *)kb;
		cb.key_len = strlen(kb);
	}
	side_init(&a, "a", &ca);
	side_init(&b, "b", &cb);
	b.hello_on_up = false;
	a.end_on_up = true;
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&a.c, now_ms()), 0);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&b.c, now_ms()), 0);
	CU_ASSERT_TRUE(drive_until(all, 2, cond_auth_refused, &rc));
	CU_ASSERT(b.c.stats.n_refuse_tx[SRP_REFUSE_AUTH] >= 1);
	CU_ASSERT(b.n_down[SRP_CONN_DOWN_PROTOCOL] >= 1);
	CU_ASSERT(a.n_down[SRP_CONN_DOWN_REFUSED] +
		  a.n_down[SRP_CONN_DOWN_PROTOCOL] >= 1);
	/* Only the handshake left a unverified peer (NONCE, HELLO). */
	CU_ASSERT_EQUAL(a.c.stats.n_msg_tx[SRP_MSG_CKPT_END], 0);
	CU_ASSERT_EQUAL(b.c.stats.n_msg_rx[SRP_MSG_CKPT_END], 0);
	if (ka != NULL) {
		/* The HELLO waits for a verified NONCE: never sent. */
		CU_ASSERT_EQUAL(a.c.stats.n_msg_tx[SRP_MSG_HELLO], 0);
	}
	/* Nothing reached the glue on either side. */
	CU_ASSERT_EQUAL(a.n_rx, 0);
	CU_ASSERT_EQUAL(b.n_rx, 0);
	/* TCP connected, but no link was ever verified by a hello. */
	CU_ASSERT_EQUAL(a.c.stats.n_verified, 0);
	CU_ASSERT_EQUAL(b.c.stats.n_verified, 0);
	side_fini(&a);
	side_fini(&b);
}

static void
test_srp_conn_auth_wrong_key(void)
{
	run_auth_refused("the first key", "the other key", SRP_AUTH_E_MAC);
}

static void
test_srp_conn_auth_one_side(void)
{
	/* Signed HELLO to a side without a key. */
	run_auth_refused("only a has a key", NULL, SRP_AUTH_E_FORMAT);
	/* Unsigned HELLO to a side with a key. */
	run_auth_refused(NULL, "only b has a key", SRP_AUTH_E_MISSING);
}

/* A raw client on the peer's address speaking @bytes. */
static int
raw_connect(int family, const char *src, uint16_t port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t sl;
	int fd;

	fd = socket(family, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		s4->sin_family = AF_INET;
		inet_pton(AF_INET, src, &s4->sin_addr);
		sl = sizeof(*s4);
	} else {
		s6->sin6_family = AF_INET6;
		inet_pton(AF_INET6, src, &s6->sin6_addr);
		sl = sizeof(*s6);
	}
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0)
		goto fail;
	if (family == AF_INET) {
		inet_pton(AF_INET, "127.0.0.1", &s4->sin_addr);
		s4->sin_port = htons(port);
	} else {
		inet_pton(AF_INET6, "::1", &s6->sin6_addr);
		s6->sin6_port = htons(port);
	}
	if (connect(fd, (struct sockaddr *)&ss, sl) < 0)
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

struct raw_state {
	int		fd;
	uint8_t		buf[8192];
	size_t		len;
	bool		eof;
	struct srp_msg	refuse;
	bool		got_refuse;
};

/* Read what the raw client got; look for a REFUSE among the messages. */
static bool
cond_raw(void *arg)
{
	struct raw_state *r = arg;
	uint32_t mlen;
	size_t off = 0;
	ssize_t n;

	n = recv(r->fd, r->buf + r->len, sizeof(r->buf) - r->len,
		 MSG_DONTWAIT);
	if (n == 0)
		r->eof = true;
	if (n > 0)
		r->len += (size_t)n;
	while (r->len - off >= SRP_HDR_LEN) {
		mlen = (uint32_t)r->buf[off + 4] << 24 |
		       (uint32_t)r->buf[off + 5] << 16 |
		       (uint32_t)r->buf[off + 6] << 8 | r->buf[off + 7];
		if (mlen < SRP_HDR_LEN || r->len - off < mlen)
			break;
		if (r->buf[off + 1] == SRP_MSG_REFUSE &&
		    srp_msg_decode(r->buf + off, mlen, &r->refuse) ==
		    SRP_CODEC_OK)
			r->got_refuse = true;
		off += mlen;
	}
	return r->got_refuse && r->eof;
}

/*
 * Send @bytes from a raw peer; expect REFUSE(@reason) and a close after
 * @n_ok messages were delivered.
 */
static void
run_raw(const uint8_t *bytes, size_t len, uint16_t reason,
	enum srp_codec_err err, uint32_t max_msg_len, unsigned int n_ok)
{
	struct srp_conn_conf ca;
	struct side a;
	struct side *all[1] = { &a };
	struct raw_state *r;
	uint16_t pa = next_port(), pb = next_port();

	r = calloc(1, sizeof(*r));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	conf_make(&ca, AF_INET, pa, pb);
	ca.max_msg_len = max_msg_len;
	side_init(&a, "a", &ca);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&a.c, now_ms()), 0);
	r->fd = raw_connect(AF_INET, "127.0.0.1", pa);
	CU_ASSERT_FATAL(r->fd >= 0);
	CU_ASSERT_EQUAL(send(r->fd, bytes, len, 0), (ssize_t)len);
	CU_ASSERT_TRUE(drive_until(all, 1, cond_raw, r));
	CU_ASSERT_TRUE(r->got_refuse);
	CU_ASSERT_EQUAL(r->refuse.reason, reason);
	if (reason == SRP_REFUSE_VERSION) {
		CU_ASSERT(r->refuse.present &
			  SRP_TLV_BIT(SRP_TLV_VERSION_RANGE));
		CU_ASSERT_EQUAL(r->refuse.ver_lo, SRP_PROTO_VERSION);
		CU_ASSERT_EQUAL(r->refuse.ver_hi, SRP_PROTO_VERSION);
	}
	CU_ASSERT_EQUAL(a.c.stats.n_refuse_tx[reason], 1);
	if (err != SRP_CODEC_OK) {
		CU_ASSERT_EQUAL(a.c.stats.n_decode_err[err], 1);
	}
	if (reason == SRP_REFUSE_AUTH) {
		CU_ASSERT_EQUAL(a.c.stats.n_auth_fail[SRP_AUTH_E_FORMAT], 1);
	}
	CU_ASSERT_EQUAL(a.c.stats.n_down[SRP_CONN_DOWN_PROTOCOL], 1);
	CU_ASSERT_EQUAL(a.n_rx, n_ok);
	CU_ASSERT_FALSE(srp_conn_is_up(&a.c));
	close(r->fd);
	free(r);
	side_fini(&a);
}

static void
test_srp_conn_raw_bad_input(void)
{
	/* READY header, then a TLV header cut short: decoder refusal. */
	static const uint8_t trunc[] = {
		1, SRP_MSG_READY, 0, 0, 0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0, 0,
		0x80, 0, 0, 18,
	};
	static const uint8_t v2[] = {
		2, SRP_MSG_HELLO, 0, 0, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0,
	};
	static const uint8_t small[] = {
		1, SRP_MSG_READY, 0, 0, 0, 0, 0, 15, 0, 0, 0, 1, 0, 0, 0, 0,
	};
	static const uint8_t big[] = {
		1, SRP_MSG_CKPT_CHUNK, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 1, 0, 0,
		0, 0,
	};
	uint8_t garbage[300];
	unsigned int i;

	run_raw(trunc, sizeof(trunc), SRP_REFUSE_PROTOCOL,
		SRP_CODEC_E_TLV_TRUNC, 0, 0);
	run_raw(v2, sizeof(v2), SRP_REFUSE_VERSION, SRP_CODEC_E_VERSION,
		0, 0);
	run_raw(small, sizeof(small), SRP_REFUSE_PROTOCOL, SRP_CODEC_E_LEN,
		0, 0);
	/* 1 MiB announced to a side that takes at most 64 KiB. */
	run_raw(big, sizeof(big), SRP_REFUSE_TOO_BIG, SRP_CODEC_E_TOO_BIG,
		64 * 1024, 0);
	for (i = 0; i < sizeof(garbage); i++)
		garbage[i] = (uint8_t)(i * 37 + 11);
	run_raw(garbage, sizeof(garbage), SRP_REFUSE_VERSION,
		SRP_CODEC_E_VERSION, 0, 0);
}

/* Valid messages a raw peer can send in a wrong order. */
static void
test_srp_conn_raw_bad_order(void)
{
	struct srp_msg m;
	uint8_t buf[2 * 512];
	size_t l1, l2;

	/* READY before any HELLO. */
	srp_msg_init(&m, SRP_MSG_READY);
	m.seq = 1;
	CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, 512, &l1), SRP_CODEC_OK);
	run_raw(buf, l1, SRP_REFUSE_PROTOCOL, SRP_CODEC_OK, 0, 0);
	/* A HELLO, then a message whose seq goes back. */
	hello_fill(&m);
	m.seq = 5;
	CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, 512, &l1), SRP_CODEC_OK);
	srp_msg_init(&m, SRP_MSG_READY);
	m.seq = 5;
	CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf + l1, 512, &l2),
			      SRP_CODEC_OK);
	run_raw(buf, l1 + l2, SRP_REFUSE_PROTOCOL, SRP_CODEC_OK, 0, 1);
	/* The AUTH flag although no key is configured (spec 4.2). */
	hello_fill(&m);
	m.seq = 1;
	CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, 512, &l1), SRP_CODEC_OK);
	buf[3] |= SRP_F_AUTH;
	run_raw(buf, l1, SRP_REFUSE_AUTH, SRP_CODEC_OK, 0, 0);
}

static int
raw_listen(uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	sa.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 4) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

struct up_cond {
	struct side	*s;
	unsigned int	n_up;
};

static bool
cond_n_up(void *arg)
{
	struct up_cond *uc = arg;

	return uc->s->n_up >= uc->n_up && srp_conn_is_up(&uc->s->c);
}

/*
 * The rule while a link is up, with raw sockets as the peer: b (losing
 * the tie) holds its outbound link; the peer's inbound replaces it, and a
 * newer inbound replaces that one. a (winning) keeps its outbound and
 * refuses an inbound.
 */
static void
test_srp_conn_replace_rule(void)
{
	struct srp_conn_conf ca, cb;
	struct side a, b;
	struct side *all[1] = { &b };
	struct raw_state *old, *in1;
	struct up_cond uc;
	uint16_t pa = next_port(), pb = next_port();
	int lfd;

	old = calloc(1, sizeof(*old));
	in1 = calloc(1, sizeof(*in1));
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	CU_ASSERT_PTR_NOT_NULL_FATAL(in1);
	conf_make(&cb, AF_INET, pb, pa);
	side_init(&b, "b", &cb);
	CU_ASSERT_FALSE(b.c.local_wins_tie);
	lfd = raw_listen(pa);
	CU_ASSERT_FATAL(lfd >= 0);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&b.c, now_ms()), 0);
	uc.s = &b;
	uc.n_up = 1;
	CU_ASSERT_TRUE_FATAL(drive_until(all, 1, cond_n_up, &uc));
	CU_ASSERT_TRUE(b.c.fd_outbound);
	old->fd = accept(lfd, NULL, NULL);
	CU_ASSERT_FATAL(old->fd >= 0);
	/* The peer's own connection is the preferred one. */
	in1->fd = raw_connect(AF_INET, "127.0.0.1", pb);
	CU_ASSERT_FATAL(in1->fd >= 0);
	uc.n_up = 2;
	CU_ASSERT_TRUE(drive_until(all, 1, cond_n_up, &uc));
	CU_ASSERT_FALSE(b.c.fd_outbound);
	CU_ASSERT_EQUAL(b.n_down[SRP_CONN_DOWN_REPLACED], 1);
	CU_ASSERT_EQUAL(b.c.stats.n_duplicate, 1);
	CU_ASSERT_TRUE(drive_until(all, 1, cond_raw, old));
	CU_ASSERT_EQUAL(old->refuse.reason, SRP_REFUSE_DUP_CONN);
	/* The peer connects again: it gave up in1, the newer one wins. */
	close(old->fd);
	memset(old, 0, sizeof(*old));
	old->fd = raw_connect(AF_INET, "127.0.0.1", pb);
	CU_ASSERT_FATAL(old->fd >= 0);
	uc.n_up = 3;
	CU_ASSERT_TRUE(drive_until(all, 1, cond_n_up, &uc));
	CU_ASSERT_EQUAL(b.n_down[SRP_CONN_DOWN_REPLACED], 2);
	CU_ASSERT_TRUE(drive_until(all, 1, cond_raw, in1));
	CU_ASSERT_EQUAL(in1->refuse.reason, SRP_REFUSE_DUP_CONN);
	close(old->fd);
	close(in1->fd);
	close(lfd);
	side_fini(&b);

	/* a wins the tie: its outbound link stays, an inbound is refused. */
	memset(old, 0, sizeof(*old));
	memset(in1, 0, sizeof(*in1));
	pa = next_port();
	pb = next_port();
	conf_make(&ca, AF_INET, pa, pb);
	side_init(&a, "a", &ca);
	all[0] = &a;
	lfd = raw_listen(pb);
	CU_ASSERT_FATAL(lfd >= 0);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&a.c, now_ms()), 0);
	uc.s = &a;
	uc.n_up = 1;
	CU_ASSERT_TRUE_FATAL(drive_until(all, 1, cond_n_up, &uc));
	CU_ASSERT_TRUE(a.c.fd_outbound);
	old->fd = accept(lfd, NULL, NULL);
	in1->fd = raw_connect(AF_INET, "127.0.0.1", pa);
	CU_ASSERT_FATAL(in1->fd >= 0);
	CU_ASSERT_TRUE(drive_until(all, 1, cond_raw, in1));
	CU_ASSERT_EQUAL(in1->refuse.reason, SRP_REFUSE_DUP_CONN);
	CU_ASSERT_TRUE(a.c.fd_outbound);
	CU_ASSERT_EQUAL(a.n_up, 1);
	CU_ASSERT_EQUAL(a.c.stats.n_duplicate, 1);
	CU_ASSERT_EQUAL(a.n_down[SRP_CONN_DOWN_REPLACED], 0);
	close(old->fd);
	close(in1->fd);
	close(lfd);
	side_fini(&a);
	free(old);
	free(in1);
}

/* Wait (at most DRIVE_ROUNDS polls of 10 ms) until @fd is readable. */
static bool
wait_readable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	unsigned int i;

	for (i = 0; i < DRIVE_ROUNDS; i++)
		if (poll(&pfd, 1, 10) == 1)
			return true;
	return false;
}

/* Send REFUSE(@reason) from a raw socket. */
static void
raw_refuse(int fd, uint16_t reason)
{
	struct srp_msg m;
	uint8_t buf[512];
	size_t len;

	srp_msg_init(&m, SRP_MSG_REFUSE);
	m.seq = 1;
	m.reason = reason;
	CU_ASSERT_EQUAL_FATAL(srp_msg_encode(&m, buf, sizeof(buf), &len),
			      SRP_CODEC_OK);
	CU_ASSERT_EQUAL(send(fd, buf, len, 0), (ssize_t)len);
}

/*
 * REFUSE(duplicate-connection) on the link: when the peer's preferred
 * connection already waits in the accept queue it replaces the link;
 * otherwise the link goes down(REFUSED).
 */
static void
test_srp_conn_refused_duplicate(void)
{
	struct srp_conn_conf cb;
	struct side b;
	struct side *all[1] = { &b };
	struct up_cond uc = { &b, 1 };
	uint16_t pa = next_port(), pb = next_port();
	int lfd, s1, s2, in;

	conf_make(&cb, AF_INET, pb, pa);
	side_init(&b, "b", &cb);
	lfd = raw_listen(pa);
	CU_ASSERT_FATAL(lfd >= 0);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&b.c, now_ms()), 0);
	CU_ASSERT_TRUE_FATAL(drive_until(all, 1, cond_n_up, &uc));
	s1 = accept(lfd, NULL, NULL);
	CU_ASSERT_FATAL(s1 >= 0);
	/* The peer's connection is queued, then the refusal arrives; the
	 * link's event is handled first. */
	in = raw_connect(AF_INET, "127.0.0.1", pb);
	CU_ASSERT_FATAL(in >= 0);
	raw_refuse(s1, SRP_REFUSE_DUP_CONN);
	CU_ASSERT_TRUE(wait_readable(b.c.fd));
	CU_ASSERT_TRUE(wait_readable(b.c.listen_fd));
	srp_conn_on_fd(&b.c, b.c.fd, EPOLLIN, now_ms());
	CU_ASSERT_EQUAL(b.c.stats.n_refuse_rx[SRP_REFUSE_DUP_CONN], 1);
	CU_ASSERT_TRUE(srp_conn_is_up(&b.c));
	CU_ASSERT_FALSE(b.c.fd_outbound);
	CU_ASSERT_EQUAL(b.n_up, 2);
	CU_ASSERT_EQUAL(b.n_down[SRP_CONN_DOWN_REPLACED], 1);
	CU_ASSERT_EQUAL(b.n_down[SRP_CONN_DOWN_REFUSED], 0);
	/* Nothing waiting this time: the link is lost. */
	raw_refuse(in, SRP_REFUSE_DUP_CONN);
	CU_ASSERT_TRUE(wait_readable(b.c.fd));
	srp_conn_on_fd(&b.c, b.c.fd, EPOLLIN, now_ms());
	CU_ASSERT_FALSE(srp_conn_is_up(&b.c));
	CU_ASSERT_EQUAL(b.n_down[SRP_CONN_DOWN_REFUSED], 1);
	CU_ASSERT_EQUAL(b.c.stats.n_refuse_rx[SRP_REFUSE_DUP_CONN], 2);
	/* b reconnects to the raw listener after its back-off. */
	uc.n_up = 3;
	CU_ASSERT_TRUE(drive_until(all, 1, cond_n_up, &uc));
	s2 = accept(lfd, NULL, NULL);
	CU_ASSERT(s2 >= 0);
	close(s2);
	close(s1);
	close(in);
	close(lfd);
	side_fini(&b);
}

static bool
cond_stray(void *arg)
{
	struct side *a = arg;

	return a->c.stats.n_accept_stray > 0;
}

/* A connection from an address other than the peer's is closed. */
static void
test_srp_conn_stray(void)
{
	struct srp_conn_conf ca;
	struct side a;
	struct side *all[1] = { &a };
	uint16_t pa = next_port(), pb = next_port();
	uint8_t byte;
	int fd;

	conf_make(&ca, AF_INET, pa, pb);
	side_init(&a, "a", &ca);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&a.c, now_ms()), 0);
	fd = raw_connect(AF_INET, "127.0.0.3", pa);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_TRUE(drive_until(all, 1, cond_stray, &a));
	CU_ASSERT_EQUAL(a.c.stats.n_accept_stray, 1);
	CU_ASSERT_EQUAL(a.c.stats.n_accept, 0);
	CU_ASSERT_EQUAL(a.n_up, 0);
	/* The stray client sees the connection closed. */
	CU_ASSERT(recv(fd, &byte, 1, 0) <= 0);
	close(fd);
	side_fini(&a);
}

static int
tos_of(int family, int fd)
{
	int tos = -1;
	socklen_t l = sizeof(tos);

	if (getsockopt(fd, family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
		       family == AF_INET ? IP_TOS : IPV6_TCLASS, &tos, &l) < 0)
		return -1;
	return tos;
}

/* DSCP follows the class of the message being written. */
static void
run_dscp(int family)
{
	struct srp_conn_conf ca, cb;
	struct side a, b;
	struct side *all[2] = { &a, &b };
	struct pair p = { &a, &b };
	uint16_t pa = next_port(), pb = next_port();

	conf_make(&ca, family, pa, pb);
	conf_make(&cb, family, pb, pa);
	ca.dscp[SRP_CONN_CLASS_CONTROL] = 46;	/* ef */
	ca.dscp[SRP_CONN_CLASS_SESSION] = 10;	/* af11 */
	side_init(&a, "a", &ca);
	side_init(&b, "b", &cb);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&b.c, now_ms()), 0);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&a.c, now_ms()), 0);
	CU_ASSERT_TRUE_FATAL(drive_until(all, 2, cond_linked, &p));
	CU_ASSERT_EQUAL(tos_of(family, a.c.fd), 46 << 2);
	CU_ASSERT_EQUAL(send_end(&a, 1, SRP_CONN_CLASS_SESSION), 0);
	CU_ASSERT_EQUAL(tos_of(family, a.c.fd), 10 << 2);
	CU_ASSERT_EQUAL(send_end(&a, 2, SRP_CONN_CLASS_CONTROL), 0);
	CU_ASSERT_EQUAL(tos_of(family, a.c.fd), 46 << 2);
	/* b marks nothing: default best effort. */
	CU_ASSERT_EQUAL(tos_of(family, b.c.fd), 0);
	side_fini(&a);
	side_fini(&b);
}

static void
test_srp_conn_dscp(void)
{
	run_dscp(AF_INET);
	run_dscp(AF_INET6);
}

/* The session queue refuses above the high-water mark; control not. */
static void
test_srp_conn_high_water(void)
{
	struct side a, b;
	struct side *all[2] = { &a, &b };
	struct count_cond cc;
	struct srp_msg m;
	uint8_t *payload;
	unsigned int i, n_sent = 0, ctl_at = 0;
	int ret = 0;
	size_t queued;

	payload = calloc(1, 60000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(payload);
	pair_up(&a, &b, NULL, NULL);
	a.c.conf.tx_high_water = 100000;
	/* b is not driven: the socket buffers fill, then the queue. */
	for (i = 0; i < 100000 && ret == 0; i++) {
		srp_msg_init(&m, SRP_MSG_SESS_DELTA);
		m.payload = payload;
		m.payload_len = 60000;
		ret = srp_conn_send(&a.c, &m, SRP_CONN_CLASS_SESSION);
		if (ret == 0)
			n_sent++;
	}
	CU_ASSERT_EQUAL(ret, -ENOBUFS);
	CU_ASSERT_EQUAL(a.c.stats.n_tx_full, 1);
	queued = srp_conn_queued(&a.c, SRP_CONN_CLASS_SESSION);
	CU_ASSERT(queued >= 100000);
	CU_ASSERT(queued < 100000 + 60100);
	/* Control still goes in, ahead of the queued session data. */
	CU_ASSERT_EQUAL(send_end(&a, 7, SRP_CONN_CLASS_CONTROL), 0);
	CU_ASSERT(srp_conn_queued(&a.c, SRP_CONN_CLASS_CONTROL) > 0);
	cc.s = &b;
	cc.n = 1 + n_sent + 1;
	CU_ASSERT_TRUE_FATAL(drive_until(all, 2, cond_rx, &cc));
	for (i = 1; i < cc.n && i < MAX_RX; i++)
		if (b.rx[i].type == SRP_MSG_CKPT_END)
			ctl_at = i;
	/* It overtook at least the messages still queued at send time. */
	CU_ASSERT(ctl_at > 0);
	CU_ASSERT(ctl_at < cc.n - 1);
	CU_ASSERT_EQUAL(srp_conn_queued(&a.c, SRP_CONN_CLASS_SESSION), 0);
	CU_ASSERT_EQUAL(srp_conn_queued(&a.c, SRP_CONN_CLASS_CONTROL), 0);
	CU_ASSERT_EQUAL(b.c.stats.n_msg_rx[SRP_MSG_SESS_DELTA], n_sent);
	/* With the queue drained, session sends are accepted again. */
	srp_msg_init(&m, SRP_MSG_SESS_DELTA);
	m.payload = payload;
	m.payload_len = 10;
	CU_ASSERT_EQUAL(srp_conn_send(&a.c, &m, SRP_CONN_CLASS_SESSION), 0);
	free(payload);
	side_fini(&a);
	side_fini(&b);
}

static bool
cond_b_refused(void *arg)
{
	struct side *b = arg;

	return b->n_down[SRP_CONN_DOWN_REFUSED] > 0 ||
	       b->n_down[SRP_CONN_DOWN_CLOSED] > 0 ||
	       b->n_down[SRP_CONN_DOWN_PROTOCOL] > 0;
}

/*
 * srp_conn_refuse() while a message is partly written: the message is
 * finished, then the REFUSE follows; queued messages are dropped.
 */
static void
test_srp_conn_refuse_after_partial(void)
{
	struct side a, b;
	struct side *all[2] = { &a, &b };
	struct srp_msg m;
	uint8_t *payload;
	uint64_t started;
	int small = 4096, i, e;

	payload = calloc(1, 60000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(payload);
	pair_up(&a, &b, NULL, NULL);
	setsockopt(a.c.fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	setsockopt(b.c.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	/* b is not driven: sending stops inside a message, then queues. */
	for (i = 0; i < 2000; i++) {
		srp_msg_init(&m, SRP_MSG_SESS_DELTA);
		m.payload = payload;
		m.payload_len = 60000;
		CU_ASSERT_EQUAL_FATAL(srp_conn_send(&a.c, &m,
						    SRP_CONN_CLASS_SESSION), 0);
		if (a.c.tx_cur != NULL && a.c.tx_cur->off > 0 &&
		    a.c.txq_head[SRP_CONN_CLASS_SESSION] != NULL)
			break;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(a.c.tx_cur);
	started = a.c.stats.n_msg_tx[SRP_MSG_SESS_DELTA] + 1;
	/* a must not reconnect before b has read the old link to its end:
	 * a newer connection from a would replace it (same initiator). */
	a.c.conf.backoff_min_ms = 60000;
	a.c.conf.backoff_max_ms = 60000;
	CU_ASSERT_EQUAL(srp_conn_refuse(&a.c, SRP_REFUSE_CONFIG, "changed"),
			0);
	CU_ASSERT_TRUE(drive_until(all, 2, cond_b_refused, &b));
	/* b read whole messages only, then the REFUSE. */
	CU_ASSERT_EQUAL(b.n_down[SRP_CONN_DOWN_REFUSED], 1);
	CU_ASSERT_EQUAL(b.c.stats.n_refuse_rx[SRP_REFUSE_CONFIG], 1);
	CU_ASSERT_EQUAL(b.c.stats.n_msg_rx[SRP_MSG_SESS_DELTA], started);
	for (e = 0; e < SRP_CODEC_E_MAX; e++)
		CU_ASSERT_EQUAL(b.c.stats.n_decode_err[e], 0);
	free(payload);
	side_fini(&a);
	side_fini(&b);
}

/* stop() inside msg(): nothing more of that connection is delivered. */
static void
test_srp_conn_stop_in_callback(void)
{
	struct side a, b;
	struct side *all[2] = { &a, &b };
	struct count_cond cc = { &b, 1 };
	unsigned int i;

	pair_up(&a, &b, NULL, NULL);
	b.n_rx = 0;
	b.stop_in_msg = true;
	for (i = 1; i <= 5; i++)
		CU_ASSERT_EQUAL(send_end(&a, i, SRP_CONN_CLASS_CONTROL), 0);
	CU_ASSERT_TRUE(drive_until(all, 2, cond_rx, &cc));
	/* a reads b's shutdown REFUSE: everything a sent was at b by then. */
	CU_ASSERT_TRUE(drive_until(all, 2, cond_a_down, &a));
	CU_ASSERT_EQUAL(b.n_rx, 1);
	CU_ASSERT_EQUAL(b.c.state, SRP_CONN_ST_IDLE);
	CU_ASSERT_EQUAL(b.n_down[SRP_CONN_DOWN_LOCAL], 1);
	side_fini(&a);
	side_fini(&b);
}

/* Arguments that cannot work are refused and change nothing. */
static void
test_srp_conn_bad_args(void)
{
	struct srp_conn_conf cf;
	struct srp_conn c;
	struct srp_msg m;
	struct side s;

	conf_make(&cf, AF_INET, 1000, 1001);
	CU_ASSERT_EQUAL(srp_conn_init(NULL, &cf, &ops, NULL), -EINVAL);
	CU_ASSERT_EQUAL(srp_conn_init(&c, NULL, &ops, NULL), -EINVAL);
	cf.peer_addr.family = AF_INET6;
	CU_ASSERT_EQUAL(srp_conn_init(&c, &cf, &ops, NULL), -EINVAL);
	conf_make(&cf, AF_INET, 1000, 1000);
	CU_ASSERT_EQUAL(srp_conn_init(&c, &cf, &ops, NULL), -EINVAL);
	conf_make(&cf, AF_INET, 1000, 1001);
	cf.key = (const uint8_t *)"k";
	cf.key_len = 0;
	CU_ASSERT_EQUAL(srp_conn_init(&c, &cf, &ops, NULL), -EINVAL);
	cf.key_len = SRP_AUTH_KEY_MAX + 1;
	CU_ASSERT_EQUAL(srp_conn_init(&c, &cf, &ops, NULL), -EINVAL);
	conf_make(&cf, AF_INET, 1000, 1001);
	cf.max_msg_len = 15;
	CU_ASSERT_EQUAL(srp_conn_init(&c, &cf, &ops, NULL), -EINVAL);
	conf_make(&cf, AF_INET, next_port(), next_port());
	side_init(&s, "s", &cf);
	/* Not up: nothing to send or refuse. */
	CU_ASSERT_EQUAL(send_hello(&s), -ENOTCONN);
	CU_ASSERT_EQUAL(srp_conn_refuse(&s.c, SRP_REFUSE_CONFIG, "x"),
			-ENOTCONN);
	srp_msg_init(&m, SRP_MSG_READY);
	CU_ASSERT_EQUAL(srp_conn_send(&s.c, &m, SRP_CONN_CLASS_MAX), -EINVAL);
	CU_ASSERT_EQUAL(srp_conn_next_deadline(&s.c), UINT64_MAX);
	CU_ASSERT_STRING_EQUAL(srp_conn_state_str(SRP_CONN_ST_UP), "up");
	CU_ASSERT_STRING_EQUAL(srp_conn_down_str(SRP_CONN_DOWN_REPLACED),
			       "replaced");
	CU_ASSERT_STRING_EQUAL(srp_conn_state_str(SRP_CONN_ST_MAX), "?");
	side_fini(&s);
}

/* srp_conn_refuse(): REFUSE reaches the peer with its text. */
static void
test_srp_conn_local_refuse(void)
{
	struct side a, b;
	struct side *all[2] = { &a, &b };

	pair_up(&a, &b, NULL, NULL);
	CU_ASSERT_EQUAL(srp_conn_refuse(&a.c, SRP_REFUSE_CONFIG,
					"intervals differ"), 0);
	CU_ASSERT_EQUAL(a.n_down[SRP_CONN_DOWN_LOCAL], 1);
	CU_ASSERT_FALSE(srp_conn_is_up(&a.c));
	CU_ASSERT_TRUE(drive_until(all, 2, cond_a_down, &b));
	CU_ASSERT_EQUAL(b.c.stats.n_refuse_rx[SRP_REFUSE_CONFIG], 1);
	side_fini(&a);
	side_fini(&b);
}

/* ---- link security and liveness ---- */

/* What a raw socket received, message by message. */
struct raw_rx {
	uint8_t		buf[16384];
	size_t		len;
	size_t		off;		/* first byte not yet parsed */
	unsigned int	n_type[SRP_MSG_TYPE_MAX];
	unsigned int	n_msgs;
	bool		eof;
};

/* Read what waits on @fd (non-blocking) and count the whole messages. */
static void
raw_rx_poll(int fd, struct raw_rx *r)
{
	uint32_t mlen;
	ssize_t n;

	n = recv(fd, r->buf + r->len, sizeof(r->buf) - r->len, MSG_DONTWAIT);
	if (n == 0)
		r->eof = true;
	if (n > 0)
		r->len += (size_t)n;
	while (r->len - r->off >= SRP_HDR_LEN) {
		mlen = (uint32_t)r->buf[r->off + 4] << 24 |
		       (uint32_t)r->buf[r->off + 5] << 16 |
		       (uint32_t)r->buf[r->off + 6] << 8 | r->buf[r->off + 7];
		if (mlen < SRP_HDR_LEN || r->len - r->off < mlen)
			break;
		r->n_type[r->buf[r->off + 1] % SRP_MSG_TYPE_MAX]++;
		r->n_msgs++;
		r->off += mlen;
	}
}

/* Drive @sides for @rounds poll rounds (each at most 10 ms) or until @r
 * holds @n messages. @return whether it does */
static bool
drive_raw(struct side **sides, int n_sides, int fd, struct raw_rx *r,
	  unsigned int n, unsigned int rounds)
{
	unsigned int i;

	for (i = 0; i < rounds && r->n_msgs < n && !r->eof; i++) {
		drive_once(sides, n_sides, 10);
		raw_rx_poll(fd, r);
	}
	return r->n_msgs >= n;
}

/* Sign @m (seq given) with @auth when not NULL and send it on @fd. */
static size_t
raw_send_msg(int fd, struct srp_auth *auth, struct srp_msg *m, uint8_t *out)
{
	uint8_t buf[1024];
	size_t len, slen;

	CU_ASSERT_EQUAL_FATAL(srp_msg_encode(m, buf, sizeof(buf) - 64, &len),
			      SRP_CODEC_OK);
	slen = len;
	if (auth != NULL)
		CU_ASSERT_EQUAL_FATAL(srp_auth_sign(auth, buf, len,
						    sizeof(buf), &slen), 0);
	CU_ASSERT_EQUAL(send(fd, buf, slen, 0), (ssize_t)slen);
	if (out != NULL)
		memcpy(out, buf, slen);
	return slen;
}

/* What an intruder on probation does: read the NONCE, then nothing, or
 * (@wrong_key) a NONCE signed with another key. */
static void
raw_probe(struct side **all, int fd, bool wrong_key)
{
	static const char other[] = "not the key of this pair";
	static const uint8_t nonce[SRP_NONCE_LEN] = { 0xee };
	struct srp_auth auth;
	struct raw_rx *rx;
	struct srp_msg m;

	rx = calloc(1, sizeof(*rx));
	CU_ASSERT_PTR_NOT_NULL_FATAL(rx);
	CU_ASSERT_TRUE(drive_raw(all, 2, fd, rx, 1, 1000));
	CU_ASSERT_EQUAL(rx->n_type[SRP_MSG_NONCE], 1);
	if (wrong_key) {
		CU_ASSERT_EQUAL_FATAL(srp_auth_init(&auth,
						    (const uint8_t *)other,
						    strlen(other), nonce), 0);
		srp_msg_init(&m, SRP_MSG_NONCE);
		memcpy(m.hello.nonce, nonce, SRP_NONCE_LEN);
		m.seq = 1;
		raw_send_msg(fd, &auth, &m, NULL);
		srp_auth_fini(&auth);
	}
	/* Only the NONCE, then the end: nothing of the link. */
	drive_raw(all, 2, fd, rx, 2, DRIVE_ROUNDS);
	CU_ASSERT_EQUAL(rx->n_msgs, 1);
	CU_ASSERT_TRUE(rx->eof);
	free(rx);
}

static bool
cond_cand_dropped(void *arg)
{
	struct side *b = arg;

	return b->c.stats.n_cand_dropped > 0 && b->c.cand.fd < 0;
}

/*
 * A newcomer from the peer's address while the link is verified, the link
 * untouched. b loses the tie, so before the guard the rule "same initiator
 * twice" let any inbound connection replace its link. Without a key it is
 * refused with duplicate-connection; with one it is put on probation: it
 * gets b's NONCE and, proving nothing (@wrong_key: a NONCE signed with
 * another key; else silence until the deadline), is closed.
 */
static void
run_guard(const char *key, bool wrong_key)
{
	struct side a, b;
	struct side *all[2] = { &a, &b };
	struct count_cond cc = { &b, 0 };
	struct raw_state *r;
	int fa, fb;

	r = calloc(1, sizeof(*r));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	pair_up(&a, &b, key, key);
	CU_ASSERT_TRUE(srp_conn_is_verified(&b.c));
	fa = a.c.fd;
	fb = b.c.fd;
	r->fd = raw_connect(AF_INET, "127.0.0.1", b.c.conf.bind_port);
	CU_ASSERT_FATAL(r->fd >= 0);
	if (key == NULL) {
		CU_ASSERT_TRUE(drive_until(all, 2, cond_raw, r));
		CU_ASSERT_EQUAL(r->refuse.reason, SRP_REFUSE_DUP_CONN);
		CU_ASSERT_EQUAL(b.c.stats.n_guarded, 1);
	} else {
		raw_probe(all, r->fd, wrong_key);
		CU_ASSERT_TRUE(drive_until(all, 2, cond_cand_dropped, &b));
		CU_ASSERT_EQUAL(b.c.stats.n_cand, 1);
		CU_ASSERT_EQUAL(b.c.stats.n_cand_dropped, 1);
		CU_ASSERT_EQUAL(b.c.stats.n_cand_promoted, 0);
		CU_ASSERT_EQUAL(b.c.stats.n_auth_fail[SRP_AUTH_E_MAC],
				wrong_key ? 1 : 0);
	}
	/* The link is the same connection, never reported down. */
	CU_ASSERT_EQUAL(a.c.fd, fa);
	CU_ASSERT_EQUAL(b.c.fd, fb);
	CU_ASSERT_EQUAL(b.n_up, 1);
	CU_ASSERT_EQUAL(b.n_down[SRP_CONN_DOWN_REPLACED], 0);
	CU_ASSERT_EQUAL(a.n_up, 1);
	CU_ASSERT_TRUE(srp_conn_is_verified(&a.c));
	CU_ASSERT_TRUE(srp_conn_is_verified(&b.c));
	/* And still carries messages. */
	cc.n = b.n_rx + 1;
	CU_ASSERT_EQUAL(send_end(&a, 5, SRP_CONN_CLASS_CONTROL), 0);
	CU_ASSERT_TRUE(drive_until(all, 2, cond_rx, &cc));
	close(r->fd);
	free(r);
	side_fini(&a);
	side_fini(&b);
}

static void
test_srp_conn_guard_verified_link(void)
{
	run_guard(NULL, false);
	run_guard("a key both sides share", false);
	run_guard("a key both sides share", true);
}

/*
 * With a key: a connection on probation whose HELLO verifies (a peer that
 * restarted while b still holds its old connection) replaces the link;
 * the old one gets duplicate-connection.
 */
static void
test_srp_conn_probation_replaces(void)
{
	static const char key[] = "a key both sides share";
	static const uint8_t raw_nonce[SRP_NONCE_LEN] = { 0x77, 7 };
	struct side a, b;
	struct side *all[2] = { &a, &b };
	struct srp_auth auth;
	struct raw_rx *rx;
	struct srp_msg m;
	int fd;

	rx = calloc(1, sizeof(*rx));
	CU_ASSERT_PTR_NOT_NULL_FATAL(rx);
	pair_up(&a, &b, key, key);
	/* a must not come back during the test. */
	a.c.conf.backoff_min_ms = 60000;
	a.c.conf.backoff_max_ms = 60000;
	fd = raw_connect(AF_INET, "127.0.0.1", b.c.conf.bind_port);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_TRUE_FATAL(drive_raw(all, 2, fd, rx, 1, 1000));
	CU_ASSERT_EQUAL_FATAL(rx->n_type[SRP_MSG_NONCE], 1);
	CU_ASSERT_EQUAL(b.c.stats.n_cand, 1);
	CU_ASSERT_EQUAL_FATAL(srp_msg_decode(rx->buf, rx->off, &m),
			      SRP_CODEC_OK);
	CU_ASSERT_EQUAL_FATAL(srp_auth_init(&auth, (const uint8_t *)key,
					    strlen(key), raw_nonce), 0);
	CU_ASSERT_EQUAL(srp_auth_set_peer_nonce(&auth, m.hello.nonce), 0);
	srp_msg_init(&m, SRP_MSG_NONCE);
	memcpy(m.hello.nonce, raw_nonce, SRP_NONCE_LEN);
	m.seq = 1;
	raw_send_msg(fd, &auth, &m, NULL);
	hello_fill(&m);
	memcpy(m.hello.nonce, raw_nonce, SRP_NONCE_LEN);
	m.present |= SRP_TLV_BIT(SRP_TLV_NONCE);
	m.seq = 2;
	raw_send_msg(fd, &auth, &m, NULL);
	/* b adopts it: down(REPLACED), up() sends b's HELLO on it. */
	CU_ASSERT_TRUE(drive_raw(all, 2, fd, rx, 2, 1000));
	CU_ASSERT_EQUAL(rx->n_type[SRP_MSG_HELLO], 1);
	CU_ASSERT_EQUAL(b.c.stats.n_cand_promoted, 1);
	CU_ASSERT_EQUAL(b.n_down[SRP_CONN_DOWN_REPLACED], 1);
	CU_ASSERT_EQUAL(b.n_up, 2);
	CU_ASSERT_TRUE(srp_conn_is_verified(&b.c));
	CU_ASSERT_EQUAL(b.rx[b.n_rx - 1].type, SRP_MSG_HELLO);
	CU_ASSERT_EQUAL(b.rx[b.n_rx - 1].seq, 2);
	/* The old link was refused as the duplicate. */
	CU_ASSERT_TRUE(drive_until(all, 2, cond_a_down, &a));
	CU_ASSERT_EQUAL(a.c.stats.n_refuse_rx[SRP_REFUSE_DUP_CONN], 1);
	srp_auth_fini(&auth);
	close(fd);
	free(rx);
	side_fini(&a);
	side_fini(&b);
}

/*
 * b (key @key or none; a CKPT_END queued right after its HELLO) connects
 * to a raw listener that plays the peer. @return the peer's socket
 */
static int
raw_peer_link(struct side *b, const char *key, int *lfd)
{
	struct srp_conn_conf cb;
	struct side *all[1] = { b };
	struct up_cond uc = { b, 1 };
	uint16_t pa = next_port(), pb = next_port();
	int fd;

	conf_make(&cb, AF_INET, pb, pa);
	if (key != NULL) {
		cb.key = (const uint8_t *)key;
		cb.key_len = strlen(key);
	}
	side_init(b, "b", &cb);
	b->end_on_up = true;
	*lfd = raw_listen(pa);
	CU_ASSERT_FATAL(*lfd >= 0);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&b->c, now_ms()), 0);
	CU_ASSERT_TRUE_FATAL(drive_until(all, 1, cond_n_up, &uc));
	fd = accept(*lfd, NULL, NULL);
	CU_ASSERT_FATAL(fd >= 0);
	return fd;
}

/*
 * Without a key: before the peer's HELLO only our HELLO leaves; what the
 * glue queued meanwhile (a CKPT_END here, CONFIG in srpgw) follows it.
 */
static void
test_srp_conn_nothing_before_verified(void)
{
	struct side b;
	struct side *all[1] = { &b };
	struct raw_rx *rx;
	struct srp_msg m;
	int lfd, fd;

	rx = calloc(1, sizeof(*rx));
	CU_ASSERT_PTR_NOT_NULL_FATAL(rx);
	fd = raw_peer_link(&b, NULL, &lfd);
	CU_ASSERT_TRUE(drive_raw(all, 1, fd, rx, 1, 1000));
	/* A few more rounds: nothing else may come. */
	drive_raw(all, 1, fd, rx, 2, 20);
	CU_ASSERT_EQUAL(rx->n_msgs, 1);
	CU_ASSERT_EQUAL(rx->n_type[SRP_MSG_HELLO], 1);
	CU_ASSERT_EQUAL(rx->n_type[SRP_MSG_CKPT_END], 0);
	CU_ASSERT_FALSE(srp_conn_is_verified(&b.c));
	/* The peer greets: the waiting message goes. */
	hello_fill(&m);
	m.seq = 1;
	raw_send_msg(fd, NULL, &m, NULL);
	CU_ASSERT_TRUE(drive_raw(all, 1, fd, rx, 2, 1000));
	CU_ASSERT_EQUAL(rx->n_type[SRP_MSG_CKPT_END], 1);
	CU_ASSERT_TRUE(srp_conn_is_verified(&b.c));
	CU_ASSERT_EQUAL(b.c.stats.n_verified, 1);
	close(fd);
	close(lfd);
	free(rx);
	side_fini(&b);
}

/*
 * With a key a raw peer plays the handshake right (our NONCE, its NONCE,
 * its HELLO bound to our nonce), and b sends the rest only then. The same
 * bytes replayed on a new connection are refused as a replay and counted;
 * b never sends the replaying peer anything beyond the handshake and a
 * REFUSE.
 */
static void
test_srp_conn_handshake_replay(void)
{
	static const char key[] = "replay test key, long enough";
	static const uint8_t raw_nonce[SRP_NONCE_LEN] = { 0x5a, 1, 2, 3 };
	struct side b;
	struct side *all[1] = { &b };
	struct up_cond uc = { &b, 2 };
	struct srp_auth auth;
	struct raw_rx *rx;
	struct srp_msg m;
	uint8_t rec[2048], peer_nonce[SRP_NONCE_LEN];
	size_t rec_len = 0;
	int lfd, fd;

	rx = calloc(1, sizeof(*rx));
	CU_ASSERT_PTR_NOT_NULL_FATAL(rx);
	fd = raw_peer_link(&b, key, &lfd);
	/* b's first and only word so far: its NONCE. */
	CU_ASSERT_TRUE_FATAL(drive_raw(all, 1, fd, rx, 1, 1000));
	drive_raw(all, 1, fd, rx, 2, 20);
	CU_ASSERT_EQUAL(rx->n_msgs, 1);
	CU_ASSERT_EQUAL_FATAL(rx->n_type[SRP_MSG_NONCE], 1);
	CU_ASSERT_EQUAL_FATAL(srp_msg_decode(rx->buf, rx->off, &m),
			      SRP_CODEC_OK);
	memcpy(peer_nonce, m.hello.nonce, SRP_NONCE_LEN);
	/* The raw peer's side of the handshake, recorded. */
	CU_ASSERT_EQUAL_FATAL(srp_auth_init(&auth, (const uint8_t *)key,
					    strlen(key), raw_nonce), 0);
	srp_msg_init(&m, SRP_MSG_NONCE);
	memcpy(m.hello.nonce, raw_nonce, SRP_NONCE_LEN);
	m.seq = 1;
	rec_len += raw_send_msg(fd, &auth, &m, rec);
	CU_ASSERT_EQUAL(srp_auth_set_peer_nonce(&auth, peer_nonce), 0);
	hello_fill(&m);
	memcpy(m.hello.nonce, raw_nonce, SRP_NONCE_LEN);
	m.present |= SRP_TLV_BIT(SRP_TLV_NONCE);
	m.seq = 2;
	rec_len += raw_send_msg(fd, &auth, &m, rec + rec_len);
	/* Verified: b's HELLO and the waiting CKPT_END follow. */
	CU_ASSERT_TRUE(drive_raw(all, 1, fd, rx, 3, 1000));
	CU_ASSERT_EQUAL(rx->n_type[SRP_MSG_HELLO], 1);
	CU_ASSERT_EQUAL(rx->n_type[SRP_MSG_CKPT_END], 1);
	CU_ASSERT_EQUAL(b.c.stats.n_verified, 1);
	CU_ASSERT_EQUAL(b.n_rx, 1);
	close(fd);
	CU_ASSERT_TRUE_FATAL(drive_until(all, 1, cond_n_up, &uc));
	/* The replay, on b's next connection. */
	fd = accept(lfd, NULL, NULL);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(send(fd, rec, rec_len, 0), (ssize_t)rec_len);
	memset(rx, 0, sizeof(*rx));
	drive_raw(all, 1, fd, rx, SRP_MSG_TYPE_MAX, 1000);
	CU_ASSERT_TRUE(rx->eof);
	CU_ASSERT_EQUAL(b.c.stats.n_auth_fail[SRP_AUTH_E_NONCE], 1);
	CU_ASSERT_EQUAL(b.c.stats.n_verified, 1);
	CU_ASSERT_EQUAL(b.n_rx, 1);
	/* The handshake only (its HELLO may go once the replayed NONCE is
	 * read), then the refusal: nothing the glue queued. */
	CU_ASSERT_EQUAL(rx->n_type[SRP_MSG_NONCE], 1);
	CU_ASSERT_EQUAL(rx->n_type[SRP_MSG_REFUSE], 1);
	CU_ASSERT_EQUAL(rx->n_type[SRP_MSG_CKPT_END], 0);
	CU_ASSERT_EQUAL(rx->n_msgs, 2 + rx->n_type[SRP_MSG_HELLO]);
	srp_auth_fini(&auth);
	close(fd);
	close(lfd);
	free(rx);
	side_fini(&b);
}

/*
 * At most one HELLO waits, the newest; it goes out at the next message
 * boundary ahead of queued session data.
 */
static void
test_srp_conn_hello_slot(void)
{
	struct side a, b;
	struct side *all[2] = { &a, &b };
	struct count_cond cc;
	struct srp_msg m;
	uint8_t *payload;
	unsigned int i, n_sent = 0, hello_at = 0, n_hello = 0;
	size_t ctl;

	payload = calloc(1, 60000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(payload);
	pair_up(&a, &b, NULL, NULL);
	b.n_rx = 0;
	/* b is not driven: fill the socket, then queue session data. */
	for (i = 0; i < 200; i++) {
		srp_msg_init(&m, SRP_MSG_SESS_DELTA);
		m.payload = payload;
		m.payload_len = 60000;
		CU_ASSERT_EQUAL_FATAL(srp_conn_send(&a.c, &m,
						    SRP_CONN_CLASS_SESSION), 0);
		n_sent++;
		if (a.c.txq_head[SRP_CONN_CLASS_SESSION] != NULL &&
		    a.c.txq_head[SRP_CONN_CLASS_SESSION]->next != NULL)
			break;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(a.c.txq_head[SRP_CONN_CLASS_SESSION]);
	CU_ASSERT_EQUAL(send_hello(&a), 0);
	ctl = srp_conn_queued(&a.c, SRP_CONN_CLASS_CONTROL);
	CU_ASSERT(ctl > 0);
	CU_ASSERT_EQUAL(send_hello(&a), 0);
	CU_ASSERT_EQUAL(send_hello(&a), 0);
	/* Replaced, not added. */
	CU_ASSERT_EQUAL(a.c.stats.n_hello_replaced, 2);
	CU_ASSERT_EQUAL(srp_conn_queued(&a.c, SRP_CONN_CLASS_CONTROL), ctl);
	cc.s = &b;
	cc.n = n_sent + 1;
	CU_ASSERT_TRUE_FATAL(drive_until(all, 2, cond_rx, &cc));
	for (i = 0; i < cc.n && i < MAX_RX; i++)
		if (b.rx[i].type == SRP_MSG_HELLO) {
			hello_at = i;
			n_hello++;
		}
	CU_ASSERT_EQUAL(n_hello, 1);
	/* Ahead of the session data still queued when it was sent. */
	CU_ASSERT(hello_at < cc.n - 1);
	CU_ASSERT_EQUAL(b.c.stats.n_msg_rx[SRP_MSG_HELLO], 2);
	free(payload);
	side_fini(&a);
	side_fini(&b);
}

/* The socket options of liveness, and the dead timer (fake clock). */
static void
test_srp_conn_dead_interval(void)
{
	struct srp_conn_conf ca, cb;
	struct side a, b;
	struct side *all[2] = { &a, &b };
	struct pair p = { &a, &b };
	uint16_t pa = next_port(), pb = next_port();
	unsigned int v = 0;
	socklen_t l = sizeof(v);
	uint64_t last;

	conf_make(&ca, AF_INET, pa, pb);
	conf_make(&cb, AF_INET, pb, pa);
	ca.dead_ms = 3000;
	side_init(&a, "a", &ca);
	side_init(&b, "b", &cb);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&b.c, now_ms()), 0);
	CU_ASSERT_EQUAL_FATAL(srp_conn_start(&a.c, now_ms()), 0);
	CU_ASSERT_TRUE_FATAL(drive_until(all, 2, cond_linked, &p));
	CU_ASSERT_EQUAL(getsockopt(a.c.fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &v,
				   &l), 0);
	CU_ASSERT_EQUAL(v, 3000);
	l = sizeof(v);
	CU_ASSERT_EQUAL(getsockopt(a.c.fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT, &v,
				   &l), 0);
	CU_ASSERT_EQUAL(v, SRP_CONN_NOTSENT_LOWAT);
	/* b without dead_ms: no user time-out set. */
	l = sizeof(v);
	CU_ASSERT_EQUAL(getsockopt(b.c.fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &v,
				   &l), 0);
	CU_ASSERT_EQUAL(v, 0);
	/* b falls silent (it is not driven); a's clock is moved by hand. */
	last = a.c.rx_last_ms;
	CU_ASSERT_EQUAL(srp_conn_next_deadline(&a.c), last + 3000);
	srp_conn_tick(&a.c, last + 2999);
	CU_ASSERT_TRUE(srp_conn_is_up(&a.c));
	srp_conn_tick(&a.c, last + 3000);
	CU_ASSERT_FALSE(srp_conn_is_up(&a.c));
	CU_ASSERT_EQUAL(a.n_down[SRP_CONN_DOWN_DEAD], 1);
	CU_ASSERT_EQUAL(a.c.stats.n_down[SRP_CONN_DOWN_DEAD], 1);
	CU_ASSERT_STRING_EQUAL(srp_conn_down_str(SRP_CONN_DOWN_DEAD), "dead");
	side_fini(&a);
	side_fini(&b);
}

/* The control queue is bounded too; a HELLO still goes into its slot. */
static void
test_srp_conn_control_bound(void)
{
	struct side a, b;
	struct srp_msg m;
	uint8_t *payload;
	unsigned int i;
	int ret = 0;
	size_t q;

	payload = calloc(1, 60000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(payload);
	pair_up(&a, &b, NULL, NULL);
	/* b is not driven: the socket fills, then the control queue. */
	for (i = 0; i < 1000 && ret == 0; i++) {
		srp_msg_init(&m, SRP_MSG_SESS_DELTA);
		m.payload = payload;
		m.payload_len = 60000;
		ret = srp_conn_send(&a.c, &m, SRP_CONN_CLASS_CONTROL);
	}
	CU_ASSERT_EQUAL(ret, -ENOBUFS);
	CU_ASSERT_EQUAL(a.c.stats.n_tx_ctl_full, 1);
	q = srp_conn_queued(&a.c, SRP_CONN_CLASS_CONTROL);
	CU_ASSERT(q >= SRP_CONN_TX_CONTROL_MAX);
	CU_ASSERT(q < SRP_CONN_TX_CONTROL_MAX + 60100);
	CU_ASSERT_EQUAL(send_hello(&a), 0);
	CU_ASSERT_EQUAL(send_hello(&a), 0);
	CU_ASSERT_EQUAL(a.c.stats.n_tx_ctl_full, 1);
	free(payload);
	side_fini(&a);
	side_fini(&b);
}

static CU_TestInfo conn_tests[] = {
	{ "bad_args", test_srp_conn_bad_args },
	{ "both_at_once_v4", test_srp_conn_both_at_once_v4 },
	{ "both_at_once_v6", test_srp_conn_both_at_once_v6 },
	{ "collision", test_srp_conn_collision },
	{ "late_start", test_srp_conn_late_start },
	{ "peer_stop_reconnect", test_srp_conn_peer_stop_reconnect },
	{ "messages_in_order", test_srp_conn_messages_in_order },
	{ "auth_same_key", test_srp_conn_auth_same_key },
	{ "auth_wrong_key", test_srp_conn_auth_wrong_key },
	{ "auth_one_side", test_srp_conn_auth_one_side },
	{ "raw_bad_input", test_srp_conn_raw_bad_input },
	{ "raw_bad_order", test_srp_conn_raw_bad_order },
	{ "replace_rule", test_srp_conn_replace_rule },
	{ "refused_duplicate", test_srp_conn_refused_duplicate },
	{ "stray", test_srp_conn_stray },
	{ "dscp", test_srp_conn_dscp },
	{ "high_water", test_srp_conn_high_water },
	{ "refuse_after_partial", test_srp_conn_refuse_after_partial },
	{ "stop_in_callback", test_srp_conn_stop_in_callback },
	{ "local_refuse", test_srp_conn_local_refuse },
	{ "guard_verified_link", test_srp_conn_guard_verified_link },
	{ "probation_replaces", test_srp_conn_probation_replaces },
	{ "nothing_before_verified", test_srp_conn_nothing_before_verified },
	{ "handshake_replay", test_srp_conn_handshake_replay },
	{ "hello_slot", test_srp_conn_hello_slot },
	{ "control_bound", test_srp_conn_control_bound },
	{ "dead_interval", test_srp_conn_dead_interval },
	CU_TEST_INFO_NULL,
};

static CU_SuiteInfo suites[] = {
	{ "srp_conn", NULL, NULL, NULL, NULL, conn_tests },
	CU_SUITE_INFO_NULL,
};

int
main(void)
{
	/* Ports of our own, away from other test runs and below the
	 * ephemeral range (32768..) that outgoing connections use. */
	port_base = (uint16_t)(20000 + (getpid() % 150) * 80);
	return ut_run(suites);
}
