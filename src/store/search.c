/* Full-text search over the store with the Arabic tokenizer. */
#include "store/store.h"
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
    struct sb_text phrase[RASD_SEARCH_MAX_TERMS];  /* each distinct phrase's query text */
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

/* Adds q[start..end) as a phrase when it yields tokens not asked for already.
 * RASD_ETOOBIG past RASD_SEARCH_MAX_TERMS distinct phrases. */
static int add_phrase(struct terms *t, const char *q, size_t start, size_t end)
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
    if (t->n == RASD_SEARCH_MAX_TERMS)
        return RASD_ETOOBIG;
    t->phrase[t->n++] = (struct sb_text){q + start, end - start};
    return t->seen.oom ? RASD_ENOMEM : RASD_OK;
}

/* Splits a query into phrases: every whitespace-separated word, or quoted run of words,
 * that yields tokens, each distinct one once (t->phrase[0..t->n)). */
static int parse_query(const char *q, size_t n, struct terms *t)
{
    size_t i = 0;
    int rc = n > RASD_SEARCH_MAX_BYTES ? RASD_ETOOBIG : RASD_OK;
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
        rc = add_phrase(t, q, start, end);
    }
    if (rc != RASD_OK)
        return rc;
    return t->n ? RASD_OK : RASD_EINVAL;
}

/* A hit handed on: the caller's callback stopping the search is not a failure. */
struct hit_call {
    rasd_hit_fn fn;
    void *ctx;
    int stopped;
};

static int hit_to(void *p, const rasd_hit *h)
{
    struct hit_call *c = p;
    c->stopped = c->fn(c->ctx, h) != 0;
    return c->stopped;
}

int rasd_store_search(rasd_store *s, const char *query, size_t qlen, size_t limit,
                      const char *open, const char *close, rasd_hit_fn fn, void *ctx)
{
    if (!s || !query || !fn)
        return RASD_EINVAL;
    struct terms t = {.n = 0};
    buf_init(&t.seen);
    int rc = parse_query(query, qlen, &t);
    if (rc == RASD_OK) {
        struct hit_call c = {fn, ctx, 0};
        rc = sb_search(s->b, t.phrase, t.n, limit ? limit : 20, open ? open : "[",
                       close ? close : "]", hit_to, &c);
        if (c.stopped)
            rc = RASD_OK;
        else if (rc == RASD_EDB)
            rc = store_fail(s);
    }
    buf_free(&t.seen);
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
