/* SPDX-License-Identifier: MIT */
/* Runs spread over the ranks of an Open MPI job (issue 10; docs/sim.md,
 * "Running on a cluster"). The engine knows nothing of MPI: it takes a
 * global run index (run_first) and an agent slice with a sum callback
 * (part_*), which this file fills from MPI. Equality with one process
 * rests on the engine's counter-based streams, keyed by the global run and
 * agent indices, and on integer sums, which do not depend on order.
 * Without RELOK_HAVE_MPI every function works for a job of one rank.
 * Engine layer; the only process-wide state of the library is MPI's own. */
#include "sim_int.h"

#include "base/error_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#ifdef RELOK_HAVE_MPI
#include <mpi.h>
#endif

bool relok_sim_mpi_built(void)
{
#ifdef RELOK_HAVE_MPI
    return true;
#else
    return false;
#endif
}

#ifdef RELOK_HAVE_MPI

/* Started by a launcher? Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE;
 * SLURM's srun sets PMIX_RANK (--mpi=pmix) or PMI_SIZE (--mpi=pmi2). A
 * plain `relok sim run` does not start MPI at all (Open MPI's singleton
 * start is slow and needs its runtime). */
static bool launched(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") != NULL || getenv("PMIX_RANK") != NULL ||
           getenv("PMI_SIZE") != NULL;
}

static bool joined;

/* The runs [first, end) of rank k of size: ceil(n k / size) onwards, so
 * rank 0 never gets an empty block while there is a run at all. */
static uint32_t block_start(uint32_t n, unsigned k, unsigned size)
{
    return (uint32_t)(((uint64_t)n * k + size - 1) / size);
}


