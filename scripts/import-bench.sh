#!/usr/bin/env bash
# Times a live import of a big cluster through a stand-in kubectl and prints the figures
# (docs/performance.md, "Importing from a cluster"):
#   scripts/import-bench.sh [MEGABYTES]   (default 64: about 20,000 pods)
# The cluster is netfence_make_list's `kubectl get -A -o yaml` List, turned into the JSON that
# `kubectl get KIND -A -o json` prints (4-space indent), one answer per kind. Three timed runs of
# netfence-cli validate: --from-cluster through the stand-in, the same JSON files read as a folder,
# and the original YAML List. NETFENCE_BENCH_BUILD sets the build folder (default build/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NETFENCE_BENCH_BUILD:-$root/build}
mb=${1:-64}
cmake --build "$build" --target netfence_make_list netfence-cli >/dev/null
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/bin/fixtures" "$dir/json"
summary=$("$build/bin/netfence_make_list" "$dir/list.yaml" "$mb")
python3 - "$dir" <<'PY'
import json, sys, yaml
d = sys.argv[1]
with open(d + '/list.yaml') as f:
    doc = yaml.load(f, Loader=yaml.CSafeLoader)
names = {'Namespace': 'namespaces', 'Pod': 'pods', 'Service': 'services',
         'NetworkPolicy': 'networkpolicies.networking.k8s.io'}
by = {}
for item in doc['items']:
    by.setdefault(item['kind'], []).append(item)
for kind, items in by.items():
    text = json.dumps({'apiVersion': 'v1', 'items': items, 'kind': 'List',
                       'metadata': {'resourceVersion': ''}}, indent=4) + '\n'
    for folder in ('bin/fixtures', 'json'):
        with open('%s/%s/%s.json' % (d, folder, names[kind]), 'w') as out:
            out.write(text)
PY
cat >"$dir/bin/kubectl" <<'SH'
#!/bin/sh
here=$(/usr/bin/dirname "$0")
prev=""
for a in "$@"; do
  if [ "$prev" = "get" ]; then res="$a"; fi
  prev="$a"
done
if [ -f "$here/fixtures/$res.json" ]; then exec /bin/cat "$here/fixtures/$res.json"; fi
if [ "${res#*.}" = "policy.networking.k8s.io" ] || [ "$res" = routes.route.openshift.io ]; then
  echo "error: the server doesn't have a resource type \"$res\"" >&2; exit 1
fi
echo '{"apiVersion": "v1", "items": [], "kind": "List", "metadata": {"resourceVersion": ""}}'
SH
chmod +x "$dir/bin/kubectl"
json_mb=$(du -cm "$dir"/json/*.json | tail -1 | cut -f1)
echo "cluster: ${summary#*: } (YAML List ${summary%% bytes*} bytes; kubectl JSON ${json_mb} MB)"
echo '| input | wall time | CPU time | peak RSS | workloads |'
echo '|---|---|---|---|---|'
run() {
  local what=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$@" >"$dir/out" 2>"$dir/err" || true
  read -r seconds user system kb <"$dir/time"
  local loaded
  loaded=$(grep -o '[0-9]* workloads' "$dir/out" | head -1 || true)
  awk -v w="$what" -v s="$seconds" -v u="$user" -v y="$system" -v kb="$kb" -v l="$loaded" \
    'BEGIN { printf "| %s | %.1f s | %.1f s | %.0f MB | %s |\n", w, s, u + y, kb / 1024, l }'
}
run "--from-cluster (stand-in kubectl, JSON)" env PATH="$dir/bin:$PATH" "$build/bin/netfence-cli" validate --from-cluster
run "the same JSON as files" "$build/bin/netfence-cli" validate "$dir/json"
run "the YAML List (kubectl -o yaml)" "$build/bin/netfence-cli" validate "$dir/list.yaml"
