#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# PFCP (N4/Sx) across SRP takeovers (issue 15): gateways A (primary) and B
# (backup) in namespaces, each with the N4 address 10.96.0.1 as an
# srp-activated /32 loopback (on lo in both kernels; only the active's PFCP
# server listens), advertised, like the pool and 192.0.2.1/32, through the
# BIRD each srpgw owns (bgp-speaker bird-config) with its role's AS-path
# prepend (active 0, standby 4), as in t_srp_bgp.sh and docs/redirection.md.
# An upstream router namespace U imports the routes and installs the best
# ones in its kernel (protocol kernel, export all), so N4 traffic from the
# SMF simulator (pfcp_pair.py on 10.96.9.2, U's loopback; static routes back
# in A and B) follows the active with no route change by this script.
# Each gateway's data ports are af_packet over veths of its namespace
# (acc0/core0; the far ends enb0/dn0 are where the simulator sends and
# listens; B's ports have their own MACs).
# Scenario: association, 20 Open5GS-shaped sessions with their downlink
# tunnel; once B holds them all, kill -9 of A: B takes over; the same
# Recovery Time Stamp, retransmitted deletions, modifications and
# establishments answered as before (from the replicated answers: no second
# execution),
# handovers, deletions, new sessions (never-used SEIDs and TEIDs), show
# subscribers on B. A restarts, comes back as the standby and syncs; a
# planned switchover moves the active back to A: the same checks on A.
# Before the takeover, after it and after the switchover, every live
# session's uplink G-PDU (from its gNB to its F-TEID) comes out of the
# active decapsulated and its downlink comes out encapsulated to the gNB and
# TEID of its last modification. N4 is captured on U for the whole run and
# decoded by tshark: no malformed frame, no expert warning or error. Skips
# (exit 77) without BIRD.
. "$(dirname "$0")/lib.sh"
# A timeout (meson's SIGTERM) must still run lib.sh's EXIT cleanup.
trap 'exit 143' TERM INT
t_need_root
t_need_bird
for tool in dumpcap tshark; do
	if ! command -v "$tool" >/dev/null; then
		t_log "FAIL: $tool is missing (scripts/setup.sh installs tshark)"
		exit 1
	fi
done

N4=10.96.0.1
SMF=10.96.9.2
N=20
K=4

t_bgp_netns
ip -n "$T_NS_U" addr add "$SMF/32" dev lo
# The data links of each gateway (af_packet ports acc0/core0, far ends
# enb0/dn0 in the same namespace, where the simulator sends and listens).
# B's ports get their own MACs: SRP refuses a peer with the same node id
# (taken from the port MAC).
t_netns_veths "$T_NS_A"
t_netns_veths "$T_NS_B"
ip -n "$T_NS_B" link set acc0 address 02:00:00:00:ab:01
ip -n "$T_NS_B" link set core0 address 02:00:00:00:cd:01
# The N4 loopback in both chassis; the way back to the SMF.
ip -n "$T_NS_A" addr add "$N4/32" dev lo
ip -n "$T_NS_B" addr add "$N4/32" dev lo
ip -n "$T_NS_A" route add "$SMF/32" via 10.98.1.2
ip -n "$T_NS_B" route add "$SMF/32" via 10.98.2.2

t_bgp_bird_gw a 10.98.1.1 10.98.1.2 10.45.0.0/16 192.0.2.1/32 "$N4/32"
t_bgp_bird_gw b 10.98.2.1 10.98.2.2 10.45.0.0/16 192.0.2.1/32 "$N4/32"
# U's kernel follows its best routes: N4 traffic goes to the active.
t_bgp_bird_u "protocol kernel {" "	ipv4 { export all; };" "}"

# Capture N4 on U's two links for the whole run.
cap=$T_DIR/n4.pcapng
t_check "dumpcap captures N4 on U" t_dumpcap "$T_NS_U" "$cap" \
	-i upA -f "udp port 8805" -i upB -f "udp port 8805"
cap_pid=$T_CAP_PID

# The N4 user plane in both configurations (must-match text).
cat >"$T_DIR/cpg.txt" <<CFG
  control-plane-group smf
    peer-node-id ipv4-address $SMF
  #exit
