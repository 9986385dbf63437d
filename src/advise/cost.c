/* SPDX-License-Identifier: MIT */
/* Living costs for the household against the budget, and the cost score's
 * reasons. Engine layer, no I/O. */
#include "build.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ================================================================ costs */

/* How far an observation can be trusted, for choosing among them: a
 * verified one first, and among equals one whose source gives its date
 * before one whose date is an estimate (the year it was read, say), which
 * would otherwise outrank every dated figure just by that placeholder. */
static int cost_rank(const relok_cost *k)
{
    return (k->fact.is_verified ? 2 : 0) + (k->is_undated ? 0 : 1);
}

/* Any place, for pick_cost_at. */
#define ANY_PLACE (-1)

/* The latest observation of an item dated on or before d, else the
 * earliest one, among the observations of the best rank there is; only
 * those of one place (relok_cost.place_group) unless at is ANY_PLACE. */
static const relok_cost *pick_cost_at(const relok_country *c, relok_cost_item item, relok_day d,
                                      int at)
{
    /* One pass: a better rank starts the choice afresh. */
    int rank = -1;
    const relok_cost *best = NULL, *earliest = NULL;
    for (size_t i = 0; i < c->n_costs; i++) {
        const relok_cost *k = &c->costs[i];
        if (k->item != item || (at != ANY_PLACE && k->place_group != at))
            continue;
        int r = cost_rank(k);
        if (r < rank)
            continue;
        if (r > rank) {
            rank = r;
            best = earliest = NULL;
        }
        if (earliest == NULL || k->date.day < earliest->date.day)
            earliest = k;
        if (k->date.day <= d && (best == NULL || k->date.day > best->date.day))
            best = k;
    }
    return best != NULL ? best : earliest;
}

static const relok_cost *pick_cost(const relok_country *c, relok_cost_item item, relok_day d)
{
    return pick_cost_at(c, item, d, ANY_PLACE);
}

/* A month's estimate from parts, each times its multiplier, in cur. */
typedef struct month_est {
    const relok_cost *parts[2];
    double mult[2];
    size_t np;
    double low, high;
} month_est;

/* Convert and add up the parts; false (and *bad_cur) when a currency has no
 * rate to cur. */
static bool est_sum(const cb *b, month_est *e, const char *cur, const char **bad_cur)
{
    e->low = e->high = 0;
    for (size_t i = 0; i < e->np; i++) {
        const relok_cost *k = e->parts[i];
        double l = 0, h = 0;
        /* A single figure (low == high) is converted once: the rate lookup
         * is most of the cost of a conversion. */
        if (!relok__convert(b->kb, k->low, k->currency, cur, b->asof, &l) ||
            (k->high != k->low && !relok__convert(b->kb, k->high, k->currency, cur, b->asof, &h))) {
            *bad_cur = k->currency;
            return false;
        }
        if (k->high == k->low)
            h = l;
        e->low += l * e->mult[i];
        e->high += h * e->mult[i];
    }
    return true;
}

/* How far a month can be trusted: as far as its least trusted part. */
static int est_rank(const month_est *e)
{
    int r = 3;
    for (size_t i = 0; i < e->np; i++)
        if (cost_rank(e->parts[i]) < r)
            r = cost_rank(e->parts[i]);
    return r;
}

/* The whole month in one place: its own living_single, or its rent with
 * the rest of the month (the place's own month without rent, else the
 * country's, else a food basket, the place's or the country's), whichever
 * stands better (an unverified all-in guess does not hide a checked rent
 * and month); living_single on a tie. */
