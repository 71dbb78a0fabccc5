#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The ICSR support bundle and no gather-on-standby, on a pair with an SRP
# authentication key: "show support details icsr" on the active answers at
# once with the archive's path, "show support details status" reaches
# done, the tar.gz lists one file per bundle command plus the recent log
# and the manifest, the staging folder is gone, neither the key nor its
# printed (sealed) form appears in any extracted file, and bad arguments
# are refused without starting a bundle. With "no gather-on-standby" the
# standby's telemetry serves SRP statistics only; the active's serves all.
. "$(dirname "$0")/lib.sh"
t_need_root

t_srp_netns

key=sup-T0p-s3cret-key
for g in a b; do
	if [ "$g" = a ]; then
		t_srp_cfg "$T_DIR/$g.cfg" primary 10 10.99.0.1 10.99.0.2 "authentication key $key"
	else
		t_srp_cfg "$T_DIR/$g.cfg" backup 20 10.99.0.2 10.99.0.1 "authentication key $key"
	fi
	# The chapter's bulkstat block, on both chassis.
	sed -i 's/^end$/  bulkstat mode\n    no gather-on-standby\n  #exit\nend/' "$T_DIR/$g.cfg"
done
t_check "gateway A starts" t_srp_start a "$T_NS_A" "$T_DIR/a.cfg"
pid_a=$T_GW_PID
t_check "gateway B starts" t_srp_start b "$T_NS_B" "$T_DIR/b.cfg"
pid_b=$T_GW_PID
t_check "A ACTIVE, B STANDBY_READY" \
	t_srp_wait a 'j["chassis_state"] == "ACTIVE" and j["peer"]["state"] == "STANDBY_READY"'

# Bad arguments: refused, and no bundle starts.
t_check "extra word after icsr refused" \
	bash -c '! "$0" -s "$1" -t 30 show support details icsr now >"$2" 2>&1' \
	"$SRPGWCTL_BIN" "$T_DIR/a.sock" "$T_DIR/bad.out"
t_check "the refusal says why" grep -q "takes no arguments" "$T_DIR/bad.out"
t_check "unknown support word refused" \
	bash -c '! "$0" -s "$1" -t 30 show support details everything >/dev/null 2>&1' \
	"$SRPGWCTL_BIN" "$T_DIR/a.sock"
t_check "status still idle" \
	t_srp_json a 'j["state"] == "idle"' show support details status

# The bundle.
t_ctl a --json show support details icsr >"$T_DIR/start.json"
t_check "the command answers with the path, in progress" \
	t_json 'j["state"] == "collecting" and j["archive"].endswith(".tar.gz")' <"$T_DIR/start.json"
archive=$(/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["archive"])' <"$T_DIR/start.json")
t_check "the archive goes next to the control socket" \
	test "$(dirname "$archive")" = "$T_DIR"
bundle_done() {
	t_srp_json_wait "$1" 'j["state"] == "done"' show support details status
}
t_check "status reaches done" bundle_done a
t_ctl a show support details status
# Slow reactor callbacks (sup_step would be listed if one step were slow).
t_ctl a show reactor statistics
t_check "the archive exists" test -s "$archive"
t_check "the staging folder is gone" test ! -e "${archive%.tar.gz}"
planned=$(t_ctl a --json show support details status |
	/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["files_planned"])')
tar tzf "$archive" >"$T_DIR/list.txt"
t_check "tar lists every planned file" \
	test "$(grep -c '\.txt$' "$T_DIR/list.txt")" = "$planned"
for f in show_srp_info show_srp_checkpoint_statistics \
	show_srp_checkpoint_statistics_verbose show_srp_checkpoint_info \
	show_srp_monitor_all show_srp_statistics show_srp_call_loss_statistics \
	show_subscribers_summary show_configuration show_configuration_srp \
	show_port_statistics show_dataplane_statistics recent_log MANIFEST; do
	t_check "the archive holds $f.txt" grep -q "/$f.txt\$" "$T_DIR/list.txt"
done
mkdir -p "$T_DIR/x"
tar xzf "$archive" -C "$T_DIR/x"
cat "$T_DIR"/x/*/MANIFEST.txt
sealed=$(t_ctl a show configuration | sed -n 's/.*authentication encrypted key \([^ ]*\).*/\1/p')
t_check "show configuration prints the key sealed" test -n "$sealed"
t_check "the key appears in no bundle file" \
	bash -c '! grep -r -q -F -e "$0" "$1"' "$key" "$T_DIR/x"
t_check "the sealed key appears in no bundle file" \
	bash -c '! grep -r -q -F -e "$0" "$1"' "$sealed" "$T_DIR/x"
t_check "the bundled configuration shows the key masked" \
	grep -rq "authentication encrypted key \*\*\*\*\*\*\*\*" "$T_DIR/x"
t_check "the bundled show srp info is the active's" \
	grep -rq "ACTIVE" "$T_DIR"/x/*/show_srp_info.txt
# A line of the recent log, its stamp cut, is a line of the process's log.
line=$(grep -m1 'SRP' "$T_DIR"/x/*/recent_log.txt | sed 's/^\[[^]]*\] //')
t_check "the recent log has SRP lines" test -n "$line"
t_check "the recent log holds the gateway's log lines" \
	grep -q -F -e "$line" "$T_DIR/a.log"
t_check "a second bundle starts after the first" \
	t_srp_json a 'j["state"] == "collecting"' show support details icsr
t_check "the second bundle reaches done too" bundle_done a
t_check "the standby writes a bundle too" \
	t_srp_json b 'j["state"] == "collecting"' show support details icsr
t_check "the standby's bundle reaches done" bundle_done b

# no gather-on-standby: telemetry of the standby is SRP statistics only.
t_check "dpdk-telemetry.py is installed" command -v dpdk-telemetry.py
tel() { echo "$2" | dpdk-telemetry.py -f "srpgw-t-$$-$1" 2>&1; }
t_check "standby: SRP statistics exported" \
	grep -q '"chassis_state": "STANDBY' <<<"$(tel b /srpgw/show_srp_info)"
t_check "standby: show version not exported" \
	grep -q "not exported by a standby" <<<"$(tel b /srpgw/show_version)"
t_check "standby: port statistics not exported" \
	grep -q "not exported by a standby" <<<"$(tel b /srpgw/show_port_statistics)"
t_check "active: show version exported" \
	grep -q '"workers": 1' <<<"$(tel a /srpgw/show_version)"
t_check "standby: the socket API still answers show version" \
	t_srp_json b '"version" in j' show version

kill -TERM "$pid_a" "$pid_b"
t_wait_exit "$pid_a"
t_wait_exit "$pid_b"
t_finish
