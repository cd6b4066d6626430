#!/usr/bin/env bash
# Shows binary TCP ingest holding CONNECTIONS (default 10,000) concurrent connections on loopback: starts
# target/kraken.jar (embedded, simulator off), runs `kraken tcp-connections`, which opens them all, sends one
# one-reading frame on each and waits for its ACK while every connection stays open, and reports connections
# opened, acked, failures and the server's resident memory (VmRSS). Then stops the server with SIGTERM.
#
# It RAISES THE FILE-DESCRIPTOR LIMIT of this shell (ulimit -n) to the hard limit, because each connection is a
# descriptor in the client and another in the server; it stops if the hard limit is below CONNECTIONS + 1000.
#
#   loadtest/tcp-connections.sh
#   CONNECTIONS=15000 loadtest/tcp-connections.sh
set -euo pipefail
cd "$(dirname "$0")/.."

connections="${CONNECTIONS:-10000}"
heap="${HEAP:-512m}"
tcp_port=18082; ingest_port=18080; tactical_port=18081; ops_port=19090

hard="$(ulimit -Hn)"
if [ "$hard" != "unlimited" ] && [ "$hard" -lt $((connections + 1000)) ]; then
  echo "the hard file-descriptor limit is $hard; $connections connections need at least $((connections + 1000))" >&2
  exit 1
fi
ulimit -n "$hard"
echo "file-descriptor limit raised to $(ulimit -n) for the server and the client"

for port in $tcp_port $ingest_port $tactical_port $ops_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use (another run still going?); this script needs it free" >&2; exit 1
  fi
done
[ -f target/kraken.jar ] || { echo "target/kraken.jar is missing: run mvn -B -DskipTests package first" >&2; exit 1; }
mkdir -p loadtest/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

java -Xmx"$heap" -jar target/kraken.jar --no-simulator --set log.level=WARN \
  --set ingest.tcp.host=127.0.0.1 --set ingest.tcp.port=$tcp_port \
  --set ingest.http.host=127.0.0.1 --set ingest.http.port=$ingest_port \
  --set tactical.http.host=127.0.0.1 --set tactical.http.port=$tactical_port \
  --set ops.http.host=127.0.0.1 --set ops.http.port=$ops_port \
  > "loadtest/results/$stamp-tcp-server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$ops_port/ready" >/dev/null 2>&1 && break
  sleep 0.5
done

status=0
java -Xmx512m -jar target/kraken.jar tcp-connections --port $tcp_port --connections "$connections" \
  --server-pid "$server" --timeout 50 --json | tee "loadtest/results/$stamp-tcp-connections.json" || status=$?

kill -TERM "$server"; wait "$server" || true
trap - EXIT
echo "results: loadtest/results/$stamp-tcp-connections.json (server log: loadtest/results/$stamp-tcp-server.log)"
exit $status
