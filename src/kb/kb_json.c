/* SPDX-License-Identifier: MIT */
/* JSON renderings of KB answers (countries table, a country as of a date,
 * rule history, sources, statistics, validation reports). Model layer; the
 * CLI's --json and the HTTP API both call these, so they cannot disagree. */
#include "kb_int.h"

#include "base/error_int.h"
#include "base/json_int.h"
#include "relok/json.h"

#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------------- pieces */

static json_t *names_from_bits(relok__jb *jb, unsigned bits, const char *const *names,
                               size_t count)
{
    json_t *a = json_array();
    for (size_t i = 0; i < count; i++)
        if (bits & (1u << i))
            relok__jpush(jb, a, json_string(names[i]));
    return a;
}

/* Evidence and validity of a fact, merged into obj. */
static void put_fact(relok__jb *jb, json_t *obj, const relok_fact *f, bool with_validity)
{
    if (with_validity) {
        relok__jset(jb, obj, "from", f->from_unknown ? json_string("unknown")
                                                     : relok__json_date(f->from));
        relok__jset(jb, obj, "to", relok__json_date(f->to));
    }
    json_t *src = json_array();
    for (size_t i = 0; i < f->n_sources; i++)
        relok__jpush(jb, src, json_string(f->sources[i]));
    relok__jset(jb, obj, "sources", src);
    relok__jset(jb, obj, "verified", json_boolean(f->is_verified));
    relok__jset(jb, obj, "verified_on", relok__json_date(f->verified_on));
    relok__jset(jb, obj, "to_check", relok__json_text(&f->to_check));
    relok__jset(jb, obj, "note", relok__json_text(&f->note));
    relok__jset(jb, obj, "basis", json_string(relok__basis_names[f->basis]));
}

static json_t *rule_json(relok__jb *jb, const relok_rule *r)
{
    json_t *o = json_object();
    relok__jset(jb, o, "kind", json_string(relok__rule_kind_names[r->kind]));
    if (r->max_days != RELOK_RULE_UNSET)
        relok__jset(jb, o, "max_days", json_integer(r->max_days));
    if (r->window_days != RELOK_RULE_UNSET)
        relok__jset(jb, o, "window_days", json_integer(r->window_days));
    if (r->kind == RELOK_RULE_PER_ENTRY && r->min_gap_days != RELOK_RULE_UNSET)
        relok__jset(jb, o, "min_gap_days", json_integer(r->min_gap_days));
    if (r->counts_from != RELOK_DAY_NONE)
        relok__jset(jb, o, "counts_from", relok__json_date(r->counts_from));
    if (r->kind == RELOK_RULE_ALL_OF) {
        json_t *parts = json_array();
        for (size_t i = 0; i < r->n_rules; i++)
            relok__jpush(jb, parts, rule_json(jb, &r->rules[i]));
        relok__jset(jb, o, "rules", parts);
    }
    return o;
}

static json_t *rule_words(const relok_rule *r)
{
    char en[256], ru[512];
    relok_text t = {relok_rule_describe(r, RELOK_LANG_EN, en, sizeof en),
                    relok_rule_describe(r, RELOK_LANG_RU, ru, sizeof ru)};
    return relok__json_text(&t);
}

static json_t *entry_json(relok__jb *jb, const relok_entry_rule *e, const char *via_zone)
{
    json_t *o = json_object();
    relok__jset(jb, o, "citizenship", json_string(e->scope.citizenship));
    relok__jset(jb, o, "documents",
                names_from_bits(jb, e->scope.documents, relok__doc_names, RELOK_DOC_COUNT_));
    relok__jset(jb, o, "modes",
                names_from_bits(jb, e->modes, relok__mode_names, RELOK_MODE_COUNT_));
    relok__jset(jb, o, "access", json_string(relok__access_names[e->access]));
    if (e->passport_valid_months >= 0) {
        json_t *pv = json_object();
        relok__jset(jb, pv, "months", json_integer(e->passport_valid_months));
        relok__jset(jb, pv, "counted_from",
                    json_string(e->validity_from_entry ? "entry" : "exit"));
        relok__jset(jb, o, "passport_validity", pv);
    } else {
        relok__jset(jb, o, "passport_validity", json_null());
    }
    relok__jset(jb, o, "conditions", relok__json_text(&e->conditions));
    relok__jset(jb, o, "via_zone", relok__json_str(via_zone));
    put_fact(jb, o, &e->fact, true);
    return o;
}

