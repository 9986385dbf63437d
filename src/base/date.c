/* SPDX-License-Identifier: MIT */
/* Proleptic Gregorian calendar on day numbers. Base layer, no I/O except
 * relok_date_today, which reads the clock through os.c. */
#include "relok/date.h"

#include "error_int.h"
#include "os_int.h"

#include <stdio.h>

bool relok_date_is_leap(int32_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int relok_date_days_in_month(int32_t year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && relok_date_is_leap(year))
        return 29;
    return days[month - 1];
}

/* Days from 1970-01-01 to y-m-d: the era-based algorithm for the proleptic
 * Gregorian calendar (Howard Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms"), which needs no tables and works for negative years. */
static relok_day days_from_civil(int32_t y, int m, int d)
{
    y -= m <= 2;
    const int32_t era = (y >= 0 ? y : y - 399) / 400;
    const int32_t yoe = y - era * 400;                               /* [0, 399] */
    const int32_t mp = (m + 9) % 12;                                 /* March = 0 */
    const int32_t doy = (153 * mp + 2) / 5 + d - 1;                  /* [0, 365] */
    const int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;       /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void relok_date_to_ymd(relok_day z, int32_t *out_year, int *out_month, int *out_day)
{
    z += 719468;
    const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int32_t doe = z - era * 146097;
    const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int32_t mp = (5 * doy + 2) / 153;
    const int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    const int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *out_year = yoe + era * 400 + (m <= 2);
    *out_month = m;
    *out_day = d;
}

relok_status relok_date_from_ymd(int32_t year, int month, int day, relok_day *out_day,
                                 relok_error *err)
{
    if (year < RELOK_YEAR_MIN || year > RELOK_YEAR_MAX)
        return relok__fail(err, RELOK_ERANGE, "year %ld is outside %d..%d", (long)year,
                           RELOK_YEAR_MIN, RELOK_YEAR_MAX);
    if (month < 1 || month > 12)
        return relok__fail(err, RELOK_ERANGE, "month %d does not exist", month);
    int dim = relok_date_days_in_month(year, month);
    if (day < 1 || day > dim)
        return relok__fail(err, RELOK_ERANGE, "%04ld-%02d has no day %d", (long)year, month,
                           day);
    *out_day = days_from_civil(year, month, day);
    return RELOK_OK;
}

/* Exactly n ASCII digits at s; -1 otherwise. */
static long digits(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

relok_status relok_pdate_parse(const char *s, size_t len, relok_pdate *out,
                               relok_error *err)
{
    long y = -1, m = 1, d = 1;
    relok_date_precision prec;
    if (len == 4) {
        y = digits(s, 4);
        prec = RELOK_PREC_YEAR;
    } else if (len == 7 && s[4] == '-') {
        y = digits(s, 4);
        m = digits(s + 5, 2);
        prec = RELOK_PREC_MONTH;
    } else if (len == 10 && s[4] == '-' && s[7] == '-') {
        y = digits(s, 4);
        m = digits(s + 5, 2);
        d = digits(s + 8, 2);
        prec = RELOK_PREC_DAY;
    } else {
        return relok__fail(err, RELOK_EPARSE,
                           "'%.*s' is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)",
                           (int)(len > 40 ? 40 : len), s);
    }
    if (y < 0 || m < 0 || d < 0)
        return relok__fail(err, RELOK_EPARSE, "'%.*s' is not a date (digits expected)",
                           (int)len, s);
    relok_day day;
    relok_status rc = relok_date_from_ymd((int32_t)y, (int)m, (int)d, &day, err);
    if (rc != RELOK_OK)
        return rc;
    out->day = day;
    out->precision = prec;
    return RELOK_OK;
}

relok_status relok_date_parse(const char *s, size_t len, relok_day *out_day,
                              relok_error *err)
{
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return relok__fail(err, RELOK_EPARSE, "'%.*s' is not a date (expected YYYY-MM-DD)",
                           (int)(len > 40 ? 40 : len), s);
    relok_pdate p;
    relok_status rc = relok_pdate_parse(s, len, &p, err);
    if (rc != RELOK_OK)
        return rc;
    *out_day = p.day;
    return RELOK_OK;
}

char *relok_date_format(relok_day d, char *buf)
{
    if (d == RELOK_DAY_NONE || d == RELOK_DAY_MIN || d == RELOK_DAY_MAX) {
        buf[0] = '-';
        buf[1] = '\0';
        return buf;
    }
    int32_t y;
    int m, dd;
    relok_date_to_ymd(d, &y, &m, &dd);
    /* Digits by hand: every JSON answer formats many dates, and snprintf
     * was a tenth of the time of a stay request. Years are 1800..2200. */
    buf[0] = (char)('0' + y / 1000 % 10);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + dd / 10);
    buf[9] = (char)('0' + dd % 10);
    buf[10] = '\0';
    return buf;
}

char *relok_pdate_format(relok_pdate p, char *buf)
{
    relok_date_format(p.day, buf);
    if (p.precision == RELOK_PREC_YEAR)
        buf[4] = '\0';
    else if (p.precision == RELOK_PREC_MONTH)
        buf[7] = '\0';
    return buf;
}

int relok_date_weekday(relok_day d)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    int32_t w = (d % 7 + 7 + 3) % 7;
    return (int)w;
}

relok_day relok_date_add_months(relok_day d, int months)
{
    int32_t y;
    int m, dd;
    relok_date_to_ymd(d, &y, &m, &dd);
    int32_t total = y * 12 + (m - 1) + months;
    int32_t ny = total >= 0 ? total / 12 : (total - 11) / 12;
    int nm = (int)(total - ny * 12) + 1;
    int dim = relok_date_days_in_month(ny, nm);
    if (dd > dim)
        dd = dim;
    return days_from_civil(ny, nm, dd);
}

relok_day relok_date_today(void)
{
    int64_t secs = relok__os_time();
    int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    return (relok_day)days;
}
