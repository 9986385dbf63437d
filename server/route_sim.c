/* SPDX-License-Identifier: MIT */
/* The simulator over HTTP (docs/api.md "Scenarios"):
 *   GET  /api/scenarios               the scenarios of the KB in service, with
 *                                     the state of each precomputed ensemble;
 *   GET  /api/scenarios/{name}        one scenario, its events in words in both
 *                                     languages, every source resolved;
 *   GET  /api/scenarios/{name}/result its precomputed ensemble as monthly
 *                                     series (200), or its progress (202; the
 *                                     first request queues it);
 *   POST /api/sim                     an ensemble of the caller's size, bounded
 *                                     by the RELOK_MAX_SIM_* caps (413 beyond);
 *   GET  /api/sim/report              the calibration targets and the
 *                                     out-of-sample figures (relok sim report),
 *                                     precomputed like a scenario (202 first).
 * Faces layer: the library renders every answer but the two small status
 * objects made here. */
#include "body.h"
#include "sim_worker.h"

#include "base/limits.h"

#include <microhttpd.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A scenario name as the loader accepts it; anything else cannot name a
 * file in the scenario directory. */
static bool name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof((srv_sim_entry *)0)->id)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

/* The KB's scenario cache for a route that takes no query, or NULL after a
 * reply (400 for a query string, 500 out of memory). */
static srv_sim_cache *cache_for(srv_req *r)
{
    if (!srv_check_args(r, NULL))
        return NULL;
    srv_sim_cache *c = srv_sim_cache_of(r->kbref);
    if (c == NULL)
        srv_reply_error(r, 500, "ENOMEM", NULL, relok_strerror(RELOK_ENOMEM));
    return c;
}

/* Entry of the {name} segment in the KB's scenarios, or -1 after a reply
 * (400 for a query string: these routes take none; 404). */
static int param_scenario(srv_req *r, srv_sim_cache **out)
{
    *out = cache_for(r);
    if (*out == NULL)
        return -1;
    int i = name_ok(r->params[0]) ? srv_sim_find(*out, r->params[0]) : -1;
    if (i < 0)
        srv_reply_error(r, 404, "ENOTFOUND", "name",
                        "no such scenario (GET /api/scenarios lists them)");
    return i;
}

static const char *const state_names[] = {"idle", "queued", "running", "ready", "failed"};

/* Progress of an entry as a fraction, 1 when ready. Called under c->lock. */
static double progress_of(const srv_sim_entry *e)
{
    if (e->state == SRV_SIM_READY)
        return 1.0;
    return e->total > 0 ? (double)e->done / (double)e->total : 0.0;
}

/* A growing text in the request's arena. */
typedef struct text_buf {
    char *s;
    size_t len, cap;
    bool failed;
} text_buf;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void add(relok_arena *a, text_buf *t, const char *fmt, ...)
{
    for (int pass = 0; pass < 2 && !t->failed; pass++) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->s != NULL ? t->s + t->len : NULL, t->s != NULL ? t->cap - t->len : 0,
                          fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->failed = true;
            return;
        }
        if (t->s != NULL && t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = (t->cap + (size_t)n + 1) * 2;
        char *s = relok_arena_alloc(a, cap);
        if (s == NULL) {
            t->failed = true;
            return;
        }
        if (t->s != NULL)
            memcpy(s, t->s, t->len + 1);
        else
            s[0] = '\0';
        t->s = s;
        t->cap = cap;
    }
}

static const char *quote(srv_req *r, text_buf *t, const char *s)
{
    const char *q = srv_json_quote(r->arena, s);
    if (q == NULL)
        t->failed = true;
    return q != NULL ? q : "null";
}

static void reply_text(srv_req *r, unsigned status, const text_buf *t)
{
    if (t->failed || t->s == NULL)
        srv_reply_error(r, 500, "ENOMEM", NULL, relok_strerror(RELOK_ENOMEM));
    else
        srv_reply_json_copy(r, status, t->s, t->len);
}

