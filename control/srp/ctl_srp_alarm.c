/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRP service glue, alarms: raises the traps of role changes,
 * switchovers, the link, configuration mismatch and checkpoint loss
 * through control/alarm, with this chassis' state and the peer's address
 * as varbinds. Context: control.
 */
#include "alarm/ctl_alarm.h"
#include "alarm/ctl_alarm_map.h"
#include "conf/ctl_addr.h"
#include "ctl_srp_int.h"

void
ctl_srp_i_alarm(struct ctl_srp *s, enum ctl_trap trap, const char *cause)
{
	char peer[64];
	struct ctl_alarm_vars v = {
		.state = srp_fsm_state_str(s->fsm.state),
		.cause = cause,
		.peer = ctl_addr_fmt(&s->conf->srp.peer_addr, peer,
				     sizeof(peer)),
	};

	ctl_alarm_raise(trap, &v);
}

void
ctl_srp_i_alarm_transition(struct ctl_srp *s,
			   const struct srp_fsm_transition *t)
{
	enum ctl_trap traps[CTL_ALARM_MAP_MAX];
	unsigned int i, n;
	char peer[64];
	struct ctl_alarm_vars v = {
		.state = srp_fsm_state_str(t->to),
		.cause = ctl_alarm_map_cause(t, s->fsm.phase,
					     s->fsm.switch_cause),
		.peer = ctl_addr_fmt(&s->conf->srp.peer_addr, peer,
				     sizeof(peer)),
	};

	n = ctl_alarm_map_transition(t, traps);
	for (i = 0; i < n; i++)
		ctl_alarm_raise(traps[i], &v);
}
