#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Session timers on a pair: configured defaults (absolute 30 s) and
# per-session overrides set by session modify; a session that idles out or
# reaches its lifetime is deleted on the active and the deletion reaches
# the standby; the standby expires nothing. After a kill -9 of the active
# the new active keeps the sessions and restarts their lifetime in full:
# once A has less than 20 s left, B shows more than 20 s right after it
# takes over. A session's own timeouts reach the standby (timer records,
# both sides sharing the session-timers capability) and are in force on
# it after the takeover.
. "$(dirname "$0")/lib.sh"
t_need_root

t_srp_netns
ck="checkpoint session duration 0"
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 "$ck"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "$ck"
for f in "$T_DIR/a.cfg" "$T_DIR/b.cfg"; do
	sed -i 's/^    max-sessions .*/&\n    session absolute-timeout 30/' "$f"
done

# sess_left NAME TEID EXPR: EXPR on the session's absolute_remaining_s (r).
sess_left() {
	t_srp_json "$1" "(lambda r: $3)(j['absolute_remaining_s'])" \
		show subscribers local-teid "$2"
}

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
pid_a=$T_GW_PID
t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE"'
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
t_check "A: defaults from the configuration, expiry running" \
	t_srp_json_wait a 'j["absolute_timeout_s"] == 30 and j["idle_timeout_s"] == 0 and j["expiry_running"]' \
	show subscribers timers
t_check "B: no expiry on the standby" \
	t_srp_json b 'j["absolute_timeout_s"] == 30 and not j["expiry_running"]' \
	show subscribers timers

t_check "4 sessions generated on A" \
	t_ctl a session generate count 4 local-teid 0x100 remote-teid 0x200 \
		peer 192.0.2.10 ue-ipv4-pool 10.45.0.0/24
t_check "B holds the 4 sessions (digest)" t_digest_wait a b 30
t_check "A shows the default lifetime on a session" \
	sess_left a 0x100 '0 < r <= 30'

# Short timers on two of them (no traffic on net_null: idle grows).
t_check "0x102 gets idle-timeout 2" \
	t_ctl a session modify local-teid 0x102 idle-timeout 2
t_check "0x103 gets absolute-timeout 3" \
	t_ctl a session modify local-teid 0x103 absolute-timeout 3
t_check "A expires both (one idle, one absolute)" \
	t_srp_json_wait a 'j["expired_idle"] == 1 and j["expired_absolute"] == 1' \
	show subscribers timers
t_check "A holds 2 sessions" \
	t_srp_json a 'j["sessions"] == 2' show subscribers digest
t_check "the deletions reached B" \
	t_srp_json_wait b 'j["sessions"] == 2' show subscribers digest
t_check "A and B equal again" t_digest_wait a b 30
t_check "B expired nothing itself" \
	t_srp_json b 'j["expired_idle"] == 0 and j["expired_absolute"] == 0' \
	show subscribers timers
t_check "A: show subscribers local-teid 0x102 says it is gone" \
	bash -c '! "$0" -s "$1" -t 30 show subscribers local-teid 0x102' \
	"$SRPGWCTL_BIN" "$T_DIR/a.sock"

# Own timeouts on 0x101: replicated, not the standby's defaults.
t_check "both sides share the session-timers capability" \
	t_srp_json b '"session-timers" in j["shared_capabilities"]' show srp info
t_check "0x101 gets idle-timeout 900 absolute-timeout 3600" \
	t_ctl a session modify local-teid 0x101 idle-timeout 900 \
		absolute-timeout 3600
t_check "B (standby) holds 0x101's own timeouts" \
	t_srp_json_wait b 'j["idle_timeout_s"] == 900 and j["absolute_timeout_s"] == 3600' \
	show subscribers local-teid 0x101
t_check "A counted the timer record sent" \
	t_srp_json a 'j["timer_records_sent"] >= 1' show srp checkpoint statistics
t_check "B counted it applied" \
	t_srp_json b 'j["timer_records_applied"] >= 1' \
	show srp checkpoint statistics

# kill -9 once A's lifetime left is below 20 s: B restarts it in full.
t_check "A: less than 20 s left for 0x100" \
	t_srp_json_wait a 'j["absolute_remaining_s"] < 20' \
	show subscribers local-teid 0x100
kill -KILL "$pid_a"
t_wait_exit "$pid_a"
t_check "B becomes ACTIVE" t_srp_wait b 'j["chassis_state"] == "ACTIVE"' 30
t_check "B keeps the 2 sessions" \
	t_srp_json b 'j["sessions"] == 2' show subscribers digest
t_check "B: expiry running, one full-lifetime restart" \
	t_srp_json_wait b 'j["expiry_running"] and j["full_lifetime_restarts"] == 1' \
	show subscribers timers
t_check "B restarted the lifetime in full (more than 20 s left)" \
	sess_left b 0x100 '20 < r <= 30'
t_check "0x101 keeps its own timeouts on the new active" \
	t_srp_json b 'j["idle_timeout_s"] == 900 and j["absolute_timeout_s"] == 3600 and 3500 < j["absolute_remaining_s"] <= 3600' \
	show subscribers local-teid 0x101
t_finish
