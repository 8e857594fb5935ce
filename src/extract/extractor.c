/* The public face of figure extraction: an extractor holds the compiled lexicons. */
#include "extract/fig.h"
#include "extract/lex.h"
#include <stdlib.h>

struct rasd_extractor {
    struct lex *lex;
    struct fig_scratch scratch;
};

int rasd_extractor_create(rasd_extractor **out)
{
    rasd_extractor *x = calloc(1, sizeof *x);
    if (!x)
        return RASD_ENOMEM;
    int st = lex_load(&x->lex, NULL, 0);
    x->scratch.cache = calloc(FIG_CACHE, sizeof *x->scratch.cache);
    if (!st && !x->scratch.cache)
        st = RASD_ENOMEM;
    if (st) {
        lex_free(x->lex);
        free(x->scratch.cache);
        free(x);
        return st;
    }
    *out = x;
    return RASD_OK;
}

void rasd_extractor_free(rasd_extractor *x)
{
    if (!x)
        return;
    lex_free(x->lex);
    free(x->scratch.ti);
    free(x->scratch.cache);
    free(x);
}

/* Offsets of figures from a piece of a long field, shifted back to the whole field. */
struct shift {
    rasd_figure_cb cb;
    void *ud;
    size_t off;
};

static int shifted(void *ud, const rasd_doc *doc, const rasd_figure *f)
{
    const struct shift *sh = ud;
    rasd_figure g = *f;
    g.start += sh->off;
    g.end += sh->off;
    g.sent_start += sh->off;
    g.sent_end += sh->off;
    return sh->cb(sh->ud, doc, &g);
}

/* A field past EXTRACT_PIECE bytes (a whole corpus given as one text) is read in pieces
 * that end at a blank line (else a line break, else anywhere): memory stays bounded and
 * each piece gets its own context, as the articles it most likely holds. */
#define EXTRACT_PIECE (512u * 1024u)

static size_t piece_end(const char *s, size_t from, size_t len)
{
    size_t want = from + EXTRACT_PIECE;
    if (want >= len)
        return len;
    size_t limit = want + EXTRACT_PIECE / 2 < len ? want + EXTRACT_PIECE / 2 : len;
    for (size_t i = want; i + 1 < limit; i++)
        if (s[i] == '\n' && s[i + 1] == '\n')
            return i + 2;
    for (size_t i = want; i < limit; i++)
        if (s[i] == '\n')
            return i + 1;
    /* No line break: cut before a UTF-8 lead byte so no character is split. */
    size_t i = want;
    while (i > from + 1 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static int extract_field(rasd_extractor *x, const rasd_doc *doc, const char *s, size_t len,
                         int field, rasd_figure_cb cb, void *ud)
{
    if (len <= EXTRACT_PIECE)
        return fig_field(&x->scratch, x->lex, doc, s, len, field, 1, cb, ud);
    int rc = RASD_OK;
    for (size_t at = 0; at < len && rc == RASD_OK;) {
        size_t end = piece_end(s, at, len);
        struct shift sh = {cb, ud, at};
        rc = fig_field(&x->scratch, x->lex, doc, s + at, end - at, field, 0, shifted, &sh);
        at = end;
    }
    return rc;
}

int rasd_extract(rasd_extractor *x, const rasd_doc *doc, rasd_figure_cb cb, void *ud)
{
    int rc = RASD_OK;
    if (!x || !doc || !cb)
        return RASD_EINVAL;
    if (!doc->title_in_text && doc->title && doc->title_len)
        rc = extract_field(x, doc, doc->title, doc->title_len, 1, cb, ud);
    if (rc == RASD_OK && doc->text)
        rc = extract_field(x, doc, doc->text, doc->text_len, 0, cb, ud);
    return rc;
}