static bool place_month(const cb *b, int at, double scale, month_est *e)
{
    const relok_country *c = b->c;
    month_est whole = {0}, sum = {0};
    const relok_cost *living = pick_cost_at(c, RELOK_COST_LIVING_SINGLE, b->asof, at);
    if (living != NULL) {
        whole.parts[0] = living;
        whole.mult[0] = scale;
        whole.np = 1;
    }
    const relok_cost *rent = pick_cost_at(c, RELOK_COST_RENT_1BR, b->asof, at);
    if (rent == NULL)
        rent = pick_cost_at(c, RELOK_COST_RENT_ROOM, b->asof, at);
    static const relok_cost_item rest_items[] = {RELOK_COST_LIVING_NO_RENT, RELOK_COST_BASKET};
    const relok_cost *rest = NULL;
    for (size_t i = 0; i < 2 && rest == NULL && rent != NULL; i++) {
        rest = pick_cost_at(c, rest_items[i], b->asof, at);
        if (rest == NULL && at != 0)
            rest = pick_cost_at(c, rest_items[i], b->asof, 0);
    }
    if (rent != NULL && rest != NULL) {
        sum.parts[0] = rent;
        sum.mult[0] = 1;
        sum.parts[1] = rest;
        sum.mult[1] = scale;
        sum.np = 2;
    }
    if (whole.np == 0 && sum.np == 0)
        return false;
    *e = whole.np > 0 && (sum.np == 0 || est_rank(&whole) >= est_rank(&sum)) ? whole : sum;
    return true;
}

/* The cheapest and the dearest whole month over the country's places
 * (each place's rent with its own rest of the month, never one city's rent
 * with another's month), among the months of the best standing (a place
 * known only from an unverified anecdote does not widen the range of places
 * with checked figures), in cur. False when no place has a whole month;
 * *bad_cur is set when a currency could not be converted. */
static bool month_by_place(const cb *b, double scale, const char *cur, month_est *lo,
                           month_est *hi, const char **bad_cur)
{
    const relok_country *c = b->c;
    int best = -1, bad_rank = -1;
    const char *bad = NULL;
    for (size_t at = 0; at < c->n_place_groups; at++) {
        month_est e;
        if (!place_month(b, (int)at, scale, &e))
            continue;
        int r = est_rank(&e);
        if (r < best)
            continue;
        /* A month that cannot be converted fails the estimate only if it
         * is of the standing that counts. */
        if (!est_sum(b, &e, cur, &bad)) {
            if (r > bad_rank)
                bad_rank = r;
            continue;
        }
        if (r > best) {
            best = r;
            *lo = *hi = e;
            continue;
        }
        if (e.low < lo->low)
            *lo = e;
        if (e.high > hi->high)
            *hi = e;
    }
    if (bad_rank >= 0 && bad_rank >= best) {
        *bad_cur = bad;
        return false;
    }
    return best >= 0;
}

