/* Normalization: each step on and off, profiles, the offset map, presentation forms and the
 * lam-alef ligatures, digits, punctuation, invalid input. */
#include "common/harness.h"
#include "rasd.h"
#include "text/norm.h"

/* Normalizes s under flags and checks the result and the map's invariants. */
static void check_norm(const char *s, unsigned flags, const char *want)
{
    rasd_text t;
    size_t bad = 0;
    int rc = rasd_normalize(s, strlen(s), flags, &t, &bad);
    if (rc != RASD_OK)
        fail_msg("'%s': %s at %zu", s, rasd_strerror(rc), bad);
    assert_mem_str(t.s, t.len, want);
    assert_int_equal(t.s[t.len], 0);
    assert_int_equal(t.orig_len, strlen(s));
    assert_int_equal(t.map[t.len], t.orig_len);
    for (size_t i = 0; i < t.len; i++) {
        assert_true(t.map[i] <= t.map[i + 1]);
        assert_true(t.map[i] < t.orig_len);
    }
    rasd_text_free(&t);
}

#define ALL (RASD_NORM_SEARCH)

static void test_diacritics(void **state)
{
    (void)state;
    check_norm("مَبْنًى", RASD_NORM_DIACRITICS, "مبنى");
    check_norm("مَبْنًى", ALL & ~RASD_NORM_DIACRITICS, "مَبْنًي");
    check_norm("هٰذا", RASD_NORM_DIACRITICS, "هذا");               /* superscript alef */
    check_norm("ﷺصلّى", RASD_NORM_DIACRITICS, "ﷺصلى");
    check_norm("", ALL, "");
}

static void test_tatweel(void **state)
{
    (void)state;
    check_norm("روبرـــــت", RASD_NORM_TATWEEL, "روبرت");
    check_norm("روبرـت", 0, "روبرـت");
}

static void test_alef_ya_teh(void **state)
{
    (void)state;
    check_norm("آ أ إ ٱ ا", RASD_NORM_ALEF, "ا ا ا ا ا");
    check_norm("آ أ إ ٱ", RASD_NORM_EXTRACT & ~RASD_NORM_ALEF, "آ أ إ ٱ");
    check_norm("على مستشفى", RASD_NORM_YA, "علي مستشفي");
    check_norm("على", 0, "على");
    check_norm("فاطمة", RASD_NORM_TEH_MARBUTA, "فاطمه");
    /* The extract profile keeps teh marbuta (gender); search folds it. */
    check_norm("مدينة", RASD_NORM_EXTRACT, "مدينة");
    check_norm("مدينة", RASD_NORM_SEARCH, "مدينه");
    /* Hamza on waw and ya are not alef forms. */
    check_norm("مؤتمر قائد", ALL, "مؤتمر قائد");
}

static void test_digits(void **state)
{
    (void)state;
    check_norm("٠١٢٣٤٥٦٧٨٩", RASD_NORM_DIGITS, "0123456789");
    check_norm("۰۱۲۳۴۵۶۷۸۹", RASD_NORM_DIGITS, "0123456789");
    check_norm("١٢", 0, "١٢");
    /* Separators become ASCII only with the punctuation step. */
    check_norm("٣٬٥٠٠ و٠٫٧٧", RASD_NORM_DIGITS, "3٬500 و0٫77");
    check_norm("٣٬٥٠٠ و٠٫٧٧", RASD_NORM_DIGITS | RASD_NORM_PUNCT, "3,500 و0.77");
}

static void test_punct(void **state)
{
    (void)state;
    check_norm("قال، ثم؛ لماذا؟ ٥٪", RASD_NORM_PUNCT | RASD_NORM_DIGITS, "قال, ثم; لماذا? 5%");
    check_norm("قال،", 0, "قال،");
    /* No-break and thin spaces become spaces; bidi marks and joiners vanish. */
    check_norm("a\xC2\xA0" "b\xE2\x80\xAF" "c\xE2\x80\x8F" "d\xE2\x80\x8C" "e", RASD_NORM_PUNCT,
               "a b cde");
    check_norm("a\xC2\xA0" "b", 0, "a\xC2\xA0" "b");
    /* Quotes stay: the tokenizer and sentence splitter need them. */
    check_norm("«قال» “x”", ALL, "«قال» “x”");
}

static void test_presentation(void **state)
{
    (void)state;
    check_norm("ﻻ", RASD_NORM_PRESENTATION, "لا");                  /* U+FEFB */
    check_norm("ﻼ", RASD_NORM_PRESENTATION, "لا");                  /* U+FEFC */
    /* Lam with alef-hamza ligature: decomposed, then the alef step folds it. */
    check_norm("ﻷ", RASD_NORM_PRESENTATION, "لأ");
    check_norm("ﻷ", RASD_NORM_PRESENTATION | RASD_NORM_ALEF, "لا");
    check_norm("ﺍﻟﺴﻼﻡ", RASD_NORM_PRESENTATION, "السلام");
    check_norm("ﷲ", RASD_NORM_PRESENTATION, "الله");
    check_norm("ﻻ", RASD_NORM_EXTRACT & ~RASD_NORM_PRESENTATION, "ﻻ");
    /* A presentation form carrying a haraka loses it under the diacritics step. */
    check_norm("ﹰ", RASD_NORM_PRESENTATION, " \xD9\x8B");
    check_norm("ﹰ", RASD_NORM_PRESENTATION | RASD_NORM_DIACRITICS, " ");
}

