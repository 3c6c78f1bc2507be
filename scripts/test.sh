#!/usr/bin/env bash
# Builds netfence and runs every test (unit, conformance corpora, CLI, headless UI).
source "$(dirname "$0")/common.sh"
netfence_build
export QT_QPA_PLATFORM=offscreen
cd "$NETFENCE_BUILD"
ctest --output-on-failure -j2 "$@"
