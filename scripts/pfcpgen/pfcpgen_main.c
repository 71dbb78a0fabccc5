/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srpgw-pfcpgen: a PFCP load generator playing an SMF against a user plane
 * (docs/pfcpgen.md). One thread, one non-blocking UDP socket, ppoll():
 * requests go out flat out or at a rate within a window of outstanding
 * ones, are retransmitted every T1 up to N1 times, and each response is
 * matched to its request by sequence number. Context: main thread.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "pfcpgen_run.h"

/* Sends per loop turn at the most, so that responses are read in between. */
#define PFCPGEN_TX_BUDGET	256
/* Datagrams read per loop turn at the most. */
#define PFCPGEN_RX_BUDGET	512
/* Longest sleep: the stop flag is looked at that often. */
#define PFCPGEN_POLL_MAX_NS	100000000ull
#define PFCPGEN_SOCK_BUF	(8 << 20)
/* Seconds from 1900 (NTP) to 1970 (Unix). */
#define PFCPGEN_NTP_OFFSET	2208988800ull

/* One outstanding request; its slot is the low bits of its sequence. */
struct pfcpgen_pend {
	uint64_t	first_ns;	/* first transmission */
	uint32_t	idx;		/* session */
	uint32_t	seq;
	uint8_t		n_tx;		/* transmissions so far */
	uint8_t		phase;		/* enum pfcpgen_phase */
	bool		active;
};

/* A T1 expiry; stale when its request was answered or sent again. */
struct pfcpgen_tmo {
	uint64_t	deadline_ns;
	uint32_t	slot;
	uint32_t	seq;
	uint8_t		n_tx;
};

struct pfcpgen_sess {
	uint64_t	up_seid;	/* learnt from the Establishment */
	bool		established;
};

struct pfcpgen_loop {
	struct pfcpgen_ctx	ctx;
	struct pfcp_msg		rx_msg;
	struct pfcpgen_run	*r;
	struct sockaddr_in	server;
	struct pfcpgen_pend	*pend;		/* n_slots */
	uint32_t		*slot_gen;	/* uses of each slot */
	uint32_t		*free_slots;	/* stack */
	struct pfcpgen_sess	*sess;		/* opts.sessions */
	struct pfcpgen_tmo	*tmo;		/* ring, growable */
	size_t			tmo_cap;
	size_t			tmo_head;
	size_t			tmo_n;
	uint64_t		period_ns;	/* 1 s / rate, 0 flat out */
	uint64_t		next_send_ns;
	uint32_t		n_slots;
	uint32_t		slot_bits;
	uint32_t		n_free;
	uint32_t		next_idx;	/* next session of the phase */
	uint32_t		n_issue;	/* sessions of the phase */
	enum pfcpgen_phase	cur;
	int			fd;
	bool			want_out;	/* socket full: wait POLLOUT */
	bool			finished;
	uint8_t			txbuf[PFCP_MSG_MAX];
	uint8_t			rxbuf[PFCP_MSG_MAX];
};

static volatile sig_atomic_t pfcpgen_stop;

static void
pfcpgen_on_signal(int sig)
{
	(void)sig;
	pfcpgen_stop = 1;
}

static uint64_t
pfcpgen_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t
pfcpgen_mix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int
pfcpgen_tmo_push(struct pfcpgen_loop *l, uint64_t deadline, uint32_t slot,
		 const struct pfcpgen_pend *p)
{
	struct pfcpgen_tmo *e;

	if (l->tmo_n == l->tmo_cap) {
		size_t cap = l->tmo_cap ? l->tmo_cap * 2 : 4096, i;
		struct pfcpgen_tmo *t = malloc(cap * sizeof(*t));

		if (t == NULL)
			return -ENOMEM;
		for (i = 0; i < l->tmo_n; i++)
			t[i] = l->tmo[(l->tmo_head + i) % l->tmo_cap];
		free(l->tmo);
		l->tmo = t;
		l->tmo_cap = cap;
		l->tmo_head = 0;
	}
	e = &l->tmo[(l->tmo_head + l->tmo_n++) % l->tmo_cap];
	e->deadline_ns = deadline;
	e->slot = slot;
	e->seq = p->seq;
	e->n_tx = p->n_tx;
	return 0;
}

