#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Both chassis' monitors failing: no switchover (docs/monitors.md "Service
# monitors"), against a real freeDiameter in each chassis' namespace
# (lib_diam.sh), no guard timers. B's freeDiameterd frozen first (SIGSTOP):
# B is an unhealthy standby. Then A's: A's Diameter service fails, but the
# service has nowhere healthy to go: A stays ACTIVE, B STANDBY_READY, and
# A's re-told failure is refused again and again (by A itself,
# peer-monitors-failed, from the failed monitors B's hellos report; or
# peer-refused, when B answers a request with result 6). B's
# peer thawed: B healthy, A's next re-told failure moves the service to B.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_diam.sh"
t_diam_setup
t_diam_cfgs_unguarded

# Python expression on "show srp statistics": the switchovers refused
# because the peer's monitors failed (locally from its hellos,
# peer_monitors_failed, or from its answer, peer_refused).
refused="sum(v for k, v in j['refusals'].items()
	if k == 'peer_refused' or k.startswith('peer_mon'))"

# no_switchover NAME: NAME counted no monitor switchover.
no_switchover() {
	t_srp_json "$1" 'j["switchovers"]["monitor"] == 0' show srp statistics
}

t_diam_fds_start
t_diam_pair_start ""
t_check "A's monitor UP" t_diam_mon_wait a 'm["state"] == "up" and s == "ok"'
t_check "B's monitor UP" t_diam_mon_wait b 'm["state"] == "up" and s == "ok"'
t_check "A refused nothing so far" \
	t_srp_json a "$refused == 0" show srp statistics

# 1. The standby's monitor fails first: nothing happens on the pair.
kill -STOP "$T_FD_B"
t_check "B's monitor DOWN (an unhealthy standby)" \
	t_diam_mon_wait b 'm["state"] == "down" and s == "failed"'
t_check "B stays STANDBY_READY, A ACTIVE" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY"'
t_check "A learns from B's hellos that B's diameter monitor failed" \
	t_srp_wait a '"diameter" in j["peer_monitors"]'

# 2. The active's monitor fails too: refused, again and again.
kill -STOP "$T_FD_A"
t_check "A's monitor DOWN" \
	t_diam_mon_wait a 'm["state"] == "down" and s == "failed"'
t_check "A's re-told failure refused at least twice" \
	t_srp_json_wait a "$refused >= 2" show srp statistics
t_check "A still ACTIVE, B still STANDBY_READY" \
	t_srp_json a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY" and j["dataplane_active"]' \
	show srp info
t_check "B still STANDBY_READY by its own account" \
	t_srp_json b 'j["chassis_state"] == "STANDBY_READY" and not j["dataplane_active"]' \
	show srp info
t_check "A counted no switchover" no_switchover a
t_check "B counted no switchover" no_switchover b
t_check "exactly one ACTIVE" t_srp_one_active

# 3. The standby heals: A's next re-told failure moves the service.
kill -CONT "$T_FD_B"
t_check "B's monitor UP again" \
	t_diam_mon_wait b 'm["state"] == "up" and s == "ok"' 600
t_check "B takes over (A's Diameter service still failed)" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["last_state_change_cause"] == "monitor"'
t_check "A becomes standby" t_srp_wait a 'j["chassis_state"] == "STANDBY_READY"'
t_check "exactly one ACTIVE after the switchover" t_srp_one_active
kill -CONT "$T_FD_A"
t_finish
