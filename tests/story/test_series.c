/* Figure series and the estimate rule: a partial figure never replaces a cumulative toll,
 * the latest cumulative figure wins, the most-cited source wins a same-day choice,
 * same-day disagreements are listed, unlocated figures join their place's series. */
#include "common/harness.h"
#include "rasd.h"

static int32_t day(const char *s)
{
    int32_t d;
    assert_int_equal(rasd_day_parse(s, strlen(s), &d), RASD_OK);
    return d;
}

/* A killed-ISIS figure of value v on date, from source, in a sentence whose evidence
 * starts at the sentence's first occurrence of `ev`. */
static rasd_series_fig fig(const char *doc, const char *date, const char *source, int64_t v,
                           const char *sentence, const char *ev)
{
    rasd_series_fig f;
    memset(&f, 0, sizeof f);
    f.doc = doc;
    f.outlet = "wire";
    f.doc_day = day(date);
    f.day = RASD_DAY_UNKNOWN;
    f.category = "killed";
    f.group = "isis";
    f.location = "hasakah";
    f.source = source;
    f.qualifier = "exact";
    f.value = f.low = f.high = v;
    f.sentence = sentence;
    f.sentence_len = sentence ? strlen(sentence) : 0;
    f.sentence_start = 1000;
    const char *p = sentence && ev ? strstr(sentence, ev) : NULL;
    f.start = p ? 1000 + (uint32_t)(p - sentence) : 0;
    f.end = p ? f.start + (uint32_t)strlen(ev) : 0;
    return f;
}

static const char S39[] = "قتل 39 من عناصر داعش في الاشتباكات حول السجن بحسب المرصد";
static const char S61[] = "ارتفعت حصيلة قتلى داعش إلى 61 منذ بدء الهجوم على السجن";
static const char S6[] = "قتل 6 من عناصر داعش في غارة جوية للتحالف على حي غويران أمس";
static const char S6b[] = "قتل 6 من عناصر داعش في غارة جوية، لترتفع الحصيلة إلى 70 قتيلا";
static const char S130[] = "قالت قسد إن 130 من عناصر داعش قتلوا منذ بدء الهجوم";
static const char S4[] = "قتل 4 من عناصر داعش خلال تمشيط الأحياء المحيطة بالسجن";

/* «N على الأقل»: a lower bound, open above. */
static void at_least(rasd_series_fig *f)
{
    f->qualifier = "at_least";
    f->high = RASD_NOVAL;
}

static const rasd_series *only(const rasd_series *s, size_t n)
{
    assert_int_equal(n, 1);
    return &s[0];
}

static void test_partial_never_replaces(void **state)
{
    (void)state;
    rasd_series_fig f[] = {
        fig("001", "2022-01-21", "sohr", 39, S39, "39"),
        fig("002", "2022-01-23", "sohr", 61, S61, "61"),
        fig("003", "2022-01-24", "sohr", 6, S6, "6"), /* latest, but one strike */
    };
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 3, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    assert_int_equal(x->npoints, 3);
    assert_int_equal(x->points[2], 2);
    assert_int_equal(x->partial[2], 1);
    assert_int_equal(x->partial[0], 0);
    assert_true(x->has_estimate);
    assert_int_equal(x->estimate, 1);
    assert_int_equal(x->estimate_partial, 0);
    rasd_series_free(s, n);
}

static void test_cues_in_clause(void **state)
{
    (void)state;
    /* the strike's 6 is partial; the toll in the same sentence, after a comma, is not */
    rasd_series_fig a = fig("004", "2022-01-24", "sohr", 6, S6b, "6");
    rasd_series_fig b = fig("004", "2022-01-24", "sohr", 70, S6b, "70");
    assert_int_equal(rasd_series_partial_cue(&a), 1);
    assert_int_equal(rasd_series_partial_cue(&b), 0);
    rasd_series_fig c = fig("002", "2022-01-23", "sohr", 61, S61, "61");
    assert_int_equal(rasd_series_partial_cue(&c), 0);
    /* spelling variants fold: «فى غاره» is «في غارة» */
    rasd_series_fig d = fig("005", "2022-01-24", NULL, 3,
                            "قتل 3 مدنيين فى غاره على قرية قريبة", "3");
    assert_int_equal(rasd_series_partial_cue(&d), 1);
    /* no sentence: nothing to go by */
    rasd_series_fig e = fig("005", "2022-01-24", NULL, 3, NULL, NULL);
    assert_int_equal(rasd_series_partial_cue(&e), 0);
}