/* UP SEID of session @idx: learnt, or assumed 1 + idx without est. */
static uint64_t
pfcpgen_up_seid(const struct pfcpgen_loop *l, uint32_t idx)
{
	if (l->r->opts.phase[PFCPGEN_PH_EST])
		return l->sess[idx].up_seid;
	return (uint64_t)idx + 1;
}

static enum pfcp_err
pfcpgen_build(struct pfcpgen_loop *l, enum pfcpgen_phase ph, uint32_t idx,
	      uint32_t seq, size_t *len)
{
	size_t cap = sizeof(l->txbuf);

	switch (ph) {
	case PFCPGEN_PH_ASSOC:
		return pfcpgen_assoc_req(&l->ctx, seq, l->r->opts.cp_features,
					 l->txbuf, cap, len);
	case PFCPGEN_PH_EST:
		return pfcpgen_est_req(&l->ctx, idx, seq, l->txbuf, cap, len);
	case PFCPGEN_PH_MOD:
		return pfcpgen_mod_req(&l->ctx, idx, pfcpgen_up_seid(l, idx),
				       seq, l->txbuf, cap, len);
	default:
		return pfcpgen_del_req(&l->ctx, pfcpgen_up_seid(l, idx), seq,
				       l->txbuf, cap, len);
	}
}

/* Send txbuf to the server; -EAGAIN when the socket is full. */
static int
pfcpgen_send(struct pfcpgen_loop *l, size_t len)
{
	ssize_t n = sendto(l->fd, l->txbuf, len, 0,
			   (const struct sockaddr *)&l->server,
			   sizeof(l->server));

	if (n >= 0)
		return 0;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
		l->want_out = true;
		return -EAGAIN;
	}
	l->r->rx.tx_errors++;
	return -errno;
}

static void
pfcpgen_release(struct pfcpgen_loop *l, struct pfcpgen_pend *p,
		uint32_t slot, uint64_t now)
{
	l->r->ph[p->phase].end_ns = now;
	p->active = false;
	l->free_slots[l->n_free++] = slot;
}

/* First transmission of request @idx of the current phase. */
static int
pfcpgen_send_new(struct pfcpgen_loop *l, uint32_t idx, uint64_t now)
{
	struct pfcpgen_phase_stats *ps = &l->r->ph[l->cur];
	uint32_t slot = l->free_slots[l->n_free - 1];
	struct pfcpgen_pend *p = &l->pend[slot];
	size_t len = 0;
	uint32_t seq;
	int ret;

	seq = ((++l->slot_gen[slot] << l->slot_bits) | slot) & PFCP_SEQ_MAX;
	if (pfcpgen_build(l, l->cur, idx, seq, &len) != PFCP_OK)
		return -EINVAL;
	ret = pfcpgen_send(l, len);
	if (ret == -EAGAIN)
		return ret;
	/* Other send errors: retransmitted like a lost datagram. */
	l->n_free--;
	p->first_ns = now;
	p->idx = idx;
	p->seq = seq;
	p->n_tx = 1;
	p->phase = (uint8_t)l->cur;
	p->active = true;
	if (ps->sent++ == 0)
		ps->start_ns = now;
	return pfcpgen_tmo_push(l, now + l->r->opts.t1_ms * 1000000ull, slot,
				p);
}

