/* SPDX-License-Identifier: MIT */
/* The stay planner: a lawful itinerary that keeps a person in one country
 * ("home") as many days as its stay rules allow between two dates, spending
 * the forced absences in countries that admit them, with as few crossings
 * as it can. Engine layer, no I/O. Every plan is re-checked leg by leg with
 * the stay engine before it is returned.
 *
 * Method (docs/stay.md, "Planner"): stay at home until the latest lawful
 * exit; re-enter home on the earliest lawful day (a same-day re-entry when
 * the home rule resets on it); cover the absence in between with stays
 * abroad, each as long as that country's own rule allows, choosing the
 * country that reaches farthest (fewest hops); among equals a country whose
 * rule is known, then a land neighbour, then by code. For every rule kind of the
 * notation this maximises the days at home (tested against exhaustive
 * search); the crossings are the fewest for that number of home days when
 * the absence countries are not a bottleneck. */
#ifndef RELOK_PLAN_H
#define RELOK_PLAN_H

#include "arena.h"
#include "kb.h"
#include "stay.h"

/* An inclusive range of days. */
typedef struct relok_day_range {
    relok_day from, to;
} relok_day_range;

/* A country the planner may use (the abstract interface the KB wrapper
 * fills in; tests fill it with synthetic rules). */
typedef struct relok_plan_place {
    char code[3];                  /* ISO 3166-1 alpha-2 */
    const relok_rule_span *spans;  /* its stay rule timeline for the document */
    size_t n_spans;                /* 0: no known rule -> never used abroad */
    const relok_day_range *entry;  /* days on which the document admits entry */
    size_t n_entry;
    const char (*links)[3];        /* places reachable by one land crossing; */
    size_t n_links;                /*   NULL: any place (air travel) */
    const char (*near)[3];         /* land neighbours, preferred for short trips */
    size_t n_near;                 /*   even when air travel is allowed (may be NULL) */
    unsigned area;                 /* places with the same non-zero area count
                                    * presence together (a zone); 0: alone */
} relok_plan_place;

typedef struct relok_plan_input {
    const relok_plan_place *places; /* places[0] is home, the others absences */
    size_t n_places;
    relok_day from;                 /* first day of the plan (at home if lawful) */
    relok_day until;                /* last day of the plan */
    const relok_trip *history;      /* earlier trips (any countries), may be NULL */
    size_t n_history;
} relok_plan_input;

/* One leg: a stay in one country; consecutive legs share their boundary day
 * (the day of the crossing counts in both countries, as the stay rules
 * count it). */
typedef struct relok_plan_leg {
    char country[3];
    relok_day entry;   /* first day */
    relok_day exit;    /* last day */
    bool is_home;
} relok_plan_leg;

typedef struct relok_plan {
    relok_plan_leg *legs;     /* in date order; arena memory */
    size_t n_legs;
    int32_t days_total;       /* days from `from` to `until`, inclusive */
    int32_t days_home;        /* of which at home (crossing days included) */
    int32_t n_crossings;      /* border crossings (legs - 1) */
    int32_t n_absences;       /* separate absences from home */
    bool uses_unknown_rule;   /* some leg was judged by a rule of kind unknown */
    bool home_reset_unknown;  /* home's rule is of kind unknown: no source confirms
                               * that leaving restarts its count, so the plan
                               * never counts on a border run there and stays
                               * away as long as the cautious count requires */
} relok_plan;

/* Make a plan. OUT: *out (legs in arena memory), written only on success.
 * RELOK_ENOPLAN with the reason in err when no lawful plan exists (home
 * admits no stay; the document is not accepted at home on a needed day; no
 * admitting country can host an absence), RELOK_EINVAL for bad input
 * (no places, from > until, spans or history breaking relok_stay_eval's
 * preconditions), RELOK_EINTERNAL if the re-check fails, RELOK_ENOMEM. */
RELOK_API relok_status relok_plan_make(const relok_plan_input *in, relok_arena *arena,
                                       relok_plan *out, relok_error *err);

/* A plan request against the knowledge base. */
typedef struct relok_plan_request {
    const char *home;          /* ISO code of the country to stay in */
    relok_doc doc;             /* the travel document used everywhere */
    const char *citizenship;   /* ISO code; NULL means "RU" */
    relok_day from, until;     /* the plan's first and last day */
    bool land_only;            /* only land neighbours with open crossings */
    const relok_trip *history; /* earlier trips (may be NULL), as for relok_plan_input */
    size_t n_history;
} relok_plan_request;

/* Plan from the KB: home's stay rule timeline for the document; absences in
 * the countries whose entry rule for the document is visa_free on the day of
 * entry (by land when land_only) and whose stay rule is known, excluding the
 * country of origin (a return to Russia is never proposed) and countries in
 * the same zone as home; with land_only only home's land neighbours with a
 * crossing that is not closed, hopping only between land neighbours. Home
 * must admit the document (visa_free) on each day of entry.
 * OUT: *out as relok_plan_make. RELOK_ENOTFOUND (no such country in the KB),
 * and the statuses of relok_plan_make. */
RELOK_API relok_status relok_plan_from_kb(const relok_kb *kb, const relok_plan_request *req,
                                          relok_arena *arena, relok_plan *out,
                                          relok_error *err);

/* The plan as JSON: {"home", "from", "until", "days_total", "days_home",
 * "crossings", "absences", "uses_unknown_rule", "home_reset_unknown", "legs": [{"country",
 * "entry", "exit", "days", "home"}]}. flags: RELOK_JSON_PRETTY or 0.
 * OUT: *out, malloc'd, free with relok_json_free. RELOK_ENOMEM. */
RELOK_API relok_status relok_plan_json(const relok_plan *plan, const char *home, relok_day from,
                                       relok_day until, unsigned flags, char **out,
                                       relok_error *err);

#endif
