/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Active side of session replication: full checkpoints in slices (the
 * collection of TEIDs walks the counter slots in slices too), deltas and
 * counter refreshes coalesced per TEID, the aging queue of young sessions,
 * the periodic full checkpoint, and one message waiting for room in the SRP
 * session queue.
 * Context: control.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>
#include <rte_prefetch.h>

#include "ctl_ckpt.h"
#include "ctl_ckpt_int.h"
#include "pfcp/ctl_pfcp.h"
#include "sess/ctl_sess_rec.h"
#include "core/ctl_log.h"
#include "srp_ckpt_comp.h"

/* Sessions looked up at once while encoding a full checkpoint. */
#define TX_BURST	32u
/* Records the standby applies between two clock reads. */
#define RX_TURN_STEP	64u

static bool
tx_peer_standby(const struct ctl_ckpt *c)
{
	return c->peer_state == SRP_WSTATE_STANDBY_SYNCING ||
	       c->peer_state == SRP_WSTATE_STANDBY_READY;
}

/* Changes are queued only while a standby listens on the link. */
static bool
tx_recording(const struct ctl_ckpt *c)
{
	return c->active && c->link_up && tx_peer_standby(c);
}

/* Monotonic ns for the poll's time budget (c->slice_ns; the unit tests
 * set it out of reach and bound the work by slice_records only). */
static uint64_t
tx_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int
ctl_ckpt_i_set_add(struct ctl_ckpt *c, struct ctl_ckpt_set *s, uint32_t v)
{
	/* Failure is not fatal: the set then grows by doubling. */
	if (s->mask == 0)
		(void)ctl_ckpt_set_reserve(s, sess_table_capacity(c->t));
	return ctl_ckpt_set_add(s, v);
}

void
ctl_ckpt_i_set_reset(struct ctl_ckpt_set *s)
{
	/* A clear touches one cache line per entry, a free none. */
	if (s->n > CTL_CKPT_SET_CLEAR)
		ctl_ckpt_set_free(s);
	else
		ctl_ckpt_set_clear(s);
}

void
ctl_ckpt_i_tx_reset(struct ctl_ckpt *c)
{
	c->tx_running = false;
	c->tx_collecting = false;
	c->tx_n = 0;
	c->tx_i = 0;
	c->tx_begin_sent = false;
	c->out_full = false;
	ctl_ckpt_i_set_reset(&c->pend[0]);
	ctl_ckpt_i_set_reset(&c->pend[1]);
	c->drain_i = 0;
	ctl_ckpt_i_set_reset(&c->cnt[0]);
	ctl_ckpt_i_set_reset(&c->cnt[1]);
	c->cnt_i = 0;
	c->trail.n = 0;
}

static int
ring_push(struct ctl_ckpt_ring *r, uint32_t teid, uint64_t created_ms)
{
	uint32_t cap, k, *nt;
	uint64_t *nm;

	if (r->n == r->cap) {
		cap = r->cap == 0 ? 1024 : r->cap * 2;
		nt = malloc((size_t)cap * sizeof(*nt));
		nm = malloc((size_t)cap * sizeof(*nm));
		if (nt == NULL || nm == NULL) {
			free(nt);
			free(nm);
			return -ENOMEM;
		}
		for (k = 0; k < r->n; k++) {
			nt[k] = r->teid[(r->head + k) % r->cap];
			nm[k] = r->created_ms[(r->head + k) % r->cap];
		}
		free(r->teid);
		free(r->created_ms);
		r->teid = nt;
		r->created_ms = nm;
		r->cap = cap;
		r->head = 0;
	}
	k = (r->head + r->n) % r->cap;
	r->teid[k] = teid;
	r->created_ms[k] = created_ms;
	r->n++;
	return 0;
}

/*
 * The age from which @s is checkpointed: the configured duration, but a
 * PFCP session goes at once (its SMF holds it from the first answer; a
 * standby that never saw it would lose it on a takeover).
 */
