/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Inter-chassis subscriber state audit. The standby drives: it sends
 * AUDIT_QUERY with bucket ranges, compares each AUDIT_DIGESTS entry with
 * its own range digest (kept by the session table per TEID bucket, so no
 * session is visited), splits the ranges that differ 16 ways until single
 * buckets remain, then AUDIT_FETCHes those buckets. The active lists
 * their sessions (AUDIT_ITEMS: TEID and fingerprint) and, when asked to
 * sync, queues each listed session again as a normal delta upsert behind
 * the list. The standby counts what it lacks or holds differently, then
 * sweeps its own table for sessions of those buckets the active did not
 * list (stale: deleted when syncing). The active never takes state from
 * the standby. Every walk is sliced across polls. Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl_ckpt.h"
#include "ctl_ckpt_int.h"
#include "alarm/ctl_alarm.h"
#include "core/ctl_log.h"
#include "sess/ctl_sess.h"
#include "sess/ctl_sess_rec.h"
#include "srp_audit.h"
#include "srp_fsm.h"

#define BM_BYTES	(SRP_AUDIT_BUCKETS / 8u)
#define DAY_MS		(24ull * 3600u * 1000u)

static bool
bm_has(const uint8_t *bm, uint32_t b)
{
	return (bm[b >> 3] >> (b & 7)) & 1;
}

static void
bm_set(uint8_t *bm, uint32_t b)
{
	bm[b >> 3] |= (uint8_t)(1u << (b & 7));
}

static bool
audit_alloc(struct ctl_ckpt_audit *a)
{
	if (a->buf == NULL)
		a->buf = malloc(SRP_AUDIT_PAYLOAD_MAX);
	if (a->leaf_bm == NULL)
		a->leaf_bm = calloc(1, BM_BYTES);
	if (a->f_bm == NULL)
		a->f_bm = calloc(1, BM_BYTES);
	if (a->f_buf == NULL)
		a->f_buf = malloc(SRP_AUDIT_PAYLOAD_MAX);
	return a->buf != NULL && a->leaf_bm != NULL && a->f_bm != NULL &&
	       a->f_buf != NULL;
}

void
ctl_ckpt_audit_fini(struct ctl_ckpt *c)
{
	struct ctl_ckpt_audit *a = &c->au;

	free(a->buf);
	free(a->leaf_bm);
	free(a->f_bm);
	free(a->f_buf);
	free(a->rlo);
	free(a->rhi);
	free(a->leaf);
	ctl_ckpt_set_free(&a->seen);
	memset(a, 0, sizeof(*a));
}

bool
ctl_ckpt_audit_running(const struct ctl_ckpt *c)
{
	return c->au.phase != CTL_AUDIT_IDLE;
}

void
ctl_ckpt_audit_drop_deltas(struct ctl_ckpt *c, uint32_t n)
{
	c->au.drop_deltas = n;
}

bool
ctl_ckpt_i_audit_drop(struct ctl_ckpt *c)
{
	if (c->au.drop_deltas == 0)
		return false;
	c->au.drop_deltas--;
	c->au.st.n_dropped++;
	return true;
}

/* Send audit message @type with the payload written in a->buf. */
static int
audit_send(struct ctl_ckpt *c, const struct srp_audit *w)
{
	struct srp_msg m;
	int ret;

	srp_msg_init(&m, w->type);
	m.payload = w->buf;
	m.payload_len = (uint32_t)srp_audit_len(w);
	m.generation = c->generation;
	m.present = SRP_TLV_BIT(SRP_TLV_GENERATION);
	/* Session class: behind the deltas already queued (the standby
	 * reads both in one order). */
	ret = c->ops->send(c->arg, &m, false);
	if (ret == 0)
		c->au.st.msgs++;
	return ret;
}

