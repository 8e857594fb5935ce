/* Conformance of rasd_tag_text with Duckling's Arabic corpora (../shared/testdata/duckling).
 * numeral_ar and ordinal_ar: every row, fed as one text, must give exactly one record of
 * the right type spanning the whole text with the expected value.
 * time_ar: reference "now" Tue 2013-02-12 (--published 2013-02-12 with RASD_TAG_FUTURE,
 * as Duckling reads forward from now).  A row is correct when the text gives exactly one
 * record, a date, that spans the text (a leading preposition such as «في» or «عند» may be
 * left out), whose date is the date part of Duckling's start, and whose grain matches:
 * Day/Week/Month/Year map to day/week/month/year; Hour/Minute/Second (clock times, «الآن»,
 * «الليلة») to time or day, as rasd resolves dates to days.  Duckling's interval end is
 * exclusive: the day before it (or its own day when it is not midnight) must be rasd's
 * end_date when that differs from the start day.
 * numeral_ar_eg (Egyptian): the pass rate is printed only. */
#include "common/harness.h"
#include "rasd.h"
#include <time.h>

struct row {
    char *f[8];
    int n;
};

/* Splits line (modified in place) on tabs. */
static void split(char *line, struct row *r)
{
    r->n = 0;
    char *p = line;
    while (r->n < 8) {
        r->f[r->n++] = p;
        char *t = strchr(p, '\t');
        if (!t)
            break;
        *t = 0;
        p = t + 1;
    }
}

static rasd_tagger *tg;

static int setup(void **state)
{
    (void)state;
    tg = rasd_tagger_create();
    return tg ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    rasd_tagger_free(tg);
    return 0;
}

/* Runs fn on every line of ../shared/testdata/duckling/<name>; returns rows, fills *ok. */
static int each_row(const char *name, int header, int (*fn)(struct row *, const char *, size_t),
                    int *ok)
{
    char rel[256];
    snprintf(rel, sizeof rel, "testdata/duckling/%s", name);
    const char *path = shared_path(rel);
    if (!path)
        return -1;
    size_t len;
    char *all = slurp(path, &len);
    if (!all)
        return -1;
    int rows = 0;
    *ok = 0;
    char *save = NULL;
    for (char *line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (header) {
            header = 0;
            continue;
        }
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[--n] = 0;
        if (!n)
            continue;
        struct row r;
        split(line, &r);
        const char *text = r.f[r.n - 1];
        rows++;
        *ok += fn(&r, text, strlen(text));
    }
    free(all);
    return rows;
}

static int check_value(struct row *r, const char *text, size_t n, int type)
{
    const rasd_tag *t;
    size_t nt;
    double want = strtod(r->f[0], NULL);
    int st = rasd_tag_text(tg, text, n, NULL, 0, &t, &nt, NULL);
    if (st == RASD_OK && nt == 1 && t[0].type == type && t[0].start == 0 && t[0].end == n &&
        t[0].has_value && t[0].value > want - 1e-6 && t[0].value < want + 1e-6)
        return 1;
    printf("row not matched: %s\t%s -> status %d, %zu records", r->f[0], text, st, nt);
    for (size_t i = 0; st == RASD_OK && i < nt; i++)
        printf(" [type %d value %g %zu-%zu]", t[i].type, t[i].value, t[i].start, t[i].end);
    printf("\n");
    return 0;
}

static int numeral_row(struct row *r, const char *text, size_t n)
{
    return check_value(r, text, n, RASD_TAG_NUMBER);
}

static int ordinal_row(struct row *r, const char *text, size_t n)
{
    return check_value(r, text, n, RASD_TAG_ORDINAL);
}

static void test_numeral_ar(void **state)
{
    (void)state;
    int ok, rows = each_row("numeral_ar.tsv", 0, numeral_row, &ok);
    if (rows < 0)
        skip();
    printf("numeral_ar: %d/%d rows\n", ok, rows);
    assert_true(rows > 100);
    assert_int_equal(ok, rows);
}

