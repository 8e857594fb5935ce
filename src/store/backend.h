/* The persistence seam: every statement rasd runs against its database, as `sb_*` calls
 * over a `struct sb` handle.  The store (src/store), the story layer (src/story) and the
 * export (src/export) see rows and rasd's own types, never the database's; nothing
 * outside the backend's folder includes the database's headers.
 *
 * What it covers: the connection and the schema (migrations); batches (a write
 * transaction, a mark per article); articles (find, insert, delete, count, get, the
 * stamp of the set) and scans of them since a sequence number; figures, mentions and
 * lead names; scans of figures by article (since a sequence number) or by event; the
 * full-text index (rebuild, phrase search with snippets and match spans); the passage
 * index (fingerprints, its mark, postings); stories (their stamp, their rows and
 * members, the grouping's state); and the series inputs of a story.  Derived data
 * (passages, stories) is stored, or computed by a read into the connection's scratch
 * copy, which hides the stored one from that connection only.
 *
 * Backends.  sb_open chooses one by the path (src/store/backend.c): SQLite
 * (src/store/sqlite/, sb_sqlite_ops) for a file, PostgreSQL (src/store/pg/, sb_pg_ops)
 * for a postgres:// URL or the PG* environment.  A second backend defines a handle that
 * starts with a struct sb, sets its ops when it opens, and implements every member of
 * struct sb_ops below with the contract of the sb_* function of the same name: the same
 * rows in the same order, the same errors, its own schema and migrations, and the search
 * tokens of src/store/fts.h (so that «بغزة» finds «غزة»).
 *
 * Conventions.  Calls return RASD_OK, RASD_EDB (the database failed: sb_errmsg says why)
 * or RASD_ENOMEM, and RASD_ENOTFOUND where said.  Text is (pointer, byte length); a
 * struct sb_text with p == NULL is a missing value.  Row pointers handed to callbacks live
 * until the callback returns, and their text is NUL-terminated too (p[n] == 0).  A
 * callback's non-zero return (a RASD_* status, or a positive value of the caller's) stops
 * the scan and is its return; a callback may call other sb_* reads. */
#ifndef RASD_STORE_BACKEND_H
#define RASD_STORE_BACKEND_H
#include "rasd.h"
#include <stddef.h>
#include <stdint.h>

struct sb_ops;

/* A backend's handle starts with this, so that the sb_* functions (src/store/backend.c)
 * find the backend's operations: each backend defines its own handle with a struct sb as
 * first member and sets ops when it opens. */
struct sb {
    const struct sb_ops *ops;
};

struct sb_text {
    const char *p;   /* NULL: no value */
    size_t n;
};

struct sb_article;
struct sb_series_row;

/* ---- the connection */

/* The backend is chosen by path (src/store/backend.c): a postgres:// or postgresql:// URL,
 * "pg:", or "" while the PG* environment names a server, is PostgreSQL (RASD_EDB, "PostgreSQL
 * backend not built", when sb_pg_ops is not linked); any other path is a SQLite file, ""
 * being rasd.db.  The backend's open gets path as given.  After a failed open the handle
 * answers only sb_errmsg and sb_close.
 *
 * Opens (creating when missing) the store at path for writing, ready for migrations: one
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

/* ---- the schema: migrations, each applied once in order */

/* Applies the migrations the store lacks, each in its own transaction (a writer;
 * another process migrating at once is waited for).  On failure a transaction may stay
 * open: read sb_errmsg, then sb_rollback. */
int sb_migrate(struct sb *b);

/* The schema version the store has (0: none yet) into *have and the one this version
 * writes into *want, without changing anything. */
int sb_schema_version(struct sb *b, int *have, int *want);

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

/* ---- articles: a row per stored version.  A new version's seq is above every seq a
 * reader may already have seen, so derived data stays incremental by remembering the
 * last seq read (sb_articles_since).  A backend whose writers commit concurrently must
 * make seqs visible in order (SQLite has one writer at a time), or a reader would step
 * over an article committed late with a lower seq. */

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

/* An article row of a scan, with its lead names (sb_names_put; p NULL when none). */
struct sb_article {
    int64_t seq;
    struct sb_text title, text;
    struct sb_text id, outlet, url, published, places, groups;
};

