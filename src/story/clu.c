/* Story grouping.  Each article becomes a TF-IDF vector of light stems (document
 * frequencies as seen so far, title and lead words weighted up, function words from
 * data/story_stopwords.tsv left out), kept to its heaviest terms.  Its heaviest terms look
 * up, through an inverted index, the stories active in the time window; the best few by
 * shared weight are scored in full (cosine with the story's centroid, plus agreement of
 * the places and groups its figures name) and the article joins the best one above the
 * threshold, or starts a story.  Work per article is bounded by the window, so time grows
 * linearly with the number of articles. */
#include "story/clu.h"
#include "story/psg.h"
#include "common/buf.h"
#include "common/data.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct term {
    uint64_t h;
    float w;
};

struct cnt {
    uint32_t id;  /* interned string */
    uint32_t n;
};

struct cnts {
    struct cnt *c;
    size_t n;
};

struct story {
    int64_t key;
    int32_t first, last;
    size_t *docs;
    size_t ndocs, capdocs;
    struct term *cen;      /* sorted by h */
    size_t ncen;
    double norm;
    struct cnts places, groups;
};

/* uint64 -> uint32 open-addressing map. */
struct map {
    uint64_t *k;
    uint32_t *v;
    uint8_t *used;
    size_t mask, n;
};

struct postings {
    uint32_t *s;
    size_t n, cap;
};

struct rasd_clusterer {
    struct map df;         /* term -> articles holding it */
    size_t narticles;
    int32_t *art_day;
    int64_t *art_key;
    size_t capart, capkey;
    struct story *st;
    size_t nst, capst;
    struct map post_ix;    /* term -> index into post */
    struct postings *post;
    size_t npost, cappost;
    struct map strs;       /* string hash -> index into str */
    char **str;
    size_t nstr, capstr;
    struct map stop;       /* raw word hash -> 1 */
    uint32_t *stamp;       /* per story: last article that looked at it */
    uint32_t *slot;        /* per story: its place among that article's candidates */
    size_t capstamp, capslot;
    int32_t maxday;
};

/* ------------------------------------------------------------------ small helpers */

static int map_init(struct map *m, size_t cap)
{
    m->mask = cap - 1;
    m->n = 0;
    m->k = malloc(cap * sizeof *m->k);
    m->v = malloc(cap * sizeof *m->v);
    m->used = calloc(cap, 1);
    return (m->k && m->v && m->used) ? RASD_OK : RASD_ENOMEM;
}

static void map_free(struct map *m)
{
    free(m->k);
    free(m->v);
    free(m->used);
}

static size_t map_slot(const struct map *m, uint64_t k)
{
    size_t b = (size_t)(k ^ (k >> 29)) & m->mask;
    while (m->used[b] && m->k[b] != k)
        b = (b + 1) & m->mask;
    return b;
}

static uint32_t *map_get(const struct map *m, uint64_t k)
{
    size_t b = map_slot(m, k);
    return m->used[b] ? &m->v[b] : NULL;
}

static int map_grow(struct map *m)
{
    struct map nm;
    if (map_init(&nm, (m->mask + 1) * 2))
        goto fail;
    for (size_t i = 0; i <= m->mask; i++) {
        if (!m->used[i])
            continue;
        size_t b = map_slot(&nm, m->k[i]);
        nm.used[b] = 1;
        nm.k[b] = m->k[i];
        nm.v[b] = m->v[i];
        nm.n++;
    }
    map_free(m);
    *m = nm;
    return RASD_OK;
fail:
    map_free(&nm);
    return RASD_ENOMEM;
}

/* The value slot for k, created as v0 when missing; NULL when out of memory. */
static uint32_t *map_put(struct map *m, uint64_t k, uint32_t v0)
{
    if ((m->n + 1) * 2 > m->mask + 1 && map_grow(m))
        return NULL;
    size_t b = map_slot(m, k);
    if (!m->used[b]) {
        m->used[b] = 1;
        m->k[b] = k;
        m->v[b] = v0;
        m->n++;
    }
    return &m->v[b];
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return RASD_OK;
    size_t nc = *cap ? *cap : 16;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q)
        return RASD_ENOMEM;
    *p = q;
    *cap = nc;
    return RASD_OK;
}

