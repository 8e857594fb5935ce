/* The extraction library API: handles, callbacks, offsets, the three output formats. */
#include "common/harness.h"
#include "rasd.h"

static rasd_extractor *X;

struct figs {
    rasd_figure f[16];
    int n;
    int stop_after;   /* return non-zero after this many (0: never) */
};

static int keep(void *ud, const rasd_doc *doc, const rasd_figure *f)
{
    struct figs *g = ud;
    (void)doc;
    if (g->n < 16)
        g->f[g->n++] = *f;
    return g->stop_after && g->n >= g->stop_after ? 42 : 0;
}

static rasd_doc text_doc(const char *text)
{
    rasd_doc d;
    memset(&d, 0, sizeof d);
    d.id = "t";
    d.text = text;
    d.text_len = strlen(text);
    d.published = "2022-01-22";
    d.title_in_text = 1;
    d.kind = RASD_INPUT_TEXT;
    return d;
}

static const char S1[] = "وأوقعت الاشتباكات، وفق المرصد، 39 قتيلا من تنظيم الدولة الإسلامية "
                         "و23 من القوات الأمنية الكردية وخمسة مدنيين.";

static void test_handles(void **state)
{
    (void)state;
    rasd_extractor_free(NULL);
    rasd_doc d = text_doc(S1);
    struct figs g = {0};
    assert_int_equal(rasd_extract(NULL, &d, keep, &g), RASD_EINVAL);
    assert_int_equal(rasd_extract(X, NULL, keep, &g), RASD_EINVAL);
    assert_int_equal(rasd_extract(X, &d, NULL, &g), RASD_EINVAL);
}

static void test_offsets_and_fields(void **state)
{
    (void)state;
    rasd_doc d = text_doc(S1);
    struct figs g = {0};
    assert_int_equal(rasd_extract(X, &d, keep, &g), RASD_OK);
    assert_int_equal(g.n, 3);
    const rasd_figure *f = &g.f[0];
    assert_string_equal(f->category, "killed");
    assert_string_equal(f->group, "isis");
    assert_true(f->has_value && f->value == 39 && f->low == 39 && f->high == 39);
    assert_string_equal(f->qualifier, "exact");
    assert_string_equal(f->unit, "person");
    assert_string_equal(f->source, "sohr");
    assert_mem_str(f->source_text, f->source_len, "المرصد");
    assert_string_equal(f->date, "2022-01-22");
    assert_mem_str(S1 + f->start, f->end - f->start, "39 قتيلا");
    assert_int_equal(f->sent_start, 0);
    assert_int_equal(f->sent_end, strlen(S1));
    assert_string_equal(g.f[1].group, "sdf");
    assert_string_equal(g.f[1].actor, "asayish");
    assert_string_equal(g.f[2].group, "civilians");
    assert_int_equal(g.f[2].value, 5);
}

static void test_callback_stops(void **state)
{
    (void)state;
    rasd_doc d = text_doc(S1);
    struct figs g = {0};
    g.stop_after = 1;
    assert_int_equal(rasd_extract(X, &d, keep, &g), 42);
    assert_int_equal(g.n, 1);
}

static void test_title_field(void **state)
{
    (void)state;
    static const char title[] = "مقتل 5 مدنيين بغارة";
    rasd_doc d = text_doc("وأصيب 12 شخصا.");
    d.title = title;
    d.title_len = strlen(title);
    d.title_in_text = 0;
    d.kind = RASD_INPUT_JSONL;
    struct figs g = {0};
    assert_int_equal(rasd_extract(X, &d, keep, &g), RASD_OK);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.f[0].field, 1);
    assert_string_equal(g.f[0].category, "killed");
    assert_mem_str(title + g.f[0].start, g.f[0].end - g.f[0].start, "مقتل 5 مدنيين");
    assert_int_equal(g.f[1].field, 0);
    assert_string_equal(g.f[1].category, "injured");
}

