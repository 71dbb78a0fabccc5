#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Sessions dropped by rule (PFCP FAR DROP/BUFF) end to end, on the gateway
# of t_gtpu_pcap (af_packet ports on veth pairs, gtpu_gw.cfg): session R is
# created with ul-drop and dl-drop and no downlink tunnel; the N uplink
# G-PDUs and N downlink packets gen_rule_drop_pcaps.py sends are all
# dropped, counted exactly as ul_rule_drop and dl_rule_drop, and nothing
# is sent (no Error Indication either: the TEID is known). The session
# shows no tunnel and holds no neighbour. Then "session modify ...
# no-ul-drop no-dl-drop remote-teid 0x400 peer 192.0.2.20" gives it its
# tunnel and the same traffic is forwarded both ways, byte for byte.
. "$(dirname "$0")/lib.sh"
t_need_root

gen=$SRPGW_TESTS/gen_rule_drop_pcaps.py
t_gtpu_gw "$gen"
ns=$T_NS
pid=$T_GW_PID

t_check "session R created with ul-drop dl-drop and no tunnel" \
	t_ctl gw session create local-teid 0x300 ue-ipv4 10.45.0.9 \
	ul-drop dl-drop
t_check "session R shows no tunnel, both rule drops, no neighbour" \
	t_json "(j['peer'] == 'none' and j['remote_teid'] == 'none' and
		j['ul_drop'] and j['dl_drop'] and j['neighbour_id'] == 'none')" \
	<<<"$(t_ctl gw --json show subscribers local-teid 0x300)"
t_check "no-dl-drop without a tunnel refused" \
	bash -c "! \"\$@\" 2>/dev/null" _ "$SRPGWCTL_BIN" -s "$T_DIR/gw.sock" \
	session modify local-teid 0x300 no-dl-drop
t_check "dl-drop with half a tunnel refused" \
	bash -c "! \"\$@\" 2>/dev/null" _ "$SRPGWCTL_BIN" -s "$T_DIR/gw.sock" \
	session create local-teid 0x301 remote-teid 5 ue-ipv4 10.45.0.10 \
	dl-drop

t_check "nothing forwarded while the rules drop" \
	ip netns exec "$ns" /usr/bin/python3 "$gen" run "$T_DIR/drop" enb0 dn0
t_expected_counters gw "$T_DIR/drop/expected_counters.txt"

t_check "session R gets its tunnel, rule drops cleared" \
	t_ctl gw session modify local-teid 0x300 no-ul-drop no-dl-drop \
	remote-teid 0x400 peer 192.0.2.20
t_check "session R shows its tunnel" \
	t_json "(j['peer'] == '192.0.2.20' and j['remote_teid'] == 1024 and
		not j['ul_drop'] and not j['dl_drop'])" \
	<<<"$(t_ctl gw --json show subscribers local-teid 0x300)"
t_check "the same traffic is forwarded both ways" \
	ip netns exec "$ns" /usr/bin/python3 "$gen" run "$T_DIR/fwd" enb0 dn0
t_expected_counters gw "$T_DIR/fwd/expected_counters.txt"

kill -TERM "$pid"
t_wait_exit "$pid"; st=$T_ST
t_check "clean exit after SIGTERM" test "$st" -eq 0
t_finish
