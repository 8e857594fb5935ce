#!/bin/sh
# Story grouping scored against the hand-made gold of tests/eval/stories (16 events and
# 66 thread items of SaudiNewsNet, Jul-Aug 2015): the whole corpus (scripts/snn-corpus.sh,
# cached with its store under build/snn/) is grouped by `rasd stories`, and the grouping
# of the gold articles is scored by B-cubed precision, recall and F1 (per gold article,
# averaged; only gold articles count, each thread item is an event of its own).  Also
# printed: per event its size, the share of its articles in its largest story and the
# number of stories it is split into; the scores of E01-E08 and E09-E16 apart (rules are
# tuned on the first half, the second is the held-out check); the stories of 5 articles or
# more spanning more than 10 days; and the wall time of the grouping.
# Usage: scripts/eval-stories.sh RASD [MIN_F1]
# With MIN_F1 the exit status is 1 when F1 is below it.  Exit 3 when ../shared is absent.
# ORDER=time or ORDER=hash scores the grouping under another order of the articles within
# a day (rasd takes a day's articles by id, and SNN ids follow the crawl): the corpus ids
# get a prefix that sorts as wanted (the published time, or a hash of the id) before the
# original id, in a cache of its own (build/snn-time/, build/snn-hash/); the gold is matched
# by url, so the scores need no mapping back.  ORDER=id (the default) keeps the ids.
RASD=${1:-build/rasd}
MIN_F1=$2
ORDER=${ORDER:-id}
GOLD=tests/eval/stories/gold.tsv
CACHE=${SNN_CACHE:-$(dirname "$RASD")/snn}
BASE=
case $ORDER in
  id) ;;
  time|hash) BASE=$CACHE; CACHE=$CACHE-$ORDER ;;
  *) echo "ORDER must be id, time or hash" >&2; exit 2 ;;
