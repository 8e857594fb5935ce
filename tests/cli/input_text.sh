#!/bin/sh
# What the article readers (rasd text, extract, ingest) do with input that is not clean
# UTF-8 text: deep HTML keeps its text, NUL in a JSON Lines id is refused, invalid UTF-8 is
# refused (or repaired with --replace) naming file, line and byte, other charsets are
# converted.  The same rule in normalize, tokens and tag.
RASD=${RASD:-build/rasd}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../common/checks.inc"
nest() { # depth -> an HTML page with a paragraph that deep, then one at the top
  awk -v d="$1" 'BEGIN { printf "<html><body>"; for (i = 0; i < d; i++) printf "<div>";
    printf "<p>قتل 5 مدنيين في قصف على مدينة الحسكة.</p>"; for (i = 0; i < d; i++) printf "</div>";
    printf "<p>نزح 300 عائلة من ريف إدلب.</p></body></html>\n" }'
}

# Deep HTML
for d in 300 5000; do
  nest $d >"$tmp/deep$d.html"
  "$RASD" text "$tmp/deep$d.html" >"$tmp/out" 2>"$tmp/err"; rc=$?
  want "HTML $d levels deep: exit 0" "$rc" 0
  has "HTML $d levels deep: the deep paragraph is kept" "$tmp/out" "قتل 5 مدنيين في قصف على مدينة الحسكة."
  has "HTML $d levels deep: the paragraph after it is kept" "$tmp/out" "نزح 300 عائلة من ريف إدلب."
done
"$RASD" ingest --db "$tmp/d.db" "$tmp/deep300.html" 2>"$tmp/err"; rc=$?
want "ingest of deep HTML: exit 0" "$rc" 0
if command -v sqlite3 >/dev/null; then
  want "ingest of deep HTML stores the whole text" \
    "$(sqlite3 "$tmp/d.db" "SELECT instr(text, 'الحسكة') > 0 AND instr(text, 'إدلب') > 0 FROM articles")" 1
fi

# NUL in the string fields of JSON Lines
printf '{"id":"a\\u0000one","text":"x"}\n{"id":"a\\u0000two","text":"y"}\n{"id":"b","text":"z"}\n' >"$tmp/nul.jsonl"
"$RASD" text "$tmp/nul.jsonl" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "NUL in id: exit 1" "$rc" 1
has "NUL in id: file and line 1 named" "$tmp/err" "nul.jsonl:1: 'id' holds a NUL character"
has "NUL in id: file and line 2 named" "$tmp/err" "nul.jsonl:2: 'id' holds a NUL character"
want "NUL in id: the lines are skipped, the good one kept" "$(grep -c '^== ' "$tmp/out")" 2
for f in outlet url published; do
  printf '{"id":"c","%s":"x\\u0000y","text":"z"}\n' "$f" >"$tmp/nul2.jsonl"
  "$RASD" ingest --db "$tmp/n.db" "$tmp/nul2.jsonl" 2>"$tmp/err"; rc=$?
  want "NUL in $f: ingest exits 1" "$rc" 1
  has "NUL in $f: named" "$tmp/err" "nul2.jsonl:1: '$f' holds a NUL character"
done

# Invalid UTF-8, UTF-16 and binary
good='قتل 5 مدنيين في قصف على مدينة الحسكة.'
printf 'قتل 5 \377 مدنيين\n' >"$tmp/bad.txt"         # the bad byte is byte 9
printf '%s\n' "$good" | iconv -f utf-8 -t utf-16 >"$tmp/u16.txt"
# Random bytes, the same each run: a file that happened to begin with "{" would be read as
# JSON Lines (an error per line), so the draw is seeded rather than taken from /dev/urandom.
python3 -c 'import random, sys; r = random.Random(1)
sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(4096)))' >"$tmp/random.bin"
printf '<html><body><p>قتل \377 5 مدنيين</p></body></html>\n' >"$tmp/bad.html"   # byte 22
printf '{"id":"j1","text":"قتل 5 مدنيين"}\n{"id":"j2","text":"قتل \377 5"}\n' >"$tmp/bad.jsonl"
for cmd in text extract; do
  "$RASD" $cmd "$tmp/bad.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
  want "$cmd: invalid UTF-8 exits 1" "$rc" 1
  has "$cmd: invalid UTF-8 named with its byte" "$tmp/err" "rasd $cmd: $tmp/bad.txt: invalid UTF-8 at byte 9"
  want "$cmd: invalid UTF-8: nothing printed" "$(wc -c <"$tmp/out")" 0
  "$RASD" $cmd "$tmp/u16.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
  want "$cmd: UTF-16 text exits 1" "$rc" 1
  has "$cmd: UTF-16 text named" "$tmp/err" "u16.txt: invalid UTF-8 at byte 0"
  "$RASD" $cmd --input text "$tmp/random.bin" >"$tmp/out" 2>"$tmp/err"; rc=$?
  want "$cmd: random bytes exit 1" "$rc" 1
  "$RASD" $cmd "$tmp/bad.html" >"$tmp/out" 2>"$tmp/err"; rc=$?
  want "$cmd: invalid UTF-8 in HTML exits 1" "$rc" 1
  has "$cmd: invalid UTF-8 in HTML named with its byte" "$tmp/err" "bad.html: invalid UTF-8 at byte 22"
  "$RASD" $cmd "$tmp/bad.jsonl" >"$tmp/out" 2>"$tmp/err"; rc=$?
  want "$cmd: invalid UTF-8 in JSON Lines exits 1" "$rc" 1
  has "$cmd: invalid UTF-8 in JSON Lines named with line and byte" "$tmp/err" "bad.jsonl:2: invalid UTF-8 at byte 26 of the line"
