#include "quant/date.h"
#include "quant/num.h"
#include "quant/qscan.h"
#include <stdlib.h>
#include <string.h>

/* What the tokens of one date expression said, slot by slot; a slot filled twice ends
 * the expression.  Resolution then reads the slots against the anchor. */
struct dbag {
    int16_t wday, wdir;                  /* wday -1: none; wdir 2: none */
    int16_t week_set, week_off;          /* «الأسبوع الماضي» */
    int16_t day, month, year;            /* 0: none; month may be Hijri */
    int16_t hijri;
    int16_t mdir;                        /* 2: none; «21 يناير الجاري» */
    int16_t mrel_set, mrel;              /* «الشهر الماضي», «هذا الشهر» */
    int16_t yrel_set, yrel;
    int16_t year_hijri;                  /* year written as Hijri («1443 هـ») */
    int16_t day2, month2, year2;         /* end of an interval */
    int16_t nth, nth_what;               /* 1..5 or -1 (last); what: 1 weekday, 2 day, 3 week */
    int16_t ambiguous_nth;               /* «الثلاثاء الثالث من ...»: day 3 or 3rd Tuesday */
    int16_t mlo, mhi, mpos_set;
    int16_t rel_set, rel_grain, rel_off;
    int16_t ago_set, ago_grain, ago_n;   /* ago_n < 0: «خلال»: an interval up to the anchor */
    int16_t multi_set, multi_grain, multi_n, multi_dir;
    int16_t time_set, hour, minute, hour2_set, hour2;
    int16_t part, phour;
    const struct qent *hol;
    int16_t ny, nm, nd, num_set;         /* numeric date 24-01-2022 */
    int16_t to_seen;
};

#define ALLOW (PF_CONJ | PF_PREP)

static inline unsigned cue_at(const struct qscan *s, uint32_t j, unsigned allow)
{
    const struct qent *e = qs_ent(s, j, QR_CUE, allow, NULL);
    return e ? e->cue : 0;
}

static int punct_is(const struct qscan *s, uint32_t j, const char *p)
{
    return j >= s->first && j < s->last && qs_tok(s, j)->kind == RASD_TOK_PUNCT && qs_is(s, j, p);
}

static int digits_val(const struct qscan *s, uint32_t j, int maxdig)
{
    if (j < s->first || j >= s->last)
        return -1;
    const struct qtok *q = qs_tok(s, j);
    if (q->kind != RASD_TOK_NUMBER || !q->ndig || q->ndig > maxdig)
        return -1;
    return (int)q->val;
}

/* A month name phrase at j, without alternatives: the token after it, or 0. */
static uint32_t month_name_only(const struct qscan *s, uint32_t j, uint32_t lim, int *m)
{
    uint32_t end = 0;
    const struct qent *e = j < lim ? qs_phrase(s, j, lim, QR_MONTH, 0, &end) : NULL;
    if (!e)
        return 0;
    *m = e->month;
    return end;
}

/* A month name phrase at j (proclitics ب ل و ف allowed): returns the token after, or 0. */
static uint32_t month_name(const struct qscan *s, uint32_t j, uint32_t lim, int *m, int *hijri,
                           int *needs_ctx)
{
    uint32_t end = 0;
    const struct qent *e = qs_phrase(s, j, lim, QR_MONTH, ALLOW, &end);
    if (!e)
        return 0;
    *m = e->month;
    *hijri = e->hijri;
    *needs_ctx = e->mctx;
    /* «يناير/كانون الثاني»: the same month in the other system */
    int m2, h2, c2;
    uint32_t e2;
    if (punct_is(s, end, "/") && (e2 = month_name(s, end + 1, lim, &m2, &h2, &c2)) && m2 == *m)
        end = e2, *needs_ctx = 0;
    /* «نوفمبر تشرين الثاني» */
    else if ((e2 = month_name_only(s, end, lim, &m2)) && m2 == *m)
        end = e2, *needs_ctx = 0;
    /* «أبريل (نيسان)» */
    else if (punct_is(s, end, "(") && (e2 = month_name(s, end + 1, lim, &m2, &h2, &c2)) &&
             m2 == *m && punct_is(s, e2, ")"))
        end = e2 + 1, *needs_ctx = 0;
    return end;
}

/* A number 1..maxv at j, in digits or words (ordinal or cardinal). */
static uint32_t small_num(const struct qscan *s, uint32_t j, uint32_t lim, int maxv, int *v,
                          int *ordinal)
{
    struct num_read r;
    if (j >= lim || !num_read(s, j, lim, &r) || r.fraction || r.v < 1 || r.v > maxv ||
        r.v != (int)r.v)
        return 0;
    if (!r.words && qs_tok(s, j)->ndig == 0)
        return 0;
    *v = (int)r.v;
    if (ordinal)
        *ordinal = r.ordinal;
    return r.end;
}

/* A month: a name, «شهر» + name or number, «الشهر» + ordinal; or a relative one («هذا
 * الشهر», «الشهر الماضي»).  Returns the token after, or 0. */
static uint32_t month_expr(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b,
                           int need_strong)
{
    int m, h, ctx, v, ord;
    uint32_t e;
    unsigned pf = 0;
    const struct qent *c = qs_ent(s, j, QR_CUE, ALLOW | PF_ART, &pf);
    if (c && (c->cue & CUE_THIS) && j + 1 < lim) {
        const struct qent *g = qs_ent(s, j + 1, QR_CUE, 0, NULL);
        if (g && (g->cue & CUE_MONTH) && qs_tok(s, j + 1)->n > 6) {
            b->mrel_set = 1, b->mrel = 0;
            return j + 2;
        }
    }
    if (c && (c->cue & CUE_MONTH) && j + 1 < lim) {
        const struct qent *d = qs_ent(s, j + 1, QR_DIR, 0, NULL);
        const struct qtok *q = qs_tok(s, j);
        int art = q->n >= 10 &&
                  memcmp(q->s + q->n - 10, "\xd8\xa7\xd9\x84\xd8\xb4\xd9\x87\xd8\xb1", 10) == 0;
        if (art && d) {
            b->mrel_set = 1, b->mrel = d->dir;
            return j + 2;
        }
        if ((e = month_name(s, j + 1, lim, &m, &h, &ctx))) {
            b->month = m, b->hijri = h;
            const struct qent *d = e < lim ? qs_ent(s, e, QR_DIR, 0, NULL) : NULL;
            if (d && need_strong)
                b->mdir = d->dir, e++; /* «شهر أبريل الماضي» */
            return e;
        }
        if ((e = small_num(s, j + 1, lim, 12, &v, &ord)) && (art ? ord : 1)) {
            b->month = v;
            return e;
        }
        return 0;
    }
    if ((e = month_name(s, j, lim, &m, &h, &ctx))) {
        if (ctx && need_strong && !(digits_val(s, e, 4) >= 1000 && qs_tok(s, e)->ndig == 4))
            return 0;
        b->month = m, b->hijri = h;
        const struct qent *d = e < lim ? qs_ent(s, e, QR_DIR, 0, NULL) : NULL;
        if (d && need_strong)
            b->mdir = d->dir, e++; /* «يونيو الماضي» */
        return e;
    }
    return 0;
}

