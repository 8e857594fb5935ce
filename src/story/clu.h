/* Story grouping internals shared with the tests: the knobs of the similarity. */
#ifndef RASD_STORY_CLU_H
#define RASD_STORY_CLU_H
#include "rasd.h"

#define CLU_DOC_TERMS 80      /* terms kept per article vector */
#define CLU_QUERY_TERMS 12    /* of which the heaviest look up candidate stories */
#define CLU_CENTROID_TERMS 120/* terms kept per story centroid */
#define CLU_CANDIDATES 32     /* candidate stories scored in full per article */
#define CLU_TITLE_WEIGHT 3    /* a title word counts as this many text words */
#define CLU_LEAD_WORDS 60     /* the lead: the text's first words... */
#define CLU_LEAD_WEIGHT 2     /* ...count as this many */
#define CLU_THRESHOLD 0.30    /* least score to join a story */
#define CLU_PLACE_BONUS 0.15  /* times the cosine of place counts */
#define CLU_GROUP_BONUS 0.05  /* times the cosine of group counts */
#define CLU_IDF_SMOOTH 10.0   /* added to article and document counts in the IDF */


#endif
