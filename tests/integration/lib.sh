# SPDX-License-Identifier: BSD-3-Clause
# Helpers for the integration scenarios: temp dirs, starting/stopping srpgw
# processes with their own EAL file prefix, waiting for the control socket,
# assertions that count. Sourced by tests/integration/t_*.sh.

set -u

: "${SRPGW_BIN:?SRPGW_BIN must point to the srpgw binary}"
: "${SRPGWCTL_BIN:?SRPGWCTL_BIN must point to the srpgwctl binary}"

T_NAME=$(basename "$0" .sh)
T_DIR=$(mktemp -d "/tmp/srpgw-${T_NAME}.XXXXXX")
T_FAILS=0
T_CHECKS=0
T_PIDS=()
T_NETNS=()

t_log() { printf '[%s] %s\n' "$T_NAME" "$*"; }

t_cleanup() {
	local pid ns
	for pid in "${T_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${T_PIDS[@]}"; do
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
	done
	for ns in "${T_NETNS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$T_DIR" /var/run/dpdk/"srpgw-t-$$"* 2>/dev/null
}
trap t_cleanup EXIT

t_need_root() {
	if [ "$(id -u)" -ne 0 ]; then
		t_log "SKIP: needs root"
		exit 77
	fi
}

# t_need_bird: exit 77 (skip) when BIRD 2 (bird, birdc) is not installed.
t_need_bird() {
	if ! command -v bird >/dev/null || ! command -v birdc >/dev/null; then
		t_log "SKIP: BIRD 2 is not installed (apt-get install bird2; scripts/setup.sh)"
		exit 77
	fi
}

# t_dumpcap NETNS FILE DUMPCAP_ARGS...: start dumpcap in NETNS writing FILE
# (log FILE.log), killed on exit; sets T_CAP_PID. Returns once FILE has
# its header (non-zero, with the log, if that does not come).
t_dumpcap() {
	local ns=$1 file=$2
	shift 2
	ip netns exec "$ns" dumpcap -q "$@" -w "$file" >"$file.log" 2>&1 &
	T_CAP_PID=$!
	T_PIDS+=("$T_CAP_PID")
	for _ in $(seq 100); do
		[ -s "$file" ] && return 0
		sleep 0.1
	done
	cat "$file.log"
	return 1
}

# t_check DESCRIPTION COMMAND...: run COMMAND, count a failure if it fails.
t_check() {
	local what=$1
	shift
	T_CHECKS=$((T_CHECKS + 1))
	if "$@"; then
		t_log "ok: $what"
	else
		t_log "FAIL: $what"
		T_FAILS=$((T_FAILS + 1))
	fi
}

t_finish() {
	if [ "$T_CHECKS" -eq 0 ]; then
		t_log "FAIL: no check ran"
		exit 1
	fi
	t_log "$((T_CHECKS - T_FAILS)) of $T_CHECKS checks passed"
	[ "$T_FAILS" -eq 0 ]
	exit $?
}

# t_gw_start NAME CONFIG EAL_ARGS... -- [APP_ARGS...]: start srpgw in the
# background with its own file prefix and control socket $T_DIR/NAME.sock.
# Sets T_GW_PID. Output goes to $T_DIR/NAME.log.
t_gw_start() {
	local name=$1 cfg=$2
	shift 2
	local eal=() app=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		eal+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	app=("$@")
	${T_NS_EXEC:-} "$SRPGW_BIN" "${eal[@]}" --no-huge -m "${T_EAL_MEM:-256}" --no-pci \
		--file-prefix="srpgw-t-$$-$name" -- \
		--config "$cfg" --ctl-socket "$T_DIR/$name.sock" "${app[@]}" \
		>"$T_DIR/$name.log" 2>&1 &
	T_GW_PID=$!
	T_PIDS+=("$T_GW_PID")
}

# t_netns_links: create a network namespace holding the veth pairs of
# t_netns_veths. Sets T_NS (its name) and T_NS_EXEC; the namespace is
# deleted on exit.
t_netns_links() {
	T_NS=srpgw-t-$$
	ip netns add "$T_NS" || { t_log "cannot create a network namespace"; exit 1; }
	T_NETNS+=("$T_NS")
	T_NS_EXEC="ip netns exec $T_NS"
	t_netns_veths "$T_NS"
}

