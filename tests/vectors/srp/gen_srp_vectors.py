#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Writes the SRP wire-format test vectors (*.vec) next to this script from
# an encoder written straight from docs/srp-protocol.md, independent of the
# C codec, so that test_srp_codec cross-checks the two. Rewrites every .vec.
import hashlib
import hmac
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
VERSION = 1
MUST = 0x80000000
F_AUTH, F_BOUND = 0x1, 0x2

MSG = dict(HELLO=1, REFUSE=2, SWITCHOVER_REQUEST=3, SWITCHOVER_ACK=4, CONFIG=5,
           NONCE=6,
           CKPT_BEGIN=16, CKPT_CHUNK=17, CKPT_END=18, SESS_DELTA=19,
           NACK=20, READY=21, AUDIT_QUERY=22, AUDIT_DIGESTS=23,
           AUDIT_FETCH=24, AUDIT_ITEMS=25)
TLV = dict(GENERATION=1, CHASSIS_MODE=2, PRIORITY=3, STATE=4,
           ROUTE_MODIFIER=5, CONFIG_DIGEST=6, SW_VERSION=7, NODE_ID=8,
           HELLO_INTERVAL=9, DEAD_INTERVAL=10, COMP_CAPS=11, DB_RECOVERY=12,
           NONCE=13, REASON=14, FORCE=15, TEXT=16, VERSION_RANGE=17,
           EPOCH=18, COUNT=19, COMP_ID=20, UNCOMP_LEN=21, PAYLOAD=22,
           CMD_ID=23, AUTH_HMAC=24, MONITORS=25, CAPS=26)
NOT_MUST = ('TEXT', 'VERSION_RANGE', 'MONITORS', 'CAPS')


def tlv(name, value, must=None, raw_type=None):
    t = raw_type if raw_type is not None else TLV[name]
    if must is None:
        must = name not in NOT_MUST
    return struct.pack('>II', t | (MUST if must else 0), len(value)) + value


def u8(name, v):
    return tlv(name, struct.pack('>B', v))


def u16(name, v):
    return tlv(name, struct.pack('>H', v))


def u32(name, v):
    return tlv(name, struct.pack('>I', v))


def msg(mtype, body, seq=1, ack=0, flags=0, version=VERSION, length=None):
    n = 16 + len(body) if length is None else length
    return struct.pack('>BBHIII', version, MSG.get(mtype, mtype) if
                       isinstance(mtype, str) else mtype, flags, n, seq,
                       ack) + body


DIGEST = hashlib.sha256(b'srp config: primary, priority 10').digest()
NODE = bytes.fromhex('020000aabbcc')
NONCE_A = bytes(range(0x10, 0x20))
NONCE_B = bytes(range(0xa0, 0xb0))
PSK = b'correct horse battery staple'


def hello_body(**kw):
    f = dict(generation=7, mode=1, priority=10, state=5, rm=100,
             digest=DIGEST, ver=b'srpgw 0.1.0', node=NODE, hello=10,
             dead=30, caps=3, dbrec=0, nonce=None, monitors=None,
             features=None)
    f.update(kw)
    b = (u32('GENERATION', f['generation']) + u8('CHASSIS_MODE', f['mode']) +
         u8('PRIORITY', f['priority']) + u8('STATE', f['state']) +
         u32('ROUTE_MODIFIER', f['rm']) + tlv('CONFIG_DIGEST', f['digest']) +
         tlv('SW_VERSION', f['ver']) + tlv('NODE_ID', f['node']) +
         u32('HELLO_INTERVAL', f['hello']) + u32('DEAD_INTERVAL', f['dead']) +
         u8('COMP_CAPS', f['caps']) + u8('DB_RECOVERY', f['dbrec']))
    if f['nonce'] is not None:
        b += tlv('NONCE', f['nonce'])
    if f['monitors'] is not None:
        b += tlv('MONITORS', f['monitors'])
    if f['features'] is not None:
        b += tlv('CAPS', f['features'])
    return b


