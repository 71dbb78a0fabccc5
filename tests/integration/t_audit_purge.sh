#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The post-switchover audit purges inconsistent sessions: an srpgw pair on
# af_packet ports behind Linux bridges (scripts/bench/lib-pair.sh) with
# sessions laid out as srpgw-gen sends them. Sessions are spoiled on the
# standby with the test hook "debug session-corrupt" (SRPGW_TEST_HOOKS=1);
# after a planned switchover the new active's audit purges exactly those,
# through the delete path (gone on both chassis), counts them by reason,
# and the others forward. Run 1 without, run 2 with "require
# graceful-cleanup-during-audit-failure": there the eNodeB side captures
# one GTP-U Error Indication per purged session with a resolved peer,
# decoded by tshark (TEID 0, TEID Data I = the session's local TEID, no
# malformed frame), and a session whose peer is unresolved is counted as
# not notifiable.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../../scripts/bench/lib-pair.sh"
t_need_root
: "${SRPGW_GEN_BIN:?SRPGW_GEN_BIN must point to the srpgw-gen binary}"
export SRPGW_TEST_HOOKS=1

PAIR_GW=$SRPGW_BIN PAIR_CTL=$SRPGWCTL_BIN PAIR_GEN=$SRPGW_GEN_BIN PAIR_DIR=$T_DIR
N=20
BAD1=$((PAIR_LTEID + 3)) BAD2=$((PAIR_LTEID + 10))
pair_init
trap 'pair_cleanup; t_cleanup' EXIT

# has_teid NAME TEID: gateway NAME holds a session with local TEID TEID.
has_teid() {
	pair_ctl "$1" show subscribers local-teid "$2" >/dev/null 2>&1
}

# gone_both TEID: neither chassis holds TEID (the purge replicated).
gone_both() {
	local i
	for i in $(seq 100); do
		! has_teid a "$1" && ! has_teid b "$1" && return 0
		sleep 0.1
	done
	return 1
}

# audit_done: B ACTIVE with its post-switchover phases done.
audit_done() {
	pair_wait b 'j["chassis_state"] == "ACTIVE" and j["post_switchover"]["phase"] == "done"' 60
}

# post EXPR: EXPR on B's post_switchover object (bound to p).
post() {
	pair_json b "(lambda p: $1)(j['post_switchover'])" show srp info
}

# refused NAME ARGS...: the command fails on gateway NAME.
refused() {
	! pair_ctl "$@" >/dev/null 2>&1
}

# pair_fresh: stop whatever runs, bring the pair up with N synced sessions.
pair_fresh() {
	pair_stop
	t_check "A ACTIVE, B STANDBY_READY" pair_up
	t_check "$N sessions on A" pair_sessions a $N
	t_check "B holds A's sessions (digest)" pair_synced a b 60
}

t_check "namespaces, bridges and veths" pair_net

# --- Run 1: purge without notices ------------------------------------------
pair_cfgs 1 3
pair_fresh
t_check "a malformed hook request is refused" \
	refused b debug session-corrupt $BAD1 nonsense
t_check "B: session $BAD1 spoiled (table)" \
	pair_ctl b debug session-corrupt $BAD1 table
t_check "B: session $BAD2 spoiled (table)" \
	pair_ctl b debug session-corrupt $BAD2 table
t_check "B still STANDBY_READY, A still holds every session" \
	pair_wait b 'j["chassis_state"] == "STANDBY_READY"'
t_check "A holds $N sessions" test "$(pair_count a)" = "$N"
t_check "planned switchover on A" pair_ctl a srp initiate-switchover
t_check "B ACTIVE, audit done" audit_done
pair_ctl b show srp info | sed -n '/Post/,$p' | head -40
t_check "B: $N audited, 2 inconsistent, 2 purged (table), no notice" \
	post "p['audited_sessions'] == $N and p['audit_inconsistent'] == 2 and p['audit_purged']['table'] == 2 and p['audit_purged']['total'] == 2 and p['audit_purge_failed'] == 0 and not p['audit_graceful_cleanup'] and p['audit_notified_error_indication'] == 0 and p['audit_notify_unavailable'] == 0"