# t_netns_veths NETNS: two veth pairs with fixed MACs in NETNS: acc0
# (02:00:00:00:aa:01, the gateway's access port) <-> enb0
# (02:00:00:00:aa:02, the eNodeB side) and core0 (02:00:00:00:cc:01, the
# gateway's core port) <-> dn0 (02:00:00:00:cc:02, the data network side).
# IPv6 and ARP are off on them so the kernel adds no frame of its own.
t_netns_veths() {
	local ns=$1 i
	ip -n "$ns" link add acc0 address 02:00:00:00:aa:01 type veth \
		peer name enb0 address 02:00:00:00:aa:02
	ip -n "$ns" link add core0 address 02:00:00:00:cc:01 type veth \
		peer name dn0 address 02:00:00:00:cc:02
	for i in acc0 enb0 core0 dn0; do
		ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$i.disable_ipv6=1"
		ip -n "$ns" link set "$i" arp off
	done
	for i in lo acc0 enb0 core0 dn0; do
		ip -n "$ns" link set "$i" up
	done
}

# t_gtpu_gw GEN: the GTP-U scenario set-up shared by t_gtpu_pcap.sh and
# t_dp_harden.sh: namespace links (t_netns_links), the pcaps written by the
# scapy script GEN ("GEN gen $T_DIR"), gateway "gw" on af_packet ports with
# tests/integration/gtpu_gw.cfg, and session A (IPv4 peer 192.0.2.20, UE
# 10.45.0.5 and 2001:db8:45:5::/64). Sets T_NS and T_GW_PID.
t_gtpu_gw() {
	t_netns_links
	t_check "pcaps generated" /usr/bin/python3 "$1" gen "$T_DIR"
	t_gw_start_afp gw "$SRPGW_TESTS/gtpu_gw.cfg"
	t_check "srpgw starts on af_packet ports" t_wait_sock gw "$T_GW_PID"
	t_check "session A created (IPv4 peer, UE v4 + v6 /64)" \
		t_ctl gw session create local-teid 0x100 remote-teid 0x200 \
		peer 192.0.2.20 ue-ipv4 10.45.0.5 ue-ipv6 2001:db8:45:5::/64
}

# t_gw_start_afp NAME CONFIG: t_gw_start on two lcores with af_packet ports
# over the veths acc0 (port 0) and core0 (port 1) and an idle back-off, so
# that the worker leaves CPU to the test's senders. Run it with T_NS_EXEC set
# to enter the namespace holding the veths. Sets T_GW_PID.
t_gw_start_afp() {
	t_gw_start "$1" "$2" -l 0,1 \
		--vdev=net_af_packet0,iface=acc0,qdisc_bypass=1 \
		--vdev=net_af_packet1,iface=core0,qdisc_bypass=1 -- \
		--idle-backoff 32:200
}

# t_wait_sock NAME PID: wait until srpgw answers on its socket (or died).
t_wait_sock() {
	local name=$1 pid=$2
	for _ in $(seq 300); do
		if ! kill -0 "$pid" 2>/dev/null; then
			t_log "srpgw $name exited early; log:"
			cat "$T_DIR/$name.log"
			return 1
		fi
		if [ -S "$T_DIR/$name.sock" ] &&
		   "$SRPGWCTL_BIN" -s "$T_DIR/$name.sock" show version >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	t_log "srpgw $name did not answer; log:"
	cat "$T_DIR/$name.log"
	return 1
}

# t_ctl NAME ARGS...: run srpgwctl against gateway NAME.
t_ctl() {
	local name=$1
	shift
	# A generous client timeout: on a loaded machine a request may wait
	# seconds for the control thread; tests must not fail on speed.
	"$SRPGWCTL_BIN" -s "$T_DIR/$name.sock" -t "${T_CTL_TIMEOUT:-30}" "$@"
}

# t_wait_exit PID: wait for a background process of this shell to exit and
# set T_ST to its exit status.
t_wait_exit() {
	wait "$1"
	T_ST=$?
}

# t_json EXPR: evaluate a Python expression on JSON from stdin (bound to j);
# succeeds when the expression is true.
t_json() {
	/usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin)
