#!/usr/bin/env bash
# Fuzzes the binary TCP ingest frame decoder: CASES seeded cases (default 1,000,000) of random and mutated-valid
# streams, each decoded whole and split at random points. Prints a progress line per second and a JSON summary
# (cases, failures, cases/s, stream errors and refusals by reason), kept in loadtest/results/. Exit 1 on any failure.
#
#   loadtest/fuzz-frames.sh                  # 1M cases, seed 1
#   CASES=5000000 SEED=7 loadtest/fuzz-frames.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/kraken.jar ] || { echo "target/kraken.jar is missing: run mvn -B -DskipTests package first" >&2; exit 1; }
mkdir -p loadtest/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
java -Xmx256m -jar target/kraken.jar fuzz-frames --cases "${CASES:-1000000}" --seed "${SEED:-1}" --json \
  | tee "loadtest/results/$stamp-fuzz-frames.json"
