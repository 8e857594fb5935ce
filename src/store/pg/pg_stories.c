/* The PostgreSQL backend: the stories, stored or in this connection's TEMP tables (the
 * scratch copy, made by pg_scratch), and the grouping's state. */
#include "store/pg/pg.h"
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

/* An array literal of seqs. */
static char *seq_array(const int64_t *v, size_t n)
{
    char *s = malloc(n * 21 + 3), *o = s;
    if (!s)
        return NULL;
    *o++ = '{';
    for (size_t i = 0; i < n; i++)
        o += sprintf(o, "%s%" PRId64, i ? "," : "", v[i]);
    *o++ = '}';
    *o = 0;
    return s;
}

static int put_story(struct pg *b, const char *schema, const struct sb_story *st, size_t ord)
{
    char sql[2][256], num[24];
    snprintf(sql[0], sizeof sql[0], "INSERT INTO %s.stories(id, title, first, last, places,"
             " groups, ord) VALUES ($1, $2, nullif($3, ''), nullif($4, ''), $5, $6, $7)",
             schema);
    snprintf(sql[1], sizeof sql[1], "INSERT INTO %s.story_articles(seq, story, pos)"
             " SELECT s, $2, (p - 1)::int FROM unnest($1::bigint[]) WITH ORDINALITY AS u(s, p)",
             schema);
    snprintf(num, sizeof num, "%zu", ord);
    const char *v1[] = {st->id, st->title, st->first, st->last, st->places, st->groups, num};
    int rc = pg_query(b, sql[0], 7, v1, NULL);
    if (rc != RASD_OK || !st->nseqs)
        return rc;
    char *arr = seq_array(st->seqs, st->nseqs);
    const char *v2[] = {arr, st->id};
    rc = arr ? pg_query(b, sql[1], 2, v2, NULL) : RASD_ENOMEM;
    free(arr);
    return rc;
}

static int put_stories(struct pg *b, const char *schema, const struct sb_story *st, size_t n,
                       const char *stamp)
{
    char sql[256];
    snprintf(sql, sizeof sql, "DELETE FROM %s.story_articles; DELETE FROM %s.stories",
             schema, schema);
    int rc = pg_exec(b, sql);
    for (size_t i = 0; i < n && rc == RASD_OK; i++)
        rc = put_story(b, schema, &st[i], i);
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
