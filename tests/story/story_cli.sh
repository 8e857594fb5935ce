#!/bin/sh
# rasd stories, passages and figures over a store made from samples/: the stories
# contract, every article in one story, spans of copied passages on both sides, exit codes,
# and the same stories whether articles arrive in one run or in several.  $RASD is the binary.
RASD=${RASD:-build/rasd}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { # name, then a command that succeeds when the check passes
  name=$1; shift
  if "$@" >/dev/null 2>&1; then echo "PASS: $name"; else echo "FAIL: $name"; fi
}
db=$tmp/a.db
ingest_all() { # db
  "$RASD" ingest --db "$1" samples/articles.jsonl &&
  "$RASD" ingest --db "$1" --outlet qamishli-today samples/local-0316.html &&
  "$RASD" ingest --db "$1" --outlet roj-news --published 2025-03-18 samples/kurd-0318.txt
}
if ! ingest_all "$db" >/dev/null 2>&1; then
  echo "SKIP: rasd ingest is not available"; exit 0
fi
# bytes [s, e) of an article's text, through SQLite (substr on a blob counts bytes)
span() { # db id start end
  sqlite3 "$1" "SELECT CAST(substr(CAST(text AS BLOB), $3 + 1, $4 - $3) AS TEXT) FROM articles WHERE id = '$2'"
}

"$RASD" stories --db "$db" >"$tmp/st" 2>"$tmp/err"
check "stories exit 0" test $? -eq 0
check "stories: one record a line, all stories" sh -c '! grep -v "^{\"type\":\"story\",\"id\":\"s[0-9]*\",\"title\":" "$1"' _ "$tmp/st"
check "stories: fields" grep -q '"first":"2025-03-14","last":"2025-03-20","docs":\[' "$tmp/st"
# every stored article stands in exactly one story's docs
sed 's/.*"docs":\[\([^]]*\)\].*/\1/' "$tmp/st" | tr ',' '\n' | tr -d '"' | sort >"$tmp/docs"
sqlite3 "$db" "SELECT id FROM articles ORDER BY id" | sort >"$tmp/ids"
check "every article in exactly one story" cmp -s "$tmp/docs" "$tmp/ids"
main=$(grep '"wire-0314"' "$tmp/st")
for d in kurd-0314 daily-0316 local-0316 kurd-0318 wire-0320; do
  check "same event: $d with wire-0314" sh -c 'printf "%s" "$1" | grep -q "\"$2\""' _ "$main" "$d"
done
check "unrelated article on its own" grep -q '"docs":\["daily-0318"\]' "$tmp/st"
check "docs in publication order (a tie of one day by article id)" sh -c 'printf "%s" "$1" | grep -q "\"docs\":\[\"kurd-0314\",\"wire-0314\",\"daily-0316\",\"local-0316\",\"kurd-0318\",\"wire-0320\"\]"' _ "$main"
"$RASD" stories --db "$db" >"$tmp/st2"
check "stories stable across runs" cmp -s "$tmp/st" "$tmp/st2"
"$RASD" stories --db "$db" --format table >"$tmp/tab"
check "stories table" grep -q '^s[0-9]*  2025-03-14 \.\. 2025-03-20  6 articles' "$tmp/tab"

# arrival in several runs (stories asked in between) gives the same stories
db2=$tmp/b.db
"$RASD" ingest --db "$db2" --outlet roj-news --published 2025-03-18 samples/kurd-0318.txt >/dev/null 2>&1
"$RASD" stories --db "$db2" >/dev/null
"$RASD" ingest --db "$db2" samples/articles.jsonl >/dev/null 2>&1
"$RASD" stories --db "$db2" >/dev/null
"$RASD" ingest --db "$db2" --outlet qamishli-today samples/local-0316.html >/dev/null 2>&1
"$RASD" stories --db "$db2" | sed 's/"id":"s[0-9]*",//' >"$tmp/st3"
sed 's/"id":"s[0-9]*",//' "$tmp/st" >"$tmp/st1"
check "incremental arrival = one run" cmp -s "$tmp/st1" "$tmp/st3"