static json_t *stay_json(relok__jb *jb, const relok_stay_rule *s, const char *via_zone)
{
    json_t *o = json_object();
    relok__jset(jb, o, "id", json_string(s->id));
    relok__jset(jb, o, "citizenship", json_string(s->scope.citizenship));
    relok__jset(jb, o, "documents",
                names_from_bits(jb, s->scope.documents, relok__doc_names, RELOK_DOC_COUNT_));
    relok__jset(jb, o, "rule", rule_json(jb, &s->rule));
    relok__jset(jb, o, "rule_text", rule_words(&s->rule));
    relok__jset(jb, o, "summary", relok__json_text(&s->summary));
    relok__jset(jb, o, "registration_days",
                relok__json_int_or_null(s->registration_days, -1));
    relok__jset(jb, o, "via_zone", relok__json_str(via_zone));
    put_fact(jb, o, &s->fact, true);
    return o;
}

static json_t *bar_json(relok__jb *jb, const relok_entry_bar *b, const char *via_zone)
{
    json_t *o = json_object();
    relok__jset(jb, o, "factor", json_string(relok__factor_names[b->factor]));
    relok__jset(jb, o, "title", relok__json_text(&b->title));
    relok__jset(jb, o, "via_zone", relok__json_str(via_zone));
    put_fact(jb, o, &b->fact, true);
    return o;
}

/* Are all of docs covered by the country's own rules of this section (then
 * the zone's are not used for them)? */
static bool own_covers(const relok_country *c, relok_section section, unsigned docs)
{
    unsigned own = 0;
    if (section == RELOK_SECTION_ENTRY)
        for (size_t i = 0; i < c->rules.n_entry; i++)
            own |= c->rules.entry[i].scope.documents;
    else
        for (size_t i = 0; i < c->rules.n_stay; i++)
            own |= c->rules.stay[i].scope.documents;
    return (docs & ~own) == 0;
}

/* Entry, stay and bars in force on asof: own rules, then the zone's for
 * documents the country says nothing about. */
static void put_rules(relok__jb *jb, json_t *o, const relok_kb *kb, const relok_country *c,
                      relok_day asof, bool all_versions)
{
    json_t *entry = json_array(), *stay = json_array(), *bars = json_array();
    const relok_zone *z = relok_kb_zone_of(kb, c, asof);
    const relok_rules *blocks[2] = {&c->rules, z != NULL ? &z->rules : NULL};
    for (size_t b = 0; b < 2; b++) {
        const relok_rules *r = blocks[b];
        if (r == NULL)
            continue;
        const char *via = b == 1 ? z->id : NULL;
        for (size_t i = 0; i < r->n_entry; i++)
            if ((all_versions || relok_fact_in_force(&r->entry[i].fact, asof)) &&
                (b == 0 || !own_covers(c, RELOK_SECTION_ENTRY, r->entry[i].scope.documents)))
                relok__jpush(jb, entry, entry_json(jb, &r->entry[i], via));
        for (size_t i = 0; i < r->n_stay; i++)
            if ((all_versions || relok_fact_in_force(&r->stay[i].fact, asof)) &&
                (b == 0 || !own_covers(c, RELOK_SECTION_STAY, r->stay[i].scope.documents)))
                relok__jpush(jb, stay, stay_json(jb, &r->stay[i], via));
        for (size_t i = 0; i < r->n_bars; i++)
            if (all_versions || relok_fact_in_force(&r->bars[i].fact, asof))
                relok__jpush(jb, bars, bar_json(jb, &r->bars[i], via));
    }
    relok__jset(jb, o, "entry", entry);
    relok__jset(jb, o, "stay", stay);
    relok__jset(jb, o, "bars", bars);
}

