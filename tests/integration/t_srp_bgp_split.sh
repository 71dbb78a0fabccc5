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

# paths PREFIX: U's routes for PREFIX as "NEXTHOP:PATHLEN[*]" words, the
# best one starred, sorted.
paths() {
	birdc -s "$T_DIR/u.ctl" show route for "$1" all 2>/dev/null |
		/usr/bin/python3 -c '
import re, sys
out, cur = [], None
for line in sys.stdin:
    if re.match(r"^\S+/\d+\s", line) or re.match(r"^\s+unicast", line):
        cur = {"best": "*" in line}
        out.append(cur)
        continue
    m = re.match(r"^\s+via (\S+)", line)
    if m and cur is not None and "via" not in cur:
        cur["via"] = m.group(1)
    m = re.match(r"^\s+BGP\.as_path:(.*)$", line)
    if m and cur is not None:
        cur["len"] = len(m.group(1).split())
print(" ".join(sorted("%s:%s%s" % (r.get("via"), r.get("len"),
                      "*" if r["best"] else "") for r in out)))'
}

# paths_are PREFIX WORDS: wait (40 s) until paths PREFIX prints WORDS.
paths_are() {
	local p
	for _ in $(seq 200); do
		p=$(paths "$1")
		[ "$p" = "$2" ] && return 0
		sleep 0.2
	done
	t_log "U's paths for $1: '$p', expected '$2'"
	birdc -s "$T_DIR/u.ctl" show route for "$1" all
	return 1
}

bgp_json() {
	t_ctl "$1" --json show srp bgp | t_json "$2"
}

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "A ACTIVE with B as its standby" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY"'
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
t_check "U: best path via A (1), B's standby path (5)" \
	paths_are 10.45.0.0/16 "10.98.1.1:1* 10.98.2.1:5"

# Cut the SRP link: both become active.
ip -n "$T_NS_A" link set srpA down
t_check "B promotes after the dead interval" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "A is still ACTIVE: both are active" \
	t_srp_json a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' show srp info
t_check "B: active, route modifier above A's, prepends 1" \
	bgp_json b 'j["role"] == "active" and j["route_modifier"] > j["peer_route_modifier"] and j["as_path_prepend"] == 1 and j["in_sync"]'
t_check "A: active, prepends 0" \
	bgp_json a 'j["role"] == "active" and j["as_path_prepend"] == 0 and j["route_modifier"] < j["peer_route_modifier"]'
t_check "loopback: U's best path stays on the previous active A" \
	paths_are 192.0.2.1/32 "10.98.1.1:1* 10.98.2.1:2"
t_check "pool: U's best path stays on the previous active A" \
	paths_are 10.45.0.0/16 "10.98.1.1:1* 10.98.2.1:2"
sleep 2
t_check "still on A two seconds later" \
	paths_are 10.45.0.0/16 "10.98.1.1:1* 10.98.2.1:2"

# The link returns: the later active yields, one active remains.
ip -n "$T_NS_A" link set srpA up
t_check "B goes back to standby" \
	t_srp_wait b 'j["chassis_state"] in ("STANDBY_SYNCING", "STANDBY_READY") and not j["dataplane_active"]' 30
t_check "A stays ACTIVE" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "exactly one ACTIVE" \
	test "$( (t_ctl a --json show srp info; t_ctl b --json show srp info) | grep -c '"chassis_state": "ACTIVE"')" -eq 1
t_check "B prepends the standby's 4 again" \
	bgp_json b 'j["role"] == "standby" and j["as_path_prepend"] == 4 and j["in_sync"]'
t_check "U: best path via A, B's standby path" \
	paths_are 10.45.0.0/16 "10.98.1.1:1* 10.98.2.1:5"
t_finish
