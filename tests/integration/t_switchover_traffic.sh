#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Traffic continues through the new active for replicated sessions: an
# srpgw pair behind Linux bridges with srpgw-gen in front
# (scripts/bench/lib-pair.sh), sessions created on A and replicated to B.
# While the generator sends both directions, A is killed with SIGKILL: B
# takes over with no session lost, the generator learns B's MAC by ARP, and
# every session's uplink and downlink is received again through B. A
# restarts as standby and resyncs; a planned switchover back to A while
# traffic flows: every session is received again through A. The generator
# sends nothing before a gateway answers its ARP, and answers ARP for its
# own addresses.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../../scripts/bench/lib-pair.sh"
t_need_root
: "${SRPGW_GEN_BIN:?SRPGW_GEN_BIN must point to the srpgw-gen binary}"

PAIR_GW=$SRPGW_BIN PAIR_CTL=$SRPGWCTL_BIN PAIR_GEN=$SRPGW_GEN_BIN PAIR_DIR=$T_DIR
PAIR_ARP_MS=100
N=100
pair_init
trap 'pair_cleanup; t_cleanup' EXIT
MAC_A=02:00:00:00:a1:01 MAC_B=02:00:00:00:b1:01

# forwarded_more NAME: pair_fwd_more NAME N (2 packets per session more
# in each direction).
forwarded_more() {
	pair_fwd_more "$1" "$N"
}

# gen_stop: SIGINT the generator (it stops sending, drains, prints JSON).
gen_stop() {
	kill -INT "$PAIR_GEN_PID"
	pair_gen_wait
}

# check_gen NAME MAC: the run NAME followed the gateway MAC change to MAC
# on both sides and every session was received after it in both directions.
check_gen() {
	local name=$1 mac=$2 js=$T_DIR/$1.json d
	cat "$js"
	t_check "$name: generator's access and core gateway MAC ended at $mac" \
		t_json "j['arp']['access']['gw_mac'] == '$mac' and j['arp']['core']['gw_mac'] == '${mac%:01}:02'" <"$js"
	for d in uplink downlink; do
		t_check "$name $d: the gateway changed while sending" \
			t_json "j['$d']['gw_changes'] >= 1" <"$js"
		t_check "$name $d: every one of $N sessions received after the change" \
			t_json "j['$d']['flows_rx_after_gw_change'] == $N and j['$d']['flows_silent'] == 0 and j['$d']['wrong_teid'] == 0" <"$js"
	done
}

# who_has BRIDGE IP: from the generator namespace's bridge, ask who has IP;
# print the MAC of the answer.
who_has() {
	ip netns exec "$PAIR_NS_G" /usr/bin/python3 - "$1" "$2" <<'PY'
import logging, sys
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import ARP, Ether, srp1, get_if_hwaddr
br, ip = sys.argv[1:3]
me = get_if_hwaddr(br)
for _ in range(10):
    r = srp1(Ether(src=me, dst="ff:ff:ff:ff:ff:ff") /
             ARP(op=1, hwsrc=me, psrc="0.0.0.0", pdst=ip),
             iface=br, timeout=1, verbose=0)
    if r is not None and ARP in r and r[ARP].op == 2 and r[ARP].psrc == ip:
        print(r[ARP].hwsrc)
        break
PY
}

t_check "namespaces, bridges and veths" pair_net
pair_cfgs 1 3

# No gateway yet: nothing answers ARP, so nothing is sent.
pair_gen_start nogw 100 5000 0.5
t_check "generator without a gateway ends" pair_gen_wait
t_check "nothing sent while the gateway MACs are unknown (counted instead)" \
	t_json "all(j[d]['sent'] == 0 and j[d]['not_sent_no_gw_mac'] > 0 for d in ('uplink', 'downlink')) and j['arp']['access']['requests_sent'] > 0 and j['arp']['core']['requests_sent'] > 0" <"$T_DIR/nogw.json"
t_check "A ACTIVE, B STANDBY_READY" pair_up
t_check "$N sessions on A" pair_sessions a $N
t_check "B holds A's sessions (digest)" pair_synced a b 60
digest_a=$(pair_get a 'j["digest"]' show subscribers digest)

# Unplanned: kill -9 of the active while traffic flows.
pair_gen_start kill 100 5000 120
t_check "traffic flows through A" forwarded_more a
kill -KILL "$PAIR_PID_A"
t_check "B ACTIVE after kill -9 of A" pair_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 30
t_check "traffic flows through B" forwarded_more b
t_check "generator ends" gen_stop
check_gen kill "$MAC_B"
t_check "B: call-loss statistics, one takeover, 0 sessions lost" \
	pair_json b 'j["takeovers"] == 1 and j["last_takeover"]["sessions_lost"] == 0 and j["last_takeover"]["sessions_held"] == '$N show srp call-loss statistics
t_check "B holds A's sessions (digest)" \
	test "$(pair_get b 'j["digest"]' show subscribers digest)" = "$digest_a"

# A comes back as standby; planned switchover back while traffic flows.
t_check "A restarts" pair_start a
t_check "A STANDBY_READY" pair_wait a 'j["chassis_state"] == "STANDBY_READY"' 60
t_check "A holds B's sessions (digest)" pair_synced b a 60
pair_gen_start planned 100 5000 120
t_check "traffic flows through B" forwarded_more b
ip -n "$PAIR_NS_G" link set bra arp on
ip -n "$PAIR_NS_G" link set brc arp on
t_check "the generator answers ARP for its access address" \
	test "$(who_has bra "$PAIR_ENB_IP")" = "$PAIR_GEN_ACC_MAC"
t_check "the generator answers ARP for its core address" \
	test "$(who_has brc "$PAIR_DN_IP")" = "$PAIR_GEN_CORE_MAC"
t_check "planned switchover on B" pair_ctl b srp initiate-switchover
t_check "A ACTIVE, B STANDBY_READY" \
	pair_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 30
t_check "B STANDBY_READY" pair_wait b 'j["chassis_state"] == "STANDBY_READY"' 30
t_check "traffic flows through A" forwarded_more a
t_check "generator ends" gen_stop
check_gen planned "$MAC_A"
t_check "A holds $N sessions" test "$(pair_count a)" = "$N"
t_finish
