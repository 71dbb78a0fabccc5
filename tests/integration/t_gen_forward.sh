#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# srpgw-gen against a gateway on memif links: 1000 generated sessions,
# uplink and downlink at a modest rate, first over IPv4 then over IPv6
# (outer and inner); every packet sent must come back once and in order,
# and a session removed from the gateway shows up as exactly its lost packets.
. "$(dirname "$0")/lib.sh"
t_need_root
: "${SRPGW_GEN_BIN:?SRPGW_GEN_BIN must point to the srpgw-gen binary}"

acc_sock=$T_DIR/access.sock
core_sock=$T_DIR/core.sock
gw_acc_mac=02:00:00:00:aa:01
gw_core_mac=02:00:00:00:cc:01
gen_acc_mac=02:00:00:00:aa:02
gen_core_mac=02:00:00:00:cc:02

cfg=$T_DIR/gw.cfg
cat >"$cfg" <<CFG
config
  context access
    interface s1u loopback
      ip address 192.0.2.10/32
      ipv6 address 2001:db8:a::10/128
    #exit
    interface access-port
      ip address 192.0.2.1 255.255.255.0
      ipv6 address 2001:db8:a:1::1/64
    #exit
    ip arp 192.0.2.20 $gen_acc_mac
    ipv6 neighbor 2001:db8:a:1::20 $gen_acc_mac
  #exit
  context core
    interface sgi
      ip address 198.51.100.1 255.255.255.0
      ipv6 address 2001:db8:c::1/64
    #exit
    ip route 0.0.0.0 0.0.0.0 198.51.100.254 sgi
    ip arp 198.51.100.254 $gen_core_mac
    ipv6 route ::/0 2001:db8:c::fe sgi
    ipv6 neighbor 2001:db8:c::fe $gen_core_mac
  #exit
  port ethernet 1/1
    dpdk-device net_memif0
    role access
    bind interface access-port access
    no shutdown
  #exit
  port ethernet 1/2
    dpdk-device net_memif1
    role core
    bind interface sgi core
    no shutdown
  #exit
  dataplane
    max-sessions 4096
  #exit
end
CFG

t_gw_start gw "$cfg" -l 0,1 \
	--vdev="net_memif0,role=server,id=0,socket=$acc_sock,mac=$gw_acc_mac" \
	--vdev="net_memif1,role=server,id=0,socket=$core_sock,mac=$gw_core_mac" \
	-- --idle-backoff 32:100
pid=$T_GW_PID
t_check "srpgw starts with two memif server ports" t_wait_sock gw "$pid"

# gen NAME APP_ARGS...: run srpgw-gen as memif client, JSON to $T_DIR/NAME.json.
gen() {
	local name=$1
	shift
	"$SRPGW_GEN_BIN" -l 1 --no-huge -m 128 --no-pci \
		--file-prefix="srpgw-t-$$-$name" \
		--vdev="net_memif0,role=client,id=0,socket=$acc_sock,mac=$gen_acc_mac" \
		--vdev="net_memif1,role=client,id=0,socket=$core_sock,mac=$gen_core_mac" \
		-- --access-gw-mac "$gw_acc_mac" --core-gw-mac "$gw_core_mac" \
		--sessions 1000 --rate 10000 --duration 2 --dir both \
		--idle-sleep-us 50 --drain-ms 300 "$@" \
		>"$T_DIR/$name.json" 2>"$T_DIR/$name.err"
	local st=$?
	if [ "$st" -ne 0 ]; then
		t_log "srpgw-gen $name exited $st:"
		cat "$T_DIR/$name.err"
	fi
	return "$st"
}

# check_run NAME: per direction everything sent came back once, in order.
check_run() {
	local name=$1 d
	cat "$T_DIR/$name.json"
	for d in uplink downlink; do
		t_check "$name $d: packets sent" \
			t_json "j['$d']['sent'] >= 10000" <"$T_DIR/$name.json"
		t_check "$name $d: received == sent, none lost" \
			t_json "j['$d']['received'] == j['$d']['sent'] and j['$d']['unique'] == j['$d']['sent'] and j['$d']['lost'] == 0" \
			<"$T_DIR/$name.json"
		t_check "$name $d: none reordered or duplicated" \
			t_json "j['$d']['reordered'] == 0 and j['$d']['duplicated'] == 0 and j['$d']['max_lost_run'] == 0 and j['$d']['wrong_teid'] == 0" \
			<"$T_DIR/$name.json"
	done
}

t_check "1000 IPv4 sessions generated" \
	t_ctl gw session generate count 1000 local-teid 1 remote-teid 1 \
	peer 192.0.2.20 ue-ipv4-pool 10.0.0.0/16
t_check "IPv4 run completes" gen v4 --gw-addr 192.0.2.10 \
	--peer-addr 192.0.2.20 --server-addr 203.0.113.7 \
	--ue-ipv4-pool 10.0.0.0/16 --csv "$T_DIR/v4.csv"
check_run v4
# The time series (10 ms buckets, in pps) adds up to what was received.
csv_sum() {
	/usr/bin/python3 -c '
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
j = json.load(open(sys.argv[2]))
ok = len(rows) >= 200 and all(
    sum(int(r[d + "_pps"]) for r in rows) == j[d]["received"] * 100
    for d in ("uplink", "downlink"))
sys.exit(0 if ok else 1)
' "$T_DIR/v4.csv" "$T_DIR/v4.json"
}
t_check "v4 CSV series covers the run and sums to the received counts" csv_sum

# Loss detection: without session 0 (local TEID 1) each direction loses
# exactly that flow's packets, one run of 5 numbers (5000 / 1000 sessions),
# which at 10 pps per flow is a 500 ms outage.
t_check "session of local-teid 1 deleted" t_ctl gw session delete local-teid 1
t_check "IPv4 run with a missing session completes" gen v4loss \
	--gw-addr 192.0.2.10 --peer-addr 192.0.2.20 --server-addr 203.0.113.7 \
	--ue-ipv4-pool 10.0.0.0/16 --count 5000
cat "$T_DIR/v4loss.json"
for d in uplink downlink; do
	t_check "v4loss $d: the missing session's 5 packets lost, others received" \
		t_json "j['$d']['sent'] == 5000 and j['$d']['received'] == 4995 and j['$d']['lost'] == 5" \
		<"$T_DIR/v4loss.json"
	t_check "v4loss $d: longest lost run 5, outage 500 ms" \
		t_json "j['$d']['max_lost_run'] == 5 and j['$d']['outage_seq_ms'] == 500 and j['$d']['reordered'] == 0" \
		<"$T_DIR/v4loss.json"
done

t_check "sessions deleted" t_ctl gw session delete all
t_check "1000 IPv6 sessions generated" \
	t_ctl gw session generate count 1000 local-teid 0x1000 \
	remote-teid 0x2000 peer 2001:db8:a:1::20 ue-ipv4-pool 10.1.0.0/16 \
	ue-ipv6-pool 2001:db8:100::/48
t_check "IPv6 run completes" gen v6 --gw-addr 2001:db8:a::10 \
	--peer-addr 2001:db8:a:1::20 --server-addr 2001:db8:5::7 \
	--ue-ipv6-pool 2001:db8:100::/48 --local-teid 0x1000 \
	--remote-teid 0x2000 --size 200
check_run v6

t_check "gateway still running" kill -0 "$pid"
kill -TERM "$pid"
t_wait_exit "$pid"; st=$T_ST
t_check "clean exit after SIGTERM" test "$st" -eq 0
t_finish
