#!/bin/sh
# Story grouping on the whole SaudiNewsNet corpus against the hand-made gold of
# tests/eval/stories (scripts/eval-stories.sh): a drop of B-cubed F1, of the events kept
# together or a return of long-chained stories fails.  The floors sit a little under the
# scores of this version (tests/eval/stories/README.md).  Prints PASS/FAIL/SKIP.
RASD=${RASD:-build/rasd}
check() { # name, then a command that succeeds when the check holds
  name=$1; shift
  if "$@" >/dev/null 2>&1; then echo "PASS: $name"; else echo "FAIL: $name"; fi
}
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 >= b + 0) }'; }
out=$(scripts/eval-stories.sh "$RASD" 2>&1); rc=$?
if [ $rc -eq 3 ]; then echo "SKIP: skipped: ../shared not found"; exit 0; fi
f1=$(printf '%s\n' "$out" | sed -n 's/^F1 \([0-9.]*\)$/\1/p')
ok=$(printf '%s\n' "$out" | sed -n 's/^events with >= 80% in one story: \([0-9]*\) of.*/\1/p')
check "story gold: B-cubed F1 >= 0.80 ($f1)" at_least "$f1" 0.80
check "story gold: events >= 80% in one story >= 10 ($ok)" at_least "$ok" 10