void relok__advise_cost(cb *b)
{
    const relok_profile *p = b->p;
    relok_advice_cost *ct = &b->out->cost;
    const char *cur = p->monthly_budget.is_set ? p->monthly_budget.currency : "USD";
    memcpy(ct->currency, cur, 4);
    ct->budget = p->monthly_budget.is_set ? p->monthly_budget.amount : -1;
    ct->status = RELOK_COST_STATUS_UNKNOWN;

    /* Household scale for food and living costs: the OECD-modified
     * equivalence scale (1 for the first adult, 0.5 for another adult, 0.3
     * for a child under 14, 0.5 from 14). */
    double scale = 1.0;
    size_t n_school = 0;
    for (size_t i = 0; i < p->n_members; i++) {
        const relok_member *m = &p->members[i];
        scale += m->is_partner ? 0.5 : (m->age < 14 ? 0.3 : 0.5);
        if (!m->is_partner && m->age >= 6)
            n_school++;
    }
    const relok_cost *school = n_school > 0 ? pick_cost(b->c, RELOK_COST_SCHOOL, b->asof) : NULL;
    const char *bad_cur = NULL;
    month_est lo, hi;
    relok_cost_status status = RELOK_COST_STATUS_UNKNOWN;
    if (month_by_place(b, scale, cur, &lo, &hi, &bad_cur)) {
        status = RELOK_COST_STATUS_KNOWN;
    } else if (bad_cur == NULL) {
        /* No place has a whole month: the country's latest rent and rest
         * of the month, whichever places they are for (both: known; one:
         * partial, a lower bound). The rest of a month beside rent is a
         * cost-of-living site's month without rent (food, transport,
         * utilities and the rest), else a food basket. */
        const relok_cost *rent = pick_cost(b->c, RELOK_COST_RENT_1BR, b->asof);
        if (rent == NULL)
            rent = pick_cost(b->c, RELOK_COST_RENT_ROOM, b->asof);
        const relok_cost *rest = pick_cost(b->c, RELOK_COST_LIVING_NO_RENT, b->asof);
        if (rest == NULL)
            rest = pick_cost(b->c, RELOK_COST_BASKET, b->asof);
        lo = (month_est){0};
        if (rent != NULL) {
            lo.parts[lo.np] = rent;
            lo.mult[lo.np++] = 1;
        }
        if (rest != NULL) {
            lo.parts[lo.np] = rest;
            lo.mult[lo.np++] = scale;
        }
        if (lo.np > 0 && est_sum(b, &lo, cur, &bad_cur)) {
            status = rent != NULL && rest != NULL ? RELOK_COST_STATUS_KNOWN
                                                  : RELOK_COST_STATUS_PARTIAL;
            hi = lo;
        }
    }
    /* School, per school-age child, on top of either end. */
    month_est sch = {.parts = {school}, .mult = {(double)n_school}, .np = school != NULL};
    if (status != RELOK_COST_STATUS_UNKNOWN && !est_sum(b, &sch, cur, &bad_cur))
        status = RELOK_COST_STATUS_UNKNOWN;
    if (bad_cur != NULL) {
        char en[128], ru[128];
        snprintf(en, sizeof en, "Costs are in %s and there is no exchange rate to %s", bad_cur, cur);
        snprintf(ru, sizeof ru, "Расходы указаны в %s, а курса к %s нет", bad_cur, cur);
        unknown(b, RELOK_DIM_COST, U_COST, text2(b, en, ru));
        status = RELOK_COST_STATUS_UNKNOWN;
    } else if (status != RELOK_COST_STATUS_UNKNOWN) {
        ct->low = lo.low + sch.low;
        ct->high = hi.high + sch.high;
        /* A range over places says which (the first part names the place:
         * its rent or its whole month). */
        if (status == RELOK_COST_STATUS_KNOWN && lo.parts[0] != hi.parts[0]) {
            ct->low_place = lo.parts[0]->place;
            ct->high_place = hi.parts[0]->place;
        }
        /* The observations behind both ends (the same when one place gives
         * both), then school. */
        const month_est *ends[3] = {&lo, &hi, &sch};
        for (size_t e = 0; e < 3; e++)
            for (size_t i = 0; i < ends[e]->np; i++) {
                bool dup = false;
                for (size_t k = 0; k < ct->n_items && !dup; k++)
                    dup = ct->items[k] == ends[e]->parts[i];
                if (!dup && ct->n_items < sizeof ct->items / sizeof *ct->items)
                    ct->items[ct->n_items++] = ends[e]->parts[i];
            }
    }
    ct->status = status;
    if (status == RELOK_COST_STATUS_UNKNOWN && bad_cur == NULL)
        unknown(b, RELOK_DIM_COST, U_COST,
                (relok_text){"No living costs recorded for this country",
                             "Стоимость жизни в этой стране не записана"});
    if (status != RELOK_COST_STATUS_UNKNOWN && n_school > 0 && school == NULL)
        unknown(b, RELOK_DIM_COST, U_SCHOOL,
                (relok_text){"School costs are not recorded (not included)",
                             "Стоимость школы не записана (не учтена)"});
    if (status == RELOK_COST_STATUS_PARTIAL)
        unknown(b, RELOK_DIM_COST, U_COST_PARTIAL,
                (relok_text){"Only part of the living costs is recorded (rent, or the month without rent)",
                             "Записана только часть расходов (аренда или месяц без аренды)"});
    if (!p->monthly_budget.is_set && status != RELOK_COST_STATUS_UNKNOWN)
        unknown(b, RELOK_DIM_COST, U_COST,
                (relok_text){"No monthly budget in your profile",
                             "В профиле не указан месячный бюджет"});
}

/* Cost score for a cost/budget ratio: 100 up to half the budget, 50 at the
 * budget, 0 at twice the budget, linear in between. */
static double cost_curve(double ratio)
{
    if (!(ratio > 0.5))
        return 100;
    if (ratio <= 1)
        return 100 - 100 * (ratio - 0.5);
    if (ratio <= 2)
        return 50 - 50 * (ratio - 1);
    return 0;
}

