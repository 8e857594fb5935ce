/* Date and time expressions over the tokens of a normalized text: day/month/year in digits
 * and words, both Gregorian month-name systems and Hijri month names, weekdays, relative
 * words («أمس», «الشهر الماضي», «الجمعة الماضي»), parts of the day («مساء السبت»), clock
 * times, bare years, holidays and intervals, resolved against an anchor date. */
#ifndef RASD_QUANT_DATE_H
#define RASD_QUANT_DATE_H
#include "rasd.h"
#include "quant/cal.h"
#include <stddef.h>
#include <stdint.h>

/* Same values as RASD_GRAIN_* in rasd.h. */
enum date_grain {
    DATE_DAY = 1,
    DATE_WEEK,      /* date is the Monday that starts the week */
    DATE_MONTH,     /* date is the 1st of the month */
    DATE_YEAR,      /* date is January 1st */
    DATE_TIME       /* a clock time on date: hour/minute set when known */
};

/* Same values as RASD_PART_* in rasd.h: the part of the day an expression names. */
enum date_part { PART_NONE = 0, PART_DAWN, PART_MORNING, PART_NOON, PART_AFTERNOON,
                 PART_EVENING, PART_NIGHT };

struct date_ctx {
    struct date_ymd anchor; /* publication date (or "now"); anchor.y == 0: none */
    int future;             /* 1: bare weekdays and yearless dates look forward from the
                               anchor (scheduling usage); 0: backward, as news reports do */
};

struct date_match {
    uint32_t tok_first, tok_last; /* tokens covered, [first, last) */
    uint32_t start, end;          /* original bytes */
    int grain;                    /* enum date_grain */
    int resolved;                 /* 0: relative or yearless and no anchor to resolve it:
                                     date is unknown (still a date, not a number) */
    struct date_ymd date;         /* first day the expression covers */
    int has_end;                  /* 1 for intervals: end_date is their last day (inclusive) */
    struct date_ymd end_date;
    int hour, minute;             /* -1 when unknown (grain DATE_TIME sets hour) */
    int part;                     /* enum date_part */
    int hijri;                    /* 1 when written with a Hijri month name or year */
};

struct date_list {
    struct date_match *v;
    size_t n, cap;
};

/* Finds the date and time expressions among tokens [first, last) of tk over the normalized
 * text t and appends them to *out in text order (non-overlapping, none across a line
 * break), resolving relative ones against ctx (NULL: no anchor).  Returns RASD_OK,
 * RASD_ENOMEM or RASD_EDATA. */
int date_find(const rasd_text *t, const rasd_tokens *tk, uint32_t first, uint32_t last,
              const struct date_ctx *ctx, struct date_list *out);

struct qscan;

/* As date_find, over tokens already analysed by qscan_init (src/quant/qscan.h). */
int date_find_scan(const struct qscan *s, const struct date_ctx *ctx, struct date_list *out);

/* Releases l's array and zeroes it; NULL is a no-op. */
void date_list_free(struct date_list *l);

/* 1 when token i lies inside one of the matches of l (l may be NULL). Matches are in text
 * order, so callers scanning forward pass a cursor *pos that starts at 0. */
int date_list_covers(const struct date_list *l, uint32_t i, size_t *pos);

#endif