def sign(m, psk, bind_nonce=None):
    """Append the trailer as spec section 6 says."""
    flags = F_AUTH | (F_BOUND if bind_nonce is not None else 0)
    n = len(m) + 40
    hdr = bytearray(m[:16])
    struct.pack_into('>HI', hdr, 2, struct.unpack('>H', m[2:4])[0] | flags, n)
    covered = bytes(hdr) + m[16:] + struct.pack('>II', MUST | 24, 32)
    key = psk
    if bind_nonce is not None:
        key = hmac.new(psk, b'SRPv1-bind' + bind_nonce, hashlib.sha256).digest()
    return covered + hmac.new(key, covered, hashlib.sha256).digest()

CONF_TEXT = (b'service-redundancy-protocol\n  chassis-mode primary\n'
             b'  hello-interval 3\n  dead-interval 15\n')
CONF_DIGEST = hashlib.sha256(CONF_TEXT).digest()

VECS = []


def vec(name, comment, m, expect='ok', **fields):
    VECS.append((name, comment, m, expect, fields))


# --- accepted messages, canonical (the C encoder must rebuild them) ---
vec('ok_hello', 'HELLO with every required TLV, no nonce',
    msg('HELLO', hello_body(), seq=1), type='HELLO', canonical=1,
    generation=7, priority=10, route_modifier=100, hello_ms=10, dead_ms=30,
    sw_version='srpgw 0.1.0')
vec('ok_hello_nonce', 'HELLO with the optional auth nonce',
    msg('HELLO', hello_body(nonce=NONCE_A), seq=2, ack=5), type='HELLO',
    canonical=1, generation=7)
vec('ok_hello_monitors', 'HELLO from a standby whose BGP and Diameter '
    'monitors failed (MONITORS, M clear)',
    msg('HELLO', hello_body(state=4, nonce=NONCE_A, monitors=bytes([5])),
        seq=3), type='HELLO', canonical=1, generation=7, monitors=5)
vec('ok_hello_monitors_healthy', 'HELLO with MONITORS 0: all monitors ok',
    msg('HELLO', hello_body(monitors=bytes([0]))), type='HELLO',
    canonical=1, monitors=0)
vec('ok_nonce', 'NONCE: the first message of a keyed connection',
    msg('NONCE', tlv('NONCE', NONCE_A), seq=1), type='NONCE', canonical=1)
vec('ok_refuse_version', 'REFUSE: version mismatch, with range and text',
    msg('REFUSE', u16('REASON', 1) + tlv('TEXT', b'peer speaks 2') +
        tlv('VERSION_RANGE', bytes([1, 1]))), type='REFUSE', canonical=1,
    reason=1)
vec('ok_switch_req', 'SWITCHOVER_REQUEST: admin, forced',
    msg('SWITCHOVER_REQUEST', u32('GENERATION', 8) + u16('REASON', 1) +
        u8('FORCE', 1), seq=9), type='SWITCHOVER_REQUEST', canonical=1,
    generation=8, reason=1, force=1)
vec('ok_switch_ack', 'SWITCHOVER_ACK: refused, not ready',
    msg('SWITCHOVER_ACK', u32('GENERATION', 8) + u16('REASON', 2) +
        u8('FORCE', 0) + tlv('TEXT', b'checkpoint 40%')),
    type='SWITCHOVER_ACK', canonical=1, reason=2, force=0)
vec('ok_ckpt_begin', 'CKPT_BEGIN epoch 3, 1000000 sessions',
    msg('CKPT_BEGIN', u32('GENERATION', 7) + u32('EPOCH', 3) +
        u32('COUNT', 1000000)), type='CKPT_BEGIN', canonical=1, epoch=3,
    count=1000000)
vec('ok_ckpt_chunk_lz4', 'CKPT_CHUNK lz4, 9 bytes of payload',
    msg('CKPT_CHUNK', u32('EPOCH', 3) + u8('COMP_ID', 2) +
        u32('UNCOMP_LEN', 4096) + tlv('PAYLOAD', b'\x1f\x00\x01\x00\x00'
                                      b'\xff\xff\x50\x00')),
    type='CKPT_CHUNK', canonical=1, epoch=3, comp_id=2, uncomp_len=4096,
    payload_len=9)
