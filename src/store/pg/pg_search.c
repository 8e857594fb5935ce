/* The PostgreSQL backend: full-text search.  The tsvector index finds the candidate rows;
 * ranking (BM25 with the weights and constants of FTS5's bm25()), the snippet and the
 * match spans are then computed here from the rows' own tokens, the way SQLite's FTS5
 * computes them, so that both backends give the same hits in the same order with the
 * same snippets. */
#include "store/pg/pg.h"
#include "store/fts.h"
#include "common/buf.h"
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_SNIPPET_TOKENS 24
#define PG_ELLIPSIS "\xE2\x80\xA6"
#define PG_K1 1.2
#define PG_B 0.75
static const double pg_col_weight[2] = {3.0, 1.0}; /* title, text */

/* A token list: token i is bytes.p[at[i] .. at[i] + len[i]), found at [start, end). */
struct toks {
    struct buf bytes;
    size_t n, cap;
    struct tok { size_t at; int len, start, end; } *t;
};

static int tok_add(void *ctx, const char *tok, int n, int start, int end)
{
    struct toks *l = ctx;
    if (l->n == l->cap) {
        size_t nc = l->cap ? 2 * l->cap : 64;
        struct tok *p = realloc(l->t, nc * sizeof *p);
        if (!p)
            return RASD_ENOMEM;
        l->t = p;
        l->cap = nc;
    }
    l->t[l->n++] = (struct tok){l->bytes.len, n, start, end};
    buf_add(&l->bytes, tok, (size_t)n);
    return l->bytes.oom ? RASD_ENOMEM : 0;
}

static int toks_of(struct toks *l, struct sb_text t)
{
    l->n = 0;
    buf_reset(&l->bytes);
    int rc = t.p ? fts_tokenize(t.p, t.n, tok_add, l) : 0;
    return rc < 0 ? rc : rc ? RASD_ENOMEM : RASD_OK;
}

static void toks_free(struct toks *l)
{
    buf_free(&l->bytes);
    free(l->t);
}

static int tok_eq(const struct toks *a, size_t i, const struct toks *b, size_t k)
{
    return a->t[i].len == b->t[k].len &&
           !memcmp(a->bytes.p + a->t[i].at, b->bytes.p + b->t[k].at, (size_t)a->t[i].len);
}

/* A phrase instance: phrase p at token offset off of column col. */
struct inst { int p, col, off; };

struct query {
    struct toks *ph;     /* each phrase's tokens */
    int nph;
    double *idf;
    double avgdl;
};

/* Tokenizes each phrase of the query; one without tokens matches nothing and is left out
 * (the store gives none such). */
static int parse_query(const struct sb_text *phrases, size_t n, struct query *out)
{
    int rc = RASD_OK;
    if (n > RASD_SEARCH_MAX_TERMS)
        return RASD_ETOOBIG;
    if (n && !(out->ph = calloc(n, sizeof *out->ph)))
        return RASD_ENOMEM;
    for (size_t i = 0; i < n && rc == RASD_OK; i++) {
        struct toks *ph = &out->ph[out->nph];
        buf_init(&ph->bytes);
        rc = toks_of(ph, phrases[i]);
        if (ph->n)
            out->nph++;
        else
            toks_free(ph), memset(ph, 0, sizeof *ph);
    }
    return rc;
}

/* A tsquery literal: phrase p (all: every phrase, ANDed). */
static void tsquery_of(const struct query *q, int p, struct buf *out)
{
    buf_reset(out);
    for (int i = p < 0 ? 0 : p; i < (p < 0 ? q->nph : p + 1); i++) {
        if (out->len)
            buf_adds(out, " & ");
        buf_addc(out, '(');
        for (size_t k = 0; k < q->ph[i].n; k++) {
            const struct tok *t = &q->ph[i].t[k];
            buf_adds(out, k ? " <-> '" : "'");
            for (int j = 0; j < t->len; j++) {
                char c = q->ph[i].bytes.p[t->at + (size_t)j];
                if (c == '\'' || c == '\\')
                    buf_addc(out, c);
                buf_addc(out, c);
            }
            buf_addc(out, '\'');
        }
        buf_addc(out, ')');
    }
    buf_addc(out, 0);
}

/* A row of the search: its columns' tokens, its instances, its score. */
struct row {
    struct toks col[2];
    struct inst *in;
    size_t nin, cap;
};

/* The instances of every phrase in r, by column, then offset, then phrase (FTS5's order).
 * *all gets whether every phrase occurs. */
