#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Session replication between two srpgw processes over SRP: 100,000
# sessions generated on the active reach the standby (same digest, standby
# READY), create/modify/delete churn keeps the copies equal, LZ4 is used
# when both ask for it, a kill -9 of the active leaves the standby ACTIVE
# with every session, and the restarted old active comes back as a standby
# that resyncs with a full checkpoint while new sessions arrive as deltas.
. "$(dirname "$0")/lib.sh"
t_need_root

export T_SRP_MAX_SESSIONS=262144 T_EAL_MEM=768
N=100000
t_srp_netns
ck=("checkpoint session duration 0" "checkpoint session compression lz4")
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 "${ck[@]}"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "${ck[@]}"

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
pid_a=$T_GW_PID
t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE"'
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
pid_b=$T_GW_PID
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'

t_check "$N sessions generated on A" \
	t_ctl a session generate count $N local-teid 0x10000 remote-teid 0x20000 \
		peer 192.0.2.10 ue-ipv4-pool 10.64.0.0/14 ue-ipv6-pool 2001:db8:100::/40 qfi 9
t_check "B holds the same $N sessions (digest)" t_digest_wait a b 90
t_check "B has $N sessions" t_srp_json b "j['sessions'] == $N" show subscribers digest
t_check "B still STANDBY_READY, sync state ready" \
	t_srp_wait b 'j["chassis_state"] == "STANDBY_READY" and j["sync_state"] == "ready"'
	t_ckpt_json a 'j["compression"] == "lz4" and j["bytes_by_algorithm"]["lz4"]["after_compression"] > 0'
t_check "B: compression lz4, upserts applied, nothing failed" \
	t_ckpt_json b 'j["compression"] == "lz4" and j["records_applied_upsert"] >= '$N' and j["batches_failed"] == 0'

# Churn on the active: delete, modify, create.
for i in $(seq 0 9); do
	t_ctl a session delete local-teid $((0x10000 + i * 1000)) >/dev/null || t_log "delete $i failed"
	t_ctl a session modify local-teid $((0x10000 + i * 1000 + 1)) remote-teid $((0x900000 + i)) >/dev/null ||
		t_log "modify $i failed"
	t_ctl a session create local-teid $((0x800000 + i)) remote-teid $((0x800000 + i)) \
		peer 192.0.2.11 ue-ipv4 10.46.0.$((i + 1)) volte >/dev/null || t_log "create $i failed"
done
t_check "A has $N sessions after churn" t_srp_json a "j['sessions'] == $N" show subscribers digest
t_check "B equal to A again after churn (digest)" t_digest_wait a b 30
t_check "B applied deltas" t_ckpt_wait b 'j["deltas_received"] > 0 and j["records_applied_delete"] >= 10'
digest_a=$(t_digest a)

# Unplanned takeover: B keeps every session.
kill -KILL "$pid_a"
t_wait_exit "$pid_a"
t_check "B becomes ACTIVE" t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 30
t_check "B still holds every session of A (digest)" test "$(t_digest b)" = "$digest_a"
t_check "B: call loss 0 at the takeover" \
	t_srp_json b 'j["takeovers"] == 1 and j["last_takeover"]["sessions_lost"] == 0' show srp call-loss statistics

# The old active comes back as a standby and resyncs.
t_check "A restarts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
# More sessions on B while A joins: deltas interleave with the checkpoint.
t_check "50000 more sessions on B while A syncs" \
	t_ctl b session generate count 50000 local-teid 0x100000 remote-teid 0x200000 \
		peer 192.0.2.12 ue-ipv4-pool 10.80.0.0/16
t_check "A becomes STANDBY_READY" t_srp_wait a 'j["chassis_state"] == "STANDBY_READY"' 90
t_check "A holds B's sessions again (digest)" t_digest_wait a b 30
t_check "A holds $((N + 50000)) sessions" \
	t_srp_json a "j['sessions'] == $((N + 50000))" show subscribers digest
t_check "A removed nothing it should keep at CKPT_END" \
	t_ckpt_json a 'j["sessions_removed_at_end"] == 0'
t_check "A applied a full checkpoint" \
	t_ckpt_json a 'j["full_checkpoints_applied"] >= 1 and j["batches_failed"] == 0'
t_check "B sent a full checkpoint to A" t_ckpt_json b 'j["full_checkpoints_sent"] >= 1'
t_finish
