#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Writes the GTP-U test vectors under tests/vectors/gtpu/ with scapy: packets
# for the parser (good and one per refusal reason) and the byte-exact
# expected output of the builders. Run: /usr/bin/python3 scripts/gen_gtpu_vectors.py
import os
import sys
from socket import AF_INET, AF_INET6, inet_pton

from scapy.all import (IP, IPv6, UDP, TCP, Ether, Raw, IPOption_RR,
                       IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, ICMPv6EchoRequest)
from scapy.contrib.gtp import (GTP_U_Header, GTPHeader, GTPPDUSessionContainer,
                               GTP_UDPPort_ExtensionHeader, IE_Recovery,
                               IE_TEIDI, IE_GSNAddress)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests',
                   'vectors', 'gtpu')

GNB4, GW4 = '192.0.2.10', '198.51.100.1'
GNB6, GW6 = '2001:db8:a::10', '2001:db8:b::1'
UE4, DN4 = '10.45.0.2', '203.0.113.7'
UE6, DN6 = '2001:db8:ee::2', '2001:db8:dd::7'

vectors = []


def inner4(n=8):
    return IP(src=UE4, dst=DN4, id=7) / UDP(sport=5000, dport=53) / Raw(b'x' * n)


def inner6(n=8):
    return IPv6(src=UE6, dst=DN6) / ICMPv6EchoRequest(id=1, seq=2, data=b'y' * n)


def outer4(sport=2152, **kw):
    ip = dict(src=GNB4, dst=GW4, id=0, flags='DF', ttl=64)
    ip.update(kw)
    return IP(**ip) / UDP(sport=sport, dport=2152, chksum=0)


def outer6(sport=2152, **kw):
    ip = dict(src=GNB6, dst=GW6, hlim=64)
    ip.update(kw)
    return IPv6(**ip) / UDP(sport=sport, dport=2152)


def add(name, desc, kind='parse', **fields):
    vectors.append((name, desc, kind, fields))


def add_parse(name, desc, pkt, expect='ok', **fields):
    add(name, desc, packet=bytes(pkt), expect=expect, **fields)


def gpdu(outer, teid=0x1001, inner=None, **gtp):
    if inner is None:
        inner = inner4()
    return outer / GTP_U_Header(teid=teid, gtp_type=255, **gtp) / inner


# ---- accepted packets ----------------------------------------------------
for oname, outer in (('v4', outer4), ('v6', outer6)):
    for iname, inner in (('v4', inner4), ('v6', inner6)):
        add_parse('gpdu_%s_%s' % (oname, iname),
                  'G-PDU, outer IP%s, inner IP%s' % (oname, iname),
                  gpdu(outer(), inner=inner()), msg_type=255, teid=0x1001,
                  outer_af=oname[1], inner_af=iname[1], seq='-', qfi='-',
                  payload_len=len(inner()))
add_parse('gpdu_v4_seq', 'G-PDU with S=1 sequence number 0x1234',
          gpdu(outer4(), S=1, seq=0x1234), msg_type=255, seq=0x1234, qfi='-')
add_parse('gpdu_v4_pn', 'G-PDU with only PN set: optional octets present',
          gpdu(outer4(), PN=1, npdu=9), msg_type=255, seq='-',
          payload_len=len(inner4()))
for ptype, pname in ((0, 'dl'), (1, 'ul')):
    for oname, outer, iname, inner in (('v4', outer4, 'v4', inner4),
                                      ('v6', outer6, 'v6', inner6)):
        pkt = (outer() / GTP_U_Header(teid=0x2002, gtp_type=255, E=1,
                                      next_ex=0x85) /
               GTPPDUSessionContainer(type=ptype, QFI=9) / inner())
        add_parse('gpdu_%s_%s_pdusess_%s' % (oname, iname, pname),
                  'G-PDU with a %s PDU Session Container, QFI 9' %
                  pname.upper(), pkt, msg_type=255, teid=0x2002, qfi=9,
                  pdu_type=ptype, inner_af=iname[1], payload_len=len(inner()))


