/* Numbers and quantities over the tokens of a normalized text: digits, number words,
 * duals of counted nouns, qualifiers («نحو», «أكثر من»...), ranges, vague quantities
 * («عشرات»), percentages, fractions and ordinals.
 *
 * Input is what the text layer gives: a text normalized with RASD_NORM_EXTRACT and its
 * tokens.  Every match names its tokens, so a consumer can widen or narrow an evidence
 * span, and its original bytes. */
#ifndef RASD_QUANT_NUM_H
#define RASD_QUANT_NUM_H
#include "rasd.h"
#include <stddef.h>
#include <stdint.h>

#define NUM_NO_TOK UINT32_MAX

enum num_kind { NUM_CARDINAL = 1, NUM_ORDINAL = 2 };

/* Same order and values as RASD_QUAL_* in rasd.h. */
enum num_qual {
    NUMQ_EXACT = 0,
    NUMQ_APPROX,     /* «نحو 3500»: value 3500, low = high = 3500 */
    NUMQ_AT_LEAST,   /* «ما لا يقل عن 40»: low 40, high open */
    NUMQ_MORE_THAN,  /* «أكثر من أربعين»: value 40, low 41, high open */
    NUMQ_AT_MOST,    /* «ما لا يزيد عن 40»: low open, high 40 */
    NUMQ_LESS_THAN,  /* «أقل من 40»: low open, high 39 */
    NUMQ_RANGE,      /* «بين 60 و90»: no value, low 60, high 90 */
    NUMQ_VAGUE       /* «عشرات»: no value, bounds from data/vague.tsv */
};

/* Same order and values as RASD_UNIT_* in rasd.h. */
enum num_unit {
    NUMU_NONE = 0,
    NUMU_PERCENT,    /* «30%», «30 في المئة» */
    NUMU_FRACTION,   /* «11/10», «نصف», «ثلثي» */
    NUMU_CURRENCY    /* «500 دولار»: the currency word is absorbed into the match */
};

struct num_match {
    uint32_t tok_first, tok_last; /* all tokens covered, [first, last): qualifier words, the
                                     number, a unit word and an absorbed counted noun */
    uint32_t num_first, num_last; /* the number itself, without qualifier or noun; for a
                                     range, from the low end's first token to the high's last */
    uint32_t start, end;          /* original bytes of [tok_first, tok_last) */
    uint32_t noun_tok;            /* the counted noun that carries or fixes the number
                                     («جنديين», «طفلان» = 2; «مدني واحد» = 1), or NUM_NO_TOK */
    int kind;                     /* NUM_CARDINAL or NUM_ORDINAL */
    int qual;                     /* enum num_qual */
    int unit;                     /* enum num_unit */
    int has_value;                /* 0 for ranges and vague quantities */
    double value;                 /* the number as stated (may be negative or fractional) */
    int has_low, has_high;        /* 0: that bound is open */
    int64_t low, high;            /* bounds implied, per ../shared/spec/figures.md */
};

struct num_list {
    struct num_match *v;
    size_t n, cap;
};

struct date_list;

/* Finds the number expressions among tokens [first, last) of tk over the normalized text t
 * and appends them to *out in text order (non-overlapping).  Tokens covered by a match in
 * `dates` (may be NULL) are not read as numbers: «21 يناير» is a date, not 21.  No match
 * spans a line break.  Returns RASD_OK, RASD_ENOMEM, or RASD_EDATA when an embedded
 * lexicon is malformed. */
int num_find(const rasd_text *t, const rasd_tokens *tk, uint32_t first, uint32_t last,
             const struct date_list *dates, struct num_list *out);

/* Releases out's array and zeroes it; NULL is a no-op. */
void num_list_free(struct num_list *l);

struct qscan;

/* As num_find, over tokens already analysed by qscan_init (src/quant/qscan.h). */
int num_find_scan(const struct qscan *s, const struct date_list *dates, struct num_list *out);

/* One number or ordinal read at token i (no qualifier, unit or noun). */
struct num_read {
    uint32_t end;          /* token after it */
    double v;
    int words;             /* written in words */
    int ordinal;           /* an ordinal word («الثالث»), or words with the article and a
                              teen or tens («الحادي والعشرين», «التسعون») */
    int fraction;          /* «11/10», «نصف» */
};
/* Reads a number or ordinal at token i, ending before lim.  Returns 1 when one was read. */
int num_read(const struct qscan *s, uint32_t i, uint32_t lim, struct num_read *r);

/* Parses the digits of one NUMBER token text s[0..n) («12,500», «3.5», «01.10») into *v.
 * Returns 1 on success, 0 when s is not a plain number. */
int num_parse_digits(const char *s, size_t n, double *v);

#endif
