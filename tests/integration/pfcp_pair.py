#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The SMF side of tests/integration/t_pfcp_pair.sh: PFCP (N4/Sx) sessions
of an SRP pair kept across takeovers, built on pfcp_smf.py (scapy's PFCP
layers, Open5GS v2.7 message shapes), not on the project's codec.

  pfcp_pair.py --gw N4 --smf ADDR --n N --k K --phases NAME,NAME...
               [--dp NAME=NETNS/ACC_MAC/CORE_MAC,... --actives NAME,...]

Set-up: a Heartbeat (the pair's Recovery Time Stamp), Association Setup,
N Open5GS-shaped establishments each followed by a modification giving the
session its downlink tunnel (Update FAR FORW + Outer Header Creation). Then
"PAUSE: setup KEY=VALUE..."; for every phase named: 2 more sessions and 2
deletions, "PAUSE: before_NAME ..." and, once the shell says "go" (the
active role has moved, and N4 routing with it): the same Recovery Time
Stamp on a Heartbeat; those 2 deletions retransmitted answered with the
same bytes; every live session's last modification
retransmitted (same sequence number, same bytes) answered with the bytes of
the answer the old active gave; every live session's establishment
retransmitted answered with the same UP F-SEID and F-TEIDs (and the same
bytes); K handovers (modification to another gNB), K deletions and K new
establishments (+ modification), whose UP SEIDs and F-TEIDs were never
handed out before; with --dp and --actives, every live session's uplink
G-PDU (from its gNB to its F-TEID) sent on the active's access link must
come out of its core link decapsulated, its downlink sent on the core link
must come out of the access link encapsulated to the gNB and TEID of its
last modification (also at set-up); then "PAUSE: after_NAME KEY=VALUE...".
The gateway's
Heartbeat Requests are answered throughout (also while paused); at the end
their Recovery Time Stamps are checked to be the pair's one.

One line per check ("PASS: ..." / "FAIL: ..."); exit status 1 if one
failed.
"""
import argparse
import os
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pfcp_smf as S  # noqa: E402
from scapy.contrib import pfcp as P  # noqa: E402

STAMP = 3900000000
GNB = ("192.0.2.20", "192.0.2.21")


class Sess:
    """One PFCP session as the SMF knows it."""

    def __init__(self, i, cp_seid, ue):
        self.i = i
        self.cp_seid = cp_seid
        self.ue = ue
        self.up_seid = None
        self.fteid = None       # {pdr id: (teid, ipv4)}
        self.est = None         # (request bytes, response bytes)
        self.mod = None         # the last modification: (request, response)
        self.n_mod = 0
        self.gnb = None         # the downlink tunnel: gNB address, TEID
        self.dl_teid = None


class Pair:
    def __init__(self, a, c):
        self.a = a
        self.c = c
        self.smf = S.Smf(a.smf, a.gw, STAMP)
        self.live = []          # Sess, oldest first
        self.next_i = 1
        self.seids = set()      # every UP SEID handed out
        self.teids = set()      # every F-TEID handed out
        self.rts = None
        self.dels = []          # (session, request, answer) of deletions
        self.dp = {}            # gateway name: Dp on its links
        for kv in filter(None, a.dp.split(",")):
            name, rest = kv.split("=", 1)
            ns, acc_mac, core_mac = rest.split("/")
            self.dp[name] = S.Dp(ns, "enb0", "dn0")
            self.dp[name].GW_ACC_MAC = acc_mac
            self.dp[name].GW_CORE_MAC = core_mac

    def heartbeat(self):
        """The gateway's Recovery Time Stamp, or None; a few tries (the N4
        route may just have moved)."""
        for _ in range(self.a.hb_tries):
            raw, m = self.smf.request(S.msg_heartbeat_req(
                self.smf.next_seq(), STAMP))
            r = None if m is None else S.ie_find(S.ies_of(m),
                                                 P.IE_RecoveryTimeStamp)
            if m is not None and m.message_type == 2 and r is not None:
                return r.timestamp
        return None

    def establish(self, phase):
        """A new session (establishment + modification); checks that its
        SEID and F-TEIDs are new. Returns the Sess or None."""
        c = self.c
        i = self.next_i
        self.next_i += 1
        s = Sess(i, 0x10000 + i, "10.45.%d.%d" % (i // 200, 1 + i % 200))
        q = S.msg_est_req(self.smf.next_seq(), S.open5gs_est_ies(
            self.a.smf, s.cp_seid, s.ue, self.a.smf, 0x7000 + i))
        raw, m = self.smf.request(q)
        if not c.check("%s: establishment %d -> cause 1" % (phase, i),
                       m is not None and m.message_type == 51 and
                       S.cause_of(m) == S.CAUSE_ACCEPTED and
                       m.seid == s.cp_seid, m and S.cause_of(m)):
            return None
        s.est = (bytes(q), raw)
        s.up_seid, s.fteid = est_result(m)
        teids = set(t for t, _ in s.fteid.values())
        c.check("%s: establishment %d: UP SEID %#x never handed out before"
                % (phase, i, s.up_seid), s.up_seid not in self.seids)
        c.check("%s: establishment %d: F-TEID(s) %s never handed out before"
                % (phase, i, sorted(hex(t) for t in teids)),
                len(teids) == 1 and not teids & self.teids)
        self.seids.add(s.up_seid)
        self.teids |= teids
        self.live.append(s)
        if self.modify(phase, s, "first modification (downlink tunnel)"):
            return s
        return None

    def modify(self, phase, s, what):
        gnb = GNB[s.n_mod % 2]
        teid = 0x500000 + s.i * 16 + s.n_mod
        q = S.msg_mod_forw(self.smf.next_seq(), s.up_seid, 1, gnb, teid)
        raw, m = self.smf.request(q)
        s.n_mod += 1
        s.mod = (bytes(q), raw)
        s.gnb, s.dl_teid = gnb, teid
        return self.c.check("%s: session %d %s to %s TEID %#x -> cause 1" %
                            (phase, s.i, what, gnb, teid),
                            m is not None and m.message_type == 53 and
                            S.cause_of(m) == S.CAUSE_ACCEPTED and
                            m.seid == s.cp_seid, m and S.cause_of(m))

    def delete(self, phase, s):
        q = S.msg_del_req(self.smf.next_seq(), s.up_seid)
        raw, m = self.smf.request(q)
        self.live.remove(s)
        self.dels.append((s.i, bytes(q), raw))
        return self.c.check("%s: deletion of session %d -> cause 1" %
                            (phase, s.i),
                            m is not None and m.message_type == 55 and
                            S.cause_of(m) == S.CAUSE_ACCEPTED and
                            m.seid == s.cp_seid, m and S.cause_of(m))

    def retransmit(self, req):
        """Send the request bytes again as they were; the raw answer."""
        self.smf.send(req)
        return self.smf.expect(int.from_bytes(req[12:15], "big"))

    def setup(self):
        c = self.c
        self.rts = self.heartbeat()
        c.check("setup: heartbeat answered with a Recovery Time Stamp",
                self.rts is not None and self.rts != 0, self.rts)
        raw, m = self.smf.request(S.msg_assoc_setup_req(
            self.smf.next_seq(), self.a.smf, STAMP))
        c.check("setup: association -> cause 1",
                m is not None and S.cause_of(m) == S.CAUSE_ACCEPTED)
        for _ in range(self.a.n):
            self.establish("setup")
        c.check("setup: %d sessions live" % self.a.n,
                len(self.live) == self.a.n)

    def before(self, phase):
        """On the active, with the standby in sync: 2 more sessions, then
        2 deletions (whose retransmission the next active must answer)."""
        for _ in range(2):
            self.establish("before " + phase)
        self.dels = []
        k = self.a.k
        for s in list(self.live[k:k + 2]):
            self.delete("before " + phase, s)

    def takeover(self, phase):
        c = self.c
        rts = self.heartbeat()
        c.check("%s: heartbeat to the same N4 address -> the same Recovery "
                "Time Stamp %s" % (phase, self.rts), rts == self.rts, rts)
        for i, q, a in self.dels:
            d = self.retransmit(q)
            c.check("%s: deletion of session %d (before the takeover) "
                    "retransmitted -> byte-identical answer" % (phase, i),
                    d is not None and d == a, d and d.hex())
        n_mod = n_est = n_est_b = 0
        for s in self.live:
            d = self.retransmit(s.mod[0])
            n_mod += d is not None and d == s.mod[1]
            if d != s.mod[1]:
                c.info("%s: session %d: last modification retransmitted: "
                       "%s, before %s" % (phase, s.i, d and d.hex(),
                                          s.mod[1].hex()))
            d = self.retransmit(s.est[0])
            m = None if d is None else P.PFCP(d)
            ok = m is not None and m.message_type == 51 and \
                S.cause_of(m) == S.CAUSE_ACCEPTED and \
                est_result(m) == (s.up_seid, s.fteid)
            n_est += ok
            n_est_b += d == s.est[1]
            if not ok:
                c.info("%s: session %d: establishment retransmitted: %s" %
                       (phase, s.i, m and m.summary()))
        n = len(self.live)
        c.check("%s: the last modification of each of the %d sessions "
                "retransmitted (same sequence, same bytes) -> byte-identical "
                "answers" % (phase, n), n_mod == n, "%d of %d" % (n_mod, n))
        c.check("%s: the establishment of each of the %d sessions "
                "retransmitted -> the same UP F-SEID and F-TEIDs" % (phase, n),
                n_est == n, "%d of %d" % (n_est, n))
        c.check("%s: ... and byte-identical answers" % phase, n_est_b == n,
                "%d of %d" % (n_est_b, n))
        k = self.a.k
        for s in self.live[:k]:
            self.modify(phase, s, "handover modification")
        for s in list(self.live[k:2 * k]):
            self.delete(phase, s)
        for _ in range(k):
            self.establish(phase)
        c.check("%s: %d sessions live" % (phase, self.a.n),
                len(self.live) == self.a.n)

    def traffic(self, phase, gw):
        """Every live session's uplink (from its gNB to its F-TEID) comes
        out of gateway gw decapsulated, its downlink (to its UE) comes out
        encapsulated to its gNB and downlink TEID: the rules of its last
        modification."""
        dp = self.dp.get(gw)
        if dp is None:
            return
        c = self.c
        srv = "203.0.113.99"
        ul, dl = {}, {}
        for s in self.live:
            ul[s.i] = b"pair-%s-ul-%d." % (phase.encode(), s.i)
            dl[s.i] = b"pair-%s-dl-%d." % (phase.encode(), s.i)
            teid, ftaddr = s.fteid[2]
            dp.send_ul(s.gnb, ftaddr, teid, S.inner_udp(s.ue, srv, ul[s.i]))
            dp.send_dl(S.inner_udp(srv, s.ue, dl[s.i]))
        got = dp.collect(lambda g: all(
            S.find_decap(g["core"], t) for t in ul.values()) and all(
            S.find_encap(g["acc"], t) for t in dl.values()),
            rounds=4 * len(self.live) + 10)
        bad_ul = [i for i, t in ul.items()
                  if len(S.find_decap(got["core"], t)) != 1]
        live = dict((s.i, s) for s in self.live)
        bad_dl = [i for i, t in dl.items()
                  if S.find_encap(got["acc"], t) !=
                  [(live[i].gnb, live[i].dl_teid)]]
        n = len(self.live)
        c.check("%s: uplink G-PDU of each of the %d sessions (to its F-TEID) "
                "forwarded decapsulated by %s" % (phase, n, gw.upper()),
                not bad_ul, "not forwarded: %s" % bad_ul)
        c.check("%s: downlink of each of the %d sessions encapsulated by %s "
                "to the gNB and TEID of its last modification" %
                (phase, n, gw.upper()), not bad_dl,
                "wrong or missing: %s" % bad_dl)

    def pause(self, name):
        old = self.live[0]
        new = self.live[-1]
        self.c.pause(self.smf, name, n=len(self.live),
                     old_teid=old.fteid[2][0], old_up_seid=old.up_seid,
                     old_cp_seid=old.cp_seid, old_ue=old.ue,
                     old_gnb=old.gnb, old_dl_teid=old.dl_teid,
                     new_teid=new.fteid[2][0], new_up_seid=new.up_seid,
                     new_cp_seid=new.cp_seid, new_ue=new.ue,
                     new_gnb=new.gnb, new_dl_teid=new.dl_teid)


def est_result(m):
    """(UP SEID, {PDR id: (TEID, IPv4)}) of an establishment response."""
    ies = S.ies_of(m)
    f = S.ie_find(ies, P.IE_FSEID)
    created = {}
    for cp in S.ie_all(ies, P.IE_CreatedPDR):
        pid = S.ie_find(cp.IE_list, P.IE_PDR_Id)
        ft = S.ie_find(cp.IE_list, P.IE_FTEID)
        if pid is not None and ft is not None:
            created[pid.id] = (ft.TEID, ft.ipv4)
    return (None if f is None else f.seid), created


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gw", required=True, help="the pair's N4 address")
    ap.add_argument("--smf", required=True, help="SMF address (Node ID)")
    ap.add_argument("--n", type=int, default=20, help="sessions")
    ap.add_argument("--k", type=int, default=4,
                    help="handovers, deletions and new sessions per phase")
    ap.add_argument("--phases", default="takeover")
    ap.add_argument("--hb-tries", type=int, default=5)
    ap.add_argument("--dp", default="",
                    help="NAME=NETNS/ACC_MAC/CORE_MAC,...: the far ends "
                    "(enb0, dn0) of the data links of gateway NAME (ports "
                    "with these MACs) are in NETNS")
    ap.add_argument("--actives", default="",
                    help="NAME,...: the active gateway at set-up and after "
                    "each phase (traffic checks)")
    a = ap.parse_args()
    c = S.Checks(True)
    p = Pair(a, c)
    actives = a.actives.split(",")
    p.setup()
    if actives[0]:
        p.traffic("setup", actives[0])
    p.pause("setup")
    for k, phase in enumerate(a.phases.split(",")):
        p.before(phase)
        p.pause("before_" + phase)
        p.takeover(phase)
        if len(actives) > k + 1:
            p.traffic(phase, actives[k + 1])
        p.pause("after_" + phase)
    hb = p.smf.gw_heartbeats
    c.check("the gateways' Heartbeat Requests (%d) all carry the pair's "
            "Recovery Time Stamp, from %s:%d" % (len(hb), a.gw, S.PFCP_PORT),
            len(hb) > 0 and all(h[0] == (a.gw, S.PFCP_PORT) and
                                h[2] == p.rts for h in hb),
            set((h[0], h[2]) for h in hb))
    c.info("%d stray datagrams" % len(p.smf.stray))
    c.info("%d of %d checks passed" % (c.n - c.n_fail, c.n))
    return 1 if c.n_fail else 0


if __name__ == "__main__":
    sys.exit(main())
