/* SPDX-License-Identifier: MIT */
/* Calibration of the baseline to the brief's stock figures: the targets
 * (read from the KB's indicators, so each keeps its range, date and
 * sources), the short list of free parameters with their priors and
 * bounds, the ensemble evaluation of the loss and a Nelder-Mead search.
 * Every other parameter keeps its documented prior, so five ranges cannot
 * be met by memorising them. Deterministic: fixed seeds, a fixed start and
 * a fixed order of evaluations. Engine layer; docs/sim.md, "Calibration". */
#include "sim_int.h"

#include "base/alloc_int.h"
#include "base/error_int.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------ free parameters */

static void set_push_scale(relok__sim_params *p, double v)
{
    for (unsigned g = 0; g < SIM_G; g++)
        p->push_base[g] *= v;
}
static void set_b_land(relok__sim_params *p, double v) { p->b_land = v; }
static void set_b_network(relok__sim_params *p, double v) { p->b_network = v; }
static void set_const_kg(relok__sim_params *p, double v) { relok__sim_set_host_const(p, "KG", v); }

typedef struct free_def {
    const char *name;
    double prior, low, high;
    bool log_scale;               /* searched on a log scale (a multiplier) */
    void (*apply)(relok__sim_params *p, double v);
} free_def;

/* The priors are the hand-set defaults of docs/sim.md ("Parameters"); the
 * bounds are wide enough not to bind at a sensible fit. */
static const free_def free_defs[] = {
    {"push_scale", 1.0, 0.2, 5.0, true, set_push_scale},
    {"b_land", 1.0, 0.0, 3.0, false, set_b_land},
    {"b_network", 0.4, 0.0, 1.5, false, set_b_network},
    /* Kyrgyzstan's own constant: with a land route and a lenient stay rule
     * the KB terms alone make it the first onward host from Kazakhstan,
     * several times the brief's stock (docs/sim.md, "Calibration"). */
    {"const_KG", 0.0, -6.0, 2.0, false, set_const_kg},
};
enum { N_FREE = sizeof free_defs / sizeof free_defs[0] };
_Static_assert((int)N_FREE <= (int)RELOK_SIM_MAX_FREE, "too many free parameters");

int relok__sim_free_index(const char *name)
{
    for (int i = 0; i < N_FREE; i++)
        if (strcmp(free_defs[i].name, name) == 0)
            return i;
    return -1;
}

relok_status relok__sim_params_calibrate(relok__sim_params *p, const relok_sim_calib *c,
                                         relok_error *err)
{
    for (size_t i = 0; i < c->n_params; i++) {
        const relok_sim_free_param *q = &c->params[i];
        int k = q->name != NULL ? relok__sim_free_index(q->name) : -1;
        if (k < 0)
            return relok__fail(err, RELOK_EINVAL, "calibration: unknown free parameter '%s'",
                               q->name != NULL ? q->name : "(none)");
        const free_def *d = &free_defs[k];
        if (!(q->value >= d->low && q->value <= d->high))
            return relok__fail(err, RELOK_EINVAL, "calibration: %s = %g is outside %g..%g",
                               d->name, q->value, d->low, d->high);
        d->apply(p, q->value);
    }
    return RELOK_OK;
}

void relok_sim_calib_init(relok_sim_calib *c)
{
    memset(c, 0, sizeof *c);
    c->method = "nelder-mead";
    c->date = RELOK_DAY_NONE;
    c->scenario = "baseline";
    c->seed = 1;
    c->n_runs = 8;
    c->n_agents = 40000;
    c->max_evals = 120;
    c->pool = 20000000;
    c->n_params = N_FREE;
    for (size_t i = 0; i < N_FREE; i++) {
        const free_def *d = &free_defs[i];
        c->params[i] = (relok_sim_free_param){d->name, d->prior, d->prior, d->low, d->high};
    }
}

/* -------------------------------------------------------------- targets */

/* The brief's five stock figures, as the KB records them (docs/sim.md). */
static const struct {
    const char *country, *indicator;
} target_defs[] = {
    {"RU", "emigrants"},       /* endnote i: left and abroad by mid-2023 */
    {"GE", "russian_stock"},   /* XVI */
    {"AM", "russian_stock"},   /* XXXVI */
    {"KZ", "russian_stock"},   /* LII */
    {"KG", "russian_stock"},   /* LXXIV */
};
enum { N_TARGETS = sizeof target_defs / sizeof target_defs[0] };
_Static_assert((int)N_TARGETS <= (int)RELOK_SIM_MAX_TARGETS, "too many targets");

