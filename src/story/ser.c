/* Figure series: a story's figures lined up per category, group and place by date, the
 * estimate rule and same-date conflicts, as the README's "Figure timelines and the
 * estimate rule" states them.  Cues come from data/story_cues.tsv, source ranks from
 * data/story_sources.tsv, places and how they nest from src/common/places.c. */
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
/* Counts further apart than this are not compared as rival tolls (a story's span). */
#define SER_SEPARATE_DAYS 10

/* What the cues of a figure's clause say, as bits. */
enum {
    CUE_PARTIAL = 1,    /* a part of a toll («في غارة») */
    CUE_CUMULATIVE = 2, /* a toll so far («حصيلة», «ارتفع») */
    CUE_WAR = 4,        /* a whole war's or period's total («منذ اندلاع»): also cumulative */
    CUE_PART = 8,       /* before the figure: a part of the toll just given («بينهم») */
    CUE_EARLIER = 16    /* before the figure: a toll since superseded («الحصيلة الأولية») */
};

/* A toll so far: of the event, or of the whole war or period. */
#define CUE_SO_FAR (CUE_CUMULATIVE | CUE_WAR)

/* Kinds that count only before the figure in its clause: «قتل 15 بينهم 3 أطفال» makes the
 * 3 a part, not the 15. */
#define CUE_BEFORE (CUE_PART | CUE_EARLIER)