/* A 4-digit year at j, with «م»/«هـ» after it: returns the token after, or 0. */
static uint32_t year_digits(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b,
                            int *marked)
{
    int y = digits_val(s, j, 4);
    if (y < 1000 || qs_tok(s, j)->ndig != 4)
        return 0;
    uint32_t e = j + 1;
    *marked = 0;
    if (e < lim && (qs_is(s, e, "\xd9\x85") || qs_is(s, e, "\xd9\x87"))) {
        b->year_hijri = qs_is(s, e, "\xd9\x87");
        *marked = 1;
        e++;
    }
    b->year = y;
    return e;
}

/* «عام 2014», «لعام 2014», «من عام 2014», «2014», «السنة القادمة», «هذا العام». */
static uint32_t year_expr(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b,
                          int bare_ok)
{
    uint32_t k = j, e;
    int marked;
    unsigned cu = cue_at(s, k, ALLOW | PF_ART);
    if (cu & CUE_THIS) {
        if (cue_at(s, k + 1, 0) & CUE_YEAR) {
            b->yrel_set = 1, b->yrel = 0;
            return k + 2;
        }
        return 0;
    }
    if (cu & CUE_YEAR) {
        const struct qent *d = qs_ent(s, k + 1, QR_DIR, 0, NULL);
        if (d && k + 1 < lim) {
            b->yrel_set = 1, b->yrel = d->dir;
            return k + 2;
        }
        if ((e = year_digits(s, k + 1, lim, b, &marked)))
            return e;
        return 0;
    }
    if (bare_ok && (e = year_digits(s, k, lim, b, &marked)))
        return e;
    return 0;
}

/* DAY [TO DAY] [من] MONTH [/MONTH] [DIR] and MONTH DAY [TO DAY]. */
static uint32_t day_month(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b)
{
    int d = 0, d2 = 0, ord = 0;
    uint32_t e, k;
    struct dbag t = *b;
    if ((e = small_num(s, j, lim, 31, &d, &ord))) {
        k = e;
        if (k < lim && ((cue_at(s, k, PF_CONJ) & CUE_TO) || (punct_is(s, k, "-") && !ord))) {
            uint32_t e2 = small_num(s, k + 1, lim, 31, &d2, NULL);
            if (e2 && d2 > d)
                k = e2;
            else
                d2 = 0;
        }
        if (cue_at(s, k, 0) & (CUE_FROM | CUE_LINK))
            k++;
        uint32_t me = month_expr(s, k, lim, &t, 0);
        if (me && (t.month || (t.mrel_set && ord))) {
            *b = t;
            b->day = d;
            b->day2 = d2;
            const struct qent *dir = qs_ent(s, me, QR_DIR, 0, NULL);
            if (dir && me < lim && b->month)
                b->mdir = dir->dir, me++;
            return me;
        }
        return 0;
    }
    int m, h, ctx;
    if ((e = month_name(s, j, lim, &m, &h, &ctx)) && e < lim &&
        (d = digits_val(s, e, 2)) >= 1 && d <= 31) {
        k = e + 1;
        if (k < lim && ((cue_at(s, k, PF_CONJ) & CUE_TO) || punct_is(s, k, "-"))) {
            int v = digits_val(s, k + 1, 2);
            if (v > d && v <= 31)
                d2 = v, k += 2;
        }
        /* «يوليو 13» but not «يناير 5 قتلى»: the day ends the phrase or a year follows */
        if (k < lim && qs_tok(s, k)->kind == RASD_TOK_ARABIC &&
            !(qs_tok(s, k)->roles & (QR_CUE | QR_PART)))
            return 0;
        b->month = m, b->hijri = h, b->day = d, b->day2 = d2;
        return k;
    }
    return 0;
}

/* 24-01-2022, 24/1/2022, 2022/1/24, 2022-01-24, 12.5.2022, and d/m, m/yyyy in context. */
static uint32_t numeric_date(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b,
                             int context)
{
    const struct qtok *q = qs_tok(s, j);
    if (q->kind != RASD_TOK_NUMBER)
        return 0;
    if (!q->ndig && q->n >= 8 && q->n <= 10) {
        /* one token «12.5.2022» */
        int p[3] = {0, 0, 0}, k = 0, nd = 0;
        for (uint32_t i = 0; i < q->n && k < 3; i++) {
            if (q->s[i] == '.') {
                if (!nd)
                    return 0;
                k++, nd = 0;
            } else if (++nd > 4) {
                return 0;
            } else {
                p[k] = p[k] * 10 + (q->s[i] - '0');
            }
        }
        if (k == 2 && cal_valid(p[2], p[1], p[0])) {
            b->ny = p[2], b->nm = p[1], b->nd = p[0], b->num_set = 1;
            return j + 1;
        }
        return 0;
    }
    int a = digits_val(s, j, 4);
    if (a < 0 || !qs_adjacent(s, j))
        return 0;
    const char *sep = punct_is(s, j + 1, "/") ? "/" : punct_is(s, j + 1, "-") ? "-" : NULL;
    if (!sep || !qs_adjacent(s, j + 1) || j + 2 >= lim)
        return 0;
    int c = digits_val(s, j + 2, 4);
    if (c < 0)
        return 0;
    if (j + 4 < lim && qs_adjacent(s, j + 2) && punct_is(s, j + 3, sep) && qs_adjacent(s, j + 3)) {
        int e = digits_val(s, j + 4, 4);
        int ya = qs_tok(s, j)->ndig == 4, ye = e >= 0 && qs_tok(s, j + 4)->ndig == 4;
        /* a year of 1300..1500 is Hijri («22/8/1436هـ»): months of 29 or 30 days */
        int hy = ya ? a : e, hd = ya ? e : a;
        if (ya && e >= 0 && cal_valid(a, c, e))
            b->ny = a, b->nm = c, b->nd = e;
        else if (ye && cal_valid(e, c, a))
            b->ny = e, b->nm = c, b->nd = a;
        else
            return 0;
        b->num_set = 1;
        if (hy >= 1300 && hy <= 1500 && hd <= 30)
            b->year_hijri = 1;
        uint32_t k = j + 5;
        if (k < lim && qs_adjacent(s, j + 4) &&
            (qs_is(s, k, "\xd9\x85") || qs_is(s, k, "\xd9\x87"))) {
            b->year_hijri = qs_is(s, k, "\xd9\x87") || b->year_hijri;
            k++;
        }
        return k;
    }
    /* «2012-2013»: a span of years */
    if (qs_tok(s, j)->ndig == 4 && qs_tok(s, j + 2)->ndig == 4 && a >= 1900 && a <= 2100 &&
        c > a && c <= 2100) {
        b->year = a, b->year2 = c;
        return j + 3;
    }
    if (sep[0] != '/')
        return 0;
    if (qs_tok(s, j + 2)->ndig == 4 && a >= 1 && a <= 12 && c >= 1900 && c <= 2100) {
        b->month = a, b->year = c; /* 2/2013 */
        return j + 3;
    }
    /* d/m only where a date is expected: «يوم السبت 21/09», or written with a zero */
    int zero = qs_tok(s, j + 2)->ndig == 2 && c < 10;
    if ((context || zero) && a >= 1 && a <= 31 && c >= 1 && c <= 12 &&
        qs_tok(s, j)->ndig <= 2 && qs_tok(s, j + 2)->ndig <= 2) {
        b->day = a, b->month = c;
        return j + 3;
    }
    return 0;
}

