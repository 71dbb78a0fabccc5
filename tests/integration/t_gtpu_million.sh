#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# One million sessions: generated through the control API, then uplink and
# downlink GTP-U for the first, a middle and the last session are forwarded
# (per-session counters), and deleting them all returns the count to zero.
. "$(dirname "$0")/lib.sh"
t_need_root

t_netns_links
ns=$T_NS

cfg=$T_DIR/gw.cfg
cat >"$cfg" <<'CFG'
config
  context access
    interface access-port
      ip address 192.0.2.1 255.255.255.0
    #exit
    ip arp 192.0.2.20 02:00:00:00:aa:02
  #exit
  context core
    interface sgi
      ip address 198.51.100.1 255.255.255.0
    #exit
    ip route 0.0.0.0 0.0.0.0 198.51.100.254 sgi
    ip arp 198.51.100.254 02:00:00:00:cc:02
  #exit
  port ethernet 1/1
    dpdk-device net_af_packet0
    role access
    bind interface access-port access
    no shutdown
  #exit
  port ethernet 1/2
    dpdk-device net_af_packet1
    role core
    bind interface sgi core
    no shutdown
  #exit
  dataplane
    max-sessions 1048576
  #exit
end
CFG

T_EAL_MEM=1024
t_gw_start_afp gw "$cfg"
pid=$T_GW_PID
t_check "srpgw starts with a 1M-session table" t_wait_sock gw "$pid"

t_check "1,000,000 sessions generated" \
	t_ctl gw -t 300 session generate count 1000000 local-teid 1 \
	remote-teid 0x10000001 peer 192.0.2.20 ue-ipv4-pool 10.0.0.0/8
t_check "summary counts 1,000,000 subscribers" \
	t_json 'j["total_subscribers"] == 1000000' \
	<<<"$(t_ctl gw --json show subscribers summary)"

# Session i (1-based TEID i) has UE 10.0.0.0 + i.
send() {
	ip netns exec "$ns" /usr/bin/python3 - "$@" <<'PY'
import logging, sys, ipaddress
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import Ether, IP, UDP, Raw, sendp
from scapy.contrib.gtp import GTP_U_Header
for teid in map(int, sys.argv[1:]):
    ue = str(ipaddress.IPv4Address("10.0.0.0") + teid)
    inner = IP(src=ue, dst="203.0.113.7") / UDP(sport=1000, dport=2000) / Raw(b"u" * 20)
    ul = (Ether(src="02:00:00:00:aa:02", dst="ff:ff:ff:ff:ff:ff") /
          IP(src="192.0.2.20", dst="192.0.2.1") / UDP(sport=2152, dport=2152) /
          GTP_U_Header(teid=teid, gtp_type=255) / inner)
    dl = (Ether(src="02:00:00:00:cc:02", dst="ff:ff:ff:ff:ff:ff") /
          IP(src="203.0.113.7", dst=ue) / UDP(sport=2000, dport=1000) / Raw(b"d" * 20))
    sendp([ul], iface="enb0", verbose=0)
    sendp([dl], iface="dn0", verbose=0)
PY
}
send 1 500000 1000000

for teid in 1 500000 1000000; do
	for _ in $(seq 100); do
		t_ctl gw --json show subscribers local-teid "$teid" >"$T_DIR/s.json"
		t_json 'j["uplink_packets"] >= 1 and j["downlink_packets"] >= 1' \
			<"$T_DIR/s.json" && break
		sleep 0.1
	done
	t_check "session $teid: one uplink and one downlink packet forwarded" \
		t_json 'j["uplink_packets"] == 1 and j["downlink_packets"] == 1' \
		<"$T_DIR/s.json"
done

t_check "all sessions deleted" t_ctl gw -t 300 session delete all
t_check "summary counts 0 subscribers" \
	t_json 'j["total_subscribers"] == 0' \
	<<<"$(t_ctl gw --json show subscribers summary)"

kill -TERM "$pid"
t_wait_exit "$pid"; st=$T_ST
t_check "clean exit after SIGTERM" test "$st" -eq 0
t_finish