vec('ok_ckpt_chunk_none', 'CKPT_CHUNK uncompressed: lengths equal',
    msg('CKPT_CHUNK', u32('EPOCH', 3) + u32('COUNT', 2) + u8('COMP_ID', 0) +
        u32('UNCOMP_LEN', 4) + tlv('PAYLOAD', b'abcd')),
    type='CKPT_CHUNK', canonical=1, payload_len=4)
vec('ok_ckpt_end', 'CKPT_END epoch 3',
    msg('CKPT_END', u32('EPOCH', 3)), type='CKPT_END', canonical=1, epoch=3)
vec('ok_sess_delta', 'SESS_DELTA with an opaque batch of 3 changes',
    msg('SESS_DELTA', u32('COUNT', 3) + tlv('PAYLOAD', bytes(range(48))),
        seq=100, ack=40), type='SESS_DELTA', canonical=1, count=3,
    payload_len=48)
vec('ok_sess_delta_lz4', 'SESS_DELTA compressed with LZ4',
    msg('SESS_DELTA', u32('COUNT', 1000) + u8('COMP_ID', 2) +
        u32('UNCOMP_LEN', 68) + tlv('PAYLOAD', bytes(range(20)))),
    type='SESS_DELTA', canonical=1, count=1000, comp_id=2, uncomp_len=68,
    payload_len=20)
vec('ok_nack', 'NACK: apply failed for command 17 of epoch 3',
    msg('NACK', u16('REASON', 4) + u32('EPOCH', 3) + u8('CMD_ID', 17)),
    type='NACK', canonical=1, reason=4, cmd_id=17)
vec('ok_ready', 'READY without TLVs', msg('READY', b''), type='READY',
    canonical=1)
vec('ok_ready_epoch', 'READY after epoch 3',
    msg('READY', u32('GENERATION', 7) + u32('EPOCH', 3)), type='READY',
    canonical=1, epoch=3)
vec('ok_config', 'CONFIG: must-match SRP configuration text and its digest',
    msg('CONFIG', u32('GENERATION', 7) + tlv('CONFIG_DIGEST', CONF_DIGEST) +
        tlv('PAYLOAD', CONF_TEXT), seq=2, ack=1), type='CONFIG', canonical=1,
    generation=7, payload_len=len(CONF_TEXT))
vec('ok_config_no_generation', 'CONFIG with the required TLVs only',
    msg('CONFIG', tlv('CONFIG_DIGEST', CONF_DIGEST) + tlv('PAYLOAD', b'x')),
    type='CONFIG', canonical=1, payload_len=1)

# --- accepted, not canonical ---
vec('ok_tlv_order', 'TLVs in any order are accepted',
    msg('CKPT_BEGIN', u32('COUNT', 5) + u32('EPOCH', 1)), type='CKPT_BEGIN',
    epoch=1, count=5)
vec('ok_unknown_skipped', 'unknown TLV 1000 without the must bit: skipped',
    msg('CKPT_END', tlv(None, b'future', must=False, raw_type=1000) +
        u32('EPOCH', 4)), type='CKPT_END', epoch=4)
vec('ok_known_elsewhere_skipped',
    'a known TLV not defined for this type, must bit clear: skipped',
    msg('READY', tlv('NODE_ID', NODE, must=False)), type='READY')
vec('ok_hello_monitors_future_bits',
    'MONITORS with bits a later version may define: accepted as sent',
    msg('HELLO', hello_body(monitors=bytes([0x82]))), type='HELLO',
    canonical=1, monitors=0x82)
vec('ok_hello_monitors_must', 'MONITORS with the must bit: understood',
    msg('HELLO', hello_body() + tlv('MONITORS', bytes([2]), must=True)),
    type='HELLO', monitors=2)
vec('ok_monitors_elsewhere_skipped',
    'MONITORS in READY (not defined there), must bit clear: skipped',
    msg('READY', tlv('MONITORS', bytes([1]))), type='READY')
