/* SPDX-License-Identifier: MIT */
/* The engine's hooks for spreading work over processes (issue 10), tested
 * without MPI so every build (ASan, valgrind) checks them: two threads
 * stand in for two ranks of a partitioned run, with a barrier-based sum in
 * place of MPI_Allreduce, and must reproduce the one-process result; an
 * ensemble cut into blocks of runs (run_first) must reproduce the whole
 * ensemble; bad partitions are refused. tests/sim_mpi.sh runs the same
 * over real Open MPI ranks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "relok/relok.h"
#include "relok/sim.h"
#include "sim/sim_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static relok_kb *g_kb;
static relok_arena *g_arena;
static relok_sim_scenario g_sc;

static int setup(void **state)
{
    (void)state;
    const char *dir = getenv("RELOK_KB");
    char sdir[4096];
    snprintf(sdir, sizeof sdir, "%s/scenarios", dir != NULL ? dir : "../data");
    relok_error err = {0};
    if (relok_kb_load(dir != NULL ? dir : "../data", &g_kb, NULL, &err) != RELOK_OK)
        return -1;
    g_arena = relok_arena_new(0);
    return relok_sim_scenario_load(sdir, "baseline", g_kb, g_arena, &g_sc, &err) == RELOK_OK ? 0
                                                                                          : -1;
}

static int teardown(void **state)
{
    (void)state;
    relok_arena_free(g_arena);
    relok_kb_free(g_kb);
    return 0;
}

static void opts(relok_sim_opts *o, uint32_t agents, uint32_t runs)
{
    relok_sim_opts_init(o);
    o->n_agents = agents;
    o->n_runs = runs;
    o->seed = 11;
    relok_date_from_ymd(2022, 6, 30, &o->until, NULL); /* past the shocks of spring 2022 */
}

static relok_sim_result *run(const relok_sim_opts *o)
{
    relok_sim_result *r = NULL;
    relok_error err = {0};
    relok_status s = relok_sim_run(g_kb, &g_sc, o, &r, &err);
    if (s != RELOK_OK)
        fail_msg("%s", err.msg);
    return r;
}

static void assert_same(const relok_sim_result *a, const relok_sim_result *b, uint32_t b_from)
{
    size_t np = a->n_places, nd = a->n_days;
    assert_int_equal(a->n_places, b->n_places);
    assert_int_equal(a->n_days, b->n_days);
    for (uint32_t k = 0; k < b->n_runs; k++) {
        uint32_t j = b_from + k;
        assert_memory_equal(a->counts + (size_t)j * nd * np * RELOK_SIM_METRIC_COUNT_,
                            b->counts + (size_t)k * nd * np * RELOK_SIM_METRIC_COUNT_,
                            nd * np * RELOK_SIM_METRIC_COUNT_ * sizeof *a->counts);
        assert_memory_equal(a->first + (size_t)j * nd * np, b->first + (size_t)k * nd * np,
                            nd * np * sizeof *a->first);
        assert_memory_equal(a->cohort + (size_t)j * np * np, b->cohort + (size_t)k * np * np,
                            np * np * sizeof *a->cohort);
        assert_memory_equal(a->cohort_n + (size_t)j * np, b->cohort_n + (size_t)k * np,
                            np * sizeof *a->cohort_n);
    }
}

/* ----------------------------------------------------- two fake ranks */

/* An allreduce for two threads: each adds its buffer into the shared sum
 * between two barriers, then copies the sum back. */
typedef struct fake_comm {
    pthread_barrier_t bar;
    pthread_mutex_t mu;
    int32_t *sum;
    size_t cap;
    unsigned calls[2];
} fake_comm;

typedef struct fake_rank {
    fake_comm *comm;
    unsigned rank;
    relok_sim_opts o;
    relok_sim_result *r;
    relok_status s;
} fake_rank;

static relok_status fake_sum(int32_t *buf, size_t n, void *ud, relok_error *err)
{
    fake_rank *fr = ud;
    fake_comm *c = fr->comm;
    if (n > c->cap)
        return RELOK_ENOMEM;
    (void)err;
    if (fr->rank == 0)
        memset(c->sum, 0, n * sizeof *c->sum);
    pthread_barrier_wait(&c->bar);
    pthread_mutex_lock(&c->mu);
    for (size_t i = 0; i < n; i++)
        c->sum[i] += buf[i];
    pthread_mutex_unlock(&c->mu);
    pthread_barrier_wait(&c->bar);
    memcpy(buf, c->sum, n * sizeof *buf);
    c->calls[fr->rank]++;
    pthread_barrier_wait(&c->bar); /* nobody clears the sum before all have read it */
    return RELOK_OK;
}

static void *fake_main(void *ud)
{
    fake_rank *fr = ud;
    relok_error err = {0};
    fr->s = relok_sim_run(g_kb, &g_sc, &fr->o, &fr->r, &err);
    return NULL;
}

