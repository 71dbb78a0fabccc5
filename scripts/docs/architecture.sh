#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Regenerate docs/img/architecture.png from docs/img/architecture.dot.
# Needs graphviz's `dot`; installs nothing.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
src="$top/docs/img/architecture.dot"
out="$top/docs/img/architecture.png"
if ! command -v dot >/dev/null 2>&1; then
	echo "architecture.sh: graphviz 'dot' not found;" \
	     "install it with: apt-get install -y graphviz" >&2
	exit 1
fi
dot -Tpng -Gdpi=110 "$src" -o "$out"
echo "wrote $out"
