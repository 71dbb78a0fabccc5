/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Session tables: retired objects wait on a QSBR defer queue; once their
 * grace period is over their key slots, counter slot and memory are given
 * back, a bounded number per poll (never blocks). Context: control.
 */
#include <stdlib.h>

#include <rte_common.h>

#include "sess_table_int.h"

void
sess_table_i_obj_free(struct sess_table *t, struct sess_obj *o)
{
	t->n_obj--;
	free(o);
}

/* Free what the grace period protected: key slots, counter slot, object. */
void
sess_table_i_obj_release_node(void *arg, struct dp_rcu_node *n)
{
	struct sess_obj *o = container_of(n, struct sess_obj, node);
	struct sess_table *t = arg;
	unsigned int k;

	for (k = 0; k < SESS_KEY_N; k++) {
		if (o->pos[k] != SESS_POS_NONE)
			rte_hash_free_key_with_position(t->h[k], o->pos[k]);
	}
	if (o->free_slot != SESS_SLOT_NONE) {
		t->free_slots[t->n_free++] = o->free_slot;
		t->n_pending_slots--;
	}
	sess_table_i_obj_free(t, o);
}

/* Put @o on the pending list; it is freed by the next reclaim. */
void
sess_table_i_obj_retire(struct sess_table *t, struct sess_obj *o)
{
	dp_rcu_defer_add(&t->dq, &o->node);
	if (o->free_slot != SESS_SLOT_NONE)
		t->n_pending_slots++;
}

unsigned int
sess_table_reclaim(struct sess_table *t)
{
	if (t == NULL)
		return 0;
	return dp_rcu_defer_poll(&t->dq);
}

unsigned int
sess_table_reclaim_wait(struct sess_table *t)
{
	if (t == NULL)
		return 0;
	return dp_rcu_defer_drain(&t->dq);
}

uint32_t
sess_table_pending(const struct sess_table *t)
{
	return dp_rcu_defer_pending(&t->dq);
}

uint32_t
sess_table_reclaim_ready(const struct sess_table *t)
{
	return t == NULL ? 0 : dp_rcu_defer_ready(&t->dq);
}

void
sess_table_reclaim_max_set(struct sess_table *t, uint32_t max)
{
	if (t != NULL)
		t->dq.poll_max = max;
}

uint32_t
sess_table_reclaim_max_seen(const struct sess_table *t)
{
	return t == NULL ? 0 : t->dq.max_poll_released;
}

uint32_t
sess_table_n_objects(const struct sess_table *t)
{
	return t->n_obj;
}

uint32_t
sess_table_pending_slots(const struct sess_table *t)
{
	return t->n_pending_slots;
}
