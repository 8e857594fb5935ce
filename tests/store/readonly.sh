#!/bin/sh
# Reads never write: search, stories, figures, passages and export answer on a store the
# user may only read (file 0444, directory 0555; as root, whom permissions do not stop, the
# store's bytes and mtime must stay the same; as `nobody` when runuser is there), the same
# as on a writable copy.  `rasd ingest` brings stories and the passage index up to date; a
# store whose derived tables are out of date is still answered (computed for the run, said
# once on stderr) until `rasd refresh` stores them.
RASD=${RASD:-build/rasd}
case "$RASD" in /*) ;; *) RASD="$(pwd)/$RASD" ;; esac
if ! command -v sqlite3 >/dev/null 2>&1; then echo "SKIP: read-only stores (no sqlite3 shell)"; exit 0; fi
dir=$(mktemp -d); trap 'chmod -R u+w "$dir"; rm -rf "$dir"' EXIT
expect() { # name, got, wanted
  if [ "$2" = "$3" ]; then echo "PASS: $1"; else echo "FAIL: $1 (got $2, wanted $3)"; fi
}
stamp() { # bytes and mtime of a file
  echo "$(sha256sum < "$1" | cut -c1-16) $(stat -c %Y.%y "$1")"
}
w='قال المرصد السوري لحقوق الإنسان إن 39 عنصرا من تنظيم الدولة الإسلامية و23 من القوات الأمنية الكردية قتلوا في اشتباكات عند سجن غويران في مدينة الحسكة شمال شرق سوريا منذ بدء الهجوم'
cat > "$dir/a.jsonl" <<J
{"id":"r1","outlet":"o1","published":"2022-01-22","title":"هجوم على سجن غويران في الحسكة","text":"$w."}
{"id":"r2","outlet":"o2","published":"2022-01-23","title":"اشتباكات سجن غويران في الحسكة","text":"وأضاف: $w. وارتفعت الحصيلة."}
{"id":"r3","outlet":"o3","published":"2022-01-24","text":"أعلنت قوات سوريا الديمقراطية اعتقال 12 عنصرا من داعش في دير الزور."}
J
mkdir "$dir/rw" "$dir/ro"
"$RASD" ingest --db "$dir/rw/s.db" "$dir/a.jsonl" 2>"$dir/err"
expect "ingest" "$?:$(cat "$dir/err")" "0:"
expect "ingest brings the passage index up to date" \
  "$(sqlite3 "$dir/rw/s.db" "SELECT (SELECT count(*) FROM psg_done) = (SELECT count(*) FROM articles)")" 1
expect "ingest brings the stories up to date" \
  "$(sqlite3 "$dir/rw/s.db" "SELECT count(*) FROM story_stamp") $(sqlite3 "$dir/rw/s.db" "SELECT count(*) FROM story_articles")" "1 3"
cp "$dir/rw/s.db" "$dir/ro/s.db"
cp "$dir/rw/s.db" "$dir/stale.db"

# The read commands, each as: name|arguments
reads() {
  story=$1
  cat <<C
search|search --format jsonl الحسكة
search-table|search غويران
stories|stories
stories-table|stories --format table
figures|figures --story $story
figures-table|figures --format table --story $story
passages|passages r1
passages-table|passages --format table r2
export-jsonl|export --format jsonl
export-acled|export --format acled
C
}
story=$("$RASD" stories --db "$dir/rw/s.db" | sed -n 's/.*"id":"\(s[0-9]*\)".*"docs":\["r1".*/\1/p')
reads "$story" > "$dir/cmds"
run_all() { # db, output dir, [user]
  mkdir -p "$2"; chmod 777 "$2"
  while IFS='|' read -r name args; do
    # shellcheck disable=SC2086
    if [ -n "$3" ]; then
      runuser -u "$3" -- "$RASD" $args --db "$1" > "$2/$name" 2> "$2/$name.err"
    else
      "$RASD" $args --db "$1" > "$2/$name" 2> "$2/$name.err"
    fi
    echo $? > "$2/$name.rc"
  done < "$dir/cmds"
}
run_all "$dir/rw/s.db" "$dir/want"
expect "passages found on the writable store" "$( [ -s "$dir/want/passages" ] && echo yes)" yes

chmod 0444 "$dir/ro/s.db"; chmod 0555 "$dir/ro"
before=$(stamp "$dir/ro/s.db")
check_same() { # label, output dir
  while IFS='|' read -r name args; do
    expect "$1: $name answers (exit status, stderr)" \
      "$(cat "$2/$name.rc"):$(cat "$2/$name.err")" "0:"
    expect "$1: $name answers as on a writable store" \
      "$(cmp -s "$2/$name" "$dir/want/$name" && echo same || head -c 200 "$2/$name")" same
  done < "$dir/cmds"
}
run_all "$dir/ro/s.db" "$dir/got"
check_same "read-only store" "$dir/got"
expect "read-only store: the file's bytes and mtime are unchanged" "$(stamp "$dir/ro/s.db")" "$before"
if command -v runuser >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && runuser -u nobody -- true 2>/dev/null; then
  chmod 0755 "$dir"
  run_all "$dir/ro/s.db" "$dir/nobody" nobody
  check_same "read-only store, as nobody" "$dir/nobody"
  expect "read-only store, as nobody: the file is unchanged" "$(stamp "$dir/ro/s.db")" "$before"
else
  echo "SKIP: read-only store as an unprivileged user (needs root and runuser)"
fi

# Derived tables out of date (a store of an older version, an interrupted run): answered
# all the same, said once on stderr, stored by rasd refresh.
sqlite3 "$dir/stale.db" "DELETE FROM story_stamp; DELETE FROM story_articles; DELETE FROM stories;
  DELETE FROM psg_fp; DELETE FROM psg_done"
before=$(stamp "$dir/stale.db")
run_all "$dir/stale.db" "$dir/stale"
for name in stories figures passages export-acled; do
  expect "out of date: $name answers as when up to date" \
    "$(cat "$dir/stale/$name.rc"):$(cmp -s "$dir/stale/$name" "$dir/want/$name" && echo same)" "0:same"
  expect "out of date: $name says once that rasd refresh would store it" \
    "$(grep -c "rasd refresh --db $dir/stale.db" "$dir/stale/$name.err"):$(wc -l < "$dir/stale/$name.err")" "1:1"
done
expect "out of date: reads leave the file unchanged" "$(stamp "$dir/stale.db")" "$before"
"$RASD" refresh --db "$dir/stale.db" > "$dir/out" 2>"$dir/err"
expect "refresh" "$?:$(cat "$dir/err")" "0:"
expect "refresh stores stories and the passage index" \
  "$(sqlite3 "$dir/stale.db" "SELECT count(*) FROM story_articles; SELECT count(*) FROM psg_done" | tr '\n' ' ')" "3 3 "
"$RASD" stories --db "$dir/stale.db" > "$dir/out" 2>"$dir/err"
expect "after refresh: no word of refresh" "$?:$(cat "$dir/err")" "0:"
"$RASD" refresh --db "$dir/none.db" > /dev/null 2>"$dir/err"
expect "refresh of a missing store: exit 1, naming it, creating nothing" \
  "$?:$(grep -c none.db "$dir/err"):$( [ -e "$dir/none.db" ] && echo created)" "1:1:"