/* Standby: end the audit with @result (static text). */
static void
audit_end(struct ctl_ckpt *c, const char *result, bool passed)
{
	struct ctl_ckpt_audit *a = &c->au;
	struct ctl_audit_stats *st = &a->st;

	st->last_end_ms = ctl_ckpt_i_wall(c);
	st->last_result = result;
	if (passed)
		st->n_passed++;
	else
		st->n_failed++;
	st->n_repaired += st->repaired;
	a->phase = CTL_AUDIT_IDLE;
	a->r_n = 0;
	a->n_leaf = 0;
	ctl_ckpt_set_clear(&a->seen);
	CTL_LOG(NOTICE, "audit %u%s: %s (%u ranges compared, %u messages, "
		"missing %u, stale %u, differing %u, repaired %u)", a->id,
		a->sync ? " with sync" : "", result, st->ranges, st->msgs,
		st->missing, st->stale, st->differing, st->repaired);
	if (!passed) {
		struct ctl_alarm_vars v = {
			.state = srp_fsm_state_str(
				(enum srp_fsm_state)a->local_state),
			.cause = result,
		};

		ctl_alarm_raise(CTL_TRAP_AUDIT_FAIL, &v);
	}
}

void
ctl_ckpt_i_audit_reset(struct ctl_ckpt *c, const char *why)
{
	struct ctl_ckpt_audit *a = &c->au;

	if (a->phase != CTL_AUDIT_IDLE)
		audit_end(c, why, false);
	a->q_pending = false;
	a->f_running = false;
}

/* Standby: refuse audit message @m (counted, logged); no state changes. */
static void
audit_bad(struct ctl_ckpt *c, const struct srp_msg *m, const char *why)
{
	struct ctl_audit_stats *st = &c->au.st;

	st->n_bad++;
	snprintf(st->last_bad, sizeof(st->last_bad), "%s: %s",
		 srp_msg_type_name(m->type), why);
	CTL_LOG(WARNING, "audit: %s refused: %s", srp_msg_type_name(m->type),
		why);
}

static int
ranges_push(struct ctl_ckpt_audit *a, uint32_t lo, uint32_t hi)
{
	uint32_t cap, i, *nl, *nh;

	if (a->r_n == a->r_cap) {
		cap = a->r_cap == 0 ? 64 : a->r_cap * 2;
		nl = malloc(cap * sizeof(*nl));
		nh = malloc(cap * sizeof(*nh));
		if (nl == NULL || nh == NULL) {
			free(nl);
			free(nh);
			return -ENOMEM;
		}
		for (i = 0; i < a->r_n; i++) {
			nl[i] = a->rlo[(a->r_head + i) % a->r_cap];
			nh[i] = a->rhi[(a->r_head + i) % a->r_cap];
		}
		free(a->rlo);
		free(a->rhi);
		a->rlo = nl;
		a->rhi = nh;
		a->r_cap = cap;
		a->r_head = 0;
	}
	i = (a->r_head + a->r_n) % a->r_cap;
	a->rlo[i] = lo;
	a->rhi[i] = hi;
	a->r_n++;
	return 0;
}

static int
leaf_push(struct ctl_ckpt_audit *a, uint32_t b)
{
	uint32_t *n;

	if (bm_has(a->leaf_bm, b))
		return 0;
	if (a->n_leaf == a->leaf_cap) {
		n = realloc(a->leaf, (a->leaf_cap + 1024) * sizeof(*n));
		if (n == NULL)
			return -ENOMEM;
		a->leaf = n;
		a->leaf_cap += 1024;
	}
	a->leaf[a->n_leaf++] = b;
	bm_set(a->leaf_bm, b);
	return 0;
}

/* Sort the @n disjoint ranges (@lo[i], @hi[i]) by their start. */
static void
ranges_sort(uint32_t *lo, uint32_t *hi, uint32_t n)
{
	uint32_t i, j, l, h;

	/* Insertion sort: at most 256, mostly in order already. */
	for (i = 1; i < n; i++) {
		l = lo[i];
		h = hi[i];
		for (j = i; j > 0 && lo[j - 1] > l; j--) {
			lo[j] = lo[j - 1];
			hi[j] = hi[j - 1];
		}
		lo[j] = l;
		hi[j] = h;
	}
}

