/* The stored stories as the API lists them: each story record with how many of its
 * articles are recent and whether it is breaking (docs/api.md gives the rule), newest
 * first.  Shared by the story endpoints and the event stream. */
#ifndef RASD_SERVE_SL_H
#define RASD_SERVE_SL_H
#include "rasd.h"
#include <stddef.h>
#include <stdint.h>

/* A story is breaking when at least SL_BREAKING_MIN of its articles came out on its last
 * SL_RECENT_DAYS days, they are at least half of its articles, and its last day is at
 * most SL_RECENT_DAYS - 1 days before the newest publication day of the store. */
#define SL_BREAKING_MIN 3
#define SL_RECENT_DAYS 2

struct sl_story {
    char *id, *first, *last;
    char **docs, **places, **groups;
    size_t ndocs, nplaces, ngroups;
    size_t recent;              /* articles of its last SL_RECENT_DAYS days */
    int breaking;
    char *json;                 /* the story record with articles, recent, breaking */
    size_t json_len;            /* (ends in "}\n") */
};

struct sl_list {
    struct sl_story *v;         /* newest first: last day, first day, id, descending */
    size_t n;
    int32_t newest;             /* the newest publication day, or RASD_DAY_UNKNOWN */
};

/* Loads every story of s into *out (free with sl_free).  Returns RASD_OK, RASD_EDB,
 * RASD_ENOMEM. */
int sl_load(rasd_store *s, struct sl_list *out);
void sl_free(struct sl_list *l);

/* The story id, or NULL. */
const struct sl_story *sl_find(const struct sl_list *l, const char *id);

/* The story of article doc, or NULL. */
const struct sl_story *sl_of_doc(const struct sl_list *l, const char *doc);

/* <0, 0, >0 as story a comes before, with or after the position key (last, first, id)
 * in the list's order. */
int sl_cmp_key(const struct sl_story *a, const char *last, const char *first, const char *id);

#endif