void srv_route_scenarios(srv_req *r)
{
    srv_sim_cache *c = cache_for(r);
    if (c == NULL)
        return;
    srv_sim_size size;
    srv_sim_size_of(r->srv, &size);
    text_buf t = {0};
    add(r->arena, &t,
        "{\"generation\":%u,\"precompute\":%s,\"ensemble\":{\"agents\":%u,\"runs\":%u,\"seed\":%llu},",
        r->kbref->generation, srv_sim_precompute(r->srv) ? "true" : "false", size.agents,
        size.runs, (unsigned long long)size.seed);
    if (c->calibrated)
        add(r->arena, &t, "\"calibration\":{\"date\":\"%s\",\"loss\":%.6g,\"pool\":%.0f},",
            c->calib_date, c->calib_loss, c->calib_pool);
    else
        add(r->arena, &t, "\"calibration\":null,");
    add(r->arena, &t, "\"scenarios\":[");
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->n; i++) {
        const srv_sim_entry *e = &c->e[i];
        add(r->arena, &t,
            "%s{\"id\":%s,\"title\":{\"en\":%s,\"ru\":%s},\"base\":%s,\"state\":\"%s\","
            "\"progress\":%.3f}",
            i > 0 ? "," : "", quote(r, &t, e->id), quote(r, &t, e->title_en),
            quote(r, &t, e->title_ru), e->base[0] != '\0' ? quote(r, &t, e->base) : "null",
            state_names[e->state], progress_of(e));
    }
    pthread_mutex_unlock(&c->lock);
    add(r->arena, &t, "]}");
    reply_text(r, 200, &t);
}

void srv_route_scenario(srv_req *r)
{
    srv_sim_cache *c;
    int i = param_scenario(r, &c);
    if (i < 0)
        return;
    relok_arena *a = relok_arena_new(0);
    if (a == NULL) {
        srv_reply_error(r, 500, "ENOMEM", NULL, relok_strerror(RELOK_ENOMEM));
        return;
    }
    char dir[RELOK_PATH_BUF];
    relok_sim_scenario sc;
    relok_error err = {0};
    char *json = NULL;
    const relok_kb *kb = srv_kb_of(r);
    relok_status s = relok_sim_scenario_load(srv_sim_dir(kb, dir, sizeof dir), c->e[i].id, kb, a,
                                             &sc, &err);
    if (s == RELOK_OK)
        s = relok_sim_scenario_json(kb, &sc, 0, &json, &err);
    relok_arena_free(a);
    if (s != RELOK_OK) {
        relok_json_free(json);
        /* The file is on the server: a broken one is the server's fault. */
        srv_reply_error(r, 500, relok_status_name(s), NULL, err.msg);
        return;
    }
    srv_reply_json_take(r, 200, json);
}

/* A precomputed entry: 200 with its text when ready, 500 when it failed,
 * else 202 with its state and progress (the first request queues it). */
static void reply_entry(srv_req *r, srv_sim_cache *c, srv_sim_entry *e)
{
    pthread_mutex_lock(&c->lock);
    if (e->state == SRV_SIM_READY) {
        srv_blob *b = srv_blob_ref(e->blob);
        pthread_mutex_unlock(&c->lock);
        srv_reply_blob(r, 200, b);
        return;
    }
    if (e->state == SRV_SIM_FAILED) {
        char msg[sizeof e->error];
        relok_strlcpy(msg, e->error, sizeof msg);
        pthread_mutex_unlock(&c->lock);
        srv_reply_error(r, 500, "EINTERNAL", NULL, msg);
        return;
    }
    bool kick = e->state == SRV_SIM_IDLE;
    if (kick)
        e->state = SRV_SIM_QUEUED;
    text_buf t = {0};
    add(r->arena, &t, "{\"id\":%s,\"state\":\"%s\",\"progress\":%.3f}", quote(r, &t, e->id),
        state_names[e->state], progress_of(e));
    pthread_mutex_unlock(&c->lock);
    if (kick)
        srv_sim_kick(r->srv);
    reply_text(r, 202, &t);
}

void srv_route_scenario_result(srv_req *r)
{
    srv_sim_cache *c;
    int i = param_scenario(r, &c);
    if (i >= 0)
        reply_entry(r, c, &c->e[i]);
}

void srv_route_sim_report(srv_req *r)
{
    srv_sim_cache *c = cache_for(r);
    if (c != NULL)
        reply_entry(r, c, &c->report);
}

