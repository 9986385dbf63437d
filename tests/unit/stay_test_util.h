/* SPDX-License-Identifier: MIT */
/* Small builders shared by the stay tests: dates, trips and rules from
 * literals. Test-only, header-only. */
#ifndef RELOK_TEST_STAY_UTIL_H
#define RELOK_TEST_STAY_UTIL_H

#include "relok/stay.h"

#include <string.h>

static inline relok_day sd(const char *s)
{
    relok_day d = RELOK_DAY_NONE;
    if (s == NULL)
        return RELOK_DAY_NONE;
    if (relok_date_parse(s, strlen(s), &d, NULL) != RELOK_OK)
        return RELOK_DAY_NONE;
    return d;
}

/* A visit; exit NULL = ongoing. */
static inline relok_trip visit(const char *cc, const char *entry, const char *exit)
{
    relok_trip t;
    memset(&t, 0, sizeof t);
    t.country[0] = cc[0];
    t.country[1] = cc[1];
    t.entry = sd(entry);
    t.exit = exit != NULL ? sd(exit) : RELOK_DAY_NONE;
    t.status = RELOK_TRIP_VISIT;
    return t;
}

static inline relok_trip permit(const char *cc, const char *entry, const char *exit)
{
    relok_trip t = visit(cc, entry, exit);
    t.status = RELOK_TRIP_PERMIT;
    return t;
}

static inline relok_rule rule_of(relok_rule_kind kind, int32_t max, int32_t window,
                                 int32_t gap)
{
    relok_rule r;
    memset(&r, 0, sizeof r);
    r.kind = kind;
    r.max_days = max;
    r.window_days = window;
    r.min_gap_days = gap;
    r.counts_from = RELOK_DAY_NONE;
    return r;
}

#define RULE_UNSET RELOK_RULE_UNSET

#endif
