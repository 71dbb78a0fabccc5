/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Session timers: the idle timeout and the absolute lifetime of each
 * session (configured defaults, per-session overrides in sess_params).
 * The pure rule (ctl_sess_timer_eval), and the expiry scan of the active:
 * a periodic pass over the table in slices of CTL_SESS_TIMER_SLICE
 * sessions per reactor turn that deletes expired sessions through the one
 * writer (the deletion replicates like any other). Idle time is read from
 * the counters the workers already keep. A chassis that becomes active
 * restarts every session's timers with the full lifetime: one timestamp,
 * no walk. Context: control.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "ctl_sess.h"
#include "ctl_sess_int.h"
#include "ctl_sess_rec.h"

uint32_t
ctl_sess_timeout_eff(uint32_t own, uint32_t def)
{
	if (own == SESS_TIMEOUT_NONE)
		return 0;
	return own != 0 ? own : def;
}

enum ctl_sess_expiry
ctl_sess_timer_eval(uint32_t idle_s, uint32_t abs_s, uint64_t start_ms,
		    uint64_t last_ms, uint64_t now_ms,
		    struct ctl_sess_timer_left *left)
{
	enum ctl_sess_expiry e = CTL_SESS_EXP_NONE;
	uint64_t end;

	left->idle_ms = -1;
	left->abs_ms = -1;
	/* Activity before the timers (re)started does not count. */
	if (last_ms < start_ms)
		last_ms = start_ms;
	if (idle_s != 0) {
		end = last_ms + (uint64_t)idle_s * 1000;
		left->idle_ms = end > now_ms ? (int64_t)(end - now_ms) : 0;
		if (end <= now_ms)
			e = CTL_SESS_EXP_IDLE;
	}
	if (abs_s != 0) {
		end = start_ms + (uint64_t)abs_s * 1000;
		left->abs_ms = end > now_ms ? (int64_t)(end - now_ms) : 0;
		if (end <= now_ms)
			e = CTL_SESS_EXP_ABSOLUTE;
	}
	return e;
}

static struct {
	uint32_t		idle_s;		/* defaults, 0: none */
	uint32_t		abs_s;
	bool			standby;	/* SRP said standby: no expiry */
	bool			any_own;	/* a session had its own timers */
	uint64_t		restart_ms;	/* wall clock of the last start */
	struct ctl_timer	*timer;
	uint32_t		iter;		/* cursor of the running pass */
	bool			in_pass;
	struct ctl_sess_timer_stats st;
} tm;

void
ctl_sess_timer_defaults_set(uint32_t idle_s, uint32_t abs_s)
{
	tm.idle_s = idle_s;
	tm.abs_s = abs_s;
}

void
ctl_sess_timer_note_own(const struct sess_params *p)
{
	if (p->idle_timeout_s != 0 || p->abs_timeout_s != 0)
		tm.any_own = true;
}

void
ctl_sess_timer_role(bool active)
{
	if (active && tm.standby) {
		/* The chapter: timers recovered with the full lifetime. */
		tm.restart_ms = ctl_loop_wall_ms();
		tm.st.n_restarts++;
		tm.st.last_restart_ms = tm.restart_ms;
		CTL_LOG(NOTICE, "session timers restarted with the full "
			"lifetime (now active)");
	}
	tm.standby = !active;
	tm.iter = 0;
	tm.in_pass = false;
}

void
ctl_sess_timer_standby(void)
{
	tm.standby = true;
}

static uint64_t
timer_start_ms(const struct sess *s)
{
	return s->created_ms > tm.restart_ms ? s->created_ms : tm.restart_ms;
}

enum ctl_sess_expiry
ctl_sess_timer_left(const struct sess_table *t, const struct sess *s,
		    uint64_t now_ms, struct ctl_sess_timer_left *left)
{
	struct srp_rec r;

	ctl_sess_rec_counters(t, s->slot, now_ms, &r);
	left->idle_s = ctl_sess_timeout_eff(s->p.idle_timeout_s, tm.idle_s);
	left->abs_s = ctl_sess_timeout_eff(s->p.abs_timeout_s, tm.abs_s);
	return ctl_sess_timer_eval(left->idle_s, left->abs_s,
				   timer_start_ms(s), r.last_activity_ms,
				   now_ms, left);
}

