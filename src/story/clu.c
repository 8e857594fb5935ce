/* Story grouping: a story is one event.  Each article becomes a TF-IDF vector of light
 * stems (document frequencies as seen so far, title and lead words weighted up, function
 * words from data/story_stopwords.tsv left out), kept to its heaviest terms, and a vector of
 * its title alone.  Its heaviest terms look up, through an inverted index, the stories that
 * can still take it; the best few by shared weight are scored in full (cosine with the
 * story's decaying centroid, plus agreement of the places and sides its figures name, each
 * weighted by how specific it is among the stored articles) and the article joins the best
 * one above the threshold, or starts a story.  What may join is decided from the story's
 * first day: in its first days anything similar enough, then only an article anchored to
 * it (a shared place finer than a country, a specific side, or a similar title) up to a
 * cap, past which only a continuing battle at one place goes on.  A recurring-topic item
 * (data/story_threads.tsv: a market close, a price report) joins only a story of its own
 * day.  A story that many report at once (the day's big event) asks less of what joins
 * it, and takes an opinion piece that speaks of it in its headlines' words.  An article
 * that fits a second story of overlapping days as well, with a close centroid, merges the
 * two: they were fragments of one event.  Work per article is bounded by the candidates,
 * so time grows linearly with the number of articles. */
#include "story/clu.h"
#include "story/psg.h"
#include "common/buf.h"
#include "common/data.h"
#include "common/places.h"
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
    int32_t last; /* the latest day of a member naming it, or RASD_DAY_UNKNOWN */
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
    struct term *tcen;     /* the titles' centroid, sorted by h */
    size_t ntcen;
    double tnorm;
    struct cnts places, groups;  /* named by its figures: what the story record lists */
    struct cnts anchors, sides;  /* those and the ones its titles and leads name */
    uint32_t parent;       /* itself, or the story it was merged into */
    uint32_t narmed;       /* members whose figures count an armed side */
    uint8_t thread;        /* started by a recurring-topic item */
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

/* A word of data/story_threads.tsv: its topic, whether it is the topic's subject (else a
 * marker), its stem hash. */
struct cue {
    uint32_t topic;
    uint8_t subject;
    uint64_t h;
};

/* What an interned id is: a whole country, an armed side, a town or a finer place. */
enum { ID_COUNTRY = 1, ID_ARMED = 2, ID_SITE = 4 };

struct rasd_clusterer {
    struct map df;         /* term -> articles holding it */
    size_t narticles;
    int32_t *art_day;
    int64_t *art_key;
    size_t capart, capkey;
    struct story *st;
    size_t nst, capst, nlive;
    struct map post_ix;    /* term -> index into post */
    struct postings *post;
    size_t npost, cappost;
    struct map strs;       /* string hash -> index into str */
    char **str;
    uint8_t *kind;         /* per interned string: ID_ flags */
    uint32_t *idf;         /* per interned string: articles naming it */
    size_t nstr, capstr, capkind, capidf;
    size_t nplaced, ngrouped; /* articles naming any place, any side */
    struct map stop;       /* raw word hash -> 1 */
    struct map armed;      /* group id hash -> 1 for organizations and states */
    struct map placew;     /* stem hash -> 1 for the words of place names */
    struct places gaz;
    struct cue *cue;       /* data/story_threads.tsv */
    size_t ncue, capcue;
    struct map topics;     /* topic name hash -> topic number */
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
    if (grow((void **)&c->str, &c->capstr, c->nstr + 1, sizeof *c->str) ||
        grow((void **)&c->kind, &c->capkind, c->nstr + 1, sizeof *c->kind) ||
        grow((void **)&c->idf, &c->capidf, c->nstr + 1, sizeof *c->idf))
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
    c->kind[c->nstr] = (uint8_t)((places_is_country(&c->gaz, s) ? ID_COUNTRY : 0) |
                                 (map_get(&c->armed, h) ? ID_ARMED : 0) |
                                 (places_level(&c->gaz, s) >= PLACE_TOWN ? ID_SITE : 0));
    c->idf[c->nstr] = 0;
    *id = (uint32_t)c->nstr++;
    return RASD_OK;
}

/* Calls fn for each word of the first column of each row of data file `name`. */
static int each_row(rasd_clusterer *c, const char *name,
                    int (*fn)(rasd_clusterer *, const struct data_tsv *, const struct psg_words *))
{
    const struct rasd_data_file *f = data_find(name);
    if (!f)
        return RASD_OK;
    struct data_tsv t;
    data_tsv_init(&t, f->bytes, f->len);
    while (data_tsv_next(&t)) {
        struct psg_words w;
        if (psg_words(t.f[0].p, t.f[0].len, &w))
            return RASD_ENOMEM;
        int rc = fn(c, &t, &w);
        psg_words_free(&w);
        if (rc)
            return rc;
    }
    return RASD_OK;
}

/* Puts each word of w into m, by its raw form's hash or (stems) its stem's. */
static int put_words(struct map *m, const struct psg_words *w, int stems)
{
    for (size_t i = 0; i < w->n; i++)
        if (!map_put(m, stems ? w->w[i].h : w->w[i].raw, 1))
            return RASD_ENOMEM;
    return RASD_OK;
}

/* Function words are matched as written; place names as stems, as article vectors hold
 * them. */
static int add_stopword(rasd_clusterer *c, const struct data_tsv *t, const struct psg_words *w)
{
    (void)t;
    return put_words(&c->stop, w, 0);
}

static int add_place_word(rasd_clusterer *c, const struct data_tsv *t, const struct psg_words *w)
{
    (void)t;
    return put_words(&c->placew, w, 1);
}

static int add_cue(rasd_clusterer *c, const struct data_tsv *t, const struct psg_words *w)
{
    if (t->nfields < 3)
        return RASD_OK;
    struct psg_words word;
    uint32_t *topic = map_put(&c->topics, psg_hash(t->f[0].p, t->f[0].len),
                              (uint32_t)c->topics.n);
    if (!topic || psg_words(t->f[2].p, t->f[2].len, &word))
        return RASD_ENOMEM;
    (void)w;
    int rc = RASD_OK;
    for (size_t i = 0; i < word.n && !rc; i++) {
        rc = grow((void **)&c->cue, &c->capcue, c->ncue + 1, sizeof *c->cue);
        if (!rc)
            c->cue[c->ncue++] = (struct cue){*topic, (uint8_t)data_tsv_is(t, 1, "subject"),
                                             word.w[i].h};
    }
    psg_words_free(&word);
    return rc;
}

