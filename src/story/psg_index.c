/* The in-memory passage index: fingerprint -> documents, so that a document is aligned
 * only with the documents it shares a fingerprint with. */
#include "story/psg.h"
#include <stdlib.h>
#include <string.h>

struct ix_doc {
    uint32_t doc;
    int32_t day;
    const char *text;
    size_t len;
    uint64_t *fp;     /* distinct fingerprints */
    size_t nfp;
};

struct ix_slot {      /* one fingerprint: its postings as a chain through `post` */
    uint64_t h;
    uint32_t head;    /* UINT32_MAX: empty slot */
    uint32_t df;
};

struct ix_post {
    uint32_t doc;     /* index into docs */
    uint32_t next;
};

struct rasd_psg_index {
    struct ix_doc *docs;
    size_t ndocs, capdocs;
    struct ix_slot *slots;
    size_t mask, used;
    struct ix_post *post;
    size_t npost, cappost;
    uint32_t *dslot;  /* doc number -> index into docs + 1 (0: empty), open addressing */
    uint32_t *dkey;
    size_t dmask;
    struct psg_names *names;
};

int rasd_psg_index_create(rasd_psg_index **out)
{
    rasd_psg_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return RASD_ENOMEM;
    ix->mask = 1023;
    ix->slots = malloc((ix->mask + 1) * sizeof *ix->slots);
    if (!ix->slots) {
        free(ix);
        return RASD_ENOMEM;
    }
    for (size_t i = 0; i <= ix->mask; i++)
        ix->slots[i].head = UINT32_MAX;
    if (psg_names_create(&ix->names)) {
        free(ix->slots);
        free(ix);
        return RASD_ENOMEM;
    }
    *out = ix;
    return RASD_OK;
}

void rasd_psg_index_free(rasd_psg_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->ndocs; i++)
        free(ix->docs[i].fp);
    free(ix->docs);
    free(ix->slots);
    free(ix->post);
    free(ix->dslot);
    free(ix->dkey);
    psg_names_free(ix->names);
    free(ix);
}

static struct ix_slot *slot_find(const rasd_psg_index *ix, uint64_t h)
{
    size_t b = h & ix->mask;
    while (ix->slots[b].head != UINT32_MAX) {
        if (ix->slots[b].h == h)
            return &ix->slots[b];
        b = (b + 1) & ix->mask;
    }
    return &ix->slots[b];
}

static int grow_slots(rasd_psg_index *ix)
{
    size_t ncap = (ix->mask + 1) * 2;
    struct ix_slot *old = ix->slots;
    size_t oldn = ix->mask + 1;
    struct ix_slot *s = malloc(ncap * sizeof *s);
    if (!s)
        return RASD_ENOMEM;
    for (size_t i = 0; i < ncap; i++)
        s[i].head = UINT32_MAX;
    ix->slots = s;
    ix->mask = ncap - 1;
    for (size_t i = 0; i < oldn; i++)
        if (old[i].head != UINT32_MAX)
            *slot_find(ix, old[i].h) = old[i];
    free(old);
    return RASD_OK;
}

static int post_add(rasd_psg_index *ix, uint64_t h, uint32_t doc)
{
    if ((ix->used + 1) * 2 > ix->mask + 1 && grow_slots(ix))
        return RASD_ENOMEM;
    if (ix->npost == ix->cappost) {
        size_t nc = ix->cappost ? ix->cappost * 2 : 1024;
        if (nc > UINT32_MAX)
            return RASD_ETOOBIG;
        struct ix_post *p = realloc(ix->post, nc * sizeof *p);
        if (!p)
            return RASD_ENOMEM;
        ix->post = p;
        ix->cappost = nc;
    }
    struct ix_slot *s = slot_find(ix, h);
    if (s->head == UINT32_MAX) {
        s->h = h;
        s->df = 0;
        ix->used++;
    }
    ix->post[ix->npost].doc = doc;
    ix->post[ix->npost].next = s->head;
    s->head = (uint32_t)ix->npost++;
    s->df++;
    return RASD_OK;
}

static size_t dpos(const rasd_psg_index *ix, uint32_t doc)
{
    size_t b = (doc * 0x9e3779b1u) & ix->dmask;
    while (ix->dslot[b] && ix->dkey[b] != doc)
        b = (b + 1) & ix->dmask;
    return b;
}

static long doc_slot(const rasd_psg_index *ix, uint32_t doc)
{
    if (!ix->dslot)
        return -1;
    size_t b = dpos(ix, doc);
    return ix->dslot[b] ? (long)ix->dslot[b] - 1 : -1;
}

/* Room in the doc table for one more document (kept at most half full). */
static int doc_room(rasd_psg_index *ix)
{
    if (ix->dslot && (ix->ndocs + 1) * 2 <= ix->dmask + 1)
        return RASD_OK;
    size_t cap = ix->dslot ? (ix->dmask + 1) * 2 : 64;
    uint32_t *slot = calloc(cap, sizeof *slot), *key = malloc(cap * sizeof *key);
    if (!slot || !key) {
        free(slot);
        free(key);
        return RASD_ENOMEM;
    }
    uint32_t *oslot = ix->dslot, *okey = ix->dkey;
    size_t ocap = ix->dslot ? ix->dmask + 1 : 0;
    ix->dslot = slot;
    ix->dkey = key;
    ix->dmask = cap - 1;
    for (size_t i = 0; i < ocap; i++)
        if (oslot[i]) {
            size_t b = dpos(ix, okey[i]);
            ix->dslot[b] = oslot[i];
            ix->dkey[b] = okey[i];
        }
    free(oslot);
    free(okey);
    return RASD_OK;
}

