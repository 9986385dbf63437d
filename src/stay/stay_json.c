/* SPDX-License-Identifier: MIT */
/* JSON renderings of the stay layer: engine answers, per-country reports,
 * trip logs and plans. The CLI's --json and the HTTP API both use these, so
 * the faces cannot disagree. Engine layer, rendering only; json_t never
 * leaves this file (STYLE.md), callers get malloc'd text. */
#include "relok/json.h"
#include "relok/plan.h"
#include "relok/stay.h"
#include "relok/trips.h"

#include "base/error_int.h"
#include "base/json_int.h"
#include "stay_int.h"

#include <string.h>

static json_t *count_or_null(int32_t v) { return relok__json_int_or_null(v, -1); }

/* The answer object, exactly the documented fields. */
static json_t *answer_obj(relok__jb *jb, const relok_stay_answer *a)
{
    json_t *o = relok__jobject(jb);
    if (o == NULL)
        return NULL;
    relok__jset(jb, o, "days_used", count_or_null(a->days_used));
    relok__jset(jb, o, "days_left", count_or_null(a->days_left));
    relok__jset(jb, o, "overstay", json_boolean(a->overstay));
    relok__jset(jb, o, "first_overstay_day", relok__json_date(a->first_overstay_day));
    relok__jset(jb, o, "latest_exit",
                relok__json_date(a->inside ? a->latest_exit : RELOK_DAY_NONE));
    /* Re-entry is answered outside, and on a day of departure. */
    bool reentry = !a->inside || a->departing;
    relok__jset(jb, o, "departing", json_boolean(a->departing));
    relok__jset(jb, o, "earliest_reentry",
                relok__json_date(reentry ? a->earliest_reentry : RELOK_DAY_NONE));
    relok__jset(jb, o, "max_stay_if_entering",
                count_or_null(!reentry || a->earliest_reentry == RELOK_DAY_NONE
                                  ? -1
                                  : a->max_stay_if_entering));
    if (a->is_all_of) {
        json_t *parts = relok__jarray(jb);
        for (size_t i = 0; parts != NULL && i < a->n_parts; i++) {
            json_t *p = relok__jobject(jb);
            if (p == NULL)
                break;
            /* What the part limits, so that a face can name it ("60 days per
             * entry", "90 in any 180") instead of numbering it. */
            const relok_stay_part *pt = &a->parts[i];
            relok__jset(jb, p, "kind", relok__json_str_valid(relok_rule_kind_name(pt->kind)));
            relok__jset(jb, p, "max_days",
                        count_or_null(pt->kind == RELOK_RULE_NO_LIMIT ? -1 : pt->max_days));
            relok__jset(jb, p, "window_days", count_or_null(pt->window_days));
            relok__jset(jb, p, "days_used", count_or_null(a->parts[i].days_used));
            relok__jset(jb, p, "days_left", count_or_null(a->parts[i].days_left));
            relok__jpush(jb, parts, p);
        }
        relok__jset(jb, o, "parts", parts);
    }
    return o;
}

/* The verdicts on planned trips (relok_planned), exactly the documented
 * fields. */
