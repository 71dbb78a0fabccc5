#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The main job, run as root on a fresh Debian 12 machine: installs the
# dependencies, builds srpgw, starts one gateway on virtual links (veth pairs
# in a private network namespace, af_packet ports), sends it traffic from the
# namespace's other ends and shows its state with srpgwctl, then stops it.
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
ip -n "$ns" link add acc0 type veth peer name enb0
ip -n "$ns" link add core0 type veth peer name dn0
for i in acc0 enb0 core0 dn0 lo; do ip -n "$ns" link set "$i" up; done
ip -n "$ns" addr add 192.0.2.10/24 dev enb0
ip -n "$ns" addr add 198.51.100.254/24 dev dn0

step "start srpgw (control lcore 0, one worker on lcore 1, --no-huge)"
ACCESS_IF=acc0 CORE_IF=core0
. drivers-cfg/af_packet.sh
# shellcheck disable=SC2086
ip netns exec "$ns" build/control/srpgw -l 0,1 --no-huge -m 256 \
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

step "traffic: 20 UDP packets from the access side, 20 from the core side"
/usr/bin/python3 - "$ns" <<'PY'
import sys, subprocess
# scapy is used inside the namespace through ip netns exec.
code = r'''
import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import Ether, IP, UDP, Raw, sendp
sendp([Ether(dst="ff:ff:ff:ff:ff:ff")/IP(src="192.0.2.10", dst="192.0.2.1")/UDP(sport=2152, dport=2152)/Raw(b"x"*32)]*20, iface="enb0", verbose=0)
sendp([Ether(dst="ff:ff:ff:ff:ff:ff")/IP(src="198.51.100.254", dst="10.45.0.1")/UDP(sport=5000, dport=5001)/Raw(b"y"*32)]*20, iface="dn0", verbose=0)
'''
subprocess.run(["ip", "netns", "exec", sys.argv[1], "/usr/bin/python3", "-c", code], check=True)
PY
sleep 0.5
step "port counters (GTP-U forwarding arrives with the data-plane issue: packets are counted and dropped)"
ctl show port statistics

step "stop srpgw with SIGTERM"
kill -TERM "$gw_pid"
wait "$gw_pid" && echo "srpgw exited cleanly"
gw_pid=
tail -n 3 "$log"