static int load_armed(rasd_clusterer *c)
{
    const struct rasd_data_file *f = data_find("groups.tsv");
    if (!f)
        return RASD_OK;
    struct data_tsv t;
    data_tsv_init(&t, f->bytes, f->len);
    while (data_tsv_next(&t))
        if (t.nfields >= 2 && (data_tsv_is(&t, 1, "org") || data_tsv_is(&t, 1, "state")) &&
            !map_put(&c->armed, psg_hash(t.f[0].p, t.f[0].len), 1))
            return RASD_ENOMEM;
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
        rc = map_init(&c->armed, 256);
    if (!rc)
        rc = map_init(&c->topics, 16);
    if (!rc)
        rc = map_init(&c->placew, 8192);
    if (!rc)
        rc = each_row(c, "places.tsv", add_place_word);
    if (!rc)
        rc = each_row(c, "places_extra.tsv", add_place_word);
    if (!rc)
        rc = each_row(c, "story_stopwords.tsv", add_stopword);
    if (!rc)
        rc = each_row(c, "story_threads.tsv", add_cue);
    if (!rc)
        rc = load_armed(c);
    if (!rc)
        rc = places_load(&c->gaz);
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
    map_free(&c->armed);
    map_free(&c->topics);
    map_free(&c->placew);
    places_free(&c->gaz);
    for (size_t i = 0; i < c->nst; i++) {
        free(c->st[i].docs);
        free(c->st[i].cen);
        free(c->st[i].tcen);
        free(c->st[i].places.c);
        free(c->st[i].groups.c);
        free(c->st[i].anchors.c);
        free(c->st[i].sides.c);
    }
    free(c->st);
    for (size_t i = 0; i < c->npost; i++)
        free(c->post[i].s);
    free(c->post);
    for (size_t i = 0; i < c->nstr; i++)
        free(c->str[i]);
    free(c->str);
    free(c->kind);
    free(c->idf);
    free(c->cue);
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

/* The TF-IDF vector of the term hashes hs[0..n) (sorted here), heaviest first and unit
 * length, keeping `keep` terms; hs ends up holding the distinct terms (*ndistinct). */
static int weigh(const rasd_clusterer *c, uint64_t *hs, size_t n, size_t keep,
                 struct term **vec, size_t *nvec, size_t *ndistinct)
{
    *vec = NULL;
    *nvec = 0;
    *ndistinct = 0;
    if (!n)
        return RASD_OK;
    qsort(hs, n, sizeof *hs, cmp_h);
    struct term *t = malloc(n * sizeof *t);
    if (!t)
        return RASD_ENOMEM;
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
        hs[nt++] = hs[i];
        i = j;
    }
    qsort(t, nt, sizeof *t, cmp_term_w);
    if (keep > nt)
        keep = nt;
    double norm = 0;
    for (size_t i = 0; i < keep; i++)
        norm += (double)t[i].w * t[i].w;
    norm = sqrt(norm);
    for (size_t i = 0; i < keep; i++)
        t[i].w = (float)(t[i].w / norm);
    *vec = t;
    *nvec = keep;
    *ndistinct = nt;
    return RASD_OK;
}

/* The article's vector: its heaviest CLU_DOC_TERMS terms, unit length, heaviest first
 * (*vec), and all its distinct terms (*all) for document frequencies. */
static int article_vector(const rasd_clusterer *c, const rasd_story_input *a,
                          struct term **vec, size_t *nvec, uint64_t **all, size_t *nall)
{
    uint64_t *hs = NULL;
    size_t n = 0, cap = 0;
    int rc = content_words(c, a->title, a->title_len, CLU_TITLE_WEIGHT, 0, &hs, &n, &cap);
    if (!rc)
        rc = content_words(c, a->text, a->text_len, 1, CLU_LEAD_WEIGHT - 1, &hs, &n,
                            &cap);
    if (!rc)
        rc = weigh(c, hs, n, CLU_DOC_TERMS, vec, nvec, nall);
    if (rc || !*nvec) {
        free(hs);
        hs = NULL;
        *nall = 0;
    }
    *all = hs;
    return rc;
}

/* The title's vector, sorted by hash. */
static int title_vector(const rasd_clusterer *c, const rasd_story_input *a, struct term **vec,
                        size_t *nvec)
{
    uint64_t *hs = NULL;
    size_t n = 0, cap = 0, nd;
    int rc = content_words(c, a->title, a->title_len, 1, 0, &hs, &n, &cap);
    if (!rc)
        rc = weigh(c, hs, n, CLU_TITLE_TERMS, vec, nvec, &nd);
    free(hs);
    if (!rc && *nvec)
        qsort(*vec, *nvec, sizeof **vec, cmp_term_h);
    return rc;
}

/* 1 when the title holds a subject and a marker word of one topic of
 * data/story_threads.tsv. */
static int is_thread(const rasd_clusterer *c, const rasd_story_input *a)
{
    struct psg_words w;
    if (!c->ncue || psg_words(a->title, a->title_len, &w))
        return 0;
    int hit = 0;
    for (size_t i = 0; i < c->ncue && !hit; i++) {
        if (!c->cue[i].subject)
            continue;
        int subj = 0;
        for (size_t k = 0; k < w.n && !subj; k++)
            subj = w.w[k].h == c->cue[i].h;
        for (size_t j = 0; subj && j < c->ncue && !hit; j++)
            if (!c->cue[j].subject && c->cue[j].topic == c->cue[i].topic)
                for (size_t k = 0; k < w.n && !hit; k++)
                    hit = w.w[k].h == c->cue[j].h;
    }
    psg_words_free(&w);
    return hit;
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

/* How much an id says of which event an article reports, in [0, 1]: its inverse document
 * frequency among the articles that name any place (or side), so a side in every report
 * of the month says almost nothing; a whole country says a fraction of what a town does. */
static double spec(const rasd_clusterer *c, uint32_t id, size_t among)
{
    double n = (double)among + 1.0;
    double v = log(n / ((double)c->idf[id] + 1.0)) / log(n + 1.0);
    if (v < 0)
        v = 0;
    return c->kind[id] & ID_COUNTRY ? v * CLU_COUNTRY_WEIGHT : v;
}

static double cnt_cos(const rasd_clusterer *c, const struct cnts *a, const struct cnts *b,
                      size_t among)
{
    double s = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a->n; i++) {
        double wa = a->c[i].n * spec(c, a->c[i].id, among);
        na += wa * wa;
        for (size_t j = 0; j < b->n; j++)
            if (a->c[i].id == b->c[j].id)
                s += wa * b->c[j].n * spec(c, b->c[j].id, among);
    }
    for (size_t j = 0; j < b->n; j++) {
        double wb = b->c[j].n * spec(c, b->c[j].id, among);
        nb += wb * wb;
    }
    return (na > 0 && nb > 0) ? s / sqrt(na * nb) : 0;
}

struct article {
    struct term *vec;     /* sorted by h */
    size_t nvec;
    struct term *query;   /* heaviest terms first */
    size_t nquery;
    struct term *tvec;    /* the title's terms, sorted by h */
    size_t ntvec;
    int32_t day;
    struct cnts places, groups;
    struct cnts anchors, sides; /* with the names of its title and lead */
    int armed;            /* its figures count an armed side */
    int thread;           /* a recurring-topic item */
};

static double score(const rasd_clusterer *c, const struct article *a, const struct story *s)
{
    double sc = s->norm > 0 ? dot(a->vec, a->nvec, s->cen, s->ncen) / s->norm : 0;
    if (a->anchors.n && s->anchors.n)
        sc += CLU_PLACE_BONUS * cnt_cos(c, &a->anchors, &s->anchors, c->nplaced);
    if (a->sides.n && s->sides.n)
        sc += CLU_GROUP_BONUS * cnt_cos(c, &a->sides, &s->sides, c->ngrouped);
    return sc;
}

/* How much of what a list of place counts is about id is: its count against the largest
 * count of a place of its own kind (a site, or a province), so that a place one member of
 * a long story named in passing is not what the story is about. */
