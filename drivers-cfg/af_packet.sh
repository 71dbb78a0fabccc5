# SPDX-License-Identifier: BSD-3-Clause
# Preset: af_packet on kernel interfaces ACCESS_IF and CORE_IF (qdisc bypass
# so the kernel's queueing does not reorder or hold frames).
: "${ACCESS_IF:?set ACCESS_IF}" "${CORE_IF:?set CORE_IF}"
SRPGW_EAL_PORTS="--vdev=net_af_packet0,iface=${ACCESS_IF},qdisc_bypass=1 --vdev=net_af_packet1,iface=${CORE_IF},qdisc_bypass=1"
SRPGW_EAL_EXTRA="--no-pci"
