/* Clitic analyses, the light stemmer's rules and the Snowball handle. */
#include "common/harness.h"
#include "rasd.h"

/* Writes the analyses of w as "pre+stem+suf" strings joined by spaces into out. */
static void analyses(const char *w, char *out, size_t cap, int max)
{
    rasd_clitics a[64];
    size_t len = strlen(w), o = 0;
    int n = rasd_clitic_split(w, len, a, max);
    out[0] = 0;
    for (int i = 0; i < n; i++) {
        size_t stem = len - a[i].pre - a[i].suf;
        o += (size_t)snprintf(out + o, cap - o, "%s%.*s+%.*s+%.*s", i ? " " : "", a[i].pre, w,
                              (int)stem, w + a[i].pre, a[i].suf, w + len - a[i].suf);
        assert_true(o < cap);
    }
}

static void expect_clitics(const char *w, int max, const char *want)
{
    char got[2048];
    analyses(w, got, sizeof got, max);
    if (strcmp(got, want) != 0)
        fail_msg("%s\n got  %s\n want %s", w, got, want);
}

static void test_clitics(void **state)
{
    (void)state;
    expect_clitics("كتاب", 64, "+كتاب+ ك+تاب+");
    expect_clitics("وبالكتاب", 64, "+وبالكتاب+ و+بالكتاب+ وب+الكتاب+ وبال+كتاب+");
    expect_clitics("كتابها", 64, "+كتابها+ ك+تابها+ +كتاب+ها ك+تاب+ها");
    expect_clitics("وكتابهم", 64,
                   "+وكتابهم+ و+كتابهم+ +وكتاب+هم وك+تابهم+ و+كتاب+هم وك+تاب+هم");
    expect_clitics("للمدينة", 64, "+للمدينة+ ل+لمدينة+ لل+مدينة+");
    expect_clitics("وسيقول", 64, "+وسيقول+ و+سيقول+ وس+يقول+");
    /* The stem keeps at least two letters. */
    expect_clitics("به", 64, "+به+");
    expect_clitics("بها", 64, "+بها+ ب+ها+");
    expect_clitics("وله", 64, "+وله+ +ول+ه و+له+");
    /* The article excludes a pronoun suffix. */
    expect_clitics("الكتابه", 64, "+الكتابه+ +الكتاب+ه ال+كتابه+");
    /* max limits the count; the unsegmented word comes first. */
    expect_clitics("وبالكتاب", 2, "+وبالكتاب+ و+بالكتاب+");
    expect_clitics("", 4, "++");
    rasd_clitics a[2];
    assert_int_equal(rasd_clitic_split("كتاب", 8, a, 0), 0);
}

static void expect_light(const char *w, const char *want)
{
    char out[256];
    size_t n = rasd_stem_light(w, strlen(w), out);
    if (n != strlen(want) || memcmp(out, want, n) != 0)
        fail_msg("%s: got '%.*s', want '%s'", w, (int)n, out, want);
}

static void test_light_rules(void **state)
{
    (void)state;
    /* The first matching prefix only. */
    expect_light("والكتاب", "كتاب");
    expect_light("وكتاب", "كتاب");
    /* و needs four letters; ال needs two letters left. */
    expect_light("ولد", "ولد");
    expect_light("الم", "الم");
    expect_light("الكت", "كت");
    /* Suffixes in order, several of them. */
    expect_light("مدرساتها", "مدرس");
    expect_light("ساهدهات", "ساهد");
    expect_light("ها", "ها");
    expect_light("ab", "ab");
    char out[4];
    assert_int_equal(rasd_stem_light("", 0, out), 0);
}

static void test_snowball(void **state)
{
    (void)state;
    rasd_snowball *h = rasd_snowball_create();
    assert_non_null(h);
    const char *st;
    size_t n;
    assert_int_equal(rasd_snowball_stem(h, "الطالبات", strlen("الطالبات"), &st, &n), RASD_OK);
    assert_mem_str(st, n, "طالب");
    assert_int_equal(rasd_snowball_stem(h, "", 0, &st, &n), RASD_OK);
    assert_int_equal(n, 0);
    assert_int_equal(rasd_snowball_stem(NULL, "x", 1, &st, &n), RASD_EINVAL);
    rasd_snowball_free(h);
    rasd_snowball_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clitics),
        cmocka_unit_test(test_light_rules),
        cmocka_unit_test(test_snowball),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
