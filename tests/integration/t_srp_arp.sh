#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The role flip reaches the workers' forwarding state: two srpgw processes
# in two network namespaces (SRP over a veth pair), each with its access
# port on af_packet over a veth in its namespace and the same srp-activate
# address 192.0.2.1. ARP requests for it are answered by the ACTIVE chassis
# only; the standby receives and ignores them. After a planned switchover
# the roles, and the answers, swap.
. "$(dirname "$0")/lib.sh"
t_need_root

t_srp_netns
for ns in "$T_NS_A" "$T_NS_B"; do
	ip -n "$ns" link add acc0 type veth peer name enb0 address 02:00:00:00:aa:02
	for i in acc0 enb0; do
		ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$i.disable_ipv6=1"
		ip -n "$ns" link set "$i" arp off
		ip -n "$ns" link set "$i" up
	done
done
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1
sed -i 's/dpdk-device net_null0/dpdk-device net_af_packet0/' "$T_DIR/a.cfg" "$T_DIR/b.cfg"

start_afp() {
	T_NS_EXEC="ip netns exec $2" t_gw_start "$1" "$3" -l 0,1 \
		--vdev=net_af_packet0,iface=acc0,qdisc_bypass=1 \
		--vdev=net_null1,no-rx=1 -- --idle-backoff 16:1000
	t_wait_sock "$1" "$T_GW_PID"
}

# arp_once NETNS: one ARP request for 192.0.2.1 from enb0.
arp_once() {
	ip netns exec "$1" /usr/bin/python3 - <<'PY'
import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import Ether, ARP, sendp
sendp(Ether(src="02:00:00:00:aa:02", dst="ff:ff:ff:ff:ff:ff") /
      ARP(op=1, hwsrc="02:00:00:00:aa:02", psrc="192.0.2.10", pdst="192.0.2.1"),
      iface="enb0", verbose=0)
PY
}

# punt NAME COUNTER: one slow-path counter of gateway NAME.
punt() {
	t_ctl "$1" --json show dataplane statistics |
		/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["slow_path"][sys.argv[1]])' "$2"
}

# arp_until NAME NETNS COUNTER MIN: send ARP requests (at most 20) until
# COUNTER of NAME reaches MIN.
arp_until() {
	local i
	for i in $(seq 20); do
		arp_once "$2"
		[ "$(punt "$1" "$3")" -ge "$4" ] && return 0
		sleep 0.5
	done
	t_log "$1: $3 = $(punt "$1" "$3"), expected >= $4"
	return 1
}

t_check "gateway A (primary) starts" start_afp a "$T_NS_A" "$T_DIR/a.cfg"
t_check "gateway B (backup) starts" start_afp b "$T_NS_B" "$T_DIR/b.cfg"
t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY" and not j["dataplane_active"]'

t_check "the active answers ARP for the srp-activate address" \
	arp_until a "$T_NS_A" arp_replies 1
t_check "the standby receives ARP requests and ignores them" \
	arp_until b "$T_NS_B" ignored 2
t_check "the standby sent no ARP reply" test "$(punt b arp_replies)" -eq 0

t_check "planned switchover starts" t_ctl a srp initiate-switchover
t_check "B ACTIVE" t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "A STANDBY_READY" t_srp_wait a 'j["chassis_state"] == "STANDBY_READY" and not j["dataplane_active"]'
replies_a=$(punt a arp_replies)
ignored_a=$(punt a ignored)
t_check "the new active answers ARP" arp_until b "$T_NS_B" arp_replies 1
t_check "the new standby ignores ARP" \
	arp_until a "$T_NS_A" ignored $((ignored_a + 2))
t_check "the new standby sent no further ARP reply" \
	test "$(punt a arp_replies)" -eq "$replies_a"
t_finish
