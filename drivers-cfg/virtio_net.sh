# SPDX-License-Identifier: BSD-3-Clause
# Preset: virtio-net devices of a VM (QEMU/KVM, cloud instances) driven by
# DPDK's virtio PMD; the guest binds them to vfio-pci (with a vIOMMU, or in
# vfio no-IOMMU mode) or uio_pci_generic. ACCESS_PCI and CORE_PCI are their
# full PCI addresses, named in the configuration with dpdk-device.
#
# EAL:       -a ACCESS_PCI -a CORE_PCI.
# Queues/RSS: as many queue pairs as the device offers (QEMU: queues=N on
#            the netdev and mq=on,vectors=2N+2 on the device); RSS only when
#            the host offers VIRTIO_NET_F_RSS (vhost-net usually does not:
#            then use one worker or accept the host's queue choice).
# Offloads:  none used (guest csum/TSO features are not negotiated).
# MTU:       1500 unless host_mtu is set on the device.
# Host:      the VM's NICs on a bridge/OVS that allows the gateway's
#            gratuitous ARP (no MAC-spoofing filter for the srp-activated
#            addresses), hugepages in the guest, pinned vCPUs; in the guest
#            without vIOMMU:
#            echo 1 > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode.
: "${ACCESS_PCI:?set ACCESS_PCI (PCI address of the access virtio-net)}"
: "${CORE_PCI:?set CORE_PCI (PCI address of the core virtio-net)}"
PRESET_DESC="virtio-net in a VM bound to vfio-pci (or uio_pci_generic)"
PRESET_KIND=pci
PRESET_DEVICES="$ACCESS_PCI $CORE_PCI"
PRESET_DRIVERS="vfio-pci uio_pci_generic"
PRESET_HUGEPAGES=required
PRESET_ETHDEVS="$ACCESS_PCI $CORE_PCI"
SRPGW_EAL_PORTS="-a ${ACCESS_PCI} -a ${CORE_PCI}"
SRPGW_EAL_EXTRA=""
