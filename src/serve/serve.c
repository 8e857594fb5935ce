/* The server: libmicrohttpd with a thread pool, connection limits, a request's life from
 * its target to its reply, and a clean stop on SIGTERM or SIGINT. */
#include "serve/serve.h"
#include "serve/cache.h"
#include "serve/events.h"
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A connection's current request, from its target to its reply. */
struct req_ctx {
    struct rq rq;
    int rq_rc;                 /* rq_parse's status */
    const char *why;
    int started;               /* the headers have been seen */
    route_fn fn;
    const char *arg;
    int flags;                 /* ROUTE_* */
    char *uri;                 /* the whole target: the cache's key */
    struct buf body;
    int too_big;               /* the body passed --max-body: read and dropped */
    char target[160];          /* the start of the target, for the log */
};

/* ---- replies */

void reply_error(struct reply *out, unsigned status, const char *error, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    /* A detail cut short (it may quote a long request) ends on a whole character. */
    if (n >= (int)sizeof detail) {
        size_t e = sizeof detail - 1;
        while (e > 0 && ((unsigned char)detail[e] & 0xC0) == 0x80)
            e--;
        detail[e] = 0;
    }
    out->status = status;
    out->type = NULL;
    out->fixed = NULL;
    buf_reset(&out->body);
    buf_adds(&out->body, "{\"error\":");
    buf_json_strz(&out->body, error);
    buf_adds(&out->body, ",\"detail\":");
    buf_json_strz(&out->body, detail);
    buf_adds(&out->body, "}\n");
}

void reply_status(struct reply *out, int rc, const rasd_store *s, const char *what)
{
    const char *detail = s ? rasd_store_detail(s) : "";
    if (rc == RASD_ENOTFOUND)
        reply_error(out, 404, "not found", "%s", what);
    else if (rc == RASD_EINVAL || rc == RASD_ETOOBIG || rc == RASD_EPARSE)
        reply_error(out, 400, rasd_strerror(rc), "%s", what);
    else
        reply_error(out, 500, rasd_strerror(rc), "%s%s%s", what, *detail ? ": " : "", detail);
}

rasd_store *serve_store(struct serve *srv, struct reply *out)
{
    rasd_store *s = NULL;
    int rc = rasd_store_open_readonly(srv->o.db, &s);
    if (rc == RASD_OK)
        return s;
    reply_status(out, rc, s, "opening the store");
    rasd_store_free(s);
    return NULL;
}

int reply_etag(struct reply *out, rasd_store *s, const struct request *r)
{
    int64_t seq = 0, count = 0;
    if (rasd_store_last_seq(s, &seq, &count) != RASD_OK)
        return 0;
    snprintf(out->etag, sizeof out->etag, "\"r%lld-%lld\"", (long long)seq, (long long)count);
    return r->if_none_match && strstr(r->if_none_match, out->etag);
}

void json_extend(struct buf *b, const char *js, size_t len, const char *extra)
{
    buf_add(b, js, len >= 2 ? len - 2 : 0);
    buf_adds(b, extra);
    buf_addc(b, '}');
}

int json_list_add(struct json_list *l, int rc, char *js, size_t len, const char *extra)
{
    if ((l->rc = rc) != RASD_OK)
        return 1;
    buf_adds(l->b, l->flat ? (l->n ? "," : "") : (l->n ? ",\n" : "\n"));
    l->n++;
    json_extend(l->b, js, len, extra ? extra : "");
    free(js);
    return 0;
}

void json_article_head(struct buf *b, const rasd_article_rec *a, int with_url)
{
    buf_adds(b, ",\"outlet\":");
    buf_json_strz(b, a->outlet);
    if (with_url) {
        buf_adds(b, ",\"url\":");
        buf_json_strz(b, a->url);
    }
    buf_adds(b, ",\"published\":");
    buf_json_strz(b, a->published);
    buf_adds(b, ",\"title\":");
    if (a->title)
        buf_json_str(b, a->title, a->title_len);
    else
        buf_adds(b, "null");
}

/* ---- the request's life */

static int token_ok(struct serve *srv, struct MHD_Connection *c)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!srv->token_len || !h || strncasecmp(h, "Bearer ", 7))
        return 0;
    h += 7;
    size_t n = strlen(h);
    /* Compared in constant time over the token's length. */
    unsigned diff = n != srv->token_len;
    for (size_t i = 0; i < srv->token_len; i++)
        diff |= (unsigned)(srv->token[i] ^ (i < n ? h[i] : 0));
    return !diff;
}

