/* Exports of the store's figures: JSON Lines per the figures contract, and an ACLED-style
 * CSV with one row per event: a story (or article), a date and a site.  Above the store
 * and the story layer: it reads figure rows through the seam (src/store/backend.h) and
 * the stories through rasd_store_stories. */
#include "store/store.h"
#include "common/buf.h"
#include "common/places.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int flush_out(struct buf *b, rasd_write_fn w, void *ctx)
{
    if (b->oom)
        return RASD_ENOMEM;
    int stop = b->len && w(ctx, b->p, b->len);
    buf_reset(b);
    return stop ? RASD_EIO : RASD_OK;
}

/* The bytes of the first `chars` characters of t (as SQL's substr counts them). */
static size_t utf8_prefix(struct sb_text t, size_t chars)
{
    size_t i = 0;
    for (size_t c = 0; i < t.n; i++)
        if (((unsigned char)t.p[i] & 0xC0) != 0x80 && c++ == chars)
            break;
    return i;
}

/* ---- JSON Lines and GeoJSON: the figure records of rasd_stored_figure_json */

struct fig_export {
    struct buf b;
    rasd_write_fn w;
    void *ctx;
    int geo;          /* GeoJSON features instead of lines */
    size_t features;  /* written so far */
    int rc;
};

/* Appends one feature: a Point at the figure's place, its record as properties.  A figure
 * without a located place has no feature. */
static void geo_feature(struct fig_export *e, const rasd_stored_figure *f, const char *js,
                        size_t n)
{
    const char *lat, *lon;
    if (!f->fig.location || rasd_place_coords(f->fig.location, &lat, &lon) != RASD_OK)
        return;
    buf_adds(&e->b, e->features++ ? ",\n" : "\n");
    buf_printf(&e->b, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                      "\"coordinates\":[%s,%s]},\"properties\":", lon, lat);
    buf_add(&e->b, js, n ? n - 1 : 0); /* without its newline */
    buf_addc(&e->b, '}');
}

static int export_figure(void *ctx, const rasd_stored_figure *f)
{
    struct fig_export *e = ctx;
    char *js = NULL;
    size_t n = 0;
    e->rc = rasd_stored_figure_json(f, &js, &n);
    if (e->rc != RASD_OK)
        return 1;
    if (e->geo)
        geo_feature(e, f, js, n);
    else
        buf_add(&e->b, js, n);
    free(js);
    if (e->b.len > 1 << 16)
        e->rc = flush_out(&e->b, e->w, e->ctx);
    return e->rc != RASD_OK;
}

static int export_figures(rasd_store *s, int geo, rasd_write_fn w, void *ctx)
{
    struct fig_export e = {.w = w, .ctx = ctx, .geo = geo};
    buf_init(&e.b);
    if (geo)
        buf_adds(&e.b, "{\"type\":\"FeatureCollection\",\"features\":[");
    int rc = rasd_store_figures(s, NULL, export_figure, &e);
    if (rc == RASD_OK)
        rc = e.rc;
    if (rc == RASD_OK && geo)
        buf_adds(&e.b, "\n]}\n");
    if (rc == RASD_OK)
        rc = flush_out(&e.b, w, ctx);
    buf_free(&e.b);
    return rc;
}

/* ---- ACLED */

/* RFC 4180: a field with a comma, quote, CR or LF (or edge spaces) is quoted, quotes
 * doubled.  A text cell that a spreadsheet would take for a formula (= + - @, tab, CR
 * first) gets a leading ' and quotes, as OWASP advises against formula injection; numeric
 * cells (a negative longitude) are left as they are. */
enum { CSV_TEXT = 0, CSV_NUMBER = 1 };

static void csv_field(struct buf *b, const char *s, int last, int kind)
{
    s = s ? s : "";
    size_t n = strlen(s);
    int formula = kind == CSV_TEXT && n && strchr("=+-@\t\r", s[0]);
    int quote = formula || (n && (s[0] == ' ' || s[n - 1] == ' '));
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (quote) {
        buf_addc(b, '"');
        if (formula)
            buf_addc(b, '\'');
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '"')
                buf_addc(b, '"');
            buf_addc(b, s[i]);
        }
        buf_addc(b, '"');
    } else {
        buf_add(b, s, n);
    }
    buf_adds(b, last ? "\r\n" : ",");
}

#define ACLED_MAX_GROUPS 16

