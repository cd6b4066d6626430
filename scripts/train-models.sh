#!/usr/bin/env bash
# Trains the five default models that ship in the jar, reproducibly from fixed seeds: simulated readings become
# feature CSVs, kraken train fits an MLP ensemble per role, then the fusion rows are made with the trained first
# models on four oceans they never saw and the fusion model is trained on them (more vessels, so the fusion model
# cannot learn individual vessels and stays calibrated). Same jar + same seeds = byte-identical models.
#   scripts/train-models.sh            # writes verticles/kraken/inference/models/<role>.onnx (then rebuild the jar)
#   OUT=/tmp/models scripts/train-models.sh
# Needs target/kraken.jar (mvn -q package -DskipTests). Progress on stderr; one JSON summary per model in $WORK.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/kraken.jar}
OUT=${OUT:-verticles/kraken/inference/models}
WORK=${WORK:-target/training}
SEED=${SEED:-20261125}
DURATION=${DURATION:-20m}
VESSELS=${VESSELS:-60}
[ -f "$JAR" ] || { echo "train-models: $JAR is missing: run mvn -q package -DskipTests first" >&2; exit 2; }
mkdir -p "$OUT" "$WORK"
kraken() { java -Xmx2g -jar "$JAR" "$@"; }

echo "train-models: simulating $DURATION of ocean ($VESSELS vessels, seed $SEED) into feature CSVs" >&2
for role in sonar satellite comms anomaly; do
  kraken simulate --seed "$SEED" --duration "$DURATION" --vessels "$VESSELS" --csv "$role" --out "$WORK/$role.csv" &
done
wait

for role in sonar satellite comms; do
  kraken train --csv "$WORK/$role.csv" --name "$role" --seed "$SEED" --out "$OUT/$role.onnx" --json \
    > "$WORK/$role.json"
done
kraken train --csv "$WORK/anomaly.csv" --name anomaly --seed "$SEED" --positive Anomalous --max-fpr 0.01 \
  --out "$OUT/anomaly.onnx" --json > "$WORK/anomaly.json"

echo "train-models: fusion rows from the trained models, four more oceans of 100 vessels (seeds the first models never saw)" >&2
for i in 1 2 3 4; do
  kraken simulate --seed "$((SEED + i))" --duration 10m --vessels 100 --csv fusion --models "$OUT" \
    --out "$WORK/fusion-$i.csv" &
  if [ "$i" = 2 ]; then wait; fi
done
wait
(head -1 "$WORK/fusion-1.csv"; for i in 1 2 3 4; do tail -n +2 "$WORK/fusion-$i.csv"; done) > "$WORK/fusion.csv"
kraken train --csv "$WORK/fusion.csv" --name fusion --seed "$SEED" --epochs 15 --hidden 32 --l2 0.001 --out "$OUT/fusion.onnx" --json \
  > "$WORK/fusion.json"

for role in sonar satellite comms anomaly fusion; do
  python3 -c "import json,sys; d=json.loads(open(sys.argv[1]).read().strip().splitlines()[-1]); \
print(sys.argv[2], 'accuracy', round(d['accuracy_mean'], 4), 'macro-F1', round(d['macro_f1'], 4), 'ECE', round(d['ece'], 4), d['model']['version'])" \
    "$WORK/$role.json" "$role" >&2
done
echo "train-models: wrote $OUT/{sonar,satellite,comms,anomaly,fusion}.onnx" >&2
