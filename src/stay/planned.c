/* SPDX-License-Identifier: MIT */
/* Planned trips: a trip log checked as of a date may run past it. The
 * status on the date counts what happened by then (a visit spanning the
 * date is cut there); each planned visit, and the rest of a spanning one,
 * is judged on its own day after everything before it: is it lawful, what
 * is its first unlawful day, how long may it lawfully be, and when could it
 * start instead. Engine layer, no I/O: every verdict is one more question
 * to the stay engine (relok_stay_eval), through the KB or an explicit rule. */
#include "relok/stay.h"

#include "base/error_int.h"

#include <string.h>

/* Answer for country cc as of day `on` from trips t[0..n): the KB's rows or
 * an explicit rule. *judged is false when no rule is known. */
typedef relok_status (*eval_fn)(const void *ud, const relok_trip *t, size_t n, const char *cc,
                                relok_day on, relok_arena *a, relok_stay_answer *out,
                                bool *judged, relok_error *err);

relok_status relok_trips_split(const relok_trip *trips, size_t n, relok_day on,
                               relok_arena *arena, relok_trip **out, size_t *out_n,
                               relok_error *err)
{
    *out = NULL;
    *out_n = 0;
    if (trips == NULL && n > 0)
        return relok__fail(err, RELOK_EINVAL, "trips is NULL");
    relok_trip *k = relok_arena_calloc(arena, n + 1, sizeof *k);
    if (k == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (trips[i].entry > on)
            continue; /* a plan: not part of the status on `on` */
        k[m] = trips[i];
        if (k[m].status == RELOK_TRIP_VISIT && k[m].exit != RELOK_DAY_NONE && k[m].exit > on)
            k[m].exit = RELOK_DAY_NONE; /* spans `on`: still there that day */
        m++;
    }
    *out = k;
    *out_n = m;
    return RELOK_OK;
}

/* A visit to judge: one that starts after `on`, or one spanning it. */
static bool is_planned(const relok_trip *t, relok_day on)
{
    return t->status == RELOK_TRIP_VISIT && t->exit != RELOK_DAY_NONE && t->exit > on;
}

/* The log as seen on day c for judging trip pi: every other trip begun by
 * c, with visits still open on `on` closed there (a plan after `on` means
 * they ended; a permit of unknown end is assumed to end then, the cautious
 * reading), then the judged visit as in progress on c. Returns the count. */
static size_t context(const relok_trip *trips, size_t n, size_t pi, relok_day on, relok_day c,
                      relok_trip *out)
{
    size_t m = 0;
    for (size_t j = 0; j < n; j++) {
        if (j == pi || trips[j].entry > c)
            continue;
        relok_trip x = trips[j];
        if (x.exit == RELOK_DAY_NONE && c > on)
            x.exit = on;
        if (x.status == RELOK_TRIP_VISIT && x.exit != RELOK_DAY_NONE && x.exit > c)
            x.exit = c; /* only a shared border day can reach here */
        out[m++] = x;
    }
    out[m] = trips[pi];
    out[m].exit = RELOK_DAY_NONE;
    return m + 1;
}

static relok_status judge(eval_fn eval, const void *ud, const relok_trip *trips, size_t n,
                          size_t pi, relok_day on, relok_arena *a, relok_trip *ctx,
                          relok_planned *p, relok_error *err)
{
    const relok_trip *t = &trips[pi];
    memset(p, 0, sizeof *p);
    p->trip = *t;
    p->judged_from = t->entry > on ? t->entry : on;
    p->first_unlawful = p->lawful_until = p->earliest_entry = RELOK_DAY_NONE;
    p->max_stay_then = -1;
    relok_day c = p->judged_from;
    size_t m = context(trips, n, pi, on, c, ctx);
    relok_stay_answer ans;
    relok_status s = eval(ud, ctx, m, t->country, c, a, &ans, &p->judged, err);
    if (s != RELOK_OK || !p->judged)
        return s;
    if (ans.latest_exit_unbounded) {
        p->lawful = true;
        p->lawful_unbounded = true;
        return RELOK_OK;
    }
    if (ans.latest_exit != RELOK_DAY_NONE) {
        p->lawful_until = ans.latest_exit;
        p->lawful = t->exit <= ans.latest_exit;
        if (!p->lawful) {
            p->first_unlawful = ans.latest_exit + 1;
            p->days_over = t->exit - ans.latest_exit;
        }
        return RELOK_OK;
    }
    /* Not even the first day is lawful: when could such a stay begin? */
    p->first_unlawful = c;
    p->days_over = t->exit - c + 1;
    relok_stay_answer out;
    bool judged = false;
    s = eval(ud, ctx, m - 1, t->country, c, a, &out, &judged, err);
    if (s == RELOK_OK && judged && (!out.inside || out.departing) &&
        out.earliest_reentry != RELOK_DAY_NONE) {
        p->earliest_entry = out.earliest_reentry;
        p->max_stay_then = out.max_stay_unbounded ? -1 : out.max_stay_if_entering;
    }
    return s;
}

