/* Copied passages over the store: fingerprints kept in the passage index (hash, seq), so
 * that an article is aligned only with the articles sharing a fingerprint with it. */
#include "story/psg.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fingerprints are written in chunks sorted by hash, so that the (hash, seq) B-tree is
 * filled in order instead of at random places: at most this many rows a chunk. */
#define PSG_CHUNK_ROWS (1u << 20)

/* A callback's return that stops a scan to go on after (not a RASD_* status). */
#define PSG_STOP 1

struct pend {
    struct sb_fingerprint *row;
    size_t n, cap;
    int64_t *done;          /* articles whose rows are all in row[] */
    size_t ndone, capdone;
};

static int cmp_row(const void *x, const void *y)
{
    const uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static int pend_add(struct pend *p, int64_t seq, const char *text, size_t len)
{
    uint64_t *fp = NULL;
    size_t n = 0;
    int rc = rasd_psg_fingerprints(text, len, &fp, &n);
    if (rc)
        return rc;
    if (p->n + n > p->cap) {
        size_t nc = p->cap ? p->cap : 4096;
        while (nc < p->n + n)
            nc *= 2;
        void *q = realloc(p->row, nc * sizeof *p->row);
        if (!q) {
            free(fp);
            return RASD_ENOMEM;
        }
        p->row = q;
        p->cap = nc;
    }
    if (p->ndone == p->capdone) {
        size_t nc = p->capdone ? p->capdone * 2 : 256;
        int64_t *q = realloc(p->done, nc * sizeof *q);
        if (!q) {
            free(fp);
            return RASD_ENOMEM;
        }
        p->done = q;
        p->capdone = nc;
    }
    for (size_t i = 0; i < n; i++) {
        p->row[p->n].hash = fp[i];
        p->row[p->n++].seq = seq;
    }
    p->done[p->ndone++] = seq;
    free(fp);
    return RASD_OK;
}

/* Writes the pending rows, sorted, and marks their articles done, in one transaction (a
 * nested one for the scratch index, which may be written inside the caller's batch). */
static int pend_flush(rasd_store *s, struct pend *p, int stored)
{
    if (!p->ndone)
        return RASD_OK;
    if (p->n)
        qsort(p->row, p->n, sizeof *p->row, cmp_row);
    int rc = sb_passages_put(s->b, !stored, p->row, p->n, p->done, p->ndone);
    if (rc == RASD_EDB)
        store_fail(s);
    p->n = 0;
    p->ndone = 0;
    return rc;
}

struct indexing {
    struct pend p;
    size_t count;
    int64_t last;   /* the last article read */
};

static int index_article(void *ctx, const struct sb_article *a)
{
    struct indexing *x = ctx;
    int rc = pend_add(&x->p, a->seq, a->text.p ? a->text.p : "", a->text.n);
    if (rc)
        return rc;
    x->count++;
    x->last = a->seq;
    return x->p.n >= PSG_CHUNK_ROWS ? PSG_STOP : RASD_OK;
}

/* Indexes the articles above the index's mark, in seq order, a chunk at a time. */
static int index_since(rasd_store *s, int stored, struct indexing *x)
{
    int rc = sb_passages_mark(s->b, !stored, &x->last);
    while (!rc) {
        rc = sb_articles_since(s->b, x->last, index_article, x);
        int more = rc == PSG_STOP;
        if (rc == RASD_EDB)
            return store_fail(s);
        if (rc && !more)
            return rc;
        rc = pend_flush(s, &x->p, stored);
        if (!more)
            break;
    }
    return rc;
}

int store_index_passages(rasd_store *s, int stored, size_t *indexed)
{
    struct indexing x = {0};
    if (indexed)
        *indexed = 0;
    if (!s->b)
        return RASD_EINVAL;
    int rc = stored ? rasd_store_commit(s) : sb_scratch(s->b, SB_PASSAGES);
    if (rc == RASD_EDB && !stored)
        store_fail(s);
    if (rc)
        return rc;
    /* The backend's settings are put back after. */
    sb_bulk(s->b, 1);
    rc = index_since(s, stored, &x);
    sb_bulk(s->b, 0);
    free(x.p.row);
    free(x.p.done);
    if (indexed)
        *indexed = rc ? 0 : x.count;
    return rc;
}

int rasd_store_index_passages(rasd_store *s, size_t *indexed)
{
    int rc = store_index_passages(s, 1, indexed);
    if (!rc && sb_scratch_drop(s->b, SB_PASSAGES) != RASD_OK)
        rc = store_fail(s);
    if (!rc)
        s->stale &= ~(unsigned)RASD_STALE_PASSAGES;
    return rc;
}

int store_passages_stale(rasd_store *s, unsigned *stale)
{
    int64_t mark = 0, count = 0, max = 0, sum = 0;
    *stale = 0;
    if (sb_passages_mark(s->b, 0, &mark) != RASD_OK ||
        sb_articles_stamp(s->b, &count, &max, &sum) != RASD_OK)
        return store_fail(s);
    if (max > mark)
        *stale = RASD_STALE_PASSAGES;
    return RASD_OK;
}

/* What a read needs: the stored index, and fingerprints of the articles it lacks computed
 * for this connection (the store left as it is). */
static int read_passages(rasd_store *s)
{
    unsigned stale = 0;
    int rc = sb_scratch(s->b, SB_PASSAGES) == RASD_OK ? RASD_OK : store_fail(s);
    if (!rc)
        rc = store_passages_stale(s, &stale);
    if (rc || !stale)
        return rc;
    s->stale |= stale;
    return store_index_passages(s, 0, NULL);
}

/* A stored article, copied out of the backend's row. */
struct art {
    int64_t seq;
    char *id, *outlet, *text;
    size_t len;
};

static void art_free(struct art *a)
{
    free(a->id);
    free(a->outlet);
    free(a->text);
    memset(a, 0, sizeof *a);
}

static char *dup_text(struct sb_text t)
{
    if (!t.p)
        return NULL;
    char *c = malloc(t.n + 1);
    if (c) {
        memcpy(c, t.p, t.n);
        c[t.n] = 0;
    }
    return c;
}

static int copy_art(void *ctx, const struct sb_article *row)
{
    struct art *a = ctx;
    a->seq = row->seq;
    a->id = dup_text(row->id);
    a->outlet = dup_text(row->outlet);
    a->text = dup_text(row->text);
    a->len = row->text.n;
    if (!a->id || !a->text) {
        if (!a->text && a->id) { /* an empty text reads back as NULL */
            a->text = strdup("");
            return a->text ? RASD_OK : RASD_ENOMEM;
        }
        return RASD_ENOMEM;
    }
    return RASD_OK;
}

/* Loads the article by id (when id) or by seq. */
static int load_art(rasd_store *s, const char *id, int64_t seq, struct art *a)
{
    memset(a, 0, sizeof *a);
    int rc = sb_article_get(s->b, id, seq, copy_art, a);
    if (rc == RASD_EDB)
        store_fail(s);
    if (rc)
        art_free(a);
    return rc;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

/* The unit a fingerprint's spread is counted in: the article's stored story, else its
 * outlet and publication day. */
static uint64_t unit_of(const struct sb_posting *p)
{
    if (p->story.p)
        return psg_hash(p->story.p, p->story.n);
    int32_t d;
    rasd_day_parse(p->published.p, p->published.p ? p->published.n : 0, &d);
    uint64_t h = p->outlet.p ? psg_hash(p->outlet.p, p->outlet.n) : 0;
    return ~(h ^ ((uint64_t)(uint32_t)d * 0x9e3779b97f4a7c15ULL));
}

/* The articles of one fingerprint being gathered into a candidate list. */
struct gather {
    uint64_t units[PSG_BOILER_UNITS];
    size_t nunits, before;
    int64_t self;
    int64_t **cand;
    size_t *ncand, *cap;
    int common;
};

static int gather_posting(void *ctx, const struct sb_posting *p)
{
    struct gather *g = ctx;
    uint64_t u = unit_of(p);
    size_t k = 0;
    while (k < g->nunits && g->units[k] != u)
        k++;
    if (k == g->nunits) {
        if (g->nunits == PSG_BOILER_UNITS) {
            g->common = 1;
            *g->ncand = g->before;
            return PSG_STOP;
        }
        g->units[g->nunits++] = u;
    }
    if (p->seq == g->self)
        return RASD_OK;
    if (*g->ncand == *g->cap) {
        size_t nc = *g->cap ? *g->cap * 2 : 16;
        int64_t *q = realloc(*g->cand, nc * sizeof *q);
        if (!q)
            return RASD_ENOMEM;
        *g->cand = q;
        *g->cap = nc;
    }
    (*g->cand)[(*g->ncand)++] = p->seq;
    return RASD_OK;
}

/* Appends the articles of fingerprint fp to *cand, or sets *common when they fall in
 * more than PSG_BOILER_UNITS units (then what was appended is taken back). */
static int postings(rasd_store *s, uint64_t fp, int64_t self, int64_t **cand, size_t *ncand,
                    size_t *cap, int *common)
{
    struct gather g = {.before = *ncand, .self = self, .cand = cand, .ncand = ncand,
                       .cap = cap};
    int rc = sb_postings(s->b, fp, gather_posting, &g);
    *common = g.common;
    if (rc == PSG_STOP)
        return RASD_OK;
    return rc == RASD_EDB ? store_fail(s) : rc;
}

/* The articles sharing a non-boilerplate fingerprint with the article `self` (sorted seqs
 * into *cand) and its boilerplate fingerprints (sorted, into f's list; the caller frees
 * it). */
static int candidates(rasd_store *s, int64_t self, const uint64_t *fp, size_t nfp,
                      int64_t **cand, size_t *ncand, struct psg_filter *f)
{
    size_t cap = 0;
    *cand = NULL;
    *ncand = 0;
    memset(f, 0, sizeof *f);
    uint64_t *common = malloc((nfp ? nfp : 1) * sizeof *common);
    f->common = common;
    int rc = common ? RASD_OK : RASD_ENOMEM;
    for (size_t i = 0; i < nfp && !rc; i++) {
        int is_common = 0;
        rc = postings(s, fp[i], self, cand, ncand, &cap, &is_common);
        if (!rc && is_common)
            common[f->ncommon++] = fp[i];
    }
    if (*ncand) {
        qsort(*cand, *ncand, sizeof **cand, cmp_i64);
        size_t k = 0;
        for (size_t i = 0; i < *ncand; i++)
            if (!k || (*cand)[k - 1] != (*cand)[i])
                (*cand)[k++] = (*cand)[i];
        *ncand = k;
    }
    if (rc) {
        free(*cand);
        free(common);
        *cand = NULL;
        *ncand = 0;
        memset(f, 0, sizeof *f);
    }
    return rc;
}

static int align_with(rasd_store *s, const struct psg_words *wa, int64_t other,
                      const struct psg_filter *flt, struct psg_list *f)
{
    struct art b;
    struct psg_words wb = {0};
    rasd_passage *ps = NULL;
    size_t np = 0;
    int rc = load_art(s, NULL, other, &b);
    if (rc == RASD_ENOTFOUND)
        return RASD_OK; /* deleted meanwhile */
    if (rc)
        return rc;
    rc = psg_words(b.text, b.len, &wb);
    if (!rc)
        rc = psg_align(wa, &wb, flt, &ps, &np);
    for (size_t i = 0; i < np; i++)
        ps[i].other = (uint32_t)other;
    if (!rc)
        rc = psg_list_add(f, ps, np);
    free(ps);
    psg_words_free(&wb);
    art_free(&b);
    return rc;
}

static int report(rasd_store *s, const struct art *a, struct psg_list *f, rasd_passage_fn fn,
                  void *ctx)
{
    struct art b = {0};
    int64_t loaded = -1;
    int rc = RASD_OK;
    for (size_t i = 0; i < f->n && !rc; i++) {
        if ((int64_t)f->p[i].other != loaded) {
            art_free(&b);
            rc = load_art(s, NULL, f->p[i].other, &b);
            if (rc)
                break;
            loaded = f->p[i].other;
        }
        rasd_passage_rec r = {f->p[i], a->id, b.id, b.outlet, a->text, b.text};
        r.p.doc = (uint32_t)a->seq;
        if (fn && fn(ctx, &r))
            break;
    }
    art_free(&b);
    return rc;
}

int rasd_store_passages(rasd_store *s, const char *doc, rasd_passage_fn fn, void *ctx)
{
    struct art a = {0};
    struct psg_words wa = {0};
    struct psg_list f = {0};
    struct psg_filter flt = {0};
    struct psg_names *names = NULL;
    uint64_t *fp = NULL;
    int64_t *cand = NULL;
    size_t nfp = 0, ncand = 0;
    if (!s || !doc)
        return RASD_EINVAL;
    int rc = read_passages(s);
    if (!rc)
        rc = load_art(s, doc, 0, &a);
    if (!rc)
        rc = rasd_psg_fingerprints(a.text, a.len, &fp, &nfp);
    if (!rc)
        rc = candidates(s, a.seq, fp, nfp, &cand, &ncand, &flt);
    if (!rc)
        rc = psg_names_create(&names);
    flt.names = names;
    if (!rc)
        rc = psg_words(a.text, a.len, &wa);
    for (size_t i = 0; i < ncand && !rc; i++)
        rc = align_with(s, &wa, cand[i], &flt, &f);
    if (!rc && f.n) {
        qsort(f.p, f.n, sizeof *f.p, psg_cmp_passage);
        rc = report(s, &a, &f, fn, ctx);
    }
    free(f.p);
    psg_words_free(&wa);
    free(fp);
    free((void *)flt.common);
    psg_names_free(names);
    free(cand);
    art_free(&a);
    return rc;
}