def gtp_ext(outer, first, ext, teid=0x3003, inner=None, msg=255):
    if inner is None:
        inner = inner4()
    return (outer / GTP_U_Header(teid=teid, gtp_type=msg, E=1, S=1, seq=5,
                                 next_ex=first) / Raw(ext) / inner)


# UDP Port -> PDU Session Container (UL, QFI 5) -> PDCP PDU Number.
chain3 = (bytes([1, 0x08, 0x68, 0x85]) + bytes([1, 0x10, 0x05, 0xc0]) +
          bytes([1, 0x00, 0x2a, 0x00]))
add_parse('gpdu_ext_chain3', 'G-PDU, UDP Port + PDU Session + PDCP PDU Number',
          gtp_ext(outer4(), 0x40, chain3), msg_type=255, seq=5, qfi=5,
          pdu_type=1, payload_len=len(inner4()))
# NR RAN Container (8 octets, opaque) -> Long PDCP PDU Number.
chain2 = (bytes([2, 0, 0, 0, 0, 0, 0, 0x82]) +
          bytes([2, 0x01, 0x02, 0x03, 0, 0, 0, 0x00]))
add_parse('gpdu_ext_chain2', 'G-PDU, NR RAN Container + Long PDCP PDU Number',
          gtp_ext(outer6(), 0x84, chain2, inner=inner6()), msg_type=255,
          qfi='-', inner_af=6, payload_len=len(inner6()))
# Unknown type 0x21: top bits '00', comprehension not required -> skipped.
add_parse('gpdu_ext_unknown_optional',
          'G-PDU with an unknown extension header 0x21 (may be skipped)',
          gtp_ext(outer4(), 0x21, bytes([1, 0xaa, 0xbb, 0x85]) +
                  bytes([1, 0x00, 0x01, 0x00])),
          msg_type=255, qfi=1, pdu_type=0)
add_parse('gpdu_ext_unknown_0x5x',
          'G-PDU with an unknown extension header 0x55 (top bits 01)',
          gtp_ext(outer4(), 0x55, bytes([1, 0, 0, 0])), msg_type=255,
          qfi='-')

echo_req4 = (outer4(sport=40000) /
             GTP_U_Header(gtp_type=1, teid=0, S=1, seq=0x0102))
echo_req6 = (outer6(sport=40001) /
             GTP_U_Header(gtp_type=1, teid=0, S=1, seq=0xbeef))
add_parse('echo_req_v4', 'Echo Request over IPv4, S=1', echo_req4, msg_type=1,
          teid=0, seq=0x0102, payload_len=0)
add_parse('echo_req_v6', 'Echo Request over IPv6, S=1', echo_req6, msg_type=1,
          teid=0, seq=0xbeef, payload_len=0)
add_parse('echo_req_v4_teid_noseq', 'Echo Request with a TEID and no S: accepted',
          outer4() / GTP_U_Header(gtp_type=1, teid=77), msg_type=1, teid=77,
          seq='-')
add_parse('echo_resp_v4', 'Echo Response with Recovery IE',
          outer4() / GTP_U_Header(gtp_type=2, teid=0, S=1, seq=3) /
          IE_Recovery(restart_counter=0), msg_type=2, seq=3, payload_len=2)
add_parse('end_marker_v4', 'End Marker', outer4() /
          GTP_U_Header(gtp_type=254, teid=0x1001), msg_type=254, teid=0x1001,
          payload_len=0)
add_parse('end_marker_v6_pdusess', 'End Marker with a PDU Session Container',
          outer6() / GTP_U_Header(gtp_type=254, teid=0x1001, E=1,
                                  next_ex=0x85) /
          GTPPDUSessionContainer(type=0, QFI=1), msg_type=254, qfi=1)
add_parse('supp_ext_notif_v4', 'Supported Extension Headers Notification',
          outer4() / GTP_U_Header(gtp_type=31, teid=0, S=1, seq=1) /
          Raw(bytes([141, 2, 0x40, 0x85])), msg_type=31, payload_len=4)


