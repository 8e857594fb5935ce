#include "quant/num.h"
#include "quant/date.h"
#include "quant/qscan.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A number as read, before qualifiers. */
struct nres {
    uint32_t first, end;  /* tokens [first, end) */
    double v;
    int words;            /* written in words */
    int art;              /* its first word carries the article */
    int ordinal;
    int unit;             /* NUMU_FRACTION for a/b and fraction words */
    double scale;         /* the multiplier that closed it («آلاف» in «5 آلاف»), or 0 */
    int teen_or_tens;     /* words with a teen or a tens word («الأحد عشر», «التسعون») */
    int grouped;          /* digits with a dot read as a thousands separator */
};

#define ANY_PF (PF_CONJ | PF_PREP | PF_ART)
#define CHANGE_REACH 6 /* words between a verb of change and its «من» */

int num_parse_digits(const char *s, size_t n, double *v)
{
    char buf[64];
    size_t o = 0, ncomma = 0, ndot = 0, group = 0;
    int comma_ok = 1;
    if (n == 0 || n >= sizeof buf)
        return 0;
    if (n <= 15) { /* plain digits, the usual case: exact in a double, as strtod reads them */
        int64_t a = 0;
        size_t i = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            a = a * 10 + (s[i++] - '0');
        if (i == n) {
            *v = (double)a;
            return 1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            buf[o++] = c;
            group++;
        } else if (c == ',') {
            if (ndot || (ncomma && group != 3) || i == 0 || group == 0 || group > 3)
                comma_ok = 0;
            ncomma++;
            group = 0;
            buf[o++] = ',';
        } else if (c == '.') {
            if (ndot++)
                return 0;
            if (ncomma && group != 3)
                comma_ok = 0;
            buf[o++] = '.';
            group = 0;
        } else {
            return 0;
        }
    }
    if (ncomma && !ndot && group != 3)
        comma_ok = 0;
    /* «1,5» with one comma that cannot group thousands is a decimal comma. */
    if (ncomma == 1 && !comma_ok && !ndot) {
        for (size_t i = 0; i < o; i++)
            if (buf[i] == ',')
                buf[i] = '.';
    } else if (ncomma && !comma_ok) {
        return 0;
    }
    size_t w = 0;
    for (size_t i = 0; i < o; i++)
        if (buf[i] != ',')
            buf[w++] = buf[i];
    buf[w] = 0;
    if (w == 0 || (w == 1 && buf[0] == '.'))
        return 0;
    *v = strtod(buf, NULL);
    return 1;
}

static inline int is_punct(const struct qscan *s, uint32_t i, const char *p)
{
    return i >= s->first && i < s->last && qs_tok(s, i)->kind == RASD_TOK_PUNCT && qs_is(s, i, p);
}

static int is_digits(const struct qscan *s, uint32_t i)
{
    return i >= s->first && i < s->last && qs_tok(s, i)->isnum;
}

static const struct qent *numword(const struct qscan *s, uint32_t i, unsigned allow,
                                  unsigned *pf)
{
    return qs_ent(s, i, QR_NUM, allow, pf);
}

/* A conjunction before token i: a separate «و» token (returns 2: it and the word) or a
 * «و» proclitic on the word (returns 1), with the word's entry in *e. */
static int conj_word(const struct qscan *s, uint32_t i, uint32_t lim, const struct qent **e)
{
    unsigned pf = 0;
    if (i < lim && qs_is(s, i, "\xd9\x88") && i + 1 < lim) {
        *e = numword(s, i + 1, PF_ART, NULL);
        return *e ? 2 : 0;
    }
    *e = numword(s, i, PF_CONJ | PF_ART, &pf);
    return (*e && (pf & PF_CONJ)) ? 1 : 0;
}

/* Multiplier value of a scale word, 0 when e is not one. */
static double scale_of(const struct qent *e)
{
    if (!e || !(e->roles & QR_NUM))
        return 0;
    return (e->numcls == NC_SCALE || e->numcls == NC_SCALES || e->numcls == NC_SCALEACC)
               ? e->numval
               : 0;
}

/* Reads a scale word right after a number («12 ألف», «ثلاثة آلاف», «مئتي ألف», «عشرين
 * ألفا»).  The press writes a plural scale after any count in digits («210 آلاف»), while in
 * words it follows 3..10 only. */
static int take_scale(const struct qscan *s, uint32_t *j, uint32_t lim, double *cur,
                      double limit, double *scale, int digits)
{
    unsigned pf = 0;
    const struct qent *e = numword(s, *j, PF_ART, &pf);
    double sc = scale_of(e);
    if (*j >= lim || sc == 0 || sc >= limit || *cur <= 0)
        return 0;
    /* a plural scale counts 3..10 of it; an article only in «عشرات الآلاف»-like phrases */
    if (pf & PF_ART)
        return 0;
    if (e->numcls == NC_SCALES && (*cur < 3 || (*cur > 10 && !digits) || *cur != floor(*cur)))
        return 0;
    *cur *= sc;
    /* «6.935 مليون» is 6935000, not the nearest double above it */
    double whole = round(*cur);
    if (fabs(*cur - whole) <= 1e-9 * fabs(*cur))
        *cur = whole;
    *scale = sc;
    (*j)++;
    return 1;
}

