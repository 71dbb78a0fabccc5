# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# The real peers of the service monitors (docs/monitors.md) around the
# srpgw pair of lib-pair.sh, for the monitor benchmark (scripts/bench/
# switchover, scenarios monitor-*):
#
#   ns A: mon0 10.98.1.1 ---.                ns P (peers): bridge br0 10.98.1.2
#   ns B: mon0 10.98.1.3 ---+--- br0 ------- BIRD 2 (AS 65000, upstream U)
#                                            FreeRADIUS (udp 1812)
#   ns A, ns B: dia0 10.97.0.1 --- dia1 10.97.0.2, freeDiameterd (each its own)
#
# Each gateway's BIRD (AS 65001, started by srpgw: bgp-speaker bird-config)
# peers with U over mon0; both gateways see the same peer addresses, so
# their monitor lines are the same. peers_cut silences every peer in P for
# one gateway (nft drops its packets both ways, no carrier loss).
# Sourced after lib-pair.sh and pair_init; processes go to PAIR_PIDS and
# the namespace P to PAIR_NETNS, so pair_stop / pair_cleanup end them.

set -u

# Detection timers, as an operator sets them for fast detection: BGP hold
# time and keepalive (s), BFD interval (ms) and multiplier, RADIUS timeout
# (s), retries and probe interval (s), Diameter watchdog Tw (s).
PEERS_HOLD=${PEERS_HOLD:-3}
PEERS_KEEPALIVE=${PEERS_KEEPALIVE:-1}
PEERS_BFD_MS=${PEERS_BFD_MS:-50}
PEERS_BFD_MULT=${PEERS_BFD_MULT:-3}
PEERS_RAD_TIMEOUT=${PEERS_RAD_TIMEOUT:-1}
PEERS_RAD_RETRIES=${PEERS_RAD_RETRIES:-1}
PEERS_RAD_INTERVAL=${PEERS_RAD_INTERVAL:-1}
PEERS_DIA_TW=${PEERS_DIA_TW:-1}

PEERS_U_IP=10.98.1.2		# BIRD upstream and FreeRADIUS, in P
PEERS_SECRET=srpgw-bench
PEERS_DIA_GW_IP=10.97.0.1	# origin host address of each gateway
PEERS_DIA_IP=10.97.0.2		# its freeDiameterd

# peers_gw_ip NAME: the address of gateway NAME (a or b) towards P.
peers_gw_ip() { [ "$1" = a ] && echo 10.98.1.1 || echo 10.98.1.3; }

# peers_ns NAME: the namespace of gateway NAME.
peers_ns() { [ "$1" = a ] && echo "$PAIR_NS_A" || echo "$PAIR_NS_B"; }

# peers_settings KIND: the detection settings of KIND (bgp, bgp-bfd, aaa,
# diam) in words, for reports.
peers_settings() {
	local poll="srpgw polls BIRD every 500 ms"
	case $1 in
	bgp) echo "BGP hold time $PEERS_HOLD s, keepalive $PEERS_KEEPALIVE s; $poll" ;;
	bgp-bfd) echo "BGP hold time $PEERS_HOLD s + BFD $PEERS_BFD_MS ms x $PEERS_BFD_MULT; $poll" ;;
	aaa) echo "radius timeout $PEERS_RAD_TIMEOUT s, max-retries $PEERS_RAD_RETRIES," \
		"probe-interval $PEERS_RAD_INTERVAL s" ;;
	diam) echo "watchdog-timeout $PEERS_DIA_TW s" ;;
	esac
}

# peers_net: namespace P, its bridge and a veth to each gateway (mon0).
peers_net() {
	local g ns
	PEERS_NS=$PAIR_PREFIX-p
	ip netns add "$PEERS_NS" || { pair_log "cannot create namespace $PEERS_NS"; return 1; }
	PAIR_NETNS+=("$PEERS_NS")
	ip -n "$PEERS_NS" link set lo up
	ip -n "$PEERS_NS" link add br0 type bridge forward_delay 0 stp_state 0
	ip -n "$PEERS_NS" addr add "$PEERS_U_IP/24" dev br0
	ip -n "$PEERS_NS" link set br0 up
	for g in a b; do
		ns=$(peers_ns $g)
		ip -n "$ns" link add mon0 type veth peer name "p$g" netns "$PEERS_NS"
		ip -n "$PEERS_NS" link set "p$g" master br0 up
		ip -n "$ns" addr add "$(peers_gw_ip $g)/24" dev mon0
		ip -n "$ns" link set mon0 up
	done
}

# peers_bfd_block IFACE: a BIRD bfd protocol on IFACE (PEERS_BFD_MS,
# PEERS_BFD_MULT).
peers_bfd_block() {
	cat <<CFG
protocol bfd {
	interface "$1" {
		min rx interval $PEERS_BFD_MS ms; min tx interval $PEERS_BFD_MS ms;
		multiplier $PEERS_BFD_MULT;
	};
}
CFG
}


