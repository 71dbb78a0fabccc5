#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Rolling upgrade from the previous release (tests/compat/previous, built
# from this repository's history by build_previous.sh) to this tree, with
# traffic: A runs the old srpgw as active, B this tree's as standby (the
# old side skips the CAPS TLV, the new side shares no capability with it);
# a planned switchover makes B active; the new active withholds the
# session-timer records a 0.1.0 standby would refuse; A is then upgraded
# (stopped, started on the new binary), resyncs as standby with both
# capabilities shared and receives the timer override, and a planned
# switchover gives the role back to A. No session is lost (counts and
# digests) and srpgw-gen's traffic follows the active at every step.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/lib.sh"
. "$here/../../scripts/bench/lib-pair.sh"
t_need_root
: "${SRPGW_GEN_BIN:?SRPGW_GEN_BIN must point to the srpgw-gen binary}"
: "${SRPGW_BUILD_ROOT:?SRPGW_BUILD_ROOT must point to the build directory}"

t0=$(date +%s)
if ! prev=$(bash "$here/build_previous.sh" "$SRPGW_BUILD_ROOT/compat-prev"); then
	t_log "FAIL: the previous release could not be built (see above)"
	exit 1
fi
t_log "previous release: $(cat "$prev/.complete"), ready after $(( $(date +%s) - t0 )) s"
OLD_GW=$prev/srpgw
read -r prev_tag _ < "$prev/.complete"
old_ver=${prev_tag#v}
new_ver=${SRPGW_VERSION:?SRPGW_VERSION must give the version of this tree}

# N sessions; gateway access MACs (lib-pair.sh); both capabilities.
N=100
MAC_A=02:00:00:00:a1:01 MAC_B=02:00:00:00:b1:01
BOTH="audit, session-timers"
PAIR_GW=$SRPGW_BIN PAIR_CTL=$SRPGWCTL_BIN PAIR_GEN=$SRPGW_GEN_BIN PAIR_DIR=$T_DIR
PAIR_ARP_MS=100
pair_init
trap 'pair_cleanup; t_cleanup' EXIT

# followed RUN MAC: srpgw-gen's run RUN (stopped by SIGINT) ended sending
# to gateway MAC both ways and got every session back after the change.
followed() {
	local js=$T_DIR/$1.json mac=$2
	kill -INT "$PAIR_GEN_PID"
	pair_gen_wait
	t_json "j['arp']['access']['gw_mac'] == '$mac' and j['arp']['core']['gw_mac'] == '${mac%:01}:02' and all(j[d]['gw_changes'] >= 1 and j[d]['flows_rx_after_gw_change'] == $N and j[d]['flows_silent'] == 0 and j[d]['wrong_teid'] == 0 for d in ('uplink', 'downlink'))" <"$js" ||
		{ cat "$js"; return 1; }
}

# same_sessions X Y: X and Y hold N sessions with the same digest.
same_sessions() {
	pair_synced "$1" "$2" 60 && [ "$(pair_count "$1")" = "$N" ]
}

# start_old NAME: pair_start NAME on the previous release's binary.
start_old() {
	PAIR_GW=$OLD_GW pair_start "$1"
}

# retry COMMAND...: run COMMAND until it succeeds, at most 150 times, 0.2 s
# apart.
retry() {
	for _ in $(seq 150); do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}

# ckpt NAME EXPR: EXPR on NAME's checkpoint statistics.
ckpt() {
	pair_json "$1" "$2" show srp checkpoint statistics
}

t_check "namespaces, bridges and veths" pair_net
pair_cfgs 1 3

# Step 0: the running pair, A on the previous release.
t_check "A ($prev_tag) starts" start_old a
t_check "A ($prev_tag) ACTIVE" pair_wait a 'j["chassis_state"] == "ACTIVE"' 30
t_check "B ($new_ver) starts" pair_start b
t_check "B STANDBY_READY" pair_wait b 'j["chassis_state"] == "STANDBY_READY"' 30
t_check "B: peer runs $old_ver, sends no CAPS; nothing shared" \
	pair_wait b "j['peer']['sw_version'] == '$old_ver' and j['peer']['capabilities'] == 'none' and j['shared_capabilities'] == 'none' and j['capabilities'] == '$BOTH' and j['sw_version'] == '$new_ver'"
t_check "A ($old_ver) ignores B's CAPS: peer $new_ver STANDBY_READY, no capability fields" \
	pair_wait a "j['peer']['sw_version'] == '$new_ver' and j['peer']['state'] == 'STANDBY_READY' and 'capabilities' not in j['peer'] and 'shared_capabilities' not in j"
t_check "$N sessions on A" pair_sessions a $N
t_check "B holds A's $N sessions (digest)" same_sessions a b

# Step 1: planned switchover to the new release while traffic flows.
pair_gen_start up1 $N 5000 120
t_check "traffic flows through A" pair_fwd_more a $N
t_check "planned switchover on A" pair_ctl a srp initiate-switchover
t_check "B ACTIVE" pair_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 30
t_check "A ($old_ver) STANDBY_READY" pair_wait a 'j["chassis_state"] == "STANDBY_READY"' 30
t_check "traffic flows through B" pair_fwd_more b $N
t_check "the generator followed B, every session back" followed up1 "$MAC_B"
t_check "A and B hold the same $N sessions" same_sessions b a

# The new active must not send what the old standby refuses.
t_check "B: session 0x1000 gets idle-timeout 600" \
	pair_ctl b session modify local-teid 0x1000 idle-timeout 600
t_check "B withholds the timer record from A ($old_ver)" \
	retry ckpt b 'j["timer_records_withheld"] >= 1 and j["timer_records_sent"] == 0'
t_check "A stays STANDBY_READY and synced after the modify" \
	pair_wait a 'j["chassis_state"] == "STANDBY_READY"' 30
t_check "A and B still equal" same_sessions b a
t_check "A ($old_ver) refused no batch and no record" \
	ckpt a 'j["batches_failed"] == 0 and j["records_not_applied"] == 0'

# Step 2: upgrade A: stop the old process, start this tree's binary.
pair_kill "$PAIR_PID_A"
t_check "A ($new_ver) starts" pair_start a
t_check "A STANDBY_READY" pair_wait a 'j["chassis_state"] == "STANDBY_READY"' 60
t_check "A holds B's $N sessions (digest)" same_sessions b a
t_check "A: both capabilities shared, peer $new_ver" \
	pair_wait a "j['shared_capabilities'] == '$BOTH' and j['peer']['sw_version'] == '$new_ver'"
t_check "B: both capabilities shared" \
	pair_wait b "j['shared_capabilities'] == '$BOTH' and j['peer']['capabilities'] == '$BOTH'"
t_check "B sent the timer record to the upgraded A" \
	retry ckpt b 'j["timer_records_sent"] >= 1'
t_check "A applied it: 0x1000 has idle-timeout 600" \
	retry pair_json a 'j["idle_timeout_s"] == 600' show subscribers local-teid 0x1000

# Step 3: switch back to A while traffic flows.
pair_gen_start up2 $N 5000 120
t_check "traffic flows through B" pair_fwd_more b $N
t_check "planned switchover on B" pair_ctl b srp initiate-switchover
t_check "A ACTIVE" pair_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 30
t_check "B STANDBY_READY" pair_wait b 'j["chassis_state"] == "STANDBY_READY"' 30
t_check "traffic flows through A" pair_fwd_more a $N
t_check "the generator followed A, every session back" followed up2 "$MAC_A"
t_check "no session lost: A and B hold the same $N" same_sessions a b
t_check "the override survived both switchovers" \
	pair_json a 'j["idle_timeout_s"] == 600' show subscribers local-teid 0x1000
t_log "run time $(( $(date +%s) - t0 )) s"
t_finish