struct cue {
    uint64_t h[SER_MAX_CUE_WORDS];
    uint8_t n;
    uint8_t kind;
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
        uint8_t kind = data_tsv_is(&t, 0, "cumulative") ? CUE_CUMULATIVE
                     : data_tsv_is(&t, 0, "partial")    ? CUE_PARTIAL
                     : data_tsv_is(&t, 0, "war")        ? CUE_WAR | CUE_CUMULATIVE
                     : data_tsv_is(&t, 0, "part")       ? CUE_PART
                     : data_tsv_is(&t, 0, "earlier")    ? CUE_EARLIER
                                                        : 0;
        if (!kind)
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
            c->kind = kind;
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

/* The CUE_ bits of the cues in f's clause. */
static unsigned cue_bits(const rasd_series_fig *f)
{
    struct psg_words w;
    unsigned bits = 0;
    if (!f || !f->sentence || !f->sentence_len)
        return 0;
    pthread_once(&cues_once, load_cues);
    if (psg_words(f->sentence, f->sentence_len, &w))
        return 0;
    size_t lo = 0, hi = w.n, first = w.n; /* first: the figure's first word */
    if (f->start >= f->sentence_start && f->end >= f->start &&
        (uint64_t)f->end - f->sentence_start <= f->sentence_len) {
        uint32_t fs = f->start - f->sentence_start;
        clause(&w, f->sentence, fs, f->end - f->sentence_start, &lo, &hi);
        first = 0;
        while (first < w.n && w.w[first].end <= fs)
            first++;
    }
    for (size_t i = lo; i < hi; i++)
        for (size_t c = 0; c < ncues; c++) {
            if (i + cues[c].n > hi || ((cues[c].kind & CUE_BEFORE) && i + cues[c].n > first))
                continue;
            size_t k = 0;
            while (k < cues[c].n && w.w[i + k].h == cues[c].h[k])
                k++;
            if (k == cues[c].n)
                bits |= cues[c].kind;
        }
    psg_words_free(&w);
    return bits;
}

/* A part of a toll, or a toll since superseded, whatever else its clause says; a strike's
 * or a day's count only when the clause gives no toll so far. */
static int partial_bits(unsigned bits)
{
    return (bits & CUE_BEFORE) || ((bits & CUE_PARTIAL) && !(bits & CUE_CUMULATIVE));
}

int rasd_series_partial_cue(const rasd_series_fig *f)
{
    return partial_bits(cue_bits(f));
}

/* ------------------------------------------------------------------ sources */

/* data/story_sources.tsv with the kinds of data/sources.tsv and the sides of
 * data/armies.tsv: how far a source is trusted and whom it speaks for. */
struct src_rank {
    char key[64];
    uint8_t by_source, rank, claim;
};
struct src_pair {
    char a[64], b[64];
};
struct src_tables {
    struct src_rank *rank;
    size_t nrank;
    struct src_pair *kind, *side; /* source -> kind, source or actor -> group */
    size_t nkind, nside;
};

static struct src_tables srcs;
static pthread_once_t srcs_once = PTHREAD_ONCE_INIT;

static int copy_field(char *dst, size_t cap, const struct data_field *f)
{
    if (!f->len || f->len >= cap)
        return 0;
    memcpy(dst, f->p, f->len);
    dst[f->len] = 0;
    return 1;
}

static int add_pair(struct src_pair **v, size_t *n, const struct data_field *a,
                    const struct data_field *b)
{
    struct src_pair *p = realloc(*v, (*n + 1) * sizeof *p);
    if (!p)
        return 0;
    *v = p;
    if (copy_field(p[*n].a, sizeof p[*n].a, a) && copy_field(p[*n].b, sizeof p[*n].b, b))
        (*n)++;
    return 1;
}

static void load_srcs(void)
{
    const struct rasd_data_file *f = data_find("story_sources.tsv");
    struct data_tsv t;
    if (f) {
        data_tsv_init(&t, f->bytes, f->len);
        while (data_tsv_next(&t)) {
            if (t.nfields >= 3 && data_tsv_is(&t, 0, "side")) {
                if (!add_pair(&srcs.side, &srcs.nside, &t.f[1], &t.f[2]))
                    return;
                continue;
            }
            int by_source = data_tsv_is(&t, 0, "source");
            if (t.nfields < 3 || (!by_source && !data_tsv_is(&t, 0, "kind")))
                continue;
            struct src_rank *r = realloc(srcs.rank, (srcs.nrank + 1) * sizeof *r);
            if (!r)
                return;
            srcs.rank = r;
            r += srcs.nrank;
            if (!copy_field(r->key, sizeof r->key, &t.f[1]))
                continue;
            long v = data_tsv_long(&t, 2, 9);
            r->rank = (uint8_t)(v < 1 ? 1 : v > 9 ? 9 : v);
            r->by_source = (uint8_t)by_source;
            r->claim = (uint8_t)data_tsv_is(&t, 3, "claim");
            srcs.nrank++;
        }
    }
    if ((f = data_find("sources.tsv"))) {
        data_tsv_init(&t, f->bytes, f->len);
        while (data_tsv_next(&t))
            if (t.nfields >= 3 && !add_pair(&srcs.kind, &srcs.nkind, &t.f[1], &t.f[2]))
                return;
    }
    if ((f = data_find("armies.tsv"))) {
        data_tsv_init(&t, f->bytes, f->len);
        while (data_tsv_next(&t))
            if (t.nfields >= 3 && !add_pair(&srcs.side, &srcs.nside, &t.f[2], &t.f[1]))
                return;
    }
}

static const char *pair_find(const struct src_pair *v, size_t n, const char *a)
{
    for (size_t i = 0; a && i < n; i++)
        if (!strcmp(v[i].a, a))
            return v[i].b;
    return NULL;
}

static const struct src_rank *rank_find(int by_source, const char *key)
{
    for (size_t i = 0; key && i < srcs.nrank; i++)
        if (srcs.rank[i].by_source == by_source && !strcmp(srcs.rank[i].key, key))
            return &srcs.rank[i];
    return NULL;
}

#define SER_RANK_LAST 9

/* Rank of the source of f, and whether f is a party's claim about another side. */
static void source_rank(const rasd_series_fig *f, uint8_t *rank, uint8_t *claim)
{
    pthread_once(&srcs_once, load_srcs);
    const struct src_rank *r = NULL;
    if (!f->source) {
        r = rank_find(0, "unattributed");
    } else {
        r = rank_find(1, f->source);
        if (!r) {
            const char *kind = pair_find(srcs.kind, srcs.nkind, f->source);
            r = rank_find(0, kind ? kind : "unknown");
        }
    }
    *rank = r ? r->rank : SER_RANK_LAST;
    *claim = 0;
    if (r && r->claim && f->group && strcmp(f->group, "civilians") &&
        strcmp(f->group, "unknown") && strcmp(f->group, "all")) {
        const char *side = pair_find(srcs.side, srcs.nside, f->source);
        *claim = strcmp(f->group, side ? side : f->source) != 0;
    }
}

/* ------------------------------------------------------------------ grouping */

/* What the rule knows of each figure beyond its record. */
struct finfo {
    int32_t day;   /* the point's date */
    uint8_t cues;  /* CUE_ bits */
    uint8_t rank;  /* of its source, 1 first */
    uint8_t claim; /* a party's count of another side's people */
};

static int streq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Two figures have one source only when both name it: each unattributed figure is its
 * own source. */
static int same_source(const rasd_series_fig *a, const rasd_series_fig *b)
{
    return a->source && b->source && !strcmp(a->source, b->source);
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

/* A point is dated by the day it speaks of: a massacre of last month is not today's toll.
 * A toll so far («ارتفعت حصيلة», «منذ بدء الهجوم الجمعة») is as of its report, whatever day
 * its sentence names, and a figure dated after its report is read as of the report. */
static int32_t point_day(const rasd_series_fig *f, unsigned cues)
{
    if (f->day != RASD_DAY_UNKNOWN && !(cues & CUE_CUMULATIVE) &&
        (f->doc_day == RASD_DAY_UNKNOWN || f->day <= f->doc_day))
        return f->day;
    return f->doc_day != RASD_DAY_UNKNOWN ? f->doc_day : f->day;
}

static int64_t fig_value(const rasd_series_fig *f)
{
    return f->value != RASD_NOVAL ? f->value : f->low;
}

/* qsort has no context argument: one per thread keeps distinct handles thread-safe. */
static _Thread_local const rasd_series_fig *ctx_figs;
static _Thread_local const struct finfo *ctx_info;

static int cmp_point(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    const rasd_series_fig *fa = &ctx_figs[a], *fb = &ctx_figs[b];
    int64_t da = ctx_info[a].day, db = ctx_info[b].day;
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
    if (!c)
        c = (a->war > b->war) - (a->war < b->war);
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

static int same_key(const rasd_series *s, const char *cat, const char *g, int war)
{
    return streq(s->category, cat) && streq(s->group, g) && s->war == war;
}

/* The series of (cat, g, war) whose place nests with loc (for loc NULL: one without a
 * place), the one with most points; -1 when none. */
static long nesting_series(const struct places *pl, rasd_series *s, size_t n,
                           const char *cat, const char *g, int war, const char *loc)
{
    long best = -1;
    for (size_t i = 0; i < n; i++) {
        if (!same_key(&s[i], cat, g, war))
            continue;
        int fits = loc ? s[i].location && places_nest(pl, loc, s[i].location)
                       : !s[i].location;
        if (fits && (best < 0 || s[i].npoints > s[best].npoints))
            best = (long)i;
    }
    return best;
}

/* How specific a figure's place is; -1 for none.  A place the lexicons lack is taken for
 * a town. */
static int spec(const struct places *pl, const char *loc)
{
    if (!loc)
        return -1;
    int l = places_level(pl, loc);
    return l == PLACE_UNKNOWN ? PLACE_TOWN : l;
}

/* The one site the located event series lie at — within country cc when cc is given —
 * as the index of the most specific of them, or -1 when they lie at none or at several
 * (two places of which neither lies in the other are two sites). */
static long one_site(const struct places *pl, const rasd_series *s, size_t n, const char *cc)
{
    long site = -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i].war || !s[i].location || spec(pl, s[i].location) < PLACE_PROVINCE)
            continue;
        if (cc && !streq(places_country(pl, s[i].location), cc))
            continue;
        if (site < 0 || spec(pl, s[i].location) > spec(pl, s[site].location))
            site = (long)i;
    }
    for (size_t i = 0; site >= 0 && i < n; i++) {
        if (s[i].war || !s[i].location || spec(pl, s[i].location) < PLACE_PROVINCE)
            continue;
        if (cc && !streq(places_country(pl, s[i].location), cc))
            continue;
        if (!places_within(pl, s[site].location, s[i].location))
            return -1;
    }
    return site;
}

