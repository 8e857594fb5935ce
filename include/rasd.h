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
 * byte offset of the first invalid sequence, or RASD_EINVAL when s is NULL and len > 0. */
int rasd_utf8_check(const char *s, size_t len, size_t *bad_offset);

/* Copies s[0..len) to a malloc'd NUL-terminated *out (*out_len bytes) with each invalid
 * sequence (the maximal ill-formed subpart, as rasd_normalize counts it) replaced by
 * U+FFFD.  Returns RASD_OK, RASD_EINVAL or RASD_ENOMEM. */
int rasd_utf8_repair(const char *s, size_t len, char **out, size_t *out_len);

/* Normalization steps, each switchable.  Profiles combine them. */
enum {
    RASD_NORM_DIACRITICS   = 1u << 0, /* drop harakat U+064B..U+065F, U+0670, Quranic marks */
    RASD_NORM_TATWEEL      = 1u << 1, /* drop U+0640 */
    RASD_NORM_ALEF         = 1u << 2, /* آ أ إ ٱ -> ا */
    RASD_NORM_YA           = 1u << 3, /* alef maqsura ى (and Farsi yeh ی) -> ي */
    RASD_NORM_TEH_MARBUTA  = 1u << 4, /* ة -> ه */
    RASD_NORM_DIGITS       = 1u << 5, /* Arabic-Indic and Extended Arabic-Indic digits -> ASCII */
    RASD_NORM_PRESENTATION = 1u << 6, /* presentation forms U+FB50..U+FDFF, U+FE70..U+FEFE,
                                         lam-alef ligatures -> letters (NFKC) */
    RASD_NORM_PUNCT        = 1u << 7, /* ، ؛ ؟ ٪ ٫ ٬ ۔ -> , ; ? % . , . ; no-break and other
                                         wide spaces -> space; bidi marks, ZWJ/ZWNJ, soft
                                         hyphen and BOM dropped */
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

/* Looks up one step by name ("diacritics", "tatweel", "alef", "ya", "teh-marbuta",
 * "digits", "presentation", "punct", "replace") into *flag (one RASD_NORM_* bit).
 * Returns RASD_OK or RASD_ENOTFOUND. */
int rasd_norm_step(const char *name, unsigned *flag);

/* A normalized text and its way back to the original bytes. */
typedef struct rasd_text {
    char *s;          /* normalized UTF-8, NUL-terminated (NULs of the input are kept) */
    size_t len;       /* bytes in s */
    uint32_t *map;    /* len+1 entries: map[i] is the original offset of the character that
                         produced normalized byte i; map[len] is the original length */
    size_t orig_len;  /* length of the original input */
} rasd_text;

/* Normalizes in[0..len) under `flags` into *out (which the caller frees with
 * rasd_text_free).  Each step applies to single characters, so normalizing two pieces cut
 * at a line break gives the same as normalizing the whole.  Returns RASD_OK; RASD_EUTF8
 * when the input is invalid and RASD_NORM_REPLACE is not set (*bad_offset, if non-NULL,
 * gets the offset; with it set, each maximal ill-formed subpart becomes one U+FFFD);
 * RASD_ETOOBIG beyond 4 GiB - 1; RASD_EINVAL when out is NULL or in is NULL with len > 0;
 * RASD_ENOMEM.  On failure *out is left empty (safe to free). */
int rasd_normalize(const char *in, size_t len, unsigned flags, rasd_text *out,
                   size_t *bad_offset);

/* Releases what rasd_normalize stored in *t and zeroes it; NULL is a no-op. */
void rasd_text_free(rasd_text *t);

/* Maps the normalized span [nstart, nend) of t back to original bytes [*start, *end): from
 * the start of the character that produced byte nstart to the start of the next character
 * that produced anything after the span (so diacritics dropped after a word are inside),
 * extended to the end of a ligature the span cuts.  With t->map NULL the offsets are kept.
 * Returns RASD_OK, or RASD_EINVAL when nstart > nend or nend > t->len. */
int rasd_text_span(const rasd_text *t, size_t nstart, size_t nend, uint32_t *start,
                   uint32_t *end);

enum {
    RASD_TOK_ARABIC = 1, /* a run of Arabic letters (with any clitics still attached) */
    RASD_TOK_NUMBER,     /* digits with , . ٬ ٫ separators inside: 12,500 3.5 */
    RASD_TOK_LATIN,      /* a run of Latin (or other non-Arabic) letters and ASCII digits,
                            e.g. F16, 5G */
    RASD_TOK_PUNCT,      /* one punctuation character (« » “ ” are punctuation) */
    RASD_TOK_URL,        /* http(s)://... or www.... */
    RASD_TOK_OTHER       /* any other non-space character (symbols), one at a time */
};

typedef struct rasd_token {
    uint32_t nstart, nend; /* bytes in the normalized text */
    uint32_t start, end;   /* bytes in the original text; diacritics or tatweel dropped from
                              the word's end are inside, and a token cut from a ligature
                              spans the whole ligature */
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
 * rasd_tokens_free).  t is not changed and need not outlive *out.  A t with map NULL is
 * taken as unnormalized (original offsets = normalized offsets).  Numbers keep , . ٫ ٬ only
 * between digits.  Sentences end after . ! ? ; ؟ ؛ … (with the closing quotes and further
 * terminators right after) and at every line break (headlines, list items), but not inside
 * «» “” or "" quotes unless a blank line intervenes, and not at the full stop of a one-letter
 * abbreviation (د. أ.) or one followed directly by a Latin word or number (U.S, 3.5).
 * Every token belongs to exactly one sentence.
 * Returns RASD_OK, RASD_EINVAL (t or out NULL) or RASD_ENOMEM (then *out is empty). */
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
 * Proclitics: (و|ف)? then one of ب ك ل س ال بال كال لل; pronoun suffixes (ه ها هم هما هن
 * ك كم كما كن نا ني ي) never follow the article.  Returns the number written (>= 1 when
 * max >= 1, 0 when max <= 0). */
int rasd_clitic_split(const char *w, size_t len, rasd_clitics *out, int max);

/* Lucene-compatible light stem (ArabicStemmer: prefixes then suffixes) of the normalized
 * word w[0..len), written to out (room for len bytes; out may equal w); returns the stem's
 * length (0 for an empty word). */
size_t rasd_stem_light(const char *w, size_t len, char *out);

/* Snowball Arabic stemmer (libstemmer).  A handle is not thread-safe. */
typedef struct rasd_snowball rasd_snowball;
/* Returns a new handle, or NULL when out of memory or libstemmer lacks Arabic. */
rasd_snowball *rasd_snowball_create(void);
/* Stems w[0..len) (UTF-8); *stem points into the handle until the next call or free.
 * Returns RASD_OK, RASD_EINVAL, RASD_ETOOBIG (len > 2^31 - 1) or RASD_ENOMEM. */
int rasd_snowball_stem(rasd_snowball *h, const char *w, size_t len, const char **stem,
                       size_t *stem_len);
/* Releases h; NULL is a no-op. */
void rasd_snowball_free(rasd_snowball *h);

/* ===================================================================== quantities & dates */
/* (src/quant) numbers, qualifiers, vague quantities, ordinals, dates. */

/* What a tag is. */
enum { RASD_TAG_NUMBER = 1, RASD_TAG_ORDINAL = 2, RASD_TAG_DATE = 3 };

/* How a number is bounded (figures.md `qualifier`). */
enum {
    RASD_QUAL_EXACT = 0, RASD_QUAL_APPROX, RASD_QUAL_AT_LEAST, RASD_QUAL_MORE_THAN,
    RASD_QUAL_AT_MOST, RASD_QUAL_LESS_THAN, RASD_QUAL_RANGE, RASD_QUAL_VAGUE
};

/* What a number counts when it is not people or things: a share or money. */
enum { RASD_UNIT_NONE = 0, RASD_UNIT_PERCENT, RASD_UNIT_FRACTION, RASD_UNIT_CURRENCY };

/* How much time a date covers: the day, the week (date = its Monday), the month (date =
 * its 1st), the year (date = January 1st), or a clock time on the day. */
enum { RASD_GRAIN_DAY = 1, RASD_GRAIN_WEEK, RASD_GRAIN_MONTH, RASD_GRAIN_YEAR,
       RASD_GRAIN_TIME };

/* Tagging options (bits for rasd_tag_text's flags). */
enum {
    /* Resolve bare weekdays and yearless dates forward from the anchor, as a scheduling
     * text means them («الثلاثاء» = next Tuesday).  Default: backward, as news reports
     * do («الثلاثاء» = the latest Tuesday up to the publication day). */
    RASD_TAG_FUTURE = 1u << 0
};

/* One number, ordinal or date found in a text. */
typedef struct rasd_tag {
    int type;              /* RASD_TAG_* */
    size_t start, end;     /* bytes of the expression in the input, end exclusive;
                              numbers include their qualifier («أكثر من»), unit word and a
                              counted noun that carries the number («جنديين») */
    /* numbers and ordinals */
    int has_value;         /* 0 for ranges and vague quantities */
    double value;          /* as stated: may be negative or fractional */
    int has_low, has_high; /* 0 when that bound is open */
    int64_t low, high;     /* bounds per ../shared/spec/figures.md («أكثر من 40»: 41..open) */
    int qualifier;         /* RASD_QUAL_* */
    int unit;              /* RASD_UNIT_* */
    /* dates */
    int resolved;          /* 0: a relative or yearless date with no anchor to resolve it */
    char date[11];         /* "YYYY-MM-DD" (first day covered), "" when not resolved */
    char end_date[11];     /* last day of an interval (inclusive), "" otherwise */
    int grain;             /* RASD_GRAIN_* */
    int hour, minute;      /* clock time for RASD_GRAIN_TIME, else -1 */
} rasd_tag;

/* The largest magnitude of a number rasd_tag_text reports: past it doubles no longer hold
 * every integer and no quantity in news text reaches it, so a longer run of digits is no
 * number at all (and never a figure). */
#define RASD_NUM_MAX 1e15

typedef struct rasd_tagger rasd_tagger;

/* Returns a new tagger (lexicons are loaded once per process on first use), or NULL when
 * out of memory.  Free with rasd_tagger_free. */
rasd_tagger *rasd_tagger_create(void);

/* Finds the numbers, ordinals and dates of text[0..len) (UTF-8, any bytes).  `published`
 * ("YYYY-MM-DD", or NULL) anchors relative dates such as «أمس» or «الجمعة الماضي».
 * On success *tags points to *ntags records in text order, owned by tg and valid until
 * the next rasd_tag_text call on tg or rasd_tagger_free.  Returns RASD_OK; RASD_EINVAL when
 * `published` is not a valid date or an argument is NULL; RASD_EUTF8 for invalid UTF-8
 * (*bad_offset, if non-NULL, gets its byte offset); RASD_ETOOBIG; RASD_ENOMEM;
 * RASD_EDATA when an embedded lexicon is malformed. */
int rasd_tag_text(rasd_tagger *tg, const char *text, size_t len, const char *published,
             unsigned flags, const rasd_tag **tags, size_t *ntags, size_t *bad_offset);

/* Releases tg and its records; NULL is a no-op. */
void rasd_tagger_free(rasd_tagger *tg);

/* Whether s is an ISO 8601 publication date: YYYY-MM-DD (a real Gregorian date, years
 * 1..9999) or a date-time YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|+HH:MM|-HH:MM].  Returns
 * RASD_OK, or RASD_EINVAL (also for NULL). */
int rasd_published_check(const char *s);

/* Static names used in JSON output: "exact", "approx", "at_least", "more_than",
 * "at_most", "less_than", "range", "vague"; "percent", "fraction", "currency" (NULL for
 * RASD_UNIT_NONE); "day", "week", "month", "year", "time".  Unknown values give NULL. */
const char *rasd_qualifier_name(int qualifier);
const char *rasd_unit_name(int unit);
const char *rasd_grain_name(int grain);

/* ===================================================================== extraction */
/* (src/extract) lexicons, input readers, figure extraction. */

/* ---- input readers (src/extract/input.c): articles from plain text, HTML and JSON Lines */

enum {
    RASD_INPUT_AUTO = 0, /* by extension (.html .htm / .jsonl .json / else) and content */
    RASD_INPUT_TEXT,     /* the file is one article's text, as is */
    RASD_INPUT_HTML,     /* one article as an HTML page: its body text (see rasd_html_text) */
    RASD_INPUT_JSONL     /* one article per line: id, outlet, url, published, title, text */
};

/* Looks up an input kind by name ("auto", "text", "html", "jsonl") into *kind.
 * Returns RASD_OK or RASD_ENOTFOUND. */
int rasd_input_kind(const char *name, int *kind);

/* One article as read.  Strings are NUL-terminated as well as (for title and text)
 * length-counted; title and text may hold NUL bytes. */
typedef struct rasd_doc {
    const char *id;        /* never NULL: the JSONL `id`, else the defaults' id, else the
                              file's base name without extension ("-" for standard input);
                              a JSONL line without id gets "BASE:LINE" */
    const char *outlet;    /* or NULL */
    const char *url;       /* or NULL (HTML: og:url or the canonical link) */
    const char *published; /* as given, normally YYYY-MM-DD[...], or NULL (HTML: the
                              article:published_time meta when present) */
    const char *title;     /* or NULL: JSONL `title`; HTML og:title, else the first h1,
                              else <title>; plain text: the first non-blank line */
    size_t title_len;
    const char *text;      /* never NULL, possibly empty: the text the extractor reads and
                              that offsets (`field` "text") refer to.  HTML: headings and
                              paragraphs of the body, one per block, separated by blank
                              lines, entities decoded */
    size_t text_len;
    int title_in_text;     /* 1 when title is a part of text (plain text, HTML): read text
                              only; 0 for JSONL, where title is a field of its own to read */
    int kind;              /* RASD_INPUT_TEXT, _HTML or _JSONL: what was actually read */
    long line;             /* JSONL: the 1-based line number; otherwise 0 */
} rasd_doc;

/* Values that fill in what the input does not say (the command line's --id, --outlet,
 * --published).  Any field may be NULL.  For JSONL, a line's own fields win, and `id`
 * is ignored (lines without one get "BASE:LINE"). */
typedef struct rasd_doc_defaults {
    const char *id, *outlet, *url, *published;
} rasd_doc_defaults;

typedef struct rasd_reader rasd_reader;

/* Opens `path` ("-" or NULL: standard input) for reading articles of `kind` (RASD_INPUT_*);
 * `defaults` may be NULL and is copied.  JSON Lines are streamed a line at a time (memory
 * bounded by the longest line, at most the limit of rasd_reader_set); text and HTML are
 * read whole, and give one article (none for an empty file).
 * Returns RASD_OK with *out set (free with rasd_reader_free), RASD_EINVAL for an unknown
 * kind, RASD_EIO when the file cannot be opened (errno says why), RASD_ENOMEM. */
int rasd_reader_open(const char *path, int kind, const rasd_doc_defaults *defaults,
                     rasd_reader **out);

/* As rasd_reader_open over the bytes buf[0..len), which must outlive the reader; `name`
 * (may be NULL: "-") stands for the file name in ids, extension sniffing and errors. */
int rasd_reader_open_mem(const char *name, const char *buf, size_t len, int kind,
                         const rasd_doc_defaults *defaults, rasd_reader **out);

/* The most bytes a reader holds of one article by default: a text or HTML file, or one
 * JSON Lines line (64 MiB). */
#define RASD_MAX_BYTES ((size_t)64 << 20)

enum {
    RASD_READ_REPLACE = 1u << 0  /* repair text instead of refusing it (RASD_EUTF8): each
                                    invalid UTF-8 sequence becomes U+FFFD */
};

/* Sets, before the first rasd_reader_next, the most bytes of one article r holds
 * (max_bytes; 0 keeps RASD_MAX_BYTES) — it reads no more than max_bytes + 1 of one before
 * refusing it with RASD_ETOOBIG — and flags RASD_READ_*.  Returns RASD_OK or RASD_EINVAL
 * (r NULL, or reading has begun). */
int rasd_reader_set(rasd_reader *r, size_t max_bytes, unsigned flags);

/* Reads the next article into *doc, which points into the reader until the next call
 * or rasd_reader_free.  Returns 1 (an article), 0 (the end), or a negative status:
 * RASD_EPARSE for a bad JSONL line (invalid JSON, not an object, a field of the wrong
 * type, no text, a NUL character in id, outlet, url or published) or an article whose
 * published is not ISO (rasd_published_check) — the article is skipped and the caller may
 * go on calling; RASD_EUTF8 for text that is not UTF-8 unless RASD_READ_REPLACE (HTML
 * in another charset, by byte order mark, meta charset or UTF-16 without a mark, is
 * converted; a charset that cannot be is RASD_EUTF8 too), skipped likewise; RASD_ETOOBIG
 * for an article past the reader's limit (rasd_reader_set), skipped likewise; RASD_EIO
 * for a read error and RASD_ELIB when libxml2 fails (the reader is then at its end);
 * RASD_ENOMEM.  A text or HTML file is one article: after an error the reader is at its
 * end.
 * rasd_reader_where tells where an error happened. */
int rasd_reader_next(rasd_reader *r, const rasd_doc **doc);

/* Where the last error (or article) of r is: *name the file name ("-" for standard input),
 * *line the 1-based line (0 when not line-based), *detail what was wrong there (e.g.
 * "invalid JSON: " and jansson's message, "'text' is not a string", "more than N bytes") or
 * "" — for a message "FILE:LINE: DETAIL".  Any pointer may be NULL; strings live in r. */
void rasd_reader_where(const rasd_reader *r, const char **name, long *line,
                       const char **detail);

/* Bytes of the input consumed so far (for progress reports against the file's size). */
uint64_t rasd_reader_tell(const rasd_reader *r);

/* Closes the file and releases r; NULL is a no-op. */
void rasd_reader_free(rasd_reader *r);

/* The article text of an HTML page html[0..len) as rasd_doc describes it: *text (NUL-
 * terminated, caller frees with free()) gets the headings and paragraphs (h1-h6, p, li,
 * blockquote, pre, and loose text inside article/main or an element whose class or id
 * names the article body: article, content, story, entry, post, details; the whole
 * body's loose text when there is no paragraph at all), one per block separated by blank
 * lines, whitespace collapsed, entities decoded; script, style, nav, header (outside
 * article/main), footer, aside, form, menu and elements whose class or id names menus,
 * navigation, footers, sharing, comments, sidebars or ads are skipped.  *title (may be
 * NULL to skip; caller frees) gets og:title, else the first h1, else <title>, or NULL.
 * Returns RASD_OK, RASD_ETOOBIG past 2 GiB, RASD_ELIB, RASD_ENOMEM. */
int rasd_html_text(const char *html, size_t len, char **text, size_t *text_len,
                   char **title, size_t *title_len);

/* ---- figures (src/extract/fig*.c): casualty, arrest and displacement figures */

typedef struct rasd_extractor rasd_extractor;

/* Loads and compiles the extraction lexicons (data/cues.tsv, actors.tsv, sources.tsv,
 * places.tsv, places_extra.tsv, armies.tsv) once.  Returns RASD_OK with *out set (free
 * with rasd_extractor_free), RASD_EDATA when a lexicon is malformed, RASD_ENOMEM.  An
 * extractor is read-only after creation except for a per-call scratch area: use one per
 * thread. */
int rasd_extractor_create(rasd_extractor **out);

/* Releases x; NULL is a no-op. */
void rasd_extractor_free(rasd_extractor *x);

/* One figure, as ../shared/spec/figures.md describes its record.  Strings are static or
 * owned by the extractor (valid until it is freed) except source_text, which points into
 * the document's field text; a NULL string is JSON null. */
typedef struct rasd_figure {
    const char *category;     /* "killed", "injured", ... "other" */
    const char *group;        /* group id ("isis", "sdf", "civilians", "all", "unknown") */
    const char *actor;        /* finer actor id, or the group id */
    int has_value;            /* 0: value is null (range or vague quantity) */
    int64_t value;            /* the number as stated */
    int has_low, has_high;    /* 0: that bound is open (null) */
    int64_t low, high;
    const char *qualifier;    /* "exact", "approx", "at_least", "more_than", "at_most",
                                 "less_than", "range", "vague" */
    const char *unit;         /* "person", "family" or "other" */
    const char *source;       /* source id from data/sources.tsv, or NULL */
    const char *source_text;  /* the attribution as written (source_len bytes), or NULL */
    size_t source_len;
    const char *location;     /* place id from data/places*.tsv, or NULL */
    char date[11];            /* "YYYY-MM-DD", or "" for null */
    int field;                /* 0: the document's text, 1: its title (JSONL input only) */
    size_t start, end;        /* evidence bytes (number through cue) in that field */
    size_t sent_start, sent_end; /* the sentence's bytes in that field (of a sentence past
                                    256 tokens, the 128 tokens either side of the evidence) */
} rasd_figure;

/* Called once per figure in text order (title first, for JSONL documents).  Return 0 to
 * go on, non-zero to stop rasd_extract (which then returns that value). */
typedef int (*rasd_figure_cb)(void *ud, const rasd_doc *doc, const rasd_figure *f);

/* Extracts the figures of doc (its text, and its title when doc->title_in_text is 0),
 * dating them against doc->published (YYYY-MM-DD...; NULL or unparsable: dates stay null
 * unless the sentence gives an absolute one).  Any bytes are accepted (invalid UTF-8 is
 * read as U+FFFD); sentences longer than 4096 tokens are read in their first 4096.  A field
 * past 512 KiB (a whole corpus given as one text) is read in pieces that end at blank
 * lines, each with its own context, so memory stays bounded.
 * Returns RASD_OK, RASD_ENOMEM, RASD_ETOOBIG (a field past 4 GiB), or the callback's
 * non-zero value. */
int rasd_extract(rasd_extractor *x, const rasd_doc *doc, rasd_figure_cb cb, void *ud);

/* What rasd_extract_names found: a place id of data/places*.tsv or a group id. */
enum { RASD_NAME_PLACE = 0, RASD_NAME_GROUP = 1 };
typedef int (*rasd_name_cb)(void *ud, int kind, const char *id);

/* Calls cb(ud, RASD_NAME_*, id) for each place and each side (an actor of
 * data/actors.tsv with a group) that the first max_words words of text[0..len) name, in
 * text order, with the extractor's lexicons and no figure needed (ids are static or owned
 * by x).  A name shared by several places reads as the one in the country of the text's
 * other places, else the most populous.  Returns RASD_OK, RASD_EINVAL, RASD_ENOMEM, or
 * cb's non-zero value. */
int rasd_extract_names(rasd_extractor *x, const char *text, size_t len, size_t max_words,
                       rasd_name_cb cb, void *ud);

enum { RASD_FIG_JSONL = 0, RASD_FIG_TSV = 1, RASD_FIG_PRETTY = 2 };

/* Looks up an output format by name ("jsonl", "tsv", "pretty") into *format.
 * Returns RASD_OK or RASD_ENOTFOUND. */
int rasd_figure_format_kind(const char *name, int *format);

/* The header line of `format` (TSV column names; the pretty table's heading; "" for
 * JSONL), NUL-terminated and ending in a newline unless empty.  Static. */
const char *rasd_figure_header(int format);

/* Formats f of doc as one line of `format` (JSONL: a figure record with the fields and
 * order of the spec, `field` only when with_field is non-zero; TSV: the header's columns,
 * tabs and newlines in values written as spaces; pretty: a right-to-left-safe row, Arabic
 * wrapped in U+2067..U+2069 isolates), ending in a newline, into *out (NUL-terminated;
 * caller frees with free()) and *len.  Returns RASD_OK, RASD_EINVAL, RASD_ENOMEM. */
int rasd_figure_format(const rasd_doc *doc, const rasd_figure *f, int format, int with_field,
                       char **out, size_t *len);

/* ===================================================================== store & stories */
/* (src/store, src/story, src/export) The store (SQLite, or PostgreSQL when built), its
 * full-text search, passages, stories, series and exports. */

/* ---- the store (src/store): articles, figures and mentions, full-text search */

typedef struct rasd_store rasd_store;

/* `path` chooses the backend of a store: a `postgres://` or `postgresql://` URL, "pg:"
 * (the server the PG* environment names), or NULL or "" while a PG* variable (PGHOST,
 * PGHOSTADDR, PGPORT, PGDATABASE, PGUSER, PGSERVICE) is set, is PostgreSQL — RASD_EDB with
 * the detail "PostgreSQL backend not built" when this library has none; any other is a
 * SQLite file (NULL or "": rasd.db).
 *
 * Opens the SQLite store at `path` (created when missing) in WAL mode with
 * synchronous=NORMAL and foreign keys on, registers the Arabic FTS5 tokenizer, and brings
 * the schema up to date (src/store/sqlite/sqlite_schema.c lists the migrations).  Returns RASD_OK with
 * *out set (free with rasd_store_free), RASD_EDB when SQLite cannot open or migrate it
 * (*out is then still set when detail is available: read rasd_store_detail, then free it),
 * RASD_ENOMEM. */
int rasd_store_open(const char *path, rasd_store **out);

/* Opens the existing store at `path` for reading only (SQLITE_OPEN_READONLY): nothing is
 * ever written through it, so a store the user may only read (file and directory without
 * write permission, an archive, a replica) answers every read.  When SQLite cannot make
 * the files a WAL reader needs beside it (a directory without write permission), the file
 * is read as it stands (SQLite's immutable mode).  Returns RASD_OK with *out set (free
 * with rasd_store_free); RASD_EDB when it cannot be read, or when its schema is not this
 * version's (the detail says so; rasd_store_open, as `rasd refresh` does, updates an older
 * one) — *out is then set as by rasd_store_open; RASD_ENOMEM.  rasd_store_put and the
 * other writing calls fail with RASD_EDB on such a handle. */
int rasd_store_open_readonly(const char *path, rasd_store **out);

/* Commits any batch in flight and closes the store; NULL is a no-op. */
void rasd_store_free(rasd_store *s);

/* SQLite's message for the last RASD_EDB of s, or "" (static or owned by s). */
const char *rasd_store_detail(const rasd_store *s);

/* Articles per transaction for rasd_store_put (default 200, at least 1). */
void rasd_store_set_batch(rasd_store *s, unsigned n);

enum {
    RASD_PUT_NEW = 1,      /* an id not stored before */
    RASD_PUT_SAME = 2,     /* same id and content hash: nothing written */
    RASD_PUT_REPLACED = 3  /* same id, other content: the old version and its figures
                              and mentions (and rows that depend on it) were replaced */
};

/* Stores one article: its metadata, text, content hash (over outlet, url, published,
 * title and text), the figures rasd_extract finds in it and, as mentions, the places,
 * actors and sources those figures name (each once, with the first figure's span).
 * Writes go into a transaction that is committed every `batch`
 * articles (and by rasd_store_commit / rasd_store_free), so a crash loses at most the
 * batch in flight.  *outcome (may be NULL) gets RASD_PUT_*, *nfigures (may be NULL) the
 * figures stored.  Returns RASD_OK, RASD_EDB, RASD_EDATA (the extraction lexicons are
 * malformed), RASD_ENOMEM: nothing of this article is written then, and the rest of the
 * batch in flight stays (rolled back only if SQLite itself cannot go on). */
int rasd_store_put(rasd_store *s, const rasd_doc *doc, int *outcome, size_t *nfigures);

/* Stores one article as rasd_store_put does, with the figures figs[0..nfigs) already
 * extracted from it (by rasd_extract, here or elsewhere: their spans and sentence offsets
 * are into doc's fields) instead of extracting them again; figs may be NULL when nfigs is
 * 0.  The mentions and lead names are derived as rasd_store_put derives them, so both
 * calls store the same rows for the same figures.  *outcome (may be NULL) gets RASD_PUT_*.
 * Returns as rasd_store_put, and RASD_EINVAL for figs NULL with nfigs > 0. */
int rasd_store_put_figures(rasd_store *s, const rasd_doc *doc, const rasd_figure *figs,
                           size_t nfigs, int *outcome);

/* Commits the batch in flight, if any.  Returns RASD_OK or RASD_EDB. */
int rasd_store_commit(rasd_store *s);

/* Number of stored articles into *n.  Returns RASD_OK or RASD_EDB. */
int rasd_store_count(rasd_store *s, int64_t *n);

/* Rebuilds the full-text index from the stored articles (after a tokenizer change).
 * Commits any batch in flight first.  Returns RASD_OK or RASD_EDB. */
int rasd_store_reindex(rasd_store *s);

/* One search result; every pointer lives until the callback returns. */
typedef struct rasd_hit {
    const char *id, *outlet, *url, *published, *title; /* outlet/url/published/title may be NULL */
    const char *snippet;   /* an excerpt of the text, matches between the open/close marks */
    const uint32_t *match; /* nmatch (start, end) byte pairs of the matched words in the
                              text (matches in the title are not listed) */
    size_t nmatch;
    double score;          /* FTS5 bm25 rank: lower is better */
} rasd_hit;

/* Called per hit, best first; returning non-zero stops the search (no error). */
typedef int (*rasd_hit_fn)(void *ctx, const rasd_hit *hit);

/* Limits of a search query: FTS5's ranking and snippets take time that grows with the
 * square of the matches, so a query is bounded in distinct terms and in bytes. */
#define RASD_SEARCH_MAX_TERMS 64
#define RASD_SEARCH_MAX_BYTES 65536

/* Full-text search of titles and texts for query[0..qlen): whitespace-separated words, each
 * tokenized like the stored text (search normalization + light stemming, so hamza forms,
 * teh marbuta, alef maqsura, diacritics, tatweel and clitics do not matter); every word
 * must match; words inside " ", « » or “ ” (and a word with punctuation inside) match as
 * a phrase; FTS5 operators are plain words.  A word or phrase that gives the same search
 * tokens as an earlier one («داعش داعش», «الداعش وداعش») is searched once.  At most `limit`
 * hits (0: 20).  `open`/`close` (NULL: "[" and "]") mark matches in snippets.  Returns
 * RASD_OK (also when nothing matched), RASD_EINVAL for a query without words, RASD_ETOOBIG
 * for a query past RASD_SEARCH_MAX_BYTES bytes or RASD_SEARCH_MAX_TERMS distinct words and
 * phrases (nothing is searched then), RASD_EDB, RASD_ENOMEM. */
int rasd_store_search(rasd_store *s, const char *query, size_t qlen, size_t limit,
                      const char *open, const char *close, rasd_hit_fn fn, void *ctx);

/* Receives output bytes; returns 0, or non-zero to stop (the caller gets RASD_EIO). */
typedef int (*rasd_write_fn)(void *ctx, const char *p, size_t n);

enum {
    RASD_EXPORT_JSONL = 1, /* every stored figure as a figure record of figures.md */
    RASD_EXPORT_ACLED,     /* ACLED-style CSV (RFC 4180, CRLF), one row per story and
                              date (an article outside every story stands for itself) */
    RASD_EXPORT_GEOJSON    /* a GeoJSON FeatureCollection: a Point per stored figure whose
                              location has coordinates ([lon, lat] from data/places*.tsv),
                              its figure record (with outlet) as properties */
};

/* Writes the store's figures in `format` through w.  ACLED columns: event_date,
 * event_type, sub_event_type, actor1, actor2, admin1 (left empty: no province table yet),
 * location (place id), latitude, longitude (from the places lexicons), fatalities (the
 * lowest killed figure any source gave per side, summed; or the lowest stated total over
 * all sides), source, notes (the story, then every figure with its source and document).
 * ACLED takes the stories as rasd_store_stories does.  Returns RASD_OK,
 * RASD_EINVAL (format), RASD_EDB, RASD_ENOMEM, RASD_EIO (w stopped). */
int rasd_store_export(rasd_store *s, int format, rasd_write_fn w, void *ctx);

/* ---- reads of single articles and of figures by filter (src/store/reads.c) */

/* A stored article; pointers live until the callback returns. */
typedef struct rasd_article_rec {
    int64_t seq;               /* its store sequence number (a new one per stored version) */
    const char *id;
    const char *outlet, *url, *published; /* may be NULL */
    const char *title;         /* may be NULL (title_len 0) */
    size_t title_len;
    const char *text;          /* NULL when the text was not asked for (text_len 0) */
    size_t text_len;
} rasd_article_rec;
typedef int (*rasd_article_fn)(void *ctx, const rasd_article_rec *a);

/* Calls fn once with the stored article `id`, text included.  Returns RASD_OK,
 * RASD_ENOTFOUND (no such article), RASD_EINVAL (a NULL argument), RASD_EDB, or fn's
 * non-zero return. */
int rasd_store_article(rasd_store *s, const char *id, rasd_article_fn fn, void *ctx);

/* Calls fn per stored article whose sequence number is above `after` (0: all), by
 * sequence number, with its text when with_text is non-zero (else text is NULL).  A
 * non-zero return from fn stops without error.  Returns RASD_OK, RASD_EINVAL, RASD_EDB. */
int rasd_store_articles(rasd_store *s, int64_t after, int with_text, rasd_article_fn fn,
                        void *ctx);

/* The highest sequence number the store has given (0 when empty) into *seq and the number
 * of stored articles into *count (either may be NULL): a writer that stores, replaces or
 * removes an article changes one of them, so a reader polls them to see that something
 * changed.  Returns RASD_OK, RASD_EINVAL, RASD_EDB. */
int rasd_store_last_seq(rasd_store *s, int64_t *seq, int64_t *count);

/* Which stored figures rasd_store_figures gives.  A NULL field does not filter. */
typedef struct rasd_figure_filter {
    const char *category;      /* a category ("killed") */
    const char *group;         /* a group id */
    const char *place;         /* a place id: figures located at it or at a place that lies
                                  in it (a prison in its town, a town in its country) */
    const char *source;        /* a source id, or "" for unattributed figures */
    const char *doc;           /* an article id */
    const char *since, *until; /* YYYY-MM-DD bounds (inclusive) on the figure's date, else
                                  its article's publication day */
    int64_t after_seq;         /* only figures after (after_seq, after_n) in store order: */
    int64_t after_n;           /* a page's continuation (0, 0: from the start) */
} rasd_figure_filter;

/* A stored figure; pointers live until the callback returns. */
typedef struct rasd_stored_figure {
    int64_t seq, n;            /* its article version and its position there: its key */
    rasd_figure fig;           /* as extracted; sent_start 0 and sent_end the sentence's
                                  length, the sentence being `sentence` */
    const char *doc;           /* article id */
    const char *outlet, *published; /* its article's, may be NULL */
    const char *sentence;      /* the sentence it stands in (sentence_len bytes) */
    size_t sentence_len;
    int has_field;             /* 1 when read from JSON Lines input (fig.field says which) */
} rasd_stored_figure;
typedef int (*rasd_stored_figure_fn)(void *ctx, const rasd_stored_figure *f);

/* Calls fn per stored figure that f (NULL: none) keeps, in store order (article sequence
 * number, then position).  A non-zero return from fn stops without error.  Returns
 * RASD_OK, RASD_EINVAL (s or fn NULL), RASD_EDB, RASD_ENOMEM (the place table). */
int rasd_store_figures(rasd_store *s, const rasd_figure_filter *f, rasd_stored_figure_fn fn,
                       void *ctx);

/* Writes the figure record of figures.md for r, with its article's `outlet` after the
 * spec's fields (as `rasd export --format jsonl`), and a newline into *out (malloc'd,
 * NUL-terminated; the caller frees).  Returns RASD_OK, RASD_EINVAL, RASD_ENOMEM. */
int rasd_stored_figure_json(const rasd_stored_figure *r, char **out, size_t *len);

/* Writes the hit record of `rasd search --format jsonl` for h and a newline into *out
 * (malloc'd, NUL-terminated; the caller frees):
 * {"type":"hit","id","outlet","url","published","title","score","snippet","matches"}.
 * Returns RASD_OK, RASD_EINVAL, RASD_ENOMEM. */
int rasd_hit_json(const rasd_hit *h, char **out, size_t *len);

/* The coordinates of place id in the gazetteer (data/places*.tsv): *lat and *lon as
 * written there (static, NUL-terminated decimal degrees).  Returns RASD_OK, RASD_ENOTFOUND
 * (no such place, or one without coordinates), RASD_EINVAL, RASD_ENOMEM. */
int rasd_place_coords(const char *id, const char **lat, const char **lon);

/* The ISO country code (lower case, "sy") of place id, a country's own included, into
 * *cc (static).  Returns RASD_OK, RASD_ENOTFOUND, RASD_EINVAL, RASD_ENOMEM. */
int rasd_place_country(const char *id, const char **cc);

/* 1 when place `inner` lies in place `outer` or is it (a facility in its town, a town in
 * its province and country), 0 otherwise or when either is unknown. */
int rasd_place_within(const char *inner, const char *outer);

/* --------------------------------------------------------------------- passages */
/* (src/story/psg.c) Text that two articles share after search normalization and light
 * stemming, tolerant of small edits (a changed, inserted or dropped word; spelling variants
 * that normalization folds, such as «آذار/اذار»).  Found through winnowed 5-word shingle
 * fingerprints, then shared shingles chained into passages. */

/* Fewest words a reported passage has. */
#define RASD_PSG_MIN_WORDS 8

/* A passage of document `doc` that also stands in document `other`. */
typedef struct rasd_passage {
    uint32_t doc, other;             /* the caller's document numbers */
    uint32_t start, end;             /* bytes of the passage in doc's text, end exclusive */
    uint32_t other_start, other_end; /* bytes of the matching text in other's text */
    uint32_t words;                  /* words of the passage on doc's side */
} rasd_passage;

/* Winnowed shingle fingerprints of text[0..len), sorted ascending without duplicates, into
 * *out (malloc'd; the caller frees it with free()) and *n.  Two texts that share a run of
 * RASD_PSG_MIN_WORDS words share at least one fingerprint, so a store can keep these
 * (hash -> article) to find candidate articles without comparing all pairs.  Invalid UTF-8
 * is replaced, not refused.  Returns RASD_OK, RASD_ENOMEM or RASD_ETOOBIG (texts over
 * 4 GiB); on failure *out is NULL and *n 0. */
int rasd_psg_fingerprints(const char *text, size_t len, uint64_t **out, size_t *n);

/* The passages text a[0..alen) shares with b[0..blen), a's side in doc order, into *out
 * (malloc'd array, the caller frees it with free(); NULL when *n is 0).  doc is set to 0 and
 * other to 1.  `common` (sorted ascending, may be NULL with ncommon 0) lists fingerprints
 * that occur in too many articles to mean copying (boilerplate): a passage most of whose
 * fingerprints are common is left out, and so is one with fewer than 4 content words (not
 * function words, not a name-and-title string of data/story_titles.tsv; numbers count).
 * Returns RASD_OK, RASD_ENOMEM or RASD_ETOOBIG. */
int rasd_psg_align(const char *a, size_t alen, const char *b, size_t blen,
                   const uint64_t *common, size_t ncommon, rasd_passage **out, size_t *n);

/* An in-memory passage index over many texts. */
typedef struct rasd_psg_index rasd_psg_index;

/* Creates an empty index in *out.  A fingerprint counts as boilerplate when the articles
 * holding it were published on more than 8 distinct days (unknown days count as one): a
 * footer or a set phrase recurs, a wire report copied by many outlets comes out within
 * days.  The count is fixed, so adding unrelated articles changes nothing.  Passages with
 * too few content words are left out as by rasd_psg_align.  Returns RASD_OK or
 * RASD_ENOMEM. */
int rasd_psg_index_create(rasd_psg_index **out);

/* Adds text[0..len) as document number `doc` (any uint32 the caller picks; adding a number
 * twice replaces nothing and is RASD_EINVAL), published on `day` (days since 1970-01-01,
 * or RASD_DAY_UNKNOWN).  The index keeps the pointer: the text must stay valid and
 * unchanged until the index is freed.  Returns RASD_OK, RASD_EINVAL, RASD_ENOMEM or
 * RASD_ETOOBIG. */
int rasd_psg_index_add(rasd_psg_index *ix, uint32_t doc, int32_t day, const char *text,
                       size_t len);

/* The passages document `doc` shares with every other indexed document, ordered by start
 * then other, into *out (malloc'd, the caller frees it with free(); NULL when *n is 0).
 * Only documents sharing a non-boilerplate fingerprint with doc are aligned.
 * Returns RASD_OK, RASD_ENOTFOUND (doc was never added) or RASD_ENOMEM. */
int rasd_psg_index_find(const rasd_psg_index *ix, uint32_t doc, rasd_passage **out,
                        size_t *n);

/* Releases the index (not the texts); NULL is a no-op. */
void rasd_psg_index_free(rasd_psg_index *ix);

/* Writes one passage record of the stories contract, with doc ids `doc` and `other`,
 * and a newline: {"type":"passage","doc":..,"start":..,...,"words":..}.  *out is a
 * malloc'd NUL-terminated string the caller frees.  Returns RASD_OK or RASD_ENOMEM. */
int rasd_passage_json(const rasd_passage *p, const char *doc, const char *other,
                      char **out, size_t *len);

/* --------------------------------------------------------------------- days */
/* Dates are handled as days since 1970-01-01 (proleptic Gregorian). */
#define RASD_DAY_UNKNOWN INT32_MIN

/* Parses "YYYY-MM-DD" (more may follow: "2015-07-21 02:51:32") from s[0..len) into
 * *day.  Returns RASD_OK or RASD_EPARSE (then *day is RASD_DAY_UNKNOWN). */
int rasd_day_parse(const char *s, size_t len, int32_t *day);

/* Writes day as "YYYY-MM-DD" and a NUL into out[11].  RASD_DAY_UNKNOWN gives "". */
void rasd_day_format(int32_t day, char out[11]);

/* --------------------------------------------------------------------- stories */
/* (src/story/clu.c) Articles about the same event, grouped incrementally: an article joins
 * the best story that may take it when its similarity clears a threshold, else it starts a
 * story.  Similarity is the cosine of TF-IDF vectors over light stems (title words weigh
 * triple; document frequencies as seen so far) with the story's fading centroid, plus
 * agreement of the places and groups its figures and its title and lead name (lead_places,
 * lead_groups), weighted by their specificity among
 * the articles seen.  Days count from a story's first day: any similar article in its
 * first days, then only an anchored one (a shared town, a specific side, a close title) up
 * to a cap of 10 days, past which only a continuing battle goes on; a recurring-topic item
 * (data/story_threads.tsv) joins only a story of its own day; an article that fits two
 * stories of overlapping days with close centroids merges them (README: "How stories are
 * formed").  Pure computation over rows: no store involved. */

#define RASD_STORY_WINDOW 7

/* One article as the clusterer sees it.  Strings need not outlive the call. */
typedef struct rasd_story_input {
    int64_t key;               /* the caller's stable key (a store rowid); the story's key
                                  is the smallest of its articles' */
    int32_t day;               /* publication day, or RASD_DAY_UNKNOWN */
    const char *title;         /* may be NULL with title_len 0 */
    size_t title_len;
    const char *text;
    size_t text_len;
    const char *const *places; /* place ids it names, repeated once per figure/mention */
    size_t nplaces;
    const char *const *groups; /* group ids of its figures, repeated likewise */
    size_t ngroups;
    const char *const *lead_places; /* place ids its title and lead name, once per naming
                                       (rasd_extract_names): what it is about, told by
                                       reports whose figures name no place */
    size_t nlead_places;
    const char *const *lead_groups; /* group ids of the sides they name, likewise */
    size_t nlead_groups;
} rasd_story_input;

/* A story: its articles and what they name. */
typedef struct rasd_story {
    int64_t key;          /* smallest key of its articles: ids are "s<key>" */
    int32_t first, last;  /* publication days of its earliest and latest article */
    size_t *docs;         /* article numbers (order of adding, from 0), by (day, number) */
    size_t ndocs;
    char **places;        /* place ids, most named first (ties: by id) */
    size_t nplaces;
    char **groups;        /* group ids, most named first (ties: by id) */
    size_t ngroups;
} rasd_story;

typedef struct rasd_clusterer rasd_clusterer;

/* Creates an empty clusterer in *out.  Returns RASD_OK or RASD_ENOMEM. */
int rasd_clusterer_create(rasd_clusterer **out);

/* Adds the next article (numbered 0, 1, 2... in order of adding) and assigns it to a story;
 * *story (may be NULL) gets the story's number, stories being numbered 0, 1, 2... in the
 * order they were started (a story merged into another is not in later snapshots).  Adding articles in publication order, one by one or in any
 * number of sittings, gives the same stories as rasd_stories_build.  An article more than
 * 5 days older than the newest one added can no longer join the stories of its days (they
 * have left the index) and starts its own.  Returns RASD_OK,
 * RASD_EINVAL (a NULL pointer with a non-zero count), RASD_ETOOBIG (2^32 articles) or
 * RASD_ENOMEM (the clusterer may then hold part of the article: only free it). */
int rasd_clusterer_add(rasd_clusterer *c, const rasd_story_input *a, size_t *story);

/* A snapshot of the stories so far into *out (malloc'd array of *n; free with
 * rasd_stories_free), ordered by first day, then by when their first article was added.
 * Returns RASD_OK or RASD_ENOMEM. */
int rasd_clusterer_stories(const rasd_clusterer *c, rasd_story **out, size_t *n);

/* Releases the clusterer; NULL is a no-op. */
void rasd_clusterer_free(rasd_clusterer *c);

/* The clusterer's whole state as bytes into *out (malloc'd, *len bytes; the caller frees):
 * what rasd_clusterer_load needs to go on adding articles with the same stories as if c
 * had never been put away.  Centroids of stories that can no longer take an article are
 * left out.  Returns RASD_OK, RASD_EINVAL or RASD_ENOMEM. */
int rasd_clusterer_save(const rasd_clusterer *c, char **out, size_t *len);

/* A clusterer in *out (free with rasd_clusterer_free) from state[0..len) as
 * rasd_clusterer_save wrote it, with this build's data files.  Returns RASD_OK,
 * RASD_EINVAL, RASD_EPARSE (not a state of this version and machine, or damaged: group
 * afresh) or RASD_ENOMEM. */
int rasd_clusterer_load(const void *state, size_t len, rasd_clusterer **out);

/* The keys of the articles added so far, in order of adding (*keys[0..*n), valid until the
 * next rasd_clusterer_add or free).  Returns RASD_OK or RASD_EINVAL. */
int rasd_clusterer_keys(const rasd_clusterer *c, const int64_t **keys, size_t *n);

/* Batch grouping: adds a[0..n) in publication order (day, then key; unknown days last)
 * to a fresh clusterer and returns its stories as rasd_clusterer_stories does, with doc
 * numbers being indexes into a.  Returns RASD_OK, RASD_EINVAL or RASD_ENOMEM. */
int rasd_stories_build(const rasd_story_input *a, size_t n, rasd_story **out, size_t *nout);

/* Releases an array of n stories; NULL is a no-op. */
void rasd_stories_free(rasd_story *s, size_t n);

/* Writes the story record of the stories contract and a newline into *out (malloc'd,
 * NUL-terminated; the caller frees): doc ids are ids[s->docs[i]], the title is title.
 * Returns RASD_OK or RASD_ENOMEM. */
int rasd_story_json(const rasd_story *s, const char *title, const char *const *ids,
                    char **out, size_t *len);

/* --------------------------------------------------------------------- figure series */
/* (src/story/ser.c) The figures of one story lined up per category, group and place by
 * date, with the estimate rule (README: "Figure timelines and the estimate rule"):
 * series join at the most specific place reported (a prison, its quarter and its town are
 * one series); a figure placed only in a country, or nowhere, joins a site's series only
 * when the story is about one site; a war's or a period's totals («منذ اندلاع») are their
 * own series.  A point is dated by the day it refers to, a toll so far by its report.  A
 * figure is partial when its clause has a partial cue (data/story_cues.tsv, e.g.
 * «في غارة») and no cumulative cue («حصيلة», «ارتفع»), or when it is less than half an
 * earlier cumulative figure of the same named source.  The estimate is a range over the
 * credible cumulative figures of the latest day (a party's count of another side's people
 * is never credible) with, as best value, the figure of the best-ranked source
 * (data/story_sources.tsv), then the most cited, then the higher; only a series without
 * cumulative figures takes partial ones.  A count below an earlier day's toll so far, with
 * no cumulative cue, is partial; a series whose most a day counts falls below an earlier
 * day's most (within 10 days), the latest day giving no toll so far, counts separate
 * incidents and has no estimate (`separate`).  Conflicts are same-day figures whose bounds
 * («28 على الأقل», «نحو 30») leave no common value. */

#define RASD_NOVAL INT64_MIN

/* One figure of the story, as read from the store. Strings must outlive the series. */
typedef struct rasd_series_fig {
    const char *doc;        /* document id */
    const char *outlet;     /* may be NULL */
    int32_t doc_day;        /* the article's publication day, or RASD_DAY_UNKNOWN; dates a
                               toll so far (a cumulative cue) and a figure without day */
    int32_t day;            /* the day the figure refers to, or RASD_DAY_UNKNOWN; dates the
                               point unless it is a toll so far or after doc_day */
    const char *category;   /* never NULL */
    const char *group;      /* NULL counts as "unknown" */
    const char *location;   /* may be NULL */
    const char *source;     /* may be NULL */
    const char *qualifier;  /* may be NULL ("exact") */
    int64_t value, low, high; /* RASD_NOVAL for null */
    uint32_t start, end;    /* evidence bytes in the article */
    const char *sentence;   /* the sentence it stands in (for cues), may be NULL */
    size_t sentence_len;
    uint32_t sentence_start;/* the sentence's offset in the article: cues are read in the
                               figure's clause when start..end falls inside the sentence,
                               else in the whole sentence */
} rasd_series_fig;

typedef struct rasd_series_conflict {
    int32_t day;
    int64_t *values;        /* distinct values, ascending */
    size_t nvalues;
    size_t *figs;           /* the figures carrying them */
    size_t nfigs;
} rasd_series_conflict;

typedef struct rasd_series {
    const char *category, *group, *location; /* point into the figures; location may be NULL */
    size_t *points;          /* figure indexes by (point day, day, doc, start) */
    uint8_t *partial;        /* per point: 1 when the figure is partial */
    uint8_t *rank;           /* per point: its source's rank, 1 trusted most */
    uint8_t *claim;          /* per point: 1 for a party's count of another side's people */
    int32_t *days;           /* per point: its date (may be unknown) */
    size_t npoints;
    int has_estimate;
    size_t estimate;         /* figure index of the estimate, when has_estimate */
    int estimate_partial;    /* 1 when no cumulative figure exists */
    int64_t estimate_low, estimate_high; /* the range of the estimate's day, when has_estimate */
    int estimate_rank;       /* rank of the estimate's source */
    unsigned estimate_ranks; /* bit r set when a figure of rank r is in the range */
    int war;                 /* 1 for the totals of a whole war or period («منذ اندلاع») */
    int separate;            /* 1 when its points count separate incidents (a later day's
                                count below an earlier day's, with no cue of a toll so
                                far): no one figure is the toll, so it has no estimate */
    rasd_series_conflict *conflicts;
    size_t nconflicts;
} rasd_series;

/* Lines up figs[0..n) into series (*out, *nout; free with rasd_series_free), ordered by
 * category, group, location, then event before war series, as the rule above says.
 * Returns RASD_OK, RASD_EINVAL (figs NULL with n) or RASD_ENOMEM. */
int rasd_series_build(const rasd_series_fig *figs, size_t n, rasd_series **out,
                      size_t *nout);

/* Releases n series; NULL is a no-op. */
void rasd_series_free(rasd_series *s, size_t n);

/* 1 when figure f counts as partial by its own cues (without the earlier-figure test). */
int rasd_series_partial_cue(const rasd_series_fig *f);

/* Writes the series record of the stories contract for story `story` and a newline into
 * *out (malloc'd, NUL-terminated; the caller frees).  Returns RASD_OK or RASD_ENOMEM. */
int rasd_series_json(const rasd_series *s, const rasd_series_fig *figs, const char *story,
                     char **out, size_t *len);

/* --------------------------------------------------------------------- stories in the store */
/* (src/story/psg_store.c, clu_store.c, ser_store.c) The computations above over a
 * rasd_store's articles and figures, read and written through the store's backend
 * (src/store/backend.h); in SQLite their tables (psg_fp, psg_done, stories,
 * story_articles, story_stamp, story_state) come from migrations in
 * src/store/sqlite/sqlite_schema.c. */

/* The tables derived from the articles (stories, the passage index) are written only by
 * rasd_store_refresh and rasd_store_index_passages, which `rasd ingest` calls at the end of
 * its run.  Reads (rasd_store_stories, rasd_store_series, rasd_store_passages,
 * rasd_store_export) never write: when those tables miss articles (a store of an older
 * version, a run interrupted before its update) they compute what they need for the
 * handle alone, in TEMP tables that are gone when it is freed. */
enum {
    RASD_STALE_STORIES = 1u << 0,  /* the stored stories are not those of the articles */
    RASD_STALE_PASSAGES = 1u << 1  /* some articles are not in the passage index */
};

/* Which derived tables miss articles now: *stale gets RASD_STALE_* bits (0: all current).
 * Returns RASD_OK, RASD_EINVAL, RASD_EDB. */
int rasd_store_stale(rasd_store *s, unsigned *stale);

/* Brings the stored stories and the passage index up to date (commits any batch in
 * flight first).  Returns RASD_OK, RASD_EINVAL, RASD_EDB (also on a read-only handle),
 * RASD_ENOMEM. */
int rasd_store_refresh(rasd_store *s);

/* A passage of a stored article; pointers live until the callback returns. */
typedef struct rasd_passage_rec {
    rasd_passage p;            /* doc and other are the articles' store sequence numbers */
    const char *doc, *other;   /* article ids */
    const char *other_outlet;  /* may be NULL */
    const char *text;          /* doc's text (p.start..p.end are offsets into it) */
    const char *other_text;    /* other's text */
} rasd_passage_rec;
typedef int (*rasd_passage_fn)(void *ctx, const rasd_passage_rec *r);

/* Fingerprints every stored article that has none yet (the passage index is kept in the
 * store and grows with it); *indexed (may be NULL) gets how many were added.  Returns
 * RASD_OK, RASD_EDB, RASD_ENOMEM. */
int rasd_store_index_passages(rasd_store *s, size_t *indexed);

/* Calls fn for each passage the article `doc`
 * (its id) shares with other stored articles, by start then other; a non-zero return from
 * fn stops without error.  A fingerprint is boilerplate when its articles fall in more
 * than 8 distinct units, a unit being a stored story (main.story_articles, as last stored)
 * or, for an article in none, its outlet and publication day; content words are required
 * as by rasd_psg_align.  Returns RASD_OK, RASD_ENOTFOUND (no such article), RASD_EDB,
 * RASD_ENOMEM. */
int rasd_store_passages(rasd_store *s, const char *doc, rasd_passage_fn fn, void *ctx);

/* A stored story; pointers live until the callback returns. */
typedef struct rasd_story_rec {
    const char *id;            /* "s" and the smallest store sequence number of its articles */
    const char *title;         /* its earliest article's title (else its first line) */
    const char *first, *last;  /* YYYY-MM-DD, or "" when no article has a date */
    const char *const *docs;   /* article ids in publication order */
    size_t ndocs;
    const char *const *places; /* place ids, most named first */
    size_t nplaces;
    const char *const *groups; /* group ids of its figures, most named first */
    size_t ngroups;
} rasd_story_rec;
typedef int (*rasd_story_fn)(void *ctx, const rasd_story_rec *r);

/* Calls fn (may be NULL) per story of the stored articles, ordered by first day: the
 * stored stories, or when the articles changed since they were stored, the articles
 * grouped afresh for this handle (in publication order through a rasd_clusterer, places
 * from place mentions and figure locations, groups from figures).  A non-zero return from fn
 * stops without error.  Returns RASD_OK, RASD_EDB, RASD_ENOMEM. */
int rasd_store_stories(rasd_store *s, rasd_story_fn fn, void *ctx);

/* The story record of the stories contract and a newline, as rasd_story_json. */
int rasd_story_rec_json(const rasd_story_rec *r, char **out, size_t *len);

/* Called per series; figs are the story's figures the series' indexes refer to. */
typedef int (*rasd_series_fn)(void *ctx, const rasd_series *se, const rasd_series_fig *figs);

/* Takes the stories as rasd_store_stories does, then lines up the figures of the
 * articles of story `story` (an id such as "s17") and calls fn per series in
 * rasd_series_build's order.  Returns RASD_OK, RASD_ENOTFOUND (no such story), RASD_EDB,
 * RASD_ENOMEM. */
int rasd_store_series(rasd_store *s, const char *story, rasd_series_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif /* RASD_H */
