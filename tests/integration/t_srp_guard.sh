#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The SRP link against an intruder (srp_intruder.py, plain sockets) that can
# use the peer's address. B (primary, ACTIVE) loses the connection tie rule,
# so before the guard any inbound connection replaced its link. With a key
# on both chassis:
# - a connection to B's SRP port while the pair is up is put on probation:
#   it gets B's NONCE only, and is closed, counted, when it proves nothing;
#   the link stays up and verified;
# - A's handshake, captured on the wire, replayed to B on a new connection
#   (A stopped) is refused as a replay and counted, B verifies nobody;
# - with a wrong key the intruder gets B's NONCE and a REFUSE, never a
#   CONFIG or anything else.
. "$(dirname "$0")/lib.sh"
t_need_root

KEY=guard-test-key-0123456789
INTRUDER=$SRPGW_TESTS/srp_intruder.py

t_srp_netns
t_srp_cfg "$T_DIR/a.cfg" backup 20 10.99.0.1 10.99.0.2 "authentication key $KEY"
t_srp_cfg "$T_DIR/b.cfg" primary 10 10.99.0.2 10.99.0.1 "authentication key $KEY"

# Capture the pair's handshakes on B's side of the veth.
ip netns exec "$T_NS_B" tcpdump -i srpB -U -w "$T_DIR/srp.pcap" \
	tcp port 5422 >"$T_DIR/tcpdump.log" 2>&1 &
cap_pid=$!
T_PIDS+=("$cap_pid")
cap_ready() {
	for _ in $(seq 50); do
		grep -q "listening on" "$T_DIR/tcpdump.log" && return 0
		sleep 0.1
	done
	return 1
}
t_check "capture started" cap_ready

t_check "gateway B starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
pid_b=$T_GW_PID
t_check "gateway A starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
pid_a=$T_GW_PID
t_check "B ACTIVE, A STANDBY_READY, peer verified" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY" and j["peer_verified"]'
t_check "show srp info says authentication is on" \
	t_srp_wait b 'j["authentication"].startswith("on")'
kill -INT "$cap_pid"
t_wait_exit "$cap_pid"

stat_b() {
	t_ctl b --json show srp statistics
}
verified0=$(t_json_get "$(stat_b)" 'j["connection"]["verified"]')
resets0=$(t_json_get "$(stat_b)" 'j["connection"]["resets"]')

# 1. A newcomer on the peer's address while the link is verified.
out=$(ip netns exec "$T_NS_A" "$INTRUDER" connect 10.99.0.1 10.99.0.2 5422)
t_log "intruder while the pair is up got: $out"
t_check "intruder got B's NONCE only, then the connection closed" \
	t_json 'j["types"] == ["NONCE"] and j["eof"]' <<<"$out"
t_check "B counts the connection put on probation and closed" \
	t_srp_json b 'j["connection"]["probation"] >= 1 and j["connection"]["probation_dropped"] >= 1 and j["connection"]["probation_promoted"] == 0' show srp statistics
t_check "B's link never went down" \
	t_srp_json b "j['connection']['resets'] == $resets0 and j['connection']['verified'] == $verified0" \
	show srp statistics
t_check "B: link up, peer verified, still ACTIVE" \
	t_srp_wait b 'j["connection_state"] == "up" and j["peer_verified"] and j["chassis_state"] == "ACTIVE"' 2
t_check "A: link up, STANDBY_READY" \
	t_srp_wait a 'j["connection_state"] == "up" and j["chassis_state"] == "STANDBY_READY"' 2

# 2. A's recorded handshake replayed to B from A's address.
t_check "A's handshake found in the capture" \
	/usr/bin/python3 "$INTRUDER" extract "$T_DIR/srp.pcap" 10.99.0.1 "$T_DIR/hs.bin"
kill -TERM "$pid_a"
t_wait_exit "$pid_a"
t_check "B sees the link down" \
	t_srp_wait b 'j["connection_state"] != "up" and j["chassis_state"] == "ACTIVE"'
config0=$(t_json_get "$(stat_b)" 'j["config_validation"]["config_sent"]')
out=$(ip netns exec "$T_NS_A" "$INTRUDER" replay 10.99.0.1 10.99.0.2 5422 "$T_DIR/hs.bin")
t_log "replaying intruder got: $out"
t_check "replay refused: authentication-failure, only the handshake before" \
	t_json 'j["refuse_reasons"] == [2] and set(j["types"]) <= {"NONCE", "HELLO", "REFUSE"} and j["eof"]' <<<"$out"
t_check "B counts the replay" \
	t_srp_json b 'j["auth_failures_by_kind"]["nonce"] >= 1' show srp statistics
t_check "B verified nobody new" \
	t_srp_json b "j['connection']['verified'] == $verified0" show srp statistics
t_check "B still ACTIVE" t_srp_wait b 'j["chassis_state"] == "ACTIVE"' 2

# 3. A handshake with a wrong key: nothing but B's NONCE and a REFUSE.
out=$(ip netns exec "$T_NS_A" "$INTRUDER" wrongkey 10.99.0.1 10.99.0.2 5422 not-the-key-0123456789)
t_log "wrong-key intruder got: $out"
t_check "wrong key: NONCE then REFUSE(authentication-failure), no CONFIG" \
	t_json 'j["types"] == ["NONCE", "REFUSE"] and j["refuse_reasons"] == [2] and j["eof"]' <<<"$out"
t_check "B counts the MAC failure" \
	t_srp_json b 'j["auth_failures_by_kind"]["mac"] >= 1' show srp statistics
t_check "B sent no CONFIG since A left" \
	t_srp_json b "j['config_validation']['config_sent'] == $config0" show srp statistics

kill -TERM "$pid_b"
t_wait_exit "$pid_b"
t_finish
