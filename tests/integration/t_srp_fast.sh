#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# A pair with millisecond timers (hello-interval msec 20, dead-interval msec
# 100) and DSCP marking: the SRP packets on the wire carry the configured
# code points (control af41 for hellos, session af21 for the checkpoint
# messages), the timers show in ms, and kill -9 of the active still makes
# the standby take over.
. "$(dirname "$0")/lib.sh"
t_need_root

extra=("hello-interval msec 20" "dead-interval msec 100"
	"dscp-marking control af41" "dscp-marking session af21")
t_srp_netns
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 "${extra[@]}"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "${extra[@]}"

# Capture the SRP link from before the pair meets (the checkpoint exchange
# happens once, when B joins).
ip netns exec "$T_NS_A" tcpdump -i srpA -nn -v -l 'tcp port 5422' \
	>"$T_DIR/srp.txt" 2>"$T_DIR/tcpdump.err" &
dump_pid=$!
for _ in $(seq 600); do
	grep -q "listening on" "$T_DIR/tcpdump.err" 2>/dev/null && break
	sleep 0.1
done

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
pid_a=$T_GW_PID
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "A ACTIVE with B as its standby" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY"'
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
t_check "timers are the millisecond values" \
	t_srp_json a 'j["timers"]["hello_interval_ms"] == 20 and j["timers"]["dead_interval_ms"] == 100' \
	show srp details
t_check "hellos flow at the short interval" \
	t_srp_json b 'j["hellos"]["received"] >= 5' show srp statistics
kill "$dump_pid" 2>/dev/null
wait "$dump_pid" 2>/dev/null
# af41 = 34 -> TOS 0x88; af21 = 18 -> TOS 0x48 (DSCP in the top 6 bits).
t_check "control messages carry DSCP af41 (tos 0x88)" grep -q "tos 0x88" "$T_DIR/srp.txt"
t_check "checkpoint messages carry DSCP af21 (tos 0x48)" grep -q "tos 0x48" "$T_DIR/srp.txt"
# Every segment that carries SRP bytes is marked (handshake and pure ACKs
# may go out before the first message sets the mark).
unmarked() {
	/usr/bin/python3 - "$T_DIR/srp.txt" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
bad = data = 0
for ip, tcp in zip(lines, lines[1:]):
    m = re.search(r"\(tos (0x[0-9a-f]+),", ip)
    n = re.search(r"length (\d+)$", tcp)
    if m and n and int(n.group(1)) > 0:
        data += 1
        bad += m.group(1) not in ("0x88", "0x48")
print(data, bad)
sys.exit(0 if data > 0 and bad == 0 else 1)
PY
}
t_check "every SRP data segment is marked" unmarked

kill -KILL "$pid_a"
t_wait_exit "$pid_a"
t_check "B takes over after the dead interval" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "B counts a dead-peer switchover" \
	t_srp_json b 'j["switchovers"]["dead_peer"] >= 1' show srp statistics
t_finish