/* A weekday at j: «الجمعة», «يوم جمعة», with «الماضي» or «الأسبوع الماضي» after it. */
static uint32_t weekday(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b,
                        int bare_ok)
{
    unsigned pf = 0;
    const struct qent *e = qs_ent(s, j, QR_WDAY, ALLOW | PF_ART, &pf);
    if (!e)
        return 0;
    uint32_t k = j + 1;
    /* «الأحد عشر», «الاثنين عشر»: a number */
    const struct qent *ten = k < lim ? qs_ent(s, k, QR_NUM, 0, NULL) : NULL;
    if (ten && ten->numcls == NC_TEN)
        return 0;
    int week = 0;
    uint32_t w = k;
    if (cue_at(s, w, 0) & CUE_FROM)
        w++;
    unsigned cu = cue_at(s, w, 0);
    const struct qent *g = qs_ent(s, w, QR_GRAIN, PF_ART, NULL);
    if (cu & CUE_THIS) {
        g = qs_ent(s, w + 1, QR_GRAIN, PF_ART, NULL);
        if (g && g->grain == DATE_WEEK && g->gcount == 1)
            b->week_set = 1, b->week_off = 0, k = w + 2, week = 1;
    } else if (g && g->grain == DATE_WEEK && g->gcount == 1 && w + 1 < lim) {
        const struct qent *d = qs_ent(s, w + 1, QR_DIR, 0, NULL);
        if (d)
            b->week_set = 1, b->week_off = d->dir, k = w + 2, week = 1;
    }
    if (!(pf & PF_ART) && !bare_ok && !week)
        return 0;
    b->wday = e->wday;
    if (!week && k < lim) {
        const struct qent *d = qs_ent(s, k, QR_DIR, 0, NULL);
        if (d)
            b->wdir = d->dir, k++;
    }
    return k;
}

/* An nth or last: «ثالث», «الثالث», «اول», «آخر», «الأخير»; value in *n (-1 last). */
static uint32_t nth_word(const struct qscan *s, uint32_t j, uint32_t lim, int *n)
{
    if (j >= lim)
        return 0;
    if (cue_at(s, j, 0) & CUE_LAST) {
        *n = -1;
        return j + 1;
    }
    const struct qent *o = qs_ent(s, j, QR_ORD, PF_ART, NULL);
    if (o && o->ord <= 5) {
        *n = o->ord;
        return j + 1;
    }
    return 0;
}

/* The link into a month: «من», «في», or a ب/ل/في proclitic on the month word itself. */
static uint32_t month_link(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b)
{
    uint32_t k = j;
    if (cue_at(s, k, 0) & (CUE_FROM | CUE_LINK))
        k++;
    uint32_t e = month_expr(s, k, lim, b, 0);
    return e;
}

/* «ثالث ثلاثاء من شهر ايلول», «الثلاثاء الأخير من مارس», «اليوم الثالث من أكتوبر»,
 * «اخر يوم بشهر عشرة», «الاسبوع الاول من شهر عشرة». */
static uint32_t nth_group(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b)
{
    struct dbag t = *b;
    int n = 0;
    uint32_t k;
    const struct qent *g;
    /* NTH [يوم] WEEKDAY | NTH يوم | NTH اسبوع */
    if ((k = nth_word(s, j, lim, &n))) {
        g = qs_ent(s, k, QR_GRAIN, PF_ART, NULL);
        uint32_t w;
        if (g && g->grain == DATE_DAY && g->gcount == 1 && (w = weekday(s, k + 1, lim, &t, 1))) {
            t.nth_what = 1, k = w;
        } else if ((w = weekday(s, k, lim, &t, 1))) {
            t.nth_what = 1, k = w;
        } else if (g && g->gcount == 1 && (g->grain == DATE_DAY || g->grain == DATE_WEEK)) {
            t.nth_what = g->grain == DATE_DAY ? 2 : 3, k++;
        } else {
            return 0;
        }
        t.nth = n;
    } else if ((k = weekday(s, j, lim, &t, 0)) && nth_word(s, k, lim, &n)) {
        t.nth = n, t.nth_what = 1, t.ambiguous_nth = n > 0, k++;
    } else if ((g = qs_ent(s, j, QR_GRAIN, PF_ART, NULL)) && g->gcount == 1 &&
               (g->grain == DATE_DAY || g->grain == DATE_WEEK)) {
        int ord = 0, v = 0;
        k = j + 1;
        if (nth_word(s, k, lim, &n) && n == -1) {
            k++;
        } else if (g->grain == DATE_DAY && (k = small_num(s, k, lim, 31, &v, &ord)) && ord) {
            n = v;
        } else if (g->grain == DATE_WEEK && (k = nth_word(s, j + 1, lim, &n))) {
            ;
        } else {
            return 0;
        }
        t.nth = n, t.nth_what = g->grain == DATE_DAY ? 2 : 3;
    } else {
        return 0;
    }
    uint32_t e = month_link(s, k, lim, &t);
    if (!e)
        return 0;
    *b = t;
    return e;
}

/* «منتصف آذار», «في أواخر شهر مارس», «بداية شهر 3». */
static uint32_t mpos_group(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b)
{
    const struct qent *p = qs_ent(s, j, QR_MPOS, ALLOW, NULL);
    if (!p)
        return 0;
    struct dbag t = *b;
    uint32_t e = month_link(s, j + 1, lim, &t);
    if (!e)
        return 0;
    *b = t;
    b->mpos_set = 1, b->mlo = p->mlo, b->mhi = p->mhi;
    return e;
}

