/* rasd's Arabic tokenizer for SQLite FTS5, usable outside SQLite too (query checks,
 * benchmarks). */
#ifndef RASD_STORE_FTS_H
#define RASD_STORE_FTS_H
#include <stddef.h>

/* Receives one token: its bytes tok[0..n) and its span [start, end) in the original text.
 * Returns 0 to go on, non-zero to stop (passed back by fts_tokenize). */
typedef int (*fts_token_fn)(void *ctx, const char *tok, int n, int start, int end);

/* Splits text[0..len) into search tokens: Arabic words normalized (RASD_NORM_SEARCH) and
 * light-stemmed, Latin words lower-cased, numbers as normalized (ASCII digits); punctuation
 * dropped; invalid UTF-8 replaced, never refused.  Returns 0, a callback's non-zero
 * value, or a negative RASD_E* status (RASD_ENOMEM, RASD_ETOOBIG). */
int fts_tokenize(const char *text, size_t len, fts_token_fn fn, void *ctx);

#endif
