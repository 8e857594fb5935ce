#!/bin/sh
# The PostgreSQL backend against the SQLite one: the same articles (the samples and the
# evaluation articles) ingested into both, then every read command must print the same
# bytes from either store: stories, figure timelines, exports, searches, passages.  Also:
# a re-ingest changes nothing, a changed article replaces its old version, and search
# finds «غزة» from «بغزة» (rasd's own normalization and stems in the tsvector).
RASD=${RASD:-build/rasd}
# The PostgreSQL backend fills every operation of the seam (no server needed for that).
ops=$(sed -n '/^struct sb_ops {/,/^};/p' src/store/backend.h |
      sed -n 's/^    [a-z][a-z_ ]*[ *](\*\([a-z_]*\))(.*/\1/p' | sort)
unset_ops=""
for op in $ops; do
  grep -q "\.$op = pg_$op," src/store/pg/pg_ops.c || unset_ops="$unset_ops $op"
done
if [ -n "$ops" ] && [ -z "$unset_ops" ]; then echo "PASS: pg_parity: sb_pg_ops fills every operation"
else echo "FAIL: pg_parity: sb_pg_ops fills every operation (missing:$unset_ops)"; fi
if ! scripts/pg.sh available; then
  echo "SKIP: pg_parity (PostgreSQL not installed)"
  exit 0
fi
dir=$(mktemp -d)
# Its own directory under /tmp: the server runs as postgres, which must reach it.
pgdir=$(mktemp -d /tmp/rasd-pg.XXXXXX)
trap 'scripts/pg.sh stop "$pgdir"; rm -rf "$dir"' EXIT
# Killed (a closed pipe, ^C): the servers are stopped all the same.
trap 'exit 1' HUP INT TERM PIPE
if ! url=$(scripts/pg.sh start "$pgdir" 2>"$dir/pg.err"); then
  echo "FAIL: pg_parity: PostgreSQL server (got: $(tail -n 3 "$dir/pg.err"))"
  exit 1
fi
db="$dir/p.db"
printf '%s\n' '{"id":"gz1","outlet":"t","published":"2024-01-02","title":"قصف على غزة","text":"قتل 5 مدنيين في قصف على غزة أمس."}' \
  '{"id":"gz2","outlet":"t","published":"2024-01-03","title":"أخبار","text":"أصيب 3 أشخاص في مدينة غزة."}' >"$dir/gaza.jsonl"
inputs="samples/articles.jsonl samples/kurd-0318.txt samples/local-0316.html $dir/gaza.jsonl"
inputs="$inputs $(ls tests/eval/e*.txt)"
fails=0
check() { # name got want
  if cmp -s "$2" "$3"; then
    echo "PASS: pg_parity: $1"
  else
    echo "FAIL: pg_parity: $1 (got $(diff "$3" "$2" | grep -c '^[<>]') lines that differ from SQLite's, wanted 0)"
    diff "$3" "$2" | head -n 6
    fails=$((fails + 1))
  fi
}
# shellcheck disable=SC2086
"$RASD" ingest --db "$db" $inputs 2>"$dir/ingest1.err"; s1=$?
# shellcheck disable=SC2086
"$RASD" ingest --db "$url" $inputs 2>"$dir/ingest2.err"; s2=$?
if [ "$s1" -ne "$s2" ] || [ "$s2" -ne 0 ]; then
  echo "FAIL: pg_parity: ingest (got status $s2 into PostgreSQL, $s1 into SQLite, wanted 0)"
  head -n 5 "$dir/ingest2.err"
  exit 1
fi
echo "PASS: pg_parity: ingest into PostgreSQL"

