#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The Diameter monitor against a real freeDiameter (RFC 6733 watchdog over
# TCP; this kernel has no SCTP). An srpgw pair; in each chassis' namespace
# a veth pair (no dummy links in this kernel) carries the gateway's origin
# host address (10.97.0.1) and a freeDiameterd (10.97.0.2, identity pcrf.test, our peer gw.test listed
# with No_TLS), watchdog-timeout 1 s. Both monitors come UP with
# watchdogs answered. A's freeDiameterd frozen (SIGSTOP): A's DWA is
# missing, A's monitor goes DOWN and the service moves to B; thawed, A is
# UP again. B's freeDiameterd killed: B DOWN, the service moves back to A;
# restarted, B UP. srp reset-diameter-fail clears A's failure count.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_diam.sh"
t_diam_setup
# The pair: SRP lines for the monitor, no guard or damping delay.
t_diam_cfgs_unguarded

t_diam_fds_start
fd_a=$T_FD_A
fd_b=$T_FD_B
t_diam_pair_start ""

t_check "A's monitor UP, watchdogs answered" \
	t_diam_mon_wait a 'm["state"] == "up" and m["probes_answered"] >= 3 and s == "ok" and m["errors"] == 0'
t_check "B's monitor UP on the standby too" \
	t_diam_mon_wait b 'm["state"] == "up" and m["probes_answered"] >= 3'
t_check "freeDiameter saw gw.test open over TCP" \
	grep -q "'STATE_OPEN'.*'gw.test'" "$T_DIR/fd-a.log"
t_check "show srp monitor (text) names the target" \
	bash -c "$SRPGWCTL_BIN -s $T_DIR/a.sock show srp monitor | grep -q 'dia endpoint gx'"

# 1. A's peer stops answering: the DWA is missing after Tw.
kill -STOP "$fd_a"
t_check "A's monitor DOWN: no DWA within the watchdog interval" \
	t_diam_mon_wait a 'm["state"] == "down" and m["probes_unanswered"] >= 1 and "no DWA" in m["detail"] and s == "failed"'
t_check "B takes over (A's Diameter service failed)" \
	t_srp_wait b 'j["chassis_state"] == "ACTIVE" and j["last_state_change_cause"] == "monitor"'
t_check "A becomes standby" t_srp_wait a 'j["chassis_state"] == "STANDBY_READY"'
kill -CONT "$fd_a"
t_check "A's peer back: A's monitor UP again" \
	t_diam_mon_wait a 'm["state"] == "up" and m["failures"] == 1 and s == "ok"'

# 2. B's peer dies: connection closed, refused; B's service fails.
kill -9 "$fd_b"
t_check "B's monitor DOWN after freeDiameterd was killed" \
	t_diam_mon_wait b 'm["state"] == "down" and m["failures"] >= 1 and s == "failed"'
t_check "A takes the service back" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["last_state_change_cause"] == "monitor"'
t_check "B becomes standby" t_srp_wait b 'j["chassis_state"] == "STANDBY_READY"'
t_check "freeDiameterd in B restarts" t_diam_fd_start b "$T_NS_B"
t_check "B reconnects: monitor UP" \
	t_diam_mon_wait b 'm["state"] == "up" and s == "ok"'

# 3. srp reset-diameter-fail clears the failure information.
t_check "srp reset-diameter-fail accepted" \
	bash -c "$SRPGWCTL_BIN -s $T_DIR/a.sock --json srp reset-diameter-fail | grep -q targets_reset"
t_check "A's failures, timeouts and errors back to 0, still UP" \
	t_diam_mon a 'm["failures"] == 0 and m["probes_unanswered"] == 0 and m["errors"] == 0 and m["state"] == "up"'
t_finish
