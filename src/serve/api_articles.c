/* GET /api/articles/{id}, /api/articles/{id}/passages; POST /api/articles. */
#include "serve/param.h"
#include "serve/sl.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int put_figure(void *ctx, const rasd_stored_figure *f)
{
    char *js = NULL;
    size_t len = 0;
    int rc = rasd_stored_figure_json(f, &js, &len);
    return json_list_add(ctx, rc, js, len, NULL);
}

/* Appends the figure records of article doc as a JSON array. */
static int doc_figures(rasd_store *s, const char *doc, struct buf *b)
{
    struct json_list o = {.b = b, .flat = 1};
    rasd_figure_filter f = {.doc = doc};
    buf_addc(b, '[');
    int rc = rasd_store_figures(s, &f, put_figure, &o);
    buf_addc(b, ']');
    return rc == RASD_OK ? o.rc : rc;
}

struct article_out {
    struct buf *b;
    const struct sl_list *stories;
};

static int put_article(void *ctx, const rasd_article_rec *a)
{
    struct article_out *o = ctx;
    struct buf *b = o->b;
    const struct sl_story *st = sl_of_doc(o->stories, a->id);
    buf_adds(b, "{\"type\":\"article\",\"id\":");
    buf_json_strz(b, a->id);
    json_article_head(b, a, 1);
    buf_adds(b, ",\"text\":");
    buf_json_str(b, a->text ? a->text : "", a->text_len);
    buf_adds(b, ",\"story\":");
    buf_json_strz(b, st ? st->id : NULL);
    return 0;
}

void api_article(struct serve *srv, const struct request *r, struct reply *out)
{
    rasd_store *s = serve_store(srv, out);
    struct sl_list l = {0};
    if (!s)
        return;
    if (reply_etag(out, s, r)) {
        out->status = 304;
    } else {
        int rc = sl_load(s, &l);
        struct article_out o = {&out->body, &l};
        if (rc == RASD_OK)
            rc = rasd_store_article(s, r->arg, put_article, &o);
        if (rc == RASD_OK) {
            buf_adds(&out->body, ",\"figures\":");
            rc = doc_figures(s, r->arg, &out->body);
            buf_adds(&out->body, "}\n");
        }
        if (rc == RASD_ENOTFOUND)
            reply_error(out, 404, "not found", "no article '%s'", r->arg);
        else if (rc != RASD_OK)
            reply_status(out, rc, s, "reading the article");
    }
    sl_free(&l);
    rasd_store_free(s);
}

static int put_passage(void *ctx, const rasd_passage_rec *r)
{
    char *js = NULL;
    size_t len = 0;
    int rc = rasd_passage_json(&r->p, r->doc, r->other, &js, &len);
    struct buf extra;
    buf_init(&extra);
    buf_adds(&extra, ",\"other_outlet\":");
    buf_json_strz(&extra, r->other_outlet);
    int stop = json_list_add(ctx, rc, js, len, extra.oom ? "" : extra.p);
    buf_free(&extra);
    return stop;
}

void api_passages(struct serve *srv, const struct request *r, struct reply *out)
{
    rasd_store *s = serve_store(srv, out);
    if (!s)
        return;
    if (reply_etag(out, s, r)) {
        out->status = 304;
    } else {
        struct json_list o = {.b = &out->body};
        buf_adds(&out->body, "{\"doc\":");
        buf_json_strz(&out->body, r->arg);
        buf_adds(&out->body, ",\"passages\":[");
        int rc = rasd_store_passages(s, r->arg, put_passage, &o);
        if (rc == RASD_OK)
            rc = o.rc;
        buf_adds(&out->body, "]}\n");
        if (rc == RASD_ENOTFOUND)
            reply_error(out, 404, "not found", "no article '%s'", r->arg);
        else if (rc != RASD_OK)
            reply_status(out, rc, s, "reading the passages");
    }
    rasd_store_free(s);
}

/* ---- POST /api/articles */

enum { BODY_JSON = 1, BODY_JSONL = 2 };

/* The body kind of a Content-Type, 0 for one the server does not take. */
static int body_kind(const char *ct)
{
    static const struct {
        const char *type;
        int kind;
    } types[] = {{"application/json", BODY_JSON},        {"application/x-ndjson", BODY_JSONL},
                 {"application/jsonl", BODY_JSONL},      {"application/x-jsonlines", BODY_JSONL},
                 {"application/jsonlines", BODY_JSONL}};
    if (!ct)
        return 0;
    size_t n = strcspn(ct, "; \t");
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strlen(types[i].type) == n && !strncasecmp(ct, types[i].type, n))
            return types[i].kind;
    return 0;
}

/* A JSON body (one article object, or an array of them) as JSON Lines into *lines, so
 * that it is read as `rasd ingest` reads JSON Lines.  Returns 0, or -1 after a 400. */
static int json_to_lines(const struct request *r, struct buf *lines, struct reply *out)
{
    json_error_t err;
    json_t *v = json_loadb(r->body, r->body_len, JSON_ALLOW_NUL, &err);
    if (!v) {
        reply_error(out, 400, "malformed JSON", "line %d, column %d: %s", err.line,
                    err.column, err.text);
        return -1;
    }
    size_t n = json_is_array(v) ? json_array_size(v) : 1;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        json_t *a = json_is_array(v) ? json_array_get(v, i) : v;
        char *line = json_is_object(a) ? json_dumps(a, JSON_COMPACT) : NULL;
        if (!json_is_object(a)) {
            reply_error(out, 400, "malformed article", "item %zu is not an object", i + 1);
            rc = -1;
        } else if (!line) {
            reply_error(out, 500, "out of memory", "reading the body");
            rc = -1;
        } else {
            buf_adds(lines, line);
            buf_addc(lines, '\n');
        }
        free(line);
    }
    json_decref(v);
    return rc;
}

