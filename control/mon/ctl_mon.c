/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Service monitors: the targets, their states, the per-kind verdicts and
 * the engines' life cycle (ctl_mon.h). Context: control.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alarm/ctl_alarm.h"
#include "alarm/ctl_alarm_map.h"
#include "conf/ctl_conf.h"
#include "core/ctl_log.h"
#include "core/ctl_loop.h"
#include "ctl_mon.h"
#include "ctl_mon_int.h"

#define N_KINDS	3
/* A failed verdict is told again this often on the active. */
#define CTL_MON_REASK_MS	1000u

static struct {
	struct srp_monitor	conf[SRP_CONF_MAX_MONITORS];
	struct ctl_mon_target	t[SRP_CONF_MAX_MONITORS];
	unsigned int		n;
	bool			failed[N_KINDS];
	bool			started;
	bool			active;
	struct ctl_timer	*reask;		/* failed verdicts, again */
	uint64_t		n_reask;
	ctl_mon_verdict_fn	*verdict;
} mon;

static struct ctl_mon_engine *engines;

void
ctl_mon_engine_register(struct ctl_mon_engine *e)
{
	e->next = engines;
	engines = e;
}

const char *
ctl_mon_kind_name(enum srp_monitor_kind kind)
{
	switch (kind) {
	case SRP_MON_BGP:
		return "bgp";
	case SRP_MON_AUTH_PROBE:
		return "authentication-probe";
	case SRP_MON_DIAMETER:
		return "diameter";
	default:
		return "?";
	}
}

const char *
ctl_mon_state_name(enum ctl_mon_state st)
{
	switch (st) {
	case CTL_MON_UP:
		return "up";
	case CTL_MON_DOWN:
		return "down";
	case CTL_MON_IDLE:
		return "idle";
	default:
		return "unknown";
	}
}

unsigned int
ctl_mon_count(void)
{
	return mon.n;
}

struct ctl_mon_target *
ctl_mon_target(unsigned int idx)
{
	return idx < mon.n ? &mon.t[idx] : NULL;
}

void
ctl_mon_verdict_set(ctl_mon_verdict_fn *fn)
{
	mon.verdict = fn;
}


/* Whether every target of the set picked by @match is DOWN (and there is
 * at least one). */
static bool
all_down(bool (*match)(const struct srp_monitor *, const struct srp_monitor *),
	 const struct srp_monitor *ref)
{
	unsigned int i, n = 0;

	for (i = 0; i < mon.n; i++) {
		if (!match(&mon.conf[i], ref))
			continue;
		if (mon.t[i].state != CTL_MON_DOWN)
			return false;
		n++;
	}
	return n > 0;
}

static bool
same_bgp_context(const struct srp_monitor *a, const struct srp_monitor *b)
{
	return a->kind == SRP_MON_BGP &&
	       strcmp(a->context, b->context) == 0;
}

static bool
same_bgp_group(const struct srp_monitor *a, const struct srp_monitor *b)
{
	return same_bgp_context(a, b) && a->group == b->group;
}

static bool
same_kind(const struct srp_monitor *a, const struct srp_monitor *b)
{
	return a->kind == b->kind;
}

static bool
same_endpoint(const struct srp_monitor *a, const struct srp_monitor *b)
{
	return a->kind == SRP_MON_DIAMETER &&
	       strcmp(a->context, b->context) == 0 &&
	       strcmp(a->endpoint, b->endpoint) == 0;
}

/*
 * The chapter's rules: BGP fails when every peer of a context is down, or
 * every peer of one of its groups; AAA when no server answers; Diameter
 * when every peer of an endpoint is down.
 */
bool
ctl_mon_failed(enum srp_monitor_kind kind)
{
	unsigned int i;

	for (i = 0; i < mon.n; i++) {
		const struct srp_monitor *m = &mon.conf[i];

		if (m->kind != kind)
			continue;
		switch (kind) {
		case SRP_MON_BGP:
			if (all_down(same_bgp_context, m) ||
			    (m->group != 0 && all_down(same_bgp_group, m)))
				return true;
			break;
		case SRP_MON_AUTH_PROBE:
			return all_down(same_kind, m);
		case SRP_MON_DIAMETER:
			if (all_down(same_endpoint, m))
				return true;
			break;
		}
	}
	return false;
}

bool
ctl_mon_any_failed(void)
{
	unsigned int k;

	for (k = 0; k < N_KINDS; k++)
		if (mon.failed[k])
			return true;
	return false;
}

/* The service's trap, naming the target whose change decided it. */
static void
mon_alarm(enum srp_monitor_kind kind, bool failed, const char *target,
	  const char *detail)
{
	struct ctl_alarm_vars v = {
		.target = target,
		.cause = detail != NULL && detail[0] != '\0' ? detail :
			 failed ? "service failed" : "service recovered",
	};

	ctl_alarm_raise(ctl_alarm_map_monitor(kind, failed), &v);
}

