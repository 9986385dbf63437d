/* SPDX-License-Identifier: MIT */
/* The advisor engine: a profile and the KB as of a date -> per country
 * entry, stay, pathways, cost, personal risks, scores with their reasons,
 * confidence and unknowns; then the ranking. Engine layer: no I/O, no
 * printing, no global state; all memory comes from the advice's arena (and
 * the stay engine's own relok__malloc scratch).
 *
 * The parts live beside this file (entry.c, stay.c, pathway.c, cost.c,
 * risk.c, society.c, musts.c; build.h holds the builder they share).
 * Every number is documented in docs/advisor.md; when one changes, the
 * document changes with it. Principles (DESIGN.md, "Advisor - semantics"):
 * a hard blocker is shown as a blocker, never hidden in a low score; unknown
 * data stands in with a cautious low value (never better than a known
 * modest one: the ranking is honest about what it does not know), is
 * listed, and lowers the confidence. */
#include "build.h"

#include "relok/labels.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ========================================================= scores & all */

static void finish_scores(cb *b)
{
    relok_advice_country *o = b->out;
    double sum[RELOK_DIM_COUNT_] = {0};
    size_t n_unv[RELOK_DIM_COUNT_] = {0};
    const relok_advice_reason *rs = b->reasons.items;
    size_t n0 = b->reasons.n;
    for (size_t i = 0; i < n0; i++) {
        sum[rs[i].dimension] += rs[i].points;
        for (size_t k = 0; k < rs[i].n_facts; k++)
            if (!rs[i].facts[k]->is_verified && rs[i].points != 0) {
                n_unv[rs[i].dimension]++;
                break;
            }
    }
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        double s = sum[d];
        if (s < 0 || s > 100) {
            double lim = s < 0 ? 0 : 100;
            reason(b, (relok_dimension)d, lim - s,
                   (relok_text){"Limited to the 0–100 scale", "Ограничено шкалой 0–100"}, NULL,
                   NULL);
            s = lim;
        }
        o->scores[d] = s;
        if (n_unv[d] > 0) {
            relok_text t = {0};
            if (wordy(b)) {
                char en[160], ru[200];
                snprintf(en, sizeof en, "%zu of the facts behind the %s score are unverified",
                         n_unv[d], relok_dimension_name((relok_dimension)d));
                snprintf(ru, sizeof ru, "Фактов без проверки в оценке «%s»: %zu",
                         relok_label_or_name("dim", relok_dimension_name((relok_dimension)d),
                                             RELOK_LANG_RU),
                         n_unv[d]);
                t = text2(b, en, ru);
            }
            double w = U_UNVERIFIED_EACH * (double)n_unv[d];
            unknown(b, (relok_dimension)d, w > U_UNVERIFIED_CAP ? U_UNVERIFIED_CAP : w, t);
        }
    }
    double wsum = 0, total = 0;
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        wsum += b->p->weights[d];
        total += b->p->weights[d] * o->scores[d];
    }
    o->total = wsum > 0 ? total / wsum : 0;
    double conf = 1.0, dconf[RELOK_DIM_COUNT_];
    for (int d = 0; d < RELOK_DIM_COUNT_; d++)
        dconf[d] = 1.0;
    const relok_advice_unknown *us = b->unknowns.items;
    for (size_t i = 0; i < b->unknowns.n; i++) {
        double w = us[i].weight * b->dim_factor[us[i].dimension];
        conf *= 1.0 - (w > 0.95 ? 0.95 : w);
        /* A score's own confidence: its unknowns at full weight. */
        double wd = us[i].weight > 0.95 ? 0.95 : us[i].weight;
        dconf[us[i].dimension] *= 1.0 - wd;
    }
    o->confidence = conf < CONFIDENCE_FLOOR ? CONFIDENCE_FLOOR : conf;
    for (int d = 0; d < RELOK_DIM_COUNT_; d++)
        o->dim_confidence[d] = dconf[d] < CONFIDENCE_FLOOR ? CONFIDENCE_FLOOR : dconf[d];
}

