/* SPDX-License-Identifier: MIT */
/* The planner on the knowledge base: turns KB facts (stay rule versions,
 * entry rules, neighbours, zones) into the planner's places. Engine layer on
 * top of the model layer; no I/O. */
#include "relok/plan.h"

#include "base/error_int.h"

#include <string.h>

/* Days in [from, until] on which c admits the document visa-free (by land
 * when land_only), as ranges in arena memory. */
static relok_status entry_ranges(const relok_kb *kb, const relok_country *c, const char *cit,
                                 relok_doc doc, bool land_only, relok_day from, relok_day until,
                                 relok_arena *arena, relok_day_range **out, size_t *out_n,
                                 relok_error *err)
{
    relok_mode mode = land_only ? RELOK_MODE_LAND : RELOK_MODE_COUNT_;
    size_t n = 0, cap = 4;
    relok_day_range *r = relok_arena_calloc(arena, cap, sizeof *r);
    if (r == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    for (relok_day d = from; d <= until; d++) {
        const relok_entry_rule *e = relok_kb_entry(kb, c, cit, doc, mode, d);
        if (e == NULL || e->access != RELOK_ACCESS_VISA_FREE)
            continue;
        if (n > 0 && r[n - 1].to == d - 1) {
            r[n - 1].to = d;
            continue;
        }
        if (n == cap) {
            relok_day_range *bigger = relok_arena_calloc(arena, cap * 2, sizeof *bigger);
            if (bigger == NULL)
                return relok__fail(err, RELOK_ENOMEM, "out of memory");
            memcpy(bigger, r, n * sizeof *r);
            r = bigger;
            cap *= 2;
        }
        r[n++] = (relok_day_range){d, d};
    }
    *out = r;
    *out_n = n;
    return RELOK_OK;
}

/* Land neighbours of c with a crossing that is not closed on day d. */
static relok_status land_links(const relok_kb *kb, const relok_country *c, relok_day d,
                               relok_arena *arena, char (**out)[3], size_t *out_n,
                               relok_error *err)
{
    char(*links)[3] = relok_arena_calloc(arena, c->n_neighbours + 1, sizeof *links);
    if (links == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < c->n_neighbours; i++) {
        const relok_neighbour *nb = &c->neighbours[i];
        if (nb->land_border && nb->crossing != RELOK_AVAIL_NO &&
            relok_fact_in_force(&nb->fact, d) && relok_kb_country(kb, nb->country) != NULL)
            memcpy(links[n++], nb->country, 3);
    }
    *out = links;
    *out_n = n;
    return RELOK_OK;
}

static relok_status make_place(const relok_kb *kb, const relok_country *c,
                               const relok_plan_request *req, const char *cit,
                               relok_arena *arena, relok_plan_place *pl, relok_error *err)
{
    memset(pl, 0, sizeof *pl);
    memcpy(pl->code, c->code, 3);
    const relok_stay_rule *v[32];
    size_t nv = relok_kb_stay_versions(kb, c, cit, req->doc, v, 32);
    if (nv > 32)
        nv = 32;
    relok_rule_span *spans = relok_arena_calloc(arena, nv == 0 ? 1 : nv, sizeof *spans);
    if (spans == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    for (size_t i = 0; i < nv; i++)
        spans[i] = (relok_rule_span){v[i]->fact.from, v[i]->fact.to, &v[i]->rule};
    pl->spans = spans;
    pl->n_spans = nv;
    relok_day_range *r = NULL;
    relok_status rc = entry_ranges(kb, c, cit, req->doc, req->land_only, req->from, req->until,
                                   arena, &r, &pl->n_entry, err);
    if (rc != RELOK_OK)
        return rc;
    pl->entry = r;
    char(*links)[3] = NULL;
    rc = land_links(kb, c, req->from, arena, &links, &pl->n_near, err);
    if (rc != RELOK_OK)
        return rc;
    pl->near = (const char(*)[3])links;
    if (req->land_only) {
        pl->links = pl->near;
        pl->n_links = pl->n_near;
    }
    const relok_zone *z = relok_kb_zone_of(kb, c, req->from);
    if (z != NULL)
        for (size_t i = 0; i < relok_kb_n_zones(kb); i++)
            if (relok_kb_zone_at(kb, i) == z)
                pl->area = (unsigned)i + 1;
    return RELOK_OK;
}

relok_status relok_plan_from_kb(const relok_kb *kb, const relok_plan_request *req,
                                relok_arena *arena, relok_plan *out, relok_error *err)
{
    if (kb == NULL || req == NULL || req->home == NULL || arena == NULL || out == NULL)
        return relok__fail(err, RELOK_EINVAL, "no knowledge base or request");
    if (req->from > req->until)
        return relok__fail(err, RELOK_EINVAL, "the plan ends before it starts");
    const char *cit = req->citizenship != NULL ? req->citizenship : "RU";
    const relok_country *home = relok_kb_country(kb, req->home);
    if (home == NULL)
        return relok__fail(err, RELOK_ENOTFOUND, "the knowledge base has no country %s",
                           req->home);
    size_t nc = relok_kb_n_countries(kb);
    relok_plan_place *places = relok_arena_calloc(arena, nc + 1, sizeof *places);
    if (places == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    relok_status rc = make_place(kb, home, req, cit, arena, &places[0], err);
    if (rc != RELOK_OK)
        return rc;
    if (places[0].n_entry == 0)
        return relok__fail(err, RELOK_ENOPLAN,
                           "%s does not admit holders of this document (%s) visa-free on any "
                           "day of the plan%s",
                           home->code, relok_doc_name(req->doc),
                           req->land_only ? " by land" : "");
    size_t n = 1;
    for (size_t i = 0; i < nc; i++) {
        const relok_country *c = relok_kb_country_at(kb, i);
        if (c == home || c->is_origin || relok_kb_same_area(kb, home, c, req->from))
            continue;
        if (req->land_only) {
            bool linked = false;
            for (size_t k = 0; k < places[0].n_links; k++)
                if (memcmp(places[0].links[k], c->code, 2) == 0)
                    linked = true;
            if (!linked)
                continue;
        }
        rc = make_place(kb, c, req, cit, arena, &places[n], err);
        if (rc != RELOK_OK)
            return rc;
        if (places[n].n_entry > 0 && places[n].n_spans > 0)
            n++;
    }
    relok_plan_input in = {places, n, req->from, req->until, req->history, req->n_history};
    return relok_plan_make(&in, arena, out, err);
}
