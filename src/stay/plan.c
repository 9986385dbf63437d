/* SPDX-License-Identifier: MIT */
/* The stay planner (plan.h): greedy construction on top of the stay engine,
 * then a leg-by-leg re-check with the engine. Engine layer, no I/O.
 *
 * Why greedy is right for the home days: every rule kind's count for a day
 * depends only on presence up to that day, and presence never lowers a later
 * count less than absence does. Staying until the latest lawful exit and
 * coming back on the earliest lawful day therefore never loses a home day
 * that another itinerary could have had (rolling windows: each day that is
 * lawful to add is added, the classic argument for interval packing with
 * windows of one length; per_entry, anchored and calendar periods: each
 * stay or period is filled to its limit and the next one starts as early as
 * the rule allows). test_plan.c checks this against exhaustive search. */
#include "relok/plan.h"

#include "base/alloc_int.h"
#include "base/error_int.h"
#include "base/limits.h"
#include "stay_int.h"

#include <string.h>

typedef struct planner {
    const relok_plan_input *in;
    relok_error *err;
    relok_plan_leg *legs; /* heap while building */
    size_t n_legs, cap_legs;
    relok_trip *tbuf;     /* scratch trips for engine calls */
    size_t tcap;
    bool used_unknown;
    bool home_unknown; /* home itself was judged by a rule of kind unknown */
} planner;

static const relok_plan_place *home_of(const planner *p) { return &p->in->places[0]; }

static bool same_place(const relok_plan_place *a, const relok_plan_place *b)
{
    return a == b || memcmp(a->code, b->code, 2) == 0;
}

/* Does presence in country `code` count for place p (itself or its zone)? */
static bool in_area(const planner *p, const relok_plan_place *pl, const char *code)
{
    if (memcmp(pl->code, code, 2) == 0)
        return true;
    if (pl->area == 0)
        return false;
    for (size_t i = 0; i < p->in->n_places; i++) {
        const relok_plan_place *q = &p->in->places[i];
        if (memcmp(q->code, code, 2) == 0)
            return q->area == pl->area;
    }
    return false;
}

static bool entry_ok(const relok_plan_place *pl, relok_day d)
{
    for (size_t i = 0; i < pl->n_entry; i++)
        if (pl->entry[i].from <= d && d <= pl->entry[i].to)
            return true;
    return false;
}

/* Can one cross directly from a to b? */
static bool link_ok(const relok_plan_place *a, const relok_plan_place *b)
{
    if (a == NULL || a->links == NULL)
        return true;
    for (size_t i = 0; i < a->n_links; i++)
        if (memcmp(a->links[i], b->code, 2) == 0)
            return true;
    return false;
}

/* Is b a land neighbour of a (a short trip rather than a flight)? */
static bool is_near(const relok_plan_place *a, const relok_plan_place *b)
{
    if (a == NULL)
        return true;
    for (size_t i = 0; i < a->n_near; i++)
        if (memcmp(a->near[i], b->code, 2) == 0)
            return true;
    return false;
}

static relok_status push_leg(planner *p, const relok_plan_place *pl, relok_day a, relok_day b,
                             bool is_home)
{
    if (p->n_legs == p->cap_legs) {
        size_t cap = p->cap_legs == 0 ? 16 : p->cap_legs * 2;
        relok_plan_leg *bigger = relok__mallocarray(p->legs, cap, sizeof *bigger);
        if (bigger == NULL)
            return relok__fail(p->err, RELOK_ENOMEM, "out of memory");
        p->legs = bigger;
        p->cap_legs = cap;
    }
    relok_plan_leg *l = &p->legs[p->n_legs++];
    memcpy(l->country, pl->code, 3);
    l->entry = a;
    l->exit = b;
    l->is_home = is_home;
    return RELOK_OK;
}

/* The trips that count for place pl: history and plan legs in its area,
 * plus an optional extra visit (entry, exit or NONE for ongoing). Returns
 * the count; the array is p->tbuf. */