/* Standby: the next QUERY (ranges from the FIFO), FETCH, or the sweep. */
static void
audit_next(struct ctl_ckpt *c)
{
	struct ctl_ckpt_audit *a = &c->au;
	uint32_t i, k, lo, hi;
	struct srp_audit w;

	if (a->r_n > 0) {
		/* The next ranges of the FIFO (disjoint, but a query may
		 * take the end of one round and the start of the next), sent
		 * in ascending order as the protocol wants. */
		for (i = 0; i < a->r_n && i < SRP_AUDIT_RANGES_MAX; i++) {
			k = (a->r_head + i) % a->r_cap;
			a->a_lo[i] = a->rlo[k];
			a->a_hi[i] = a->rhi[k];
		}
		a->n_asked = i;
		a->r_head = (a->r_head + i) % a->r_cap;
		a->r_n -= i;
		ranges_sort(a->a_lo, a->a_hi, a->n_asked);
		srp_audit_writer_init(&w, SRP_MSG_AUDIT_QUERY, a->id, 0, a->buf,
				      SRP_AUDIT_PAYLOAD_MAX);
		for (i = 0; i < a->n_asked; i++)
			srp_audit_put_range(&w, a->a_lo[i], a->a_hi[i]);
		a->phase = CTL_AUDIT_QUERY;
	} else if (a->leaf_i < a->n_leaf) {
		srp_audit_writer_init(&w, SRP_MSG_AUDIT_FETCH, a->id,
				      a->sync ? SRP_AUDIT_F_SYNC : 0, a->buf,
				      SRP_AUDIT_PAYLOAD_MAX);
		/* The buckets (sorted when the fetch phase began), runs of
		 * adjacent ones as one range: the active walks its table once
		 * per FETCH. */
		for (i = 0; a->leaf_i < a->n_leaf && i < SRP_AUDIT_RANGES_MAX;
		     i++) {
			lo = a->leaf[a->leaf_i++];
			hi = lo + 1;
			while (a->leaf_i < a->n_leaf &&
			       a->leaf[a->leaf_i] == hi) {
				hi++;
				a->leaf_i++;
			}
			srp_audit_put_range(&w, lo, hi);
		}
		a->phase = CTL_AUDIT_FETCH;
	} else {
		a->phase = CTL_AUDIT_SWEEP;
		a->sweep_iter = 0;
		return;
	}
	if (audit_send(c, &w) < 0) {
		audit_end(c, "failed: cannot send to the active", false);
		return;
	}
	a->wait_until_ms = ctl_ckpt_i_now(c) + CTL_AUDIT_ANSWER_MS;
}