vec('ok_hello_caps', 'HELLO announcing audits and session timers (CAPS, '
    'M clear)',
    msg('HELLO', hello_body(features=struct.pack('>I', 3))), type='HELLO',
    canonical=1, features=3)
vec('ok_hello_caps_future_bits',
    'CAPS with bits a later version may define: accepted as sent',
    msg('HELLO', hello_body(features=struct.pack('>I', 0x80000001))),
    type='HELLO', canonical=1, features=0x80000001)
vec('ok_caps_elsewhere_skipped',
    'CAPS in READY (not defined there), must bit clear: skipped',
    msg('READY', tlv('CAPS', struct.pack('>I', 1))), type='READY')
vec('ok_must_clear', 'required TLV sent without the must bit still counts',
    msg('CKPT_END', tlv('EPOCH', struct.pack('>I', 9), must=False)),
    type='CKPT_END', epoch=9)

# --- refused: header ---
vec('bad_short', 'fewer than 16 bytes', msg('READY', b'')[:15], 'short')
vec('bad_version_0', 'version 0', msg('READY', b'', version=0), 'version')
vec('bad_version_2', 'version 2 (newer peer)', msg('READY', b'', version=2),
    'version')
vec('bad_len_small', 'header length 15', msg('READY', b'', length=15), 'len')
vec('bad_len_mismatch', 'header length larger than the bytes',
    msg('READY', b'', length=20), 'len')
vec('bad_len_huge', 'header length above 1 MiB',
    msg('READY', b'', length=(1 << 20) + 1), 'too_big')
vec('bad_type_0', 'message type 0', msg(0, b''), 'type')
vec('bad_type_7', 'unassigned message type 7', msg(7, b''), 'type')
vec('bad_type_255', 'message type 255', msg(255, b''), 'type')
vec('bad_flags', 'reserved flag 0x8000', msg('READY', b'', flags=0x8000),
    'flags')
vec('bad_flag_bound_alone', 'BOUND without AUTH',
    msg('READY', b'', flags=F_BOUND), 'flags')

# --- refused: TLV structure ---
vec('bad_tlv_hdr_trunc', '4 bytes of TLV header',
    msg('READY', struct.pack('>I', MUST | 18)), 'tlv_trunc')
vec('bad_tlv_val_trunc', 'TLV length past the end',
    msg('CKPT_END', struct.pack('>II', MUST | 18, 8) + b'\0\0\0\1'),
    'tlv_trunc')
vec('bad_tlv_len_huge', 'TLV length 0xffffffff',
    msg('CKPT_END', struct.pack('>II', MUST | 18, 0xffffffff) + b'\0' * 4),
    'tlv_trunc')
vec('bad_tlv_unknown_must', 'unknown TLV 1000 with the must bit',
    msg('CKPT_END', tlv(None, b'x', must=True, raw_type=1000) +
        u32('EPOCH', 4)), 'tlv_unknown')
vec('bad_tlv_type0_must', 'TLV type 0 with the must bit',
    msg('CKPT_END', tlv(None, b'', must=True, raw_type=0) + u32('EPOCH', 4)),
    'tlv_unknown')
vec('bad_tlv_elsewhere_must', 'NODE_ID in READY with the must bit',
    msg('READY', tlv('NODE_ID', NODE)), 'tlv_unknown')
vec('bad_tlv_dup', 'EPOCH twice',
    msg('CKPT_END', u32('EPOCH', 1) + u32('EPOCH', 2)), 'tlv_dup')
vec('bad_tlv_len_epoch', 'EPOCH of 3 bytes',
    msg('CKPT_END', tlv('EPOCH', b'\0\0\1')), 'tlv_len')
vec('bad_tlv_len_digest', 'CONFIG_DIGEST of 31 bytes',
    msg('HELLO', hello_body(digest=DIGEST[:31])), 'tlv_len')
vec('bad_tlv_len_swver_empty', 'empty SW_VERSION',
    msg('HELLO', hello_body(ver=b'')), 'tlv_len')
vec('bad_tlv_len_swver_long', 'SW_VERSION of 65 bytes',
    msg('HELLO', hello_body(ver=b'v' * 65)), 'tlv_len')
