/* SPDX-License-Identifier: MIT */
/* Stay engine: trip log + stay rules -> days used, days left, overstays,
 * latest lawful exit, earliest lawful re-entry. Engine layer, no I/O.
 * Conventions (DESIGN.md, "Stay rules - semantics", as the European
 * Commission's short-stay calculator counts): entry and exit days both count;
 * presence is the union of trips; the window for day D is [D - W + 1, D];
 * a stay in progress counts up to the day checked; days under a permit do not
 * count. docs/stay.md states every definition with worked examples. */
#ifndef RELOK_STAY_H
#define RELOK_STAY_H

#include "arena.h"
#include "date.h"
#include "error.h"
#include "kb.h"
#include "limits.h"
#include "rule.h"

/* What a trip-log row records. */
typedef enum relok_trip_status {
    RELOK_TRIP_VISIT = 0,  /* presence as a visitor: counts against stay rules */
    RELOK_TRIP_PERMIT = 1  /* a residence/work permit held over [entry, exit]:
                            * presence on those days does not count */
} relok_trip_status;

/* Where a trip-log row came from, for messages (trips.h). */
typedef enum relok_trip_origin {
    RELOK_TRIP_FROM_API = 0,  /* built by the caller */
    RELOK_TRIP_FROM_CSV = 1,  /* `line` is the 1-based CSV line */
    RELOK_TRIP_FROM_JSON = 2, /* `line` is the array index + 1 */
    RELOK_TRIP_FROM_DIARY = 3, /* `line` is the diary row id */
    RELOK_TRIP_FROM_ARGV = 4   /* the trip given on the command line */
} relok_trip_origin;

typedef struct relok_trip {
    char country[3];          /* ISO 3166-1 alpha-2, upper case */
    relok_day entry;          /* first day (for a permit: first day valid) */
    relok_day exit;           /* last day; RELOK_DAY_NONE when ongoing */
    relok_trip_status status;
    unsigned line;            /* 1-based line (CSV), index+1 (JSON) or diary id */
    relok_trip_origin origin; /* what `line` means */
} relok_trip;

/* One version of a rule in a timeline: `rule` governs days in [from, to]. */
typedef struct relok_rule_span {
    relok_day from;           /* RELOK_DAY_MIN for "always" */
    relok_day to;             /* RELOK_DAY_MAX for "still in force" */
    const relok_rule *rule;   /* borrowed */
} relok_rule_span;

/* Leaves of one rule the engine evaluates side by side: the rule reader
 * refuses more (relok/limits.h). */
enum { RELOK_STAY_MAX_PARTS = RELOK_MAX_RULE_LEAVES };

/* Answers for one part of an all_of rule (nested all_of parts are flattened,
 * in the order they are written). */
typedef struct relok_stay_part {
    relok_rule_kind kind;     /* the part's kind (never ALL_OF) */
    int32_t max_days;         /* the part's limit, days (0 for `none`) */
    int32_t window_days;      /* the part's window, days; -1 when it has none */
    int32_t days_used;        /* days */
    int32_t days_left;        /* days */
} relok_stay_part;

/* Everything the engine answers for one rule timeline, trips and check date.
 * Dates are RELOK_DAY_NONE and counts -1 where they do not apply (the JSON
 * shows null).
 *
 * Definitions (docs/stay.md). Presence P is the union of the visits, an
 * ongoing visit running to the check date. A day d is *counted* by a rule
 * when d is in P, not under a permit, and d >= the rule's counts_from. The
 * *count* of day d under a rule:
 *   rolling          counted days in [d - window_days + 1, d]
 *   per_entry        ordinal of d among the counted days of its stay; visits in
 *                    date order, a visit starts a new stay iff its entry minus
 *                    the latest exit before it is >= min_gap_days (so with 0 a
 *                    same-day re-entry resets, and that day belongs to the new
 *                    stay); for a day outside any visit: the counted days of
 *                    the most recent stay
 *   anchored         counted days since the start of d's period; a period is
 *                    window_days long and starts on the first counted day after
 *                    the previous period; 0 for a day in no period
 *   calendar_year    counted days since 1 January of d's year
 *   half_year        counted days since 1 January or 1 July
 *   unknown          as rolling when window_days is given, else every counted
 *                    day so far (no reset): the cautious reading
 *   none             as per_entry with min_gap_days 0, limit 0
 * Day d is *unlawful* when the rule in force on d (the span containing it)
 * counts d and, for some part, d's count exceeds the part's max_days. Days no
 * span covers are not judged: they are never unlawful (no known rule).
 * Counts use the whole history (a rule change is retroactive unless the new
 * rule has counts_from). */
