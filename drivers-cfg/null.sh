# SPDX-License-Identifier: BSD-3-Clause
# Preset: two net_null ports that receive nothing (no-rx=1) and discard what
# is sent: start-up, SRP and control API tests without traffic.
#
# EAL:       --vdev=net_nullN,no-rx=1, --no-pci. Queues/RSS, offloads, MTU:
#            not applicable. Host: nothing (hugepages optional).
PRESET_DESC="net_null sinks (no traffic: start-up and API tests)"
PRESET_KIND=none
PRESET_DEVICES=""
PRESET_HUGEPAGES=optional
PRESET_ETHDEVS="net_null0 net_null1"
SRPGW_EAL_PORTS="--vdev=net_null0,no-rx=1 --vdev=net_null1,no-rx=1"
SRPGW_EAL_EXTRA="--no-pci"