static uint32_t
tx_duration_ms(const struct ctl_ckpt *c, const struct sess *s)
{
	if (ctl_pfcp_owns(s->p.teid_local))
		return 0;
	return ctl_ckpt_i_duration_ms(c, s->p.flags);
}

static void
tx_pend(struct ctl_ckpt *c, uint32_t teid)
{
	if (ctl_ckpt_i_set_add(c, &c->pend[c->pend_in], teid) < 0) {
		/* Out of memory: the standby needs a full checkpoint. */
		c->tx_done_episode = false;
		c->stats.n_send_fail++;
	}
}

void
ctl_ckpt_i_tx_resend(struct ctl_ckpt *c, uint32_t teid)
{
	if (c->active && tx_recording(c))
		tx_pend(c, teid);
}

void
ctl_ckpt_i_tx_hook(void *arg, uint32_t teid, enum sess_table_change w)
{
	struct ctl_ckpt *c = arg;
	const struct sess *s;
	uint64_t wall;
	bool volte;

	if (!c->active) {
		ctl_ckpt_i_audit_note(c, teid);
		return;
	}
	if (w == SESS_CHG_DEL) {
		if (tx_recording(c))
			tx_pend(c, teid);
		return;
	}
	s = sess_table_lookup_teid(c->t, teid);
	if (s == NULL)
		return;
	wall = ctl_ckpt_i_wall(c);
	if (wall < s->created_ms + tx_duration_ms(c, s)) {
		/* Too young: sent by the aging queue once old enough. */
		volte = (s->p.flags & SESS_F_VOLTE) != 0;
		if (w == SESS_CHG_ADD &&
		    ring_push(&c->age[volte], teid, s->created_ms) < 0)
			c->stats.n_send_fail++;
		return;
	}
	if (tx_recording(c))
		tx_pend(c, teid);
}

/* Sessions of the aging queues that are old enough now become deltas. */
static void
tx_aging(struct ctl_ckpt *c, uint64_t wall)
{
	struct ctl_ckpt_ring *r;
	const struct sess *s;
	uint32_t dur, teid;
	uint64_t cms;
	unsigned int k;

	for (k = 0; k < 2; k++) {
		r = &c->age[k];
		dur = ctl_ckpt_i_duration_ms(c, k ? SESS_F_VOLTE : 0);
		while (r->n > 0) {
			teid = r->teid[r->head];
			cms = r->created_ms[r->head];
			if (wall < cms + dur)
				break;
			r->head = (r->head + 1) % r->cap;
			r->n--;
			s = sess_table_lookup_teid(c->t, teid);
			if (s == NULL || s->created_ms != cms)
				continue;
			if (tx_recording(c)) {
				tx_pend(c, teid);
				c->stats.n_aged++;
			}
		}
	}
}

/* Send the waiting message. @return 0 when nothing waits any more. */
static int
tx_flush(struct ctl_ckpt *c)
{
	int ret;

	if (!c->out_full)
		return 0;
	ret = c->ops->send(c->arg, &c->out, c->out_control);
	if (ret == -ENOBUFS) {
		c->stats.n_backoff++;
		return -EAGAIN;
	}
	c->out_full = false;
	if (ret < 0)
		c->stats.n_send_fail++;
	return 0;
}

/* Queue @m (payload, if any, in zbuf) and try to send it. */
static void
tx_queue(struct ctl_ckpt *c, const struct srp_msg *m)
{
	c->out = *m;
	c->out.generation = c->generation;
	c->out.present |= SRP_TLV_BIT(SRP_TLV_GENERATION);
	c->out_control = false;
	c->out_full = true;
	tx_flush(c);
}

