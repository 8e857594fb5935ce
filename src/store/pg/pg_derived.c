/* The PostgreSQL backend: the passage index, stored or in this connection's TEMP tables
 * (the scratch copies: PostgreSQL looks in the session's temporary schema first, so they
 * hide the stored tables of one name from this connection only). */
#include "store/pg/pg.h"
#include "common/buf.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const scratch_sql[] = {
    [SB_PASSAGES] =
        "CREATE TEMP TABLE IF NOT EXISTS psg_fp_new(seq BIGINT PRIMARY KEY,"
        "  hashes BIGINT[] NOT NULL);"
        "CREATE INDEX IF NOT EXISTS psg_fp_new_hashes ON psg_fp_new USING gin(hashes);"
        "CREATE TEMP TABLE IF NOT EXISTS psg_done_new(seq BIGINT PRIMARY KEY)",
    [SB_STORIES] =
        "CREATE TEMP TABLE IF NOT EXISTS stories(id TEXT PRIMARY KEY, title TEXT, first TEXT,"
        "  last TEXT, places TEXT NOT NULL, groups TEXT NOT NULL, ord INTEGER NOT NULL);"
        "CREATE TEMP TABLE IF NOT EXISTS story_articles(seq BIGINT PRIMARY KEY,"
        "  story TEXT NOT NULL, pos INTEGER NOT NULL);"
        "CREATE INDEX IF NOT EXISTS story_articles_story_tmp ON story_articles(story, pos);"
        "CREATE TEMP TABLE IF NOT EXISTS story_stamp(id INTEGER PRIMARY KEY CHECK(id = 1),"
        "  stamp TEXT NOT NULL)",
};

static const char *const drop_sql[] = {
    [SB_PASSAGES] = "DROP TABLE IF EXISTS pg_temp.psg_fp_new;"
                    "DROP TABLE IF EXISTS pg_temp.psg_done_new",
    [SB_STORIES] = "DROP TABLE IF EXISTS pg_temp.stories;"
                   "DROP TABLE IF EXISTS pg_temp.story_articles;"
                   "DROP TABLE IF EXISTS pg_temp.story_stamp",
};

int pg_scratch(struct sb *b, enum sb_derived what)
{
    int rc = pg_exec(PG(b), scratch_sql[what]);
    if (rc == RASD_OK && what == SB_PASSAGES)
        PG(b)->psg_scratch = 1;
    return rc;
}

int pg_scratch_drop(struct sb *b, enum sb_derived what)
{
    int rc = pg_exec(PG(b), drop_sql[what]);
    if (rc == RASD_OK && what == SB_PASSAGES)
        PG(b)->psg_scratch = 0;
    return rc;
}

void pg_bulk(struct sb *b, int on)
{
    /* PostgreSQL's shared buffers are the server's to size. */
    (void)b;
    (void)on;
}

static int query_int(struct pg *b, const char *sql, int64_t *v)
{
    PGresult *r = NULL;
    *v = 0;
    int rc = pg_query(b, sql, 0, NULL, &r);
    if (rc == RASD_OK)
        *v = pg_col_int(r, 0, 0);
    PQclear(r);
    return rc;
}

int pg_passages_mark(struct sb *sb, int scratch, int64_t *seq)
{
    struct pg *b = PG(sb);
    char sql[512];
    if (scratch)
        snprintf(sql, sizeof sql, "SELECT greatest(coalesce((SELECT max(seq) FROM %s.psg_done),"
                 " 0), coalesce((SELECT max(seq) FROM pg_temp.psg_done_new), 0))", b->schema);
    else
        snprintf(sql, sizeof sql, "SELECT coalesce(max(seq), 0) FROM %s.psg_done", b->schema);
    return query_int(b, sql, seq);
}

/* An array literal of n integers, v(i) each. */
static void int_array(struct buf *out, size_t n, int64_t (*v)(const void *, size_t),
                      const void *p)
{
    buf_reset(out);
    buf_addc(out, '{');
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "%s%" PRId64, i ? "," : "", v(p, i));
    buf_addc(out, '}');
    buf_addc(out, 0);
}

static int64_t fp_hash(const void *p, size_t i)
{
    /* Stored as the signed 64-bit integer of its bits, as SQLite stores it. */
    return (int64_t)((const struct sb_fingerprint *)p)[i].hash;
}

static int64_t fp_seq(const void *p, size_t i)
{
    return ((const struct sb_fingerprint *)p)[i].seq;
}

static int64_t done_seq(const void *p, size_t i)
{
    return ((const int64_t *)p)[i];
}