/* The last day of the period a partial date names. */
relok_day relok__sim_pdate_end(relok_pdate d)
{
    if (d.precision == RELOK_PREC_DAY)
        return d.day;
    return relok_date_add_months(d.day, d.precision == RELOK_PREC_YEAR ? 12 : 1) - 1;
}

relok_status relok_sim_targets(const relok_kb *kb, relok_sim_calib *c, relok_error *err)
{
    return relok__sim_targets_fill(kb, c, false, err);
}

relok_status relok__sim_targets_fill(const relok_kb *kb, relok_sim_calib *c, bool allow_missing,
                                     relok_error *err)
{
    c->n_targets = 0;
    for (size_t i = 0; i < N_TARGETS; i++) {
        const relok_country *ct = relok_kb_country(kb, target_defs[i].country);
        const relok_point *pt = NULL;
        for (size_t k = 0; ct != NULL && k < ct->n_indicators && pt == NULL; k++) {
            const relok_indicator *ind = &ct->indicators[k];
            if (strcmp(ind->id, target_defs[i].indicator) == 0 && ind->n_points > 0)
                pt = &ind->points[0]; /* the brief's figure is the series' first point */
        }
        if (pt == NULL && allow_missing) {
            relok_sim_target *t = &c->targets[c->n_targets++];
            memset(t, 0, sizeof *t);
            memcpy(t->country, target_defs[i].country, 3);
            t->indicator = target_defs[i].indicator;
            t->missing = true;
            continue;
        }
        if (pt == NULL)
            return relok__fail(err, RELOK_ENOTFOUND,
                               "calibration target: the knowledge base has no indicator '%s' "
                               "for %s",
                               target_defs[i].indicator, target_defs[i].country);
        relok_sim_target *t = &c->targets[c->n_targets++];
        memset(t, 0, sizeof *t);
        memcpy(t->country, target_defs[i].country, 3);
        t->indicator = target_defs[i].indicator;
        t->date = pt->date;
        t->day = relok__sim_pdate_end(pt->date);
        t->low = pt->low;
        t->high = pt->high;
        t->sources = pt->fact.sources;
        t->n_sources = pt->fact.n_sources;
    }
    return RELOK_OK;
}

/* ----------------------------------------------------------- evaluation */

/* Log-ratio distance of x outside [lo, hi]; 0 inside. */
static double outside(double x, double lo, double hi)
{
    if (x < 1)
        x = 1;
    if (x < lo)
        return log(lo / x);
    if (x > hi)
        return log(x / hi);
    return 0;
}

/* Persons for target t in run k of r (in agents). */
static double target_value(const relok_sim_result *r, const relok_sim_target *t, uint32_t k)
{
    uint32_t day = (uint32_t)(t->day - r->start);
    if (strcmp(t->country, "RU") == 0)
        return (double)r->n_agents - relok_sim_count(r, k, day, SIM_HOME, RELOK_SIM_M_STOCK);
    int p = relok_sim_place(r, t->country);
    return p < 0 ? 0 : relok_sim_count(r, k, day, (size_t)p, RELOK_SIM_M_STOCK);
}

relok_status relok__sim_calib_opts(const relok_sim_calib *c, unsigned n_threads,
                                   relok_sim_opts *o, relok_error *err)
{
    relok_sim_opts_init(o);
    if (c->n_agents == 0 || !(c->pool > 0))
        return relok__fail(err, RELOK_EINVAL, "calibration: agents and pool must be > 0");
    o->n_agents = c->n_agents;
    o->n_runs = c->n_runs;
    o->seed = c->seed;
    o->n_threads = n_threads;
    o->scale = c->pool / c->n_agents;
    o->calib = c;
    o->until = o->start;
    for (size_t i = 0; i < c->n_targets; i++) {
        if (c->targets[i].missing)
            continue;
        if (c->targets[i].day < o->start)
            return relok__fail(err, RELOK_EINVAL, "calibration target %s %s is before the start",
                               c->targets[i].country, c->targets[i].indicator);
        if (c->targets[i].day > o->until)
            o->until = c->targets[i].day;
    }
    return RELOK_OK;
}

