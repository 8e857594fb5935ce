/* rasd's Arabic tokenizer for SQLite FTS5 ("rasd_arabic") and the auxiliary function
 * rasd_matches() that gives the byte spans of a row's matches. */
#include "store/fts.h"
#include "common/buf.h"
#include "rasd.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* Conjunction + preposition + article clusters that Lucene's stemmer (one prefix per word)
 * leaves half-stripped: «وبالمدينة» must meet «المدينة». */
static const char *const fts_compound[] = {
    "\xD9\x88\xD8\xA8\xD8\xA7\xD9\x84", /* وبال */
    "\xD9\x81\xD8\xA8\xD8\xA7\xD9\x84", /* فبال */
    "\xD9\x88\xD9\x83\xD8\xA7\xD9\x84", /* وكال */
    "\xD9\x88\xD9\x84\xD9\x84",           /* ولل */
    "\xD9\x81\xD9\x84\xD9\x84",           /* فلل */
};

/* Light stem of an Arabic word: compound proclitics, then Lucene's rules. */
static size_t fts_stem(const char *w, size_t n, char *out)
{
    for (size_t i = 0; i < sizeof fts_compound / sizeof *fts_compound; i++) {
        size_t k = strlen(fts_compound[i]);
        /* Leave at least two letters (four bytes) of stem. */
        if (n >= k + 4 && !memcmp(w, fts_compound[i], k)) {
            w += k;
            n -= k;
            break;
        }
    }
    return rasd_stem_light(w, n, out);
}

int fts_tokenize(const char *text, size_t len, fts_token_fn fn, void *ctx)
{
    rasd_text t;
    rasd_tokens tk = {0};
    int rc = rasd_normalize(text, len, RASD_NORM_SEARCH | RASD_NORM_REPLACE, &t, NULL);
    if (rc != RASD_OK)
        return rc;
    char small[256];
    char *word = small;
    if (t.len > sizeof small && !(word = malloc(t.len))) {
        rc = RASD_ENOMEM;
        goto out;
    }
    if ((rc = rasd_tokenize(&t, &tk)) != RASD_OK)
        goto out;
    for (size_t i = 0; i < tk.ntok && rc == 0; i++) {
        const rasd_token *k = &tk.tok[i];
        const char *w = t.s + k->nstart;
        size_t n = k->nend - k->nstart;
        switch (k->kind) {
        case RASD_TOK_ARABIC:
            n = fts_stem(w, n, word);
            break;
        case RASD_TOK_LATIN:
        case RASD_TOK_URL:
            for (size_t j = 0; j < n; j++)
                word[j] = (w[j] >= 'A' && w[j] <= 'Z') ? (char)(w[j] + 32) : w[j];
            break;
        case RASD_TOK_NUMBER:
            memcpy(word, w, n);
            break;
        default:
            continue;
        }
        if (n)
            rc = fn(ctx, word, (int)n, (int)k->start, (int)k->end);
    }
out:
    if (word != small)
        free(word);
    rasd_tokens_free(&tk);
    rasd_text_free(&t);
    return rc;
}

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

int rasd_fts5_register(struct sqlite3 *db)
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
