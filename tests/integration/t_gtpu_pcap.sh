#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# GTP-U forwarding end to end: one gateway with af_packet ports on veth pairs
# in a network namespace, static neighbours, two sessions created with
# srpgwctl; gen_gtpu_pcaps.py writes the input and expected pcaps, sends the
# input frames from the far ends once the sessions exist, captures what the
# gateway sends and compares byte for byte (uplink v4/v6 in v4/v6, downlink
# for each, echo and Error Indication for an unknown TEID over IPv4 and
# IPv6, ARP, NA, ICMP and ICMPv6 echo replies). Error Indications received
# from the peer over IPv4 and IPv6 mark sessions A and B; two naming no
# session mark nothing. Then the counters: end markers (v4, v6) consumed,
# malformed packets dropped by reason, slow-path answers and marks.
#
# Why veth + af_packet and not net_pcap rx_pcap: net_pcap replays its file as
# soon as the port starts, before any session can be created through the
# control API; sending from the far end of a veth after "session create"
# keeps the order under the test's control.
. "$(dirname "$0")/lib.sh"
t_need_root

gen=$SRPGW_TESTS/gen_gtpu_pcaps.py
t_netns_links
ns=$T_NS

cfg=$T_DIR/gw.cfg
cat >"$cfg" <<'CFG'
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
    ip arp 192.0.2.20 02:00:00:00:aa:02
    ipv6 neighbor 2001:db8:a:1::20 02:00:00:00:aa:02
  #exit
  context core
    interface sgi
      ip address 198.51.100.1 255.255.255.0
      ipv6 address 2001:db8:c::1/64
    #exit
    ip route 0.0.0.0 0.0.0.0 198.51.100.254 sgi
    ip arp 198.51.100.254 02:00:00:00:cc:02
    ipv6 route ::/0 2001:db8:c::fe sgi
    ipv6 neighbor 2001:db8:c::fe 02:00:00:00:cc:02
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
    max-sessions 4096
  #exit
end
CFG

t_check "pcaps generated" /usr/bin/python3 "$gen" gen "$T_DIR"

t_gw_start_afp gw "$cfg"
pid=$T_GW_PID
t_check "srpgw starts on af_packet ports" t_wait_sock gw "$pid"

t_check "session A created (IPv4 peer, UE v4 + v6 /64)" \
	t_ctl gw session create local-teid 0x100 remote-teid 0x200 \
	peer 192.0.2.20 ue-ipv4 10.45.0.5 ue-ipv6 2001:db8:45:5::/64
t_check "session B created (IPv6 peer, QFI 9)" \
	t_ctl gw session create local-teid 0x101 remote-teid 0x201 \
	peer 2001:db8:a:1::20 ue-ipv4 10.45.0.6 ue-ipv6 2001:db8:45:6::/64 \
	qfi 9

t_check "routes listed" grep -q "198.51.100.254" <<<"$(t_ctl gw show ip route)"
t_check "static neighbours listed" \
	grep -q "02:00:00:00:aa:02" <<<"$(t_ctl gw show ip arp)"

# sess_err_ind TEID true|false: the session's Error Indication mark.
sess_err_ind() {
	t_ctl gw --json show subscribers local-teid "$1" | t_json \
		"j['error_indication'] is $2"
}
t_check "session A not marked before any Error Indication" \
	sess_err_ind 0x100 False
t_check "session B not marked before any Error Indication" \
	sess_err_ind 0x101 False

t_check "gateway output equals the expected pcaps" \
	ip netns exec "$ns" /usr/bin/python3 "$gen" run "$T_DIR" enb0 dn0

t_ctl gw --json show dataplane statistics >"$T_DIR/st.json"
while read -r kind name want; do
	case $kind in
	counter) expr="j['counters']['$name'] == $want" ;;
	slow_path) expr="j['slow_path']['$name'] == $want" ;;
	drop) expr="[d['packets'] for d in j['drops'] if d['reason'] == '$name'] == [$want]" ;;
	*) expr=False ;;	# a line of unknown kind fails
	esac
	t_check "$kind $name = $want" t_json "$expr" <"$T_DIR/st.json"
done <"$T_DIR/expected_counters.txt"
t_check "session A marked by the Error Indication over IPv4" \
	sess_err_ind 0x100 True
t_check "session B marked by the Error Indication over IPv6" \
	sess_err_ind 0x101 True
t_check "summary counts two marked sessions" \
	t_json "j['error_indication_marked'] == 2" \
	<<<"$(t_ctl gw --json show subscribers summary)"

kill -TERM "$pid"
t_wait_exit "$pid"; st=$T_ST
t_check "clean exit after SIGTERM" test "$st" -eq 0
t_finish
