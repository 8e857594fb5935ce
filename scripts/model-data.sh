#!/bin/sh
# The data of the trained-filter experiment (scripts/model-eval.sh, scripts/train-model.sh):
# the real annotated articles in six groups (snn, b1-b4, b5-b8, b9-b12, b13-b15, b16-b18),
# every record `rasd extract` gives on them, its label and its features.
# Usage: scripts/model-data.sh RASD WORK   (exit 3 when ../shared is absent)
# RASD_MODEL_GROUPS may name other groups: NAME:BATCH,BATCH... (batches of tests/eval/real)
# or NAME=DIR (a folder of gold.tsv, articles.meta.jsonl and texts).
# Writes under WORK: g/GROUP/ (gold.tsv, articles.meta.jsonl, texts), rules.GROUP (the output
# of scripts/eval.sh on the group), records.tsv ("group<TAB>record row") and examples.tsv
# ("group<TAB>label<TAB>features"), one line each per record.  The label is scripts/eval.sh's
# own verdict: 0 when it lists the record as a false positive, 1 when the record matches a
# gold row (of any req).
RASD=$1; WORK=$2
GROUPS_SPEC=${RASD_MODEL_GROUPS:-"snn=../shared/devset/snn b1-4:b1,b2,b3,b4 b5-8:b5,b6,b7,b8 b9-12:b9,b10,b11,b12 b13-15:b13,b14,b15 b16-18:b16,b17,b18"}
SNN=../shared/devset/snn
[ -d "$SNN" ] || exit 3
case $RASD in /*) ;; *) RASD=$PWD/$RASD ;; esac
mkdir -p "$WORK/g"
# Runs the real rasd and keeps a copy of what it prints, so that the records labelled are
# the records scripts/eval.sh scored.
cat > "$WORK/capture" <<'EOS'
#!/bin/sh
out=$("$MODEL_RASD" "$@") || exit 1
printf '%s\n' "$out" | tee -a "$MODEL_CAPTURE"
EOS
chmod +x "$WORK/capture"
: > "$WORK/records.tsv"; : > "$WORK/docmap"; : > "$WORK/labels"
for spec in $GROUPS_SPEC; do
  name=${spec%%[:=]*}; d=$WORK/g/$name
  mkdir -p "$d"
  if [ "$name=${spec#*=}" = "$spec" ]; then
    find "${spec#*=}" -maxdepth 1 -type f -exec cp {} "$d/" \;
  else
    : > "$d/gold.tsv"; : > "$d/articles.meta.jsonl"
    for b in $(echo "${spec#*:}" | tr , ' '); do
      scripts/sample.sh materialize "tests/eval/real/$b/articles.meta.jsonl" "$d" || exit $?
      cat "tests/eval/real/$b/gold.tsv" >> "$d/gold.tsv"
      cat "tests/eval/real/$b/articles.meta.jsonl" >> "$d/articles.meta.jsonl"
    done
  fi
  : > "$WORK/capture.$name"
  MODEL_RASD=$RASD MODEL_CAPTURE=$WORK/capture.$name scripts/eval.sh "$WORK/capture" "$d" > "$WORK/rules.$name" || exit 1
  sed -n 's/.*"id" *: *"\([^"]*\)".*"file" *: *"\([^"]*\)".*/\1\t\2/p' "$d/articles.meta.jsonl" |
    awk -F'\t' -v d="$d" '{ print $1 "\t" d "/" $2 }' >> "$WORK/docmap"
  grep -v '^doc	' "$WORK/capture.$name" | grep -v '^$' > "$WORK/rec.$name" || true
  # false positives as eval.sh prints them: "DOC: precision ..." then
  # "  false positive: CAT GROUP VALUE (low LO high HI, QUALIFIER)"
  awk -F'\t' -v rules="$WORK/rules.$name" '
  BEGIN {
    while ((getline line < rules) > 0) {
      if (line ~ /^[^ ]+: precision /) { doc = line; sub(/: precision .*/, "", doc); continue }
      if (line !~ /^  false positive: /) continue
      sub(/^  false positive: /, "", line); gsub(/[(),]/, "", line)
      split(line, f, " ")    # cat group value low LO high HI qualifier
      fp[doc SUBSEP f[1] SUBSEP f[2] SUBSEP f[3] SUBSEP f[5] SUBSEP f[7] SUBSEP f[8]] = 1
    }
  }
  { print ((($1 SUBSEP $2 SUBSEP $3 SUBSEP ($5 == "" ? "-" : $5) SUBSEP $6 SUBSEP $7 SUBSEP $8) in fp) ? 0 : 1) }
  ' "$WORK/rec.$name" >> "$WORK/labels"
  sed "s/^/$name	/" "$WORK/rec.$name" >> "$WORK/records.tsv"
done
cut -f2- "$WORK/records.tsv" > "$WORK/rec.all"
scripts/model-features.sh "$RASD" "$WORK/rec.all" "$WORK/docmap" > "$WORK/features" || exit 1
cut -f1 "$WORK/records.tsv" | paste - "$WORK/labels" "$WORK/features" > "$WORK/examples.tsv"
