#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The BGP service monitor (docs/monitors.md "BGP") against real BIRD 2
# sessions, in t_srp_bgp.sh's three-speaker topology: the active A has two
# eBGP sessions to the upstream U (10.98.1.2 and 10.98.3.2, both monitored
# in group 1), the standby B one (10.98.2.2, monitored). srpgw reads the
# session states from its own BIRD's control socket. Shutting one of A's
# sessions on U (birdc disable) makes that target DOWN and nothing else
# happens; shutting the second fails A's BGP service and the pair switches
# over to B. A gateway without a bgp-speaker keeps its BGP targets UNKNOWN.
. "$(dirname "$0")/lib.sh"
trap 'exit 143' TERM INT
t_need_root
t_need_bird

t_bgp_netns
# A second address pair on A's uplink for its second session.
ip -n "$T_NS_A" addr add 10.98.3.1/30 dev bgpA
ip -n "$T_NS_U" addr add 10.98.3.2/30 dev upA
t_bgp_bird_gw a 10.98.1.1 10.98.1.2 10.45.0.0/16 192.0.2.1/32
t_bgp_bird_gw b 10.98.2.1 10.98.2.2 10.45.0.0/16 192.0.2.1/32
cat >>"$T_DIR/bird-a.conf" <<CFG
protocol bgp upstream2 {
	local 10.98.3.1 as 65001;
	neighbor 10.98.3.2 as 65000;
	connect retry time 1;
	ipv4 { import none; export filter srpgw_export; };
}
CFG
t_bgp_bird_u "protocol bgp gwa2 {
	local 10.98.3.2 as 65000;
	neighbor 10.98.3.1 as 65001;
	connect retry time 1;
	ipv4 { import all; export none; };
}"
for g in a b; do
	if [ $g = a ]; then
		mode="primary 10 10.99.0.1 10.99.0.2"
		mons=("monitor bgp context ingress 10.98.1.2 group 1"
		      "monitor bgp context ingress 10.98.3.2 group 1")
	else
		mode="backup 20 10.99.0.2 10.99.0.1"
		mons=("monitor bgp context ingress 10.98.2.2 group 1")
	fi
	# shellcheck disable=SC2086
	t_srp_cfg "$T_DIR/$g.cfg" $mode \
		"bgp-speaker control-socket $T_DIR/$g.ctl" \
		"bgp-speaker include-file $T_DIR/$g-srp.conf" \
		"bgp-speaker bird-config $T_DIR/bird-$g.conf" \
		"bgp-speaker as-path-prepend active 0 standby 4" "${mons[@]}"
done

# mon_wait NAME EXPR [SECONDS]: poll "show srp monitor bgp" (JSON in j; m
# maps a target's address to its entry) until EXPR holds.
mon_wait() {
	local name=$1 expr=$2 secs=${3:-30}
	for _ in $(seq $((secs * 5))); do
		t_ctl "$name" --json show srp monitor bgp 2>/dev/null |
			t_json "(lambda m: $expr)({x['target'].split()[1]: x for x in j['monitors']})" \
			2>/dev/null && return 0
		sleep 0.2
	done
	t_log "timed out waiting for $name: $expr; now:"
	t_ctl "$name" show srp monitor bgp
	return 1
}

t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
PID_A=$T_GW_PID
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "A ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "B STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
# Sessions coming up at start are UNKNOWN, not DOWN: no failure counted.
t_check "A: both monitored sessions UP (Established)" \
	mon_wait a 'm["10.98.1.2"]["state"] == "up" and m["10.98.3.2"]["state"] == "up" and "Established" in m["10.98.1.2"]["detail"] and j["services"]["bgp"] == "ok"'
t_check "B: its monitored session UP" mon_wait b 'm["10.98.2.2"]["state"] == "up"'
t_check "A: probes sent and answered" \
	mon_wait a 'm["10.98.1.2"]["probes_sent"] >= 2 and m["10.98.1.2"]["probes_answered"] >= 2' 5

# One of the two peers of group 1 down: that target only.
t_check "U shuts its session to A's second address" \
	birdc -s "$T_DIR/u.ctl" disable gwa2
t_check "A: 10.98.3.2 DOWN, 10.98.1.2 still UP, service ok" \
	mon_wait a 'm["10.98.3.2"]["state"] == "down" and m["10.98.1.2"]["state"] == "up" and m["10.98.3.2"]["failures"] == 1 and m["10.98.1.2"]["failures"] == 0 and j["services"]["bgp"] == "ok"'
sleep 3
t_check "no switchover: A still ACTIVE" \
	t_srp_json a 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' show srp info
t_check "B still STANDBY_READY, no switchover counted" \
	t_srp_json b 'sum(j["switchovers"].values()) == 0' show srp statistics
t_check "U: session back up, target UP again" \
	sh -c "birdc -s '$T_DIR/u.ctl' enable gwa2 >/dev/null"
t_check "A: 10.98.3.2 UP again" mon_wait a 'm["10.98.3.2"]["state"] == "up"'

# The whole group down: A's BGP service failed, B takes over.
t_check "U shuts both sessions to A" \
	sh -c "birdc -s '$T_DIR/u.ctl' disable gwa >/dev/null && birdc -s '$T_DIR/u.ctl' disable gwa2 >/dev/null"
t_check "A: both DOWN" \
	mon_wait a 'm["10.98.3.2"]["state"] == "down" and m["10.98.1.2"]["state"] == "down"'
t_check "B ACTIVE (switchover on A's BGP failure)" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]' 30
t_check "A STANDBY" \
	t_srp_wait a 'j["chassis_state"] in ("STANDBY_SYNCING", "STANDBY_READY") and not j["dataplane_active"]'
t_check "a monitor switchover counted" \
	sh -c "{ $SRPGWCTL_BIN -s $T_DIR/a.sock --json show srp statistics; $SRPGWCTL_BIN -s $T_DIR/b.sock --json show srp statistics; } | /usr/bin/python3 -c '
import json, sys
d = json.JSONDecoder(); s = sys.stdin.read().strip(); i = 0; n = 0
while i < len(s):
    j, e = d.raw_decode(s, i); n += j[\"switchovers\"][\"monitor\"]; i = e
    while i < len(s) and s[i].isspace(): i += 1
sys.exit(0 if n >= 1 else 1)'"
t_check "B's session still UP" mon_wait b 'm["10.98.2.2"]["state"] == "up" and j["services"]["bgp"] == "ok"'

# Without a bgp-speaker the targets stay UNKNOWN and nothing fails: a
# gateway C in A's place (A stopped), with the monitor lines only.
kill -TERM "$PID_A"
t_check "A stops" t_wait_exit "$PID_A"
t_srp_cfg "$T_DIR/c.cfg" primary 10 10.99.0.1 10.99.0.2 \
	"monitor bgp context ingress 10.98.1.2 group 1" \
	"monitor bgp context ingress 10.98.3.2 group 1"
t_check "gateway C (no bgp-speaker) starts" t_srp_start c "$T_NS_A" "$T_DIR/c.cfg"
t_check "C: targets UNKNOWN, 'no bgp-speaker configured', service ok" \
	mon_wait c 'all(x["state"] == "unknown" and x["detail"] == "no bgp-speaker configured" for x in m.values()) and len(m) == 2 and j["services"]["bgp"] == "ok"' 10
t_finish
