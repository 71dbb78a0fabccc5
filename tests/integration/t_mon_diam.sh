#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The Diameter monitor against a real freeDiameter (RFC 6733 watchdog over
# TCP; this kernel has no SCTP). An srpgw pair; in each chassis' namespace
# a veth pair (no dummy links in this kernel) carries the gateway's origin
# host address (10.97.0.1) and a freeDiameterd (10.97.0.2, identity pcrf.test, our peer gw.test listed
# with No_TLS), watchdog-timeout 1 s. Both monitors come UP with
# watchdogs answered. A's freeDiameterd frozen (SIGSTOP): A's DWA is
# missing, A's monitor goes DOWN and the service moves to B; thawed, A is
# UP again. B's freeDiameterd killed: B DOWN, the service moves back to A;
# restarted, B UP. srp reset-diameter-fail clears A's failure count.
. "$(dirname "$0")/lib.sh"
t_need_root
if ! command -v freeDiameterd >/dev/null || ! command -v openssl >/dev/null; then
	t_log "SKIP: freeDiameterd or openssl missing (apt-get install freediameter openssl; scripts/setup.sh)"
	exit 77
fi

# freeDiameter 1.2.1 will not start without TLS credentials, even when
# every peer is plain TCP: a throwaway CA and certificate.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T_DIR/ca.key" \
	-out "$T_DIR/ca.pem" -days 2 -subj /CN=srpgw-test-ca 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$T_DIR/fd.key" \
	-out "$T_DIR/fd.csr" -subj /CN=pcrf.test 2>/dev/null
openssl x509 -req -in "$T_DIR/fd.csr" -CA "$T_DIR/ca.pem" \
	-CAkey "$T_DIR/ca.key" -CAcreateserial -out "$T_DIR/fd.pem" \
	-days 2 2>/dev/null
cat >"$T_DIR/fd.conf" <<CFG
Identity = "pcrf.test";
Realm = "test";
Port = 3868;
SecPort = 0;
No_SCTP;
No_IPv6;
ListenOn = "10.97.0.2";
TLS_Cred = "$T_DIR/fd.pem", "$T_DIR/fd.key";
TLS_CA = "$T_DIR/ca.pem";
ConnectPeer = "gw.test" { ConnectTo = "10.97.0.1"; No_TLS; };
CFG

t_srp_netns
for ns in "$T_NS_A" "$T_NS_B"; do
	ip -n "$ns" link add dia0 type veth peer name dia1
	ip -n "$ns" addr add 10.97.0.1/24 dev dia0
	ip -n "$ns" addr add 10.97.0.2/24 dev dia1
	ip -n "$ns" link set dia0 up
	ip -n "$ns" link set dia1 up
done

# fd_start NAME NETNS: start freeDiameterd in NETNS (log $T_DIR/fd-NAME.log),
# set FD_PID, wait (by count) until it listens.
fd_start() {
	local i
	ip netns exec "$2" freeDiameterd -c "$T_DIR/fd.conf" -dd \
		>>"$T_DIR/fd-$1.log" 2>&1 &
	FD_PID=$!
	T_PIDS+=("$FD_PID")
	for i in $(seq 100); do
		ip netns exec "$2" ss -tln | grep -q '10.97.0.2:3868' && return 0
		sleep 0.1
	done
	t_log "freeDiameterd $1 does not listen; log:"
	tail -20 "$T_DIR/fd-$1.log"
	return 1
}