/* «الشهر الماضي», «هذا الأسبوع», «الأسابيع الثلاثة القادمة», «قبل يومين», «خلال أسبوعين». */
static uint32_t grain_rel(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b)
{
    unsigned pf = 0, cu = cue_at(s, j, PF_CONJ);
    const struct qent *g;
    int v = 1, ord;
    if (cu & (CUE_AGO | CUE_WITHIN | CUE_FROM)) {
        uint32_t k = j + 1, e;
        if ((e = small_num(s, k, lim, 1000, &v, &ord)) && !ord)
            k = e;
        else
            v = 1;
        g = qs_ent(s, k, QR_GRAIN, 0, &pf);
        if (!g || k >= lim)
            return 0;
        /* «خلال يوم أمس», «منذ يوم الجمعة»: the noun opens another date */
        const uint32_t opens = QR_REL | QR_WDAY | QR_DIR | QR_HOLIDAY | QR_MONTH;
        if (k + 1 < lim && ((qs_tok(s, k + 1)->roles & opens) ||
                            qs_tok(s, k + 1)->ndig == 4))
            return 0;
        if (g->gcount == 2 && k == j + 1)
            v = 2;
        else if (g->gcount == 0 && k == j + 1)
            return 0;
        if ((cu & CUE_FROM) && !(cu & (CUE_AGO | CUE_WITHIN)) && (k != j + 1 || g->gcount != 1))
            return 0;
        b->ago_set = 1, b->ago_grain = g->grain, b->ago_n = (cu & CUE_WITHIN) ? -v : v;
        return k + 1;
    }
    if (cu & CUE_THIS) {
        g = qs_ent(s, j + 1, QR_GRAIN, PF_ART, &pf);
        if (g && (pf & PF_ART) && g->gcount == 1 && j + 1 < lim) {
            b->rel_set = 1, b->rel_grain = g->grain, b->rel_off = 0;
            return j + 2;
        }
        return 0;
    }
    uint32_t k = j, e;
    if (qs_is(s, k, "\xd8\xa7\xd9\x84") && qs_adjacent(s, k)) /* «الـ24» */
        k++;
    if ((e = small_num(s, k, lim, 1000, &v, &ord)) && !ord && e + 1 < lim &&
        (g = qs_ent(s, e, QR_GRAIN, 0, NULL)) && g->gcount != 2) {
        const struct qent *d = qs_ent(s, e + 1, QR_DIR, 0, NULL);
        if (d && d->dir != 0) {
            b->multi_set = 1, b->multi_grain = g->grain, b->multi_n = v, b->multi_dir = d->dir;
            return e + 2;
        }
    }
    g = qs_ent(s, j, QR_GRAIN, PF_ART | PF_PREP, &pf);
    if (!g || !(pf & PF_ART) || j + 1 >= lim)
        return 0;
    const struct qent *d = qs_ent(s, j + 1, QR_DIR, 0, NULL);
    if (g->gcount == 1 && d) {
        b->rel_set = 1, b->rel_grain = g->grain, b->rel_off = d->dir;
        return j + 2;
    }
    if (g->gcount == 0 && (e = small_num(s, j + 1, lim, 100, &v, &ord)) && !ord && e < lim &&
        (d = qs_ent(s, e, QR_DIR, 0, NULL)) && d->dir != 0) {
        b->multi_set = 1, b->multi_grain = g->grain, b->multi_n = v, b->multi_dir = d->dir;
        return e + 1;
    }
    return 0;
}

/* An hour word on its own: «الرابعة» in «الرابعة واربعون دقيقة», where a longer reading
 * would make it «الرابع والأربعون». */
static uint32_t hour_word(const struct qscan *s, uint32_t k, uint32_t lim, int *h, int *ord)
{
    const struct qent *o = qs_ent(s, k, QR_ORD, PF_ART, NULL);
    const struct qent *n = qs_ent(s, k, QR_NUM, 0, NULL);
    const struct qent *t = k + 1 < lim ? qs_ent(s, k + 1, QR_NUM, 0, NULL) : NULL;
    int teen = t && t->numcls == NC_TEN;
    if (o && o->ord <= 10) {
        *h = o->ord + (teen ? 10 : 0), *ord = 1;
        return k + 1 + (uint32_t)teen;
    }
    if (n && (n->numcls == NC_UNIT || n->numcls == NC_TEN) && n->numval <= 10) {
        *h = (int)n->numval + (teen ? 10 : 0), *ord = 0;
        return k + 1 + (uint32_t)teen;
    }
    return 0;
}

/* Minutes after an hour: «و18 دقيقة», «وربع», «ونصف», «وثلث», «إلا ربع». */
static uint32_t minutes(const struct qscan *s, uint32_t e, uint32_t lim, int *h, int *mi)
{
    const struct qent *f;
    unsigned pf = 0;
    uint32_t w = e;
    int conj = 0, v = 0;
    if (w < lim && qs_is(s, w, "\xd9\x88"))
        w++, conj = 1;
    if (w < lim && (f = qs_ent(s, w, QR_NUM, PF_CONJ, &pf)) && (conj || (pf & PF_CONJ))) {
        if (f->numcls == NC_FRACTION) {
            *mi = (int)(f->numval * 60 + 0.5);
            return w + 1;
        }
        uint32_t me = small_num(s, w, lim, 59, &v, NULL);
        if (me && (cue_at(s, me, 0) & CUE_MINUTE)) {
            *mi = v;
            return me + 1;
        }
    } else if (conj && qs_tok(s, w)->kind == RASD_TOK_NUMBER) {
        v = digits_val(s, w, 2);
        if (v >= 0 && v < 60 && (cue_at(s, w + 1, 0) & CUE_MINUTE)) {
            *mi = v;
            return w + 2;
        }
    }
    if (e + 1 < lim &&
        (qs_is(s, e, "\xd8\xa7\xd9\x84\xd8\xa7") || qs_is(s, e, "\xd8\xa7\xd9\x84\xd9\x8a")) &&
        (f = qs_ent(s, e + 1, QR_NUM, 0, NULL)) && f->numcls == NC_FRACTION && *h > 0) {
        *h -= 1;
        *mi = 60 - (int)(f->numval * 60 + 0.5);
        return e + 2;
    }
    return e;
}

/* A clock time: «الساعة 3 و18 دقيقة», «3:18», «الثالثة فجرا», «15:23:24». */
static uint32_t clock(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b)
{
    uint32_t k = j, e;
    int h = -1, mi = 0, has_cue = 0, ord = 0, colon = 0;
    if (cue_at(s, k, PF_ART) & CUE_HOUR)
        k++, has_cue = 1;
    int d = digits_val(s, k, 2);
    if (d >= 0 && d <= 24 && qs_adjacent(s, k) && punct_is(s, k + 1, ":") &&
        qs_adjacent(s, k + 1) && digits_val(s, k + 2, 2) >= 0 && qs_tok(s, k + 2)->ndig == 2) {
        h = d, mi = digits_val(s, k + 2, 2), colon = 1;
        e = k + 3;
        if (qs_adjacent(s, k + 2) && punct_is(s, e, ":") && digits_val(s, e + 1, 2) >= 0)
            e += 2;
        if (mi > 59)
            return 0;
    } else if (has_cue && d >= 0 && d <= 24 && qs_tok(s, k)->ndig) {
        h = d, e = k + 1;
    } else if (!(e = hour_word(s, k, lim, &h, &ord))) {
        return 0;
    }
    if (!colon)
        e = minutes(s, e, lim, &h, &mi);
    /* without «الساعة», an hour word needs a part of the day: «الثالثة فجرا» */
    if (!has_cue && !colon) {
        uint32_t pe = 0;
        if (!ord || !qs_phrase(s, e, lim, QR_PART, ALLOW, &pe))
            return 0;
    }
    if (b->time_set && b->to_seen && !b->hour2_set) {
        b->hour2_set = 1, b->hour2 = h;
    } else if (!b->time_set) {
        b->time_set = 1, b->hour = h, b->minute = mi;
    } else {
        return 0;
    }
    return e;
}

static uint32_t part_of_day(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b)
{
    uint32_t end = 0;
    const struct qent *p = qs_phrase(s, j, lim, QR_PART, ALLOW, &end);
    if (!p || b->part)
        return 0;
    b->part = p->part, b->phour = p->phour;
    return end;
}

static uint32_t holiday(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b)
{
    uint32_t end = 0;
    const struct qent *h = qs_phrase(s, j, lim, QR_HOLIDAY, ALLOW, &end);
    if (!h || b->hol)
        return 0;
    b->hol = h;
    return end;
}