relok_status relok_sim_calib_eval(const relok_kb *kb, const relok_sim_scenario *sc,
                                  relok_sim_calib *c, unsigned n_threads, relok_error *err)
{
    relok_sim_opts o;
    relok_status rc = relok__sim_calib_opts(c, n_threads, &o, err);
    if (rc != RELOK_OK)
        return rc;
    relok_sim_result *r = NULL;
    rc = relok_sim_run(kb, sc, &o, &r, err);
    if (rc != RELOK_OK)
        return rc;
    rc = relok__sim_targets_eval(c, r, err);
    relok_sim_result_free(r);
    return rc;
}

relok_status relok__sim_targets_eval(relok_sim_calib *c, const relok_sim_result *r,
                                     relok_error *err)
{
    double *v = relok__calloc(r->n_runs, sizeof *v);
    if (v == NULL)
        return relok__fail(err, RELOK_ENOMEM, "out of memory");
    c->loss = 0;
    for (size_t i = 0; i < c->n_targets; i++) {
        relok_sim_target *t = &c->targets[i];
        if (t->missing || t->day < r->start || t->day > r->until)
            continue;
        for (uint32_t k = 0; k < r->n_runs; k++)
            v[k] = target_value(r, t, k);
        relok__sim_quantiles_of(v, r->n_runs, r->scale, t->q);
        t->loss = outside(t->q[1], t->low, t->high);
        c->loss += t->loss;
    }
    relok__free(v);
    return RELOK_OK;
}

/* ----------------------------------------------------------- the search */

/* Parameters are searched in [0, 1] each (log scale for multipliers), so
 * one step size suits all. */
static double to_value(const free_def *d, double u)
{
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    if (d->log_scale)
        return exp(log(d->low) + u * (log(d->high) - log(d->low)));
    return d->low + u * (d->high - d->low);
}

static double to_unit(const free_def *d, double v)
{
    if (d->log_scale)
        return (log(v) - log(d->low)) / (log(d->high) - log(d->low));
    return (v - d->low) / (d->high - d->low);
}

typedef struct search {
    const relok_kb *kb;
    const relok_sim_scenario *sc;
    relok_sim_calib *c;
    unsigned n_threads;
    relok_sim_progress_cb progress;
    void *ud;
    double best_obj, best_u[N_FREE];
    relok_error *err;
} search;

/* Weight of the pull towards the priors. Four parameters can meet five
 * ranges on a whole region, and a search that stopped at the first point
 * of it would report an arbitrary corner of it. The pull is small (moving
 * one parameter across its whole range costs as much as missing a range
 * by 0.1 %), so it only chooses among points that fit equally well: the
 * one nearest the priors. */
#define PRIOR_PULL 1e-3

static double prior_distance(const double *u)
{
    double s = 0;
    for (size_t i = 0; i < N_FREE; i++) {
        double v = u[i] < 0 ? 0 : u[i] > 1 ? 1 : u[i];
        double d = v - to_unit(&free_defs[i], free_defs[i].prior);
        s += d * d;
    }
    return s;
}

static relok_status eval_at(search *S, const double *u, double *out_obj)
{
    relok_sim_calib *c = S->c;
    for (size_t i = 0; i < N_FREE; i++)
        c->params[i].value = to_value(&free_defs[i], u[i]);
    relok_status rc = relok_sim_calib_eval(S->kb, S->sc, c, S->n_threads, S->err);
    if (rc != RELOK_OK)
        return rc;
    c->n_evals++;
    *out_obj = c->loss + PRIOR_PULL * prior_distance(u);
    if (*out_obj < S->best_obj) {
        S->best_obj = *out_obj;
        for (size_t i = 0; i < N_FREE; i++)
            S->best_u[i] = u[i] < 0 ? 0 : u[i] > 1 ? 1 : u[i];
    }
    if (S->progress != NULL && !S->progress(c->n_evals, c->max_evals, S->ud))
        return relok__fail(S->err, RELOK_EINVAL, "stopped");
    return RELOK_OK;
}

static bool done(const search *S)
{
    return S->c->n_evals >= S->c->max_evals;
}

/* Nelder-Mead (Nelder and Mead 1965) with the usual coefficients:
 * reflection 1, expansion 2, contraction 0.5, shrink 0.5. */
