#!/usr/bin/env bash
# Makes headless Chromium and its WebDriver available for ConsoleBrowserTest, idempotently: installs the Debian
# packages chromium and chromium-driver when /usr/bin/chromium or /usr/bin/chromedriver is missing. Says exactly
# what is missing otherwise. All talk goes to stderr.
set -euo pipefail

say() { echo "chromium-local: $*" >&2; }
is_root() { [ "$(id -u)" -eq 0 ]; }
as_root() { if is_root; then "$@"; else sudo -n "$@"; fi; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ "${#missing[@]}" -eq 0 ] && exit 0

say "missing: ${missing[*]} (/usr/bin/chromium, /usr/bin/chromedriver); installing with apt-get"
if ! command -v apt-get >/dev/null; then
  say "no apt-get here: install the Debian packages ${missing[*]} (or equivalents at /usr/bin/chromium and /usr/bin/chromedriver) by hand"
  exit 1
fi
if ! is_root && ! sudo -n true 2>/dev/null; then
  say "not root and no password-less sudo: run as root, or install first: apt-get install -y ${missing[*]}"
  exit 1
fi
if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
  say "apt-get install ${missing[*]} failed; trying once more after apt-get update"
  as_root apt-get update >&2 || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 || {
    say "cannot install ${missing[*]}: see apt-get's messages above"; exit 1; }
fi
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || {
  say "installed ${missing[*]} but /usr/bin/chromium or /usr/bin/chromedriver is still missing"; exit 1; }
say "installed: $(/usr/bin/chromium --version 2>/dev/null), $(/usr/bin/chromedriver --version 2>/dev/null)"
