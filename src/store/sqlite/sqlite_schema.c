/* The store's schema as an ordered list of migrations (see store.h). */
#include "store/store.h"
#include "store/sqlite/legacy.h"
#include <stdio.h>
#include <string.h>

const struct store_migration store_migrations[] = {
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
    /* Append new migrations here. */
};
const int store_nmigrations = sizeof store_migrations / sizeof *store_migrations;

static int current_version(rasd_store *s, int *v)
{
    sqlite3_stmt *st = NULL;
    *v = 0;
    if (sqlite3_prepare_v2(store_db(s), "SELECT coalesce(max(version), 0) FROM schema_migrations",
                           -1, &st, NULL) != SQLITE_OK)
        return store_fail(s);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? RASD_OK : store_fail(s);
}

static int apply(rasd_store *s, int version)
{
    const struct store_migration *m = &store_migrations[version - 1];
    int rc = store_exec(s, "BEGIN IMMEDIATE");
    if (rc != RASD_OK)
        return rc;
    /* Another process may have migrated between our check and the lock. */
    int now;
    if ((rc = current_version(s, &now)) != RASD_OK)
        goto fail;
    if (now >= version)
        return store_exec(s, "COMMIT");
    if ((rc = store_exec(s, m->sql)) != RASD_OK)
        goto fail;
    sqlite3_stmt *st = NULL;
    rc = store_prepare(s, &st, "INSERT INTO schema_migrations(version, name, applied_at) "
                               "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
    if (rc != RASD_OK)
        goto fail;
    sqlite3_bind_int(st, 1, version);
    sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        rc = store_fail(s);
        goto fail;
    }
    return store_exec(s, "COMMIT");
fail:
    sqlite3_exec(store_db(s), "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int store_migrate(rasd_store *s)
{
    int rc = store_exec(s, "CREATE TABLE IF NOT EXISTS schema_migrations("
                           "version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                           " applied_at TEXT NOT NULL)");
    if (rc != RASD_OK)
        return rc;
    int v;
    if ((rc = current_version(s, &v)) != RASD_OK)
        return rc;
    for (int i = v + 1; i <= store_nmigrations && rc == RASD_OK; i++)
        rc = apply(s, i);
    return rc;
}

int store_check_schema(rasd_store *s)
{
    int v = 0, rc = current_version(s, &v);
    if (rc == RASD_OK && v == store_nmigrations)
        return RASD_OK;
    store_detail(s, v > store_nmigrations
                 ? "the store was written by a newer version of rasd"
                 : "the store is of an older version (rasd refresh --db FILE updates it)");
    return RASD_EDB;
}
