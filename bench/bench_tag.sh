#!/bin/sh
# Tagging throughput (numbers, ordinals, dates) on $SAMPLE, side by side in one run (best of
# $ROUNDS rounds each, 5 by default, the two contenders alternating):
#   wc -w (C.UTF-8)       the peer: splits words, nothing else
#   rasd tag              read + normalize + tokenize + number/date lexicon lookups and
#                         grammars + JSON Lines output
# Prints wall seconds and MB/s, CPU seconds (user + system) and MB/s per core, and the
# ratio against wc -w.  Target: >= 100 MB/s per core.  On a busy machine both contenders
# slow down alike: the ratio is the steadier figure.
RASD=${RASD:-build/rasd}
SAMPLE=${SAMPLE:-../shared/data/saudinewsnet/saudinewsnet_sample_30MB.txt}
ROUNDS=${ROUNDS:-5}
[ -f "$SAMPLE" ] || { echo "skipped: $SAMPLE not found"; exit 0; }
[ -x "$RASD" ] || { echo "bench_tag: $RASD not built"; exit 1; }
out="${TMPDIR:-/tmp}/bench_tag.$$"
# Runs "$@" (output to $out) and prints "wall_ns cpu_ns", the CPU time being the command's
# user + system time.  bash's `time` reads them from getrusage (microseconds); without bash,
# the POSIX `times` builtin (10 ms steps) stands in.
if command -v bash >/dev/null 2>&1; then
  measure() {
    bash -c 'TIMEFORMAT="%3R %3U %3S"; o=$1; shift; { time "$@" >"$o" 2>/dev/null || echo failed; } 2>&1' \
      sh "$out" "$@" | awk '/^failed/ { bad = 1 }
                            NF == 3 { w = $1 * 1e9; c = ($2 + $3) * 1e9; got = 1 }
                            END { if (got && !bad) printf "%d %d\n", w, c }'
  }
else
  measure() {
    (
      a=$(date +%s%N)
      "$@" >"$out" || exit 1
      b=$(date +%s%N)
      echo "wall $((b - a))"
      times
    ) | awk '/^wall/ { w = $2; next }
             { n++; if (n == 2) { c = sec($1) + sec($2) } }
             END { printf "%d %d\n", w, c * 1e9 }
             function sec(t,   m) { m = t; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", t); sub(/s$/, "", t); return m * 60 + t }'
  }
fi
min() { if [ -z "$1" ] || [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi; }
cat "$SAMPLE" >/dev/null     # warm the page cache for every contender alike
bytes=$(wc -c <"$SAMPLE")
words=$(LC_ALL=C.UTF-8 wc -w <"$SAMPLE")
w_wc=; c_wc=; w_tag=; c_tag=
i=0
while [ $i -lt "$ROUNDS" ]; do
  set -- $(measure env LC_ALL=C.UTF-8 wc -w "$SAMPLE")
  [ $# -eq 2 ] || { echo "bench_tag: wc -w failed"; rm -f "$out"; exit 1; }
  w_wc=$(min "$w_wc" "$1"); c_wc=$(min "$c_wc" "$2")
  set -- $(measure "$RASD" tag "$SAMPLE")
  [ $# -eq 2 ] || { echo "bench_tag: rasd tag failed"; rm -f "$out"; exit 1; }
  w_tag=$(min "$w_tag" "$1"); c_tag=$(min "$c_tag" "$2")
  i=$((i + 1))
done
"$RASD" tag "$SAMPLE" >"$out" || { rm -f "$out"; exit 1; }
recs=$(wc -l <"$out")
nums=$(grep -c '"type":"number"' "$out")
dates=$(grep -c '"type":"date"' "$out")
rm -f "$out"
awk -v B="$bytes" -v W="$words" -v R="$recs" -v N="$nums" -v D="$dates" \
    -v wwc="$w_wc" -v cwc="$c_wc" -v wtag="$w_tag" -v ctag="$c_tag" 'BEGIN {
  printf "input: %.1f MB, %d words (wc -w); rasd tag found %d records (%d numbers, %d dates)\n",
         B / 1e6, W, R, N, D
  printf "%-18s %8s %9s %9s %12s %8s\n", "", "wall s", "MB/s", "CPU s", "MB/s/core", "vs wc"
  row("wc -w (C.UTF-8)", wwc, cwc)
  row("rasd tag", wtag, ctag)
  mbs = ctag > 0 ? B / 1e6 / (ctag / 1e9) : 0
  printf "rasd tag vs wc -w (CPU time): %.2fx; %.1f MB/s per core (target >= 100): %s\n",
         (ctag > 0 ? cwc / ctag : 0), mbs, (mbs >= 100 ? "met" : "NOT met")
}
function row(name, w, c) {
  printf "%-18s %8.3f %9.1f %9.3f %12.1f %7.2fx\n", name, w / 1e9, B / 1e6 / (w / 1e9),
         c / 1e9, (c > 0 ? B / 1e6 / (c / 1e9) : 0), (c > 0 ? cwc / c : 0)
}'
