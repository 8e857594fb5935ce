/* The SQLite backend: single articles, articles since a sequence number, figures by
 * filter. */
#include "store/sqlite/sqlite.h"

static void article_row(sqlite3_stmt *st, struct sb_article_row *r)
{
    r->seq = sqlite3_column_int64(st, 0);
    r->id = sqlite_col(st, 1);
    r->outlet = sqlite_col(st, 2);
    r->url = sqlite_col(st, 3);
    r->published = sqlite_col(st, 4);
    r->title = sqlite_col(st, 5);
    r->text = sqlite_col(st, 6);
}

/* Steps st, calling fn per row; *rows (may be NULL) counts them. */
static int each_article(struct sb *b, sqlite3_stmt *st,
                        int (*fn)(void *ctx, const struct sb_article_row *r), void *ctx,
                        int64_t *rows)
{
    int rc = RASD_OK, step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct sb_article_row r;
        article_row(st, &r);
        if (rows)
            ++*rows;
        rc = fn(ctx, &r);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sqlite_fail(b);
    sqlite3_finalize(st);
    return rc;
}

int sb_article_get(struct sb *b, const char *id,
                   int (*fn)(void *ctx, const struct sb_article_row *r), void *ctx)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(b->db, "SELECT seq, id, outlet, url, published, title, text"
                                  " FROM articles WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int64_t rows = 0;
    int rc = each_article(b, st, fn, ctx, &rows);
    return rc == RASD_OK && !rows ? RASD_ENOTFOUND : rc;
}

int sb_articles_after(struct sb *b, int64_t after, int with_text,
                      int (*fn)(void *ctx, const struct sb_article_row *r), void *ctx)
{
    sqlite3_stmt *st = NULL;
    const char *sql = with_text
        ? "SELECT seq, id, outlet, url, published, title, text FROM articles"
          " WHERE seq > ?1 ORDER BY seq"
        : "SELECT seq, id, outlet, url, published, title, NULL FROM articles"
          " WHERE seq > ?1 ORDER BY seq";
    if (sqlite3_prepare_v2(b->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    sqlite3_bind_int64(st, 1, after);
    return each_article(b, st, fn, ctx, NULL);
}

int sb_last_seq(struct sb *b, int64_t *seq, int64_t *count)
{
    sqlite3_stmt *st = NULL;
    *seq = *count = 0;
    if (sqlite3_prepare_v2(b->db, "SELECT coalesce(max(seq), 0), count(*) FROM articles", -1,
                           &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        *count = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return step == SQLITE_ROW ? RASD_OK : sqlite_fail(b);
}

static void figure_row(sqlite3_stmt *st, struct sb_figure_row *r)
{
    struct sb_text *t[] = {&r->doc, &r->category, &r->group, &r->actor, &r->qualifier,
                           &r->unit, &r->source, &r->source_text, &r->location, &r->date,
                           &r->field, &r->sentence, &r->outlet, &r->published};
    enum { NT = sizeof t / sizeof *t };
    r->seq = sqlite3_column_int64(st, 0);
    r->n = sqlite3_column_int64(st, 1);
    for (int i = 0; i < NT; i++)
        *t[i] = sqlite_col(st, 2 + i);
    r->value = sqlite_col_int(st, 2 + NT);
    r->low = sqlite_col_int(st, 3 + NT);
    r->high = sqlite_col_int(st, 4 + NT);
    r->span_start = sqlite_col_int(st, 5 + NT);
    r->span_end = sqlite_col_int(st, 6 + NT);
}

/* One statement for every filter: a NULL parameter keeps every row, so the plan does not
 * depend on which filters a request gives. */
static const char figures_sql[] =
    "SELECT f.seq, f.n, f.doc, f.category, f.grp, f.actor, f.qualifier, f.unit, f.source,"
    " f.source_text, f.location, f.date, f.field, f.sentence, a.outlet, a.published,"
    " f.value, f.low, f.high, f.span_start, f.span_end"
    " FROM figures f JOIN articles a ON a.seq = f.seq"
    " WHERE (?1 IS NULL OR f.category = ?1) AND (?2 IS NULL OR f.grp = ?2)"
    " AND (?3 IS NULL OR f.source = ?3 OR (?3 = '' AND f.source IS NULL))"
    " AND (?4 IS NULL OR f.doc = ?4)"
    " AND (?5 IS NULL OR coalesce(f.date, substr(a.published, 1, 10)) >= ?5)"
    " AND (?6 IS NULL OR coalesce(f.date, substr(a.published, 1, 10)) <= ?6)"
    " AND (f.seq > ?7 OR (f.seq = ?7 AND f.n > ?8))"
    " ORDER BY f.seq, f.n";

int sb_figures_scan(struct sb *b, const struct sb_figure_query *q,
                    int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(b->db, figures_sql, -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    const struct sb_text *params[] = {&q->category, &q->group, &q->source, &q->doc,
                                      &q->since, &q->until};
    int rc = RASD_OK, step = SQLITE_DONE;
    for (int i = 0; i < 6 && !rc; i++)
        if (sqlite_bind(st, i + 1, *params[i]) != SQLITE_OK)
            rc = sqlite_fail(b);
    sqlite3_bind_int64(st, 7, q->after_seq);
    sqlite3_bind_int64(st, 8, q->after_n);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct sb_figure_row r;
        figure_row(st, &r);
        rc = fn(ctx, &r);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sqlite_fail(b);
    sqlite3_finalize(st);
    return rc;
}
