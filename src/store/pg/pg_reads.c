/* The PostgreSQL backend: lists of articles without their text (the HTTP API's reads; its
 * figures by filter are with the other figure scans, in pg_figs.c). */
#include "store/pg/pg.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

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
