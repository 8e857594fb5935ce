/* The store: idempotent ingest, replacement of changed versions, batches, search with
 * Arabic spelling variants and snippets, the tokenizer's spans, and the exports. */
#include "common/harness.h"
#include "common/data.h"
#include "store/fts.h"
#include "store/store.h"
#include "store/sqlite/sqlite.h"
#include "rasd.h"
#include <unistd.h>

/* The SQLite connection under s: these tests look at the SQLite backend's tables. */
static sqlite3 *store_db(rasd_store *s)
{
    return sqlite_db(s->b);
}

static char dbpath[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dbpath, sizeof dbpath, "/tmp/rasd_store_test_%d.db", (int)getpid());
    return 0;
}

static void remove_db(void)
{
    char p[80];
    unlink(dbpath);
    snprintf(p, sizeof p, "%s-wal", dbpath);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", dbpath);
    unlink(p);
}

static rasd_store *fresh_store(void)
{
    remove_db();
    rasd_store *s = NULL;
    assert_int_equal(rasd_store_open(dbpath, &s), RASD_OK);
    return s;
}

static rasd_doc doc_of(const char *id, const char *title, const char *text)
{
    rasd_doc d = {0};
    d.id = id;
    d.outlet = "outlet";
    d.published = "2022-01-22";
    d.title = title;
    d.title_len = title ? strlen(title) : 0;
    d.text = text;
    d.text_len = strlen(text);
    d.kind = RASD_INPUT_JSONL;
    return d;
}

static int64_t count(rasd_store *s)
{
    int64_t n = -1;
    assert_int_equal(rasd_store_count(s, &n), RASD_OK);
    return n;
}

static void idempotent(void **state)
{
    (void)state;
    rasd_store *s = fresh_store();
    rasd_doc d = doc_of("a1", "عنوان", "قتل خمسة مدنيين");
    int out;
    assert_int_equal(rasd_store_put(s, &d, &out, NULL), RASD_OK);
    assert_int_equal(out, RASD_PUT_NEW);
    assert_int_equal(rasd_store_put(s, &d, &out, NULL), RASD_OK);
    assert_int_equal(out, RASD_PUT_SAME);
    assert_int_equal(rasd_store_commit(s), RASD_OK);
    rasd_store_free(s);
    /* A second session sees the committed article and skips it too. */
    assert_int_equal(rasd_store_open(dbpath, &s), RASD_OK);
    assert_int_equal(rasd_store_put(s, &d, &out, NULL), RASD_OK);
    assert_int_equal(out, RASD_PUT_SAME);
    assert_int_equal(count(s), 1);
    /* Another id with the same text is another article. */
    rasd_doc e = doc_of("a2", "عنوان", "قتل خمسة مدنيين");
    assert_int_equal(rasd_store_put(s, &e, &out, NULL), RASD_OK);
    assert_int_equal(out, RASD_PUT_NEW);
    assert_int_equal(count(s), 2);
    rasd_store_free(s);
}

static int count_hits(void *ctx, const rasd_hit *h)
{
    (void)h;
    ++*(int *)ctx;
    return 0;
}

static int hits(rasd_store *s, const char *q)
{
    int n = 0;
    int rc = rasd_store_search(s, q, strlen(q), 50, NULL, NULL, count_hits, &n);
    assert_int_equal(rc, RASD_OK);
    return n;
}

static void replaces_changed_version(void **state)
{
    (void)state;
    rasd_store *s = fresh_store();
    rasd_doc d = doc_of("a1", "قديم", "نص قديم عن البرتقال");
    int out;
    assert_int_equal(rasd_store_put(s, &d, &out, NULL), RASD_OK);
    assert_int_equal(rasd_store_commit(s), RASD_OK);
    /* A figure derived from the old version must go with it. */
    sqlite3 *db = store_db(s);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO figures(seq, n, doc, category, value)"
                                      " SELECT seq, 0, id, 'killed', 5 FROM articles",
                                  NULL, NULL, NULL), SQLITE_OK);
    rasd_doc e = doc_of("a1", "جديد", "نص جديد عن التفاح");
    assert_int_equal(rasd_store_put(s, &e, &out, NULL), RASD_OK);
    assert_int_equal(out, RASD_PUT_REPLACED);
    assert_int_equal(rasd_store_commit(s), RASD_OK);
    assert_int_equal(count(s), 1);
    assert_int_equal(hits(s, "البرتقال"), 0);
    assert_int_equal(hits(s, "التفاح"), 1);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM figures", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    /* Metadata alone changing is a new version too. */
    e.outlet = "other";
    assert_int_equal(rasd_store_put(s, &e, &out, NULL), RASD_OK);
    assert_int_equal(out, RASD_PUT_REPLACED);
    rasd_store_free(s);
}

