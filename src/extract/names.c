/* Names in a title or a lead: each place phrase (a one-word place that is an everyday
 * word left out, as the extractor does) and each actor phrase of a side, in text order.
 * Of several places of one name the one in the country the text's other places are in is
 * taken, else the lexicon's most populous: a title seldom says more. */
#include "extract/names.h"
#include "extract/lex.h"
#include <stdlib.h>
#include <string.h>

/* Words of the text read for names, at most: a lead, not a whole article. */
#define NAMES_MAX_TOKENS 4096

struct hit {
    int type;     /* LEX_PLACE or LEX_ACTOR */
    int payload;
};

static const struct lex_place *pick(const struct lex *L, int p, const char *cc)
{
    const struct lex_place *best = NULL;
    for (int j = p; j >= 0; j = lex_place(L, j)->alt) {
        const struct lex_place *x = lex_place(L, j);
        int xin = cc && !memcmp(x->cc, cc, 2), bin = best && cc && !memcmp(best->cc, cc, 2);
        if (!best || (xin && !bin) || (xin == bin && x->population > best->population))
            best = x;
    }
    return best;
}

/* The country of the first place with one reading only, or NULL. */
static const char *text_country(const struct lex *L, const struct hit *h, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (h[i].type == LEX_PLACE && lex_place(L, h[i].payload)->alt < 0)
            return lex_place(L, h[i].payload)->cc;
    return NULL;
}

static void find(const struct lex *L, const rasd_text *t, const rasd_tokens *tk, size_t ntok,
                 struct hit *h, size_t *nh)
{
    uint16_t st[24], ln[24];
    *nh = 0;
    for (uint32_t i = 0; i < ntok; i++) {
        const rasd_token *k = &tk->tok[i];
        if (k->kind != RASD_TOK_ARABIC || k->nend <= k->nstart)
            continue;
        const char *w = t->s + k->nstart;
        size_t n = k->nend - k->nstart;
        int nst = lex_stems(w, n, st, ln, 24), pl = 0, m;
        m = lex_match(L, LEX_PLACE, t, tk, i, (uint32_t)ntok, st, ln, nst, &pl);
        if (m && !lex_place_refused(L, t, tk, 0, (uint32_t)ntok, i, (uint32_t)m)) {
            h[(*nh)++] = (struct hit){LEX_PLACE, pl};
            i += (uint32_t)m - 1;
            continue;
        }
        m = lex_match(L, LEX_ACTOR, t, tk, i, (uint32_t)ntok, st, ln, nst, &pl);
        if (m && lex_actor(L, pl)->group) {
            h[(*nh)++] = (struct hit){LEX_ACTOR, pl};
            i += (uint32_t)m - 1;
        }
    }
}

int names_scan(const struct lex *L, const char *text, size_t len, size_t max_words,
               rasd_name_cb cb, void *ud)
{
    rasd_text t = {0};
    rasd_tokens tk = {0};
    struct hit *h = NULL;
    size_t nh = 0;
    int rc = rasd_normalize(text, len, RASD_NORM_EXTRACT | RASD_NORM_REPLACE, &t, NULL);
    if (!rc)
        rc = rasd_tokenize(&t, &tk);
    if (rc)
        goto out;
    /* max_words counts words; punctuation and numbers between them come along */
    size_t ntok = 0, words = 0;
    while (ntok < tk.ntok && ntok < NAMES_MAX_TOKENS && words < max_words)
        words += tk.tok[ntok++].kind == RASD_TOK_ARABIC;
    h = malloc((ntok ? ntok : 1) * sizeof *h);
    if (!h) {
        rc = RASD_ENOMEM;
        goto out;
    }
    find(L, &t, &tk, ntok, h, &nh);
    const char *cc = text_country(L, h, nh);
    for (size_t i = 0; i < nh && !rc; i++) {
        if (h[i].type == LEX_PLACE)
            rc = cb(ud, RASD_NAME_PLACE, pick(L, h[i].payload, cc)->id);
        else
            rc = cb(ud, RASD_NAME_GROUP, lex_actor(L, h[i].payload)->group);
    }
out:
    free(h);
    rasd_tokens_free(&tk);
    rasd_text_free(&t);
    return rc;
}