static json_t *requirement_json(relok__jb *jb, const relok_requirement *r)
{
    json_t *o = json_object();
    relok__jset(jb, o, "field", json_string(relok__req_field_names[r->field]));
    relok__jset(jb, o, "op", json_string(relok__req_op_names[r->op]));
    if (r->op != RELOK_REQ_TRUE)
        relok__jset(jb, o, "amount", relok__json_num(r->amount));
    if (r->currency[0] != '\0')
        relok__jset(jb, o, "currency", json_string(r->currency));
    relok__jset(jb, o, "text", relok__json_text(&r->text));
    return o;
}

static json_t *value_json(relok__jb *jb, json_t *o, double low, double high, bool is_range)
{
    if (is_range) {
        relok__jset(jb, o, "low", relok__json_num(low));
        relok__jset(jb, o, "high", relok__json_num(high));
    } else {
        relok__jset(jb, o, "value", relok__json_num(low));
    }
    return o;
}

static json_t *country_head(relok__jb *jb, const relok_country *c)
{
    json_t *o = json_object();
    relok__jset(jb, o, "code", json_string(c->code));
    relok__jset(jb, o, "name", relok__json_text(&c->name));
    return o;
}

static json_t *report_json(relok__jb *jb, const relok_report *r)
{
    json_t *x = json_object();
    relok__jset(jb, x, "id", json_string(r->id));
    relok__jset(jb, x, "country", json_string(r->country));
    relok__jset(jb, x, "crossing", relok__json_text(&r->crossing));
    relok__jset(jb, x, "date", relok__json_pdate(r->date));
    relok__jset(jb, x, "until",
                r->until.day == RELOK_DAY_NONE ? json_null() : relok__json_pdate(r->until));
    relok__jset(jb, x, "factors",
                names_from_bits(jb, r->factors, relok__factor_names, RELOK_FACTOR_COUNT_));
    relok__jset(jb, x, "title", relok__json_text(&r->title));
    relok__jset(jb, x, "what", relok__json_text(&r->what));
    relok__jset(jb, x, "confidence", json_string(relok__confidence_names[r->confidence]));
    put_fact(jb, x, &r->fact, false);
    return x;
}

/* -------------------------------------------------------------- renderers */

relok_status relok_json_countries(const relok_kb *kb, relok_doc doc, relok_day asof,
                                  unsigned flags, char **out, relok_error *err)
{
    relok__jb jb = relok__jb_begin();
    json_t *root = json_object();
    relok__jset(&jb, root, "as_of", relok__json_date(asof));
    relok__jset(&jb, root, "document", json_string(relok__doc_names[doc]));
    json_t *rows = json_array();
    for (size_t i = 0; i < kb->n_countries; i++) {
        const relok_country *c = &kb->countries[i];
        json_t *o = country_head(&jb, c);
        relok__jset(&jb, o, "origin", json_boolean(c->is_origin));
        const relok_zone *z = relok_kb_zone_of(kb, c, asof);
        relok__jset(&jb, o, "zone", relok__json_str(z != NULL ? z->id : NULL));
        const relok_entry_rule *e = relok_kb_entry(kb, c, "RU", doc, RELOK_MODE_COUNT_, asof);
        const relok_stay_rule *s = relok_kb_stay(kb, c, "RU", doc, asof);
        const relok_zone *ez = relok_kb_section_zone(kb, c, RELOK_SECTION_ENTRY, doc, asof);
        const relok_zone *sz = relok_kb_section_zone(kb, c, RELOK_SECTION_STAY, doc, asof);
        relok__jset(&jb, o, "entry",
                    e != NULL ? entry_json(&jb, e, ez != NULL ? ez->id : NULL) : json_null());
        relok__jset(&jb, o, "stay",
                    s != NULL ? stay_json(&jb, s, sz != NULL ? sz->id : NULL) : json_null());
        relok__jpush(&jb, rows, o);
    }
    relok__jset(&jb, root, "countries", rows);
    return relok__json_finish(&jb, root, flags, out, err);
}

