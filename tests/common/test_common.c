/* The common layer: status texts, the byte buffer and JSON strings, the TSV reader. */
#include "common/harness.h"
#include "common/buf.h"
#include "common/data.h"
#include "rasd.h"

static void test_strerror(void **state)
{
    (void)state;
    assert_string_equal(rasd_strerror(RASD_OK), "success");
    assert_string_equal(rasd_strerror(RASD_EUTF8), "invalid UTF-8");
    assert_string_equal(rasd_strerror(12345), "unknown error");
}

static void test_json_escape(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    static const char in[] = "a\"b\\\n\x01\xff" "قتل";
    buf_json_str(&b, in, sizeof in - 1);
    assert_string_equal(b.p, "\"a\\\"b\\\\\\n\\u0001\xEF\xBF\xBD" "قتل\"");
    buf_free(&b);
}

static void test_buf_growth(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b);
    for (int i = 0; i < 10000; i++)
        buf_printf(&b, "%d,", i);
    assert_int_equal(b.len, 48890);
    assert_memory_equal(b.p + b.len - 5, "9999,", 5);
    buf_free(&b);
}

static void test_tsv(void **state)
{
    (void)state;
    const char *s = "# comment\n\na\tb\tc\r\n12\t\tx\n";
    struct data_tsv t;
    data_tsv_init(&t, s, strlen(s));
    assert_int_equal(data_tsv_next(&t), 1);
    assert_int_equal(t.nfields, 3);
    assert_int_equal(t.line, 3);
    assert_true(data_tsv_is(&t, 2, "c"));
    assert_int_equal(data_tsv_next(&t), 1);
    assert_int_equal(data_tsv_long(&t, 0, -1), 12);
    assert_int_equal(data_tsv_long(&t, 1, -1), -1);
    assert_int_equal(data_tsv_next(&t), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_json_escape),
        cmocka_unit_test(test_buf_growth),
        cmocka_unit_test(test_tsv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