/* T1 expiries: send again, or give up after N1 retransmissions. */
static int
pfcpgen_expire(struct pfcpgen_loop *l, uint64_t now)
{
	while (l->tmo_n > 0 && l->tmo[l->tmo_head].deadline_ns <= now) {
		struct pfcpgen_tmo e = l->tmo[l->tmo_head];
		struct pfcpgen_pend *p = &l->pend[e.slot];
		size_t len = 0;

		l->tmo_head = (l->tmo_head + 1) % l->tmo_cap;
		l->tmo_n--;
		if (!p->active || p->seq != e.seq || p->n_tx != e.n_tx)
			continue;
		if (p->n_tx > l->r->opts.n1) {
			l->r->ph[p->phase].timeouts++;
			if (p->phase == PFCPGEN_PH_ASSOC)
				l->r->assoc = PFCPGEN_AS_TIMEOUT;
			pfcpgen_release(l, p, e.slot, now);
			continue;
		}
		if (pfcpgen_build(l, p->phase, p->idx, p->seq, &len) ==
		    PFCP_OK)
			(void)pfcpgen_send(l, len);	/* lost if full */
		p->n_tx++;
		l->r->ph[p->phase].retrans++;
		if (pfcpgen_tmo_push(l, now + l->r->opts.t1_ms * 1000000ull,
				     e.slot, p) < 0)
			return -ENOMEM;
	}
	return 0;
}

static const uint8_t pfcpgen_resp_type[PFCPGEN_PH_MAX] = {
	[PFCPGEN_PH_ASSOC] = PFCP_MSG_ASSOC_SETUP_RESP,
	[PFCPGEN_PH_EST] = PFCP_MSG_SESS_EST_RESP,
	[PFCPGEN_PH_MOD] = PFCP_MSG_SESS_MOD_RESP,
	[PFCPGEN_PH_DEL] = PFCP_MSG_SESS_DEL_RESP,
};

/* The checks of a matched response, by phase. */
static enum pfcpgen_verdict
pfcpgen_judge(struct pfcpgen_loop *l, const struct pfcpgen_pend *p,
	      const struct pfcp_msg *m)
{
	struct pfcpgen_run *r = l->r;
	struct pfcpgen_est_result res;
	enum pfcpgen_verdict v;

	switch (p->phase) {
	case PFCPGEN_PH_ASSOC:
		v = pfcpgen_assoc_check(m);
		r->assoc_cause = m->cause;
		r->up_features_len = m->up_features_len;
		memcpy(r->up_features, m->up_features, m->up_features_len);
		r->assoc = v == PFCPGEN_ACCEPTED ? PFCPGEN_AS_ACCEPTED :
			   v == PFCPGEN_REFUSED ? PFCPGEN_AS_REFUSED :
			   PFCPGEN_AS_BAD;
		return v;
	case PFCPGEN_PH_EST:
		v = pfcpgen_est_check(&l->ctx, p->idx, m, &res);
		if (v != PFCPGEN_ACCEPTED)
			return v;
		l->sess[p->idx].up_seid = res.up_seid;
		l->sess[p->idx].established = true;
		if (p->idx == 0) {
			r->up_seid_first = res.up_seid;
			r->ul_teid_first = res.ul_teid;
			memcpy(r->ul_v4_first, res.ul_v4, 4);
		}
		return v;
	default:
		return pfcpgen_cause_check(&l->ctx, p->idx, m);
	}
}

/* Answer the user plane's Heartbeat Request (same sequence number). */
static void
pfcpgen_answer_hb(struct pfcpgen_loop *l, uint32_t seq)
{
	size_t len = 0;

	if (pfcpgen_hb_resp(&l->ctx, seq, l->txbuf, sizeof(l->txbuf), &len) ==
	    PFCP_OK && pfcpgen_send(l, len) == 0)
		l->r->rx.hb_answered++;
}

