/* The persistence seam: what the store (src/store) and the story layer (src/story) ask of
 * the database, as `sb_*` calls over an opaque `struct sb` handle.  Callers see rows and
 * rasd's own types, never the database's.  The SQLite backend implements it in
 * src/store/sqlite/; another backend implements every function here in a folder of its
 * own and is linked instead.
 *
 * Conventions.  Calls return RASD_OK, RASD_EDB (the database failed: sb_errmsg says why)
 * or RASD_ENOMEM.  Text is (pointer, byte length); a struct sb_text with p == NULL is a
 * missing value.  Row pointers handed to callbacks live until the callback returns.  A
 * callback's non-zero return (a RASD_* status) stops the scan and is its return.
 *
 * Areas behind the seam so far: the connection, batches, articles, figures, mentions,
 * lead names, the series inputs and the full-text rebuild.  The remaining ones (migrations,
 * full-text queries,
 * export scans, the passage index, stories and the clusterer state) still reach SQLite
 * through src/store/sqlite/legacy.h, which only they include. */
#ifndef RASD_STORE_BACKEND_H
#define RASD_STORE_BACKEND_H
#include "rasd.h"
#include <stddef.h>
#include <stdint.h>

struct sb;

struct sb_text {
    const char *p;   /* NULL: no value */
    size_t n;
};

/* ---- the connection */

/* Opens (creating when missing) the store at path for writing, ready for migrations: one
 * writer at a time waits for another's lock rather than failing.  Returns RASD_OK with
 * *out set, RASD_EDB with *out set when there is a message to read (sb_errmsg, then
 * sb_close), RASD_ENOMEM with *out NULL. */
int sb_open(const char *path, struct sb **out);

/* Opens the existing store at path so that nothing is ever written through it.  Returns
 * as sb_open. */
int sb_open_readonly(const char *path, struct sb **out);

/* Closes b (NULL is a no-op); a transaction still open is rolled back.  `optimize` asks
 * the backend to tidy its statistics first (writers only). */
void sb_close(struct sb *b, int optimize);

/* The backend's message for its last failure ("" when none); lives until the next call. */
const char *sb_errmsg(struct sb *b);

/* ---- batches: one write transaction, and a savepoint per article inside it */

/* Opens the write transaction, taking the write lock (waiting for another writer). */
int sb_begin(struct sb *b);

/* Commits the open transaction.  On failure it stays open, so that sb_errmsg is read
 * before sb_rollback.  Returns RASD_OK or RASD_EDB. */
int sb_commit(struct sb *b);

/* Rolls the open transaction back; no-op without one. */
void sb_rollback(struct sb *b);

/* Whether a transaction is open (a failed write may have ended it: then 0). */
int sb_in_txn(struct sb *b);

/* Marks the point `name` (a short identifier) inside the transaction; sb_release keeps
 * what was written since, sb_undo discards it (and releases the mark). */
int sb_mark(struct sb *b, const char *name);
int sb_release(struct sb *b, const char *name);
int sb_undo(struct sb *b, const char *name);

/* ---- articles: a row per stored version; seq is given anew to every version and
 * increases, so derived data stays incremental by remembering the last seq read. */

/* The stored version of article id: *seq (0 when none) and its content hash into
 * hash[0..17) ("" when none). */
int sb_article_find(struct sb *b, const char *id, int64_t *seq, char hash[17]);

/* Stores doc as a new version with content hash `hash` and the current time as ingested_at;
 * *seq gets its sequence number.  Inside a transaction. */
int sb_article_insert(struct sb *b, const rasd_doc *doc, const char *hash, int64_t *seq);

/* Deletes version seq and every row derived from it (figures, mentions, names). */
int sb_article_delete(struct sb *b, int64_t seq);

/* Number of stored articles into *n. */
int sb_article_count(struct sb *b, int64_t *n);

/* An article row of a scan. */
struct sb_article {
    int64_t seq;
    struct sb_text title, text;
};

/* Calls fn per stored article without lead names (a store of an older version), by seq. */
int sb_articles_without_names(struct sb *b, int (*fn)(void *ctx, const struct sb_article *a),
                              void *ctx);

/* ---- figures, mentions and lead names of an article version (inside a transaction) */

/* Stores figure number n of doc's version seq.  The sentence is read from doc's field. */
int sb_figure_put(struct sb *b, int64_t seq, int n, const rasd_doc *doc, const rasd_figure *f);

/* Stores that version seq names ref (a place, actor or source id) of `kind` ("place",
 * "actor", "source"), first at f's span. */
int sb_mention_put(struct sb *b, int64_t seq, const char *kind, const char *ref,
                   const rasd_doc *doc, const rasd_figure *f);

/* Stores (replacing) the lead names of version seq: space-separated place and side ids. */
int sb_names_put(struct sb *b, int64_t seq, struct sb_text places, struct sb_text groups);

/* ---- full-text search */

/* Rebuilds the full-text index from the stored articles (after a tokenizer change). */
int sb_search_rebuild(struct sb *b);

/* ---- the series inputs: a story's figures with their articles' outlet and date */

struct sb_series_row {
    struct sb_text doc, outlet, published, date, category, group, location, source,
        qualifier, sentence;
    int64_t value, low, high, span_start, span_end;  /* RASD_NOVAL when missing */
    struct sb_text field;   /* the article field (title or text) the figure was read in */
};

/* *n gets the number of articles of the stored story id (0: no such story). */
int sb_story_size(struct sb *b, const char *id, int64_t *n);

/* Calls fn per figure of the stored story id, by article position then figure number. */
int sb_series_rows(struct sb *b, const char *id,
                   int (*fn)(void *ctx, const struct sb_series_row *r), void *ctx);

/* ---- reads of single articles and of figures by filter (the HTTP API's, src/store/reads.c) */

/* An article row: a stored version with its metadata (text.p NULL when not asked for). */
struct sb_article_row {
    int64_t seq;
    struct sb_text id, outlet, url, published, title, text;
};

/* Calls fn once with the stored version of article id.  Returns RASD_ENOTFOUND when there
 * is none, else as the conventions say. */
int sb_article_get(struct sb *b, const char *id,
                   int (*fn)(void *ctx, const struct sb_article_row *r), void *ctx);

/* Calls fn per stored article whose seq is above `after`, by seq; the text is read only
 * when with_text is non-zero. */
int sb_articles_after(struct sb *b, int64_t after, int with_text,
                      int (*fn)(void *ctx, const struct sb_article_row *r), void *ctx);

/* The highest sequence number given so far (0 for an empty store) into *seq, and the
 * number of stored articles into *count: together they change with every write. */
int sb_last_seq(struct sb *b, int64_t *seq, int64_t *count);

/* A stored figure with its article's outlet and publication date. */
struct sb_figure_row {
    int64_t seq, n;
    struct sb_text doc, category, group, actor, qualifier, unit, source, source_text,
        location, date, field, sentence, outlet, published;
    int64_t value, low, high, span_start, span_end;  /* RASD_NOVAL when missing */
};

/* What sb_figures_scan keeps: a text with p NULL does not filter.  source "" keeps the
 * unattributed figures.  since/until bound the figure's date, else its article's
 * publication day.  Only figures after (after_seq, after_n) in (seq, n) order are read. */
struct sb_figure_query {
    struct sb_text category, group, source, doc, since, until;
    int64_t after_seq, after_n;
};

/* Calls fn per stored figure that q keeps, by (seq, n). */
int sb_figures_scan(struct sb *b, const struct sb_figure_query *q,
                    int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx);

#endif