static enum MHD_Result send_reply(struct serve *srv, struct MHD_Connection *c,
                                  struct req_ctx *x, const char *method, struct reply *out)
{
    struct MHD_Response *resp = NULL;
    if (out->sse && !(resp = ev_response(srv->hub, c)))
        reply_error(out, 500, "out of memory", "opening the event stream");
    if (resp) {
        buf_free(&out->body);
    } else if (out->fixed) {
        resp = MHD_create_response_from_buffer(out->fixed_len, (void *)out->fixed,
                                               MHD_RESPMEM_PERSISTENT);
    } else {
        if (out->body.oom)
            reply_error(out, 500, "out of memory", "writing the answer");
        size_t len = 0;
        char *p = out->body.len ? buf_take(&out->body, &len) : NULL;
        resp = MHD_create_response_from_buffer(len, p ? p : (void *)"",
                                               p ? MHD_RESPMEM_MUST_FREE
                                                 : MHD_RESPMEM_PERSISTENT);
        if (!resp)
            free(p);
        buf_free(&out->body);
    }
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type",
                            out->type ? out->type : "application/json; charset=utf-8");
    MHD_add_response_header(resp, "Cache-Control", out->cache ? out->cache : "no-cache");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (out->etag[0])
        MHD_add_response_header(resp, "ETag", out->etag);
    if (out->allow)
        MHD_add_response_header(resp, "Allow", out->allow);
    enum MHD_Result ok = MHD_queue_response(c, out->status, resp);
    MHD_destroy_response(resp);
    if (!srv->o.quiet)
        fprintf(stderr, "%s %s %u\n", method, x->target, out->status);
    return ok;
}

/* The checks of a request before its body is read: target, route, token, type, size. */
static int early_checks(struct serve *srv, struct MHD_Connection *c, struct req_ctx *x,
                        const char *method, struct reply *out)
{
    const char *allow = NULL;
    if (x->rq_rc != RASD_OK) {
        reply_error(out, 400, "bad request target", "%s", x->why);
        return 0;
    }
    unsigned st = routes_find(method, &x->rq, &x->fn, &x->arg, &allow, &x->flags);
    if (st == 404) {
        reply_error(out, 404, "not found", "no such path");
        return 0;
    }
    if (st == 405) {
        reply_error(out, 405, "method not allowed", "%s takes %s", x->target, allow);
        out->allow = allow;
        return 0;
    }
    if (!(x->flags & ROUTE_POST))
        return 1;
    if (!token_ok(srv, c)) {
        reply_error(out, 401, "unauthorized", srv->token_len
                    ? "POST needs Authorization: Bearer <token>"
                    : "the server takes no writes (start it with --token-file)");
        return 0;
    }
    const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (len && strtoull(len, NULL, 10) > srv->o.max_body) {
        reply_error(out, 413, "payload too large", "the body may hold %zu bytes",
                    srv->o.max_body);
        return 0;
    }
    return 1;
}

/* Computes the answer of a kept read for the cache's thread: its target routed again,
 * the store's stamp read before the handler runs (so the answer is at least that new). */
static void recompute(void *ctx, const char *key, struct reply *out, struct cache_stamp *st)
{
    struct serve *srv = ctx;
    struct rq rq;
    const char *why, *arg = NULL, *allow;
    route_fn fn;
    int flags;
    rasd_store *s = NULL;
    out->status = 500;
    if (rq_parse(key, strlen(key), &rq, &why) != RASD_OK)
        return;
    if (routes_find("GET", &rq, &fn, &arg, &allow, &flags) == 200 &&
        (s = serve_store(srv, out)) && rasd_store_last_seq(s, &st->seq, &st->count) == RASD_OK) {
        struct request r = {.method = "GET", .rq = &rq, .arg = arg};
        out->status = 200;
        fn(srv, &r, out);
    }
    rasd_store_free(s);
    rq_free(&rq);
}

/* Each server thread keeps one read-only handle for the store's stamp, which every kept
 * read asks first: opening a handle costs more than the answer from memory. */
static pthread_key_t stamp_key;
static pthread_once_t stamp_once = PTHREAD_ONCE_INIT;

static void stamp_free(void *s)
{
    rasd_store_free(s);
}

static void stamp_init(void)
{
    pthread_key_create(&stamp_key, stamp_free);
}

