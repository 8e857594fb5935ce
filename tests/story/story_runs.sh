#!/bin/sh
# Stories are the same whether the articles arrive in one run or in several in publication
# order (each run adds its articles to the stored grouping's state), and a state that does
# not fit the store (damaged, an article removed, one dated before the last grouped) is
# only a reason to group afresh.  Over samples/, and over three days of the SaudiNewsNet
# corpus when ../shared is there.  $RASD is the binary.
RASD=${RASD:-build/rasd}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { # name, then a command that succeeds when the check passes
  name=$1; shift
  if "$@" >/dev/null 2>&1; then echo "PASS: $name"; else echo "FAIL: $name"; fi
}
stories() { "$RASD" stories --db "$1" --format jsonl; }
# ingest FILE... into DB one run per file
runs() { # db file...
  db=$1; shift
  for f in "$@"; do "$RASD" ingest --db "$db" "$f" >/dev/null 2>&1 || return 1; done
}
# A JSON Lines file cut by publication day into parts: day < $2, $2 <= day < $3, day >= $3.
cut3() { # in out-prefix day1 day2
  jq -c --arg a "$3" 'select(.published[0:10] < $a)' "$1" >"$2.1"
  jq -c --arg a "$3" --arg b "$4" 'select(.published[0:10] >= $a and .published[0:10] < $b)' "$1" >"$2.2"
  jq -c --arg b "$4" 'select(.published[0:10] >= $b)' "$1" >"$2.3"
}
one_vs_three() { # name jsonl day1 day2
  cut3 "$2" "$tmp/$1" "$3" "$4"
  cat "$tmp/$1.1" "$tmp/$1.2" "$tmp/$1.3" >"$tmp/$1.all"
  runs "$tmp/$1-one.db" "$tmp/$1.all" && stories "$tmp/$1-one.db" >"$tmp/$1-one" ||
    { echo "FAIL: $1: ingest in one run"; return; }
  runs "$tmp/$1-three.db" "$tmp/$1.1" "$tmp/$1.2" "$tmp/$1.3" &&
    stories "$tmp/$1-three.db" >"$tmp/$1-three" ||
    { echo "FAIL: $1: ingest in three runs"; return; }
  check "$1: stories of three runs = one run" cmp -s "$tmp/$1-one" "$tmp/$1-three"
  check "$1: more than one story" test "$(wc -l <"$tmp/$1-one")" -gt 1
  n=$(sqlite3 "$tmp/$1-three.db" "SELECT count(*) FROM story_state s JOIN story_stamp t ON t.stamp = s.stamp")
  check "$1: the grouping's state is stored with the stories" test "$n" = 1
}
command -v jq >/dev/null 2>&1 || { echo "SKIP: jq not installed"; exit 0; }
one_vs_three samples samples/articles.jsonl 2025-03-15 2025-03-19

# a damaged state: the next run groups afresh, with the same stories
cut3 samples/articles.jsonl "$tmp/d" 2025-03-15 2025-03-19
runs "$tmp/d.db" "$tmp/d.1" "$tmp/d.2"
sqlite3 "$tmp/d.db" "UPDATE story_state SET state = x'00'"
runs "$tmp/d.db" "$tmp/d.3"
check "damaged state: same stories" cmp -s "$tmp/samples-one" "$(stories "$tmp/d.db" >"$tmp/d"; echo "$tmp/d")"
# an article dated before the last grouped day, arriving last: the same stories as one run
# in publication order
runs "$tmp/o.db" "$tmp/d.2" "$tmp/d.3" "$tmp/d.1"
stories "$tmp/o.db" | sed 's/"id":"s[0-9]*",//' >"$tmp/o"
sed 's/"id":"s[0-9]*",//' "$tmp/samples-one" >"$tmp/one-noid"
check "out of order: same stories as in publication order" cmp -s "$tmp/o" "$tmp/one-noid"

# three days of the corpus, a few hundred articles each
ZIP=${SNN_ZIP:-../shared/data/saudinewsnet/zip}
if [ -f "$ZIP/2015-08-06.zip" ] && [ -f "$ZIP/2015-08-08.zip" ]; then
  for d in 2015-08-06 2015-08-07 2015-08-08; do
    unzip -p "$ZIP/$d.zip" | jq -c --arg d "$d" '.[0:250][] |
      {id: (.url), outlet: .source, url: .url,
       published: ((.date_extracted // "") | sub(" "; "T")), title: (.title // ""),
       text: (.content // "")}'
  done >"$tmp/snn.jsonl"
  one_vs_three snn "$tmp/snn.jsonl" 2015-08-07 2015-08-08
else
  echo "SKIP: skipped: ../shared not found"
fi