vec('bad_tlv_len_monitors_empty', 'MONITORS of 0 bytes',
    msg('HELLO', hello_body(monitors=b'')), 'tlv_len')
vec('bad_tlv_len_monitors_long', 'MONITORS of 2 bytes',
    msg('HELLO', hello_body(monitors=bytes([1, 0]))), 'tlv_len')
vec('bad_tlv_dup_monitors', 'MONITORS twice',
    msg('HELLO', hello_body(monitors=bytes([0])) +
        tlv('MONITORS', bytes([1]))), 'tlv_dup')
vec('bad_tlv_len_caps_short', 'CAPS of 2 bytes',
    msg('HELLO', hello_body(features=bytes([0, 1]))), 'tlv_len')
vec('bad_tlv_len_caps_long', 'CAPS of 5 bytes',
    msg('HELLO', hello_body(features=bytes([0, 0, 0, 1, 0]))), 'tlv_len')
vec('bad_tlv_dup_caps', 'CAPS twice',
    msg('HELLO', hello_body(features=struct.pack('>I', 1)) +
        tlv('CAPS', struct.pack('>I', 2))), 'tlv_dup')
vec('bad_tlv_len_payload_empty', 'empty PAYLOAD',
    msg('SESS_DELTA', tlv('PAYLOAD', b'')), 'tlv_len')
vec('bad_missing_epoch', 'CKPT_END without EPOCH', msg('CKPT_END', b''),
    'tlv_missing')
vec('bad_missing_hello', 'HELLO without DB_RECOVERY',
    msg('HELLO', hello_body()[:-9]), 'tlv_missing')
vec('bad_missing_nack_cmd', 'NACK without CMD_ID',
    msg('NACK', u16('REASON', 1)), 'tlv_missing')
vec('bad_missing_config_payload', 'CONFIG without PAYLOAD',
    msg('CONFIG', tlv('CONFIG_DIGEST', CONF_DIGEST)), 'tlv_missing')
vec('bad_missing_config_digest', 'CONFIG without CONFIG_DIGEST',
    msg('CONFIG', tlv('PAYLOAD', CONF_TEXT)), 'tlv_missing')
vec('bad_tlv_len_config_long', 'CONFIG text of 64 KiB + 1 bytes',
    msg('CONFIG', tlv('CONFIG_DIGEST', CONF_DIGEST) +
        tlv('PAYLOAD', b'a' * (64 * 1024 + 1))), 'tlv_len')

# --- refused: values ---
vec('bad_val_mode', 'chassis mode 3', msg('HELLO', hello_body(mode=3)),
    'value')
vec('bad_val_priority0', 'priority 0', msg('HELLO', hello_body(priority=0)),
    'value')
vec('bad_val_state', 'state 8', msg('HELLO', hello_body(state=8)), 'value')
vec('bad_val_caps', 'compression capability bit 2',
    msg('HELLO', hello_body(caps=4)), 'value')
vec('bad_val_dbrec', 'db-recovery 2', msg('HELLO', hello_body(dbrec=2)),
    'value')
vec('bad_val_hello0', 'hello interval 0',
    msg('HELLO', hello_body(hello=0)), 'value')
vec('bad_val_dead', 'dead interval below 3 x hello',
    msg('HELLO', hello_body(hello=10, dead=29)), 'value')
vec('bad_val_swver_nul', 'NUL inside SW_VERSION',
    msg('HELLO', hello_body(ver=b'srpgw\x000.1')), 'value')
vec('bad_val_text_ctl', 'newline in TEXT',
    msg('REFUSE', u16('REASON', 7) + tlv('TEXT', b'bad\n')), 'value')
vec('bad_val_refuse0', 'REFUSE reason 0', msg('REFUSE', u16('REASON', 0)),
    'value')
vec('bad_val_refuse_hi', 'REFUSE reason 10',
    msg('REFUSE', u16('REASON', 10)), 'value')
vec('bad_val_force2', 'FORCE 2',
    msg('SWITCHOVER_REQUEST', u32('GENERATION', 1) + u16('REASON', 1) +
        u8('FORCE', 2)), 'value')