static void test_smaller_than_earlier_toll(void **state)
{
    (void)state;
    /* no cue, but 4 after the same source said 61: a part, not the toll */
    rasd_series_fig f[] = {
        fig("002", "2022-01-23", "sohr", 61, S61, "61"),
        fig("006", "2022-01-25", "sohr", 4, S4, "4"),
        fig("007", "2022-01-25", "local", 4, S4, "4"),
    };
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 3, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    assert_int_equal(x->partial[1], 1);
    /* another source's 4, below the toll so far that an earlier day gave (61 «منذ بدء
     * الهجوم»), is a part of it too: the toll stays 61 */
    assert_int_equal(x->partial[2], 1);
    assert_false(x->separate);
    assert_true(x->has_estimate);
    assert_int_equal(x->estimate, 0);
    rasd_series_free(s, n);
}

static void test_latest_and_most_cited(void **state)
{
    (void)state;
    rasd_series_fig f[] = {
        fig("001", "2022-01-21", "sohr", 39, S39, "39"),
        fig("002", "2022-01-23", "sohr", 61, S61, "61"),
        fig("008", "2022-01-27", "sohr", 128, S130, "130"),
        fig("009", "2022-01-27", "local", 135, S130, "130"),
        fig("010", "2022-01-26", "sdf", 140, S130, "130"),
    };
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 5, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    /* the latest day's figures are 128 (sohr, cited 3 times) and 135 (local, once) */
    assert_int_equal(x->estimate, 2);
    assert_int_equal(x->npoints, 5);
    /* points by date: 21, 23, 26, 27, 27 */
    assert_int_equal(x->points[2], 4);
    assert_int_equal(x->nconflicts, 1);
    assert_int_equal(x->conflicts[0].day, day("2022-01-27"));
    assert_int_equal(x->conflicts[0].nvalues, 2);
    assert_int_equal(x->conflicts[0].values[0], 128);
    assert_int_equal(x->conflicts[0].values[1], 135);
    rasd_series_free(s, n);
    /* with equal ranks and citations the higher figure wins */
    f[0].source = "snhr";    /* two monitors, sohr and snhr, cited twice each */
    f[3].source = "snhr";
    assert_int_equal(rasd_series_build(f, 5, &s, &n), RASD_OK);
    x = only(s, n);
    assert_int_equal(x->estimate, 3);
    rasd_series_free(s, n);
}

static void test_cited_by_documents(void **state)
{
    (void)state;
    /* local's headline repeats its article's figure: one citation, not two */
    rasd_series_fig f[] = {
        fig("009", "2022-01-27", "local", 135, S130, "130"),
        fig("009", "2022-01-27", "local", 135, S130, "130"),
        fig("008", "2022-01-27", "sohr", 128, S130, "130"),
        fig("018", "2022-01-26", "sohr", 120, S130, "130"),
    };
    f[1].start = 0;
    f[1].end = 3;
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 4, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    assert_int_equal(x->estimate, 2);
    rasd_series_free(s, n);
}

static void test_all_partial(void **state)
{
    (void)state;
    rasd_series_fig f[] = {
        fig("003", "2022-01-24", "sohr", 6, S6, "6"),
        fig("011", "2022-01-24", "sohr", 9, S6, "6"),
    };
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 2, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    assert_true(x->has_estimate);
    assert_int_equal(x->estimate_partial, 1);
    assert_int_equal(x->estimate, 1);
    assert_int_equal(x->nconflicts, 0); /* partial figures do not conflict */
    rasd_series_free(s, n);
}

