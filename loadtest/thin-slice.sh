#!/usr/bin/env bash
# Measures readings/s and ingest-to-picture latency through the thin slice on this machine:
# starts target/kraken.jar on loopback (embedded, simulator off), drives it with `kraken loadgen` for a bounded
# time, stops it with SIGTERM, and keeps the result in loadtest/results/. Loopback only; stops by itself.
#
#   loadtest/thin-slice.sh                      # 30 s, 16 connections x 100 readings
#   DURATION=60s CONCURRENCY=32 BATCH=200 loadtest/thin-slice.sh
#   PROFILE=1 loadtest/thin-slice.sh            # also records a JFR profile of the server
#
# Knobs (environment): DURATION WARMUP CONCURRENCY BATCH SENSORS INGEST_INSTANCES HEAP PROFILE
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${DURATION:-30s}"
warmup="${WARMUP:-5s}"
concurrency="${CONCURRENCY:-16}"
batch="${BATCH:-100}"
sensors="${SENSORS:-50}"
instances="${INGEST_INSTANCES:-1}"
heap="${HEAP:-1g}"
ingest_port=18080; tactical_port=18081; ops_port=19090

[ -f target/kraken.jar ] || { echo "target/kraken.jar is missing: run mvn -B -DskipTests package first" >&2; exit 1; }
mkdir -p loadtest/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
jfr=()
if [ "${PROFILE:-0}" = "1" ]; then
  jfr=("-XX:StartFlightRecording=filename=loadtest/results/$stamp.jfr,settings=profile")
fi

java -Xmx"$heap" "${jfr[@]}" -jar target/kraken.jar --no-simulator \
  --set ingest.http.host=127.0.0.1 --set ingest.http.port=$ingest_port --set ingest.instances="$instances" \
  --set tactical.http.host=127.0.0.1 --set tactical.http.port=$tactical_port \
  --set ops.http.host=127.0.0.1 --set ops.http.port=$ops_port --set log.level=WARN \
  > "loadtest/results/$stamp-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT

for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$ops_port/ready" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { echo "server exited; see loadtest/results/$stamp-server.log" >&2; exit 1; }
  sleep 0.5
done

java -Xmx512m -jar target/kraken.jar loadgen --url "http://127.0.0.1:$ingest_port" \
  --metrics-url "http://127.0.0.1:$ops_port/metrics" --duration "$duration" --warmup "$warmup" \
  --concurrency "$concurrency" --batch "$batch" --sensors "$sensors" | tee "loadtest/results/$stamp.txt"

kill -TERM $server; wait $server || true
trap - EXIT
echo "results: loadtest/results/$stamp.txt (server log: loadtest/results/$stamp-server.log)"