static void test_ordinal_ar(void **state)
{
    (void)state;
    int ok, rows = each_row("ordinal_ar.tsv", 0, ordinal_row, &ok);
    if (rows < 0)
        skip();
    printf("ordinal_ar: %d/%d rows\n", ok, rows);
    assert_true(rows > 20);
    assert_int_equal(ok, rows);
}

static void test_numeral_ar_eg(void **state)
{
    (void)state;
    int ok, rows = each_row("numeral_ar_eg.tsv", 0, numeral_row, &ok);
    if (rows < 0)
        skip();
    printf("numeral_ar_eg: %d/%d rows (%.1f%%)\n", ok, rows, rows ? 100.0 * ok / rows : 0);
    assert_true(rows > 100);
}

/* Words a Duckling time text may open with that rasd leaves out of the date's span. */
static size_t lead_word(const char *text, size_t n)
{
    static const char *lead[] = {"في ", "عند ", "حوالي ", "قرابة ", "بحدود ", "حتى ", NULL};
    for (int i = 0; lead[i]; i++) {
        size_t k = strlen(lead[i]);
        if (n > k && memcmp(text, lead[i], k) == 0)
            return k;
    }
    return 0;
}

static int grain_ok(const char *dk, int g)
{
    if (!strcmp(dk, "Day"))
        return g == RASD_GRAIN_DAY;
    if (!strcmp(dk, "Week"))
        return g == RASD_GRAIN_WEEK;
    if (!strcmp(dk, "Month"))
        return g == RASD_GRAIN_MONTH;
    if (!strcmp(dk, "Year"))
        return g == RASD_GRAIN_YEAR;
    return g == RASD_GRAIN_TIME || g == RASD_GRAIN_DAY;
}

/* The inclusive last day of Duckling's exclusive interval end "YYYY-MM-DDTHH:MM:SS". */
static void last_day(const char *end, char out[11])
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    sscanf(end, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
           &tm.tm_min, &tm.tm_sec);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_sec -= 1;
    tm.tm_isdst = 0;
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int time_row(struct row *r, const char *text, size_t n)
{
    const rasd_tag *t;
    size_t nt;
    const char *why = NULL;
    int st = rasd_tag_text(tg, text, n, "2013-02-12", RASD_TAG_FUTURE, &t, &nt, NULL);
    char want_end[11] = "";
    size_t lead = lead_word(text, n);
    if (r->n < 6)
        why = "bad row";
    else if (st)
        why = "status";
    else if (nt != 1)
        why = "not one record";
    else if (t[0].type != RASD_TAG_DATE)
        why = "not a date";
    else if (t[0].end != n || (t[0].start != 0 && t[0].start != lead))
        why = "span";
    else if (strncmp(t[0].date, r->f[1], 10) != 0)
        why = "date";
    else if (!grain_ok(r->f[3], t[0].grain))
        why = "grain";
    if (!why && r->f[2][0]) {
        last_day(r->f[2], want_end);
        int same_day = strncmp(want_end, r->f[1], 10) == 0;
        if (same_day ? t[0].end_date[0] && strcmp(t[0].end_date, want_end)
                     : strcmp(t[0].end_date, want_end) != 0)
            why = "end_date";
    }
    if (!why)
        return 1;
    printf("row not matched (%s): %s %s %s %s -> ", why, r->f[1], r->f[2], r->f[3], text);
    for (size_t i = 0; st == RASD_OK && i < nt; i++)
        printf("[type %d %s..%s grain %d %zu-%zu] ", t[i].type, t[i].date, t[i].end_date,
               t[i].grain, t[i].start, t[i].end);
    printf("\n");
    return 0;
}

static void test_time_ar(void **state)
{
    (void)state;
    int ok, rows = each_row("time_ar.tsv", 1, time_row, &ok);
    if (rows < 0)
        skip();
    printf("time_ar: %d/%d rows (%.1f%%)\n", ok, rows, rows ? 100.0 * ok / rows : 0);
    assert_true(rows > 150);
    assert_true(ok >= 0.9 * rows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numeral_ar),
        cmocka_unit_test(test_ordinal_ar),
        cmocka_unit_test(test_time_ar),
        cmocka_unit_test(test_numeral_ar_eg),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
