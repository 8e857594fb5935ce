/* Fuzz target: the store's write and search paths on any bytes — an article stored
 * (extraction, Arabic FTS5 tokenizer) and searched for with the same bytes as the query,
 * snippets and match spans included.  One in-memory store serves every input. */
#include "rasd.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int on_hit(void *ctx, const rasd_hit *h)
{
    size_t *sink = ctx;
    *sink += strlen(h->id) + strlen(h->snippet) + h->nmatch;
    for (size_t i = 0; i < 2 * h->nmatch; i++)
        *sink += h->match[i];
    return 0;
}

static int on_out(void *ctx, const char *p, size_t n)
{
    (void)p;
    *(size_t *)ctx += n;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static rasd_store *s;
    if (!s && rasd_store_open(":memory:", &s) != RASD_OK) {
        rasd_store_free(s);
        s = NULL;
        return 0;
    }
    /* Split: the first half is the title, the rest the text; the whole is the query. */
    size_t half = size / 2;
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = 0;
    rasd_doc d = {0};
    d.id = size & 1 ? "odd" : "even";
    d.title = buf;
    d.title_len = half;
    d.text = buf + half;
    d.text_len = size - half;
    d.kind = RASD_INPUT_JSONL;
    size_t sink = 0;
    if (rasd_store_put(s, &d, NULL, NULL) == RASD_OK) {
        rasd_store_commit(s);
        rasd_store_search(s, buf, size, 5, "<", ">", on_hit, &sink);
        if (size && data[0] == 'E')
            rasd_store_export(s, size > 1 && data[1] == 'A' ? RASD_EXPORT_ACLED
                                                            : RASD_EXPORT_JSONL, on_out, &sink);
    }
    free(buf);
    return (int)(sink & 0);
}
