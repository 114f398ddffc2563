#!/bin/sh
# Writes load.yml: 10 groups of 100 rules (50 recording, 50 alerting with a templated annotation)
# over Vigil's own metrics, for the rule evaluation figure in docs/benchmarks.md.
out=${1:-load.yml}
{
  echo "groups:"
  for g in 0 1 2 3 4 5 6 7 8 9; do
    echo "  - name: load$g"
    echo "    rules:"
    r=0
    while [ $r -lt 100 ]; do
      echo "      - record: load:rule${g}_$r"
      echo "        expr: sum by (job) (rate(vigil_http_requests_total[1m])) * $r"
      a=$((r + 1))
      echo "      - alert: Load${g}_$a"
      echo "        expr: vigil_build_info > $((a % 3 - 1))"
      echo "        annotations:"
      echo "          summary: '{{ \$labels.version }} {{ \$value | humanize }}'"
      r=$((r + 2))
    done
  done
} > "$out"
echo "wrote $out"
