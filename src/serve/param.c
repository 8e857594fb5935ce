/* Query parameters of the API (param.h). */
#include "serve/param.h"
#include <stdlib.h>
#include <string.h>

int param_limit(const struct request *r, size_t def, size_t *out, struct reply *o)
{
    const char *v = rq_get(r->rq, "limit");
    *out = def;
    if (!v)
        return 0;
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    if (!*v || *end || *v == '-' || n < 1 || n > PARAM_LIMIT_MAX) {
        reply_error(o, 400, "bad parameter", "limit must be a number from 1 to %d",
                    PARAM_LIMIT_MAX);
        return -1;
    }
    *out = n;
    return 0;
}

int param_date(const struct request *r, const char *name, const char **out, struct reply *o)
{
    const char *v = rq_get(r->rq, name);
    int32_t day;
    char back[11];
    *out = v;
    if (!v)
        return 0;
    /* A real day written in full: the parse and the day written back agree. */
    if (strlen(v) == 10 && rasd_day_parse(v, 10, &day) == RASD_OK) {
        rasd_day_format(day, back);
        if (!strcmp(back, v))
            return 0;
    }
    reply_error(o, 400, "bad parameter", "%s must be a date YYYY-MM-DD", name);
    return -1;
}

void param_cursor_put(struct buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    buf_addc(b, '"');
    for (size_t i = 0; i < n; i++) {
        buf_addc(b, hex[(unsigned char)s[i] >> 4]);
        buf_addc(b, hex[(unsigned char)s[i] & 15]);
    }
    buf_addc(b, '"');
}

static int nibble(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int param_cursor(const struct request *r, char *out, size_t cap, struct reply *o)
{
    const char *v = rq_get(r->rq, "cursor");
    if (!v)
        return 0;
    size_t n = strlen(v);
    if (n % 2 || n / 2 >= cap)
        goto bad;
    for (size_t i = 0; i < n / 2; i++) {
        int hi = nibble(v[2 * i]), lo = nibble(v[2 * i + 1]);
        if (hi < 0 || lo < 0 || (hi | lo) == 0)
            goto bad;
        out[i] = (char)(hi << 4 | lo);
    }
    out[n / 2] = 0;
    return 1;
bad:
    reply_error(o, 400, "bad parameter", "cursor is not one this server gave");
    return -1;
}

void idset_add(struct idset *s, const char *id)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 64;
        char **nv = realloc(s->v, nc * sizeof *nv);
        if (!nv) {
            s->oom = 1;
            return;
        }
        s->v = nv;
        s->cap = nc;
    }
    if (!(s->v[s->n] = strdup(id)))
        s->oom = 1;
    else
        s->n++;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void idset_sort(struct idset *s)
{
    if (s->n)
        qsort(s->v, s->n, sizeof *s->v, cmp_str);
}

int idset_has(const struct idset *s, const char *id)
{
    return s->n && bsearch(&id, s->v, s->n, sizeof *s->v, cmp_str) != NULL;
}

void idset_free(struct idset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}
