#!/usr/bin/env bash
# Runs the loader fuzzer for a bounded time on a fresh working corpus seeded from manifest
# folders (the conformance corpora, the built-in lab, past crashes).
#   run_fuzz.sh FUZZER SECONDS WORKDIR SEED_FOLDER...
# Exits non-zero when the fuzzer finds a crash, a leak, a timeout or a failed check; the input
# is kept in WORKDIR/artifacts and the command to replay it is printed.
set -euo pipefail
fuzzer=$1 seconds=$2 work=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$fuzzer" ] || { echo "run_fuzz.sh: no fuzzer at $fuzzer" >&2; exit 1; }

rm -rf "$work/corpus" "$work/seeds" "$work/artifacts"
mkdir -p "$work/corpus" "$work/seeds" "$work/artifacts"
n=0
for folder in "$@"; do
    [ -d "$folder" ] || { echo "run_fuzz.sh: no seed folder $folder" >&2; exit 1; }
    while IFS= read -r -d '' f; do
        cp "$f" "$work/seeds/$n-$(basename "$f")"
        n=$((n + 1))
    done < <(find "$folder" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \
                                        -o -name '*.input' \) -print0)
done
[ "$n" -gt 0 ] || { echo "run_fuzz.sh: no seeds found" >&2; exit 1; }
echo "fuzzing for ${seconds}s from $n seeds"

# One worker: the machine is shared. Inputs up to 16 KiB; 25 s per input is a hang (a loaded machine slows ASan a lot).
status=0
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    "$fuzzer" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 -max_len=16384 \
    -dict="$here/netfence.dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
    "$work/corpus" "$work/seeds" >"$work/fuzz.log" 2>&1 || status=$?
grep -E '^(#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)' \
    "$work/fuzz.log" || true
grep -E 'cov: [0-9]+' "$work/fuzz.log" | tail -1 || true
if [ "$status" -ne 0 ]; then
    tail -60 "$work/fuzz.log"
    for a in "$work"/artifacts/*; do
        [ -e "$a" ] && echo "found: $a (replay: $fuzzer $a; then add it to tests/fuzz/regressions/)"
    done
    exit "$status"
fi
echo "no crash in ${seconds}s"