vec('bad_val_switch_cause0', 'SWITCHOVER_REQUEST reason 0',
    msg('SWITCHOVER_REQUEST', u32('GENERATION', 1) + u16('REASON', 0) +
        u8('FORCE', 0)), 'value')
vec('bad_val_switch_result', 'SWITCHOVER_ACK result 7',
    msg('SWITCHOVER_ACK', u32('GENERATION', 1) + u16('REASON', 7) +
        u8('FORCE', 0)), 'value')
vec('bad_val_nack_cmd0', 'NACK command id 0',
    msg('NACK', u16('REASON', 1) + u8('CMD_ID', 0)), 'value')
vec('bad_val_nack_reason', 'NACK reason 7',
    msg('NACK', u16('REASON', 7) + u8('CMD_ID', 1)), 'value')
vec('bad_val_version_range', 'VERSION_RANGE 2..1',
    msg('REFUSE', u16('REASON', 1) + tlv('VERSION_RANGE', bytes([2, 1]))),
    'value')
vec('bad_val_config_ctl', 'CONFIG text with a tab',
    msg('CONFIG', tlv('CONFIG_DIGEST', CONF_DIGEST) +
        tlv('PAYLOAD', b'hello-interval\t3\n')), 'value')
vec('bad_val_config_nul', 'CONFIG text with a NUL byte',
    msg('CONFIG', tlv('CONFIG_DIGEST', CONF_DIGEST) +
        tlv('PAYLOAD', b'chassis-mode\x00primary\n')), 'value')
vec('ok_config_max', 'CONFIG text of exactly 64 KiB',
    msg('CONFIG', tlv('CONFIG_DIGEST', CONF_DIGEST) +
        tlv('PAYLOAD', (b'a' * 63 + b'\n') * 1024)), type='CONFIG',
    canonical=1, payload_len=64 * 1024)
vec('bad_val_comp_id', 'COMP_ID 3',
    msg('CKPT_CHUNK', u32('EPOCH', 1) + u8('COMP_ID', 3) +
        u32('UNCOMP_LEN', 4) + tlv('PAYLOAD', b'abcd')), 'value')
vec('bad_val_uncomp_none', 'uncompressed chunk with UNCOMP_LEN != size',
    msg('CKPT_CHUNK', u32('EPOCH', 1) + u8('COMP_ID', 0) +
        u32('UNCOMP_LEN', 5) + tlv('PAYLOAD', b'abcd')), 'value')
vec('bad_val_uncomp_big', 'UNCOMP_LEN above 16 MiB',
    msg('CKPT_CHUNK', u32('EPOCH', 1) + u8('COMP_ID', 1) +
        u32('UNCOMP_LEN', (16 << 20) + 1) + tlv('PAYLOAD', b'abcd')),
    'value')

# --- audit messages (section 4.9): the codec checks the TLVs, the audit
# payload reader (srp_audit_decode) the payload: audit_expect ---


def audit(aid, flags, entries, n=None):
    return struct.pack('>III', aid, flags,
                       len(entries) if n is None else n) + b''.join(entries)


def rng(lo, hi):
    return struct.pack('>II', lo, hi)


def dig(lo, hi, count, digest):
    return struct.pack('>IIIQ', lo, hi, count, digest)


def item(teid, fp):
    return struct.pack('>IQ', teid, fp)


vec('ok_audit_query', 'AUDIT_QUERY of the whole bucket space',
    msg('AUDIT_QUERY', u32('GENERATION', 3) +
        tlv('PAYLOAD', audit(1, 0, [rng(0, 65536)]))),
    type='AUDIT_QUERY', canonical=1, generation=3, audit_expect='ok',
    audit_id=1, audit_flags=0, audit_n=1)
vec('ok_audit_digests', 'AUDIT_DIGESTS: two ranges, count and digest',
    msg('AUDIT_DIGESTS', u32('GENERATION', 3) + tlv('PAYLOAD', audit(
        1, 0, [dig(0, 4096, 120, 0x0123456789abcdef),
               dig(4096, 8192, 0, 0)]))),
    type='AUDIT_DIGESTS', canonical=1, audit_expect='ok', audit_id=1,
    audit_n=2)
