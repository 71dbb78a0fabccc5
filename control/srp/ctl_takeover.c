/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Post-switchover phase sequencing (see ctl_takeover.h): which phase runs,
 * when each ends (condition or guard), the data mode and the session
 * change gate that follow from them and from the chassis state. No I/O; the SRP glue feeds it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_takeover.h"
#include "dp_fwd.h"

static uint64_t
post_guard(const struct ctl_takeover *p)
{
	return p->opts.guard_ms != 0 ? p->opts.guard_ms :
				       CTL_TAKEOVER_GUARD_MS;
}

static bool
post_is_phase(enum ctl_takeover_phase ph)
{
	return ph >= CTL_TAKEOVER_CRIT_FLUSH && ph <= CTL_TAKEOVER_AUDIT;
}

bool
ctl_takeover_running(const struct ctl_takeover *p,
		     enum ctl_takeover_phase phase)
{
	return post_is_phase(phase) && p->start_ms[phase] != 0 &&
	       !p->done[phase];
}

static void
post_begin(struct ctl_takeover *p, enum ctl_takeover_phase ph, uint64_t now)
{
	if (p->start_ms[ph] == 0 && !p->done[ph])
		p->start_ms[ph] = now != 0 ? now : 1;
}

static void
post_end(struct ctl_takeover *p, enum ctl_takeover_phase ph, uint64_t now,
	 bool timeout)
{
	if (p->done[ph])
		return;
	if (p->start_ms[ph] == 0)
		p->start_ms[ph] = now != 0 ? now : 1;
	p->done[ph] = true;
	p->timed_out[ph] = timeout;
	p->dur_ms[ph] = now > p->start_ms[ph] ? now - p->start_ms[ph] : 0;
	if (timeout)
		p->n_timeouts++;
}

void
ctl_takeover_start(struct ctl_takeover *p, const struct ctl_takeover_opts *o,
		   bool planned, uint64_t now_ms)
{
	uint64_t runs = p->n_runs, tmo = p->n_timeouts;
	uint64_t term = p->n_terminated;

	memset(p, 0, sizeof(*p));
	p->opts = *o;
	p->planned = planned;
	p->activated_ms = now_ms;
	p->n_runs = runs + 1;
	p->n_timeouts = tmo;
	p->n_terminated = term;
	post_begin(p, CTL_TAKEOVER_CRIT_FLUSH, now_ms);
}

void
ctl_takeover_stop(struct ctl_takeover *p, uint64_t now_ms)
{
	int ph;

	if (p->n_runs == 0)
		return;
	for (ph = CTL_TAKEOVER_CRIT_FLUSH; ph <= CTL_TAKEOVER_AUDIT; ph++)
		if (ctl_takeover_running(p, ph))
			post_end(p, ph, now_ms, false);
	p->done[CTL_TAKEOVER_DONE] = false;
	p->start_ms[CTL_TAKEOVER_IDLE] = now_ms != 0 ? now_ms : 1;
}

int
ctl_takeover_cond(struct ctl_takeover *p, enum ctl_takeover_phase phase)
{
	if (!post_is_phase(phase))
		return -EINVAL;
	p->cond[phase] = true;
	return 0;
}

bool
ctl_takeover_step(struct ctl_takeover *p, uint64_t now_ms)
{
	bool changed = false;
	int ph;

	if (ctl_takeover_phase(p) == CTL_TAKEOVER_IDLE ||
	    ctl_takeover_phase(p) == CTL_TAKEOVER_DONE)
		return false;
	for (ph = CTL_TAKEOVER_CRIT_FLUSH; ph <= CTL_TAKEOVER_AUDIT; ph++) {
		if (!ctl_takeover_running(p, ph))
			continue;
		if (p->cond[ph]) {
			post_end(p, ph, now_ms, false);
			changed = true;
		} else if (now_ms - p->start_ms[ph] >= post_guard(p)) {
			post_end(p, ph, now_ms, true);
			changed = true;
		}
	}
	/* Start what the ended phases open: convergence after the critical
	 * flush, the accounting flush and the audit (side by side) after
	 * convergence. A phase started here may end on the next step. */
	if (p->done[CTL_TAKEOVER_CRIT_FLUSH])
		post_begin(p, CTL_TAKEOVER_NET_CONV, now_ms);
	if (p->done[CTL_TAKEOVER_NET_CONV]) {
		post_begin(p, CTL_TAKEOVER_ACCT_FLUSH, now_ms);
		post_begin(p, CTL_TAKEOVER_AUDIT, now_ms);
	}
	if (changed)
		(void)ctl_takeover_step(p, now_ms);
	return changed;
}

