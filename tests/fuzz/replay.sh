#!/bin/sh
# Every fuzz target replays every input of its corpus (fuzz/corpus/<target>/), built by
# `make test` with the ordinary compiler (tests/fuzz/replay_main.c stands for libFuzzer):
# crashes the fuzzer once found stay found.
RASD=${RASD:-build/rasd}
bin=$(dirname "$RASD")/fuzz-replay
expect() { # name, got, wanted
  if [ "$2" = "$3" ]; then echo "PASS: $1"; else echo "FAIL: $1 (got $2, wanted $3)"; fi
}
for src in fuzz/fuzz_*.c; do
  t=$(basename "$src" .c)
  if [ ! -x "$bin/$t" ]; then
    expect "fuzz replay $t: built" "no $bin/$t" "$bin/$t"
    continue
  fi
  n=$(ls "fuzz/corpus/$t" 2>/dev/null | wc -l)
  expect "fuzz replay $t: has a seed corpus" "$( [ "$n" -gt 0 ] && echo yes || echo "no inputs")" yes
  [ "$n" -gt 0 ] || continue
  out=$(timeout 300 "$bin/$t" "fuzz/corpus/$t"/* 2>&1); rc=$?
  expect "fuzz replay $t: all $n inputs run" \
    "$rc:$(printf '%s\n' "$out" | grep -c '^ok ')" "0:$n"
done
