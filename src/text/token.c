/* rasd_tokenize: one left-to-right pass over the normalized text.  ASCII and the Arabic
 * block are classified by table; other characters by their Unicode category (utf8proc). */
#include "text/token.h"
#include "text/utf8.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* U+0600..U+06FF by low byte. */
const uint8_t tok_arabic_class[256] = {
    [0x00 ... 0x05] = TC_OTHER,      /* number signs */
    [0x06 ... 0x08] = TC_OTHER,
    [0x09 ... 0x0A] = TC_PUNCT,      /* per mille, per ten thousand */
    [0x0B] = TC_OTHER,
    [0x0C ... 0x0D] = TC_PUNCT,
    [0x0E ... 0x0F] = TC_OTHER,
    [0x10 ... 0x1A] = TC_MARK,
    [0x1B] = TC_PUNCT,
    [0x1C] = TC_IGNORE,
    [0x1D ... 0x1F] = TC_PUNCT,
    [0x20 ... 0x3F] = TC_ARABIC,
    [0x40] = TC_MARK,                /* tatweel */
    [0x41 ... 0x4A] = TC_ARABIC,
    [0x4B ... 0x5F] = TC_MARK,
    [0x60 ... 0x69] = TC_DIGIT,
    [0x6A ... 0x6D] = TC_PUNCT,
    [0x6E ... 0x6F] = TC_ARABIC,
    [0x70] = TC_MARK,
    [0x71 ... 0xD3] = TC_ARABIC,
    [0xD4] = TC_PUNCT,
    [0xD5] = TC_ARABIC,
    [0xD6 ... 0xDC] = TC_MARK,
    [0xDD ... 0xDE] = TC_OTHER,
    [0xDF ... 0xE4] = TC_MARK,
    [0xE5 ... 0xE6] = TC_ARABIC,
    [0xE7 ... 0xE8] = TC_MARK,
    [0xE9] = TC_OTHER,
    [0xEA ... 0xED] = TC_MARK,
    [0xEE ... 0xEF] = TC_ARABIC,
    [0xF0 ... 0xF9] = TC_DIGIT,
    [0xFA ... 0xFC] = TC_ARABIC,
    [0xFD ... 0xFE] = TC_OTHER,
    [0xFF] = TC_ARABIC,
};

const uint8_t tok_ascii_class[128] = {
    [0x00 ... 0x09] = TC_SPACE,
    [0x0A] = TC_NL,
    [0x0B ... 0x1F] = TC_SPACE,
    [' '] = TC_SPACE,
    ['!' ... '/'] = TC_PUNCT,
    ['0' ... '9'] = TC_DIGIT,
    [':' ... '@'] = TC_PUNCT,
    ['A' ... 'Z'] = TC_LETTER,
    ['[' ... '`'] = TC_PUNCT,
    ['a' ... 'z'] = TC_LETTER,
    ['{' ... '~'] = TC_PUNCT,
    [0x7F] = TC_SPACE,
};

static int arabic_script_range(uint32_t cp)
{
    return (cp >= 0x0750 && cp <= 0x077F) || (cp >= 0x0870 && cp <= 0x08FF) ||
           (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF);
}

enum tok_class tok_class_cp(uint32_t cp)
{
    if (cp < 0x80)
        return (enum tok_class)tok_ascii_class[cp];
    if (cp >= 0x600 && cp <= 0x6FF)
        return (enum tok_class)tok_arabic_class[cp & 0xFF];
    if (cp == 0x85 || cp == 0x2028 || cp == 0x2029)
        return TC_NL;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return arabic_script_range(cp) ? TC_ARABIC : TC_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return TC_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return TC_MARK;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return TC_PUNCT;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_CC:
        return TC_SPACE;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return TC_NL;
    case UTF8PROC_CATEGORY_CF:
        return TC_IGNORE;
    default:
        return TC_OTHER;
    }
}

enum tok_class tok_class_slow(const char *s, size_t n, size_t i, uint32_t *cp, int *clen)
{
    int k = utf8_decode((const unsigned char *)s + i, n - i, cp);
    if (k < 0) {
        *clen = 1;
        return TC_OTHER;
    }
    *clen = k;
    return tok_class_cp(*cp);
}

uint32_t tok_orig_start(const rasd_text *t, size_t ns)
{
    return t->map ? t->map[ns] : (uint32_t)ns;
}

static inline uint32_t orig_end(const rasd_text *t, size_t ne)
{
    if (!t->map)
        return (uint32_t)ne;
    if (ne == 0)
        return t->map[0];
    uint32_t last = t->map[ne - 1];
    size_t k = ne;
    while (k < t->len && t->map[k] == last)
        k++;
    return t->map[k] > last ? t->map[k] : last;
}

