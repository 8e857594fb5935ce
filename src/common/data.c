#include "common/data.h"
#include <stdlib.h>
#include <string.h>

const struct rasd_data_file *data_find(const char *name)
{
    for (const struct rasd_data_file *f = rasd_data_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

void data_tsv_init(struct data_tsv *t, const char *s, size_t len)
{
    memset(t, 0, sizeof *t);
    t->s = s;
    t->end = s + len;
}

static void split_fields(struct data_tsv *t, const char *p, const char *e)
{
    t->nfields = 0;
    while (t->nfields < DATA_MAX_FIELDS) {
        const char *tab = memchr(p, '\t', (size_t)(e - p));
        const char *fe = tab ? tab : e;
        t->f[t->nfields].p = p;
        t->f[t->nfields].len = (size_t)(fe - p);
        t->nfields++;
        if (!tab)
            break;
        p = tab + 1;
    }
}

int data_tsv_next(struct data_tsv *t)
{
    while (t->s < t->end) {
        const char *p = t->s;
        const char *nl = memchr(p, '\n', (size_t)(t->end - p));
        const char *e = nl ? nl : t->end;
        t->s = nl ? nl + 1 : t->end;
        t->line++;
        if (e > p && e[-1] == '\r')
            e--;
        if (e == p || *p == '#')
            continue;
        split_fields(t, p, e);
        return 1;
    }
    return 0;
}

long data_tsv_long(const struct data_tsv *t, int i, long dflt)
{
    char tmp[32];
    if (i >= t->nfields || t->f[i].len == 0 || t->f[i].len >= sizeof tmp)
        return dflt;
    memcpy(tmp, t->f[i].p, t->f[i].len);
    tmp[t->f[i].len] = 0;
    char *end;
    long v = strtol(tmp, &end, 10);
    return *end ? dflt : v;
}

int data_tsv_is(const struct data_tsv *t, int i, const char *s)
{
    size_t n = strlen(s);
    return i < t->nfields && t->f[i].len == n && memcmp(t->f[i].p, s, n) == 0;
}
