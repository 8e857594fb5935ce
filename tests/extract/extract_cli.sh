#!/bin/sh
# rasd extract from the command line: output contract, formats, exit codes, golden outputs
# of the development articles.  Prints PASS/FAIL/SKIP per check.
RASD=${RASD:-build/rasd}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { # name, then a command that succeeds when the check holds
  name=$1; shift
  if "$@" >/dev/null 2>&1; then echo "PASS: $name"; else echo "FAIL: $name"; fi
}

printf 'وأوقعت الاشتباكات، وفق المرصد، 39 قتيلا من تنظيم الدولة الإسلامية و23 من القوات الأمنية الكردية وخمسة مدنيين.\n' > "$tmp/a.txt"
"$RASD" extract --published 2022-01-22 "$tmp/a.txt" > "$tmp/a.jsonl"; rc=$?
check "extract exits 0" test "$rc" -eq 0
check "three figures" test "$(wc -l < "$tmp/a.jsonl")" -eq 3
check "record fields in the spec's order" grep -q '^{"type":"figure","doc":"a","category":"killed","group":"isis","actor":"isis","value":39,"low":39,"high":39,"qualifier":"exact","unit":"person","source":"sohr","source_text":"المرصد","location":null,"date":"2022-01-22","start":[0-9]*,"end":[0-9]*,"text":"' "$tmp/a.jsonl"
check "no field key for plain text" sh -c "! grep -q '\"field\"' '$tmp/a.jsonl'"
# The evidence bytes are the number through the cue.
start=$(sed -n '1s/.*"start":\([0-9]*\).*/\1/p' "$tmp/a.jsonl")
end=$(sed -n '1s/.*"end":\([0-9]*\).*/\1/p' "$tmp/a.jsonl")
check "offsets point at the evidence" test "$(tail -c +$((start + 1)) "$tmp/a.txt" | head -c $((end - start)))" = "39 قتيلا"

"$RASD" extract --format tsv --published 2022-01-22 "$tmp/a.txt" > "$tmp/a.tsv"
check "tsv header" sh -c "head -1 '$tmp/a.tsv' | grep -q '^doc	category	group	actor	value	low	high	qualifier	unit	source	source_text	location	date	start	end	field	text$'"
check "tsv rows" test "$(wc -l < "$tmp/a.tsv")" -eq 4
"$RASD" extract --format pretty "$tmp/a.txt" > "$tmp/a.pretty"
check "pretty isolates Arabic" grep -q "$(printf '\342\201\247')39 قتيلا$(printf '\342\201\251')" "$tmp/a.pretty"

printf '{"id":"j1","published":"2015-07-20","title":"مقتل 5 مدنيين بغارة","text":"وأصيب 12 شخصا."}\nnot json\n{"id":"j2","text":"قتل 3 جنود عراقيين."}\n' > "$tmp/b.jsonl"
"$RASD" extract "$tmp/b.jsonl" > "$tmp/b.out" 2> "$tmp/b.err"; rc=$?
check "bad JSONL line: exit 1" test "$rc" -eq 1
check "bad JSONL line reported with its number" grep -q ':2' "$tmp/b.err"
check "other lines still read" test "$(wc -l < "$tmp/b.out")" -eq 3
check "title figures carry field title" grep -q '"doc":"j1".*"field":"title"' "$tmp/b.out"
check "text figures carry field text" grep -q '"doc":"j2".*"field":"text"' "$tmp/b.out"

"$RASD" extract --format nope "$tmp/a.txt" >/dev/null 2>&1; rc=$?
check "bad usage: exit 2" test "$rc" -eq 2
"$RASD" extract "$tmp/missing.txt" >/dev/null 2>&1; rc=$?
check "unreadable file: exit 1" test "$rc" -eq 1
: > "$tmp/empty.txt"
"$RASD" extract "$tmp/empty.txt" > "$tmp/empty.out"; rc=$?
check "empty input: exit 0, nothing" sh -c "test $rc -eq 0 && test ! -s '$tmp/empty.out'"
printf 'قتل \000 5 \377\376 مدنيين\n' > "$tmp/bad.txt"
"$RASD" extract "$tmp/bad.txt" >/dev/null 2>&1; rc=$?
check "NUL and invalid UTF-8: no crash" test "$rc" -le 1
check "stdin" sh -c "'$RASD' extract < '$tmp/a.txt' | grep -q '\"doc\":\"-\"'"

# A cue shared by a list after it: each count's evidence runs from its number through the
# cue, over the counts between.
printf 'وقال مصدر عسكري إن 77 من تنظيم داعش و39 من الأسايش لقوا مصرعهم.\n' > "$tmp/l.txt"
"$RASD" extract --format tsv "$tmp/l.txt" | tail -n +2 > "$tmp/l.tsv"
span() { # value -> the evidence bytes of its record
  line=$(awk -F'\t' -v v="$1" '$5 == v' "$tmp/l.tsv")
  s=$(printf '%s\n' "$line" | cut -f14); e=$(printf '%s\n' "$line" | cut -f15)
  tail -c +$((s + 1)) "$tmp/l.txt" | head -c $((e - s))
}
check "list before a shared cue: first count's evidence runs through the cue" \
  test "$(span 77)" = "77 من تنظيم داعش و39 من الأسايش لقوا مصرعهم"
check "list before a shared cue: last count's evidence" test "$(span 39)" = "39 من الأسايش لقوا مصرعهم"

# A place written with the article is not its bare noun: «تل» (a hill, the start of many
# names) is not the town «التل», but «بالتل» and «للتل» are.
loc() { # text -> the location of its first figure
  printf '%s' "$1" | "$RASD" extract | sed -n '1s/.*"location":"\{0,1\}\([^",]*\)"\{0,1\},"date".*/\1/p'
}
check "bare «تل» is no place" test "$(loc 'قتل 5 مدنيين في هجوم على سجن تل جرنك.')" = "null"
check "«في التل» is the town" test "$(loc 'قتل 3 مدنيين بقصف في التل.')" = "tall"
check "«بالتل» is the town" test "$(loc 'قتل 4 جنود بالتل.')" = "tall"

# Golden outputs of the development articles.
DEV=../shared/devset
if [ ! -f "$DEV/articles.meta.jsonl" ]; then
  echo "SKIP: golden devset outputs (../shared not found)"
else
  for g in tests/golden/extract_*.jsonl; do
    id=${g#tests/golden/extract_}; id=${id%.jsonl}
    pub=$(sed -n "s/.*\"id\":\"$id\".*\"published\":\"\([^\"]*\)\".*/\1/p" "$DEV/articles.meta.jsonl")
    "$RASD" extract --id "$id" --published "$pub" "$DEV/$id.txt" > "$tmp/g.jsonl"
    if cmp -s "$tmp/g.jsonl" "$g"; then echo "PASS: golden $id"; else
      echo "FAIL: golden $id"; diff "$g" "$tmp/g.jsonl" | head -10; fi
  done
fi
