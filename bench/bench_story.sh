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

# SCALES="" leaves the sample out (the corpus part below only)
for k in 0 1 2 3; do [ -n "${SCALES-x}" ] && tojsonl "$k" >"$tmp/copy$k.jsonl"; done
if [ -n "${SCALES-x}" ]; then
  mb=$(awk -v b="$(wc -c <"$tmp/copy0.jsonl")" 'BEGIN { printf "%.1f", b / 1048576 }')
  echo "sample: $(wc -l <"$tmp/copy0.jsonl") articles, $mb MB as JSON Lines"
fi

base=""
for scale in ${SCALES-1 2 4}; do
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

# The whole SaudiNewsNet corpus (the store scripts/eval-stories.sh caches) at 1x and 4x:
# copies 2-4 are the corpus again with ids suffixed and dates moved on by 22, 44 and 66
# days (the corpus spans 22), made in SQL from the stored articles, figures and names
# (the grouping reads nothing else).  Grouping from scratch is timed on both (target: 4x
# the data in at most 5x the time), then an incremental ingest: the last day's articles
# into a store of the days before it, whose grouping state is stored.
SNN=${SNN_STORE:-build/snn/store.db}
CORPUS=${SNN_CORPUS:-build/snn/corpus.jsonl}
if [ ! -s "$SNN" ] || [ ! -s "$CORPUS" ]; then
  echo "snn: skipped: $SNN not found (scripts/eval-stories.sh $RASD makes it)"; exit 0
fi
regroup_time() { # db: best of two groupings from scratch, cpu seconds and wall
  best_c=""; best_w=""
  for i in 1 2; do
    sqlite3 "$1" "DELETE FROM story_stamp"
    timed "$tmp/snn-st" "$RASD" stories --db "$1"
    best_c=$(awk -v a="$best_c" -v b="$CPU" 'BEGIN { print (a == "" || b < a ? b : a) }')
    best_w=$(awk -v a="$best_w" -v b="$WALL" 'BEGIN { print (a == "" || b < a ? b : a) }')
  done
  CPU=$best_c; WALL=$best_w
}
cp "$SNN" "$tmp/x1.db"
regroup_time "$tmp/x1.db"; c1=$CPU; w1=$WALL
n1=$(sqlite3 "$tmp/x1.db" "SELECT count(*) FROM articles")
echo "snn 1x: $n1 articles; stories from scratch $w1 s wall, $c1 s cpu ($(wc -l <"$tmp/snn-st") stories)"
cp "$SNN" "$tmp/x4.db"
sqlite3 "$tmp/x4.db" "DROP TRIGGER articles_fts_ins; DROP TRIGGER articles_fts_del;" || exit 1
for k in 1 2 3; do
  sqlite3 "$tmp/x4.db" "
    CREATE TEMP TABLE m AS SELECT seq AS old, seq + $k * 1000000 AS new FROM articles WHERE seq < 1000000;
    INSERT INTO articles(seq, id, outlet, url, published, title, text, hash, ingested_at)
      SELECT m.new, id || '-x$k', outlet, url, date(published, '+$((22 * k)) days') || substr(published, 11),
             title, text, hash, ingested_at FROM articles JOIN m ON seq = m.old;
    INSERT INTO figures SELECT m.new, n, doc || '-x$k', category, grp, actor, value, low, high, qualifier,
             unit, source, source_text, location, date, span_start, span_end, field, sentence
      FROM figures JOIN m ON seq = m.old;
    INSERT INTO mentions SELECT m.new, kind, ref, span_start, span_end, field FROM mentions JOIN m ON seq = m.old;
    INSERT INTO article_names SELECT m.new, places, groups FROM article_names JOIN m ON seq = m.old;" || exit 1
done
regroup_time "$tmp/x4.db"; c4=$CPU; w4=$WALL
n4=$(sqlite3 "$tmp/x4.db" "SELECT count(*) FROM articles")
echo "snn 4x: $n4 articles; stories from scratch $w4 s wall, $c4 s cpu ($(wc -l <"$tmp/snn-st") stories);" \
     "cpu vs 1x: $(awk -v a="$c4" -v b="$c1" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')x (target <= 5x)"
last=$(sqlite3 "$tmp/x1.db" "SELECT max(substr(published, 1, 10)) FROM articles")
cp "$SNN" "$tmp/inc.db"
# the shell has no rasd_arabic tokenizer for the full-text triggers: they are put back as
# they were once the day is gone (its full-text rows stay, unread here)
trig=$(sqlite3 "$tmp/inc.db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger'")
sqlite3 "$tmp/inc.db" "PRAGMA foreign_keys = ON; DROP TRIGGER articles_fts_ins;
  DROP TRIGGER articles_fts_del; DELETE FROM articles WHERE substr(published, 1, 10) = '$last'; $trig" || exit 1
"$RASD" refresh --db "$tmp/inc.db" || exit 1
jq -c --arg d "$last" 'select(.published[0:10] == $d)' "$CORPUS" >"$tmp/last.jsonl"
timed /dev/null "$RASD" ingest --db "$tmp/inc.db" "$tmp/last.jsonl"
echo "snn incremental: $(wc -l <"$tmp/last.jsonl") articles of $last ingested into a store of the days before:" \
     "$WALL s wall, $CPU s cpu (extraction and the stories' update; grouping the whole store from scratch: $w1 s wall)"
# story ids are the smallest sequence number: the last day's articles got new ones
"$RASD" stories --db "$tmp/inc.db" | sed 's/"id":"s[0-9]*",//' >"$tmp/inc-st"
sqlite3 "$tmp/x1.db" "DELETE FROM story_stamp"
"$RASD" stories --db "$tmp/x1.db" 2>/dev/null | sed 's/"id":"s[0-9]*",//' >"$tmp/full-st"
echo "snn incremental = from scratch: $(cmp -s "$tmp/inc-st" "$tmp/full-st" && echo yes || echo NO)"
