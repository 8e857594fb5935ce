#!/bin/sh
# Story grouping at 1x, 2x and 4x the SaudiNewsNet sample (copy K re-dated K years later,
# so copies are distinct articles in distinct weeks), showing how its time grows with the
# data (target: 4x the data in at most 5x the time); and the passage index build rate.
# Each stage is timed through build/rasd: ingest, then stories (grouping from scratch),
# then the first passages query (which fingerprints every stored article).
RASD=${RASD:-build/rasd}
SAMPLE=${SAMPLE:-../shared/data/saudinewsnet/saudinewsnet_sample_30MB.txt}
[ -f "$SAMPLE" ] || { echo "skipped: $SAMPLE not found"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# @@@ records to JSON Lines.  Backslashes become '/' and control characters spaces, which
# keeps the escaping the same under every awk.
tojsonl() { # K (copy number = years added)
  awk -v K="$1" '
  function esc(s) { gsub(/\\/, "/", s); gsub(/"/, "\\\"", s); gsub(/[\001-\037]/, " ", s); return s }
  function flush() {
    if (!have) return
    printf "{\"id\":\"c%d-%d\",\"outlet\":\"%s\",\"published\":\"%s\",\"url\":\"%s\",\"title\":\"%s\",\"text\":\"%s\"}\n", K, n, esc(outlet), date, esc(url), esc(title), body
    have = 0
  }
  /^@@@ / { flush(); n++; have = 1; split(substr($0, 5), f, "\t"); outlet = f[1]; url = f[3]
            date = (substr(f[2], 1, 4) + K) substr(f[2], 5, 6); title = ""; body = ""; line = 0; next }
  have { line++; if (line == 1) { title = $0; next }
         if ($0 == "" ) next
         body = body (body == "" ? "" : "\\n") esc($0) }
  END { flush() }' "$SAMPLE"
}
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# Runs a command with its output in file $1; sets WALL and CPU (user + system seconds of
# the command, read from the shell's `times`: wall time is noisy on a busy machine).
timed() {
  out=$1; shift
  t0=$(now)
  sh -c 'o=$1; shift; "$@" >"$o" 2>/dev/null; times' _ "$out" "$@" | tail -n 1 >"$tmp/times"
  WALL=$(secs "$t0" "$(now)")
  CPU=$(awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, b, "m"); sub("s", "", b[2]); s += b[1] * 60 + b[2] }
              printf "%.2f", s }' "$tmp/times")
}

for k in 0 1 2 3; do tojsonl "$k" >"$tmp/copy$k.jsonl"; done
mb=$(awk -v b="$(wc -c <"$tmp/copy0.jsonl")" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "sample: $(wc -l <"$tmp/copy0.jsonl") articles, $mb MB as JSON Lines"

base=""
for scale in 1 2 4; do
  db=$tmp/s$scale.db
  files=""
  k=0; while [ $k -lt $scale ]; do files="$files $tmp/copy$k.jsonl"; k=$((k + 1)); done
  # shellcheck disable=SC2086
  timed /dev/null "$RASD" ingest --db "$db" $files
  iw=$WALL; ic=$CPU
  # Grouping from scratch twice (the stored stories forgotten in between); the faster run
  # counts, as other work on the machine only ever slows a run down.
  timed "$tmp/stories$scale" "$RASD" stories --db "$db"
  sw=$WALL; sc=$CPU
  sqlite3 "$db" "DELETE FROM story_stamp"
  timed "$tmp/stories$scale" "$RASD" stories --db "$db"
  WALL=$(awk -v a="$sw" -v b="$WALL" 'BEGIN { print (a < b ? a : b) }')
  CPU=$(awk -v a="$sc" -v b="$CPU" 'BEGIN { print (a < b ? a : b) }')
  n=$(sqlite3 "$db" "SELECT count(*) FROM articles")
  ns=$(wc -l <"$tmp/stories$scale")
  multi=$(grep -c '"docs":\["[^"]*",' "$tmp/stories$scale")
  [ -z "$base" ] && base=$CPU
  ratio=$(awk -v a="$CPU" -v b="$base" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  vs=""
  [ "$scale" -gt 1 ] && vs="; stories cpu vs 1x: ${ratio}x (linear: ${scale}x; target <= $((scale + scale / 4))x)"
  echo "${scale}x: $n articles; ingest $iw s wall, $ic s cpu; stories $WALL s wall, $CPU s cpu" \
       "($ns stories, $multi with 2+ articles)$vs"
  if [ "$scale" = 1 ]; then
    timed /dev/null "$RASD" passages --db "$db" c0-100
    pw=$WALL; pc=$CPU
    timed /dev/null "$RASD" passages --db "$db" c0-200
    rows=$(sqlite3 "$db" "SELECT count(*) FROM psg_fp")
    awk -v w="$pw" -v t="$pc" -v n="$n" -v mb="$mb" -v r="$rows" 'BEGIN {
      printf "passage index: %d articles fingerprinted and stored in %.2f s wall, %.2f s cpu = %.0f articles/s, %.1f MB/s (cpu); %d fingerprints\n",
             n, w, t, (t > 0 ? n / t : 0), (t > 0 ? mb / t : 0), r }'
    echo "passages of one article once the index is built: $WALL s wall, $CPU s cpu"
  fi
done
