# SPDX-License-Identifier: BSD-3-Clause
# Preset: NVIDIA/Mellanox ConnectX VFs (or PFs) with the bifurcated mlx5 PMD:
# the device stays on the kernel's mlx5_core driver (do NOT bind it to
# vfio-pci) and DPDK opens it through rdma-core; ACCESS_PCI and CORE_PCI
# are its full PCI addresses, named in the configuration with dpdk-device.
#
# EAL:       -a ACCESS_PCI -a CORE_PCI (plus any mlx5 devargs in
#            SRPGW_MLX5_ARGS, e.g. ",dv_flow_en=1").
# Queues/RSS: one queue pair per worker; RSS on IP and UDP as for the Intel
#            VFs (outer UDP source port for GTP-U, UE address downlink).
# Offloads:  none used.
# MTU:       set through the kernel netdev; the configured mtu must not
#            exceed what the PF allows.
# Host:      ibverbs/rdma-core installed (libibverbs1, ibverbs-providers),
#            VF trust on and spoofchk off on the PF, hugepages mounted,
#            isolated cores; no IOMMU change is needed (no vfio).
: "${ACCESS_PCI:?set ACCESS_PCI (PCI address of the access function)}"
: "${CORE_PCI:?set CORE_PCI (PCI address of the core function)}"
PRESET_DESC="NVIDIA mlx5 VFs, bifurcated (kernel mlx5_core keeps the device)"
PRESET_KIND=pci
PRESET_DEVICES="$ACCESS_PCI $CORE_PCI"
PRESET_DRIVERS="mlx5_core"
PRESET_HUGEPAGES=required
PRESET_ETHDEVS="$ACCESS_PCI $CORE_PCI"
SRPGW_EAL_PORTS="-a ${ACCESS_PCI}${SRPGW_MLX5_ARGS:-} -a ${CORE_PCI}${SRPGW_MLX5_ARGS:-}"
SRPGW_EAL_EXTRA=""