typedef struct relok_stay_answer {
    int32_t days_used;            /* count of the check date under the rule in force
                                   * then (all_of: that of the binding part, the
                                   * first with the fewest days left); -1 when no
                                   * rule covers the check date */
    int32_t days_left;            /* max(0, max_days - days_used); min over all_of
                                   * parts; -1 when no rule covers the check date */
    bool overstay;                /* some day <= check was unlawful */
    relok_day first_overstay_day; /* the first such day, or NONE */
    bool inside;                  /* a visit covers the check date */
    bool departing;               /* inside, and every visit covering the check
                                   * date records it as its exit (none is
                                   * ongoing): a departure that day, answered
                                   * both ways - latest_exit as inside, and
                                   * earliest_reentry / max_stay_if_entering
                                   * from the next day on, as a short-stay
                                   * calculator answers on a day of departure */
    relok_day latest_exit;        /* inside: last day L >= check such that staying
                                   * without a break through L keeps every day of
                                   * [check, L] lawful; NONE when the check date is
                                   * unlawful or when latest_exit_unbounded */
    bool latest_exit_unbounded;   /* inside and no day of
                                   * [check, check + RELOK_MAX_HORIZON_DAYS] would
                                   * be unlawful */
    relok_day earliest_reentry;   /* outside: first day E in
                                   * [check, check + RELOK_MAX_HORIZON_DAYS] on
                                   * which entering is lawful (departing: in
                                   * [check + 1, ...]); NONE when there is none
                                   * (or when inside and not departing) */
    int32_t max_stay_if_entering; /* outside: days a stay entered on
                                   * earliest_reentry could last lawfully
                                   * (entry and exit day included); -1 when
                                   * earliest_reentry is NONE or the stay is
                                   * unbounded */
    bool max_stay_unbounded;      /* outside: that stay would stay lawful through
                                   * earliest_reentry + RELOK_MAX_HORIZON_DAYS */
    bool is_unknown_rule;         /* a rule in force between the first visit (or
                                   * the check date) and the check date has a part
                                   * of kind `unknown`: the cautious reading */
    bool no_stay_allowed;         /* the rule in force on the check date has a
                                   * part of kind `none`: a visa or permit is needed */
    bool is_all_of;               /* the rule in force on the check date is all_of */
    size_t n_parts;               /* all_of parts answered, 0 for simple rules */
    relok_stay_part parts[RELOK_STAY_MAX_PARTS];
} relok_stay_answer;

/* Evaluate a rule timeline against trips as of `check`.
 * spans: rule versions in date order, non-overlapping (n_spans >= 1); every
 *        rule needs the parameters of its kind (max_days; window_days for
 *        rolling and anchored).
 * trips: the trips that count for this area (one country, or every member of
 *        a zone), in any order; visits must not overlap within one country
 *        (sharing the boundary day, an exit and a same-day re-entry, is
 *        allowed), but may touch or overlap across countries of a zone (their
 *        union is taken); a visit's entry and exit must be <= check (an
 *        ongoing visit runs to `check`); permits mark days that do not count
 *        (a permit's exit may lie after `check`; an ongoing permit is assumed
 *        to end on `check`, the cautious reading). Dates must lie in
 *        RELOK_YEAR_MIN..RELOK_YEAR_MAX.
 * OUT: *out is fully written on success (untouched on failure).
 * RELOK_EINVAL for arguments that break these preconditions, RELOK_ENOMEM.
 * Work is O((trips + spans) log trips); no day-by-day scans. */