static size_t gather(planner *p, const relok_plan_place *pl, relok_day extra_a,
                     relok_day extra_b)
{
    size_t n = 0;
    for (size_t i = 0; i < p->in->n_history; i++)
        if (in_area(p, pl, p->in->history[i].country))
            p->tbuf[n++] = p->in->history[i];
    const size_t nh = n; /* the first nh trips come from the history */
    for (size_t i = 0; i < p->n_legs; i++) {
        if (!in_area(p, pl, p->legs[i].country))
            continue;
        relok_trip *t = &p->tbuf[n++];
        memset(t, 0, sizeof *t);
        memcpy(t->country, p->legs[i].country, 3);
        t->entry = p->legs[i].entry;
        t->exit = p->legs[i].exit;
        t->status = RELOK_TRIP_VISIT;
    }
    if (extra_a != RELOK_DAY_NONE) {
        relok_trip *t = &p->tbuf[n++];
        memset(t, 0, sizeof *t);
        memcpy(t->country, pl->code, 3);
        t->entry = extra_a;
        t->exit = extra_b;
        t->status = RELOK_TRIP_VISIT;
    }
    /* An ongoing history visit at home continues into the plan: the first
     * home leg is the same stay, so merge it into that visit. */
    for (size_t i = 0; i < nh; i++) {
        if (p->tbuf[i].exit != RELOK_DAY_NONE || p->tbuf[i].status != RELOK_TRIP_VISIT)
            continue;
        for (size_t k = nh; k < n; k++)
            if (p->tbuf[k].entry == p->in->from &&
                memcmp(p->tbuf[k].country, p->tbuf[i].country, 2) == 0) {
                p->tbuf[k].entry = p->tbuf[i].entry;
                p->tbuf[i] = p->tbuf[--n];
                break;
            }
        break; /* the history has at most one visit in progress */
    }
    return n;
}

/* The last day of the run of rule spans that covers d without a gap, or
 * NONE when no span covers d. The planner never counts on days without a
 * known rule (the engine does not judge them; a plan must not rely on it). */
static relok_day coverage_end(const relok_plan_place *pl, relok_day d)
{
    relok_day end = RELOK_DAY_NONE;
    for (size_t i = 0; i < pl->n_spans; i++) {
        const relok_rule_span *sp = &pl->spans[i];
        if (end == RELOK_DAY_NONE) {
            if (sp->from <= d && d <= sp->to)
                end = sp->to;
        } else if (end != RELOK_DAY_MAX && sp->from == end + 1) {
            end = sp->to;
        }
    }
    return end;
}

/* The first day >= d that a rule span covers, or NONE. */
static relok_day next_covered(const relok_plan_place *pl, relok_day d)
{
    relok_day best = RELOK_DAY_NONE;
    for (size_t i = 0; i < pl->n_spans; i++) {
        const relok_rule_span *sp = &pl->spans[i];
        if (sp->to < d)
            continue;
        relok_day c = sp->from > d ? sp->from : d;
        if (best == RELOK_DAY_NONE || c < best)
            best = c;
    }
    return best;
}

static relok_status eval(planner *p, const relok_plan_place *pl, size_t n, relok_day check,
                         relok_stay_answer *a)
{
    relok_error e = {0};
    relok_status rc = relok_stay_eval(pl->spans, pl->n_spans, p->tbuf, n, check, a, &e);
    if (rc != RELOK_OK)
        return relok__fail(p->err, rc == RELOK_EINVAL ? RELOK_EINVAL : rc, "%.2s: %s", pl->code,
                           e.msg);
    return RELOK_OK;
}

/* Entering (or staying in) pl from day `start` on: the last lawful day of a
 * stay without a break, RELOK_DAY_MAX when there is no limit in sight, or
 * NONE when `start` itself is not lawful. A day no rule covers is not
 * judged, but abroad we only go where a rule is known. */
