/* SPDX-License-Identifier: MIT */
/* Day-by-day reference for the stay engine (see stay_ref.h). Every answer is
 * computed the slow, obvious way: build one presence flag per day, walk the
 * days to get each day's count, and for "when may I re-enter" simply try
 * each day in turn with a new one-day visit added to the log. */
#include "stay_ref.h"

#include <stdlib.h>
#include <string.h>

typedef struct rleaf {
    relok_rule_kind kind;
    int32_t max;    /* limit (0 for none) */
    int32_t window; /* RELOK_RULE_UNSET when absent */
    int32_t gap;    /* min_gap_days, 0 when absent */
    relok_day cf;   /* first counted day (RELOK_DAY_MIN when none) */
} rleaf;

typedef struct rrule {
    rleaf l[RELOK_STAY_MAX_PARTS];
    size_t n;
    bool all_of, unknown, none;
} rrule;

typedef struct rspan {
    relok_day from, to;
    rrule r;
} rspan;

static void rflatten(const relok_rule *r, relok_day cf, int depth, rrule *out)
{
    if (r->counts_from != RELOK_DAY_NONE && r->counts_from > cf)
        cf = r->counts_from;
    if (r->kind == RELOK_RULE_ALL_OF) {
        if (depth == 0)
            out->all_of = true;
        for (size_t i = 0; i < r->n_rules; i++)
            rflatten(&r->rules[i], cf, depth + 1, out);
        return;
    }
    rleaf *l = &out->l[out->n++];
    l->kind = r->kind;
    l->max = r->kind == RELOK_RULE_NONE ? 0 : r->kind == RELOK_RULE_NO_LIMIT ? (1 << 24) : r->max_days;
    l->window = r->window_days;
    l->gap = r->min_gap_days == RELOK_RULE_UNSET ? 0 : r->min_gap_days;
    l->cf = cf;
    if (r->kind == RELOK_RULE_UNKNOWN)
        out->unknown = true;
    if (r->kind == RELOK_RULE_NONE)
        out->none = true;
}

/* ------------------------------------------------------------- the world */

typedef struct rvisit {
    relok_day a, b;
} rvisit;

/* One presence scenario over the days [d0, d0 + n). */
typedef struct rworld {
    relok_day d0;
    int32_t n;
    unsigned char *present; /* a visit covers the day */
    unsigned char *permit;  /* a permit covers the day */
    rvisit *vis;            /* visits, sorted by entry then exit */
    size_t nv;
} rworld;

