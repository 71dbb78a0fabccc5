#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Configures (once) and builds srpgw into a build directory.
# Usage: scripts/build.sh [BUILD_DIR [extra meson options...]]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bdir=${1:-$top/build}
shift || true
if [ ! -f "$bdir/build.ninja" ]; then
	meson setup "$bdir" "$top" -Dwerror=true "$@"
fi
ninja -C "$bdir" -j"$(nproc)"
