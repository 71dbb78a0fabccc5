# SPDX-License-Identifier: BSD-3-Clause
# Preset: af_packet on kernel interfaces ACCESS_IF and CORE_IF - the
# fallback that works on any Linux interface (veth, bridge port, any NIC
# driver), ~0.65 Mpps per port here.
#
# EAL:       --vdev=net_af_packetN,iface=IF,qdisc_bypass=1 (qdisc bypass so
#            the kernel's queueing neither reorders nor holds frames), --no-pci.
# Queues/RSS: one queue per worker (qpairs=N is added when SRPGW_QUEUES > 1);
#            the kernel spreads with PACKET_FANOUT_HASH (flow hash of the
#            outer IP/UDP header: the GTP-U source port for uplink, the UE
#            address for downlink).
# Offloads:  none; srpgw computes checksums in software.
# MTU:       the interface's; srpgw sets the configured mtu through the PMD.
# Host:      interfaces up; hugepages optional (--no-huge -m 512 otherwise);
#            the kernel also sees every frame (no steering): keep no kernel
#            address on these interfaces, or use af_xdp.sh instead.
: "${ACCESS_IF:?set ACCESS_IF (kernel interface of the access port)}"
: "${CORE_IF:?set CORE_IF (kernel interface of the core port)}"
PRESET_DESC="af_packet on kernel interfaces (fallback)"
PRESET_KIND=iface
PRESET_DEVICES="$ACCESS_IF $CORE_IF"
PRESET_HUGEPAGES=optional
PRESET_ETHDEVS="net_af_packet0 net_af_packet1"
_q=""
[ "${SRPGW_QUEUES:-1}" -gt 1 ] && _q=",qpairs=${SRPGW_QUEUES}"
SRPGW_EAL_PORTS="--vdev=net_af_packet0,iface=${ACCESS_IF},qdisc_bypass=1${_q} --vdev=net_af_packet1,iface=${CORE_IF},qdisc_bypass=1${_q}"
SRPGW_EAL_EXTRA="--no-pci"
unset _q
