#!/bin/sh
# rasd passages over a store: a footer that articles of many stories carry is boilerplate,
# a wire paragraph that ten outlets ran the same day is copying, a crown prince's full
# titles shared by three unrelated reports make no passage, and none of this changes when
# hundreds of unrelated articles join the store.  $RASD is the binary.
RASD=${RASD:-build/rasd}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { # name, then a command that succeeds when the check passes
  name=$1; shift
  if "$@" >/dev/null 2>&1; then echo "PASS: $name"; else echo "FAIL: $name"; fi
}
art() { # id outlet day title text
  printf '{"id":"%s","outlet":"%s","published":"%s","title":"%s","text":"%s"}\n' "$@"
}
FOOTER="لمتابعة آخر الأخبار العاجلة والتقارير الخاصة من مراسلينا في المحافظات حملوا تطبيق الصحيفة على هواتفكم الذكية."
WIRE="أعلنت وزارة الداخلية أن الجهات الأمنية أحبطت محاولة تهريب كمية من المتفجرات عبر منفذ الوديعة الحدودي وضبطت شاحنة محملة بالأسلحة والذخائر كانت في طريقها إلى إحدى المدن، وأوقفت ثلاثة مهربين من جنسيات مختلفة ما زالت التحقيقات معهم جارية لمعرفة الجهات التي تقف خلفهم."
PRINCE="صاحب السمو الملكي الأمير محمد بن نايف بن عبدالعزيز ولي العهد نائب رئيس مجلس الوزراء وزير الداخلية"
{
  # twelve reports on twelve subjects, five days apart, one outlet's footer under each
  set -- الزراعة التعليم الصحة النقل السياحة الإسكان المياه الكهرباء الرياضة الثقافة التجارة الصناعة
  i=0
  for topic; do
    day=$(date -u -d "2015-03-01 +$((i * 5)) days" +%F)
    art "foot-$i" "alriyadh" "$day" "خطة جديدة لقطاع $topic" \
      "أقرت وزارة $topic خطة جديدة لتطوير خدماتها في المناطق تتضمن $((i + 3)) مشروعا بتكلفة $((i * 7 + 40)) مليون ريال. $FOOTER"
    i=$((i + 1))
  done
  for o in okaz alyaum almadina aljazirah alwatan sabq ajel alsharq aleqtisadiya alhayat; do
    art "wire-$o" "$o" "2015-05-10" "إحباط تهريب متفجرات عبر الوديعة" "الرياض - واس: $WIRE"
  done
  art prince-1 spa 2015-06-01 "ولي العهد يستقبل وزير الخارجية الباكستاني" \
    "استقبل $PRINCE في مكتبه بجدة أمس وزير خارجية باكستان وبحثا العلاقات الثنائية."
  art prince-2 spa 2015-06-09 "ولي العهد يرعى حفل تخريج الدفعة الجديدة" \
    "رعى $PRINCE حفل تخريج طلاب كلية الملك فهد الأمنية في الرياض مساء الأربعاء."
  art prince-3 spa 2015-06-17 "ولي العهد يهنئ رجال الأمن بنجاح الخطة" \
    "هنأ $PRINCE رجال الأمن بنجاح خطة موسم العمرة وشكر القطاعات المشاركة فيها."
} >"$tmp/a.jsonl"
if ! "$RASD" ingest --db "$tmp/a.db" "$tmp/a.jsonl" >/dev/null 2>&1; then
  echo "SKIP: rasd ingest is not available"; exit 0
fi
passages() { "$RASD" passages --db "$tmp/a.db" "$1" 2>/dev/null; }
passages foot-0 >"$tmp/foot1"
passages wire-okaz >"$tmp/wire1"
passages prince-1 >"$tmp/prince1"
check "a footer under reports of twelve stories is no passage" test ! -s "$tmp/foot1"
check "a wire paragraph ten outlets ran is a passage in each copy" \
  test "$(grep -c '"words":4[0-9]' "$tmp/wire1")" -eq 9
check "a crown prince's titles alone make no passage" test ! -s "$tmp/prince1"
# 400 unrelated articles, each a short report of its own
awk 'BEGIN { split("تبوك حائل جازان نجران الباحة الجوف القصيم عسير الأحساء ينبع الطائف", t, " ");
  for (i = 0; i < 400; i++)
    printf "{\"id\":\"other-%d\",\"outlet\":\"o%d\",\"published\":\"2015-%02d-%02d\",\"title\":\"خبر %d\",\"text\":\"سجلت محطة الأرصاد في %s اليوم رقم %d درجة حرارة بلغت %d مئوية وسرعة رياح %d كيلومترا في الساعة خلال الموسم %d.\"}\n",
      i, i % 13, 1 + i % 12, 1 + i % 28, i, t[1 + i % 11], i, 30 + i % 17, i * 3 % 97, i }' \
  >"$tmp/b.jsonl"
"$RASD" ingest --db "$tmp/a.db" "$tmp/b.jsonl" >/dev/null 2>&1
check "the unrelated articles are stored" \
  test "$(sqlite3 "$tmp/a.db" 'SELECT count(*) FROM articles')" -eq 425
check "the footer stays boilerplate in a larger store" sh -c '! "$1" passages --db "$2" foot-0 | grep -q .' _ "$RASD" "$tmp/a.db"
passages wire-okaz >"$tmp/wire2"
check "the wire passages are the same in a larger store" cmp "$tmp/wire1" "$tmp/wire2"
