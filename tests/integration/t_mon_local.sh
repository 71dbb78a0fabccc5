#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Local faults hand the service over (srpgw's local-fault lines, issue 16):
# an srpgw pair on af_packet ports (scripts/bench/lib-pair.sh) watching
# port 1/1 and its workers (worker-stall msec 300). The access veth of the
# active taken down: the standby takes over (switchover cause
# local-fault), the old active shows the port fault; the link back: the
# fault clears. Then the new active's worker stopped by the test hook
# (debug worker-stall): the pair switches back, cause local-fault. Then
# the active's mbuf pool emptied by the test hook (debug mbuf-hold on,
# local-fault mbuf-exhaustion): the standby takes over, the old active
# shows the mbuf fault; the mbufs given back: the fault clears. A fault
# on an active without a ready standby keeps the service (refusal
# counted). Bad local-fault and debug commands are refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../../scripts/bench/lib-pair.sh"
t_need_root
trap 'exit 143' TERM INT

PAIR_GW=$SRPGW_BIN PAIR_CTL=$SRPGWCTL_BIN PAIR_GEN=/bin/true PAIR_DIR=$T_DIR
pair_init
trap 'pair_cleanup; t_cleanup' EXIT
t_check "namespaces and links" pair_net
pair_cfgs 1 3 "local-fault port 1/1" "local-fault worker-stall msec 300" \
	"local-fault mbuf-exhaustion"
t_check "pair up: A ACTIVE, B STANDBY_READY" pair_up

state() { pair_get "$1" 'j["chassis_state"]' show srp info; }

# wait_state NAME STATE: poll until NAME is in STATE (bounded by count).
wait_state() {
	local i
	for i in $(seq 300); do
		[ "$(state "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	t_log "$1 is $(state "$1"), not $2"
	# What the gateways said about roles and faults, for the log.
	grep -hiE 'srp|fault' "$PAIR_DIR/a.log" "$PAIR_DIR/b.log" | tail -n 30 >&2
	return 1
}

# local_fault NAME TARGET STATE: show srp monitor all of NAME lists
# TARGET in STATE ("fault" or "ok").
local_fault() {
	pair_json "$1" "any(x['target'] == '$2' and x['state'] == '$3' for x in j['local_faults'])" \
		show srp monitor all
}

# wait_fault NAME TARGET STATE: poll until local_fault holds (by count).
wait_fault() {
	local i
	for i in $(seq 100); do
		local_fault "$@" && return 0
		sleep 0.1
	done
	return 1
}

t_check "A watches port 1/1, its worker and its mbuf pool, all ok" \
	pair_json a 'len(j["local_faults"]) == 3 and all(x["state"] == "ok" for x in j["local_faults"])' \
	show srp monitor all

# 1. The active's access link goes down.
ip -n "$PAIR_NS_A" link set acc0 down
t_check "B takes over after A's port 1/1 lost its link" wait_state b ACTIVE
t_check "B's call-loss statistics give the takeover's cause (the peer's fault)" \
	pair_json b 'j["last_takeover"]["cause"] == "peer-fault"' \
	show srp call-loss statistics
t_check "A fenced to standby" wait_state a STANDBY_READY
t_check "A shows the port fault" wait_fault a "port 1/1" fault
t_check "A's last local fault names the port" \
	pair_json a '"port 1/1" in j["last_local_fault"]' show srp info
t_check "A counts a switchover caused by a local fault" \
	pair_json a 'j["switchovers"]["local_fault"] >= 1' show srp statistics
t_check "A: traps starSRPLocalFault (port 1/1) and starSRPSwitchoverInitiated" \
	pair_json a '"port 1/1" in [h["varbinds"]["target"] for h in j["history"] if h["trap"] == "starSRPLocalFault"] and "starSRPSwitchoverInitiated" in [h["trap"] for h in j["history"]]' \
	show snmp trap history
t_check "no local recovery yet on A" \
	pair_json a 'j["local_recoveries"] == 0 and j["last_local_recovery"] == "-"' \
	show srp info
ip -n "$PAIR_NS_A" link set acc0 up
t_check "the link back: A's fault clears" wait_fault a "port 1/1" ok
t_check "the clearing is a local recovery for SRP (srp-redundancy guard)" \
	pair_json a 'j["local_recoveries"] == 1 and j["last_local_recovery"] != "-"' \
	show srp info
t_check "A is ready again" wait_state a STANDBY_READY

# 2. B's worker stalls (test hook): the service goes back to A.
t_check "debug worker-stall on B accepted" \
	pair_ctl b debug worker-stall 0 msec 3000
t_check "A takes over after B's worker stalled" wait_state a ACTIVE
t_check "B counted the worker fault" \
	pair_json b 'any(x["target"] == "worker 0" and x["faults"] >= 1 for x in j["local_faults"])' \
	show srp monitor all
t_check "B counts a switchover caused by a local fault" \
	pair_json b 'j["switchovers"]["local_fault"] >= 1' show srp statistics
t_check "B is standby" wait_state b STANDBY_READY
t_check "B's worker loops again (the 3 s stall is over)" \
	wait_fault b "worker 0" ok

# 3. A's mbuf pool runs dry (test hook): the service goes to B.
t_check "debug mbuf-hold on A accepted" pair_ctl a debug mbuf-hold on
t_check "debug mbuf-hold on twice is harmless" \
	pair_json a 'j["held"] > 0' debug mbuf-hold on
t_check "B takes over after A's mbuf pool ran dry" wait_state b ACTIVE
t_check "A fenced to standby" wait_state a STANDBY_READY
t_check "A shows the mbuf fault" wait_fault a "mbuf pool" fault
t_check "A's last local fault names the mbuf pool" \
	pair_json a '"mbuf pool" in j["last_local_fault"]' show srp info
t_check "debug mbuf-hold with a bad argument is refused" \
	bash -c "! $PAIR_CTL -s $PAIR_DIR/a.sock debug mbuf-hold maybe 2>/dev/null"
t_check "the refused command kept the mbufs held" local_fault a "mbuf pool" fault
t_check "debug mbuf-hold off on A gives the mbufs back" \
	pair_json a 'j["held"] == 0 and j["returned"] > 0' debug mbuf-hold off
t_check "the mbufs back: A's fault clears" wait_fault a "mbuf pool" ok
t_check "A is ready again" wait_state a STANDBY_READY

# 4. A fault with no ready standby: the active keeps the service.
kill -9 "$PAIR_PID_B"
t_check "A alone" wait_state a ACTIVE
ip -n "$PAIR_NS_A" link set acc0 down
t_check "A shows the port fault again" wait_fault a "port 1/1" fault
t_check "A stays ACTIVE without a ready standby" test "$(state a)" = ACTIVE
t_check "the refusal is counted" \
	pair_json a 'j["refusals"]["peer_down"] + j["refusals"]["peer_not_ready"] >= 1' \
	show srp statistics
ip -n "$PAIR_NS_A" link set acc0 up

# Bad input: refused, nothing changes.
t_check "debug worker-stall with a bad worker is refused" \
	bash -c "! $PAIR_CTL -s $PAIR_DIR/a.sock debug worker-stall 9 msec 10 2>/dev/null"
t_check "debug worker-stall without msec is refused" \
	bash -c "! $PAIR_CTL -s $PAIR_DIR/a.sock debug worker-stall 0 10 2>/dev/null"
t_check "A still ACTIVE" test "$(state a)" = ACTIVE
t_finish