static int intern(rasd_clusterer *c, const char *s, uint32_t *id)
{
    size_t len = strlen(s);
    uint64_t h = psg_hash(s, len);
    uint32_t *v = map_get(&c->strs, h);
    if (v) {
        *id = *v;
        return RASD_OK;
    }
    if (grow((void **)&c->str, &c->capstr, c->nstr + 1, sizeof *c->str))
        return RASD_ENOMEM;
    char *copy = malloc(len + 1);
    if (!copy)
        return RASD_ENOMEM;
    memcpy(copy, s, len + 1);
    v = map_put(&c->strs, h, (uint32_t)c->nstr);
    if (!v) {
        free(copy);
        return RASD_ENOMEM;
    }
    c->str[c->nstr] = copy;
    *id = (uint32_t)c->nstr++;
    return RASD_OK;
}

static int load_stopwords(rasd_clusterer *c)
{
    const struct rasd_data_file *f = data_find("story_stopwords.tsv");
    if (!f)
        return RASD_OK;
    struct data_tsv t;
    data_tsv_init(&t, f->bytes, f->len);
    while (data_tsv_next(&t)) {
        struct psg_words w;
        if (psg_words(t.f[0].p, t.f[0].len, &w))
            return RASD_ENOMEM;
        int rc = RASD_OK;
        for (size_t i = 0; i < w.n && !rc; i++)
            if (!map_put(&c->stop, w.w[i].raw, 1))
                rc = RASD_ENOMEM;
        psg_words_free(&w);
        if (rc)
            return rc;
    }
    return RASD_OK;
}

int rasd_clusterer_create(rasd_clusterer **out)
{
    rasd_clusterer *c = calloc(1, sizeof *c);
    if (!c)
        return RASD_ENOMEM;
    int rc = map_init(&c->df, 4096);
    if (!rc)
        rc = map_init(&c->post_ix, 4096);
    if (!rc)
        rc = map_init(&c->strs, 64);
    if (!rc)
        rc = map_init(&c->stop, 512);
    if (!rc)
        rc = load_stopwords(c);
    if (rc) {
        rasd_clusterer_free(c);
        return rc;
    }
    c->maxday = RASD_DAY_UNKNOWN;
    *out = c;
    return RASD_OK;
}

void rasd_clusterer_free(rasd_clusterer *c)
{
    if (!c)
        return;
    map_free(&c->df);
    map_free(&c->post_ix);
    map_free(&c->strs);
    map_free(&c->stop);
    for (size_t i = 0; i < c->nst; i++) {
        free(c->st[i].docs);
        free(c->st[i].cen);
        free(c->st[i].places.c);
        free(c->st[i].groups.c);
    }
    free(c->st);
    for (size_t i = 0; i < c->npost; i++)
        free(c->post[i].s);
    free(c->post);
    for (size_t i = 0; i < c->nstr; i++)
        free(c->str[i]);
    free(c->str);
    free(c->art_day);
    free(c->art_key);
    free(c->stamp);
    free(c->slot);
    free(c);
}

/* ------------------------------------------------------------------ article vectors */