int
ctl_ckpt_audit_start(struct ctl_ckpt *c, bool sync, bool scheduled,
		     char *err, size_t err_len)
{
	struct ctl_ckpt_audit *a = &c->au;
	struct ctl_audit_stats *st = &a->st;
	uint64_t sum;

	if (c->active) {
		snprintf(err, err_len, "this chassis is active: the standby "
			 "runs audits (run the command there)");
		return -EPERM;
	}
	if (!c->link_up || c->peer_state == SRP_WSTATE_MAX) {
		snprintf(err, err_len, "no SRP peer connected");
		return -ENOTCONN;
	}
	if (a->local_state != SRP_WSTATE_STANDBY_READY ||
	    c->peer_state != SRP_WSTATE_ACTIVE) {
		snprintf(err, err_len, "not paired: this chassis must be a "
			 "READY standby of an active peer");
		return -EPERM;
	}
	if (!(c->feat_caps & SRP_CAP_AUDIT)) {
		snprintf(err, err_len, "the peer does not support audits "
			 "(no audit capability in its hellos)");
		return -EOPNOTSUPP;
	}
	if (a->phase != CTL_AUDIT_IDLE) {
		snprintf(err, err_len, "audit %u is already running", a->id);
		return -EBUSY;
	}
	if (!audit_alloc(a) ||
	    sess_table_digest_range(c->t, 0, 1, &sum, NULL) < 0) {
		snprintf(err, err_len, "out of memory");
		return -ENOMEM;
	}
	a->id = ++a->next_id;
	a->sync = sync;
	a->r_n = 0;
	a->r_head = 0;
	a->n_leaf = 0;
	a->leaf_i = 0;
	memset(a->leaf_bm, 0, BM_BYTES);
	ctl_ckpt_set_clear(&a->seen);
	st->n_run++;
	st->last_start_ms = ctl_ckpt_i_wall(c);
	st->last_end_ms = 0;
	st->last_sync = sync;
	st->last_scheduled = scheduled;
	st->last_result = "running";
	st->ranges = 0;
	st->msgs = 0;
	st->missing = 0;
	st->stale = 0;
	st->differing = 0;
	st->repaired = 0;
	st->buckets = 0;
	if (ranges_push(a, 0, SRP_AUDIT_BUCKETS) < 0) {
		snprintf(err, err_len, "out of memory");
		return -ENOMEM;
	}
	CTL_LOG(NOTICE, "audit %u started%s%s", a->id, sync ? " with sync" :
		"", scheduled ? " (scheduled)" : "");
	audit_next(c);
	return 0;
}

static int
u32_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

/* Standby: DIGESTS of the QUERY out: compare, split, go on. */
static void
audit_digests(struct ctl_ckpt *c, const struct srp_msg *m,
	      const struct srp_audit *d)
{
	struct ctl_ckpt_audit *a = &c->au;
	uint32_t i, lo, hi, n, mine_n, step, x;
	uint64_t sum, mine;

	if (d->n != a->n_asked) {
		audit_bad(c, m, "not one entry per range asked");
		return;
	}
	for (i = 0; i < d->n; i++) {
		srp_audit_range(d, i, &lo, &hi);
		if (lo != a->a_lo[i] || hi != a->a_hi[i]) {
			audit_bad(c, m, "ranges are not those asked");
			return;
		}
	}
	for (i = 0; i < d->n; i++) {
		srp_audit_range(d, i, &lo, &hi);
		srp_audit_digest(d, i, &n, &sum);
		a->st.ranges++;
		if (sess_table_digest_range(c->t, lo, hi, &mine, &mine_n) < 0)
			mine = ~sum;
		if (mine == sum && mine_n == n)
			continue;
		/* A single bucket, or one side holds nothing there: every
		 * bucket of the range is listed (no more rounds). */
		if (hi - lo == 1 || n == 0 || mine_n == 0) {
			for (x = lo; x < hi; x++)
				if (leaf_push(a, x) < 0)
					goto out_nomem;
			continue;
		}
		step = (hi - lo + CTL_AUDIT_FANOUT - 1) / CTL_AUDIT_FANOUT;
		for (x = lo; x < hi; x += step)
			if (ranges_push(a, x, x + step < hi ? x + step :
					hi) < 0)
				goto out_nomem;
	}
	if (a->r_n == 0 && a->n_leaf > 0 && a->leaf_i == 0)
		qsort(a->leaf, a->n_leaf, sizeof(a->leaf[0]), u32_cmp);
	a->st.buckets = a->n_leaf;
	audit_next(c);
	return;

out_nomem:
	audit_end(c, "failed: out of memory", false);
}

/* Standby: ITEMS of the FETCH out. */
static void
audit_items(struct ctl_ckpt *c, const struct srp_msg *m,
	    const struct srp_audit *d)
{
	struct ctl_ckpt_audit *a = &c->au;
	const struct sess *s;
	uint32_t i, teid;
	uint64_t fp;

	for (i = 0; i < d->n; i++) {
		srp_audit_item(d, i, &teid, &fp);
		if (!bm_has(a->leaf_bm, sess_table_bucket(teid))) {
			audit_bad(c, m, "TEID outside the buckets asked");
			return;
		}
	}
	for (i = 0; i < d->n; i++) {
		srp_audit_item(d, i, &teid, &fp);
		if (ctl_ckpt_set_add(&a->seen, teid) < 0) {
			audit_end(c, "failed: out of memory", false);
			return;
		}
		s = sess_table_lookup_teid(c->t, teid);
		if (s != NULL && ctl_sess_digest_one(s) == fp)
			continue;
		if (s == NULL)
			a->st.missing++;
		else
			a->st.differing++;
		/* The active sends it again behind this list. */
		if (a->sync)
			a->st.repaired++;
	}
	if (d->flags & SRP_AUDIT_F_LAST)
		audit_next(c);
}

