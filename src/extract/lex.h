/* Extraction lexicons (data/cues.tsv, actors.tsv, sources.tsv, places*.tsv, armies.tsv)
 * compiled once into hash tables of normalized word sequences, and matched over tokens.
 *
 * A phrase is keyed by its first word; proclitics (و ف ب ل ال ...) and pronoun suffixes
 * on that word are handled by trying each rasd_clitic_split analysis, so the data lists
 * bare forms.  A first word written with the article is also keyed without it, so «قوات»
 * in «لقوات» and «الحوثيين» in «والحوثيين» / «حوثيين» all find their entries. */
#ifndef RASD_EXTRACT_LEX_H
#define RASD_EXTRACT_LEX_H
#include "rasd.h"
#include <stddef.h>
#include <stdint.h>

enum lex_type { LEX_CUE = 0, LEX_ACTOR, LEX_SOURCE, LEX_PLACE, LEX_NTYPES };

/* Categories, in the order of their names in lex_cat_name. */
enum lex_cat {
    CAT_NONE = 0, CAT_KILLED, CAT_INJURED, CAT_ARRESTED, CAT_ESCAPED, CAT_SURRENDERED,
    CAT_DISPLACED, CAT_DETAINED, CAT_MISSING, CAT_ABDUCTED, CAT_OTHER, CAT_N
};

/* Cue kinds beyond V and N, as bits (see data/cues.tsv). */
enum {
    CUE_T = 1u << 0, CUE_A = 1u << 1, CUE_S = 1u << 2, CUE_L = 1u << 3, CUE_X = 1u << 4,
    CUE_C = 1u << 5, CUE_H = 1u << 6, CUE_U = 1u << 7, CUE_P = 1u << 8, CUE_F = 1u << 9,
    CUE_B = 1u << 10, CUE_R = 1u << 11, CUE_O = 1u << 12, CUE_W = 1u << 13,
    CUE_Y = 1u << 14, CUE_K = 1u << 15, CUE_G = 1u << 16, CUE_Q = 1u << 17,
    CUE_Z = 1u << 18, CUE_E = 1u << 19, CUE_J = 1u << 20, CUE_D = 1u << 21, CUE_I = 1u << 22, CUE_M = 1u << 23,
    CUE_QW = 1u << 24, CUE_IM = 1u << 25, CUE_NB = 1u << 26, CUE_DEMO = 1u << 27,
    CUE_NAMED = 1u << 28
};

struct lex_cue {
    uint8_t vcat;     /* category as an event verb/noun (V), or CAT_NONE */
    uint8_t ncat;     /* category as a counted noun (N), or CAT_NONE */
    uint8_t window;   /* V: how many tokens after it a count may stand */
    uint32_t flags;   /* CUE_* */
};

/* Context classes of actors.tsv groups starting with '@'. */
enum lex_class {
    ACLASS_NONE = 0, ACLASS_FIGHTER, ACLASS_SOLDIER, ACLASS_MERC, ACLASS_ORG, ACLASS_REBEL,
    ACLASS_GOV, ACLASS_KURD, ACLASS_NAT, ACLASS_MILITIA, ACLASS_MARTYR, ACLASS_RESIST,
    ACLASS_CIVILIANS
};

struct lex_actor {
    const char *actor;   /* actor id */
    const char *group;   /* group id, or NULL for a context class */
    int kind;            /* the group's GROUP_* kind (data/groups.tsv), or 0 */
    int cls;             /* enum lex_class */
    char cc[3];          /* ACLASS_NAT: the country code */
    int civil;           /* a force that also keeps civil order (police): naming it does not
                            make a report one of armed violence */
};

struct lex_source {
    const char *id;
    const char *kind;
    const char *victims;   /* the side of its tolls that name none, or NULL */
};

struct lex_place {
    const char *id;
    char cc[3];
    int rank;            /* specificity: facility/neighbourhood 4, town 3, province 2, country 1 */
    long population;
    int alt;             /* another place with the same name, or -1 */
};

struct lex_army {
    char cc[3];
    char where[3];       /* the context country the row holds in, or "" */
    const char *group, *actor;
};

/* data/groups.tsv: what kind of side a group id is. */
enum { GROUP_ORG = 1, GROUP_STATE, GROUP_PEOPLE };
struct lex_group {
    const char *id;
    int kind;
};

/* data/sides.tsv: the group a context class stands for, by source or country. */
struct lex_side {
    int cls;
    char cc[3];          /* country, or "" */
    const char *source;  /* source id, or NULL */
    const char *group;
};

