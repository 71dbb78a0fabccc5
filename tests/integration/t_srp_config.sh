#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# SRP configuration checks between two srpgw processes: a must-match
# setting that differs (checkpoint session duration) is shown as a
# mismatch and srp validate-configuration names the line on both sides,
# yet the pair still elects. Different authentication keys: the link never
# comes up, the receiver counts authentication failures, both say not
# connected; with the same key the link comes up.
. "$(dirname "$0")/lib.sh"
t_need_root

t_srp_netns

# Part 1: configuration mismatch.
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 "checkpoint session duration 30"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "checkpoint session duration 40"
t_check "gateway A starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
pid_a=$T_GW_PID
t_check "gateway B starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
pid_b=$T_GW_PID
t_check "the pair still elects: A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY"'
t_check "A: config mismatch" t_srp_wait a 'j["config_match"] == "mismatch"'
t_check "B: config mismatch" t_srp_wait b 'j["config_match"] == "mismatch"'
t_check "A: trap starSRPConfigOutOfSync in the history (docs/alarms.md)" \
	t_srp_json a '[h for h in j["history"] if h["trap"] == "starSRPConfigOutOfSync" and h["varbinds"]["peer"] == "10.99.0.2"]' \
	show snmp trap history
t_check "A counts the mismatch" \
	t_srp_json a 'j["config_validation"]["mismatches"] >= 1 and j["config_validation"]["hellos_compared"] >= 1' \
	show srp statistics
t_srp_wait a 'True' >/dev/null
t_check "validate-configuration on A lists both lines" \
	t_srp_json a 'j["result"] == "mismatch" and j["differences"] == 2 and any(l.startswith("only here:") and l.endswith("checkpoint session duration 30") for l in j["lines"]) and any(l.startswith("only on peer:") and l.endswith("checkpoint session duration 40") for l in j["lines"])' \
	srp validate-configuration
t_check "validate-configuration on B, text form" \
	grep -q "only here: .*checkpoint session duration 40" <<<"$(t_ctl b srp validate-configuration)"
t_check "validate-switchover reports the mismatch" \
	t_srp_json a 'j["config_match"] == "no"' srp validate-switchover
kill -TERM "$pid_a" "$pid_b"
t_wait_exit "$pid_a"
t_wait_exit "$pid_b"

# Part 2: authentication keys.
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 "authentication key alpha-key"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "authentication key beta-key"
t_check "gateway A starts with key alpha" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
pid_a=$T_GW_PID
t_check "gateway B starts with key beta" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
pid_b=$T_GW_PID
auth_seen() {
	local n
	for _ in $(seq 100); do
		n=0
		for g in a b; do
			t_srp_json "$g" 'j["auth_failures"] > 0' show srp statistics && n=$((n + 1))
		done
		[ "$n" -ge 1 ] && return 0
		sleep 0.2
	done
	return 1
}
t_check "authentication failures counted by a receiver" auth_seen
# TCP connects, but no message passes authentication: no hello accepted.
t_check "A never accepted a hello" \
	t_srp_json a 'j["hellos"]["received"] == 0 and j["config_validation"]["config_received"] == 0' show srp statistics
t_check "B never accepted a hello" \
	t_srp_json b 'j["hellos"]["received"] == 0 and j["config_validation"]["config_received"] == 0' show srp statistics
t_check "no link verified on either side" \
	t_srp_json a 'j["connection"]["verified"] == 0' show srp statistics
t_check "... (B)" t_srp_json b 'j["connection"]["verified"] == 0' show srp statistics
# A TCP connection may be open for the instant before its hello fails.
t_check "A says not connected" \
	t_srp_wait a 'j["connection_state"] != "up" and not j["peer"]["connected"] and j["peer"]["state"] == "unknown"'
t_check "B says not connected" \
	t_srp_wait b 'j["connection_state"] != "up" and not j["peer"]["connected"] and j["peer"]["state"] == "unknown"' 
kill -TERM "$pid_b"
t_wait_exit "$pid_b"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "authentication key alpha-key"
t_check "gateway B restarts with key alpha" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "same key: link up on A" t_srp_wait a 'j["connection_state"] == "up" and j["peer"]["connected"] and j["peer"]["hello_seen"]'
t_check "same key: link up on B" t_srp_wait b 'j["connection_state"] == "up" and j["peer"]["hello_seen"]'
t_check "same key: the link is verified" \
	t_srp_json b 'j["connection"]["verified"] >= 1' show srp statistics
t_check "one ACTIVE after the link came up" \
	t_srp_wait b '(j["chassis_state"] == "ACTIVE") != (j["peer"]["state"] == "ACTIVE")'
t_finish
