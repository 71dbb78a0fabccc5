# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# A pair of srpgw gateways (SRP over a veth) with srpgw-gen in front, on
# virtual links in three network namespaces, for the switchover benchmark,
# the demo and the traffic-continuity test:
#
#   ns G (generator)                     ns A (gateway A)   ns B (gateway B)
#   gacc --- bridge bra --- a-acc ------ acc0               acc0 (b-acc)
#                        `- b-acc ---------------------------'
#   gcore -- bridge brc --- a-core ----- core0              core0 (b-core)
#                        `- b-core --------------------------'
#                                        srpA 10.99.0.1 --- srpB 10.99.0.2
#
# Both gateways carry the same srp-activate addresses (access 192.0.2.1,
# core 198.51.100.1) on af_packet ports with their own MACs; only the
# active answers ARP for them, so srpgw-gen (which resolves them by ARP)
# sends to whichever is active. Sourced; the caller sets PAIR_GW,
# PAIR_CTL and PAIR_GEN (binaries) and PAIR_DIR (a temp dir), calls
# pair_init and runs pair_cleanup on exit (pair_init does not set a trap).
# Optional knobs: PAIR_MAX_SESSIONS (max-sessions of both gateways, default
# 4096), PAIR_MEM (EAL -m of each gateway in MB, --no-huge, default 256;
# 1,048,576 sessions need about 1024) and PAIR_POOL (UE pool, set before
# sourcing).

set -u

PAIR_PY=/usr/bin/python3
PAIR_ACC_IP=192.0.2.1		# srp-activate, GTP-U address of the pair
PAIR_CORE_IP=198.51.100.1	# srp-activate, the downlink next hop
PAIR_ENB_IP=192.0.2.10		# the generator's GTP-U address
PAIR_DN_IP=198.51.100.254	# the generator's core address
PAIR_SRV_IP=203.0.113.7
PAIR_POOL=${PAIR_POOL:-10.45.0.0/16}
PAIR_GEN_ACC_MAC=02:00:00:00:aa:02
PAIR_GEN_CORE_MAC=02:00:00:00:cc:02
PAIR_LTEID=0x1000
PAIR_RTEID=0x2000
PAIR_PIDS=()
PAIR_NETNS=()
PAIR_PREFIX=

pair_log() { printf '[pair] %s\n' "$*" >&2; }

# pair_init: names of the namespaces and EAL prefixes (unique per shell).
pair_init() {
	: "${PAIR_GW:?}" "${PAIR_CTL:?}" "${PAIR_GEN:?}" "${PAIR_DIR:?}"
	PAIR_PREFIX=srpgw-pair-$$
	PAIR_NS_A=$PAIR_PREFIX-a
	PAIR_NS_B=$PAIR_PREFIX-b
	PAIR_NS_G=$PAIR_PREFIX-g
}