static int cmp_h(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static int cmp_term_h(const void *x, const void *y)
{
    const struct term *a = x, *b = y;
    return a->h < b->h ? -1 : a->h > b->h;
}

static int cmp_term_w(const void *x, const void *y)
{
    const struct term *a = x, *b = y;
    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    return a->h < b->h ? -1 : a->h > b->h; /* ties broken by hash: deterministic */
}

/* Appends the content-word stems of text, `times` times each (`lead` more times for the
 * words of its first CLU_LEAD_WORDS words: a report says what it is about first). */
static int content_words(const rasd_clusterer *c, const char *text, size_t len, int times,
                         int lead, uint64_t **hs, size_t *n, size_t *cap)
{
    struct psg_words w;
    int rc = psg_words(text, len, &w);
    if (rc)
        return rc;
    for (size_t i = 0; i < w.n && !rc; i++) {
        const struct psg_word *x = &w.w[i];
        /* digits, one- and two-letter words and function words carry no topic */
        if (x->number || x->end - x->start < 5 || map_get(&c->stop, x->raw))
            continue;
        int times_here = times + (i < CLU_LEAD_WORDS ? lead : 0);
        rc = grow((void **)hs, cap, *n + (size_t)times_here, sizeof **hs);
        for (int t = 0; t < times_here && !rc; t++)
            (*hs)[(*n)++] = x->h;
    }
    psg_words_free(&w);
    return rc;
}

/* The article's vector: its heaviest CLU_DOC_TERMS terms, unit length, sorted by hash
 * (*vec), and all its distinct terms (*all) for document frequencies. */
static int article_vector(const rasd_clusterer *c, const rasd_story_input *a,
                          struct term **vec, size_t *nvec, uint64_t **all, size_t *nall)
{
    uint64_t *hs = NULL;
    size_t n = 0, cap = 0;
    struct term *t = NULL;
    *vec = NULL;
    *nvec = 0;
    *all = NULL;
    *nall = 0;
    int rc = content_words(c, a->title, a->title_len, CLU_TITLE_WEIGHT, 0, &hs, &n, &cap);
    if (!rc)
        rc = content_words(c, a->text, a->text_len, 1, CLU_LEAD_WEIGHT - 1, &hs, &n,
                            &cap);
    if (rc || !n)
        goto out;
    qsort(hs, n, sizeof *hs, cmp_h);
    t = malloc(n * sizeof *t);
    if (!t) {
        rc = RASD_ENOMEM;
        goto out;
    }
    size_t nt = 0;
    double ndocs = (double)c->narticles;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && hs[j] == hs[i])
            j++;
        uint32_t *df = map_get(&c->df, hs[i]);
        /* Smoothed so that while few articles are in, shared words are not outweighed
         * by words the first articles happened not to use. */
        double idf = log((ndocs + CLU_IDF_SMOOTH) / ((df ? *df : 0) + CLU_IDF_SMOOTH)) + 1.0;
        t[nt].h = hs[i];
        t[nt].w = (float)((1.0 + log((double)(j - i))) * idf);
        hs[nt++] = hs[i]; /* the distinct terms, reusing hs */
        i = j;
    }
    qsort(t, nt, sizeof *t, cmp_term_w);
    size_t keep = nt < CLU_DOC_TERMS ? nt : CLU_DOC_TERMS;
    double norm = 0;
    for (size_t i = 0; i < keep; i++)
        norm += (double)t[i].w * t[i].w;
    norm = sqrt(norm);
    for (size_t i = 0; i < keep; i++)
        t[i].w = (float)(t[i].w / norm);
    *vec = t;
    *nvec = keep;
    *all = hs;
    *nall = nt;
    return RASD_OK;
out:
    free(hs);
    free(t);
    return rc;
}

/* ------------------------------------------------------------------ scoring */

static double dot(const struct term *a, size_t na, const struct term *b, size_t nb)
{
    double s = 0;
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (a[i].h == b[j].h)
            s += (double)a[i++].w * b[j++].w;
        else if (a[i].h < b[j].h)
            i++;
        else
            j++;
    }
    return s;
}

static double cnt_cos(const struct cnts *a, const struct cnts *b)
{
    double s = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a->n; i++) {
        na += (double)a->c[i].n * a->c[i].n;
        for (size_t j = 0; j < b->n; j++)
            if (a->c[i].id == b->c[j].id)
                s += (double)a->c[i].n * b->c[j].n;
    }
    for (size_t j = 0; j < b->n; j++)
        nb += (double)b->c[j].n * b->c[j].n;
    return (na > 0 && nb > 0) ? s / sqrt(na * nb) : 0;
}

