#include "common/places.h"
#include "common/data.h"
#include "rasd.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The lexicons' `kind` column as a level. */
static int kind_level(const struct data_field *k)
{
    static const struct {
        const char *kind;
        int level;
    } kinds[] = {{"country", PLACE_COUNTRY}, {"ADM1", PLACE_PROVINCE},
                 {"REG", PLACE_PROVINCE},    {"NBHD", PLACE_QUARTER},
                 {"FAC", PLACE_FACILITY}};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (k->len == strlen(kinds[i].kind) && !memcmp(k->p, kinds[i].kind, k->len))
            return kinds[i].level;
    return k->len ? PLACE_TOWN : PLACE_UNKNOWN; /* PPL, PPLA..., STLMT: populated places */
}

static int cmp_place(const void *a, const void *b)
{
    const struct place *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->ord > y->ord) - (x->ord < y->ord);
}

static int cmp_place_id(const void *key, const void *b)
{
    return strcmp(key, ((const struct place *)b)->id);
}

/* Copies field f, which the caller checked fits, as a C string. */
static void field(char *dst, const struct data_field *f)
{
    memcpy(dst, f->p, f->len);
    dst[f->len] = 0;
}

/* Reads one lexicon's rows; returns RASD_OK or RASD_ENOMEM. */
static int load_file(struct places *pl, size_t *cap, const char *name)
{
    const struct rasd_data_file *f = data_find(name);
    if (!f)
        return RASD_OK;
    struct data_tsv t;
    data_tsv_init(&t, f->bytes, f->len);
    while (data_tsv_next(&t)) {
        if (t.nfields < 2 || !t.f[1].len || t.f[1].len >= sizeof pl->p->id)
            continue;
        if (pl->n == *cap) {
            size_t nc = *cap ? *cap * 2 : 1024;
            struct place *np = realloc(pl->p, nc * sizeof *np);
            if (!np)
                return RASD_ENOMEM;
            pl->p = np;
            *cap = nc;
        }
        struct place *x = &pl->p[pl->n];
        memset(x, 0, sizeof *x);
        x->ord = pl->n++;
        field(x->id, &t.f[1]);
        /* Coordinates count only when both are there and fit. */
        if (t.nfields >= 6 && t.f[4].len && t.f[4].len < sizeof x->lat && t.f[5].len &&
            t.f[5].len < sizeof x->lon) {
            field(x->lat, &t.f[4]);
            field(x->lon, &t.f[5]);
        }
        x->country = data_tsv_is(&t, 6, "country");
        x->level = t.nfields >= 7 ? kind_level(&t.f[6]) : PLACE_UNKNOWN;
        x->capital = data_tsv_is(&t, 6, "PPLA") || data_tsv_is(&t, 6, "PPLC");
        if (t.nfields >= 4 && t.f[3].len < sizeof x->cc)
            for (size_t i = 0; i < t.f[3].len; i++)
                x->cc[i] = (char)(t.f[3].p[i] | 0x20); /* ASCII letters to lower case */
        if (t.nfields >= 9 && t.f[8].len < sizeof x->admin1)
            field(x->admin1, &t.f[8]);
        if (x->lat[0]) {
            x->y = strtod(x->lat, NULL);
            x->x = strtod(x->lon, NULL);
        }
    }
    return RASD_OK;
}

/* Kilometres between two rows with coordinates (equirectangular: the places compared are
 * at most a province apart). */
static double km(const struct place *a, const struct place *b)
{
    const double rad = 3.14159265358979 / 180.0;
    double dx = (a->x - b->x) * rad * cos((a->y + b->y) / 2 * rad), dy = (a->y - b->y) * rad;
    return 6371.0 * sqrt(dx * dx + dy * dy);
}

/* A province written by hand has no admin1 code: it takes that of the nearest provincial
 * capital (PPLA, PPLC) of its country, whose code GeoNames gives. */
