/* Sentence boundaries over tokens: see tok_sentences in text/token.h. */
#ifndef RASD_TEXT_SENTENCE_H
#define RASD_TEXT_SENTENCE_H
#include <stdint.h>

/* 1 for characters that end a sentence: . ! ? ; ؟ ؛ ۔ … ‼ ⁇ ⁈ ⁉ */
int sent_is_terminator(uint32_t cp);

#endif
