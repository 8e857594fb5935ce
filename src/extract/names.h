/* The places and sides a stretch of text names, by the extraction lexicons alone (no
 * figure needed): what a report's title and lead say it is about. */
#ifndef RASD_EXTRACT_NAMES_H
#define RASD_EXTRACT_NAMES_H
#include "rasd.h"

struct lex;

/* As rasd_extract_names, over compiled lexicons L. */
int names_scan(const struct lex *L, const char *text, size_t len, size_t max_words,
               rasd_name_cb cb, void *ud);

#endif
