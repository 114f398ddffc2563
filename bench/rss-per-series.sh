#!/usr/bin/env bash
# Resident memory per active series, side by side: Vigil, Prometheus 2.42 (Debian `prometheus`,
# --web.enable-remote-write-receiver) and VictoriaMetrics 1.79 (Debian `victoria-metrics`) run at
# the same time on fresh data folders; each gets the same remote-write load from
# `vigil bench ingest` (SERIES node_exporter-like series x TIMESTAMPS samples 15 s apart ending now,
# 4 senders), one server after the other. After the load and a settling pause, the script reads
# each server's VmRSS from /proc/<pid>/status and prints, per server: RSS before the load (idle),
# RSS after, and bytes per series of both the whole RSS and the growth (after - idle).
#
#   bench/rss-per-series.sh
# Environment: SERIES (100000) TIMESTAMPS (60) SETTLE (20 s) PORT_BASE (17120)
#   VIGIL_JAVA_OPTS, VIGIL_HEAP (passed to the launcher `./vigil`, which starts Vigil here).
set -euo pipefail
cd "$(dirname "$0")/.."
SERIES=${SERIES:-100000}
TIMESTAMPS=${TIMESTAMPS:-60}
SETTLE=${SETTLE:-20}
PORT_BASE=${PORT_BASE:-17120}
command -v prometheus >/dev/null || { echo "needs prometheus (apt-get install prometheus)" >&2; exit 1; }
command -v victoria-metrics >/dev/null \
  || { echo "needs victoria-metrics (apt-get install victoria-metrics)" >&2; exit 1; }
./vigil build >/dev/null
./vigil bench --help >/dev/null
JAVA=$(./vigil which-java)
tmp=$(mktemp -d)
declare -A PID URL READY
cleanup() {
  for p in "${PID[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PID[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

wait_ready() { # url pid
  for _ in $(seq 600); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "process for $1 exited" >&2; return 1; }
    sleep 0.1
  done
  echo "not ready after 60 s: $1" >&2; return 1
}

rss_bytes() { awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$1/status"; }

port=$PORT_BASE
# Through the launcher (which execs java, so $! is the JVM): its heap policy is what is measured.
./vigil server --listen "127.0.0.1:$port" --otlp.grpc-listen=off --data "$tmp/vigil" \
  >"$tmp/vigil.log" 2>&1 &
PID[vigil]=$!; READY[vigil]="http://127.0.0.1:$port/-/ready"; URL[vigil]="http://127.0.0.1:$port/api/v1/write"
port=$((port + 1))
mkdir -p "$tmp/prom"
printf 'global:\n  scrape_interval: 15s\n' >"$tmp/prom/prometheus.yml"
prometheus --config.file="$tmp/prom/prometheus.yml" --storage.tsdb.path="$tmp/prom/tsdb" \
  --web.listen-address="127.0.0.1:$port" --web.enable-remote-write-receiver \
  >"$tmp/prometheus.log" 2>&1 &
PID[prometheus]=$!; READY[prometheus]="http://127.0.0.1:$port/-/ready"; URL[prometheus]="http://127.0.0.1:$port/api/v1/write"
port=$((port + 1))
victoria-metrics -storageDataPath="$tmp/vm" -httpListenAddr="127.0.0.1:$port" -retentionPeriod=1y \
  >"$tmp/vm.log" 2>&1 &
PID[victoria-metrics]=$!; READY[victoria-metrics]="http://127.0.0.1:$port/health"; URL[victoria-metrics]="http://127.0.0.1:$port/api/v1/write"
SERVERS="vigil prometheus victoria-metrics"
for s in $SERVERS; do wait_ready "${READY[$s]}" "${PID[$s]}"; done
sleep 5
declare -A IDLE AFTER
for s in $SERVERS; do IDLE[$s]=$(rss_bytes "${PID[$s]}"); done

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $SERIES series x $TIMESTAMPS samples (15 s apart), remote write 1.0, 4 senders"
for s in $SERVERS; do
  out=$("$JAVA" --sun-misc-unsafe-memory-access=allow -jar bench/target/vigil-bench.jar ingest \
    --url "${URL[$s]}" --series "$SERIES" --timestamps "$TIMESTAMPS" --senders 4 --format json) || true
  echo "# $s: $(echo "$out" | sed -n 's/.*"samples_accepted":\([0-9]*\).*/\1/p') samples accepted"
done
sleep "$SETTLE"
for s in $SERVERS; do AFTER[$s]=$(rss_bytes "${PID[$s]}"); done
printf '%-17s %12s %12s %14s %16s\n' server idle_MiB after_MiB rss_B/series growth_B/series
for s in $SERVERS; do
  awk -v n="$s" -v i="${IDLE[$s]}" -v a="${AFTER[$s]}" -v k="$SERIES" 'BEGIN {
    printf "%-17s %12.1f %12.1f %14.0f %16.0f\n", n, i / 1048576, a / 1048576, a / k, (a - i) / k }'
done