uint32_t
ctl_sess_timer_step(uint64_t now_ms, uint32_t max, bool *done)
{
	struct sess_table *t = ctl_sess_table();
	struct ctl_sess_timer_left left;
	uint32_t teids[CTL_SESS_TIMER_SLICE];
	uint8_t why[CTL_SESS_TIMER_SLICE];
	const struct sess *s;
	uint32_t n = 0, n_exp = 0, n_idle = 0, n_abs = 0, i;
	char err[CTL_SESS_ERR_LEN];
	enum ctl_sess_expiry e;

	*done = true;
	if (t == NULL || tm.standby || (tm.idle_s == 0 && tm.abs_s == 0 &&
					!tm.any_own))
		return 0;
	if (max == 0 || max > CTL_SESS_TIMER_SLICE)
		max = CTL_SESS_TIMER_SLICE;
	if (!tm.in_pass) {
		tm.in_pass = true;
		tm.iter = 0;
	}
	*done = false;
	while (n < max) {
		if (sess_table_iterate(t, &tm.iter, &s) < 0) {
			*done = true;
			break;
		}
		n++;
		e = ctl_sess_timer_left(t, s, now_ms, &left);
		if (e != CTL_SESS_EXP_NONE) {
			teids[n_exp] = s->p.teid_local;
			why[n_exp++] = (uint8_t)e;
		}
	}
	/* Deleted between two iterations, as the cursor allows. */
	for (i = 0; i < n_exp; i++) {
		if (ctl_sess_delete(teids[i], err, sizeof(err)) < 0) {
			/* A bulk job runs: the next pass tries again. */
			tm.st.n_deferred++;
			continue;
		}
		if (why[i] == CTL_SESS_EXP_IDLE)
			n_idle++;
		else
			n_abs++;
	}
	/* One line per turn, not per session (a mass expiry). */
	if (n_idle + n_abs > 0)
		CTL_LOG(INFO, "sessions expired: %" PRIu32 " idle, %" PRIu32
			" absolute (first local-teid %" PRIu32 ")", n_idle,
			n_abs, teids[0]);
	tm.st.n_idle += n_idle;
	tm.st.n_absolute += n_abs;
	tm.st.n_slices++;
	tm.st.n_checked += n;
	if (n > tm.st.max_slice)
		tm.st.max_slice = n;
	if (*done) {
		tm.in_pass = false;
		tm.st.n_passes++;
	}
	return n;
}

static void
timer_cb(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	bool done;

	(void)loop;
	(void)arg;
	ctl_sess_timer_step(ctl_loop_wall_ms(), CTL_SESS_TIMER_SLICE, &done);
	/* More of the pass next turn, else wait for the next period. */
	ctl_loop_timer_set(t, done ? CTL_SESS_TIMER_PERIOD_MS : 1,
			   CTL_SESS_TIMER_PERIOD_MS);
}

int
ctl_sess_i_timer_start(struct ctl_loop *loop)
{
	if (loop == NULL)
		return 0;
	tm.timer = ctl_loop_timer_add(loop, CTL_SESS_TIMER_PERIOD_MS,
				      CTL_SESS_TIMER_PERIOD_MS, timer_cb,
				      NULL);
	return tm.timer == NULL ? -errno : 0;
}

void
ctl_sess_i_timer_stop(void)
{
	if (tm.timer != NULL)
		ctl_loop_timer_del(tm.timer);
	tm.timer = NULL;
	tm.iter = 0;
	tm.in_pass = false;
}

void
ctl_sess_timer_stats_get(struct ctl_sess_timer_stats *st)
{
	*st = tm.st;
	st->idle_s = tm.idle_s;
	st->abs_s = tm.abs_s;
	st->running = !tm.standby;
}

void
ctl_sess_timer_reset(void)
{
	ctl_sess_i_timer_stop();
	memset(&tm, 0, sizeof(tm));
}
