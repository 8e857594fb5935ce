/* Figures and mentions of a stored article, through the extraction library. */
#include "store/store.h"
#include "common/buf.h"
#include <stdlib.h>
#include <string.h>

/* Distinct (kind, ref) pairs already written for the article in hand. */
#define FIGS_MAX_MENTIONS 256

struct figs_ctx {
    rasd_store *s;
    int64_t seq;
    int n;
    int rc;
    const char *seen_kind[FIGS_MAX_MENTIONS];
    const char *seen_ref[FIGS_MAX_MENTIONS];
    int nseen;
};

static int insert_figure(struct figs_ctx *c, const rasd_doc *d, const rasd_figure *f)
{
    return sb_figure_put(c->s->b, c->seq, c->n, d, f) == RASD_OK ? RASD_OK : store_fail(c->s);
}

/* Records that the article names `ref` (a place, actor or source id), once per article;
 * the span is that of the first figure that names it. */
static int insert_mention(struct figs_ctx *c, const char *kind, const char *ref,
                          const rasd_doc *d, const rasd_figure *f)
{
    if (!ref || !*ref)
        return RASD_OK;
    for (int i = 0; i < c->nseen; i++)
        if (c->seen_kind[i] == kind && !strcmp(c->seen_ref[i], ref))
            return RASD_OK;
    if (c->nseen < FIGS_MAX_MENTIONS) {
        c->seen_kind[c->nseen] = kind;
        c->seen_ref[c->nseen++] = ref;
    }
    if (sb_mention_put(c->s->b, c->seq, kind, ref, d, f) != RASD_OK)
        return store_fail(c->s);
    return RASD_OK;
}

static const char kind_place[] = "place", kind_actor[] = "actor", kind_source[] = "source";

static int on_figure(void *ud, const rasd_doc *d, const rasd_figure *f)
{
    struct figs_ctx *c = ud;
    int rc = insert_figure(c, d, f);
    if (rc == RASD_OK)
        rc = insert_mention(c, kind_place, f->location, d, f);
    if (rc == RASD_OK && f->actor && strcmp(f->actor, "unknown") && strcmp(f->actor, "all"))
        rc = insert_mention(c, kind_actor, f->actor, d, f);
    if (rc == RASD_OK)
        rc = insert_mention(c, kind_source, f->source, d, f);
    c->n++;
    if (rc != RASD_OK) {
        c->rc = rc;
        return 1;
    }
    return 0;
}

static int extractor(rasd_store *s)
{
    if (s->extractor)
        return RASD_OK;
    rasd_extractor *x = NULL;
    int rc = rasd_extractor_create(&x);
    if (rc == RASD_OK)
        s->extractor = x;
    return rc;
}

int store_figures(rasd_store *s, int64_t seq, const rasd_doc *doc, size_t *n)
{
    *n = 0;
    int erc = extractor(s);
    if (erc != RASD_OK)
        return erc;
    struct figs_ctx c = {s, seq, 0, RASD_OK, {0}, {0}, 0};
    int rc = rasd_extract(s->extractor, doc, on_figure, &c);
    if (c.rc != RASD_OK)
        return c.rc;
    /* A field too big to read whole keeps the figures read so far; the article stays. */
    if (rc != RASD_OK && rc != RASD_ETOOBIG)
        return rc;
    *n = (size_t)c.n;
    return RASD_OK;
}

int store_given_figures(rasd_store *s, int64_t seq, const rasd_doc *doc,
                        const rasd_figure *figs, size_t nfigs, size_t *n)
{
    struct figs_ctx c = {s, seq, 0, RASD_OK, {0}, {0}, 0};
    *n = 0;
    for (size_t i = 0; i < nfigs; i++)
        if (on_figure(&c, doc, &figs[i]))
            return c.rc;
    *n = nfigs;
    return RASD_OK;
}

void store_extractor_free(void *x)
{
    rasd_extractor_free(x);
}

/* ------------------------------------------------------------------ names of the lead */

struct names_ctx {
    struct buf places, groups;
};

static int on_name(void *ud, int kind, const char *id)
{
    struct names_ctx *c = ud;
    if (kind == RASD_NAME_GROUP && (!strcmp(id, "unknown") || !strcmp(id, "all")))
        return 0; /* no side, as for figures */
    struct buf *b = kind == RASD_NAME_PLACE ? &c->places : &c->groups;
    if (b->len)
        buf_addc(b, ' ');
    buf_adds(b, id);
    return 0;
}

int store_names(rasd_store *s, int64_t seq, const rasd_doc *doc)
{
    int rc = extractor(s);
    if (rc != RASD_OK)
        return rc;
    struct names_ctx c;
    buf_init(&c.places);
    buf_init(&c.groups);
    /* A title read apart is all lead; a title that opens the text is in its first words. */
    if (!doc->title_in_text && doc->title && doc->title_len)
        rc = rasd_extract_names(s->extractor, doc->title, doc->title_len, STORE_LEAD_WORDS,
                                on_name, &c);
    if (rc == RASD_OK && doc->text)
        rc = rasd_extract_names(s->extractor, doc->text, doc->text_len, STORE_LEAD_WORDS,
                                on_name, &c);
    if (rc == RASD_OK && (c.places.oom || c.groups.oom))
        rc = RASD_ENOMEM;
    if (rc == RASD_OK &&
        sb_names_put(s->b, seq, (struct sb_text){c.places.len ? c.places.p : "", c.places.len},
                     (struct sb_text){c.groups.len ? c.groups.p : "", c.groups.len}) != RASD_OK)
        rc = store_fail(s);
    buf_free(&c.places);
    buf_free(&c.groups);
    return rc;
}

static int name_article(void *ctx, const struct sb_article *a)
{
    rasd_doc d;
    memset(&d, 0, sizeof d);
    d.title = a->title.p;
    d.title_len = a->title.n;
    d.text = a->text.p;
    d.text_len = a->text.n;
    return store_names(ctx, a->seq, &d);
}

int store_refresh_names(rasd_store *s)
{
    if (sb_begin(s->b) != RASD_OK)
        return store_fail(s);
    int rc = sb_articles_without_names(s->b, name_article, s);
    if (rc == RASD_EDB)
        store_fail(s); /* the backend's message, whether the scan or a write failed */
    if (rc == RASD_OK && sb_commit(s->b) != RASD_OK)
        rc = store_fail(s);
    if (rc != RASD_OK)
        sb_rollback(s->b);
    return rc;
}
