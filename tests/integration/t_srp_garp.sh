#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# L2 redirection (docs/redirection.md): two srpgw processes in namespaces A
# and B, SRP over a veth pair, their access ports (af_packet on acc0,
# MACs ...:0a and ...:0b) on one Linux bridge in a third namespace, with
# the srp-activate addresses 192.0.2.1 and 2001:db8:5::1. A host port on
# the bridge captures everything (tcpdump). Checked: after the election
# the active's gratuitous ARPs and unsolicited NAs (override, its MAC) are
# seen and the standby's never; after a planned switchover and after a
# kill -9 of the active, the new active's are seen with its MAC, and the
# host's neighbour entry of 192.0.2.1 follows.
. "$(dirname "$0")/lib.sh"
# A timeout (meson's SIGTERM) must still run lib.sh's EXIT cleanup.
trap 'exit 143' TERM INT
t_need_root
if ! command -v tcpdump >/dev/null; then
	t_log "SKIP: tcpdump is not installed (scripts/setup.sh)"
	exit 77
fi

MAC_A=02:00:00:00:aa:0a
MAC_B=02:00:00:00:aa:0b
T_NS_SW=srpgw-t-$$-sw
t_srp_netns
ip netns add "$T_NS_SW" || { t_log "cannot create a network namespace"; exit 1; }
T_NETNS+=("$T_NS_SW")
ip -n "$T_NS_SW" link add br0 type bridge
ip -n "$T_NS_SW" link set br0 up
ip -n "$T_NS_SW" link add p0 type veth peer name host0 address 02:00:00:00:aa:10
for ns in A B; do
	nsn=$([ $ns = A ] && echo "$T_NS_A" || echo "$T_NS_B")
	mac=$([ $ns = A ] && echo $MAC_A || echo $MAC_B)
	ip -n "$nsn" link add acc0 address "$mac" type veth peer name "sw$ns" \
		netns "$T_NS_SW"
	ip netns exec "$nsn" sysctl -qw net.ipv6.conf.acc0.disable_ipv6=1
	ip -n "$nsn" link set acc0 arp off
	ip -n "$nsn" link set acc0 up
	ip -n "$T_NS_SW" link set "sw$ns" master br0
	ip -n "$T_NS_SW" link set "sw$ns" up
done
ip -n "$T_NS_SW" link set p0 master br0
ip -n "$T_NS_SW" link set p0 up
ip -n "$T_NS_SW" addr add 192.0.2.10/24 dev host0
ip -n "$T_NS_SW" addr add 2001:db8:5::10/64 dev host0 nodad
ip -n "$T_NS_SW" link set host0 up

ip netns exec "$T_NS_SW" tcpdump -i host0 -U -n -w "$T_DIR/cap.pcap" \
	'arp or icmp6' >"$T_DIR/tcpdump.log" 2>&1 &
T_PIDS+=("$!")
# The gateways start only once the capture is open (bounded by count).
for _ in $(seq 600); do
	grep -q "listening on" "$T_DIR/tcpdump.log" 2>/dev/null && break
	sleep 0.1
done

for g in a b; do
	mode=$([ $g = a ] && echo "primary 10 10.99.0.1 10.99.0.2" ||
		echo "backup 20 10.99.0.2 10.99.0.1")
	# shellcheck disable=SC2086
	t_srp_cfg "$T_DIR/$g.cfg" $mode
	sed -i -e 's/dpdk-device net_null0/dpdk-device net_af_packet0/' \
		-e 's|ip address 192.0.2.1 255.255.255.0 srp-activate|&\n      ipv6 address 2001:db8:5::1/64 srp-activate|' \
		"$T_DIR/$g.cfg"
done

start_afp() {
	T_NS_EXEC="ip netns exec $2" t_gw_start "$1" "$3" -l 0,1 \
		--vdev=net_af_packet0,iface=acc0,qdisc_bypass=1 \
		--vdev=net_null1,no-rx=1 -- --idle-backoff 16:1000
	t_wait_sock "$1" "$T_GW_PID"
}