int rasd_text_span(const rasd_text *t, size_t nstart, size_t nend, uint32_t *start,
                   uint32_t *end)
{
    if (!t || nstart > nend || nend > t->len)
        return RASD_EINVAL;
    uint32_t a = tok_orig_start(t, nstart);
    uint32_t b = nend > nstart ? orig_end(t, nend) : a;
    if (start)
        *start = a;
    if (end)
        *end = b > a ? b : a;
    return RASD_OK;
}

uint32_t tok_orig_end(const rasd_text *t, size_t ne)
{
    return orig_end(t, ne);
}

uint32_t tok_first_cp(const rasd_text *t, const rasd_token *k)
{
    if (k->nend <= k->nstart)
        return 0;
    uint32_t cp;
    int clen;
    tok_class_at(t->s, k->nend, k->nstart, &cp, &clen);
    return cp;
}

struct tvec {
    rasd_token *v;
    size_t n, cap;
};

static int tvec_push(struct tvec *tv, const rasd_text *t, size_t ns, size_t ne, int kind,
                     int nl)
{
    if (tv->n == tv->cap) {
        size_t cap = tv->cap ? tv->cap * 2 : 64;
        rasd_token *v = realloc(tv->v, cap * sizeof *v);
        if (!v)
            return -1;
        tv->v = v;
        tv->cap = cap;
    }
    rasd_token *k = &tv->v[tv->n++];
    k->nstart = (uint32_t)ns;
    k->nend = (uint32_t)ne;
    k->start = tok_orig_start(t, ns);
    k->end = orig_end(t, ne);
    if (k->end < k->start)
        k->end = k->start;
    k->kind = (uint8_t)kind;
    k->nl = (uint8_t)(nl > 2 ? 2 : nl);
    return 0;
}

/* Extends a word from i over characters of class `cls`, marks and format characters;
 * returns its end (trailing format characters excluded). */
static size_t scan_word(const char *s, size_t n, size_t i, enum tok_class cls, int digits)
{
    size_t end = i;
    while (i < n) {
        uint32_t cp;
        int clen;
        enum tok_class c = tok_class_at(s, n, i, &cp, &clen);
        if (c == cls || c == TC_MARK || (digits && c == TC_DIGIT && cp < 0x80)) {
            i += (size_t)clen;
            end = i;
        } else if (c == TC_IGNORE) {
            i += (size_t)clen;
        } else {
            break;
        }
    }
    return end;
}

/* The Arabic block's two-byte sequences by their two bytes loaded as one: 1 for a letter or
 * mark, which continues a word; 2 for any other character of the block, which ends it; 0
 * for bytes that are not such a sequence.  One load per character instead of a check and
 * a class lookup: most of the bytes of Arabic news go through scan_arabic. */
static uint8_t ar_pair[1u << 16];
static pthread_once_t ar_pair_once = PTHREAD_ONCE_INIT;

static void ar_pair_init(void)
{
    for (unsigned low = 0; low < 256; low++) {
        unsigned c = tok_arabic_class[low];
        unsigned char b[2] = {(unsigned char)(0xD8u | (low >> 6)),
                              (unsigned char)(0x80u | (low & 0x3Fu))};
        uint16_t v;
        memcpy(&v, b, 2); /* indexed as scan_arabic loads it, whatever the byte order */
        ar_pair[v] = (c == TC_ARABIC || c == TC_MARK) ? 1 : 2;
    }
}

/* scan_word for Arabic words, with the Arabic block on a tight loop. */
static size_t scan_arabic(const char *s, size_t n, size_t i)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t end = i;
    for (;;) {
        while (i + 1 < n) {
            uint16_t v;
            memcpy(&v, u + i, 2);
            unsigned a = ar_pair[v];
            if (a != 1) {
                if (a == 2)
                    return end;
                break;
            }
            i += 2;
            end = i;
        }
        if (i >= n || u[i] < 0x80)
            return end;
        uint32_t cp;
        int clen;
        enum tok_class c = tok_class_slow(s, n, i, &cp, &clen);
        if (c == TC_ARABIC || c == TC_MARK)
            end = i + (size_t)clen;
        else if (c != TC_IGNORE)
            return end;
        i += (size_t)clen;
    }
}

static int is_num_sep(uint32_t cp)
{
    return cp == ',' || cp == '.' || cp == 0x066B || cp == 0x066C;
}

/* Digits, with , . ٫ ٬ only between two digits. */
static size_t scan_number(const char *s, size_t n, size_t i)
{
    while (i < n) {
        uint32_t cp;
        int clen;
        enum tok_class c = tok_class_at(s, n, i, &cp, &clen);
        if (c == TC_DIGIT) {
            i += (size_t)clen;
            continue;
        }
        if (is_num_sep(cp) && i + (size_t)clen < n) {
            uint32_t cp2;
            int clen2;
            if (tok_class_at(s, n, i + (size_t)clen, &cp2, &clen2) == TC_DIGIT) {
                i += (size_t)clen + (size_t)clen2;
                continue;
            }
        }
        break;
    }
    return i;
}

