#!/bin/sh
# make demo: the sample job over samples/ — figures of one report, then the reports stored,
# grouped into stories, the main story's figure timelines, a copied wire passage and a
# search with a spelling variant; it ends with the command that serves the demo store.
# The store is kept beside the binary (build/demo.db).  Usage: scripts/demo.sh [path/to/rasd]
RASD=${1:-build/rasd}
S=samples
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=$(dirname "$RASD")/demo.db
rm -f "$db" "$db-wal" "$db-shm"
status=0
section() { printf '\n=== %s\n' "$1"; }
has() { "$RASD" "$1" --help >/dev/null 2>&1; }
run() { # a step that must work when its command exists
  "$@" || { echo "(step failed: $*)"; status=1; }
}

if [ ! -x "$RASD" ]; then echo "demo: $RASD not found (make builds it)" >&2; exit 1; fi

section "extract: the figures of one wire report ($S/articles.jsonl, first line)"
if has extract; then
  head -n 1 "$S/articles.jsonl" >"$tmp/one.jsonl"
  if "$RASD" extract --format pretty "$tmp/one.jsonl" >/dev/null 2>&1; then
    run "$RASD" extract --format pretty "$tmp/one.jsonl"
  else
    run "$RASD" extract "$tmp/one.jsonl"
  fi
else
  echo "(rasd extract is not available in this build: skipped)"
fi

section "ingest: seven reports from four outlets into a fresh store"
if has ingest; then
  run "$RASD" ingest --db "$db" "$S/articles.jsonl"
  run "$RASD" ingest --db "$db" --outlet qamishli-today "$S/local-0316.html"
  run "$RASD" ingest --db "$db" --outlet roj-news --published 2025-03-18 "$S/kurd-0318.txt"
  sqlite3 "$db" "SELECT id, outlet, published FROM articles ORDER BY published, id" 2>/dev/null |
    sed 's/^/  /; s/|/  /g'
else
  echo "(rasd ingest is not available in this build: the steps below need a store, skipped)"
  exit $status
fi

section "stories: the reports grouped by event"
main=""
if has stories; then
  run "$RASD" stories --db "$db" --format table
  main=$("$RASD" stories --db "$db" | grep '"wire-0314"' | sed 's/.*"id":"\(s[0-9]*\)".*/\1/')
else
  echo "(rasd stories is not available in this build: skipped)"
fi

section "figures: how the toll moved across days and sources (story ${main:-?})"
if has figures && [ -n "$main" ]; then
  run "$RASD" figures --db "$db" --story "$main" --format table
else
  echo "(rasd figures is not available in this build: skipped)"
fi

section "passages: the wire paragraph the Kurdish outlet ran (kurd-0314)"
if has passages; then
  run "$RASD" passages --db "$db" --format table kurd-0314
else
  echo "(rasd passages is not available in this build: skipped)"
fi

section "search: «السّجن المركزيّ» with diacritics finds «السجن المركزي»"
if has search; then
  run "$RASD" search --db "$db" "السّجن المركزيّ"
else
  echo "(rasd search is not available in this build: skipped)"
fi

section "serve: the demo store over HTTP, the page at / and the API of docs/api.md"
if has serve; then
  echo "  $RASD serve --db $db"
  echo "  then open http://127.0.0.1:8080/ (add --token-file FILE to take POST /api/articles)"
else
  echo "(rasd serve is not available in this build: skipped)"
fi
exit $status