RELOK_API relok_status relok_stay_eval(const relok_rule_span *spans, size_t n_spans,
                                       const relok_trip *trips, size_t n_trips,
                                       relok_day check, relok_stay_answer *out,
                                       relok_error *err);

/* ------------------------------------------------------------- JSON out */

/* The answer as one JSON object with exactly: days_used, days_left,
 * overstay, first_overstay_day, latest_exit, departing, earliest_reentry,
 * max_stay_if_entering (null where they do not apply: no rule on the check
 * date, no overstay, outside/inside - re-entry is answered outside and when
 * departing -, an unbounded stay), and for an all_of
 * rule also `parts`: [{kind, max_days, window_days, days_used, days_left}, ...]
 * (max_days null for no_limit, window_days null when the part has none).
 * Dates are "YYYY-MM-DD".
 * flags: RELOK_JSON_PRETTY (relok/json.h) or 0.
 * OUT: *out, malloc'd, free with relok_json_free. RELOK_ENOMEM. */
RELOK_API relok_status relok_stay_answer_json(const relok_stay_answer *a, unsigned flags,
                                              char **out, relok_error *err);

/* One line of a per-country stay report (relok stay --trips). */
typedef struct relok_stay_row {
    char country[3];              /* the country answered for */
    const char *zone;             /* zone whose rule applies, or NULL */
    const relok_rule *rule;       /* rule in force on the check date, or NULL */
    const char *summary_en;       /* the rule in words, or NULL */
    const char *summary_ru;
    bool has_answer;              /* false: no stay rule known (answer unused) */
    relok_stay_answer answer;
} relok_stay_row;

/* The rows of a stay report from the KB: for `country` (or, when NULL, each
 * country the log visits, in log order, one row per zone since presence in
 * any member counts for all), the stay rule in force on `on` for RU citizens
 * holding `doc` (the country's own, else its zone's; members without a
 * country file use the zone's) and the engine's answer over every version of
 * that rule, counting the trips to the country and to every country sharing
 * its zone rule on `on`. A row has no answer when no rule is known.
 * trips: validated (relok_trips_validate). Rows live in arena.
 * OUT: *out_rows, *out_n. RELOK_EINVAL, RELOK_ENOMEM, or the engine's. */
RELOK_API relok_status relok_stay_rows_from_kb(const relok_kb *kb, const relok_trip *trips,
                                              size_t n, const char *country, relok_doc doc,
                                              relok_day on, relok_arena *arena,
                                              relok_stay_row **out_rows, size_t *out_n,
                                              relok_error *err);

/* {"date": "...", "countries": [{"country", "zone", "rule",
 * "inside", "unknown_rule", "no_stay_allowed", "latest_exit_unbounded",
 * "answer": <relok_stay_answer_json object or null>}]}. Same ownership and
 * statuses as relok_stay_answer_json. */
RELOK_API relok_status relok_stay_rows_json(relok_day check, const relok_stay_row *rows,
                                            size_t n, unsigned flags, char **out,
                                            relok_error *err);

/* --------------------------------------------------------- planned trips */

/* A log checked as of a date may hold a plan (relok_trips_validate_plans):
 * visits after the date, and a visit spanning it. The status on the date
 * counts only what happened by then: relok_trips_split copies the log with
 * the plan left out and a spanning visit cut at the date (made ongoing).
 * OUT: *out (arena) and *out_n. RELOK_ENOMEM. */
RELOK_API relok_status relok_trips_split(const relok_trip *trips, size_t n, relok_day on,
                                         relok_arena *arena, relok_trip **out, size_t *out_n,
                                         relok_error *err);

/* The verdict on one planned visit (or the rest of a visit spanning the
 * check date), in date order. Each is judged after everything before it,
 * earlier plans included, as they are planned, from its first day on (for
 * a spanning visit: from the check date on). */
