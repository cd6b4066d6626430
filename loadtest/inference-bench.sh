#!/usr/bin/env bash
# Inference on the jar's five models and simulated readings, in one JVM: latency of 1,000 readings through the
# whole pipeline, sustained throughput, the raw ONNX Runtime rate on the same rows, the batch-size/latency
# trade-off, and RSS. Stops by itself; results (text and JSON) go to loadtest/results/.
#   loadtest/inference-bench.sh
#   HEAP=1g ARGS="--duration 30s --in-flight 8" loadtest/inference-bench.sh
#   PROFILE=1 loadtest/inference-bench.sh     # also records a JFR profile next to the results
# Needs target/kraken.jar (mvn -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/kraken.jar}
HEAP=${HEAP:-512m}
ARGS=${ARGS:-}
[ -f "$JAR" ] || { echo "inference-bench: $JAR is missing: run mvn -q package -DskipTests first" >&2; exit 2; }
mkdir -p loadtest/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="loadtest/results/inference-$stamp"
jfr=()
if [ "${PROFILE:-0}" = 1 ]; then
  jfr=("-XX:StartFlightRecording=filename=$out.jfr,settings=profile")
fi
# shellcheck disable=SC2086
java "-Xmx$HEAP" "${jfr[@]}" -jar "$JAR" bench-inference --json $ARGS 2> "$out.log" | tee "$out.txt"
tail -1 "$out.txt" > "$out.json"
echo "inference-bench: results in $out.{txt,json,log}${jfr:+ and $out.jfr}" >&2