static uint32_t rel_word(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b)
{
    uint32_t end = 0;
    const struct qent *r = qs_phrase(s, j, lim, QR_REL, ALLOW, &end);
    if (!r)
        return 0;
    /* «اليوم الحادي عشر من الحصار» is a day count, not today */
    if (r->rgrain == DATE_DAY && r->roff == 0 && end < lim && qs_ent(s, end, QR_ORD, PF_ART, NULL))
        return 0;
    /* «اليوم» opens longer phrases: «اليوم الذي بعد الغد», «اليوم الثالث من ...» */
    if (b->rel_set && !(b->rel_grain == DATE_DAY && b->rel_off == 0))
        return 0;
    b->rel_set = 1, b->rel_grain = r->rgrain, b->rel_off = r->roff;
    return end;
}

/* After a weekday, an ordinal day of the anchor's month: «السبت السادس عشر». */
static uint32_t ordinal_day(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b)
{
    int v = 0, ord = 0;
    uint32_t e = small_num(s, j, lim, 31, &v, &ord);
    if (!e || !ord)
        return 0;
    b->day = v;
    return e;
}

/* A bare four-digit year after «في», «منذ», «حتى», «خلال», «مطلع»... when no word follows
 * that it could count («في 2019.» but not «في 2000 غارة»). */
static int bare_year_ok(const struct qscan *s, uint32_t j, uint32_t lim)
{
    int y = digits_val(s, j, 4);
    if (y < 1900 || y > 2100 || j == s->first)
        return 0;
    unsigned cu = cue_at(s, j - 1, PF_CONJ);
    if (!(cu & (CUE_LINK | CUE_AGO | CUE_TO | CUE_WITHIN | CUE_FROM)) &&
        !qs_ent(s, j - 1, QR_MPOS, PF_CONJ | PF_PREP, NULL))
        return 0;
    if (j + 1 < lim && qs_tok(s, j + 1)->kind == RASD_TOK_ARABIC &&
        !(qs_tok(s, j + 1)->roles & (QR_CUE | QR_DIR | QR_MONTH | QR_PART)))
        return 0;
    return 1;
}

/* Token j is a word read only with a «و»/«ف» proclitic stripped. */
static int conj_opens(const struct qscan *s, uint32_t j)
{
    const struct qtok *q = qs_tok(s, j);
    if (q->kind != RASD_TOK_ARABIC || q->n < 4 || !q->nana ||
        !((q->s[0] == '\xd9' && (q->s[1] == '\x88' || q->s[1] == '\x81'))))
        return 0;
    const struct qana *a = &s->ana[q->ana];
    for (int k = 0; k < q->nana; k++)
        if (!(a[k].pf & PF_CONJ))
            return 0;
    return 1;
}

static int has_date(const struct dbag *b)
{
    return b->day || b->month || b->num_set || b->wday >= 0 || b->rel_set || b->hol ||
           b->nth_what || b->mpos_set || b->ago_set || b->multi_set || b->mrel_set ||
           b->yrel_set || b->year;
}

/* One component at j; returns the token after it and sets *real (0 for a link word).
 * Each reader is tried only when the token's lexicon roles allow it to succeed. */
static uint32_t component(const struct qscan *s, uint32_t j, uint32_t lim, struct dbag *b,
                          int *real)
{
    uint32_t e;
    struct dbag t;
    const struct qtok *q = qs_tok(s, j);
    uint32_t r = q->roles;
    int num = q->isnum;
#define TRY(cond, call)                \
    if (cond) {                        \
        t = *b;                        \
        if ((e = (call)))              \
            goto ok;                   \
    }
    *real = 1;
    /* a word with «و» opens a coordinated date of its own: «9/6/2015 ومنذ 16 سنة» */
    if ((has_date(b) || b->time_set) && conj_opens(s, j))
        goto links;
    if ((b->rel_set && !(b->rel_grain == DATE_DAY && b->rel_off == 0)) || b->ago_set ||
        b->multi_set || (b->year && !b->month && !b->day && !b->hol && !b->nth_what)) {
        TRY(num || (r & (QR_CUE | QR_ORD | QR_NUM)), clock(s, j, lim, &t));
        TRY(r & (QR_PART | QR_PHRASE), part_of_day(s, j, lim, &t));
        goto links;
    }
    TRY(!b->hol && (r & (QR_HOLIDAY | QR_PHRASE)), holiday(s, j, lim, &t));
    TRY(q->kind == RASD_TOK_NUMBER && !b->num_set && !b->day && !b->month,
        numeric_date(s, j, lim, &t, has_date(b) || b->time_set));
    TRY(!b->nth_what && !b->day && !b->mpos_set && (r & (QR_ORD | QR_CUE | QR_WDAY | QR_GRAIN)),
        nth_group(s, j, lim, &t));
    TRY(!b->mpos_set && !b->day && !b->month && (r & QR_MPOS), mpos_group(s, j, lim, &t));
    TRY(!b->day && !b->num_set && !b->month &&
            (num || (r & (QR_NUM | QR_ORD | QR_MONTH | QR_PHRASE))),
        day_month(s, j, lim, &t));
    if (b->to_seen && b->day && !b->day2 && (num || (r & (QR_NUM | QR_ORD)))) {
        t = *b;
        if ((e = day_month(s, j, lim, &t))) {
            t.day2 = t.day, t.month2 = t.month, t.day = b->day, t.month = b->month;
            goto ok;
        }
    }
    TRY(b->wday >= 0 && !b->day && !b->month && !b->nth_what && (r & (QR_ORD | QR_NUM)),
        ordinal_day(s, j, lim, &t));
    TRY(b->wday < 0 && !b->nth_what && (r & QR_WDAY),
        weekday(s, j, lim, &t, j > s->first && (cue_at(s, j - 1, 0) & CUE_DAY)));
    TRY(!b->year && !b->yrel_set && (num || (r & QR_CUE)),
        year_expr(s, j, lim, &t, b->month || b->day || b->hol || b->nth_what ||
                                     bare_year_ok(s, j, lim)));
    TRY((!b->time_set || (b->to_seen && !b->hour2_set)) &&
            (num || (r & (QR_CUE | QR_ORD | QR_NUM))),
        clock(s, j, lim, &t));
    TRY(!b->rel_set && !b->ago_set && !b->multi_set && !b->mrel_set &&
            (num || (r & (QR_CUE | QR_GRAIN | QR_NUM))),
        grain_rel(s, j, lim, &t));
    TRY(r & (QR_REL | QR_PHRASE), rel_word(s, j, lim, &t));
    TRY(!b->month && !b->mrel_set && (r & (QR_MONTH | QR_CUE | QR_PHRASE)),
        month_expr(s, j, lim, &t, 1));
    TRY(r & (QR_PART | QR_PHRASE), part_of_day(s, j, lim, &t));
#undef TRY
links:
    /* link words: kept only when a component follows */
    *real = 0;
    unsigned cu = cue_at(s, j, 0) | (cue_at(s, j, PF_CONJ) & CUE_TO);
    if (qs_tok(s, j)->kind == RASD_TOK_PUNCT && (qs_is(s, j, ",") || qs_is(s, j, "-")))
        return j + 1;
    if ((cu & CUE_TZ) && b->time_set && j + 2 <= lim) {
        *real = 1; /* «بتوقيت GMT» belongs to the time */
        return j + 2;
    }
    if (cu & CUE_TO) {
        if (!has_date(b) && !b->time_set)
            return 0;
        b->to_seen = 1;
        return j + 1;
    }
    if (cu & (CUE_LINK | CUE_FROM | CUE_DAY | CUE_THAT | CUE_HOUR | CUE_THIS))
        return j + 1;
    return 0;
ok:
    *b = t;
    return e;
}

