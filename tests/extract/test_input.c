/* Input readers: plain text, HTML (furniture left out, entities decoded), JSON Lines
 * (good, bad and odd lines), kind detection, empty input and NUL bytes. */
#include "common/harness.h"
#include "extract/input.h"
#include "rasd.h"
#include <unistd.h>

static rasd_reader *open_mem(const char *name, const char *s, size_t n, int kind)
{
    rasd_reader *r = NULL;
    assert_int_equal(rasd_reader_open_mem(name, s, n, kind, NULL, &r), RASD_OK);
    return r;
}

static int contains(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(hay + i, needle, k))
            return 1;
    return 0;
}

static const char page[] =
    "<!DOCTYPE html><html><head><title>خبر - الموقع</title>"
    "<meta property=\"og:title\" content=\"مقتل 5 مدنيين &amp; جرح 3\">"
    "<meta property=\"article:published_time\" content=\"2022-01-22T10:00:00Z\">"
    "<link rel=\"canonical\" href=\"https://example.org/a/1\">"
    "<script>var s = \"قتل 99 شخصا\";</script><style>p{color:red}</style></head><body>"
    "<nav><ul><li>الرئيسية</li><li>سياسة</li></ul></nav>"
    "<header><h1>اسم الموقع</h1></header>"
    "<div class=\"main-menu\"><a>قائمة</a></div>"
    "<article><h1>مقتل 5 مدنيين</h1>"
    "<div class=\"share-buttons\">شارك على فيسبوك</div>"
    "<p>قال &quot;المرصد&quot;   إن\n 5 مدنيين&nbsp;قتلوا &#1601;&#1610; القصف.</p>"
    "<p>فقرة <b>ثانية</b> بخط <i>مائل</i></p>"
    "<ul><li>أولا</li></ul><blockquote>اقتباس</blockquote>"
    "<div id=\"comments\"><p>تعليق قارئ</p></div></article>"
    "<aside><p>اقرأ أيضا</p></aside><form><p>اشترك</p></form>"
    "<footer><p>جميع الحقوق محفوظة</p></footer></body></html>";

static void html_body(void **state)
{
    (void)state;
    rasd_reader *r = open_mem("a.html", page, sizeof page - 1, RASD_INPUT_AUTO);
    const rasd_doc *d;
    assert_int_equal(rasd_reader_next(r, &d), 1);
    assert_int_equal(d->kind, RASD_INPUT_HTML);
    assert_string_equal(d->id, "a");
    assert_mem_str(d->text, d->text_len,
                   "مقتل 5 مدنيين\n\n"
                   "قال \"المرصد\" إن 5 مدنيين قتلوا في القصف.\n\n"
                   "فقرة ثانية بخط مائل\n\nأولا\n\nاقتباس");
    assert_string_equal(d->title, "مقتل 5 مدنيين & جرح 3");
    assert_int_equal(d->title_in_text, 1);
    assert_string_equal(d->url, "https://example.org/a/1");
    assert_string_equal(d->published, "2022-01-22T10:00:00Z");
    assert_int_equal(rasd_reader_next(r, &d), 0);
    rasd_reader_free(r);
}

static void html_loose_text_and_title_fallbacks(void **state)
{
    (void)state;
    static const char s[] = "<html><head><title> عنوان  الصفحة </title></head><body>"
                            "<div>سطر أول<br>سطر ثان</div><div class=\"footer\">تذييل</div>"
                            "</body></html>";
    char *text, *title;
    size_t tl, hl;
    assert_int_equal(rasd_html_text(s, sizeof s - 1, &text, &tl, &title, &hl), RASD_OK);
    assert_mem_str(text, tl, "سطر أول\n\nسطر ثان");
    assert_string_equal(title, "عنوان الصفحة");
    assert_int_equal(hl, strlen(title));
    free(text);
    free(title);
    /* Without og:title the first h1 outside the page's header is the title. */
    static const char h[] = "<html><head><title>x</title></head><body>"
                            "<header><h1>اسم الموقع</h1></header><main><header>"
                            "<h1>العنوان</h1></header>نص</main></body></html>";
    assert_int_equal(rasd_html_text(h, sizeof h - 1, &text, &tl, &title, NULL), RASD_OK);
    assert_string_equal(title, "العنوان");
    assert_mem_str(text, tl, "العنوان\n\nنص");
    free(text);
    free(title);
}

