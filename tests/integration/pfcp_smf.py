#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""An SMF simulator for the PFCP (N4/Sx, 3GPP TS 29.244) user-plane interface
of srpgw, built on scapy's PFCP layers (scapy.contrib.pfcp), not on the
project's codec. The messages have the shapes an Open5GS v2.7 SMF sends to a
user plane that advertises FTUP: Association Setup with Node ID, Recovery
Time Stamp and CP Function Features; Session Establishment with 4 PDRs (a
downlink one on the UE address, an uplink one and an uplink one to the CP
function with CH=1 CHID=1 CHOOSE ID 1, a downlink one from the CP
function), a downlink FAR BUFF|NOCP with a BAR, a QER; Session Modification
with Update FAR FORW + Outer Header Creation towards the gNB.

Library: Smf (the PFCP endpoint; answers the gateway's Heartbeat Requests
while it waits for a response), Dp (raw frames on the far ends of the
gateway's access and core links, opened in another network namespace), the
message builders (msg_*) and ie_find/ie_all to read responses.

Command line:
  pfcp_smf.py scenario [options]
      run the scenario of tests/integration/t_pfcp_sim.sh; one line per
      check ("PASS: ..." / "FAIL: ..."), "INFO: ..." lines, and with --pause
      "PAUSE: NAME KEY=VALUE..." lines after which it waits for one line on
      stdin (the shell checks the gateway's own view meanwhile; gateway
      Heartbeat Requests are still answered). Exit status 1 if a check
      failed, 2 on a usage error.
  pfcp_smf.py selftest DIR
      write every request the scenario sends as DIR/requests.pcap (for
      tshark) and as DIR/NAME.hex (for pfcp_vec --decode); no network.
"""
import argparse
import ctypes
import logging
import os
import select
import socket
import struct
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import IP, UDP, Ether, Raw, wrpcap  # noqa: E402
from scapy.contrib import pfcp as P  # noqa: E402

PFCP_PORT = 8805
GTPU_PORT = 2152

# TS 29.244 table 8.2.1-1 (cause values) and 8.1.2 (IE types).
CAUSE_ACCEPTED = 1
CAUSE_REJECTED = 64
CAUSE_NO_CONTEXT = 65
CAUSE_MANDATORY_MISSING = 66
CAUSE_RULE_FAILURE = 73        # Rule creation/modification Failure
CAUSE_NO_ASSOCIATION = 72
IE_TYPE_FSEID = 57
MSG_VERSION_NOT_SUPPORTED = 11

# Source / destination interface values (TS 29.244 8.2.2, 8.2.24).
IF_ACCESS, IF_CORE, IF_CP_FUNCTION = 0, 1, 3


# --- Message builders ---------------------------------------------------------

def node_id(addr):
    return P.IE_NodeId(id_type="IPv4", ipv4=addr)


def rts(stamp):
    return P.IE_RecoveryTimeStamp(timestamp=stamp)


def hdr(seq, seid=None):
    if seid is None:
        return P.PFCP(version=1, S=0, seq=seq)
    return P.PFCP(version=1, S=1, seid=seid, seq=seq)


def apply_action(forw=0, buff=0, nocp=0, drop=0):
    """Apply Action as Open5GS v2.7 writes it: two octets (TS 29.244
    8.2.26, Release 16 and later)."""
    return P.IE_ApplyAction(FORW=forw, BUFF=buff, NOCP=nocp, DROP=drop,
                            extra_data=b"\x00")


def ohc_gtpu4(teid, addr):
    return P.IE_OuterHeaderCreation(GTPUUDPIPV4=1, TEID=teid, ipv4=addr)


def msg_heartbeat_req(seq, stamp):
    return hdr(seq) / P.PFCPHeartbeatRequest(IE_list=[rts(stamp)])


def msg_heartbeat_resp(seq, stamp):
    return hdr(seq) / P.PFCPHeartbeatResponse(IE_list=[rts(stamp)])


def msg_assoc_setup_req(seq, nid, stamp):
    return hdr(seq) / P.PFCPAssociationSetupRequest(IE_list=[
        node_id(nid), rts(stamp), P.IE_CPFunctionFeatures()])


def open5gs_est_ies(nid, cp_seid, ue4, smf_gtpu, cp_teid, far_of_ul=2):
    """The IEs of an Open5GS v2.7 SMF Session Establishment Request for an
    IPv4 PDU session towards a user plane with FTUP. far_of_ul is the FAR
    the uplink PDR names (changed to make a request that must fail)."""
    ni = P.IE_NetworkInstance(instance="internet")
    qer = P.IE_QER_Id(id=1)
    prec = P.IE_Precedence
    ch = dict(CH=1, CHID=1, V4=1, choose_id=1)
    return [
        node_id(nid),
        P.IE_FSEID(v4=1, seid=cp_seid, ipv4=nid),
        # PDR 1, downlink: Core, UE IP address (SD: destination).
        P.IE_CreatePDR(IE_list=[
            P.IE_PDR_Id(id=1), prec(precedence=255),
            P.IE_PDI(IE_list=[
                P.IE_SourceInterface(interface=IF_CORE), ni,
                P.IE_UE_IP_Address(SD=1, V4=1, ipv4=ue4)]),
            P.IE_FAR_Id(id=1), qer]),
        # PDR 2, uplink: Access, F-TEID chosen by the user plane.
        P.IE_CreatePDR(IE_list=[
            P.IE_PDR_Id(id=2), prec(precedence=255),
            P.IE_PDI(IE_list=[
                P.IE_SourceInterface(interface=IF_ACCESS),
                P.IE_FTEID(**ch), ni, P.IE_QFI(QFI=1)]),
            P.IE_OuterHeaderRemoval(header="GTP-U/UDP/IPv4"),
            P.IE_FAR_Id(id=far_of_ul), qer]),
        # PDR 3, uplink to the CP function (router solicitations), same
        # CHOOSE ID, so the same F-TEID as PDR 2.
        P.IE_CreatePDR(IE_list=[
            P.IE_PDR_Id(id=3), prec(precedence=1000),
            P.IE_PDI(IE_list=[
                P.IE_SourceInterface(interface=IF_ACCESS),
                P.IE_FTEID(**ch), ni,
                P.IE_SDF_Filter(
                    FD=1, flow_description=b"permit out 58 from "
                    b"ff02::2/128 to assigned"),
                P.IE_QFI(QFI=1)]),
            P.IE_OuterHeaderRemoval(header="GTP-U/UDP/IPv4"),
            P.IE_FAR_Id(id=3)]),
        # PDR 4, downlink from the CP function: F-TEID the SMF chose.
        P.IE_CreatePDR(IE_list=[
            P.IE_PDR_Id(id=4), prec(precedence=1000),
            P.IE_PDI(IE_list=[
                P.IE_SourceInterface(interface=IF_CP_FUNCTION),
                P.IE_FTEID(V4=1, TEID=cp_teid, ipv4=smf_gtpu)]),
            P.IE_OuterHeaderRemoval(header="GTP-U/UDP/IPv4"),
            P.IE_FAR_Id(id=1)]),
        # FAR 1, downlink: buffer until the gNB's F-TEID is known.
        P.IE_CreateFAR(IE_list=[
            P.IE_FAR_Id(id=1), apply_action(buff=1, nocp=1),
            P.IE_BAR_Id(id=1)]),
        # FAR 2, uplink to the data network.
        P.IE_CreateFAR(IE_list=[
            P.IE_FAR_Id(id=2), apply_action(forw=1),
            P.IE_ForwardingParameters(IE_list=[
                P.IE_DestinationInterface(interface=IF_CORE), ni])]),
        # FAR 3, uplink to the CP function over GTP-U.
        P.IE_CreateFAR(IE_list=[
            P.IE_FAR_Id(id=3), apply_action(forw=1),
            P.IE_ForwardingParameters(IE_list=[
                P.IE_DestinationInterface(interface=IF_CP_FUNCTION),
                ohc_gtpu4(cp_teid, smf_gtpu)])]),
        P.IE_CreateQER(IE_list=[
            qer, P.IE_GateStatus(ul="OPEN", dl="OPEN"),
            P.IE_MBR(ul=1000000, dl=1000000), P.IE_QFI(QFI=1)]),
        P.IE_Create_BAR(IE_list=[P.IE_BAR_Id(id=1)]),
        P.IE_PDNType(pdn_type="IPv4"),
        P.IE_APN_DNN(apn_dnn=b"\x08internet"),
    ]


def msg_est_req(seq, ies):
    # Header SEID 0: the user plane has no SEID yet (TS 29.244 7.2.2.4.2).
    return hdr(seq, 0) / P.PFCPSessionEstablishmentRequest(IE_list=ies)


def msg_mod_forw(seq, up_seid, far_id, gnb, teid):
    """Modification as Open5GS sends it once the gNB's N3 F-TEID is known
    (and again on a handover): Update FAR FORW + Update Forwarding
    Parameters with Outer Header Creation."""
    return hdr(seq, up_seid) / P.PFCPSessionModificationRequest(IE_list=[
        P.IE_UpdateFAR(IE_list=[
            P.IE_FAR_Id(id=far_id), apply_action(forw=1),
            P.IE_UpdateForwardingParameters(IE_list=[
                P.IE_DestinationInterface(interface=IF_ACCESS),
                P.IE_NetworkInstance(instance="internet"),
                ohc_gtpu4(teid, gnb)])])])


def msg_del_req(seq, up_seid):
    return hdr(seq, up_seid) / P.PFCPSessionDeletionRequest()


def raw_version2_heartbeat(seq, stamp):
    """A Heartbeat Request with version 2 in its header (octet 1 bits 8-6),
    built by hand: scapy's layer is version 1 only in spirit."""
    body = struct.pack("!HHI", 96, 4, stamp)
    return struct.pack("!BBH", 0x40, 1, 4 + len(body)) + \
        struct.pack("!I", seq << 8) + body


def raw_unknown_type(seq, msg_type=99):
    """A node-related message of a type TS 29.244 does not define."""
    return struct.pack("!BBHI", 0x20, msg_type, 4, seq << 8)


# --- Reading responses --------------------------------------------------------

def ie_all(ies, cls):
    return [ie for ie in (ies or []) if isinstance(ie, cls)]


def ie_find(ies, cls):
    r = ie_all(ies, cls)
    return r[0] if r else None


def ies_of(msg):
    return getattr(msg.payload, "IE_list", None) or []


def cause_of(msg):
    c = ie_find(ies_of(msg), P.IE_Cause)
    return None if c is None else c.cause


# --- Endpoints ----------------------------------------------------------------

class Smf:
    """The SMF's PFCP endpoint: a UDP socket on SMF:8805 talking to the
    gateway's N4 address. request() sends a message and returns the
    response with the same sequence number, answering any Heartbeat Request
    of the gateway that arrives meanwhile (and recording it)."""

    def __init__(self, local, gw, stamp, timeout=2.0):
        self.gw = (gw, PFCP_PORT)
        self.stamp = stamp
        self.timeout = timeout
        self.seq = 0
        self.gw_heartbeats = []     # (source, sequence, Recovery Time Stamp)
        self.stray = []             # other unsolicited datagrams
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((local, PFCP_PORT))

    def next_seq(self):
        self.seq += 1
        return self.seq

    def send(self, data):
        self.sock.sendto(bytes(data), self.gw)

    def _answer_heartbeat(self, data, src):
        m = P.PFCP(data)
        r = ie_find(ies_of(m), P.IE_RecoveryTimeStamp)
        self.gw_heartbeats.append((src, m.seq,
                                   None if r is None else r.timestamp))
        self.sock.sendto(bytes(msg_heartbeat_resp(m.seq, self.stamp)), src)

    def poll(self, timeout):
        """Wait up to timeout s for one datagram; answer it if it is a
        gateway Heartbeat Request. Returns (bytes, source) or None."""
        r, _, _ = select.select([self.sock], [], [], timeout)
        if not r:
            return None
        data, src = self.sock.recvfrom(65535)
        if len(data) >= 2 and data[1] == 1 and data[0] >> 5 == 1:
            self._answer_heartbeat(data, src)
        return data, src

    def expect(self, seq, rounds=None):
        """The raw response to sequence number seq, or None when none came
        within the timeout (bounded by a count of waits)."""
        for _ in range(rounds or 20):
            got = self.poll(self.timeout)
            if got is None:
                return None
            data, src = got
            if len(data) >= 2 and data[1] == 1:
                continue        # a heartbeat of the gateway, answered
            hdr_len = 16 if data[0] & 1 else 8
            if len(data) >= hdr_len and \
                    int.from_bytes(data[hdr_len - 4:hdr_len - 1], "big") == seq:
                return data
            self.stray.append((data, src))
        return None

    def request(self, msg):
        """Send msg (its seq must be set) and return (raw, decoded) of the
        response, or (None, None)."""
        self.send(msg)
        seq = msg.seq if hasattr(msg, "seq") else None
        raw = self.expect(seq)
        return raw, (None if raw is None else P.PFCP(raw))

    def idle(self, seconds):
        """Listen for seconds (answering gateway heartbeats)."""
        for _ in range(int(seconds * 10)):
            got = self.poll(0.1)
            if got is not None and not (len(got[0]) >= 2 and got[0][1] == 1):
                self.stray.append(got)


def netns_enter(name):
    """Enter network namespace NAME (/run/netns/NAME) with setns(2);
    Python 3.11 has no os.setns."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open("/run/netns/" + name, os.O_RDONLY)
    try:
        if libc.setns(fd, 0x40000000) != 0:     # CLONE_NEWNET
            e = ctypes.get_errno()
            raise OSError(e, "setns %s: %s" % (name, os.strerror(e)))
    finally:
        os.close(fd)


class Dp:
    """Raw frames on the far ends of the gateway's links (the gNB side of
    the access port, the router side of the core port), opened in the
    gateway's network namespace."""
    GW_ACC_MAC = "02:00:00:00:aa:01"
    ENB_MAC = "02:00:00:00:aa:02"
    GW_CORE_MAC = "02:00:00:00:cc:01"
    RTR_MAC = "02:00:00:00:cc:02"

    def __init__(self, netns, acc_if, core_if):
        here = os.open("/proc/self/ns/net", os.O_RDONLY)
        libc = ctypes.CDLL(None, use_errno=True)
        try:
            if netns:
                netns_enter(netns)
            self.acc = self._open(acc_if)
            self.core = self._open(core_if)
        finally:
            if netns and libc.setns(here, 0x40000000) != 0:
                raise OSError(ctypes.get_errno(), "setns back")
            os.close(here)

    @staticmethod
    def _open(ifname):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                          socket.htons(0x0003))
        s.bind((ifname, 0))
        return s

    @staticmethod
    def gtpu(teid, payload, qfi=None):
        """G-PDU (TS 29.281 5.1); with qfi, an UL PDU Session Container
        (TS 38.415) as a gNB sends it."""
        if qfi is None:
            return struct.pack("!BBHI", 0x30, 255, len(payload), teid) + \
                payload
        ext = struct.pack("!HBB", 0, 0, 0x85) + bytes([1, 0x10, qfi, 0])
        return struct.pack("!BBHI", 0x34, 255, len(ext) + len(payload),
                           teid) + ext + payload

    def send_ul(self, src, dst, teid, inner):
        f = Ether(src=self.ENB_MAC, dst=self.GW_ACC_MAC) / \
            IP(src=src, dst=dst) / UDP(sport=GTPU_PORT, dport=GTPU_PORT) / \
            Raw(self.gtpu(teid, bytes(inner), qfi=1))
        self.acc.send(bytes(f))

    def send_dl(self, inner):
        self.core.send(bytes(Ether(src=self.RTR_MAC, dst=self.GW_CORE_MAC) /
                             inner))

    def collect(self, want, timeout=0.5, rounds=20):
        """Frames received on both links. With want: until want(frames) is
        true, at most rounds waits of timeout s. Without: until a quiet
        period of timeout s (what must not come out). Returns
        {"acc": [...], "core": [...]}, frames as bytes."""
        got = {"acc": [], "core": []}
        socks = {self.acc: "acc", self.core: "core"}
        for _ in range(rounds):
            r, _, _ = select.select(list(socks), [], [], timeout)
            if not r:
                if want is None:
                    break
                continue
            for s in r:
                data, addr = s.recvfrom(65535)
                if addr[2] == socket.PACKET_OUTGOING:
                    continue
                got[socks[s]].append(data)
            if want is not None and want(got):
                break
        return got