/* A cap passed: 413 naming the field, the cap and what was asked. */
static bool over_cap(srv_req *r, const char *field, unsigned long asked, unsigned long cap,
                     const char *what)
{
    if (asked <= cap)
        return false;
    char msg[200];
    snprintf(msg, sizeof msg, "%s: %lu asked, at most %lu (docs/api.md \"Scenarios\")", what,
             asked, cap);
    srv_reply_error(r, 413, "ELIMIT", field, msg);
    return true;
}

void srv_route_sim(srv_req *r)
{
    static const char *const keys[] = {"scenario", "agents", "runs", "until", "seed", NULL};
    if (!srv_check_args(r, NULL))
        return;
    srv_members root;
    if (!srv_body_object(r, &root) || !srv_body_keys(r, &root, keys))
        return;
    const srv_member *m = srv_member_get(&root, "scenario");
    if (m == NULL || !srv_member_is_string(m)) {
        srv_reply_error(r, 400, "ESCHEMA", "scenario",
                        "expected the name of a scenario (GET /api/scenarios lists them)");
        return;
    }
    srv_sim_size size;
    srv_sim_size_of(r->srv, &size);
    unsigned long agents = size.agents, runs = size.runs, seed = size.seed;
    relok_sim_opts def;
    relok_sim_opts_init(&def);
    relok_day until = def.until;
    /* Numbers far above the caps still parse, so that the answer names the
     * cap; the largest that cannot overflow while read. */
    const unsigned long big = (ULONG_MAX - 9ul) / 10ul;
    if (!srv_body_uint(r, &root, "agents", big, &agents) ||
        !srv_body_uint(r, &root, "runs", big, &runs) ||
        !srv_body_uint(r, &root, "seed", big, &seed) ||
        !srv_body_date(r, &root, "until", false, &until))
        return;
    if (agents == 0 || runs == 0) {
        srv_reply_error(r, 400, "ERANGE", agents == 0 ? "agents" : "runs",
                        "expected a whole number of at least 1");
        return;
    }
    if (until < def.start) {
        srv_reply_error(r, 400, "ERANGE", "until", "the horizon must be on or after 2022-01-01");
        return;
    }
    unsigned long days = (unsigned long)(until - def.start) + 1ul;
    if (over_cap(r, "agents", agents, RELOK_MAX_SIM_AGENTS, "agents per run") ||
        over_cap(r, "runs", runs, RELOK_MAX_SIM_RUNS, "runs") ||
        over_cap(r, "until", days, RELOK_MAX_SIM_DAYS, "days simulated (horizon 2030-12-31)") ||
        over_cap(r, "agents", agents * runs, RELOK_MAX_SIM_AGENT_RUNS, "agents x runs") ||
        over_cap(r, "runs", runs * days, RELOK_MAX_SIM_RUN_DAYS, "runs x days"))
        return;
    size_t name_len = 0;
    char *name = srv_member_string(r->arena, m, &name_len);
    if (name == NULL) {
        srv_reply_error(r, 500, "ENOMEM", NULL, relok_strerror(RELOK_ENOMEM));
        return;
    }
    srv_sim_cache *c = srv_sim_cache_of(r->kbref);
    if (c == NULL || !name_ok(name) || srv_sim_find(c, name) < 0) {
        srv_reply_error(r, 404, "ENOTFOUND", "scenario",
                        "no such scenario (GET /api/scenarios lists them)");
        return;
    }
    if (!srv_sim_try_begin(r->srv)) {
        srv_reply_error(r, 503, "EBUSY", NULL, "another simulation is running; try again shortly");
        if (r->resp != NULL)
            (void)MHD_add_response_header(r->resp, MHD_HTTP_HEADER_RETRY_AFTER, "5");
        return;
    }
    srv_sim_size want = {(unsigned)agents, (unsigned)runs, seed, until};
    char *json = NULL;
    relok_error err = {0};
    relok_status s = srv_sim_ensemble(r->srv->sim, srv_kb_of(r), name, &want, NULL, 0, 0, &json,
                                      &err);
    srv_sim_end(r->srv);
    if (s != RELOK_OK) {
        relok_json_free(json);
        srv_reply_lib_error(r, s, &err);
        return;
    }
    srv_reply_json_take(r, 200, json);
}
