#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# PFCP (N4/Sx) end to end against a simulated SMF (issue 15): the gateway
# runs in the namespace of t_netns_links (af_packet ports acc0/core0) with
# tests/integration/pfcp_gw.cfg (N4 address 10.96.0.1 on the veth n4,
# control-plane-group peer 10.96.0.2, heartbeat interval 1 s); the SMF
# simulator pfcp_smf.py (scapy's PFCP layers, Open5GS v2.7 message shapes)
# runs in its own namespace on the other end of n4 (10.96.0.2, plus
# 10.96.0.3 which is not in the group) and sends and receives the
# subscriber's traffic on enb0/dn0 of the gateway's namespace. Each of its
# checks is one line here (PASS/FAIL); at its PAUSE points this script
# checks the gateway's own view (show sx peers, show subscribers, drop
# counters). Everything srpgw sends on N4 is captured with dumpcap and
# decoded by tshark afterwards: 0 malformed frames, 0 expert warnings or
# errors, and every kind of message the scenario makes it send. Without
# the PFCP server ('show sx peers' unknown) the test fails at once.
. "$(dirname "$0")/lib.sh"
t_need_root

sim=$SRPGW_TESTS/pfcp_smf.py
for tool in dumpcap tshark; do
	if ! command -v "$tool" >/dev/null; then
		t_log "FAIL: $tool is missing (scripts/setup.sh installs tshark)"
		exit 1
	fi
done

# The simulator's own requests, decoded by tshark: well-formed PFCP.
sim_clean() {
	/usr/bin/python3 "$sim" selftest "$T_DIR/selftest" &&
		test "$(tshark -r "$T_DIR/selftest/requests.pcap" -Y pfcp \
			2>/dev/null | wc -l)" -eq 6 &&
		test -z "$(tshark -r "$T_DIR/selftest/requests.pcap" \
			-Y '_ws.malformed || _ws.expert.severity >= 6291456' \
			2>/dev/null)"
}
t_check "the simulator's requests decode clean in tshark" sim_clean

t_netns_links
gw_ns=$T_NS
smf_ns=srpgw-t-$$-smf
ip netns add "$smf_ns" || { t_log "cannot create a network namespace"; exit 1; }
T_NETNS+=("$smf_ns")
ip -n "$gw_ns" link add n4 type veth peer name n4 netns "$smf_ns"
ip -n "$gw_ns" addr add 10.96.0.1/24 dev n4
ip -n "$smf_ns" addr add 10.96.0.2/24 dev n4
ip -n "$smf_ns" addr add 10.96.0.3/24 dev n4
ip -n "$gw_ns" link set n4 up
ip -n "$smf_ns" link set lo up
ip -n "$smf_ns" link set n4 up

# Capture srpgw's PFCP sends from the start (started and stopped here).
cap=$T_DIR/n4.pcapng
t_check "dumpcap captures on the SMF side of n4" t_dumpcap "$smf_ns" "$cap" \
	-i n4 -f "udp and src host 10.96.0.1 and src port 8805"
cap_pid=$T_CAP_PID

t_gw_start_afp gw "$SRPGW_TESTS/pfcp_gw.cfg"
t_check "srpgw starts with an sx-service" t_wait_sock gw "$T_GW_PID"
pid=$T_GW_PID
if ! t_ctl gw show sx peers >/dev/null 2>&1; then
	t_log "FAIL: no PFCP server in this srpgw ('show sx peers' fails:" \
		"$(t_ctl gw show sx peers 2>&1 | head -1))"
	exit 1
fi

# dl_rule_drops: the dl_rule_drop counter of "show dataplane statistics"
# (downlink of a session whose FAR buffers or drops).
dl_rule_drops() {
	t_ctl gw --json show dataplane statistics | /usr/bin/python3 -c '
import json, sys
print(sum(d["packets"] for d in json.load(sys.stdin)["drops"]
          if d["reason"] == "dl_rule_drop"))'
}
# dl_rule_drops_reach N: wait (bounded by count) until dl_rule_drop is
# drops0 + N; fail if it does not get there or goes past.
dl_rule_drops_reach() {
	local now
	for _ in $(seq 50); do
		now=$(dl_rule_drops)
		[ "$now" -ge $((drops0 + $1)) ] && break
		sleep 0.1
	done
	t_log "dl_rule_drop: $drops0 -> $now"
	[ "$now" -eq $((drops0 + $1)) ]
}
# sess_json TEID EXPR: EXPR on "show subscribers local-teid TEID".
sess_json() {
	t_ctl gw --json show subscribers local-teid "$1" | t_json "$2"
}
summary_total() {
	t_ctl gw --json show subscribers summary |
		t_json "j['total_subscribers'] == $1"
}
peer_json() {
	t_ctl gw --json show sx peers | t_json "$1"
}
gone() {
	! t_ctl gw show subscribers "$@" >/dev/null 2>&1
}

