#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# One gateway on net_null ports: query it with srpgwctl (text and JSON),
# check the configuration round trip, telemetry, error handling of bad
# commands, and a clean SIGTERM shutdown that removes the socket.
. "$(dirname "$0")/lib.sh"
t_need_root

cfg=$T_DIR/gw.cfg
cat >"$cfg" <<'CFG'
config
  context ingress
    interface s1u
      ip address 192.0.2.1 255.255.255.0 srp-activate
    #exit
    interface sgi
      ip address 198.51.100.1/24
    #exit
    ip pool ue 10.45.0.0 255.255.0.0 public 0 srp-activate
    ip route 0.0.0.0 0.0.0.0 198.51.100.254 sgi
  #exit
  context srp
    service-redundancy-protocol
      chassis-mode primary
      priority 10
      bind address 127.0.0.1
      peer-ip-address 127.0.0.2
      hello-interval 1
      dead-interval 3
      checkpoint session compression lz4
      dscp-marking control af41
      authentication key "clear-text srp key 42"
    #exit
  #exit
  port ethernet 1/1
    dpdk-device net_null0
    role access
    bind interface s1u ingress
    no shutdown
  #exit
  port ethernet 1/2
    dpdk-device net_null1
    role core
    bind interface sgi ingress
    no shutdown
  #exit
end
CFG

t_gw_start gw "$cfg" -l 0,1 --vdev=net_null0,no-rx=1 --vdev=net_null1,no-rx=1 \
	-- --idle-backoff 16:1000
pid=$T_GW_PID
t_check "srpgw starts and answers on its socket" t_wait_sock gw "$pid"

t_check "socket is mode 0600" \
	test "$(stat -c %a "$T_DIR/gw.sock")" = 600

out=$(t_ctl gw show version)
t_check "show version names the product" grep -q "srpgw" <<<"$out"
t_check "show version --json: 1 worker, 2 ports" \
	t_json 'j["workers"] == 1 and j["ports"] == 2' \
	<<<"$(t_ctl gw --json show version)"

t_check "show reactor statistics: callbacks counted, 5 ms slow threshold" \
	t_json 'j["callbacks"] > 0 and j["slow_threshold_us"] == 5000 and isinstance(j["slow"], list)' \
	<<<"$(t_ctl gw --json show reactor statistics)"

t_check "show port statistics --json lists both ports by role" \
	t_json '[p["role"] for p in j["ports"]] == ["access", "core"] and j["ports"][0]["device"] == "net_null0"' \
	<<<"$(t_ctl gw --json show port statistics)"

t_ctl gw show configuration >"$T_DIR/running.cfg"
t_check "show configuration is not empty" grep -q "chassis-mode primary" "$T_DIR/running.cfg"
"$SRPGW_BIN" -- --config "$T_DIR/running.cfg" --check-config >"$T_DIR/reparsed.cfg" 2>&1
t_check "show configuration parses back to the same configuration" \
	cmp -s "$T_DIR/running.cfg" "$T_DIR/reparsed.cfg"
t_check "show configuration prints the SRP key only in its encrypted form" \
	grep -q "authentication encrypted key [0-9a-f]*$" "$T_DIR/running.cfg"
t_check "the key is in clear nowhere: show configuration, --check-config" \
	test "$(cat "$T_DIR/running.cfg" "$T_DIR/reparsed.cfg" | grep -c "srp key 42")" = 0
"$SRPGW_BIN" -- --config "$cfg" --check-config >"$T_DIR/checked.cfg" 2>&1
t_check "--check-config of the clear-text file prints it encrypted" \
	test "$(grep -c "srp key 42" "$T_DIR/checked.cfg")" = 0

srp=$(t_ctl gw show configuration srp)
t_check "show configuration srp has the SRP block" grep -q "service-redundancy-protocol" <<<"$srp"
t_check "show configuration srp has the srp-activated pool" grep -q "ip pool ue" <<<"$srp"
t_check "show configuration srp leaves out non-srp-activated addresses" \
	bash -c '! grep -q "198.51.100.1" <<<"$1"' _ "$srp"

t_ctl gw show bogus >"$T_DIR/bad.out" 2>"$T_DIR/bad.err"
st=$?
t_check "unknown command exits non-zero" test "$st" -ne 0
t_check "unknown command lists what was expected" grep -q "configuration" "$T_DIR/bad.err"
t_ctl gw show version extra >/dev/null 2>&1
t_check "extra argument is refused" test $? -ne 0
t_ctl gw show version >/dev/null
t_check "gateway still answers after bad commands" test $? -eq 0

# Its SRP peer never answers: a primary alone becomes ACTIVE after the
# dead interval (docs/srp-roles.md 5.2) and turns its data plane on.
t_check "lone primary becomes ACTIVE, data plane active" \
	t_srp_wait gw 'j["chassis_state"] == "ACTIVE" and j["dataplane_active"] and not j["peer"]["connected"]'

if command -v dpdk-telemetry.py >/dev/null; then
	tel=$(echo /srpgw/show_version | dpdk-telemetry.py -f "srpgw-t-$$-gw" 2>&1)
	t_check "telemetry serves /srpgw/show_version" grep -q '"workers": 1' <<<"$tel"
	tel=$(echo /srpgw/show_srp_info | dpdk-telemetry.py -f "srpgw-t-$$-gw" 2>&1)
	t_check "telemetry serves /srpgw/show_srp_info" grep -q '"chassis_state": "ACTIVE"' <<<"$tel"
	tel=$(echo /srpgw/show_configuration | dpdk-telemetry.py -f "srpgw-t-$$-gw" 2>&1)
	t_check "telemetry's configuration has the key encrypted" \
		grep -q "authentication encrypted key" <<<"$tel"
	t_check "telemetry's configuration has no clear-text key" \
		test "$(grep -c "srp key 42" <<<"$tel")" = 0
fi

kill -TERM "$pid"
t_wait_exit "$pid"; st=$T_ST
t_check "SIGTERM: clean exit status 0" test "$st" -eq 0
t_check "SIGTERM: control socket removed" test ! -e "$T_DIR/gw.sock"
t_check "SIGTERM: log says shutting down" grep -q "shutting down" "$T_DIR/gw.log"
t_finish
