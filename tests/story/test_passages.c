/* Copied passages: found across small edits, spans right on both sides, nothing between
 * unrelated texts, boilerplate ignored, fingerprints shared by any 8-word run. */
#include "common/harness.h"
#include "rasd.h"

#define WIRE_HEAD "وقال المرصد السوري لحقوق الإنسان في بيان صدر مساء الأحد إن عناصر من " \
    "تنظيم داعش هاجموا سجن الصناعة في حي غويران بمدينة الحسكة فجر الخميس الموافق " \
    "العشرين من "
#define WIRE_TAIL " مستخدمين سيارات مفخخة وأسلحة ثقيلة، وإن الاشتباكات ما زالت مستمرة " \
    "في محيط السجن والأحياء المجاورة له"

static const char WIRE[] = WIRE_HEAD "آذار" WIRE_TAIL;
/* The same passage as another outlet ran it: «اذار» without hamza, one word changed
 * (ثقيلة -> متوسطة), one word dropped (ما زالت -> زالت). */
static const char COPY[] = WIRE_HEAD "اذار مستخدمين سيارات مفخخة وأسلحة متوسطة، وإن "
    "الاشتباكات زالت مستمرة في محيط السجن والأحياء المجاورة له";

static const char A_PRE[] = "الحسكة - رصد: ";
static const char A_POST[] = ". وفي سياق آخر، أعلنت وزارة الزراعة عن خطة لدعم المزارعين "
    "في المنطقة الشرقية خلال الموسم المقبل.";
static const char B_PRE[] = "نقلت وكالة محلية عن مصادر ميدانية أن التوتر يسود المدينة "
    "منذ أيام. ";
static const char B_POST[] = ". ويعيش السكان حالة من الخوف بعد انقطاع الكهرباء عن معظم "
    "الأحياء.";

static const char UNRELATED[] = "وقال المرصد في بيان صدر مساء الأحد إن أسعار النفط ارتفعت "
    "في الأسواق العالمية بعد قرار منظمة أوبك خفض الإنتاج، وإن المستثمرين ينتظرون بيانات "
    "المخزون الأمريكي هذا الأسبوع في ظل توقعات بتباطؤ الطلب.";

static char *cat3(const char *a, const char *b, const char *c, size_t *len)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *s = malloc(la + lb + lc + 1);
    assert_non_null(s);
    memcpy(s, a, la);
    memcpy(s + la, b, lb);
    memcpy(s + la + lb, c, lc + 1);
    *len = la + lb + lc;
    return s;
}

/* Words of s: its space-separated tokens (none of the test texts has free punctuation). */
static size_t count_words(const char *s)
{
    size_t n = 0;
    int in = 0;
    for (const char *p = s; *p; p++) {
        if (*p != ' ' && !in)
            n++;
        in = *p != ' ';
    }
    return n;
}

static void test_small_edits(void **state)
{
    (void)state;
    size_t la, lb;
    char *a = cat3(A_PRE, WIRE, A_POST, &la);
    char *b = cat3(B_PRE, COPY, B_POST, &lb);
    rasd_passage *p = NULL;
    size_t n = 0;
    assert_int_equal(rasd_psg_align(a, la, b, lb, NULL, 0, &p, &n), RASD_OK);
    assert_int_equal(n, 1);
    /* a's side: from the passage's first word to its last, punctuation outside */
    size_t wstart = strlen(A_PRE), wlast = strlen(A_PRE) + strlen(WIRE);
    assert_int_equal(p[0].start, wstart);
    assert_int_equal(p[0].end, wlast);
    size_t cstart = strlen(B_PRE), clast = strlen(B_PRE) + strlen(COPY);
    assert_int_equal(p[0].other_start, cstart);
    assert_int_equal(p[0].other_end, clast);
    assert_int_equal(p[0].words, count_words(WIRE));
    assert_true(p[0].words >= 40);
    free(p);
    /* and the other way round */
    assert_int_equal(rasd_psg_align(b, lb, a, la, NULL, 0, &p, &n), RASD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].start, cstart);
    assert_int_equal(p[0].other_end, wlast);
    free(p);
    free(a);
    free(b);
}

