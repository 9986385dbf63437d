/* SPDX-License-Identifier: MIT */
/* The one gate to the heap, with a failure switch for allocator sweeps
 * (curl's torture mode, SQLite's OOM tests). Base layer. */
#include "alloc_int.h"

#include "relok/mem.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Fault-injection state. Only tests arm it; the library never does, so the
 * process-wide state does not break "no global state" for real callers.
 * Relaxed atomics: the server allocates from several threads at once, and
 * plain counters would be a data race even when no failure is armed. */
static atomic_ulong fail_at;
static atomic_ulong n_allocs;
static atomic_int failed;

void relok__alloc_fail_at(unsigned long k)
{
    atomic_store_explicit(&fail_at, k, memory_order_relaxed);
    atomic_store_explicit(&n_allocs, 0, memory_order_relaxed);
    atomic_store_explicit(&failed, 0, memory_order_relaxed);
}

unsigned long relok__alloc_count(void)
{
    return atomic_load_explicit(&n_allocs, memory_order_relaxed);
}

int relok__alloc_failed(void) { return atomic_load_explicit(&failed, memory_order_relaxed); }

static int should_fail(void)
{
    unsigned long k = atomic_load_explicit(&fail_at, memory_order_relaxed);
    if (k == 0)
        return 0; /* the common case: no counting, no shared writes */
    unsigned long n = atomic_fetch_add_explicit(&n_allocs, 1, memory_order_relaxed) + 1;
    if (n == k) {
        atomic_store_explicit(&failed, 1, memory_order_relaxed);
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

void *relok_malloc(size_t size) { return relok__malloc(size); }
void *relok_calloc(size_t n, size_t size) { return relok__calloc(n, size); }
void relok_free(void *p) { relok__free(p); }