/* Compress the batch in raw and queue it as a CHUNK or a DELTA. */
static int
tx_batch(struct ctl_ckpt *c, uint8_t type, const struct srp_rec_writer *w)
{
	struct srp_msg m;
	size_t zlen;
	int ret;

	ret = srp_comp_compress(c->comp, c->raw, w->len, c->zbuf, c->zcap,
				&zlen);
	if (ret < 0) {
		c->stats.n_send_fail++;
		CTL_LOG(ERR, "checkpoint: %s compression failed: %s",
			srp_comp_name(c->comp), strerror(-ret));
		return ret;
	}
	srp_msg_init(&m, type);
	m.comp_id = (uint8_t)c->comp;
	m.uncomp_len = (uint32_t)w->len;
	m.payload = c->zbuf;
	m.payload_len = (uint32_t)zlen;
	m.present = SRP_TLV_BIT(SRP_TLV_COUNT) | SRP_TLV_BIT(SRP_TLV_COMP_ID) |
		    SRP_TLV_BIT(SRP_TLV_UNCOMP_LEN);
	if (type == SRP_MSG_CKPT_CHUNK) {
		m.epoch = c->tx_epoch;
		m.count = w->count;
		c->stats.n_chunk_tx++;
	} else {
		/* The active's total: the standby's call-loss reference. */
		m.count = sess_table_count(c->t);
		c->last_count = m.count;
		c->stats.n_delta_tx++;
		c->last_count_ms = ctl_ckpt_i_now(c);
	}
	c->stats.bytes_raw[c->comp] += w->len;
	c->stats.bytes_comp[c->comp] += zlen;
	tx_queue(c, &m);
	if (tx_clock_ns() >= c->slice_end_ns)
		c->slice_over = true;
	return 0;
}

/*
 * The session now in counter slot @slot, when its counter refresh can go:
 * it is on the standby (old enough) and no upsert of it is queued (that
 * carries its counters). The slot may have passed to another session since
 * a worker noted it: the refresh is then the new holder's, under its own
 * TEID, and only when it passes the same checks. NULL: nothing to send.
 */
static const struct sess *
tx_counters_sess(struct ctl_ckpt *c, uint32_t slot, uint64_t wall)
{
	const struct sess *s = sess_table_by_slot(c->t, slot);

	if (s == NULL) {
		c->stats.n_mc_gone++;
		return NULL;
	}
	if (wall < s->created_ms + ctl_ckpt_i_duration_ms(c, s->p.flags)) {
		c->stats.n_mc_young++;
		return NULL;
	}
	if (ctl_ckpt_set_has(&c->pend[0], s->p.teid_local) ||
	    ctl_ckpt_set_has(&c->pend[1], s->p.teid_local)) {
		c->stats.n_mc_pending++;
		return NULL;
	}
	return s;
}

/* A feature's record (PFCP) goes right after its session's upsert. */
static uint8_t tx_ext_buf[SRP_REC_EXT_MAX];

static enum srp_rec_err
tx_put_ext(struct srp_rec_writer *w, uint8_t kind, uint32_t teid, size_t n)
{
	struct srp_rec r;

	memset(&r, 0, sizeof(r));
	r.op = SRP_REC_EXT;
	r.ext_kind = kind;
	r.teid_local = teid;
	r.ext_len = (uint16_t)n;
	r.ext = tx_ext_buf;
	return srp_rec_put(w, &r);
}

/*
 * The timers record of @s when it has its own timeouts and the peer
 * understands them (SRP_CAP_SESS_TIMERS: a 0.1.0 standby refuses unknown
 * kinds). @return SRP_REC_OK (*sent says whether a record went in) or the
 * writer's error.
 */
