#!/usr/bin/env bash
# Failover drill: three KRAKEN nodes on loopback (cluster mode, every verticle on each) take a steady open-loop
# load from `kraken loadgen --retry` spread over their three ingest ports, while one node is killed with kill -9
# and restarted (MODE=kill, the default), or each node in turn is stopped with SIGTERM and restarted
# (MODE=rolling). Afterwards `kraken drill-check` proves from the acked-ids file and the picture that no
# acknowledged reading is missing and none is counted twice, and one JSON summary goes to loadtest/results/:
# what clients saw during the failure (refusals by reason, p99 per second) and how long until full service.
# Loopback only; bounded in time; stops every process it started (trap), also on Ctrl-C.
#
#   loadtest/failover-drill.sh                   # kill -9 node 2 15 s into 45 s at 1,500 readings/s (10 s warm-up)
#   MODE=rolling loadtest/failover-drill.sh      # SIGTERM + restart of node 1, 2, 3 in turn from 5 s into 50 s
#   SHORT=1 loadtest/failover-drill.sh           # CI-sized: 500 readings/s for 20 s, kill at 6 s
#
# Knobs (environment): MODE (kill|rolling) RATE DURATION (seconds or 45s) KILL_AT (s) VICTIM (1-3)
#   RESTART_AFTER (s) WARMUP (s, 10; 5 with SHORT=1) MIX CONNECTIONS SENSORS HEAP SHORT; times count after the warm-up
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${MODE:-kill}"
short="${SHORT:-0}"
if [ "$short" = "1" ]; then default_rate=500; default_duration=20; default_kill_at=6
elif [ "$mode" = "rolling" ]; then default_rate=1500; default_duration=50; default_kill_at=5
else default_rate=1500; default_duration=45; default_kill_at=15; fi
[ "$short" = "1" ] && default_warmup=5 || default_warmup=10
rate="${RATE:-$default_rate}"
duration="${DURATION:-$default_duration}"; duration="${duration%s}"
kill_at="${KILL_AT:-$default_kill_at}"
victim="${VICTIM:-2}"
restart_after="${RESTART_AFTER:-3}"
warmup="${WARMUP:-$default_warmup}"; warmup="${warmup%s}"
mix="${MIX:-seed}"
connections="${CONNECTIONS:-16}"
sensors="${SENSORS:-200}"
heap="${HEAP:-512m}"
case "$mode" in kill|rolling) ;; *) echo "MODE must be kill or rolling, not '$mode'" >&2; exit 2 ;; esac
case "$victim" in 1|2|3) ;; *) echo "VICTIM must be 1, 2 or 3, not '$victim'" >&2; exit 2 ;; esac
command -v python3 >/dev/null || { echo "python3 is needed to write the summary" >&2; exit 1; }
[ -f target/kraken.jar ] || { echo "target/kraken.jar is missing: run mvn -B -DskipTests package first" >&2; exit 1; }

ingest_port() { echo $((28080 + $1)); }
tactical_port() { echo $((28180 + $1)); }
tcp_port() { echo $((28380 + $1)); }
ops_port() { echo $((29090 + $1)); }
grid_port() { echo $((25700 + $1)); }
for i in 1 2 3; do
  for port in $(ingest_port $i) $(tactical_port $i) $(ops_port $i) $(grid_port $i) $(tcp_port $i); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port is in use (another drill still going?); this script needs it free" >&2; exit 1
    fi
  done
done

mkdir -p loadtest/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="loadtest/results/$stamp-failover-$mode"
members="127.0.0.1:$(grid_port 1),127.0.0.1:$(grid_port 2),127.0.0.1:$(grid_port 3)"
cluster_name="drill-$stamp-$$"
declare -A node_pid=()
loadgen_pid=""
events="$out-events.tsv"
: > "$events"

stop_everything() {
  [ -n "$loadgen_pid" ] && kill -9 "$loadgen_pid" 2>/dev/null || true
  for pid in "${node_pid[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}
trap stop_everything EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }
say() { echo "failover-drill: $(date -u +%H:%M:%S) $*" >&2; }
event() { printf '%s\t%s\t%s\n' "$(now_ms)" "$1" "$2" >> "$events"; say "$1 node $2"; }

start_node() { # i
  local i=$1
  java -Xmx"$heap" -XX:+UseSerialGC -jar target/kraken.jar --cluster --no-simulator \
    --set cluster.name="$cluster_name" --set cluster.members="$members" --set cluster.port="$(grid_port "$i")" \
    --set node.id="drill-node-$i" --set log.level=WARN \
    --set ingest.http.host=127.0.0.1 --set ingest.http.port="$(ingest_port "$i")" \
    --set tactical.http.host=127.0.0.1 --set tactical.http.port="$(tactical_port "$i")" \
    --set ingest.tcp.host=127.0.0.1 --set ingest.tcp.port="$(tcp_port "$i")" \
    --set ops.http.host=127.0.0.1 --set ops.http.port="$(ops_port "$i")" \
    >> "$out-node$i.log" 2>&1 &
  node_pid[$i]=$!
}