/* ---------------------------------------------------------------- resolution */

static int64_t anchor_days(const struct date_ctx *c)
{
    return cal_days(c->anchor.y, c->anchor.m, c->anchor.d);
}

static int64_t monday_of(int64_t d)
{
    return d - ((cal_weekday(d) + 6) % 7);
}

/* The year of a yearless month/day: forward from the anchor, or the nearest one not more
 * than a month after it (news report what happened). */
static int infer_year(const struct date_ctx *c, int m, int d, int hint)
{
    int y = c->anchor.y;
    if (hint == 0)
        return y;
    if (hint == -1)
        return m < c->anchor.m ? y : y - 1;
    if (hint == 1)
        return m > c->anchor.m ? y : y + 1;
    if (c->future)
        return m >= c->anchor.m ? y : y + 1;
    if (d < 1)
        d = 1;
    if (d > cal_month_len(y, m))
        d = cal_month_len(y, m);
    return cal_days(y, m, d) > anchor_days(c) + 31 ? y - 1 : y;
}

/* The Hijri year for month hm: the written year, or the one around the anchor. */
static int infer_hijri_year(const struct date_ctx *c, const struct dbag *b, int hm, int hd)
{
    if (b->year && (b->year_hijri || b->year < 1600))
        return b->year;
    if (b->year) {
        int hy = cal_hijri_year(cal_days(b->year, 1, 1));
        if (cal_from_days(cal_hijri_days(hy, hm, hd)).y < b->year)
            hy++;
        return hy;
    }
    int64_t a = anchor_days(c);
    int hy = cal_hijri_year(a);
    int64_t dd = cal_hijri_days(hy, hm, hd);
    if (c->future && dd < a)
        hy++;
    else if (!c->future && dd > a + 31)
        hy--;
    return hy;
}

/* Days outside years 1..9999 have no YYYY-MM-DD form («رمضان 9881 هـ»): such a date, or
 * such an interval end, stays unresolved rather than being written clamped. */
static int writable(int64_t d)
{
    struct date_ymd x = cal_from_days(d);
    return x.y >= 1 && x.y <= 9999;
}

static void set_day(struct date_match *m, int64_t d)
{
    if (!writable(d))
        return;
    m->date = cal_from_days(d);
    m->grain = DATE_DAY;
    m->resolved = 1;
}

static void set_interval(struct date_match *m, int64_t a, int64_t z, int grain)
{
    if (!writable(a))
        return;
    m->date = cal_from_days(a);
    m->grain = grain;
    m->resolved = 1;
    if (z > a && writable(z)) {
        m->has_end = 1;
        m->end_date = cal_from_days(z);
    }
}

static int64_t weekday_near(const struct date_ctx *c, int w, int dir)
{
    int64_t a = anchor_days(c);
    int wa = cal_weekday(a);
    int fwd = (w - wa + 7) % 7, back = (wa - w + 7) % 7;
    if (dir == 1 || (dir != -1 && c->future))
        return a + (fwd ? fwd : 7);
    if (dir == -1)
        return a - (back ? back : 7);
    return a - back;
}

/* The nth (or last, n = -1) weekday w of month m of year y; 0 when there is none. */
static int64_t nth_weekday(int y, int m, int w, int n)
{
    int64_t first = cal_days(y, m, 1);
    int len = cal_month_len(y, m);
    if (n > 0) {
        int64_t d = first + (w - cal_weekday(first) + 7) % 7 + 7 * (n - 1);
        return d < first + len ? d : 0;
    }
    int64_t last = first + len - 1;
    return last - (cal_weekday(last) - w + 7) % 7;
}

static int resolve_holiday(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    const struct qent *h = b->hol;
    int64_t a = c->anchor.y ? anchor_days(c) : 0;
    int y = b->year ? b->year : c->anchor.y;
    if (!y)
        return 1;
    int64_t d = 0;
    for (int pass = 0; pass < 3; pass++) {
        int yy = y + (pass == 0 ? 0 : pass == 1 ? (c->future ? 1 : -1) : 0);
        if (h->hcal == HCAL_GREGORIAN) {
            d = cal_days(yy, h->hmonth, h->hday);
        } else if (h->hcal == HCAL_EASTER) {
            d = cal_easter_days(yy) + (int8_t)h->hday;
        } else {
            int hy = cal_hijri_year(cal_days(yy, 1, 1));
            d = cal_hijri_days(hy, h->hmonth, h->hday);
            if (cal_from_days(d).y < yy)
                d = cal_hijri_days(hy + 1, h->hmonth, h->hday);
        }
        if (b->year || (c->future ? d >= a : d <= a))
            break;
    }
    set_day(m, d);
    if (h->hdays > 1)
        set_interval(m, d, d + h->hdays - 1, DATE_DAY);
    m->hijri = h->hcal == HCAL_HIJRI;
    return 1;
}

/* The month a bag names, with its year; 0 when it names none. */
static int bag_month(const struct date_ctx *c, const struct dbag *b, int day, int *y, int *m)
{
    if (b->mrel_set) {
        if (!c->anchor.y)
            return 0;
        *y = c->anchor.y, *m = c->anchor.m;
        cal_add_months(y, m, b->mrel);
        return 1;
    }
    if (!b->month)
        return 0;
    *m = b->month;
    if (b->yrel_set && c->anchor.y)
        *y = c->anchor.y + b->yrel;
    else if (b->year)
        *y = b->year;
    else if (c->anchor.y)
        *y = infer_year(c, b->month, day, b->mdir);
    else
        return 0;
    return 1;
}

/* Each resolver reads one kind of bag: R_NA when the bag is not its kind, R_FAIL when the
 * bag names no real date, R_OK when it set the date (a clock time may refine it), R_DONE
 * when it set all there is (or left the date unresolved for want of an anchor). */
enum { R_NA = -1, R_FAIL = 0, R_OK = 1, R_DONE = 2 };

static int has_anchor(const struct date_ctx *c)
{
    return c->anchor.y != 0;
}

static int res_holiday(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    if (!b->hol)
        return R_NA;
    resolve_holiday(c, b, m);
    return R_DONE;
}

static int res_numeric(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    (void)c;
    if (!b->num_set)
        return R_NA;
    if (b->year_hijri) {
        set_day(m, cal_hijri_days(b->ny, b->nm, b->nd));
        m->hijri = 1;
    } else {
        set_day(m, cal_days(b->ny, b->nm, b->nd));
    }
    return R_OK;
}

static int res_hijri(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    if (!(b->hijri && b->month && (b->day || b->mpos_set || !b->nth_what)))
        return R_NA;
    if (!has_anchor(c) && !b->year)
        return R_DONE;
    int hy = infer_hijri_year(c, b, b->month, b->day ? b->day : 1);
    m->hijri = 1;
    if (b->day) {
        set_day(m, cal_hijri_days(hy, b->month, b->day));
        if (b->day2)
            set_interval(m, cal_hijri_days(hy, b->month, b->day),
                         cal_hijri_days(hy, b->month, b->day2), DATE_DAY);
    } else {
        /* a Hijri month is a run of days, not a Gregorian month */
        set_interval(m, cal_hijri_days(hy, b->month, 1), cal_hijri_days(hy, b->month + 1, 1) - 1,
                     DATE_DAY);
    }
    return R_OK;
}

