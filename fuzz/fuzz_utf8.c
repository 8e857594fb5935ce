/* Fuzzes UTF-8 validation and decoding: rasd_utf8_check must agree with a step-by-step
 * decode, and decoding must never read past the end. */
#include "rasd.h"
#include "text/utf8.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private copy so that ASan catches any read past the end. */
    unsigned char *p = malloc(size ? size : 1);
    if (!p)
        return 0;
    memcpy(p, data, size);
    size_t bad = (size_t)-1, i = 0, first_bad = size;
    int rc = rasd_utf8_check((const char *)p, size, &bad);
    while (i < size) {
        uint32_t cp;
        int n = utf8_decode(p + i, size - i, &cp);
        if (n < 0) {
            if (first_bad == size)
                first_bad = i;
            if (-n > 3 || (size_t)-n > size - i)
                abort();
            i += (size_t)-n;
            continue;
        }
        if (n > 4 || (size_t)n > size - i || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            abort();
        char enc[4];
        /* Valid sequences re-encode to themselves (no overlongs accepted). */
        if (utf8_encode(cp, enc) != n || memcmp(enc, p + i, (size_t)n) != 0)
            abort();
        i += (size_t)n;
    }
    if ((rc == RASD_OK) != (first_bad == size) || (rc != RASD_OK && bad != first_bad))
        abort();
    free(p);
    return 0;
}