t_check "session $BAD1 gone on both chassis" gone_both $BAD1
t_check "session $BAD2 gone on both chassis" gone_both $BAD2
t_check "B holds $((N - 2)) sessions" test "$(pair_count b)" = "$((N - 2))"
t_check "A (standby) holds B's sessions (digest)" pair_synced b a 60
t_check "A holds $((N - 2)) sessions" test "$(pair_count a)" = "$((N - 2))"
# The others forward through B; the two purged are silent.
pair_gen_start fwd $N 2000 2
t_check "generator ends" pair_gen_wait
cat "$T_DIR/fwd.json"
for d in uplink downlink; do
	t_check "$d: $((N - 2)) sessions forward through B, the 2 purged are silent" \
		t_json "j['$d']['received'] > 0 and j['$d']['flows_silent'] == 2 and j['$d']['wrong_teid'] == 0" <"$T_DIR/fwd.json"
done

# --- Run 2: graceful cleanup ----------------------------------------------
PAIR_CFG_EXTRA="  require graceful-cleanup-during-audit-failure" pair_cfgs 1 3
pair_fresh
# A session toward an eNodeB nobody answers ARP for: no notice possible.
LONE=$((PAIR_LTEID + 100))
t_check "A: session $LONE toward an unresolved eNodeB" \
	pair_ctl a session create local-teid $LONE remote-teid 0x9999 \
	peer 192.0.2.99 ue-ipv4 10.45.200.1
t_check "B holds it (digest)" pair_synced a b 60
for t in $BAD1 $BAD2 $LONE; do
	t_check "B: session $t spoiled (table)" \
		pair_ctl b debug session-corrupt $t table
done
CAP=$T_DIR/enb.pcapng
t_check "capture on the eNodeB side" \
	t_dumpcap "$PAIR_NS_G" "$CAP" -i gacc -f "udp port 2152"
t_check "planned switchover on A" pair_ctl a srp initiate-switchover
t_check "B ACTIVE, audit done" audit_done
t_check "B: 3 purged (table), 2 Error Indications, 1 peer not notifiable" \
	post "p['audit_inconsistent'] == 3 and p['audit_purged']['table'] == 3 and p['audit_graceful_cleanup'] and p['audit_notified_error_indication'] == 2 and p['audit_notify_unavailable'] == 1 and p['audit_notify_failed'] == 0 and p['audit_notified_pfcp'] == 0"
for t in $BAD1 $BAD2 $LONE; do
	t_check "session $t gone on both chassis" gone_both $t
done
# ei_count: Error Indications in the capture so far.
ei_count() {
	tshark -r "$CAP" -Y 'gtp.message == 26' -T fields -e frame.number \
		2>/dev/null | wc -l
}
for _ in $(seq 100); do
	[ "$(ei_count)" -ge 2 ] && break
	sleep 0.1
done
kill -INT "$T_CAP_PID" 2>/dev/null
wait "$T_CAP_PID" 2>/dev/null
tshark -r "$CAP" -Y 'gtp.message == 26' -T fields -e ip.src -e ip.dst \
	-e gtp.teid -e gtp.teid_data -e gtp.gsn_ipv4 >"$T_DIR/ei.txt" 2>/dev/null
cat "$T_DIR/ei.txt"
# ei_ok: exactly two, from 192.0.2.1 to the eNodeB, header TEID 0, TEID
# Data I the purged sessions' local TEIDs, GTP-U Peer Address 192.0.2.1.
ei_ok() {
	/usr/bin/python3 - "$T_DIR/ei.txt" "$PAIR_ENB_IP" $BAD1 $BAD2 <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
enb, want = sys.argv[2], sorted(int(x) for x in sys.argv[3:])
ok = len(rows) == 2 and all(r[0] == "192.0.2.1" and r[1] == enb and
                            int(r[2], 0) == 0 and r[4] == "192.0.2.1"
                            for r in rows)
sys.exit(0 if ok and sorted(int(r[3], 0) for r in rows) == want else 1)
PY
}
t_check "2 Error Indications: 192.0.2.1 -> eNodeB, TEID 0, TEID Data I $BAD1 and $BAD2, peer address 192.0.2.1" ei_ok
t_check "tshark: no malformed frame or warning" \
	test "$(tshark -r "$CAP" -Y '_ws.malformed || _ws.expert.severity >= 6291456' 2>/dev/null | wc -l)" = 0
t_check "B holds the $((N + 1)) sessions less the 3 purged" \
	test "$(pair_count b)" = "$((N + 1 - 3))"
t_finish
