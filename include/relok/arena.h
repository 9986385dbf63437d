/* SPDX-License-Identifier: MIT */
/* Region allocator: many small allocations, one free. Base layer.
 * One arena per loaded KB, per HTTP request, per CLI command. Never call free()
 * on arena memory. */
#ifndef RELOK_ARENA_H
#define RELOK_ARENA_H

#include "common.h"

typedef struct relok_arena relok_arena;

/* New empty arena that may grow to at most max_bytes (0 = no cap beyond the
 * allocator's). Returns NULL when out of memory. Free with relok_arena_free. */
RELOK_API relok_arena *relok_arena_new(size_t max_bytes);
/* Free every block. Accepts NULL. */
RELOK_API void relok_arena_free(relok_arena *a);
/* size bytes aligned for any object; NULL when out of memory or over the cap.
 * Valid until relok_arena_free. */
RELOK_API void *relok_arena_alloc(relok_arena *a, size_t size);
/* Zeroed array of n elements of size bytes, overflow-checked. */
RELOK_API void *relok_arena_calloc(relok_arena *a, size_t n, size_t size);
/* Copy of len bytes of s plus a NUL. */
RELOK_API char *relok_arena_strndup(relok_arena *a, const char *s, size_t len);
RELOK_API char *relok_arena_strdup(relok_arena *a, const char *s);
/* Bytes handed out so far (for benchmarks and limits). */
RELOK_API size_t relok_arena_used(const relok_arena *a);

#endif