/* «ألفا», «مليونا» standing alone: the dual in construct before its counted noun («ألفا
 * شخص» = 2000), else the accusative singular («بلغ عددهم ألفا», «مليونا و400 ألف»).
 * Returns 1 for the dual: an Arabic word follows that is not «و» nor «و» + number. */
static int acc_dual(const struct qscan *s, uint32_t i, uint32_t lim)
{
    unsigned pf = 0;
    if (i >= lim || i >= s->last || qs_tok(s, i)->kind != RASD_TOK_ARABIC ||
        qs_is(s, i, "\xd9\x88"))
        return 0;
    return !(numword(s, i, PF_CONJ | PF_ART, &pf) && (pf & PF_CONJ));
}

/* Value of a teen written in two words from token i («أحد عشر», «خمسة عشر»), or of one
 * word; *n gets the tokens read. */
static int small_group(const struct qscan *s, uint32_t i, uint32_t lim, const struct qent *e,
                       double *v, uint32_t *n)
{
    const struct qent *t = i + 1 < lim ? numword(s, i + 1, 0, NULL) : NULL;
    int unitish = e->numcls == NC_UNIT || e->numcls == NC_TEENUNIT;
    if (unitish && t && t->numcls == NC_TEN && e->numval < 10) {
        *v = e->numval + 10;
        *n = 2;
        return 1;
    }
    if (e->numcls == NC_TEENUNIT)
        return 0;
    *v = e->numval;
    *n = 1;
    return 1;
}

/* Reads a number written in words from token i. */
static int parse_words(const struct qscan *s, uint32_t i, uint32_t lim, struct nres *r)
{
    unsigned pf = 0;
    const struct qent *e = numword(s, i, ANY_PF, &pf);
    if (!e)
        return 0;
    double total = 0, cur = 0, last_scale = 1e18, scale = 0;
    int last = e->numcls;
    uint32_t j = i, n = 0;
    r->art = (pf & PF_ART) != 0;
    switch (e->numcls) {
    case NC_ZERO:
        r->v = 0;
        r->end = i + 1;
        r->words = 1;
        return 1;
    case NC_UNIT:
    case NC_TEENUNIT:
    case NC_TEN:
        if (!small_group(s, i, lim, e, &cur, &n))
            return 0;
        if (n == 2)
            r->teen_or_tens = 1, last = NC_TEEN;
        j = i + n;
        break;
    case NC_TEEN:
    case NC_TENS:
        r->teen_or_tens = 1;
        /* fall through */
    case NC_HUNDRED:
    case NC_HUNDREDS:
        cur = e->numval;
        j = i + 1;
        break;
    case NC_SCALE:
        total = e->numval;
        last_scale = scale = e->numval;
        j = i + 1;
        break;
    case NC_SCALE2:
        total = e->numval;
        last_scale = scale = e->numval / 2;
        j = i + 1;
        break;
    case NC_SCALEACC:
        last_scale = scale = e->numval;
        total = acc_dual(s, i + 1, lim) ? 2 * e->numval : e->numval;
        j = i + 1;
        break;
    case NC_FRACTION: {
        const struct qent *sc = numword(s, i + 1, 0, NULL);
        if (i + 1 < lim && sc && sc->numcls == NC_SCALE) {
            total = e->numval * sc->numval;
            last_scale = scale = sc->numval;
            j = i + 2;
            break;
        }
        r->v = e->numval;
        r->unit = NUMU_FRACTION;
        r->end = i + 1;
        r->words = 1;
        return 1;
    }
    default:
        return 0;
    }
    while (j < lim) {
        const struct qent *c = NULL;
        int k = conj_word(s, j, lim, &c);
        if (!k) {
            const struct qent *w = numword(s, j, 0, NULL);
            if (!w)
                break;
            if (w->numcls == NC_HUNDRED && last == NC_UNIT && cur > 0 && cur < 10) {
                cur *= 100; /* «ثلاث مئة» */
                last = NC_HUNDREDS;
                j++;
                continue;
            }
            if (scale_of(w) && cur > 0 && take_scale(s, &j, lim, &cur, last_scale, &scale, 0)) {
                total += cur;
                last_scale = scale;
                cur = 0;
                last = NC_SCALE;
                continue;
            }
            /* spoken «متين واحد وعشرين»: units and tens after hundreds without «و» */
            if ((last == NC_HUNDREDS || last == NC_HUNDRED) && fmod(cur, 100) == 0 &&
                (w->numcls == NC_UNIT || w->numcls == NC_TENS || w->numcls == NC_TEEN)) {
                double v;
                if (!small_group(s, j, lim, w, &v, &n))
                    break;
                cur += v;
                last = w->numcls == NC_UNIT && n == 1 ? NC_UNIT : NC_TENS;
                j += n;
                continue;
            }
            break;
        }
        uint32_t wi = j + (uint32_t)k - 1;
        double v;
        if (c->numcls == NC_SCALE2 || c->numcls == NC_SCALE || c->numcls == NC_SCALES ||
            c->numcls == NC_SCALEACC ||
            c->numcls == NC_ZERO || c->numcls == NC_POINT || c->numcls == NC_FRACTION)
            break;
        if (!small_group(s, wi, lim, c, &v, &n))
            break;
        if (last == NC_UNIT && c->numcls == NC_TENS && cur > 0 && fmod(cur, 100) < 10) {
            cur += v; /* «خمسة وعشرون» */
            last = NC_TENS;
            r->teen_or_tens = 1;
        } else if (cur > 0 && fmod(cur, 100) == 0 && v < 100 && cur < 1000) {
            cur += v; /* «ثلاثمائة وخمسين» */
            last = n == 2 ? NC_TEEN : c->numcls;
        } else if (cur == 0 && total > 0 && v < last_scale) {
            cur = v; /* «ألف وخمسمائة» */
            last = n == 2 ? NC_TEEN : c->numcls;
        } else {
            break;
        }
        j = wi + n;
    }
    r->v = total + cur;
    r->end = j;
    r->words = 1;
    r->scale = scale;
    return 1;
}

