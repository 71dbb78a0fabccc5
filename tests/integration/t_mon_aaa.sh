#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# AAA monitor (monitor authentication-probe) against a real FreeRADIUS: an
# SRP pair (namespaces A, B) and a third namespace R bridging both to two
# AAA addresses: 10.98.0.10, FreeRADIUS (-X, foreground, a configuration
# written here: one client with the shared secret, the probe user), and
# 10.98.0.11 port 11812, a responder that answers every request with an
# Access-Accept signed with another secret. Only the active probes; the
# FreeRADIUS target is UP, the other never (its answers are counted as
# errors). FreeRADIUS stopped: the active's target goes DOWN after the
# retries, the AAA service fails and the pair switches over (cause
# monitor); the new active, with FreeRADIUS still down, stays active (AAA
# switchover is non-reversible); FreeRADIUS back: UP again; srp
# reset-auth-probe-fail clears the failure information.
. "$(dirname "$0")/lib.sh"
t_need_root
if ! command -v freeradius >/dev/null; then
	t_log "SKIP: FreeRADIUS is not installed (apt-get install freeradius; scripts/setup.sh)"
	exit 77
fi

SECRET=testing123
RAD=10.98.0.10
BAD=10.98.0.11

t_srp_netns
T_NS_R=srpgw-t-$$-r
ip netns add "$T_NS_R" || { t_log "cannot create a network namespace"; exit 1; }
T_NETNS+=("$T_NS_R")
ip -n "$T_NS_R" link set lo up
ip -n "$T_NS_R" link add br0 type bridge
ip -n "$T_NS_R" addr add "$RAD/24" dev br0
ip -n "$T_NS_R" addr add "$BAD/24" dev br0
ip -n "$T_NS_R" link set br0 up
for x in a b; do
	ns=$T_NS_A
	[ "$x" = b ] && ns=$T_NS_B
	ip -n "$ns" link add aaa0 type veth peer name r$x netns "$T_NS_R"
	ip -n "$T_NS_R" link set r$x master br0 up
	ip -n "$ns" addr add "10.98.0.$([ "$x" = a ] && echo 1 || echo 2)/24" dev aaa0
	ip -n "$ns" link set aaa0 up
done

# FreeRADIUS: a copy of the packaged configuration, run as root in R.
raddb=$T_DIR/raddb
cp -a /etc/freeradius/3.0 "$raddb"
sed -i -e 's/^\s*user = freerad/#&/' -e 's/^\s*group = freerad/#&/' \
	"$raddb/radiusd.conf"
cat >"$raddb/clients.conf" <<EOF
client gateways {
	ipaddr = 10.98.0.0/24
	secret = $SECRET
}
EOF
printf 'srpgw-probe Cleartext-Password := "srpgw-probe"\n' \
	>"$raddb/mods-config/files/authorize"
RAD_PID=
rad_start() {
	ip netns exec "$T_NS_R" freeradius -X -d "$raddb" >>"$T_DIR/rad.log" 2>&1 &
	RAD_PID=$!
	T_PIDS+=("$RAD_PID")
	for _ in $(seq 100); do
		grep -q "Ready to process requests" "$T_DIR/rad.log" 2>/dev/null &&
			return 0
		kill -0 "$RAD_PID" 2>/dev/null || break
		sleep 0.1
	done
	tail -20 "$T_DIR/rad.log"
	return 1
}
rad_stop() {
	kill -TERM "$RAD_PID"
	t_wait_exit "$RAD_PID"
	: >"$T_DIR/rad.log"
}

# The responder with the wrong secret (RFC 2865 Response Authenticator
# computed with it).
cat >"$T_DIR/bad_radius.py" <<'EOF'
import hashlib, socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
secret = b"not-the-shared-secret"
while True:
    req, peer = s.recvfrom(4096)
    if len(req) < 20:
        continue
    hdr = struct.pack("!BBH", 2, req[1], 20)
    auth = hashlib.md5(hdr + req[4:20] + secret).digest()
    s.sendto(hdr + auth, peer)
EOF
ip netns exec "$T_NS_R" /usr/bin/python3 "$T_DIR/bad_radius.py" "$BAD" 11812 \
	>"$T_DIR/bad.log" 2>&1 &
T_PIDS+=("$!")

srp_lines=("monitor authentication-probe context aaa $RAD port 1812"
	   "monitor authentication-probe context aaa $BAD port 11812")
t_srp_cfg "$T_DIR/a.cfg" primary 10 10.99.0.1 10.99.0.2 "${srp_lines[@]}"
t_srp_cfg "$T_DIR/b.cfg" backup 20 10.99.0.2 10.99.0.1 "${srp_lines[@]}"
for f in "$T_DIR/a.cfg" "$T_DIR/b.cfg"; do
	sed -i "/^  port ethernet 1\/1\$/i\\
  context aaa\\
    radius server $RAD key $SECRET port 1812\\
    radius server $BAD key $SECRET port 11812\\
    radius timeout 1\\
    radius max-retries 2\\
    radius probe-interval 1\\
  #exit" "$f"
