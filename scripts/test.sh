#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs dependencies, builds srpgw and runs every test: the unit, EAL and
# integration suites on a -Werror build, then the unit suites again under
# AddressSanitizer + UndefinedBehaviorSanitizer, then the libFuzzer targets
# for a short while. Ends with "N passed, M failed".
# Run as root (integration tests create network namespaces and start EAL).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

main_dir=$top/build
san_dir=$top/build-sanitize
rc=0

if ! bash scripts/build.sh "$main_dir"; then
	echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi
meson test -C "$main_dir" --no-rebuild --print-errorlogs \
	--suite unit --suite eal --suite integration || rc=1

if ! bash scripts/build.sh "$san_dir" -Db_sanitize=address,undefined \
		-Db_lundef=false; then
	echo "sanitizer build failed"; echo "0 passed, 1 failed"; exit 1
fi
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
meson test -C "$san_dir" --no-rebuild --print-errorlogs --suite unit --suite eal || rc=1

# The GTP-U parser under libFuzzer (clang, ASan/UBSan), seeded from the
# vectors: counted as one test.
fuzz_rc=0
bash scripts/fuzz.sh "${SRPGW_FUZZ_SECONDS:-20}" "$top/build-fuzz" || fuzz_rc=1

# meson's own summary is not what CI reads: count from the JSON logs.
/usr/bin/python3 - "$fuzz_rc" "$top/build-fuzz/fuzz-failed.txt" "$main_dir" \
	"$san_dir" <<'PY'
import json, sys
passed = failed = skipped = 0
if sys.argv[1] == "0":
    passed += 1
else:
    failed += 1
    print("FAILED: fuzz (scripts/fuzz.sh)")
    try:
        for line in open(sys.argv[2]):
            print("  fuzz:", line.rstrip()[:2200])
    except OSError:
        pass
del sys.argv[2]
for d in sys.argv[2:]:
    try:
        lines = open(d + "/meson-logs/testlog.json").read().splitlines()
    except OSError:
        failed += 1
        continue
    for line in lines:
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except ValueError:
            failed += 1
            print("FAILED: unreadable line in", d + "/meson-logs/testlog.json")
            continue
        res = r.get("result")
        if res in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif res == "SKIP":
            skipped += 1
        else:
            failed += 1
            print("FAILED:", d.rsplit("/", 1)[-1], r.get("name"), res)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
PY
py_rc=$?
[ $py_rc -ne 0 ] && rc=1
exit $rc