static void test_unrelated(void **state)
{
    (void)state;
    size_t la;
    char *a = cat3(A_PRE, WIRE, A_POST, &la);
    rasd_passage *p = NULL;
    size_t n = 7;
    assert_int_equal(rasd_psg_align(a, la, UNRELATED, strlen(UNRELATED), NULL, 0, &p, &n),
                     RASD_OK);
    assert_int_equal(n, 0);
    assert_null(p);
    /* a run shorter than RASD_PSG_MIN_WORDS is no passage */
    static const char s1[] = "قال مصدر أمني إن الاشتباكات ما زالت مستمرة في محيط السجن اليوم";
    static const char s2[] = "أكد شهود أن الاشتباكات ما زالت مستمرة في محيط المدينة منذ الصباح";
    assert_int_equal(rasd_psg_align(s1, strlen(s1), s2, strlen(s2), NULL, 0, &p, &n), RASD_OK);
    assert_int_equal(n, 0);
    free(a);
}

static void test_fingerprints(void **state)
{
    (void)state;
    /* two texts sharing exactly eight words share a fingerprint */
    static const char s1[] = "بدأت الجلسة صباحا ثم قررت اللجنة العليا للانتخابات تأجيل موعد "
        "الاقتراع في جميع الدوائر";
    static const char s2[] = "وفي خبر منفصل قررت اللجنة العليا للانتخابات تأجيل موعد الاقتراع "
        "في جميع الدوائر بعد احتجاجات";
    uint64_t *f1, *f2;
    size_t n1, n2, shared = 0;
    assert_int_equal(rasd_psg_fingerprints(s1, strlen(s1), &f1, &n1), RASD_OK);
    assert_int_equal(rasd_psg_fingerprints(s2, strlen(s2), &f2, &n2), RASD_OK);
    assert_true(n1 > 0 && n2 > 0);
    for (size_t i = 1; i < n1; i++)
        assert_true(f1[i - 1] < f1[i]);
    for (size_t i = 0; i < n1; i++)
        for (size_t k = 0; k < n2; k++)
            shared += f1[i] == f2[k];
    assert_true(shared >= 1);
    free(f1);
    free(f2);
    uint64_t *f3;
    size_t n3;
    assert_int_equal(rasd_psg_fingerprints(UNRELATED, strlen(UNRELATED), &f3, &n3), RASD_OK);
    assert_int_equal(rasd_psg_fingerprints(s1, strlen(s1), &f1, &n1), RASD_OK);
    shared = 0;
    for (size_t i = 0; i < n1; i++)
        for (size_t k = 0; k < n3; k++)
            shared += f1[i] == f3[k];
    assert_int_equal(shared, 0);
    free(f1);
    free(f3);
    /* no words, or bytes that are not UTF-8: no fingerprints, no crash */
    assert_int_equal(rasd_psg_fingerprints("", 0, &f1, &n1), RASD_OK);
    assert_int_equal(n1, 0);
    static const char junk[] = "\xff\xfe\x00\xc3 \xd8 abc \xe2\x82";
    assert_int_equal(rasd_psg_fingerprints(junk, sizeof junk - 1, &f1, &n1), RASD_OK);
    free(f1);
}

#define NBOILER 40
static void test_index_boilerplate(void **state)
{
    (void)state;
    static const char footer[] = " تابعونا على صفحاتنا في مواقع التواصل الاجتماعي للاطلاع على "
        "آخر الأخبار العاجلة والتقارير الخاصة من مراسلينا في كل المحافظات";
    static const char *topics[] = {"الزراعة", "التعليم", "الصحة", "النقل", "السياحة"};
    char *texts[NBOILER + 2];
    size_t lens[NBOILER + 2];
    rasd_psg_index *ix;
    assert_int_equal(rasd_psg_index_create(&ix), RASD_OK);
    for (int i = 0; i < NBOILER; i++) {
        char head[256];
        snprintf(head, sizeof head, "خبر رقم %d عن وزارة %s وخططها للعام %d", i,
                 topics[i % 5], 2000 + i);
        texts[i] = cat3(head, ".", footer, &lens[i]);
        /* one a day: the footer recurs over weeks */
        assert_int_equal(rasd_psg_index_add(ix, (uint32_t)(100 + i), 20000 + i, texts[i],
                                            lens[i]), RASD_OK);
    }
    texts[NBOILER] = cat3(A_PRE, WIRE, A_POST, &lens[NBOILER]);
    texts[NBOILER + 1] = cat3(B_PRE, COPY, footer, &lens[NBOILER + 1]);
    assert_int_equal(rasd_psg_index_add(ix, 7, 20010, texts[NBOILER], lens[NBOILER]),
                     RASD_OK);
    assert_int_equal(rasd_psg_index_add(ix, 9, 20011, texts[NBOILER + 1],
                                        lens[NBOILER + 1]), RASD_OK);
    assert_int_equal(rasd_psg_index_add(ix, 9, 20011, "x", 1), RASD_EINVAL);
    rasd_passage *p;
    size_t n;
    /* the footer stands in 41 articles: boilerplate, not copying */
    assert_int_equal(rasd_psg_index_find(ix, 100, &p, &n), RASD_OK);
    assert_int_equal(n, 0);
    /* the wire passage is found in its one copy, and the footer is not reported */
    assert_int_equal(rasd_psg_index_find(ix, 9, &p, &n), RASD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].doc, 9);
    assert_int_equal(p[0].other, 7);
    assert_int_equal(p[0].start, strlen(B_PRE));
    assert_int_equal(p[0].other_start, strlen(A_PRE));
    free(p);
    assert_int_equal(rasd_psg_index_find(ix, 12345, &p, &n), RASD_ENOTFOUND);
    rasd_psg_index_free(ix);
    rasd_psg_index_free(NULL);
    for (int i = 0; i < NBOILER + 2; i++)
        free(texts[i]);
}

