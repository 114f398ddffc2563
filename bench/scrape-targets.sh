#!/usr/bin/env bash
# Scraping side by side: Vigil and Prometheus 2.42 (Debian `prometheus`) run at the same time, each
# scraping TARGETS node_exporter-like targets x SERIES series every INTERVAL with the same
# scrape_configs. The targets are served by one JVM (`vigil bench targets`): Vigil's on ports
# TARGET_PORT.., Prometheus's on TARGET_PORT+TARGETS.. (same bodies, new values at every fetch),
# so each target's fetch count belongs to one scraper. After WARMUP intervals the script measures
# INTERVALS intervals and reports, for each server:
#   - missed intervals: per target, stored `up` samples in the window vs the INTERVALS expected,
#     gaps between consecutive scrapes longer than 1.5 intervals, failed scrapes (up == 0), and
#     the fetches the targets saw; `scrape_samples_scraped` (min/max: SERIES when whole);
#   - scrape duration p50/p99/max from the stored `scrape_duration_seconds`;
#   - process CPU (utime+stime from /proc/<pid>/stat) per interval and in cores, and RSS;
#     for Vigil also the CPU its own `process_cpu_seconds_total` reports;
# then the CPU ratio Vigil / Prometheus. Vigil runs with `collectors.host.enabled: false` and
# `rules.builtin: false` so that both do the same work: scrape the fleet (plus each one's own
# /metrics); BUILTIN_RULES=1 keeps Vigil's built-in rules, which then also evaluate over the
# fleet's node_* series (Prometheus gets no rules).
#
#   bench/scrape-targets.sh [intervals]        (default 8)
# Environment: TARGETS (1000) SERIES (1000) INTERVAL (15s, seconds) WARMUP (3 intervals)
# PORT (17300: Vigil; Prometheus PORT+1) TARGET_PORT (18000) PROMETHEUS (1: run it too)
# VIGIL_JAVA_OPTS (extra JVM flags for Vigil, e.g. -XX:StartFlightRecording=filename=s.jfr)
# VIGIL_JAR (run this vigil.jar instead of the launcher's, e.g. a copy of an older build).
set -euo pipefail
cd "$(dirname "$0")/.."
INTERVALS=${1:-8}
TARGETS=${TARGETS:-1000}
SERIES=${SERIES:-1000}
INTERVAL=${INTERVAL:-15}
WARMUP=${WARMUP:-3}
PORT=${PORT:-17300}
TARGET_PORT=${TARGET_PORT:-18000}
PROMETHEUS=${PROMETHEUS:-1}
BUILTIN_RULES=${BUILTIN_RULES:-0}
TICKS=$(getconf CLK_TCK)

./vigil build >/dev/null
./vigil bench --help >/dev/null
JAVA=$(./vigil which-java)
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

wait_ready() { # url pid log
  for _ in $(seq 1200); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "exited; log:" >&2; cat "$3" >&2; return 1; }
    sleep 0.1
  done
  echo "not ready after 120 s: $1" >&2; return 1
}

scrape_config() { # first-port -> a scrape_configs entry for TARGETS targets
  echo "scrape_configs:"
  echo "  - job_name: fleet"
  echo "    scrape_interval: ${INTERVAL}s"
  echo "    scrape_timeout: $((INTERVAL < 10 ? INTERVAL : 10))s"
  echo "    static_configs:"
  echo "      - targets:"
  for i in $(seq 0 $((TARGETS - 1))); do echo "          - 127.0.0.1:$(($1 + i))"; done
}

"$JAVA" -XX:+UseSerialGC -Xmx512m -jar bench/target/vigil-bench.jar targets \
  --count $((2 * TARGETS)) --series "$SERIES" --port "$TARGET_PORT" >"$tmp/fleet.log" 2>&1 &
fleet=$!; pids+=("$fleet")
for _ in $(seq 600); do
  grep -qs "^serving" "$tmp/fleet.log" && break
  kill -0 "$fleet" 2>/dev/null || { echo "targets exited; log:" >&2; cat "$tmp/fleet.log" >&2; exit 1; }
  sleep 0.1