void
ctl_mon_report(unsigned int idx, enum ctl_mon_state st, const char *detail)
{
	struct ctl_mon_target *t = ctl_mon_target(idx);
	enum srp_monitor_kind kind;
	char a[64];
	bool failed;

	if (t == NULL)
		return;
	if (detail != NULL)
		snprintf(t->detail, sizeof(t->detail), "%s", detail);
	if (t->state == st)
		return;
	if (st == CTL_MON_DOWN)
		t->n_down++;
	CTL_LOG(NOTICE, "monitor %s %s: %s -> %s%s%s%s",
		ctl_mon_kind_name(t->conf->kind),
		ctl_mon_target_name(t->conf, a, sizeof(a)),
		ctl_mon_state_name(t->state), ctl_mon_state_name(st),
		detail != NULL ? " (" : "", detail != NULL ? detail : "",
		detail != NULL ? ")" : "");
	t->state = st;
	t->last_change_wall_ms = ctl_loop_wall_ms();
	kind = t->conf->kind;
	failed = ctl_mon_failed(kind);
	if (failed == mon.failed[kind])
		return;
	mon.failed[kind] = failed;
	CTL_LOG(WARNING, "monitor %s: service %s", ctl_mon_kind_name(kind),
		failed ? "FAILED" : "recovered");
	mon_alarm(kind, failed, a, detail);
	if (mon.verdict != NULL)
		mon.verdict(kind, failed);
}

/*
 * A failed service whose switchover was refused (no ready standby yet, a
 * standby with failed monitors, a guard period) is asked again every
 * CTL_MON_REASK_MS while it stays failed on the active.
 */
static void
mon_reask(struct ctl_loop *loop, struct ctl_timer *t, void *arg)
{
	unsigned int k;

	(void)loop;
	(void)t;
	(void)arg;
	if (!mon.active || mon.verdict == NULL)
		return;
	for (k = 0; k < N_KINDS; k++)
		if (mon.failed[k]) {
			mon.n_reask++;
			mon.verdict((enum srp_monitor_kind)k, true);
		}
}

void
ctl_mon_role(bool active)
{
	struct ctl_mon_engine *e;

	mon.active = active;
	for (e = engines; e != NULL; e = e->next)
		if (e->role != NULL)
			e->role(active);
	ctl_mon_local_role(active);
}

/* Whether a target of @kind is configured. */
static bool
kind_used(enum srp_monitor_kind kind)
{
	unsigned int i;

	for (i = 0; i < mon.n; i++)
		if (mon.conf[i].kind == kind)
			return true;
	return false;
}

int
ctl_mon_init(const struct ctl_conf *conf, struct ctl_loop *loop)
{
	struct ctl_mon_engine *e;
	unsigned int i;
	int ret;

	memset(&mon.t, 0, sizeof(mon.t));
	memset(mon.failed, 0, sizeof(mon.failed));
	mon.n = 0;
	if (conf != NULL && conf->srp.present) {
		mon.n = conf->srp.n_monitors;
		memcpy(mon.conf, conf->srp.monitors,
		       mon.n * sizeof(mon.conf[0]));
	}
	for (i = 0; i < mon.n; i++)
		mon.t[i].conf = &mon.conf[i];
	ret = ctl_mon_cmd_register();
	if (ret == 0 || ret == -EEXIST)
		ret = ctl_mon_local_cmd_register();
	if (ret < 0 && ret != -EEXIST)
		return ret;
	ret = ctl_mon_local_start(conf, loop);
	if (ret < 0)
		return ret;
	for (e = engines; e != NULL; e = e->next) {
		if (!kind_used(e->kind) || e->start == NULL)
			continue;
		ret = e->start(conf, loop);
		if (ret < 0) {
			CTL_LOG(ERR, "monitor %s: cannot start: %s", e->name,
				strerror(-ret));
			ctl_mon_fini();
			return ret;
		}
	}
	for (i = 0; i < mon.n; i++)
		if (mon.t[i].state == CTL_MON_UNKNOWN &&
		    !ctl_mon_engine_for(mon.conf[i].kind))
			snprintf(mon.t[i].detail, sizeof(mon.t[i].detail),
				 "no probe for this kind yet");
	if (loop != NULL && mon.n > 0) {
		mon.reask = ctl_loop_timer_add(loop, CTL_MON_REASK_MS,
					       CTL_MON_REASK_MS, mon_reask, NULL);
		if (mon.reask == NULL) {
			ctl_mon_fini();
			return -ENOMEM;
		}
	}
	mon.started = true;
	return 0;
}

bool
ctl_mon_engine_for(enum srp_monitor_kind kind)
{
	struct ctl_mon_engine *e;

	for (e = engines; e != NULL; e = e->next)
		if (e->kind == kind)
			return true;
	return false;
}

void
ctl_mon_fini(void)
{
	struct ctl_mon_engine *e;

	for (e = engines; e != NULL; e = e->next)
		if (kind_used(e->kind) && e->stop != NULL)
			e->stop();
	ctl_mon_local_stop();
	if (mon.reask != NULL)
		ctl_loop_timer_del(mon.reask);
	mon.reask = NULL;
	mon.started = false;
	mon.n = 0;
}
