#!/bin/sh
# make model-eval: does a trained filter on the extractor's records beat the rules alone?
# Leave-one-group-out over the real annotated articles (scripts/model-data.sh: snn, b1-b4,
# b5-b8, b9-b12, b13-b15, b16-b18).  For each held-out group an averaged perceptron
# (tools/perceptron.c) is trained on the other five on keep-or-drop labels, and the group's
# records scoring under a threshold are dropped; both the rules alone and rules + filter are
# scored by scripts/eval.sh itself, so a dropped record that matched a required gold row is
# a lost true positive.  Two thresholds: 0, and one chosen by an inner leave-one-group-out
# over the five training groups only (the F1 of those groups, the held-out one unseen).
# Then the model of all six groups, with the threshold the six held-out folds prefer, on
# articles it never saw: the project's own set (tests/eval), ../shared/devset, and the
# sentences of tests/cases/extract_*.tsv whose figures are written out (each their gold).
# Usage: scripts/model-eval.sh RASD PERCEPTRON   (RASD_MODEL_SEED, RASD_MODEL_EPOCHS: 1, 10)
# Prints the tables; "-fp/-tp" counts the false and the true records a filter dropped.
RASD=${1:-build/rasd}; PC=${2:-build/perceptron}
EPOCHS=${RASD_MODEL_EPOCHS:-10}; SEED=${RASD_MODEL_SEED:-1}
GRID="-0.2 -0.1 -0.05 0 0.05 0.1"
FOLDS="snn b1-4 b5-8 b9-12 b13-15 b16-18"
# RASD_MODEL_WORK=DIR keeps the records, scores and weights in DIR for a closer look.
if [ -n "$RASD_MODEL_WORK" ]; then work=$RASD_MODEL_WORK; mkdir -p "$work"
else work=${TMPDIR:-/tmp}/rasd-model-eval.$$; trap 'rm -rf "$work"' EXIT; fi
[ -d ../shared/devset/snn ] || { echo "skipped: ../shared not found"; exit 0; }
# The case sentences with figures, as articles with gold rows (">100" is the value 100).
mkdir -p "$work/cases"
cat tests/cases/extract_*.tsv | grep -v '^#' | awk -F'\t' -v d="$work/cases" '
NF >= 2 && $2 != "-" {
  n++; id = "case" n; print $1 > (d "/" id ".txt"); close(d "/" id ".txt")
  printf "{\"id\":\"%s\",\"outlet\":\"case\",\"published\":\"%s\",\"file\":\"%s.txt\"}\n", id, (NF >= 4 && $4 != "" ? $4 : "2015-07-21"), id > (d "/articles.meta.jsonl")
  k = split($2, e, ";")
  for (i = 1; i <= k; i++) {
    split(e[i], f, "/"); v = f[3]; sub(/^>/, "", v); sub(/@.*/, "", v)
    printf "%s\t%s\t%s\t%s\t1\t*\t-\n", id, f[1], f[2], v > (d "/gold.tsv")
  }
}'
RASD_MODEL_GROUPS="snn=../shared/devset/snn b1-4:b1,b2,b3,b4 b5-8:b5,b6,b7,b8 b9-12:b9,b10,b11,b12
  b13-15:b13,b14,b15 b16-18:b16,b17,b18 own=tests/eval dev=../shared/devset cases=$work/cases" \
  scripts/model-data.sh "$RASD" "$work"; st=$?
