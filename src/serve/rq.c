/* Request targets: percent-decoding and the checks of rq.h. */
#include "serve/rq.h"
#include "rasd.h"
#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes s[0..n) into dst (room for n + 1) as a NUL-terminated string; `plus` turns '+'
 * into a space (the query).  Returns the decoded length, or -1 after setting *why. */
static long decode(const char *s, size_t n, char *dst, int plus, const char **why)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int hi = i + 1 < n ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                *why = "bad percent escape";
                return -1;
            }
            c = (char)(hi << 4 | lo);
            i += 2;
        } else if (c == '+' && plus) {
            c = ' ';
        }
        if (c == 0) {
            *why = "NUL character";
            return -1;
        }
        dst[o++] = c;
    }
    dst[o] = 0;
    size_t bad;
    if (rasd_utf8_check(dst, o, &bad) != RASD_OK) {
        *why = "not UTF-8";
        return -1;
    }
    return (long)o;
}

/* Splits and decodes the path p[0..n) (starting with '/') into r's segments, writing the
 * strings at *mem.  Returns RASD_OK or RASD_EPARSE. */
static int parse_path(struct rq *r, const char *p, size_t n, char **mem, const char **why)
{
    if (n == 1)
        return RASD_OK; /* "/" */
    size_t i = 1;
    while (i <= n) {
        size_t j = i;
        while (j < n && p[j] != '/')
            j++;
        if (j == i) {
            *why = "empty path segment";
            return RASD_EPARSE;
        }
        if (r->nseg == RQ_MAX_SEGS) {
            *why = "too many path segments";
            return RASD_EPARSE;
        }
        long len = decode(p + i, j - i, *mem, 0, why);
        if (len < 0)
            return RASD_EPARSE;
        if (memchr(*mem, '/', (size_t)len) || !strcmp(*mem, ".") || !strcmp(*mem, "..")) {
            *why = "'/', '.' or '..' in a path segment";
            return RASD_EPARSE;
        }
        r->seg[r->nseg++] = *mem;
        *mem += len + 1;
        i = j + 1;
    }
    return RASD_OK;
}

static int parse_query(struct rq *r, const char *q, size_t n, char **mem, const char **why)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i, eq = (size_t)-1;
        for (; j < n && q[j] != '&'; j++)
            if (q[j] == '=' && eq == (size_t)-1)
                eq = j;
        size_t kend = eq == (size_t)-1 ? j : eq;
        if (kend > i) {
            if (r->nparam == RQ_MAX_PARAMS) {
                *why = "too many query parameters";
                return RASD_EPARSE;
            }
            struct rq_param *pa = &r->param[r->nparam];
            long kl = decode(q + i, kend - i, *mem, 1, why);
            if (kl < 0)
                return RASD_EPARSE;
            pa->key = *mem;
            *mem += kl + 1;
            size_t vstart = eq == (size_t)-1 ? j : eq + 1;
            long vl = decode(q + vstart, j - vstart, *mem, 1, why);
            if (vl < 0)
                return RASD_EPARSE;
            pa->val = *mem;
            *mem += vl + 1;
            r->nparam++;
        }
        i = j + 1;
    }
    return RASD_OK;
}

int rq_parse(const char *t, size_t len, struct rq *out, const char **why)
{
    memset(out, 0, sizeof *out);
    *why = "";
    if (len > RQ_MAX_TARGET) {
        *why = "request target too long";
        return RASD_ETOOBIG;
    }
    if (!t || !len || t[0] != '/') {
        *why = "request target must start with '/'";
        return RASD_EPARSE;
    }
    if (memchr(t, '#', len)) {
        *why = "fragment in request target";
        return RASD_EPARSE;
    }
    const char *qm = memchr(t, '?', len);
    size_t plen = qm ? (size_t)(qm - t) : len;
    /* Decoded strings are never longer than their source, plus a NUL each. */
    out->mem = malloc(2 * len + 2);
    if (!out->mem) {
        *why = "out of memory";
        return RASD_ENOMEM;
    }
    char *mem = out->mem;
    int rc = parse_path(out, t, plen, &mem, why);
    if (rc == RASD_OK && qm)
        rc = parse_query(out, qm + 1, len - plen - 1, &mem, why);
    if (rc != RASD_OK)
        rq_free(out);
    return rc;
}

const char *rq_get(const struct rq *r, const char *key)
{
    for (size_t i = 0; i < r->nparam; i++)
        if (!strcmp(r->param[i].key, key))
            return r->param[i].val;
    return NULL;
}

void rq_free(struct rq *r)
{
    if (!r)
        return;
    free(r->mem);
    memset(r, 0, sizeof *r);
}
