#!/usr/bin/env bash
# PromQL range-query latency side by side: Vigil, Prometheus and VictoriaMetrics, one run, same data.
#
# Data (bench/src/main/java/dev/vigil/bench/query/QueryDataset.java): 10 000 counter series x{job,
# instance} and 1 200 bucket series h_bucket{instance, le}, every 15 s over 4 h (10.8 M samples).
# Vigil and VictoriaMetrics load it through POST /api/v1/import/prometheus, Prometheus through
# `promtool tsdb create-blocks-from openmetrics`. VictoriaMetrics runs with -search.disableCache;
# neither Vigil nor Prometheus caches results.
#
# Each query runs as a range query over the 4 h at a 1 m step: WARMUP_RUNS times (default 5) per
# store to warm up (a JVM compiles the query path over its first runs; the others need none), then
# RUNS times (default 5) round-robin over the three stores; the script prints each store's median, the ratios,
# whether Vigil's answers equal Prometheus's (1e-9 relative; from one range after the data starts,
# see docs/promql.md), and Vigil's resident memory.
#
#   bench/query-latency.sh [runs]        (needs Debian's prometheus and victoria-metrics packages)
#
# Ports 17310-17312 on 127.0.0.1 (override with VIGIL_PORT, PROM_PORT, VM_PORT); everything
# lives in a temporary folder removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
WARMUP_RUNS=${WARMUP_RUNS:-5}
command -v promtool >/dev/null || { echo "needs promtool (apt-get install prometheus)" >&2; exit 1; }
command -v victoria-metrics >/dev/null \
  || { echo "needs victoria-metrics (apt-get install victoria-metrics)" >&2; exit 1; }
./vigil build >/dev/null
JAVA=$(./vigil which-java)
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$JAVA")")}
mvn -B -q -o -pl bench -am package -DskipTests -Dspotless.check.skip=true >/dev/null
VIGIL_PORT=${VIGIL_PORT:-17310} PROM_PORT=${PROM_PORT:-17311} VM_PORT=${VM_PORT:-17312}
tmp=$(mktemp -d)
# Private copies: a rebuild during the run must not change the jars under the running processes.
cp server/target/vigil.jar "$tmp/vigil.jar"
cp bench/target/benchmarks.jar "$tmp/benchmarks.jar"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

wait_ready() { # url pid
  for _ in $(seq 600); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "process for $1 exited" >&2; return 1; }
    sleep 0.1
  done
  echo "$1 not ready" >&2; return 1
}

# An end on a whole hour, an hour ago: inside every store's retention, outside its "too recent".
END=$(( $(date +%s) / 3600 * 3600 - 3600 ))
START=$(( END - 4 * 3600 ))
echo "data: $START..$END ($(date -u -d @$START +%FT%TZ) to $(date -u -d @$END +%FT%TZ))"
"$JAVA" -cp "$tmp/benchmarks.jar" dev.vigil.bench.query.QueryDataset "$tmp/data" "$END" 4

# Prometheus: blocks from promtool, then the server over them.
t0=$(date +%s%3N)
promtool tsdb create-blocks-from openmetrics "$tmp/data/openmetrics.txt" "$tmp/prom" >/dev/null
printf 'global:\n  scrape_interval: 15s\n' > "$tmp/prometheus.yml"
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/prom" \
  --storage.tsdb.retention.time=30d --web.listen-address=127.0.0.1:$PROM_PORT \
  >"$tmp/prometheus.log" 2>&1 &
pids+=($!); wait_ready "http://127.0.0.1:$PROM_PORT/-/ready" "${pids[-1]}"
echo "prometheus loaded in $(( $(date +%s%3N) - t0 )) ms"

# VictoriaMetrics: its import API, caches off.
victoria-metrics -storageDataPath="$tmp/vm" -httpListenAddr=127.0.0.1:$VM_PORT \
  -retentionPeriod=1y -search.disableCache >"$tmp/vm.log" 2>&1 &
pids+=($!); wait_ready "http://127.0.0.1:$VM_PORT/health" "${pids[-1]}"
t0=$(date +%s%3N)
for f in "$tmp"/data/import-*.txt; do
  curl -fsS --data-binary @"$f" "http://127.0.0.1:$VM_PORT/api/v1/import/prometheus"
done
curl -fsS "http://127.0.0.1:$VM_PORT/internal/force_flush"
echo "victoria-metrics loaded in $(( $(date +%s%3N) - t0 )) ms"

# Vigil: the same import API; the launcher's defaults (VIGIL_JAVA_OPTS adds flags).
"$JAVA" ${VIGIL_JAVA_OPTS:-} -jar "$tmp/vigil.jar" server \
  --listen 127.0.0.1:$VIGIL_PORT --otlp.grpc-listen off --data "$tmp/vigil" >"$tmp/vigil.log" 2>&1 &
