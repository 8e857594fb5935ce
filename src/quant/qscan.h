/* Per-token lexicon analyses shared by the number and date matchers: each token's
 * normalized text, the lexicon entries it matches with and without its proclitics
 * (و ف, ب ل ك, ال), and the value of a digit token. */
#ifndef RASD_QUANT_QSCAN_H
#define RASD_QUANT_QSCAN_H
#include "quant/qlex.h"
#include "rasd.h"
#include <stdint.h>
#include <string.h>

/* Proclitics an analysis stripped. */
enum { PF_CONJ = 1, PF_PREP = 2, PF_ART = 4 };

#define QSCAN_MAX_ANA 4

struct qana {
    const struct qent *e;
    uint8_t pf;            /* PF_* stripped to reach e */
    uint8_t off;           /* bytes stripped from the token's start */
};

struct qtok {
    const char *s;         /* normalized text */
    uint32_t n;
    uint32_t roles;        /* union of the analyses' roles */
    uint32_t proles;       /* union of the roles of the phrases its analyses start */
    uint32_t ana;          /* its analyses: scan->ana[ana .. ana + nana) */
    uint32_t line_end;     /* the first token after it that starts a new line, or last */
    uint8_t kind;          /* RASD_TOK_* */
    uint8_t nana;
    uint8_t isnum;         /* digit token that parsed: val */
    uint8_t ndig;          /* digits in it (0 when separators inside) */
    double val;
};

struct qscan {
    const rasd_text *t;
    const rasd_tokens *tk;
    uint32_t first, last;
    const struct qlex *lx;
    struct qtok *q;        /* indexed by token - first */
    size_t cap;            /* entries allocated in q */
    struct qana *ana;      /* analyses of all tokens */
    size_t nana, ana_cap;
    int oom;
};

/* Analyses tokens [first, last).  Returns RASD_OK, RASD_ENOMEM or RASD_EDATA. */
int qscan_init(struct qscan *s, const rasd_text *t, const rasd_tokens *tk, uint32_t first,
               uint32_t last);
/* As qscan_init, reusing the memory of a scan that was run before (or zeroed). */
int qscan_run(struct qscan *s, const rasd_text *t, const rasd_tokens *tk, uint32_t first,
              uint32_t last);
void qscan_free(struct qscan *s);

static inline const struct qtok *qs_tok(const struct qscan *s, uint32_t i)
{
    return &s->q[i - s->first];
}

/* The finders ask every token about every role: these are inline so that the common
 * answer, "no such role here", costs a few instructions. */

/* qs_ent past its quick test: i is in range and some analysis of it has `role`. */
const struct qent *qs_ent_slow(const struct qscan *s, uint32_t i, uint32_t role,
                               unsigned allow, unsigned *pf);

/* Token i's analysis with `role` whose stripped proclitics are within `allow` (PF_* bits),
 * or NULL.  *pf (if non-NULL) gets what was stripped. */
static inline const struct qent *qs_ent(const struct qscan *s, uint32_t i, uint32_t role,
                                        unsigned allow, unsigned *pf)
{
    if (i < s->first || i >= s->last || !(qs_tok(s, i)->roles & role))
        return NULL;
    return qs_ent_slow(s, i, role, allow, pf);
}

/* qs_phrase past its quick test: i is in range, below lim, and it has `role` or starts a
 * phrase that may have it. */
const struct qent *qs_phrase_slow(const struct qscan *s, uint32_t i, uint32_t lim,
                                  uint32_t role, unsigned allow, uint32_t *end);

/* The longest lexicon phrase with `role` that starts at token i (its first word may carry
 * proclitics within `allow`) and ends before `lim`; sets *end to the token after it.
 * Single words count.  Returns NULL when none. */
static inline const struct qent *qs_phrase(const struct qscan *s, uint32_t i, uint32_t lim,
                                           uint32_t role, unsigned allow, uint32_t *end)
{
    if (i < s->first || i >= s->last || i >= lim)
        return NULL;
    const struct qtok *q = qs_tok(s, i);
    if (!(q->roles & role) && !((q->roles & QR_PHRASE) && (q->proles & role)))
        return NULL;
    return qs_phrase_slow(s, i, lim, role, allow, end);
}

/* The end of the line that token i is on: the first token after i that starts a new line,
 * or `lim`.  No number or date spans a line break. */
static inline uint32_t qs_line_end(const struct qscan *s, uint32_t i, uint32_t lim)
{
    if (lim > s->last)
        lim = s->last;
    if (i < s->first || i >= s->last)
        return lim;
    uint32_t e = s->q[i - s->first].line_end;
    return e < lim ? e : lim;
}

/* Token i's text is exactly the ASCII/UTF-8 string z. */
static inline int qs_is(const struct qscan *s, uint32_t i, const char *z)
{
    if (i < s->first || i >= s->last)
        return 0;
    const struct qtok *q = qs_tok(s, i);
    size_t n = __builtin_strlen(z); /* folded where z is a literal, as it mostly is */
    return q->n == n && memcmp(q->s, z, n) == 0;
}

/* 1 when tokens i and i+1 touch (no space between them in the normalized text). */
static inline int qs_adjacent(const struct qscan *s, uint32_t i)
{
    if (i < s->first || i + 1 >= s->last)
        return 0;
    return s->tk->tok[i].nend == s->tk->tok[i + 1].nstart;
}

#endif
