/* rasd_tag: the public face of src/quant: normalize, tokenize, find dates, then the numbers
 * outside them, and hand back one array of records in text order. */
#include "quant/date.h"
#include "quant/num.h"
#include "quant/qscan.h"
#include "rasd.h"
#include "text/token.h"
#include <stdlib.h>
#include <string.h>

struct rasd_tagger {
    rasd_tag *v;
    size_t n, cap;
    struct qscan scan;     /* its token array is reused from piece to piece */
};

rasd_tagger *rasd_tagger_create(void)
{
    return calloc(1, sizeof(rasd_tagger));
}

void rasd_tagger_free(rasd_tagger *tg)
{
    if (!tg)
        return;
    free(tg->v);
    qscan_free(&tg->scan);
    free(tg);
}

static rasd_tag *next_slot(rasd_tagger *tg)
{
    if (tg->n == tg->cap) {
        size_t cap = tg->cap ? tg->cap * 2 : 64;
        rasd_tag *v = realloc(tg->v, cap * sizeof *v);
        if (!v)
            return NULL;
        tg->v = v;
        tg->cap = cap;
    }
    rasd_tag *r = &tg->v[tg->n++];
    memset(r, 0, sizeof *r);
    r->hour = r->minute = -1;
    return r;
}

static int add_num(rasd_tagger *tg, const struct num_match *m, size_t base)
{
    rasd_tag *r = next_slot(tg);
    if (!r)
        return RASD_ENOMEM;
    r->type = m->kind == NUM_ORDINAL ? RASD_TAG_ORDINAL : RASD_TAG_NUMBER;
    r->start = base + m->start;
    r->end = base + m->end;
    r->has_value = m->has_value;
    r->value = m->value;
    r->has_low = m->has_low;
    r->has_high = m->has_high;
    r->low = m->low;
    r->high = m->high;
    r->qualifier = m->qual;
    r->unit = m->unit;
    return RASD_OK;
}

static int add_date(rasd_tagger *tg, const struct date_match *m, size_t base)
{
    rasd_tag *r = next_slot(tg);
    if (!r)
        return RASD_ENOMEM;
    r->type = RASD_TAG_DATE;
    r->start = base + m->start;
    r->end = base + m->end;
    r->grain = m->grain;
    r->resolved = m->resolved;
    if (m->resolved) {
        cal_format(m->date, r->date);
        if (m->has_end)
            cal_format(m->end_date, r->end_date);
    }
    r->hour = m->grain == DATE_TIME ? m->hour : -1;
    r->minute = m->grain == DATE_TIME ? m->minute : -1;
    return RASD_OK;
}

/* Merges the two lists, each already in text order. */
static int merge(rasd_tagger *tg, const struct num_list *nl, const struct date_list *dl,
                 size_t base)
{
    size_t i = 0, j = 0;
    int st = RASD_OK;
    while (st == RASD_OK && (i < nl->n || j < dl->n)) {
        if (j >= dl->n || (i < nl->n && nl->v[i].start < dl->v[j].start))
            st = add_num(tg, &nl->v[i++], base);
        else
            st = add_date(tg, &dl->v[j++], base);
    }
    return st;
}

/* Texts are tagged in pieces that end at line breaks (blank lines first), so that memory
 * stays small and warm in cache; no number or date spans a line break. */
#define PIECE (1u << 16)

static size_t piece_end(const char *s, size_t len, size_t pos)
{
    if (len - pos <= PIECE)
        return len;
    size_t lim = pos + PIECE, nl = 0;
    for (size_t i = lim; i > pos + PIECE / 4; i--) {
        if (s[i - 1] == '\n') {
            if (i >= 2 && s[i - 2] == '\n')
                return i;
            if (!nl)
                nl = i;
        }
    }
    if (nl)
        return nl;
    for (size_t i = lim; i > pos + PIECE / 4; i--)
        if (s[i - 1] == ' ')
            return i;
    while (lim > pos + 1 && ((unsigned char)s[lim] & 0xC0) == 0x80)
        lim--; /* never inside a UTF-8 sequence */
    return lim;
}

static int tag_piece(rasd_tagger *tg, const char *text, size_t len, size_t base,
                     const struct date_ctx *ctx, size_t *bad_offset)
{
    rasd_text t = {0};
    rasd_tokens tk = {0};
    struct num_list nl = {0};
    struct date_list dl = {0};
    size_t bad = 0;
    int st = rasd_normalize(text, len, RASD_NORM_EXTRACT, &t, &bad);
    if (st == RASD_EUTF8 && bad_offset)
        *bad_offset = base + bad;
    if (st)
        goto out;
    if ((st = tok_words(&t, &tk))) /* the finders need no sentences */
        goto out;
    if ((st = qscan_run(&tg->scan, &t, &tk, 0, (uint32_t)tk.ntok)))
        goto out;
    if ((st = date_find_scan(&tg->scan, ctx, &dl)))
        goto out;
    if ((st = num_find_scan(&tg->scan, &dl, &nl)))
        goto out;
    st = merge(tg, &nl, &dl, base);
out:
    num_list_free(&nl);
    date_list_free(&dl);
    rasd_tokens_free(&tk);
    rasd_text_free(&t);
    return st;
}

int rasd_tag_text(rasd_tagger *tg, const char *text, size_t len, const char *published,
                  unsigned flags, const rasd_tag **tags, size_t *ntags, size_t *bad_offset)
{
    struct date_ctx ctx;
    int st = RASD_OK;
    if (!tg || (!text && len) || !tags || !ntags)
        return RASD_EINVAL;
    if (len > UINT32_MAX - 1)
        return RASD_ETOOBIG;
    memset(&ctx, 0, sizeof ctx);
    if (published && !cal_parse_iso(published, strlen(published), &ctx.anchor))
        return RASD_EINVAL;
    ctx.future = (flags & RASD_TAG_FUTURE) != 0;
    tg->n = 0;
    for (size_t pos = 0; pos < len && st == RASD_OK;) {
        size_t end = piece_end(text, len, pos);
        st = tag_piece(tg, text + pos, end - pos, pos, &ctx, bad_offset);
        pos = end;
    }
    if (st) {
        tg->n = 0;
        return st;
    }
    *tags = tg->v;
    *ntags = tg->n;
    return RASD_OK;
}

const char *rasd_qualifier_name(int q)
{
    static const char *n[] = {"exact", "approx", "at_least", "more_than", "at_most",
                              "less_than", "range", "vague"};
    return q >= 0 && q < 8 ? n[q] : NULL;
}

const char *rasd_unit_name(int u)
{
    static const char *n[] = {NULL, "percent", "fraction", "currency"};
    return u >= 0 && u < 4 ? n[u] : NULL;
}

const char *rasd_grain_name(int g)
{
    static const char *n[] = {NULL, "day", "week", "month", "year", "time"};
    return g >= 1 && g < 6 ? n[g] : NULL;
}
