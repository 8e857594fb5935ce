/* The stories as the API lists them (sl.h). */
#include "serve/sl.h"
#include "common/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An article's publication day, for the recent count. */
struct sl_day {
    char *id;
    int32_t day;
};

struct sl_load_ctx {
    struct sl_list *l;
    size_t cap;
    struct sl_day *days;
    size_t ndays, dcap;
    int rc;
};

static char **dup_list(const char *const *v, size_t n)
{
    char **o = calloc(n + 1, sizeof *o);
    for (size_t i = 0; o && i < n; i++)
        if (!(o[i] = strdup(v[i] ? v[i] : ""))) {
            for (size_t k = 0; k < i; k++)
                free(o[k]);
            free(o);
            return NULL;
        }
    return o;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

static void story_free(struct sl_story *s)
{
    free(s->id);
    free(s->first);
    free(s->last);
    free_list(s->docs, s->ndocs);
    free_list(s->places, s->nplaces);
    free_list(s->groups, s->ngroups);
    free(s->json);
}

static int take_story(void *ctx, const rasd_story_rec *r)
{
    struct sl_load_ctx *c = ctx;
    if (c->l->n == c->cap) {
        size_t nc = c->cap ? 2 * c->cap : 64;
        struct sl_story *nv = realloc(c->l->v, nc * sizeof *nv);
        if (!nv)
            return c->rc = RASD_ENOMEM;
        c->l->v = nv;
        c->cap = nc;
    }
    struct sl_story *s = &c->l->v[c->l->n];
    memset(s, 0, sizeof *s);
    s->ndocs = r->ndocs;
    s->nplaces = r->nplaces;
    s->ngroups = r->ngroups;
    s->id = strdup(r->id);
    s->first = strdup(r->first);
    s->last = strdup(r->last);
    s->docs = dup_list(r->docs, r->ndocs);
    s->places = dup_list(r->places, r->nplaces);
    s->groups = dup_list(r->groups, r->ngroups);
    int rc = rasd_story_rec_json(r, &s->json, &s->json_len);
    c->l->n++;
    if (rc == RASD_OK && (!s->id || !s->first || !s->last || !s->docs || !s->places ||
                          !s->groups))
        rc = RASD_ENOMEM;
    return c->rc = rc;
}

static int take_day(void *ctx, const rasd_article_rec *a)
{
    struct sl_load_ctx *c = ctx;
    if (c->ndays == c->dcap) {
        size_t nc = c->dcap ? 2 * c->dcap : 256;
        struct sl_day *nv = realloc(c->days, nc * sizeof *nv);
        if (!nv)
            return c->rc = RASD_ENOMEM;
        c->days = nv;
        c->dcap = nc;
    }
    struct sl_day *d = &c->days[c->ndays];
    if (!(d->id = strdup(a->id)))
        return c->rc = RASD_ENOMEM;
    d->day = RASD_DAY_UNKNOWN;
    if (a->published)
        rasd_day_parse(a->published, strlen(a->published), &d->day);
    if (d->day != RASD_DAY_UNKNOWN &&
        (c->l->newest == RASD_DAY_UNKNOWN || d->day > c->l->newest))
        c->l->newest = d->day;
    c->ndays++;
    return 0;
}

static int cmp_day(const void *a, const void *b)
{
    return strcmp(((const struct sl_day *)a)->id, ((const struct sl_day *)b)->id);
}

static int32_t day_of(const struct sl_load_ctx *c, const char *id)
{
    struct sl_day key = {(char *)id, 0};
    const struct sl_day *d = bsearch(&key, c->days, c->ndays, sizeof *c->days, cmp_day);
    return d ? d->day : RASD_DAY_UNKNOWN;
}

/* Counts the story's recent articles, decides breaking, and writes its record. */
static int decorate(struct sl_load_ctx *c, struct sl_story *s)
{
    int32_t last = RASD_DAY_UNKNOWN;
    rasd_day_parse(s->last, strlen(s->last), &last);
    s->recent = 0;
    for (size_t i = 0; last != RASD_DAY_UNKNOWN && i < s->ndocs; i++) {
        int32_t d = day_of(c, s->docs[i]);
        if (d != RASD_DAY_UNKNOWN && d > last - SL_RECENT_DAYS)
            s->recent++;
    }
    int32_t newest = c->l->newest;
    s->breaking = last != RASD_DAY_UNKNOWN && s->recent >= SL_BREAKING_MIN &&
                  2 * s->recent >= s->ndocs && last > newest - SL_RECENT_DAYS;
    char extra[96];
    snprintf(extra, sizeof extra, ",\"articles\":%zu,\"recent\":%zu,\"breaking\":%s",
             s->ndocs, s->recent, s->breaking ? "true" : "false");
    struct buf b;
    buf_init(&b);
    buf_add(&b, s->json, s->json_len >= 2 ? s->json_len - 2 : 0);
    buf_adds(&b, extra);
    buf_adds(&b, "}\n");
    free(s->json);
    s->json = NULL;
    return buf_finish(&b, &s->json, &s->json_len);
}

int sl_cmp_key(const struct sl_story *a, const char *last, const char *first, const char *id)
{
    /* Newest first: a larger key comes earlier. */
    int c = strcmp(last, a->last);
    if (!c)
        c = strcmp(first, a->first);
    if (!c) {
        /* Ids are "s" and a number: by the number. */
        size_t la = strlen(a->id), lb = strlen(id);
        c = la != lb ? (lb > la) - (lb < la) : strcmp(id, a->id);
    }
    return c;
}

static int cmp_story(const void *x, const void *y)
{
    const struct sl_story *b = y;
    return sl_cmp_key(x, b->last, b->first, b->id);
}

int sl_load(rasd_store *s, struct sl_list *out)
{
    memset(out, 0, sizeof *out);
    out->newest = RASD_DAY_UNKNOWN;
    struct sl_load_ctx c = {.l = out};
    int rc = rasd_store_stories(s, take_story, &c);
    if (rc == RASD_OK)
        rc = c.rc;
    if (rc == RASD_OK)
        rc = rasd_store_articles(s, 0, 0, take_day, &c);
    if (rc == RASD_OK)
        rc = c.rc;
    if (rc == RASD_OK && c.ndays)
        qsort(c.days, c.ndays, sizeof *c.days, cmp_day);
    for (size_t i = 0; rc == RASD_OK && i < out->n; i++)
        rc = decorate(&c, &out->v[i]);
    if (rc == RASD_OK && out->n)
        qsort(out->v, out->n, sizeof *out->v, cmp_story);
    for (size_t i = 0; i < c.ndays; i++)
        free(c.days[i].id);
    free(c.days);
    if (rc != RASD_OK)
        sl_free(out);
    return rc;
}

void sl_free(struct sl_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        story_free(&l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

const struct sl_story *sl_find(const struct sl_list *l, const char *id)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i].id, id))
            return &l->v[i];
    return NULL;
}

const struct sl_story *sl_of_doc(const struct sl_list *l, const char *doc)
{
    for (size_t i = 0; i < l->n; i++)
        for (size_t k = 0; k < l->v[i].ndocs; k++)
            if (!strcmp(l->v[i].docs[k], doc))
                return &l->v[i];
    return NULL;
}
