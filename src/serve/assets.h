/* The page's files, embedded at build time by scripts/embed-web.sh. */
#ifndef RASD_SERVE_ASSETS_H
#define RASD_SERVE_ASSETS_H
#include <stddef.h>

struct asset {
    const char *name;            /* base name: "index.html", "app.js" */
    const unsigned char *bytes;
    size_t len;
    const char *etag;            /* quoted, from the file's checksum and size */
};

/* Ends with a row whose name is NULL. */
extern const struct asset serve_assets[];

#endif
