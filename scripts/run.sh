#!/usr/bin/env bash
# Runs KRAKEN on its embedded default: all four verticles in one JVM, a single in-memory Hazelcast member,
# no PostgreSQL, and a simulated sensor feed. Builds target/kraken.jar first when it is missing or older than
# the sources. Arguments go to kraken (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f target/kraken.jar ] || [ -n "$(find verticles pom.xml -newer target/kraken.jar -print -quit)" ]; then
  echo "building target/kraken.jar ..." >&2
  mvn -B -q -DskipTests package
fi
exec java -Xmx512m -jar target/kraken.jar "$@"
