/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Deferred reclamation without blocking the control lcore: retired objects
 * are batched, each batch gets one call_rcu() whose callback (liburcu's
 * call_rcu thread, after a grace period) only marks the batch done; the
 * control lcore releases done batches itself on its next poll, so the
 * release functions run on the table writer's thread.
 */
#include <stdlib.h>

#include <urcu-qsbr.h>

#include "dp_rcu.h"

/* Batch states: of the callback and a drain, the second one frees it. */
enum dp_rcu_batch_state {
	DP_RCU_B_WAIT = 0,	/* grace period running */
	DP_RCU_B_DONE,		/* callback ran: the control lcore frees it */
	DP_RCU_B_ORPHAN,	/* drained first: the callback frees it */
};

struct dp_rcu_batch {
	struct rcu_head		head;
	struct dp_rcu_batch	*next;
	struct dp_rcu_node	*list;
	uint32_t		n;
	int			state;	/* enum dp_rcu_batch_state (atomic) */
};

/* Users of this thread (queues, enter calls): registered while non-zero. */
static __thread unsigned int dp_rcu_n_queues;

static void
dp_rcu_batch_done(struct rcu_head *h)
{
	struct dp_rcu_batch *b = caa_container_of(h, struct dp_rcu_batch,
						  head);

	/* Last access unless orphaned: the control lcore may free @b as
	 * soon as it sees DONE. */
	if (__atomic_exchange_n(&b->state, DP_RCU_B_DONE, __ATOMIC_ACQ_REL) ==
	    DP_RCU_B_ORPHAN)
		free(b);
}

void
dp_rcu_ctl_thread_enter(void)
{
	if (dp_rcu_n_queues++ == 0) {
		/* A QSBR thread online blocks grace periods: this one is
		 * not a reader, so it stays offline except in call_rcu(). */
		rcu_register_thread();
		rcu_thread_offline();
	}
}

void
dp_rcu_ctl_thread_exit(void)
{
	if (dp_rcu_n_queues > 0 && --dp_rcu_n_queues == 0)
		rcu_unregister_thread();
}

void
dp_rcu_defer_init(struct dp_rcu_defer *d, dp_rcu_release_fn *release,
		  void *arg)
{
	*d = (struct dp_rcu_defer){ .release = release, .arg = arg };
	dp_rcu_ctl_thread_enter();
}

void
dp_rcu_defer_add(struct dp_rcu_defer *d, struct dp_rcu_node *n)
{
	n->next = d->open;
	d->open = n;
	d->n_open++;
}

/* Release the nodes of list @n. */
static unsigned int
dp_rcu_list_release(struct dp_rcu_defer *d, struct dp_rcu_node *n)
{
	struct dp_rcu_node *next;
	unsigned int cnt = 0;

	for (; n != NULL; n = next) {
		next = n->next;
		d->release(d->arg, n);
		cnt++;
	}
	return cnt;
}

/*
 * Release at most @max nodes of done batch @b, from its head. @return how
 * many; @b keeps the rest.
 */
static unsigned int
dp_rcu_batch_release(struct dp_rcu_defer *d, struct dp_rcu_batch *b,
		     unsigned int max)
{
	struct dp_rcu_node *n;
	unsigned int cnt = 0;

	while (cnt < max && (n = b->list) != NULL) {
		b->list = n->next;
		d->release(d->arg, n);
		cnt++;
	}
	b->n -= cnt;
	d->n_flight -= cnt;
	return cnt;
}

unsigned int
dp_rcu_defer_poll(struct dp_rcu_defer *d)
{
	unsigned int max = d->poll_max != 0 ? d->poll_max :
			   DP_RCU_POLL_MAX;
	struct dp_rcu_batch **link, *b;
	unsigned int cnt = 0;

	d->n_ready = 0;
	for (link = &d->flight; *link != NULL;) {
		b = *link;
		if (__atomic_load_n(&b->state, __ATOMIC_ACQUIRE) !=
		    DP_RCU_B_DONE) {
			link = &b->next;
			continue;
		}
		/*
		 * A batch may hold a million objects (session delete all):
		 * release a bounded number per poll so that one reactor
		 * turn stays short; the rest waits for the next poll.
		 */
		if (cnt < max)
			cnt += dp_rcu_batch_release(d, b, max - cnt);
		if (b->list != NULL) {
			d->n_ready += b->n;
			link = &b->next;
			continue;
		}
		*link = b->next;
		free(b);
	}
	if (d->open != NULL) {
		b = calloc(1, sizeof(*b));
		if (b != NULL) {	/* else: try again next poll */
			b->list = d->open;
			b->n = d->n_open;
			d->open = NULL;
			d->n_open = 0;
			d->n_flight += b->n;
			b->next = d->flight;
			d->flight = b;
			d->n_gp_started++;
			rcu_thread_online();
			call_rcu(&b->head, dp_rcu_batch_done);
			rcu_thread_offline();
		}
	}
	d->n_released += cnt;
	d->n_polls++;
	if (cnt > d->max_poll_released)
		d->max_poll_released = cnt;
	return cnt;
}

unsigned int
dp_rcu_defer_drain(struct dp_rcu_defer *d)
{
	struct dp_rcu_batch *b, *next;
	unsigned int cnt;

	if (dp_rcu_defer_pending(d) == 0)
		return 0;
	/* One grace period after every retirement so far: everything may
	 * go now, whether or not the callbacks have run yet. */
	synchronize_rcu();
	cnt = dp_rcu_list_release(d, d->open);
	d->open = NULL;
	d->n_open = 0;
	for (b = d->flight; b != NULL; b = next) {
		next = b->next;
		cnt += dp_rcu_list_release(d, b->list);
		if (__atomic_exchange_n(&b->state, DP_RCU_B_ORPHAN,
					__ATOMIC_ACQ_REL) == DP_RCU_B_DONE)
			free(b);
	}
	d->flight = NULL;
	d->n_flight = 0;
	d->n_ready = 0;
	d->n_released += cnt;
	return cnt;
}

void
dp_rcu_defer_fini(struct dp_rcu_defer *d)
{
	dp_rcu_defer_drain(d);
	dp_rcu_ctl_thread_exit();
}
