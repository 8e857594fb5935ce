/* Fuzzes the request-target parser of rasd serve (src/serve/rq.c): whatever the bytes, it
 * returns a status without reading past the end, and what it accepts keeps the promises
 * of rq.h — decoded segments and parameters are UTF-8 without NUL, no segment is empty,
 * "." or ".." or holds '/', and the counts stay within their limits.  The parser is not
 * part of librasd, so it is compiled in here. */
#include "serve/rq.c"
#include <stdint.h>
#include <stdlib.h>

static void check_text(const char *s)
{
    size_t bad;
    if (!s || rasd_utf8_check(s, strlen(s), &bad) != RASD_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *p = malloc(size ? size : 1);
    if (!p)
        return 0;
    memcpy(p, data, size);
    struct rq r;
    const char *why = NULL;
    int rc = rq_parse(p, size, &r, &why);
    if (rc != RASD_OK && rc != RASD_EPARSE && rc != RASD_ETOOBIG && rc != RASD_ENOMEM)
        abort();
    if (rc != RASD_OK && (!why || !*why || r.mem || r.nseg || r.nparam))
        abort();
    if (rc == RASD_OK) {
        if (size > RQ_MAX_TARGET || r.nseg > RQ_MAX_SEGS || r.nparam > RQ_MAX_PARAMS)
            abort();
        for (size_t i = 0; i < r.nseg; i++) {
            check_text(r.seg[i]);
            if (!*r.seg[i] || strchr(r.seg[i], '/') || !strcmp(r.seg[i], ".") ||
                !strcmp(r.seg[i], ".."))
                abort();
        }
        for (size_t i = 0; i < r.nparam; i++) {
            check_text(r.param[i].key);
            check_text(r.param[i].val);
            if (!*r.param[i].key)
                abort();
        }
        if (r.nparam && rq_get(&r, r.param[0].key) != r.param[0].val)
            abort();
    }
    rq_free(&r);
    free(p);
    return 0;
}
