#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Subscriber state audit between two srpgw processes over SRP: a synced
# pair of 5,000 sessions passes an audit in one QUERY/DIGESTS exchange;
# with the active's deltas dropped on purpose (debug ckpt-drop-deltas)
# while sessions are deleted, modified and created, a plain audit on the
# standby reports the missing, stale and differing sessions and changes
# nothing; srp initiate-audit manual-with-sync repairs them (digests equal
# again) and a second audit finds no difference in two messages. Each
# audit that found differences raises starSRPAuditFailure (show snmp trap
# history); the passing ones raise nothing.
. "$(dirname "$0")/lib.sh"
t_need_root

export T_SRP_MAX_SESSIONS=16384
N=5000
K=10
t_srp_netns
ck=("checkpoint session duration 0" "no checkpoint session periodic-interval")
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 "${ck[@]}"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "${ck[@]}"

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE"'
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'

# Refusals: a clear reason, nothing started.
refused() { # NAME TEXT COMMAND...: COMMAND fails on NAME, saying TEXT
	local name=$1 text=$2 out
	shift 2
	if out=$(t_ctl "$name" "$@" 2>&1); then
		t_log "accepted: $*"
		return 1
	fi
	grep -qF "$text" <<<"$out" || { t_log "refused otherwise: $out"; return 1; }
}
t_check "A (active) refuses to run an audit" \
	refused a "refused: this chassis is active" srp initiate-audit
t_check "B refuses the test hook (standby)" \
	refused b "only on the active" debug ckpt-drop-deltas 5
t_check "a bad argument is refused" \
	refused b "expected: srp initiate-audit" srp initiate-audit now
t_check "no audit ran" t_srp_json b 'j["audits_run"] == 0' show srp audit-statistics

t_check "$N sessions generated on A" \
	t_ctl a session generate count $N local-teid 0x10000 remote-teid 0x20000 \
		peer 192.0.2.10 ue-ipv4-pool 10.64.0.0/16
t_check "B holds the same $N sessions (digest)" t_digest_wait a b 60

# An audit of equal copies: one query, one answer.
audit_done() { # NAME RUNS EXPR
	t_srp_json_wait "$1" "not j['audit_running'] and j['audits_run'] == $2 and ($3)" \
		show srp audit-statistics
}
t_check "B: audit 1 started" t_ctl b srp initiate-audit
t_check "B: audit 1 passed in 2 messages" audit_done b 1 \
	'j["audits_passed"] == 1 and j["last_audit"]["messages_exchanged"] == 2 and
	 j["last_audit"]["missing_on_standby"] + j["last_audit"]["stale_on_standby"] +
	 j["last_audit"]["differing"] == 0 and j["last_audit"]["result"].startswith("passed")'

# Desynchronise B: the active drops the records of 3 x K changes.
t_check "A: drop the next $((3 * K)) delta records" t_ctl a debug ckpt-drop-deltas $((3 * K))
for i in $(seq 0 $((K - 1))); do
	t_ctl a session delete local-teid $((0x10000 + i * 100)) >/dev/null || t_log "delete $i failed"
	t_ctl a session modify local-teid $((0x10000 + i * 100 + 1)) remote-teid $((0x900000 + i)) \
		>/dev/null || t_log "modify $i failed"
	t_ctl a session create local-teid $((0x800000 + i)) remote-teid $((0x800000 + i)) \
		peer 192.0.2.11 ue-ipv4 10.46.0.$((i + 1)) >/dev/null || t_log "create $i failed"
done
t_check "A dropped $((3 * K)) delta records" \
	t_srp_json_wait a "j['deltas_dropped_by_test_hook'] == $((3 * K)) and j['deltas_to_drop'] == 0" \
		show srp audit-statistics
# One more change that does reach B: everything before it was sent.
t_check "one more session on A" t_ctl a session create local-teid 0x810000 remote-teid 0x810000 \
	peer 192.0.2.11 ue-ipv4 10.46.1.1
t_check "B got the last session" t_srp_json_wait b "j['sessions'] == $((N + 1))" show subscribers digest
t_check "A holds $((N + 1)) sessions" t_srp_json a "j['sessions'] == $((N + 1))" show subscribers digest
digest_b=$(t_digest b)
t_check "digests differ" test "$(t_digest a)" != "$digest_b"

# A plain audit reports and changes nothing.
t_check "B: audit 2 (compare only) started" t_ctl b srp initiate-audit
t_check "B: audit 2 found $K missing, $K stale, $K differing, repaired none" audit_done b 2 \
	"j['audits_failed'] == 1 and j['last_audit']['missing_on_standby'] == $K and
	 j['last_audit']['stale_on_standby'] == $K and j['last_audit']['differing'] == $K and
	 j['last_audit']['repaired'] == 0 and j['last_audit']['kind'] == 'manual'"
t_check "B unchanged by the plain audit" test "$(t_digest b)" = "$digest_b"
t_check "B: the audit that found differences raised starSRPAuditFailure" \
	t_srp_json b '[h for h in j["history"] if h["trap"] == "starSRPAuditFailure" and "differences found" in json.dumps(h)]' \
	show snmp trap history
t_ctl b show srp audit-statistics

# manual-with-sync repairs.
t_check "B: audit 3 (manual-with-sync) started" t_ctl b srp initiate-audit manual-with-sync
t_check "B: audit 3 repaired $((3 * K)) sessions" audit_done b 3 \
	"j['last_audit']['missing_on_standby'] == $K and j['last_audit']['stale_on_standby'] == $K and
	 j['last_audit']['differing'] == $K and j['last_audit']['repaired'] == $((3 * K)) and
	 j['last_audit']['kind'] == 'manual-with-sync' and j['sessions_repaired_total'] == $((3 * K))"
t_check "B equal to A again (digest)" t_digest_wait a b 30
t_check "A answered the queries and the fetches" \
	t_srp_json a 'j["active_side"]["queries_answered"] >= 3 and j["active_side"]["fetches_answered"] >= 2' \
		show srp audit-statistics

# A second audit after the repair: nothing to find, two messages.
t_check "B: audit 4 started" t_ctl b srp initiate-audit
t_check "B: audit 4 passed in 2 messages" audit_done b 4 \
	'j["audits_passed"] == 2 and j["last_audit"]["messages_exchanged"] == 2 and
	 j["last_audit"]["ranges_compared"] == 1'
t_check "B: the passing audits raised no more alarms than the two failing ones" \
	t_srp_json b 'len([h for h in j["history"] if h["trap"] == "starSRPAuditFailure"]) == 2' \
	show snmp trap history
t_check "A refused no audit message" \
	t_srp_json a 'j["messages_refused"] == 0' show srp audit-statistics
t_check "B refused no audit message" \
	t_srp_json b 'j["messages_refused"] == 0' show srp audit-statistics
t_ctl b show srp audit-statistics
t_finish
