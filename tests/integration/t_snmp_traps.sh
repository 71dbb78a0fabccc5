#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Alarms as SNMPv2c traps (docs/alarms.md) to Debian's snmptrapd: an SRP
# pair (namespaces A, B) and a third namespace R bridging both to
# FreeRADIUS (10.98.0.10, the AAA monitor's target) and to two trap
# receivers on 10.98.0.20: snmptrapd on port 162 accepting community
# "srpgw-nms" (both gateways' target, with the MIB loaded so that it
# prints trap names), and a second snmptrapd on port 10163 accepting the
# same community, to which B alone sends with a wrong one. B suppresses
# starSRPConnUp. Events: the election, an AAA failure (FreeRADIUS
# stopped) and the switchover it causes, the AAA recovery, a peer loss
# (kill -9 of the active B) and A's takeover. Checked: the receiver's log
# (names, varbinds, sender), show snmp trap history / statistics, the
# gateway log, nothing logged by the receiver that the wrong community
# reaches, nothing from A to that receiver, tshark decoding every captured
# datagram as SNMP without a malformed one.
. "$(dirname "$0")/lib.sh"
t_need_root
for p in freeradius snmptrapd tshark dumpcap; do
	if ! command -v "$p" >/dev/null; then
		t_log "SKIP: $p is not installed (scripts/setup.sh)"
		exit 77
	fi
done

SECRET=testing123
RAD=10.98.0.10
NMS=10.98.0.20
COMM=srpgw-nms
MIBS=$(cd "$(dirname "$0")/../../mib" && pwd)

t_srp_netns
T_NS_R=srpgw-t-$$-r
ip netns add "$T_NS_R" || { t_log "cannot create a network namespace"; exit 1; }
T_NETNS+=("$T_NS_R")
ip -n "$T_NS_R" link set lo up
ip -n "$T_NS_R" link add br0 type bridge
ip -n "$T_NS_R" addr add "$RAD/24" dev br0
ip -n "$T_NS_R" addr add "$NMS/24" dev br0
ip -n "$T_NS_R" link set br0 up
for x in a b; do
	ns=$T_NS_A
	[ "$x" = b ] && ns=$T_NS_B
	ip -n "$ns" link add aaa0 type veth peer name r$x netns "$T_NS_R"
	ip -n "$T_NS_R" link set r$x master br0 up
	ip -n "$ns" addr add "10.98.0.$([ "$x" = a ] && echo 1 || echo 2)/24" dev aaa0
	ip -n "$ns" link set aaa0 up
done

# FreeRADIUS: a copy of the packaged configuration, run as root in R.
raddb=$T_DIR/raddb
cp -a /etc/freeradius/3.0 "$raddb"
sed -i -e 's/^\s*user = freerad/#&/' -e 's/^\s*group = freerad/#&/' \
	"$raddb/radiusd.conf"
cat >"$raddb/clients.conf" <<EOF
client gateways {
	ipaddr = 10.98.0.0/24
	secret = $SECRET
}
EOF
printf 'srpgw-probe Cleartext-Password := "srpgw-probe"\n' \
	>"$raddb/mods-config/files/authorize"
RAD_PID=
rad_start() {
	ip netns exec "$T_NS_R" freeradius -X -d "$raddb" >>"$T_DIR/rad.log" 2>&1 &
	RAD_PID=$!
	T_PIDS+=("$RAD_PID")
	for _ in $(seq 100); do
		grep -q "Ready to process requests" "$T_DIR/rad.log" 2>/dev/null &&
			return 0
		kill -0 "$RAD_PID" 2>/dev/null || break
		sleep 0.1
	done
	tail -20 "$T_DIR/rad.log"
	return 1
}
rad_stop() {
	kill -TERM "$RAD_PID"
	t_wait_exit "$RAD_PID"
	: >"$T_DIR/rad.log"
}

# trapd_start NAME PORT: snmptrapd in R on NMS:PORT with only its own
# configuration (-C): log the traps of community COMM, nothing else.
trapd_start() {
	local name=$1 port=$2
	printf 'authCommunity log %s\n' "$COMM" >"$T_DIR/$name.conf"
	ip netns exec "$T_NS_R" snmptrapd -f -C -c "$T_DIR/$name.conf" -n \
		-m ALL -M "+:$MIBS" -Lf "$T_DIR/$name.log" \
		"udp:$NMS:$port" >"$T_DIR/$name.err" 2>&1 &
	T_PIDS+=("$!")
	for _ in $(seq 100); do
		grep -q "NET-SNMP version" "$T_DIR/$name.log" 2>/dev/null &&
			return 0
		sleep 0.1
	done
	cat "$T_DIR/$name.err"
	return 1
}