static void test_series_split_and_join(void **state)
{
    (void)state;
    rasd_series_fig f[] = {
        fig("001", "2022-01-21", "sohr", 39, S39, "39"),
        fig("012", "2022-01-21", "sohr", 23, S39, "39"),
        fig("013", "2022-01-22", NULL, 41, S39, "39"),
        fig("014", "2022-01-22", "iraq", 11, S39, "39"),
        fig("015", "2022-01-22", "sohr", 300, S39, "39"),
    };
    f[1].group = "sdf";
    f[2].location = NULL;          /* joins killed/isis/hasakah: the story's one site */
    f[3].location = "hasakah_governorate";
    f[3].group = "iraqi_forces";
    f[4].category = "detained";
    f[4].value = RASD_NOVAL;       /* vague: a point, never an estimate */
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 5, &s, &n), RASD_OK);
    assert_int_equal(n, 4);
    /* ordered by category, group, location */
    assert_string_equal(s[0].category, "detained");
    assert_string_equal(s[1].group, "iraqi_forces");
    assert_string_equal(s[2].group, "isis");
    assert_string_equal(s[3].group, "sdf");
    assert_int_equal(s[2].npoints, 2);
    assert_string_equal(s[2].location, "hasakah");
    assert_int_equal(s[2].estimate, 2);
    assert_true(s[0].has_estimate); /* low is there */
    f[4].low = RASD_NOVAL;
    rasd_series_free(s, n);
    assert_int_equal(rasd_series_build(f, 5, &s, &n), RASD_OK);
    assert_false(s[0].has_estimate);
    rasd_series_free(s, n);
    rasd_series_free(NULL, 0);
}

static void test_dated_by_report(void **state)
{
    (void)state;
    /* «130 since the attack began on Friday», published Thursday, is Thursday's toll */
    rasd_series_fig f[] = {
        fig("020", "2022-01-27", "sohr", 130, S130, "130"),
        fig("016", "2022-01-23", "sohr", 61, S61, "61"),
        fig("017", "2022-01-25", "sohr", 90, S61, "61"),
    };
    f[0].day = day("2022-01-20");
    f[1].day = day("2022-01-23");
    f[2].doc_day = RASD_DAY_UNKNOWN; /* no publication date: its own day stands in */
    f[2].day = day("2022-01-25");
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 3, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    assert_int_equal(x->points[0], 1);
    assert_int_equal(x->points[1], 2);
    assert_int_equal(x->points[2], 0);
    assert_int_equal(x->days[2], day("2022-01-27"));
    assert_int_equal(x->partial[0], 0); /* 61 is not less than half of a later toll */
    assert_int_equal(x->estimate, 0);
    char *js;
    size_t len;
    assert_int_equal(rasd_series_json(x, f, "s1", &js, &len), RASD_OK);
    assert_non_null(strstr(js, "\"doc\":\"020\",\"start\":1021,\"end\":1024,"
                               "\"partial\":false,\"refers_to\":\"2022-01-20\","));
    free(js);
    rasd_series_free(s, n);
}

/* «منذ أن باشر ... في 22 يوليو»: a count since a day is as of its report, not of that day,
 * so the latest single attack's 2 does not replace it. */
static void test_since_day_as_of_report(void **state)
{
    (void)state;
    static const char since[] = "قتل 17 من عناصر الأمن منذ أن باشرت القوات عملياتها في 22 يوليو";
    static const char one[] = "قتل 2 من الدرك في هجوم على مخفر";
    rasd_series_fig f[] = {
        fig("a", "2015-08-03", "afp", 17, since, "17"),
        fig("b", "2015-08-02", "anadolu", 2, one, "2"),
    };
    f[0].day = day("2015-07-22");
    f[1].day = day("2015-08-02");
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 2, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    assert_int_equal(x->estimate, 0);
    rasd_series_free(s, n);
}

static void test_series_json(void **state)
{
    (void)state;
    rasd_series_fig f[] = {
        fig("001", "2022-01-22", "sohr", 39, S39, "39"),
        fig("001", "2022-01-22", "local", 40, S39, "39"),
    };
    f[1].start += 100;
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 2, &s, &n), RASD_OK);
    char *js;
    size_t len;
    assert_int_equal(rasd_series_json(&s[0], f, "s17", &js, &len), RASD_OK);
    assert_non_null(strstr(js, "{\"type\":\"series\",\"story\":\"s17\",\"category\":\"killed\","
                               "\"group\":\"isis\",\"location\":\"hasakah\",\"scope\":\"event\","
                               "\"separate\":false,\"points\":["
                               "{\"date\":\"2022-01-22\",\"value\":39,\"low\":39,\"high\":39,"
                               "\"qualifier\":\"exact\",\"source\":\"sohr\",\"outlet\":\"wire\","
                               "\"doc\":\"001\",\"start\":1007,\"end\":1009"));
    /* the monitor's figure is the best value, the range spans both */
    assert_non_null(strstr(js, "\"estimate\":{\"value\":39,\"low\":39,\"high\":40,"
                               "\"best\":39,\"date\":\"2022-01-22\",\"source\":\"sohr\","
                               "\"doc\":\"001\",\"rank\":1,\"ranks\":[1,3]"));
    assert_non_null(strstr(js, "\"conflicts\":[{\"date\":\"2022-01-22\",\"values\":[39,40],"
                               "\"docs\":[\"001\"]}]}\n"));
    free(js);
    rasd_series_free(s, n);
}