def inner_udp(src, dst, tag):
    return IP(src=src, dst=dst, ttl=64) / UDP(sport=1234, dport=5678) / \
        Raw(tag)


def find_decap(frames, tag):
    """Frames (plain IP on the core side) carrying tag."""
    return [f for f in frames if tag in f and UDP in Ether(f) and
            Ether(f)[UDP].dport != GTPU_PORT]


def find_encap(frames, tag):
    """(outer destination, TEID) of G-PDUs carrying tag."""
    out = []
    for f in frames:
        e = Ether(f)
        if IP not in e or UDP not in e or e[UDP].dport != GTPU_PORT:
            continue
        g = bytes(e[UDP].payload)
        if len(g) >= 8 and g[1] == 255 and tag in g:
            out.append((e[IP].dst, struct.unpack("!I", g[4:8])[0]))
    return out


# --- Scenario -----------------------------------------------------------------

class Checks:
    def __init__(self, pause):
        self.n_fail = 0
        self.n = 0
        self.pause_on = pause

    def check(self, what, ok, detail=""):
        self.n += 1
        if ok:
            print("PASS: " + what, flush=True)
        else:
            self.n_fail += 1
            print("FAIL: %s%s" % (what, (" (%s)" % detail) if detail else ""),
                  flush=True)
        return ok

    def info(self, text):
        print("INFO: " + text, flush=True)

    def pause(self, smf, name, **kv):
        """Let the shell check the gateway; keep answering heartbeats."""
        if not self.pause_on:
            return
        print("PAUSE: %s %s" % (name, " ".join("%s=%s" % x for x in
                                              sorted(kv.items()))),
              flush=True)
        while True:
            r, _, _ = select.select([sys.stdin, smf.sock], [], [], 1.0)
            if sys.stdin in r:
                sys.stdin.readline()
                return
            if smf.sock in r:
                got = smf.poll(0)
                if got is not None and got[0][1] != 1:
                    smf.stray.append(got)


