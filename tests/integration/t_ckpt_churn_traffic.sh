#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Issue 6, "done when": the pair stays in sync under create/modify/delete
# churn and traffic, and a takeover keeps every checkpointed session. An
# srpgw pair behind bridges with srpgw-gen in front (scripts/bench/
# lib-pair.sh), "checkpoint session duration 0" and "activity-refresh msec
# 200". srpgw-gen sends both directions for N sessions while a churn loop
# on the active loads new sessions in bulk (session load), modifies some
# (remote TEID, peer, QFI, VoLTE flag; VoLTE also on sessions carrying
# traffic) and deletes some. Churn stops: with traffic still flowing the
# standby's digest and session count become the active's. Traffic stops:
# per-session counters of a sample become equal on the standby. Traffic
# again, kill -9 of the active: the standby takes over with the old
# active's digest, no session lost, and the generator receives every
# session again through it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../../scripts/bench/lib-pair.sh"
t_need_root
: "${SRPGW_GEN_BIN:?SRPGW_GEN_BIN must point to the srpgw-gen binary}"

PAIR_GW=$SRPGW_BIN PAIR_CTL=$SRPGWCTL_BIN PAIR_GEN=$SRPGW_GEN_BIN PAIR_DIR=$T_DIR
PAIR_ARP_MS=100
N=2000		# sessions carrying traffic (local TEID 0x1000 + i)
RATE=4000	# packets per second per direction, 2 per session
CHURN_ROUNDS=60	# churn rounds (a count, not a time: the same work on any machine)
CHURN_BASE=$((0x100000))	# local TEIDs of the churned sessions
pair_init
trap 'churn_stop; pair_cleanup; t_cleanup' EXIT
CHURN_PID=

# sample: local TEIDs whose counters are compared (every 97th session and
# the first ones, which the churn loop modified).
sample() {
	local i
	for i in $(seq 0 9) $(seq 10 97 $((N - 1))); do
		echo $((0x1000 + i))
	done
}

