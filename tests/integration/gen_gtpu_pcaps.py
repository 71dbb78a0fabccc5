#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Traffic for t_gtpu_pcap.sh: GTP-U (uplink) and plain IP (downlink) frames
with the frames srpgw must answer or forward, built with scapy.

  gen_gtpu_pcaps.py gen DIR
      write DIR/in_access.pcap, in_core.pcap (frames sent to the gateway)
      and expected_access.pcap, expected_core.pcap (what must come out).
  gen_gtpu_pcaps.py run DIR ACCESS_IF CORE_IF
      send the input pcaps on the far ends of the gateway's links (raw
      AF_PACKET sockets), capture what the gateway sends back for a few
      seconds into DIR/out_access.pcap and out_core.pcap, and compare them
      byte for byte with the expected ones (order-independent).
The addresses, MACs and sessions must match t_gtpu_pcap.sh. "gen" also
writes DIR/expected_counters.txt: one "KIND NAME VALUE" line per counter
of "show dataplane statistics" the script checks (KIND counter, drop or
slow_path).
"""
import logging
import os
import select
import socket
import struct
import sys
import time

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import (ARP, ICMP, IP, UDP, Ether, ICMPv6EchoReply,  # noqa
                       ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_NS,
                       ICMPv6NDOptDstLLAddr, ICMPv6NDOptSrcLLAddr, IPv6, Raw,
                       in6_getnsma, in6_getnsmac, rdpcap, wrpcap)

GW_ACC_MAC = "02:00:00:00:aa:01"
ENB_MAC = "02:00:00:00:aa:02"
GW_CORE_MAC = "02:00:00:00:cc:01"
RTR_MAC = "02:00:00:00:cc:02"
GW4 = "192.0.2.10"           # GTP-U address (loopback interface s1u)
GW6 = "2001:db8:a::10"
ACC4 = "192.0.2.1"           # access-port interface address
ACC6 = "2001:db8:a:1::1"
ENB4 = "192.0.2.20"
ENB6 = "2001:db8:a:1::20"
SRV4 = "203.0.113.99"
SRV6 = "2001:db8:99::1"
# Sessions created by the shell script:
#  A: local 0x100 remote 0x200 peer ENB4 ue 10.45.0.5 ue6 2001:db8:45:5::/64
#  B: local 0x101 remote 0x201 peer ENB6 ue 10.45.0.6 ue6 2001:db8:45:6::/64
#     qfi 9
UE4_A, UE6_A = "10.45.0.5", "2001:db8:45:5::abcd"
UE4_B, UE6_B = "10.45.0.6", "2001:db8:45:6::1"
SESS = {
    "A": dict(lteid=0x100, rteid=0x200, peer4=True, qfi=None),
    "B": dict(lteid=0x101, rteid=0x201, peer4=False, qfi=9),
}
# Drops the script checks by counter name (show dataplane statistics).
EXPECT_DROPS = {"bad_gtpu_version": 1, "bad_udp_len": 1,
                "no_session": 1, "ttl_exceeded": 1}
EXPECT_COUNTERS = {"gpdu_ul": 4, "gpdu_dl": 4, "gtpu_end_marker": 2,
                   "gtpu_echo_req": 2, "gtpu_unknown_teid": 2,
                   "gtpu_err_ind": 4}
# Slow path (control lcore) counters: answers sent, Error Indications
# received that marked a session or named none, nothing refused.
EXPECT_SLOW_PATH = {"gtpu_echo_responses": 2, "gtpu_err_ind_sent": 2,
                    "gtpu_err_ind_suppressed": 0, "gtpu_err_ind_marked": 2,
                    "gtpu_err_ind_unknown": 2, "arp_replies": 1,
                    "icmp_echo_replies": 1, "nd_advertisements": 1,
                    "icmp6_echo_replies": 1, "malformed": 0, "tx_failed": 0}


def gtp(msg, teid, payload, qfi=None, pdu_type=0, seq=None):
    """GTP-U v1 header (TS 29.281 5.1) + payload, as bytes."""
    opt = b""
    flags = 0x30
    if qfi is not None:
        flags |= 0x04
        opt = struct.pack("!HBB", 0, 0, 0x85) + \
            bytes([1, pdu_type << 4, qfi, 0])
    elif seq is not None:
        flags |= 0x02
        opt = struct.pack("!HBB", seq, 0, 0)
    body = opt + payload
    return struct.pack("!BBHI", flags, msg, len(body), teid) + body


def err_ind(teid_data, peer, seq, udp_port=None):
    """Error Indication (TS 29.281 7.3.1) as bytes: S=1, TEID 0, optional
    UDP Port extension header (5.2.2.1), TEID Data I (8.3, TV) and GTP-U
    Peer Address (8.4, TLV, 4 or 16 octets)."""
    fam = socket.AF_INET6 if ":" in peer else socket.AF_INET
    addr = socket.inet_pton(fam, peer)
    ext, flags, nxt = b"", 0x32, 0
    if udp_port is not None:
        ext = bytes([1]) + struct.pack("!H", udp_port) + bytes([0])
        flags, nxt = 0x36, 0x40
    ies = ext + bytes([16]) + struct.pack("!I", teid_data) + \
        bytes([133]) + struct.pack("!H", len(addr)) + addr
    return struct.pack("!BBHIHBB", flags, 26, 4 + len(ies), 0, seq, 0,
                       nxt) + ies


def inner(af, src, dst, ttl=64):
    l4 = UDP(sport=1234, dport=80) / Raw(b"hello, gtp-u")
    if af == 4:
        return IP(src=src, dst=dst, ttl=ttl, id=7) / l4
    return IPv6(src=src, dst=dst, hlim=ttl) / l4


def outer(af, src, dst, sport, payload, dmac, smac, udp_ck=None):
    if af == 4:
        ip = IP(src=src, dst=dst, id=0, flags="DF", ttl=64)
    else:
        ip = IPv6(src=src, dst=dst, hlim=64)
    u = UDP(sport=sport, dport=2152)
    if af == 4 and udp_ck is None:
        u.chksum = 0
    return Ether(src=smac, dst=dmac) / ip / u / Raw(payload)


def fnv_sport(l3):
    """Mirror of gtpu_fwd_sport(): FNV-1a over addresses, protocol and,
    for TCP/UDP/SCTP, the port bytes, folded to 49152..65535."""
    h = 2166136261
    if l3[0] >> 4 == 4:
        proto, data, l4 = l3[9], l3[12:20], (l3[0] & 15) * 4
    else:
        proto, data, l4 = l3[6], l3[8:40], 40
    data = bytes(data) + bytes([proto])
    if proto in (6, 17, 132):
        data += bytes(l3[l4:l4 + 4])
    for b in data:
        h = ((h ^ b) * 16777619) & 0xffffffff
    h ^= h >> 16
    return 0xc000 | (h & 0x3fff)


def decremented(pkt):
    """The inner packet as the gateway routes it: TTL/hop limit - 1."""
    p = pkt.copy()
    if IP in p:
        p[IP].ttl -= 1
        del p[IP].chksum
    else:
        p[IPv6].hlim -= 1
    return p.__class__(bytes(p))


def build():
    in_acc, in_core, exp_acc, exp_core = [], [], [], []

    def ul(sess, inner_af, ue, tag):
        s = SESS[sess]
        af = 4 if s["peer4"] else 6
        ip_in = inner(inner_af, ue, SRV4 if inner_af == 4 else SRV6)
        payload = gtp(255, s["lteid"], bytes(ip_in), qfi=s["qfi"],
                      pdu_type=1)
        in_acc.append(outer(af, ENB4 if af == 4 else ENB6,
                            GW4 if af == 4 else GW6, 40000 + tag, payload,
                            GW_ACC_MAC, ENB_MAC))
        out = decremented(ip_in)
        exp_core.append(Ether(src=GW_CORE_MAC, dst=RTR_MAC) / out)

    def dl(sess, inner_af, ue):
        s = SESS[sess]
        af = 4 if s["peer4"] else 6
        ip_in = inner(inner_af, SRV4 if inner_af == 4 else SRV6, ue)
        in_core.append(Ether(src=RTR_MAC, dst=GW_CORE_MAC) / ip_in)
        routed = bytes(decremented(ip_in))
        payload = gtp(255, s["rteid"], routed, qfi=s["qfi"], pdu_type=0)
        exp_acc.append(outer(af, GW4 if af == 4 else GW6,
                             ENB4 if af == 4 else ENB6, fnv_sport(routed),
                             payload, ENB_MAC, GW_ACC_MAC))

    # Uplink: v4-in-v4, v6-in-v4, v4-in-v6, v6-in-v6 (B with UL QFI).
    ul("A", 4, UE4_A, 1)
    ul("A", 6, UE6_A, 2)
    ul("B", 4, UE4_B, 3)
    ul("B", 6, UE6_B, 4)
    # Downlink for each.
    dl("A", 4, UE4_A)
    dl("A", 6, UE6_A)
    dl("B", 4, UE4_B)
    dl("B", 6, UE6_B)

    # Echo Request over IPv4 and IPv6 -> Echo Response with Recovery 0.
    for af, src, dst, seq in ((4, ENB4, GW4, 0x1234), (6, ENB6, GW6, 0x77)):
        in_acc.append(outer(af, src, dst, 2152, gtp(1, 0, b"", seq=seq),
                            GW_ACC_MAC, ENB_MAC))
        exp_acc.append(outer(af, dst, src, 2152,
                             gtp(2, 0, bytes([14, 0]), seq=seq),
                             ENB_MAC, GW_ACC_MAC))
    # G-PDU with an unknown TEID -> Error Indication: S=1 with the
    # gateway's own sequence (0, then 1), UDP Port extension header with
    # the G-PDU's source port, TEID Data I, GTP-U Peer Address (ours: 4
    # octets over IPv4, 16 over IPv6, where scapy fills the UDP checksum
    # the gateway must compute over the IPv6 pseudo header).
    bad = bytes(inner(4, UE4_A, SRV4))
    bad6 = bytes(inner(6, UE6_B, SRV6))
    for af, src, gw, sport, teid, pl, seq in (
            (4, ENB4, GW4, 40100, 0xdead, bad, 0),
            (6, ENB6, GW6, 40101, 0xbeef, bad6, 1)):
        in_acc.append(outer(af, src, gw, sport, gtp(255, teid, pl),
                            GW_ACC_MAC, ENB_MAC))
        exp_acc.append(outer(af, gw, src, 2152,
                             err_ind(teid, gw, seq, udp_port=sport),
                             ENB_MAC, GW_ACC_MAC))
    # End Marker over IPv4 and IPv6: consumed, counted, nothing sent.
    in_acc.append(outer(4, ENB4, GW4, 2152, gtp(254, 0x100, b""),
                        GW_ACC_MAC, ENB_MAC))
    in_acc.append(outer(6, ENB6, GW6, 2152, gtp(254, 0x101, b""),
                        GW_ACC_MAC, ENB_MAC))
    # Error Indications from the peer (TEID Data I = the TEID we send to,
    # Peer Address = the peer's address): session A over IPv4, session B
    # over IPv6 (with a UDP Port extension header) -> both marked. Two
    # name no session: an unknown TEID, and B's remote TEID with A's peer
    # address (the peer address must match too). Nothing is answered.
    for af, src, gw, teid, peer, port in (
            (4, ENB4, GW4, 0x200, ENB4, None),
            (6, ENB6, GW6, 0x201, ENB6, 2152),
            (4, ENB4, GW4, 0x999, ENB4, None),
            (4, ENB4, GW4, 0x201, ENB4, None)):
        in_acc.append(outer(af, src, gw, 2152, err_ind(teid, peer, 7, port),
                            GW_ACC_MAC, ENB_MAC))
    # Malformed: GTP version 2; UDP length beyond the IP payload.
    v2 = bytearray(gtp(255, 0x100, bytes(inner(4, UE4_A, SRV4))))
    v2[0] = 0x50
    in_acc.append(outer(4, ENB4, GW4, 40200, bytes(v2), GW_ACC_MAC, ENB_MAC))
    trunc = outer(4, ENB4, GW4, 40201, gtp(255, 0x100, bad), GW_ACC_MAC,
                  ENB_MAC)
    trunc[UDP].len = len(trunc[UDP]) + 8
    in_acc.append(trunc)
    # Inner TTL 1: not routed.
    in_acc.append(outer(4, ENB4, GW4, 40300,
                        gtp(255, 0x100, bytes(inner(4, UE4_A, SRV4, ttl=1))),
                        GW_ACC_MAC, ENB_MAC))
    # ARP request for the access address -> reply.
    in_acc.append(Ether(src=ENB_MAC, dst="ff:ff:ff:ff:ff:ff") /
                  ARP(op=1, hwsrc=ENB_MAC, psrc=ENB4, pdst=ACC4))
    exp_acc.append(Ether(src=GW_ACC_MAC, dst=ENB_MAC) /
                   ARP(op=2, hwsrc=GW_ACC_MAC, psrc=ACC4, hwdst=ENB_MAC,
                       pdst=ENB4))
    # ICMP echo to the access address -> reply.
    in_acc.append(Ether(src=ENB_MAC, dst=GW_ACC_MAC) /
                  IP(src=ENB4, dst=ACC4, ttl=60, id=3) /
                  ICMP(type=8, id=5, seq=1) / Raw(b"ping"))
    exp_acc.append(Ether(src=GW_ACC_MAC, dst=ENB_MAC) /
                   IP(src=ACC4, dst=ENB4, ttl=64, id=0, flags="DF") /
                   ICMP(type=0, id=5, seq=1) / Raw(b"ping"))
    # Neighbour Solicitation for the access IPv6 address, to its
    # solicited-node group -> solicited Neighbour Advertisement (R, S, O)
    # with the port's MAC, hop limit 255 (RFC 4861 7.2.4).
    snm = in6_getnsma(socket.inet_pton(socket.AF_INET6, ACC6))
    in_acc.append(Ether(src=ENB_MAC, dst=in6_getnsmac(snm)) /
                  IPv6(src=ENB6, dst=socket.inet_ntop(socket.AF_INET6, snm),
                       hlim=255) /
                  ICMPv6ND_NS(tgt=ACC6) / ICMPv6NDOptSrcLLAddr(lladdr=ENB_MAC))
    exp_acc.append(Ether(src=GW_ACC_MAC, dst=ENB_MAC) /
                   IPv6(src=ACC6, dst=ENB6, hlim=255) /
                   ICMPv6ND_NA(R=1, S=1, O=1, tgt=ACC6) /
                   ICMPv6NDOptDstLLAddr(lladdr=GW_ACC_MAC))
    # ICMPv6 echo to the access IPv6 address -> reply.
    in_acc.append(Ether(src=ENB_MAC, dst=GW_ACC_MAC) /
                  IPv6(src=ENB6, dst=ACC6, hlim=60) /
                  ICMPv6EchoRequest(id=6, seq=2, data=b"ping6"))
    exp_acc.append(Ether(src=GW_ACC_MAC, dst=ENB_MAC) /
                   IPv6(src=ACC6, dst=ENB6, hlim=64) /
                   ICMPv6EchoReply(id=6, seq=2, data=b"ping6"))
    # Downlink to an address no session holds.
    in_core.append(Ether(src=RTR_MAC, dst=GW_CORE_MAC) /
                   inner(4, SRV4, "10.45.9.9"))
    return in_acc, in_core, exp_acc, exp_core


def write_all(d, pkts, counters, drops, slow_path):
    """Write the four pcaps of @pkts (in_acc, in_core, exp_acc, exp_core)
    and the expected counters to directory @d."""
    in_acc, in_core, exp_acc, exp_core = pkts
    wrpcap(os.path.join(d, "in_access.pcap"), in_acc)
    wrpcap(os.path.join(d, "in_core.pcap"), in_core)
    wrpcap(os.path.join(d, "expected_access.pcap"), exp_acc)
    wrpcap(os.path.join(d, "expected_core.pcap"), exp_core)
    with open(os.path.join(d, "expected_counters.txt"), "w") as f:
        for k, v in sorted(counters.items()):
            f.write("counter %s %d\n" % (k, v))
        for k, v in sorted(drops.items()):
            f.write("drop %s %d\n" % (k, v))
        for k, v in sorted(slow_path.items()):
            f.write("slow_path %s %d\n" % (k, v))


PACKET_OUTGOING = 4


def run(d, acc_if, core_if):
    socks = {}
    for name, ifn in (("access", acc_if), ("core", core_if)):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                          socket.htons(0x0003))
        s.bind((ifn, 0))
        socks[name] = s
    # Start listening before sending: every answer is captured.
    for name in ("access", "core"):
        for p in rdpcap(os.path.join(d, "in_%s.pcap" % name)):
            socks[name].send(bytes(p))
            time.sleep(0.002)
    got = {"access": [], "core": []}
    want = {n: sorted(bytes(p) for p in rdpcap(
        os.path.join(d, "expected_%s.pcap" % n))) for n in got}
    deadline = time.time() + 5
    while time.time() < deadline:
        if all(len(got[n]) >= len(want[n]) for n in got):
            # Quiet period: anything extra must show up too.
            deadline = min(deadline, time.time() + 0.5)
        r, _, _ = select.select(list(socks.values()), [], [], 0.1)
        for name, s in socks.items():
            if s in r:
                data, addr = s.recvfrom(65535)
                if addr[2] == PACKET_OUTGOING:
                    continue
                got[name].append(data)
    ok = True
    for name in ("access", "core"):
        wrpcap(os.path.join(d, "out_%s.pcap" % name),
               [Ether(x) for x in got[name]])
        g = sorted(got[name])
        if g != want[name]:
            ok = False
            print("%s: got %d frames, expected %d" %
                  (name, len(g), len(want[name])))
            for x in g:
                if x not in want[name]:
                    print("  unexpected:", Ether(x).summary(), x.hex())
            for x in want[name]:
                if x not in g:
                    print("  missing:   ", Ether(x).summary(), x.hex())
        else:
            print("%s: %d frames as expected" % (name, len(g)))
    return 0 if ok else 1


def cli(doc, build_fn, counters, drops, slow_path, phases=None):
    """Command line of a traffic script: "gen DIR" writes what @build_fn
    returns and the expected counters, "run DIR ACCESS_IF CORE_IF" sends
    and compares; anything else prints @doc. Returns the exit status.
    With @phases, a list of (NAME, BUILD_FN, COUNTERS, DROPS, SLOW_PATH),
    "gen DIR" writes each phase to DIR/NAME instead (run one per run)."""
    if len(sys.argv) == 3 and sys.argv[1] == "gen":
        if phases is None:
            phases = [("", build_fn, counters, drops, slow_path)]
        for name, fn, c, d, sp in phases:
            sub = os.path.join(sys.argv[2], name)
            os.makedirs(sub, exist_ok=True)
            write_all(sub, fn(), c, d, sp)
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "run":
        return run(sys.argv[2], sys.argv[3], sys.argv[4])
    print(doc, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(cli(__doc__, build, EXPECT_COUNTERS, EXPECT_DROPS,
                 EXPECT_SLOW_PATH))
