/* SPDX-License-Identifier: MIT */
/* Library-internal allocation: every heap allocation goes through these so
 * tests can make the k-th one fail (as libuv's uv__malloc). Base layer. */
#ifndef RELOK_ALLOC_INT_H
#define RELOK_ALLOC_INT_H

#include <stddef.h>

void *relok__malloc(size_t size);
void *relok__calloc(size_t n, size_t size);
void *relok__realloc(void *p, size_t size);
/* realloc for n elements of size bytes; NULL on overflow or failure. */
void *relok__mallocarray(void *p, size_t n, size_t size);
void relok__free(void *p);
char *relok__strdup(const char *s);

/* Fault injection for tests: fail the k-th allocation from now (1-based);
 * 0 disables. relok__alloc_count() returns allocations made since the last
 * call to relok__alloc_fail_at while a failure was armed (counting is off
 * otherwise, so production pays nothing). */
void relok__alloc_fail_at(unsigned long k);
unsigned long relok__alloc_count(void);
/* True when the armed failure was triggered. */
int relok__alloc_failed(void);

#endif
