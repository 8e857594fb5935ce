#!/bin/sh
# Trains the keep-or-drop filter of the trained-filter experiment on all six groups of real
# annotated articles (scripts/model-data.sh) and writes its weights, "feature<TAB>weight"
# sorted bytewise.  The same rasd, data and seed give the same file.
# Usage: scripts/train-model.sh RASD PERCEPTRON [OUT]   (default OUT: build/model-filter.tsv)
# rasd uses no model: scripts/model-eval.sh shows why (README, "A trained model?").
RASD=${1:-build/rasd}; PC=${2:-build/perceptron}; OUT=${3:-build/model-filter.tsv}
EPOCHS=${RASD_MODEL_EPOCHS:-10}; SEED=${RASD_MODEL_SEED:-1}
work=${TMPDIR:-/tmp}/rasd-train-model.$$
trap 'rm -rf "$work"' EXIT
scripts/model-data.sh "$RASD" "$work"; st=$?
if [ $st -eq 3 ]; then echo "skipped: ../shared not found"; exit 0; fi
[ $st -eq 0 ] || exit 1
cut -f2- "$work/examples.tsv" | "$PC" train --epochs "$EPOCHS" --seed "$SEED" > "$OUT.tmp" || exit 1
mv "$OUT.tmp" "$OUT"
echo "$(wc -l < "$OUT") weights from $(wc -l < "$work/examples.tsv") records in $OUT"