/* Joins figures at the most specific place reported: a prison, its quarter and its town
 * make one series.  A figure placed only in a country, or nowhere, joins the series of its
 * category and side at the story's one site, when the story (in that country) is about
 * one site; otherwise it stands at its own level, as do a war's or a period's totals. */
static int group_figures(const rasd_series_fig *f, const struct finfo *info, size_t n,
                         rasd_series **out, size_t *nout)
{
    rasd_series *s = NULL;
    size_t ns = 0;
    struct places pl = {0};
    if (n && places_load(&pl) != RASD_OK)
        goto fail;
    /* Most specific places first, so that coarser ones find the series they contain. */
    for (int level = PLACE_FACILITY; level >= -1; level--)
        for (size_t i = 0; i < n; i++) {
            if (!f[i].category || spec(&pl, f[i].location) != level)
                continue;
            const char *cat = f[i].category, *g = grp(&f[i]), *loc = f[i].location;
            int war = (info[i].cues & CUE_WAR) != 0;
            long k = -1;
            if (war || level >= PLACE_PROVINCE) {
                k = nesting_series(&pl, s, ns, cat, g, war, loc);
            } else {
                long site = one_site(&pl, s, ns, loc ? places_country(&pl, loc) : NULL);
                if (site >= 0)
                    k = nesting_series(&pl, s, ns, cat, g, 0, s[site].location);
                if (k < 0)
                    k = nesting_series(&pl, s, ns, cat, g, 0, loc);
                if (k >= 0 && !streq(s[k].location, loc) && site < 0)
                    k = -1; /* a country's total beside a town's: its own series */
            }
            if (k < 0) {
                rasd_series *p = realloc(s, (ns + 1) * sizeof *p);
                if (!p)
                    goto fail;
                s = p;
                memset(&s[ns], 0, sizeof *s);
                s[ns].category = cat;
                s[ns].group = g;
                s[ns].location = loc;
                s[ns].war = war;
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

/* 1 when point i is smaller than a figure of the same series that its own article gives
 * as the toll so far («ارتفاع العدد الإجمالي للقتلى إلى 3216» beside «قتلت 3042 من داعش
 * والنصرة»), from the same source or with no source of its own:
 * within one report the smaller one is a part or a restated earlier count.  An
 * unattributed one is the article's own voice, which restates its sources' counts (a
 * subheading's «3042 قتلى داعش والنصرة» beside the Observatory's 3216). */
static int below_own_total(const rasd_series *s, const rasd_series_fig *f,
                           const struct finfo *info, size_t i)
{
    const rasd_series_fig *x = &f[s->points[i]];
    int64_t v = fig_value(x);
    if (info[s->points[i]].cues & CUE_CUMULATIVE)
        return 0;
    for (size_t k = 0; k < s->npoints; k++) {
        size_t fk = s->points[k];
        const rasd_series_fig *y = &f[fk];
        int64_t pv = fig_value(y);
        if (k == i || pv == RASD_NOVAL || pv <= v || !(info[fk].cues & CUE_CUMULATIVE) ||
            partial_bits(info[fk].cues) || !streq(y->doc, x->doc) ||
            !(same_source(x, y) || !x->source))
            continue;
        return 1;
    }
    return 0;
}

/* Partial by cue, below its own article's toll so far, or less than half of an earlier
 * day's cumulative figure of the same (named) source.  Points are in date order. */
static void mark_partial(rasd_series *s, const rasd_series_fig *f, const struct finfo *info)
{
    for (size_t i = 0; i < s->npoints; i++) {
        size_t fi = s->points[i];
        const rasd_series_fig *x = &f[fi];
        s->days[i] = info[fi].day;
        s->rank[i] = info[fi].rank;
        s->claim[i] = info[fi].claim;
        s->partial[i] = (uint8_t)partial_bits(info[fi].cues);
        int64_t v = fig_value(x);
        if (!s->partial[i] && v != RASD_NOVAL && below_own_total(s, f, info, i))
            s->partial[i] = 1;
        if (s->partial[i] || v == RASD_NOVAL || s->days[i] == RASD_DAY_UNKNOWN)
            continue;
        for (size_t k = 0; k < i; k++) {
            const rasd_series_fig *y = &f[s->points[k]];
            int64_t pv = fig_value(y);
            if (s->partial[k] || pv == RASD_NOVAL || s->days[k] == RASD_DAY_UNKNOWN ||
                s->days[k] >= s->days[i] || !same_source(y, x))
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

/* The bounds a figure allows: «28 على الأقل» is 28 or more, «نحو 30» a tenth either way. */
static void bounds(const rasd_series_fig *x, int64_t *lo, int64_t *hi)
{
    int64_t v = fig_value(x);
    *lo = x->low != RASD_NOVAL ? x->low : v;
    *hi = x->high != RASD_NOVAL ? x->high : x->low != RASD_NOVAL && x->value != RASD_NOVAL &&
          x->qualifier && strcmp(x->qualifier, "exact") ? INT64_MAX : v;
    if (x->qualifier && !strcmp(x->qualifier, "approx")) {
        int64_t d = v / 10 > 1 ? v / 10 : 1;
        *lo -= d;
        if (*hi != INT64_MAX)
            *hi += d;
    }
}

/* 1 when what x allows lies within what b allows and is less («14 على الأقل» within «11
 * على الأقل», 30 within «نحو 30»): x says all b says and more, however often b is cited. */
static int narrower(const rasd_series_fig *x, const rasd_series_fig *b)
{
    int64_t xl, xh, bl, bh;
    bounds(x, &xl, &xh);
    bounds(b, &bl, &bh);
    return xl >= bl && xh <= bh && (xl > bl || xh < bh);
}

/* A point that may stand for the toll: cumulative, with a number, not a party's claim. */
static int credible(const rasd_series *s, const rasd_series_fig *f, size_t i, int partial)
{
    return s->partial[i] == partial && !s->claim[i] && fig_value(&f[s->points[i]]) != RASD_NOVAL;
}

/* The most a day's credible points count: the highest lower bound and the highest upper
 * bound among them, and whether one of them has a cue of a toll so far. */
struct day_count {
    int32_t day;
    int64_t lo, hi;
    int told;
};

/* A count below a toll so far that an earlier day gave («ارتفعت الحصيلة إلى 61»), with no
 * such cue of its own, is a part of that toll (the 4 killed in a sweep), whoever gives it. */
static void below_told(rasd_series *s, const rasd_series_fig *f, const struct finfo *info)
{
    for (size_t j = 0; j < s->npoints; j++) {
        if (!credible(s, f, j, 0) || s->days[j] == RASD_DAY_UNKNOWN ||
            (info[s->points[j]].cues & CUE_SO_FAR))
            continue;
        int64_t lj, hj;
        bounds(&f[s->points[j]], &lj, &hj);
        for (size_t i = 0; i < j; i++) {
            int64_t li, hi;
            if (!credible(s, f, i, 0) || s->days[i] == RASD_DAY_UNKNOWN ||
                s->days[i] >= s->days[j] ||
                (int64_t)s->days[j] - s->days[i] > SER_SEPARATE_DAYS ||
                !(info[s->points[i]].cues & CUE_SO_FAR))
                continue;
            bounds(&f[s->points[i]], &li, &hi);
            if (hj < li) {
                s->partial[j] = 1;
                break;
            }
        }
    }
}

/* 1 when the most a day counts is less than the most an earlier day counted (of the same
 * days: a count of years ago is history, not a rival): a toll does not shrink, so the
 * days' counts are of separate incidents (a front's daily clashes, one day's strikes and
 * the next day's), and the latest of them is not the series' toll, unless the latest day
 * gives one («ارتفعت حصيلة», «منذ بدء»).  A day's own counts may differ (sources, a
 * restated first count); only its most is compared.  Points are in date order.  Returns
 * -1 when out of memory. */
static int separate_counts(const rasd_series *s, const rasd_series_fig *f,
                           const struct finfo *info)
{
    struct day_count *d = malloc((s->npoints ? s->npoints : 1) * sizeof *d);
    size_t nd = 0;
    if (!d)
        return -1;
    for (size_t j = 0; j < s->npoints; j++) {
        if (!credible(s, f, j, 0) || s->days[j] == RASD_DAY_UNKNOWN)
            continue;
        int64_t lo, hi;
        bounds(&f[s->points[j]], &lo, &hi);
        if (!nd || d[nd - 1].day != s->days[j])
            d[nd++] = (struct day_count){s->days[j], lo, hi, 0};
        struct day_count *k = &d[nd - 1];
        k->lo = lo > k->lo ? lo : k->lo;
        k->hi = hi > k->hi ? hi : k->hi;
        k->told |= (info[s->points[j]].cues & CUE_SO_FAR) != 0;
    }
    int shrank = 0;
    for (size_t j = 1; j < nd && !shrank; j++)
        for (size_t i = 0; i < j && !shrank; i++)
            shrank = (int64_t)d[j].day - d[i].day <= SER_SEPARATE_DAYS && d[j].hi < d[i].lo;
    int told = nd && d[nd - 1].told;
    free(d);
    return shrank && !told;
}

/* The estimate: of the credible figures of the latest day, the best-ranked source's,
 * one that says more than another (a higher lower bound, an exact figure within an
 * approximate one) first, then the most cited, then the higher; low and high span every
 * credible figure of that day.  Only a series without cumulative figures takes its partial ones. */
static void choose_estimate(rasd_series *s, const rasd_series_fig *f)
{
    for (int want_partial = 0; want_partial < 2 && !s->has_estimate; want_partial++) {
        long best = -1;
        size_t bestcite = 0;
        int32_t day = RASD_DAY_UNKNOWN;
        int any = 0;
        for (size_t i = 0; i < s->npoints; i++)
            if (credible(s, f, i, want_partial) && s->days[i] != RASD_DAY_UNKNOWN &&
                (!any || s->days[i] > day)) {
                day = s->days[i];
                any = 1;
            }
        for (size_t i = 0; i < s->npoints; i++) {
            if (!credible(s, f, i, want_partial) || s->days[i] != day)
                continue;
            const rasd_series_fig *x = &f[s->points[i]];
            size_t c = cited(s, f, x->source);
            if (best >= 0) {
                const rasd_series_fig *b = &f[s->points[best]];
                int in = s->rank[i] == s->rank[best] ? narrower(x, b) - narrower(b, x) : 0;
                if (s->rank[i] != s->rank[best] ? s->rank[i] > s->rank[best]
                    : in ? in < 0
                    : c != bestcite ? c < bestcite : fig_value(x) <= fig_value(b))
                    continue;
            }
            best = (long)i;
            bestcite = c;
        }
        if (best < 0)
            continue;
        s->has_estimate = 1;
        s->estimate = s->points[best];
        s->estimate_partial = want_partial;
        s->estimate_rank = s->rank[best];
        s->estimate_low = INT64_MAX;
        s->estimate_high = INT64_MIN;
        s->estimate_ranks = 0;
        for (size_t i = 0; i < s->npoints; i++) {
            if (!credible(s, f, i, want_partial) || s->days[i] != day)
                continue;
            /* The range is of what sources said: an open bound widens nothing, nor does
             * the top of a vague word («عشرات» is 20 to 99). */
            const rasd_series_fig *x = &f[s->points[i]];
            int64_t v = fig_value(x);
            int64_t lo = x->low != RASD_NOVAL ? x->low : v;
            int64_t hi = x->high != RASD_NOVAL && x->value != RASD_NOVAL ? x->high : v;
            hi = hi < lo ? lo : hi;
            s->estimate_low = lo < s->estimate_low ? lo : s->estimate_low;
            s->estimate_high = hi > s->estimate_high ? hi : s->estimate_high;
            s->estimate_ranks |= 1u << s->rank[i];
        }
    }
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

/* 1 when no value fits both figures' bounds. */
static int disagree(const rasd_series_fig *a, const rasd_series_fig *b)
{
    int64_t alo, ahi, blo, bhi;
    bounds(a, &alo, &ahi);
    bounds(b, &blo, &bhi);
    return ahi < blo || bhi < alo;
}

/* Same-day credible cumulative figures whose bounds leave no common value, given by two
 * (source, document) pairs. */
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
        int clash = 0;
        for (size_t k = i; k < j; k++) {
            const rasd_series_fig *x = &f[s->points[k]];
            if (!credible(s, f, k, 0) || x->value == RASD_NOVAL)
                continue;
            for (size_t q = i; q < k && !clash; q++) {
                const rasd_series_fig *y = &f[s->points[q]];
                if (credible(s, f, q, 0) && y->value != RASD_NOVAL &&
                    (!streq(x->source, y->source) || !streq(x->doc, y->doc)) &&
                    disagree(x, y))
                    clash = 1;
            }
            c.figs[c.nfigs++] = s->points[k];
            size_t v = 0;
            while (v < c.nvalues && c.values[v] != x->value)
                v++;
            if (v == c.nvalues)
                c.values[c.nvalues++] = x->value;
        }
        if (clash) {
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
    struct finfo *info = calloc(n ? n : 1, sizeof *info);
    if (!info)
        return RASD_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        info[i].cues = (uint8_t)cue_bits(&figs[i]);
        info[i].day = point_day(&figs[i], info[i].cues);
        source_rank(&figs[i], &info[i].rank, &info[i].claim);
    }
    int rc = group_figures(figs, info, n, &s, &ns);
    for (size_t i = 0; i < ns && !rc; i++) {
        ctx_figs = figs;
        ctx_info = info;
        qsort(s[i].points, s[i].npoints, sizeof *s[i].points, cmp_point);
        s[i].partial = calloc(s[i].npoints, 1);
        s[i].rank = calloc(s[i].npoints, 1);
        s[i].claim = calloc(s[i].npoints, 1);
        s[i].days = malloc(s[i].npoints * sizeof *s[i].days);
        if (!s[i].partial || !s[i].rank || !s[i].claim || !s[i].days) {
            rc = RASD_ENOMEM;
            break;
        }
        mark_partial(&s[i], figs, info);
        int sep = 0;
        if (!s[i].war) { /* a war's totals are of many incidents by nature */
            below_told(&s[i], figs, info);
            sep = separate_counts(&s[i], figs, info);
        }
        if (sep < 0) {
            rc = RASD_ENOMEM;
            break;
        }
        s[i].separate = sep;
        if (!sep)
            choose_estimate(&s[i], figs);
        rc = find_conflicts(&s[i], figs);
    }
    free(info);
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
        free(s[i].rank);
        free(s[i].claim);
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

static void json_point(struct buf *b, const rasd_series *s, size_t i,
                       const rasd_series_fig *x)
{
    int32_t day = s->days[i];
    int partial = s->partial[i];
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
    buf_printf(b, ",\"rank\":%u,\"claim\":%s}", s->rank[i], s->claim[i] ? "true" : "false");
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
    buf_printf(&b, ",\"scope\":\"%s\",\"separate\":%s,\"points\":[", s->war ? "war" : "event",
               s->separate ? "true" : "false");
    for (size_t i = 0; i < s->npoints; i++) {
        if (i)
            buf_addc(&b, ',');
        json_point(&b, s, i, &figs[s->points[i]]);
    }
    buf_adds(&b, "],\"estimate\":");
    if (s->has_estimate) {
        const rasd_series_fig *e = &figs[s->estimate];
        size_t ei = 0;
        while (ei < s->npoints && s->points[ei] != s->estimate)
            ei++;
        buf_adds(&b, "{\"value\":");
        json_int(&b, e->value); /* a vague figure has none: its bounds say what is known */
        buf_adds(&b, ",\"low\":");
        json_int(&b, s->estimate_low);
        buf_adds(&b, ",\"high\":");
        json_int(&b, s->estimate_high);
        /* within the range: «أكثر من 230 ألفا» is 230000 as said, 230001 at the least */
        int64_t best = e->value != RASD_NOVAL ? e->value : e->low;
        if (best != RASD_NOVAL && s->estimate_low != INT64_MAX && best < s->estimate_low)
            best = s->estimate_low;
        if (best != RASD_NOVAL && s->estimate_high != INT64_MIN && best > s->estimate_high)
            best = s->estimate_high;
        buf_adds(&b, ",\"best\":");
        json_int(&b, best);
        buf_adds(&b, ",\"date\":");
        json_day(&b, ei < s->npoints ? s->days[ei] : RASD_DAY_UNKNOWN);
        buf_adds(&b, ",\"source\":");
        buf_json_strz(&b, e->source);
        buf_adds(&b, ",\"doc\":");
        buf_json_strz(&b, e->doc);
        buf_printf(&b, ",\"rank\":%d,\"ranks\":[", s->estimate_rank);
        for (unsigned r = 1, k = 0; r <= 9; r++)
            if (s->estimate_ranks & (1u << r))
                buf_printf(&b, "%s%u", k++ ? "," : "", r);
        buf_addc(&b, ']');
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