struct article {
    struct term *vec;     /* sorted by h */
    size_t nvec;
    struct term *query;   /* heaviest terms first */
    size_t nquery;
    int32_t day;
    struct cnts places, groups;
};

static double score(const struct article *a, const struct story *s)
{
    double sc = s->norm > 0 ? dot(a->vec, a->nvec, s->cen, s->ncen) / s->norm : 0;
    if (a->places.n && s->places.n) {
        double p = cnt_cos(&a->places, &s->places);
        sc += CLU_PLACE_BONUS * p;
    }
    if (a->groups.n && s->groups.n)
        sc += CLU_GROUP_BONUS * cnt_cos(&a->groups, &s->groups);
    return sc;
}

static int in_window(const struct story *s, int32_t day)
{
    if (day == RASD_DAY_UNKNOWN || s->last == RASD_DAY_UNKNOWN)
        return 1;
    return (int64_t)day <= (int64_t)s->last + RASD_STORY_WINDOW &&
           (int64_t)day >= (int64_t)s->first - RASD_STORY_WINDOW;
}

/* A story whose last article is this far behind the newest one can no longer be joined
 * by articles arriving in publication order: its postings are dropped. */
static int stale(const rasd_clusterer *c, const struct story *s)
{
    return c->maxday != RASD_DAY_UNKNOWN && s->last != RASD_DAY_UNKNOWN &&
           (int64_t)s->last + 2 * RASD_STORY_WINDOW < (int64_t)c->maxday;
}

struct cand {
    uint32_t s;
    float w;
};

static int cmp_cand(const void *x, const void *y)
{
    const struct cand *a = x, *b = y;
    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    return a->s < b->s ? -1 : a->s > b->s;
}

/* The best story for a, or -1 when none clears the threshold. */
static long best_story(rasd_clusterer *c, const struct article *a, uint32_t me)
{
    struct cand *cd = NULL;
    size_t ncd = 0, capcd = 0;
    long best = -1;
    double bestsc = CLU_THRESHOLD;
    for (size_t q = 0; q < a->nquery; q++) {
        uint32_t *pi = map_get(&c->post_ix, a->query[q].h);
        if (!pi)
            continue;
        struct postings *p = &c->post[*pi];
        size_t k = 0;
        for (size_t r = 0; r < p->n; r++) {
            uint32_t sid = p->s[r];
            struct story *s = &c->st[sid];
            if (stale(c, s))
                continue;
            p->s[k++] = sid;
            if (!in_window(s, a->day))
                continue;
            if (c->stamp[sid] != me + 1) {
                c->stamp[sid] = me + 1;
                if (grow((void **)&cd, &capcd, ncd + 1, sizeof *cd)) {
                    free(cd);
                    return -2;
                }
                c->slot[sid] = (uint32_t)ncd;
                cd[ncd].s = sid;
                cd[ncd].w = 0;
                ncd++;
            }
            cd[c->slot[sid]].w += a->query[q].w;
        }
        p->n = k;
    }
    if (ncd)
        qsort(cd, ncd, sizeof *cd, cmp_cand);
    for (size_t i = 0; i < ncd && i < CLU_CANDIDATES; i++) {
        double sc = score(a, &c->st[cd[i].s]);
        if (sc > bestsc || (sc == bestsc && best >= 0 && cd[i].s < (uint32_t)best)) {
            bestsc = sc;
            best = cd[i].s;
        }
    }
    free(cd);
    return best;
}

/* ------------------------------------------------------------------ updating */

/* The count of id in dst, appended at 0 when missing; NULL when out of memory. */
static struct cnt *cnts_slot(struct cnts *dst, uint32_t id)
{
    size_t j = 0;
    while (j < dst->n && dst->c[j].id != id)
        j++;
    if (j == dst->n) {
        struct cnt *p = realloc(dst->c, (dst->n + 1) * sizeof *p);
        if (!p)
            return NULL;
        dst->c = p;
        dst->c[dst->n].id = id;
        dst->c[dst->n++].n = 0;
    }
    return &dst->c[j];
}