/* A toll placed only in the country («في سوريا») belongs to the series of the town the
 * story's other figures name; a second town keeps its own series. */
static void test_country_joins_town(void **state)
{
    (void)state;
    rasd_series_fig f[] = {
        fig("001", "2022-01-21", "sohr", 39, S39, "39"),
        fig("002", "2022-01-23", "sohr", 61, S61, "61"),
        fig("008", "2022-01-27", "sohr", 130, S130, "130"),
    };
    f[1].location = "sy";
    f[2].location = "diyala";
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 3, &s, &n), RASD_OK);
    assert_int_equal(n, 2);
    const rasd_series *h = strcmp(s[0].location, "hasakah") == 0 ? &s[0] : &s[1];
    assert_string_equal(h->location, "hasakah");
    assert_int_equal(h->npoints, 2);
    rasd_series_free(s, n);
}

/* A prison, its quarter and its town are one site: one series at the prison. */
static void test_nesting_places_join(void **state)
{
    (void)state;
    static const char A[] = "قتل 12 سجينا داخل سجن غويران في الحسكة خلال الاشتباكات";
    static const char B[] = "قتل 15 سجينا في حي غويران بعد اشتباكات عنيفة";
    static const char C[] = "ارتفع عدد القتلى في مدينة الحسكة إلى 20 قتيلا";
    rasd_series_fig f[] = {
        fig("101", "2022-01-21", "sohr", 12, A, "12"),
        fig("102", "2022-01-22", "sohr", 15, B, "15"),
        fig("103", "2022-01-23", "sohr", 20, C, "20"),
        fig("104", "2022-01-23", "sohr", 7, C, "20"),
    };
    f[0].location = "ghwayran_prison";
    f[1].location = "ghwayran";
    f[2].location = "hasakah";
    f[3].location = "diyala"; /* another country's town: another site */
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 4, &s, &n), RASD_OK);
    assert_int_equal(n, 2);
    const rasd_series *h = strcmp(s[0].location, "diyala") ? &s[0] : &s[1];
    assert_string_equal(h->location, "ghwayran_prison");
    assert_int_equal(h->npoints, 3);
    assert_int_equal(h->estimate, 2);
    rasd_series_free(s, n);
}

/* A national count since the war began is no toll of the event: its own series. */
static void test_national_total_apart(void **state)
{
    (void)state;
    static const char W[] = "وارتفع عدد القتلى منذ اندلاع النزاع في سوريا إلى 240381 شخصا";
    rasd_series_fig f[] = {
        fig("001", "2022-01-21", "sohr", 39, S39, "39"),
        fig("002", "2022-01-23", "sohr", 61, S61, "61"),
        fig("105", "2022-01-24", "sohr", 240381, W, "240381"),
        fig("106", "2022-01-24", NULL, 1332, S39, "39"),
    };
    f[2].location = "sy";
    f[3].location = "iq"; /* a country where the story has no site: stands at its level */
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 4, &s, &n), RASD_OK);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(s[i].location, "hasakah")) {
            assert_int_equal(s[i].npoints, 2);
            assert_int_equal(s[i].war, 0);
            assert_int_equal(s[i].estimate, 1);
        } else if (!strcmp(s[i].location, "sy")) {
            assert_int_equal(s[i].war, 1);
            assert_int_equal(s[i].npoints, 1);
        } else {
            assert_string_equal(s[i].location, "iq");
            assert_int_equal(s[i].war, 0);
        }
    }
    /* without its war cue a figure placed only in Syria joins the story's one Syrian site */
    f[2].sentence = S61;
    f[2].sentence_len = strlen(S61);
    rasd_series_free(s, n);
    assert_int_equal(rasd_series_build(f, 4, &s, &n), RASD_OK);
    assert_int_equal(n, 2);
    rasd_series_free(s, n);
}

