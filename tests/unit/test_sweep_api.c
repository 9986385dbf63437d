/* SPDX-License-Identifier: MIT */
/* Allocation-failure sweeps of the HTTP face (issue 13), on the shipped KB
 * and web UI: every API endpoint on its success and error paths, and a
 * SIGHUP-style KB reload; and the answers libmicrohttpd makes itself. Requests go through libmicrohttpd and the request
 * handler in-process (server/feed.c), so a sweep point costs no sockets or
 * threads. Each sweep fails the k-th allocation for k = 1, 2, ... (every
 * RELOK_SWEEP_STRIDE-th; `make sweep` runs all) and asserts it reached the
 * run that needed no failure, so a loop cut short cannot pass. */
#include "base/alloc_int.h"
#include "relok/server.h"
#include "server.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sweep_stride.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Answers are read into this much (the largest, the OpenAPI document and
 * the advice, are well under it; a cut answer would fail the comparison). */
enum { REPLY_CAP = 1 << 21 };

static relok_server *g_srv;
static char *g_reply;
static char *g_ref;

static void quiet_log(void *ud, const char *line)
{
    (void)ud;
    (void)line;
}

static int group_setup(void **state)
{
    (void)state;
    const char *kb = getenv("RELOK_KB");
    if (kb == NULL)
        return -1;
    static char web[4096];
    snprintf(web, sizeof web, "%s/../web", kb);
    relok_server_opts o = {.kb_dir = kb, .web_dir = web, .threads = 1, .log_cb = quiet_log};
    relok_error err = {0};
    if (srv_start(&o, true, &g_srv, &err) != RELOK_OK) {
        fprintf(stderr, "start: %s\n", err.msg);
        return -1;
    }
    g_reply = malloc(REPLY_CAP);
    g_ref = malloc(REPLY_CAP);
    return g_reply != NULL && g_ref != NULL ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    relok_server_stop(g_srv);
    free(g_reply);
    free(g_ref);
    return 0;
}

/* ------------------------------------------------------------ requests */

typedef struct api_case {
    const char *method, *path, *body; /* body NULL: none */
    int status;                        /* the answer without failures */
} api_case;

static const char PROFILE[] =
    "{\"citizenships\": [\"RU\"], \"documents\": [{\"type\": \"passport\", "
    "\"citizenship\": \"RU\", \"expires\": \"2030-01-01\"}], \"risk_factors\": [\"activist\"], "
    "\"money\": {\"currency\": \"USD\", \"monthly_budget\": 1500}}";
static const char TRIPS[] =
    "{\"trips\": [{\"country\": \"GE\", \"entry\": \"2024-01-01\", \"exit\": \"2024-01-10\"}, "
    "{\"country\": \"KZ\", \"entry\": \"2024-02-01\"}], \"on\": \"2024-03-01\"}";

/* Every route of server.c's table with a good request, and the error paths
 * each one has: unknown ids, bad queries, bad bodies, wrong methods, wrong
 * content types; then the static files and what matches no route. */