static enum srp_rec_err
tx_put_timers(struct ctl_ckpt *c, struct srp_rec_writer *w,
	      const struct sess *s, bool *sent)
{
	struct srp_rec_timers tm = {
		.idle_s = s->p.idle_timeout_s,
		.abs_s = s->p.abs_timeout_s,
	};
	uint8_t buf[SRP_REC_TIMERS_LEN];
	struct srp_rec r;
	enum srp_rec_err e;

	*sent = false;
	if (tm.idle_s == 0 && tm.abs_s == 0)
		return SRP_REC_OK;
	if (!(c->feat_caps & SRP_CAP_SESS_TIMERS)) {
		c->stats.n_timers_unshared++;
		return SRP_REC_OK;
	}
	memset(&r, 0, sizeof(r));
	r.op = SRP_REC_EXT;
	r.ext_kind = SRP_REC_EXT_SESS_TIMERS;
	r.teid_local = s->p.teid_local;
	r.ext_len = (uint16_t)srp_rec_timers_encode(&tm, buf, sizeof(buf));
	r.ext = buf;
	if (r.ext_len == 0)
		return SRP_REC_E_INVAL;
	e = srp_rec_put(w, &r);
	*sent = e == SRP_REC_OK;
	return e;
}

/*
 * The upsert of @s and, for a PFCP session, its PFCP record, then its own
 * timeouts: all or none in this batch. @return SRP_REC_OK or
 * SRP_REC_E_NOSPACE.
 */
static enum srp_rec_err
tx_put_upsert(struct ctl_ckpt *c, struct srp_rec_writer *w,
	      const struct sess *s, uint64_t wall)
{
	size_t len0 = w->len, n;
	uint32_t count0 = w->count;
	bool timers = false;
	struct srp_rec r;
	enum srp_rec_err e;

	ctl_sess_rec_from(c->t, s, wall, &r);
	e = srp_rec_put(w, &r);
	if (e != SRP_REC_OK)
		return e;
	n = ctl_pfcp_rec_sess(s->p.teid_local, tx_ext_buf,
			      sizeof(tx_ext_buf));
	e = n == 0 ? SRP_REC_OK :
	    tx_put_ext(w, SRP_REC_EXT_PFCP_SESS, s->p.teid_local, n);
	if (e == SRP_REC_OK)
		e = tx_put_timers(c, w, s, &timers);
	if (e == SRP_REC_OK) {
		c->stats.n_rec_tx_ext += n > 0;
		c->stats.n_timers_tx += timers;
		return SRP_REC_OK;
	}
	if (count0 == 0) {
		/* Cannot fit even alone: the session goes without them. */
		c->stats.n_send_fail++;
		return SRP_REC_OK;
	}
	srp_rec_writer_rewind(w, len0, count0);
	return SRP_REC_E_NOSPACE;
}

/* A delete and, for a PFCP session, the answer to its deletion. */
static bool
tx_put_delete(struct ctl_ckpt *c, struct srp_rec_writer *w, uint32_t teid)
{
	size_t len0 = w->len, n;
	uint32_t count0 = w->count;
	struct srp_rec r;

	memset(&r, 0, sizeof(r));
	r.op = SRP_REC_DELETE;
	r.teid_local = teid;
	if (srp_rec_put(w, &r) == SRP_REC_E_NOSPACE)
		return false;
	n = ctl_pfcp_rec_gone(teid, tx_ext_buf, sizeof(tx_ext_buf));
	if (n > 0 && tx_put_ext(w, SRP_REC_EXT_PFCP_GONE, teid, n) !=
	    SRP_REC_OK) {
		if (count0 > 0) {
			/* Both in the next batch. */
			srp_rec_writer_rewind(w, len0, count0);
			return false;
		}
		c->stats.n_send_fail++;
	} else if (n > 0) {
		c->stats.n_rec_tx_ext++;
	}
	c->stats.n_rec_tx[CTL_CKPT_CMD_DELETE]++;
	return true;
}

/* The PFCP node record, when it changed since it was last sent. */
static void
tx_put_node(struct ctl_ckpt *c, struct srp_rec_writer *w)
{
	uint64_t gen = ctl_pfcp_node_gen();
	size_t n;

	if (gen == c->pfcp_gen_sent)
		return;
	n = ctl_pfcp_rec_node(tx_ext_buf, sizeof(tx_ext_buf));
	if (n == 0 || tx_put_ext(w, SRP_REC_EXT_PFCP_NODE, 0, n) ==
	    SRP_REC_OK) {
		c->pfcp_gen_sent = gen;
		if (n > 0)
			c->stats.n_rec_tx_ext++;
	}
}

