/* Lexicon files compiled into the library (see scripts/embed-data.sh) and a TSV reader. */
#ifndef RASD_COMMON_DATA_H
#define RASD_COMMON_DATA_H
#include <stddef.h>

struct rasd_data_file {
    const char *name;   /* base name under data/, e.g. "actors.tsv" */
    const char *bytes;  /* contents, followed by a NUL byte */
    size_t len;         /* length in bytes, without that NUL */
};

/* NULL-name-terminated table generated at build time. */
extern const struct rasd_data_file rasd_data_files[];

/* Returns the embedded file called `name`, or NULL when there is none. */
const struct rasd_data_file *data_find(const char *name);

/* A cursor over the rows of a TSV text: lines starting with '#' and blank lines are
 * skipped; fields are split on TAB; a trailing CR is dropped. */
#define DATA_MAX_FIELDS 16
struct data_field { const char *p; size_t len; };
struct data_tsv {
    const char *s, *end;
    int line;                       /* 1-based number of the row just read */
    int nfields;
    struct data_field f[DATA_MAX_FIELDS];
};

void data_tsv_init(struct data_tsv *t, const char *s, size_t len);
/* Reads the next row into t->f; returns 1 when a row was read, 0 at the end. */
int data_tsv_next(struct data_tsv *t);
/* Field i as a long, or `dflt` when absent/empty/not a number. */
long data_tsv_long(const struct data_tsv *t, int i, long dflt);
/* 1 when field i equals the NUL-terminated string s. */
int data_tsv_is(const struct data_tsv *t, int i, const char *s);

#endif