static relok_status nelder_mead(search *S)
{
    enum { N = N_FREE };
    double x[N + 1][N], f[N + 1];
    relok_status rc;
    for (size_t i = 0; i < N; i++)
        x[0][i] = to_unit(&free_defs[i], free_defs[i].prior);
    if ((rc = eval_at(S, x[0], &f[0])) != RELOK_OK || done(S))
        return rc;
    for (size_t j = 1; j <= N; j++) {
        memcpy(x[j], x[0], sizeof x[0]);
        x[j][j - 1] += x[0][j - 1] + 0.2 <= 1 ? 0.2 : -0.2;
        if ((rc = eval_at(S, x[j], &f[j])) != RELOK_OK || done(S))
            return rc;
    }
    while (!done(S)) {
        /* Order: best first (stable, so ties keep their order). */
        for (size_t a = 1; a <= N; a++)
            for (size_t b = a; b > 0 && f[b] < f[b - 1]; b--) {
                double tf = f[b], tx[N];
                memcpy(tx, x[b], sizeof tx);
                f[b] = f[b - 1];
                memcpy(x[b], x[b - 1], sizeof tx);
                f[b - 1] = tf;
                memcpy(x[b - 1], tx, sizeof tx);
            }
        double spread = 0;
        for (size_t j = 1; j <= N; j++)
            for (size_t i = 0; i < N; i++)
                spread = fmax(spread, fabs(x[j][i] - x[0][i]));
        if (spread < 1e-3)
            break;
        double cen[N] = {0}, xr[N], xe[N], xc[N], fr, fe, fc;
        for (size_t j = 0; j < N; j++)
            for (size_t i = 0; i < N; i++)
                cen[i] += x[j][i] / N;
        for (size_t i = 0; i < N; i++)
            xr[i] = cen[i] + (cen[i] - x[N][i]);
        if ((rc = eval_at(S, xr, &fr)) != RELOK_OK || done(S))
            return rc;
        if (fr < f[0]) {
            for (size_t i = 0; i < N; i++)
                xe[i] = cen[i] + 2 * (cen[i] - x[N][i]);
            if ((rc = eval_at(S, xe, &fe)) != RELOK_OK || done(S))
                return rc;
            bool exp_better = fe < fr;
            memcpy(x[N], exp_better ? xe : xr, sizeof xr);
            f[N] = exp_better ? fe : fr;
            continue;
        }
        if (fr < f[N - 1]) {
            memcpy(x[N], xr, sizeof xr);
            f[N] = fr;
            continue;
        }
        bool outer = fr < f[N];
        for (size_t i = 0; i < N; i++)
            xc[i] = outer ? cen[i] + 0.5 * (xr[i] - cen[i]) : cen[i] + 0.5 * (x[N][i] - cen[i]);
        if ((rc = eval_at(S, xc, &fc)) != RELOK_OK || done(S))
            return rc;
        if (fc < (outer ? fr : f[N])) {
            memcpy(x[N], xc, sizeof xc);
            f[N] = fc;
            continue;
        }
        for (size_t j = 1; j <= N && !done(S); j++) {
            for (size_t i = 0; i < N; i++)
                x[j][i] = x[0][i] + 0.5 * (x[j][i] - x[0][i]);
            if ((rc = eval_at(S, x[j], &f[j])) != RELOK_OK)
                return rc;
        }
    }
    return RELOK_OK;
}

relok_status relok_sim_fit(const relok_kb *kb, const relok_sim_scenario *sc, relok_sim_calib *c,
                           unsigned n_threads, relok_sim_progress_cb progress, void *ud,
                           relok_error *err)
{
    if (kb == NULL || sc == NULL || c == NULL)
        return relok__fail(err, RELOK_EINVAL, "relok_sim_fit: NULL argument");
    if (c->n_targets == 0)
        return relok__fail(err, RELOK_EINVAL, "relok_sim_fit: no targets (relok_sim_targets)");
    if (c->max_evals == 0)
        return relok__fail(err, RELOK_EINVAL, "relok_sim_fit: max_evals must be > 0");
    /* The search always covers the whole catalogue, from the priors. */
    c->n_params = N_FREE;
    for (size_t i = 0; i < N_FREE; i++) {
        const free_def *d = &free_defs[i];
        c->params[i] = (relok_sim_free_param){d->name, d->prior, d->prior, d->low, d->high};
    }
    c->n_evals = 0;
    search S = {kb, sc, c, n_threads, progress, ud, HUGE_VAL, {0}, err};
    relok_status rc = nelder_mead(&S);
    if (rc != RELOK_OK)
        return rc;
    /* Leave c at the best point, with its targets' quantiles. */
    for (size_t i = 0; i < N_FREE; i++)
        c->params[i].value = to_value(&free_defs[i], S.best_u[i]);
    return relok_sim_calib_eval(kb, sc, c, n_threads, err);
}
