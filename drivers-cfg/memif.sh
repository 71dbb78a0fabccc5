# SPDX-License-Identifier: BSD-3-Clause
# Preset: memif shared-memory links for local labs and benchmarks; srpgw is
# the memif server on socket paths ACCESS_IF and CORE_IF, the traffic
# generator (srpgw-gen, testpmd, VPP) connects as client.
#
# EAL:       --vdev=net_memifN,role=server,id=0,socket=PATH, --no-pci.
# Queues/RSS: one queue pair per worker is negotiated with the client; memif
#            has no RSS: the client decides which queue carries what.
# Offloads:  none.
# MTU:       fixed by the memif buffer size (2048): leave mtu unset or 1500.
# Host:      the socket directories must exist; hugepages recommended for
#            rates above a few Mpps (works with --no-huge). In DPDK 22.11 a
#            client does not reconnect by itself after the server restarts.
: "${ACCESS_IF:?set ACCESS_IF (memif socket path of the access port)}"
: "${CORE_IF:?set CORE_IF (memif socket path of the core port)}"
PRESET_DESC="memif shared-memory links (local labs, benchmarks)"
PRESET_KIND=socket
PRESET_DEVICES="$ACCESS_IF $CORE_IF"
PRESET_HUGEPAGES=optional
PRESET_ETHDEVS="net_memif0 net_memif1"
SRPGW_EAL_PORTS="--vdev=net_memif0,role=server,id=0,socket=${ACCESS_IF} --vdev=net_memif1,role=server,id=0,socket=${CORE_IF}"
SRPGW_EAL_EXTRA="--no-pci"
