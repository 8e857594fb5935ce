#!/bin/sh
# The whole SaudiNewsNet corpus (../shared/data/saudinewsnet/zip, 18 files, 31,030
# articles) as rasd's JSON Lines: {"id","outlet","url","published","title","text"} per
# article, in file (date) order and, within a file, in the order of its JSON array.
# id is snn-YYYYMMDD-NNNNN: the file's date and the article's index in it (from 0), so it
# is the same on every run and every machine; published is date_extracted as ISO 8601.
# Usage: scripts/snn-corpus.sh OUT.jsonl   (exit 3 when the corpus is absent)
set -e
OUT=${1:?usage: scripts/snn-corpus.sh OUT.jsonl}
ZIP=${SNN_ZIP:-../shared/data/saudinewsnet/zip}
if ! ls "$ZIP"/????-??-??.zip >/dev/null 2>&1; then
  echo "skipped: ../shared not found"
  exit 3
fi
tmp="$OUT.tmp.$$"
trap 'rm -f "$tmp"' EXIT
: >"$tmp"
for z in "$ZIP"/????-??-??.zip; do
  day=$(basename "$z" .zip | tr -d -)
  unzip -p "$z" | jq -c --arg day "$day" '
    to_entries[] | .key as $i | .value |
    {id: ("snn-" + $day + "-" + ("0000" + ($i | tostring) | .[-5:])),
     outlet: .source, url: .url,
     published: ((.date_extracted // "") | sub(" "; "T")),
     title: (.title // ""), text: (.content // "")}' >>"$tmp"
done
mv "$tmp" "$OUT"
trap - EXIT
