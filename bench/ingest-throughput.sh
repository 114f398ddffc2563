#!/usr/bin/env bash
# Remote-write ingest side by side: Vigil, VictoriaMetrics (Debian `victoria-metrics`) and
# Prometheus (Debian `prometheus`, --web.enable-remote-write-receiver) run one after the other on
# this machine, each on a fresh data folder, each sent the same pre-encoded payloads by
# `vigil bench ingest`. For each server it reads utime+stime of the server process from
# /proc/<pid>/stat right before and 2 s after the load (so deferred flushing is counted) and reports
# accepted samples per server CPU-second, then the ratios. Rounds alternate the servers so that
# machine noise hits each of them alike.
#
#   bench/ingest-throughput.sh [rounds]        (default 1)
# Environment: SERIES (100000) TIMESTAMPS (60) SENDERS (4) PER_REQUEST (2000) SERVERS ("vigil
# victoria-metrics prometheus") PORT_BASE (17510) VIGIL_JAVA_OPTS (extra JVM flags for Vigil).
# WARMUP (100000x60) and WARMUP_PER_REQUEST (150): before the measured load every server gets
# WARMUP series x timestamps of other series (job="warmup") in requests of WARMUP_PER_REQUEST
# samples, not measured, so that the figure is the steady-state cost. A JVM compiles a method with
# its optimizing compiler only after some 5 000-15 000 calls, and Jetty and Javalin run their
# request path once per request: the default is 40 000 small requests, after which the compiler
# threads take under a tenth of Vigil's CPU under the measured load (5 000 requests of 2 000
# samples left a fifth there). After the warm-up each server is left to finish what it deferred
# (VictoriaMetrics merges the many small parts of it) until it idles. WARMUP=0 measures from cold.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-1}
SERIES=${SERIES:-100000}
TIMESTAMPS=${TIMESTAMPS:-60}
SENDERS=${SENDERS:-4}
PER_REQUEST=${PER_REQUEST:-2000}
SERVERS=${SERVERS:-"vigil victoria-metrics prometheus"}
PORT_BASE=${PORT_BASE:-17510}
WARMUP=${WARMUP:-100000x60}
WARMUP_PER_REQUEST=${WARMUP_PER_REQUEST:-150}
TICKS=$(getconf CLK_TCK)

./vigil build >/dev/null
./vigil bench --help >/dev/null
JAVA=$(./vigil which-java)
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

wait_ready() { # url pid
  for _ in $(seq 600); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "server exited; log:" >&2; cat "$tmp/server.log" >&2; return 1; }
    sleep 0.1
  done
  echo "not ready after 60 s: $1" >&2; return 1
}

start_server() { # name port -> sets pid, url
  local name=$1 port=$2 data="$tmp/data-$1"
  rm -rf "$data"; mkdir -p "$data"
  case "$name" in
    vigil)
      "$JAVA" -XX:SharedArchiveFile=server/target/vigil.jsa -XX:+AutoCreateSharedArchive \
        -Xlog:cds=off -Xlog:cds+dynamic=off --enable-native-access=ALL-UNNAMED \
        --sun-misc-unsafe-memory-access=allow ${VIGIL_JAVA_OPTS:-} \
        -jar server/target/vigil.jar server --listen "127.0.0.1:$port" --data "$data" \
        >"$tmp/server.log" 2>&1 &
      pid=$!; ready="http://127.0.0.1:$port/-/ready"; url="http://127.0.0.1:$port/api/v1/write" ;;
    victoria-metrics)
      victoria-metrics -storageDataPath="$data" -httpListenAddr="127.0.0.1:$port" \
        -retentionPeriod=1y >"$tmp/server.log" 2>&1 &
      pid=$!; ready="http://127.0.0.1:$port/health"; url="http://127.0.0.1:$port/api/v1/write" ;;
    prometheus)
      printf 'global:\n  scrape_interval: 15s\n' >"$data/prometheus.yml"
      prometheus --config.file="$data/prometheus.yml" --storage.tsdb.path="$data/tsdb" \
        --web.listen-address="127.0.0.1:$port" --web.enable-remote-write-receiver \
        >"$tmp/server.log" 2>&1 &
      pid=$!; ready="http://127.0.0.1:$port/-/ready"; url="http://127.0.0.1:$port/api/v1/write" ;;
    *) echo "unknown server $name" >&2; exit 2 ;;
  esac
  wait_ready "$ready" "$pid"
}

