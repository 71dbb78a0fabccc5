#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# An intruder on the SRP port for t_srp_guard.sh, with plain sockets: it
# connects from a given source address, optionally sends bytes (recorded
# ones, or a handshake signed with a key of its own), reads what the
# gateway answers until it closes (a bounded number of reads) and prints the
# message types it received, decoded from the header as srp/srp_codec.c
# does, as JSON. Also extracts a peer's handshake bytes from a capture.
import hashlib
import hmac
import json
import os
import socket
import struct
import sys

MUST = 0x80000000
F_AUTH, F_BOUND = 0x1, 0x2
NONCE, HELLO, REFUSE = 6, 1, 2
TLV_NONCE, TLV_REASON, TLV_HMAC = 13, 14, 24
NAMES = {1: 'HELLO', 2: 'REFUSE', 3: 'SWITCHOVER_REQUEST',
         4: 'SWITCHOVER_ACK', 5: 'CONFIG', 6: 'NONCE', 16: 'CKPT_BEGIN',
         17: 'CKPT_CHUNK', 18: 'CKPT_END', 19: 'SESS_DELTA', 20: 'NACK',
         21: 'READY'}
READS_MAX = 50          # recv() calls of at most 0.2 s each


def split(data):
    """Whole messages in data (header length at bytes 4..7)."""
    out, off = [], 0
    while len(data) - off >= 16:
        n = struct.unpack('>I', data[off + 4:off + 8])[0]
        if n < 16 or len(data) - off < n:
            break
        out.append(data[off:off + n])
        off += n
    return out


def tlvs(m):
    """TLV values of message m by type (trailer included)."""
    out, off = {}, 16
    while off + 8 <= len(m):
        t, n = struct.unpack('>II', m[off:off + 8])
        out[t & ~MUST] = m[off + 8:off + 8 + n]
        off += 8 + n
    return out


def tlv(t, v):
    return struct.pack('>II', t | MUST, len(v)) + v


def msg(mtype, body, seq):
    return struct.pack('>BBHIII', 1, mtype, 0, 16 + len(body), seq, 0) + body


def sign(m, psk, bind_nonce=None):
    """HMAC trailer as in docs/srp-protocol.md section 6.1."""
    flags = F_AUTH | (F_BOUND if bind_nonce is not None else 0)
    hdr = bytearray(m[:16])
    struct.pack_into('>HI', hdr, 2, flags, len(m) + 40)
    covered = bytes(hdr) + m[16:] + struct.pack('>II', MUST | TLV_HMAC, 32)
    key = psk
    if bind_nonce is not None:
        key = hmac.new(psk, b'SRPv1-bind' + bind_nonce,
                       hashlib.sha256).digest()
    return covered + hmac.new(key, covered, hashlib.sha256).digest()


def hello_body(nonce):
    def u8(t, v):
        return tlv(t, bytes([v]))

    def u32(t, v):
        return tlv(t, struct.pack('>I', v))
    return (u32(1, 1) + u8(2, 1) + u8(3, 1) + u8(4, 2) + u32(5, 0) +
            tlv(6, bytes(32)) + tlv(7, b'intruder') +
            tlv(8, bytes.fromhex('02aabbccddee')) + u32(9, 1000) +
            u32(10, 3000) + u8(11, 0) + u8(12, 0) + tlv(TLV_NONCE, nonce))


def connect(src, dst, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(5)
    s.connect((dst, port))
    s.settimeout(0.2)
    return s


def read_msgs(s, data=b'', want=None):
    """Read until EOF (or until a message of type want arrives)."""
    eof = False
    for _ in range(READS_MAX):
        if want is not None and any(m[1] == want for m in split(data)):
            break
        try:
            b = s.recv(65536)
        except socket.timeout:
            continue
        except ConnectionResetError:
            eof = True
            break
        if not b:
            eof = True
            break
        data += b
    return data, eof


def report(data, eof):
    ms = split(data)
    reasons = [struct.unpack('>H', tlvs(m).get(TLV_REASON, b'\0\0'))[0]
               for m in ms if m[1] == REFUSE]
    print(json.dumps({'types': [NAMES.get(m[1], str(m[1])) for m in ms],
                      'refuse_reasons': reasons, 'eof': eof}))


def extract(pcap, src, out):
    """What src sent in the capture up to its first HELLO, as bytes."""
    from scapy.all import IP, TCP, rdpcap
    streams = {}
    for p in rdpcap(pcap):
        if IP not in p or TCP not in p or p[IP].src != src:
            continue
        pl = bytes(p[TCP].payload)
        if pl:
            streams.setdefault(p[TCP].sport, {})[p[TCP].seq] = pl
    for sport in streams:
        data = b''.join(streams[sport][k] for k in sorted(streams[sport]))
        ms = split(data)
        types = [m[1] for m in ms]
        if HELLO in types:
            i = types.index(HELLO)
            with open(out, 'wb') as f:
                f.write(b''.join(ms[:i + 1]))
            return 0
    return 1


def main():
    cmd = sys.argv[1]
    if cmd == 'extract':
        return extract(sys.argv[2], sys.argv[3], sys.argv[4])
    src, dst, port = sys.argv[2], sys.argv[3], int(sys.argv[4])
    s = connect(src, dst, port)
    if cmd == 'connect':
        data, eof = read_msgs(s)
    elif cmd == 'replay':
        with open(sys.argv[5], 'rb') as f:
            s.sendall(f.read())
        data, eof = read_msgs(s)
    elif cmd == 'wrongkey':
        key = sys.argv[5].encode()
        mine = os.urandom(16)
        s.sendall(sign(msg(NONCE, tlv(TLV_NONCE, mine), 1), key))
        data, eof = read_msgs(s, want=NONCE)
        peer = [m for m in split(data) if m[1] == NONCE]
        if peer and not eof:
            theirs = tlvs(peer[0])[TLV_NONCE]
            s.sendall(sign(msg(HELLO, hello_body(mine), 2), key, theirs))
            data, eof = read_msgs(s, data)
    else:
        return 2
    report(data, eof)
    s.close()
    return 0


sys.exit(main())
