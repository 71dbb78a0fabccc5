# SPDX-License-Identifier: BSD-3-Clause
# Shared helpers of the benchmark scripts: build lookup, hugepage detection,
# CPU pinning, starting and stopping srpgw, dpdk-testpmd and srpgw-gen on
# memif links in a private temp dir, and cleanup of every process, socket
# and hugepage file on exit. Sourced by scripts/bench/{throughput,latency,sessions}.

set -u

B_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B_NAME=${B_NAME:-bench}
B_PY=/usr/bin/python3
B_PIDS=()
B_PREFIXES=()
B_DIR=
B_QUIET=0

b_log() { [ "$B_QUIET" -eq 1 ] || printf '[%s] %s\n' "$B_NAME" "$*" >&2; }
b_die() { printf '[%s] error: %s\n' "$B_NAME" "$*" >&2; exit 1; }

# b_kill PID: SIGTERM, wait up to 5 s, then SIGKILL.
b_kill() {
	local pid=$1
	kill -TERM "$pid" 2>/dev/null || return 0
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

b_cleanup() {
	local pid p
	for pid in "${B_PIDS[@]}"; do
		b_kill "$pid"
	done
	for p in "${B_PREFIXES[@]}"; do
		rm -rf "/var/run/dpdk/$p"
		[ -n "$B_HUGE_MNT" ] && rm -f "$B_HUGE_MNT/${p}map_"*
	done
	[ -n "$B_DIR" ] && rm -rf "$B_DIR"
}

# b_init: check root, find or build the binaries, make the temp dir, set
# the trap, detect hugepages and choose the pinning.
b_init() {
	[ "$(id -u)" -eq 0 ] || b_die "run as root (EAL, memif sockets)"
	B_BUILD=${SRPGW_BUILD:-$B_TOP/build}
	if [ ! -x "$B_BUILD/control/srpgw" ] || [ ! -x "$B_BUILD/scripts/gen/srpgw-gen" ]; then
		b_log "building into $B_BUILD"
		bash "$B_TOP/scripts/build.sh" "$B_BUILD" >&2 || b_die "build failed"
	fi
	B_GW=$B_BUILD/control/srpgw
	B_CTL=$B_BUILD/control/srpgwctl
	B_GEN=$B_BUILD/scripts/gen/srpgw-gen
	B_TESTPMD=$(command -v dpdk-testpmd || true)
	B_DIR=$(mktemp -d "/tmp/srpgw-$B_NAME.XXXXXX")
	B_HUGE_MNT=
	trap b_cleanup EXIT
	trap 'exit 130' INT TERM
	b_huge_detect
	# Generator on one CPU, forwarder worker on another; the forwarders'
	# main (control) lcore shares the generator's CPU. EAL --lcores maps
	# lcore 0 (main) and 1 (worker) to them, which also works when both
	# are the same CPU.
	B_NCPU=$(nproc)
	B_GEN_CPU=${BENCH_GEN_CPU:-0}
	if [ "$B_NCPU" -ge 2 ]; then
		B_FWD_CPU=${BENCH_FWD_CPU:-1}
	else
		B_FWD_CPU=${BENCH_FWD_CPU:-0}
	fi
	B_PIN="generator: cpu $B_GEN_CPU (one lcore, tx+rx); forwarder worker/fwd lcore: cpu $B_FWD_CPU; forwarder main lcore: cpu $B_GEN_CPU"
}

# Hugepages are used when a hugetlbfs is mounted and holds at least
# 1536 MB free (the largest pair of processes: gateway + generator).
b_huge_detect() {
	local free size mnt
	B_HUGE=false
	free=$(awk '/^HugePages_Free/ {print $2}' /proc/meminfo)
	size=$(awk '/^Hugepagesize/ {print $2}' /proc/meminfo)
	mnt=$(awk '$3 == "hugetlbfs" {print $2; exit}' /proc/mounts)
	if [ -n "$mnt" ] && [ "${free:-0}" -gt 0 ] &&
	   [ $((free * size / 1024)) -ge 1536 ] && [ "${BENCH_NO_HUGE:-0}" != 1 ]; then
		B_HUGE=true
		B_HUGE_MNT=$mnt
	fi
}

# b_eal_mem MB: memory options for one process.
b_eal_mem() {
	if [ "$B_HUGE" = true ]; then
		echo "-m $1"
	else
		echo "--no-huge -m $1"
	fi
}

# b_prefix NAME: set B_P to a file prefix of this run, remembered for
# cleanup (not in a subshell: the list must grow in this shell).
b_prefix() {
	B_P="srpgw-$B_NAME-$$-$1"
	B_PREFIXES+=("$B_P")
}

B_GW_ACC_MAC=02:00:00:00:aa:01
B_GW_CORE_MAC=02:00:00:00:cc:01
B_GEN_ACC_MAC=02:00:00:00:aa:02
B_GEN_CORE_MAC=02:00:00:00:cc:02

# Ports of the gateway configuration: DPDK device name prefix (devices
# PREFIX0 access, PREFIX1 core) and the EAL --vdev options that create
# them (empty: the memif servers). Set by scripts/bench/lib-pcap.sh.
B_PORT_DEV=net_memif
B_GW_VDEVS=
# Extra lines of the dataplane block (e.g. "mbufs N").
B_GW_DP_EXTRA=

# b_gw_cfg FILE MAX_SESSIONS: the gateway configuration of the benchmarks
# (the generator's addresses as static neighbours, B_PORT_DEV ports).
b_gw_cfg() {
	cat >"$1" <<CFG
config
  context access
    interface s1u loopback
      ip address 192.0.2.10/32
    #exit
    interface access-port
      ip address 192.0.2.1 255.255.255.0
    #exit
    ip arp 192.0.2.20 $B_GEN_ACC_MAC
  #exit
  context core
    interface sgi
      ip address 198.51.100.1 255.255.255.0
    #exit
    ip route 0.0.0.0 0.0.0.0 198.51.100.254 sgi
    ip arp 198.51.100.254 $B_GEN_CORE_MAC
  #exit
  port ethernet 1/1
    dpdk-device ${B_PORT_DEV}0
    role access
    bind interface access-port access
    no shutdown
  #exit
  port ethernet 1/2
    dpdk-device ${B_PORT_DEV}1
    role core
    bind interface sgi core
    no shutdown
  #exit
  dataplane
    max-sessions $2${B_GW_DP_EXTRA:+
    $B_GW_DP_EXTRA}
  #exit
end
CFG
}

# b_memif_vdevs server|client: the two memif links (access, core).
b_memif_vdevs() {
	local role=$1 am cm
	if [ "$role" = server ]; then
		am=$B_GW_ACC_MAC cm=$B_GW_CORE_MAC
	else
		am=$B_GEN_ACC_MAC cm=$B_GEN_CORE_MAC
	fi
	echo "--vdev=net_memif0,role=$role,id=0,socket=$B_DIR/acc.sock,mac=$am" \
		"--vdev=net_memif1,role=$role,id=0,socket=$B_DIR/core.sock,mac=$cm"
}

# b_gw_start MAX_SESSIONS MEM_MB [EXTRA_APP_ARGS...]: start srpgw (main
# lcore on the generator's CPU, one worker on the forwarder's CPU), wait for
# its control socket. Sets B_GW_PID and B_GW_SOCK, B_GW_PREFIX.
b_gw_start() {
	local max=$1 mem=$2
	shift 2
	local cfg=$B_DIR/gw.cfg
	b_gw_cfg "$cfg" "$max"
	B_GW_SOCK=$B_DIR/gw.sock
	b_prefix gw
	B_GW_PREFIX=$B_P
	# shellcheck disable=SC2046
	"$B_GW" --lcores "0@$B_GEN_CPU,1@$B_FWD_CPU" \
		$(b_eal_mem "$mem") --no-pci --file-prefix="$B_GW_PREFIX" \
		${B_GW_VDEVS:-$(b_memif_vdevs server)} -- --config "$cfg" \
		--ctl-socket "$B_GW_SOCK" "$@" >"$B_DIR/gw.log" 2>&1 &
	B_GW_PID=$!
	B_PIDS+=("$B_GW_PID")
	for _ in $(seq 300); do
		kill -0 "$B_GW_PID" 2>/dev/null ||
			{ cat "$B_DIR/gw.log" >&2; b_die "srpgw exited at start"; }
		if "$B_CTL" -s "$B_GW_SOCK" show version >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	cat "$B_DIR/gw.log" >&2
	b_die "srpgw did not answer on $B_GW_SOCK"
}

b_ctl() { "$B_CTL" -s "$B_GW_SOCK" "$@"; }

b_gw_stop() { b_kill "$B_GW_PID"; }

# b_tp_start: dpdk-testpmd io-forward as memif server on both links (port
# 0 <-> port 1), fwd lcore on the forwarder's CPU. Sets B_TP_PID.
b_tp_start() {
	local p
	[ -n "$B_TESTPMD" ] || b_die "dpdk-testpmd not found (apt-get install dpdk)"
	b_prefix "tp$RANDOM"
	p=$B_P
	# shellcheck disable=SC2046
	"$B_TESTPMD" --lcores "0@$B_GEN_CPU,1@$B_FWD_CPU" \
		$(b_eal_mem 512) --no-pci --file-prefix="$p" \
		$(b_memif_vdevs server) -- --forward-mode=io --auto-start \
		--nb-cores=1 --total-num-mbufs=16384 --stats-period 1 \
		</dev/null >"$B_DIR/tp.log" 2>&1 &
	B_TP_PID=$!
	B_PIDS+=("$B_TP_PID")
	for _ in $(seq 100); do
		kill -0 "$B_TP_PID" 2>/dev/null ||
			{ cat "$B_DIR/tp.log" >&2; b_die "testpmd exited at start"; }
		# memif sockets are abstract (no file): wait for forwarding,
		# then a little more: a client that connects at once is
		# sometimes refused.
		grep -q "Port statistics" "$B_DIR/tp.log" && sleep 0.5 &&
			return 0
		sleep 0.1
	done
	cat "$B_DIR/tp.log" >&2
	b_die "testpmd did not start"
}

b_tp_stop() { b_kill "$B_TP_PID"; }

# b_gen OUT_JSON [GEN_ARGS...]: run srpgw-gen as memif client on the
# generator's CPU with the benchmark's addresses (IPv4 outer and inner);
# extra arguments (--sessions, --size, --rate, --reflect, ...) follow.
b_gen() {
	local out=$1 p st try
	shift
	# A memif server that has just started may refuse the first connect:
	# try again (the generator exits before sending when it cannot start).
	for try in 1 2 3; do
		b_prefix "gen$RANDOM"
		p=$B_P
		# shellcheck disable=SC2046
		"$B_GEN" --lcores "0@$B_GEN_CPU" $(b_eal_mem 256) --no-pci \
			--file-prefix="$p" $(b_memif_vdevs client) -- \
			--access-gw-mac "$B_GW_ACC_MAC" \
			--core-gw-mac "$B_GW_CORE_MAC" \
			--gw-addr 192.0.2.10 --peer-addr 192.0.2.20 \
			--server-addr 203.0.113.7 --ue-ipv4-pool 10.0.0.0/8 \
			--local-teid 1 --remote-teid 1 "$@" \
			>"$out" 2>"$out.err"
		st=$?
		rm -rf "/var/run/dpdk/$p"
		[ "$st" -eq 0 ] && return 0
		grep -q "rte_eth_dev_start\|link down" "$out.err" || break
		b_log "generator could not connect (try $try), retrying"
		sleep 1
	done
	cat "$out.err" >&2
	return "$st"
}

# b_csv_mpps CSV FROM_MS TO_MS: mean received rate (both directions) over
# the 10 ms buckets in [FROM, TO), in Mpps.
b_csv_mpps() {
	$B_PY - "$@" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
lo, hi = int(sys.argv[2]), int(sys.argv[3])
sel = [int(r["uplink_pps"]) + int(r["downlink_pps"]) for r in rows
       if lo <= int(r["t_ms"]) < hi]
n = (hi - lo) // 10
print("%.3f" % (sum(sel) / n / 1e6 if n > 0 else 0.0))
PY
}

# b_median V...: median of numbers.
b_median() {
	printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {
		if (NR == 0) print 0; else if (NR % 2) print a[(NR+1)/2];
		else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2 }'
}

# b_host_json: the machine as a JSON fragment (no braces).
b_host_json() {
	local model
	model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
	printf '"host": {"nproc": %s, "cpu_model": "%s", "kernel": "%s"}, "hugepages": %s, "date": "%s"' \
		"$B_NCPU" "${model:-unknown}" "$(uname -r)" "$B_HUGE" \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