/* The Arabic press groups thousands with a dot as often as it writes decimals with one:
 * «50.000 دولار», «12.500 جندي».  Digit token d of the form 1-3 digits (no leading 0), an
 * ASCII «.», exactly three digits, reads as thousands (50000) when money or a counted noun
 * of count_nouns.tsv follows; otherwise it stays a decimal («98.088 في المعاملات», «3.776
 * %», «6.935 مليون برميل»).  The Arabic decimal separator «٫» is always a decimal point.
 * Returns 1 and sets *v when the token reads as thousands. */
static int dot_thousands(const struct qscan *s, uint32_t d, double *v)
{
    const struct qtok *q = qs_tok(s, d);
    size_t n = q->n;
    if (d < s->first || d >= s->last || q->kind != RASD_TOK_NUMBER || n < 5 || n > 7 ||
        q->s[n - 4] != '.' || q->s[0] == '0')
        return 0;
    double a = 0;
    for (size_t k = 0; k < n; k++) {
        if (k == n - 4)
            continue;
        if (q->s[k] < '0' || q->s[k] > '9')
            return 0;
        a = a * 10 + (q->s[k] - '0');
    }
    const rasd_text *t = s->t;
    size_t at = s->tk->tok[d].nstart + n - 4;
    if (t->map && t->map[at + 1] - t->map[at] != 1)
        return 0; /* «٫» in the original */
    *v = a;
    return 1;
}

/* Money or a counted noun at token i: what makes a three-digit group thousands. */
static int counted_at(const struct qscan *s, uint32_t i, uint32_t lim)
{
    if (i >= lim || i >= s->last)
        return 0;
    uint32_t e = 0;
    const struct qent *u = qs_phrase(s, i, lim, QR_UNIT, 0, &e);
    const struct qtok *r = qs_tok(s, i);
    return (u && u->unit == NUMU_CURRENCY) ||
           (r->kind == RASD_TOK_ARABIC && qlex_counted(s->lx, r->s, r->n));
}

static int thousands_dot(const struct qscan *s, uint32_t d, uint32_t lim, double *v)
{
    double a;
    if (d + 1 >= lim || d + 1 >= s->last || !dot_thousands(s, d, &a) ||
        !counted_at(s, d + 1, lim))
        return 0;
    *v = a;
    return 1;
}

/* Saudi, Kuwaiti and Emirati agency copy writes the decimal mark as the letter «ر» with the
 * parts stored in reverse order: the digits after «ر» are the whole part, those before it
 * the fraction.  In the SaudiNewsNet sample «88ر0 درجة مئوية» is 0.88 degrees, «29ر53
 * دولاراً» an oil price of 53.29, «935ر6 مليون برميل» 6.935 million barrels (and «8ر0»,
 * «5ر0 في المائة» are never 8 or 5 point zero).  Three digits before «ر» and a counted noun
 * or money after group thousands, as with a dot: «000ر22 مسلم» is 22000.  Digit token d,
 * «ر» and digits, all touching; returns 1 and sets *v. */
