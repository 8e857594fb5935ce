/* A growable byte buffer, and JSON output helpers on top of it. */
#ifndef RASD_COMMON_BUF_H
#define RASD_COMMON_BUF_H
#include <stddef.h>
#include <stdint.h>

struct buf {
    char *p;        /* always NUL-terminated when non-NULL */
    size_t len, cap;
    int oom;        /* set once an allocation failed; later appends are ignored */
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);             /* len = 0, keeps the memory */
int buf_reserve(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s[0..n) as a JSON string literal with quotes; invalid UTF-8 bytes become U+FFFD;
 * control characters (C0, DEL and C1) are escaped as \uXXXX. */
void buf_json_str(struct buf *b, const char *s, size_t n);
/* Appends a JSON string for a NUL-terminated s, or null when s is NULL. */
void buf_json_strz(struct buf *b, const char *s);
/* Appends s[0..n) as one TSV field: tab, line breaks and backslash escaped as \t \n \r \\. */
void buf_tsv_field(struct buf *b, const char *s, size_t n);
/* Appends s[0..n) as a terminal may show it on one line of a table: tab, CR and line
 * breaks as spaces; other C0 controls and DEL as \xNN, C1 controls (U+0080..U+009F) as
 * \u00NN and bytes of invalid UTF-8 as \xNN, so that stored text cannot move the cursor,
 * clear the screen or retitle the window of whoever reads it. */
void buf_add_shown(struct buf *b, const char *s, size_t n);
/* As buf_add_shown for a NUL-terminated s; NULL appends `none`. */
void buf_add_shownz(struct buf *b, const char *s, const char *none);
/* Takes the contents (caller frees with free()); b is left empty. */
char *buf_take(struct buf *b, size_t *len);
/* Ends a record built in b: RASD_OK with the contents handed to *out as buf_take does, or
 * RASD_ENOMEM (b freed) when an append ran out of memory. */
int buf_finish(struct buf *b, char **out, size_t *len);

#endif