static void batches_commit(void **state)
{
    (void)state;
    rasd_store *s = fresh_store();
    rasd_store_set_batch(s, 2);
    char id[16], text[32];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "d%u", (unsigned)i % 10u);
        snprintf(text, sizeof text, "خبر رقم %d", i);
        rasd_doc d = doc_of(id, NULL, text);
        assert_int_equal(rasd_store_put(s, &d, NULL, NULL), RASD_OK);
    }
    /* A second connection sees the two full batches only, until the end. */
    rasd_store *t = NULL;
    assert_int_equal(rasd_store_open(dbpath, &t), RASD_OK);
    assert_int_equal(count(t), 4);
    rasd_store_free(s);
    assert_int_equal(count(t), 5);
    rasd_store_free(t);
}

static void failed_article_keeps_batch(void **state)
{
    (void)state;
    rasd_store *s = fresh_store();
    assert_int_equal(sqlite3_exec(store_db(s),
        "CREATE TEMP TRIGGER boom BEFORE INSERT ON articles WHEN new.id = 'boom'"
        " BEGIN SELECT RAISE(ABORT, 'refused'); END;", NULL, NULL, NULL), SQLITE_OK);
    rasd_doc a = doc_of("ok1", NULL, "أول");
    rasd_doc b = doc_of("boom", NULL, "ثان");
    rasd_doc c = doc_of("ok2", NULL, "ثالث");
    assert_int_equal(rasd_store_put(s, &a, NULL, NULL), RASD_OK);
    assert_int_equal(rasd_store_put(s, &b, NULL, NULL), RASD_EDB);
    assert_non_null(strstr(rasd_store_detail(s), "refused"));
    assert_int_equal(rasd_store_put(s, &c, NULL, NULL), RASD_OK);
    assert_int_equal(rasd_store_commit(s), RASD_OK);
    assert_int_equal(count(s), 2);
    assert_int_equal(hits(s, "اول"), 1);
    rasd_store_free(s);
}

/* Stored spelling -> a query spelling that must find it. */
static const char *const variants[][2] = {
    {"أطفال", "اطفال"},          /* hamza on alef */
    {"إصابة", "اصابه"},          /* hamza below, teh marbuta */
    {"آذار", "اذار"},            /* madda */
    {"الحسكة", "حسكه"},          /* article + teh marbuta */
    {"المستشفى", "مستشفي"},      /* alef maqsura */
    {"مُحَمَّد", "محمد"},          /* diacritics */
    {"محمد", "مُحَمَّد"},
    {"الجـــيش", "الجيش"},       /* tatweel */
    {"وبالمدينة", "المدينة"},    /* clitics */
    {"للأطفال", "أطفال"},
    {"فالمعارك", "معارك"},
    {"٣٩", "39"},                /* Arabic-Indic digits */
};

