/* The PostgreSQL backend: article rows and their full-text vectors. */
#include "store/pg/pg.h"
#include "store/fts.h"
#include "common/buf.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* tsvector positions stop at 16383: later tokens keep that position (they are found, a
 * phrase over them is checked again by the search, which tokenizes the row itself). */
#define PG_MAXPOS 16383
/* A lexeme of 2 KB or more is refused by PostgreSQL: such a token is left out. */
#define PG_MAXLEX 2046

struct tsv_build {
    struct buf out;
    int64_t pos;    /* position of the next token */
    int64_t count;  /* tokens of the current field */
    char weight;
};

static int tsv_token(void *ctx, const char *tok, int n, int start, int end)
{
    (void)start;
    (void)end;
    struct tsv_build *t = ctx;
    t->count++;
    int64_t pos = t->pos++;
    if (n >= PG_MAXLEX)
        return 0;
    if (t->out.len)
        buf_addc(&t->out, ' ');
    buf_addc(&t->out, '\'');
    for (int i = 0; i < n; i++) {
        if (tok[i] == '\'' || tok[i] == '\\')
            buf_addc(&t->out, tok[i]);
        buf_addc(&t->out, tok[i]);
    }
    buf_printf(&t->out, "':%" PRId64 "%c", pos > PG_MAXPOS ? (int64_t)PG_MAXPOS : pos,
               t->weight);
    return 0;
}

int pg_tsvector(struct sb_text title, struct sb_text text, char **out, int64_t *ntitle,
                int64_t *ntext)
{
    struct tsv_build t = {.pos = 1, .weight = 'A'};
    buf_init(&t.out);
    int rc = title.p ? fts_tokenize(title.p, title.n, tsv_token, &t) : 0;
    *ntitle = t.count;
    /* A gap, so that no phrase runs from the title into the text. */
    t.pos += 2;
    t.count = 0;
    t.weight = 'B';
    if (rc >= 0 && text.p)
        rc = fts_tokenize(text.p, text.n, tsv_token, &t);
    *ntext = t.count;
    buf_addc(&t.out, 0);
    if (rc < 0 || t.out.oom) {
        buf_free(&t.out);
        return rc < 0 ? rc : RASD_ENOMEM;
    }
    *out = t.out.p;
    return RASD_OK;
}

int pg_article_find(struct sb *sb, const char *id, int64_t *seq, char hash[17])
{
    struct pg *b = PG(sb);
    PGresult *r = NULL;
    const char *vals[] = {id};
    *seq = 0;
    hash[0] = 0;
    int rc = pg_run(b, PG_FIND, 1, vals, &r);
    if (rc == RASD_OK && PQntuples(r) > 0) {
        *seq = pg_col_int(r, 0, 0);
        const char *h = PQgetvalue(r, 0, 1);
        if (strlen(h) < 17)
            strcpy(hash, h);
    }
    PQclear(r);
    return rc;
}

int pg_article_insert(struct sb *sb, const rasd_doc *d, const char *hash, int64_t *seq)
{
    struct pg *b = PG(sb);
    int oom = 0;
    struct sb_text title = {d->title, d->title_len}, text = {d->text ? d->text : "",
                                                             d->text ? d->text_len : 0};
    char *t1 = pg_text(title, &oom), *t2 = pg_text(text, &oom), *tsv = NULL;
    char n1[24], n2[24];
    int64_t nt1 = 0, nt2 = 0;
    PGresult *r = NULL;
    int rc = oom ? RASD_ENOMEM : pg_tsvector(title, text, &tsv, &nt1, &nt2);
    if (rc != RASD_OK)
        goto out;
    snprintf(n1, sizeof n1, "%" PRId64, nt1);
    snprintf(n2, sizeof n2, "%" PRId64, nt2);
    const char *vals[] = {d->id, d->outlet, d->url, d->published, t1, t2, hash, tsv, n1, n2};
    if ((rc = pg_run(b, PG_INSERT, 10, vals, &r)) == RASD_OK)
        *seq = pg_col_int(r, 0, 0);
out:
    PQclear(r);
    free(t1);
    free(t2);
    free(tsv);
    if (rc != RASD_OK && rc != RASD_EDB && rc != RASD_ENOMEM)
        rc = pg_fail(b, rasd_strerror(rc)); /* the tokenizer refused the text */
    return rc;
}

int pg_article_delete(struct sb *sb, int64_t seq)
{
    char s[24];
    snprintf(s, sizeof s, "%" PRId64, seq);
    const char *vals[] = {s};
    return pg_run(PG(sb), PG_DELETE, 1, vals, NULL);
}

int pg_article_count(struct sb *sb, int64_t *n)
{
    PGresult *r = NULL;
    int rc = pg_query(PG(sb), "SELECT count(*) FROM articles", 0, NULL, &r);
    if (rc == RASD_OK)
        *n = pg_col_int(r, 0, 0);
    PQclear(r);
    return rc;
}

