#!/bin/sh
# A store of the schema before the search tokenizer's last change is refused by the read
# commands with advice, and `rasd refresh` brings it up to date: its full-text index is
# rebuilt, so that it finds what a store made afresh finds.
RASD=${RASD:-build/rasd}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../common/checks.inc"
command -v sqlite3 >/dev/null || { echo "SKIP: migrate (sqlite3 shell not installed)"; exit 0; }
"$RASD" ingest --db "$tmp/new.db" samples/articles.jsonl 2>/dev/null
cp "$tmp/new.db" "$tmp/old.db"
# The older store: its index empty of what the rebuild would give, its last migration unmade.
last=$(sqlite3 "$tmp/old.db" "SELECT max(version) FROM schema_migrations")
# (FTS5's shadow tables are plain tables: without the index's segments only a rebuild helps.)
sqlite3 "$tmp/old.db" "DELETE FROM articles_fts_idx; DELETE FROM articles_fts_data WHERE id NOT IN (1, 10);
  DELETE FROM schema_migrations WHERE version = $last" || echo "FAIL: migrate (could not age the store)"
"$RASD" search --db "$tmp/old.db" "داعش" >"$tmp/out" 2>"$tmp/err"; rc=$?
want "migrate: older store refused by search" "$rc" 1
has "migrate: the advice names rasd refresh" "$tmp/err" "rasd refresh"
"$RASD" refresh --db "$tmp/old.db" 2>"$tmp/err"; rc=$?
want "migrate: refresh exits 0" "$rc" 0
want "migrate: refresh records the migration" \
  "$(sqlite3 "$tmp/old.db" "SELECT max(version) FROM schema_migrations")" "$last"
for q in "داعش" "قوات سوريا" "بغداد"; do
  want "migrate: search «$q» as in a new store" \
    "$("$RASD" search --db "$tmp/old.db" "$q" | md5sum)" "$("$RASD" search --db "$tmp/new.db" "$q" | md5sum)"
done
n=$("$RASD" search --db "$tmp/old.db" "داعش" | wc -l)
if [ "$n" -gt 0 ]; then echo "PASS: migrate: the rebuilt index finds articles ($n)"
else echo "FAIL: migrate: the rebuilt index finds articles (got 0, wanted some)"; fi
