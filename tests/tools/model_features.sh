#!/bin/sh
# scripts/model-features.sh on a tiny article: the record's fields, its sentence, headline,
# span and window words (normalized, light-stemmed), cue kinds of data/cues.tsv, each once.
# Prints PASS/FAIL.
RASD=${RASD:-build/rasd}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
printf 'غارات على المدينة\nوقال المرصد السوري إن القصف أدى إلى مقتل 12 مدنيا في المدينة أمس.\n' > "$work/a.txt"
# the span «مقتل 12 مدنيا»: byte offsets of the file
start=$(LC_ALL=C awk '{ t = t $0 "\n" } END { print index(t, "مقتل") - 1 }' "$work/a.txt")
end=$(LC_ALL=C awk '{ t = t $0 "\n" } END { i = index(t, "مدنيا"); print i - 1 + length("مدنيا") }' "$work/a.txt")
sentence=$(sed -n 2p "$work/a.txt")
printf 'a1\tkilled\tcivilians\tcivilians\t12\t12\t12\texact\tperson\tsohr\tالمرصد السوري\t\t2015-07-21\t%s\t%s\ttext\t%s\n' \
  "$start" "$end" "$sentence" > "$work/rec"
printf 'a1\tkilled\tcivilians\tcivilians\t\t200\t999\tvague\tperson\t\t\t\t2015-07-21\t%s\t%s\ttitle\t%s\n' \
  "$start" "$end" "$sentence" >> "$work/rec"
printf 'a1\t%s\n' "$work/a.txt" > "$work/map"
out=$(scripts/model-features.sh "$RASD" "$work/rec" "$work/map" 2>&1)
first=$(printf '%s\n' "$out" | sed -n 1p); second=$(printf '%s\n' "$out" | sed -n 2p)
has() { case " $1 " in *" $2 "*) return 0 ;; esac; return 1; }
check() { # name, line, then the features it must hold
  name=$1; line=$2; shift 2
  for f in "$@"; do
    has "$line" "$f" || { echo "FAIL: $name (got $line, wanted $f)"; return; }
  done
  echo "PASS: $name"
}
[ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] && echo "PASS: model features: one line per record" ||
  echo "FAIL: model features: one line per record (got $out)"
check "model features: the record's fields" "$first" bias c:killed g:civilians a:= q:exact sk:monitor f:text v:2 "cg:killed|civilians"
check "model features: no value, no source, the title" "$second" v:none sk:none f:title q:vague
check "model features: sentence stems and bigrams, numbers as #" "$first" s:مرصد s:قصف "s:#" "s2:مقتل_#"
check "model features: headline, span and window" "$first" h:غار x:مقتل "x:#" p:قصف n:في
check "model features: cue kinds" "$first" k:S:V k:S:S k:W:V k:H:G
dup=$(printf '%s\n' "$first" | tr ' ' '\n' | sort | uniq -d | head -n 1)
[ -z "$dup" ] && echo "PASS: model features: each feature once" || echo "FAIL: model features: each feature once (got $dup twice)"
