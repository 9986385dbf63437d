/* SPDX-License-Identifier: MIT */
/* An ensemble's monthly series for the web's Scenarios page: per host the
 * stock at each month's end as the median with its 5-95 % band, and the
 * month's arrivals and departures by kind (medians); the stock abroad in
 * all; and the calibration targets (fit.c's list, the brief's stock
 * ranges as the KB records them), to draw over the baseline. Compact (whole persons, hosts
 * that never held anyone left out) so a page loads it at once.
 * Engine layer: renders text, no I/O. */
#include "sim_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"
#include "base/json_int.h"
#include "relok/json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Index (into the result's days) of the last day of each calendar month, and
 * of the horizon; returns how many were written (at most max). */
static size_t month_ends(const relok_sim_result *r, uint32_t *ends, size_t max)
{
    size_t n = 0;
    for (uint32_t d = 0; d < r->n_days && n < max; d++) {
        int32_t y;
        int m, dd;
        relok_date_to_ymd(r->start + (relok_day)d + 1, &y, &m, &dd);
        if (dd == 1 || d + 1 == r->n_days)
            ends[n++] = d;
    }
    return n;
}

/* Three arrays (q05, q50, q95) of a metric at each month's end. */
static json_t *band_json(relok__jb *jb, const relok_sim_result *r, const uint32_t *ends, size_t n,
                         size_t place, relok_sim_metric m, double *peak)
{
    json_t *q[3] = {json_array(), json_array(), json_array()};
    for (size_t i = 0; i < n; i++) {
        double v[3];
        relok_sim_quantiles(r, ends[i], place, m, RELOK_SIM_MONTHLY, v);
        for (int k = 0; k < 3; k++)
            relok__jpush(jb, q[k], json_integer((json_int_t)llround(v[k])));
        if (v[2] > *peak)
            *peak = v[2];
    }
    json_t *o = json_object();
    relok__jset(jb, o, "q05", q[0]);
    relok__jset(jb, o, "q50", q[1]);
    relok__jset(jb, o, "q95", q[2]);
    return o;
}

/* Medians of a flow summed over each month. */
static json_t *median_json(relok__jb *jb, const relok_sim_result *r, const uint32_t *ends, size_t n,
                           size_t place, relok_sim_metric m, double *peak)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        double v[3];
        relok_sim_quantiles(r, ends[i], place, m, RELOK_SIM_MONTHLY, v);
        relok__jpush(jb, a, json_integer((json_int_t)llround(v[1])));
        if (v[2] > *peak)
            *peak = v[2];
    }
    return a;
}

/* Everyone out of Russia (hosts and in transit): the agents less those at
 * home, so its quantiles are home's mirrored (q05 abroad = all - q95 home). */
static json_t *abroad_json(relok__jb *jb, const relok_sim_result *r, const uint32_t *ends, size_t n)
{
    json_t *q[3] = {json_array(), json_array(), json_array()};
    double all = (double)r->n_agents * r->scale;
    for (size_t i = 0; i < n; i++) {
        double v[3];
        relok_sim_quantiles(r, ends[i], SIM_HOME, RELOK_SIM_M_STOCK, RELOK_SIM_MONTHLY, v);
        for (int k = 0; k < 3; k++)
            relok__jpush(jb, q[k], json_integer((json_int_t)llround(all - v[2 - k])));
    }
    json_t *o = json_object();
    relok__jset(jb, o, "q05", q[0]);
    relok__jset(jb, o, "q50", q[1]);
    relok__jset(jb, o, "q95", q[2]);
    return o;
}

static json_t *month_list(relok__jb *jb, const relok_sim_result *r, const uint32_t *ends, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        int32_t y;
        int m, d;
        relok_date_to_ymd(r->start + (relok_day)ends[i], &y, &m, &d);
        char t[16];
        snprintf(t, sizeof t, "%04d-%02d", (int)y, m);
        relok__jpush(jb, a, relok__json_str_valid(t));
    }
    return a;
}

