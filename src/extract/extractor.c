/* The public face of figure extraction: an extractor holds the compiled lexicons. */
#define _GNU_SOURCE
#include "extract/fig.h"
#include "extract/lex.h"
#include "extract/names.h"
#include <stdlib.h>
#include <string.h>

struct rasd_extractor {
    struct lex *lex;
    struct fig_scratch scratch;
};

int rasd_extractor_create(rasd_extractor **out)
{
    rasd_extractor *x = calloc(1, sizeof *x);
    if (!x)
        return RASD_ENOMEM;
    int st = lex_load(&x->lex, NULL, 0);
    x->scratch.cache = calloc(FIG_CACHE, sizeof *x->scratch.cache);
    if (!st && !x->scratch.cache)
        st = RASD_ENOMEM;
    if (st) {
        lex_free(x->lex);
        free(x->scratch.cache);
        free(x);
        return st;
    }
    *out = x;
    return RASD_OK;
}

void rasd_extractor_free(rasd_extractor *x)
{
    if (!x)
        return;
    lex_free(x->lex);
    free(x->scratch.ti);
    free(x->scratch.cache);
    free(x);
}

/* Offsets of figures from a piece of a long field, shifted back to the whole field. */
struct shift {
    rasd_figure_cb cb;
    void *ud;
    size_t off;
};

static int shifted(void *ud, const rasd_doc *doc, const rasd_figure *f)
{
    const struct shift *sh = ud;
    rasd_figure g = *f;
    g.start += sh->off;
    g.end += sh->off;
    g.sent_start += sh->off;
    g.sent_end += sh->off;
    return sh->cb(sh->ud, doc, &g);
}

/* A field past EXTRACT_PIECE bytes (a whole corpus given as one text) is read in pieces
 * that end at a blank line (else a line break, else anywhere): memory stays bounded and
 * each piece gets its own context, as the articles it most likely holds. */
#define EXTRACT_PIECE (512u * 1024u)