CFG
cat >"$T_DIR/n4.txt" <<CFG
    interface n4 loopback
      ip address $N4/32 srp-activate
    #exit
    sx-service n4
      instance-type userplane
      bind ipv4-address $N4
      sx-protocol heartbeat interval 2
    #exit
    user-plane-service up
      associate sx-service n4
      associate control-plane-group smf
    #exit
CFG
t_bgp_cfgs
for g in a b; do
	# The group before the context, the N4 block at its start, af_packet
	# ports, static neighbours: the gNBs (192.0.2.20/21) and the core
	# router (198.51.100.254) are the far ends enb0 and dn0.
	awk -v cpg="$T_DIR/cpg.txt" -v n4="$T_DIR/n4.txt" '
		/^  context ingress$/ && !done {
			while ((getline l < cpg) > 0) print l
			print
			while ((getline l < n4) > 0) print l
			done = 1
			next
		}
		{ sub(/net_null/, "net_af_packet"); print }
		/^    ip route 0.0.0.0 / {
			print "    ip arp 192.0.2.20 02:00:00:00:aa:02"
			print "    ip arp 192.0.2.21 02:00:00:00:aa:02"
			print "    ip arp 198.51.100.254 02:00:00:00:cc:02"
		}' \
		"$T_DIR/$g.cfg" >"$T_DIR/$g.n4.cfg"
	mv "$T_DIR/$g.n4.cfg" "$T_DIR/$g.cfg"
done

# gw_start NAME NETNS: start gateway NAME in NETNS on af_packet ports over
# its acc0/core0 and wait for its socket. Sets T_GW_PID.
gw_start() {
	T_NS_EXEC="ip netns exec $2" t_gw_start_afp "$1" "$T_DIR/$1.cfg"
	t_wait_sock "$1" "$T_GW_PID"
}

# route_via NEXTHOP: U's kernel sends N4 traffic to NEXTHOP (bounded wait).
route_via() {
	local r
	for _ in $(seq 200); do
		r=$(ip -n "$T_NS_U" route get "$N4" 2>/dev/null)
		grep -q "via $1 " <<<"$r" && return 0
		sleep 0.2
	done
	t_log "U's kernel route to $N4: $r (expected via $1)"
	ip -n "$T_NS_U" route
	return 1
}
sx_json() {
	t_ctl "$1" --json show sx-service statistics | t_json "$2"
}
# sx_sessions NAME: the number of PFCP sessions of NAME.
sx_sessions() {
	t_ctl "$1" --json show sx-service statistics 2>/dev/null |
		/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["sessions"])'
}
ckpt_get() {
	t_ctl "$1" --json show srp checkpoint statistics verbose 2>/dev/null |
		/usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['$2'])"
}
# standby_holds ACTIVE STANDBY COUNT: wait (bounded by count) until the
# standby has COUNT PFCP sessions and has applied every PFCP record the
# active sent since the standby's last full checkpoint ("applied" never
# passes "sent" on the link they share).
standby_holds() {
	local n sent applied
	for _ in $(seq 150); do
		n=$(sx_sessions "$2")
		sent=$(ckpt_get "$1" pfcp_records_sent)
		applied=$(ckpt_get "$2" pfcp_records_applied)
		if [ "$n" = "$3" ] && [ -n "$applied" ] && [ "$applied" -ge "$4" ]; then
			t_log "$2 holds $n PFCP sessions; PFCP records sent by $1: $sent, applied by $2: $applied"
			return 0
		fi
		sleep 0.2
	done
	t_log "$2: $n PFCP sessions (want $3), records sent by $1: $sent, applied: $applied (want >= $4)"
	return 1
}
# subs_json NAME TEID EXPR: EXPR on "show subscribers local-teid TEID".
subs_json() {
	t_ctl "$1" --json show subscribers local-teid "$2" | t_json "$3"
}
# subs_pfcp NAME WHICH: the session the simulator calls WHICH (old: the
# oldest live one, new: the newest; details in the array PAUSE that
# on_pause fills) as "show subscribers local-teid" shows it on NAME: its
# PFCP part (SEIDs, 4 PDRs), its UE, the downlink tunnel of its last
# modification (gNB, TEID).
declare -A PAUSE
subs_pfcp() {
	local w=$2
	subs_json "$1" "${PAUSE[${w}_teid]}" "(j['pfcp']['up_seid'] == '0x%016x' % ${PAUSE[${w}_up_seid]}
		and j['pfcp']['cp_seid'] == '0x%016x' % ${PAUSE[${w}_cp_seid]}
		and len(j['pfcp']['pdrs']) == 4 and '${PAUSE[${w}_ue]}' in json.dumps(j)
		and j['peer'] == '${PAUSE[${w}_gnb]}'
		and j['remote_teid'] == ${PAUSE[${w}_dl_teid]})"
}