# peers_bgp_session NAME LOCAL NEIGHBOR LOCAL_AS PEER_AS BFD IMPORT EXPORT:
# one BIRD BGP protocol with the bench's timers (bfd on when BFD is 1).
peers_bgp_session() {
	cat <<CFG
protocol bgp $1 {
	local $2 as $4;
	neighbor $3 as $5;
	connect retry time 1;
	hold time $PEERS_HOLD; keepalive time $PEERS_KEEPALIVE;
	$([ "$6" = 1 ] && echo "bfd on;")
	ipv4 { import $7; export $8; };
}
CFG
}

# peers_bgp_start BFD: the BIRD configuration of each gateway's speaker
# ($PAIR_DIR/bird-NAME.conf, including the file srpgw writes,
# $PAIR_DIR/NAME-srp.conf; the UE pool exported through srpgw_prepend)
# and U's BIRD started in P (sessions to both gateways; BFD when 1).
peers_bgp_start() {
	local bfd=$1 g
	for g in a b; do
		{
			cat <<CFG
log "$PAIR_DIR/bird-$g.log" all;
router id $(peers_gw_ip $g);
include "$PAIR_DIR/$g-srp.conf";
protocol device {}
protocol static srp_routes { ipv4; route $PAIR_POOL blackhole; }
filter srpgw_export {
	if proto = "srp_routes" then { srpgw_prepend(65001); accept; }
	reject;
}
CFG
			[ "$bfd" = 1 ] && peers_bfd_block mon0
			peers_bgp_session upstream "$(peers_gw_ip $g)" "$PEERS_U_IP" \
				65001 65000 "$bfd" none "filter srpgw_export"
		} >"$PAIR_DIR/bird-$g.conf"
	done
	{
		printf 'log "%s/bird-u.log" all;\nrouter id %s;\nprotocol device {}\n' \
			"$PAIR_DIR" "$PEERS_U_IP"
		[ "$bfd" = 1 ] && peers_bfd_block br0
		for g in a b; do
			peers_bgp_session "gw$g" "$PEERS_U_IP" "$(peers_gw_ip $g)" \
				65000 65001 "$bfd" all none
		done
	} >"$PAIR_DIR/bird-u.conf"
	ip netns exec "$PEERS_NS" bird -f -c "$PAIR_DIR/bird-u.conf" \
		-s "$PAIR_DIR/u.ctl" >"$PAIR_DIR/bird-u.out" 2>&1 &
	PAIR_PIDS+=("$!")
}

# peers_bgp_lines: the SRP lines of a gateway owning its BIRD (%G: a or b)
# and monitoring its session to U.
peers_bgp_lines() {
	printf '%s\n' "bgp-speaker control-socket $PAIR_DIR/%G.ctl" \
		"bgp-speaker include-file $PAIR_DIR/%G-srp.conf" \
		"bgp-speaker bird-config $PAIR_DIR/bird-%G.conf" \
		"monitor bgp context ingress $PEERS_U_IP" \
		"guard-timer srp-redundancy-timers bgp guard-period 0"
}

# peers_radius_prepare: a copy of the packaged FreeRADIUS configuration
# ($PAIR_DIR/raddb, run as root; clients of P's subnet with the bench's
# secret; the probe user). Once per bench.
peers_radius_prepare() {
	local raddb=$PAIR_DIR/raddb
	rm -rf "$raddb"
	cp -a /etc/freeradius/3.0 "$raddb" || return 1
	sed -i -e 's/^\s*user = freerad/#&/' -e 's/^\s*group = freerad/#&/' \
		"$raddb/radiusd.conf"
	printf 'client gateways {\n\tipaddr = 10.98.1.0/24\n\tsecret = %s\n}\n' \
		"$PEERS_SECRET" >"$raddb/clients.conf"
	printf 'srpgw-probe Cleartext-Password := "srpgw-probe"\n' \
		>"$raddb/mods-config/files/authorize"
}

# peers_listening NS SS_FLAGS PATTERN PID LOG: wait (by count) until ss
# SS_FLAGS in NS shows PATTERN (a server PID listens); else show LOG.
peers_listening() {
	for _ in $(seq 100); do
		ip netns exec "$1" ss "$2" | grep -q "$3" && return 0
		kill -0 "$4" 2>/dev/null || break
		sleep 0.1
	done
	pair_log "no server on $3 in $1; log:"
	tail -n 20 "$5" >&2
	return 1
}

# peers_radius_start: FreeRADIUS in P; waits until it serves.
peers_radius_start() {
	: >"$PAIR_DIR/rad.log"
	ip netns exec "$PEERS_NS" freeradius -X -d "$PAIR_DIR/raddb" \
		>>"$PAIR_DIR/rad.log" 2>&1 &
	PAIR_PIDS+=("$!")
	peers_listening "$PEERS_NS" -uln ":1812 " "$!" "$PAIR_DIR/rad.log"
}

# peers_aaa_cfg: the context block of the AAA server (timeout 1 s, one
# retry, a probe every second), for PAIR_CFG_EXTRA.
peers_aaa_cfg() {
	cat <<CFG
  context aaa
    radius server $PEERS_U_IP key $PEERS_SECRET port 1812
    radius timeout $PEERS_RAD_TIMEOUT
    radius max-retries $PEERS_RAD_RETRIES
    radius probe-interval $PEERS_RAD_INTERVAL
  #exit
CFG
}

