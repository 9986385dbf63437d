/* SPDX-License-Identifier: MIT */
/* Region allocator: bump allocation in growing blocks, freed all at once.
 * Base layer. */
#include "relok/arena.h"

#include "alloc_int.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

/* First block size; later blocks double up to a point, so a small request
 * arena stays small. The point is 64 KiB, under glibc's 128 KiB mmap
 * threshold (which the server fixes, server/guard.c): a request's blocks
 * then come from the heap and are reused by the next request. At 1 MiB,
 * POST /api/advise's 128 KiB block was mapped and unmapped on every
 * request, and its pages faulted in and zeroed each time (10 % of its CPU
 * time). A KB of a few MB takes a few dozen blocks. */
#define ARENA_FIRST_BLOCK 4096u
#define ARENA_MAX_BLOCK (1u << 16)

struct block {
    struct block *next;
    size_t size; /* bytes usable in data[] */
    size_t used; /* bytes handed out */
    alignas(max_align_t) unsigned char data[];
};

struct relok_arena {
    struct block *head;
    size_t max_bytes;  /* cap on total block bytes; 0 = none */
    size_t total;      /* block bytes allocated */
    size_t used;       /* bytes handed out */
    size_t next_size;  /* size of the next block */
};

relok_arena *relok_arena_new(size_t max_bytes)
{
    relok_arena *a = relok__calloc(1, sizeof *a);
    if (a == NULL)
        return NULL;
    a->max_bytes = max_bytes;
    a->next_size = ARENA_FIRST_BLOCK;
    return a;
}

void relok_arena_free(relok_arena *a)
{
    if (a == NULL)
        return;
    struct block *b = a->head;
    while (b != NULL) {
        struct block *next = b->next;
        relok__free(b);
        b = next;
    }
    relok__free(a);
}

static size_t align_up(size_t n)
{
    size_t al = alignof(max_align_t);
    return (n + al - 1) & ~(al - 1);
}

void *relok_arena_alloc(relok_arena *a, size_t size)
{
    if (a == NULL || size > SIZE_MAX / 2)
        return NULL;
    size = align_up(size == 0 ? 1 : size);
    struct block *b = a->head;
    if (b == NULL || b->size - b->used < size) {
        size_t bsize = a->next_size;
        if (bsize < size)
            bsize = size;
        if (a->max_bytes != 0 && a->total + bsize > a->max_bytes)
            return NULL;
        b = relok__malloc(sizeof *b + bsize);
        if (b == NULL)
            return NULL;
        b->size = bsize;
        b->used = 0;
        b->next = a->head;
        a->head = b;
        a->total += bsize;
        if (a->next_size < ARENA_MAX_BLOCK)
            a->next_size *= 2;
    }
    void *p = b->data + b->used;
    b->used += size;
    a->used += size;
    return p;
}

void *relok_arena_calloc(relok_arena *a, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    void *p = relok_arena_alloc(a, n * size);
    if (p != NULL)
        memset(p, 0, n * size == 0 ? 1 : n * size);
    return p;
}

char *relok_arena_strndup(relok_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = relok_arena_alloc(a, len + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *relok_arena_strdup(relok_arena *a, const char *s)
{
    return relok_arena_strndup(a, s, strlen(s));
}

size_t relok_arena_used(const relok_arena *a) { return a != NULL ? a->used : 0; }
