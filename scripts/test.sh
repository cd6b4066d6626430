#!/usr/bin/env bash
# The whole test suite: makes the local PostgreSQL, the k8s/ validation tools (kubectl, promtool) and headless Chromium
# (for ConsoleBrowserTest) available, then builds, tests, packages the jar and runs the integration tests against it.
# Extra arguments go to Maven (e.g. -Dtest=ThinSliceTest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/k8s-tools.sh
KRAKEN_TEST_PG_URI="$(KRAKEN_TEST_PG_FRESH="${KRAKEN_TEST_PG_FRESH:-1}" bash scripts/postgres-local.sh)"
export KRAKEN_TEST_PG_URI
bash scripts/chromium-local.sh
exec mvn -B verify "$@"
