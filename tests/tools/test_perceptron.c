/* The averaged perceptron of the trained-filter experiment (tools/perceptron.c). */
#include "common/harness.h"
#include <math.h>
#define PERCEPTRON_NO_MAIN
#include "../../tools/perceptron.c"

/* Twelve examples told apart by one word each side; the others are noise on both. */
static const char *const toy[][2] = {
    {"1", "war a b"}, {"1", "war b c"}, {"1", "war c"}, {"1", "war a"}, {"1", "war b"},
    {"1", "war a c"}, {"0", "crash a b"}, {"0", "crash b"}, {"0", "crash c a"},
    {"0", "crash a"}, {"0", "crash b c"}, {"0", "crash c"},
};

static pc_model *trained(uint64_t seed)
{
    pc_model *m = pc_create();
    assert_non_null(m);
    for (size_t i = 0; i < sizeof toy / sizeof *toy; i++)
        assert_int_equal(pc_add_example(m, atoi(toy[i][0]), toy[i][1]), 0);
    assert_int_equal(pc_train(m, 5, seed), 0);
    return m;
}

static char *weights_text(pc_model *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(pc_write(m, f), 0);
    fclose(f);
    return buf;
}

static void test_separable(void **state)
{
    (void)state;
    pc_model *m = trained(1);
    for (size_t i = 0; i < sizeof toy / sizeof *toy; i++) {
        double s;
        assert_int_equal(pc_score(m, toy[i][1], &s), 0);
        if ((s > 0) != (toy[i][0][0] == '1')) fail_msg("%s scored %f", toy[i][1], s);
    }
    assert_true(pc_weight(m, "war") > 0);
    assert_true(pc_weight(m, "crash") < 0);
    assert_true(pc_weight(m, "unseen") == 0);
    pc_free(m);
}

/* Same examples and seed, same weights to the last digit; the weights are scaled to unit
 * length. */
static void test_deterministic(void **state)
{
    (void)state;
    pc_model *a = trained(7), *b = trained(7);
    char *ta = weights_text(a), *tb = weights_text(b);
    assert_string_equal(ta, tb);
    double n = 0;
    for (size_t i = 0; i < a->nfeat; i++) n += a->w[i] * a->w[i];
    assert_true(fabs(n - 1) < 1e-9);
    free(ta); free(tb);
    pc_free(a); pc_free(b);
}

/* Two examples, one pass: both are updates, at steps 1 and 2 of 3, so the averages are
 * 2/3 and -1/3 (or 1/3 and -2/3 in the other order), before scaling. */
static void test_average(void **state)
{
    (void)state;
    pc_model *m = pc_create();
    assert_int_equal(pc_add_example(m, 1, "a"), 0);
    assert_int_equal(pc_add_example(m, 0, "b"), 0);
    assert_int_equal(pc_train(m, 1, 1), 0);
    double a = pc_weight(m, "a"), b = pc_weight(m, "b"), k = sqrt(5.0) / 3;
    int first = fabs(a * k - 2.0 / 3) < 1e-9 && fabs(b * k + 1.0 / 3) < 1e-9;
    int second = fabs(a * k - 1.0 / 3) < 1e-9 && fabs(b * k + 2.0 / 3) < 1e-9;
    if (!first && !second) fail_msg("a %f b %f", a, b);
    pc_free(m);
}

/* A weights file read back scores as the model it came from. */
static void test_round_trip(void **state)
{
    (void)state;
    pc_model *m = trained(3), *r = pc_create();
    char *text = weights_text(m);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = 0;
        assert_int_equal(pc_set_weight(r, line, atof(tab + 1)), 0);
    }
    double s1, s2;
    assert_int_equal(pc_score(m, "war b c", &s1), 0);
    assert_int_equal(pc_score(r, "war b c", &s2), 0);
    assert_true(fabs(s1 - s2) < 1e-6);
    free(text);
    pc_free(m); pc_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_separable),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_average),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