# passages: the wire paragraph the Kurdish outlet ran with two words changed
"$RASD" passages --db "$db" kurd-0314 >"$tmp/p"
check "passages exit 0" test $? -eq 0
line=$(grep '"other":"wire-0314"' "$tmp/p" | head -n 1)
check "copied passage found" test -n "$line"
num() { printf '%s' "$line" | sed "s/.*\"$1\":\([0-9]*\).*/\1/"; }
s=$(num start); e=$(num end); os=$(num other_start); oe=$(num other_end); w=$(num words)
check "passage long enough" test "${w:-0}" -ge 40
a=$(span "$db" kurd-0314 "$s" "$e"); b=$(span "$db" wire-0314 "$os" "$oe")
check "doc span starts at the passage" sh -c 'case "$1" in "وقال المرصد السوري"*) exit 0;; esac; exit 1' _ "$a"
check "other span starts at the passage" sh -c 'case "$1" in "وقال المرصد السوري"*) exit 0;; esac; exit 1' _ "$b"
check "doc span keeps its spelling" sh -c 'case "$1" in *"14 اذار") exit 0;; esac; exit 1' _ "$a"
check "other span keeps its spelling" sh -c 'case "$1" in *"14 آذار") exit 0;; esac; exit 1' _ "$b"
check "passage record fields" grep -q '^{"type":"passage","doc":"kurd-0314","start":[0-9]*,"end":[0-9]*,"other":"wire-0314","other_start":[0-9]*,"other_end":[0-9]*,"words":[0-9]*}$' "$tmp/p"
check "no passages in the unrelated article" test "$("$RASD" passages --db "$db" daily-0318 | wc -l)" -eq 0
check "passages table" sh -c '"$1" passages --db "$2" --format table kurd-0314 | grep -q "^kurd-0314 \[[0-9]*,[0-9]*)  =  wire-0314"' _ "$RASD" "$db"
"$RASD" passages --db "$db" no-such-doc 2>"$tmp/err"; rc=$?
check "unknown doc exit 1" test $rc -eq 1
check "unknown doc message" grep -q "no article 'no-such-doc'" "$tmp/err"

# figures
sid=$(printf '%s' "$main" | sed 's/.*"id":"\(s[0-9]*\)".*/\1/')
"$RASD" figures --db "$db" --story "$sid" >"$tmp/f"
check "figures exit 0" test $? -eq 0
check "figures: series records" sh -c 'test -s "$1" && ! grep -v "^{\"type\":\"series\",\"story\":\"$2\",\"category\":" "$1"' _ "$tmp/f" "$sid"
check "figures: points, estimate, conflicts" grep -q '"points":\[{"date":"2025-03-.*"estimate":.*"conflicts":\[' "$tmp/f"
check "figures table" sh -c '"$1" figures --db "$2" --story "$3" --format table | grep -q "estimate:"' _ "$RASD" "$db" "$sid"
"$RASD" figures --db "$db" --story s999999 2>/dev/null; check "unknown story exit 1" test $? -eq 1
"$RASD" figures --db "$db" 2>/dev/null; check "figures without --story exit 2" test $? -eq 2
"$RASD" figures --db "$db" --story "$sid" --format xml 2>/dev/null; check "bad format exit 2" test $? -eq 2
"$RASD" stories --db "$tmp/none.db" 2>/dev/null; check "missing store exit 1" test $? -eq 1
check "missing store not created" test ! -e "$tmp/none.db"
"$RASD" passages --db "$db" 2>/dev/null; check "passages without DOC exit 2" test $? -eq 2
"$RASD" stories --db "$db" extra 2>/dev/null; check "stories extra argument exit 2" test $? -eq 2