static void search_variants(void **state)
{
    (void)state;
    rasd_store *s = fresh_store();
    char text[256], id[8];
    size_t nv = sizeof variants / sizeof *variants;
    for (size_t i = 0; i < nv; i++) {
        snprintf(id, sizeof id, "v%zu", i);
        snprintf(text, sizeof text, "خبر فيه كلمة %s وحدها", variants[i][0]);
        rasd_doc d = doc_of(id, NULL, text);
        assert_int_equal(rasd_store_put(s, &d, NULL, NULL), RASD_OK);
    }
    assert_int_equal(rasd_store_commit(s), RASD_OK);
    for (size_t i = 0; i < nv; i++) {
        int n = hits(s, variants[i][1]);
        if (n < 1)
            fail_msg("'%s' does not find '%s'", variants[i][1], variants[i][0]);
    }
    assert_int_equal(hits(s, "خبر"), (int)nv);
    assert_int_equal(hits(s, "برتقال"), 0);
    assert_int_equal(hits(s, "محمد الجيش"), 0); /* every word must match */
    int n = 0;
    assert_int_equal(rasd_store_search(s, "«»!", 6, 5, NULL, NULL, count_hits, &n),
                     RASD_EINVAL);
    /* FTS5 syntax in a query is taken as words, never as operators. */
    assert_int_equal(hits(s, "NOT \"خبر\" OR *"), 0);
    assert_int_equal(hits(s, "(خبر) كلمة* ^وحدها:"), (int)nv);
    /* Quoted words are a phrase: in that order, side by side. */
    assert_int_equal(hits(s, "\"خبر فيه\""), (int)nv);
    assert_int_equal(hits(s, "«خبر فيه» كلمة"), (int)nv);
    assert_int_equal(hits(s, "\"فيه خبر\""), 0);
    assert_int_equal(hits(s, "“خبر كلمة”"), 0);
    assert_int_equal(hits(s, "\"خبر فيه"), (int)nv); /* unclosed: to the end */
    rasd_store_free(s);
}

struct snip {
    char snippet[512];
    uint32_t m[8];
    size_t nm;
};

static int keep_hit(void *ctx, const rasd_hit *h)
{
    struct snip *o = ctx;
    snprintf(o->snippet, sizeof o->snippet, "%s", h->snippet);
    o->nm = h->nmatch < 4 ? h->nmatch : 4;
    memcpy(o->m, h->match, o->nm * 2 * sizeof *h->match);
    return 1;
}

static void snippets_and_spans(void **state)
{
    (void)state;
    rasd_store *s = fresh_store();
    static const char text[] = "قالت مصادر إن مُحَمَّد وصل إلى المستشفى صباحا.";
    rasd_doc d = doc_of("s1", NULL, text);
    assert_int_equal(rasd_store_put(s, &d, NULL, NULL), RASD_OK);
    struct snip o = {0};
    assert_int_equal(rasd_store_search(s, "محمد مستشفي", strlen("محمد مستشفي"), 5, "<b>",
                                       "</b>", keep_hit, &o), RASD_OK);
    assert_string_equal(o.snippet,
                        "قالت مصادر إن <b>مُحَمَّد</b> وصل إلى <b>المستشفى</b> صباحا.");
    assert_int_equal(o.nm, 2);
    assert_mem_str(text + o.m[0], o.m[1] - o.m[0], "مُحَمَّد");
    assert_mem_str(text + o.m[2], o.m[3] - o.m[2], "المستشفى");
    rasd_store_free(s);
}

struct toks {
    char buf[512];
    size_t len;
    int spans[32][2];
    int n;
};

static int take_token(void *ctx, const char *tok, int n, int start, int end)
{
    struct toks *t = ctx;
    if (t->len + (size_t)n + 2 < sizeof t->buf) {
        if (t->len)
            t->buf[t->len++] = ' ';
        memcpy(t->buf + t->len, tok, (size_t)n);
        t->len += (size_t)n;
        t->buf[t->len] = 0;
    }
    if (t->n < 32) {
        t->spans[t->n][0] = start;
        t->spans[t->n][1] = end;
        t->n++;
    }
    return 0;
}

static void tokenizer(void **state)
{
    (void)state;
    static const char in[] = "وبالمُستشفى، 12 Hospital\xff\0ةالحسكة";
    struct toks t = {0};
    assert_int_equal(fts_tokenize(in, sizeof in - 1, take_token, &t), 0);
    assert_int_equal(t.n, 4);
    /* Spans are in the original bytes: the first word starts at 0 and ends before «،». */
    assert_int_equal(t.spans[0][0], 0);
    assert_mem_str(in + t.spans[0][1], 2, "،");
    assert_mem_str(in + t.spans[1][0], 2, "12");
    assert_mem_str(in + t.spans[2][0], 8, "Hospital");
    assert_true(strstr(t.buf, "hospital") != NULL);
    /* Empty and odd inputs are fine. */
    struct toks e = {0};
    assert_int_equal(fts_tokenize("", 0, take_token, &e), 0);
    assert_int_equal(e.n, 0);
}

