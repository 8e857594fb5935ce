/* The SQLite backend: the passage index and the stories, stored (main) or in this
 * connection's TEMP tables (the scratch copies, which hide the stored ones from every
 * unqualified query of this connection). */
#include "store/sqlite/sqlite.h"
#include <stdio.h>
#include <string.h>

/* The scratch copies, without the foreign keys a TEMP table cannot have. */
static const char *const scratch_sql[] = {
    [SB_PASSAGES] =
        "CREATE TEMP TABLE IF NOT EXISTS psg_fp_new(hash INTEGER NOT NULL,"
        "  seq INTEGER NOT NULL, PRIMARY KEY(hash, seq)) WITHOUT ROWID;"
        "CREATE TEMP TABLE IF NOT EXISTS psg_done_new(seq INTEGER PRIMARY KEY);",
    [SB_STORIES] =
        "CREATE TEMP TABLE IF NOT EXISTS stories(id TEXT PRIMARY KEY, title TEXT, first TEXT,"
        "  last TEXT, places TEXT NOT NULL, groups TEXT NOT NULL);"
        "CREATE TEMP TABLE IF NOT EXISTS story_articles(seq INTEGER PRIMARY KEY,"
        "  story TEXT NOT NULL, pos INTEGER NOT NULL);"
        "CREATE INDEX IF NOT EXISTS temp.story_articles_story ON story_articles(story, pos);"
        "CREATE TEMP TABLE IF NOT EXISTS story_stamp(id INTEGER PRIMARY KEY CHECK(id = 1),"
        "  stamp TEXT NOT NULL);",
};

static const char *const drop_sql[] = {
    [SB_PASSAGES] = "DROP TABLE IF EXISTS temp.psg_fp_new;"
                    "DROP TABLE IF EXISTS temp.psg_done_new;",
    [SB_STORIES] = "DROP TABLE IF EXISTS temp.stories; DROP TABLE IF EXISTS "
                   "temp.story_articles; DROP TABLE IF EXISTS temp.story_stamp;",
};

int sqlite_scratch(struct sb *b, enum sb_derived what)
{
    return sqlite_exec(b, scratch_sql[what]);
}

int sqlite_scratch_drop(struct sb *b, enum sb_derived what)
{
    if (what == SB_PASSAGES) {
        /* Its lookup reads the scratch index: prepared again with it. */
        sqlite3_finalize(sq(b)->st_post);
        sq(b)->st_post = NULL;
    }
    return sqlite_exec(b, drop_sql[what]);
}

