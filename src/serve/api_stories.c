/* GET /api/stories, /api/stories/{id}, /api/stories/{id}/figures. */
#include "serve/param.h"
#include "serve/sl.h"
#include <stdlib.h>
#include <string.h>

/* What a story must have to be listed. */
struct story_filter {
    const char *since, *until, *place, *group;
    const char *cc;            /* country code */
    struct idset docs;         /* articles of the category or the search */
    int by_docs;
};

static int collect_doc(void *ctx, const rasd_stored_figure *f)
{
    idset_add(ctx, f->doc);
    return 0;
}

static int collect_hit(void *ctx, const rasd_hit *h)
{
    idset_add(ctx, h->id);
    return 0;
}

/* The most articles a story filter's search looks at. */
#define STORIES_SEARCH_MAX 2000

/* Reads the filters of r into *f; the category and the search become the set of
 * articles that have them.  Returns 0, or -1 after an error reply. */
static int story_filter(rasd_store *s, const struct request *r, struct story_filter *f,
                        struct reply *out)
{
    memset(f, 0, sizeof *f);
    if (param_date(r, "since", &f->since, out) || param_date(r, "until", &f->until, out))
        return -1;
    f->place = rq_get(r->rq, "place");
    f->group = rq_get(r->rq, "group");
    const char *country = rq_get(r->rq, "country");
    if (country && rasd_place_country(country, &f->cc) != RASD_OK)
        f->cc = country; /* a code as given ("sy") */
    const char *cat = rq_get(r->rq, "category"), *q = rq_get(r->rq, "q");
    int rc = RASD_OK;
    if (cat) {
        rasd_figure_filter ff = {.category = cat};
        rc = rasd_store_figures(s, &ff, collect_doc, &f->docs);
        f->by_docs = 1;
    }
    if (rc == RASD_OK && q) {
        struct idset hits = {0};
        rc = rasd_store_search(s, q, strlen(q), STORIES_SEARCH_MAX, NULL, NULL, collect_hit,
                               &hits);
        idset_sort(&f->docs);
        /* Both given: the articles that have both. */
        struct idset both = {0};
        for (size_t i = 0; i < hits.n; i++)
            if (!cat || idset_has(&f->docs, hits.v[i]))
                idset_add(&both, hits.v[i]);
        idset_free(&hits);
        idset_free(&f->docs);
        f->docs = both;
        f->by_docs = 1;
    }
    idset_sort(&f->docs);
    if (rc == RASD_OK && f->docs.oom)
        rc = RASD_ENOMEM;
    if (rc != RASD_OK) {
        reply_status(out, rc, s, q && rc != RASD_ENOMEM && rc != RASD_EDB
                     ? "q: the query has no words or too many" : "reading the stories");
        idset_free(&f->docs);
        return -1;
    }
    return 0;
}

static int any_place(const struct sl_story *st, const char *place, const char *cc)
{
    for (size_t i = 0; i < st->nplaces; i++) {
        const char *c;
        if (place && rasd_place_within(st->places[i], place))
            return 1;
        if (cc && rasd_place_country(st->places[i], &c) == RASD_OK && !strcmp(c, cc))
            return 1;
    }
    return 0;
}

static int keeps(const struct story_filter *f, const struct sl_story *st)
{
    if (f->since && (!*st->last || strcmp(st->last, f->since) < 0))
        return 0;
    if (f->until && (!*st->first || strcmp(st->first, f->until) > 0))
        return 0;
    if (f->place && !any_place(st, f->place, NULL))
        return 0;
    if (f->cc && !any_place(st, NULL, f->cc))
        return 0;
    if (f->group) {
        size_t i = 0;
        while (i < st->ngroups && strcmp(st->groups[i], f->group))
            i++;
        if (i == st->ngroups)
            return 0;
    }
    if (f->by_docs) {
        size_t i = 0;
        while (i < st->ndocs && !idset_has(&f->docs, st->docs[i]))
            i++;
        if (i == st->ndocs)
            return 0;
    }
    return 1;
}

/* A story's place in the list as a cursor's bytes: last, first and id, tab-separated. */
static void story_key(struct buf *b, const struct sl_story *st)
{
    buf_reset(b);
    buf_adds(b, st->last);
    buf_addc(b, '\t');
    buf_adds(b, st->first);
    buf_addc(b, '\t');
    buf_adds(b, st->id);
}

