#!/bin/sh
# rasd search on queries that repeat a word thousands of times, and on queries past the
# documented limits: repeated words are searched once, an over-long query is a usage error.
RASD=${RASD:-build/rasd}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
db="$dir/q.db"
expect() { # name, got, wanted
  if [ "$2" = "$3" ]; then echo "PASS: $1"; else echo "FAIL: $1 (got $2, wanted $3)"; fi
}
words() { # count, word: the word count times, space-separated
  awk -v n="$1" -v w="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s%s", i ? " " : "", w }'
}

# An article whose text holds the word 2,000 times: every repeat of the word in the query
# multiplies the matches FTS5 ranks and cuts snippets from.
printf '{"id":"big","outlet":"o","published":"2022-01-03","title":"داعش","text":"%s"}\n' \
  "$(words 2000 'داعش')" > "$dir/a.jsonl"
printf '{"id":"small","outlet":"o","published":"2022-01-04","text":"اشتباكات مع داعش في الرقة."}\n' \
  >> "$dir/a.jsonl"
"$RASD" ingest --db "$db" "$dir/a.jsonl" 2>"$dir/err"
expect "ingest of the long article" "$?" 0

"$RASD" search --db "$db" --format jsonl "داعش" > "$dir/one" 2>"$dir/err"
expect "one word: exit status" "$?" 0
timeout 20 "$RASD" search --db "$db" --format jsonl "$(words 5000 'داعش')" > "$dir/many" 2>"$dir/err"
rc=$?
expect "5,000 times the same word: answers within 20 s" "$rc" 0
expect "5,000 times the same word: the hits of the word once" \
  "$(cut -c1-60 "$dir/many" | tr '\n' ' ')" "$(cut -c1-60 "$dir/one" | tr '\n' ' ')"
timeout 20 "$RASD" search --db "$db" --format jsonl "$(words 2000 'الداعش') $(words 2000 'وداعش')" \
  > "$dir/many" 2>"$dir/err"
expect "spellings of one word repeated: answers within 20 s" "$?" 0
expect "spellings of one word repeated: the hits of the word once" \
  "$(cut -c1-60 "$dir/many" | tr '\n' ' ')" "$(cut -c1-60 "$dir/one" | tr '\n' ' ')"

# 65 distinct words: past the limit of 64.
many=$(awk 'BEGIN { for (i = 1; i <= 65; i++) printf "%sw%d", (i > 1 ? " " : ""), i }')
timeout 20 "$RASD" search --db "$db" "$many" > "$dir/out" 2>"$dir/err"
expect "65 distinct words: usage error" "$?" 2
expect "65 distinct words: the message names the limit" \
  "$(cat "$dir/err")" "rasd search: the query is too long (at most 64 distinct words and 65536 bytes)"
expect "65 distinct words: nothing on stdout" "$(wc -c < "$dir/out")" 0
many=$(awk 'BEGIN { for (i = 1; i <= 64; i++) printf "%sw%d", (i > 1 ? " " : ""), i }')
"$RASD" search --db "$db" "$many" > "$dir/out" 2>"$dir/err"
expect "64 distinct words: searched" "$?:$(cat "$dir/err")" "0:"
timeout 20 "$RASD" search --db "$db" "$(head -c 70000 /dev/zero | tr '\0' 'x')" > "$dir/out" 2>"$dir/err"
expect "a query of 70,000 bytes: usage error" "$?:$(cat "$dir/err")" \
  "2:rasd search: the query is too long (at most 64 distinct words and 65536 bytes)"
