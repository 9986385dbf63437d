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

/* The latest observation of an item dated on or before d, else the
 * earliest one, among the observations of the best rank there is. */
static const relok_cost *pick_cost(const relok_country *c, relok_cost_item item, relok_day d)
{
    int rank = -1;
    for (size_t i = 0; i < c->n_costs; i++)
        if (c->costs[i].item == item && cost_rank(&c->costs[i]) > rank)
            rank = cost_rank(&c->costs[i]);
    const relok_cost *best = NULL, *earliest = NULL;
    for (size_t i = 0; i < c->n_costs; i++) {
        const relok_cost *k = &c->costs[i];
        if (k->item != item || cost_rank(k) != rank)
            continue;
        if (earliest == NULL || k->date.day < earliest->date.day)
            earliest = k;
        if (k->date.day <= d && (best == NULL || k->date.day > best->date.day))
            best = k;
    }
    return best != NULL ? best : earliest;
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
    const relok_cost *living = pick_cost(b->c, RELOK_COST_LIVING_SINGLE, b->asof);
    const relok_cost *rent = pick_cost(b->c, RELOK_COST_RENT_1BR, b->asof);
    if (rent == NULL)
        rent = pick_cost(b->c, RELOK_COST_RENT_ROOM, b->asof);
    /* The rest of a month beside rent: a cost-of-living site's month
     * without rent (food, transport, utilities and the rest) covers more
     * than a food basket, so it comes first. */
    const relok_cost *rest = pick_cost(b->c, RELOK_COST_LIVING_NO_RENT, b->asof);
    if (rest == NULL)
        rest = pick_cost(b->c, RELOK_COST_BASKET, b->asof);
    const relok_cost *school = n_school > 0 ? pick_cost(b->c, RELOK_COST_SCHOOL, b->asof) : NULL;
    const relok_cost *parts[3] = {NULL, NULL, NULL};
    double mult[3] = {1, 1, 1};
    size_t np = 0;
    relok_cost_status status = RELOK_COST_STATUS_UNKNOWN;
    if (living != NULL) {
        parts[np] = living;
        mult[np++] = scale;
        status = RELOK_COST_STATUS_KNOWN;
    } else if (rent != NULL || rest != NULL) {
        if (rent != NULL)
            parts[np++] = rent;
        if (rest != NULL) {
            parts[np] = rest;
            mult[np++] = scale;
        }
        status = rent != NULL && rest != NULL ? RELOK_COST_STATUS_KNOWN : RELOK_COST_STATUS_PARTIAL;
    }
    if (status != RELOK_COST_STATUS_UNKNOWN && school != NULL) {
        parts[np] = school;
        mult[np++] = (double)n_school;
    }
    double low = 0, high = 0;
    const char *bad_cur = NULL;
    for (size_t i = 0; i < np; i++) {
        double l = 0, h = 0;
        if (!relok__convert(b->kb, parts[i]->low, parts[i]->currency, cur, b->asof, &l) ||
            !relok__convert(b->kb, parts[i]->high, parts[i]->currency, cur, b->asof, &h)) {
            bad_cur = parts[i]->currency;
            break;
        }
        low += l * mult[i];
        high += h * mult[i];
    }
    if (bad_cur != NULL) {
        char en[128], ru[128];
        snprintf(en, sizeof en, "Costs are in %s and there is no exchange rate to %s", bad_cur, cur);
        snprintf(ru, sizeof ru, "Расходы указаны в %s, а курса к %s нет", bad_cur, cur);
        unknown(b, RELOK_DIM_COST, U_COST, text2(b, en, ru));
        status = RELOK_COST_STATUS_UNKNOWN;
    } else if (status != RELOK_COST_STATUS_UNKNOWN) {
        ct->low = low;
        ct->high = high;
        for (size_t i = 0; i < np; i++)
            ct->items[ct->n_items++] = parts[i];
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
    char lo[64], hi[64], bud[64], en[512], ru[768];
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
        snprintf(en, sizeof en, "About %s a month for your household: %s of your budget of %s",
                 range, pct, bud);
        snprintf(ru, sizeof ru, "Около %s в месяц на вашу семью: %s вашего бюджета %s", range,
                 pct, bud);
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