static void province_codes(struct places *pl)
{
    for (size_t i = 0; i < pl->n; i++) {
        struct place *p = &pl->p[i];
        if (p->level != PLACE_PROVINCE || p->admin1[0] || !p->lat[0])
            continue;
        const struct place *best = NULL;
        double bd = PLACE_PROVINCE_KM;
        for (size_t k = 0; k < pl->n; k++) {
            const struct place *q = &pl->p[k];
            if (!q->capital || !q->admin1[0] || !q->lat[0] || strcmp(q->cc, p->cc))
                continue;
            double d = km(p, q);
            if (d < bd) {
                bd = d;
                best = q;
            }
        }
        if (best)
            memcpy(p->admin1, best->admin1, sizeof p->admin1);
    }
}

int places_load(struct places *pl)
{
    static const char *const files[] = {"places.tsv", "places_extra.tsv"};
    size_t cap = 0;
    int rc = RASD_OK;
    pl->p = NULL;
    pl->n = 0;
    for (size_t k = 0; k < sizeof files / sizeof *files && rc == RASD_OK; k++)
        rc = load_file(pl, &cap, files[k]);
    province_codes(pl);
    if (pl->n)
        qsort(pl->p, pl->n, sizeof *pl->p, cmp_place);
    return rc;
}

void places_free(struct places *pl)
{
    free(pl->p);
    pl->p = NULL;
    pl->n = 0;
}

/* The first row of id, or NULL. */
static const struct place *first_row(const struct places *pl, const char *id)
{
    if (!id || !*id || !pl->n || strlen(id) >= sizeof pl->p->id)
        return NULL;
    const struct place *hit = bsearch(id, pl->p, pl->n, sizeof *pl->p, cmp_place_id);
    while (hit && hit > pl->p && !strcmp(hit[-1].id, id))
        hit--;
    return hit;
}

const struct place *places_coords(const struct places *pl, const char *id)
{
    const struct place *end = pl->p + pl->n;
    for (const struct place *x = first_row(pl, id); x && x < end && !strcmp(x->id, id); x++)
        if (x->lat[0])
            return x;
    return NULL;
}

int places_is_country(const struct places *pl, const char *id)
{
    const struct place *end = pl->p + pl->n;
    for (const struct place *x = first_row(pl, id); x && x < end && !strcmp(x->id, id); x++)
        if (x->country)
            return 1;
    return 0;
}

int places_level(const struct places *pl, const char *id)
{
    const struct place *x = first_row(pl, id);
    return x ? x->level : PLACE_UNKNOWN;
}

const char *places_country(const struct places *pl, const char *id)
{
    const struct place *end = pl->p + pl->n;
    for (const struct place *x = first_row(pl, id); x && x < end && !strcmp(x->id, id); x++)
        if (x->cc[0])
            return x->cc;
    return NULL;
}

/* 1 when row a lies in row b (b coarser). */
static int row_within(const struct place *a, const struct place *b)
{
    if (a->level <= b->level || !a->cc[0] || strcmp(a->cc, b->cc))
        return 0;
    if (b->level == PLACE_COUNTRY)
        return 1;
    if (b->level == PLACE_PROVINCE && a->admin1[0] && b->admin1[0])
        return !strcmp(a->admin1, b->admin1);
    if (!a->lat[0] || !b->lat[0])
        return 0;
    double r = b->level == PLACE_PROVINCE ? PLACE_PROVINCE_KM
             : b->level == PLACE_TOWN     ? PLACE_TOWN_KM
                                          : PLACE_QUARTER_KM;
    return km(a, b) <= r;
}

int places_within(const struct places *pl, const char *inner, const char *outer)
{
    if (!inner || !outer)
        return 0;
    if (!strcmp(inner, outer))
        return 1;
    const struct place *end = pl->p + pl->n;
    for (const struct place *a = first_row(pl, inner); a && a < end && !strcmp(a->id, inner);
         a++)
        for (const struct place *b = first_row(pl, outer);
             b && b < end && !strcmp(b->id, outer); b++)
            if (row_within(a, b))
                return 1;
    return 0;
}

int places_nest(const struct places *pl, const char *a, const char *b)
{
    return places_within(pl, a, b) || places_within(pl, b, a);
}