/* Decode audit message @m into @d, refusing (counted) a bad payload and
 * any audit message without the shared capability. */
static int
audit_check(struct ctl_ckpt *c, const struct srp_msg *m, struct srp_audit *d)
{
	enum srp_audit_err e;

	e = srp_audit_decode(m->type, m->payload, m->payload_len, d);
	if (e != SRP_AUDIT_OK) {
		audit_bad(c, m, srp_audit_err_str(e));
		return -EPROTO;
	}
	if (!(c->feat_caps & SRP_CAP_AUDIT)) {
		audit_bad(c, m, "the audit capability was not agreed");
		return -EPROTO;
	}
	return 0;
}

int
ctl_ckpt_i_audit_rx(struct ctl_ckpt *c, const struct srp_msg *m)
{
	struct ctl_ckpt_audit *a = &c->au;
	struct srp_audit d;

	if (audit_check(c, m, &d) < 0)
		return -EPROTO;
	if (d.id != a->id ||
	    (m->type == SRP_MSG_AUDIT_DIGESTS && a->phase != CTL_AUDIT_QUERY) ||
	    (m->type == SRP_MSG_AUDIT_ITEMS && a->phase != CTL_AUDIT_FETCH)) {
		audit_bad(c, m, "no such audit waiting for it");
		return -EPROTO;
	}
	a->st.msgs++;
	if (m->type == SRP_MSG_AUDIT_DIGESTS)
		audit_digests(c, m, &d);
	else
		audit_items(c, m, &d);
	return 0;
}

void
ctl_ckpt_i_audit_note(struct ctl_ckpt *c, uint32_t teid)
{
	struct ctl_ckpt_audit *a = &c->au;

	/* Applied behind the list: the active has it, it is not stale. */
	if ((a->phase == CTL_AUDIT_FETCH || a->phase == CTL_AUDIT_SWEEP) &&
	    bm_has(a->leaf_bm, sess_table_bucket(teid)))
		ctl_ckpt_set_add(&a->seen, teid);
}

/* Standby: one slice of the sweep for stale sessions. */
static void
audit_sweep(struct ctl_ckpt *c)
{
	struct ctl_ckpt_audit *a = &c->au;
	uint32_t stale[256], n = 0, i, k;
	const struct sess *s;
	int ret = 0;

	for (k = 0; k < CTL_AUDIT_SLICE && n < RTE_DIM(stale); k++) {
		ret = sess_table_iterate(c->t, &a->sweep_iter, &s);
		if (ret < 0)
			break;
		if (bm_has(a->leaf_bm, sess_table_bucket(s->p.teid_local)) &&
		    !ctl_ckpt_set_has(&a->seen, s->p.teid_local))
			stale[n++] = s->p.teid_local;
	}
	/* Deleted after the slice: the walk never sees the table change
	 * under its feet. */
	for (i = 0; i < n; i++) {
		a->st.stale++;
		if (a->sync && ctl_sess_repl_delete(stale[i]) == 0)
			a->st.repaired++;
	}
	if (ret < 0) {
		if (a->st.missing + a->st.stale + a->st.differing == 0)
			audit_end(c, "passed: no difference", true);
		else
			audit_end(c, a->sync ? "differences found and "
				  "repaired" : "differences found", false);
	}
}

