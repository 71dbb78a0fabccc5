/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control reactor: one epoll set watching file descriptors and one
 * timerfd per timer, dispatched on the control lcore. Context: control.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/queue.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "ctl_log.h"
#include "ctl_loop.h"

/* Events taken from the kernel per epoll_wait call. */
#define CTL_LOOP_BATCH		32
/* Longest timer accepted: about 31 years, far below timespec overflow. */
#define CTL_LOOP_MAX_MS		(1000ULL * 1000 * 1000 * 1000)

enum ctl_src_kind {
	CTL_SRC_FD,
	CTL_SRC_TIMER,
};

/*
 * Common head of everything in the epoll set: epoll_event.data.ptr points
 * here. A source removed while a batch is being dispatched is marked dead
 * and parked on the dead list, so that events of the same batch that still
 * point at it are skipped instead of touching freed memory.
 */
struct ctl_src {
	TAILQ_ENTRY(ctl_src)	next;
	enum ctl_src_kind	kind;
	bool			dead;
	int			fd;
};

TAILQ_HEAD(ctl_src_list, ctl_src);

struct ctl_watch {
	struct ctl_src		src;	/* first: cast from ctl_src */
	const char		*name;
	ctl_fd_fn		*fn;
	void			*arg;
	uint32_t		events;
};

struct ctl_timer {
	struct ctl_src		src;	/* first: cast from ctl_src */
	const char		*name;
	struct ctl_loop		*loop;
	ctl_timer_fn		*fn;
	void			*arg;
	uint64_t		n_expired;	/* of the current callback */
};

struct ctl_loop {
	struct ctl_src_list	live;
	struct ctl_src_list	dead;
	int			epfd;
	unsigned int		depth;	/* > 0 while dispatching a batch */
	volatile sig_atomic_t	stop;
	uint64_t		slow_us;	/* threshold */
	uint64_t		slow_log_ms;	/* last slow-callback log line */
	uint64_t		slow_unlogged;	/* slow ones since that line */
	struct ctl_loop_slow_stats slow;	/* written by the reactor only */
};

static void
ctl_loop_src_free(struct ctl_src *s)
{
	if (s->kind == CTL_SRC_TIMER && s->fd >= 0)
		close(s->fd);
	free(s);
}

/* Unlink a live source; free it now or after the batch being dispatched. */
static void
ctl_loop_src_retire(struct ctl_loop *loop, struct ctl_src *s)
{
	TAILQ_REMOVE(&loop->live, s, next);
	s->dead = true;
	if (s->kind == CTL_SRC_TIMER) {
		/* Closing drops the timerfd from the epoll set as well. */
		close(s->fd);
		s->fd = -1;
	}
	if (loop->depth > 0)
		TAILQ_INSERT_TAIL(&loop->dead, s, next);
	else
		ctl_loop_src_free(s);
}

static void
ctl_loop_reap(struct ctl_loop *loop)
{
	struct ctl_src *s;

	while ((s = TAILQ_FIRST(&loop->dead)) != NULL) {
		TAILQ_REMOVE(&loop->dead, s, next);
		ctl_loop_src_free(s);
	}
}

struct ctl_loop *
ctl_loop_new(void)
{
	struct ctl_loop *loop;

	loop = calloc(1, sizeof(*loop));
	if (loop == NULL)
		return NULL;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		int err = errno;

		free(loop);
		errno = err;
		return NULL;
	}
	TAILQ_INIT(&loop->live);
	TAILQ_INIT(&loop->dead);
	loop->slow_us = CTL_LOOP_SLOW_US_DEFAULT;
	loop->slow.threshold_us = CTL_LOOP_SLOW_US_DEFAULT;
	return loop;
}

void
ctl_loop_free(struct ctl_loop *loop)
{
	struct ctl_src *s;

	if (loop == NULL)
		return;
	while ((s = TAILQ_FIRST(&loop->live)) != NULL) {
		TAILQ_REMOVE(&loop->live, s, next);
		ctl_loop_src_free(s);
	}
	ctl_loop_reap(loop);
	close(loop->epfd);
	free(loop);
}