static void html_body_by_class(void **state)
{
    (void)state;
    /* Body text as loose lines in a div named for the article; a caption in <p> elsewhere;
     * a bootstrap-like utility container is no body by its name. */
    static const char s[] = "<html><body><div class=\"container\"><div class=\"text-center\">"
                            "إعلان</div><p>صورة أرشيفية</p>"
                            "<div class=\"article-body\">قتل 3 مدنيين.<br>وأصيب 4 آخرون."
                            "<div class=\"social-share\">شارك</div></div></div></body></html>";
    char *text;
    size_t tl;
    assert_int_equal(rasd_html_text(s, sizeof s - 1, &text, &tl, NULL, NULL), RASD_OK);
    assert_mem_str(text, tl, "صورة أرشيفية\n\nقتل 3 مدنيين.\n\nوأصيب 4 آخرون.");
    free(text);
}

static void html_garbage(void **state)
{
    (void)state;
    static const char s[] = "<p>a<p>b</div></span><<<>&bogus;&#0;&#xD800;<p\0c>d</p>";
    char *text;
    size_t tl;
    assert_int_equal(rasd_html_text(s, sizeof s - 1, &text, &tl, NULL, NULL), RASD_OK);
    assert_non_null(text);
    assert_true(contains(text, tl, "a"));
    free(text);
    assert_int_equal(rasd_html_text("", 0, &text, &tl, NULL, NULL), RASD_OK);
    assert_int_equal(tl, 0);
    free(text);
}

static void html_charsets(void **state)
{
    (void)state;
    /* A page that names its legacy Arabic charset is decoded from it ... */
    static const char cp1256[] = "<html><head><meta charset=\"windows-1256\"></head>"
                                 "<body><p>\xe3\xd1\xcd\xc8\xc7</p></body></html>";
    char *text;
    size_t tl;
    assert_int_equal(rasd_html_text(cp1256, sizeof cp1256 - 1, &text, &tl, NULL, NULL), RASD_OK);
    assert_mem_str(text, tl, "مرحبا");
    free(text);
    /* ... and one that names none is read as UTF-8, not Latin-1. */
    static const char bare[] = "<p>مرحبا</p>";
    assert_int_equal(rasd_html_text(bare, sizeof bare - 1, &text, &tl, NULL, NULL), RASD_OK);
    assert_mem_str(text, tl, "مرحبا");
    free(text);
}

static const char lines[] =
    "{\"id\":\"a1\",\"outlet\":\"x\",\"url\":\"u\",\"published\":\"2022-01-22\","
    "\"title\":\"مقتل 3\",\"text\":\"قتل 3 أشخاص\",\"tags\":[1,{\"k\":2}]}\n"
    "{\"id\": \"a2\", \"text\": \"bad\"\n"
    "\r\n"
    "{\"text\":\"بلا معرف\"}\r\n"
    "[1,2]\n"
    "{\"id\":\"a5\",\"text\":5}\n"
    "{\"id\":7,\"title\":null,\"text\":\"nul\\u0000byte\"}\n"
    "{\"id\":\"a8\",\"text\":\"\xff\"}\n"
    "{\"id\":\"a9\",\"text\":\"last, no newline\"}";

