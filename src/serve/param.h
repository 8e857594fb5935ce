/* Query parameters of the API: page sizes, dates, cursors, sets of ids. */
#ifndef RASD_SERVE_PARAM_H
#define RASD_SERVE_PARAM_H
#include "serve/serve.h"

#define PARAM_LIMIT_DEFAULT 50
#define PARAM_LIMIT_MAX 500

/* The `limit` parameter (def when absent) into *out.  Returns 0, or -1 after a 400. */
int param_limit(const struct request *r, size_t def, size_t *out, struct reply *o);

/* The date parameter `name` (YYYY-MM-DD, a real day) into *out (NULL when absent).
 * Returns 0, or -1 after a 400. */
int param_date(const struct request *r, const char *name, const char **out, struct reply *o);

/* An opaque cursor: the bytes s[0..n) as hex. */
void param_cursor_put(struct buf *b, const char *s, size_t n);

/* The `cursor` parameter decoded into out[0..cap) (NUL-terminated): 1 when given, 0 when
 * absent, -1 after a 400 (not hex, too long, holds a NUL). */
int param_cursor(const struct request *r, char *out, size_t cap, struct reply *o);

/* A sorted set of strings. */
struct idset {
    char **v;
    size_t n, cap;
    int oom;
};
void idset_add(struct idset *s, const char *id);
void idset_sort(struct idset *s);
int idset_has(const struct idset *s, const char *id);
void idset_free(struct idset *s);

#endif
