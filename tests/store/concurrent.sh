#!/bin/sh
# Two `rasd ingest` at once on one store: on a new store, with different inputs and with
# the same input, both must wait for the other and succeed, storing each article once.
# Then a disk that fills up during an ingest: the message says so and names the article,
# and what was committed before stays.
RASD=${RASD:-build/rasd}
case "$RASD" in /*) ;; *) RASD="$(pwd)/$RASD" ;; esac
if ! command -v sqlite3 >/dev/null 2>&1; then echo "SKIP: concurrent ingests (no sqlite3 shell)"; exit 0; fi
dir=$(mktemp -d)
cleanup() { [ -n "$mnt" ] && umount "$mnt" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
ROUNDS=${CONCURRENT_ROUNDS:-20}
expect() { # name, got, wanted
  if [ "$2" = "$3" ]; then echo "PASS: $1"; else echo "FAIL: $1 (got $2, wanted $3)"; fi
}
articles() { # prefix, count
  awk -v p="$1" -v n="$2" 'BEGIN { for (i = 1; i <= n; i++)
    printf "{\"id\":\"%s%04d\",\"outlet\":\"o\",\"published\":\"2022-01-%02d\",\"text\":\"قتل %d مدنيين في قصف على مدينة الحسكة، بحسب المرصد السوري لحقوق الإنسان.\"}\n", p, i, i % 28 + 1, i % 50 + 2 }'
}
articles a 30 > "$dir/a.jsonl"
articles b 30 > "$dir/b.jsonl"

# rounds of: db, first input, second input -> "status1 status2 count" per round, and the
# error lines of every run in $dir/errors
rounds() {
  : > "$dir/errors"; bad=0
  for r in $(seq "$ROUNDS"); do
    db="$dir/r$r.db"
    "$RASD" ingest --db "$db" --batch 5 "$1" 2>"$dir/e1" & p1=$!
    "$RASD" ingest --db "$db" --batch 5 "$2" 2>"$dir/e2" & p2=$!
    wait $p1; s1=$?; wait $p2; s2=$?
    n=$(sqlite3 "$db" "SELECT count(*) FROM articles" 2>&1)
    cat "$dir/e1" "$dir/e2" >> "$dir/errors"
    [ "$s1 $s2 $n" = "0 0 $3" ] || { bad=$((bad + 1)); last="$s1 $s2 $n"; }
    rm -f "$db" "$db-wal" "$db-shm"
  done
  echo "$bad"
}
bad=$(rounds "$dir/a.jsonl" "$dir/b.jsonl" 60)
expect "two ingests at once on a new store: all $ROUNDS rounds succeed with 60 articles" \
  "$bad failed rounds$( [ -s "$dir/errors" ] && printf ', stderr: %s' "$(sort -u "$dir/errors" | head -3 | tr '\n' ' ')")" \
  "0 failed rounds"
bad=$(rounds "$dir/a.jsonl" "$dir/a.jsonl" 30)
expect "two ingests of the same input at once: all $ROUNDS rounds succeed, each article once" \
  "$bad failed rounds$( [ -s "$dir/errors" ] && printf ', stderr: %s' "$(sort -u "$dir/errors" | head -3 | tr '\n' ' ')")" \
  "0 failed rounds"

# A full disk: a small tmpfs (needs root and mount), a store that outgrows it in the middle
# of a batch (the batch is larger than SQLite's page cache, so pages go to disk before the
# commit).
mnt="$dir/small"; mkdir -p "$mnt"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=3m tmpfs "$mnt" 2>/dev/null; then
  awk 'BEGIN { for (i = 1; i <= 1200; i++) {
    t = ""; for (k = 0; k < 200; k++) t = t "كلمة" (i * 211 + k) " "
    printf "{\"id\":\"f%05d\",\"outlet\":\"o\",\"published\":\"2022-01-01\",\"text\":\"%s\"}\n", i, t } }' \
    > "$dir/f.jsonl"
  "$RASD" ingest --db "$mnt/f.db" --batch 400 "$dir/f.jsonl" 2>"$dir/err"; rc=$?
  expect "disk full: exit status 1" "$rc" 1
  expect "disk full: the message says the disk is full and names the article" \
    "$(grep -c 'storing f[0-9]*: .*disk is full' "$dir/err"):$(head -c 300 "$dir/err")" \
    "1:$(head -c 300 "$dir/err")"
  expect "disk full: no savepoint error" "$(grep -c 'savepoint' "$dir/err")" 0
  n=$(sqlite3 "$mnt/f.db" "SELECT count(*) FROM articles" 2>&1)
  expect "disk full: whole batches committed before it stay" \
    "$( [ "$n" -gt 0 ] 2>/dev/null && [ $((n % 400)) -eq 0 ] && echo yes || echo "$n articles")" yes
  expect "disk full: the store passes integrity_check" \
    "$(sqlite3 "$mnt/f.db" "PRAGMA integrity_check" 2>&1)" ok
  umount "$mnt"; mnt=
else
  mnt=
  echo "SKIP: disk full during ingest (needs root and mount -t tmpfs)"
fi
