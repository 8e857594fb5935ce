/* What a copied passage says beyond names and titles.  Many unrelated reports repeat a
 * person's full name and titles, a spokesman's office or a ministry's name word for word;
 * such a run is a set phrase, not copied reporting.  The title phrases and name particles
 * come from data/story_titles.tsv, the function words from data/story_stopwords.tsv. */
#include "story/psg.h"
#include "common/data.h"
#include <stdlib.h>
#include <string.h>

/* Words after a `person` title read as the person's name. */
#define NAME_WORDS 2

enum { K_TITLE, K_PERSON, K_PARTICLE };

struct phrase {
    uint64_t first;   /* hash of its first word: the sort key */
    uint32_t off, n;  /* its word hashes in words[off..off+n) */
    uint8_t kind;
};

struct psg_names {
    struct phrase *ph;
    size_t nph, capph;
    uint64_t *words;
    size_t nwords, capwords;
    uint64_t *stop;   /* sorted raw hashes of function words */
    size_t nstop, capstop;
};

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return RASD_OK;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q)
        return RASD_ENOMEM;
    *p = q;
    *cap = nc;
    return RASD_OK;
}

static int add_phrase(struct psg_names *m, const struct data_tsv *t)
{
    uint8_t kind = data_tsv_is(t, 0, "person") ? K_PERSON
                 : data_tsv_is(t, 0, "particle") ? K_PARTICLE : K_TITLE;
    struct psg_words w;
    if (psg_words(t->f[1].p, t->f[1].len, &w))
        return RASD_ENOMEM;
    int rc = RASD_OK;
    if (w.n && !(rc = grow((void **)&m->words, &m->capwords, m->nwords + w.n,
                           sizeof *m->words)) &&
        !(rc = grow((void **)&m->ph, &m->capph, m->nph + 1, sizeof *m->ph))) {
        m->ph[m->nph++] = (struct phrase){w.w[0].h, (uint32_t)m->nwords, (uint32_t)w.n, kind};
        for (size_t i = 0; i < w.n; i++)
            m->words[m->nwords++] = w.w[i].h;
    }
    psg_words_free(&w);
    return rc;
}

static int add_stop(struct psg_names *m, const struct data_tsv *t)
{
    struct psg_words w;
    if (psg_words(t->f[0].p, t->f[0].len, &w))
        return RASD_ENOMEM;
    int rc = grow((void **)&m->stop, &m->capstop, m->nstop + w.n, sizeof *m->stop);
    for (size_t i = 0; i < w.n && !rc; i++)
        m->stop[m->nstop++] = w.w[i].raw;
    psg_words_free(&w);
    return rc;
}

static int load(struct psg_names *m, const char *name, int cols,
                int (*fn)(struct psg_names *, const struct data_tsv *))
{
    const struct rasd_data_file *f = data_find(name);
    if (!f)
        return RASD_OK;
    struct data_tsv t;
    data_tsv_init(&t, f->bytes, f->len);
    while (data_tsv_next(&t)) {
        if (t.nfields < cols)
            continue;
        int rc = fn(m, &t);
        if (rc)
            return rc;
    }
    return RASD_OK;
}

static int cmp_phrase(const void *x, const void *y)
{
    const struct phrase *a = x, *b = y;
    return a->first < b->first ? -1 : a->first > b->first;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

int psg_names_create(struct psg_names **out)
{
    struct psg_names *m = calloc(1, sizeof *m);
    *out = NULL;
    if (!m)
        return RASD_ENOMEM;
    int rc = load(m, "story_titles.tsv", 2, add_phrase);
    if (!rc)
        rc = load(m, "story_stopwords.tsv", 1, add_stop);
    if (rc) {
        psg_names_free(m);
        return rc;
    }
    if (m->nph)
        qsort(m->ph, m->nph, sizeof *m->ph, cmp_phrase);
    if (m->nstop)
        qsort(m->stop, m->nstop, sizeof *m->stop, cmp_u64);
    *out = m;
    return RASD_OK;
}

void psg_names_free(struct psg_names *m)
{
    if (!m)
        return;
    free(m->ph);
    free(m->words);
    free(m->stop);
    free(m);
}

static int is_stop(const struct psg_names *m, uint64_t raw)
{
    return bsearch(&raw, m->stop, m->nstop, sizeof raw, cmp_u64) != NULL;
}

/* The longest phrase starting at word i of w (before `end`), or NULL. */
static const struct phrase *phrase_at(const struct psg_names *m, const struct psg_words *w,
                                      size_t i, size_t end)
{
    size_t lo = 0, hi = m->nph;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->ph[mid].first < w->w[i].h)
            lo = mid + 1;
        else
            hi = mid;
    }
    const struct phrase *best = NULL;
    for (size_t k = lo; k < m->nph && m->ph[k].first == w->w[i].h; k++) {
        const struct phrase *p = &m->ph[k];
        if (i + p->n > end || (best && p->n <= best->n))
            continue;
        size_t j = 1;
        while (j < p->n && w->w[i + j].h == m->words[p->off + j])
            j++;
        if (j == p->n)
            best = p;
    }
    return best;
}

/* Marks in name[] (indexed from i0) the words of [i0, i1) that belong to a title string:
 * title phrases, the name after a person title, the words around a name particle.  The
 * NAME_WORDS words before i0 are read too, for a title the passage starts inside of. */
static void mark_names(const struct psg_names *m, const struct psg_words *w, size_t i0,
                       size_t i1, uint8_t *name)
{
    size_t from = i0 > NAME_WORDS ? i0 - NAME_WORDS : 0;
    for (size_t i = from; i < i1;) {
        const struct phrase *p = phrase_at(m, w, i, i1);
        if (!p) {
            i++;
            continue;
        }
        size_t lo = i, hi = i + p->n;
        if (p->kind == K_PERSON)
            hi += NAME_WORDS;
        else if (p->kind == K_PARTICLE) {
            lo = i ? i - 1 : 0;
            hi += 1;
        }
        for (size_t k = lo < i0 ? i0 : lo; k < hi && k < i1; k++)
            name[k - i0] = 1;
        i += p->n;
    }
}

size_t psg_content_words(const struct psg_names *m, const struct psg_words *w, size_t i0,
                         size_t i1)
{
    if (!m || i1 <= i0 || i1 > w->n)
        return i1 > i0 ? i1 - i0 : 0;
    uint8_t small[256];
    uint8_t *name = i1 - i0 <= sizeof small ? small : calloc(i1 - i0, 1);
    if (!name) /* no room to tell: count the passage as content rather than lose it */
        return i1 - i0;
    memset(name, 0, name == small ? i1 - i0 : 0);
    mark_names(m, w, i0, i1, name);
    size_t n = 0;
    for (size_t i = i0; i < i1; i++)
        n += !name[i - i0] && (w->w[i].number || !is_stop(m, w->w[i].raw));
    if (name != small)
        free(name);
    return n;
}
