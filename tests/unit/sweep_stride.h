/* SPDX-License-Identifier: MIT */
/* The sampling stride of the allocation-failure sweeps (test_harden,
 * test_sweep_api, test_sweep_cli): every stride-th allocation point fails
 * in turn. RELOK_SWEEP_STRIDE (default 1) samples: make test uses a larger
 * stride, `make sweep` the full one. */
#ifndef RELOK_TEST_SWEEP_STRIDE_H
#define RELOK_TEST_SWEEP_STRIDE_H

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

#endif