done

{
  echo "collectors:"
  echo "  host:"
  echo "    enabled: false"
  echo "rules:"
  echo "  builtin: $([ "$BUILTIN_RULES" = 1 ] && echo true || echo false)"
  scrape_config "$TARGET_PORT"
} >"$tmp/vigil.yml"
mkdir -p "$tmp/vigil-data"
if [ -n "${VIGIL_JAR:-}" ]; then
  # Another build of Vigil (e.g. an older one for a before/after figure), with the launcher's heap
  # policy.
  "$JAVA" -XX:G1PeriodicGCInterval=30000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=40 \
    ${VIGIL_JAVA_OPTS:-} -jar "$VIGIL_JAR" server --config "$tmp/vigil.yml" \
    --listen "127.0.0.1:$PORT" --data "$tmp/vigil-data" --otlp.grpc-listen off \
    >"$tmp/vigil.log" 2>&1 &
else
  VIGIL_JAVA_OPTS="${VIGIL_JAVA_OPTS:-}" ./vigil server --config "$tmp/vigil.yml" \
    --listen "127.0.0.1:$PORT" --data "$tmp/vigil-data" --otlp.grpc-listen off \
    >"$tmp/vigil.log" 2>&1 &
fi
vigil=$!; pids+=("$vigil")
wait_ready "http://127.0.0.1:$PORT/-/ready" "$vigil" "$tmp/vigil.log"
# ./vigil execs java, so $vigil is the JVM.

prom=""
if [ "$PROMETHEUS" = 1 ]; then
  { echo "global:"; echo "  scrape_interval: ${INTERVAL}s"; scrape_config $((TARGET_PORT + TARGETS)); } \
    >"$tmp/prometheus.yml"
  prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/prom-data" \
    --web.listen-address="127.0.0.1:$((PORT + 1))" >"$tmp/prometheus.log" 2>&1 &
  prom=$!; pids+=("$prom")
  wait_ready "http://127.0.0.1:$((PORT + 1))/-/ready" "$prom" "$tmp/prometheus.log"
fi

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $TARGETS targets x $SERIES series every ${INTERVAL}s; warm-up $WARMUP intervals, measured $INTERVALS"
sleep $((WARMUP * INTERVAL))

vigil_own_cpu() {
  curl -fs "http://127.0.0.1:$PORT/metrics" | awk '/^process_cpu_seconds_total/ {print $2}'
}
t0=$(date +%s)
v0=$(cpu_ticks "$vigil"); f0=$(cpu_ticks "$fleet"); o0=$(vigil_own_cpu)
[ -n "$prom" ] && p0=$(cpu_ticks "$prom")
curl -fs "http://127.0.0.1:$TARGET_PORT/fleet/fetches" >"$tmp/fetches0"
sleep $((INTERVALS * INTERVAL))
t1=$(date +%s)
v1=$(cpu_ticks "$vigil"); f1=$(cpu_ticks "$fleet"); o1=$(vigil_own_cpu)
[ -n "$prom" ] && p1=$(cpu_ticks "$prom")
curl -fs "http://127.0.0.1:$TARGET_PORT/fleet/fetches" >"$tmp/fetches1"
load=$(cut -d' ' -f1-3 /proc/loadavg)
vrss=$(rss_mib "$vigil"); frss=$(rss_mib "$fleet")
[ -n "$prom" ] && prss=$(rss_mib "$prom")

window=$((INTERVALS * INTERVAL))
# Scrapes that started before t1 are still being stored: let them land before asking.
sleep $((INTERVAL < 10 ? INTERVAL : 10))
for q in up scrape_duration_seconds scrape_samples_scraped; do
  curl -fs "http://127.0.0.1:$PORT/api/v1/query" --data-urlencode "query=${q}{job=\"fleet\"}[${window}s]" \
    --data-urlencode "time=$t1" >"$tmp/vigil-$q.json"
  [ -n "$prom" ] && curl -fs "http://127.0.0.1:$((PORT + 1))/api/v1/query" \
    --data-urlencode "query=${q}{job=\"fleet\"}[${window}s]" --data-urlencode "time=$t1" \
    >"$tmp/prometheus-$q.json"
