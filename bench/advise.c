/* SPDX-License-Identifier: MIT */
/* bench_advise [PROFILE] [KB] [RUNS]: median time to advise one profile on
 * every country of a knowledge base (default: the IT worker example on the
 * shipped data), as of a fixed date. Prints figures; asserts nothing.
 *
 * bench_advise --request BODY [KB] [ROUNDS]: POST /api/advise's library
 * path (relok_advise_json_request: parse the profile, advise, render the
 * summary) on BODY, an API body such as bench/http/advise-profile.json;
 * the median over ROUNDS rounds (default 5) of the process CPU time per
 * request, each round 2 000 requests, without and then with a cache of
 * year plans (as relok serve keeps). CPU time, not wall time, because the
 * machine is shared: it is the figure to compare with bench/http.sh's
 * server CPU per request, without the HTTP layer, and to profile with
 * `perf record`. */
#include "bench.h"
#include "relok/advise.h"
#include "relok/relok.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/* The KB in dir, or NULL after saying why. */
static relok_kb *load_kb(const char *dir)
{
    relok_error err = {0};
    char buf[1024];
    relok_kb *kb = NULL;
    if (relok_kb_load(dir, &kb, NULL, &err) != RELOK_OK)
        fprintf(stderr, "bench_advise: %s\n", relok_error_format(&err, buf, sizeof buf));
    return kb;
}

static double cpu_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* The "profile" object of an API body and its "as_of", as the server takes
 * them apart (a bench input: braces inside strings are not expected). */
static bool envelope(const char *body, const char **prof, size_t *len, relok_day *asof)
{
    const char *p = strstr(body, "\"profile\"");
    p = p != NULL ? strchr(p, '{') : NULL;
    if (p == NULL)
        return false;
    int depth = 0;
    const char *q = p;
    for (; *q != '\0'; q++)
        if (*q == '{')
            depth++;
        else if (*q == '}' && --depth == 0)
            break;
    if (*q == '\0')
        return false;
    *prof = p;
    *len = (size_t)(q + 1 - p);
    const char *d = strstr(q, "\"as_of\"");
    d = d != NULL ? strchr(d + 7, '"') : NULL;
    return d != NULL && relok_date_parse(d + 1, 10, asof, NULL) == RELOK_OK;
}

static int request_mode(const char *path, const char *dir, int rounds)
{
#if defined(__GLIBC__)
    /* The malloc settings relok serve makes (server/guard.c): without them
     * glibc gave the request's heap top back to the system after each
     * answer of this bench and faulted it in again, which relok serve does
     * not do (2026-12-07: 172 us a request here against 105 us with the
     * server's settings, the same code). */
    (void)mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    (void)mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
#endif
    FILE *f = fopen(path, "rb");
    static char body[65536];
    size_t n = f != NULL ? fread(body, 1, sizeof body - 1, f) : 0;
    if (f != NULL)
        fclose(f);
    body[n] = '\0';
    const char *prof = NULL;
    size_t len = 0;
    relok_day asof = 0;
    if (!envelope(body, &prof, &len, &asof)) {
        fprintf(stderr, "bench_advise: %s: expected {\"profile\": {...}, \"as_of\": DATE}\n", path);
        return 2;
    }
    relok_error err = {0};
    char buf[1024];
    relok_kb *kb = load_kb(dir);
    if (kb == NULL)
        return 3;
    enum { PER_ROUND = 2000 };
    double *t = calloc((size_t)rounds, sizeof *t);
    if (t == NULL)
        return 5;
    /* Without, then with the server's cache of year plans (kept per KB). */
    for (int with = 0; with < 2; with++) {
        relok_advise_cache *cache = with ? relok_advise_cache_new(kb) : NULL;
        size_t bytes = 0;
        for (int r = 0; r < rounds; r++) {
            double t0 = cpu_us();
            for (int i = 0; i < PER_ROUND; i++) {
                char *json = NULL;
                if (relok_advise_json_request(kb, cache, prof, len, asof, 0, NULL,
                                              RELOK_ADVISE_SUMMARY, &json, &err) != RELOK_OK) {
                    fprintf(stderr, "bench_advise: %s\n",
                            relok_error_format(&err, buf, sizeof buf));
                    return 3;
                }
                bytes = strlen(json);
                relok_json_free(json);
            }
            t[r] = (cpu_us() - t0) / PER_ROUND;
        }
        double lo = t[0], hi = t[0];
        for (int r = 1; r < rounds; r++) {
            lo = t[r] < lo ? t[r] : lo;
            hi = t[r] > hi ? t[r] : hi;
        }
        printf("advise request (%s): %s on %s, summary of %zu bytes\n",
               with ? "year plans cached, as relok serve" : "no cache", path, dir, bytes);
        printf("advise request (%s): median %.1f us CPU per request (%.1f-%.1f) over %d rounds "
               "of %d\n",
               with ? "cached" : "no cache", bench_median(t, (size_t)rounds), lo, hi, rounds,
               (int)PER_ROUND);
        relok_advise_cache_free(cache);
    }
    free(t);
    relok_kb_free(kb);
    return 0;
}

int main(int argc, char **argv)
{
    /* As the faces do (docs/architecture.md): renders use the arenas. */
    json_set_alloc_funcs(relok_json_alloc, relok_json_release);
    bool request = argc > 1 && strcmp(argv[1], "--request") == 0;
    if (request) {
        argv++;
        argc--;
    }
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
    int runs = argc > 3 ? (int)strtol(argv[3], NULL, 10) : request ? 5 : 501;
    if (runs < 1)
        runs = 1;
    if (request)
        return request_mode(profile, dir, runs);
    relok_error err = {0};
    char buf[1024];
    relok_kb *kb = load_kb(dir);
    if (kb == NULL)
        return 3;
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
