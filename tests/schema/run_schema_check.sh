#!/usr/bin/env bash
# ctest's schema_check: exports what netfence saves (netfence_export_designs) and validates
# every document against the Kubernetes OpenAPI schema with kubernetes-models@4 (validate.mjs).
# The npm packages are installed with `npm ci` into NPM_DIR when missing or when the lock file
# changed. Without Node.js, npm or the registry this fails: it must never pass unchecked.
#   run_schema_check.sh EXPORTER CORPUS_DIR LABS_DIR WORK_DIR
set -euo pipefail
exporter=$1 corpus=$2 labs=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v node >/dev/null || fail "node is missing (scripts/common.sh installs nodejs and npm)"
command -v npm >/dev/null || fail "npm is missing (scripts/common.sh installs nodejs and npm)"

modules="$work/npm"
mkdir -p "$modules"
if ! cmp -s "$here/package-lock.json" "$modules/package-lock.json" || [ ! -d "$modules/node_modules" ]; then
    echo "installing kubernetes-models@4 into $modules"
    cp "$here/package.json" "$here/package-lock.json" "$modules/"
    (cd "$modules" && timeout 300 npm ci --no-audit --no-fund --loglevel=error) ||
        { rm -f "$modules/package-lock.json"; fail "npm ci failed (is the npm registry reachable?)"; }
fi

"$exporter" "$corpus" "$labs" "$work/designs"
node "$here/validate.mjs" "$modules" "$work/designs"