static int ra_decimal(const struct qscan *s, uint32_t d, uint32_t lim, double *v)
{
    if (d + 2 >= lim || !qs_tok(s, d)->ndig || !qs_adjacent(s, d) || !qs_adjacent(s, d + 1) ||
        !qs_is(s, d + 1, "\xd8\xb1") || !is_digits(s, d + 2) || !qs_tok(s, d + 2)->ndig)
        return 0;
    const struct qtok *f = qs_tok(s, d), *w = qs_tok(s, d + 2);
    if (f->ndig == 3 && w->s[0] != '0' && counted_at(s, d + 3, lim))
        *v = w->val * 1000 + f->val;
    else
        *v = w->val + f->val / pow(10, f->ndig);
    return 1;
}

/* Reads digits from token i: «-12», «.77», «11/10», «12 ألف», «1.5 مليون». */
static int parse_digits(const struct qscan *s, uint32_t i, uint32_t lim, struct nres *r)
{
    int neg = 0, lead_dot = 0;
    uint32_t d = i;
    /* most tokens asked about are words: neither digits nor a sign */
    if (i < s->first || i >= s->last ||
        (!qs_tok(s, i)->isnum && qs_tok(s, i)->kind != RASD_TOK_PUNCT))
        return 0;
    if (qs_tok(s, i)->kind == RASD_TOK_PUNCT) {
        /* a sign or a leading point stands apart from what precedes it: «-5», not «كلمة-14» */
        int apart = i == s->first || !qs_adjacent(s, i - 1) ||
                    qs_tok(s, i - 1)->kind == RASD_TOK_PUNCT;
        if (is_punct(s, i, "-") && apart && qs_adjacent(s, i) && is_digits(s, i + 1))
            neg = 1, d = i + 1;
        else if (is_punct(s, i, ".") && apart && qs_adjacent(s, i) && is_digits(s, i + 1) &&
                 qs_tok(s, i + 1)->ndig)
            lead_dot = 1, d = i + 1;
    }
    if (d >= lim || !is_digits(s, d))
        return 0;
    double v = qs_tok(s, d)->val;
    if (lead_dot)
        v = v / pow(10, qs_tok(s, d)->ndig);
    else if (!neg && !qs_tok(s, d)->ndig)
        r->grouped = thousands_dot(s, d, lim, &v);
    else if (ra_decimal(s, d, lim, &v))
        d += 2;
    uint32_t j = d + 1;
    if (is_punct(s, j, "/") && qs_adjacent(s, d) && qs_adjacent(s, j) && is_digits(s, j + 1) &&
        j + 1 < lim && qs_tok(s, j + 1)->val != 0) {
        v = v / qs_tok(s, j + 1)->val;
        r->unit = NUMU_FRACTION;
        j += 2;
    }
    r->v = neg ? -v : v;
    r->end = j;
    if (!r->unit && take_scale(s, &j, lim, &v, 1e18, &r->scale, 1)) {
        r->v = neg ? -v : v;
        r->end = j;
    }
    return 1;
}

/* «مليون ونصف», «3 ملايين ونصف مليون», «ألف ونصف»: a half joined by «و» right after a
 * scale word is half of that scale, which may be repeated after it. */
static void take_half(const struct qscan *s, uint32_t lim, struct nres *r)
{
    const struct qent *c = NULL;
    int k;
    if (r->scale <= 0 || r->unit || fmod(r->v, r->scale) != 0 || r->end >= lim ||
        !(k = conj_word(s, r->end, lim, &c)) || c->numcls != NC_FRACTION)
        return;
    r->v += c->numval * r->scale;
    r->end += (uint32_t)k;
    const struct qent *w = r->end < lim ? numword(s, r->end, 0, NULL) : NULL;
    if (w && w->numcls == NC_SCALE && w->numval == r->scale)
        r->end++;
}

/* A whole number, then «فاصلة» and a decimal part. */
static int parse_number(const struct qscan *s, uint32_t i, uint32_t lim, struct nres *r)
{
    memset(r, 0, sizeof *r);
    r->first = i;
    if (!parse_digits(s, i, lim, r) && !parse_words(s, i, lim, r))
        return 0;
    /* «مليون و200 ألف», «3 ملايين و500 ألف»: a smaller part joined by «و» right after a
     * scale word belongs to the same number */
    while (r->scale > 0 && r->end + 1 < lim && qs_is(s, r->end, "\xd9\x88") &&
           qs_tok(s, r->end + 1)->isnum) {
        struct nres f;
        memset(&f, 0, sizeof f);
        if (!parse_digits(s, r->end + 1, lim, &f) || f.unit || f.v <= 0 || f.v >= r->scale ||
            (f.scale == 0 && f.v != floor(f.v)))
            break;
        r->v += f.v;
        r->end = f.end;
        r->scale = f.scale;
    }
    take_half(s, lim, r);
    const struct qent *p = r->end < lim ? numword(s, r->end, 0, NULL) : NULL;
    if (p && p->numcls == NC_POINT && r->v >= 0 && r->v == floor(r->v) && !r->scale) {
        struct nres f;
        memset(&f, 0, sizeof f);
        uint32_t k = r->end + 1;
        if (k < lim && (parse_digits(s, k, lim, &f) || parse_words(s, k, lim, &f)) &&
            f.v >= 0 && f.v == floor(f.v) && !f.unit && !f.scale) {
            double den = 1;
            while (den <= f.v)
                den *= 10;
            r->v += f.v / den;
            r->end = f.end;
        }
    }
    return 1;
}