static struct ctl_watch *
ctl_loop_watch_find(struct ctl_loop *loop, int fd)
{
	struct ctl_src *s;

	TAILQ_FOREACH(s, &loop->live, next) {
		if (s->kind == CTL_SRC_FD && s->fd == fd)
			return (struct ctl_watch *)s;
	}
	return NULL;
}

int
ctl_loop_fd_add_named(struct ctl_loop *loop, int fd, uint32_t events,
		      ctl_fd_fn *fn, void *arg, const char *name)
{
	struct epoll_event ev;
	struct ctl_watch *w;

	if (loop == NULL || fd < 0 || fn == NULL)
		return -EINVAL;
	if (ctl_loop_watch_find(loop, fd) != NULL)
		return -EEXIST;
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return -ENOMEM;
	w->src.kind = CTL_SRC_FD;
	w->src.fd = fd;
	w->fn = fn;
	w->arg = arg;
	w->events = events;
	w->name = name != NULL ? name : "?";

	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.ptr = &w->src;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		int ret = -errno;

		free(w);
		return ret;
	}
	TAILQ_INSERT_TAIL(&loop->live, &w->src, next);
	return 0;
}

int
ctl_loop_fd_mod(struct ctl_loop *loop, int fd, uint32_t events)
{
	struct epoll_event ev;
	struct ctl_watch *w;

	if (loop == NULL)
		return -EINVAL;
	w = ctl_loop_watch_find(loop, fd);
	if (w == NULL)
		return -ENOENT;
	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.ptr = &w->src;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_MOD, fd, &ev) < 0)
		return -errno;
	w->events = events;
	return 0;
}

int
ctl_loop_fd_del(struct ctl_loop *loop, int fd)
{
	struct ctl_watch *w;
	int ret = 0;

	if (loop == NULL)
		return -EINVAL;
	w = ctl_loop_watch_find(loop, fd);
	if (w == NULL)
		return -ENOENT;
	/*
	 * A caller that closed the fd first already lost the epoll entry
	 * (EBADF/ENOENT): the watch is still dropped, that is not an error.
	 */
	if (epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, NULL) < 0 &&
	    errno != EBADF && errno != ENOENT)
		ret = -errno;
	ctl_loop_src_retire(loop, &w->src);
	return ret;
}

static int
ctl_loop_timer_arm(int fd, uint64_t first_ms, uint64_t period_ms)
{
	struct itimerspec its;

	if (first_ms > CTL_LOOP_MAX_MS || period_ms > CTL_LOOP_MAX_MS)
		return -EINVAL;
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = first_ms / 1000;
	its.it_value.tv_nsec = (long)(first_ms % 1000) * 1000000L;
	/* An all-zero it_value would disarm: 0 ms means "as soon as possible". */
	if (first_ms == 0)
		its.it_value.tv_nsec = 1;
	its.it_interval.tv_sec = period_ms / 1000;
	its.it_interval.tv_nsec = (long)(period_ms % 1000) * 1000000L;
	if (timerfd_settime(fd, 0, &its, NULL) < 0)
		return -errno;
	return 0;
}

struct ctl_timer *
ctl_loop_timer_add_named(struct ctl_loop *loop, uint64_t first_ms,
			 uint64_t period_ms, ctl_timer_fn *fn, void *arg,
			 const char *name)
{
	struct epoll_event ev;
	struct ctl_timer *t;
	int ret;

	if (loop == NULL || fn == NULL) {
		errno = EINVAL;
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	t->src.kind = CTL_SRC_TIMER;
	t->loop = loop;
	t->fn = fn;
	t->arg = arg;
	t->name = name != NULL ? name : "?";
	t->src.fd = timerfd_create(CLOCK_MONOTONIC,
				   TFD_NONBLOCK | TFD_CLOEXEC);
	if (t->src.fd < 0) {
		ret = -errno;
		goto out_free;
	}
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.ptr = &t->src;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, t->src.fd, &ev) < 0) {
		ret = -errno;
		goto out_close;
	}
	ret = ctl_loop_timer_arm(t->src.fd, first_ms, period_ms);
	if (ret < 0)
		goto out_close;	/* closing the fd also leaves the epoll set */
	TAILQ_INSERT_TAIL(&loop->live, &t->src, next);
	return t;

