#include "common/places.h"
#include "common/data.h"
#include "rasd.h"
#include <stdlib.h>
#include <string.h>

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
    }
    return RASD_OK;
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
