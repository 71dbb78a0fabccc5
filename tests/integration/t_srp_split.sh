#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Split brain: the SRP link between an active and a standby srpgw is cut
# (the veth goes down, no TCP reset), so the standby promotes after the
# dead interval while the active stays: both ACTIVE. When the link returns,
# the one that became active later (higher route modifier) yields, goes
# back to standby and counts a split-brain switchover; in the end exactly
# one is ACTIVE and both count the split brain.
. "$(dirname "$0")/lib.sh"
t_need_root

t_srp_netns
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "A ACTIVE with B as its standby" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY"'
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
rm_a=$(t_json_get "$(t_ctl a --json show srp info)" 'j["route_modifier"]')

# Cut the link: nothing reaches the other side, nothing is reset.
ip -n "$T_NS_A" link set srpA down
t_check "B promotes after the dead interval" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "A is still ACTIVE: both are active" \
	t_srp_json a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' show srp info
t_check "B counts a dead-peer switchover" \
	t_srp_json b 'j["switchovers"]["dead_peer"] == 1' show srp statistics
t_check "B's route modifier is above A's (A was active first)" \
	t_srp_json b "j['route_modifier'] > $rm_a" show srp info

# The link returns: the later active yields.
t_srp_split_heal
t_check "B counts the split brain and a split-brain switchover" \
	t_srp_json b 'j["split_brains"] >= 1 and j["switchovers"]["split_brain"] == 1' show srp statistics
t_check "A counts the split brain and no switchover of its own" \
	t_srp_json a 'j["split_brains"] >= 1 and sum(j["switchovers"].values()) == 0' show srp statistics
t_check "B: trap starSRPDualActive, cause split-brain (docs/alarms.md)" \
	t_srp_json b '[h for h in j["history"] if h["trap"] == "starSRPDualActive" and h["varbinds"]["cause"] == "split-brain"]' \
	show snmp trap history
t_check "A, which stayed active, raised no starSRPDualActive" \
	t_srp_json a '"starSRPDualActive" not in [h["trap"] for h in j["history"]]' \
	show snmp trap history
t_check "B's last change names the split brain" \
	t_srp_json b 'j["last_state_change_cause"] == "split-brain"' show srp info
t_check "B ends STANDBY_READY with A as the active peer" \
	t_srp_wait b 'j["chassis_state"] == "STANDBY_READY" and j["peer"]["state"] == "ACTIVE"'
t_finish
