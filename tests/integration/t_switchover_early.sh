#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Early active transition loses nothing: an srpgw pair behind Linux bridges
# with srpgw-gen in front (scripts/bench/lib-pair.sh), both configured with
# switchover allow-all-data-traffic and allow-early-active-transition.
# While the generator sends both directions, a planned switchover moves the
# active role from A to B: B forwards from the moment it accepts, A keeps
# forwarding until it has flushed, so the generator follows B's gratuitous
# ARP and loses exactly 0 packets either way (a correctness property, not a
# timing threshold). Neither side sees a split brain, the generation moves
# by one, and B's post-switchover phases complete (planned, data mode all).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../../scripts/bench/lib-pair.sh"
t_need_root
: "${SRPGW_GEN_BIN:?SRPGW_GEN_BIN must point to the srpgw-gen binary}"

PAIR_GW=$SRPGW_BIN PAIR_CTL=$SRPGWCTL_BIN PAIR_GEN=$SRPGW_GEN_BIN PAIR_DIR=$T_DIR
PAIR_ARP_MS=1000
N=50
pair_init
trap 'pair_cleanup; t_cleanup' EXIT

t_check "namespaces, bridges and veths" pair_net
pair_cfgs 1 3 "switchover allow-all-data-traffic" \
	"switchover allow-early-active-transition"
t_check "A ACTIVE, B STANDBY_READY" pair_up
t_check "$N sessions on A" pair_sessions a $N
t_check "B holds A's sessions (digest)" pair_synced a b 60
gen_a=$(pair_get a 'j["generation"]' show srp info)

pair_gen_start early $N 5000 4
for _ in $(seq 30); do pair_fwd_moving a && break; done
sleep 0.5
t_check "planned switchover on A" pair_ctl a srp initiate-switchover
t_check "generator ends" pair_gen_wait
js=$T_DIR/early.json
cat "$js"
t_check "the generator sent both ways and followed B" \
	t_json "j['uplink']['sent'] > 0 and j['downlink']['sent'] > 0 and j['uplink']['gw_changes'] >= 1 and j['downlink']['gw_changes'] >= 1" <"$js"
t_check "exactly 0 packets lost uplink and downlink" \
	t_json "j['uplink']['lost'] == 0 and j['downlink']['lost'] == 0" <"$js"
t_check "B ACTIVE, generation + 1, A STANDBY_READY" \
	pair_wait b 'j["chassis_state"] == "ACTIVE" and j["generation"] == '"$((gen_a + 1))"
t_check "A STANDBY_READY" pair_wait a 'j["chassis_state"] == "STANDBY_READY"'
for g in a b; do
	t_check "$g: no split brain, one manual switchover" \
		pair_json $g 'j["split_brains"] == 0 and j["switchovers"]["manual"] == 1' show srp statistics
done
t_check "B: post-switchover phases done (planned, data mode all)" \
	pair_wait b 'j["post_switchover"]["phase"] == "done" and j["post_switchover"]["last_kind"] == "planned" and j["post_switchover"]["data_mode"] == "all"'
t_finish