# peers_aaa_lines: SRP lines of the AAA monitor (no guard periods).
peers_aaa_lines() {
	printf '%s\n' "monitor authentication-probe context aaa $PEERS_U_IP port 1812" \
		"guard-timer aaa-switchover-timers guard-period 0" \
		"guard-timer srp-redundancy-timers aaa guard-period 0"
}

# peers_diam_prepare: freeDiameterd's configuration and throwaway
# credentials (it will not start without TLS ones, even for TCP peers).
# Once per bench.
peers_diam_prepare() {
	local d=$PAIR_DIR
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" \
		-out "$d/ca.pem" -days 2 -subj /CN=srpgw-bench-ca 2>/dev/null &&
	openssl req -newkey rsa:2048 -nodes -keyout "$d/fd.key" \
		-out "$d/fd.csr" -subj /CN=pcrf.test 2>/dev/null &&
	openssl x509 -req -in "$d/fd.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
		-CAcreateserial -out "$d/fd.pem" -days 2 2>/dev/null || return 1
	# Default ports (3868; TLS 5658, unused); TCP and IPv4 only.
	cat >"$d/fd.conf" <<CFG
Identity = "pcrf.test"; Realm = "test";
No_SCTP; No_IPv6; ListenOn = "$PEERS_DIA_IP";
TLS_Cred = "$d/fd.pem", "$d/fd.key"; TLS_CA = "$d/ca.pem";
ConnectPeer = "gw.test" { ConnectTo = "$PEERS_DIA_GW_IP"; No_TLS; };
CFG
}

# peers_diam_start NAME: a veth pair inside gateway NAME's namespace and
# its freeDiameterd on it; waits (by count) until it listens. Sets
# PEERS_FD_PID_<NAME>.
peers_diam_start() {
	local g=$1 ns pid
	ns=$(peers_ns "$g")
	ip -n "$ns" link add dia0 type veth peer name dia1
	ip -n "$ns" addr add "$PEERS_DIA_GW_IP/24" dev dia0
	ip -n "$ns" addr add "$PEERS_DIA_IP/24" dev dia1
	ip -n "$ns" link set dia0 up
	ip -n "$ns" link set dia1 up
	: >"$PAIR_DIR/fd-$g.log"
	ip netns exec "$ns" freeDiameterd -c "$PAIR_DIR/fd.conf" \
		>>"$PAIR_DIR/fd-$g.log" 2>&1 &
	pid=$!
	PAIR_PIDS+=("$pid")
	printf -v "PEERS_FD_PID_${g^^}" '%s' "$pid"
	peers_listening "$ns" -tln "$PEERS_DIA_IP:3868" "$pid" "$PAIR_DIR/fd-$g.log"
}

# peers_diam_cfg: the Diameter endpoint of each gateway (watchdog Tw
# PEERS_DIA_TW s), for PAIR_CFG_EXTRA.
peers_diam_cfg() {
	cat <<CFG
  context dia
    diameter endpoint gx
      origin realm test
      origin host gw.test address $PEERS_DIA_GW_IP
      peer pcrf.test realm test address $PEERS_DIA_IP
      watchdog-timeout $PEERS_DIA_TW
    #exit
  #exit
CFG
}

# peers_diam_lines: SRP lines of the Diameter monitor (no guard periods).
peers_diam_lines() {
	printf '%s\n' "monitor diameter context dia endpoint gx" \
		"guard-timer diameter-switchover-timers guard-period 0" \
		"guard-timer srp-redundancy-timers diam guard-period 0"
}

# peers_mon_up NAME KIND: true when gateway NAME's monitors of KIND (bgp,
# authentication-probe, diameter) are all up and its service ok.
peers_mon_up() {
	pair_json "$1" "(j['services']['$2'] == 'ok' and len(j['monitors']) > 0 and
all(m['state'] == 'up' for m in j['monitors']))" show srp monitor "$2"
}

# peers_mon_wait NAME KIND [SECONDS]: wait (bounded by count) for peers_mon_up.
peers_mon_wait() {
	local secs=${3:-30}
	for _ in $(seq $((secs * 5))); do
		peers_mon_up "$1" "$2" && return 0
		sleep 0.2
	done
	pair_log "$1: $2 monitors not up; now:"
	pair_ctl "$1" show srp monitor "$2" >&2
	return 1
}

# peers_cut NAME: every peer in P goes silent for gateway NAME (nft drops
# its packets both ways; the link stays up).
peers_cut() {
	local ip
	ip=$(peers_gw_ip "$1")
	ip netns exec "$PEERS_NS" nft -f - <<NFT
table inet peers_cut {
	chain in { type filter hook input priority 0; ip saddr $ip drop; }
	chain out { type filter hook output priority 0; ip daddr $ip drop; }
}
NFT
}

# peers_reap: end what is left in the namespaces (the gateways' BIRDs when
# a gateway had to be killed), by process id.
peers_reap() {
	local ns pid
	for ns in "${PAIR_NETNS[@]}"; do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			pair_kill "$pid"
		done
	done
	return 0
}
