#!/bin/sh
# rasd publish + three rasd workers into PostgreSQL over 2,000 SaudiNewsNet articles, one
# worker killed with SIGKILL midway: every article is stored exactly once, and the figures,
# stories, event export and search results are those of a single-process SQLite ingest of
# the same input.  Also: a republished
# input is dropped by the server, a message that keeps failing goes to the dead-letter
# subject with its error, and SIGTERM ends a worker with status 0.
RASD=${RASD:-build/rasd}
case "$RASD" in /*) ;; *) RASD="$(pwd)/$RASD" ;; esac
# Under AddressSanitizer (.ci/run's second pass) a quarter of the articles, to keep time.
if ldd "$RASD" 2>/dev/null | grep -q libasan; then N=${NATS_WORKERS_ARTICLES:-500}
else N=${NATS_WORKERS_ARTICLES:-2000}; fi
if ! scripts/pg.sh available; then echo "SKIP: nats_workers (PostgreSQL not installed)"; exit 0; fi
if ! scripts/nats.sh available; then echo "SKIP: nats_workers (nats-server not installed)"; exit 0; fi
dir=$(mktemp -d)
pgdir=$(mktemp -d /tmp/rasd-pg.XXXXXX)
natsdir=$(mktemp -d /tmp/rasd-nats.XXXXXX)
pids=""
cleanup() {
  for p in $pids; do kill -9 "$p" 2>/dev/null; done
  scripts/pg.sh stop "$pgdir"; scripts/nats.sh stop "$natsdir"
  if [ -n "$NATS_WORKERS_KEEP" ]; then echo "kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
# Killed (a closed pipe, ^C): the servers are stopped all the same.
trap 'exit 1' HUP INT TERM PIPE
if [ -n "$SNN_JSONL" ] && [ -f "$SNN_JSONL" ]; then
  head -n "$N" "$SNN_JSONL" >"$dir/in.jsonl"
else
  scripts/snn-corpus.sh "$dir/all.jsonl" >/dev/null
  if [ $? -eq 3 ]; then echo "SKIP: nats_workers ../shared not found"; exit 0; fi
  head -n "$N" "$dir/all.jsonl" >"$dir/in.jsonl"
fi
fail() { echo "FAIL: nats_workers: $*"; }
pass() { echo "PASS: nats_workers: $*"; }
pg=$(scripts/pg.sh start "$pgdir" 2>"$dir/pg.err") || { fail "PostgreSQL server ($(tail -n 2 "$dir/pg.err"))"; exit 1; }
nats=$(scripts/nats.sh start "$natsdir" 2>"$dir/nats.err") || { fail "NATS server ($(tail -n 2 "$dir/nats.err"))"; exit 1; }

"$RASD" ingest --db "$dir/ref.db" "$dir/in.jsonl" 2>"$dir/ref.err" || { fail "SQLite ingest"; exit 1; }
"$RASD" publish --nats "$nats" "$dir/in.jsonl" 2>"$dir/pub.err"
if grep -q "^rasd publish: $N articles published to RASD (0 duplicates" "$dir/pub.err"; then pass "publish"
else fail "publish (got: $(tail -n 1 "$dir/pub.err"))"; fi
# The store's schema first, so that the workers do not all wait on one migration.
"$RASD" ingest --db "$pg" </dev/null 2>/dev/null

# Three workers of two threads; the first is killed once it has stored a few hundred.
for w in 1 2 3; do
  "$RASD" worker --nats "$nats" --db "$pg" --concurrency 2 --ack-wait 4 --idle-exit 3 \
    --progress 2 2>"$dir/w$w.err" &
  eval "w$w=\$!"
  pids="$pids $!"
done
stored() { psql "$pg" -Atc "SELECT count(*) FROM articles" 2>/dev/null || echo 0; }
i=0
while [ "$(stored)" -lt $((N / 2)) ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
kill -9 "$w1"
at=$(stored)
i=0
while { kill -0 "$w2" 2>/dev/null || kill -0 "$w3" 2>/dev/null; } && [ $i -lt 1500 ]; do
  sleep 0.1; i=$((i + 1))
done
wait "$w2"; s2=$?
wait "$w3"; s3=$?
pids=""
if [ "$s2" -eq 0 ] && [ "$s3" -eq 0 ]; then pass "the two other workers drain the queue and exit 0 (one killed at $at stored)"
else fail "the two other workers drain the queue and exit 0 (got $s2 and $s3; $(tail -n 2 "$dir/w2.err"))"; fi
got=$(psql "$pg" -Atc "SELECT count(*) || ' ' || count(DISTINCT id) FROM articles")
if [ "$got" = "$N $N" ]; then pass "every article stored exactly once"
else fail "every article stored exactly once (got $got articles/distinct ids, wanted $N $N)"; fi
q="SELECT a.id, f.n, f.category, f.grp, f.actor, f.value, f.low, f.high, f.qualifier, f.unit,
   f.source, f.source_text, f.location, f.date, f.span_start, f.span_end, f.field, f.sentence
   FROM figures f JOIN articles a ON a.seq = f.seq ORDER BY a.id, f.n"
sqlite3 -separator '|' "$dir/ref.db" "$q" >"$dir/want.fig"
psql "$pg" -AtF '|' -c "$q" >"$dir/got.fig"
if [ -s "$dir/want.fig" ] && cmp -s "$dir/got.fig" "$dir/want.fig"; then
  pass "figures identical to a single-process SQLite ingest ($(wc -l <"$dir/want.fig") figures)"
else
  fail "figures identical to a single-process SQLite ingest (got $(wc -l <"$dir/got.fig") figures, wanted $(wc -l <"$dir/want.fig"); $(diff "$dir/want.fig" "$dir/got.fig" | grep -c '^[<>]') lines differ)"
fi
q="SELECT a.id, m.kind, m.ref, m.span_start, m.span_end, m.field FROM mentions m
   JOIN articles a ON a.seq = m.seq ORDER BY 1, 2, 3, 4"
sqlite3 -separator '|' "$dir/ref.db" "$q" >"$dir/want.men"
psql "$pg" -AtF '|' -c "$q" >"$dir/got.men"
if cmp -s "$dir/got.men" "$dir/want.men"; then pass "mentions identical"
else fail "mentions identical ($(diff "$dir/want.men" "$dir/got.men" | grep -c '^[<>]') lines differ)"; fi
# The workers kept the stories and passages current as they went.
"$RASD" stories --db "$pg" --format jsonl >"$dir/got.st" 2>"$dir/st.err"
if [ -s "$dir/got.st" ] && ! grep -q "out of date" "$dir/st.err"; then
  pass "stories stored by the workers are current ($(wc -l <"$dir/got.st") lines)"
else fail "stories stored by the workers are current (got: $(head -n 1 "$dir/st.err"))"; fi
# The same stories as the single-process ingest: story ids are each store's own (the
# first member's sequence number), so a story is compared by its members and fields.
stories_by_members() { # store
  "$RASD" stories --db "$1" --format jsonl | jq -c 'select(.type == "story") | del(.id)' | LC_ALL=C sort
}
stories_by_members "$dir/ref.db" >"$dir/want.stm"
stories_by_members "$pg" >"$dir/got.stm"
if [ -s "$dir/want.stm" ] && cmp -s "$dir/got.stm" "$dir/want.stm"; then
  pass "the same stories as a single-process SQLite ingest ($(wc -l <"$dir/want.stm") stories)"
else
  fail "the same stories as a single-process SQLite ingest (got $(wc -l <"$dir/got.stm"), wanted $(wc -l <"$dir/want.stm"); $(diff "$dir/want.stm" "$dir/got.stm" | grep -c '^[<>]') lines differ)"
fi
# Their timelines and estimates, as the event export gives them (less the story ids).
acled() { "$RASD" export --db "$1" --format acled | sed 's/,"story s[0-9]*: /,"story: /' | LC_ALL=C sort; }
acled "$dir/ref.db" >"$dir/want.acled"
acled "$pg" >"$dir/got.acled"
if [ -s "$dir/want.acled" ] && cmp -s "$dir/got.acled" "$dir/want.acled"; then
  pass "the same event export ($(wc -l <"$dir/want.acled") rows)"
else
  fail "the same event export ($(diff "$dir/want.acled" "$dir/got.acled" | grep -c '^[<>]') lines differ)"
fi
# The same search results, ranks and snippets included.
searches() { # store
  for q in "قتلى" "داعش" "عدن" '"التحالف العربي"' "الحوثيين صنعاء" "بغزة" "مجلس الأمن" "نفط"; do
    "$RASD" search --db "$1" --format jsonl --limit 100 "$q"
  done 2>&1
}
searches "$dir/ref.db" >"$dir/want.search"
searches "$pg" >"$dir/got.search"
if [ -s "$dir/want.search" ] && cmp -s "$dir/got.search" "$dir/want.search"; then
  pass "the same search results ($(wc -l <"$dir/want.search") hits of 8 queries)"
else
  fail "the same search results (got $(wc -l <"$dir/got.search") hits, wanted $(wc -l <"$dir/want.search"); $(diff "$dir/want.search" "$dir/got.search" | grep -c '^[<>]') lines differ)"
fi
if grep -q "stored" "$dir/w2.err" && grep -q "pending" "$dir/w2.err"; then pass "progress and lag on stderr"
else fail "progress and lag on stderr (got: $(tail -n 1 "$dir/w2.err"))"; fi

# Published again: the server drops every duplicate.
"$RASD" publish --nats "$nats" "$dir/in.jsonl" 2>"$dir/pub2.err"
if grep -q "($N duplicates dropped" "$dir/pub2.err"; then pass "a republished input is dropped as duplicates"
else fail "a republished input is dropped as duplicates (got: $(tail -n 1 "$dir/pub2.err"))"; fi

# A message that is no article (put on the subject by another client) fails each time and
# ends on the dead-letter subject with its error.
port=${nats##*:}
python3 - "$port" <<'PY' || fail "raw publish"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 5)
s.recv(4096)
s.sendall(b'CONNECT {"verbose":false,"headers":true}\r\nPUB rasd.articles 8\r\nnot json\r\nPING\r\n')
buf = b""
while b"PONG" not in buf:
    buf += s.recv(4096)
PY
"$RASD" worker --nats "$nats" --db "$pg" --max-deliver 2 --idle-exit 2 --progress 0 2>"$dir/dead.err"
dead=$(python3 - "$port" <<'PY'
import json, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 5)
s.recv(4096)
s.sendall(b'CONNECT {"verbose":false,"headers":true}\r\nSUB _INBOX.t 1\r\n'
          b'PUB $JS.API.STREAM.MSG.GET.RASD_DEAD _INBOX.t 11\r\n{"seq":1}\r\n\r\n')
buf = b""
while True:
    buf += s.recv(65536)
    head, sep, rest = buf.partition(b"\r\n")
    if head.startswith(b"MSG") and len(rest) >= int(head.split()[-1]):
        break
import base64
m = json.loads(rest[:int(head.split()[-1])])["message"]
hdrs = base64.b64decode(m.get("hdrs", "")).decode()
err = [l for l in hdrs.split("\r\n") if l.startswith("Rasd-Error:")]
print(base64.b64decode(m["data"]).decode(), "|", err[0] if err else "no Rasd-Error")
PY
)
case "$dead" in
  "not json | Rasd-Error: "?*) pass "a failing message goes to the dead-letter subject with its error" ;;
  *) fail "a failing message goes to the dead-letter subject with its error (got '$dead'; $(tail -n 2 "$dir/dead.err"))" ;;
esac

# SIGTERM: the worker finishes what it holds and exits 0.
"$RASD" worker --nats "$nats" --db "$pg" --progress 0 2>"$dir/term.err" &
wt=$!
pids="$wt"
sleep 1.5
kill -TERM "$wt"
i=0
while kill -0 "$wt" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
wait "$wt"; st=$?
pids=""
if [ "$st" -eq 0 ]; then pass "SIGTERM ends a worker with status 0"
else fail "SIGTERM ends a worker with status 0 (got $st)"; fi
