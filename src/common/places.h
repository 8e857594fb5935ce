/* The place lexicons (data/places.tsv, then data/places_extra.tsv) as a table keyed by
 * place id, for what the store and the story layers ask of a place: its coordinates and
 * whether it is a whole country.  (Matching place names in text is the extractor's own.) */
#ifndef RASD_COMMON_PLACES_H
#define RASD_COMMON_PLACES_H
#include <stddef.h>

/* One lexicon row. */
struct place {
    char id[64];
    char lat[16], lon[16];  /* both "" when the row has no usable coordinates */
    int country;            /* kind "country" */
    size_t ord;             /* row order: among rows of one id the first is the lexicon's
                             * own choice */
};

struct places {
    struct place *p;        /* sorted by id, then row order */
    size_t n;
};

/* Loads the rows that have a place id (shorter than 64 bytes) into *pl.  Returns RASD_OK,
 * or RASD_ENOMEM with *pl holding the rows read until then.  Free with places_free. */
int places_load(struct places *pl);
void places_free(struct places *pl);

/* The first row of id that has coordinates, or NULL. */
const struct place *places_coords(const struct places *pl, const char *id);

/* 1 when a row of id has kind "country". */
int places_is_country(const struct places *pl, const char *id);

#endif