/* The calibration targets (relok_sim_targets: the brief's stock ranges as
 * the KB records them) with the day the model is read for each; "abroad"
 * for those who left Russia in all. Empty when the KB lacks one. */
static json_t *targets_json(relok__jb *jb, const relok_kb *kb)
{
    json_t *arr = json_array();
    relok_sim_calib c;
    relok_sim_calib_init(&c);
    if (kb == NULL || relok_sim_targets(kb, &c, NULL) != RELOK_OK)
        return arr;
    for (size_t i = 0; i < c.n_targets; i++) {
        const relok_sim_target *t = &c.targets[i];
        json_t *o = json_object();
        relok__jset(jb, o, "place",
                    relok__json_str_valid(strcmp(t->country, "RU") == 0 ? "abroad" : t->country));
        relok__jset(jb, o, "indicator", relok__json_str_valid(t->indicator));
        relok__jset(jb, o, "date", relok__json_pdate(t->date));
        relok__jset(jb, o, "day", relok__json_date(t->day));
        relok__jset(jb, o, "low", relok__json_num(t->low));
        relok__jset(jb, o, "high", relok__json_num(t->high));
        json_t *src = json_array();
        for (size_t k = 0; k < t->n_sources; k++)
            relok__jpush(jb, src, relok__json_str_valid(t->sources[k]));
        relok__jset(jb, o, "sources", src);
        relok__jpush(jb, arr, o);
    }
    return arr;
}

relok_status relok_sim_series_json(const relok_kb *kb, const relok_sim_result *r,
                                   const relok_sim_scenario *sc, unsigned flags, char **out,
                                   relok_error *err)
{
    /* A month per 28 days is more than enough slots for any horizon. */
    size_t max = r->n_days / 28u + 2u;
    uint32_t *ends = relok__calloc(max, sizeof *ends);
    if (ends == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    size_t n = month_ends(r, ends, max);
    relok__jb jb = relok__jb_begin();
    json_t *root = json_object();
    relok__jset(&jb, root, "scenario", relok__json_str_valid(sc->id));
    relok__jset(&jb, root, "start", relok__json_date(r->start));
    relok__jset(&jb, root, "until", relok__json_date(r->until));
    relok__jset(&jb, root, "agents", json_integer(r->n_agents));
    relok__jset(&jb, root, "runs", json_integer(r->n_runs));
    relok__jset(&jb, root, "scale", relok__json_num(r->scale));
    relok__jset(&jb, root, "months", month_list(&jb, r, ends, n));
    relok__jset(&jb, root, "abroad", abroad_json(&jb, r, ends, n));
    json_t *places = json_array();
    static const relok_sim_metric flows[] = {RELOK_SIM_M_ARRIVALS, RELOK_SIM_M_ONWARD,
                                             RELOK_SIM_M_RETURN, RELOK_SIM_M_BORDER_RUN};
    /* Hosts only: Russia is home and the last place is "in transit". */
    for (size_t p = 1; p + 1 < r->n_places; p++) {
        double peak = 0;
        json_t *o = json_object();
        relok__jset(&jb, o, "code", relok__json_str_valid(r->codes[p]));
        const relok_country *c = kb != NULL ? relok_kb_country(kb, r->codes[p]) : NULL;
        relok__jset(&jb, o, "name", c != NULL ? relok__json_text(&c->name) : json_null());
        relok__jset(&jb, o, "stock", band_json(&jb, r, ends, n, p, RELOK_SIM_M_STOCK, &peak));
        for (size_t k = 0; k < sizeof flows / sizeof *flows; k++)
            relok__jset(&jb, o, relok_sim_metric_name(flows[k]),
                        median_json(&jb, r, ends, n, p, flows[k], &peak));
        if (peak > 0)
            relok__jpush(&jb, places, o);
        else
            json_decref(o);
    }
    relok__jset(&jb, root, "places", places);
    relok__jset(&jb, root, "targets", targets_json(&jb, kb));
    relok__free(ends);
    return relok__json_finish(&jb, root, flags, out, err);
}
