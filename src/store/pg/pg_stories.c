/* The PostgreSQL backend: the stories, stored or in this connection's TEMP tables (the
 * scratch copy, made by pg_scratch), and the grouping's state. */
#include "store/pg/pg.h"
#include "common/buf.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pg_story_refs(struct sb *sb, enum sb_refs which,
                  int (*fn)(void *ctx, int64_t seq, struct sb_text ref), void *ctx)
{
    /* A figure's place counts twice, as the event the article reports: an article's
     * mentions in the order they were written, then its figures' places in order. */
    static const char *const sql[] = {
        [SB_REF_PLACES] = "SELECT seq, ref FROM (SELECT seq, ref, 0 AS src, ord AS k"
                          " FROM mentions WHERE kind = 'place' UNION ALL"
                          " SELECT seq, location, 1, n FROM figures WHERE location IS NOT NULL)"
                          " r ORDER BY seq, src, k",
        [SB_REF_GROUPS] = "SELECT seq, grp FROM figures WHERE grp IS NOT NULL AND"
                          " grp NOT IN ('unknown', 'all') ORDER BY seq, n",
    };
    PGresult *r = NULL;
    int rc = pg_query(PG(sb), sql[which], 0, NULL, &r);
    for (int i = 0; rc == RASD_OK && i < PQntuples(r); i++)
        rc = fn(ctx, pg_col_int(r, i, 0), pg_col(r, i, 1));
    PQclear(r);
    return rc;
}

int pg_stories_stamp(struct sb *sb, int scratch, char *out, size_t cap)
{
    struct pg *b = PG(sb);
    char sql[256];
    PGresult *r = NULL;
    out[0] = 0;
    snprintf(sql, sizeof sql, "SELECT stamp FROM %s.story_stamp WHERE id = 1",
             scratch ? "pg_temp" : b->schema);
    int rc = pg_query(b, sql, 0, NULL, &r);
    if (rc == RASD_OK && PQntuples(r) && !PQgetisnull(r, 0, 0))
        snprintf(out, cap, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    return rc;
}

/* Appends t as an element of a text array literal (quoted, \\ and " escaped). */
static void array_text(struct buf *out, const char *t)
{
    buf_addc(out, out->len > 1 ? ',' : '{');
    if (!t) {
        buf_adds(out, "NULL");
        return;
    }
    buf_addc(out, '"');
    for (; *t; t++) {
        if (*t == '"' || *t == '\\')
            buf_addc(out, '\\');
        buf_addc(out, *t);
    }
    buf_addc(out, '"');
}

static void array_end(struct buf *out)
{
    if (out->len == 0)
        buf_addc(out, '{');
    buf_addc(out, '}');
    buf_addc(out, 0);
}

enum { COL_ID, COL_TITLE, COL_FIRST, COL_LAST, COL_PLACES, COL_GROUPS, COL_MSEQ, COL_MSTORY,
       NCOLS };

/* Every story and every membership as column arrays: two statements in all, however many
 * stories (a statement a story would cost a round trip each). */
static int put_rows(struct pg *b, const char *schema, const struct sb_story *st, size_t n)
{
    struct buf col[NCOLS];
    char sql[2][384];
    for (int c = 0; c < NCOLS; c++)
        buf_init(&col[c]);
    for (size_t i = 0; i < n; i++) {
        const char *v[] = {st[i].id, st[i].title, st[i].first, st[i].last, st[i].places,
                           st[i].groups};
        for (int c = 0; c <= COL_GROUPS; c++)
            array_text(&col[c], v[c]);
        for (size_t k = 0; k < st[i].nseqs; k++) {
            char num[24];
            snprintf(num, sizeof num, "%" PRId64, st[i].seqs[k]);
            array_text(&col[COL_MSEQ], num);
            array_text(&col[COL_MSTORY], st[i].id);
        }
    }
    int oom = 0;
    for (int c = 0; c < NCOLS; c++) {
        array_end(&col[c]);
        oom |= col[c].oom;
    }
    snprintf(sql[0], sizeof sql[0], "INSERT INTO %s.stories(id, title, first, last, places,"
             " groups, ord) SELECT i, t, nullif(f, ''), nullif(l, ''), p, g, (o - 1)::int FROM"
             " unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])"
             " WITH ORDINALITY AS u(i, t, f, l, p, g, o)", schema);
    /* pos: the member's place in its story, in the order given. */
    snprintf(sql[1], sizeof sql[1], "INSERT INTO %s.story_articles(seq, story, pos)"
             " SELECT s, st, (row_number() OVER (PARTITION BY st ORDER BY o) - 1)::int FROM"
             " unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS u(s, st, o)", schema);
    const char *v1[] = {col[0].p, col[1].p, col[2].p, col[3].p, col[4].p, col[5].p};
    const char *v2[] = {col[COL_MSEQ].p, col[COL_MSTORY].p};
    int rc = oom ? RASD_ENOMEM : n ? pg_query(b, sql[0], 6, v1, NULL) : RASD_OK;
    if (rc == RASD_OK && col[COL_MSEQ].len > 2)
        rc = pg_query(b, sql[1], 2, v2, NULL);
    for (int c = 0; c < NCOLS; c++)
        buf_free(&col[c]);
    return rc;
}

static int put_stories(struct pg *b, const char *schema, const struct sb_story *st, size_t n,
                       const char *stamp)
{
    char sql[256];
    snprintf(sql, sizeof sql, "DELETE FROM %s.story_articles; DELETE FROM %s.stories",
             schema, schema);
    int rc = pg_exec(b, sql);
    if (rc == RASD_OK)
        rc = put_rows(b, schema, st, n);
    snprintf(sql, sizeof sql, "INSERT INTO %s.story_stamp(id, stamp) VALUES (1, $1)"
             " ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp", schema);
    const char *vals[] = {stamp};
    return rc == RASD_OK ? pg_query(b, sql, 1, vals, NULL) : rc;
}

/* The grouping's state goes with the stamp of the stories it made. */
static int put_state(struct pg *b, const char *stamp, struct sb_text state)
{
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO %s.story_state(id, stamp, state) VALUES (1, $1, $2)"
             " ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp, state = excluded.state",
             b->schema);
    const char *vals[] = {stamp, state.p};
    int lens[] = {0, (int)state.n}, binary[] = {0, 1};
    if (state.n > (size_t)INT32_MAX)
        return pg_fail(b, "the grouping's state is too large to store");
    return pg_query_bin(b, sql, 2, vals, lens, binary, 0, NULL);
}

