#!/bin/sh
# A throwaway PostgreSQL server for tests and benchmarks, on loopback only.
#   scripts/pg.sh start [DIR]   initdb into DIR (default: a new temp dir; as root, one the
#                               postgres user can reach, e.g. under /tmp), start postgres on
#                               127.0.0.1 with a free port, create database rasd, print its URL
#   scripts/pg.sh url DIR       print the URL of the server running in DIR
#   scripts/pg.sh stop DIR      stop the server and remove DIR
#   scripts/pg.sh available     exit 0 when the PostgreSQL binaries are installed
# PostgreSQL refuses to run as root: as root, the cluster is owned by and run as `postgres`.
set -eu

bindir() {
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/postgres" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v postgres >/dev/null 2>&1 && { dirname "$(command -v postgres)"; return 0; }
  return 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  # Lets the kernel pick a free port on loopback.
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

url_of() {
  echo "postgresql://rasd@127.0.0.1:$(cat "$1/port")/rasd"
}

cmd=${1:-}
case "$cmd" in
available)
  bindir >/dev/null ;;
start)
  bin=$(bindir) || { echo "pg.sh: PostgreSQL not installed" >&2; exit 2; }
  dir=${2:-$(mktemp -d /tmp/rasd-pg.XXXXXX)}
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U rasd -A trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  port=$(free_port)
  echo "$port" >"$dir/port"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=60" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U rasd rasd
  url_of "$dir" ;;
url)
  url_of "${2:?pg.sh url DIR}" ;;
stop)
  dir=${2:?pg.sh stop DIR}
  [ -f "$dir/port" ] || exit 0
  bin=$(bindir) || exit 0
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir" ;;
*)
  echo "usage: scripts/pg.sh start [DIR] | url DIR | stop DIR | available" >&2
  exit 2 ;;
esac
