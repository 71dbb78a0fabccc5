#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# scripts/srpgw-run's host checks, with its probes pointed at fake files
# (meminfo, mounts, dpdk-devbind output, /sys/class/net, allowed CPUs): each
# failure gives its own plain message and starts nothing (exit 1, or 2 for a
# bad preset); a ready host gets the EAL command line built from the preset
# and the configuration, for every preset in drivers-cfg. Needs no root and
# no hardware.
. "$(dirname "$0")/lib.sh"

top=$(cd "$SRPGW_TESTS/../.." && pwd)
run=$top/scripts/srpgw-run
presets=$top/drivers-cfg
f=$T_DIR/fake
mkdir -p "$f/net/acc0" "$f/net/core0" "$f/sock"
echo up >"$f/net/acc0/operstate"
echo up >"$f/net/core0/operstate"
printf 'MemTotal: 8000000 kB\nHugePages_Total:    1024\nHugePages_Free:     1000\n' >"$f/meminfo.ok"
printf 'MemTotal: 8000000 kB\nHugePages_Total:       0\nHugePages_Free:        0\n' >"$f/meminfo.none"
printf 'MemTotal: 8000000 kB\nHugePages_Total:    1024\nHugePages_Free:        0\n' >"$f/meminfo.used"
printf 'proc /proc proc rw 0 0\nnodev /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0\n' >"$f/mounts.ok"
printf 'proc /proc proc rw 0 0\n' >"$f/mounts.none"
cat >"$f/devbind.ok" <<'TXT'

Network devices using DPDK-compatible driver
============================================
0000:00:05.0 'Ethernet Adaptive Virtual Function 1889' drv=vfio-pci unused=iavf
0000:00:06.0 'Ethernet Adaptive Virtual Function 1889' drv=vfio-pci unused=iavf

Network devices using kernel driver
===================================
0000:00:03.0 'Virtio 1.0 network device 1041' if=eth0 drv=virtio-pci unused=vfio-pci *Active*
0000:00:07.0 'MT28800 Family [ConnectX-5 Ex Virtual Function] 101a' if=ens7 drv=mlx5_core unused=vfio-pci
0000:00:08.0 'MT28800 Family [ConnectX-5 Ex Virtual Function] 101a' if=ens8 drv=mlx5_core unused=vfio-pci
TXT
sed 's/^0000:00:05.0 .*/0000:00:05.0 '"'"'Ethernet Adaptive Virtual Function 1889'"'"' if=ens5 drv=iavf unused=vfio-pci/' \
	"$f/devbind.ok" >"$f/devbind.iavf"
sed 's/^0000:00:06.0 .*/0000:00:06.0 '"'"'Ethernet Adaptive Virtual Function 1889'"'"' unused=iavf,vfio-pci/' \
	"$f/devbind.ok" >"$f/devbind.nodrv"
grep -v '^0000:00:06.0' "$f/devbind.ok" >"$f/devbind.missing"
: >"$f/xdp.o"

# cfg FILE DEV0 DEV1: a minimal configuration naming two dpdk-devices.
cfg() {
	cat >"$1" <<CFG
config
  context c
    interface s1u
      ip address 192.0.2.1/24
    #exit
  #exit
  port ethernet 1/1
    dpdk-device $2
    role access
    bind interface s1u c
    no shutdown
  #exit
  port ethernet 1/2
    dpdk-device $3
    role core
    no shutdown
  #exit
end
CFG
}
cfg "$T_DIR/pci.cfg" 0000:00:05.0 0000:00:06.0
cfg "$T_DIR/xdp.cfg" net_af_xdp0 net_af_xdp1

# launch ENV... -- ARGS...: run the launcher with the good fakes, overridden
# by the NAME=VALUE words given; output in $T_DIR/out, status in $T_ST.
launch() {
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	env SRPGW_RUN_MEMINFO="$f/meminfo.ok" SRPGW_RUN_MOUNTS="$f/mounts.ok" \
		SRPGW_RUN_DEVBIND="$f/devbind.ok" SRPGW_RUN_SYSNET="$f/net" \
		SRPGW_RUN_CPUS=0-3 SRPGW_PRESET_DIR="$presets" \
		ACCESS_PCI=0000:00:05.0 CORE_PCI=0000:00:06.0 \
		ACCESS_IF=acc0 CORE_IF=core0 SRPGW_XDP_OBJ="$f/xdp.o" \
		"${envs[@]}" "$run" "$@" >"$T_DIR/out" 2>&1
	T_ST=$?
}
# fails_with STATUS TEXT: the last launch exited STATUS, said TEXT and
# printed no command line.
fails_with() {
	if [ "$T_ST" -ne "$1" ] || ! grep -qF -- "$2" "$T_DIR/out" ||
	   grep -q 'would run' "$T_DIR/out"; then
		t_log "status $T_ST, output:"
		cat "$T_DIR/out"
		return 1
	fi
}

