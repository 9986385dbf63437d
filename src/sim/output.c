/* SPDX-License-Identifier: MIT */
/* Simulator output: quantiles over runs, daily or weekly series in CSV and
 * JSON per place and metric, and the two derived tables (where leavers
 * went first; who moved on from each host's arrival cohort, and where).
 * Engine layer: files are written only where the caller says. */
#include "sim_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"
#include "base/json_int.h"
#include "sim_json_int.h"
#include "relok/json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const metric_names[SIM_M] = {
#define X(n, s) s,
    RELOK_SIM_METRIC_MAP(X)
#undef X
};

const char *relok_sim_metric_name(relok_sim_metric m)
{
    return (unsigned)m < SIM_M ? metric_names[m] : NULL;
}

static bool is_flow(relok_sim_metric m)
{
    return m == RELOK_SIM_M_ARRIVALS || m == RELOK_SIM_M_ONWARD || m == RELOK_SIM_M_RETURN ||
           m == RELOK_SIM_M_BORDER_RUN;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile q of sorted v[0..n-1], linear between order statistics. */
static double quantile(const double *v, size_t n, double q)
{
    if (n == 1)
        return v[0];
    double pos = q * (double)(n - 1);
    size_t lo = (size_t)pos;
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (v[lo + 1] - v[lo]) * (pos - (double)lo);
}

void relok__sim_quantiles_of(double *v, size_t n, double scale, double out[3])
{
    qsort(v, n, sizeof *v, cmp_double);
    out[0] = quantile(v, n, 0.05) * scale;
    out[1] = quantile(v, n, 0.50) * scale;
    out[2] = quantile(v, n, 0.95) * scale;
}

/* First day (index) of the period that ends on `day`: the week's six days
 * before it, or the first of its calendar month; never before the start. */
static uint32_t period_first(const relok_sim_result *r, uint32_t day, relok_sim_step step)
{
    if (step == RELOK_SIM_WEEKLY)
        return day >= 6 ? day - 6 : 0;
    int32_t y;
    int mo, d;
    relok_date_to_ymd(r->start + (relok_day)day, &y, &mo, &d);
    return day >= (uint32_t)(d - 1) ? day - (uint32_t)(d - 1) : 0;
}

/* Every result has at most RELOK_MAX_ENSEMBLE_RUNS runs (relok_sim_run
 * checks it; a widened MPI result is bounded by the same check of its
 * run_first), so the values of one quantile fit on the stack: a heap
 * buffer for more than 64 runs used to turn out of memory into a row of
 * zeros (8 KiB of stack). */
_Static_assert(RELOK_MAX_ENSEMBLE_RUNS <= 4096u, "the quantile buffer stays small");

void relok_sim_quantiles(const relok_sim_result *r, uint32_t day, size_t place,
                         relok_sim_metric m, relok_sim_step step, double out[3])
{
    double v[RELOK_MAX_ENSEMBLE_RUNS];
    for (uint32_t k = 0; k < r->n_runs; k++) {
        double x = 0;
        if (step != RELOK_SIM_DAILY && is_flow(m)) {
            for (uint32_t d = period_first(r, day, step); d <= day; d++)
                x += relok_sim_count(r, k, d, place, m);
        } else {
            x = relok_sim_count(r, k, day, place, m);
        }
        v[k] = x;
    }
    relok__sim_quantiles_of(v, r->n_runs, r->scale, out);
}

void relok_sim_total_quantiles(const relok_sim_result *r, size_t place, relok_sim_metric m,
                               double out[3])
{
    double v[RELOK_MAX_ENSEMBLE_RUNS] = {0};
    for (uint32_t k = 0; k < r->n_runs; k++)
        for (uint32_t d = 0; d < r->n_days; d++)
            v[k] += relok_sim_count(r, k, d, place, m);
    relok__sim_quantiles_of(v, r->n_runs, r->scale, out);
}

/* Cumulative first departures by destination up to day, quantiles (on the
 * stack, as above: with a heap buffer, out of memory could drop a host from
 * the JSON, which test_sweep_cli found). */
static void first_quantiles(const relok_sim_result *r, uint32_t day, size_t place, double out[3])
{
    double v[RELOK_MAX_ENSEMBLE_RUNS] = {0};
    for (uint32_t k = 0; k < r->n_runs; k++)
        for (uint32_t d = 0; d <= day; d++)
            v[k] += r->first[((size_t)k * r->n_days + d) * r->n_places + place];
    relok__sim_quantiles_of(v, r->n_runs, r->scale, out);
}

static void cohort_quantiles(const relok_sim_result *r, size_t host, size_t dest, double out[3])
{
    double v[RELOK_MAX_ENSEMBLE_RUNS];
    for (uint32_t k = 0; k < r->n_runs; k++)
        v[k] = dest == SIZE_MAX ? r->cohort_n[(size_t)k * r->n_places + host]
                                : r->cohort[((size_t)k * r->n_places + host) * r->n_places + dest];
    relok__sim_quantiles_of(v, r->n_runs, r->scale, out);
}

static FILE *open_out(const char *dir, const char *name, relok_error *err)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof path) {
        relok__fail(err, RELOK_EIO, "%s/%s: path too long", dir, name);
        return NULL;
    }
    FILE *f = fopen(path, "w");
    if (f == NULL)
        relok__fail_at(err, RELOK_EIO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    return f;
}

