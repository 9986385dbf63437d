/* SPDX-License-Identifier: MIT */
/* Tax-residency day counter: from a trip log, the days spent in Russia and
 * in each host in the 12 months ending on a date and in its calendar year,
 * and the dates on which Russia's day test changes its answer. A counter
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

/* One date on which the answer of Russia's day test changes. */
typedef struct relok_tax_change {
    relok_day day;       /* the first day with the new answer */
    bool resident;       /* the new answer: >= 183 days in the 12 months ending then */
    int32_t days;        /* days in Russia in those 12 months */
} relok_tax_change;

/* Days per country (RU first, then the others in log order). */
typedef struct relok_tax_row {
    char country[3];
    int32_t days_12m;    /* days present in the 12 months ending on the date */
    int32_t days_year;   /* days present from 1 January of its year to the date */
} relok_tax_row;

typedef struct relok_tax_report {
    relok_day on;
    relok_day window_from;     /* first day of the 12 months ending on `on` */
    relok_tax_row *rows;       /* arena */
    size_t n_rows;
    int32_t unrecorded_12m;    /* days of the window with no trip recorded */
    bool ru_resident;          /* Russia's test on `on`: days_12m of RU >= 183 */
    relok_tax_change changes[RELOK_TAX_MAX_CHANGES]; /* from the first trip to `on` */
    size_t n_changes;
    bool changes_truncated;    /* more than RELOK_TAX_MAX_CHANGES (the latest are kept) */
} relok_tax_report;

/* The first day of the 12 months ending on d: (d - 12 months, d]. */
RELOK_API relok_day relok_tax_window_start(relok_day d);

/* Count. trips: validated as of `on` (relok_trips_split for a log with a
 * plan); permits count as presence (a permit holder lives there).
 * OUT: *out (rows in arena). RELOK_EINVAL, RELOK_ENOMEM. */
RELOK_API relok_status relok_tax_count(const relok_trip *trips, size_t n, relok_day on,
                                       relok_arena *arena, relok_tax_report *out,
                                       relok_error *err);

#endif
