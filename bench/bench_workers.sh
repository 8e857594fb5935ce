#!/bin/sh
# Throughput of the distributed path beside the embedded one, on the same articles (the
# first $BENCH_WORKERS_ARTICLES SaudiNewsNet articles, default 2000, as JSON Lines):
#  1. `rasd ingest` into SQLite, one process;
#  2. `rasd publish` to NATS JetStream, then 1 `rasd worker` into PostgreSQL;
#  3. the same with 2 workers.
# Each rate counts from the start until every article is stored and the stories and the
# passage index are current (ingest's own refresh; the workers' last update before they
# exit), in articles/s; the publish is timed apart.  The servers are local (loopback).
RASD=${RASD:-build/rasd}
case "$RASD" in /*) ;; *) RASD="$(pwd)/$RASD" ;; esac
N=${BENCH_WORKERS_ARTICLES:-2000}
scripts/pg.sh available || { echo "skipped: PostgreSQL not installed"; exit 0; }
scripts/nats.sh available || { echo "skipped: nats-server not installed"; exit 0; }
dir=$(mktemp -d)
pgdir=$(mktemp -d /tmp/rasd-pg.XXXXXX)
natsdir=$(mktemp -d /tmp/rasd-nats.XXXXXX)
trap 'scripts/pg.sh stop "$pgdir"; scripts/nats.sh stop "$natsdir"; rm -rf "$dir"' EXIT
# Killed (a closed pipe, ^C): the servers are stopped all the same.
trap 'exit 1' HUP INT TERM PIPE
scripts/snn-corpus.sh "$dir/all.jsonl" >/dev/null
if [ $? -eq 3 ]; then echo "skipped: ../shared not found"; exit 0; fi
head -n "$N" "$dir/all.jsonl" >"$dir/in.jsonl"
rm -f "$dir/all.jsonl"
pg=$(scripts/pg.sh start "$pgdir") || { echo "PostgreSQL did not start"; exit 1; }
nats=$(scripts/nats.sh start "$natsdir") || { echo "NATS did not start"; exit 1; }

now() { date +%s.%N; }
rate() { awk -v n="$N" -v a="$1" -v b="$2" 'BEGIN { printf "%.0f articles/s (%.1fs)", n / (b - a), b - a }'; }

t0=$(now)
"$RASD" ingest --db "$dir/s.db" "$dir/in.jsonl" 2>/dev/null
t1=$(now)
sqlite_rate=$(rate "$t0" "$t1")

# One run of k workers (one thread each) on a fresh database and stream.
workers() { # k
  db="postgresql://rasd@127.0.0.1:$(cat "$pgdir/port")/w$1"
  psql "$pg" -qc "CREATE DATABASE w$1" >/dev/null
  "$RASD" ingest --db "$db" </dev/null 2>/dev/null   # the schema
  p0=$(now)
  "$RASD" publish --nats "$nats" --stream "W$1" "$dir/in.jsonl" 2>/dev/null
  p1=$(now)
  publish_rate=$(rate "$p0" "$p1")
  t0=$(now)
  pids=""
  for i in $(seq "$1"); do
    "$RASD" worker --nats "$nats" --stream "W$1" --db "$db" --progress 0 2>/dev/null &
    pids="$pids $!"
  done
  while [ "$(psql "$db" -Atc 'SELECT count(*) FROM articles')" -lt "$N" ]; do sleep 0.05; done
  # shellcheck disable=SC2086
  kill -TERM $pids
  # shellcheck disable=SC2086
  wait $pids
  t1=$(now)
  echo "$(rate "$t0" "$t1")|$publish_rate"
}
one=$(workers 1)
two=$(workers 2)
printf '%-44s %s\n' "rasd ingest, SQLite, 1 process:" "$sqlite_rate" \
  "rasd worker x1 into PostgreSQL:" "${one%%|*}" \
  "rasd worker x2 into PostgreSQL:" "${two%%|*}" \
  "rasd publish to NATS JetStream (not counted):" "${one##*|}"
echo "($N SaudiNewsNet articles; $(nproc) cores; servers on this machine)"
