/* SPDX-License-Identifier: MIT */
/* bench_sim_mpi: the simulator over MPI ranks (issue 10). Started by
 * mpirun with K ranks (bench/sim_mpi.sh runs K = 1 and 2), it prints:
 *   - the wall time of an ensemble of RUNS runs (default 64) of AGENTS
 *     agents (default 1 000 000) of the baseline from 2022-01-01 to UNTIL
 *     (default 2022-12-31: the first year, mobilisation included), ROUNDS rounds
 *     (default 3): median and min..max, each round from a common start
 *     (an allreduce) to rank 0 holding every run;
 *   - under --partition, one run of the same agents to 2022-03-31: the
 *     bytes each rank hands to MPI_Allreduce per day, and the wall time.
 * Each rank uses THREADS threads (default 1, so K ranks use K cores).
 * Usage: bench_sim_mpi [agents] [runs] [rounds] [until] [threads].
 * Figures, never assertions. */
#include "bench.h"

#include "relok/relok.h"
#include "relok/sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* CPU time of this process (all its threads), seconds: on a shared machine
 * the wall clock also measures the neighbours, the CPU time shows how the
 * work was divided. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const char *what, const relok_error *err)
{
    fprintf(stderr, "bench_sim_mpi: %s: %s\n", what, err->msg);
    relok_sim_mpi_finalize();
    return 3;
}

int main(int argc, char **argv)
{
    uint32_t agents = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000000u;
    uint32_t runs = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 64u;
    int rounds = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 3;
    const char *until = argc > 4 ? argv[4] : "2022-12-31";
    unsigned threads = argc > 5 ? (unsigned)strtoul(argv[5], NULL, 10) : 1u;
    relok_sim_opts o;
    relok_sim_opts_init(&o);
    if (rounds < 1 || rounds > 50 || agents == 0 || runs == 0 || runs > 1000 || threads == 0 ||
        relok_date_parse(until, strlen(until), &o.until, NULL) != RELOK_OK) {
        fprintf(stderr, "usage: bench_sim_mpi [agents] [runs 1..1000] [rounds 1..50] "
                        "[until YYYY-MM-DD] [threads]\n");
        return 2;
    }
    relok_error err = {0};
    unsigned rank = 0, size = 1;
    if (relok_sim_mpi_init(&rank, &size, &err) != RELOK_OK)
        return fail("MPI", &err);
    const char *dir = getenv("RELOK_KB");
    char def[4096];
    if (dir == NULL) {
        if (relok_kb_default_dir(def, sizeof def) != RELOK_OK) {
            relok_sim_mpi_all(false);
            fprintf(stderr, "bench_sim_mpi: no KB (set RELOK_KB)\n");
            relok_sim_mpi_finalize();
            return 4;
        }
        dir = def;
    }
    relok_kb *kb = NULL;
    relok_arena *a = relok_arena_new(0);
    relok_sim_scenario sc;
    char sdir[4200];
    snprintf(sdir, sizeof sdir, "%s/scenarios", dir);
    bool ok = a != NULL && relok_kb_load(dir, &kb, NULL, &err) == RELOK_OK &&
              relok_sim_scenario_load(sdir, "baseline", kb, a, &sc, &err) == RELOK_OK;
    if (!relok_sim_mpi_all(ok))
        return fail("load", &err);
    o.n_agents = agents;
    o.n_runs = runs;
    o.n_threads = threads;
    o.scale = 20e6 / agents; /* the calibration's pool of 20 million */
    double wall[50], cpu[50];
    for (int k = 0; k < rounds; k++) {
        relok_sim_mpi_all(true); /* a common start */
        double t0 = bench_now_us(), c0 = cpu_s();
        relok_sim_result *r = NULL;
        if (relok_sim_run_spread(kb, &sc, &o, false, &r, NULL, &err) != RELOK_OK)
            return fail("ensemble", &err);
        wall[k] = (bench_now_us() - t0) / 1e6;
        cpu[k] = cpu_s() - c0;
        relok_sim_result_free(r);
    }
    if (rank == 0) {
        double mn = wall[0], mx = wall[0];
        for (int k = 1; k < rounds; k++) {
            mn = wall[k] < mn ? wall[k] : mn;
            mx = wall[k] > mx ? wall[k] : mx;
        }
        printf("ensemble: %u runs x %u agents, 2022-01-01..%s, %u rank(s) x %u thread(s): "
               "median %.2f s (min %.2f, max %.2f; %d rounds); rank 0's CPU: median %.2f s\n",
               runs, agents, until, size, threads, bench_median(wall, (size_t)rounds), mn, mx,
               rounds, bench_median(cpu, (size_t)rounds));
    }
    /* One partitioned run: the daily exchange. */
    o.n_runs = 1;
    relok_date_parse("2022-03-31", 10, &o.until, NULL);
    relok_sim_mpi_stats st;
    relok_sim_mpi_all(true);
    double t0 = bench_now_us();
    relok_sim_result *r = NULL;
    if (relok_sim_run_spread(kb, &sc, &o, true, &r, &st, &err) != RELOK_OK)
        return fail("partition", &err);
    double secs = (bench_now_us() - t0) / 1e6;
    if (rank == 0)
        printf("partition: 1 run x %u agents, 2022-01-01..2022-03-31 (%u places), %u rank(s): "
               "%llu bytes per rank per day (%llu exchanges, %llu bytes in all from rank 0), "
               "%.2f s\n",
               agents, r != NULL ? (unsigned)r->n_places : 0u, size,
               (unsigned long long)st.part_day_bytes, (unsigned long long)st.part_days,
               (unsigned long long)st.bytes_sent, secs);
    relok_sim_result_free(r);
    relok_arena_free(a);
    relok_kb_free(kb);
    relok_sim_mpi_finalize();
    return 0;
}
