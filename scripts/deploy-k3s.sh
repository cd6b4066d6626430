#!/usr/bin/env bash
# Deploys KRAKEN to the cluster kubectl points at (k3s: export KUBECONFIG=/etc/rancher/k3s/k3s.yaml) with one
# command: bash scripts/deploy-k3s.sh dev|prod. Checks kubectl and the cluster first and says exactly what is
# missing; installs the CRDs and waits for them, applies the overlay, then waits for every Deployment's rollout.
# The image kraken:0.1.0 must be in the cluster's image store (k3s: docker save kraken:0.1.0 | k3s ctr images import -).
# Settings (environment): ROLLOUT_TIMEOUT (300s).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "deploy-k3s: $*" >&2; }
fail() { say "$*"; exit 1; }

overlay="${1:-}"
overlays="$(ls k8s/overlays | tr '\n' ' ')"
[ -n "$overlay" ] || fail "no overlay given. Usage: bash scripts/deploy-k3s.sh <overlay>, one of: $overlays"
[ -d "k8s/overlays/$overlay" ] || fail "unknown overlay '$overlay'; allowed: $overlays"
timeout="${ROLLOUT_TIMEOUT:-300s}"

command -v kubectl >/dev/null \
  || fail "kubectl is not installed (Debian: apt-get install kubernetes-client; k3s ships it as 'k3s kubectl')."
context="$(kubectl config current-context 2>/dev/null || true)"
[ -n "$context" ] || fail "kubectl has no current context: no cluster configured. For k3s: export KUBECONFIG=/etc/rancher/k3s/k3s.yaml"
if ! reason="$(kubectl version --request-timeout=5s -o json 2>&1 >/dev/null)"; then
  fail "the cluster of context '$context' is not reachable: $(echo "$reason" | tail -n 1)"
fi

namespace=kraken
say "context '$context', overlay '$overlay', namespace $namespace"
kubectl apply -f k8s/base/crds/
kubectl wait --for=condition=Established --timeout=60s \
  crd/threatscalepolicies.kraken.dev crd/threatresponses.kraken.dev
kubectl apply -k "k8s/overlays/$overlay"
if ! kubectl -n "$namespace" get secret kraken-postgres >/dev/null 2>&1; then
  say "no Secret kraken-postgres: persistence is off (see k8s/base/secret.template.yaml to create it)"
fi
for deployment in $(kubectl -n "$namespace" get deployments -l app.kubernetes.io/part-of=kraken -o name); do
  kubectl -n "$namespace" rollout status "$deployment" --timeout="$timeout" \
    || fail "$deployment did not roll out within $timeout: kubectl -n $namespace describe $deployment"
done
say "deployed: run bash scripts/readiness-check.sh"