# pair_kill PID: SIGCONT (a stopped process cannot die of SIGTERM), SIGTERM,
# wait up to 5 s, SIGKILL.
pair_kill() {
	local pid=$1
	kill -CONT "$pid" 2>/dev/null
	kill -TERM "$pid" 2>/dev/null || return 0
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

# pair_stop: stop every process started here and remove their EAL files;
# the namespaces stay (pair_cleanup removes them too).
pair_stop() {
	local pid
	for pid in "${PAIR_PIDS[@]}"; do
		pair_kill "$pid"
	done
	PAIR_PIDS=()
	[ -n "$PAIR_PREFIX" ] && rm -rf /var/run/dpdk/"$PAIR_PREFIX"-* 2>/dev/null
	rm -f /dev/hugepages/"$PAIR_PREFIX"-*map_* 2>/dev/null
	return 0
}

# pair_cleanup: pair_stop, then delete the namespaces.
pair_cleanup() {
	local ns
	pair_stop
	for ns in "${PAIR_NETNS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	PAIR_NETNS=()
	return 0
}

# pair_quiet NS IF: no IPv6 (no ND/MLD frames) and no kernel ARP on IF.
pair_quiet() {
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
	ip -n "$1" link set "$2" arp off
	ip -n "$1" link set "$2" up
}

# pair_net: the three namespaces, the two bridges and every veth.
pair_net() {
	local ns gw mac_acc mac_core
	for ns in "$PAIR_NS_A" "$PAIR_NS_B" "$PAIR_NS_G"; do
		ip netns add "$ns" || { pair_log "cannot create namespace $ns"; return 1; }
		PAIR_NETNS+=("$ns")
		ip -n "$ns" link set lo up
	done
	for br in bra brc; do
		ip -n "$PAIR_NS_G" link add "$br" type bridge forward_delay 0 \
			stp_state 0 mcast_snooping 0
		pair_quiet "$PAIR_NS_G" "$br"
	done
	ip -n "$PAIR_NS_G" link add gacc address "$PAIR_GEN_ACC_MAC" type veth peer name g-acc
	ip -n "$PAIR_NS_G" link add gcore address "$PAIR_GEN_CORE_MAC" type veth peer name g-core
	ip -n "$PAIR_NS_G" link set g-acc master bra
	ip -n "$PAIR_NS_G" link set g-core master brc
	for i in gacc gcore g-acc g-core; do
		pair_quiet "$PAIR_NS_G" "$i"
	done
	for gw in a b; do
		if [ "$gw" = a ]; then
			ns=$PAIR_NS_A mac_acc=02:00:00:00:a1:01 mac_core=02:00:00:00:a1:02
		else
			ns=$PAIR_NS_B mac_acc=02:00:00:00:b1:01 mac_core=02:00:00:00:b1:02
		fi
		ip -n "$PAIR_NS_G" link add "$gw-acc" type veth peer name acc0 \
			address "$mac_acc" netns "$ns"
		ip -n "$PAIR_NS_G" link add "$gw-core" type veth peer name core0 \
			address "$mac_core" netns "$ns"
		ip -n "$PAIR_NS_G" link set "$gw-acc" master bra
		ip -n "$PAIR_NS_G" link set "$gw-core" master brc
		pair_quiet "$PAIR_NS_G" "$gw-acc"
		pair_quiet "$PAIR_NS_G" "$gw-core"
		pair_quiet "$ns" acc0
		pair_quiet "$ns" core0
	done
	ip -n "$PAIR_NS_A" link add srpA type veth peer name srpB netns "$PAIR_NS_B"
	ip -n "$PAIR_NS_A" addr add 10.99.0.1/24 dev srpA
	ip -n "$PAIR_NS_B" addr add 10.99.0.2/24 dev srpB
	ip -n "$PAIR_NS_A" link set srpA up
	ip -n "$PAIR_NS_B" link set srpB up
}

# pair_cfg FILE MODE PRIORITY BIND PEER HELLO DEAD [SRP_LINE...]: a gateway
# configuration on af_packet ports: srp-activate access and core
# addresses, static neighbours for the generator (no ARP needed towards
# it), sessions checkpointed at once (duration 0), HELLO / DEAD as written
# after hello-interval / dead-interval ("1", "msec 10"), and the text of
# PAIR_CFG_EXTRA (more contexts, e.g. an AAA server) before context srp.
pair_cfg() {
	local file=$1 mode=$2 prio=$3 bind=$4 peer=$5 hello=$6 dead=$7 line
	shift 7
	{
		cat <<CFG
config
  dataplane
    max-sessions ${PAIR_MAX_SESSIONS:-4096}
  #exit
  context ingress
    interface s1u
      ip address $PAIR_ACC_IP 255.255.255.0 srp-activate
    #exit
    interface sgi
      ip address $PAIR_CORE_IP/24 srp-activate
    #exit
    ip pool ue $PAIR_POOL public 0 srp-activate
    ip route 0.0.0.0 0.0.0.0 $PAIR_DN_IP sgi
    ip arp $PAIR_ENB_IP $PAIR_GEN_ACC_MAC
    ip arp $PAIR_DN_IP $PAIR_GEN_CORE_MAC
  #exit
CFG
		[ -n "${PAIR_CFG_EXTRA:-}" ] && printf '%s\n' "$PAIR_CFG_EXTRA"
		cat <<CFG
  context srp
    service-redundancy-protocol
      chassis-mode $mode
      priority $prio
      bind address $bind
      peer-ip-address $peer
      hello-interval $hello
      dead-interval $dead
      checkpoint session duration 0
CFG
		for line in "$@"; do
			printf '      %s\n' "$line"
		done
		cat <<CFG
    #exit
  #exit
  port ethernet 1/1
    dpdk-device net_af_packet0
    role access
    bind interface s1u ingress
    no shutdown
  #exit
  port ethernet 1/2
    dpdk-device net_af_packet1
    role core
    bind interface sgi ingress
    no shutdown
  #exit
end
CFG
	} >"$file"
}

# pair_cfgs HELLO DEAD [SRP_LINE...]: $PAIR_DIR/a.cfg (primary, priority 10)
# and $PAIR_DIR/b.cfg (backup, priority 20); %G in a line becomes the
# gateway's name (a or b).
pair_cfgs() {
	local hello=$1 dead=$2
	shift 2
	pair_cfg "$PAIR_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 "$hello" "$dead" "${@//%G/a}"
	pair_cfg "$PAIR_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "$hello" "$dead" "${@//%G/b}"
}

# pair_ctl NAME ARGS...: srpgwctl against gateway NAME (a or b).
pair_ctl() {
	local name=$1
	shift
	"$PAIR_CTL" -s "$PAIR_DIR/$name.sock" -t "${PAIR_CTL_TIMEOUT:-30}" "$@"
}

# pair_json NAME EXPR COMMAND...: evaluate the Python expression EXPR on
# the JSON (bound to j) of srpgwctl --json COMMAND; true when it holds.
pair_json() {
	local name=$1 expr=$2
	shift 2
	pair_ctl "$name" --json "$@" 2>/dev/null | "$PAIR_PY" -c '
import json, sys
j = json.load(sys.stdin)
sys.exit(0 if eval(sys.argv[1]) else 1)' "$expr" 2>/dev/null
}

# pair_get NAME EXPR COMMAND...: print EXPR evaluated on the JSON of
# srpgwctl --json COMMAND ("?" when it cannot be read).
pair_get() {
	local name=$1 expr=$2
	shift 2
	pair_ctl "$name" --json "$@" 2>/dev/null | "$PAIR_PY" -c '
import json, sys
try:
    j = json.load(sys.stdin)
    print(eval(sys.argv[1]))
except Exception:
    print("?")' "$expr"
}

# pair_start NAME: start gateway NAME (a or b) in its namespace with its
# configuration; wait for its control socket. Sets PAIR_PID_<NAME>.
pair_start() {
	local name=$1 ns pid
	[ "$name" = a ] && ns=$PAIR_NS_A || ns=$PAIR_NS_B
	rm -f "$PAIR_DIR/$name.sock"
	ip netns exec "$ns" "$PAIR_GW" -l 0,1 --no-huge -m "${PAIR_MEM:-256}" --no-pci \
		--file-prefix="$PAIR_PREFIX-$name" \
		--vdev=net_af_packet0,iface=acc0,qdisc_bypass=1 \
		--vdev=net_af_packet1,iface=core0,qdisc_bypass=1 -- \
		--config "$PAIR_DIR/$name.cfg" --ctl-socket "$PAIR_DIR/$name.sock" \
		--idle-backoff "${PAIR_IDLE_BACKOFF:-16:1000}" \
		>>"$PAIR_DIR/$name.log" 2>&1 &
	pid=$!
	# Not a job of this shell: no "Killed" notice after a kill -9.
	disown "$pid"
	PAIR_PIDS+=("$pid")
	printf -v "PAIR_PID_${name^^}" '%s' "$pid"
	for _ in $(seq 300); do
		if ! kill -0 "$pid" 2>/dev/null; then
			pair_log "gateway $name exited early; log:"
			tail -n 20 "$PAIR_DIR/$name.log" >&2
			return 1
		fi
		pair_ctl "$name" show version >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	pair_log "gateway $name does not answer"
	return 1
}

# pair_wait NAME EXPR [SECONDS]: poll "show srp info" of NAME until EXPR
# holds (at most SECONDS, default 20).
pair_wait() {
	local name=$1 expr=$2 secs=${3:-20}
	for _ in $(seq $((secs * 10))); do
		pair_json "$name" "$expr" show srp info && return 0
		sleep 0.1
	done
	pair_log "timed out waiting for $name: $expr"
	return 1
}

# pair_up: start A, wait for it ACTIVE, start B, wait for B STANDBY_READY.
pair_up() {
	pair_start a || return 1
	pair_wait a 'j["chassis_state"] == "ACTIVE"' 30 || return 1
	pair_start b || return 1
	pair_wait b 'j["chassis_state"] == "STANDBY_READY"' 30
}

# pair_sessions ACTIVE N: generate N sessions on ACTIVE laid out as
# srpgw-gen sends them.
pair_sessions() {
	pair_ctl "$1" session generate count "$2" local-teid "$PAIR_LTEID" \
		remote-teid "$PAIR_RTEID" peer "$PAIR_ENB_IP" \
		ue-ipv4-pool "$PAIR_POOL" >/dev/null
}

# pair_count NAME: sessions held by NAME.
pair_count() {
	pair_get "$1" 'j["sessions"]' show subscribers digest
}

# pair_synced A B [SECONDS]: wait until B holds the same sessions as A
# (same digest, at least one session).
pair_synced() {
	local a=$1 b=$2 secs=${3:-30} da db
	for _ in $(seq $((secs * 10))); do
		da=$(pair_get "$a" '"%s %s" % (j["sessions"], j["digest"])' show subscribers digest)
		db=$(pair_get "$b" '"%s %s" % (j["sessions"], j["digest"])' show subscribers digest)
		if [ "$da" != "?" ] && [ "${da%% *}" != 0 ] && [ "$da" = "$db" ]; then
			return 0
		fi
		sleep 0.1
	done
	pair_log "digests differ: $a: $da, $b: $db"
	return 1
}

# pair_gen_start NAME N RATE DURATION [ARGS...]: srpgw-gen in the generator
# namespace, in the background, N sessions at RATE pps per direction for
# DURATION seconds; ARP resolves both gateway addresses (refresh every
# ${PAIR_ARP_MS:-1000} ms). JSON to $PAIR_DIR/NAME.json, CSV (1 ms
# buckets) to $PAIR_DIR/NAME.csv. Sets PAIR_GEN_PID.
pair_gen_start() {
	local name=$1 n=$2 rate=$3 dur=$4
	shift 4
	ip netns exec "$PAIR_NS_G" "$PAIR_GEN" -l "${PAIR_GEN_LCORE:-1}" \
		--no-huge -m 128 --no-pci --file-prefix="$PAIR_PREFIX-gen-$name" \
		--vdev=net_af_packet0,iface=gacc,qdisc_bypass=1 \
		--vdev=net_af_packet1,iface=gcore,qdisc_bypass=1 -- \
		--access-gw-ip "$PAIR_ACC_IP" --core-gw-ip "$PAIR_CORE_IP" \
		--core-addr "$PAIR_DN_IP" --arp-refresh-ms "${PAIR_ARP_MS:-1000}" \
		--gw-addr "$PAIR_ACC_IP" --peer-addr "$PAIR_ENB_IP" \
		--server-addr "$PAIR_SRV_IP" --ue-ipv4-pool "$PAIR_POOL" \
		--local-teid "$PAIR_LTEID" --remote-teid "$PAIR_RTEID" \
		--sessions "$n" --rate "$rate" --duration "$dur" --dir both \
		--idle-sleep-us "${PAIR_GEN_IDLE_US:-20}" --drain-ms 300 \
		--csv "$PAIR_DIR/$name.csv" --bucket-ms 1 "$@" \
		>"$PAIR_DIR/$name.json" 2>"$PAIR_DIR/$name.err" &
	PAIR_GEN_PID=$!
	PAIR_PIDS+=("$PAIR_GEN_PID")
}

# pair_gen_wait: wait for the generator started last; its exit status.
pair_gen_wait() {
	wait "$PAIR_GEN_PID"
}

# pair_fwd_counts NAME: "UL DL" G-PDUs gateway NAME's workers decapsulated
# and encapsulated so far ("?" when it cannot be read).
pair_fwd_counts() {
	pair_get "$1" '"%d %d" % (j["counters"]["gpdu_ul"], j["counters"]["gpdu_dl"])' \
		show dataplane statistics
}

# pair_fwd_more NAME N: wait until gateway NAME forwarded 2 x N G-PDUs more
# than now in each direction (2 per session of N), at most 600 polls 0.1 s
# apart.
pair_fwd_more() {
	local name=$1 n=$2 base now
	base=$(pair_fwd_counts "$name")
	for _ in $(seq 600); do
		now=$(pair_fwd_counts "$name")
		if [ "$now" != "?" ] && [ "$base" != "?" ] &&
		   [ "${now% *}" -ge $((${base% *} + 2 * n)) ] &&
		   [ "${now#* }" -ge $((${base#* } + 2 * n)) ]; then
			return 0
		fi
		sleep 0.1
	done
	pair_log "$name forwarded (uplink downlink) $base -> $now"
	return 1
}

# pair_fwd_moving NAME: true when gateway NAME's ports received more
# packets over 0.3 s (the generator's traffic reaches it).
pair_fwd_moving() {
	local name=$1 p1 p2
	p1=$(pair_get "$name" 'sum(p.get("rx_packets", 0) for p in j["ports"])' show port statistics)
	sleep 0.3
	p2=$(pair_get "$name" 'sum(p.get("rx_packets", 0) for p in j["ports"])' show port statistics)
	[ "$p1" != "?" ] && [ "$p2" != "?" ] && [ "$p2" -gt "$p1" ]
}

# pair_csv_gap CSV: longest run of 1-ms buckets with nothing received in a
# direction, between the first and last bucket that received (ms), per
# direction: "UL DL", and where the longest ended (ms): "UL DL UL_END DL_END".
pair_csv_gap() {
	"$PAIR_PY" - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
out, ends = [], []
for d in ("uplink_pps", "downlink_pps"):
    v = [(int(r["t_ms"]), int(r[d])) for r in rows]
    nz = [i for i, (_, x) in enumerate(v) if x > 0]
    best, end, run = 0, 0, 0
    if nz:
        step = v[1][0] - v[0][0] if len(v) > 1 else 1
        for i in range(nz[0], nz[-1] + 1):
            run = run + 1 if v[i][1] == 0 else 0
            if run > best:
                best, end = run, v[i][0] + step
        best *= step
    out.append(best)
    ends.append(end)
print(*out, *ends)
PY
}
