/* The SQLite backend: the series inputs of a stored story. */
#include "store/sqlite/sqlite.h"

int sqlite_story_size(struct sb *b, const char *id, int64_t *n)
{
    sqlite3_stmt *st = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(sq(b)->db, "SELECT count(*) FROM story_articles WHERE story = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return step == SQLITE_ROW ? RASD_OK : sqlite_fail(b);
}

static void series_row(sqlite3_stmt *st, struct sb_series_row *r)
{
    struct sb_text *t[] = {&r->doc, &r->outlet, &r->published, &r->date, &r->category,
                           &r->group, &r->location, &r->source, &r->qualifier};
    for (int i = 0; i < 9; i++)
        *t[i] = sqlite_col(st, i);
    r->value = sqlite_col_int(st, 9);
    r->low = sqlite_col_int(st, 10);
    r->high = sqlite_col_int(st, 11);
    r->span_start = sqlite_col_int(st, 12);
    r->span_end = sqlite_col_int(st, 13);
    r->sentence = sqlite_col(st, 14);
    r->field = sqlite_col(st, 15);
}

int sqlite_series_rows(struct sb *b, const char *id,
                   int (*fn)(void *ctx, const struct sb_series_row *r), void *ctx)
{
    sqlite3_stmt *st = NULL;
    int rc = RASD_OK, step = SQLITE_DONE;
    if (sqlite3_prepare_v2(sq(b)->db,
            "SELECT f.doc, a.outlet, a.published, f.date, f.category, f.grp, f.location,"
            " f.source, f.qualifier, f.value, f.low, f.high, f.span_start, f.span_end,"
            " f.sentence, CASE f.field WHEN 'title' THEN a.title ELSE a.text END"
            " FROM story_articles sa JOIN figures f ON f.seq = sa.seq"
            " JOIN articles a ON a.seq = sa.seq WHERE sa.story = ?1 ORDER BY sa.pos, f.n",
            -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct sb_series_row r;
        series_row(st, &r);
        rc = fn(ctx, &r);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sqlite_fail(b);
    sqlite3_finalize(st);
    return rc;
}