static int put_rows(struct pg *b, int scratch, const struct sb_fingerprint *fp, size_t nfp,
                    const int64_t *done, size_t ndone)
{
    struct buf h, s, d;
    char sql[2][512];
    buf_init(&h);
    buf_init(&s);
    buf_init(&d);
    int_array(&h, nfp, fp_hash, fp);
    int_array(&s, nfp, fp_seq, fp);
    int_array(&d, ndone, done_seq, done);
    /* One row per article; an article met again (its fingerprints in two chunks) gets
     * the union. */
    const char *t = scratch ? "pg_temp.psg_fp_new" : NULL;
    char stored[128];
    snprintf(stored, sizeof stored, "%s.psg_fp", b->schema);
    if (!t)
        t = stored;
    snprintf(sql[0], sizeof sql[0], "INSERT INTO %s AS f(seq, hashes) SELECT s,"
             " array_agg(DISTINCT h) FROM unnest($1::bigint[], $2::bigint[]) AS u(h, s)"
             " GROUP BY s ON CONFLICT (seq) DO UPDATE SET hashes = (SELECT"
             " array_agg(DISTINCT x) FROM unnest(f.hashes || excluded.hashes) AS x)", t);
    snprintf(sql[1], sizeof sql[1], "INSERT INTO %s%s(seq) SELECT * FROM"
             " unnest($1::bigint[]) ON CONFLICT DO NOTHING",
             scratch ? "pg_temp." : b->schema, scratch ? "psg_done_new" : ".psg_done");
    int rc = h.oom || s.oom || d.oom ? RASD_ENOMEM : RASD_OK;
    const char *v1[] = {h.p, s.p}, *v2[] = {d.p};
    if (rc == RASD_OK && nfp)
        rc = pg_query(b, sql[0], 2, v1, NULL);
    if (rc == RASD_OK && ndone)
        rc = pg_query(b, sql[1], 1, v2, NULL);
    buf_free(&h);
    buf_free(&s);
    buf_free(&d);
    return rc;
}

/* The scratch index may be written inside the caller's batch: a savepoint nests. */
int pg_passages_put(struct sb *sb, int scratch, const struct sb_fingerprint *fp, size_t nfp,
                    const int64_t *done, size_t ndone)
{
    struct pg *b = PG(sb);
    int rc = scratch ? pg_exec(b, "SAVEPOINT psg") : pg_begin(sb);
    if (rc == RASD_OK)
        rc = put_rows(b, scratch, fp, nfp, done, ndone);
    if (rc == RASD_OK)
        rc = scratch ? pg_exec(b, "RELEASE SAVEPOINT psg") : pg_commit(sb);
    if (rc != RASD_OK) {
        /* Keeps the failure's message across the rollback. */
        char *msg = b->err;
        b->err = NULL;
        if (scratch)
            pg_exec(b, "ROLLBACK TO SAVEPOINT psg; RELEASE SAVEPOINT psg");
        else
            pg_rollback(sb);
        free(b->err);
        b->err = msg;
    }
    return rc;
}

int pg_postings(struct sb *sb, uint64_t hash, int (*fn)(void *ctx, const struct sb_posting *p),
                void *ctx)
{
    struct pg *b = PG(sb);
    char sql[512], h[24];
    int rc, scratch = b->psg_scratch;
    PGresult *r = NULL;
    snprintf(sql, sizeof sql, "SELECT f.seq, a.outlet, a.published, sa.story FROM (SELECT seq,"
             " 0 AS src FROM %s.psg_fp WHERE hashes @> ARRAY[$1::bigint]%s) f"
             " JOIN articles a ON a.seq = f.seq"
             " LEFT JOIN %s.story_articles sa ON sa.seq = f.seq ORDER BY f.src, f.seq",
             b->schema, scratch ? " UNION ALL SELECT seq, 1 FROM pg_temp.psg_fp_new WHERE"
                                  " hashes @> ARRAY[$1::bigint]" : "", b->schema);
    snprintf(h, sizeof h, "%" PRId64, (int64_t)hash);
    const char *vals[] = {h};
    if ((rc = pg_query(b, sql, 1, vals, &r)) != RASD_OK)
        return rc;
    for (int i = 0; rc == RASD_OK && i < PQntuples(r); i++) {
        struct sb_posting p = {pg_col_int(r, i, 0), pg_col(r, i, 1), pg_col(r, i, 2),
                               pg_col(r, i, 3)};
        rc = fn(ctx, &p);
    }
    PQclear(r);
    return rc;
}