static relok_status judge_all(eval_fn eval, const void *ud, const relok_trip *trips, size_t n,
                              relok_day on, relok_arena *a, relok_planned **out,
                              size_t *out_n, relok_error *err)
{
    *out = NULL;
    *out_n = 0;
    if (trips == NULL && n > 0)
        return relok__fail(err, RELOK_EINVAL, "trips is NULL");
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        np += is_planned(&trips[i], on);
    if (np == 0)
        return RELOK_OK;
    size_t *idx = relok_arena_calloc(a, np, sizeof *idx);
    relok_planned *res = relok_arena_calloc(a, np, sizeof *res);
    relok_trip *ctx = relok_arena_calloc(a, n + 1, sizeof *ctx);
    if (idx == NULL || res == NULL || ctx == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    /* Date order (a plan is a handful of trips: insertion sort). */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_planned(&trips[i], on))
            continue;
        size_t j = k++;
        while (j > 0 && trips[idx[j - 1]].entry > trips[i].entry) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
    for (size_t i = 0; i < np; i++) {
        relok_status s = judge(eval, ud, trips, n, idx[i], on, a, ctx, &res[i], err);
        if (s != RELOK_OK)
            return s;
    }
    *out = res;
    *out_n = np;
    return RELOK_OK;
}

/* ------------------------------------------------------------ evaluators */

typedef struct kb_ud {
    const relok_kb *kb;
    relok_doc doc;
} kb_ud;

static relok_status eval_kb(const void *ud, const relok_trip *t, size_t n, const char *cc,
                            relok_day on, relok_arena *a, relok_stay_answer *out, bool *judged,
                            relok_error *err)
{
    const kb_ud *k = ud;
    relok_stay_row *rows = NULL;
    size_t nr = 0;
    relok_status s = relok_stay_rows_from_kb(k->kb, t, n, cc, k->doc, on, a, &rows, &nr, err);
    if (s != RELOK_OK)
        return s;
    *judged = nr > 0 && rows[0].has_answer;
    if (*judged)
        *out = rows[0].answer;
    return RELOK_OK;
}

typedef struct rule_ud {
    const relok_rule_span *spans;
    size_t n_spans;
} rule_ud;

static relok_status eval_rule(const void *ud, const relok_trip *t, size_t n, const char *cc,
                              relok_day on, relok_arena *a, relok_stay_answer *out,
                              bool *judged, relok_error *err)
{
    (void)cc; /* an explicit rule counts every trip */
    (void)a;
    const rule_ud *r = ud;
    *judged = true;
    return relok_stay_eval(r->spans, r->n_spans, t, n, on, out, err);
}

relok_status relok_planned_from_kb(const relok_kb *kb, const relok_trip *trips, size_t n,
                                   relok_doc doc, relok_day on, relok_arena *arena,
                                   relok_planned **out, size_t *out_n, relok_error *err)
{
    if (kb == NULL)
        return relok__fail(err, RELOK_EINVAL, "no knowledge base");
    kb_ud ud = {kb, doc};
    return judge_all(eval_kb, &ud, trips, n, on, arena, out, out_n, err);
}

relok_status relok_planned_with_rule(const relok_rule_span *spans, size_t n_spans,
                                     const relok_trip *trips, size_t n, relok_day on,
                                     relok_arena *arena, relok_planned **out, size_t *out_n,
                                     relok_error *err)
{
    rule_ud ud = {spans, n_spans};
    return judge_all(eval_rule, &ud, trips, n, on, arena, out, out_n, err);
}
