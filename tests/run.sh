#!/bin/sh
# Runs the whole suite: every cmocka binary under BUILD/tests and every tests/**/*.sh
# script, then prints one summary line "N passed, N failed, N skipped".
# Shell tests print "PASS: name", "FAIL: name" or "SKIP: name" per check.
BUILD=${1:-build}
export RASD="$BUILD/rasd"
pass=0; fail=0; skip=0; failed=""
log=$(mktemp); trap 'rm -f "$log"' EXIT
count() { # file
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
  s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
  p2=$(grep -c '^PASS: ' "$1"); f2=$(grep -c '^FAIL: ' "$1"); s2=$(grep -c '^SKIP: ' "$1")
  # cmocka counts a skipped test as passed too; report it once, as skipped.
  pass=$((pass + p - s + p2)); fail=$((fail + f + f2)); skip=$((skip + s + s2))
  # A binary that crashed or exited non-zero without reporting a failure counts as one.
  if [ "$2" -ne 0 ] && [ $((f + f2)) -eq 0 ]; then fail=$((fail + 1)); fi
  if [ "$2" -ne 0 ] || [ $((f + f2)) -gt 0 ]; then failed="$failed $3"; fi
}
for t in $(find "$BUILD/tests" -type f -name 'test_*' -perm -u+x 2>/dev/null | sort); do
  echo "== $t"
  "$t" >"$log" 2>&1; rc=$?
  grep -E '^\[  (FAILED|ERROR) |^skipped:|ERROR|Failure|FAIL|runtime error|Sanitizer|[0-9]+/[0-9]+ rows|corpus|agrees' "$log" | head -40
  count "$log" $rc "$t"
done
for t in $(find tests -name '*.sh' ! -name run.sh | sort); do
  echo "== $t"
  sh "$t" >"$log" 2>&1; rc=$?
  grep -E '^(FAIL|SKIP): |^skipped:' "$log" | head -40
  count "$log" $rc "$t"
done
[ -n "$failed" ] && echo "failing:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ $((pass + fail)) -gt 0 ]
