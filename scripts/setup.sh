#!/bin/sh
# Installs the Debian packages rasd builds, tests and fuzzes with, when any is missing.
# Idempotent and silent when everything is present; the Makefile calls it before anything else.
set -e
PKGS="pkg-config libutf8proc-dev libstemmer-dev libjansson-dev libxml2-dev
libsqlite3-dev sqlite3 libcmocka-dev clang libclang-rt-14-dev unzip jq"
# rasd serve (libmicrohttpd), its API tests (curl) and its load bench (wrk).
PKGS="$PKGS libmicrohttpd-dev curl wrk"
missing=""
for p in $PKGS; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$st" in *"ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
echo "rasd setup: installing$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2 || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
