#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Damping of a monitor failure inside the Diameter switchover guard period
# (docs/srp-roles.md 5.9), against a real freeDiameter in each chassis'
# namespace (lib_diam.sh). The pair has guard-period 600 s and
# damping-period 60 s: A's peer frozen (SIGSTOP) moves the service to B,
# whose guard window is then open. B's peer flaps three times (frozen until
# B's target is down, thawed until it is up): each failure is deferred (a
# damping deadline pending, the deferral counter grows), each recovery
# cancels it, B stays ACTIVE and the pair counts exactly one switchover.
# Without the guard every flap would move the service back; without the
# damping (damping-period 0) nothing would be deferred. Then the pair is
# restarted with damping-period 2 s: a failure of B's peer that lasts is
# deferred and then does switch the service back to A.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_diam.sh"
t_diam_setup

t_diam_cfgs "" \
	"guard-timer diameter-switchover-timers guard-period 600" \
	"guard-timer diameter-switchover-timers damping-period 60" \
	"guard-timer srp-redundancy-timers diam guard-period 0"
t_diam_cfgs -short \
	"guard-timer diameter-switchover-timers guard-period 600" \
	"guard-timer diameter-switchover-timers damping-period 2" \
	"guard-timer srp-redundancy-timers diam guard-period 0"

# stat NAME EXPR: EXPR true of NAME's "show srp statistics" (j).
stat() {
	t_srp_json "$1" "$2" show srp statistics
}

# switchovers N: A and B have each counted N monitor switchovers.
switchovers() {
	stat a "j['switchovers']['monitor'] == $1" &&
		stat b "j['switchovers']['monitor'] == $1"
}

# deferred NAME: NAME's count of deferred monitor failures.
deferred() {
	t_ctl "$1" --json show srp statistics | /usr/bin/python3 -c '
import json, sys
print(json.load(sys.stdin)["monitor_failures"]["deferred"])'
}

# damp_wait NAME EXPR: wait until EXPR is true of NAME's damping deadline
# (d: "-" when none is pending, "in N ms" otherwise).
damp_wait() {
	t_srp_json_wait "$1" "(lambda d: $2)(j['timers']['damp_deadline'])" \
		show srp details
}

# switch_to_b: A's peer frozen -> B takes over (cause monitor); A's peer
# thawed -> A healthy again (as a standby).
switch_to_b() {
	kill -STOP "$T_FD_A"
	t_check "A's monitor DOWN" \
		t_diam_mon_wait a 'm["state"] == "down" and s == "failed"'
	t_check "B takes over (A's Diameter service failed)" \
		t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["last_state_change_cause"] == "monitor"'
	t_check "A becomes standby" t_srp_wait a 'j["chassis_state"] == "STANDBY_READY"'
	kill -CONT "$T_FD_A"
	t_check "A's peer back: A's monitor UP (a healthy standby)" \
		t_diam_mon_wait a 'm["state"] == "up" and s == "ok"' 400
}

# start_pair SUFFIX: t_diam_pair_start SUFFIX, then both monitors UP.
start_pair() {
	t_diam_pair_start "$1"
	t_check "A's monitor UP" t_diam_mon_wait a 'm["state"] == "up" and s == "ok"'
	t_check "B's monitor UP" t_diam_mon_wait b 'm["state"] == "up" and s == "ok"'
}

t_diam_fds_start

# 1. Damping 60 s: a flapping peer on the new active switches nothing.
start_pair ""
switch_to_b
t_check "one monitor switchover on each side" switchovers 1
t_check "nothing deferred yet on B" stat b 'j["monitor_failures"]["deferred"] == 0'
for flap in 1 2 3; do
	before=$(deferred b)
	kill -STOP "$T_FD_B"
	t_check "flap $flap: B's monitor DOWN" \
		t_diam_mon_wait b 'm["state"] == "down" and s == "failed"'
	t_check "flap $flap: B's failure deferred (damping deadline pending)" \
		damp_wait b 'd.startswith("in ")'
	t_check "flap $flap: deferral counted" \
		stat b "j['monitor_failures']['deferred'] > $before"
	t_check "flap $flap: B still ACTIVE while its peer is down" \
		t_srp_json b 'j["chassis_state"] == "ACTIVE"' show srp info
	kill -CONT "$T_FD_B"
	t_check "flap $flap: B's monitor UP again" \
		t_diam_mon_wait b 'm["state"] == "up" and s == "ok"' 400
	t_check "flap $flap: no damping deadline left after the recovery" \
		damp_wait b 'd == "-"'
	t_check "flap $flap: B ACTIVE, A STANDBY_READY" \
		t_srp_json b 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY"' show srp info
done
t_check "still exactly one monitor switchover on each side" switchovers 1
t_check "B suppressed nothing (damping, not a bare guard)" \
	stat b 'j["monitor_failures"]["suppressed"] == 0'
t_check "B took over once (call-loss statistics)" \
	t_srp_json b 'j["takeovers"] == 1' show srp call-loss statistics

# 2. Damping 2 s: a failure that lasts beyond the damping period switches.
kill -TERM "$T_PID_A" "$T_PID_B"
t_wait_exit "$T_PID_A"
t_wait_exit "$T_PID_B"
start_pair -short
switch_to_b
kill -STOP "$T_FD_B"
t_check "B's monitor DOWN and stays down" \
	t_diam_mon_wait b 'm["state"] == "down" and s == "failed"'
t_check "A takes the service back after B's damping period" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["last_state_change_cause"] == "monitor"' 60
t_check "B's failure went through the damping (deferred)" \
	stat b 'j["monitor_failures"]["deferred"] >= 1 and j["switchovers"]["monitor"] == 2'
t_check "B becomes standby" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
kill -CONT "$T_FD_B"
t_finish
