#!/bin/sh
# rasd normalize and rasd tokens from the command line: output, exit codes, messages, and
# awkward inputs (invalid UTF-8, NUL bytes, empty input, a 20 MB line).  $RASD is the binary.
RASD=${RASD:-build/rasd}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { # name, then a command that succeeds when the check passes
  name=$1; shift
  if "$@" >/dev/null 2>&1; then echo "PASS: $name"; else echo "FAIL: $name"; fi
}
out() { printf '%s' "$2" | "$RASD" $1 2>"$tmp/err"; }

# normalize
check "normalize extract" test "$(out normalize 'أَحمدُ في مدينةٍ ١٢')" = "احمد في مدينة 12"
check "normalize search folds teh marbuta" test "$(out 'normalize --profile search' 'مدينة')" = "مدينه"
check "normalize none" test "$(out 'normalize --profile none' 'أَ١')" = "أَ١"
check "normalize --no-digits" test "$(out 'normalize --no-digits' '١٢ أ')" = "١٢ ا"
check "normalize --teh-marbuta" test "$(out 'normalize --teh-marbuta' 'مدينة')" = "مدينه"
check "normalize lam-alef" test "$(out normalize 'ﻻ')" = "لا"
printf 'abc\n\327\247 \331' >"$tmp/bad"
check "invalid UTF-8 exit 1" sh -c '! "$1" normalize "$2"' _ "$RASD" "$tmp/bad"
"$RASD" normalize "$tmp/bad" 2>"$tmp/err" >/dev/null
check "invalid UTF-8 message" test "$(cat "$tmp/err")" = "rasd normalize: $tmp/bad: invalid UTF-8 at byte 7"
check "--replace" sh -c '"$1" normalize --replace "$2" | od -An -tx1 | tr -d " \n" | grep -q "efbfbd$"' _ "$RASD" "$tmp/bad"
"$RASD" tokens "$tmp/bad" 2>"$tmp/err" >/dev/null; rc=$?
check "tokens invalid UTF-8" test "$rc:$(cat "$tmp/err")" = "1:rasd tokens: $tmp/bad: invalid UTF-8 at byte 7"
: >"$tmp/empty"
check "normalize empty" test "$("$RASD" normalize "$tmp/empty" | wc -c)" -eq 0
check "tokens empty" test "$("$RASD" tokens <"$tmp/empty" | wc -c)" -eq 0
check "tokens empty exit 0" "$RASD" tokens "$tmp/empty"
printf 'a\000b' >"$tmp/nul"
check "normalize keeps NUL" test "$("$RASD" normalize "$tmp/nul" | od -An -c | tr -d ' ')" = 'a\0b'
check "tokens NUL" test "$("$RASD" tokens "$tmp/nul" | cut -f1,2,3 | tr '\n\t' '; ')" = "latin 0 1;latin 2 3;"
check "normalize --map" test "$(out 'normalize --map' 'xأy')" = "$(printf -- '-\t1\t3\t1\t3\tأ\tا')"
check "normalize two files" test "$("$RASD" normalize "$tmp/nul" - <"$tmp/nul" | wc -c)" -eq 6
"$RASD" normalize /nonexistent/file 2>/dev/null; check "missing file status" test $? -eq 1
"$RASD" normalize --bogus </dev/null 2>/dev/null; check "normalize usage 2" test $? -eq 2
"$RASD" normalize --profile bogus </dev/null 2>/dev/null; check "bad profile 2" test $? -eq 2
"$RASD" tokens --format xml </dev/null 2>/dev/null; check "tokens usage 2" test $? -eq 2
"$RASD" tokens --stem porter </dev/null 2>/dev/null; check "bad stemmer 2" test $? -eq 2
check "normalize --help" sh -c '"$1" normalize --help | grep -q "^usage: rasd normalize"' _ "$RASD"

# tokens
check "tokens tsv" test "$(out tokens 'قتلَ 12,500' | tr '\t\n' ' ;')" = "arabic 0 8 0 قتلَ قتل;number 9 15 0 12,500 12,500;"
check "tokens arabic separators" test "$(out tokens '٣٬٥٠٠' | cut -f1,6)" = "$(printf 'number\t3,500')"
check "tokens url" test "$(out tokens 'في https://x.org/a. ثم' | sed -n 2p | cut -f1,5)" = "$(printf 'url\thttps://x.org/a')"
check "tokens nl" test "$(printf 'a\nb\n\nc' | "$RASD" tokens | cut -f4 | tr -d '\n')" = "012"
check "tokens sentences" test "$(out 'tokens --sentences' 'عنوان
جاء. ذهب' | cut -f1 | tr -d '\n')" = "0112"
check "tokens light stem" test "$(out 'tokens --stem light' 'والطالبات' | cut -f7)" = "طالب"
check "tokens snowball" test "$(out 'tokens --stem snowball' 'الطالبات' | cut -f7)" = "طالب"
check "tokens clitics" sh -c 'printf "وبالكتاب" | "$1" tokens --clitics | cut -f7 | grep -q "وبال+كتاب"' _ "$RASD"
check "tokens jsonl" test "$(out 'tokens --format jsonl' 'قتل')" = '{"file":"-","kind":"arabic","start":0,"end":6,"nl":0,"text":"قتل","norm":"قتل"}'
check "tokens count" test "$(out 'tokens --count' 'قتل 3 اشخاص.' | tr '\t\n' ' ;')" = "tokens 4;sentences 1;"
check "tokens --help" sh -c '"$1" tokens --help | grep -q "^usage: rasd tokens"' _ "$RASD"

# An input of many pieces (read in blocks that end at blank lines): offsets and sentence
# numbers run on across the pieces.
printf 'قال: «انتهى.» ثم.\n\n' >"$tmp/para"
while [ "$(wc -c <"$tmp/para")" -lt 300000 ]; do
  cat "$tmp/para" "$tmp/para" >"$tmp/p2"; mv "$tmp/p2" "$tmp/para"
done
size=$(wc -c <"$tmp/para"); units=$((size / 31))
check "pieces: token count" test "$("$RASD" tokens --count "$tmp/para" | tr '\t\n' ' ;')" = "tokens $((units * 8));sentences $((units * 2));"
check "pieces: last offset" test "$("$RASD" tokens --sentences "$tmp/para" | tail -n 1 | cut -f1,3,4,5)" = "$(printf "%s\t%s\t%s\t0" $((units * 2 - 1)) $((size - 3)) $((size - 2)))"
check "pieces: stdin" test "$("$RASD" tokens - <"$tmp/para" | md5sum)" = "$("$RASD" tokens "$tmp/para" | md5sum)"

# A 20 MB line without a break, through a pipe and from a file: no hang, no crash.
printf 'قتل 12 شخصا، ' >"$tmp/line"
while [ "$(wc -c <"$tmp/line")" -lt 20971520 ]; do
  cat "$tmp/line" "$tmp/line" >"$tmp/l2"; mv "$tmp/l2" "$tmp/line"
done
n=$(wc -c <"$tmp/line")
check "20 MB line tokens" sh -c 'timeout 120 "$1" tokens --count <"$2" | grep -q "^sentences	1$"' _ "$RASD" "$tmp/line"
check "20 MB line normalize" test "$(timeout 120 "$RASD" normalize --no-punct "$tmp/line" | wc -c)" -eq "$n"
