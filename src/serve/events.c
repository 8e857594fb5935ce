/* Server-Sent Events of new articles, new stories and changed estimates (events.h). */
#include "serve/events.h"
#include "serve/serve.h"
#include "serve/sl.h"
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct ev_conn {
    struct ev_hub *hub;
    struct MHD_Connection *conn;
    uint64_t last;            /* id of the last event written */
    struct buf pend;          /* bytes not yet handed to MHD */
    size_t off;
    time_t last_write;
    int suspended;
    struct ev_conn *next;     /* in the hub's list of suspended streams */
};

/* What a series' estimate was when last seen. */
struct ev_est {
    char *key, *estimate;
};

struct ev_hub {
    char *db;
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stop;
    char *log[EV_LOG];        /* formatted events; event id i is log[i % EV_LOG] */
    uint64_t next_id;         /* ids 1..next_id-1 were given */
    struct ev_conn *waiting;
    time_t last_ping;
    /* Only the polling thread reads or writes what follows. */
    int64_t seq, count;       /* the store as last seen with current stories; seq -1: not yet */
    int64_t art_seq;          /* the last article an event was sent for */
    time_t pending_since;     /* when stories were first seen missing articles; 0: not */
    char **known;             /* story ids seen */
    size_t nknown;
    struct ev_est *est;
    size_t nest;
};

/* ---- the log */

/* Appends an event of type `type` with data js[0..len) (its newline dropped). */
static void log_event(struct ev_hub *h, const char *type, const char *js, size_t len)
{
    while (len && js[len - 1] == '\n')
        len--;
    struct buf b;
    buf_init(&b);
    pthread_mutex_lock(&h->mu);
    uint64_t id = h->next_id++;
    buf_printf(&b, "id: %llu\nevent: %s\ndata: ", (unsigned long long)id, type);
    buf_add(&b, js, len);
    buf_adds(&b, "\n\n");
    size_t slot = id % EV_LOG;
    free(h->log[slot]);
    h->log[slot] = b.oom ? NULL : buf_take(&b, NULL);
    pthread_mutex_unlock(&h->mu);
    buf_free(&b);
}

/* Takes the suspended streams (under mu) and resumes them after letting go of it. */
static void resume_all(struct ev_hub *h)
{
    pthread_mutex_lock(&h->mu);
    struct ev_conn *w = h->waiting;
    h->waiting = NULL;
    for (struct ev_conn *c = w; c; c = c->next)
        c->suspended = 0;
    h->last_ping = time(NULL);
    pthread_mutex_unlock(&h->mu);
    while (w) {
        struct ev_conn *next = w->next;
        MHD_resume_connection(w->conn);
        w = next;
    }
}

/* ---- what changed in the store */

static int known_story(const struct ev_hub *h, const char *id)
{
    for (size_t i = 0; i < h->nknown; i++)
        if (!strcmp(h->known[i], id))
            return 1;
    return 0;
}

static void add_known(struct ev_hub *h, const char *id)
{
    char **nv = realloc(h->known, (h->nknown + 1) * sizeof *nv);
    if (!nv)
        return;
    h->known = nv;
    if ((h->known[h->nknown] = strdup(id)))
        h->nknown++;
}

struct poll_ctx {
    struct ev_hub *h;
    const struct sl_list *stories;   /* NULL while the stored stories are not current */
    char **touched;           /* stories with a new article */
    size_t ntouched;
};

static void touch(struct poll_ctx *p, const char *story)
{
    for (size_t i = 0; i < p->ntouched; i++)
        if (!strcmp(p->touched[i], story))
            return;
    char **nv = realloc(p->touched, (p->ntouched + 1) * sizeof *nv);
    if (!nv)
        return;
    p->touched = nv;
    if ((p->touched[p->ntouched] = strdup(story)))
        p->ntouched++;
}

static int new_article(void *ctx, const rasd_article_rec *a)
{
    struct poll_ctx *p = ctx;
    const struct sl_story *st = p->stories ? sl_of_doc(p->stories, a->id) : NULL;
    if (st)
        touch(p, st->id);
    if (a->seq <= p->h->art_seq)
        return 0; /* its event went out while the stories were not stored yet */
    p->h->art_seq = a->seq;
    struct buf b;
    buf_init(&b);
    buf_adds(&b, "{\"id\":");
    buf_json_strz(&b, a->id);
    buf_printf(&b, ",\"seq\":%lld", (long long)a->seq);
    json_article_head(&b, a, 0);
    buf_adds(&b, ",\"story\":");
    buf_json_strz(&b, st ? st->id : NULL);
    buf_adds(&b, "}");
    if (!b.oom)
        log_event(p->h, "article", b.p, b.len);
    buf_free(&b);
    return 0;
}