pids+=($!); VIGIL_PID=${pids[-1]}
wait_ready "http://127.0.0.1:$VIGIL_PORT/-/ready" "$VIGIL_PID"
t0=$(date +%s%3N)
for f in "$tmp"/data/import-*.txt; do
  curl -fsS --data-binary @"$f" "http://127.0.0.1:$VIGIL_PORT/api/v1/import/prometheus"
done
echo "vigil loaded in $(( $(date +%s%3N) - t0 )) ms"
# Let Vigil finish what the import started (cutting the head into blocks) before timing queries,
# as VictoriaMetrics' force_flush and promtool's ready blocks do for the others: wait until it
# uses under 5 % of a core over 2 s (at most a minute).
ticks() { awk '{print $14 + $15}' "/proc/$VIGIL_PID/stat"; }
for _ in $(seq 30); do
  a=$(ticks); sleep 2; b=$(ticks)
  [ $(( (b - a) * 100 / ($(getconf CLK_TCK) * 2) )) -lt 5 ] && break
done
rm -rf "$tmp/data"

QUERIES=(
  'sum by (job) (rate(x[5m]))'
  'topk(5, sum by (instance) (rate(x[5m])))'
  'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))'
)
declare -A PORT=([vigil]=$VIGIL_PORT [prometheus]=$PROM_PORT [victoriametrics]=$VM_PORT)
STORES=(vigil prometheus victoriametrics)

run() { # store query outfile -> prints seconds
  curl -fsS -o "$3" -w '%{time_total}' "http://127.0.0.1:${PORT[$1]}/api/v1/query_range" \
    --data-urlencode "query=$2" -d start=$START -d end=$END -d step=60
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf '\n| query | Vigil | Prometheus | VictoriaMetrics | Vigil/VM | Vigil/Prometheus | equal to Prometheus |\n'
printf '|---|---|---|---|---|---|---|\n'
for q in "${QUERIES[@]}"; do
  declare -A times=()
  for _ in $(seq "$WARMUP_RUNS"); do
    for s in "${STORES[@]}"; do run "$s" "$q" "$tmp/$s.json" >/dev/null; done
  done
  for _ in $(seq "$RUNS"); do
    for s in "${STORES[@]}"; do times[$s]+="$(run "$s" "$q" "$tmp/$s.json") "; done
  done
  # Steps whose 5m window holds the start of the data are left out: there Prometheus 2.42 and
  # current Prometheus (and Vigil) extrapolate rate() differently by design (docs/promql.md).
  equal=$(python3 - "$tmp/vigil.json" "$tmp/prometheus.json" "$(( START + 300 ))" <<'EOF'
import json, math, sys
a, b = (json.load(open(p))["data"]["result"] for p in sys.argv[1:3])
first = int(sys.argv[3])
key = lambda r: json.dumps(r["metric"], sort_keys=True)
a = {key(r): [p for p in r["values"] if p[0] > first] for r in a}
b = {key(r): [p for p in r["values"] if p[0] > first] for r in b}
def close(x, y):
    x, y = float(x), float(y)
    return x == y or (math.isnan(x) and math.isnan(y)) or abs(x - y) <= 1e-9 * max(abs(x), abs(y))
ok = a.keys() == b.keys() and all(
    len(a[k]) == len(b[k]) and all(p[0] == q[0] and close(p[1], q[1]) for p, q in zip(a[k], b[k]))
    for k in a)
if ok:
    print(f"yes ({len(a)} series, from the 6th step)")
else:
    diff = next(((k, p, q) for k in a if k in b for p, q in zip(a[k], b[k])
                 if p[0] != q[0] or not close(p[1], q[1])), None)
    print(f"NO ({len(a)} vs {len(b)} series; first difference {diff})")
EOF
)
  declare -A med=()
  for s in "${STORES[@]}"; do
    med[$s]=$(echo "${times[$s]}" | tr ' ' '\n' | grep . | median)
  done
  printf '| `%s` | %.0f ms | %.0f ms | %.0f ms | %.2f | %.2f | %s |\n' "$q" \
    "$(echo "${med[vigil]} * 1000" | bc -l)" "$(echo "${med[prometheus]} * 1000" | bc -l)" \
    "$(echo "${med[victoriametrics]} * 1000" | bc -l)" \
    "$(echo "${med[vigil]} / ${med[victoriametrics]}" | bc -l)" \
    "$(echo "${med[vigil]} / ${med[prometheus]}" | bc -l)" "$equal"
  unset times med
done
echo
echo "runs per store and query: $RUNS (median), after one warm-up run"
echo "vigil resident memory after the queries: $(( $(ps -o rss= -p "$VIGIL_PID") / 1024 )) MiB"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
date -u +%FT%TZ
