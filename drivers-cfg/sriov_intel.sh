# SPDX-License-Identifier: BSD-3-Clause
# Preset: Intel SR-IOV virtual functions (iavf for E810/700-series, the
# former i40evf, and ixgbevf for 82599/X5xx) passed through to this VM or
# host and bound to vfio-pci; ACCESS_PCI and CORE_PCI are their full PCI
# addresses (0000:00:05.0), which the configuration names with dpdk-device.
#
# EAL:       -a ACCESS_PCI -a CORE_PCI (the PCI bus is scanned: no --no-pci).
# Queues/RSS: one rx/tx queue pair per worker; srpgw asks for RSS on IP and
#            UDP (RTE_ETH_RSS_IP|RTE_ETH_RSS_UDP): uplink GTP-U spreads on the
#            outer UDP source port the eNodeB varies per bearer, downlink on
#            the destination (UE) address. iavf: up to 16 queues per VF;
#            ixgbevf: 2-4 queues and RSS only with the PF in the right mode
#            (an ixgbevf that reports no UDP RSS hashes addresses only).
# Offloads:  none used (checksums in software); VLAN stripping off.
# MTU:       the configured mtu is set on the VF; the PF's MTU must be at
#            least as large (ip link set PF mtu ...).
# Host (PF side, per VF): ip link set PF vf N trust on spoofchk off (the
#            gateway sends gratuitous ARP for srp-activated addresses and
#            the peer chassis takes them over) and a fixed MAC
#            (ip link set PF vf N mac ...). Guest: IOMMU on (intel_iommu=on
#            iommu=pt) or vfio no-IOMMU mode in a VM without a vIOMMU,
#            hugepages (2 MiB x 1024 or 1 GiB pages) mounted, isolated cores
#            for the workers (isolcpus/nohz_full/rcu_nocbs).
: "${ACCESS_PCI:?set ACCESS_PCI (PCI address of the access VF, 0000:bb:dd.f)}"
: "${CORE_PCI:?set CORE_PCI (PCI address of the core VF, 0000:bb:dd.f)}"
PRESET_DESC="Intel SR-IOV VFs (iavf/i40evf/ixgbevf) bound to vfio-pci"
PRESET_KIND=pci
PRESET_DEVICES="$ACCESS_PCI $CORE_PCI"
PRESET_DRIVERS="vfio-pci"
PRESET_HUGEPAGES=required
PRESET_ETHDEVS="$ACCESS_PCI $CORE_PCI"
SRPGW_EAL_PORTS="-a ${ACCESS_PCI} -a ${CORE_PCI}"
SRPGW_EAL_EXTRA=""