static const api_case CASES[] = {
    {"GET", "/healthz", NULL, 200},
    {"HEAD", "/healthz", NULL, 200},
    {"GET", "/api/openapi.json", NULL, 200},
    {"GET", "/api/countries?doc=internal_id&as_of=2023-06-01", NULL, 200},
    {"GET", "/api/countries?doc=passport&as_of=2024-01-01", NULL, 200},
    {"GET", "/api/countries?as_of=2024-13-45", NULL, 400},
    {"GET", "/api/countries?doc=nope", NULL, 400},
    {"GET", "/api/countries/KZ?as_of=2023-06-01", NULL, 200},
    {"GET", "/api/countries/Georgia", NULL, 200},
    {"GET", "/api/countries/XX", NULL, 404},
    {"GET", "/api/countries/KZ/history", NULL, 200},
    {"GET", "/api/countries/XX/history", NULL, 404},
    {"GET", "/api/sources", NULL, 200},
    {"GET", "/api/sources/brief", NULL, 200},
    {"GET", "/api/sources/no-such-source", NULL, 404},
    {"POST", "/api/stay", TRIPS, 200},
    {"POST", "/api/stay", "{\"trips\": [{\"country\": \"GE\", \"entry\": \"2024-01-01\"}], "
                          "\"rule\": {\"kind\": \"rolling\", \"max_days\": 90, \"window_days\": 180}, "
                          "\"on\": \"2024-02-01\"}", 200},
    {"POST", "/api/stay", "{\"trips\": [{\"country\": \"QQ\", \"entry\": \"2024-01-01\"}]}", 400},
    {"POST", "/api/stay", "{\"trips\": [", 400},
    {"POST", "/api/plan", "{\"in\": \"GE\", \"from\": \"2024-01-01\", \"until\": \"2024-12-31\"}",
     200},
    {"POST", "/api/plan", "{\"in\": \"KZ\", \"from\": \"2024-01-01\", \"until\": \"2025-12-31\"}",
     200},
    {"POST", "/api/plan", "{\"in\": \"GE\", \"from\": \"2024-12-31\", \"until\": \"2024-01-01\"}",
     400},
    {"POST", "/api/advise", NULL, 200}, /* body: the profile envelope, below */
    {"POST", "/api/advise?explain=GE", NULL, 200},
    {"POST", "/api/advise", "{\"profile\": {\"documents\": 7}}", 400},
    {"POST", "/api/advise/GE?as_of=2024-01-01", PROFILE, 200},
    {"POST", "/api/advise/XX", PROFILE, 404},
    {"POST", "/api/tax", TRIPS, 200},
    {"POST", "/api/tax", "{\"on\": \"2024-03-01\"}", 400},
    {"GET", "/api/labels", NULL, 200},
    /* The simulator's routes; not .../result, whose first request starts
     * the background ensemble (another thread's allocations would be
     * counted here), and POST /api/sim only on its error paths: a server
     * driven by srv_feed has no scenario worker, so a valid run is
     * refused (503). */
    {"GET", "/api/scenarios", NULL, 200},
    {"GET", "/api/scenarios/ge-visas", NULL, 200},
    {"GET", "/api/scenarios/no-such-scenario", NULL, 404},
    {"POST", "/api/sim", "{\"scenario\": \"ge-visas\", \"agents\": 0}", 400},
    {"POST", "/api/sim", "{\"scenario\": \"ge-visas\", \"agents\": 100000000}", 413},
    {"DELETE", "/api/countries", NULL, 405},
    {"GET", "/api/stay", NULL, 405},
    {"POST", "/api/nothing-here", "{}", 404},
    {"GET", "/", NULL, 200},
    {"GET", "/index.html", NULL, 200},
    {"GET", "/no-such-file.js", NULL, 404},
    {"GET", "/../etc/passwd", NULL, 404},
};

static const char ADVISE_ENVELOPE[] = "{\"profile\": %s, \"as_of\": \"2024-01-01\"}";