/*
 * Append the record of @key as it is now: an upsert of local TEID @key (a
 * delete when it is gone) or, with @counters, a counter refresh of the
 * session in counter slot @key - 1 (nothing when it is gone: its delete
 * goes as a delta). false when the batch is full.
 */
static bool
tx_put(struct ctl_ckpt *c, struct srp_rec_writer *w, uint32_t key,
       bool counters, uint64_t wall)
{
	const struct sess *s;
	uint32_t teid = key;
	struct srp_rec r;
	unsigned int cmd;

	memset(&r, 0, sizeof(r));
	if (counters) {
		s = tx_counters_sess(c, key - 1, wall);
		if (s == NULL)
			return true;
		r.op = SRP_REC_COUNTERS;
		r.teid_local = s->p.teid_local;
		ctl_sess_rec_counters(c->t, s->slot, wall, &r);
		cmd = CTL_CKPT_CMD_COUNTERS;
	} else if (ctl_ckpt_i_audit_drop(c)) {
		return true;	/* test hook: the standby never sees it */
	} else if ((s = sess_table_lookup_teid(c->t, teid)) == NULL) {
		return tx_put_delete(c, w, teid);
	} else {
		if (tx_put_upsert(c, w, s, wall) == SRP_REC_E_NOSPACE)
			return false;
		c->stats.n_rec_tx[CTL_CKPT_CMD_UPSERT]++;
		return true;
	}
	if (srp_rec_put(w, &r) == SRP_REC_E_NOSPACE)
		return false;
	c->stats.n_rec_tx[cmd]++;
	if (counters)
		ctl_ckpt_i_mc_sent(c, s->slot, r.ul_pkts + r.dl_pkts);
	return true;
}

/*
 * Send the TEIDs of a double-buffered set (@sets[*in] collects, the other
 * one drains from *@i) as records appended to the open batch @w (sent when
 * full; left open for the next kind of record). @return false when the
 * session queue is full (stop encoding).
 */
static bool
tx_sets(struct ctl_ckpt *c, struct srp_rec_writer *w,
	struct ctl_ckpt_set sets[2], unsigned int *in, uint32_t *i,
	bool counters, uint32_t *budget)
{
	uint64_t wall = ctl_ckpt_i_wall(c);
	struct ctl_ckpt_set *d;

	while (!c->out_full && *budget > 0 && !c->slice_over) {
		d = &sets[*in ^ 1];
		if (*i >= d->n) {
			/* Drained (its content is no longer looked up): empty
			 * it a slice at a time before it collects again. */
			ctl_ckpt_set_clear_max(d, c->set_clear_max);
			if (d->n > 0)
				return true;
			*i = 0;
			if (sets[*in].n == 0)
				return true;
			*in ^= 1;
			continue;
		}
		if (tx_put(c, w, ctl_ckpt_set_at(d, *i), counters, wall)) {
			(*i)++;
			(*budget)--;
			c->n_slice_recs++;
			continue;
		}
		/* Batch full: send it, start the next one. */
		if (tx_batch(c, SRP_MSG_SESS_DELTA, w) < 0)
			return false;
		srp_rec_writer_init(w, c->raw, CTL_CKPT_BATCH_MAX);
	}
	return !c->out_full;
}

/*
 * Deltas, then (when the standby holds every session: no full checkpoint
 * running, one sent for this episode) counter refreshes, in shared batches.
 */