static int rvisit_cmp(const void *x, const void *y)
{
    const rvisit *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

static void world_free(rworld *w)
{
    free(w->present);
    free(w->permit);
    free(w->vis);
    memset(w, 0, sizeof *w);
}

/* Build the world from visits vis[0..nv) (already clipped) and the trip
 * log's permits, over [d0, d1]. */
static int world_make(rworld *w, const rvisit *vis, size_t nv, const relok_trip *trips,
                      size_t n_trips, relok_day check, relok_day d0, relok_day d1)
{
    memset(w, 0, sizeof *w);
    w->d0 = d0;
    w->n = d1 - d0 + 1;
    w->present = calloc((size_t)w->n, 1);
    w->permit = calloc((size_t)w->n, 1);
    w->vis = calloc(nv + 1, sizeof *w->vis);
    if (w->present == NULL || w->permit == NULL || w->vis == NULL) {
        world_free(w);
        return -1;
    }
    memcpy(w->vis, vis, nv * sizeof *vis);
    w->nv = nv;
    qsort(w->vis, nv, sizeof *w->vis, rvisit_cmp);
    for (size_t k = 0; k < nv; k++)
        for (relok_day d = vis[k].a; d <= vis[k].b; d++)
            if (d >= d0 && d <= d1)
                w->present[d - d0] = 1;
    for (size_t k = 0; k < n_trips; k++) {
        if (trips[k].status != RELOK_TRIP_PERMIT)
            continue;
        relok_day b = trips[k].exit == RELOK_DAY_NONE ? check : trips[k].exit;
        for (relok_day d = trips[k].entry; d <= b; d++)
            if (d >= d0 && d <= d1)
                w->permit[d - d0] = 1;
    }
    return 0;
}

/* ------------------------------------------------------ counting per day */

/* count[i] and counted[i] for every day of the world under one leaf. */
static int leaf_run(const rleaf *lf, const rworld *w, int32_t *count, unsigned char *counted)
{
    for (int32_t i = 0; i < w->n; i++)
        counted[i] = w->present[i] && !w->permit[i] && w->d0 + i >= lf->cf;
    bool window = lf->kind == RELOK_RULE_ROLLING ||
                  (lf->kind == RELOK_RULE_UNKNOWN && lf->window != RELOK_RULE_UNSET);
    if (window) {
        /* Counted days in [d - W + 1, d]. */
        int32_t sum = 0;
        for (int32_t i = 0; i < w->n; i++) {
            sum += counted[i];
            if (i - lf->window >= 0)
                sum -= counted[i - lf->window];
            count[i] = sum;
        }
        return 0;
    }
    switch (lf->kind) {
    case RELOK_RULE_PER_ENTRY:
    case RELOK_RULE_NONE: {
        /* Label each presence day with its stay, visits in date order. */
        int32_t *sid = malloc((size_t)w->n * sizeof *sid);
        int32_t *per = calloc(w->nv + 1, sizeof *per);
        if (sid == NULL || per == NULL) {
            free(sid);
            free(per);
            return -1;
        }
        for (int32_t i = 0; i < w->n; i++)
            sid[i] = -1;
        int32_t stay = -1;
        relok_day maxexit = 0;
        int32_t gap = lf->kind == RELOK_RULE_NONE ? 0 : lf->gap;
        for (size_t k = 0; k < w->nv; k++) {
            if (k == 0 || w->vis[k].a - maxexit >= gap)
                stay++;
            for (relok_day d = w->vis[k].a; d <= w->vis[k].b; d++)
                if (d >= w->d0 && d < w->d0 + w->n)
                    sid[d - w->d0] = stay;
            if (k == 0 || w->vis[k].b > maxexit)
                maxexit = w->vis[k].b;
        }
        int32_t last = -1;
        for (int32_t i = 0; i < w->n; i++) {
            if (sid[i] >= 0) {
                per[sid[i]] += counted[i];
                last = sid[i];
            }
            count[i] = last >= 0 ? per[last] : 0;
        }
        free(sid);
        free(per);
        return 0;
    }
    case RELOK_RULE_ANCHORED: {
        relok_day ps = RELOK_DAY_NONE;
        int32_t cnt = 0;
        for (int32_t i = 0; i < w->n; i++) {
            relok_day d = w->d0 + i;
            if (counted[i] && (ps == RELOK_DAY_NONE || d > ps + lf->window - 1)) {
                ps = d; /* a new period starts on its first counted day */
                cnt = 0;
            }
            if (ps != RELOK_DAY_NONE && d <= ps + lf->window - 1) {
                cnt += counted[i];
                count[i] = cnt;
            } else {
                count[i] = 0;
            }
        }
        return 0;
    }
    case RELOK_RULE_CALENDAR_YEAR:
    case RELOK_RULE_HALF_YEAR: {
        int32_t cnt = 0;
        for (int32_t i = 0; i < w->n; i++) {
            int32_t y;
            int m, dd;
            relok_date_to_ymd(w->d0 + i, &y, &m, &dd);
            if (dd == 1 && (m == 1 || (m == 7 && lf->kind == RELOK_RULE_HALF_YEAR)))
                cnt = 0;
            cnt += counted[i];
            count[i] = cnt;
        }
        return 0;
    }
    case RELOK_RULE_UNKNOWN: /* no window: every counted day so far */
    case RELOK_RULE_NO_LIMIT: {
        int32_t cnt = 0;
        for (int32_t i = 0; i < w->n; i++) {
            cnt += counted[i];
            count[i] = cnt;
        }
        return 0;
    }
    case RELOK_RULE_ROLLING:
    case RELOK_RULE_ALL_OF:
    case RELOK_RULE_KIND_COUNT_:
        break;
    }
    return -1;
}

/* Per-span, per-leaf arrays over one world. */
typedef struct rcounts {
    int32_t *count[8][RELOK_STAY_MAX_PARTS];
    unsigned char *counted[8][RELOK_STAY_MAX_PARTS];
} rcounts;

static void counts_free(rcounts *c, size_t ns, const rspan *sp)
{
    for (size_t s = 0; s < ns; s++)
        for (size_t k = 0; k < sp[s].r.n; k++) {
            free(c->count[s][k]);
            free(c->counted[s][k]);
        }
}

/* Arrays for every span, or only for span `only` when only < ns. */
static int counts_make_some(rcounts *c, const rworld *w, const rspan *sp, size_t ns,
                            size_t only)
{
    memset(c, 0, sizeof *c);
    for (size_t s = 0; s < ns; s++)
        for (size_t k = 0; k < sp[s].r.n; k++) {
            if (only < ns && s != only)
                continue;
            c->count[s][k] = malloc((size_t)w->n * sizeof(int32_t));
            c->counted[s][k] = malloc((size_t)w->n);
            if (c->count[s][k] == NULL || c->counted[s][k] == NULL ||
                leaf_run(&sp[s].r.l[k], w, c->count[s][k], c->counted[s][k]) != 0)
                return -1;
        }
    return 0;
}

static int counts_make(rcounts *c, const rworld *w, const rspan *sp, size_t ns)
{
    return counts_make_some(c, w, sp, ns, ns);
}

static const rspan *span_at(const rspan *sp, size_t ns, relok_day d, size_t *idx)
{
    for (size_t s = 0; s < ns; s++)
        if (sp[s].from <= d && d <= sp[s].to) {
            *idx = s;
            return &sp[s];
        }
    return NULL;
}

/* Is day d unlawful in this world? */
static bool unlawful(const rcounts *c, const rworld *w, const rspan *sp, size_t ns, relok_day d)
{
    size_t s;
    const rspan *p = span_at(sp, ns, d, &s);
    if (p == NULL)
        return false;
    int32_t i = d - w->d0;
    for (size_t k = 0; k < p->r.n; k++)
        if (c->counted[s][k][i] && c->count[s][k][i] > p->r.l[k].max)
            return true;
    return false;
}

/* First unlawful day in [lo, hi] of the world, or NONE; -2 on error. */
static relok_day first_unlawful(const rworld *w, const rspan *sp, size_t ns, relok_day lo,
                                relok_day hi, int *bad)
{
    rcounts c;
    if (counts_make(&c, w, sp, ns) != 0) {
        counts_free(&c, ns, sp);
        *bad = 1;
        return RELOK_DAY_NONE;
    }
    relok_day found = RELOK_DAY_NONE;
    for (relok_day d = lo; d <= hi; d++)
        if (unlawful(&c, w, sp, ns, d)) {
            found = d;
            break;
        }
    counts_free(&c, ns, sp);
    return found;
}

/* ---------------------------------------------------------------- answer */

int ref_stay_eval(const relok_rule_span *spans, size_t n_spans, const relok_trip *trips,
                  size_t n_trips, relok_day check, int32_t horizon, relok_stay_answer *out)
{
    rspan sp[8];
    size_t ns = n_spans;
    if (ns > 8)
        return -1;
    for (size_t s = 0; s < ns; s++) {
        memset(&sp[s], 0, sizeof sp[s]);
        sp[s].from = spans[s].from;
        sp[s].to = spans[s].to;
        rflatten(spans[s].rule, RELOK_DAY_MIN, 0, &sp[s].r);
    }
    rvisit *vis = calloc(n_trips + 2, sizeof *vis);
    if (vis == NULL)
        return -1;
    size_t nv = 0;
    relok_day d0 = check, first_entry = RELOK_DAY_NONE;
    for (size_t k = 0; k < n_trips; k++) {
        if (trips[k].entry < d0)
            d0 = trips[k].entry;
        if (trips[k].status != RELOK_TRIP_VISIT)
            continue;
        vis[nv].a = trips[k].entry;
        vis[nv].b = trips[k].exit == RELOK_DAY_NONE ? check : trips[k].exit;
        if (first_entry == RELOK_DAY_NONE || vis[nv].a < first_entry)
            first_entry = vis[nv].a;
        nv++;
    }
    d0 -= 1;
    int bad = 0;
    relok_stay_answer a;
    memset(&a, 0, sizeof a);
    a.days_used = a.days_left = -1;
    a.first_overstay_day = a.latest_exit = a.earliest_reentry = RELOK_DAY_NONE;
    a.max_stay_if_entering = -1;

    /* The log as it is. */
    rworld w;
    if (world_make(&w, vis, nv, trips, n_trips, check, d0, check) != 0) {
        free(vis);
        return -1;
    }
    rcounts c;
    if (counts_make(&c, &w, sp, ns) != 0)
        bad = 1;
    for (relok_day d = d0; !bad && d <= check; d++)
        if (unlawful(&c, &w, sp, ns, d)) {
            a.overstay = true;
            a.first_overstay_day = d;
            break;
        }
    a.inside = w.present[check - d0] != 0;
    size_t si;
    const rspan *now = span_at(sp, ns, check, &si);
    if (!bad && now != NULL) {
        a.is_all_of = now->r.all_of;
        a.no_stay_allowed = now->r.none;
        int32_t best = INT32_MAX;
        for (size_t k = 0; k < now->r.n; k++) {
            int32_t used = c.count[si][k][check - d0];
            int32_t left = now->r.l[k].max - used < 0 ? 0 : now->r.l[k].max - used;
            if (now->r.all_of) {
                a.parts[k].kind = now->r.l[k].kind;
                a.parts[k].max_days = now->r.l[k].max;
                a.parts[k].days_used = used;
                a.parts[k].days_left = left;
                a.n_parts = k + 1;
            }
            if (left < best) {
                best = left;
                a.days_used = used;
                a.days_left = left;
            }
        }
    }
    counts_free(&c, ns, sp);
    world_free(&w);
    relok_day from = first_entry != RELOK_DAY_NONE && first_entry < check ? first_entry : check;
    for (size_t s = 0; s < ns; s++)
        if (sp[s].r.unknown && sp[s].from <= check && sp[s].to >= from)
            a.is_unknown_rule = true;

    if (!bad && a.inside) {
        /* Stay on: the visit covering the check date that started last runs
         * on for the whole horizon. */
        size_t cover = nv;
        for (size_t k = 0; k < nv; k++)
            if (vis[k].a <= check && vis[k].b == check &&
                (cover == nv || vis[k].a > vis[cover].a ||
                 (vis[k].a == vis[cover].a)))
                cover = k;
        vis[cover].b = check + horizon;
        rworld we;
        if (world_make(&we, vis, nv, trips, n_trips, check, d0, check + horizon) != 0) {
            bad = 1;
        } else {
            relok_day v = first_unlawful(&we, sp, ns, check, check + horizon, &bad);
            if (v == RELOK_DAY_NONE)
                a.latest_exit_unbounded = true;
            else if (v > check)
                a.latest_exit = v - 1;
            world_free(&we);
        }
        vis[cover].b = check;
    }
    /* A departure on the check date: every visit covering it records it as
     * its exit. Then re-entry is answered from the next day on. */
    if (a.inside) {
        bool ongoing = false;
        for (size_t k = 0; k < n_trips; k++)
            if (trips[k].status == RELOK_TRIP_VISIT && trips[k].exit == RELOK_DAY_NONE)
                ongoing = true;
        a.departing = !ongoing;
    }
    if (!bad && (!a.inside || a.departing)) {
        /* Try each day: add a one-day visit entering then, and ask whether
         * that day is lawful. */
        rworld we;
        if (world_make(&we, vis, nv, trips, n_trips, check, d0, check + horizon) != 0)
            bad = 1;
        int32_t full_n = we.n;
        for (relok_day e = a.inside ? check + 1 : check; !bad && e <= check + horizon; e++) {
            size_t s;
            bool ok;
            if (span_at(sp, ns, e, &s) == NULL) {
                ok = true; /* no rule: not judged */
            } else {
                /* The log up to day e, plus a one-day visit on e. */
                we.n = e - d0 + 1;
                we.present[e - d0] = 1;
                we.vis[nv] = (rvisit){e, e};
                we.nv = nv + 1;
                rcounts ce;
                if (counts_make_some(&ce, &we, sp, ns, s) != 0)
                    bad = 1;
                ok = !bad && !unlawful(&ce, &we, sp, ns, e);
                counts_free(&ce, ns, sp);
                we.present[e - d0] = 0;
                we.nv = nv;
                we.n = full_n;
            }
            if (!bad && ok) {
                a.earliest_reentry = e;
                break;
            }
        }
        world_free(&we);
        if (!bad && a.earliest_reentry != RELOK_DAY_NONE) {
            relok_day e = a.earliest_reentry;
            vis[nv] = (rvisit){e, e + horizon};
            rworld ws;
            if (world_make(&ws, vis, nv + 1, trips, n_trips, check, d0, e + horizon) != 0) {
                bad = 1;
            } else {
                relok_day v = first_unlawful(&ws, sp, ns, e, e + horizon, &bad);
                if (v == RELOK_DAY_NONE)
                    a.max_stay_unbounded = true;
                else
                    a.max_stay_if_entering = v - e;
                world_free(&ws);
            }
        }
    }
    free(vis);
    if (bad)
        return -1;
    *out = a;
    return 0;
}
