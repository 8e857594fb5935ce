/* Unit tests of src/quant: calendar arithmetic, the internal num_find/date_find contracts
 * the extractor relies on (token ranges, counted nouns, dates excluded from numbers), and
 * rasd_tag_text's errors and offsets. */
#include "common/harness.h"
#include "quant/cal.h"
#include "quant/date.h"
#include "quant/num.h"
#include "rasd.h"
#include <math.h>

static void test_cal(void **state)
{
    (void)state;
    struct date_ymd d;
    assert_int_equal(cal_days(1970, 1, 1), 0);
    d = cal_from_days(cal_days(2024, 2, 29));
    assert_int_equal(d.y * 10000 + d.m * 100 + d.d, 20240229);
    d = cal_from_days(cal_days(2023, 14, 1)); /* months past 12 roll over */
    assert_int_equal(d.y * 100 + d.m, 202402);
    assert_int_equal(cal_weekday(cal_days(2013, 2, 12)), 2); /* a Tuesday */
    assert_int_equal(cal_weekday(cal_days(2022, 1, 21)), 5); /* a Friday */
    assert_int_equal(cal_month_len(2000, 2), 29);
    assert_int_equal(cal_month_len(1900, 2), 28);
    d = cal_from_days(cal_easter_days(2024));
    assert_int_equal(d.m * 100 + d.d, 331);
    /* Ramadan 1443 began on 2 April 2022 (Umm al-Qura) */
    d = cal_from_days(cal_hijri_days(1443, 9, 1));
    assert_int_equal(d.y * 10000 + d.m * 100 + d.d, 20220402);
    d = cal_from_days(cal_hijri_days(1436, 10, 1)); /* Eid al-Fitr 2015 */
    assert_int_equal(d.y * 10000 + d.m * 100 + d.d, 20150717);
    d = cal_from_days(cal_hijri_days(1440, 13, 1)); /* month 13 is next year's Muharram */
    assert_int_equal(d.y * 10000 + d.m * 100 + d.d, 20190831);
    for (int hm = 1; hm <= 240; hm++) { /* twenty years of months of 29 or 30 days */
        int64_t len = cal_hijri_days(1430, hm + 1, 1) - cal_hijri_days(1430, hm, 1);
        assert_true(len == 29 || len == 30);
    }
    /* before 1300 AH: the arithmetical calendar, 1 Muharram 1 AH = 622-07-16 (Julian) */
    assert_int_equal(cal_hijri_days(1, 1, 1), -492148);
    assert_int_equal(cal_hijri_year(cal_days(2022, 1, 25)), 1443);
    assert_true(cal_parse_iso("2022-01-25", 10, &d));
    assert_false(cal_parse_iso("2022-02-30", 10, &d));
    assert_false(cal_parse_iso("2022-1-25", 9, &d));
    char buf[11];
    cal_format((struct date_ymd){2022, 1, 5}, buf);
    assert_string_equal(buf, "2022-01-05");
}

struct doc {
    rasd_text t;
    rasd_tokens tk;
};

static void doc_open(struct doc *d, const char *s)
{
    memset(d, 0, sizeof *d);
    assert_int_equal(rasd_normalize(s, strlen(s), RASD_NORM_EXTRACT, &d->t, NULL), RASD_OK);
    assert_int_equal(rasd_tokenize(&d->t, &d->tk), RASD_OK);
}

static void doc_close(struct doc *d)
{
    rasd_tokens_free(&d->tk);
    rasd_text_free(&d->t);
}

/* The original text of tokens [a, b). */
static void assert_toks(const char *s, const struct doc *d, uint32_t a, uint32_t b,
                        const char *want)
{
    size_t st = d->tk.tok[a].start, en = d->tk.tok[b - 1].end;
    assert_mem_str(s + st, en - st, want);
}