static int cnts_add(rasd_clusterer *c, struct cnts *dst, const char *const *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t id;
        if (!ids[i] || !*ids[i])
            continue;
        struct cnt *k;
        if (intern(c, ids[i], &id) || !(k = cnts_slot(dst, id)))
            return RASD_ENOMEM;
        k->n++;
    }
    return RASD_OK;
}

static int cnts_merge(struct cnts *dst, const struct cnts *src)
{
    for (size_t i = 0; i < src->n; i++) {
        struct cnt *k = cnts_slot(dst, src->c[i].id);
        if (!k)
            return RASD_ENOMEM;
        k->n += src->c[i].n;
    }
    return RASD_OK;
}

/* centroid += vec, then only the heaviest CLU_CENTROID_TERMS are kept. */
static int centroid_add(struct story *s, const struct term *v, size_t nv)
{
    struct term *m = malloc((s->ncen + nv) * sizeof *m + 1);
    if (!m)
        return RASD_ENOMEM;
    size_t i = 0, j = 0, k = 0;
    while (i < s->ncen || j < nv) {
        if (j >= nv || (i < s->ncen && s->cen[i].h < v[j].h))
            m[k++] = s->cen[i++];
        else if (i >= s->ncen || v[j].h < s->cen[i].h)
            m[k++] = v[j++];
        else {
            m[k] = s->cen[i++];
            m[k++].w += v[j++].w;
        }
    }
    if (k > CLU_CENTROID_TERMS) {
        qsort(m, k, sizeof *m, cmp_term_w);
        k = CLU_CENTROID_TERMS;
        qsort(m, k, sizeof *m, cmp_term_h);
    }
    double norm = 0;
    for (size_t q = 0; q < k; q++)
        norm += (double)m[q].w * m[q].w;
    free(s->cen);
    s->cen = m;
    s->ncen = k;
    s->norm = sqrt(norm);
    return RASD_OK;
}

static int post_story(rasd_clusterer *c, uint64_t h, uint32_t sid)
{
    uint32_t *pi = map_put(&c->post_ix, h, UINT32_MAX);
    if (!pi)
        return RASD_ENOMEM;
    if (*pi == UINT32_MAX) {
        if (grow((void **)&c->post, &c->cappost, c->npost + 1, sizeof *c->post))
            return RASD_ENOMEM;
        memset(&c->post[c->npost], 0, sizeof *c->post);
        *pi = (uint32_t)c->npost++;
    }
    struct postings *p = &c->post[*pi];
    for (size_t i = p->n; i-- > 0 && i + 4 >= p->n;)
        if (p->s[i] == sid)
            return RASD_OK; /* recently posted: enough to be found */
    if (grow((void **)&p->s, &p->cap, p->n + 1, sizeof *p->s))
        return RASD_ENOMEM;
    p->s[p->n++] = sid;
    return RASD_OK;
}

static int new_story(rasd_clusterer *c, uint32_t *sid)
{
    if (grow((void **)&c->st, &c->capst, c->nst + 1, sizeof *c->st) ||
        grow((void **)&c->stamp, &c->capstamp, c->nst + 1, sizeof *c->stamp) ||
        grow((void **)&c->slot, &c->capslot, c->nst + 1, sizeof *c->slot))
        return RASD_ENOMEM;
    memset(&c->st[c->nst], 0, sizeof *c->st);
    c->st[c->nst].first = c->st[c->nst].last = RASD_DAY_UNKNOWN;
    c->stamp[c->nst] = 0;
    *sid = (uint32_t)c->nst++;
    return RASD_OK;
}

