#!/usr/bin/env bash
# The tactical REST API with 50,000 contacts (put in through the fold) against a bare Vert.x endpoint serving the
# same bytes from memory, in one JVM: GET /api/v1/threats/active and GET /api/v1/contacts?limit=100, open loop at
# 5,000 requests/s (latency from the intended send time) then closed loop (the most each serves, for the ratio).
# Stops by itself; results (text, JSON, progress log) go to loadtest/results/.
#   loadtest/api-bench.sh
#   HEAP=2g ARGS="--contacts 100000 --rate 2000 --duration 30s" loadtest/api-bench.sh
#   PROFILE=1 loadtest/api-bench.sh     # also records a JFR profile next to the results
# Needs target/kraken.jar (mvn -q package -DskipTests). Run it on a quiet machine: `uptime` below 1.5.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/kraken.jar}
HEAP=${HEAP:-1g}
ARGS=${ARGS:-}
[ -f "$JAR" ] || { echo "api-bench: $JAR is missing: run mvn -q package -DskipTests first" >&2; exit 2; }
mkdir -p loadtest/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="loadtest/results/api-$stamp"
echo "api-bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
jfr=()
if [ "${PROFILE:-0}" = 1 ]; then
  jfr=("-XX:StartFlightRecording=filename=$out.jfr,settings=profile")
fi
# shellcheck disable=SC2086
java "-Xmx$HEAP" "${jfr[@]}" -jar "$JAR" bench-api --json $ARGS 2> "$out.log" | tee "$out.txt"
tail -1 "$out.txt" > "$out.json"
echo "api-bench: results in $out.{txt,json,log}${jfr:+ and $out.jfr}" >&2