#define PG_ARTICLE_COLS "SELECT a.seq, a.title, a.text, a.id, a.outlet, a.url, a.published," \
                        " n.places, n.groups FROM articles a" \
                        " LEFT JOIN article_names n ON n.seq = a.seq "

/* Articles a scan hands over per query: the callback may write between two chunks. */
#define PG_CHUNK "500"

/* Calls fn per row of r (PG_ARTICLE_COLS); *last gets the seq of the last row. */
static int article_rows(const PGresult *r, int (*fn)(void *ctx, const struct sb_article *a),
                        void *ctx, int64_t *last)
{
    int rc = RASD_OK;
    for (int i = 0; rc == RASD_OK && i < PQntuples(r); i++) {
        struct sb_article a = {pg_col_int(r, i, 0), pg_col(r, i, 1), pg_col(r, i, 2),
                               pg_col(r, i, 3), pg_col(r, i, 4), pg_col(r, i, 5),
                               pg_col(r, i, 6), pg_col(r, i, 7), pg_col(r, i, 8)};
        *last = a.seq;
        rc = fn(ctx, &a);
    }
    return rc;
}

/* Scans the articles of `where` (with $1 the seq to go on after), in seq order, chunk by
 * chunk. */
static int article_scan(struct pg *b, const char *where, int64_t after,
                        int (*fn)(void *ctx, const struct sb_article *a), void *ctx)
{
    char sql[512], num[24];
    snprintf(sql, sizeof sql, PG_ARTICLE_COLS "WHERE a.seq > $1 %s ORDER BY a.seq LIMIT "
             PG_CHUNK, where);
    for (int rc = RASD_OK;;) {
        PGresult *r = NULL;
        snprintf(num, sizeof num, "%" PRId64, after);
        const char *vals[] = {num};
        if ((rc = pg_query(b, sql, 1, vals, &r)) != RASD_OK)
            return rc;
        int n = PQntuples(r);
        rc = article_rows(r, fn, ctx, &after);
        PQclear(r);
        if (rc != RASD_OK || n == 0)
            return rc;
    }
}

int pg_articles_without_names(struct sb *sb, int (*fn)(void *ctx, const struct sb_article *a),
                              void *ctx)
{
    return article_scan(PG(sb), "AND n.seq IS NULL", 0, fn, ctx);
}

int pg_articles_since(struct sb *sb, int64_t after,
                      int (*fn)(void *ctx, const struct sb_article *a), void *ctx)
{
    return article_scan(PG(sb), "", after, fn, ctx);
}

int pg_article_get(struct sb *sb, const char *id, int64_t seq,
                   int (*fn)(void *ctx, const struct sb_article *a), void *ctx)
{
    char num[24];
    snprintf(num, sizeof num, "%" PRId64, seq);
    const char *vals[] = {id ? id : num};
    PGresult *r = NULL;
    int rc = pg_query(PG(sb), id ? PG_ARTICLE_COLS "WHERE a.id = $1"
                                 : PG_ARTICLE_COLS "WHERE a.seq = $1", 1, vals, &r);
    int64_t last;
    if (rc == RASD_OK)
        rc = PQntuples(r) ? article_rows(r, fn, ctx, &last) : RASD_ENOTFOUND;
    PQclear(r);
    return rc;
}

int pg_articles_stamp(struct sb *sb, int64_t *count, int64_t *max, int64_t *sum)
{
    PGresult *r = NULL;
    *count = *max = *sum = 0;
    int rc = pg_query(PG(sb), "SELECT count(*), coalesce(max(seq), 0), coalesce(sum(seq), 0)"
                              " FROM articles", 0, NULL, &r);
    if (rc == RASD_OK) {
        *count = pg_col_int(r, 0, 0);
        *max = pg_col_int(r, 0, 1);
        *sum = pg_col_int(r, 0, 2);
    }
    PQclear(r);
    return rc;
}

/* Recomputes every article's vector: after a change of the tokenizer. */
int pg_search_rebuild(struct sb *sb)
{
    struct pg *b = PG(sb);
    PGresult *r = NULL;
    int rc = pg_query(b, "SELECT seq, title, text FROM articles ORDER BY seq", 0, NULL, &r);
    for (int i = 0; rc == RASD_OK && i < PQntuples(r); i++) {
        char *tsv = NULL, n1[24], n2[24];
        int64_t nt1, nt2;
        rc = pg_tsvector(pg_col(r, i, 1), pg_col(r, i, 2), &tsv, &nt1, &nt2);
        if (rc != RASD_OK)
            break;
        snprintf(n1, sizeof n1, "%" PRId64, nt1);
        snprintf(n2, sizeof n2, "%" PRId64, nt2);
        const char *vals[] = {PQgetvalue(r, i, 0), tsv, n1, n2};
        rc = pg_query(b, "UPDATE articles SET tsv = $2::tsvector, ntok_title = $3,"
                         " ntok_text = $4 WHERE seq = $1", 4, vals, NULL);
        free(tsv);
    }
    PQclear(r);
    return rc;
}