/* Calls fn per stored article without lead names (a store of an older version), by seq. */
int sb_articles_without_names(struct sb *b, int (*fn)(void *ctx, const struct sb_article *a),
                              void *ctx);

/* Calls fn per stored article with seq > after, in seq order: what derived data kept
 * incrementally has not seen yet. */
int sb_articles_since(struct sb *b, int64_t after,
                      int (*fn)(void *ctx, const struct sb_article *a), void *ctx);

/* Calls fn with the stored article id (when id is not NULL), else the one of version
 * seq.  RASD_ENOTFOUND when there is none. */
int sb_article_get(struct sb *b, const char *id, int64_t seq,
                   int (*fn)(void *ctx, const struct sb_article *a), void *ctx);

/* The number of stored articles, their highest seq and the sum of their seqs (0s when
 * none): together they change whenever an article is added, replaced or removed. */
int sb_articles_stamp(struct sb *b, int64_t *count, int64_t *max, int64_t *sum);

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

/* Calls fn with each stored article holding every phrase of phrases[0..nphrases), best
 * first, at most limit: a phrase is the text of the user's query it stands for, whose
 * tokens (fts_tokenize, src/store/fts.h) must stand side by side, in order, in the title
 * or the text.  Ranked by BM25 with titles weighing 3x (ties by seq); the hit's snippet
 * marks matches with open and close, its match spans are byte offsets in the text. */
int sb_search(struct sb *b, const struct sb_text *phrases, size_t nphrases, size_t limit,
              const char *open, const char *close, rasd_hit_fn fn, void *ctx);

/* ---- derived data: the passage index and the stories
 *
 * Each is stored (written by a writer, rasd refresh) or, for a read that finds the stored
 * one out of date, computed into this connection's scratch copy, which hides the stored
 * one from this connection only and is never written to the store. */

enum sb_derived { SB_PASSAGES, SB_STORIES };

/* Makes this connection's scratch copy of `what`, empty (no-op when there). */
int sb_scratch(struct sb *b, enum sb_derived what);

/* Drops this connection's scratch copy of `what` (no-op when none). */
int sb_scratch_drop(struct sb *b, enum sb_derived what);

/* Asks the backend to size its caches for a long run of writes of derived data (on), or
 * to put them back (off).  A hint: no failure. */
void sb_bulk(struct sb *b, int on);

/* A fingerprint of an article's passages (rasd_psg_fingerprints). */
struct sb_fingerprint {
    uint64_t hash;
    int64_t seq;
};

/* The highest seq the passage index holds, stored (scratch 0) or stored and this
 * connection's scratch copy (scratch 1), into *seq (0: none).  The index is written in
 * seq order (sb_articles_since), so every article above it is not indexed yet. */
int sb_passages_mark(struct sb *b, int scratch, int64_t *seq);

/* Adds fingerprints fp[0..nfp) and marks the articles done[0..ndone) indexed, in one
 * transaction of its own (a nested one in the scratch copy, which may be written inside
 * a batch). */
int sb_passages_put(struct sb *b, int scratch, const struct sb_fingerprint *fp, size_t nfp,
                    const int64_t *done, size_t ndone);

/* An article holding a fingerprint, with its outlet, publication date and the story this
 * connection sees it in (p NULL: none). */
struct sb_posting {
    int64_t seq;
    struct sb_text outlet, published, story;
};

/* Calls fn per article holding fingerprint hash in the stored index or the scratch copy
 * (made by sb_scratch(SB_PASSAGES) first). */
int sb_postings(struct sb *b, uint64_t hash, int (*fn)(void *ctx, const struct sb_posting *p),
                void *ctx);

/* What the grouping reads of each article besides its text and lead names: its places
 * (the places it mentions, then its figures' locations) or its sides (its figures'
 * groups other than unknown and all), as (seq, ref) rows by seq. */
enum sb_refs { SB_REF_PLACES, SB_REF_GROUPS };

int sb_story_refs(struct sb *b, enum sb_refs which,
                  int (*fn)(void *ctx, int64_t seq, struct sb_text ref), void *ctx);

/* The stamp of the article set the stories were computed from, stored (scratch 0) or in
 * this connection's scratch copy (scratch 1), into out[0..cap) ("" when none). */
