# SPDX-License-Identifier: BSD-3-Clause
# Preset: memif links; srpgw is the memif server on socket paths ACCESS_IF
# and CORE_IF, the traffic generator connects as client.
: "${ACCESS_IF:?set ACCESS_IF (socket path)}" "${CORE_IF:?set CORE_IF (socket path)}"
SRPGW_EAL_PORTS="--vdev=net_memif0,role=server,id=0,socket=${ACCESS_IF} --vdev=net_memif1,role=server,id=0,socket=${CORE_IF}"
SRPGW_EAL_EXTRA="--no-pci"
