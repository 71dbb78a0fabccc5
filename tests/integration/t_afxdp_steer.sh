#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# AF_XDP with srpgw's XDP steering program on interfaces the kernel keeps:
# gateway A runs on net_af_xdp ports (xdp_prog=srpgw_xdp.bpf.o) over veths
# whose kernel side also has addresses (192.0.2.2 access, 198.51.100.2
# core); the peers (eNodeB, data network) live in a third namespace. While
# A is active: ARP for srpgw's address is answered by srpgw, GTP-U uplink
# and downlink are forwarded, and ping and a TCP connection to the kernel's
# addresses on the same interfaces keep working; "show port statistics xdp"
# counts what went where. After a switchover to B (a standby on net_null
# ports) the srp-activated address and pool leave A's maps: GTP-U is passed
# to the kernel, not redirected; after switching back it is redirected and
# forwarded again. Skips (exit 77, not a pass) without the XDP object or
# when the kernel cannot attach XDP programs.
. "$(dirname "$0")/lib.sh"
t_need_root

XDP_OBJ=${SRPGW_XDP_OBJ:-}
if [ -z "$XDP_OBJ" ] || [ ! -f "$XDP_OBJ" ]; then
	t_log "SKIP: srpgw_xdp.bpf.o not built (SRPGW_XDP_OBJ unset or missing: install clang and rebuild)"
	exit 77
fi

N=20
MAC_ACC=02:00:00:00:aa:01 MAC_ENB=02:00:00:00:aa:02
MAC_CORE=02:00:00:00:cc:01 MAC_DN=02:00:00:00:cc:02

# A (gateway, kernel addresses) and B (standby) joined by the SRP veth; P
# holds the far ends enb0 and dn0.
t_srp_netns
nsa=$T_NS_A
nsp=srpgw-t-$$-p
ip netns add "$nsp" || { t_log "cannot create a network namespace"; exit 1; }
T_NETNS+=("$nsp")
ip -n "$nsa" link add acc0 address $MAC_ACC type veth \
	peer name enb0 address $MAC_ENB netns "$nsp"
ip -n "$nsa" link add core0 address $MAC_CORE type veth \
	peer name dn0 address $MAC_DN netns "$nsp"
for ns in "$nsa" "$nsp"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
done
for i in acc0 core0; do
	ip netns exec "$nsa" sysctl -qw "net.ipv6.conf.$i.disable_ipv6=1"
done
for i in enb0 dn0; do
	ip netns exec "$nsp" sysctl -qw "net.ipv6.conf.$i.disable_ipv6=1"
done
ip -n "$nsa" addr add 192.0.2.2/24 dev acc0
ip -n "$nsa" addr add 198.51.100.2/24 dev core0
ip -n "$nsp" addr add 192.0.2.20/24 dev enb0
ip -n "$nsp" addr add 198.51.100.254/24 dev dn0
for i in acc0 core0; do ip -n "$nsa" link set "$i" up; done
for i in lo enb0 dn0; do ip -n "$nsp" link set "$i" up; done

# Can this kernel attach XDP programs at all? (generic mode, then removed)
if ! ip -n "$nsp" link set enb0 xdpgeneric obj "$XDP_OBJ" sec xdp 2>"$T_DIR/xdp.err"; then
	t_log "SKIP: this kernel cannot attach XDP programs: $(cat "$T_DIR/xdp.err")"
	exit 77
fi
ip -n "$nsp" link set enb0 xdpgeneric off

# A: the t_srp_cfg addresses and pool (the SRP digest must match B's) on
# net_af_xdp ports, static neighbours for the peers.
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "checkpoint session duration 0"
sed -e 's/dpdk-device net_null0/dpdk-device net_af_xdp0/' \
	-e 's/dpdk-device net_null1/dpdk-device net_af_xdp1/' \
	-e "s/^    ip route 0.0.0.0 0.0.0.0 198.51.100.254 sgi\$/&\n    ip arp 192.0.2.20 $MAC_ENB\n    ip arp 198.51.100.254 $MAC_DN/" \
	"$T_DIR/b.cfg" >"$T_DIR/a.cfg"
sed -i -e 's/chassis-mode backup/chassis-mode primary/' -e 's/priority 20/priority 10/' \
	-e 's/bind address 10.99.0.2/bind address 10.99.0.1/' \
	-e 's/peer-ip-address 10.99.0.1/peer-ip-address 10.99.0.2/' "$T_DIR/a.cfg"

T_NS_EXEC="ip netns exec $nsa" t_gw_start a "$T_DIR/a.cfg" -l 0,1 \
	--vdev=net_af_xdp0,iface=acc0,start_queue=0,queue_count=1,xdp_prog="$XDP_OBJ" \
	--vdev=net_af_xdp1,iface=core0,start_queue=0,queue_count=1,xdp_prog="$XDP_OBJ" -- \
	--idle-backoff 16:1000
