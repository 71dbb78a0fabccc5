# SPDX-License-Identifier: BSD-3-Clause
# Preset: AF_XDP on kernel-owned interfaces ACCESS_IF and CORE_IF with
# srpgw's XDP steering program (srpgw_xdp.bpf.o): srpgw gets GTP-U and ICMP
# to its addresses, ARP/NS for them and (core) packets to its UE pools;
# SSH, SRP, BGP, ARP and ping for the kernel's own addresses stay with the
# kernel. srpgw fills the program's maps from its configuration and removes
# the srp-activated entries while standby (docs/deployment.md).
#
# EAL:       --vdev=net_af_xdpN,iface=IF,start_queue=0,queue_count=Q,
#            xdp_prog=OBJ (Q = SRPGW_QUEUES, default 1: one per worker),
#            --no-pci.
# Queues/RSS: the NIC's own RSS spreads over queues 0..Q-1; set it to hash
#            UDP ports for GTP-U (ethtool -N IF rx-flow-hash udp4 sdfn) and
#            keep IP addresses for downlink (the UE address), and give the
#            interface exactly Q combined channels (ethtool -L IF combined Q)
#            or steer the rest away: queues outside 0..Q-1 have no socket, and
#            srpgw traffic arriving there is dropped (counted as xdp dropped).
# Offloads:  none; XDP sees frames before GRO/checksum handling.
# MTU:       at most ~3000 in native mode with the PMD's 4 KiB frames; 1500 is
#            safe. srpgw does not change the interface MTU in the kernel.
# Host:      kernel >= 5.11 (native XDP on the driver, or generic mode),
#            interfaces up with the kernel's own addresses, hugepages optional,
#            root or CAP_NET_ADMIN+CAP_BPF+CAP_SYS_ADMIN. SRPGW_XDP_OBJ names
#            the program (default: the installed one).
: "${ACCESS_IF:?set ACCESS_IF (kernel interface of the access port)}"
: "${CORE_IF:?set CORE_IF (kernel interface of the core port)}"
: "${SRPGW_XDP_OBJ:=/usr/local/lib/x86_64-linux-gnu/srpgw/srpgw_xdp.bpf.o}"
PRESET_DESC="AF_XDP on kernel-owned interfaces with the srpgw XDP steering program"
PRESET_KIND=iface
PRESET_DEVICES="$ACCESS_IF $CORE_IF"
PRESET_HUGEPAGES=optional
PRESET_FILES="$SRPGW_XDP_OBJ"
PRESET_ETHDEVS="net_af_xdp0 net_af_xdp1"
SRPGW_EAL_PORTS="--vdev=net_af_xdp0,iface=${ACCESS_IF},start_queue=0,queue_count=${SRPGW_QUEUES:-1},xdp_prog=${SRPGW_XDP_OBJ} --vdev=net_af_xdp1,iface=${CORE_IF},start_queue=0,queue_count=${SRPGW_QUEUES:-1},xdp_prog=${SRPGW_XDP_OBJ}"
SRPGW_EAL_EXTRA="--no-pci"