/* Each unattributed figure is its own source: one big one does not make later tolls
 * parts. */
static void test_unattributed_outlier(void **state)
{
    (void)state;
    static const char U1[] = "قتل 300 شخص في الهجوم على السجن";
    static const char U2[] = "قتل 40 شخصا في الهجوم على السجن";
    rasd_series_fig f[] = {
        fig("107", "2022-01-21", NULL, 300, U1, "300"),
        fig("108", "2022-01-23", NULL, 40, U2, "40"),
        fig("109", "2022-01-24", NULL, 45, U2, "40"),
    };
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 3, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    assert_int_equal(x->partial[1], 0);
    assert_int_equal(x->partial[2], 0);
    /* but the counts fell with no cue of a toll so far: no one of them is the toll */
    assert_true(x->separate);
    assert_false(x->has_estimate);
    rasd_series_free(s, n);
    /* a named source's earlier toll still makes its own small figure a part */
    f[0].source = f[1].source = "sohr";
    assert_int_equal(rasd_series_build(f, 3, &s, &n), RASD_OK);
    assert_int_equal(s[0].partial[1], 1);
    rasd_series_free(s, n);
}

/* A front's daily clashes, one series by group and place: the counts go up and down from
 * day to day, so they are separate incidents and the latest is no toll; a day's counts
 * that differ among themselves (27 and 32 of one bombing) do not make it so, nor does a
 * later day that gives the toll so far. */
static void test_separate_incidents(void **state)
{
    (void)state;
    static const char C7[] = "قتل 7 من عناصر داعش في اشتباكات مع القوات في المدينة";
    static const char C13[] = "قتل 13 من عناصر داعش في اشتباكات مع القوات في المدينة";
    static const char C10[] = "قتل 10 من عناصر داعش في اشتباكات مع القوات في المدينة";
    static const char T[] = "ارتفعت حصيلة قتلى داعش إلى 35 منذ بدء المعارك في المدينة";
    rasd_series_fig f[] = {
        fig("201", "2022-02-01", "military", 7, C7, "7"),
        fig("202", "2022-02-02", "military", 13, C13, "13"),
        fig("203", "2022-02-03", "military", 10, C10, "10"),
        fig("204", "2022-02-04", "military", 35, T, "35"),
    };
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 3, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    if (!x->separate || x->has_estimate)
        fail_msg("daily counts 7, 13, 10: got separate %d, estimate %d; wanted separate, none",
                 x->separate, x->has_estimate);
    char *js;
    size_t len;
    assert_int_equal(rasd_series_json(x, f, "s1", &js, &len), RASD_OK);
    assert_non_null(strstr(js, "\"separate\":true,"));
    assert_non_null(strstr(js, "\"estimate\":null"));
    free(js);
    rasd_series_free(s, n);
    /* the fourth day gives the toll so far */
    assert_int_equal(rasd_series_build(f, 4, &s, &n), RASD_OK);
    x = only(s, n);
    assert_false(x->separate);
    assert_true(x->has_estimate);
    assert_int_equal(f[x->estimate].value, 35);
    rasd_series_free(s, n);
    /* one day's counts of one bombing differ, the next day's lies between them */
    rasd_series_fig g[] = {
        fig("301", "2022-02-01", "ministry", 27, C7, "7"),
        fig("302", "2022-02-01", "monitor", 32, C13, "13"),
        fig("303", "2022-02-02", "wire", 30, C10, "10"),
    };
    at_least(&g[2]);
    assert_int_equal(rasd_series_build(g, 3, &s, &n), RASD_OK);
    x = only(s, n);
    assert_false(x->separate);
    assert_true(x->has_estimate);
    rasd_series_free(s, n);
}

/* A party's count of its enemy's dead is shown, never the estimate; the monitor's toll
 * is chosen over an official's on the same day. */
