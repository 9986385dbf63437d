/* SPDX-License-Identifier: MIT */
/* Tax-residency day counter: from a trip log, the days spent in Russia and
 * in each host in the 12 months ending on a date and in its calendar year,
 * and the dates on which the day test of Russia and of each host whose rule
 * relok records (tax_rules.c cites each) changes its answer. A counter
 * with explained dates, not tax advice: residency also depends on facts a
 * trip log does not hold (treaties, exceptions for treatment or study).
 * Engine layer, no I/O.
 *
 * Russia's test (Tax Code of the Russian Federation, art. 207 para 2, as
 * quoted by taxslov.ru/qa/q50.htm and consultant.ru/law/podborki/183_dnej_nk_rf,
 * read 2026-12-06): a person actually present in Russia at least 183
 * calendar days within 12 consecutive months is a tax resident.
 * Our readings (assumptions, unverified): the 12 months ending on day D are
 * (D minus 12 months, D], the month-shift clamped to the month's last day
 * (so the window ending 2025-02-28 starts on 2024-02-29 and holds 366
 * days); days of entry and exit both count as days present; only trips the
 * log records to RU count as days in Russia - days with no trip recorded
 * are counted apart, never guessed. */
#ifndef RELOK_TAX_H
#define RELOK_TAX_H

#include "arena.h"
#include "stay.h"

enum { RELOK_TAX_MAX_CHANGES = 64 };

/* Russia's threshold, days (art. 207 para 2). */
#define RELOK_TAX_RU_DAYS 183

/* The period a country's day test counts over. */
#define RELOK_TAX_PERIOD_MAP(X)                                              \
    X(MONTHS_12, "12_months")       /* any 12 consecutive months ending on the day */ \
    X(CALENDAR_YEAR, "calendar_year") /* 1 January of the day's year to the day */
typedef enum relok_tax_period {
#define RELOK_TAX_PERIOD_ENUM(n, s) RELOK_TAX_##n,
    RELOK_TAX_PERIOD_MAP(RELOK_TAX_PERIOD_ENUM)
#undef RELOK_TAX_PERIOD_ENUM
    RELOK_TAX_PERIOD_COUNT_
} relok_tax_period;

/* One country's day test for tax residency, as a law states it and a
 * source read by us reports it. Static data, never freed. */
typedef struct relok_tax_rule {
    char country[3];           /* ISO 3166-1 alpha-2 */
    relok_tax_period period;   /* what the days are counted over */
    int32_t min_days;          /* days present needed, inclusive */
    const char *law_en;        /* the provision, in words ("Tax Code art. 207 para 2") */
    const char *law_ru;
    const char *note_en;       /* what else the law weighs, or how the year follows */
    const char *note_ru;
    const char *url;           /* the page we read */
    const char *read;          /* when we read it, "YYYY-MM-DD" */
} relok_tax_rule;

/* The rules relok records (Russia first), in a static table; *out_n is
 * their number. Each cites its source (tax_rules.c). */
RELOK_API const relok_tax_rule *relok_tax_rules(size_t *out_n);
/* The rule of country cc, NULL when relok records none. */
RELOK_API const relok_tax_rule *relok_tax_rule_of(const char *cc);
/* The warning every output carries (a counter, not advice), and our
 * readings of the laws (assumptions), in lang. Static text. */
RELOK_API const char *relok_tax_notice(relok_lang lang);
RELOK_API const char *relok_tax_reading(relok_lang lang);
/* "12_months" / "calendar_year"; NULL out of range. */
RELOK_API const char *relok_tax_period_name(relok_tax_period p);

/* One date on which the answer of a country's day test changes. */
typedef struct relok_tax_change {
    relok_day day;       /* the first day with the new answer */
    bool resident;       /* the new answer: days in the period ending then >= min_days */
    int32_t days;        /* days present in that period */
} relok_tax_change;

/* Days per country (RU first, then the others in log order). */
typedef struct relok_tax_row {
    char country[3];
    int32_t days_12m;    /* days present in the 12 months ending on the date */
    int32_t days_year;   /* days present from 1 January of its year to the date */
    const relok_tax_rule *rule; /* the country's day test; NULL when none is recorded */
    bool resident;       /* the test on the date (false without a rule) */
    int32_t days_counted;/* days in the rule's period ending on the date; -1 without a rule */
    relok_day met_in_year; /* first day of the date's calendar year on which the
                              test held (up to the date); RELOK_DAY_NONE if none */
    relok_tax_change *changes; /* arena; from the first trip to the date */
    size_t n_changes;
    bool changes_truncated;    /* more than RELOK_TAX_MAX_CHANGES (the latest are kept) */
} relok_tax_row;

typedef struct relok_tax_report {
    relok_day on;
    relok_day window_from;     /* first day of the 12 months ending on `on` */
    relok_tax_row *rows;       /* arena */
    size_t n_rows;
    int32_t unrecorded_12m;    /* days of the window with no trip recorded */
    bool ru_resident;          /* Russia's test on `on`: days_12m of RU >= 183 */
    relok_tax_change changes[RELOK_TAX_MAX_CHANGES]; /* Russia's, from the first trip to `on` */
    size_t n_changes;
    bool changes_truncated;    /* more than RELOK_TAX_MAX_CHANGES (the latest are kept) */
} relok_tax_report;

/* The first day of the 12 months ending on d: (d - 12 months, d]. */
RELOK_API relok_day relok_tax_window_start(relok_day d);

/* Count. trips: validated as of `on` (relok_trips_split for a log with a
 * plan); permits count as presence (a permit holder lives there). Every
 * country with a recorded rule gets its test and change dates.
 * OUT: *out (rows in arena). RELOK_EINVAL, RELOK_ENOMEM. */
RELOK_API relok_status relok_tax_count(const relok_trip *trips, size_t n, relok_day on,
                                       relok_arena *arena, relok_tax_report *out,
                                       relok_error *err);

/* The report as JSON (docs/api.md, POST /api/tax), shared by `relok stay
 * --tax --json` and the API. flags: RELOK_JSON_PRETTY or 0.
 * OUT: *out, malloc'd, free with relok_json_free. RELOK_ENOMEM. */
RELOK_API relok_status relok_tax_json(const relok_tax_report *r, unsigned flags, char **out,
                                      relok_error *err);

#endif