struct out {
    char buf[8192];
    size_t len;
};

static int collect(void *ctx, const char *p, size_t n)
{
    struct out *o = ctx;
    if (o->len + n >= sizeof o->buf)
        return 1;
    memcpy(o->buf + o->len, p, n);
    o->len += n;
    o->buf[o->len] = 0;
    return 0;
}

/* Appends every row of sql's result to the text *out, fields separated by '|'. */
static int dump_row(void *ctx, int n, char **v, char **names)
{
    (void)names;
    char **out = ctx;
    size_t len = strlen(*out), add = 2;
    for (int i = 0; i < n; i++)
        add += (v[i] ? strlen(v[i]) : 4) + 1;
    char *q = realloc(*out, len + add);
    assert_non_null(q);
    *out = q;
    for (int i = 0; i < n; i++)
        len += (size_t)sprintf(q + len, "%s|", v[i] ? v[i] : "NULL");
    strcpy(q + len, "\n");
    return 0;
}

/* The rows an article's put derives: figures, mentions, lead names. */
static char *derived_rows(rasd_store *s)
{
    static const char *const sql[] = {
        "SELECT n, doc, category, grp, actor, value, low, high, qualifier, unit, source,"
        " source_text, location, date, span_start, span_end, field, sentence FROM figures"
        " ORDER BY n",
        "SELECT kind, ref, span_start, span_end, field FROM mentions ORDER BY rowid",
        "SELECT places, groups FROM article_names"};
    char *out = calloc(1, 1);
    assert_non_null(out);
    for (size_t i = 0; i < sizeof sql / sizeof *sql; i++)
        assert_int_equal(sqlite3_exec(store_db(s), sql[i], dump_row, &out, NULL), SQLITE_OK);
    return out;
}

struct figlist {
    rasd_figure f[64];
    size_t n;
};

static int keep_figure(void *ud, const rasd_doc *d, const rasd_figure *f)
{
    (void)d;
    struct figlist *l = ud;
    assert_true(l->n < 64);
    l->f[l->n++] = *f;
    return 0;
}

static void put_given_figures(void **state)
{
    (void)state;
    rasd_doc d = doc_of("g1", "مقتل 5 مدنيين في الحسكة",
                        "قتل 5 مدنيين في قصف على مدينة الحسكة، بحسب المرصد السوري لحقوق "
                        "الإنسان. وأعلنت قوات سوريا الديمقراطية اعتقال 12 عنصرا من داعش.");
    rasd_store *s = fresh_store();
    size_t nf = 0;
    int out = 0;
    assert_int_equal(rasd_store_put(s, &d, &out, &nf), RASD_OK);
    assert_int_equal(rasd_store_commit(s), RASD_OK);
    char *extracted = derived_rows(s);
    rasd_store_free(s);

    rasd_extractor *x = NULL;
    struct figlist l = {.n = 0};
    assert_int_equal(rasd_extractor_create(&x), RASD_OK);
    assert_int_equal(rasd_extract(x, &d, keep_figure, &l), RASD_OK);
    assert_true(l.n >= 2);
    assert_int_equal(l.n, nf);
    s = fresh_store();
    assert_int_equal(rasd_store_put_figures(s, &d, NULL, 1, &out), RASD_EINVAL);
    assert_int_equal(rasd_store_put_figures(s, &d, l.f, l.n, &out), RASD_OK);
    assert_int_equal(out, RASD_PUT_NEW);
    assert_int_equal(rasd_store_commit(s), RASD_OK);
    char *given = derived_rows(s);
    assert_string_equal(given, extracted);
    /* The same article again is the same version, whatever figures come with it. */
    assert_int_equal(rasd_store_put_figures(s, &d, NULL, 0, &out), RASD_OK);
    assert_int_equal(out, RASD_PUT_SAME);
    rasd_store_free(s);
    rasd_extractor_free(x);
    free(extracted);
    free(given);
    remove_db();
}