static int find_insts(const struct query *q, struct row *r, int *all)
{
    unsigned char seen[RASD_SEARCH_MAX_TERMS + 1] = {0};
    r->nin = 0;
    for (int c = 0; c < 2; c++)
        for (size_t off = 0; off < r->col[c].n; off++)
            for (int p = 0; p < q->nph; p++) {
                const struct toks *ph = &q->ph[p];
                size_t k = 0;
                while (k < ph->n && off + k < r->col[c].n && tok_eq(&r->col[c], off + k, ph, k))
                    k++;
                if (k < ph->n)
                    continue;
                if (r->nin == r->cap) {
                    size_t nc = r->cap ? 2 * r->cap : 32;
                    struct inst *ni = realloc(r->in, nc * sizeof *ni);
                    if (!ni)
                        return RASD_ENOMEM;
                    r->in = ni;
                    r->cap = nc;
                }
                r->in[r->nin++] = (struct inst){p, c, (int)off};
                if (p <= RASD_SEARCH_MAX_TERMS)
                    seen[p] = 1;
            }
    *all = 1;
    for (int p = 0; p < q->nph && p <= RASD_SEARCH_MAX_TERMS; p++)
        *all &= seen[p];
    return RASD_OK;
}

static double bm25(const struct query *q, const struct row *r)
{
    double freq[RASD_SEARCH_MAX_TERMS + 1] = {0}, score = 0.0;
    for (size_t i = 0; i < r->nin; i++)
        freq[r->in[i].p] += pg_col_weight[r->in[i].col];
    double D = (double)(r->col[0].n + r->col[1].n);
    for (int p = 0; p < q->nph; p++)
        score += q->idf[p] * ((freq[p] * (PG_K1 + 1.0)) /
                              (freq[p] + PG_K1 * (1 - PG_B + PG_B * D / q->avgdl)));
    return -1.0 * score;
}

/* ---- snippets: the best window of PG_SNIPPET_TOKENS tokens, as FTS5's snippet() */

static int window_score(const struct query *q, const struct row *r, int col, int pos,
                        int *adj)
{
    unsigned char seen[RASD_SEARCH_MAX_TERMS + 1] = {0};
    int score = 0, first = -1, last = 0, ntok = PG_SNIPPET_TOKENS;
    int64_t end = (int64_t)pos + ntok;
    for (size_t i = 0; i < r->nin; i++) {
        const struct inst *x = &r->in[i];
        if (x->col != col || x->off < pos || x->off >= end)
            continue;
        score += seen[x->p] ? 1 : 1000;
        seen[x->p] = 1;
        if (first < 0)
            first = x->off;
        last = x->off + (int)q->ph[x->p].n;
    }
    if (adj) {
        int64_t a = first - (ntok - (last - first)) / 2;
        int64_t size = (int64_t)r->col[col].n;
        if (a + ntok > size)
            a = size - ntok;
        *adj = a < 0 ? 0 : (int)a;
    }
    return score;
}

/* The tokens of col that begin a sentence: the first, and those after '.' or ':' and
 * white space. */