esac
corpus=$CACHE/corpus.jsonl
store=$CACHE/store.db
mkdir -p "$CACHE" || exit 1
if [ -n "$BASE" ] && { [ ! -s "$corpus" ] || [ "$BASE/corpus.jsonl" -nt "$corpus" ]; }; then
  # the corpus in id order first, then its ids rewritten
  if [ ! -s "$BASE/corpus.jsonl" ]; then
    mkdir -p "$BASE" && scripts/snn-corpus.sh "$BASE/corpus.jsonl"
    rc=$?
    [ $rc -eq 0 ] || exit $rc
  fi
  # hash: per character h = (131h + c)^2 mod a prime under 2^24 (exact in jq's doubles,
  # and not monotone in the id's last digits), so the order is the same on every machine
  jq -c --arg order "$ORDER" '
    def mix: reduce (explode[]) as $ch (7; ((. * 131 + $ch) % 16777213) as $x | $x * $x % 16777213);
    .id = (if $order == "time" then (.published // "" | gsub("[^0-9]"; ""))
           else (.id | mix | tostring | ("00000000" + .)[-8:]) end) + "-" + .id' \
    "$BASE/corpus.jsonl" >"$corpus.tmp" && mv "$corpus.tmp" "$corpus" || exit 1
fi
if [ ! -s "$corpus" ]; then
  scripts/snn-corpus.sh "$corpus"
  rc=$?
  [ $rc -eq 0 ] || exit $rc
fi
# The store is rebuilt when the corpus, the extractor, the store code or the data files are
# newer than it (figures feed the grouping, so a new extractor means a new store).
if [ ! -s "$store" ] || [ "$corpus" -nt "$store" ] ||
   [ -n "$(find src/extract src/store data -newer "$store" -type f 2>/dev/null | head -n 1)" ]; then
  rm -f "$store" "$store-wal" "$store-shm"
  "$RASD" ingest --db "$store.tmp" "$corpus" >/dev/null || { rm -f "$store.tmp"*; exit 1; }
  "$RASD" stories --db "$store.tmp" >/dev/null 2>&1 # leaves the WAL checkpointed
  mv "$store.tmp" "$store"
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$store" "$tmp/s.db"
# Forget the stored grouping so that it is computed (and timed) afresh.
sqlite3 "$tmp/s.db" "DELETE FROM story_stamp" || exit 1
t0=$(date +%s.%N)
"$RASD" stories --db "$tmp/s.db" --format jsonl >"$tmp/st" || exit 1
t1=$(date +%s.%N)
[ -n "$STORIES_OUT" ] && cp "$tmp/st" "$STORIES_OUT"
jq -r '[.id, .url] | @tsv' "$corpus" >"$tmp/urls"
jq -r '.id as $s | .docs[] | [$s, .] | @tsv' "$tmp/st" >"$tmp/members"
jq -r 'select((.docs | length) >= 5 and .first != null and .last != null) |
       (((.last | strptime("%Y-%m-%d") | mktime) - (.first | strptime("%Y-%m-%d") | mktime)) / 86400) as $d |
       select($d > 10) | [.id, (.docs | length), .first, .last, .title] | @tsv' "$tmp/st" >"$tmp/long"
echo "grouping time (rasd stories, whole corpus): $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"
echo "stories: $(wc -l <"$tmp/st"), of 5+ articles spanning more than 10 days: $(wc -l <"$tmp/long")"
sort -t"$(printf '\t')" -k2,2nr "$tmp/long" | head -n 15 | cut -c1-160 | sed 's/^/  long: /'
awk -F'\t' -v min="$MIN_F1" '
function f1(p, r) { return p + r > 0 ? 2 * p * r / (p + r) : 0 }
FILENAME == ARGV[1] { url[$1] = $2; next }                     # id -> url
FILENAME == ARGV[2] { if ($2 in url) story[url[$2]] = $1; next } # url -> story
/^#/ || NF < 2 { next }                                        # gold: event, url
{
  if (!($2 in story)) { missing++; next }
  n++; ev[n] = $1; st[n] = story[$2]
  esize[$1]++; cell[$1 SUBSEP st[n]]++; ssize[st[n]]++
}
END {
  for (i = 1; i <= n; i++) {
    c = cell[ev[i] SUBSEP st[i]]
    p = c / ssize[st[i]]; r = c / esize[ev[i]]
    P += p; R += r
    half = ev[i] ~ /^E0[1-8]$/ ? "a" : ev[i] ~ /^E(09|1[0-6])$/ ? "b" : "t"
    HP[half] += p; HR[half] += r; HN[half]++
  }
  for (k in cell) {
    split(k, kk, SUBSEP)
    nsplit[kk[1]]++
    if (cell[k] > big[kk[1]]) big[kk[1]] = cell[k]
  }
  printf "%-7s %6s %9s %7s\n", "event", "size", "largest", "stories"
  ok = 0; nev = 0
  for (e in esize) if (e ~ /^E/) order[++nev] = e
  for (i = 1; i <= nev; i++) for (j = i + 1; j <= nev; j++) if (order[j] < order[i]) { t = order[i]; order[i] = order[j]; order[j] = t }
  for (i = 1; i <= nev; i++) {
    e = order[i]; share = big[e] / esize[e]; ok += share >= 0.8
    printf "%-7s %6d %8.1f%% %7d\n", e, esize[e], 100 * share, nsplit[e]
  }
  # thread items: each its own event, so each should be its own story
  for (k in cell) { split(k, kk, SUBSEP); if (kk[1] !~ /^E/) { fam = substr(kk[1], 1, 4); th[fam]++; thst[fam SUBSEP kk[2]]++ } }
  for (k in thst) { split(k, kk, SUBSEP); distinct[kk[1]]++ }
  for (f in th) printf "thread %s: %d items in %d stories\n", f, th[f], distinct[f]
  printf "events with >= 80%% in one story: %d of %d\n", ok, nev
  if (missing) printf "gold articles not found in the stories: %d\n", missing
  split("a b", hs, " ")
  names["a"] = "E01-E08 (tuned)"; names["b"] = "E09-E16 (held out)"
  for (h = 1; h <= 2; h++) { x = hs[h]; if (HN[x]) printf "%s: P %.3f R %.3f F1 %.3f\n", names[x], HP[x] / HN[x], HR[x] / HN[x], f1(HP[x] / HN[x], HR[x] / HN[x]) }
  P /= n; R /= n
  printf "B-cubed over %d gold articles\nprecision %.3f\nrecall %.3f\nF1 %.3f\n", n, P, R, f1(P, R)
  if (min != "" && f1(P, R) < min) { printf "F1 below the floor %s\n", min; exit 1 }
}' "$tmp/urls" "$tmp/members" "$GOLD"
