#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The main job, run as root on a fresh Debian 12 machine: installs the
# dependencies, builds srpgw, starts an active/standby pair of gateways and
# the srpgw-gen traffic generator on virtual links (veth + Linux bridges in
# network namespaces, scripts/bench/lib-pair.sh), creates subscriber
# sessions on the active and shows them replicated, shows the pair
# forwarding both directions, kills the active with SIGKILL, and prints the
# measured data outage (lost packets, longest receive gap) and the sessions
# the new active kept. Everything it created is removed on exit.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash scripts/setup.sh
bash scripts/build.sh "$top/build"

set +e +u
PAIR_GW=$top/build/control/srpgw
PAIR_CTL=$top/build/control/srpgwctl
PAIR_GEN=$top/build/scripts/gen/srpgw-gen
PAIR_DIR=$(mktemp -d /tmp/srpgw-demo.XXXXXX)
PAIR_ARP_MS=1000	# the generator re-resolves the gateways every second;
			# the new active's gratuitous ARP moves it at once
. scripts/bench/lib-pair.sh
pair_init
trap 'pair_cleanup; rm -rf "$PAIR_DIR"' EXIT
trap 'exit 130' INT TERM

N=200 RATE=20000 DUR=6
step() { printf '\n== %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }
ctl() { echo "\$ srpgwctl ($1) ${*:2}"; pair_ctl "$@"; }
py() { /usr/bin/python3 "$@"; }

# rates NAME: packets per second on NAME's ports over one second.
rates() {
	local a b
	a=$(pair_ctl "$1" --json show port statistics)
	sleep 1
	b=$(pair_ctl "$1" --json show port statistics)
	py - "$a" "$b" "$1" <<'PY'
import json, sys
a, b = (json.loads(x)["ports"] for x in sys.argv[1:3])
names = {0: "access", 1: "core"}
for p, q in zip(a, b):
    print("    gateway %s port %d (%s): rx %6d pps, tx %6d pps" % (
        sys.argv[3].upper(), q["port_id"], names.get(q["port_id"], "?"),
        q["rx_packets"] - p["rx_packets"], q["tx_packets"] - p["tx_packets"]))
PY
}

step "virtual links: namespaces A, B (gateways) and G (generator, two bridges)"
pair_net || die "cannot create the namespaces"
cat <<'EOF'
    srpgw-gen gacc  --- bridge bra --- acc0  of A and of B  (access, GTP-U 192.0.2.1)
    srpgw-gen gcore --- bridge brc --- core0 of A and of B  (core, 198.51.100.1)
    A srpA 10.99.0.1 ---------------- srpB 10.99.0.2 B      (SRP over TCP)
EOF

step "start gateway A (primary) and B (backup): hello-interval msec 10, dead-interval msec 30"
pair_cfgs "msec 10" "msec 30"
pair_up || { tail -n 20 "$PAIR_DIR"/*.log; die "the pair did not come up"; }
ctl a show srp info | grep -E "^(Chassis (mode|state)|Connection state)"
ctl b show srp info | grep -E "^(Chassis (mode|state)|Connection state)"

step "$N subscriber sessions created on the active (A), replicated to B"
ctl a session generate count $N local-teid "$PAIR_LTEID" remote-teid "$PAIR_RTEID" \
	peer "$PAIR_ENB_IP" ue-ipv4-pool "$PAIR_POOL"
pair_synced a b 60 || die "B did not receive the sessions"
ctl a show subscribers digest
ctl b show subscribers digest

step "srpgw-gen: $RATE pps uplink (GTP-U) + $RATE pps downlink (IP) for $DUR s; gateway MACs by ARP"
pair_gen_start demo $N $RATE $DUR
for _ in $(seq 50); do pair_fwd_moving a && break; done
echo "forwarding through the active (A); the standby (B) forwards nothing:"
rates a
rates b

step "kill -9 of the active (A)"
kill -KILL "$PAIR_PID_A"
pair_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 30 ||
	die "B did not take over"
ctl b show srp info | grep -E "^(Chassis state|Last state change cause)"
echo "forwarding through the new active (B):"
rates b

step "measured outage (srpgw-gen) and sessions kept (B's call-loss statistics)"
pair_gen_wait || die "srpgw-gen failed: $(tail -n 3 "$PAIR_DIR/demo.err")"
gap=$(pair_csv_gap "$PAIR_DIR/demo.csv")
ctl b show srp call-loss statistics
py - "$PAIR_DIR/demo.json" "$gap" "$RATE" \
	"$(pair_ctl b --json show srp call-loss statistics)" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
gap = [float(x) for x in sys.argv[2].split()]
rate = float(sys.argv[3])
cl = json.loads(sys.argv[4])["last_takeover"]
for i, d in enumerate(("uplink", "downlink")):
    s = g[d]
    print("    %-8s sent %6d, received %6d, lost %5d = %6.1f ms of traffic; "
          "longest receive gap %4.0f ms; every session back: %s" % (
              d, s["sent"], s["unique"], s["lost"], s["lost"] * 1000 / rate,
              gap[i], s["flows_rx_after_gw_change"] == g["sessions"]))
print("    generator now sends to %s (gateway B) since t = %.0f ms" % (
    g["arp"]["access"]["gw_mac"], g["arp"]["access"]["last_change_ms"]))
print("    sessions: %d replicated, %d kept by the new active, %d lost" % (
    cl["active_session_count"], cl["sessions_held"], cl["sessions_lost"]))
PY
echo
echo "(scripts/bench/switchover measures every switchover kind 5 times: BENCHMARKS.md section 6)"
