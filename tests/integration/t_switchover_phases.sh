#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Post-switchover phases on a new active (default data mode, no
# allow-*-data-traffic): both gateways have a BGP speaker configured whose
# BIRD never answers, so network convergence cannot be confirmed and the
# phases stay open. After a planned switchover the new active B shows
# critical flush done and network convergence running in show srp info,
# holds data (data mode none) and refuses session creates with a clear
# "switchover post-processing" error while modify and delete of replicated
# sessions work; srp terminate-post-process ends the phases (data mode all,
# creates accepted) and a second one is refused. Back on A, the guard
# time-out ends convergence by itself: every phase ends (convergence shown
# timed out), the audit walked every session, creates are accepted again.
# One of them is a rule-drop session without a downlink tunnel (ul-drop
# dl-drop, created on B): A holds it as replicated and its audit accepts it.
# Before the switchover the standby B refuses every session command
# (create, modify, delete, delete all, load, generate) with an error naming
# its state and changes nothing, while the active A accepts the same
# changes and B applies them as replicated.
. "$(dirname "$0")/lib.sh"
t_need_root

# sess_count NAME: sessions NAME holds.
sess_count() {
	t_json_get "$(t_ctl "$1" --json show subscribers digest)" 'j["sessions"]'
}

# wait_count NAME N: wait (20 s at most) until NAME holds N sessions.
wait_count() {
	for _ in $(seq 100); do
		[ "$(sess_count "$1" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.2
	done
	t_log "$1 holds $(sess_count "$1") sessions, not $2"
	return 1
}

t_srp_netns
for g in a b; do
	bind=10.99.0.1 peer=10.99.0.2 mode=primary prio=10
	[ $g = b ] && bind=10.99.0.2 peer=10.99.0.1 mode=backup prio=20
	t_srp_cfg "$T_DIR/$g.cfg" $mode $prio $bind $peer \
		"checkpoint session duration 0" \
		"bgp-speaker control-socket $T_DIR/$g-no-bird.ctl" \
		"bgp-speaker include-file $T_DIR/$g-srp.conf"
done

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "A ACTIVE, no phases after the start-up election" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY" and j["post_switchover"]["phase"] == "idle" and j["post_switchover"]["session_create"] == "allowed"'
t_check "10 sessions generated on A" \
	t_ctl a session generate count 10 local-teid 0x100 remote-teid 0x200 \
		peer 192.0.2.10 ue-ipv4-pool 10.45.0.0/24
t_check "B holds the 10 sessions" wait_count b 10

# The standby refuses every session change; its table stays the copy.
printf 'local-teid 0x810 remote-teid 0x811 peer 192.0.2.10 ue-ipv4 10.45.2.16\n' \
	>"$T_DIR/load.txt"
digest_b=$(t_digest b)
t_check "B shows session creates and changes refused" \
	t_srp_json b 'j["chassis_state"] == "STANDBY_READY" and j["post_switchover"]["session_create"] == "refused" and j["post_switchover"]["session_changes"] == "refused"' show srp info
n=0
while read -r cmd; do
	n=$((n + 1))
	# shellcheck disable=SC2086 # the command's words
	t_ctl b $cmd </dev/null >/dev/null 2>"$T_DIR/standby-$n.err"
	t_check "standby B refuses: $cmd" test $? -ne 0
	t_check "... naming its state" grep -q \
		"chassis is STANDBY_READY: session changes are accepted on the active only" \
		"$T_DIR/standby-$n.err"
done <<EOF
session create local-teid 0x800 remote-teid 0x801 peer 192.0.2.10 ue-ipv4 10.45.2.1
session modify local-teid 0x100 remote-teid 0x555
session delete local-teid 0x101
session delete all
session load $T_DIR/load.txt
session generate count 5 local-teid 0x700 remote-teid 0x700 peer 192.0.2.10 ue-ipv4-pool 10.45.3.0/24
EOF
t_check "B still holds its 10 sessions, unchanged (digest)" \
	test "$(sess_count b)" = 10 -a "$(t_digest b)" = "$digest_b"
# The active accepts the same changes; B applies them as replicated.
t_check "A creates a session" \
	t_ctl a session create local-teid 0x800 remote-teid 0x801 \
		peer 192.0.2.10 ue-ipv4 10.45.2.1
t_check "A modifies a session" \
	t_ctl a session modify local-teid 0x102 remote-teid 0x555
t_check "A loads a file" t_ctl a session load "$T_DIR/load.txt"
t_check "B holds A's 12 sessions" wait_count b 12
t_check "A deletes the two new sessions" t_ctl a session delete local-teid 0x800
t_check "... and the loaded one" t_ctl a session delete local-teid 0x810
t_check "B holds the same sessions as A again (digest)" t_digest_wait a b 30
t_check "B holds the modified session as replicated" \
	t_srp_json b 'j["remote_teid"] == 0x555' show subscribers local-teid 0x102
t_check "B applied A's deltas" \
	t_ckpt_json b 'j["records_applied_delete"] >= 2 and j["batches_failed"] == 0'

# Planned switchover: B's phases stay in network convergence.
t_check "planned switchover on A" t_ctl a srp initiate-switchover
t_check "B ACTIVE, in network convergence, data held, creates refused" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["post_switchover"]["phase"] == "network-convergence" and j["post_switchover"]["data_mode"] == "none" and j["post_switchover"]["session_create"] == "refused" and j["post_switchover"]["last_kind"] == "planned" and j["post_switchover"]["critical_flush"]["state"] == "done"'
t_ctl b session create local-teid 0x900 remote-teid 0x901 peer 192.0.2.10 \
	ue-ipv4 10.45.1.1 >/dev/null 2>"$T_DIR/create.err"
t_check "B refuses a session create" test $? -ne 0
t_check "... saying switchover post-processing: network-convergence" \
	grep -q "switchover post-processing: network-convergence" "$T_DIR/create.err"
t_check "B: the refused session does not exist" \
	test "$(sess_count b)" = 10
t_check "B modifies a replicated session" \
	t_ctl b session modify local-teid 0x100 remote-teid 0x300
t_check "B deletes a replicated session" t_ctl b session delete local-teid 0x101

out=$(t_ctl b --json srp terminate-post-process)
t_check "terminate-post-process ends the phases" \
	t_json 'j["result"] == "terminated" and j["data_mode"] == "all"' <<<"$out"
t_check "B: phases done, terminated, data mode all, creates allowed" \
	t_srp_json b 'j["post_switchover"]["phase"] == "done" and j["post_switchover"]["last_terminated"] and j["post_switchover"]["data_mode"] == "all" and j["post_switchover"]["session_create"] == "allowed"' show srp info
t_check "B accepts the session create now" \
	t_ctl b session create local-teid 0x900 remote-teid 0x901 \
		peer 192.0.2.10 ue-ipv4 10.45.1.1
t_check "B creates a rule-drop session without a downlink tunnel" \
	t_ctl b session create local-teid 0x904 ue-ipv4 10.45.1.4 \
		ul-drop dl-drop
t_ctl b srp terminate-post-process >/dev/null 2>"$T_DIR/term.err"
t_check "a second terminate-post-process is refused" test $? -ne 0
t_check "... saying none runs" grep -q "no post-switchover processing" "$T_DIR/term.err"

# Back to A: the guard ends convergence; the rest completes by itself.
t_check "A STANDBY_READY again" t_srp_wait a 'j["chassis_state"] == "STANDBY_READY"' 30
t_check "A holds B's 11 sessions" wait_count a 11
t_check "A holds the same sessions as B (digest)" t_digest_wait a b 30
t_check "A: the replicated rule-drop session has no tunnel" \
	t_srp_json a 'j["peer"] == "none" and j["ul_drop"] and j["dl_drop"]' \
	show subscribers local-teid 0x904
t_check "planned switchover on B" t_ctl b srp initiate-switchover
t_check "A ACTIVE with its phases running" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["post_switchover"]["runs"] == 1'
t_check "A: every phase ended by itself, convergence by its guard" \
	t_srp_wait a 'j["post_switchover"]["phase"] == "done" and j["post_switchover"]["network_convergence"]["state"] == "timed-out" and j["post_switchover"]["accounting_flush"]["state"] == "done" and j["post_switchover"]["audit"]["state"] == "done" and j["post_switchover"]["audited_sessions"] == 11 and j["post_switchover"]["audit_inconsistent"] == 0 and not j["post_switchover"]["last_terminated"] and j["post_switchover"]["data_mode"] == "all"' 40
t_check "A accepts a session create after the phases" \
	t_ctl a session create local-teid 0x902 remote-teid 0x903 \
		peer 192.0.2.10 ue-ipv4 10.45.1.2
t_finish