static void exports(void **state)
{
    (void)state;
    rasd_store *s = fresh_store();
    rasd_doc d = doc_of("e1", NULL, "نص");
    assert_int_equal(rasd_store_put(s, &d, NULL, NULL), RASD_OK);
    assert_int_equal(rasd_store_commit(s), RASD_OK);
    /* Figures written as the extractor would: two sources disagree on isis, one on sdf. */
    assert_int_equal(sqlite3_exec(store_db(s),
        "INSERT INTO figures(seq, n, doc, category, grp, actor, value, low, high, qualifier,"
        " unit, source, source_text, location, date, span_start, span_end, sentence)"
        " SELECT seq, 0, id, 'killed', 'isis', 'isis', 39, 39, 39, 'exact', 'person',"
        "  'sohr', 'المرصد', 'no_such_place', '2022-01-22', 0, 6, 'جملة \"مقتبسة\", وفاصلة'"
        "  FROM articles;"
        "INSERT INTO figures(seq, n, doc, category, grp, value, low, high, qualifier, source,"
        " date, span_start, span_end)"
        " SELECT seq, 1, id, 'killed', 'isis', 40, 40, 40, 'exact', 'a,\"b\"',"
        "  '2022-01-22', 7, 9 FROM articles;"
        "INSERT INTO figures(seq, n, doc, category, grp, value, low, high, qualifier, source,"
        " date, span_start, span_end)"
        " SELECT seq, 2, id, 'killed', 'sdf', 23, 23, 23, 'exact', 'sohr', '2022-01-22',"
        "  10, 12 FROM articles;",
        NULL, NULL, NULL), SQLITE_OK);
    struct out o = {0};
    assert_int_equal(rasd_store_export(s, RASD_EXPORT_ACLED, collect, &o), RASD_OK);
    assert_string_equal(o.buf,
        "event_date,event_type,sub_event_type,actor1,actor2,admin1,location,latitude,"
        "longitude,fatalities,source,notes\r\n"
        "2022-01-22,Battles,Armed clash,isis,sdf,,no_such_place,,,62,\"sohr; a,\"\"b\"\"\","
        "\"story s1: killed isis 39 (sohr, outlet e1); killed isis 40 (a,\"\"b\"\", outlet e1);"
        " killed sdf 23 (sohr, outlet e1)\"\r\n");
    /* A place of the lexicon gets its coordinates from there. */
    const struct rasd_data_file *places = data_find("places.tsv");
    if (places) {
        struct data_tsv t;
        data_tsv_init(&t, places->bytes, places->len);
        while (data_tsv_next(&t) && (t.nfields < 6 || !t.f[4].len))
            ;
        char id[64], want[160];
        snprintf(id, sizeof id, "%.*s", (int)t.f[1].len, t.f[1].p);
        snprintf(want, sizeof want, ",%s,%.*s,%.*s,", id, (int)t.f[4].len, t.f[4].p,
                 (int)t.f[5].len, t.f[5].p);
        char sql[200];
        snprintf(sql, sizeof sql, "UPDATE figures SET location = '%s'", id);
        assert_int_equal(sqlite3_exec(store_db(s), sql, NULL, NULL, NULL), SQLITE_OK);
        o.len = 0;
        assert_int_equal(rasd_store_export(s, RASD_EXPORT_ACLED, collect, &o), RASD_OK);
        if (!strstr(o.buf, want))
            fail_msg("no '%s' in %s", want, o.buf);
    }
    o.len = 0;
    assert_int_equal(rasd_store_export(s, RASD_EXPORT_JSONL, collect, &o), RASD_OK);
    assert_non_null(strstr(o.buf, "{\"type\":\"figure\",\"doc\":\"e1\",\"category\":\"killed\","
                                  "\"group\":\"isis\",\"actor\":\"isis\",\"value\":39,"
                                  "\"low\":39,\"high\":39,\"qualifier\":\"exact\","));
    assert_non_null(strstr(o.buf, "\"text\":\"جملة \\\"مقتبسة\\\", وفاصلة\""));
    assert_non_null(strstr(o.buf, "\"actor\":null,\"value\":23"));
    int lines = 0;
    for (size_t i = 0; i < o.len; i++)
        lines += o.buf[i] == '\n';
    assert_int_equal(lines, 3);
    assert_int_equal(rasd_store_export(s, 99, collect, &o), RASD_EINVAL);
    rasd_store_free(s);
    remove_db();
}

