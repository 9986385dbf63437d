/* SPDX-License-Identifier: MIT */
/* Stay answers from the knowledge base: for a trip log, one row per country
 * visited (one per zone: presence in any member counts for all), each with
 * the rule in force and the engine's answer over every version of the rule.
 * Engine layer on top of the model layer, no I/O. The CLI (`relok stay`) and
 * the API (`POST /api/stay`) both call this, so their rows cannot differ. */
#include "relok/stay.h"

#include "base/error_int.h"
#include "base/limits.h"

#include <string.h>


/* The zone governing a trip-log code on day d: through its country file, or
 * the zone's member list for members without a file (a trip to France
 * counts for the Schengen rule even when the KB has no FR.yaml). */
static const relok_zone *zone_of_code(const relok_kb *kb, const char *code, relok_day d)
{
    const relok_country *c = relok_kb_country(kb, code);
    return c != NULL ? relok_kb_zone_of(kb, c, d) : relok_kb_zone_of_code(kb, code, d);
}

/* The zone's own stay versions for RU citizens with doc, in date order. */
static size_t zone_versions(const relok_zone *z, relok_doc doc, const relok_stay_rule **out,
                            size_t n_max)
{
    size_t n = 0;
    for (size_t i = 0; i < z->rules.n_stay && n < n_max; i++) {
        const relok_stay_rule *s = &z->rules.stay[i];
        if ((s->scope.documents & (1u << doc)) && strcmp(s->scope.citizenship, "RU") == 0)
            out[n++] = s;
    }
    for (size_t i = 1; i < n; i++) {
        const relok_stay_rule *x = out[i];
        size_t j = i;
        while (j > 0 && out[j - 1]->fact.from > x->fact.from) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = x;
    }
    return n;
}

/* One row: the rule for cc (its own or its zone's) and the engine's answer
 * counting the trips to cc and to every country sharing its zone rule. */
static relok_status answer_row(const relok_kb *kb, const char *cc, relok_doc doc, relok_day on,
                               const relok_trip *t, size_t n, relok_arena *a,
                               relok_stay_row *row, relok_trip *area, relok_error *err)
{
    memset(row, 0, sizeof *row);
    memcpy(row->country, cc, 3);
    const relok_country *c = relok_kb_country(kb, cc);
    const relok_zone *z = zone_of_code(kb, cc, on);
    row->zone = z != NULL ? z->id : NULL;

    const relok_stay_rule *v[RELOK_MAX_STAY_VERSIONS];
    size_t nv = 0;
    if (c != NULL)
        nv = relok_kb_stay_versions(kb, c, "RU", doc, v, RELOK_MAX_STAY_VERSIONS);
    else if (z != NULL)
        nv = zone_versions(z, doc, v, RELOK_MAX_STAY_VERSIONS);
    if (nv > RELOK_MAX_STAY_VERSIONS)
        nv = RELOK_MAX_STAY_VERSIONS;
    for (size_t i = 0; i < nv; i++)
        if (relok_fact_in_force(&v[i]->fact, on)) {
            row->rule = &v[i]->rule;
            row->summary_en = v[i]->summary.en;
            row->summary_ru = v[i]->summary.ru;
        }
    if (nv == 0)
        return RELOK_OK; /* no known rule: a row without an answer */

    relok_rule_span *spans = relok_arena_calloc(a, nv, sizeof *spans);
    if (spans == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    for (size_t i = 0; i < nv; i++)
        spans[i] = (relok_rule_span){v[i]->fact.from, v[i]->fact.to, &v[i]->rule};
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(t[i].country, cc) == 0 ||
            (z != NULL && zone_of_code(kb, t[i].country, on) == z))
            area[m++] = t[i];
    }
    relok_status s = relok_stay_eval(spans, nv, area, m, on, &row->answer, err);
    if (s != RELOK_OK)
        return s;
    row->has_answer = true;
    return RELOK_OK;
}

/* Already answered: the same code, or a member of the same zone. */
static bool seen(const relok_stay_row *rows, size_t n, const relok_zone *z, const char *cc)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].country, cc) == 0 ||
            (z != NULL && rows[i].zone != NULL && strcmp(rows[i].zone, z->id) == 0))
            return true;
    return false;
}

relok_status relok_stay_rows_from_kb(const relok_kb *kb, const relok_trip *trips, size_t n,
                                     const char *country, relok_doc doc, relok_day on,
                                     relok_arena *arena, relok_stay_row **out_rows,
                                     size_t *out_n, relok_error *err)
{
    *out_rows = NULL;
    *out_n = 0;
    if (kb == NULL || (trips == NULL && n > 0) || (unsigned)doc >= RELOK_DOC_COUNT_)
        return relok__fail(err, RELOK_EINVAL, "invalid arguments");
    relok_stay_row *rows = relok_arena_calloc(arena, n + 1, sizeof *rows);
    relok_trip *area = relok_arena_calloc(arena, n + 1, sizeof *area);
    if (rows == NULL || area == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    size_t n_rows = 0;
    relok_status s = RELOK_OK;
    if (country != NULL) {
        s = answer_row(kb, country, doc, on, trips, n, arena, &rows[0], area, err);
        n_rows = 1;
    } else {
        /* Countries in log order; permits alone do not make a row. */
        for (size_t i = 0; i < n && s == RELOK_OK; i++) {
            if (trips[i].status != RELOK_TRIP_VISIT ||
                seen(rows, n_rows, zone_of_code(kb, trips[i].country, on), trips[i].country))
                continue;
            s = answer_row(kb, trips[i].country, doc, on, trips, n, arena, &rows[n_rows], area,
                           err);
            n_rows++;
        }
    }
    if (s != RELOK_OK)
        return s;
    *out_rows = rows;
    *out_n = n_rows;
    return RELOK_OK;
}
