#!/bin/sh
# Crash safety of `rasd ingest`: SIGKILL in the middle of a large ingest, then the store
# must pass PRAGMA integrity_check, hold every article committed before the kill (a prefix
# of the input, whole batches), and a rerun must complete to the full count.
RASD=${RASD:-build/rasd}
case "$RASD" in /*) ;; *) RASD="$(pwd)/$RASD" ;; esac
if ! command -v sqlite3 >/dev/null 2>&1; then echo "SKIP: kill (no sqlite3 shell)"; exit 0; fi
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
db="$dir/k.db"
N=${KILL_ARTICLES:-5000}

# A few dozen distinct articles made of Arabic news words, re-id'd until N lines.
awk -v n="$N" 'BEGIN {
  srand(7)
  split("قتل أصيب اعتقل نزح مدنيين عناصر قوات الجيش المرصد السوري لحقوق الإنسان " \
        "الحسكة دير الزور الرقة حلب إدلب بغداد صنعاء مأرب تعز الحديدة اشتباكات قصف " \
        "غارة جوية مسيرة سجن غويران الصناعة تنظيم الدولة داعش قسد الأسايش الحشد الشعبي " \
        "مصدر محلي ناشطون بيان وزارة الداخلية الصحة الأمم المتحدة الصليب الأحمر عشرات " \
        "مئات أطفال نساء مستشفى منازل قرية مدينة ريف شمال شرق جنوب غرب أمس اليوم", w, " ")
  nw = length(w)
  for (a = 0; a < 40; a++) {
    t = ""
    for (k = 0; k < 300; k++) {
      t = t w[int(rand() * nw) + 1] ((k % 17 == 16) ? ". " : " ")
      if (k % 60 == 59) t = t "\\n\\n"
    }
    art[a] = t
  }
  for (i = 1; i <= n; i++)
    printf "{\"id\":\"k%07d\",\"outlet\":\"o%d\",\"published\":\"2022-01-%02d\",\"title\":\"خبر %d\",\"text\":\"%s\"}\n", \
      i, i % 7, i % 28 + 1, i, art[i % 40]
}' > "$dir/big.jsonl"

"$RASD" ingest --db "$db" "$dir/big.jsonl" 2>"$dir/err" &
pid=$!
# Wait for at least two committed batches, then kill without warning.
seen=0; tries=0
while [ "$tries" -lt 600 ]; do
  seen=$(sqlite3 "$db" "SELECT count(*) FROM articles" 2>/dev/null || echo 0)
  [ "${seen:-0}" -ge 400 ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05; tries=$((tries + 1))
done
if kill -9 "$pid" 2>/dev/null; then
  wait "$pid" 2>/dev/null
  echo "PASS: kill -9 during ingest (after $seen articles were visible)"
else
  wait "$pid" 2>/dev/null
  echo "FAIL: ingest finished before it could be killed (raise KILL_ARTICLES)"
fi

ic=$(sqlite3 "$db" "PRAGMA integrity_check" 2>&1)
if [ "$ic" = "ok" ]; then echo "PASS: integrity_check after kill"; else echo "FAIL: integrity_check: $ic"; fi

cnt=$(sqlite3 "$db" "SELECT count(*) FROM articles")
last=$(sqlite3 "$db" "SELECT max(id) FROM articles")
want_last=$(printf 'k%07d' "$cnt")
if [ "$cnt" -ge "$seen" ] && [ "$cnt" -lt "$N" ] && [ "$last" = "$want_last" ] && [ $((cnt % 200)) -eq 0 ]; then
  echo "PASS: committed articles present after kill ($cnt, whole batches, a prefix of the input)"
else
  echo "FAIL: after kill: $cnt stored (saw $seen), last id $last, expected $want_last"
fi

"$RASD" ingest --db "$db" "$dir/big.jsonl" 2>"$dir/err2"; rc=$?
cnt2=$(sqlite3 "$db" "SELECT count(*) FROM articles")
if [ "$rc" -eq 0 ] && [ "$cnt2" -eq "$N" ]; then
  echo "PASS: rerun completes ($cnt2 articles)"
else
  echo "FAIL: rerun: exit $rc, $cnt2 of $N articles; $(head -3 "$dir/err2")"
fi

# The full-text index agrees with the table: every article holds the word «خبر» in its title.
hits2=$("$RASD" search --db "$db" --limit 1000000 --format jsonl "خبر" 2>/dev/null | wc -l)
if [ "$hits2" -eq "$N" ]; then
  echo "PASS: search index complete after kill and rerun ($hits2 hits)"
else
  echo "FAIL: search finds $hits2 of $N articles after kill and rerun"
fi