/* An ordinal from token i: «الثالث», «الحادي عشر», «الخامس والعشرين». */
static int parse_ordinal(const struct qscan *s, uint32_t i, uint32_t lim, struct nres *r)
{
    unsigned pf = 0;
    const struct qent *e = qs_ent(s, i, QR_ORD, ANY_PF, &pf);
    memset(r, 0, sizeof *r);
    r->first = i;
    if (!e)
        return 0;
    double v = e->ord;
    uint32_t j = i + 1;
    const struct qent *t = j < lim ? numword(s, j, 0, NULL) : NULL;
    const struct qent *c = NULL;
    int k;
    if (t && t->numcls == NC_TEN && v < 10) {
        v += 10;
        j++;
    } else if ((k = conj_word(s, j, lim, &c)) && c->numcls == NC_TENS && v < 10) {
        v += c->numval;
        j += (uint32_t)k;
    } else if (e->ord == 1 && e->numcls == 0 && qs_tok(s, i)->n >= 8 &&
               memcmp(qs_tok(s, i)->s + qs_tok(s, i)->n - 8,
                      "\xd8\xad\xd8\xa7\xd8\xaf\xd9\x8a", 8) == 0) {
        return 0; /* «حادي» stands only in compounds */
    }
    r->v = v;
    r->end = j;
    r->ordinal = 1;
    r->art = (pf & PF_ART) != 0;
    return 1;
}

int num_read(const struct qscan *s, uint32_t i, uint32_t lim, struct num_read *out)
{
    struct nres r;
    memset(out, 0, sizeof *out);
    if (parse_number(s, i, lim, &r)) {
        out->ordinal = r.words && r.art && r.teen_or_tens && r.v >= 11 && r.v < 100 && !r.unit;
    } else if (!parse_ordinal(s, i, lim, &r)) {
        return 0;
    } else {
        out->ordinal = 1;
    }
    out->end = r.end;
    out->v = r.v;
    out->words = r.words || r.ordinal;
    out->fraction = r.unit == NUMU_FRACTION;
    return 1;
}

struct nctx {
    const struct qscan *s;
    const struct date_list *dates;
    size_t dpos;
    struct num_list *out;
};

static int push(struct num_list *l, const struct num_match *m)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        struct num_match *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return RASD_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *m;
    return RASD_OK;
}

static int64_t clamp64(double v)
{
    if (v > 9e15)
        return (int64_t)9e15;
    if (v < -9e15)
        return (int64_t)-9e15;
    return (int64_t)v;
}

/* Bounds of a value under a qualifier (../shared/spec/figures.md). */
static void set_bounds(struct num_match *m)
{
    double v = m->value;
    m->has_low = m->has_high = 1;
    m->low = clamp64(floor(v));
    m->high = clamp64(ceil(v));
    switch (m->qual) {
    case NUMQ_AT_LEAST:
        m->low = clamp64(ceil(v));
        m->has_high = 0;
        break;
    case NUMQ_MORE_THAN:
        m->low = clamp64(floor(v) + 1);
        m->has_high = 0;
        break;
    case NUMQ_AT_MOST:
        m->high = clamp64(floor(v));
        m->has_low = 0;
        break;
    case NUMQ_LESS_THAN:
        m->high = clamp64(ceil(v) - 1);
        m->has_low = 0;
        break;
    default:
        break;
    }
    if (!m->has_low)
        m->low = 0;
    if (!m->has_high)
        m->high = 0;
}

static int claimed(struct nctx *c, uint32_t i)
{
    return date_list_covers(c->dates, i, &c->dpos);
}

/* A qualifier phrase that ends right before token i; returns its first token or i. */
static uint32_t qual_before(const struct qscan *s, uint32_t i, uint32_t floor_tok, int *qual)
{
    int maxw = qlex_max_phrase(s->lx);
    if (maxw < 1)
        maxw = 1;
    for (int w = maxw; w >= 1; w--) {
        if (i < floor_tok + (uint32_t)w)
            continue;
        uint32_t b = i - (uint32_t)w, end = 0;
        if (qs_line_end(s, b, i + 1) <= i)
            continue; /* not across a line break */
        const struct qent *e = qs_phrase(s, b, i, QR_QUAL, PF_CONJ | PF_PREP, &end);
        if (e && end == i && !e->qafter && e->qual != NUMQ_RANGE) {
            *qual = e->qual;
            return b;
        }
    }
    return i;
}

/* A qualifier after token i («40 على الأقل», «40 قتيلا على الأقل»); returns the token after
 * it, or i; *noun gets a skipped counted noun. */