/* The request bytes of a case (malloc'd). */
static char *request_of(const api_case *c)
{
    char body[2048];
    const char *b = c->body;
    if (b == NULL && strcmp(c->method, "POST") == 0) {
        snprintf(body, sizeof body, ADVISE_ENVELOPE, PROFILE);
        b = body;
    }
    size_t cap = 1024 + (b != NULL ? strlen(b) : 0);
    char *req = malloc(cap);
    assert_non_null(req);
    if (b != NULL)
        snprintf(req, cap,
                 "%s %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                 c->method, c->path, strlen(b), b);
    else
        snprintf(req, cap, "%s %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", c->method,
                 c->path);
    return req;
}

static int status_of(const char *reply)
{
    /* "HTTP/1.x NNN ..." */
    if (strncmp(reply, "HTTP/1.", 7) != 0 || strlen(reply) < 12 || reply[8] != ' ')
        return 0;
    return (int)strtol(reply + 9, NULL, 10);
}

static const char *body_of(const char *reply)
{
    const char *b = strstr(reply, "\r\n\r\n");
    return b != NULL ? b + 4 : "";
}

/* Send req once with the k-th allocation failing (k 0: none); the answer
 * is in g_reply. Returns whether a failure was injected. */
static bool feed_failing(const char *req, unsigned long k)
{
    if (k > 0)
        relok__alloc_fail_at(k);
    (void)srv_feed_reply(g_srv, (const uint8_t *)req, strlen(req), g_reply, REPLY_CAP);
    bool failed = k > 0 && relok__alloc_failed() != 0;
    relok__alloc_fail_at(0);
    return failed;
}

/* A failed run answers either exactly what the run without failures
 * answered (the failure was recovered from, e.g. a cache left unfilled) or
 * a JSON 500 naming ENOMEM - never another status, never a different
 * body under the same status. */
static void check_failed_answer(const api_case *c, unsigned long k, int ref_status)
{
    int st = status_of(g_reply);
    if (st == ref_status && strcmp(body_of(g_reply), body_of(g_ref)) == 0)
        return;
    if (strcmp(c->method, "HEAD") == 0) { /* the headers of the 500, no body */
        assert_int_equal(st, 500);
        assert_string_equal(body_of(g_reply), "");
        return;
    }
    if (st != 500 || strstr(body_of(g_reply), "\"error\"") == NULL ||
        strstr(body_of(g_reply), "ENOMEM") == NULL)
        fprintf(stderr, "%s %s, allocation %lu failing: %.600s\n", c->method, c->path, k,
                g_reply);
    assert_int_equal(st, 500);
    assert_non_null(strstr(body_of(g_reply), "\"error\""));
    assert_non_null(strstr(body_of(g_reply), "ENOMEM"));
}

static void empty_cache(void)
{
    pthread_mutex_lock(&g_srv->kb_lock);
    srv_cache_empty(g_srv->kb);
    pthread_mutex_unlock(&g_srv->kb_lock);
}

static void test_sweep_api_every_endpoint(void **state)
{
    (void)state;
    /* A request has tens of points (renderers allocate from arenas), not
     * thousands like a KB load: make test's stride 23 runs them all. */
    unsigned long stride = sweep_stride() / 23 > 0 ? sweep_stride() / 23 : 1;
    unsigned long total_runs = 0, total_points = 0;
    /* The table first: each case answers as it says without failures. */
    size_t wrong = 0;
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        char *req = request_of(&CASES[i]);
        (void)feed_failing(req, 0);
        free(req);
        if (status_of(g_reply) != CASES[i].status) {
            fprintf(stderr, "%s %s: want %d, got %.300s\n", CASES[i].method, CASES[i].path,
                    CASES[i].status, body_of(g_reply));
            wrong++;
        }
    }
    assert_int_equal(wrong, 0);
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        const api_case *c = &CASES[i];
        char *req = request_of(c);
        /* The reference answer (it fills the answer cache, if the route
         * has one). */
        (void)feed_failing(req, 0);
        memcpy(g_ref, g_reply, strlen(g_reply) + 1);
        int ref_status = status_of(g_ref);
        if (ref_status != c->status)
            fprintf(stderr, "%s %s: %.400s\n", c->method, c->path, g_ref);
        assert_int_equal(ref_status, c->status);
        /* Pass 0 empties the answer cache before every run, so each one
         * renders; pass 1 sweeps the cached answer (GET and HEAD only). */
        bool cacheable = strcmp(c->method, "GET") == 0 || strcmp(c->method, "HEAD") == 0;
        for (int pass = 0; pass < (cacheable ? 2 : 1); pass++) {
            bool reached = false;
            unsigned long k;
            for (k = 1; !reached; k += stride) {
                if (pass == 0)
                    empty_cache();
                bool failed = feed_failing(req, k);
                total_runs++;
                if (!failed) {
                    reached = true;
                    if (status_of(g_reply) != ref_status ||
                        strcmp(body_of(g_reply), body_of(g_ref)) != 0)
                        fprintf(stderr, "%s %s: no failure, answer differs: %.400s\n", c->method,
                                c->path, g_reply);
                    assert_int_equal(status_of(g_reply), ref_status);
                    assert_string_equal(body_of(g_reply), body_of(g_ref));
                } else {
                    check_failed_answer(c, k, ref_status);
                }
            }
            assert_true(reached);
            total_points += k - stride;
        }
        free(req);
    }
    printf("API sweep: %zu requests, %lu runs, stride %lu, %lu allocation points\n",
           sizeof CASES / sizeof *CASES, total_runs, stride, total_points);
}

/* ------------------------------------------------------------- reload */

/* A SIGHUP reload (relok_server_reload with the same directory) under
 * allocation failure: each failed reload reports ENOMEM, the old KB stays
 * in service (same generation, same answers), nothing leaks (a failed
 * advice-cache allocation alone is tolerated: the reload succeeds); the sweep
 * ends at the reload that needs no failure. The KB load inside is swept
 * point by point by test_harden; here the points before the last
 * tenth are sampled 8 times more sparsely, and make test samples each
 * part with at most ~20 runs. */
