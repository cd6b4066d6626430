#!/usr/bin/env bash
# Makes the local PostgreSQL available for tests, idempotently: starts the installed cluster if it is down,
# then creates the test role and database if they do not exist. Says exactly what is missing otherwise.
# Prints the connection URI on stdout and nothing else there (all talk goes to stderr). Settings (environment):
#   KRAKEN_TEST_PG_HOST (127.0.0.1) KRAKEN_TEST_PG_PORT (5432)
#   KRAKEN_TEST_PG_USER (kraken)    KRAKEN_TEST_PG_PASSWORD (kraken)   KRAKEN_TEST_PG_DATABASE (kraken_test)
#   KRAKEN_TEST_PG_FRESH (0): 1 drops the test database first, so a run starts from an empty schema (scripts/test.sh
#   sets it: a database migrated by another branch's tests would otherwise fail Flyway's validation)
set -euo pipefail

host="${KRAKEN_TEST_PG_HOST:-127.0.0.1}"
port="${KRAKEN_TEST_PG_PORT:-5432}"
user="${KRAKEN_TEST_PG_USER:-kraken}"
password="${KRAKEN_TEST_PG_PASSWORD:-kraken}"
database="${KRAKEN_TEST_PG_DATABASE:-kraken_test}"

say() { echo "postgres-local: $*" >&2; }
is_root() { [ "$(id -u)" -eq 0 ]; }
as_root() { if is_root; then "$@"; else sudo -n "$@"; fi; }

if ! pg_isready -q -h "$host" -p "$port" 2>/dev/null; then
  if ! command -v pg_ctlcluster >/dev/null || ! command -v pg_lsclusters >/dev/null; then
    say "PostgreSQL is not running on $host:$port and no local server is installed."
    say "Install one (Debian: apt-get install postgresql-15) or point KRAKEN_TEST_PG_HOST/PORT at a running server."
    exit 1
  fi
  cluster="$(pg_lsclusters --no-header 2>/dev/null | awk -v p="$port" '$3 == p {print $1, $2; exit}')"
  if [ -z "$cluster" ]; then
    say "no PostgreSQL cluster is configured on port $port (pg_lsclusters shows none)."
    say "Create one with: pg_createcluster 15 main --port $port --start"
    exit 1
  fi
  # A server killed hard (or a machine restored from a snapshot) leaves its socket lock file behind. PostgreSQL
  # refuses to start while the PID written in it belongs to any live process, and PIDs are reused after a restart.
  # So a lock whose PID is not a running postgres process is stale: remove it with its socket.
  remove_stale_socket_lock() {
    local lock=/var/run/postgresql/.s.PGSQL."$port".lock pid
    [ -f "$lock" ] || return 0
    pid="$(head -n 1 "$lock" 2>/dev/null || true)"
    if [ -n "$pid" ] && [ "$(ps -o comm= -p "$pid" 2>/dev/null)" = postgres ]; then return 0; fi
    say "removing stale socket lock $lock (PID ${pid:-?} is not a running postgres)"
    as_root rm -f "$lock" "${lock%.lock}" || true
  }
  say "starting PostgreSQL cluster $cluster"
  started=no
  for attempt in 1 2 3; do
    remove_stale_socket_lock
    if as_root pg_ctlcluster $cluster start >&2; then started=yes; break; fi
    say "start attempt $attempt failed; retrying in 2 s"
    sleep 2
  done
  if [ "$started" = no ]; then
    say "cannot start PostgreSQL cluster $cluster (see the messages above and /var/log/postgresql/)."
    is_root || say "not root: run as root or allow: sudo pg_ctlcluster $cluster start"
    exit 1
  fi
  for _ in $(seq 1 30); do pg_isready -q -h "$host" -p "$port" && break; sleep 1; done
  pg_isready -q -h "$host" -p "$port" || { say "PostgreSQL did not become ready on $host:$port within 30 s"; exit 1; }
fi

as_postgres() {
  if is_root; then su postgres -c "psql -X -q -v ON_ERROR_STOP=1 -p $port $*"; else sudo -n -u postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" "$@"; fi
}

if [ "${KRAKEN_TEST_PG_FRESH:-0}" = 1 ]; then
  say "dropping database $database for a fresh schema (KRAKEN_TEST_PG_FRESH=1)"
  as_postgres "-d postgres" >&2 <<SQL
DROP DATABASE IF EXISTS $database WITH (FORCE);
SQL
fi

if PGPASSWORD="$password" psql -X -q -h "$host" -p "$port" -U "$user" -d "$database" -c 'select 1' >/dev/null 2>&1; then
  :
else
  say "creating role $user and database $database"
  as_postgres "-d postgres" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE $user LOGIN PASSWORD '$password';
  ELSE
    ALTER ROLE $user LOGIN PASSWORD '$password';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $database OWNER $user' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$database')\gexec
SQL
  PGPASSWORD="$password" psql -X -q -h "$host" -p "$port" -U "$user" -d "$database" -c 'select 1' >/dev/null || {
    say "role $user cannot log in to $database on $host:$port with the configured password"; exit 1; }
fi

echo "postgresql://$user:$password@$host:$port/$database"
