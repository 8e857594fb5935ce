/* The SQLite backend of the persistence seam (src/store/backend.h): its handle, the
 * operations it gathers in sb_sqlite_ops, and the statement helpers its files share.
 * Nothing outside src/store/sqlite/ includes it but the tests of the SQLite backend. */
#ifndef RASD_STORE_SQLITE_H
#define RASD_STORE_SQLITE_H
#include "store/backend.h"
#include <sqlite3.h>

/* The handle: the seam's struct sb first, so a struct sb * of this backend is one. */
struct sqlite_sb {
    struct sb base;
    sqlite3 *db;
    /* Statements of the write path, prepared once and finalized by sqlite_close. */
    sqlite3_stmt *st_find, *st_del, *st_ins, *st_fig, *st_men, *st_names;
    /* Of the passage index: lookups of a fingerprint, kept until sqlite_close. */
    sqlite3_stmt *st_post;
    /* Of the stories: a story's members, articles by id and by seq. */
    sqlite3_stmt *st_members, *st_get_id, *st_get_seq;
    int cache_pages;   /* cache_size to put back after sqlite_bulk(b, 1) */
    char *msg;         /* the message of the last failure (sqlite_fail), or NULL */
};

/* The backend under b, which sb_sqlite_ops's functions are only ever given. */
static inline struct sqlite_sb *sq(struct sb *b)
{
    return (struct sqlite_sb *)b;
}

/* The operations of the seam, each as the sb_* function of the same name describes. */
int sqlite_open(const char *path, struct sb **out);
int sqlite_open_readonly(const char *path, struct sb **out);
void sqlite_close(struct sb *b, int optimize);
const char *sqlite_errmsg(struct sb *b);
int sqlite_begin(struct sb *b);
int sqlite_commit(struct sb *b);
void sqlite_rollback(struct sb *b);
int sqlite_in_txn(struct sb *b);
int sqlite_mark(struct sb *b, const char *name);
int sqlite_release(struct sb *b, const char *name);
int sqlite_undo(struct sb *b, const char *name);
int sqlite_article_find(struct sb *b, const char *id, int64_t *seq, char hash[17]);
int sqlite_article_insert(struct sb *b, const rasd_doc *doc, const char *hash, int64_t *seq);
int sqlite_article_delete(struct sb *b, int64_t seq);
int sqlite_article_count(struct sb *b, int64_t *n);
int sqlite_articles_without_names(struct sb *b,
                                  int (*fn)(void *ctx, const struct sb_article *a), void *ctx);
int sqlite_figure_put(struct sb *b, int64_t seq, int n, const rasd_doc *doc,
                      const rasd_figure *f);
int sqlite_mention_put(struct sb *b, int64_t seq, const char *kind, const char *ref,
                       const rasd_doc *doc, const rasd_figure *f);
int sqlite_names_put(struct sb *b, int64_t seq, struct sb_text places, struct sb_text groups);
int sqlite_search_rebuild(struct sb *b);
int sqlite_search(struct sb *b, const struct sb_text *phrases, size_t nphrases, size_t limit,
                  const char *open, const char *close, rasd_hit_fn fn, void *ctx);
int sqlite_story_size(struct sb *b, const char *id, int64_t *n);
int sqlite_series_rows(struct sb *b, const char *id,
                       int (*fn)(void *ctx, const struct sb_series_row *r), void *ctx);
int sqlite_migrate(struct sb *b);
int sqlite_schema_version(struct sb *b, int *have, int *want);
int sqlite_figure_rows(struct sb *b, enum sb_figure_order order, int64_t after,
                       int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx);
int sqlite_articles_since(struct sb *b, int64_t after,
                          int (*fn)(void *ctx, const struct sb_article *a), void *ctx);
int sqlite_article_get(struct sb *b, const char *id, int64_t seq,
                       int (*fn)(void *ctx, const struct sb_article *a), void *ctx);
int sqlite_articles_stamp(struct sb *b, int64_t *count, int64_t *max, int64_t *sum);
int sqlite_articles_brief(struct sb *b, int64_t after,
                          int (*fn)(void *ctx, const struct sb_article *a), void *ctx);
int sqlite_figures_filtered(struct sb *b, const struct sb_figure_query *q,
                            int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx);
int sqlite_scratch(struct sb *b, enum sb_derived what);
int sqlite_scratch_drop(struct sb *b, enum sb_derived what);
void sqlite_bulk(struct sb *b, int on);
int sqlite_passages_mark(struct sb *b, int scratch, int64_t *seq);
int sqlite_passages_put(struct sb *b, int scratch, const struct sb_fingerprint *fp,
                        size_t nfp, const int64_t *done, size_t ndone);
int sqlite_postings(struct sb *b, uint64_t hash,
                    int (*fn)(void *ctx, const struct sb_posting *p), void *ctx);
int sqlite_story_refs(struct sb *b, enum sb_refs which,
                      int (*fn)(void *ctx, int64_t seq, struct sb_text ref), void *ctx);
int sqlite_stories_stamp(struct sb *b, int scratch, char *out, size_t cap);
int sqlite_stories_put(struct sb *b, int scratch, const struct sb_story *st, size_t n,
                       const char *stamp, struct sb_text state);
int sqlite_story_state(struct sb *b, const char *stamp,
                       int (*fn)(void *ctx, struct sb_text state), void *ctx);
int sqlite_story_rows(struct sb *b, int (*fn)(void *ctx, const struct sb_story_row *r),
                      void *ctx);
int sqlite_story_members(struct sb *b, const char *id,
                         int (*fn)(void *ctx, struct sb_text doc), void *ctx);

/* Records SQLite's current message as the last failure's and returns RASD_EDB. */
int sqlite_fail(struct sb *b);

/* Runs SQL without results.  Returns RASD_OK or RASD_EDB (sb_errmsg says why). */
int sqlite_exec(struct sb *b, const char *sql);

/* Prepares sql into *st once (kept until sqlite_close when one of the handle's members,
 * else the caller finalizes).  Returns RASD_OK or RASD_EDB. */
int sqlite_prepare(struct sb *b, sqlite3_stmt **st, const char *sql);

/* Binds t (p NULL: SQL NULL) to parameter i, copied. */
int sqlite_bind(sqlite3_stmt *st, int i, struct sb_text t);

/* Steps a write statement once, then resets it and its bindings.  RASD_OK or RASD_EDB. */
int sqlite_step_done(struct sb *b, sqlite3_stmt *st);

/* Column i of the current row as text (p NULL for SQL NULL). */
struct sb_text sqlite_col(sqlite3_stmt *st, int i);

/* Column i as an integer, RASD_NOVAL for SQL NULL. */
int64_t sqlite_col_int(sqlite3_stmt *st, int i);

/* Registers rasd's Arabic FTS5 tokenizer, named "rasd_arabic", on db: tokens are those of
 * fts_tokenize (src/store/fts.h), each reported with its ORIGINAL byte offsets so that
 * snippet() and highlight() work on stored text; and the auxiliary function
 * rasd_matches(table, col) giving "start end ..." byte spans of a row's matches in column
 * col.  Returns RASD_OK, RASD_EDB (no FTS5), RASD_ENOMEM. */
int sqlite_fts5_register(sqlite3 *db);

/* The connection under b, for the tests that look at the tables themselves. */
sqlite3 *sqlite_db(struct sb *b);

#endif
