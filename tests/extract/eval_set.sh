#!/bin/sh
# The project's own held-out-style articles (tests/eval: Yemen, Iraq and Syria in 2015 from
# several outlets, and economy, sport and history pieces that hold no figures), scored by
# scripts/eval.sh against tests/eval/gold.tsv.  A drop of precision, recall or F1 below its
# floor fails.  Prints PASS/FAIL per check.
RASD=${RASD:-build/rasd}
F1_FLOOR=0.90
P_FLOOR=0.90
R_FLOOR=0.88
out=$(scripts/eval.sh "$RASD" tests/eval 2>&1); rc=$?
check() { # name, then a command that succeeds when the check holds
  name=$1; shift
  if "$@" >/dev/null 2>&1; then echo "PASS: $name"; else echo "FAIL: $name"; fi
}
val() { printf '%s\n' "$out" | sed -n "s/^overall $1 \([0-9.]*\).*/\1/p"; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 >= b + 0) }'; }
check "eval on tests/eval runs" test "$rc" -eq 0
check "tests/eval precision >= $P_FLOOR ($(val precision))" at_least "$(val precision)" "$P_FLOOR"
check "tests/eval recall >= $R_FLOOR ($(val recall))" at_least "$(val recall)" "$R_FLOOR"
check "tests/eval F1 >= $F1_FLOOR ($(val F1))" at_least "$(val F1)" "$F1_FLOOR"
# The trap articles (economy, sport, history) give no figure at all.
for d in e08 e09 e10; do
  check "trap article $d has no figures" sh -c "! printf '%s\n' \"\$1\" | grep -q '^$d:'" _ "$out"
done
