/* The SQLite backend's full-text search: rasd's tokenizer for FTS5 ("rasd_arabic"), the
 * auxiliary function rasd_matches() that gives the byte spans of a row's matches, and the
 * search query. */
#include "store/sqlite/sqlite.h"
#include "store/fts.h"
#include "common/buf.h"
#include <stdlib.h>
#include <string.h>

/* ---- FTS5 glue */

struct fts_call {
    void *ctx;
    int (*xToken)(void *, int, const char *, int, int, int);
};

static int fts_emit(void *p, const char *tok, int n, int start, int end)
{
    struct fts_call *c = p;
    return c->xToken(c->ctx, 0, tok, n, start, end);
}

static int fts_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)ctx;
    (void)argv;
    (void)argc;
    /* Stateless: any non-NULL handle will do. */
    static int handle;
    *out = (Fts5Tokenizer *)&handle;
    return SQLITE_OK;
}

static void fts_delete(Fts5Tokenizer *t)
{
    (void)t;
}

static int fts_xtokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
                         int (*xToken)(void *, int, const char *, int, int, int))
{
    (void)t;
    (void)flags;
    struct fts_call c = {ctx, xToken};
    int rc = fts_tokenize(text ? text : "", n > 0 ? (size_t)n : 0, fts_emit, &c);
    if (rc == RASD_ENOMEM)
        return SQLITE_NOMEM;
    if (rc < 0)
        return SQLITE_ERROR;
    return rc; /* SQLITE_OK, or the SQLite code xToken returned */
}

/* rasd_matches(fts, col): "start end start end ..." byte spans of the phrase matches of
 * the current row in column col (tokens counted the way the tokenizer reports them). */
struct match_scan {
    int *want;      /* sorted token positions wanted */
    int nwant, next, pos;
    struct buf out;
};

static int match_token(void *p, int flags, const char *tok, int n, int start, int end)
{
    (void)tok;
    (void)n;
    struct match_scan *m = p;
    if (flags & FTS5_TOKEN_COLOCATED)
        return SQLITE_OK;
    while (m->next < m->nwant && m->want[m->next] < m->pos)
        m->next++;
    if (m->next < m->nwant && m->want[m->next] == m->pos)
        buf_printf(&m->out, "%s%d %d", m->out.len ? " " : "", start, end);
    m->pos++;
    return m->next < m->nwant ? SQLITE_OK : SQLITE_DONE;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void fts_matches(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *sc,
                        int nval, sqlite3_value **val)
{
    int col = nval > 0 ? sqlite3_value_int(val[0]) : 0;
    int ninst = 0, rc = api->xInstCount(fc, &ninst);
    struct match_scan m = {0};
    buf_init(&m.out);
    size_t total = 0;
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
        int phrase, icol, off;
        rc = api->xInst(fc, i, &phrase, &icol, &off);
        if (rc == SQLITE_OK && icol == col)
            total += (size_t)api->xPhraseSize(fc, phrase);
    }
    if (rc == SQLITE_OK && total && !(m.want = malloc(sizeof *m.want * total)))
        rc = SQLITE_NOMEM;
    for (int i = 0; rc == SQLITE_OK && total && i < ninst; i++) {
        int phrase, icol, off;
        rc = api->xInst(fc, i, &phrase, &icol, &off);
        if (rc == SQLITE_OK && icol == col)
            for (int k = 0, len = api->xPhraseSize(fc, phrase); k < len; k++)
                m.want[m.nwant++] = off + k;
    }
    if (rc == SQLITE_OK && m.nwant) {
        qsort(m.want, (size_t)m.nwant, sizeof *m.want, cmp_int);
        const char *text;
        int ntext;
        rc = api->xColumnText(fc, col, &text, &ntext);
        if (rc == SQLITE_OK)
            rc = api->xTokenize(fc, text, ntext, &m, match_token);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK)
        sqlite3_result_error_code(sc, rc);
    else if (m.out.oom)
        sqlite3_result_error_nomem(sc);
    else
        sqlite3_result_text(sc, m.out.p ? m.out.p : "", -1, SQLITE_TRANSIENT);
    free(m.want);
    buf_free(&m.out);
}

