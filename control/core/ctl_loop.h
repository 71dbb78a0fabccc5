/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control lcore's reactor: one epoll set for file descriptors plus
 * timers (one timerfd each). Single-threaded. Context: control.
 */
#ifndef CTL_LOOP_H
#define CTL_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct ctl_loop;
struct ctl_timer;

/* Called with the epoll events (EPOLLIN, EPOLLOUT, EPOLLHUP, ...). */
typedef void ctl_fd_fn(struct ctl_loop *loop, int fd, uint32_t events,
		       void *arg);
typedef void ctl_timer_fn(struct ctl_loop *loop, struct ctl_timer *t,
			  void *arg);

/** @return a new loop, or NULL with errno set */
struct ctl_loop *ctl_loop_new(void);

/** Close every fd the loop owns (timers), free it. Watched fds stay open. */
void ctl_loop_free(struct ctl_loop *loop);

/**
 * Watch @fd for @events; @name (a string literal) names the callback in the
 * slow-callback statistics. ctl_loop_fd_add() passes the function's name.
 * @return 0, -EEXIST, or -errno from epoll_ctl
 */
int ctl_loop_fd_add_named(struct ctl_loop *loop, int fd, uint32_t events,
			  ctl_fd_fn *fn, void *arg, const char *name);
#define ctl_loop_fd_add(loop, fd, events, fn, arg) \
	ctl_loop_fd_add_named(loop, fd, events, fn, arg, #fn)
/** Change the events watched on @fd. */
int ctl_loop_fd_mod(struct ctl_loop *loop, int fd, uint32_t events);
/** Stop watching @fd (does not close it). Safe from inside a callback. */
int ctl_loop_fd_del(struct ctl_loop *loop, int fd);

/**
 * Start a timer firing after @first_ms and then every @period_ms (0: one
 * shot). Millisecond resolution on CLOCK_MONOTONIC.
 * @return the timer, or NULL with errno set
 */
struct ctl_timer *ctl_loop_timer_add_named(struct ctl_loop *loop,
					   uint64_t first_ms,
					   uint64_t period_ms,
					   ctl_timer_fn *fn, void *arg,
					   const char *name);
#define ctl_loop_timer_add(loop, first_ms, period_ms, fn, arg) \
	ctl_loop_timer_add_named(loop, first_ms, period_ms, fn, arg, #fn)
/** Re-arm an existing timer. @return 0 or -errno */
int ctl_loop_timer_set(struct ctl_timer *t, uint64_t first_ms,
		       uint64_t period_ms);
/** Stop and free a timer. Safe from inside its own callback. */
void ctl_loop_timer_del(struct ctl_timer *t);

/**
 * Disarm a timer without freeing it; ctl_loop_timer_set() arms it again.
 * Context: control.
 * @return 0, -EINVAL for a NULL or deleted timer, or -errno from
 *	timerfd_settime
 */
int ctl_loop_timer_stop(struct ctl_timer *t);

/**
 * Number of expirations the running callback of @t covers: 1 normally, more
 * when the loop was late and periods were missed (the callback is called once
 * per wake-up, not once per missed period). Context: control.
 * @return the count read from the timerfd for the latest callback
 */
uint64_t ctl_loop_timer_expirations(const struct ctl_timer *t);

/**
 * Run until ctl_loop_stop(). @return 0 after a stop, -errno on epoll failure
 */
int ctl_loop_run(struct ctl_loop *loop);

/**
 * Make ctl_loop_run return after the current callback. Only sets a flag, so
 * it is async-signal-safe; from a signal handler it takes effect when the
 * signal interrupts epoll_wait on the control thread (or use a signalfd).
 */
void ctl_loop_stop(struct ctl_loop *loop);

/* Default slow-callback threshold: a callback longer than this is counted. */
#define CTL_LOOP_SLOW_US_DEFAULT	5000
/* Distinct callback names the slow-callback statistics keep apart. */
#define CTL_LOOP_SLOW_NAMES		24

/* Slow callbacks of one name (the callback function's). */
struct ctl_loop_slow_entry {
	const char	*name;
	uint64_t	n_slow;		/* callbacks over the threshold */
	uint64_t	max_us;		/* longest of them */
	uint64_t	last_us;	/* the latest of them */
	uint64_t	last_ms;	/* when it ended (ctl_loop_now_ms) */
};

/* What the reactor measured since it was created. */
struct ctl_loop_slow_stats {
	uint64_t	threshold_us;
	uint64_t	n_callbacks;	/* every callback run */
	uint64_t	n_slow;		/* over the threshold, all names */
	uint64_t	n_slow_unnamed;	/* names beyond CTL_LOOP_SLOW_NAMES */
	uint64_t	max_us;		/* longest callback of all */
	const char	*max_name;	/* its name */
	unsigned int	n_entries;
	struct ctl_loop_slow_entry entries[CTL_LOOP_SLOW_NAMES];
};

/**
 * Count (and log, at most once a second) callbacks that run longer than
 * @us microseconds (0: CTL_LOOP_SLOW_US_DEFAULT).
 */
void ctl_loop_slow_threshold_set(struct ctl_loop *loop, uint64_t us);

/**
 * Copy the slow-callback statistics. Context: control.
 */
void ctl_loop_slow_get(const struct ctl_loop *loop,
		       struct ctl_loop_slow_stats *st);

/** Monotonic milliseconds (CLOCK_MONOTONIC). */
uint64_t ctl_loop_now_ms(void);

/** Wall-clock milliseconds since the Unix epoch (CLOCK_REALTIME). */
uint64_t ctl_loop_wall_ms(void);

#endif /* CTL_LOOP_H */
