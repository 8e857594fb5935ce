#!/bin/sh
# Installs the Debian packages rasd builds, tests and fuzzes with, when any is missing.
# Then brings node_modules in line with package-lock.json (npm ci) for the page's libraries and
# the browser tests.
# Idempotent and silent when everything is present; the Makefile calls it before anything else.
set -e
cd "$(dirname "$0")/.."
PKGS="pkg-config libutf8proc-dev libstemmer-dev libjansson-dev libxml2-dev
libsqlite3-dev sqlite3 libcmocka-dev clang libclang-rt-14-dev unzip jq
postgresql libpq-dev libnats-dev nats-server python3"
# rasd serve (libmicrohttpd), its API tests (curl) and its load bench (wrk).
PKGS="$PKGS libmicrohttpd-dev curl wrk"
# The page's build and its browser tests: Node with npm, Debian's Chromium, Arabic fonts.
# (Debian's nodejs comes without npm, which is its own package; other builds of nodejs carry it.)
PKGS="$PKGS nodejs chromium fonts-noto-core"
missing=""
for p in $PKGS; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$st" in *"ok installed"*) ;; *) missing="$missing $p" ;; esac
done
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  echo "rasd setup: installing$missing" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2 || true
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing >&2
fi

# node_modules is stale when the lockfile it was installed from is not this one; the stamp
# holds the lockfile's hash.  puppeteer-core drives /usr/bin/chromium: no browser download.
stamp=node_modules/.rasd-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "rasd setup: npm ci (node_modules missing or stale)" >&2
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" >"$stamp"
fi