static int join(rasd_clusterer *c, uint32_t sid, const struct article *a, int64_t key,
                size_t art)
{
    struct story *s = &c->st[sid];
    if (grow((void **)&s->docs, &s->capdocs, s->ndocs + 1, sizeof *s->docs))
        return RASD_ENOMEM;
    if (centroid_add(s, a->vec, a->nvec) || cnts_merge(&s->places, &a->places) ||
        cnts_merge(&s->groups, &a->groups))
        return RASD_ENOMEM;
    for (size_t q = 0; q < a->nquery; q++)
        if (post_story(c, a->query[q].h, sid))
            return RASD_ENOMEM;
    s->docs[s->ndocs++] = art;
    if (s->ndocs == 1 || key < s->key)
        s->key = key;
    if (a->day != RASD_DAY_UNKNOWN) {
        if (s->first == RASD_DAY_UNKNOWN || a->day < s->first)
            s->first = a->day;
        if (s->last == RASD_DAY_UNKNOWN || a->day > s->last)
            s->last = a->day;
    }
    return RASD_OK;
}

static int count_df(rasd_clusterer *c, const uint64_t *all, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t *v = map_put(&c->df, all[i], 0);
        if (!v)
            return RASD_ENOMEM;
        (*v)++;
    }
    return RASD_OK;
}

static void article_free(struct article *a)
{
    free(a->vec);
    free(a->query);
    free(a->places.c);
    free(a->groups.c);
}

int rasd_clusterer_add(rasd_clusterer *c, const rasd_story_input *in, size_t *story)
{
    struct article a = {0};
    uint64_t *all = NULL;
    size_t nall = 0;
    if (!c || !in || (!in->text && in->text_len) || (!in->title && in->title_len) ||
        (!in->places && in->nplaces) || (!in->groups && in->ngroups))
        return RASD_EINVAL;
    if (c->narticles >= UINT32_MAX - 1)
        return RASD_ETOOBIG;
    int rc = grow((void **)&c->art_day, &c->capart, c->narticles + 1, sizeof *c->art_day);
    if (!rc)
        rc = grow((void **)&c->art_key, &c->capkey, c->narticles + 1, sizeof *c->art_key);
    if (!rc)
        rc = article_vector(c, in, &a.vec, &a.nvec, &all, &nall);
    if (!rc && a.nvec) {
        a.nquery = a.nvec < CLU_QUERY_TERMS ? a.nvec : CLU_QUERY_TERMS;
        a.query = malloc(a.nquery * sizeof *a.query);
        if (!a.query)
            rc = RASD_ENOMEM;
        else
            memcpy(a.query, a.vec, a.nquery * sizeof *a.query); /* heaviest first */
        if (!rc)
            qsort(a.vec, a.nvec, sizeof *a.vec, cmp_term_h);
    }
    a.day = in->day;
    if (!rc)
        rc = cnts_add(c, &a.places, in->places, in->nplaces);
    if (!rc)
        rc = cnts_add(c, &a.groups, in->groups, in->ngroups);
    if (rc)
        goto out;
    if (in->day != RASD_DAY_UNKNOWN && (c->maxday == RASD_DAY_UNKNOWN || in->day > c->maxday))
        c->maxday = in->day;
    long best = best_story(c, &a, (uint32_t)c->narticles);
    if (best == -2) {
        rc = RASD_ENOMEM;
        goto out;
    }
    uint32_t sid;
    if (best < 0) {
        rc = new_story(c, &sid);
        if (rc)
            goto out;
    } else {
        sid = (uint32_t)best;
    }
    rc = join(c, sid, &a, in->key, c->narticles);
    if (!rc)
        rc = count_df(c, all, nall);
    if (rc)
        goto out;
    c->art_day[c->narticles] = in->day;
    c->art_key[c->narticles] = in->key;
    c->narticles++;
    if (story)
        *story = sid;
out:
    free(all);
    article_free(&a);
    return rc;
}

/* ------------------------------------------------------------------ snapshots */

static int32_t day_order(int32_t d)
{
    return d == RASD_DAY_UNKNOWN ? INT32_MAX : d; /* unknown days sort last */
}