static relok_status advise_country(cb *b, relok_error *err)
{
    relok_advice_country *o = b->out;
    memset(&b->blockers, 0, sizeof b->blockers);
    memset(&b->pathways, 0, sizeof b->pathways);
    memset(&b->risks, 0, sizeof b->risks);
    memset(&b->musts, 0, sizeof b->musts);
    memset(&b->unknowns, 0, sizeof b->unknowns);
    memset(&b->reasons, 0, sizeof b->reasons);
    o->country = b->c;
    b->n_top = 0;
    b->n_later = 0;

    size_t bi = relok__advise_entry(b);
    bool doc_blocked = bi >= b->p->n_docs;
    bool barred = o->entry.verdict == RELOK_VERDICT_BLOCKED;
    if (!doc_blocked) {
        /* With an unknown entry rule the stay is still worth knowing: it is
         * computed with the document the entry was judged on. */
        const relok_held_doc *d = &b->p->docs[bi];
        docres r = relok__advise_eval_doc(b, d);
        relok_status rc = relok__advise_stay(b, d->type, d->citizenship, r.last_day, r.last_entry, err);
        if (rc != RELOK_OK)
            return rc;
    }
    relok__advise_pathways(b);
    relok__advise_cost(b);
    relok__advise_access_reasons(b, doc_blocked || barred);
    relok__advise_cost_reasons(b);
    relok__advise_society_reasons(b);
    relok__advise_opportunity_reasons(b);
    relok__advise_risk_bases(b);
    relok__advise_risks(b);
    relok__advise_musts(b);
    if (b->oom)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    finish_scores(b);
    if (b->oom)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    o->blockers = b->blockers.items;
    o->n_blockers = b->blockers.n;
    o->blocked = o->n_blockers > 0;
    o->pathways = b->pathways.items;
    o->n_pathways = b->pathways.n;
    o->risks = b->risks.items;
    o->n_risks = b->risks.n;
    o->musts = b->musts.items;
    o->n_musts = b->musts.n;
    o->unknowns = b->unknowns.items;
    o->n_unknowns = b->unknowns.n;
    o->reasons = b->reasons.items;
    o->n_reasons = b->reasons.n;
    relok__advise_word_later(b);
    if (b->oom)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    return RELOK_OK;
}

/* Rank: no blocker first, then all must-haves met, then the total score,
 * then confidence, then the code (so ties are stable). */
static int rank_cmp(const void *x, const void *y)
{
    const relok_advice_country *a = x, *b = y;
    if (a->blocked != b->blocked)
        return a->blocked ? 1 : -1;
    bool ma = a->n_unmet_musts > 0, mb = b->n_unmet_musts > 0;
    if (ma != mb)
        return ma ? 1 : -1;
    if (a->total != b->total)
        return a->total > b->total ? -1 : 1;
    if (a->confidence != b->confidence)
        return a->confidence > b->confidence ? -1 : 1;
    return strcmp(a->country->code, b->country->code);
}

static relok_status check_trips(const relok_advise_opts *o, relok_error *err)
{
    if (o->n_trips > 0 && o->trips == NULL)
        return relok__fail(err, RELOK_EINVAL, "trips: missing");
    if (o->n_trips > RELOK_MAX_TRIPS)
        return relok__fail_at(err, RELOK_EINVAL, NULL, 0, 0, "trips", "more than %u trips",
                              RELOK_MAX_TRIPS);
    for (size_t i = 0; i < o->n_trips; i++) {
        const relok_trip *t = &o->trips[i];
        if (t->entry == RELOK_DAY_NONE || (t->exit != RELOK_DAY_NONE && t->exit < t->entry))
            return relok__fail_at(err, RELOK_EINVAL, NULL, t->line, 0, "trips",
                                  "trip %zu: exit before entry", i + 1);
    }
    return RELOK_OK;
}