static void
tx_deltas(struct ctl_ckpt *c, uint32_t *budget)
{
	struct srp_rec_writer w;

	if (c->out_full)
		return;
	srp_rec_writer_init(&w, c->raw, CTL_CKPT_BATCH_MAX);
	tx_put_node(c, &w);
	if (tx_sets(c, &w, c->pend, &c->pend_in, &c->drain_i, false,
		    budget) &&
	    !c->tx_running && c->tx_done_episode)
		tx_sets(c, &w, c->cnt, &c->cnt_in, &c->cnt_i, true, budget);
	if (w.count > 0 && !c->out_full)
		tx_batch(c, SRP_MSG_SESS_DELTA, &w);
}

/* Add @teid to the full checkpoint's list. @return 0 or -ENOMEM. */
static int
tx_collect_one(struct ctl_ckpt *c, uint32_t teid)
{
	uint32_t cap, *n;

	if (c->tx_n == c->tx_cap) {
		cap = c->tx_cap == 0 ? 4096 : c->tx_cap * 2;
		n = realloc(c->tx_teids, (size_t)cap * sizeof(*n));
		if (n == NULL)
			return -ENOMEM;
		c->tx_teids = n;
		c->tx_cap = cap;
	}
	c->tx_teids[c->tx_n++] = teid;
	return 0;
}

/*
 * The next slice of the collection: up to slice_slots counter slots, the
 * sessions old enough. A session created after its slot was visited (or
 * changed after it was listed) reaches the pending set instead, whose
 * deltas leave after CKPT_BEGIN (docs/checkpoint.md, "Slices"). @return
 * 0, or -ENOMEM (the full checkpoint is abandoned).
 */
static int
tx_collect(struct ctl_ckpt *c)
{
	uint32_t cap = sess_table_capacity(c->t);
	uint32_t end = c->tx_col_slot + c->slice_slots;
	uint64_t wall = ctl_ckpt_i_wall(c);
	const struct sess *s;

	if (end > cap || end < c->tx_col_slot)
		end = cap;
	for (; c->tx_col_slot < end; c->tx_col_slot++) {
		s = sess_table_by_slot(c->t, c->tx_col_slot);
		/* Chapter: a session is checkpointed once it is that old. */
		if (s == NULL || wall < s->created_ms + tx_duration_ms(c, s))
			continue;
		if (tx_collect_one(c, s->p.teid_local) < 0) {
			c->tx_running = false;
			c->tx_collecting = false;
			c->tx_n = 0;
			c->stats.n_full_aborted++;
			CTL_LOG(ERR, "checkpoint: no memory for a full "
				"checkpoint");
			return -ENOMEM;
		}
	}
	if (c->tx_col_slot < cap)
		return 0;
	c->tx_collecting = false;
	CTL_LOG(NOTICE, "checkpoint: full checkpoint %u of %u sessions "
		"started (%s)", c->tx_epoch, c->tx_n, srp_comp_name(c->comp));
	return 0;
}

int
ctl_ckpt_full_start(struct ctl_ckpt *c)
{
	if (!c->active || !c->link_up || !tx_peer_standby(c))
		return -EAGAIN;
	if (c->tx_running)
		c->stats.n_full_aborted++;
	c->tx_n = 0;
	c->tx_i = 0;
	c->tx_col_slot = 0;
	c->tx_epoch++;
	c->tx_running = true;
	c->tx_collecting = true;
	c->tx_begin_sent = false;
	c->tx_start_ms = ctl_ckpt_i_now(c);
	c->next_periodic_ms = 0;
	/* The new copy needs the PFCP node state too. */
	c->pfcp_gen_sent = UINT64_MAX;
	c->stats.n_full_started++;
	/* The first slice now, the rest from the polls. */
	return tx_collect(c);
}

/*
 * Encode up to TX_BURST sessions of the full checkpoint: one bulk lookup
 * and prefetches first (the table and objects are much larger than the
 * cache). @return 0, or -ENOSPC when the batch is full.
 */