t_check "gateway A (primary) starts" gw_start a "$T_NS_A"
pid_a=$T_GW_PID
t_check "gateway B (backup) starts" gw_start b "$T_NS_B"
t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
t_check "A's PFCP server listens, B's does not" \
	sh -c "ip netns exec $T_NS_A ss -lun | grep -q '$N4:8805' &&
		! ip netns exec $T_NS_B ss -lun | grep -q '$N4:8805'"
t_check "U's kernel routes N4 ($N4) via A (BGP)" route_via 10.98.1.1

# The new active's procedures since it took over (B's counters start at its
# start, A's at its restart): the retransmitted deletions (2) and
# modifications (N) answered from the response cache filled from the
# replicated answers, not executed again; the retransmitted establishments
# (N) answered from that cache or from the existing sessions; then K
# handovers + K first modifications, K deletions, K new establishments.
procs="(j['messages']['rx_retransmitted']
	+ j['sessions_procedures']['establishment_existing'] == 2 * $N + 2
	and j['sessions_procedures']['establishment_accepted'] == $K
	and j['sessions_procedures']['modification_accepted'] == 2 * $K
	and j['sessions_procedures']['deletion_accepted'] == $K
	and j['sessions_procedures']['establishment_refused'] == 0
	and j['sessions_procedures']['modification_refused'] == 0
	and j['sessions_procedures']['deletion_refused'] == 0)"

# on_pause NAME KEY=VALUE...: the gateways' view at the simulator's pauses;
# then the next takeover.
on_pause() {
	local name=$1 kv
	shift
	PAUSE=()
	for kv in "$@"; do
		PAUSE[${kv%%=*}]=${kv#*=}
	done
	case $name in
	setup)
		t_check "A: $N PFCP sessions" sx_json a "j['sessions'] == $N"
		t_check "B holds all $N sessions and every PFCP record A sent" \
			standby_holds a b "$N" "$(ckpt_get a pfcp_records_sent)"
		t_check "B (standby): show subscribers local-teid ${PAUSE[old_teid]} has its PFCP part and downlink tunnel" \
			subs_pfcp b old
		;;
	before_kill9)
		t_check "B holds all $N sessions and every PFCP record A sent (2 more sessions, 2 deleted)" \
			standby_holds a b "$N" "$(ckpt_get a pfcp_records_sent)"
		bird_a=$(t_ctl a --json show srp bgp | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["speaker_pid"])')
		T_PIDS+=("$bird_a")	# cleaned up even if it outlived its gateway
		t_log "kill -9 of the active A"
		kill -KILL "$pid_a"
		t_wait_exit "$pid_a"
		t_check "B ACTIVE" t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 30
		t_check "U's kernel routes N4 via B (A's BGP session gone)" route_via 10.98.2.1
		t_check "B's PFCP server listens" \
			sh -c "ip netns exec $T_NS_B ss -lun | grep -q '$N4:8805'"
		;;
	after_kill9)
		t_check "B: $N PFCP sessions" sx_json b "j['sessions'] == $N"
		t_check "B: show subscribers shows the PFCP part and downlink tunnel of pre-takeover session ${PAUSE[old_teid]}" \
			subs_pfcp b old
		t_check "B: show subscribers shows the PFCP part and downlink tunnel of new session ${PAUSE[new_teid]}" \
			subs_pfcp b new
		t_check "B: the $N retransmitted modifications and 2 deletions answered from the replicated answers (no second effect), the $N establishments from them or the sessions" \
			sx_json b "$procs"
		t_check "B: nothing malformed, no send failed" \
			sx_json b "j['messages']['rx_malformed'] == 0 and j['messages']['tx_failed'] == 0"
		t_ctl b show sx-service statistics
		cp "$T_DIR/a.log" "$T_DIR/a-killed.log"
		t_check "A restarts" gw_start a "$T_NS_A"
		pid_a=$T_GW_PID
		t_check "A comes back STANDBY_READY" t_srp_wait a 'j["chassis_state"] == "STANDBY_READY"' 60
		t_check "A holds all $N sessions after its full checkpoint" \
			standby_holds b a "$N" "$N"
		t_check "A (standby): show subscribers local-teid ${PAUSE[new_teid]} has its PFCP part and downlink tunnel" \
			subs_pfcp a new
		t_check "U's kernel still routes N4 via B" route_via 10.98.2.1
		;;
	before_switchover)
		t_check "A holds all $N sessions and every PFCP record B sent (2 more sessions, 2 deleted)" \
			standby_holds b a "$N" "$(ckpt_get b pfcp_records_sent)"
		t_check "planned switchover back to A starts" t_ctl b srp initiate-switchover
		t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
		t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
		t_check "U's kernel routes N4 via A again" route_via 10.98.1.1
		t_check "A's PFCP server listens, B's no longer" \
			sh -c "ip netns exec $T_NS_A ss -lun | grep -q '$N4:8805' &&
				! ip netns exec $T_NS_B ss -lun | grep -q '$N4:8805'"
		;;
	after_switchover)
		t_check "A: $N PFCP sessions" sx_json a "j['sessions'] == $N"
		t_check "A: show subscribers shows the PFCP part and downlink tunnel of session ${PAUSE[old_teid]}" \
			subs_pfcp a old
		t_check "A: show subscribers shows the PFCP part and downlink tunnel of new session ${PAUSE[new_teid]}" \
			subs_pfcp a new
		t_check "A: the $N retransmitted modifications and 2 deletions answered from the replicated answers (no second effect), the $N establishments from them or the sessions" \
			sx_json a "$procs"
		t_check "A: nothing malformed, no send failed" \
			sx_json a "j['messages']['rx_malformed'] == 0 and j['messages']['tx_failed'] == 0"
		t_check "B (standby again) follows: $N sessions" \
			standby_holds a b "$N" "$(ckpt_get a pfcp_records_sent)"
		t_ctl a show sx-service statistics
		;;
	*)
		t_check "known pause point '$name'" false
		;;
	esac
}

