/*
 * rasd — figures from Arabic conflict reporting, with provenance.
 *
 * The one public header of librasd.  Conventions that hold for every function:
 *  - Text is passed as (pointer, byte length); it need not be NUL-terminated and may hold
 *    any bytes.  Offsets are byte offsets into the caller's original input, end exclusive.
 *  - Functions return an int status: RASD_OK (0) or a negative RASD_E* code;
 *    rasd_strerror() gives its text.  Output parameters are untouched on failure unless
 *    a contract says otherwise.
 *  - Opaque handles come in create/free pairs; every free function accepts NULL.
 *  - Memory a function returns belongs to the caller and is released with the free
 *    function named in its contract; pointers into a handle stay valid until that handle
 *    is freed or the next call that the contract names.
 *  - Handles are not shared between threads without the caller's own locking; distinct
 *    handles may be used from distinct threads.
 */
#ifndef RASD_H
#define RASD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RASD_VERSION "0.1.0"

/* ===================================================================== status codes */

enum {
    RASD_OK = 0,
    RASD_ENOMEM = -1,   /* an allocation failed */
    RASD_EINVAL = -2,   /* an argument is out of its documented range */
    RASD_EUTF8 = -3,    /* input is not valid UTF-8 (and replacement was not asked for) */
    RASD_EIO = -4,      /* a file could not be read or written */
    RASD_EPARSE = -5,   /* input could not be parsed (JSON, HTML, a date, ...) */
    RASD_EDATA = -6,    /* a lexicon or data file is malformed */
    RASD_ENOTFOUND = -7,/* the named thing does not exist */
    RASD_EDB = -8,      /* the store reported an error */
    RASD_ETOOBIG = -9,  /* input exceeds a documented size limit */
    RASD_ELIB = -10     /* a library rasd builds on failed (Vectorscan, libxml2, ...) */
};

/* Returns a static, English, one-line description of status code `status` (never NULL;
 * unknown codes give "unknown error"). */
const char *rasd_strerror(int status);

/* Returns RASD_VERSION of the library actually linked. */
const char *rasd_version(void);

/* ===================================================================== text layer */
/* (src/text) UTF-8 checking, normalization with an offset map, tokens, sentences,
 * clitics and stems. */

/* Checks that s[0..len) is valid UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF).  Returns RASD_OK, or RASD_EUTF8 with *bad_offset (if non-NULL) set to the
 * byte offset of the first invalid sequence. */
int rasd_utf8_check(const char *s, size_t len, size_t *bad_offset);

/* Normalization steps, each switchable.  Profiles combine them. */
enum {
    RASD_NORM_DIACRITICS   = 1u << 0, /* drop harakat U+064B..U+0652, U+0670, Quranic marks */
    RASD_NORM_TATWEEL      = 1u << 1, /* drop U+0640 */
    RASD_NORM_ALEF         = 1u << 2, /* آ أ إ ٱ -> ا */
    RASD_NORM_YA           = 1u << 3, /* alef maqsura ى -> ي */
    RASD_NORM_TEH_MARBUTA  = 1u << 4, /* ة -> ه */
    RASD_NORM_DIGITS       = 1u << 5, /* Arabic-Indic and Extended Arabic-Indic digits -> ASCII */
    RASD_NORM_PRESENTATION = 1u << 6, /* presentation forms, lam-alef ligatures -> letters */
    RASD_NORM_PUNCT        = 1u << 7, /* ، ؛ ؟ ٪ ٫ ٬ -> , ; ? % . , ; exotic spaces -> space */
    RASD_NORM_REPLACE      = 1u << 8  /* invalid UTF-8 -> U+FFFD instead of RASD_EUTF8 */
};
/* For extraction: everything but teh marbuta folding (the extractor needs ة for gender). */
#define RASD_NORM_EXTRACT (RASD_NORM_DIACRITICS | RASD_NORM_TATWEEL | RASD_NORM_ALEF | \
    RASD_NORM_YA | RASD_NORM_DIGITS | RASD_NORM_PRESENTATION | RASD_NORM_PUNCT)
/* For search: as extraction, and teh marbuta -> heh (Lucene's ArabicNormalizer and more). */
#define RASD_NORM_SEARCH (RASD_NORM_EXTRACT | RASD_NORM_TEH_MARBUTA)

/* Looks up a profile by name ("extract", "search", "none") into *flags.
 * Returns RASD_OK or RASD_ENOTFOUND. */
int rasd_norm_profile(const char *name, unsigned *flags);

