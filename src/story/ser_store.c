/* Figure timelines over the store: the figures of a story's articles, read into
 * rasd_series_fig rows for rasd_series_build. */
#include "story/psg.h"
#include "store/store.h"
#include <stdlib.h>
#include <string.h>

/* Every string of the rows lives in one list, freed together. */
struct pool {
    char **s;
    size_t n, cap;
    int oom;
};

static const char *keep(struct pool *p, const unsigned char *t, size_t n)
{
    if (!t || p->oom)
        return NULL;
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 64;
        char **q = realloc(p->s, nc * sizeof *q);
        if (!q) {
            p->oom = 1;
            return NULL;
        }
        p->s = q;
        p->cap = nc;
    }
    char *c = malloc(n + 1);
    if (!c) {
        p->oom = 1;
        return NULL;
    }
    memcpy(c, t, n);
    c[n] = 0;
    return p->s[p->n++] = c;
}

static const char *keep_col(struct pool *p, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return keep(p, t, (size_t)sqlite3_column_bytes(st, i));
}

static void pool_free(struct pool *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->s[i]);
    free(p->s);
}

static int64_t int_col(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? RASD_NOVAL : sqlite3_column_int64(st, i);
}

static int32_t day_col(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    int32_t d;
    rasd_day_parse(t, t ? strlen(t) : 0, &d);
    return d;
}

static const char *find_bytes(const char *h, size_t hn, const char *n, size_t nn)
{
    for (size_t i = 0; nn && i + nn <= hn; i++)
        if (h[i] == n[0] && !memcmp(h + i, n, nn))
            return h + i;
    return NULL;
}

/* Where the stored sentence stands in the article field: the occurrence that holds the
 * figure's evidence, else the first one, else (not found) the evidence's own start so
 * that cues are read in the whole sentence. */
static uint32_t sentence_start(const char *field, size_t flen, const char *sent, size_t slen,
                               uint32_t start)
{
    if (!field || !sent || !slen || slen > flen)
        return start;
    uint32_t first = UINT32_MAX;
    for (const char *p = field; (p = find_bytes(p, flen - (size_t)(p - field), sent, slen));
         p++) {
        uint32_t off = (uint32_t)(p - field);
        if (first == UINT32_MAX)
            first = off;
        if (off <= start && start < off + slen)
            return off;
        if (off > start)
            break;
    }
    return first != UINT32_MAX ? first : start;
}

struct figs {
    rasd_series_fig *f;
    size_t n, cap;
    struct pool pool;
};

static int read_fig(sqlite3_stmt *st, struct figs *fs)
{
    if (fs->n == fs->cap) {
        size_t nc = fs->cap ? fs->cap * 2 : 64;
        rasd_series_fig *q = realloc(fs->f, nc * sizeof *q);
        if (!q)
            return RASD_ENOMEM;
        fs->f = q;
        fs->cap = nc;
    }
    rasd_series_fig *f = &fs->f[fs->n];
    struct pool *p = &fs->pool;
    memset(f, 0, sizeof *f);
    f->doc = keep_col(p, st, 0);
    f->outlet = keep_col(p, st, 1);
    f->doc_day = day_col(st, 2);
    f->day = day_col(st, 3);
    f->category = keep_col(p, st, 4);
    f->group = keep_col(p, st, 5);
    f->location = keep_col(p, st, 6);
    f->source = keep_col(p, st, 7);
    f->qualifier = keep_col(p, st, 8);
    f->value = int_col(st, 9);
    f->low = int_col(st, 10);
    f->high = int_col(st, 11);
    int64_t a = int_col(st, 12), b = int_col(st, 13);
    f->start = a >= 0 && a <= UINT32_MAX ? (uint32_t)a : 0;
    f->end = b >= 0 && b <= UINT32_MAX ? (uint32_t)b : f->start;
    f->sentence = keep_col(p, st, 14);
    f->sentence_len = f->sentence ? strlen(f->sentence) : 0;
    const char *field = (const char *)sqlite3_column_text(st, 15);
    f->sentence_start = sentence_start(field, (size_t)sqlite3_column_bytes(st, 15),
                                       f->sentence, f->sentence_len, f->start);
    if (p->oom)
        return RASD_ENOMEM;
    if (!f->doc || !f->category)
        return RASD_OK; /* a row without them is not a figure to line up */
    fs->n++;
    return RASD_OK;
}

static int load_figs(rasd_store *s, const char *story, struct figs *fs, int *found)
{
    sqlite3_stmt *st = NULL;
    int rc = RASD_OK, step;
    *found = 0;
    if (sqlite3_prepare_v2(store_db(s),
                           "SELECT count(*) FROM story_articles WHERE story = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return store_fail(s);
    sqlite3_bind_text(st, 1, story, -1, SQLITE_STATIC);
    if ((step = sqlite3_step(st)) == SQLITE_ROW)
        *found = sqlite3_column_int64(st, 0) > 0;
    sqlite3_finalize(st);
    if (step != SQLITE_ROW) /* not a story that is not there */
        return store_fail(s);
    if (!*found)
        return RASD_OK;
    if (sqlite3_prepare_v2(store_db(s),
            "SELECT f.doc, a.outlet, a.published, f.date, f.category, f.grp, f.location,"
            " f.source, f.qualifier, f.value, f.low, f.high, f.span_start, f.span_end,"
            " f.sentence, CASE f.field WHEN 'title' THEN a.title ELSE a.text END"
            " FROM story_articles sa JOIN figures f ON f.seq = sa.seq"
            " JOIN articles a ON a.seq = sa.seq WHERE sa.story = ?1 ORDER BY sa.pos, f.n",
            -1, &st, NULL) != SQLITE_OK)
        return store_fail(s);
    sqlite3_bind_text(st, 1, story, -1, SQLITE_STATIC);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = read_fig(st, fs);
    if (!rc && step != SQLITE_DONE)
        rc = store_fail(s);
    sqlite3_finalize(st);
    return rc;
}

int rasd_store_series(rasd_store *s, const char *story, rasd_series_fn fn, void *ctx)
{
    struct figs fs = {0};
    rasd_series *se = NULL;
    size_t nse = 0;
    int found = 0;
    if (!s || !story)
        return RASD_EINVAL;
    int rc = rasd_store_stories(s, NULL, NULL);
    if (!rc)
        rc = load_figs(s, story, &fs, &found);
    if (!rc && !found)
        rc = RASD_ENOTFOUND;
    if (!rc)
        rc = rasd_series_build(fs.f, fs.n, &se, &nse);
    for (size_t i = 0; i < nse && !rc && fn; i++)
        if (fn(ctx, &se[i], fs.f))
            break;
    rasd_series_free(se, nse);
    free(fs.f);
    pool_free(&fs.pool);
    return rc;
}