int
ctl_takeover_terminate(struct ctl_takeover *p, uint64_t now_ms)
{
	int ph;

	if (ctl_takeover_phase(p) == CTL_TAKEOVER_IDLE ||
	    ctl_takeover_phase(p) == CTL_TAKEOVER_DONE)
		return -EALREADY;
	for (ph = CTL_TAKEOVER_CRIT_FLUSH; ph <= CTL_TAKEOVER_AUDIT; ph++)
		post_end(p, ph, now_ms, false);
	p->terminated = true;
	p->n_terminated++;
	return 0;
}

enum ctl_takeover_phase
ctl_takeover_phase(const struct ctl_takeover *p)
{
	int ph;

	if (p->n_runs == 0 || p->start_ms[CTL_TAKEOVER_IDLE] != 0)
		return CTL_TAKEOVER_IDLE;
	for (ph = CTL_TAKEOVER_CRIT_FLUSH; ph <= CTL_TAKEOVER_AUDIT; ph++)
		if (!p->done[ph])
			return ph;
	return CTL_TAKEOVER_DONE;
}

uint8_t
ctl_takeover_data_mode(const struct ctl_takeover *p)
{
	enum ctl_takeover_phase ph = ctl_takeover_phase(p);

	if (ph == CTL_TAKEOVER_IDLE || ph == CTL_TAKEOVER_DONE ||
	    p->opts.allow_all || p->done[CTL_TAKEOVER_ACCT_FLUSH])
		return DP_DATA_ALL;
	/* maintain-accounting: VoLTE waits for its counters, which the old
	 * active sends first (critical flush). */
	if (p->opts.allow_volte && (!p->opts.volte_maint_acct ||
				    p->done[CTL_TAKEOVER_CRIT_FLUSH]))
		return DP_DATA_VOLTE;
	return DP_DATA_NONE;
}

bool
ctl_takeover_create_ok(const struct ctl_takeover *p)
{
	enum ctl_takeover_phase ph = ctl_takeover_phase(p);

	if (ph == CTL_TAKEOVER_IDLE || ph == CTL_TAKEOVER_DONE)
		return true;
	return p->opts.control_outage_opt && p->done[CTL_TAKEOVER_AUDIT];
}

const char *
ctl_takeover_phase_str(enum ctl_takeover_phase phase)
{
	static const char *const names[CTL_TAKEOVER_MAX] = {
		[CTL_TAKEOVER_IDLE] = "idle",
		[CTL_TAKEOVER_CRIT_FLUSH] = "critical-flush",
		[CTL_TAKEOVER_NET_CONV] = "network-convergence",
		[CTL_TAKEOVER_ACCT_FLUSH] = "accounting-flush",
		[CTL_TAKEOVER_AUDIT] = "audit",
		[CTL_TAKEOVER_DONE] = "done",
	};

	if ((unsigned int)phase >= CTL_TAKEOVER_MAX)
		return "?";
	return names[phase];
}

int
ctl_takeover_change_check(const struct ctl_takeover *p,
			  enum srp_fsm_state state, enum srp_fsm_phase phase,
			  enum ctl_sess_change what, char *err, size_t err_len)
{
	if (state != SRP_ST_ACTIVE) {
		/* A standby's table is the active's copy: a change here
		 * would be swept by the next checkpoint, or lost. */
		if (err != NULL && err_len != 0)
			snprintf(err, err_len, "chassis is %s%s%s%s: session "
				 "changes are accepted on the active only",
				 srp_fsm_state_str(state),
				 state == SRP_ST_SWITCHING ? " (" : "",
				 state == SRP_ST_SWITCHING ?
				 srp_fsm_phase_str(phase) : "",
				 state == SRP_ST_SWITCHING ? ")" : "");
		return -EROFS;
	}
	if (what != CTL_SESS_CHANGE_NEW || ctl_takeover_create_ok(p))
		return 0;
	if (err != NULL && err_len != 0)
		snprintf(err, err_len, "switchover post-processing: %s",
			 ctl_takeover_phase_str(ctl_takeover_phase(p)));
	return -EAGAIN;
}
