/* Clitic analysis of normalized Arabic words (rasd_clitic_split). */
#ifndef RASD_TEXT_CLITIC_H
#define RASD_TEXT_CLITIC_H
#include <stddef.h>

/* Most analyses one word can have (proclitic sequences x pronoun suffixes). */
#define CLITIC_MAX_ANALYSES 64

#endif
