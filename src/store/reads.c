/* Reads of single articles, of articles since a sequence number and of figures by filter,
 * over the backend's sb_* calls; the place table they and the API's filters ask. */
#include "store/store.h"
#include "common/buf.h"
#include "common/places.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- the place table, loaded once per process on first use */

static pthread_mutex_t places_lock = PTHREAD_MUTEX_INITIALIZER;
static struct places places_table;
static int places_loaded;

/* The process's place table into *out.  A failed load is tried again by the next call.
 * Returns RASD_OK or RASD_ENOMEM. */
static int places_get(const struct places **out)
{
    int rc = RASD_OK;
    pthread_mutex_lock(&places_lock);
    if (!places_loaded) {
        rc = places_load(&places_table);
        if (rc == RASD_OK)
            places_loaded = 1;
        else
            places_free(&places_table);
    }
    pthread_mutex_unlock(&places_lock);
    *out = &places_table;
    return rc;
}

int rasd_place_coords(const char *id, const char **lat, const char **lon)
{
    const struct places *pl;
    if (!id || !lat || !lon)
        return RASD_EINVAL;
    int rc = places_get(&pl);
    if (rc != RASD_OK)
        return rc;
    const struct place *p = places_coords(pl, id);
    if (!p)
        return RASD_ENOTFOUND;
    *lat = p->lat;
    *lon = p->lon;
    return RASD_OK;
}

int rasd_place_country(const char *id, const char **cc)
{
    const struct places *pl;
    if (!id || !cc)
        return RASD_EINVAL;
    int rc = places_get(&pl);
    if (rc != RASD_OK)
        return rc;
    const char *c = places_country(pl, id);
    if (!c || !*c)
        return RASD_ENOTFOUND;
    *cc = c;
    return RASD_OK;
}

int rasd_place_within(const char *inner, const char *outer)
{
    const struct places *pl;
    if (!inner || !outer || places_get(&pl) != RASD_OK)
        return 0;
    return places_within(pl, inner, outer);
}

/* ---- articles */

struct article_cb {
    rasd_article_fn fn;
    void *ctx;
    int with_text;
    int stopped;   /* fn stopped the scan: no error */
};

static int article_row(void *ctx, const struct sb_article *r)
{
    struct article_cb *c = ctx;
    rasd_article_rec a = {
        .seq = r->seq, .id = r->id.p, .outlet = r->outlet.p, .url = r->url.p,
        .published = r->published.p, .title = r->title.p, .title_len = r->title.n,
        .text = c->with_text ? r->text.p : NULL, .text_len = c->with_text ? r->text.n : 0,
    };
    int rc = c->fn(c->ctx, &a);
    if (rc)
        c->stopped = 1;
    return rc;
}

int rasd_store_article(rasd_store *s, const char *id, rasd_article_fn fn, void *ctx)
{
    if (!s || !id || !fn)
        return RASD_EINVAL;
    struct article_cb c = {fn, ctx, 1, 0};
    int rc = sb_article_get(s->b, id, 0, article_row, &c);
    if (c.stopped)
        return rc;
    return rc == RASD_EDB ? store_fail(s) : rc;
}

int rasd_store_articles(rasd_store *s, int64_t after, int with_text, rasd_article_fn fn,
                        void *ctx)
{
    if (!s || !fn)
        return RASD_EINVAL;
    struct article_cb c = {fn, ctx, with_text, 0};
    int rc = with_text ? sb_articles_since(s->b, after, article_row, &c)
                       : sb_articles_brief(s->b, after, article_row, &c);
    if (c.stopped)
        return RASD_OK;
    return rc == RASD_EDB ? store_fail(s) : rc;
}

int rasd_store_last_seq(rasd_store *s, int64_t *seq, int64_t *count)
{
    if (!s)
        return RASD_EINVAL;
    int64_t n, max, sum;
    if (sb_articles_stamp(s->b, &n, &max, &sum) != RASD_OK)
        return store_fail(s);
    if (seq)
        *seq = max;
    if (count)
        *count = n;
    return RASD_OK;
}

/* ---- figures */

static struct sb_text text_of(const char *s)
{
    return (struct sb_text){s, s ? strlen(s) : 0};
}