static int prefix_ci(const char *s, size_t n, size_t i, const char *p)
{
    size_t k = strlen(p);
    if (n - i < k)
        return 0;
    for (size_t j = 0; j < k; j++) {
        char c = s[i + j];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != p[j])
            return 0;
    }
    return 1;
}

static int url_stop(enum tok_class c, uint32_t cp)
{
    return c == TC_SPACE || c == TC_NL || cp == '"' || cp == '<' || cp == '>' ||
           cp == 0xAB || cp == 0xBB || cp == 0x201C || cp == 0x201D || cp == 0x060C;
}

/* A URL from i (which starts with http://, https:// or www.) to the next blank or quote,
 * without trailing sentence punctuation.  Returns i when there is no URL here. */
static size_t scan_url(const char *s, size_t n, size_t i)
{
    size_t head;
    if (prefix_ci(s, n, i, "http://"))
        head = 7;
    else if (prefix_ci(s, n, i, "https://"))
        head = 8;
    else if (prefix_ci(s, n, i, "www."))
        head = 4;
    else
        return i;
    size_t j = i, open = 0, close = 0;
    while (j < n) {
        uint32_t cp;
        int clen;
        enum tok_class c = tok_class_at(s, n, j, &cp, &clen);
        if (url_stop(c, cp))
            break;
        open += cp == '(';
        close += cp == ')';
        j += (size_t)clen;
    }
    while (j > i + head) {
        char c = s[j - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
            c == '\'' || (c == ')' && close > open)) {
            close -= c == ')';
            j--;
        } else {
            break;
        }
    }
    return j > i + head ? j : i;
}

int tok_words(const rasd_text *t, rasd_tokens *out)
{
    struct tvec tv = {0};
    int rc = RASD_OK;
    if (!out)
        return RASD_EINVAL;
    memset(out, 0, sizeof *out);
    if (!t || (!t->s && t->len))
        return RASD_EINVAL;
    pthread_once(&ar_pair_once, ar_pair_init);
    const char *s = t->s;
    size_t n = t->len, i = 0;
    int nl = 0;
    /* About one token per six bytes of Arabic news. */
    tv.cap = n / 6 + 16;
    tv.v = malloc(tv.cap * sizeof *tv.v);
    if (!tv.v) {
        rc = RASD_ENOMEM;
        goto out;
    }
    while (i < n) {
        uint32_t cp = 0;
        int clen = 2;
        enum tok_class c;
        size_t end;
        int kind;
        uint16_t v;
        if (s[i] == ' ') { /* the usual separator, and the usual start below: no more */
            i++;
            continue;
        }
        if (i + 1 < n && (memcpy(&v, s + i, 2), ar_pair[v] == 1))
            c = TC_ARABIC; /* or TC_MARK: read alike */
        else
            c = tok_class_at(s, n, i, &cp, &clen);
        switch (c) {
        case TC_SPACE:
        case TC_IGNORE:
            i += (size_t)clen;
            continue;
        case TC_NL:
            nl++;
            i += (size_t)clen;
            continue;
        case TC_ARABIC:
        case TC_MARK:
            end = scan_arabic(s, n, i);
            kind = RASD_TOK_ARABIC;
            break;
        case TC_LETTER:
            end = scan_url(s, n, i);
            kind = RASD_TOK_URL;
            if (end == i) {
                end = scan_word(s, n, i, TC_LETTER, 1);
                kind = RASD_TOK_LATIN;
            }
            break;
        case TC_DIGIT:
            end = scan_number(s, n, i);
            kind = RASD_TOK_NUMBER;
            if (end < n) {
                /* 5G, 19th, F16 read as one word. */
                uint32_t cp2;
                int clen2;
                if (tok_class_at(s, n, end, &cp2, &clen2) == TC_LETTER) {
                    end = scan_word(s, n, end, TC_LETTER, 1);
                    kind = RASD_TOK_LATIN;
                }
            }
            break;
        case TC_PUNCT:
            end = i + (size_t)clen;
            kind = RASD_TOK_PUNCT;
            break;
        default:
            end = i + (size_t)clen;
            kind = RASD_TOK_OTHER;
            break;
        }
        if (tvec_push(&tv, t, i, end, kind, nl)) {
            rc = RASD_ENOMEM;
            goto out;
        }
        nl = 0;
        i = end;
    }
    out->tok = tv.v;
    out->ntok = tv.n;
    return RASD_OK;
out:
    free(tv.v);
    return rc;
}

int rasd_tokenize(const rasd_text *t, rasd_tokens *out)
{
    int rc = tok_words(t, out);
    if (rc == RASD_OK && (rc = tok_sentences(t, out)) != RASD_OK)
        rasd_tokens_free(out);
    return rc;
}

void rasd_tokens_free(rasd_tokens *tk)
{
    if (!tk)
        return;
    free(tk->tok);
    free(tk->sent);
    memset(tk, 0, sizeof *tk);
}
