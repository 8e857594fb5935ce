/* rasd serve: the HTTP face of the library (libmicrohttpd).  The server (serve.c) takes
 * requests apart (rq.h), routes them (routes.c) to handlers that answer with the records
 * the library writes (api_*.c), serves the page's files (assets.c) and streams events
 * (events.c).  Reads open the store read-only per request; writes take one lock. */
#ifndef RASD_SERVE_SERVE_H
#define RASD_SERVE_SERVE_H
#include "common/buf.h"
#include "serve/rq.h"
#include "rasd.h"
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct serve_opts {
    const char *db;           /* what rasd_store_open accepts */
    const char *listen;       /* "127.0.0.1:8080" */
    const char *token_file;   /* NULL: every POST is refused */
    unsigned threads;         /* the pool */
    unsigned max_conns, per_ip;
    size_t max_body;          /* bytes of a POST body */
    int quiet;                /* no request log on stderr */
};

#define SERVE_DEFAULT_LISTEN "127.0.0.1:8080"
#define SERVE_MAX_BODY ((size_t)8 << 20)

struct ev_hub;
struct cache;

struct serve {
    struct serve_opts o;
    char token[256];           /* the bearer token, "" when none */
    size_t token_len;
    pthread_mutex_t write_lock;/* one writer of this process at a time */
    struct ev_hub *hub;
    struct cache *cache;       /* answers of the read endpoints */
};

/* What a handler answers.  The body is `body`, or the static fixed[0..fixed_len). */
struct reply {
    unsigned status;
    const char *type;          /* Content-Type; NULL: application/json; charset=utf-8 */
    struct buf body;
    const unsigned char *fixed;
    size_t fixed_len;
    const char *allow;         /* Allow header (405) */
    const char *cache;         /* Cache-Control; NULL: no-cache */
    char etag[80];             /* ETag, "" for none */
    int sse;                   /* open an event stream instead (events.c) */
};

/* A request as the handlers see it. */
struct request {
    const char *method;
    const struct rq *rq;
    const char *arg;           /* the '*' segment of the route, or NULL */
    const char *body;          /* a POST's body, body_len bytes */
    size_t body_len;
    const char *content_type;  /* as sent, or NULL */
    const char *if_none_match; /* as sent, or NULL */
};

typedef void (*route_fn)(struct serve *srv, const struct request *r, struct reply *out);

enum {
    ROUTE_POST = 1,    /* writes: needs the token, takes a body */
    ROUTE_CACHE = 2    /* a read whose answer is kept per target and store state (cache.h) */
};

/* The route for method and path segments: *fn, *arg (the '*' segment) and *flags
 * (ROUTE_*) on a match and 200; 405 (and *allow: the methods the path takes) when only
 * the method differs; 404. */
unsigned routes_find(const char *method, const struct rq *rq, route_fn *fn, const char **arg,
                     const char **allow, int *flags);

/* Sets *out to the error record {"error": error, "detail": detail} with `status`. */
void reply_error(struct reply *out, unsigned status, const char *error, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A store failure as a 500 (404 for RASD_ENOTFOUND, 400 for RASD_EINVAL/ETOOBIG/EPARSE),
 * the detail being the store's message. */
void reply_status(struct reply *out, int rc, const rasd_store *s, const char *what);

/* Opens the store read-only for one request.  Returns it, or NULL after setting a 500. */
rasd_store *serve_store(struct serve *srv, struct reply *out);

/* Sets the ETag of a read from the store's state: the same until a write.  Returns 1 when
 * the request's If-None-Match names it (the caller answers 304 and stops). */
int reply_etag(struct reply *out, rasd_store *s, const struct request *r);

/* Appends js[0..len) (a record ending in "}\n") to b without its newline, with `extra`
 * (",\"k\":v..." or "") spliced in before the closing brace. */
void json_extend(struct buf *b, const char *js, size_t len, const char *extra);

/* A JSON array written by a store callback: its buffer, the items so far, the status of
 * a record function that failed, and whether items follow each other on one line. */
struct json_list {
    struct buf *b;
    size_t n;
    int rc;
    int flat;
};

/* Appends record js[0..len) (ending in "}\n", extra spliced in as json_extend does; extra
 * may be NULL) as l's next item and frees js, when rc (the status of the record function
 * that made it) is RASD_OK.  Returns what a store callback returns: 0 to go on, 1 (rc
 * kept in l->rc) to stop. */
int json_list_add(struct json_list *l, int rc, char *js, size_t len, const char *extra);

/* Appends ,"outlet":…[,"url":…],"published":…,"title":… of article a. */
void json_article_head(struct buf *b, const rasd_article_rec *a, int with_url);

/* The handlers (api_*.c, assets.c, events.c). */
void api_stories(struct serve *srv, const struct request *r, struct reply *out);
void api_story(struct serve *srv, const struct request *r, struct reply *out);
void api_story_figures(struct serve *srv, const struct request *r, struct reply *out);
void api_article(struct serve *srv, const struct request *r, struct reply *out);
void api_passages(struct serve *srv, const struct request *r, struct reply *out);
void api_post_articles(struct serve *srv, const struct request *r, struct reply *out);
void api_search(struct serve *srv, const struct request *r, struct reply *out);
void api_figures(struct serve *srv, const struct request *r, struct reply *out);
void api_export_csv(struct serve *srv, const struct request *r, struct reply *out);
void api_export_jsonl(struct serve *srv, const struct request *r, struct reply *out);
void api_export_geojson(struct serve *srv, const struct request *r, struct reply *out);
void api_events(struct serve *srv, const struct request *r, struct reply *out);
void asset_index(struct serve *srv, const struct request *r, struct reply *out);
void asset_file(struct serve *srv, const struct request *r, struct reply *out);

/* Runs the server until SIGTERM or SIGINT.  Returns 0 after a clean stop, 1 when it could
 * not start (the reason printed on stderr). */
int serve_run(const struct serve_opts *o);

#endif
