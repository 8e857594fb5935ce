#!/bin/sh
# Every reader holds at most --max-bytes of one input (default 64 MiB): more is refused,
# naming the file and the limit, after reading no more than the limit and one byte.
RASD=${RASD:-build/rasd}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../common/checks.inc"
good="$tmp/good.txt"
printf 'قتل 5 مدنيين في قصف على مدينة الحسكة.\n' >"$good"
for cmd in text normalize tokens tag extract ingest; do
  head -c 300000 /dev/zero | "$RASD" $cmd --db "$tmp/s.db" --max-bytes 100K - "$good" \
    >"$tmp/out" 2>"$tmp/err"; rc=$?
  [ $cmd = ingest ] || { head -c 300000 /dev/zero | "$RASD" $cmd --max-bytes 100K - "$good" \
    >"$tmp/out" 2>"$tmp/err"; rc=$?; }
  want "$cmd: input past --max-bytes exits 1" "$rc" 1
  has "$cmd: names the input and the limit" "$tmp/err" "rasd $cmd: (standard input): more than 102400 bytes (--max-bytes)"
  [ $cmd = ingest ] || want "$cmd: the next input is still read" "$(grep -c 'مدنيين\|"value":5' "$tmp/out" | cut -c1)" 1
  head -c 102400 /dev/zero | tr '\0' 'a' >"$tmp/exact"
  "$RASD" $cmd --db "$tmp/s.db" --max-bytes 102400 "$tmp/exact" >/dev/null 2>"$tmp/err"; rc=$?
  [ $cmd = ingest ] || { "$RASD" $cmd --max-bytes 102400 "$tmp/exact" >/dev/null 2>"$tmp/err"; rc=$?; }
  want "$cmd: input of exactly --max-bytes is read" "$rc" 0
  # /dev/zero itself, with the default limit and 1 GiB of address space, ends soon
  # (not with AddressSanitizer, which reserves more address space than that to start).
  if ! ( ulimit -v 1048576; "$RASD" --version ) >/dev/null 2>&1; then
    echo "SKIP: $cmd /dev/zero under ulimit -v (binary cannot start within 1 GiB)"; continue
  fi
  start=$(date +%s)
  ( ulimit -v 1048576; "$RASD" $cmd --db "$tmp/z.db" --input text /dev/zero >/dev/null 2>"$tmp/err" ) 2>/dev/null; rc=$?
  [ $cmd = ingest ] || { start=$(date +%s); ( ulimit -v 1048576; "$RASD" $cmd $( [ $cmd = text ] || [ $cmd = extract ] && echo --input text) /dev/zero >/dev/null 2>"$tmp/err" ) 2>/dev/null; rc=$?; }
  want "$cmd /dev/zero: exit 1 within seconds" "$rc:$(( $(date +%s) - start < 20 ))" "1:1"
  has "$cmd /dev/zero: names the default limit" "$tmp/err" "/dev/zero: more than 67108864 bytes (--max-bytes)"
done
# JSON Lines: the limit is per line; the lines after a long one are read.
{ printf '{"id":"a","text":"'; head -c 200000 /dev/zero | tr '\0' 'x'; printf '"}\n'
  printf '{"id":"b","text":"قتل 5 مدنيين في قصف على مدينة الحسكة."}\n'; } >"$tmp/long.jsonl"
"$RASD" extract --max-bytes 64K "$tmp/long.jsonl" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "JSON Lines: a line past --max-bytes exits 1" "$rc" 1
has "JSON Lines: names file, line and limit" "$tmp/err" "long.jsonl:1: more than 65536 bytes (--max-bytes)"
want "JSON Lines: the next line is read" "$(grep -c '"doc":"b"' "$tmp/out")" 1
for bad in 0 -5 12Q K 99999999999999999999G; do
  "$RASD" extract --max-bytes "$bad" "$good" >/dev/null 2>"$tmp/err"; rc=$?
  want "--max-bytes '$bad' is a usage error" "$rc" 2
done
"$RASD" normalize --max-bytes >/dev/null 2>&1 </dev/null; rc=$?
want "--max-bytes without a value is a usage error" "$rc" 2
