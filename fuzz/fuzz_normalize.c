/* Fuzzes rasd_normalize under several flag sets: the map must be monotonic, within the
 * input, and end at the input's length; output must be valid UTF-8 when replacement is on;
 * an error must name an offset where the input really is invalid. */
#include "rasd.h"
#include <stdlib.h>
#include <string.h>

static void check(const char *p, size_t size, unsigned flags)
{
    rasd_text t;
    size_t bad = (size_t)-1;
    int rc = rasd_normalize(p, size, flags, &t, &bad);
    if (rc == RASD_EUTF8) {
        size_t bad2;
        if ((flags & RASD_NORM_REPLACE) || bad >= size ||
            rasd_utf8_check(p, size, &bad2) != RASD_EUTF8 || bad2 != bad || t.s || t.map)
            abort();
        return;
    }
    if (rc != RASD_OK)
        abort();
    if (t.orig_len != size || t.map[t.len] != size || t.s[t.len] != 0)
        abort();
    for (size_t i = 0; i < t.len; i++)
        if (t.map[i] > t.map[i + 1] || t.map[i] >= size)
            abort();
    if (rasd_utf8_check(t.s, t.len, NULL) != RASD_OK)
        abort();
    /* Normalizing is idempotent for the letter steps. */
    rasd_text u;
    unsigned again = flags & ~RASD_NORM_REPLACE;
    if (rasd_normalize(t.s, t.len, again, &u, NULL) != RASD_OK)
        abort();
    if ((flags & RASD_NORM_PRESENTATION) && (u.len != t.len || memcmp(u.s, t.s, t.len)))
        abort();
    rasd_text_free(&u);
    rasd_text_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *p = malloc(size ? size : 1);
    if (!p)
        return 0;
    memcpy(p, data, size);
    check(p, size, RASD_NORM_EXTRACT | RASD_NORM_REPLACE);
    check(p, size, RASD_NORM_SEARCH);
    check(p, size, RASD_NORM_REPLACE);
    check(p, size, RASD_NORM_PRESENTATION | RASD_NORM_REPLACE);
    free(p);
    return 0;
}