sys.exit(0 if eval(sys.argv[1]) else 1)
' "$1"
}

# t_expected_counters NAME FILE: check "show dataplane statistics" of
# gateway NAME against FILE, one "KIND NAME VALUE" line per counter (KIND
# counter, drop or slow_path; an unknown kind fails).
t_expected_counters() {
	local gw=$1 file=$2 kind name want expr
	t_ctl "$gw" --json show dataplane statistics >"$T_DIR/st.json"
	while read -r kind name want; do
		case $kind in
		counter) expr="j['counters']['$name'] == $want" ;;
		slow_path) expr="j['slow_path']['$name'] == $want" ;;
		drop) expr="[d['packets'] for d in j['drops'] if d['reason'] == '$name'] == [$want]" ;;
		*) expr=False ;;
		esac
		t_check "$kind $name = $want" t_json "$expr" <"$T_DIR/st.json"
	done <"$file"
}

# --- SRP pairs (t_srp_*.sh) ------------------------------------------------

# t_srp_netns: two network namespaces A and B joined by a veth pair that
# carries SRP: srpA (10.99.0.1/24) in A, srpB (10.99.0.2/24) in B. Sets
# T_NS_A and T_NS_B; both are deleted on exit.
t_srp_netns() {
	T_NS_A=srpgw-t-$$-a
	T_NS_B=srpgw-t-$$-b
	ip netns add "$T_NS_A" || { t_log "cannot create a network namespace"; exit 1; }
	T_NETNS+=("$T_NS_A")
	ip netns add "$T_NS_B" || { t_log "cannot create a network namespace"; exit 1; }
	T_NETNS+=("$T_NS_B")
	ip -n "$T_NS_A" link add srpA type veth peer name srpB netns "$T_NS_B"
	ip -n "$T_NS_A" addr add 10.99.0.1/24 dev srpA
	ip -n "$T_NS_B" addr add 10.99.0.2/24 dev srpB
	ip -n "$T_NS_A" link set lo up
	ip -n "$T_NS_B" link set lo up
	ip -n "$T_NS_A" link set srpA up
	ip -n "$T_NS_B" link set srpB up
}

# t_srp_cfg FILE MODE PRIORITY BIND PEER [SRP_LINE...]: a gateway
# configuration with net_null ports, an srp-activate address and pool, a
# small session table and an SRP block (hello 1 s, dead 3 s) plus the extra
# SRP lines given.
t_srp_cfg() {
	local file=$1 mode=$2 prio=$3 bind=$4 peer=$5 line
	shift 5
	{
		cat <<CFG
config
  dataplane
    max-sessions ${T_SRP_MAX_SESSIONS:-4096}
  #exit
  context ingress
    interface s1u
      ip address 192.0.2.1 255.255.255.0 srp-activate
    #exit
    interface sgi
      ip address 198.51.100.1/24
    #exit
    ip pool ue 10.45.0.0 255.255.0.0 public 0 srp-activate
    ip route 0.0.0.0 0.0.0.0 198.51.100.254 sgi
  #exit
  context srp
    service-redundancy-protocol
      chassis-mode $mode
      priority $prio
      bind address $bind
      peer-ip-address $peer
      hello-interval 1
      dead-interval 3
CFG
		for line in "$@"; do
			printf '      %s\n' "$line"
		done
		cat <<CFG
    #exit
  #exit
  port ethernet 1/1
    dpdk-device net_null0
    role access
    bind interface s1u ingress
    no shutdown
  #exit
  port ethernet 1/2
    dpdk-device net_null1
    role core
    bind interface sgi ingress
    no shutdown
  #exit
end
CFG
	} >"$file"
}

# t_srp_start NAME NETNS CONFIG: start gateway NAME inside NETNS on net_null
# ports (one worker with an idle back-off) and wait for its socket. Sets
# T_GW_PID; returns non-zero when it does not come up.
t_srp_start() {
	local name=$1 ns=$2 cfg=$3
	T_NS_EXEC="ip netns exec $ns" t_gw_start "$name" "$cfg" -l 0,1 \
		--vdev=net_null0,no-rx=1 --vdev=net_null1,no-rx=1 -- \
		--idle-backoff 16:1000
	t_wait_sock "$name" "$T_GW_PID"
}

