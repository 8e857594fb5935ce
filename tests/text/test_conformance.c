/* Conformance with ../shared/testdata/stemming: every row of Lucene's normalization and
 * stemming tests must pass; agreement with the golden corpus stems and with NLTK's Snowball
 * rows is printed (asserted only above a sanity floor). */
#include "common/harness.h"
#include "rasd.h"

/* Lucene's ArabicNormalizer is the search profile restricted to its own steps (alef forms,
 * ya, teh marbuta, tatweel, harakat); the full search profile must agree on these rows. */
#define LUCENE_NORM (RASD_NORM_ALEF | RASD_NORM_YA | RASD_NORM_TEH_MARBUTA | \
                     RASD_NORM_TATWEEL | RASD_NORM_DIACRITICS)

struct rows {
    char *buf;
    size_t n;
    char *a[2048], *b[2048], *c[2048];
};

/* Loads a TSV of 2 or 3 columns; skips a header whose first field is `header`. */
static int load(struct rows *r, const char *rel, const char *header)
{
    const char *path = shared_path(rel);
    if (!path)
        return 0;
    size_t len;
    r->buf = slurp(path, &len);
    if (!r->buf)
        fail_msg("cannot read %s", path);
    r->n = 0;
    for (char *line = strtok(r->buf, "\n"); line; line = strtok(NULL, "\n")) {
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r')
            line[l - 1] = 0;
        char *t1 = strchr(line, '\t');
        if (!t1)
            continue;
        *t1++ = 0;
        char *t2 = strchr(t1, '\t');
        if (t2)
            *t2++ = 0;
        if (header && r->n == 0 && !strcmp(line, header))
            continue;
        assert_true(r->n < 2048);
        r->a[r->n] = line;
        r->b[r->n] = t1;
        r->c[r->n] = t2;
        r->n++;
    }
    return 1;
}

/* Normalizes s into a malloc'd NUL-terminated string. */
static char *norm(const char *s, unsigned flags)
{
    rasd_text t;
    assert_int_equal(rasd_normalize(s, strlen(s), flags, &t, NULL), RASD_OK);
    char *out = strdup(t.s);
    rasd_text_free(&t);
    return out;
}

static void test_lucene_normalization(void **state)
{
    (void)state;
    struct rows r;
    if (!load(&r, "testdata/stemming/lucene_ar_normalization.tsv", NULL))
        skip();
    size_t pass = 0;
    for (size_t i = 0; i < r.n; i++) {
        char *x = norm(r.a[i], LUCENE_NORM), *y = norm(r.a[i], RASD_NORM_SEARCH);
        if (strcmp(x, r.b[i]) || strcmp(y, r.b[i]))
            print_error("row %zu: %s -> %s / %s, want %s\n", i + 1, r.a[i], x, y, r.b[i]);
        else
            pass++;
        free(x);
        free(y);
    }
    char *e = norm("", RASD_NORM_SEARCH);
    assert_string_equal(e, "");
    free(e);
    printf("lucene normalization: %zu/%zu rows pass (+ empty term)\n", pass, r.n);
    assert_true(r.n >= 14);
    assert_int_equal(pass, r.n);
    free(r.buf);
}

static void test_lucene_stem(void **state)
{
    (void)state;
    struct rows r;
    if (!load(&r, "testdata/stemming/lucene_ar_stem.tsv", NULL))
        skip();
    size_t pass = 0;
    char out[512];
    for (size_t i = 0; i < r.n; i++) {
        size_t n = rasd_stem_light(r.a[i], strlen(r.a[i]), out);
        if (n != strlen(r.b[i]) || memcmp(out, r.b[i], n))
            print_error("row %zu: %s -> %.*s, want %s\n", i + 1, r.a[i], (int)n, out, r.b[i]);
        else
            pass++;
    }
    assert_int_equal(rasd_stem_light("", 0, out), 0);
    printf("lucene stem: %zu/%zu rows pass (+ empty term)\n", pass, r.n);
    assert_true(r.n >= 21);
    assert_int_equal(pass, r.n);
    free(r.buf);
}

/* Snowball stem of w, normalized under the search profile (malloc'd). */
static char *snow(rasd_snowball *h, const char *w)
{
    const char *st;
    size_t n;
    assert_int_equal(rasd_snowball_stem(h, w, strlen(w), &st, &n), RASD_OK);
    char *tmp = strndup(st, n), *out = norm(tmp, RASD_NORM_SEARCH);
    free(tmp);
    return out;
}

static void test_golden_corpus(void **state)
{
    (void)state;
    struct rows r;
    if (!load(&r, "testdata/stemming/golden_corpus_arabic.tsv", "word"))
        skip();
    rasd_snowball *h = rasd_snowball_create();
    assert_non_null(h);
    size_t light = 0, sb = 0, root_sb = 0;
    for (size_t i = 0; i < r.n; i++) {
        char *w = norm(r.a[i], RASD_NORM_SEARCH), *gold = norm(r.b[i], RASD_NORM_SEARCH);
        char *root = r.c[i] ? norm(r.c[i], RASD_NORM_SEARCH) : strdup("");
        char *out = malloc(strlen(w) + 1);
        size_t n = rasd_stem_light(w, strlen(w), out);
        light += n == strlen(gold) && !memcmp(out, gold, n);
        char *s = snow(h, r.a[i]);
        sb += !strcmp(s, gold);
        root_sb += !strcmp(s, root);
        free(s);
        free(out);
        free(w);
        free(gold);
        free(root);
    }
    printf("golden corpus (%zu words): light stem = gold stem %.1f%% (%zu), "
           "Snowball = gold stem %.1f%% (%zu), Snowball = gold root %.1f%% (%zu)\n",
           r.n, 100.0 * (double)light / (double)r.n, light, 100.0 * (double)sb / (double)r.n, sb,
           100.0 * (double)root_sb / (double)r.n, root_sb);
    assert_true(r.n >= 1000);
    /* A floor far below the measured rates: only a broken stemmer falls under it. */
    assert_true(light * 10 >= r.n);
    assert_true(sb * 10 >= r.n);
    rasd_snowball_free(h);
    free(r.buf);
}

static void test_nltk_snowball(void **state)
{
    (void)state;
    struct rows r;
    if (!load(&r, "testdata/stemming/nltk_snowball_ar.tsv", "ignore_stopwords"))
        skip();
    rasd_snowball *h = rasd_snowball_create();
    assert_non_null(h);
    size_t agree = 0;
    for (size_t i = 0; i < r.n; i++) {
        char *s = snow(h, r.b[i]), *want = norm(r.c[i] ? r.c[i] : "", RASD_NORM_SEARCH);
        if (!strcmp(s, want))
            agree++;
        else
            printf("  nltk row %zu (%s): %s -> %s, NLTK %s\n", i + 1, r.a[i], r.b[i], s, want);
        free(s);
        free(want);
    }
    printf("NLTK Snowball rows: libstemmer agrees on %zu/%zu\n", agree, r.n);
    assert_true(r.n >= 17);
    assert_true(agree * 2 >= r.n);
    rasd_snowball_free(h);
    free(r.buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lucene_normalization),
        cmocka_unit_test(test_lucene_stem),
        cmocka_unit_test(test_golden_corpus),
        cmocka_unit_test(test_nltk_snowball),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