static relok_status reach_u(planner *p, const relok_plan_place *pl, relok_day start,
                            relok_day *out, bool *out_unknown)
{
    *out = RELOK_DAY_NONE;
    size_t n = gather(p, pl, start, RELOK_DAY_NONE);
    relok_stay_answer a;
    relok_status rc = eval(p, pl, n, start, &a);
    if (rc != RELOK_OK)
        return rc;
    if (out_unknown != NULL)
        *out_unknown = a.is_unknown_rule;
    if (a.latest_exit_unbounded)
        *out = RELOK_DAY_MAX;
    else
        *out = a.latest_exit;
    relok_day cov = coverage_end(pl, start);
    if (cov == RELOK_DAY_NONE)
        *out = RELOK_DAY_NONE;
    else if (*out != RELOK_DAY_NONE && cov < *out)
        *out = cov;
    return RELOK_OK;
}

static relok_status reach(planner *p, const relok_plan_place *pl, relok_day start,
                          relok_day *out)
{
    return reach_u(p, pl, start, out, NULL);
}

/* Cover [a, b] abroad: legs in admitting countries, each as long as its own
 * rule allows, picking the one that reaches farthest (the fewest hops when
 * a later start never reaches less, which holds for every rule kind). Among
 * countries that reach equally far - or that all cover the rest of the
 * absence - one whose rule is known beats one read cautiously (`unknown`).
 * to_home: the last leg must be able to cross back home on b. */
static relok_status cover(planner *p, relok_day a, relok_day b, const relok_plan_place *from_pl,
                          bool to_home)
{
    const relok_plan_place *home = home_of(p);
    const relok_plan_place *prev = from_pl;
    relok_day cur = a;
    char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF];
    for (;;) {
        const relok_plan_place *best = NULL;
        relok_day best_reach = RELOK_DAY_NONE;
        bool best_unknown = false, best_near = false;
        for (size_t i = 1; i < p->in->n_places; i++) {
            const relok_plan_place *pl = &p->in->places[i];
            if (pl->n_spans == 0 || in_area(p, home, pl->code) ||
                (prev != NULL && same_place(prev, pl)) || !entry_ok(pl, cur) ||
                !link_ok(prev, pl))
                continue;
            relok_day r;
            bool unknown = false;
            relok_status rc = reach_u(p, pl, cur, &r, &unknown);
            if (rc != RELOK_OK)
                return rc;
            if (r == RELOK_DAY_NONE)
                continue;
            /* The leg that ends the absence must be able to cross home. */
            if (r >= b && to_home && !link_ok(pl, home))
                r = b - 1;
            if (r < cur || (r == cur && r < b))
                continue; /* no progress */
            /* Near: a land neighbour of where we come from (and of home when
             * this leg ends the absence). */
            bool near = is_near(prev, pl) && (r < b || !to_home || is_near(pl, home));
            bool better;
            if (best == NULL)
                better = true;
            else if ((r >= b) != (best_reach >= b))
                better = r >= b;
            else if (r < b && r != best_reach)
                better = r > best_reach;
            else if (unknown != best_unknown)
                better = !unknown; /* a known rule beats a cautious reading */
            else if (near != best_near)
                better = near;
            else
                better = false; /* places come sorted by code: keep the first */
            if (better) {
                best = pl;
                best_reach = r;
                best_unknown = unknown;
                best_near = near;
            }
        }
        if (best == NULL)
            return relok__fail(p->err, RELOK_ENOPLAN,
                               "no country that admits this document can host the days from %s "
                               "to %s away from %.2s (each one's entry rules, stay rules or "
                               "land borders rule it out)",
                               relok_date_format(cur, b1), relok_date_format(b, b2), home->code);
        relok_day end = best_reach < b ? best_reach : b;
        if (best_unknown)
            p->used_unknown = true;
        relok_status rc = push_leg(p, best, cur, end, false);
        if (rc != RELOK_OK)
            return rc;
        if (end >= b)
            return RELOK_OK;
        cur = end;
        prev = best;
    }
}

