/* SPDX-License-Identifier: MIT */
/* Precomputed ensembles of the shipped scenarios, so that a Scenarios page
 * shows at once: one background thread computes each scenario's ensemble
 * (fixed seed and size, docs/api.md "Scenarios") and keeps the rendered
 * monthly series with the KB it was computed on. Results live in the KB's
 * reference (srv_kb.sim), so a reload starts afresh and the old results go
 * with the old KB: they are cached by KB generation by construction.
 * With precompute on (`relok serve`'s default) the worker queues every
 * scenario of each new KB; otherwise a scenario is queued by the first
 * request for its result. Progress (agent-days done) is read by the API.
 * The out-of-sample report (GET /api/sim/report) is one more job of the
 * same kind: the calibration's ensemble read as relok_sim_report_run does.
 * Faces layer. */
#include "sim_worker.h"

#include "base/limits.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Default ensemble: 16 runs give a usable 5-95 % band; 10000 agents per
 * run (the library's default) cost under a second of one core per
 * scenario in a release build, most of it a run's fixed set-up. Persons per
 * agent follow, so that the population is the calibration's pool (or the
 * library's default without one). */
#define SIM_DEFAULT_AGENTS 10000u
#define SIM_DEFAULT_RUNS 16u

struct srv_sim {
    relok_server *srv;
    pthread_t thread;
    bool started;
    pthread_mutex_t lock;      /* guards stop and kicked */
    pthread_cond_t cond;
    bool stop;
    bool kicked;               /* work may be waiting */
    atomic_bool stopping;      /* read by progress callbacks */
    atomic_bool busy;          /* a POST /api/sim is running */
    bool precompute;
    unsigned agents, runs;
    unsigned report_agents, report_runs; /* 0: the calibration record's */
};

/* ------------------------------------------------------- the KB's results */

static relok_status fail(relok_error *err, relok_status code, const char *msg)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
        err->code = code;
        relok_strlcpy(err->source, "relok serve", sizeof err->source);
        relok_strlcpy(err->msg, msg, sizeof err->msg);
    }
    return code;
}

const char *srv_sim_dir(const relok_kb *kb, char *buf, size_t n)
{
    snprintf(buf, n, "%s/scenarios", relok_kb_dir(kb));
    return buf;
}

/* The KB's calibration (sim/calibration.yaml, as `relok sim run` reads
 * it) into *out with strings in a; false when there is none. A file that
 * does not load is an error. */
static relok_status load_calib(const relok_kb *kb, relok_arena *a, relok_sim_calib *out,
                               bool *found, relok_error *err)
{
    char path[RELOK_PATH_BUF];
    snprintf(path, sizeof path, "%s/sim/calibration.yaml", relok_kb_dir(kb));
    *found = access(path, F_OK) == 0;
    return *found ? relok_sim_calib_load(path, a, out, err) : RELOK_OK;
}

/* Scenario ids (and titles, for the list) of the KB's scenario directory;
 * a KB without one has none. Titles of scenarios that do not load are
 * left empty and the scenario is marked failed with its error. */
static srv_sim_cache *cache_new(const relok_kb *kb)
{
    srv_sim_cache *c = relok_calloc(1, sizeof *c);
    relok_arena *a = relok_arena_new(0);
    if (c == NULL || a == NULL) {
        relok_free(c);
        relok_arena_free(a);
        return NULL;
    }
    pthread_mutex_init(&c->lock, NULL);
    relok_sim_calib cal;
    relok_error ce = {0};
    if (load_calib(kb, a, &cal, &c->calibrated, &ce) == RELOK_OK && c->calibrated) {
        relok_date_format(cal.date, c->calib_date);
        c->calib_loss = cal.loss;
        c->calib_pool = cal.pool;
    } else {
        c->calibrated = false;
    }
    char dir[RELOK_PATH_BUF];
    const char **ids = NULL;
    size_t n = 0;
    relok_error err = {0};
    if (relok_sim_scenario_list(srv_sim_dir(kb, dir, sizeof dir), a, &ids, &n, &err) != RELOK_OK)
        n = 0;
    if (n > 0 && (c->e = relok_calloc(n, sizeof *c->e)) == NULL)
        n = 0;
    for (size_t i = 0; i < n; i++) {
        srv_sim_entry *e = &c->e[c->n];
        if (strlen(ids[i]) >= sizeof e->id)
            continue;
        relok_strlcpy(e->id, ids[i], sizeof e->id);
        relok_sim_scenario sc;
        relok_error le = {0};
        if (relok_sim_scenario_load(dir, ids[i], kb, a, &sc, &le) == RELOK_OK) {
            relok_strlcpy(e->title_en, relok_text_get(&sc.title, RELOK_LANG_EN), sizeof e->title_en);
            relok_strlcpy(e->title_ru, relok_text_get(&sc.title, RELOK_LANG_RU), sizeof e->title_ru);
            relok_strlcpy(e->base, sc.base != NULL ? sc.base : "", sizeof e->base);
        } else {
            e->state = SRV_SIM_FAILED;
            relok_error_format(&le, e->error, sizeof e->error);
        }
        c->n++;
    }
    relok_strlcpy(c->report.id, "report", sizeof c->report.id);
    relok_arena_free(a);
    return c;
}

