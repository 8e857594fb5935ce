/* rasd_normalize: one pass over the input.  ASCII and the Arabic block U+0600..U+06FF take a
 * table-driven fast path; other characters (spaces, format marks, presentation forms via
 * utf8proc's compatibility normalization NFKC) take the slow path.  The fast path never writes
 * more bytes than it reads, so the output only grows in the slow path, which reserves room
 * for its own bytes plus the rest of the input. */
#include "text/norm.h"
#include "text/utf8.h"
#include "rasd.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* What each character of U+0600..U+06FF may become; 0 keeps it. */
enum { AR_KEEP, AR_DIAC, AR_TATWEEL, AR_ALEF, AR_YA, AR_TEH, AR_DIGIT, AR_PUNCT, AR_FORMAT };

static const uint8_t ar_class[256] = {
    [0x0C] = AR_PUNCT,                 /* ، */
    [0x10 ... 0x1A] = AR_DIAC,         /* Quranic honorifics and small marks */
    [0x1B] = AR_PUNCT,                 /* ؛ */
    [0x1C] = AR_FORMAT,                /* Arabic letter mark */
    [0x1F] = AR_PUNCT,                 /* ؟ */
    [0x22] = AR_ALEF, [0x23] = AR_ALEF, [0x25] = AR_ALEF,
    [0x29] = AR_TEH,
    [0x40] = AR_TATWEEL,
    [0x49] = AR_YA,
    [0x4B ... 0x5F] = AR_DIAC,         /* harakat, shadda, sukun, madda/hamza marks */
    [0x60 ... 0x69] = AR_DIGIT,
    [0x6A ... 0x6C] = AR_PUNCT,        /* ٪ ٫ ٬ */
    [0x70] = AR_DIAC,                  /* superscript alef */
    [0x71 ... 0x73] = AR_ALEF,         /* ٱ and alef with wavy hamza */
    [0xCC] = AR_YA,                    /* Farsi yeh, typed for ي on Persian keyboards */
    [0xD4] = AR_PUNCT,                 /* ۔ */
    [0xD6 ... 0xDC] = AR_DIAC,
    [0xDF ... 0xE4] = AR_DIAC,
    [0xE7 ... 0xE8] = AR_DIAC,
    [0xEA ... 0xED] = AR_DIAC,
    [0xF0 ... 0xF9] = AR_DIGIT,
};

static const unsigned ar_flag[] = {
    [AR_KEEP] = 0,
    [AR_DIAC] = RASD_NORM_DIACRITICS,
    [AR_TATWEEL] = RASD_NORM_TATWEEL,
    [AR_ALEF] = RASD_NORM_ALEF,
    [AR_YA] = RASD_NORM_YA,
    [AR_TEH] = RASD_NORM_TEH_MARBUTA,
    [AR_DIGIT] = RASD_NORM_DIGITS,
    [AR_PUNCT] = RASD_NORM_PUNCT,
    [AR_FORMAT] = RASD_NORM_PUNCT,
};

int norm_is_diacritic(uint32_t cp)
{
    return cp >= 0x600 && cp <= 0x6FF && ar_class[cp & 0xFF] == AR_DIAC;
}

static char ar_punct_ascii(unsigned low)
{
    switch (low) {
    case 0x0C: return ',';
    case 0x1B: return ';';
    case 0x1F: return '?';
    case 0x6A: return '%';
    case 0x6B: return '.';
    case 0x6C: return ',';
    default: return '.';            /* 0xD4 ۔ */
    }
}

/* Rewrites cp in U+0600..U+06FF whose class step is on; returns the bytes written. */
static int ar_apply(unsigned cls, unsigned low, char *o)
{
    switch (cls) {
    case AR_ALEF: o[0] = (char)0xD8; o[1] = (char)0xA7; return 2;
    case AR_YA: o[0] = (char)0xD9; o[1] = (char)0x8A; return 2;
    case AR_TEH: o[0] = (char)0xD9; o[1] = (char)0x87; return 2;
    case AR_DIGIT: o[0] = (char)('0' + (low & 0x0F)); return 1;
    case AR_PUNCT: o[0] = ar_punct_ascii(low); return 1;
    default: return 0;              /* diacritics, tatweel, format marks: dropped */
    }
}

/* Characters outside the Arabic block that some step rewrites. */
enum { OT_KEEP, OT_SPACE, OT_DROP, OT_PRES };