/* qsort has no context argument: one per thread keeps distinct handles thread-safe. */
static _Thread_local const rasd_clusterer *sort_ctx;

static int cmp_member(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    int32_t da = day_order(sort_ctx->art_day[a]), db = day_order(sort_ctx->art_day[b]);
    if (da != db)
        return da < db ? -1 : 1;
    int64_t ka = sort_ctx->art_key[a], kb = sort_ctx->art_key[b];
    if (ka != kb)
        return ka < kb ? -1 : 1;
    return a < b ? -1 : a > b;
}

static int cmp_story(const void *x, const void *y)
{
    const rasd_story *a = x, *b = y;
    int32_t da = day_order(a->first), db = day_order(b->first);
    if (da != db)
        return da < db ? -1 : 1;
    return a->key < b->key ? -1 : a->key > b->key;
}

static _Thread_local const rasd_clusterer *cnt_ctx;

static int cmp_cnt(const void *x, const void *y)
{
    const struct cnt *a = x, *b = y;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return strcmp(cnt_ctx->str[a->id], cnt_ctx->str[b->id]);
}

static int names(const rasd_clusterer *c, const struct cnts *in, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!in->n)
        return RASD_OK;
    struct cnt *tmp = malloc(in->n * sizeof *tmp);
    char **s = calloc(in->n, sizeof *s);
    if (!tmp || !s)
        goto fail;
    memcpy(tmp, in->c, in->n * sizeof *tmp);
    cnt_ctx = c;
    qsort(tmp, in->n, sizeof *tmp, cmp_cnt);
    for (size_t i = 0; i < in->n; i++) {
        s[i] = strdup(c->str[tmp[i].id]);
        if (!s[i])
            goto fail;
    }
    free(tmp);
    *out = s;
    *n = in->n;
    return RASD_OK;
fail:
    if (s)
        for (size_t i = 0; i < in->n; i++)
            free(s[i]);
    free(s);
    free(tmp);
    return RASD_ENOMEM;
}

int rasd_clusterer_stories(const rasd_clusterer *c, rasd_story **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!c)
        return RASD_EINVAL;
    if (!c->nst)
        return RASD_OK;
    rasd_story *r = calloc(c->nst, sizeof *r);
    if (!r)
        return RASD_ENOMEM;
    for (size_t i = 0; i < c->nst; i++) {
        const struct story *s = &c->st[i];
        rasd_story *o = &r[i];
        o->key = s->key;
        o->first = s->first;
        o->last = s->last;
        o->docs = malloc(s->ndocs * sizeof *o->docs);
        if (!o->docs)
            goto fail;
        memcpy(o->docs, s->docs, s->ndocs * sizeof *o->docs);
        o->ndocs = s->ndocs;
        sort_ctx = c;
        qsort(o->docs, o->ndocs, sizeof *o->docs, cmp_member);
        if (names(c, &s->places, &o->places, &o->nplaces) ||
            names(c, &s->groups, &o->groups, &o->ngroups))
            goto fail;
    }
    qsort(r, c->nst, sizeof *r, cmp_story);
    *out = r;
    *n = c->nst;
    return RASD_OK;
fail:
    rasd_stories_free(r, c->nst);
    return RASD_ENOMEM;
}

void rasd_stories_free(rasd_story *s, size_t n)
{
    if (!s)
        return;
    for (size_t i = 0; i < n; i++) {
        free(s[i].docs);
        for (size_t k = 0; k < s[i].nplaces; k++)
            free(s[i].places[k]);
        free(s[i].places);
        for (size_t k = 0; k < s[i].ngroups; k++)
            free(s[i].groups[k]);
        free(s[i].groups);
    }
    free(s);
}

static _Thread_local const rasd_story_input *batch_ctx;

static int cmp_input(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    int32_t da = day_order(batch_ctx[a].day), db = day_order(batch_ctx[b].day);
    if (da != db)
        return da < db ? -1 : 1;
    if (batch_ctx[a].key != batch_ctx[b].key)
        return batch_ctx[a].key < batch_ctx[b].key ? -1 : 1;
    return a < b ? -1 : a > b;
}

