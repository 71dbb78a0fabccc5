#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# srpgw-gen's own accounting against a link that drops every Nth frame:
# the generator's two af_packet ports sit on veths bridged in a network
# namespace, an nftables rule per direction drops frames 0, N, 2N, ... and
# the generator (in --reflect mode: frames come back unchanged) must report
# exactly sent/N lost per direction, nothing reordered or duplicated, and
# the loss pattern's longest run and outage.
. "$(dirname "$0")/lib.sh"
t_need_root
: "${SRPGW_GEN_BIN:?SRPGW_GEN_BIN must point to the srpgw-gen binary}"
if ! command -v nft >/dev/null; then
	t_log "SKIP: nft not installed (scripts/setup.sh installs nftables)"
	exit 77
fi

ns=srpgw-t-$$-gen
ip netns add "$ns" || { t_log "cannot create a network namespace"; exit 1; }
T_NETNS+=("$ns")
nsx() { ip netns exec "$ns" "$@"; }
acc_mac=02:00:00:00:aa:02
core_mac=02:00:00:00:cc:02
# gacc/gcore: the generator's ports; bacc/bcore: their bridged peers.
ip -n "$ns" link add gacc address $acc_mac type veth peer name bacc
ip -n "$ns" link add gcore address $core_mac type veth peer name bcore
ip -n "$ns" link add br0 type bridge
for i in gacc gcore bacc bcore br0; do
	nsx sysctl -qw "net.ipv6.conf.$i.disable_ipv6=1"
	ip -n "$ns" link set "$i" arp off
done
ip -n "$ns" link set bacc master br0
ip -n "$ns" link set bcore master br0
for i in lo gacc gcore bacc bcore br0; do
	ip -n "$ns" link set "$i" up
done

# drop_every N: (re)create the rules; each rule has its own counter, so
# the uplink (bacc -> bcore, G-PDUs to UDP 2152) and the downlink (bcore ->
# bacc, plain IP to the UE port 5000) frames are numbered separately from 0,
# and frame 0 is the first dropped. Only the generator's frames are
# numbered: anything the kernel sends on the links does not shift the count.
drop_every() {
	nsx nft delete table bridge gentest 2>/dev/null
	nsx nft -f - <<NFT
table bridge gentest {
	chain nth {
		type filter hook forward priority 0; policy accept;
		iifname "bacc" udp dport 2152 numgen inc mod $1 == 0 counter drop
		iifname "bcore" udp dport 5000 numgen inc mod $1 == 0 counter drop
	}
}
NFT
}

# dropped IFNAME: packets the rule of frames from IFNAME dropped.
dropped() {
	nsx nft -j list table bridge gentest | /usr/bin/python3 -c '
import json, sys
for o in json.load(sys.stdin)["nftables"]:
    r = o.get("rule")
    if r and any("match" in e and e["match"]["right"] == sys.argv[1] for e in r["expr"]):
        print([e["counter"]["packets"] for e in r["expr"] if "counter" in e][0])
' "$1"
}

# gen NAME ARGS...: srpgw-gen on the two veths, JSON to $T_DIR/NAME.json.
# Unicast destination MACs (each port's peer is the other port), paced.
gen() {
	local name=$1
	shift
	nsx "$SRPGW_GEN_BIN" -l 0 --no-huge -m 128 --no-pci \
		--file-prefix="srpgw-t-$$-$name" \
		--vdev=net_af_packet0,iface=gacc,qdisc_bypass=1 \
		--vdev=net_af_packet1,iface=gcore,qdisc_bypass=1 -- \
		--reflect --access-gw-mac $core_mac --core-gw-mac $acc_mac \
		--gw-addr 192.0.2.10 --peer-addr 192.0.2.20 \
		--server-addr 203.0.113.7 --ue-ipv4-pool 10.0.0.0/16 \
		--sessions 100 --rate 10000 --idle-sleep-us 20 --drain-ms 500 \
		"$@" >"$T_DIR/$name.json" 2>"$T_DIR/$name.err"
	local st=$?
	if [ "$st" -ne 0 ]; then
		t_log "srpgw-gen $name exited $st:"
		cat "$T_DIR/$name.err"
	fi
	return "$st"
}