/* A wire report that 30 outlets ran within three days is copying, not boilerplate. */
#define NWIRE 30
static void test_index_wide_copy(void **state)
{
    (void)state;
    char *texts[NWIRE];
    size_t lens[NWIRE];
    rasd_psg_index *ix;
    assert_int_equal(rasd_psg_index_create(&ix), RASD_OK);
    for (int i = 0; i < NWIRE; i++) {
        char head[128];
        snprintf(head, sizeof head, "نشر الموقع رقم %d الخبر التالي نقلا عن الوكالة: ", i);
        texts[i] = cat3(head, i % 2 ? COPY : WIRE, A_POST, &lens[i]);
        assert_int_equal(rasd_psg_index_add(ix, (uint32_t)i, 20000 + i % 3, texts[i],
                                            lens[i]), RASD_OK);
    }
    rasd_passage *p;
    size_t n;
    assert_int_equal(rasd_psg_index_find(ix, 0, &p, &n), RASD_OK);
    assert_true(n >= NWIRE - 1);
    size_t others = 0;
    for (size_t i = 0; i < n; i++)
        others += p[i].words >= 40;
    assert_int_equal(others, NWIRE - 1);
    free(p);
    rasd_psg_index_free(ix);
    for (int i = 0; i < NWIRE; i++)
        free(texts[i]);
}

/* A name-and-title string is no copying, in many articles or in few. */
static size_t phrase_passages(int ndocs)
{
    static const char phrase[] = "خادم الحرمين الشريفين الملك سلمان بن عبد العزيز آل سعود";
    char *texts[40];
    rasd_psg_index *ix;
    assert_int_equal(rasd_psg_index_create(&ix), RASD_OK);
    for (int i = 0; i < ndocs; i++) {
        texts[i] = malloc(1024);
        assert_non_null(texts[i]);
        snprintf(texts[i], 1024, "افتتح المسؤول رقم %d المشروع %d في المدينة %d %s %d "
                 "خلال زيارة رقم %d للمنطقة %d يوم %d", i, i + 1, i + 2, phrase, i + 3,
                 i + 4, i + 5, i + 6);
        assert_int_equal(rasd_psg_index_add(ix, (uint32_t)i, 20000 + i % 3, texts[i],
                                            strlen(texts[i])), RASD_OK);
    }
    rasd_passage *p;
    size_t n;
    assert_int_equal(rasd_psg_index_find(ix, 0, &p, &n), RASD_OK);
    free(p);
    rasd_psg_index_free(ix);
    for (int i = 0; i < ndocs; i++)
        free(texts[i]);
    return n;
}

static void test_index_set_phrase(void **state)
{
    (void)state;
    assert_int_equal(phrase_passages(30), 0);
    assert_int_equal(phrase_passages(3), 0);
    assert_int_equal(phrase_passages(2), 0);
}

/* Two reports of unrelated days that share only a crown prince's full titles, or a
 * spokesman's office and name, share no passage; a copied paragraph that follows the
 * titles still is one. */
#define CROWN_PRINCE "صاحب السمو الملكي الأمير محمد بن نايف بن عبدالعزيز ولي العهد نائب " \
    "رئيس مجلس الوزراء وزير الداخلية"