static int
tx_full_burst(struct ctl_ckpt *c, struct srp_rec_writer *w,
	      uint32_t *budget)
{
	uint64_t wall = ctl_ckpt_i_wall(c);
	const struct sess *ss[TX_BURST];
	unsigned int k, n;

	n = RTE_MIN(TX_BURST, c->tx_n - c->tx_i);
	n = RTE_MIN(n, *budget);
	sess_table_lookup_teid_bulk(c->t, &c->tx_teids[c->tx_i], n, ss);
	for (k = 0; k < n; k++)
		if (ss[k] != NULL)
			rte_prefetch0(ss[k]);
	for (k = 0; k < n; k++) {
		/* Gone since the collection: its delete goes as a delta. */
		if (ss[k] != NULL) {
			if (tx_put_upsert(c, w, ss[k], wall) ==
			    SRP_REC_E_NOSPACE)
				return -ENOSPC;
			c->stats.n_rec_tx[CTL_CKPT_CMD_UPSERT]++;
		}
		c->tx_i++;
		(*budget)--;
		c->n_slice_recs++;
	}
	return 0;
}

/*
 * CKPT_BEGIN leaves before any delta built after the snapshot: the
 * standby counts a session as seen in the epoch only from BEGIN on, and
 * deletes the unseen ones at CKPT_END.
 */
static void
tx_begin(struct ctl_ckpt *c)
{
	struct srp_msg m;

	if (!c->tx_running || c->tx_collecting || c->tx_begin_sent ||
	    c->out_full)
		return;
	srp_msg_init(&m, SRP_MSG_CKPT_BEGIN);
	m.epoch = c->tx_epoch;
	m.count = c->tx_n;
	c->tx_begin_sent = true;
	tx_queue(c, &m);
}

static void
tx_full(struct ctl_ckpt *c, uint32_t *budget)
{
	struct srp_rec_writer w;
	struct srp_msg m;

	if (!c->tx_running || c->out_full || !c->tx_begin_sent)
		return;
	while (!c->out_full && *budget > 0 && !c->slice_over &&
	       c->tx_i < c->tx_n) {
		srp_rec_writer_init(&w, c->raw, CTL_CKPT_BATCH_MAX);
		while (c->tx_i < c->tx_n && *budget > 0 &&
		       tx_full_burst(c, &w, budget) == 0)
			;
		if (w.count > 0 && tx_batch(c, SRP_MSG_CKPT_CHUNK, &w) < 0)
			return;
	}
	if (c->out_full || c->tx_i < c->tx_n)
		return;
	srp_msg_init(&m, SRP_MSG_CKPT_END);
	m.epoch = c->tx_epoch;
	c->tx_running = false;
	c->tx_done_episode = true;
	c->stats.n_full_sent++;
	c->stats.last_full_ms = ctl_ckpt_i_now(c) - c->tx_start_ms;
	tx_queue(c, &m);
	CTL_LOG(NOTICE, "checkpoint: full checkpoint %u sent (%u sessions, "
		"%lu ms)", c->tx_epoch, c->tx_n,
		(unsigned long)c->stats.last_full_ms);
}

/*
 * An empty delta tells the standby the session count when it changed
 * (call-loss reference) and at least every CTL_CKPT_COUNT_MS.
 */
static void
tx_count(struct ctl_ckpt *c)
{
	struct srp_rec_writer w;

	if (c->out_full || (sess_table_count(c->t) == c->last_count &&
	    ctl_ckpt_i_now(c) < c->last_count_ms + CTL_CKPT_COUNT_MS))
		return;
	srp_rec_writer_init(&w, c->raw, CTL_CKPT_BATCH_MAX);
	tx_batch(c, SRP_MSG_SESS_DELTA, &w);
}

/* Start the full checkpoint the peer asked for (counts the abort). */
static void
tx_peer_restart(struct ctl_ckpt *c, uint64_t now)
{
	c->restart_pending = false;
	c->restart_once = true;
	c->restart_last_ms = now;
	if (c->tx_running) {
		c->stats.n_full_aborted++;
		ctl_ckpt_i_tx_reset(c);
	}
	ctl_ckpt_full_start(c);
}