def err_ind_ies(teid, peer):
    af = AF_INET6 if ':' in peer else AF_INET
    addr = inet_pton(af, peer)
    return (bytes(IE_TEIDI(TEIDI=teid)) +
            bytes(IE_GSNAddress(length=len(addr), **(
                {'ipv6_address': peer} if af == AF_INET6 else
                {'ipv4_address': peer}))))


add_parse('err_ind_v4', 'Error Indication: TEID Data I + Peer Address (IPv4)',
          outer4() / GTP_U_Header(gtp_type=26, teid=0, S=1, seq=9) /
          Raw(err_ind_ies(0xdeadbeef, GNB4)), msg_type=26,
          err_ind_expect='ok', err_ind_teid=0xdeadbeef, err_ind_peer=GNB4)
add_parse('err_ind_v6_udpport',
          'Error Indication with UDP Port extension, IPv6 peer, Private Ext',
          outer6() / GTP_U_Header(gtp_type=26, teid=0, S=1, E=1, seq=9,
                                  next_ex=0x40) /
          Raw(bytes(GTP_UDPPort_ExtensionHeader(udp_port=2152, next_ex=0)) +
              err_ind_ies(0x42, GNB6) +
              bytes([255, 0, 3, 0x12, 0x34, 0x56])),
          msg_type=26, err_ind_expect='ok', err_ind_teid=0x42,
          err_ind_peer=GNB6)
add_parse('err_ind_missing_peer', 'Error Indication without a Peer Address IE',
          outer4() / GTP_U_Header(gtp_type=26, teid=0, S=1, seq=9) /
          Raw(bytes(IE_TEIDI(TEIDI=1))), msg_type=26,
          err_ind_expect='err_ind_missing_ie')
add_parse('err_ind_bad_peer_len', 'Error Indication, Peer Address length 5',
          outer4() / GTP_U_Header(gtp_type=26, teid=0, S=1, seq=9) /
          Raw(bytes(IE_TEIDI(TEIDI=1)) + bytes([133, 0, 5, 1, 2, 3, 4, 5])),
          msg_type=26, err_ind_expect='err_ind_bad_ie')
add_parse('err_ind_unknown_tv', 'Error Indication with unknown TV IE 99',
          outer4() / GTP_U_Header(gtp_type=26, teid=0, S=1, seq=9) /
          Raw(bytes([99, 1]) + err_ind_ies(1, GNB4)), msg_type=26,
          err_ind_expect='err_ind_bad_ie')

# Ethernet in front (l3_off 14) and Ethernet padding after the IP packet.
eth = Ether(src='02:00:00:00:00:01', dst='02:00:00:00:00:02') / \
    outer4() / GTP_U_Header(gtp_type=254, teid=5)
add_parse('eth_padding_v4', 'End Marker at l3_off 14 with 18 bytes of padding',
          bytes(eth) + bytes(18), l3_off=14, msg_type=254, teid=5)


# ---- refused packets: each reason at least once --------------------------
def raw_gtp(outer, gtp):
    return outer / Raw(gtp)


good4 = bytes(gpdu(outer4()))
add_parse('bad_trunc_ip', 'first 10 bytes of an IPv4 packet', good4[:10],
          expect='trunc_ip')
add_parse('bad_ip_version', 'IP version 5', bytes([0x55]) + good4[1:],
          expect='bad_ip_version')
add_parse('bad_ipv4_ihl', 'IPv4 IHL 4', bytes([0x44]) + good4[1:],
          expect='bad_ipv4_ihl')
add_parse('bad_ip_len_v4', 'IPv4 total length beyond the buffer',
          bytes(gpdu(outer4(len=200))), expect='bad_ip_len')
add_parse('bad_ip_len_v6', 'IPv6 payload length beyond the buffer',
          bytes(gpdu(outer6(plen=500))), expect='bad_ip_len')