/* The next scheduled start after @now (wall ms), from the
 * configuration: the daily start time (local time) and every periodicity
 * minutes after it until the next day's start. 0: none configured. */
static uint64_t
audit_sched_next(const struct ctl_ckpt *c, uint64_t now)
{
	const struct srp_conf *sc = c->conf;
	time_t t = (time_t)(now / 1000u);
	uint64_t start, period, next;
	struct tm tm;

	if (!sc->audit_start_set || sc->audit_period_min == 0)
		return 0;
	if (localtime_r(&t, &tm) == NULL)
		return 0;
	tm.tm_hour = sc->audit_start_hour;
	tm.tm_min = sc->audit_start_min;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	start = (uint64_t)mktime(&tm) * 1000u;
	/* Today's start may be ahead: the run series began yesterday. */
	if (start > now)
		start -= DAY_MS;
	period = (uint64_t)sc->audit_period_min * 60000u;
	next = start + ((now - start) / period + 1) * period;
	/* Each day's series starts again at the start time. */
	if (next > start + DAY_MS)
		next = start + DAY_MS;
	return next;
}

/* Standby, each poll: a due scheduled audit, which repairs what it finds
 * (the standby fetches from the active, as manual-with-sync does). */
static void
audit_sched(struct ctl_ckpt *c)
{
	struct ctl_ckpt_audit *a = &c->au;
	uint64_t now = ctl_ckpt_i_wall(c);
	char err[128];

	if (a->next_sched_ms == 0) {
		a->next_sched_ms = audit_sched_next(c, now);
		return;
	}
	if (now < a->next_sched_ms)
		return;
	a->next_sched_ms = audit_sched_next(c, now);
	if (c->active)
		return;
	if (ctl_ckpt_audit_start(c, true, true, err, sizeof(err)) < 0)
		CTL_LOG(NOTICE, "scheduled audit not run: %s", err);
}

/* Active: answer the waiting QUERY once the deltas before it went. */
static void
serve_query(struct ctl_ckpt *c)
{
	struct ctl_ckpt_audit *a = &c->au;
	struct srp_audit w;
	uint32_t i, n;
	uint64_t sum;
	int ret;

	if (c->out_full || ((c->pend[0].n > 0 || c->pend[1].n > 0) &&
			    ++a->q_polls < CTL_AUDIT_QUIET_POLLS))
		return;
	srp_audit_writer_init(&w, SRP_MSG_AUDIT_DIGESTS, a->q_id, 0, a->buf,
			      SRP_AUDIT_PAYLOAD_MAX);
	for (i = 0; i < a->q_n; i++) {
		if (sess_table_digest_range(c->t, a->q_lo[i], a->q_hi[i], &sum,
					    &n) < 0) {
			/* No bucket sums: an answer that always differs. */
			sum = 0;
			n = UINT32_MAX;
		}
		srp_audit_put_digest(&w, a->q_lo[i], a->q_hi[i], n, sum);
	}
	ret = audit_send(c, &w);
	if (ret == -ENOBUFS)
		return;
	a->q_pending = false;
	if (ret == 0)
		a->st.n_served++;
}

/*
 * Active: list the sessions a FETCH asked for, a slice of the table per
 * poll, in ITEMS messages filled up to their maximum (or closing the
 * answer); with sync, each listed session is queued again behind them.
 */
