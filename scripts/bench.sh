#!/usr/bin/env bash
# Builds netfence in Release and prints the performance table of docs/performance.md: each
# row's figure, its target and the ratio (at or below 1 meets it), each row in its own process
# so that its peak memory is its own.
#   scripts/bench.sh          every row (about 5 minutes on 2 cores)
#   scripts/bench.sh quick    without the 100,000-pod row and the growth rows
#   scripts/bench.sh biglist [MB...]  load time and peak memory of `netfence-cli validate` on
#                             one `kubectl get -A -o yaml` List of each size (default 20 50 200)
# NETFENCE_BENCH_BUILD sets the build folder (build-bench), NETFENCE_BENCH_DIR where the
# generated manifests are cached (the system's temp folder).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NETFENCE_BENCH_BUILD:-$root/build-bench}
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DNETFENCE_BUILD_GUI=OFF >/dev/null
if [ "${1:-}" = biglist ]; then
  shift
  cmake --build "$build" --target netfence_make_list netfence-cli -j"$(nproc)" >/dev/null
  dir=${NETFENCE_BENCH_DIR:-${TMPDIR:-/tmp}}
  echo '| List | objects | wall time | CPU time | peak RSS | per MB of input: CPU, peak RSS |'
  echo '|---|---|---|---|---|---|'
  sizes=("$@")
  [ ${#sizes[@]} -gt 0 ] || sizes=(20 50 200)
  for mb in "${sizes[@]}"; do
    file=$dir/netfence-biglist-$mb.yaml
    summary=$("$build/bin/netfence_make_list" "$file" "$mb")
    # validate exits 1 when it reports errors; the generated List has none.
    /usr/bin/time -f '%e %U %S %M' -o "$file.time" "$build/bin/netfence-cli" validate "$file" >"$file.out" || {
      echo "validate failed on $file:" >&2; tail -5 "$file.out" >&2; exit 1; }
    read -r seconds user system kb <"$file.time"
    bytes=${summary%% bytes*}
    awk -v b="$bytes" -v s="$seconds" -v cpu="$user + $system" -v kb="$kb" -v what="${summary#*: }" 'BEGIN {
      split(cpu, c, " + "); cpu = c[1] + c[2]; mb = b / 1048576
      printf "| %.0f MB | %s | %.1f s | %.1f s | %.0f MB | %.2f s, %.2f MB |\n", mb, what, s, cpu, kb / 1024, cpu / mb, kb / 1024 / mb }'
    rm -f "$file" "$file.time" "$file.out"
  done
  exit 0
fi
cmake --build "$build" --target netfence_bench netfence-cli -j"$(nproc)" >/dev/null
bench=$build/bin/netfence_bench
[ -x "$bench" ] || { echo "no netfence_bench: install libbenchmark-dev" >&2; exit 1; }

out=$build/bench-results
rm -rf "$out" && mkdir -p "$out"
rows=(Load 'BM_Load/' FullEvaluation5k 'BM_FullEvaluation5k/' Evaluation5kTwoThreads 'BM_FullEvaluation5kTwoThreads/'
      PolicyEdit 'BM_PolicyEdit/' Layout 'BM_Layout/' ReferenceComparison 'BM_ReferenceComparison/'
      Tiers5k 'BM_FullEvaluation5kTiers/1/' ClusterPolicyEdit 'BM_ClusterPolicyEdit/')
if [ "${1:-}" != quick ]; then
  rows+=(FullEvaluation100k 'BM_FullEvaluation100k/')
  for n in 2500 5000 10000 20000; do rows+=("GrowthWorkloads$n" "BM_GrowthWorkloads/$n/"); done
  for n in 1000 2000 4000 8000; do rows+=("GrowthPolicies$n" "BM_GrowthPolicies/$n/"); done
fi
for ((i = 0; i < ${#rows[@]}; i += 2)); do
  echo "running ${rows[i]}..." >&2
  "$bench" --benchmark_filter="${rows[i+1]}" --benchmark_out="$out/${rows[i]}.json" \
           --benchmark_out_format=json >/dev/null 2>"$out/${rows[i]}.log" || {
    echo "${rows[i]} failed:" >&2; cat "$out/${rows[i]}.log" >&2; exit 1; }
done

python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
def row(name):
    path = os.path.join(out, name + '.json')
    if not os.path.exists(path):
        return None
    b = json.load(open(path))['benchmarks'][0]
    if b.get('error_occurred'):
        sys.exit(f"{name}: {b.get('error_message')}")
    return b
lines = ['| what | size | figure | target | ratio |', '|---|---|---|---|---|']
def add(what, size, figure, target, ratio):
    mark = '' if ratio <= 1 else ' **missed**'
    lines.append(f'| {what} | {size} | {figure} | {target} | {ratio:.2f}{mark} |')
b = row('Load')
add('load, 1 thread (parse + build model)', f"{b['workloads']:.0f} Deployments + 2,000 policies ({b['MB']:.1f} MB)",
    f"{b['figure']:.2f} s (yaml-cpp bare parse {b['bare_parse_s']:.2f} s)", f"≤ 1.2 × bare = {b['target']:.2f} s", b['ratio'])
add('load, 2 threads vs 1', 'same', f"{b['speedup_2_threads']:.2f}× ({b['load_2_threads_s']:.2f} s; a share-nothing loop got {b['control_speedup_2_threads']:.2f}×; CPU time 2 threads / 1: {b['cpu_2_threads_over_1']:.2f})",
    '≥ 1.6×', b['speedup_ratio'])
for name, size, target_s, target_mb in (('FullEvaluation5k', '5,000 workloads, 100 namespaces, 2,000 policies', 1, 1024),
                                        ('FullEvaluation100k', '100,000 pods, 25,000 namespaces, 75,000 policies', 60, 8192)):
    b = row(name)
    if not b:
        continue
    add('full evaluation, every pair and port', size, f"{b['figure']:.3f} s ({b['classes']:.0f} classes, {b['allowed_pairs']:.0f} allowed pairs)",
        f'≤ {target_s} s', b['ratio'])
    add('  peak memory (RSS)', size, f"{b['peak_rss_MB']:.0f} MB", f'≤ {target_mb // 1024} GB', b['peak_rss_MB'] / target_mb)
b = row('PolicyEdit')
add('one policy edited, edges updated', f"1,000 workloads, 300 policies ({b['allowed_pairs']:.0f} allowed pairs)",
    f"{b['figure'] * 1000:.2f} ms mean, {b['worst_s'] * 1000:.2f} ms worst (from scratch {b['from_scratch_s'] * 1000:.1f} ms)",
    '≤ 16 ms', b['worst_s'] / 0.016)
b = row('Tiers5k')
if b:
    add('full evaluation with cluster-wide tiers', f"5,000 workloads, 2,000 policies, {b['cluster_policies']:.0f} cluster policies",
        f"{b['figure']:.3f} s ({b['classes']:.0f} classes, {b['allowed_pairs']:.0f} allowed pairs, {b['peak_rss_MB']:.0f} MB)", '≤ 1 s', b['ratio'])
b = row('ClusterPolicyEdit')
if b:
    add('one cluster policy edited, edges updated', '1,000 workloads, 300 policies, 100 cluster policies',
        f"{b['figure'] * 1000:.2f} ms mean, {b['worst_s'] * 1000:.2f} ms worst", '≤ 16 ms', b['worst_s'] / 0.016)
b = row('Layout')
add('layout (off the UI thread)', '1,000 workloads in 50 namespaces', f"{b['figure']:.2f} s", '≤ 2 s', b['ratio'])
lines.append('| GUI: open to first picture | 1,000 workloads | measured by the GUI benchmark | ≤ 3 s | |')
lines.append('| GUI: edit to repainted edges | 1,000 workloads, 20,000 allowed pairs | measured by the GUI benchmark | ≤ 50 ms | |')
print('\n'.join(lines))
print()
b = row('FullEvaluation5k')
r = row('ReferenceComparison')
t = row('Evaluation5kTwoThreads')
print('| fast evaluator vs naive reference | fast | reference | reference / fast |\n|---|---|---|---|')
print(f"| 200 workloads, every pair × 16 probe ports × 3 protocols | {r['fast_s'] * 1000:.1f} ms | {r['reference_s']:.2f} s | {r['reference_over_fast']:.0f}× |")
print(f"| 5,000 workloads (reference on 4,000 sampled pairs, extrapolated) | {b['figure']:.3f} s | {b['reference_s_extrapolated']:.0f} s | {b['reference_over_fast']:.0f}× |")
print(f"\nfull evaluation of 5,000 workloads on 2 threads: {t['figure']:.3f} s ({b['figure'] / t['figure']:.2f}× the single thread)")
growth = [(n, row(f'GrowthWorkloads{n}')) for n in (2500, 5000, 10000, 20000)]
if growth[0][1]:
    print('\n| workloads (100 namespaces, 2,000 policies) | classes | allowed pairs | build + evaluate | peak RSS |\n|---|---|---|---|---|')
    for n, b in growth:
        print(f"| {n:,} | {b['classes']:.0f} | {b['allowed_pairs']:.0f} | {b['figure'] * 1000:.0f} ms | {b['peak_rss_MB']:.0f} MB |")
    print('\n| policies (5,000 workloads, 100 namespaces) | classes | allowed pairs | build + evaluate | peak RSS |\n|---|---|---|---|---|')
    for n in (1000, 2000, 4000, 8000):
        b = row(f'GrowthPolicies{n}')
        print(f"| {n:,} | {b['classes']:.0f} | {b['allowed_pairs']:.0f} | {b['figure'] * 1000:.0f} ms | {b['peak_rss_MB']:.0f} MB |")
PY
