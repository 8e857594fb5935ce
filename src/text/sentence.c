/* Sentence splitting.  A sentence ends after a terminator (with any closing quotes and
 * further terminators right after it) and at a line break, so headlines without a full
 * stop and list items stand alone.  Inside «» or “” quotes (or a pair of ASCII quotes)
 * neither ends a sentence, unless a blank line intervenes.  A full stop does not end a
 * sentence after a one-letter abbreviation (د. أ.) or when a Latin word follows it without
 * a space (U.S, site.com). */
#include "text/sentence.h"
#include "text/token.h"
#include "text/utf8.h"
#include <stdint.h>
#include <stdlib.h>

int sent_is_terminator(uint32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == ';' || cp == 0x061F || cp == 0x061B ||
           cp == 0x06D4 || cp == 0x2026 || cp == 0x203C || (cp >= 0x2047 && cp <= 0x2049);
}

/* Quote characters: which kind, and whether they open or close. */
enum { Q_NONE, Q_GUILLEMET, Q_CURLY, Q_ASCII };

static int quote_kind(uint32_t cp, int *opens)
{
    *opens = cp == 0xAB || cp == 0x201C;
    if (cp == 0xAB || cp == 0xBB)
        return Q_GUILLEMET;
    if (cp == 0x201C || cp == 0x201D)
        return Q_CURLY;
    if (cp == '"') {
        *opens = -1;        /* either: decided by pairing */
        return Q_ASCII;
    }
    return Q_NONE;
}

/* Quotes left open (a lost closing mark) must not hold a whole article in one sentence, so
 * only paired marks count: « with », “ with ” (nested, within one paragraph and at most
 * QUOTE_SPAN tokens apart), and two ASCII " on one line.  Sets pair[i] to 1 on an opening
 * and 2 on a closing mark that has its partner. */
#define QUOTE_SPAN 400

struct qstack {
    uint32_t *v;
    size_t n, cap;
};

static int qpush(struct qstack *q, uint32_t i)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 16;
        uint32_t *v = realloc(q->v, cap * sizeof *v);
        if (!v)
            return -1;
        q->v = v;
        q->cap = cap;
    }
    q->v[q->n++] = i;
    return 0;
}

static int pair_quotes(const rasd_text *t, const rasd_tokens *tk, uint8_t *pair)
{
    struct qstack st[3] = {{0}, {0}, {0}};
    size_t ascii_open = SIZE_MAX;
    int rc = 0;
    for (size_t i = 0; i < tk->ntok && !rc; i++) {
        const rasd_token *k = &tk->tok[i];
        if (k->nl) {
            ascii_open = SIZE_MAX;
            if (k->nl >= 2)
                st[0].n = st[1].n = 0;
        }
        if (k->kind != RASD_TOK_PUNCT)
            continue;
        int opens;
        int kind = quote_kind(tok_first_cp(t, k), &opens);
        if (kind == Q_NONE)
            continue;
        if (kind == Q_ASCII) {
            if (ascii_open == SIZE_MAX) {
                ascii_open = i;
            } else {
                pair[ascii_open] = 1;
                pair[i] = 2;
                ascii_open = SIZE_MAX;
            }
            continue;
        }
        struct qstack *q = &st[kind - 1];
        if (opens) {
            rc = qpush(q, (uint32_t)i);
        } else if (q->n > 0) {
            uint32_t o = q->v[--q->n];
            if (i - o <= QUOTE_SPAN) {
                pair[o] = 1;
                pair[i] = 2;
            }
        }
    }
    free(st[0].v);
    free(st[1].v);
    return rc;
}

static size_t letters(const rasd_text *t, const rasd_token *k)
{
    size_t n = 0;
    for (size_t i = k->nstart; i < k->nend;) {
        uint32_t cp;
        int clen;
        enum tok_class c = tok_class_at(t->s, k->nend, i, &cp, &clen);
        n += c == TC_ARABIC || c == TC_LETTER;
        i += (size_t)clen;
    }
    return n;
}