static uint32_t qual_after(const struct qscan *s, uint32_t i, uint32_t lim, int *qual,
                           uint32_t *noun)
{
    for (int skip = 0; skip < 2; skip++) {
        uint32_t b = i + (uint32_t)skip, end = 0;
        if (skip && (b >= lim || qs_tok(s, i)->kind != RASD_TOK_ARABIC ||
                     (qs_tok(s, i)->roles & (QR_NUM | QR_QUAL | QR_UNIT))))
            break;
        const struct qent *e = qs_phrase(s, b, lim, QR_QUAL, PF_CONJ, &end);
        if (e && e->qafter) {
            *qual = e->qual;
            if (skip)
                *noun = i;
            return end;
        }
    }
    return i;
}

/* A unit after token i: «%», «في المئة», «دولار». */
static uint32_t unit_after(const struct qscan *s, uint32_t i, uint32_t lim, int *unit)
{
    uint32_t end = 0;
    const struct qent *e = qs_phrase(s, i, lim, QR_UNIT, PF_PREP, &end);
    if (e) {
        *unit = e->unit;
        return end;
    }
    return i;
}

static void set_span(const struct qscan *s, struct num_match *m)
{
    m->start = s->tk->tok[m->tok_first].start;
    m->end = s->tk->tok[m->tok_last - 1].end;
}

/* «بين 60 و90», «من 5 إلى 10», «60-90», «5 إلى 10»: returns the token after, or 0. */
static uint32_t parse_range(const struct qscan *s, uint32_t i, uint32_t lim, struct nres *lo,
                            struct nres *hi, int change)
{
    uint32_t b = i, j, pe = 0;
    int between = 0;
    const struct qent *op = qs_phrase(s, i, lim, QR_QUAL, PF_CONJ, &pe);
    if (op && op->qual == NUMQ_RANGE) {
        between = op->qand;
        b = pe;
    }
    if (!parse_number(s, b, lim, lo) || lo->ordinal || lo->unit)
        return 0;
    j = lo->end;
    const struct qent *c;
    unsigned pf = 0;
    if (between) {
        if (qs_is(s, j, "\xd9\x88"))
            j++;
        else if (!((c = numword(s, j, PF_CONJ, &pf)) && (pf & PF_CONJ)))
            return 0;
        if (!parse_number(s, j, lim, hi))
            return 0;
    } else {
        const struct qent *to = qs_ent(s, j, QR_CUE, 0, NULL);
        int dash = 0;
        if (is_punct(s, j, "-") && qs_adjacent(s, lo->end - 1) && qs_adjacent(s, j) && !lo->words)
            j++, dash = 1;
        else if (to && (to->cue & CUE_TO))
            j++;
        else
            return 0;
        if (!parse_number(s, j, lim, hi) || (dash && hi->words))
            return 0;
    }
    if (hi->ordinal || hi->unit)
        return 0;
    if (hi->scale && !lo->scale && lo->v * hi->scale <= hi->v && lo->v < hi->v / hi->scale)
        lo->v *= hi->scale; /* «بين 3 و5 آلاف» */
    double g;
    if (hi->grouped && !lo->words && lo->end == b + 1 && dot_thousands(s, b, &g))
        lo->v = g; /* «بين 1.500 و2.000 دولار»: the lower bound is grouped alike */
    if (!(lo->v < hi->v) && !change)
        return 0; /* a change may go down: «تراجع من 3 آلاف إلى ألفين» */
    lo->first = i;
    return hi->end;
}

/* «ارتفعت حصيلة القتلى من 31 إلى 32»: a range opened by «من» at token i, with a verb of
 * change a few words before it, reports a change; its second number is the new value. */
static int is_change(const struct qscan *s, uint32_t i, uint32_t lim)
{
    uint32_t end = 0;
    const struct qent *op = qs_phrase(s, i, lim, QR_QUAL, PF_CONJ, &end);
    if (!op || op->qual != NUMQ_RANGE || op->qand)
        return 0;
    for (uint32_t k = 1; k <= CHANGE_REACH && i >= s->first + k; k++) {
        uint32_t t = i - k;
        const rasd_token *tok = &s->tk->tok[t + 1];
        if (tok->nl || qs_tok(s, t)->kind != RASD_TOK_ARABIC || (qs_tok(s, t)->roles & QR_NUM))
            return 0;
        if (qs_ent(s, t, QR_CHANGE, PF_CONJ, NULL))
            return 1;
    }
    return 0;
}

