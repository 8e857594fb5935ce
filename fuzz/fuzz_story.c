/* Fuzzes the story layer over arbitrary bytes: the input split at its first NUL (else in
 * half) is two texts; passages between them keep their spans inside both texts and in
 * order, fingerprints come sorted and distinct, the clusterer puts every article in one
 * story, and a figure whose sentence is the text goes through the series rule. */
#include "rasd.h"
#include <stdlib.h>
#include <string.h>

static void passages(const char *a, size_t na, const char *b, size_t nb)
{
    rasd_passage *p;
    size_t n;
    if (rasd_psg_align(a, na, b, nb, NULL, 0, &p, &n) != RASD_OK)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (p[i].start >= p[i].end || p[i].end > na || p[i].other_start >= p[i].other_end ||
            p[i].other_end > nb || p[i].words < RASD_PSG_MIN_WORDS)
            abort();
        if (i && p[i].start < p[i - 1].start)
            abort();
    }
    free(p);
    uint64_t *f;
    if (rasd_psg_fingerprints(a, na, &f, &n) != RASD_OK)
        abort();
    for (size_t i = 1; i < n; i++)
        if (f[i - 1] >= f[i])
            abort();
    free(f);
}

static void stories(const char *a, size_t na, const char *b, size_t nb)
{
    const char *places[] = {"x", "y", "x"};
    rasd_story_input in[3] = {
        {1, 100, a, na < 64 ? na : 64, a, na, places, 3, NULL, 0, places, 1, NULL, 0},
        {2, 101, NULL, 0, b, nb, places + 1, 2, places, 1, NULL, 0, places, 2},
        {3, RASD_DAY_UNKNOWN, b, nb, a, na, NULL, 0, NULL, 0, places + 1, 2, NULL, 0},
    };
    rasd_story *s;
    size_t n, total = 0;
    if (rasd_stories_build(in, 3, &s, &n) != RASD_OK)
        abort();
    for (size_t i = 0; i < n; i++)
        total += s[i].ndocs;
    if (total != 3)
        abort();
    rasd_stories_free(s, n);
}

static void series(const char *a, size_t na)
{
    rasd_series_fig f[2];
    memset(f, 0, sizeof f);
    for (int i = 0; i < 2; i++) {
        f[i].doc = "d";
        f[i].category = "killed";
        f[i].doc_day = 100 + i;
        f[i].day = RASD_DAY_UNKNOWN;
        f[i].value = f[i].low = f[i].high = 10 - 8 * i;
        f[i].sentence = a;
        f[i].sentence_len = na;
        f[i].start = (uint32_t)(na / 3);
        f[i].end = (uint32_t)(na / 2);
        f[i].sentence_start = (uint32_t)i;
    }
    rasd_series *s;
    size_t n;
    if (rasd_series_build(f, 2, &s, &n) != RASD_OK || n != 1 || s[0].npoints != 2)
        abort();
    char *js;
    size_t len;
    if (rasd_series_json(&s[0], f, "s1", &js, &len) != RASD_OK)
        abort();
    free(js);
    rasd_series_free(s, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const char *nul = memchr(p, 0, size);
    size_t na = nul ? (size_t)(nul - p) : size / 2;
    size_t skip = nul ? 1 : 0;
    passages(p, na, p + na + skip, size - na - skip);
    stories(p, na, p + na + skip, size - na - skip);
    series(p, size);
    return 0;
}
