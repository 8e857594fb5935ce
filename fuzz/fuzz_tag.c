/* libFuzzer target: rasd_tag_text over arbitrary bytes, with and without an anchor date
 * and in both directions (the first byte picks them), checking every record's invariants. */
#include "rasd.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static rasd_tagger *T;

static void check(const rasd_tag *t, size_t n, size_t len)
{
    size_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        const rasd_tag *r = &t[i];
        if (r->start >= r->end || r->end > len || r->start < prev)
            abort();
        prev = r->start;
        if (r->type < RASD_TAG_NUMBER || r->type > RASD_TAG_DATE)
            abort();
        if (r->type == RASD_TAG_NUMBER && !rasd_qualifier_name(r->qualifier))
            abort();
        if (r->type == RASD_TAG_NUMBER && r->has_low && r->has_high && r->low > r->high &&
            r->qualifier != RASD_QUAL_LESS_THAN)
            abort();
        if (r->type == RASD_TAG_DATE && (!rasd_grain_name(r->grain) ||
                                         (r->resolved && strlen(r->date) != 10)))
            abort();
        if (r->end_date[0] && strcmp(r->end_date, r->date) < 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *pubs[] = {NULL, "2022-01-25", "2013-02-12", "0001-01-01"};
    if (!T && !(T = rasd_tagger_create()))
        abort();
    if (size == 0)
        return 0;
    const char *pub = pubs[data[0] & 3];
    unsigned flags = (data[0] & 4) ? RASD_TAG_FUTURE : 0;
    const rasd_tag *t;
    size_t n, bad = 0;
    int rc = rasd_tag_text(T, (const char *)data + 1, size - 1, pub, flags, &t, &n, &bad);
    if (rc == RASD_OK)
        check(t, n, size - 1);
    else if (rc == RASD_EUTF8 && bad >= size - 1)
        abort();
    else if (rc != RASD_EUTF8 && rc != RASD_EINVAL)
        abort();
    return 0;
}