/* One (story or article, date) being gathered. */
struct acled_row {
    char unit[128], date[16];
    int has_fig;
    unsigned cats;                       /* bit per category seen */
    char groups[ACLED_MAX_GROUPS][48];   /* armed groups, most figures first */
    int gcount[ACLED_MAX_GROUPS], ngroups;
    int civilians;
    long long kmin[ACLED_MAX_GROUPS];    /* lowest killed figure per armed group */
    long long civ_min, all_min;          /* -1: none */
    char location[96];
    int nfigs;
    struct buf sources, notes;
};

/* Sites a story reports on one date: each is a row. */
#define ACLED_MAX_SITES 8

enum { C_KILLED, C_INJURED, C_ARRESTED, C_ESCAPED, C_SURRENDERED, C_DISPLACED, C_DETAINED,
       C_MISSING, C_ABDUCTED, C_OTHER };

static int category_bit(const char *c)
{
    static const char *const names[] = {"killed", "injured", "arrested", "escaped",
        "surrendered", "displaced", "detained", "missing", "abducted"};
    for (int i = 0; c && i < (int)(sizeof names / sizeof *names); i++)
        if (!strcmp(c, names[i]))
            return i;
    return C_OTHER;
}

static void row_reset(struct acled_row *r)
{
    struct buf s = r->sources, n = r->notes;
    memset(r, 0, sizeof *r);
    buf_reset(&s);
    buf_reset(&n);
    r->sources = s;
    r->notes = n;
    r->civ_min = r->all_min = -1;
}

static int is_armed(const char *g)
{
    return g && strcmp(g, "civilians") && strcmp(g, "all") && strcmp(g, "unknown");
}

static void lower_min(long long *slot, long long v)
{
    if (v >= 0 && (*slot < 0 || v < *slot))
        *slot = v;
}

/* Adds the text `item` to a "; "-separated list unless it is there already. */
static void add_unique(struct buf *b, const char *item)
{
    if (!item || !*item)
        return;
    size_t n = strlen(item);
    for (const char *p = b->p; p && (p = strstr(p, item)); p += n)
        if ((p == b->p || p[-1] == ' ') && (p[n] == ';' || p[n] == 0))
            return;
    if (b->len)
        buf_adds(b, "; ");
    buf_adds(b, item);
}

static void row_add(struct acled_row *r, const struct sb_figure_row *f)
{
    const char *cat = f->category.p, *grp = f->group.p, *src = f->source.p;
    const char *doc = f->doc.p, *outlet = f->outlet.p;
    int c = category_bit(cat);
    r->has_fig = 1;
    r->nfigs++;
    r->cats |= 1u << c;
    long long low = f->low == RASD_NOVAL ? -1 : f->low;
    if (is_armed(grp)) {
        int g = 0;
        while (g < r->ngroups && strcmp(r->groups[g], grp))
            g++;
        if (g == r->ngroups && g < ACLED_MAX_GROUPS) {
            snprintf(r->groups[g], sizeof r->groups[g], "%s", grp);
            r->kmin[g] = -1;
            r->ngroups++;
        }
        if (g < r->ngroups) {
            r->gcount[g]++;
            if (c == C_KILLED)
                lower_min(&r->kmin[g], low);
        }
    } else if (grp && !strcmp(grp, "civilians")) {
        r->civilians = 1;
        if (c == C_KILLED)
            lower_min(&r->civ_min, low);
    } else if (c == C_KILLED) {
        lower_min(&r->all_min, low);
    }
    add_unique(&r->sources, src ? src : outlet);
    if (r->notes.len)
        buf_adds(&r->notes, "; ");
    buf_printf(&r->notes, "%s %s ", cat ? cat : "?", grp ? grp : "unknown");
    if (f->value != RASD_NOVAL)
        buf_printf(&r->notes, "%lld", (long long)f->value);
    else
        buf_printf(&r->notes, "%s", f->qualifier.p ? f->qualifier.p : "?");
    buf_printf(&r->notes, " (%s, %s %s)", src ? src : "no source", outlet ? outlet : "doc",
               doc ? doc : "?");
}

