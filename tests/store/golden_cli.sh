#!/bin/sh
# The read commands over one store built from the samples and the evaluation articles,
# against their recorded output (tests/golden/store_cli.txt): the store's layout may
# change beneath them, what they print may not.  RASD_GOLDEN_UPDATE=1 records it anew.
RASD=${RASD:-build/rasd}
golden=tests/golden/store_cli.txt
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
db="$dir/g.db"
"$RASD" ingest --db "$db" samples/articles.jsonl samples/kurd-0318.txt \
  samples/local-0316.html tests/eval/e*.txt 2>"$dir/err"
out="$dir/out"
{
  for f in jsonl table; do
    echo "== stories $f"; "$RASD" stories --db "$db" --format "$f"
  done
  for id in $("$RASD" stories --db "$db" --format jsonl | sed -n 's/^{"type":"story","id":"\([^"]*\)".*/\1/p'); do
    echo "== figures $id"; "$RASD" figures --db "$db" --format table --story "$id"
    "$RASD" figures --db "$db" --story "$id"
  done
  for f in jsonl acled; do
    echo "== export $f"; "$RASD" export --db "$db" --format "$f"
  done
  for q in "قتلى" "الحسكة" '"قوات سوريا"'; do
    echo "== search $q"; "$RASD" search --db "$db" "$q"
    "$RASD" search --db "$db" --format jsonl "$q"
  done
  for id in $("$RASD" export --db "$db" --format jsonl | sed -n 's/.*"doc":"\([^"]*\)".*/\1/p' | sort -u); do
    echo "== passages $id"; "$RASD" passages --db "$db" "$id"
    "$RASD" passages --db "$db" --format table "$id"
  done
} >"$out" 2>&1
if [ -n "$RASD_GOLDEN_UPDATE" ]; then cp "$out" "$golden"; fi
if cmp -s "$out" "$golden"; then
  echo "PASS: read commands print what they printed before"
else
  echo "FAIL: read commands print what they printed before (got $(diff "$golden" "$out" | grep -c '^[<>]') changed lines, wanted 0)"
fi
