/* SPDX-License-Identifier: MIT */
/* bench_sim: the population simulator's speed and memory. Runs the baseline
 * scenario for N agents (default 1 000 000) from 2022-01-01 to 2027-12-31 at
 * 1 and T threads (default 2), several rounds each, and prints the median
 * agent-days per second with the spread (min..max), and bytes per agent
 * (the agent record; the per-day tables are shared and independent of N).
 * Usage: bench_sim [agents] [rounds] [threads]. Figures, never assertions. */
#include "bench.h"

#include "relok/relok.h"
#include "relok/sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* CPU time of the whole process (all threads), microseconds: on a shared
 * machine the wall clock also measures the neighbours. */
static double cpu_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
    uint32_t agents = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000000u;
    int rounds = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 3;
    unsigned threads = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 2u;
    if (rounds < 1 || rounds > 50 || agents == 0 || threads == 0) {
        fprintf(stderr, "usage: bench_sim [agents] [rounds 1..50] [threads]\n");
        return 2;
    }
    const char *dir = getenv("RELOK_KB");
    char def[4096];
    if (dir == NULL) {
        if (relok_kb_default_dir(def, sizeof def) != RELOK_OK) {
            fprintf(stderr, "bench_sim: no KB (set RELOK_KB)\n");
            return 4;
        }
        dir = def;
    }
    relok_kb *kb = NULL;
    relok_error err = {0};
    if (relok_kb_load(dir, &kb, NULL, &err) != RELOK_OK) {
        fprintf(stderr, "bench_sim: %s\n", err.msg);
        return 3;
    }
    char sdir[4200];
    snprintf(sdir, sizeof sdir, "%s/scenarios", dir);
    relok_arena *a = relok_arena_new(0);
    relok_sim_scenario sc;
    if (relok_sim_scenario_load(sdir, "baseline", kb, a, &sc, &err) != RELOK_OK) {
        fprintf(stderr, "bench_sim: %s\n", err.msg);
        return 3;
    }
    unsigned tcounts[2] = {1, threads};
    for (int k = threads == 1 ? 1 : 0; k < 2; k++) {
        double rate[50], cpu_rate[50];
        size_t bpa = 0;
        uint64_t days = 0;
        for (int r = 0; r < rounds; r++) {
            relok_sim_opts o;
            relok_sim_opts_init(&o);
            o.n_agents = agents;
            o.n_threads = tcounts[k];
            o.seed = (uint64_t)r + 1;
            relok_sim_result *res = NULL;
            double t0 = bench_now_us(), c0 = cpu_us();
            if (relok_sim_run(kb, &sc, &o, &res, &err) != RELOK_OK) {
                fprintf(stderr, "bench_sim: %s\n", err.msg);
                return 5;
            }
            double us = bench_now_us() - t0, cus = cpu_us() - c0;
            days = (uint64_t)res->n_days;
            rate[r] = (double)agents * (double)days / (us / 1e6);
            cpu_rate[r] = (double)agents * (double)days / (cus / 1e6);
            bpa = res->bytes_per_agent;
            relok_sim_result_free(res);
        }
        double lo = rate[0], hi = rate[0];
        for (int r = 1; r < rounds; r++) {
            lo = rate[r] < lo ? rate[r] : lo;
            hi = rate[r] > hi ? rate[r] : hi;
        }
        double med = bench_median(rate, (size_t)rounds);
        double cmed = bench_median(cpu_rate, (size_t)rounds);
        printf("sim baseline: %u agents x %llu days, %u thread(s): median %.3g agent-days/s "
               "wall (min %.3g, max %.3g, %d rounds, tables and setup included), %.3g per "
               "CPU-second; %zu bytes/agent\n",
               agents, (unsigned long long)days, tcounts[k], med, lo, hi, rounds, cmed, bpa);
    }
    relok_arena_free(a);
    relok_kb_free(kb);
    return 0;
}
