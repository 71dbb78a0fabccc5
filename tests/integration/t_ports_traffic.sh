#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# One gateway with af_packet ports on veth pairs inside a network namespace:
# frames sent from the far ends are polled by the worker and show up in
# "show port statistics" on the right port (worker and ethdev counters).
. "$(dirname "$0")/lib.sh"
t_need_root

t_netns_links
ns=$T_NS

cfg=$T_DIR/gw.cfg
cat >"$cfg" <<'CFG'
config
  context ingress
    interface s1u
      ip address 192.0.2.1 255.255.255.0
    #exit
    interface sgi
      ip address 198.51.100.1 255.255.255.0
    #exit
  #exit
  port ethernet 1/1
    dpdk-device net_af_packet0
    role access
    bind interface s1u ingress
    no shutdown
  #exit
  port ethernet 1/2
    dpdk-device net_af_packet1
    role core
    bind interface sgi ingress
    no shutdown
  #exit
end
CFG

t_gw_start_afp gw "$cfg"
pid=$T_GW_PID
t_check "srpgw starts on af_packet ports" t_wait_sock gw "$pid"

send() { # IFACE COUNT
	ip netns exec "$ns" /usr/bin/python3 -c '
import sys
import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import Ether, IP, UDP, Raw, sendp
p = Ether(src="02:00:00:00:00:01", dst="ff:ff:ff:ff:ff:ff") / IP(src="192.0.2.10", dst="192.0.2.1") / UDP(sport=40000, dport=2152) / Raw(b"z" * 40)
sendp([p] * int(sys.argv[2]), iface=sys.argv[1], verbose=0)
' "$1" "$2"
}
send enb0 37
send dn0 11

# Poll until the worker has seen them (bounded), then check exact counts.
for _ in $(seq 100); do
	t_ctl gw --json show port statistics >"$T_DIR/st.json"
	t_json 'j["ports"][0]["worker_rx"] >= 37 and j["ports"][1]["worker_rx"] >= 11' \
		<"$T_DIR/st.json" && break
	sleep 0.1
done
t_check "access port: worker received exactly the 37 frames sent" \
	t_json 'j["ports"][0]["worker_rx"] == 37 and j["ports"][0]["rx_packets"] == 37' <"$T_DIR/st.json"
t_check "core port: worker received exactly the 11 frames sent" \
	t_json 'j["ports"][1]["worker_rx"] == 11 and j["ports"][1]["rx_packets"] == 11' <"$T_DIR/st.json"
t_check "unhandled frames are counted as drops, none sent" \
	t_json 'j["ports"][0]["worker_drop"] == 37 and j["ports"][0]["worker_tx"] == 0' <"$T_DIR/st.json"

kill -TERM "$pid"
t_wait_exit "$pid"; st=$T_ST
t_check "clean exit after SIGTERM" test "$st" -eq 0
t_finish
