/* SPDX-License-Identifier: MIT */
/* Per-day lookups the agents read, built once per run set from the KB and
 * the scenario: which hosts admit which document on which day, how long a
 * fresh entrant may stay (asked of the stay engine itself, over the KB's
 * rule timeline with the scenario's overlays), whether a short exit resets
 * the count, who is barred or at risk, what a permit takes, and the
 * KB-fact terms of the destination utility. Unknown facts enter as cautious
 * values and are counted. Engine layer; docs/sim.md, "Tables". */
#include "sim_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"

#include <stdlib.h>
#include <string.h>

unsigned relok__sim_group_factors(unsigned g)
{
    switch (g) {
    case RELOK_SIM_GROUP_MOB: return 1u << RELOK_FACTOR_DRAFT_ELIGIBLE;
    case RELOK_SIM_GROUP_ACTIVIST:
        return (1u << RELOK_FACTOR_ACTIVIST) | (1u << RELOK_FACTOR_CRIMINAL_CASE);
    default: return 0;
    }
}

uint32_t relok__sim_month(const relok__sim_tables *T, uint32_t t)
{
    int32_t y0, y, d;
    int m0, m;
    relok_date_to_ymd(T->start, &y0, &m0, &d);
    relok_date_to_ymd(T->start + (relok_day)t, &y, &m, &d);
    return (uint32_t)((y - y0) * 12 + (m - m0));
}

uint32_t relok__sim_n_months(const relok__sim_tables *T)
{
    return relok__sim_month(T, T->n_days - 1) + 1;
}

static double severity_points(relok_severity s)
{
    switch (s) {
    case RELOK_SEVERITY_LOW: return 1;
    case RELOK_SEVERITY_MEDIUM: return 2;
    case RELOK_SEVERITY_HIGH: return 3;
    default: return 4;
    }
}

/* Monthly cost in USD from the KB: rent of a one-bed flat (mean of its
 * range), converted at the rate of the day. Negative when unknown. */
static double kb_cost_usd(const relok_kb *kb, const relok_country *c, relok_day day)
{
    for (size_t i = 0; i < c->n_costs; i++) {
        const relok_cost *k = &c->costs[i];
        if (k->item != RELOK_COST_RENT_1BR || !relok_fact_in_force(&k->fact, day))
            continue;
        double amount = (k->low + k->high) / 2.0;
        if (strcmp(k->currency, "USD") == 0)
            return amount;
        const relok_rate *r = relok_kb_rate(kb, k->currency, day);
        if (r != NULL && r->per_usd > 0)
            return amount / r->per_usd;
    }
    return -1.0;
}

static double spread_points(relok_spread s)
{
    switch (s) {
    case RELOK_SPREAD_WIDELY: return 1.0;
    case RELOK_SPREAD_COMMON: return 0.7;
    case RELOK_SPREAD_PARTLY: return 0.3;
    default: return 0.0;
    }
}

/* Opportunity: a bank account (yes 1, restricted 0.5, else 0) and Russian
 * spoken (widely 1 ... rarely 0). Unknown counts 0 (cautious), counted. */
static double kb_opportunity(const relok_country *c, relok_day day, uint64_t *unknown)
{
    double v = 0;
    bool bank = false, lang = false;
    for (size_t i = 0; i < c->n_banking; i++) {
        const relok_banking *b = &c->banking[i];
        if (!relok_fact_in_force(&b->fact, day))
            continue;
        bank = b->account != RELOK_AVAIL_UNKNOWN;
        v += b->account == RELOK_AVAIL_YES ? 1.0 : b->account == RELOK_AVAIL_RESTRICTED ? 0.5 : 0;
        break;
    }
    for (size_t i = 0; i < c->n_languages; i++) {
        const relok_language *l = &c->languages[i];
        if (strcmp(l->lang, "ru") == 0 && relok_fact_in_force(&l->fact, day)) {
            lang = true;
            v += spread_points(l->spread);
            break;
        }
    }
    *unknown += !bank + !lang;
    return v;
}