# Reference: no rule, nothing lost.
nsx nft delete table bridge gentest 2>/dev/null
t_check "run without drops completes" gen clean --count 5000
cat "$T_DIR/clean.json"
for d in uplink downlink; do
	t_check "clean $d: all 5000 back once, in order" \
		t_json "j['$d']['sent'] == 5000 and j['$d']['received'] == 5000 and j['$d']['lost'] == 0 and j['$d']['reordered'] == 0 and j['$d']['duplicated'] == 0 and j['$d']['max_lost_run'] == 0" \
		<"$T_DIR/clean.json"
done
t_check "clean: reflect mode reported, no frame on the wrong port" \
	t_json "j['reflect'] is True and j['wrong_port'] == 0" <"$T_DIR/clean.json"

# N = 7, 100 sessions: frame k is session k mod 100, sequence k div 100;
# 7 and 100 are coprime, so every flow loses one sequence number in 7 and
# never two in a row: 10500 / 7 = 1500 lost per direction, longest run 1,
# i.e. one packet of a flow sending 10000 / 100 = 100 pps: 10 ms.
drop_every 7
t_check "run with every 7th frame dropped completes" gen nth7 --count 10500
cat "$T_DIR/nth7.json"
for d in uplink downlink; do
	t_check "nth7 $d: lost == sent / 7 == 1500" \
		t_json "j['$d']['sent'] == 10500 and j['$d']['lost'] == 1500 and j['$d']['unique'] == 9000 and j['$d']['received'] == 9000" \
		<"$T_DIR/nth7.json"
	t_check "nth7 $d: nothing reordered, duplicated or late" \
		t_json "j['$d']['reordered'] == 0 and j['$d']['duplicated'] == 0 and j['$d']['late'] == 0 and j['$d']['bad_flow'] == 0 and j['$d']['wrong_teid'] == 0" \
		<"$T_DIR/nth7.json"
	t_check "nth7 $d: longest lost run 1, outage 10 ms" \
		t_json "j['$d']['max_lost_run'] == 1 and abs(j['$d']['outage_seq_ms'] - 10.0) < 1e-6" \
		<"$T_DIR/nth7.json"
	t_check "nth7 $d: wall-clock gap shorter than the run (other flows kept arriving)" \
		t_json "0 < j['$d']['max_gap_ms'] < 1000" <"$T_DIR/nth7.json"
done
t_check "nth7: the rules dropped exactly what the generator counts lost" \
	test "$(dropped bacc) $(dropped bcore)" = "1500 1500"

# N = 10 divides the 100 sessions: frames 0, 10, 20, ... are always the
# sessions 0, 10, ..., 90, so those 10 flows lose everything (a run of
# 5000 / 100 = 50 numbers: the whole 500 ms run) and the other 90 nothing.
drop_every 10
t_check "run with every 10th frame dropped completes" gen nth10 --count 5000
cat "$T_DIR/nth10.json"
for d in uplink downlink; do
	t_check "nth10 $d: lost == sent / 10 == 500" \
		t_json "j['$d']['sent'] == 5000 and j['$d']['lost'] == 500 and j['$d']['received'] == 4500 and j['$d']['reordered'] == 0 and j['$d']['duplicated'] == 0" \
		<"$T_DIR/nth10.json"
	t_check "nth10 $d: whole flows lost: run of 50, outage 500 ms" \
		t_json "j['$d']['max_lost_run'] == 50 and abs(j['$d']['outage_seq_ms'] - 500.0) < 1e-6" \
		<"$T_DIR/nth10.json"
done
t_check "nth10: the rules dropped exactly what the generator counts lost" \
	test "$(dropped bacc) $(dropped bcore)" = "500 500"
t_finish
