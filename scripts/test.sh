#!/usr/bin/env bash
# Builds netfence and runs every test (unit, conformance corpora, CLI, headless UI).
#   scripts/test.sh [--quick] [CTEST_ARGS...]
# --quick (or NETFENCE_TEST_QUICK=1) skips the tests labelled network (schema_check: npm
# fetches its packages), fuzz (fuzz_smoke: 45 s of fuzzing) and packaging (the .deb and man
# page checks). CI (.ci/run) runs without it: everything.
source "$(dirname "$0")/common.sh"
quick=${NETFENCE_TEST_QUICK:-0}
if [ "${1:-}" = "--quick" ]; then
    quick=1
    shift
fi
netfence_build
export QT_QPA_PLATFORM=offscreen
cd "$NETFENCE_BUILD"
skip=()
if [ "$quick" != 0 ]; then
    skip=(-LE '^(network|fuzz|packaging)$')
    echo "netfence: --quick: not running the network, fuzz and packaging tests"
fi
ctest --output-on-failure -j2 "${skip[@]}" "$@"
