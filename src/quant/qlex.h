/* The quantity and date lexicon: every word and phrase of data/numbers.tsv, vague.tsv,
 * qualifiers.tsv, units.tsv, count_nouns.tsv, months.tsv, weekdays.tsv, holidays.tsv and
 * relative_dates.tsv in one hash table keyed by its normalized spelling (phrases: words
 * joined by one space).  Built once per process, read-only afterwards. */
#ifndef RASD_QUANT_QLEX_H
#define RASD_QUANT_QLEX_H
#include <stddef.h>
#include <stdint.h>

/* Roles a key can have (bits of qent.roles). */
enum {
    QR_NUM = 1u << 0,     /* number word: numcls, numval */
    QR_ORD = 1u << 1,     /* ordinal word: ord */
    QR_VAGUE = 1u << 2,   /* vague quantity: vlow, vhigh, vscale */
    QR_QUAL = 1u << 3,    /* qualifier: qual, qafter */
    QR_UNIT = 1u << 4,    /* unit word: unit */
    QR_NOUN = 1u << 5,    /* dual form of a counted noun («جنديين»): count 2 */
    QR_MONTH = 1u << 6,   /* month name: month, hijri, mctx */
    QR_WDAY = 1u << 7,    /* weekday: wday */
    QR_REL = 1u << 8,     /* relative date: rgrain, roff */
    QR_DIR = 1u << 9,     /* direction word: dir */
    QR_GRAIN = 1u << 10,  /* time unit: grain, gcount */
    QR_PART = 1u << 11,   /* part of day: part, phour */
    QR_MPOS = 1u << 12,   /* position in a month: mlo, mhi */
    QR_CUE = 1u << 13,    /* date cue: cue bits */
    QR_HOLIDAY = 1u << 14, /* named day: hcal, hmonth, hday, hdays */
    QR_PHRASE = 1u << 15,  /* (in qtok.roles only) first word of a longer phrase */
    QR_INPHRASE = 1u << 16, /* a word that continues some phrase */
    QR_CHANGE = 1u << 17   /* a verb of change: «ارتفعت ... من 31 إلى 32» is 32, not a range */
};

/* Number word classes. */
enum { NC_ZERO = 1, NC_UNIT, NC_TEENUNIT, NC_TEN, NC_TEEN, NC_TENS, NC_HUNDRED,
       NC_HUNDREDS, NC_SCALE, NC_SCALES, NC_SCALE2, NC_POINT, NC_FRACTION,
       NC_SCALEACC };

/* Date cue bits. */
enum { CUE_YEAR = 1u << 0, CUE_MONTH = 1u << 1, CUE_DAY = 1u << 2, CUE_HOUR = 1u << 3,
       CUE_MINUTE = 1u << 4, CUE_LINK = 1u << 5, CUE_THIS = 1u << 6, CUE_LAST = 1u << 7,
       CUE_AGO = 1u << 8, CUE_FROM = 1u << 9, CUE_WITHIN = 1u << 10, CUE_TO = 1u << 11,
       CUE_TZ = 1u << 12, CUE_THAT = 1u << 13 };

enum { HCAL_GREGORIAN = 0, HCAL_HIJRI, HCAL_EASTER };

struct qlex;

struct qent {
    const char *key;
    uint32_t keylen;
    uint32_t roles;
    uint8_t phrase_max;    /* words in the longest phrase this word starts (0: none) */
    uint32_t proles;       /* roles of the phrases this word starts */
    uint8_t numcls;
    double numval;
    uint8_t ord;
    uint8_t vscale;
    int64_t vlow, vhigh;   /* vhigh < 0: open */
    uint8_t qual, qafter, qand; /* qand: a range opener joined by «و» */
    uint8_t unit;
    uint8_t month, hijri, mctx;
    uint8_t wday;
    int8_t dir;
    uint8_t rgrain;
    int16_t roff;
    uint8_t grain, gcount;
    uint8_t part, phour;
    uint8_t mlo, mhi;
    uint16_t cue;
    uint8_t hcal, hmonth, hday, hdays;
};

/* Returns the lexicon, building it on first use (thread-safe); NULL when a data file is
 * malformed or memory ran out (*status, if non-NULL, says which). */
const struct qlex *qlex_get(int *status);

/* The entry for key s[0..n), or NULL. */
const struct qent *qlex_find(const struct qlex *lx, const char *s, size_t n);

/* 0 when no key is a suffix of s[0..n) (then no reading of the word less proclitics is
 * in the lexicon); 1 when one may be. */
int qlex_may_end(const struct qlex *lx, const char *s, size_t n);

/* 1 when s[0..n) is a noun of count_nouns.tsv in the singular, bare («جندي») or with the
 * accusative alef that follows numbers from 11 to 99 («جنديا»); the text is normalized. */
int qlex_counted(const struct qlex *lx, const char *s, size_t n);

/* Longest phrase in words over all keys. */
int qlex_max_phrase(const struct qlex *lx);

#endif
