/* Figure extraction over one field (text or title) of a document. */
#ifndef RASD_EXTRACT_FIG_H
#define RASD_EXTRACT_FIG_H
#include "rasd.h"
#include <stddef.h>
#include <stdint.h>

struct lex;
struct tinfo;

/* A word's cue chains, cached: most words of a text recur, and finding a word's stems
 * costs more than one hash probe. */
#define FIG_CACHE 32768
#define FIG_CACHE_WORD 38
#define FIG_CACHE_HEADS 4
struct fig_cache_entry {
    uint8_t len;                      /* 0: empty */
    uint8_t nh[4];                    /* per lexicon (enum lex_type) */
    char w[FIG_CACHE_WORD];
    int32_t heads[4][FIG_CACHE_HEADS];
};

/* Per-extractor memory reused across calls. */
struct fig_scratch {
    struct tinfo *ti;
    size_t cti;
    struct fig_cache_entry *cache;    /* FIG_CACHE entries, or NULL */
};

/* What a document's fields say of the event they report, summed over its fields. */
struct fig_doc_kind {
    int armed;        /* a word of war, an armed side or a monitor is named */
    int war_words;    /* words of armed violence (data/cues.tsv kind G) */
    int other_words;  /* words of accidents, crime, disease, sport... (kinds H and Z) */
    int other_head;   /* the headline speaks of an accident, a crime, a disease... */
    int head_q;       /* the headline speaks of a bombing or a massacre */
};

/* Extracts the figures of text[0..len) (field 0: text, 1: title) of doc and passes each
 * to cb.  `whole` is 1 when the text is a whole article, read entirely for context (the
 * country, the sides it names); 0 for a piece of a huge input, where only sentences with
 * cues are read.  `head` is 1 when the field opens with the headline (a title field, or a
 * text whose first line is the title).  Adds what the field says of its event to *kind.
 * Returns RASD_OK, RASD_ENOMEM, RASD_ETOOBIG, or cb's non-zero value. */
int fig_field(struct fig_scratch *sc, const struct lex *L, const rasd_doc *doc,
              const char *text, size_t len, int field, int whole, int head, rasd_figure_cb cb,
              void *ud, struct fig_doc_kind *kind);

#endif
