/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Worker micro-checkpoints on the control side (docs/checkpoint.md,
 * "Micro-checkpoints from the workers"): switching the workers' refresh on
 * and off with the role and the peer, draining each worker's ring of
 * session slots, sweeping its overflow bitmap when it overflowed (in
 * slices), queueing one counter refresh per session (coalesced per counter
 * slot: the set holds slot + 1, ctl_ckpt_tx.c maps it back to the session
 * with sess_table_by_slot() when it encodes, no hash lookup) for
 * ctl_ckpt_tx.c to send, and the trailing refresh of sessions whose traffic
 * stopped right after a refresh (the trail holds slots too).
 * Context: control.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>

#include "ctl_ckpt.h"
#include "ctl_ckpt_int.h"
#include "core/ctl_log.h"
#include "dp_ckpt_ring.h"

/* Slots taken from a ring or bitmap at once. */
#define MC_BURST	256u

int
ctl_ckpt_ring_attach(struct ctl_ckpt *c, struct dp_ckpt_ring *mc,
		   ctl_ckpt_ring_set_fn *set)
{
	struct ctl_ckpt_ringw *mcw = NULL;
	uint32_t *slots = NULL;

	if (mc != NULL) {
		mcw = calloc(mc->n_workers ? mc->n_workers : 1, sizeof(*mcw));
		slots = malloc(MC_BURST * sizeof(*slots));
		if (mcw == NULL || slots == NULL) {
			free(mcw);
			free(slots);
			return -ENOMEM;
		}
	}
	free(c->mcw);
	free(c->mc_slots);
	c->mc = mc;
	c->mcw = mcw;
	c->mc_slots = slots;
	c->mc_set = set;
	c->mc_refresh_ms = 0;
	c->mc_set_done = false;
	ctl_ckpt_i_set_reset(&c->cnt[0]);
	ctl_ckpt_i_set_reset(&c->cnt[1]);
	c->cnt_i = 0;
	c->trail.n = 0;
	if (mc != NULL)
		ctl_ckpt_i_mc_refresh(c);
	return 0;
}

void
ctl_ckpt_i_mc_free(struct ctl_ckpt *c)
{
	free(c->trail.slot);
	free(c->trail.tsc);
	free(c->trail.pkts);
	memset(&c->trail, 0, sizeof(c->trail));
}

/* Make room for one more entry. @return 0 or -ENOMEM. */
static int
trail_grow(struct ctl_ckpt_trail *r)
{
	uint32_t cap = r->cap == 0 ? 1024 : r->cap * 2, k, j;
	uint32_t *nt = malloc((size_t)cap * sizeof(*nt));
	uint64_t *ns = malloc((size_t)cap * sizeof(*ns));
	uint64_t *np = malloc((size_t)cap * sizeof(*np));

	if (nt == NULL || ns == NULL || np == NULL || cap == 0) {
		free(nt);
		free(ns);
		free(np);
		return -ENOMEM;
	}
	for (k = 0; k < r->n; k++) {
		j = (r->head + k) % r->cap;
		nt[k] = r->slot[j];
		ns[k] = r->tsc[j];
		np[k] = r->pkts[j];
	}
	free(r->slot);
	free(r->tsc);
	free(r->pkts);
	r->slot = nt;
	r->tsc = ns;
	r->pkts = np;
	r->cap = cap;
	r->head = 0;
	return 0;
}

/* @slot: the counter slot of the session refreshed (see mc_trail()). */
void
ctl_ckpt_i_mc_sent(struct ctl_ckpt *c, uint32_t slot, uint64_t pkts)
{
	struct ctl_ckpt_trail *r = &c->trail;
	uint32_t k;

	if (c->mc == NULL || c->mc_refresh_ms == 0)
		return;
	if (r->n == r->cap && trail_grow(r) < 0) {
		c->stats.n_send_fail++;	/* refreshed on its next packet */
		return;
	}
	k = (r->head + r->n) % r->cap;
	r->slot[k] = slot;
	r->tsc[k] = rte_rdtsc();
	r->pkts[k] = pkts;
	r->n++;
}

/*
 * Whether a worker noted @slot after @tsc (its refresh, sent later, has
 * its own entry).
 */
static bool
trail_noted_since(const struct ctl_ckpt *c, uint32_t slot, uint64_t tsc)
{
	unsigned int w, n = sess_table_n_workers(c->t);

	for (w = 0; w < n; w++)
		if (__atomic_load_n(&sess_table_cnt(c->t, w)[slot].ckpt_tsc,
				    __ATOMIC_RELAXED) > tsc)
			return true;
	return false;
}

static void mc_note(struct ctl_ckpt *c, uint32_t slot, uint64_t wall);

/*
 * Entries one interval old: a session whose packets moved since its
 * refresh with no newer worker note gets another refresh (so the copy
 * ends equal once traffic stops). At most @budget entries. The trail
 * holds counter slots (in trail.slot): a slot whose session was replaced
 * since only costs the new session a refresh, which mc_note() checks like
 * any other.
 */
