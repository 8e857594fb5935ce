#!/bin/sh
# rasd serve under a bounded loopback load: wrk, 64 connections for 20 s each, against
# /api/stories (the first page of the story list) and one story's figure timelines, over a
# store of the first half of the SaudiNewsNet sample; then the same two while `rasd ingest`
# writes the second half into the same store.  Prints requests/s, p50 and p99 latency and
# errors (socket errors, timeouts and non-2xx answers), which must be 0.
RASD=${RASD:-build/rasd}
SAMPLE=${SAMPLE:-../shared/data/saudinewsnet/saudinewsnet_sample_30MB.txt}
SECS=${BENCH_SERVE_SECS:-20}
CONNS=${BENCH_SERVE_CONNS:-64}
[ -f "$SAMPLE" ] || { echo "skipped: $SAMPLE not found"; exit 0; }
for tool in wrk curl jq; do
  command -v $tool >/dev/null 2>&1 || { echo "skipped: $tool not installed"; exit 0; }
done
tmp=$(mktemp -d); pid=""; ing=""
trap '[ -n "$ing" ] && kill $ing 2>/dev/null; [ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT

# @@@ records to JSON Lines (as bench_story.sh reads the sample).
awk '
  function esc(s) { gsub(/\\/, "/", s); gsub(/"/, "\\\"", s); gsub(/[\001-\037]/, " ", s); return s }
  function flush() {
    if (!have) return
    printf "{\"id\":\"snn-%d\",\"outlet\":\"%s\",\"published\":\"%s\",\"url\":\"%s\",\"title\":\"%s\",\"text\":\"%s\"}\n", n, esc(outlet), date, esc(url), esc(title), body
    have = 0
  }
  /^@@@ / { flush(); n++; have = 1; split(substr($0, 5), f, "\t"); outlet = f[1]; url = f[3]
            date = substr(f[2], 1, 10); title = ""; body = ""; line = 0; next }
  have { line++; if (line == 1) { title = $0; next }
         if ($0 == "" ) next
         body = body (body == "" ? "" : "\\n") esc($0) }
  END { flush() }' "$SAMPLE" >"$tmp/all.jsonl"
total=$(wc -l <"$tmp/all.jsonl" | tr -d ' ')
half=$((total / 2))
head -n "$half" "$tmp/all.jsonl" >"$tmp/first.jsonl"
tail -n +"$((half + 1))" "$tmp/all.jsonl" >"$tmp/second.jsonl"
db=$tmp/serve.db
t0=$(date +%s)
"$RASD" ingest --db "$db" "$tmp/first.jsonl" 2>/dev/null
echo "store: $half articles of $SAMPLE ingested in $(( $(date +%s) - t0 )) s"

"$RASD" serve --db "$db" --listen 127.0.0.1:0 --threads 4 --quiet >"$tmp/out" 2>"$tmp/log" &
pid=$!
port=""
for i in $(seq 100); do
  port=$(sed -n 's|^rasd serve: listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/out")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "bench serve: the server did not start: $(head -c 300 "$tmp/log")"; exit 1; }
U=http://127.0.0.1:$port
# The story with the most articles, for its figures.
story=$(curl -s --max-time 60 "$U/api/stories?limit=500" | jq -r '.stories | max_by(.articles) | .id')
nseries=$(curl -s --max-time 60 "$U/api/stories/$story/figures" | jq '.series | length')
echo "figures of story $story: $nseries series"

status=0
# run LABEL PATH: one wrk run, one result line.
run() {
  wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 10s --latency "$U$2" >"$tmp/wrk" 2>&1
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk")
  p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk")
  reqs=$(awk '/requests in/ {print $1}' "$tmp/wrk")
  sock=$(awk '/Socket errors:/ { s = 0; for (i = 3; i <= NF; i += 2) { v = $(i + 1); gsub(",", "", v); s += v } print s }' "$tmp/wrk")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$tmp/wrk")
  errors=$(( ${sock:-0} + ${non2xx:-0} ))
  printf '%-34s %9s req/s  p50 %8s  p99 %8s  %8s requests  %s errors\n' "$1" "${rps:-?}" \
    "${p50:-?}" "${p99:-?}" "${reqs:-?}" "$errors"
  if [ -z "$rps" ] || [ "$errors" -ne 0 ]; then status=1; sed 's/^/    /' "$tmp/wrk"; fi
}
echo "wrk: $CONNS connections, ${SECS} s each, server with 4 threads"
run "/api/stories" "/api/stories"
run "/api/stories/$story/figures" "/api/stories/$story/figures"
"$RASD" ingest --db "$db" "$tmp/second.jsonl" >/dev/null 2>"$tmp/ingest.err" &
ing=$!
run "/api/stories (ingest running)" "/api/stories"
run "/api/stories/$story/figures (ingest)" "/api/stories/$story/figures"
if kill -0 "$ing" 2>/dev/null; then
  echo "ingest: still running after both runs (stopped)"; kill "$ing"; wait "$ing" 2>/dev/null
else
  wait "$ing"; echo "ingest: finished during the runs (exit $?)"
fi
ing=""
echo "store now: $(curl -s "$U/api/stories?limit=1" >/dev/null; sqlite3 "$db" 'SELECT count(*) FROM articles' 2>/dev/null) articles"
kill -TERM "$pid"; wait "$pid"; echo "server: exit $? after SIGTERM"
pid=""
[ "$status" -eq 0 ] || echo "bench serve: errors under load"
exit $status