static void
pfcpgen_on_datagram(struct pfcpgen_loop *l, size_t n, uint64_t now)
{
	struct pfcpgen_rx_stats *rx = &l->r->rx;
	const struct pfcp_msg *m = &l->rx_msg;
	struct pfcpgen_phase_stats *ps;
	struct pfcpgen_pend *p;
	enum pfcp_err err;
	uint32_t slot;

	err = pfcp_msg_decode(l->rxbuf, n, &l->rx_msg, NULL);
	if (err == PFCP_E_TYPE) {
		rx->unexpected++;
		return;
	}
	if (err != PFCP_OK) {
		rx->malformed++;
		return;
	}
	if (m->hdr.type == PFCP_MSG_HEARTBEAT_REQ) {
		pfcpgen_answer_hb(l, m->hdr.seq);
		return;
	}
	slot = m->hdr.seq & (l->n_slots - 1);
	p = &l->pend[slot];
	if (!p->active || p->seq != m->hdr.seq) {
		/* a request of the user plane, or an answer nobody waits for */
		if (!pfcp_msg_type_is_request(m->hdr.type))
			rx->late++;
		else
			rx->unexpected++;
		return;
	}
	if (m->hdr.type != pfcpgen_resp_type[p->phase]) {
		rx->unexpected++;
		return;
	}
	ps = &l->r->ph[p->phase];
	ps->answered++;
	pfcpgen_stats_lat(ps, now - p->first_ns);
	switch (pfcpgen_judge(l, p, m)) {
	case PFCPGEN_ACCEPTED:
		ps->accepted++;
		break;
	case PFCPGEN_REFUSED:
		ps->refused++;
		ps->by_cause[m->cause]++;
		break;
	default:
		ps->bad++;
		break;
	}
	pfcpgen_release(l, p, slot, now);
}

static void
pfcpgen_rx_drain(struct pfcpgen_loop *l)
{
	struct sockaddr_in from;
	socklen_t flen;
	ssize_t n;
	int i;

	for (i = 0; i < PFCPGEN_RX_BUDGET; i++) {
		flen = sizeof(from);
		n = recvfrom(l->fd, l->rxbuf, sizeof(l->rxbuf), 0,
			     (struct sockaddr *)&from, &flen);
		if (n < 0)
			return;	/* EAGAIN, or an error the next poll shows */
		l->r->rx.datagrams++;
		if (flen != sizeof(from) || from.sin_family != AF_INET ||
		    from.sin_addr.s_addr != l->server.sin_addr.s_addr ||
		    from.sin_port != l->server.sin_port) {
			l->r->rx.foreign++;
			continue;
		}
		pfcpgen_on_datagram(l, (size_t)n, pfcpgen_now_ns());
	}
}

/* Sessions of @ph to leave out: not established by the est phase. */
static bool
pfcpgen_skip(struct pfcpgen_loop *l, uint32_t idx)
{
	if (l->cur == PFCPGEN_PH_MOD || l->cur == PFCPGEN_PH_DEL)
		return l->r->opts.phase[PFCPGEN_PH_EST] &&
		       !l->sess[idx].established;
	return false;
}

/* New requests while the window, the rate and the socket allow. */
static int
pfcpgen_fill(struct pfcpgen_loop *l, uint64_t now)
{
	int budget = PFCPGEN_TX_BUDGET, ret;

	while (l->next_idx < l->n_issue && l->n_free > 0 && !l->want_out &&
	       budget > 0) {
		if (pfcpgen_skip(l, l->next_idx)) {
			l->r->ph[l->cur].skipped++;
			l->next_idx++;
			continue;
		}
		if (l->period_ns != 0 && now < l->next_send_ns)
			break;
		ret = pfcpgen_send_new(l, l->next_idx, now);
		if (ret == -EAGAIN)
			break;
		if (ret < 0)
			return ret;
		l->next_idx++;
		budget--;
		if (l->period_ns != 0) {
			l->next_send_ns += l->period_ns;
			/* after a stall, no burst to catch up */
			if (l->next_send_ns + l->period_ns < now)
				l->next_send_ns = now;
		}
	}
	return 0;
}

/* Move to the next phase when this one is over; false at the end. */
static bool
pfcpgen_advance(struct pfcpgen_loop *l)
{
	const struct pfcpgen_opts *o = &l->r->opts;

	if (l->next_idx < l->n_issue || l->n_free < o->window)
		return true;
	if (l->cur == PFCPGEN_PH_ASSOC &&
	    l->r->assoc != PFCPGEN_AS_ACCEPTED && !o->keep_going)
		return false;
	do {
		l->cur++;
	} while (l->cur < PFCPGEN_PH_MAX && !o->phase[l->cur]);
	if (l->cur == PFCPGEN_PH_MAX)
		return false;
	l->next_idx = 0;
	l->n_issue = o->sessions;
	l->next_send_ns = pfcpgen_now_ns();
	return true;
}