static void
mc_trail(struct ctl_ckpt *c, uint64_t wall, uint32_t budget)
{
	struct ctl_ckpt_trail *r = &c->trail;
	uint64_t hz = rte_get_tsc_hz(), now = rte_rdtsc(), age;
	struct sess_cnt sum;
	uint32_t slot;

	age = (uint64_t)c->mc_refresh_ms * (hz / 1000);
	while (r->n > 0 && budget-- > 0) {
		if (now - r->tsc[r->head] < age)
			break;
		slot = r->slot[r->head];
		if (sess_table_by_slot(c->t, slot) != NULL &&
		    !trail_noted_since(c, slot, r->tsc[r->head])) {
			sess_table_cnt_sum(c->t, slot, &sum);
			if (sum.ul_pkts + sum.dl_pkts != r->pkts[r->head]) {
				c->stats.n_mc_trailing++;
				mc_note(c, slot, wall);
			}
		}
		r->head = (r->head + 1) % r->cap;
		r->n--;
	}
}

void
ctl_ckpt_i_mc_refresh(struct ctl_ckpt *c)
{
	bool standby = c->peer_state == SRP_WSTATE_STANDBY_SYNCING ||
		       c->peer_state == SRP_WSTATE_STANDBY_READY;
	uint32_t want = 0;
	int ret;

	if (c->mc_set == NULL)
		return;
	if (c->active && c->link_up && standby)
		want = c->conf->ckpt_refresh_ms;
	if (c->mc_set_done && want == c->mc_refresh_ms)
		return;
	ret = c->mc_set(want);
	if (ret < 0) {
		/* Tried again on the next poll. */
		c->stats.n_mc_set_fail++;
		return;
	}
	if (!c->mc_set_done || (want != 0) != (c->mc_refresh_ms != 0))
		CTL_LOG(INFO, "checkpoint: worker micro-checkpoints %s",
			want ? "on" : "off");
	c->mc_refresh_ms = want;
	c->mc_set_done = true;
}

/* Whether the local TEID @teid has an upsert queued (sent as it is then,
 * counters included). */
static bool
mc_upsert_pending(const struct ctl_ckpt *c, uint32_t teid)
{
	return ctl_ckpt_set_has(&c->pend[0], teid) ||
	       ctl_ckpt_set_has(&c->pend[1], teid);
}

/* One slot a worker noted: queue its session's refresh. */
static void
mc_note(struct ctl_ckpt *c, uint32_t slot, uint64_t wall)
{
	const struct sess *s = sess_table_by_slot(c->t, slot);
	int ret;

	if (s == NULL) {
		c->stats.n_mc_gone++;
		return;
	}
	/* Not on the standby yet: the aging queue sends it whole later. */
	if (wall < s->created_ms + ctl_ckpt_i_duration_ms(c, s->p.flags)) {
		c->stats.n_mc_young++;
		return;
	}
	if (mc_upsert_pending(c, s->p.teid_local)) {
		c->stats.n_mc_pending++;
		return;
	}
	/* Slot + 1: the set holds no 0. */
	ret = ctl_ckpt_i_set_add(c, &c->cnt[c->cnt_in], slot + 1);
	if (ret == 0)
		c->stats.n_mc_coalesced++;
	else if (ret < 0)
		c->stats.n_send_fail++;	/* refreshed on its next packet */
}

static void
mc_take(struct ctl_ckpt *c, const uint32_t *slots, unsigned int n,
	uint64_t wall, bool record)
{
	unsigned int k;

	if (!record)
		return;
	for (k = 0; k < n; k++)
		mc_note(c, slots[k], wall);
}

void
ctl_ckpt_i_mc_collect(struct ctl_ckpt *c, uint64_t wall, bool record,
		      uint32_t budget)
{
	struct ctl_ckpt_ringw *m;
	unsigned int i, n, want;
	uint64_t gen;
	bool done, took = false;

	if (c->mc == NULL)
		return;
	if (!record)
		c->trail.n = 0;
	else
		mc_trail(c, wall, budget);
	/* Rings first: the common case. */
	for (i = 0; i < c->mc->n_workers && budget > 0; i++) {
		do {
			want = budget < MC_BURST ? budget : MC_BURST;
			n = dp_ckpt_ring_drain(c->mc, i, c->mc_slots, want);
			mc_take(c, c->mc_slots, n, wall, record);
			c->stats.n_mc_slots += n;
			budget -= n;
			took |= n > 0;
		} while (n == want && budget > 0);
	}
	if (took)
		c->stats.n_mc_drains++;
	/* Repair: a worker whose ring was full set bits instead. */
	for (i = 0; i < c->mc->n_workers && budget > 0; i++) {
		m = &c->mcw[i];
		gen = __atomic_load_n(&c->mc->w[i].over_gen, __ATOMIC_ACQUIRE);
		if (!m->sweeping) {
			if (gen == m->gen_seen)
				continue;
			/* Bits set after this read bump the generation
			 * again: another sweep follows. */
			m->gen_seen = gen;
			m->sweeping = true;
			m->cursor = 0;
		}
		do {
			want = budget < MC_BURST ? budget : MC_BURST;
			done = dp_ckpt_ring_sweep(c->mc, i, &m->cursor, c->mc_slots,
					   want, &n);
			mc_take(c, c->mc_slots, n, wall, record);
			c->stats.n_mc_swept += n;
			budget -= n < budget ? n : budget;
		} while (!done && budget > 0);
		if (done) {
			m->sweeping = false;
			c->stats.n_mc_sweeps++;
		}
	}
}