srv_sim_cache *srv_sim_cache_of(srv_kb *k)
{
    pthread_mutex_lock(&k->cache_lock);
    if (k->sim == NULL)
        k->sim = cache_new(k->kb);
    srv_sim_cache *c = k->sim;
    pthread_mutex_unlock(&k->cache_lock);
    return c;
}

void srv_sim_cache_free(srv_sim_cache *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++)
        srv_blob_release(c->e[i].blob);
    srv_blob_release(c->report.blob);
    relok_free(c->e);
    pthread_mutex_destroy(&c->lock);
    relok_free(c);
}

srv_sim_entry *srv_sim_entry_at(srv_sim_cache *c, size_t i)
{
    return i < c->n ? &c->e[i] : &c->report;
}

int srv_sim_find(const srv_sim_cache *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->e[i].id, id) == 0)
            return (int)i;
    return -1;
}

/* ------------------------------------------------------------- the worker */

typedef struct progress {
    srv_sim *w;
    srv_sim_cache *c;          /* NULL: a request's own run */
    size_t i;
    unsigned generation;       /* the KB's; 0 for a request's own run */
} progress;

/* A precomputation for a KB a reload has replaced serves no one. */
static bool stale(const progress *p)
{
    return p->generation != 0 && p->generation != relok_server_kb_generation(p->w->srv);
}

static bool on_progress(uint64_t done, uint64_t total, void *ud)
{
    progress *p = ud;
    if (p->c != NULL) {
        pthread_mutex_lock(&p->c->lock);
        srv_sim_entry *e = srv_sim_entry_at(p->c, p->i);
        e->done = done;
        e->total = total;
        pthread_mutex_unlock(&p->c->lock);
    }
    return !atomic_load(&p->w->stopping) && !stale(p);
}

relok_status srv_sim_ensemble(srv_sim *w, const relok_kb *kb, const char *id,
                              const srv_sim_size *size, srv_sim_cache *c, size_t i,
                              unsigned generation, char **out_json, relok_error *err)
{
    *out_json = NULL;
    relok_arena *a = relok_arena_new(0);
    if (a == NULL)
        return fail(err, RELOK_ENOMEM, relok_strerror(RELOK_ENOMEM));
    char dir[RELOK_PATH_BUF];
    relok_sim_scenario sc;
    relok_status s = relok_sim_scenario_load(srv_sim_dir(kb, dir, sizeof dir), id, kb, a, &sc, err);
    relok_sim_result *res = NULL;
    relok_sim_calib cal;
    bool calibrated = false;
    if (s == RELOK_OK)
        s = load_calib(kb, a, &cal, &calibrated, err);
    if (s == RELOK_OK) {
        relok_sim_opts o;
        relok_sim_opts_init(&o);
        /* The population the calibration was fitted for, else the
         * library's: fewer agents stand for more persons. */
        double persons = calibrated ? cal.pool : (double)o.n_agents * o.scale;
        if (calibrated)
            o.calib = &cal;
        o.n_agents = size->agents;
        o.scale = persons / (double)size->agents;
        o.n_runs = size->runs;
        o.seed = size->seed;
        if (size->until != RELOK_DAY_NONE)
            o.until = size->until;
        o.n_threads = 1; /* a background or request thread: leave the cores to others */
        progress p = {w, c, i, generation};
        o.progress_cb = on_progress;
        o.progress_ud = &p;
        s = relok_sim_run(kb, &sc, &o, &res, err);
    }
    if (s == RELOK_OK)
        s = relok_sim_series_json(kb, res, &sc, 0, out_json, err);
    relok_sim_result_free(res);
    relok_arena_free(a);
    return s;
}

