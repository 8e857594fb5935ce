/* Fuzzes rasd_tokenize over normalized text: token spans within bounds and in order, normalized
 * spans disjoint, sentences tiling the tokens; and over raw bytes without a map. */
#include "rasd.h"
#include <stdlib.h>
#include <string.h>

static void check(const rasd_text *t)
{
    rasd_tokens k;
    if (rasd_tokenize(t, &k) != RASD_OK)
        abort();
    for (size_t i = 0; i < k.ntok; i++) {
        const rasd_token *x = &k.tok[i];
        if (x->nstart >= x->nend || x->nend > t->len || x->start > x->end ||
            x->end > t->orig_len || x->kind < RASD_TOK_ARABIC || x->kind > RASD_TOK_OTHER ||
            x->nl > 2)
            abort();
        if (i && (x->nstart < k.tok[i - 1].nend || x->start < k.tok[i - 1].start))
            abort();
    }
    size_t next = 0;
    for (size_t j = 0; j < k.nsent; j++) {
        const rasd_sentence *s = &k.sent[j];
        if (s->first != next || s->last <= s->first || s->last > k.ntok ||
            s->start != k.tok[s->first].start || s->end != k.tok[s->last - 1].end)
            abort();
        next = s->last;
    }
    if (next != k.ntok)
        abort();
    rasd_tokens_free(&k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *p = malloc(size + 1);
    if (!p)
        return 0;
    memcpy(p, data, size);
    p[size] = 0;
    rasd_text t;
    if (rasd_normalize(p, size, RASD_NORM_EXTRACT | RASD_NORM_REPLACE, &t, NULL) == RASD_OK) {
        check(&t);
        rasd_text_free(&t);
    }
    if (rasd_normalize(p, size, RASD_NORM_REPLACE, &t, NULL) == RASD_OK) {
        check(&t);
        rasd_text_free(&t);
    }
    /* Raw bytes, possibly invalid UTF-8, with identity offsets. */
    rasd_text raw = {.s = p, .len = size, .map = NULL, .orig_len = size};
    check(&raw);
    free(p);
    return 0;
}