done
"$RASD" text --replace "$tmp/bad.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "text --replace: exit 0" "$rc" 0
want "text --replace: U+FFFD in place of the bad byte" "$(cat "$tmp/out")" "قتل 5 � مدنيين"
printf 'قتل 5 مدنيين في قصف \377 على مدينة الحسكة.\n' >"$tmp/bad2.txt"
"$RASD" extract --replace "$tmp/bad2.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "extract --replace: the figure is found" "$rc:$(grep -c '"value":5' "$tmp/out")" "0:1"
"$RASD" text --replace "$tmp/bad.html" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "text --replace on HTML" "$rc:$(cat "$tmp/out")" "0:قتل � 5 مدنيين"
"$RASD" text --replace "$tmp/bad.jsonl" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "text --replace on JSON Lines" "$rc:$(tail -1 "$tmp/out")" "0:قتل � 5"
rm -f "$tmp/i.db"
"$RASD" ingest --db "$tmp/i.db" "$tmp/bad.txt" "$tmp/random.bin" "$tmp/u16.txt" 2>"$tmp/err"; rc=$?
want "ingest: invalid UTF-8 exits 1" "$rc" 1
want "ingest: each bad input named" "$(grep -c 'invalid UTF-8 at byte' "$tmp/err")" 3
if command -v sqlite3 >/dev/null; then
  want "ingest: nothing bad stored" "$(sqlite3 "$tmp/i.db" "SELECT count(*) FROM articles")" 0
fi
"$RASD" ingest --db "$tmp/i.db" --replace "$tmp/bad.txt" 2>"$tmp/err"; rc=$?
want "ingest --replace stores the repaired text" "$rc" 0
"$RASD" tag --replace "$tmp/bad.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "tag --replace: exit 0, the number tagged" "$rc:$(grep -c '"value":5' "$tmp/out")" "0:1"
"$RASD" tag "$tmp/bad.txt" >"$tmp/out" 2>"$tmp/err"; rc=$?
has "tag: invalid UTF-8 named with its byte" "$tmp/err" "rasd tag: $tmp/bad.txt: invalid UTF-8 at byte 9"

# HTML in another charset is converted; one that cannot be read is refused, naming it
printf '<html><head><meta charset="windows-1256"></head><body><p>%s</p></body></html>\n' "$good" |
  iconv -f utf-8 -t windows-1256 >"$tmp/w.html"
"$RASD" text "$tmp/w.html" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "windows-1256 HTML is converted" "$rc:$(cat "$tmp/out")" "0:$good"
printf '<html><body><p>%s</p></body></html>\n' "$good" | iconv -f utf-8 -t utf-16 >"$tmp/u16.html"
"$RASD" text "$tmp/u16.html" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "UTF-16 HTML with a byte order mark is converted" "$rc:$(cat "$tmp/out")" "0:$good"
printf '<html><body><p>%s</p></body></html>\n' "$good" | iconv -f utf-8 -t utf-16le >"$tmp/u16le.html"
"$RASD" text --input html "$tmp/u16le.html" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "UTF-16 HTML without a byte order mark is converted" "$rc:$(cat "$tmp/out")" "0:$good"
printf '<html><head><meta charset="x-no-such-charset"></head><body><p>%s</p></body></html>\n' "$good" >"$tmp/x.html"
"$RASD" text "$tmp/x.html" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "HTML in an unknown charset is refused" "$rc" 1
has "HTML in an unknown charset: file and charset named" "$tmp/err" "x.html: unsupported charset 'x-no-such-charset'"