int sb_stories_stamp(struct sb *b, int scratch, char *out, size_t cap);

/* A story to store: its articles are seqs[0..nseqs) in order; places and groups are the
 * JSON arrays of its names; first and last its days ("" when unknown). */
struct sb_story {
    const char *id, *title, *first, *last, *places, *groups;
    const int64_t *seqs;
    size_t nseqs;
};

/* Replaces the stories (stored, or this connection's scratch copy) with st[0..n) and
 * their stamp, in one transaction of its own (a nested one for the scratch copy); with
 * the grouping's state (state.p not NULL; stored only), kept with the stamp. */
int sb_stories_put(struct sb *b, int scratch, const struct sb_story *st, size_t n,
                   const char *stamp, struct sb_text state);

/* Calls fn with the grouping's state stored with `stamp`, when there is one. */
int sb_story_state(struct sb *b, const char *stamp,
                   int (*fn)(void *ctx, struct sb_text state), void *ctx);

/* A story as this connection sees it (the stored ones, or its scratch copy). */
struct sb_story_row {
    struct sb_text id, title, first, last, places, groups;
};

/* Calls fn per story in the order they were stored; fn may call sb_story_members. */
int sb_story_rows(struct sb *b, int (*fn)(void *ctx, const struct sb_story_row *r),
                  void *ctx);

/* Calls fn with the article id of each member of story id, in order. */
int sb_story_members(struct sb *b, const char *id,
                     int (*fn)(void *ctx, struct sb_text doc), void *ctx);

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

/* ---- scans of the stored figures */

/* A figure with its article: the columns of sb_figure_put's figure, the article's outlet,
 * publication date and seq, and the story this connection sees it in (p NULL: none). */
struct sb_figure_row {
    int64_t seq;
    int64_t n;      /* its number in the article (sb_figures_filtered; 0 from sb_figure_rows) */
    struct sb_text doc, category, group, actor, qualifier, unit, source, source_text,
        location, date, field, sentence, outlet, published, story;
    int64_t value, low, high, span_start, span_end;  /* RASD_NOVAL when missing */
};

enum sb_figure_order {
    /* By article seq, then figure number. */
    SB_BY_ARTICLE,
    /* By event: the figure's date, else the first 10 characters of its article's
     * publication date, else ""; then the unit ("story " and the story id, else "doc "
     * and the article id); placed figures before unplaced ones; then the article's place
     * in its story (publication order: the order articles arrived in changes nothing),
     * seq and figure number.  Text is compared byte by byte. */
    SB_BY_EVENT,
};

/* Calls fn per stored figure of the articles with seq > after (0: all) in `order`.  The
 * stories are those rasd_store_stories made current for this connection (the stored
 * ones, or the ones a read computed for itself). */
int sb_figure_rows(struct sb *b, enum sb_figure_order order, int64_t after,
                   int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx);

/* ---- figures by filter (the HTTP API's reads, src/store/reads.c) */

/* What sb_figures_filtered keeps: a text with p NULL does not filter.  source "" keeps
 * the unattributed figures.  since/until bound the figure's date, else the first 10
 * characters of its article's publication date.  Only figures after (after_seq, after_n)
 * in (seq, n) order are read. */
struct sb_figure_query {
    struct sb_text category, group, source, doc, since, until;
    int64_t after_seq, after_n;
};

/* Calls fn per stored figure that q keeps, by (seq, n), with n set in the row. */
int sb_figures_filtered(struct sb *b, const struct sb_figure_query *q,
                        int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx);

/* As sb_articles_since, with the article's id, outlet, url, published and title only
 * (text, places and groups have p NULL): lists of articles that do not need their text. */
int sb_articles_brief(struct sb *b, int64_t after,
                      int (*fn)(void *ctx, const struct sb_article *a), void *ctx);

/* ---- the dispatch table: one function per sb_* operation, with its signature */

