/* SPDX-License-Identifier: MIT */
/* Scenario ensembles for the API (sim_worker.c): the per-KB results of the
 * shipped scenarios, the background thread that computes them, and the
 * shared run used by POST /api/sim (route_sim.c). Faces layer. */
#ifndef RELOK_SERVER_SIM_WORKER_H
#define RELOK_SERVER_SIM_WORKER_H

#include "server.h"

#include "relok/json.h"
#include "relok/sim.h"

typedef enum srv_sim_state {
    SRV_SIM_IDLE = 0,          /* not asked for yet */
    SRV_SIM_QUEUED,
    SRV_SIM_RUNNING,
    SRV_SIM_READY,             /* blob holds the series */
    SRV_SIM_FAILED             /* error says why */
} srv_sim_state;

/* One scenario of a KB. Fields after id change under the cache's lock. */
typedef struct srv_sim_entry {
    char id[64];
    char title_en[256], title_ru[512], base[64];
    srv_sim_state state;
    uint64_t done, total;      /* progress in agent-days while running */
    srv_blob *blob;            /* READY: relok_sim_series_json's text */
    char error[RELOK_ERROR_MSG_LEN + RELOK_ERROR_SOURCE_LEN + RELOK_ERROR_PATH_LEN + 32];
} srv_sim_entry;

struct srv_sim_cache {
    pthread_mutex_t lock;
    size_t n;
    srv_sim_entry *e;
    srv_sim_entry report;      /* GET /api/sim/report: relok_sim_report_json's text */
    bool all_queued;           /* precompute queued this KB's scenarios */
    bool calibrated;           /* the KB has sim/calibration.yaml: runs use it */
    char calib_date[RELOK_DATE_BUF];
    double calib_loss, calib_pool;
};

/* Size of an ensemble. until: RELOK_DAY_NONE for the library's horizon. */
typedef struct srv_sim_size {
    unsigned agents, runs;
    uint64_t seed;
    relok_day until;
} srv_sim_size;

/* dir/scenarios of the KB's directory, into buf. */
const char *srv_sim_dir(const relok_kb *kb, char *buf, size_t n);
/* The KB's scenario results, made on first use; NULL when out of memory. */
srv_sim_cache *srv_sim_cache_of(srv_kb *k);
/* The entry a job index names: a scenario (0..n-1) or the report (n). */
srv_sim_entry *srv_sim_entry_at(srv_sim_cache *c, size_t i);
/* Index of scenario id in c, or -1. */
int srv_sim_find(const srv_sim_cache *c, const char *id);
/* Load scenario id, run its ensemble and render the monthly series into
 * *out_json (free with relok_json_free). Progress goes to c's entry i when c
 * is not NULL; a stopping server ends the run early, and so does a reload
 * when generation (the KB's) is not 0. */
relok_status srv_sim_ensemble(srv_sim *w, const relok_kb *kb, const char *id,
                              const srv_sim_size *size, srv_sim_cache *c, size_t i,
                              unsigned generation, char **out_json, relok_error *err);
/* The precomputed ensembles' size. */
void srv_sim_size_of(const relok_server *srv, srv_sim_size *out);
bool srv_sim_precompute(const relok_server *srv);
/* One POST /api/sim at a time: true when this request may run. */
bool srv_sim_try_begin(relok_server *srv);
void srv_sim_end(relok_server *srv);

#endif
