/* UTF-8 decoding and validation with byte offsets (Unicode 3.9, Table 3-7: no overlongs,
 * no surrogates, nothing past U+10FFFF). */
#ifndef RASD_TEXT_UTF8_H
#define RASD_TEXT_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* Decodes the sequence at s[0..n) (n >= 1).  Returns its length (1..4) with *cp set, or
 * minus the length of the maximal ill-formed subpart (-1..-3), which is how many bytes one
 * U+FFFD replaces; *cp is then 0xFFFD.  Never reads past s[n-1]. */
static inline int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    *cp = 0xFFFD;
    if (c < 0xC2 || c > 0xF4)
        return -1;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80)
            return -1;
        *cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    /* The second byte's range depends on the lead byte; later ones are 80..BF. */
    unsigned lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
    else if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
    if (n < 2 || s[1] < lo || s[1] > hi)
        return -1;
    if (n < 3 || (s[2] & 0xC0) != 0x80)
        return -2;
    if (c < 0xF0) {
        *cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        return 3;
    }
    if (n < 4 || (s[3] & 0xC0) != 0x80)
        return -3;
    *cp = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
    return 4;
}

/* Writes the UTF-8 form of a valid code point cp to out (room for 4); returns its length. */
static inline int utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Returns the offset of the first invalid sequence in s[0..len), or len when all is valid. */
size_t utf8_first_invalid(const char *s, size_t len);

/* Number of code points in s[0..len): bytes that do not continue a sequence. */
size_t utf8_count(const char *s, size_t len);

#endif
