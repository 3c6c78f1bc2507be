#!/usr/bin/env bash
# The long fuzz run of docs/reliability.md: builds the libFuzzer harness (clang, ASan, UBSan)
# and runs it on the loader, evaluator and writer for SECONDS (default 1800), seeded from the
# conformance corpora, the built-in lab and tests/fuzz/regressions. ctest's fuzz_smoke is the
# same run for 45 s. The log and any crash input land in $NETFENCE_BUILD/fuzz-long/.
#   scripts/fuzz.sh [SECONDS]
source "$(dirname "$0")/common.sh"
seconds=${1:-1800}
netfence_install_packages
cmake -S "$NETFENCE_ROOT" --preset default -B "$NETFENCE_BUILD" >/dev/null
cmake --build "$NETFENCE_BUILD" --target netfence_fuzz_harness
work="$NETFENCE_BUILD/fuzz-long"
mkdir -p "$work"
# A copy, so that rebuilding during a long run cannot change the binary under it.
cp "$NETFENCE_BUILD/fuzz/netfence_loader_fuzzer" "$work/"
corpus=$(cmake -L -N "$NETFENCE_BUILD" 2>/dev/null | sed -n 's/^NETFENCE_CORPUS_DIR:PATH=//p')
start=$(date +%s)
"$NETFENCE_ROOT/tests/fuzz/run_fuzz.sh" "$work/netfence_loader_fuzzer" "$seconds" "$work" \
    "${corpus:-$NETFENCE_ROOT/../shared/corpus}" "$NETFENCE_ROOT/resources/labs" \
    "$NETFENCE_ROOT/tests/fuzz/regressions"
echo "fuzz.sh: $(( $(date +%s) - start )) s wall, log in $work/fuzz.log"