# t_srp_wait NAME EXPR [SECONDS]: poll "show srp info" of NAME (JSON, bound
# to j) until the Python expression EXPR is true, at most SECONDS (20).
t_srp_wait() {
	local name=$1 expr=$2 secs=${3:-20} i
	for i in $(seq $((secs * 5))); do
		if t_ctl "$name" --json show srp info 2>/dev/null | t_json "$expr" 2>/dev/null; then
			return 0
		fi
		sleep 0.2
	done
	t_log "timed out waiting for $name: $expr; now:"
	t_ctl "$name" show srp info
	return 1
}

# t_srp_json NAME EXPR COMMAND...: run srpgwctl --json COMMAND on NAME and
# evaluate EXPR on its output.
t_srp_json() {
	local name=$1 expr=$2
	shift 2
	t_ctl "$name" --json "$@" | t_json "$expr"
}

# t_srp_json_wait NAME EXPR COMMAND...: poll t_srp_json NAME EXPR COMMAND...
# every 0.2 s, at most 150 times; show COMMAND's output on failure.
t_srp_json_wait() {
	local name=$1 expr=$2
	shift 2
	for _ in $(seq 150); do
		t_srp_json "$name" "$expr" "$@" 2>/dev/null && return 0
		sleep 0.2
	done
	t_log "timed out waiting for $name: $expr; $* now:"
	t_ctl "$name" "$@"
	return 1
}

# t_json_get JSON EXPR: print the Python repr of EXPR evaluated on JSON.
t_json_get() {
	/usr/bin/python3 -c '
import json, sys
j = json.loads(sys.argv[1])
print(repr(eval(sys.argv[2])))
' "$1" "$2"
}

# t_srp_one_active: exactly one of gateways a and b reports ACTIVE.
t_srp_one_active() {
	test "$( (t_ctl a --json show srp info; t_ctl b --json show srp info) |
		grep -c '"chassis_state": "ACTIVE"')" -eq 1
}

# t_srp_split_heal: the SRP link (srpA) returns after a split brain: check
# that the later active B yields and A remains the only ACTIVE.
t_srp_split_heal() {
	ip -n "$T_NS_A" link set srpA up
	t_check "B goes back to standby" \
		t_srp_wait b 'j["chassis_state"] in ("STANDBY_SYNCING", "STANDBY_READY") and not j["dataplane_active"]' 30
	t_check "A stays ACTIVE" \
		t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
	t_check "exactly one ACTIVE" t_srp_one_active
}

# --- Session replication (t_ckpt_*.sh) --------------------------------------

# t_digest NAME: print "COUNT DIGEST" of NAME's sessions (show subscribers
# digest).
t_digest() {
	t_ctl "$1" --json show subscribers digest 2>/dev/null |
		/usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin)
print(j["sessions"], j["digest"])'
}

# t_digest_wait A B [SECONDS]: wait until gateways A and B have the same
# digest of at least one session (at most SECONDS, 60); on failure print
# both.
t_digest_wait() {
	local a=$1 b=$2 secs=${3:-60} da db
	for _ in $(seq $((secs * 5))); do
		da=$(t_digest "$a")
		db=$(t_digest "$b")
		if [ -n "$da" ] && [ "${da%% *}" != 0 ] && [ "$da" = "$db" ]; then
			return 0
		fi
		sleep 0.2
	done
	t_log "digests differ: $a: $da, $b: $db"
	return 1
}

# t_ckpt_json NAME EXPR: evaluate EXPR on "show srp checkpoint statistics
# verbose" of NAME.
t_ckpt_json() {
	t_ctl "$1" --json show srp checkpoint statistics verbose | t_json "$2"
}

# t_ckpt_wait NAME EXPR [SECONDS]: poll t_ckpt_json NAME EXPR until true, at
# most SECONDS (20).
t_ckpt_wait() {
	local name=$1 expr=$2 secs=${3:-20}
	for _ in $(seq $((secs * 5))); do
		t_ckpt_json "$name" "$expr" 2>/dev/null && return 0
		sleep 0.2
	done
	t_log "timed out waiting for $name: $expr; now:"
	t_ctl "$name" show srp checkpoint statistics verbose
	return 1
}

