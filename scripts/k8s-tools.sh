#!/usr/bin/env bash
# Makes the tools of the offline k8s/ validation available, idempotently: kubectl (for kubectl kustomize) and promtool.
# Installs the missing ones from Debian (kubernetes-client, prometheus) when it can; says exactly what is missing
# otherwise and exits 1. All talk goes to stderr.
set -euo pipefail
say() { echo "k8s-tools: $*" >&2; }
missing=()
command -v kubectl >/dev/null || missing+=(kubernetes-client)
command -v promtool >/dev/null || missing+=(prometheus)
[ ${#missing[@]} -eq 0 ] && exit 0
say "installing ${missing[*]} (for kubectl kustomize and promtool)"
if [ "$(id -u)" -eq 0 ]; then apt=(apt-get); else apt=(sudo -n apt-get); fi
if ! { "${apt[@]}" update -qq >&2 && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >&2; }; then
  say "could not install ${missing[*]}: install them (Debian: apt-get install ${missing[*]}) and run again"
  exit 1
fi
