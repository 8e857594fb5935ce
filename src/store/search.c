/* Full-text search over the store with the Arabic tokenizer. */
#include "store/store.h"
#include "store/sqlite/legacy.h"
#include "store/fts.h"
#include "common/buf.h"
#include <stdlib.h>
#include <string.h>

/* The distinct terms of a query so far: each phrase's search tokens, NUL-separated, in
 * `seen`.  Repeating a word adds nothing to what matches but multiplies the instances FTS5
 * ranks and cuts snippets from, at a cost that grows with their square. */
struct terms {
    struct buf seen;
    size_t n;
};

static int key_token(void *ctx, const char *tok, int n, int start, int end)
{
    (void)start;
    (void)end;
    struct buf *key = ctx;
    if (key->len)
        buf_addc(key, ' ');
    buf_add(key, tok, (size_t)n);
    return 0;
}

static int seen_before(const struct terms *t, const struct buf *key)
{
    for (size_t at = 0; at < t->seen.len; at += strlen(t->seen.p + at) + 1)
        if (!strcmp(t->seen.p + at, key->p))
            return 1;
    return 0;
}

static int is_space(const char *p, size_t n, size_t *w)
{
    unsigned char c = (unsigned char)p[0];
    *w = 1;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    if (n >= 2 && c == 0xC2 && (unsigned char)p[1] == 0xA0) {
        *w = 2;
        return 1;
    }
    return 0;
}

/* Quotation marks that make a phrase: " « » “ ”.  Returns the mark's length at p (0: none);
 * *closing gets the mark that ends the phrase. */
static size_t open_quote(const char *p, size_t n, const char **closing)
{
    static const char *const pairs[][2] = {
        {"\"", "\""}, {"\xC2\xAB", "\xC2\xBB"}, {"\xE2\x80\x9C", "\xE2\x80\x9D"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        size_t k = strlen(pairs[i][0]);
        if (n >= k && !memcmp(p, pairs[i][0], k)) {
            *closing = pairs[i][1];
            return k;
        }
    }
    return 0;
}

/* Appends q[start..end) as one FTS5 phrase string when it yields tokens not asked for
 * already.  RASD_ETOOBIG past RASD_SEARCH_MAX_TERMS distinct phrases. */
static int add_phrase(struct buf *out, struct terms *t, const char *q, size_t start,
                      size_t end)
{
    struct buf key;
    buf_init(&key);
    int rc = fts_tokenize(q + start, end - start, key_token, &key);
    if (rc >= 0 && key.oom)
        rc = RASD_ENOMEM;
    if (rc < 0 || !key.len || seen_before(t, &key)) {
        buf_free(&key);
        return rc < 0 ? rc : RASD_OK;
    }
    buf_add(&t->seen, key.p, key.len + 1);
    buf_free(&key);
    if (++t->n > RASD_SEARCH_MAX_TERMS)
        return RASD_ETOOBIG;
    if (out->len)
        buf_addc(out, ' ');
    buf_addc(out, '"');
    for (size_t k = start; k < end; k++) {
        if (q[k] == '"')
            buf_addc(out, '"');
        buf_addc(out, q[k] ? q[k] : ' ');
    }
    buf_addc(out, '"');
    return t->seen.oom ? RASD_ENOMEM : RASD_OK;
}

/* Builds an FTS5 query: every whitespace-separated word, or quoted run of words, that
 * yields tokens becomes a quoted FTS5 phrase (so no FTS5 syntax in the user's words can
 * misfire); phrases are ANDed, each distinct one once. */
static int build_query(const char *q, size_t n, struct buf *out)
{
    size_t i = 0;
    struct terms t = {.n = 0};
    int rc = n > RASD_SEARCH_MAX_BYTES ? RASD_ETOOBIG : RASD_OK;
    buf_init(&t.seen);
    while (i < n && rc == RASD_OK) {
        size_t w;
        while (i < n && is_space(q + i, n - i, &w))
            i += w;
        if (i >= n)
            break;
        const char *closing;
        size_t k = open_quote(q + i, n - i, &closing);
        size_t start = i + k, end;
        if (k) {
            size_t cl = strlen(closing);
            end = start;
            while (end < n && !(n - end >= cl && !memcmp(q + end, closing, cl)))
                end++;
            i = end < n ? end + cl : n;
        } else {
            while (i < n && !is_space(q + i, n - i, &w))
                i++;
            end = i;
        }
        rc = add_phrase(out, &t, q, start, end);
    }
    buf_free(&t.seen);
    if (rc != RASD_OK)
        return rc;
    if (out->oom)
        return RASD_ENOMEM;
    return out->len ? RASD_OK : RASD_EINVAL;
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

int rasd_store_search(rasd_store *s, const char *query, size_t qlen, size_t limit,
                      const char *open, const char *close, rasd_hit_fn fn, void *ctx)
{
    if (!s || !query || !fn)
        return RASD_EINVAL;
    struct buf q;
    buf_init(&q);
    sqlite3_stmt *st = NULL;
    uint32_t *match = NULL;
    int rc = build_query(query, qlen, &q);
    if (rc != RASD_OK)
        goto out;
    if (sqlite3_prepare_v2(store_db(s),
            "SELECT a.id, a.outlet, a.url, a.published, a.title,"
            " snippet(articles_fts, -1, ?2, ?3, '…', 24), bm25(articles_fts, 3.0, 1.0),"
            " rasd_matches(articles_fts, 1)"
            " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
            " WHERE articles_fts MATCH ?1 ORDER BY bm25(articles_fts, 3.0, 1.0), a.seq"
            " LIMIT ?4", -1, &st, NULL) != SQLITE_OK) {
        rc = store_fail(s);
        goto out;
    }
    sqlite3_bind_text(st, 1, q.p, (int)q.len, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, open ? open : "[", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, close ? close : "]", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, limit ? (sqlite3_int64)limit : 20);
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
        if (fn(ctx, &h))
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = store_fail(s);
out:
    sqlite3_finalize(st);
    free(match);
    buf_free(&q);
    return rc;
}

int rasd_hit_json(const rasd_hit *h, char **out, size_t *len)
{
    if (!h || !out)
        return RASD_EINVAL;
    struct buf b;
    buf_init(&b);
    buf_adds(&b, "{\"type\":\"hit\",\"id\":");
    buf_json_strz(&b, h->id);
    buf_adds(&b, ",\"outlet\":");
    buf_json_strz(&b, h->outlet);
    buf_adds(&b, ",\"url\":");
    buf_json_strz(&b, h->url);
    buf_adds(&b, ",\"published\":");
    buf_json_strz(&b, h->published);
    buf_adds(&b, ",\"title\":");
    buf_json_strz(&b, h->title);
    buf_printf(&b, ",\"score\":%.4f,\"snippet\":", h->score);
    buf_json_strz(&b, h->snippet);
    buf_adds(&b, ",\"matches\":[");
    for (size_t i = 0; i < h->nmatch; i++)
        buf_printf(&b, "%s[%u,%u]", i ? "," : "", h->match[2 * i], h->match[2 * i + 1]);
    buf_adds(&b, "]}\n");
    return buf_finish(&b, out, len);
}