# on_pause NAME KEY=VALUE...: the gateway's view at the simulator's pauses.
drops0=0
on_pause() {
	local name=$1 kv teid='' ue='' n='' up_seid=''
	shift
	for kv in "$@"; do
		case $kv in
		teid=*) teid=${kv#teid=} ;;
		ue=*) ue=${kv#ue=} ;;
		n=*) n=${kv#n=} ;;
		up_seid=*) up_seid=${kv#up_seid=} ;;
		esac
	done
	case $name in
	associated)
		t_check "show sx peers: 10.96.0.2 associated" \
			peer_json "[p['state'] for p in j['peers']
				    if p['node_id'] == '10.96.0.2'] == ['associated']"
		t_check "no session before the establishment" summary_total 0
		;;
	established)
		t_check "show subscribers local-teid $teid: UE $ue" \
			sess_json "$teid" "'$ue' in json.dumps(j)"
		t_check "show subscribers local-teid $teid: PFCP SEIDs and 4 PDRs" \
			sess_json "$teid" "(j['pfcp']['up_seid'] == '0x%016x' % $up_seid
				and j['pfcp']['cp_seid'] == '0x%016x' % 0x1001
				and len(j['pfcp']['pdrs']) == 4)"
		t_check "exactly one session (the retransmission and the failed establishments made none)" \
			summary_total 1
		;;
	before_dl_drop)
		drops0=$(dl_rule_drops)
		;;
	dl_dropped)
		t_check "the $n downlink packets sent while the FAR buffers counted as dl_rule_drop" \
			dl_rule_drops_reach "$n"
		;;
	deleted)
		t_check "show subscribers no longer lists local-teid $teid" \
			gone local-teid "$teid"
		t_check "show subscribers no longer lists UE $ue" \
			gone ue-address "$ue"
		t_check "no session after the deletion" summary_total 0
		;;
	second_session)
		t_check "one session (UE $ue): the repeated CP F-SEID made none" summary_total 1
		t_check "show subscribers ue-address $ue" \
			t_ctl gw show subscribers ue-address "$ue"
		;;
	peer_restarted)
		t_check "peer restart: its session (UE $ue) deleted" \
			gone ue-address "$ue"
		t_check "peer restart: no session left" summary_total 0
		t_check "show sx peers: one restart seen, one session purged" \
			peer_json "([(p['restarts_seen'], p['sessions_purged'], p['state'])
				     for p in j['peers'] if p['node_id'] == '10.96.0.2']
				    == [(1, 1, 'associated')])"
		;;
	*)
		t_check "known pause point '$name'" false
		;;
	esac
}

t_sim_run on_pause ip netns exec "$smf_ns" /usr/bin/python3 "$sim" scenario \
	--gw 10.96.0.1 --smf 10.96.0.2 --other 10.96.0.3 \
	--dp-netns "$gw_ns" --acc-if enb0 --core-if dn0 --pause
st=$T_ST
t_check "simulator exits 0" test "$st" -eq 0

# The gateway's counters of the whole scenario.
t_ctl gw --json show sx-service statistics >"$T_DIR/sx.json"
t_ctl gw --json show sx peers >"$T_DIR/peers.json"
stat() { t_json "$1" <"$T_DIR/sx.json"; }
t_check "statistics: requests from 10.96.0.3 refused" \
	stat "j['messages']['rx_refused_peer'] >= 1"
t_check "statistics: the retransmission seen" \
	stat "j['messages']['rx_retransmitted'] == 1"
t_check "statistics: one unknown message type" \
	stat "j['messages']['rx_unknown_type'] == 1"
t_check "statistics: one bad version" \
	stat "j['messages']['rx_bad_version'] == 1"
t_check "statistics: one malformed (the establishment without CP F-SEID), no send failed" \
	stat "j['messages']['rx_malformed'] == 1 and j['messages']['tx_failed'] == 0"
t_check "statistics: establishments: 2 accepted, 3 refused (72, 66, 73), 1 for an existing CP F-SEID" \
	stat "(j['sessions_procedures']['establishment_accepted'] == 2
	      and j['sessions_procedures']['establishment_refused'] == 3
	      and j['sessions_procedures']['establishment_existing'] == 1)"
t_check "statistics: 2 modifications and 1 deletion accepted, 1 of each refused (65), 1 session purged" \
	stat "(j['sessions_procedures']['modification_accepted'] == 2
	      and j['sessions_procedures']['deletion_accepted'] == 1
	      and j['sessions_procedures']['modification_refused'] == 1
	      and j['sessions_procedures']['deletion_refused'] == 1
	      and j['sessions_procedures']['purged'] == 1)"
t_check "show sx peers: heartbeats sent to 10.96.0.2 and answered" \
	t_json "[p['heartbeat_responses_received'] >= 1 for p in j['peers']
		 if p['node_id'] == '10.96.0.2'] == [True]" <"$T_DIR/peers.json"
t_ctl gw show sx-service statistics
t_ctl gw show sx peers

kill -TERM "$pid"
t_wait_exit "$pid"; st=$T_ST
t_check "clean exit after SIGTERM" test "$st" -eq 0

# Decode what srpgw sent.
kill -INT "$cap_pid"
wait "$cap_pid"
types=$(tshark -r "$cap" -Y pfcp -T fields -e pfcp.msg_type 2>/dev/null |
	sort -nu | tr '\n' ' ')
t_log "PFCP message types srpgw sent: $types"
for want in 1 2 6 11 51 53 55; do
	t_check "capture holds srpgw's PFCP message type $want" \
		grep -qw "$want" <<<"$types"
done
bad=$(tshark -r "$cap" -Y '_ws.malformed || _ws.expert.severity >= 6291456' \
	2>/dev/null)
t_check "tshark: no malformed frame or expert warning in srpgw's sends" \
	test -z "$bad"
[ -n "$bad" ] && printf '%s\n' "$bad"
expert=$(tshark -r "$cap" -q -z expert 2>/dev/null)
t_check "tshark -z expert: no Errors or Warns section" \
	test -z "$(grep -E '^(Errors|Warns) \(' <<<"$expert")"
[ -n "$expert" ] && printf '%s\n' "$expert"
t_finish