static void test_map(void **state)
{
    (void)state;
    rasd_text t;
    const char *s = "أَحْمَد ﻻ ١";
    assert_int_equal(rasd_normalize(s, strlen(s), RASD_NORM_EXTRACT, &t, NULL), RASD_OK);
    assert_mem_str(t.s, t.len, "احمد لا 1");
    /* ا from أ at 0, ح at 4 (after the fatha), م at 8, د at 12 (after the sukun+fatha). */
    static const uint32_t want[] = {0, 0, 4, 4, 8, 8, 12, 12, 14, 15, 15, 15, 15, 18, 19, 21};
    assert_int_equal(t.len + 1, sizeof want / sizeof *want);
    for (size_t i = 0; i <= t.len; i++)
        if (t.map[i] != want[i])
            fail_msg("map[%zu] = %u, want %u", i, t.map[i], want[i]);
    rasd_text_free(&t);
    rasd_text_free(&t);     /* freeing twice is safe: it was zeroed */
    rasd_text_free(NULL);
}

static void test_invalid(void **state)
{
    (void)state;
    rasd_text t;
    size_t bad = 0;
    const char s[] = "قال \xD9 x";
    assert_int_equal(rasd_normalize(s, sizeof s - 1, RASD_NORM_EXTRACT, &t, &bad), RASD_EUTF8);
    assert_int_equal(bad, 7);
    assert_null(t.s);
    assert_int_equal(t.len, 0);
    rasd_text_free(&t);
    assert_int_equal(rasd_normalize(s, sizeof s - 1, RASD_NORM_EXTRACT | RASD_NORM_REPLACE, &t,
                                    &bad), RASD_OK);
    assert_mem_str(t.s, t.len, "قال \xEF\xBF\xBD x");
    assert_int_equal(t.map[7], 7);
    assert_int_equal(t.map[8], 7);
    assert_int_equal(t.map[9], 7);
    assert_int_equal(t.map[10], 8);
    rasd_text_free(&t);
    /* One U+FFFD per maximal subpart: E2 82 is one, the following FF another. */
    const char s2[] = "\xE2\x82\xFF";
    assert_int_equal(rasd_normalize(s2, 3, RASD_NORM_REPLACE, &t, NULL), RASD_OK);
    assert_mem_str(t.s, t.len, "\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_int_equal(t.map[3], 2);
    rasd_text_free(&t);
}

static void test_nul_and_profiles(void **state)
{
    (void)state;
    rasd_text t;
    assert_int_equal(rasd_normalize("a\0\xD8\xA3", 4, RASD_NORM_EXTRACT, &t, NULL), RASD_OK);
    assert_int_equal(t.len, 4);
    assert_memory_equal(t.s, "a\0\xD8\xA7", 4);
    rasd_text_free(&t);
    unsigned f = 12345;
    assert_int_equal(rasd_norm_profile("extract", &f), RASD_OK);
    assert_int_equal(f, RASD_NORM_EXTRACT);
    assert_int_equal(rasd_norm_profile("search", &f), RASD_OK);
    assert_int_equal(f, RASD_NORM_SEARCH);
    assert_int_equal(rasd_norm_profile("none", &f), RASD_OK);
    assert_int_equal(f, 0);
    assert_int_equal(rasd_norm_profile("lucene", &f), RASD_ENOTFOUND);
    assert_int_equal(rasd_norm_step("teh-marbuta", &f), RASD_OK);
    assert_int_equal(f, RASD_NORM_TEH_MARBUTA);
    assert_int_equal(rasd_norm_step("bogus", &f), RASD_ENOTFOUND);
    assert_int_equal(rasd_normalize("x", 1, 0, NULL, NULL), RASD_EINVAL);
}

static void test_norm_cp(void **state)
{
    (void)state;
    char b[NORM_CP_MAX];
    assert_int_equal(norm_cp(0x623, RASD_NORM_ALEF, b), 2);
    assert_memory_equal(b, "ا", 2);
    assert_int_equal(norm_cp(0x64E, RASD_NORM_DIACRITICS, b), 0);
    assert_int_equal(norm_cp(0x663, RASD_NORM_DIGITS, b), 1);
    assert_int_equal(b[0], '3');
    /* The longest compatibility decomposition fits. */
    int n = norm_cp(0xFDFA, RASD_NORM_PRESENTATION, b);
    assert_true(n > 20 && n <= NORM_CP_MAX);
    assert_true(norm_is_diacritic(0x651));
    assert_false(norm_is_diacritic(0x644));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diacritics),
        cmocka_unit_test(test_tatweel),
        cmocka_unit_test(test_alef_ya_teh),
        cmocka_unit_test(test_digits),
        cmocka_unit_test(test_punct),
        cmocka_unit_test(test_presentation),
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_nul_and_profiles),
        cmocka_unit_test(test_norm_cp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