/* 1 when the full stop at token i does not end the sentence. */
static int stop_continues(const rasd_text *t, const rasd_tokens *tk, size_t i)
{
    const rasd_token *dot = &tk->tok[i];
    if (i + 1 >= tk->ntok || tk->tok[i + 1].nl)
        return 0;
    const rasd_token *next = &tk->tok[i + 1];
    if (next->nstart == dot->nend &&
        (next->kind == RASD_TOK_LATIN || next->kind == RASD_TOK_NUMBER))
        return 1;
    if (i == 0)
        return 0;
    const rasd_token *prev = &tk->tok[i - 1];
    if (prev->nend != dot->nstart || letters(t, prev) != 1 ||
        (prev->kind != RASD_TOK_ARABIC && prev->kind != RASD_TOK_LATIN))
        return 0;
    /* A one-letter era or unit after a number (2015م. 1436ه.) does end it. */
    return i < 2 || tk->tok[i - 2].kind != RASD_TOK_NUMBER;
}

struct svec {
    rasd_sentence *v;
    size_t n, cap;
};

static int close_sentence(struct svec *sv, const rasd_tokens *tk, size_t first, size_t last)
{
    if (last <= first)
        return 0;
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 16;
        rasd_sentence *v = realloc(sv->v, cap * sizeof *v);
        if (!v)
            return -1;
        sv->v = v;
        sv->cap = cap;
    }
    rasd_sentence *s = &sv->v[sv->n++];
    s->first = (uint32_t)first;
    s->last = (uint32_t)last;
    s->start = tk->tok[first].start;
    s->end = tk->tok[last - 1].end;
    return 0;
}

/* After a terminator at i, the end of the run of terminators and closing quotes that
 * belongs to the same sentence; *depth drops by the quotes it closes. */
static size_t run_end(const rasd_text *t, const rasd_tokens *tk, const uint8_t *pair, size_t i,
                      int *depth)
{
    size_t j = i + 1;
    while (j < tk->ntok && !tk->tok[j].nl && tk->tok[j].kind == RASD_TOK_PUNCT) {
        if (pair[j] == 2 && *depth > 0) {
            (*depth)--;
            j++;
            continue;
        }
        if (!sent_is_terminator(tok_first_cp(t, &tk->tok[j])))
            break;
        j++;
    }
    return j;
}

int tok_sentences(const rasd_text *t, rasd_tokens *tk)
{
    struct svec sv = {0};
    uint8_t *pair = calloc(tk->ntok ? tk->ntok : 1, 1);
    int depth = 0;      /* paired quotes open */
    size_t first = 0;
    if (!pair || pair_quotes(t, tk, pair))
        goto oom;
    for (size_t i = 0; i < tk->ntok; i++) {
        const rasd_token *k = &tk->tok[i];
        if (k->nl >= 2 || (k->nl == 1 && depth == 0)) {
            if (close_sentence(&sv, tk, first, i))
                goto oom;
            first = i;
            depth = 0;
        }
        if (k->kind != RASD_TOK_PUNCT)
            continue;
        int ends = 0;
        if (pair[i] == 1) {
            depth++;
        } else if (pair[i] == 2) {
            depth -= depth > 0;
            /* «... انتهى.» ends where the quote closes. */
            ends = depth == 0 && i > first && tk->tok[i - 1].kind == RASD_TOK_PUNCT &&
                   sent_is_terminator(tok_first_cp(t, &tk->tok[i - 1]));
        } else {
            uint32_t cp = tok_first_cp(t, k);
            ends = depth == 0 && sent_is_terminator(cp) && !(cp == '.' && stop_continues(t, tk, i));
        }
        if (!ends)
            continue;
        size_t j = run_end(t, tk, pair, i, &depth);
        if (close_sentence(&sv, tk, first, j))
            goto oom;
        first = j;
        i = j - 1;
    }
    if (close_sentence(&sv, tk, first, tk->ntok))
        goto oom;
    free(pair);
    tk->sent = sv.v;
    tk->nsent = sv.n;
    return RASD_OK;
oom:
    free(pair);
    free(sv.v);
    return RASD_ENOMEM;
}
