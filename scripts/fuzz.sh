#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds the libFuzzer targets with clang in their own build directory and
# runs each for N seconds (default 60), seeded from tests/vectors; exits
# non-zero when a fuzzer finds a crash, leak or broken invariant.
# Usage: scripts/fuzz.sh [SECONDS [BUILD_DIR]]
# Env: FUZZ_TARGETS (default: every tests/fuzz/fuzz_*.c); FUZZ_SHORT_SECONDS
# (default 15): cap for the targets listed in short_targets, which reach
# their coverage in seconds, so they add little to the CI budget;
# FUZZ_RUNS=N runs each target for N executions instead (the long runs
# recorded in BENCHMARKS.md, Fuzzing); FUZZ_SANITIZE (default
# address,undefined; "undefined" alone for long runs, in its own BUILD_DIR).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
bdir=${2:-$top/build-fuzz}
case $secs in
''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a number" >&2; exit 2 ;;
esac

if [ ! -f "$bdir/build.ninja" ]; then
	CC=clang meson setup "$bdir" "$top" -Dfuzz=true -Dtests=true \
		-Dbuildtype=debugoptimized \
		-Dfuzz_sanitize="${FUZZ_SANITIZE:-address,undefined}"
fi
targets=${FUZZ_TARGETS:-$(cd "$top/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//')}
for t in $targets; do
	ninja -C "$bdir" "tests/fuzz/$t"
done

# Corpus: one binary file per hex packet of the vectors, plus the stored
# seeds. GTP-U targets take the fields that hold a whole packet (packet,
# request, trigger, inner) of tests/vectors/gtpu; fuzz_srp_codec takes each
# "msg" of tests/vectors/srp; fuzz_srp_stream takes the same messages behind
# its 3 parameter bytes (split seed, size limit), plus all accepted ones
# back to back as one stream; fuzz_ctl_conf takes the configuration files of
# tests/vectors/conf; fuzz_pfcp_codec takes each message of tests/vectors/pfcp
# (hex, written by the codec's encoder through pfcp_vec --hex).
seed_corpus() {
	mkdir -p "$1"
	/usr/bin/python3 - "$top/tests/vectors" "$1" "$2" <<'PY'
import os, sys
vecs, dst, target = sys.argv[1], sys.argv[2], sys.argv[3]


def fields(path):
    for line in open(path):
        key, _, val = line.rstrip('\n').partition(': ')
        yield key, val


def write(name, data):
    with open(os.path.join(dst, name), 'wb') as out:
        out.write(data)


if target == 'fuzz_ctl_conf':
    src = os.path.join(vecs, 'conf')
    for f in sorted(os.listdir(src)):
        with open(os.path.join(src, f), 'rb') as cfg:
            write(f, cfg.read())
elif target == 'fuzz_pfcp_codec':
    src = os.path.join(vecs, 'pfcp')
    for f in sorted(os.listdir(src)):
        if f.endswith('.hex'):
            with open(os.path.join(src, f)) as vec:
                write(f[:-4], bytes.fromhex(''.join(vec.read().split())))
elif target.startswith('fuzz_srp_'):
    src = os.path.join(vecs, 'srp')
    stream = b''
    for f in sorted(os.listdir(src)):
        if not f.endswith('.vec'):
            continue
        kv = dict(fields(os.path.join(src, f)))
        msg = bytes.fromhex(kv['msg'])
        if target == 'fuzz_srp_codec':
            write(f[:-4], msg)
        else:
            write(f[:-4], b'\x12\x34\x80' + msg)
            if kv.get('expect') == 'ok':
                stream += msg
    if target == 'fuzz_srp_stream':
        write('all_ok_stream', b'\x00\x07\x80' + stream)
        write('all_ok_stream_limit', b'\x00\x07\x20' + stream)
elif target == 'fuzz_ctl_punt':
    # 5 header bytes (punt reason, port, next-hop MTU, L3 offset
    # selector), then an Ethernet frame: every GTP-U vector packet under
    # each reason that takes IP, plus ARP, NS and echo requests.
    import struct

    def csum(b):
        if len(b) & 1:
            b += b'\0'
        s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
        while s >> 16:
            s = (s & 0xffff) + (s >> 16)
        return (~s) & 0xffff

    def eth(t, port=0):
        return (bytes([2, 0, 0, 0, 0, port + 1]) +
                bytes([2, 0, 0, 0, 9, 9]) + struct.pack('!H', t))

    def hdr(reason, port=0, mtu=1400):
        return bytes([reason, port]) + struct.pack('!H', mtu) + b'\0'

    def icmp6(src, dst, body, hop=255):
        ph = src + dst + struct.pack('!IxxxB', len(body), 58)
        body = body[:2] + struct.pack('!H', csum(ph + body)) + body[4:]
        return (struct.pack('!IHBB', 0x60000000, len(body), 58, hop) +
                src + dst + body)

    acc6 = bytes.fromhex('20010db8000a00010000000000000001')
    nb6 = bytes.fromhex('20010db8000a00010000000000000020')
    mac = bytes([2, 0, 0, 0, 9, 9])
    arp = (bytes.fromhex('0001080006040001') + mac +
           bytes([198, 51, 100, 20]) + bytes(6) + bytes([198, 51, 100, 1]))
    write('arp_request', hdr(0) + eth(0x0806) + arp)
    ns = bytes([135, 0, 0, 0, 0, 0, 0, 0]) + acc6 + bytes([1, 1]) + mac
    write('ns', hdr(1) + eth(0x86dd) + icmp6(nb6, acc6, ns))
    write('echo6', hdr(3) + eth(0x86dd) +
          icmp6(nb6, acc6, bytes([128, 0, 0, 0, 0, 1, 0, 1]) + b'ping', 64))
    ping = bytes([8, 0, 0, 0, 0, 1, 0, 1]) + b'ping'
    ping = ping[:2] + struct.pack('!H', csum(ping)) + ping[4:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(ping), 0, 0, 64, 1,
                     0, bytes([198, 51, 100, 20]), bytes([198, 51, 100, 1]))
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    write('echo4', hdr(2) + eth(0x0800) + ip + ping)
    src = os.path.join(vecs, 'gtpu')
    for f in sorted(os.listdir(src)):
        if not f.endswith('.vec'):
            continue
        for key, val in fields(os.path.join(src, f)):
            if key not in ('packet', 'request', 'trigger', 'inner'):
                continue
            pkt = bytes.fromhex(val)
            if not pkt:
                continue
            t = 0x0800 if pkt[0] >> 4 == 4 else 0x86dd
            for reason in (4, 5, 6, 7, 8):
                write('%s-%s-%d' % (f[:-4], key, reason),
                      hdr(reason, reason & 1) + eth(t, reason & 1) + pkt)
elif target == 'fuzz_mon_diam':
    pass    # seeds: tests/fuzz/corpus/fuzz_mon_diam (hand-made CER, DWR, DWA)
else:
    src = os.path.join(vecs, 'gtpu')
    for f in sorted(os.listdir(src)):
        if not f.endswith('.vec'):
            continue
        for key, val in fields(os.path.join(src, f)):
            if key in ('packet', 'request', 'trigger', 'inner'):
                write(f[:-4] + '-' + key, bytes.fromhex(val))
PY
}

short_targets="fuzz_ctl_punt fuzz_mon_diam"
short=${FUZZ_SHORT_SECONDS:-15}

# Failures are also summarised in $bdir/fuzz-failed.txt (target,
# artifact, reproducer in hex), which scripts/test.sh prints next to its
# verdict, so the end of a CI log says what broke and how to replay it.
failed_txt=$bdir/fuzz-failed.txt
: >"$failed_txt"
note_failure() {
	local t=$1 art=$2 f
	echo "$t: see $art" >>"$failed_txt"
	for f in "$art"*; do
		[ -f "$f" ] || continue
		printf '%s: %s (%s bytes): %s\n' "$t" "$(basename "$f")" \
			"$(stat -c %s "$f")" "$(head -c 1024 "$f" | od -An -v -tx1 | tr -d ' \n')" \
			>>"$failed_txt"
	done
}

rc=0
for t in $targets; do
	t_secs=$secs
	case " $short_targets " in
	*" $t "*) [ "$short" -lt "$secs" ] && t_secs=$short ;;
	esac
	corpus=$bdir/corpus/$t
	seed_corpus "$corpus" "$t"
	if [ -d "$top/tests/fuzz/corpus/$t" ]; then
		cp -n "$top/tests/fuzz/corpus/$t"/* "$corpus"/ 2>/dev/null || true
	fi
	if [ -n "${FUZZ_RUNS:-}" ]; then
		limit=(-runs="$FUZZ_RUNS")
		echo "== $t: $(ls "$corpus" | wc -l) seeds, $FUZZ_RUNS runs"
	else
		limit=(-max_total_time="$t_secs")
		echo "== $t: $(ls "$corpus" | wc -l) seeds, ${t_secs}s"
	fi
	art=$bdir/artifacts/$t/
	rm -rf "$art"
	mkdir -p "$art"
	if ! "$bdir/tests/fuzz/$t" "${limit[@]}" -print_final_stats=1 \
		-artifact_prefix="$art" "$corpus" 2>&1 | tail -n 25; then
		echo "== $t: FAILED (reproducers in $art)" >&2
		note_failure "$t" "$art"
		rc=1
	elif ls "$art" | grep -q .; then
		echo "== $t: FAILED, artifacts: $(ls "$art")" >&2
		note_failure "$t" "$art"
		rc=1
	else
		echo "== $t: ok"
	fi
done
exit $rc
