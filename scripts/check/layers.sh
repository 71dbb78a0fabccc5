#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Checks the include layering of docs/architecture.md: dataplane/ and srp/
# use nothing of control/; a control/ feature includes only its own folder
# and lower-ranked ones (conf < core < alarm < net < sess < pfcp < ckpt, bgp < mon < srp < xdp;
# upward notifications go through hooks), and a folder's internal headers
# (*_int.h) only from inside it. Usage: scripts/check/layers.sh [TOP]
# Prints each violation; exit status 1 if there is any.
set -u
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
declare -A rank=([conf]=0 [core]=10 [alarm]=15 [net]=20 [sess]=30 [pfcp]=35 [ckpt]=40 [bgp]=40 [mon]=45 [srp]=50 [xdp]=60)
bad=0
n_files=0

violation() { echo "layers: $1: $2"; bad=1; }

for f in "$top"/control/*/*.[ch]; do
	d=$(basename "$(dirname "$f")")
	rel=${f#"$top"/}
	n_files=$((n_files + 1))
	if [ -z "${rank[$d]+x}" ]; then
		violation "$rel" "folder '$d' has no rank (add it to scripts/check/layers.sh and docs/architecture.md)"
		continue
	fi
	while IFS= read -r inc; do
		g=${inc%%/*}
		[ "$g" = "$d" ] && continue
		if [ -z "${rank[$g]+x}" ]; then
			violation "$rel" "includes '$inc' from unknown folder '$g'"
		elif [ "${rank[$g]}" -ge "${rank[$d]}" ]; then
			violation "$rel" "includes '$inc': $d may use only lower-ranked features (use a hook)"
		fi
		case $inc in *_int.h) violation "$rel" "includes another folder's internal header '$inc'" ;; esac
	done < <(sed -n 's/^#include "\([a-z]*\/[^"]*\)".*/\1/p' "$f")
done

for f in "$top"/dataplane/*.[ch] "$top"/dataplane/xdp/*.[ch] "$top"/srp/*.[ch]; do
	[ -e "$f" ] || continue
	rel=${f#"$top"/}
	n_files=$((n_files + 1))
	while IFS= read -r inc; do
		case $inc in
		*/*|ctl_*) violation "$rel" "includes control header '$inc'" ;;
		esac
	done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done

[ "$n_files" -gt 0 ] || { echo "layers: no source files under $top"; exit 1; }
[ "$bad" -eq 0 ] && echo "layers: $n_files files, layering holds"
exit "$bad"
