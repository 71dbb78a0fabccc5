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
 * starSRPSwitchoverInitiated when a switchover starts (SWITCHING entered
 * from ACTIVE or a standby state: the start-up election's SWITCHING is
 * not one; or a standby taking over at once), starSRPDualActive when an
 * active gives way to a split brain, starSRPActive / starSRPStandby when
 * the role changes. @return how many were written to @out
 * (0..CTL_ALARM_MAP_MAX)
 */
unsigned int ctl_alarm_map_transition(const struct srp_fsm_transition *t,
				      enum ctl_trap out[CTL_ALARM_MAP_MAX]);

/**
 * The cause of transition @t in words. A planned switchover enters
 * SWITCHING before the machine records its cause (phases REQ_SENT on the
 * active, WAIT_FENCE on the standby): then the cause on the wire,
 * @switch_cause (enum srp_switch_cause), says it ("manual", "monitor",
 * "local-fault"); otherwise the machine's cause (srp_fsm_cause_str).
 */
const char *ctl_alarm_map_cause(const struct srp_fsm_transition *t,
				enum srp_fsm_phase phase, uint16_t switch_cause);

/**
 * The trap of a monitor service of @kind that failed (@failed) or
 * recovered. @return the trap, or CTL_TRAP_MAX for an unknown kind
 */
enum ctl_trap ctl_alarm_map_monitor(enum srp_monitor_kind kind, bool failed);

#endif /* CTL_ALARM_MAP_H */
