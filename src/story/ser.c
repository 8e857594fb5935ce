/* Figure series: a story's figures lined up per category, group and place by date, the
 * estimate rule and same-date conflicts.  The rule, as the README states it: a figure is
 * partial when its clause carries a partial cue and no cumulative cue
 * (data/story_cues.tsv), or when it is less than half a cumulative figure the same source
 * gave on an earlier day; the estimate is the cumulative figure of the latest day from the
 * source cited in the most documents of the series (ties: the higher figure), and only a
 * series without cumulative figures takes its latest, highest partial one. */
#include "story/psg.h"
#include "common/buf.h"
#include "common/data.h"
#include "common/places.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ days */

/* Days from civil date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const char *s, size_t n, unsigned *v)
{
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        *v = *v * 10 + (unsigned)(s[i] - '0');
    }
    return 1;
}

int rasd_day_parse(const char *s, size_t len, int32_t *day)
{
    unsigned y, m, d;
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    *day = RASD_DAY_UNKNOWN;
    if (!s || len < 10 || s[4] != '-' || s[7] != '-')
        return RASD_EPARSE;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
        return RASD_EPARSE;
    if (len > 10 && s[10] >= '0' && s[10] <= '9')
        return RASD_EPARSE;
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return RASD_EPARSE;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return RASD_EPARSE;
    *day = (int32_t)days_from_civil(y, m, d);
    return RASD_OK;
}

void rasd_day_format(int32_t day, char out[11])
{
    if (day == RASD_DAY_UNKNOWN) {
        out[0] = 0;
        return;
    }
    int64_t z = (int64_t)day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 0 || y > 9999) {
        out[0] = 0;
        return;
    }
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = 0;
}

/* ------------------------------------------------------------------ cues */

#define SER_MAX_CUE_WORDS 8
/* The figure's clause: words read on each side of its evidence. */
#define SER_LEFT_WORDS 6
#define SER_RIGHT_WORDS 10

struct cue {
    uint64_t h[SER_MAX_CUE_WORDS];
    uint8_t n;
    uint8_t cumulative;
};

static struct cue *cues;
static size_t ncues;
static pthread_once_t cues_once = PTHREAD_ONCE_INIT;

static void load_cues(void)
{
    const struct rasd_data_file *f = data_find("story_cues.tsv");
    struct data_tsv t;
    size_t cap = 0;
    if (!f)
        return;
    data_tsv_init(&t, f->bytes, f->len);
    while (data_tsv_next(&t)) {
        if (t.nfields < 2)
            continue;
        int cum = data_tsv_is(&t, 0, "cumulative");
        if (!cum && !data_tsv_is(&t, 0, "partial"))
            continue;
        struct psg_words w;
        if (psg_words(t.f[1].p, t.f[1].len, &w))
            return;
        if (w.n && w.n <= SER_MAX_CUE_WORDS) {
            if (ncues == cap) {
                size_t nc = cap ? cap * 2 : 64;
                struct cue *p = realloc(cues, nc * sizeof *p);
                if (!p) {
                    psg_words_free(&w);
                    return;
                }
                cues = p;
                cap = nc;
            }
            struct cue *c = &cues[ncues++];
            c->n = (uint8_t)w.n;
            c->cumulative = (uint8_t)cum;
            for (size_t i = 0; i < w.n; i++)
                c->h[i] = w.w[i].h;
        }
        psg_words_free(&w);
    }
}

static int clause_break(const char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ',' || c == ';' || c == ':' || c == '.' || c == '\n')
            return 1;
        /* ، U+060C and ؛ U+061B */
        if (c == 0xD8 && i + 1 < to &&
            ((unsigned char)s[i + 1] == 0x8C || (unsigned char)s[i + 1] == 0x9B))
            return 1;
    }
    return 0;
}