static const char *outcome_name(int outcome)
{
    return outcome == RASD_PUT_NEW ? "new" : outcome == RASD_PUT_REPLACED ? "replaced" : "same";
}

struct ingest {
    struct idset ids;          /* stored, in order */
    int *outcomes;
    struct buf errors;
    size_t nerrors;
    int rc;                    /* a failure that ends the request */
};

/* Stores every article of the JSON Lines lines[0..n) through store s. */
static void ingest(rasd_store *s, const char *lines, size_t n, size_t max, struct ingest *g)
{
    rasd_reader *rd = NULL;
    const rasd_doc *doc;
    int rc = rasd_reader_open_mem("body", lines, n, RASD_INPUT_JSONL, NULL, &rd);
    if (rc == RASD_OK)
        rc = rasd_reader_set(rd, max, 0);
    while (rc == RASD_OK && (rc = rasd_reader_next(rd, &doc)) != 0) {
        if (rc == RASD_EPARSE || rc == RASD_EUTF8 || rc == RASD_ETOOBIG) {
            long line = 0;
            const char *detail = "";
            rasd_reader_where(rd, NULL, &line, &detail);
            buf_printf(&g->errors, "%s{\"line\":%ld,\"error\":", g->nerrors++ ? "," : "", line);
            buf_json_strz(&g->errors, *detail ? detail : rasd_strerror(rc));
            buf_addc(&g->errors, '}');
            rc = RASD_OK;
            continue;
        }
        if (rc != 1)
            break;
        int outcome = 0;
        if ((rc = rasd_store_put(s, doc, &outcome, NULL)) != RASD_OK)
            break;
        int *no = realloc(g->outcomes, (g->ids.n + 1) * sizeof *no);
        if (!no) {
            rc = RASD_ENOMEM;
            break;
        }
        g->outcomes = no;
        no[g->ids.n] = outcome;
        idset_add(&g->ids, doc->id);
        rc = g->ids.oom ? RASD_ENOMEM : RASD_OK;
    }
    rasd_reader_free(rd);
    if (rc == RASD_OK)
        rc = rasd_store_commit(s);
    /* As `rasd ingest` ends its run: what is derived from the articles is brought up to
     * date by the writer, so that reads only read. */
    if (rc == RASD_OK && g->ids.n)
        rc = rasd_store_refresh(s);
    g->rc = rc;
}

/* The answer: each stored article with its outcome, story and figures; the errors. */
static int answer(rasd_store *s, const struct ingest *g, struct buf *b)
{
    struct sl_list l = {0};
    int rc = sl_load(s, &l);
    buf_adds(b, "{\"stored\":[");
    for (size_t i = 0; rc == RASD_OK && i < g->ids.n; i++) {
        const struct sl_story *st = sl_of_doc(&l, g->ids.v[i]);
        buf_adds(b, i ? ",\n{\"id\":" : "\n{\"id\":");
        buf_json_strz(b, g->ids.v[i]);
        buf_printf(b, ",\"outcome\":\"%s\",\"story\":", outcome_name(g->outcomes[i]));
        buf_json_strz(b, st ? st->id : NULL);
        buf_adds(b, ",\"figures\":");
        rc = doc_figures(s, g->ids.v[i], b);
        buf_addc(b, '}');
    }
    buf_adds(b, "],\"errors\":[");
    if (g->errors.len)
        buf_add(b, g->errors.p, g->errors.len);
    buf_adds(b, "]}\n");
    sl_free(&l);
    return rc;
}

void api_post_articles(struct serve *srv, const struct request *r, struct reply *out)
{
    int kind = body_kind(r->content_type);
    if (!kind) {
        reply_error(out, 415, "unsupported media type",
                    "POST application/json (an article or an array) or application/x-ndjson");
        return;
    }
    if (!r->body_len) {
        reply_error(out, 400, "empty body", "no article given");
        return;
    }
    struct buf lines;
    buf_init(&lines);
    if (kind == BODY_JSON && json_to_lines(r, &lines, out) != 0) {
        buf_free(&lines);
        return;
    }
    const char *p = kind == BODY_JSON ? lines.p : r->body;
    size_t n = kind == BODY_JSON ? lines.len : r->body_len;
    struct ingest g = {0};
    buf_init(&g.errors);
    rasd_store *s = NULL;
    pthread_mutex_lock(&srv->write_lock);
    int rc = lines.oom ? RASD_ENOMEM : rasd_store_open(srv->o.db, &s);
    if (rc == RASD_OK) {
        ingest(s, p ? p : "", n, srv->o.max_body, &g);
        rc = g.rc;
    }
    if (rc == RASD_OK && !g.ids.n)
        reply_error(out, 400, "no article stored", "%s",
                    g.errors.len ? g.errors.p : "the body holds no article");
    else if (rc == RASD_OK)
        rc = answer(s, &g, &out->body);
    if (rc != RASD_OK)
        reply_status(out, rc, s, "storing the articles");
    rasd_store_free(s);
    pthread_mutex_unlock(&srv->write_lock);
    idset_free(&g.ids);
    free(g.outcomes);
    buf_free(&g.errors);
    buf_free(&lines);
}