add_parse('bad_ipv4_options', 'outer IPv4 with a Record Route option',
          gpdu(outer4(options=[IPOption_RR()])), expect='ipv4_options')
add_parse('bad_ipv4_csum', 'outer IPv4 header checksum wrong',
          gpdu(outer4(chksum=0x1234)), expect='bad_ipv4_csum')
add_parse('bad_frag_v4_mf', 'outer IPv4 first fragment (MF)',
          gpdu(outer4(flags='MF')), expect='ip_fragment')
add_parse('bad_frag_v4_off', 'outer IPv4 last fragment (offset 10)',
          IP(src=GNB4, dst=GW4, proto=17, frag=10) / Raw(b'z' * 20),
          expect='ip_fragment')
add_parse('bad_frag_v6', 'outer IPv6 with a fragment header',
          IPv6(src=GNB6, dst=GW6) / IPv6ExtHdrFragment(m=1) /
          UDP(dport=2152) / GTP_U_Header(teid=1, gtp_type=255) / inner4(),
          expect='ip_fragment')
add_parse('bad_ipv6_ext', 'outer IPv6 with a hop-by-hop header',
          IPv6(src=GNB6, dst=GW6) / IPv6ExtHdrHopByHop() /
          UDP(dport=2152) / GTP_U_Header(teid=1, gtp_type=255) / inner4(),
          expect='ipv6_ext_hdr')
add_parse('bad_not_udp', 'outer TCP', IP(src=GNB4, dst=GW4) / TCP(dport=2152),
          expect='not_udp')
add_parse('bad_trunc_udp', 'IPv4 UDP with 4 payload bytes',
          IP(src=GNB4, dst=GW4, proto=17) / Raw(b'\x08\x68\x08\x68'),
          expect='trunc_udp')
add_parse('bad_udp_len', 'UDP length larger than the IP payload',
          gpdu(IP(src=GNB4, dst=GW4) / UDP(dport=2152, len=200)),
          expect='bad_udp_len')
add_parse('bad_udp_len_short', 'UDP length 4 less than the IP payload',
          gpdu(IP(src=GNB4, dst=GW4) / UDP(dport=2152, len=8 + 8 + 28 - 4)),
          expect='bad_udp_len')
add_parse('bad_udp_port', 'UDP destination port 2123 (GTP-C)',
          gpdu(IP(src=GNB4, dst=GW4) / UDP(sport=2152, dport=2123)),
          expect='not_gtpu_port')
add_parse('bad_trunc_gtpu', 'UDP payload of 7 bytes',
          raw_gtp(outer4(), bytes([0x30, 0xff, 0, 0, 0, 0, 1])),
          expect='trunc_gtpu')
add_parse('bad_gtp_version0', 'GTP version 0',
          gpdu(outer4(), version=0), expect='bad_gtpu_version')
add_parse('bad_gtp_version2', 'GTP version 2 (GTPv2-C header on 2152)',
          raw_gtp(outer4(), bytes([0x48, 1, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0])),
          expect='bad_gtpu_version')
add_parse('bad_gtp_pt0', "PT=0 (GTP')", gpdu(outer4(), PT=0),
          expect='gtpu_pt_zero')
add_parse('bad_msg_type', 'message type 16 (GTP-C Create PDP Context)',
          outer4() / GTP_U_Header(gtp_type=16, teid=1), expect='unknown_msg_type')
add_parse('bad_gtp_len_long', 'GTP length one more than the payload',
          gpdu(outer4(), length=len(inner4()) + 1), expect='bad_gtpu_len')
add_parse('bad_gtp_len_short', 'GTP length one less than the payload',
          gpdu(outer4(), length=len(inner4()) - 1), expect='bad_gtpu_len')
add_parse('bad_trunc_opt', 'S=1 with GTP length 0: no optional octets',
          raw_gtp(outer4(), bytes([0x32, 1, 0, 0, 0, 0, 0, 0])),
          expect='trunc_gtpu_opt')
