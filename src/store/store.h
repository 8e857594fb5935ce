/* The store's internals, for src/store and the layers above it (src/story, src/export):
 * the handle over the backend's connection (src/store/backend.h) and error text. */
#ifndef RASD_STORE_STORE_H
#define RASD_STORE_STORE_H
#include "rasd.h"
#include "store/backend.h"
#include <stdint.h>

struct rasd_store {
    struct sb *b;          /* the backend's connection */
    unsigned batch;        /* articles per transaction */
    unsigned pending;      /* articles written in the open transaction */
    int in_txn;
    char *detail;          /* the backend's message for the last failure, or NULL */
    void *extractor;       /* the figure extractor, created on first use */
    int extractor_failed;
    int readonly;          /* opened by rasd_store_open_readonly: nothing is written */
    unsigned stale;        /* RASD_STALE_* found by reads, computed in scratch copies */
};

/* Derived tables of the story layer, kept current by rasd_store_refresh (a writer):
 * brings the stored stories up to date. */
int store_refresh_stories(rasd_store *s);

/* Whether the stored stories, or the passage index, miss articles: *stale gets
 * RASD_STALE_STORIES or RASD_STALE_PASSAGES, or 0.  Returns RASD_OK or RASD_EDB. */
int store_stories_stale(rasd_store *s, unsigned *stale);
int store_passages_stale(rasd_store *s, unsigned *stale);

/* Fingerprints the articles the stored passage index lacks, into the stored index when
 * `stored` (a writer), else into this connection's scratch copy. */
int store_index_passages(rasd_store *s, int stored, size_t *indexed);

/* Sets s's detail to the text msg (a failure not reported by the backend). */
void store_detail(rasd_store *s, const char *msg);

/* Records the backend's current message as s's detail and returns RASD_EDB. */
int store_fail(rasd_store *s);

/* Stores the figures and mentions of the article version seq (inside the open
 * transaction), through the extraction library.  *n gets the figures written.
 * Returns RASD_OK, RASD_EDB, RASD_ENOMEM. */
int store_figures(rasd_store *s, int64_t seq, const rasd_doc *doc, size_t *n);

/* The lead: a report says first what it is about, in its title and its first words. */
#define STORE_LEAD_WORDS 60

/* Writes article_names for article seq: the places and sides its title and the first
 * STORE_LEAD_WORDS words of its text name (rasd_extract_names), each list of ids space-
 * separated in text order.  Returns RASD_OK, RASD_EDB, RASD_EDATA, RASD_ENOMEM. */
int store_names(rasd_store *s, int64_t seq, const rasd_doc *doc);

/* Writes article_names for the stored articles that have none (a store of an older
 * version), in one transaction.  Returns as store_names. */
int store_refresh_names(rasd_store *s);

/* Stores the figures figs[0..nfigs) of doc, already extracted, and their mentions as
 * store_figures does.  *n gets nfigs.  Returns RASD_OK, RASD_EDB, RASD_ENOMEM. */
int store_given_figures(rasd_store *s, int64_t seq, const rasd_doc *doc,
                        const rasd_figure *figs, size_t nfigs, size_t *n);

/* Releases the extractor store_figures created (NULL is a no-op). */
void store_extractor_free(void *x);

/* Content hash of an article as 16 hex digits and a NUL into out. */
void store_hash(const rasd_doc *doc, char out[17]);

#endif
