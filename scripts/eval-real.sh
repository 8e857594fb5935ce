#!/bin/sh
# Scores `rasd extract` on the real annotated batches under tests/eval/real/ (articles of
# the SaudiNewsNet sample, read from ../shared at run time by tests/eval/real/sample.sh).
# Usage: scripts/eval-real.sh RASD [BATCH...]   (default: every batch)
# Prints each batch's overall precision, recall and F1, then every article of all the
# batches together with its misses and false positives; the last three lines are the overall
# scores of all of them.
RASD=${1:-build/rasd}; shift
root=tests/eval/real
work=${TMPDIR:-/tmp}/rasd-eval-real.$$
trap 'rm -rf "$work"' EXIT
batches=${*:-$(cd $root && ls -d b*/ | tr -d /)}
mkdir -p "$work/all"
: > "$work/all/gold.tsv"; : > "$work/all/articles.meta.jsonl"
for b in $batches; do
  d=$work/$b
  scripts/sample.sh materialize "$root/$b/articles.meta.jsonl" "$d"
  st=$?
  if [ $st -eq 3 ]; then echo "skipped: ../shared not found"; exit 0; fi
  [ $st -eq 0 ] || exit 1
  cp "$root/$b/gold.tsv" "$root/$b/articles.meta.jsonl" "$d/"
  cp "$d"/*.txt "$work/all/"
  cat "$root/$b/gold.tsv" >> "$work/all/gold.tsv"
  cat "$root/$b/articles.meta.jsonl" >> "$work/all/articles.meta.jsonl"
  echo "== $b"
  scripts/eval.sh "$RASD" "$d" | tail -n 3
done
echo "== all real batches"
scripts/eval.sh "$RASD" "$work/all"
