/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Which traps an SRP event raises (docs/alarms.md section 2): pure
 * mappings from role-machine transitions and monitor verdicts to trap
 * names. Context: any.
 */
#ifndef CTL_ALARM_MAP_H
#define CTL_ALARM_MAP_H

#include <stdbool.h>

#include "conf/ctl_conf.h"
#include "srp_fsm.h"

/* Most traps one transition raises. */
#define CTL_ALARM_MAP_MAX	4

/**
 * The traps transition @t raises, in the order they are raised:
 * starSRPSwitchoverInitiated when a switchover starts (SWITCHING entered,
 * or a standby taking over at once), starSRPDualActive when an active
 * gives way to a split brain, starSRPActive / starSRPStandby when the role
 * changes. @return how many were written to @out (0..CTL_ALARM_MAP_MAX)
 */
unsigned int ctl_alarm_map_transition(const struct srp_fsm_transition *t,
				      enum ctl_trap out[CTL_ALARM_MAP_MAX]);

/**
 * The trap of a monitor service of @kind that failed (@failed) or
 * recovered. @return the trap, or CTL_TRAP_MAX for an unknown kind
 */
enum ctl_trap ctl_alarm_map_monitor(enum srp_monitor_kind kind, bool failed);

#endif /* CTL_ALARM_MAP_H */
