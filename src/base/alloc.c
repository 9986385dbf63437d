/* SPDX-License-Identifier: MIT */
/* The one gate to the heap, with a failure switch for allocator sweeps
 * (curl's torture mode, SQLite's OOM tests). Base layer. */
#include "alloc_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Fault-injection state. Only tests arm it; the library never does, so the
 * process-wide state does not break "no global state" for real callers. */
static unsigned long fail_at;
static unsigned long n_allocs;
static int failed;

void relok__alloc_fail_at(unsigned long k)
{
    fail_at = k;
    n_allocs = 0;
    failed = 0;
}

unsigned long relok__alloc_count(void) { return n_allocs; }

int relok__alloc_failed(void) { return failed; }

static int should_fail(void)
{
    n_allocs++;
    if (fail_at != 0 && n_allocs == fail_at) {
        failed = 1;
        return 1;
    }
    return 0;
}

void *relok__malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size == 0 ? 1 : size);
}

void *relok__calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
}

void *relok__realloc(void *p, size_t size)
{
    if (should_fail())
        return NULL;
    return realloc(p, size == 0 ? 1 : size);
}

void *relok__mallocarray(void *p, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return relok__realloc(p, n * size);
}

void relok__free(void *p) { free(p); }

char *relok__strdup(const char *s)
{
    size_t len = strlen(s);
    char *copy = relok__malloc(len + 1);
    if (copy != NULL)
        memcpy(copy, s, len + 1);
    return copy;
}
