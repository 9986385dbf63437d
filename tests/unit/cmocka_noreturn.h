/* SPDX-License-Identifier: MIT */
/* Forced into every unit test (-include, tests/CMakeLists.txt). cmocka's
 * failing asserts never return (they longjmp back to the runner) but do not
 * say so, so gcc -O2 -Wnull-dereference warned on every `p->x` after
 * `assert_non_null(p)` in a Release build with the tests (issue 14). These
 * wrappers tell the optimiser what cmocka does; the checks are cmocka's. */
#ifndef RELOK_CMOCKA_NORETURN_H
#define RELOK_CMOCKA_NORETURN_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#undef assert_non_null
#define assert_non_null(c)                                                          \
    do {                                                                            \
        const void *nn_ = (const void *)(c);                                        \
        _assert_true(cast_ptr_to_largest_integral_type(nn_), #c, __FILE__, __LINE__); \
        if (nn_ == NULL)                                                            \
            __builtin_unreachable();                                                \
    } while (0)

#undef assert_true
#define assert_true(c)                                                              \
    do {                                                                            \
        int ok_ = (c) ? 1 : 0;                                                      \
        _assert_true((LargestIntegralType)ok_, #c, __FILE__, __LINE__);             \
        if (!ok_)                                                                   \
            __builtin_unreachable();                                                \
    } while (0)

#undef fail
#define fail()                                                                      \
    do {                                                                            \
        _fail(__FILE__, __LINE__);                                                  \
        __builtin_unreachable();                                                    \
    } while (0)

#endif