static int cache_size(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int v = -2000;
    if (sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void set_cache_size(sqlite3 *db, int v)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", v);
    sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* The fingerprint B-trees are written all over: a page cache that holds them saves most
 * reads (SQLite's default is 2 MB). */
void sqlite_bulk(struct sb *b, int on)
{
    struct sqlite_sb *q = sq(b);
    if (on) {
        q->cache_pages = cache_size(q->db);
        sqlite3_exec(q->db, "PRAGMA cache_size = -131072", NULL, NULL, NULL);
    } else {
        set_cache_size(q->db, q->cache_pages);
    }
}

/* One integer of a query without parameters. */
static int query_int(struct sb *b, const char *sql, int64_t *v)
{
    sqlite3_stmt *st = NULL;
    *v = 0;
    if (sqlite3_prepare_v2(sq(b)->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return step == SQLITE_ROW ? RASD_OK : sqlite_fail(b);
}

int sqlite_passages_mark(struct sb *b, int scratch, int64_t *seq)
{
    return query_int(b, scratch ? "SELECT max(coalesce((SELECT max(seq) FROM main.psg_done),"
                                  " 0), coalesce((SELECT max(seq) FROM temp.psg_done_new), 0))"
                                : "SELECT coalesce(max(seq), 0) FROM main.psg_done", seq);
}

static int put_rows(struct sb *b, int scratch, const struct sb_fingerprint *fp, size_t nfp,
                    const int64_t *done, size_t ndone)
{
    sqlite3_stmt *ins = NULL, *dn = NULL;
    int rc = RASD_OK;
    if (sqlite3_prepare_v2(sq(b)->db, scratch ? "INSERT OR IGNORE INTO temp.psg_fp_new(hash,"
                                                " seq) VALUES (?1, ?2)"
                                              : "INSERT OR IGNORE INTO main.psg_fp(hash, seq)"
                                                " VALUES (?1, ?2)", -1, &ins, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(sq(b)->db, scratch ? "INSERT OR IGNORE INTO temp.psg_done_new(seq)"
                                                " VALUES (?1)"
                                              : "INSERT OR IGNORE INTO main.psg_done(seq)"
                                                " VALUES (?1)", -1, &dn, NULL) != SQLITE_OK)
        rc = sqlite_fail(b);
    for (size_t i = 0; i < nfp && !rc; i++) {
        sqlite3_bind_int64(ins, 1, (sqlite3_int64)fp[i].hash);
        sqlite3_bind_int64(ins, 2, fp[i].seq);
        rc = sqlite_step_done(b, ins);
    }
    for (size_t i = 0; i < ndone && !rc; i++) {
        sqlite3_bind_int64(dn, 1, done[i]);
        rc = sqlite_step_done(b, dn);
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(dn);
    return rc;
}

/* The scratch index may be written inside the caller's batch: a savepoint nests. */
int sqlite_passages_put(struct sb *b, int scratch, const struct sb_fingerprint *fp,
                        size_t nfp, const int64_t *done, size_t ndone)
{
    int rc = sqlite_exec(b, scratch ? "SAVEPOINT psg" : "BEGIN IMMEDIATE");
    if (!rc)
        rc = put_rows(b, scratch, fp, nfp, done, ndone);
    if (!rc)
        rc = sqlite_exec(b, scratch ? "RELEASE psg" : "COMMIT");
    if (rc)
        sqlite3_exec(sq(b)->db, scratch ? "ROLLBACK TO psg; RELEASE psg" : "ROLLBACK", NULL,
                     NULL, NULL);
    return rc;
}

int sqlite_postings(struct sb *b, uint64_t hash,
                    int (*fn)(void *ctx, const struct sb_posting *p), void *ctx)
{
    struct sqlite_sb *q = sq(b);
    int rc = sqlite_prepare(b, &q->st_post,
        "SELECT f.seq, a.outlet, a.published, sa.story FROM (SELECT seq FROM main.psg_fp"
        " WHERE hash = ?1 UNION ALL SELECT seq FROM temp.psg_fp_new WHERE hash = ?1) f"
        " JOIN articles a ON a.seq = f.seq"
        " LEFT JOIN main.story_articles sa ON sa.seq = f.seq");
    if (rc)
        return rc;
    int step = SQLITE_DONE;
    sqlite3_bind_int64(q->st_post, 1, (sqlite3_int64)hash);
    while (!rc && (step = sqlite3_step(q->st_post)) == SQLITE_ROW) {
        struct sb_posting p = {sqlite3_column_int64(q->st_post, 0), sqlite_col(q->st_post, 1),
                               sqlite_col(q->st_post, 2), sqlite_col(q->st_post, 3)};
        rc = fn(ctx, &p);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sqlite_fail(b);
    sqlite3_reset(q->st_post);
    return rc;
}

/* ---- stories */

int sqlite_story_refs(struct sb *b, enum sb_refs which,
                      int (*fn)(void *ctx, int64_t seq, struct sb_text ref), void *ctx)
{
    /* A figure's place counts twice, as the event the article reports. */
    static const char *const sql[] = {
        [SB_REF_PLACES] = "SELECT seq, ref FROM mentions WHERE kind = 'place' UNION ALL "
                          "SELECT seq, location FROM figures WHERE location IS NOT NULL "
                          "ORDER BY 1",
        [SB_REF_GROUPS] = "SELECT seq, grp FROM figures WHERE grp IS NOT NULL AND "
                          "grp NOT IN ('unknown', 'all') ORDER BY 1",
    };
    sqlite3_stmt *st = NULL;
    int rc = RASD_OK, step = SQLITE_DONE;
    if (sqlite3_prepare_v2(sq(b)->db, sql[which], -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(ctx, sqlite3_column_int64(st, 0), sqlite_col(st, 1));
    if (!rc && step != SQLITE_DONE)
        rc = sqlite_fail(b);
    sqlite3_finalize(st);
    return rc;
}

int sqlite_stories_stamp(struct sb *b, int scratch, char *out, size_t cap)
{
    sqlite3_stmt *st = NULL;
    out[0] = 0;
    const char *sql = scratch ? "SELECT stamp FROM temp.story_stamp WHERE id = 1"
                              : "SELECT stamp FROM main.story_stamp WHERE id = 1";
    if (sqlite3_prepare_v2(sq(b)->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return (step == SQLITE_ROW || step == SQLITE_DONE) ? RASD_OK : sqlite_fail(b);
}

/* Prepares sql, a format with one %s for the schema, into *st. */
static int prepare_in(struct sb *b, const char *schema, const char *sql, sqlite3_stmt **st)
{
    char q[256];
    snprintf(q, sizeof q, sql, schema);
    return sqlite3_prepare_v2(sq(b)->db, q, -1, st, NULL) == SQLITE_OK ? RASD_OK
                                                                        : sqlite_fail(b);
}

static int put_story(struct sb *b, sqlite3_stmt *ins, sqlite3_stmt *mem,
                     const struct sb_story *st)
{
    sqlite3_bind_text(ins, 1, st->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 2, st->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, st->first, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 4, st->last, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 5, st->places, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 6, st->groups, -1, SQLITE_STATIC);
    int rc = sqlite_step_done(b, ins);
    for (size_t k = 0; k < st->nseqs && !rc; k++) {
        sqlite3_bind_int64(mem, 1, st->seqs[k]);
        sqlite3_bind_text(mem, 2, st->id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(mem, 3, (sqlite3_int64)k);
        rc = sqlite_step_done(b, mem);
    }
    return rc;
}

/* The grouping's state goes with the stamp of the stories it made. */
static int put_state(struct sb *b, const char *stamp, struct sb_text state)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sq(b)->db, "INSERT OR REPLACE INTO main.story_state(id, stamp, "
                           "state) VALUES (1, ?1, ?2)", -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    sqlite3_bind_text(st, 1, stamp, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(st, 2, state.p, state.n, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? RASD_OK : sqlite_fail(b);
    sqlite3_finalize(st);
    return rc;
}

static int put_stories(struct sb *b, const char *schema, const struct sb_story *st, size_t n,
                       const char *stamp)
{
    sqlite3_stmt *ins = NULL, *mem = NULL, *stp = NULL;
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM %s.story_articles; DELETE FROM %s.stories;",
             schema, schema);
    int rc = sqlite_exec(b, sql);
    if (!rc)
        rc = prepare_in(b, schema, "INSERT INTO %s.stories(id, title, first, last, places, "
                        "groups) VALUES (?1, ?2, nullif(?3, ''), nullif(?4, ''), ?5, ?6)",
                        &ins);
    if (!rc)
        rc = prepare_in(b, schema, "INSERT INTO %s.story_articles(seq, story, pos) "
                        "VALUES (?1, ?2, ?3)", &mem);
    if (!rc)
        rc = prepare_in(b, schema, "INSERT OR REPLACE INTO %s.story_stamp(id, stamp) "
                        "VALUES (1, ?1)", &stp);
    for (size_t i = 0; i < n && !rc; i++)
        rc = put_story(b, ins, mem, &st[i]);
    if (!rc) {
        sqlite3_bind_text(stp, 1, stamp, -1, SQLITE_STATIC);
        rc = sqlite_step_done(b, stp);
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(mem);
    sqlite3_finalize(stp);
    return rc;
}

/* The scratch copy may be written inside the caller's batch: a savepoint nests. */
int sqlite_stories_put(struct sb *b, int scratch, const struct sb_story *st, size_t n,
                       const char *stamp, struct sb_text state)
{
    int rc = sqlite_exec(b, scratch ? "SAVEPOINT stories" : "BEGIN IMMEDIATE");
    if (rc)
        return rc;
    rc = put_stories(b, scratch ? "temp" : "main", st, n, stamp);
    if (!rc && state.p && !scratch)
        rc = put_state(b, stamp, state);
    if (!rc)
        rc = sqlite_exec(b, scratch ? "RELEASE stories" : "COMMIT");
    if (rc)
        sqlite3_exec(sq(b)->db, scratch ? "ROLLBACK TO stories; RELEASE stories" : "ROLLBACK",
                     NULL, NULL, NULL);
    return rc;
}

int sqlite_story_state(struct sb *b, const char *stamp,
                       int (*fn)(void *ctx, struct sb_text state), void *ctx)
{
    sqlite3_stmt *st = NULL;
    int rc = RASD_OK;
    if (sqlite3_prepare_v2(sq(b)->db, "SELECT state FROM main.story_state WHERE id = 1 AND "
                           "stamp = ?1", -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    sqlite3_bind_text(st, 1, stamp, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        const void *p = sqlite3_column_blob(st, 0);
        rc = fn(ctx, (struct sb_text){p, (size_t)sqlite3_column_bytes(st, 0)});
    } else if (step != SQLITE_DONE) {
        rc = sqlite_fail(b);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Unqualified: a scratch copy hides the stored stories. */
int sqlite_story_rows(struct sb *b, int (*fn)(void *ctx, const struct sb_story_row *r),
                      void *ctx)
{
    sqlite3_stmt *st = NULL;
    int rc = RASD_OK, step = SQLITE_DONE;
    if (sqlite3_prepare_v2(sq(b)->db, "SELECT id, title, first, last, places, groups FROM "
                           "stories ORDER BY rowid", -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct sb_story_row r = {sqlite_col(st, 0), sqlite_col(st, 1), sqlite_col(st, 2),
                                 sqlite_col(st, 3), sqlite_col(st, 4), sqlite_col(st, 5)};
        rc = fn(ctx, &r);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sqlite_fail(b);
    sqlite3_finalize(st);
    return rc;
}

int sqlite_story_members(struct sb *b, const char *id,
                         int (*fn)(void *ctx, struct sb_text doc), void *ctx)
{
    struct sqlite_sb *q = sq(b);
    int rc = sqlite_prepare(b, &q->st_members, "SELECT a.id FROM story_articles sa JOIN "
                            "articles a ON a.seq = sa.seq WHERE sa.story = ?1 ORDER BY sa.pos");
    if (rc)
        return rc;
    int step = SQLITE_DONE;
    sqlite3_bind_text(q->st_members, 1, id, -1, SQLITE_STATIC);
    while (!rc && (step = sqlite3_step(q->st_members)) == SQLITE_ROW)
        rc = fn(ctx, sqlite_col(q->st_members, 0));
    if (!rc && step != SQLITE_DONE)
        rc = sqlite_fail(b);
    sqlite3_reset(q->st_members);
    return rc;
}