static int res_day_month(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    int y, mo, d = b->day;
    if (!b->day || !bag_month(c, b, b->day, &y, &mo))
        return R_NA;
    /* «الثلاثاء الثالث من أيلول»: day 3 when it is a Tuesday, else the third Tuesday */
    if (b->ambiguous_nth && b->wday >= 0 && cal_valid(y, mo, d) &&
        cal_weekday(cal_days(y, mo, d)) != b->wday) {
        int64_t n = nth_weekday(y, mo, b->wday, d);
        if (n) {
            set_day(m, n);
            return R_OK;
        }
    }
    if (!cal_valid(y, mo, d))
        return R_FAIL;
    set_day(m, cal_days(y, mo, d));
    if (b->day2) {
        int y2 = y, m2 = b->month2 ? b->month2 : mo;
        if (m2 < mo)
            y2++;
        if (cal_valid(y2, m2, b->day2))
            set_interval(m, cal_days(y, mo, d), cal_days(y2, m2, b->day2), DATE_DAY);
    }
    return R_OK;
}

static int res_nth(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    int y, mo;
    if (!b->nth_what || !bag_month(c, b, 1, &y, &mo))
        return R_NA;
    int64_t first = cal_days(y, mo, 1), len = cal_month_len(y, mo);
    if (b->nth_what == 1) {
        int64_t d = nth_weekday(y, mo, b->wday, b->nth);
        if (!d)
            return R_FAIL;
        set_day(m, d);
    } else if (b->nth_what == 2) {
        if (b->nth > len)
            return R_FAIL;
        set_day(m, b->nth > 0 ? first + b->nth - 1 : first + len - 1);
    } else {
        /* weeks that lie whole inside the month, Monday first */
        int64_t mon = first + (8 - cal_weekday(first)) % 7;
        int64_t d = b->nth > 0 ? mon + 7 * (b->nth - 1) : monday_of(first + len - 7);
        if (b->nth < 0 && d + 6 > first + len - 1)
            d -= 7;
        set_day(m, d);
        m->grain = DATE_WEEK;
    }
    return R_OK;
}

static int res_mpos(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    int y, mo;
    if (!b->mpos_set || !bag_month(c, b, 15, &y, &mo))
        return R_NA;
    int len = cal_month_len(y, mo);
    int lo = b->mlo ? b->mlo : len, hi = b->mhi ? b->mhi : len;
    set_interval(m, cal_days(y, mo, lo), cal_days(y, mo, hi), DATE_DAY);
    return R_OK;
}

static int res_month(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    int y, mo;
    if (!b->month && !b->mrel_set)
        return R_NA;
    if (bag_month(c, b, 1, &y, &mo)) {
        set_day(m, cal_days(y, mo, 1));
        m->grain = DATE_MONTH;
    }
    return R_DONE; /* unresolved without an anchor or a year */
}

static int res_weekday(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    if (b->wday < 0)
        return R_NA;
    if (!has_anchor(c))
        return R_DONE;
    if (b->week_set) {
        int64_t mon = monday_of(anchor_days(c)) + 7 * b->week_off;
        set_day(m, mon + (b->wday + 6) % 7);
    } else if (b->day) {
        if (!cal_valid(c->anchor.y, c->anchor.m, b->day))
            return R_FAIL;
        set_day(m, cal_days(c->anchor.y, c->anchor.m, b->day));
    } else {
        set_day(m, weekday_near(c, b->wday, b->wdir == 2 ? 0 : b->wdir));
    }
    return R_OK;
}

/* «قبل يومين», «منذ 16 سنة», «خلال أسبوعين». */
static int res_ago(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    if (!b->ago_set)
        return R_NA;
    if (!has_anchor(c))
        return R_DONE;
    int64_t a = anchor_days(c), d = a;
    int g = b->ago_grain, n = abs(b->ago_n), within = b->ago_n < 0;
    int off = within && c->future ? n : -n, y = c->anchor.y, mo = c->anchor.m;
    if (g == DATE_TIME) {
        d = a + (int64_t)off / 24; /* «قبل ساعتين»: the same day, as far as days go */
    } else if (g == DATE_DAY) {
        d = a + (int64_t)off;
    } else if (g == DATE_WEEK) {
        d = a + 7 * (int64_t)off;
    } else {
        cal_add_months(&y, &mo, g == DATE_MONTH ? off : 12 * off);
        int dd = c->anchor.d > cal_month_len(y, mo) ? cal_month_len(y, mo) : c->anchor.d;
        d = cal_days(y, mo, dd);
    }
    if (within) { /* from the anchor to there */
        set_interval(m, d < a ? d : a, (d < a ? a : d) - (c->future ? 1 : 0), DATE_DAY);
    } else if (g == DATE_MONTH || g == DATE_YEAR) {
        /* the month or year it falls in */
        struct date_ymd t = cal_from_days(d);
        set_day(m, cal_days(t.y, g == DATE_YEAR ? 1 : t.m, 1));
        m->grain = g;
    } else {
        set_day(m, d);
    }
    return R_OK;
}

/* «الأسابيع الثلاثة القادمة», «الأيام الثلاثة الماضية». */
static int res_multi(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    if (!b->multi_set)
        return R_NA;
    if (!has_anchor(c))
        return R_DONE;
    int64_t a = anchor_days(c), s0, s1;
    int g = b->multi_grain, off = b->multi_dir, n = b->multi_n;
    if (g == DATE_TIME) { /* «الـ24 ساعة الماضية»: the days those hours touch */
        int days = (n + 23) / 24;
        s0 = off > 0 ? a : a - days;
        s1 = off > 0 ? a + days : a;
    } else if (g == DATE_DAY) {
        s0 = off > 0 ? a + 1 : a - n;
        s1 = off > 0 ? a + n : a - 1;
    } else if (g == DATE_WEEK) {
        int64_t mon = monday_of(a);
        s0 = off > 0 ? mon + 7 : mon - 7 * (int64_t)n;
        s1 = off > 0 ? mon + 7 * (int64_t)(n + 1) - 1 : mon - 1;
    } else {
        int step = g == DATE_MONTH ? 1 : 12;
        int y0 = c->anchor.y, m0 = g == DATE_YEAR ? 1 : c->anchor.m, y1 = y0, m1 = m0;
        cal_add_months(&y0, &m0, off > 0 ? step : -step * n);
        cal_add_months(&y1, &m1, off > 0 ? step * (n + 1) : 0);
        s0 = cal_days(y0, m0, 1);
        s1 = cal_days(y1, m1, 1) - 1;
    }
    set_interval(m, s0, s1, g == DATE_WEEK ? DATE_WEEK : DATE_DAY);
    return R_OK;
}