vec('ok_audit_fetch_sync', 'AUDIT_FETCH of two buckets, with sync',
    msg('AUDIT_FETCH', tlv('PAYLOAD', audit(2, 1, [rng(17, 18),
                                                   rng(900, 901)]))),
    type='AUDIT_FETCH', canonical=1, audit_expect='ok', audit_id=2,
    audit_flags=1, audit_n=2)
vec('ok_audit_items_last', 'AUDIT_ITEMS, the last of its fetch',
    msg('AUDIT_ITEMS', tlv('PAYLOAD', audit(2, 1, [
        item(0x10000, 0xfeedfacecafebeef), item(0x10064, 1)]))),
    type='AUDIT_ITEMS', canonical=1, audit_expect='ok', audit_flags=1,
    audit_n=2)
vec('ok_audit_items_empty', 'AUDIT_ITEMS with no item (buckets empty)',
    msg('AUDIT_ITEMS', tlv('PAYLOAD', audit(2, 1, []))),
    type='AUDIT_ITEMS', canonical=1, audit_expect='ok', audit_n=0)
vec('bad_audit_no_payload', 'AUDIT_QUERY without PAYLOAD',
    msg('AUDIT_QUERY', u32('GENERATION', 3)), 'tlv_missing')
# Accepted by the codec, refused by the audit payload reader.
vec('ok_audit_refused_short', 'audit payload shorter than its head',
    msg('AUDIT_QUERY', tlv('PAYLOAD', b'\0' * 11)), type='AUDIT_QUERY',
    audit_expect='short')
vec('ok_audit_refused_len', 'AUDIT_QUERY claiming 2 ranges, holding 1',
    msg('AUDIT_QUERY', tlv('PAYLOAD', audit(1, 0, [rng(0, 16)], n=2))),
    type='AUDIT_QUERY', audit_expect='len')
vec('ok_audit_refused_count0', 'AUDIT_QUERY with no range',
    msg('AUDIT_QUERY', tlv('PAYLOAD', audit(1, 0, []))),
    type='AUDIT_QUERY', audit_expect='count')
vec('ok_audit_refused_count_max', 'AUDIT_FETCH of 257 ranges',
    msg('AUDIT_FETCH', tlv('PAYLOAD', audit(
        1, 0, [rng(i, i + 1) for i in range(257)]))),
    type='AUDIT_FETCH', audit_expect='count')
vec('ok_audit_refused_flags', 'AUDIT_QUERY with the sync flag',
    msg('AUDIT_QUERY', tlv('PAYLOAD', audit(1, 1, [rng(0, 16)]))),
    type='AUDIT_QUERY', audit_expect='flags')
vec('ok_audit_refused_overlap', 'AUDIT_QUERY with overlapping ranges',
    msg('AUDIT_QUERY', tlv('PAYLOAD', audit(1, 0, [rng(0, 16),
                                                   rng(8, 32)]))),
    type='AUDIT_QUERY', audit_expect='range')
vec('ok_audit_refused_high', 'AUDIT_FETCH past bucket 65535',
    msg('AUDIT_FETCH', tlv('PAYLOAD', audit(1, 0, [rng(65535, 65537)]))),
    type='AUDIT_FETCH', audit_expect='range')
vec('ok_audit_refused_empty_range', 'AUDIT_DIGESTS with lo == hi',
    msg('AUDIT_DIGESTS', tlv('PAYLOAD', audit(1, 0, [dig(5, 5, 0, 0)]))),
    type='AUDIT_DIGESTS', audit_expect='range')
vec('ok_audit_refused_teid0', 'AUDIT_ITEMS with TEID 0',
    msg('AUDIT_ITEMS', tlv('PAYLOAD', audit(1, 0, [item(0, 5)]))),
    type='AUDIT_ITEMS', audit_expect='teid')

