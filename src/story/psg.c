/* Copied passages.  A text becomes a list of word hashes (search normalization, light
 * stem) with original spans; 5-word shingles of those hashes are winnowed into
 * fingerprints for indexing, and two texts are aligned by chaining the shingles they share
 * along near-diagonals, so that a changed, inserted or dropped word does not cut a
 * passage in two. */
#include "story/psg.h"
#include "common/buf.h"
#include <stdlib.h>
#include <string.h>

/* Unmatched words allowed between chained shingles on each side (two edits closer than
 * a shingle leave a few matching words that no shingle covers), and the most words the
 * two sides may shift against each other at one gap (inserted or dropped words). */
#define PSG_GAP 5
#define PSG_SHIFT 2
/* Positions of one shingle in the other text followed at most, so that a text repeating
 * a phrase many times cannot make alignment quadratic. */
#define PSG_MAX_SAME 8

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

uint64_t psg_hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return mix64(h);
}

static int push_word(struct psg_words *out, size_t *cap, const struct psg_word *w)
{
    if (out->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        struct psg_word *p = realloc(out->w, nc * sizeof *p);
        if (!p)
            return RASD_ENOMEM;
        out->w = p;
        *cap = nc;
    }
    out->w[out->n++] = *w;
    return RASD_OK;
}

/* Latin words compare case-blind. */
static void lower_ascii(char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'Z')
            s[i] = (char)(s[i] - 'A' + 'a');
}

/* Grows *buf to hold n bytes. */
static int room(char **buf, size_t *cap, size_t n)
{
    if (n <= *cap)
        return RASD_OK;
    size_t nc = *cap ? *cap : 64;
    while (nc < n)
        nc *= 2;
    char *p = realloc(*buf, nc);
    if (!p)
        return RASD_ENOMEM;
    *buf = p;
    *cap = nc;
    return RASD_OK;
}

int psg_words(const char *text, size_t len, struct psg_words *out)
{
    rasd_text t = {0};
    rasd_tokens tk = {0};
    char *tmp = NULL, *stem = NULL;
    size_t cap = 0, tcap = 0, scap = 0;
    memset(out, 0, sizeof *out);
    int rc = rasd_normalize(text ? text : "", text ? len : 0,
                            RASD_NORM_SEARCH | RASD_NORM_REPLACE, &t, NULL);
    if (rc != RASD_OK)
        goto out;
    rc = rasd_tokenize(&t, &tk);
    if (rc != RASD_OK)
        goto out;
    for (size_t i = 0; i < tk.ntok; i++) {
        const rasd_token *k = &tk.tok[i];
        if (k->kind != RASD_TOK_ARABIC && k->kind != RASD_TOK_LATIN && k->kind != RASD_TOK_NUMBER)
            continue;
        size_t n = k->nend - k->nstart;
        if ((rc = room(&tmp, &tcap, n + 1)) || (rc = room(&stem, &scap, n + 1)))
            goto out;
        memcpy(tmp, t.s + k->nstart, n);
        struct psg_word w = {0};
        w.start = k->start;
        w.end = k->end;
        w.number = k->kind == RASD_TOK_NUMBER;
        if (k->kind == RASD_TOK_LATIN)
            lower_ascii(tmp, n);
        w.raw = psg_hash(tmp, n);
        w.h = w.raw;
        if (k->kind == RASD_TOK_ARABIC) {
            size_t sn = rasd_stem_light(tmp, n, stem);
            if (sn > 0 && sn <= n) /* a word that is all affix keeps its form */
                w.h = psg_hash(stem, sn);
        }
        rc = push_word(out, &cap, &w);
        if (rc != RASD_OK)
            goto out;
    }
out:
    free(tmp);
    free(stem);
    rasd_tokens_free(&tk);
    rasd_text_free(&t);
    if (rc != RASD_OK)
        psg_words_free(out);
    return rc;
}

void psg_words_free(struct psg_words *w)
{
    if (!w)
        return;
    free(w->w);
    w->w = NULL;
    w->n = 0;
}

static size_t nshingles(const struct psg_words *w)
{
    return w->n >= PSG_K ? w->n - PSG_K + 1 : 0;
}

/* Shingle hashes of w: an array of nshingles(w) (NULL when there are none). */
static uint64_t *shingles(const struct psg_words *w, int *oom)
{
    size_t ns = nshingles(w);
    *oom = 0;
    if (!ns)
        return NULL;
    uint64_t *s = malloc(ns * sizeof *s);
    if (!s) {
        *oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < ns; i++) {
        uint64_t h = 0x9e3779b97f4a7c15ULL;
        for (size_t j = 0; j < PSG_K; j++)
            h = mix64(h ^ (w->w[i + j].h + j * 0x632be59bd9b4e019ULL));
        s[i] = h;
    }
    return s;
}