/* The cost's share of the budget at its low and high ends. */
static void budget_ratios(const relok_advice_cost *ct, double *rl, double *rh)
{
    *rl = ct->budget > 0 ? ct->low / ct->budget : (double)INFINITY;
    *rh = ct->budget > 0 ? ct->high / ct->budget : (double)INFINITY;
}

/* The words of the cost reason (reason_later: for the summary, only when it
 * is one of the country's top reasons; formatting every country's was an
 * eighth of POST /api/advise). */
static relok_text cost_words(cb *b)
{
    const relok_advice_cost *ct = &b->out->cost;
    double rl, rh;
    budget_ratios(ct, &rl, &rh);
    char lo[64], hi[64], bud[64], en[1024], ru[1536];
    /* Estimates are rough: whole units. */
    relok__fmt_money(round(ct->low), ct->currency, lo, sizeof lo);
    relok__fmt_money(round(ct->high), "", hi, sizeof hi);
    relok__fmt_money(ct->budget, ct->currency, bud, sizeof bud);
    char range[160];
    if (fabs(ct->high - ct->low) < 0.5)
        snprintf(range, sizeof range, "%s", lo);
    else
        snprintf(range, sizeof range, "%s–%s", lo, hi + 1); /* "" + ' ' + number */
    int pl = isfinite(rl) ? (int)lround(rl * 100) : 999, ph = isfinite(rh) ? (int)lround(rh * 100) : 999;
    char pct[32];
    if (pl == ph)
        snprintf(pct, sizeof pct, "%d %%", pl);
    else
        snprintf(pct, sizeof pct, "%d–%d %%", pl, ph);
    if (ct->status == RELOK_COST_STATUS_PARTIAL) {
        double bound = cost_curve(rl);
        snprintf(en, sizeof en,
                 "At least %s a month (%s of your budget of %s; only part of the costs is "
                 "recorded)%s",
                 range, pct, bud, bound < COST_UNKNOWN ? "" : ": cautious value");
        snprintf(ru, sizeof ru,
                 "Не менее %s в месяц (%s вашего бюджета %s; записана только часть "
                 "расходов)%s",
                 range, pct, bud, bound < COST_UNKNOWN ? "" : ": осторожная оценка");
    } else {
        /* A range over places: from the cheapest place to the dearest. */
        char where_en[256] = "", where_ru[384] = "";
        if (!relok_text_is_empty(&ct->low_place) && !relok_text_is_empty(&ct->high_place)) {
            snprintf(where_en, sizeof where_en, " (%s to %s)", tx(&ct->low_place, RELOK_LANG_EN),
                     tx(&ct->high_place, RELOK_LANG_EN));
            snprintf(where_ru, sizeof where_ru, " (%s — %s)", tx(&ct->low_place, RELOK_LANG_RU),
                     tx(&ct->high_place, RELOK_LANG_RU));
        }
        snprintf(en, sizeof en, "About %s a month for your household%s: %s of your budget of %s",
                 range, where_en, pct, bud);
        snprintf(ru, sizeof ru, "Около %s в месяц на вашу семью%s: %s вашего бюджета %s", range,
                 where_ru, pct, bud);
    }
    return text2(b, en, ru);
}

void relok__advise_cost_reasons(cb *b)
{
    const relok_advice_cost *ct = &b->out->cost;
    if (ct->status == RELOK_COST_STATUS_UNKNOWN || ct->budget < 0) {
        neutral_reason(b, RELOK_DIM_COST, COST_UNKNOWN,
                       (relok_text){"Cost against budget unknown: cautious value",
                                    "Соотношение расходов и бюджета неизвестно: осторожная "
                                    "оценка"});
        return;
    }
    double rl, rh;
    budget_ratios(ct, &rl, &rh);
    double score = (cost_curve(rl) + cost_curve(rh)) / 2;
    if (ct->status == RELOK_COST_STATUS_PARTIAL) {
        /* A lower bound: it can only show that the true cost is too high. */
        double bound = cost_curve(rl);
        score = bound < COST_UNKNOWN ? bound : COST_UNKNOWN;
    }
    relok_advice_reason *r = reason_later(b, RELOK_DIM_COST, score, cost_words, NULL);
    for (size_t i = 0; i < ct->n_items; i++)
        add_fact(r, &ct->items[i]->fact);
}