# The pair: SRP lines for the monitor, no guard or damping delay; the
# endpoint in context dia.
for x in a b; do
	if [ $x = a ]; then
		t_srp_cfg "$T_DIR/$x.cfg" primary 10 10.99.0.1 10.99.0.2 \
			"monitor diameter context dia endpoint gx" \
			"guard-timer diameter-switchover-timers guard-period 0" \
			"guard-timer srp-redundancy-timers diam guard-period 0"
	else
		t_srp_cfg "$T_DIR/$x.cfg" backup 20 10.99.0.2 10.99.0.1 \
			"monitor diameter context dia endpoint gx" \
			"guard-timer diameter-switchover-timers guard-period 0" \
			"guard-timer srp-redundancy-timers diam guard-period 0"
	fi
	sed -i '/^  port ethernet 1\/1$/i\
  context dia\
    diameter endpoint gx\
      origin realm test\
      origin host gw.test address 10.97.0.1\
      peer pcrf.test realm test address 10.97.0.2\
      watchdog-timeout 1\
    #exit\
  #exit' "$T_DIR/$x.cfg"
done

# mon NAME EXPR: EXPR true of NAME's Diameter target (m) and service (s).
mon() {
	t_ctl "$1" --json show srp monitor diameter 2>/dev/null |
		t_json "(lambda m, s: $2)(j['monitors'][0], j['services']['diameter'])"
}

# mon_wait NAME EXPR: poll mon (bounded by count); show it on failure.
mon_wait() {
	local i
	for i in $(seq 200); do
		mon "$1" "$2" && return 0
		sleep 0.1
	done
	t_log "$1: not ($2); now:"
	t_ctl "$1" show srp monitor diameter
	return 1
}

t_check "freeDiameterd in A listens" fd_start a "$T_NS_A"
fd_a=$FD_PID
t_check "freeDiameterd in B listens" fd_start b "$T_NS_B"
fd_b=$FD_PID
t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
t_check "A ACTIVE, B STANDBY_READY" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY"'

t_check "A's monitor UP, watchdogs answered" \
	mon_wait a 'm["state"] == "up" and m["probes_answered"] >= 3 and s == "ok" and m["errors"] == 0'
t_check "B's monitor UP on the standby too" \
	mon_wait b 'm["state"] == "up" and m["probes_answered"] >= 3'
t_check "freeDiameter saw gw.test open over TCP" \
	grep -q "'STATE_OPEN'.*'gw.test'" "$T_DIR/fd-a.log"
t_check "show srp monitor (text) names the target" \
	bash -c "$SRPGWCTL_BIN -s $T_DIR/a.sock show srp monitor | grep -q 'dia endpoint gx'"

# 1. A's peer stops answering: the DWA is missing after Tw.
kill -STOP "$fd_a"
t_check "A's monitor DOWN: no DWA within the watchdog interval" \
	mon_wait a 'm["state"] == "down" and m["probes_unanswered"] >= 1 and "no DWA" in m["detail"] and s == "failed"'
t_check "B takes over (A's Diameter service failed)" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["last_state_change_cause"] == "monitor"'
t_check "A becomes standby" t_srp_wait a 'j["chassis_state"] == "STANDBY_READY"'
kill -CONT "$fd_a"
t_check "A's peer back: A's monitor UP again" \
	mon_wait a 'm["state"] == "up" and m["failures"] == 1 and s == "ok"'

# 2. B's peer dies: connection closed, refused; B's service fails.
kill -9 "$fd_b"
t_check "B's monitor DOWN after freeDiameterd was killed" \
	mon_wait b 'm["state"] == "down" and m["failures"] >= 1 and s == "failed"'
t_check "A takes the service back" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["last_state_change_cause"] == "monitor"'
t_check "B becomes standby" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
t_check "freeDiameterd in B restarts" fd_start b "$T_NS_B"
t_check "B reconnects: monitor UP" \
	mon_wait b 'm["state"] == "up" and s == "ok"'

# 3. srp reset-diameter-fail clears the failure information.
t_check "srp reset-diameter-fail accepted" \
	bash -c "$SRPGWCTL_BIN -s $T_DIR/a.sock --json srp reset-diameter-fail | grep -q targets_reset"
t_check "A's failures, timeouts and errors back to 0, still UP" \
	mon a 'm["failures"] == 0 and m["probes_unanswered"] == 0 and m["errors"] == 0 and m["state"] == "up"'
t_finish