static relok_status close_out(FILE *f, const char *dir, const char *name, relok_error *err)
{
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad)
        return relok__fail(err, RELOK_EIO, "%s/%s: write failed", dir, name);
    return RELOK_OK;
}

/* Periods: every day, or the last day of every week (and the horizon). */
static bool period_end(const relok_sim_result *r, uint32_t d, relok_sim_step step)
{
    if (step == RELOK_SIM_MONTHLY && d + 1 < r->n_days)
        return period_first(r, d + 1, step) == d + 1;
    return step == RELOK_SIM_DAILY || d % 7 == 6 || d + 1 == r->n_days;
}

relok_status relok_sim_write(const relok_sim_result *r, const relok_sim_scenario *sc,
                             relok_sim_step step, const char *dir, relok_error *err)
{
    FILE *csv = open_out(dir, "series.csv", err);
    if (csv == NULL)
        return RELOK_EIO;
    FILE *js = open_out(dir, "series.json", err);
    if (js == NULL) {
        fclose(csv);
        return RELOK_EIO;
    }
    char buf[RELOK_DATE_BUF];
    fprintf(csv, "date,place,metric,q05,q50,q95\n");
    fprintf(js, "{\"scenario\":\"%s\",\"step\":\"%s\",\"scale\":%.17g,\"runs\":%u,\"rows\":[",
            sc->id, step == RELOK_SIM_DAILY ? "daily" : step == RELOK_SIM_WEEKLY ? "weekly" : "monthly", r->scale, r->n_runs);
    bool first_row = true;
    for (uint32_t d = 0; d < r->n_days; d++) {
        if (!period_end(r, d, step))
            continue;
        relok_date_format(r->start + (relok_day)d, buf);
        for (size_t p = 0; p < r->n_places; p++)
            for (unsigned m = 0; m < SIM_M; m++) {
                double q[3];
                relok_sim_quantiles(r, d, p, (relok_sim_metric)m, step, q);
                if (q[2] == 0 && m != RELOK_SIM_M_STOCK)
                    continue; /* an all-zero series row is left out */
                fprintf(csv, "%s,%s,%s,%.6g,%.6g,%.6g\n", buf, r->codes[p], metric_names[m],
                        q[0], q[1], q[2]);
                fprintf(js, "%s\n{\"date\":\"%s\",\"place\":\"%s\",\"metric\":\"%s\","
                            "\"q05\":%.6g,\"q50\":%.6g,\"q95\":%.6g}",
                        first_row ? "" : ",", buf, r->codes[p], metric_names[m], q[0], q[1],
                        q[2]);
                first_row = false;
            }
    }
    fprintf(js, "\n]}\n");
    relok_status rc = close_out(csv, dir, "series.csv", err);
    relok_status rj = close_out(js, dir, "series.json", err);
    if (rc != RELOK_OK || rj != RELOK_OK)
        return RELOK_EIO;
    /* Derived table 1: first destinations of those who left by each period. */
    FILE *f = open_out(dir, "first.csv", err);
    if (f == NULL)
        return RELOK_EIO;
    fprintf(f, "left_by,first_destination,q05,q50,q95\n");
    for (uint32_t d = 0; d < r->n_days; d++) {
        if (!(d + 1 == r->n_days || (step == RELOK_SIM_WEEKLY ? d % 7 == 6 : d % 30 == 29)))
            continue;
        relok_date_format(r->start + (relok_day)d, buf);
        for (size_t p = 1; p + 1 < r->n_places; p++) {
            double q[3];
            first_quantiles(r, d, p, q);
            if (q[2] > 0)
                fprintf(f, "%s,%s,%.6g,%.6g,%.6g\n", buf, r->codes[p], q[0], q[1], q[2]);
        }
    }
    if (close_out(f, dir, "first.csv", err) != RELOK_OK)
        return RELOK_EIO;
    /* Derived table 2: the cohort's onward moves. */
    f = open_out(dir, "cohort.csv", err);
    if (f == NULL)
        return RELOK_EIO;
    char b1[RELOK_DATE_BUF], b2[RELOK_DATE_BUF], b3[RELOK_DATE_BUF];
    fprintf(f, "host,arrived_from,arrived_to,left_by,to,q05,q50,q95\n");
    relok_date_format(r->cohort_from, b1);
    relok_date_format(r->cohort_to, b2);
    relok_date_format(r->cohort_by, b3);
    for (size_t h = 1; h + 1 < r->n_places; h++) {
        double q[3];
        cohort_quantiles(r, h, SIZE_MAX, q);
        if (q[2] <= 0)
            continue;
        fprintf(f, "%s,%s,%s,%s,ARRIVED,%.6g,%.6g,%.6g\n", r->codes[h], b1, b2, b3, q[0], q[1],
                q[2]);
        for (size_t to = 0; to + 1 < r->n_places; to++) {
            cohort_quantiles(r, h, to, q);
            if (q[2] > 0)
                fprintf(f, "%s,%s,%s,%s,%s,%.6g,%.6g,%.6g\n", r->codes[h], b1, b2, b3,
                        r->codes[to], q[0], q[1], q[2]);
        }
    }
    if (close_out(f, dir, "cohort.csv", err) != RELOK_OK)
        return RELOK_EIO;
    char *summary = NULL;
    relok_status s = relok_sim_summary_json(r, sc, RELOK_JSON_PRETTY, &summary, err);
    if (s != RELOK_OK)
        return s;
    f = open_out(dir, "summary.json", err);
    if (f == NULL) {
        relok_json_free(summary);
        return RELOK_EIO;
    }
    fputs(summary, f);
    fputc('\n', f);
    relok_json_free(summary);
    return close_out(f, dir, "summary.json", err);
}

