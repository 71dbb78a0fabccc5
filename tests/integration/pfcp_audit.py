#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The SMF side of the PFCP part of tests/integration/t_audit_purge.sh,
built on pfcp_smf.py (scapy's PFCP layers), not on the project's codec.

  pfcp_audit.py --gw N4 --smf ADDR --n N --gnb ADDR [--late I] [--mute I]

Association Setup, then N Open5GS-shaped establishments each followed by
a modification giving the session its downlink tunnel to --gnb; prints
"SETUP TEID,CP_SEID ..." (each session's uplink F-TEID, the SMF's SEID)
and waits for one line "go K" on stdin while it keeps answering the
gateway's Heartbeat Requests. Then it answers every Session Report Request
with a Session Report Response, Cause 1 (Request accepted), except the
first one for session --late (1-based: answered when resent) and every
one for session --mute (never answered), until K sessions were answered
(at most 600 polls of 0.1 s), and prints "REPORTS CP_SEID:TYPE:COUNT ..."
(the header SEID of each session reported, its Report Type octet, how
many times it came). Exit status 1 when fewer than K were answered or a
setup step failed.
"""
import argparse
import os
import select
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pfcp_smf as S  # noqa: E402
from scapy.contrib import pfcp as P  # noqa: E402

STAMP = 3900000000
MSG_REPORT_REQ, MSG_REPORT_RESP = 56, 57


def fail(why):
    print("FAIL: " + why, flush=True)
    sys.exit(1)


def setup(smf, a):
    """Association and N sessions: [(uplink TEID, CP SEID), ...]."""
    _, m = smf.request(S.msg_assoc_setup_req(smf.next_seq(), a.smf, STAMP))
    if m is None or S.cause_of(m) != S.CAUSE_ACCEPTED:
        fail("association setup")
    out = []
    for i in range(1, a.n + 1):
        cp_seid = 0x20000 + i
        ue = "10.45.100.%d" % i
        _, m = smf.request(S.msg_est_req(smf.next_seq(), S.open5gs_est_ies(
            a.smf, cp_seid, ue, a.smf, 0x7100 + i)))
        if m is None or S.cause_of(m) != S.CAUSE_ACCEPTED:
            fail("establishment %d" % i)
        ies = S.ies_of(m)
        up_seid = S.ie_find(ies, P.IE_FSEID).seid
        teid = None
        for cp in S.ie_all(ies, P.IE_CreatedPDR):
            ft = S.ie_find(cp.IE_list, P.IE_FTEID)
            if ft is not None:
                teid = ft.TEID
        _, m = smf.request(S.msg_mod_forw(smf.next_seq(), up_seid, 1,
                                          a.gnb, 0x8100 + i))
        if m is None or S.cause_of(m) != S.CAUSE_ACCEPTED or teid is None:
            fail("modification %d" % i)
        out.append((teid, cp_seid, up_seid))
    return out


def report_resp(seq, up_seid):
    return S.hdr(seq, up_seid) / P.PFCPSessionReportResponse(
        IE_list=[P.IE_Cause(cause=S.CAUSE_ACCEPTED)])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gw", required=True, help="the pair's N4 address")
    ap.add_argument("--smf", required=True, help="SMF address (Node ID)")
    ap.add_argument("--gnb", required=True, help="the sessions' gNB")
    ap.add_argument("--n", type=int, default=4, help="sessions")
    ap.add_argument("--late", type=int, default=0,
                    help="session whose first report goes unanswered")
    ap.add_argument("--mute", type=int, default=0,
                    help="session whose reports are never answered")
    a = ap.parse_args()
    smf = S.Smf(a.smf, a.gw, STAMP)
    sess = setup(smf, a)
    up_of = {cp: up for _, cp, up in sess}
    print("SETUP " + " ".join("%d,%d" % (t, cp) for t, cp, _ in sess),
          flush=True)
    # Wait for the shell, answering the gateway's heartbeats meanwhile.
    line = ""
    for _ in range(6000):
        r, _, _ = select.select([sys.stdin, smf.sock], [], [], 0.1)
        if smf.sock in r:
            smf.poll(0)
        if sys.stdin in r:
            line = sys.stdin.readline()
            break
    want = int(line.split()[1]) if line.startswith("go ") else 0
    late = 0x20000 + a.late if a.late else None
    mute = 0x20000 + a.mute if a.mute else None
    seen = {}           # CP SEID: [Report Type octet, times received]
    answered = set()
    for _ in range(600):
        if want and len(answered) >= want:
            break
        got = smf.poll(0.1)
        if got is None:
            continue
        data, src = got
        if len(data) < 16 or data[1] != MSG_REPORT_REQ:
            continue
        m = P.PFCP(data)
        rt = S.ie_find(S.ies_of(m), P.IE_ReportType)
        e = seen.setdefault(m.seid, [bytes(rt)[4] if rt is not None
                                     else -1, 0])
        e[1] += 1
        if m.seid == mute or (m.seid == late and e[1] == 1):
            continue
        answered.add(m.seid)
        smf.sock.sendto(bytes(report_resp(m.seq, up_of.get(m.seid, 0))),
                        src)
    print("REPORTS " + " ".join("%d:%d:%d" % (k, v[0], v[1])
                                for k, v in sorted(seen.items())),
          flush=True)
    return 0 if want and len(answered) >= want else 1

if __name__ == "__main__":
    sys.exit(main())
