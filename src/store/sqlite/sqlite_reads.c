/* The SQLite backend: figures by filter and lists of articles without their text (the
 * HTTP API's reads). */
#include "store/sqlite/sqlite.h"

static void filtered_row(sqlite3_stmt *st, struct sb_figure_row *r)
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

int sqlite_figures_filtered(struct sb *b, const struct sb_figure_query *q,
                            int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sq(b)->db, figures_sql, -1, &st, NULL) != SQLITE_OK)
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
        struct sb_figure_row r = {0};
        filtered_row(st, &r);
        rc = fn(ctx, &r);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sqlite_fail(b);
    sqlite3_finalize(st);
    return rc;
}

int sqlite_articles_brief(struct sb *b, int64_t after,
                          int (*fn)(void *ctx, const struct sb_article *a), void *ctx)
{
    sqlite3_stmt *st = NULL;
    int rc = RASD_OK, step = SQLITE_DONE;
    if (sqlite3_prepare_v2(sq(b)->db, "SELECT seq, id, outlet, url, published, title"
                           " FROM articles WHERE seq > ?1 ORDER BY seq", -1, &st, NULL)
        != SQLITE_OK)
        return sqlite_fail(b);
    sqlite3_bind_int64(st, 1, after);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct sb_article a = {.seq = sqlite3_column_int64(st, 0)};
        a.id = sqlite_col(st, 1);
        a.outlet = sqlite_col(st, 2);
        a.url = sqlite_col(st, 3);
        a.published = sqlite_col(st, 4);
        a.title = sqlite_col(st, 5);
        rc = fn(ctx, &a);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sqlite_fail(b);
    sqlite3_finalize(st);
    return rc;
}