relok_status relok_sim_mpi_init(unsigned *rank, unsigned *size, relok_error *err)
{
    *rank = 0;
    *size = 1;
    if (!launched())
        return RELOK_OK;
    int provided = 0, r = 0, n = 1, ini = 0;
    MPI_Initialized(&ini);
    if (!ini && MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return relok__fail(err, RELOK_EINTERNAL, "MPI_Init_thread failed");
    joined = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    *rank = (unsigned)r;
    *size = (unsigned)n;
    return RELOK_OK;
}

bool relok_sim_mpi_all(bool ok)
{
    if (!joined)
        return ok;
    int mine = ok ? 1 : 0, all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return all == 1;
}

void relok_sim_mpi_finalize(void)
{
    int fin = 0;
    MPI_Finalized(&fin);
    if (joined && !fin)
        MPI_Finalize();
    joined = false;
}

typedef struct part_ctx {
    relok_sim_mpi_stats *st;
    uint64_t calls;               /* a run makes one a day, then one for its cohort table */
} part_ctx;

/* The engine's daily exchange: per-place counts summed over the ranks. */
static relok_status part_sum(int32_t *buf, size_t n, void *ud, relok_error *err)
{
    part_ctx *pc = ud;
    if (n > INT_MAX)
        return relok__fail(err, RELOK_ELIMIT, "too many places to exchange");
    if (MPI_Allreduce(MPI_IN_PLACE, buf, (int)n, MPI_INT32_T, MPI_SUM, MPI_COMM_WORLD) !=
        MPI_SUCCESS)
        return relok__fail(err, RELOK_EINTERNAL, "MPI_Allreduce failed");
    pc->st->bytes_sent += n * sizeof *buf;
    if (pc->calls++ == 0)
        pc->st->part_day_bytes = n * sizeof *buf; /* the first call is day 0's */
    return RELOK_OK;
}

/* Messages of at most 2^28 values (MPI counts are int). */
enum { CHUNK = 1 << 28, TAG = 0x5e1 };

static void send_all(const int32_t *p, size_t n, relok_sim_mpi_stats *st)
{
    for (size_t off = 0; off < n; off += CHUNK) {
        size_t k = n - off < CHUNK ? n - off : CHUNK;
        MPI_Send(p + off, (int)k, MPI_INT32_T, 0, TAG, MPI_COMM_WORLD);
        st->bytes_sent += k * sizeof *p;
    }
}

static void recv_all(int32_t *p, size_t n, unsigned from)
{
    for (size_t off = 0; off < n; off += CHUNK) {
        size_t k = n - off < CHUNK ? n - off : CHUNK;
        MPI_Recv(p + off, (int)k, MPI_INT32_T, (int)from, TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    }
}

/* Values per run of the result's four per-run arrays (counts, first,
 * cohort, cohort_n). */
static void per_run(const relok_sim_result *r, size_t per[4])
{
    size_t np = r->n_places, nd = r->n_days;
    per[0] = nd * np * SIM_M;
    per[1] = nd * np;
    per[2] = np * np;
    per[3] = np;
}

static relok_status ensemble(const relok_kb *kb, const relok_sim_scenario *sc,
                             const relok_sim_opts *opts, relok_sim_result **out,
                             relok_sim_mpi_stats *st, relok_error *err)
{
    unsigned rank = st->rank, size = st->size;
    uint32_t n = opts->n_runs;
    uint32_t r0 = block_start(n, rank, size), r1 = block_start(n, rank + 1, size);
    relok_sim_result *mine = NULL;
    relok_status rc = RELOK_OK;
    if (r1 > r0) {
        relok_sim_opts o = *opts;
        o.run_first = opts->run_first + r0;
        o.n_runs = r1 - r0;
        rc = relok_sim_run(kb, sc, &o, &mine, err);
    }
    relok_sim_result *all = NULL;
    int32_t *into[4] = {NULL, NULL, NULL, NULL};
    if (rc == RELOK_OK && rank == 0)
        rc = relok__sim_result_widen(mine, n, &all, into, err);
    /* Nobody sends or waits unless every rank has its block. */
    if (!relok_sim_mpi_all(rc == RELOK_OK)) {
        relok_sim_result_free(mine);
        relok_sim_result_free(all);
        return rc != RELOK_OK ? rc
                              : relok__fail(err, RELOK_EINTERNAL,
                                            "another MPI rank failed (see its message)");
    }
    if (rank != 0) {
        if (mine != NULL) {
            const int32_t *p[4] = {mine->counts, mine->first, mine->cohort, mine->cohort_n};
            size_t per[4];
            per_run(mine, per);
            for (int k = 0; k < 4; k++)
                send_all(p[k], per[k] * (r1 - r0), st);
        }
        relok_sim_result_free(mine);
        return RELOK_OK;
    }
    for (unsigned k = 1; k < size; k++) {
        uint32_t a = block_start(n, k, size), b = block_start(n, k + 1, size);
        if (b <= a)
            continue;
        size_t per[4];
        per_run(all, per);
        for (int j = 0; j < 4; j++)
            recv_all(into[j] + per[j] * a, per[j] * (b - a), k);
    }
    relok_sim_result_free(mine);
    *out = all;
    return RELOK_OK;
}

static relok_status partition(const relok_kb *kb, const relok_sim_scenario *sc,
                              const relok_sim_opts *opts, relok_sim_result **out,
                              relok_sim_mpi_stats *st, relok_error *err)
{
    unsigned rank = st->rank, size = st->size;
    relok_sim_opts o = *opts;
    uint64_t n = opts->n_agents;
    if (n < size) /* every rank sees this alike */
        return relok__fail(err, RELOK_EINVAL,
                           "--partition: fewer agents (%llu) than MPI ranks (%u)",
                           (unsigned long long)n, size);
    o.part_first = (uint32_t)(n * rank / size);
    o.part_count = (uint32_t)(n * (rank + 1) / size) - o.part_first;
    part_ctx pc = {st, 0};
    o.part_sum = part_sum;
    o.part_ud = &pc;
    relok_sim_result *r = NULL;
    relok_status rc = relok_sim_run(kb, sc, &o, &r, err);
    st->part_days = pc.calls > o.n_runs ? pc.calls - o.n_runs : 0;
    /* Bad options fail alike on every rank, before any exchange; anything
     * else (memory) may hit one rank while the others wait for its counts. */
    if (rc != RELOK_OK && rc != RELOK_EINVAL && rc != RELOK_ELIMIT)
        MPI_Abort(MPI_COMM_WORLD, 1);
    if (rc != RELOK_OK)
        return rc;
    if (rank != 0) {
        relok_sim_result_free(r);
        r = NULL;
    }
    *out = r;
    return RELOK_OK;
}

relok_status relok_sim_run_spread(const relok_kb *kb, const relok_sim_scenario *sc,
                                  const relok_sim_opts *opts, bool part, relok_sim_result **out,
                                  relok_sim_mpi_stats *stats, relok_error *err)
{
    relok_sim_mpi_stats local;
    relok_sim_mpi_stats *st = stats != NULL ? stats : &local;
    memset(st, 0, sizeof *st);
    st->size = 1;
    if (out == NULL || opts == NULL)
        return relok__fail(err, RELOK_EINVAL, "relok_sim_run_spread: NULL argument");
    *out = NULL;
    if (!joined)
        return relok_sim_run(kb, sc, opts, out, err);
    int r = 0, n = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    st->rank = (unsigned)r;
    st->size = (unsigned)n;
    return part ? partition(kb, sc, opts, out, st, err) : ensemble(kb, sc, opts, out, st, err);
}

#else /* one process */

relok_status relok_sim_mpi_init(unsigned *rank, unsigned *size, relok_error *err)
{
    (void)err;
    *rank = 0;
    *size = 1;
    return RELOK_OK;
}

bool relok_sim_mpi_all(bool ok)
{
    return ok;
}

void relok_sim_mpi_finalize(void) {}

relok_status relok_sim_run_spread(const relok_kb *kb, const relok_sim_scenario *sc,
                                  const relok_sim_opts *opts, bool part, relok_sim_result **out,
                                  relok_sim_mpi_stats *stats, relok_error *err)
{
    (void)part;
    if (stats != NULL) {
        memset(stats, 0, sizeof *stats);
        stats->size = 1;
    }
    return relok_sim_run(kb, sc, opts, out, err);
}

#endif