#define SPOKESMAN "وقال المتحدث الرسمي باسم وزارة الخارجية السفير أسامة بن أحمد نقلي"
static void test_titles_alone(void **state)
{
    (void)state;
    static const char a[] = "استقبل " CROWN_PRINCE " في مكتبه بجدة أمس رئيس جهاز الاستخبارات "
        "الباكستاني وجرى خلال الاستقبال استعراض العلاقات الثنائية. " SPOKESMAN " إن المملكة "
        "ترحب بالاتفاق النووي بين إيران والدول الكبرى إذا منع طهران من امتلاك السلاح.";
    static const char b[] = "رفع " CROWN_PRINCE " التهنئة للقيادة بمناسبة نجاح موسم العمرة "
        "وشكر منسوبي القطاعات الأمنية على جهودهم. " SPOKESMAN " للصحفيين أمس إن الرياض "
        "تتابع باهتمام تطورات الأوضاع في عدن بعد تحريرها من الميليشيات.";
    rasd_passage *p = NULL;
    size_t n = 7;
    assert_int_equal(rasd_psg_align(a, strlen(a), b, strlen(b), NULL, 0, &p, &n), RASD_OK);
    assert_int_equal(n, 0);
    assert_null(p);
    /* the same titles opening a copied wire paragraph */
    static const char c[] = "جدة - واس: استقبل " CROWN_PRINCE " في مكتبه بجدة أمس رئيس جهاز "
        "الاستخبارات الباكستاني وجرى خلال الاستقبال استعراض العلاقات الثنائية وسبل تعزيزها "
        "في المجالات الأمنية.";
    assert_int_equal(rasd_psg_align(a, strlen(a), c, strlen(c), NULL, 0, &p, &n), RASD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].start, 0);
    assert_true(p[0].words >= 25);
    free(p);
}

/* A footer in 21 articles of 21 days is boilerplate in a store of 60 articles and stays
 * so when 2,200 unrelated articles join it. */
#define NFOOT 21
#define NMORE 2200
static void test_index_size_independent(void **state)
{
    (void)state;
    static const char footer[] = " لمتابعة آخر الأخبار العاجلة والتقارير الخاصة من مراسلينا "
        "في المحافظات حملوا تطبيق الصحيفة على هواتفكم الذكية";
    static const char *topics[] = {"الزراعة", "التعليم", "الصحة", "النقل", "السياحة",
                                   "الإسكان", "المياه"};
    static const char *towns[] = {"تبوك", "حائل", "جازان", "نجران", "الباحة", "الجوف",
                                  "القصيم", "عسير", "الأحساء", "ينبع", "الطائف"};
    size_t ntexts = NFOOT + 40 + NMORE;
    char **texts = calloc(ntexts, sizeof *texts);
    assert_non_null(texts);
    rasd_psg_index *ix;
    assert_int_equal(rasd_psg_index_create(&ix), RASD_OK);
    for (size_t i = 0; i < ntexts; i++) {
        texts[i] = malloc(512);
        assert_non_null(texts[i]);
        snprintf(texts[i], 512, "افتتحت وزارة %s في %s المشروع رقم %zu بتكلفة %zu مليون "
                 "ريال ضمن خطة العام %zu.%s", topics[i % 7], towns[i % 11], i, 3 * i + 7,
                 1990 + i % 30, i < NFOOT ? footer : "");
        assert_int_equal(rasd_psg_index_add(ix, (uint32_t)i, 20000 + (int32_t)i, texts[i],
                                            strlen(texts[i])), RASD_OK);
        rasd_passage *p;
        size_t n;
        if (i + 1 == NFOOT + 40 || i + 1 == ntexts) {
            assert_int_equal(rasd_psg_index_find(ix, 0, &p, &n), RASD_OK);
            assert_int_equal(n, 0);
            free(p);
        }
    }
    rasd_psg_index_free(ix);
    for (size_t i = 0; i < ntexts; i++)
        free(texts[i]);
    free(texts);
}

static void test_passage_json(void **state)
{
    (void)state;
    rasd_passage p = {0, 1, 3020, 3310, 5120, 5400, 38};
    char *s;
    size_t len;
    assert_int_equal(rasd_passage_json(&p, "000", "001", &s, &len), RASD_OK);
    assert_string_equal(s, "{\"type\":\"passage\",\"doc\":\"000\",\"start\":3020,\"end\":3310,"
                           "\"other\":\"001\",\"other_start\":5120,\"other_end\":5400,"
                           "\"words\":38}\n");
    assert_int_equal(len, strlen(s));
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_edits),
        cmocka_unit_test(test_unrelated),
        cmocka_unit_test(test_fingerprints),
        cmocka_unit_test(test_index_boilerplate),
        cmocka_unit_test(test_index_wide_copy),
        cmocka_unit_test(test_index_set_phrase),
        cmocka_unit_test(test_titles_alone),
        cmocka_unit_test(test_index_size_independent),
        cmocka_unit_test(test_passage_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
