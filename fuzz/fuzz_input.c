/* Fuzz target: the input readers (HTML through libxml2, JSON Lines through jansson, plain
 * text and kind detection).  The first byte picks the kind; the rest is the input. */
#include "rasd.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const names[] = {NULL, "a.txt", "a.html", "a.jsonl"};
    int kind = data[0] & 3;
    const char *name = data[0] & 4 ? names[kind] : NULL;
    if (data[0] & 8)
        kind = RASD_INPUT_AUTO;
    rasd_reader *r = NULL;
    if (rasd_reader_open_mem(name, (const char *)data + 1, size - 1, kind, NULL, &r) != RASD_OK)
        return 0;
    const rasd_doc *d;
    int rc, guard = 0;
    volatile size_t sink = 0;
    while ((rc = rasd_reader_next(r, &d)) != 0 && guard++ < 100000) {
        if (rc < 0) {
            const char *n, *detail;
            long line;
            rasd_reader_where(r, &n, &line, &detail);
            sink += strlen(detail) + strlen(n);
            continue;
        }
        /* Touch every byte the contract promises, including the terminating NULs. */
        sink += strlen(d->id) + d->text_len + (d->text[d->text_len] == 0);
        if (d->title)
            sink += d->title_len + (d->title[d->title_len] == 0);
        for (const char *const *s = &d->outlet; s <= &d->published; s++)
            if (*s)
                sink += strlen(*s);
    }
    (void)sink;
    rasd_reader_free(r);
    return 0;
}
