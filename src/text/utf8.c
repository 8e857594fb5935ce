/* UTF-8 validation: an ASCII fast path over 8-byte words, the exact decoder elsewhere. */
#include "text/utf8.h"
#include "rasd.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t utf8_first_invalid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            /* Most news text has long ASCII stretches (markup, numbers, spaces). */
            while (i + 8 <= len) {
                uint64_t w;
                memcpy(&w, p + i, 8);
                if (w & 0x8080808080808080ull)
                    break;
                i += 8;
            }
            while (i < len && p[i] < 0x80)
                i++;
            continue;
        }
        uint32_t cp;
        int n = utf8_decode(p + i, len - i, &cp);
        if (n < 0)
            return i;
        i += (size_t)n;
    }
    return len;
}

size_t utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

int rasd_utf8_check(const char *s, size_t len, size_t *bad_offset)
{
    if (!s && len)
        return RASD_EINVAL;
    size_t bad = len ? utf8_first_invalid(s, len) : 0;
    if (bad == len)
        return RASD_OK;
    if (bad_offset)
        *bad_offset = bad;
    return RASD_EUTF8;
}

int rasd_utf8_repair(const char *s, size_t len, char **out, size_t *out_len)
{
    if ((!s && len) || !out || !out_len)
        return RASD_EINVAL;
    /* One bad byte grows to three at most. */
    if (len > (SIZE_MAX - 1) / 3)
        return RASD_ENOMEM;
    char *o = malloc(len * 3 + 1);
    if (!o)
        return RASD_ENOMEM;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, k = 0;
    while (i < len) {
        uint32_t cp;
        int n = utf8_decode(p + i, len - i, &cp);
        if (n > 0) {
            memcpy(o + k, p + i, (size_t)n);
            k += (size_t)n;
            i += (size_t)n;
            continue;
        }
        k += (size_t)utf8_encode(0xFFFD, o + k);
        i += (size_t)-n;
    }
    o[k] = 0;
    *out = o;
    *out_len = k;
    return RASD_OK;
}
