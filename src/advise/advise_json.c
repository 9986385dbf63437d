/* SPDX-License-Identifier: MIT */
/* JSON rendering of an advice, shared by `relok advise --json` and the HTTP
 * API (POST /api/advise), so the two faces cannot disagree. Engine layer
 * (rendering only); json_t never leaves this file. Schema: docs/advisor.md. */
#include "advise_int.h"

#include "base/error_int.h"
#include "base/json_int.h"
#include "base/limits.h"
#include "relok/json.h"

#include <math.h>
#include <string.h>

/* Scores and points with one decimal; confidence with two. */
static json_t *num1(double v) { return relok__json_num(round(v * 10) / 10); }
static json_t *num2(double v) { return relok__json_num(round(v * 100) / 100); }

static json_t *names_from_bits(relok__jb *jb, unsigned bits, size_t count,
                               const char *(*name)(int))
{
    json_t *a = json_array();
    for (size_t i = 0; i < count; i++)
        if (bits & (1u << i))
            relok__jpush(jb, a, json_string(name((int)i)));
    return a;
}

static const char *doc_name_i(int i) { return relok_doc_name((relok_doc)i); }
static const char *mode_name_i(int i) { return relok_mode_name((relok_mode)i); }
static const char *factor_name_i(int i) { return relok_factor_name((relok_factor)i); }

/* The union of the facts' source ids, in order, and whether all are
 * verified. */
static void put_sources(relok__jb *jb, json_t *o, const relok_fact *const *facts, size_t n)
{
    json_t *src = json_array();
    bool verified = n > 0;
    for (size_t i = 0; i < n; i++) {
        const relok_fact *f = facts[i];
        if (!f->is_verified)
            verified = false;
        for (size_t k = 0; k < f->n_sources; k++) {
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                for (size_t m = 0; m < facts[j]->n_sources && !seen; m++)
                    seen = strcmp(facts[j]->sources[m], f->sources[k]) == 0;
            for (size_t m = 0; m < k && !seen; m++)
                seen = strcmp(f->sources[m], f->sources[k]) == 0;
            if (!seen)
                relok__jpush(jb, src, json_string(f->sources[k]));
        }
    }
    relok__jset(jb, o, "sources", src);
    relok__jset(jb, o, "verified", n > 0 ? json_boolean(verified) : json_null());
}

static void put_fact_sources(relok__jb *jb, json_t *o, const relok_fact *f)
{
    const relok_fact *one[1] = {f};
    put_sources(jb, o, one, f != NULL ? 1 : 0);
}

static json_t *entry_json(relok__jb *jb, const relok_advice_entry *e)
{
    json_t *o = json_object();
    relok__jset(jb, o, "verdict", json_string(relok_verdict_name(e->verdict)));
    relok__jset(jb, o, "document",
                e->document < RELOK_DOC_COUNT_ ? json_string(relok_doc_name(e->document))
                                               : json_null());
    relok__jset(jb, o, "citizenship", e->citizenship[0] ? json_string(e->citizenship) : json_null());
    relok__jset(jb, o, "access",
                e->rule != NULL ? json_string(relok_access_name(e->rule->access)) : json_null());
    /* The routes the rule admits by (air, land): a closed land border
     * leaves "by air" only. */
    relok__jset(jb, o, "modes",
                e->rule != NULL ? names_from_bits(jb, e->rule->modes, RELOK_MODE_COUNT_, mode_name_i)
                                : json_null());
    relok__jset(jb, o, "documents_admitted",
                names_from_bits(jb, e->documents_admitted, RELOK_DOC_COUNT_, doc_name_i));
    relok__jset(jb, o, "document_valid_until",
                e->doc_last_day == RELOK_DAY_MAX ? json_null() : relok__json_date(e->doc_last_day));
    /* What that date rests on: the document's expiry and the rule's margin. */
    relok__jset(jb, o, "document_expires", relok__json_date(e->doc_expires));
    bool margin = e->rule != NULL && e->rule->passport_valid_months > 0;
    relok__jset(jb, o, "validity_months",
                margin ? json_integer(e->rule->passport_valid_months) : json_null());
    relok__jset(jb, o, "validity_counted_from",
                margin ? json_string(e->rule->validity_from_entry ? "entry" : "departure")
                       : json_null());
    relok__jset(jb, o, "conditions",
                e->rule != NULL ? relok__json_text(&e->rule->conditions) : json_null());
    put_fact_sources(jb, o, e->rule != NULL ? &e->rule->fact : NULL);
    return o;
}

