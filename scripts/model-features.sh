#!/bin/sh
# Features of the records of `rasd extract --format tsv`, for the trained-filter experiment
# (scripts/model-eval.sh).  Usage: scripts/model-features.sh RASD RECORDS DOCMAP
# RECORDS: record rows without the header; DOCMAP: "doc<TAB>path of its text" lines.
# Prints one line per record, in order: its features separated by spaces, each once:
#   the record's fields (c: category, g: group, a: actor, q: qualifier, sk: the kind of its
#   source in data/sources.tsv, f: field, v: magnitude of the value, cg: category and group),
#   the words of its sentence (s: stems, s2: stem bigrams), of the headline (h:), of the
#   span (x:) and of the four words before (p:) and after (n:) it, and the cue kinds of
#   data/cues.tsv of the words of the sentence, span and window (k:S: k:W: k:H:).
# Words are normalized (profile extract) and light-stemmed by `rasd tokens`; numbers are #.
set -e
RASD=$1; RECORDS=$2; DOCMAP=$3
DATA=${RASD_DATA_DIR:-data}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export LC_ALL=C   # byte offsets: the records' start and end count bytes
# One text of five lines per record: sentence, headline, before, span, after.
awk -F'\t' -v map="$DOCMAP" '
function flat(s) { gsub(/[\t\r\n]+/, " ", s); return s }
function slurp(path,   s, line, n) {
  s = ""; n = 0
  while ((getline line < path) > 0) { s = s (n++ ? "\n" : "") line }
  close(path); return s
}
BEGIN { while ((getline line < map) > 0) { split(line, f, "\t"); path[f[1]] = f[2] } }
{
  d = $1
  if (!(d in text)) { text[d] = slurp(path[d]); split(text[d], l, "\n"); head[d] = l[1] }
  t = text[d]; s = $14 + 0; e = $15 + 0
  b = s > 60 ? substr(t, s - 59, 60) : substr(t, 1, s)
  if (s > 60) sub(/^[^ \n]*[ \n]/, "", b)     # a cut word at the edge is no word
  a = substr(t, e + 1, 60)
  if (length(a) == 60) sub(/[ \n][^ \n]*$/, "", a)
  print flat($17); print flat(head[d]); print flat(b); print flat(substr(t, s + 1, e - s)); print flat(a)
}' "$RECORDS" > "$work/lines"
"$RASD" tokens --profile extract --stem light "$work/lines" > "$work/tokens"
grep -v '^#' "$DATA/cues.tsv" | cut -f1 | "$RASD" normalize --profile extract > "$work/cueforms"
grep -v '^#' "$DATA/cues.tsv" | cut -f3 | paste "$work/cueforms" - > "$work/cues"
awk -F'\t' -v OFS='\t' '
FILENAME == ARGV[1] { if ($1 !~ / /) kind[$1] = kind[$1] $2; next }          # one-word cues
FILENAME == ARGV[2] { if ($0 !~ /^#/ && NF >= 3) skind[$2] = $3; next }
FILENAME == ARGV[3] { nl++; lstart[nl] = off; off += length($0) + 1; next }
FILENAME == ARGV[4] {                      # tokens: kind start end nl original normalized stem
  while (cur < nl && lstart[cur + 1] <= $2) cur++
  w = $1 == "number" ? "#" : ($7 != "" ? $7 : $6)
  if ($1 == "punct" || w == "") next
  words[cur] = words[cur] (words[cur] == "" ? "" : " ") w
  ks[cur] = ks[cur] cuekind($6)
  next
}
function cuekind(w,   v) {                 # the cue kinds of a word, through its proclitics
  if (w in kind) return kind[w]
  v = w; if (sub(/^(و|ف|ب|ل|ك)/, "", v) && (v in kind)) return kind[v]
  if (sub(/^ال/, "", v) && (v in kind)) return kind[v]
  if (sub(/^لل/, "", w) && (w in kind)) return kind[w]
  return ""
}
function add(f) { if (!(f in seen)) { seen[f] = 1; out = out " " f } }
function unis(p, i,   n, a, j) { n = split(words[i], a, " "); for (j = 1; j <= n; j++) add(p a[j]); return n }
function bis(p, i,   n, a, j) { n = split(words[i], a, " "); for (j = 1; j < n; j++) add(p a[j] "_" a[j + 1]) }
function kinds(p, s,   j) { for (j = 1; j <= length(s); j++) add(p substr(s, j, 1)) }
function edge(p, i, last,   n, a, j) {
  n = split(words[i], a, " ")
  for (j = last ? (n > 4 ? n - 3 : 1) : 1; j <= (last ? n : (n < 4 ? n : 4)); j++) add(p a[j])
}
{
  r = FNR - 1; base = 5 * r + 1; delete seen; out = ""
  v = $5 == "" ? "none" : ($5 < 10 ? "1" : ($5 < 100 ? "2" : ($5 < 1000 ? "3" : "4")))
  add("bias"); add("c:" $2); add("g:" $3); add("a:" ($4 == $3 ? "=" : $4)); add("q:" $8)
  add("sk:" ($10 == "" ? "none" : ($10 in skind ? skind[$10] : "other"))); add("f:" $16)
  add("v:" v); add("cg:" $2 "|" $3)
  unis("s:", base); bis("s2:", base); unis("h:", base + 1)
  edge("p:", base + 2, 1); unis("x:", base + 3); edge("n:", base + 4, 0)
  kinds("k:S:", ks[base]); kinds("k:H:", ks[base + 1])
  kinds("k:W:", ks[base + 2] ks[base + 3] ks[base + 4])
  print substr(out, 2)
}' "$work/cues" "$DATA/sources.tsv" "$work/lines" "$work/tokens" "$RECORDS"
