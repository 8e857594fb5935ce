#!/bin/sh
# rasd tag from the command line: the records of the issue's examples byte for byte,
# --lines, --published, exit codes and messages.  $RASD is the binary.
RASD=${RASD:-build/rasd}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { # name, then a command that succeeds when the check passes
  name=$1; shift
  if "$@" >/dev/null 2>&1; then echo "PASS: $name"; else echo "FAIL: $name"; fi
}

printf 'نحو 3500' | "$RASD" tag >"$tmp/o"
check "approx record" test "$(cat "$tmp/o")" = '{"type":"number","value":3500,"low":3500,"high":3500,"qualifier":"approx","unit":null,"start":0,"end":11,"text":"نحو 3500"}'
printf 'للمرة الثالثة' | "$RASD" tag >"$tmp/o"
check "ordinal record" test "$(cat "$tmp/o")" = '{"type":"ordinal","value":3,"start":11,"end":25,"text":"الثالثة"}'
printf 'يوم الخميس، 20 يناير/كانون الثاني 2022' | "$RASD" tag >"$tmp/o"
check "date record" test "$(cat "$tmp/o")" = '{"type":"date","date":"2022-01-20","grain":"day","start":0,"end":64,"text":"يوم الخميس، 20 يناير/كانون الثاني 2022"}'
printf 'أواخر مارس 2021' | "$RASD" tag >"$tmp/o"
check "interval end_date" grep -q '"date":"2021-03-21","end_date":"2021-03-31","grain":"day"' "$tmp/o"
printf 'قتل أكثر من أربعين' | "$RASD" tag >"$tmp/o"
check "open bound is null" grep -q '"value":40,"low":41,"high":null,"qualifier":"more_than"' "$tmp/o"
printf 'بين 60 و90' | "$RASD" tag >"$tmp/o"
check "range has no value" grep -q '"value":null,"low":60,"high":90,"qualifier":"range"' "$tmp/o"
printf '0.77 و -1200000' | "$RASD" tag >"$tmp/o"
check "decimal and negative values" test "$(grep -o '"value":[^,]*' "$tmp/o" | tr '\n' ' ')" = '"value":0.77 "value":-1200000 '
printf 'قتل أمس' >"$tmp/rel"
check "relative date with --published" sh -c '"$1" tag --published 2022-01-25 "$2" | grep -q "\"date\":\"2022-01-24\""' _ "$RASD" "$tmp/rel"
check "relative date without anchor is null" sh -c '"$1" tag "$2" | grep -q "\"date\":null"' _ "$RASD" "$tmp/rel"
check "--future reads weekdays forward" sh -c 'printf "الجمعة" | "$1" tag --future --published 2022-01-25 | grep -q 2022-01-28' _ "$RASD"
check "past by default" sh -c 'printf "الجمعة" | "$1" tag --published 2022-01-25 | grep -q 2022-01-21' _ "$RASD"

printf 'لا شيء\nقتل 5 أمس\n\nجرح 7\n' >"$tmp/lines"
"$RASD" tag --lines --published 2022-01-25 "$tmp/lines" >"$tmp/o"
check "--lines line numbers" test "$(grep -o '"line":[0-9]*' "$tmp/o" | tr '\n' ' ')" = '"line":2 "line":2 "line":4 '
check "--lines offsets within the line" grep -q '"line":2,"value":5,"low":5,"high":5,"qualifier":"exact","unit":null,"start":7,"end":8' "$tmp/o"
check "--lines last line" grep -q '"line":4,"value":7.*"start":7,"end":8' "$tmp/o"
check "two files" test "$("$RASD" tag "$tmp/rel" "$tmp/lines" | wc -l)" -eq 4

"$RASD" tag --published 2022-13-01 "$tmp/rel" 2>"$tmp/err" >/dev/null; rc=$?
check "bad --published exit 2" test "$rc" -eq 2
check "bad --published message" grep -q -- "--published" "$tmp/err"
"$RASD" tag --bogus 2>/dev/null; rc=$?
check "unknown option exit 2" test "$rc" -eq 2
"$RASD" tag "$tmp/missing" 2>"$tmp/err" >/dev/null; rc=$?
check "missing file exit 1" test "$rc:$(cat "$tmp/err")" = "1:rasd tag: $tmp/missing: No such file or directory"
printf 'قتل 5\n\327\247 \331' >"$tmp/bad"
"$RASD" tag "$tmp/bad" 2>"$tmp/err" >/dev/null; rc=$?
check "invalid UTF-8 exit 1 with offset" test "$rc:$(cat "$tmp/err")" = "1:rasd tag: $tmp/bad: invalid UTF-8 at byte 12"
"$RASD" tag --lines "$tmp/bad" 2>"$tmp/err" >"$tmp/o"; rc=$?
check "--lines invalid UTF-8 names the line" test "$rc:$(cat "$tmp/err")" = "1:rasd tag: $tmp/bad:2: invalid UTF-8 at byte 12"
check "--lines keeps good lines" grep -q '"value":5' "$tmp/o"
: >"$tmp/empty"
check "empty input" test "$("$RASD" tag "$tmp/empty" | wc -c)" -eq 0
check "--help exit 0" "$RASD" tag --help