static json_t *stay_json(relok__jb *jb, const relok_advice_stay *s)
{
    json_t *o = json_object();
    relok__jset(jb, o, "known", json_boolean(s->is_known));
    if (s->rule != NULL) {
        char en[256], ru[384];
        relok_text words = {relok_rule_describe(&s->rule->rule, RELOK_LANG_EN, en, sizeof en),
                            relok_rule_describe(&s->rule->rule, RELOK_LANG_RU, ru, sizeof ru)};
        relok__jset(jb, o, "rule_id", json_string(s->rule->id));
        relok__jset(jb, o, "rule_kind", json_string(relok_rule_kind_name(s->rule->rule.kind)));
        relok__jset(jb, o, "rule_text", relok__json_text(&words));
        relok__jset(jb, o, "summary", relok__json_text(&s->rule->summary));
        relok__jset(jb, o, "registration_days",
                    relok__json_int_or_null(s->rule->registration_days, -1));
    } else {
        relok__jset(jb, o, "rule_id", json_null());
    }
    relok__jset(jb, o, "cautious", json_boolean(s->is_cautious));
    relok__jset(jb, o, "inside", json_boolean(s->is_inside));
    relok__jset(jb, o, "overstay", json_boolean(s->overstay));
    relok__jset(jb, o, "days_used", relok__json_int_or_null(s->days_used, -1));
    relok__jset(jb, o, "latest_exit", relok__json_date(s->latest_exit));
    relok__jset(jb, o, "earliest_entry", relok__json_date(s->earliest_entry));
    relok__jset(jb, o, "max_stay_days", relok__json_int_or_null(s->max_stay_days, -1));
    relok__jset(jb, o, "unbounded", json_boolean(s->is_unbounded));
    relok__jset(jb, o, "days_next_365", relok__json_int_or_null(s->days_next_365, -1));
    relok__jset(jb, o, "exits_next_365", relok__json_int_or_null(s->exits_next_365, -1));
    put_fact_sources(jb, o, s->rule != NULL ? &s->rule->fact : NULL);
    return o;
}

static json_t *pathway_json(relok__jb *jb, const relok_advice_pathway *ap)
{
    const relok_pathway *pw = ap->pathway;
    json_t *o = json_object();
    relok__jset(jb, o, "id", json_string(pw->id));
    relok__jset(jb, o, "kind", json_string(relok_pathway_kind_name(pw->kind)));
    relok__jset(jb, o, "name", relok__json_text(&pw->name));
    relok__jset(jb, o, "status", json_string(relok_pathway_status_name(ap->status)));
    json_t *checks = json_array();
    for (size_t i = 0; i < ap->n_checks; i++) {
        const relok_advice_check *c = &ap->checks[i];
        json_t *x = json_object();
        relok__jset(jb, x, "field",
                    c->req != NULL ? json_string(relok_req_field_name(c->req->field))
                                   : json_string("documents"));
        if (c->req != NULL) {
            relok__jset(jb, x, "op", json_string(relok_req_op_name(c->req->op)));
            if (c->req->op != RELOK_REQ_TRUE)
                relok__jset(jb, x, "amount", relok__json_num(c->req->amount));
            if (c->req->currency[0] != '\0')
                relok__jset(jb, x, "currency", json_string(c->req->currency));
        }
        relok__jset(jb, x, "status", json_string(relok_check_name(c->status)));
        relok__jset(jb, x, "text", relok__json_text(&c->text));
        relok__jpush(jb, checks, x);
    }
    relok__jset(jb, o, "checks", checks);
    relok__jset(jb, o, "duration_months", relok__json_int_or_null(pw->duration_months, -1));
    relok__jset(jb, o, "months_to_residence", relok__json_int_or_null(pw->months_to_residence, -1));
    put_fact_sources(jb, o, &pw->fact);
    return o;
}

