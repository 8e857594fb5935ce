/* The PostgreSQL backend: the schema as numbered migrations, recorded in schema_version. */
#include "store/pg/pg.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Taken while migrating, so that two processes opening a new store apply each migration
 * once ('rasm'). */
#define PG_MIGRATE_LOCK "SELECT pg_advisory_xact_lock(1918989165)"

/* The tables mirror the SQLite backend's (src/store/sqlite/sqlite_schema.c), so that
 * every sb_* call reads and writes the same rows.  The full-text index is a tsvector of
 * rasd's own search tokens (fts_tokenize: normalization and light stems), which the
 * 'simple' configuration takes as they are, with the token counts that BM25 ranking
 * needs.  Append migrations; never edit one that has shipped. */
static const char *const pg_migrations[] = {
    /* 1: articles, figures, mentions, full-text index */
    "CREATE TABLE articles("
    "  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  id TEXT NOT NULL UNIQUE,"
    "  outlet TEXT, url TEXT, published TEXT, title TEXT,"
    "  text TEXT NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  ingested_at TEXT NOT NULL,"
    "  tsv TSVECTOR NOT NULL,"
    "  ntok_title BIGINT NOT NULL, ntok_text BIGINT NOT NULL);"
    "CREATE INDEX articles_published ON articles(published);"
    "CREATE INDEX articles_hash ON articles(hash);"
    "CREATE INDEX articles_tsv ON articles USING gin(tsv);"
    "CREATE TABLE figures("
    "  seq BIGINT NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,"
    "  n INTEGER NOT NULL,"
    "  doc TEXT NOT NULL, category TEXT NOT NULL, grp TEXT, actor TEXT,"
    "  value BIGINT, low BIGINT, high BIGINT, qualifier TEXT, unit TEXT,"
    "  source TEXT, source_text TEXT, location TEXT, date TEXT,"
    "  span_start BIGINT, span_end BIGINT, field TEXT, sentence TEXT,"
    "  PRIMARY KEY(seq, n));"
    "CREATE INDEX figures_cat ON figures(category, grp, location);"
    /* ord: the order mentions were written in (SQLite's rowid), which the grouping reads. */
    "CREATE TABLE mentions("
    "  ord BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  seq BIGINT NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK(kind IN ('place','actor','source')),"
    "  ref TEXT NOT NULL, span_start BIGINT, span_end BIGINT, field TEXT);"
    "CREATE INDEX mentions_seq ON mentions(seq);"
    "CREATE INDEX mentions_ref ON mentions(kind, ref);",
    /* 2: stories: passage fingerprints, story assignments */
    /* An article's fingerprints as one array under a GIN index: PostgreSQL writes a row
     * of a few hundred hashes some ten times faster than as many (hash, seq) rows in a
     * B-tree, and finds a hash's articles through the index as fast. */
    "CREATE TABLE psg_fp("
    "  seq BIGINT PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,"
    "  hashes BIGINT[] NOT NULL);"
    "CREATE INDEX psg_fp_hashes ON psg_fp USING gin(hashes);"
    "CREATE TABLE psg_done("
    "  seq BIGINT PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE);"
    /* ord: the order the stories were stored in (SQLite's rowid). */
    "CREATE TABLE stories("
    "  id TEXT PRIMARY KEY, title TEXT, first TEXT, last TEXT,"
    "  places TEXT NOT NULL, groups TEXT NOT NULL, ord INTEGER NOT NULL);"
    "CREATE TABLE story_articles("
    "  seq BIGINT PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,"
    "  story TEXT NOT NULL, pos INTEGER NOT NULL);"
    "CREATE INDEX story_articles_story ON story_articles(story, pos);"
    "CREATE TABLE story_stamp(id INTEGER PRIMARY KEY CHECK(id = 1), stamp TEXT NOT NULL);",
    /* 3: stories: names of titles and leads, the grouping's state */
    "CREATE TABLE article_names("
    "  seq BIGINT PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,"
    "  places TEXT NOT NULL, groups TEXT NOT NULL);"
    "CREATE TABLE story_state(id INTEGER PRIMARY KEY CHECK(id = 1), stamp TEXT NOT NULL,"
    "  state BYTEA NOT NULL);",
    /* Append new migrations here. */
};
#define PG_NMIGRATIONS ((int)(sizeof pg_migrations / sizeof *pg_migrations))

static int current_version(struct pg *b, int *v)
{
    PGresult *r = NULL;
    *v = 0;
    int rc = pg_query(b, "SELECT coalesce(max(version), 0) FROM schema_version", 0, NULL, &r);
    if (rc == RASD_OK)
        *v = (int)pg_col_int(r, 0, 0);
    PQclear(r);
    return rc;
}

/* Applies the migrations past the current version under the lock, in one transaction
 * (left open on failure, for the caller to read the message before rolling back). */
static int apply(struct pg *b)
{
    int v = 0, rc = pg_exec(b, "BEGIN");
    if (rc != RASD_OK)
        return rc;
    if ((rc = pg_exec(b, PG_MIGRATE_LOCK)) != RASD_OK ||
        (rc = current_version(b, &v)) != RASD_OK)
        return rc;
    for (int i = v; i < PG_NMIGRATIONS; i++) {
        char num[16];
        snprintf(num, sizeof num, "%d", i + 1);
        const char *vals[] = {num};
        if ((rc = pg_exec(b, pg_migrations[i])) != RASD_OK ||
            (rc = pg_query(b, "INSERT INTO schema_version(version, applied_at) VALUES ($1,"
                              " to_char(now() AT TIME ZONE 'UTC',"
                              " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))", 1, vals, NULL)) != RASD_OK)
            return rc;
    }
    return pg_exec(b, "COMMIT");
}

/* The version table, made when missing.  Two processes making it at once: one fails on
 * the catalog's unique index, and finds the table on a second look. */
static int version_table(struct pg *b)
{
    int rc = pg_exec(b, "CREATE TABLE IF NOT EXISTS schema_version("
                        "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    return rc == RASD_OK ? rc : pg_exec(b, "SELECT 1 FROM schema_version LIMIT 1");
}

int pg_migrate(struct sb *sb)
{
    struct pg *b = PG(sb);
    int v = 0, rc = version_table(b);
    if (rc == RASD_OK)
        rc = current_version(b, &v);
    if (rc == RASD_OK && v < PG_NMIGRATIONS)
        rc = apply(b);
    return rc;
}

int pg_schema_version(struct sb *sb, int *have, int *want)
{
    struct pg *b = PG(sb);
    PGresult *r = NULL;
    *have = 0;
    *want = PG_NMIGRATIONS;
    int rc = pg_query(b, "SELECT to_regclass('schema_version') IS NOT NULL", 0, NULL, &r);
    int exists = rc == RASD_OK && PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    return rc == RASD_OK && exists ? current_version(b, have) : rc;
}