launch -- -n sriov_intel "$T_DIR/pci.cfg"
t_check "ready SR-IOV host: exit 0" test "$T_ST" -eq 0
t_check "... command line has the VFs, lcores, prefix and config, hugepages used" \
	grep -qE -- "-l 0,1 --file-prefix=srpgw -a 0000:00:05.0 -a 0000:00:06.0 -- --config $T_DIR/pci.cfg\$" "$T_DIR/out"

launch -- -n nosuch "$T_DIR/pci.cfg"
t_check "bad preset: unknown name, the available ones listed" \
	fails_with 2 "bad preset: no preset 'nosuch'"
t_check "... lists af_xdp among the available presets" grep -q "available: .*af_xdp" "$T_DIR/out"
launch ACCESS_PCI= -- -n sriov_intel "$T_DIR/pci.cfg"
t_check "bad preset: a missing input is named" \
	fails_with 2 "set ACCESS_PCI (PCI address of the access VF"
mkdir -p "$T_DIR/badp"
printf 'PRESET_KIND=pci\nPRESET_HUGEPAGES=required\n' >"$T_DIR/badp/empty.sh"
printf 'SRPGW_EAL_PORTS=x\nPRESET_KIND=usb\nPRESET_HUGEPAGES=required\n' >"$T_DIR/badp/kind.sh"
launch SRPGW_PRESET_DIR="$T_DIR/badp" -- -n empty "$T_DIR/pci.cfg"
t_check "bad preset: no port arguments" fails_with 2 "it sets no SRPGW_EAL_PORTS"
launch SRPGW_PRESET_DIR="$T_DIR/badp" -- -n kind "$T_DIR/pci.cfg"
t_check "bad preset: unknown kind" fails_with 2 "PRESET_KIND 'usb' is not pci"

launch SRPGW_RUN_MEMINFO="$f/meminfo.none" -- -n sriov_intel "$T_DIR/pci.cfg"
t_check "missing hugepages: says how to reserve them" \
	fails_with 1 "no hugepages reserved (HugePages_Total 0"
launch SRPGW_RUN_MOUNTS="$f/mounts.none" SRPGW_RUN_MEMINFO="$f/meminfo.none" -- -n sriov_intel "$T_DIR/pci.cfg"
t_check "hugetlbfs not mounted: says how to mount it" \
	fails_with 1 "no hugetlbfs mounted"
launch SRPGW_RUN_MEMINFO="$f/meminfo.used" -- -n sriov_intel "$T_DIR/pci.cfg"
t_check "hugepages all in use" fails_with 1 "(HugePages_Free 0)"
launch SRPGW_RUN_MEMINFO="$f/meminfo.none" SRPGW_RUN_MOUNTS="$f/mounts.none" -- -n af_xdp "$T_DIR/xdp.cfg"
t_check "optional hugepages: runs with --no-huge -m 512 and --no-pci" \
	grep -qF -- "--no-pci --no-huge -m 512 -- --config" "$T_DIR/out"

launch SRPGW_RUN_DEVBIND="$f/devbind.iavf" -- -n sriov_intel "$T_DIR/pci.cfg"
t_check "unbound device: names the kernel driver and the bind command" \
	fails_with 1 "PCI device 0000:00:05.0 is bound to iavf, preset sriov_intel needs vfio-pci; bind it: dpdk-devbind.py -b vfio-pci 0000:00:05.0"
launch SRPGW_RUN_DEVBIND="$f/devbind.nodrv" -- -n sriov_intel "$T_DIR/pci.cfg"
t_check "device bound to no driver" \
	fails_with 1 "PCI device 0000:00:06.0 is bound to no driver; bind it: dpdk-devbind.py -b vfio-pci 0000:00:06.0"
