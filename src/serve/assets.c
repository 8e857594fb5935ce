/* GET / and /assets/<name>: the embedded page, each file with its type and ETag. */
#include "serve/assets.h"
#include "serve/serve.h"
#include <stdio.h>
#include <string.h>

/* Content types by the name's ending. */
static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".txt", "text/plain; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".ttf", "font/ttf"},
};

static const char *type_of(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        size_t e = strlen(types[i].ext);
        if (n > e && !strcmp(name + n - e, types[i].ext))
            return types[i].type;
    }
    return "application/octet-stream";
}

static void serve_asset(const char *name, const struct request *r, struct reply *out,
                        const char *cache)
{
    const struct asset *a = serve_assets;
    while (a->name && strcmp(a->name, name))
        a++;
    if (!a->name) {
        reply_error(out, 404, "not found", "no asset '%s'", name);
        return;
    }
    snprintf(out->etag, sizeof out->etag, "%s", a->etag);
    out->cache = cache;
    if (r->if_none_match && strstr(r->if_none_match, a->etag)) {
        out->status = 304;
        return;
    }
    out->type = type_of(a->name);
    out->fixed = a->bytes;
    out->fixed_len = a->len;
}

void asset_index(struct serve *srv, const struct request *r, struct reply *out)
{
    (void)srv;
    /* The page names its files, whose names do not change: it is asked again each time. */
    serve_asset("index.html", r, out, "no-cache");
}

void asset_file(struct serve *srv, const struct request *r, struct reply *out)
{
    (void)srv;
    serve_asset(r->arg, r, out, "public, max-age=3600");
}
