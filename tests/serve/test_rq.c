/* The request-target parser of rasd serve: decoding, and the targets it refuses.  The
 * parser is not part of librasd, so it is compiled in here. */
#include "common/harness.h"
#include "serve/rq.c"

static void test_decodes_path_and_query(void **state)
{
    (void)state;
    struct rq r;
    const char *why;
    const char t[] = "/api/search?q=%D8%AF%D8%A7%D8%B9%D8%B4+x%20y&limit=5&flag&=skipped&q=2";
    assert_int_equal(rq_parse(t, strlen(t), &r, &why), RASD_OK);
    assert_int_equal(r.nseg, 2);
    assert_string_equal(r.seg[0], "api");
    assert_string_equal(r.seg[1], "search");
    assert_string_equal(rq_get(&r, "q"), "داعش x y"); /* the first q wins */
    assert_string_equal(rq_get(&r, "limit"), "5");
    assert_string_equal(rq_get(&r, "flag"), "");
    assert_null(rq_get(&r, "missing"));
    assert_int_equal(r.nparam, 4);
    rq_free(&r);
    assert_int_equal(rq_parse("/", 1, &r, &why), RASD_OK);
    assert_int_equal(r.nseg, 0);
    rq_free(&r);
}

static void test_refuses_bad_targets(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "api", "/api/../etc", "/api/./x", "/api/%2e%2e", "/api/a%2Fb", "//api", "/api/",
        "/api/%ff", "/api?q=%c3%28", "/api?q=%00", "/api?q=%zz", "/api?q=%4", "/api#frag",
        "/a/b/c/d/e/f/g/h/i",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct rq r;
        const char *why = NULL;
        int rc = rq_parse(bad[i], strlen(bad[i]), &r, &why);
        if (rc != RASD_EPARSE)
            fail_msg("'%s': got %d, wanted RASD_EPARSE", bad[i], rc);
        assert_non_null(why);
        assert_true(*why != 0);
        assert_null(r.mem);
    }
    char *longt = malloc(RQ_MAX_TARGET + 2);
    assert_non_null(longt);
    memset(longt, 'a', RQ_MAX_TARGET + 1);
    longt[0] = '/';
    struct rq r;
    const char *why;
    assert_int_equal(rq_parse(longt, RQ_MAX_TARGET + 1, &r, &why), RASD_ETOOBIG);
    assert_int_equal(rq_parse(longt, RQ_MAX_TARGET, &r, &why), RASD_OK);
    rq_free(&r);
    free(longt);
}

static void test_too_many_params(void **state)
{
    (void)state;
    char t[512] = "/x?";
    for (int i = 0; i <= RQ_MAX_PARAMS; i++)
        snprintf(t + strlen(t), sizeof t - strlen(t), "k%d=v&", i);
    struct rq r;
    const char *why;
    assert_int_equal(rq_parse(t, strlen(t), &r, &why), RASD_EPARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decodes_path_and_query),
        cmocka_unit_test(test_refuses_bad_targets),
        cmocka_unit_test(test_too_many_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