static void jsonl_good_and_bad(void **state)
{
    (void)state;
    rasd_doc_defaults defs = {NULL, "default-outlet", NULL, "2020-01-01"};
    rasd_reader *r = NULL;
    assert_int_equal(rasd_reader_open_mem("dir/feed.jsonl", lines, sizeof lines - 1,
                                          RASD_INPUT_AUTO, &defs, &r), RASD_OK);
    const rasd_doc *d;
    const char *name, *detail;
    long line;
    assert_int_equal(rasd_reader_next(r, &d), 1);
    assert_string_equal(d->id, "a1");
    assert_string_equal(d->outlet, "x");
    assert_string_equal(d->url, "u");
    assert_string_equal(d->published, "2022-01-22");
    assert_mem_str(d->title, d->title_len, "مقتل 3");
    assert_mem_str(d->text, d->text_len, "قتل 3 أشخاص");
    assert_int_equal(d->kind, RASD_INPUT_JSONL);
    assert_int_equal(d->title_in_text, 0);
    assert_int_equal(d->line, 1);

    assert_int_equal(rasd_reader_next(r, &d), RASD_EPARSE);
    rasd_reader_where(r, &name, &line, &detail);
    assert_string_equal(name, "dir/feed.jsonl");
    assert_int_equal(line, 2);
    assert_true(!strncmp(detail, "invalid JSON: ", 14));

    assert_int_equal(rasd_reader_next(r, &d), 1); /* the blank line 3 is skipped */
    assert_string_equal(d->id, "feed:4");
    assert_string_equal(d->outlet, "default-outlet");
    assert_string_equal(d->published, "2020-01-01");
    assert_null(d->title);

    assert_int_equal(rasd_reader_next(r, &d), RASD_EPARSE);
    rasd_reader_where(r, NULL, &line, &detail);
    assert_int_equal(line, 5);
    assert_string_equal(detail, "not a JSON object");

    assert_int_equal(rasd_reader_next(r, &d), RASD_EPARSE);
    rasd_reader_where(r, NULL, &line, &detail);
    assert_int_equal(line, 6);
    assert_string_equal(detail, "'text' is not a string");

    assert_int_equal(rasd_reader_next(r, &d), 1);
    assert_string_equal(d->id, "7");
    assert_int_equal(d->text_len, 8);
    assert_memory_equal(d->text, "nul\0byte", 8);

    assert_int_equal(rasd_reader_next(r, &d), RASD_EUTF8);
    rasd_reader_where(r, NULL, &line, &detail);
    assert_int_equal(line, 8);
    assert_non_null(strstr(detail, "invalid UTF-8 at byte "));

    assert_int_equal(rasd_reader_next(r, &d), 1);
    assert_string_equal(d->id, "a9");
    assert_int_equal(d->line, 9);
    assert_int_equal(rasd_reader_next(r, &d), 0);
    assert_int_equal(rasd_reader_next(r, &d), 0);
    rasd_reader_free(r);
}

