#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# srpgw-pfcpgen's event loop against pfcpgen_fakeup on loopback (no root):
# every phase accepted with heartbeats answered; garbage, wrong-type,
# doubled and lost responses counted and recovered; a deaf server timed out
# cleanly; the rate held; bad options refused with status 2.
# Usage: test_pfcpgen_loop.sh SRPGW_PFCPGEN PFCPGEN_FAKEUP
set -u
gen=$1 fake=$2
py=/usr/bin/python3
port=$((20000 + $$ % 20000))
fails=0
pids=()
tmp=$(mktemp -d /tmp/pfcpgen-loop.XXXXXX)
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT

check() {	# NAME PYTHON-EXPRESSION-ON-j FILE
	if "$py" -c "import json,sys; j=json.load(open('$3')); sys.exit(0 if ($2) else 1)"; then
		echo "ok   $1"
	else
		echo "FAIL $1: $2"; cat "$3"; fails=$((fails + 1))
	fi
}

status() {	# NAME WANT GOT
	if [ "$2" = "$3" ]; then echo "ok   $1 (status $3)"; else
		echo "FAIL $1: status $3, want $2"; fails=$((fails + 1)); fi
}

"$fake" 127.0.0.1 "$port" --hb-ms 20 & pids+=($!)
"$fake" 127.0.0.1 $((port + 1)) --misbehave & pids+=($!)
sleep 0.2

"$gen" --server 127.0.0.1:$port --local 127.0.0.1:$((port + 2)) \
	--sessions 3000 --window 64 --t1-ms 200 --json >"$tmp/ok.json"
status "clean run" 0 $?
check "every phase accepted" 'all(j["phases"][p]["accepted"] == 3000 and j["phases"][p]["timeouts"] == 0 for p in ("est","mod","del"))' "$tmp/ok.json"
check "association accepted, FTUP" 'j["association"]["result"] == "accepted" and j["association"]["up_features"].startswith("10")' "$tmp/ok.json"
check "UP SEID and F-TEID learnt" 'j["session0"]["up_seid"] > 0 and j["session0"]["ul_teid"] > 0' "$tmp/ok.json"
check "latency percentiles" 'all(0 < j["phases"][p]["latency_us"]["p50"] <= j["phases"][p]["latency_us"]["p99"] <= j["phases"][p]["latency_us"]["max"] for p in ("est","mod","del"))' "$tmp/ok.json"
check "nothing odd received" 'j["rx"]["malformed"] == 0 and j["rx"]["unexpected"] == 0 and j["rx"]["foreign"] == 0' "$tmp/ok.json"

# a run long enough for the fake's heartbeats (every 20 ms)
"$gen" --server 127.0.0.1:$port --local 127.0.0.1:$((port + 2)) \
	--sessions 300 --rate 1000 --phases est --json >"$tmp/hb.json"
status "rated run" 0 $?
check "heartbeats answered" 'j["rx"]["heartbeats_answered"] > 0' "$tmp/hb.json"
check "rate held" '0.25 <= j["phases"]["est"]["duration_s"] <= 1.5 and j["phases"]["est"]["rate_per_s"] < 1300' "$tmp/hb.json"

"$gen" --server 127.0.0.1:$((port + 1)) --local 127.0.0.1:$((port + 3)) \
	--sessions 2000 --t1-ms 100 --n1 3 --json >"$tmp/bad.json"
status "misbehaving server" 0 $?
check "misbehaviour counted" 'j["rx"]["malformed"] > 0 and j["rx"]["unexpected"] > 0 and j["rx"]["late"] > 0 and j["phases"]["est"]["retransmissions"] > 0' "$tmp/bad.json"

"$gen" --server 127.0.0.1:$((port + 4)) --local 127.0.0.1:$((port + 5)) \
	--sessions 10 --t1-ms 50 --n1 1 --json >"$tmp/deaf.json"
status "deaf server" 1 $?
check "association timed out, nothing else sent" 'j["association"]["result"] == "timeout" and j["phases"]["assoc"]["retransmissions"] == 1 and j["phases"]["est"]["sent"] == 0' "$tmp/deaf.json"
"$gen" --server 127.0.0.1:$((port + 4)) --local 127.0.0.1:$((port + 5)) \
	--sessions 10 --t1-ms 50 --n1 0 --keep-going --phases est --json >"$tmp/deaf2.json"
status "deaf server, keep going" 1 $?
check "every establishment timed out" 'j["phases"]["est"]["sent"] == 10 and j["phases"]["est"]["timeouts"] == 10' "$tmp/deaf2.json"

for bad in "--sessions 5" "--server 1.2.3.4 --sessions 0" "--server 1.2.3.4 --phases del,est" \
	   "--server 1.2.3.4:70000" "--server 1.2.3.4 --ue-pool 10.0.0.1/30 --sessions 9"; do
	# shellcheck disable=SC2086
	"$gen" $bad >/dev/null 2>"$tmp/err"
	status "refused: $bad" 2 $?
	grep -q . "$tmp/err" || { echo "FAIL no message for: $bad"; fails=$((fails + 1)); }
done

# What goes over the wire, read by tshark: 0 malformed, 0 expert notes.
# Capturing needs root; the addresses are this test's own (127.77.x.y).
if [ "$(id -u)" -ne 0 ] || ! command -v tshark >/dev/null; then
	echo "skip tshark check (needs root and tshark)"
else
	cap=$tmp/cap.pcapng
	"$fake" 127.77.0.1 8805 --hb-ms 20 & pids+=($!)
	tshark -i lo -f 'udp port 8805 and host 127.77.0.1' -w "$cap" \
		>"$tmp/tshark.log" 2>&1 & tpid=$!
	pids+=("$tpid")
	for _ in $(seq 50); do
		grep -q "Capturing on" "$tmp/tshark.log" && break
		sleep 0.1
	done
	sleep 0.5
	"$gen" --server 127.77.0.1 --local 127.77.0.2 --sessions 50 \
		--rate 500 >/dev/null
	status "captured run" 0 $?
	sleep 0.5
	kill -INT "$tpid"
	wait "$tpid" 2>/dev/null
	n=$(tshark -r "$cap" -Y pfcp 2>/dev/null | wc -l)
	types=$(tshark -r "$cap" -T fields -e pfcp.msg_type 2>/dev/null | sort -un | tr '\n' ' ')
	malformed=$(tshark -r "$cap" -Y '_ws.malformed || _ws.expert' 2>/dev/null | wc -l)
	if [ "$n" -ge 300 ] && [ "$malformed" -eq 0 ] &&
	   [ "$types" = "1 2 5 6 50 51 52 53 54 55 " ]; then
		echo "ok   tshark: $n PFCP packets, types ${types}0 malformed, 0 expert"
	else
		echo "FAIL tshark: $n packets, types '$types', $malformed malformed or expert"
		tshark -r "$cap" -z expert -q 2>/dev/null | head -20
		fails=$((fails + 1))
	fi
fi

echo "$fails failed"
[ "$fails" -eq 0 ]
