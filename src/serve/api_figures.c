/* GET /api/figures, /api/search and the exports. */
#include "serve/param.h"
#include "serve/sl.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fig_page {
    struct buf *b;
    const struct idset *docs;  /* the story's articles, or NULL */
    size_t limit, n;
    int more;                  /* a figure past the page exists */
    int64_t seq, fn;           /* the key of the last figure written */
    int rc;
};

static int page_figure(void *ctx, const rasd_stored_figure *f)
{
    struct fig_page *p = ctx;
    if (p->docs && !idset_has(p->docs, f->doc))
        return 0;
    if (p->n == p->limit) {
        p->more = 1;
        return 1;
    }
    char *js = NULL;
    size_t len = 0;
    int rc = rasd_stored_figure_json(f, &js, &len);
    struct buf extra;
    buf_init(&extra);
    buf_adds(&extra, ",\"published\":");
    buf_json_strz(&extra, f->published);
    struct json_list l = {.b = p->b, .n = p->n};
    int stop = json_list_add(&l, rc, js, len, extra.oom ? "" : extra.p);
    buf_free(&extra);
    p->n = l.n;
    p->rc = l.rc;
    if (stop)
        return 1;
    p->seq = f->seq;
    p->fn = f->n;
    return 0;
}

/* The articles of story id into *docs.  Returns RASD_OK, RASD_ENOTFOUND, ... */
static int story_docs(rasd_store *s, const char *id, struct idset *docs)
{
    struct sl_list l;
    int rc = sl_load(s, &l);
    if (rc != RASD_OK)
        return rc;
    const struct sl_story *st = sl_find(&l, id);
    for (size_t i = 0; st && i < st->ndocs; i++)
        idset_add(docs, st->docs[i]);
    idset_sort(docs);
    rc = !st ? RASD_ENOTFOUND : docs->oom ? RASD_ENOMEM : RASD_OK;
    sl_free(&l);
    return rc;
}

static int figure_filter(const struct request *r, rasd_figure_filter *f, struct reply *out)
{
    char cursor[64];
    memset(f, 0, sizeof *f);
    f->category = rq_get(r->rq, "category");
    f->group = rq_get(r->rq, "group");
    f->place = rq_get(r->rq, "place");
    f->source = rq_get(r->rq, "source");
    if (f->source && !strcmp(f->source, "none"))
        f->source = "";
    f->doc = rq_get(r->rq, "doc");
    if (param_date(r, "since", &f->since, out) || param_date(r, "until", &f->until, out))
        return -1;
    int got = param_cursor(r, cursor, sizeof cursor, out);
    if (got < 0)
        return -1;
    if (got && sscanf(cursor, "%" SCNd64 ".%" SCNd64, &f->after_seq, &f->after_n) != 2) {
        reply_error(out, 400, "bad parameter", "cursor is not one this server gave");
        return -1;
    }
    return 0;
}

void api_figures(struct serve *srv, const struct request *r, struct reply *out)
{
    rasd_figure_filter f;
    size_t limit;
    if (figure_filter(r, &f, out) || param_limit(r, PARAM_LIMIT_DEFAULT, &limit, out))
        return;
    rasd_store *s = serve_store(srv, out);
    if (!s)
        return;
    struct idset docs = {0};
    const char *story = rq_get(r->rq, "story");
    int rc = RASD_OK;
    if (reply_etag(out, s, r)) {
        out->status = 304;
        goto done;
    }
    if (story && (rc = story_docs(s, story, &docs)) != RASD_OK) {
        if (rc == RASD_ENOTFOUND)
            reply_error(out, 404, "not found", "no story '%s'", story);
        else
            reply_status(out, rc, s, "reading the story");
        goto done;
    }
    struct fig_page p = {.b = &out->body, .docs = story ? &docs : NULL, .limit = limit};
    buf_adds(&out->body, "{\"figures\":[");
    rc = rasd_store_figures(s, &f, page_figure, &p);
    if (rc == RASD_OK)
        rc = p.rc;
    buf_adds(&out->body, "],\"next\":");
    if (p.more) {
        char key[64];
        int n = snprintf(key, sizeof key, "%" PRId64 ".%" PRId64, p.seq, p.fn);
        param_cursor_put(&out->body, key, (size_t)n);
    } else {
        buf_adds(&out->body, "null");
    }
    buf_adds(&out->body, "}\n");
    if (rc != RASD_OK)
        reply_status(out, rc, s, "reading the figures");
done:
    idset_free(&docs);
    rasd_store_free(s);
}

static int put_hit(void *ctx, const rasd_hit *h)
{
    char *js = NULL;
    size_t len = 0;
    int rc = rasd_hit_json(h, &js, &len);
    return json_list_add(ctx, rc, js, len, NULL);
}

void api_search(struct serve *srv, const struct request *r, struct reply *out)
{
    const char *q = rq_get(r->rq, "q");
    size_t limit;
    if (!q || !*q) {
        reply_error(out, 400, "bad parameter", "q (the words to search) is required");
        return;
    }
    if (param_limit(r, 20, &limit, out))
        return;
    rasd_store *s = serve_store(srv, out);
    if (!s)
        return;
    if (reply_etag(out, s, r)) {
        out->status = 304;
    } else {
        struct json_list o = {.b = &out->body};
        buf_adds(&out->body, "{\"q\":");
        buf_json_strz(&out->body, q);
        buf_adds(&out->body, ",\"hits\":[");
        int rc = rasd_store_search(s, q, strlen(q), limit, NULL, NULL, put_hit, &o);
        if (rc == RASD_OK)
            rc = o.rc;
        buf_adds(&out->body, "]}\n");
        if (rc == RASD_EINVAL)
            reply_error(out, 400, "bad parameter", "q has no words to search");
        else if (rc == RASD_ETOOBIG)
            reply_error(out, 400, "bad parameter", "the query is too long (at most %d words)",
                        RASD_SEARCH_MAX_TERMS);
        else if (rc != RASD_OK)
            reply_status(out, rc, s, "searching");
    }
    rasd_store_free(s);
}

static int to_buf(void *ctx, const char *p, size_t n)
{
    struct buf *b = ctx;
    buf_add(b, p, n);
    return b->oom;
}

static void export(struct serve *srv, const struct request *r, struct reply *out, int format,
                   const char *type)
{
    rasd_store *s = serve_store(srv, out);
    if (!s)
        return;
    if (reply_etag(out, s, r)) {
        out->status = 304;
    } else {
        int rc = rasd_store_export(s, format, to_buf, &out->body);
        if (rc != RASD_OK)
            reply_status(out, rc == RASD_EIO ? RASD_ENOMEM : rc, s, "exporting");
        else
            out->type = type;
    }
    rasd_store_free(s);
}

void api_export_csv(struct serve *srv, const struct request *r, struct reply *out)
{
    export(srv, r, out, RASD_EXPORT_ACLED, "text/csv; charset=utf-8");
}

void api_export_jsonl(struct serve *srv, const struct request *r, struct reply *out)
{
    export(srv, r, out, RASD_EXPORT_JSONL, "application/x-ndjson; charset=utf-8");
}

void api_export_geojson(struct serve *srv, const struct request *r, struct reply *out)
{
    export(srv, r, out, RASD_EXPORT_GEOJSON, "application/geo+json; charset=utf-8");
}

void api_events(struct serve *srv, const struct request *r, struct reply *out)
{
    (void)srv;
    (void)r;
    out->sse = 1;
    out->type = "text/event-stream; charset=utf-8";
}