# The read commands, over one store: what golden_cli.sh records, and more searches.
reads() { # store out
  {
    for f in jsonl table; do
      echo "== stories $f"; "$RASD" stories --db "$1" --format "$f"
    done
    for id in $("$RASD" stories --db "$1" --format jsonl | sed -n 's/^{"type":"story","id":"\([^"]*\)".*/\1/p'); do
      echo "== figures $id"; "$RASD" figures --db "$1" --format table --story "$id"
      "$RASD" figures --db "$1" --story "$id"
    done
    for f in jsonl acled; do
      echo "== export $f"; "$RASD" export --db "$1" --format "$f"
    done
    for q in "قتلى" "الحسكة" '"قوات سوريا"' "بغزة" "غزة" "مدنيين قصف" "«المرصد السوري»" \
             "داعش" "قتل" "اعتقال" "the" "2022"; do
      echo "== search $q"; "$RASD" search --db "$1" --limit 50 "$q"
      "$RASD" search --db "$1" --format jsonl --limit 50 "$q"
    done
    for id in $("$RASD" export --db "$1" --format jsonl | sed -n 's/.*"doc":"\([^"]*\)".*/\1/p' | sort -u); do
      echo "== passages $id"; "$RASD" passages --db "$1" "$id"
      "$RASD" passages --db "$1" --format table "$id"
    done
  } >"$2" 2>&1
}
reads "$db" "$dir/sqlite.out"
# Messages name the store: the same words about another path.
reads "$url" "$dir/pg.raw"
sed "s|$url|$db|g" "$dir/pg.raw" >"$dir/pg.out"
for part in stories figures export search passages; do
  awk -v p="== $part" 'index($0, "== ") == 1 { on = index($0, p) == 1 } on' "$dir/sqlite.out" >"$dir/want.$part"
  awk -v p="== $part" 'index($0, "== ") == 1 { on = index($0, p) == 1 } on' "$dir/pg.out" >"$dir/got.$part"
  if [ ! -s "$dir/want.$part" ]; then
    echo "FAIL: pg_parity: $part (SQLite printed nothing to compare with)"
    fails=$((fails + 1))
    continue
  fi
  check "$part" "$dir/got.$part" "$dir/want.$part"
done

# The HTTP API's reads (articles and figures by filter have operations of their own) give
# the same answers over either store.
api() { # store out
  "$RASD" serve --db "$1" --listen 127.0.0.1:0 --quiet >"$dir/serve.out" 2>"$dir/serve.err" &
  spid=$!
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9][0-9]*\)\/.*/\1/p' "$dir/serve.out" | head -n 1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  {
    for q in "figures" "figures?category=killed" "figures?group=isis&since=2019-01-01" \
             "figures?source=" "figures?until=2020-01-01" "stories" "articles/gz2" \
             "articles/wire-0314" "search?q=%D8%BA%D8%B2%D8%A9"; do
      echo "== $q"; curl -s "http://127.0.0.1:$port/api/$q"; echo
    done
  } >"$2" 2>&1
  kill "$spid"; wait "$spid" 2>/dev/null
}
if command -v curl >/dev/null; then
  api "$db" "$dir/api.want"
  api "$url" "$dir/api.got"
  if grep -q '"type":"figure"' "$dir/api.want"; then check "HTTP API reads" "$dir/api.got" "$dir/api.want"
  else echo "FAIL: pg_parity: HTTP API reads (SQLite's server answered no figures: $(head -c 200 "$dir/api.want"))"; fi
else
  echo "SKIP: pg_parity: HTTP API reads (curl not installed)"
fi

n=$("$RASD" search --db "$url" --format jsonl "بغزة" | grep -c '"id":"gz')
if [ "$n" -eq 2 ]; then echo "PASS: pg_parity: «بغزة» finds both articles on «غزة»"
else echo "FAIL: pg_parity: «بغزة» finds both articles on «غزة» (got $n, wanted 2)"; fi

# Idempotent upserts: the same input again stores nothing new; a changed article
# replaces its version (one row per id), with figures of the new text only.
# shellcheck disable=SC2086
"$RASD" ingest --db "$url" $inputs 2>"$dir/again.err"
count() { psql "$url" -Atc "$1" 2>&1; }
before=$(count "SELECT count(*) || ' ' || (SELECT count(*) FROM figures) FROM articles")
want=$(sqlite3 "$db" "SELECT count(*) || ' ' || (SELECT count(*) FROM figures) FROM articles")
if [ "$before" = "$want" ]; then echo "PASS: pg_parity: a second ingest stores nothing twice"
else echo "FAIL: pg_parity: a second ingest stores nothing twice (got $before articles/figures, wanted $want)"; fi
printf '%s\n' '{"id":"gz1","outlet":"t","published":"2024-01-02","title":"قصف على غزة","text":"قتل 7 مدنيين في قصف على غزة أمس."}' >"$dir/gaza2.jsonl"
"$RASD" ingest --db "$url" "$dir/gaza2.jsonl" 2>"$dir/replace.err"
got=$(count "SELECT count(*) || ' ' || string_agg(f.value::text, ',') FROM articles a JOIN figures f ON f.seq = a.seq WHERE a.id = 'gz1'")
if [ "$got" = "1 7" ]; then echo "PASS: pg_parity: a changed article replaces its version"
else echo "FAIL: pg_parity: a changed article replaces its version (got '$got', wanted '1 7')"; fi
v=$(count "SELECT max(version) FROM schema_version")
if [ "$v" -ge 1 ] 2>/dev/null; then echo "PASS: pg_parity: schema_version records the migrations ($v)"
else echo "FAIL: pg_parity: schema_version records the migrations (got '$v')"; fi
[ "$fails" -eq 0 ]