relok_status relok_json_country(const relok_kb *kb, const relok_country *c, relok_day asof,
                                unsigned flags, char **out, relok_error *err)
{
    relok__jb jb = relok__jb_begin();
    json_t *o = country_head(&jb, c);
    relok__jset(&jb, o, "as_of", relok__json_date(asof));
    relok__jset(&jb, o, "currency", json_string(c->currency));
    relok__jset(&jb, o, "origin", json_boolean(c->is_origin));
    const relok_zone *z = relok_kb_zone_of(kb, c, asof);
    relok__jset(&jb, o, "zone", relok__json_str(z != NULL ? z->id : NULL));

    json_t *nb = json_array();
    for (size_t i = 0; i < c->n_neighbours; i++) {
        const relok_neighbour *n = &c->neighbours[i];
        if (!relok_fact_in_force(&n->fact, asof))
            continue;
        json_t *x = json_object();
        relok__jset(&jb, x, "country", json_string(n->country));
        relok__jset(&jb, x, "land_border", json_boolean(n->land_border));
        relok__jset(&jb, x, "crossing", json_string(relok__avail_names[n->crossing]));
        put_fact(&jb, x, &n->fact, true);
        relok__jpush(&jb, nb, x);
    }
    relok__jset(&jb, o, "neighbours", nb);
    put_rules(&jb, o, kb, c, asof, false);

    json_t *pw = json_array();
    for (size_t i = 0; i < c->n_pathways; i++) {
        const relok_pathway *p = &c->pathways[i];
        if (!relok_fact_in_force(&p->fact, asof))
            continue;
        json_t *x = json_object();
        relok__jset(&jb, x, "id", json_string(p->id));
        relok__jset(&jb, x, "kind", json_string(relok__pathway_kind_names[p->kind]));
        relok__jset(&jb, x, "name", relok__json_text(&p->name));
        relok__jset(&jb, x, "summary", relok__json_text(&p->summary));
        json_t *req = json_array();
        for (size_t k = 0; k < p->n_requires; k++)
            relok__jpush(&jb, req, requirement_json(&jb, &p->requires[k]));
        relok__jset(&jb, x, "requires", req);
        relok__jset(&jb, x, "documents",
                    names_from_bits(&jb, p->documents, relok__doc_names, RELOK_DOC_COUNT_));
        relok__jset(&jb, x, "duration_months", relok__json_int_or_null(p->duration_months, -1));
        relok__jset(&jb, x, "months_to_residence",
                    relok__json_int_or_null(p->months_to_residence, -1));
        relok__jset(&jb, x, "months_to_first_permit",
                    relok__json_int_or_null(p->months_to_first_permit, -1));
        relok__jset(&jb, x, "months_to_permanent",
                    relok__json_int_or_null(p->months_to_permanent, -1));
        json_t *fees = json_array();
        for (size_t k = 0; k < p->n_fees; k++) {
            json_t *f = json_object();
            relok__jset(&jb, f, "what", relok__json_text(&p->fees[k].what));
            value_json(&jb, f, p->fees[k].low, p->fees[k].high, p->fees[k].is_range);
            relok__jset(&jb, f, "currency", json_string(p->fees[k].currency));
            relok__jset(&jb, f, "date",
                        p->fees[k].date.day == RELOK_DAY_NONE ? json_null()
                                                              : relok__json_pdate(p->fees[k].date));
            relok__jpush(&jb, fees, f);
        }
        relok__jset(&jb, x, "fees", fees);
        put_fact(&jb, x, &p->fact, true);
        relok__jpush(&jb, pw, x);
    }
    relok__jset(&jb, o, "pathways", pw);

    json_t *costs = json_array();
    for (size_t i = 0; i < c->n_costs; i++) {
        const relok_cost *k = &c->costs[i];
        if (k->date.day > asof)
            continue;
        json_t *x = json_object();
        relok__jset(&jb, x, "item", json_string(relok__cost_item_names[k->item]));
        relok__jset(&jb, x, "place", relok__json_text(&k->place));
        relok__jset(&jb, x, "area", json_string(relok__area_names[k->area]));
        value_json(&jb, x, k->low, k->high, k->is_range);
        relok__jset(&jb, x, "currency", json_string(k->currency));
        relok__jset(&jb, x, "date", relok__json_pdate(k->date));
        relok__jset(&jb, x, "undated", json_boolean(k->is_undated));
        relok__jset(&jb, x, "sample_size", relok__json_int_or_null(k->sample_size, -1));
        put_fact(&jb, x, &k->fact, false);
        relok__jpush(&jb, costs, x);
    }
    relok__jset(&jb, o, "costs", costs);

    json_t *bank = json_array();
    for (size_t i = 0; i < c->n_banking; i++) {
        const relok_banking *b = &c->banking[i];
        if (!relok_fact_in_force(&b->fact, asof))
            continue;
        json_t *x = json_object();
        relok__jset(&jb, x, "account", json_string(relok__avail_names[b->account]));
        relok__jset(&jb, x, "card", json_string(relok__avail_names[b->card]));
        relok__jset(&jb, x, "transfers", json_string(relok__avail_names[b->transfers]));
        relok__jset(&jb, x, "account_needs", relok__json_text(&b->account_needs));
        relok__jset(&jb, x, "mir", json_string(relok__avail_names[b->mir]));
        relok__jset(&jb, x, "unionpay_ru", json_string(relok__avail_names[b->unionpay_ru]));
        relok__jset(&jb, x, "transfers_how", relok__json_text(&b->transfers_how));
        relok__jset(&jb, x, "sim", json_string(relok__avail_names[b->sim]));
        relok__jset(&jb, x, "sim_needs", relok__json_text(&b->sim_needs));
        put_fact(&jb, x, &b->fact, true);
        relok__jpush(&jb, bank, x);
    }
    relok__jset(&jb, o, "banking", bank);

    json_t *risks = json_array();
    for (size_t i = 0; i < c->n_risks; i++) {
        const relok_risk *r = &c->risks[i];
        if (!relok_fact_in_force(&r->fact, asof))
            continue;
        json_t *x = json_object();
        relok__jset(&jb, x, "id", json_string(r->id));
        relok__jset(&jb, x, "factors",
                    names_from_bits(&jb, r->factors, relok__factor_names, RELOK_FACTOR_COUNT_));
        relok__jset(&jb, x, "severity", json_string(relok__severity_names[r->severity]));
        relok__jset(&jb, x, "dimension", json_string(relok__dimension_names[r->dimension]));
        relok__jset(&jb, x, "title", relok__json_text(&r->title));
        relok__jset(&jb, x, "detail", relok__json_text(&r->detail));
        put_fact(&jb, x, &r->fact, true);
        relok__jpush(&jb, risks, x);
    }
    relok__jset(&jb, o, "risks", risks);

    json_t *langs = json_array();
    for (size_t i = 0; i < c->n_languages; i++) {
        const relok_language *l = &c->languages[i];
        if (!relok_fact_in_force(&l->fact, asof))
            continue;
        json_t *x = json_object();
        relok__jset(&jb, x, "language", json_string(l->lang));
        relok__jset(&jb, x, "spread", json_string(relok__spread_names[l->spread]));
        put_fact(&jb, x, &l->fact, true);
        relok__jpush(&jb, langs, x);
    }
    relok__jset(&jb, o, "languages", langs);

    json_t *inds = json_array();
    for (size_t i = 0; i < c->n_indicators; i++) {
        const relok_indicator *ind = &c->indicators[i];
        json_t *points = json_array();
        for (size_t p = 0; p < ind->n_points; p++) {
            const relok_point *pt = &ind->points[p];
            if (pt->date.day > asof)
                continue;
            json_t *x = json_object();
            relok__jset(&jb, x, "date", relok__json_pdate(pt->date));
            value_json(&jb, x, pt->low, pt->high, pt->is_range);
            put_fact(&jb, x, &pt->fact, false);
            relok__jpush(&jb, points, x);
        }
        if (json_array_size(points) == 0) {
            json_decref(points);
            continue;
        }
        json_t *x = json_object();
        relok__jset(&jb, x, "id", json_string(ind->id));
        relok__jset(&jb, x, "label", relok__json_text(&ind->label));
        relok__jset(&jb, x, "unit", json_string(ind->unit));
        relok__jset(&jb, x, "dimension", json_string(relok__dimension_names[ind->dimension]));
        relok__jset(&jb, x, "points", points);
        relok__jpush(&jb, inds, x);
    }
    relok__jset(&jb, o, "indicators", inds);

    /* Reported in practice: kept apart from the law, never part of a rule. */
    json_t *reps = json_array();
    for (size_t i = 0; i < c->n_reports; i++)
        if (c->reports[i].date.day <= asof)
            relok__jpush(&jb, reps, report_json(&jb, &c->reports[i]));
    relok__jset(&jb, o, "reports", reps);
    return relok__json_finish(&jb, o, flags, out, err);
}

