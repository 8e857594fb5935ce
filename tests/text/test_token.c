/* Tokens and sentences: numbers with separators, URLs, quotes, line breaks, original spans,
 * and the sentence splitter's rules. */
#include "common/harness.h"
#include "rasd.h"

struct tk {
    rasd_text t;
    rasd_tokens k;
    char desc[32768];
};

static const char kinds[] = "?ANLPUO";

/* Normalizes and tokenizes s; desc lists "K:normalized" per token, " | " between sentences. */
static void run(struct tk *x, const char *s, unsigned flags)
{
    size_t len = strlen(s), o = 0;
    assert_int_equal(rasd_normalize(s, len, flags, &x->t, NULL), RASD_OK);
    assert_int_equal(rasd_tokenize(&x->t, &x->k), RASD_OK);
    size_t sent = 0;
    x->desc[0] = 0;
    for (size_t i = 0; i < x->k.ntok; i++) {
        const rasd_token *k = &x->k.tok[i];
        assert_true(k->nstart < k->nend && k->nend <= x->t.len);
        assert_true(k->start <= k->end && k->end <= len);
        if (i) {
            assert_true(k->nstart >= x->k.tok[i - 1].nend);
            assert_true(k->start >= x->k.tok[i - 1].start);
        }
        while (sent < x->k.nsent && x->k.sent[sent].last <= i)
            sent++;
        if (i && sent < x->k.nsent && x->k.sent[sent].first == i)
            o += (size_t)snprintf(x->desc + o, sizeof x->desc - o, " |");
        o += (size_t)snprintf(x->desc + o, sizeof x->desc - o, "%s%c:%.*s", i ? " " : "",
                              kinds[k->kind], (int)(k->nend - k->nstart), x->t.s + k->nstart);
        assert_true(o < sizeof x->desc);
    }
    /* Sentences tile the tokens in order. */
    size_t next = 0;
    for (size_t j = 0; j < x->k.nsent; j++) {
        const rasd_sentence *se = &x->k.sent[j];
        assert_int_equal(se->first, next);
        assert_true(se->last > se->first);
        assert_int_equal(se->start, x->k.tok[se->first].start);
        assert_int_equal(se->end, x->k.tok[se->last - 1].end);
        next = se->last;
    }
    assert_int_equal(next, x->k.ntok);
}

static void done(struct tk *x)
{
    rasd_tokens_free(&x->k);
    rasd_text_free(&x->t);
}

static void expect(const char *s, unsigned flags, const char *want)
{
    struct tk x;
    run(&x, s, flags);
    if (strcmp(x.desc, want) != 0)
        fail_msg("'%s'\n got  %s\n want %s", s, x.desc, want);
    done(&x);
}

#define EX RASD_NORM_EXTRACT

static void test_numbers(void **state)
{
    (void)state;
    expect("قتل 12,500 شخص", EX, "A:قتل N:12,500 A:شخص");
    expect("نسبة 3.5 في", EX, "A:نسبة N:3.5 A:في");
    expect("٣٬٥٠٠ و٠٫٧٧", EX, "N:3,500 A:و N:0.77");
    /* Without the punctuation step the Arabic separators still join digits. */
    expect("٣٬٥٠٠ و٠٫٧٧", RASD_NORM_DIGITS, "N:3٬500 A:و N:0٫77");
    expect("١٢٣", 0, "N:١٢٣");
    /* A separator counts only between digits. */
    expect("عام 2015.", EX, "A:عام N:2015 P:.");
    expect("1,2, 3", EX, "N:1,2 P:, N:3");
    expect(",5 .5", EX, "P:, N:5 P:. N:5");
    expect("5,000,000", EX, "N:5,000,000");
    expect("12/5/2015", EX, "N:12 P:/ N:5 P:/ N:2015");
    expect("-3", EX, "P:- N:3");
    expect("5G F16", EX, "L:5G L:F16");
    expect("20قتيلا", EX, "N:20 A:قتيلا");
}

