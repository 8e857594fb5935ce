#!/bin/sh
# Extraction throughput over $SAMPLE (JSON Lines output), side by side with `wc -w` on the
# same file.  Prints MB/s of each and the ratio rasd / wc (target >= 0.3, aim 0.5).
RASD=${RASD:-build/rasd}
SAMPLE=${SAMPLE:-../shared/data/saudinewsnet/saudinewsnet_sample_30MB.txt}
[ -f "$SAMPLE" ] || { echo "skipped: $SAMPLE not found"; exit 0; }
bytes=$(wc -c < "$SAMPLE")
now() { date +%s.%N; }
# Best of three runs of each, to damp noise.
best() { # command...
  b=""
  for i in 1 2 3; do
    t0=$(now); "$@" > /dev/null 2>&1; t1=$(now)
    b=$(awk -v a="$t0" -v z="$t1" -v b="$b" 'BEGIN { d = z - a; if (b == "" || d < b) print d; else print b }')
  done
  echo "$b"
}
tw=$(best env LC_ALL=C.UTF-8 wc -w "$SAMPLE")
tr=$(best "$RASD" extract --input text --published 2015-08-01 "$SAMPLE")
figs=$("$RASD" extract --input text --published 2015-08-01 "$SAMPLE" 2>/dev/null | wc -l)
awk -v b="$bytes" -v tw="$tw" -v tr="$tr" -v n="$figs" 'BEGIN {
  mw = b / 1e6 / tw; mr = b / 1e6 / tr
  printf "extract: %.1f MB in %.2f s = %.1f MB/s (%d figures, JSON Lines)\n", b / 1e6, tr, mr, n
  printf "wc -w:   %.1f MB in %.2f s = %.1f MB/s\n", b / 1e6, tw, mw
  printf "ratio extract / wc -w: %.2f (target >= 0.3, aim 0.5)\n", mr / mw
}'
