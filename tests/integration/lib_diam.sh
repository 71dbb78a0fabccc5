# SPDX-License-Identifier: BSD-3-Clause
# Set-up shared by the Diameter monitor scenarios (t_mon_diam.sh,
# t_mon_damping.sh, t_mon_bothfail.sh): a real freeDiameterd in each
# chassis' namespace of an SRP pair, the pair's configurations with a
# Diameter monitor, and polling of "show srp monitor diameter". Sourced
# after lib.sh.
#
# Layout: in each of A's and B's namespaces a veth pair (no dummy links in
# this kernel) carries the gateway's origin host address (10.97.0.1) and a
# freeDiameterd (10.97.0.2, identity pcrf.test, our peer gw.test listed
# with No_TLS); the gateways' endpoint has watchdog-timeout 1 s. TCP only:
# this kernel has no SCTP.

# t_diam_setup: skip (77) without root, freeDiameterd or openssl;
# otherwise the TLS credentials and $T_DIR/fd.conf freeDiameterd needs, the
# SRP namespaces (t_srp_netns) and the Diameter veths in each.
t_diam_setup() {
	local ns
	t_need_root
	if ! command -v freeDiameterd >/dev/null || ! command -v openssl >/dev/null; then
		t_log "SKIP: freeDiameterd or openssl missing (apt-get install freediameter openssl; scripts/setup.sh)"
		exit 77
	fi
	# freeDiameter 1.2.1 will not start without TLS credentials, even
	# when every peer is plain TCP: a throwaway CA and certificate.
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
}

# t_diam_fd_start NAME NETNS: start freeDiameterd in NETNS (log
# $T_DIR/fd-NAME.log), set FD_PID, wait (by count) until it listens.
t_diam_fd_start() {
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

# t_diam_fds_start: a freeDiameterd in A's and in B's namespace (checks);
# sets T_FD_A and T_FD_B to their pids.
t_diam_fds_start() {
	t_check "freeDiameterd in A listens" t_diam_fd_start a "$T_NS_A"
	T_FD_A=$FD_PID
	t_check "freeDiameterd in B listens" t_diam_fd_start b "$T_NS_B"
	T_FD_B=$FD_PID
}

# t_diam_pair_start SUFFIX: start gateways A and B on $T_DIR/aSUFFIX.cfg
# and $T_DIR/bSUFFIX.cfg (t_diam_cfgs) and wait for A ACTIVE and B
# STANDBY_READY (checks); sets T_PID_A and T_PID_B.
t_diam_pair_start() {
	t_check "gateway A (primary) starts" t_srp_start a "$T_NS_A" "$T_DIR/a$1.cfg"
	T_PID_A=$T_GW_PID
	t_check "gateway B (backup) starts" t_srp_start b "$T_NS_B" "$T_DIR/b$1.cfg"
	T_PID_B=$T_GW_PID
	t_check "A ACTIVE, B STANDBY_READY" \
		t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY"'
}

# t_diam_cfgs SUFFIX [SRP_LINE...]: $T_DIR/aSUFFIX.cfg (primary) and
# $T_DIR/bSUFFIX.cfg (backup), t_srp_cfg configurations with "monitor
# diameter context dia endpoint gx", the SRP_LINEs (guard timers) and the
# endpoint in context dia.
t_diam_cfgs() {
	local sfx=$1 x
	shift
	for x in a b; do
		if [ $x = a ]; then
			t_srp_cfg "$T_DIR/$x$sfx.cfg" primary 10 10.99.0.1 10.99.0.2 \
				"monitor diameter context dia endpoint gx" "$@"
		else
			t_srp_cfg "$T_DIR/$x$sfx.cfg" backup 20 10.99.0.2 10.99.0.1 \
				"monitor diameter context dia endpoint gx" "$@"
		fi
		sed -i '/^  port ethernet 1\/1$/i\
  context dia\
    diameter endpoint gx\
      origin realm test\
      origin host gw.test address 10.97.0.1\
      peer pcrf.test realm test address 10.97.0.2\
      watchdog-timeout 1\
    #exit\
  #exit' "$T_DIR/$x$sfx.cfg"
	done
}

# t_diam_cfgs_unguarded: t_diam_cfgs "" with every Diameter guard period
# 0: a monitor failure asks for a switchover at once.
t_diam_cfgs_unguarded() {
	t_diam_cfgs "" \
		"guard-timer diameter-switchover-timers guard-period 0" \
		"guard-timer srp-redundancy-timers diam guard-period 0"
}

# t_diam_mon NAME EXPR: EXPR true of NAME's Diameter target (m) and
# service (s).
t_diam_mon() {
	t_ctl "$1" --json show srp monitor diameter 2>/dev/null |
		t_json "(lambda m, s: $2)(j['monitors'][0], j['services']['diameter'])"
}

# t_diam_mon_wait NAME EXPR [COUNT]: poll t_diam_mon every 0.1 s, at most
# COUNT (200) times; show the monitor on failure.
t_diam_mon_wait() {
	local i
	for i in $(seq "${3:-200}"); do
		t_diam_mon "$1" "$2" && return 0
		sleep 0.1
	done
	t_log "$1: not ($2); now:"
	t_ctl "$1" show srp monitor diameter
	return 1
}
