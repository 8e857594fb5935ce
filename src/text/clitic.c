/* Proclitics are a conjunction (و ف), then a preposition or future particle (ب ك ل س),
 * then the article (ال; ل + ال is written لل).  Pronoun suffixes attach to words without
 * the article.  Every analysis leaves a stem of at least two letters; the caller checks
 * each stem against a lexicon, so over-generation here costs only a lookup. */
#include "text/clitic.h"
#include "text/utf8.h"
#include "rasd.h"
#include <string.h>

#define WAW "\xD9\x88"
#define FEH "\xD9\x81"
#define BEH "\xD8\xA8"
#define KAF "\xD9\x83"
#define LAM "\xD9\x84"
#define SEEN "\xD8\xB3"
#define ALEF "\xD8\xA7"
#define HEH "\xD9\x87"
#define MEEM "\xD9\x85"
#define NOON "\xD9\x86"
#define YEH "\xD9\x8A"

static const char *const conj[] = {"", WAW, FEH};
/* Particle slot; `def` tells whether it carries the article. */
static const struct { const char *s; int def; } part[] = {
    {"", 0}, {BEH, 0}, {KAF, 0}, {LAM, 0}, {SEEN, 0},
    {ALEF LAM, 1}, {BEH ALEF LAM, 1}, {KAF ALEF LAM, 1}, {LAM LAM, 1},
};
static const char *const suffix[] = {
    "", HEH, HEH ALEF, HEH MEEM, HEH MEEM ALEF, HEH NOON, KAF, KAF MEEM, KAF MEEM ALEF,
    KAF NOON, NOON ALEF, NOON YEH, YEH,
};

#define N(a) (sizeof a / sizeof *a)

static int has_prefix(const char *w, size_t len, const char *p, size_t plen)
{
    return plen <= len && memcmp(w, p, plen) == 0;
}

static int has_suffix(const char *w, size_t len, const char *p, size_t plen)
{
    return plen <= len && memcmp(w + len - plen, p, plen) == 0;
}

int rasd_clitic_split(const char *w, size_t len, rasd_clitics *out, int max)
{
    rasd_clitics all[CLITIC_MAX_ANALYSES];
    int n = 0;
    if (!out || max <= 0)
        return 0;
    if (!w) {
        w = "";
        len = 0;
    }
    for (size_t c = 0; c < N(conj); c++) {
        size_t cl = strlen(conj[c]);
        if (!has_prefix(w, len, conj[c], cl))
            continue;
        for (size_t p = 0; p < N(part); p++) {
            size_t pl = strlen(part[p].s);
            if (!has_prefix(w + cl, len - cl, part[p].s, pl))
                continue;
            /* The future particle only follows a conjunction or nothing; fine as is. */
            for (size_t s = 0; s < N(suffix); s++) {
                size_t sl = strlen(suffix[s]);
                if (sl && part[p].def)
                    continue;
                if (cl + pl + sl > len || !has_suffix(w, len, suffix[s], sl))
                    continue;
                if ((cl || pl || sl) && utf8_count(w + cl + pl, len - cl - pl - sl) < 2)
                    continue;
                if (cl + pl > 255 || sl > 255 || n == CLITIC_MAX_ANALYSES)
                    continue;
                all[n].pre = (uint8_t)(cl + pl);
                all[n].suf = (uint8_t)sl;
                n++;
            }
        }
    }
    /* Unsegmented first (it is generated first), then by total clitic length. */
    for (int i = 1; i < n; i++) {
        rasd_clitics x = all[i];
        int j = i - 1;
        while (j >= 1 && all[j].pre + all[j].suf > x.pre + x.suf) {
            all[j + 1] = all[j];
            j--;
        }
        all[j + 1] = x;
    }
    if (n > max)
        n = max;
    memcpy(out, all, (size_t)n * sizeof *out);
    return n;
}