/* Whether story st comes after the cursor key (last \t first \t id). */
static int after_cursor(const struct sl_story *st, char *key)
{
    char *t1 = strchr(key, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
    if (!t2)
        return 1;
    *t1 = *t2 = 0;
    int c = sl_cmp_key(st, key, t1 + 1, t2 + 1);
    *t1 = *t2 = '\t';
    return c > 0;
}

static void list(const struct sl_list *l, const struct story_filter *f, size_t limit,
                 char *cursor, struct reply *out)
{
    struct buf *b = &out->body, key;
    buf_init(&key);
    size_t n = 0, i = 0;
    buf_adds(b, "{\"stories\":[");
    for (; i < l->n && n < limit; i++) {
        if ((cursor && !after_cursor(&l->v[i], cursor)) || !keeps(f, &l->v[i]))
            continue;
        buf_adds(b, n++ ? ",\n" : "\n");
        buf_add(b, l->v[i].json, l->v[i].json_len - 1);
        story_key(&key, &l->v[i]);
    }
    /* A next page only when another story would be listed. */
    while (i < l->n && !keeps(f, &l->v[i]))
        i++;
    buf_adds(b, "],\"next\":");
    if (i < l->n && n)
        param_cursor_put(b, key.p, key.len);
    else
        buf_adds(b, "null");
    buf_adds(b, "}\n");
    buf_free(&key);
}

void api_stories(struct serve *srv, const struct request *r, struct reply *out)
{
    size_t limit;
    char cursor[512];
    int has_cursor;
    if (param_limit(r, PARAM_LIMIT_DEFAULT, &limit, out) ||
        (has_cursor = param_cursor(r, cursor, sizeof cursor, out)) < 0)
        return;
    rasd_store *s = serve_store(srv, out);
    if (!s)
        return;
    struct story_filter f;
    struct sl_list l = {0};
    if (reply_etag(out, s, r)) {
        out->status = 304;
    } else if (story_filter(s, r, &f, out) == 0) {
        int rc = sl_load(s, &l);
        if (rc != RASD_OK)
            reply_status(out, rc, s, "reading the stories");
        else
            list(&l, &f, limit, has_cursor ? cursor : NULL, out);
        idset_free(&f.docs);
    }
    sl_free(&l);
    rasd_store_free(s);
}

struct items {
    const struct sl_story *st;
    struct idset docs;
    struct buf *rows;          /* one object per article, by id */
    char **byid;               /* the row of docs.v[i] */
};

static int take_item(void *ctx, const rasd_article_rec *a)
{
    struct items *it = ctx;
    if (!idset_has(&it->docs, a->id))
        return 0;
    size_t i = 0;
    while (i < it->docs.n && strcmp(it->docs.v[i], a->id))
        i++;
    struct buf b;
    buf_init(&b);
    buf_adds(&b, "{\"id\":");
    buf_json_strz(&b, a->id);
    json_article_head(&b, a, 1);
    buf_addc(&b, '}');
    free(it->byid[i]);
    it->byid[i] = b.oom ? NULL : buf_take(&b, NULL);
    buf_free(&b);
    return 0;
}

/* The story record with `items`, its articles in the order of docs. */
static int story_items(rasd_store *s, const struct sl_story *st, struct buf *b)
{
    struct items it = {.st = st};
    for (size_t i = 0; i < st->ndocs; i++)
        idset_add(&it.docs, st->docs[i]);
    idset_sort(&it.docs);
    it.byid = calloc(it.docs.n + 1, sizeof *it.byid);
    int rc = it.byid && !it.docs.oom ? rasd_store_articles(s, 0, 0, take_item, &it)
                                     : RASD_ENOMEM;
    buf_add(b, st->json, st->json_len - 2);
    buf_adds(b, ",\"items\":[");
    for (size_t i = 0; rc == RASD_OK && i < st->ndocs; i++) {
        size_t k = 0;
        while (k < it.docs.n && strcmp(it.docs.v[k], st->docs[i]))
            k++;
        buf_adds(b, i ? "," : "");
        buf_adds(b, k < it.docs.n && it.byid[k] ? it.byid[k] : "null");
    }
    buf_adds(b, "]}\n");
    for (size_t i = 0; it.byid && i < it.docs.n; i++)
        free(it.byid[i]);
    free(it.byid);
    idset_free(&it.docs);
    return rc;
}

void api_story(struct serve *srv, const struct request *r, struct reply *out)
{
    rasd_store *s = serve_store(srv, out);
    struct sl_list l = {0};
    if (!s)
        return;
    if (reply_etag(out, s, r)) {
        out->status = 304;
    } else {
        int rc = sl_load(s, &l);
        const struct sl_story *st = rc == RASD_OK ? sl_find(&l, r->arg) : NULL;
        if (rc == RASD_OK && !st)
            reply_error(out, 404, "not found", "no story '%s'", r->arg);
        else if (rc == RASD_OK)
            rc = story_items(s, st, &out->body);
        if (rc != RASD_OK)
            reply_status(out, rc, s, "reading the story");
    }
    sl_free(&l);
    rasd_store_free(s);
}

struct series_out {
    const char *story;
    struct json_list l;
};

static int put_series(void *ctx, const rasd_series *se, const rasd_series_fig *figs)
{
    struct series_out *o = ctx;
    char *js = NULL;
    size_t len = 0;
    int rc = rasd_series_json(se, figs, o->story, &js, &len);
    return json_list_add(&o->l, rc, js, len, NULL);
}

void api_story_figures(struct serve *srv, const struct request *r, struct reply *out)
{
    rasd_store *s = serve_store(srv, out);
    if (!s)
        return;
    if (reply_etag(out, s, r)) {
        out->status = 304;
    } else {
        struct series_out o = {.story = r->arg, .l = {.b = &out->body}};
        buf_adds(&out->body, "{\"story\":");
        buf_json_strz(&out->body, r->arg);
        buf_adds(&out->body, ",\"series\":[");
        int rc = rasd_store_series(s, r->arg, put_series, &o);
        if (rc == RASD_OK)
            rc = o.l.rc;
        buf_adds(&out->body, "]}\n");
        if (rc == RASD_ENOTFOUND)
            reply_error(out, 404, "not found", "no story '%s'", r->arg);
        else if (rc != RASD_OK)
            reply_status(out, rc, s, "reading the story's figures");
    }
    rasd_store_free(s);
}