/* «عشرات», «عشرات الآلاف», «عدد من», «بضعة آلاف». */
static uint32_t parse_vague(const struct qscan *s, uint32_t i, uint32_t lim, int64_t *lo,
                            int64_t *hi, int *has_hi)
{
    uint32_t end = 0;
    const struct qent *e = qs_phrase(s, i, lim, QR_VAGUE, ANY_PF, &end);
    if (!e)
        return 0;
    *lo = e->vlow;
    *hi = e->vhigh;
    *has_hi = e->vhigh >= 0;
    if (e->vscale && end < lim) {
        const struct qent *sc = numword(s, end, PF_ART, NULL);
        if (sc && sc->numcls == NC_SCALES) {
            *lo *= (int64_t)sc->numval;
            if (*has_hi)
                *hi = (*hi + 1) * (int64_t)sc->numval - 1;
            end++;
        }
    }
    return end;
}

/* A dual counted noun at i («جنديين», «طفلان»), with an optional «اثنين» after it. */
static uint32_t parse_dual(const struct qscan *s, uint32_t i, uint32_t lim)
{
    if (!qs_ent(s, i, QR_NOUN, ANY_PF, NULL))
        return 0;
    /* «4 شرطيين»: after a number the noun is its plural, not a dual. */
    if (i > s->first && (qs_tok(s, i - 1)->isnum || (qs_tok(s, i - 1)->roles & QR_NUM)))
        return 0;
    uint32_t j = i + 1;
    const struct qent *two = j < lim ? numword(s, j, PF_ART, NULL) : NULL;
    if (two && two->numcls == NC_UNIT && two->numval == 2)
        j++;
    return j;
}

/* Within RASD_NUM_MAX the value and both bounds are exact, so low <= value <= high. */
static int in_range(const struct num_match *m)
{
    return !(m->has_value && !(fabs(m->value) <= RASD_NUM_MAX)) &&
           !(m->has_low && (m->low > RASD_NUM_MAX || m->low < -RASD_NUM_MAX)) &&
           !(m->has_high && (m->high > RASD_NUM_MAX || m->high < -RASD_NUM_MAX));
}

static int emit(struct nctx *c, struct num_match *m)
{
    set_span(c->s, m);
    /* Its tokens stay taken: the digits of a huge number are no smaller numbers. */
    return in_range(m) ? push(c->out, m) : RASD_OK;
}

static int punct_is(const struct qscan *s, uint32_t i, char ch)
{
    const struct qtok *q = qs_tok(s, i);
    return q->kind == RASD_TOK_PUNCT && q->s[0] == ch;
}

/* Official statements write a number twice, in digits between brackets and in words
 * («ضبط (97) سبعة وتسعين موقوفاً», «أربعة (4) أشخاص»): the restatement is part of the
 * number, so that the counted noun after it is found.  Extends r over it. */
static void restated(const struct qscan *s, uint32_t lim, struct nres *r)
{
    struct nres w;
    if (!r->words && r->end + 1 < lim && punct_is(s, r->end, ')') &&
        parse_number(s, r->end + 1, lim, &w) && w.words && w.v == r->v) {
        r->end = w.end;
        r->words = 1;
    } else if (r->words && r->end + 2 < lim && punct_is(s, r->end, '(') &&
               parse_number(s, r->end + 1, lim, &w) && !w.words && w.v == r->v &&
               w.end < lim && punct_is(s, w.end, ')')) {
        r->end = w.end + 1;
    }
}

