/* SPDX-License-Identifier: MIT */
/* RELOK_PROPERTY_SCALE: percent of the full counts of a property test, the
 * one scale variable of them all (issue 14). 10 when unset, as in make
 * test's ASan run; scripts/valgrind-tests.sh sets 1 (valgrind is ~50x
 * slower); the `soak` ctest label sets 100. */
#ifndef RELOK_TEST_PROPERTY_SCALE_H
#define RELOK_TEST_PROPERTY_SCALE_H

#include <stdint.h>
#include <stdlib.h>

static inline long property_scale_percent(void)
{
    const char *s = getenv("RELOK_PROPERTY_SCALE");
    long k = s != NULL ? strtol(s, NULL, 10) : 10;
    return k < 1 || k > 10000 ? 10 : k;
}

/* `full` scaled to the current percent, never below `floor`. */
static inline int64_t property_scaled(int64_t full, int64_t floor)
{
    int64_t m = full * property_scale_percent() / 100;
    return m > floor ? m : floor;
}

#endif
