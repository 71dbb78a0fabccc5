#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds the libFuzzer targets with clang in their own build directory and
# runs each for N seconds (default 60), seeded from tests/vectors; exits
# non-zero when a fuzzer finds a crash, leak or broken invariant.
# Usage: scripts/fuzz.sh [SECONDS [BUILD_DIR]]
# Env: FUZZ_TARGETS (default: every tests/fuzz/fuzz_*.c).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
bdir=${2:-$top/build-fuzz}
case $secs in
''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a number" >&2; exit 2 ;;
esac

if [ ! -f "$bdir/build.ninja" ]; then
	CC=clang meson setup "$bdir" "$top" -Dfuzz=true -Dtests=true \
		-Dbuildtype=debugoptimized
fi
targets=${FUZZ_TARGETS:-$(cd "$top/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//')}
for t in $targets; do
	ninja -C "$bdir" "tests/fuzz/$t"
done

# Corpus: one binary file per hex packet of the vectors (the fields that
# hold a whole packet: packet, request, trigger), plus the stored seeds.
seed_corpus() {
	mkdir -p "$1"
	/usr/bin/python3 - "$top/tests/vectors/gtpu" "$1" <<'PY'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
for f in sorted(os.listdir(src)):
    if not f.endswith('.vec'):
        continue
    for line in open(os.path.join(src, f)):
        key, _, val = line.rstrip('\n').partition(': ')
        if key in ('packet', 'request', 'trigger', 'inner'):
            with open(os.path.join(dst, f[:-4] + '-' + key), 'wb') as out:
                out.write(bytes.fromhex(val))
PY
}

rc=0
for t in $targets; do
	corpus=$bdir/corpus/$t
	seed_corpus "$corpus"
	if [ -d "$top/tests/fuzz/corpus/$t" ]; then
		cp -n "$top/tests/fuzz/corpus/$t"/* "$corpus"/ 2>/dev/null || true
	fi
	echo "== $t: $(ls "$corpus" | wc -l) seeds, ${secs}s"
	art=$bdir/artifacts/$t/
	rm -rf "$art"
	mkdir -p "$art"
	if ! "$bdir/tests/fuzz/$t" -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$art" "$corpus" 2>&1 | tail -n 25; then
		echo "== $t: FAILED (reproducers in $art)" >&2
		rc=1
	elif ls "$art" | grep -q .; then
		echo "== $t: FAILED, artifacts: $(ls "$art")" >&2
		rc=1
	else
		echo "== $t: ok"
	fi
done
exit $rc
