/* Normalization of Arabic text with an offset map back to the original bytes. */
#ifndef RASD_TEXT_NORM_H
#define RASD_TEXT_NORM_H
#include <stddef.h>
#include <stdint.h>

/* Writes the normalized form of the single code point cp under `flags` to out (room for
 * NORM_CP_MAX bytes); returns the byte count (0 when the step deletes it).  The same rules
 * rasd_normalize applies to each character, for callers that normalize lexicon entries. */
#define NORM_CP_MAX 80
int norm_cp(uint32_t cp, unsigned flags, char *out);

/* 1 when cp is one of the characters RASD_NORM_DIACRITICS removes. */
int norm_is_diacritic(uint32_t cp);

#endif
