/* The SQLite backend: article rows. */
#include "store/sqlite/sqlite.h"
#include <string.h>

int sqlite_article_find(struct sb *b, const char *id, int64_t *seq, char hash[17])
{
    int rc = sqlite_prepare(b, &sq(b)->st_find, "SELECT seq, hash FROM articles WHERE id = ?1");
    if (rc != RASD_OK)
        return rc;
    sqlite3_bind_text(sq(b)->st_find, 1, id, -1, SQLITE_STATIC);
    *seq = 0;
    hash[0] = 0;
    int step = sqlite3_step(sq(b)->st_find);
    if (step == SQLITE_ROW) {
        *seq = sqlite3_column_int64(sq(b)->st_find, 0);
        const char *h = (const char *)sqlite3_column_text(sq(b)->st_find, 1);
        if (h && strlen(h) < 17)
            strcpy(hash, h);
    }
    sqlite3_reset(sq(b)->st_find);
    sqlite3_clear_bindings(sq(b)->st_find);
    return step == SQLITE_ROW || step == SQLITE_DONE ? RASD_OK : sqlite_fail(b);
}

int sqlite_article_insert(struct sb *b, const rasd_doc *d, const char *hash, int64_t *seq)
{
    int rc = sqlite_prepare(b, &sq(b)->st_ins,
        "INSERT INTO articles(id, outlet, url, published, title, text, hash, ingested_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
    if (rc != RASD_OK)
        return rc;
    sqlite3_stmt *st = sq(b)->st_ins;
    sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, d->outlet, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, d->url, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, d->published, -1, SQLITE_STATIC);
    if (d->title)
        sqlite3_bind_text64(st, 5, d->title, d->title_len, SQLITE_STATIC, SQLITE_UTF8);
    sqlite3_bind_text64(st, 6, d->text ? d->text : "", d->text ? d->text_len : 0,
                        SQLITE_STATIC, SQLITE_UTF8);
    sqlite3_bind_text(st, 7, hash, -1, SQLITE_STATIC);
    if ((rc = sqlite_step_done(b, st)) != RASD_OK)
        return rc;
    *seq = sqlite3_last_insert_rowid(sq(b)->db);
    return RASD_OK;
}

int sqlite_article_delete(struct sb *b, int64_t seq)
{
    int rc = sqlite_prepare(b, &sq(b)->st_del, "DELETE FROM articles WHERE seq = ?1");
    if (rc != RASD_OK)
        return rc;
    sqlite3_bind_int64(sq(b)->st_del, 1, seq);
    return sqlite_step_done(b, sq(b)->st_del);
}

int sqlite_article_count(struct sb *b, int64_t *n)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sq(b)->db, "SELECT count(*) FROM articles", -1, &st, NULL) !=
        SQLITE_OK)
        return sqlite_fail(b);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return step == SQLITE_ROW ? RASD_OK : sqlite_fail(b);
}

/* The columns of an article row, for article_rows. */
#define ARTICLE_COLS "SELECT a.seq, a.title, a.text, a.id, a.outlet, a.url, a.published," \
                     " n.places, n.groups FROM articles a" \
                     " LEFT JOIN article_names n ON n.seq = a.seq "

/* Calls fn per row of st (prepared from ARTICLE_COLS, bound), then finalizes st, or
 * resets it when one of the handle's (found not NULL).  *found says whether there was a
 * row. */
static int article_rows(struct sb *b, sqlite3_stmt *st,
                        int (*fn)(void *ctx, const struct sb_article *a), void *ctx,
                        int *found)
{
    int rc = RASD_OK, step = SQLITE_DONE;
    if (found)
        *found = 0;
    while (rc == RASD_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct sb_article a = {sqlite3_column_int64(st, 0), sqlite_col(st, 1),
                               sqlite_col(st, 2), sqlite_col(st, 3), sqlite_col(st, 4),
                               sqlite_col(st, 5), sqlite_col(st, 6), sqlite_col(st, 7),
                               sqlite_col(st, 8)};
        if (found)
            *found = 1;
        rc = fn(ctx, &a);
    }
    if (rc == RASD_OK && step != SQLITE_DONE && step != SQLITE_ROW)
        rc = sqlite_fail(b);
    if (found) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    } else {
        sqlite3_finalize(st);
    }
    return rc;
}

int sqlite_articles_without_names(struct sb *b,
                                  int (*fn)(void *ctx, const struct sb_article *a), void *ctx)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sq(b)->db, ARTICLE_COLS "WHERE n.seq IS NULL ORDER BY a.seq", -1,
                           &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    return article_rows(b, st, fn, ctx, NULL);
}

int sqlite_articles_since(struct sb *b, int64_t after,
                          int (*fn)(void *ctx, const struct sb_article *a), void *ctx)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sq(b)->db, ARTICLE_COLS "WHERE a.seq > ?1 ORDER BY a.seq", -1,
                           &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    sqlite3_bind_int64(st, 1, after);
    return article_rows(b, st, fn, ctx, NULL);
}

int sqlite_article_get(struct sb *b, const char *id, int64_t seq,
                       int (*fn)(void *ctx, const struct sb_article *a), void *ctx)
{
    struct sqlite_sb *q = sq(b);
    sqlite3_stmt **st = id ? &q->st_get_id : &q->st_get_seq;
    int rc = sqlite_prepare(b, st, id ? ARTICLE_COLS "WHERE a.id = ?1"
                                      : ARTICLE_COLS "WHERE a.seq = ?1");
    if (rc)
        return rc;
    if (id)
        sqlite3_bind_text(*st, 1, id, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(*st, 1, seq);
    int found;
    rc = article_rows(b, *st, fn, ctx, &found);
    return rc == RASD_OK && !found ? RASD_ENOTFOUND : rc;
}

int sqlite_articles_stamp(struct sb *b, int64_t *count, int64_t *max, int64_t *sum)
{
    sqlite3_stmt *st = NULL;
    *count = *max = *sum = 0;
    if (sqlite3_prepare_v2(sq(b)->db, "SELECT count(*), coalesce(max(seq), 0), "
                           "coalesce(sum(seq), 0) FROM articles", -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *count = sqlite3_column_int64(st, 0);
        *max = sqlite3_column_int64(st, 1);
        *sum = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    return step == SQLITE_ROW ? RASD_OK : sqlite_fail(b);
}

int sqlite_search_rebuild(struct sb *b)
{
    return sqlite_exec(b, "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')");
}
