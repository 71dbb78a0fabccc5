#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# A frozen peer (SIGSTOP) must not keep the SRP link "up": its kernel still
# acknowledges, so TCP alone never notices. The active declares it dead
# after the dead interval and closes the connection (reset reason "dead").
# Once the peer runs again the link comes back and one chassis is ACTIVE.
# Polling is bounded by count (t_srp_wait), not by a timing threshold.
. "$(dirname "$0")/lib.sh"
t_need_root

t_srp_netns
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1
t_check "gateway A starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
pid_a=$T_GW_PID
t_check "gateway B starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
pid_b=$T_GW_PID
t_check "A ACTIVE, B STANDBY_READY, link verified" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY" and j["peer_verified"]'

kill -STOP "$pid_b"
t_check "A closes the link to the frozen peer" \
	t_srp_wait a 'j["connection_state"] != "up"'
t_check "A counts a dead-interval reset" \
	t_srp_json a 'j["connection"]["resets_by_reason"]["dead"] >= 1' \
	show srp statistics
t_check "A stays ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE"' 2
kill -CONT "$pid_b"

t_check "the link comes back" \
	t_srp_wait a 'j["connection_state"] == "up" and j["peer_verified"]' 30
t_check "exactly one ACTIVE" \
	t_srp_wait a '(j["chassis_state"] == "ACTIVE") != (j["peer"]["state"] == "ACTIVE")' 30
kill -TERM "$pid_a" "$pid_b"
t_wait_exit "$pid_a"
t_wait_exit "$pid_b"
t_finish