static json_t *change_json(relok__jb *jb, const relok_change *ch)
{
    json_t *x = json_object();
    relok__jset(jb, x, "date", relok__json_date(ch->date));
    relok__jset(jb, x, "kind", json_string(relok__change_kind_names[ch->kind]));
    relok__jset(jb, x, "what", relok__json_text(&ch->what));
    relok__jset(jb, x, "rule", relok__json_str(ch->rule_id));
    json_t *src = json_array();
    for (size_t i = 0; i < ch->n_sources; i++)
        relok__jpush(jb, src, json_string(ch->sources[i]));
    relok__jset(jb, x, "sources", src);
    relok__jset(jb, x, "verified", json_boolean(ch->is_verified));
    relok__jset(jb, x, "verified_on", relok__json_date(ch->verified_on));
    relok__jset(jb, x, "to_check", relok__json_text(&ch->to_check));
    relok__jset(jb, x, "note", relok__json_text(&ch->note));
    return x;
}

relok_status relok_json_history(const relok_kb *kb, const relok_country *c, unsigned flags,
                                char **out, relok_error *err)
{
    relok__jb jb = relok__jb_begin();
    json_t *o = country_head(&jb, c);
    /* Every version of every rule, in file order (grouped by rule), and the
     * change log sorted by date. */
    put_rules(&jb, o, kb, c, relok_date_today(), true);
    const relok_change *sorted[512];
    size_t n = 0;
    for (size_t i = 0; i < c->n_changes && n < 512; i++)
        sorted[n++] = &c->changes[i];
    const relok_zone *z = relok_kb_zone_of(kb, c, relok_date_today());
    for (size_t i = 0; z != NULL && i < z->n_changes && n < 512; i++)
        sorted[n++] = &z->changes[i];
    for (size_t i = 1; i < n; i++) {
        const relok_change *x = sorted[i];
        size_t j = i;
        while (j > 0 && sorted[j - 1]->date > x->date) {
            sorted[j] = sorted[j - 1];
            j--;
        }
        sorted[j] = x;
    }
    json_t *changes = json_array();
    for (size_t i = 0; i < n; i++)
        relok__jpush(&jb, changes, change_json(&jb, sorted[i]));
    relok__jset(&jb, o, "changes", changes);
    return relok__json_finish(&jb, o, flags, out, err);
}

