#!/usr/bin/env bash
# Restart of a whole `vigil server` process with SERIES active series in its write-ahead log:
# starts a server on a fresh data folder, remote-writes SERIES node_exporter-like series x
# TIMESTAMPS samples with `vigil bench ingest`, kills it with SIGKILL (so everything is in the WAL,
# nothing in blocks or a checkpoint), then starts it RUNS times on that folder (SIGKILL after each,
# so every run replays the same log) and measures the wall time from exec to the first 200 from
# /-/ready, the process's CPU time at that moment, and its RSS. Prints each run and the median.
#
#   bench/restart.sh [runs]       (default 3)
# Environment: SERIES (1000000) TIMESTAMPS (2) PORT (17130) VIGIL_JAVA_OPTS (extra JVM flags).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
SERIES=${SERIES:-1000000}
TIMESTAMPS=${TIMESTAMPS:-2}
PORT=${PORT:-17130}
TICKS=$(getconf CLK_TCK)
./vigil build >/dev/null
./vigil bench --help >/dev/null
JAVA=$(./vigil which-java)
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

now_ms() { date +%s%3N; }
start() {
  "$JAVA" -XX:SharedArchiveFile=server/target/vigil.jsa -XX:+AutoCreateSharedArchive \
    -Xlog:cds=off -Xlog:cds+dynamic=off --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow ${VIGIL_JAVA_OPTS:-} \
    -jar server/target/vigil.jar server --listen "127.0.0.1:$PORT" --otlp.grpc-listen=off --data "$tmp/data" \
    >"$tmp/server.log" 2>&1 &
  pid=$!
}
wait_ready() {
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/-/ready"; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited; log:" >&2; cat "$tmp/server.log" >&2; exit 1; }
    sleep 0.02
  done
}
kill_hard() { kill -9 "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
start; wait_ready
"$JAVA" --sun-misc-unsafe-memory-access=allow -jar bench/target/vigil-bench.jar ingest \
  --url "http://127.0.0.1:$PORT/api/v1/write" --series "$SERIES" --timestamps "$TIMESTAMPS" \
  --senders 4 --format text | tail -n 3
kill_hard
echo "# WAL: $(du -sh "$tmp/data/metrics/wal" | cut -f1), $SERIES series x $TIMESTAMPS samples"
printf '%-4s %10s %10s %10s  %s\n' run wall_ms cpu_s rss_MiB "store open (server log)"
walls=""
for run in $(seq "$RUNS"); do
  t0=$(now_ms); start; wait_ready; wall=$(( $(now_ms) - t0 ))
  cpu=$(awk -v t="$TICKS" '{printf "%.1f", ($14 + $15) / t}' "/proc/$pid/stat")
  rss=$(awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  line=$(grep -m 1 -o "metrics store open in .*" "$tmp/server.log" || true)
  printf '%-4s %10s %10s %10s  %s\n' "$run" "$wall" "$cpu" "$rss" "$line"
  walls="$walls $wall"
  kill_hard
done
echo "median wall ms to /-/ready: $(echo $walls | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')"
