# SPDX-License-Identifier: BSD-3-Clause
"""Traffic for t_dp_harden.sh: uplink G-PDUs that break the source checks
or aim at the access network, and a downlink packet too big for the access
MTU once encapsulated, with what srpgw must send (one forwarded G-PDU, the
ICMP fragmentation needed built by scapy, compared byte for byte).

  gen_harden_pcaps.py gen DIR
  gen_harden_pcaps.py run DIR ACCESS_IF CORE_IF
      as gen_gtpu_pcaps.py (same gateway configuration, gtpu_gw.cfg, and
      session A only).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_gtpu_pcaps import (ENB4, ENB_MAC, GW4, GW_ACC_MAC,  # noqa: E402
                            GW_CORE_MAC, ICMP, IP, RTR_MAC, SESS, SRV4, UDP,
                            UE4_A, UE4_B, Ether, Raw, cli, decremented,
                            gtp, inner, outer)

CORE4 = "198.51.100.1"      # sgi interface address: source of ICMP errors
ACCESS_HOST4 = "192.0.2.30"  # on the access subnet
ROGUE_ENB4 = "192.0.2.21"    # an eNodeB that is not session A's peer
MTU = 1500                   # access port MTU (af_packet default)
OVERHEAD = 20 + 8 + 8        # IPv4 outer, UDP, GTP-U without extension
QUOTE = 576 - 20 - 8         # RFC 1812 4.3.2.3

EXPECT_COUNTERS = {"gpdu_ul": 1, "gpdu_dl": 0}
EXPECT_DROPS = {"ul_ue_src": 1, "ul_peer_src": 1, "ul_to_access": 1,
                "too_big": 1}
EXPECT_SLOW_PATH = {"icmp_frag_needed_sent": 1,
                    "icmp_too_big_suppressed": 0, "malformed": 0,
                    "tx_failed": 0}


def build():
    in_acc, in_core, exp_acc, exp_core = [], [], [], []
    teid = SESS["A"]["lteid"]

    def ul(src, pkt):
        in_acc.append(outer(4, src, GW4, 40000, gtp(255, teid, bytes(pkt)),
                            GW_ACC_MAC, ENB_MAC))

    ok = inner(4, UE4_A, SRV4)
    ul(ENB4, ok)
    exp_core.append(Ether(src=GW_CORE_MAC, dst=RTR_MAC) / decremented(ok))
    ul(ENB4, inner(4, UE4_B, SRV4))            # another UE's address
    ul(ROGUE_ENB4, ok)                         # not the session's peer
    ul(ENB4, inner(4, UE4_A, ACCESS_HOST4))    # back to the access side
    # One byte over the MTU once encapsulated.
    big = (IP(src=SRV4, dst=UE4_A, ttl=64, id=9) /
           UDP(sport=1234, dport=5001) /
           Raw(b"\xab" * (MTU - OVERHEAD + 1 - 28)))
    in_core.append(Ether(src=RTR_MAC, dst=GW_CORE_MAC) / big)
    exp_core.append(Ether(src=GW_CORE_MAC, dst=RTR_MAC) /
                    IP(src=CORE4, dst=SRV4, ttl=64, id=0, flags="DF") /
                    ICMP(type=3, code=4, nexthopmtu=MTU - OVERHEAD) /
                    Raw(bytes(big)[:QUOTE]))
    return in_acc, in_core, exp_acc, exp_core


if __name__ == "__main__":
    sys.exit(cli(__doc__, build, EXPECT_COUNTERS, EXPECT_DROPS,
                 EXPECT_SLOW_PATH))