struct sb_ops {
    const char *name;  /* "sqlite", "postgresql": for messages */
    int (*open)(const char *path, struct sb **out);
    int (*open_readonly)(const char *path, struct sb **out);
    void (*close)(struct sb *b, int optimize);
    const char *(*errmsg)(struct sb *b);
    int (*begin)(struct sb *b);
    int (*commit)(struct sb *b);
    void (*rollback)(struct sb *b);
    int (*in_txn)(struct sb *b);
    int (*mark)(struct sb *b, const char *name);
    int (*release)(struct sb *b, const char *name);
    int (*undo)(struct sb *b, const char *name);
    int (*article_find)(struct sb *b, const char *id, int64_t *seq, char hash[17]);
    int (*article_insert)(struct sb *b, const rasd_doc *doc, const char *hash, int64_t *seq);
    int (*article_delete)(struct sb *b, int64_t seq);
    int (*article_count)(struct sb *b, int64_t *n);
    int (*articles_without_names)(struct sb *b,
                                  int (*fn)(void *ctx, const struct sb_article *a), void *ctx);
    int (*figure_put)(struct sb *b, int64_t seq, int n, const rasd_doc *doc,
                      const rasd_figure *f);
    int (*mention_put)(struct sb *b, int64_t seq, const char *kind, const char *ref,
                       const rasd_doc *doc, const rasd_figure *f);
    int (*names_put)(struct sb *b, int64_t seq, struct sb_text places, struct sb_text groups);
    int (*search_rebuild)(struct sb *b);
    int (*search)(struct sb *b, const struct sb_text *phrases, size_t nphrases, size_t limit,
                  const char *open, const char *close, rasd_hit_fn fn, void *ctx);
    int (*story_size)(struct sb *b, const char *id, int64_t *n);
    int (*scratch)(struct sb *b, enum sb_derived what);
    int (*scratch_drop)(struct sb *b, enum sb_derived what);
    void (*bulk)(struct sb *b, int on);
    int (*passages_mark)(struct sb *b, int scratch, int64_t *seq);
    int (*passages_put)(struct sb *b, int scratch, const struct sb_fingerprint *fp, size_t nfp,
                        const int64_t *done, size_t ndone);
    int (*postings)(struct sb *b, uint64_t hash,
                    int (*fn)(void *ctx, const struct sb_posting *p), void *ctx);
    int (*story_refs)(struct sb *b, enum sb_refs which,
                      int (*fn)(void *ctx, int64_t seq, struct sb_text ref), void *ctx);
    int (*stories_stamp)(struct sb *b, int scratch, char *out, size_t cap);
    int (*stories_put)(struct sb *b, int scratch, const struct sb_story *st, size_t n,
                       const char *stamp, struct sb_text state);
    int (*story_state)(struct sb *b, const char *stamp,
                       int (*fn)(void *ctx, struct sb_text state), void *ctx);
    int (*story_rows)(struct sb *b, int (*fn)(void *ctx, const struct sb_story_row *r),
                      void *ctx);
    int (*story_members)(struct sb *b, const char *id,
                         int (*fn)(void *ctx, struct sb_text doc), void *ctx);
    int (*figure_rows)(struct sb *b, enum sb_figure_order order, int64_t after,
                       int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx);
    int (*series_rows)(struct sb *b, const char *id,
                       int (*fn)(void *ctx, const struct sb_series_row *r), void *ctx);
    int (*migrate)(struct sb *b);
    int (*schema_version)(struct sb *b, int *have, int *want);
    int (*articles_since)(struct sb *b, int64_t after,
                          int (*fn)(void *ctx, const struct sb_article *a), void *ctx);
    int (*article_get)(struct sb *b, const char *id, int64_t seq,
                       int (*fn)(void *ctx, const struct sb_article *a), void *ctx);
    int (*articles_stamp)(struct sb *b, int64_t *count, int64_t *max, int64_t *sum);
    int (*figures_filtered)(struct sb *b, const struct sb_figure_query *q,
                            int (*fn)(void *ctx, const struct sb_figure_row *r), void *ctx);
    int (*articles_brief)(struct sb *b, int64_t after,
                          int (*fn)(void *ctx, const struct sb_article *a), void *ctx);
};

/* The backends.  sb_sqlite_ops is always linked.  sb_pg_ops is defined by the PostgreSQL
 * backend (src/store/pg/) when it is built: backend.c refers to it weakly, and the link
 * asks for it by name (-Wl,-u,sb_pg_ops in the Makefile) so that it is taken from
 * librasd.a when there. */
extern const struct sb_ops sb_sqlite_ops;
extern const struct sb_ops sb_pg_ops;

#endif
