/* The SQLite backend's schema as an ordered list of migrations, applied in order, each
 * once, each in its own transaction; `schema_migrations` records which ran.  To add
 * tables, append a migration (never edit one that has shipped).
 *
 * Tables of version 1:
 *   articles(seq, id, outlet, url, published, title, text, hash, ingested_at)
 *     seq is the rowid: a NEW seq is given to every stored version, and replacing an
 *     article deletes the old row, so rows of other tables that reference
 *     articles(seq) ON DELETE CASCADE vanish with the version they were derived from
 *     (foreign keys are on).
 *   figures(seq, n, doc, category, grp, actor, value, low, high, qualifier, unit, source,
 *           source_text, location, date, span_start, span_end, field, sentence)
 *   mentions(seq, kind 'place'|'actor'|'source', ref, span_start, span_end, field)
 *   articles_fts: FTS5 over articles(title, text), tokenizer rasd_arabic, kept in step
 *     by triggers. */
#include "store/sqlite/sqlite.h"
#include <stdio.h>
#include <string.h>

struct migration {
    const char *name;  /* short description, recorded with the version */
    const char *sql;   /* one or more statements */
};

static const struct migration migrations[] = {
    {"articles, figures, mentions, full-text index",
     "CREATE TABLE articles("
     "  seq INTEGER PRIMARY KEY,"
     "  id TEXT NOT NULL UNIQUE,"
     "  outlet TEXT, url TEXT, published TEXT, title TEXT,"
     "  text TEXT NOT NULL,"
     "  hash TEXT NOT NULL,"
     "  ingested_at TEXT NOT NULL);"
     "CREATE INDEX articles_published ON articles(published);"
     "CREATE TABLE figures("
     "  seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,"
     "  n INTEGER NOT NULL,"
     "  doc TEXT NOT NULL, category TEXT NOT NULL, grp TEXT, actor TEXT,"
     "  value INTEGER, low INTEGER, high INTEGER, qualifier TEXT, unit TEXT,"
     "  source TEXT, source_text TEXT, location TEXT, date TEXT,"
     "  span_start INTEGER, span_end INTEGER, field TEXT, sentence TEXT,"
     "  PRIMARY KEY(seq, n)) WITHOUT ROWID;"
     "CREATE INDEX figures_cat ON figures(category, grp, location);"
     "CREATE TABLE mentions("
     "  seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,"
     "  kind TEXT NOT NULL CHECK(kind IN ('place','actor','source')),"
     "  ref TEXT NOT NULL, span_start INTEGER, span_end INTEGER, field TEXT);"
     "CREATE INDEX mentions_seq ON mentions(seq);"
     "CREATE INDEX mentions_ref ON mentions(kind, ref);"
     "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles',"
     "  content_rowid='seq', tokenize='rasd_arabic');"
     "CREATE TRIGGER articles_fts_ins AFTER INSERT ON articles BEGIN"
     "  INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);"
     "END;"
     "CREATE TRIGGER articles_fts_del AFTER DELETE ON articles BEGIN"
     "  INSERT INTO articles_fts(articles_fts, rowid, title, text)"
     "  VALUES ('delete', old.seq, old.title, old.text);"
     "END;"},
    {"stories: passage fingerprints, story assignments",
     /* src/story: winnowed shingle fingerprints per article (rasd_psg_fingerprints) and
      * which articles have them; the stories last computed, each article's story, and the
      * stamp of the article set they were computed from. */
     "CREATE TABLE psg_fp("
     "  hash INTEGER NOT NULL,"
     "  seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,"
     "  PRIMARY KEY(hash, seq)) WITHOUT ROWID;"
     "CREATE INDEX psg_fp_seq ON psg_fp(seq);"
     "CREATE TABLE psg_done("
     "  seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE);"
     "CREATE TABLE stories("
     "  id TEXT PRIMARY KEY, title TEXT, first TEXT, last TEXT,"
     "  places TEXT NOT NULL, groups TEXT NOT NULL);"
     "CREATE TABLE story_articles("
     "  seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,"
     "  story TEXT NOT NULL, pos INTEGER NOT NULL);"
     "CREATE INDEX story_articles_story ON story_articles(story, pos);"
     "CREATE TABLE story_stamp(id INTEGER PRIMARY KEY CHECK(id = 1), stamp TEXT NOT NULL);"},
    {"stories: names of titles and leads, the grouping's state",
     /* The places and sides each article's title and lead name (store_names: space-
      * separated ids), which tell the story layer what a report is about when its figures
      * name no place; and the state of the grouping, so that new articles join the stored
      * stories without a regroup (stamp: the story_stamp it goes with). */
     "CREATE TABLE article_names("
     "  seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,"
     "  places TEXT NOT NULL, groups TEXT NOT NULL);"
     "CREATE TABLE story_state(id INTEGER PRIMARY KEY CHECK(id = 1), stamp TEXT NOT NULL,"
     "  state BLOB NOT NULL);"},
    {"full-text index rebuilt: one-letter prepositions stripped from search tokens",
     /* The search tokenizer now takes «بغزة» as «غزة»: an index of older tokens would miss
      * such words until rebuilt. */
     "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');"},
    /* Append new migrations here. */
};
static const int nmigrations = sizeof migrations / sizeof *migrations;

static int current_version(struct sb *b, int *v)
{
    sqlite3_stmt *st = NULL;
    *v = 0;
    if (sqlite3_prepare_v2(sq(b)->db, "SELECT coalesce(max(version), 0) FROM "
                           "schema_migrations", -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(b);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? RASD_OK : sqlite_fail(b);
}

static int apply(struct sb *b, int version)
{
    const struct migration *m = &migrations[version - 1];
    int rc = sqlite_exec(b, "BEGIN IMMEDIATE");
    if (rc != RASD_OK)
        return rc;
    /* Another process may have migrated between our check and the lock. */
    int now;
    if ((rc = current_version(b, &now)) != RASD_OK)
        goto fail;
    if (now >= version)
        return sqlite_exec(b, "COMMIT");
    if ((rc = sqlite_exec(b, m->sql)) != RASD_OK)
        goto fail;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sq(b)->db, "INSERT INTO schema_migrations(version, name, "
                           "applied_at) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = sqlite_fail(b);
        goto fail;
    }
    sqlite3_bind_int(st, 1, version);
    sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        rc = sqlite_fail(b);
        goto fail;
    }
    return sqlite_exec(b, "COMMIT");
fail:
    /* Left open for the caller to read the message first (sb_migrate): a rollback would
     * replace it. */
    return rc;
}

int sqlite_migrate(struct sb *b)
{
    int rc = sqlite_exec(b, "CREATE TABLE IF NOT EXISTS schema_migrations("
                            "version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                            " applied_at TEXT NOT NULL)");
    if (rc != RASD_OK)
        return rc;
    int v;
    if ((rc = current_version(b, &v)) != RASD_OK)
        return rc;
    for (int i = v + 1; i <= nmigrations && rc == RASD_OK; i++)
        rc = apply(b, i);
    return rc;
}

int sqlite_schema_version(struct sb *b, int *have, int *want)
{
    *want = nmigrations;
    return current_version(b, have);
}