/* The scratch copy may be written inside the caller's batch: a savepoint nests. */
int pg_stories_put(struct sb *sb, int scratch, const struct sb_story *st, size_t n,
                   const char *stamp, struct sb_text state)
{
    struct pg *b = PG(sb);
    int rc = scratch ? pg_exec(b, "SAVEPOINT stories") : pg_begin(sb);
    if (rc != RASD_OK)
        return rc;
    rc = put_stories(b, scratch ? "pg_temp" : b->schema, st, n, stamp);
    if (rc == RASD_OK && state.p && !scratch)
        rc = put_state(b, stamp, state);
    if (rc == RASD_OK)
        rc = scratch ? pg_exec(b, "RELEASE SAVEPOINT stories") : pg_commit(sb);
    if (rc != RASD_OK) {
        /* Keeps the failure's message across the rollback. */
        char *msg = b->err;
        b->err = NULL;
        if (scratch)
            pg_exec(b, "ROLLBACK TO SAVEPOINT stories; RELEASE SAVEPOINT stories");
        else
            pg_rollback(sb);
        free(b->err);
        b->err = msg;
    }
    return rc;
}

int pg_story_state(struct sb *sb, const char *stamp,
                   int (*fn)(void *ctx, struct sb_text state), void *ctx)
{
    struct pg *b = PG(sb);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT state FROM %s.story_state WHERE id = 1 AND stamp = $1",
             b->schema);
    const char *vals[] = {stamp};
    PGresult *r = NULL;
    /* Binary: the state's own bytes, not bytea's hex text. */
    int rc = pg_query_bin(b, sql, 1, vals, NULL, NULL, 1, &r);
    if (rc == RASD_OK && PQntuples(r) && !PQgetisnull(r, 0, 0))
        rc = fn(ctx, (struct sb_text){PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0)});
    PQclear(r);
    return rc;
}

/* Unqualified: a scratch copy hides the stored stories. */
int pg_story_rows(struct sb *sb, int (*fn)(void *ctx, const struct sb_story_row *r), void *ctx)
{
    PGresult *r = NULL;
    int rc = pg_query(PG(sb), "SELECT id, title, first, last, places, groups FROM stories"
                              " ORDER BY ord", 0, NULL, &r);
    for (int i = 0; rc == RASD_OK && i < PQntuples(r); i++) {
        struct sb_story_row row = {pg_col(r, i, 0), pg_col(r, i, 1), pg_col(r, i, 2),
                                   pg_col(r, i, 3), pg_col(r, i, 4), pg_col(r, i, 5)};
        rc = fn(ctx, &row);
    }
    PQclear(r);
    return rc;
}

int pg_story_members(struct sb *sb, const char *id, int (*fn)(void *ctx, struct sb_text doc),
                     void *ctx)
{
    PGresult *r = NULL;
    const char *vals[] = {id};
    int rc = pg_query(PG(sb), "SELECT a.id FROM story_articles sa JOIN articles a"
                              " ON a.seq = sa.seq WHERE sa.story = $1 ORDER BY sa.pos", 1, vals,
                      &r);
    for (int i = 0; rc == RASD_OK && i < PQntuples(r); i++)
        rc = fn(ctx, pg_col(r, i, 0));
    PQclear(r);
    return rc;
}