/* data/outlets.tsv: the country an outlet is published in. */
struct lex_outlet {
    const char *id;
    char cc[3];
};

struct lex;

/* Loads and compiles every lexicon from the embedded data files.  Returns RASD_OK,
 * RASD_EDATA (a file is missing or malformed; *errline, if non-NULL, gets "file:line"),
 * RASD_ENOMEM. */
int lex_load(struct lex **out, char *errline, size_t errlen);
void lex_free(struct lex *L);

/* The candidate stems of token word w[0..n): up to `max` (start, len) pairs, the whole word
 * first.  Returns how many. */
int lex_stems(const char *w, size_t n, uint16_t *st, uint16_t *ln, int max);

/* Longest phrase of `type` starting at token i (not past token `last`), trying the stems
 * (from lex_stems) of token i.  Returns the number of tokens matched (0: none) and its
 * payload index in *payload. */
int lex_match(const struct lex *L, int type, const rasd_text *t, const rasd_tokens *tk,
              uint32_t i, uint32_t last, const uint16_t *st, const uint16_t *ln, int nst,
              int *payload);

/* The phrase chains of `type` keyed by the stems of word w (up to max, in stem order),
 * for lex_match_heads: lets a caller cache a word's lookups.  Returns how many. */
int lex_heads(const struct lex *L, int type, const char *w, const uint16_t *st,
              const uint16_t *ln, int nst, int32_t *heads, int max);
/* As lex_match, over chains from lex_heads. */
int lex_match_heads(const struct lex *L, const rasd_text *t, const rasd_tokens *tk,
                    uint32_t i, uint32_t last, const int32_t *heads, int nh, int *payload);

const struct lex_cue *lex_cue(const struct lex *L, int i);
const struct lex_actor *lex_actor(const struct lex *L, int i);
const struct lex_source *lex_source(const struct lex *L, int i);
const struct lex_place *lex_place(const struct lex *L, int i);
/* The army of country cc in an article or sentence about country `where` (may be NULL):
 * the row for that context, else the row for anywhere, else NULL. */
const struct lex_army *lex_army(const struct lex *L, const char *cc, const char *where);
/* How the words before the place name at token i (of a sentence from token `first`) frame
 * it, by the rows of data/place_stop.tsv, past a `kind` word («مدينة», «محافظة»): LEX_PF_AT
 * after a locative (`at`: «في», «على», or the proclitic «ب») — where something happened;
 * LEX_PF_TO after a direction of travel (`to`: «إلى», «باتجاه») — where the wounded were
 * taken; LEX_PF_REF after a landmark word (`ref`: «جنوب صنعاء», «شرطة الأنبار», «مستشفى
 * العريش») — where something else is; else LEX_PF_NONE. */
enum { LEX_PF_NONE, LEX_PF_AT, LEX_PF_TO, LEX_PF_REF, LEX_PF_N };
int lex_place_frame(const struct lex *L, const rasd_text *t, const rasd_tokens *tk,
                    uint32_t first, uint32_t i);
/* 1 when the place name of n tokens at token i of tk over t (within [first, last)) is
 * refused by data/place_stop.tsv: one word that is an everyday word however it is split
 * («البلاد», «كشفت»); or a paper's name — the token before it, or before a quote there, is
 * a `before` row («صحيفة الرياض», «قالت لـ"الرياض"»), or it is one word between quotes and
 * a `quoted` row («علمت "الرياض" أن»); or part of a person's name — the token after it is
 * an `after` row («الشيخ عثمان بن ناصر»). */
int lex_place_refused(const struct lex *L, const rasd_text *t, const rasd_tokens *tk,
                      uint32_t first, uint32_t last, uint32_t i, uint32_t n);
/* The country outlet id `outlet` is published in (data/outlets.tsv), or NULL. */
const char *lex_outlet_country(const struct lex *L, const char *outlet);
/* GROUP_ORG, GROUP_STATE, GROUP_PEOPLE for a group id of data/groups.tsv, else 0. */
int lex_group_kind(const struct lex *L, const char *g);
/* The group context class cls stands for when the figure's source is `source` (may be
 * NULL) in country cc (may be NULL), from data/sides.tsv: a source's rule, else the
 * country's, else (when `anywhere`) the rule for anywhere; NULL when no rule holds. */
const char *lex_side(const struct lex *L, int cls, const char *cc, const char *source,
                     int anywhere);
/* Interned group id string for `name` when it is a known group, else NULL. */
const char *lex_cat_name(int cat);

#endif
