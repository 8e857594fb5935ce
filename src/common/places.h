/* The place lexicons (data/places.tsv, then data/places_extra.tsv) as a table keyed by
 * place id, for what the store and the story layers ask of a place: its coordinates, its
 * level (country, province, town, neighbourhood, facility) and which places it lies in.
 * (Matching place names in text is the extractor's own.) */
#ifndef RASD_COMMON_PLACES_H
#define RASD_COMMON_PLACES_H
#include <stddef.h>

/* How much ground a place covers, coarsest first. */
enum place_level {
    PLACE_UNKNOWN = -1,
    PLACE_COUNTRY = 0,
    PLACE_PROVINCE,      /* ADM1, REG */
    PLACE_TOWN,          /* PPL* and settlements */
    PLACE_QUARTER,       /* NBHD */
    PLACE_FACILITY       /* FAC: a prison, camp, base */
};

/* One lexicon row. */
struct place {
    char id[64];
    char lat[16], lon[16];  /* both "" when the row has no usable coordinates */
    int country;            /* kind "country" */
    int level;              /* enum place_level */
    char cc[4];             /* ISO country code, lower case ("sy"), "" when none */
    char admin1[8];         /* GeoNames first-level division code, "" when unknown */
    double y, x;            /* lat and lon as numbers, when lat[0] */
    int capital;            /* kind PPLA or PPLC: a province's or country's seat */
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

/* The level of id's first row, PLACE_UNKNOWN when id is no place. */
int places_level(const struct places *pl, const char *id);

/* The country code of id ("sy"; a country's own id), or NULL. */
const char *places_country(const struct places *pl, const char *id);

/* 1 when place `inner` lies in place `outer` or is it: same id; a place in its country;
 * a town in its province (same GeoNames admin1 code when both rows have one, else within
 * PLACE_PROVINCE_KM of its centre); a quarter or facility within PLACE_TOWN_KM of its
 * town, a facility within PLACE_QUARTER_KM of its quarter.  Any row of either id counts,
 * so a name that several places share nests where one of them does. */
int places_within(const struct places *pl, const char *inner, const char *outer);

/* 1 when one of a and b lies in the other. */
int places_nest(const struct places *pl, const char *a, const char *b);

#define PLACE_PROVINCE_KM 150.0
#define PLACE_TOWN_KM 15.0
#define PLACE_QUARTER_KM 3.0

#endif