json_t *relok__sim_q_json(relok__jb *jb, const double q[3])
{
    json_t *o = json_object();
    relok__jset(jb, o, "q05", relok__json_num(q[0]));
    relok__jset(jb, o, "q50", relok__json_num(q[1]));
    relok__jset(jb, o, "q95", relok__json_num(q[2]));
    return o;
}

relok_status relok_sim_summary_json(const relok_sim_result *r, const relok_sim_scenario *sc,
                                    unsigned flags, char **out, relok_error *err)
{
    relok__jb jb = relok__jb_begin();
    json_t *root = json_object();
    relok__jset(&jb, root, "scenario", relok__json_str_valid(sc->id));
    relok__jset(&jb, root, "title", relok__json_text(&sc->title));
    relok__jset(&jb, root, "start", relok__json_date(r->start));
    relok__jset(&jb, root, "until", relok__json_date(r->until));
    relok__jset(&jb, root, "agents", json_integer(r->n_agents));
    relok__jset(&jb, root, "scale", relok__json_num(r->scale));
    relok__jset(&jb, root, "runs", json_integer(r->n_runs));
    relok__jset(&jb, root, "bytes_per_agent", json_integer((json_int_t)r->bytes_per_agent));
    relok__jset(&jb, root, "unknown_facts_cautious", json_integer((json_int_t)r->unknown_facts));
    uint32_t last = r->n_days - 1;
    json_t *places = json_array();
    for (size_t p = 0; p < r->n_places; p++) {
        double q[3];
        relok_sim_quantiles(r, last, p, RELOK_SIM_M_STOCK, RELOK_SIM_DAILY, q);
        json_t *o = json_object();
        relok__jset(&jb, o, "place", relok__json_str_valid(r->codes[p]));
        relok__jset(&jb, o, "stock", relok__sim_q_json(&jb, q));
        static const relok_sim_metric totals[] = {RELOK_SIM_M_ARRIVALS, RELOK_SIM_M_ONWARD,
                                                  RELOK_SIM_M_RETURN, RELOK_SIM_M_BORDER_RUN};
        bool any = q[2] > 0;
        for (size_t k = 0; k < sizeof totals / sizeof *totals; k++) {
            double t[3];
            relok_sim_total_quantiles(r, p, totals[k], t);
            any = any || t[2] > 0;
            char key[64];
            snprintf(key, sizeof key, "total_%s", metric_names[totals[k]]);
            relok__jset(&jb, o, key, relok__sim_q_json(&jb, t));
        }
        relok_sim_quantiles(r, last, p, RELOK_SIM_M_OVERSTAY, RELOK_SIM_DAILY, q);
        relok__jset(&jb, o, "overstays", relok__sim_q_json(&jb, q));
        relok_sim_quantiles(r, last, p, RELOK_SIM_M_PERMIT, RELOK_SIM_DAILY, q);
        relok__jset(&jb, o, "permits", relok__sim_q_json(&jb, q));
        if (any || p == 0)
            relok__jpush(&jb, places, o);
        else
            json_decref(o);
    }
    relok__jset(&jb, root, "at_horizon", places);
    json_t *first = json_array();
    for (size_t p = 1; p + 1 < r->n_places; p++) {
        double q[3];
        first_quantiles(r, last, p, q);
        if (q[2] <= 0)
            continue;
        json_t *o = relok__sim_q_json(&jb, q);
        relok__jset(&jb, o, "first_destination", relok__json_str_valid(r->codes[p]));
        relok__jpush(&jb, first, o);
    }
    relok__jset(&jb, root, "first_destinations", first);
    json_t *coh = json_object();
    relok__jset(&jb, coh, "arrived_from", relok__json_date(r->cohort_from));
    relok__jset(&jb, coh, "arrived_to", relok__json_date(r->cohort_to));
    relok__jset(&jb, coh, "left_by", relok__json_date(r->cohort_by));
    json_t *hosts = json_array();
    for (size_t h = 1; h + 1 < r->n_places; h++) {
        double q[3];
        cohort_quantiles(r, h, SIZE_MAX, q);
        if (q[2] <= 0)
            continue;
        json_t *o = json_object();
        relok__jset(&jb, o, "host", relok__json_str_valid(r->codes[h]));
        relok__jset(&jb, o, "arrived", relok__sim_q_json(&jb, q));
        json_t *to = json_array();
        for (size_t d = 0; d + 1 < r->n_places; d++) {
            cohort_quantiles(r, h, d, q);
            if (q[2] <= 0)
                continue;
            json_t *x = relok__sim_q_json(&jb, q);
            relok__jset(&jb, x, "to", relok__json_str_valid(r->codes[d]));
            relok__jpush(&jb, to, x);
        }
        relok__jset(&jb, o, "moved_on", to);
        relok__jpush(&jb, hosts, o);
    }
    relok__jset(&jb, coh, "hosts", hosts);
    relok__jset(&jb, root, "cohort", coh);
    return relok__json_finish(&jb, root, flags, out, err);
}