static void test_num_tokens(void **state)
{
    (void)state;
    const char *s = "قتل أكثر من أربعين جهاديا وجنديين و مدني واحد";
    struct doc d;
    struct num_list nl = {0};
    doc_open(&d, s);
    assert_int_equal(num_find(&d.t, &d.tk, 0, (uint32_t)d.tk.ntok, NULL, &nl), RASD_OK);
    assert_int_equal(nl.n, 3);
    const struct num_match *m = &nl.v[0];
    assert_toks(s, &d, m->tok_first, m->tok_last, "أكثر من أربعين");
    assert_toks(s, &d, m->num_first, m->num_last, "أربعين");
    assert_int_equal(m->qual, NUMQ_MORE_THAN);
    assert_int_equal(m->low, 41);
    assert_false(m->has_high);
    assert_int_equal(m->noun_tok, NUM_NO_TOK);
    m = &nl.v[1];
    assert_true(m->has_value && m->value == 2);
    assert_int_not_equal(m->noun_tok, NUM_NO_TOK);
    assert_toks(s, &d, m->noun_tok, m->noun_tok + 1, "وجنديين");
    m = &nl.v[2];
    assert_true(m->value == 1);
    assert_toks(s, &d, m->noun_tok, m->noun_tok + 1, "مدني");
    assert_toks(s, &d, m->num_first, m->num_last, "واحد");
    assert_int_equal(m->start, d.tk.tok[m->tok_first].start);
    num_list_free(&nl);
    doc_close(&d);
}

static void test_dates_exclude_numbers(void **state)
{
    (void)state;
    const char *s = "في 21 يناير الجاري قتل 5 وفي عام 2019 اعتقل 12 ألف";
    struct doc d;
    struct date_list dl = {0};
    struct num_list nl = {0};
    struct date_ctx ctx = {{2022, 1, 25}, 0};
    doc_open(&d, s);
    assert_int_equal(date_find(&d.t, &d.tk, 0, (uint32_t)d.tk.ntok, &ctx, &dl), RASD_OK);
    assert_int_equal(dl.n, 2);
    assert_int_equal(dl.v[0].date.y * 10000 + dl.v[0].date.m * 100 + dl.v[0].date.d, 20220121);
    assert_int_equal(dl.v[1].grain, DATE_YEAR);
    assert_int_equal(num_find(&d.t, &d.tk, 0, (uint32_t)d.tk.ntok, &dl, &nl), RASD_OK);
    assert_int_equal(nl.n, 2);
    assert_true(nl.v[0].value == 5);
    assert_true(nl.v[1].value == 12000);
    /* the same over a sub-range of tokens only */
    num_list_free(&nl);
    assert_int_equal(num_find(&d.t, &d.tk, 0, 6, &dl, &nl), RASD_OK);
    assert_int_equal(nl.n, 1);
    size_t pos = 0;
    assert_true(date_list_covers(&dl, 1, &pos));
    assert_false(date_list_covers(&dl, 0, NULL));
    date_list_free(&dl);
    num_list_free(&nl);
    doc_close(&d);
}

static void test_tag_errors(void **state)
{
    (void)state;
    rasd_tagger *tg = rasd_tagger_create();
    const rasd_tag *t;
    size_t n, bad = 0;
    assert_non_null(tg);
    assert_int_equal(rasd_tag_text(tg, "x", 1, "2022-02-30", 0, &t, &n, NULL), RASD_EINVAL);
    assert_int_equal(rasd_tag_text(tg, "x", 1, "yesterday", 0, &t, &n, NULL), RASD_EINVAL);
    assert_int_equal(rasd_tag_text(NULL, "x", 1, NULL, 0, &t, &n, NULL), RASD_EINVAL);
    assert_int_equal(rasd_tag_text(tg, "قتل 5 \xff", 10, NULL, 0, &t, &n, &bad), RASD_EUTF8);
    assert_int_equal(bad, 9);
    assert_int_equal(rasd_tag_text(tg, "", 0, NULL, 0, &t, &n, NULL), RASD_OK);
    assert_int_equal(n, 0);
    rasd_tagger_free(tg);
    rasd_tagger_free(NULL);
}