/* Words [*lo, *hi) of the clause around bytes [fs, fe) of the sentence. */
static void clause(const struct psg_words *w, const char *s, uint32_t fs, uint32_t fe,
                   size_t *lo, size_t *hi)
{
    size_t a = 0, b = w->n;
    while (a < w->n && w->w[a].end <= fs)
        a++;
    b = a;
    while (b < w->n && w->w[b].start < fe)
        b++;
    for (int k = 0; k < SER_LEFT_WORDS && a > 0; k++) {
        uint32_t to = a < w->n ? w->w[a].start : fs; /* the evidence may follow every word */
        if (clause_break(s, w->w[a - 1].end, to))
            break;
        a--;
    }
    for (int k = 0; k < SER_RIGHT_WORDS && b < w->n; k++) {
        if (b > 0 && clause_break(s, w->w[b - 1].end, w->w[b].start))
            break;
        b++;
    }
    *lo = a;
    *hi = b;
}

int rasd_series_partial_cue(const rasd_series_fig *f)
{
    struct psg_words w;
    int partial = 0, cumulative = 0;
    if (!f || !f->sentence || !f->sentence_len)
        return 0;
    pthread_once(&cues_once, load_cues);
    if (psg_words(f->sentence, f->sentence_len, &w))
        return 0;
    size_t lo = 0, hi = w.n;
    if (f->start >= f->sentence_start && f->end >= f->start &&
        (uint64_t)f->end - f->sentence_start <= f->sentence_len)
        clause(&w, f->sentence, f->start - f->sentence_start, f->end - f->sentence_start,
               &lo, &hi);
    for (size_t i = lo; i < hi; i++)
        for (size_t c = 0; c < ncues; c++) {
            if (i + cues[c].n > hi)
                continue;
            size_t k = 0;
            while (k < cues[c].n && w.w[i + k].h == cues[c].h[k])
                k++;
            if (k == cues[c].n) {
                if (cues[c].cumulative)
                    cumulative = 1;
                else
                    partial = 1;
            }
        }
    psg_words_free(&w);
    return partial && !cumulative;
}

/* ------------------------------------------------------------------ grouping */

static int streq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static int strcmp_null(const char *a, const char *b)
{
    if (!a || !b)
        return a ? 1 : b ? -1 : 0; /* NULL first */
    return strcmp(a, b);
}

static const char *grp(const rasd_series_fig *f)
{
    return f->group ? f->group : "unknown";
}

/* A point is dated by the report: a toll «since the attack began on Friday» is the toll
 * as of the day it was published, not as of Friday.  The figure's own day only stands in
 * for a report without a date. */
static int32_t fig_day(const rasd_series_fig *f)
{
    return f->doc_day != RASD_DAY_UNKNOWN ? f->doc_day : f->day;
}

static int64_t fig_value(const rasd_series_fig *f)
{
    return f->value != RASD_NOVAL ? f->value : f->low;
}

/* qsort has no context argument: one per thread keeps distinct handles thread-safe. */
static _Thread_local const rasd_series_fig *ctx_figs;

static int cmp_point(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    const rasd_series_fig *fa = &ctx_figs[a], *fb = &ctx_figs[b];
    int64_t da = fig_day(fa), db = fig_day(fb);
    if (da == RASD_DAY_UNKNOWN) da = INT64_MAX;
    if (db == RASD_DAY_UNKNOWN) db = INT64_MAX;
    if (da != db)
        return da < db ? -1 : 1;
    int64_t pa = fa->day == RASD_DAY_UNKNOWN ? INT64_MAX : fa->day;
    int64_t pb = fb->day == RASD_DAY_UNKNOWN ? INT64_MAX : fb->day;
    if (pa != pb)
        return pa < pb ? -1 : 1;
    int c = strcmp_null(fa->doc, fb->doc);
    if (c)
        return c;
    if (fa->start != fb->start)
        return fa->start < fb->start ? -1 : 1;
    return a < b ? -1 : a > b;
}

static int cmp_series(const void *x, const void *y)
{
    const rasd_series *a = x, *b = y;
    int c = strcmp(a->category, b->category);
    if (!c)
        c = strcmp(a->group, b->group);
    if (!c)
        c = strcmp_null(a->location, b->location);
    return c;
}

static int add_point(rasd_series *s, size_t fig)
{
    size_t *p = realloc(s->points, (s->npoints + 1) * sizeof *p);
    if (!p)
        return RASD_ENOMEM;
    s->points = p;
    s->points[s->npoints++] = fig;
    return RASD_OK;
}

static long find_series(rasd_series *s, size_t n, const char *cat, const char *g,
                        const char *loc)
{
    for (size_t i = 0; i < n; i++)
        if (streq(s[i].category, cat) && streq(s[i].group, g) && streq(s[i].location, loc))
            return (long)i;
    return -1;
}

