#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Worker micro-checkpoints: an srpgw pair behind bridges with srpgw-gen in
# front (scripts/bench/lib-pair.sh), "checkpoint session activity-refresh
# msec 200" and duration 0. Traffic through the active for N sessions, then
# silence: the standby's per-session counters (show subscribers
# local-teid) become equal to the active's through COUNTERS records. A
# kill -9 of the active: the new active shows the same counters, and when
# traffic resumes through it each session counts on from them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../../scripts/bench/lib-pair.sh"
t_need_root
: "${SRPGW_GEN_BIN:?SRPGW_GEN_BIN must point to the srpgw-gen binary}"

PAIR_GW=$SRPGW_BIN PAIR_CTL=$SRPGWCTL_BIN PAIR_GEN=$SRPGW_GEN_BIN PAIR_DIR=$T_DIR
PAIR_ARP_MS=100
N=20
pair_init
trap 'pair_cleanup; t_cleanup' EXIT

# counters NAME: one line per session, "TEID UL_PKTS UL_BYTES DL_PKTS
# DL_BYTES", from show subscribers local-teid.
counters() {
	local i
	for i in $(seq 0 $((N - 1))); do
		pair_ctl "$1" --json show subscribers local-teid $((0x1000 + i)) 2>/dev/null
	done | /usr/bin/python3 -c '
import json, sys
text, dec, pos = sys.stdin.read(), json.JSONDecoder(), 0
while True:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        break
    j, pos = dec.raw_decode(text, pos)
    print(j["local_teid"], j["uplink_packets"], j["uplink_bytes"],
          j["downlink_packets"], j["downlink_bytes"])'
}

# every_session_counted FILE: every session has packets both ways.
every_session_counted() {
	awk '$2 > 0 && $4 > 0 { n++ } END { exit !(n == '$N') }' "$1"
}

# counters_equal A B [SECONDS]: wait until B's per-session counters are
# A's (saved to $T_DIR/A.cnt and $T_DIR/B.cnt).
counters_equal() {
	local a=$1 b=$2 end=$((SECONDS + ${3:-20}))
	while [ "$SECONDS" -le "$end" ]; do
		counters "$a" >"$T_DIR/$a.cnt"
		counters "$b" >"$T_DIR/$b.cnt"
		if every_session_counted "$T_DIR/$a.cnt" &&
		   cmp -s "$T_DIR/$a.cnt" "$T_DIR/$b.cnt"; then
			return 0
		fi
		sleep 0.2
	done
	t_log "counters differ ($a, then $b):"
	paste "$T_DIR/$a.cnt" "$T_DIR/$b.cnt" | head -n 5
	return 1
}

# counted_on SAVED NAME: every session of NAME has more packets both ways
# than in SAVED (and never fewer bytes).
counted_on() {
	counters "$2" >"$T_DIR/$2.after"
	paste "$1" "$T_DIR/$2.after" | awk '
		$1 != $6 || $7 <= $2 || $9 <= $4 || $8 < $3 || $10 < $5 { bad++ }
		END { exit !(NR == '$N' && bad == 0) }' || {
		paste "$1" "$T_DIR/$2.after" | head -n 5
		return 1
	}
}

t_check "namespaces, bridges and veths" pair_net
pair_cfgs 1 3 "checkpoint session activity-refresh msec 200"
t_check "A ACTIVE, B STANDBY_READY" pair_up
t_check "$N sessions on A" pair_sessions a $N
t_check "B holds A's sessions (digest)" pair_synced a b 60
t_check "A: workers refresh every 200 ms" \
	pair_json a 'j["worker_refresh_ms"] == 200' show srp checkpoint statistics
t_check "B: its workers do not emit" \
	pair_json b 'j["worker_refresh_ms"] == 0' show srp checkpoint statistics

# Traffic through A, then silence.
pair_gen_start run1 $N 1000 3
t_check "generator run 1 ends" pair_gen_wait
t_check "B shows A's per-session counters" counters_equal a b 20
cp "$T_DIR/a.cnt" "$T_DIR/saved.cnt"
t_check "A sent COUNTERS records, workers emitted, nothing failed" \
	pair_json a 'j["records_sent_counters"] > 0 and j["workers_mc_emitted"] > 0 and j["records_not_applied"] == 0' \
	show srp checkpoint statistics
t_check "B applied COUNTERS records, no NACK" \
	pair_json b 'j["records_applied_counters"] > 0 and j["records_not_applied"] == 0 and j["nacks_sent"] == 0' \
	show srp checkpoint statistics
t_check "B: last activity replicated" \
	pair_json b 'j["last_activity_ms"] > 0 and j["idle_ms"] >= 0' \
	show subscribers local-teid $((0x1000 + 3))

# Unplanned takeover: B keeps the counters and counts on.
kill -KILL "$PAIR_PID_A"
wait "$PAIR_PID_A" 2>/dev/null
t_check "B ACTIVE after kill -9 of A" \
	pair_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 30
counters b >"$T_DIR/b.taken"
t_check "B (new active) shows the same counters" cmp "$T_DIR/saved.cnt" "$T_DIR/b.taken"
pair_gen_start run2 $N 1000 3
t_check "generator run 2 ends" pair_gen_wait
t_check "B counts on from the replicated counters" counted_on "$T_DIR/saved.cnt" b
t_finish