/* Event type and sub-type after ACLED's categories, from the kinds of figures seen. */
static void event_type(const struct acled_row *r, const char **type, const char **sub)
{
    unsigned violent = (1u << C_KILLED) | (1u << C_INJURED);
    if (r->cats & violent) {
        if (r->ngroups >= 2 || !r->civilians) {
            *type = "Battles";
            *sub = "Armed clash";
        } else {
            *type = "Violence against civilians";
            *sub = "Attack";
        }
    } else if (r->cats & ((1u << C_ABDUCTED) | (1u << C_MISSING))) {
        *type = "Violence against civilians";
        *sub = "Abduction/forced disappearance";
    } else if (r->cats & ((1u << C_ARRESTED) | (1u << C_SURRENDERED))) {
        *type = "Strategic developments";
        *sub = "Arrests";
    } else {
        *type = "Strategic developments";
        *sub = "Other";
    }
}

/* ACLED records the lowest credible figure: per side, the lowest any source gave; a
 * stated total over all sides, when there is one, stands for the sum. */
static long long fatalities(const struct acled_row *r)
{
    if (r->all_min >= 0)
        return r->all_min;
    long long sum = r->civ_min > 0 ? r->civ_min : 0;
    for (int g = 0; g < r->ngroups; g++)
        if (r->kmin[g] > 0)
            sum += r->kmin[g];
    return sum;
}

static void row_emit(struct acled_row *r, const struct places *pl, struct buf *b)
{
    if (!r->has_fig)
        return;
    b->oom |= r->sources.oom | r->notes.oom; /* a row must not lose its sources or notes */
    const char *type, *sub;
    event_type(r, &type, &sub);
    /* actor1: the side with most figures; actor2: the next, or civilians. */
    int a1 = -1, a2 = -1;
    for (int g = 0; g < r->ngroups; g++) {
        if (a1 < 0 || r->gcount[g] > r->gcount[a1]) {
            a2 = a1;
            a1 = g;
        } else if (a2 < 0 || r->gcount[g] > r->gcount[a2]) {
            a2 = g;
        }
    }
    char fat[32];
    snprintf(fat, sizeof fat, "%lld", fatalities(r));
    csv_field(b, r->date, 0, CSV_TEXT);
    csv_field(b, type, 0, CSV_TEXT);
    csv_field(b, sub, 0, CSV_TEXT);
    csv_field(b, a1 >= 0 ? r->groups[a1] : "", 0, CSV_TEXT);
    csv_field(b, a2 >= 0 ? r->groups[a2] : r->civilians ? "civilians" : "", 0, CSV_TEXT);
    csv_field(b, "", 0, CSV_TEXT); /* admin1 */
    const struct place *xy = places_coords(pl, r->location);
    csv_field(b, r->location, 0, CSV_TEXT);
    csv_field(b, xy ? xy->lat : "", 0, CSV_NUMBER);
    csv_field(b, xy ? xy->lon : "", 0, CSV_NUMBER);
    csv_field(b, fat, 0, CSV_NUMBER);
    csv_field(b, r->sources.p, 0, CSV_TEXT);
    if (!strncmp(r->unit, "story ", 6)) {
        /* Name the story so a reader can find its timeline (rasd figures --story). */
        struct buf n;
        buf_init(&n);
        buf_printf(&n, "%s: %s", r->unit, r->notes.p ? r->notes.p : "");
        b->oom |= n.oom;
        csv_field(b, n.p, 1, CSV_TEXT);
        buf_free(&n);
    } else {
        csv_field(b, r->notes.p, 1, CSV_TEXT);
    }
}

/* The row of the site where a figure placed at loc happened, among the nr rows of one
 * story and date: a place that lies in a row's place, or holds it, is that row's site (the
 * row keeps the most specific place); a figure placed only in a country joins a site of
 * that country, one placed nowhere the first site.  Past ACLED_MAX_SITES sites the last
 * row takes the rest. */
static struct acled_row *site_row(struct acled_row *r, size_t *nr, const struct places *pl,
                                  const char *loc, const char *unit, const char *date)
{
    const char *cc = loc ? places_country(pl, loc) : NULL;
    int coarse = !loc || places_level(pl, loc) == PLACE_COUNTRY;
    for (size_t i = 0; i < *nr; i++) {
        const char *at = r[i].location[0] ? r[i].location : NULL;
        if (!loc)
            return &r[0];
        if (!at) {
            snprintf(r[i].location, sizeof r[i].location, "%s", loc);
            return &r[i];
        }
        const char *atcc = places_country(pl, at);
        if (coarse ? cc && atcc && !strcmp(cc, atcc) : places_nest(pl, loc, at)) {
            if (!coarse && places_within(pl, loc, at))
                snprintf(r[i].location, sizeof r[i].location, "%s", loc);
            return &r[i];
        }
    }
    if (*nr == ACLED_MAX_SITES)
        return &r[*nr - 1];
    struct acled_row *n = &r[(*nr)++];
    row_reset(n);
    snprintf(n->unit, sizeof n->unit, "%s", unit);
    snprintf(n->date, sizeof n->date, "%s", date);
    snprintf(n->location, sizeof n->location, "%s", loc ? loc : "");
    return n;
}