typedef struct relok_planned {
    relok_trip trip;            /* the visit as planned */
    relok_day judged_from;      /* its entry, or the check date for a spanning visit */
    bool judged;                /* false: no stay rule is known, nothing below applies */
    bool lawful;                /* every day of it is lawful */
    relok_day first_unlawful;   /* its first unlawful day, or NONE when lawful */
    relok_day lawful_until;     /* the last day of its longest lawful version (same
                                 * entry), NONE when already judged_from is unlawful
                                 * or when lawful_unbounded */
    bool lawful_unbounded;      /* no limit within RELOK_MAX_HORIZON_DAYS */
    int32_t days_over;          /* days to cut from its end to make it lawful; 0 when
                                 * lawful; its whole length when none of it is lawful */
    relok_day earliest_entry;   /* when judged_from is unlawful: the first day a stay
                                 * could lawfully begin instead, or NONE */
    int32_t max_stay_then;      /* days a stay entered on earliest_entry may last;
                                 * -1 when NONE or unbounded */
} relok_planned;

/* Judge the plan of a log (validated with relok_trips_validate_plans) as of
 * `on`, per country by the knowledge base's rules (as relok_stay_rows_from_kb,
 * on each plan's first judged day) for RU citizens holding doc.
 * OUT: *out (arena, date order) and *out_n (0 without a plan).
 * RELOK_ENOMEM, or the engine's. */
RELOK_API relok_status relok_planned_from_kb(const relok_kb *kb, const relok_trip *trips,
                                             size_t n, relok_doc doc, relok_day on,
                                             relok_arena *arena, relok_planned **out,
                                             size_t *out_n, relok_error *err);

/* The same under an explicit rule timeline; every trip of the log counts. */
RELOK_API relok_status relok_planned_with_rule(const relok_rule_span *spans, size_t n_spans,
                                               const relok_trip *trips, size_t n, relok_day on,
                                               relok_arena *arena, relok_planned **out,
                                               size_t *out_n, relok_error *err);

/* relok_stay_rows_json with, when n_planned > 0, a "plans" array:
 * [{"country", "entry", "exit", "judged_from", "judged", "lawful",
 *   "first_unlawful_day", "lawful_until", "lawful_days", "days_over",
 *   "earliest_entry", "max_stay_then"}] (null where they do not apply;
 * lawful_days is the longest lawful version's length, null when unbounded).
 * Same ownership and statuses. */
RELOK_API relok_status relok_stay_report_json(relok_day check, const relok_stay_row *rows,
                                              size_t n, const relok_planned *planned,
                                              size_t n_planned, unsigned flags, char **out,
                                              relok_error *err);

/* relok_stay_answer_json with, when n_planned > 0, the same "plans" array
 * added to the object. */
RELOK_API relok_status relok_stay_answer_plans_json(const relok_stay_answer *a,
                                                    const relok_planned *planned,
                                                    size_t n_planned, unsigned flags,
                                                    char **out, relok_error *err);

/* The report's dates as an iCalendar file (RFC 5545, CRLF, folded): per
 * row the latest lawful exit (inside, when bounded) and the earliest lawful
 * re-entry (outside or departing); per unlawful plan its last lawful day.
 * All-day events, UID "relok-<kind>-<CC>-<YYYYMMDD>@relok.invalid",
 * DTSTAMP = stamp at 00:00 UTC, and with remind_days > 0 (up to 365) a
 * DISPLAY alarm that many days before. Summaries in lang.
 * OUT: *out, free with relok_stay_ics_free. RELOK_EINVAL, RELOK_ENOMEM. */
RELOK_API relok_status relok_stay_ics(const relok_stay_row *rows, size_t n,
                                      const relok_planned *planned, size_t n_planned,
                                      relok_day stamp, int remind_days, relok_lang lang,
                                      char **out, relok_error *err);
RELOK_API void relok_stay_ics_free(char *text);

#endif