static void test_formats(void **state)
{
    (void)state;
    rasd_doc d = text_doc(S1);
    struct figs g = {0};
    char *out = NULL;
    size_t len = 0;
    int fmt = -1;
    assert_int_equal(rasd_extract(X, &d, keep, &g), RASD_OK);
    assert_int_equal(rasd_figure_format_kind("tsv", &fmt), RASD_OK);
    assert_int_equal(fmt, RASD_FIG_TSV);
    assert_int_equal(rasd_figure_format_kind("xml", &fmt), RASD_ENOTFOUND);

    assert_int_equal(rasd_figure_format(&d, &g.f[2], RASD_FIG_JSONL, 0, &out, &len), RASD_OK);
    assert_int_equal(strlen(out), len);
    assert_non_null(strstr(out, "{\"type\":\"figure\",\"doc\":\"t\",\"category\":\"killed\","
                                "\"group\":\"civilians\",\"actor\":\"civilians\",\"value\":5,"
                                "\"low\":5,\"high\":5,\"qualifier\":\"exact\",\"unit\":\"person\","
                                "\"source\":\"sohr\",\"source_text\":\"المرصد\",\"location\":null,"
                                "\"date\":\"2022-01-22\",\"start\":"));
    assert_null(strstr(out, "\"field\""));
    assert_int_equal(out[len - 1], '\n');
    free(out);

    assert_int_equal(rasd_figure_format(&d, &g.f[0], RASD_FIG_JSONL, 1, &out, &len), RASD_OK);
    assert_non_null(strstr(out, ",\"field\":\"text\",\"text\":\""));
    free(out);

    assert_int_equal(rasd_figure_format(&d, &g.f[0], RASD_FIG_TSV, 0, &out, &len), RASD_OK);
    int tabs = 0;
    for (size_t i = 0; i < len; i++)
        tabs += out[i] == '\t';
    int htabs = 0;
    for (const char *h = rasd_figure_header(RASD_FIG_TSV); *h; h++)
        htabs += *h == '\t';
    assert_int_equal(tabs, htabs);
    assert_int_equal(strncmp(out, "t\tkilled\tisis\tisis\t39\t39\t39\texact\t", 34), 0);
    free(out);

    assert_int_equal(rasd_figure_format(&d, &g.f[0], RASD_FIG_PRETTY, 0, &out, &len), RASD_OK);
    assert_non_null(strstr(out, "\xE2\x81\xA7" "39 قتيلا" "\xE2\x81\xA9\n"));
    free(out);
    assert_int_equal(rasd_figure_format(&d, &g.f[0], 7, 0, &out, &len), RASD_EINVAL);
}

static void test_hostile_bytes(void **state)
{
    (void)state;
    static const char bad[] = "قتل \0 5 \xff\xfe مدنيين \xd9 و\x80 11 جنديا";
    rasd_doc d = text_doc("");
    d.text = bad;
    d.text_len = sizeof bad - 1;
    struct figs g = {0};
    assert_int_equal(rasd_extract(X, &d, keep, &g), RASD_OK);
    for (int i = 0; i < g.n; i++)
        assert_true(g.f[i].start < g.f[i].end && g.f[i].end <= d.text_len);
    d.text_len = 0;
    g.n = 0;
    assert_int_equal(rasd_extract(X, &d, keep, &g), RASD_OK);
    assert_int_equal(g.n, 0);
}

/* A run-on text (no sentence end) far longer than the sentence cap is read without
 * stalling, and what it shows of the sentence stays bounded. */
static void test_run_on_sentence(void **state)
{
    (void)state;
    static const char unit[] = "قتل 5 مدنيين بقصف و";
    size_t reps = 20000, ul = sizeof unit - 1;
    char *big = malloc(reps * ul + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * ul, unit, ul);
    big[reps * ul] = 0;
    rasd_doc d = text_doc(big);
    struct figs g = {0};
    assert_int_equal(rasd_extract(X, &d, keep, &g), RASD_OK);
    assert_true(g.n > 0);
    assert_true(g.f[0].sent_end - g.f[0].sent_start < 20000);
    free(big);
}

/* A count past any toll of people is no figure, and bounds never pass it. */
static void test_huge_counts(void **state)
{
    (void)state;
    static const char *const texts[] = {
        /* «أسفر القصف عن مقتل 99999999999999999999 مدنيا» */
        "\xd8\xa3\xd8\xb3\xd9\x81\xd8\xb1 \xd8\xa7\xd9\x84\xd9\x82\xd8\xb5\xd9\x81 \xd8\xb9\xd9\x86 \xd9\x85\xd9\x82\xd8\xaa\xd9\x84 99999999999999999999 \xd9\x85\xd8\xaf\xd9\x86\xd9\x8a\xd8\xa7",
        /* «أسفر القصف عن مقتل بين 1 و999999999999999999999 مدنيا» */
        "\xd8\xa3\xd8\xb3\xd9\x81\xd8\xb1 \xd8\xa7\xd9\x84\xd9\x82\xd8\xb5\xd9\x81 \xd8\xb9\xd9\x86 \xd9\x85\xd9\x82\xd8\xaa\xd9\x84 \xd8\xa8\xd9\x8a\xd9\x86 1 \xd9\x88" "999999999999999999999 \xd9\x85\xd8\xaf\xd9\x86\xd9\x8a\xd8\xa7",
        /* «أسفر القصف عن مقتل بين 10 و900000000 مدني» */
        "\xd8\xa3\xd8\xb3\xd9\x81\xd8\xb1 \xd8\xa7\xd9\x84\xd9\x82\xd8\xb5\xd9\x81 \xd8\xb9\xd9\x86 \xd9\x85\xd9\x82\xd8\xaa\xd9\x84 \xd8\xa8\xd9\x8a\xd9\x86 10 \xd9\x88" "900000000 \xd9\x85\xd8\xaf\xd9\x86\xd9\x8a",
    };
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        struct figs g = {.n = 0};
        rasd_doc d = text_doc(texts[k]);
        assert_int_equal(rasd_extract(X, &d, keep, &g), RASD_OK);
        assert_int_equal(g.n, 0);
    }
    struct figs g = {.n = 0};
    /* «أسفر القصف عن مقتل بين 10 و20 مدنيا»: a range well within bounds still is one */
    rasd_doc d = text_doc("\xd8\xa3\xd8\xb3\xd9\x81\xd8\xb1 \xd8\xa7\xd9\x84\xd9\x82\xd8\xb5\xd9\x81 \xd8\xb9\xd9\x86 \xd9\x85\xd9\x82\xd8\xaa\xd9\x84 \xd8\xa8\xd9\x8a\xd9\x86 10 \xd9\x88" "20 \xd9\x85\xd8\xaf\xd9\x86\xd9\x8a\xd8\xa7");
    assert_int_equal(rasd_extract(X, &d, keep, &g), RASD_OK);
    assert_int_equal(g.n, 1);
    assert_true(g.f[0].has_low && g.f[0].low == 10 && g.f[0].has_high && g.f[0].high == 20);
}

