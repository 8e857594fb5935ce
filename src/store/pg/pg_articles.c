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
    return rc == RASD_ENOMEM ? rc : rc != RASD_OK ? RASD_EDB : RASD_OK;
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

int pg_articles_without_names(struct sb *sb, int (*fn)(void *ctx, const struct sb_article *a),
                              void *ctx)
{
    PGresult *r = NULL;
    int rc = pg_query(PG(sb), "SELECT seq, title, text FROM articles a WHERE NOT EXISTS"
                              " (SELECT 1 FROM article_names n WHERE n.seq = a.seq)"
                              " ORDER BY seq", 0, NULL, &r);
    for (int i = 0; rc == RASD_OK && i < PQntuples(r); i++) {
        struct sb_article a = {pg_col_int(r, i, 0), pg_col(r, i, 1), pg_col(r, i, 2)};
        rc = fn(ctx, &a);
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
