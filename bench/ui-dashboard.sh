#!/usr/bin/env bash
# A 12-panel dashboard over 24 h of 1 000 series, timed in a real browser.
#
# Starts the built vigil.jar on an empty data folder, loads 1 000 series (20 hosts x 50:
# node_exporter-style CPU, memory, network, filesystem, disk and load, `up`, and an application's
# request counter and latency histogram) every 15 s over the last 24 h (5.8 M samples) through
# POST /api/v1/import/prometheus (bench/src/main/java/dev/vigil/bench/ui/DashboardDataset.java),
# creates bench/dashboards/fleet-12-panels.json (10 time series and heatmap panels over all the
# series, a stat, a gauge, a bar and a table panel), and opens it in Debian's Chromium through
# chromedriver with Selenium (DashboardRender.java): RUNS timed loads (default 5) after a first one
# with an empty browser cache, then one live refresh of a 1 h view one step later.
#
# "Complete" is the page's own User Timing mark `vigil-dashboard-complete`, set once every panel
# has its answer painted, measured from the start of the navigation.
#
#   bench/ui-dashboard.sh [runs]        (needs Debian's chromium and chromium-driver packages)
#
# Port 17800 on 127.0.0.1 (or $VIGIL_BENCH_PORT); everything lives in a temporary folder removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)" >&2; exit 1; }
command -v chromedriver >/dev/null \
  || { echo "needs chromedriver (apt-get install chromium-driver)" >&2; exit 1; }
./vigil build >/dev/null
JAVA=$(./vigil which-java)
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$JAVA")")}
tmp=$(mktemp -d)
mvn -B -q -o -pl bench -am package dependency:build-classpath -DskipTests \
  -Dspotless.check.skip=true -Dmdep.includeScope=compile -DexcludeGroupIds=dev.vigil \
  -Dmdep.outputFile="$tmp/cp.txt" >/dev/null
PORT=${VIGIL_BENCH_PORT:-17800}
cp server/target/vigil.jar "$tmp/vigil.jar"
cp bench/target/benchmarks.jar "$tmp/benchmarks.jar"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

"$JAVA" ${VIGIL_JAVA_OPTS:-} -jar "$tmp/vigil.jar" server --listen 127.0.0.1:$PORT \
  --data "$tmp/data" --otlp.grpc-listen off >"$tmp/vigil.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/-/ready" && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/vigil.log" >&2; exit 1; }
  sleep 0.1
done
"$JAVA" -cp "$tmp/benchmarks.jar" dev.vigil.bench.ui.DashboardDataset "http://127.0.0.1:$PORT" 24
id=$(curl -fsS -H 'Content-Type: application/json' \
  --data-binary @bench/dashboards/fleet-12-panels.json \
  "http://127.0.0.1:$PORT/api/vigil/v1/dashboards" | sed 's/.*"id":"\([^"]*\)".*/\1/')
"$JAVA" -cp "$tmp/benchmarks.jar:$(cat "$tmp/cp.txt")" dev.vigil.bench.ui.DashboardRender \
  "http://127.0.0.1:$PORT" "$id" "$RUNS" "$(command -v chromium)" "$(command -v chromedriver)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(chromium --version)"
date -u +%FT%TZ
