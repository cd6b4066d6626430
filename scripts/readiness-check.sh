#!/usr/bin/env bash
# SRE readiness checks for KRAKEN on Kubernetes, each printed PASS or FAIL with its reason; exit 1 if any fails.
#   bash scripts/readiness-check.sh [--json]
# Checks: cluster reachable, nodes ready, no node under memory/disk/PID pressure, the critical Deployments at their
# desired replicas, the NetworkPolicies present, Prometheus ready. Settings (environment): KRAKEN_NAMESPACE (kraken),
# PROMETHEUS_NAMESPACE (monitoring), PROMETHEUS_SERVICE (prometheus:9090), PROMETHEUS_URL (when set, its /-/ready is
# asked directly instead of through the API server's service proxy).
set -uo pipefail

json=no
for arg in "$@"; do
  case "$arg" in
    --json) json=yes ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "readiness-check: unknown argument '$arg'; allowed: --json, --help" >&2; exit 2 ;;
  esac
done
namespace="${KRAKEN_NAMESPACE:-kraken}"
prometheus_namespace="${PROMETHEUS_NAMESPACE:-monitoring}"
prometheus_service="${PROMETHEUS_SERVICE:-prometheus:9090}"
critical="kraken-ingest kraken-inference kraken-tactical kraken-scaling"
policies="default-deny-all allow-dns allow-member-to-member allow-ingress-to-ingest allow-ingress-to-tactical allow-prometheus-to-ops allow-postgres allow-scaler-to-kubernetes-api"

names=(); results=(); reasons=()
record() { names+=("$1"); results+=("$2"); reasons+=("$3"); }

cluster_problem=""
if ! command -v kubectl >/dev/null; then
  cluster_problem="kubectl is not installed (Debian: apt-get install kubernetes-client)"
elif [ -z "$(kubectl config current-context 2>/dev/null)" ]; then
  cluster_problem="kubectl has no current context: no cluster configured (k3s: export KUBECONFIG=/etc/rancher/k3s/k3s.yaml)"
elif ! out="$(kubectl version --request-timeout=5s -o json 2>&1 >/dev/null)"; then
  cluster_problem="the cluster is not reachable: $(echo "$out" | tail -n 1)"
fi

if [ -n "$cluster_problem" ]; then
  record cluster-reachable FAIL "$cluster_problem"
  for check in nodes-ready no-resource-pressure critical-deployments network-policies prometheus-up; do
    record "$check" FAIL "not checked: $cluster_problem"
  done
else
  record cluster-reachable PASS "context $(kubectl config current-context)"

  not_ready="$(kubectl get nodes --request-timeout=10s -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' 2>&1)"
  if [ $? -ne 0 ]; then record nodes-ready FAIL "cannot list nodes: $not_ready"
  elif [ -z "$not_ready" ]; then record nodes-ready FAIL "the cluster has no nodes"
  elif bad="$(echo "$not_ready" | awk '$2 != "True" {print $1}' | tr '\n' ' ')" && [ -n "$bad" ]; then
    record nodes-ready FAIL "not ready: $bad"
  else record nodes-ready PASS "$(echo "$not_ready" | wc -l) node(s) ready"; fi

  pressure="$(kubectl get nodes --request-timeout=10s -o jsonpath='{range .items[*]}{.metadata.name}{":"}{range .status.conditions[?(@.status=="True")]}{.type}{","}{end}{"\n"}{end}' 2>&1 | grep -E 'Pressure|NetworkUnavailable' || true)"
  if [ -n "$pressure" ]; then record no-resource-pressure FAIL "$(echo "$pressure" | tr '\n' ' ')"
  else record no-resource-pressure PASS "no node reports memory, disk or PID pressure"; fi

  lagging=""
  for deployment in $critical; do
    counts="$(kubectl -n "$namespace" get deployment "$deployment" --request-timeout=10s -o jsonpath='{.spec.replicas} {.status.readyReplicas}' 2>&1)" \
      || { lagging+="$deployment (missing) "; continue; }
    read -r desired ready <<<"$counts"
    [ "${ready:-0}" = "$desired" ] || lagging+="$deployment (${ready:-0}/$desired ready) "
  done
  if [ -n "$lagging" ]; then record critical-deployments FAIL "$lagging"
  else record critical-deployments PASS "$critical at their desired replicas"; fi

  present="$(kubectl -n "$namespace" get networkpolicies --request-timeout=10s -o jsonpath='{.items[*].metadata.name}' 2>&1)"
  missing=""
  for policy in $policies; do [[ " $present " == *" $policy "* ]] || missing+="$policy "; done
  if [ -n "$missing" ]; then record network-policies FAIL "missing in $namespace: $missing"
  else record network-policies PASS "all $(echo $policies | wc -w) present in $namespace"; fi

  if [ -n "${PROMETHEUS_URL:-}" ]; then
    answer="$(curl -fsS --max-time 5 "$PROMETHEUS_URL/-/ready" 2>&1)"
  else
    answer="$(kubectl get --request-timeout=10s --raw "/api/v1/namespaces/$prometheus_namespace/services/$prometheus_service/proxy/-/ready" 2>&1)"
  fi
  if [ $? -eq 0 ]; then record prometheus-up PASS "$(echo "$answer" | head -c 120)"
  else record prometheus-up FAIL "Prometheus is not ready: $(echo "$answer" | tail -n 1 | head -c 200)"; fi
fi

failed=0
for i in "${!names[@]}"; do [ "${results[$i]}" = PASS ] || failed=1; done
if [ "$json" = yes ]; then
  escape() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr -d '\n\r\t'; }
  printf '{"passed":%s,"checks":[' "$([ $failed -eq 0 ] && echo true || echo false)"
  for i in "${!names[@]}"; do
    [ "$i" -gt 0 ] && printf ','
    printf '{"check":"%s","result":"%s","reason":"%s"}' "${names[$i]}" "${results[$i]}" "$(escape "${reasons[$i]}")"
  done
  printf ']}\n'
else
  for i in "${!names[@]}"; do printf '%-4s %-22s %s\n' "${results[$i]}" "${names[$i]}" "${reasons[$i]}"; done
fi
exit $failed
