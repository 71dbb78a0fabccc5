# SPDX-License-Identifier: BSD-3-Clause
# Preset: vhost-user ports for local labs: srpgw is the vhost-user backend on
# socket paths ACCESS_IF and CORE_IF; a VM (QEMU -chardev socket,path=... and
# a virtio-net device) or a DPDK app with net_virtio_user connects to them.
# ~13.5 Mpps between processes here.
#
# EAL:       --vdev=net_vhostN,iface=PATH,queues=Q (Q = SRPGW_QUEUES, 1),
#            --no-pci.
# Queues/RSS: the guest's virtio-net driver picks the queue (its own RSS or
#            XPS); the backend does not hash.
# Offloads:  none negotiated by srpgw (no TSO/checksum offload used).
# MTU:       1500 unless the guest negotiates more (host_mtu in QEMU).
# Host:      hugepages REQUIRED and shared with the VM (QEMU
#            -object memory-backend-file,share=on,mem-path=/dev/hugepages);
#            srpgw ignores SIGPIPE, so a peer going away does not kill it.
: "${ACCESS_IF:?set ACCESS_IF (vhost-user socket path of the access port)}"
: "${CORE_IF:?set CORE_IF (vhost-user socket path of the core port)}"
PRESET_DESC="vhost-user backend sockets (local labs, VMs on this host)"
PRESET_KIND=socket
PRESET_DEVICES="$ACCESS_IF $CORE_IF"
PRESET_HUGEPAGES=required
PRESET_ETHDEVS="net_vhost0 net_vhost1"
SRPGW_EAL_PORTS="--vdev=net_vhost0,iface=${ACCESS_IF},queues=${SRPGW_QUEUES:-1} --vdev=net_vhost1,iface=${CORE_IF},queues=${SRPGW_QUEUES:-1}"
SRPGW_EAL_EXTRA="--no-pci"