static void test_claim_shown_not_chosen(void **state)
{
    (void)state;
    static const char K[] = "أعلن تنظيم داعش أنه قتل 150 من عناصر قسد في الهجوم";
    static const char M[] = "قتل 40 من عناصر قسد في الهجوم بحسب المرصد";
    rasd_series_fig f[] = {
        fig("110", "2022-01-24", "sohr", 40, M, "40"),
        fig("111", "2022-01-25", "isis", 150, K, "150"),
        fig("112", "2022-01-25", "sohr", 44, M, "40"),
        fig("113", "2022-01-25", "health_ministry", 43, M, "40"),
        fig("114", "2022-01-25", "interior_ministry", 47, M, "40"),
    };
    for (size_t i = 0; i < 5; i++)
        f[i].group = "sdf";
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 5, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    assert_int_equal(x->npoints, 5);
    size_t k = 0;
    while (x->points[k] != 1)
        k++;
    assert_int_equal(x->claim[k], 1);
    assert_int_equal(x->estimate, 2);         /* monitor before health ministry: cited more */
    assert_int_equal(x->estimate_low, 43);
    assert_int_equal(x->estimate_high, 47);   /* the claim's 150 is outside the range */
    char *js;
    size_t len;
    assert_int_equal(rasd_series_json(x, f, "s1", &js, &len), RASD_OK);
    assert_non_null(strstr(js, "\"value\":150,"));
    assert_non_null(strstr(js, "\"claim\":true"));
    free(js);
    rasd_series_free(s, n);
    /* a party's count of its own dead is no claim */
    f[1].group = "isis";
    f[1].source = "amaq";
    f[1].category = "killed";
    assert_int_equal(rasd_series_build(f, 2, &s, &n), RASD_OK);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s[i].group, "isis"))
            assert_int_equal(s[i].claim[0], 0);
    rasd_series_free(s, n);
}

