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
# not notifiable. Run 3, PFCP: an SMF simulator (pfcp_audit.py, scapy) in
# the generator's namespace sets up 4 PFCP sessions over N4 (10.96.0.1 on
# lo in both chassis, routed from the SMF to the active by this script);
# three are spoiled on the standby, one per PFCP reason; after the
# switchover they are purged (on both chassis), the fourth stays, and the
# SMF receives one Session Report Request (Report Type UISR) per purged
# session and answers it (the first report of one only when resent on T1,
# those of another never: given up after N1 resends), the new active
# counts the answers; the N4 capture decodes in tshark with nothing
# malformed.
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

# --- Run 3: PFCP sessions ---------------------------------------------------
N4=10.96.0.1 SMF=10.96.9.2
ip -n "$PAIR_NS_G" addr add "$SMF/32" dev lo
for g in a b; do
	[ $g = a ] && ns=$PAIR_NS_A i=1 || ns=$PAIR_NS_B i=2
	ip -n "$PAIR_NS_G" link add "n4$g" type veth peer name n4 netns "$ns"
	ip -n "$PAIR_NS_G" addr add "10.97.$i.1/30" dev "n4$g"
	ip -n "$ns" addr add "10.97.$i.2/30" dev n4
	ip -n "$PAIR_NS_G" link set "n4$g" up
	ip -n "$ns" link set n4 up
	ip -n "$ns" addr add "$N4/32" dev lo
	ip -n "$ns" route add "$SMF/32" via "10.97.$i.1"
done
ip -n "$PAIR_NS_G" route add "$N4/32" via 10.97.1.2
PAIR_CFG_EXTRA="  require graceful-cleanup-during-audit-failure" pair_cfgs 1 3
for g in a b; do
	awk -v smf="$SMF" -v n4="$N4" '
		/^  context ingress$/ && !done {
			print "  control-plane-group smf"
			print "    peer-node-id ipv4-address " smf
			print "  #exit"
			print
			print "    interface n4 loopback"
			print "      ip address " n4 "/32 srp-activate"
			print "    #exit"
			print "    sx-service n4"
			print "      instance-type userplane"
			print "      bind ipv4-address " n4
			print "      sx-protocol heartbeat interval 2"
			print "      sx-protocol heartbeat retransmission-timeout 1"
			print "      sx-protocol heartbeat max-retransmissions 2"
			print "    #exit"
			print "    user-plane-service up"
			print "      associate sx-service n4"
			print "      associate control-plane-group smf"
			print "    #exit"
			done = 1
			next
		}
		{ print }' \
		"$PAIR_DIR/$g.cfg" >"$PAIR_DIR/$g.n4.cfg"
	mv "$PAIR_DIR/$g.n4.cfg" "$PAIR_DIR/$g.cfg"
done
pair_stop
t_check "A ACTIVE, B STANDBY_READY (N4 configured)" pair_up
NCAP=$T_DIR/n4.pcapng
t_check "capture N4 on the SMF's links" \
	t_dumpcap "$PAIR_NS_G" "$NCAP" -i n4a -f "udp port 8805" -i n4b -f "udp port 8805"
mkfifo "$T_DIR/smf.in"
exec 7<>"$T_DIR/smf.in"
ip netns exec "$PAIR_NS_G" /usr/bin/python3 "$(dirname "$0")/pfcp_audit.py" \
	--gw "$N4" --smf "$SMF" --gnb "$PAIR_ENB_IP" --n 4 --late 1 --mute 3 \
	<"$T_DIR/smf.in" >"$T_DIR/smf.out" 2>&1 &
