#!/bin/sh
# make eval: precision, recall and F1 of `rasd extract` on an annotated set of articles,
# scored as ../shared/spec/figures.md ("Gold annotation format") says: per document on
# distinct (category, group, value); gold group * accepts any group, lo-hi matches a
# record's bounds, vague matches the qualifier vague; rows with req 0 are optional.
# Usage: scripts/eval.sh RASD [DIR]
# DIR holds gold.tsv, articles.meta.jsonl and the articles.  Without DIR: tests/eval (the
# project's own articles in the style of other outlets and wars, with traps), the real
# SaudiNewsNet articles of ../shared/devset/snn, the real batches of tests/eval/real
# (scripts/eval-real.sh), the story grouping of tests/eval/stories (scripts/eval-stories.sh),
# then ../shared/devset, whose overall precision, recall and F1 are the last three lines.
RASD=${1:-build/rasd}
if [ $# -lt 2 ]; then
  status=0
  echo "== tests/eval"
  "$0" "$RASD" tests/eval || status=1
  echo "== ../shared/devset/snn"
  "$0" "$RASD" ../shared/devset/snn || status=1
  echo "== tests/eval/real (articles of ../shared/data/saudinewsnet)"
  scripts/eval-real.sh "$RASD" || status=1
  echo "== tests/eval/stories (story grouping of the whole SaudiNewsNet corpus)"
  scripts/eval-stories.sh "$RASD"; [ $? -eq 1 ] && status=1
  echo "== ../shared/devset"
  "$0" "$RASD" ../shared/devset || status=1
  exit $status
fi
DEV=$2
if [ ! -f "$DEV/gold.tsv" ]; then echo "skipped: $DEV not found"; exit 0; fi
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
status=0
# articles.meta.jsonl: one {"id":..,"outlet":..,"published":..,"file":..} per line.
sed -n 's/.*"id" *: *"\([^"]*\)".*"outlet" *: *"\([^"]*\)".*"published" *: *"\([^"]*\)".*"file" *: *"\([^"]*\)".*/\1 \2 \3 \4/p' \
    "$DEV/articles.meta.jsonl" |
while read -r id outlet pub file; do
  out=$("$RASD" extract --id "$id" --outlet "$outlet" --published "$pub" --format tsv "$DEV/$file") ||
    { echo "eval: rasd extract failed on $DEV/$file" >&2; exit 1; }
  printf '%s\n' "$out" | tail -n +2 | grep -v '^$'
  :
done > "$tmp" || status=1
awk -F'\t' -v OFS='\t' '
function f1(p, r) { return p + r > 0 ? 2 * p * r / (p + r) : 0 }
function ok(c, g, v, lo, hi, q,   parts) {   # gold c,g,v against record fields
  if (c != gc || (g != gg && gg != "*")) return 0
  if (gv == "vague") return q == "vague"
  if (gv ~ /-/) { split(gv, parts, "-"); return lo == parts[1] && hi == parts[2] }
  return v != "" && v == gv
}
FNR == NR {                     # gold rows
  if ($0 ~ /^#/ || NF < 5) next
  n = ++ng; G[n] = $0; gdoc[n] = $1; docs[$1] = 1
  next
}
{                               # records (TSV of rasd extract: doc category group actor value low high qualifier ...)
  key = $1 SUBSEP $2 SUBSEP $3 SUBSEP $5 SUBSEP $6 SUBSEP $7 SUBSEP $8
  if (key in seen) next
  seen[key] = 1; m = ++nr
  rdoc[m] = $1; rc[m] = $2; rg[m] = $3; rv[m] = $5; rlo[m] = $6; rhi[m] = $7; rq[m] = $8
  docs[$1] = 1
}
END {
  for (d in docs) order[++nd] = d
  for (i = 1; i <= nd; i++) for (j = i + 1; j <= nd; j++) if (order[j] < order[i]) { t = order[i]; order[i] = order[j]; order[j] = t }
  for (k = 1; k <= nd; k++) {
    d = order[k]; tp = 0; recs = 0; req = 0; hit = 0; out = ""
    for (m = 1; m <= nr; m++) {
      if (rdoc[m] != d) continue
      recs++; matched = 0
      for (n = 1; n <= ng; n++) {
        if (gdoc[n] != d) continue
        split(G[n], f, "\t"); gc = f[2]; gg = f[3]; gv = f[4]
        if (ok(rc[m], rg[m], rv[m], rlo[m], rhi[m], rq[m])) { matched = 1; gh[n] = 1 }
      }
      if (matched) tp++
      else out = out sprintf("  false positive: %s %s %s (low %s high %s, %s)\n", rc[m], rg[m], rv[m] == "" ? "-" : rv[m], rlo[m], rhi[m], rq[m])
    }
    for (n = 1; n <= ng; n++) {
      if (gdoc[n] != d) continue
      split(G[n], f, "\t")
      if (f[5] != 1) continue
      req++
      if (n in gh) hit++
      else out = out sprintf("  miss: %s %s %s  (%s)\n", f[2], f[3], f[4], f[7])
    }
    p = recs ? tp / recs : (req ? 0 : 1); r = req ? hit / req : 1
    printf "%s: precision %.3f (%d/%d)  recall %.3f (%d/%d)  F1 %.3f\n", d, p, tp, recs, r, hit, req, f1(p, r)
    printf "%s", out
    TP += tp; RECS += recs; REQ += req; HIT += hit
  }
  P = RECS ? TP / RECS : 0; R = REQ ? HIT / REQ : 0
  printf "overall precision %.3f (%d/%d)\n", P, TP, RECS
  printf "overall recall %.3f (%d/%d)\n", R, HIT, REQ
  printf "overall F1 %.3f\n", f1(P, R)
}' "$DEV/gold.tsv" "$tmp"
exit $status
