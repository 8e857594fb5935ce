#!/bin/sh
# rasd ingest / search / export / text from the command line: exit codes, messages naming
# file and line, idempotence, silence when stderr is not a terminal, CSV shape.
RASD=${RASD:-build/rasd}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
db="$dir/c.db"
ok() { echo "PASS: $1"; }
ko() { echo "FAIL: $1"; }
check() { if eval "$2"; then ok "$1"; else ko "$1"; fi; }

cat > "$dir/a.jsonl" <<'J'
{"id":"c1","outlet":"o1","published":"2022-01-22","title":"مقتل 5 مدنيين","text":"قتل 5 مدنيين في قصف على مدينة الحسكة، بحسب المرصد السوري لحقوق الإنسان.","extra":{"x":1}}
{"id":"c2", broken
{"id":"c3","outlet":"o2","published":"2022-01-23","text":"أعلنت قوات سوريا الديمقراطية اعتقال 12 عنصرا من داعش في دير الزور."}
J
"$RASD" ingest --db "$db" "$dir/a.jsonl" >"$dir/out" 2>"$dir/err"; rc=$?
check "ingest exits 1 when a line is bad" '[ $rc -eq 1 ]'
check "bad line reported with file and line" 'grep -q "a.jsonl:2: invalid JSON" "$dir/err"'
check "ingest is silent on stdout, and on stderr but for the bad line" \
  '[ ! -s "$dir/out" ] && [ "$(wc -l < "$dir/err")" -eq 1 ]'
check "good lines stored" '[ "$("$RASD" search --db "$db" --format jsonl "قوات مدنيين" | wc -l)" -eq 0 ] && [ "$("$RASD" search --db "$db" --format jsonl "في" | wc -l)" -eq 2 ]'

sed -i '2d' "$dir/a.jsonl"
"$RASD" ingest --db "$db" "$dir/a.jsonl" 2>"$dir/err"; rc=$?
check "re-ingest of the same articles exits 0" '[ $rc -eq 0 ]'
if command -v sqlite3 >/dev/null; then
  check "re-ingest stores nothing twice" '[ "$(sqlite3 "$db" "SELECT count(*) FROM articles")" -eq 2 ]'
fi

printf '<html><body><nav>قائمة</nav><p>نزح 300 عائلة من ريف إدلب.</p></body></html>' > "$dir/n1.html"
"$RASD" ingest --db "$db" "$dir/n1.html" 2>"$dir/err"; rc=$?
check "HTML file ingested with its base name as id" \
  '[ $rc -eq 0 ] && "$RASD" search --db "$db" --format jsonl "عائلات" | grep -q "\"id\":\"n1\""'

"$RASD" search --db "$db" "الحسكه" > "$dir/s" 2>&1; rc=$?
check "search finds a spelling variant, with the match in brackets" \
  '[ $rc -eq 0 ] && grep -q "^c1" "$dir/s" && grep -q "\[الحسكة\]" "$dir/s"'
"$RASD" search --db "$db" "برتقال" > "$dir/s" 2>&1; rc=$?
check "search without hits prints nothing and exits 0" '[ $rc -eq 0 ] && [ ! -s "$dir/s" ]'
"$RASD" search --db "$db" "؟؟" > /dev/null 2>&1; rc=$?
check "search for punctuation only is a usage error" '[ $rc -eq 2 ]'
"$RASD" search --db "$dir/none.db" "x" > /dev/null 2>"$dir/err"; rc=$?
check "search on a missing store exits 1 naming it" '[ $rc -eq 1 ] && grep -q "none.db" "$dir/err" && [ ! -e "$dir/none.db" ]'
echo "not a database at all, just text that is long enough to fill a header page" > "$dir/junk.db"
"$RASD" search --db "$dir/junk.db" "x" > /dev/null 2>"$dir/err"; rc=$?
check "a file that is no store is refused with SQLite's reason" '[ $rc -eq 1 ] && grep -q "junk.db: store error: file is not a database" "$dir/err"'
"$RASD" search --db "$db" --format jsonl "مدنيين" > "$dir/s"
check "search jsonl carries matches spans" 'grep -q "\"matches\":\[\[" "$dir/s"'

"$RASD" export --db "$db" --format acled > "$dir/e.csv"; rc=$?
check "export acled exits 0 with the ACLED header" \
  '[ $rc -eq 0 ] && head -1 "$dir/e.csv" | grep -q "^event_date,event_type,sub_event_type,actor1,actor2,admin1,location,latitude,longitude,fatalities,source,notes"'
check "export acled lines end in CRLF" '[ "$(head -1 "$dir/e.csv" | od -An -c | tr -d " \n" | tail -c 4)" = "\r\n" ]'
"$RASD" export --db "$db" --format jsonl > "$dir/e.jsonl"; rc=$?
check "export jsonl: one figure record per line" \
  '[ $rc -eq 0 ] && [ -s "$dir/e.jsonl" ] && ! grep -v "^{\"type\":\"figure\"" "$dir/e.jsonl" | grep -q .'
# Two reports of one event on one day: one ACLED row, the lowest figure per side summed.
cat > "$dir/g.jsonl" <<'J'
{"id":"g1","outlet":"o1","published":"2022-01-22","title":"هجوم على سجن غويران في الحسكة","text":"قال المرصد السوري لحقوق الإنسان إن 39 عنصرا من تنظيم الدولة الإسلامية و23 من القوات الأمنية الكردية قتلوا في اشتباكات عند سجن غويران في مدينة الحسكة."}
{"id":"g2","outlet":"o2","published":"2022-01-22","title":"اشتباكات سجن غويران في الحسكة","text":"أفاد المرصد السوري لحقوق الإنسان بمقتل 40 عنصرا من تنظيم الدولة الإسلامية و23 من القوات الأمنية الكردية في اشتباكات عند سجن غويران في مدينة الحسكة."}
J
"$RASD" ingest --db "$dir/g.db" "$dir/g.jsonl" 2>/dev/null
"$RASD" export --db "$dir/g.db" --format acled > "$dir/g.csv"
check "acled: one row for one story and date, fatalities the lowest per side" \
  '[ "$(wc -l < "$dir/g.csv")" -eq 2 ] && grep -q "^2022-01-22,Battles,Armed clash,isis,sdf,.*,62,sohr,\"story s[0-9]*: .*o1 g1.*o2 g2" "$dir/g.csv"'
# A second event reported inside a story (an attack in another country): its own row.
cat > "$dir/t.jsonl" <<'J'
{"id":"t1","outlet":"o1","published":"2022-01-22","title":"اشتباكات سجن غويران في الحسكة","text":"قال المرصد السوري لحقوق الإنسان إن 39 عنصرا من تنظيم الدولة الإسلامية قتلوا في اشتباكات عند سجن غويران في مدينة الحسكة.\n\nوفي تركيا، قتل 12 مدنيا في تفجير انتحاري استهدف سوقا في مدينة أنقرة."}
J
"$RASD" ingest --db "$dir/t.db" "$dir/t.jsonl" 2>/dev/null
"$RASD" export --db "$dir/t.db" --format acled > "$dir/t.csv"
check "acled: two events in one story and date are two rows, each at its place" \
  '[ "$(wc -l < "$dir/t.csv")" -eq 3 ] && grep -q "^2022-01-22,Battles,Armed clash,isis,.*,ghwayran_prison,.*,39," "$dir/t.csv" && grep -q "^2022-01-22,Violence against civilians,Attack,.*,ankara,.*,12," "$dir/t.csv"'
"$RASD" export --db "$db" > /dev/null 2>&1; rc=$?
check "export without --format is a usage error" '[ $rc -eq 2 ]'
"$RASD" ingest --db "$db" --input xml "$dir/a.jsonl" > /dev/null 2>&1; rc=$?
check "unknown --input kind is a usage error" '[ $rc -eq 2 ]'
"$RASD" ingest --db "$db" "$dir/missing.txt" > /dev/null 2>"$dir/err"; rc=$?
check "missing input file exits 1 naming it" '[ $rc -eq 1 ] && grep -q "missing.txt" "$dir/err"'

if command -v script >/dev/null 2>&1; then
  script -qc "\"$RASD\" ingest --db \"$dir/p.db\" \"$dir/a.jsonl\"" /dev/null > "$dir/tty" 2>&1
  check "a progress line on a terminal" 'grep -q "2 articles (2 new, 0 replaced, 0 unchanged)" "$dir/tty"'
else
  echo "SKIP: a progress line on a terminal (no script(1))"
fi

printf '{"id":"t1","title":"العنوان","text":"النص"}\n' | "$RASD" text --input jsonl > "$dir/t"; rc=$?
check "text prints the title and text of JSONL articles" \
  '[ $rc -eq 0 ] && [ "$(cat "$dir/t")" = "$(printf "== t1 title\nالعنوان\n== t1 text\nالنص")" ]'
printf '' | "$RASD" text > "$dir/t"; rc=$?
check "text of empty input prints nothing" '[ $rc -eq 0 ] && [ ! -s "$dir/t" ]'