out_close:
	close(t->src.fd);
out_free:
	free(t);
	errno = -ret;
	return NULL;
}

int
ctl_loop_timer_set(struct ctl_timer *t, uint64_t first_ms, uint64_t period_ms)
{
	if (t == NULL || t->src.dead)
		return -EINVAL;
	return ctl_loop_timer_arm(t->src.fd, first_ms, period_ms);
}

int
ctl_loop_timer_stop(struct ctl_timer *t)
{
	struct itimerspec its;

	if (t == NULL || t->src.dead)
		return -EINVAL;
	memset(&its, 0, sizeof(its));
	if (timerfd_settime(t->src.fd, 0, &its, NULL) < 0)
		return -errno;
	return 0;
}

uint64_t
ctl_loop_timer_expirations(const struct ctl_timer *t)
{
	return t == NULL ? 0 : t->n_expired;
}

void
ctl_loop_timer_del(struct ctl_timer *t)
{
	if (t == NULL || t->src.dead)
		return;
	ctl_loop_src_retire(t->loop, &t->src);
}

static uint64_t
ctl_loop_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* Relaxed store: a reader on another thread sees whole values. */
#define SLOW_SET(field, val) \
	__atomic_store_n(&(field), (val), __ATOMIC_RELAXED)

static struct ctl_loop_slow_entry *
ctl_loop_slow_entry(struct ctl_loop *loop, const char *name)
{
	struct ctl_loop_slow_stats *st = &loop->slow;
	unsigned int i;

	/* Names are literals: one pointer per callback function. */
	for (i = 0; i < st->n_entries; i++)
		if (st->entries[i].name == name)
			return &st->entries[i];
	if (st->n_entries == CTL_LOOP_SLOW_NAMES)
		return NULL;
	st->entries[i].name = name;
	SLOW_SET(st->n_entries, i + 1);
	return &st->entries[i];
}

/* Account one callback of @name that took @us microseconds. */
static void
ctl_loop_slow_note(struct ctl_loop *loop, const char *name, uint64_t us)
{
	struct ctl_loop_slow_stats *st = &loop->slow;
	struct ctl_loop_slow_entry *e;
	uint64_t now_ms;

	SLOW_SET(st->n_callbacks, st->n_callbacks + 1);
	if (us > st->max_us) {
		SLOW_SET(st->max_name, name);
		SLOW_SET(st->max_us, us);
	}
	if (us <= loop->slow_us)
		return;
	now_ms = ctl_loop_now_ms();
	SLOW_SET(st->n_slow, st->n_slow + 1);
	e = ctl_loop_slow_entry(loop, name);
	if (e == NULL) {
		SLOW_SET(st->n_slow_unnamed, st->n_slow_unnamed + 1);
	} else {
		SLOW_SET(e->n_slow, e->n_slow + 1);
		SLOW_SET(e->last_us, us);
		SLOW_SET(e->last_ms, now_ms);
		if (us > e->max_us)
			SLOW_SET(e->max_us, us);
	}
	/* At most one line a second, saying how many were not logged. */
	if (loop->slow_log_ms != 0 && now_ms - loop->slow_log_ms < 1000) {
		loop->slow_unlogged++;
		return;
	}
	CTL_LOG(WARNING, "slow reactor callback %s: %" PRIu64 ".%03" PRIu64
		" ms (threshold %" PRIu64 " ms); %" PRIu64
		" more slow since the last such line", name, us / 1000,
		us % 1000, loop->slow_us / 1000, loop->slow_unlogged);
	loop->slow_log_ms = now_ms;
	loop->slow_unlogged = 0;
}

