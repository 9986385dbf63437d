/* SPDX-License-Identifier: MIT */
/* The sampling stride of the allocation-failure sweeps (test_harden,
 * test_sweep_api, test_sweep_cli): every stride-th allocation point fails
 * in turn. RELOK_SWEEP_STRIDE (default 1) samples: make test uses a larger
 * stride, `make sweep` the full one. */
#ifndef RELOK_TEST_SWEEP_STRIDE_H
#define RELOK_TEST_SWEEP_STRIDE_H

#include <limits.h>
#include <stdlib.h>
#include <valgrind/valgrind.h>

static inline unsigned long sweep_stride(void)
{
    const char *v = getenv("RELOK_SWEEP_STRIDE");
    unsigned long n = v != NULL ? strtoul(v, NULL, 10) : 1;
    /* Under valgrind (make test's second pass, ~50x slower) a sample of
     * ~12 points keeps the leak check of the failure paths in minutes. */
    if (RUNNING_ON_VALGRIND && n < 400)
        n = 400;
    return n == 0 ? 1 : n;
}

/* The allocation points of one load of the KB in dir, counted with none
 * failing. Include after cmocka.h, relok/relok.h and base/alloc_int.h. */
static inline unsigned long kb_load_points(const char *dir)
{
    relok_kb *kb = NULL;
    relok__alloc_fail_at(ULONG_MAX);
    relok_status s = relok_kb_load(dir, &kb, NULL, NULL);
    unsigned long n = relok__alloc_count();
    relok__alloc_fail_at(0);
    assert_int_equal(s, RELOK_OK);
    relok_kb_free(kb);
    return n;
}

/* A sampling stride (never 1, the full sweep, unless asked) that keeps a
 * sweep over `points` near `runs` runs: the KB grows, and each run of the
 * KB load sweep costs in proportion to the KB. */
static inline unsigned long sweep_stride_within(unsigned long points, unsigned long runs)
{
    unsigned long n = sweep_stride();
    return n > 1 && points / runs > n ? points / runs : n;
}

/* The stride of a sweep over one whole KB load (test_harden): make test
 * samples ~125 runs, under valgrind (~35x slower per load) ~10; every
 * point is swept by `make sweep` (stride 1). */
static inline unsigned long kb_sweep_stride(unsigned long points)
{
    return sweep_stride_within(points, RUNNING_ON_VALGRIND ? 10 : 125);
}

#endif