await_ready() { # i, members, seconds
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    curl -fs --max-time 2 "http://127.0.0.1:$(ops_port "$1")/ready" 2>/dev/null | grep -q "\"members\":$2" && return 0
    sleep 0.5
  done
  say "node $1 not ready with $2 members within $3 s; see $out-node$1.log"; exit 1
}

await_ingest_takes_readings() { # i: ingest answers 503 until it knows the pipeline's consumers cluster-wide
  local deadline=$((SECONDS + 60)) code
  while [ $SECONDS -lt $deadline ]; do
    code=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      -d "{\"id\":\"probe-$stamp-$1\",\"sensorId\":\"drill-probe\",\"timestamp\":$(now_ms),\"sensorType\":{\"type\":\"CommsIntercept\",\"frequencyMhz\":150,\"encryptionType\":\"None\"}}" \
      "http://127.0.0.1:$(ingest_port "$1")/api/v1/sensors/data" || true)
    [ "$code" = "202" ] && return 0
    sleep 0.5
  done
  say "node $1's ingest did not answer 202 within 60 s; see $out-node$1.log"; exit 1
}

stop_node() { # i, signal
  local i=$1 pid=${node_pid[$1]}
  kill "-$2" "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then say "node $i did not stop within 60 s of SIG$2; killing it"; kill -9 "$pid"; fi
  wait "$pid" 2>/dev/null || true
}

restart_node() { # i
  start_node "$1"
  await_ready "$1" 3 120
  await_ingest_takes_readings "$1"
  event ready "$1"
}

say "starting three nodes (cluster $cluster_name, heap $heap each)"
for i in 1 2 3; do start_node $i; done
for i in 1 2 3; do await_ready $i 3 180; done
for i in 1 2 3; do await_ingest_takes_readings $i; done
say "three nodes ready with 3 members; ingest answers 202 on each"

urls="http://127.0.0.1:$(ingest_port 1),http://127.0.0.1:$(ingest_port 2),http://127.0.0.1:$(ingest_port 3)"
say "load: ${rate} readings/s ($mix mix) for ${duration} s after ${warmup} s warm-up over $connections connections to $urls, --retry"
java -Xmx512m -jar target/kraken.jar loadgen --mode open --retry --url "$urls" --rate "$rate" \
  --duration "${duration}s" --warmup "${warmup}s" --mix "$mix" --connections "$connections" --sensors "$sensors" \
  --acked-ids "$out-acked.tsv" --json > "$out-loadgen.json" 2> "$out-loadgen.log" &
loadgen_pid=$!
loadgen_started=$(now_ms)
# every fifth progress line of the generator, so the run can be followed
( tail -n +1 -f "$out-loadgen.log" --pid=$loadgen_pid 2>/dev/null | awk 'NR % 5 == 0 { print; fflush() }' >&2 ) &

sleep_until() { # seconds after the load started
  local wait_ms=$(( loadgen_started + $1 * 1000 - $(now_ms) ))
  [ $wait_ms -gt 0 ] && sleep "$(awk "BEGIN{print $wait_ms/1000}")"
  return 0
}

# KILL_AT counts from the end of the warm-up (cold JVMs are slow for their first seconds)
sleep_until "$((warmup + kill_at))"
if [ "$mode" = "kill" ]; then
  event kill9 "$victim"
  stop_node "$victim" KILL
  sleep "$restart_after"
  event restart "$victim"
  restart_node "$victim"
else
  for i in 1 2 3; do
    kill -0 "$loadgen_pid" 2>/dev/null || say "the load has ended before node $i's turn (raise DURATION to keep it under load)"
    event sigterm "$i"
    stop_node "$i" TERM
    event restart "$i"
    restart_node "$i"
  done
fi

for _ in $(seq 1 $(( (duration + 120) * 2 ))); do kill -0 "$loadgen_pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$loadgen_pid" 2>/dev/null; then say "the load generator did not finish in time; stopping it"; kill -9 "$loadgen_pid"; fi
wait "$loadgen_pid" || say "the load generator exited with $?"
loadgen_pid=""

survivor=1; [ "$mode" = "kill" ] && [ "$victim" = "1" ] && survivor=2
say "checking the picture on node $survivor against $out-acked.tsv"
check_exit=0
java -Xmx512m -jar target/kraken.jar drill-check --acked-ids "$out-acked.tsv" \
  --tactical-url "http://127.0.0.1:$(tactical_port $survivor)" --json > "$out-check.json" || check_exit=$?