static void emit_sites(struct acled_row *r, size_t nr, const struct places *pl, struct buf *b)
{
    for (size_t i = 0; i < nr; i++)
        row_emit(&r[i], pl, b);
}

/* The event a figure row belongs to: its date (the figure's, else the publication day,
 * else none) and its unit ("story ID", or "doc ID" for an article outside every story). */
static void event_of(const struct sb_figure_row *f, char *date, size_t dcap, char *unit,
                     size_t ucap)
{
    if (f->date.p)
        snprintf(date, dcap, "%s", f->date.p);
    else if (f->published.p)
        snprintf(date, dcap, "%.*s", (int)utf8_prefix(f->published, 10), f->published.p);
    else
        date[0] = 0;
    if (f->story.p)
        snprintf(unit, ucap, "story %s", f->story.p);
    else
        snprintf(unit, ucap, "doc %s", f->doc.p ? f->doc.p : "");
}

struct acled_out {
    struct buf b;
    rasd_write_fn w;
    void *ctx;
    struct places pl;
    struct acled_row *r;
    size_t nr;
    char unit[128], date[16];
};

static int acled_fig(void *p, const struct sb_figure_row *f)
{
    struct acled_out *o = p;
    char d[16], u[128];
    event_of(f, d, sizeof d, u, sizeof u);
    if (o->nr && (strcmp(u, o->unit) || strcmp(d, o->date))) {
        emit_sites(o->r, o->nr, &o->pl, &o->b);
        o->nr = 0;
    }
    snprintf(o->unit, sizeof o->unit, "%s", u);
    snprintf(o->date, sizeof o->date, "%s", d);
    row_add(site_row(o->r, &o->nr, &o->pl, f->location.p, o->unit, o->date), f);
    return o->b.len > 1 << 16 ? flush_out(&o->b, o->w, o->ctx) : RASD_OK;
}

static int export_acled(rasd_store *s, rasd_write_fn w, void *ctx)
{
    /* One row per story, date and site; an article outside every story stands for itself.
     * Placed figures come first on each date so that unplaced ones find their site. */
    int rc = rasd_store_stories(s, NULL, NULL);
    if (rc != RASD_OK)
        return rc;
    struct acled_out o = {.w = w, .ctx = ctx};
    buf_init(&o.b);
    /* Without them the rows would read as places of unknown coordinates. */
    int loaded = places_load(&o.pl);
    o.r = loaded ? NULL : calloc(ACLED_MAX_SITES, sizeof *o.r);
    rc = o.r ? RASD_OK : RASD_ENOMEM;
    if (o.r) {
        buf_adds(&o.b, "event_date,event_type,sub_event_type,actor1,actor2,admin1,location,"
                       "latitude,longitude,fatalities,source,notes\r\n");
        rc = sb_figure_rows(s->b, SB_BY_EVENT, 0, acled_fig, &o);
        if (rc == RASD_EDB)
            rc = store_fail(s);
    }
    if (rc == RASD_OK) {
        emit_sites(o.r, o.nr, &o.pl, &o.b);
        rc = flush_out(&o.b, w, ctx);
    }
    for (size_t i = 0; o.r && i < ACLED_MAX_SITES; i++) {
        buf_free(&o.r[i].sources);
        buf_free(&o.r[i].notes);
    }
    free(o.r);
    places_free(&o.pl);
    buf_free(&o.b);
    return rc;
}

int rasd_store_export(rasd_store *s, int format, rasd_write_fn w, void *ctx)
{
    if (!s || !w)
        return RASD_EINVAL;
    if (format == RASD_EXPORT_JSONL || format == RASD_EXPORT_GEOJSON)
        return export_figures(s, format == RASD_EXPORT_GEOJSON, w, ctx);
    if (format == RASD_EXPORT_ACLED)
        return export_acled(s, w, ctx);
    return RASD_EINVAL;
}
