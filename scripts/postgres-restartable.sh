#!/usr/bin/env bash
# A PostgreSQL cluster of its own for the test that stops and starts the real server mid-run (PostgresRestartTest),
# so that stopping it never pulls the shared test server (port 5432) from under other tests running at the same time.
# Creates the cluster once (pg_createcluster, root or sudo needed), then lets postgres-local.sh start it and create
# the test role and database. Prints the connection URI on stdout and nothing else there. Settings (environment):
#   KRAKEN_TEST_PG_RESTART_PORT (5439), and postgres-local.sh's KRAKEN_TEST_PG_USER/_PASSWORD/_DATABASE.
set -euo pipefail

port="${KRAKEN_TEST_PG_RESTART_PORT:-5439}"
name=kraken_restart
say() { echo "postgres-restartable: $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

if ! command -v pg_createcluster >/dev/null || ! command -v pg_lsclusters >/dev/null; then
  say "no local PostgreSQL installation (pg_createcluster): install postgresql-15"
  exit 1
fi
if ! pg_lsclusters --no-header | awk -v p="$port" '$3 == p {found = 1} END {exit !found}'; then
  version="$(pg_lsclusters --no-header | awk 'NR == 1 {print $1}')"
  version="${version:-$(ls /usr/lib/postgresql | sort -V | tail -n 1)}"
  say "creating PostgreSQL cluster $version/$name on port $port for the restart test"
  as_root pg_createcluster "$version" "$name" --port "$port" >&2 || {
    say "cannot create the cluster: run as root or allow: sudo pg_createcluster $version $name --port $port"; exit 1; }
fi
KRAKEN_TEST_PG_PORT="$port" exec bash "$(dirname "$0")/postgres-local.sh"