/* «28 على الأقل» and 30 can both be true; 28 and 35, both exact, cannot. */
static void test_conflicts_by_bounds(void **state)
{
    (void)state;
    static const char L[] = "قتل 28 شخصا على الأقل في الهجوم";
    static const char A[] = "قتل نحو 30 شخصا في الهجوم";
    rasd_series_fig f[] = {
        fig("115", "2022-01-25", "sohr", 28, L, "28"),
        fig("116", "2022-01-25", "health_ministry", 30, S39, "39"),
    };
    at_least(&f[0]);
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 2, &s, &n), RASD_OK);
    assert_int_equal(only(s, n)->nconflicts, 0);
    rasd_series_free(s, n);
    /* «نحو 30» against 31 */
    f[0] = fig("115", "2022-01-25", "sohr", 30, A, "30");
    f[0].qualifier = "approx";
    f[1].value = f[1].low = f[1].high = 31;
    assert_int_equal(rasd_series_build(f, 2, &s, &n), RASD_OK);
    assert_int_equal(only(s, n)->nconflicts, 0);
    rasd_series_free(s, n);
    /* 28 exact against 35 exact */
    f[0] = fig("115", "2022-01-25", "sohr", 28, L, "28");
    f[1].value = f[1].low = f[1].high = 35;
    assert_int_equal(rasd_series_build(f, 2, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    assert_int_equal(x->nconflicts, 1);
    assert_int_equal(x->conflicts[0].values[0], 28);
    assert_int_equal(x->conflicts[0].values[1], 35);
    rasd_series_free(s, n);
}

/* «at least 14» says all «at least 11» says and more: it is the estimate however often
 * the 11 is cited (Damaturu, 26 July 2015: witnesses' 11 and a hospital's 14). */
static void test_higher_lower_bound(void **state)
{
    (void)state;
    static const char L11[] = "قتل 11 شخصا على الأقل في التفجير بحسب شهود";
    static const char L14[] = "قتل 14 شخصا على الأقل في التفجير";
    rasd_series_fig f[] = {
        fig("201", "2015-07-26", "witnesses", 11, L11, "11"),
        fig("202", "2015-07-26", "witnesses", 11, L11, "11"),
        fig("203", "2015-07-26", "hospital", 14, L14, "14"),
    };
    for (size_t i = 0; i < 3; i++)
        at_least(&f[i]);
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 3, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    assert_int_equal(x->estimate, 2);
    assert_int_equal(x->nconflicts, 0);
    rasd_series_free(s, n);
}

/* A massacre of last month, reported today, is dated by the day it refers to. */
static void test_refers_to_moves_point(void **state)
{
    (void)state;
    static const char P[] = "وكان 80 شخصا قد قتلوا في مجزرة ارتكبها التنظيم في القرية الشهر الماضي";
    rasd_series_fig f[] = {
        fig("117", "2022-01-20", "sohr", 30, S39, "39"),
        fig("118", "2022-01-27", NULL, 80, P, "80"),
    };
    f[1].day = day("2021-12-15");
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 2, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    assert_int_equal(x->points[0], 1);
    assert_int_equal(x->days[0], day("2021-12-15"));
    assert_int_equal(x->estimate, 0); /* the latest day's toll is 30, not last month's 80 */
    rasd_series_free(s, n);
}

static const char SUP[] = "ارتفعت حصيلة قتلى التفجير إلى 15 بعدما كانت الحصيلة الأولية 10 قتلى";
static const char SUP2[] = "قتل 50 شخصا في الهجمات بعدما كانت تحدثت مصادر عن 20 قتيلا";

static const char INIT[] = "وأفاد مسؤول تركي بأن حصيلة القتلى الأولية هي 10 ضحايا";
static const char OFFICIAL31[] = "وأفادت حصيلة رسمية بأن الهجوم أسفر عن 31 قتيلا على الأقل";

static void test_initial_toll(void **state)
{
    (void)state;
    /* an initial toll, its noun between «حصيلة» and «الأولية», does not stand beside the
     * official one of the same day */
    rasd_series_fig f[] = {
        fig("025", "2015-07-21", "official", 10, INIT, "10"),
        fig("026", "2015-07-21", NULL, 31, OFFICIAL31, "31"),
    };
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 2, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    assert_int_equal(rasd_series_partial_cue(&f[0]), 1);
    assert_int_equal(x->estimate, 1);
    assert_int_equal(x->estimate_low, 31);
    rasd_series_free(s, n);
}

static void test_earlier_toll_restated(void **state)
{
    (void)state;
    /* a toll since superseded, restated beside the new one, is neither chosen nor in the
     * range; the new toll after it is untouched by the cue that follows it */
    rasd_series_fig f[] = {
        fig("020", "2022-01-24", "sohr", 15, SUP, "15"),
        fig("020", "2022-01-24", "sohr", 10, SUP, "10"),
        fig("021", "2022-01-24", NULL, 50, SUP2, "50"),
        fig("021", "2022-01-24", NULL, 20, SUP2, "20"),
    };
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 4, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    for (size_t i = 0; i < x->npoints; i++) {
        int64_t v = f[x->points[i]].value;
        assert_int_equal(x->partial[i], v == 10 || v == 20);
    }
    assert_true(x->has_estimate);
    assert_int_equal(x->estimate_partial, 0);
    assert_int_equal(x->estimate_low, 15);
    assert_int_equal(x->estimate_high, 50);
    rasd_series_free(s, n);
}

static const char PART[] = "وثق المرصد مقتل 71781 مدنيا بينهم 11964 طفلا منذ بداية العام";

static void test_part_not_in_range(void **state)
{
    (void)state;
    rasd_series_fig f[] = {
        fig("022", "2022-01-24", "sohr", 71781, PART, "71781"),
        fig("022", "2022-01-24", "sohr", 11964, PART, "11964"),
    };
    assert_int_equal(rasd_series_partial_cue(&f[0]), 0);
    assert_int_equal(rasd_series_partial_cue(&f[1]), 1);
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 2, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    assert_int_equal(x->estimate, 0);
    assert_int_equal(x->estimate_low, 71781);
    assert_int_equal(x->estimate_high, 71781);
    rasd_series_free(s, n);
}

static const char PERIOD[] = "قتل 800 مدني على الأقل في شهرين من هجمات الجماعة في الولاية";
static const char EVENT13[] = "قتل 13 شخصا في تفجير انتحاري استهدف سوقا في المدينة";

static const char SINCE[] = "وقتلت الجماعة حوالي عشرة آلاف شخص منذ عام 2009 واختطفت المئات";

static void test_since_year_apart(void **state)
{
    (void)state;
    rasd_series_fig f[] = {
        fig("027", "2015-07-23", NULL, 15, EVENT13, "13"),
        fig("028", "2015-07-24", NULL, 10000, SINCE, "عشرة آلاف"),
    };
    f[0].value = f[0].low = f[0].high = 15;
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 2, &s, &n), RASD_OK);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(f[s[i].estimate].value, s[i].war ? 10000 : 15);
    rasd_series_free(s, n);
}

