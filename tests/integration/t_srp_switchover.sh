#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Planned switchovers between two srpgw processes over SRP: refused on the
# standby (not-active); accepted on the active, roles swap and both count a
# manual switchover. A restarted standby that cannot apply the active's
# full checkpoint (no route to the sessions' peer in its configuration)
# stays STANDBY_SYNCING with the failure shown, so a plain switchover is
# refused (peer-not-ready) and a forced one works. With the peer gone a
# switchover is refused (peer-down), even forced.
. "$(dirname "$0")/lib.sh"
t_need_root

t_srp_netns
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 \
	"checkpoint session duration 0"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 \
	"checkpoint session duration 0"
# A's restart configuration: no route to the sessions' peer 192.0.2.10.
sed -e 's/192.0.2.1 255.255.255.0/192.0.3.1 255.255.255.0/' \
	-e '/ip route 0.0.0.0/d' "$T_DIR/a.cfg" >"$T_DIR/a2.cfg"

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
pid_a=$T_GW_PID
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
pid_b=$T_GW_PID
t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY"'
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'

# On the standby: refused, named, nothing changes.
t_ctl b srp initiate-switchover >/dev/null 2>"$T_DIR/b1.err"
t_check "switchover on the standby exits non-zero" test $? -ne 0
t_check "... and names not-active" grep -q "not-active" "$T_DIR/b1.err"
t_check "B counts the not-active refusal" \
	t_srp_json b 'j["refusals"]["not_active"] == 1' show srp statistics
t_check "B still STANDBY_READY" t_srp_json b 'j["chassis_state"] == "STANDBY_READY"' show srp info

# On the active: roles swap.
out=$(t_ctl a --json srp initiate-switchover)
t_check "switchover on the active starts" t_json 'j["result"] == "started"' <<<"$out"
t_check "B becomes ACTIVE" t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "A becomes STANDBY_READY" \
	t_srp_wait a 'j["chassis_state"] == "STANDBY_READY" and not j["dataplane_active"] and j["peer"]["state"] == "ACTIVE"'
t_check "A counts a manual switchover" \
	t_srp_json a 'j["switchovers"]["manual"] == 1' show srp statistics
t_check "A's fencing waited for its workers' grace period before DP_DONE" \
	t_srp_json a 'j["dataplane"]["fencings_waited_for_workers"] >= 1' show srp statistics
t_check "B counts a manual switchover" \
	t_srp_json b 'j["switchovers"]["manual"] == 1' show srp statistics
t_check "B's last change was manual" \
	t_srp_json b 'j["last_state_change_cause"] == "manual"' show srp info
t_check "traps: A and B starSRPSwitchoverInitiated (manual), then B starSRPActive, A starSRPStandby" \
	t_srp_json a '[(h["trap"], h["varbinds"].get("cause")) for h in j["history"]][-2:] == [("starSRPSwitchoverInitiated", "manual"), ("starSRPStandby", "manual")]' \
	show snmp trap history
t_check "... (B)" \
	t_srp_json b '[(h["trap"], h["varbinds"].get("cause")) for h in j["history"]][-2:] == [("starSRPSwitchoverInitiated", "manual"), ("starSRPActive", "manual")]' \
	show snmp trap history

# Sessions on the active (B); A restarts and cannot install them.
t_check "10 sessions generated on B" \
	t_ctl b session generate count 10 local-teid 0x100 remote-teid 0x200 \
		peer 192.0.2.10 ue-ipv4-pool 10.45.0.0/24
kill -TERM "$pid_a"
t_wait_exit "$pid_a"
t_check "A restarts without a route to the peer" t_srp_start a "$T_NS_A" "$T_DIR/a2.cfg"
t_check "A stays STANDBY_SYNCING: full checkpoint failed, 10 sessions missing" \
	t_srp_wait a 'j["chassis_state"] == "STANDBY_SYNCING" and j["sessions_not_replicated"] == 10 and j["sync_state"] == "full checkpoint failed: apply"'
t_check "A counts the failed full checkpoint" \
	t_ckpt_json a 'j["full_checkpoints_failed"] >= 1 and j["records_not_applied"] >= 10 and j["failures_by_reason"]["apply"] >= 1'
t_check "B says the standby is syncing" \
	t_srp_wait b 'j["sync_state"] == "active: standby syncing" and j["peer"]["state"] == "STANDBY_SYNCING"'
t_check "validate-switchover on B: plain refused, force allowed" \
	t_srp_json b 'j["peer_ready"] == "no" and j["switchover"] == "peer-not-ready" and j["switchover_force"] == "allowed"' \
	srp validate-switchover
t_ctl b srp initiate-switchover >/dev/null 2>"$T_DIR/b2.err"
t_check "plain switchover to a syncing standby exits non-zero" test $? -ne 0
t_check "... and names peer-not-ready" grep -q "peer-not-ready" "$T_DIR/b2.err"
t_check "B still ACTIVE" t_srp_json b 'j["chassis_state"] == "ACTIVE"' show srp info
out=$(t_ctl b --json srp initiate-switchover force)
t_check "forced switchover starts" t_json 'j["result"] == "started" and j["force"]' <<<"$out"
t_check "A becomes ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "B becomes a standby" \
	t_srp_wait b 'j["chassis_state"] in ("STANDBY_READY", "STANDBY_SYNCING") and not j["dataplane_active"]'
t_check "B counts two manual switchovers" \
	t_srp_json b 'j["switchovers"]["manual"] == 2 and j["refusals"]["peer_not_ready"] == 1' show srp statistics

# Peer gone: refused, even forced.
kill -TERM "$pid_b"
t_wait_exit "$pid_b"
t_check "A sees the link down" t_srp_wait a 'not j["peer"]["connected"] and j["connection_state"] != "up"'
t_ctl a srp initiate-switchover force >/dev/null 2>"$T_DIR/a1.err"
t_check "forced switchover without a peer exits non-zero" test $? -ne 0
t_check "... and names peer-down" grep -q "peer-down" "$T_DIR/a1.err"
t_check "A still ACTIVE, peer-down counted" \
	t_srp_json a 'j["chassis_state"] == "ACTIVE"' show srp info
t_check "A counts the peer-down refusal" \
	t_srp_json a 'j["refusals"]["peer_down"] == 1' show srp statistics
t_finish