/* How long ppoll may sleep: until the next T1 expiry or rate slot. */
static uint64_t
pfcpgen_wait_ns(const struct pfcpgen_loop *l, uint64_t now)
{
	uint64_t until = now + PFCPGEN_POLL_MAX_NS;

	if (l->tmo_n > 0 && l->tmo[l->tmo_head].deadline_ns < until)
		until = l->tmo[l->tmo_head].deadline_ns;
	if (l->next_idx < l->n_issue && l->n_free > 0 && !l->want_out) {
		if (l->period_ns == 0)
			return 0;
		if (l->next_send_ns < until)
			until = l->next_send_ns;
	}
	return until > now ? until - now : 0;
}

static int
pfcpgen_loop_run(struct pfcpgen_loop *l)
{
	struct pollfd pfd = { .fd = l->fd };
	struct timespec ts;
	uint64_t now, wait;
	int ret;

	while (!pfcpgen_stop) {
		now = pfcpgen_now_ns();
		ret = pfcpgen_expire(l, now);
		if (ret < 0)
			return ret;
		if (!pfcpgen_advance(l))
			return 0;
		ret = pfcpgen_fill(l, now);
		if (ret < 0)
			return ret;
		wait = pfcpgen_wait_ns(l, pfcpgen_now_ns());
		pfd.events = POLLIN | (l->want_out ? POLLOUT : 0);
		ts.tv_sec = (time_t)(wait / 1000000000ull);
		ts.tv_nsec = (long)(wait % 1000000000ull);
		ret = ppoll(&pfd, 1, &ts, NULL);
		if (ret < 0 && errno != EINTR)
			return -errno;
		if (ret > 0 && (pfd.revents & POLLOUT))
			l->want_out = false;
		if (ret > 0 && (pfd.revents & (POLLIN | POLLERR)))
			pfcpgen_rx_drain(l);
	}
	l->r->interrupted = true;
	return 0;
}

/* Our address towards the server: the source the kernel would choose. */
static int
pfcpgen_route_src(const struct sockaddr_in *server, uint32_t *v4)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	int fd, ret = 0;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (const struct sockaddr *)server, sizeof(*server)) <
	    0 || getsockname(fd, (struct sockaddr *)&a, &alen) < 0)
		ret = -errno;
	else
		*v4 = a.sin_addr.s_addr;
	close(fd);
	return ret;
}