static void
serve_fetch(struct ctl_ckpt *c)
{
	struct ctl_ckpt_audit *a = &c->au;
	struct srp_audit *w = &a->f_w;
	const struct sess *s;
	uint32_t k, i, teid;
	uint64_t fp;
	int ret = 0;

	if (c->out_full)
		return;
	for (k = 0; !a->f_full && k < CTL_AUDIT_SLICE; k++) {
		if (sess_table_iterate(c->t, &a->f_iter, &s) < 0) {
			/* The walk is over: this one closes the answer. */
			srp_audit_flags_set(w, SRP_AUDIT_F_LAST);
			a->f_full = true;
		} else if (bm_has(a->f_bm,
				  sess_table_bucket(s->p.teid_local))) {
			srp_audit_put_item(w, s->p.teid_local,
					   ctl_sess_digest_one(s));
			a->f_full = w->n == SRP_AUDIT_ITEMS_MAX;
		}
	}
	if (!a->f_full)
		return;		/* more of the table next poll */
	ret = audit_send(c, w);
	if (ret == -ENOBUFS)
		return;		/* the same message next poll */
	if (ret == 0 && a->f_sync)
		for (i = 0; i < w->n; i++) {
			srp_audit_item(w, i, &teid, &fp);
			ctl_ckpt_i_tx_resend(c, teid);
		}
	a->f_full = false;
	if (w->flags & SRP_AUDIT_F_LAST || ret < 0) {
		a->f_running = false;
		a->st.n_listed++;
		return;
	}
	srp_audit_writer_init(w, SRP_MSG_AUDIT_ITEMS, a->f_id, 0, a->f_buf,
			      SRP_AUDIT_PAYLOAD_MAX);
}

/* Active: QUERY or FETCH from the standby. */
static int
audit_serve_msg(struct ctl_ckpt *c, const struct srp_msg *m)
{
	struct ctl_ckpt_audit *a = &c->au;
	uint32_t i, lo, hi, b;
	struct srp_audit d;

	if (audit_check(c, m, &d) < 0)
		return -EPROTO;
	if (!c->active) {
		audit_bad(c, m, "this chassis is not active");
		return -EPROTO;
	}
	if (!audit_alloc(a)) {
		audit_bad(c, m, "out of memory");
		return -ENOMEM;
	}
	/* One question at a time: a new one replaces the last. */
	if (m->type == SRP_MSG_AUDIT_QUERY) {
		a->q_pending = true;
		a->q_id = d.id;
		a->q_n = d.n;
		a->q_polls = 0;
		for (i = 0; i < d.n; i++)
			srp_audit_range(&d, i, &a->q_lo[i], &a->q_hi[i]);
		return 0;
	}
	memset(a->f_bm, 0, BM_BYTES);
	for (i = 0; i < d.n; i++) {
		srp_audit_range(&d, i, &lo, &hi);
		for (b = lo; b < hi; b++)
			bm_set(a->f_bm, b);
	}
	a->f_running = true;
	a->f_full = false;
	a->f_sync = (d.flags & SRP_AUDIT_F_SYNC) != 0;
	a->f_id = d.id;
	a->f_iter = 0;
	srp_audit_writer_init(&a->f_w, SRP_MSG_AUDIT_ITEMS, d.id, 0, a->f_buf,
			      SRP_AUDIT_PAYLOAD_MAX);
	return 0;
}

int
ctl_ckpt_i_audit_msg(struct ctl_ckpt *c, const struct srp_msg *m)
{
	if (m->type == SRP_MSG_AUDIT_QUERY || m->type == SRP_MSG_AUDIT_FETCH)
		return audit_serve_msg(c, m);
	if (c->active) {
		audit_bad(c, m, "this chassis is active");
		return -EPROTO;
	}
	/* Answers come in order with the deltas before them. */
	return ctl_ckpt_i_rx_msg(c, m);
}

void
ctl_ckpt_i_audit_poll(struct ctl_ckpt *c)
{
	struct ctl_ckpt_audit *a = &c->au;

	if (c->active) {
		if (!c->link_up)
			return;
		if (a->q_pending)
			serve_query(c);
		if (a->f_running)
			serve_fetch(c);
		return;
	}
	audit_sched(c);
	switch (a->phase) {
	case CTL_AUDIT_QUERY:
	case CTL_AUDIT_FETCH:
		if (ctl_ckpt_i_now(c) > a->wait_until_ms)
			audit_end(c, "failed: no answer from the active",
				  false);
		break;
	case CTL_AUDIT_SWEEP:
		/* After what the active sent before its last list. */
		if (!c->rx_busy && c->rxq.n == 0)
			audit_sweep(c);
		break;
	default:
		break;
	}
}