/* The out-of-sample report on kb as JSON: the calibration record's scenario,
 * ensemble and values (or the priors and the default ensemble without a
 * record), with the server's --sim-agents/--sim-runs when they were given,
 * as `relok sim report --agents --runs` would. Progress goes to c's
 * report entry; a reload or a stop ends it early, as for a scenario. */
static relok_status report_json(srv_sim *w, const relok_kb *kb, srv_sim_cache *c,
                                unsigned generation, char **out_json, relok_error *err)
{
    *out_json = NULL;
    relok_arena *a = relok_arena_new(0);
    relok_sim_report *rep = a != NULL ? relok_arena_calloc(a, 1, sizeof *rep) : NULL;
    relok_sim_calib *cal = a != NULL ? relok_arena_calloc(a, 1, sizeof *cal) : NULL;
    if (rep == NULL || cal == NULL) {
        relok_arena_free(a);
        return fail(err, RELOK_ENOMEM, relok_strerror(RELOK_ENOMEM));
    }
    bool calibrated = false;
    relok_status s = load_calib(kb, a, cal, &calibrated, err);
    if (s == RELOK_OK && !calibrated)
        relok_sim_calib_init(cal);
    if (w->report_agents != 0)
        cal->n_agents = w->report_agents;
    if (w->report_runs != 0)
        cal->n_runs = w->report_runs;
    char dir[RELOK_PATH_BUF];
    relok_sim_scenario sc;
    if (s == RELOK_OK)
        s = relok_sim_scenario_load(srv_sim_dir(kb, dir, sizeof dir), cal->scenario, kb, a, &sc,
                                    err);
    progress p = {w, c, c->n, generation};
    if (s == RELOK_OK)
        s = relok_sim_report_run(kb, &sc, cal, calibrated, 1, on_progress, &p, rep, err);
    if (s == RELOK_OK)
        s = relok_sim_report_json(rep, 0, out_json, err);
    relok_arena_free(a);
    return s;
}

/* Compute job i of c (a scenario, or the report when i is c->n) on the KB
 * of ref and store the outcome. */
static void compute(srv_sim *w, const srv_kb *ref, srv_sim_cache *c, size_t i)
{
    srv_sim_size size = {w->agents, w->runs, 1, RELOK_DAY_NONE};
    char *json = NULL;
    relok_error err = {0};
    relok_status s =
        i == c->n ? report_json(w, ref->kb, c, ref->generation, &json, &err)
                  : srv_sim_ensemble(w, ref->kb, c->e[i].id, &size, c, i, ref->generation, &json,
                                     &err);
    srv_blob *b = s == RELOK_OK ? srv_blob_new(json, strlen(json)) : NULL;
    relok_json_free(json);
    pthread_mutex_lock(&c->lock);
    srv_sim_entry *e = srv_sim_entry_at(c, i);
    bool abandoned = false;
    if (b != NULL) {
        e->blob = b;
        e->state = SRV_SIM_READY;
    } else if (atomic_load(&w->stopping)) {
        e->state = SRV_SIM_IDLE;
    } else if (ref->generation != relok_server_kb_generation(w->srv)) {
        e->state = SRV_SIM_IDLE; /* replaced by a reload: its result would serve no one */
        abandoned = true;
    } else {
        e->state = SRV_SIM_FAILED;
        if (s == RELOK_OK)
            relok_strlcpy(e->error, relok_strerror(RELOK_ENOMEM), sizeof e->error);
        else
            relok_error_format(&err, e->error, sizeof e->error);
    }
    bool failed = e->state == SRV_SIM_FAILED;
    pthread_mutex_unlock(&c->lock);
    /* Said in the log so that operators (and tests/api/scenarios.py) can
     * see that a reload does not wait for the old KB's ensembles. */
    if (abandoned)
        srv_log(w->srv, "scenario %s: precomputation for KB generation %u abandoned: the KB "
                        "was reloaded",
                e->id, ref->generation);
    if (failed)
        srv_log(w->srv, "scenario %s: ensemble not computed: %s", e->id,
                s == RELOK_OK ? relok_strerror(RELOK_ENOMEM) : err.msg);
}

/* The next queued job of c (a scenario, or c->n for the report), marked
 * running; -1 when none. With precompute, every idle entry is queued
 * first (once per KB). */