static int holds(const rasd_clusterer *c, const struct cnts *p, uint32_t id)
{
    uint32_t top = 0, n = 0;
    uint8_t kind = c->kind[id] & (ID_COUNTRY | ID_SITE);
    for (size_t i = 0; i < p->n; i++) {
        if ((c->kind[p->c[i].id] & (ID_COUNTRY | ID_SITE)) != kind)
            continue;
        if (p->c[i].n > top)
            top = p->c[i].n;
        if (p->c[i].id == id)
            n = p->c[i].n;
    }
    return n > 0 && (double)n >= CLU_MAIN_SHARE * top;
}

/* A place that tells one event from another: finer than a country and not named by so
 * many reports (a capital's dateline) that it says little. */
static int telling(const rasd_clusterer *c, uint32_t id, int site)
{
    uint8_t k = c->kind[id];
    return !(k & ID_COUNTRY) && (!site || (k & ID_SITE)) &&
           spec(c, id, c->nplaced) >= CLU_PLACE_ANCHOR;
}

static int names_site(const rasd_clusterer *c, const struct cnts *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (telling(c, p->c[i].id, 1))
            return 1;
    return 0;
}

/* 1 when the article names a telling place that the story is about (with `site`, a town
 * or finer: a province is a front of many battles).  An article that names a site is
 * anchored by a site, not by the province around it. */
static int shares_place(const rasd_clusterer *c, const struct article *a, const struct story *s,
                        int site)
{
    site = site || names_site(c, &a->anchors);
    for (size_t i = 0; i < a->anchors.n; i++)
        if (telling(c, a->anchors.c[i].id, site) && holds(c, &s->anchors, a->anchors.c[i].id))
            return 1;
    return 0;
}

/* The story's own site: the telling town or finer place it names most (UINT32_MAX when
 * none). */
static uint32_t main_site(const rasd_clusterer *c, const struct cnts *p)
{
    uint32_t best = UINT32_MAX, top = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->c[i].n > top && telling(c, p->c[i].id, 1)) {
            top = p->c[i].n;
            best = p->c[i].id;
        }
    return best;
}

/* 1 when a member counted people at the place no more than CLU_INCIDENT_QUIET days
 * before `day`: a province's border shelling of last week is not this week's bombing in
 * its capital, though both count the dead «في منطقة عسير». */
static int lately(const struct cnt *k, int32_t day)
{
    return day == RASD_DAY_UNKNOWN || k->last == RASD_DAY_UNKNOWN ||
           (int64_t)day - k->last <= CLU_INCIDENT_QUIET;
}

/* 1 when the story's figures count people at place id, or at a place it lies in or that
 * lies in it, as a good part of what they count (a quarter of the town, the town of the
 * quarter). */
static int counts_at(const rasd_clusterer *c, const struct story *s, uint32_t id, int32_t day)
{
    for (size_t j = 0; j < s->places.n; j++) {
        const struct cnt *k = &s->places.c[j];
        if (!lately(k, day))
            continue;
        if (k->id == id ? holds(c, &s->places, id)
                        : !(c->kind[k->id] & ID_COUNTRY) && holds(c, &s->places, k->id) &&
                              places_nest(&c->gaz, c->str[id], c->str[k->id]))
            return 1;
    }
    return 0;
}

/* 1 when the article's figures count people at a place finer than a country where the
 * story's figures have counted none: a new incident, which starts its own story once the
 * story's first days are past, though the story may have named the town (a festival
 * there, a visit). */
static int new_incident(const rasd_clusterer *c, const struct article *a, const struct story *s)
{
    int named = 0;
    for (size_t i = 0; i < a->places.n; i++)
        if (telling(c, a->places.c[i].id, 0)) {
            if (counts_at(c, s, a->places.c[i].id, a->day))
                return 0;
            named = 1;
        }
    return named;
}

/* 1 when the article's figures count people at a place the story's figures counted, but
 * not lately, and at none it counts lately: a new toll where an older event happened (the
 * mosque bombing in Asir days after the border shelling there), which the story of that
 * event does not take as a reaction to it. */
static int recurrence(const rasd_clusterer *c, const struct article *a, const struct story *s)
{
    int old = 0;
    for (size_t i = 0; i < a->places.n; i++) {
        uint32_t id = a->places.c[i].id;
        if (!telling(c, id, 0))
            continue;
        if (counts_at(c, s, id, a->day))
            return 0;
        old = old || counts_at(c, s, id, RASD_DAY_UNKNOWN);
    }
    return old;
}

/* 1 when most of what a story's figures count at towns or finer places they count at
 * one of them: the story of one site, not a campaign of strikes at many. */
static int one_site(const rasd_clusterer *c, const struct cnts *p)
{
    uint32_t top = 0, all = 0;
    for (size_t i = 0; i < p->n; i++)
        if (telling(c, p->c[i].id, 1)) {
            all += p->c[i].n;
            top = p->c[i].n > top ? p->c[i].n : top;
        }
    return top > 0 && (double)top >= CLU_ONE_SITE * all;
}

/* 1 when the article's figures count people at towns or finer places and the story's
 * count them at another one: two incidents, even on one day (a shelling in Taiz is not
 * the battle for Aden). */
static int other_incident(const rasd_clusterer *c, const struct article *a,
                          const struct story *s)
{
    int named = 0;
    for (size_t i = 0; i < a->places.n; i++)
        if (telling(c, a->places.c[i].id, 1)) {
            if (counts_at(c, s, a->places.c[i].id, a->day))
                return 0;
            named = 1;
        }
    return named && one_site(c, &s->places);
}

static int names_town(const rasd_clusterer *c, const struct cnts *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (telling(c, p->c[i].id, 0))
            return 1;
    return 0;
}

static int shares_side(const rasd_clusterer *c, const struct article *a, const struct story *s)
{
    for (size_t i = 0; i < a->sides.n; i++)
        if (spec(c, a->sides.c[i].id, c->ngrouped) >= CLU_GROUP_ANCHOR)
            for (size_t j = 0; j < s->sides.n; j++)
                if (s->sides.c[j].id == a->sides.c[i].id)
                    return 1;
    return 0;
}

static double title_cos(const struct article *a, const struct story *s)
{
    return s->tnorm > 0 ? dot(a->tvec, a->ntvec, s->tcen, s->ntcen) / s->tnorm : 0;
}

/* How much the article's words are the words of the story's titles, place names left out:
 * an opinion piece on an event speaks of it in its headlines' words (the bombing, the
 * mosque, the martyrs) wherever it puts them, while the region's other news (its rain, its
 * poetry evenings) shares only the place. */
static double headline(const rasd_clusterer *c, const struct article *a, const struct story *s)
{
    double d = 0, nn = 0;
    for (size_t k = 0; k < s->ntcen; k++)
        if (!map_get(&c->placew, s->tcen[k].h))
            nn += (double)s->tcen[k].w * s->tcen[k].w;
    for (size_t i = 0, j = 0; i < a->nvec && j < s->ntcen;) {
        if (a->vec[i].h == s->tcen[j].h) {
            if (!map_get(&c->placew, a->vec[i].h))
                d += (double)a->vec[i].w * s->tcen[j].w;
            i++;
            j++;
        } else if (a->vec[i].h < s->tcen[j].h) {
            i++;
        } else {
            j++;
        }
    }
    return nn > 0 ? d / sqrt(nn) : 0;
}

/* A battle: enough of its members count armed sides that it is fighting, not one day's
 * happening, and it may go on past the cap while reports of the same place keep coming. */
static int battle(const struct story *s)
{
    return s->ndocs >= 2 && s->narmed >= CLU_BATTLE_SHARE * (double)s->ndocs;
}

