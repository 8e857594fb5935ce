#!/bin/sh
# Stored text that would act on a terminal or a spreadsheet: escape sequences and other
# control characters in titles and outlets are shown escaped by the table views, JSON
# output escapes them, and ACLED CSV cells that a spreadsheet would read as a formula are
# neutralized (numbers stay numbers).
RASD=${RASD:-build/rasd}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
db="$dir/u.db"
expect() { # name, got, wanted
  if [ "$2" = "$3" ]; then echo "PASS: $1"; else echo "FAIL: $1 (got $2, wanted $3)"; fi
}
raw() { # the raw control bytes of a file (C0 but tab and newline, DEL) in hex, then the
        # lines holding a C1 control (U+0080..U+009F in UTF-8)
  printf '%s' "$(LC_ALL=C tr -d '\11\12\40-\176\200-\377' < "$1" | od -An -tx1 | tr -d ' \n')$(
    LC_ALL=C grep -c "$(printf '\302[\200-\237]')" "$1" | sed 's/^0$//')"
}
cat > "$dir/a.jsonl" <<'J'
{"id":"u1","outlet":"=cmd|' /C calc'!A0","published":"2022-01-22","title":"\u001b[2Jمقتل 5 مدنيين\u009b31m في الحسكة\u0007","text":"قتل 5 مدنيين في قصف على مدينة الحسكة.\u001b]0;pwned\u0007"}
{"id":"u2","outlet":"-2+3\u001b[5m","published":"2022-01-23","title":"مقتل 7 مدنيين في الحسكة","text":"قتل 7 مدنيين في قصف على مدينة الحسكة."}
J
"$RASD" ingest --db "$db" "$dir/a.jsonl" 2>"$dir/err"
expect "ingest" "$?:$(cat "$dir/err")" "0:"

"$RASD" search --db "$db" "الحسكة" > "$dir/s" 2>&1
expect "search table: no raw control characters" "$(raw "$dir/s")" ""
expect "search table: ESC shown as \\x1b" "$(grep -c '^u1.*\\x1b\[2J' "$dir/s")" 1
expect "search table: C1 CSI shown as \\u009b" "$(grep -c '^u1.*\\u009b31m' "$dir/s")" 1
"$RASD" search --db "$db" "قصف" > "$dir/s" 2>&1
expect "search table: no raw control characters in a snippet of the text" "$(raw "$dir/s")" ""
expect "search table: the snippet's escape shown" "$(grep -c '\\x1b\]0;pwned\\x07' "$dir/s")" 1
"$RASD" search --db "$db" --format jsonl "الحسكة" > "$dir/s" 2>&1
expect "search jsonl: no raw control characters" "$(raw "$dir/s")" ""
expect "search jsonl: ESC as \\u001b" "$(grep -c '\\u001b\[2J' "$dir/s")" 1

"$RASD" stories --db "$db" --format table > "$dir/t" 2>&1
expect "stories table: no raw control characters" "$(raw "$dir/t")" ""
expect "stories table: ESC shown as \\x1b" "$(grep -c '\\x1b\[2J' "$dir/t")" 1
"$RASD" stories --db "$db" > "$dir/t" 2>&1
expect "stories jsonl: no raw control characters" "$(raw "$dir/t")" ""
story=$(sed -n 's/.*"id":"\(s[0-9]*\)".*/\1/p' "$dir/t" | head -1)
"$RASD" figures --db "$db" --format table --story "$story" > "$dir/f" 2>&1
expect "figures table: the outlet is shown" "$(grep -c "=cmd|' /C calc'!A0" "$dir/f")" 1
expect "figures table: no raw control characters" "$(raw "$dir/f")" ""
expect "figures table: an outlet's ESC shown as \\x1b" "$(grep -c '2+3\\x1b\[5m' "$dir/f")" 1
"$RASD" passages --db "$db" --format table u1 > "$dir/p" 2>&1
expect "passages table: no raw control characters" "$(raw "$dir/p")" ""

"$RASD" export --db "$db" --format acled > "$dir/e.csv" 2>&1
expect "acled: no cell starts with = + - @ unquoted" \
  "$(tr ',' '\n' < "$dir/e.csv" | grep -c '^[=+@-]')" 0
expect "acled: a formula outlet is quoted and prefixed with '" \
  "$(grep -c "\"'=cmd|' /C calc'!A0\"" "$dir/e.csv")" 1
expect "acled: an outlet starting with - is neutralized" "$(grep -c "\"'-2+3" "$dir/e.csv")" 1
expect "acled: fatalities stay numbers" "$(cut -d, -f10 "$dir/e.csv" | tr '\r\n' '  ')" "fatalities 5 7 "
"$RASD" export --db "$db" --format jsonl > "$dir/e.jsonl" 2>&1
expect "export jsonl: no raw control characters" "$(raw "$dir/e.jsonl")" ""
