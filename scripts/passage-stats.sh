#!/bin/sh
# Copied passages over a sample of a store's articles: how many passages the sampled
# articles have, how many other articles the most-linked passage of one article joins, and
# SHOW passages drawn at random (with their text) to read.  The sample is fixed by the
# articles' sequence numbers, so two stores of the same corpus give the same sample.
# Uses sqlite3 and jq.  Usage: scripts/passage-stats.sh RASD DB [N [SHOW]]
set -e
RASD=${1:?usage: scripts/passage-stats.sh RASD DB [N [SHOW]]}
DB=${2:?usage: scripts/passage-stats.sh RASD DB [N [SHOW]]}
N=${3:-2000}
SHOW=${4:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sqlite3 -readonly "$DB" "SELECT id FROM articles ORDER BY (seq * 2654435761) % 4294967291 \
  LIMIT $N" >"$tmp/ids"
while read -r id; do
  "$RASD" passages --db "$DB" --format jsonl "$id" 2>/dev/null
done <"$tmp/ids" >"$tmp/p.jsonl"
echo "sampled articles: $(wc -l <"$tmp/ids")"
echo "passages: $(wc -l <"$tmp/p.jsonl")"
echo "articles with a passage: $(jq -r .doc "$tmp/p.jsonl" | sort -u | wc -l)"
# One passage of an article joins the other articles whose passages overlap it on the
# article's side: the widest such group, counted with the article itself.
jq -s -r 'group_by(.doc)[] | sort_by(.start) as $p |
  [ $p[] as $a | [ $p[] | select(.start < $a.end and .end > $a.start) | .other ] | unique |
    length ] | max as $m | "\($m + 1)\t\($p[0].doc)"' "$tmp/p.jsonl" |
  sort -n -r | head -1 | awk -F'\t' '{print "most articles one passage joins: " $1 " (" $2 ")"}'
# SHOW passages by a fixed draw, with their text.
jq -r '"\(.doc)\t\(.start)\t\(.other)"' "$tmp/p.jsonl" | awk -F'\t' '{print NR "\t" $0}' |
  sort -t"$(printf '\t')" -k1,1 -n | awk -v n="$SHOW" -v t="$(wc -l <"$tmp/p.jsonl")" '
    BEGIN { srand(7); for (i = 0; i < n && i < t; ) { k = int(rand() * t) + 1;
            if (!(k in w)) { w[k] = 1; i++ } } }
    ($1 in w) { print $2 "\t" $3 "\t" $4 }' >"$tmp/show"
while IFS="$(printf '\t')" read -r doc start other; do
  "$RASD" passages --db "$DB" --format table "$doc" 2>/dev/null |
    awk -v s="[$start," -v o="$other" 'index($0, s) && index($0, o) { print; getline; print; exit }'
done <"$tmp/show"
