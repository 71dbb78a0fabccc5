/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Deferred reclamation for the control lcore (liburcu QSBR): objects the
 * workers may still read are queued, a grace period is started with
 * call_rcu() and the objects are released by a later non-blocking poll on
 * the control lcore once it has ended. Nothing here waits except
 * dp_rcu_defer_drain() (shutdown only).
 */
#ifndef DP_RCU_H
#define DP_RCU_H

#include <stdbool.h>
#include <stdint.h>

/* Link embedded in a retired object. */
struct dp_rcu_node {
	struct dp_rcu_node	*next;
};

/** Releases one retired object after its grace period. Context: control. */
typedef void dp_rcu_release_fn(void *arg, struct dp_rcu_node *n);

struct dp_rcu_batch;

/*
 * Objects released per dp_rcu_defer_poll() at most (unless poll_max says
 * otherwise): a poll runs on the reactor and a single batch can hold every
 * session of a `session delete all`.
 */
#define DP_RCU_POLL_MAX		1024u

/* A deferred-reclaim queue. One owner thread (the control lcore). */
struct dp_rcu_defer {
	dp_rcu_release_fn	*release;
	void			*arg;
	struct dp_rcu_node	*open;		/* retired, no grace period yet */
	uint32_t		n_open;
	struct dp_rcu_batch	*flight;	/* grace period started */
	uint32_t		n_flight;	/* nodes in @flight */
	uint32_t		n_ready;	/* of those: grace period over,
						 * left by the last poll */
	uint32_t		poll_max;	/* 0: DP_RCU_POLL_MAX */
	uint32_t		max_poll_released; /* most by one poll */
	uint64_t		n_gp_started;
	uint64_t		n_released;
	uint64_t		n_polls;
};

/**
 * Register the calling (control) thread with liburcu QSBR, offline: it is
 * not a reader, but call_rcu() wants a registered thread, and an online
 * QSBR thread that never reports a quiescent state would stall every grace
 * period. Counted: the thread is unregistered by the last
 * dp_rcu_ctl_thread_exit(). Use this, not rcu_register_thread(), on any
 * thread that also uses a deferred-reclaim queue.
 * Context: control.
 */
void dp_rcu_ctl_thread_enter(void);

/** Undo one dp_rcu_ctl_thread_enter(). Context: control. */
void dp_rcu_ctl_thread_exit(void);

/**
 * Set up @d; dp_rcu_ctl_thread_enter() for the calling thread.
 * Context: control.
 */
void dp_rcu_defer_init(struct dp_rcu_defer *d, dp_rcu_release_fn *release,
		       void *arg);

/** Queue @n for release after a grace period. Context: control. */
void dp_rcu_defer_add(struct dp_rcu_defer *d, struct dp_rcu_node *n);

/**
 * Release objects whose grace period has ended, at most poll_max
 * (DP_RCU_POLL_MAX) of them, and start one grace period (call_rcu) for
 * those queued since the last poll. Never blocks. When objects whose grace
 * period is over remain (dp_rcu_defer_ready()), poll again soon.
 * Context: control.
 * @return number of objects released
 */
unsigned int dp_rcu_defer_poll(struct dp_rcu_defer *d);

/**
 * Release everything, waiting for one grace period (synchronize_rcu).
 * Blocks: for shutdown and tests only, never on the live reactor.
 * Context: control, not inside a read-side critical section.
 * @return number of objects released
 */
unsigned int dp_rcu_defer_drain(struct dp_rcu_defer *d);

/**
 * dp_rcu_defer_drain(), then unregister the thread when this was its last
 * queue. Context: control (the thread that called init).
 */
void dp_rcu_defer_fini(struct dp_rcu_defer *d);

/** Objects queued and not yet released. Context: control. */
static inline uint32_t
dp_rcu_defer_pending(const struct dp_rcu_defer *d)
{
	return d->n_open + d->n_flight;
}

/**
 * Objects the last poll found past their grace period but left for the
 * next one (its budget was used up). Context: control.
 */
static inline uint32_t
dp_rcu_defer_ready(const struct dp_rcu_defer *d)
{
	return d->n_ready;
}

#endif /* DP_RCU_H */
