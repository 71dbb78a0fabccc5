#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# In-service configuration changes on a running pair: srpgwctl configure
# changes the hello interval, the priority, a monitor and a static route
# (seen in show srp info, by the peer, in show srp monitor, show ip route
# and show configuration); a file that changes a port is refused whole
# with the list of what needs a restart; a malformed file is refused with
# FILE:LINE; nothing changes either time; configure FILE partial applies
# only the run-time part; SIGHUP reads the start-up file again. Then the
# chassis' SRP configurations differ: a planned switchover is refused
# naming the mismatch, a forced one goes through.
. "$(dirname "$0")/lib.sh"
t_need_root

t_srp_netns
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1
t_check "gateway A starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
pid_a=$T_GW_PID
t_check "gateway B starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "A ACTIVE, B STANDBY_READY, configurations match" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY" and j["config_match"] == "match"' 60

# new FILE EDIT...: write FILE from a.cfg with the sed edits given.
new() {
	local out=$1 src=$2
	shift 2
	sed "$@" "$src" >"$out"
}
shown() { t_ctl "$1" show configuration; }
# refused WHAT FILE: configure FILE on A must fail; its answer goes to
# FILE.out.
refused() {
	local st
	t_ctl a configure "$2" >"$2.out" 2>&1
	st=$?
	t_check "$1 refused (exit $st)" test "$st" -ne 0
}

# 1. Run-time changes on both chassis (the hello interval and the monitor
# are must-match lines), A's priority and a static route on A.
runtime_edits=(-e 's/hello-interval 1$/hello-interval msec 500/'
	-e 's/dead-interval 3$/dead-interval 3\n      monitor bgp context ingress 198.51.100.254/')
new "$T_DIR/a2.cfg" "$T_DIR/a.cfg" "${runtime_edits[@]}" -e 's/priority 10$/priority 15/' \
	-e 's|^    ip route 0.0.0.0.*|&\n    ip route 10.50.0.0/16 198.51.100.253 sgi|'
new "$T_DIR/b2.cfg" "$T_DIR/b.cfg" "${runtime_edits[@]}"
t_check "A: configure applies" \
	t_srp_json a 'j["result"] == "applied" and j["restart_changes"] == 0 and j["runtime_changes"] >= 4' \
	configure "$T_DIR/a2.cfg"
t_check "A runs with priority 15 and hello 500 ms" \
	t_srp_json a 'j["local_priority"] == 15 and j["hello_interval_ms"] == 500 and j["chassis_state"] == "ACTIVE"' show srp info
t_check "B's view of A: priority 15 in A's hellos" \
	t_srp_wait b 'j["peer"]["priority"] == 15'
t_check "B sees A's configuration differ until B changes too" \
	t_srp_wait b 'j["config_match"] == "mismatch"'
t_check "B: configure (relative path) applies" \
	bash -c "cd '$T_DIR' && '$SRPGWCTL_BIN' -s '$T_DIR/b.sock' -t 30 configure b2.cfg >/dev/null"
t_check "the pair matches again" \
	t_srp_wait a 'j["config_match"] == "match" and j["peer"]["state"] == "STANDBY_READY"'
t_check "A monitors the new BGP neighbour" \
	t_srp_json a 'any("198.51.100.254" in m["target"] and m["type"] == "bgp" for m in j["monitors"])' show srp monitor all
t_check "A routes 10.50.0.0/16" \
	grep -q "10.50.0.0/16" <<<"$(t_ctl a show ip route)"
t_check "show configuration has the applied file" \
	grep -q "hello-interval msec 500" <<<"$(shown a)"
t_check "show configuration changes counts the apply" \
	t_srp_json a 'j["last_result"] == "applied" and j["attempts"]["applied"] == 1 and j["last_source"] == "configure"' \
	show configuration changes

# 2. A port change with a run-time change: refused whole, with the list.
before=$(shown a)
new "$T_DIR/a3.cfg" "$T_DIR/a2.cfg" -e 's/net_null1$/net_null5/' -e 's/priority 15$/priority 16/'
refused "restart-needing file" "$T_DIR/a3.cfg"
t_check "the refusal lists the port change" \
	grep -q "need a restart.*net_null5" "$T_DIR/a3.cfg.out"
