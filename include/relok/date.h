/* SPDX-License-Identifier: MIT */
/* Calendar dates as day numbers (proleptic Gregorian, days since 1970-01-01).
 * Base layer, pure functions: no I/O, no time zones, no locale. */
#ifndef RELOK_DATE_H
#define RELOK_DATE_H

#include "common.h"
#include "error.h"

/* A date as a count of days since 1970-01-01 (negative before it). */
typedef int32_t relok_day;

/* Sentinels: an absent date, and the open ends of a validity interval. */
#define RELOK_DAY_NONE INT32_MIN
#define RELOK_DAY_MIN (INT32_MIN + 1)
#define RELOK_DAY_MAX INT32_MAX

/* Supported years; dates outside are rejected as out of range. */
#define RELOK_YEAR_MIN 1800
#define RELOK_YEAR_MAX 2200

/* How much of a date is known: "2023", "2023-10" or "2023-10-31". */
typedef enum relok_date_precision {
    RELOK_PREC_DAY = 0,
    RELOK_PREC_MONTH = 1,
    RELOK_PREC_YEAR = 2
} relok_date_precision;

/* A possibly partial date; `day` is the first day of the year or month it
 * names, so partial dates sort with full ones. */
typedef struct relok_pdate {
    relok_day day;                  /* first day covered */
    relok_date_precision precision; /* how much of the date is known */
} relok_pdate;

RELOK_API bool relok_date_is_leap(int32_t year);
/* Days in a month, 0 for an invalid month. */
RELOK_API int relok_date_days_in_month(int32_t year, int month);
/* Build a day number; RELOK_ERANGE for an impossible date (2023-02-29,
 * month 13, ...) or a year outside [RELOK_YEAR_MIN, RELOK_YEAR_MAX]. */
RELOK_API relok_status relok_date_from_ymd(int32_t year, int month, int day,
                                           relok_day *out_day, relok_error *err);
/* Split a day number into year, month (1-12) and day (1-31). */
RELOK_API void relok_date_to_ymd(relok_day d, int32_t *out_year, int *out_month,
                                 int *out_day);
/* Parse exactly "YYYY-MM-DD" (len bytes of s, no surrounding space).
 * RELOK_EPARSE for bad syntax, RELOK_ERANGE for an impossible date. */
RELOK_API relok_status relok_date_parse(const char *s, size_t len, relok_day *out_day,
                                        relok_error *err);
/* Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD". Same statuses as relok_date_parse. */
RELOK_API relok_status relok_pdate_parse(const char *s, size_t len, relok_pdate *out,
                                         relok_error *err);
/* Format as "YYYY-MM-DD" into buf (at least RELOK_DATE_BUF bytes). Returns buf.
 * RELOK_DAY_NONE formats as "-". */
enum { RELOK_DATE_BUF = 12 };
RELOK_API char *relok_date_format(relok_day d, char *buf);
/* Format a partial date to its precision ("2023", "2023-10", "2023-10-31"). */
RELOK_API char *relok_pdate_format(relok_pdate d, char *buf);
/* Weekday, 0 = Monday ... 6 = Sunday. */
RELOK_API int relok_date_weekday(relok_day d);
/* Add months, clamping the day to the target month's length
 * (2024-01-31 + 1 month = 2024-02-29). */
RELOK_API relok_day relok_date_add_months(relok_day d, int months);
/* Today's date in UTC from the system clock, or the pinned day. */
RELOK_API relok_day relok_date_today(void);
/* Pin what relok_date_today returns, for reproducible runs: a face reads
 * its setting (the CLI's RELOK_NOW) and pins the day; RELOK_DAY_NONE goes
 * back to the system clock. Process-wide, like the clock it stands for. */
RELOK_API void relok_date_pin_today(relok_day day);

#endif