# count KIND MAC: announcements of KIND (garp|una) for the srp-activate
# addresses from MAC in the capture so far (well-formed ones only).
count() {
	/usr/bin/python3 - "$T_DIR/cap.pcap" "$1" "$2" <<'PY'
import logging, sys
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import rdpcap, Ether, ARP, IPv6, ICMPv6ND_NA, ICMPv6NDOptDstLLAddr
try:
    pkts = rdpcap(sys.argv[1])
except Exception:
    pkts = []
kind, mac, n = sys.argv[2], sys.argv[3], 0
for p in pkts:
    if p[Ether].src != mac:
        continue
    if kind == "garp" and ARP in p:
        a = p[ARP]
        if (p[Ether].dst == "ff:ff:ff:ff:ff:ff" and a.op == 1 and
                a.psrc == "192.0.2.1" and a.pdst == "192.0.2.1" and
                a.hwsrc == mac):
            n += 1
    elif kind == "una" and ICMPv6ND_NA in p:
        na = p[ICMPv6ND_NA]
        good = (p[IPv6].dst == "ff02::1" and p[IPv6].hlim == 255 and
                na.tgt == "2001:db8:5::1" and na.O == 1 and na.S == 0 and
                ICMPv6NDOptDstLLAddr in p and
                p[ICMPv6NDOptDstLLAddr].lladdr == mac)
        if good:
            # the checksum must hold: scapy recomputes it on rebuild
            c = p[ICMPv6ND_NA].cksum
            del p[ICMPv6ND_NA].cksum
            if IPv6(bytes(p[IPv6]))[ICMPv6ND_NA].cksum == c:
                n += 1
print(n)
PY
}

# at_least KIND MAC N: wait (15 s) until count KIND MAC >= N.
at_least() {
	local n
	for _ in $(seq 75); do
		n=$(count "$1" "$2")
		[ "$n" -ge "$3" ] && return 0
		sleep 0.2
	done
	t_log "$1 from $2: $n, expected >= $3"
	return 1
}

slow() {
	t_ctl "$1" --json show dataplane statistics |
		/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["slow_path"][sys.argv[1]])' "$2"
}

# neigh_is MAC: the host's neighbour entry of 192.0.2.1 has MAC (10 s).
neigh_is() {
	for _ in $(seq 50); do
		ip -n "$T_NS_SW" neigh show 192.0.2.1 dev host0 | grep -qi "lladdr $1" &&
			return 0
		sleep 0.2
	done
	t_log "neighbour entry: $(ip -n "$T_NS_SW" neigh show 192.0.2.1 dev host0)"
	return 1
}

# The host knows 192.0.2.1 at some other MAC before anything starts; a
# gratuitous ARP must move it (Linux updates an existing entry).
ip -n "$T_NS_SW" neigh replace 192.0.2.1 lladdr 02:00:00:00:00:99 dev host0 nud stale
ip netns exec "$T_NS_SW" sysctl -qw net.ipv4.conf.host0.arp_accept=1

t_check "gateway A (primary) starts" start_afp a "$T_NS_A" "$T_DIR/a.cfg"
t_check "gateway B (backup) starts" start_afp b "$T_NS_B" "$T_DIR/b.cfg"
PID_B=$T_GW_PID
t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY" and not j["dataplane_active"]'

t_check "the active's gratuitous ARPs seen (3 rounds)" at_least garp $MAC_A 3
t_check "the active's unsolicited NAs seen (3 rounds)" at_least una $MAC_A 3
t_check "the active counts garp_sent" test "$(slow a garp_sent)" -ge 3
t_check "the active counts una_sent" test "$(slow a una_sent)" -ge 3
t_check "the host's neighbour entry moved to A" neigh_is $MAC_A
sleep 1.5	# past the last round of A and any the standby might send
t_check "no gratuitous ARP from the standby" test "$(count garp $MAC_B)" -eq 0
t_check "no unsolicited NA from the standby" test "$(count una $MAC_B)" -eq 0
t_check "the standby counts none" test "$(slow b garp_sent)" -eq 0

garp_a=$(count garp $MAC_A)
t_check "planned switchover starts" t_ctl a srp initiate-switchover
t_check "B ACTIVE" t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "A STANDBY_READY" t_srp_wait a 'j["chassis_state"] == "STANDBY_READY" and not j["dataplane_active"]'
t_check "the new active's gratuitous ARPs seen with its MAC" at_least garp $MAC_B 3
t_check "the new active's unsolicited NAs seen with its MAC" at_least una $MAC_B 3
t_check "the host's neighbour entry moved to B" neigh_is $MAC_B
sleep 1.5
t_check "the new standby sent no further gratuitous ARP" \
	test "$(count garp $MAC_A)" -eq "$garp_a"

# kill -9 of the active: A takes over when the dead interval expires.
garp_b=$(count garp $MAC_B)
kill -KILL "$PID_B"
t_check "A ACTIVE after B was killed" t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 30
t_check "the survivor's gratuitous ARPs seen" at_least garp $MAC_A $((garp_a + 3))
t_check "the survivor's unsolicited NAs seen" at_least una $MAC_A 6
t_check "the host's neighbour entry moved back to A" neigh_is $MAC_A
t_check "nothing more from the killed gateway" test "$(count garp $MAC_B)" -eq "$garp_b"
t_finish
