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

/* The title and name lexicon (data/story_titles.tsv) and function words that do not count
 * as a passage's content.  psg_names_create returns RASD_OK or RASD_ENOMEM. */
struct psg_names;
int psg_names_create(struct psg_names **out);
void psg_names_free(struct psg_names *m);

/* Words of w[i0..i1) that are neither function words nor part of a name-and-title string
 * (numbers count); all of them when m is NULL. */
size_t psg_content_words(const struct psg_names *m, const struct psg_words *w, size_t i0,
                         size_t i1);

/* Fewest content words a passage carries: a full title string («صاحب السمو الملكي الأمير
 * ... ولي العهد نائب رئيس مجلس الوزراء وزير الداخلية») carries none, a copied sentence of
 * reporting several. */
#define PSG_CONTENT_WORDS 4

/* A fingerprint is boilerplate when it stands in articles of more than this many distinct
 * units: stories, or for an article outside every story its outlet and day.  A wire report
 * is copied within its story, a footer or a set phrase recurs across many; a fixed count
 * keeps the decision the same however many unrelated articles the store holds. */
#define PSG_BOILER_UNITS 8

/* What rules passages out (NULL fields rule nothing out): a passage most of whose
 * fingerprints are `common` (sorted ascending) is boilerplate, and one with fewer than
 * PSG_CONTENT_WORDS content words by `names` is a set phrase. */
struct psg_filter {
    const uint64_t *common;
    size_t ncommon;
    const struct psg_names *names;
};

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