relok_status relok_advise_run(const relok_kb *kb, const relok_profile *p,
                              const relok_advise_opts *opts, relok_advice **out, relok_error *err)
{
    if (out != NULL)
        *out = NULL;
    if (kb == NULL || p == NULL || opts == NULL || out == NULL)
        return relok__fail(err, RELOK_EINVAL, "relok_advise_run: missing argument");
    relok_status rc = relok_profile_validate(p, err);
    if (rc != RELOK_OK)
        return RELOK_EINVAL;
    if ((rc = check_trips(opts, err)) != RELOK_OK)
        return rc;
    /* The year ahead must stay inside the dates the stay engine accepts. */
    relok_day lo = 0, hi = 0;
    (void)relok_date_from_ymd(RELOK_YEAR_MIN, 1, 1, &lo, NULL);
    (void)relok_date_from_ymd(RELOK_YEAR_MAX - 1, 12, 31, &hi, NULL);
    if (opts->asof < lo || opts->asof > hi)
        return relok__fail(err, RELOK_EINVAL, "the as-of date must lie in %d..%d",
                           RELOK_YEAR_MIN, RELOK_YEAR_MAX - 1);
    relok_arena *a = relok_arena_new(0);
    if (a == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    relok_advice *adv = relok_arena_calloc(a, 1, sizeof *adv);
    size_t n_all = relok_kb_n_countries(kb);
    relok_advice_country *cs = relok_arena_calloc(a, n_all > 0 ? n_all : 1, sizeof *cs);
    size_t cap_trips = opts->n_trips + PLAN_TRIPS;
    relok_trip *trips = relok_arena_calloc(a, cap_trips, sizeof *trips);
    if (adv == NULL || cs == NULL || trips == NULL) {
        relok_arena_free(a);
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    }
    adv->arena = a;
    adv->asof = opts->asof;
    cb b = {.a = a, .kb = kb, .p = p, .asof = opts->asof, .user_trips = opts->trips,
            .n_user_trips = opts->n_trips, .trips = trips, .cap_trips = cap_trips,
            .lean = opts->summary_only,
            .cache = relok__advise_cache_for(opts->cache, kb) ? opts->cache : NULL};
    adv->summary_only = opts->summary_only;
    double wsum = 0;
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        adv->weights[d] = p->weights[d];
        wsum += p->weights[d];
    }
    /* An unknown weighs on the confidence as much as its dimension weighs on
     * the total (equal weights: fully). */
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        double f = p->weights[d] / (wsum / RELOK_DIM_COUNT_);
        b.dim_factor[d] = f > 1 ? 1 : f;
    }
    size_t n = 0;
    for (size_t i = 0; i < n_all; i++) {
        const relok_country *c = relok_kb_country_at(kb, i);
        if (c->is_origin)
            continue; /* Russia is where they come from, not a destination. */
        b.c = c;
        b.out = &cs[n];
        b.oom = false;
        rc = advise_country(&b, err);
        if (rc != RELOK_OK) {
            relok_arena_free(a);
            return rc;
        }
        n++;
    }
    qsort(cs, n, sizeof *cs, rank_cmp);
    for (size_t i = 0; i < n; i++) {
        cs[i].rank = i + 1;
        if (cs[i].blocked)
            adv->n_blocked++;
    }
    adv->countries = cs;
    adv->n_countries = n;
    *out = adv;
    return RELOK_OK;
}

void relok_advise_free(relok_advice *a)
{
    if (a != NULL)
        relok_arena_free(a->arena);
}

const relok_advice_country *relok_advise_find(const relok_advice *a, const char *code)
{
    if (a == NULL || code == NULL || strlen(code) != 2)
        return NULL;
    char up[3] = {(char)toupper((unsigned char)code[0]), (char)toupper((unsigned char)code[1]),
                  '\0'};
    for (size_t i = 0; i < a->n_countries; i++)
        if (strcmp(a->countries[i].country->code, up) == 0)
            return &a->countries[i];
    return NULL;
}