/* The earliest day >= from on which re-entering home is lawful and admitted,
 * or NONE within the limit. The home trips are the plan so far. */
static relok_status next_entry(planner *p, relok_day from, relok_day limit, relok_day *out)
{
    const relok_plan_place *home = home_of(p);
    *out = RELOK_DAY_NONE;
    relok_day d = from;
    while (d <= limit) {
        size_t n = gather(p, home, RELOK_DAY_NONE, RELOK_DAY_NONE);
        relok_stay_answer a;
        relok_status rc = eval(p, home, n, d, &a);
        if (rc != RELOK_OK)
            return rc;
        if (a.inside)
            return relok__fail(p->err, RELOK_EINTERNAL, "planner: still at home on a day away");
        if (a.earliest_reentry == RELOK_DAY_NONE || a.earliest_reentry > limit)
            return RELOK_OK;
        d = a.earliest_reentry;
        relok_day cov = next_covered(home, d);
        if (cov == RELOK_DAY_NONE || cov > limit)
            return RELOK_OK;
        if (cov != d) {
            d = cov; /* no known rule before cov: ask again from there */
            continue;
        }
        if (entry_ok(home, d)) {
            *out = d;
            return RELOK_OK;
        }
        /* Not admitted that day: the next day it is, then ask again. */
        relok_day next = RELOK_DAY_NONE;
        for (size_t i = 0; i < home->n_entry; i++) {
            relok_day c = home->entry[i].from > d ? home->entry[i].from : d + 1;
            if (c <= home->entry[i].to && (next == RELOK_DAY_NONE || c < next))
                next = c;
        }
        if (next == RELOK_DAY_NONE)
            return RELOK_OK;
        d = next;
    }
    return RELOK_OK;
}

static int32_t days_in(relok_day a, relok_day b) { return b - a + 1; }

/* Re-check every leg with the engine: its entry is admitted, crossings are
 * possible, and staying through its exit is lawful given everything before. */
static relok_status recheck(planner *p)
{
    const relok_plan_input *in = p->in;
    if (p->n_legs == 0 || p->legs[0].entry != in->from || p->legs[p->n_legs - 1].exit != in->until)
        return relok__fail(p->err, RELOK_EINTERNAL, "planner: the legs do not span the dates");
    size_t all = p->n_legs;
    for (size_t i = 0; i < all; i++) {
        const relok_plan_leg *l = &p->legs[i];
        const relok_plan_place *pl = NULL;
        for (size_t k = 0; k < in->n_places; k++)
            if (memcmp(in->places[k].code, l->country, 2) == 0)
                pl = &in->places[k];
        if (pl == NULL || l->exit < l->entry || (i > 0 && p->legs[i - 1].exit != l->entry))
            return relok__fail(p->err, RELOK_EINTERNAL, "planner: leg %zu is malformed", i + 1);
        bool continues = i == 0 && l->is_home;
        if (!continues && !entry_ok(pl, l->entry))
            return relok__fail(p->err, RELOK_EINTERNAL, "planner: leg %zu is not admitted", i + 1);
        if (i > 0) {
            const relok_plan_place *prev = NULL;
            for (size_t k = 0; k < in->n_places; k++)
                if (memcmp(in->places[k].code, p->legs[i - 1].country, 2) == 0)
                    prev = &in->places[k];
            if (prev == NULL || !link_ok(prev, pl))
                return relok__fail(p->err, RELOK_EINTERNAL, "planner: leg %zu has no crossing",
                                   i + 1);
        }
        /* Only the legs before this one exist; then this leg, ongoing. */
        p->n_legs = i;
        relok_day lim;
        relok_status rc = reach(p, pl, l->entry, &lim);
        p->n_legs = all;
        if (rc != RELOK_OK)
            return rc;
        if (lim == RELOK_DAY_NONE || lim < l->exit)
            return relok__fail(p->err, RELOK_EINTERNAL,
                               "planner: leg %zu (%.2s) failed the stay check", i + 1, l->country);
    }
    return RELOK_OK;
}