/* Winnowing (Schleimer et al.): the smallest hash of every window of PSG_W shingles,
 * rightmost on ties, each selection recorded once. */
static int winnow_hashes(const uint64_t *sh, size_t ns, struct psg_fp **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!ns)
        return RASD_OK;
    struct psg_fp *fp = malloc(ns * sizeof *fp);
    if (!fp)
        return RASD_ENOMEM;
    size_t nf = 0, last = (size_t)-1;
    size_t win = ns < PSG_W ? ns : PSG_W;
    for (size_t s = 0; s + win <= ns; s++) {
        size_t m = s;
        for (size_t i = s + 1; i < s + win; i++)
            if (sh[i] <= sh[m])
                m = i;
        if (m != last) {
            fp[nf].h = sh[m];
            fp[nf].pos = (uint32_t)m;
            nf++;
            last = m;
        }
    }
    *out = fp;
    *n = nf;
    return RASD_OK;
}

int psg_winnow(const struct psg_words *w, struct psg_fp **out, size_t *n)
{
    int oom;
    uint64_t *sh = shingles(w, &oom);
    *out = NULL;
    *n = 0;
    if (oom)
        return RASD_ENOMEM;
    int rc = winnow_hashes(sh, nshingles(w), out, n);
    free(sh);
    return rc;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int rasd_psg_fingerprints(const char *text, size_t len, uint64_t **out, size_t *n)
{
    struct psg_words w;
    struct psg_fp *fp = NULL;
    size_t nf = 0;
    *out = NULL;
    *n = 0;
    if (len > UINT32_MAX)
        return RASD_ETOOBIG;
    int rc = psg_words(text, len, &w);
    if (rc != RASD_OK)
        return rc;
    rc = psg_winnow(&w, &fp, &nf);
    psg_words_free(&w);
    if (rc != RASD_OK)
        return rc;
    if (!nf) {
        free(fp);
        return RASD_OK;
    }
    uint64_t *h = malloc(nf * sizeof *h);
    if (!h) {
        free(fp);
        return RASD_ENOMEM;
    }
    for (size_t i = 0; i < nf; i++)
        h[i] = fp[i].h;
    free(fp);
    qsort(h, nf, sizeof *h, cmp_u64);
    size_t k = 0;
    for (size_t i = 0; i < nf; i++)
        if (!k || h[k - 1] != h[i])
            h[k++] = h[i];
    *out = h;
    *n = k;
    return RASD_OK;
}

/* ------------------------------------------------------------------ alignment */

/* Positions of b's shingles by hash: open addressing over (hash -> first position), with
 * a next-position chain per shingle. */
struct shmap {
    uint64_t *keys;
    uint32_t *head;   /* UINT32_MAX: empty */
    uint32_t *next;
    size_t mask;
};

static int shmap_build(struct shmap *m, const uint64_t *sh, size_t ns)
{
    size_t cap = 16;
    while (cap < ns * 2)
        cap <<= 1;
    m->mask = cap - 1;
    m->keys = malloc(cap * sizeof *m->keys);
    m->head = malloc(cap * sizeof *m->head);
    m->next = malloc((ns ? ns : 1) * sizeof *m->next);
    if (!m->keys || !m->head || !m->next)
        return RASD_ENOMEM;
    memset(m->head, 0xff, cap * sizeof *m->head);
    /* Insert from the end so that chains run in ascending position order. */
    for (size_t i = ns; i-- > 0;) {
        size_t b = sh[i] & m->mask;
        while (m->head[b] != UINT32_MAX && m->keys[b] != sh[i])
            b = (b + 1) & m->mask;
        m->next[i] = m->head[b];
        m->keys[b] = sh[i];
        m->head[b] = (uint32_t)i;
    }
    return RASD_OK;
}

static uint32_t shmap_first(const struct shmap *m, uint64_t h)
{
    size_t b = h & m->mask;
    while (m->head[b] != UINT32_MAX) {
        if (m->keys[b] == h)
            return m->head[b];
        b = (b + 1) & m->mask;
    }
    return UINT32_MAX;
}

static void shmap_free(struct shmap *m)
{
    free(m->keys);
    free(m->head);
    free(m->next);
}

/* A chain of shared shingles: words [i0, i1) of a against [j0, j1) of b. */
struct chain {
    uint32_t i0, i1, j0, j1;
    uint32_t li, lj;  /* the last shingle chained */
};

struct chains {
    struct chain *c;
    size_t n, cap;
};

static int chains_push(struct chains *cs, const struct chain *c)
{
    if (cs->n == cs->cap) {
        size_t nc = cs->cap ? cs->cap * 2 : 16;
        struct chain *p = realloc(cs->c, nc * sizeof *p);
        if (!p)
            return RASD_ENOMEM;
        cs->c = p;
        cs->cap = nc;
    }
    cs->c[cs->n++] = *c;
    return RASD_OK;
}

static long labs_l(long x)
{
    return x < 0 ? -x : x;
}

/* Extends the open chain that seed (i, j) continues best: both sides moved forward by at
 * most a shingle plus PSG_GAP words, and the diagonal shifted by at most PSG_SHIFT. */
static struct chain *best_open(struct chains *open, uint32_t i, uint32_t j)
{
    struct chain *best = NULL;
    long bestd = 0;
    for (size_t k = 0; k < open->n; k++) {
        struct chain *c = &open->c[k];
        if (c->li >= i || c->lj >= j)
            continue;
        if (i - c->li > PSG_K + PSG_GAP || j - c->lj > PSG_K + PSG_GAP)
            continue;
        long dd = labs_l(((long)j - (long)i) - ((long)c->lj - (long)c->li));
        if (dd > PSG_SHIFT)
            continue;
        if (!best || dd < bestd || (dd == bestd && c->i1 - c->i0 > best->i1 - best->i0)) {
            best = c;
            bestd = dd;
        }
    }
    return best;
}

/* Moves open chains that can no longer be extended at row i to done. */
static int close_stale(struct chains *open, struct chains *done, uint32_t i)
{
    size_t k = 0;
    for (size_t r = 0; r < open->n; r++) {
        if (i > open->c[r].li + PSG_K + PSG_GAP) {
            if (chains_push(done, &open->c[r]))
                return RASD_ENOMEM;
        } else {
            open->c[k++] = open->c[r];
        }
    }
    open->n = k;
    return RASD_OK;
}

static int chain_seeds(const uint64_t *sa, size_t na, const struct shmap *mb,
                       struct chains *done)
{
    struct chains open = {0};
    int rc = RASD_OK;
    for (size_t i = 0; i < na; i++) {
        rc = close_stale(&open, done, (uint32_t)i);
        if (rc)
            goto out;
        uint32_t j = shmap_first(mb, sa[i]);
        for (int seen = 0; j != UINT32_MAX && seen < PSG_MAX_SAME; j = mb->next[j], seen++) {
            struct chain *c = best_open(&open, (uint32_t)i, j);
            if (c) {
                c->li = (uint32_t)i;
                c->lj = j;
                c->i1 = (uint32_t)i + PSG_K;
                c->j1 = j + PSG_K;
                continue;
            }
            struct chain nc = {(uint32_t)i, (uint32_t)i + PSG_K, j, j + PSG_K,
                               (uint32_t)i, j};
            rc = chains_push(&open, &nc);
            if (rc)
                goto out;
        }
    }
    for (size_t k = 0; k < open.n && !rc; k++)
        rc = chains_push(done, &open.c[k]);
out:
    free(open.c);
    return rc;
}

static int cmp_chain_len(const void *x, const void *y)
{
    const struct chain *a = x, *b = y;
    uint32_t la = a->i1 - a->i0, lb = b->i1 - b->i0;
    if (la != lb)
        return la > lb ? -1 : 1;
    if (a->i0 != b->i0)
        return a->i0 < b->i0 ? -1 : 1;
    return a->j0 < b->j0 ? -1 : a->j0 > b->j0;
}

int psg_cmp_passage(const void *x, const void *y)
{
    const rasd_passage *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->other != b->other)
        return a->other < b->other ? -1 : 1;
    return a->other_start < b->other_start ? -1 : a->other_start > b->other_start;
}