/* How much story s is the story of an incident at one of the places the article names:
 * the count of its figures there per member (0 when it counts none there). */
static double incident_at(const rasd_clusterer *c, const struct article *a, const struct story *s)
{
    double best = 0;
    for (size_t i = 0; i < a->anchors.n; i++) {
        uint32_t id = a->anchors.c[i].id;
        /* not `telling`: the place of a big incident is named by many reports of it */
        if ((c->kind[id] & ID_COUNTRY) || !holds(c, &s->places, id))
            continue;
        for (size_t j = 0; j < s->places.n; j++)
            if (s->places.c[j].id == id && s->places.c[j].n > best * (double)s->ndocs)
                best = (double)s->places.c[j].n / (double)(s->ndocs ? s->ndocs : 1);
    }
    return best;
}

/* The least score at which story s takes article a, by days and anchors; negative when it
 * cannot take it at all. */
static double needed_days(const rasd_clusterer *c, const struct article *a, const struct story *s)
{
    if (a->day == RASD_DAY_UNKNOWN || s->first == RASD_DAY_UNKNOWN)
        return a->thread || s->thread ? -1 : CLU_THRESHOLD;
    int64_t age = (int64_t)a->day - s->first, quiet = (int64_t)a->day - s->last;
    if (age < 0)
        age = -age; /* an article dated before the story: as far the other way */
    /* A recurring-topic item is one day's report: another of the same day (the morning's
     * prices, the close) is another item unless its title says the same. */
    if (a->thread || s->thread)
        return age == 0 && title_cos(a, s) >= CLU_REPOST_TITLE ? CLU_THRESHOLD : -1;
    if (quiet > CLU_QUIET_DAYS)
        return -1;
    if (other_incident(c, a, s))
        return -1;
    if (age <= CLU_OPEN_DAYS)
        return CLU_THRESHOLD;
    if (recurrence(c, a, s))
        return -1;
    /* A reaction that names the place of the story's incident belongs to it, though its
     * words (a condolence, a sermon) are not the report's and it names its own town; this
     * comes before new_incident, as many reactions recount other attacks of the kind
     * (the mosque bombings of the year) with their tolls and places. */
    if (age <= CLU_SPAN_DAYS && incident_at(c, a, s) >= CLU_INCIDENT_STORY)
        return CLU_REACTION_THRESHOLD;
    int place = shares_place(c, a, s, 0);
    if (new_incident(c, a, s))
        return -1;
    /* After its first days, a report of another town is another event, and so is a
     * report of a town the story has not been about. */
    if (!place && names_town(c, &a->anchors) &&
        (names_town(c, &s->anchors) || names_site(c, &a->anchors)))
        return -1;
    if (age <= CLU_SPAN_DAYS) {
        return place || shares_side(c, a, s) || title_cos(a, s) >= CLU_TITLE_ANCHOR
                   ? CLU_THRESHOLD : CLU_LATE_THRESHOLD;
    }
    /* A round-up of a country's or a province's fronts is no one battle: past the cap a
     * battle goes on only with reports that are about its own town. */
    uint32_t own = main_site(c, &s->anchors);
    return battle(s) && a->armed && own != UINT32_MAX && holds(c, &a->anchors, own)
               ? CLU_THRESHOLD : -1;
}

/* 1 when the story's figures count people at one place finer than a country, a quarter
 * of a person or more per member: the story of one incident, not a day's mixture. */
static int incident_story(const rasd_clusterer *c, const struct story *s)
{
    for (size_t j = 0; j < s->places.n; j++)
        if (!(c->kind[s->places.c[j].id] & ID_COUNTRY) &&
            s->places.c[j].n >= CLU_INCIDENT_STORY * (double)s->ndocs)
            return 1;
    return 0;
}

/* How much story s is an incident that many report at once, in [0, 1]: 0 up to
 * CLU_BUSY_RATE members a day since its first, 1 from CLU_BUSIEST_RATE, logarithmic
 * between. */
static double busy(const rasd_clusterer *c, const struct article *a, const struct story *s)
{
    if (a->day == RASD_DAY_UNKNOWN || s->first == RASD_DAY_UNKNOWN || !incident_story(c, s))
        return 0;
    int64_t days = (int64_t)a->day - s->first + 1;
    double rate = (double)s->ndocs / (double)(days > 1 ? days : 1);
    if (rate <= CLU_BUSY_RATE)
        return 0;
    double b = log(rate / CLU_BUSY_RATE) / log(CLU_BUSIEST_RATE / CLU_BUSY_RATE);
    return b < 1 ? b : 1;
}

/* needed_days, less for a story that many report at once: an outlet's opinion piece or
 * sermon on the day's one big event says less of it than a report does, and what else
 * it could be about is not reported by a hundred articles a day. */
static double needed(const rasd_clusterer *c, const struct article *a, const struct story *s)
{
    double need = needed_days(c, a, s), b;
    if (need <= CLU_REACTION_THRESHOLD || (b = busy(c, a, s)) <= 0)
        return need;
    need -= CLU_BUSY_BONUS * b;
    /* never below what a reaction naming the incident's place needs: the place alone
     * (Asir's rain, its governor's receptions) does not make a report of the event; an
     * opinion piece that names no town may go lower, as the words it shares with the
     * reports (the attack, the mosque, the martyrs) are few among its own */
    double floor = names_town(c, &a->anchors) ? CLU_REACTION_THRESHOLD : CLU_BUSY_FLOOR;
    return need > floor ? need : floor;
}

/* A story whose last article is this far behind the newest one can no longer be joined
 * by articles arriving in publication order: its postings are dropped. */
static int stale(const rasd_clusterer *c, const struct story *s)
{
    return c->maxday != RASD_DAY_UNKNOWN && s->last != RASD_DAY_UNKNOWN &&
           (int64_t)s->last + CLU_QUIET_DAYS + 1 < (int64_t)c->maxday;
}

