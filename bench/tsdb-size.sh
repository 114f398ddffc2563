#!/usr/bin/env bash
# Disk bytes per sample, side by side: Vigil, Prometheus (promtool backfill + its compaction) and
# VictoriaMetrics (import API + forced merge), all loaded with the same recording of a real
# node_exporter. See docs/benchmarks.md ("Disk size").
#
# usage: bench/tsdb-size.sh [SCRAPES] [WORK_DIR]
#   SCRAPES   scrapes of node_exporter, laid out 15 s apart (default 5760 = 24 h; 960 = 4 h quick)
#   WORK_DIR  scratch folder, emptied first (default /tmp/vigil-tsdb-size)
# Needs Debian's prometheus-node-exporter, prometheus (promtool) and victoria-metrics, curl, and a
# JDK 21+. Ports 17201-17203 on 127.0.0.1 (override with PORT_BASE=...).
set -euo pipefail
SCRAPES=${1:-5760}
WORK=${2:-/tmp/vigil-tsdb-size}
PORT_BASE=${PORT_BASE:-17200}
NE_PORT=$((PORT_BASE + 1)); PROM_PORT=$((PORT_BASE + 2)); VM_PORT=$((PORT_BASE + 3))
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=$ROOT/bench/target/benchmarks.jar

for bin in prometheus-node-exporter promtool prometheus victoria-metrics curl; do
  command -v "$bin" >/dev/null || { echo "missing $bin (Debian packages prometheus-node-exporter, prometheus, victoria-metrics, curl)" >&2; exit 1; }
