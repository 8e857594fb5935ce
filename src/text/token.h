/* Character classes for tokenizing, and the tokenizer's internals shared with the
 * sentence splitter. */
#ifndef RASD_TEXT_TOKEN_H
#define RASD_TEXT_TOKEN_H
#include "rasd.h"
#include <stddef.h>
#include <stdint.h>

enum tok_class {
    TC_SPACE,   /* blanks and control characters */
    TC_NL,      /* a line break: LF, U+2028, U+2029, NEL */
    TC_ARABIC,  /* a letter of an Arabic script block */
    TC_MARK,    /* a combining mark or tatweel: continues the word it follows */
    TC_DIGIT,   /* 0-9, Arabic-Indic and Extended Arabic-Indic digits */
    TC_LETTER,  /* a letter of another script (Latin mostly) */
    TC_PUNCT,
    TC_IGNORE,  /* format characters (ZWNJ, bidi marks): inside a word, part of it */
    TC_OTHER
};

/* Classes of ASCII and of U+0600..U+06FF by low byte. */
extern const uint8_t tok_ascii_class[128];
extern const uint8_t tok_arabic_class[256];

/* tok_class_at for characters outside ASCII and the Arabic block. */
enum tok_class tok_class_slow(const char *s, size_t n, size_t i, uint32_t *cp, int *clen);

/* Classifies the character at s[i..n) (i < n); sets *cp and *clen (>= 1; an invalid byte
 * is a one-byte TC_OTHER with *cp 0xFFFD). */
static inline enum tok_class tok_class_at(const char *s_, size_t n, size_t i, uint32_t *cp,
                                          int *clen)
{
    const unsigned char *s = (const unsigned char *)s_;
    unsigned c = s[i];
    if (c < 0x80) {
        *cp = c;
        *clen = 1;
        return (enum tok_class)tok_ascii_class[c];
    }
    if ((c & 0xFC) == 0xD8 && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
        unsigned low = ((c & 0x03u) << 6) | (s[i + 1] & 0x3Fu);
        *cp = 0x600 + low;
        *clen = 2;
        return (enum tok_class)tok_arabic_class[low];
    }
    return tok_class_slow(s_, n, i, cp, clen);
}

/* Class of one code point. */
enum tok_class tok_class_cp(uint32_t cp);

/* Original byte span of the normalized span [ns, ne) of t (identity when t->map is NULL).
 * A span that ends inside the expansion of one original character (a ligature) extends to
 * that character's end. */
uint32_t tok_orig_start(const rasd_text *t, size_t ns);
uint32_t tok_orig_end(const rasd_text *t, size_t ne);

/* rasd_tokenize without the sentences (out->sent stays NULL), for callers that only need
 * the tokens: the sentence pass costs a sixth of the tokenizer's time. */
int tok_words(const rasd_text *t, rasd_tokens *out);

/* Sentence splitting over tokens already in tk (sentence.c). */
int tok_sentences(const rasd_text *t, rasd_tokens *tk);

/* First code point of token k (0 when it is empty). */
uint32_t tok_first_cp(const rasd_text *t, const rasd_token *k);

#endif
