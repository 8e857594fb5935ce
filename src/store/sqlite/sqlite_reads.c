/* The SQLite backend: lists of articles without their text (the HTTP API's reads; its
 * figures by filter are with the other figure scans, in sqlite_figs.c). */
#include "store/sqlite/sqlite.h"

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
