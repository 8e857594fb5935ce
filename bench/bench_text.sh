#!/bin/sh
# Text layer throughput on $SAMPLE, side by side in one run (best of 3 rounds each):
#   wc -w (C.UTF-8)                     the peer: splits words, nothing else
#   rasd tokens --count                 normalize (extract profile, offset map) + tokenize
#                                       + sentences
#   rasd tokens --count --stem snowball the same plus a Snowball stem of every Arabic token
# Prints MB/s, words/s (wc's word count over each run's time) and ratios against wc -w.
# Target: normalize+tokenize at >= 1.5x the speed of wc -w.
RASD=${RASD:-build/rasd}
SAMPLE=${SAMPLE:-../shared/data/saudinewsnet/saudinewsnet_sample_30MB.txt}
ROUNDS=${ROUNDS:-3}
[ -f "$SAMPLE" ] || { echo "skipped: $SAMPLE not found"; exit 0; }
[ -x "$RASD" ] || { echo "bench_text: $RASD not built"; exit 1; }
now() { date +%s%N; }
best() { # previous best (ns or empty), new value
  if [ -z "$1" ] || [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi
}
cat "$SAMPLE" >/dev/null     # warm the page cache for every contender alike
bytes=$(wc -c <"$SAMPLE")
words=$(LC_ALL=C.UTF-8 wc -w <"$SAMPLE")
t_wc=; t_tok=; t_sb=
i=0
while [ $i -lt "$ROUNDS" ]; do
  a=$(now); LC_ALL=C.UTF-8 wc -w "$SAMPLE" >/dev/null; b=$(now); t_wc=$(best "$t_wc" $((b - a)))
  a=$(now); "$RASD" tokens --count "$SAMPLE" >"${TMPDIR:-/tmp}/bench_text.$$" || exit 1; b=$(now)
  t_tok=$(best "$t_tok" $((b - a)))
  a=$(now); "$RASD" tokens --count --stem snowball "$SAMPLE" >"${TMPDIR:-/tmp}/bench_sb.$$" || exit 1
  b=$(now); t_sb=$(best "$t_sb" $((b - a)))
  i=$((i + 1))
done
tokens=$(sed -n 's/^tokens\t//p' "${TMPDIR:-/tmp}/bench_text.$$")
sents=$(sed -n 's/^sentences\t//p' "${TMPDIR:-/tmp}/bench_text.$$")
stems=$(sed -n 's/^stems\t//p' "${TMPDIR:-/tmp}/bench_sb.$$")
rm -f "${TMPDIR:-/tmp}/bench_text.$$" "${TMPDIR:-/tmp}/bench_sb.$$"
awk -v B="$bytes" -v W="$words" -v T="$tokens" -v S="$sents" -v ST="$stems" \
    -v wc="$t_wc" -v tok="$t_tok" -v sb="$t_sb" 'BEGIN {
  printf "input: %.1f MB, %d words (wc -w), %d tokens, %d sentences, %d Arabic tokens stemmed\n",
         B / 1e6, W, T, S, ST
  printf "%-36s %8s %9s %12s %12s %8s\n", "", "seconds", "MB/s", "words/s", "tokens/s", "vs wc"
  row("wc -w (C.UTF-8)", wc, 0)
  row("rasd normalize+tokenize", tok, T)
  row("rasd normalize+tokenize+snowball", sb, T)
  stem = (sb - tok) / 1e9
  if (stem > 0) printf "snowball stemming alone: %.0f stems/s\n", ST / stem
  r = wc / tok
  printf "normalize+tokenize vs wc -w: %.2fx (target >= 1.50x): %s\n", r, (r >= 1.5 ? "met" : "NOT met")
}
function row(name, ns, toks,   s) {
  s = ns / 1e9
  printf "%-36s %8.3f %9.1f %12.0f %12s %7.2fx\n", name, s, B / 1e6 / s, W / s,
         toks ? sprintf("%.0f", toks / s) : "-", wc / ns
}'
