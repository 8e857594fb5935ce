/* libFuzzer target: whole-article extraction over arbitrary bytes, read as plain text,
 * HTML and JSON Lines (the first byte picks the reader), every figure formatted in all
 * three output formats. */
#include "rasd.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static rasd_extractor *X;

static int sink(void *ud, const rasd_doc *doc, const rasd_figure *f)
{
    (void)ud;
    for (int fmt = RASD_FIG_JSONL; fmt <= RASD_FIG_PRETTY; fmt++) {
        char *out = NULL;
        size_t len = 0;
        if (rasd_figure_format(doc, f, fmt, 1, &out, &len) == RASD_OK) {
            if (len == 0 || out[len - 1] != '\n')
                abort();
            free(out);
        }
    }
    if (f->start > f->end || f->sent_start > f->start || f->end > f->sent_end)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int kinds[] = {RASD_INPUT_TEXT, RASD_INPUT_HTML, RASD_INPUT_JSONL};
    if (!X && rasd_extractor_create(&X) != RASD_OK)
        abort();
    if (size == 0)
        return 0;
    int kind = kinds[data[0] % 3];
    rasd_reader *r = NULL;
    if (rasd_reader_open_mem("fuzz", (const char *)data + 1, size - 1, kind, NULL, &r) != RASD_OK)
        return 0;
    for (int n = 0; n < 10000; n++) {
        const rasd_doc *doc = NULL;
        int rc = rasd_reader_next(r, &doc);
        if (rc == 0)
            break;
        if (rc < 0) {
            if (rc == RASD_EPARSE || rc == RASD_ETOOBIG)
                continue;
            break;
        }
        rasd_doc d = *doc;
        d.published = "2015-07-25";
        rasd_extract(X, &d, sink, NULL);
    }
    rasd_reader_free(r);
    return 0;
}