t_check "nothing applied: configuration byte for byte" \
	test "$before" = "$(shown a)"
t_check "nothing applied: priority still 15" \
	t_srp_json a 'j["local_priority"] == 15' show srp info
t_check "the refusal is counted" \
	t_srp_json a 'j["attempts"]["refused-restart-needed"] == 1 and any("net_null5" in c for c in j["changes"])' \
	show configuration changes

# 3. A malformed file: FILE:LINE, nothing changes.
new "$T_DIR/a4.cfg" "$T_DIR/a2.cfg" -e 's/priority 15$/priority 900/'
line=$(grep -n "priority 900" "$T_DIR/a4.cfg" | cut -d: -f1)
refused "malformed file" "$T_DIR/a4.cfg"
t_check "the error names $T_DIR/a4.cfg:$line" \
	grep -q "a4.cfg:$line:" "$T_DIR/a4.cfg.out"
t_check "nothing applied after the malformed file" \
	test "$before" = "$(shown a)"

# partial: the run-time part of the port-changing file only.
t_check "configure partial applies the run-time part" \
	t_srp_json a 'j["result"] == "applied-partially" and j["restart_changes"] == 2' \
	configure "$T_DIR/a3.cfg" partial
t_check "priority 16 runs, the port stays" \
	t_srp_json a 'j["local_priority"] == 16' show srp info
t_check "show configuration keeps net_null1" \
	bash -c "grep -q 'dpdk-device net_null1$' <<<\"\$1\" && ! grep -q net_null5 <<<\"\$1\"" _ "$(shown a)"

# 4. SIGHUP: the start-up file again.
new "$T_DIR/a.new" "$T_DIR/a2.cfg" -e 's/priority 15$/priority 17/'
mv "$T_DIR/a.new" "$T_DIR/a.cfg"
kill -HUP "$pid_a"
t_check "SIGHUP applied the start-up file" \
	t_srp_json_wait a 'j["local_priority"] == 17' show srp info
t_check "show configuration changes names the signal" \
	t_srp_json a 'j["last_source"] == "sighup" and j["last_result"] == "applied"' show configuration changes
t_check "A still ACTIVE after the signal" \
	t_srp_json a 'j["chassis_state"] == "ACTIVE"' show srp info

# 5. The SRP configurations differ: planned switchover refused, forced one
# goes through.
new "$T_DIR/a5.cfg" "$T_DIR/a.cfg" -e 's/dead-interval 3$/dead-interval 3\n      checkpoint session duration 45/'
t_check "A: configure a must-match line" \
	t_srp_json a 'j["result"] == "applied"' configure "$T_DIR/a5.cfg"
t_check "A sees the mismatch, B still READY" \
	t_srp_wait a 'j["config_match"] == "mismatch" and j["peer"]["state"] == "STANDBY_READY"'
t_ctl a srp initiate-switchover >"$T_DIR/sw.out" 2>&1
st=$?
t_check "planned switchover refused (exit $st)" test "$st" -ne 0
t_check "the refusal names the mismatch" \
	grep -q "config-mismatch.*checkpoint session duration 45" "$T_DIR/sw.out"
t_check "validate-switchover says why" \
	t_srp_json a 'j["config_match"] == "no" and j["switchover"] == "config-mismatch" and j["switchover_force"] == "allowed"' \
	srp validate-switchover
t_check "A still ACTIVE after the refusal" \
	t_srp_json a 'j["chassis_state"] == "ACTIVE"' show srp info
t_check "forced switchover accepted" \
	t_srp_json a 'j["result"] == "started" and j["force"]' srp initiate-switchover force
t_check "B takes over" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 60
t_check "A becomes the standby" \
	t_srp_wait a 'j["chassis_state"] in ("STANDBY_SYNCING", "STANDBY_READY")' 60
t_check "exactly one ACTIVE" t_srp_one_active
t_finish
