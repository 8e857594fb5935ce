#!/bin/sh
# Publication dates are ISO dates or date-times: a bad one in the input skips the article
# (exit 1, naming file, line and value); a bad --published is a usage error (exit 2).
RASD=${RASD:-build/rasd}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../common/checks.inc"
text='قتل 5 مدنيين في قصف على مدينة الحسكة.'
n=0
for p in 2022-01-20 2024-02-29 2022-01-20T10:30 2022-01-20T10:30:15 2022-01-20T10:30:15Z \
         2022-01-20T10:30:15+03:00 2022-01-20T10:30-05:00 2022-01-20T10:30:15.250Z; do
  n=$((n + 1))
  printf '{"id":"g%d","published":"%s","text":"%s"}\n' $n "$p" "$text"
done >"$tmp/good.jsonl"
"$RASD" extract "$tmp/good.jsonl" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "good published values: exit 0" "$rc" 0
want "good published values: every article read" "$(grep -o '"doc":"g[0-9]*"' "$tmp/out" | sort -u | wc -l)" "$n"

n=0
for p in not-a-date 99999-99-99 "'; DROP TABLE figures; --" 2022-02-30 2023-02-29 2022-13-01 \
         2022-1-20 20220120 2022-01-20T25:00 2022-01-20T10:60 2022-01-20T10:30:61 \
         2022-01-20T10:30+3 "2022-01-20 extra" 2022-01-20T ""; do
  n=$((n + 1))
  printf '{"id":"b%d","published":"%s","text":"%s"}\n' $n "$p" "$text" >"$tmp/b.jsonl"
  "$RASD" extract "$tmp/b.jsonl" >"$tmp/out" 2>"$tmp/err"; rc=$?
  want "published '$p': extract exits 1" "$rc" 1
  want "published '$p': the article is skipped" "$(wc -c <"$tmp/out")" 0
  has "published '$p': file, line and value named" "$tmp/err" "b.jsonl:1: 'published' is not an ISO date or date-time: '$p'"
done

printf '{"id":"x1","published":"not-a-date","text":"%s"}\n{"id":"x2","published":"2022-01-20","text":"%s"}\n' \
  "$text" "$text" >"$tmp/mixed.jsonl"
"$RASD" ingest --db "$tmp/s.db" "$tmp/mixed.jsonl" 2>"$tmp/err"; rc=$?
want "ingest: a bad published skips that article, exit 1" "$rc" 1
has "ingest: names the line and value" "$tmp/err" "mixed.jsonl:1: 'published' is not an ISO date or date-time: 'not-a-date'"
"$RASD" export --db "$tmp/s.db" --format acled >"$tmp/e.csv" 2>/dev/null
want "export: the bad date never reaches event_date" "$(grep -c 'not-a-date' "$tmp/e.csv")" 0
want "export: the good article is there" "$(grep -c '^2022-01-20,' "$tmp/e.csv")" 1

printf '<html><head><meta property="article:published_time" content="yesterday"></head><body><p>%s</p></body></html>\n' "$text" >"$tmp/p.html"
"$RASD" extract "$tmp/p.html" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "HTML meta published 'yesterday': exit 1" "$rc" 1
has "HTML meta published: named" "$tmp/err" "p.html: 'published' is not an ISO date or date-time: 'yesterday'"
"$RASD" extract --published 2022-01-20 "$tmp/p.html" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "--published overrides a bad HTML meta" "$rc:$(grep -c '"date":"2022-01-20"' "$tmp/out")" "0:1"

printf '%s\n' "$text" >"$tmp/t.txt"
for cmd in extract ingest; do
  for p in foo 2022-02-30 "2022-01-20x"; do
    "$RASD" $cmd --db "$tmp/u.db" --published "$p" "$tmp/t.txt" >/dev/null 2>"$tmp/err"; rc=$?
    [ $cmd = extract ] && { "$RASD" extract --published "$p" "$tmp/t.txt" >/dev/null 2>"$tmp/err"; rc=$?; }
    want "$cmd --published '$p': usage error" "$rc" 2
    has "$cmd --published '$p': named" "$tmp/err" "--published: '$p' is not an ISO date or date-time"
  done
  "$RASD" $cmd --db "$tmp/u.db" --published 2022-01-20T08:00:00+02:00 "$tmp/t.txt" >/dev/null 2>&1; rc=$?
  [ $cmd = extract ] && { "$RASD" extract --published 2022-01-20T08:00:00+02:00 "$tmp/t.txt" >/dev/null 2>&1; rc=$?; }
  want "$cmd --published with a date-time" "$rc" 0
done