static void test_sweep_api_reload(void **state)
{
    (void)state;
    static const char req[] = "GET /api/countries/GE?as_of=2024-01-01 HTTP/1.1\r\nHost: t\r\n"
                              "Connection: close\r\n\r\n";
    (void)feed_failing(req, 0);
    memcpy(g_ref, g_reply, strlen(g_reply) + 1);
    assert_int_equal(status_of(g_ref), 200);
    /* How many allocation points a reload has. */
    relok__alloc_fail_at(ULONG_MAX);
    assert_int_equal(relok_server_reload(g_srv, NULL, NULL), RELOK_OK);
    unsigned long points = relok__alloc_count();
    relok__alloc_fail_at(0);
    assert_true(points > 1000);

    unsigned long stride = sweep_stride(), runs = 0, k;
    unsigned long head_stride = 8 * stride, tail_stride = stride;
    if (stride > 1 && points / 20 > head_stride)
        head_stride = points / 20;
    if (stride > 1 && points / 200 > tail_stride)
        tail_stride = points / 200;
    bool reached = false;
    for (k = 1; !reached; k += k + points / 10 < points ? head_stride : tail_stride) {
        unsigned gen = relok_server_kb_generation(g_srv);
        relok_error err = {0};
        relok__alloc_fail_at(k);
        relok_status s = relok_server_reload(g_srv, NULL, (runs & 1u) == 0 ? &err : NULL);
        bool failed = relok__alloc_failed() != 0;
        relok__alloc_fail_at(0);
        runs++;
        if (!failed) {
            assert_int_equal(s, RELOK_OK);
            assert_int_equal(relok_server_kb_generation(g_srv), gen + 1);
            reached = true;
        } else if (s == RELOK_OK) {
            /* The one allocation a reload may lose and still succeed: the
             * advice cache (server.c, kb_ref_new: without it the advisor
             * only runs slower). The new KB is in service, uncached. */
            assert_int_equal(relok_server_kb_generation(g_srv), gen + 1);
        } else {
            if (s != RELOK_ENOMEM)
                fprintf(stderr, "reload, allocation %lu failing: status %d (%s)\n", k, (int)s,
                        err.msg);
            assert_int_equal(s, RELOK_ENOMEM);
            assert_int_equal(relok_server_kb_generation(g_srv), gen);
        }
        /* Old or new, the KB in service answers as before. */
        (void)feed_failing(req, 0);
        assert_int_equal(status_of(g_reply), 200);
        assert_string_equal(body_of(g_reply), body_of(g_ref));
    }
    assert_true(reached);
    assert_true(k - 1 >= points);
    printf("reload sweep: %lu runs, stride %lu, %lu allocation points\n", runs, stride, points);
}

/* ------------------------------------------ libmicrohttpd's own answers */

/* The answers libmicrohttpd (0.9.75) makes before relok sees a request are
 * fixed in the library (HTML bodies compiled in, no hook to add headers or
 * replace them), so docs/api.md lists them as the exception. This checks
 * the list is what really happens: each gets the documented status (or no
 * answer) and a closed connection, none reaches a handler, and the server
 * goes on answering. Should a newer libmicrohttpd start sending our JSON
 * or our headers, the test says so, and docs/api.md must follow. */
static void test_sweep_api_answers_made_by_libmicrohttpd(void **state)
{
    (void)state;
    enum { BIG = 40 * 1024 }; /* over the 32 KiB head buffer */
    char *long_line = malloc(BIG + 64), *long_head = malloc(BIG + 128);
    assert_non_null(long_line);
    assert_non_null(long_head);
    int n = snprintf(long_line, 8, "GET /");
    memset(long_line + n, 'a', BIG);
    snprintf(long_line + n + BIG, 64, " HTTP/1.1\r\nHost: t\r\n\r\n");
    n = snprintf(long_head, 64, "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ");
    memset(long_head + n, 'b', BIG);
    snprintf(long_head + n + BIG, 64, "\r\n\r\n");
    const struct {
        const char *req;
        int status; /* 0: the connection is closed with no answer */
    } cases[] = {
        {long_line, 414},
        {long_head, 431},
        {"GET /healthz HTTP/2.0\r\nHost: t\r\n\r\n", 505},
        {"GET /healthz HTTP/1.1\r\nHost: t\r\nNo colon here\r\n\r\n", 400},
        {"POST /api/stay HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
         "Transfer-Encoding: chunked\r\n\r\nzz\r\n",
         400},
        {"GARBAGE\r\n\r\n", 0},
        {"GET /healthz HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 0},
    };
    static const char health[] = "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    unsigned active = atomic_load(&g_srv->active);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t got = srv_feed_reply(g_srv, (const uint8_t *)cases[i].req, strlen(cases[i].req),
                                    g_reply, REPLY_CAP);
        int st = status_of(g_reply);
        if (st != cases[i].status)
            fprintf(stderr, "case %zu: %.300s\n", i, g_reply);
        assert_int_equal(st, cases[i].status);
        if (cases[i].status == 0) {
            assert_int_equal(got, 0);
        } else {
            /* libmicrohttpd's page, not our JSON error nor our headers. */
            assert_non_null(strstr(g_reply, "Connection: close"));
            assert_non_null(strstr(body_of(g_reply), "<html>"));
            assert_null(strstr(g_reply, "Content-Security-Policy"));
            assert_null(strstr(g_reply, "X-Content-Type-Options"));
        }
        assert_int_equal(atomic_load(&g_srv->active), active); /* no handler ran on */
        (void)srv_feed_reply(g_srv, (const uint8_t *)health, strlen(health), g_reply, REPLY_CAP);
        assert_int_equal(status_of(g_reply), 200);
    }
    free(long_line);
    free(long_head);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_api_every_endpoint),
        cmocka_unit_test(test_sweep_api_reload),
        cmocka_unit_test(test_sweep_api_answers_made_by_libmicrohttpd),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
