/* SPDX-License-Identifier: MIT */
/* Tax-residency day counter (relok/tax.h). Presence is marked day by day
 * over the span of the log - a few thousand days - with prefix sums, so a
 * window count is two lookups. Engine layer, no I/O. */
#include "relok/tax.h"

#include "base/alloc_int.h"
#include "base/error_int.h"

#include <string.h>

relok_day relok_tax_window_start(relok_day d)
{
    int32_t y;
    int m, dd;
    relok_date_to_ymd(d, &y, &m, &dd);
    int last = relok_date_days_in_month(y - 1, m);
    relok_day back = RELOK_DAY_NONE;
    if (relok_date_from_ymd(y - 1, m, dd < last ? dd : last, &back, NULL) != RELOK_OK)
        return d - 364; /* year outside the supported range: a plain year */
    return back + 1;
}

/* Days of country cc (or, with cc NULL, of any trip) in [a, b], from the
 * prefix sums pre over days lo.. */
static int32_t range(const int32_t *pre, relok_day lo, relok_day a, relok_day b)
{
    if (a < lo)
        a = lo;
    if (b < a)
        return 0;
    return pre[b - lo + 1] - pre[a - lo];
}

/* Prefix sums of "present in cc" (cc NULL: in any recorded trip) over
 * [lo, on]. */
static void mark(const relok_trip *t, size_t n, const char *cc, relok_day lo, relok_day on,
                 int32_t *pre, unsigned char *day)
{
    size_t len = (size_t)(on - lo + 1);
    memset(day, 0, len);
    for (size_t i = 0; i < n; i++) {
        if (cc != NULL && strcmp(t[i].country, cc) != 0)
            continue;
        relok_day b = t[i].exit == RELOK_DAY_NONE || t[i].exit > on ? on : t[i].exit;
        for (relok_day d = t[i].entry; d <= b; d++)
            day[d - lo] = 1;
    }
    pre[0] = 0;
    for (size_t i = 0; i < len; i++)
        pre[i + 1] = pre[i] + day[i];
}

/* First day of the period that rule counts over, ending on d. */
static relok_day period_start(const relok_tax_rule *rule, relok_day d)
{
    if (rule->period == RELOK_TAX_MONTHS_12)
        return relok_tax_window_start(d);
    int32_t y;
    int m, dd;
    relok_date_to_ymd(d, &y, &m, &dd);
    relok_day jan1 = d;
    (void)relok_date_from_ymd(y, 1, 1, &jan1, NULL); /* d's own year: always valid */
    return jan1;
}

/* Run row's rule over every day lo..on (prefix sums pre): its answer on
 * `on`, the first day of on's year it held, and each change of answer. */
static relok_status test_row(relok_tax_row *row, const int32_t *pre, relok_day lo, relok_day on,
                             relok_day jan1, relok_arena *arena, relok_error *err)
{
    const relok_tax_rule *rule = row->rule;
    row->met_in_year = RELOK_DAY_NONE;
    row->days_counted = range(pre, lo, period_start(rule, on), on);
    row->resident = row->days_counted >= rule->min_days;
    row->changes = relok_arena_calloc(arena, RELOK_TAX_MAX_CHANGES, sizeof *row->changes);
    if (row->changes == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    bool prev = false;
    for (relok_day d = lo; d <= on; d++) {
        int32_t c = range(pre, lo, period_start(rule, d), d);
        bool res = c >= rule->min_days;
        if (res && d >= jan1 && row->met_in_year == RELOK_DAY_NONE)
            row->met_in_year = d;
        if (res == prev)
            continue;
        prev = res;
        if (row->n_changes == RELOK_TAX_MAX_CHANGES) {
            memmove(row->changes, row->changes + 1,
                    (RELOK_TAX_MAX_CHANGES - 1) * sizeof *row->changes);
            row->n_changes--;
            row->changes_truncated = true;
        }
        row->changes[row->n_changes++] = (relok_tax_change){d, res, c};
    }
    return RELOK_OK;
}

relok_status relok_tax_count(const relok_trip *trips, size_t n, relok_day on,
                             relok_arena *arena, relok_tax_report *out, relok_error *err)
{
    if ((trips == NULL && n > 0) || out == NULL)
        return relok__fail(err, RELOK_EINVAL, "invalid arguments");
    memset(out, 0, sizeof *out);
    out->on = on;
    out->window_from = relok_tax_window_start(on);
    relok_day lo = out->window_from;
    for (size_t i = 0; i < n; i++) {
        if (trips[i].entry > on)
            return relok__fail(err, RELOK_EINVAL, "trip %zu starts after the date", i + 1);
        if (trips[i].entry < lo)
            lo = trips[i].entry;
    }
    int32_t y;
    int m, dd;
    relok_date_to_ymd(on, &y, &m, &dd);
    relok_day jan1 = RELOK_DAY_NONE;
    (void)relok_date_from_ymd(y, 1, 1, &jan1, NULL);
    if (jan1 < lo)
        lo = jan1;
    size_t len = (size_t)(on - lo + 1);
    int32_t *pre = relok_arena_calloc(arena, len + 1, sizeof *pre);
    unsigned char *day = relok_arena_calloc(arena, len, 1);
    relok_tax_row *rows = relok_arena_calloc(arena, n + 1, sizeof *rows);
    if (pre == NULL || day == NULL || rows == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");

    /* Rows: RU first, then the other countries in log order. */
    size_t nr = 0;
    memcpy(rows[nr++].country, "RU", 3);
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t k = 0; k < nr && !seen; k++)
            seen = strcmp(rows[k].country, trips[i].country) == 0;
        if (!seen)
            memcpy(rows[nr++].country, trips[i].country, 3);
    }
    for (size_t k = 0; k < nr; k++) {
        relok_tax_row *row = &rows[k];
        mark(trips, n, row->country, lo, on, pre, day);
        row->days_12m = range(pre, lo, out->window_from, on);
        row->days_year = range(pre, lo, jan1, on);
        row->days_counted = -1;
        row->met_in_year = RELOK_DAY_NONE;
        row->rule = relok_tax_rule_of(row->country);
        if (row->rule == NULL)
            continue;
        relok_status s = test_row(row, pre, lo, on, jan1, arena, err);
        if (s != RELOK_OK)
            return s;
    }
    /* Russia's answer, also at the top for callers that only ask it. */
    out->ru_resident = rows[0].resident;
    out->n_changes = rows[0].n_changes;
    out->changes_truncated = rows[0].changes_truncated;
    memcpy(out->changes, rows[0].changes, rows[0].n_changes * sizeof *out->changes);
    mark(trips, n, NULL, lo, on, pre, day);
    out->unrecorded_12m = (on - out->window_from + 1) - range(pre, lo, out->window_from, on);
    out->rows = rows;
    out->n_rows = nr;
    return RELOK_OK;
}