struct seen {
    int64_t seq[8];
    size_t n;
};

static int see_article(void *ctx, const struct sb_article *a)
{
    struct seen *v = ctx;
    assert_true(v->n < 8);
    assert_non_null(a->id.p);
    assert_int_equal(a->id.p[a->id.n], 0);
    v->seq[v->n++] = a->seq;
    return RASD_OK;
}

static int see_figure(void *ctx, const struct sb_figure_row *f)
{
    struct seen *v = ctx;
    assert_true(v->n < 8);
    v->seq[v->n++] = f->seq;
    return RASD_OK;
}

/* Derived data catches up by asking for what came after the last seq it read. */
static void scans_since(void **state)
{
    (void)state;
    rasd_store *s = fresh_store();
    rasd_doc d[3] = {doc_of("s1", NULL, "قتل خمسة مدنيين في حلب"),
                     doc_of("s2", NULL, "قتل ثلاثة جنود في حمص"),
                     doc_of("s3", NULL, "اعتقل سبعة مسلحين في درعا")};
    for (int i = 0; i < 3; i++)
        assert_int_equal(rasd_store_put(s, &d[i], NULL, NULL), RASD_OK);
    assert_int_equal(rasd_store_commit(s), RASD_OK);
    struct seen all = {0}, later = {0}, figs = {0};
    assert_int_equal(sb_articles_since(s->b, 0, see_article, &all), RASD_OK);
    assert_int_equal(all.n, 3);
    assert_true(all.seq[0] < all.seq[1] && all.seq[1] < all.seq[2]);
    assert_int_equal(sb_articles_since(s->b, all.seq[0], see_article, &later), RASD_OK);
    assert_int_equal(later.n, 2);
    assert_int_equal(later.seq[0], all.seq[1]);
    assert_int_equal(later.seq[1], all.seq[2]);
    assert_int_equal(sb_figure_rows(s->b, SB_BY_ARTICLE, all.seq[1], see_figure, &figs),
                     RASD_OK);
    assert_int_equal(figs.n, 1);
    assert_int_equal(figs.seq[0], all.seq[2]);
    /* A replaced version is seen again, as a new seq above the rest. */
    rasd_doc changed = doc_of("s1", NULL, "قتل ستة مدنيين في حلب");
    int out;
    assert_int_equal(rasd_store_put(s, &changed, &out, NULL), RASD_OK);
    assert_int_equal(out, RASD_PUT_REPLACED);
    assert_int_equal(rasd_store_commit(s), RASD_OK);
    struct seen after = {0};
    assert_int_equal(sb_articles_since(s->b, all.seq[2], see_article, &after), RASD_OK);
    assert_int_equal(after.n, 1);
    rasd_store_free(s);
    remove_db();
}

extern const struct sb_ops sb_pg_ops __attribute__((weak));

/* A PostgreSQL address reaches the PostgreSQL backend, never a SQLite file of that name;
 * a build without that backend says so. */
static void backend_by_path(void **state)
{
    (void)state;
    const char *paths[] = {"postgres://127.0.0.1:1/rasd_none", "postgresql://127.0.0.1:1/x",
                           "pg:"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        rasd_store *s = NULL;
        int rc = rasd_store_open(paths[i], &s);
        if (!&sb_pg_ops) {
            assert_int_equal(rc, RASD_EDB);
            assert_non_null(s);
            assert_string_equal(rasd_store_detail(s), "PostgreSQL backend not built");
        }
        rasd_store_free(s);
        assert_int_equal(access(paths[i], F_OK), -1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(idempotent),
        cmocka_unit_test(replaces_changed_version),
        cmocka_unit_test(batches_commit),
        cmocka_unit_test(failed_article_keeps_batch),
        cmocka_unit_test(search_variants),
        cmocka_unit_test(snippets_and_spans),
        cmocka_unit_test(tokenizer),
        cmocka_unit_test(put_given_figures),
        cmocka_unit_test(exports),
        cmocka_unit_test(scans_since),
        cmocka_unit_test(backend_by_path),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