static void test_words_punct_urls(void **state)
{
    (void)state;
    expect("«قال» “نعم” (ذلك) - a/b: \"x\"", EX,
           "P:« A:قال P:» P:“ A:نعم P:” P:( A:ذلك P:) P:- L:a P:/ L:b P:: P:\" L:x P:\"");
    expect("انظر http://example.com/a?b=1. ثم", EX,
           "A:انظر U:http://example.com/a?b=1 P:. | A:ثم");
    expect("www.spa.gov.sa/ar، وغيرها", EX, "U:www.spa.gov.sa/ar P:, A:وغيرها");
    expect("(https://x.org/a_(b))", EX, "P:( U:https://x.org/a_(b) P:)");
    expect("http://aawsat.com/home/article/410826/بريطانيا-أربعة", EX,
           "U:http://aawsat.com/home/article/410826/بريطانيا-اربعة");
    expect("http:// x", EX, "L:http P:: P:/ P:/ L:x");
    expect("Hello, World", EX, "L:Hello P:, L:World");
    expect("€5 ☺", EX, "O:€ N:5 O:☺");
    /* Tatweel and harakat stay inside the word when not normalized. */
    expect("قـالَ", 0, "A:قـالَ");
    /* A joiner inside a word belongs to it; between words it is ignored. */
    expect("ab\xE2\x80\x8C" "cd \xE2\x80\x8F" "ef", 0, "L:ab\xE2\x80\x8C" "cd L:ef");
    expect("", EX, "");
    expect(" \n\t ", EX, "");
}

static void test_spans_and_nl(void **state)
{
    (void)state;
    struct tk x;
    const char *s = "قالَ ١٢\nثم\n\n \nﻻ";
    run(&x, s, EX);
    assert_int_equal(x.k.ntok, 4);
    assert_int_equal(x.k.tok[0].start, 0);
    assert_int_equal(x.k.tok[0].end, 8);         /* the trailing fatha is in the span */
    assert_int_equal(x.k.tok[1].start, 9);
    assert_int_equal(x.k.tok[1].end, 13);
    assert_int_equal(x.k.tok[0].nl, 0);
    assert_int_equal(x.k.tok[1].nl, 0);
    assert_int_equal(x.k.tok[2].nl, 1);
    assert_int_equal(x.k.tok[3].nl, 2);
    assert_int_equal(x.k.tok[3].start, 22);
    assert_int_equal(x.k.tok[3].end, 25);        /* the whole ligature */
    assert_int_equal(x.k.nsent, 3);
    done(&x);
    /* A ligature that expands to several words: every token spans the ligature. */
    run(&x, "ﷺ", EX);
    assert_int_equal(x.k.ntok, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(x.k.tok[i].start, 0);
        assert_int_equal(x.k.tok[i].end, 3);
    }
    done(&x);
    /* NUL bytes separate tokens like blanks. */
    struct tk y;
    assert_int_equal(rasd_normalize("a\0b", 3, EX, &y.t, NULL), RASD_OK);
    assert_int_equal(rasd_tokenize(&y.t, &y.k), RASD_OK);
    assert_int_equal(y.k.ntok, 2);
    done(&y);
    /* CRLF counts as one line break. */
    run(&x, "a\r\nb\r\n\r\nc", EX);
    assert_int_equal(x.k.tok[1].nl, 1);
    assert_int_equal(x.k.tok[2].nl, 2);
    done(&x);
}

static void test_sentences(void **state)
{
    (void)state;
    expect("جاء. ذهب! هل؟ نعم; لا", EX, "A:جاء P:. | A:ذهب P:! | A:هل P:? | A:نعم P:; | A:لا");
    /* Without the punctuation step ؟ and ؛ still end sentences. */
    expect("هل؟ نعم؛ لا", 0, "A:هل P:؟ | A:نعم P:؛ | A:لا");
    /* Headline without a full stop, then the body. */
    expect("عنوان الخبر\nنص الخبر. وبعده", EX, "A:عنوان A:الخبر | A:نص A:الخبر P:. | A:وبعده");
    /* List items. */
    expect("وهي:\n- الأول\n- الثاني", EX, "A:وهي P:: | P:- A:الاول | P:- A:الثاني");
    /* Terminators inside quotes do not split; a closing quote after one does. */
    expect("قال: «قتل. ثم» وذهب.", EX, "A:قال P:: P:« A:قتل P:. A:ثم P:» A:وذهب P:.");
    expect("قال: «انتهى.» ثم ذهب.", EX, "A:قال P:: P:« A:انتهي P:. P:» | A:ثم A:ذهب P:.");
    expect("قال “انتهى؟” ثم", EX, "A:قال P:“ A:انتهي P:? P:” | A:ثم");
    expect("قال \"انتهى. الان\" ثم.", EX, "A:قال P:\" A:انتهي P:. A:الان P:\" A:ثم P:.");
    /* A single line break inside quotes does not split; a blank line does. */
    expect("«قال\nثم» بعد", EX, "P:« A:قال A:ثم P:» A:بعد");
    expect("«قال\n\nثم» بعد", EX, "P:« A:قال | A:ثم P:» A:بعد");
    /* A quote that never closes does not hold the rest of the text together. */
    expect("قال «انتهى. ثم\nذهب. بعد", EX, "A:قال P:« A:انتهي P:. | A:ثم | A:ذهب P:. | A:بعد");
    expect("قال \"انتهى. ثم\nذهب\" بعد", EX, "A:قال P:\" A:انتهي P:. | A:ثم | A:ذهب P:\" A:بعد");
    /* Nested quotes. */
    expect("«قال “لا. نعم” ثم.» بعد", EX, "P:« A:قال P:“ A:لا P:. A:نعم P:” A:ثم P:. P:» | A:بعد");
    /* Runs of terminators stay with their sentence. */
    expect("ماذا؟! حقا... نعم", EX, "A:ماذا P:? P:! | A:حقا P:. P:. P:. | A:نعم");
    /* Abbreviations and numbers. */
    expect("قال د. محمد إن 3.5 مليون", EX, "A:قال A:د P:. A:محمد A:ان N:3.5 A:مليون");
    expect("في عام 2015 م. وقال", EX, "A:في A:عام N:2015 A:م P:. | A:وقال");
    expect("U.S. army", EX, "L:U P:. L:S P:. L:army");
    expect("انتهى.وقال", EX, "A:انتهي P:. | A:وقال");
}