int rasd_psg_index_add(rasd_psg_index *ix, uint32_t doc, int32_t day, const char *text,
                       size_t len)
{
    if (!ix || (!text && len))
        return RASD_EINVAL;
    if (len > UINT32_MAX)
        return RASD_ETOOBIG;
    if (ix->ndocs >= UINT32_MAX - 1)
        return RASD_ETOOBIG;
    if (doc_slot(ix, doc) >= 0)
        return RASD_EINVAL;
    if (doc_room(ix))
        return RASD_ENOMEM;
    if (ix->ndocs == ix->capdocs) {
        size_t nc = ix->capdocs ? ix->capdocs * 2 : 64;
        struct ix_doc *p = realloc(ix->docs, nc * sizeof *p);
        if (!p)
            return RASD_ENOMEM;
        ix->docs = p;
        ix->capdocs = nc;
    }
    struct ix_doc d = {doc, day, text ? text : "", len, NULL, 0};
    int rc = rasd_psg_fingerprints(d.text, len, &d.fp, &d.nfp);
    if (rc)
        return rc;
    for (size_t i = 0; i < d.nfp; i++) {
        rc = post_add(ix, d.fp[i], (uint32_t)ix->ndocs);
        if (rc) {
            /* Undo this document's postings: they are the newest ones on each chain. */
            for (size_t k = 0; k < i; k++) {
                struct ix_slot *s = slot_find(ix, d.fp[k]);
                s->head = ix->post[s->head].next;
                s->df--;
            }
            ix->npost -= i;
            free(d.fp);
            return rc;
        }
    }
    size_t b = dpos(ix, doc);
    ix->dkey[b] = doc;
    ix->dslot[b] = (uint32_t)ix->ndocs + 1;
    ix->docs[ix->ndocs++] = d;
    return RASD_OK;
}

/* 1 when the documents holding fingerprint s were published on more than
 * PSG_BOILER_UNITS distinct days: the index knows no outlets or stories, so each day is
 * one unit (an unknown day too). */
static int boilerplate(const rasd_psg_index *ix, const struct ix_slot *s)
{
    int32_t seen[PSG_BOILER_UNITS];
    size_t n = 0;
    if (s->df <= PSG_BOILER_UNITS)
        return 0;
    for (uint32_t p = s->head; p != UINT32_MAX; p = ix->post[p].next) {
        int32_t d = ix->docs[ix->post[p].doc].day;
        size_t k = 0;
        while (k < n && seen[k] != d)
            k++;
        if (k < n)
            continue;
        if (n == PSG_BOILER_UNITS)
            return 1;
        seen[n++] = d;
    }
    return 0;
}

/* Candidate documents of d (flags in cand) and its boilerplate fingerprints (f's list,
 * sorted since d's fingerprints are; the caller frees it). */
static int candidates(const rasd_psg_index *ix, const struct ix_doc *d, size_t self,
                      uint8_t *cand, struct psg_filter *f)
{
    memset(f, 0, sizeof *f);
    f->names = ix->names;
    if (!d->nfp)
        return RASD_OK;
    uint64_t *c = malloc(d->nfp * sizeof *c);
    if (!c)
        return RASD_ENOMEM;
    f->common = c;
    for (size_t i = 0; i < d->nfp; i++) {
        const struct ix_slot *s = slot_find(ix, d->fp[i]);
        if (s->head == UINT32_MAX)
            continue;
        if (boilerplate(ix, s)) {
            c[f->ncommon++] = d->fp[i];
            continue;
        }
        for (uint32_t p = s->head; p != UINT32_MAX; p = ix->post[p].next)
            if (ix->post[p].doc != self)
                cand[ix->post[p].doc] = 1;
    }
    return RASD_OK;
}

int rasd_psg_index_find(const rasd_psg_index *ix, uint32_t doc, rasd_passage **out,
                        size_t *n)
{
    struct psg_words wa = {0}, wb = {0};
    struct psg_filter f = {0};
    struct psg_list all = {0};
    rasd_passage *ps = NULL;
    uint8_t *cand = NULL;
    *out = NULL;
    *n = 0;
    long self = ix ? doc_slot(ix, doc) : -1;
    if (self < 0)
        return RASD_ENOTFOUND;
    const struct ix_doc *d = &ix->docs[self];
    int rc = RASD_ENOMEM;
    cand = calloc(ix->ndocs, 1);
    if (!cand)
        goto out;
    rc = candidates(ix, d, (size_t)self, cand, &f);
    if (rc)
        goto out;
    rc = psg_words(d->text, d->len, &wa);
    for (size_t k = 0; k < ix->ndocs && rc == RASD_OK; k++) {
        if (!cand[k])
            continue;
        size_t np = 0;
        rc = psg_words(ix->docs[k].text, ix->docs[k].len, &wb);
        if (rc == RASD_OK)
            rc = psg_align(&wa, &wb, &f, &ps, &np);
        for (size_t i = 0; i < np; i++) {
            ps[i].doc = doc;
            ps[i].other = ix->docs[k].doc;
        }
        if (rc == RASD_OK)
            rc = psg_list_add(&all, ps, np);
        free(ps);
        ps = NULL;
        psg_words_free(&wb);
    }
    if (rc == RASD_OK) {
        if (all.n)
            qsort(all.p, all.n, sizeof *all.p, psg_cmp_passage);
        *out = all.p;
        *n = all.n;
        all.p = NULL;
    }
out:
    free(all.p);
    free(cand);
    free((void *)f.common);
    psg_words_free(&wa);
    return rc;
}