launch SRPGW_RUN_DEVBIND="$f/devbind.missing" -- -n sriov_intel "$T_DIR/pci.cfg"
t_check "device not present" fails_with 1 "PCI device 0000:00:06.0 not found"
# An environment value is data, never a command: nothing it says is run.
launch SRPGW_RUN_DEVBIND="\$(touch $T_DIR/ran); cat $f/devbind.ok" -- -n sriov_intel "$T_DIR/pci.cfg"
t_check "SRPGW_RUN_DEVBIND holding a command: refused as not a file" \
	fails_with 2 "is not a regular file"
t_check "... and the command in it was not run" test ! -e "$T_DIR/ran"
launch ACCESS_PCI=0000:00:07.0 CORE_PCI=0000:00:08.0 -- -n sriov_intel "$T_DIR/pci.cfg"
t_check "mlx5 device given to the vfio-pci preset: bound to mlx5_core" \
	fails_with 1 "PCI device 0000:00:07.0 is bound to mlx5_core"
launch ACCESS_PCI=00:05.0 -- -n sriov_intel "$T_DIR/pci.cfg"
t_check "short PCI address refused" fails_with 1 "device '00:05.0' is not a full PCI address"

launch -- -n af_packet "$T_DIR/pci.cfg"
t_check "configuration names devices the preset does not create" \
	fails_with 1 "configuration names dpdk-device 0000:00:05.0 but preset af_packet creates: net_af_packet0 net_af_packet1"
printf 'config\n  bogus line\nend\n' >"$T_DIR/bad.cfg"
launch -- -n sriov_intel "$T_DIR/bad.cfg"
t_check "configuration refused with its FILE:LINE message" \
	fails_with 1 "configuration refused: srpgw: $T_DIR/bad.cfg:2"
launch -- -n sriov_intel "$T_DIR/none.cfg"
t_check "configuration missing" fails_with 1 "configuration $T_DIR/none.cfg cannot be read"

launch SRPGW_XDP_OBJ="$f/missing.o" -- -n af_xdp "$T_DIR/xdp.cfg"
t_check "af_xdp without the XDP program" fails_with 1 "file $f/missing.o needed by preset af_xdp is missing"
launch CORE_IF=nosuch0 -- -n af_xdp "$T_DIR/xdp.cfg"
t_check "interface missing" fails_with 1 "network interface nosuch0 does not exist"
echo down >"$f/net/core0/operstate"
launch -- -n af_xdp "$T_DIR/xdp.cfg"
t_check "interface down" fails_with 1 "network interface core0 is down: ip link set core0 up"
echo up >"$f/net/core0/operstate"

launch SRPGW_RUN_CPUS=0 -- -n sriov_intel "$T_DIR/pci.cfg"
t_check "core not available" fails_with 1 "core 1 is not available to srpgw (allowed CPUs: 0)"
launch -- -n -l 0 sriov_intel "$T_DIR/pci.cfg"
t_check "one lcore: no worker" fails_with 1 "give no worker"
launch -- -n -l 0,x sriov_intel "$T_DIR/pci.cfg"
t_check "bad lcore list" fails_with 1 "lcore list '0,x' is not of the form"
launch SRPGW_RUN_MEMINFO="$f/meminfo.none" SRPGW_RUN_DEVBIND="$f/devbind.iavf" -- -n sriov_intel "$T_DIR/pci.cfg"
t_check "several problems are all listed" fails_with 1 "2 problem(s); nothing started"

# Every preset is usable by the launcher on a host that has what it needs.
for p in "$presets"/*.sh; do
	name=$(basename "$p" .sh)
	ifs="ACCESS_IF=acc0 CORE_IF=core0"
	grep -q '^PRESET_KIND=socket' "$p" && ifs="ACCESS_IF=$f/sock/a.sock CORE_IF=$f/sock/c.sock"
	case $name in
	sriov_mlx5) pci="ACCESS_PCI=0000:00:07.0 CORE_PCI=0000:00:08.0" ;;
	*) pci="ACCESS_PCI=0000:00:05.0 CORE_PCI=0000:00:06.0" ;;
	esac
	# shellcheck disable=SC2086
	devs=$(env $ifs $pci SRPGW_XDP_OBJ="$f/xdp.o" bash -c ". '$p'; echo \$PRESET_ETHDEVS")
	# shellcheck disable=SC2086
	cfg "$T_DIR/$name.cfg" $devs
	# shellcheck disable=SC2086
	launch $ifs $pci -- -n "$name" "$T_DIR/$name.cfg"
	t_check "preset $name: ready host gets a command line" \
		grep -q -- "--config $T_DIR/$name.cfg" "$T_DIR/out"
done
t_finish
