#!/bin/sh
# Reads articles of the SaudiNewsNet 30 MB sample (../shared/data/saudinewsnet), which the
# real evaluation sets under tests/eval/real/ point into by URL; the texts are never copied
# into the repository.  An article's text is its title, a newline, and its content with
# trailing blank lines removed (as in ../shared/devset/snn).
#   sample.sh list [PATTERN]          record number, outlet, date, title (titles matching PATTERN)
#   sample.sh show N                  the text of record N (1-based, in file order)
#   sample.sh materialize META DIR    writes DIR/FILE for each line of META
#                                     ({"id","outlet","published","url","file"}), found by url
SAMPLE=${RASD_SAMPLE:-$(dirname "$0")/../../shared/data/saudinewsnet/saudinewsnet_sample_30MB.txt}
if [ ! -f "$SAMPLE" ]; then echo "skipped: ../shared not found"; exit 3; fi
cmd=$1; shift
case $cmd in
list)
  awk -F'\t' -v pat="${1:-}" '
    /^@@@ / { n++; src = substr($1, 5); d = substr($2, 1, 10); want = 1; next }
    want { want = 0; if (pat == "" || $0 ~ pat) printf "%d\t%s\t%s\t%s\n", n, src, d, $0 }' "$SAMPLE" ;;
show)
  awk -v want="$1" '
    /^@@@ / { n++; if (n > want) exit; next }
    n == want { buf = buf $0 "\n" }
    END { sub(/\n+$/, "", buf); printf "%s", buf }' "$SAMPLE" ;;
materialize)
  meta=$1; dir=$2; mkdir -p "$dir"
  # url <TAB> file, for each line of META
  sed -n 's/.*"url" *: *"\([^"]*\)".*"file" *: *"\([^"]*\)".*/\1\t\2/p' "$meta" > "$dir/.want"
  awk -F'\t' -v dir="$dir" '
    FNR == NR { want[$1] = $2; left++; next }
    function flush() { if (out != "") { sub(/\n+$/, "", buf); printf "%s", buf > out; close(out); left--; seen[cur] = 1 } out = ""; buf = "" }
    /^@@@ / { flush(); cur = $3; if (cur in want) out = dir "/" want[cur]; next }
    out != "" { buf = buf $0 "\n" }
    END { flush(); for (u in want) if (!(u in seen)) { print "sample.sh: not in the sample: " u > "/dev/stderr"; bad = 1 } exit bad }' \
    "$dir/.want" "$SAMPLE"
  st=$?; rm -f "$dir/.want"; exit $st ;;
*) echo "usage: sample.sh list [PATTERN] | show N | materialize META DIR" >&2; exit 2 ;;
esac
