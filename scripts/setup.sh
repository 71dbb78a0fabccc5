#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs every build, test and demo dependency of srpgw from Debian 12's
# archive. Idempotent: packages already present are not fetched again.
set -euo pipefail

PKGS=(
	gcc libc6-dev pkg-config meson ninja-build git
	dpdk dpdk-dev libdpdk-dev
	liburcu-dev liblz4-dev zlib1g-dev libbpf-dev libxdp-dev libpcap-dev
	libcunit1-dev libssl-dev
	iproute2 iputils-ping procps psmisc python3 python3-scapy tcpdump tshark
	clang libclang-rt-14-dev
	nftables gnuplot-nox bird2 freediameter openssl freeradius freeradius-utils
	libsnmp-dev snmp snmptrapd
)

if [ "$(id -u)" -ne 0 ]; then
	echo "setup.sh: run as root (apt-get install)" >&2
	exit 1
fi

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if [ "${#missing[@]}" -eq 0 ]; then
	echo "setup.sh: all ${#PKGS[@]} packages already installed"
	exit 0
fi

echo "setup.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup.sh: done"