static json_t *plans_arr(relok__jb *jb, const relok_planned *p, size_t n)
{
    json_t *arr = relok__jarray(jb);
    if (arr == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        json_t *o = relok__jobject(jb);
        if (o == NULL)
            break;
        const relok_planned *x = &p[i];
        char cc[3] = {x->trip.country[0], x->trip.country[1], '\0'};
        relok__jset(jb, o, "country", relok__json_str_valid(cc));
        relok__jset(jb, o, "entry", relok__json_date(x->trip.entry));
        relok__jset(jb, o, "exit", relok__json_date(x->trip.exit));
        relok__jset(jb, o, "judged_from", relok__json_date(x->judged_from));
        relok__jset(jb, o, "judged", json_boolean(x->judged));
        relok__jset(jb, o, "lawful", x->judged ? json_boolean(x->lawful) : json_null());
        relok__jset(jb, o, "first_unlawful_day", relok__json_date(x->first_unlawful));
        relok__jset(jb, o, "lawful_until", relok__json_date(x->lawful_until));
        relok__jset(jb, o, "lawful_days",
                    count_or_null(!x->judged || x->lawful_unbounded ? -1
                                  : x->lawful_until == RELOK_DAY_NONE
                                      ? 0
                                      : x->lawful_until - x->trip.entry + 1));
        relok__jset(jb, o, "days_over", count_or_null(x->judged ? x->days_over : -1));
        relok__jset(jb, o, "earliest_entry", relok__json_date(x->earliest_entry));
        relok__jset(jb, o, "max_stay_then",
                    count_or_null(x->earliest_entry == RELOK_DAY_NONE ? -1 : x->max_stay_then));
        relok__jpush(jb, arr, o);
    }
    return arr;
}

relok_status relok_stay_answer_json(const relok_stay_answer *a, unsigned flags, char **out,
                                    relok_error *err)
{
    return relok_stay_answer_plans_json(a, NULL, 0, flags, out, err);
}

relok_status relok_stay_answer_plans_json(const relok_stay_answer *a,
                                          const relok_planned *planned, size_t n_planned,
                                          unsigned flags, char **out, relok_error *err)
{
    *out = NULL;
    if (a == NULL)
        return relok__fail(err, RELOK_EINVAL, "no answer");
    relok__jb jb = relok__jb_begin();
    json_t *o = answer_obj(&jb, a);
    if (o != NULL && n_planned > 0)
        relok__jset(&jb, o, "plans", plans_arr(&jb, planned, n_planned));
    return relok__json_finish(&jb, o, flags, out, err);
}

relok_status relok_stay_rows_json(relok_day check, const relok_stay_row *rows, size_t n,
                                  unsigned flags, char **out, relok_error *err)
{
    return relok_stay_report_json(check, rows, n, NULL, 0, flags, out, err);
}

relok_status relok_stay_report_json(relok_day check, const relok_stay_row *rows, size_t n,
                                    const relok_planned *planned, size_t n_planned,
                                    unsigned flags, char **out, relok_error *err)
{
    *out = NULL;
    relok__jb jb = relok__jb_begin();
    json_t *root = json_object();
    json_t *arr = json_array();
    if (root == NULL || arr == NULL) {
        json_decref(root);
        json_decref(arr);
        relok__jb_end(&jb);
        return relok__fail(err, RELOK_ENOMEM, "out of memory while building JSON");
    }
    relok__jset(&jb, root, "date", relok__json_date(check));
    for (size_t i = 0; i < n; i++) {
        const relok_stay_row *r = &rows[i];
        json_t *o = json_object();
        if (o == NULL) {
            jb.failed = 1;
            break;
        }
        /* A validated ISO code, a KB id and our rule notation: valid UTF-8. */
        relok__jset(&jb, o, "country", relok__json_str_valid(r->country));
        relok__jset(&jb, o, "zone", relok__json_str_valid(r->zone));
        char rule[256];
        relok__jset(&jb, o, "rule",
                    r->rule != NULL
                        ? relok__json_str_valid(relok_rule_format(r->rule, rule, sizeof rule))
                        : json_null());
        /* No rule summary here: it is KB text, the same for everyone, and
         * the country answers carry it (GET /api/countries, cached); a trip
         * answer carries what is about the person. Rendering the bilingual
         * summaries was most of the cost of POST /api/stay. */
        if (r->has_answer) {
            relok__jset(&jb, o, "inside", json_boolean(r->answer.inside));
            relok__jset(&jb, o, "unknown_rule", json_boolean(r->answer.is_unknown_rule));
            relok__jset(&jb, o, "no_stay_allowed", json_boolean(r->answer.no_stay_allowed));
            relok__jset(&jb, o, "latest_exit_unbounded",
                        json_boolean(r->answer.inside && r->answer.latest_exit_unbounded));
            relok__jset(&jb, o, "answer", answer_obj(&jb, &r->answer));
        } else {
            relok__jset(&jb, o, "answer", json_null());
        }
        relok__jpush(&jb, arr, o);
    }
    relok__jset(&jb, root, "countries", arr);
    if (n_planned > 0)
        relok__jset(&jb, root, "plans", plans_arr(&jb, planned, n_planned));
    return relok__json_finish(&jb, root, flags, out, err);
}

