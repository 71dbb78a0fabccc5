#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Issue 16, "BGP during an SRP link outage": the AS-path prepend follows the
# route modifier, not the role (docs/redirection.md). t_srp_bgp.sh's three
# speakers; the SRP link between the active A and the standby B is cut
# (veth down, no reset): B promotes after the dead interval, both are
# ACTIVE, but B's route modifier is above A's so B prepends one more than
# A: the upstream U keeps its best path on A. The link returns: B yields,
# exactly one ACTIVE, B prepends the standby's 4 again.
. "$(dirname "$0")/lib.sh"
trap 'exit 143' TERM INT
t_need_root
t_need_bird

t_bgp_netns
t_bgp_bird_gw a 10.98.1.1 10.98.1.2 10.45.0.0/16 192.0.2.1/32
t_bgp_bird_gw b 10.98.2.1 10.98.2.2 10.45.0.0/16 192.0.2.1/32
t_bgp_bird_u
t_bgp_cfgs

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "A ACTIVE with B as its standby" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY"'
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
t_check "U: best path via A (1)" t_bgp_best_is 10.45.0.0/16 10.98.1.1 1
t_check "U: B's standby path (5)" t_bgp_path_is 10.45.0.0/16 10.98.2.1 5

# Cut the SRP link: both become active.
ip -n "$T_NS_A" link set srpA down
t_check "B promotes after the dead interval" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "A is still ACTIVE: both are active" \
	t_srp_json a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' show srp info
t_check "B: active, route modifier above A's, prepends 1" \
	t_bgp_json b 'j["role"] == "active" and j["route_modifier"] > j["peer_route_modifier"] and j["as_path_prepend"] == 1 and j["in_sync"]'
t_check "A: active, prepends 0" \
	t_bgp_json a 'j["role"] == "active" and j["as_path_prepend"] == 0 and j["route_modifier"] < j["peer_route_modifier"]'
t_check "U: B's path as the second active is 2 long" \
	t_bgp_path_is 10.45.0.0/16 10.98.2.1 2
t_check "pool: U's best path stays on the previous active A" \
	t_bgp_best_is 10.45.0.0/16 10.98.1.1 1
t_check "loopback: U's best path stays on the previous active A" \
	t_bgp_best_is 192.0.2.1/32 10.98.1.1 1
sleep 2
t_check "still on A two seconds later" t_bgp_best_is 10.45.0.0/16 10.98.1.1 1

# The link returns: the later active yields, one active remains.
t_srp_split_heal
t_check "B prepends the standby's 4 again" \
	t_bgp_json b 'j["role"] == "standby" and j["as_path_prepend"] == 4 and j["in_sync"]'
t_check "U: best path via A" t_bgp_best_is 10.45.0.0/16 10.98.1.1 1
t_check "U: B's standby path (5) again" t_bgp_path_is 10.45.0.0/16 10.98.2.1 5
t_finish