add_parse('bad_ext_len_zero', 'extension header length 0',
          gtp_ext(outer4(), 0x85, bytes([0, 0, 1, 0])), expect='bad_ext_len')
add_parse('bad_ext_past_end', 'extension header claiming 64 bytes',
          gtp_ext(outer4(), 0x81, bytes([16, 0, 0, 0]), inner=Raw(b'')),
          expect='bad_ext_len')
add_parse('bad_ext_missing', 'E=1 next type 0x85 and nothing after',
          raw_gtp(outer4(), bytes([0x34, 255, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0x85])),
          expect='bad_ext_len')
add_parse('bad_ext_udp_port_len', 'UDP Port extension header of 8 bytes',
          gtp_ext(outer4(), 0x40, bytes([2, 0, 0, 0, 0, 0, 0, 0])),
          expect='bad_ext_len')
add_parse('bad_ext_unknown_req_8x', 'unknown extension header 0x8f (top bits 10)',
          gtp_ext(outer4(), 0x8f, bytes([1, 0, 0, 0])),
          expect='unknown_ext_required')
add_parse('bad_ext_unknown_req_cx',
          'unknown extension header 0xe0 (top bits 11) after a PDU container',
          gtp_ext(outer4(), 0x85, bytes([1, 0, 1, 0xe0, 1, 0, 0, 0])),
          expect='unknown_ext_required')
add_parse('bad_pdu_sess_type', 'PDU Session Container with PDU type 2',
          gtp_ext(outer4(), 0x85, bytes([1, 0x20, 1, 0])),
          expect='bad_pdu_sess_container')
add_parse('bad_zero_teid', 'G-PDU with TEID 0', gpdu(outer4(), teid=0),
          expect='zero_teid')
add_parse('bad_inner_not_ip', 'G-PDU carrying non-IP bytes',
          gpdu(outer4(), inner=Raw(b'\x00\x01\x02\x03')), expect='inner_not_ip')
add_parse('bad_inner_empty', 'G-PDU with an empty T-PDU',
          gpdu(outer4(), inner=Raw(b'')), expect='inner_not_ip')
add_parse('bad_inner_trunc_hdr', 'G-PDU with 12 bytes of an IPv4 header',
          gpdu(outer4(), inner=Raw(bytes(inner4())[:12])), expect='inner_trunc')
add_parse('bad_inner_total_len', 'inner IPv4 total length beyond the T-PDU',
          gpdu(outer4(), inner=IP(src=UE4, dst=DN4, len=1000) / Raw(b'q' * 8)),
          expect='inner_trunc')
add_parse('bad_inner_v6_plen', 'inner IPv6 payload length beyond the T-PDU',
          gpdu(outer6(), inner=IPv6(src=UE6, dst=DN6, plen=64) / Raw(b'q' * 8)),
          expect='inner_trunc')
add_parse('bad_inner_ihl', 'inner IPv4 IHL 3',
          gpdu(outer4(), inner=Raw(bytes([0x43]) + bytes(inner4())[1:])),
          expect='inner_bad_ip')

# ---- builders: expected bytes --------------------------------------------
ENC_SPORT = 0xc351


for oname, qfi in (('v4', None), ('v4', 9), ('v6', None), ('v6', 63)):
    inner = bytes(inner4(20) if oname == 'v4' else inner6(21))
    if oname == 'v4':
        outer = (IP(src=GW4, dst=GNB4, id=0, flags='DF', ttl=64, tos=0xb8) /
                 UDP(sport=ENC_SPORT, dport=2152, chksum=0))
        src, dst = GW4, GNB4
    else:
        outer = (IPv6(src=GW6, dst=GNB6, hlim=64, tc=0xb8, fl=0) /
                 UDP(sport=ENC_SPORT, dport=2152))
        src, dst = GW6, GNB6
    if qfi is None:
        gtp = GTP_U_Header(teid=0xa0b0c0d0, gtp_type=255)
    else:
        gtp = (GTP_U_Header(teid=0xa0b0c0d0, gtp_type=255, E=1, next_ex=0x85) /
               GTPPDUSessionContainer(type=0, QFI=qfi))
    add('encap_%s%s' % (oname, '' if qfi is None else '_qfi'),
        'gtpu_encap_build output for the given parameters and inner packet',
        kind='encap', outer_af=oname[1], teid=0xa0b0c0d0, udp_sport=ENC_SPORT,
        tos=0xb8, qfi='-' if qfi is None else qfi, src=src, dst=dst,
        inner=inner, packet=bytes(outer / gtp / Raw(inner)))

