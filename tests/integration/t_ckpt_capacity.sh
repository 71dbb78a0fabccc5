#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Issue 13: the standby never refuses what the active accepted. Both
# chassis run with the same small max-sessions; the active is filled to
# capacity, then a churn loop (a count of rounds, not a time) deletes the
# oldest sessions and creates as many new ones, so that on both sides slots
# of deleted sessions are still waiting for their RCU grace period while
# the table is at max-sessions. Every command must be accepted on the
# active, the standby must apply every record (0 not applied) and end with
# the active's session count and digest.
. "$(dirname "$0")/lib.sh"
t_need_root

MAX=256		# max-sessions on both chassis
ROUNDS=200	# churn rounds
PER_ROUND=4	# sessions deleted and created per round
export T_SRP_MAX_SESSIONS=$MAX
t_srp_netns
ck=("checkpoint session duration 0")
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 "${ck[@]}"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "${ck[@]}"

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE"'
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
t_check "both at max-sessions $MAX" \
	t_srp_json b "j['capacity'] == $MAX" show subscribers summary
t_check "A at max-sessions $MAX" \
	t_srp_json a "j['capacity'] == $MAX" show subscribers summary

t_check "A filled to capacity ($MAX sessions)" \
	t_ctl a session generate count $MAX local-teid 0x10000 remote-teid 0x20000 \
		peer 192.0.2.10 ue-ipv4-pool 10.64.0.0/16
t_check "A refuses one more (the limit is max-sessions)" \
	bash -c "! $SRPGWCTL_BIN -s $T_DIR/a.sock session create local-teid 0x7fffff \
		remote-teid 0x7fffff peer 192.0.2.10 ue-ipv4 10.47.0.1 2>/dev/null"
t_check "B holds the same $MAX sessions (digest)" t_digest_wait a b 60

# teid I: local TEID of the I-th session ever created (the generated ones,
# then the churned ones), so that round R deletes the oldest live ones.
teid() {
	if [ "$1" -lt "$MAX" ]; then
		echo $((0x10000 + $1))
	else
		echo $((0x800000 + $1 - MAX))
	fi
}

: >"$T_DIR/churn.fail"
for r in $(seq 0 $((ROUNDS - 1))); do
	for k in $(seq 0 $((PER_ROUND - 1))); do
		i=$((r * PER_ROUND + k))
		t_ctl a session delete local-teid "$(teid $i)" >/dev/null 2>>"$T_DIR/churn.err" ||
			echo "round $r: delete $(teid $i)" >>"$T_DIR/churn.fail"
	done
	for k in $(seq 0 $((PER_ROUND - 1))); do
		t=$((r * PER_ROUND + k))
		t_ctl a session create local-teid $((0x800000 + t)) \
			remote-teid $((0x600000 + t)) peer 192.0.2.11 \
			ue-ipv4 10.46.$((t / 250)).$((t % 250 + 1)) >/dev/null 2>>"$T_DIR/churn.err" ||
			echo "round $r: create $((0x800000 + t))" >>"$T_DIR/churn.fail"
	done
done
if [ -s "$T_DIR/churn.fail" ]; then
	head -n 5 "$T_DIR/churn.fail" "$T_DIR/churn.err"
fi
t_check "A accepted every churn command ($ROUNDS rounds)" test ! -s "$T_DIR/churn.fail"
t_check "A still at $MAX sessions" \
	t_srp_json a "j['sessions'] == $MAX" show subscribers digest
t_check "B equal to A after the churn (count and digest)" t_digest_wait a b 60
t_check "B: $MAX sessions" t_srp_json b "j['sessions'] == $MAX" show subscribers digest
t_check "B applied every delete and create, 0 records not applied" \
	t_ckpt_wait b 'j["records_applied_delete"] >= '$((ROUNDS * PER_ROUND))' and j["records_not_applied"] == 0 and j["batches_failed"] == 0 and j["nacks_sent"] == 0' 30
t_check "A: 0 records not applied" t_ckpt_json a 'j["records_not_applied"] == 0'
t_check "B still STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
t_finish
