#!/bin/sh
# A throwaway NATS server with JetStream for tests and benchmarks, on loopback only.
#   scripts/nats.sh start [DIR]  start nats-server -js on 127.0.0.1 with a free port and its
#                                store in DIR (default: a new temp dir), print its URL
#   scripts/nats.sh url DIR      print the URL of the server running in DIR
#   scripts/nats.sh stop DIR     stop the server and remove DIR
#   scripts/nats.sh available    exit 0 when nats-server is installed
set -eu

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

url_of() {
  echo "nats://127.0.0.1:$(cat "$1/port")"
}

cmd=${1:-}
case "$cmd" in
available)
  command -v nats-server >/dev/null 2>&1 ;;
start)
  command -v nats-server >/dev/null 2>&1 || { echo "nats.sh: nats-server not installed" >&2; exit 2; }
  dir=${2:-$(mktemp -d /tmp/rasd-nats.XXXXXX)}
  mkdir -p "$dir/js"
  port=$(free_port)
  echo "$port" >"$dir/port"
  nats-server -js -a 127.0.0.1 -p "$port" -sd "$dir/js" >"$dir/server.log" 2>&1 &
  echo $! >"$dir/pid"
  # Ready when the port answers.
  i=0
  while ! python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -ge 100 ] || ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      cat "$dir/server.log" >&2; exit 1
    fi
    sleep 0.1
  done
  url_of "$dir" ;;
url)
  url_of "${2:?nats.sh url DIR}" ;;
stop)
  dir=${2:?nats.sh stop DIR}
  [ -f "$dir/pid" ] || exit 0
  pid=$(cat "$dir/pid")
  kill "$pid" 2>/dev/null || true
  i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  kill -9 "$pid" 2>/dev/null || true
  rm -rf "$dir" ;;
*)
  echo "usage: scripts/nats.sh start [DIR] | url DIR | stop DIR | available" >&2
  exit 2 ;;
esac