static int other_class(uint32_t cp, unsigned flags)
{
    if (flags & RASD_NORM_PUNCT) {
        if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
            cp == 0x3000 || cp == 0x1680)
            return OT_SPACE;
        /* Invisible marks that only steer rendering: soft hyphen, joiners, bidi controls. */
        if (cp == 0xAD || (cp >= 0x200C && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
            (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF)
            return OT_DROP;
    }
    if ((flags & RASD_NORM_PRESENTATION) &&
        ((cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFE)))
        return OT_PRES;
    return OT_KEEP;
}

/* Normalizes one code point that did not come from a decomposition. */
static int cp_simple(uint32_t cp, unsigned flags, char *o)
{
    if (cp >= 0x600 && cp <= 0x6FF) {
        unsigned cls = ar_class[cp & 0xFF];
        if (cls && (flags & ar_flag[cls]))
            return ar_apply(cls, cp & 0xFF, o);
        return utf8_encode(cp, o);
    }
    switch (other_class(cp, flags)) {
    case OT_SPACE: o[0] = ' '; return 1;
    case OT_DROP: return 0;
    default: return utf8_encode(cp, o);
    }
}

int norm_cp(uint32_t cp, unsigned flags, char *out)
{
    if (other_class(cp, flags) != OT_PRES)
        return cp_simple(cp, flags, out);
    utf8proc_int32_t dec[18];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, dec, 18,
                                                 UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
    if (n <= 0 || n > 18)
        return utf8_encode(cp, out);
    /* Recompose canonically (NFKC), so ﻷ gives لأ with a precomposed alef-hamza. */
    utf8proc_ssize_t m = utf8proc_normalize_utf32(dec, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (m > 0 && m <= n)
        n = m;
    int w = 0;
    for (utf8proc_ssize_t k = 0; k < n; k++)
        w += cp_simple((uint32_t)dec[k], flags, out + w);
    return w;
}

struct nbuf {
    char *s;
    uint32_t *map;
    size_t j, cap;
};

/* Makes room for `need` bytes now and `rest` input bytes after them (see top comment). */
static int nbuf_reserve(struct nbuf *b, size_t need, size_t rest)
{
    size_t want = b->j + need + rest + 1;
    if (want <= b->cap)
        return 0;
    size_t cap = b->cap * 2 > want ? b->cap * 2 : want;
    char *s = realloc(b->s, cap);
    if (!s)
        return -1;
    b->s = s;
    uint32_t *m = realloc(b->map, cap * sizeof *m);
    if (!m)
        return -1;
    b->map = m;
    b->cap = cap;
    return 0;
}

int rasd_norm_profile(const char *name, unsigned *flags)
{
    unsigned f;
    if (!name)
        return RASD_ENOTFOUND;
    if (!strcmp(name, "extract"))
        f = RASD_NORM_EXTRACT;
    else if (!strcmp(name, "search"))
        f = RASD_NORM_SEARCH;
    else if (!strcmp(name, "none"))
        f = 0;
    else
        return RASD_ENOTFOUND;
    if (flags)
        *flags = f;
    return RASD_OK;
}

/* The slow path for the sequence at in[i..len): returns the bytes consumed, or a negative
 * status. */
static long norm_slow(const unsigned char *in, size_t i, size_t len, unsigned flags,
                      struct nbuf *b, size_t *bad)
{
    uint32_t cp;
    int n = utf8_decode(in + i, len - i, &cp);
    char tmp[NORM_CP_MAX];
    int w;
    if (n < 0) {
        if (!(flags & RASD_NORM_REPLACE)) {
            *bad = i;
            return RASD_EUTF8;
        }
        n = -n;
        w = utf8_encode(0xFFFD, tmp);
    } else {
        w = norm_cp(cp, flags, tmp);
    }
    if (nbuf_reserve(b, (size_t)w, len - i - (size_t)n))
        return RASD_ENOMEM;
    for (int k = 0; k < w; k++) {
        b->s[b->j] = tmp[k];
        b->map[b->j++] = (uint32_t)i;
    }
    return n;
}

/* The characters of U+0600..U+06FF by their two UTF-8 bytes loaded as one: 1 + their
 * ar_class, or 0 for byte pairs that are not one of them.  Most bytes of Arabic text go
 * through this one lookup. */
static uint8_t ar_pair_cls[1u << 16];
static pthread_once_t ar_pair_once = PTHREAD_ONCE_INIT;

static void ar_pair_init(void)
{
    for (unsigned low = 0; low < 256; low++) {
        unsigned char b[2] = {(unsigned char)(0xD8u | (low >> 6)),
                              (unsigned char)(0x80u | (low & 0x3Fu))};
        uint16_t v;
        memcpy(&v, b, 2);
        ar_pair_cls[v] = (uint8_t)(1 + ar_class[low]);
    }
}

int rasd_normalize(const char *in_, size_t len, unsigned flags, rasd_text *out,
                   size_t *bad_offset)
{
    unsigned drop = 0; /* bit 1 + class: flags rewrite that class */
    for (unsigned k = 0; k < sizeof ar_flag / sizeof *ar_flag; k++)
        if (flags & ar_flag[k])
            drop |= 2u << k;
    pthread_once(&ar_pair_once, ar_pair_init);
    const unsigned char *in = (const unsigned char *)in_;
    struct nbuf b = {0};
    int rc = RASD_OK;
    size_t bad = 0;
    if (!out)
        return RASD_EINVAL;
    memset(out, 0, sizeof *out);
    if (!in && len)
        return RASD_EINVAL;
    if (len >= UINT32_MAX)
        return RASD_ETOOBIG;
    b.cap = len + 1;
    b.s = malloc(b.cap);
    b.map = malloc(b.cap * sizeof *b.map);
    if (!b.s || !b.map) {
        rc = RASD_ENOMEM;
        goto out;
    }
    size_t i = 0, j = 0;
    char *o = b.s;
    uint32_t *m = b.map;
    while (i < len) {
        unsigned c = in[i];
        if (c < 0x80) {
            do {
                o[j] = (char)c;
                m[j++] = (uint32_t)i++;
            } while (i < len && (c = in[i]) < 0x80);
            continue;
        }
        if ((c & 0xFC) == 0xD8 && i + 1 < len && (in[i + 1] & 0xC0) == 0x80) {
            /* A run of characters of the Arabic block, both bytes of each looked up at
             * once: a lead byte D8..DB and a continuation byte. */
            for (;;) {
                uint16_t v;
                memcpy(&v, in + i, 2);
                unsigned t = ar_pair_cls[v];
                if (!t)
                    break;
                if (__builtin_expect(!((drop >> t) & 1), 1)) {
                    memcpy(o + j, &v, 2);
                    m[j] = m[j + 1] = (uint32_t)i;
                    j += 2;
                } else {
                    char r[2];
                    int w = ar_apply(t - 1, ((in[i] & 0x03u) << 6) | (in[i + 1] & 0x3Fu), r);
                    for (int k = 0; k < w; k++) {
                        o[j] = r[k];
                        m[j++] = (uint32_t)i;
                    }
                }
                i += 2;
                if (i + 1 >= len)
                    break;
            }
            continue;
        }
        b.j = j;
        long n = norm_slow(in, i, len, flags, &b, &bad);
        if (n < 0) {
            rc = (int)n;
            goto out;
        }
        i += (size_t)n;
        j = b.j;
        o = b.s;
        m = b.map;
    }
    b.j = j;
    if (b.j >= UINT32_MAX) {
        rc = RASD_ETOOBIG;
        goto out;
    }
    b.s[b.j] = 0;
    b.map[b.j] = (uint32_t)len;
    out->s = b.s;
    out->map = b.map;
    out->len = b.j;
    out->orig_len = len;
    return RASD_OK;
out:
    free(b.s);
    free(b.map);
    if (rc == RASD_EUTF8 && bad_offset)
        *bad_offset = bad;
    return rc;
}

void rasd_text_free(rasd_text *t)
{
    if (!t)
        return;
    free(t->s);
    free(t->map);
    memset(t, 0, sizeof *t);
}

int rasd_norm_step(const char *name, unsigned *flag)
{
    static const struct { const char *name; unsigned flag; } steps[] = {
        {"diacritics", RASD_NORM_DIACRITICS}, {"tatweel", RASD_NORM_TATWEEL},
        {"alef", RASD_NORM_ALEF}, {"ya", RASD_NORM_YA},
        {"teh-marbuta", RASD_NORM_TEH_MARBUTA}, {"digits", RASD_NORM_DIGITS},
        {"presentation", RASD_NORM_PRESENTATION}, {"punct", RASD_NORM_PUNCT},
        {"replace", RASD_NORM_REPLACE},
    };
    for (size_t i = 0; name && i < sizeof steps / sizeof *steps; i++)
        if (!strcmp(name, steps[i].name)) {
            if (flag)
                *flag = steps[i].flag;
            return RASD_OK;
        }
    return RASD_ENOTFOUND;
}
