/* SPDX-License-Identifier: MIT */
/* Flee's out.csv (djgroen/flee, run.py and flee/postprocessing): one row
 * per day with, per location, the simulated count, the observed count and
 * their relative error, then six totals. Locations are relok's hosts;
 * "observed" comes from each host's dated `russian_stock` figures in the
 * KB, and the total from Russia's `emigrants` figure. A day without an
 * observation gets 0, which Flee's own error function reads as "no data".
 * Engine layer; docs/sim.md, "Flee format". */
#include "sim_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The observed value on day d from an indicator's points: a point's value
 * (the middle of its range) holds over the period it is dated to, values
 * are interpolated linearly between periods, and there is none (0) before
 * the first period or after the last. */
double relok__sim_observed(const relok_indicator *ind, relok_day d)
{
    if (ind == NULL)
        return 0;
    for (size_t i = 0; i < ind->n_points; i++) {
        const relok_point *p = &ind->points[i];
        relok_day a = p->date.day, b = relok__sim_pdate_end(p->date);
        double v = (p->low + p->high) / 2;
        if (d >= a && d <= b)
            return v;
        if (i + 1 < ind->n_points && d > b && d < ind->points[i + 1].date.day) {
            const relok_point *q = &ind->points[i + 1];
            double w = (double)(d - b) / (double)(q->date.day - b);
            return v + w * ((q->low + q->high) / 2 - v);
        }
    }
    return 0;
}

static const relok_indicator *find_indicator(const relok_kb *kb, const char *code, const char *id)
{
    const relok_country *c = relok_kb_country(kb, code);
    for (size_t i = 0; c != NULL && i < c->n_indicators; i++)
        if (strcmp(c->indicators[i].id, id) == 0)
            return &c->indicators[i];
    return NULL;
}

/* Flee's rel_error: |sim / data - 1| to 4 decimals, 0 without data. */
static double rel_error(double sim, double data)
{
    if (data < 0.00001)
        return 0;
    return round(fabs(sim / data - 1) * 1e4) / 1e4;
}

relok_status relok_sim_write_flee(const relok_sim_result *r, const relok_kb *kb, const char *dir,
                                  relok_error *err)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/out.csv", dir);
    if (n < 0 || (size_t)n >= sizeof path)
        return relok__fail(err, RELOK_ELIMIT, "output path too long");
    size_t nh = r->n_places - 2;
    const relok_indicator **obs = relok__calloc(nh + 1, sizeof *obs);
    double *v = relok__calloc(r->n_runs, sizeof *v);
    FILE *f = obs != NULL && v != NULL ? fopen(path, "w") : NULL;
    if (f == NULL) {
        relok__free(obs);
        relok__free(v);
        if (obs == NULL || v == NULL)
            return relok__fail(err, RELOK_ENOMEM, "out of memory");
        return relok__fail(err, RELOK_EIO, "%s: %s", path, strerror(errno));
    }
    for (size_t c = 1; c <= nh; c++)
        obs[c] = find_indicator(kb, r->codes[c], "russian_stock");
    const relok_indicator *total = find_indicator(kb, "RU", "emigrants");
    fputs("Day,", f);
    for (size_t c = 1; c <= nh; c++)
        fprintf(f, "%s sim,%s data,%s error,", r->codes[c], r->codes[c], r->codes[c]);
    fputs("Total error,refugees in camps (UNHCR),total refugees (simulation),"
          "raw UNHCR refugee count,refugees in camps (simulation),refugee_debt\n",
          f);
    for (uint32_t t = 0; t < r->n_days; t++) {
        relok_day day = r->start + (relok_day)t;
        double q[3], in_hosts = 0, data_sum = 0, abs_err = 0;
        fprintf(f, "%u", t);
        for (size_t c = 1; c <= nh; c++) {
            relok_sim_quantiles(r, t, c, RELOK_SIM_M_STOCK, RELOK_SIM_DAILY, q);
            double data = relok__sim_observed(obs[c], day);
            in_hosts += q[1];
            data_sum += data;
            if (data > 0)
                abs_err += fabs(q[1] - data);
            fprintf(f, ",%.10g,%.10g,%.10g", q[1], data, rel_error(q[1], data));
        }
        /* Everyone abroad: the pool less those at home (in transit counts). */
        for (uint32_t k = 0; k < r->n_runs; k++)
            v[k] = (double)r->n_agents - relok_sim_count(r, k, t, SIM_HOME, RELOK_SIM_M_STOCK);
        relok__sim_quantiles_of(v, r->n_runs, r->scale, q);
        double raw = relok__sim_observed(total, day);
        fprintf(f, ",%.10g,%.10g,%.10g,%.10g,%.10g,0\n", raw > 0 ? abs_err / raw : 0.0, data_sum,
                q[1], raw, in_hosts);
    }
    relok__free(obs);
    relok__free(v);
    if (ferror(f) != 0) {
        fclose(f);
        return relok__fail(err, RELOK_EIO, "%s: write failed", path);
    }
    if (fclose(f) != 0)
        return relok__fail(err, RELOK_EIO, "%s: %s", path, strerror(errno));
    return RELOK_OK;
}
