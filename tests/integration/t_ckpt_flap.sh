#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# A standby that flaps in the middle of full checkpoints converges by
# itself (docs/checkpoint.md section 14). The standby B is frozen
# (SIGSTOP) for a second, over the dead interval (300 ms), each time it is
# STANDBY_SYNCING, i.e. while the active A sends it a full checkpoint,
# and A deletes sessions meanwhile: A resets the link, B declares A dead
# when it runs again, takes over (ACTIVE), reconnects and is sent back to
# STANDBY_SYNCING by the split-brain resolution, with chunks of the
# abandoned epoch possibly still unread. Checks: B ends STANDBY_READY with
# A's session count and digest, no full checkpoint failed as out of
# order. Before B starts, A active alone (never having heard a peer) runs
# no post-switchover phases, so its session creates are not held back.
# The loop is bounded by count and every wait polls a condition a
# bounded number of times; the freeze only has to exceed the dead
# interval.
. "$(dirname "$0")/lib.sh"
t_need_root

export T_SRP_MAX_SESSIONS=262144 T_EAL_MEM=768
N=200000
FLAPS=5
t_srp_netns
ck=("checkpoint session duration 0")
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 "${ck[@]}" \
	"hello-interval msec 100" "dead-interval msec 300"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "${ck[@]}" \
	"hello-interval msec 100" "dead-interval msec 300"

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
pid_a=$T_GW_PID
t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE"'
# Active alone, never having heard a peer: nothing was taken over, so no
# post-switchover phases hold back session creates.
t_check "A alone: no post-switchover phases, creates allowed" \
	t_srp_json a 'j["post_switchover"]["runs"] == 0 and j["post_switchover"]["session_create"] == "allowed"' show srp info
t_check "$N sessions generated on A" \
	t_ctl a session generate count $N local-teid 0x10000 remote-teid 0x20000 \
		peer 192.0.2.10 ue-ipv4-pool 10.64.0.0/14
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
pid_b=$T_GW_PID

teid=$((0x10000))
for k in $(seq $FLAPS); do
	t_srp_wait b 'j["chassis_state"] == "STANDBY_SYNCING" and j["peer"]["state"] == "ACTIVE"' 30 >/dev/null ||
		t_log "flap $k: B not STANDBY_SYNCING"
	kill -STOP "$pid_b"
	for i in $(seq 20); do
		t_ctl a session delete local-teid $((teid + i * 7)) >/dev/null ||
			t_log "flap $k: delete $i failed"
	done
	teid=$((teid + 1000))
	sleep 1
	kill -CONT "$pid_b"
done
t_check "A reset the link to the frozen standby (the flaps happened)" \
	t_srp_json a 'j["connection"]["resets_by_reason"]["dead"] >= 2' \
	show srp statistics
t_check "A stays ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE"' 30
t_check "B ends STANDBY_READY, sync state ready" \
	t_srp_wait b 'j["chassis_state"] == "STANDBY_READY" and j["sync_state"] == "ready"' 90
t_check "B holds A's sessions (digest)" t_digest_wait a b 60
d_a=$(t_digest a)
t_check "B has A's session count (${d_a%% *})" \
	t_srp_json b "j['sessions'] == ${d_a%% *}" show subscribers digest
t_check "B failed no full checkpoint as out of order" \
	t_ckpt_json b 'j["failures_by_reason"]["order"] == 0'
t_log "B: $(t_json_get "$(t_ctl b --json show srp checkpoint statistics verbose)" \
	'(j["stale_epoch_messages"], j["resync_requests"], j["full_checkpoints_applied"])') (stale, resync requests, applied)"
kill -TERM "$pid_a" "$pid_b"
t_wait_exit "$pid_a"
t_wait_exit "$pid_b"
t_finish
