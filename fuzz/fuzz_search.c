/* Fuzz target: the search query parser (words, « » “ ” " phrases, FTS5 syntax taken as
 * words, repeated words searched once, the length limits) over a small fixed store.  Any
 * bytes must give RASD_OK, RASD_EINVAL (no words) or RASD_ETOOBIG, and every hit's match
 * spans must lie in order inside the stored text. */
#include "rasd.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *id, *title, *text;
} arts[] = {
    {"a1", "مقتل 5 مدنيين في الحسكة",
     "قتل 5 مدنيين في قصف على مدينة الحسكة، بحسب \"المرصد\" السوري (AND OR NOT) * ^ :."},
    {"a2", "«داعش»", "اشتباكات مع داعش في الرقة وبالمدينة “المستشفى” ومستشفي NEAR(a b)."},
};

static rasd_store *open_store(void)
{
    rasd_store *s = NULL;
    if (rasd_store_open(":memory:", &s) != RASD_OK) {
        rasd_store_free(s);
        return NULL;
    }
    for (size_t i = 0; i < sizeof arts / sizeof *arts; i++) {
        rasd_doc d = {0};
        d.id = arts[i].id;
        d.title = arts[i].title;
        d.title_len = strlen(arts[i].title);
        d.text = arts[i].text;
        d.text_len = strlen(arts[i].text);
        d.kind = RASD_INPUT_JSONL;
        if (rasd_store_put(s, &d, NULL, NULL) != RASD_OK)
            abort();
    }
    /* A text that repeats one word: repeated query words multiply its matches. */
    static char many[300 * 9 + 1];
    for (size_t i = 0; i < 300; i++)
        memcpy(many + 9 * i, "\xD8\xAF\xD8\xA7\xD8\xB9\xD8\xB4 ", 9); /* داعش */
    rasd_doc d = {.id = "a3", .text = many, .text_len = sizeof many - 1,
                  .kind = RASD_INPUT_JSONL};
    if (rasd_store_put(s, &d, NULL, NULL) != RASD_OK || rasd_store_commit(s) != RASD_OK)
        abort();
    return s;
}

static size_t text_len(const char *id)
{
    if (!strcmp(id, "a3"))
        return 300 * 9;
    for (size_t i = 0; i < sizeof arts / sizeof *arts; i++)
        if (!strcmp(id, arts[i].id))
            return strlen(arts[i].text);
    abort();
}

static int on_hit(void *ctx, const rasd_hit *h)
{
    (void)ctx;
    size_t len = text_len(h->id);
    for (size_t i = 0; i < h->nmatch; i++) {
        uint32_t a = h->match[2 * i], b = h->match[2 * i + 1];
        if (a > b || b > len || (i && a < h->match[2 * i - 1]))
            abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static rasd_store *s;
    if (!s && !(s = open_store()))
        return 0;
    int rc = rasd_store_search(s, (const char *)data, size, 10, "<", ">", on_hit, NULL);
    if (rc != RASD_OK && rc != RASD_EINVAL && rc != RASD_ETOOBIG && rc != RASD_ENOMEM)
        abort();
    return 0;
}
