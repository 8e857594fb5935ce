/* UTF-8 validation and decoding: valid forms, overlongs, surrogates, out-of-range code
 * points, truncated sequences, and the offsets reported for each. */
#include "common/harness.h"
#include "rasd.h"
#include "text/utf8.h"

static size_t bad_at(const char *s, size_t len)
{
    size_t bad = (size_t)-1;
    int rc = rasd_utf8_check(s, len, &bad);
    if (rc == RASD_OK)
        return (size_t)-2;
    assert_int_equal(rc, RASD_EUTF8);
    return bad;
}

#define BAD(lit) bad_at(lit, sizeof lit - 1)

static void test_valid(void **state)
{
    (void)state;
    static const char ok[] = "abc \x01\x7f" "قتل" "\xE2\x82\xAC" "\xF0\x9F\x98\x80"
                             "\xEF\xBF\xBF" "\xF4\x8F\xBF\xBF" "\xED\x9F\xBF" "\xEE\x80\x80";
    assert_int_equal(rasd_utf8_check(ok, sizeof ok - 1, NULL), RASD_OK);
    assert_int_equal(rasd_utf8_check("", 0, NULL), RASD_OK);
    assert_int_equal(rasd_utf8_check(NULL, 0, NULL), RASD_OK);
    /* An embedded NUL is valid UTF-8. */
    assert_int_equal(rasd_utf8_check("a\0b", 3, NULL), RASD_OK);
    /* A long ASCII stretch then a bad byte exercises the word-at-a-time path. */
    char big[100];
    memset(big, 'x', sizeof big);
    assert_int_equal(rasd_utf8_check(big, sizeof big, NULL), RASD_OK);
    big[77] = (char)0xFF;
    assert_int_equal(bad_at(big, sizeof big), 77);
}

static void test_invalid_offsets(void **state)
{
    (void)state;
    assert_int_equal(BAD("ab\x80" "cd"), 2);           /* stray continuation byte */
    assert_int_equal(BAD("\xC0\x80"), 0);              /* overlong NUL */
    assert_int_equal(BAD("x\xC1\xBF"), 1);             /* overlong 2-byte */
    assert_int_equal(BAD("xy\xE0\x80\x80"), 2);        /* overlong 3-byte */
    assert_int_equal(BAD("\xE0\x9F\xBF"), 0);          /* overlong U+07FF */
    assert_int_equal(BAD("\xF0\x8F\xBF\xBF"), 0);      /* overlong 4-byte */
    assert_int_equal(BAD("a\xED\xA0\x80"), 1);         /* surrogate U+D800 */
    assert_int_equal(BAD("a\xED\xBF\xBF"), 1);         /* surrogate U+DFFF */
    assert_int_equal(BAD("\xF4\x90\x80\x80"), 0);      /* U+110000 */
    assert_int_equal(BAD("\xF5\x80\x80\x80"), 0);
    assert_int_equal(BAD("\xFF"), 0);
    assert_int_equal(BAD("قتل\xD9"), 6);               /* truncated at the end */
    assert_int_equal(BAD("a\xE2\x82" "b"), 1);         /* truncated in the middle */
    assert_int_equal(BAD("ok\xF0\x9F\x98"), 2);
    assert_int_equal(BAD("\xD9\xD9\x82"), 0);          /* lead byte followed by a lead */
}

static int dec(const char *s, size_t n, uint32_t *cp)
{
    return utf8_decode((const unsigned char *)s, n, cp);
}

static void test_decode_subparts(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(dec("\xD9\x82", 2, &cp), 2);
    assert_int_equal(cp, 0x642);
    assert_int_equal(dec("\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    /* Maximal ill-formed subparts (how many bytes one U+FFFD replaces). */
    assert_int_equal(dec("\xE2\x82", 2, &cp), -2);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(dec("\xF0\x9F\x98" "a", 4, &cp), -3);
    assert_int_equal(dec("\xED\xA0\x80", 3, &cp), -1);
    assert_int_equal(dec("\xE0\x80\x80", 3, &cp), -1);
    assert_int_equal(dec("\x80", 1, &cp), -1);
    /* Never reads past n: the second byte lies beyond the given length. */
    assert_int_equal(dec("\xD9\x82", 1, &cp), -1);
}

static void test_encode_roundtrip(void **state)
{
    (void)state;
    static const uint32_t cps[] = {0, 0x7F, 0x80, 0x7FF, 0x800, 0x642, 0xFFFD, 0xFFFF,
                                   0x10000, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
        char b[4];
        uint32_t back;
        int n = utf8_encode(cps[i], b);
        assert_int_equal(dec(b, (size_t)n, &back), n);
        assert_int_equal(back, cps[i]);
    }
    assert_int_equal(utf8_count("قتل a", 8), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_invalid_offsets),
        cmocka_unit_test(test_decode_subparts),
        cmocka_unit_test(test_encode_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
