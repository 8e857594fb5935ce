/* rasd's search tokens: what every backend's full-text index and queries are made of
 * (SQLite's FTS5 tokenizer "rasd_arabic" is src/store/sqlite/sqlite_fts.c). */
#include "store/fts.h"
#include "rasd.h"
#include <stdlib.h>
#include <string.h>

/* Conjunction + preposition + article clusters that Lucene's stemmer (one prefix per word)
 * leaves half-stripped: «وبالمدينة» must meet «المدينة». */
static const char *const fts_compound[] = {
    "\xD9\x88\xD8\xA8\xD8\xA7\xD9\x84", /* وبال */
    "\xD9\x81\xD8\xA8\xD8\xA7\xD9\x84", /* فبال */
    "\xD9\x88\xD9\x83\xD8\xA7\xD9\x84", /* وكال */
    "\xD9\x88\xD9\x84\xD9\x84",           /* ولل */
    "\xD9\x81\xD9\x84\xD9\x84",           /* فلل */
};

/* Light stem of an Arabic word: compound proclitics, then Lucene's rules. */
static size_t fts_stem(const char *w, size_t n, char *out)
{
    for (size_t i = 0; i < sizeof fts_compound / sizeof *fts_compound; i++) {
        size_t k = strlen(fts_compound[i]);
        /* Leave at least two letters (four bytes) of stem. */
        if (n >= k + 4 && !memcmp(w, fts_compound[i], k)) {
            w += k;
            n -= k;
            break;
        }
    }
    return rasd_stem_light(w, n, out);
}

int fts_tokenize(const char *text, size_t len, fts_token_fn fn, void *ctx)
{
    rasd_text t;
    rasd_tokens tk = {0};
    int rc = rasd_normalize(text, len, RASD_NORM_SEARCH | RASD_NORM_REPLACE, &t, NULL);
    if (rc != RASD_OK)
        return rc;
    char small[256];
    char *word = small;
    if (t.len > sizeof small && !(word = malloc(t.len))) {
        rc = RASD_ENOMEM;
        goto out;
    }
    if ((rc = rasd_tokenize(&t, &tk)) != RASD_OK)
        goto out;
    for (size_t i = 0; i < tk.ntok && rc == 0; i++) {
        const rasd_token *k = &tk.tok[i];
        const char *w = t.s + k->nstart;
        size_t n = k->nend - k->nstart;
        switch (k->kind) {
        case RASD_TOK_ARABIC:
            n = fts_stem(w, n, word);
            break;
        case RASD_TOK_LATIN:
        case RASD_TOK_URL:
            for (size_t j = 0; j < n; j++)
                word[j] = (w[j] >= 'A' && w[j] <= 'Z') ? (char)(w[j] + 32) : w[j];
            break;
        case RASD_TOK_NUMBER:
            memcpy(word, w, n);
            break;
        default:
            continue;
        }
        if (n)
            rc = fn(ctx, word, (int)n, (int)k->start, (int)k->end);
    }
out:
    if (word != small)
        free(word);
    rasd_tokens_free(&tk);
    rasd_text_free(&t);
    return rc;
}