int psg_list_add(struct psg_list *l, const rasd_passage *p, size_t np)
{
    if (l->n + np > l->cap) {
        size_t nc = l->cap ? l->cap : 16;
        while (nc < l->n + np)
            nc *= 2;
        rasd_passage *q = realloc(l->p, nc * sizeof *q);
        if (!q)
            return RASD_ENOMEM;
        l->p = q;
        l->cap = nc;
    }
    if (np)
        memcpy(l->p + l->n, p, np * sizeof *p);
    l->n += np;
    return RASD_OK;
}

static int is_common(uint64_t h, const uint64_t *common, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (common[mid] == h)
            return 1;
        if (common[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* 1 when most fingerprints of a inside words [i0, i1) are boilerplate. */
static int mostly_common(const struct psg_fp *fp, size_t nfp, const struct chain *c,
                      const uint64_t *common, size_t ncommon)
{
    size_t yes = 0, no = 0;
    for (size_t k = 0; k < nfp; k++) {
        if (fp[k].pos < c->i0 || fp[k].pos + PSG_K > c->i1)
            continue;
        if (is_common(fp[k].h, common, ncommon))
            yes++;
        else
            no++;
    }
    return yes > no;
}

/* Keeps the longest chains that are long enough and do not overlap a longer kept one on
 * a's side by more than half their length. */
static int select_chains(struct chains *cs, const struct psg_words *a,
                         const struct psg_words *b, const struct psg_fp *fp, size_t nfp,
                         const struct psg_filter *f, rasd_passage **out, size_t *n)
{
    if (cs->n)
        qsort(cs->c, cs->n, sizeof *cs->c, cmp_chain_len);
    rasd_passage *ps = cs->n ? malloc(cs->n * sizeof *ps) : NULL;
    size_t np = 0;
    if (cs->n && !ps)
        return RASD_ENOMEM;
    size_t kept_n = 0;
    for (size_t k = 0; k < cs->n; k++) {
        struct chain *c = &cs->c[k];
        uint32_t len = c->i1 - c->i0;
        if (len < RASD_PSG_MIN_WORDS)
            break;
        if (f && f->ncommon && mostly_common(fp, nfp, c, f->common, f->ncommon))
            continue;
        if (f && f->names && psg_content_words(f->names, a, c->i0, c->i1) <
                                 PSG_CONTENT_WORDS)
            continue;
        int clash = 0;
        for (size_t q = 0; q < kept_n && !clash; q++) {
            struct chain *o = &cs->c[q];
            uint32_t lo = c->i0 > o->i0 ? c->i0 : o->i0;
            uint32_t hi = c->i1 < o->i1 ? c->i1 : o->i1;
            if (hi > lo && (hi - lo) * 2 > len)
                clash = 1;
        }
        if (clash)
            continue;
        cs->c[kept_n++] = *c; /* kept chains move to the front, still longest first */
        rasd_passage *p = &ps[np++];
        p->doc = 0;
        p->other = 1;
        p->start = a->w[c->i0].start;
        p->end = a->w[c->i1 - 1].end;
        p->other_start = b->w[c->j0].start;
        p->other_end = b->w[c->j1 - 1].end;
        p->words = len;
    }
    if (np)
        qsort(ps, np, sizeof *ps, psg_cmp_passage);
    else {
        free(ps);
        ps = NULL;
    }
    *out = ps;
    *n = np;
    return RASD_OK;
}

int psg_align(const struct psg_words *a, const struct psg_words *b,
              const struct psg_filter *f, rasd_passage **out, size_t *n)
{
    struct shmap mb = {0};
    struct chains cs = {0};
    struct psg_fp *fp = NULL;
    size_t nfp = 0;
    int oa = 0, ob = 0;
    *out = NULL;
    *n = 0;
    uint64_t *sa = shingles(a, &oa), *sb = shingles(b, &ob);
    int rc = (oa || ob) ? RASD_ENOMEM : RASD_OK;
    if (rc || !sa || !sb)
        goto out;
    rc = shmap_build(&mb, sb, nshingles(b));
    if (rc)
        goto out;
    rc = chain_seeds(sa, nshingles(a), &mb, &cs);
    if (rc)
        goto out;
    if (f && f->ncommon) {
        rc = winnow_hashes(sa, nshingles(a), &fp, &nfp);
        if (rc)
            goto out;
    }
    rc = select_chains(&cs, a, b, fp, nfp, f, out, n);
out:
    free(fp);
    free(cs.c);
    shmap_free(&mb);
    free(sa);
    free(sb);
    return rc;
}

int rasd_psg_align(const char *a, size_t alen, const char *b, size_t blen,
                   const uint64_t *common, size_t ncommon, rasd_passage **out, size_t *n)
{
    struct psg_words wa = {0}, wb = {0};
    struct psg_names *names = NULL;
    *out = NULL;
    *n = 0;
    if (alen > UINT32_MAX || blen > UINT32_MAX)
        return RASD_ETOOBIG;
    int rc = psg_names_create(&names);
    if (rc == RASD_OK)
        rc = psg_words(a, alen, &wa);
    if (rc == RASD_OK)
        rc = psg_words(b, blen, &wb);
    struct psg_filter f = {common, ncommon, names};
    if (rc == RASD_OK)
        rc = psg_align(&wa, &wb, &f, out, n);
    psg_words_free(&wa);
    psg_words_free(&wb);
    psg_names_free(names);
    return rc;
}

int rasd_passage_json(const rasd_passage *p, const char *doc, const char *other,
                      char **out, size_t *len)
{
    struct buf b;
    buf_init(&b);
    buf_adds(&b, "{\"type\":\"passage\",\"doc\":");
    buf_json_strz(&b, doc);
    buf_printf(&b, ",\"start\":%u,\"end\":%u,\"other\":", p->start, p->end);
    buf_json_strz(&b, other);
    buf_printf(&b, ",\"other_start\":%u,\"other_end\":%u,\"words\":%u}\n", p->other_start,
               p->other_end, p->words);
    return buf_finish(&b, out, len);
}
