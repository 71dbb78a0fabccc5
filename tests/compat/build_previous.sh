#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds the previous release named in tests/compat/previous from this
# repository's own history into AREA (under the build directory, never the
# source tree): a detached git worktree, then only srpgw and srpgwctl. The
# binaries are cached in AREA/<sha>/bin and reused while the SHA is the same.
# Usage: build_previous.sh AREA   (prints the bin directory on success)
# COMPAT_JOBS overrides the ninja job count (default: nproc).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
area=${1:?usage: build_previous.sh AREA}
if ! top=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null); then
	echo "compat: FAILED: $here is not in a git checkout (the previous release is built from git history)" >&2
	exit 2
fi
read -r tag sha < <(grep -v '^#' "$here/previous" | grep -m1 .)
case $sha in
[0-9a-f]*) [ ${#sha} -eq 40 ] || { echo "compat: bad SHA '$sha' in $here/previous" >&2; exit 2; } ;;
*) echo "compat: bad SHA '$sha' in $here/previous" >&2; exit 2 ;;
esac

# The tag when it is present and names that commit, else the SHA itself.
resolve() {
	local t
	t=$(git -C "$top" rev-parse -q --verify "refs/tags/$tag^{commit}" 2>/dev/null) || t=
	if [ "$t" = "$sha" ]; then echo "$tag"; return 0; fi
	[ -n "$t" ] && echo "compat: tag $tag is $t, not $sha: using the SHA" >&2
	if git -C "$top" cat-file -e "$sha^{commit}" 2>/dev/null; then
		echo "$sha"; return 0
	fi
	return 1
}

out=$area/$sha
if [ -x "$out/bin/srpgw" ] && [ -x "$out/bin/srpgwctl" ] && [ -f "$out/bin/.complete" ]; then
	echo "compat: reusing the build of $tag ($sha) in $out/bin" >&2
	echo "$out/bin"
	exit 0
fi
if ! ref=$(resolve); then
	echo "compat: $tag / $sha not in this clone; trying git fetch --tags origin" >&2
	git -C "$top" fetch --tags origin >&2 || true
	if ! ref=$(resolve); then
		echo "compat: FAILED: neither tag $tag nor commit $sha is available" \
			"(a shallow clone? fetch the history: git fetch --unshallow --tags)" >&2
		exit 2
	fi
fi

mkdir -p "$area"
src=$area/src-$sha
if [ -e "$src" ]; then
	git -C "$top" worktree remove --force "$src" 2>/dev/null || rm -rf "$src"
	git -C "$top" worktree prune
fi
git -C "$top" worktree add --detach "$src" "$ref" >&2
rm -rf "$out"
mkdir -p "$out/bin"
t0=$(date +%s)
meson setup "$out/build" "$src" -Dtests=false >&2
ninja -C "$out/build" -j"${COMPAT_JOBS:-$(nproc)}" control/srpgw control/srpgwctl >&2
cp "$out/build/control/srpgw" "$out/build/control/srpgwctl" "$out/bin/"
echo "$tag $sha built in $(( $(date +%s) - t0 )) s" > "$out/bin/.complete"
# Only the binaries are kept: the worktree and objects go.
git -C "$top" worktree remove --force "$src" >&2
rm -rf "$out/build"
cat "$out/bin/.complete" >&2
echo "$out/bin"
