#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The include layering check (scripts/check/layers.sh): the tree passes it,
# and a copy with one upward include, one foreign internal header and one
# control header in the data plane fails it with those three violations.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
check=$top/scripts/check/layers.sh
tmp=$(mktemp -d /tmp/test_layers.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0

if ! out=$("$check" "$top"); then
	echo "FAIL: the tree breaks the layering:"; echo "$out"; fail=1
else
	echo "ok: $out"
fi

mkdir -p "$tmp/control" "$tmp/dataplane" "$tmp/srp"
cp -r "$top"/control/* "$tmp/control/"
cp "$top"/dataplane/*.[ch] "$tmp/dataplane/"
cp "$top"/srp/*.[ch] "$tmp/srp/"
sed -i '0,/^#include "/s//#include "xdp\/ctl_xdp.h"\n#include "/' "$tmp/control/sess/ctl_sess.c"
sed -i '0,/^#include "/s//#include "sess\/ctl_sess_int.h"\n#include "/' "$tmp/control/ckpt/ctl_ckpt.c"
sed -i '0,/^#include "/s//#include "ctl_sess.h"\n#include "/' "$tmp/dataplane/dp_fwd.c"
out=$("$check" "$tmp"); rc=$?
n=$(grep -c '^layers: ' <<<"$out")
if [ "$rc" -ne 1 ] ||
   ! grep -q 'control/sess/ctl_sess.c: includes .xdp/ctl_xdp.h.' <<<"$out" ||
   ! grep -q "control/ckpt/ctl_ckpt.c: includes another folder's internal header" <<<"$out" ||
   ! grep -q "dataplane/dp_fwd.c: includes control header 'ctl_sess.h'" <<<"$out" ||
   [ "$n" -ne 3 ]; then
	echo "FAIL: the broken copy was not caught as expected (rc $rc):"; echo "$out"; fail=1
else
	echo "ok: the broken copy fails with 3 violations"
fi
exit "$fail"