static fts5_api *fts5_api_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return api;
}

int sqlite_fts5_register(sqlite3 *db)
{
    fts5_api *api = fts5_api_of(db);
    if (!api || api->iVersion < 2)
        return RASD_EDB;
    fts5_tokenizer tok = {fts_create, fts_delete, fts_xtokenize};
    int rc = api->xCreateTokenizer(api, "rasd_arabic", NULL, &tok, NULL);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "rasd_matches", NULL, fts_matches, NULL);
    if (rc == SQLITE_NOMEM)
        return RASD_ENOMEM;
    return rc == SQLITE_OK ? RASD_OK : RASD_EDB;
}

/* ---- the search query */

/* The FTS5 query of the phrases: each one quoted (quotes doubled, a NUL read as a space),
 * so that no FTS5 syntax in the user's words can misfire; phrases are ANDed. */
static void fts_query(const struct sb_text *ph, size_t n, struct buf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (out->len)
            buf_addc(out, ' ');
        buf_addc(out, '"');
        for (size_t k = 0; k < ph[i].n; k++) {
            if (ph[i].p[k] == '"')
                buf_addc(out, '"');
            buf_addc(out, ph[i].p[k] ? ph[i].p[k] : ' ');
        }
        buf_addc(out, '"');
    }
}

/* Parses "s e s e ..." into a growing array of pairs. */
static int parse_matches(const char *s, uint32_t **out, size_t *n)
{
    size_t cap = 0;
    *n = 0;
    while (s && *s) {
        char *end;
        unsigned long v = strtoul(s, &end, 10);
        if (end == s)
            break;
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            uint32_t *p = realloc(*out, nc * sizeof *p);
            if (!p)
                return RASD_ENOMEM;
            *out = p;
            cap = nc;
        }
        (*out)[(*n)++] = (uint32_t)v;
        s = end;
    }
    *n /= 2;
    return RASD_OK;
}

int sqlite_search(struct sb *b, const struct sb_text *phrases, size_t nphrases, size_t limit,
                  const char *open, const char *close, rasd_hit_fn fn, void *ctx)
{
    struct buf q;
    buf_init(&q);
    sqlite3_stmt *st = NULL;
    uint32_t *match = NULL;
    int rc = RASD_OK;
    fts_query(phrases, nphrases, &q);
    if (q.oom) {
        rc = RASD_ENOMEM;
        goto out;
    }
    if (sqlite3_prepare_v2(sq(b)->db,
            "SELECT a.id, a.outlet, a.url, a.published, a.title,"
            " snippet(articles_fts, -1, ?2, ?3, '…', 24), bm25(articles_fts, 3.0, 1.0),"
            " rasd_matches(articles_fts, 1)"
            " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
            " WHERE articles_fts MATCH ?1 ORDER BY bm25(articles_fts, 3.0, 1.0), a.id, a.seq"
            " LIMIT ?4", -1, &st, NULL) != SQLITE_OK) {
        rc = sqlite_fail(b);
        goto out;
    }
    sqlite3_bind_text(st, 1, q.p, (int)q.len, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, open, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, close, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)limit);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        rasd_hit h = {0};
        h.id = (const char *)sqlite3_column_text(st, 0);
        h.outlet = (const char *)sqlite3_column_text(st, 1);
        h.url = (const char *)sqlite3_column_text(st, 2);
        h.published = (const char *)sqlite3_column_text(st, 3);
        h.title = (const char *)sqlite3_column_text(st, 4);
        h.snippet = (const char *)sqlite3_column_text(st, 5);
        h.score = sqlite3_column_double(st, 6);
        if ((rc = parse_matches((const char *)sqlite3_column_text(st, 7), &match,
                                &h.nmatch)) != RASD_OK)
            goto out;
        h.match = match;
        if (!h.snippet)
            h.snippet = "";
        if ((rc = fn(ctx, &h)) != 0)
            goto out;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = sqlite_fail(b);
out:
    sqlite3_finalize(st);
    free(match);
    buf_free(&q);
    return rc;
}