if [ $st -eq 3 ]; then echo "skipped: ../shared not found"; exit 0; fi
[ $st -eq 0 ] || exit 1
# Stands in for rasd when scripts/eval.sh scores a filtered set: prints the kept records of
# the article named by --id.
cat > "$work/filter" <<'EOS'
#!/bin/sh
while [ $# -gt 1 ]; do [ "$1" = --id ] && id=$2; shift; done
printf 'doc\n'
awk -F'\t' -v id="$id" '$1 == id' "$MODEL_KEPT"
EOS
chmod +x "$work/filter"
# train OUT GROUP... : weights from the examples of the groups named
train() {
  out=$1; shift
  awk -F'\t' -v gs=" $* " 'index(gs, " " $1 " ") { print $2 "\t" $3 }' "$work/examples.tsv" |
    "$PC" train --epochs "$EPOCHS" --seed "$SEED" > "$out"
}
# score WEIGHTS GROUP : one score per record of the group
score() { awk -F'\t' -v g="$2" '$1 == g { print $2 "\t" $3 }' "$work/examples.tsv" | "$PC" score "$1"; }
# counts SCORES GROUP THRESHOLD : "tp recs hit req" of eval.sh on the records kept
counts() {
  awk -F'\t' -v g="$2" '$1 == g' "$work/records.tsv" | cut -f2- | paste "$1" - |
    awk -F'\t' -v t="$3" 't == "none" || $1 + 0 >= t + 0' | cut -f2- > "$work/kept"
  MODEL_KEPT=$work/kept scripts/eval.sh "$work/filter" "$work/g/$2" |
    sed -n 's/^overall \(precision\|recall\) [0-9.]* (\([0-9]*\)\/\([0-9]*\)).*/\2 \3/p' | tr '\n' ' '
}
# sums COUNTS... : the element-wise sum of "tp recs hit req" quadruples
sums() { echo "0 0 0 0 $*" | awk '{ for (i = 5; i <= NF; i++) $((i - 1) % 4 + 1) += $i; print $1, $2, $3, $4 }'; }
prf() { awk -v tp="$1" -v recs="$2" -v hit="$3" -v req="$4" 'BEGIN {
  p = recs ? tp / recs : 0; r = req ? hit / req : 0; f = p + r > 0 ? 2 * p * r / (p + r) : 0
  printf "%.3f %.3f %.3f", p, r, f }'; }
f1() { prf "$@" | cut -d' ' -f3; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }
# dropped RULES FILTER : "-fp/-tp", the false and true records the filter dropped
dropped() { echo "$1 $2" | awk '{ printf "-%d/-%d", ($2 - $1) - ($6 - $5), $1 - $5 }'; }
# best PREFIX GROUP... : the grid threshold of the best F1 over the groups, from the scores
# in PREFIX.GROUP; "none" (no filter) when nothing beats it
best() {
  p=$1; shift; bt=none; bf=-1
  for t in none $GRID; do
    sum=""; for h in "$@"; do sum="$sum $(counts "$p.$h" "$h" "$t")"; done
    f=$(f1 $(sums $sum))
    if gt "$f" "$bf"; then bt=$t; bf=$f; fi
  done
  echo "$bt"
}
others() { for h in $FOLDS; do [ "$h" = "$1" ] || printf '%s ' "$h"; done; }
row() { printf '%-8s %5s | %-17s | %-17s %-8s | %5s %-17s %s\n' "$@"; }
row fold recs "rules P R F1" "filter@0 P R F1" "" "t" "filter@t P R F1" ""
all_r=""; all_z=""; all_b=""; wins0=0; winst=0
for g in $FOLDS; do
  rest=$(others "$g")
  # inner folds: out-of-fold scores of each training group, from the other four
  for h in $rest; do
    train "$work/w.inner" $(for x in $rest; do [ "$x" = "$h" ] || echo "$x"; done)
    score "$work/w.inner" "$h" > "$work/s.inner.$h"
  done
  t=$(best "$work/s.inner" $rest)
  train "$work/w.outer" $rest
  score "$work/w.outer" "$g" > "$work/s.outer.$g"
  r=$(counts "$work/s.outer.$g" "$g" none); z=$(counts "$work/s.outer.$g" "$g" 0); b=$(counts "$work/s.outer.$g" "$g" "$t")
  row "$g" "$(echo $r | cut -d' ' -f2)" "$(prf $r)" "$(prf $z)" "$(dropped "$r" "$z")" "$t" "$(prf $b)" "$(dropped "$r" "$b")"
  gt "$(f1 $z)" "$(f1 $r)" && wins0=$((wins0 + 1))
  gt "$(f1 $b)" "$(f1 $r)" && winst=$((winst + 1))
  all_r="$all_r $r"; all_z="$all_z $z"; all_b="$all_b $b"
done
r=$(sums $all_r); z=$(sums $all_z); b=$(sums $all_b)
row overall "$(echo $r | cut -d' ' -f2)" "$(prf $r)" "$(prf $z)" "$(dropped "$r" "$z")" "" "$(prf $b)" "$(dropped "$r" "$b")"
echo "filter@0 beats the rules in $wins0 of 6 folds; filter@t (threshold of the inner folds) in $winst of 6"
# The model of all six groups, its threshold the one the six held-out folds prefer.
t=$(best "$work/s.outer" $FOLDS)
train "$work/w.all" $FOLDS
echo "model of all six groups, threshold $t (best on the held-out folds), on articles it never saw:"
row set recs "rules P R F1" "filter@0 P R F1" "" "t" "filter@t P R F1" ""
for g in own dev cases; do
  score "$work/w.all" "$g" > "$work/s.all.$g"
  r=$(counts "$work/s.all.$g" "$g" none); z=$(counts "$work/s.all.$g" "$g" 0); b=$(counts "$work/s.all.$g" "$g" "$t")
  row "$g" "$(echo $r | cut -d' ' -f2)" "$(prf $r)" "$(prf $z)" "$(dropped "$r" "$z")" "$t" "$(prf $b)" "$(dropped "$r" "$b")"
done