/* Reads the expression at token i; returns the token after it (i when none). */
static uint32_t match_at(struct nctx *c, uint32_t i, uint32_t lim, int *st)
{
    const struct qscan *s = c->s;
    struct num_match m;
    struct nres r, hi;
    uint32_t end;
    int64_t lo, h;
    int has_h;
    memset(&m, 0, sizeof m);
    m.noun_tok = NUM_NO_TOK;
    m.kind = NUM_CARDINAL;
    if (is_change(s, i, lim) && parse_range(s, i, lim, &r, &hi, 1))
        return hi.first; /* the old value is no figure; the new one is read next */
    if ((end = parse_range(s, i, lim, &r, &hi, 0))) {
        m.tok_first = r.first;
        m.num_first = r.first;
        m.num_last = m.tok_last = end;
        m.qual = NUMQ_RANGE;
        m.has_low = m.has_high = 1;
        m.low = clamp64(r.v);
        m.high = clamp64(hi.v);
        *st = emit(c, &m);
        return end;
    }
    if (parse_number(s, i, lim, &r)) {
        restated(s, lim, &r);
        int ord = r.words && r.art && r.teen_or_tens && r.v >= 11 && r.v < 100 && !r.unit;
        m.kind = ord ? NUM_ORDINAL : NUM_CARDINAL;
        m.value = r.v;
        m.has_value = 1;
        m.unit = r.unit;
        m.num_first = i;
        m.num_last = r.end;
        m.tok_first = i;
        m.tok_last = r.end;
        if (!ord) {
            int q = NUMQ_EXACT;
            uint32_t qb = qual_before(s, i, s->first, &q);
            uint32_t e2 = r.end;
            if (!m.unit)
                e2 = unit_after(s, r.end, lim, &m.unit);
            if (qb == i) {
                uint32_t noun = NUM_NO_TOK;
                uint32_t qa = qual_after(s, e2, lim, &q, &noun);
                if (qa != e2)
                    e2 = qa, m.noun_tok = noun;
            }
            /* «مدني واحد»: «واحد» right after a noun fixes it to one */
            if (r.words && r.v == 1 && r.end == i + 1 && i > s->first && !r.art &&
                !s->tk->tok[i].nl &&
                qs_tok(s, i - 1)->kind == RASD_TOK_ARABIC &&
                !(qs_tok(s, i - 1)->roles & (QR_NUM | QR_QUAL | QR_CUE | QR_ORD)) &&
                m.noun_tok == NUM_NO_TOK && qb == i) {
                m.noun_tok = i - 1;
                m.tok_first = i - 1;
            }
            if (qb != i)
                m.tok_first = qb;
            m.tok_last = e2;
            m.qual = q;
        }
        set_bounds(&m);
        *st = emit(c, &m);
        return m.tok_last;
    }
    if (parse_ordinal(s, i, lim, &r)) {
        m.kind = NUM_ORDINAL;
        m.value = r.v;
        m.has_value = 1;
        m.tok_first = m.num_first = i;
        m.tok_last = m.num_last = r.end;
        set_bounds(&m);
        *st = emit(c, &m);
        return r.end;
    }
    if ((end = parse_vague(s, i, lim, &lo, &h, &has_h))) {
        m.qual = NUMQ_VAGUE;
        m.tok_first = m.num_first = i;
        m.tok_last = m.num_last = end;
        m.has_low = 1;
        m.low = lo;
        m.has_high = has_h;
        m.high = has_h ? h : 0;
        *st = emit(c, &m);
        return end;
    }
    if ((end = parse_dual(s, i, lim))) {
        m.value = 2;
        m.has_value = 1;
        m.noun_tok = i;
        m.tok_first = m.num_first = i;
        m.num_last = end > i + 1 ? end : i + 1;
        m.tok_last = end;
        if (end > i + 1)
            m.num_first = i + 1;
        int q = NUMQ_EXACT;
        uint32_t qb = qual_before(s, i, s->first, &q);
        if (qb != i)
            m.tok_first = qb, m.qual = q;
        set_bounds(&m);
        *st = emit(c, &m);
        return end;
    }
    return i;
}

int num_find(const rasd_text *t, const rasd_tokens *tk, uint32_t first, uint32_t last,
             const struct date_list *dates, struct num_list *out)
{
    struct qscan s;
    int st = qscan_init(&s, t, tk, first, last);
    if (st == RASD_OK)
        st = num_find_scan(&s, dates, out);
    qscan_free(&s);
    return st;
}

/* Whether a number, vague quantity or dual noun starts within the few tokens after i that
 * a qualifier phrase can span. */
static int number_ahead(const struct qscan *s, uint32_t i, uint32_t lim)
{
    for (uint32_t k = i + 1; k < lim && k <= i + 5; k++) {
        const struct qtok *q = qs_tok(s, k);
        if (q->isnum || (q->roles & (QR_NUM | QR_VAGUE | QR_NOUN)) ||
            (q->kind == RASD_TOK_PUNCT && (q->s[0] == '-' || q->s[0] == '.')))
            return 1;
    }
    return 0;
}

int num_find_scan(const struct qscan *s, const struct date_list *dates, struct num_list *out)
{
    struct nctx c = {s, dates, 0, out};
    int st = RASD_OK;
    uint32_t i = s->first;
    while (i < s->last && st == RASD_OK) {
        const struct qtok *q = qs_tok(s, i);
        const uint32_t opens = QR_NUM | QR_ORD | QR_VAGUE | QR_NOUN | QR_QUAL | QR_PHRASE;
        if (!((q->roles & opens) || q->isnum ||
              (q->kind == RASD_TOK_PUNCT && (q->s[0] == '-' || q->s[0] == '.'))) ||
            claimed(&c, i)) {
            i++;
            continue;
        }
        /* a number stops where the next date starts, and spans a few dozen tokens at most */
        uint32_t lim = qs_line_end(s, i, i + 48);
        if (dates && c.dpos < dates->n && dates->v[c.dpos].tok_first > i &&
            dates->v[c.dpos].tok_first < lim)
            lim = dates->v[c.dpos].tok_first;
        if (!q->isnum && !(q->roles & (QR_NUM | QR_ORD | QR_VAGUE | QR_NOUN)) &&
            !(q->proles & QR_VAGUE) &&
            q->kind != RASD_TOK_PUNCT && !number_ahead(s, i, lim)) {
            i++; /* «من», «ما», «على» with no number after them */
            continue;
        }
        uint32_t e = match_at(&c, i, lim, &st);
        i = e > i ? e : i + 1;
    }
    return st;
}

void num_list_free(struct num_list *l)
{
    if (!l)
        return;
    free(l->v);
    memset(l, 0, sizeof *l);
}