# --- authentication ---
h = msg('HELLO', hello_body(nonce=NONCE_A), seq=1)
n = msg('NONCE', tlv('NONCE', NONCE_A), seq=1)
vec('auth_hello_unbound', 'HELLO signed with the bare PSK: a replay risk',
    sign(h, PSK), type='HELLO', psk=PSK.hex(), rx_nonce=NONCE_B.hex(),
    auth_expect='unbound')
vec('auth_hello_bound', 'HELLO bound to the receiver nonce',
    sign(msg('HELLO', hello_body(nonce=NONCE_A), seq=2), PSK, NONCE_B),
    type='HELLO', psk=PSK.hex(), rx_nonce=NONCE_B.hex(), auth_expect='ok')
vec('auth_nonce', 'NONCE signed with the PSK before binding',
    sign(n, PSK), type='NONCE', psk=PSK.hex(), rx_nonce=NONCE_B.hex(),
    auth_expect='ok')
d = msg('SESS_DELTA', tlv('PAYLOAD', b'change'), seq=2)
vec('auth_delta_bound', 'SESS_DELTA bound to the receiver nonce',
    sign(d, PSK, NONCE_B), type='SESS_DELTA', psk=PSK.hex(),
    rx_nonce=NONCE_B.hex(), auth_expect='ok')
vec('auth_delta_other_nonce', 'bound to another connection\'s nonce',
    sign(d, PSK, NONCE_A), type='SESS_DELTA', psk=PSK.hex(),
    rx_nonce=NONCE_B.hex(), auth_expect='mac')
vec('auth_delta_unbound', 'SESS_DELTA signed without binding',
    sign(d, PSK), type='SESS_DELTA', psk=PSK.hex(), rx_nonce=NONCE_B.hex(),
    auth_expect='unbound')
vec('auth_wrong_key', 'NONCE signed with another key',
    sign(n, b'wrong key'), type='NONCE', psk=PSK.hex(),
    rx_nonce=NONCE_B.hex(), auth_expect='mac')
t = bytearray(sign(n, PSK))
t[t.index(NONCE_A)] ^= 1
vec('auth_tampered', 'one bit of the signed NONCE flipped', bytes(t),
    type='NONCE', psk=PSK.hex(), rx_nonce=NONCE_B.hex(), auth_expect='mac')
vec('auth_missing', 'unsigned HELLO where a key is configured', h,
    type='HELLO', psk=PSK.hex(), rx_nonce=NONCE_B.hex(),
    auth_expect='missing')
vec('auth_seq0', 'signed with seq 0',
    sign(msg('NONCE', tlv('NONCE', NONCE_A), seq=0), PSK), type='NONCE',
    psk=PSK.hex(), rx_nonce=NONCE_B.hex(), auth_expect='replay')
x = bytearray(sign(h, PSK))
x += tlv('EPOCH', b'\0\0\0\1')
struct.pack_into('>I', x, 4, len(x))
vec('bad_auth_not_last', 'a TLV after the HMAC trailer', bytes(x),
    'auth_tlv', psk=PSK.hex(), rx_nonce=NONCE_B.hex(), auth_expect='format')
y = bytearray(h)
struct.pack_into('>H', y, 2, F_AUTH)
vec('bad_auth_flag_no_tlv', 'AUTH flag without a trailer', bytes(y),
    'auth_tlv')
z = bytearray(sign(h, PSK))
struct.pack_into('>H', z, 2, 0)
vec('bad_auth_tlv_no_flag', 'trailer without the AUTH flag', bytes(z),
    'auth_tlv')


def main():
    for f in os.listdir(HERE):
        if f.endswith('.vec'):
            os.unlink(os.path.join(HERE, f))
    for name, comment, m, expect, fields in VECS:
        with open(os.path.join(HERE, name + '.vec'), 'w') as out:
            out.write('# %s\n' % comment)
            out.write('# generated by gen_srp_vectors.py: edit the script\n')
            out.write('msg: %s\n' % m.hex())
            out.write('expect: %s\n' % expect)
            for k, v in fields.items():
                out.write('%s: %s\n' % (k, v))
    print('wrote %d vectors' % len(VECS))


main()
