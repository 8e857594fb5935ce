#include "common/buf.h"
#include "rasd.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b)
{
    memset(b, 0, sizeof *b);
}

void buf_free(struct buf *b)
{
    free(b->p);
    buf_init(b);
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = 0;
}

int buf_reserve(struct buf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->oom = 1;
            return -1;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void buf_add(struct buf *b, const void *p, size_t n)
{
    if (buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = 0;
}

void buf_adds(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
    buf_add(b, &c, 1);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        buf_add(b, tmp, (size_t)n);
        return;
    }
    if (buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k;
    unsigned min;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { k = 2; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { k = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { k = 4; min = 0x10000; }
    else return 0;
    if (n < k) return 0;
    unsigned cp = c & (0xFF >> (k + 1));
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return k;
}

void buf_json_str(struct buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    buf_addc(b, '"');
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        if (c == '"' || c == '\\') {
            buf_addc(b, '\\');
            buf_addc(b, (char)c);
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            switch (c) {
            case '\n': buf_adds(b, "\\n"); break;
            case '\t': buf_adds(b, "\\t"); break;
            case '\r': buf_adds(b, "\\r"); break;
            default: buf_printf(b, "\\u%04x", c);
            }
            i++;
        } else if (c < 0x80) {
            buf_addc(b, (char)c);
            i++;
        } else {
            size_t k = utf8_seq(u + i, n - i);
            if (k == 2 && c == 0xC2 && u[i + 1] < 0xA0) {
                /* C1 controls: valid JSON raw, but a terminal may act on them. */
                buf_printf(b, "\\u%04x", u[i + 1]);
                i += k;
            } else if (k) {
                buf_add(b, u + i, k);
                i += k;
            } else {
                buf_adds(b, "\xEF\xBF\xBD");
                i++;
            }
        }
    }
    buf_addc(b, '"');
}

void buf_json_strz(struct buf *b, const char *s)
{
    if (s)
        buf_json_str(b, s, strlen(s));
    else
        buf_adds(b, "null");
}

char *buf_take(struct buf *b, size_t *len)
{
    char *p = b->p;
    if (len)
        *len = b->len;
    if (!p)
        p = calloc(1, 1);
    buf_init(b);
    return p;
}

int buf_finish(struct buf *b, char **out, size_t *len)
{
    if (b->oom) {
        buf_free(b);
        return RASD_ENOMEM;
    }
    *out = buf_take(b, len);
    return RASD_OK;
}

void buf_tsv_field(struct buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '\t': buf_adds(b, "\\t"); break;
        case '\n': buf_adds(b, "\\n"); break;
        case '\r': buf_adds(b, "\\r"); break;
        case '\\': buf_adds(b, "\\\\"); break;
        default: buf_addc(b, s[i]);
        }
    }
}

void buf_add_shown(struct buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        size_t k = c < 0x80 ? 1 : utf8_seq(u + i, n - i);
        if (c == '\t' || c == '\n' || c == '\r')
            buf_addc(b, ' ');
        else if (c < 0x20 || c == 0x7F || !k)
            buf_printf(b, "\\x%02x", c);
        else if (k == 2 && c == 0xC2 && u[i + 1] < 0xA0)
            buf_printf(b, "\\u%04x", u[i + 1]);
        else
            buf_add(b, u + i, k);
        i += k ? k : 1;
    }
}

void buf_add_shownz(struct buf *b, const char *s, const char *none)
{
    if (!s)
        s = none;
    buf_add_shown(b, s, strlen(s));
}