static void test_period_total_apart(void **state)
{
    (void)state;
    /* a two months' total is no event's toll: its own series, the event's 13 stands */
    rasd_series_fig f[] = {
        fig("023", "2022-01-24", NULL, 13, EVENT13, "13"),
        fig("024", "2022-01-25", "hrw", 800, PERIOD, "800"),
    };
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 2, &s, &n), RASD_OK);
    assert_int_equal(n, 2);
    int wars = 0;
    for (size_t i = 0; i < n; i++) {
        wars += s[i].war;
        assert_true(s[i].has_estimate);
        assert_int_equal(f[s[i].estimate].value, s[i].war ? 800 : 13);
    }
    assert_int_equal(wars, 1);
    rasd_series_free(s, n);
}

static const char KIL[] = "قال المرصد إن طائرات التحالف قتلت 3042 من داعش والنصرة";
static const char TOT[] = "وأشار المرصد إلى ارتفاع العدد الإجمالي للقتلى إلى 3216 على الأقل";

static void test_below_own_total(void **state)
{
    (void)state;
    /* one article: its toll so far (3216) and a smaller figure beside it (3042, part of
     * it) from the same source or from none (its subheading); another article's 3042,
     * alone, is not judged by it */
    rasd_series_fig f[] = {
        fig("030", "2015-07-23", "sohr", 3042, KIL, "3042"),
        fig("030", "2015-07-23", "sohr", 3216, TOT, "3216"),
        fig("031", "2015-07-23", "sohr", 3042, KIL, "3042"),
        fig("032", "2015-07-23", NULL, 3000, KIL, "3042"),
        fig("030", "2015-07-23", NULL, 3042, KIL, "3042"), /* its subheading, no source */
    };
    f[4].start = 10;
    f[4].end = 14;
    rasd_series *s;
    size_t n;
    assert_int_equal(rasd_series_build(f, 5, &s, &n), RASD_OK);
    const rasd_series *x = only(s, n);
    for (size_t i = 0; i < x->npoints; i++) {
        const rasd_series_fig *p = &f[x->points[i]];
        int want = !strcmp(p->doc, "030") && p->value == 3042;
        if (x->partial[i] != want)
            printf("doc %s value %lld: got partial %d, wanted %d\n", p->doc,
                   (long long)p->value, x->partial[i], want);
        assert_int_equal(x->partial[i], want);
    }
    rasd_series_free(s, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partial_never_replaces),
        cmocka_unit_test(test_cues_in_clause),
        cmocka_unit_test(test_smaller_than_earlier_toll),
        cmocka_unit_test(test_latest_and_most_cited),
        cmocka_unit_test(test_cited_by_documents),
        cmocka_unit_test(test_all_partial),
        cmocka_unit_test(test_series_split_and_join),
        cmocka_unit_test(test_dated_by_report),
        cmocka_unit_test(test_since_day_as_of_report),
        cmocka_unit_test(test_series_json),
        cmocka_unit_test(test_country_joins_town),
        cmocka_unit_test(test_nesting_places_join),
        cmocka_unit_test(test_national_total_apart),
        cmocka_unit_test(test_unattributed_outlier),
        cmocka_unit_test(test_claim_shown_not_chosen),
        cmocka_unit_test(test_separate_incidents),
        cmocka_unit_test(test_conflicts_by_bounds),
        cmocka_unit_test(test_higher_lower_bound),
        cmocka_unit_test(test_refers_to_moves_point),
        cmocka_unit_test(test_earlier_toll_restated),
        cmocka_unit_test(test_initial_toll),
        cmocka_unit_test(test_part_not_in_range),
        cmocka_unit_test(test_period_total_apart),
        cmocka_unit_test(test_since_year_apart),
        cmocka_unit_test(test_below_own_total),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