static void test_partition_two_ranks(void **state)
{
    (void)state;
    relok_sim_opts o;
    opts(&o, 801, 2); /* odd: the slices differ in size */
    relok_sim_result *whole = run(&o);
    fake_comm c;
    memset(&c, 0, sizeof c);
    c.cap = 1 << 16;
    c.sum = calloc(c.cap, sizeof *c.sum);
    assert_non_null(c.sum);
    pthread_barrier_init(&c.bar, NULL, 2);
    pthread_mutex_init(&c.mu, NULL);
    fake_rank fr[2];
    pthread_t th[2];
    for (unsigned k = 0; k < 2; k++) {
        fr[k] = (fake_rank){.comm = &c, .rank = k, .o = o};
        fr[k].o.part_first = k == 0 ? 0 : 400;
        fr[k].o.part_count = k == 0 ? 400 : 401;
        fr[k].o.part_sum = fake_sum;
        fr[k].o.part_ud = &fr[k];
        fr[k].o.n_threads = k + 1; /* threads within a rank change nothing either */
        assert_int_equal(pthread_create(&th[k], NULL, fake_main, &fr[k]), 0);
    }
    for (unsigned k = 0; k < 2; k++)
        pthread_join(th[k], NULL);
    for (unsigned k = 0; k < 2; k++) {
        assert_int_equal(fr[k].s, RELOK_OK);
        assert_same(whole, fr[k].r, 0);
        /* One exchange a day and one per run (the onward-move table). */
        assert_int_equal(c.calls[k], 2 * (whole->n_days + 1));
        relok_sim_result_free(fr[k].r);
    }
    pthread_barrier_destroy(&c.bar);
    pthread_mutex_destroy(&c.mu);
    free(c.sum);
    relok_sim_result_free(whole);
}

/* ------------------------------------------------ ensemble in blocks */

static void test_ensemble_blocks(void **state)
{
    (void)state;
    relok_sim_opts o;
    opts(&o, 400, 5);
    relok_sim_result *whole = run(&o);
    o.n_runs = 3;
    relok_sim_result *a = run(&o);
    o.run_first = 3;
    o.n_runs = 2;
    relok_sim_result *b = run(&o);
    assert_same(whole, a, 0);
    assert_same(whole, b, 3);
    /* Widened on "rank 0" and filled with the other block: the whole. */
    relok_sim_result *w = NULL;
    int32_t *into[4];
    relok_error err = {0};
    assert_int_equal(relok__sim_result_widen(a, 5, &w, into, &err), RELOK_OK);
    size_t np = a->n_places, nd = a->n_days;
    memcpy(into[0] + 3 * nd * np * RELOK_SIM_METRIC_COUNT_, b->counts,
           2 * nd * np * RELOK_SIM_METRIC_COUNT_ * sizeof *b->counts);
    memcpy(into[1] + 3 * nd * np, b->first, 2 * nd * np * sizeof *b->first);
    memcpy(into[2] + 3 * np * np, b->cohort, 2 * np * np * sizeof *b->cohort);
    memcpy(into[3] + 3 * np, b->cohort_n, 2 * np * sizeof *b->cohort_n);
    assert_int_equal(w->n_runs, 5);
    assert_same(whole, w, 0);
    double q1[3], q2[3];
    relok_sim_quantiles(whole, whole->n_days - 1, 1, RELOK_SIM_M_STOCK, RELOK_SIM_DAILY, q1);
    relok_sim_quantiles(w, w->n_days - 1, 1, RELOK_SIM_M_STOCK, RELOK_SIM_DAILY, q2);
    assert_memory_equal(q1, q2, sizeof q1);
    relok_sim_result_free(w);
    relok_sim_result_free(a);
    relok_sim_result_free(b);
    relok_sim_result_free(whole);
}

static void test_bad_partitions(void **state)
{
    (void)state;
    relok_sim_opts o;
    opts(&o, 100, 1);
    relok_sim_result *r = NULL;
    relok_error err = {0};
    o.part_first = 50;
    o.part_count = 51; /* past the last agent */
    o.part_sum = fake_sum;
    assert_int_equal(relok_sim_run(g_kb, &g_sc, &o, &r, &err), RELOK_EINVAL);
    assert_null(r);
    o.part_count = 50;
    o.part_sum = NULL; /* a slice with nobody to add the rest */
    memset(&err, 0, sizeof err);
    assert_int_equal(relok_sim_run(g_kb, &g_sc, &o, &r, &err), RELOK_EINVAL);
    opts(&o, 100, 2);
    o.run_first = 999; /* runs 999 and 1000: past the limit */
    memset(&err, 0, sizeof err);
    assert_int_equal(relok_sim_run(g_kb, &g_sc, &o, &r, &err), RELOK_EINVAL);
    /* One process: relok_sim_run_spread is relok_sim_run. */
    opts(&o, 300, 2);
    relok_sim_result *a = run(&o), *b = NULL;
    relok_sim_mpi_stats st;
    memset(&err, 0, sizeof err);
    assert_int_equal(relok_sim_run_spread(g_kb, &g_sc, &o, true, &b, &st, &err), RELOK_OK);
    assert_int_equal(st.size, 1);
    assert_int_equal(st.bytes_sent, 0);
    assert_same(a, b, 0);
    relok_sim_result_free(a);
    relok_sim_result_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partition_two_ranks),
        cmocka_unit_test(test_ensemble_blocks),
        cmocka_unit_test(test_bad_partitions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
