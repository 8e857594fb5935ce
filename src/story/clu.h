/* Story grouping internals shared with the tests: the knobs of the similarity and of the
 * life of a story. */
#ifndef RASD_STORY_CLU_H
#define RASD_STORY_CLU_H
#include "rasd.h"

#define CLU_DOC_TERMS 80      /* terms kept per article vector */
#define CLU_QUERY_TERMS 12    /* of which the heaviest look up candidate stories */
#define CLU_CENTROID_TERMS 120/* terms kept per story centroid */
#define CLU_TITLE_TERMS 12    /* terms kept per title vector */
#define CLU_TITLE_CENTROID 40 /* terms kept per story title centroid */
#define CLU_CANDIDATES 32     /* candidate stories scored in full per article */
#define CLU_TITLE_WEIGHT 3    /* a title word counts as this many text words */
#define CLU_LEAD_WORDS 60     /* the lead: the text's first words... */
#define CLU_LEAD_WEIGHT 2     /* ...count as this many */
#define CLU_THRESHOLD 0.20    /* least score to join a story */
#define CLU_PLACE_BONUS 0.15  /* times the specificity-weighted cosine of place counts */
#define CLU_GROUP_BONUS 0.05  /* times the specificity-weighted cosine of group counts */
#define CLU_IDF_SMOOTH 10.0   /* added to article and document counts in the IDF */
#define CLU_COUNTRY_WEIGHT 0.25 /* a whole country says this much of what a town says */
#define CLU_DECAY 0.95        /* a centroid's weight kept at each new member */
/* Days counted from a story's first day. */
#define CLU_OPEN_DAYS 2       /* until then any article similar enough joins */
#define CLU_SPAN_DAYS 9       /* until then an article with an anchor (10 calendar days) */
#define CLU_QUIET_DAYS 4      /* a story not reported for longer is over */
#define CLU_LATE_THRESHOLD 0.25 /* least score to join one without an anchor */
#define CLU_TITLE_ANCHOR 0.35 /* title cosine that anchors an article to a story */
#define CLU_GROUP_ANCHOR 0.45 /* specificity of a shared side that anchors */
#define CLU_BATTLE_SHARE 0.30 /* share of members counting armed sides: a battle */
#define CLU_MERGE_SCORE 0.25  /* a second story the article scores this with... */
#define CLU_MAIN_SHARE 0.25  /* a place counted this share of a story's most named is its own */
#define CLU_PLACE_ANCHOR 0.30 /* specificity of a place that tells events apart */
#define CLU_INCIDENT_SHARE 0.5 /* of the most an incident's story: one as much its story */
#define CLU_INCIDENT_QUIET 2 /* days without figures at a place after which a toll there is new */
#define CLU_INCIDENT_STORY 0.25 /* figures at a place per member: the story of an incident there */
#define CLU_REACTION_THRESHOLD 0.17 /* least score of an article naming that place, no figures */
#define CLU_ONE_SITE 0.5     /* share of a story's site counts at one site: its story */
#define CLU_BUSY_RATE 10.0   /* members a day above which a story is a big event... */
#define CLU_BUSIEST_RATE 100.0 /* ...and at which its threshold is lowest */
#define CLU_BUSY_BONUS 0.13   /* by this much */
#define CLU_BUSY_FLOOR 0.12   /* but not below this for an article naming no town */
#define CLU_HEADLINE_BUSY 0.3 /* a story this busy (about 20 members a day) takes... */
#define CLU_HEADLINE 0.05     /* ...an article this close to its titles' words, places left out */
#define CLU_REPOST_TITLE 0.8 /* title cosine of a recurring-topic item re-posted */
#define CLU_MERGE_COS 0.25    /* ...and whose centroid is this close is the same event */

#endif