/* Remembers est for key; returns 1 when it differs from what was remembered. */
static int estimate_changed(struct ev_hub *h, const char *key, const char *est)
{
    for (size_t i = 0; i < h->nest; i++)
        if (!strcmp(h->est[i].key, key)) {
            if (!strcmp(h->est[i].estimate, est))
                return 0;
            char *e = strdup(est);
            if (e) {
                free(h->est[i].estimate);
                h->est[i].estimate = e;
            }
            return 1;
        }
    struct ev_est *nv = realloc(h->est, (h->nest + 1) * sizeof *nv);
    if (nv) {
        h->est = nv;
        nv[h->nest].key = strdup(key);
        nv[h->nest].estimate = strdup(est);
        if (nv[h->nest].key && nv[h->nest].estimate)
            h->nest++;
        else {
            free(nv[h->nest].key);
            free(nv[h->nest].estimate);
        }
    }
    return 1;
}

static int series_seen(void *ctx, const rasd_series *se, const rasd_series_fig *figs)
{
    struct poll_ctx *p = ctx;
    const char *story = p->touched[p->ntouched - 1];
    char *js = NULL;
    size_t len = 0;
    if (rasd_series_json(se, figs, story, &js, &len) != RASD_OK)
        return 0;
    json_t *o = json_loadb(js, len, 0, NULL);
    char *est = o ? json_dumps(json_object_get(o, "estimate"), JSON_COMPACT | JSON_ENCODE_ANY)
                  : NULL;
    char key[512];
    snprintf(key, sizeof key, "%s|%s|%s|%s|%d", story, se->category,
             se->group ? se->group : "", se->location ? se->location : "", se->war);
    if (est && estimate_changed(p->h, key, est))
        log_event(p->h, "estimate", js, len);
    free(est);
    json_decref(o);
    free(js);
    return 0;
}

/* While a writer has stored articles but not yet the stories, the stories and estimates
 * wait for the writer's refresh, rather than each look grouping the whole store again for
 * itself.  The new articles' events wait too, for EV_PENDING_S, since a writer that ends
 * its run (a POST, an ingest's last batch) stores the stories right after its articles;
 * past that (an ingest between its batches, or one killed) they go out without their
 * story. */
static int stories_pending(rasd_store *s, struct ev_hub *h, int64_t seq)
{
    unsigned stale = 0;
    if (rasd_store_stale(s, &stale) != RASD_OK || !(stale & RASD_STALE_STORIES)) {
        h->pending_since = 0;
        return 0;
    }
    time_t now = time(NULL);
    if (!h->pending_since)
        h->pending_since = now;
    if (h->seq >= 0 && now - h->pending_since < EV_PENDING_S)
        return 1;
    if (h->seq >= 0) {
        struct poll_ctx p = {.h = h};
        rasd_store_articles(s, h->art_seq, 0, new_article, &p);
    } else {
        h->art_seq = seq;
    }
    return 1;
}

/* Looks at the store once and logs what arrived since the last look. */
static void poll_store(struct ev_hub *h)
{
    rasd_store *s = NULL;
    int64_t seq, count;
    struct sl_list l;
    if (rasd_store_open_readonly(h->db, &s) != RASD_OK ||
        rasd_store_last_seq(s, &seq, &count) != RASD_OK ||
        (seq == h->seq && count == h->count) || stories_pending(s, h, seq) ||
        sl_load(s, &l) != RASD_OK) {
        rasd_store_free(s);
        return;
    }
    struct poll_ctx p = {.h = h, .stories = &l};
    if (h->seq >= 0)
        rasd_store_articles(s, h->seq, 0, new_article, &p);
    else if (h->art_seq < seq)
        h->art_seq = seq;
    for (size_t i = l.n; i-- > 0;) {
        if (known_story(h, l.v[i].id))
            continue;
        if (h->seq >= 0)
            log_event(h, "story", l.v[i].json, l.v[i].json_len);
        add_known(h, l.v[i].id);
    }
    /* Each touched story's series, its id being the last of p.touched while it is read. */
    size_t n = p.ntouched;
    char **touched = p.touched;
    for (size_t i = 0; i < n; i++) {
        p.touched = &touched[i];
        p.ntouched = 1;
        rasd_store_series(s, touched[i], series_seen, &p);
    }
    for (size_t i = 0; i < n; i++)
        free(touched[i]);
    free(touched);
    h->seq = seq;
    h->count = count;
    sl_free(&l);
    rasd_store_free(s);
}