static json_t *source_json(relok__jb *jb, const relok_source *s)
{
    json_t *x = json_object();
    relok__jset(jb, x, "id", json_string(s->id));
    relok__jset(jb, x, "title", json_string(s->title));
    relok__jset(jb, x, "publisher", relok__json_str(s->publisher));
    relok__jset(jb, x, "date", s->has_date ? relok__json_pdate(s->date) : json_null());
    relok__jset(jb, x, "url", relok__json_str(s->url));
    relok__jset(jb, x, "accessed", relok__json_date(s->accessed));
    relok__jset(jb, x, "note", relok__json_str(s->note));
    return x;
}

relok_status relok_json_sources(const relok_kb *kb, const char *id, unsigned flags, char **out,
                                relok_error *err)
{
    *out = NULL;
    const relok_source *one = NULL;
    if (id != NULL && (one = relok_kb_source(kb, id)) == NULL)
        return relok__fail(err, RELOK_ENOTFOUND, "no source with id '%s'", id);
    relok__jb jb = relok__jb_begin();
    if (one != NULL)
        return relok__json_finish(&jb, source_json(&jb, one), flags, out, err);
    json_t *a = json_array();
    for (size_t i = 0; i < kb->n_sources; i++)
        relok__jpush(&jb, a, source_json(&jb, &kb->sources[i]));
    json_t *root = json_object();
    relok__jset(&jb, root, "sources", a);
    return relok__json_finish(&jb, root, flags, out, err);
}

