#!/bin/sh
# Store benchmarks on $SAMPLE (SaudiNewsNet's "@@@ outlet<TAB>date<TAB>url" records, the
# headline on the next line, then the text), converted to JSON Lines first:
#  1. ingest rate: articles/s and MB/s of `rasd ingest` (storing, extraction, indexing);
#  2. full-text index build over the same stored articles with rasd's Arabic tokenizer
#     (`rasd ingest --reindex`) side by side with SQLite's unicode61 (sqlite3 shell);
#     target: at least 0.8x unicode61's speed.
RASD=${RASD:-build/rasd}
SAMPLE=${SAMPLE:-../shared/data/saudinewsnet/saudinewsnet_sample_30MB.txt}
[ -f "$SAMPLE" ] || { echo "skipped: $SAMPLE not found"; exit 0; }
command -v sqlite3 >/dev/null || { echo "skipped: no sqlite3 shell"; exit 0; }
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { print b - a }'; }
calc() { awk "BEGIN { print $1 }"; }

awk 'function esc(s) { gsub(/\\/, "&&", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s);
                       gsub(/\r/, "", s); gsub(/[\001-\037]/, " ", s); return s }
     function flush() { if (n) printf "{\"id\":\"sn%06d\",\"outlet\":\"%s\",\"published\":\"%s\",\"url\":\"%s\",\"title\":\"%s\",\"text\":\"%s\"}\n", n, esc(outlet), esc(pub), esc(url), esc(title), body }
     /^@@@ / { flush(); n++; sub(/^@@@ /, ""); split($0, f, "\t"); outlet = f[1]; pub = substr(f[2], 1, 10); url = f[3]; title = ""; body = ""; want_title = 1; next }
     want_title { title = $0; want_title = 0; next }
     { body = body (body == "" ? "" : "\\n") esc($0) }
     END { flush() }' "$SAMPLE" > "$dir/sample.jsonl"
arts=$(wc -l < "$dir/sample.jsonl")
mb=$(calc "$(wc -c < "$dir/sample.jsonl") / 1048576")

t0=$(now)
"$RASD" ingest --db "$dir/s.db" "$dir/sample.jsonl" 2>"$dir/err" || { echo "ingest failed:"; head -5 "$dir/err"; }
t1=$(now)
el=$(secs "$t0" "$t1")
stored=$(sqlite3 "$dir/s.db" "SELECT count(*) FROM articles")
figs=$(sqlite3 "$dir/s.db" "SELECT count(*) FROM figures")
printf 'ingest: %d articles (%.1f MB JSONL), %d stored, %d figures in %.2fs: %.0f articles/s, %.2f MB/s\n' \
  "$arts" "$mb" "$stored" "$figs" "$el" "$(calc "$arts / $el")" "$(calc "$mb / $el")"

# Peer: the sqlite3 shell storing the same JSON Lines (json_extract) with a unicode61 FTS5
# index kept by a trigger, in WAL mode: storage and indexing without extraction.
US=$(printf '\037')
t0=$(now)
sqlite3 "$dir/peer.db" >/dev/null <<EOF_SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE raw(j TEXT);
.mode ascii
.separator "$US" "\n"
.import $dir/sample.jsonl raw
CREATE TABLE articles(seq INTEGER PRIMARY KEY, id TEXT UNIQUE, outlet TEXT, url TEXT,
  published TEXT, title TEXT, text TEXT);
CREATE VIRTUAL TABLE fts USING fts5(title, text, content='articles', content_rowid='seq');
CREATE TRIGGER articles_ins AFTER INSERT ON articles BEGIN
  INSERT INTO fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END;
INSERT INTO articles(id, outlet, url, published, title, text)
  SELECT json_extract(j,'\$.id'), json_extract(j,'\$.outlet'), json_extract(j,'\$.url'),
         json_extract(j,'\$.published'), json_extract(j,'\$.title'), json_extract(j,'\$.text')
  FROM raw;
EOF_SQL
t1=$(now)
pel=$(secs "$t0" "$t1")
printf 'ingest peer (sqlite3 shell: JSON import + unicode61 FTS5, no extraction): %.2fs, %.0f articles/s; rasd ingest at %.2fx its speed\n' \
  "$pel" "$(calc "$arts / $pel")" "$(calc "$pel / $el")"

# Index builds over the same content table, best of 3 each.
best() { # command...
  b=""
  for i in 1 2 3; do
    s=$(now); "$@" >/dev/null 2>&1; e=$(now); t=$(secs "$s" "$e")
    if [ -z "$b" ] || [ "$(calc "($t < $b) ? 1 : 0")" -eq 1 ]; then b=$t; fi
  done
  echo "$b"
}
sqlite3 "$dir/s.db" "CREATE VIRTUAL TABLE u61 USING fts5(title, text, content='articles', content_rowid='seq', tokenize='unicode61')"
t_u=$(best sqlite3 "$dir/s.db" "INSERT INTO u61(u61) VALUES('rebuild')")
t_r=$(best "$RASD" ingest --db "$dir/s.db" --reindex)
printf 'fts index build: rasd_arabic %.2fs, unicode61 %.2fs: rasd at %.2fx unicode61 speed (%.2f MB/s vs %.2f MB/s; target >= 0.8x)\n' \
  "$t_r" "$t_u" "$(calc "$t_u / $t_r")" "$(calc "$mb / $t_r")" "$(calc "$mb / $t_u")"