SMF_PID=$!
T_PIDS+=("$SMF_PID")
# smf_setup: the SMF printed its sessions (or failed).
smf_setup() {
	for _ in $(seq 300); do
		grep -q '^SETUP ' "$T_DIR/smf.out" && return 0
		grep -q '^FAIL' "$T_DIR/smf.out" && break
		sleep 0.1
	done
	cat "$T_DIR/smf.out"
	return 1
}
t_check "SMF: association and 4 sessions with their downlink tunnel" smf_setup
read -r -a PS <<<"$(sed -n 's/^SETUP //p' "$T_DIR/smf.out")"
P1=${PS[0]%,*} P2=${PS[1]%,*} P3=${PS[2]%,*} P4=${PS[3]%,*}
t_check "B holds A's sessions (digest)" pair_synced a b 60
t_check "B: $P1 spoiled (pfcp-rules)" pair_ctl b debug session-corrupt $P1 pfcp-rules
t_check "B: $P2 spoiled (pfcp-no-fteid)" pair_ctl b debug session-corrupt $P2 pfcp-no-fteid
t_check "B: $P3 spoiled (pfcp-mismatch)" pair_ctl b debug session-corrupt $P3 pfcp-mismatch
t_check "planned switchover on A" pair_ctl a srp initiate-switchover
# N4 follows the active (what redirection does in production).
ip -n "$PAIR_NS_G" route replace "$N4/32" via 10.97.2.2
echo "go 2" >&7
t_check "B ACTIVE, audit done" audit_done
t_check "B: one purge per PFCP reason, 3 Session Report Requests sent" \
	post "p['audit_inconsistent'] == 3 and p['audit_purged']['pfcp_rules'] == 1 and p['audit_purged']['pfcp_no_fteid'] == 1 and p['audit_purged']['pfcp_mismatch'] == 1 and p['audit_notified_pfcp'] == 3 and p['audit_notify_failed'] == 0"
for t in $P1 $P2 $P3; do
	t_check "PFCP session $t gone on both chassis" gone_both $t
done
t_check "the consistent PFCP session $P4 stays on B and A" \
	bash -c "'$SRPGWCTL_BIN' -s '$T_DIR/b.sock' show subscribers local-teid $P4 >/dev/null && '$SRPGWCTL_BIN' -s '$T_DIR/a.sock' show subscribers local-teid $P4 >/dev/null"
t_wait_exit "$SMF_PID"
cat "$T_DIR/smf.out"
# reports_ok: one session reported per purge, Report Type UISR (0x40);
# the one left unanswered once came again (resent on T1).
reports_ok() {
	/usr/bin/python3 - "$(sed -n 's/^REPORTS //p' "$T_DIR/smf.out")" \
		"${PS[0]#*,}" "${PS[1]#*,}" "${PS[2]#*,}" <<'PY'
import sys
got = {int(k): (int(t), int(n)) for k, t, n in
       (x.split(":") for x in sys.argv[1].split())}
s1, s2, s3 = (int(x) for x in sys.argv[2:5])
ok = sorted(got) == sorted((s1, s2, s3)) and \
    all(t == 0x40 for t, _ in got.values()) and got[s1][1] >= 2
sys.exit(0 if ok else 1)
PY
}
t_check "SMF: a Session Report Request (UISR) per purged session; the unanswered first one resent" reports_ok
t_check "B: 2 answers accepted, the never-answered one given up after N1 resends, none pending" \
	pair_wait b 'j["post_switchover"]["audit_pfcp_reports"]["accepted"] == 2 and j["post_switchover"]["audit_pfcp_reports"]["unanswered"] == 1 and j["post_switchover"]["audit_pfcp_reports"]["resent"] >= 3 and j["post_switchover"]["audit_pfcp_reports"]["pending"] == 0' 60
kill -INT "$T_CAP_PID" 2>/dev/null
wait "$T_CAP_PID" 2>/dev/null
tshark -r "$NCAP" -Y 'pfcp.msg_type == 56' -T fields -e pfcp.seid \
	-e pfcp.report_type.uisr >"$T_DIR/rep.txt" 2>/dev/null
cat "$T_DIR/rep.txt"
t_check "tshark: Session Report Requests for 3 sessions, UISR set" \
	test "$(awk -F'\t' '$2 == "1" { print $1 }' "$T_DIR/rep.txt" | sort -u | wc -l)" = 3
t_check "tshark: no malformed N4 frame or warning" \
	test "$(tshark -r "$NCAP" -Y '_ws.malformed || _ws.expert.severity >= 6291456' 2>/dev/null | wc -l)" = 0
t_finish