static void figure_of(const struct sb_figure_row *r, rasd_stored_figure *o)
{
    rasd_figure *f = &o->fig;
    memset(o, 0, sizeof *o);
    o->seq = r->seq;
    o->n = r->n;
    o->doc = r->doc.p ? r->doc.p : "";
    o->outlet = r->outlet.p;
    o->published = r->published.p;
    o->sentence = r->sentence.p ? r->sentence.p : "";
    o->sentence_len = r->sentence.n;
    o->has_field = r->field.p != NULL;
    f->category = r->category.p ? r->category.p : "";
    f->group = r->group.p;
    f->actor = r->actor.p;
    f->has_value = r->value != RASD_NOVAL;
    f->value = f->has_value ? r->value : 0;
    f->has_low = r->low != RASD_NOVAL;
    f->low = f->has_low ? r->low : 0;
    f->has_high = r->high != RASD_NOVAL;
    f->high = f->has_high ? r->high : 0;
    f->qualifier = r->qualifier.p;
    f->unit = r->unit.p;
    f->source = r->source.p;
    f->source_text = r->source_text.p;
    f->source_len = r->source_text.n;
    f->location = r->location.p;
    if (r->date.p && r->date.n < sizeof f->date)
        memcpy(f->date, r->date.p, r->date.n);
    f->field = r->field.p && r->field.n == 5 && !memcmp(r->field.p, "title", 5);
    f->start = r->span_start > 0 ? (size_t)r->span_start : 0;
    f->end = r->span_end > 0 ? (size_t)r->span_end : 0;
    f->sent_start = 0;
    f->sent_end = r->sentence.n;
}

struct figure_cb {
    rasd_stored_figure_fn fn;
    void *ctx;
    const rasd_figure_filter *filter;
    const struct places *pl;
    int stopped;
};

static int figure_row(void *ctx, const struct sb_figure_row *r)
{
    struct figure_cb *c = ctx;
    const char *place = c->filter ? c->filter->place : NULL;
    if (place && !(r->location.p && places_within(c->pl, r->location.p, place)))
        return 0;
    rasd_stored_figure f;
    figure_of(r, &f);
    int rc = c->fn(c->ctx, &f);
    if (rc)
        c->stopped = 1;
    return rc;
}

int rasd_store_figures(rasd_store *s, const rasd_figure_filter *f, rasd_stored_figure_fn fn,
                       void *ctx)
{
    if (!s || !fn)
        return RASD_EINVAL;
    struct figure_cb c = {.fn = fn, .ctx = ctx, .filter = f};
    struct sb_figure_query q = {0};
    if (f) {
        q = (struct sb_figure_query){text_of(f->category), text_of(f->group),
                                     text_of(f->source), text_of(f->doc), text_of(f->since),
                                     text_of(f->until), f->after_seq, f->after_n};
        if (f->place) {
            int rc = places_get(&c.pl);
            if (rc != RASD_OK)
                return rc;
        }
    }
    int rc = sb_figures_filtered(s->b, &q, figure_row, &c);
    if (c.stopped)
        return RASD_OK;
    return rc == RASD_EDB ? store_fail(s) : rc;
}

int rasd_stored_figure_json(const rasd_stored_figure *r, char **out, size_t *len)
{
    if (!r || !out)
        return RASD_EINVAL;
    /* The figure record is written by the extractor's own writer over a document whose
     * fields are the stored sentence, so that `text` is the sentence as stored. */
    rasd_doc doc = {.id = r->doc, .outlet = r->outlet, .published = r->published,
                    .title = r->sentence, .title_len = r->sentence_len,
                    .text = r->sentence, .text_len = r->sentence_len};
    char *js = NULL;
    size_t n = 0;
    int rc = rasd_figure_format(&doc, &r->fig, RASD_FIG_JSONL, r->has_field, &js, &n);
    if (rc != RASD_OK)
        return rc;
    struct buf b;
    buf_init(&b);
    /* Drop the record's closing "}\n" to add the outlet. */
    buf_add(&b, js, n >= 2 ? n - 2 : 0);
    free(js);
    buf_adds(&b, ",\"outlet\":");
    buf_json_strz(&b, r->outlet);
    buf_adds(&b, "}\n");
    return buf_finish(&b, out, len);
}
