#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The Pktgen-DPDK pcaps (scripts/pktgen/make-pcaps) match srpgw-gen and the
# gateway's generated sessions: (1) their frames equal srpgw-gen's own
# (written through net_pcap) byte for byte apart from the TX timestamp, for
# IPv4 and IPv6; (2) replayed into a gateway on af_packet veths holding the
# `session generate` sessions make-pcaps prints, every uplink and downlink
# frame is forwarded: nothing dropped, every session's counters right.
. "$(dirname "$0")/lib.sh"
t_need_root
: "${SRPGW_GEN_BIN:?SRPGW_GEN_BIN must point to the srpgw-gen binary}"

mkp=$SRPGW_TESTS/../../scripts/pktgen/make-pcaps
n=200
count=1000	# 5 packets per session and direction

# same_frames A B: the pcaps hold the same frames, in order, except the
# 6 TX-time bytes of the marker (srpgw-gen fills them, make-pcaps writes
# zeros) and the UDP checksums over IPv6 that cover them; every checksum
# make-pcaps wrote (IPv4 headers, UDP over IPv6) must be valid (scapy
# recomputes them).
same_frames() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import logging, sys
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import IP, UDP, Ether, rdpcap
import scapy.contrib.gtp  # noqa: decode G-PDUs on UDP 2152

def layers(q):
    while q:
        yield q
        q = q.payload

def untimed(f):
    q = Ether(f)
    for l in layers(q):
        if isinstance(l, UDP):
            l.chksum = 0
    b = bytes(q)
    i = b.rfind(b"\x53\x47")  # the marker: magic, flow, seq, time
    return b[:i + 10] + b"\0" * 6 + b[i + 16:]

def valid(f):
    q = Ether(f)
    for l in layers(q):
        if isinstance(l, IP) or (isinstance(l, UDP) and l.chksum != 0):
            del l.chksum
    return bytes(Ether(bytes(q))) == f

a = [bytes(p) for p in rdpcap(sys.argv[1])]
b = [bytes(p) for p in rdpcap(sys.argv[2])]
same = len(a) == len(b) > 0 and all(untimed(x) == untimed(y) for x, y in zip(a, b))
ok = same and all(valid(x) for x in a)
if not ok:
    print("frames differ (%d vs %d) or bad checksums: same=%s" % (len(a), len(b), same))
sys.exit(0 if ok else 1)
PY
}

# compare NAME MAKE_PCAPS_ARGS -- GEN_ARGS: write both sets, compare.
compare() {
	local name=$1 mk=() ga=()
	shift
	while [ "$1" != -- ]; do mk+=("$1"); shift; done
	shift
	ga=("$@")
	mkdir -p "$T_DIR/$name"
	/usr/bin/python3 "$mkp" --sessions 7 --count 30 --size 100 \
		--out-dir "$T_DIR/$name" "${mk[@]}" >/dev/null || return 1
	"$SRPGW_GEN_BIN" -l 0 --no-huge -m 128 --no-pci \
		--file-prefix="srpgw-t-$$-$name" \
		--vdev="net_pcap0,tx_pcap=$T_DIR/$name/gen_ul.pcap" \
		--vdev="net_pcap1,tx_pcap=$T_DIR/$name/gen_dl.pcap" -- \
		--access-mac 02:00:00:00:aa:02 --core-mac 02:00:00:00:cc:02 \
		--access-gw-mac 02:00:00:00:aa:01 --core-gw-mac 02:00:00:00:cc:01 \
		--sessions 7 --count 30 --size 100 --rate 10000 --drain-ms 10 \
		"${ga[@]}" >"$T_DIR/$name/gen.json" 2>"$T_DIR/$name/gen.err" ||
		{ cat "$T_DIR/$name/gen.err"; return 1; }
	same_frames "$T_DIR/$name/uplink.pcap" "$T_DIR/$name/gen_ul.pcap" &&
		same_frames "$T_DIR/$name/downlink.pcap" "$T_DIR/$name/gen_dl.pcap"
}

t_check "IPv4 pcaps equal srpgw-gen's frames" compare cmp4 \
	--local-teid 0x1000 --remote-teid 0x2000 -- \
	--gw-addr 192.0.2.10 --peer-addr 192.0.2.20 --server-addr 203.0.113.7 \
	--ue-ipv4-pool 10.0.0.0/8 --local-teid 0x1000 --remote-teid 0x2000
t_check "IPv6 pcaps equal srpgw-gen's frames" compare cmp6 \
	--gw-addr 2001:db8:a::10 --peer-addr 2001:db8:a:1::20 \
	--server-addr 2001:db8:5::7 --ue-ipv6-pool 2001:db8:100::/48 -- \
	--gw-addr 2001:db8:a::10 --peer-addr 2001:db8:a:1::20 \
	--server-addr 2001:db8:5::7 --ue-ipv6-pool 2001:db8:100::/48