t_check "gateway A starts on af_xdp ports with the steering program" \
	t_wait_sock a "$T_GW_PID"
t_check "gateway B (standby, net_null) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "A ACTIVE, B STANDBY_READY" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"] and j["peer"]["state"] == "STANDBY_READY"' 30
t_check "the program is attached to acc0 and core0" \
	test "$(ip -n "$nsa" -d link show | grep -c 'name srpgw_xdp_steer')" -eq 2

# xdp_get PORT FIELD: a field of "show port statistics xdp" for port index.
xdp_get() {
	t_ctl a --json show port statistics xdp | /usr/bin/python3 -c '
import json, sys
print(json.load(sys.stdin)["ports"][int(sys.argv[1])][sys.argv[2]])' "$1" "$2"
}
# xdp_wait EXPR: wait until EXPR holds on "show port statistics xdp" (j).
xdp_wait() {
	for _ in $(seq 100); do
		t_ctl a --json show port statistics xdp | t_json "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	t_log "timed out waiting for: $1; now:"
	t_ctl a show port statistics xdp
	return 1
}
# One context: both ports steer its two addresses; the pool only on core.
t_check "active: maps hold both addresses on each port, the pool on core" \
	xdp_wait 'j["ports"][0]["addresses"] == 2 and j["ports"][1]["addresses"] == 2 and j["ports"][1]["pools"] == 1 and j["ports"][0]["pools"] == 0'
# The xdp module adds its counters to the general port statistics.
t_check "show port statistics carries the XDP counters of steered ports" \
	t_json 'all("xdp_redirected" in p and "xdp_passed" in p and "xdp_dropped" in p for p in j["ports"])' \
	<<<"$(t_ctl a --json show port statistics)"

cat >"$T_DIR/peer.py" <<'PY'
# peer.py KIND N SECONDS: send N packets of KIND from the peer side and print how
# many expected packets came back (uplink/downlink forwarded by srpgw, arp
# answered for srpgw's access address).
import logging, struct, sys, threading, time
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import ARP, AsyncSniffer, Ether, IP, UDP, Raw, sendp

kind, n = sys.argv[1], int(sys.argv[2])
inner = IP(src="10.45.0.5", dst="203.0.113.9") / UDP(sport=1234, dport=5678) / Raw(b"u" * 32)
if kind == "uplink":
    raw = bytes(inner)
    gtp = struct.pack("!BBHI", 0x30, 0xff, len(raw), 0x100) + raw
    pkt = (Ether(src="02:00:00:00:aa:02", dst="02:00:00:00:aa:01") /
           IP(src="192.0.2.20", dst="192.0.2.1") / UDP(sport=2152, dport=2152) / Raw(gtp))
    tx, rx = "enb0", "dn0"
    match = lambda p: IP in p and p[IP].dst == "203.0.113.9" and p[IP].src == "10.45.0.5"
elif kind == "downlink":
    pkt = (Ether(src="02:00:00:00:cc:02", dst="02:00:00:00:cc:01") /
           IP(src="203.0.113.9", dst="10.45.0.5") / UDP(sport=5678, dport=1234) / Raw(b"d" * 32))
    tx, rx = "dn0", "enb0"
    match = lambda p: (UDP in p and p[UDP].dport == 2152 and p[IP].dst == "192.0.2.20"
                       and bytes(p[UDP].payload)[4:8] == struct.pack("!I", 0x200))
elif kind == "arp":
    pkt = (Ether(src="02:00:00:00:aa:02", dst="ff:ff:ff:ff:ff:ff") /
           ARP(op=1, hwsrc="02:00:00:00:aa:02", psrc="192.0.2.20", pdst="192.0.2.1"))
    tx, rx = "enb0", "enb0"
    match = lambda p: ARP in p and p[ARP].op == 2 and p[ARP].psrc == "192.0.2.1"
else:
    sys.exit("unknown kind " + kind)
# Send only once the sniffer's socket is open (a fixed sleep is not enough
# on a loaded machine).
ready = threading.Event()
sn = AsyncSniffer(iface=rx, store=True, lfilter=match, started_callback=ready.set)
sn.start()
if not ready.wait(60):
    sys.exit("sniffer did not start")
sendp([pkt] * n, iface=tx, inter=0.02, verbose=0)
deadline = time.time() + float(sys.argv[3])
while time.time() < deadline and len(sn.results or []) < n:
    time.sleep(0.1)
time.sleep(0.3)
sn.stop()
print(len(sn.results))
PY
# peer KIND [SECONDS]: packets that came back for N sent, waiting at most
# SECONDS (10) for all of them.
peer() { ip netns exec "$nsp" /usr/bin/python3 "$T_DIR/peer.py" "$1" $N "${2:-10}"; }

