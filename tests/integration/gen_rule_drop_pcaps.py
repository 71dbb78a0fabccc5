#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Traffic for t_rule_drop.sh: session R (local TEID 0x300, UE 10.45.0.9)
is created with ul-drop and dl-drop and no downlink tunnel (a PFCP session
whose FARs say DROP/BUFF before the gNodeB's tunnel is known), then given
its tunnel (remote TEID 0x400, peer 192.0.2.20) with no-ul-drop
no-dl-drop. The same N uplink G-PDUs and N downlink packets are sent in
both phases: first nothing may come out and each direction's rule-drop
counter must count exactly N, then all of them are forwarded.

  gen_rule_drop_pcaps.py gen DIR
      write DIR/drop and DIR/fwd, each as "gen_gtpu_pcaps.py gen" writes
      a directory (input and expected pcaps, expected_counters.txt with
      the totals after that phase).
  gen_rule_drop_pcaps.py run DIR ACCESS_IF CORE_IF
      as gen_gtpu_pcaps.py, for DIR/drop or DIR/fwd.
Addresses, MACs and the gateway configuration (gtpu_gw.cfg) are those of
t_gtpu_pcap.sh.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_gtpu_pcaps import (ENB4, ENB_MAC, GW4, GW_ACC_MAC,  # noqa: E402
                            GW_CORE_MAC, RTR_MAC, SRV4, Ether, cli,
                            decremented, fnv_sport, gtp, inner, outer)

N = 5                       # packets each way, each phase
LTEID_R, RTEID_R = 0x300, 0x400
UE4_R = "10.45.0.9"


def build(forwarded):
    in_acc, in_core, exp_acc, exp_core = [], [], [], []
    for i in range(N):
        ul = inner(4, UE4_R, SRV4)
        in_acc.append(outer(4, ENB4, GW4, 41000 + i,
                            gtp(255, LTEID_R, bytes(ul)), GW_ACC_MAC,
                            ENB_MAC))
        dl = inner(4, SRV4, UE4_R)
        in_core.append(Ether(src=RTR_MAC, dst=GW_CORE_MAC) / dl)
        if not forwarded:
            continue
        exp_core.append(Ether(src=GW_CORE_MAC, dst=RTR_MAC) /
                        decremented(ul))
        routed = bytes(decremented(dl))
        exp_acc.append(outer(4, GW4, ENB4, fnv_sport(routed),
                             gtp(255, RTEID_R, routed), ENB_MAC,
                             GW_ACC_MAC))
    return in_acc, in_core, exp_acc, exp_core


# Counters are totals since the gateway started: the drops of the first
# phase stay, the second adds only forwarded packets.
DROPS = {"ul_rule_drop": N, "dl_rule_drop": N, "no_session": 0}
SLOW_PATH = {"gtpu_err_ind_sent": 0}
PHASES = [
    ("drop", lambda: build(False), {"gpdu_ul": 0, "gpdu_dl": 0}, DROPS,
     SLOW_PATH),
    ("fwd", lambda: build(True), {"gpdu_ul": N, "gpdu_dl": N}, DROPS,
     SLOW_PATH),
]

if __name__ == "__main__":
    sys.exit(cli(__doc__, None, None, None, None, phases=PHASES))
