#include "quant/cal.h"
#include "rasd.h"
#include <math.h>
#include <string.h>

static int64_t floordiv(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/* Days from civil (proleptic Gregorian), after H. Hinnant's algorithm. */
int64_t cal_days(int y, int m, int d)
{
    int64_t yy = (int64_t)y + floordiv((int64_t)m - 1, 12);
    int64_t mm = (int64_t)m - 1 - 12 * floordiv((int64_t)m - 1, 12) + 1;
    yy -= mm <= 2;
    int64_t era = floordiv(yy, 400);
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (mm + (mm > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct date_ymd cal_from_days(int64_t z)
{
    z += 719468;
    int64_t era = floordiv(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    struct date_ymd r;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}

int cal_weekday(int64_t days)
{
    return (int)(((days % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
}

int cal_month_len(int y, int m)
{
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return len[m - 1];
}

int cal_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= cal_month_len(y, m);
}

void cal_add_months(int *y, int *m, int n)
{
    int64_t t = (int64_t)*y * 12 + (*m - 1) + n;
    *y = (int)floordiv(t, 12);
    *m = (int)(t - (int64_t)*y * 12) + 1;
}

/* Civil epoch 1 Muharram 1 AH = Julian 622-07-16 = day -492148 from 1970-01-01. */
static int64_t hijri_tabular(int hy, int hm, int hd)
{
    return (int64_t)hd + (59 * (int64_t)(hm - 1) + 1) / 2 + ((int64_t)hy - 1) * 354 +
           floordiv(3 + 11 * (int64_t)hy, 30) - 1 - 492148;
}

/* Julian Ephemeris Day of the new moon of lunation k (k = 0: 2000-01-06), after J. Meeus,
 * Astronomical Algorithms, ch. 49, with the terms above 0.0001 day. */
static double new_moon_jde(double k)
{
    const double rad = 3.14159265358979323846 / 180;
    double t = k / 1236.85, e = 1 - 0.002516 * t - 0.0000074 * t * t;
    double m = (2.5534 + 29.10535670 * k - 0.0000014 * t * t) * rad;
    double mp = (201.5643 + 385.81693528 * k + 0.0107582 * t * t) * rad;
    double f = (160.7108 + 390.67050284 * k - 0.0016118 * t * t) * rad;
    double om = (124.7746 - 1.56375588 * k + 0.0020672 * t * t) * rad;
    double jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t * t;
    jde += -0.40720 * sin(mp) + 0.17241 * e * sin(m) + 0.01608 * sin(2 * mp) +
           0.01039 * sin(2 * f) + 0.00739 * e * sin(mp - m) - 0.00514 * e * sin(mp + m) +
           0.00208 * e * e * sin(2 * m) - 0.00111 * sin(mp - 2 * f) - 0.00057 * sin(mp + 2 * f) +
           0.00056 * e * sin(2 * mp + m) - 0.00042 * sin(3 * mp) + 0.00042 * e * sin(m + 2 * f) +
           0.00038 * e * sin(m - 2 * f) - 0.00024 * e * sin(2 * mp - m) - 0.00017 * sin(om) -
           0.00007 * sin(mp + 2 * m) + 0.00004 * sin(2 * mp - 2 * f) + 0.00004 * sin(3 * m) +
           0.00003 * sin(mp + m - 2 * f) + 0.00003 * sin(2 * mp + 2 * f) -
           0.00003 * sin(mp + m + 2 * f) + 0.00003 * sin(mp - m + 2 * f);
    return jde;
}

/* First day of Hijri month hm of hy as Saudi Arabia's Umm al-Qura calendar reckons it,
 * approximated: the day after the conjunction when it falls before sunset at Mecca, else
 * the day after that. */
static int64_t hijri_month_start(int hy, int hm)
{
    int64_t t = hijri_tabular(hy, hm, 1);
    double k = floor(((double)t + 2440587.5 - 1.5 - 2451550.09766) / 29.530588861 + 0.5);
    double d = new_moon_jde(k) - 69.0 / 86400 - 2440587.5; /* UT days since 1970 */
    int64_t day = (int64_t)floor(d);
    double hour = (d - (double)day) * 24;
    struct date_ymd ymd = cal_from_days(day);
    double doy = (double)(day - cal_days(ymd.y, 1, 1));
    double sunset = 15.6 + 0.55 * sin(2 * 3.14159265358979323846 * (doy - 80) / 365.25);
    return day + (hour < sunset ? 1 : 2);
}

int64_t cal_hijri_days(int hy, int hm, int hd)
{
    int64_t mi = (int64_t)hy * 12 + (hm - 1);
    hy = (int)floordiv(mi, 12);
    hm = (int)(mi - (int64_t)hy * 12) + 1;
    if (hy >= 1300 && hy <= 1600)
        return hijri_month_start(hy, hm) + hd - 1;
    return hijri_tabular(hy, hm, hd);
}

int cal_hijri_year(int64_t days)
{
    int64_t hy = floordiv((days + 492148) * 30 + 10646, 10631);
    while (cal_hijri_days((int)hy + 1, 1, 1) <= days)
        hy++;
    while (hy > 1 && cal_hijri_days((int)hy, 1, 1) > days)
        hy--;
    return (int)hy;
}

int64_t cal_easter_days(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
    return cal_days(y, month, day);
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int cal_parse_iso(const char *s, size_t n, struct date_ymd *out)
{
    if (!s || n != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !cal_valid(y, m, d))
        return 0;
    out->y = y;
    out->m = m;
    out->d = d;
    return 1;
}

/* "HH:MM" with hh < hmax at s; returns 1 when it is one. */
static int clock_hm(const char *s, int hmax)
{
    int h = digits(s, 2);
    if (h < 0 || h >= hmax || s[2] != ':')
        return 0;
    int m = digits(s + 3, 2);
    return m >= 0 && m < 60;
}

int rasd_published_check(const char *s)
{
    struct date_ymd ymd;
    size_t n = s ? strlen(s) : 0;
    if (n < 10 || !cal_parse_iso(s, 10, &ymd))
        return RASD_EINVAL;
    if (n == 10)
        return RASD_OK;
    const char *p = s + 10;
    if (*p++ != 'T' || !clock_hm(p, 24))
        return RASD_EINVAL;
    p += 5;
    if (p[0] == ':') {
        /* 60 is a leap second. */
        if (digits(p + 1, 2) < 0 || digits(p + 1, 2) > 60)
            return RASD_EINVAL;
        p += 3;
        if (*p == '.') {
            const char *f = ++p;
            while (*p >= '0' && *p <= '9')
                p++;
            if (p == f)
                return RASD_EINVAL;
        }
    }
    if (*p == 'Z')
        p++;
    else if ((*p == '+' || *p == '-') && clock_hm(p + 1, 15))
        p += 6;
    return *p ? RASD_EINVAL : RASD_OK;
}

void cal_format(struct date_ymd d, char buf[11])
{
    int y = d.y < 0 ? 0 : d.y > 9999 ? 9999 : d.y;
    int m = d.m < 0 ? 0 : d.m > 99 ? 99 : d.m;
    int dd = d.d < 0 ? 0 : d.d > 99 ? 99 : d.d;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + dd / 10);
    buf[9] = (char)('0' + dd % 10);
    buf[10] = 0;
}