done
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && JAVA_HOME=$(dirname "$(dirname "$JAVA")") mvn -B -q -o package -pl bench -am -DskipTests)
fi

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_http() { for _ in $(seq 1 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; return 1; }
# Bytes of the files under the given folders (directory entries themselves are not counted).
file_bytes() { find "$@" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
# Files of every block folder (names are ULIDs) under $1: chunks, index, meta, tombstones.
block_bytes() { file_bytes $(find "$1" -mindepth 1 -maxdepth 1 -type d -name '01*'); }

rm -rf "$WORK"; mkdir -p "$WORK"
cd "$WORK"

echo "== recording $SCRAPES scrapes of node_exporter on :$NE_PORT"
prometheus-node-exporter --web.listen-address=127.0.0.1:$NE_PORT >node_exporter.log 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$NE_PORT/metrics"
for _ in $(seq 1 "$SCRAPES"); do echo "url = \"http://127.0.0.1:$NE_PORT/metrics\""; done >urls.cfg
start=$(date +%s)
curl -s -K urls.cfg -w '# SCRAPE\n' >scrapes.txt
echo "   $(grep -c '^# SCRAPE' scrapes.txt) scrapes in $(( $(date +%s) - start )) s"

# Lay the scrapes out 15 s apart, ending at least 2 h ago, starting on a 2 h boundary.
now_ms=$(( $(date +%s) * 1000 ))
span=$(( SCRAPES * 15000 ))
base=$(( (now_ms - span - 4 * 3600000) / 7200000 * 7200000 ))
awk -v base="$base" -v om=openmetrics.txt -v pt=prometheus.txt '
  /^# SCRAPE/ { i++; next }
  /^#/ || NF == 0 { next }
  { ts = base + i * 15000; print $0, ts > pt; printf "%s %d\n", $0, ts / 1000 > om; n++ }
  END { print "# EOF" > om; print n > "samples.count" }' scrapes.txt
SAMPLES=$(cat samples.count)
SERIES=$(awk '/^# SCRAPE/ { exit } !/^#/ && NF { n++ } END { print n }' scrapes.txt)
echo "   $SAMPLES samples, $SERIES series per scrape, $(du -h prometheus.txt | cut -f1) of text"
rm -f scrapes.txt urls.cfg

echo "== Prometheus: promtool tsdb create-blocks-from openmetrics, then its own compaction"
promtool tsdb create-blocks-from openmetrics openmetrics.txt prom-data >promtool.log 2>&1
PROM_CREATED=$(block_bytes prom-data)
printf 'global:\n  scrape_interval: 15s\n' >prometheus.yml
prometheus --config.file=prometheus.yml --storage.tsdb.path=prom-data \
  --storage.tsdb.retention.time=3650d --web.listen-address=127.0.0.1:$PROM_PORT >prometheus.log 2>&1 &
PROM_PID=$!; PIDS+=($PROM_PID)
wait_http "http://127.0.0.1:$PROM_PORT/-/ready"
# Prometheus compacts a minute after start and then every minute; wait until the blocks settle.
sleep 65; last=""
for _ in $(seq 1 20); do
  cur=$(ls prom-data | grep -c '^01' || true)
  if [ "$cur" = "$last" ] && ! ls prom-data | grep -q '\.tmp'; then break; fi
  last=$cur; sleep 15
done
kill "$PROM_PID"; wait "$PROM_PID" 2>/dev/null || true
PROM=$(block_bytes prom-data)
PROM_BLOCKS=$(ls prom-data | grep -c '^01')
PROM_SAMPLES=$(promtool tsdb list prom-data 2>/dev/null | awk 'NR > 1 { s += $5 } END { print s }')

echo "== VictoriaMetrics: /api/v1/import/prometheus, force_flush, force_merge"
victoria-metrics -storageDataPath=vm-data -retentionPeriod=100y -httpListenAddr=127.0.0.1:$VM_PORT >vm.log 2>&1 &
VM_PID=$!; PIDS+=($VM_PID)
wait_http "http://127.0.0.1:$VM_PORT/health"
curl -sf --data-binary @prometheus.txt "http://127.0.0.1:$VM_PORT/api/v1/import/prometheus"
sleep 2
curl -sf "http://127.0.0.1:$VM_PORT/internal/force_flush" >/dev/null
curl -sf "http://127.0.0.1:$VM_PORT/internal/force_merge" >/dev/null
# force_merge works in the background: wait until the data folder stops changing.
last=""
for _ in $(seq 1 60); do
  cur=$(file_bytes vm-data/data)
  [ "$cur" = "$last" ] && break
  last=$cur; sleep 5
done
kill "$VM_PID"; wait "$VM_PID" 2>/dev/null || true
VM=$(file_bytes vm-data/data vm-data/indexdb)

echo "== Vigil: dev.vigil.bench.tsdb.CreateBlocks (blocks written directly, merged on open)"
"$JAVA" -cp "$JAR" dev.vigil.bench.tsdb.CreateBlocks prometheus prometheus.txt vigil-data | tee vigil.out
VIGIL=$(block_bytes vigil-data)

bps() { awk -v b="$1" -v s="$SAMPLES" 'BEGIN { printf "%.3f", b / s }'; }
echo
echo "samples: $SAMPLES (Prometheus blocks hold $PROM_SAMPLES), series per scrape: $SERIES"
echo "| system | bytes | bytes/sample | vs VictoriaMetrics |"
echo "|---|---|---|---|"
echo "| Vigil | $VIGIL | $(bps "$VIGIL") | $(awk -v a="$VIGIL" -v b="$VM" 'BEGIN { printf "%.2f×", a / b }') |"
echo "| Prometheus $(dpkg-query -W -f='${Version}' prometheus 2>/dev/null | cut -d+ -f1) ($PROM_BLOCKS blocks after compaction; $PROM_CREATED bytes as created) | $PROM | $(bps "$PROM") | $(awk -v a="$PROM" -v b="$VM" 'BEGIN { printf "%.2f×", a / b }') |"
echo "| VictoriaMetrics $(dpkg-query -W -f='${Version}' victoria-metrics 2>/dev/null | cut -d+ -f1) (data + indexdb) | $VM | $(bps "$VM") | 1.00× |"
