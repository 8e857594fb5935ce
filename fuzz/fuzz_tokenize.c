/* Fuzzes rasd_tokenize over normalized text: token spans within bounds and in order, normalized
 * spans disjoint, sentences tiling the tokens, clitic analyses and stems inside their word;
 * and over raw bytes without a map. */
#include "rasd.h"
#include <stdlib.h>
#include <string.h>

/* Clitic analyses and light stems of a word stay inside it. */
static void check_word(const char *w, size_t len)
{
    rasd_clitics a[32];
    int n = rasd_clitic_split(w, len, a, 32);
    if (n < 1 || n > 32 || a[0].pre || a[0].suf)
        abort();
    for (int i = 0; i < n; i++)
        if ((size_t)a[i].pre + a[i].suf > len)
            abort();
    static rasd_snowball *sb;
    if (!sb && !(sb = rasd_snowball_create()))
        abort();
    const char *stem;
    size_t sl;
    if (rasd_snowball_stem(sb, w, len, &stem, &sl) != RASD_OK || !stem)
        abort();
    char *out = malloc(len ? len : 1);
    if (!out)
        return;
    if (rasd_stem_light(w, len, out) > len)
        abort();
    free(out);
}

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
        if (x->kind == RASD_TOK_ARABIC)
            check_word(t->s + x->nstart, x->nend - x->nstart);
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
    /* Raw bytes, possibly invalid UTF-8, as one word and as a text with identity offsets. */
    if (size <= 256)
        check_word(p, size);
    rasd_text raw = {.s = p, .len = size, .map = NULL, .orig_len = size};
    check(&raw);
    free(p);
    return 0;
}
