#!/usr/bin/env bash
# Measures acknowledged readings/s, ack latency and server memory with the open-loop generator, on one JVM or a
# cluster of several on loopback (every node runs all verticles; the load is spread over every node's ingest
# port), or against the bare TCP server (BARE=1: decodes and ACKs frames without processing, the yardstick).
# Starts what it needs from target/kraken.jar, runs `kraken loadgen` for a bounded time, stops everything with
# SIGTERM and writes one JSON summary (the generator's, plus servers' peak RSS) to loadtest/results/.
#
#   loadtest/ingest-rate.sh                                          # TCP, 2 KB sonar, 150,000/s offered, 1 JVM
#   BARE=1 loadtest/ingest-rate.sh                                   # the same load against the bare TCP server
#   NODES=2 loadtest/ingest-rate.sh ; NODES=3 loadtest/ingest-rate.sh
#   PROTOCOL=http MIX=seed RATE=7500 loadtest/ingest-rate.sh         # the seed mix at 1x over HTTP
#
# Knobs (environment): PROTOCOL (tcp|http) RATE MIX PAYLOAD (bytes, single-kind mixes) CONNECTIONS BATCH
# DURATION WARMUP SENSORS NODES HEAP (server -Xmx) BARE PROFILE (1: JFR recording of each node)
# SERVER_OPTS (more JVM flags for the nodes) SERVER_ARGS (more kraken arguments, e.g. --set key=value)
set -euo pipefail
cd "$(dirname "$0")/.."

protocol="${PROTOCOL:-tcp}"; rate="${RATE:-150000}"; mix="${MIX:-SonarActive}"; payload="${PAYLOAD:-2048}"
connections="${CONNECTIONS:-8}"; batch="${BATCH:-200}"; duration="${DURATION:-20s}"; warmup="${WARMUP:-5s}"
sensors="${SENSORS:-50}"; nodes="${NODES:-1}"; heap="${HEAP:-256m}"; bare="${BARE:-0}"
[ -f target/kraken.jar ] || { echo "target/kraken.jar is missing: run mvn -B -DskipTests package first" >&2; exit 1; }
mkdir -p loadtest/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
label="$protocol-$mix-${nodes}n$([ "$bare" = 1 ] && echo -bare || true)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

for i in $(seq 1 "$nodes"); do
  for port in $((28079 + i * 10)) $((28080 + i * 10)) $((28081 + i * 10)) $((28082 + i * 10)) $((25700 + i)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port is in use (another run still going?); this script needs it free" >&2; exit 1
    fi
  done
done

urls=()
if [ "$bare" = "1" ]; then
  java -Xmx"$heap" -jar target/kraken.jar tcp-bare-server --port 28082 --duration 600s \
    > "loadtest/results/$stamp-bare.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do (exec 3<>/dev/tcp/127.0.0.1/28082) 2>/dev/null && break; sleep 0.5; done
  urls+=("tcp://127.0.0.1:28082")
else
  members=""
  for i in $(seq 1 "$nodes"); do members="$members${members:+,}127.0.0.1:$((25700 + i))"; done
  cluster=()
  [ "$nodes" -gt 1 ] && cluster=(--cluster --set cluster.name="rate-$stamp" --set cluster.members="$members")
  for i in $(seq 1 "$nodes"); do
    base=$((28079 + i * 10))
    jfr=()
    [ "${PROFILE:-0}" = "1" ] && jfr=("-XX:FlightRecorderOptions:stackdepth=128" "-XX:StartFlightRecording=filename=loadtest/results/$stamp-node$i.jfr,settings=profile")
    # shellcheck disable=SC2086 # SERVER_OPTS is a list of JVM flags
    java -Xmx"$heap" ${SERVER_OPTS:-} "${jfr[@]}" -jar target/kraken.jar --no-simulator "${cluster[@]}" --set log.level=WARN \
      --set cluster.port=$((25700 + i)) --set ingest.http.host=127.0.0.1 --set ingest.http.port=$base \
      --set tactical.http.host=127.0.0.1 --set tactical.http.port=$((base + 1)) \
      --set ingest.tcp.host=127.0.0.1 --set ingest.tcp.port=$((base + 3)) \
      --set ops.http.host=127.0.0.1 --set ops.http.port=$((base + 2)) ${SERVER_ARGS:-} \
      > "loadtest/results/$stamp-node$i.log" 2>&1 &
    pids+=($!)
    if [ "$protocol" = "tcp" ]; then urls+=("tcp://127.0.0.1:$((base + 3))"); else urls+=("http://127.0.0.1:$base"); fi
  done
  for i in $(seq 1 "$nodes"); do
    for _ in $(seq 1 120); do
      curl -fs "http://127.0.0.1:$((28081 + i * 10))/ready" 2>/dev/null | grep -q "\"members\":$nodes" && break
      sleep 0.5
    done
  done
fi

peak_rss() { # the largest VmRSS (kB) any server reached, sampled each second while the generator runs
  local peak=0
  while kill -0 "$1" 2>/dev/null; do
    for p in "${pids[@]}"; do
      r=$(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
      [ "${r:-0}" -gt "$peak" ] && peak=$r
    done
    echo "$peak" > "loadtest/results/$stamp-rss"
    sleep 1
  done
}

url_list=$(IFS=,; echo "${urls[*]}")
payload_args=()
[ "$mix" != "seed" ] && payload_args=(--payload-bytes "$payload")
java -Xmx768m -jar target/kraken.jar loadgen --mode open --protocol "$protocol" --url "$url_list" --rate "$rate" \
  --mix "$mix" "${payload_args[@]}" --connections "$connections" --batch "$batch" --sensors "$sensors" \
  --duration "$duration" --warmup "$warmup" --json > "loadtest/results/$stamp-$label.json" &
gen=$!
peak_rss $gen &
sampler=$!
wait $gen || true
wait $sampler || true
rss_kb=$(cat "loadtest/results/$stamp-rss" 2>/dev/null || echo 0)
summary=$(tail -1 "loadtest/results/$stamp-$label.json")
echo "{\"label\":\"$label\",\"nodes\":$nodes,\"bare\":$([ "$bare" = 1 ] && echo true || echo false),\"server_heap\":\"$heap\",\"server_peak_rss_mb\":$((rss_kb / 1024)),\"loadgen\":$summary}" \
  | tee "loadtest/results/$stamp-$label-summary.json"
kill -TERM "${pids[@]}" 2>/dev/null || true
wait "${pids[@]}" 2>/dev/null || true
trap - EXIT
