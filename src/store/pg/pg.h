/* The PostgreSQL backend of the persistence seam (src/store/backend.h): its handle and the
 * helpers its files share.  Nothing outside src/store/pg/ includes it. */
#ifndef RASD_STORE_PG_H
#define RASD_STORE_PG_H
#include "store/backend.h"
#include <libpq-fe.h>

/* Statements prepared once per connection (by name), indexes into pg_statements[]. */
enum pg_st {
    PG_FIND, PG_INSERT, PG_DELETE, PG_FIGURE, PG_MENTION, PG_NAMES, PG_NST
};

struct pg {
    struct sb base;          /* first: the seam finds the operations there */
    PGconn *c;
    char *err;               /* the last failure's message, or NULL */
    int readonly;
    char *schema;            /* the stored tables' schema, quoted ("public"): unqualified
                              * names may mean this connection's scratch (TEMP) copies */
    int psg_scratch;         /* this connection made the passage index's scratch copy */
    unsigned char prepared[PG_NST];
};

/* The handle under the seam's b. */
#define PG(b) ((struct pg *)(b))

/* Records msg (trailing newline dropped) as b's last failure and returns RASD_EDB. */
int pg_fail(struct pg *b, const char *msg);

/* Runs sql (no parameters, any number of statements) expecting no rows.  RASD_OK or
 * RASD_EDB. */
int pg_exec(struct pg *b, const char *sql);

/* Runs sql with n text parameters vals[0..n) (NULL: SQL NULL).  *res gets the result of a
 * query that succeeded (free with PQclear).  RASD_OK or RASD_EDB. */
int pg_query(struct pg *b, const char *sql, int n, const char *const *vals, PGresult **res);

/* As pg_query with parameter i binary (lens[i] bytes) where binary[i] (lens and binary
 * may be NULL: all text), and the result's columns binary when binary_result. */
int pg_query_bin(struct pg *b, const char *sql, int n, const char *const *vals,
                 const int *lens, const int *binary, int binary_result, PGresult **res);

/* As pg_query, for the statement st of pg_statements[], prepared on first use.  res may
 * be NULL when the rows are not wanted. */
int pg_run(struct pg *b, enum pg_st st, int n, const char *const *vals, PGresult **res);

/* A NUL-terminated copy of t for a text parameter (PostgreSQL text holds no NUL: one is
 * stored as U+FFFD, as a reader replaces an invalid byte); NULL for a missing value.  Sets
 * *oom when the copy failed. */
char *pg_text(struct sb_text t, int *oom);

/* Column col of row as text (p NULL for SQL NULL), and as an integer (RASD_NOVAL). */
struct sb_text pg_col(const PGresult *r, int row, int col);
int64_t pg_col_int(const PGresult *r, int row, int col);

/* The search tokens of doc's title and text as a tsvector literal (title weight A, text
 * weight B, positions as the tokenizer counts them, the text after the title) into *out
 * (malloc'd), and the token counts of each field.  RASD_OK or RASD_ENOMEM. */
int pg_tsvector(struct sb_text title, struct sb_text text, char **out, int64_t *ntitle,
                int64_t *ntext);


/* The sb_* operations (src/store/backend.h has their contracts), for sb_pg_ops. */
int pg_open(const char *path, struct sb **out);
int pg_open_readonly(const char *path, struct sb **out);
void pg_close(struct sb *b, int optimize);
const char *pg_errmsg(struct sb *b);
int pg_begin(struct sb *b);
int pg_commit(struct sb *b);
void pg_rollback(struct sb *b);
int pg_in_txn(struct sb *b);
int pg_mark(struct sb *b, const char *name);
int pg_release(struct sb *b, const char *name);
int pg_undo(struct sb *b, const char *name);
int pg_article_find(struct sb *b, const char *id, int64_t *seq, char hash[17]);
int pg_article_insert(struct sb *b, const rasd_doc *doc, const char *hash, int64_t *seq);
int pg_article_delete(struct sb *b, int64_t seq);
int pg_article_count(struct sb *b, int64_t *n);
int pg_articles_without_names(struct sb *b, int (*fn)(void *ctx, const struct sb_article *a),
                              void *ctx);
int pg_figure_put(struct sb *b, int64_t seq, int n, const rasd_doc *doc, const rasd_figure *f);
int pg_mention_put(struct sb *b, int64_t seq, const char *kind, const char *ref,
                   const rasd_doc *doc, const rasd_figure *f);
int pg_names_put(struct sb *b, int64_t seq, struct sb_text places, struct sb_text groups);
int pg_search_rebuild(struct sb *b);
int pg_search(struct sb *b, const struct sb_text *phrases, size_t nphrases, size_t limit,
              const char *open, const char *close, rasd_hit_fn fn, void *ctx);
int pg_migrate(struct sb *b);
int pg_schema_version(struct sb *b, int *have, int *want);
int pg_story_refs(struct sb *b, enum sb_refs which,
                  int (*fn)(void *ctx, int64_t seq, struct sb_text ref), void *ctx);
int pg_stories_stamp(struct sb *b, int scratch, char *out, size_t cap);
int pg_stories_put(struct sb *b, int scratch, const struct sb_story *st, size_t n,
                   const char *stamp, struct sb_text state);
int pg_story_state(struct sb *b, const char *stamp,
                   int (*fn)(void *ctx, struct sb_text state), void *ctx);
int pg_story_rows(struct sb *b, int (*fn)(void *ctx, const struct sb_story_row *r),
                  void *ctx);
int pg_story_members(struct sb *b, const char *id,
                     int (*fn)(void *ctx, struct sb_text doc), void *ctx);
int pg_figure_rows(struct sb *b, enum sb_figure_order order, int64_t after,
                   int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx);
int pg_figures_filtered(struct sb *b, const struct sb_figure_query *q,
                        int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx);
int pg_articles_brief(struct sb *b, int64_t after,
                      int (*fn)(void *ctx, const struct sb_article *a), void *ctx);
int pg_articles_since(struct sb *b, int64_t after, int (*fn)(void *ctx,
                      const struct sb_article *a), void *ctx);
int pg_article_get(struct sb *b, const char *id, int64_t seq, int (*fn)(void *ctx,
                   const struct sb_article *a), void *ctx);
int pg_articles_stamp(struct sb *b, int64_t *count, int64_t *max, int64_t *sum);
int pg_scratch(struct sb *b, enum sb_derived what);
int pg_scratch_drop(struct sb *b, enum sb_derived what);
void pg_bulk(struct sb *b, int on);
int pg_passages_mark(struct sb *b, int scratch, int64_t *seq);
int pg_passages_put(struct sb *b, int scratch, const struct sb_fingerprint *fp, size_t nfp,
                    const int64_t *done, size_t ndone);
int pg_postings(struct sb *b, uint64_t hash, int (*fn)(void *ctx, const struct sb_posting *p),
                void *ctx);
int pg_story_size(struct sb *b, const char *id, int64_t *n);
int pg_series_rows(struct sb *b, const char *id,
                   int (*fn)(void *ctx, const struct sb_series_row *r), void *ctx);

#endif