static int is_first(const char *doc, const struct tok *t, size_t k)
{
    if (k == 0)
        return 1;
    int i = t->start - 1;
    char c = 0;
    for (; i >= 0; i--) {
        c = doc[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
    }
    return i != t->start - 1 && (c == '.' || c == ':');
}

struct best { int score, col, start; };

static void best_window(const struct query *q, const struct row *r, const struct sb_text *text,
                        struct best *b)
{
    for (int c = 0; c < 2; c++) {
        int nsize = (int)r->col[c].n;
        for (size_t ii = 0; ii < r->nin; ii++) {
            const struct inst *x = &r->in[ii];
            if (x->col != c)
                continue;
            int adj, s = window_score(q, r, c, x->off, &adj);
            if (s > b->score)
                *b = (struct best){s, c, adj};
            if (nsize <= PG_SNIPPET_TOKENS || !text[c].p)
                continue;
            /* The sentence start at or before the instance. */
            int first = -1;
            for (size_t k = 0; k < r->col[c].n && r->col[c].t[k].start >= 0; k++) {
                if (!is_first(text[c].p, &r->col[c].t[k], k))
                    continue;
                if (first >= 0 && (int)k > x->off)
                    break;
                first = (int)k;
            }
            if (first >= 0 && first < x->off) {
                s = window_score(q, r, c, first, NULL) + (first == 0 ? 120 : 100);
                if (s > b->score)
                    *b = (struct best){s, c, first};
            }
        }
    }
}

/* Coalesced instances of one column: runs of overlapping instances as one. */
struct cinst { const struct query *q; const struct row *r; int col; size_t next; int start, end; };

static void cinst_next(struct cinst *it)
{
    it->start = it->end = -1;
    for (; it->next < it->r->nin; it->next++) {
        const struct inst *x = &it->r->in[it->next];
        if (x->col != it->col)
            continue;
        int end = x->off - 1 + (int)it->q->ph[x->p].n;
        if (it->start < 0) {
            it->start = x->off;
            it->end = end;
        } else if (x->off <= it->end) {
            if (end > it->end)
                it->end = end;
        } else {
            break;
        }
    }
}

static void snippet(const struct query *q, const struct row *r, const struct sb_text *text,
                    const char *open, const char *close, struct buf *out)
{
    struct best b = {0, 0, 0};
    buf_reset(out);
    best_window(q, r, text, &b);
    const struct sb_text in = text[b.col];
    if (!in.p)
        return;
    const struct toks *tk = &r->col[b.col];
    int rs = b.start, re = b.start + PG_SNIPPET_TOKENS - 1, size = (int)tk->n;
    struct cinst it = {q, r, b.col, 0, -1, -1};
    cinst_next(&it);
    size_t off = 0;
    int opened = 0;
    if (rs > 0)
        buf_adds(out, PG_ELLIPSIS);
    while (it.start >= 0 && it.start < rs)
        cinst_next(&it);
    for (int pos = 0; pos < size; pos++) {
        size_t so = (size_t)tk->t[pos].start, eo = (size_t)tk->t[pos].end;
        if (pos < rs || pos > re)
            continue;
        if (rs && pos == rs)
            off = so;
        if (opened && (pos <= it.start || it.start < 0) && so > off) {
            buf_adds(out, close);
            opened = 0;
        }
        if (pos == it.start && !opened) {
            buf_add(out, in.p + off, so - off);
            buf_adds(out, open);
            off = so;
            opened = 1;
        }
        if (pos == it.end) {
            if (!opened) {
                buf_adds(out, open);
                opened = 1;
            }
            buf_add(out, in.p + off, eo - off);
            off = eo;
            cinst_next(&it);
        }
        if (pos == re) {
            if (opened) {
                if (it.start >= 0 && pos >= it.start) {
                    buf_add(out, in.p + off, eo - off);
                    off = eo;
                }
                buf_adds(out, close);
                opened = 0;
            }
            buf_add(out, in.p + off, eo - off);
            off = eo;
        }
    }
    if (opened)
        buf_adds(out, close);
    if (re >= size - 1)
        buf_add(out, in.p + off, in.n - off);
    else
        buf_adds(out, PG_ELLIPSIS);
}

/* The byte spans of the text's tokens that some instance covers, in order. */
static int text_matches(const struct query *q, const struct row *r, uint32_t **m, size_t *n)
{
    size_t ntok = r->col[1].n;
    *n = 0;
    if (!ntok)
        return RASD_OK;
    unsigned char *hit = calloc(ntok, 1);
    if (!hit)
        return RASD_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < r->nin; i++)
        if (r->in[i].col == 1)
            for (size_t j = 0; j < q->ph[r->in[i].p].n; j++)
                if (!hit[r->in[i].off + j]++)
                    k++;
    uint32_t *p = k ? realloc(*m, 2 * k * sizeof *p) : *m;
    if (k && !p) {
        free(hit);
        return RASD_ENOMEM;
    }
    *m = p;
    for (size_t i = 0; i < ntok; i++)
        if (hit[i]) {
            p[2 * *n] = (uint32_t)r->col[1].t[i].start;
            p[2 * *n + 1] = (uint32_t)r->col[1].t[i].end;
            (*n)++;
        }
    free(hit);
    return RASD_OK;
}

/* ---- the query */

struct scored { double score; const char *id; int64_t seq; int row; };

