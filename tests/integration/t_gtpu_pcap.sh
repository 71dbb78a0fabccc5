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
t_gtpu_gw "$gen"
ns=$T_NS
pid=$T_GW_PID
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

t_expected_counters gw "$T_DIR/expected_counters.txt"
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
