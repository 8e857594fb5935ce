/* The PostgreSQL backend: figures by filter and lists of articles without their text (the
 * HTTP API's reads), as the SQLite backend gives them. */
#include "store/pg/pg.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static void filtered_row(const PGresult *r, int i, struct sb_figure_row *row)
{
    struct sb_text *t[] = {&row->doc, &row->category, &row->group, &row->actor,
                           &row->qualifier, &row->unit, &row->source, &row->source_text,
                           &row->location, &row->date, &row->field, &row->sentence,
                           &row->outlet, &row->published};
    enum { NT = sizeof t / sizeof *t };
    row->seq = pg_col_int(r, i, 0);
    row->n = pg_col_int(r, i, 1);
    for (int k = 0; k < NT; k++)
        *t[k] = pg_col(r, i, 2 + k);
    row->value = pg_col_int(r, i, 2 + NT);
    row->low = pg_col_int(r, i, 3 + NT);
    row->high = pg_col_int(r, i, 4 + NT);
    row->span_start = pg_col_int(r, i, 5 + NT);
    row->span_end = pg_col_int(r, i, 6 + NT);
}

/* One statement for every filter: a NULL parameter keeps every row.  Dates compare byte
 * by byte (COLLATE "C"), as SQLite compares them. */
static const char figures_sql[] =
    "SELECT f.seq, f.n, f.doc, f.category, f.grp, f.actor, f.qualifier, f.unit, f.source,"
    " f.source_text, f.location, f.date, f.field, f.sentence, a.outlet, a.published,"
    " f.value, f.low, f.high, f.span_start, f.span_end"
    " FROM figures f JOIN articles a ON a.seq = f.seq"
    " WHERE ($1::text IS NULL OR f.category = $1) AND ($2::text IS NULL OR f.grp = $2)"
    " AND ($3::text IS NULL OR f.source = $3 OR ($3 = '' AND f.source IS NULL))"
    " AND ($4::text IS NULL OR f.doc = $4)"
    " AND ($5::text IS NULL OR coalesce(f.date, substr(a.published, 1, 10)) COLLATE \"C\" >= $5)"
    " AND ($6::text IS NULL OR coalesce(f.date, substr(a.published, 1, 10)) COLLATE \"C\" <= $6)"
    " AND (f.seq > $7::bigint OR (f.seq = $7::bigint AND f.n > $8::bigint))"
    " ORDER BY f.seq, f.n";

int pg_figures_filtered(struct sb *sb, const struct sb_figure_query *q,
                        int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx)
{
    const struct sb_text *params[] = {&q->category, &q->group, &q->source, &q->doc,
                                      &q->since, &q->until};
    char *vals[8] = {0}, seq[24], n[24];
    int oom = 0, rc = RASD_OK;
    for (int i = 0; i < 6; i++)
        vals[i] = pg_text(*params[i], &oom);
    snprintf(seq, sizeof seq, "%" PRId64, q->after_seq);
    snprintf(n, sizeof n, "%" PRId64, q->after_n);
    vals[6] = seq;
    vals[7] = n;
    PGresult *r = NULL;
    rc = oom ? RASD_ENOMEM : pg_query(PG(sb), figures_sql, 8, (const char *const *)vals, &r);
    for (int i = 0; rc == RASD_OK && i < PQntuples(r); i++) {
        struct sb_figure_row row = {0};
        filtered_row(r, i, &row);
        rc = fn(ctx, &row);
    }
    PQclear(r);
    for (int i = 0; i < 6; i++)
        free(vals[i]);
    return rc;
}

int pg_articles_brief(struct sb *sb, int64_t after,
                      int (*fn)(void *ctx, const struct sb_article *a), void *ctx)
{
    char num[24];
    snprintf(num, sizeof num, "%" PRId64, after);
    const char *vals[] = {num};
    PGresult *r = NULL;
    int rc = pg_query(PG(sb), "SELECT seq, id, outlet, url, published, title FROM articles"
                              " WHERE seq > $1::bigint ORDER BY seq", 1, vals, &r);
    for (int i = 0; rc == RASD_OK && i < PQntuples(r); i++) {
        struct sb_article a = {.seq = pg_col_int(r, i, 0)};
        a.id = pg_col(r, i, 1);
        a.outlet = pg_col(r, i, 2);
        a.url = pg_col(r, i, 3);
        a.published = pg_col(r, i, 4);
        a.title = pg_col(r, i, 5);
        rc = fn(ctx, &a);
    }
    PQclear(r);
    return rc;
}