static uint32_t root(rasd_clusterer *c, uint32_t sid)
{
    uint32_t r = sid;
    while (c->st[r].parent != r)
        r = c->st[r].parent;
    while (c->st[sid].parent != r) { /* path halving keeps chains of merges short */
        uint32_t next = c->st[sid].parent;
        c->st[sid].parent = r;
        sid = next;
    }
    return r;
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

/* A reaction belongs to the incident it names: when one of the candidates is the story of
 * casualties at a place the article names, the candidates that are much less so are
 * dropped (a condolence call would otherwise join the thread of the calls a king
 * receives, a funeral the story of an older accident in the province).  Returns the
 * candidates kept, in cd[0..k). */
static size_t keep_incident(const rasd_clusterer *c, const struct article *a, struct cand *cd,
                            size_t n)
{
    double best = 0;
    if (a->places.n)
        return n; /* a report of its own figures: new_incident decides */
    for (size_t i = 0; i < n; i++) {
        double v = incident_at(c, a, &c->st[cd[i].s]);
        if (v > best)
            best = v;
    }
    if (best <= 0)
        return n;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (incident_at(c, a, &c->st[cd[i].s]) >= CLU_INCIDENT_SHARE * best)
            cd[k++] = cd[i];
    return k;
}

/* A routine thread that began before the day's big incident (a prince's calls and
 * receptions, the weekly cabinet session) takes an article by its set words; what is new
 * in it, when the incident's story takes it too, is the incident (the condolence call, the
 * session's condemnation).  The busy incident story that takes the article goes first. */
static void incident_first(const rasd_clusterer *c, const struct article *a, struct cand *cd,
                           size_t n)
{
    if (n < 2 || incident_story(c, &c->st[cd[0].s]))
        return;
    for (size_t i = 1; i < n; i++) {
        const struct story *s = &c->st[cd[i].s];
        /* by its words, not only its titles': the routine item fits its thread better */
        if (busy(c, a, s) >= CLU_HEADLINE_BUSY && c->st[cd[0].s].first < s->first &&
            score(c, a, s) >= needed(c, a, s)) {
            struct cand t = cd[i];
            memmove(cd + 1, cd, i * sizeof *cd);
            cd[0] = t;
            return;
        }
    }
}

/* The stories that take a, best first by score (*ncd of them, at most
 * CLU_CANDIDATES, in *out with their scores); RASD_ENOMEM on failure. */
static int candidates(rasd_clusterer *c, const struct article *a, uint32_t me,
                      struct cand **out, size_t *nout)
{
    struct cand *cd = NULL;
    size_t ncd = 0, capcd = 0;
    *out = NULL;
    *nout = 0;
    for (size_t q = 0; q < a->nquery; q++) {
        uint32_t *pi = map_get(&c->post_ix, a->query[q].h);
        if (!pi)
            continue;
        struct postings *p = &c->post[*pi];
        size_t k = 0;
        for (size_t r = 0; r < p->n; r++) {
            uint32_t sid = root(c, p->s[r]);
            struct story *s = &c->st[sid];
            if (stale(c, s))
                continue;
            p->s[k++] = sid;
            if (c->stamp[sid] == me + 1) {
                cd[c->slot[sid]].w += a->query[q].w;
                continue;
            }
            c->stamp[sid] = me + 1;
            if (grow((void **)&cd, &capcd, ncd + 1, sizeof *cd)) {
                free(cd);
                return RASD_ENOMEM;
            }
            c->slot[sid] = (uint32_t)ncd;
            cd[ncd].s = sid;
            cd[ncd].w = a->query[q].w;
            ncd++;
        }
        p->n = k;
    }
    if (ncd)
        qsort(cd, ncd, sizeof *cd, cmp_cand);
    size_t k = 0;
    for (size_t i = 0; i < ncd && i < CLU_CANDIDATES; i++) {
        const struct story *s = &c->st[cd[i].s];
        double need = needed(c, a, s), sc;
        if (need < 0)
            continue;
        sc = score(c, a, s);
        /* An opinion piece on the day's big event may share few of its reports' words but
         * speaks of it in its headlines' words: it may join, if no story fits it better. */
        if (sc < need && busy(c, a, s) >= CLU_HEADLINE_BUSY && headline(c, a, s) >= CLU_HEADLINE)
            sc = need;
        if (sc < need)
            continue;
        cd[k].s = cd[i].s;
        cd[k++].w = (float)sc;
    }
    k = keep_incident(c, a, cd, k);
    if (k)
        qsort(cd, k, sizeof *cd, cmp_cand);
    incident_first(c, a, cd, k);
    *out = cd;
    *nout = k;
    return RASD_OK;
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
        dst->c[dst->n].last = RASD_DAY_UNKNOWN;
        dst->c[dst->n++].n = 0;
    }
    return &dst->c[j];
}

static void cnt_seen(struct cnt *k, int32_t day)
{
    if (day != RASD_DAY_UNKNOWN && (k->last == RASD_DAY_UNKNOWN || day > k->last))
        k->last = day;
}

static int cnts_add(rasd_clusterer *c, struct cnts *dst, const char *const *ids, size_t n,
                    int32_t day)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t id;
        if (!ids[i] || !*ids[i])
            continue;
        struct cnt *k;
        if (intern(c, ids[i], &id) || !(k = cnts_slot(dst, id)))
            return RASD_ENOMEM;
        k->n++;
        cnt_seen(k, day);
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
        cnt_seen(k, src->c[i].last);
    }
    return RASD_OK;
}

/* *cen = *cen * keep + v, then only the heaviest `max` terms are kept: a centroid that
 * forgets slowly follows what an event's reports now say, and stays bounded, where a plain
 * sum grows into an attractor of every report of its broad topic. */
static int centroid_add(struct term **cen, size_t *ncen, double *norm, double keep,
                        const struct term *v, size_t nv, double vw, size_t max)
{
    struct term *m = malloc((*ncen + nv) * sizeof *m + 1);
    if (!m)
        return RASD_ENOMEM;
    size_t i = 0, j = 0, k = 0;
    const struct term *s = *cen;
    while (i < *ncen || j < nv) {
        if (j >= nv || (i < *ncen && s[i].h < v[j].h)) {
            m[k] = s[i++];
            m[k++].w *= (float)keep;
        } else if (i >= *ncen || v[j].h < s[i].h) {
            m[k] = v[j++];
            m[k++].w *= (float)vw;
        } else {
            m[k].h = s[i].h;
            m[k++].w = (float)(s[i++].w * keep + v[j++].w * vw);
        }
    }
    if (k > max) {
        qsort(m, k, sizeof *m, cmp_term_w);
        k = max;
        qsort(m, k, sizeof *m, cmp_term_h);
    }
    double nn = 0;
    for (size_t q = 0; q < k; q++)
        nn += (double)m[q].w * m[q].w;
    free(*cen);
    *cen = m;
    *ncen = k;
    *norm = sqrt(nn);
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
    c->st[c->nst].parent = (uint32_t)c->nst;
    c->stamp[c->nst] = 0;
    *sid = (uint32_t)c->nst++;
    c->nlive++;
    return RASD_OK;
}

static void days_add(struct story *s, int32_t first, int32_t last)
{
    if (first != RASD_DAY_UNKNOWN && (s->first == RASD_DAY_UNKNOWN || first < s->first))
        s->first = first;
    if (last != RASD_DAY_UNKNOWN && (s->last == RASD_DAY_UNKNOWN || last > s->last))
        s->last = last;
}

static int join(rasd_clusterer *c, uint32_t sid, const struct article *a, int64_t key,
                size_t art)
{
    struct story *s = &c->st[sid];
    if (grow((void **)&s->docs, &s->capdocs, s->ndocs + 1, sizeof *s->docs))
        return RASD_ENOMEM;
    /* Each new member fades the older ones a little: the centroid follows what the
     * event's latest reports say, and a long story does not become an attractor. */
    double keep = s->ndocs ? CLU_DECAY : 1.0;
    if (centroid_add(&s->cen, &s->ncen, &s->norm, keep, a->vec, a->nvec, 1.0,
                     CLU_CENTROID_TERMS) ||
        centroid_add(&s->tcen, &s->ntcen, &s->tnorm, keep, a->tvec, a->ntvec, 1.0,
                     CLU_TITLE_CENTROID) ||
        cnts_merge(&s->places, &a->places) || cnts_merge(&s->groups, &a->groups) ||
        cnts_merge(&s->anchors, &a->anchors) || cnts_merge(&s->sides, &a->sides))
        return RASD_ENOMEM;
    for (size_t q = 0; q < a->nquery; q++)
        if (post_story(c, a->query[q].h, sid))
            return RASD_ENOMEM;
    if (!s->ndocs)
        s->thread = (uint8_t)a->thread;
    s->docs[s->ndocs++] = art;
    s->narmed += a->armed ? 1 : 0;
    if (s->ndocs == 1 || key < s->key)
        s->key = key;
    days_add(s, a->day, a->day);
    return RASD_OK;
}