static json_t *cost_json(relok__jb *jb, const relok_advice_cost *c)
{
    json_t *o = json_object();
    relok__jset(jb, o, "status", json_string(relok_cost_status_name(c->status)));
    bool known = c->status != RELOK_COST_STATUS_UNKNOWN;
    relok__jset(jb, o, "low", known ? relok__json_num(round(c->low)) : json_null());
    relok__jset(jb, o, "high", known ? relok__json_num(round(c->high)) : json_null());
    relok__jset(jb, o, "currency", json_string(c->currency));
    relok__jset(jb, o, "budget", c->budget >= 0 ? relok__json_num(c->budget) : json_null());
    /* A range over places: where its two ends are. */
    bool places = !relok_text_is_empty(&c->low_place) && !relok_text_is_empty(&c->high_place);
    relok__jset(jb, o, "low_place", places ? relok__json_text(&c->low_place) : json_null());
    relok__jset(jb, o, "high_place", places ? relok__json_text(&c->high_place) : json_null());
    json_t *items = json_array();
    for (size_t i = 0; i < c->n_items; i++) {
        const relok_cost *k = c->items[i];
        json_t *x = json_object();
        relok__jset(jb, x, "item", json_string(relok_cost_item_name(k->item)));
        relok__jset(jb, x, "place", relok__json_text(&k->place));
        relok__jset(jb, x, "low", relok__json_num(k->low));
        relok__jset(jb, x, "high", relok__json_num(k->high));
        relok__jset(jb, x, "currency", json_string(k->currency));
        relok__jset(jb, x, "date", relok__json_pdate(k->date));
        relok__jset(jb, x, "undated", json_boolean(k->is_undated));
        put_fact_sources(jb, x, &k->fact);
        relok__jpush(jb, items, x);
    }
    relok__jset(jb, o, "items", items);
    return o;
}

static json_t *risk_json(relok__jb *jb, const relok_advice_risk *ar)
{
    const relok_risk *r = ar->risk;
    json_t *o = json_object();
    relok__jset(jb, o, "id", json_string(r->id));
    relok__jset(jb, o, "severity", json_string(relok_severity_name(r->severity)));
    relok__jset(jb, o, "dimension", json_string(relok_dimension_name(r->dimension)));
    relok__jset(jb, o, "factors",
                names_from_bits(jb, r->factors, RELOK_FACTOR_COUNT_, factor_name_i));
    relok__jset(jb, o, "personal", json_boolean(ar->is_personal));
    relok__jset(jb, o, "blocker", json_boolean(ar->is_blocker));
    relok__jset(jb, o, "basis", json_string(relok_basis_name(r->fact.basis)));
    relok__jset(jb, o, "title", relok__json_text(&r->title));
    relok__jset(jb, o, "detail", relok__json_text(&r->detail));
    put_fact_sources(jb, o, &r->fact);
    return o;
}

/* What the summary and the full answer share: rank, name, scores with their
 * confidence, blockers, must-haves. */
static json_t *country_head(relok__jb *jb, const relok_advice_country *c)
{
    json_t *o = json_object();
    relok__jset(jb, o, "rank", json_integer((json_int_t)c->rank));
    relok__jset(jb, o, "code", json_string(c->country->code));
    relok__jset(jb, o, "name", relok__json_text(&c->country->name));
    relok__jset(jb, o, "blocked", json_boolean(c->blocked));
    relok__jset(jb, o, "total", num1(c->total));
    relok__jset(jb, o, "confidence", num2(c->confidence));
    json_t *scores = json_object();
    for (int d = 0; d < RELOK_DIM_COUNT_; d++)
        relok__jset(jb, scores, relok_dimension_name((relok_dimension)d), num1(c->scores[d]));
    relok__jset(jb, o, "scores", scores);
    json_t *sconf = json_object();
    for (int d = 0; d < RELOK_DIM_COUNT_; d++)
        relok__jset(jb, sconf, relok_dimension_name((relok_dimension)d),
                    num2(c->dim_confidence[d]));
    relok__jset(jb, o, "score_confidence", sconf);
    /* Whose risks the KB looked for: "general" and the factor names. */
    json_t *rr = names_from_bits(jb, c->risks_researched, RELOK_FACTOR_COUNT_, factor_name_i);
    if (c->risks_researched & RELOK_RISKS_GENERAL)
        relok__jpush(jb, rr, json_string("general"));
    relok__jset(jb, o, "risks_researched", rr);

    json_t *bl = json_array();
    for (size_t i = 0; i < c->n_blockers; i++) {
        const relok_advice_blocker *x = &c->blockers[i];
        json_t *b = json_object();
        relok__jset(jb, b, "kind", json_string(relok_block_kind_name(x->kind)));
        relok__jset(jb, b, "text", relok__json_text(&x->text));
        relok__jset(jb, b, "risk", x->risk != NULL ? json_string(x->risk->id) : json_null());
        put_fact_sources(jb, b, x->fact);
        relok__jpush(jb, bl, b);
    }
    relok__jset(jb, o, "blockers", bl);

    json_t *must = json_array();
    for (size_t i = 0; i < c->n_musts; i++) {
        json_t *m = json_object();
        relok__jset(jb, m, "kind", json_string(relok_must_kind_name(c->musts[i].kind)));
        relok__jset(jb, m, "status", json_string(relok_check_name(c->musts[i].status)));
        relok__jset(jb, m, "text", relok__json_text(&c->musts[i].text));
        relok__jpush(jb, must, m);
    }
    relok__jset(jb, o, "must_haves", must);
    return o;
}

