# SPDX-License-Identifier: BSD-3-Clause
# Preset: two net_null ports that receive nothing (no-rx=1) and discard what
# is sent: start-up and control API tests without traffic.
SRPGW_EAL_PORTS="--vdev=net_null0,no-rx=1 --vdev=net_null1,no-rx=1"
SRPGW_EAL_EXTRA="--no-pci"