static relok_status check_input(const relok_plan_input *in, relok_error *err)
{
    const relok_day lo = relok__stay_day_lo(), hi = relok__stay_day_hi();
    if (in == NULL || in->places == NULL || in->n_places == 0)
        return relok__fail(err, RELOK_EINVAL, "no home country to plan for");
    if (in->from < lo || in->until > hi || in->from > in->until)
        return relok__fail(err, RELOK_EINVAL, "the plan's dates are out of order or range");
    if (in->until - in->from >= RELOK_MAX_HORIZON_DAYS)
        return relok__fail(err, RELOK_EINVAL, "a plan may cover at most %d days",
                           RELOK_MAX_HORIZON_DAYS);
    if (in->history == NULL && in->n_history > 0)
        return relok__fail(err, RELOK_EINVAL, "history is NULL");
    if (in->n_history > RELOK_MAX_TRIPS)
        return relok__fail(err, RELOK_EINVAL, "too many trips in the history");
    for (size_t i = 0; i < in->n_history; i++) {
        const relok_trip *t = &in->history[i];
        bool home = memcmp(t->country, in->places[0].code, 2) == 0;
        if (t->status != RELOK_TRIP_VISIT)
            continue;
        if (t->exit == RELOK_DAY_NONE ? !home || t->entry > in->from : t->exit >= in->from)
            return relok__fail(err, RELOK_EINVAL,
                               "the history must end before the plan starts (a visit in "
                               "progress is allowed only at home)");
    }
    return RELOK_OK;
}