# kernel_ok: ping both kernel addresses and hold a TCP exchange with a
# listener on the access interface's kernel address.
kernel_ok() {
	ip netns exec "$nsp" ping -c 2 -i 0.2 -W 2 192.0.2.2 >/dev/null || { t_log "no ping reply from 192.0.2.2"; return 1; }
	ip netns exec "$nsp" ping -c 2 -i 0.2 -W 2 198.51.100.2 >/dev/null || { t_log "no ping reply from 198.51.100.2"; return 1; }
	ip netns exec "$nsa" /usr/bin/python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.2", 5555)); s.listen(1); s.settimeout(10)
c, _ = s.accept(); c.sendall(c.recv(64).upper()); c.close()' &
	local srv=$! out
	sleep 0.5
	out=$(ip netns exec "$nsp" /usr/bin/python3 -c '
import socket
s = socket.create_connection(("192.0.2.2", 5555), timeout=5)
s.sendall(b"hello srpgw"); print(s.recv(64).decode())')
	wait "$srv"
	[ "$out" = "HELLO SRPGW" ] || { t_log "TCP exchange got '$out'"; return 1; }
}

t_check "session created on A" \
	t_ctl a session create local-teid 0x100 remote-teid 0x200 peer 192.0.2.20 ue-ipv4 10.45.0.5
t_check "ARP for srpgw's access address answered (redirected to srpgw)" test "$(peer arp 2)" -ge 1
t_check "kernel: ping and TCP to its addresses on the same interfaces work" kernel_ok
red0=$(xdp_get 0 redirected) red1=$(xdp_get 1 redirected)
t_check "uplink: all $N GTP-U packets forwarded to the data network" test "$(peer uplink)" -eq $N
t_check "downlink: all $N packets to the UE pool forwarded as GTP-U" test "$(peer downlink)" -eq $N
t_check "access: every GTP-U packet counted as redirected" \
	xdp_wait "j['ports'][0]['redirected'] >= $red0 + $N"
t_check "core: every downlink packet counted as redirected" \
	xdp_wait "j['ports'][1]['redirected'] >= $red1 + $N"
t_check "kernel traffic counted as passed, nothing dropped" \
	xdp_wait 'j["ports"][0]["passed"] > 0 and j["ports"][1]["passed"] > 0 and j["ports"][0]["dropped"] == 0 and j["ports"][1]["dropped"] == 0'
t_check "kernel: ping and TCP still work after the GTP-U traffic" kernel_ok

# Standby: the srp-activated address and pool leave the maps.
t_check "B holds A's session" t_digest_wait a b 30
t_check "switchover A -> B" t_ctl a srp initiate-switchover
t_check "A standby, B active" \
	t_srp_wait a 'j["chassis_state"] in ("STANDBY_READY", "STANDBY_SYNCING") and not j["dataplane_active"]' 30
t_check "standby: s1u address and UE pool out of the maps, sgi address kept" \
	xdp_wait 'j["ports"][0]["addresses"] == 1 and j["ports"][1]["addresses"] == 1 and j["ports"][1]["pools"] == 0 and j["ports"][0]["addresses_configured"] == 2 and j["ports"][1]["pools_configured"] == 1'
red0=$(xdp_get 0 redirected) pass0=$(xdp_get 0 passed)
red1=$(xdp_get 1 redirected) pass1=$(xdp_get 1 passed)
t_check "standby: no uplink forwarded" test "$(peer uplink 1)" -eq 0
t_check "standby: no downlink forwarded" test "$(peer downlink 1)" -eq 0
t_check "standby: GTP-U to the s1u address passed to the kernel, not redirected" \
	xdp_wait "j['ports'][0]['redirected'] == $red0 and j['ports'][0]['passed'] >= $pass0 + $N"
t_check "standby: packets to the pool passed to the kernel, not redirected" \
	xdp_wait "j['ports'][1]['redirected'] == $red1 and j['ports'][1]['passed'] >= $pass1 + $N"
t_check "kernel: ping and TCP work on the standby" kernel_ok

# Back to active: redirected and forwarded again.
t_check "A holds B's session again" t_digest_wait b a 30
t_check "A STANDBY_READY" t_srp_wait a 'j["chassis_state"] == "STANDBY_READY"' 30
t_check "switchover B -> A" t_ctl b srp initiate-switchover
t_check "A ACTIVE again" t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 30
t_check "active again: maps hold the s1u address and the pool" \
	xdp_wait 'j["ports"][0]["addresses"] == 2 and j["ports"][1]["addresses"] == 2 and j["ports"][1]["pools"] == 1'
t_check "active again: uplink forwarded" test "$(peer uplink)" -eq $N
t_check "active again: downlink forwarded" test "$(peer downlink)" -eq $N

t_check "A stops cleanly" kill -TERM "${T_PIDS[0]}"
t_wait_exit "${T_PIDS[0]}"
t_check "clean exit after SIGTERM" test "$T_ST" -eq 0
t_check "the program is removed from acc0 and core0" \
	test "$(ip -n "$nsa" -d link show | grep -c 'name srpgw_xdp_steer')" -eq 0
t_finish
