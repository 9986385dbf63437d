/* SPDX-License-Identifier: MIT */
/* The library's heap gate for its faces, and the JSON allocator they may
 * install. Base layer.
 *
 * The faces (cli/, server/) allocate through relok_malloc and friends so the
 * allocation-failure sweeps reach their code as well as the library's (as
 * SQLite exposes sqlite3_malloc). The library never installs an allocator in
 * jansson, which is process-wide state that belongs to the host program; a
 * face that wants the library's JSON renders and parses to allocate from a
 * per-call arena (faster, and swept) installs it once at start-up:
 *     json_set_alloc_funcs(relok_json_alloc, relok_json_release);
 * Without it every JSON function still works, on jansson's own allocator. */
#ifndef RELOK_MEM_H
#define RELOK_MEM_H

#include "common.h"

/* malloc/calloc/free through the library's gate (never NULL for size 0
 * unless out of memory). */
RELOK_API void *relok_malloc(size_t size);
RELOK_API void *relok_calloc(size_t n, size_t size);
RELOK_API void relok_free(void *p);

/* Copy src into dst of dst_len bytes, truncating, always NUL-terminated
 * (when dst_len > 0). */
RELOK_API void relok_strlcpy(char *dst, const char *src, size_t dst_len);

/* jansson's json_malloc_t and json_free_t: inside a library JSON call they
 * take memory from that call's arena, outside it from relok_malloc. */
RELOK_API void *relok_json_alloc(size_t size);
RELOK_API void relok_json_release(void *p);

#endif