t_check "pcaps for the gateway written" /usr/bin/python3 "$mkp" \
	--sessions $n --count $count --size 128 --local-teid 0x1000 \
	--remote-teid 0x2000 --ue-ipv4-pool 10.20.0.0/16 \
	--out-dir "$T_DIR/gw" >"$T_DIR/gw.txt"
cat "$T_DIR/gw.txt"
gen_cmd=$(sed -n 's/^gateway sessions: srpgwctl //p' "$T_DIR/gw.txt")
t_check "make-pcaps prints the session generate command" test -n "$gen_cmd"
t_check "sessions file has one line per session" \
	test "$(grep -vc '^#' "$T_DIR/gw/sessions.txt")" -eq $n

t_netns_links
ns=$T_NS
cfg=$T_DIR/gw.cfg
cat >"$cfg" <<'CFG'
config
  context access
    interface s1u loopback
      ip address 192.0.2.10/32
    #exit
    interface access-port
      ip address 192.0.2.1 255.255.255.0
    #exit
    ip arp 192.0.2.20 02:00:00:00:aa:02
  #exit
  context core
    interface sgi
      ip address 198.51.100.1 255.255.255.0
    #exit
    ip route 0.0.0.0 0.0.0.0 198.51.100.254 sgi
    ip arp 198.51.100.254 02:00:00:00:cc:02
  #exit
  port ethernet 1/1
    dpdk-device net_af_packet0
    role access
    bind interface access-port access
    no shutdown
  #exit
  port ethernet 1/2
    dpdk-device net_af_packet1
    role core
    bind interface sgi core
    no shutdown
  #exit
  dataplane
    max-sessions 4096
  #exit
end
CFG
t_gw_start_afp gw "$cfg"
pid=$T_GW_PID
t_check "srpgw starts on af_packet ports" t_wait_sock gw "$pid"
# shellcheck disable=SC2086
t_check "sessions generated with make-pcaps' command" t_ctl gw $gen_cmd

# replay PCAP IFNAME: send every frame of PCAP on IFNAME (raw socket),
# pausing briefly after each 32 so the gateway's rx ring never overflows.
replay() {
	ip netns exec "$ns" /usr/bin/python3 - "$1" "$2" <<'PY'
import socket, struct, sys, time
f = open(sys.argv[1], "rb")
f.read(24)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[2], 0))
k = 0
while True:
    h = f.read(16)
    if len(h) < 16:
        break
    n = struct.unpack("<IIII", h)[2]
    s.send(f.read(n))
    k += 1
    if k % 32 == 0:
        time.sleep(0.002)
print("%s: %d frames sent" % (sys.argv[2], k))
PY
}
t_check "uplink pcap replayed on the access side" replay "$T_DIR/gw/uplink.pcap" enb0
t_check "downlink pcap replayed on the core side" replay "$T_DIR/gw/downlink.pcap" dn0

# forwarded: both G-PDU counters reached the pcaps' count (at most 20 s).
forwarded() {
	for _ in $(seq 200); do
		t_ctl gw --json show dataplane statistics >"$T_DIR/st.json"
		t_json "j['counters']['gpdu_ul'] >= $count and j['counters']['gpdu_dl'] >= $count" \
			<"$T_DIR/st.json" && return 0
		sleep 0.1
	done
	return 1
}
t_check "gateway counted every frame" forwarded
t_check "uplink $count decapsulated, downlink $count encapsulated, $((2 * count)) sent" \
	t_json "j['counters']['gpdu_ul'] == $count and j['counters']['gpdu_dl'] == $count and j['counters']['tx'] == 2 * $count and j['counters']['tx_dropped'] == 0" \
	<"$T_DIR/st.json"
t_check "no packet dropped for any reason" \
	t_json "sum(d['packets'] for d in j['drops']) == 0 and j['counters']['gtpu_unknown_teid'] == 0" \
	<"$T_DIR/st.json"
for teid in 0x1000 $((0x1000 + n / 2)) $((0x1000 + n - 1)); do
	t_check "session $teid: 5 packets each way" t_json \
		"j['uplink_packets'] == $((count / n)) and j['downlink_packets'] == $((count / n))" \
		<<<"$(t_ctl gw --json show subscribers local-teid "$teid")"
done

kill -TERM "$pid"
t_wait_exit "$pid"; st=$T_ST
t_check "clean exit after SIGTERM" test "$st" -eq 0
t_finish