relok_status relok_trips_to_json(const relok_trip *trips, size_t n, unsigned flags,
                                 char **out, relok_error *err)
{
    *out = NULL;
    relok__jb jb = relok__jb_begin();
    json_t *arr = json_array();
    if (arr == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory while building JSON");
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        if (o == NULL) {
            jb.failed = 1;
            break;
        }
        char cc[3] = {trips[i].country[0], trips[i].country[1], '\0'};
        if (flags & RELOK_TRIPS_JSON_IDS)
            relok__jset(&jb, o, "id", json_integer(trips[i].line));
        relok__jset(&jb, o, "country", relok__json_str(cc));
        relok__jset(&jb, o, "entry", relok__json_date(trips[i].entry));
        relok__jset(&jb, o, "exit", relok__json_date(trips[i].exit));
        relok__jset(&jb, o, "status",
                    json_string(trips[i].status == RELOK_TRIP_PERMIT ? "permit" : "visit"));
        relok__jpush(&jb, arr, o);
    }
    return relok__json_finish(&jb, arr, (flags & RELOK_TRIPS_JSON_PRETTY) ? RELOK_JSON_PRETTY : 0,
                              out, err);
}

relok_status relok_plan_json(const relok_plan *plan, const char *home, relok_day from,
                             relok_day until, unsigned flags, char **out, relok_error *err)
{
    *out = NULL;
    if (plan == NULL)
        return relok__fail(err, RELOK_EINVAL, "no plan");
    relok__jb jb = relok__jb_begin();
    json_t *root = json_object();
    json_t *legs = json_array();
    if (root == NULL || legs == NULL) {
        json_decref(root);
        json_decref(legs);
        relok__jb_end(&jb);
        return relok__fail(err, RELOK_ENOMEM, "out of memory while building JSON");
    }
    relok__jset(&jb, root, "home", relok__json_str(home));
    relok__jset(&jb, root, "from", relok__json_date(from));
    relok__jset(&jb, root, "until", relok__json_date(until));
    relok__jset(&jb, root, "days_total", json_integer(plan->days_total));
    relok__jset(&jb, root, "days_home", json_integer(plan->days_home));
    relok__jset(&jb, root, "crossings", json_integer(plan->n_crossings));
    relok__jset(&jb, root, "absences", json_integer(plan->n_absences));
    relok__jset(&jb, root, "uses_unknown_rule", json_boolean(plan->uses_unknown_rule));
    relok__jset(&jb, root, "home_reset_unknown", json_boolean(plan->home_reset_unknown));
    for (size_t i = 0; i < plan->n_legs; i++) {
        const relok_plan_leg *l = &plan->legs[i];
        json_t *o = json_object();
        if (o == NULL) {
            jb.failed = 1;
            break;
        }
        char cc[3] = {l->country[0], l->country[1], '\0'};
        relok__jset(&jb, o, "country", relok__json_str(cc));
        relok__jset(&jb, o, "entry", relok__json_date(l->entry));
        relok__jset(&jb, o, "exit", relok__json_date(l->exit));
        relok__jset(&jb, o, "days", json_integer(l->exit - l->entry + 1));
        relok__jset(&jb, o, "home", json_boolean(l->is_home));
        relok__jpush(&jb, legs, o);
    }
    relok__jset(&jb, root, "legs", legs);
    return relok__json_finish(&jb, root, flags, out, err);
}
