#include "quant/cal.h"
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
int64_t cal_hijri_days(int hy, int hm, int hd)
{
    return (int64_t)hd + (59 * (int64_t)(hm - 1) + 1) / 2 + ((int64_t)hy - 1) * 354 +
           floordiv(3 + 11 * (int64_t)hy, 30) - 1 - 492148;
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