def scenario(a):
    c = Checks(a.pause)
    stamp = 3900000000
    smf = Smf(a.smf, a.gw, stamp)
    other = Smf(a.other, a.gw, stamp)
    dp = Dp(a.dp_netns, a.acc_if, a.core_if)
    ue = a.ue
    srv = "203.0.113.99"
    cp_seid = 0x1001

    # 1. Heartbeat before any association: answered, with our Recovery
    # Time Stamp; the same from a source that is not a group peer: nothing.
    other.send(msg_heartbeat_req(other.next_seq(), stamp))
    s = smf.next_seq()
    raw, m = smf.request(msg_heartbeat_req(s, stamp))
    r = None if m is None else ie_find(ies_of(m), P.IE_RecoveryTimeStamp)
    c.check("heartbeat before association answered with a Recovery Time "
            "Stamp", m is not None and m.message_type == 2 and r is not None
            and r.timestamp != 0, m and m.summary())
    # The server reads its socket in order: the refused request from the
    # other address came before the one just answered.
    c.check("heartbeat from a non-allowed source address not answered",
            other.poll(0.2) is None)

    # 2. Establishment before association: cause 72, header SEID = CP SEID.
    s = smf.next_seq()
    raw, m = smf.request(msg_est_req(s, open5gs_est_ies(
        a.smf, cp_seid, ue, a.smf, 0x7001)))
    c.check("establishment before association -> cause 72 (header SEID = "
            "CP SEID)", m is not None and m.message_type == 51 and
            cause_of(m) == CAUSE_NO_ASSOCIATION and m.seid == cp_seid,
            m and "cause %s seid %s" % (cause_of(m), m.seid))

    # 3. Association Setup.
    s = smf.next_seq()
    raw, m = smf.request(msg_assoc_setup_req(s, a.smf, stamp))
    ies = ies_of(m) if m is not None else []
    nid = ie_find(ies, P.IE_NodeId)
    upf = ie_find(ies, P.IE_UPFunctionFeatures)
    c.check("association setup -> cause 1",
            m is not None and m.message_type == 6 and
            cause_of(m) == CAUSE_ACCEPTED, m and cause_of(m))
    c.check("association setup response: UP Function Features with FTUP",
            upf is not None and upf.FTUP == 1 and upf.length >= 2)
    c.check("association setup response: our Node ID %s" % a.gw,
            nid is not None and nid.id_type == 0 and nid.ipv4 == a.gw,
            nid and nid.summary())
    r = ie_find(ies, P.IE_RecoveryTimeStamp)
    gw_rts = None if r is None else r.timestamp
    c.check("association setup response: Recovery Time Stamp",
            gw_rts is not None and gw_rts != 0)

    # 4. Association Setup naming a Node ID that is not in the group.
    s = other.next_seq()
    raw, m = other.request(msg_assoc_setup_req(s, a.other, stamp))
    c.check("association setup with a Node ID not in the group -> cause 64",
            m is not None and m.message_type == 6 and
            cause_of(m) == CAUSE_REJECTED, m and cause_of(m))
    c.pause(smf, "associated", peer=a.smf)

    # 5. Open5GS-shaped establishment.
    s = smf.next_seq()
    est = msg_est_req(s, open5gs_est_ies(a.smf, cp_seid, ue, a.smf, 0x7001))
    est_raw, m = smf.request(est)
    ies = ies_of(m) if m is not None else []
    c.check("establishment -> cause 1 (header SEID = CP SEID)",
            m is not None and m.message_type == 51 and
            cause_of(m) == CAUSE_ACCEPTED and m.seid == cp_seid,
            m and "cause %s seid %s" % (cause_of(m), m.seid))
    fseid = ie_find(ies, P.IE_FSEID)
    nid = ie_find(ies, P.IE_NodeId)
    c.check("establishment response: our Node ID",
            nid is not None and nid.ipv4 == a.gw)
    c.check("establishment response: UP F-SEID (IPv4 %s)" % a.gw,
            fseid is not None and fseid.v4 == 1 and fseid.ipv4 == a.gw and
            fseid.seid != 0, fseid and fseid.summary())
    up_seid = fseid.seid if fseid is not None else 0
    created = {}
    for cp in ie_all(ies, P.IE_CreatedPDR):
        pid = ie_find(cp.IE_list, P.IE_PDR_Id)
        ft = ie_find(cp.IE_list, P.IE_FTEID)
        if pid is not None and ft is not None:
            created[pid.id] = (ft.TEID, ft.ipv4, ft.CH)
    c.check("Created PDRs 2 and 3 (the CH=1 ones) and only those",
            sorted(created) == [2, 3], created)
    ft2, ft3 = created.get(2), created.get(3)
    c.check("PDRs 2 and 3 (CHOOSE ID 1) got the same F-TEID",
            ft2 is not None and ft2 == ft3 and ft2[0] != 0 and ft2[2] == 0,
            "%s %s" % (ft2, ft3))
    teid, ftaddr = (ft2[0], ft2[1]) if ft2 else (0, "0.0.0.0")
    c.check("the F-TEID's IPv4 address is the access interface's %s" %
            a.fteid_addr, ftaddr == a.fteid_addr, ftaddr)

    # 6. Retransmission: the same request, the same bytes back.
    raw2, m = smf.request(est)
    c.check("retransmitted establishment (same sequence) -> identical "
            "response bytes", raw2 is not None and raw2 == est_raw)

    # 7. Errors.
    s = smf.next_seq()
    no_fseid = [ie for ie in open5gs_est_ies(a.smf, 0x1002, "10.45.0.99",
                                             a.smf, 0x7002)
                if not isinstance(ie, P.IE_FSEID)]
    raw, m = smf.request(msg_est_req(s, no_fseid))
    off = None if m is None else ie_find(ies_of(m), P.IE_OffendingIE)
    c.check("establishment without CP F-SEID -> cause 66 + Offending IE "
            "F-SEID", m is not None and m.message_type == 51 and
            cause_of(m) == CAUSE_MANDATORY_MISSING and off is not None and
            off.type == IE_TYPE_FSEID,
            m and "cause %s offending %s" % (cause_of(m),
                                             off and off.type))
    s = smf.next_seq()
    raw, m = smf.request(msg_est_req(s, open5gs_est_ies(
        a.smf, 0x1003, "10.45.0.98", a.smf, 0x7003, far_of_ul=9)))
    fr = None if m is None else ie_find(ies_of(m), P.IE_FailedRuleId)
    c.check("establishment with a PDR naming FAR 9 (not created) -> cause "
            "73 (rule creation/modification failure) + Failed Rule ID PDR 2",
            m is not None and cause_of(m) == CAUSE_RULE_FAILURE and
            fr is not None and fr.type == 0 and fr.pdr_id == 2,
            m and "cause %s failed %s" % (cause_of(m), fr and fr.summary()))
    s = smf.next_seq()
    raw, m = smf.request(msg_mod_forw(s, 0xdead, 1, a.gnb_a, 0x501))
    c.check("modification of an unknown SEID -> cause 65, header SEID 0",
            m is not None and m.message_type == 53 and
            cause_of(m) == CAUSE_NO_CONTEXT and m.seid == 0,
            m and "cause %s seid %s" % (cause_of(m), m.seid))
    s = smf.next_seq()
    raw, m = smf.request(msg_del_req(s, 0xdead))
    c.check("deletion of an unknown SEID -> cause 65, header SEID 0",
            m is not None and m.message_type == 55 and
            cause_of(m) == CAUSE_NO_CONTEXT and m.seid == 0,
            m and "cause %s seid %s" % (cause_of(m), m.seid))
    s = smf.next_seq()
    smf.send(raw_version2_heartbeat(s, stamp))
    raw = smf.expect(s)
    c.check("version 2 header -> Version Not Supported Response",
            raw is not None and raw[1] == MSG_VERSION_NOT_SUPPORTED and
            raw[0] >> 5 == 1, raw and raw.hex())
    s_unknown = smf.next_seq()
    smf.send(raw_unknown_type(s_unknown))
    s = smf.next_seq()
    raw, m = smf.request(msg_heartbeat_req(s, stamp))
    c.check("unknown message type not answered; the next heartbeat is",
            m is not None and m.message_type == 2 and
            not any(len(d[0]) >= 8 and
                    int.from_bytes(d[0][4:7], "big") == s_unknown
                    for d in smf.stray))
    c.pause(smf, "established", teid=teid, ue=ue, up_seid=up_seid,
            fteid=ftaddr)

    # 8. Traffic. Uplink to the allocated F-TEID comes out decapsulated.
    tag = b"srpgw-pfcp-ul-1"
    dp.send_ul(a.gnb_a, ftaddr, teid, inner_udp(ue, srv, tag))
    got = dp.collect(lambda g: find_decap(g["core"], tag))
    c.check("uplink G-PDU to the allocated F-TEID forwarded decapsulated",
            len(find_decap(got["core"], tag)) == 1, got)
    # Downlink while the FAR buffers: dropped.
    c.pause(smf, "before_dl_drop")
    tag = b"srpgw-pfcp-dl-buff"
    for _ in range(a.n_dl):
        dp.send_dl(inner_udp(srv, ue, tag))
    got = dp.collect(None)
    c.check("downlink before modification (FAR BUFF) not forwarded",
            find_encap(got["acc"], tag) == [], find_encap(got["acc"], tag))
    c.pause(smf, "dl_dropped", n=a.n_dl)

    # Modification: FORW + OHC towards gNB A.
    for step, (gnb, gteid) in enumerate(((a.gnb_a, 0x501), (a.gnb_b, 0x502))):
        what = "modification" if step == 0 else "second modification " \
            "(handover)"
        s = smf.next_seq()
        raw, m = smf.request(msg_mod_forw(s, up_seid, 1, gnb, gteid))
        c.check("%s FORW + OHC to %s TEID %#x -> cause 1 (header SEID = CP "
                "SEID)" % (what, gnb, gteid),
                m is not None and m.message_type == 53 and
                cause_of(m) == CAUSE_ACCEPTED and m.seid == cp_seid,
                m and "cause %s seid %s" % (cause_of(m), m.seid))
        tag = b"srpgw-pfcp-dl-%d" % step
        dp.send_dl(inner_udp(srv, ue, tag))
        got = dp.collect(lambda g, t=tag: find_encap(g["acc"], t))
        c.check("downlink after %s encapsulated to %s TEID %#x" %
                (what, gnb, gteid),
                find_encap(got["acc"], tag) == [(gnb, gteid)],
                find_encap(got["acc"], tag))
        tag = b"srpgw-pfcp-ul-%d" % (step + 2)
        dp.send_ul(gnb, ftaddr, teid, inner_udp(ue, srv, tag))
        got = dp.collect(lambda g, t=tag: find_decap(g["core"], t))
        c.check("uplink after %s still forwarded" % what,
                len(find_decap(got["core"], tag)) == 1)

    # 9. Deletion.
    s = smf.next_seq()
    raw, m = smf.request(msg_del_req(s, up_seid))
    c.check("deletion -> cause 1 (header SEID = CP SEID)",
            m is not None and m.message_type == 55 and
            cause_of(m) == CAUSE_ACCEPTED and m.seid == cp_seid,
            m and "cause %s seid %s" % (cause_of(m), m.seid))
    tag_ul, tag_dl = b"srpgw-pfcp-ul-gone", b"srpgw-pfcp-dl-gone"
    dp.send_ul(a.gnb_b, ftaddr, teid, inner_udp(ue, srv, tag_ul))
    dp.send_dl(inner_udp(srv, ue, tag_dl))
    got = dp.collect(None)
    c.check("after deletion: uplink not forwarded",
            find_decap(got["core"], tag_ul) == [])
    c.check("after deletion: downlink not forwarded",
            find_encap(got["acc"], tag_dl) == [])
    c.pause(smf, "deleted", teid=teid, ue=ue)

    # 10. The gateway's own Heartbeat Requests (interval 1 s): by now some
    # have arrived; if not, listen for at most a few intervals.
    for _ in range(a.hb_wait):
        if smf.gw_heartbeats:
            break
        smf.idle(1)
    hb = smf.gw_heartbeats
    c.check("gateway Heartbeat Requests received from %s:%d and answered" %
            (a.gw, PFCP_PORT),
            len(hb) > 0 and all(h[0] == (a.gw, PFCP_PORT) for h in hb), hb)
    c.check("gateway Heartbeat Requests carry the Recovery Time Stamp of "
            "its Association Setup Response",
            len(hb) > 0 and all(h[2] == gw_rts for h in hb),
            "%s vs %s" % (hb, gw_rts))

    # 11. An Establishment naming a CP F-SEID that already has a session
    # (a new sequence number, so not a retransmission): the existing
    # session's answer again, no second session.
    ue2 = a.ue2
    first = None
    for what in ("establishment of a second session", "establishment with "
                 "the same CP F-SEID, new sequence"):
        s = smf.next_seq()
        raw, m = smf.request(msg_est_req(s, open5gs_est_ies(
            a.smf, cp_seid + 1, ue2, a.smf, 0x7011)))
        ies = ies_of(m) if m is not None else []
        f = ie_find(ies, P.IE_FSEID)
        got = (cause_of(m) if m is not None else None,
               f.seid if f is not None else None,
               sorted((ie_find(x.IE_list, P.IE_PDR_Id).id,
                       ie_find(x.IE_list, P.IE_FTEID).TEID)
                      for x in ie_all(ies, P.IE_CreatedPDR)))
        if first is None:
            first = got
            c.check(what + " -> cause 1", got[0] == CAUSE_ACCEPTED, got)
        else:
            c.check(what + " -> the same UP SEID and F-TEIDs",
                    got[0] == CAUSE_ACCEPTED and got == first,
                    "%s vs %s" % (got, first))
    c.pause(smf, "second_session", ue=ue2)

    # 12. The SMF restarts: a Heartbeat with a higher Recovery Time Stamp
    # makes the gateway delete that peer's sessions.
    smf.stamp = stamp + 1
    s = smf.next_seq()
    raw, m = smf.request(msg_heartbeat_req(s, smf.stamp))
    c.check("heartbeat with a higher Recovery Time Stamp answered",
            m is not None and m.message_type == 2)
    c.pause(smf, "peer_restarted", ue=ue2)
    c.info("%d gateway heartbeats answered, %d stray datagrams" %
           (len(hb), len(smf.stray) + len(other.stray)))
    c.info("%d of %d checks passed" % (c.n - c.n_fail, c.n))
    return 1 if c.n_fail else 0