static size_t piece_end(const char *s, size_t from, size_t len)
{
    size_t want = from + EXTRACT_PIECE;
    if (want >= len)
        return len;
    size_t limit = want + EXTRACT_PIECE / 2 < len ? want + EXTRACT_PIECE / 2 : len;
    for (size_t i = want; i + 1 < limit; i++)
        if (s[i] == '\n' && s[i + 1] == '\n')
            return i + 2;
    for (size_t i = want; i < limit; i++)
        if (s[i] == '\n')
            return i + 1;
    /* No line break: cut before a UTF-8 lead byte so no character is split. */
    size_t i = want;
    while (i > from + 1 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static int extract_field(rasd_extractor *x, const rasd_doc *doc, const char *s, size_t len,
                         int field, int head, rasd_figure_cb cb, void *ud,
                         struct fig_doc_kind *kind)
{
    if (len <= EXTRACT_PIECE)
        return fig_field(&x->scratch, x->lex, doc, s, len, field, 1, head, cb, ud, kind);
    int rc = RASD_OK;
    for (size_t at = 0; at < len && rc == RASD_OK;) {
        size_t end = piece_end(s, at, len);
        struct shift sh = {cb, ud, at};
        /* Pieces of a corpus are articles of their own: each is judged armed or not. */
        struct fig_doc_kind piece = {0};
        rc = fig_field(&x->scratch, x->lex, doc, s + at, end - at, field, 0, 0, shifted, &sh,
                       &piece);
        kind->armed |= piece.armed;
        at = end;
    }
    return rc;
}

/* A document's figures, held until the whole document is read: the pointers in them
 * stay valid while rasd_extract runs. */
struct held {
    rasd_figure *v;
    size_t n, cap;
};

static int hold(void *ud, const rasd_doc *doc, const rasd_figure *f)
{
    struct held *h = ud;
    (void)doc;
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 16;
        rasd_figure *v = realloc(h->v, cap * sizeof *v);
        if (!v)
            return RASD_ENOMEM;
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n++] = *f;
    return 0;
}

/* Where the headline stands in the text ([*a, *b)), for a title that is part of it (plain
 * text: its first line; HTML: its h1), found near the top.  0 when it is not there. */
static int headline_span(const rasd_doc *doc, size_t *a, size_t *b)
{
    if (!doc->title_in_text || !doc->title || !doc->title_len || !doc->text)
        return 0;
    size_t near = doc->title_len + 4096;
    if (near > doc->text_len)
        near = doc->text_len;
    const char *p = memmem(doc->text, near, doc->title, doc->title_len);
    if (!p)
        return 0;
    *a = (size_t)(p - doc->text);
    *b = *a + doc->title_len;
    return 1;
}

static int in_headline(const rasd_figure *f, int has, size_t a, size_t b)
{
    return f->field == 1 || (has && f->field == 0 && f->start >= a && f->end <= b);
}

/* One toll told twice: the same category and number («مقتل 39» over «قتل 39 شخصا على
 * الأقل»), or the same bounds for counts with no number. */
static int same_count(const rasd_figure *a, const rasd_figure *b)
{
    if (strcmp(a->category, b->category) || a->has_value != b->has_value)
        return 0;
    if (a->has_value)
        return a->value == b->value;
    return a->has_low == b->has_low && a->low == b->low && a->has_high == b->has_high &&
           a->high == b->high;
}

/* «مقتل 39 في هجوم ...» over «قتل 39 شخصا على الأقل»: the headline's figure is the
 * body's, told first.  The body keeps it, with the headline's side when the body names
 * none; the headline's copy goes. */
static void merge_headline(const rasd_doc *doc, struct held *h)
{
    size_t out = 0, a = 0, b = 0;
    int has = headline_span(doc, &a, &b);
    for (size_t i = 0; i < h->n; i++) {
        rasd_figure *f = &h->v[i];
        int dup = 0;
        if (in_headline(f, has, a, b))
            for (size_t j = 0; j < h->n && !dup; j++) {
                rasd_figure *g = &h->v[j];
                if (j == i || in_headline(g, has, a, b) || !same_count(f, g))
                    continue;
                /* «تقتل 9 أشخاص» over «قتل 9 أشخاص بينهم 5 مدنيين»: people of no side
                 * in a headline say less than the body. */
                int fu = !strcmp(f->group, "unknown") || !strcmp(f->actor, "people"),
                    gu = !strcmp(g->group, "unknown");
                if (!fu && gu) {
                    g->group = f->group;
                    g->actor = f->actor;
                }
                dup = fu || gu || !strcmp(f->group, g->group);
            }
        if (!dup)
            h->v[out++] = *f;
    }
    h->n = out;
}

static int needs_war(const rasd_figure *f)
{
    return !strcmp(f->category, "killed") || !strcmp(f->category, "injured") ||
           !strcmp(f->category, "other") || !strcmp(f->category, "arrested") ||
           !strcmp(f->category, "surrendered") || !strcmp(f->category, "detained");
}

int rasd_extract(rasd_extractor *x, const rasd_doc *doc, rasd_figure_cb cb, void *ud)
{
    int rc = RASD_OK;
    struct fig_doc_kind kind = {0};
    struct held h = {0};
    if (!x || !doc || !cb)
        return RASD_EINVAL;
    if (!doc->title_in_text && doc->title && doc->title_len)
        rc = extract_field(x, doc, doc->title, doc->title_len, 1, 1, hold, &h, &kind);
    if (rc == RASD_OK && doc->text)
        rc = extract_field(x, doc, doc->text, doc->text_len, 0, doc->title_in_text, hold, &h,
                           &kind);
    /* Only armed violence gives figures.  A report whose headline is of an accident, a
     * crime, a disease or a disaster, and that says so at least as often as it speaks of
     * war, gives none; the dead, the wounded and the arrested of a report that names no
     * armed side, no act of war and no monitor (a well, a road, a drug ring) are none. */
    int other_event = kind.other_head && kind.other_words >= kind.war_words;
    if (rc == RASD_OK && !other_event) {
        merge_headline(doc, &h);
        for (size_t i = 0; i < h.n && rc == RASD_OK; i++)
            if (kind.armed || !needs_war(&h.v[i]))
                rc = cb(ud, doc, &h.v[i]);
    }
    free(h.v);
    return rc;
}

int rasd_extract_names(rasd_extractor *x, const char *text, size_t len, size_t max_words,
                       rasd_name_cb cb, void *ud)
{
    if (!x || !cb || (!text && len))
        return RASD_EINVAL;
    return names_scan(x->lex, text ? text : "", len, max_words, cb, ud);
}