done

t_check "FreeRADIUS starts in its namespace" rad_start
t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "A becomes ACTIVE" t_srp_wait a 'j["chassis_state"] == "ACTIVE"'
t_check "B becomes STANDBY_READY" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'

# mon_wait NAME EXPR: poll "show srp monitor authentication-probe" of NAME
# (JSON; m = the FreeRADIUS target, x = the wrong-secret one) until EXPR
# holds, at most 150 polls.
mon_wait() {
	local name=$1 expr=$2 i
	for i in $(seq 150); do
		if t_ctl "$name" --json show srp monitor authentication-probe 2>/dev/null |
			t_json "(lambda m, x: $expr)(j['monitors'][0], j['monitors'][1])" 2>/dev/null; then
			return 0
		fi
		sleep 0.2
	done
	t_log "timed out waiting for $name: $expr; now:"
	t_ctl "$name" show srp monitor authentication-probe
	return 1
}

t_check "A: FreeRADIUS target UP, probes answered" \
	mon_wait a 'm["state"] == "up" and m["probes_answered"] >= 2 and m["detail"] == "access-accept"'
t_check "A: service ok" \
	t_srp_json a 'j["services"]["authentication-probe"] == "ok"' show srp monitor
t_check "A: wrong-secret target never UP, its answers counted as errors" \
	mon_wait a 'x["state"] != "up" and x["errors"] >= 3 and x["probes_answered"] == 0 and "authenticator" in x["detail"]'
t_check "B (standby): idle, no probe sent" \
	mon_wait b 'm["state"] == "idle" and m["probes_sent"] == 0 and x["state"] == "idle" and x["probes_sent"] == 0'
t_check "show srp monitor (text) lists both targets" \
	grep -q "$BAD" <<<"$(t_ctl a show srp monitor all)"

# FreeRADIUS stops: DOWN after 1 + max-retries attempts, switchover.
rad_stop
t_check "A: FreeRADIUS target DOWN after the retries" \
	mon_wait a 'm["failures"] == 1 and m["probes_unanswered"] >= 3'
t_check "B takes over (AAA failure on A): ACTIVE" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"]'
t_check "B: switchover counted with cause monitor" \
	t_srp_json b 'j["switchovers"]["monitor"] == 1' show srp statistics
t_check "A: standby now, its targets idle" \
	mon_wait a 'm["state"] == "idle" and x["state"] == "idle"'
t_check "B: probes FreeRADIUS (down) and goes DOWN too" \
	mon_wait b 'm["state"] == "down" and m["probes_sent"] >= 3'
t_check "B stays ACTIVE: AAA switchover is non-reversible" \
	t_srp_json b 'j["chassis_state"] == "ACTIVE"' show srp info
t_check "A is still the standby" \
	t_srp_json a 'j["chassis_state"] == "STANDBY_READY"' show srp info

# FreeRADIUS back: UP on the active.
t_check "FreeRADIUS restarts" rad_start
t_check "B: FreeRADIUS target UP again" \
	mon_wait b 'm["state"] == "up" and m["probes_answered"] >= 1'
t_check "B: service ok again" \
	t_srp_json b 'j["services"]["authentication-probe"] == "ok"' show srp monitor

# srp reset-auth-probe-fail: failure information back to 0.
t_check "B: failures counted before the reset" \
	mon_wait b 'm["failures"] == 1 and x["failures"] >= 1'
t_check "B: the AAA non-reversible flag is set" \
	t_srp_json b 'j["aaa_non_reversible"] == "yes"' srp validate-switchover
t_check "srp reset-auth-probe-fail resets both targets" \
	t_srp_json b 'j["targets_reset"] == 2' srp reset-auth-probe-fail
t_check "B: failures 0 after the reset" \
	t_srp_json b 'j["monitors"][0]["failures"] == 0 and j["monitors"][1]["failures"] == 0' \
	show srp monitor authentication-probe
t_check "B: the AAA non-reversible flag is cleared" \
	t_srp_json b 'j["aaa_non_reversible"] == "no"' srp validate-switchover
t_check "B: probing again after the reset, UP" \
	mon_wait b 'm["state"] == "up" and m["probes_answered"] >= 1'
t_ctl b srp reset-auth-probe-fail now >/dev/null 2>&1
t_check "'srp reset-auth-probe-fail now' is refused" test $? -ne 0
t_check "the log names the target changes" \
	grep -q "monitor authentication-probe aaa $RAD port 1812: up -> down" "$T_DIR/a.log"
t_finish