/* Texts past one internal piece keep their offsets. */
static void test_long_text_offsets(void **state)
{
    (void)state;
    const char *line = "سطر من النص بلا أرقام ولا تواريخ\n";
    const char *tail = "قتل 39 شخصا أمس";
    size_t ll = strlen(line), reps = 5000, tl = strlen(tail);
    char *s = malloc(ll * reps + tl + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(s + i * ll, line, ll);
    memcpy(s + ll * reps, tail, tl + 1);
    rasd_tagger *tg = rasd_tagger_create();
    const rasd_tag *t;
    size_t n;
    assert_int_equal(rasd_tag_text(tg, s, strlen(s), "2022-01-25", 0, &t, &n, NULL), RASD_OK);
    assert_int_equal(n, 2);
    assert_mem_str(s + t[0].start, t[0].end - t[0].start, "39");
    assert_mem_str(s + t[1].start, t[1].end - t[1].start, "أمس");
    assert_string_equal(t[1].date, "2022-01-24");
    rasd_tagger_free(tg);
    free(s);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(rasd_qualifier_name(RASD_QUAL_MORE_THAN), "more_than");
    assert_null(rasd_qualifier_name(99));
    assert_null(rasd_unit_name(RASD_UNIT_NONE));
    assert_string_equal(rasd_unit_name(RASD_UNIT_PERCENT), "percent");
    assert_string_equal(rasd_grain_name(RASD_GRAIN_WEEK), "week");
    assert_null(rasd_grain_name(0));
}

/* A number too large to be a quantity of news text is no number; every number tagged
 * keeps low <= value <= high. */
static void test_huge_numbers(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "99999999999999999999 \xd9\x82\xd8\xaa\xd9\x8a\xd9\x84\xd8\xa7",
        "\xd8\xa8\xd9\x8a\xd9\x86 1 \xd9\x88" "999999999999999999999",
        "\xd8\xa3\xd9\x83\xd8\xab\xd8\xb1 \xd9\x85\xd9\x86 5000000000000000000",
        "-99999999999999999999",
    };
    rasd_tagger *tg = rasd_tagger_create();
    assert_non_null(tg);
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        const rasd_tag *t;
        size_t n;
        assert_int_equal(rasd_tag_text(tg, texts[k], strlen(texts[k]), NULL, 0, &t, &n, NULL),
                         RASD_OK);
        for (size_t i = 0; i < n; i++) {
            if (t[i].type != RASD_TAG_NUMBER)
                continue;
            if (t[i].has_value) {
                assert_true(fabs(t[i].value) <= RASD_NUM_MAX);
                if (t[i].has_low)
                    assert_true((double)t[i].low <= t[i].value);
                if (t[i].has_high)
                    assert_true(t[i].value <= (double)t[i].high);
            }
            if (t[i].has_low && t[i].has_high)
                assert_true(t[i].low <= t[i].high);
            assert_true(!t[i].has_high || t[i].high <= (int64_t)RASD_NUM_MAX);
            assert_true(!t[i].has_low || t[i].low >= -(int64_t)RASD_NUM_MAX);
        }
    }
    /* The largest number kept is still read exactly. */
    const rasd_tag *t;
    size_t n;
    assert_int_equal(rasd_tag_text(tg, "1000000000000000", 16, NULL, 0, &t, &n, NULL), RASD_OK);
    assert_int_equal(n, 1);
    assert_true(t[0].has_value && t[0].value == 1e15 && t[0].low == 1000000000000000LL &&
                t[0].high == 1000000000000000LL);
    rasd_tagger_free(tg);
}

static void test_published_check(void **state)
{
    (void)state;
    static const char *const good[] = {"2022-01-20", "2024-02-29", "2022-01-20T10:30",
                                       "2022-01-20T10:30:15Z", "2022-01-20T10:30:15+03:00",
                                       "2022-01-20T10:30:15.250-05:00", "0001-01-01"};
    static const char *const bad[] = {"", "not-a-date", "99999-99-99", "2022-02-30",
                                      "2023-02-29", "2022-01-20T24:00", "2022-01-20T10:3",
                                      "2022-01-20T10:30:15.", "2022-01-20T10:30+0300",
                                      "2022-01-20 10:30", "2022-01-20T10:30Zx", "0000-01-01"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_int_equal(rasd_published_check(good[i]), RASD_OK);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(rasd_published_check(bad[i]), RASD_EINVAL);
    assert_int_equal(rasd_published_check(NULL), RASD_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cal),
        cmocka_unit_test(test_num_tokens),
        cmocka_unit_test(test_dates_exclude_numbers),
        cmocka_unit_test(test_tag_errors),
        cmocka_unit_test(test_long_text_offsets),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_huge_numbers),
        cmocka_unit_test(test_published_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
