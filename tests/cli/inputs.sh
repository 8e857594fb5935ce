#!/bin/sh
# Every command that reads input files goes on after one it cannot read (a directory, a
# missing file, an unreadable file), processes the rest and exits 1; "--" ends options.
RASD=${RASD:-build/rasd}
case $RASD in /*) ;; *) RASD=$(pwd)/$RASD ;; esac
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../common/checks.inc"
good="$tmp/good.txt"
printf 'قتل 5 مدنيين في قصف على مدينة الحسكة.\n' >"$good"
mkdir "$tmp/dir"
# What each command prints for the good file, as a pattern that its output must match.
mark() {
  case $1 in
  text | normalize) echo 'الحسكة' ;;
  tokens) echo 'مدنيين' ;;
  tag) echo '"value":5' ;;
  extract) echo '"category":"killed"' ;;
  esac
}
# Runs command $1 on the remaining arguments; prints "STATUS SEEN" where SEEN is 1 when the
# good file's output (or, for ingest, the stored article) is there.
run() {
  cmd=$1; shift
  if [ "$cmd" = ingest ]; then
    rm -f "$tmp/s.db"*
    "$RASD" ingest --db "$tmp/s.db" "$@" >/dev/null 2>"$tmp/err"; rc=$?
    seen=0
    "$RASD" search --db "$tmp/s.db" --format jsonl "الحسكة" 2>/dev/null | grep -q '"id"' && seen=1
  else
    "$RASD" "$cmd" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    seen=0
    grep -q "$(mark "$cmd")" "$tmp/out" && seen=1
  fi
  echo "$rc $seen"
}
# An unreadable file: permissions stop anyone but root; /proc/self/mem fails to read
# (EIO at offset 0) for root too.
unreadable="$tmp/secret.txt"
cp "$good" "$unreadable"; chmod 000 "$unreadable"
if cat "$unreadable" >/dev/null 2>&1; then unreadable=/proc/self/mem; fi
for cmd in text normalize tokens tag extract ingest; do
  want "$cmd: a good file alone" "$(run $cmd "$good")" "0 1"
  want "$cmd: a directory, then a good file" "$(run $cmd "$tmp/dir" "$good")" "1 1"
  want "$cmd: the directory is named" "$(grep -c "$tmp/dir" "$tmp/err")" 1
  want "$cmd: a missing file, then a good file" "$(run $cmd "$tmp/none.txt" "$good")" "1 1"
  want "$cmd: the missing file is named" "$(grep -c "none.txt" "$tmp/err")" 1
  want "$cmd: an unreadable file, then a good file" "$(run $cmd "$unreadable" "$good")" "1 1"
  want "$cmd: a good file, then a directory" "$(run $cmd "$good" "$tmp/dir")" "1 1"
done

# "--" ends the options: what follows is a file even when it starts with a dash.
cp "$good" "$tmp/-dash.txt"
for cmd in text normalize tokens tag extract ingest; do
  want "$cmd -- -dash.txt" "$(cd "$tmp" && run $cmd -- -dash.txt)" "0 1"
  want "$cmd: a file named like an option, without --, is a usage error" \
    "$(cd "$tmp" && run $cmd -dash.txt | cut -d' ' -f1)" 2
done
want "extract: options before --, files after" \
  "$(cd "$tmp" && run extract --format jsonl --published 2022-01-20 -- -dash.txt good.txt)" "0 1"
want "text: -- then a second --, which is a file" "$(cd "$tmp" && run text -- -- 2>/dev/null | cut -d' ' -f1)" 1
