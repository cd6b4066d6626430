#!/usr/bin/env bash
# Measures readings/s and ingest-to-picture latency through the thin slice on this machine:
# starts target/kraken.jar on loopback (embedded, simulator off), drives it with `kraken loadgen` for a bounded
# time, stops it with SIGTERM, and keeps the result in loadtest/results/. Loopback only; stops by itself.
#
#   loadtest/thin-slice.sh                      # 30 s, 16 connections x 100 readings
#   DURATION=60s CONCURRENCY=32 BATCH=200 loadtest/thin-slice.sh
#   PROFILE=1 loadtest/thin-slice.sh            # also records a JFR profile of the server
#   NODES=2 loadtest/thin-slice.sh              # two JVMs in cluster mode: ingest | inference+tactical+scaling
#   MODE=open RATE=20000 loadtest/thin-slice.sh # open loop: seed mix on a fixed schedule (default: closed loop,
#                                               # which the README's figures measured)
#
# Knobs (environment): DURATION WARMUP CONCURRENCY BATCH SENSORS INGEST_INSTANCES HEAP PROFILE NODES MODE RATE MIX
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${DURATION:-30s}"
warmup="${WARMUP:-5s}"
concurrency="${CONCURRENCY:-16}"
batch="${BATCH:-100}"
sensors="${SENSORS:-50}"
mode="${MODE:-closed}"
rate="${RATE:-7500}"
mix="${MIX:-seed}"
instances="${INGEST_INSTANCES:-1}"
heap="${HEAP:-1g}"
ingest_port=18080; tactical_port=18081; ops_port=19090; tcp_port=18082

for port in $ingest_port $tcp_port $tactical_port $ops_port $((ops_port + 1)) 15701 15702; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use (another run still going?); this script needs it free" >&2; exit 1
  fi
done
[ -f target/kraken.jar ] || { echo "target/kraken.jar is missing: run mvn -B -DskipTests package first" >&2; exit 1; }
mkdir -p loadtest/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
jfr=()
if [ "${PROFILE:-0}" = "1" ]; then
  jfr=("-XX:StartFlightRecording=filename=loadtest/results/$stamp.jfr,settings=profile")
fi

common=(--no-simulator --set ingest.http.host=127.0.0.1 --set ingest.tcp.host=127.0.0.1 --set ingest.tcp.port=$tcp_port --set ingest.instances="$instances"
  --set tactical.http.host=127.0.0.1 --set ops.http.host=127.0.0.1 --set log.level=WARN)
servers=()
trap 'kill "${servers[@]}" 2>/dev/null || true' EXIT

await_ready() { # port, members
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$1/ready" 2>/dev/null | grep -q "\"members\":$2" && return 0
    sleep 0.5
  done
  echo "node on ops port $1 not ready; see loadtest/results/$stamp-*.log" >&2; exit 1
}

if [ "${NODES:-1}" = "1" ]; then
  java -Xmx"$heap" "${jfr[@]}" -jar target/kraken.jar "${common[@]}" --set ingest.http.port=$ingest_port \
    --set tactical.http.port=$tactical_port --set ops.http.port=$ops_port \
    > "loadtest/results/$stamp-server.log" 2>&1 &
  servers+=($!)
  await_ready $ops_port 1
  metrics_port=$ops_port
else
  cluster=(--cluster --set cluster.name="loadtest-$stamp" --set cluster.members=127.0.0.1:15701,127.0.0.1:15702)
  java -Xmx"$heap" "${jfr[@]}" -jar target/kraken.jar "${common[@]}" "${cluster[@]}" --verticles ingest \
    --set cluster.port=15701 --set ingest.http.port=$ingest_port --set ops.http.port=$ops_port \
    > "loadtest/results/$stamp-server.log" 2>&1 &
  servers+=($!)
  jfr2=()
  if [ "${PROFILE:-0}" = "1" ]; then
    jfr2=("-XX:StartFlightRecording=filename=loadtest/results/$stamp-node2.jfr,settings=profile")
  fi
  java -Xmx"$heap" "${jfr2[@]}" -jar target/kraken.jar "${common[@]}" "${cluster[@]}" --verticles inference,tactical,scaling \
    --set cluster.port=15702 --set tactical.http.port=$tactical_port --set ops.http.port=$((ops_port + 1)) \
    > "loadtest/results/$stamp-server2.log" 2>&1 &
  servers+=($!)
  await_ready $ops_port 2
  await_ready $((ops_port + 1)) 2
  # ingest answers 503 until it has heard of the inference consumer on the other node
  for _ in $(seq 1 60); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      -d "{\"id\":\"probe-$stamp\",\"sensorId\":\"probe\",\"timestamp\":$(date +%s000),\"sensorType\":{\"type\":\"CommsIntercept\",\"frequencyMhz\":150,\"encryptionType\":\"None\"}}" \
      "http://127.0.0.1:$ingest_port/api/v1/sensors/data")
    [ "$code" = "202" ] && break
    sleep 0.5
  done
  metrics_port=$((ops_port + 1))
fi

java -Xmx512m -jar target/kraken.jar loadgen --url "http://127.0.0.1:$ingest_port" \
  --metrics-url "http://127.0.0.1:$metrics_port/metrics" --duration "$duration" --warmup "$warmup" \
  --concurrency "$concurrency" --batch "$batch" --sensors "$sensors" --mode "$mode" --rate "$rate" --mix "$mix" | tee "loadtest/results/$stamp.txt"

kill -TERM "${servers[@]}"; wait "${servers[@]}" || true
trap - EXIT
echo "results: loadtest/results/$stamp.txt (server log: loadtest/results/$stamp-server.log)"