static void *hub_main(void *arg)
{
    struct ev_hub *h = arg;
    pthread_mutex_lock(&h->mu);
    while (!h->stop) {
        uint64_t before = h->next_id;
        pthread_mutex_unlock(&h->mu);
        poll_store(h);
        pthread_mutex_lock(&h->mu);
        int due = h->next_id != before || time(NULL) - h->last_ping >= EV_PING_S;
        if (due && !h->stop) {
            pthread_mutex_unlock(&h->mu);
            resume_all(h);
            pthread_mutex_lock(&h->mu);
        }
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_nsec += (long)EV_POLL_MS * 1000000L;
        t.tv_sec += t.tv_nsec / 1000000000L;
        t.tv_nsec %= 1000000000L;
        if (!h->stop)
            pthread_cond_timedwait(&h->cv, &h->mu, &t);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

int ev_hub_create(const char *db, struct ev_hub **out)
{
    struct ev_hub *h = calloc(1, sizeof *h);
    *out = NULL;
    if (!h || !(h->db = strdup(db))) {
        free(h);
        return RASD_ENOMEM;
    }
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    h->next_id = 1;
    h->seq = -1;
    h->last_ping = time(NULL);
    if (pthread_create(&h->thread, NULL, hub_main, h) != 0) {
        ev_hub_free(h);
        return RASD_ELIB;
    }
    h->started = 1;
    *out = h;
    return RASD_OK;
}

void ev_hub_stop(struct ev_hub *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->mu);
    h->stop = 1;
    pthread_cond_signal(&h->cv);
    pthread_mutex_unlock(&h->mu);
    resume_all(h);
}

void ev_hub_free(struct ev_hub *h)
{
    if (!h)
        return;
    ev_hub_stop(h);
    if (h->started)
        pthread_join(h->thread, NULL);
    for (size_t i = 0; i < EV_LOG; i++)
        free(h->log[i]);
    for (size_t i = 0; i < h->nknown; i++)
        free(h->known[i]);
    free(h->known);
    for (size_t i = 0; i < h->nest; i++) {
        free(h->est[i].key);
        free(h->est[i].estimate);
    }
    free(h->est);
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    free(h->db);
    free(h);
}

/* ---- one stream */

/* Appends the events after c->last, or a ping when it has been quiet too long (mu held). */
static void fill(struct ev_conn *c)
{
    struct ev_hub *h = c->hub;
    uint64_t oldest = h->next_id > EV_LOG ? h->next_id - EV_LOG : 1;
    if (c->last + 1 < oldest)
        c->last = oldest - 1; /* too far behind: what fell out of the log is lost */
    for (uint64_t id = c->last + 1; id < h->next_id; id++)
        if (h->log[id % EV_LOG])
            buf_adds(&c->pend, h->log[id % EV_LOG]);
    c->last = h->next_id - 1;
    time_t now = time(NULL);
    if (!c->pend.len && now - c->last_write >= EV_PING_S)
        buf_adds(&c->pend, ": ping\n\n");
    if (c->pend.len)
        c->last_write = now;
}

static ssize_t ev_read(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)pos;
    struct ev_conn *c = cls;
    struct ev_hub *h = c->hub;
    pthread_mutex_lock(&h->mu);
    if (c->off == c->pend.len) {
        buf_reset(&c->pend);
        c->off = 0;
        if (!h->stop)
            fill(c);
    }
    if (c->pend.oom || (h->stop && c->off == c->pend.len)) {
        pthread_mutex_unlock(&h->mu);
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    if (c->off < c->pend.len) {
        size_t n = c->pend.len - c->off < max ? c->pend.len - c->off : max;
        memcpy(out, c->pend.p + c->off, n);
        c->off += n;
        pthread_mutex_unlock(&h->mu);
        return (ssize_t)n;
    }
    /* Nothing to send: wait, suspended, for the hub's next event or ping. */
    c->suspended = 1;
    c->next = h->waiting;
    h->waiting = c;
    MHD_suspend_connection(c->conn);
    pthread_mutex_unlock(&h->mu);
    return 0;
}

static void ev_free(void *cls)
{
    struct ev_conn *c = cls;
    struct ev_hub *h = c->hub;
    pthread_mutex_lock(&h->mu);
    for (struct ev_conn **p = &h->waiting; *p; p = &(*p)->next)
        if (*p == c) {
            *p = c->next;
            break;
        }
    pthread_mutex_unlock(&h->mu);
    buf_free(&c->pend);
    free(c);
}

struct MHD_Response *ev_response(struct ev_hub *h, struct MHD_Connection *conn)
{
    struct ev_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->hub = h;
    c->conn = conn;
    buf_init(&c->pend);
    buf_adds(&c->pend, "retry: 3000\n: connected\n\n");
    c->last_write = time(NULL);
    pthread_mutex_lock(&h->mu);
    c->last = h->next_id - 1;
    pthread_mutex_unlock(&h->mu);
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, ev_read,
                                                               c, ev_free);
    if (!r) {
        buf_free(&c->pend);
        free(c);
    }
    return r;
}