/* Sum of severity points of the risks of one dimension in force that
 * concern everyone or one of the group's factors. */
static double kb_risk_points(const relok_country *c, relok_dimension dim, unsigned factors,
                             relok_day day)
{
    double v = 0;
    for (size_t i = 0; i < c->n_risks; i++) {
        const relok_risk *r = &c->risks[i];
        if (r->dimension != dim || !relok_fact_in_force(&r->fact, day))
            continue;
        if (r->factors != 0 && (r->factors & factors) == 0)
            continue;
        v += severity_points(r->severity);
    }
    return v;
}

/* Does the host record any risk of this dimension in force (for anyone)? */
static bool kb_has_risks(const relok_country *c, relok_dimension dim, relok_day day)
{
    for (size_t i = 0; i < c->n_risks; i++)
        if (c->risks[i].dimension == dim && relok_fact_in_force(&c->risks[i].fact, day))
            return true;
    return false;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Land route: the host lists Russia (or Russia lists the host) as a land
 * neighbour with open crossings on the day. */
static bool kb_land_route(const relok_kb *kb, const relok_country *c, relok_day day)
{
    const relok_country *ru = relok_kb_country(kb, "RU");
    const relok_country *pair[2][2] = {{c, ru}, {ru, c}};
    for (int k = 0; k < 2; k++) {
        const relok_country *a = pair[k][0], *b = pair[k][1];
        if (a == NULL || b == NULL)
            continue;
        for (size_t i = 0; i < a->n_neighbours; i++) {
            const relok_neighbour *n = &a->neighbours[i];
            if (strcmp(n->country, b->code) == 0 && n->land_border &&
                n->crossing == RELOK_AVAIL_YES && relok_fact_in_force(&n->fact, day))
                return true;
        }
    }
    return false;
}

/* Blocked for a group on a day: an entry bar or a blocker risk for one of
 * its factors, a high risk tied to them (the advisor's rule), or a
 * scenario's extradition. */
static bool kb_blocked(const relok_country *c, unsigned factors, relok_day day)
{
    for (size_t i = 0; i < c->rules.n_bars; i++) {
        const relok_entry_bar *b = &c->rules.bars[i];
        if ((factors & (1u << b->factor)) != 0 && relok_fact_in_force(&b->fact, day))
            return true;
    }
    for (size_t i = 0; i < c->n_risks; i++) {
        const relok_risk *r = &c->risks[i];
        if (!relok_fact_in_force(&r->fact, day))
            continue;
        bool personal = r->factors != 0 && (r->factors & factors) != 0;
        if ((r->severity == RELOK_SEVERITY_BLOCKER && (r->factors == 0 || personal)) ||
            (r->severity == RELOK_SEVERITY_HIGH && personal))
            return true;
    }
    return false;
}

/* Pathway kinds a group can use, and flag requirements it meets. */
static bool group_kind_ok(unsigned g, relok_pathway_kind k)
{
    switch (k) {
    case RELOK_PATHWAY_RESIDENCE: return true;
    case RELOK_PATHWAY_WORK: return g != RELOK_SIM_GROUP_FAMILY;
    case RELOK_PATHWAY_DIGITAL_NOMAD: return g == RELOK_SIM_GROUP_IT;
    case RELOK_PATHWAY_BUSINESS: return g == RELOK_SIM_GROUP_IT || g == RELOK_SIM_GROUP_OTHER;
    case RELOK_PATHWAY_FAMILY: return g == RELOK_SIM_GROUP_FAMILY;
    case RELOK_PATHWAY_HUMANITARIAN:
    case RELOK_PATHWAY_ASYLUM: return g == RELOK_SIM_GROUP_ACTIVIST;
    default: return false;
    }
}

static bool group_flag_ok(unsigned g, unsigned d, relok_req_field f)
{
    switch (f) {
    case RELOK_REQF_PASSPORT: return d == 1;
    case RELOK_REQF_IT_SPECIALIST:
    case RELOK_REQF_REMOTE_FOREIGN:
    case RELOK_REQF_REMOTE_RUSSIAN: return g == RELOK_SIM_GROUP_IT;
    case RELOK_REQF_PERSECUTED: return g == RELOK_SIM_GROUP_ACTIVIST;
    case RELOK_REQF_AGE: return true;
    default: return false; /* a job offer, an admission, a family tie: not modelled */
    }
}

/* Money a group needs for the cheapest permit open to it, USD; -1 none. */
static double kb_permit_usd(const relok_kb *kb, const relok_country *c, const relok__sim_params *p,
                            unsigned g, unsigned d, relok_day day)
{
    double best = -1;
    relok_doc doc = d == 1 ? RELOK_DOC_PASSPORT : RELOK_DOC_INTERNAL_ID;
    for (size_t i = 0; i < c->n_pathways; i++) {
        const relok_pathway *w = &c->pathways[i];
        if (!relok_fact_in_force(&w->fact, day) || !group_kind_ok(g, w->kind))
            continue;
        if (w->documents != 0 && (w->documents & (1u << doc)) == 0)
            continue;
        double need = 0;
        bool ok = true;
        for (size_t k = 0; ok && k < w->n_requires; k++) {
            const relok_requirement *q = &w->requires[k];
            if (relok_req_field_type(q->field) != 1) {
                ok = q->op == RELOK_REQ_TRUE ? group_flag_ok(g, d, q->field) : true;
                continue;
            }
            double usd = q->amount;
            if (strcmp(q->currency, "USD") != 0) {
                const relok_rate *r = relok_kb_rate(kb, q->currency, day);
                if (r == NULL || r->per_usd <= 0) {
                    ok = false;
                    continue;
                }
                usd = q->amount / r->per_usd;
            }
            if (q->field == RELOK_REQF_MONTHLY_INCOME) {
                ok = p->income_usd[g] >= usd;
                continue;
            }
            if (q->op == RELOK_REQ_LT || q->op == RELOK_REQ_LE)
                continue;
            need = need > usd ? need : usd;
        }
        if (ok && (best < 0 || need < best))
            best = need;
    }
    return best;
}

/* ------------------------------------------------------------ stay spans */

static int cmp_day(const void *a, const void *b)
{
    relok_day x = *(const relok_day *)a, y = *(const relok_day *)b;
    return (x > y) - (x < y);
}

/* The stay rule for (c, doc) on day x: the latest scenario overlay in
 * force, else the KB's (with its zone fallback). */
static const relok_rule *rule_on(const relok_kb *kb, const relok_sim_scenario *sc,
                                 const relok_country *c, relok_doc doc, relok_day x)
{
    const relok_rule *r = NULL;
    for (size_t i = 0; i < sc->n_events; i++) {
        const relok_sim_event *e = &sc->events[i];
        if (e->kind == RELOK_SIM_EV_RULE_CHANGE && e->stay != NULL &&
            strcmp(e->country, c->code) == 0 && (e->documents & (1u << doc)) != 0 &&
            e->from <= x && x <= e->to)
            r = e->stay;
    }
    if (r != NULL)
        return r;
    const relok_stay_rule *s = relok_kb_stay(kb, c, "RU", doc, x);
    return s != NULL ? &s->rule : NULL;
}

/* The timeline the stay engine evaluates: KB versions with overlays, as
 * non-overlapping spans in date order (days with no rule are left out). */
static relok_status build_spans(const relok_kb *kb, const relok_sim_scenario *sc,
                                const relok_country *c, relok_doc doc, relok_rule_span **out,
                                size_t *out_n, relok_error *err)
{
    const relok_stay_rule *vers[64];
    size_t nv = relok_kb_stay_versions(kb, c, "RU", doc, vers, 64);
    if (nv > 64)
        nv = 64;
    size_t cap = 2 + 2 * nv + 2 * sc->n_events;
    relok_day *bp = relok__calloc(cap, sizeof *bp);
    relok_rule_span *sp = relok__calloc(cap, sizeof *sp);
    if (bp == NULL || sp == NULL) {
        relok__free(bp);
        relok__free(sp);
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    }
    size_t nb = 0;
    bp[nb++] = RELOK_DAY_MIN;
    for (size_t i = 0; i < nv; i++) {
        bp[nb++] = vers[i]->fact.from;
        if (vers[i]->fact.to != RELOK_DAY_MAX)
            bp[nb++] = vers[i]->fact.to + 1;
    }
    for (size_t i = 0; i < sc->n_events; i++) {
        const relok_sim_event *e = &sc->events[i];
        if (e->kind != RELOK_SIM_EV_RULE_CHANGE || e->stay == NULL ||
            strcmp(e->country, c->code) != 0)
            continue;
        bp[nb++] = e->from;
        if (e->to != RELOK_DAY_MAX)
            bp[nb++] = e->to + 1;
    }
    qsort(bp, nb, sizeof *bp, cmp_day);
    size_t ns = 0;
    for (size_t i = 0; i < nb; i++) {
        if (i > 0 && bp[i] == bp[i - 1])
            continue;
        relok_day from = bp[i];
        relok_day to = RELOK_DAY_MAX;
        for (size_t j = i + 1; j < nb; j++)
            if (bp[j] != from) {
                to = bp[j] - 1;
                break;
            }
        const relok_rule *r = rule_on(kb, sc, c, doc, from);
        if (r == NULL)
            continue;
        if (ns > 0 && sp[ns - 1].rule == r && sp[ns - 1].to == from - 1) {
            sp[ns - 1].to = to;
            continue;
        }
        sp[ns].from = from;
        sp[ns].to = to;
        sp[ns].rule = r;
        ns++;
    }
    relok__free(bp);
    *out = sp;
    *out_n = ns;
    return RELOK_OK;
}

/* Does a short exit start a new count under rule r? Only when every part
 * counts per entry; *gap gets the days abroad needed (at least 1: agents
 * re-enter the day after they leave). */
static bool rule_resets(const relok_rule *r, int32_t *gap)
{
    if (r->kind == RELOK_RULE_PER_ENTRY) {
        int32_t g = r->min_gap_days > 1 ? r->min_gap_days : 1;
        if (g > *gap)
            *gap = g;
        return true;
    }
    if (r->kind == RELOK_RULE_ALL_OF) {
        for (size_t i = 0; i < r->n_rules; i++)
            if (!rule_resets(&r->rules[i], gap))
                return false;
        return r->n_rules > 0;
    }
    return false;
}

static const relok_rule *span_rule(const relok_rule_span *sp, size_t n, relok_day x)
{
    for (size_t i = 0; i < n; i++)
        if (sp[i].from <= x && x <= sp[i].to)
            return sp[i].rule;
    return NULL;
}

static bool access_ok(relok_access a)
{
    return a == RELOK_ACCESS_VISA_FREE || a == RELOK_ACCESS_VISA_ON_ARRIVAL ||
           a == RELOK_ACCESS_E_VISA;
}

static bool entry_ok(const relok_kb *kb, const relok_sim_scenario *sc, const relok_country *c,
                     relok_doc doc, relok_day x)
{
    int over = -1;
    for (size_t i = 0; i < sc->n_events; i++) {
        const relok_sim_event *e = &sc->events[i];
        if (e->kind == RELOK_SIM_EV_RULE_CHANGE && e->has_access &&
            strcmp(e->country, c->code) == 0 && (e->documents & (1u << doc)) != 0 &&
            e->from <= x && x <= e->to)
            over = access_ok(e->access);
    }
    if (over >= 0)
        return over == 1;
    const relok_entry_rule *r = relok_kb_entry(kb, c, "RU", doc, RELOK_MODE_COUNT_, x);
    return r != NULL && access_ok(r->access); /* unknown entry: not admitted */
}

/* Fill admit, lfresh, reset_gap, next_nonreset for one host and document. */
static relok_status stay_tables(const relok_kb *kb, const relok_sim_scenario *sc,
                                relok__sim_tables *T, size_t ci, const relok_country *c,
                                unsigned d, relok_day until, relok_error *err)
{
    relok_doc doc = d == 1 ? RELOK_DOC_PASSPORT : RELOK_DOC_INTERNAL_ID;
    relok_rule_span *sp = NULL;
    size_t ns = 0;
    relok_status rc = build_spans(kb, sc, c, doc, &sp, &ns, err);
    if (rc != RELOK_OK)
        return rc;
    int32_t last_gap = 0;
    const relok_rule *after = span_rule(sp, ns, until + 1);
    bool resets_after = after != NULL && rule_resets(after, &last_gap) &&
                        ns > 0 && sp[ns - 1].to == RELOK_DAY_MAX && sp[ns - 1].rule == after;
    int32_t next = resets_after ? RELOK_DAY_MAX : until + 1;
    for (uint32_t t = T->n_days; t-- > 0;) {
        relok_day day = T->start + (relok_day)t;
        size_t k = relok__sim_cdt(T, ci, d, t);
        const relok_rule *r = span_rule(sp, ns, day);
        int32_t gap = 0;
        bool resets = r != NULL && rule_resets(r, &gap);
        T->reset_gap[k] = (int8_t)(resets ? (gap > 100 ? 100 : gap) : -1);
        if (!resets)
            next = day;
        T->next_nonreset[k] = next;
        T->lfresh[k] = RELOK_DAY_NONE;
        T->admit[k] = 0;
        if (r == NULL || ns == 0 || !entry_ok(kb, sc, c, doc, day))
            continue;
        relok_trip trip = {.entry = day, .exit = RELOK_DAY_NONE, .status = RELOK_TRIP_VISIT};
        memcpy(trip.country, c->code, 3);
        relok_stay_answer a;
        if (relok_stay_eval(sp, ns, &trip, 1, day, &a, NULL) != RELOK_OK)
            continue;
        if (a.latest_exit_unbounded)
            T->lfresh[k] = RELOK_DAY_MAX;
        else if (a.latest_exit != RELOK_DAY_NONE)
            T->lfresh[k] = a.latest_exit;
        T->admit[k] = T->lfresh[k] != RELOK_DAY_NONE;
    }
    relok__free(sp);
    return RELOK_OK;
}

#define ALLOC(field, n)                                                                  \
    do {                                                                                 \
        out->field = relok_arena_calloc(a, (n), sizeof *out->field);                     \
        if (out->field == NULL)                                                          \
            goto oom;                                                                    \
    } while (0)

relok_status relok__sim_tables_build(const relok_kb *kb, const relok_sim_scenario *sc,
                                     const relok__sim_params *p, relok_day start,
                                     relok_day until, relok__sim_tables *out, relok_error *err)
{
    memset(out, 0, sizeof *out);
    relok_arena *a = relok_arena_new(0);
    if (a == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    out->arena = a;
    out->start = start;
    out->n_days = (uint32_t)(until - start + 1);
    /* Hosts: every country but the origin, in KB order (sorted by code). */
    const relok_country *hosts[SIM_MAX_HOSTS + 1];
    size_t nh = 0;
    for (size_t i = 0; i < relok_kb_n_countries(kb); i++) {
        const relok_country *c = relok_kb_country_at(kb, i);
        if (c->is_origin)
            continue;
        if (nh == SIM_MAX_HOSTS) {
            relok__sim_tables_free(out);
            return relok__fail(err, RELOK_ELIMIT, "more than %d destinations", SIM_MAX_HOSTS);
        }
        hosts[++nh] = c;
    }
    out->n_hosts = nh;
    size_t np = nh + 2, nd = out->n_days;
    uint32_t nm = relok__sim_n_months(out);
    ALLOC(codes, np);
    ALLOC(area, np);
    ALLOC(admit, np * SIM_D * nd);
    ALLOC(lfresh, np * SIM_D * nd);
    ALLOC(reset_gap, np * SIM_D * nd);
    ALLOC(next_nonreset, np * SIM_D * nd);
    ALLOC(blocked, np * SIM_G * nd);
    ALLOC(extradition, np * SIM_G * nd);
    ALLOC(pathway_open, np * SIM_G * SIM_D * nd);
    ALLOC(v_kb, np * SIM_G * nm);
    ALLOC(cost_usd, np * nm);
    ALLOC(permit_usd, np * SIM_G * SIM_D * nm);
    ALLOC(shock, np * RELOK_SIM_SHOCK_COUNT_ * nd);
    ALLOC(push, SIM_G * nd);
    ALLOC(push_cum, SIM_G * nd);
    ALLOC(return_mult, SIM_G * nd);
    memcpy(out->codes[0], "RU", 3);
    memcpy(out->codes[nh + 1], "--", 3);
    for (size_t c = 1; c <= nh; c++) {
        memcpy(out->codes[c], hosts[c]->code, 3);
        /* Zone members share one area: presence in one counts for all. */
        out->area[c] = (uint8_t)(c - 1);
        for (size_t o = 1; o < c; o++)
            if (relok_kb_same_area(kb, hosts[c], hosts[o], start) ||
                relok_kb_same_area(kb, hosts[c], hosts[o], until)) {
                out->area[c] = out->area[o];
                break;
            }
    }
    relok_status rc = RELOK_OK;
    for (size_t c = 1; c <= nh && rc == RELOK_OK; c++)
        for (unsigned d = 0; d < SIM_D && rc == RELOK_OK; d++)
            rc = stay_tables(kb, sc, out, c, hosts[c], d, until, err);
    if (rc != RELOK_OK) {
        relok__sim_tables_free(out);
        return rc;
    }
    /* Per day: bars, risks, scenario events. */
    for (uint32_t t = 0; t < nd; t++) {
        relok_day day = start + (relok_day)t;
        for (unsigned g = 0; g < SIM_G; g++) {
            double push = p->push_base[g], ret = 1.0;
            for (size_t i = 0; i < sc->n_events; i++) {
                const relok_sim_event *e = &sc->events[i];
                if (day < e->from || day > e->to || (e->groups & (1u << g)) == 0)
                    continue;
                if (e->kind == RELOK_SIM_EV_PUSH)
                    push *= e->factor;
                else if (e->kind == RELOK_SIM_EV_EXIT_BAN)
                    push *= 1.0 - e->share;
                else if (e->kind == RELOK_SIM_EV_RETURN_PULL)
                    ret *= e->factor;
            }
            out->push[g * nd + t] = push;
            out->push_cum[g * nd + t] = push + (t > 0 ? out->push_cum[g * nd + t - 1] : 0.0);
            out->return_mult[g * nd + t] = ret;
            for (size_t c = 1; c <= nh; c++) {
                size_t k = relok__sim_cgt(out, c, g, t);
                out->blocked[k] = kb_blocked(hosts[c], relok__sim_group_factors(g), day);
            }
        }
        for (size_t i = 0; i < sc->n_events; i++) {
            const relok_sim_event *e = &sc->events[i];
            if (day < e->from || day > e->to)
                continue;
            for (size_t c = 1; c <= nh; c++) {
                if (strcmp(e->country, hosts[c]->code) != 0)
                    continue;
                if (e->kind == RELOK_SIM_EV_HOST_SHOCK)
                    out->shock[(c * RELOK_SIM_SHOCK_COUNT_ + e->shock) * nd + t] +=
                        e->delta;
                for (unsigned g = 0; g < SIM_G; g++) {
                    if ((e->groups & (1u << g)) == 0)
                        continue;
                    size_t k = relok__sim_cgt(out, c, g, t);
                    if (e->kind == RELOK_SIM_EV_EXTRADITION)
                        out->blocked[k] = out->extradition[k] = 1;
                    if (e->kind == RELOK_SIM_EV_PATHWAY)
                        for (unsigned d = 0; d < SIM_D; d++)
                            if ((e->documents & (1u << (d == 1 ? RELOK_DOC_PASSPORT
                                                               : RELOK_DOC_INTERNAL_ID))) != 0)
                                out->pathway_open[(k / nd * SIM_D + d) * nd + t] = 1;
                }
            }
        }
    }
    /* Per month: the KB terms of the utility and permit thresholds. */
    for (uint32_t m = 0; m < nm; m++) {
        int32_t y0, dd;
        int m0;
        relok_date_to_ymd(start, &y0, &m0, &dd);
        int mm = m0 - 1 + (int)m;
        relok_day day;
        if (relok_date_from_ymd(y0 + mm / 12, mm % 12 + 1, 1, &day, NULL) != RELOK_OK)
            day = start;
        if (day < start)
            day = start;
        double worst = -1;
        for (size_t c = 1; c <= nh; c++) {
            double k = kb_cost_usd(kb, hosts[c], day);
            out->cost_usd[c * nm + m] = k;
            if (k > worst)
                worst = k;
        }
        /* No cost known anywhere: an assumed USD 1500 (docs/sim.md). */
        if (worst < 0)
            worst = 1500;
        static const relok_dimension dims[3] = {RELOK_DIM_SOCIETY, RELOK_DIM_STABILITY,
                                                RELOK_DIM_SAFETY};
        const double coef[3] = {p->b_society, p->b_stability, p->b_safety};
        double med[SIM_G][3];
        for (unsigned g = 0; g < SIM_G; g++)
            for (int k = 0; k < 3; k++) {
                double v[SIM_MAX_HOSTS + 1];
                size_t n = 0;
                for (size_t c = 1; c <= nh; c++)
                    if (kb_has_risks(hosts[c], dims[k], day)) {
                        double pts = kb_risk_points(hosts[c], dims[k],
                                                    relok__sim_group_factors(g), day);
                        v[n++] = pts > 4 ? 4 : pts;
                    }
                qsort(v, n, sizeof *v, cmp_double);
                med[g][k] = n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
            }
        for (size_t c = 1; c <= nh; c++) {
            if (out->cost_usd[c * nm + m] < 0) {
                out->cost_usd[c * nm + m] = worst; /* cautious: the dearest known */
                out->unknown_facts++;
            }
            double opp = kb_opportunity(hosts[c], day, &out->unknown_facts);
            double land = kb_land_route(kb, hosts[c], day) ? 1.0 : 0.0;
            for (unsigned g = 0; g < SIM_G; g++) {
                unsigned f = relok__sim_group_factors(g);
                double risk = 0;
                for (int k = 0; k < 3; k++) {
                    double pts = kb_risk_points(hosts[c], dims[k], f, day);
                    /* A host that records no risk of this dimension at all
                     * is unknown, not safe: it gets the median of the hosts
                     * that do (never a better value), and is counted. */
                    if (!kb_has_risks(hosts[c], dims[k], day)) {
                        pts = med[g][k];
                        if (g == 0)
                            out->unknown_facts++;
                    }
                    risk += coef[k] * (pts > 4 ? 4 : pts);
                }
                double v = p->b_cost * out->cost_usd[c * nm + m] / 1000.0 + risk +
                           p->b_opportunity * opp + p->b_land * land +
                           relok__sim_host_const(p, hosts[c]->code);
                out->v_kb[(c * SIM_G + g) * nm + m] = v;
                for (unsigned d = 0; d < SIM_D; d++)
                    out->permit_usd[((c * SIM_G + g) * SIM_D + d) * nm + m] =
                        kb_permit_usd(kb, hosts[c], p, g, d, day);
            }
        }
    }
    return RELOK_OK;
oom:
    relok__sim_tables_free(out);
    return relok__fail(err, RELOK_ENOMEM, "out of memory");
}

void relok__sim_tables_free(relok__sim_tables *t)
{
    if (t == NULL)
        return;
    relok_arena_free(t->arena);
    memset(t, 0, sizeof *t);
}
