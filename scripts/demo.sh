#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The main job, run as root on a fresh Debian 12 machine: installs the
# dependencies, builds srpgw, starts one gateway on virtual links (veth pairs
# in a private network namespace, af_packet ports), creates subscriber
# sessions, sends GTP-U uplink, plain IP downlink and a GTP-U echo from the
# namespace's other ends, shows what came out and the gateway's counters
# with srpgwctl, then stops it.
# (The pair + traffic generator + switchover demo grows here as the SRP,
# checkpoint and switchover issues land.)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash scripts/setup.sh
bash scripts/build.sh "$top/build"

ns=srpgw-demo-$$
sock=/tmp/srpgw-demo-$$.sock
log=/tmp/srpgw-demo-$$.log
gw_pid=
cleanup() {
	[ -n "$gw_pid" ] && kill -TERM "$gw_pid" 2>/dev/null && wait "$gw_pid" 2>/dev/null
	ip netns del "$ns" 2>/dev/null || true
	rm -f "$sock"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

step "virtual links: namespace $ns, veth acc0<->enb0 (access), core0<->dn0 (core)"
ip netns add "$ns"
ip -n "$ns" link add acc0 type veth peer name enb0 address 02:00:00:00:aa:02
ip -n "$ns" link add core0 type veth peer name dn0 address 02:00:00:00:cc:02
for i in acc0 enb0 core0 dn0; do
	ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$i.disable_ipv6=1"
done
for i in acc0 enb0 core0 dn0 lo; do ip -n "$ns" link set "$i" up; done

step "start srpgw (control lcore 0, one worker on lcore 1, --no-huge)"
ACCESS_IF=acc0 CORE_IF=core0
. drivers-cfg/af_packet.sh
# shellcheck disable=SC2086
ip netns exec "$ns" build/control/srpgw -l 0,1 --no-huge -m 512 \
	--file-prefix="srpgw-demo-$$" $SRPGW_EAL_PORTS $SRPGW_EAL_EXTRA -- \
	--config scripts/demo/gateway.cfg --ctl-socket "$sock" >"$log" 2>&1 &
gw_pid=$!
for _ in $(seq 100); do
	build/control/srpgwctl -s "$sock" show version >/dev/null 2>&1 && break
	kill -0 "$gw_pid" 2>/dev/null || { cat "$log"; exit 1; }
	sleep 0.1
done

ctl() { echo "\$ srpgwctl $*"; build/control/srpgwctl -s "$sock" "$@"; }
step "gateway state"
ctl show version
ctl show configuration srp

# The SRP peer of the demo configuration never answers: the primary takes
# the active role after the dead interval (3 s); until then its data plane
# does not answer for the srp-activate addresses. Wait at most 20 s.
step "SRP: waiting for the chassis to become active"
for _ in $(seq 100); do
	build/control/srpgwctl -s "$sock" --json show srp info 2>/dev/null |
		grep -q '"chassis_state": "ACTIVE"' && break
	sleep 0.2
done
ctl show srp info

step "two subscriber sessions (one with QFI 9) and 1000 generated ones"
ctl session create local-teid 0x100 remote-teid 0x200 peer 192.0.2.10 ue-ipv4 10.45.0.5
ctl session create local-teid 0x101 remote-teid 0x201 peer 192.0.2.10 ue-ipv4 10.45.0.6 qfi 9
ctl session generate count 1000 local-teid 0x1000 remote-teid 0x5000 peer 192.0.2.10 ue-ipv4-pool 10.46.0.0/16
ctl show subscribers summary

step "traffic: eNodeB (enb0) sends GTP-U uplink + an echo; the data network (dn0) sends downlink"
ip netns exec "$ns" /usr/bin/python3 - <<'PY'
import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import Ether, IP, UDP, Raw, sendp, AsyncSniffer
from scapy.contrib.gtp import GTP_U_Header, GTPEchoRequest
import time
enb = AsyncSniffer(iface="enb0", filter="udp port 2152")
dn = AsyncSniffer(iface="dn0", filter="ip and not udp port 2152")
enb.start(); dn.start(); time.sleep(0.5)
gw_mac = "ff:ff:ff:ff:ff:ff"
for i in range(5):
    inner = IP(src="10.45.0.5", dst="203.0.113.7") / UDP(sport=40000 + i, dport=6000) / Raw(b"uplink")
    sendp(Ether(src="02:00:00:00:aa:02", dst=gw_mac) / IP(src="192.0.2.10", dst="192.0.2.1") /
          UDP(sport=2152, dport=2152) / GTP_U_Header(teid=0x100, gtp_type=255) / inner,
          iface="enb0", verbose=0)
    sendp(Ether(src="02:00:00:00:cc:02", dst=gw_mac) / IP(src="203.0.113.7", dst="10.45.0.6") /
          UDP(sport=6000, dport=40000 + i) / Raw(b"downlink"), iface="dn0", verbose=0)
sendp(Ether(src="02:00:00:00:aa:02", dst=gw_mac) / IP(src="192.0.2.10", dst="192.0.2.1") /
      UDP(sport=2152, dport=2152) / GTP_U_Header(teid=0, gtp_type=1, S=1, seq=7) / GTPEchoRequest(),
      iface="enb0", verbose=0)
time.sleep(1.0)
got_enb = [p for p in enb.stop() if p[Ether].src != "02:00:00:00:aa:02"]
got_dn = [p for p in dn.stop() if p[Ether].src != "02:00:00:00:cc:02"]
print(f"core side (dn0) received {len(got_dn)} decapsulated uplink packets, e.g.:")
if got_dn:
    print("   ", got_dn[0].summary())
dl = [p for p in got_enb if p.haslayer(GTP_U_Header) and p[GTP_U_Header].gtp_type == 255]
echo = [p for p in got_enb if p.haslayer(GTP_U_Header) and p[GTP_U_Header].gtp_type == 2]
print(f"access side (enb0) received {len(dl)} GTP-U downlink packets, e.g.:")
if dl:
    g = dl[0][GTP_U_Header]
    print(f"    teid=0x{g.teid:x}, outer {dl[0][IP].src} -> {dl[0][IP].dst}, {dl[0].summary()}")
print(f"access side (enb0) received {len(echo)} GTP-U Echo Response(s)")
PY

step "counters"
ctl show subscribers local-teid 0x100
ctl show port statistics
ctl show dataplane statistics

step "stop srpgw with SIGTERM"
kill -TERM "$gw_pid"
wait "$gw_pid" && echo "srpgw exited cleanly"
gw_pid=
tail -n 3 "$log"
