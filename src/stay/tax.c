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
        mark(trips, n, rows[k].country, lo, on, pre, day);
        rows[k].days_12m = range(pre, lo, out->window_from, on);
        rows[k].days_year = range(pre, lo, jan1, on);
        if (k != 0)
            continue;
        /* Russia's test on every day from the first one a full window
         * could hold a trip; record each change of answer. */
        out->ru_resident = rows[0].days_12m >= RELOK_TAX_RU_DAYS;
        bool prev = false;
        for (relok_day d = lo; d <= on; d++) {
            int32_t c = range(pre, lo, relok_tax_window_start(d), d);
            bool res = c >= RELOK_TAX_RU_DAYS;
            if (res == prev)
                continue;
            prev = res;
            if (out->n_changes == RELOK_TAX_MAX_CHANGES) {
                memmove(out->changes, out->changes + 1,
                        (RELOK_TAX_MAX_CHANGES - 1) * sizeof *out->changes);
                out->n_changes--;
                out->changes_truncated = true;
            }
            out->changes[out->n_changes++] = (relok_tax_change){d, res, c};
        }
    }
    mark(trips, n, NULL, lo, on, pre, day);
    out->unrecorded_12m = (on - out->window_from + 1) - range(pre, lo, out->window_from, on);
    out->rows = rows;
    out->n_rows = nr;
    return RELOK_OK;
}