static void test_long_quote(void **state)
{
    (void)state;
    /* An opening mark whose partner lies more than 400 tokens on does not count. */
    char buf[8192];
    size_t o = (size_t)snprintf(buf, sizeof buf, "«");
    for (int i = 0; i < 450; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "بل. ");
    snprintf(buf + o, sizeof buf - o, "»");
    struct tk x;
    run(&x, buf, EX);
    assert_int_equal(x.k.ntok, 902);
    assert_int_equal(x.k.nsent, 451);
    done(&x);
    /* Within that distance it does. */
    o = (size_t)snprintf(buf, sizeof buf, "«");
    for (int i = 0; i < 100; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "بل. ");
    snprintf(buf + o, sizeof buf - o, "» ثم");
    run(&x, buf, EX);
    assert_int_equal(x.k.nsent, 2);
    done(&x);
}

static void test_text_span(void **state)
{
    (void)state;
    rasd_text t;
    const char *s = "وَالكِتابُ ﻻ";   /* و َ ا ل ك ِ ت ا ب ُ space ﻻ */
    assert_int_equal(rasd_normalize(s, strlen(s), EX, &t, NULL), RASD_OK);
    assert_mem_str(t.s, t.len, "والكتاب لا");
    uint32_t a, b;
    /* The stem كتاب after the clitics وال: from ك to the end of the word, damma included. */
    assert_int_equal(rasd_text_span(&t, 6, 14, &a, &b), RASD_OK);
    assert_int_equal(a, 8);
    assert_int_equal(b, 20);
    /* Half of the lam-alef ligature maps to all of it. */
    assert_int_equal(rasd_text_span(&t, 15, 17, &a, &b), RASD_OK);
    assert_int_equal(a, 21);
    assert_int_equal(b, 24);
    assert_int_equal(rasd_text_span(&t, 3, 3, &a, &b), RASD_OK);
    assert_int_equal(a, b);
    assert_int_equal(rasd_text_span(&t, 4, 3, &a, &b), RASD_EINVAL);
    assert_int_equal(rasd_text_span(&t, 0, t.len + 1, &a, &b), RASD_EINVAL);
    rasd_text_free(&t);
}

static void test_unnormalized_text(void **state)
{
    (void)state;
    /* A text without a map tokenizes with identity offsets. */
    rasd_text t = {.s = (char *)"ab 12", .len = 5, .map = NULL, .orig_len = 5};
    rasd_tokens k;
    assert_int_equal(rasd_tokenize(&t, &k), RASD_OK);
    assert_int_equal(k.ntok, 2);
    assert_int_equal(k.tok[1].start, 3);
    assert_int_equal(k.tok[1].end, 5);
    rasd_tokens_free(&k);
    rasd_tokens_free(&k);
    rasd_tokens_free(NULL);
    assert_int_equal(rasd_tokenize(NULL, &k), RASD_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_words_punct_urls),
        cmocka_unit_test(test_spans_and_nl),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_long_quote),
        cmocka_unit_test(test_text_span),
        cmocka_unit_test(test_unnormalized_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