static void jsonl_streams_from_file(void **state)
{
    (void)state;
    char path[] = "/tmp/rasd_input_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    /* Many lines, one of them far longer than the reader's first buffer. */
    for (int i = 0; i < 3000; i++) {
        fprintf(f, "{\"id\":\"d%d\",\"text\":\"", i);
        int n = i == 1500 ? 300000 : 10;
        for (int k = 0; k < n; k++)
            fputs("ن", f);
        fputs("\"}\n", f);
    }
    fclose(f);
    rasd_reader *r = NULL;
    assert_int_equal(rasd_reader_open(path, RASD_INPUT_JSONL, NULL, &r), RASD_OK);
    const rasd_doc *d;
    int n = 0, rc;
    while ((rc = rasd_reader_next(r, &d)) == 1) {
        char id[16];
        snprintf(id, sizeof id, "d%d", n);
        assert_string_equal(d->id, id);
        assert_int_equal(d->text_len, (n == 1500 ? 300000u : 10u) * 2);
        n++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(n, 3000);
    rasd_reader_free(r);
    unlink(path);
    assert_int_equal(rasd_reader_open("/nonexistent/x.txt", RASD_INPUT_AUTO, NULL, &r),
                     RASD_EIO);
}

static void plain_text(void **state)
{
    (void)state;
    static const char s[] = "\n  العنوان هنا  \nالنص\0مع صفر\n";
    rasd_doc_defaults defs = {"my-id", "outlet", NULL, NULL};
    rasd_reader *r = NULL;
    assert_int_equal(rasd_reader_open_mem("x/001.txt", s, sizeof s - 1, RASD_INPUT_AUTO,
                                          &defs, &r), RASD_OK);
    const rasd_doc *d;
    assert_int_equal(rasd_reader_next(r, &d), 1);
    assert_int_equal(d->kind, RASD_INPUT_TEXT);
    assert_string_equal(d->id, "my-id");
    assert_int_equal(d->text_len, sizeof s - 1);
    assert_memory_equal(d->text, s, sizeof s - 1);
    assert_int_equal(d->text[d->text_len], 0);
    assert_string_equal(d->title, "العنوان هنا");
    assert_int_equal(rasd_reader_next(r, &d), 0);
    rasd_reader_free(r);
}

static void empty_inputs(void **state)
{
    (void)state;
    int kinds[] = {RASD_INPUT_AUTO, RASD_INPUT_TEXT, RASD_INPUT_HTML, RASD_INPUT_JSONL};
    for (size_t i = 0; i < 4; i++) {
        rasd_reader *r = open_mem(NULL, "", 0, kinds[i]);
        const rasd_doc *d;
        assert_int_equal(rasd_reader_next(r, &d), 0);
        rasd_reader_free(r);
    }
    rasd_reader *r = open_mem("e.jsonl", "\n\n  \n", 5, RASD_INPUT_AUTO);
    const rasd_doc *d;
    assert_int_equal(rasd_reader_next(r, &d), 0);
    rasd_reader_free(r);
    rasd_reader_free(NULL);
    assert_int_equal(rasd_reader_open_mem("x", "", 0, 42, NULL, &r), RASD_EINVAL);
}

static void detection(void **state)
{
    (void)state;
    assert_int_equal(input_sniff("a.HTM", "x", 1), RASD_INPUT_HTML);
    assert_int_equal(input_sniff("a.json", "x", 1), RASD_INPUT_JSONL);
    assert_int_equal(input_sniff("a.txt", "{", 1), RASD_INPUT_TEXT);
    assert_int_equal(input_sniff("dir.d/a", "\xEF\xBB\xBF  {\"id\":1}", 13), RASD_INPUT_JSONL);
    assert_int_equal(input_sniff(NULL, "\n<!doctype html><p>x", 20), RASD_INPUT_HTML);
    assert_int_equal(input_sniff(NULL, "<<< not html", 12), RASD_INPUT_TEXT);
    assert_int_equal(input_sniff(NULL, "قتل 5", 8), RASD_INPUT_TEXT);
    assert_int_equal(input_sniff(NULL, "", 0), RASD_INPUT_TEXT);
    int k;
    assert_int_equal(rasd_input_kind("jsonl", &k), RASD_OK);
    assert_int_equal(k, RASD_INPUT_JSONL);
    assert_int_equal(rasd_input_kind("xml", &k), RASD_ENOTFOUND);
}

static void nul_bytes_everywhere(void **state)
{
    (void)state;
    static const char j[] = "{\"id\":\"a\",\0\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\"}\n";
    rasd_reader *r = open_mem(NULL, j, sizeof j - 1, RASD_INPUT_JSONL);
    const rasd_doc *d;
    assert_int_equal(rasd_reader_next(r, &d), RASD_EPARSE);
    assert_int_equal(rasd_reader_next(r, &d), 1);
    assert_string_equal(d->id, "b");
    rasd_reader_free(r);
    static const char h[] = "<html><body><p>قبل\0بعد</p><p>ثم</p></body></html>";
    r = open_mem("p.html", h, sizeof h - 1, RASD_INPUT_AUTO);
    assert_int_equal(rasd_reader_next(r, &d), 1);
    assert_int_equal(d->kind, RASD_INPUT_HTML);
    assert_true(contains(d->text, d->text_len, "قبل"));
    rasd_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_body),
        cmocka_unit_test(html_loose_text_and_title_fallbacks),
        cmocka_unit_test(html_body_by_class),
        cmocka_unit_test(html_garbage),
        cmocka_unit_test(html_charsets),
        cmocka_unit_test(jsonl_good_and_bad),
        cmocka_unit_test(jsonl_streams_from_file),
        cmocka_unit_test(plain_text),
        cmocka_unit_test(empty_inputs),
        cmocka_unit_test(detection),
        cmocka_unit_test(nul_bytes_everywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
