/* Copied passages: words of a text as hashes with their original spans, shingles,
 * winnowed fingerprints and the chaining of shared shingles into passages. */
#ifndef RASD_STORY_PSG_H
#define RASD_STORY_PSG_H
#include "rasd.h"
#include <stddef.h>
#include <stdint.h>

/* Words per shingle, and the winnowing window in shingles: any shared run of
 * PSG_K + PSG_W - 1 = 8 words shares at least one fingerprint. */
#define PSG_K 5
#define PSG_W 4

/* One word of a text: the hash of its search-normalized light stem and its bytes in the
 * original text. */
struct psg_word {
    uint64_t h;
    uint64_t raw;         /* hash of the normalized word before stemming */
    uint32_t start, end;
    uint8_t number;       /* 1 for a digit token */
};

struct psg_words {
    struct psg_word *w;
    size_t n;
};

/* Splits text[0..len) into words (Arabic, Latin and number tokens; punctuation dropped).
 * Invalid UTF-8 is replaced, never refused.  Returns RASD_OK or RASD_ENOMEM/RASD_ETOOBIG;
 * *out is empty on failure.  Free with psg_words_free. */
int psg_words(const char *text, size_t len, struct psg_words *out);
void psg_words_free(struct psg_words *w);

/* 64-bit hash of bytes (FNV-1a then a final mix). */
uint64_t psg_hash(const void *p, size_t n);

/* A winnowed fingerprint: a shingle hash and the word position its shingle starts at. */
struct psg_fp {
    uint64_t h;
    uint32_t pos;
};

/* Winnowed fingerprints of w into *out (malloc'd, caller frees), in position order.
 * Returns RASD_OK or RASD_ENOMEM. */
int psg_winnow(const struct psg_words *w, struct psg_fp **out, size_t *n);

/* Fingerprints that make a passage not worth reporting, each list sorted ascending (NULL
 * with 0 when none): a passage most of whose fingerprints are `common` (boilerplate) is
 * dropped, and so is one shorter than PSG_FORMULA_WORDS most of whose fingerprints are
 * `frequent` (a set phrase such as a king's full title, in many articles of a few days). */
struct psg_filter {
    const uint64_t *common;
    size_t ncommon;
    const uint64_t *frequent;
    size_t nfrequent;
};
#define PSG_FORMULA_WORDS 12
/* A fingerprint is frequent in more articles than this, `limit` being the boilerplate
 * count: a short run shared by that many articles is a set phrase more often than a copy. */
#define PSG_FREQUENT(limit) ((limit) / 4 > 10 ? (limit) / 4 : 10)

/* Passages of at least RASD_PSG_MIN_WORDS words that a and b share, less those `f` (may be
 * NULL) rules out.  Fills doc/other with 0/1.  Returns RASD_OK or RASD_ENOMEM. */
int psg_align(const struct psg_words *a, const struct psg_words *b,
              const struct psg_filter *f, rasd_passage **out, size_t *n);

/* qsort order of passages: by start, then other document, then start in the other. */
int psg_cmp_passage(const void *x, const void *y);

/* A growable list of passages (zero-initialized when empty; free p). */
struct psg_list {
    rasd_passage *p;
    size_t n, cap;
};

/* Appends p[0..np) to l.  Returns RASD_OK, or RASD_ENOMEM with l unchanged. */
int psg_list_add(struct psg_list *l, const rasd_passage *p, size_t np);

#endif
