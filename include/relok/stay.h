/* SPDX-License-Identifier: MIT */
/* Stay engine: trip log + stay rules -> days used, days left, overstays,
 * latest lawful exit, earliest lawful re-entry. Engine layer, no I/O.
 * Conventions (DESIGN.md, "Stay rules - semantics", as the European
 * Commission's short-stay calculator counts): entry and exit days both count;
 * presence is the union of trips; the window for day D is [D - W + 1, D];
 * a stay in progress counts up to the day checked; days under a permit do not
 * count. */
#ifndef RELOK_STAY_H
#define RELOK_STAY_H

#include "arena.h"
#include "date.h"
#include "error.h"
#include "rule.h"

/* What a trip-log row records. */
typedef enum relok_trip_status {
    RELOK_TRIP_VISIT = 0,  /* presence as a visitor: counts against stay rules */
    RELOK_TRIP_PERMIT = 1  /* a residence/work permit held over [entry, exit]:
                            * presence on those days does not count */
} relok_trip_status;

typedef struct relok_trip {
    char country[3];          /* ISO 3166-1 alpha-2, upper case */
    relok_day entry;          /* first day (for a permit: first day valid) */
    relok_day exit;           /* last day; RELOK_DAY_NONE when ongoing */
    relok_trip_status status;
    unsigned line;            /* 1-based line (CSV) or index+1 (JSON) it came from */
} relok_trip;

/* One version of a rule in a timeline: `rule` governs days in [from, to]. */
typedef struct relok_rule_span {
    relok_day from;           /* RELOK_DAY_MIN for "always" */
    relok_day to;             /* RELOK_DAY_MAX for "still in force" */
    const relok_rule *rule;   /* borrowed */
} relok_rule_span;

enum { RELOK_STAY_MAX_PARTS = 8 };

/* Answers for one part of an all_of rule. */
typedef struct relok_stay_part {
    int32_t days_used;        /* days */
    int32_t days_left;        /* days */
} relok_stay_part;

/* Everything the engine answers for one rule timeline, trips and check date.
 * Dates are RELOK_DAY_NONE and counts -1 where they do not apply (the JSON
 * shows null). */
typedef struct relok_stay_answer {
    int32_t days_used;            /* count for the check date (see stay.c) */
    int32_t days_left;            /* max(0, limit - days_used); min over all_of parts */
    bool overstay;                /* some presence day up to the check date broke its limit */
    relok_day first_overstay_day; /* first such day, or NONE */
    bool inside;                  /* a trip covers the check date */
    relok_day latest_exit;        /* inside: last day L >= check such that staying
                                   * through L is lawful; NONE if check is unlawful */
    bool latest_exit_unbounded;   /* inside and no limit is ever reached */
    relok_day earliest_reentry;   /* outside: earliest lawful entry >= check */
    int32_t max_stay_if_entering; /* outside: consecutive lawful days from then */
    bool is_unknown_rule;         /* some part of the rule is `unknown`: cautious reading */
    bool no_stay_allowed;         /* rule kind `none`: a visa or permit is needed */
    size_t n_parts;               /* all_of parts answered, 0 for simple rules */
    relok_stay_part parts[RELOK_STAY_MAX_PARTS];
} relok_stay_answer;

/* Evaluate a rule timeline against trips as of `check`.
 * spans: rule versions in date order, non-overlapping (n_spans >= 1).
 * trips: the trips that count for this area (one country, or every member of
 *        a zone), in any order; visits must not overlap within one country,
 *        but may touch or overlap across countries of a zone (their union is
 *        taken); permits mark days that do not count; exits must be <= check
 *        (an ongoing trip runs to `check`).
 * RELOK_EINVAL for arguments that break these preconditions. */
RELOK_API relok_status relok_stay_eval(const relok_rule_span *spans, size_t n_spans,
                                       const relok_trip *trips, size_t n_trips,
                                       relok_day check, relok_stay_answer *out,
                                       relok_error *err);

#endif
