/* The request target of an HTTP request (path and query) taken apart and checked before
 * anything routes it: percent-decoding, UTF-8, and the shapes the server refuses. */
#ifndef RASD_SERVE_RQ_H
#define RASD_SERVE_RQ_H
#include <stddef.h>

#define RQ_MAX_TARGET 4096 /* bytes of path and query together */
#define RQ_MAX_SEGS 8      /* path segments */
#define RQ_MAX_PARAMS 32   /* query parameters */

struct rq_param {
    const char *key, *val;   /* decoded, NUL-terminated, valid UTF-8 without NUL */
};

struct rq {
    char *mem;                       /* the decoded strings */
    const char *seg[RQ_MAX_SEGS];    /* decoded path segments ("/" has none) */
    size_t nseg;
    struct rq_param param[RQ_MAX_PARAMS];
    size_t nparam;
};

/* Takes the request target t[0..len) ("/api/stories?since=2025-03-01") apart into *out
 * (free with rq_free).  Refused, with *why (static) saying why: a target not starting
 * with '/', longer than RQ_MAX_TARGET, with a fragment, a bad percent escape, a decoded
 * NUL or '/' inside a segment, bytes that are not UTF-8 once decoded, an empty segment
 * ("//", a trailing '/'), a "." or ".." segment, more than RQ_MAX_SEGS segments or
 * RQ_MAX_PARAMS parameters.  In the query '+' is a space; a parameter without '=' has
 * the value ""; one with an empty name is ignored.  Returns RASD_OK, RASD_EPARSE (*why
 * set), RASD_ETOOBIG (too long: *why set), RASD_ENOMEM (*why set too).  On failure *out is
 * empty. */
int rq_parse(const char *t, size_t len, struct rq *out, const char **why);

/* The value of the first parameter named key, or NULL. */
const char *rq_get(const struct rq *r, const char *key);

/* Releases what rq_parse stored; NULL is a no-op. */
void rq_free(struct rq *r);

#endif
