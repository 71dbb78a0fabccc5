/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Post-switchover phase sequencing (see ctl_srp_post.h): which phase runs,
 * when each ends (condition or guard), the data mode and the session
 * create gate that follow from them. No I/O; the SRP glue feeds it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl_srp_post.h"
#include "dp_fwd.h"

/* The phases the session API asks (ctl_srp_post_gate_attach). */
static const struct ctl_srp_post *post_gate;

static uint64_t
post_guard(const struct ctl_srp_post *p)
{
	return p->opts.guard_ms != 0 ? p->opts.guard_ms :
				       CTL_SRP_POST_GUARD_MS;
}

static bool
post_is_phase(enum ctl_srp_post_phase ph)
{
	return ph >= CTL_SRP_POST_CRIT_FLUSH && ph <= CTL_SRP_POST_AUDIT;
}

bool
ctl_srp_post_running(const struct ctl_srp_post *p,
		     enum ctl_srp_post_phase phase)
{
	return post_is_phase(phase) && p->start_ms[phase] != 0 &&
	       !p->done[phase];
}

static void
post_begin(struct ctl_srp_post *p, enum ctl_srp_post_phase ph, uint64_t now)
{
	if (p->start_ms[ph] == 0 && !p->done[ph])
		p->start_ms[ph] = now != 0 ? now : 1;
}

static void
post_end(struct ctl_srp_post *p, enum ctl_srp_post_phase ph, uint64_t now,
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
ctl_srp_post_start(struct ctl_srp_post *p, const struct ctl_srp_post_opts *o,
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
	post_begin(p, CTL_SRP_POST_CRIT_FLUSH, now_ms);
}

void
ctl_srp_post_stop(struct ctl_srp_post *p, uint64_t now_ms)
{
	int ph;

	if (p->n_runs == 0)
		return;
	for (ph = CTL_SRP_POST_CRIT_FLUSH; ph <= CTL_SRP_POST_AUDIT; ph++)
		if (ctl_srp_post_running(p, ph))
			post_end(p, ph, now_ms, false);
	p->done[CTL_SRP_POST_DONE] = false;
	p->start_ms[CTL_SRP_POST_IDLE] = now_ms != 0 ? now_ms : 1;
}

int
ctl_srp_post_cond(struct ctl_srp_post *p, enum ctl_srp_post_phase phase)
{
	if (!post_is_phase(phase))
		return -EINVAL;
	p->cond[phase] = true;
	return 0;
}

bool
ctl_srp_post_step(struct ctl_srp_post *p, uint64_t now_ms)
{
	bool changed = false;
	int ph;

	if (ctl_srp_post_phase(p) == CTL_SRP_POST_IDLE ||
	    ctl_srp_post_phase(p) == CTL_SRP_POST_DONE)
		return false;
	for (ph = CTL_SRP_POST_CRIT_FLUSH; ph <= CTL_SRP_POST_AUDIT; ph++) {
		if (!ctl_srp_post_running(p, ph))
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
	if (p->done[CTL_SRP_POST_CRIT_FLUSH])
		post_begin(p, CTL_SRP_POST_NET_CONV, now_ms);
	if (p->done[CTL_SRP_POST_NET_CONV]) {
		post_begin(p, CTL_SRP_POST_ACCT_FLUSH, now_ms);
		post_begin(p, CTL_SRP_POST_AUDIT, now_ms);
	}
	if (changed)
		(void)ctl_srp_post_step(p, now_ms);
	return changed;
}

int
ctl_srp_post_terminate(struct ctl_srp_post *p, uint64_t now_ms)
{
	int ph;

	if (ctl_srp_post_phase(p) == CTL_SRP_POST_IDLE ||
	    ctl_srp_post_phase(p) == CTL_SRP_POST_DONE)
		return -EALREADY;
	for (ph = CTL_SRP_POST_CRIT_FLUSH; ph <= CTL_SRP_POST_AUDIT; ph++)
		post_end(p, ph, now_ms, false);
	p->terminated = true;
	p->n_terminated++;
	return 0;
}

enum ctl_srp_post_phase
ctl_srp_post_phase(const struct ctl_srp_post *p)
{
	int ph;

	if (p->n_runs == 0 || p->start_ms[CTL_SRP_POST_IDLE] != 0)
		return CTL_SRP_POST_IDLE;
	for (ph = CTL_SRP_POST_CRIT_FLUSH; ph <= CTL_SRP_POST_AUDIT; ph++)
		if (!p->done[ph])
			return ph;
	return CTL_SRP_POST_DONE;
}

uint8_t
ctl_srp_post_data_mode(const struct ctl_srp_post *p)
{
	enum ctl_srp_post_phase ph = ctl_srp_post_phase(p);

	if (ph == CTL_SRP_POST_IDLE || ph == CTL_SRP_POST_DONE ||
	    p->opts.allow_all || p->done[CTL_SRP_POST_ACCT_FLUSH])
		return DP_DATA_ALL;
	/* maintain-accounting: VoLTE waits for its counters, which the old
	 * active sends first (critical flush). */
	if (p->opts.allow_volte && (!p->opts.volte_maint_acct ||
				    p->done[CTL_SRP_POST_CRIT_FLUSH]))
		return DP_DATA_VOLTE;
	return DP_DATA_NONE;
}

bool
ctl_srp_post_create_ok(const struct ctl_srp_post *p)
{
	enum ctl_srp_post_phase ph = ctl_srp_post_phase(p);

	if (ph == CTL_SRP_POST_IDLE || ph == CTL_SRP_POST_DONE)
		return true;
	return p->opts.control_outage_opt && p->done[CTL_SRP_POST_AUDIT];
}

const char *
ctl_srp_post_phase_str(enum ctl_srp_post_phase phase)
{
	static const char *const names[CTL_SRP_POST_MAX] = {
		[CTL_SRP_POST_IDLE] = "idle",
		[CTL_SRP_POST_CRIT_FLUSH] = "critical-flush",
		[CTL_SRP_POST_NET_CONV] = "network-convergence",
		[CTL_SRP_POST_ACCT_FLUSH] = "accounting-flush",
		[CTL_SRP_POST_AUDIT] = "audit",
		[CTL_SRP_POST_DONE] = "done",
	};

	if ((unsigned int)phase >= CTL_SRP_POST_MAX)
		return "?";
	return names[phase];
}

void
ctl_srp_post_gate_attach(const struct ctl_srp_post *p)
{
	post_gate = p;
}

int
ctl_srp_post_create_check(char *err, size_t err_len)
{
	if (post_gate == NULL || ctl_srp_post_create_ok(post_gate))
		return 0;
	if (err != NULL && err_len != 0)
		snprintf(err, err_len, "switchover post-processing: %s",
			 ctl_srp_post_phase_str(ctl_srp_post_phase(post_gate)));
	return -EAGAIN;
}