for i in 1 2 3; do stop_node "$i" TERM; done
node_pid=()

python3 - "$out" "$mode" "$rate" "$((warmup + duration))" "$check_exit" "$warmup" <<'PY'
import json, sys
out, mode, rate, duration, check_exit = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
warmup = int(sys.argv[6])
load = json.loads(open(out + "-loadgen.json").read().strip().splitlines()[-1])
check = json.loads(open(out + "-check.json").read().strip().splitlines()[-1])
timeline = load["timeline"]
# event times become seconds on the timeline, which counts from the schedule's start (warm-up included)
start_ms = load["started_at_ms"]
events = []
for line in open(out + "-events.tsv"):
    at, what, node = line.split("\t")
    events.append({"t_s": round((int(at) - start_ms) / 1000, 1), "event": what, "node": int(node)})
disruptions = [e["t_s"] for e in events if e["event"] in ("kill9", "sigterm")]
first = disruptions[0] if disruptions else None

def healthy(second):
    return second["acked"] >= 0.9 * rate and not second["refused"]

in_schedule = [s for s in timeline if s["t"] < duration]
recovered_t = None
degraded_seconds = []
if first is not None:
    after = [s for s in in_schedule if s["t"] >= int(first)]
    degraded = [s["t"] for s in after if not healthy(s)]
    degraded_seconds = degraded
    last_degraded = degraded[-1] if degraded else int(first) - 1
    run = [s for s in after if s["t"] > last_degraded]
    if len(run) >= 3 and all(healthy(s) for s in run[:3]):
        recovered_t = run[0]["t"]
window = [s for s in timeline if first is not None and s["t"] >= int(first)
          and (recovered_t is None or s["t"] < recovered_t)]
def at_rate(second):  # neither short of the rate nor catching up on a backlog
    return healthy(second) and second["acked"] <= 1.1 * rate and second["p99_ms"] is not None
before = [s for s in in_schedule if first is not None and warmup <= s["t"] < int(first) and s["p99_ms"] is not None]
steady = [s for s in before if at_rate(s)] or before
after_recovery = [s for s in in_schedule if recovered_t is not None and s["t"] >= recovered_t and at_rate(s)]
codes = {"202": sum(s["acked"] for s in window)}
for s in window:
    for reason, n in s["refused"].items():
        codes[reason] = codes.get(reason, 0) + n
def median(values):
    values = sorted(values)
    return values[len(values) // 2] if values else None
summary = {
    "mode": mode, "rate_target": rate, "duration_s": duration, "mix": load["mix"], "targets": load["targets"],
    "events": events,
    "sent": load["sent"], "acked": load["acked"], "retried": load["retried"], "given_up": load["given_up"],
    "refused_final": load["refused"], "not_sent": load["not_sent"], "balanced": load["balanced"],
    "check_ok": check["ok"], "check_exit": check_exit, "acked_distinct": check["acked"],
    "in_picture": check["in_picture"], "missing": check["missing"], "double_counted": check["double_counted"],
    "unacknowledged_but_present": check["unacknowledged_but_present"],
    "failure_window_s": [int(first) if first is not None else None, recovered_t],
    "degraded_seconds": degraded_seconds,
    "codes_during_failure": codes,
    "refusals_seen_whole_run": load["refusals_seen"],
    "p99_ms_steady_median_per_s": median([s["p99_ms"] for s in steady]),
    "steady_seconds": [s["t"] for s in steady],
    "p99_ms_after_recovery_median_per_s": median([s["p99_ms"] for s in after_recovery]),
    "p99_ms_failure_window_max_per_s": max([s["p99_ms"] for s in window if s["p99_ms"] is not None], default=None),
    "p99_ms_whole_run": load["p99_ms"], "max_ms_whole_run": load["max_ms"],
    "seconds_to_full_service": None if recovered_t is None or first is None else round(recovered_t - first, 1),
    "full_service_rule": "from the first kill/SIGTERM until the first of 3 consecutive seconds with acked >= 90 % "
                         "of the rate and no refusal, after the last second that was not so (degraded_seconds); null when "
                         "the run ended before that (raise DURATION)",
    "files": {"loadgen": out + "-loadgen.json", "check": out + "-check.json", "acked_ids": out + "-acked.tsv",
              "node_logs": out + "-node{1,2,3}.log"},
}
open(out + ".json", "w").write(json.dumps(summary, indent=1) + "\n")
print(json.dumps(summary))
PY
say "summary: $out.json"
trap - EXIT
exit "$check_exit"
