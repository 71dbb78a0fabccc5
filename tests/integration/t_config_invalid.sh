#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# A bad configuration file: srpgw refuses to start, exits non-zero and names
# FILE:LINE; nothing is left behind (no control socket).
. "$(dirname "$0")/lib.sh"
t_need_root

# Each case: line number of the error, then the file body.
check_case() {
	local n=$1 line=$2 body=$3 cfg=$T_DIR/bad$1.cfg st
	printf '%s\n' "$body" >"$cfg"
	t_gw_start "bad$n" "$cfg" -l 0 --vdev=net_null0,no-rx=1
	t_wait_exit "$T_GW_PID"; st=$T_ST
	t_check "case $n: exit status is non-zero ($st)" test "$st" -ne 0
	t_check "case $n: message names $cfg:$line" grep -q "$cfg:$line:" "$T_DIR/bad$n.log"
	t_check "case $n: no control socket" test ! -e "$T_DIR/bad$n.sock"
}

check_case 1 4 'config
  context srp
    service-redundancy-protocol
      priority 300
end'
check_case 2 5 'config
  context srp
    service-redundancy-protocol
      hello-interval 10
      dead-interval 20
end'
check_case 3 2 'config
  chassis-mode primary
end'
check_case 4 3 'config
  context c1
    ip pool p1 10.0.0.0 255.0.255.0 srp-activate
end'
check_case 5 4 'config
  context c1
    sx-service sx1
      instance-type controlplane
end'
check_case 6 8 'config
  context c1
    sx-service sx1
      bind ipv4-address 192.0.2.10
    #exit
    user-plane-service up1
      associate sx-service sx1
      associate control-plane-group missing
end'

"$SRPGW_BIN" -- --config "$T_DIR/missing.cfg" >"$T_DIR/missing.log" 2>&1
t_check "missing file: non-zero exit" test $? -ne 0
t_check "missing file: message names the file" grep -q "missing.cfg" "$T_DIR/missing.log"
# An SNMP trap receiver by name (docs/alarms.md: numeric addresses only).
check_case 7 3 'config
  snmp target ok 192.0.2.7 community c
  snmp target nms nms.example community c
end'
t_finish