stop_server() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

# Waits (up to 60 s) until the server has used under 5 % of a core over a second, so that work
# the warm-up left behind (merges, compactions, compilation) is not counted in the measured load.
wait_idle() { # pid
  local a b
  for _ in $(seq 60); do
    a=$(cpu_ticks "$1"); sleep 1; b=$(cpu_ticks "$1")
    [ $((b - a)) -le $((TICKS / 20)) ] && return 0
  done
  echo "server $1 still busy after the warm-up; measuring anyway" >&2
}

json_field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $SERIES series x $TIMESTAMPS timestamps, $SENDERS senders, $PER_REQUEST samples/request," \
  "warm-up $WARMUP in requests of $WARMUP_PER_REQUEST"
printf '%-6s %-17s %10s %9s %8s %14s  %s\n' round server accepted cpu_s wall_s samples/cpu_s statuses
declare -A sum
i=0
for round in $(seq "$ROUNDS"); do
  for name in $SERVERS; do
    port=$((PORT_BASE + i % 10)); i=$((i + 1))
    start_server "$name" "$port"
    if [ "$WARMUP" != 0 ]; then
      "$JAVA" --sun-misc-unsafe-memory-access=allow -jar bench/target/vigil-bench.jar ingest \
        --url "$url" --job warmup --series "${WARMUP%x*}" --timestamps "${WARMUP#*x}" \
        --senders "$SENDERS" --samples-per-request "$WARMUP_PER_REQUEST" --format json >/dev/null \
        || true
      wait_idle "$pid"
    fi
    before=$(cpu_ticks "$pid")
    out=$("$JAVA" --sun-misc-unsafe-memory-access=allow -jar bench/target/vigil-bench.jar ingest \
      --url "$url" --series "$SERIES" --timestamps "$TIMESTAMPS" --senders "$SENDERS" \
      --samples-per-request "$PER_REQUEST" --format json) || true
    sleep 2
    after=$(cpu_ticks "$pid")
    stop_server
    accepted=$(echo "$out" | json_field samples_accepted)
    wall=$(echo "$out" | json_field elapsed_seconds)
    statuses=$(echo "$out" | sed -n 's/.*"statuses":{\(.*\)}}/\1/p')
    cpu=$(awk -v a="$after" -v b="$before" -v t="$TICKS" 'BEGIN {printf "%.2f", (a - b) / t}')
    rate=$(awk -v s="$accepted" -v c="$cpu" 'BEGIN {printf "%.0f", (c > 0) ? s / c : 0}')
    sum[$name]="${sum[$name]:-} $rate"
    printf '%-6s %-17s %10s %9s %8s %14s  %s\n' "$round" "$name" "$accepted" "$cpu" "$wall" "$rate" "$statuses"
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
for name in $SERVERS; do
  m=$(echo "${sum[$name]}" | median)
  printf 'median %-17s %14s samples per CPU-second\n' "$name" "$m"
  declare "med_${name//-/_}=$m"
done
if [ -n "${med_vigil:-}" ]; then
  [ -n "${med_victoria_metrics:-}" ] && awk -v a="$med_vigil" -v b="$med_victoria_metrics" \
    'BEGIN {printf "vigil / victoria-metrics = %.2fx (bar 1.2x)\n", a / b}'
  [ -n "${med_prometheus:-}" ] && awk -v a="$med_vigil" -v b="$med_prometheus" \
    'BEGIN {printf "vigil / prometheus       = %.2fx (bar 3x)\n", a / b}'
fi
if [ -n "${med_victoria_metrics:-}" ] && [ -n "${med_prometheus:-}" ]; then
  awk -v a="$med_victoria_metrics" -v b="$med_prometheus" \
    'BEGIN {printf "victoria-metrics / prometheus = %.2fx\n", a / b}'
fi