# --- L3 redirection through BGP (t_srp_bgp.sh, t_pfcp_pair.sh) ---------------

# t_bgp_netns: t_srp_netns plus an upstream router namespace U (T_NS_U)
# joined to A by bgpA (10.98.1.1/30) <-> upA (10.98.1.2/30) and to B by
# bgpB (10.98.2.1/30) <-> upB (10.98.2.2/30).
t_bgp_netns() {
	T_NS_U=srpgw-t-$$-u
	t_srp_netns
	ip netns add "$T_NS_U" || { t_log "cannot create a network namespace"; exit 1; }
	T_NETNS+=("$T_NS_U")
	ip -n "$T_NS_U" link set lo up
	ip -n "$T_NS_A" link add bgpA type veth peer name upA netns "$T_NS_U"
	ip -n "$T_NS_B" link add bgpB type veth peer name upB netns "$T_NS_U"
	ip -n "$T_NS_A" addr add 10.98.1.1/30 dev bgpA
	ip -n "$T_NS_U" addr add 10.98.1.2/30 dev upA
	ip -n "$T_NS_B" addr add 10.98.2.1/30 dev bgpB
	ip -n "$T_NS_U" addr add 10.98.2.2/30 dev upB
	ip -n "$T_NS_A" link set bgpA up
	ip -n "$T_NS_B" link set bgpB up
	ip -n "$T_NS_U" link set upA up
	ip -n "$T_NS_U" link set upB up
}

# t_bgp_bird_gw NAME ADDR PEER PREFIX...: $T_DIR/bird-NAME.conf, the BIRD
# configuration of gateway NAME's speaker (AS 65001, eBGP to PEER in AS
# 65000): the PREFIXes as blackhole static routes, exported through the
# srpgw_prepend() of the include srpgw writes ($T_DIR/NAME-srp.conf).
t_bgp_bird_gw() {
	local name=$1 addr=$2 peer=$3 p
	shift 3
	{
		cat <<CFG
log "$T_DIR/bird-$name.log" all;
router id $addr;
include "$T_DIR/$name-srp.conf";
protocol device {}
protocol static srp_routes {
	ipv4;
CFG
		for p in "$@"; do
			printf '\troute %s blackhole;\n' "$p"
		done
		cat <<CFG
}
filter srpgw_export {
	if proto = "srp_routes" then {
		srpgw_prepend(65001);
		accept;
	}
	reject;
}
protocol bgp upstream {
	local $addr as 65001;
	neighbor $peer as 65000;
	connect retry time 1;
	ipv4 { import none; export filter srpgw_export; };
}
CFG
	} >"$T_DIR/bird-$name.conf"
}

# t_bgp_bird_u [LINE...]: start U's BIRD (AS 65000, eBGP to A and B,
# importing all; control socket $T_DIR/u.ctl) with the extra configuration
# LINEs (e.g. a kernel protocol).
t_bgp_bird_u() {
	{
		cat <<CFG
log "$T_DIR/bird-u.log" all;
router id 10.98.0.9;
protocol device {}
protocol bgp gwa {
	local 10.98.1.2 as 65000;
	neighbor 10.98.1.1 as 65001;
	connect retry time 1;
	ipv4 { import all; export none; };
}
protocol bgp gwb {
	local 10.98.2.2 as 65000;
	neighbor 10.98.2.1 as 65001;
	connect retry time 1;
	ipv4 { import all; export none; };
}
CFG
		printf '%s\n' "$@"
	} >"$T_DIR/bird-u.conf"
	ip netns exec "$T_NS_U" bird -f -c "$T_DIR/bird-u.conf" -s "$T_DIR/u.ctl" \
		>"$T_DIR/bird-u.out" 2>&1 &
	T_PIDS+=("$!")
}

# t_bgp_cfgs: $T_DIR/a.cfg (primary) and $T_DIR/b.cfg (backup), t_srp_cfg
# configurations whose srpgw owns its BIRD (bgp-speaker bird-config
# $T_DIR/bird-NAME.conf) and prepends 0 when active, 4 when standby.
t_bgp_cfgs() {
	local g mode
	for g in a b; do
		mode=$([ $g = a ] && echo "primary 10 10.99.0.1 10.99.0.2" ||
			echo "backup 20 10.99.0.2 10.99.0.1")
		# shellcheck disable=SC2086
		t_srp_cfg "$T_DIR/$g.cfg" $mode \
			"bgp-speaker control-socket $T_DIR/$g.ctl" \
			"bgp-speaker include-file $T_DIR/$g-srp.conf" \
			"bgp-speaker bird-config $T_DIR/bird-$g.conf" \
			"bgp-speaker as-path-prepend active 0 standby 4"
	done
}

