#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Standby database recovery (standby database-recovery normal|aggressive)
# on a pair with 200 ms hellos: a restarted standby in normal mode becomes
# STANDBY_READY only with a complete checkpoint and at least 7 hellos from
# the active counted on the new connection; in aggressive mode it is READY
# as soon as the full checkpoint is applied, before the 7th hello. Last, a
# standby that cannot complete its checkpoint (table too small) stays
# STANDBY_SYNCING and the active refuses a plain switchover to it.
. "$(dirname "$0")/lib.sh"
t_need_root

N=2000
timers=("hello-interval msec 200" "dead-interval msec 1000"
	"checkpoint session duration 0")
t_srp_netns
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 "${timers[@]}"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "${timers[@]}"

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE"'
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
pid_b=$T_GW_PID
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"' 30
t_check "$N sessions generated on A" \
	t_ctl a session generate count $N local-teid 0x10000 remote-teid 0x20000 \
		peer 192.0.2.10 ue-ipv4-pool 10.64.0.0/16
t_check "B holds A's $N sessions (digest)" t_digest_wait a b 60

# restart_b CONFIG: stop B, start it again with CONFIG.
restart_b() {
	kill -TERM "$pid_b"
	t_wait_exit "$pid_b"
	t_srp_start b "$T_NS_B" "$1" || return 1
	pid_b=$T_GW_PID
}

# Normal mode (the default): checkpoint and 7 hellos.
t_check "B restarts (normal)" restart_b "$T_DIR/b.cfg"
t_check "B (normal) STANDBY_READY again" \
	t_srp_wait b 'j["chassis_state"] == "STANDBY_READY" and j["database_recovery"] == "normal"' 30
t_check "B (normal) counted >= 7 hellos from the active at READY" \
	t_srp_json b 'j["database_recovery"]["mode"] == "normal" and j["database_recovery"]["hellos_required"] == 7 and j["database_recovery"]["hellos_at_ready"] >= 7' \
	show srp statistics
t_check "B (normal) READY no earlier than its checkpoint" \
	t_srp_json b 'j["statistics"]["database_recovery"]["ready_after_start_ms"] >= j["statistics"]["database_recovery"]["checkpoint_applied_after_start_ms"]' \
	show srp details
t_check "B (normal) applied a full checkpoint" \
	t_ckpt_json b 'j["full_checkpoints_applied"] >= 1 and j["batches_failed"] == 0'
t_check "B (normal) holds A's sessions (digest)" t_digest_wait a b 30
t_log "normal: $(t_json_get "$(t_ctl b --json show srp statistics)" 'j["database_recovery"]')"

# Aggressive mode: READY on the checkpoint alone.
t_srp_cfg "$T_DIR/b-aggr.cfg" backup 20 10.99.0.2 10.99.0.1 "${timers[@]}" \
	"standby database-recovery aggressive"
t_check "B restarts (aggressive)" restart_b "$T_DIR/b-aggr.cfg"
t_check "B (aggressive) STANDBY_READY again" \
	t_srp_wait b 'j["chassis_state"] == "STANDBY_READY" and j["database_recovery"] == "aggressive"' 30
t_check "B (aggressive) READY before the 7th hello, after its checkpoint" \
	t_srp_json b 'j["database_recovery"]["mode"] == "aggressive" and j["database_recovery"]["hellos_required"] == 0 and j["database_recovery"]["hellos_at_ready"] < 7 and j["database_recovery"]["ready_after_start_ms"] >= j["database_recovery"]["checkpoint_applied_after_start_ms"]' \
	show srp statistics
t_check "B (aggressive) applied a full checkpoint" \
	t_ckpt_json b 'j["full_checkpoints_applied"] >= 1 and j["batches_failed"] == 0'
t_check "B (aggressive) holds A's sessions (digest)" t_digest_wait a b 30
t_log "aggressive: $(t_json_get "$(t_ctl b --json show srp statistics)" 'j["database_recovery"]')"

# A standby whose checkpoint cannot complete stays syncing: a plain
# switchover to it is refused, and the refusal names the reason.
T_SRP_MAX_SESSIONS=256 t_srp_cfg "$T_DIR/b-small.cfg" backup 20 10.99.0.2 \
	10.99.0.1 "${timers[@]}"
t_check "B restarts (table smaller than A's sessions)" restart_b "$T_DIR/b-small.cfg"
t_check "A sees B STANDBY_SYNCING" \
	t_srp_wait a 'j["peer"]["connected"] and j["peer"]["state"] == "STANDBY_SYNCING"' 30
t_check "B still waits for a complete checkpoint" \
	t_srp_wait b 'j["chassis_state"] == "STANDBY_SYNCING" and j["ready_wait"].startswith("waiting for the checkpoint")'
t_check "A: validate-switchover says peer-not-ready (force allowed)" \
	t_srp_json a 'j["switchover"] == "peer-not-ready" and j["switchover_force"] == "allowed"' \
	srp validate-switchover
t_check "A refuses srp initiate-switchover without force" \
	eval '! t_ctl a srp initiate-switchover >"$T_DIR/sw.out" 2>&1'
t_check "the refusal says peer-not-ready" grep -q "peer-not-ready" "$T_DIR/sw.out"
t_check "A still ACTIVE, B still STANDBY_SYNCING" \
	t_srp_json a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_SYNCING"' \
	show srp info
t_finish
