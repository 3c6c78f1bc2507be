#!/usr/bin/env bash
# The sanitizer pass: builds everything with AddressSanitizer and UndefinedBehaviorSanitizer
# (CMakePresets.json "asan", NETFENCE_SANITIZE) and runs every test labelled "sanitize" (all of
# tests/: unit, corpora, CLI, headless UI, schema). Any report fails the test that caused it.
# NETFENCE_ASAN_BUILD sets the build folder (build-asan).
source "$(dirname "$0")/common.sh"
netfence_install_packages
build=${NETFENCE_ASAN_BUILD:-$NETFENCE_ROOT/build-asan}
cd "$NETFENCE_ROOT"
cmake --preset asan -B "$build" >/dev/null
cmake --build "$build" -j"${NETFENCE_JOBS:-2}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export LSAN_OPTIONS=suppressions=$NETFENCE_ROOT/tests/sanitizers/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build" -L sanitize --output-on-failure -j2 --timeout 1200 "$@"
