/* Answers of the read endpoints kept per request target and store state: the same
 * request answers from memory until a write changes the store's stamp (its latest
 * sequence number and article count).  A target whose answer is stale is given its
 * previous answer while the cache's own thread computes the new one, so that a regroup of
 * the stories (which a read does while an ingest has not yet stored them) is done once, in
 * the background, and never holds up the server's threads (each of which serves its own
 * connections). */
#ifndef RASD_SERVE_CACHE_H
#define RASD_SERVE_CACHE_H
#include "serve/serve.h"

#define CACHE_MAX_ENTRIES 1024
#define CACHE_MAX_BYTES ((size_t)64 << 20)
#define CACHE_MAX_BODY ((size_t)4 << 20)   /* larger answers are not kept */

struct cache;

/* The store state an answer was computed for. */
struct cache_stamp {
    int64_t seq, count;
};

enum { CACHE_MISS = 0, CACHE_HIT = 1, CACHE_STALE = 2 };

/* Computes the answer of target key into *out (status 200 to be kept) and the stamp it
 * is for into *st: what the cache's thread runs for a stale target. */
typedef void (*cache_compute_fn)(void *ctx, const char *key, struct reply *out,
                                 struct cache_stamp *st);

/* Returns a new, empty cache whose thread computes stale answers with fn, or NULL. */
struct cache *cache_create(cache_compute_fn fn, void *ctx);

/* Stops the thread and releases c; NULL is a no-op. */
void cache_free(struct cache *c);

/* Looks key up for stamp st.  CACHE_HIT: a copy of the answer is in *out.  CACHE_STALE
 * (only when allow_stale): the answer of an earlier stamp is in *out, and the new one is
 * being computed in the background.  CACHE_MISS: the caller computes it and gives it to
 * cache_put (or cache_put with a failed reply, which only ends the computing). */
int cache_get(struct cache *c, const char *key, struct cache_stamp st, int allow_stale,
              struct reply *out);

/* Keeps reply r (a 200 of at most CACHE_MAX_BODY bytes) as key's answer for stamp st. */
void cache_put(struct cache *c, const char *key, struct cache_stamp st, const struct reply *r);

#endif