relok_status relok_plan_make(const relok_plan_input *in, relok_arena *arena, relok_plan *out,
                             relok_error *err)
{
    relok_status rc = check_input(in, err);
    if (rc != RELOK_OK)
        return rc;
    if (arena == NULL || out == NULL)
        return relok__fail(err, RELOK_EINVAL, "no arena or output");
    planner p;
    memset(&p, 0, sizeof p);
    p.in = in;
    p.err = err;
    /* Legs: at most two per day of the plan plus one. */
    p.tcap = in->n_history + 2 * (size_t)days_in(in->from, in->until) + 4;
    p.tbuf = relok__mallocarray(NULL, p.tcap, sizeof *p.tbuf);
    if (p.tbuf == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    const relok_plan_place *home = home_of(&p);
    char b1[RELOK_DATE_BUF];

    if (home->n_spans == 0) {
        rc = relok__fail(err, RELOK_ENOPLAN,
                         "the knowledge base has no stay rule for this document in %.2s",
                         home->code);
        goto out;
    }
    /* Where the plan starts: at home if that is lawful and admitted (or the
     * history says the person is already there), else abroad until the
     * first lawful entry. */
    bool already_home = false;
    for (size_t i = 0; i < in->n_history; i++)
        if (in->history[i].exit == RELOK_DAY_NONE && in->history[i].status == RELOK_TRIP_VISIT)
            already_home = true;
    relok_day s = in->from;
    relok_day r = RELOK_DAY_NONE;
    if (already_home || entry_ok(home, s)) {
        rc = reach(&p, home, s, &r);
        if (rc != RELOK_OK)
            goto out;
    }
    if (r == RELOK_DAY_NONE && already_home) {
        rc = relok__fail(err, RELOK_ENOPLAN,
                         "the stay in progress in %.2s is already over the limit on %s",
                         home->code, relok_date_format(in->from, b1));
        goto out;
    }
    if (r == RELOK_DAY_NONE) {
        relok_day e;
        rc = next_entry(&p, s, in->until, &e);
        if (rc != RELOK_OK)
            goto out;
        if (e == RELOK_DAY_NONE) {
            rc = relok__fail(err, RELOK_ENOPLAN,
                             "%.2s admits no lawful stay for this document between %s and the "
                             "end of the plan",
                             home->code, relok_date_format(in->from, b1));
            goto out;
        }
        rc = cover(&p, s, e, NULL, true);
        if (rc != RELOK_OK)
            goto out;
        s = e;
    }
    for (;;) {
        bool home_unknown = false;
        rc = reach_u(&p, home, s, &r, &home_unknown);
        if (rc != RELOK_OK)
            goto out;
        if (home_unknown)
            p.used_unknown = p.home_unknown = true;
        if (r == RELOK_DAY_NONE) {
            rc = relok__fail(err, RELOK_EINTERNAL, "planner: re-entry on %s is not lawful",
                             relok_date_format(s, b1));
            goto out;
        }
        if (r >= in->until) {
            rc = push_leg(&p, home, s, in->until, true);
            break;
        }
        rc = push_leg(&p, home, s, r, true);
        if (rc != RELOK_OK)
            goto out;
        /* A same-day border run, when the home rule restarts on it: with
         * the leg [s, r] recorded, would a new visit entered on r last
         * longer than r? */
        size_t mark = p.n_legs;
        relok_day r2 = RELOK_DAY_NONE;
        if (entry_ok(home, r)) {
            rc = reach(&p, home, r, &r2);
            if (rc != RELOK_OK)
                goto out;
        }
        if (r2 != RELOK_DAY_NONE && r2 > r) {
            relok_error quiet = {0};
            relok_error *saved = p.err;
            p.err = &quiet;
            rc = cover(&p, r, r, home, true);
            p.err = saved;
            if (rc == RELOK_OK) {
                s = r;
                continue;
            }
            if (rc != RELOK_ENOPLAN)
                goto out;
            p.n_legs = mark;
        }
        relok_day e;
        rc = next_entry(&p, r + 1, in->until, &e);
        if (rc != RELOK_OK)
            goto out;
        if (e == RELOK_DAY_NONE) {
            rc = cover(&p, r, in->until, home, false);
            break;
        }
        rc = cover(&p, r, e, home, true);
        if (rc != RELOK_OK)
            goto out;
        s = e;
    }
    if (rc != RELOK_OK)
        goto out;
    rc = recheck(&p);
    if (rc != RELOK_OK)
        goto out;

    relok_plan plan;
    memset(&plan, 0, sizeof plan);
    plan.legs = relok_arena_calloc(arena, p.n_legs, sizeof *plan.legs);
    if (plan.legs == NULL) {
        rc = relok__fail(err, RELOK_ENOMEM, "out of memory");
        goto out;
    }
    memcpy(plan.legs, p.legs, p.n_legs * sizeof *plan.legs);
    plan.n_legs = p.n_legs;
    plan.days_total = days_in(in->from, in->until);
    relok_day last_home = RELOK_DAY_NONE;
    for (size_t i = 0; i < p.n_legs; i++) {
        const relok_plan_leg *l = &p.legs[i];
        if (l->is_home) {
            /* Home legs never overlap each other but may touch: count the
             * shared day once. */
            relok_day a = last_home != RELOK_DAY_NONE && l->entry <= last_home ? last_home + 1
                                                                                 : l->entry;
            if (l->exit >= a)
                plan.days_home += days_in(a, l->exit);
            last_home = l->exit;
        } else if (i == 0 || p.legs[i - 1].is_home) {
            plan.n_absences++;
        }
    }
    plan.n_crossings = (int32_t)p.n_legs - 1;
    plan.uses_unknown_rule = p.used_unknown;
    plan.home_reset_unknown = p.home_unknown;
    *out = plan;
out:
    relok__free(p.tbuf);
    relok__free(p.legs);
    return rc;
}
