/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Installs sessions replicated from the active chassis through the single
 * session writer (creation time kept, conflicting local sessions evicted).
 * Context: control.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "ctl_sess.h"
#include "ctl_sess_int.h"

/* The table is there and no bulk job runs: replicated changes may go. */
static int
repl_may_apply(char *err, size_t err_len)
{
	int ret = ctl_sess_i_ready(err, err_len);

	return ret < 0 ? ret : ctl_sess_i_bulk_idle(err, err_len);
}

/* Delete @s (a local session) with its neighbour reference. */
static void
repl_drop(struct sess_table *t, const struct sess *s)
{
	uint16_t nh = s->p.nh_id;

	if (sess_table_del(t, s->p.teid_local) == 0)
		ctl_sess_i_nh_put(nh);
}

/* Delete the sessions other than @p's TEID that hold one of @p's keys. */
static uint32_t
repl_evict(struct sess_table *t, const struct sess_params *p)
{
	const struct sess *s;
	uint32_t n = 0;

	if (p->has_ue4) {
		s = sess_table_lookup_ue4(t, p->ue4);
		if (s != NULL && s->p.teid_local != p->teid_local) {
			repl_drop(t, s);
			n++;
		}
	}
	if (p->has_ue6) {
		s = sess_table_lookup_ue6(t, p->ue6);
		if (s != NULL && s->p.teid_local != p->teid_local) {
			repl_drop(t, s);
			n++;
		}
	}
	s = sess_table_lookup_remote(t, p->peer_af, p->peer_addr,
				     p->teid_remote);
	if (s != NULL && s->p.teid_local != p->teid_local) {
		repl_drop(t, s);
		n++;
	}
	return n;
}

int
ctl_sess_repl_upsert(const struct sess_params *in, uint64_t created_ms,
		     uint32_t *n_evicted, char *err, size_t err_len)
{
	struct sess_table *t = ctl_sess_table();
	const struct sess *old;
	struct sess_params p;
	uint16_t old_nh;
	int ret;

	if (n_evicted != NULL)
		*n_evicted = 0;
	ret = repl_may_apply(err, err_len);
	if (ret < 0)
		return ret;
	if (in == NULL || in->teid_local == 0) {
		ctl_sess_i_err(err, err_len, "no session given");
		return -EINVAL;
	}
	p = *in;
	ret = repl_evict(t, &p);
	if (n_evicted != NULL)
		*n_evicted = (uint32_t)ret;
	old = sess_table_lookup_teid(t, p.teid_local);
	if (old != NULL && old->created_ms == created_ms &&
	    old->p.peer_af == p.peer_af &&
	    memcmp(old->p.peer_addr, p.peer_addr, 16) == 0) {
		/* Same session, same peer: replace in place. */
		p.nh_id = old->p.nh_id;
		ret = sess_table_modify(t, &p);
		if (ret < 0)
			ctl_sess_i_add_err(ret, err, err_len);
		ctl_sess_i_schedule();
		return ret;
	}
	if (old != NULL) {
		/* Another incarnation or another peer: delete, then add. */
		old_nh = old->p.nh_id;
		if (sess_table_del(t, p.teid_local) == 0)
			ctl_sess_i_nh_put(old_nh);
	}
	ret = ctl_sess_i_full(1, err, err_len);
	if (ret == 0)
		ret = ctl_sess_i_resolve(&p, err, err_len);
	if (ret == 0) {
		ret = sess_table_add_at(t, &p, created_ms);
		if (ret < 0) {
			ctl_sess_i_nh_put(p.nh_id);
			ctl_sess_i_add_err(ret, err, err_len);
		}
	}
	ctl_sess_i_schedule();
	return ret;
}

int
ctl_sess_repl_delete(uint32_t teid)
{
	struct sess_table *t = ctl_sess_table();
	const struct sess *s;
	int ret;

	ret = repl_may_apply(NULL, 0);
	if (ret < 0)
		return ret;
	s = sess_table_lookup_teid(t, teid);
	if (s == NULL)
		return 0;
	repl_drop(t, s);
	ctl_sess_i_schedule();
	return 0;
}

/* A timeout as sess_params holds it: default, none, or seconds. */
static bool
repl_timeout_ok(uint32_t v)
{
	return v <= CTL_SESS_TIMEOUT_MAX || v == SESS_TIMEOUT_NONE;
}

int
ctl_sess_repl_timers(uint32_t teid, uint32_t idle_s, uint32_t abs_s,
		     char *err, size_t err_len)
{
	const struct sess *s;
	struct sess_params p;
	int ret;

	ret = repl_may_apply(err, err_len);
	if (ret < 0)
		return ret;
	if (!repl_timeout_ok(idle_s) || !repl_timeout_ok(abs_s)) {
		ctl_sess_i_err(err, err_len, "timeouts of local-teid %" PRIu32
			       " out of range", teid);
		return -EINVAL;
	}
	s = sess_table_lookup_teid(ctl_sess_table(), teid);
	if (s == NULL) {
		ctl_sess_i_err(err, err_len, "timers of unknown local-teid %"
			       PRIu32, teid);
		return -ENOENT;
	}
	if (s->p.idle_timeout_s == idle_s && s->p.abs_timeout_s == abs_s)
		return 0;
	p = s->p;
	p.idle_timeout_s = idle_s;
	p.abs_timeout_s = abs_s;
	ret = sess_table_modify(ctl_sess_table(), &p);
	if (ret < 0) {
		ctl_sess_i_add_err(ret, err, err_len);
	} else {
		ctl_sess_timer_note_own(&p);
		ctl_sess_i_schedule();
	}
	return ret;
}
