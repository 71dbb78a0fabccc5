#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Data-path hardening end to end (issue 13), on the gateway of t_gtpu_pcap
# (af_packet ports on veth pairs, gtpu_gw.cfg) with session A:
# gen_harden_pcaps.py sends, with scapy, a valid uplink G-PDU (forwarded)
# and three that must be dropped (inner source of another UE, outer source
# not the session's peer, inner destination on the access subnet), and a
# downlink packet one byte over the access MTU once encapsulated, whose
# ICMP fragmentation needed (next-hop MTU 1464) must equal the one scapy
# builds, byte for byte. Then the drop reasons and slow-path counters.
. "$(dirname "$0")/lib.sh"
t_need_root

gen=$SRPGW_TESTS/gen_harden_pcaps.py
t_gtpu_gw "$gen"
ns=$T_NS
pid=$T_GW_PID

t_check "gateway output equals the expected pcaps" \
	ip netns exec "$ns" /usr/bin/python3 "$gen" run "$T_DIR" enb0 dn0
t_expected_counters gw "$T_DIR/expected_counters.txt"
t_check "no neighbour entry for the access host" \
	bash -c "! grep -q 192.0.2.30 <<<\"\$1\"" _ "$(t_ctl gw show ip arp)"

kill -TERM "$pid"
t_wait_exit "$pid"; st=$T_ST
t_check "clean exit after SIGTERM" test "$st" -eq 0
t_finish
