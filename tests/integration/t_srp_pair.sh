#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Two srpgw processes in two network namespaces joined by a veth pair that
# carries SRP: the primary becomes ACTIVE and the backup STANDBY_READY (no
# sessions to replicate), both show the link and count hellos. Bad srp
# commands are refused without changing anything. kill -9 of the active:
# the standby takes over (cause dead-peer). The old primary restarted comes
# back as standby (not revertive) while the backup stays ACTIVE.
. "$(dirname "$0")/lib.sh"
t_need_root

t_srp_netns
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1

# The primary first: whether it wins the election or promotes alone after
# the dead interval, it must end ACTIVE.
t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
pid_a=$T_GW_PID
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
pid_b=$T_GW_PID

t_check "A becomes ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE"'
t_check "B becomes STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
t_check "A: link up, peer B seen as STANDBY_READY, data plane active" \
	t_srp_wait a 'j["connection_state"] == "up" and j["peer"]["connected"] and j["peer"]["state"] == "STANDBY_READY" and j["dataplane_active"] and j["peer"]["chassis_mode"] == "backup" and j["peer"]["priority"] == 20'
t_check "B: peer A ACTIVE, data plane not active, sync ready, config match" \
	t_srp_json b 'j["peer"]["state"] == "ACTIVE" and not j["dataplane_active"] and j["sync_state"] == "ready" and j["config_match"] == "match" and j["chassis_mode"] == "backup" and j["local_priority"] == 20 and j["peer"]["sw_version"] != ""' \
	show srp info
t_check "exactly one ACTIVE" test "$( (t_ctl a --json show srp info; t_ctl b --json show srp info) | grep -c '"chassis_state": "ACTIVE"')" -eq 1
t_check "A: hellos sent and received, config received, no auth failure" \
	t_srp_json a 'j["hellos"]["sent"] > 0 and j["hellos"]["received"] > 0 and j["config_validation"]["config_received"] >= 1 and j["auth_failures"] == 0 and j["connection"]["established"] >= 1' \
	show srp statistics
t_check "B: checkpoint (empty) received and complete" \
	t_srp_json b 'j["checkpoint"]["begin_received"] >= 1 and j["checkpoint"]["complete"] >= 1' \
	show srp statistics
t_check "show srp details lists the transitions and timers" \
	t_srp_json a 'len(j["transitions"]) >= 2 and j["transitions"][-1]["to"] == "ACTIVE" and j["timers"]["hello_interval_ms"] == 1000 and j["state_entries"]["ACTIVE"] >= 1' \
	show srp details
t_check "text output names the state" grep -q "ACTIVE" <<<"$(t_ctl a show srp info)"
t_check "no monitor configured: both healthy, each peer's hellos say so" \
	t_srp_json a 'j["monitors"] == "ok" and j["peer_monitors"] == "ok"' show srp info
t_check "B: its own and A's monitors ok" \
	t_srp_json b 'j["monitors"] == "ok" and j["peer_monitors"] == "ok"' show srp info
t_check "text output shows the peer's monitors" \
	grep -Eq "^ *Peer monitors *:? *ok" <<<"$(t_ctl a show srp info)"
t_check "no key: show srp info says authentication is off" \
	t_srp_json a 'j["authentication"] == "off"' show srp info
t_check "no key: text output says so too" \
	grep -Eiq "authentication *: *off" <<<"$(t_ctl a show srp info)"
t_check "no key: start-up warned" grep -q "no authentication key" "$T_DIR/a.log"
t_check "srp validate-switchover on A: allowed" \
	t_srp_json a 'j["local_active"] == "yes" and j["peer_ready"] == "yes" and j["switchover"] == "allowed"' \
	srp validate-switchover
t_check "srp validate-configuration on A: match" \
	t_srp_json a 'j["result"] == "match"' srp validate-configuration

# Bad commands: an error, a non-zero status, nothing changes.
before=$(t_ctl a --json show srp statistics)
t_ctl a srp initiate-switchover now >"$T_DIR/bad.out" 2>"$T_DIR/bad.err"
t_check "'srp initiate-switchover now' is refused" test $? -ne 0
t_check "the error names the expected form" grep -q "initiate-switchover \[force\]" "$T_DIR/bad.err"
t_ctl a show srp bogus >/dev/null 2>"$T_DIR/bad2.err"
t_check "'show srp bogus' is refused" test $? -ne 0
t_check "'show srp bogus' lists the srp show commands" grep -q "info" "$T_DIR/bad2.err"
t_ctl a show srp info extra >/dev/null 2>&1
t_check "'show srp info extra' is refused" test $? -ne 0
t_check "A still ACTIVE, no switchover counted after bad commands" \
	t_srp_json a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY"' show srp info
t_check "no switchover or refusal counted by bad commands" \
	t_json "j['switchovers'] == $(t_json_get "$before" 'j["switchovers"]') and j['refusals'] == $(t_json_get "$before" 'j["refusals"]')" \
	<<<"$(t_ctl a --json show srp statistics)"

# Unplanned switchover: kill -9 the active.
kill -KILL "$pid_a"
t_wait_exit "$pid_a"
t_check "B takes over: ACTIVE, data plane active" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "B counts a dead-peer switchover, link down" \
	t_srp_json b 'j["switchovers"]["dead_peer"] == 1 and j["link_down"] >= 1' show srp statistics
t_check "B: last change caused by dead-peer" \
	t_srp_json b 'j["last_state_change_cause"] == "dead-peer" and j["generation"] >= 2' show srp info
t_check "B: peer gone, its monitors unknown" \
	t_srp_json b 'j["peer_monitors"] == "unknown"' show srp info

# The old primary returns: standby, not revertive.
t_check "A restarts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
t_check "A comes back as STANDBY_READY" \
	t_srp_wait a 'j["chassis_state"] == "STANDBY_READY" and j["peer"]["state"] == "ACTIVE" and not j["dataplane_active"]'
t_check "B stays ACTIVE with A as its standby" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY"'
t_check "A never became ACTIVE after the restart" \
	t_srp_json a 'all(t["to"] != "ACTIVE" for t in j["transitions"])' show srp details

t_check "logs have one NOTICE line per transition" \
	grep -q "state SWITCHING -> ACTIVE" "$T_DIR/b.log"
t_finish