def selftest(d):
    """Every request of the scenario, for decoding with tshark/pfcp_vec."""
    os.makedirs(d, exist_ok=True)
    msgs = {
        "heartbeat_req": msg_heartbeat_req(1, 3900000000),
        "assoc_setup_req": msg_assoc_setup_req(2, "10.96.0.2", 3900000000),
        "est_req": msg_est_req(3, open5gs_est_ies(
            "10.96.0.2", 0x1001, "10.45.0.9", "10.96.0.2", 0x7001)),
        "mod_req": msg_mod_forw(4, 1, 1, "192.0.2.21", 0x501),
        "del_req": msg_del_req(5, 1),
        "heartbeat_resp": msg_heartbeat_resp(6, 3900000000),
    }
    frames = []
    for name, m in msgs.items():
        b = bytes(m)
        with open(os.path.join(d, name + ".hex"), "w") as f:
            f.write(b.hex() + "\n")
        frames.append(Ether() / IP(src="10.96.0.2", dst="10.96.0.1") /
                      UDP(sport=PFCP_PORT, dport=PFCP_PORT) / Raw(b))
    wrpcap(os.path.join(d, "requests.pcap"), frames)
    print("INFO: %d messages written to %s" % (len(msgs), d))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sc = sub.add_parser("scenario")
    sc.add_argument("--gw", default="10.96.0.1", help="gateway N4 address")
    sc.add_argument("--smf", default="10.96.0.2", help="SMF address (Node "
                    "ID, in the control-plane-group)")
    sc.add_argument("--other", default="10.96.0.3",
                    help="a second SMF-side address not in the group")
    sc.add_argument("--dp-netns", default="",
                    help="network namespace of the data links")
    sc.add_argument("--acc-if", default="enb0")
    sc.add_argument("--core-if", default="dn0")
    sc.add_argument("--ue", default="10.45.0.9")
    sc.add_argument("--ue2", default="10.45.0.11",
                    help="UE address of the second session")
    sc.add_argument("--fteid-addr", default="192.0.2.1",
                    help="the IPv4 address the gateway puts in F-TEIDs")
    sc.add_argument("--gnb-a", default="192.0.2.21")
    sc.add_argument("--gnb-b", default="192.0.2.22")
    sc.add_argument("--n-dl", type=int, default=3,
                    help="downlink packets sent while the FAR buffers")
    sc.add_argument("--hb-wait", type=int, default=5,
                    help="at most this many 1 s waits for a gateway "
                    "heartbeat at the end")
    sc.add_argument("--pause", action="store_true",
                    help="stop at PAUSE lines until a line on stdin")
    st = sub.add_parser("selftest")
    st.add_argument("dir")
    a = ap.parse_args()
    if a.cmd == "selftest":
        return selftest(a.dir)
    return scenario(a)


if __name__ == "__main__":
    sys.exit(main())