/* The stamp and, when asked (stale not NULL), the RASD_STALE_* bits of the store, through
 * the thread's handle.  Returns RASD_OK or the store's failure (after a 500 in *out). */
static int store_stamp(struct serve *srv, struct cache_stamp *st, unsigned *stale,
                       struct reply *out)
{
    pthread_once(&stamp_once, stamp_init);
    rasd_store *s = pthread_getspecific(stamp_key);
    if (!s && (s = serve_store(srv, out)) && pthread_setspecific(stamp_key, s) != 0) {
        rasd_store_free(s);
        s = NULL;
        reply_error(out, 500, "out of memory", "reading the store");
    }
    if (!s)
        return RASD_ENOMEM;
    int rc = rasd_store_last_seq(s, &st->seq, &st->count);
    if (rc == RASD_OK && stale)
        rc = rasd_store_stale(s, stale);
    if (rc != RASD_OK) {
        reply_status(out, rc, s, "reading the store");
        /* The handle may be what failed: the next request opens another. */
        pthread_setspecific(stamp_key, NULL);
        rasd_store_free(s);
    }
    return rc;
}

/* Runs the request's handler, or answers from the cache for a read it keeps. */
static void answer(struct serve *srv, struct req_ctx *x, const struct request *r,
                   struct reply *out)
{
    struct cache_stamp st;
    unsigned stale = 0;
    if (!(x->flags & ROUTE_CACHE) || !srv->cache || !x->uri) {
        x->fn(srv, r, out);
        return;
    }
    if (store_stamp(srv, &st, NULL, out) != RASD_OK)
        return;
    int got = cache_get(srv->cache, x->uri, st, 0, out);
    /* A stale answer only while the stored stories miss articles (an ingest between its
     * batches), when a new one means grouping the store again: otherwise it is cheap and
     * a client reading after its own write sees it. */
    if (got == CACHE_MISS && store_stamp(srv, &st, &stale, out) == RASD_OK && stale)
        got = cache_get(srv->cache, x->uri, st, 1, out);
    else if (got == CACHE_MISS && out->status != 200)
        return;
    if (got != CACHE_MISS) {
        if (r->if_none_match && out->etag[0] && strstr(r->if_none_match, out->etag))
            out->status = 304;
        return;
    }
    x->fn(srv, r, out);
    cache_put(srv->cache, x->uri, st, out);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
    (void)url;
    (void)version;
    struct serve *srv = cls;
    struct req_ctx *x = *con_cls;
    if (!x)
        return MHD_NO; /* the target logger failed to allocate */
    struct reply out = {.status = 200};
    buf_init(&out.body);
    if (!x->started) {
        x->started = 1;
        if (!early_checks(srv, c, x, method, &out))
            return send_reply(srv, c, x, method, &out);
        /* Answered on a later call, once the whole request is in: a reply queued before
         * that makes MHD close the connection instead of keeping it alive. */
        return MHD_YES;
    }
    if (*upload_size) {
        if (x->body.len + *upload_size > srv->o.max_body)
            x->too_big = 1;
        else
            buf_add(&x->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (x->too_big) {
        reply_error(&out, 413, "payload too large", "the body may hold %zu bytes",
                    srv->o.max_body);
        return send_reply(srv, c, x, method, &out);
    }
    if (x->body.oom) {
        reply_error(&out, 500, "out of memory", "reading the body");
        return send_reply(srv, c, x, method, &out);
    }
    struct request r = {
        .method = method, .rq = &x->rq, .arg = x->arg, .body = x->body.p,
        .body_len = x->body.len,
        .content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"),
        .if_none_match = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match"),
    };
    answer(srv, x, &r, &out);
    if (out.status == 304)
        buf_reset(&out.body);
    return send_reply(srv, c, x, method, &out);
}

/* Called with the raw target before MHD decodes it: the server's own parser decides. */
static void *on_target(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    struct req_ctx *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    buf_init(&x->body);
    size_t n = strlen(uri);
    x->rq_rc = rq_parse(uri, n, &x->rq, &x->why);
    x->uri = x->rq_rc == RASD_OK ? strdup(uri) : NULL;
    /* The log shows the target's start with control bytes replaced. */
    size_t k = 0;
    for (; k < n && k + 1 < sizeof x->target; k++)
        x->target[k] = (unsigned char)uri[k] < 0x20 || uri[k] == 0x7f ? '?' : uri[k];
    x->target[k] = 0;
    return x;
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)c;
    (void)why;
    struct req_ctx *x = *con_cls;
    if (!x)
        return;
    rq_free(&x->rq);
    buf_free(&x->body);
    free(x->uri);
    free(x);
    *con_cls = NULL;
}

/* ---- start and stop */

static int read_token(struct serve *srv, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "rasd serve: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char line[sizeof srv->token + 2];
    size_t n = fgets(line, sizeof line, f) ? strlen(line) : 0;
    fclose(f);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
        n--;
    if (!n || n >= sizeof srv->token) {
        fprintf(stderr, "rasd serve: %s: the first line must hold a token of 1 to %zu bytes\n",
                path, sizeof srv->token - 1);
        return -1;
    }
    memcpy(srv->token, line, n);
    srv->token[n] = 0;
    srv->token_len = n;
    return 0;
}

static int parse_listen(const char *s, struct sockaddr_in *sa)
{
    const char *colon = strrchr(s, ':');
    char host[64];
    if (!colon || (size_t)(colon - s) >= sizeof host)
        return -1;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = 0;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || port < 0 || port > 65535)
        return -1;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    return inet_pton(AF_INET, host[0] ? host : "127.0.0.1", &sa->sin_addr) == 1 ? 0 : -1;
}