/* A normalized text and its way back to the original bytes. */
typedef struct rasd_text {
    char *s;          /* normalized UTF-8, NUL-terminated (NULs of the input are kept) */
    size_t len;       /* bytes in s */
    uint32_t *map;    /* len+1 entries: map[i] is the original offset of the character that
                         produced normalized byte i; map[len] is the original length */
    size_t orig_len;  /* length of the original input */
} rasd_text;

/* Normalizes in[0..len) under `flags` into *out (which the caller frees with
 * rasd_text_free).  Returns RASD_OK; RASD_EUTF8 when the input is invalid and
 * RASD_NORM_REPLACE is not set (*bad_offset, if non-NULL, gets the offset); RASD_ETOOBIG
 * beyond 4 GiB - 1; RASD_ENOMEM.  On failure *out is left empty (safe to free). */
int rasd_normalize(const char *in, size_t len, unsigned flags, rasd_text *out,
                   size_t *bad_offset);

/* Releases what rasd_normalize stored in *t and zeroes it; NULL is a no-op. */
void rasd_text_free(rasd_text *t);

enum {
    RASD_TOK_ARABIC = 1, /* a run of Arabic letters (with any clitics still attached) */
    RASD_TOK_NUMBER,     /* digits with , . ٬ ٫ separators inside: 12,500 3.5 */
    RASD_TOK_LATIN,      /* a run of Latin letters/digits */
    RASD_TOK_PUNCT,      /* one punctuation character (« » “ ” are punctuation) */
    RASD_TOK_URL,        /* http(s)://... or www.... */
    RASD_TOK_OTHER       /* any other non-space character, one at a time */
};

typedef struct rasd_token {
    uint32_t nstart, nend; /* bytes in the normalized text */
    uint32_t start, end;   /* bytes in the original text */
    uint8_t kind;          /* RASD_TOK_* */
    uint8_t nl;            /* 1 when a line break precedes it (2: a blank line) */
} rasd_token;

typedef struct rasd_sentence {
    uint32_t first, last;  /* its tokens: [first, last) */
    uint32_t start, end;   /* original bytes, from its first to its last token */
} rasd_sentence;

typedef struct rasd_tokens {
    rasd_token *tok;
    size_t ntok;
    rasd_sentence *sent;
    size_t nsent;
} rasd_tokens;

/* Splits the normalized text t into tokens and sentences, into *out (caller frees with
 * rasd_tokens_free).  Sentences end at . ! ? ؟ ; and line breaks between a headline and
 * the body, but not inside «» “” quotes unless a blank line intervenes.
 * Returns RASD_OK or RASD_ENOMEM (then *out is empty). */
int rasd_tokenize(const rasd_text *t, rasd_tokens *out);

/* Releases *tk's arrays and zeroes it; NULL is a no-op. */
void rasd_tokens_free(rasd_tokens *tk);

/* One clitic analysis of a normalized Arabic word: w[pre .. len-suf) is the stem. */
typedef struct rasd_clitics {
    uint8_t pre;  /* bytes of proclitics (و ف ب ك ل س ال لل وال بال كال فال ...) */
    uint8_t suf;  /* bytes of pronoun suffix (ه ها هم هما هن ك كم نا ي ...) */
} rasd_clitics;

/* Writes up to `max` analyses of the normalized word w[0..len) to out, the unsegmented
 * word first, then ones with longer clitics; each leaves a stem of at least two letters.
 * Returns the number written (>= 1 when max >= 1). */
int rasd_clitic_split(const char *w, size_t len, rasd_clitics *out, int max);

/* Lucene-compatible light stem (ArabicStemmer: prefixes then suffixes) of the normalized
 * word w[0..len), written to out (room for len bytes); returns the stem's length. */
size_t rasd_stem_light(const char *w, size_t len, char *out);

/* Snowball Arabic stemmer (libstemmer).  A handle is not thread-safe. */
typedef struct rasd_snowball rasd_snowball;
/* Returns a new handle, or NULL when out of memory or libstemmer lacks Arabic. */
rasd_snowball *rasd_snowball_create(void);
/* Stems w[0..len); *stem points into the handle until the next call or free. */
int rasd_snowball_stem(rasd_snowball *h, const char *w, size_t len, const char **stem,
                       size_t *stem_len);
void rasd_snowball_free(rasd_snowball *h);

/* ===================================================================== quantities & dates */
/* (src/quant) numbers, qualifiers, vague quantities, ordinals, dates. */

/* ===================================================================== extraction */
/* (src/extract) lexicons, input readers, figure extraction. */

/* ===================================================================== store & stories */
/* (src/store, src/story) SQLite store, FTS5 Arabic tokenizer, passages, stories, series. */

#ifdef __cplusplus
}
#endif
#endif /* RASD_H */