static int next_job(srv_sim *w, srv_sim_cache *c)
{
    int pick = -1;
    pthread_mutex_lock(&c->lock);
    if (w->precompute && !c->all_queued) {
        for (size_t i = 0; i <= c->n; i++)
            if (srv_sim_entry_at(c, i)->state == SRV_SIM_IDLE)
                srv_sim_entry_at(c, i)->state = SRV_SIM_QUEUED;
        c->all_queued = true;
    }
    /* Scenarios that extend none (the baseline) first: every page compares
     * against them; then the report, then the rest. */
    for (int pass = 0; pass < 3 && pick < 0; pass++)
        for (size_t i = 0; i <= c->n && pick < 0; i++) {
            srv_sim_entry *e = srv_sim_entry_at(c, i);
            bool report = i == c->n;
            bool turn = pass == 0 ? !report && e->base[0] == '\0' : pass == 1 ? report : !report;
            if (e->state == SRV_SIM_QUEUED && turn) {
                e->state = SRV_SIM_RUNNING;
                e->done = 0;
                pick = (int)i;
            }
        }
    pthread_mutex_unlock(&c->lock);
    return pick;
}

static void *worker(void *arg)
{
    srv_sim *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        if (!w->kicked) {
            pthread_cond_wait(&w->cond, &w->lock);
            continue;
        }
        w->kicked = false;
        pthread_mutex_unlock(&w->lock);
        /* Drain the queue of the KB in service; a reload kicks again. */
        for (;;) {
            srv_kb *ref = srv_kb_current(w->srv);
            srv_sim_cache *c = srv_sim_cache_of(ref);
            int i = c != NULL && !atomic_load(&w->stopping) ? next_job(w, c) : -1;
            if (i >= 0)
                compute(w, ref, c, (size_t)i);
            srv_kb_put(ref);
            if (i < 0)
                break;
        }
        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

relok_status srv_sim_start(relok_server *srv, const relok_server_opts *o, relok_error *err)
{
    srv_sim *w = relok_calloc(1, sizeof *w);
    if (w == NULL)
        return fail(err, RELOK_ENOMEM, relok_strerror(RELOK_ENOMEM));
    w->srv = srv;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    atomic_init(&w->stopping, false);
    atomic_init(&w->busy, false);
    w->precompute = o->sim_precompute;
    w->agents = o->sim_agents != 0 ? o->sim_agents : SIM_DEFAULT_AGENTS;
    w->runs = o->sim_runs != 0 ? o->sim_runs : SIM_DEFAULT_RUNS;
    w->report_agents = o->sim_agents;
    w->report_runs = o->sim_runs;
    if (w->agents > RELOK_MAX_SIM_AGENTS || w->runs > RELOK_MAX_SIM_RUNS) {
        relok_free(w);
        return fail(err, RELOK_EINVAL, "--sim-agents/--sim-runs: beyond RELOK_MAX_SIM_AGENTS or "
                                       "RELOK_MAX_SIM_RUNS (include/relok/limits.h)");
    }
    w->kicked = w->precompute;
    if (pthread_create(&w->thread, NULL, worker, w) != 0) {
        pthread_cond_destroy(&w->cond);
        pthread_mutex_destroy(&w->lock);
        relok_free(w);
        return fail(err, RELOK_EIO, "cannot start the scenario worker thread");
    }
    w->started = true;
    srv->sim = w;
    return RELOK_OK;
}

void srv_sim_kick(relok_server *srv)
{
    srv_sim *w = srv->sim;
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->kicked = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

void srv_sim_stop(relok_server *srv)
{
    srv_sim *w = srv->sim;
    if (w == NULL)
        return;
    atomic_store(&w->stopping, true);
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
    if (w->started)
        pthread_join(w->thread, NULL);
    w->started = false;
}

void srv_sim_free(relok_server *srv)
{
    srv_sim *w = srv->sim;
    if (w == NULL)
        return;
    pthread_cond_destroy(&w->cond);
    pthread_mutex_destroy(&w->lock);
    relok_free(w);
    srv->sim = NULL;
}

void srv_sim_size_of(const relok_server *srv, srv_sim_size *out)
{
    const srv_sim *w = srv->sim;
    out->agents = w != NULL ? w->agents : SIM_DEFAULT_AGENTS;
    out->runs = w != NULL ? w->runs : SIM_DEFAULT_RUNS;
    out->seed = 1;
    out->until = RELOK_DAY_NONE;
}

bool srv_sim_precompute(const relok_server *srv)
{
    return srv->sim != NULL && srv->sim->precompute;
}

bool srv_sim_try_begin(relok_server *srv)
{
    bool expected = false;
    return srv->sim != NULL &&
           atomic_compare_exchange_strong(&srv->sim->busy, &expected, true);
}

void srv_sim_end(relok_server *srv) { atomic_store(&srv->sim->busy, false); }