done

python3 - "$tmp" "$TARGETS" "$INTERVALS" "$INTERVAL" "$TARGET_PORT" "$PROMETHEUS" "$t1" <<'PY'
import json, sys
tmp, targets, intervals, interval, first, with_prom, t1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1", float(sys.argv[7])

def series(name, q):
    with open(f"{tmp}/{name}-{q}.json") as f:
        r = json.load(f)["data"]["result"]
    return {s["metric"]["instance"]: [(float(t), float(v)) for t, v in s["values"]] for s in r}

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else float("nan")

def fetches(path):
    return {int(p): int(c) for p, c in (l.split() for l in open(path))}

f0, f1 = fetches(f"{tmp}/fetches0"), fetches(f"{tmp}/fetches1")
for name, base in [("vigil", first)] + ([("prometheus", first + targets)] if with_prom else []):
    up = series(name, "up")
    dur = series(name, "scrape_duration_seconds")
    samples = series(name, "scrape_samples_scraped")
    # A target's scrapes keep their phase; one whose wake-up was late comes closer to the next
    # one. A missed interval is a slot without a sample: a gap of k intervals misses k - 1; the
    # window's edges count the same way against its start and end.
    missing = gaps = late = 0
    start = t1 - intervals * interval
    for i in range(targets):
        ts = [t for t, _ in up.get(f"127.0.0.1:{base + i}", [])]
        if not ts:
            missing += intervals
            continue
        edges = [start] + ts + [start + intervals * interval]
        for a, b in zip(edges, edges[1:]):
            k = round((b - a) / interval)
            if k > 1:
                missing += k - 1
                gaps += 1
        late += sum(1 for a, b in zip(ts, ts[1:]) if abs(b - a - interval) > 1)
    down = sum(1 for vs in up.values() for _, v in vs if v != 1)
    seen = [f1[base + i] - f0[base + i] for i in range(targets)]
    d = [v for vs in dur.values() for _, v in vs]
    s = [v for vs in samples.values() for _, v in vs]
    print(f"{name}: targets with up samples {len(up)}/{targets}; missed intervals {missing} "
          f"(in {gaps} gaps; scrapes off their slot by > 1 s {late}, failed {down}); "
          f"fetches seen by targets min {min(seen)} max {max(seen)} (expected ~{intervals})")
    print(f"{name}: scrape_samples_scraped min {min(s, default=0):.0f} max {max(s, default=0):.0f}; "
          f"scrape duration p50 {pct(d, 0.5) * 1000:.1f} ms, p99 {pct(d, 0.99) * 1000:.1f} ms, "
          f"max {max(d, default=0) * 1000:.1f} ms ({len(d)} scrapes)")
PY

report_cpu() { # name ticks0 ticks1 rss
  awk -v n="$1" -v a="$2" -v b="$3" -v t="$TICKS" -v w="$window" -v k="$INTERVALS" -v r="$4" \
    'BEGIN {c = (b - a) / t; printf "%s: CPU %.1f s in %d s = %.2f s per interval, %.2f cores; RSS %s MiB\n", n, c, w, c / k, c / w, r}'
}
wall=$((t1 - t0))
report_cpu vigil "$v0" "$v1" "$vrss"
awk -v a="$o0" -v b="$o1" -v w="$wall" 'BEGIN {printf "vigil: its own process_cpu_seconds_total: %.1f s (%.2f cores)\n", b - a, (b - a) / w}'
if [ -n "$prom" ]; then
  report_cpu prometheus "$p0" "$p1" "$prss"
  awk -v v0="$v0" -v v1="$v1" -v p0="$p0" -v p1="$p1" \
    'BEGIN {printf "CPU ratio vigil / prometheus: %.2f\n", (v1 - v0) / (p1 - p0)}'
fi
report_cpu "targets (both fleets)" "$f0" "$f1" "$frss"
echo "# load at the end: $load"
