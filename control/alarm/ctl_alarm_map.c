/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP events to trap names (ctl_alarm_map.h). Pure. Context: any.
 */
#include "ctl_alarm_map.h"

static bool
is_standby(enum srp_fsm_state st)
{
	return st == SRP_ST_STANDBY_SYNCING || st == SRP_ST_STANDBY_READY;
}

unsigned int
ctl_alarm_map_transition(const struct srp_fsm_transition *t,
			 enum ctl_trap out[CTL_ALARM_MAP_MAX])
{
	unsigned int n = 0;

	if (t->from == t->to)
		return 0;
	/* A planned switchover passes through SWITCHING; a standby that
	 * takes over from a dead or faulty peer goes straight to ACTIVE. */
	if ((t->to == SRP_ST_SWITCHING &&
	     (t->from == SRP_ST_ACTIVE || is_standby(t->from))) ||
	    (t->to == SRP_ST_ACTIVE && is_standby(t->from)))
		out[n++] = CTL_TRAP_SWITCHOVER;
	if (t->cause == SRP_CAUSE_SPLIT_BRAIN && t->from == SRP_ST_ACTIVE)
		out[n++] = CTL_TRAP_DUAL_ACTIVE;
	if (t->to == SRP_ST_ACTIVE)
		out[n++] = CTL_TRAP_ACTIVE;
	else if (is_standby(t->to) && !is_standby(t->from))
		out[n++] = CTL_TRAP_STANDBY;
	return n;
}

const char *
ctl_alarm_map_cause(const struct srp_fsm_transition *t,
		    enum srp_fsm_phase phase, uint16_t switch_cause)
{
	if (t->to != SRP_ST_SWITCHING ||
	    (phase != SRP_PH_REQ_SENT && phase != SRP_PH_WAIT_FENCE))
		return srp_fsm_cause_str(t->cause);
	switch (switch_cause) {
	case SRP_SWCAUSE_ADMIN:
		return srp_fsm_cause_str(SRP_CAUSE_MANUAL);
	case SRP_SWCAUSE_MONITOR_BGP:
	case SRP_SWCAUSE_MONITOR_AAA:
	case SRP_SWCAUSE_MONITOR_DIAMETER:
		return srp_fsm_cause_str(SRP_CAUSE_MONITOR);
	case SRP_SWCAUSE_LOCAL_FAULT:
		return srp_fsm_cause_str(SRP_CAUSE_LOCAL_FAULT);
	default:
		return "?";
	}
}

enum ctl_trap
ctl_alarm_map_monitor(enum srp_monitor_kind kind, bool failed)
{
	switch (kind) {
	case SRP_MON_BGP:
		return failed ? CTL_TRAP_BGP_DOWN : CTL_TRAP_BGP_UP;
	case SRP_MON_AUTH_PROBE:
		return failed ? CTL_TRAP_AAA_DOWN : CTL_TRAP_AAA_UP;
	case SRP_MON_DIAMETER:
		return failed ? CTL_TRAP_DIAM_DOWN : CTL_TRAP_DIAM_UP;
	}
	return CTL_TRAP_MAX;
}
