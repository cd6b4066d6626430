#!/usr/bin/env bash
# Live updates: 1,000 WebSocket clients on /ws/tactical of an in-process node while 100 contact changes a second go
# through the fold. Reports the delay from each change (the fold's updatedAt) to client receipt, per contact and
# per message, deltas per client per second (coalesced to at most 10 Hz), and RSS (server and clients in one JVM).
# Stops by itself; results (text, JSON, progress log) go to loadtest/results/.
#   loadtest/live-bench.sh
#   ARGS="--clients 2000 --changes-per-second 500 --duration 60s" loadtest/live-bench.sh
#   PROFILE=1 loadtest/live-bench.sh     # also records a JFR profile next to the results
# Needs target/kraken.jar (mvn -q package -DskipTests). Run it on a quiet machine: `uptime` below 1.5.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/kraken.jar}
HEAP=${HEAP:-1g}
ARGS=${ARGS:-}
[ -f "$JAR" ] || { echo "live-bench: $JAR is missing: run mvn -q package -DskipTests first" >&2; exit 2; }
mkdir -p loadtest/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="loadtest/results/live-$stamp"
echo "live-bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# 1,000 clients and the server's 1,000 sockets in one process
ulimit -n 65536 2>/dev/null || true
jfr=()
if [ "${PROFILE:-0}" = 1 ]; then
  jfr=("-XX:StartFlightRecording=filename=$out.jfr,settings=profile")
fi
# shellcheck disable=SC2086
java "-Xmx$HEAP" "${jfr[@]}" -jar "$JAR" bench-live --json $ARGS 2> "$out.log" | tee "$out.txt"
tail -1 "$out.txt" > "$out.json"
echo "live-bench: results in $out.{txt,json,log}${jfr:+ and $out.jfr}" >&2