void relok__advise_top_reasons(const relok_advice_country *c,
                               const relok_advice_reason *best[RELOK__SUMMARY_REASONS])
{
    for (size_t k = 0; k < RELOK__SUMMARY_REASONS; k++)
        best[k] = NULL;
    for (size_t i = 0; i < c->n_reasons; i++) {
        const relok_advice_reason *r = &c->reasons[i];
        if (r->is_base || r->points == 0)
            continue;
        for (size_t k = 0; k < RELOK__SUMMARY_REASONS; k++)
            if (best[k] == NULL || fabs(r->points) > fabs(best[k]->points)) {
                memmove(&best[k + 1], &best[k], (RELOK__SUMMARY_REASONS - 1 - k) * sizeof *best);
                best[k] = r;
                break;
            }
    }
}

/* The summary's few reasons. */
static json_t *top_reasons(relok__jb *jb, const relok_advice_country *c)
{
    const relok_advice_reason *best[RELOK__SUMMARY_REASONS];
    relok__advise_top_reasons(c, best);
    json_t *arr = json_array();
    for (size_t k = 0; k < RELOK__SUMMARY_REASONS && best[k] != NULL; k++) {
        json_t *x = json_object();
        relok__jset(jb, x, "dimension", json_string(relok_dimension_name(best[k]->dimension)));
        relok__jset(jb, x, "points", num1(best[k]->points));
        relok__jset(jb, x, "text", relok__json_text(&best[k]->text));
        relok__jpush(jb, arr, x);
    }
    return arr;
}

/* One country of the default API answer (issue 14: a summary; the full
 * explanation comes on request). */
static json_t *summary_json(relok__jb *jb, const relok_advice_country *c)
{
    json_t *o = country_head(jb, c);
    relok__jset(jb, o, "top_reasons", top_reasons(jb, c));
    relok__jset(jb, o, "n_unknowns", json_integer((json_int_t)c->n_unknowns));
    return o;
}

static json_t *country_json(relok__jb *jb, const relok_advice_country *c)
{
    json_t *o = country_head(jb, c);

    relok__jset(jb, o, "entry", entry_json(jb, &c->entry));
    relok__jset(jb, o, "stay", stay_json(jb, &c->stay));
    json_t *pw = json_array();
    for (size_t i = 0; i < c->n_pathways; i++)
        relok__jpush(jb, pw, pathway_json(jb, &c->pathways[i]));
    relok__jset(jb, o, "pathways", pw);
    relok__jset(jb, o, "cost", cost_json(jb, &c->cost));
    json_t *risks = json_array();
    for (size_t i = 0; i < c->n_risks; i++)
        relok__jpush(jb, risks, risk_json(jb, &c->risks[i]));
    relok__jset(jb, o, "risks", risks);

    json_t *unk = json_array();
    for (size_t i = 0; i < c->n_unknowns; i++) {
        json_t *u = json_object();
        relok__jset(jb, u, "dimension",
                    json_string(relok_dimension_name(c->unknowns[i].dimension)));
        relok__jset(jb, u, "weight", num2(c->unknowns[i].weight));
        relok__jset(jb, u, "text", relok__json_text(&c->unknowns[i].text));
        relok__jpush(jb, unk, u);
    }
    relok__jset(jb, o, "unknowns", unk);

    /* Explanations grouped by dimension, in the order they were added. */
    json_t *ex = json_object();
    for (int d = 0; d < RELOK_DIM_COUNT_; d++) {
        json_t *arr = json_array();
        for (size_t i = 0; i < c->n_reasons; i++) {
            const relok_advice_reason *r = &c->reasons[i];
            if ((int)r->dimension != d)
                continue;
            json_t *x = json_object();
            relok__jset(jb, x, "points", num1(r->points));
            relok__jset(jb, x, "text", relok__json_text(&r->text));
            relok__jset(jb, x, "base", json_boolean(r->is_base));
            relok__jset(jb, x, "cautious", json_boolean(r->is_neutral));
            put_sources(jb, x, r->facts, r->n_facts);
            relok__jpush(jb, arr, x);
        }
        relok__jset(jb, ex, relok_dimension_name((relok_dimension)d), arr);
    }
    relok__jset(jb, o, "explanation", ex);
    return o;
}