# counters NAME: "TEID UL_PKTS UL_BYTES DL_PKTS DL_BYTES" per sampled
# session, from show subscribers local-teid.
counters() {
	local t
	for t in $(sample); do
		pair_ctl "$1" --json show subscribers local-teid "$t" 2>/dev/null
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

# counters_equal A B [SECONDS]: wait until B's sampled counters are A's,
# every sampled session counted both ways.
counters_equal() {
	local a=$1 b=$2 end=$((SECONDS + ${3:-30})) n
	n=$(sample | wc -l)
	while [ "$SECONDS" -le "$end" ]; do
		counters "$a" >"$T_DIR/$a.cnt"
		counters "$b" >"$T_DIR/$b.cnt"
		if awk '$2 > 0 && $4 > 0 { k++ } END { exit !(k == '"$n"') }' \
			"$T_DIR/$a.cnt" && cmp -s "$T_DIR/$a.cnt" "$T_DIR/$b.cnt"; then
			return 0
		fi
		sleep 0.3
	done
	t_log "counters differ ($a, then $b):"
	paste "$T_DIR/$a.cnt" "$T_DIR/$b.cnt" | awk '$0 != "" { print }' | head -n 5
	return 1
}

# forwarded_more NAME: pair_fwd_more NAME N (2 packets per session more
# in each direction).
forwarded_more() {
	pair_fwd_more "$1" "$N"
}

# gen_stop: SIGINT the generator (it stops, drains, prints its JSON).
gen_stop() {
	kill -INT "$PAIR_GEN_PID"
	pair_gen_wait
}

# churn_cmd ARGS...: one srpgwctl command on A; a refusal is counted.
churn_cmd() {
	pair_ctl a "$@" >/dev/null 2>>"$T_DIR/churn.err" ||
		echo "$*" >>"$T_DIR/churn.fail"
}

# churn_loop: CHURN_ROUNDS rounds (fewer when $T_DIR/churn.stop appears)
# of: 20 sessions created by one "session load", modifies of the previous
# round's sessions (remote TEID, peer, QFI, VoLTE), deletes of half the
# sessions of two rounds ago, VoLTE on one traffic session and off again
# on the one before. Prints the number of rounds.
churn_loop() {
	local r=0 k t f=$T_DIR/load.txt
	while [ ! -e "$T_DIR/churn.stop" ] && [ "$r" -lt "$CHURN_ROUNDS" ]; do
		: >"$f"
		for k in $(seq 0 19); do
			t=$((r * 20 + k))
			echo "local-teid $((CHURN_BASE + t)) remote-teid $((0x600000 + t))" \
				"peer $PAIR_ENB_IP ue-ipv4 10.46.$((t / 250)).$((t % 250 + 1))" >>"$f"
		done
		churn_cmd session load "$f"
		if [ "$r" -ge 1 ]; then
			t=$(((r - 1) * 20))
			churn_cmd session modify local-teid $((CHURN_BASE + t)) \
				remote-teid $((0x700000 + t))
			churn_cmd session modify local-teid $((CHURN_BASE + t + 1)) \
				peer 192.0.2.11
			churn_cmd session modify local-teid $((CHURN_BASE + t + 2)) qfi 7
			churn_cmd session modify local-teid $((CHURN_BASE + t + 3)) volte
			churn_cmd session modify local-teid $((0x1000 + (r - 1) % N)) no-volte
		fi
		churn_cmd session modify local-teid $((0x1000 + r % N)) volte
		if [ "$r" -ge 2 ]; then
			t=$(((r - 2) * 20))
			for k in $(seq 10 19); do
				churn_cmd session delete local-teid $((CHURN_BASE + t + k))
			done
		fi
		r=$((r + 1))
	done
	churn_cmd session modify local-teid $((0x1000 + (r - 1) % N)) no-volte
	echo "$r" >"$T_DIR/churn.rounds"
}

# churn_stop: ask the churn loop to end; wait for it.
churn_stop() {
	[ -n "$CHURN_PID" ] || return 0
	touch "$T_DIR/churn.stop"
	wait "$CHURN_PID"
	CHURN_PID=
}

# check_gen NAME: run NAME followed the gateway change to B and every
# session was received after it in both directions.
check_gen() {
	local js=$T_DIR/$1.json d
	for d in uplink downlink; do
		t_check "$1 $d: the gateway changed while sending" \
			t_json "j['$d']['gw_changes'] >= 1" <"$js"
		t_check "$1 $d: every one of $N sessions received after the change" \
			t_json "j['$d']['flows_rx_after_gw_change'] == $N and j['$d']['flows_silent'] == 0 and j['$d']['wrong_teid'] == 0" <"$js"
	done
}

t_check "namespaces, bridges and veths" pair_net
pair_cfgs 1 3 "checkpoint session activity-refresh msec 200"
t_check "A ACTIVE, B STANDBY_READY" pair_up
t_check "$N sessions on A" pair_sessions a $N
t_check "B holds A's sessions (digest)" pair_synced a b 60

# Traffic and churn at the same time.
pair_gen_start run1 $N $RATE 300
t_check "traffic flows through A" forwarded_more a
churn_loop &
CHURN_PID=$!
t_check "traffic flows through A while churning" forwarded_more a
wait "$CHURN_PID"
CHURN_PID=
rounds=$(cat "$T_DIR/churn.rounds")
t_log "churn: $rounds rounds"
t_check "churn ran all $CHURN_ROUNDS rounds" test "$rounds" -eq "$CHURN_ROUNDS"
t_check "every churn command accepted" test ! -s "$T_DIR/churn.fail"
# Live churn sessions: 20 per round, 10 of each round but the last two
# deleted.
live=$((N + rounds * 20 - (rounds >= 2 ? (rounds - 2) * 10 : 0)))
t_check "A holds $live sessions" test "$(pair_count a)" = "$live"
t_check "B equal to A again while traffic flows (digest, count)" \
	pair_synced a b 60
t_check "traffic still flows through A" forwarded_more a
t_check "A sent deltas and COUNTERS records, nothing failed" \
	pair_json a 'j["records_sent_counters"] > 0 and j["deltas_sent"] > 0 and j["records_not_applied"] == 0' \
	show srp checkpoint statistics verbose
t_check "B applied deletes, upserts and COUNTERS, nothing failed, no NACK" \
	pair_json b 'j["records_applied_delete"] > 0 and j["records_applied_upsert"] >= '"$live"' and j["records_applied_counters"] > 0 and j["records_not_applied"] == 0 and j["batches_failed"] == 0 and j["nacks_sent"] == 0' \
	show srp checkpoint statistics verbose

# Silence: the sampled counters become equal (one refresh and its trail).
t_check "generator run 1 ends" gen_stop
t_check "B shows A's per-session counters (sample)" counters_equal a b 30
digest_a=$(pair_get a 'j["digest"]' show subscribers digest)

# Traffic again, kill -9 of A: B keeps every session and carries them.
pair_gen_start run2 $N $RATE 120
t_check "traffic flows through A (run 2)" forwarded_more a
kill -KILL "$PAIR_PID_A"
t_check "B ACTIVE after kill -9 of A" \
	pair_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 30
t_check "B holds exactly A's sessions (digest)" \
	test "$(pair_get b 'j["digest"]' show subscribers digest)" = "$digest_a"
t_check "B holds $live sessions" test "$(pair_count b)" = "$live"
t_check "B: call-loss statistics, one takeover, 0 sessions lost" \
	pair_json b 'j["takeovers"] == 1 and j["last_takeover"]["sessions_lost"] == 0 and j["last_takeover"]["sessions_held"] == '"$live" \
	show srp call-loss statistics
t_check "traffic flows through B" forwarded_more b
t_check "traffic flows through B (every session again)" forwarded_more b
t_check "generator run 2 ends" gen_stop
check_gen run2
t_finish