int rasd_stories_build(const rasd_story_input *a, size_t n, rasd_story **out, size_t *nout)
{
    rasd_clusterer *c = NULL;
    size_t *order = NULL;
    *out = NULL;
    *nout = 0;
    if (!a && n)
        return RASD_EINVAL;
    int rc = rasd_clusterer_create(&c);
    if (rc)
        return rc;
    order = malloc((n ? n : 1) * sizeof *order);
    if (!order) {
        rc = RASD_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    batch_ctx = a;
    qsort(order, n, sizeof *order, cmp_input);
    for (size_t i = 0; i < n && !rc; i++)
        rc = rasd_clusterer_add(c, &a[order[i]], NULL);
    if (rc)
        goto out;
    rc = rasd_clusterer_stories(c, out, nout);
    if (rc)
        goto out;
    /* Article numbers are positions in order of adding: map them back to indexes in a.
     * Publication order among members is unchanged by the mapping. */
    for (size_t i = 0; i < *nout; i++)
        for (size_t k = 0; k < (*out)[i].ndocs; k++)
            (*out)[i].docs[k] = order[(*out)[i].docs[k]];
out:
    free(order);
    rasd_clusterer_free(c);
    return rc;
}

int rasd_story_json(const rasd_story *s, const char *title, const char *const *ids,
                    char **out, size_t *len)
{
    struct buf b;
    char day[11];
    buf_init(&b);
    buf_printf(&b, "{\"type\":\"story\",\"id\":\"s%lld\",\"title\":", (long long)s->key);
    buf_json_strz(&b, title ? title : "");
    rasd_day_format(s->first, day);
    buf_adds(&b, ",\"first\":");
    buf_json_strz(&b, day[0] ? day : NULL);
    rasd_day_format(s->last, day);
    buf_adds(&b, ",\"last\":");
    buf_json_strz(&b, day[0] ? day : NULL);
    buf_adds(&b, ",\"docs\":[");
    for (size_t i = 0; i < s->ndocs; i++) {
        if (i)
            buf_addc(&b, ',');
        buf_json_strz(&b, ids[s->docs[i]]);
    }
    buf_adds(&b, "],\"places\":[");
    for (size_t i = 0; i < s->nplaces; i++) {
        if (i)
            buf_addc(&b, ',');
        buf_json_strz(&b, s->places[i]);
    }
    buf_adds(&b, "],\"groups\":[");
    for (size_t i = 0; i < s->ngroups; i++) {
        if (i)
            buf_addc(&b, ',');
        buf_json_strz(&b, s->groups[i]);
    }
    buf_adds(&b, "]}\n");
    return buf_finish(&b, out, len);
}

static void json_names(struct buf *b, const char *key, const char *const *v, size_t n)
{
    buf_printf(b, ",\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_addc(b, ',');
        buf_json_strz(b, v[i]);
    }
    buf_addc(b, ']');
}

int rasd_story_rec_json(const rasd_story_rec *r, char **out, size_t *len)
{
    struct buf b;
    buf_init(&b);
    buf_adds(&b, "{\"type\":\"story\",\"id\":");
    buf_json_strz(&b, r->id);
    buf_adds(&b, ",\"title\":");
    buf_json_strz(&b, r->title ? r->title : "");
    buf_adds(&b, ",\"first\":");
    buf_json_strz(&b, r->first && *r->first ? r->first : NULL);
    buf_adds(&b, ",\"last\":");
    buf_json_strz(&b, r->last && *r->last ? r->last : NULL);
    json_names(&b, "docs", r->docs, r->ndocs);
    json_names(&b, "places", r->places, r->nplaces);
    json_names(&b, "groups", r->groups, r->ngroups);
    buf_adds(&b, "}\n");
    return buf_finish(&b, out, len);
}