/* A newspaper named as the one told («لصحيفة الرياض», «ل"الرياض"», «علمت «الرياض»»), a
 * dateline («واس- الرياض:», «الرياض - واس:»), a family name from a town («عسيري») and a
 * man's name or an everyday word spelt like a place say where a report was written or
 * read, or nothing, not where its figures happened. */
static void test_press_and_datelines(void **state)
{
    (void)state;
    static const struct {
        const char *text, *location; /* NULL: no place */
    } cases[] = {
        {"وقالت مصادر ل\"الرياض\" ان 22 من الحوثيين قتلوا في المواجهات.", NULL},
        {"علمت «الرياض» أن 5 جنود قتلوا في الاشتباكات.", NULL},
        {"وقال مسؤول لصحيفة الرياض إن أربعة أشخاص قتلوا في انفجار في الرياض.", "riyadh"},
        {"وقال مسؤول لصحيفة الرياض إن أربعة أشخاص قتلوا في انفجار في أبها.", "abha"},
        {"واس- الرياض: قتل 10 أشخاص في انفجار في أبها.", "abha"},
        {"الرياض - واس: قتل 7 أشخاص في هجوم على مسجد في أبها.", "abha"},
        {"الرياض: قتل 3 أشخاص في هجوم انتحاري.", NULL},
        {"وقتل 6 أشخاص في هجوم على مسجد في الرياض.", "riyadh"},
        /* a town's nisba is a family name or an adjective; a country's still says where */
        {"وقال المتحدث باسم التحالف العميد أحمد عسيري إن 12 من الحوثيين قتلوا في غارات.", NULL},
        {"وقتل 4 جنود في هجوم انتحاري استهدف الجيش العراقي.", "iq"},
        {"وقتل 5 جنود في هجوم للتنظيم في الموصل.", "mosul"},
        /* al-Husaybah al-Sharqiyah by Ramadi is not Husaybah by al-Qa'im */
        {"وقتل 12 عنصرا من داعش في غارات على منطقة حصيبة الشرقية شرقي الرمادي.", "husaybah_sharqiyah"},
        {"وقتل 5 جنود في هجوم لداعش على حصيبة قرب الحدود السورية.", "qaim"},
        /* a sheikh named after a district of Aden; «مشهد» a scene, not the Iranian city */
        {"وقال الشيخ عثمان بن ناصر العثمان إن 5 مصلين قتلوا في التفجير الإرهابي.", NULL},
        {"وفي مشهد مؤلم قتل 8 أشخاص في هجوم انتحاري.", NULL},
        /* the place of the article, read as the article reads it: Riyadh, not al-Riyad of
         * Kirkuk listed first under the same name */
        {"الرياض - محمد الحيدر\nزار مصابي الحادث الإرهابي بعسير في مستشفى قوى الأمن في الرياض.\n"
         "وأكد أن خمسة من المصابين في الهجوم الإرهابي سيخرجون قريبا.", "riyadh"},
    };
    int bad = 0;
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        struct figs g = {.n = 0};
        rasd_doc d = text_doc(cases[k].text);
        d.published = "2015-08-06";
        assert_int_equal(rasd_extract(X, &d, keep, &g), RASD_OK);
        const char *got = g.n == 1 ? (g.f[0].location ? g.f[0].location : "(none)") : "(no one figure)";
        const char *want = cases[k].location ? cases[k].location : "(none)";
        if (strcmp(got, want)) {
            printf("%s\n  got location %s, wanted %s\n", cases[k].text, got, want);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

int main(void)
{
    if (rasd_extractor_create(&X) != RASD_OK) {
        printf("cannot load the extraction lexicons\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handles),
        cmocka_unit_test(test_offsets_and_fields),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_title_field),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_hostile_bytes),
        cmocka_unit_test(test_run_on_sentence),
        cmocka_unit_test(test_huge_counts),
        cmocka_unit_test(test_press_and_datelines),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rasd_extractor_free(X);
    return rc;
}
