/* Light stemming (Lucene's ArabicStemmer rules) and Snowball Arabic through libstemmer. */
#ifndef RASD_TEXT_STEM_H
#define RASD_TEXT_STEM_H
#include <stddef.h>

#endif