static int
pfcpgen_socket_open(struct pfcpgen_loop *l)
{
	struct pfcpgen_opts *o = &l->r->opts;
	struct sockaddr_in local = { .sin_family = AF_INET };
	char a[INET_ADDRSTRLEN];
	int buf = PFCPGEN_SOCK_BUF, ret;

	l->server.sin_family = AF_INET;
	l->server.sin_addr.s_addr = o->server_v4;
	l->server.sin_port = htons(o->server_port);
	if (o->local_v4 == 0) {
		ret = pfcpgen_route_src(&l->server, &o->local_v4);
		if (ret < 0) {
			fprintf(stderr, "srpgw-pfcpgen: no route to the "
				"server: %s\n", strerror(-ret));
			return ret;
		}
	}
	l->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (l->fd < 0) {
		ret = -errno;
		fprintf(stderr, "srpgw-pfcpgen: socket: %s\n", strerror(errno));
		return ret;
	}
	/* best effort: bursts of a window of responses */
	(void)setsockopt(l->fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	(void)setsockopt(l->fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	local.sin_addr.s_addr = o->local_v4;
	local.sin_port = htons(o->local_port);
	if (bind(l->fd, (const struct sockaddr *)&local, sizeof(local)) < 0) {
		ret = -errno;
		inet_ntop(AF_INET, &o->local_v4, a, sizeof(a));
		fprintf(stderr, "srpgw-pfcpgen: bind %s:%u: %s (choose "
			"another with --local A:PORT)\n", a, o->local_port,
			strerror(errno));
		close(l->fd);
		return ret;
	}
	return 0;
}

static int
pfcpgen_loop_init(struct pfcpgen_loop *l, struct pfcpgen_run *r)
{
	const struct pfcpgen_opts *o = &r->opts;
	uint64_t st = o->seed;
	uint32_t i, gen0;
	int ph;

	l->r = r;
	l->fd = -1;
	while ((1u << l->slot_bits) < o->window)
		l->slot_bits++;
	l->n_slots = 1u << l->slot_bits;
	l->pend = calloc(l->n_slots, sizeof(*l->pend));
	l->slot_gen = calloc(l->n_slots, sizeof(*l->slot_gen));
	l->free_slots = calloc(l->n_slots, sizeof(*l->free_slots));
	l->sess = calloc(o->sessions, sizeof(*l->sess));
	if (l->pend == NULL || l->slot_gen == NULL || l->free_slots == NULL ||
	    l->sess == NULL)
		return -ENOMEM;
	/* Slots past the window (a power of 2 above it) are never used. */
	gen0 = (uint32_t)pfcpgen_mix(&st);
	for (i = 0; i < l->n_slots; i++)
		l->slot_gen[i] = gen0;
	for (i = 0; i < o->window; i++)
		l->free_slots[l->n_free++] = o->window - 1 - i;
	for (ph = 0; ph < PFCPGEN_PH_MAX; ph++)
		if (pfcpgen_stats_reserve(&r->ph[ph],
					  ph == PFCPGEN_PH_ASSOC ? 1 :
					  o->sessions) < 0)
			return -ENOMEM;
	l->ctx.cp_seid_base = (pfcpgen_mix(&st) & 0xffffffff00000000ull) | 1;
	l->ctx.gnb_teid_base = ((uint32_t)pfcpgen_mix(&st) & 0x7fffffffu) | 1;
	l->ctx.recovery_ts = (uint32_t)(time(NULL) + PFCPGEN_NTP_OFFSET);
	l->ctx.ue_base = o->ue_base;
	memcpy(l->ctx.gnb_v4, &o->gnb_v4, 4);
	l->period_ns = o->rate ? 1000000000ull / o->rate : 0;
	l->cur = PFCPGEN_PH_ASSOC;
	l->n_issue = 1;
	return 0;
}

static void
pfcpgen_loop_free(struct pfcpgen_loop *l)
{
	int ph;

	if (l->fd >= 0)
		close(l->fd);
	free(l->pend);
	free(l->slot_gen);
	free(l->free_slots);
	free(l->sess);
	free(l->tmo);
	for (ph = 0; ph < PFCPGEN_PH_MAX; ph++)
		pfcpgen_stats_free(&l->r->ph[ph]);
}

int
main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = pfcpgen_on_signal };
	static struct pfcpgen_run run;
	struct pfcpgen_loop *l;
	char err[256];
	int ret;

	ret = pfcpgen_args_parse(&run.opts, argc, argv, err, sizeof(err));
	if (ret == 1)
		return 0;
	if (ret < 0) {
		fprintf(stderr, "srpgw-pfcpgen: %s\n", err);
		return 2;
	}
	l = calloc(1, sizeof(*l));
	if (l == NULL || pfcpgen_loop_init(l, &run) < 0) {
		fprintf(stderr, "srpgw-pfcpgen: out of memory for %u "
			"sessions\n", run.opts.sessions);
		return 1;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	ret = pfcpgen_socket_open(l);
	if (ret == 0) {
		memcpy(l->ctx.cp_v4, &run.opts.local_v4, 4);
		ret = pfcpgen_loop_run(l);
		if (ret < 0)
			fprintf(stderr, "srpgw-pfcpgen: %s\n",
				strerror(-ret));
		pfcpgen_report(&run);
	}
	pfcpgen_loop_free(l);
	free(l);
	if (ret < 0)
		return 1;
	return pfcpgen_all_accepted(&run) ? 0 : 1;
}
