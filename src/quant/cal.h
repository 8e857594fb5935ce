/* Calendar arithmetic: proleptic Gregorian days, weekdays, months, the Hijri calendar
 * (Umm al-Qura months from the new moon, arithmetical outside 1300..1600 AH) and Easter.
 * Pure functions, no state. */
#ifndef RASD_QUANT_CAL_H
#define RASD_QUANT_CAL_H
#include <stddef.h>
#include <stdint.h>

struct date_ymd {
    int y, m, d;           /* m 1..12, d 1..31; y 0 means unknown */
};

/* Days since 1970-01-01 of a Gregorian date (any d, m normalised by arithmetic). */
int64_t cal_days(int y, int m, int d);
/* The Gregorian date of a day number from cal_days. */
struct date_ymd cal_from_days(int64_t days);
/* 0 = Sunday .. 6 = Saturday. */
int cal_weekday(int64_t days);
/* Days in month m of year y (Gregorian). */
int cal_month_len(int y, int m);
/* 1 when y-m-d is a real Gregorian date with 1 <= y <= 9999. */
int cal_valid(int y, int m, int d);
/* Adds n months to (y, m) in place. */
void cal_add_months(int *y, int *m, int n);
/* Day number of Hijri date hy-hm-hd (hm past 12 rolls into the next years).  For 1300..1600
 * AH, months begin as the Umm al-Qura calendar of Saudi Arabia has them, approximated from
 * the astronomical new moon (the day after a conjunction before sunset at Mecca); outside
 * that range, by the arithmetical calendar (civil epoch, leap years 2 5 7 10 13 16 18 21 24
 * 26 29 of each 30). */
int64_t cal_hijri_days(int hy, int hm, int hd);
/* Hijri year that is current on Gregorian day `days`. */
int cal_hijri_year(int64_t days);
/* Day number of Western Easter Sunday of Gregorian year y. */
int64_t cal_easter_days(int y);
/* Parses "YYYY-MM-DD" exactly (10 bytes) into *out; returns 1 on success. */
int cal_parse_iso(const char *s, size_t n, struct date_ymd *out);
/* Writes "YYYY-MM-DD" and a NUL to buf (11 bytes). */
void cal_format(struct date_ymd d, char buf[11]);

#endif