for name, req, resp in (
        ('echo_resp_build_v4', echo_req4,
         IP(src=GW4, dst=GNB4, id=0, flags='DF', ttl=64) /
         UDP(sport=2152, dport=40000, chksum=0)),
        ('echo_resp_build_v6', echo_req6,
         IPv6(src=GW6, dst=GNB6, hlim=64) / UDP(sport=2152, dport=40001))):
    seq = req[GTP_U_Header].seq
    add(name, 'gtpu_echo_resp_build output for the request', kind='echo_resp',
        request=bytes(req),
        packet=bytes(resp / GTPHeader(gtp_type=2, teid=0, S=1, seq=seq) /
                     IE_Recovery(restart_counter=0)))

for name, trig, resp, peer in (
        ('err_ind_build_v4', gpdu(outer4(sport=33333), teid=0x0badcafe),
         IP(src=GW4, dst=GNB4, id=0, flags='DF', ttl=64) /
         UDP(sport=2152, dport=2152, chksum=0), GW4),
        ('err_ind_build_v6', gpdu(outer6(sport=2152), teid=0x77,
                                  inner=inner6()),
         IPv6(src=GW6, dst=GNB6, hlim=64) / UDP(sport=2152, dport=2152), GW6)):
    sport = trig[UDP].sport
    add(name, 'gtpu_err_ind_build output for an unknown-TEID trigger, seq 0x55',
        kind='err_ind', trigger=bytes(trig), seq=0x55,
        packet=bytes(resp / GTP_U_Header(gtp_type=26, teid=0, S=1, E=1,
                                         seq=0x55, next_ex=0x40) /
                     Raw(bytes(GTP_UDPPort_ExtensionHeader(udp_port=sport,
                                                           next_ex=0)) +
                         err_ind_ies(trig[GTP_U_Header].teid, peer))))

# ---- gtpu_ip_parse on core-side packets ------------------------------------
add('ip_v4', 'plain IPv4 UDP packet', kind='ip', packet=bytes(inner4()),
    expect='ok', af=4, proto=17, l3_len=len(inner4()))
add('ip_v6_padded', 'IPv6 ICMPv6 with 6 bytes of trailing padding', kind='ip',
    packet=bytes(inner6()) + bytes(6), expect='ok', af=6, proto=58,
    l3_len=len(inner6()))
add('ip_bad_ihl', 'IPv4 IHL 2', kind='ip',
    packet=bytes([0x42]) + bytes(inner4())[1:], expect='bad_ipv4_ihl')
add('ip_bad_len', 'IPv4 total length below the header', kind='ip',
    packet=bytes(IP(src=UE4, dst=DN4, len=12)), expect='bad_ip_len')
add('ip_trunc_v6', 'IPv6 cut at 39 bytes', kind='ip',
    packet=bytes(inner6())[:39], expect='trunc_ip')


def fmt(v):
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    return str(v)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith('.vec'):
            os.unlink(os.path.join(OUT, f))
    for name, desc, kind, fields in vectors:
        with open(os.path.join(OUT, name + '.vec'), 'w') as fh:
            fh.write('# %s\n' % desc)
            fh.write('# generated by scripts/gen_gtpu_vectors.py; do not edit\n')
            fh.write('kind: %s\n' % kind)
            for k, v in fields.items():
                fh.write('%s: %s\n' % (k, fmt(v)))
    print('wrote %d vectors to %s' % (len(vectors), os.path.normpath(OUT)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