void
ctl_ckpt_i_peer_start(struct ctl_ckpt *c, bool nack)
{
	uint64_t now = ctl_ckpt_i_now(c);

	if (c->restart_once && now - c->restart_last_ms < c->restart_min_ms) {
		c->stats.n_restart_limited++;
		c->restart_pending = true;
		return;
	}
	if (!nack && c->tx_running)
		return;
	tx_peer_restart(c, now);
}

/* A deferred peer request whose interval is over. */
static void
tx_peer_pending(struct ctl_ckpt *c)
{
	uint64_t now = ctl_ckpt_i_now(c);

	if (c->restart_pending && now - c->restart_last_ms >= c->restart_min_ms)
		tx_peer_restart(c, now);
}

static void
tx_periodic(struct ctl_ckpt *c)
{
	uint64_t now = ctl_ckpt_i_now(c);

	if (c->conf->ckpt_periodic_off || c->tx_running)
		return;
	if (c->next_periodic_ms == 0) {
		c->next_periodic_ms = now +
			(uint64_t)c->conf->ckpt_periodic_min * 60000u;
		return;
	}
	if (now >= c->next_periodic_ms)
		ctl_ckpt_full_start(c);
}

/*
 * The standby's turn (ctl_ckpt_i_rx_turn) in steps of RX_TURN_STEP
 * records, with the time budget checked between steps: applying a record
 * costs microseconds, and rx_slice_records of them took 8-15 ms on a busy
 * standby. What the turn does not use is left to the messages arriving
 * before the next poll, as ctl_ckpt_i_rx_turn() does.
 */
static void
rx_turn_timed(struct ctl_ckpt *c)
{
	uint64_t end = tx_clock_ns() + c->slice_ns;
	uint32_t left = c->rx_slice_records, b;

	c->rx_budget = 0;
	while (left > 0) {
		b = RTE_MIN(left, RX_TURN_STEP);
		left -= b;
		ctl_ckpt_i_rx_drain(c, b);
		if (c->rxq.n == 0 && !c->rx_busy) {
			/* Idle: the rest (and what this step did not use,
			 * not known here) for the arriving messages. */
			c->rx_budget = left;
			return;
		}
		if (tx_clock_ns() >= end)
			return;
	}
}

void
ctl_ckpt_poll(struct ctl_ckpt *c)
{
	uint32_t budget = c->slice_records;
	uint64_t wall;

	ctl_ckpt_i_mc_refresh(c);
	if (!c->active) {
		/* Batches first: END (queued behind them) starts the sweep. */
		rx_turn_timed(c);
		ctl_ckpt_i_rx_poll(c);
		ctl_ckpt_i_audit_poll(c);
		return;
	}
	/* One clock for both: a session old enough for a refresh has had
	 * its upsert queued by the aging. */
	wall = ctl_ckpt_i_wall(c);
	tx_aging(c, wall);
	ctl_ckpt_i_mc_collect(c, wall, tx_recording(c), c->slice_slots);
	if (!tx_recording(c))
		return;
	tx_peer_pending(c);
	if (tx_flush(c) < 0)
		return;
	/* Audit answers before the deltas: a repair's upserts follow its
	 * list. */
	ctl_ckpt_i_audit_poll(c);
	if (c->tx_running && c->tx_collecting && tx_collect(c) < 0)
		return;
	tx_begin(c);
	if (c->tx_running && !c->tx_begin_sent)
		return;
	c->slice_end_ns = tx_clock_ns() + c->slice_ns;
	c->slice_over = false;
	c->n_slice_recs = 0;
	tx_deltas(c, &budget);
	tx_full(c, &budget);
	if (c->n_slice_recs > c->max_slice_recs)
		c->max_slice_recs = c->n_slice_recs;
	tx_count(c);
	tx_periodic(c);
}