/* The located series of (cat, g) with the most points, or -1. */
static long biggest_located(rasd_series *s, size_t n, const char *cat, const char *g)
{
    long best = -1;
    for (size_t i = 0; i < n; i++)
        if (s[i].location && streq(s[i].category, cat) && streq(s[i].group, g) &&
            (best < 0 || s[i].npoints > s[best].npoints))
            best = (long)i;
    return best;
}

static int group_figures(const rasd_series_fig *f, size_t n, rasd_series **out,
                         size_t *nout)
{
    rasd_series *s = NULL;
    size_t ns = 0;
    struct places pl = {0};
    if (n && places_load(&pl) != RASD_OK)
        goto fail;
    /* Figures placed in a town or a facility first, so that unlocated ones and ones placed
     * only in a country (which says no more about where than no place) can join the place
     * they belong to. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            int coarse = !f[i].location || places_is_country(&pl, f[i].location);
            if (!f[i].category || (pass == 0) == coarse)
                continue;
            long k = -1;
            if (pass == 1)
                k = biggest_located(s, ns, f[i].category, grp(&f[i]));
            if (k < 0)
                k = find_series(s, ns, f[i].category, grp(&f[i]), f[i].location);
            if (k < 0) {
                rasd_series *p = realloc(s, (ns + 1) * sizeof *p);
                if (!p)
                    goto fail;
                s = p;
                memset(&s[ns], 0, sizeof *s);
                s[ns].category = f[i].category;
                s[ns].group = grp(&f[i]);
                s[ns].location = f[i].location;
                k = (long)ns++;
            }
            if (add_point(&s[k], i))
                goto fail;
        }
    places_free(&pl);
    *out = s;
    *nout = ns;
    return RASD_OK;
fail:
    places_free(&pl);
    rasd_series_free(s, ns);
    return RASD_ENOMEM;
}

/* ------------------------------------------------------------------ rule */

/* Partial by cue, or less than half of an earlier day's cumulative figure of the same
 * source.  Points are in date order. */
static void mark_partial(rasd_series *s, const rasd_series_fig *f)
{
    for (size_t i = 0; i < s->npoints; i++) {
        const rasd_series_fig *x = &f[s->points[i]];
        s->days[i] = fig_day(x);
        s->partial[i] = (uint8_t)rasd_series_partial_cue(x);
        int64_t v = fig_value(x);
        if (s->partial[i] || v == RASD_NOVAL || s->days[i] == RASD_DAY_UNKNOWN)
            continue;
        for (size_t k = 0; k < i; k++) {
            const rasd_series_fig *y = &f[s->points[k]];
            int64_t pv = fig_value(y);
            if (s->partial[k] || pv == RASD_NOVAL || s->days[k] == RASD_DAY_UNKNOWN ||
                s->days[k] >= s->days[i] || !streq(y->source, x->source))
                continue;
            if (v * 2 < pv) {
                s->partial[i] = 1;
                break;
            }
        }
    }
}

/* In how many documents of the series the source is cited (a headline repeating its
 * article's figure is one citation). */
static size_t cited(const rasd_series *s, const rasd_series_fig *f, const char *src)
{
    size_t n = 0;
    if (!src)
        return 0; /* an unattributed figure is nobody's citation */
    for (size_t i = 0; i < s->npoints; i++) {
        const rasd_series_fig *x = &f[s->points[i]];
        if (!streq(x->source, src))
            continue;
        size_t k = 0;
        while (k < i && !(streq(f[s->points[k]].source, src) &&
                          streq(f[s->points[k]].doc, x->doc)))
            k++;
        n += k == i;
    }
    return n;
}

static void choose_estimate(rasd_series *s, const rasd_series_fig *f)
{
    for (int want_partial = 0; want_partial < 2 && !s->has_estimate; want_partial++) {
        long best = -1;
        size_t bestcite = 0;
        for (size_t i = 0; i < s->npoints; i++) {
            const rasd_series_fig *x = &f[s->points[i]];
            if (s->partial[i] != want_partial || fig_value(x) == RASD_NOVAL)
                continue;
            size_t c = cited(s, f, x->source);
            if (best >= 0) {
                int32_t bd = s->days[best], d = s->days[i];
                int later = (bd == RASD_DAY_UNKNOWN) ? d != RASD_DAY_UNKNOWN
                            : (d != RASD_DAY_UNKNOWN && d > bd);
                int same = bd == d;
                if (!later && !(same && (c > bestcite || (c == bestcite &&
                    fig_value(x) > fig_value(&f[s->points[best]])))))
                    continue;
            }
            best = (long)i;
            bestcite = c;
        }
        if (best >= 0) {
            s->has_estimate = 1;
            s->estimate = s->points[best];
            s->estimate_partial = want_partial;
        }
    }
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

/* Same-day cumulative figures with different values, given by at least two (source,
 * document) pairs. */
static int find_conflicts(rasd_series *s, const rasd_series_fig *f)
{
    for (size_t i = 0; i < s->npoints;) {
        size_t j = i;
        while (j < s->npoints && s->days[j] == s->days[i])
            j++;
        if (s->days[i] == RASD_DAY_UNKNOWN) {
            i = j;
            continue;
        }
        rasd_series_conflict c = {s->days[i], NULL, 0, NULL, 0};
        c.values = malloc((j - i) * sizeof *c.values);
        c.figs = malloc((j - i) * sizeof *c.figs);
        if (!c.values || !c.figs)
            goto oom;
        int pairs = 0;
        const rasd_series_fig *first = NULL;
        for (size_t k = i; k < j; k++) {
            const rasd_series_fig *x = &f[s->points[k]];
            if (s->partial[k] || x->value == RASD_NOVAL)
                continue;
            c.figs[c.nfigs++] = s->points[k];
            if (!first)
                first = x;
            else if (!streq(first->source, x->source) || !streq(first->doc, x->doc))
                pairs = 1;
            size_t v = 0;
            while (v < c.nvalues && c.values[v] != x->value)
                v++;
            if (v == c.nvalues)
                c.values[c.nvalues++] = x->value;
        }
        if (c.nvalues >= 2 && pairs) {
            qsort(c.values, c.nvalues, sizeof *c.values, cmp_i64);
            rasd_series_conflict *p = realloc(s->conflicts,
                                              (s->nconflicts + 1) * sizeof *p);
            if (!p)
                goto oom;
            s->conflicts = p;
            s->conflicts[s->nconflicts++] = c;
        } else {
            free(c.values);
            free(c.figs);
        }
        i = j;
        continue;
oom:
        free(c.values);
        free(c.figs);
        return RASD_ENOMEM;
    }
    return RASD_OK;
}

int rasd_series_build(const rasd_series_fig *figs, size_t n, rasd_series **out,
                      size_t *nout)
{
    rasd_series *s = NULL;
    size_t ns = 0;
    *out = NULL;
    *nout = 0;
    if (!figs && n)
        return RASD_EINVAL;
    int rc = group_figures(figs, n, &s, &ns);
    if (rc)
        return rc;
    for (size_t i = 0; i < ns && !rc; i++) {
        ctx_figs = figs;
        qsort(s[i].points, s[i].npoints, sizeof *s[i].points, cmp_point);
        s[i].partial = calloc(s[i].npoints, 1);
        s[i].days = malloc(s[i].npoints * sizeof *s[i].days);
        if (!s[i].partial || !s[i].days) {
            rc = RASD_ENOMEM;
            break;
        }
        mark_partial(&s[i], figs);
        choose_estimate(&s[i], figs);
        rc = find_conflicts(&s[i], figs);
    }
    if (rc) {
        rasd_series_free(s, ns);
        return rc;
    }
    if (ns)
        qsort(s, ns, sizeof *s, cmp_series);
    *out = s;
    *nout = ns;
    return RASD_OK;
}

void rasd_series_free(rasd_series *s, size_t n)
{
    if (!s)
        return;
    for (size_t i = 0; i < n; i++) {
        free(s[i].points);
        free(s[i].partial);
        free(s[i].days);
        for (size_t k = 0; k < s[i].nconflicts; k++) {
            free(s[i].conflicts[k].values);
            free(s[i].conflicts[k].figs);
        }
        free(s[i].conflicts);
    }
    free(s);
}

/* ------------------------------------------------------------------ JSON */

static void json_int(struct buf *b, int64_t v)
{
    if (v == RASD_NOVAL)
        buf_adds(b, "null");
    else
        buf_printf(b, "%lld", (long long)v);
}

static void json_day(struct buf *b, int32_t day)
{
    char d[11];
    rasd_day_format(day, d);
    buf_json_strz(b, d[0] ? d : NULL);
}

static void json_point(struct buf *b, const rasd_series_fig *x, int32_t day, int partial)
{
    buf_adds(b, "{\"date\":");
    json_day(b, day);
    buf_adds(b, ",\"value\":");
    json_int(b, x->value);
    buf_adds(b, ",\"low\":");
    json_int(b, x->low);
    buf_adds(b, ",\"high\":");
    json_int(b, x->high);
    buf_adds(b, ",\"qualifier\":");
    buf_json_strz(b, x->qualifier ? x->qualifier : "exact");
    buf_adds(b, ",\"source\":");
    buf_json_strz(b, x->source);
    buf_adds(b, ",\"outlet\":");
    buf_json_strz(b, x->outlet);
    buf_adds(b, ",\"doc\":");
    buf_json_strz(b, x->doc);
    buf_printf(b, ",\"start\":%u,\"end\":%u,\"partial\":%s,\"refers_to\":", x->start,
               x->end, partial ? "true" : "false");
    json_day(b, x->day);
    buf_addc(b, '}');
}

int rasd_series_json(const rasd_series *s, const rasd_series_fig *figs, const char *story,
                     char **out, size_t *len)
{
    struct buf b;
    buf_init(&b);
    buf_adds(&b, "{\"type\":\"series\",\"story\":");
    buf_json_strz(&b, story);
    buf_adds(&b, ",\"category\":");
    buf_json_strz(&b, s->category);
    buf_adds(&b, ",\"group\":");
    buf_json_strz(&b, s->group);
    buf_adds(&b, ",\"location\":");
    buf_json_strz(&b, s->location);
    buf_adds(&b, ",\"points\":[");
    for (size_t i = 0; i < s->npoints; i++) {
        if (i)
            buf_addc(&b, ',');
        json_point(&b, &figs[s->points[i]], s->days[i], s->partial[i]);
    }
    buf_adds(&b, "],\"estimate\":");
    if (s->has_estimate) {
        const rasd_series_fig *e = &figs[s->estimate];
        buf_adds(&b, "{\"value\":");
        json_int(&b, e->value); /* a vague figure has none: its bounds say what is known */
        buf_adds(&b, ",\"low\":");
        json_int(&b, e->low);
        buf_adds(&b, ",\"high\":");
        json_int(&b, e->high);
        buf_adds(&b, ",\"date\":");
        json_day(&b, fig_day(e));
        buf_adds(&b, ",\"source\":");
        buf_json_strz(&b, e->source);
        buf_adds(&b, ",\"doc\":");
        buf_json_strz(&b, e->doc);
        buf_printf(&b, ",\"basis\":\"%s\"}", s->estimate_partial ? "partial" : "cumulative");
    } else {
        buf_adds(&b, "null");
    }
    buf_adds(&b, ",\"conflicts\":[");
    for (size_t i = 0; i < s->nconflicts; i++) {
        const rasd_series_conflict *c = &s->conflicts[i];
        if (i)
            buf_addc(&b, ',');
        buf_adds(&b, "{\"date\":");
        json_day(&b, c->day);
        buf_adds(&b, ",\"values\":[");
        for (size_t k = 0; k < c->nvalues; k++)
            buf_printf(&b, "%s%lld", k ? "," : "", (long long)c->values[k]);
        buf_adds(&b, "],\"docs\":[");
        size_t nd = 0;
        for (size_t k = 0; k < c->nfigs; k++) {
            const char *d = figs[c->figs[k]].doc;
            size_t q = 0;
            while (q < k && !streq(figs[c->figs[q]].doc, d))
                q++;
            if (q < k)
                continue;
            if (nd++)
                buf_addc(&b, ',');
            buf_json_strz(&b, d);
        }
        buf_adds(&b, "]}");
    }
    buf_adds(&b, "]}\n");
    return buf_finish(&b, out, len);
}