static json_t *profile_json(relok__jb *jb, const relok_profile *p)
{
    json_t *o = json_object();
    relok__jset(jb, o, "name", relok__json_str(p->name));
    unsigned docs = 0;
    for (size_t i = 0; i < p->n_docs; i++)
        docs |= 1u << p->docs[i].type;
    relok__jset(jb, o, "documents", names_from_bits(jb, docs, RELOK_DOC_COUNT_, doc_name_i));
    relok__jset(jb, o, "work", json_string(relok_work_name(p->work)));
    relok__jset(jb, o, "risk_factors",
                names_from_bits(jb, p->factors, RELOK_FACTOR_COUNT_, factor_name_i));
    return o;
}

relok_status relok_advise_json(const relok_advice *a, const relok_profile *p, size_t top,
                               const char *only, unsigned flags, char **out, relok_error *err)
{
    if (out != NULL)
        *out = NULL;
    if (a == NULL || out == NULL)
        return relok__fail(err, RELOK_EINVAL, "relok_advise_json: missing argument");
    const relok_advice_country *one = NULL;
    if (only != NULL && (one = relok_advise_find(a, only)) == NULL)
        return relok__fail(err, RELOK_ENOTFOUND, "no country '%s' in the advice", only);
    if (a->summary_only && (one != NULL || !(flags & RELOK_ADVISE_SUMMARY)))
        return relok__fail(err, RELOK_EINVAL,
                           "relok_advise_json: this advice has words for the summary only");
    /* The API's summary is written directly (summary_json.c): four times
     * faster than through jansson. The pretty CLI form goes through jansson
     * below, and test_server checks that both say the same. */
    if (one == NULL && (flags & RELOK_ADVISE_SUMMARY) && !(flags & RELOK_JSON_PRETTY))
        return relok__advise_summary_text(a, p, top, out, err);
    relok__jb jb = relok__jb_begin();
    json_t *root = json_object();
    relok__jset(&jb, root, "as_of", relok__json_date(a->asof));
    relok__jset(&jb, root, "profile", p != NULL ? profile_json(&jb, p) : json_null());
    json_t *w = json_object();
    for (int d = 0; d < RELOK_DIM_COUNT_; d++)
        relok__jset(&jb, w, relok_dimension_name((relok_dimension)d), relok__json_num(a->weights[d]));
    relok__jset(&jb, root, "weights", w);
    if (one != NULL) {
        relok__jset(&jb, root, "country", country_json(&jb, one));
    } else {
        json_t *ok = json_array(), *blocked = json_array();
        json_t *(*one_json)(relok__jb *, const relok_advice_country *) =
            (flags & RELOK_ADVISE_SUMMARY) ? summary_json : country_json;
        size_t n_ok = 0;
        for (size_t i = 0; i < a->n_countries; i++) {
            const relok_advice_country *c = &a->countries[i];
            if (c->blocked) {
                relok__jpush(&jb, blocked, one_json(&jb, c));
            } else if (top == 0 || n_ok < top) {
                relok__jpush(&jb, ok, one_json(&jb, c));
                n_ok++;
            }
        }
        relok__jset(&jb, root, "countries", ok);
        relok__jset(&jb, root, "blocked", blocked);
    }
    return relok__json_finish(&jb, root, flags, out, err);
}

relok_status relok_advise_json_request(const relok_kb *kb, relok_advise_cache *cache,
                                       const char *body, size_t len, relok_day asof, size_t top,
                                       const char *only, unsigned flags, char **out,
                                       relok_error *err)
{
    if (out != NULL)
        *out = NULL;
    if (kb == NULL || body == NULL || out == NULL)
        return relok__fail(err, RELOK_EINVAL, "relok_advise_json_request: missing argument");
    relok_arena *a = relok_arena_new(RELOK_MAX_BODY_BYTES * 4u);
    if (a == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    relok_profile p;
    relok_advice *adv = NULL;
    relok_status rc =
        relok_profile_parse(body, len, "request body", RELOK_PROFILE_JSON, a, &p, err);
    if (rc == RELOK_OK) {
        relok_advise_opts opts = {.asof = asof,
                                  .summary_only = only == NULL && (flags & RELOK_ADVISE_SUMMARY),
                                  .cache = cache};
        rc = relok_advise_run(kb, &p, &opts, &adv, err);
    }
    if (rc == RELOK_OK)
        rc = relok_advise_json(adv, &p, top, only, flags, out, err);
    relok_advise_free(adv);
    relok_arena_free(a);
    return rc;
}
