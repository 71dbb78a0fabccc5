#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# L3 redirection (docs/redirection.md): three BIRD 2 speakers in network
# namespaces. Gateways A and B (same AS 65001) each run srpgw, which starts
# and owns its BIRD (bgp-speaker bird-config) and writes the include with
# the AS-path prepend of its role (active 0, standby 4); an upstream router
# U (AS 65000) peers with both over veths (eBGP). Checked on U: the best
# path of the pool 10.45.0.0/16 and of the loopback 192.0.2.1/32 is via the
# active; after a planned switchover it moves; after kill -9 of the active
# its BIRD dies with it (PR_SET_PDEATHSIG) and the path moves to the
# survivor (prepending 1: promoted on a dead peer, its route modifier is
# above the dead active's).
. "$(dirname "$0")/lib.sh"
# A timeout (meson's SIGTERM) must still run lib.sh's EXIT cleanup.
trap 'exit 143' TERM INT
t_need_root
t_need_bird

t_bgp_netns
t_bgp_bird_gw a 10.98.1.1 10.98.1.2 10.45.0.0/16 192.0.2.1/32
t_bgp_bird_gw b 10.98.2.1 10.98.2.2 10.45.0.0/16 192.0.2.1/32
t_bgp_bird_u
t_bgp_cfgs

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
PID_A=$T_GW_PID
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'

# Path lengths as U sees them: 65001 plus the prepends (0 or 4).
t_check "pool: U's best path is via the active A (short path)" \
	t_bgp_best_is 10.45.0.0/16 10.98.1.1 1
t_check "loopback: U's best path is via the active A" \
	t_bgp_best_is 192.0.2.1/32 10.98.1.1 1
t_check "U also has B's longer path" \
	sh -c "birdc -s '$T_DIR/u.ctl' show route for 10.45.0.0/16 all | grep -q 'via 10.98.2.1'"
t_check "A: show srp bgp says active, prepend 0, in sync" \
	t_bgp_json a 'j["role"] == "active" and j["as_path_prepend"] == 0 and j["in_sync"] and j["reconfigure_ok"] >= 1 and j["speaker_pid"] > 0'
t_check "B: show srp bgp says standby, prepend 4" \
	t_bgp_json b 'j["role"] == "standby" and j["as_path_prepend"] == 4 and j["in_sync"]'
t_check "A's include has the short path" \
	grep -q 'define SRPGW_PREPEND = 0;' "$T_DIR/a-srp.conf"

t_check "planned switchover starts" t_ctl a srp initiate-switchover
t_check "B ACTIVE" t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "A STANDBY_READY" t_srp_wait a 'j["chassis_state"] == "STANDBY_READY"'
t_check "pool: the best path moved to B" t_bgp_best_is 10.45.0.0/16 10.98.2.1 1
t_check "loopback: the best path moved to B" t_bgp_best_is 192.0.2.1/32 10.98.2.1 1
t_check "A now prepends 4" t_bgp_json a 'j["role"] == "standby" and j["as_path_prepend"] == 4 and j["in_sync"]'

# Back to A, then kill -9 the active: its speaker dies with it.
t_check "switch back to A" t_ctl b srp initiate-switchover
t_check "A ACTIVE again" t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "B STANDBY_READY again" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
t_check "pool: the best path is back on A" t_bgp_best_is 10.45.0.0/16 10.98.1.1 1
bird_a=$(t_ctl a --json show srp bgp | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["speaker_pid"])')
T_PIDS+=("$bird_a")	# cleaned up even if it outlived its gateway
kill -KILL "$PID_A"
t_check "A's BIRD died with it" sh -c "for _ in \$(seq 50); do kill -0 $bird_a 2>/dev/null || exit 0; sleep 0.2; done; exit 1"
# B promoted on a dead peer: its route modifier is not below the one A
# last announced, so it prepends one more than an active's 0 (the prepend
# follows the route modifier: a previous active still alive would keep
# the traffic, docs/redirection.md); A's path is gone, so B is best.
t_check "pool: the best path moved to the survivor B" \
	t_bgp_best_is 10.45.0.0/16 10.98.2.1 2
t_check "loopback: the best path moved to the survivor B" \
	t_bgp_best_is 192.0.2.1/32 10.98.2.1 2
t_check "B ACTIVE" t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 30
t_check "U has no path via the killed A" \
	sh -c "! birdc -s '$T_DIR/u.ctl' show route for 10.45.0.0/16 all | grep -q 'via 10.98.1.1'"
t_finish
