#!/usr/bin/env bash
# The local actuator under a burst: an embedded KRAKEN node (the embedded default policy, the local actuator) takes
# readings at a base rate, then 3x that for a while, then the base rate again until the scaler is back at its
# floor; then one hostile reading times the escalation to the scale call. Reports time to scale up, inference
# instances over time, time back to the floor, request p50/p99 during the burst. Results go to loadtest/results/.
#   loadtest/scaling-burst.sh                                # 400 readings/s, 3x for 30 s, window 15 s, rules scorer
#   ARGS="--scorer models" loadtest/scaling-burst.sh           # the burst through the five models (escalation not measured)
#   ARGS="--base-rate 1000 --burst 60 --window 30" loadtest/scaling-burst.sh
#   SHORT=1 loadtest/scaling-burst.sh                        # CI-sized: 100 readings/s, 6 s burst
# Needs target/kraken.jar (mvn -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/kraken.jar}
HEAP=${HEAP:-512m}
if [ "${SHORT:-0}" = 1 ]; then
  ARGS=${ARGS:---base-rate 100 --warmup 4 --burst 6 --window 3}
else
  ARGS=${ARGS:-}
fi
[ -f "$JAR" ] || { echo "scaling-burst: $JAR is missing: run mvn -q package -DskipTests first" >&2; exit 2; }
mkdir -p loadtest/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="loadtest/results/scaling-$stamp"
# shellcheck disable=SC2086
java "-Xmx$HEAP" -jar "$JAR" bench-scaling --json $ARGS > "$out.log" 2>&1 || { tail -20 "$out.log" >&2; exit 1; }
# the node's JSON log lines stay in .log (the scaler's decisions among them); the figures go to .txt
grep -v '^{"@timestamp' "$out.log" | tee "$out.txt"
grep '^{"settings"' "$out.txt" > "$out.json"
echo "scaling-burst: results in $out.{txt,json,log}" >&2
