/* SPDX-License-Identifier: MIT */
/* bench_advise [PROFILE] [KB] [RUNS]: median time to advise one profile on
 * every country of a knowledge base (default: the IT worker example on the
 * shipped data), as of a fixed date. Prints figures; asserts nothing. */
#include "bench.h"
#include "relok/advise.h"
#include "relok/relok.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    /* As the faces do (docs/architecture.md): renders use the arenas. */
    json_set_alloc_funcs(relok_json_alloc, relok_json_release);
    const char *profile = argc > 1 ? argv[1] : "examples/profiles/it-remote-passport.yaml";
    char def[4096];
    const char *dir = argc > 2 ? argv[2] : NULL;
    if (dir == NULL) {
        if (relok_kb_default_dir(def, sizeof def) != RELOK_OK) {
            fprintf(stderr, "bench_advise: no knowledge base found; pass a directory\n");
            return 2;
        }
        dir = def;
    }
    int runs = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 501;
    if (runs < 1)
        runs = 1;
    relok_error err = {0};
    char buf[1024];
    relok_kb *kb = NULL;
    if (relok_kb_load(dir, &kb, NULL, &err) != RELOK_OK) {
        fprintf(stderr, "bench_advise: %s\n", relok_error_format(&err, buf, sizeof buf));
        return 3;
    }
    relok_arena *arena = relok_arena_new(0);
    relok_profile p;
    if (arena == NULL || relok_profile_load(profile, arena, &p, &err) != RELOK_OK) {
        fprintf(stderr, "bench_advise: %s\n", relok_error_format(&err, buf, sizeof buf));
        relok_arena_free(arena);
        relok_kb_free(kb);
        return 3;
    }
    relok_day asof = 0;
    (void)relok_date_parse("2026-11-28", 10, &asof, NULL);
    relok_advise_opts opts = {.asof = asof};
    double *t = calloc((size_t)runs, sizeof *t);
    double *tj = calloc((size_t)runs, sizeof *tj);
    double *ts = calloc((size_t)runs, sizeof *ts);
    if (t == NULL || tj == NULL || ts == NULL)
        return 5;
    size_t n = 0;
    for (int i = 0; i < runs; i++) {
        relok_advice *a = NULL;
        double t0 = bench_now_us();
        relok_status s = relok_advise_run(kb, &p, &opts, &a, &err);
        double t1 = bench_now_us();
        if (s != RELOK_OK) {
            fprintf(stderr, "bench_advise: %s\n", relok_error_format(&err, buf, sizeof buf));
            return 3;
        }
        char *json = NULL;
        (void)relok_advise_json(a, &p, 0, NULL, 0, &json, NULL);
        double t2 = bench_now_us();
        tj[i] = t2 - t1;
        relok_json_free(json);
        /* The API's default answer: a summary per country. */
        json = NULL;
        (void)relok_advise_json(a, &p, 0, NULL, RELOK_ADVISE_SUMMARY, &json, NULL);
        ts[i] = bench_now_us() - t2;
        relok_json_free(json);
        t[i] = t1 - t0;
        n = a->n_countries;
        relok_advise_free(a);
    }
    double min = t[0];
    for (int i = 1; i < runs; i++)
        if (t[i] < min)
            min = t[i];
    double med = bench_median(t, (size_t)runs);
    double medj = bench_median(tj, (size_t)runs);
    double meds = bench_median(ts, (size_t)runs);
    printf("advise: %s on %s (%zu countries)\n", profile, dir, n);
    printf("advise: median %.3f ms, min %.3f ms over %d runs (one profile, all countries)\n",
           med / 1000.0, min / 1000.0, runs);
    printf("advise: JSON rendering of that answer: median %.3f ms\n", medj / 1000.0);
    printf("advise: JSON summary (POST /api/advise's default): median %.3f ms\n", meds / 1000.0);
    free(t);
    free(ts);
    free(tj);
    relok_arena_free(arena);
    relok_kb_free(kb);
    return 0;
}