# trap_seen LOG SENDER NAME [TEXT...]: LOG (snmptrapd's) holds a trap from
# SENDER whose snmpTrapOID is NAME and whose varbinds contain each TEXT.
trap_seen() {
	/usr/bin/python3 - "$@" <<'PY'
import re, sys
log, sender, name, texts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
recs = re.split(r'\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d )', open(log).read())
oid = re.compile(r'OID: SRPGW-SRP-MIB::%s(\s|$)' % re.escape(name))
for r in recs:
    if ('[%s]:' % sender) in r and oid.search(r) and all(t in r for t in texts):
        sys.exit(0)
sys.exit(1)
PY
}

# trap_wait LOG SENDER NAME [TEXT...]: poll trap_seen, at most 150 times.
trap_wait() {
	for _ in $(seq 150); do
		trap_seen "$@" && return 0
		sleep 0.2
	done
	t_log "no trap $3 from $2 in $1:"
	cat "$1"
	return 1
}

# gw_pid NETNS: the srpgw process running in NETNS.
gw_pid() {
	local p
	for p in $(ip netns pids "$1"); do
		if [ "$(readlink "/proc/$p/exe")" = "$(readlink -f "$SRPGW_BIN")" ]; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

srp_lines=("monitor authentication-probe context aaa $RAD port 1812")
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 "${srp_lines[@]}"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "${srp_lines[@]}"
for f in "$T_DIR/a.cfg" "$T_DIR/b.cfg"; do
	sed -i "/^  port ethernet 1\/1\$/i\\
  context aaa\\
    radius server $RAD key $SECRET port 1812\\
    radius timeout 1\\
    radius max-retries 2\\
    radius probe-interval 1\\
  #exit\\
  snmp target nms $NMS community $COMM" "$f"
done
sed -i "/^  snmp target nms/a\\
  snmp target lab $NMS port 10163 community not-the-community\\
  snmp trap suppress starSRPConnUp" "$T_DIR/b.cfg"

t_check "snmptrapd (port 162) starts in R" trapd_start trapd 162
t_check "snmptrapd (port 10163) starts in R" trapd_start trapd2 10163
t_check "capture of the trap ports in R starts" \
	t_dumpcap "$T_NS_R" "$T_DIR/traps.pcapng" -i br0 -f "udp port 162 or udp port 10163"
t_check "FreeRADIUS starts in its namespace" rad_start
t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "A becomes ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE"'
t_check "B becomes STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'

TL=$T_DIR/trapd.log
t_check "trap starSRPActive from A (state ACTIVE, cause election)" \
	trap_wait "$TL" 10.98.0.1 starSRPActive 'srpgwSrpState.0 = STRING: "ACTIVE"' \
	'srpgwSrpCause.0 = STRING: "election"'
t_check "trap starSRPConnUp from A names the peer" \
	trap_wait "$TL" 10.98.0.1 starSRPConnUp 'srpgwSrpPeer.0 = STRING: "10.99.0.2"'
t_check "trap starSRPStandby from B" \
	trap_wait "$TL" 10.98.0.2 starSRPStandby 'srpgwSrpState.0 = STRING: "STANDBY'
t_check "the election is no switchover: none in A's history" \
	t_srp_json a '"starSRPSwitchoverInitiated" not in [h["trap"] for h in j["history"]] and j["traps_raised"] >= 2' \
	show snmp trap history
t_check "B: starSRPConnUp suppressed: raised, not sent" \
	t_srp_json b '[t for t in j["traps"] if t["name"] == "starSRPConnUp" and t["raised"] >= 1 and t["suppressed"] == t["raised"] and t["sent"] == 0 and not t["enabled"]]' \
	show snmp trap statistics
t_check "B: the suppressed starSRPConnUp is in its history" \
	grep -q starSRPConnUp <<<"$(t_ctl b show snmp trap history)"
t_check "the receiver has no starSRPConnUp from B" \
	test -z "$(grep -A1 '\[10.98.0.2\]' "$TL" | grep starSRPConnUp)"

# AAA failure on the active: trap, then the switchover it causes.
rad_stop
t_check "trap starSRPAAAUnreachable from A names the AAA target" \
	trap_wait "$TL" 10.98.0.1 starSRPAAAUnreachable \
	"srpgwSrpTarget.0 = STRING: \"aaa $RAD port 1812\""
t_check "show snmp trap history on A: starSRPAAAUnreachable and its target" \
	grep -q "starSRPAAAUnreachable, .*target aaa $RAD port 1812" \
	<<<"$(t_ctl a show snmp trap history)"
t_check "B takes over (AAA failure on A): ACTIVE" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "trap starSRPSwitchoverInitiated from A (it asks), cause monitor" \
	trap_wait "$TL" 10.98.0.1 starSRPSwitchoverInitiated 'srpgwSrpCause.0 = STRING: "monitor"'
t_check "trap starSRPSwitchoverInitiated from B, cause monitor" \
	trap_wait "$TL" 10.98.0.2 starSRPSwitchoverInitiated 'srpgwSrpCause.0 = STRING: "monitor"'
t_check "trap starSRPActive from B, cause monitor" \
	trap_wait "$TL" 10.98.0.2 starSRPActive 'srpgwSrpState.0 = STRING: "ACTIVE"' \
	'srpgwSrpCause.0 = STRING: "monitor"'
t_check "trap starSRPStandby from A" trap_wait "$TL" 10.98.0.1 starSRPStandby

# The new active probes FreeRADIUS (still down), fails, then recovers.
t_check "trap starSRPAAAUnreachable from B" \
	trap_wait "$TL" 10.98.0.2 starSRPAAAUnreachable
t_check "FreeRADIUS restarts" rad_start
t_check "trap starSRPAAAReachable from B" \
	trap_wait "$TL" 10.98.0.2 starSRPAAAReachable "srpgwSrpTarget.0 = STRING: \"aaa $RAD port 1812\""
t_check "A is STANDBY_READY" t_srp_wait a 'j["chassis_state"] == "STANDBY_READY"' 60

# Peer loss: kill -9 of the active B; A takes over.
b_pid=$(gw_pid "$T_NS_B")
t_check "B's srpgw process found" test -n "$b_pid"
[ -n "$b_pid" ] && kill -KILL "$b_pid"
t_check "trap starSRPConnDown from A names the lost peer" \
	trap_wait "$TL" 10.98.0.1 starSRPConnDown 'srpgwSrpPeer.0 = STRING: "10.99.0.2"'
t_check "A takes over: ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE"' 30
t_check "trap starSRPSwitchoverInitiated from A, cause dead-peer" \
	trap_wait "$TL" 10.98.0.1 starSRPSwitchoverInitiated 'srpgwSrpCause.0 = STRING: "dead-peer"'
t_check "trap starSRPActive from A, cause dead-peer" \
	trap_wait "$TL" 10.98.0.1 starSRPActive 'srpgwSrpCause.0 = STRING: "dead-peer"'
t_check "A's history (JSON): newest last, UTC stamps, varbinds" \
	t_srp_json a '[h["trap"] for h in j["history"]][-1] == "starSRPActive" and "starSRPConnDown" in [h["trap"] for h in j["history"]][-4:] and j["history"][-1]["varbinds"]["cause"] == "dead-peer" and j["history"][-1]["time"].endswith("Z")' \
	show snmp trap history
t_check "A's statistics: sent, no send error, no drop" \
	t_srp_json a 'j["traps_sent"] >= 8 and j["send_errors"] == 0 and j["queue_drops"] == 0 and j["targets"][0]["port"] == 162' \
	show snmp trap statistics
t_check "show snmp trap statistics never shows the community" \
	test -z "$(t_ctl a show snmp trap statistics | grep -e "$COMM")"
t_check "the gateway log has the ALARM line of the AAA failure" \
	grep -q "ALARM: starSRPAAAUnreachable: cause .*target aaa $RAD port 1812" "$T_DIR/a.log"
t_ctl a show snmp trap history extra >/dev/null 2>&1
t_check "'show snmp trap history extra' is refused" test $? -ne 0

# The wrong community reached the second receiver, which logged nothing.
kill -TERM "$T_CAP_PID"
t_wait_exit "$T_CAP_PID"
TS=(tshark -r "$T_DIR/traps.pcapng" -d udp.port==10163,snmp)
n_all=$("${TS[@]}" 2>/dev/null | wc -l)
n_snmp=$("${TS[@]}" -Y 'snmp.snmpV2_trap_element' 2>/dev/null | wc -l)
n_bad=$("${TS[@]}" -Y '_ws.malformed || _ws.expert.severity >= 6291456' 2>/dev/null | wc -l)
n_wrong=$("${TS[@]}" -Y 'udp.dstport == 10163 && snmp.community == "not-the-community"' 2>/dev/null | wc -l)
n_a_lab=$("${TS[@]}" -Y 'ip.src == 10.98.0.1 && udp.dstport == 10163' 2>/dev/null | wc -l)
t_log "captured $n_all datagrams: $n_snmp SNMPv2 traps, $n_bad malformed or warned, $n_wrong to 10163 with the wrong community, $n_a_lab from A to 10163"
t_check "every captured datagram decodes as an SNMPv2 trap" \
	test "$n_all" -gt 0 -a "$n_snmp" -eq "$n_all"
t_check "tshark flags no malformed trap" test "$n_bad" -eq 0
t_check "tshark decodes the AAA trap's OID" \
	test "$("${TS[@]}" -Y 'snmp.value.oid == 1.3.6.1.4.1.32473.1.0.9' 2>/dev/null | wc -l)" -gt 0
t_check "B sent traps with the wrong community to port 10163" test "$n_wrong" -gt 0
t_check "their receiver logged none of them" \
	test -z "$(grep starSRP "$T_DIR/trapd2.log")"
t_check "A, without a target there, sent nothing to port 10163" test "$n_a_lab" -eq 0
t_finish