void
ctl_loop_slow_threshold_set(struct ctl_loop *loop, uint64_t us)
{
	if (loop == NULL)
		return;
	loop->slow_us = us != 0 ? us : CTL_LOOP_SLOW_US_DEFAULT;
	SLOW_SET(loop->slow.threshold_us, loop->slow_us);
}

#define SLOW_GET(field) __atomic_load_n(&(field), __ATOMIC_RELAXED)

void
ctl_loop_slow_get(const struct ctl_loop *loop, struct ctl_loop_slow_stats *st)
{
	const struct ctl_loop_slow_stats *s = &loop->slow;
	unsigned int i, n;

	memset(st, 0, sizeof(*st));
	st->threshold_us = SLOW_GET(s->threshold_us);
	st->n_callbacks = SLOW_GET(s->n_callbacks);
	st->n_slow = SLOW_GET(s->n_slow);
	st->n_slow_unnamed = SLOW_GET(s->n_slow_unnamed);
	st->max_us = SLOW_GET(s->max_us);
	st->max_name = SLOW_GET(s->max_name);
	n = SLOW_GET(s->n_entries);
	for (i = 0; i < n && i < CTL_LOOP_SLOW_NAMES; i++) {
		st->entries[i].name = SLOW_GET(s->entries[i].name);
		st->entries[i].n_slow = SLOW_GET(s->entries[i].n_slow);
		st->entries[i].max_us = SLOW_GET(s->entries[i].max_us);
		st->entries[i].last_us = SLOW_GET(s->entries[i].last_us);
		st->entries[i].last_ms = SLOW_GET(s->entries[i].last_ms);
	}
	st->n_entries = i;
}

static void
ctl_loop_timer_fire(struct ctl_loop *loop, struct ctl_timer *t)
{
	const char *name;
	uint64_t n, t0;
	ssize_t r;

	r = read(t->src.fd, &n, sizeof(n));
	/*
	 * EAGAIN: the timer was re-armed or stopped by an earlier callback of
	 * this batch after the kernel reported it; nothing is due any more.
	 */
	if (r != (ssize_t)sizeof(n) || n == 0)
		return;
	t->n_expired = n;
	name = t->name;
	t0 = ctl_loop_now_us();
	t->fn(loop, t, t->arg);
	ctl_loop_slow_note(loop, name, ctl_loop_now_us() - t0);
}

int
ctl_loop_run(struct ctl_loop *loop)
{
	struct epoll_event ev[CTL_LOOP_BATCH];
	int ret = 0;
	int i, n;

	if (loop == NULL)
		return -EINVAL;
	while (!loop->stop) {
		n = epoll_wait(loop->epfd, ev, CTL_LOOP_BATCH, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			CTL_LOG(ERR, "epoll_wait: %s", strerror(errno));
			break;
		}
		loop->depth++;
		for (i = 0; i < n && !loop->stop; i++) {
			struct ctl_src *s = ev[i].data.ptr;

			if (s->dead)
				continue;
			if (s->kind == CTL_SRC_FD) {
				struct ctl_watch *w = (struct ctl_watch *)s;
				const char *name = w->name;
				uint64_t t0 = ctl_loop_now_us();

				w->fn(loop, s->fd, ev[i].events, w->arg);
				ctl_loop_slow_note(loop, name,
						   ctl_loop_now_us() - t0);
			} else {
				ctl_loop_timer_fire(loop,
						    (struct ctl_timer *)s);
			}
		}
		loop->depth--;
		ctl_loop_reap(loop);
	}
	/* Leave the loop runnable again. */
	loop->stop = 0;
	return ret;
}

void
ctl_loop_stop(struct ctl_loop *loop)
{
	if (loop != NULL)
		loop->stop = 1;
}

uint64_t
ctl_loop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t
ctl_loop_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}
