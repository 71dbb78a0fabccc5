# SPDX-License-Identifier: BSD-3-Clause
# Pcap-replay helpers of the throughput benchmark: writes the uplink and
# downlink pcaps (scripts/pktgen/make-pcaps), runs srpgw or dpdk-testpmd on
# two net_pcap ports that replay them for ever (infinite_rx=1, no tx target:
# the PMD drops and counts what is sent), and measures the forwarded rate.
# Sourced by scripts/bench/throughput after lib.sh.

# Packets per pcap (each held in mbufs by the PMD while it replays) and the
# pool size that holds both pcaps plus rings, caches and bursts.
B_PCAP_PKTS=${BENCH_PCAP_PKTS:-65536}
B_PCAP_MBUFS=262143
B_PCAP_MEM=1536

# b_pcap_make NAME SESSIONS SIZE: write $B_DIR/pcap-NAME/{uplink,downlink}.pcap
# holding B_PCAP_PKTS frames per direction for min(SESSIONS, B_PCAP_PKTS)
# distinct sessions (srpgw-gen's flows, the benchmark's addresses).
b_pcap_make() {
	local name=$1 n=$2 size=$3 d=$B_DIR/pcap-$1
	[ "$n" -gt "$B_PCAP_PKTS" ] && n=$B_PCAP_PKTS
	[ -s "$d/downlink.pcap" ] && return 0
	"$B_PY" "$B_TOP/scripts/pktgen/make-pcaps" --sessions "$n" \
		--count "$B_PCAP_PKTS" --size "$size" --out-dir "$d" \
		--gw-addr 192.0.2.10 --peer-addr 192.0.2.20 \
		--server-addr 203.0.113.7 --ue-ipv4-pool 10.0.0.0/8 \
		--local-teid 1 --remote-teid 1 \
		--access-mac "$B_GEN_ACC_MAC" --access-gw-mac "$B_GW_ACC_MAC" \
		--core-mac "$B_GEN_CORE_MAC" --core-gw-mac "$B_GW_CORE_MAC" \
		>"$d.log" 2>&1 || { cat "$d.log" >&2; b_die "make-pcaps failed"; }
	rm -f "$d/sessions.txt"
}

# b_pcap_vdevs NAME: port 0 (access) replays the uplink pcap, port 1 (core)
# the downlink pcap; no tx_pcap: sent frames are dropped and counted.
b_pcap_vdevs() {
	local d=$B_DIR/pcap-$1
	echo "--vdev=net_pcap0,rx_pcap=$d/uplink.pcap,infinite_rx=1" \
		"--vdev=net_pcap1,rx_pcap=$d/downlink.pcap,infinite_rx=1"
}

# b_pcap_gw_start NAME MAX_SESSIONS: srpgw (1 worker) on the pcap ports of
# case NAME with a table of MAX_SESSIONS.
# shellcheck disable=SC2034  # read by b_gw_cfg and b_gw_start (dynamic scope)
b_pcap_gw_start() {
	local B_PORT_DEV=net_pcap B_GW_DP_EXTRA="mbufs $B_PCAP_MBUFS" B_GW_VDEVS
	B_GW_VDEVS=$(b_pcap_vdevs "$1")
	b_gw_start "$2" "$B_PCAP_MEM"
}

# b_pcap_gw_tx: "SECONDS TX DROPS" now: srpgw's packets sent on both ports
# (show port statistics) and the worker's drops on both.
b_pcap_gw_tx() {
	local t
	t=$(date +%s.%N)
	taskset -c "$B_GEN_CPU" "$B_CTL" -s "$B_GW_SOCK" --json \
		show port statistics | "$B_PY" -c '
import json, sys
p = json.load(sys.stdin)["ports"]
print(sys.argv[1], sum(x["tx_packets"] for x in p),
      sum(x["worker_drop"] for x in p))' "$t"
}

# b_pcap_gw_measure WARM_S WINDOW_S: after WARM_S, srpgw's tx rate over
# WINDOW_S. Prints "MPPS DROPS" (drops: worker drops in the window).
b_pcap_gw_measure() {
	local a b
	sleep "$1"
	a=$(b_pcap_gw_tx) || return 1
	sleep "$2"
	b=$(b_pcap_gw_tx) || return 1
	awk -v a="$a" -v b="$b" 'BEGIN { split(a, x); split(b, y);
		printf "%.3f %d\n", (y[2] - x[2]) / (y[1] - x[1]) / 1e6, y[3] - x[3] }'
}

# b_pcap_tp_run NAME WARM_S WINDOW_S: dpdk-testpmd io-forward on the pcap
# ports of case NAME (fwd lcore on the forwarder's CPU, main lcore on the
# other), stats every second; sets B_TP_MPPS to the mean tx rate of both
# ports (Mpps) over WINDOW_S reports after the first report and WARM_S
# more (0 when it failed). Not in a subshell: the process and its file
# prefix must be registered in this shell for the cleanup.
b_pcap_tp_run() {
	local name=$1 warm=$2 win=$3 p log=$B_DIR/tp-pcap-$1.log
	[ -n "$B_TESTPMD" ] || b_die "dpdk-testpmd not found (apt-get install dpdk)"
	b_prefix "tpp$RANDOM"
	p=$B_P
	# Line-buffered: the reports are counted while it runs.
	# shellcheck disable=SC2046
	stdbuf -oL "$B_TESTPMD" --lcores "0@$B_GEN_CPU,1@$B_FWD_CPU" \
		$(b_eal_mem "$B_PCAP_MEM") --no-pci --file-prefix="$p" \
		$(b_pcap_vdevs "$name") -- --forward-mode=io --auto-start \
		--nb-cores=1 --total-num-mbufs="$B_PCAP_MBUFS" --no-flush-rx \
		--stats-period 1 </dev/null >"$log" 2>&1 &
	B_TP_PID=$!
	B_PIDS+=("$B_TP_PID")
	for _ in $(seq 300); do
		kill -0 "$B_TP_PID" 2>/dev/null ||
			{ cat "$log" >&2; b_die "testpmd exited at start"; }
		grep -qs "Tx-pps" "$log" && break
		sleep 0.1
	done
	# Reports come once a second: wait for 1 + warm + win + 1 of them.
	for _ in $(seq $(((warm + win + 10) * 10))); do
		[ "$(grep -c "Tx-pps" "$log")" -ge $(((1 + warm + win + 1) * 2)) ] &&
			break
		sleep 0.1
	done
	kill -0 "$B_TP_PID" 2>/dev/null ||
		{ tail -5 "$log" >&2; b_log "testpmd exited while measuring"; }
	b_kill "$B_TP_PID"
	rm -rf "/var/run/dpdk/$p"
	# Each report has one Tx-pps line per port (0 then 1); the first
	# report has no rate yet, the next WARM are the warm-up.
	# shellcheck disable=SC2034  # read by the caller
	B_TP_MPPS=$(awk -v skip=$(((1 + warm) * 2)) -v n=$((win * 2)) '
		/Tx-pps/ { k++; if (k > skip && k <= skip + n) s += $2 }
		END { printf "%.3f\n", (k >= skip + n ? s / (n / 2) / 1e6 : 0) }' "$log")
}