/* A store that does not exist yet is created (and migrated) once, so that reads of an
 * empty server answer and the first POST has somewhere to go. */
static int check_store(const char *db)
{
    rasd_store *s = NULL;
    int rc = rasd_store_open_readonly(db, &s);
    rasd_store_free(s);
    if (rc == RASD_OK)
        return 0;
    s = NULL;
    rc = rasd_store_open(db, &s);
    if (rc != RASD_OK) {
        fprintf(stderr, "rasd serve: %s: %s%s%s\n", db, rasd_strerror(rc), s ? ": " : "",
                s ? rasd_store_detail(s) : "");
        rasd_store_free(s);
        return -1;
    }
    rasd_store_free(s);
    return 0;
}

static struct MHD_Daemon *start(struct serve *srv, const struct sockaddr_in *sa)
{
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME;
    return MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv,
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)srv->o.threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)srv->o.max_conns,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)srv->o.per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_URI_LOG_CALLBACK, on_target, srv,
        MHD_OPTION_NOTIFY_COMPLETED, on_done, srv,
        MHD_OPTION_END);
}

int serve_run(const struct serve_opts *o)
{
    struct serve srv = {.o = *o};
    struct sockaddr_in sa;
    struct MHD_Daemon *d = NULL;
    int status = 1, sig = 0;
    sigset_t set;
    pthread_mutex_init(&srv.write_lock, NULL);
    if (parse_listen(o->listen, &sa) != 0) {
        fprintf(stderr, "rasd serve: --listen wants an IPv4 ADDRESS:PORT, not '%s'\n",
                o->listen);
        goto out;
    }
    if ((o->token_file && read_token(&srv, o->token_file) != 0) || check_store(o->db) != 0)
        goto out;
    /* The server's threads inherit a mask without the stop signals: the main thread
     * takes them with sigwait. */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (!(srv.cache = cache_create(recompute, &srv)) ||
        ev_hub_create(o->db, &srv.hub) != RASD_OK) {
        fprintf(stderr, "rasd serve: cannot start the event stream: out of memory\n");
        goto out;
    }
    if (!(d = start(&srv, &sa))) {
        fprintf(stderr, "rasd serve: cannot listen on %s: %s\n", o->listen, strerror(errno));
        goto out;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char addr[INET_ADDRSTRLEN] = "";
    inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof addr);
    printf("rasd serve: listening on http://%s:%u/ (store %s)\n", addr,
           info ? (unsigned)info->port : (unsigned)ntohs(sa.sin_port), o->db);
    fflush(stdout);
    while (sigwait(&set, &sig) != 0)
        ;
    /* MHD must not be stopped with suspended connections: the event streams are ended
     * and resumed first. */
    ev_hub_stop(srv.hub);
    MHD_stop_daemon(d);
    status = 0;
    if (!o->quiet)
        fprintf(stderr, "rasd serve: stopped by %s\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
out:
    ev_hub_free(srv.hub);
    cache_free(srv.cache);
    pthread_mutex_destroy(&srv.write_lock);
    return status;
}
