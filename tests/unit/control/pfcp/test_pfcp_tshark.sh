#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Independent check of the PFCP codec against tshark and scapy:
#  1. every PFCP constant of control/pfcp/pfcp_proto.h (message types, IE
#     types, causes) has the number tshark's dissector gives that name;
#  2. every message srpgw sends (pfcp_vec --pcap), and the sample requests
#     (--pcap-all), decode in tshark with 0 malformed packets and 0 expert
#     warnings or errors, and the key fields are what was encoded;
#  3. a deliberately broken packet is caught (the check can fail);
#  4. an Open5GS-shaped Session Establishment Request built with scapy is
#     read by our decoder (pfcp_vec --decode) with the same ids and flags.
# tshark is a test dependency (scripts/setup.sh): missing tshark FAILS.
# Usage: test_pfcp_tshark.sh PFCP_VEC
set -u
vec=${1:?usage: test_pfcp_tshark.sh PFCP_VEC}
top=$(cd "$(dirname "$0")/../../../.." && pwd)
tmp=$(mktemp -d /tmp/test_pfcp_tshark.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

if ! command -v tshark >/dev/null; then
	echo "FAIL: tshark not installed (scripts/setup.sh installs it)"
	exit 1
fi
ts() { tshark "$@" 2>/dev/null; }

# 1. Constants against tshark's value strings.
ts -G values > "$tmp/values"
/usr/bin/python3 - "$top/control/pfcp/pfcp_proto.h" "$tmp/values" <<'PY' || fail=1
import re, sys
hdr, values = open(sys.argv[1]).read(), open(sys.argv[2])
names = {}
for line in values:
    f = line.rstrip('\n').split('\t')
    if len(f) >= 4 and f[0] == 'V' and f[1] in ('pfcp.msg_type', 'pfcp.ie_type', 'pfcp.cause'):
        names[(f[1], int(f[2]))] = f[3].lower()
# Our constant prefix -> tshark field, and words its name must contain.
want = {
    'PFCP_MSG_HEARTBEAT_REQ': 'heartbeat request', 'PFCP_MSG_HEARTBEAT_RESP': 'heartbeat response',
    'PFCP_MSG_ASSOC_SETUP_REQ': 'association setup request', 'PFCP_MSG_ASSOC_SETUP_RESP': 'association setup response',
    'PFCP_MSG_ASSOC_RELEASE_REQ': 'association release request', 'PFCP_MSG_ASSOC_RELEASE_RESP': 'association release response',
    'PFCP_MSG_VERSION_NOT_SUPP': 'version not supported', 'PFCP_MSG_NODE_REPORT_REQ': 'node report request',
    'PFCP_MSG_NODE_REPORT_RESP': 'node report response', 'PFCP_MSG_SESS_EST_REQ': 'session establishment request',
    'PFCP_MSG_SESS_EST_RESP': 'session establishment response', 'PFCP_MSG_SESS_MOD_REQ': 'session modification request',
    'PFCP_MSG_SESS_MOD_RESP': 'session modification response', 'PFCP_MSG_SESS_DEL_REQ': 'session deletion request',
    'PFCP_MSG_SESS_DEL_RESP': 'session deletion response', 'PFCP_MSG_SESS_REPORT_REQ': 'session report request',
    'PFCP_MSG_SESS_REPORT_RESP': 'session report response',
    'PFCP_IE_CREATE_PDR': 'create pdr', 'PFCP_IE_PDI': 'pdi', 'PFCP_IE_CREATE_FAR': 'create far',
    'PFCP_IE_FWD_PARAMS': 'forwarding parameters', 'PFCP_IE_CREATE_URR': 'create urr', 'PFCP_IE_CREATE_QER': 'create qer',
    'PFCP_IE_CREATED_PDR': 'created pdr', 'PFCP_IE_UPDATE_PDR': 'update pdr', 'PFCP_IE_UPDATE_FAR': 'update far',
    'PFCP_IE_UPD_FWD_PARAMS': 'update forwarding parameters', 'PFCP_IE_REMOVE_PDR': 'remove pdr',
    'PFCP_IE_REMOVE_FAR': 'remove far', 'PFCP_IE_REMOVE_URR': 'remove urr', 'PFCP_IE_REMOVE_QER': 'remove qer',
    'PFCP_IE_CAUSE': 'cause', 'PFCP_IE_SOURCE_IFACE': 'source interface', 'PFCP_IE_F_TEID': 'f-teid',
    'PFCP_IE_NETWORK_INSTANCE': 'network instance', 'PFCP_IE_SDF_FILTER': 'sdf filter', 'PFCP_IE_GATE_STATUS': 'gate status',
    'PFCP_IE_PRECEDENCE': 'precedence', 'PFCP_IE_REPORT_TYPE': 'report type', 'PFCP_IE_OFFENDING_IE': 'offending ie',
    'PFCP_IE_DEST_IFACE': 'destination interface', 'PFCP_IE_UP_FEATURES': 'up function features',
    'PFCP_IE_APPLY_ACTION': 'apply action', 'PFCP_IE_PFCPSMREQ_FLAGS': 'pfcpsmreq-flags', 'PFCP_IE_PDR_ID': 'pdr id',
    'PFCP_IE_F_SEID': 'f-seid', 'PFCP_IE_NODE_ID': 'node id', 'PFCP_IE_URR_ID': 'urr id',
    'PFCP_IE_OUTER_HDR_CREATION': 'outer header creation', 'PFCP_IE_CREATE_BAR': 'create bar', 'PFCP_IE_BAR_ID': 'bar id',
    'PFCP_IE_CP_FEATURES': 'cp function features', 'PFCP_IE_UE_IP_ADDR': 'ue ip address',
    'PFCP_IE_OUTER_HDR_REMOVAL': 'outer header removal', 'PFCP_IE_RECOVERY_TS': 'recovery time stamp',
    'PFCP_IE_NODE_REPORT_TYPE': 'node report type', 'PFCP_IE_FAR_ID': 'far id', 'PFCP_IE_QER_ID': 'qer id',
    'PFCP_IE_PDN_TYPE': 'pdn type', 'PFCP_IE_FAILED_RULE_ID': 'failed rule id', 'PFCP_IE_QFI': 'qfi',
    'PFCP_IE_3GPP_IFACE_TYPE': '3gpp interface type', 'PFCP_IE_PFCPSEREQ_FLAGS': 'pfcpsereq-flags',
    'PFCP_IE_SESS_RETENTION_INFO': 'pfcp session retention information', 'PFCP_IE_PFCPASRSP_FLAGS': 'pfcpasrsp-flags',
    'PFCP_CAUSE_ACCEPTED': 'request accepted', 'PFCP_CAUSE_REJECTED': 'request rejected',
    'PFCP_CAUSE_SESS_NOT_FOUND': 'session context not found', 'PFCP_CAUSE_MANDATORY_MISSING': 'mandatory ie missing',
    'PFCP_CAUSE_CONDITIONAL_MISSING': 'conditional ie missing', 'PFCP_CAUSE_INVALID_LENGTH': 'invalid length',
    'PFCP_CAUSE_MANDATORY_INCORRECT': 'mandatory ie incorrect', 'PFCP_CAUSE_INVALID_FWD_POLICY': 'invalid forwarding policy',
    'PFCP_CAUSE_INVALID_FTEID_ALLOC': 'invalid f-teid allocation', 'PFCP_CAUSE_NO_ASSOCIATION': 'no established pfcp association',
    'PFCP_CAUSE_RULE_FAILURE': 'rule creation / modification failure', 'PFCP_CAUSE_CONGESTION': 'congestion',
    'PFCP_CAUSE_NO_RESOURCES': 'no resources available', 'PFCP_CAUSE_SERVICE_NOT_SUPP': 'service not supported',
    'PFCP_CAUSE_SYSTEM_FAILURE': 'system failure', 'PFCP_CAUSE_RESTORATION_FAILURE': 'session restoration failure',
}
field = {'PFCP_MSG_': 'pfcp.msg_type', 'PFCP_IE_': 'pfcp.ie_type', 'PFCP_CAUSE_': 'pfcp.cause'}
bad = n = 0
for name, num in re.findall(r'^\s*(PFCP_(?:MSG|IE|CAUSE)_[A-Z0-9_]+)\s*=\s*(\d+),', hdr, re.M):
    pre = next(p for p in field if name.startswith(p))
    got = names.get((field[pre], int(num)), '<none>')
    n += 1
    if name not in want:
        print('FAIL: %s = %s has no expected tshark name in this test' % (name, num)); bad = 1
    elif want[name] not in got:
        print('FAIL: %s = %s is "%s" in tshark, want "%s"' % (name, num, got, want[name])); bad = 1
print('%s: %d message, IE and cause numbers agree with tshark' % ('FAIL' if bad else 'ok', n))
sys.exit(bad)
PY

# 2. What we send, and the sample requests: nothing malformed, no warning.
"$vec" --pcap "$tmp/sent.pcap" || bad "pfcp_vec --pcap"
"$vec" --pcap-all "$tmp/all.pcap" || bad "pfcp_vec --pcap-all"
check_clean() {
	local f=$1 n_pkt n_pfcp n_bad expert
	n_pkt=$(ts -r "$f" | wc -l)
	n_pfcp=$(ts -r "$f" -Y pfcp | wc -l)
	n_bad=$(ts -r "$f" -Y '_ws.malformed or _ws.expert.severity >= 0x00600000' | wc -l)
	expert=$(ts -r "$f" -q -z expert,warn)
	if [ "$n_pkt" -eq 0 ] || [ "$n_pfcp" -ne "$n_pkt" ]; then
		bad "$(basename "$f"): $n_pfcp of $n_pkt packets decoded as PFCP"
	elif [ "$n_bad" -ne 0 ] || grep -qE '^(Errors|Warns) \(' <<<"$expert"; then
		bad "$(basename "$f"): $n_bad malformed or warned packets"
		echo "$expert"
		ts -r "$f" -V -Y '_ws.malformed or _ws.expert.severity >= 0x00600000' | head -60
	else
		ok "$(basename "$f"): $n_pkt PFCP packets, 0 malformed, 0 expert warnings or errors"
	fi
}
check_clean "$tmp/sent.pcap"
check_clean "$tmp/all.pcap"

# Key fields of what we send, one line per frame (pfcp_sample.h).
ts -r "$tmp/sent.pcap" -T fields -E separator='|' -E aggregator=',' \
	-e pfcp.msg_type -e pfcp.seqno -e pfcp.node_id_ipv4 \
	-e pfcp.recovery_time_stamp -e pfcp.up_function_features.ftup \
	-e pfcp.cause -e pfcp.seid -e pfcp.f_seid.ipv4 -e pfcp.f_teid.teid \
	-e pfcp.f_teid.ipv4_addr -e pfcp.f_teid.ipv6_addr -e pfcp.pdr_id \
	-e pfcp.offending_ie -e pfcp.failed_rule_id_type \
	-e pfcp.report_type.uisr \
	> "$tmp/fields" || bad "tshark -T fields"
/usr/bin/python3 - "$tmp/fields" <<'PY' || fail=1
import sys
rows = [l.rstrip('\n').split('|') for l in open(sys.argv[1])]
cols = ['type', 'seq', 'node', 'rts', 'ftup', 'cause', 'seid', 'fseid_v4',
        'teid', 'teid_v4', 'teid_v6', 'pdr', 'offending', 'rule_type',
        'uisr']
up, seq = '192.0.2.10', '11259375'           # 0xabcdef
rts = 'Nov  5, 2023 05:12:19.000000000 UTC'  # NTP 0xe8f1a2b3
cp_seid, up_seid = '0x0000000000000001', '0x0000000100000007'
want = [
    {'type': '1', 'seq': seq, 'rts': rts},
    {'type': '2', 'seq': seq, 'rts': rts},
    {'type': '5', 'node': up, 'rts': rts, 'ftup': '1'},
    {'type': '6', 'node': up, 'rts': rts, 'ftup': '1', 'cause': '1'},
    {'type': '10', 'node': up, 'cause': '1'},
    {'type': '12', 'node': up},
    {'type': '51', 'node': up, 'cause': '1', 'seid': cp_seid + ',' + up_seid,
     'fseid_v4': up, 'teid': '0x00001234,0x00001234',
     'teid_v4': '198.51.100.20,198.51.100.20', 'teid_v6': '2001:db8::a,2001:db8::a',
     'pdr': '2,3'},
    {'type': '51', 'cause': '66', 'offending': '57', 'seid': cp_seid},
    {'type': '51', 'cause': '73', 'rule_type': '0', 'seid': cp_seid},
    {'type': '53', 'cause': '1', 'seid': cp_seid},
    {'type': '53', 'cause': '65', 'seid': '0x0000000000000000'},
    {'type': '55', 'cause': '1', 'seid': cp_seid},
    {'type': '11', 'seq': seq},
    {'type': '56', 'cause': '', 'seid': cp_seid, 'uisr': '1'},
]
bad = 0
if len(rows) != len(want):
    print('FAIL: %d frames, want %d' % (len(rows), len(want))); sys.exit(1)
for i, (row, w) in enumerate(zip(rows, want)):
    got = dict(zip(cols, row))
    for k, v in w.items():
        if got.get(k) != v:
            print('FAIL: frame %d %s: tshark says %r, we encoded %r' % (i + 1, k, got.get(k), v)); bad = 1
print('%s: key fields of %d frames match what was encoded' % ('FAIL' if bad else 'ok', len(rows)))
sys.exit(bad)
PY

# 3. The check catches a broken message: Recovery Time Stamp cut short
# after the IE header was written (length 4, 2 octets there).
/usr/bin/python3 - "$tmp/broken.pcap" <<'PY' || bad "scapy broken pcap"
import sys
from scapy.all import Ether, IP, UDP, Raw, wrpcap
pfcp = bytes.fromhex('2001000a00abcd000060000400e8f1')
wrpcap(sys.argv[1], Ether() / IP(src='192.0.2.10', dst='127.0.0.4') /
       UDP(sport=8805, dport=8805) / Raw(pfcp))
PY
n_bad=$(ts -r "$tmp/broken.pcap" -Y '_ws.malformed or _ws.expert.severity >= 0x00600000' | wc -l)
if [ "$n_bad" -eq 1 ]; then ok "a truncated IE is reported by tshark (negative control)"
else bad "tshark did not flag the truncated IE ($n_bad)"; fi

# 4. The reverse: scapy builds, we decode.
/usr/bin/python3 - > "$tmp/scapy.hex" <<'PY' || bad "scapy build"
from scapy.contrib.pfcp import *
def pdi(src, fteid=None, extra=()):
    ies = [IE_SourceInterface(interface=src)]
    if fteid is not None:
        ies.append(fteid)
    ies.append(IE_NetworkInstance(instance='internet'))
    return IE_PDI(IE_list=ies + list(extra))
ch = lambda: IE_FTEID(CH=1, CHID=1, V4=1, choose_id=5)
pdrs = [
    IE_CreatePDR(IE_list=[IE_PDR_Id(id=1), IE_Precedence(precedence=255),
        pdi(1, extra=[IE_UE_IP_Address(SD=1, V4=1, ipv4='10.45.0.2')]),
        IE_FAR_Id(id=1)]),
    IE_CreatePDR(IE_list=[IE_PDR_Id(id=2), IE_Precedence(precedence=255),
        pdi(0, ch()), IE_OuterHeaderRemoval(header=0), IE_FAR_Id(id=2)]),
    IE_CreatePDR(IE_list=[IE_PDR_Id(id=3), IE_Precedence(precedence=1000),
        pdi(0, ch(), [IE_SDF_Filter(FD=1,
            flow_description='permit out 58 from ff02::2/128 to assigned')]),
        IE_OuterHeaderRemoval(header=0), IE_FAR_Id(id=3)]),
    IE_CreatePDR(IE_list=[IE_PDR_Id(id=4), IE_Precedence(precedence=1000),
        IE_PDI(IE_list=[IE_SourceInterface(interface=3)]), IE_FAR_Id(id=4)]),
]
fars = [
    IE_CreateFAR(IE_list=[IE_FAR_Id(id=1), IE_ApplyAction(BUFF=1, NOCP=1), IE_BAR_Id(id=1)]),
    IE_CreateFAR(IE_list=[IE_FAR_Id(id=2), IE_ApplyAction(FORW=1),
        IE_ForwardingParameters(IE_list=[IE_DestinationInterface(interface=1)])]),
    IE_CreateFAR(IE_list=[IE_FAR_Id(id=3), IE_ApplyAction(FORW=1),
        IE_ForwardingParameters(IE_list=[IE_DestinationInterface(interface=3)])]),
    IE_CreateFAR(IE_list=[IE_FAR_Id(id=4), IE_ApplyAction(FORW=1),
        IE_ForwardingParameters(IE_list=[IE_DestinationInterface(interface=0),
            IE_OuterHeaderCreation(GTPUUDPIPV4=1, TEID=0x101, ipv4='127.0.0.7')])]),
]
req = PFCP(version=1, S=1, seid=0, seq=77) / PFCPSessionEstablishmentRequest(IE_list=[
    IE_NodeId(id_type=0, ipv4='127.0.0.4'),
    IE_FSEID(v4=1, seid=0x2e, ipv4='127.0.0.4'),
    *pdrs, *fars,
    IE_Create_BAR(IE_list=[IE_BAR_Id(id=1)]),
    IE_NotImplemented(ietype=186, data=b'\x01'),      # PFCPSEReq-Flags RESTI
    IE_NotImplemented(ietype=32770, data=b'\x00\x0a\xde\xad'),  # vendor
])
print(bytes(req).hex())
PY
"$vec" --decode < "$tmp/scapy.hex" > "$tmp/scapy.json" || bad "pfcp_vec --decode"
/usr/bin/python3 - "$tmp/scapy.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
exp = {'err': 'ok', 'type': 50, 'seq': 77, 'cp_seid': 0x2e, 'n_vendor': 1,
       'n_unknown': 0, 'bar': True}
bad = 0
for k, v in exp.items():
    if d.get(k) != v:
        print('FAIL: %s: decoded %r, scapy built %r' % (k, d.get(k), v)); bad = 1
pdrs = [(p['id'], p['far'], p['src'], p['n_sdf'],
         p['fteid'] and (p['fteid']['ch'], p['fteid']['chid'], p['fteid']['choose_id']))
        for p in d['pdrs']]
want = [(1, 1, 1, 0, None), (2, 2, 0, 0, (True, True, 5)),
        (3, 3, 0, 1, (True, True, 5)), (4, 4, 3, 0, None)]
if pdrs != want:
    print('FAIL: PDRs %r, want %r' % (pdrs, want)); bad = 1
fars = [(f['id'], f['action'], f['bar']) for f in d['fars']]
if fars != [(1, 0x0c, 1), (2, 0x02, 0), (3, 0x02, 0), (4, 0x02, 0)]:
    print('FAIL: FARs %r' % fars); bad = 1
print('%s: scapy-built Open5GS-shaped request decoded: %d PDRs, %d FARs, CH/CHID/CHOOSE ID as built'
      % ('FAIL' if bad else 'ok', len(pdrs), len(fars)))
sys.exit(bad)
PY

exit "$fail"
