/* Runs every tests/cases/quant_*.tsv (one file per construction).  Each row is
 *   text <TAB> expected <TAB> [published YYYY-MM-DD or -] [<TAB> future]
 * and `expected` lists every record rasd_tag_text must give, in order, separated by ";":
 *   number/VALUE/LOW/HIGH/QUALIFIER/UNIT/TEXT   (null for an absent value or open bound,
 *                                                - for no unit)
 *   ordinal/VALUE/TEXT
 *   date/DATE[..END_DATE]/GRAIN/TEXT            (DATE "?" when unresolved)
 * where TEXT is the exact span of the input the record covers; "-" alone: no record. */
#include "common/harness.h"
#include "rasd.h"
#include <dirent.h>
#include <math.h>

static void fmt_num(char *out, size_t cap, int has, double v)
{
    if (!has)
        snprintf(out, cap, "null");
    else if (v == floor(v) && fabs(v) < 1e15)
        snprintf(out, cap, "%.0f", v);
    else
        snprintf(out, cap, "%.15g", v);
}

/* Writes record r over text s as the case-file notation. */
static void describe(const rasd_tag *r, const char *s, char *out, size_t cap)
{
    char v[40], lo[40], hi[40];
    int span = (int)(r->end - r->start);
    const char *sp = s + r->start;
    if (r->type == RASD_TAG_NUMBER) {
        fmt_num(v, sizeof v, r->has_value, r->value);
        fmt_num(lo, sizeof lo, r->has_low, (double)r->low);
        fmt_num(hi, sizeof hi, r->has_high, (double)r->high);
        const char *u = rasd_unit_name(r->unit);
        snprintf(out, cap, "number/%s/%s/%s/%s/%s/%.*s", v, lo, hi,
                 rasd_qualifier_name(r->qualifier), u ? u : "-", span, sp);
    } else if (r->type == RASD_TAG_ORDINAL) {
        fmt_num(v, sizeof v, 1, r->value);
        snprintf(out, cap, "ordinal/%s/%.*s", v, span, sp);
    } else {
        snprintf(out, cap, "date/%s%s%s/%s/%.*s", r->resolved ? r->date : "?",
                 r->end_date[0] ? ".." : "", r->end_date, rasd_grain_name(r->grain), span, sp);
    }
}

static void run_file(void **state)
{
    const char *path = *state;
    size_t len;
    char *all = slurp(path, &len);
    assert_non_null(all);
    rasd_tagger *tg = rasd_tagger_create();
    assert_non_null(tg);
    int rows = 0, bad = 0, lineno = 0;
    char *save = NULL;
    for (char *line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        if (line[0] == '#' || !line[0])
            continue;
        char *f[4] = {line, NULL, NULL, NULL};
        for (int i = 1; i < 4; i++) {
            char *t = f[i - 1] ? strchr(f[i - 1], '\t') : NULL;
            if (t)
                *t = 0, f[i] = t + 1;
        }
        if (!f[1]) {
            printf("%s: malformed row: %s\n", path, line);
            bad++;
            continue;
        }
        const char *pub = f[2] && strcmp(f[2], "-") && f[2][0] ? f[2] : NULL;
        unsigned flags = f[3] && !strcmp(f[3], "future") ? RASD_TAG_FUTURE : 0;
        const rasd_tag *t;
        size_t nt;
        rows++;
        int st = rasd_tag_text(tg, f[0], strlen(f[0]), pub, flags, &t, &nt, NULL);
        char got[4096] = "", one[1024];
        for (size_t i = 0; st == RASD_OK && i < nt; i++) {
            describe(&t[i], f[0], one, sizeof one);
            if (i)
                strncat(got, ";", sizeof got - strlen(got) - 1);
            strncat(got, one, sizeof got - strlen(got) - 1);
        }
        if (st == RASD_OK && !nt)
            strcpy(got, "-");
        if (st != RASD_OK || strcmp(got, f[1]) != 0) {
            printf("FAILED CASE %s:%d: %s\n  expected: %s\n  got:      %s\n", path, lineno, f[0],
                   f[1], st ? rasd_strerror(st) : got);
            bad++;
        }
    }
    printf("%s: %d/%d rows\n", path, rows - bad, rows);
    rasd_tagger_free(tg);
    free(all);
    assert_true(rows > 0);
    assert_int_equal(bad, 0);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    static char *names[64];
    static struct CMUnitTest tests[64];
    size_t n = 0;
    DIR *d = opendir("tests/cases");
    struct dirent *e;
    while (d && (e = readdir(d)) && n < 64) {
        size_t l = strlen(e->d_name);
        if (strncmp(e->d_name, "quant_", 6) || l < 5 || strcmp(e->d_name + l - 4, ".tsv"))
            continue;
        names[n] = malloc(l + 16);
        snprintf(names[n], l + 16, "tests/cases/%s", e->d_name);
        n++;
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        tests[i].name = names[i];
        tests[i].test_func = run_file;
        tests[i].initial_state = names[i];
    }
    if (!n) {
        printf("no tests/cases/quant_*.tsv\n");
        return 1;
    }
    return _cmocka_run_group_tests("quant cases", tests, n, NULL, NULL);
}
