/* The answer cache of the read endpoints (cache.h). */
#include "serve/cache.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    char *key;
    struct cache_stamp st;
    int has;                   /* an answer is kept */
    int computing;             /* a request computes the answer of a newer stamp */
    const char *type;          /* static */
    char *body;
    size_t len;
    char etag[80];
    uint64_t used;             /* for dropping the least recently used */
};

struct cache {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct entry *v;
    size_t n;
    size_t bytes;
    uint64_t tick;
    /* The thread that computes stale answers, and the targets waiting for it. */
    cache_compute_fn fn;
    void *ctx;
    pthread_t thread;
    int started, stop;
    char *queue[CACHE_MAX_ENTRIES];
    size_t nqueue;
};

static void *refresh_main(void *arg)
{
    struct cache *c = arg;
    pthread_mutex_lock(&c->mu);
    while (!c->stop) {
        if (!c->nqueue) {
            pthread_cond_wait(&c->cv, &c->mu);
            continue;
        }
        char *key = c->queue[0];
        memmove(c->queue, c->queue + 1, --c->nqueue * sizeof *c->queue);
        pthread_mutex_unlock(&c->mu);
        struct reply out = {.status = 200};
        struct cache_stamp st = {0, 0};
        buf_init(&out.body);
        c->fn(c->ctx, key, &out, &st);
        cache_put(c, key, st, &out);
        buf_free(&out.body);
        free(key);
        pthread_mutex_lock(&c->mu);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

struct cache *cache_create(cache_compute_fn fn, void *ctx)
{
    struct cache *c = calloc(1, sizeof *c);
    if (c && !(c->v = calloc(CACHE_MAX_ENTRIES, sizeof *c->v))) {
        free(c);
        return NULL;
    }
    if (!c)
        return NULL;
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    c->fn = fn;
    c->ctx = ctx;
    if (pthread_create(&c->thread, NULL, refresh_main, c) != 0) {
        cache_free(c);
        return NULL;
    }
    c->started = 1;
    return c;
}

static void entry_clear(struct cache *c, struct entry *e)
{
    c->bytes -= e->len;
    free(e->key);
    free(e->body);
    memset(e, 0, sizeof *e);
}

void cache_free(struct cache *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    c->stop = 1;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
    if (c->started)
        pthread_join(c->thread, NULL);
    for (size_t i = 0; i < c->nqueue; i++)
        free(c->queue[i]);
    pthread_cond_destroy(&c->cv);
    for (size_t i = 0; i < c->n; i++)
        entry_clear(c, &c->v[i]);
    free(c->v);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static struct entry *find(struct cache *c, const char *key)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].key && !strcmp(c->v[i].key, key))
            return &c->v[i];
    return NULL;
}

/* A free slot, dropping the least recently used entry that nobody computes. */
static struct entry *slot(struct cache *c)
{
    if (c->n < CACHE_MAX_ENTRIES)
        return &c->v[c->n++];
    struct entry *old = NULL;
    for (size_t i = 0; i < c->n; i++)
        if (!c->v[i].computing && (!old || c->v[i].used < old->used))
            old = &c->v[i];
    if (old)
        entry_clear(c, old);
    return old;
}

static int same(struct cache_stamp a, struct cache_stamp b)
{
    return a.seq == b.seq && a.count == b.count;
}

static void copy_out(const struct entry *e, struct reply *out)
{
    out->status = 200;
    out->type = e->type;
    buf_reset(&out->body);
    buf_add(&out->body, e->body, e->len);
    memcpy(out->etag, e->etag, sizeof out->etag);
}

/* Hands key to the thread (mu held); 0 when it cannot take it now. */
static int enqueue(struct cache *c, const char *key)
{
    char *k = c->nqueue < CACHE_MAX_ENTRIES ? strdup(key) : NULL;
    if (!k)
        return 0;
    c->queue[c->nqueue++] = k;
    pthread_cond_signal(&c->cv);
    return 1;
}

int cache_get(struct cache *c, const char *key, struct cache_stamp st, int allow_stale,
              struct reply *out)
{
    int rc = CACHE_MISS;
    pthread_mutex_lock(&c->mu);
    struct entry *e = find(c, key);
    if (e && e->has && (allow_stale || same(e->st, st))) {
        rc = same(e->st, st) ? CACHE_HIT : CACHE_STALE;
        /* `computing` marks a target handed to the thread, so that it is handed once. */
        if (rc == CACHE_STALE && !e->computing)
            e->computing = enqueue(c, key);
    } else if (!e && (e = slot(c))) {
        /* The caller computes it: a slot for cache_put.  Without memory for the key the
         * slot stays empty (find skips it). */
        e->key = strdup(key);
    }
    if (rc != CACHE_MISS) {
        e->used = ++c->tick;
        copy_out(e, out);
    }
    pthread_mutex_unlock(&c->mu);
    return rc;
}

void cache_put(struct cache *c, const char *key, struct cache_stamp st, const struct reply *r)
{
    pthread_mutex_lock(&c->mu);
    struct entry *e = find(c, key);
    int keep = e && r->status == 200 && !r->fixed && !r->body.oom &&
               r->body.len <= CACHE_MAX_BODY && c->bytes + r->body.len <= CACHE_MAX_BYTES &&
               (!e->has || e->st.seq <= st.seq);
    char *body = keep ? malloc(r->body.len + 1) : NULL;
    if (e)
        e->computing = 0;
    if (body) {
        memcpy(body, r->body.p ? r->body.p : "", r->body.len);
        c->bytes -= e->len;
        free(e->body);
        e->body = body;
        e->len = r->body.len;
        c->bytes += e->len;
        e->st = st;
        e->has = 1;
        e->type = r->type;
        memcpy(e->etag, r->etag, sizeof e->etag);
        e->used = ++c->tick;
    }
    pthread_mutex_unlock(&c->mu);
}