relok_status relok_json_diags(const relok_diags *d, unsigned flags, char **out,
                              relok_error *err)
{
    relok__jb jb = relok__jb_begin();
    json_t *root = json_object();
    json_t *a = json_array();
    for (size_t i = 0; d != NULL && i < d->n; i++) {
        json_t *x = json_object();
        relok__jset(&jb, x, "file", json_string(d->items[i].file));
        relok__jset(&jb, x, "line", json_integer(d->items[i].line));
        relok__jset(&jb, x, "column", json_integer(d->items[i].column));
        relok__jset(&jb, x, "path", json_string(d->items[i].path));
        relok__jset(&jb, x, "message", json_string(d->items[i].msg));
        relok__jpush(&jb, a, x);
    }
    relok__jset(&jb, root, "ok", json_boolean(d == NULL || d->n == 0));
    relok__jset(&jb, root, "errors", a);
    return relok__json_finish(&jb, root, flags, out, err);
}

/* ----------------------------------------------------------------- stats */

static json_t *stat_json(relok__jb *jb, const relok_kb_stat *r)
{
    json_t *x = json_object();
    relok__jset(jb, x, "facts", json_integer((json_int_t)r->facts));
    relok__jset(jb, x, "cited", json_integer((json_int_t)r->cited));
    relok__jset(jb, x, "verified", json_integer((json_int_t)r->verified));
    relok__jset(jb, x, "unverified", json_integer((json_int_t)r->unverified));
    relok__jset(jb, x, "costs", json_integer((json_int_t)r->costs));
    relok__jset(jb, x, "banking", json_integer((json_int_t)r->banking));
    relok__jset(jb, x, "pathways_timed", json_integer((json_int_t)r->pathways_timed));
    relok__jset(jb, x, "reports", json_integer((json_int_t)r->reports));
    relok__jset(jb, x, "newest_rule_check", relok__json_date(r->newest_rule_check));
    return x;
}

relok_status relok_json_kb_stats(const relok_kb *kb, unsigned flags, char **out,
                                 relok_error *err)
{
    relok_kb_stat rows[256], total;
    size_t n = relok_kb_stats(kb, rows, sizeof rows / sizeof *rows, &total);
    relok__jb jb = relok__jb_begin();
    json_t *root = json_object();
    relok__jset(&jb, root, "countries", json_integer((json_int_t)kb->n_countries));
    relok__jset(&jb, root, "zones", json_integer((json_int_t)kb->n_zones));
    relok__jset(&jb, root, "sources", json_integer((json_int_t)kb->n_sources));
    relok__jset(&jb, root, "total", stat_json(&jb, &total));
    json_t *per = json_object();
    for (size_t i = 0; i < n; i++)
        relok__jset(&jb, per, rows[i].owner, stat_json(&jb, &rows[i]));
    relok__jset(&jb, root, "per_owner", per);
    return relok__json_finish(&jb, root, flags, out, err);
}

/* Renders hand out plain heap text (relok__json_finish copies the dump out
 * of its arena). */
void relok_json_free(char *s) { free(s); }