/* Whether stories x and y, both fitting one article, are fragments of one event: days
 * that overlap, together within the cap, and centroids close to each other. */
static int fragments(const rasd_clusterer *c, const struct story *x, const struct story *y)
{
    if (x->thread || y->thread)
        return 0;
    /* an article naming two sites bridges two events, not two halves of one */
    uint32_t mx = main_site(c, &x->anchors), my = main_site(c, &y->anchors);
    if (mx != UINT32_MAX && my != UINT32_MAX && mx != my && !holds(c, &x->anchors, my) &&
        !holds(c, &y->anchors, mx))
        return 0;
    if (x->first != RASD_DAY_UNKNOWN && y->first != RASD_DAY_UNKNOWN) {
        int32_t lo = x->first < y->first ? x->first : y->first;
        int32_t hi = x->last > y->last ? x->last : y->last;
        if (x->first > y->last + 1 || y->first > x->last + 1)
            return 0;
        /* past the cap only two reports of one battle: at one town */
        if ((int64_t)hi - lo > CLU_SPAN_DAYS && !(battle(x) && battle(y)))
            return 0;
        /* the fragments of one event begin with it; a story days older that the event's
         * reports now resemble is what went on before it there */
        int64_t gap = (int64_t)x->first - y->first;
        if ((gap > CLU_OPEN_DAYS || gap < -CLU_OPEN_DAYS) && !(battle(x) && battle(y)))
            return 0;
    }
    if (x->norm <= 0 || y->norm <= 0)
        return 0;
    return dot(x->cen, x->ncen, y->cen, y->ncen) / (x->norm * y->norm) >= CLU_MERGE_COS;
}

