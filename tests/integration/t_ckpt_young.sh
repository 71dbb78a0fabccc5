#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The checkpoint session duration rule and compression negotiation: with a
# 10-second duration a new session reaches the standby only once it is 10 s
# old; sessions younger than that at a kill -9 of the active are absent on
# the new active and counted as call loss ("too young"). Only A asks for
# LZ4, so both sides use and show zlib.
. "$(dirname "$0")/lib.sh"
t_need_root

t_srp_netns
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 \
	"checkpoint session duration 10" "checkpoint session compression lz4"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 \
	"checkpoint session duration 10"

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
pid_a=$T_GW_PID
t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE"'
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
t_check "A: zlib (B did not ask for LZ4)" \
	t_ckpt_json a 'j["compression"] == "zlib" and j["local_comp_caps"] == 3 and j["peer_comp_caps"] == 1'
t_check "B: zlib" t_ckpt_json b 'j["compression"] == "zlib"'

t_check "20 sessions generated on A" \
	t_ctl a session generate count 20 local-teid 0x100 remote-teid 0x200 \
		peer 192.0.2.10 ue-ipv4-pool 10.45.0.0/24
sleep 2
t_check "2 s later B holds none of them (too young)" \
	t_srp_json b 'j["sessions"] == 0' show subscribers digest
t_check "A's aging queue holds 20" t_ckpt_json a 'j["aging_queue"] == 20'
t_check "once 10 s old they reach B (digest)" t_digest_wait a b 30
t_check "A sent them from the aging queue" t_ckpt_wait a 'j["sessions_aged_then_sent"] == 20'

t_check "5 more sessions on A" \
	t_ctl a session generate count 5 local-teid 0x1000 remote-teid 0x2000 \
		peer 192.0.2.10 ue-ipv4-pool 10.45.1.0/24
t_check "B knows A holds 25" t_ckpt_wait b 'j["active_session_count"] == 25'
kill -KILL "$pid_a"
t_wait_exit "$pid_a"
t_check "B becomes ACTIVE" t_srp_wait b 'j["chassis_state"] == "ACTIVE"' 30
t_check "B holds the 20 old sessions only" \
	t_srp_json b 'j["sessions"] == 20' show subscribers digest
t_check "B counts 5 sessions lost, too young" \
	t_srp_json b 'j["takeovers"] == 1 and j["last_takeover"]["sessions_lost"] == 5 and j["last_takeover"]["lost_too_young"] == 5 and j["last_takeover"]["lost_not_applied"] == 0' \
	show srp call-loss statistics
t_check "show srp checkpoint info lists the command ids" \
	t_srp_json b '[c["id"] for c in j["commands"]] == [1, 2, 3, 4]' show srp checkpoint info
t_finish