t_sim_run on_pause ip netns exec "$T_NS_U" /usr/bin/python3 \
	"$SRPGW_TESTS/pfcp_pair.py" --gw "$N4" --smf "$SMF" --n "$N" --k "$K" \
	--phases kill9,switchover --actives a,b,a \
	--dp "a=$T_NS_A/02:00:00:00:aa:01/02:00:00:00:cc:01,b=$T_NS_B/02:00:00:00:ab:01/02:00:00:00:cd:01"
st=$T_ST
t_check "simulator exits 0" test "$st" -eq 0

# Decode N4 as U saw it.
kill -INT "$cap_pid"
wait "$cap_pid"
n_pfcp=$(tshark -r "$cap" -Y pfcp 2>/dev/null | wc -l)
t_log "$n_pfcp PFCP frames captured on U"
t_check "capture holds the run's PFCP (at least 4 frames a session)" \
	test "$n_pfcp" -ge $((4 * N))
# answers_on LINK: PFCP messages from the N4 address U received on LINK.
answers_on() {
	tshark -r "$cap" -Y "pfcp && ip.src == $N4 && frame.interface_name == \"$1\"" \
		2>/dev/null | wc -l
}
n_a=$(answers_on upA)
n_b=$(answers_on upB)
t_log "PFCP from $N4: $n_a via A's link, $n_b via B's link"
t_check "the N4 address answered through A's link and through B's link" \
	test "$n_a" -gt 0 -a "$n_b" -gt 0
bad=$(tshark -r "$cap" -Y '_ws.malformed || _ws.expert.severity >= 6291456' \
	2>/dev/null)
t_check "tshark: no malformed frame or expert warning on N4" test -z "$bad"
[ -n "$bad" ] && printf '%s\n' "$bad" | head -20
expert=$(tshark -r "$cap" -q -z expert 2>/dev/null)
t_check "tshark -z expert: no Errors or Warns section" \
	test -z "$(grep -E '^(Errors|Warns) \(' <<<"$expert")"
[ -n "$expert" ] && printf '%s\n' "$expert"
t_finish