/* Story y joins story x: members, centroids (by their sizes), places, sides and days. */
static int merge(rasd_clusterer *c, uint32_t xi, uint32_t yi)
{
    struct story *x = &c->st[xi], *y = &c->st[yi];
    if (grow((void **)&x->docs, &x->capdocs, x->ndocs + y->ndocs, sizeof *x->docs))
        return RASD_ENOMEM;
    double wx = (double)x->ndocs / x->norm, wy = (double)y->ndocs / y->norm;
    double tx = x->tnorm > 0 ? (double)x->ndocs / x->tnorm : 0;
    double ty = y->tnorm > 0 ? (double)y->ndocs / y->tnorm : 0;
    if (centroid_add(&x->cen, &x->ncen, &x->norm, wx, y->cen, y->ncen, wy,
                     CLU_CENTROID_TERMS) ||
        centroid_add(&x->tcen, &x->ntcen, &x->tnorm, tx, y->tcen, y->ntcen, ty,
                     CLU_TITLE_CENTROID) ||
        cnts_merge(&x->places, &y->places) || cnts_merge(&x->groups, &y->groups) ||
        cnts_merge(&x->anchors, &y->anchors) || cnts_merge(&x->sides, &y->sides))
        return RASD_ENOMEM;
    memcpy(x->docs + x->ndocs, y->docs, y->ndocs * sizeof *y->docs);
    x->ndocs += y->ndocs;
    x->narmed += y->narmed;
    if (y->key < x->key)
        x->key = y->key;
    days_add(x, y->first, y->last);
    y->parent = xi;
    y->ndocs = 0;
    c->nlive--;
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

/* Articles naming each place and side, for their specificity. */
static void count_ids(rasd_clusterer *c, const struct article *a)
{
    for (size_t i = 0; i < a->anchors.n; i++)
        c->idf[a->anchors.c[i].id]++;
    for (size_t i = 0; i < a->sides.n; i++)
        c->idf[a->sides.c[i].id]++;
    c->nplaced += a->anchors.n > 0;
    c->ngrouped += a->sides.n > 0;
}

static void article_free(struct article *a)
{
    free(a->vec);
    free(a->query);
    free(a->tvec);
    free(a->places.c);
    free(a->groups.c);
    free(a->anchors.c);
    free(a->sides.c);
}

/* The story for article a: the best candidate, with the fragments it bridges merged into
 * it, or a new story.  Returns RASD_OK or RASD_ENOMEM. */
static int place_article(rasd_clusterer *c, const struct article *a, uint32_t me,
                         uint32_t *sid)
{
    struct cand *cd = NULL;
    size_t ncd = 0;
    int rc = candidates(c, a, me, &cd, &ncd);
    if (rc)
        return rc;
    if (!ncd) {
        free(cd);
        return new_story(c, sid);
    }
    *sid = cd[0].s;
    for (size_t i = 1; i < ncd && !rc && cd[i].w >= CLU_MERGE_SCORE; i++)
        if (fragments(c, &c->st[*sid], &c->st[cd[i].s]))
            rc = merge(c, *sid, cd[i].s);
    free(cd);
    return rc;
}

int rasd_clusterer_add(rasd_clusterer *c, const rasd_story_input *in, size_t *story)
{
    struct article a = {0};
    uint64_t *all = NULL;
    size_t nall = 0;
    if (!c || !in || (!in->text && in->text_len) || (!in->title && in->title_len) ||
        (!in->places && in->nplaces) || (!in->groups && in->ngroups) ||
        (!in->lead_places && in->nlead_places) || (!in->lead_groups && in->nlead_groups))
        return RASD_EINVAL;
    if (c->narticles >= UINT32_MAX - 1)
        return RASD_ETOOBIG;
    int rc = grow((void **)&c->art_day, &c->capart, c->narticles + 1, sizeof *c->art_day);
    if (!rc)
        rc = grow((void **)&c->art_key, &c->capkey, c->narticles + 1, sizeof *c->art_key);
    if (!rc)
        rc = article_vector(c, in, &a.vec, &a.nvec, &all, &nall);
    if (!rc)
        rc = title_vector(c, in, &a.tvec, &a.ntvec);
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
    a.thread = is_thread(c, in);
    if (!rc)
        rc = cnts_add(c, &a.places, in->places, in->nplaces, in->day);
    if (!rc)
        rc = cnts_add(c, &a.groups, in->groups, in->ngroups, in->day);
    if (!rc)
        rc = cnts_add(c, &a.anchors, in->places, in->nplaces, in->day);
    if (!rc)
        rc = cnts_add(c, &a.anchors, in->lead_places, in->nlead_places, in->day);
    if (!rc)
        rc = cnts_add(c, &a.sides, in->groups, in->ngroups, in->day);
    if (!rc)
        rc = cnts_add(c, &a.sides, in->lead_groups, in->nlead_groups, in->day);
    if (rc)
        goto out;
    for (size_t i = 0; i < a.groups.n; i++)
        a.armed |= (c->kind[a.groups.c[i].id] & ID_ARMED) != 0;
    if (in->day != RASD_DAY_UNKNOWN && (c->maxday == RASD_DAY_UNKNOWN || in->day > c->maxday))
        c->maxday = in->day;
    uint32_t sid;
    rc = place_article(c, &a, (uint32_t)c->narticles, &sid);
    if (!rc)
        rc = join(c, sid, &a, in->key, c->narticles);
    if (!rc)
        rc = count_df(c, all, nall);
    if (rc)
        goto out;
    count_ids(c, &a);
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
    /* Then in order of adding, not by key: keys are the caller's (a store's sequence
     * numbers, which follow arrival), the order of adding is publication order. */
    return a < b ? -1 : a > b;
}

static int cmp_story(const void *x, const void *y)
{
    const rasd_story *a = x, *b = y;
    int32_t da = day_order(a->first), db = day_order(b->first);
    if (da != db)
        return da < db ? -1 : 1;
    /* By the first member's order of adding, for the same reason as cmp_member. */
    size_t fa = a->ndocs ? a->docs[0] : SIZE_MAX, fb = b->ndocs ? b->docs[0] : SIZE_MAX;
    if (fa != fb)
        return fa < fb ? -1 : 1;
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
    if (!c->nlive)
        return RASD_OK;
    rasd_story *r = calloc(c->nlive, sizeof *r);
    if (!r)
        return RASD_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < c->nst; i++) {
        const struct story *s = &c->st[i];
        if (s->parent != i)
            continue; /* merged into another */
        rasd_story *o = &r[k++];
        o->key = s->key;
        o->first = s->first;
        o->last = s->last;
        o->docs = malloc((s->ndocs ? s->ndocs : 1) * sizeof *o->docs);
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
    qsort(r, k, sizeof *r, cmp_story);
    *out = r;
    *n = k;
    return RASD_OK;
fail:
    rasd_stories_free(r, k);
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

/* ------------------------------------------------------------------ state */
/* The whole clusterer as bytes, so that a store adds its new articles to the stories of
 * its last run as if that run had gone on: document frequencies, the specificity counts,
 * every story (members, days, counts, centroids) and the inverted index as they are,
 * postings in their order (the candidates an article finds depend on it).  Centroids of
 * stories that can no longer take an article (stale, or merged into another) are left
 * out: nothing reads them again.  Numbers are in the machine's own byte order; a state
 * from elsewhere fails its checks and is only a reason to regroup. */

#define CLU_STATE_MAGIC "rasd-clu-state-2"

static void put_u32(struct buf *b, uint32_t v) { buf_add(b, &v, sizeof v); }
static void put_u64(struct buf *b, uint64_t v) { buf_add(b, &v, sizeof v); }
static void put_i32(struct buf *b, int32_t v) { buf_add(b, &v, sizeof v); }
static void put_i64(struct buf *b, int64_t v) { buf_add(b, &v, sizeof v); }
static void put_f64(struct buf *b, double v) { buf_add(b, &v, sizeof v); }

static void put_cnts(struct buf *b, const struct cnts *k)
{
    put_u32(b, (uint32_t)k->n);
    buf_add(b, k->c, k->n * sizeof *k->c);
}

static void put_terms(struct buf *b, const struct term *t, size_t n, double norm)
{
    put_u64(b, n);
    for (size_t i = 0; i < n; i++) {
        /* Padding zeroed: the same grouping saves the same bytes. */
        struct term z;
        memset(&z, 0, sizeof z);
        z.h = t[i].h;
        z.w = t[i].w;
        buf_add(b, &z, sizeof z);
    }
    put_f64(b, norm);
}

static void put_map(struct buf *b, const struct map *m)
{
    put_u64(b, m->n);
    for (size_t i = 0; i <= m->mask; i++)
        if (m->used[i]) {
            put_u64(b, m->k[i]);
            put_u32(b, m->v[i]);
        }
}

static void put_story(struct buf *b, const rasd_clusterer *c, const struct story *s,
                      size_t i)
{
    put_i64(b, s->key);
    put_i32(b, s->first);
    put_i32(b, s->last);
    put_u32(b, s->parent);
    put_u32(b, s->narmed);
    buf_addc(b, (char)s->thread);
    put_u64(b, s->ndocs);
    for (size_t d = 0; d < s->ndocs; d++)
        put_u32(b, (uint32_t)s->docs[d]);
    put_cnts(b, &s->places);
    put_cnts(b, &s->groups);
    put_cnts(b, &s->anchors);
    put_cnts(b, &s->sides);
    int open = s->parent == i && !stale(c, s);
    buf_addc(b, (char)open);
    if (open) {
        put_terms(b, s->cen, s->ncen, s->norm);
        put_terms(b, s->tcen, s->ntcen, s->tnorm);
    }
}

int rasd_clusterer_save(const rasd_clusterer *c, char **out, size_t *len)
{
    struct buf b;
    if (!c || !out || !len)
        return RASD_EINVAL;
    buf_init(&b);
    buf_add(&b, CLU_STATE_MAGIC, sizeof CLU_STATE_MAGIC);
    put_u64(&b, c->narticles);
    buf_add(&b, c->art_day, c->narticles * sizeof *c->art_day);
    buf_add(&b, c->art_key, c->narticles * sizeof *c->art_key);
    put_i32(&b, c->maxday);
    put_u64(&b, c->nplaced);
    put_u64(&b, c->ngrouped);
    put_map(&b, &c->df);
    put_u64(&b, c->nstr);
    for (size_t i = 0; i < c->nstr; i++) {
        put_u32(&b, (uint32_t)strlen(c->str[i]));
        buf_adds(&b, c->str[i]);
        buf_addc(&b, (char)c->kind[i]);
        put_u32(&b, c->idf[i]);
    }
    put_u64(&b, c->nst);
    put_u64(&b, c->nlive);
    for (size_t i = 0; i < c->nst; i++)
        put_story(&b, c, &c->st[i], i);
    put_map(&b, &c->post_ix);
    put_u64(&b, c->npost);
    for (size_t i = 0; i < c->npost; i++) {
        put_u32(&b, (uint32_t)c->post[i].n);
        buf_add(&b, c->post[i].s, c->post[i].n * sizeof *c->post[i].s);
    }
    return buf_finish(&b, out, len);
}

/* A reader over a state's bytes: a read past the end sets bad and gives zeros. */
struct rd {
    const unsigned char *p;
    size_t n, at;
    int bad;
};

static int take(struct rd *r, void *dst, size_t n)
{
    if (r->bad || n > r->n - r->at) {
        r->bad = 1;
        memset(dst, 0, n);
        return 0;
    }
    memcpy(dst, r->p + r->at, n);
    r->at += n;
    return 1;
}

static uint32_t get_u32(struct rd *r) { uint32_t v; take(r, &v, sizeof v); return v; }
static uint64_t get_u64(struct rd *r) { uint64_t v; take(r, &v, sizeof v); return v; }
static int32_t get_i32(struct rd *r) { int32_t v; take(r, &v, sizeof v); return v; }
static int64_t get_i64(struct rd *r) { int64_t v; take(r, &v, sizeof v); return v; }
static double get_f64(struct rd *r) { double v; take(r, &v, sizeof v); return v; }
static uint8_t get_u8(struct rd *r) { uint8_t v; take(r, &v, sizeof v); return v; }

/* A count of elements of `size` bytes that the rest of the state can hold, else bad. */
static size_t get_count(struct rd *r, size_t size)
{
    uint64_t n = get_u64(r);
    if (r->bad || (size && n > (r->n - r->at) / size)) {
        r->bad = 1;
        return 0;
    }
    return (size_t)n;
}

/* n elements of `size` bytes into a fresh array (*dst; NULL when n is 0). */
static int get_array(struct rd *r, void **dst, size_t n, size_t size)
{
    *dst = NULL;
    if (!n)
        return RASD_OK;
    if (n > (r->n - r->at) / size) {
        r->bad = 1;
        return RASD_OK;
    }
    *dst = malloc(n * size);
    if (!*dst)
        return RASD_ENOMEM;
    take(r, *dst, n * size);
    return RASD_OK;
}

static int get_cnts(struct rd *r, const rasd_clusterer *c, struct cnts *k)
{
    uint32_t n = get_u32(r);
    if (get_array(r, (void **)&k->c, n, sizeof *k->c))
        return RASD_ENOMEM;
    k->n = k->c ? n : 0;
    for (size_t i = 0; i < k->n; i++)
        if (k->c[i].id >= c->nstr)
            r->bad = 1;
    return RASD_OK;
}

static int get_terms(struct rd *r, struct term **t, size_t *n, double *norm)
{
    size_t k = get_count(r, sizeof **t);
    if (get_array(r, (void **)t, k, sizeof **t))
        return RASD_ENOMEM;
    *n = *t ? k : 0;
    *norm = get_f64(r);
    return RASD_OK;
}

static int get_map(struct rd *r, struct map *m)
{
    size_t n = get_count(r, 12);
    for (size_t i = 0; i < n && !r->bad; i++) {
        uint64_t k = get_u64(r);
        uint32_t v = get_u32(r), *slot = map_put(m, k, v);
        if (!slot)
            return RASD_ENOMEM;
        *slot = v;
    }
    return RASD_OK;
}

static int get_story(struct rd *r, const rasd_clusterer *c, struct story *s)
{
    s->key = get_i64(r);
    s->first = get_i32(r);
    s->last = get_i32(r);
    s->parent = get_u32(r);
    s->narmed = get_u32(r);
    s->thread = get_u8(r);
    s->ndocs = s->capdocs = get_count(r, 4);
    if (s->ndocs && !(s->docs = malloc(s->ndocs * sizeof *s->docs)))
        return RASD_ENOMEM;
    for (size_t d = 0; d < s->ndocs; d++)
        if ((s->docs[d] = get_u32(r)) >= c->narticles)
            r->bad = 1;
    if (get_cnts(r, c, &s->places) || get_cnts(r, c, &s->groups) ||
        get_cnts(r, c, &s->anchors) || get_cnts(r, c, &s->sides))
        return RASD_ENOMEM;
    if (get_u8(r) && (get_terms(r, &s->cen, &s->ncen, &s->norm) ||
                      get_terms(r, &s->tcen, &s->ntcen, &s->tnorm)))
        return RASD_ENOMEM;
    return RASD_OK;
}

static int load_articles(struct rd *r, rasd_clusterer *c)
{
    size_t n = get_count(r, sizeof *c->art_day + sizeof *c->art_key);
    if (grow((void **)&c->art_day, &c->capart, n + 1, sizeof *c->art_day) ||
        grow((void **)&c->art_key, &c->capkey, n + 1, sizeof *c->art_key))
        return RASD_ENOMEM;
    take(r, c->art_day, n * sizeof *c->art_day);
    take(r, c->art_key, n * sizeof *c->art_key);
    c->narticles = n;
    c->maxday = get_i32(r);
    c->nplaced = get_u64(r);
    c->ngrouped = get_u64(r);
    return get_map(r, &c->df);
}

static int load_strings(struct rd *r, rasd_clusterer *c)
{
    size_t n = get_count(r, 9);
    if (grow((void **)&c->str, &c->capstr, n + 1, sizeof *c->str) ||
        grow((void **)&c->kind, &c->capkind, n + 1, sizeof *c->kind) ||
        grow((void **)&c->idf, &c->capidf, n + 1, sizeof *c->idf))
        return RASD_ENOMEM;
    for (size_t i = 0; i < n && !r->bad; i++) {
        uint32_t len = get_u32(r);
        if (len > r->n - r->at) {
            r->bad = 1;
            break;
        }
        char *s = malloc((size_t)len + 1);
        uint32_t *v = s ? map_put(&c->strs, psg_hash((const char *)r->p + r->at, len),
                                  (uint32_t)i) : NULL;
        if (!v) {
            free(s);
            return RASD_ENOMEM;
        }
        take(r, s, len);
        s[len] = 0;
        c->str[i] = s;
        c->nstr = i + 1;
        c->kind[i] = get_u8(r);
        c->idf[i] = get_u32(r);
    }
    return RASD_OK;
}

static int load_stories(struct rd *r, rasd_clusterer *c)
{
    size_t n = get_count(r, 40);
    c->nlive = get_u64(r);
    if (grow((void **)&c->st, &c->capst, n + 1, sizeof *c->st) ||
        grow((void **)&c->stamp, &c->capstamp, n + 1, sizeof *c->stamp) ||
        grow((void **)&c->slot, &c->capslot, n + 1, sizeof *c->slot))
        return RASD_ENOMEM;
    for (size_t i = 0; i < n && !r->bad; i++) {
        memset(&c->st[i], 0, sizeof c->st[i]);
        c->stamp[i] = 0;
        c->nst = i + 1;
        if (get_story(r, c, &c->st[i]))
            return RASD_ENOMEM;
        if (c->st[i].parent >= n)
            r->bad = 1;
    }
    return RASD_OK;
}

static int load_postings(struct rd *r, rasd_clusterer *c)
{
    if (get_map(r, &c->post_ix))
        return RASD_ENOMEM;
    size_t n = get_count(r, 4);
    if (grow((void **)&c->post, &c->cappost, n + 1, sizeof *c->post))
        return RASD_ENOMEM;
    for (size_t i = 0; i < n && !r->bad; i++) {
        struct postings *p = &c->post[i];
        memset(p, 0, sizeof *p);
        c->npost = i + 1;
        uint32_t k = get_u32(r);
        if (get_array(r, (void **)&p->s, k, sizeof *p->s))
            return RASD_ENOMEM;
        p->n = p->cap = p->s ? k : 0;
        for (size_t j = 0; j < p->n; j++)
            if (p->s[j] >= c->nst)
                r->bad = 1;
    }
    for (size_t i = 0; i <= c->post_ix.mask; i++)
        if (c->post_ix.used[i] && c->post_ix.v[i] >= c->npost)
            r->bad = 1;
    return RASD_OK;
}

int rasd_clusterer_load(const void *state, size_t len, rasd_clusterer **out)
{
    if (!state || !out)
        return RASD_EINVAL;
    *out = NULL;
    struct rd r = {state, len, 0, 0};
    char magic[sizeof CLU_STATE_MAGIC];
    if (!take(&r, magic, sizeof magic) || memcmp(magic, CLU_STATE_MAGIC, sizeof magic))
        return RASD_EPARSE;
    rasd_clusterer *c = NULL;
    int rc = rasd_clusterer_create(&c);
    if (!rc)
        rc = load_articles(&r, c);
    if (!rc)
        rc = load_strings(&r, c);
    if (!rc)
        rc = load_stories(&r, c);
    if (!rc)
        rc = load_postings(&r, c);
    if (!rc && (r.bad || r.at != r.n))
        rc = RASD_EPARSE;
    if (rc) {
        rasd_clusterer_free(c);
        return rc;
    }
    *out = c;
    return RASD_OK;
}

int rasd_clusterer_keys(const rasd_clusterer *c, const int64_t **keys, size_t *n)
{
    if (!c || !keys || !n)
        return RASD_EINVAL;
    *keys = c->art_key;
    *n = c->narticles;
    return RASD_OK;
}
