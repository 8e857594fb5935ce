/* The server's routes: method, path pattern ('*' takes one segment) and handler. */
#include "serve/serve.h"
#include <string.h>

struct route {
    const char *method;
    const char *pattern;
    route_fn fn;
    int flags;                 /* ROUTE_* */
};

#define P ROUTE_POST
#define C ROUTE_CACHE

static const struct route routes[] = {
    {"GET", "/", asset_index, 0},
    {"GET", "/index.html", asset_index, 0},
    {"GET", "/assets/*", asset_file, 0},
    {"GET", "/api/stories", api_stories, C},
    {"GET", "/api/stories/*", api_story, C},
    {"GET", "/api/stories/*/figures", api_story_figures, C},
    {"POST", "/api/articles", api_post_articles, P},
    {"GET", "/api/articles/*", api_article, C},
    {"GET", "/api/articles/*/passages", api_passages, C},
    {"GET", "/api/search", api_search, C},
    {"GET", "/api/figures", api_figures, C},
    {"GET", "/api/export.csv", api_export_csv, C},
    {"GET", "/api/export.jsonl", api_export_jsonl, C},
    {"GET", "/api/export.geojson", api_export_geojson, C},
    {"GET", "/api/events", api_events, 0},
};
#undef P
#undef C

/* Whether the segments of rq match pattern; *arg gets the '*' segment. */
static int match(const char *pattern, const struct rq *rq, const char **arg)
{
    size_t i = 0;
    const char *p = pattern + 1;
    *arg = NULL;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (i == rq->nseg)
            return 0;
        if (n == 1 && *p == '*')
            *arg = rq->seg[i];
        else if (strlen(rq->seg[i]) != n || memcmp(rq->seg[i], p, n))
            return 0;
        i++;
        p += n + (e != NULL);
    }
    return i == rq->nseg;
}

unsigned routes_find(const char *method, const struct rq *rq, route_fn *fn, const char **arg,
                     const char **allow, int *flags)
{
    int path_known = 0, get = 0, postm = 0;
    /* HEAD is a GET whose body the server leaves out. */
    const char *m = !strcmp(method, "HEAD") ? "GET" : method;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
        const char *a;
        if (!match(routes[i].pattern, rq, &a))
            continue;
        path_known = 1;
        get |= !strcmp(routes[i].method, "GET");
        postm |= !strcmp(routes[i].method, "POST");
        if (!strcmp(routes[i].method, m)) {
            *fn = routes[i].fn;
            *arg = a;
            *flags = routes[i].flags;
            return 200;
        }
    }
    if (!path_known)
        return 404;
    *allow = get && postm ? "GET, HEAD, POST" : get ? "GET, HEAD" : "POST";
    return 405;
}