static int cmp_scored(const void *a, const void *b)
{
    const struct scored *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    /* Ties by article id, as SQLite's: the same hits whatever order they were stored in. */
    int c = strcmp(x->id, y->id);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The corpus statistics BM25 needs: rows, average tokens per row, each phrase's IDF. */
static int corpus_stats(struct pg *b, struct query *q, struct buf *tq)
{
    PGresult *r = NULL;
    int rc = pg_query(b, "SELECT count(*), coalesce(sum(ntok_title + ntok_text), 0)"
                         " FROM articles", 0, NULL, &r);
    if (rc != RASD_OK)
        return rc;
    double nrow = (double)pg_col_int(r, 0, 0), ntoken = (double)pg_col_int(r, 0, 1);
    PQclear(r);
    q->avgdl = ntoken / nrow;
    if (!(q->idf = calloc((size_t)q->nph, sizeof *q->idf)))
        return RASD_ENOMEM;
    for (int p = 0; p < q->nph && rc == RASD_OK; p++) {
        tsquery_of(q, p, tq);
        const char *vals[] = {tq->p};
        if (tq->oom)
            return RASD_ENOMEM;
        if ((rc = pg_query(b, "SELECT count(*) FROM articles WHERE tsv @@ $1::tsquery", 1,
                           vals, &r)) != RASD_OK)
            break;
        double nhit = (double)pg_col_int(r, 0, 0);
        PQclear(r);
        double idf = log((nrow - nhit + 0.5) / (nhit + 0.5));
        q->idf[p] = idf <= 0.0 ? 1e-6 : idf;
    }
    return rc;
}

struct search {
    struct pg *b;
    struct query q;
    PGresult *rows;
    struct row row;
    struct scored *sc;
    size_t nsc;
    struct buf tq, snip;
    uint32_t *match;
};

/* Tokenizes row i of s->rows into s->row, with its instances; *all: every phrase is in it. */
static int load_row(struct search *s, int i, int *all)
{
    int rc = toks_of(&s->row.col[0], pg_col(s->rows, i, 5));
    if (rc == RASD_OK)
        rc = toks_of(&s->row.col[1], pg_col(s->rows, i, 6));
    return rc ? rc : find_insts(&s->q, &s->row, all);
}

static int score_rows(struct search *s)
{
    int n = PQntuples(s->rows), rc = RASD_OK;
    if (n && !(s->sc = malloc((size_t)n * sizeof *s->sc)))
        return RASD_ENOMEM;
    for (int i = 0; i < n && rc == RASD_OK; i++) {
        int all = 0;
        const char *id = pg_col(s->rows, i, 1).p;
        if ((rc = load_row(s, i, &all)) == RASD_OK && all)
            s->sc[s->nsc++] = (struct scored){bm25(&s->q, &s->row), id ? id : "",
                                               pg_col_int(s->rows, i, 0), i};
    }
    if (rc == RASD_OK && s->nsc)
        qsort(s->sc, s->nsc, sizeof *s->sc, cmp_scored);
    return rc;
}

static int emit(struct search *s, size_t limit, const char *open, const char *close,
                int (*fn)(void *ctx, const rasd_hit *h), void *ctx)
{
    int rc = RASD_OK;
    for (size_t k = 0; k < s->nsc && k < limit && rc == RASD_OK; k++) {
        int i = s->sc[k].row, all;
        if ((rc = load_row(s, i, &all)) != RASD_OK)
            break;
        struct sb_text text[2] = {pg_col(s->rows, i, 5), pg_col(s->rows, i, 6)};
        snippet(&s->q, &s->row, text, open, close, &s->snip);
        buf_addc(&s->snip, 0);
        rasd_hit h = {0};
        if ((rc = text_matches(&s->q, &s->row, &s->match, &h.nmatch)) != RASD_OK)
            break;
        if (s->snip.oom)
            return RASD_ENOMEM;
        h.id = PQgetvalue(s->rows, i, 1);
        h.outlet = PQgetisnull(s->rows, i, 2) ? NULL : PQgetvalue(s->rows, i, 2);
        h.url = PQgetisnull(s->rows, i, 3) ? NULL : PQgetvalue(s->rows, i, 3);
        h.published = PQgetisnull(s->rows, i, 4) ? NULL : PQgetvalue(s->rows, i, 4);
        h.title = PQgetisnull(s->rows, i, 5) ? NULL : PQgetvalue(s->rows, i, 5);
        h.snippet = s->snip.p;
        h.match = s->match;
        h.score = s->sc[k].score;
        if (fn(ctx, &h))
            break;
    }
    return rc;
}

int pg_search(struct sb *sb, const struct sb_text *phrases, size_t nphrases, size_t limit,
              const char *open, const char *close, rasd_hit_fn fn, void *ctx)
{
    struct search s = {.b = PG(sb)};
    buf_init(&s.tq);
    buf_init(&s.snip);
    for (int c = 0; c < 2; c++)
        buf_init(&s.row.col[c].bytes);
    int rc = parse_query(phrases, nphrases, &s.q);
    if (rc == RASD_OK && s.q.nph == 0)
        goto out;
    if (rc == RASD_OK)
        rc = corpus_stats(s.b, &s.q, &s.tq);
    if (rc == RASD_OK) {
        tsquery_of(&s.q, -1, &s.tq);
        const char *vals[] = {s.tq.p};
        rc = s.tq.oom ? RASD_ENOMEM
                      : pg_query(s.b, "SELECT seq, id, outlet, url, published, title, text"
                                      " FROM articles WHERE tsv @@ $1::tsquery", 1, vals,
                                 &s.rows);
    }
    if (rc == RASD_OK)
        rc = score_rows(&s);
    if (rc == RASD_OK)
        rc = emit(&s, limit ? limit : 20, open ? open : "[", close ? close : "]", fn, ctx);
out:
    PQclear(s.rows);
    for (int p = 0; p < s.q.nph; p++)
        toks_free(&s.q.ph[p]);
    free(s.q.ph);
    free(s.q.idf);
    for (int c = 0; c < 2; c++)
        toks_free(&s.row.col[c]);
    free(s.row.in);
    free(s.sc);
    free(s.match);
    buf_free(&s.tq);
    buf_free(&s.snip);
    return rc;
}