/* «أمس», «الشهر الماضي», «العام المقبل». */
static int res_rel(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    if (!b->rel_set)
        return R_NA;
    if (!has_anchor(c))
        return R_DONE;
    int64_t a = anchor_days(c);
    int off = b->rel_off, y = c->anchor.y, mo = c->anchor.m;
    switch (b->rel_grain) {
    case DATE_WEEK:
        set_day(m, monday_of(a) + 7 * (int64_t)off);
        m->grain = DATE_WEEK;
        break;
    case DATE_MONTH:
        cal_add_months(&y, &mo, off);
        set_day(m, cal_days(y, mo, 1));
        m->grain = DATE_MONTH;
        break;
    case DATE_YEAR:
        set_day(m, cal_days(y + off, 1, 1));
        m->grain = DATE_YEAR;
        break;
    case DATE_TIME: /* «الساعة الماضية» */
        set_day(m, a);
        break;
    default:
        set_day(m, a + off);
    }
    return R_OK;
}

static int res_year(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    int y = b->year;
    if (!b->year && !b->yrel_set)
        return R_NA;
    if (b->yrel_set) {
        if (!has_anchor(c))
            return R_DONE;
        y = c->anchor.y + b->yrel;
    }
    if (b->year_hijri || (b->year >= 1300 && b->year < 1600)) {
        set_day(m, cal_hijri_days(y, 1, 1));
        m->hijri = 1;
    } else if (b->year2) {
        set_interval(m, cal_days(y, 1, 1), cal_days(b->year2, 12, 31), DATE_YEAR);
    } else if (y >= 1 && y <= 9999) {
        set_day(m, cal_days(y, 1, 1));
    } else {
        return R_FAIL;
    }
    m->grain = DATE_YEAR;
    return R_DONE;
}

/* A clock time alone falls on the anchor's day. */
static int res_time(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    if (!b->time_set)
        return R_NA;
    if (has_anchor(c))
        set_day(m, anchor_days(c));
    return R_OK;
}

static void apply_time(const struct dbag *b, struct date_match *m)
{
    if (!b->time_set)
        return;
    int h = b->hour;
    if (b->phour && h < 12 && !(b->part == PART_NOON && h >= 11))
        h += b->phour;
    m->hour = h;
    m->minute = b->minute;
    if (m->grain == DATE_DAY && !m->has_end)
        m->grain = DATE_TIME;
}

/* Reads the bag against the anchor into m; returns 0 when it names no real date. */
static int resolve(const struct date_ctx *c, const struct dbag *b, struct date_match *m)
{
    typedef int (*resolver)(const struct date_ctx *, const struct dbag *, struct date_match *);
    /* most explicit first: a weekday beside a full date only confirms it */
    static const resolver order[] = {res_holiday, res_numeric, res_hijri, res_day_month,
                                     res_nth, res_mpos, res_month, res_weekday, res_ago,
                                     res_multi, res_rel, res_year, res_time};
    struct date_ctx none = {{0, 0, 0}, 0};
    if (!c)
        c = &none;
    m->hour = m->minute = -1;
    m->part = b->part;
    m->grain = DATE_DAY;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        int r = order[i](c, b, m);
        if (r == R_NA)
            continue;
        if (r == R_OK)
            apply_time(b, m);
        return r != R_FAIL;
    }
    return 0;
}

static int push(struct date_list *l, const struct date_match *m)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        struct date_match *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return RASD_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *m;
    return RASD_OK;
}

/* Reads the date expression at token i; returns the token after it, or i. */
static uint32_t match_at(const struct qscan *s, uint32_t i, const struct date_ctx *c,
                         struct date_match *out)
{
    struct dbag b;
    memset(&b, 0, sizeof b);
    b.wday = -1, b.wdir = 2, b.mdir = 2;
    uint32_t lim = qs_line_end(s, i, i + 40);
    uint32_t j = i, good = i, first_real = lim;
    struct dbag at_good = b;
    while (j < lim) {
        int real = 0;
        uint32_t e = component(s, j, lim, &b, &real);
        if (!e || e <= j)
            break;
        if (real && first_real == lim)
            first_real = j;
        j = e;
        if (real)
            good = j, at_good = b;
    }
    if (good == i || !(has_date(&at_good) || at_good.time_set))
        return i;
    memset(out, 0, sizeof *out);
    if (!resolve(c, &at_good, out))
        return i;
    /* link words open a span only for an interval: «من 13 إلى 15 تموز», not «في 2014» */
    int interval = at_good.to_seen || at_good.day2 || at_good.hour2_set;
    while (i < first_real) {
        unsigned cu = cue_at(s, i, PF_CONJ);
        if (!((cu & CUE_LINK) || ((cu & CUE_FROM) && !interval) || (cu & CUE_TO) ||
              qs_tok(s, i)->kind == RASD_TOK_PUNCT))
            break;
        i++;
    }
    out->tok_first = i;
    out->tok_last = good;
    out->start = s->tk->tok[i].start;
    out->end = s->tk->tok[good - 1].end;
    return good;
}

/* Whether a date can start at token i.  Link words («في», «من») open one only when what
 * follows could: most of them in a text open none. */
static int starts_component(const struct qscan *s, uint32_t i)
{
    const struct qtok *q = qs_tok(s, i);
    const uint32_t strong = QR_MONTH | QR_WDAY | QR_REL | QR_GRAIN | QR_PART | QR_MPOS |
                            QR_HOLIDAY | QR_ORD | QR_NUM | QR_PHRASE;
    /* a phrase start counts only when one of its phrases could be read by a component
     * («أكثر من» cannot) */
    const uint32_t dated = strong | QR_CUE;
    if (q->isnum || (q->roles & strong & ~QR_PHRASE) ||
        ((q->roles & QR_PHRASE) && (q->proles & dated)))
        return 1;
    if (!(q->roles & QR_CUE))
        return 0;
    unsigned cu = cue_at(s, i, ALLOW | PF_ART);
    if (cu & (CUE_YEAR | CUE_MONTH | CUE_DAY | CUE_HOUR | CUE_THIS | CUE_LAST | CUE_AGO |
              CUE_WITHIN))
        return 1;
    if (i + 1 >= s->last)
        return 0;
    const struct qtok *r = qs_tok(s, i + 1);
    return r->isnum || (r->roles & (strong | QR_CUE));
}

int date_find_scan(const struct qscan *s, const struct date_ctx *ctx, struct date_list *out)
{
    int st = RASD_OK;
    for (uint32_t i = s->first; i < s->last && st == RASD_OK;) {
        struct date_match m;
        uint32_t e = starts_component(s, i) ? match_at(s, i, ctx, &m) : i;
        /* a bare link word cannot open a date: «في 2019» is read from «2019» on */
        if (e > i) {
            st = push(out, &m);
            i = e;
        } else {
            i++;
        }
    }
    return st;
}

int date_find(const rasd_text *t, const rasd_tokens *tk, uint32_t first, uint32_t last,
              const struct date_ctx *ctx, struct date_list *out)
{
    struct qscan s;
    int st = qscan_init(&s, t, tk, first, last);
    if (st == RASD_OK)
        st = date_find_scan(&s, ctx, out);
    qscan_free(&s);
    return st;
}

void date_list_free(struct date_list *l)
{
    if (!l)
        return;
    free(l->v);
    memset(l, 0, sizeof *l);
}

int date_list_covers(const struct date_list *l, uint32_t i, size_t *pos)
{
    if (!l)
        return 0;
    size_t p = pos ? *pos : 0;
    while (p < l->n && l->v[p].tok_last <= i)
        p++;
    if (pos)
        *pos = p;
    return p < l->n && l->v[p].tok_first <= i && i < l->v[p].tok_last;
}