# t_bgp_best PREFIX: "NEXTHOP PATHLEN" of U's best route for PREFIX, or
# "none".
t_bgp_best() {
	birdc -s "$T_DIR/u.ctl" show route for "$1" all 2>/dev/null |
		/usr/bin/python3 -c '
import re, sys
best, via, path = False, None, None
for line in sys.stdin:
    if re.match(r"^\S+/\d+\s", line) or re.match(r"^\s+unicast", line):
        best = "*" in line
        continue
    m = re.match(r"^\s+via (\S+)", line)
    if m and best and via is None:
        via = m.group(1)
    m = re.match(r"^\s+BGP\.as_path:(.*)$", line)
    if m and best and path is None:
        path = len(m.group(1).split())
print("%s %s" % (via, path) if via else "none")'
}

# t_bgp_best_is PREFIX NEXTHOP PATHLEN: wait (40 s) for U's best route.
t_bgp_best_is() {
	local b
	for _ in $(seq 200); do
		b=$(t_bgp_best "$1")
		[ "$b" = "$2 $3" ] && return 0
		sleep 0.2
	done
	t_log "best route of $1 on U: $b, expected $2 $3"
	birdc -s "$T_DIR/u.ctl" show route for "$1" all
	return 1
}

# t_bgp_path_is PREFIX NEXTHOP PATHLEN: wait (40 s) until U has a route for
# PREFIX via NEXTHOP with an AS path of PATHLEN (best or not).
t_bgp_path_is() {
	for _ in $(seq 200); do
		birdc -s "$T_DIR/u.ctl" show route for "$1" all 2>/dev/null |
			/usr/bin/python3 -c '
import re, sys
via = None
for line in sys.stdin:
    m = re.match(r"^\s+via (\S+)", line)
    if m:
        via = m.group(1)
    m = re.match(r"^\s+BGP\.as_path:(.*)$", line)
    if m and via == sys.argv[1] and len(m.group(1).split()) == int(sys.argv[2]):
        sys.exit(0)
sys.exit(1)' "$2" "$3" && return 0
		sleep 0.2
	done
	t_log "U has no route for $1 via $2 with a path of $3"
	birdc -s "$T_DIR/u.ctl" show route for "$1" all
	return 1
}

# t_bgp_json NAME EXPR: EXPR on NAME's "show srp bgp" (JSON in j).
t_bgp_json() {
	t_ctl "$1" --json show srp bgp | t_json "$2"
}

# t_sim_run ON_PAUSE COMMAND...: run a simulator (pfcp_smf.py, pfcp_pair.py)
# as a coprocess: each "PASS: what" / "FAIL: what" line it prints is a check,
# "PAUSE: NAME KEY=VALUE..." calls the function ON_PAUSE with those words
# and then tells the simulator to go on, other lines are logged. Sets T_ST
# to its exit status.
t_sim_run() {
	local on_pause=$1 kind rest sim_pid sim_out sim_in
	shift
	coproc SIM { "$@" 2>&1; }
	sim_pid=$SIM_PID
	# Own copies of the coproc's descriptors: bash closes SIM[] when it
	# exits, possibly before its last lines are read.
	exec {sim_out}<&"${SIM[0]}" {sim_in}>&"${SIM[1]}"
	while read -r -u "$sim_out" kind rest; do
		case $kind in
		PASS:) t_check "$rest" true ;;
		FAIL:) t_check "$rest" false ;;
		PAUSE:)
			# shellcheck disable=SC2086 # KEY=VALUE words
			"$on_pause" $rest
			echo go >&"$sim_in"
			;;
		*) t_log "sim: $kind $rest" ;;
		esac
	done
	exec {sim_in}>&- {sim_out}<&-
	t_wait_exit "$sim_pid"
}
