/* Figure timelines over the store: the figures of a story's articles, read into
 * rasd_series_fig rows for rasd_series_build. */
#include "story/psg.h"
#include "store/store.h"
#include <stdlib.h>
#include <string.h>

/* Every string of the rows lives in one list, freed together. */
struct pool {
    char **s;
    size_t n, cap;
    int oom;
};

static const char *keep(struct pool *p, struct sb_text t)
{
    size_t n = t.n;
    if (!t.p || p->oom)
        return NULL;
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 64;
        char **q = realloc(p->s, nc * sizeof *q);
        if (!q) {
            p->oom = 1;
            return NULL;
        }
        p->s = q;
        p->cap = nc;
    }
    char *c = malloc(n + 1);
    if (!c) {
        p->oom = 1;
        return NULL;
    }
    memcpy(c, t.p, n);
    c[n] = 0;
    return p->s[p->n++] = c;
}

static void pool_free(struct pool *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->s[i]);
    free(p->s);
}

static int32_t day_of(struct sb_text t)
{
    int32_t d;
    rasd_day_parse(t.p, t.p ? t.n : 0, &d);
    return d;
}

static const char *find_bytes(const char *h, size_t hn, const char *n, size_t nn)
{
    for (size_t i = 0; nn && i + nn <= hn; i++)
        if (h[i] == n[0] && !memcmp(h + i, n, nn))
            return h + i;
    return NULL;
}

/* Where the stored sentence stands in the article field: the occurrence that holds the
 * figure's evidence, else the first one, else (not found) the evidence's own start so
 * that cues are read in the whole sentence. */
static uint32_t sentence_start(const char *field, size_t flen, const char *sent, size_t slen,
                               uint32_t start)
{
    if (!field || !sent || !slen || slen > flen)
        return start;
    uint32_t first = UINT32_MAX;
    for (const char *p = field; (p = find_bytes(p, flen - (size_t)(p - field), sent, slen));
         p++) {
        uint32_t off = (uint32_t)(p - field);
        if (first == UINT32_MAX)
            first = off;
        if (off <= start && start < off + slen)
            return off;
        if (off > start)
            break;
    }
    return first != UINT32_MAX ? first : start;
}

struct figs {
    rasd_series_fig *f;
    size_t n, cap;
    struct pool pool;
};

static int read_fig(void *ctx, const struct sb_series_row *r)
{
    struct figs *fs = ctx;
    if (fs->n == fs->cap) {
        size_t nc = fs->cap ? fs->cap * 2 : 64;
        rasd_series_fig *q = realloc(fs->f, nc * sizeof *q);
        if (!q)
            return RASD_ENOMEM;
        fs->f = q;
        fs->cap = nc;
    }
    rasd_series_fig *f = &fs->f[fs->n];
    struct pool *p = &fs->pool;
    memset(f, 0, sizeof *f);
    f->doc = keep(p, r->doc);
    f->outlet = keep(p, r->outlet);
    f->doc_day = day_of(r->published);
    f->day = day_of(r->date);
    f->category = keep(p, r->category);
    f->group = keep(p, r->group);
    f->location = keep(p, r->location);
    f->source = keep(p, r->source);
    f->qualifier = keep(p, r->qualifier);
    f->value = r->value;
    f->low = r->low;
    f->high = r->high;
    int64_t a = r->span_start, b = r->span_end;
    f->start = a >= 0 && a <= UINT32_MAX ? (uint32_t)a : 0;
    f->end = b >= 0 && b <= UINT32_MAX ? (uint32_t)b : f->start;
    f->sentence = keep(p, r->sentence);
    f->sentence_len = f->sentence ? strlen(f->sentence) : 0;
    f->sentence_start = sentence_start(r->field.p, r->field.n, f->sentence,
                                       f->sentence_len, f->start);
    if (p->oom)
        return RASD_ENOMEM;
    if (!f->doc || !f->category)
        return RASD_OK; /* a row without them is not a figure to line up */
    fs->n++;
    return RASD_OK;
}

static int load_figs(rasd_store *s, const char *story, struct figs *fs, int *found)
{
    int64_t n = 0;
    *found = 0;
    if (sb_story_size(s->b, story, &n) != RASD_OK) /* not a story that is not there */
        return store_fail(s);
    if (!(*found = n > 0))
        return RASD_OK;
    int rc = sb_series_rows(s->b, story, read_fig, fs);
    return rc == RASD_EDB ? store_fail(s) : rc;
}

int rasd_store_series(rasd_store *s, const char *story, rasd_series_fn fn, void *ctx)
{
    struct figs fs = {0};
    rasd_series *se = NULL;
    size_t nse = 0;
    int found = 0;
    if (!s || !story)
        return RASD_EINVAL;
    int rc = rasd_store_stories(s, NULL, NULL);
    if (!rc)
        rc = load_figs(s, story, &fs, &found);
    if (!rc && !found)
        rc = RASD_ENOTFOUND;
    if (!rc)
        rc = rasd_series_build(fs.f, fs.n, &se, &nse);
    for (size_t i = 0; i < nse && !rc && fn; i++)
        if (fn(ctx, &se[i], fs.f))
            break;
    rasd_series_free(se, nse);
    free(fs.f);
    pool_free(&fs.pool);
    return rc;
}
